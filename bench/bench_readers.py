"""Reader benchmark: CPU milliseconds a file to read each format, against another checkout.

The same files are read by this tree's readers and by a baseline tree's (for example main,
written out with ``git archive main | tar -x -C /tmp/base``), each in a fresh process,
alternating, so both see the same machine; CPU time, not wall time, since the machine is
shared. Letters come from ``--letters`` (a generated archive: see bench_archive.py's
``--phase generate``), at most ``--per-format`` files of each format.

    python bench/bench_readers.py --letters /tmp/letters-2000 --baseline /tmp/base
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(tree: str, letters: str, per_format: int) -> dict[str, float]:
    """Milliseconds of CPU a file, per format, for the readers of ``tree`` (in this process)."""
    sys.path.insert(0, tree)
    import archive.readers
    from archive.readers import ReadError, format_for, read_bytes

    # An editable install must not slip this tree's readers in for the baseline's.
    assert Path(archive.readers.__file__ or "").resolve().is_relative_to(Path(tree).resolve())

    files: dict[str, list[bytes]] = defaultdict(list)
    for path in sorted(Path(letters).rglob("*")):
        fmt = format_for(path)
        if fmt and path.is_file() and len(files[fmt]) < per_format:
            files[fmt].append(path.read_bytes())
    figures = {}
    for fmt, datas in sorted(files.items()):
        for data in datas[:3]:  # imports and first-use costs out of the figure
            try:
                read_bytes(data, fmt)
            except ReadError:
                pass
        started = time.process_time()
        for data in datas:
            try:
                read_bytes(data, fmt)
            except ReadError:
                pass
        figures[fmt] = (time.process_time() - started) * 1000 / len(datas)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--letters", required=True)
    parser.add_argument("--baseline", help="a checkout of the baseline tree (required)")
    parser.add_argument("--per-format", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--tree", help=argparse.SUPPRESS)  # set for the child process
    args = parser.parse_args()
    if args.tree:
        print(json.dumps(measure(args.tree, args.letters, args.per_format)))
        return
    if not args.baseline:
        parser.error("--baseline is required")
    load_before = os.getloadavg()
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "baseline": []}
    for _ in range(args.rounds):
        for name, tree in (("baseline", args.baseline), ("ours", str(ROOT))):
            command = [sys.executable, __file__, "--letters", args.letters, "--tree", tree]
            command += ["--per-format", str(args.per_format)]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            runs[name].append(json.loads(out.strip().splitlines()[-1]))
    load_after = os.getloadavg()
    print(f"CPU ms a file, mean of {args.rounds} rounds (ours / baseline = ratio)")
    for fmt in sorted(runs["ours"][0]):
        ours = sum(run[fmt] for run in runs["ours"]) / args.rounds
        base = sum(run.get(fmt, 0.0) for run in runs["baseline"]) / args.rounds
        ratio = f"x{ours / base:.2f}" if base else "-"
        print(f"  {fmt:5} {ours:7.3f} / {base:7.3f} = {ratio}")
    print(
        "load average "
        + "/".join(f"{v:.2f}" for v in load_before)
        + " before, "
        + "/".join(f"{v:.2f}" for v in load_after)
        + f" after ({os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main()
