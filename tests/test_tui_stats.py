"""The reply-time statistics screen: T (or the palette) opens it for the current search."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from archive.replystats import archive_reply_stats
from archive.store import Store
from index.results import Filter
from tests.tui_support import (
    SAMPLE_LETTERS,
    Messages,
    main_screen,
    screen_lines,
    settle,
    shows_search,
    started,
    type_query,
)
from tui.app import DispatchBoxApp
from tui.matching import matching_ids
from tui.screens.main import MainScreen
from tui.screens.stats import StatsScreen


async def _open_stats(pilot: Pilot[None], app: DispatchBoxApp) -> StatsScreen:
    main_screen(app).query_one("#results").focus()
    await pilot.press("T")
    await settle(
        pilot, lambda: isinstance(app.screen, StatsScreen) and "counting" not in _title(app)
    )
    assert isinstance(app.screen, StatsScreen)
    return app.screen


def _title(app: DispatchBoxApp) -> str:
    return str(app.screen.query_one("#stats-title", Static).content)


def _first_row(screen: StatsScreen) -> list[str]:
    table: DataTable[object] = screen.query_one("#stats-table", DataTable)
    return [str(cell) for cell in table.get_row_at(0)]


async def test_t_shows_the_reply_times_of_the_current_search(sample_store: Store) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await started(pilot)
        screen = await _open_stats(pilot, app)
        everything = archive_reply_stats(app.threads)
        assert screen.figures == everything
        assert f"{SAMPLE_LETTERS} letters" in _title(app)
        assert f"{everything.mp_letters} from MPs, {everything.answered} with a reply" in (
            _title(app)
        )
        share = everything.overall.share_within_target
        assert share is not None
        assert _first_row(screen)[:2] == ["All MPs' letters", f"{share:.0%}"]
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen))

        # Another search: the figures are those of its letters only.
        await type_query(pilot, "mp:vance")
        await settle(pilot, shows_search(app, seen, "mp:vance"))
        screen = await _open_stats(pilot, app)
        vance = archive_reply_stats(app.threads, matching_ids(app.searcher, "mp:vance"))
        assert screen.figures == vance
        # Her five letters include the scanned one (scan_00562.png), never answered.
        assert vance.mp_letters == 5 and [m.name for m in vance.mps] == ["Harriet Vance"]
        assert f"{vance.letters} letters, 5 from MPs" in _title(app)
        assert vance.overall.median != everything.overall.median
        share = vance.overall.share_within_target
        assert share is not None
        assert _first_row(screen)[1] == f"{share:.0%}"
        # p: the median by year instead of by quarter.
        await pilot.press("p")
        await settle(pilot, lambda: screen.figures is not None and screen.figures.by == "year")
        assert [p.period for p in screen.figures.periods] == ["2016", "2017", "2023"]
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_no_letters_says_so_and_the_palette_opens_it_at_80_columns(
    sample_store: Store,
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        screen.filters = [Filter("mp", "Nobody Atall")]
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"reply times")
        hits = app.screen.query_one(OptionList)
        await settle(
            pilot,
            lambda: (
                bool(hits.option_count) and "Reply times" in str(hits.get_option_at_index(0).prompt)
            ),
        )
        await pilot.press("enter")
        await settle(
            pilot, lambda: isinstance(app.screen, StatsScreen) and "counting" not in _title(app)
        )
        assert "no letters" in _title(app)
        assert any("No letters in this search" in line for line in screen_lines(app))
        assert not app.screen.query_one("#stats-table").display


async def test_letters_without_replies_or_a_bad_query_are_said_in_words(
    sample_store: Store,
) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(80, 24), message_hook=seen) as pilot:
        await started(pilot)
        # At 80 columns the body scrolls down to the table, its share column in sight.
        await _open_stats(pilot, app)
        await pilot.press("end")
        await settle(pilot, lambda: any("Jonathan Ambrose" in x for x in screen_lines(app)))
        (row,) = [line for line in screen_lines(app) if "Jonathan Ambrose" in line]
        assert row.split()[-5:] == ["50%", "20.5", "26", "2", "2"]
        assert "q Quit" in screen_lines(app)[-1] and "? Keys" in screen_lines(app)[-1]
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen))
        # The one letter to the Department for Levelling Up has no reply in the sample.
        query = 'dept:"Department for Levelling Up, Housing and Communities"'
        await type_query(pilot, query)
        await settle(pilot, shows_search(app, seen, query))
        screen = await _open_stats(pilot, app)
        assert screen.figures is not None and screen.figures.answered == 0
        assert "1 letter, 1 from MPs, 0 with a reply" in _title(app)
        assert any("none with a dated reply" in line for line in screen_lines(app))
        assert not screen.query_one("#stats-periods").display
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen))
        # A query that cannot be read (the workbench shows its error): a line, no traceback.
        await type_query(pilot, "mp:(")
        await settle(pilot, lambda: "mp:(" in main_screen(app).query_text)
        screen = await _open_stats(pilot, app)
        assert screen.figures is None
        assert any("the query cannot be read" in line for line in screen_lines(app))
