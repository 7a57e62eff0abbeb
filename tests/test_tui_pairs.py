"""Letters beside their replies: the compare screen and the review of links, through the pilot.

The sample archive gives real exchanges (27 replies linked to their letters); a few
fictional letters written here give the cases it lacks: a reply that leaves one question
unanswered, two campaign letters from one template, a letter full of markup and escapes.
``tests/fixtures/pairing`` gives the doubtful and missing links the review screen is for.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

import archive.pairing.cache
import tui.screens.review
from archive.alignment import Paragraph, align
from archive.importer import import_paths
from archive.pairing.cache import Threads, review_items
from archive.store import LinkDecision, Store
from index.writer import sync
from tests.conftest import WriteLetter
from tests.tui_support import (
    build_sample_archive,
    main_screen,
    results_of,
    settle,
    started,
    type_query,
    until_still,
)
from tui.app import DispatchBoxApp
from tui.screens.compare import CompareScreen
from tui.screens.link_picker import LetterPicker
from tui.screens.main import MainScreen
from tui.screens.review import ReviewScreen, filter_keys
from tui.screens.review_filter import ReviewFilterPicker
from tui.text import display_line
from tui.widgets.compare import DIVIDER, GUTTER, UNANSWERED_MARK, CompareView
from tui.widgets.reader import LetterHeader, LetterText
from tui.widgets.results import ResultsList
from tui.widgets.searchbar import QueryInput

PAIRING_FIXTURES = Path(__file__).parent / "fixtures" / "pairing"

# -- archives --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SamplePair:
    """A letter in the sample archive with its one reply, each found by a researcher's query."""

    letter_id: str
    reply_id: str
    reply_reference: str  # a reference only the reply carries


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive imported, indexed and paired once per module (copied per test by
    conftest's ``sample_store``)."""
    root = tmp_path_factory.mktemp("sample") / "archive"
    Threads(build_sample_archive(root)).update()
    return root


@pytest.fixture(scope="module")
def sample_pair(sample_template: Path) -> SamplePair:
    """A letter that answers none, with one reply that no later letter answers in turn.

    Chosen for a long exchange: several rows with paragraphs on both sides.
    """
    store = Store(sample_template)
    pairing = Threads(store).update()
    references = store.references()
    for link in pairing.links:
        if pairing.answers(link.letter_id) or pairing.replies_to(link.reply_id):
            continue
        if len(pairing.replies_to(link.letter_id)) != 1:
            continue
        alignment = align(store.text(link.letter_id), store.text(link.reply_id))
        if sum(1 for row in alignment.rows if row.left and row.right) < 5:
            continue
        own = [
            ref
            for ref, letter_id in references
            if letter_id == link.reply_id
            and [i for r, i in references if r == ref] == [link.reply_id]
        ]
        if own:
            return SamplePair(link.letter_id, link.reply_id, own[0])
    raise AssertionError("the sample archive has no long exchange of one letter and one reply")


@pytest.fixture(scope="module")
def pairing_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hard pairing cases (one reply with no link, one letter with no reply), paired."""
    root = tmp_path_factory.mktemp("pairing") / "archive"
    store = Store(root, create=True)
    import_paths(store, [PAIRING_FIXTURES], workers=1, finish=lambda: sync(store))
    Threads(store).update()
    return root


@pytest.fixture
def pairing_store(pairing_template: Path, tmp_path: Path) -> Store:
    root = tmp_path / "pairing-archive"
    shutil.copytree(pairing_template, root)
    return Store(root)


def id_of(store: Store, file_name: str) -> str:
    (found,) = [letter.id for letter in store.letters() if Path(letter.path).name == file_name]
    return found


def import_letters(store: Store, folder: Path, letters: dict[str, str]) -> dict[str, str]:
    """Write fictional letters into ``folder``, import them: their ids by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in letters.items():
        (folder / name).write_text(text, encoding="utf-8")
    summary = import_paths(store, [folder], workers=1, finish=lambda: sync(store))
    assert summary.imported == len(letters)
    return {name: id_of(store, name) for name in letters}


# -- fictional letters -----------------------------------------------------------------------

QUESTIONS = """\
HOUSE OF COMMONS
LONDON SW1A 0AA

Rosamund Quell MP
Member of Parliament for Ottermouth and Brackenfield

Rt Hon Caspian Moorcroft MP
Secretary of State for Transport
Great Minster House
33 Horseferry Road
London SW1P 4DR

Our ref: RQ/TRN/0402

2 April 2024

Dear Secretary of State,

Residents of Ottermouth have asked me to raise the state of the harbour sea wall, which was \
breached in the February storms. Will the Department fund its repair before the winter?

I am also concerned about the Brackenfield level crossing, where two cars were struck last \
year. When will the crossing be fitted with full barriers?

Finally, the Sunday ferry to Gullholm island was withdrawn in January. Will the Minister \
press the operator to restore it for the summer timetable?

Yours sincerely,

Rosamund Quell MP
Member of Parliament for Ottermouth and Brackenfield
"""

#: Answers the sea wall and the ferry; says nothing about the level crossing.
PARTIAL_REPLY = """\
Department for Transport
Great Minster House
33 Horseferry Road
London SW1P 4DR

Rosamund Quell MP
House of Commons
London
SW1A 0AA

Our ref: MC/551902
Your ref: RQ/TRN/0402

7 May 2024

Dear Rosamund,

Thank you for your letter of 2 April about transport in Ottermouth and Brackenfield.

The Ottermouth harbour sea wall is owned by the harbour authority, but the Department has \
agreed to fund half the cost of the repair, and work will begin in September, before the \
winter storms.

On the Gullholm ferry, I have written to the operator asking that the Sunday service be \
restored in the summer timetable, and I will let you know their answer.

Yours sincerely,

Caspian Moorcroft MP
Secretary of State for Transport
"""

CAMPAIGN = """\
HOUSE OF COMMONS
LONDON SW1A 0AA

{mp} MP
Member of Parliament for {seat}

Rt Hon Imogen Saltash MP
Secretary of State for Environment, Food and Rural Affairs
Seacole Building
2 Marsham Street
London SW1P 4DF

{date}

Dear Secretary of State,

I have been contacted by many constituents who support the Save Our Chalk Streams campaign \
and who are alarmed by the state of the rivers in {seat}.

They ask that the Government set a legal limit on the sewage that water companies may \
release into chalk streams, and that the Environment Agency be given the money to enforce it.

{local}

Will the Department commit to a date for the new limits, and will it publish the monitoring \
data for every outfall on a chalk stream?

Yours sincerely,

{mp} MP
Member of Parliament for {seat}
"""

ASHCOMBE = CAMPAIGN.format(
    mp="Perpetua Ashcombe",
    seat="Wexley Downs",
    date="3 April 2024",
    local="Anglers on the Wex report that the mayfly hatch has failed two summers running.",
)
TARROW = CAMPAIGN.format(
    mp="Gideon Tarrow",
    seat="Calder Reach",
    date="9 April 2024",
    local="Parents tell me their children can no longer paddle at Holloway Bridge.",
)

HOSTILE = "[bold]URGENT[/bold] [@click=app.quit]quit[/] \x1b[31mred\x1b[0m bell\x07 zanzibar"

# -- waiting and reading ---------------------------------------------------------------------


class Notes:
    """A ``message_hook`` that keeps every notification (with its severity) once."""

    def __init__(self) -> None:
        self.shown: list[Notification] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify) and not any(n is message.notification for n in self.shown):
            self.shown.append(message.notification)

    def texts(self, severity: str | None = None) -> list[str]:
        return [n.message for n in self.shown if severity in (None, n.severity)]


