"""A few deliberate pictures of the workbench (SVG snapshots, updated only after looking).

    pytest tests/test_snapshots.py --snapshot-update    # then look at tests/__snapshots__/

Everything on screen must be the same on every machine: the archive is a copy of the
bundled sample, and the two places that show a path (the status line and the reader's
"file" row) show only its last part here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from archive.models import Annotation, Letter
from archive.store import Store
from tests.tui_support import main_screen, results_of, settle, started, until_still
from tui.app import DispatchBoxApp
from tui.screens.followup import FollowUpScreen
from tui.screens.tags import TagEditor
from tui.widgets.reader import LetterHeader, LetterText
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.searchbar import StatusLine

SnapCompare = Callable[..., bool]
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def paths_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Show the archive's and the letters' paths by their last part only."""
    show_status = StatusLine.show
    show_header = LetterHeader.show

    def status(self: StatusLine, archive: str, *rest: Any) -> None:
        show_status(self, Path(archive).name, *rest)

    def header(
        self: LetterHeader, letter: Letter, annotation: Annotation, *rest: Any, **named: Any
    ) -> None:
        short = dataclasses.replace(letter, path=Path(letter.path).name)
        show_header(self, short, annotation, *rest, **named)

    monkeypatch.setattr(StatusLine, "show", status)
    monkeypatch.setattr(LetterHeader, "show", header)


def workbench(store: Store) -> DispatchBoxApp:
    """The app as ``dispatchbox`` starts it, on ``store``."""
    return DispatchBoxApp(store)


async def still(pilot: Pilot[None]) -> None:
    """No toasts (whether one is still up depends on how fast the keys were typed), and no
    read of a letter still running or waiting (the pairing reads the shown letter again)."""
    pilot.app.clear_notifications()
    assert isinstance(pilot.app, DispatchBoxApp)
    reader = main_screen(pilot.app).query_one(ReaderPane)
    await settle(pilot, lambda: reader.idle)
    await until_still(pilot)


def test_workbench_after_startup(snap_compare: SnapCompare, sample_store: Store) -> None:
    """Every sample letter listed, the first one previewed, facets on the left."""
    app = workbench(sample_store)

    async def ready(pilot: Pilot[None]) -> None:
        await started(pilot)
        reader = main_screen(app).query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None)
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_reading_a_search_hit(snap_compare: SnapCompare, sample_store: Store) -> None:
    """ "school": six letters; the first open in the reader, its hits marked, the first current."""
    app = workbench(sample_store)

    async def read(pilot: Pilot[None]) -> None:
        await started(pilot)
        await pilot.press("slash", *"school", "enter")
        screen = main_screen(app)
        await settle(pilot, lambda: screen.total == 6 and results_of(app).cursor == 0)
        first = results_of(app).current
        assert first is not None
        await pilot.press("escape", "enter")
        reader = screen.query_one(LetterText)
        await settle(
            pilot,
            lambda: (
                reader.has_focus
                and reader.letter is not None
                and reader.letter.id == first.letter_id
                and bool(reader.matches)
            ),
        )
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=read)


def test_tag_editor(snap_compare: SnapCompare, sample_store: Store) -> None:
    """The tag editor over the workbench, with the letter's tags and a word being typed."""
    first_id = "32aca6052bc7"
    sample_store.update_tags([first_id], add=["foi", "follow-up"])
    app = workbench(sample_store)

    async def tagging(pilot: Pilot[None]) -> None:
        await started(pilot)
        await pilot.press("slash", *"school", "enter")
        screen = main_screen(app)
        await settle(pilot, lambda: screen.total == 6)
        await pilot.press("escape")
        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, TagEditor))
        editor = app.screen.query_one(Input)
        editor.cursor_blink = False
        await settle(pilot, lambda: editor.suggester is not None)
        await pilot.press(*"urgent -fo")  # completed from the archive's tags: -foi
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=tagging)


def test_follow_up_screen(snap_compare: SnapCompare, sample_store: Store) -> None:
    """Three letters tagged for follow-up, oldest first, with their notes."""
    chosen = {
        "8e09d7069add": "Ask DWP for the Jobcentre footfall figures",
        "eba0b2a6beed": "",
        "f00c478eabb0": "Dentistry: chase the ICB\nthen write to the constituent",
    }
    sample_store.update_tags(list(chosen), add=["follow-up"])
    for letter_id, note in chosen.items():
        if note:
            sample_store.set_note(letter_id, note)
    app = workbench(sample_store)

    async def follow_ups(pilot: Pilot[None]) -> None:
        await started(pilot)
        await pilot.press("F")
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
        table = app.screen.query_one(DataTable)
        await settle(pilot, lambda: table.row_count == len(chosen))
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=follow_ups)
