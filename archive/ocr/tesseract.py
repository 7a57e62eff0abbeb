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
        with self._lock:
            self._api.SetImage(image)
            text = self._api.GetUTF8Text()
            confidence = self._api.MeanTextConf() if text.strip() else 0
            self._api.Clear()
        return OcrPage(text=text, confidence=max(0.0, min(1.0, confidence / 100)), engine=NAME)


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
