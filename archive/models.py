"""The archive's own value types: what the data layer hands to the index, the CLI and the UI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Direction = Literal["to_mp", "from_mp", "other"]
DIRECTIONS: tuple[Direction, ...] = ("to_mp", "from_mp", "other")

#: Character spans, per field, into the letter's text: one span per value, in value order.
Spans = Mapping[str, tuple[tuple[int, int], ...]]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ReadDocument:
    """A document as read from disk: its text exactly as decoded, and how it was read."""

    text: str
    format: str
    encoding: str | None = None
    #: Offsets in ``text`` where each page starts (PDF); ``(0,)`` for single-page formats.
    pages: tuple[int, ...] = (0,)
    #: E-mail headers (``date``, ``from``, ``to``, ``cc``, ``subject``), empty for other formats.
    headers: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    warnings: tuple[str, ...] = ()
    #: The OCR engine that read the text of scanned pages ("" when none was scanned),
    ocr_engine: str = ""
    #: its mean confidence over those pages (0..1),
    ocr_confidence: float = 0.0
    #: and the pages (numbered from 1) whose text it read.
    ocr_pages: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Metadata:
    """Fields read from a letter's text. Every value has its spans in ``spans``."""

    date: dt.date | None = None
    references: tuple[str, ...] = ()
    sender_org: str | None = None
    sender_name: str | None = None
    sender_role: str | None = None
    recipient_name: str | None = None
    recipient_org: str | None = None
    recipient_role: str | None = None
    mp: str | None = None
    direction: Direction = "other"
    in_reply_to_date: dt.date | None = None
    cc: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    #: The MP's constituency when the text states it ("Member of Parliament for Telford").
    constituency: str | None = None
    #: What researchers filter by besides the MP: constituency, else members file, else main place.
    area: str | None = None
    salutation: str | None = None
    subject: str | None = None
    people: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    spans: Spans = field(default_factory=lambda: _EMPTY)
    #: How sure the extractor is of each field it filled, from 0 to 1 (see ``archive.extract``).
    confidence: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready dict: ISO dates, lists for tuples, spans as ``[start, end]`` pairs
        (the fields in the dataclass's order, read from the dataclass)."""
        data = self._facts_json()
        data["spans"] = {name: [list(s) for s in spans] for name, spans in self.spans.items()}
        data["confidence"] = {name: round(value, 2) for name, value in self.confidence.items()}
        data["warnings"] = list(self.warnings)
        return data

    def to_record(self) -> dict[str, Any]:
        """The stored form: like ``to_json`` without empty values, spans packed in one string.

        A 100k archive holds two million spans; as lists they would cost more memory than
        everything else in the records together.
        """
        # One pass over the fields (read in one call), empty values never stored: this runs
        # once a letter in the import's readers, where the generic form cost ~0.1 ms.
        record: dict[str, Any] = {}
        for name, kind, value in zip(FACT_FIELDS, _FACT_KINDS, _fact_values(self), strict=True):
            if kind == _PLAIN:
                if value not in _EMPTY_VALUES:
                    record[name] = value
            elif value:
                record[name] = _fact_json(kind, value)
        spans = pack_spans(self.spans)
        if spans:
            record["spans"] = spans
        if self.confidence:
            record["confidence"] = ";".join([f"{k}:{v:.2f}" for k, v in self.confidence.items()])
        if self.warnings:
            record["warnings"] = list(self.warnings)
        return record

    def _facts_json(self) -> dict[str, Any]:
        values = zip(FACT_FIELDS, _FACT_KINDS, _fact_values(self), strict=True)
        return {name: _fact_json(kind, value) for name, kind, value in values}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Metadata:
        values: dict[str, Any] = {}
        for name in FACT_FIELDS:
            value = data.get(name)
            if name in _DATE_FIELDS:
                value = _date(value)
            elif name in _TUPLE_FIELDS:
                value = tuple(value or ())
            values[name] = value
        direction = data.get("direction") or "other"
        values["direction"] = direction if direction in DIRECTIONS else "other"
        return cls(
            **values,
            spans=MappingProxyType(_spans(data.get("spans"))),
            confidence=MappingProxyType(_confidence(data.get("confidence"))),
            warnings=tuple(data.get("warnings") or ()),
        )


#: The fields of ``Metadata`` that are facts read from a letter (the rest is bookkeeping: where
#: each was read, how sure, what went wrong); extraction fills them, researchers correct them.
FACT_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in dataclasses.fields(Metadata)
    if f.name not in ("spans", "confidence", "warnings")
)
#: Fact fields held as dates (ISO strings in JSON) and as tuples (lists in JSON), read from
#: the dataclass's annotations so a new field needs writing down once.
_DATE_FIELDS = frozenset(
    f.name for f in dataclasses.fields(Metadata) if str(f.type).startswith("dt.date")
)
_TUPLE_FIELDS = frozenset(
    f.name
    for f in dataclasses.fields(Metadata)
    if str(f.type).startswith("tuple[") and f.name in FACT_FIELDS
)
#: How ``Metadata.to_record`` stores each fact field, in ``FACT_FIELDS`` order.
_PLAIN, _DATE, _TUPLE = "plain", "date", "tuple"
_FACT_KINDS: tuple[str, ...] = tuple(
    _DATE if name in _DATE_FIELDS else _TUPLE if name in _TUPLE_FIELDS else _PLAIN
    for name in FACT_FIELDS
)
#: Every fact field's value at once (a tuple in ``FACT_FIELDS`` order).
_fact_values = operator.attrgetter(*FACT_FIELDS)
#: Values the stored form leaves out (``0`` and ``False`` are kept).
_EMPTY_VALUES: tuple[Any, ...] = (None, [], {}, "")


