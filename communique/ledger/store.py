"""The ledger's SQLite store: schema, migrations, and ingesting one readout per transaction.

Durability: WAL journal, one ``BEGIN IMMEDIATE`` transaction per release, so a process killed at any
point leaves the file consistent and holding every release committed before; several processes may
ingest at once (writers wait for each other, ``busy_timeout``). Idempotent: a release is keyed by the
hash of its clean text; the same content again only records its path, and a path whose content
changed has its old release (and that release's steps and reports) replaced.

Steps: a step is a commitment; each release that states it adds a *mention*. Two releases of one
meeting (both sides' readouts) that state a commitment with the same canonical parties, category and
meeting date are one step with two mentions. A step is fulfilled by the earliest later report
(``followup.Report``) of its category whose parties include all of the step's.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import CommuniqueError
from ..readout import NextStep, Readout
from .followup import Facts, Report, deadline

SCHEMA_VERSION = 1
_SEP = "\x1f"  # joins canonical party names into one key (never inside a name)
_NOT_PATHS = ("-", "<text>", "<stdin>")  # sources that name no file
_MAX_KEY_PARTIES = 8  # a report's parties beyond this many are not matched on (2^8 subsets at most)

# Each migration takes the schema from the version before it to its own. A new one is appended,
# never edited: a database made by an older communique is brought up to date when it is opened.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE releases (
            id INTEGER PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,          -- sha256 of the clean text
            readout_hash TEXT NOT NULL,         -- sha256 of the readout (engine, options changed?)
            language TEXT NOT NULL,
            title TEXT,
            kind TEXT NOT NULL,
            date TEXT,
            place TEXT,
            summary TEXT NOT NULL,
            engine TEXT NOT NULL,
            readout TEXT NOT NULL,              -- the readout's JSON, as written by --jsonl
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE sources (
            path TEXT PRIMARY KEY,              -- names.escape()d: valid text, reversible
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            seen_at TEXT NOT NULL
        );
        CREATE INDEX sources_release ON sources(release_id);
        CREATE TABLE participants (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            name TEXT NOT NULL,
            role TEXT,
            affiliation TEXT,
            PRIMARY KEY (release_id, ord)
        );
        CREATE TABLE key_points (
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            text TEXT NOT NULL,
            evidence TEXT NOT NULL,             -- JSON list of verbatim sentences
            PRIMARY KEY (release_id, ord)
        );
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            date TEXT NOT NULL,
            parties TEXT NOT NULL,              -- JSON list of canonical names
            evidence TEXT NOT NULL
        );
        CREATE INDEX reports_release ON reports(release_id);
        CREATE TABLE report_keys (              -- every subset of a report's parties, for matching
            category TEXT NOT NULL,
            key TEXT NOT NULL,
            date TEXT NOT NULL,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            PRIMARY KEY (category, key, date, report_id)
        ) WITHOUT ROWID;
        CREATE INDEX report_keys_report ON report_keys(report_id);
        CREATE TABLE steps (
            id INTEGER PRIMARY KEY,
            category TEXT NOT NULL,
            kind TEXT NOT NULL,
            parties_key TEXT NOT NULL,
            parties TEXT NOT NULL,              -- JSON list of canonical names
            date TEXT,                          -- the meeting date of the release that stated it
            due TEXT,
            deadline TEXT,                      -- ISO date the due allows at the latest, if fixed
            fulfilled_by INTEGER REFERENCES reports(id) ON DELETE SET NULL,
            fulfilled_date TEXT
        );
        CREATE INDEX steps_match ON steps(category, parties_key, date);
        CREATE INDEX steps_date ON steps(date, id);
        CREATE INDEX steps_fulfilled ON steps(fulfilled_by);
        CREATE TABLE step_parties (
            party TEXT NOT NULL,
            step_id INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
            PRIMARY KEY (party, step_id)
        ) WITHOUT ROWID;
        CREATE INDEX step_parties_step ON step_parties(step_id);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            step_id INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
            release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            action TEXT NOT NULL,
            kind TEXT NOT NULL,
            due TEXT,
            evidence TEXT NOT NULL,
            parties TEXT NOT NULL,              -- as this release named them (JSON)
            UNIQUE (release_id, ord)
        );
        CREATE INDEX mentions_step ON mentions(step_id, id);
        """,
    ),
)


