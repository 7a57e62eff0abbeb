"""PDF: the text layer of each page, or OCR for pages without one.

Text layers are read with PDFium, and with pypdf where PDFium cannot.
"""

from __future__ import annotations

import functools
import io
import logging
import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from archive.models import ReadDocument
from archive.readers import ReadError, describe_error, scan

if TYPE_CHECKING:
    from PIL.Image import Image

#: Pages are joined with a form feed, so a page break stays visible in the text.
PAGE_BREAK = "\f"
#: A letter is a few pages; past this many, the rest of a document is not read. Its first
#: pages are kept (the text is still evidence and findable), with a warning that says so.
MAX_PAGES = 500
#: A page that shows an image and has fewer visible characters than this may be a scan:
#: it is OCR'd. Disclosure bundles stamp each scanned page with a line of text ("Released
#: under FOI 2016/0123, page 3 of 20"), so an empty text layer is not the only sign.
SPARSE_TEXT_CHARS = 200
#: Scanned pages are rendered for OCR at this resolution (see ``scan.OCR_PIXELS``: measured
#: as accurate as 300 dpi for Tesseract, at half the time a page).
_DPI = 200

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
    read = _read_pages_pdfium(data)
    if read is None:
        # PDFium refused the file or a page: pypdf reads it, and names what is wrong with it.
        with _pypdf_logging_silenced():
            read = _read_pages(data)
    page_texts, failed_pages, page_count, imaged = read

    if not page_texts:
        raise ReadError("damaged PDF: no pages")
    # Pages with an image and next to no text are scans; so may be pages pypdf failed on.
    scanned = [
        number
        for number, page_text in enumerate(page_texts, 1)
        if (number in imaged and _visible(page_text) < SPARSE_TEXT_CHARS) or number in failed_pages
    ]
    ocr_warnings: list[str] = []
    result = None
    if scanned:
        try:
            result = _ocr_pages(data, scanned)
        except ReadError as error:
            # No OCR here: the text layer is all there is.
            if all(not page_text.strip() for page_text in page_texts):
                raise ReadError(f"no text layer (scanned image?): {error}") from error
            ocr_warnings.append(f"pages that look scanned were not read by OCR ({error})")
    used: list[int] = []
    if result is not None:
        for number, text in result.texts.items():
            # The text layer stands unless OCR found far more: a typed page with a logo
            # keeps its own text; a scan with a stamped line gets the letter read.
            layer, found = _visible(page_texts[number - 1]), _visible(text)
            if found and (not layer or found > 2 * layer + 50):
                page_texts[number - 1] = text
                used.append(number)
                if number in failed_pages:
                    failed_pages.remove(number)
        # A page pypdf could not read either is named once, as unreadable.
        ocr_warnings += scan.failed_pages_warnings(
            (n, reason) for n, reason in result.failed if n not in failed_pages
        )
        if len(scanned) > scan.MAX_OCR_PAGES:
            ocr_warnings.append(scan.capped_warning(scan.MAX_OCR_PAGES, len(scanned)))
    if len(failed_pages) == len(page_texts):
        raise ReadError("damaged PDF: no page could be read")
    if all(not page_text.strip() for page_text in page_texts):
        if result is not None and result.failed:
            raise ReadError(f"a scan whose pages could not be read: {result.failed[0][1]}")
        raise ReadError("no text layer (scanned image?)")

    starts: list[int] = []
    offset = 0
    for page_text in page_texts:
        starts.append(offset)
        offset += len(page_text) + len(PAGE_BREAK)
    warnings = [_failed_pages_warning(failed_pages)] if failed_pages else []
    warnings += ocr_warnings
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
        ocr_engine=result.engine if used and result is not None else "",
        ocr_confidence=round(result.confidence_of(used), 3) if result is not None else 0.0,
        ocr_pages=tuple(used),
    )


def _visible(text: str) -> int:
    """How many characters of ``text`` are not white space."""
    return len("".join(text.split()))


