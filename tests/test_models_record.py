"""A letter's stored form: compact, and read back as the same letter."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from archive.models import Letter, Metadata, pack_spans


def _letter(*, exact: bool = False) -> Letter:
    """A letter; ``exact``: nothing the stored form rounds or drops (a 3-digit confidence,
    a field with no spans)."""
    spans = {"date": ((3, 14),), "references": ((20, 29),)} | ({} if exact else {"cc": ()})
    metadata = Metadata(
        date=dt.date(2016, 5, 12),
        references=("M12345/16",),
        sender_name="Tobias Wrenfield",
        mp="Harriet Vance",
        direction="to_mp",
        places=("Kelmscott",),
        spans=MappingProxyType(spans),
        confidence=MappingProxyType({"date": 0.9 if exact else 0.904, "mp": 0.6}),
        warnings=("two dates",),
    )
    return Letter(
        id="abc123",
        path="/letters/reply.txt",
        sha256="f" * 64,
        format="txt",
        size=812,
        imported_at="2026-12-03T14:00:00+00:00",
        metadata=metadata,
        encoding="utf-8",
        text_chars=800,
        text_ref="pack:0:800",
        text_sha256="e" * 64,
    )


def test_the_stored_form_is_the_json_form_made_compact() -> None:
    letter = _letter()
    full, record = letter.to_json(), letter.to_record()

    meta = record.pop("metadata")
    full_meta = full.pop("metadata")
    assert list(record) == [k for k, v in full.items() if v not in (None, [], {}) and k != "pages"]
    assert meta["spans"] == pack_spans(letter.metadata.spans) == "date:3-14;references:20-29"
    assert meta["confidence"] == "date:0.90;mp:0.60"
    assert full_meta["confidence"] == {"date": 0.9, "mp": 0.6}
    assert meta["warnings"] == full_meta["warnings"] == ["two dates"]
    assert {k: meta[k] for k in meta if k not in ("spans", "confidence")} == {
        k: v
        for k, v in full_meta.items()
        if k not in ("spans", "confidence") and v not in (None, [], {}, "")
    }


def test_the_stored_form_reads_back_as_the_same_letter() -> None:
    letter = _letter(exact=True)

    assert Letter.from_json(letter.to_record()) == letter


def test_a_stored_span_with_a_negative_offset_is_dropped_not_fatal() -> None:
    record = _letter(exact=True).to_record()
    record["metadata"]["spans"] = "date:3-14;cc:-1-33,40-52"

    spans = Letter.from_json(record).metadata.spans
    assert spans["date"] == ((3, 14),)
    assert spans["cc"] == ((40, 52),)
