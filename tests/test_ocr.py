"""OCR engines (issue 14): both installed engines read a rendered fictional letter."""

from __future__ import annotations

import pytest

from archive import ocr
from archive.ocr import ENGINES, OcrPage, OcrUnavailable, get_engine
from archive.ocr.tesseract import PrintedLine
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

    assert page_text([printed(text, where) for text, where in lines]) == expected


def printed(
    text: str, where: float, *, left: int = 100, right: int = 0, slope: float = 0.0
) -> PrintedLine:
    """A line as Tesseract reports it: baseline at ``where`` on the left edge, characters
    16 pixels wide (lines 40 apart), its box to ``right`` (from its text when 0)."""
    right = right or left + 16 * len(text)
    first_word = 16 * len(text.split()[0]) if text.split() else 0

    def y(x: float) -> int:
        return round(where + slope * x)

    return PrintedLine(
        text,
        ((left, y(left)), (right, y(right))),
        (left, y(left) - 30, right, y(right) + 8),
        first_word,
    )


#: A paragraph wrapped at 800 pixels (50 characters), as a printer wraps it.
WRAPPED = [
    "Response from the Parliamentary Under Secretary to",
    "Fenella Gormby MP about the treatment of your",
    "constituent Mrs Susan Treskett, which was delayed",
    "in March.",
]


@pytest.mark.parametrize("slope", [0.0, -0.05], ids=["level", "turned-3-degrees"])
def test_a_line_the_printer_wrapped_is_joined_to_the_next(slope: float) -> None:
    """A name and its "MP" split by the printer's wrap read as one line again, on a
    level or a turned page (lines compared as if the page were level)."""
    from archive.ocr.tesseract import page_text

    lines = [
        printed(
            text, 100 + 40 * number, left=round(100 - slope * 40 * number), right=0, slope=slope
        )
        for number, text in enumerate(WRAPPED)
    ]
    # Justified print: every full line ends at the right edge (900), turned with the page.
    lines = [
        printed(
            line.text,
            100 + 40 * number,
            left=line.box[0],
            right=line.box[0] + 800 if number < 3 else 0,
            slope=slope,
        )
        for number, line in enumerate(lines)
    ]

    assert page_text(lines) == " ".join(WRAPPED) + "\n"


@pytest.mark.parametrize(
    ("texts", "lefts"),
    [
        # An address and a signature: every line ends with room for the next word.
        pytest.param(
            [
                "Thank you again for writing.",
                "Yours sincerely,",
                "Caius Ulverby MP",
                "Secretary of State for Health and Social Care",
            ],
            [100, 100, 100, 100],
            id="short-lines",
        ),
        # Full lines, but the next starts further in: a new paragraph or a block set right.
        pytest.param(WRAPPED[:3], [100, 300, 500], id="indented"),
    ],
)
def test_lines_the_typist_ended_are_kept(texts: list[str], lefts: list[int]) -> None:
    from archive.ocr.tesseract import page_text

    lines = [
        printed(text, 100 + 40 * number, left=left, right=left + 800 if len(text) > 40 else 0)
        for number, (text, left) in enumerate(zip(texts, lefts, strict=True))
    ]

    assert page_text(lines) == "\n".join(texts) + "\n"


def test_a_wrap_after_a_hyphen_joins_without_a_space() -> None:
    from archive.ocr.tesseract import page_text

    texts = [
        "In practice, the necessary sub-",
        "hospital considers every family under the",
        "deadline, while their additional council considers",
        "any question.",
    ]
    lines = [
        printed(text, 100 + 40 * number, right=900 if number < 3 else 0)
        for number, text in enumerate(texts)
    ]

    assert page_text(lines).splitlines()[0] == (
        "In practice, the necessary sub-hospital considers every family under the "
        "deadline, while their additional council considers any question."
    )


SIGNATURE = "Thank you again for writing.\nYours sincerely,\nThe Rt Hon Caius Ulverby MP\n"


def test_a_worn_page_with_little_text_is_read() -> None:
    """A letter's last page, a signature alone, scanned worn (grey ink on grey, grainy
    paper): a threshold for the whole page falls in the paper's grain and read nothing."""
    from PIL import Image

    from archive.readers.scan import prepare_for_ocr
    from bench.ocr_render import Condition, scan

    page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    page.paste(render_page(SIGNATURE, size=34), (150, 300))
    worn = scan(page, Condition("DejaVuSerif", 12, 0.0, noisy=True, level="heavy"), seed=0)

    text = require_engine("tesseract").recognise(prepare_for_ocr(worn)).text

    assert "Caius Ulverby MP" in text
    assert "Yours sincerely," in text
