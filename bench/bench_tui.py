"""TUI benchmark: the workbench driven headless on generated 10k and 100k archives.

What a researcher feels, measured inside the app (Textual's pilot, 200x60, no terminal):

- first results: from opening the archive to the first page of the results list drawn;
- keystroke to results: a query typed a key at a time, each key waited for, from the key
  press to the list drawn for what is now in the box (the 0.05 s debounce included, as the
  researcher waits it too; the same figure without it is shown beside);
- open a letter: the cursor moved onto the next letter until its text is in the reader
  (the reader previews the letter under the cursor, so Enter on it only moves the focus);
- peak memory of the app's process with the archive open;
- and, to explain the slow tail, the pauses of Python's full garbage collections.

The archive is made as ``dispatchbox import`` makes it: indexed, then paired (the pairing is
cached beside the records). The app is then run a second time with the pairing cache
deleted, as after an upgrade of the pairing code: the app pairs again in another process
while the researcher types, and that run's figures are shown too.

    python bench/bench_tui.py                   # 10k and 100k
    python bench/bench_tui.py --sizes 10000

Generation, import (with indexing) and the app each run in a fresh process; everything is
written under a temporary folder that is removed at the end. Timings are wall-clock and
noisy when other work shares the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Before the app's own imports (textual, whoosh...), which "first results" also counts.
PROCESS_STARTED = time.perf_counter()

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.threads import PAIRS_FILE  # noqa: E402
from bench.common import (  # noqa: E402
    TreeMemory,
    parse_args,
    peak_rss_mb,
    percentile,
    phase_generate,
    run_phase,
    run_sizes,
)

TARGETS = {"first_results_s": 2.0, "keystroke_p95_ms": 150.0, "open_p95_ms": 100.0, "peak_mb": 800}
SIZE = (200, 60)
OPENS = 30
#: Longest wait for any one thing before the phase gives up (a hang, not a slow result).
GIVE_UP_S = 60.0


# -- phases ---------------------------------------------------------------------------------------


def phase_import(args: argparse.Namespace) -> dict[str, Any]:
    from archive.importer import import_paths
    from archive.store import Store
    from archive.threads import Threads
    from index.writer import sync

    store = Store(Path(args.archive), create=True)
    started = time.perf_counter()
    summary = import_paths(store, [Path(args.letters)], finish=lambda: sync(store))
    imported = time.perf_counter()
    Threads(store).update()  # as `dispatchbox import` does after an import
    return {
        "letters": summary.imported,
        "seconds": imported - started,
        "pairing_seconds": time.perf_counter() - imported,
    }


def phase_queries(args: argparse.Namespace) -> dict[str, Any]:
    """Queries a researcher would type, some with fields, drawn from the archive itself."""
    from archive.store import Store
    from index.searcher import Searcher

    store = Store(Path(args.archive))
    facets = Searcher(store).search("", limit=0, facets=True, snippets=False).facets
    top_mp = facets["mp"][0].value
    references = store.references()
    reference = references[len(references) // 2][0]
    queries = [
        "flood defences",
        "safeguarding children",
        "universal credit sanctions",
        '"national funding formula"',
        f"mp:{top_mp.split()[-1].lower()} prison",
        reference,
        "housing date:2016..2018",
    ]
    Path(args.output).write_text(json.dumps(queries))
    return {"queries": queries}


class Clock:
    """Timestamps of what the app did, recorded by wrapping the methods that do it."""

    def __init__(self) -> None:
        self.applied: list[tuple[float, str, int]] = []  # (time, query, total): list reset
        self.painted: list[tuple[float, str]] = []  # (time, query): a loaded row drawn
        self.errors: list[tuple[float, str]] = []  # (time, query): a query error shown
        self.searches: list[tuple[float, str]] = []  # (time, query): a search started
        self.letters: list[tuple[float, str]] = []  # (time, letter id): text in the reader
        self.engine: list[tuple[float, str]] = []  # (ms, query): Searcher.search, page one
        self._painting_for: str | None = None

    def install(self) -> None:
        from index.searcher import Searcher
        from tui.screens.main import MainScreen
        from tui.widgets.reader import LetterText
        from tui.widgets.results import ResultsList
        from tui.widgets.searchbar import SearchBar

        clock = self
        now = time.perf_counter

        def after(cls: Any, name: str, record: Callable[..., None]) -> None:
            original = getattr(cls, name)

            def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
                result = original(self, *args, **kwargs)
                record(self, *args, **kwargs)
                return result

            setattr(cls, name, wrapped)

        def reset(results: Any, total: int, *_: Any) -> None:
            query = results.screen.query_text
            clock.applied.append((now(), query, total))
            clock._painting_for = query

        def drawn(results: Any, y: int) -> None:
            # The first line drawn after a reset is the new list on its way to the screen.
            if clock._painting_for is not None:
                clock.painted.append((now(), clock._painting_for))
                clock._painting_for = None

        def started_search(screen: Any, *_: Any, **__: Any) -> None:
            clock.searches.append((now(), screen.query_text))

        def error_shown(bar: Any, query: str, *_: Any) -> None:
            clock.errors.append((now(), query))

        def letter_shown(reader: Any, letter: Any, *_: Any) -> None:
            clock.letters.append((now(), letter.id))

        search = Searcher.search

        def timed_search(searcher: Any, query: str, **options: Any) -> Any:
            started = now()
            result = search(searcher, query, **options)
            if options.get("facets", True) and not options.get("offset"):
                clock.engine.append(((now() - started) * 1000, query))
            return result

        setattr(Searcher, "search", timed_search)  # noqa: B010 - mypy: a method replaced
        after(ResultsList, "reset", reset)
        after(ResultsList, "render_line", drawn)
        after(SearchBar, "show_error", error_shown)
        after(MainScreen, "search_now", started_search)
        after(LetterText, "show", letter_shown)


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + GIVE_UP_S
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        await asyncio.sleep(0.001)


def phase_tui(args: argparse.Namespace) -> dict[str, Any]:
    queries: list[str] = json.loads(Path(args.queries).read_text())
    clock = Clock()
    clock.install()
    pauses = FullCollections()
    with TreeMemory() as memory, pauses:
        figures = asyncio.run(drive(Path(args.archive), queries, clock))
    figures["peak_mb"] = max(memory.peak_mb, peak_rss_mb())
    figures["queries"] = queries
    figures["full_gc"] = summary(pauses.ms)
    return figures


class FullCollections:
    """Pauses of Python's full (generation 2) garbage collections: the app stops for them."""

    def __init__(self) -> None:
        self.ms: list[float] = []
        self._started = 0.0

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif info["generation"] == 2:
            self.ms.append((time.perf_counter() - self._started) * 1000)


