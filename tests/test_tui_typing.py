"""Search as you type: results for a query already typed over are never drawn (issue 13's
keystroke-to-results target: no time spent drawing them while the newer query waits)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

import tui.screens.main as main_module
from archive.store import Store
from index.searcher import Searcher, SearchResult
from tests.tui_support import Messages, results_of, settle, shows_search, started
from tui.app import DispatchBoxApp


class GatedSearcher(Searcher):
    """A searcher whose search for one query waits until the test lets it finish."""

    def __init__(self, store: Store, gated: str) -> None:
        super().__init__(store)
        self.gated = gated
        self.entered = threading.Event()
        self.release = threading.Event()

    def search(self, query: str, **options: Any) -> SearchResult:
        if query == self.gated:
            self.entered.set()
            self.release.wait(10)
        return super().search(query, **options)


async def test_results_for_a_query_typed_over_are_never_drawn(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Searches start when the test says (search_now), not when a debounce timer fires.
    monkeypatch.setattr(main_module, "DEBOUNCE_SECONDS", 60.0)
    seen = Messages()
    searcher = GatedSearcher(sample_store, "schoo*")
    app = DispatchBoxApp(sample_store, searcher)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *"schoo")
        screen.search_now()  # "schoo*", held inside the search
        while not searcher.entered.is_set():
            await pilot.pause(0.01)
        await pilot.press("l")  # typed while that search runs
        searcher.release.set()
        await settle(pilot, lambda: any(m.result.query == "schoo*" for m in seen.searches))
        # The stale search finished, and its letters never replaced the list.
        assert results_of(app).search_shown.query != "schoo*"
        assert screen.shown_generation < screen.generation
        screen.search_now()
        await settle(pilot, shows_search(app, seen, "school*"))
        assert results_of(app).search_shown.query == "school*"
        assert results_of(app).total == searcher.count("school*")
