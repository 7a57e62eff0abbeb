"""The workbench driven through Textual's pilot: every flow a researcher uses, on the sample."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from archive.importer import import_paths
from archive.paths import default_export_dir
from archive.store import Store
from index.results import Filter, department
from index.writer import sync
from tests.conftest import WriteLetter
from tests.tui_support import (
    SAMPLE_LETTERS,
    Messages,
    main_screen,
    results_of,
    settle,
    shows_search,
    started,
    type_query,
)
from tui.app import DispatchBoxApp
from tui.config import Config, load_config
from tui.messages import FilterRequested
from tui.screens.export import ExportPrompt
from tui.screens.followup import FollowUpScreen
from tui.screens.keys import KeysScreen
from tui.screens.note import NoteEditor
from tui.screens.picker import FacetPicker
from tui.screens.reader import ReaderScreen
from tui.screens.saved import SavedSearchesScreen, SaveSearchPrompt
from tui.screens.tags import TagEditor
from tui.text import display_text
from tui.widgets.facets import FacetList
from tui.widgets.reader import WHY_FIELDS, LetterHeader, LetterText, wrap
from tui.widgets.results import ResultsList
from tui.widgets.searchbar import FilterBar, QueryInput, StatusLine

# -- startup ---------------------------------------------------------------------------------


async def test_startup_lists_every_letter_with_facets_and_status(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        results = screen.query_one(ResultsList)
        assert results.total == sample_store.count() == SAMPLE_LETTERS
        assert results.has_focus
        facets = screen.query_one(FacetList)
        assert "Harriet Vance" in facets.values_of("mp")
        assert "Home Office" in facets.values_of("dept")
        status = str(screen.query_one(StatusLine).content)
        assert f"{SAMPLE_LETTERS} of {SAMPLE_LETTERS} letters" in status
        assert "sort: newest first" in status  # no query: nothing to rank by relevance
        assert "index: ready" in status
        assert str(sample_store.root) in status


# -- searching -------------------------------------------------------------------------------


async def test_typing_a_query_narrows_the_results(sample_store: Store) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await started(pilot)
        before = len(seen.searches)
        await type_query(pilot, "school")
        # While typing, the unfinished last word is a prefix: "school" finds "schools" too.
        await settle(pilot, shows_search(app, seen, "school*"))
        results = results_of(app)
        assert results.total == app.searcher.count("school*") >= app.searcher.count("school")
        assert all(
            "school" in sample_store.text(h.letter_id).lower() for h in results.loaded_hits()
        )
        # At most one search a keystroke; the last one is what was typed.
        assert 1 <= len(seen.searches) - before <= len("school")
        assert seen.searches[-1].result.query == "school*"
        # Enter searches the word as typed (stemmed).
        await pilot.press("enter")
        await settle(pilot, shows_search(app, seen, "school"))
        assert results_of(app).total == app.searcher.count("school") == 6
        # ...and hands the keys to the list: j/k and Enter go on from there.
        assert results_of(app).has_focus


@pytest.mark.parametrize(
    ("query", "token"),
    [("school date:2016-13 flood", "date:2016-13"), ("flood mpp:Vance", "mpp:")],
)
async def test_the_query_error_caret_sits_under_the_token_as_in_the_cli(
    sample_store: Store, query: str, token: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app draws the query and a caret line, as ``dispatchbox search`` does; its first
    lines start where the box's text does, so the caret is under the token in the box too."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        error = screen.query_one("#query-error", Static)
        await pilot.press("slash")
        screen.query_one(QueryInput).value = query  # typed whole: one search, not one a key
        await pilot.press("enter")
        await settle(pilot, lambda: error.has_class("-shown"))
        lines = [error.render_line(y).text for y in range(error.size.height)]
        box = screen.query_one(QueryInput)
        in_app = lines[1].index("^") - lines[0].index(query)
        assert query.index(token) <= in_app < query.index(token) + len(token)
        # The box's text starts in the same column as the query drawn under it.
        assert error.content_region.x + lines[0].index(query) == box.content_region.x
    from tui.cli import main

    main(["search", query, "--archive", str(sample_store.root)])
    cli_lines = capsys.readouterr().err.splitlines()
    assert cli_lines[-1].index("^") - cli_lines[-2].index(query) == in_app


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ('"unclosed', "unclosed quote"),
        ("mpp:x", "mpp:"),
        ("school AND", "AND"),
        # Past the query language's bounds (issue 9): a query error, not a crash.
        ("date:>9999", "no date"),
        ("year:4294967296", "from 1000 to 9999"),
    ],
)
async def test_a_query_error_is_shown_in_place(sample_store: Store, query: str, named: str) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        error = screen.query_one("#query-error", Static)
        await type_query(pilot, query)
        await settle(pilot, lambda: error.has_class("-shown"))
        assert named in str(error.content)
        # Enter on a query with an error leaves the focus in the box, to fix it.
        await pilot.press("enter")
        await settle(pilot, lambda: error.has_class("-shown"))
        assert screen.query_one(QueryInput).has_focus
        assert "^" in str(error.content)
        assert app.is_running
        # The last good results stay (what was typed before the error, or everything).
        assert results_of(app).total == seen.searches[-1].result.total
        # Fixing the query hides the error again.
        await pilot.press("end", "ctrl+u", *"school", "enter")
        await settle(pilot, shows_search(app, seen, "school"))
        assert not error.has_class("-shown")
        assert results_of(app).total == 6


async def test_slash_in_the_empty_search_box_is_the_search_key_not_a_character(
    sample_store: Store,
) -> None:
    """The box often has the focus already (as when the demo opens); "/" there (the search
    key elsewhere) types nothing, while a slash inside a query (a reference) is kept."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        box = screen.query_one(QueryInput)
        for _ in range(2):  # into the box, then pressed again in it
            await pilot.press("slash")
            assert box.has_focus
            assert box.value == ""
        await pilot.press(*"SOS/18")
        assert box.value == "SOS/18"


