"""Two versions of the search code timed at the same moment, on the same archive and queries.

On a shared machine the load moves between one run and the next by more than a code change
saves; two processes running side by side share whatever load there is, so the ratio of
their times is the change's own. Each query's CPU time (``time.process_time``) is reported
beside its wall time: on a loaded machine the wall time is mostly waiting for a core.
Export the old code first (``git archive OLD | tar -x -C DIR``), then:

    python bench/side_by_side.py --old DIR --archive A --queries Q [--runs 100]

``A`` and ``Q`` as ``bench_search.py --reuse`` keeps them (``archive-N``, ``queries-N.json``).
Each side is a fresh interpreter whose imports come from its own tree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import distribution, load_average, load_text  # noqa: E402


def measure(tree: Path, archive: Path, queries: Path, runs: int) -> dict[str, Any]:
    """In a child whose ``sys.path`` starts at ``tree``: each kind's first ``runs`` queries,
    wall and CPU milliseconds."""
    sys.path.insert(0, str(tree))
    from archive.store import Store
    from index import searcher as searcher_module
    from index.searcher import Searcher

    if not Path(searcher_module.__file__ or "").is_relative_to(tree):
        raise SystemExit(f"the search code came from {searcher_module.__file__}, not {tree}")
    chosen: dict[str, list[str]] = json.loads(queries.read_text())
    searcher = Searcher(Store(archive))
    searcher.search("qqqwarmupqqq", limit=20)
    figures: dict[str, Any] = {}
    for kind, batch in chosen.items():
        times, cpu = [], []
        for query in batch[:runs]:
            sort = "-date" if kind == "date range" else "relevance"
            started, cpu_started = time.perf_counter(), time.process_time()
            searcher.search(query, limit=20, sort=sort)
            cpu.append((time.process_time() - cpu_started) * 1000)
            times.append((time.perf_counter() - started) * 1000)
        figures[kind] = distribution(times) | {"cpu": distribution(cpu)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--old", type=Path, help="the old code's tree")
    parser.add_argument("--new", type=Path, default=ROOT, help="the new code's tree (this one)")
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.archive, args.queries, args.runs)))
        return
    if args.old is None:
        parser.error("--old is required")
    before = load_average()
    common = ["--archive", str(args.archive), "--queries", str(args.queries)]
    common += ["--runs", str(args.runs)]
    children = {
        name: subprocess.Popen(
            [sys.executable, __file__, "--child", str(tree.resolve()), *common],
            stdout=subprocess.PIPE,
            text=True,
            cwd=tree,
            env={**os.environ, "PYTHONPATH": str(tree.resolve())},
        )
        for name, tree in (("old", args.old), ("new", args.new))
    }
    results = {name: json.loads(child.communicate()[0]) for name, child in children.items()}
    for label, pick in (("wall", lambda f: f), ("CPU", lambda f: f["cpu"])):
        print(
            f"{label + ' time':16} {'old p50':>8} {'p95':>8} {'new p50':>8} {'p95':>8} "
            f"{'p50 new/old':>11} {'p95 new/old':>11}"
        )
        for kind, old_figures in results["old"].items():
            old, new = pick(old_figures), pick(results["new"][kind])
            print(
                f"{kind:16} {old['p50']:7.2f}ms {old['p95']:7.2f}ms {new['p50']:7.2f}ms "
                f"{new['p95']:7.2f}ms {_ratio(new['p50'], old['p50']):10.2f}x "
                f"{_ratio(new['p95'], old['p95']):10.2f}x"
            )
    print(f"{args.runs} queries a kind, both sides at once; " + load_text(before, load_average()))


def _ratio(new: float, old: float) -> float:
    return new / old if old else float("inf")


if __name__ == "__main__":
    main()