def _ocr_pages(data: bytes, numbers: list[int]) -> scan.OcrResult:
    """OCR the pages ``numbers`` (from 1), each rendered at about 200 dpi, one at a time."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception as error:
        raise ReadError(f"its pages could not be rendered ({describe_error(error)})") from error
    numbers = numbers[: scan.MAX_OCR_PAGES]

    def render(number: int) -> Callable[[], Image]:
        def rendered() -> Image:
            page = document[number - 1]
            try:
                width, height = page.get_size()
                area = max(width * height, 1.0)
                # 200 dpi, or less for a page larger than A4, so no page renders past A4's pixels.
                scale = min(_DPI / 72, math.sqrt(scan.OCR_PIXELS / area))
                image: Image = page.render(scale=scale, grayscale=True).to_pil()
                return image
            finally:
                page.close()

        return rendered

    try:
        return scan.recognise_pages(((n, render(n)) for n in numbers), len(numbers))
    finally:
        document.close()


#: Each page's text ("" for a page that failed), the pages that failed, how many pages the
#: document has, and pages that may be scans (they show an image).
_Pages = tuple[list[str], list[int], int, set[int]]

# PDFium is not thread-safe; the app may read a PDF in one thread while it renders another.
_PDFIUM_LOCK = threading.Lock()
# What PDFium's text page marks: the line breaks it infers, and a hyphen that ended a line
# (it then leaves the line break out, joining the word's halves).
_PDFIUM_BREAK = "\r\n"
_PDFIUM_HYPHEN = "\ufffe"
#: Two lines whose glyph boxes overlap by this share of the smaller one are one line: a
#: superscript ("14th", as Word writes ordinals) that PDFium sets on a line of its own.
_SAME_LINE_OVERLAP = 0.5
#: A step down to the next line this many times the page's usual step is a blank line: an
#: empty paragraph (pypdf reads a Word file's as a line of spaces) or paragraph spacing.
_PARAGRAPH_STEP = 1.5


def _read_pages_pdfium(data: bytes) -> _Pages | None:
    """The pages' text by PDFium (C, about ten times faster than pypdf on a letter), or None
    when PDFium cannot open the file or read a page (pypdf then reads it, and says why not)."""
    import pypdfium2

    with _PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
        except Exception:  # noqa: BLE001 - pypdf reads it again and names the problem
            return None
        try:
            page_count = len(document)
            page_texts: list[str] = []
            imaged: set[int] = set()
            for number in range(1, min(page_count, MAX_PAGES) + 1):
                page = document[number - 1]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = _page_text(textpage)
                    finally:
                        textpage.close()
                    visible = _visible(text)
                    if not visible:
                        # A blank page, a scan, or a page PDFium could not decode (it does
                        # not say which): pypdf tells them apart as it always has.
                        return None
                    # Only a page with next to no text can be a scan: only its images count.
                    if visible < SPARSE_TEXT_CHARS and _draws_image(page):
                        imaged.add(number)
                finally:
                    page.close()
                page_texts.append(text)
        except Exception:  # noqa: BLE001 - as above
            return None
        finally:
            document.close()
    return page_texts, [], page_count, imaged


def _page_text(textpage: Any) -> str:
    """A page's text as pypdf gives it: lines broken with "\n", a line-end hyphen kept with
    its line break, a raised or lowered run of glyphs kept on its line, and a blank line
    where the lines are set apart by a blank line's height (a paragraph break)."""
    text: str = textpage.get_text_range()
    if _PDFIUM_BREAK not in text and _PDFIUM_HYPHEN not in text:
        return text
    # Text indices are character indices unless a character lies outside the BMP.
    if textpage.count_chars() != len(text):
        return text.replace(_PDFIUM_BREAK, "\n").replace(_PDFIUM_HYPHEN, "-\n")
    breaks = _line_breaks(textpage, text)
    # A paragraph break is a step down well past the page's usual step from line to line
    # (so double-spaced lines are not each a paragraph).
    steps = sorted(step for _at, joint, step in breaks if joint == "\n" and step > 0)
    usual = steps[len(steps) // 2] if steps else 0.0
    pieces: list[str] = []
    start = 0
    for at, joint, step in breaks:
        pieces.append(text[start:at])
        blank = joint == "\n" and usual > 0 and step >= _PARAGRAPH_STEP * usual
        pieces.append("\n\n" if blank else joint)
        start = at + len(_PDFIUM_BREAK)
    pieces.append(text[start:])
    return "".join(pieces).replace(_PDFIUM_HYPHEN, "-\n")


#: A character without a box: seen as no line, so the break beside it stays.
_NO_BOX = [0.0, 0.0, 0.0, 0.0]


def _line_breaks(textpage: Any, text: str) -> list[tuple[int, str, float]]:
    """Each line break PDFium put in ``text``: where it is, what stands for it ("\n";
    nothing, or a space, when the glyphs either side sit on one line: a superscript or
    subscript), and how far down the next line starts (0 when not known)."""
    import ctypes

    get_box, handle = _loose_char_box(), textpage.raw
    rect = (ctypes.c_float * 4)()  # left, top, right, bottom: PDFium's FS_RECTF
    rect_ref = ctypes.byref(rect)
    breaks: list[tuple[int, str, float]] = []
    end = len(text)
    at = text.find(_PDFIUM_BREAK)
    while at != -1:
        # The glyphs either side, past the spaces PDFium keeps at a line's end or start.
        before, after = at - 1, at + len(_PDFIUM_BREAK)
        while before >= 0 and text[before] in " \t":
            before -= 1
        while after < end and text[after] in " \t":
            after += 1
        joint, step = "\n", 0.0
        if before >= 0 and after < end and not (text[before].isspace() or text[after].isspace()):
            left, top, right, bottom = rect[:] if get_box(handle, before, rect_ref) else _NO_BOX
            next_left, next_top, _right, next_bottom = (
                rect[:] if get_box(handle, after, rect_ref) else _NO_BOX
            )
            # min() and max() spelled out (the same comparisons, in the same order): this
            # loop is most of a page's Python time.
            height, next_height = top - bottom, next_top - next_bottom
            smaller = next_height if next_height < height else height
            if not smaller <= 0:  # so a NaN height goes on, as through min()
                low_top = next_top if next_top < top else top
                high_bottom = next_bottom if next_bottom > bottom else bottom
                if low_top - high_bottom >= _SAME_LINE_OVERLAP * smaller and next_left >= left:
                    # Glyphs set apart by more than a narrow space were two words.
                    joint = " " if next_left - right > 0.15 * smaller else ""
                else:
                    step = bottom - next_bottom
        breaks.append((at, joint, step))
        at = text.find(_PDFIUM_BREAK, at + len(_PDFIUM_BREAK))
    return breaks


@functools.cache
def _loose_char_box() -> Callable[..., int]:
    """PDFium's ``FPDFText_GetLooseCharBox`` without argument types: ctypes then passes the
    text page, index and rectangle as they are instead of converting each, which halves the
    cost of a call that runs for two characters a line (pypdfium2's wrapper costs more)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    typed = pdfium_c.FPDFText_GetLooseCharBox
    address = ctypes.cast(typed, ctypes.c_void_p).value
    untyped: Callable[..., int] = type(typed)(address)  # the library's calling convention
    untyped.restype = ctypes.c_int  # type: ignore[attr-defined]
    return untyped


def _draws_image(page: Any) -> bool:
    """True if the page draws an image (directly or in a form it draws): a scan's page."""
    import pypdfium2.raw as pdfium_c

    for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        return True
    return False


def _read_pages(data: bytes) -> _Pages:
    """Each page's text ("" for a page that failed) up to ``MAX_PAGES``, the numbers of the
    pages that failed, how many pages the document has, and the pages that show an image."""
    # Imported here: PDFium reads nearly every PDF, and pypdf (with the cryptography package
    # it loads) would add a tenth of a second to every reader process's start.
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

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
    imaged: set[int] = set()
    for number in range(1, min(page_count, MAX_PAGES) + 1):
        try:
            if _shows_image(pages[number - 1]):
                imaged.add(number)
        except Exception:  # noqa: BLE001 - then it is only not known to be a scan
            pass
        try:
            page_texts.append(pages[number - 1].extract_text())
        except DependencyError as error:
            # Streams are decrypted lazily, so AES shows up only here.
            raise ReadError(_AES_REASON) from error
        except Exception:
            page_texts.append("")
            failed_pages.append(number)
    return page_texts, failed_pages, page_count, imaged


def _shows_image(page: Any) -> bool:
    """True if the page draws an image (directly or in a form it draws): a scan's page."""
    resources = page.get("/Resources")
    pending = [resources.get_object()] if resources is not None else []
    seen = 0
    while pending and seen < 32:
        seen += 1
        xobjects = pending.pop().get("/XObject")
        if xobjects is None:
            continue
        for xobject in xobjects.get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                return True
            inner = xobject.get("/Resources")
            if xobject.get("/Subtype") == "/Form" and inner is not None:
                pending.append(inner.get_object())
    return False


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
