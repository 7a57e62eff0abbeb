"""The ground truth of a generated archive: one record per file, and its JSON Lines file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KINDS = ("letter", "reply", "malformed")


#: Layouts copied from real published letters (see ``layouts.RealisticLayouts``).
LAYOUTS = (
    "flattened",
    "caps_letterhead",
    "cover",
    "signatories",
    "outlook",
    "unsigned",
    "role_only",
    "pq_answer",
)


@dataclass(frozen=True, kw_only=True)
class GeneratedLetter:
    """Ground truth for one generated file (what a letter does not have is left out)."""

    file: str
    kind: str
    date: dt.date | None
    thread: str
    references: tuple[str, ...] = ()
    mp: str | None = None
    area: str | None = None
    department: str | None = None
    sender_name: str | None = None
    recipient_name: str | None = None
    direction: str = "other"
    #: The date the text cites ("your letter of ..."), which noise may have made wrong.
    in_reply_to_date: dt.date | None = None
    #: The file this one truly answers, whatever the text says.
    replies_to: str | None = None
    #: "standard", or one of ``LAYOUTS``: the shapes learnt from real published letters.
    layout: str = "standard"
    #: The other files this one answers too ("Thank you for your letters of 2 and 9 May").
    also_replies_to: tuple[str, ...] = ()

    @property
    def answers(self) -> tuple[str, ...]:
        """Every file this one truly answers, ``replies_to`` first."""
        return (self.replies_to, *self.also_replies_to) if self.replies_to else ()

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "file": self.file,
            "kind": self.kind,
            "date": _iso(self.date),
            "references": list(self.references),
            "mp": self.mp,
            "area": self.area,
            "department": self.department,
            "sender_name": self.sender_name,
            "recipient_name": self.recipient_name,
            "direction": self.direction,
            "in_reply_to_date": _iso(self.in_reply_to_date),
            "replies_to": self.replies_to,
            "thread": self.thread,
        }
        if self.layout != "standard":  # standard records stay as they were written before
            record["layout"] = self.layout
        if self.also_replies_to:
            record["also_replies_to"] = list(self.also_replies_to)
        return record

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GeneratedLetter:
        answered = data.get("replies_to")
        # A list in ``replies_to`` is read too, so either spelling of several answers loads.
        listed = [str(name) for name in answered] if isinstance(answered, list) else []
        also = [*listed[1:], *(str(name) for name in data.get("also_replies_to") or ())]
        return cls(
            file=str(data["file"]),
            kind=str(data["kind"]),
            date=_from_iso(data.get("date")),
            references=tuple(str(r) for r in data.get("references") or ()),
            mp=data.get("mp"),
            area=data.get("area"),
            department=data.get("department"),
            sender_name=data.get("sender_name"),
            recipient_name=data.get("recipient_name"),
            direction=str(data.get("direction") or "other"),
            in_reply_to_date=_from_iso(data.get("in_reply_to_date")),
            replies_to=(listed[0] if listed else None) if isinstance(answered, list) else answered,
            thread=str(data.get("thread") or ""),
            layout=str(data.get("layout") or "standard"),
            also_replies_to=tuple(also),
        )


@dataclass(frozen=True)
class GenerateReport:
    """What ``generate_archive`` wrote: the directory and one truth record per file."""

    directory: Path
    letters: tuple[GeneratedLetter, ...]

    def write_truth(self, path: Path) -> None:
        """Write the ground truth as JSON Lines, one file per line, dates in ISO form."""
        lines = [json.dumps(letter.to_json(), ensure_ascii=False) for letter in self.letters]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_truth(path: Path) -> tuple[GeneratedLetter, ...]:
    """Read a file written by ``GenerateReport.write_truth``."""
    with path.open(encoding="utf-8") as lines:
        return tuple(GeneratedLetter.from_json(json.loads(line)) for line in lines if line.strip())


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _from_iso(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None
