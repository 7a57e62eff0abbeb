"""Readers turn a file's bytes into a ``ReadDocument``; one module per format.

A reader never guesses silently: anything it cannot read raises ``ReadError`` whose message is
the reason a researcher sees next to the file name ("no text layer (scanned image?)").
"""

from __future__ import annotations

from collections.abc import Callable
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
}


def format_for(path: Path | str) -> str | None:
    """The format name for a path by its suffix, or None when it is not a letter format."""
    return FORMATS.get(Path(path).suffix.lower())


def read_bytes(data: bytes, fmt: str) -> ReadDocument:
    """Read a document of format ``fmt`` from its bytes; raises ``ReadError``."""
    reader = _readers().get(fmt)
    if reader is None:
        raise ReadError(f"unsupported format {fmt!r}")
    return reader(data)


def _readers() -> dict[str, Callable[[bytes], ReadDocument]]:
    # Imported lazily: pypdf and python-docx cost start-up time that `extract` on text avoids.
    from archive.readers import docx, email, pdf, text

    return {
        "txt": text.read_text,
        "md": text.read_text,
        "pdf": pdf.read_pdf,
        "docx": docx.read_docx,
        "eml": email.read_eml,
    }
