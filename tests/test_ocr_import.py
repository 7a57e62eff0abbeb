"""Scanned letters imported by OCR (issue 14): text, metadata, marks, search, bounds, re-import.

The scans are drawn at test time from fictional letters (tests/ocr_support.py) and read by
the real default engine; only the tests about page counts and failures stand an engine in.
"""

from __future__ import annotations

import io
import struct
import sys
import warnings
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

import archive.ocr
from archive.importer import import_paths
from archive.models import ImportSummary, Letter
from archive.ocr import OcrEngine, OcrPage, OcrUnavailable
from archive.readers import ReadError, scan
from archive.store import Store
from index.searcher import Searcher
from index.writer import sync
from tests.ocr_support import (
    SCANNED_REPLY,
    pdf_bytes,
    png_bytes,
    render_page,
    require_engine,
    tiff_bytes,
)

STAMP = "Released under FOI 2016/0123, page 1 of 2"
TYPED_PAGE = "Typed covering note about the Kelmscott ferry, with a text layer of its own."


def run_import(store: Store, *paths: Path) -> ImportSummary:
    return import_paths(store, list(paths), workers=1)


def by_name(store: Store) -> dict[str, Letter]:
    return {Path(letter.path).name: letter for letter in store.letters()}


@pytest.fixture(scope="module")
def reply_page() -> Image.Image:
    return render_page(SCANNED_REPLY)


@pytest.fixture
def real_ocr() -> OcrEngine:
    """The default engine: the test reads real scans (it fails, never skips, without it)."""
    return require_engine()