async def drive(archive: Path, queries: list[str], clock: Clock) -> dict[str, Any]:
    from archive.store import Store
    from tui.app import DispatchBoxApp
    from tui.widgets.reader import LetterText
    from tui.widgets.results import ResultsList
    from tui.widgets.searchbar import QueryInput

    started = time.perf_counter()
    store = Store(archive)
    app = DispatchBoxApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(lambda: bool(clock.painted), "the first results")
        first_applied = next(t for t, _q, total in clock.applied if total > 0)
        figures: dict[str, Any] = {
            "first_results_s": clock.painted[0][0] - started,
            "first_results_from_start_s": clock.painted[0][0] - PROCESS_STARTED,
            "first_applied_s": first_applied - started,
            "letters": app.searcher.letter_count,
        }
        screen = app.screen
        box = screen.query_one(QueryInput)
        keystroke_ms: list[float] = []
        search_ms: list[float] = []
        error_ms: list[float] = []
        slowest: list[tuple[float, str]] = []
        for query in queries:
            await pilot.press("slash", "end", "ctrl+u")
            await wait_for(lambda: box.value == "" and clock.painted[-1][1] == "", "a cleared list")
            for typed in range(1, len(query) + 1):
                if not box.has_focus:
                    # A unique reference found while typing opens its letter (and the reader
                    # takes the focus); a researcher would press / again to go on typing.
                    figures["focus_lost"] = figures.get("focus_lost", 0) + 1
                    await pilot.press("slash")
                wanted = query[:typed]
                mark = (len(clock.painted), len(clock.errors), len(clock.searches))
                pressed = time.perf_counter()
                await pilot.press(query[typed - 1])
                assert box.value == wanted, (box.value, wanted)

                def done(wanted: str = wanted, mark: tuple[int, int, int] = mark) -> bool:
                    return any(q == wanted for _t, q in clock.painted[mark[0] :]) or any(
                        q == wanted for _t, q in clock.errors[mark[1] :]
                    )

                await wait_for(done, f"results for {wanted!r}")
                painted = [t for t, q in clock.painted[mark[0] :] if q == wanted]
                search_start = next(t for t, q in clock.searches[mark[2] :] if q == wanted)
                if painted:
                    keystroke_ms.append((painted[0] - pressed) * 1000)
                    search_ms.append((painted[0] - search_start) * 1000)
                    slowest.append((search_ms[-1], wanted))
                else:
                    error = next(t for t, q in clock.errors[mark[1] :] if q == wanted)
                    error_ms.append((error - pressed) * 1000)
        figures["keystroke"] = summary(keystroke_ms)
        figures["search_to_results"] = summary(search_ms)
        figures["keystroke_to_error"] = summary(error_ms)
        figures["slowest_searches"] = sorted(slowest, reverse=True)[:5]
        prefixes = {query[:n] for query in queries for n in range(1, len(query) + 1)}
        figures["engine"] = summary([ms for ms, query in clock.engine if query in prefixes])

        # Open letters: from everything, move the cursor down a letter at a time.
        await pilot.press("slash", "end", "ctrl+u", "escape")
        await wait_for(lambda: clock.painted[-1][1] == "", "the whole archive listed")
        results = screen.query_one(ResultsList)
        reader = screen.query_one(LetterText)
        open_ms: list[float] = []
        for _ in range(OPENS):
            before = results.current
            pressed = time.perf_counter()
            await pilot.press("down")
            hit = results.current
            assert hit is not None and hit is not before

            def in_reader(letter_id: str = hit.letter_id) -> bool:
                return reader.letter is not None and reader.letter.id == letter_id

            await wait_for(in_reader, "the letter in the reader")
            shown = next(
                t for t, letter_id in reversed(clock.letters) if letter_id == hit.letter_id
            )
            open_ms.append((shown - pressed) * 1000)
        figures["open"] = summary(open_ms)
        await pilot.press("ctrl+q")
    return figures


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values, default=0.0),
    }


