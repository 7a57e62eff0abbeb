"""PDF: the text layer of each page, read with pypdf; scanned images without one are refused."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from archive.models import ReadDocument
from archive.readers import ReadError, describe_error

#: Pages are joined with a form feed, so a page break stays visible in the text.
PAGE_BREAK = "\f"
#: A letter is a few pages; past this many, the rest of a document is not read. Its first
#: pages are kept (the text is still evidence and findable), with a warning that says so.
MAX_PAGES = 500

# pypdf logs every repair it makes to a damaged file; without a handler Python prints those to
# stderr, over the import progress. Reads take this lock so one restores what another silenced.
_LOGGING_LOCK = threading.RLock()

_AES_REASON = "encrypted PDF (its AES encryption needs the 'cryptography' package)"


def read_pdf(data: bytes) -> ReadDocument:
    """Read the text layer of a PDF: one form-feed-separated chunk per page."""
    if not data:
        raise ReadError("empty file")
    # The specification lets the header sit anywhere in the first 1024 bytes.
    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF file")
    with _pypdf_logging_silenced():
        page_texts, failed_pages, page_count = _read_pages(data)

    if not page_texts:
        raise ReadError("damaged PDF: no pages")
    if len(failed_pages) == len(page_texts):
        raise ReadError("damaged PDF: no page could be read")
    if all(not page_text.strip() for page_text in page_texts):
        raise ReadError("no text layer (scanned image?)")

    starts: list[int] = []
    offset = 0
    for page_text in page_texts:
        starts.append(offset)
        offset += len(page_text) + len(PAGE_BREAK)
    warnings = [_failed_pages_warning(failed_pages)] if failed_pages else []
    if page_count > len(page_texts):
        warnings.append(
            f"only the first {len(page_texts)} of its {page_count} pages were read "
            f"(at most {MAX_PAGES} pages of a PDF are read)"
        )
    return ReadDocument(
        text=PAGE_BREAK.join(page_texts),
        format="pdf",
        pages=tuple(starts),
        warnings=tuple(warnings),
    )


def _read_pages(data: bytes) -> tuple[list[str], list[int], int]:
    """Each page's text ("" for a page that failed) up to ``MAX_PAGES``, the numbers of the
    pages that failed, and how many pages the document has."""
    # pypdf raises far more than its own PdfReadError on damaged files (RecursionError,
    # ValueError, KeyError, AssertionError, zlib.error...), so everything becomes a reason.
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # pypdf has already tried the empty user password; asking again reports the outcome.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ReadError("encrypted PDF (password required)")
        pages = reader.pages
        page_count = len(pages)
    except ReadError:
        raise
    except DependencyError as error:
        raise ReadError(_AES_REASON) from error
    except NotImplementedError as error:
        if b"/Encrypt" in data:
            raise ReadError("encrypted PDF (unsupported encryption method)") from error
        raise ReadError(f"damaged PDF: {_detail(error, data)}") from error
    except Exception as error:
        raise ReadError(f"damaged PDF: {_detail(error, data)}") from error

    page_texts: list[str] = []
    failed_pages: list[int] = []
    for number in range(1, min(page_count, MAX_PAGES) + 1):
        try:
            page_texts.append(pages[number - 1].extract_text())
        except DependencyError as error:
            # Streams are decrypted lazily, so AES shows up only here.
            raise ReadError(_AES_REASON) from error
        except Exception:
            page_texts.append("")
            failed_pages.append(number)
    return page_texts, failed_pages, page_count


def _detail(error: BaseException, data: bytes) -> str:
    """A short, plain description of why pypdf gave up, for the reason a researcher reads."""
    detail = describe_error(error)
    # A PDF ends with %%EOF; its absence is the usual sign of an interrupted download or copy.
    if b"%%EOF" not in data[-1024:]:
        return f"truncated file ({detail})"
    return detail


def _failed_pages_warning(failed_pages: list[int]) -> str:
    if len(failed_pages) == 1:
        return f"page {failed_pages[0]} could not be read"
    numbers = ", ".join(str(number) for number in failed_pages[:-1])
    return f"pages {numbers} and {failed_pages[-1]} could not be read"


@contextmanager
def _pypdf_logging_silenced() -> Iterator[None]:
    """Keep pypdf's log records away from every handler (and stderr) while a PDF is read."""
    logger = logging.getLogger("pypdf")
    with _LOGGING_LOCK:
        handler = logging.NullHandler()
        propagate = logger.propagate
        logger.addHandler(handler)
        logger.propagate = False
        try:
            yield
        finally:
            logger.propagate = propagate
            logger.removeHandler(handler)
