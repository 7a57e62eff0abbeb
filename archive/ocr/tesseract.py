"""Tesseract through tesserocr (its C API: no process per page), with Debian's language data."""

from __future__ import annotations

import glob
import os
import threading
from typing import TYPE_CHECKING, Any

from archive.ocr import ENGINES, OcrPage, OcrUnavailable

if TYPE_CHECKING:
    from PIL.Image import Image

NAME = "tesseract"
LANGUAGE = "eng"
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
            lines: list[tuple[str, float]] = []
            iterator = self._api.GetIterator()
            if iterator is not None:
                for line in iterate_level(iterator, RIL.TEXTLINE):
                    try:
                        text = line.GetUTF8Text(RIL.TEXTLINE)
                    except RuntimeError:  # "No text returned": an empty line
                        continue
                    if text and text.strip():
                        where = _baseline_y(
                            line.Baseline(RIL.TEXTLINE), line.BoundingBox(RIL.TEXTLINE)
                        )
                        if where is not None:
                            lines.append((text.rstrip(), where))
            text = page_text(lines)
            confidence = self._api.MeanTextConf() if text.strip() else 0
            self._api.Clear()
        return OcrPage(text=text, confidence=max(0.0, min(1.0, confidence / 100)), engine=NAME)


#: A step from one line to the next this much longer than the page's usual step is a
#: blank line (or a paragraph's space) on the page: a typed blank line doubles the step.
BLANK_LINE_STEP = 1.4


def _baseline_y(baseline: Any, box: Any) -> float | None:
    """Where the line's baseline crosses the page's left edge: lines on a turned page
    (or a date set to the right) compare as they were typed; the box's foot without one."""
    if baseline:
        (x1, y1), (x2, y2) = baseline
        slope = (y2 - y1) / (x2 - x1) if x2 != x1 else 0.0
        return float(y1 - slope * x1)
    return float(box[3]) if box else None


def page_text(lines: list[tuple[str, float]]) -> str:
    """The page's lines (text, where its baseline crosses the left edge), in Tesseract's
    reading order, with a blank line where the page has one.

    Tesseract's own text puts a blank line after every block and paragraph it finds, so
    an address typed as one block ("Minister for Care" / "Department of Health") comes
    apart into paragraphs; what a letter's reader (and the extraction) relies on is the
    typist's blank lines: the steps down the page longer than its usual line step.
    """
    heights = [where for _text, where in lines]
    steps = sorted(below - above for above, below in zip(heights, heights[1:], strict=False))
    steps = [step for step in steps if step > 0]
    usual = steps[len(steps) // 2] if steps else 0.0
    out: list[str] = []
    for number, (text, _where) in enumerate(lines):
        if number:
            step = heights[number] - heights[number - 1]
            # A line above the last one is a new column or block (a date set to the right).
            if step > BLANK_LINE_STEP * usual or step < -usual / 2:
                out.append("")
        out.append(text)
    return "\n".join(out) + "\n" if out else ""


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
    return TesseractEngine(api)