PHASES = {
    "generate": phase_generate,
    "import": phase_import,
    "queries": phase_queries,
    "tui": phase_tui,
}


# -- orchestration --------------------------------------------------------------------------------


def bench_size(count: int, work: Path, seed: int) -> dict[str, Any]:
    me = Path(__file__)
    letters, archive = work / f"letters-{count}", work / f"archive-{count}"
    results: dict[str, Any] = {"count": count}
    results["generate"] = run_phase(me, "generate", count=count, letters=letters, seed=seed)
    results["import"] = run_phase(me, "import", letters=letters, archive=archive)
    shutil.rmtree(letters)
    queries = work / f"queries-{count}.json"
    run_phase(me, "queries", archive=archive, output=queries)
    results["tui"] = run_phase(me, "tui", archive=archive, queries=queries)
    (archive / PAIRS_FILE).unlink()
    results["tui_pairing"] = run_phase(me, "tui", archive=archive, queries=queries)
    shutil.rmtree(archive)
    queries.unlink()
    return results


def report(results: dict[str, Any]) -> None:
    tui = results["tui"]

    def verdict(value: float, target: float) -> str:
        return "ok" if value <= target else "OVER"

    count, width, height = results["count"], *SIZE
    print(f"\n== {count:,} letters ({tui['letters']:,} indexed), the app at {width}x{height}")
    print(
        f"import with indexing: {results['import']['seconds']:.0f} s, "
        f"then pairing: {results['import']['pairing_seconds']:.0f} s"
    )
    first = tui["first_results_s"]
    print(
        f"{'first results (open archive -> first page drawn)':52} {first:8.2f} s  "
        f"target {TARGETS['first_results_s']:.0f} s  {verdict(first, TARGETS['first_results_s'])}"
        f"   (list filled at {tui['first_applied_s']:.2f} s; "
        f"{tui['first_results_from_start_s']:.2f} s with Python's imports)"
    )
    key, search, error, opened = (
        tui[k] for k in ("keystroke", "search_to_results", "keystroke_to_error", "open")
    )
    print(f"{'':52} {'p50':>8} {'p95':>8} {'max':>8}  {'target':>7}  {'n':>4}")
    rows = (
        ("keystroke -> results drawn (debounce included)", key, TARGETS["keystroke_p95_ms"]),
        ("search started -> results drawn (no debounce)", search, None),
        ("  of which the search itself (Searcher.search)", tui["engine"], None),
        ("keystroke -> query error shown", error, None),
        ("cursor onto a letter -> its text in the reader", opened, TARGETS["open_p95_ms"]),
        ("full garbage collections (the app stands still)", tui["full_gc"], None),
    )
    for label, figures, target in rows:
        shown_target = f"{target:5.0f}ms" if target else "      -"
        mark = verdict(figures["p95"], target) if target else ""
        print(
            f"{label:52} {figures['p50']:6.1f}ms {figures['p95']:6.1f}ms {figures['max']:6.1f}ms  "
            f"{shown_target}  {figures['n']:>4}  {mark}"
        )
    peak = tui["peak_mb"]
    limit = TARGETS["peak_mb"]
    label = "peak memory of the app (PSS)"
    print(f"{label:52} {peak:6.0f} MB   target {limit} MB  {verdict(peak, limit)}")
    print("queries typed: " + " | ".join(tui["queries"]))
    slow = ", ".join(f"{query!r} {ms:.0f} ms" for ms, query in tui["slowest_searches"])
    print(f"slowest searches (started -> drawn): {slow}")
    if tui.get("focus_lost"):
        print(f"the search box lost the focus {tui['focus_lost']} time(s) while typing")
    again = results["tui_pairing"]
    print(
        "with the pairing to redo at start (its cache deleted; paired in another process):\n"
        f"  first results {again['first_results_s']:.2f} s, keystroke -> results p50 "
        f"{again['keystroke']['p50']:.1f} ms / p95 {again['keystroke']['p95']:.1f} ms / max "
        f"{again['keystroke']['max']:.0f} ms, open p95 {again['open']['p95']:.1f} ms, "
        f"peak {again['peak_mb']:.0f} MB (app and pairing process together)"
    )


def main() -> None:
    args = parse_args(__doc__ or "", PHASES, ("letters", "archive", "queries", "output"))
    if args is not None:
        run_sizes(args, "tui", lambda size, work: bench_size(size, work, args.seed), report)


if __name__ == "__main__":
    main()
