"""The Readout: the one object every engine fills and every renderer reads.

Its JSON form is the contract in shared/readout-schema.md (``communique.readout/1``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_ID = "communique.readout/1"

MeetingKind = Literal["bilateral-meeting", "phone-call", "multilateral", "joint-statement", "statement"]
StepKind = Literal["agreed", "pledge"]
StepCategory = Literal["meet", "sign", "cooperate", "contact", "mechanism", "aid", "support", "other"]
MEETING_KINDS: tuple[str, ...] = (
    "bilateral-meeting",
    "phone-call",
    "multilateral",
    "joint-statement",
    "statement",
)
STEP_CATEGORIES: tuple[str, ...] = (
    "meet",
    "sign",
    "cooperate",
    "contact",
    "mechanism",
    "aid",
    "support",
    "other",
)


@dataclass
class Participant:
    name: str
    role: str | None = None
    affiliation: str | None = None


@dataclass
class Meeting:
    kind: MeetingKind = "statement"
    date: str | None = None  # ISO 8601 date
    place: str | None = None  # city, base form, in the release's language
    participants: list[Participant] = field(default_factory=list)


@dataclass
class KeyPoint:
    text: str
    evidence: list[str]


@dataclass
class NextStep:
    action: str
    parties: list[str]
    due: str | None
    kind: StepKind
    category: StepCategory
    evidence: str


@dataclass
class EngineInfo:
    name: str
    model: str | None
    version: str
    backend: str | None = None  # what ran the model: "transformers" or "ctranslate2"; None without one


@dataclass
class Readout:
    source: str
    language: str
    title: str | None
    meeting: Meeting
    summary: str
    key_points: list[KeyPoint]
    next_steps: list[NextStep]
    engine: EngineInfo
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_ID, **asdict(self)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Readout:
        m = d["meeting"]
        return cls(
            source=d["source"],
            language=d["language"],
            title=d.get("title"),
            meeting=Meeting(
                kind=m["kind"],
                date=m.get("date"),
                place=m.get("place"),
                participants=[Participant(**p) for p in m.get("participants", [])],
            ),
            summary=d.get("summary", ""),
            key_points=[KeyPoint(**k) for k in d.get("key_points", [])],
            next_steps=[NextStep(**s) for s in d.get("next_steps", [])],
            engine=EngineInfo(**d["engine"]),
            warnings=list(d.get("warnings", [])),
        )