async def open_letter(pilot: Pilot[None], query: str, letter_id: str) -> MainScreen:
    """Search for ``query`` (which finds only ``letter_id``) and read that letter."""
    app = pilot.app
    assert isinstance(app, DispatchBoxApp)
    screen = main_screen(app)
    await type_query(pilot, query)
    await pilot.press("enter")
    reader = screen.query_one(LetterText)
    await settle(
        pilot,
        lambda: reader.letter is not None and reader.letter.id == letter_id and reader.has_focus,
    )
    return screen


async def compare_screen(pilot: Pilot[None]) -> CompareScreen:
    """Wait for the compare screen to show its two letters lined up."""
    app = pilot.app
    await settle(
        pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.result is not None
    )
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    return screen


async def press_compare(pilot: Pilot[None]) -> tuple[CompareScreen, CompareView]:
    await pilot.press("c")
    screen = await compare_screen(pilot)
    return screen, screen.query_one(CompareView)


def header_lines(screen: CompareScreen) -> dict[str, str]:
    """The header's rows as drawn, by their label."""
    header = screen.query_one("#compare-header", Static)
    lines = [header.render_line(y).text for y in range(header.size.height)]
    return {line.split()[0]: line for line in lines if line.strip()}


def status_of(screen: CompareScreen) -> str:
    return str(screen.query_one("#compare-status", Static).content)


def cells(view: CompareView, y: int) -> tuple[str, str, str]:
    """A screen line of the view, cut into its gutter, left column and right column."""
    text = view.render_line(y).text
    left_width, _ = view._widths()
    middle = GUTTER + left_width
    assert text[middle : middle + len(DIVIDER)] == DIVIDER, text
    return text[:GUTTER], text[GUTTER:middle], text[middle + len(DIVIDER) :]


def drawn(text: str, paragraph: Paragraph) -> str:
    """A paragraph as the view draws it, line by line (control characters made visible)."""
    lines = text[paragraph.start : paragraph.end].split("\n")
    return "\n".join(display_line(line.removesuffix("\r")) for line in lines)


def row_texts(view: CompareView, row: int) -> tuple[list[str], list[str]]:
    """The drawn paragraphs of one row: the letter's, then the reply's."""
    alignment = view.alignment
    assert alignment is not None
    chosen = alignment.rows[row]
    return (
        [drawn(view.left_text, alignment.left[i]) for i in chosen.left],
        [drawn(view.right_text, alignment.right[i]) for i in chosen.right],
    )


def assert_sides_in_step(view: CompareView) -> None:
    """Every visible line shows, on each side, text from the paragraphs of one and the same row."""
    top = int(view.scroll_y)
    for y in range(min(view.size.height, len(view.bands) - top)):
        band = view.bands[top + y]
        assert view.row_at(top + y) == band.row
        if band.rule:
            assert "┼" in view.render_line(y).text
            continue
        _gutter, left, right = cells(view, y)
        left_paragraphs, right_paragraphs = row_texts(view, band.row)
        assert not left.strip() or any(left.strip() in p for p in left_paragraphs), (y, left)
        assert not right.strip() or any(right.strip() in p for p in right_paragraphs), (y, right)


async def drawn_lines(pilot: Pilot[None], view: CompareView) -> list[str]:
    """Every line of the view as drawn, page by page from the top (the keys a reader uses)."""
    await pilot.press("home")
    lines: list[str] = []
    while True:
        top = int(view.scroll_y)
        lines[top:] = [view.render_line(y).text for y in range(view.size.height)]
        if top >= view.max_scroll_y:
            return lines[: len(view.bands)]
        await pilot.press("pagedown")


def mode_of(view: CompareView) -> str:
    """The view's mode, read afresh after a key (not narrowed by an earlier assert)."""
    return view.mode


def marked_words(text: str, marks: list[tuple[int, int, str]]) -> set[str]:
    """The words of ``text`` that a mark touches."""
    covered = {offset for start, end, _name in marks for offset in range(start, end)}
    return {
        match.group()
        for match in re.finditer(r"\w+", text)
        if covered.intersection(range(match.start(), match.end()))
    }


# -- 1. from the reader to the compare screen ------------------------------------------------


