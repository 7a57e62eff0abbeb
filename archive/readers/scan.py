"""Scans: page images (PNG, JPEG, TIFF, and PDF pages without a text layer) read by OCR.

Every page is opened, bounded and recognised one at a time, so memory stays that of one
page. A page that cannot be read is named in a warning and the letter keeps the others;
an image too large to be a letter is refused before it is decoded.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.models import ReadDocument
from archive.readers import ReadError, describe_error

if TYPE_CHECKING:
    from PIL.Image import Image

#: Pages are joined with a form feed, as PDF pages are.
PAGE_BREAK = "\f"
#: The largest page image decoded: 100 megapixels is an A4 page at 1,000 dpi or A0 at
#: 360 dpi. PIL's own bomb limit is set to this too, so nothing larger is ever decoded.
MAX_PIXELS = 100_000_000
#: At most this many pages of one document are OCR'd (a few seconds each): a 500-page
#: bundle is a collection, not a letter, and the first pages still make it findable.
MAX_OCR_PAGES = 50
#: Pages are recognised at about 200 dpi A4 (1654 x 2339): larger scans are scaled down
#: first. Measured by bench/bench_ocr.py (docs/ocr.md): against 300 dpi this halves
#: Tesseract's time a page, and its character error rate was no worse (0.34% against 0.43%
#: clean, 0.65% against 2.9% on photocopy-noisy scans, whose speckle the scaling smooths).
OCR_PIXELS = 1654 * 2339

#: Called with (pages done, pages to OCR) before the first page and after each, for progress.
PageProgress = Callable[[int, int], None]
_page_progress: PageProgress | None = None


@contextmanager
def page_progress(callback: PageProgress | None) -> Iterator[None]:
    """Report each page recognised in this block to ``callback`` (the import's progress)."""
    global _page_progress
    previous, _page_progress = _page_progress, callback
    try:
        yield
    finally:
        _page_progress = previous


@dataclass(frozen=True, slots=True)
class OcrResult:
    """Pages recognised: text per page number, and what the engine said about them."""

    texts: dict[int, str]
    engine: str
    confidence: float
    failed: tuple[tuple[int, str], ...]
    #: Each page's mean confidence (0..1), by page number.
    confidences: dict[int, float]

    def confidence_of(self, numbers: Iterable[int]) -> float:
        """Mean confidence over the pages ``numbers``, weighted by how much text each has."""
        sizes = {n: len(self.texts[n].strip()) for n in numbers if n in self.texts}
        total = sum(sizes.values())
        if not total:
            return 0.0
        return sum(self.confidences[n] * size for n, size in sizes.items()) / total


def recognise_pages(pages: Iterable[tuple[int, Callable[[], Image]]], count: int) -> OcrResult:
    """OCR each (page number, open the page's image) in turn; a page's failure is recorded.

    Raises ``ReadError`` when no OCR engine is installed (saying what to install).
    """
    from archive.ocr import OcrUnavailable, get_engine

    try:
        engine = get_engine()
    except OcrUnavailable as error:
        raise ReadError(f"a scan, but OCR is not available: {error}") from error
    texts: dict[int, str] = {}
    confidences: dict[int, float] = {}
    failed: list[tuple[int, str]] = []
    if _page_progress is not None:
        _page_progress(0, count)  # the scan's pages join the work before the first is read
    for done, (number, open_page) in enumerate(pages, 1):
        try:
            image = prepare_for_ocr(open_page())
            page = engine.recognise(image)
        except ReadError as error:
            failed.append((number, str(error)))
        except Exception as error:  # noqa: BLE001 - one page never stops the letter
            failed.append((number, describe_error(error)))
        else:
            text = page.text.replace(PAGE_BREAK, "\n").rstrip()
            texts[number] = text
            confidences[number] = page.confidence
        if _page_progress is not None:
            _page_progress(done, count)
    result = OcrResult(texts, engine.name, 0.0, tuple(failed), confidences)
    return dataclasses.replace(result, confidence=result.confidence_of(texts))


def check_size(width: int, height: int) -> None:
    """Refuse a page image larger than ``MAX_PIXELS`` before it is decoded."""
    if width * height > MAX_PIXELS:
        raise ReadError(too_large(width * height))


def too_large(pixels: int) -> str:
    """The reason an image is refused: "image too large: 900 megapixels, limit 100"."""
    return f"image too large: {pixels / 1e6:.0f} megapixels, limit {MAX_PIXELS // 1_000_000}"


#: A page turned by less than this is given to the engine as it is; one turned by more
#: (up to ``DESKEW_MAX_DEGREES``) is turned back first. Tesseract reads a turned page's lines,
#: but misreads more of its characters: on the bench (docs/ocr.md) a clean page turned 3
#: degrees had twice the errors of the same page straight ("12 December" read "42").
DESKEW_MIN_DEGREES = 0.4
DESKEW_MAX_DEGREES = 5.0


def prepare_for_ocr(image: Image) -> Image:
    """The page as the engine is given it: bounded, scaled, grey (``bounded_for_ocr``),
    and turned straight (``deskew``)."""
    return deskew(bounded_for_ocr(image))


def deskew(image: Image) -> Image:
    """The page turned so that its lines run level, when it was turned by more than
    ``DESKEW_MIN_DEGREES``; as it is otherwise (or when no angle shows lines)."""
    from PIL import Image as PILImage

    angle = skew_angle(image)
    if abs(angle) < DESKEW_MIN_DEGREES:
        return image
    grey = image.convert("L") if image.mode != "L" else image
    return grey.rotate(
        angle, resample=PILImage.Resampling.BICUBIC, expand=True, fillcolor=_paper(grey)
    )


def skew_angle(image: Image) -> float:
    """The turn (degrees, anticlockwise) that sets the page's lines level.

    The classic projection profile: turned right, the page's rows alternate sharply between
    ink (a line of text) and paper (the space between lines), so the sum of squared steps
    between neighbouring rows' darkness is highest. Tried on a quarter-size copy, in half
    degrees and then tenths; nearer to level wins a tie, so a blank page is left alone.
    """
    from PIL import Image as PILImage

    small = image.convert("L") if image.mode != "L" else image
    # About 300 pixels across: a 200 dpi A4 page at a sixth.
    small = small.reduce(max(1, min(small.size) // 280))
    paper = _paper(small)
    cache: dict[float, float] = {}

    def sharpness(angle: float) -> float:
        if angle not in cache:
            turned = small.rotate(angle, resample=PILImage.Resampling.BILINEAR, fillcolor=paper)
            rows = turned.resize((1, turned.height), PILImage.Resampling.BOX).tobytes()
            cache[angle] = float(sum((b - a) ** 2 for a, b in zip(rows, rows[1:], strict=False)))
        return cache[angle]

    def best(angles: Iterable[float]) -> float:
        return max(sorted(angles, key=abs), key=sharpness)

    half_steps = round(DESKEW_MAX_DEGREES * 2)
    coarse = best(step / 2 for step in range(-half_steps, half_steps + 1))
    return best(round(coarse + step / 10, 1) for step in range(-4, 5))


def _paper(image: Image) -> int:
    """The page's commonest grey: its paper (the fill for the corners a turn uncovers)."""
    histogram = image.histogram()[:256]
    return max(range(len(histogram)), key=histogram.__getitem__)


def bounded_for_ocr(image: Image) -> Image:
    """The page in greyscale, scaled down to about 200 dpi A4 when it is larger."""
    check_size(image.width, image.height)
    pixels = image.width * image.height
    if pixels > OCR_PIXELS * 1.2:
        # Scaled first, so converting never holds more than an A4 page's pixels.
        factor = math.sqrt(OCR_PIXELS / pixels)
        size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
        base = image.convert("RGBA") if image.mode in ("P", "PA", "1") else image
        image = base.resize(size)
    return greyscale(image)


def greyscale(image: Image) -> Image:
    """The page as 8-bit grey, as paper shows it: transparent parts white (a plain convert
    turns them black, hiding the text), 16-bit scans scaled down (a convert clips them)."""
    from PIL import Image as PILImage

    if image.mode in ("L", "1"):
        return image
    if image.mode.startswith("I") or image.mode == "F":
        extremes = image.getextrema()
        top = float(extremes[1]) if isinstance(extremes[1], int | float) else 255.0
        if top > 255:
            image = image.convert("F").point(lambda value: value * 255.0 / top)
        return image.convert("L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PILImage.alpha_composite(paper, rgba).convert("L")
    return image.convert("L")


def read_image(data: bytes, fmt: str = "image") -> ReadDocument:
    """Read a PNG, JPEG or (multi-page) TIFF scan by OCR, one page at a time.

    Readers run in threads as well as processes, so nothing here touches the process's
    warning filters for a while (``warnings.catch_warnings`` is not thread-safe: one
    thread's exit restores filters another thread set, and a stray "error" or "ignore"
    outlives both). A bomb is refused by comparing the size its header declares with
    ``MAX_PIXELS`` before a pixel is decoded.
    """
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    _quiet_pil()
    if not data:
        raise ReadError("empty file")
    try:
        image = PILImage.open(io.BytesIO(data))  # the header only: nothing is decoded yet
        check_size(*image.size)
        frames = getattr(image, "n_frames", 1)
    except ReadError:
        raise
    except PILImage.DecompressionBombError as error:
        # PIL's own guard (set to ours) refused it while reading the header; its message
        # gives the size it read there.
        size = re.search(r"\((\d+) pixels\)", str(error))
        reason = too_large(int(size.group(1))) if size else "image too large"
        raise ReadError(reason) from error
    except UnidentifiedImageError as error:
        raise ReadError("not a readable image (damaged, or not an image file)") from error
    except Exception as error:
        raise ReadError(f"damaged image: {describe_error(error)}") from error

    cut_short: list[int] = []

    def frame(number: int) -> Callable[[], Image]:
        def open_frame() -> Image:
            image.seek(number - 1)
            check_size(*image.size)
            pixels = image.width * image.height
            if image.format == "JPEG" and pixels > OCR_PIXELS * 1.2:
                # Decoded straight at 1/2, 1/4 or 1/8 size: a large scan never whole.
                factor = math.sqrt(OCR_PIXELS / pixels)
                image.draft("L", (round(image.width * factor), round(image.height * factor)))
            try:
                image.load()
            except OSError as error:
                reason = f"damaged image: {describe_error(error)}"
                partial = _first_part(data, number) if "truncated" in str(error) else None
                if partial is None:
                    raise ReadError(reason) from error
                cut_short.append(number)
                return partial
            return image

        return open_frame

    to_read = min(frames, MAX_OCR_PAGES)
    result = recognise_pages(((n, frame(n)) for n in range(1, to_read + 1)), to_read)
    if not result.texts:
        reasons = "; ".join(reason for _number, reason in result.failed[:1])
        raise ReadError(reasons or "no page could be read")
    if not any(text.strip() for text in result.texts.values()):
        if cut_short:
            raise ReadError("damaged image: truncated, and no text in the part that was read")
        raise ReadError("no text found by OCR (a blank page?)")
    page_texts = [result.texts.get(n, "") for n in range(1, to_read + 1)]
    notes = [
        f"page {n} is cut short (a truncated file): only its first part was read" for n in cut_short
    ]
    notes += failed_pages_warnings(result.failed)
    if frames > to_read:
        notes.append(capped_warning(to_read, frames))
    return scanned_document(page_texts, fmt, result, notes, range(1, to_read + 1))


_TRUNCATED_LOCK = threading.Lock()


def _quiet_pil() -> None:
    """Keep PIL's limit at ours and its warnings off the terminal, for the whole process.

    PIL warns of what it repairs (corrupt EXIF, a TIFF tag past the end) and of an image
    between its limit and twice it: printed, that would land over the import's progress,
    and what matters reaches the researcher as a reason or a note. Both settings are the
    same every time, so threads setting them at once agree; the bounds never depend on them.
    """
    from PIL import Image as PILImage

    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    warnings.filterwarnings("ignore", module=r"PIL(\.|$)")


def _first_part(data: bytes, number: int) -> Image | None:
    """What decodes of page ``number`` of a truncated image, without the blank PIL fills
    the rest with; None when nothing does."""
    from PIL import Image as PILImage
    from PIL import ImageFile

    # PIL has one switch for the whole process; it is turned on only for this load.
    with _TRUNCATED_LOCK:
        ImageFile.LOAD_TRUNCATED_IMAGES = True
        try:
            image = PILImage.open(io.BytesIO(data))
            image.seek(number - 1)
            image.load()
        except Exception:  # noqa: BLE001 - then the page is damaged, as first reported
            return None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = False
    # Rows past the end of the data decode as zeros: keep the rows above them.
    box = image.getbbox()
    if box is None or box[3] < 2:
        return None
    return image.crop((0, 0, image.width, box[3]))


def scanned_document(
    page_texts: list[str],
    fmt: str,
    result: OcrResult,
    notes: list[str],
    ocr_numbers: Iterable[int],
) -> ReadDocument:
    """The document from its pages' texts, marked with what OCR read."""
    starts: list[int] = []
    offset = 0
    for page_text in page_texts:
        starts.append(offset)
        offset += len(page_text) + len(PAGE_BREAK)
    return ReadDocument(
        text=PAGE_BREAK.join(page_texts),
        format=fmt,
        pages=tuple(starts),
        warnings=tuple(notes),
        ocr_engine=result.engine,
        ocr_confidence=round(result.confidence, 3),
        ocr_pages=tuple(n for n in ocr_numbers if n in result.texts),
    )


def failed_pages_warnings(failed: Iterable[tuple[int, str]]) -> list[str]:
    return [f"page {number} could not be read by OCR ({reason})" for number, reason in failed]


def capped_warning(read: int, total: int) -> str:
    return (
        f"only the first {read} of its {total} scanned pages were read "
        f"(at most {MAX_OCR_PAGES} pages of a scan are OCR'd)"
    )