def _fact_json(kind: str, value: Any) -> Any:
    """A fact field's JSON form: ISO dates, lists for tuples, anything else as it is."""
    if kind == _DATE:
        return _iso(value)
    return list(value) if kind == _TUPLE else value


@dataclass(frozen=True, slots=True)
class Letter:
    """One imported document with its extracted metadata (the text is fetched separately)."""

    id: str
    path: str
    sha256: str
    format: str
    size: int
    imported_at: str
    metadata: Metadata
    encoding: str | None = None
    pages: tuple[int, ...] = (0,)
    headers: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    warnings: tuple[str, ...] = ()
    text_chars: int = 0
    #: Where the text is stored: "<pack>:<offset>:<length>" (see archive.texts).
    text_ref: str = ""
    #: sha256 of the stored text's UTF-8 bytes, checked when it is read ("" in old records).
    text_sha256: str = ""
    #: How scanned pages were read (see ``ReadDocument``): "" and () when the text was typed.
    ocr_engine: str = ""
    ocr_confidence: float = 0.0
    ocr_pages: tuple[int, ...] = ()

    @property
    def is_ocr(self) -> bool:
        """True when some of the text was recognised from page images."""
        return bool(self.ocr_engine)

    def ocr_label(self) -> str:
        """How the text was read: "OCR (tesseract, 91% confidence)", and which pages when
        only some were scans ("... on page 2 of 3"); "" for typed text."""
        if not self.ocr_engine:
            return ""
        label = f"OCR ({self.ocr_engine}, {self.ocr_confidence:.0%} confidence)"
        scanned, page_count = self.ocr_pages, len(self.pages)
        if scanned and len(scanned) < page_count:
            numbers = ", ".join(str(n) for n in scanned)
            label += f" on page{'s' if len(scanned) > 1 else ''} {numbers} of {page_count}"
        return label

    def to_json(self) -> dict[str, Any]:
        return {**self._fields_json(), "metadata": self.metadata.to_json()}

    def _fields_json(self) -> dict[str, Any]:
        """``to_json`` but the metadata (the stored form packs it differently)."""
        return {
            "id": self.id,
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "size": self.size,
            "imported_at": self.imported_at,
            "encoding": self.encoding,
            "pages": list(self.pages),
            "headers": dict(self.headers),
            "warnings": list(self.warnings),
            "text_chars": self.text_chars,
            "text_ref": self.text_ref,
            "text_sha256": self.text_sha256 or None,
            "ocr": {
                "engine": self.ocr_engine,
                "confidence": self.ocr_confidence,
                "pages": list(self.ocr_pages),
            }
            if self.ocr_engine
            else None,
        }

    def party(self, side: str) -> str:
        """The sender's or recipient's name as a person reads it, else the organisation."""
        meta = self.metadata
        if side == "sender":
            return meta.sender_name or meta.sender_org or "?"
        return meta.recipient_name or meta.recipient_org or "?"

    def label(self) -> str:
        """The letter as a researcher names it: date, reference, sender → recipient
        ("2016-09-13 HV/CSE/16/041 Harriet Vance → Juliet Harcastle"); ids are for scripts."""
        meta = self.metadata
        parts = [meta.date.isoformat() if meta.date else "undated"]
        if meta.references:
            parts.append(meta.references[0])
        parts.append(f"{self.party('sender')} → {self.party('recipient')}")
        return " ".join(parts)

    def to_record(self) -> dict[str, Any]:
        """The stored form (compact: see ``Metadata.to_record``)."""
        # The metadata's JSON form is not built only to be replaced: it is most of the cost.
        full = {**self._fields_json(), "metadata": self.metadata.to_record()}
        if full["pages"] == [0]:
            del full["pages"]
        return {key: value for key, value in full.items() if value not in (None, [], {})}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Letter:
        ocr = data.get("ocr") or {}
        return cls(
            id=str(data["id"]),
            path=str(data["path"]),
            sha256=str(data["sha256"]),
            format=str(data["format"]),
            size=int(data.get("size") or 0),
            imported_at=str(data.get("imported_at") or ""),
            encoding=data.get("encoding"),
            pages=tuple(data.get("pages") or (0,)),
            headers=MappingProxyType(dict(data.get("headers") or {})),
            warnings=tuple(data.get("warnings") or ()),
            text_chars=int(data.get("text_chars") or 0),
            text_ref=str(data.get("text_ref") or ""),
            text_sha256=str(data.get("text_sha256") or ""),
            ocr_engine=str(ocr.get("engine") or ""),
            ocr_confidence=float(ocr.get("confidence") or 0.0),
            ocr_pages=tuple(int(n) for n in ocr.get("pages") or ()),
            metadata=Metadata.from_json(data.get("metadata") or {}),
        )


