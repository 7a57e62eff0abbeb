"""OCR engines (issue 14): both installed engines read a rendered fictional letter."""

from __future__ import annotations

import pytest

from archive import ocr
from archive.ocr import ENGINES, OcrPage, OcrUnavailable, get_engine
from tests.ocr_support import render_page, require_engine


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_engine_reads_a_rendered_letter(name: str) -> None:
    page = render_page("CTS Reference: M48213/16\nThank you for your letter about the ferry.")

    recognised = require_engine(name).recognise(page)

    assert isinstance(recognised, OcrPage)
    assert recognised.engine == name
    assert "M48213/16" in recognised.text
    assert "ferry" in recognised.text
    assert 0.5 < recognised.confidence <= 1.0


def test_blank_page_reads_as_nothing_with_no_confidence() -> None:
    recognised = require_engine("tesseract").recognise(render_page(""))

    assert recognised.text.strip() == ""
    assert recognised.confidence == 0.0


def test_default_engine_is_available() -> None:
    require_engine()
    assert ocr.available_engines()[0] == ocr.DEFAULT_ENGINE
    assert get_engine(None).name == ocr.DEFAULT_ENGINE


def test_missing_tesseract_data_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from archive.ocr import tesseract

    require_engine("tesseract")  # tesserocr is there: only its language data is missing
    monkeypatch.setattr(tesseract, "tessdata_dir", lambda: None)

    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr-eng"):
        tesseract.load()


def test_unknown_engine_is_named() -> None:
    with pytest.raises(ValueError, match="'abbyy'"):
        get_engine("abbyy")


def test_a_test_needing_a_missing_engine_fails_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Never a skip: a machine without Tesseract must not pass the OCR tests by not running
    them."""

    def missing(name: str | None = None) -> ocr.OcrEngine:
        raise OcrUnavailable(ENGINES["tesseract"][1])

    monkeypatch.setattr("tests.ocr_support.get_engine", missing)

    with pytest.raises(pytest.fail.Exception, match="apt-get install tesseract-ocr") as failed:
        require_engine()
    assert not isinstance(failed.value, pytest.skip.Exception)


ADDRESS_BLOCK = (
    "Silas Jorrer MP\n"
    "Minister for Care\n"
    "Department of Health and Social Care\n"
    "39 Victoria Street\n"
    "London SW1H 0EU\n"
    "\n"
    "10 May 2021\n"
    "\n"
    "Dear Silas,\n"
)


def test_a_typed_block_stays_one_block_and_blank_lines_stay() -> None:
    """The page's blank lines, not Tesseract's paragraphs: an address typed as one block
    reads as one (the extraction finds the recipient and the department in it)."""
    text = require_engine("tesseract").recognise(render_page(ADDRESS_BLOCK)).text

    blocks = [block.splitlines() for block in text.strip().split("\n\n")]
    typed = [block.splitlines() for block in ADDRESS_BLOCK.strip().split("\n\n")]
    assert [len(block) for block in blocks] == [len(block) for block in typed] == [5, 1, 1]
    assert [block[0] for block in blocks] == [block[0] for block in typed]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param([], "", id="nothing"),
        # Single-spaced lines (baselines 40 apart): one block.
        pytest.param([("a", 30.0), ("b", 70.0), ("c", 110.0)], "a\nb\nc\n", id="one-block"),
        # A blank line on the page (twice the usual step): a blank line in the text.
        pytest.param(
            [("a", 30.0), ("b", 70.0), ("c", 110.0), ("d", 190.0)],
            "a\nb\nc\n\nd\n",
            id="blank-line",
        ),
        # Paragraphs set apart by half a line's space are paragraphs too.
        pytest.param(
            [("a", 30.0), ("b", 70.0), ("c", 110.0), ("d", 170.0), ("e", 210.0)],
            "a\nb\nc\n\nd\ne\n",
            id="paragraph-space",
        ),
        # Double spacing: the usual step is the page's own, so no blank lines are made.
        pytest.param([("a", 30.0), ("b", 110.0), ("c", 190.0)], "a\nb\nc\n", id="double-spaced"),
        # A taller letterhead line's step is not taken for a blank line.
        pytest.param(
            [("HEAD", 50.0), ("a", 100.0), ("b", 140.0), ("c", 180.0)],
            "HEAD\na\nb\nc\n",
            id="letterhead",
        ),
        # Tesseract reads a right-hand block after the left one: back up the page, a break.
        pytest.param(
            [("a", 30.0), ("b", 70.0), ("c", 110.0), ("date", 30.0)],
            "a\nb\nc\n\ndate\n",
            id="column",
        ),
    ],
)
def test_page_text_breaks_where_the_page_has_gaps(
    lines: list[tuple[str, float]], expected: str
) -> None:
    from archive.ocr.tesseract import page_text

    assert page_text(lines) == expected
