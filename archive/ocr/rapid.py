"""RapidOCR (PaddleOCR's models on ONNX Runtime), with the models that ship inside its wheel."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from archive.ocr import ENGINES, OcrPage, OcrUnavailable

if TYPE_CHECKING:
    from PIL.Image import Image

NAME = "rapidocr"


class RapidOcrEngine:
    """One RapidOCR pipeline (detection, angle, recognition), reused page after page."""

    name = NAME

    def __init__(self, pipeline: Any) -> None:
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def recognise(self, image: Image) -> OcrPage:
        import numpy

        pixels = numpy.asarray(image.convert("RGB"))
        with self._lock:
            result, _elapsed = self._pipeline(pixels)
        boxes = [(box, str(text), float(score)) for box, text, score in (result or [])]
        text = "\n".join(_lines(boxes))
        scores = [score for _box, _text, score in boxes]
        confidence = sum(scores) / len(scores) if scores else 0.0
        return OcrPage(text=text, confidence=max(0.0, min(1.0, confidence)), engine=NAME)


def _lines(boxes: list[tuple[Any, str, float]]) -> list[str]:
    """Text boxes grouped into lines (boxes whose vertical middles lie within half a line of
    each other), each line read left to right, lines top to bottom."""
    placed = []
    for box, text, _score in boxes:
        ys = [float(point[1]) for point in box]
        xs = [float(point[0]) for point in box]
        placed.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(xs), text))
    placed.sort()
    lines: list[list[tuple[float, str]]] = []
    last_middle = None
    for middle, height, left, text in placed:
        if last_middle is not None and abs(middle - last_middle) <= height / 2:
            lines[-1].append((left, text))
        else:
            lines.append([(left, text)])
            last_middle = middle
    return [" ".join(text for _left, text in sorted(line)) for line in lines]


def load() -> RapidOcrEngine:
    """RapidOCR, ready; ``OcrUnavailable`` says what to install when it is not."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:
        raise OcrUnavailable(f"RapidOCR is not installed ({ENGINES[NAME][1]})") from error
    # One thread per model: the import runs one reader process per core already, and ONNX
    # Runtime's spinning thread pool made a small page take 20 s on a busy 2-core machine.
    return RapidOcrEngine(RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1))
