"""Word .docx: header, body (paragraphs and tables in document order), footer; via python-docx."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any

import docx
from docx.oxml.ns import qn

from archive.models import ReadDocument
from archive.readers import ReadError, describe_error

# A .docx is a zip archive: sizes declared inside it bound what reading it may unpack, so a zip
# bomb is refused before python-docx inflates it into memory.
_MAX_UNPACKED_BYTES = 512 * 1024 * 1024

_P = qn("w:p")
_TC = qn("w:tc")
_RUN_XPATH = (
    # Deleted and moved-away text is not what the letter says; text boxes are left out because
    # Word stores each one twice (a drawing and its legacy fallback).
    ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]"
)
# Elements whose children are more blocks: tables and rows, and the wrappers templates put
# around paragraphs (content controls, custom XML) that python-docx's iterators skip.
_CONTAINERS = frozenset(
    qn(tag) for tag in ("w:tbl", "w:tr", "w:sdt", "w:sdtContent", "w:customXml")
)


def read_docx(data: bytes) -> ReadDocument:
    """Read a .docx: first-section header lines, the body in document order, then the footer."""
    if not data:
        raise ReadError("empty file")
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        section = document.sections[0] if len(document.sections) else None
        header_lines = _header_footer_lines(section, document, "header") if section else []
        body_lines = _block_lines(document.element.body, in_table=False)
        footer_lines = _header_footer_lines(section, document, "footer") if section else []
    except ReadError:
        raise
    except Exception as error:
        raise ReadError(f"damaged Word file: {_detail(error)}") from error

    text = "\n".join([*header_lines, *body_lines, *footer_lines])
    if not text:
        raise ReadError("empty document")
    if text.isspace():
        raise ReadError("no text (whitespace only)")
    return ReadDocument(text=text, format="docx")


def _check_package(data: bytes) -> None:
    """Refuse what is not a Word package before python-docx's less readable errors."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # The OLE container of Word 97-2003 files, also used for password-protected .docx.
        raise ReadError("not a Word .docx file (old .doc format, or password-protected)")
    if not data.startswith(b"PK"):
        raise ReadError("not a Word .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except Exception as error:
        # BadZipFile mostly, but zipfile also raises OSError, ValueError, NotImplementedError...
        raise ReadError("damaged Word file: zip archive is truncated or corrupt") from error
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise ReadError("damaged Word file: zip archive does not hold a Word document")
    if sum(entry.file_size for entry in entries) > _MAX_UNPACKED_BYTES:
        raise ReadError("damaged Word file: unpacks to more than 512 MB")


def _header_footer_lines(section: Any, document: Any, kind: str) -> list[str]:
    """Non-empty lines of the first section's headers (or footers), each line once."""
    parts = []
    if section.different_first_page_header_footer:
        parts.append(getattr(section, f"first_page_{kind}"))
    parts.append(getattr(section, kind))
    if document.settings.odd_and_even_pages_header_footer:
        parts.append(getattr(section, f"even_page_{kind}"))
    lines: list[str] = []
    for part in parts:
        # A first-section header "linked to previous" has no definition: nothing to read.
        if part.is_linked_to_previous:
            continue
        for line in _block_lines(part.part.element, in_table=False):
            if line.strip() and line not in lines:
                lines.append(line)
    return lines


def _block_lines(container: Any, *, in_table: bool) -> list[str]:
    """One line per paragraph under ``container``, in document order; empty cells are skipped."""
    lines: list[str] = []
    _collect_lines(container, in_table, lines)
    return lines


def _collect_lines(container: Iterable[Any], in_table: bool, lines: list[str]) -> None:
    for child in container:
        tag = child.tag
        if tag == _P:
            line = "".join(run.text for run in child.xpath(_RUN_XPATH))
            # An empty paragraph in the body is spacing between blocks (address, salutation);
            # an empty table cell is only layout.
            if line.strip() or not in_table:
                lines.append(line)
        elif tag == _TC:
            _collect_lines(child, True, lines)
        elif tag in _CONTAINERS:
            _collect_lines(child, in_table, lines)


def _detail(error: Exception) -> str:
    message = str(error)
    if "is not a Word file, content type is" in message:
        # python-docx's message names the BytesIO object; the content type is what matters.
        content_type = message.strip().rpartition(" ")[2].strip("'")
        return f"not a Word document (content type {content_type})"
    return describe_error(error)