@pytest.fixture
def engine_calls(real_ocr: OcrEngine, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the default engine's pages (the import runs in this process: workers=1)."""
    engine = real_ocr
    calls: list[int] = []
    recognise = engine.recognise

    def counted(image: Image.Image) -> OcrPage:
        calls.append(image.width)
        return recognise(image)

    monkeypatch.setattr(engine, "recognise", counted)
    yield calls


class FakeEngine:
    """Stands in for OCR where the test is about pages, not recognition: page N reads
    "page N", and the pages in ``failing`` raise."""

    name = "fake"

    def __init__(self, failing: frozenset[int] = frozenset()) -> None:
        self.failing = failing
        self.calls = 0

    def recognise(self, image: Image.Image) -> OcrPage:
        self.calls += 1
        if self.calls in self.failing:
            raise RuntimeError("engine crashed on this page")
        return OcrPage(text=f"page {self.calls} of the scan", confidence=0.8, engine=self.name)


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    engine = FakeEngine()
    monkeypatch.setattr(archive.ocr, "get_engine", lambda name=None: engine)
    return engine


def test_scanned_png_reads_as_a_letter_marked_ocr(
    store: Store, letters_dir: Path, reply_page: Image.Image, engine_calls: list[int]
) -> None:
    letters_dir.mkdir(parents=True, exist_ok=True)
    (letters_dir / "reply.png").write_bytes(png_bytes(reply_page))

    summary = run_import(store, letters_dir)

    assert (summary.imported, summary.failed) == (1, ())
    letter = by_name(store)["reply.png"]
    text = store.text(letter)
    assert "M48213/16" in text and "Kelmscott ferry" in text
    assert letter.metadata.date is not None and letter.metadata.date.isoformat() == "2016-05-12"
    assert "M48213/16" in letter.metadata.references
    assert letter.metadata.mp == "Harriet Vance"
    assert (letter.format, letter.ocr_engine, letter.ocr_pages) == ("png", "tesseract", (1,))
    assert 0.5 < letter.ocr_confidence <= 1.0
    assert letter.ocr_label().startswith("OCR (tesseract, ")
    assert len(engine_calls) == 1

    again = run_import(store, letters_dir)

    assert (again.unchanged, again.imported, again.updated) == (1, 0, 0)
    assert len(engine_calls) == 1, "an unchanged scan was read by OCR again"


@pytest.mark.parametrize("kind", ["tiff", "image-pdf", "mixed-pdf", "stamped-pdf"])
def test_tiff_and_pdf_scans_read_each_page(
    real_ocr: OcrEngine, store: Store, letters_dir: Path, reply_page: Image.Image, kind: str
) -> None:
    second = render_page("Page two: the ferry timetable is enclosed.")
    letters_dir.mkdir(parents=True, exist_ok=True)
    name, data, ocr_pages = {
        "tiff": ("scan.tif", tiff_bytes([reply_page, second]), (1, 2)),
        "image-pdf": ("scan.pdf", pdf_bytes([reply_page, second]), (1, 2)),
        "mixed-pdf": ("scan.pdf", pdf_bytes([TYPED_PAGE, reply_page]), (2,)),
        # A disclosure bundle: each scanned page stamped with a line of text.
        "stamped-pdf": ("scan.pdf", pdf_bytes([(reply_page, STAMP), TYPED_PAGE]), (1,)),
    }[kind]
    (letters_dir / name).write_bytes(data)

    summary = run_import(store, letters_dir)

    assert summary.failed == ()
    letter = by_name(store)[name]
    pages = store.text(letter).split("\f")
    assert len(pages) == len(letter.pages) == 2
    assert letter.ocr_pages == ocr_pages
    assert letter.ocr_engine == "tesseract"
    assert "M48213/16" in store.text(letter)
    if kind == "mixed-pdf":
        assert pages[0].strip() == TYPED_PAGE  # the text layer is kept as it is
    elif kind == "stamped-pdf":
        assert pages[1].strip() == TYPED_PAGE
        assert "Kelmscott ferry" in pages[0]
    else:
        assert "timetable" in pages[1]


def test_has_ocr_and_format_find_scanned_letters(
    real_ocr: OcrEngine,
    store: Store,
    letters_dir: Path,
    write_letter: object,
    reply_page: Image.Image,
) -> None:
    letters_dir.mkdir(parents=True, exist_ok=True)
    (letters_dir / "typed.txt").write_text(SCANNED_REPLY.replace("M48213/16", "M48214/16"))
    (letters_dir / "scan.png").write_bytes(png_bytes(reply_page))
    run_import(store, letters_dir)
    sync(store)
    searcher = Searcher(store)
    try:

        def found(query: str) -> set[str]:
            hits = searcher.search(query, limit=10, facets=False, snippets=False).hits
            return {Path(hit.letter.path).name for hit in hits}

        assert found("has:ocr") == {"scan.png"}
        assert found("format:ocr") == {"scan.png"}
        assert found("format:png") == {"scan.png"}
        assert found("format:txt") == {"typed.txt"}
        assert found("ferry -has:ocr") == {"typed.txt"}
    finally:
        searcher.close()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels (its data never decodes that far)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _bomb() -> bytes:
    """A real decompression bomb: 12,000 x 12,000 one-bit pixels compressed to a few KB."""
    width = height = 12_000
    row = b"\x00" + b"\x00" * (width // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    data = _png_header_only(width, height)
    start = data.index(b"IDAT") - 4
    end = data.index(b"IEND") - 4
    kind_body = b"IDAT" + body
    idat = struct.pack(">I", len(body)) + kind_body + struct.pack(">I", zlib.crc32(kind_body))
    return data[:start] + idat + data[end:]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param(
            "huge.png",
            lambda page: _png_header_only(30_000, 30_000),
            "image too large: 900 megapixels, limit 100",
            id="30000x30000",
        ),
        pytest.param(
            "bomb.png",
            lambda page: _bomb(),
            "image too large: 144 megapixels, limit 100",
            id="decompression-bomb",
        ),
        pytest.param("empty.png", lambda page: b"", "empty file", id="zero-bytes"),
        pytest.param(
            "noise.jpg",
            lambda page: b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4,
            "not a readable image (damaged, or not an image file)",
            id="corrupt",
        ),
    ],
)
def test_hostile_images_are_refused_by_name_and_the_import_goes_on(
    store: Store,
    letters_dir: Path,
    write_letter: object,
    reply_page: Image.Image,
    fake_engine: FakeEngine,
    name: str,
    content: object,
    reason: str,
) -> None:
    assert callable(content) and callable(write_letter)
    write_letter("typed.txt")
    (letters_dir / name).write_bytes(content(reply_page))

    summary = run_import(store, letters_dir)

    assert summary.imported == 1
    assert [failure.file for failure in summary.failed] == [str(letters_dir / name)]
    assert summary.failed[0].reason.startswith(reason)
    assert fake_engine.calls == 0


