"""The app never reads or writes the archive on its UI thread: every store call runs in a worker.

A store call can re-read the records or annotations file (another process changed it), which
takes a second at 100k letters: on the UI thread that freezes the keys.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import TextArea

from archive.store import Store
from tests.tui_support import main_screen, results_of, settle, started
from tui.app import DispatchBoxApp
from tui.screens.compare import CompareScreen
from tui.screens.note import NoteEditor
from tui.widgets.reader import LetterHeader, LetterText

#: Store methods that read or write the archive's files.
WATCHED = (
    "count",
    "get",
    "record",
    "text",
    "annotation",
    "annotations",
    "corrections",
    "reply_marks",
    "resolve",
    "update_tags",
    "set_note",
    "tag_counts",
)


def record_threads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patch ``store`` so that each watched call made on the main thread is listed."""
    on_ui_thread: list[str] = []

    def watched(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                on_ui_thread.append(name)
            return method(*args, **kwargs)

        return call

    for name in WATCHED:
        monkeypatch.setattr(store, name, watched(name, getattr(store, name)))
    return on_ui_thread


async def test_store_calls_of_the_workbench_run_in_workers(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_ui_thread = record_threads(sample_store, monkeypatch)
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        results = results_of(app)
        # Read a letter, show where a field was read from, tag it for follow-up.
        await pilot.press("down")
        await settle(pilot, lambda: screen.query_one(LetterText).letter is not None)
        await pilot.press("enter", "w")
        await settle(pilot, lambda: "(" in str(screen.query_one(LetterHeader).content))
        await pilot.press("escape", "f")
        follow_up = app.config.follow_up_tag
        await settle(
            pilot, lambda: results.current is not None and follow_up in results.current.tags
        )
        # Compare two marked letters (put in date order first).
        await pilot.press("space", "space", "c")
        await settle(pilot, lambda: isinstance(app.screen, CompareScreen))
        await pilot.press("escape")
        # A note typed, then saved as the app does when quitting.
        await settle(pilot, lambda: app.screen is main_screen(app))
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, NoteEditor))
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await settle(pilot, lambda: editor.saved_text is not None)
        editor.query_one(TextArea).insert("seen on Tuesday")
        editor.flush()
        letter_id = editor.letter_id
        # Read past the patch: the test's own look is not the app's.
        saved = lambda: Store.annotation(sample_store, letter_id).note  # noqa: E731
        await settle(pilot, lambda: "seen on Tuesday" in saved())
    assert on_ui_thread == []
