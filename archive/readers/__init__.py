"""Readers turn a file's bytes into a ``ReadDocument``; one module per format.

A reader never guesses silently: anything it cannot read raises ``ReadError`` whose message is
the reason a researcher sees next to the file name ("no text layer (scanned image?)").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from archive.models import ReadDocument


class ReadError(Exception):
    """A document that cannot be read; ``str(error)`` is the reason, in plain words."""


#: File suffix (lower case) -> format name. Anything else is skipped and counted, not an error.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
    ".eml": "eml",
    # Scans, read by OCR (archive/readers/scan.py).
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
}


#: Formats letters come in that are not read (yet): counted as unsupported, with what to do.
UNSUPPORTED: dict[str, str] = {
    ".doc": "Word 97-2003: save as .docx",
    ".rtf": "rich text: save as .docx or .txt",
    ".odt": "OpenDocument: save as .docx",
    ".pages": "Pages: export as .docx",
    ".msg": "Outlook message: save as .eml",
    ".wpd": "WordPerfect: save as .docx",
    ".htm": "a web page: save as .txt",
    ".html": "a web page: save as .txt",
}


def format_for(path: Path | str) -> str | None:
    """The format name for a path by its suffix, or None when it is not a letter format."""
    return FORMATS.get(Path(path).suffix.lower())


def read_bytes(data: bytes, fmt: str) -> ReadDocument:
    """Read a document of format ``fmt`` from its bytes; raises ``ReadError``.

    A file whose bytes plainly are another format than its name says (a PDF saved as
    ".txt", a Word file as ".pdf") is read as what it is, with a warning saying so, the way
    a file manager opens it by its content rather than failing on its name.
    """
    actual = sniff_format(data)
    if actual is not None and _FAMILY.get(actual, actual) != _FAMILY.get(fmt, fmt):
        named, real = _FORMAT_NAMES.get(fmt, fmt), _FORMAT_NAMES.get(actual, actual)
        reader = _READERS.get(actual) or _reader(actual)
        try:
            document = reader(data)
        except ReadError as error:
            raise ReadError(f"{error} (its name says {named} but it is {real})") from None
        note = f"its name says {named} but it is {real}: read as {real}"
        return replace(document, warnings=(note, *document.warnings))
    reader = _READERS.get(fmt) or _reader(fmt)
    return reader(data)


#: Formats read by the same reader (a PNG named ".jpg" is still a scan read by OCR).
_FAMILY: dict[str, str] = {
    "txt": "text",
    "md": "text",
    "png": "scan",
    "jpeg": "scan",
    "tiff": "scan",
}
_FORMAT_NAMES: dict[str, str] = {
    "txt": "a text file",
    "md": "a Markdown file",
    "pdf": "a PDF",
    "docx": "a Word file",
    "eml": "an e-mail",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "tiff": "a TIFF image",
}
#: Opening bytes that say a file's format whatever its name (the formats' own signatures).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


def sniff_format(data: bytes) -> str | None:
    """The format a file's bytes plainly are, by their signature, or None when they do not say.

    Only signatures no text letter starts with count: a PDF's "%PDF-" (which may follow a
    little junk, as PDF readers allow), a Word file's zip holding ``word/document.xml``, and
    the image formats. Text, Markdown and e-mail have no signature and are never guessed.
    """
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        # A .docx is a zip whose entries name word/document.xml; other zips are not letters.
        return "docx" if b"word/" in data[:65536] else None
    for signature, fmt in _SIGNATURES:
        if head.startswith(signature):
            return fmt
    return None


def describe_error(error: BaseException, limit: int = 80) -> str:
    """The first line of a library's error message, shortened, for the detail of a reason."""
    if isinstance(error, RecursionError):
        return "objects nested too deeply"
    if isinstance(error, MemoryError):
        return "too large to read"
    if isinstance(error, (AttributeError, TypeError, AssertionError)):
        # A library's own slip on a part it did not expect ("'lxml.etree._Element' object
        # has no attribute 'overrides'"): what the user needs is that the file's inside is
        # not laid out as its format says.
        return "its parts are not laid out as the format requires"
    message = str(error).strip()
    if "XML_PARSE_HUGE" in message or "resource limit exceeded" in message:
        # lxml's guard against a part built to exhaust memory (a "zip bomb" of text).
        return "a part is too large to read safely"
    first_line = message.splitlines()[0] if message else ""
    if not first_line:
        return "unreadable structure"
    if isinstance(error, KeyError):
        first_line = f"missing entry {first_line}"
    if len(first_line) > limit:
        first_line = first_line[: limit - 3].rstrip() + "..."
    return first_line[:1].lower() + first_line[1:]


#: Format -> (reader module, function, keyword arguments): each module is imported when a
#: file of its format is first read, so a worker reading only text never loads PDFium, pypdf,
#: lxml or the OCR engine (about half a second of start-up each time a worker starts).
_READER_FUNCTIONS: dict[str, tuple[str, str, dict[str, str]]] = {
    "txt": ("text", "read_text", {}),
    "md": ("text", "read_text", {"fmt": "md"}),
    "pdf": ("pdf", "read_pdf", {}),
    "docx": ("docx", "read_docx", {}),
    "eml": ("email", "read_eml", {}),
    "png": ("scan", "read_image", {"fmt": "png"}),
    "jpeg": ("scan", "read_image", {"fmt": "jpeg"}),
    "tiff": ("scan", "read_image", {"fmt": "tiff"}),
}
_READERS: dict[str, Callable[[bytes], ReadDocument]] = {}


def _reader(fmt: str) -> Callable[[bytes], ReadDocument]:
    """The reader of ``fmt``, its module imported now (then kept in ``_READERS``)."""
    import importlib

    try:
        module_name, function_name, keywords = _READER_FUNCTIONS[fmt]
    except KeyError:
        raise ReadError(f"unsupported format {fmt!r}") from None
    module = importlib.import_module(f"archive.readers.{module_name}")
    function = getattr(module, function_name)
    reader = partial(function, **keywords) if keywords else function
    _READERS[fmt] = reader
    return reader
