"""Compare the extractor with the fixture corpus's expected values (shared by test and report)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archive.extract import extract

FIXTURES = Path(__file__).parent / "fixtures" / "letters"
TEXT_FIELDS = (
    "sender_org",
    "sender_name",
    "sender_role",
    "recipient_name",
    "mp",
    "area",
    "subject",
    "salutation",
)
EXACT_FIELDS = ("date", "in_reply_to_date", "direction", "references")


def expected_cases() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text())
    return data


def normalise(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("&", "and").replace("’", "'")
        return re.sub(r"\s+", " ", value).strip(" .,").lower()
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    return value


def differences(name: str, expected: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    """(field, expected, got) for each field where the extractor disagrees with the table."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    got = extract(text).to_json()
    for field, want in expected.items():
        have = got.get(field)
        if field in EXACT_FIELDS:
            if normalise(have) != normalise(want):
                yield field, want, have
        elif field in TEXT_FIELDS:
            if normalise(have) != normalise(want):
                yield field, want, have
        elif field == "cc":
            if sorted(normalise(have or [])) != sorted(normalise(want)):
                yield field, want, have
        elif field == "places":
            missing = [p for p in normalise(want) if p not in normalise(have or [])]
            if missing:
                yield field, want, have


if __name__ == "__main__":
    cases = expected_cases()
    failures: dict[str, int] = {}
    total = 0
    for name, expected in sorted(cases.items()):
        for field, want, have in differences(name, expected):
            failures[field] = failures.get(field, 0) + 1
            total += 1
            print(f"{name:55} {field:16} want={want!r}  got={have!r}")
    checked = sum(len(e) for e in cases.values())
    print(f"\n{total} of {checked} field checks differ: {failures}")
