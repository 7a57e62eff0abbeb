"""What the TUI tests and the snapshot tests share: the sample archive, waiting, finding."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from archive.importer import import_paths
from archive.sample import sample_letters
from archive.store import Store
from index.writer import sync
from tui.app import DispatchBoxApp
from tui.messages import SearchDone
from tui.screens.main import MainScreen
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.results import ResultsList

#: Letters in the bundled sample archive.
SAMPLE_LETTERS = 50


def build_sample_archive(root: Path) -> Store:
    """Import and index the bundled sample letters into a new archive at ``root``."""
    store = Store(root, create=True)
    with sample_letters() as folder:
        import_paths(store, [folder], workers=1, finish=lambda: sync(store))
    return store


class Messages:
    """A ``message_hook`` that keeps the app's search results and notifications."""

    def __init__(self) -> None:
        self.searches: list[SearchDone] = []
        self.notes: list[str] = []

    def __call__(self, message: Message) -> None:
        # A message that bubbles up is seen once per node it reaches: keep it once.
        if isinstance(message, SearchDone) and not any(m is message for m in self.searches):
            self.searches.append(message)
        elif isinstance(message, Notify):
            self.notes.append(message.notification.message)


async def settle(pilot: Pilot[None], until: Callable[[], bool], *, within: float = 15.0) -> None:
    """Let workers, timers and messages run until ``until()`` holds.

    ``within`` only stops a broken app from hanging the suite; no test depends on timing.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        await pilot.pause()
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # a newer search (an exclusive worker) replaced this one
        await pilot.pause()
        if until():
            return
        if loop.time() > deadline:
            raise AssertionError(f"the app never reached the expected state ({until})")
        await pilot.pause(0.05)


#: How many times ``until_still`` looks for the picture to stop changing before it lets it be.
STILL_LOOKS = 25


async def until_still(pilot: Pilot[None]) -> None:
    """Wait until two pictures of the screen a moment apart are the same (for snapshots: on
    a slow machine a refresh, a timer's or a layout's, can still be on its way after the
    workers are done)."""
    before = None
    for _ in range(STILL_LOOKS):
        await settle(pilot, lambda: True)
        picture = pilot.app.export_screenshot()
        if picture == before:
            return
        before = picture
        await pilot.pause(0.2)


def main_screen(app: DispatchBoxApp) -> MainScreen:
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, MainScreen)
    return screen


def results_of(app: DispatchBoxApp) -> ResultsList:
    return main_screen(app).query_one(ResultsList)


async def started(pilot: Pilot[None]) -> MainScreen:
    """Wait for the first search: the index opened and every letter listed."""
    app = pilot.app
    assert isinstance(app, DispatchBoxApp)
    await settle(pilot, lambda: results_of(app).total > 0)
    # The pairing starts once the first results show, then searches again: wait for both,
    # and for that search's facets (the reply facet comes with the pairing).
    screen = main_screen(app)
    await settle(
        pilot,
        lambda: (
            screen.pairing_seen
            and screen.shown_generation == screen.generation == screen.facets_generation
            # The pairing reads the shown letter again (its exchange): that read is over too.
            and screen.query_one(ReaderPane).idle
        ),
    )
    return screen


async def type_query(pilot: Pilot[None], text: str) -> None:
    """Press / and type ``text`` over whatever query was there (as a researcher would)."""
    await pilot.press("slash", "end", "ctrl+u", *text)


def shows_search(app: DispatchBoxApp, seen: Messages, query: str) -> Callable[[], bool]:
    """True once the results for ``query`` (with the screen's filters and sort) are applied."""

    def applied() -> bool:
        screen = main_screen(app)
        done = [m for m in seen.searches if m.generation == screen.generation]
        # ``query`` as typed or as searched (while typing, the last word is a prefix).
        return (
            query in (screen.query_text, screen.searched)
            and bool(done)
            and done[-1].result.query == screen.searched
            and screen.query_one(ResultsList).total == done[-1].result.total
        )

    return applied


def screen_lines(app: DispatchBoxApp) -> list[str]:
    """The terminal's lines as a researcher sees them (screens below a modal included)."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(
            full=True, screen_stack=app._background_screens, simplify=True
        )
    )
    return console.export_text(styles=False).splitlines()