async def test_typing_a_reference_opens_its_letter(sample_store: Store) -> None:
    (letter_id,) = [i for ref, i in sample_store.references() if ref == "SOS/18/0219"]
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        reader = screen.query_one(LetterText)
        await type_query(pilot, "SOS/18/0219")
        await settle(pilot, lambda: reader.letter is not None and reader.letter.id == letter_id)
        assert results_of(app).total == 1
        # Shown while typing; Enter moves to the letter itself.
        assert screen.query_one(QueryInput).has_focus
        await pilot.press("enter")
        await settle(pilot, lambda: reader.has_focus)
        assert "SOS/18/0219" in str(screen.query_one(LetterHeader).content)


@pytest.mark.parametrize(
    "typed", ["HV/CSE/16/041", "ref:HV/CSE/16/041", "reference:HV/CSE/16/041", "your:HV/CSE/16/041"]
)
async def test_enter_on_a_reference_an_exchange_shares_lands_on_its_own_letter(
    sample_store: Store, typed: str
) -> None:
    # HV/CSE/16/041 is the MP's own reference; both replies and the follow-up quote it.
    owner = sample_store.resolve("HV/CSE/16/041")
    carriers = [i for ref, i in sample_store.references() if ref == "HV/CSE/16/041"]
    assert len(carriers) > 1 and owner.id in carriers
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        reader = screen.query_one(LetterText)
        await type_query(pilot, typed)
        await settle(pilot, lambda: results_of(app).total == len(carriers))
        await pilot.press("enter")
        await settle(pilot, lambda: reader.letter is not None and reader.letter.id == owner.id)
        current = results_of(app).current
        assert current is not None and current.letter_id == owner.id


# -- facets and filters ----------------------------------------------------------------------


def highlighted_facet(facets: FacetList) -> str:
    option = facets.highlighted_option
    assert option is not None and option.id is not None
    return option.id


async def test_facets_include_exclude_and_the_filter_bar(sample_store: Store) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        facets = screen.query_one(FacetList)
        await pilot.press("shift+tab")
        assert facets.has_focus
        # The first value is the MP with the most letters.
        assert highlighted_facet(facets) == "mp\x00Harriet Vance"
        await pilot.press("enter")
        vance = Filter("mp", "Harriet Vance")
        hers = sum(1 for letter in sample_store.letters() if letter.metadata.mp == "Harriet Vance")
        await settle(pilot, lambda: results_of(app).total == hers)
        assert {h.letter.metadata.mp for h in results_of(app).loaded_hits()} == {"Harriet Vance"}
        # Leave out the Home Office: move down to it, then x.
        while not highlighted_facet(facets).startswith("dept\x00Home Office"):
            await pilot.press("down")
        await pilot.press("x")
        home_office = Filter("dept", "Home Office", exclude=True)
        expected = app.searcher.count("", [vance, home_office])
        await settle(pilot, lambda: screen.filters == [vance, home_office])
        await settle(pilot, lambda: results_of(app).total == expected)
        assert 0 < expected < hers
        assert all(department(h.letter) != "Home Office" for h in results_of(app).loaded_hits())
        bar = screen.query_one(FilterBar)
        chips = str(bar.render())
        assert "MP: Harriet Vance ✕" in chips
        assert "not Department: Home Office ✕" in chips
        assert bar.display
        # Remove the first chip from the filter bar.
        await pilot.press("shift+tab")
        assert bar.has_focus
        await pilot.press("delete")
        await settle(pilot, lambda: screen.filters == [home_office])
        await settle(pilot, lambda: results_of(app).total == app.searcher.count("", [home_office]))
        # X clears everything.
        await pilot.press("X")
        await settle(pilot, lambda: not screen.filters and results_of(app).total == SAMPLE_LETTERS)
        assert not bar.display


async def test_the_mp_picker_filters_by_the_highlighted_mp(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, FacetPicker))
        options = app.screen.query_one(OptionList)
        await settle(pilot, lambda: options.option_count == 7)
        await pilot.press(*"farrow")
        await settle(pilot, lambda: options.option_count == 1)
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen and results_of(app).total == 6)
        assert screen.filters == [Filter("mp", "Nadia Farrow")]
        assert {h.letter.metadata.mp for h in results_of(app).loaded_hits()} == {"Nadia Farrow"}


# -- sort ------------------------------------------------------------------------------------


