"""80x24 as a first-class size: what each screen must still show (issue 10, part 8).

Each test reads the terminal as drawn (``screen_lines``) rather than widget state: a key
that is bound but pushed past the footer's edge, or a name cut by a column, is what a
researcher at 80x24 met.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from archive.store import SavedSearch, Store
from tests.tui_support import (
    SAMPLE_LETTERS,
    Messages,
    main_screen,
    screen_lines,
    settle,
    started,
    type_query,
)
from tui.app import DispatchBoxApp
from tui.screens.compare import CompareScreen
from tui.screens.correct import CorrectionEditor
from tui.screens.export import ExportPrompt
from tui.screens.followup import FollowUpScreen
from tui.screens.keys import KeysScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteEditor
from tui.screens.reader import ReaderScreen
from tui.screens.review import ReviewScreen
from tui.screens.saved import SavedSearchesScreen
from tui.screens.tags import TagEditor
from tui.widgets.facets import FacetList
from tui.widgets.footer import KeyFooter
from tui.widgets.reader import LetterHeader, LetterText
from tui.widgets.results import ResultsList

SMALL = (80, 24)


def footer(app: DispatchBoxApp) -> str:
    return screen_lines(app)[-1]


def assert_app_keys(line: str) -> None:
    """The keys the app itself owns stay in sight on every screen."""
    assert "q Quit" in line and "? Keys" in line, line


async def test_main_screen_keeps_names_keys_and_the_index_state(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await started(pilot)
        await settle(pilot, lambda: "index: ready" in screen_lines(app)[-2])
        lines = screen_lines(app)
        listed = "\n".join(lines[3:-2])
        for name in ("Tobias Renwick", "Harriet Vance", "Siobhan Kearney"):
            assert name in listed
        assert "c Compare" in lines[-1] and "R Review" in lines[-1]
        assert_app_keys(lines[-1])
        status = lines[-2]
        assert f"{SAMPLE_LETTERS} of {SAMPLE_LETTERS} letters" in status
        assert "index: ready" in status
        # No query, nothing to rank by: the list is newest first and says so.
        assert "sort: newest first" in status and "relevance" not in status


async def test_ctrl_b_shows_the_facets_on_a_narrow_screen(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        facets = screen.query_one(FacetList)
        assert not facets.display
        await pilot.press("ctrl+b")
        await settle(pilot, lambda: facets.display and facets.size.width > 0)
        shown = "\n".join(screen_lines(app))
        for name in ("Jonathan Ambrose", "Siobhan Kearney", "Rosalind Ellery"):
            assert name in shown
        await pilot.press("ctrl+b")
        await settle(pilot, lambda: not facets.display)


async def test_a_query_sorts_by_relevance_and_says_so(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *"school", "enter")
        await settle(pilot, lambda: screen.total == 6)
        assert "sort: relevance" in screen_lines(app)[-2]
        assert_app_keys(footer(app))
        assert main_screen(app) is screen


async def test_the_keys_list_shows_the_app_s_own_keys_first(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, KeysScreen))
        shown = "\n".join(screen_lines(app)[:-2])
        # The workbench's keys, not the toolkit's scrolling keys, fill the first screenful.
        for key, does in (("/", "Search"), ("c", "Compare"), ("R", "Review pairs"), ("t", "Tag")):
            assert f"{key}  {does}" in shown
        assert "Scroll Left" not in shown
        # The rest is a scroll away, the app's own keys and the toolkit's last.
        await pilot.press("end")
        await pilot.pause()
        rest = "\n".join(screen_lines(app)[:-2])
        assert "q  Quit" in rest and "Scroll Left" in rest
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(app.screen, KeysScreen))


async def test_the_review_list_shows_whole_dates_and_parties(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await started(pilot)
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen) and bool(app.screen.items))
        await pilot.pause()
        await pilot.pause()
        listed = "\n".join(screen_lines(app)[1:10])
        assert "2016-11-02  M10988/16  no reply" in listed
        # The row itself, laid out at the full width above the evidence, holds both names on
        # one line (they went on two when the labels were made for the side-by-side width).
        rows = [line for line in screen_lines(app)[1:9] if "Juliet Harcastle" in line]
        assert any("Juliet Harcastle → Peter Denholm" in line for line in rows), rows
        assert "? Keys" in footer(app)


async def test_no_match_says_so_in_the_list_and_clears_the_reader(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        reader = screen.query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None)
        await pilot.press("slash", *"schoool", "enter")
        await settle(pilot, lambda: screen.total == 0 and screen.query_text == "schoool")
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "No letters match schoool." in shown
        assert "Did you mean: school?" in shown
        assert reader.letter is None and not reader.text
        assert "Dear" not in shown  # no letter from before the search is left in the reader
        assert "no hits in this letter" not in shown


async def test_the_empty_archive_help_shows_whole_at_80x24(tmp_path: Path) -> None:
    store = Store(tmp_path / "empty", create=True)
    app = DispatchBoxApp(store)
    async with app.run_test(size=SMALL) as pilot:
        screen = main_screen(app)
        await settle(pilot, lambda: screen.index_state == "ready")
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        for words in ("This archive is empty.", "dispatchbox import FOLDER", "press S to import"):
            assert words in shown
        # The archive's path, wrapped within the list's pane (left of its right border).
        pane = "".join(line.split("│")[1].strip() for line in screen_lines(app) if "│" in line)
        assert str(store.root) in pane
        assert "dispatchbox demo" in shown


# -- every other screen at 80x24 ---------------------------------------------------------------

#: The first letter "school" finds in the sample, and how a researcher names it.
SCHOOL_FIRST = "32aca6052bc7"
SCHOOL_LABEL = "2017-05-02 2017-0021874"


async def school_results(pilot: Pilot[None]) -> MainScreen:
    """The workbench at 80x24 with the six letters "school" finds, the list focused."""
    screen = await started(pilot)
    await pilot.press("slash", *"school", "enter")
    await settle(pilot, lambda: screen.total == 6 and screen.query_one(ResultsList).has_focus)
    return screen


async def read_first(pilot: Pilot[None], screen: MainScreen) -> LetterText:
    reader = screen.query_one(LetterText)
    await pilot.press("enter")
    await settle(pilot, lambda: reader.letter is not None and bool(reader.matches))
    return reader


def shown(app: DispatchBoxApp) -> str:
    return "\n".join(screen_lines(app))


async def test_the_reader_shows_the_hit_count_and_the_value_w_points_at(
    sample_store: Store,
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await school_results(pilot)
        await read_first(pilot, screen)
        await pilot.pause()
        assert "hit 1 of 13" in shown(app)
        assert "n Next hit" in footer(app) and "w Why" in footer(app)
        assert_app_keys(footer(app))
        await pilot.press("w")
        await settle(pilot, lambda: "read from the text: date" in shown(app))
        # The value read and how sure the extractor was, not cut at the pane's edge.
        assert "2017-05-02  (0.9" in shown(app)


async def test_compare_keeps_back_and_keys_in_the_footer(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await school_results(pilot)
        await read_first(pilot, screen)
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, CompareScreen))
        await settle(pilot, lambda: "row 1 of" in shown(app))
        assert "esc Back" in footer(app) and "? Keys" in footer(app)
        assert "2017-03-20" in shown(app) and "2017-05-02" in shown(app)


async def test_the_follow_up_list_and_its_reader_keep_their_keys(sample_store: Store) -> None:
    sample_store.update_tags([SCHOOL_FIRST], add=["follow-up"])
    sample_store.set_note(SCHOOL_FIRST, "Chase the DfE about the formula")
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await started(pilot)
        await pilot.press("F")
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        await settle(pilot, lambda: "Nadia Farrow" in shown(app))
        assert "1 letter" in shown(app) and "2017-0021874" in shown(app)
        # The department as its acronym: the note has the room to show.
        assert "  DfE  " in shown(app) and "Chase the DfE about the" in shown(app)
        assert "esc Back" in footer(app)
        assert_app_keys(footer(app))
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot, lambda: "2017-0021874, NF/EDU/0320" in shown(app))
        assert "esc Back" in footer(app) and "e Note" in footer(app)
        assert_app_keys(footer(app))


async def test_a_long_follow_up_note_shows_whole_below_the_list(sample_store: Store) -> None:
    """The note column cuts a long note at 80 columns: the highlighted letter's note is shown
    in full, line breaks kept, below the list."""
    note = (
        "Chase the DfE about the formula: ask for the 2018 allocation tables.\n"
        "Then compare with the council's figures for Eastmarch schools."
    )
    sample_store.update_tags([SCHOOL_FIRST], add=["follow-up"])
    sample_store.set_note(SCHOOL_FIRST, note)
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await started(pilot)
        await pilot.press("F")
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        await settle(pilot, lambda: "Eastmarch schools." in shown(app))
        lines = screen_lines(app)
        assert any("ask for the 2018 allocation tables." in line for line in lines)
        assert any(line.strip().startswith("Then compare with") for line in lines)
        assert_app_keys(footer(app))


async def test_tags_note_export_and_saved_searches_fit_with_the_footer_below(
    sample_store: Store,
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await school_results(pilot)
        for key, modal, says in (
            ("t", TagEditor, ("now: no tags", "Tab completes")),
            ("e", NoteEditor, (f"Note on {SCHOOL_LABEL}",)),
            ("ctrl+e", ExportPrompt, ("6 letters", ".csv, .jsonl or .md")),
            ("ctrl+o", SavedSearchesScreen, ("Ctrl+S saves the current one",)),
        ):
            await pilot.press(key)
            await settle(pilot, lambda modal=modal: isinstance(app.screen, modal))
            await settle(pilot, lambda says=says: all(s in shown(app) for s in says))
            # The workbench's footer stays whole below the dialog.
            assert_app_keys(footer(app))
            await pilot.press("escape")
            await settle(pilot, lambda: app.screen is screen)


async def test_correcting_names_the_letter_not_its_id(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await school_results(pilot)
        await pilot.press("E")
        await settle(pilot, lambda: isinstance(app.screen, CorrectionEditor))
        await settle(pilot, lambda: f"Correct {SCHOOL_LABEL}" in shown(app))
        assert SCHOOL_FIRST not in shown(app)
        assert "references        2017-0021874, NF/EDU/0320" in shown(app)


async def test_one_letter_is_one_letter_in_marks_exports_and_saved_searches(
    sample_store: Store,
) -> None:
    sample_store.save_search(SavedSearch("the one", f"id:{SCHOOL_FIRST}"))
    app = DispatchBoxApp(sample_store)
    seen = Messages()
    async with app.run_test(size=SMALL, message_hook=seen) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *f"id:{SCHOOL_FIRST}", "enter")
        await settle(pilot, lambda: screen.total == 1)
        await pilot.press("escape", "asterisk")
        await settle(pilot, lambda: any("marked" in note for note in seen.notes))
        assert "1 letter marked; t tags them all, u unmarks" in seen.notes
        await pilot.press("ctrl+e")
        await settle(pilot, lambda: "1 letter, with references" in shown(app))
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+o")
        await settle(pilot, lambda: "the one  1 letter " in shown(app))
        assert "letters" not in shown(app).split("the one", 1)[1].splitlines()[0]


async def test_the_palette_s_keys_command_opens_the_same_keys_list(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p", *"keys")
        await settle(pilot, lambda: "Show help for the focused widget" in shown(app))
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, KeysScreen))
        assert "c  Compare" in shown(app)


async def test_at_200_columns_facets_and_review_rows_show_whole(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(200, 60)) as pilot:
        await started(pilot)
        await settle(pilot, lambda: "Greyhaven and Ludford" in shown(app))
        assert "Inverbrae and Strathmorven" in shown(app)
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen) and bool(app.screen.items))
        await pilot.pause()
        await pilot.pause()
        listed = [line.split("││")[0] for line in screen_lines(app)]
        at = next(n for n, line in enumerate(listed) if "2017-01-24  FC/DWP/1701/02" in line)
        assert "Fraser Calloway → Richard Pellow" in listed[at + 1]


async def test_narrower_and_wider_say_why_nothing_moves_while_the_facets_are_hidden(
    sample_store: Store,
) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL, message_hook=seen) as pilot:
        await started(pilot)
        await pilot.press("greater_than_sign")
        await settle(pilot, lambda: bool(seen.notes))
        assert "The facets are hidden: Ctrl+B shows them" in seen.notes


async def test_the_footer_keeps_the_most_used_keys_and_h_at_80_columns(
    sample_store: Store,
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await started(pilot)
        line = footer(app)
        for key in ("⏎ Read", "/ Search", "c Compare", "R Review", "t Tag", "h Holding/full"):
            assert key in line, line
        assert_app_keys(line)


async def test_the_reader_header_wraps_a_long_value_under_itself_at_80_columns(
    sample_store: Store,
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await started(pilot)
        reader = screen.query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None)
        sender = reader.letter.metadata.sender_role if reader.letter else None
        assert sender and len(sender) > 20  # longer than the reader's value column
        await pilot.pause()
        # The header's rows on screen (above the rule under it), read as words: the letter
        # below repeats the sender, so only the header counts.
        right = [line[line.index("││") + 2 :] for line in screen_lines(app) if "││" in line]
        header = right[: next(i for i, row in enumerate(right) if "▁▁▁" in row)]
        words = " ".join(" ".join(header).replace("│", " ").split())
        # On a second line under the value (cut after it): the role starts, no longer cut
        # after the name.
        assert f"{reader.letter.metadata.sender_name} · {sender.split()[0]}" in words, header
        assert any(row.startswith(" " * 14) and row.strip(" │") for row in header), header


def header_lines(app: DispatchBoxApp) -> list[str]:
    """The reader header's lines as drawn (only its columns: the list has departments too)."""
    from tui.widgets.reader import LetterHeader

    region = main_screen(app).query_one(LetterHeader).region
    return [line[region.x : region.right] for line in screen_lines(app)[region.y : region.bottom]]