async def test_tagging_the_open_letter_keeps_its_reply_in_the_header(
    sample_store: Store, sample_pair: SamplePair
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        main = await open_letter(pilot, f"id:{sample_pair.letter_id}", sample_pair.letter_id)
        header = main.query_one(LetterHeader)
        reply = sample_store.get(sample_pair.reply_id)
        assert reply is not None
        await settle(pilot, lambda: reply.label() in str(header.content))
        await pilot.press("f")
        await settle(pilot, lambda: "follow-up" in str(header.content))
        assert reply.label() in str(header.content)
        assert sample_pair.reply_id not in str(header.content)  # ids are for scripts


async def test_c_compares_a_letter_with_its_reply_and_a_reply_with_its_letter(
    sample_store: Store, sample_pair: SamplePair
) -> None:
    letter = sample_store.get(sample_pair.letter_id)
    reply = sample_store.get(sample_pair.reply_id)
    assert letter is not None and reply is not None
    assert letter.metadata.date is not None and reply.metadata.date is not None
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        main = await open_letter(pilot, f"id:{letter.id}", letter.id)
        # Once paired, the reader names the reply (and says c compares).
        header = main.query_one(LetterHeader)
        await settle(pilot, lambda: reply.label() in str(header.content))
        screen, view = await press_compare(pilot)
        assert (screen.left_id, screen.right_id) == (letter.id, reply.id)
        rows = header_lines(screen)
        assert "letter" not in rows and not any(reply.id in row for row in rows.values())
        day, answered = letter.metadata.date.isoformat(), reply.metadata.date.isoformat()
        assert rows["date"].index(day) < rows["date"].index(answered)
        assert view.left_text == sample_store.text(letter) and view.has_focus
        # Back to the workbench; from the reply (found by its own reference), the letter it
        # answers goes on the left.
        await pilot.press("escape")
        assert app.screen is main
        await open_letter(pilot, sample_pair.reply_reference, reply.id)
        await settle(pilot, lambda: letter.label() in str(header.content))
        screen, view = await press_compare(pilot)
        assert (screen.left_id, screen.right_id) == (letter.id, reply.id)
        rows = header_lines(screen)
        assert rows["date"].index(day) < rows["date"].index(answered)
        assert view.right_text == sample_store.text(reply)


# -- 2. the alignment as drawn ---------------------------------------------------------------


async def test_each_row_starts_both_paragraphs_on_one_line_and_shows_each_paragraph_once(
    sample_store: Store, sample_pair: SamplePair
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await open_letter(pilot, f"id:{sample_pair.letter_id}", sample_pair.letter_id)
        _screen, view = await press_compare(pilot)
        alignment = view.alignment
        assert alignment is not None
        both = [i for i, row in enumerate(alignment.rows) if row.left and row.right]
        assert len(both) >= 5
        # Row by row (]), the row's first screen line begins its letter paragraph on the left
        # and the first reply paragraph beside it on the right.
        for row in range(len(alignment.rows)):
            assert view.current_row == row
            if row in both:
                _gutter, left, right = cells(view, view.band_of_row(row) - int(view.scroll_y))
                (first_left, *_), (first_right, *_) = row_texts(view, row)
                assert left.strip() and first_left.startswith(left.strip())
                assert right.strip() and first_right.startswith(right.strip())
            await pilot.press("right_square_bracket")
        # Every paragraph of both letters is drawn, whole, in exactly one row.
        for side, paragraphs, text in (
            ("left", alignment.left, view.left_text),
            ("right", alignment.right, view.right_text),
        ):
            for paragraph in paragraphs:
                shown = [
                    (band.row, line.text)
                    for band in view.bands
                    if (line := getattr(band, side)) is not None
                    and line.text
                    and paragraph.start <= line.start < paragraph.end
                ]
                assert len({row for row, _ in shown}) == 1, (side, paragraph)
                (row,) = {row for row, _ in shown}
                named = alignment.rows[row].left if side == "left" else alignment.rows[row].right
                assert paragraph.index in named
                whole = drawn(text, paragraph).replace("\n", "")
                assert "".join(line for _, line in shown) == whole


# -- 3. one view, both sides scroll together -------------------------------------------------


async def test_next_row_page_down_and_j_k_keep_both_sides_on_the_same_row(
    sample_store: Store, sample_pair: SamplePair
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await open_letter(pilot, f"id:{sample_pair.letter_id}", sample_pair.letter_id)
        _screen, view = await press_compare(pilot)
        alignment = view.alignment
        assert alignment is not None
        assert view.scroll_y == 0 and view.current_row == 0
        assert_sides_in_step(view)
        # ] to the third row with paragraphs on both sides: it is at the top, both sides.
        target = [i for i, row in enumerate(alignment.rows) if row.left and row.right][2]
        assert view.band_of_row(target) < view.max_scroll_y
        await pilot.press(*["right_square_bracket"] * target)
        assert view.current_row == target
        assert view.scroll_y == view.band_of_row(target) > 0
        assert view.row_at(int(view.scroll_y)) == target
        _gutter, left, right = cells(view, 0)
        left_paragraphs, right_paragraphs = row_texts(view, target)
        assert left.strip() and left_paragraphs[0].startswith(left.strip())
        assert right.strip() and right_paragraphs[0].startswith(right.strip())
        assert_sides_in_step(view)
        # [ goes back a row.
        await pilot.press("left_square_bracket")
        assert view.current_row == target - 1
        assert view.scroll_y == view.band_of_row(target - 1)
        # Page down: further down, the current row follows, the sides stay in step.
        before = view.scroll_y
        await pilot.press("pagedown")
        assert view.scroll_y > before
        assert view.current_row == view.row_at(int(view.scroll_y))
        assert_sides_in_step(view)
        # j and k: a line at a time.
        before = view.scroll_y
        await pilot.press("j")
        assert view.scroll_y == before + 1
        assert_sides_in_step(view)
        await pilot.press("k", "k")
        assert view.scroll_y == before - 1
        assert_sides_in_step(view)


# -- 4. unanswered paragraphs ----------------------------------------------------------------


async def test_n_finds_the_question_the_reply_leaves_unanswered(tmp_path: Path) -> None:
    store = Store(tmp_path / "archive", create=True)
    ids = import_letters(
        store,
        tmp_path / "letters",
        {"2024-04-02_quell_to_dft.txt": QUESTIONS, "2024-05-07_dft_reply.txt": PARTIAL_REPLY},
    )
    letter_id = ids["2024-04-02_quell_to_dft.txt"]
    app = DispatchBoxApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await open_letter(pilot, f"id:{letter_id}", letter_id)
        screen, view = await press_compare(pilot)
        assert screen.right_id == ids["2024-05-07_dft_reply.txt"]
        alignment = view.alignment
        assert alignment is not None
        # The level crossing, and only it, has no answer.
        (missing,) = alignment.unanswered
        assert "level crossing" in view.left_text[alignment.left[missing].start :][:80]
        (crossing_row,) = [i for i, row in enumerate(alignment.rows) if missing in row.left]
        assert "1 letter paragraph unanswered" in status_of(screen)
        assert view.current_row == 0
        await pilot.press("n")
        assert view.current_row == crossing_row
        y = view.band_of_row(crossing_row) - int(view.scroll_y)
        gutter, left, _right = cells(view, y)
        assert gutter.startswith(UNANSWERED_MARK)
        assert left.startswith("I am also concerned about the Brackenfield")
        await settle(pilot, lambda: f"row {crossing_row + 1} of" in status_of(screen))
        # Every other row, and every line after a row's first, has an empty gutter.
        await pilot.press("home")
        for row in range(len(alignment.rows)):
            assert view.current_row == row
            top = int(view.scroll_y)
            for y in range(min(view.size.height, len(view.bands) - top)):
                band = view.bands[top + y]
                if band.rule:
                    continue
                gutter, _left, _right = cells(view, y)
                marked = band.row == crossing_row and top + y == view.band_of_row(band.row)
                assert gutter == (UNANSWERED_MARK.ljust(GUTTER) if marked else " " * GUTTER)
            await pilot.press("right_square_bracket")
        # N (and n again) come back to the one unanswered row.
        await pilot.press("home", "N")
        assert view.current_row == crossing_row


# -- 5. two letters of one template: the differences -----------------------------------------


async def test_two_campaign_letters_open_on_their_differences_and_d_toggles(
    sample_store: Store, tmp_path: Path
) -> None:
    ids = import_letters(
        sample_store,
        tmp_path / "campaign",
        {"2024-04-03_ashcombe.txt": ASHCOMBE, "2024-04-09_tarrow.txt": TARROW},
    )
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await started(pilot)
        await type_query(pilot, "chalk")
        await pilot.press("enter")
        await settle(pilot, lambda: main.total == 2 and results_of(app).current is not None)
        await pilot.press("escape", "space", "space")
        assert results_of(app).marked == set(ids.values())
        screen, view = await press_compare(pilot)
        assert (screen.left_id, screen.right_id) == (
            ids["2024-04-03_ashcombe.txt"],
            ids["2024-04-09_tarrow.txt"],
        )
        assert mode_of(view) == "differences"
        assert "differences marked" in status_of(screen)
        assert {name for *_, name in view._left_marks} == {"compare--deleted"}
        assert {name for *_, name in view._right_marks} == {"compare--inserted"}
        left_marked = marked_words(view.left_text, view._left_marks)
        right_marked = marked_words(view.right_text, view._right_marks)
        # The names, the seats, the date and the local sentence differ...
        assert {"Perpetua", "Ashcombe", "Wexley", "Downs", "Anglers", "mayfly"} <= left_marked
        assert {"Gideon", "Tarrow", "Calder", "Reach", "paddle", "Holloway"} <= right_marked
        # ... and nothing of the shared campaign text is marked.
        shared = {"campaign", "alarmed", "sewage", "Environment", "Agency", "outfall", "Marsham"}
        assert not shared & (left_marked | right_marked)
        # As drawn: the MP's name has the deletion style, the campaign text none.
        deleted = view.get_component_rich_style("compare--deleted")
        row = next(
            i for i, band in enumerate(view.bands) if band.left and "Perpetua" in band.left.text
        )
        segments: list[Segment] = list(view.render_line(row - int(view.scroll_y)))
        (name,) = [s for s in segments if "Perpetua" in s.text]
        assert name.style is not None and name.style.bgcolor == deleted.bgcolor
        # d: back to the phrases the two share.
        await pilot.press("d")
        assert mode_of(view) == "shared"
        assert "shared phrases underlined" in status_of(screen)
        assert {name for *_, name in view._left_marks} == {"compare--shared"}
        assert {"sewage", "Environment", "outfall"} <= marked_words(
            view.left_text, view._left_marks
        )
        await pilot.press("d")
        assert mode_of(view) == "differences"
        assert "differences marked" in status_of(screen)


async def test_swapping_sides_keeps_the_differences_on_the_right_words(
    sample_store: Store, sample_pair: SamplePair
) -> None:
    """Differences chosen with d for a letter and its reply, then s: marks follow the texts."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await open_letter(pilot, f"id:{sample_pair.letter_id}", sample_pair.letter_id)
        screen, view = await press_compare(pilot)
        assert mode_of(view) == "shared"  # a letter and its reply share no template
        await pilot.press("d")
        assert mode_of(view) == "differences"
        await pilot.press("s")
        await settle(
            pilot,
            lambda: screen.result is not None and screen.result.left.id == sample_pair.reply_id,
        )
        assert view.left_text == sample_store.text(sample_pair.reply_id)
        assert mode_of(view) == "differences"
        differing = sum(1 for change in screen.changes if change.kind != "equal")
        assert differing > 0
        assert f"{differing} differences marked" in status_of(screen)
        # Every mark is a change between these two texts, in this order.
        expected_left = sorted(
            (c.left[0], c.left[1], "compare--deleted")
            for c in screen.changes
            if c.kind != "equal" and c.left[1] > c.left[0]
        )
        assert view._left_marks == expected_left
        assert view.changes == screen.changes


async def test_s_swaps_the_sides_of_the_same_alignment(
    sample_store: Store, sample_pair: SamplePair
) -> None:
    """s exchanges left and right; the paragraphs paired before stay paired (aligning again
    from the reply's side paired them differently), and ✗ stays on the letter's paragraphs."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await read_by_id(pilot, sample_pair.letter_id)
        screen, view = await press_compare(pilot)
        before = view.alignment
        assert before is not None
        pairs = [(row.left, row.right) for row in before.rows]
        marked_rows = view._unanswered_rows()
        await pilot.press("s")
        await settle(
            pilot,
            lambda: screen.result is not None and screen.result.left.id == sample_pair.reply_id,
        )
        after = view.alignment
        assert after is not None and view.left_text == sample_store.text(sample_pair.reply_id)
        assert [(row.right, row.left) for row in after.rows] == pairs
        assert view._unanswered_rows() == marked_rows
        letter, reply = (
            sample_store.get(sample_pair.letter_id),
            sample_store.get(sample_pair.reply_id),
        )
        assert letter is not None and reply is not None
        dates = header_lines(screen)["date"].split()[1:3]
        assert dates == [str(reply.metadata.date), str(letter.metadata.date)]
        await pilot.press("s")
        again = view.alignment
        assert again is not None and [(row.left, row.right) for row in again.rows] == pairs


# -- 6. comparing marked letters -------------------------------------------------------------


async def test_marked_letters_compare_in_date_order_and_c_explains_itself(
    sample_store: Store,
) -> None:
    pairing = Threads(sample_store).update()
    (alone, *_) = [item.letter_id for item in review_items(pairing) if not item.candidates]
    notes = Notes()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        main = await started(pilot)
        results = results_of(app)
        first, second = results.hit_at(0), results.hit_at(1)
        assert first is not None and second is not None
        assert first.letter.metadata.date and second.letter.metadata.date
        assert first.letter.metadata.date > second.letter.metadata.date  # newest first
        await pilot.press("space", "space")
        screen, _view = await press_compare(pilot)
        assert (screen.left_id, screen.right_id) == (second.letter_id, first.letter_id)
        await pilot.press("escape")
        assert app.screen is main
        # A third mark: c says to mark two.
        await pilot.press("space")
        assert len(results.marked) == 3
        await pilot.press("c")
        await settle(pilot, lambda: bool(notes.texts("warning")))
        assert any("Mark two letters" in text for text in notes.texts("warning"))
        assert app.screen is main
        # None marked, a letter with no reply that answers none: c says what to do instead.
        await pilot.press("u")
        await open_letter(pilot, f"id:{alone}", alone)
        await pilot.press("c")
        await settle(pilot, lambda: any("mark two letters" in text for text in notes.texts()))
        assert app.screen is main


# -- 7. the review screen --------------------------------------------------------------------


def review_screen(app: DispatchBoxApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def open_review(pilot: Pilot[None]) -> tuple[ReviewScreen, OptionList]:
    app = pilot.app
    assert isinstance(app, DispatchBoxApp)
    await pilot.press("R")
    await settle(pilot, lambda: isinstance(app.screen, ReviewScreen) and bool(app.screen.items))
    screen = review_screen(app)
    return screen, screen.query_one("#review-list", OptionList)


def listed(options: OptionList) -> list[str | None]:
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


def detail_of(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-detail", Static).content)


async def test_review_links_an_unlinked_reply_by_hand_and_the_link_lasts(
    pairing_store: Store,
) -> None:
    reply = id_of(pairing_store, "2023-03-20_defra_reply_carrow.txt")
    letter = id_of(pairing_store, "2023-01-02_carrow_to_defra.txt")
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await started(pilot)
        screen, options = await open_review(pilot)
        title = str(screen.query_one("#review-title", Static).content)
        assert "0 doubtful links · 1 reply with no link · 1 letter with no reply" in title
        assert sorted(listed(options), key=str) == sorted([reply, letter])
        while screen.current is None or screen.current.letter_id != reply:
            await pilot.press("down")
        assert screen.current.kind == "unlinked"
        evidence = detail_of(screen)
        replied, answered = pairing_store.get(reply), pairing_store.get(letter)
        assert replied is not None and answered is not None
        # Letters by date, reference and parties in full; the evidence in words.
        assert f"Reply\n  {replied.label()}" in evidence
        assert "Letters it may answer (1-3 links to one)" in evidence
        assert answered.label() in evidence and letter not in evidence
        assert "score" not in evidence
        assert "same MP (Lettice Carrow)" in evidence  # a reason for candidate 1
        # 1: the reply answers candidate 1, by the researcher's hand.
        await pilot.press("1")
        await settle(pilot, lambda: bool(pairing_store.link_decisions()))
        assert [(d.reply_id, d.letter_id, d.verdict) for d in pairing_store.link_decisions()] == [
            (reply, letter, "manual")
        ]
        # Both the reply and the letter it answers leave the list.
        await settle(pilot, lambda: reply not in listed(options))
        assert listed(options) == [None]
        assert "Nothing to review" in str(options.get_option_at_index(0).prompt)
        # The reader's header says so too.
        await pilot.press("escape")
        assert app.screen is main
        await open_letter(pilot, f"id:{reply}", reply)
        header = main.query_one(LetterHeader)
        answered = pairing_store.get(letter)
        assert answered is not None and answered.metadata.date == dt.date(2023, 1, 2)
        await settle(pilot, lambda: f"{answered.label()} (linked by you" in str(header.content))
        await pilot.press("ctrl+q")
    # A new session on the same archive: the decision holds, the list stays empty.
    again = Store(pairing_store.root)
    assert [(d.reply_id, d.letter_id, d.verdict) for d in again.link_decisions()] == [
        (reply, letter, "manual")
    ]
    app = DispatchBoxApp(again)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = review_screen(app)
        options = screen.query_one("#review-list", OptionList)
        await settle(
            pilot, lambda: "Nothing to review" in str(options.get_option_at_index(0).prompt)
        )
        assert Threads(again).pairing().answers(reply) is not None


async def test_review_confirms_rejects_withdraws_and_compares(
    pairing_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive.pairing.cache, "UNCERTAIN_BELOW", 1.01)  # every automatic link
    items = review_items(Threads(pairing_store).pairing())
    first, second, third = items[:3]
    assert first.kind == second.kind == third.kind == "uncertain"
    assert first.link is not None and second.link is not None and third.link is not None
    confirmed = (first.letter_id, first.link.letter_id)
    proposed = second.link.letter_id  # what ``second`` is linked to, until rejected
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen, options = await open_review(pilot)
        assert listed(options) == [item.letter_id for item in items]
        assert screen.current == first
        evidence = detail_of(screen)
        linked = pairing_store.get(first.link.letter_id)
        assert linked is not None
        assert "Linked to" in evidence and linked.label() in evidence
        assert "y confirms, x rejects" in evidence
        assert all(reason in evidence for reason in first.link.reasons)
        # y: confirmed; the item leaves the list and the cursor moves on to the next one.
        await pilot.press("y")
        await settle(pilot, lambda: first.letter_id not in listed(options))
        assert [(d.reply_id, d.letter_id, d.verdict) for d in pairing_store.link_decisions()] == [
            (*confirmed, "confirmed")
        ]
        await settle(pilot, lambda: screen.current is not None)
        assert screen.current is not None and screen.current.letter_id == second.letter_id
        # x: rejected; the reply stays to review (now with no link), the cursor moves on.
        await pilot.press("x")
        await settle(pilot, lambda: len(pairing_store.link_decisions()) == 2)
        rejected = LinkDecision(second.letter_id, proposed, "rejected")
        assert rejected in [
            LinkDecision(d.reply_id, d.letter_id, d.verdict) for d in pairing_store.link_decisions()
        ]
        await settle(
            pilot,
            lambda: screen.current is not None and screen.current.letter_id != second.letter_id,
        )
        assert screen.current is not None and screen.current.letter_id == third.letter_id
        (now,) = [item for item in screen.items if item.letter_id == second.letter_id]
        assert now.link is None or now.link.letter_id != proposed
        # u on the rejected reply: the rejection is withdrawn, its link proposed again.
        for _ in range(options.option_count):
            if screen.current is not None and screen.current.letter_id == second.letter_id:
                break
            await pilot.press("down")
        await pilot.press("u")
        await settle(pilot, lambda: len(pairing_store.link_decisions()) == 1)
        await settle(
            pilot,
            lambda: any(
                item.letter_id == second.letter_id
                and item.link is not None
                and item.link.letter_id == proposed
                for item in screen.items
            ),
        )
        assert screen.current is not None and screen.current.letter_id == second.letter_id
        # c: the letter on the left, the reply linked to it on the right.
        await pilot.press("c")
        compare = await compare_screen(pilot)
        assert (compare.left_id, compare.right_id) == (proposed, second.letter_id)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("ctrl+q")
    # Quit and start again: the confirmation is still there, and still off the list.
    again = Store(pairing_store.root)
    assert [(d.reply_id, d.letter_id, d.verdict) for d in again.link_decisions()] == [
        (*confirmed, "confirmed")
    ]
    app = DispatchBoxApp(again)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen, options = await open_review(pilot)
        assert first.letter_id not in listed(options)
        assert listed(options)[0] == second.letter_id


async def test_review_moves_with_j_and_k_and_shows_whole_dates_at_80_columns(
    pairing_store: Store,
) -> None:
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen, options = await open_review(pilot)
        first, second = listed(options)[:2]
        drawn = [
            options.render_line(y).text.replace("\u00a0", " ") for y in range(options.size.height)
        ]
        for letter_id in (first, second):
            letter = pairing_store.get(letter_id)
            assert letter is not None and letter.metadata.date is not None
            (line,) = [line for line in drawn if letter.metadata.date.isoformat() in line]
            # Sender and recipient whole, each on one line.
            for side in ("sender", "recipient"):
                assert any(letter.party(side) in line for line in drawn), letter.party(side)
        assert screen.current is not None and screen.current.letter_id == first
        await pilot.press("j")
        assert screen.current is not None and screen.current.letter_id == second
        await pilot.press("k")
        assert screen.current is not None and screen.current.letter_id == first


async def test_review_filters_by_department_and_year_and_says_how_many_are_shown(
    pairing_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive.pairing.cache, "UNCERTAIN_BELOW", 1.01)  # every automatic link
    items = review_items(Threads(pairing_store).pairing())
    keys = {}
    for item in items:
        letter = pairing_store.get(item.letter_id)
        assert letter is not None
        keys[item.letter_id] = filter_keys(letter)
    justice = [i for i in items if keys[i.letter_id].get("department") == "Ministry of Justice"]
    assert 1 < len(justice) < len(items)
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen, options = await open_review(pilot)
        assert len(listed(options)) == len(items)
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, ReviewFilterPicker))
        await pilot.press(*"justice", "enter")
        await settle(pilot, lambda: app.screen is screen)
        assert listed(options) == [item.letter_id for item in justice]
        title = str(screen.query_one("#review-title", Static).content)
        assert f"{len(justice)} of {len(items)} shown · department: Ministry of Justice" in title
        # A year as well: both filters hold, and the header names both.
        year = keys[justice[0].letter_id]["year"]
        both = [i for i in justice if keys[i.letter_id].get("year") == year]
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, ReviewFilterPicker))
        await pilot.press(*f"year {year}", "enter")
        await settle(pilot, lambda: app.screen is screen)
        assert listed(options) == [item.letter_id for item in both]
        title = str(screen.query_one("#review-title", Static).content)
        assert f"{len(both)} of {len(items)} shown" in title and f"year: {year}" in title
        # F: every item again, and the header says nothing of filters.
        await pilot.press("F")
        assert len(listed(options)) == len(items)
        assert "shown" not in str(screen.query_one("#review-title", Static).content)


async def test_review_filters_reach_past_the_items_first_listed(
    pairing_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long list shows its first items at once; a filter still finds every item, and the
    evidence of one further down is read when it is highlighted."""
    monkeypatch.setattr(archive.pairing.cache, "UNCERTAIN_BELOW", 1.01)  # every automatic link
    monkeypatch.setattr(tui.screens.review, "SHOWN", 2)
    items = review_items(Threads(pairing_store).pairing())
    justice = [
        item
        for item in items
        if (letter := pairing_store.get(item.letter_id)) is not None
        and filter_keys(letter).get("department") == "Ministry of Justice"
    ]
    (last, *_) = [item for item in justice if items.index(item) >= 2][::-1]
    assert last.link is not None
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen, options = await open_review(pilot)
        assert listed(options) == [item.letter_id for item in items[:2]]
        assert "(the first 2 listed)" in str(screen.query_one("#review-title", Static).content)
        await settle(pilot, lambda: screen.whole)
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, ReviewFilterPicker))
        await pilot.press(*"justice", "enter")
        await settle(pilot, lambda: app.screen is screen)
        assert listed(options)[-1] == last.letter_id
        while screen.current != last:
            await pilot.press("j")
        linked = pairing_store.get(last.link.letter_id)
        assert linked is not None
        await settle(pilot, lambda: linked.label() in detail_of(screen))


async def test_review_links_a_reply_to_any_letter_found_in_a_picker(pairing_store: Store) -> None:
    reply = id_of(pairing_store, "2023-03-20_defra_reply_carrow.txt")
    target = id_of(pairing_store, "2022-05-09_fenwold_to_moj.txt")
    pairing = Threads(pairing_store).pairing()
    assert target not in [c.letter_id for c in pairing.candidates[reply]]  # not offered
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await started(pilot)
        screen, options = await open_review(pilot)
        while screen.current is None or screen.current.letter_id != reply:
            await pilot.press("j")
        await pilot.press("l")
        await settle(
            pilot,
            lambda: isinstance(app.screen, LetterPicker) and bool(app.screen.found),
        )
        picker = app.screen
        assert isinstance(picker, LetterPicker)
        # It starts on the MP's own letters; any letter can be searched for.
        assert picker.query_one(Input).value == 'mp:"Lettice Carrow" dir:from_mp date:..2023-03-20'
        assert {letter.metadata.mp for letter in picker.found} == {"Lettice Carrow"}
        picker.query_one(Input).value = f"id:{target}"  # pasted: one search, not one a key
        await settle(pilot, lambda: [letter.id for letter in picker.found] == [target])
        await pilot.press("enter")
        await settle(pilot, lambda: bool(pairing_store.link_decisions()))
        assert [(d.reply_id, d.letter_id, d.verdict) for d in pairing_store.link_decisions()] == [
            (reply, target, "manual")
        ]
        await settle(pilot, lambda: app.screen is screen and reply not in listed(options))
        # The reader names the letter it answers, linked by the researcher.
        await pilot.press("escape")
        assert app.screen is main
        await open_letter(pilot, f"id:{reply}", reply)
        answered = pairing_store.get(target)
        assert answered is not None
        header = main.query_one(LetterHeader)
        await settle(pilot, lambda: f"{answered.label()} (linked by you" in str(header.content))
        assert reply in Threads(pairing_store).pairing().thread(target)  # its exchange


async def test_a_rejected_pair_leaves_the_review_at_once_and_is_never_offered_again(
    pairing_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive.pairing.cache, "UNCERTAIN_BELOW", 1.01)  # every automatic link
    items = review_items(Threads(pairing_store).pairing())
    (item, *_) = [
        i for i in items if i.link is not None and len(i.candidates) > 1 and i.link.letter_id
    ]
    assert item.link is not None
    rejected = item.link.letter_id
    writing = threading.Event()
    decide_link = pairing_store.decide_link

    def held(reply_id: str, letter_id: str, verdict: str | None) -> None:
        writing.wait(10)
        decide_link(reply_id, letter_id, verdict)

    monkeypatch.setattr(pairing_store, "decide_link", held)
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen, options = await open_review(pilot)
        while screen.current is None or screen.current.letter_id != item.letter_id:
            await pilot.press("j")
        await pilot.press("x")
        # Gone before the decision is even written.
        assert item.letter_id not in listed(options)
        writing.set()
        await settle(pilot, lambda: bool(pairing_store.link_decisions()))
        await settle(pilot, lambda: item.letter_id in listed(options))
        # Back with the next letter, never with the rejected one.
        (again,) = [i for i in screen.items if i.letter_id == item.letter_id]
        offered = [c.letter_id for c in again.candidates]
        if again.link is not None:
            offered.append(again.link.letter_id)
        assert offered and rejected not in offered
        while screen.current is None or screen.current.letter_id != item.letter_id:
            await pilot.press("j")
        rejected_letter = pairing_store.get(rejected)
        assert rejected_letter is not None
        assert rejected_letter.label() not in detail_of(screen)


# -- 8. letters are data, never markup -------------------------------------------------------


async def test_markup_and_escapes_in_compared_letters_show_literally(
    sample_store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    write_letter("hostile.txt", "mp", our_ref="ZZ/0001", topic=HOSTILE)
    write_letter("hostile-reply.txt", reference="M55555/18", topic=HOSTILE)
    summary = import_paths(
        sample_store, [letters_dir], workers=1, finish=lambda: sync(sample_store)
    )
    assert summary.imported == 2
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await started(pilot)
        await type_query(pilot, "zanzibar")
        await pilot.press("enter")
        await settle(pilot, lambda: main.total == 2 and results_of(app).current is not None)
        await pilot.press("escape", "space", "space")
        screen, view = await press_compare(pilot)
        assert "\x1b[31m" in view.left_text and "\x1b[31m" in view.right_text
        shown = "\n".join(await drawn_lines(pilot, view))
        assert shown.count("[bold]URGENT[/bold]") == 2
        assert shown.count("[@click=app.quit]quit[/]") == 2
        assert shown.count("\u241b[31mred\u241b[0m") == 2
        assert shown.count("bell\u2407") == 2
        assert "\x1b" not in shown and "\x07" not in shown
        # Were the text markup, a click on "quit" would run the action it names.
        await pilot.press("home")
        (row, *_) = [y for y in range(view.size.height) if "[@click" in view.render_line(y).text]
        column = view.render_line(row).text.index("quit[/]")
        await pilot.click(view, offset=(column, row))
        await settle(pilot, lambda: True)
        assert app.is_running
        assert app.screen is screen


# -- 9. a small terminal ---------------------------------------------------------------------


async def test_a_small_terminal_still_shows_both_columns_whole(
    sample_store: Store, sample_pair: SamplePair
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await open_letter(pilot, f"id:{sample_pair.letter_id}", sample_pair.letter_id)
        screen, view = await press_compare(pilot)
        assert view.size.height >= 8  # room to read under the header
        assert not view.show_horizontal_scrollbar
        assert view.virtual_size.width <= view.scrollable_content_region.width
        left_width, right_width = view._widths()
        assert (
            GUTTER + left_width + len(DIVIDER) + right_width <= view.scrollable_content_region.width
        )
        assert min(left_width, right_width) >= 30
        # Every line fits, and each side shows its wrapped line whole.
        assert all(cell_len(line) <= 80 for line in header_lines(screen).values())
        await pilot.press("home")
        both_sides = 0
        while True:
            top = int(view.scroll_y)
            for y in range(min(view.size.height, len(view.bands) - top)):
                band = view.bands[top + y]
                if band.rule:
                    continue
                _gutter, left, right = cells(view, y)
                assert left.rstrip() == (band.left.text.rstrip() if band.left else "")
                assert right.rstrip() == (band.right.text.rstrip() if band.right else "")
                both_sides += bool(left.strip() and right.strip())
            if top >= view.max_scroll_y:
                break
            await pilot.press("pagedown")
        assert both_sides >= 10


async def test_resizing_keeps_the_current_row_at_the_top(
    sample_store: Store, sample_pair: SamplePair
) -> None:
    """Narrower, the rows wrap to more lines: the view stays on the row it was on."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await open_letter(pilot, f"id:{sample_pair.letter_id}", sample_pair.letter_id)
        _screen, view = await press_compare(pilot)
        alignment = view.alignment
        assert alignment is not None
        target = [i for i, row in enumerate(alignment.rows) if row.left and row.right][3]
        await pilot.press(*["right_square_bracket"] * target)
        assert view.row_at(int(view.scroll_y)) == view.current_row == target
        wide = view.scroll_y
        await pilot.resize_terminal(80, 24)
        await settle(pilot, lambda: view.size.width < 100)
        assert view.band_of_row(target) <= view.max_scroll_y
        assert view.scroll_y == view.band_of_row(target) > wide
        assert view.row_at(int(view.scroll_y)) == view.current_row == target
        assert_sides_in_step(view)


# -- a picture -------------------------------------------------------------------------------


def test_compare_screen_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    """The fictional letter beside its reply, on the question the reply leaves unanswered."""
    store = Store(tmp_path / "archive", create=True)
    ids = import_letters(
        store,
        tmp_path / "letters",
        {"2024-04-02_quell_to_dft.txt": QUESTIONS, "2024-05-07_dft_reply.txt": PARTIAL_REPLY},
    )
    letter_id = ids["2024-04-02_quell_to_dft.txt"]
    app = DispatchBoxApp(store)

    async def on_the_gap(pilot: Pilot[None]) -> None:
        await started(pilot)
        await open_letter(pilot, f"id:{letter_id}", letter_id)
        _screen, view = await press_compare(pilot)
        await pilot.press("n")
        await settle(pilot, lambda: view.current_row > 0)
        app.clear_notifications()
        await until_still(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=on_the_gap)


async def read_by_id(pilot: Pilot[None], letter_id: str) -> None:
    """``open_letter`` with the query put in whole (typed key by key, each search costs)."""
    app = pilot.app
    assert isinstance(app, DispatchBoxApp)
    await pilot.press("slash")
    main_screen(app).query_one(QueryInput).value = f"id:{letter_id}"
    await pilot.press("enter")
    reader = main_screen(app).query_one(LetterText)
    await settle(pilot, lambda: reader.letter is not None and reader.letter.id == letter_id)


async def test_h_marks_a_reply_holding_then_full_and_the_header_says_which_reply_counted(
    pairing_store: Store,
) -> None:
    letter = id_of(pairing_store, "2022-05-09_fenwold_to_moj.txt")
    holding = id_of(pairing_store, "2022-05-23_moj_holding_reply_fenwold.txt")
    notes = Notes()
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        main = await started(pilot)
        header = main.query_one(LetterHeader)
        # The letter: its reply time counts to the later reply, and says why.
        await read_by_id(pilot, letter)
        await settle(pilot, lambda: "reply time" in str(header.content))
        assert "33 working days; the reply of 2022-05-23 was a holding reply (guessed: '" in str(
            header.content
        )
        # The holding reply: h marks it holding, then full.
        await read_by_id(pilot, holding)
        await pilot.press("h")
        await settle(pilot, lambda: pairing_store.reply_marks() == {holding: "holding"})
        await settle(pilot, lambda: "a holding reply (by you; h changes)" in str(header.content))
        await settle(pilot, lambda: any("Marked a holding reply" in t for t in notes.texts()))
        await pilot.press("h")
        await settle(pilot, lambda: pairing_store.reply_marks() == {holding: "full"})
        await settle(pilot, lambda: any("10 working days (marked full" in t for t in notes.texts()))
        await read_by_id(pilot, letter)
        await settle(pilot, lambda: "10 working days (marked full by you)" in str(header.content))
        # The MP's letter answers nothing: h says what it is for.
        await pilot.press("h")
        await settle(pilot, lambda: any("answers no letter" in t for t in notes.texts("warning")))
        assert pairing_store.reply_marks() == {holding: "full"}
        # The key is in the ``?`` panel (which lists every active binding), with its words.
        binding = main.active_bindings["h"].binding
        assert (binding.action, binding.description) == ("mark_reply", "Holding/full")


async def test_h_marks_a_reply_in_the_full_screen_reader_too(pairing_store: Store) -> None:
    from tui.screens.reader import ReaderScreen

    holding = id_of(pairing_store, "2022-05-23_moj_holding_reply_fenwold.txt")
    notes = Notes()
    app = DispatchBoxApp(pairing_store)
    async with app.run_test(size=(80, 24), message_hook=notes) as pilot:
        await started(pilot)
        await app.push_screen(ReaderScreen(holding))
        await pilot.press("h")
        await settle(pilot, lambda: pairing_store.reply_marks() == {holding: "holding"})
        await settle(pilot, lambda: any("33 working days" in t for t in notes.texts()))


# -- issue 11: the reader says how a hard link was made --------------------------------------


@pytest.fixture(scope="module")
def hard_pairing_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Transfers, a reply to two letters, follow-ups (``tests/fixtures/pairing_hard``), paired.

    Only read by the tests that use it, so one copy serves the module.
    """
    store = Store(tmp_path_factory.mktemp("pairing-hard") / "archive", create=True)
    hard = Path(__file__).parent / "fixtures" / "pairing_hard"
    import_paths(store, [hard], workers=1, finish=lambda: sync(store))
    Threads(store).update()
    return store


async def test_the_reader_names_each_letter_a_reply_answers_and_how_it_was_linked(
    hard_pairing_store: Store,
) -> None:
    store = hard_pairing_store
    first = store.get(id_of(store, "2023-05-02_brackenridge_to_dfe.txt"))
    second = store.get(id_of(store, "2023-05-09_brackenridge_to_dfe.txt"))
    assert first is not None and second is not None
    both = id_of(store, "2023-06-20_dfe_reply_brackenridge.txt")
    moved = id_of(store, "2022-12-12_dft_reply_ashcombe.txt")
    app = DispatchBoxApp(store)
    async with app.run_test(size=(160, 45)) as pilot:
        await started(pilot)
        main = await open_letter(pilot, "minibuses", both)  # a word only that reply has
        header = main.query_one(LetterHeader)
        await settle(pilot, lambda: "of 2: your letter of" in str(header.content))
        shown = " ".join(str(header.content).split())
        # One row for each letter, each saying which of the two it is, the first first.
        # (Each row has two lines: the label's end may be cut.)
        one = shown.index(f"answers 1 of 2: your letter of 2 May · {first.label()[:30]}")
        assert one < shown.index(f"answers 2 of 2: your letter of 9 May · {second.label()[:30]}")
        await open_letter(pilot, "horseferry", moved)
        await settle(pilot, lambda: "transferred from HM Treasury" in str(header.content))


async def test_the_pairing_is_read_once_the_first_results_are_drawn_then_the_reader_shows_links(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the pairing cache (a second of CPU at 100k letters) never delays the first
    results; the letter the reader previews meanwhile gets its links when the pairing comes."""
    seen: list[str] = []
    read = archive.pairing.cache._load

    def reading(*args: object) -> object:
        seen.append("pairing read")
        return read(*args)  # type: ignore[arg-type]

    draw = ResultsList.render_line

    def drawing(self: ResultsList, y: int) -> object:
        if self.total and self.hit_at(0) is not None and "results drawn" not in seen:
            seen.append("results drawn")
        return draw(self, y)

    monkeypatch.setattr(archive.pairing.cache, "_load", reading)
    monkeypatch.setattr(ResultsList, "render_line", drawing)
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await started(pilot)
        header = screen.query_one(LetterHeader)
        # Once paired, every letter's header has its place in its exchange: the letters it
        # answers, its replies, or "reply: none in the archive".
        await settle(pilot, lambda: bool(header.links))
        first = results_of(app).current
        assert first is not None
        assert screen.current_letter == first.letter_id
    assert seen == ["results drawn", "pairing read"]


async def test_the_reader_shows_the_first_letter_while_the_pairing_is_still_being_read(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letter under the cursor is previewed without waiting for the pairing; its links
    follow when the pairing has been read."""
    released = threading.Event()
    read = archive.pairing.cache._load

    def held(*args: object) -> object:
        released.wait(timeout=30)
        return read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(archive.pairing.cache, "_load", held)
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(160, 45)) as pilot:
        # Not ``settle``: it waits for every worker, the pairing's among them.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 15
        while not (isinstance(app.screen, MainScreen) and app.screen.query_one(LetterText).letter):
            assert loop.time() < deadline, "the reader never showed the first letter"
            await pilot.pause(0.05)
        header = app.screen.query_one(LetterHeader)
        assert header.links == ()
        released.set()
        await started(pilot)
        await settle(pilot, lambda: bool(header.links))