async def test_s_cycles_the_sort_and_the_order_follows(sample_store: Store) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        status = screen.query_one(StatusLine)

        def dates() -> list[str]:
            return [
                h.letter.metadata.date.isoformat()
                for h in results_of(app).loaded_hits()
                if h.letter.metadata.date
            ]

        await pilot.press("s")
        await settle(pilot, lambda: seen.searches[-1].result.sort == "-date")
        await settle(pilot, shows_search(app, seen, ""))
        assert dates() == sorted(dates(), reverse=True)
        assert "sort: newest first" in str(status.content)
        await pilot.press("s")
        await settle(pilot, lambda: seen.searches[-1].result.sort == "date")
        await settle(pilot, shows_search(app, seen, ""))
        assert dates() == sorted(dates())
        assert "sort: oldest first" in str(status.content)
        await pilot.press("s")
        await settle(pilot, lambda: seen.searches[-1].result.sort == "relevance")
        # No query: relevance has nothing to rank by and lists the newest first, as it says.
        assert "sort: newest first" in str(status.content)
        assert screen.sort == "relevance"


# -- reading ---------------------------------------------------------------------------------


async def open_first(pilot: Pilot[None], seen: Messages, query: str) -> LetterText:
    """Search for ``query``, open the first letter and wait for its text in the reader."""
    app = pilot.app
    assert isinstance(app, DispatchBoxApp)
    await type_query(pilot, query)
    await pilot.press("enter")  # search now (without waiting for the pause in typing)
    await settle(pilot, shows_search(app, seen, query))
    first = results_of(app).current
    assert first is not None
    await pilot.press("escape")  # from wherever the focus is to the results
    await pilot.press("enter")
    reader = main_screen(app).query_one(LetterText)
    await settle(pilot, lambda: reader.letter is not None and reader.letter.id == first.letter_id)
    await settle(pilot, lambda: reader.has_focus)
    return reader


async def test_reading_a_letter_hits_scrolling_source_and_zoom(sample_store: Store) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        reader = await open_first(pilot, seen, "school")
        assert reader.has_focus
        counter = screen.query_one("#hit-counter", Static)
        count = len(reader.matches)
        assert count >= 2
        assert str(counter.content) == f"hit 1 of {count}  (n / N)"
        await pilot.press("n")
        assert reader.hit_index == 1
        await settle(pilot, lambda: str(counter.content) == f"hit 2 of {count}  (n / N)")
        await pilot.press("N", "N")
        await settle(pilot, lambda: str(counter.content) == f"hit {count} of {count}  (n / N)")
        # Scrolling: the letter is longer than the pane.
        await pilot.press("g")
        assert reader.scroll_y == 0
        assert reader.max_scroll_y > 0
        await pilot.press("j", "j")
        assert reader.scroll_y == 2
        await pilot.press("k")
        assert reader.scroll_y == 1
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y
        # w: where the first field was read from, marked in the text and the header.
        assert reader.letter is not None
        field = next(f for f in WHY_FIELDS if reader.letter.metadata.spans.get(f))
        await pilot.press("w")
        await settle(pilot, lambda: str(counter.content).startswith(f"read from the text: {field}"))
        assert reader.source == reader.letter.metadata.spans[field][0]
        header = screen.query_one(LetterHeader).content
        assert isinstance(header, Text)
        assert any(span.style == "reverse" for span in header.spans)
        # z: the reader alone; Escape goes back to the results.
        await pilot.press("z")
        assert screen.has_class("-zoom")
        assert not screen.query_one(ResultsList).display
        await pilot.press("z")
        assert not screen.has_class("-zoom")
        await pilot.press("escape")
        assert results_of(app).has_focus


# -- tags ------------------------------------------------------------------------------------


async def test_tag_editor_quick_tags_and_follow_up(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        results = results_of(app)
        hit = results.current
        assert hit is not None
        letter_id = hit.letter_id

        def row_tags() -> tuple[str, ...]:
            row = results.hit_at(0)
            return row.tags if row else ()

        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, TagEditor))
        await pilot.press(*"follow-up +foi", "enter")
        await settle(pilot, lambda: set(row_tags()) == {"follow-up", "foi"})
        assert set(sample_store.annotation(letter_id).tags) == {"follow-up", "foi"}
        assert "follow-up foi" in results.render_line(0).text
        # f: the follow-up tag off (it is on); 1: the first quick tag (foi) off.
        await pilot.press("f")
        await settle(pilot, lambda: set(row_tags()) == {"foi"})
        await pilot.press("1")
        await settle(pilot, lambda: row_tags() == ())
        assert sample_store.annotation(letter_id).tags == ()
        await pilot.press("f")
        await settle(pilot, lambda: row_tags() == ("follow-up",))
        assert sample_store.annotation(letter_id).tags == ("follow-up",)