@pytest.mark.parametrize("action", ["error", "ignore", "default"])
def test_image_bounds_hold_whatever_the_warning_filters_say(
    monkeypatch: pytest.MonkeyPatch, fake_engine: FakeEngine, action: str
) -> None:
    """Readers run in threads: the bounds may not lean on ``warnings.catch_warnings`` (not
    thread-safe), nor on what another thread's filters happen to be at that moment."""

    def not_thread_safe(*args: object, **kwargs: object) -> None:
        raise AssertionError("warnings.catch_warnings is not thread-safe")

    readers_warnings = SimpleNamespace(**vars(warnings))
    readers_warnings.catch_warnings = not_thread_safe
    monkeypatch.setattr(scan, "warnings", readers_warnings)
    warnings.simplefilter(action)  # pytest restores the filters after the test

    for data, reason in (
        (_bomb(), "image too large: 144 megapixels, limit 100"),
        (_png_header_only(30_000, 30_000), "image too large: 900 megapixels, limit 100"),
    ):
        with pytest.raises(ReadError) as refused:
            scan.read_image(data, "png")
        assert str(refused.value) == reason
    assert fake_engine.calls == 0
    assert "page 1 of the scan" in scan.read_image(png_bytes(render_page("x")), "png").text


def test_threads_reading_scans_at_once_each_get_their_own_answer(
    fake_engine: FakeEngine,
) -> None:
    bomb, page = _bomb(), png_bytes(render_page("A short page"))
    before = list(warnings.filters)

    def read(number: int) -> str:
        try:
            return scan.read_image(bomb if number % 2 else page, "png").format
        except ReadError as error:
            return str(error)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(read, range(32)))

    assert answers == ["png", "image too large: 144 megapixels, limit 100"] * 16
    added = [entry for entry in warnings.filters if entry not in before]
    # At most the one filter that keeps PIL's notes off the terminal; never an "error".
    assert all(action == "ignore" for action, *_rest in added)
    assert len(added) <= 1


