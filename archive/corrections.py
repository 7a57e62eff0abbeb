"""What a correction of extracted metadata may say, and a record with its corrections on.

Which fields can be corrected, how typed values are read, and how a record looks with its
corrections laid over it.

Corrections are annotations (the store keeps them apart from the imported records, see
``Store.set_corrections``); this module owns what a correction may say and the one function,
``corrected_record``, that every reader of letters goes through, so the index, the facets,
pairing, reply times and export all see the corrected values without knowing of corrections.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Literal

from archive.models import DIRECTIONS, FACT_FIELDS, Metadata

FieldKind = Literal["text", "list", "date", "direction"]


def _kind(annotation: object) -> FieldKind:
    text = str(annotation)
    if "date" in text:
        return "date"
    if "tuple" in text:
        return "list"
    if "Direction" in text:
        return "direction"
    return "text"


#: Every correctable field of ``Metadata``, in the order the dataclass declares them.
FIELD_KINDS: Mapping[str, FieldKind] = {
    f.name: _kind(f.type) for f in dataclasses.fields(Metadata) if f.name in FACT_FIELDS
}
FIELDS: tuple[str, ...] = tuple(FIELD_KINDS)
#: The fields ``area`` is derived from: correcting one (and not ``area``) derives it again.
AREA_SOURCES = frozenset({"mp", "date", "constituency", "places"})

_LIST_SPLIT = re.compile(r"\s*;\s*")


@dataclass(frozen=True, slots=True)
class Correction:
    """One corrected field of one letter: the researcher's value beside the extractor's."""

    letter_id: str
    field: str
    #: The corrected value in the record's JSON form (ISO date, list, string, or None: empty).
    value: Any
    #: What the extractor gives now (None when it found nothing).
    extracted: Any
    corrected_at: str = ""

    def to_json(self) -> dict[str, Any]:
        """The fields by name, the letter's under ``id`` (as every JSON line names a letter)."""
        data = dataclasses.asdict(self)
        return {"id": data.pop("letter_id"), **data}


def check_field(name: str) -> str:
    """The field name, or ``ValueError`` naming the known fields."""
    if name not in FIELD_KINDS:
        raise ValueError(f"unknown field {name!r}: use one of {', '.join(FIELDS)}")
    return name


def parse_value(name: str, text: str) -> Any:
    """A typed-in value as stored: ``ValueError`` says what is wrong with it.

    Lists are separated by ``;`` when the text holds one (names may contain commas), else by
    ``,``. An empty value corrects the field to "none" (direction cannot be empty).
    """
    kind = FIELD_KINDS[check_field(name)]
    value = text.strip()
    if kind == "direction":
        if value not in DIRECTIONS:
            raise ValueError(f"{name}={text!r}: the direction is one of {', '.join(DIRECTIONS)}")
        return value
    if not value:
        return None
    if kind == "date":
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(
                f"{name}={text!r}: write the date as YYYY-MM-DD (e.g. 2016-10-24)"
            ) from None
    if kind == "list":
        parts = _LIST_SPLIT.split(value) if ";" in value else value.split(",")
        items = list(dict.fromkeys(part.strip() for part in parts if part.strip()))
        return items or None
    return value


def format_value(value: Any) -> str:
    """A stored value as a researcher types it (the inverse of ``parse_value``)."""
    if value is None or value == []:
        return ""
    if isinstance(value, list | tuple):
        items = [str(item) for item in value]
        return "; ".join(items) if any("," in item for item in items) else ", ".join(items)
    return str(value)


def corrected_record(
    record: Mapping[str, Any],
    corrections: Mapping[str, Any] | None,
    derive_area: Callable[[MutableMapping[str, Any]], None] | None = None,
) -> Mapping[str, Any]:
    """``record`` with its corrected fields replaced (the record itself is left untouched).

    A field corrected to nothing is dropped, as the stored form drops empty values. The
    spans of a corrected field are kept: they show where the extractor read its value.
    When the MP, date, constituency or places are corrected and the area is not,
    ``derive_area`` sets the area again from the corrected values (the MP's seat on that
    date), so a corrected MP files the letter under the right constituency.
    """
    if not corrections:
        return record
    metadata = dict(record.get("metadata") or {})
    for name, value in corrections.items():
        if name not in FIELD_KINDS:
            continue
        if value is None or value == []:
            metadata.pop(name, None)
        else:
            metadata[name] = value
    if derive_area is not None and "area" not in corrections and AREA_SOURCES & corrections.keys():
        _derive_area(metadata, corrections, derive_area)
    return {**record, "metadata": metadata}


def _derive_area(
    metadata: dict[str, Any],
    corrections: Mapping[str, Any],
    derive_area: Callable[[MutableMapping[str, Any]], None],
) -> None:
    """The area from corrected values: a corrected MP's own seat on the letter's date first
    (the constituency read beside a misread name is as doubtful as the name), then as the
    importer derives it."""
    if "mp" in corrections and "constituency" not in corrections and metadata.get("mp"):
        seat_only = {"mp": metadata["mp"], "date": metadata.get("date")}
        derive_area(seat_only)
        if seat_only.get("area"):
            metadata["area"] = seat_only["area"]
            return
    derive_area(metadata)


def extracted_value(record: Mapping[str, Any] | None, name: str) -> Any:
    """A field's value as extracted, in the record's JSON form (None when empty)."""
    if record is None:
        return None
    value = (record.get("metadata") or {}).get(name)
    if name == "direction" and not value:
        return "other"
    return None if value in ("", []) else value
