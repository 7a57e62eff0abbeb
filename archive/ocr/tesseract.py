"""Tesseract through tesserocr (its C API: no process per page), with Debian's language data."""

from __future__ import annotations

import glob
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archive.ocr import ENGINES, OcrPage, OcrUnavailable

if TYPE_CHECKING:
    from PIL.Image import Image

NAME = "tesseract"
LANGUAGE = "eng"
#: Tesseract 5's ``thresholding_method``: 0 Otsu over the page, 1 Otsu in tiles, 2 Sauvola.
THRESHOLDING_SAUVOLA = "2"
#: Where distributions put Tesseract's language data (``TESSDATA_PREFIX`` comes first).
_TESSDATA_GLOBS = (
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tesseract-ocr/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


def tessdata_dir() -> str | None:
    """The folder holding ``eng.traineddata``, or None when it is not installed."""
    candidates = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [prefix, os.path.join(prefix, "tessdata")]
    for pattern in _TESSDATA_GLOBS:
        candidates += sorted(glob.glob(pattern), reverse=True)
    for folder in candidates:
        if os.path.isfile(os.path.join(folder, f"{LANGUAGE}.traineddata")):
            return folder
    return None


class TesseractEngine:
    """One Tesseract instance, reused page after page (initialising it costs ~0.3 s)."""

    name = NAME

    def __init__(self, api: Any) -> None:
        self._api = api
        self._lock = threading.Lock()  # a TessBaseAPI is not thread-safe

    def recognise(self, image: Image) -> OcrPage:
        from tesserocr import RIL, iterate_level

        with self._lock:
            self._api.SetImage(image)
            self._api.Recognize()
            lines: list[PrintedLine] = []
            iterator = self._api.GetIterator()
            if iterator is not None:
                for line in iterate_level(iterator, RIL.TEXTLINE):
                    try:
                        text = line.GetUTF8Text(RIL.TEXTLINE)
                    except RuntimeError:  # "No text returned": an empty line
                        continue
                    box = line.BoundingBox(RIL.TEXTLINE)
                    if text and text.strip() and box:
                        # At a line's start the iterator is also at its first word.
                        first_word = line.BoundingBox(RIL.WORD) or box
                        lines.append(
                            PrintedLine(
                                text.rstrip(),
                                line.Baseline(RIL.TEXTLINE),
                                tuple(box),
                                first_word[2] - first_word[0],
                            )
                        )
            text = page_text(lines)
            confidence = self._api.MeanTextConf() if text.strip() else 0
            self._api.Clear()
        return OcrPage(text=text, confidence=max(0.0, min(1.0, confidence / 100)), engine=NAME)


#: A step from one line to the next this much longer than the page's usual step is a
#: blank line (or a paragraph's space) on the page: a typed blank line doubles the step.
BLANK_LINE_STEP = 1.4


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """One line Tesseract found: its text, baseline and box (pixels), its first word's width."""

    text: str
    #: ((x1, y1), (x2, y2)) along the line, or None when Tesseract gave none.
    baseline: tuple[tuple[int, int], tuple[int, int]] | None
    #: (left, top, right, bottom).
    box: tuple[int, int, int, int]
    first_word_width: float = 0.0

    @property
    def slope(self) -> float | None:
        """How far the baseline drops a pixel across (None without one)."""
        if not self.baseline:
            return None
        (x1, y1), (x2, y2) = self.baseline
        return (y2 - y1) / (x2 - x1) if x2 != x1 else 0.0

    @property
    def y(self) -> float:
        """Where the baseline crosses the page's left edge: lines on a turned page (or a
        date set to the right) compare as they were typed; the box's foot without one."""
        slope = self.slope
        if self.baseline is None or slope is None:
            return float(self.box[3])
        (x1, y1), _end = self.baseline
        return float(y1 - slope * x1)


def page_text(lines: list[PrintedLine]) -> str:
    """The page's lines, in Tesseract's reading order, with a blank line where the page
    has one, and a line the printer wrapped joined to the line it runs on to.

    Tesseract's own text puts a blank line after every block and paragraph it finds, so
    an address typed as one block ("Minister for Care" / "Department of Health") comes
    apart into paragraphs; what a letter's reader (and the extraction) relies on is the
    typist's blank lines: the steps down the page longer than its usual line step.

    A printed paragraph is wrapped where the next word would not fit, which the typist
    never typed: a name and its "MP" or a date can land on two lines ("to Fenella" /
    "Gormby MP"). Such a break is undone (``_wrapped``); a line that ends with room for the
    next word, as the lines of an address do, is kept as it is.
    """
    heights = [line.y for line in lines]
    steps = sorted(below - above for above, below in zip(heights, heights[1:], strict=False))
    steps = [step for step in steps if step > 0]
    usual = steps[len(steps) // 2] if steps else 0.0
    wrapped = _wrapped(lines, usual)
    out: list[str] = []
    for number, line in enumerate(lines):
        if number:
            step = heights[number] - heights[number - 1]
            # A line above the last one is a new column or block (a date set to the right).
            if step > BLANK_LINE_STEP * usual or step < -usual / 2:
                out.append("")
            elif wrapped[number - 1]:
                joint = "" if out[-1].endswith("-") else " "
                out[-1] += joint + line.text.lstrip()
                continue
        out.append(line.text)
    return "\n".join(out) + "\n" if out else ""


#: A space is about a fifth of the step from one line to the next (a quarter of an em, the
#: lines set at 1.2-1.3 em).
SPACE_PER_STEP = 0.2
#: The page's text has a right edge (and so wrapped lines) when this many lines reach it.
FULL_LINES = 3
#: Only a line this many line steps wide (some 30 characters) is taken for a wrapped one.
WRAPPED_LINE_STEPS = 12


def _wrapped(lines: list[PrintedLine], usual: float) -> list[bool]:
    """For each line, whether the printer wrapped it onto the next: the next line's first
    word would not have fitted before the right edge of the page's text.

    Positions are taken across the page as if it were level (the page's median baseline
    slope), so a turned page's lines compare. The right edge is the furthest line end, and
    only counts when several lines reach it: a page of short lines (a signature, an
    address) has none. A speck read as a character past the edge only makes it cautious.
    """
    wrapped = [False] * len(lines)
    slopes = sorted(slope for line in lines if (slope := line.slope) is not None)
    if len(lines) < FULL_LINES or not usual:
        return wrapped
    slope = slopes[len(slopes) // 2] if slopes else 0.0
    lefts, rights = [], []
    for line in lines:
        left, top, right, bottom = line.box
        middle = (top + bottom) / 2
        lefts.append(left + middle * slope)
        rights.append(right + middle * slope)
    edge = max(rights)
    space = SPACE_PER_STEP * usual
    if sum(right >= edge - 2 * usual for right in rights) < FULL_LINES:
        return wrapped
    for number in range(len(lines) - 1):
        step = lines[number + 1].y - lines[number].y
        in_block = 0 < step <= BLANK_LINE_STEP * usual
        # The next line starts no further in: an indented line starts something new.
        flush = lefts[number + 1] <= lefts[number] + usual / 2
        no_room = rights[number] + space + lines[number + 1].first_word_width > edge
        wide = rights[number] - lefts[number] >= WRAPPED_LINE_STEPS * usual
        wrapped[number] = in_block and flush and no_room and wide
    return wrapped


def load() -> TesseractEngine:
    """Tesseract, ready; ``OcrUnavailable`` says what to install when it is not."""
    install = ENGINES[NAME][1]
    # Tesseract's OpenMP threads fight the import's worker processes for the same cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        import tesserocr
    except ImportError as error:
        raise OcrUnavailable(f"Tesseract OCR is not installed ({install})") from error
    folder = tessdata_dir()
    if folder is None:
        raise OcrUnavailable(
            f"Tesseract's English data ({LANGUAGE}.traineddata) is not installed "
            "(apt-get install tesseract-ocr-eng)"
        )
    try:
        api = tesserocr.PyTessBaseAPI(path=folder.rstrip("/") + "/", lang=LANGUAGE)
    except RuntimeError as error:
        reason = f"Tesseract could not start with the data in {folder}: {error}"
        raise OcrUnavailable(reason) from error
    # Sauvola's threshold, set from each pixel's neighbourhood, not Otsu's one for the page:
    # on a worn scan (grey ink on grey, grainy paper) with little text, Otsu's threshold
    # falls inside the paper's grain, and Tesseract read nothing of a signature page after
    # 54 CPU seconds; with Sauvola it read it in 0.3 s. On the bench's 42 letters (docs/ocr.md)
    # the error rate fell on clean and noisy scans alike, at no cost in time.
    api.SetVariable("thresholding_method", THRESHOLDING_SAUVOLA)
    return TesseractEngine(api)
