"""Export search results with their metadata, tags and notes: CSV, JSON Lines or Markdown."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from index.results import Filter, Sort, department
from index.searcher import Searcher

FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
}
COLUMNS = (
    "id",
    "date",
    "references",
    "mp",
    "area",
    "department",
    "sender",
    "recipient",
    "direction",
    "in_reply_to",
    "subject",
    "tags",
    "note",
    "file",
)
PAGE = 500
#: The columns a Markdown export lists under each letter's heading: the heading names the
#: letter by its date and first reference (else its id), and the note is quoted after.
_LISTED = tuple(c for c in COLUMNS if c not in ("id", "date", "references", "note"))


class ExportError(Exception):
    """The export could not be written; the message names the file and why."""


class ExportExists(ExportError):
    """The file is there already, and replacing it was not asked for."""


def format_for(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ExportError(
            f"{path}: choose a file ending in .csv, .jsonl or .md (the ending sets the format)"
        )
    return fmt


def rows(
    searcher: Searcher, query: str, filters: Sequence[Filter] = (), sort: Sort = "relevance"
) -> Iterator[dict[str, Any]]:
    """Every matching letter as a row, in the search's order, a page at a time
    (references and tags as lists; the other values are strings)."""
    store = searcher.store
    offset = 0
    while True:
        result = searcher.search(
            query,
            sort=sort,
            limit=PAGE,
            offset=offset,
            filters=filters,
            facets=False,
            snippets=False,
        )
        for hit in result.hits:
            meta = hit.letter.metadata
            annotation = store.annotation(hit.letter_id)
            yield {
                "id": hit.letter_id,
                "date": meta.date.isoformat() if meta.date else "",
                "references": list(meta.references),
                "mp": meta.mp or "",
                "area": meta.area or "",
                "department": department(hit.letter) or "",
                "sender": ", ".join(
                    v for v in (meta.sender_name, meta.sender_role, meta.sender_org) if v
                ),
                "recipient": ", ".join(v for v in (meta.recipient_name, meta.recipient_org) if v),
                "direction": meta.direction,
                "in_reply_to": meta.in_reply_to_date.isoformat() if meta.in_reply_to_date else "",
                "subject": meta.subject or "",
                "tags": list(annotation.tags),
                "note": annotation.note,
                "file": hit.letter.path,
            }
        offset += PAGE
        if offset >= result.total or not result.hits:
            return


def export(
    searcher: Searcher,
    path: Path,
    query: str,
    filters: Sequence[Filter] = (),
    sort: Sort = "relevance",
    *,
    replace: bool = False,
) -> int:
    """Write the results to ``path`` (atomically); returns how many letters were written.

    An existing file is replaced only when ``replace`` is given (else ``ExportExists``).
    """
    fmt = format_for(path)
    if not replace and path.expanduser().is_file():
        raise ExportExists(f"{path} exists already")
    buffer = io.StringIO()
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows(searcher, query, filters, sort):
            writer.writerow({key: _csv_cell(_flat(key, value)) for key, value in row.items()})
            count += 1
    elif fmt == "jsonl":
        for row in rows(searcher, query, filters, sort):
            buffer.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        buffer.write("# Dispatch Box export\n\n")
        buffer.write(f"Search: {_code(query) if query.strip() else '(all letters)'}\n")
        for f in filters:
            buffer.write(f"- {'not ' if f.exclude else ''}{_md(f.facet)}: {_md(f.value)}\n")
        buffer.write("\n")
        for row in rows(searcher, query, filters, sort):
            count += 1
            row = {column: _flat(column, value) for column, value in row.items()}
            named = row["references"].split("; ")[0] if row["references"] else row["id"]
            buffer.write(f"## {_md(row['date'] or 'undated')} · {_md(named)}\n\n")
            for label in _LISTED:
                if row[label]:
                    buffer.write(f"- **{label.replace('_', ' ')}:** {_md(row[label])}\n")
            if row["note"]:
                # Each line of the note quoted, blank lines too: one block, line breaks kept.
                quoted = "\n".join(
                    f"> {_md(line)}  " if line.strip() else ">"
                    for line in row["note"].strip("\n").splitlines()
                )
                buffer.write(f"\n**Note:**\n\n{quoted}\n")
            buffer.write("\n")
        buffer.write(f"_{count} letters_\n")
    _write_atomically(path, buffer.getvalue())
    return count


#: A spreadsheet takes a cell starting with one of these for a formula (OWASP, CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a leading single quote before a would-be formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _flat(column: str, value: Any) -> Any:
    """A list as one cell: references joined by "; " (one may hold a space), tags by spaces."""
    if isinstance(value, list):
        return ("; " if column == "references" else " ").join(value)
    return value


def _code(text: str) -> str:
    """``text`` exactly as typed, as a Markdown code span (fenced by more backticks than
    it holds in a row; controls dropped)."""
    cleaned = "".join(c for c in text if c.isprintable())
    longest = max((len(run) for run in re.findall(r"`+", cleaned)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {cleaned} " if cleaned.startswith("`") or cleaned.endswith("`") else cleaned
    return f"{fence}{padded}{fence}"


def _md(text: str) -> str:
    """Letter text is data: Markdown's special characters are escaped, controls dropped."""
    cleaned = "".join(c for c in text if c.isprintable() or c in "\t")
    return "".join("\\" + c if c in "\\`*_[]<>|" else c for c in cleaned)


def _write_atomically(path: Path, content: str) -> None:
    path = path.expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; name a file")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except OSError as error:
        raise ExportError(f"{path}: could not be written ({error.strerror})") from error
