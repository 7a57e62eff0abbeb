"""Time building the search index of an archive: this code against another commit's, in turns.

    python bench/bench_index.py --archive DIR [--baseline main] [--rounds 2] [--procs N]

Each build runs in a fresh process on its own copy of the archive (made under a temporary
folder and removed at the end), with the index removed first, so both sides do the same
work; the two sides alternate, so a change in the machine's load falls on both. Printed
per build: letters/s, CPU ms per letter (the parent, and the writer processes), the index's
size on disk and its number of files, and the load average before and after; then each
side's median and the ratio. CPU per letter moves less than wall time on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, load_average, load_text  # noqa: E402

BUILD = """
import json, os, resource, shutil, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from archive.store import Store
from index.writer import current_location, sync

def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime

archive = Path(sys.argv[2])
procs = int(sys.argv[3]) if sys.argv[3] != "-" else None
shutil.rmtree(archive / "index", ignore_errors=True)
store = Store(archive)
started, before = time.perf_counter(), cpu()
report = sync(store, rebuild=True, **({} if procs is None else {"procs": procs}))
seconds, after = time.perf_counter() - started, cpu()
folder = current_location(store)[0]
print(json.dumps({
    "letters": report.added,
    "seconds": seconds,
    "parent_ms": (after[0] - before[0]) * 1000 / max(1, report.added),
    "writers_ms": (after[1] - before[1]) * 1000 / max(1, report.added),
    "size_mb": sum(f.stat().st_size for f in folder.iterdir()) / 1e6,
    "files": len(list(folder.iterdir())),
}))
"""


def export(revision: str, folder: Path) -> Path:
    """The code of ``revision`` (a commit, branch or tag of this repository) in ``folder``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True
    ).stdout
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def build(code: Path, archive: Path, procs: int | None) -> dict[str, Any]:
    before = load_average()
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(code), str(archive), str(procs or "-")],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = load_text(before, load_average())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--archive", type=Path, required=True, help="an archive (not changed)")
    parser.add_argument("--baseline", default="main", help="commit to compare with (main)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--procs", type=int, default=None, help="writer processes (cpu count)")
    args = parser.parse_args()
    if not (args.archive / "letters.jsonl").exists():
        parser.error(f"{args.archive}: not an archive (no letters.jsonl)")
    with tempfile.TemporaryDirectory(prefix="dispatchbox-bench-index-") as temporary:
        work = Path(temporary)
        sides = {"this code": ROOT, f"baseline {args.baseline}": export(args.baseline, work / "b")}
        copies = {}
        for number, name in enumerate(sides):
            copies[name] = work / f"archive-{number}"
            shutil.copytree(args.archive, copies[name], ignore=shutil.ignore_patterns("index"))
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
        for round_number in range(args.rounds):
            order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
            for name in order:
                result = build(sides[name], copies[name], args.procs)
                results[name].append(result)
                print(
                    f"{name:>20}: {result['letters'] / result['seconds']:7.1f} letters/s "
                    f"({result['seconds']:.1f} s), CPU {result['parent_ms']:.2f} + "
                    f"{result['writers_ms']:.2f} ms/letter, {result['size_mb']:.1f} MB in "
                    f"{result['files']} files, {result['load']}",
                    flush=True,
                )
    medians = {
        name: (
            statistics.median(r["letters"] / r["seconds"] for r in runs),
            statistics.median(r["parent_ms"] + r["writers_ms"] for r in runs),
        )
        for name, runs in results.items()
    }
    (ours, our_cpu), (theirs, their_cpu) = medians.values()
    print(
        f"median: {ours:.1f} against {theirs:.1f} letters/s (x{ours / theirs:.2f}); "
        f"CPU {our_cpu:.2f} against {their_cpu:.2f} ms/letter (x{their_cpu / our_cpu:.2f})"
    )


if __name__ == "__main__":
    main()
