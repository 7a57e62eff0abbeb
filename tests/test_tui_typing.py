"""Search as you type: results for a query already typed over are never drawn, a search made
stale stops, a burst of keys starts no search for the queries typed over while one ran, the
facets are counted for the final query only, and the reader reads the letter the cursor
rests on (issue 13's keystroke-to-results target: no time spent on work nobody will see)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.pilot import Pilot

import tui.screens.main as main_module
from archive.store import Store
from index.results import SearchResult, SearchStopped
from index.searcher import Searcher
from tests.tui_support import Messages, results_of, settle, shows_search, started
from tui.app import DispatchBoxApp
from tui.widgets.facets import SHOWN_PER_FACET, FacetList
from tui.widgets.reader_pane import ReaderPane
from tui.widgets.results import PAGE_MARGIN, ROW_HEIGHT


async def entered(pilot: Pilot[None], event: threading.Event) -> None:
    """Wait for a worker to reach the gate (the bound only stops a broken app hanging;
    ``settle`` would wait for the held worker itself)."""
    for _ in range(1500):
        if event.is_set():
            return
        await pilot.pause(0.01)
    raise AssertionError("the search never reached the gate")


class GatedSearcher(Searcher):
    """A searcher whose search for one query waits until the test lets it go on; it keeps
    what each search was asked for and how it ended."""

    def __init__(self, store: Store, gated: str) -> None:
        super().__init__(store)
        self.gated = gated
        self.entered = threading.Event()
        self.release = threading.Event()
        #: (query, "page" for a page of results or "facets" for a count, how it ended)
        self.calls: list[tuple[str, str, str]] = []

    def search(self, query: str, **options: Any) -> SearchResult:
        kind = "facets" if options.get("limit") == 0 else "page"
        if query == self.gated and kind == "page":
            self.entered.set()
            self.release.wait(10)
        try:
            result = super().search(query, **options)
        except SearchStopped:
            self.calls.append((query, kind, "stopped"))
            raise
        self.calls.append((query, kind, "done"))
        return result

    def pages(self) -> list[tuple[str, str]]:
        return [(query, ended) for query, kind, ended in self.calls if kind == "page"]


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
        await entered(pilot, searcher.entered)
        await pilot.press("l")  # typed while that search runs
        searcher.release.set()
        await settle(pilot, lambda: ("schoo*", "stopped") in searcher.pages())
        # The stale search stopped at its first step, and its letters never reached the list.
        assert not any(m.result.query == "schoo*" for m in seen.searches)
        assert results_of(app).search_shown.query != "schoo*"
        assert screen.shown_generation < screen.generation
        screen.search_now()
        await settle(pilot, shows_search(app, seen, "school*"))
        assert results_of(app).search_shown.query == "school*"
        assert results_of(app).total == searcher.count("school*")


async def test_a_burst_typed_while_a_search_runs_starts_only_the_final_query(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "DEBOUNCE_SECONDS", 60.0)
    seen = Messages()
    searcher = GatedSearcher(sample_store, "hou*")
    app = DispatchBoxApp(sample_store, searcher)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        searcher.calls.clear()
        await pilot.press("slash", *"hou")
        screen.search_now()  # "hou*", held inside the search
        await entered(pilot, searcher.entered)
        for key in "sing":  # each key's debounce fires while "hou*" still runs
            await pilot.press(key)
            screen.search_now()
        searcher.release.set()
        await settle(pilot, shows_search(app, seen, "housing*"))
        # "hous*", "housi*"... waited and were replaced by newer keys: they never started.
        assert searcher.pages() == [("hou*", "stopped"), ("housing*", "done")]
        assert results_of(app).total == searcher.count("housing*") > 0


async def test_keys_search_at_once_and_merge_while_a_search_runs(sample_store: Store) -> None:
    seen = Messages()
    searcher = GatedSearcher(sample_store, "hou*")
    app = DispatchBoxApp(sample_store, searcher)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await started(pilot)
        searcher.calls.clear()
        await pilot.press("slash", *"hou")  # no timer: "hou*" starts with its key
        await entered(pilot, searcher.entered)
        await pilot.press(*"sing")
        searcher.release.set()
        await settle(pilot, shows_search(app, seen, "housing*"))
        since = searcher.pages()[[q for q, _e in searcher.pages()].index("hou*") :]
        assert since == [("hou*", "stopped"), ("housing*", "done")]


async def test_facets_are_counted_once_the_typing_rests_for_the_final_query(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "DEBOUNCE_SECONDS", 60.0)
    seen = Messages()
    searcher = GatedSearcher(sample_store, "(no query is held)")
    app = DispatchBoxApp(sample_store, searcher)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await started(pilot)
        facets = screen.query_one(FacetList)
        everyone = set(facets.values_of("mp"))
        searcher.calls.clear()
        monkeypatch.setattr(main_module, "REST_SECONDS", 60.0)  # the keys never rest
        await pilot.press("slash", *"vance")
        screen.search_now()
        await settle(pilot, shows_search(app, seen, "vance*"))
        # Results drawn, facets not counted while more keys may come: still everyone's.
        assert [kind for _q, kind, _e in searcher.calls] == ["page"]
        assert set(facets.values_of("mp")) == everyone
        screen._after_results()  # what the rest timer runs
        await settle(pilot, lambda: set(facets.values_of("mp")) != everyone)
        assert ("vance*", "facets", "done") in searcher.calls
        counted = Searcher(sample_store).search("vance*", limit=0, facets=True).facets["mp"]
        assert set(facets.values_of("mp")) == {c.value for c in counted[:SHOWN_PER_FACET]}


class GatedReads(Searcher):
    """A searcher whose reader look-ups (``matches_in``) wait while ``hold`` is set."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.hold = threading.Event()
        self.entered = threading.Event()
        self.go = threading.Event()
        self.read: list[str] = []

    def matches_in(self, letter_id: str, query: str) -> list[tuple[int, int]]:
        self.read.append(letter_id)
        if self.hold.is_set():
            self.entered.set()
            self.go.wait(10)
        return super().matches_in(letter_id, query)


