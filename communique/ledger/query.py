"""Reading the ledger back: the steps (newest first, filtered) and one step in full.

Status is decided when asked, against today's date: ``fulfilled`` when a later release reports the
step done, ``overdue`` when its due date has passed without one, ``open`` otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .store import Ledger, LedgerError

Status = Literal["open", "fulfilled", "overdue"]
STATUSES: tuple[str, ...] = ("open", "fulfilled", "overdue")


@dataclass
class Filters:
    party: str | None = None
    since: str | None = None  # ISO date (inclusive), on the date of the meeting that stated the step
    until: str | None = None
    kind: str | None = None  # agreed | pledge
    category: str | None = None
    status: Status | None = None
    limit: int | None = None
    today: str = field(default_factory=lambda: date.today().isoformat())


@dataclass
class Mention:
    source: str
    date: str | None
    action: str
    kind: str
    evidence: str


@dataclass
class Fulfilment:
    source: str
    date: str
    evidence: str


@dataclass
class StepRow:
    id: int
    action: str
    parties: list[str]
    due: str | None
    kind: str
    category: str
    status: Status
    source: str
    date: str | None
    evidence: str
    fulfilled_by: Fulfilment | None
    sources: list[Mention]
    deadline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "parties": self.parties,
            "due": self.due,
            "kind": self.kind,
            "category": self.category,
            "status": self.status,
            "source": self.source,
            "date": self.date,
            "evidence": self.evidence,
            "fulfilled_by": None if self.fulfilled_by is None else self.fulfilled_by.__dict__,
            "sources": [m.__dict__ for m in self.sources],
        }


_PATH = "(SELECT path FROM sources x WHERE x.release_id = {r} ORDER BY x.rowid LIMIT 1)"
_SELECT = f"""
SELECT s.id, s.category, s.kind, s.parties, s.date, s.due, s.deadline, s.fulfilled_by,
  (SELECT json_group_array(json_array({_PATH.format(r="m.release_id")}, r.date, m.action, m.kind,
          m.evidence))
     FROM (SELECT * FROM mentions WHERE step_id = s.id ORDER BY id) m
     JOIN releases r ON r.id = m.release_id),
  (SELECT json_array({_PATH.format(r="f.release_id")}, f.date, f.evidence)
     FROM reports f WHERE f.id = s.fulfilled_by)
FROM steps s
"""


def canonical_party(name: str) -> str:
    """A party as the ledger stores it: the canonical English name, whatever language it is given in."""
    from ..analysis.entities import canonical
    from ..lang import available_languages

    order = ["en", *available_languages()]  # the canonical names are English: most names are found first
    for c in order:
        found = canonical(name, c)
        if found:
            return found
    return name.strip()


def _party(led: Ledger, name: str) -> str:
    # a canonical name as stored needs no gazetteer (compiling it costs a CLI call ~0.2 s)
    if led.db.execute("SELECT 1 FROM step_parties WHERE party = ? LIMIT 1", (name,)).fetchone():
        return name
    return canonical_party(name)


def _where(led: Ledger, f: Filters) -> tuple[str, list[Any]]:
    conds: list[str] = []
    args: list[Any] = []
    if f.party:
        conds.append("s.id IN (SELECT step_id FROM step_parties WHERE party = ?)")
        args.append(_party(led, f.party))
    for cond, value in (
        ("s.date >= ?", f.since),
        ("s.date <= ?", f.until),
        ("s.kind = ?", f.kind),
        ("s.category = ?", f.category),
    ):
        if value:
            conds.append(cond)
            args.append(value)
    if f.status == "fulfilled":
        conds.append("s.fulfilled_by IS NOT NULL")
    elif f.status == "overdue":
        conds.append("s.fulfilled_by IS NULL AND s.deadline < ?")
        args.append(f.today)
    elif f.status == "open":
        conds.append("s.fulfilled_by IS NULL AND (s.deadline IS NULL OR s.deadline >= ?)")
        args.append(f.today)
    return (" WHERE " + " AND ".join(conds)) if conds else "", args


def _row(t: tuple[Any, ...], today: str) -> StepRow:
    sid, category, kind, parties, when, due, dl, fulfilled, mentions, fulfilment = t
    ms = [Mention(*m) for m in json.loads(mentions or "[]")]
    first = ms[0] if ms else Mention("", when, "", kind, "")
    ful = Fulfilment(*json.loads(fulfilment)) if fulfilled is not None and fulfilment else None
    status: Status = "fulfilled" if ful else ("overdue" if dl is not None and dl < today else "open")
    return StepRow(
        id=sid,
        action=first.action,
        parties=json.loads(parties),
        due=due,
        kind=kind,
        category=category,
        status=status,
        source=first.source,
        date=when,
        evidence=first.evidence,
        fulfilled_by=ful,
        sources=ms,
        deadline=dl,
    )


def steps(led: Ledger, f: Filters | None = None) -> Iterator[StepRow]:
    """The steps that pass the filters, newest first (meeting date, then the order they came in)."""
    f = f or Filters()
    where, args = _where(led, f)
    sql = _SELECT + where + " ORDER BY s.date DESC NULLS LAST, s.id DESC"
    if f.limit is not None:
        sql += " LIMIT ?"
        args.append(f.limit)
    for t in led.db.execute(sql, args):
        yield _row(t, f.today)


def step(led: Ledger, step_id: int, today: str | None = None) -> StepRow:
    t = led.db.execute(_SELECT + " WHERE s.id = ?", (step_id,)).fetchone()
    if t is None:
        raise LedgerError(f"no step {step_id} in {led.path}")
    return _row(t, today or date.today().isoformat())


def counts(led: Ledger) -> dict[str, int]:
    q = {
        "releases": "SELECT count(*) FROM releases",
        "sources": "SELECT count(*) FROM sources",
        "steps": "SELECT count(*) FROM steps",
        "reports": "SELECT count(*) FROM reports",
    }
    return {k: int(led.db.execute(v).fetchone()[0]) for k, v in q.items()}