async def test_marked_letters_are_tagged_together(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        results = results_of(app)
        first, second = results.hit_at(0), results.hit_at(1)
        assert first is not None and second is not None
        await pilot.press("space", "space")
        assert results.marked == {first.letter_id, second.letter_id}
        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, TagEditor))
        assert app.screen.query_one("#tag-editor").border_title == "Tags for 2 letters"
        await pilot.press(*"urgent", "enter")
        await settle(pilot, lambda: app.screen is screen)
        await settle(pilot, lambda: sample_store.tag_counts()["urgent"] == 2)
        assert "urgent" in sample_store.annotation(first.letter_id).tags
        assert "urgent" in sample_store.annotation(second.letter_id).tags
        # * marks every result, u none.
        await pilot.press("asterisk")
        await settle(pilot, lambda: len(results.marked) == SAMPLE_LETTERS)
        assert f"{SAMPLE_LETTERS} marked" in str(screen.query_one(StatusLine).content)
        await pilot.press("u")
        assert not results.marked


# -- notes -----------------------------------------------------------------------------------


async def test_notes_autosave_save_on_escape_and_show_a_mark(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        results = results_of(app)
        hit = results.current
        assert hit is not None and not hit.has_note
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, NoteEditor))
        editor = app.screen
        await settle(pilot, lambda: editor.query_one(TextArea).has_focus)
        # The editor names the letter as a researcher reads it, not by its id.
        letter = sample_store.get(hit.letter_id)
        assert letter is not None
        frame = editor.query_one("#note-editor")
        await settle(pilot, lambda: frame.border_title == f"Note on {letter.label()}")
        await pilot.press(*"Chase it")
        # Saved after a pause in typing, with the editor still open.
        await settle(pilot, lambda: sample_store.annotation(hit.letter_id).note == "Chase it")
        assert app.screen is editor
        assert str(editor.query_one("#note-state", Static).content) == "saved"
        await pilot.press(*" now", "escape")
        await settle(pilot, lambda: app.screen is screen)
        await settle(pilot, lambda: sample_store.annotation(hit.letter_id).note == "Chase it now")
        await settle(pilot, lambda: (results.hit_at(0) or hit).has_note)
        assert results.render_line(0).text.startswith(" ✎")


async def test_quitting_with_the_note_editor_open_keeps_the_note(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        hit = results_of(app).current
        assert hit is not None
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, NoteEditor))
        await settle(pilot, lambda: app.screen.query_one(TextArea).has_focus)
        await pilot.press(*"Ask again")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert sample_store.annotation(hit.letter_id).note == "Ask again"


# -- follow-up screen ------------------------------------------------------------------------


async def test_follow_up_screen_lists_sorts_and_opens(sample_store: Store) -> None:
    older, newer = "8e09d7069add", "f00c478eabb0"  # 2015-11-16 and 2023-06-27
    sample_store.update_tags([older, newer], add=["follow-up"])
    sample_store.set_note(older, "Ask DWP again")
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("F")
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        table = app.screen.query_one(DataTable)
        await settle(pilot, lambda: table.row_count == 2)
        assert [str(v) for v in table.get_row_at(0)][0] == "2015-11-16"
        assert "Ask DWP again" in [str(v) for v in table.get_row(older)]
        await pilot.press("s")
        assert [str(v) for v in table.get_row_at(0)][0] == "2023-06-27"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen.query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None and reader.letter.id == newer)
        assert len([s for s in app.screen_stack if isinstance(s, ReaderScreen)]) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, FollowUpScreen)


@pytest.mark.parametrize(
    ("key", "dialog"),
    [("t", TagEditor), ("ctrl+s", SaveSearchPrompt), ("ctrl+e", ExportPrompt), ("m", FacetPicker)],
    ids=["tags", "save", "export", "mp-picker"],
)
async def test_escape_closes_a_dialog_doing_nothing_with_what_was_typed(
    sample_store: Store, key: str, dialog: type[object]
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        before = (sample_store.annotations(), sample_store.saved_searches(), list(screen.filters))
        await pilot.press(key)
        await settle(pilot, lambda: isinstance(app.screen, dialog))
        await pilot.press(*"foi", "escape")
        await settle(pilot, lambda: app.screen is screen)
        await app.workers.wait_for_complete()
        after = (sample_store.annotations(), sample_store.saved_searches(), list(screen.filters))
        assert after == before
        assert not any(default_export_dir(sample_store.root).glob("*"))


# -- saved searches --------------------------------------------------------------------------


async def test_saved_searches_save_list_apply_and_delete(sample_store: Store) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        await type_query(pilot, "funding")
        await pilot.press("escape")
        screen.post_message(FilterRequested(Filter("mp", "Nadia Farrow")))
        await settle(pilot, lambda: screen.filters and shows_search(app, seen, "funding")())
        expected = results_of(app).total
        assert 0 < expected < 21
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, SaveSearchPrompt))
        await pilot.press(*"Farrow", "enter")
        await settle(pilot, lambda: app.screen is screen)
        (saved,) = sample_store.saved_searches()
        assert (saved.name, saved.query) == ("Farrow", "funding")
        assert saved.filters == (("mp", "Nadia Farrow", False),)
        # Start again from everything, then open the saved search.
        await type_query(pilot, "")
        await pilot.press("escape", "X")
        await settle(pilot, lambda: not screen.filters and shows_search(app, seen, "")())
        await pilot.press("ctrl+o")
        await settle(pilot, lambda: isinstance(app.screen, SavedSearchesScreen))
        options = app.screen.query_one(OptionList)
        await settle(
            pilot, lambda: f"{expected} letters" in str(options.get_option_at_index(0).prompt)
        )
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen and shows_search(app, seen, "funding")())
        assert screen.query_one(QueryInput).value == "funding"
        assert screen.filters == [Filter("mp", "Nadia Farrow")]
        assert results_of(app).total == expected
        # d asks; a second d deletes it.
        await pilot.press("ctrl+o")
        await settle(pilot, lambda: isinstance(app.screen, SavedSearchesScreen))
        await pilot.press("d")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert [s.name for s in sample_store.saved_searches()] == ["Farrow"]
        await pilot.press("d")
        await settle(pilot, lambda: sample_store.saved_searches() == [])
        await settle(
            pilot,
            lambda: (
                "No saved searches"
                in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
            ),
        )


