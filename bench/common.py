"""What the benchmark scripts share: phases in fresh processes, memory, percentiles."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    """Peak resident memory of this process and of its waited-for children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


class TreeMemory:
    """Samples the summed resident memory of this process and all its descendants.

    Worker pools run in grandchildren (a fork server's children) that ``getrusage`` does
    not see; walking /proc every so often does.
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self._sample())

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_mb = max(self.peak_mb, self._sample())

    @staticmethod
    def _sample() -> float:
        """Summed proportional memory (PSS): forked children share pages with their parent,
        and plain RSS would count those pages once per process."""
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    raw = stat.read()
                # "pid (name) state ppid ...": the name may hold spaces and parentheses.
                parents[int(entry)] = int(raw[raw.rindex(b")") + 2 :].split()[1])
            except (OSError, ValueError, IndexError):
                continue
        me = os.getpid()
        total = 0
        for pid in parents:
            walk = pid
            while walk and walk != me:
                walk = parents.get(walk, 0)
            # PSS of this process's tree alone: reading it (and each status) for every
            # process on a shared machine cost 14% of a core, which the measured import's CPU
            # figures absorbed.
            if walk == me:
                total += _pss_kb(pid, {})
        return total / 1024


def _pss_kb(pid: int, status: dict[str, str]) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    if not status:
        try:
            with open(f"/proc/{pid}/status") as lines:
                status = dict(line.split(":", 1) for line in lines if ":" in line)
        except OSError:
            return 0
    return int(status.get("VmRSS", "0 kB").split()[0] or 0)


def run_phase(script: Path, name: str, **options: Any) -> dict[str, Any]:
    """Run ``script --phase name --key value...`` in a fresh interpreter; return its JSON."""
    command = [sys.executable, str(script), "--phase", name]
    for key, value in options.items():
        command += [f"--{key}", str(value)]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def distribution(values: list[float]) -> dict[str, float]:
    """How many, the median, the 95th percentile and the largest of ``values``."""
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values, default=0.0),
    }


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def phase_generate(args: argparse.Namespace) -> dict[str, Any]:
    """Write a generated archive of ``--count`` letters to ``--letters`` (seeded), a share of
    them as PDF, Word and e-mail files (``--formats``; see ``bench/formats.py``)."""
    from archive.generator import generate_archive
    from bench.formats import mix_formats, parse_shares

    started = time.perf_counter()
    report = generate_archive(args.count, Path(args.letters), seed=args.seed)
    report = mix_formats(report, parse_shares(args.formats), args.seed)
    if getattr(args, "truth", None):
        report.write_truth(Path(args.truth))
    return {
        "files": len(report.letters),
        "formats": dict(Counter(Path(letter.file).suffix for letter in report.letters)),
        "seconds": time.perf_counter() - started,
    }


def load_average() -> tuple[float, float, float]:
    """The machine's load average (1, 5 and 15 minutes): how busy it was while measuring."""
    one, five, fifteen = os.getloadavg()
    return (round(one, 2), round(five, 2), round(fifteen, 2))


def load_text(before: Sequence[float], after: Sequence[float]) -> str:
    return (
        f"load average {before[0]:.2f}/{before[1]:.2f}/{before[2]:.2f} before, "
        f"{after[0]:.2f}/{after[1]:.2f}/{after[2]:.2f} after "
        f"({os.cpu_count()} CPUs; above that, other work shared the machine)"
    )


def parse_stage_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """The arguments of a script that says where one stage's CPU goes, with --code (the
    checkout whose code is measured, by default this one) and --rounds (the best of how
    many) added; the product is then imported from --code."""
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout to measure")
    parser.add_argument("--rounds", type=int, default=3, help="keep the best of this many")
    args = parser.parse_args()
    _use_code(parser, args.code)
    return args


def _use_code(parser: argparse.ArgumentParser, code: Path) -> None:
    """Import the product from ``code``; stop if an editable install slips another in."""
    sys.path.insert(0, str(code.resolve()))
    import archive

    imported = Path(archive.__file__ or "").resolve().parent.parent
    if imported != code.resolve():
        parser.error(f"archive was imported from {imported}, not {code}")


def print_per_letter(figures: Mapping[str, float], before: Sequence[float]) -> None:
    """Each stage's CPU in ms a letter, then the load average over the run."""
    for label, spent in figures.items():
        print(f"{spent:7.3f} ms/letter  {label}")
    print(load_text(before, load_average()))


#: What share of the generated letters become PDF, Word and e-mail files unless
#: ``--formats`` says otherwise (children read it, as they are given no ``--formats``).
FORMATS_VARIABLE = "DISPATCHBOX_BENCH_FORMATS"
DEFAULT_FORMATS = "pdf=0.2,docx=0.1,eml=0.1"


Phase = Callable[[argparse.Namespace], dict[str, Any]]


def parse_args(
    description: str,
    phases: Mapping[str, Phase],
    paths: Sequence[str],
    more: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace | None:
    """The options every benchmark takes (``paths`` name its folder and file options).

    With ``--phase``, runs that phase here, prints its JSON line and returns None (this is
    how ``run_phase`` calls the script); else returns the options for a whole run.
    """
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--phase", choices=sorted(phases))
    parser.add_argument("--count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    for option in paths:
        parser.add_argument(f"--{option}")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--formats",
        default=os.environ.get(FORMATS_VARIABLE, DEFAULT_FORMATS),
        help=f"shares of generated letters written as PDF, Word and e-mail files "
        f"(default {DEFAULT_FORMATS}; 'none' for text only)",
    )
    if more is not None:
        more(parser)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phases[args.phase](args)))
        return None
    return args


def run_sizes(
    args: argparse.Namespace,
    name: str,
    measure: Callable[[int, Path], dict[str, Any]],
    report: Callable[[dict[str, Any]], None],
) -> None:
    """``measure`` and ``report`` each of ``--sizes`` in a temporary work folder, removed at
    the end unless ``--keep``; the figures also go to ``--json``."""
    from bench.formats import parse_shares

    parse_shares(args.formats)  # a wrong --formats stops here, not in a child
    os.environ[FORMATS_VARIABLE] = args.formats
    work = Path(tempfile.mkdtemp(prefix=f"dispatchbox-{name}-bench-"))
    print(
        f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; work in {work}; "
        f"generated letters as {args.formats}"
    )
    everything = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            before = load_average()
            results = measure(size, work)
            results["load"] = [before, load_average()]
            report(results)
            print(load_text(*results["load"]))
            everything.append(results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(everything, indent=2))