def test_a_truncated_scan_keeps_what_decodes_and_says_it_is_cut_short(
    real_ocr: OcrEngine, store: Store, letters_dir: Path, reply_page: Image.Image
) -> None:
    letters_dir.mkdir(parents=True, exist_ok=True)
    whole = png_bytes(reply_page)
    (letters_dir / "cut.png").write_bytes(whole[: len(whole) * 6 // 10])
    (letters_dir / "stub.png").write_bytes(whole[:400])

    summary = run_import(store, letters_dir)

    letter = by_name(store)["cut.png"]
    assert "Department for Transport" in store.text(letter)
    assert [(Path(n.file).name, n.reason) for n in summary.notices] == [
        ("cut.png", "page 1 is cut short (a truncated file): only its first part was read")
    ]
    assert [(Path(f.file).name, f.reason) for f in summary.failed] == [
        ("stub.png", "damaged image: truncated, and no text in the part that was read")
    ]


def test_one_failing_page_keeps_the_others(
    store: Store, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FakeEngine(failing=frozenset({2}))
    monkeypatch.setattr(archive.ocr, "get_engine", lambda name=None: engine)
    letters_dir.mkdir(parents=True, exist_ok=True)
    pages = [render_page(f"page {n}", size=12) for n in (1, 2, 3)]
    (letters_dir / "scan.tiff").write_bytes(tiff_bytes(pages))

    summary = run_import(store, letters_dir)

    letter = by_name(store)["scan.tiff"]
    assert store.text(letter).split("\f") == ["page 1 of the scan", "", "page 3 of the scan"]
    assert letter.ocr_pages == (1, 3)
    assert any(
        w.reason == "page 2 could not be read by OCR (engine crashed on this page)"
        for w in summary.notices
    )


def test_a_long_scan_is_read_up_to_the_page_limit_and_says_so(
    store: Store, letters_dir: Path, fake_engine: FakeEngine
) -> None:
    letters_dir.mkdir(parents=True, exist_ok=True)
    tiny = Image.new("L", (16, 16), 255)
    (letters_dir / "bundle.tif").write_bytes(tiff_bytes([tiny] * 500))

    summary = run_import(store, letters_dir)

    letter = by_name(store)["bundle.tif"]
    assert fake_engine.calls == scan.MAX_OCR_PAGES == len(letter.pages)
    assert (
        f"only the first {scan.MAX_OCR_PAGES} of its 500 scanned pages were read "
        f"(at most {scan.MAX_OCR_PAGES} pages of a scan are OCR'd)"
    ) in [notice.reason for notice in summary.notices]


def test_no_ocr_engine_fails_the_scan_with_what_to_install(
    store: Store,
    letters_dir: Path,
    write_letter: object,
    reply_page: Image.Image,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(name: str | None = None) -> object:
        raise OcrUnavailable("Tesseract OCR is not installed (apt-get install tesseract-ocr-eng)")

    monkeypatch.setattr(archive.ocr, "get_engine", missing)
    assert callable(write_letter)
    write_letter("typed.txt")
    (letters_dir / "scan.png").write_bytes(png_bytes(reply_page))

    summary = run_import(store, letters_dir)

    assert summary.imported == 1
    assert [f.reason for f in summary.failed] == [
        "a scan, but OCR is not available: Tesseract OCR is not installed "
        "(apt-get install tesseract-ocr-eng)"
    ]


def test_a_very_large_page_is_scaled_down_before_ocr() -> None:
    page = Image.new("L", (5000, 7000), 255)

    bounded = scan.bounded_for_ocr(page)

    assert bounded.width * bounded.height <= scan.OCR_PIXELS * 1.01
    assert bounded.width / bounded.height == pytest.approx(5000 / 7000, rel=0.01)


def test_progress_counts_the_pages_of_a_scan(
    store: Store, letters_dir: Path, write_letter: object, fake_engine: FakeEngine
) -> None:
    assert callable(write_letter)
    write_letter("a.txt")
    tiny = Image.new("L", (16, 16), 255)
    (letters_dir / "scan.tif").write_bytes(tiff_bytes([tiny] * 3))
    calls: list[tuple[int, int, str]] = []

    import_paths(store, [letters_dir], workers=1, progress=lambda *call: calls.append(call))

    assert [(done, total) for done, total, _path in calls] == [
        (1, 2),  # a.txt
        (1, 4),  # scan.tif: three pages to OCR, so the work grows by two
        (2, 4),
        (3, 4),
        (4, 4),
        (4, 4),  # scan.tif read
    ]
    assert {Path(path).name for _done, _total, path in calls[1:]} == {"scan.tif"}


def test_reader_processes_ocr_scans_and_count_their_pages(
    real_ocr: OcrEngine, store: Store, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(name: str | None = None) -> object:
        raise AssertionError("OCR ran in the importing process, not in a reader process")

    # Two scans are enough to start reader processes (fresh interpreters: no patch there).
    monkeypatch.setattr(archive.ocr, "get_engine", not_here)
    letters_dir.mkdir(parents=True, exist_ok=True)
    first = render_page("Reference: KF/101\nThe Kelmscott ferry.", size=20)
    second = render_page("Reference: KF/202\nThe ferry timetable.", size=20)
    (letters_dir / "scan1.png").write_bytes(png_bytes(first))
    (letters_dir / "scan2.tif").write_bytes(tiff_bytes([first, second]))
    calls: list[tuple[int, int, str]] = []

    summary = import_paths(
        store, [letters_dir], workers=2, progress=lambda *call: calls.append(call)
    )

    assert (summary.imported, summary.failed) == (2, ())
    letters = by_name(store)
    assert "KF/101" in store.text(letters["scan1.png"])
    assert "KF/202" in store.text(letters["scan2.tif"]).split("\f")[1]
    assert all(letter.ocr_engine == "tesseract" for letter in letters.values())
    assert calls[-1][:2] == (3, 3)  # one page, then two
    assert all(done <= total for done, total, _path in calls)


async def test_reader_shows_a_scan_marked_ocr_and_w_marks_its_fields(
    real_ocr: OcrEngine, store: Store, letters_dir: Path, reply_page: Image.Image
) -> None:
    from rich.text import Text

    from tests.tui_support import settle, started, type_query
    from tui.app import DispatchBoxApp
    from tui.widgets.reader import LetterHeader, LetterText

    letters_dir.mkdir(parents=True, exist_ok=True)
    (letters_dir / "reply.png").write_bytes(png_bytes(reply_page))
    import_paths(store, [letters_dir], workers=1, finish=lambda: sync(store))
    (letter,) = store.letters()
    app = DispatchBoxApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        reader = screen.query_one(LetterText)
        await type_query(pilot, "has:ocr")
        await pilot.press("enter")
        await settle(pilot, lambda: reader.letter is not None and reader.has_focus)
        # The value wraps under itself in a narrow reader: read as words.
        header = " ".join(str(screen.query_one(LetterHeader).content).split())
        assert f"OCR (tesseract, {letter.ocr_confidence:.0%} confidence)" in header
        await pilot.press("w")
        await settle(pilot, lambda: reader.source is not None)
        field_spans = [spans[0] for spans in letter.metadata.spans.values() if spans]
        assert reader.source in field_spans
        marked = screen.query_one(LetterHeader).content
        assert isinstance(marked, Text)
        assert any(span.style == "reverse" for span in marked.spans)


def test_each_scan_goes_to_a_reader_process_alone() -> None:
    from archive.importer import BATCH_FILES, _batches, _Task

    formats = ["txt"] * (BATCH_FILES + 2) + ["png"] + ["pdf"] * 3 + ["tiff", "jpeg"]
    tasks = [_Task(f"/l/{n}", f"/l/{n}", fmt, None, "/t") for n, fmt in enumerate(formats)]

    batches = list(_batches(tasks))

    assert [len(batch) for batch in batches] == [BATCH_FILES, 2, 1, 3, 1, 1]
    assert [task for batch in batches for task in batch] == tasks


@pytest.fixture(scope="module")
def small_scans() -> dict[str, bytes]:
    """Small real scans of each image format, to damage."""
    import io

    page = render_page("Ref KF/1", size=10, margin=4)
    jpeg = io.BytesIO()
    page.save(jpeg, format="JPEG")
    return {"png": png_bytes(page), "tiff": tiff_bytes([page, page]), "jpeg": jpeg.getvalue()}


@pytest.mark.parametrize("fmt", ["png", "tiff", "jpeg"])
def test_damaged_scans_raise_only_read_error(small_scans: dict[str, bytes], fmt: str) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from archive.readers import ReadError, read_bytes

    original = small_scans[fmt]

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(
        edits=st.lists(
            st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255), st.booleans()),
            min_size=1,
            max_size=6,
        )
    )
    def reads_or_refuses(edits: list[tuple[int, int, bool]]) -> None:
        data = bytearray(original)
        for where, value, cut in edits:
            if cut:
                del data[where:]
            elif where < len(data):
                data[where] = value
        try:
            document = read_bytes(bytes(data), fmt)
        except ReadError as error:
            assert str(error).strip()
            return
        assert document.ocr_engine == "fake"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(archive.ocr, "get_engine", lambda name=None: FakeEngine())
        reads_or_refuses()


def test_cli_show_says_which_pages_were_read_by_ocr(
    run_cli: object, letters_dir: Path, tmp_path: Path, fake_engine: FakeEngine
) -> None:
    import json

    assert callable(run_cli)
    letters_dir.mkdir(parents=True, exist_ok=True)
    scanned = render_page("page image", size=12)
    (letters_dir / "mixed.pdf").write_bytes(pdf_bytes([TYPED_PAGE, scanned, TYPED_PAGE]))
    archive_dir = tmp_path / "cli-archive"

    code, _out, _err = run_cli("--archive", archive_dir, "import", letters_dir, "--workers", "1")
    assert code == 0
    code, listed, _err = run_cli("--archive", archive_dir, "search", "has:ocr", "--json")
    letter_id = json.loads(listed.splitlines()[0])["id"]
    code, shown, _err = run_cli("--archive", archive_dir, "show", letter_id)
    code_json, shown_json, _err = run_cli("--archive", archive_dir, "show", letter_id, "--json")

    assert code == code_json == 0
    assert "text  OCR (fake, 80% confidence) on page 2 of 3" in shown
    assert json.loads(shown_json)["ocr"] == {"engine": "fake", "confidence": 0.8, "pages": [2]}


@pytest.mark.parametrize(
    ("engine", "pages", "ocr_pages", "label"),
    [
        ("", (0,), (), ""),
        ("tesseract", (0,), (1,), "OCR (tesseract, 91% confidence)"),
        ("tesseract", (0, 40, 90), (2,), "OCR (tesseract, 91% confidence) on page 2 of 3"),
        ("rapidocr", (0, 40, 90), (1, 3), "OCR (rapidocr, 91% confidence) on pages 1, 3 of 3"),
    ],
)
def test_ocr_label_names_engine_confidence_and_pages(
    engine: str, pages: tuple[int, ...], ocr_pages: tuple[int, ...], label: str
) -> None:
    from archive.models import Metadata

    letter = Letter(
        id="x",
        path="/l/x",
        sha256="0",
        format="pdf",
        size=1,
        imported_at="",
        metadata=Metadata(),
        pages=pages,
        ocr_engine=engine,
        ocr_confidence=0.912,
        ocr_pages=ocr_pages,
    )

    assert letter.ocr_label() == label
    assert Letter.from_json(letter.to_json()).ocr_label() == label
    assert letter.is_ocr == bool(engine)


def _ink_on(mode: str, paper: object, ink: object) -> Image.Image:
    page = Image.new(mode, (40, 20), paper)
    for x in range(5, 11):
        page.putpixel((x, 7), ink)
    return page


@pytest.mark.parametrize(
    ("mode", "paper", "ink"),
    [
        pytest.param("RGBA", (0, 0, 0, 0), (0, 0, 0, 255), id="transparent-background"),
        pytest.param("LA", (0, 0), (0, 255), id="grey-with-alpha"),
        pytest.param("I;16", 60_000, 3_000, id="16-bit-grey"),
        pytest.param("RGB", (250, 250, 240), (20, 20, 60), id="colour"),
        pytest.param("CMYK", (0, 0, 0, 0), (0, 0, 0, 255), id="cmyk"),
    ],
)
def test_pages_reach_ocr_as_dark_ink_on_light_paper(mode: str, paper: object, ink: object) -> None:
    grey = scan.bounded_for_ocr(_ink_on(mode, paper, ink))

    assert grey.mode == "L"
    assert grey.getpixel((0, 0)) >= 230  # paper stays light (transparent is not black)
    assert grey.getpixel((7, 7)) <= 40  # ink stays dark (16-bit is scaled, not clipped)


def test_a_blank_scan_is_refused_as_blank(
    real_ocr: OcrEngine, store: Store, letters_dir: Path
) -> None:
    letters_dir.mkdir(parents=True, exist_ok=True)
    (letters_dir / "blank.png").write_bytes(png_bytes(Image.new("L", (400, 300), 255)))

    summary = run_import(store, letters_dir)

    assert summary.imported == 0
    assert [f.reason for f in summary.failed] == ["no text found by OCR (a blank page?)"]


SAMPLE_SCAN = "scan_00562.png"


def test_the_sample_archive_has_a_scanned_letter_that_has_ocr_finds(
    real_ocr: OcrEngine, sample_store: Store
) -> None:
    """What ``make demo`` opens shows a new user OCR: a fictional letter that is only an
    image, read on import, marked and found like any letter."""
    searcher = Searcher(sample_store)
    try:
        hits = searcher.search("has:ocr", limit=10, facets=False, snippets=False).hits
        assert [Path(hit.letter.path).name for hit in hits] == [SAMPLE_SCAN]
        ferry = searcher.search("Kelmscott ferry", limit=10, facets=False, snippets=False).hits
        assert SAMPLE_SCAN in {Path(hit.letter.path).name for hit in ferry}
    finally:
        searcher.close()
    letter = by_name(sample_store)[SAMPLE_SCAN]
    assert (letter.format, letter.ocr_engine, letter.ocr_pages) == ("png", "tesseract", (1,))
    assert letter.ocr_confidence > 0.8
    metadata = letter.metadata
    assert metadata.date is not None and metadata.date.isoformat() == "2016-03-04"
    assert (metadata.references, metadata.mp) == (("HV/MBC/0316/02",), "Harriet Vance")


def test_the_sample_scan_is_small_and_built_from_its_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Committed as built by tools/build_sample.py from tools/sample_src (an image only,
    under 200 KB), so editing the source and rebuilding is the way to change it."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("build_sample", root / "tools/build_sample.py")
    assert spec is not None and spec.loader is not None
    build_sample = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_sample", build_sample)  # for its dataclasses
    spec.loader.exec_module(build_sample)
    committed = root / "archive" / "sample" / "letters" / SAMPLE_SCAN
    source = build_sample.read_source(root / "tools" / "sample_src" / "scan_00562.txt")

    assert source.output == SAMPLE_SCAN
    assert committed.stat().st_size < 200_000
    built = Image.open(io.BytesIO(build_sample.build_png(source)))
    with Image.open(committed) as image:
        assert image.format == "PNG" and image.mode == "L"
        assert image.tobytes() == built.tobytes()


LINES_OF_TEXT = "\n".join(
    f"Line {number} of a fictional letter to Harriet Vance MP about the ferry."
    for number in range(12)
)


@pytest.mark.parametrize("turned", [-4.5, 0.0, 1.5, 3.0])
def test_a_turned_page_is_turned_back_before_ocr(turned: float) -> None:
    """Tesseract misreads more on a turned page ("12 December" read "42"): the page's
    turn is found from its lines and undone; a straight page is given as it is."""
    from archive.readers.scan import DESKEW_MIN_DEGREES, prepare_for_ocr, skew_angle

    page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    page.paste(render_page(LINES_OF_TEXT, size=24), (150, 200))
    scanned = page.rotate(turned, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)

    assert skew_angle(scanned) == pytest.approx(-turned, abs=0.25)
    prepared = prepare_for_ocr(scanned)
    if abs(turned) < DESKEW_MIN_DEGREES:
        assert prepared.size == scanned.size
    else:
        assert skew_angle(prepared) == pytest.approx(0.0, abs=0.25)


def test_a_blank_page_is_not_turned() -> None:
    from archive.readers.scan import skew_angle

    assert skew_angle(render_page("")) == 0.0
