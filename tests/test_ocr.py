"""OCR engines (issue 14): both installed engines read a rendered fictional letter."""

from __future__ import annotations

import pytest

from archive import ocr
from archive.ocr import ENGINES, OcrPage, OcrUnavailable, get_engine
from tests.ocr_support import render_page


def _engine(name: str) -> ocr.OcrEngine:
    """The engine, or a failure that says what to install: OCR tests never skip silently."""
    try:
        return get_engine(name)
    except OcrUnavailable as error:
        pytest.fail(f"OCR engine {name!r} is not installed: {error}")


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_engine_reads_a_rendered_letter(name: str) -> None:
    page = render_page("CTS Reference: M48213/16\nThank you for your letter about the ferry.")

    recognised = _engine(name).recognise(page)

    assert isinstance(recognised, OcrPage)
    assert recognised.engine == name
    assert "M48213/16" in recognised.text
    assert "ferry" in recognised.text
    assert 0.5 < recognised.confidence <= 1.0


def test_blank_page_reads_as_nothing_with_no_confidence() -> None:
    recognised = _engine("tesseract").recognise(render_page(""))

    assert recognised.text.strip() == ""
    assert recognised.confidence == 0.0


def test_default_engine_is_available() -> None:
    assert ocr.available_engines()[0] == ocr.DEFAULT_ENGINE
    assert get_engine(None).name == ocr.DEFAULT_ENGINE


def test_missing_tesseract_data_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from archive.ocr import tesseract

    monkeypatch.setattr(tesseract, "tessdata_dir", lambda: None)

    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr-eng"):
        tesseract.load()


def test_unknown_engine_is_named() -> None:
    with pytest.raises(ValueError, match="'abbyy'"):
        get_engine("abbyy")