async def test_a_long_sender_keeps_the_department_in_the_reader_header(
    sample_store: Store,
) -> None:
    """The DHSC reply's sender is a name, a long ministerial role and a long department: at
    80 columns the header stacks them (the role cut to a line) and the department is
    never what is cut."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=SMALL) as pilot:
        await started(pilot)
        await settle(pilot, lambda: "Laura Pennick" in "\n".join(header_lines(app)))
        header = " ".join(line.strip() for line in header_lines(app))
        assert "DHSC" in header or "Department of Health and Social Care" in header, header
        assert "Laura Pennick · Minister" in header, header


async def test_the_footer_is_composed_again_only_when_the_keys_it_shows_change(
    sample_store: Store,
) -> None:
    """Each move of the focus tells the footer its bindings changed; composing it again
    mounts a widget a key on the thread that draws the results, so it is done only when
    what it shows differs."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        footer = screen.query_one(KeyFooter)
        shown = list(footer.query(FooterKey))
        footer.bindings_changed(screen)  # as a move of the focus says, with nothing changed
        await settle(pilot, lambda: True)
        assert list(footer.query(FooterKey)) == shown  # the same widgets, not new ones
        await pilot.press("slash")  # the search box has keys of its own
        await settle(pilot, lambda: list(footer.query(FooterKey)) != shown)
        assert "Search" in [key.description for key in footer.query(FooterKey)]


async def test_a_query_typed_to_no_match_empties_the_reader_header_too(
    sample_store: Store,
) -> None:
    """At a width that shows the reader's header: the emptied header stayed empty only until
    the pane was laid out again, which drew the last letter's rows back."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        header = screen.query_one(LetterHeader)
        await settle(pilot, lambda: "references" in str(header.content))
        await type_query(pilot, "Mr Oswald")
        await settle(pilot, lambda: "No letters match Mr Oswald" in "\n".join(screen_lines(app)))
        await settle(pilot, lambda: screen.shown_generation == screen.generation)
        assert str(header.content) == ""
        await pilot.resize_terminal(100, 40)
        await settle(pilot, lambda: app.size.width == 100)
        assert str(header.content) == ""
        assert "references" not in "\n".join(screen_lines(app))
