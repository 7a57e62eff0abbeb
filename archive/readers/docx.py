"""Word .docx: header, body (paragraphs and tables in document order), footer.

Read from the package's XML with lxml, the parts a letter's text is in (python-docx loads
and parses every part of the package, styles, numbering and images included: three times
the CPU); a package that does not look as expected is read by python-docx, which names
what is wrong with it. Both give the same text.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from archive.models import ReadDocument
from archive.readers import ReadError, describe_error

# A .docx is a zip archive: sizes declared inside it bound what reading it may unpack, so a zip
# bomb is refused before python-docx inflates it into memory.
_MAX_UNPACKED_BYTES = 512 * 1024 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P = f"{{{_W}}}p"
_TC = f"{{{_W}}}tc"
_RUN_XPATH = (
    # Deleted and moved-away text is not what the letter says; text boxes are left out because
    # Word stores each one twice (a drawing and its legacy fallback).
    ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]"
)
# Elements whose children are more blocks: tables and rows, and the wrappers templates put
# around paragraphs (content controls, custom XML) that python-docx's iterators skip.
_CONTAINERS = frozenset(f"{{{_W}}}{tag}" for tag in ("tbl", "tr", "sdt", "sdtContent", "customXml"))


def read_docx(data: bytes) -> ReadDocument:
    """Read a .docx: first-section header lines, the body in document order, then the footer."""
    if not data:
        raise ReadError("empty file")
    _check_package(data)
    try:
        lines = _read_package(data)
    except Exception:  # noqa: BLE001 - python-docx reads it again and names the problem
        lines = None
    if lines is not None:
        return _document(lines)
    # Imported only here: lxml reads nearly every file, and python-docx's modules would add
    # to every reader process's start.
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        section = document.sections[0] if len(document.sections) else None
        header_lines = _header_footer_lines(section, document, "header") if section else []
        body_lines = _paragraph_lines(document.element.body, _docx_paragraph_text)
        footer_lines = _header_footer_lines(section, document, "footer") if section else []
    except ReadError:
        raise
    except Exception as error:
        raise ReadError(f"damaged Word file: {_detail(error)}") from error

    return _document([*header_lines, *body_lines, *footer_lines])


def _document(lines: list[str]) -> ReadDocument:
    text = "\n".join(lines)
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
    # A first-section header "linked to previous" has no definition: nothing to read.
    return _unique_lines(
        _paragraph_lines(part.part.element, _docx_paragraph_text)
        for part in parts
        if not part.is_linked_to_previous
    )


def _paragraph_lines(container: Any, text_of: Callable[[Any], str]) -> list[str]:
    """One line per paragraph under ``container``, in document order; empty cells are skipped.

    ``text_of`` reads a paragraph: python-docx's elements and lxml's are read differently."""
    lines: list[str] = []
    _collect_lines(container, False, lines, text_of)
    return lines


def _unique_lines(stories: Iterable[list[str]]) -> list[str]:
    """The non-blank lines of a section's headers (or footers), each line once, in order."""
    lines: list[str] = []
    for story in stories:
        for line in story:
            if line.strip() and line not in lines:
                lines.append(line)
    return lines


def _docx_paragraph_text(paragraph: Any) -> str:
    return "".join(run.text for run in paragraph.xpath(_RUN_XPATH))


def _collect_lines(
    container: Iterable[Any], in_table: bool, lines: list[str], text_of: Callable[[Any], str]
) -> None:
    for child in container:
        tag = child.tag
        if tag == _P:
            line = text_of(child)
            # An empty paragraph in the body is spacing between blocks (address, salutation);
            # an empty table cell is only layout.
            if line.strip() or not in_table:
                lines.append(line)
        elif tag == _TC:
            _collect_lines(child, True, lines, text_of)
        elif tag in _CONTAINERS:
            _collect_lines(child, in_table, lines, text_of)


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = _R + "/officeDocument"
_SETTINGS = _R + "/settings"
_WML_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# As python-docx parses: blank text between elements dropped, no entities resolved.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_RUNS = etree.XPath(_RUN_XPATH, namespaces={"w": _W})
_SECTIONS = etree.XPath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces={"w": _W})
#: A run's text, element by element, as python-docx's ``Run.text`` gives it.
_RUN_TEXT = {
    f"{{{_W}}}tab": "\t",
    f"{{{_W}}}ptab": "\t",
    f"{{{_W}}}cr": "\n",
    f"{{{_W}}}noBreakHyphen": "-",
}
_T = f"{{{_W}}}t"
_BR = f"{{{_W}}}br"
_BR_TYPE = f"{{{_W}}}type"
_VAL = f"{{{_W}}}val"
_ON_OFF = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