async def test_the_reader_reads_the_letter_the_cursor_rests_on_not_those_it_passed(
    sample_store: Store,
) -> None:
    searcher = GatedReads(sample_store)
    app = DispatchBoxApp(sample_store, searcher)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        results = results_of(app)
        reader = screen.query_one(ReaderPane)
        await pilot.press("slash", *"council", "enter")
        await settle(pilot, lambda: results.total > 6 and reader.letter_id is not None)
        searcher.read.clear()
        searcher.hold.set()
        await pilot.press("down")  # its read is held
        await entered(pilot, searcher.entered)
        searcher.hold.clear()
        await pilot.press("down", "down", "down", "down")  # passed while that read is held
        rest = results.current
        assert rest is not None
        searcher.go.set()
        await settle(pilot, lambda: reader.query_one("#letter-text").letter is not None)
        await settle(pilot, lambda: reader.query_one("#letter-text").letter.id == rest.letter_id)
        assert searcher.read == [results.hit_at(1).letter_id, rest.letter_id]  # type: ignore[union-attr]
        assert screen.current_letter == rest.letter_id


async def test_a_search_builds_the_rows_on_screen_and_later_pages_fill_the_rest(
    sample_store: Store,
) -> None:
    searcher = GatedSearcher(sample_store, "(no query is held)")
    app = DispatchBoxApp(sample_store, searcher)
    async with app.run_test(size=(120, 24)) as pilot:
        await started(pilot)
        results = results_of(app)
        shown_rows = results.size.height // ROW_HEIGHT + 1
        first = results.pages[0]
        # Snippets are made for the rows on screen and a few more, not for 50 letters.
        assert shown_rows < len(first) == shown_rows + PAGE_MARGIN < results.total
        await pilot.press("end")  # the last letter: its page is read when it is drawn
        await settle(pilot, lambda: results.current is not None)
        every = [results.hit_at(row) for row in range(results.total)]
        loaded = {hit.letter_id for hit in every if hit is not None}
        assert results.cursor == results.total - 1
        assert results.current.letter_id in loaded  # type: ignore[union-attr]
        assert len(loaded) == sum(len(hits) for hits in results.pages.values())
        # Each page holds the letters the same search ranks there, none twice.
        size = results.search_shown.page_size
        for page, hits in results.pages.items():
            expected = searcher.search("", limit=size, offset=page * size, facets=False).hits
            assert [h.letter_id for h in hits] == [h.letter_id for h in expected]
