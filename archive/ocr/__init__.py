"""OCR engines behind one small interface: a page image in, its text and mean confidence out.

Each adapter lives in its own module and is imported only when asked for, so reading text
files never pays for an OCR library. No engine downloads anything at run time: Tesseract reads
the language data Debian installs (``tesseract-ocr-eng``), RapidOCR the models in its wheel.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PIL.Image import Image

#: The engine the product uses; chosen by measurement (bench/bench_ocr.py), see pyproject.toml.
DEFAULT_ENGINE = "tesseract"

#: Engine name -> (module under archive.ocr, what to install when it is missing).
ENGINES: dict[str, tuple[str, str]] = {
    "tesseract": (
        "archive.ocr.tesseract",
        "pip install tesserocr; apt-get install tesseract-ocr tesseract-ocr-eng",
    ),
    "rapidocr": ("archive.ocr.rapid", "pip install rapidocr-onnxruntime==1.4.4"),
}


@dataclass(frozen=True, slots=True)
class OcrPage:
    """The text recognised on one page image, how sure the engine was, and which engine."""

    text: str
    #: Mean confidence over the recognised words, 0..1 (0 when nothing was recognised).
    confidence: float
    engine: str


class OcrUnavailable(Exception):
    """The engine (or its language data) is not installed; the message says what to install."""


class OcrEngine(Protocol):
    """An OCR engine: recognises the text of one page image."""

    name: str

    def recognise(self, image: Image) -> OcrPage: ...


_engines: dict[str, OcrEngine] = {}


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine called ``name`` (the product's default for None), ready to use.

    One instance per process: loading a model costs far more than a page.
    Raises ``OcrUnavailable`` (saying what to install) or ``ValueError`` for an unknown name.
    """
    name = name or DEFAULT_ENGINE
    engine = _engines.get(name)
    if engine is not None:
        return engine
    if name not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise ValueError(f"unknown OCR engine {name!r} (known: {known})")
    module_name, _install = ENGINES[name]
    module = importlib.import_module(module_name)
    loaded: OcrEngine = module.load()  # raises OcrUnavailable
    engine = loaded
    _engines[name] = engine
    return engine


def available_engines() -> list[str]:
    """The engines that can run here (installed, with their data), default first."""
    names = sorted(ENGINES, key=lambda name: (name != DEFAULT_ENGINE, name))
    usable = []
    for name in names:
        try:
            get_engine(name)
        except OcrUnavailable:
            continue
        usable.append(name)
    return usable