class _Unusual(Exception):
    """Something python-docx reads its own way (or refuses): it reads the file instead."""


def _read_package(data: bytes) -> list[str]:
    """The lines python-docx's reading gives, from the document, header and footer XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        main = _related(package, "", _OFFICE_DOCUMENT)
        if main is None or _content_type(package, main) != _WML_MAIN:
            raise _Unusual(main)
        root = etree.fromstring(package.read(main), _PARSER)
        body = root.find(f"{{{_W}}}body")
        if body is None:
            raise _Unusual("no body")
        sections = _SECTIONS(root)
        if not sections:
            return _paragraph_lines(body, _paragraph_text)
        section = sections[0]
        settings = _related(package, main, _SETTINGS)
        even_pages = False
        if settings is not None:
            element = etree.fromstring(package.read(settings), _PARSER)
            even_pages = _on_off(element.find(f"{{{_W}}}evenAndOddHeaders"))
        kinds = ["default"]
        if _on_off(section.find(f"{{{_W}}}titlePg")):
            kinds.insert(0, "first")
        if even_pages:
            kinds.append("even")
        header_lines = _story_lines(package, main, section, "header", kinds)
        body_lines = _paragraph_lines(body, _paragraph_text)
        footer_lines = _story_lines(package, main, section, "footer", kinds)
    return [*header_lines, *body_lines, *footer_lines]


def _story_lines(
    package: zipfile.ZipFile, main: str, section: Any, kind: str, kinds: list[str]
) -> list[str]:
    """Non-empty lines of the section's headers (or footers) of ``kinds``, each line once."""
    stories: list[list[str]] = []
    for which in kinds:
        reference = section.find(f"{{{_W}}}{kind}Reference[@{{{_W}}}type='{which}']")
        if reference is None:
            continue  # linked to the previous section: nothing of its own
        part = _related(package, main, None, reference.get(f"{{{_R}}}id"))
        if part is None:
            raise _Unusual(kind)
        stories.append(
            _paragraph_lines(etree.fromstring(package.read(part), _PARSER), _paragraph_text)
        )
    return _unique_lines(stories)


def _paragraph_text(paragraph: Any) -> str:
    pieces: list[str] = []
    for run in _RUNS(paragraph):
        for child in run:
            tag = child.tag
            if tag == _T:
                pieces.append(child.text or "")
            elif tag == _BR:
                if child.get(_BR_TYPE, "textWrapping") == "textWrapping":
                    pieces.append("\n")
            elif isinstance(tag, str) and tag in _RUN_TEXT:
                pieces.append(_RUN_TEXT[tag])
    return "".join(pieces)


def _on_off(element: Any) -> bool:
    if element is None:
        return False
    value = element.get(_VAL)
    if value is None:
        return True
    if value not in _ON_OFF:
        raise _Unusual(value)  # python-docx refuses it, with its own words
    return _ON_OFF[value]


def _related(
    package: zipfile.ZipFile, source: str, kind: str | None, rid: str | None = None
) -> str | None:
    """The part ``source`` ("" for the package) relates to by type ``kind`` or by ``rid``."""
    folder, name = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        rels = etree.fromstring(package.read(rels_name), _PARSER)
    except KeyError:
        return None
    for relationship in rels.iterfind(f"{{{_PACKAGE_RELS}}}Relationship"):
        if relationship.get("TargetMode") == "External":
            continue
        if (kind is not None and relationship.get("Type") == kind) or (
            rid is not None and relationship.get("Id") == rid
        ):
            target = relationship.get("Target") or ""
            if target.startswith("/"):
                return posixpath.normpath(target[1:])
            return posixpath.normpath(posixpath.join(folder, target))
    return None


def _content_type(package: zipfile.ZipFile, part: str) -> str | None:
    types = etree.fromstring(package.read("[Content_Types].xml"), _PARSER)
    for override in types.iterfind(f"{{{_CONTENT_TYPES}}}Override"):
        if (override.get("PartName") or "").lower() == f"/{part}".lower():
            return str(override.get("ContentType"))
    extension = posixpath.splitext(part)[1][1:].lower()
    for default in types.iterfind(f"{{{_CONTENT_TYPES}}}Default"):
        if (default.get("Extension") or "").lower() == extension:
            return str(default.get("ContentType"))
    return None


def _detail(error: Exception) -> str:
    message = str(error)
    if "is not a Word file, content type is" in message:
        # python-docx's message names the BytesIO object; the content type is what matters.
        content_type = message.strip().rpartition(" ")[2].strip("'")
        return f"not a Word document (content type {content_type})"
    return describe_error(error)