class LedgerError(CommuniqueError):
    """The ledger file cannot be opened, is not a ledger, or is from a newer communique."""


@dataclass
class Ingested:
    release_id: int
    added: bool  # False: this content was already stored (only its path was recorded)
    steps: int = 0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parties_key(parties: Sequence[str]) -> str:
    return _SEP.join(sorted({p for p in parties if p}))


def _subset_keys(parties: Sequence[str]) -> list[str]:
    names = sorted({p for p in parties if p})[:_MAX_KEY_PARTIES]
    return [_SEP.join(c) for n in range(1, len(names) + 1) for c in itertools.combinations(names, n)]


def readout_hash(r: Readout) -> str:
    d = r.to_dict()
    d.pop("source", None)  # the same readout under another path is the same readout
    return hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


class Ledger:
    """One ledger file. ``with Ledger(path) as led: led.ingest(readout, facts)``.

    ``readonly``: the file must exist already (a query never creates an empty ledger).
    """

    def __init__(self, path: str | Path, *, timeout: float = 60.0, readonly: bool = False) -> None:
        self.path = Path(path)
        try:
            if not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            elif not self.path.is_file():
                raise LedgerError(f"{self.path}: no ledger there (ingest with 'communique batch DIR --db')")
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")  # WAL: a killed process loses nothing
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise LedgerError(f"{self.path}: cannot open the ledger ({e})") from None
        except OSError as e:
            raise LedgerError(f"{self.path}: cannot open the ledger ({e.strerror or e})") from None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    # ---- schema ---------------------------------------------------------------------------

    def version(self) -> int:
        row = self.db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'"
        ).fetchone()
        if row is None:
            return 0
        v = self.db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        return int(v or 0)

    def _migrate(self) -> None:
        v = self.version()
        if v > SCHEMA_VERSION:
            raise LedgerError(
                f"{self.path}: ledger schema {v} is newer than this communique's ({SCHEMA_VERSION}): upgrade"
            )
        if v == SCHEMA_VERSION:
            return
        with self._tx():
            v = self.version()  # another process may have migrated while we waited for the lock
            if v == 0:
                self.db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT)")
            for target, script in MIGRATIONS:
                if target > v:
                    for stmt in _statements(script):
                        self.db.execute(stmt)
                    self.db.execute("INSERT INTO schema_version VALUES (?, ?)", (target, _now()))

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        self._begin()
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _begin(self) -> None:
        # BEGIN IMMEDIATE takes the write lock now; busy_timeout waits for another writer, and a
        # few retries cover the moments a WAL checkpoint holds it longer than that
        for attempt in range(5):
            try:
                self.db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if ("locked" not in str(e) and "busy" not in str(e)) or attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))

    # ---- ingest ---------------------------------------------------------------------------

    def ingest(self, r: Readout, facts: Facts, source: str | None = None) -> Ingested:
        """Store one readout (in one transaction). ``source``: the path to record (default r.source)."""
        path = source if source is not None else r.source
        if path in _NOT_PATHS:  # stdin or API text: no file whose content could change, so one per content
            path = f"{path}#{facts.content_hash[:12]}"
        rh = readout_hash(r)
        try:
            with self._tx():
                return self._ingest(r, facts, path, rh)
        except sqlite3.Error as e:
            raise LedgerError(f"{self.path}: cannot store {path} ({e})") from None

    def _ingest(self, r: Readout, facts: Facts, path: str, rh: str) -> Ingested:
        db = self.db
        row = db.execute(
            "SELECT id, readout_hash FROM releases WHERE hash = ?", (facts.content_hash,)
        ).fetchone()
        old = db.execute("SELECT release_id FROM sources WHERE path = ?", (path,)).fetchone()
        old_id = old[0] if old else None
        if row is not None and row[1] == rh:
            self._point(path, row[0])
            if old_id is not None and old_id != row[0]:
                self._drop_if_orphan(old_id)
            return Ingested(row[0], added=False)
        if row is not None:  # same text, another readout (engine or version changed): replace it
            self._delete_release(row[0])
        rid = self._insert_release(r, facts.content_hash, rh)
        self._point(path, rid)
        if old_id is not None and old_id != rid:
            self._drop_if_orphan(old_id)
        for rep in facts.reports:
            self._add_report(rid, rep)
        n = self._add_steps(rid, r)
        return Ingested(rid, added=True, steps=n)

    def _point(self, path: str, rid: int) -> None:
        self.db.execute(
            "INSERT INTO sources (path, release_id, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET release_id = excluded.release_id, seen_at = excluded.seen_at",
            (path, rid, _now()),
        )

    def _insert_release(self, r: Readout, h: str, rh: str) -> int:
        m = r.meeting
        cur = self.db.execute(
            "INSERT INTO releases (hash, readout_hash, language, title, kind, date, place, summary, engine,"
            " readout, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                h,
                rh,
                r.language,
                r.title,
                m.kind,
                m.date,
                m.place,
                r.summary,
                r.engine.name,
                r.to_json(indent=None),
                _now(),
            ),
        )
        rid = int(cur.lastrowid or 0)
        self.db.executemany(
            "INSERT INTO participants VALUES (?, ?, ?, ?, ?)",
            [(rid, i, p.name, p.role, p.affiliation) for i, p in enumerate(m.participants)],
        )
        self.db.executemany(
            "INSERT INTO key_points VALUES (?, ?, ?, ?)",
            [
                (rid, i, k.text, json.dumps(k.evidence, ensure_ascii=False))
                for i, k in enumerate(r.key_points)
            ],
        )
        return rid

    # ---- steps and their fulfilment ------------------------------------------------------

    def _add_steps(self, rid: int, r: Readout) -> int:
        when = r.meeting.date
        for i, s in enumerate(r.next_steps):
            key = parties_key(s.parties)
            sid = self._same_step(rid, s, key, when)
            if sid is None:
                sid = self._new_step(s, key, when)
            elif s.due:
                self.db.execute(
                    "UPDATE steps SET due = coalesce(due, ?), deadline = coalesce(deadline, ?) WHERE id = ?",
                    (s.due, deadline(s.due, when), sid),
                )
            self.db.execute(
                "INSERT INTO mentions (step_id, release_id, ord, action, kind, due, evidence, parties)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sid, rid, i, s.action, s.kind, s.due, s.evidence, json.dumps(s.parties, ensure_ascii=False)),
            )
        return len(r.next_steps)

    def _same_step(self, rid: int, s: NextStep, key: str, when: str | None) -> int | None:
        """The step another release of the same meeting already holds for this commitment."""
        if not key or not when:
            return None
        row = self.db.execute(
            "SELECT id FROM steps WHERE category = ? AND parties_key = ? AND date = ?"
            " AND (due IS NULL OR ? IS NULL OR due = ?)"
            " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.step_id = steps.id AND m.release_id = ?)"
            " ORDER BY id LIMIT 1",
            (s.category, key, when, s.due, s.due, rid),
        ).fetchone()
        return row[0] if row else None

    def _new_step(self, s: NextStep, key: str, when: str | None) -> int:
        cur = self.db.execute(
            "INSERT INTO steps (category, kind, parties_key, parties, date, due, deadline)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                s.category,
                s.kind,
                key,
                json.dumps(sorted(set(s.parties)) if key else [], ensure_ascii=False),
                when,
                s.due,
                deadline(s.due, when),
            ),
        )
        sid = int(cur.lastrowid or 0)
        self.db.executemany(
            "INSERT OR IGNORE INTO step_parties VALUES (?, ?)", [(p, sid) for p in set(s.parties) if p]
        )
        self._refulfil([sid])
        return sid

    def _add_report(self, rid: int, rep: Report) -> None:
        cur = self.db.execute(
            "INSERT INTO reports (release_id, category, date, parties, evidence) VALUES (?, ?, ?, ?, ?)",
            (rid, rep.category, rep.date, json.dumps(list(rep.parties), ensure_ascii=False), rep.evidence),
        )
        rep_id = int(cur.lastrowid or 0)
        keys = _subset_keys(rep.parties)
        self.db.executemany(
            "INSERT OR IGNORE INTO report_keys VALUES (?, ?, ?, ?)",
            [(rep.category, k, rep.date, rep_id) for k in keys],
        )
        # the steps it fulfils: same category, parties among the report's, stated before it, and not
        # already fulfilled by an earlier report
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            self.db.execute(
                f"UPDATE steps SET fulfilled_by = ?, fulfilled_date = ? WHERE category = ?"
                f" AND parties_key IN ({marks}) AND date < ?"
                f" AND (fulfilled_date IS NULL OR fulfilled_date > ?)",
                (rep_id, rep.date, rep.category, *chunk, rep.date, rep.date),
            )

    def _refulfil(self, step_ids: Sequence[int]) -> None:
        """Find (again) the earliest later report that fulfils each of these steps."""
        for sid in step_ids:
            st = self.db.execute(
                "SELECT category, parties_key, date FROM steps WHERE id = ?", (sid,)
            ).fetchone()
            if st is None:
                continue
            cat, key, when = st
            hit = None
            if key and when:
                hit = self.db.execute(
                    "SELECT report_id, date FROM report_keys WHERE category = ? AND key = ? AND date > ?"
                    " ORDER BY date, report_id LIMIT 1",
                    (cat, key, when),
                ).fetchone()
            self.db.execute(
                "UPDATE steps SET fulfilled_by = ?, fulfilled_date = ? WHERE id = ?",
                (hit[0] if hit else None, hit[1] if hit else None, sid),
            )

    # ---- removal --------------------------------------------------------------------------

    def _drop_if_orphan(self, rid: int) -> None:
        if self.db.execute("SELECT 1 FROM sources WHERE release_id = ? LIMIT 1", (rid,)).fetchone() is None:
            self._delete_release(rid)

    def _delete_release(self, rid: int) -> None:
        db = self.db
        touched = [
            x[0] for x in db.execute("SELECT DISTINCT step_id FROM mentions WHERE release_id = ?", (rid,))
        ]
        lost = [
            x[0]
            for x in db.execute(
                "SELECT id FROM steps WHERE fulfilled_by IN (SELECT id FROM reports WHERE release_id = ?)",
                (rid,),
            )
        ]
        db.execute("DELETE FROM releases WHERE id = ?", (rid,))  # cascades to its rows
        for chunk in _chunks(touched, 500):
            marks = ",".join("?" * len(chunk))
            db.execute(
                f"DELETE FROM steps WHERE id IN ({marks})"
                " AND NOT EXISTS (SELECT 1 FROM mentions WHERE step_id = steps.id)",
                chunk,
            )
        self._refulfil(lost)

    def forget(self, path: str) -> bool:
        """Remove a path (and its release, when no other path holds the same content)."""
        with self._tx():
            row = self.db.execute("SELECT release_id FROM sources WHERE path = ?", (path,)).fetchone()
            if row is None:
                return False
            self.db.execute("DELETE FROM sources WHERE path = ?", (path,))
            self._drop_if_orphan(row[0])
            return True

    def integrity(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


def _chunks(xs: Sequence[object], n: int) -> Iterator[list[object]]:
    for i in range(0, len(xs), n):
        yield list(xs[i : i + n])


def _statements(script: str) -> list[str]:
    # executescript() would commit our transaction; run the statements one by one instead
    return [s.strip() for s in script.split(";") if s.strip() and not s.strip().startswith("--")]