# -- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ending", [".csv", ".jsonl", ".md"])
async def test_export_writes_every_result_with_tags_and_notes(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    sample_store.update_tags(["32aca6052bc7"], add=["foi"])
    sample_store.set_note("32aca6052bc7", "Compare with the 2019 reply")
    monkeypatch.chdir(tmp_path)  # not where exports go: the app does not show this folder
    seen = Messages()
    # No documents folder here: a name typed without a folder goes to the archive's exports.
    target = sample_store.root / "exports" / f"school{ending}"
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        await type_query(pilot, "school")
        await pilot.press("escape")
        await settle(pilot, shows_search(app, seen, "school"))
        await pilot.press("ctrl+e")
        await settle(pilot, lambda: isinstance(app.screen, ExportPrompt))
        path = app.screen.query_one("#export-path", Input)
        assert path.value == str(sample_store.root / "exports" / "dispatchbox-export.csv")
        await pilot.press("end", "ctrl+u", *target.name, "enter")
        await settle(pilot, lambda: app.screen is screen)
    text = target.read_text(encoding="utf-8")
    if ending == ".md":
        assert text.count("\n## ") == 6  # a section a letter
        assert "- **tags:** foi\n" in text
        assert "> Compare with the 2019 reply" in text
        return
    if ending == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == 6
    (tagged,) = [row for row in rows if row["id"] == "32aca6052bc7"]
    # JSON Lines gives lists as lists; a CSV cell joins them.
    assert tagged["tags"] == (["foi"] if ending == ".jsonl" else "foi")
    assert isinstance(tagged["references"], list if ending == ".jsonl" else str)
    assert tagged["note"] == "Compare with the 2019 reply"
    assert not (tmp_path / target.name).exists()


async def test_export_asks_before_replacing_a_file(sample_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "school.csv"
    target.write_text("the researcher's own table\n", encoding="utf-8")
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot, lambda: isinstance(app.screen, ExportPrompt))
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        error = app.screen.query_one("#export-error", Static)
        await settle(pilot, lambda: "exists already: Enter again replaces it" in str(error.content))
        assert target.read_text(encoding="utf-8") == "the researcher's own table\n"
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen)
    assert target.read_text(encoding="utf-8").startswith("id,date,references")


async def test_export_to_an_unknown_ending_says_so_in_the_dialog(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "school.txt"
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot, lambda: isinstance(app.screen, ExportPrompt))
        await pilot.press("end", "ctrl+u", *target.name, "enter")
        error = app.screen.query_one("#export-error", Static)
        await settle(pilot, lambda: ".csv, .jsonl or .md" in str(error.content))
        assert isinstance(app.screen, ExportPrompt)
        assert not target.exists()


# -- help and the command palette -----------------------------------------------------------


async def test_question_mark_shows_and_hides_the_keys(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, KeysScreen))
        await pilot.press("question_mark")
        await settle(pilot, lambda: app.screen is screen)


async def test_the_palette_finds_an_mp_and_filters_by_them(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Kearney")
        hits = app.screen.query_one(OptionList)

        def first_hit() -> str:
            if not hits.option_count:
                return ""
            return str(hits.get_option_at_index(0).prompt)

        await settle(pilot, lambda: "MP: Siobhan Kearney" in first_hit())
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen and results_of(app).total == 8)
        assert screen.filters == [Filter("mp", "Siobhan Kearney")]


async def test_the_palette_s_four_facet_lists_share_one_search(sample_store: Store) -> None:
    """MPs, areas, departments and tags each ran the whole-archive facet search on opening."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        calls: list[str] = []
        search = app.searcher.search

        def counting(query: str, **options: object) -> object:
            if query == "" and options.get("limit") == 0:
                calls.append(query)
            return search(query, **options)  # type: ignore[arg-type]

        app.searcher.search = counting  # type: ignore[method-assign,assignment]
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Kearney")
        hits = app.screen.query_one(OptionList)
        await settle(pilot, lambda: hits.option_count > 0)
        assert len(calls) == 1


async def test_the_palette_names_the_letters_a_reference_finds_not_their_ids(
    sample_store: Store,
) -> None:
    carriers = [sample_store.get(i) for ref, i in sample_store.references() if ref == "M10562/16"]
    assert len(carriers) > 1
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"M10562/16")
        hits = app.screen.query_one(OptionList)

        def prompts() -> str:
            return "\n".join(
                str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)
            )

        await settle(pilot, lambda: all(c and c.label() in prompts() for c in carriers))
        assert not any(c and c.id in prompts() for c in carriers)


@pytest.mark.parametrize("typed", ["m10562/16.", " M 10562/16", "10562/16;"])
async def test_the_palette_keys_a_typed_reference_as_the_archive_does(
    sample_store: Store, typed: str
) -> None:
    """Typed with spaces or copied with the sentence's full stop, a reference is keyed by
    ``archive.refs``' one rule, as the store and the search key it."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*typed)
        hits = app.screen.query_one(OptionList)
        await settle(
            pilot,
            lambda: any(
                "Reference M10562/16" in str(hits.get_option_at_index(i).prompt)
                for i in range(hits.option_count)
            ),
        )


