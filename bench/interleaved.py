"""Two versions of the search code in one process, each query run by both in turn (paired).

``side_by_side.py`` runs the two codes in two processes at once: on a machine at load 15
its CPU times moved by 20-30% between runs of the same two codes, as the processes met
different neighbours. Here one process imports both trees (each under its own modules),
and each query is run by the old code and the new in a random order, so both meet the
same load within milliseconds; the median of the per-query ratios is the change's own
(two copies of one tree came out within 5% of each other at load 10). Then:

    python bench/interleaved.py --old DIR --archive A --queries Q [--new DIR]

``A`` and ``Q`` as ``bench_search.py --reuse`` keeps them (``archive-N``, ``queries-N.json``);
export the old code with ``git archive OLD | tar -x -C DIR``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import load_average, load_text, percentile  # noqa: E402

#: The packages a tree's search code is imported from (each tree's own copy).
PACKAGES = ("archive", "index")


def searcher_of(tree: Path, archive: Path) -> Any:
    """A searcher of ``archive`` built by ``tree``'s code (imported afresh from it)."""
    for name in list(sys.modules):
        if name.split(".")[0] in PACKAGES:
            del sys.modules[name]
    sys.path.insert(0, str(tree))
    try:
        store_module = importlib.import_module("archive.store")
        searcher_module = importlib.import_module("index.searcher")
    finally:
        sys.path.remove(str(tree))
    if not Path(searcher_module.__file__ or "").is_relative_to(tree):
        raise SystemExit(f"the search code came from {searcher_module.__file__}, not {tree}")
    searcher = searcher_module.Searcher(store_module.Store(archive))
    searcher.search("qqqwarmupqqq", limit=20)
    return searcher


def measure(
    searchers: dict[str, Any], chosen: dict[str, list[str]], runs: int, seed: int
) -> dict[str, dict[str, list[float]]]:
    """Each kind's CPU milliseconds (this thread's) per query, by side, in query order."""
    rng = random.Random(seed)
    figures: dict[str, dict[str, list[float]]] = {}
    for kind, batch in chosen.items():
        sort = "-date" if kind == "date range" else "relevance"
        times: dict[str, list[float]] = {name: [] for name in searchers}
        for query in batch[:runs]:
            order = list(searchers)
            rng.shuffle(order)
            for name in order:
                started = time.thread_time()
                searchers[name].search(query, limit=20, sort=sort)
                times[name].append((time.thread_time() - started) * 1000)
        figures[kind] = times
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the old code's tree")
    parser.add_argument("--new", type=Path, default=ROOT, help="the new code's tree (this one)")
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=200, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=1, help="for the order of each pair")
    args = parser.parse_args()
    before = load_average()
    searchers = {
        "old": searcher_of(args.old.resolve(), args.archive),
        "new": searcher_of(args.new.resolve(), args.archive),
    }
    chosen: dict[str, list[str]] = json.loads(args.queries.read_text())
    figures = measure(searchers, chosen, args.runs, args.seed)
    print(
        f"{'CPU time':16} {'old p50':>8} {'p95':>8} {'new p50':>8} {'p95':>8} "
        f"{'p50 new/old':>11} {'p95 new/old':>11} {'median ratio':>12}"
    )
    for kind, times in figures.items():
        old, new = times["old"], times["new"]
        ratios = [n / o for o, n in zip(old, new, strict=True) if o]
        o50, o95 = percentile(old, 0.5), percentile(old, 0.95)
        n50, n95 = percentile(new, 0.5), percentile(new, 0.95)
        print(
            f"{kind:16} {o50:7.2f}ms {o95:7.2f}ms {n50:7.2f}ms {n95:7.2f}ms "
            f"{n50 / o50:10.2f}x {n95 / o95:10.2f}x {percentile(ratios, 0.5):11.2f}x"
        )
    print(
        f"{args.runs} queries a kind, each run by both codes in turn in one process; "
        + load_text(before, load_average())
    )


if __name__ == "__main__":
    main()