@dataclass(frozen=True, slots=True)
class Annotation:
    """What a researcher wrote about a letter: kept apart from the imported record."""

    letter_id: str
    tags: tuple[str, ...] = ()
    note: str = ""
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be imported, and why, in words a researcher can act on."""

    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    moved: int = 0
    removed: int = 0
    failed: tuple[Failure, ...] = ()
    duplicate_files: tuple[tuple[str, str], ...] = ()
    warnings: tuple[Failure, ...] = ()
    #: Skipped files by kind: their suffix (".jpg"), or "hidden".
    skipped_kinds: tuple[tuple[str, int], ...] = ()
    #: Unchanged files read again because their stored text was damaged or gone.
    recovered: int = 0
    #: Why the records file had to be rebuilt ("" when it was sound).
    records_damage: str = ""
    #: Letters of a damaged records file not found again in the imported files, by path,
    not_recovered: tuple[str, ...] = ()
    #: and how many more of them nothing names.
    not_recovered_unknown: int = 0
    #: What a researcher should know about files that were imported (only part of a long
    #: PDF, pages that could not be read) and folders passed over (a symbolic link loop).
    notices: tuple[Failure, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "moved": self.moved,
            "removed": self.removed,
            "failed": [{"file": f.file, "reason": f.reason} for f in self.failed],
            "duplicate_files": [{"file": a, "same_as": b} for a, b in self.duplicate_files],
            "warnings": [{"file": w.file, "warning": w.reason} for w in self.warnings],
            "skipped_kinds": dict(self.skipped_kinds),
            "recovered": self.recovered,
            "records_damage": self.records_damage or None,
            "not_recovered": list(self.not_recovered),
            "not_recovered_unknown": self.not_recovered_unknown,
            "notices": [{"file": n.file, "notice": n.reason} for n in self.notices],
        }


def pack_spans(spans: Spans) -> str:
    """``{"date": ((3, 18),)}`` -> ``"date:3-18"``; fields by ``;``, spans by ``,``."""
    return ";".join(
        [
            name + ":" + ",".join([f"{start}-{end}" for start, end in pairs])
            for name, pairs in spans.items()
            if pairs
        ]
    )


_SPAN_PAIR = re.compile(r"(\d+)-(\d+)")


def _spans(value: Any) -> dict[str, tuple[tuple[int, int], ...]]:
    """Spans from either stored form: the packed string or a dict of ``[start, end]`` lists."""
    if not value:
        return {}
    if isinstance(value, str):
        spans: dict[str, tuple[tuple[int, int], ...]] = {}
        for part in value.split(";"):
            name, _, pairs = part.partition(":")
            # Only well-formed pairs: a record an earlier version stored with a negative
            # offset ("cc:-1-33") loses that span, not the letter.
            spans[name] = tuple(
                (int(found[1]), int(found[2]))
                for pair in pairs.split(",")
                if (found := _SPAN_PAIR.fullmatch(pair)) is not None
            )
        return spans
    return {name: tuple((int(s[0]), int(s[1])) for s in pairs) for name, pairs in value.items()}


def _confidence(value: Any) -> dict[str, float]:
    """Confidence from either stored form: ``"date:0.90;mp:0.60"`` or a dict."""
    if not value:
        return {}
    if isinstance(value, str):
        pairs = (part.partition(":") for part in value.split(";"))
        return {name: float(number) for name, _, number in pairs if number}
    return {str(name): float(number) for name, number in value.items()}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