# -- settings --------------------------------------------------------------------------------


async def test_a_remapped_key_replaces_the_default(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store, config=Config(keys={"follow_up": "ctrl+f"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        hit = results_of(app).current
        assert hit is not None
        await pilot.press("f")
        await settle(pilot, lambda: True)
        assert sample_store.annotation(hit.letter_id).tags == ()
        await pilot.press("ctrl+f")
        await settle(pilot, lambda: sample_store.annotation(hit.letter_id).tags == ("follow-up",))


def test_load_config_reads_keys_and_tags(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[keys]\nfollow_up = "ctrl+f"\n\n[tags]\nfollow_up = "chase"\nquick = ["foi", "press"]\n'
    )
    config = load_config(tmp_path)
    assert config == Config(
        keys={"follow_up": "ctrl+f"},
        follow_up_tag="chase",
        quick_tags=("foi", "press"),
        folder=tmp_path,
    )
    assert load_config(tmp_path / "nowhere") == Config(folder=tmp_path / "nowhere")


def test_a_broken_config_is_reported_and_the_defaults_kept(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[keys\nfollow_up = "ctrl+f"\n')
    config = load_config(tmp_path)
    assert (config.keys, config.follow_up_tag, config.quick_tags) == (
        {},
        "follow-up",
        ("foi", "urgent", "chased"),
    )
    (problem,) = config.problems
    assert "config.toml" in problem and "default settings" in problem


async def test_config_problems_are_notified_at_startup(sample_store: Store, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[keys\n")
    seen = Messages()
    app = DispatchBoxApp(sample_store, config=load_config(tmp_path))
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await started(pilot)
        assert any("default settings" in note for note in seen.notes)


async def test_key_ids_no_binding_has_are_reported(sample_store: Store, tmp_path: Path) -> None:
    """A misspelt id in [keys] did nothing, silently."""
    (tmp_path / "config.toml").write_text('[keys]\nfollow_up = "ctrl+f"\nfolow_up = "ctrl+g"\n')
    seen = Messages()
    app = DispatchBoxApp(sample_store, config=load_config(tmp_path))
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await started(pilot)
        await settle(pilot, lambda: any("folow_up" in note for note in seen.notes))
        (note,) = [note for note in seen.notes if "[keys]" in note]
        assert "folow_up" in note and "follow_up," not in note


async def test_the_theme_chosen_is_remembered_for_the_next_session(
    sample_store: Store, tmp_path: Path
) -> None:
    app = DispatchBoxApp(sample_store, config=load_config(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert app.theme != "nord"
        app.theme = "nord"
        await settle(pilot, lambda: load_config(tmp_path).theme == "nord")
    again = DispatchBoxApp(sample_store, config=load_config(tmp_path))
    async with again.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert again.theme == "nord"
    assert (tmp_path / "config.toml").exists() is False  # the settings file is never written


# -- letters are data, never markup ----------------------------------------------------------

HOSTILE = "[bold]URGENT[/bold] [@click=app.quit]quit[/] \x1b[31mred\x1b[0m bell\x07 zanzibar"


async def test_markup_and_escapes_in_a_letter_show_literally(
    sample_store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    write_letter("hostile.txt", reference="M55555/18", topic=HOSTILE)
    summary = import_paths(
        sample_store, [letters_dir], workers=1, finish=lambda: sync(sample_store)
    )
    assert summary.imported == 1
    (letter_id,) = [i for ref, i in sample_store.references() if ref == "M55555/18"]
    assert "\x1b[31m" in sample_store.text(letter_id)  # the evidence is kept as it was
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        reader = await open_first(pilot, seen, "zanzibar")
        assert reader.letter is not None and reader.letter.id == letter_id
        shown = "".join(reader.render_line(y).text for y in range(reader.size.height))
        assert "[bold]URGENT[/bold]" in shown
        assert "[@click=app.quit]quit[/]" in shown
        assert "\u241b[31mred\u241b[0m" in shown
        assert "bell\u2407" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        snippet = results_of(app).render_line(1).text  # cut around its hit, "zanzibar"
        assert "zanzibar" in snippet and "\u241b[31mred\u241b[0m" in snippet
        assert "\x1b" not in snippet
        # Were the text markup, a click on "quit" would run the action it names.
        (row,) = [y for y in range(reader.size.height) if "[@click" in reader.render_line(y).text]
        column = reader.render_line(row).text.index("quit[/]")
        await pilot.click(reader, offset=(1 + column, row))  # 1: the reader's left padding
        await settle(pilot, lambda: True)
        assert app.is_running
        assert app.screen is screen


@pytest.mark.parametrize("width", [12, 20, 36, 37])
def test_wrapped_lines_fit_the_width_as_drawn(width: int) -> None:
    """A control character takes no cell in the text but one as its visible symbol."""
    lines = wrap(HOSTILE + "\n\tindented\r\n" + "x" * 50, width)
    assert all(cell_len(line.text) <= width for line in lines)
    assert "".join(line.text for line in lines) == display_text(HOSTILE + "\tindented" + "x" * 50)


def test_a_page_break_ends_a_drawn_line_and_offsets_still_hold() -> None:
    """A PDF's pages are joined by a form feed mid-line: the next page starts a line of its
    own, the break shows as its symbol, and every offset still points at its character."""
    text = "end of page one\fStart of page two\nnext\f\fpage four"
    lines = wrap(text, 40)
    assert [line.text for line in lines] == [
        "end of page one\u240c",
        "Start of page two",
        "next\u240c",
        "\u240c",
        "page four",
    ]
    for line in lines:
        drawn = text[line.start : line.start + len(line.text)]
        assert display_text(drawn) == line.text


# -- an empty archive ------------------------------------------------------------------------


async def test_an_empty_archive_explains_itself_and_imports_the_sample(tmp_path: Path) -> None:
    store = Store(tmp_path / "empty", create=True)
    app = DispatchBoxApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = main_screen(app)
        await settle(pilot, lambda: screen.index_state == "ready")
        said = results_of(app).empty_message
        assert said is not None and "This archive is empty" in said.plain
        assert str(store.root) in said.plain
        assert results_of(app).total == 0
        await pilot.press("S")
        await settle(pilot, lambda: results_of(app).total == SAMPLE_LETTERS)
    assert store.count() == SAMPLE_LETTERS


# -- terminal sizes --------------------------------------------------------------------------


async def test_a_small_terminal_hides_the_facets_and_still_searches(sample_store: Store) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(80, 24), message_hook=seen) as pilot:
        screen = await started(pilot)
        assert screen.has_class("-narrow")
        assert not screen.query_one(FacetList).display
        await type_query(pilot, "prison")
        await settle(pilot, shows_search(app, seen, "prison"))
        assert results_of(app).total == 6
        await pilot.press("escape", "enter")
        reader = screen.query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None and bool(reader.matches))


async def test_a_large_terminal_shows_everything(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await started(pilot)
        assert not screen.has_class("-narrow")
        assert screen.query_one(FacetList).display
        results = results_of(app)
        # Every row on screen is drawn from a loaded page, none is a placeholder.
        rows = [results.render_line(y).text for y in range(results.size.height)]
        assert all(not row.startswith("  …") for row in rows)
        assert sum("→MP" in row or "MP→" in row or " · " in row for row in rows[::2]) >= 20


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_rows_and_lines_fit_the_visible_width(
    sample_store: Store, size: tuple[int, int]
) -> None:
    """Nothing is hidden behind a scrollbar, and there is nothing to scroll sideways."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=size) as pilot:
        screen = await started(pilot)
        reader = screen.query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None)
        results = results_of(app)
        for widget in (results, reader):
            assert widget.virtual_size.width <= widget.scrollable_content_region.width
            assert not widget.show_horizontal_scrollbar


# -- corrections -----------------------------------------------------------------------------


async def open_correction_editor(pilot: Pilot[None], app: DispatchBoxApp, field: str) -> Any:
    """Press E on the open letter and wait for the editor, with ``field`` highlighted."""
    from tui.screens.correct import CorrectionEditor

    await pilot.press("E")
    await settle(pilot, lambda: isinstance(app.screen, CorrectionEditor))
    editor = app.screen
    assert isinstance(editor, CorrectionEditor)
    await settle(pilot, lambda: bool(editor.rows))
    options = editor.query_one(OptionList)
    options.highlighted = next(i for i, row in enumerate(editor.rows) if row.field == field)
    return editor


async def test_correcting_a_field_updates_the_reader_the_list_and_the_facets(
    sample_store: Store,
) -> None:

    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        results = results_of(app)
        hit = results.current
        assert hit is not None
        await pilot.press("enter")
        await settle(pilot, lambda: screen.current_letter == hit.letter_id)
        # Pick the date field and type a wrong date first: refused, with the reason.
        editor = await open_correction_editor(pilot, app, "date")
        options = editor.query_one(OptionList)
        await pilot.press("enter")
        box = editor.query_one(Input)
        assert box.has_focus
        box.value = "24/10/2016"
        await pilot.press("enter")
        assert "YYYY-MM-DD" in str(editor.query_one("#correct-error", Static).content)
        assert sample_store.corrections() == []
        await pilot.press("escape")
        options.highlighted = next(i for i, row in enumerate(editor.rows) if row.field == "mp")
        await pilot.press("enter")
        box.value = "Lucy Allan"
        await pilot.press("enter")
        await settle(pilot, lambda: [c.field for c in sample_store.corrections()] == ["mp"])
        await settle(pilot, lambda: any(r.field == "mp" and r.corrected for r in editor.rows))
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)
        # The facet counts it, the list and the header show it, the extracted value beside it.
        facets = screen.query_one(FacetList)
        await settle(pilot, lambda: "Lucy Allan" in facets.values_of("mp"))
        await settle(
            pilot,
            lambda: any(h.letter.metadata.mp == "Lucy Allan" for h in results.loaded_hits() if h),
        )
        header = screen.query_one(LetterHeader)
        await settle(pilot, lambda: "Lucy Allan" in str(header.content))
        # A long value wraps under itself in the header: read as words.
        assert "✎ corrected; extracted" in " ".join(str(header.content).split())
        # w: the mp field's source says what was read, how sure, and what it is corrected to.
        reader = screen.query_one(LetterText)
        reader.focus()
        counter = screen.query_one("#hit-counter", Static)
        for _ in WHY_FIELDS:
            if str(counter.content).startswith("read from the text: mp "):
                break
            await pilot.press("w")
            await pilot.pause()
        assert "corrected to Lucy Allan" in str(counter.content)
        # Withdrawn: the extracted value counts again.
        editor = await open_correction_editor(pilot, app, "mp")
        await pilot.press("ctrl+d")
        await settle(pilot, lambda: sample_store.corrections() == [])
        await pilot.press("escape")
        await settle(pilot, lambda: "Lucy Allan" not in facets.values_of("mp"))


def test_the_why_line_shows_the_confidence_and_the_correction() -> None:
    from types import MappingProxyType

    from archive.corrections import Correction
    from archive.models import Letter, Metadata
    from tui.widgets.reader import source_line

    metadata = Metadata(
        mp="Lucy Allan",
        date=None,
        confidence=MappingProxyType({"mp": 0.9}),
    )
    letter = Letter("a1", "a.txt", "0" * 64, "txt", 1, "", metadata)
    assert source_line(letter, "mp") == "read from the text: mp  Lucy Allan  (0.90)  (w: next)"
    corrected = (Correction("a1", "mp", "Ann Smith", "Lucy Allan"),)
    assert source_line(letter, "mp", corrected) == (
        "read from the text: mp  Lucy Allan  (0.90)  — corrected to Ann Smith  (w: next)"
    )
    assert source_line(letter, "date") == "read from the text: date  —  (w: next)"


async def test_the_full_screen_reader_corrects_too_and_shows_it(sample_store: Store) -> None:

    letter_id = sample_store.ids()[0]
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        app.push_screen(ReaderScreen(letter_id))
        await settle(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader_screen = app.screen
        header = reader_screen.query_one(LetterHeader)
        await settle(pilot, lambda: "direction" in str(header.content))
        editor = await open_correction_editor(pilot, app, "sender_org")
        await pilot.press("enter")
        editor.query_one(Input).value = "Cabinet Office [bold]"
        await pilot.press("enter", "escape")
        await settle(pilot, lambda: app.screen is reader_screen)
        # A long value wraps under itself in the header: read as words.
        await settle(
            pilot, lambda: "Cabinet Office [bold]" in " ".join(str(header.content).split())
        )
        assert "✎ corrected; extracted sender_org" in " ".join(str(header.content).split())
    assert [(c.field, c.value) for c in sample_store.corrections()] == [
        ("sender_org", "Cabinet Office [bold]")
    ]


async def test_a_correction_keeps_the_researchers_place_in_the_list(sample_store: Store) -> None:
    """Saving a correction runs the same search again: the list stays on the corrected letter."""
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        results = results_of(app)
        await pilot.press("down", "down", "down")
        hit = results.current
        assert hit is not None and results.cursor == 3
        await pilot.press("enter")
        await settle(pilot, lambda: screen.current_letter == hit.letter_id)
        app.correct_fields(hit.letter_id, {"mp": "Lucy Allan"})
        await settle(pilot, lambda: [c.field for c in sample_store.corrections()] == ["mp"])
        header = screen.query_one(LetterHeader)
        await settle(pilot, lambda: "Lucy Allan" in str(header.content))
        await app.workers.wait_for_complete()
        await pilot.pause()
        current = results.current
        assert current is not None and current.letter_id == hit.letter_id
        assert screen.current_letter == hit.letter_id


@pytest.mark.parametrize("width", [30, 60, 120])
def test_a_snippet_is_cut_so_its_hit_shows_at_any_width(width: int) -> None:
    from tui.widgets.results import around_hit

    text = "word " * 40 + "exploitation of children in Kelby " + "more " * 10
    start = text.index("exploitation")
    spans = ((start, start + len("exploitation")),)
    shown, moved = around_hit(text, spans, width)
    (a, b), *_ = moved
    assert b <= width and shown[a:b] == "exploitation"
    assert shown.startswith("…") and shown[1:] in text
    # A hit that already shows is left where it is.
    assert around_hit(text[start:], ((0, 12),), width) == (text[start:], ((0, 12),))


async def test_the_list_shows_the_hit_of_each_snippet_at_80_columns(sample_store: Store) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await type_query(pilot, "exploitation")
        results = results_of(app)
        await settle(pilot, lambda: results.total >= 1 and results.hit_at(0) is not None)
        await pilot.pause()
        line = results.render_line(1).text
        assert "exploitation" in line.lower()
