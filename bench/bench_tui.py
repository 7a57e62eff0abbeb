"""TUI benchmark: the workbench driven headless on generated 10k and 100k archives.

What a researcher feels, measured inside the app (Textual's pilot, 200x60, no terminal):

- first results: from opening the archive to the first page of the results list drawn;
- keystroke to results, as a person types: each query is typed in bursts (a word, keys 80-150
  ms apart, a burst never waiting for results), until at least ``--bursts`` (200) typed bursts
  drew their results, over distinct queries; other queries, ``--pasted`` (60) of them, are
  pasted on top (keys 30 ms apart) and reported apart; the time from the last key of a burst
  to the final results for what is then in the box drawn on screen, with stale searches for
  earlier keys possibly still running (thread workers cannot be stopped mid-search) and the
  debounce merging keys, as they do for the researcher;
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
import os
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: Before the app's own imports (textual, whoosh...), which "first results" also counts.
PROCESS_STARTED = time.perf_counter()

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.pairing.cache import PAIRS_FILE, Threads  # noqa: E402
from bench.common import (  # noqa: E402
    TreeMemory,
    distribution,
    load_average,
    parse_args,
    peak_rss_mb,
    phase_generate,
    run_phase,
    run_sizes,
)

TARGETS = {"first_results_s": 2.0, "keystroke_p95_ms": 100.0, "open_p95_ms": 100.0, "peak_mb": 800}
#: Gaps between the keys of a typed burst (seconds, drawn uniformly) and of a paste.
TYPED_GAP = (0.08, 0.15)
PASTED_GAP = 0.03
#: A pause after a burst's results are drawn, as the researcher reads them.
THINK = (0.1, 0.4)
#: At least this many typed bursts with results drawn, over varied queries (each query drawn
#: without repeats); pasted queries come on top, others again, and are reported apart.
BURSTS = 200
PASTED = 60
#: One query in this many is pasted, while pasted ones are left.
PASTE_EVERY = 4
SIZE = (200, 60)
OPENS = 30
#: Longest wait for any one thing before the phase gives up (a hang, not a slow result).
GIVE_UP_S = 60.0


# -- phases ---------------------------------------------------------------------------------------


def phase_import(args: argparse.Namespace) -> dict[str, Any]:
    from archive.store import Store
    from index.pipeline import run_import

    store = Store(Path(args.archive), create=True)
    summary = run_import(store, [Path(args.letters)])  # as `dispatchbox import` does
    return {
        "letters": summary.imported,
        "seconds": summary.stage_time("import") + summary.stage_time("index"),
        "pairing_seconds": summary.stage_time("pair"),
    }


def phase_queries(args: argparse.Namespace) -> dict[str, Any]:
    """Queries a researcher would type, drawn from the archive itself without repeats: words,
    two and three words, phrases, fields (MP, area, date) and references."""
    from archive.store import Store
    from index.compile import _tokens

    store = Store(Path(args.archive))
    rng = random.Random(args.seed)
    ids = store.ids()
    counts: Counter[str] = Counter()
    for letter_id in rng.sample(ids, min(500, len(ids))):
        counts.update({w.lower() for w in store.text(letter_id).split() if w.isalpha()})
    words = sorted(w for w, n in counts.items() if len(w) > 3 and n >= 3 and _tokens("body", w))
    records = list(store.iter_records())
    mps = sorted({r["metadata"]["mp"] for r in records if r.get("metadata", {}).get("mp")})
    areas = sorted({r["metadata"]["area"] for r in records if r.get("metadata", {}).get("area")})
    references = sorted(
        {ref for r in records for ref in r.get("metadata", {}).get("references", [])}
    )
    wanted = int(args.count or BURSTS)
    pasted = PASTED if args.pasted is None else int(args.pasted)
    plan = plan_queries(words, mps, areas, references, rng, wanted, pasted)
    Path(args.output).write_text(json.dumps(plan))
    return {
        "typed": len(plan["typed"]),
        "pasted": len(plan["pasted"]),
        "bursts": sum(len(_bursts(query, pasted=False)) for query in plan["typed"]),
    }


def plan_queries(
    words: list[str],
    mps: list[str],
    areas: list[str],
    references: list[str],
    rng: random.Random,
    bursts: int,
    pasted: int,
) -> dict[str, list[str]]:
    """Distinct queries: ``typed`` ones whose word bursts number at least ``bursts`` (and
    a reserve of a quarter more, for bursts that end in a query error rather than results),
    then ``pasted`` others, pasted whole; no query is in both or twice in one."""
    makers = (
        lambda: rng.choice(words),
        lambda: f"{rng.choice(words)} {rng.choice(words)}",
        lambda: f"{rng.choice(words)} {rng.choice(words)} {rng.choice(words)}",
        lambda: f'"{rng.choice(words)} {rng.choice(words)}"',
        lambda: f"mp:{rng.choice(mps).split()[-1].lower()} {rng.choice(words)}",
        lambda: f'area:"{rng.choice(areas)}"' if areas else rng.choice(words),
        lambda: f"{rng.choice(words)} date:{rng.randint(2010, 2023)}..{rng.randint(2019, 2024)}",
        lambda: rng.choice(references) if references else rng.choice(words),
    )
    seen: set[str] = set()
    typed: list[str] = []
    pasted_queries: list[str] = []
    typed_bursts, tries = 0, 0
    enough = bursts + (bursts + 3) // 4
    while (typed_bursts < enough or len(pasted_queries) < pasted) and tries < 20 * (
        enough + pasted
    ):
        tries += 1
        query = rng.choice(makers)()
        if query in seen:
            continue
        seen.add(query)
        if typed_bursts < enough:
            typed.append(query)
            typed_bursts += len(_bursts(query, pasted=False))
        else:
            pasted_queries.append(query)
    if typed_bursts < bursts:
        raise SystemExit(f"only {typed_bursts} distinct typed bursts found; {bursts} wanted")
    return {"typed": typed, "pasted": pasted_queries}


def _bursts(query: str, pasted: bool) -> list[str]:
    """The bursts a query is typed in: a word each (its space first), or all at once."""
    if pasted:
        return [query]
    parts = query.split(" ")
    return [parts[0]] + [" " + part for part in parts[1:]]


class Clock:
    """Timestamps of what the app did, recorded by wrapping the methods that do it."""

    def __init__(self) -> None:
        self.applied: list[tuple[float, str, int]] = []  # (time, query, total): list reset
        self.painted: list[tuple[float, str]] = []  # (time, query): a loaded row drawn
        self.painted_cpu: list[float] = []  # the app's CPU time (s) at each of those
        self.errors: list[tuple[float, str]] = []  # (time, query): a query error shown
        self.searches: list[tuple[float, str]] = []  # (time, query): a search started
        self.letters: list[tuple[float, str]] = []  # (time, letter id): text in the reader
        self.engine: list[tuple[float, str]] = []  # (ms, query): Searcher.search, page one
        #: (time, query): a search for a first page entered Searcher.search (whatever the app's
        #: scheduling: a search the app queued and dropped never gets here).
        self.ran: list[tuple[float, str]] = []
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

        def reset(results: Any, total: int, *_: Any, **__: Any) -> None:
            query = results.screen.query_text
            clock.applied.append((now(), query, total))
            clock._painting_for = query

        def drawn(results: Any, y: int) -> None:
            # The first line drawn after a reset is the new list on its way to the screen.
            if clock._painting_for is not None:
                clock.painted.append((now(), clock._painting_for))
                clock.painted_cpu.append(time.process_time())
                clock._painting_for = None

        def started_search(screen: Any, *_: Any, **__: Any) -> None:
            clock.searches.append((now(), screen.query_text))

        def error_shown(bar: Any, query: str, *_: Any) -> None:
            clock.errors.append((now(), query))

        def letter_shown(reader: Any, letter: Any, *_: Any) -> None:
            clock.letters.append((now(), letter.id))

        search = Searcher.search

        def timed_search(searcher: Any, query: str, **options: Any) -> Any:
            # A first page (not a later page, nor a count of the facets alone, limit 0).
            first = not options.get("offset") and options.get("limit", 20) > 0
            started = now()
            if first:
                clock.ran.append((started, query))
            result = search(searcher, query, **options)
            if first:
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
    plan: dict[str, list[str]] = json.loads(Path(args.queries).read_text())
    bursts = int(args.count or BURSTS)
    loaded_before = load_average()
    clock = Clock()
    clock.install()
    pauses = FullCollections()
    with DescendantMemory() as memory, pauses:
        figures = asyncio.run(drive(Path(args.archive), plan, bursts, clock))
    figures["peak_mb"] = max(memory.peak_mb, peak_rss_mb())
    figures["full_gc"] = distribution(pauses.ms)
    figures["gc"] = pauses.figures()
    figures["load"] = [loaded_before, load_average()]
    return figures


class DescendantMemory(TreeMemory):
    """``TreeMemory``, finding the descendants from each process's list of children.

    The sampler runs in a thread of the app's own process: walking every process's status
    file took about 100 ms of CPU a sample on a busy machine, taken from the app it measures.
    """

    @staticmethod
    def _sample() -> float:
        from bench.common import _pss_kb

        total, waiting = 0, [os.getpid()]
        while waiting:
            pid = waiting.pop()
            total += _pss_kb(pid, {})
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as children:
                        waiting += [int(child) for child in children.read().split()]
            except OSError:
                continue
        return total / 1024


class FullCollections:
    """Pauses of Python's full (generation 2) garbage collections: the app stops for them.

    Also counted: every collection and its time per generation, and at the end how many
    objects the collector still walks (not frozen) and how many ``gc.freeze`` set aside.
    """

    def __init__(self) -> None:
        self.ms: list[float] = []
        self.count = [0, 0, 0]
        self.total_ms = [0.0, 0.0, 0.0]
        self.cpu_ms = [0.0, 0.0, 0.0]
        self.walked = 0
        self.frozen = 0
        self.kinds: list[tuple[str, int]] = []
        self.largest: list[tuple[int, str]] = []
        self._started = self._started_cpu = 0.0

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._note)
        walked = gc.get_objects()
        self.walked = len(walked)
        self.frozen = gc.get_freeze_count()
        kinds = Counter(type(thing).__qualname__ for thing in walked)
        self.kinds = kinds.most_common(8)
        # A container's items are visited one by one: a long list costs as much as its items.
        sized = [(len(thing), type(thing).__qualname__) for thing in walked if _sized(thing)]
        self.largest = sorted(sized, reverse=True)[:5]

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started, self._started_cpu = time.perf_counter(), time.thread_time()
            return
        took = (time.perf_counter() - self._started) * 1000
        generation = info["generation"]
        self.count[generation] += 1
        self.total_ms[generation] += took
        # The collecting thread's CPU time: what the collection cost whatever else ran.
        self.cpu_ms[generation] += (time.thread_time() - self._started_cpu) * 1000
        if generation == 2:
            self.ms.append(took)

    def figures(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "total_ms": [round(ms) for ms in self.total_ms],
            "cpu_ms": [round(ms) for ms in self.cpu_ms],
            "walked_at_end": self.walked,
            "frozen": self.frozen,
            "kinds": self.kinds,
            "largest": self.largest,
        }


def _sized(thing: object) -> bool:
    return isinstance(thing, list | dict | set | tuple)


def _in_turn(plan: dict[str, list[str]]) -> Iterator[tuple[str, bool]]:
    """The queries in the order they are entered, each with whether it is pasted: one in
    ``PASTE_EVERY`` pasted while pasted ones are left, then the rest of the typed ones."""
    typed, pasted = iter(plan["typed"]), list(plan["pasted"])
    number = 0
    for query in typed:
        number += 1
        if pasted and number % PASTE_EVERY == 0:
            yield pasted.pop(0), True
            number += 1
        yield query, False
    for query in pasted:
        yield query, True


async def drive(
    archive: Path, plan: dict[str, list[str]], bursts: int, clock: Clock
) -> dict[str, Any]:
    """Type the plan's queries until ``bursts`` typed bursts drew their final results and
    every pasted query was entered."""
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
        rng = random.Random(7)
        typed_ms: list[float] = []
        pasted_ms: list[float] = []
        #: The app process's CPU time (all its threads, and this harness's polling) from the
        #: last key to the final results: what the wait cost whatever else the machine ran.
        typed_cpu_ms: list[float] = []
        search_ms: list[float] = []
        error_ms: list[float] = []
        stale = 0
        #: Searches asked for (the screen's ``search_now``) and run (``Searcher.search``
        #: entered) from a typed burst's first key until its final results show.
        searches_per_burst: list[float] = []
        ran_per_burst: list[float] = []
        slowest: list[tuple[float, str]] = []
        entered: list[tuple[str, bool]] = []
        for query, pasted in _in_turn(plan):
            if not pasted and len(typed_ms) >= bursts:
                continue  # enough typed bursts: only the pasted queries left are entered
            entered.append((query, pasted))
            await pilot.press("slash", "end", "ctrl+u")
            await wait_for(lambda: box.value == "" and clock.painted[-1][1] == "", "a cleared list")
            for burst in _bursts(query, pasted):
                mark = (len(clock.painted), len(clock.errors), len(clock.searches))
                ran_mark = len(clock.ran)
                next_key = time.perf_counter()
                for key in burst:
                    await asyncio.sleep(max(0.0, next_key - time.perf_counter()))
                    if not box.has_focus:
                        # A unique reference found while typing opens its letter (and the
                        # reader takes the focus); a researcher presses / again to go on.
                        figures["focus_lost"] = figures.get("focus_lost", 0) + 1
                        await pilot.press("slash")
                    # Timed from when the key is sent: the pilot's press returns only once
                    # the app has handled it, by when its results may already be drawn.
                    last_key, last_key_cpu = time.perf_counter(), time.process_time()
                    await pilot.press(key if key != " " else "space")
                    next_key = last_key + (PASTED_GAP if pasted else rng.uniform(*TYPED_GAP))
                wanted = box.value
                searching = any(q != wanted for _t, q in clock.searches[mark[2] :])

                def done(wanted: str = wanted, mark: tuple[int, int, int] = mark) -> bool:
                    return any(q == wanted for _t, q in clock.painted[mark[0] :]) or any(
                        q == wanted for _t, q in clock.errors[mark[1] :]
                    )

                await wait_for(done, f"results for {wanted!r}")
                painted = [t for t, q in clock.painted[mark[0] :] if q == wanted]
                if painted:
                    (pasted_ms if pasted else typed_ms).append((painted[-1] - last_key) * 1000)
                    if not pasted:
                        final = max(i for i, (_t, q) in enumerate(clock.painted) if q == wanted)
                        typed_cpu_ms.append((clock.painted_cpu[final] - last_key_cpu) * 1000)
                    started_at = [t for t, q in clock.searches[mark[2] :] if q == wanted]
                    if started_at:
                        search_ms.append((painted[-1] - started_at[-1]) * 1000)
                        slowest.append((search_ms[-1], wanted))
                    stale += searching
                    if not pasted:
                        searches_per_burst.append(len(clock.searches) - mark[2])
                        ran_per_burst.append(len(clock.ran) - ran_mark)
                else:
                    error = next(t for t, q in clock.errors[mark[1] :] if q == wanted)
                    error_ms.append((error - last_key) * 1000)
                await asyncio.sleep(rng.uniform(*THINK))
        if len(typed_ms) < bursts:
            raise SystemExit(
                f"only {len(typed_ms)} typed bursts drew results ({bursts} wanted): "
                "plan more queries"
            )
        figures["typed_queries"] = [query for query, pasted in entered if not pasted]
        figures["pasted_queries"] = [query for query, pasted in entered if pasted]
        figures["keystroke"] = distribution(typed_ms)
        figures["pasted"] = distribution(pasted_ms)
        figures["keystroke_cpu"] = distribution(typed_cpu_ms)
        figures["bursts_after_stale_search"] = stale
        figures["searches_per_burst"] = distribution(searches_per_burst)
        figures["searches_run_per_burst"] = distribution(ran_per_burst)
        figures["search_to_results"] = distribution(search_ms)
        figures["keystroke_to_error"] = distribution(error_ms)
        figures["slowest_searches"] = sorted(slowest, reverse=True)[:5]
        prefixes = {query[:n] for query, _pasted in entered for n in range(1, len(query) + 1)}
        figures["engine"] = distribution([ms for ms, query in clock.engine if query in prefixes])

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
        figures["open"] = distribution(open_ms)
        await pilot.press("ctrl+q")
    return figures


def phase_pair(args: argparse.Namespace) -> dict[str, Any]:
    """Pair an archive imported without pairing (one ``bench_search.py --reuse`` kept)."""
    from archive.store import Store

    store = Store(Path(args.archive))
    started = time.perf_counter()
    Threads(store).update()
    return {
        "letters": len(store.ids()),
        "seconds": 0.0,
        "pairing_seconds": time.perf_counter() - started,
    }


PHASES = {
    "pair": phase_pair,
    "generate": phase_generate,
    "import": phase_import,
    "queries": phase_queries,
    "tui": phase_tui,
}


# -- orchestration --------------------------------------------------------------------------------


def bench_size(
    count: int,
    work: Path,
    seed: int,
    bursts: int = BURSTS,
    reuse: Path | None = None,
    pasted: int = PASTED,
) -> dict[str, Any]:
    """One size; with ``reuse``, the archive ``bench_search.py --reuse`` kept for this size
    and seed is used (paired here if it is not yet) instead of generating one."""
    me = Path(__file__)
    letters, archive = work / f"letters-{count}", work / f"archive-{count}"
    results: dict[str, Any] = {"count": count}
    kept = reuse / f"{count}-seed{seed}" / f"archive-{count}" if reuse else None
    if kept is not None and kept.is_dir():
        archive = kept
        results["import"] = run_phase(me, "pair", archive=archive)
    else:
        results["generate"] = run_phase(me, "generate", count=count, letters=letters, seed=seed)
        results["import"] = run_phase(me, "import", letters=letters, archive=archive)
        shutil.rmtree(letters)
    queries = work / f"queries-{count}.json"
    results["queries"] = run_phase(
        me, "queries", archive=archive, output=queries, seed=seed, count=bursts, pasted=pasted
    )
    results["tui"] = run_phase(me, "tui", archive=archive, queries=queries, count=bursts)
    (archive / PAIRS_FILE).unlink()
    results["tui_pairing"] = run_phase(me, "tui", archive=archive, queries=queries, count=bursts)
    if kept is None:
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
        ("typed burst: last key -> final results drawn", key, TARGETS["keystroke_p95_ms"]),
        ("pasted query: last key -> final results drawn", tui["pasted"], None),
        ("  app process CPU (harness too) in a typed burst's wait", tui["keystroke_cpu"], None),
        ("final search started -> results drawn", search, None),
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
    per_burst = tui["searches_per_burst"]
    print(
        f"searches asked for per typed burst: p50 {per_burst['p50']:.0f}, p95 "
        f"{per_burst['p95']:.0f}, max {per_burst['max']:.0f}"
    )
    ran = tui.get("searches_run_per_burst")
    if ran:
        print(
            f"searches run (Searcher.search entered) per typed burst: p50 {ran['p50']:.0f}, "
            f"p95 {ran['p95']:.0f}, max {ran['max']:.0f}"
        )
    collections = tui["gc"]
    print(
        "garbage collections (generation 0/1/2): "
        + "/".join(str(n) for n in collections["count"])
        + ", taking "
        + "/".join(f"{ms} ms" for ms in collections["total_ms"])
        + " (CPU "
        + "/".join(f"{ms} ms" for ms in collections["cpu_ms"])
        + ")"
        + f"; at the end {collections['walked_at_end']:,} objects walked by a full "
        f"collection, {collections['frozen']:,} frozen"
    )
    peak = tui["peak_mb"]
    limit = TARGETS["peak_mb"]
    label = "peak memory of the app (PSS)"
    print(f"{label:52} {peak:6.0f} MB   target {limit} MB  {verdict(peak, limit)}")
    typed, pasted = tui["typed_queries"], tui["pasted_queries"]
    print(
        f"{len(typed)} distinct queries typed in {key['n']} bursts with results (keys 80-150 "
        f"ms apart), {len(pasted)} others pasted ({tui['pasted']['n']} with results; keys 30 "
        f"ms apart); {tui['bursts_after_stale_search']} bursts had an earlier search for the "
        "same burst started. Typed, e.g. " + " | ".join(typed[:6])
    )
    print("pasted, e.g. " + " | ".join(pasted[:4]))
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
    def more(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--bursts",
            type=int,
            default=BURSTS,
            help=f"typed bursts with results drawn, at least (default {BURSTS})",
        )
        parser.add_argument(
            "--pasted",
            type=int,
            help=f"queries pasted on top of the typed ones (default {PASTED})",
        )
        parser.add_argument(
            "--reuse",
            type=Path,
            help="use the archives `bench_search.py --reuse` kept in this folder (same sizes "
            "and seed) instead of generating and importing them again",
        )

    args = parse_args(__doc__ or "", PHASES, ("letters", "archive", "queries", "output"), more)
    if args is not None:
        run_sizes(
            args,
            "tui",
            lambda size, work: bench_size(
                size,
                work,
                args.seed,
                args.bursts,
                args.reuse,
                PASTED if args.pasted is None else args.pasted,
            ),
            report,
        )


if __name__ == "__main__":
    main()
