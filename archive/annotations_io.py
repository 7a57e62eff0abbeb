"""Annotations as JSON Lines: a researcher's own backup, and the way to move them elsewhere.

Each line is one object with a ``kind``:

- ``letter``: a letter's tags, note and corrected fields, with its id, content hash and path
  (the hash finds the letter in another archive, where its id may differ);
- ``link``: a verdict on "this reply answers that letter", each side by id and hash;
- ``saved_search``: a saved search by name;
- ``reply_mark``: a reply marked "holding" or "full" (for reply times), by id and hash.

Importing merges: tags are added, a note is set where there is none (or appended when it
differs), corrections, link decisions and reply marks are added where this archive has none
of its own, saved searches where the name is free. Nothing already here is removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from archive.corrections import format_value, parse_value
from archive.store import (
    ANNOTATIONS_TABLE,
    CORRECTIONS_TABLE,
    LINK_VERDICTS,
    LINKS_TABLE,
    REPLY_MARKS,
    REPLY_MARKS_TABLE,
    SAVED_SEARCHES_TABLE,
    Store,
    now_iso,
    validate_tag,
)

FORMAT = "dispatchbox-annotations"


@dataclass
class ImportReport:
    """What an import applied, and each line it refused with the reason."""

    applied: int = 0
    unchanged: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)


def export_lines(store: Store) -> Iterator[dict[str, Any]]:
    """Every annotation as JSON Lines objects (see the module's docstring)."""
    annotations = {i: a for i, a in store.annotations().items() if a.tags or a.note}
    corrections: dict[str, dict[str, Any]] = {}
    for correction in store.corrections():
        corrections.setdefault(correction.letter_id, {})[correction.field] = correction.value
    for letter_id in sorted({*annotations, *corrections}):
        record = store.extracted_record(letter_id) or {}
        annotation = annotations.get(letter_id)
        line: dict[str, Any] = {
            "kind": "letter",
            "id": letter_id,
            "sha256": record.get("sha256", ""),
            "path": record.get("path", ""),
            "tags": list(annotation.tags) if annotation else [],
            "note": annotation.note if annotation else "",
        }
        if letter_id in corrections:
            line["corrections"] = corrections[letter_id]
        yield line
    for decision in store.link_decisions():
        sides = {}
        for side, letter_id in (("reply", decision.reply_id), ("letter", decision.letter_id)):
            record = store.extracted_record(letter_id) or {}
            sides[side] = letter_id
            sides[f"{side}_sha256"] = record.get("sha256", "")
        yield {"kind": "link", **sides, "verdict": decision.verdict, "at": decision.decided_at}
    for reply_id, mark in sorted(store.reply_marks().items()):
        record = store.extracted_record(reply_id) or {}
        yield {
            "kind": "reply_mark",
            "id": reply_id,
            "sha256": record.get("sha256", ""),
            "mark": mark,
        }
    for search in store.saved_searches():
        yield {
            "kind": "saved_search",
            "name": search.name,
            "query": search.query,
            "filters": [{"facet": f, "value": v, "exclude": x} for f, v, x in search.filters],
            "sort": search.sort,
        }


def export_annotations(store: Store, out: IO[bytes]) -> int:
    """Write every annotation as JSON Lines to ``out``; returns the number of lines."""
    count = 0
    for line in export_lines(store):
        out.write(orjson.dumps(line) + b"\n")
        count += 1
    return count


def import_annotations(store: Store, path: Path) -> ImportReport:
    """Merge the annotations of a JSON Lines export into this archive, in one write."""
    try:
        raw_lines = path.read_bytes().split(b"\n")
    except OSError as error:
        raise ValueError(f"{path}: could not be read ({error.strerror})") from error
    report = ImportReport()
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        try:
            line = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            report.refused.append((number, f"not JSON ({error.msg})"))
            continue
        if not isinstance(line, dict) or line.get("kind") not in (
            "letter",
            "link",
            "saved_search",
            "reply_mark",
        ):
            report.refused.append(
                (number, "not an annotation (no kind letter, link, saved_search or reply_mark)")
            )
            continue
        parsed.append((number, line))

    def change(data: dict[str, dict[str, Any]]) -> bool:
        for number, line in parsed:
            try:
                changed = _merge(store, data, line)
            except (KeyError, TypeError, ValueError) as error:
                report.refused.append((number, str(error)))
                continue
            if changed:
                report.applied += 1
            else:
                report.unchanged += 1
        return report.applied > 0

    store.edit_annotations(change)
    report.refused.sort()
    return report


def _find(store: Store, letter_id: Any, sha256: Any) -> str:
    if isinstance(letter_id, str) and store.extracted_record(letter_id) is not None:
        return letter_id
    found = store.id_for_sha(sha256) if isinstance(sha256, str) and sha256 else None
    if found is None:
        raise ValueError(f"no letter here has the id {letter_id!r} or the content hash {sha256!r}")
    return found


def _merge(store: Store, data: dict[str, dict[str, Any]], line: dict[str, Any]) -> bool:
    """Apply one line; True if it changed anything. Raises with the reason it is refused."""
    kind = line["kind"]
    if kind == "saved_search":
        name = str(line.get("name", "")).strip()
        if not name or not isinstance(line.get("query"), str):
            raise ValueError("a saved search needs a name and a query")
        filters = line.get("filters", [])
        if not isinstance(filters, list) or not all(
            isinstance(f, dict)
            and isinstance(f.get("facet"), str)
            and isinstance(f.get("value"), str)
            for f in filters
        ):
            raise ValueError("a saved search's filters are objects with a facet and a value")
        searches = data.setdefault(SAVED_SEARCHES_TABLE, {})
        if name in searches:
            return False
        searches[name] = {
            "query": line["query"],
            "filters": [
                {"facet": f["facet"], "value": f["value"], "exclude": bool(f.get("exclude"))}
                for f in filters
            ],
            "sort": str(line.get("sort", "relevance")),
            "saved_at": now_iso(),
        }
        return True
    if kind == "link":
        if line.get("verdict") not in LINK_VERDICTS:
            raise ValueError(
                f"verdict {line.get('verdict')!r}: use one of {', '.join(LINK_VERDICTS)}"
            )
        reply = _find(store, line.get("reply"), line.get("reply_sha256"))
        letter = _find(store, line.get("letter"), line.get("letter_sha256"))
        if reply == letter:
            raise ValueError(f"letter {reply} cannot answer itself")
        links = data.setdefault(LINKS_TABLE, {})
        key = f"{reply}>{letter}"
        if key in links:
            return False
        if line["verdict"] != "rejected":
            for row in links.values():
                if row.get("reply") == reply and row.get("verdict") != "rejected":
                    raise ValueError(
                        f"reply {reply} already answers letter {row.get('letter')} here "
                        "(a reply answers one letter)"
                    )
        links[key] = {
            "reply": reply,
            "letter": letter,
            "verdict": line["verdict"],
            "at": str(line.get("at", "")) or now_iso(),
            "reply_sha": (store.extracted_record(reply) or {}).get("sha256", ""),
            "letter_sha": (store.extracted_record(letter) or {}).get("sha256", ""),
        }
        return True
    if kind == "reply_mark":
        if line.get("mark") not in REPLY_MARKS:
            raise ValueError(f"mark {line.get('mark')!r}: use one of {', '.join(REPLY_MARKS)}")
        reply = _find(store, line.get("id"), line.get("sha256"))
        marks = data.setdefault(REPLY_MARKS_TABLE, {})
        if reply in marks:
            return False
        sha = (store.extracted_record(reply) or {}).get("sha256", "")
        marks[reply] = {"mark": line["mark"], "at": now_iso(), "sha": sha}
        return True
    letter_id = _find(store, line.get("id"), line.get("sha256"))
    tags = line.get("tags", [])
    note = line.get("note", "")
    corrections = line.get("corrections", {})
    if not isinstance(tags, list) or not isinstance(note, str) or not isinstance(corrections, dict):
        raise TypeError("tags must be a list, note a string and corrections an object")
    wanted_tags = [validate_tag(str(tag)) for tag in tags]
    for name, value in corrections.items():
        _check_correction(name, value)
    changed = False
    rows = data.setdefault(ANNOTATIONS_TABLE, {})
    row = rows.get(letter_id) or {"tags": [], "note": "", "updated_at": ""}
    new_tags = [t for t in wanted_tags if t not in row["tags"]]
    if new_tags:
        row["tags"] = [*row["tags"], *new_tags]
        changed = True
    if note and note not in row["note"]:
        if row["note"]:
            row.setdefault("history", []).append({"at": row["updated_at"], "note": row["note"]})
            row["note"] = row["note"].rstrip("\n") + "\n" + note
        else:
            row["note"] = note
        changed = True
    if changed:
        row["updated_at"] = now_iso()
        store.anchor(letter_id, row)
        rows[letter_id] = row
    if corrections:
        fixed = data.setdefault(CORRECTIONS_TABLE, {})
        current = fixed.get(letter_id) or {"fields": {}, "at": {}}
        for name, value in corrections.items():
            if name not in current["fields"]:
                current["fields"][name] = value
                current["at"][name] = now_iso()
                changed = True
        if current["fields"]:
            current["updated_at"] = now_iso()
            store.anchor(letter_id, current)
            fixed[letter_id] = current
    return changed


def _check_correction(name: str, value: Any) -> None:
    """Refuse a corrected value this field cannot hold (it would break every reader)."""
    fits = value is None or isinstance(value, str)
    fits = fits or (isinstance(value, list) and all(isinstance(item, str) for item in value))
    if not fits or parse_value(name, format_value(value)) != value:
        raise ValueError(f"{name}: {value!r} is not a value this field can hold")
