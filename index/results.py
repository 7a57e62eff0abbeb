"""What a search gives back (hits, facet counts, filters, sorts) and how a hit's letter is built.

The searcher (``index.searcher``) makes these; the UI, the CLI and the export read them.
A hit's ``Letter`` is built from its stored record only when first asked for, with the
record's packed spans and confidences unpacked only when read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from archive.knowledge import department_of
from archive.models import Letter, _confidence, _spans
from index.fields import DIRECTION_VALUES
from index.snippets import Snippet

Sort = Literal["relevance", "date", "-date"]
SORTS: tuple[Sort, ...] = ("relevance", "-date", "date")
FACETS = ("mp", "area", "dept", "year", "dir", "tag", "reply")


@dataclass(frozen=True, slots=True)
class FacetCount:
    """One value of a facet (an MP, a year...) and how many of the letters found have it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class Filter:
    """A facet value chosen in the UI: keep only letters with it, or (exclude) without it."""

    facet: str
    value: str
    exclude: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """One letter found. Its ``Letter`` is built when first asked for: a page of results
    needs its id, score and snippet, and most rows are never opened or even drawn."""

    letter_id: str
    score: float
    #: The letter, or what builds it (from the record read when the hit was found).
    source: Letter | Callable[[], Letter]
    snippet: Snippet
    tags: tuple[str, ...] = ()
    has_note: bool = False

    @property
    def letter(self) -> Letter:
        source = self.source
        return source if isinstance(source, Letter) else source()

    def to_json(self) -> dict[str, Any]:
        meta = self.letter.metadata
        return {
            "id": self.letter_id,
            "references": list(meta.references),
            "date": meta.date.isoformat() if meta.date else None,
            "mp": meta.mp,
            "area": meta.area,
            "sender_org": meta.sender_org,
            "sender_name": meta.sender_name,
            "recipient_name": meta.recipient_name,
            "recipient_org": meta.recipient_org,
            "direction": meta.direction,
            "subject": meta.subject,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "snippet_spans": [list(s) for s in self.snippet.spans],
            "tags": list(self.tags),
            "file": self.letter.path,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    sort: Sort = "relevance"
    offset: int = 0
    suggestion: str | None = None
    notes: tuple[str, ...] = ()
    elapsed_ms: float = 0.0


class NoIndex(Exception):
    """The archive has no index yet; the message says how to make one."""


class SearchStopped(Exception):
    """A search given up between its steps because its caller's ``stop()`` said so."""


_SALUTATION = "salutation:"


def body_start(record: Mapping[str, Any]) -> int:
    """Where the letter's body begins (the end of its salutation, else 0), read from the
    record's spans without unpacking the rest of them."""
    spans = (record.get("metadata") or {}).get("spans")
    if isinstance(spans, str):
        # "date:3-18;salutation:40-52,90-99": the end of salutation's first span.
        at = spans.find(_SALUTATION)
        while at > 0 and spans[at - 1] != ";":  # a field whose name ends so
            at = spans.find(_SALUTATION, at + 1)
        if at == -1:
            return 0
        end = len(spans)
        for stop in (",", ";"):
            found = spans.find(stop, at)
            if found != -1:
                end = min(end, found)
        return int(spans[at + len(_SALUTATION) : end].partition("-")[2])
    return int(_spans(spans).get("salutation", ((0, 0),))[0][1])


class _Unpacked(Mapping[str, Any]):
    """A record's packed spans or confidences, unpacked when first read: a result row never
    reads them, and unpacking them was half the cost of building a letter."""

    __slots__ = ("_packed", "_unpack", "_value")

    def __init__(self, packed: Any, unpack: Callable[[Any], dict[str, Any]]) -> None:
        self._packed = packed
        self._unpack = unpack
        self._value: dict[str, Any] | None = None

    def _mapping(self) -> dict[str, Any]:
        if self._value is None:
            self._value = self._unpack(self._packed)
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())

    def __repr__(self) -> str:
        return repr(self._mapping())


def letter_from_record(record: Mapping[str, Any]) -> Letter:
    """``Letter.from_json(record)``, with its spans and confidences unpacked when read."""
    meta = record.get("metadata") or {}
    if not meta.get("spans") and not meta.get("confidence"):
        return Letter.from_json(record)
    plain = {k: v for k, v in meta.items() if k not in ("spans", "confidence")}
    letter = Letter.from_json({**record, "metadata": plain})
    metadata = dataclasses.replace(
        letter.metadata,
        spans=_Unpacked(meta.get("spans"), _spans),
        confidence=_Unpacked(meta.get("confidence"), _confidence),
    )
    return dataclasses.replace(letter, metadata=metadata)


def valid_directions() -> tuple[str, ...]:
    return DIRECTION_VALUES


def department(letter: Letter) -> str | None:
    meta = letter.metadata
    return department_of(
        {
            "direction": meta.direction,
            "date": meta.date,
            "sender_org": meta.sender_org,
            "sender_role": meta.sender_role,
            "recipient_org": meta.recipient_org,
            "recipient_role": meta.recipient_role,
        }
    )
