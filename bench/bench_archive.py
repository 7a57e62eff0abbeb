"""Archive benchmark: import, reopen, re-import, tag and extraction on generated archives.

Each phase runs in a fresh Python process, so its time and peak memory are its own (peak
memory sums the process and its worker processes). A baseline runs beside it in the same
run: TinyDB as it comes (default JSON storage, one record per letter with the text inside),
fed by the same reader and extractor in one process. Like is compared with like: our import
in one process against the baseline (the storage and pipeline), and our import with a
worker process a CPU shown apart (what parallel reading adds).

    python bench/bench_archive.py                 # 10k and 100k
    python bench/bench_archive.py --sizes 10000   # just 10k
    python bench/bench_archive.py --no-baseline

Extraction alone (``archive.extract.extract`` on each text, one process) is timed in ms per
letter beside a baseline in the same process (``processing_view`` and one regex pass for
dates and references), and on the real letters in ../shared/corpus/real/letters when that
folder is there. The load average is printed before and after, since the machine is shared.

Everything is written under a temporary folder that is removed at the end (--keep keeps it).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ROOT,
    TreeMemory,
    parse_args,
    peak_rss_mb,
    percentile,
    phase_generate,
    run_phase,
    run_sizes,
)

REAL_LETTERS = ROOT.parent / "shared" / "corpus" / "real" / "letters"
#: Rounds over the (few) real letters, so their per-letter figures are not one sample each.
REAL_ROUNDS = 30
_BASELINE_PATTERN = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December) \d{4}\b|\b(?:Our|Your) ref:? *\S+",
    re.IGNORECASE,
)

# -- phases (each runs in its own process) --------------------------------------------------------


def phase_import(args: argparse.Namespace) -> dict[str, Any]:
    from archive.store import Store
    from index.pipeline import run_import

    store = Store(Path(args.archive), create=True)
    workers = int(args.workers) if args.workers else None
    # In one process every stage runs here, so its CPU can be counted stage by stage.
    stages = _count_stages() if workers == 1 else None
    load_before = os.getloadavg()
    main_before, workers_before = _cpu_seconds()
    with TreeMemory() as memory:
        started = time.perf_counter()
        # The import stage alone: this bench measures reading and storing.
        summary = run_import(
            store, [Path(args.letters)], workers=workers, index=False, pair=False
        ).imports
        seconds = time.perf_counter() - started
    main_after, workers_after = _cpu_seconds()
    stored = summary.imported + summary.updated
    letters = stored or summary.unchanged or 1
    stage_ms = {label: cpu * 1000 / letters for label, cpu in (stages or {}).items()}
    return {
        **({"stages_ms": stage_ms} if stages is not None else {}),
        "seconds": seconds,
        "workers": workers or os.cpu_count(),
        "imported": summary.imported,
        "unchanged": summary.unchanged,
        "failed": len(summary.failed),
        "letters_per_s": (stored or summary.unchanged) / seconds,
        "peak_mb": max(memory.peak_mb, peak_rss_mb()),
        # CPU a letter, this process and its reader processes apart (user + system): on a
        # shared machine the time that passes includes waiting for a CPU, this does not.
        "cpu_main_ms": (main_after - main_before) * 1000 / letters,
        "cpu_workers_ms": (workers_after - workers_before) * 1000 / letters,
        "load": [load_before, os.getloadavg()],
    }


#: (module, owner in it or "", function, stage): what the import does to a letter, in the
#: order it does it; the readers' stages first, then this process's (placing and storing).
_STAGES = (
    ("archive.importer", "", "_process", "reader: all (below, and open, read, file hash)"),
    ("archive.importer", "", "read_bytes", "reader: parse the format"),
    ("archive.extract", "", "extract", "reader: extract metadata"),
    ("archive.texts", "PackWriter", "append", "reader: append text to pack"),
    ("archive.importer", "", "digest", "reader: hash the text"),
    ("archive.models", "Letter", "to_record", "reader: record (Letter.to_record)"),
    ("archive.importer", "", "walk", "store: walk the folders"),
    ("archive.importer", "", "_known", "store: look up known files"),
    ("archive.importer", "", "_place", "store: place (new, moved, duplicate)"),
    ("archive.store_writer", "StoreWriter", "flush", "store: write records (flush)"),
    ("archive.importer", "", "rederive_areas", "store: derive areas again"),
    ("archive.importer", "", "_remove_vanished", "store: remove vanished files"),
)


def _count_stages(patch: Callable[[Any, str, Any], None] = setattr) -> dict[str, float]:
    """Count this process's CPU seconds in each of ``_STAGES`` from now on (a bench-only
    patch, made with ``patch``: each call costs two clock reads, microseconds a letter)."""
    import functools
    import importlib

    seconds: dict[str, float] = {}
    for module_name, owner_name, name, label in _STAGES:
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name) if owner_name else module
        function = getattr(owner, name)
        seconds[label] = 0.0

        def timed(*args: Any, _function: Any = function, _label: str = label, **kw: Any) -> Any:
            started = time.process_time()
            try:
                return _function(*args, **kw)
            finally:
                seconds[_label] += time.process_time() - started

        patch(owner, name, functools.wraps(function)(timed))
    return seconds


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its children that have ended."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def phase_reopen(args: argparse.Namespace) -> dict[str, Any]:
    from archive.store import Store

    started = time.perf_counter()
    store = Store(Path(args.archive))
    count = store.count()  # forces the records file to be read
    first = store.get(store.ids()[0])
    opened = time.perf_counter() - started
    assert first is not None
    lookups = []
    for letter_id in store.ids()[:: max(1, count // 200)]:
        t = time.perf_counter()
        store.get(letter_id)
        lookups.append(time.perf_counter() - t)
    return {
        "seconds": opened,
        "letters": count,
        "get_median_ms": statistics.median(lookups) * 1000,
        "peak_mb": peak_rss_mb(),
    }


def phase_tag(args: argparse.Namespace) -> dict[str, Any]:
    from archive.store import Store

    store = Store(Path(args.archive))
    ids = store.ids()
    store.count()
    times = []
    for number, letter_id in enumerate(ids[:: max(1, len(ids) // 50)][:50]):
        t = time.perf_counter()
        store.update_tags([letter_id], add=[f"bench-{number % 5}"])
        times.append(time.perf_counter() - t)
    times.sort()
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
        "peak_mb": peak_rss_mb(),
    }


def phase_baseline_import(args: argparse.Namespace) -> dict[str, Any]:
    """TinyDB as it comes: default storage, text inside each record, one process."""
    import hashlib

    from tinydb import TinyDB

    from archive.extract import extract
    from archive.readers import ReadError, format_for, read_bytes

    db = TinyDB(Path(args.archive) / "baseline.json")
    started = time.perf_counter()
    cpu_started = time.process_time()
    records = []
    for path in sorted(Path(args.letters).rglob("*")):
        fmt = format_for(path)
        if not path.is_file() or fmt is None:
            continue
        data = path.read_bytes()
        try:
            document = read_bytes(data, fmt)
        except ReadError:
            continue
        metadata = extract(document.text)
        records.append(
            {
                "path": str(path),
                "sha256": hashlib.sha256(data).hexdigest(),
                "text": document.text,
                "metadata": metadata.to_json(),
            }
        )
    db.insert_multiple(records)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_ms": (time.process_time() - cpu_started) * 1000 / max(1, len(records)),
        "letters_per_s": len(records) / seconds,
        "peak_mb": peak_rss_mb(),
    }


def phase_baseline_reopen(args: argparse.Namespace) -> dict[str, Any]:
    from tinydb import TinyDB

    started = time.perf_counter()
    db = TinyDB(Path(args.archive) / "baseline.json")
    count = len(db)
    return {"seconds": time.perf_counter() - started, "letters": count, "peak_mb": peak_rss_mb()}


def phase_baseline_tag(args: argparse.Namespace) -> dict[str, Any]:
    from tinydb import TinyDB

    db = TinyDB(Path(args.archive) / "baseline.json")
    len(db)
    times = []
    for doc_id in (1, 2, 3):
        t = time.perf_counter()
        db.update({"tags": ["bench"]}, doc_ids=[doc_id])
        times.append(time.perf_counter() - t)
    return {"median_ms": statistics.median(times) * 1000, "peak_mb": peak_rss_mb()}


def _texts(folder: Path) -> list[str]:
    from archive.readers import ReadError, format_for, read_bytes

    texts = []
    for path in sorted(folder.rglob("*")):
        fmt = format_for(path)
        if not path.is_file() or fmt is None:
            continue
        try:
            texts.append(read_bytes(path.read_bytes(), fmt).text)
        except ReadError:
            continue
    return texts


def _per_letter(function: Any, texts: list[str], rounds: int = 1) -> dict[str, float]:
    """Milliseconds per call of ``function`` on each text: p50, p95 and mean of the time
    that passed, and the mean of this process's CPU time (on a shared machine the time that
    passed includes waiting for a CPU; the CPU time is the work a letter takes). A text that
    raises is counted in ``errors`` (an extractor being rewritten may fail on a few)."""
    times = []
    errors = 0
    cpu_started = time.process_time()
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            try:
                function(text)
            except Exception:  # counted and reported; the bench goes on
                errors += 1
            times.append((time.perf_counter() - started) * 1000)
    cpu_ms = (time.process_time() - cpu_started) * 1000
    return {
        "p50_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        "mean_ms": statistics.fmean(times) if times else 0.0,
        "cpu_mean_ms": cpu_ms / len(times) if times else 0.0,
        "calls": len(times),
        "errors": errors,
    }


def phase_extract(args: argparse.Namespace) -> dict[str, Any]:
    """Extraction alone on the generated texts (and the real letters), beside a baseline."""
    from archive.extract import extract

    def baseline(text: str) -> None:
        view = text
        try:
            from archive.extract.layout import processing_view
        except ImportError:  # the extractor's internals move; the regex pass still runs
            pass
        else:
            view = processing_view(text)
        _BASELINE_PATTERN.findall(view)

    texts = _texts(Path(args.letters))
    load_before = os.getloadavg()
    results: dict[str, Any] = {
        "letters": len(texts),
        "baseline": _per_letter(baseline, texts),
        "extract": _per_letter(extract, texts),
    }
    if REAL_LETTERS.is_dir():
        real = _texts(REAL_LETTERS)
        results["real_letters"] = len(real)
        results["real_baseline"] = _per_letter(baseline, real, REAL_ROUNDS)
        results["real_extract"] = _per_letter(extract, real, REAL_ROUNDS)
    results["load"] = [load_before, os.getloadavg()]
    results["peak_mb"] = peak_rss_mb()
    return results


PHASES = {
    "generate": phase_generate,
    "import": phase_import,
    "extract": phase_extract,
    "reopen": phase_reopen,
    "tag": phase_tag,
    "baseline-import": phase_baseline_import,
    "baseline-reopen": phase_baseline_reopen,
    "baseline-tag": phase_baseline_tag,
}


# -- orchestration --------------------------------------------------------------------------------


ME = Path(__file__)


def bench_size(count: int, work: Path, baseline: bool) -> dict[str, Any]:
    letters, archive = work / f"letters-{count}", work / f"archive-{count}"
    results: dict[str, Any] = {"count": count}
    results["generate"] = run_phase(ME, "generate", count=count, letters=letters)
    results["extract"] = run_phase(ME, "extract", letters=letters)
    results["import"] = run_phase(ME, "import", letters=letters, archive=archive)
    if baseline:
        single = work / f"single-{count}"
        results["import_one_process"] = run_phase(
            ME, "import", letters=letters, archive=single, workers=1
        )
        shutil.rmtree(single)
    results["reopen"] = run_phase(ME, "reopen", archive=archive)
    results["reimport"] = run_phase(ME, "import", letters=letters, archive=archive)
    results["tag"] = run_phase(ME, "tag", archive=archive)
    results["disk_mb"] = {
        "records": (archive / "letters.jsonl").stat().st_size / 1e6,
        "texts": sum(p.stat().st_size for p in (archive / "texts").rglob("*.pack")) / 1e6,
    }
    if baseline:
        base = work / f"baseline-{count}"
        base.mkdir()
        results["baseline_import"] = run_phase(ME, "baseline-import", letters=letters, archive=base)
        results["baseline_reopen"] = run_phase(ME, "baseline-reopen", archive=base)
        results["baseline_tag"] = run_phase(ME, "baseline-tag", archive=base)
        shutil.rmtree(base)
    shutil.rmtree(letters)
    shutil.rmtree(archive)
    return results


def report(results: dict[str, Any]) -> None:
    count = results["count"]
    imp, reopen, reimport, tag = (results[k] for k in ("import", "reopen", "reimport", "tag"))
    print(f"\n== {count:,} letters (generated in {results['generate']['seconds']:.1f} s)")
    print(
        f"import (read, extract, store), {imp['workers']} worker processes: "
        f"{imp['seconds']:.1f} s, {imp['letters_per_s']:.0f} letters/s, peak {imp['peak_mb']:.0f} "
        f"MB (all processes), {imp['failed']} malformed files reported"
    )
    if "cpu_main_ms" in imp:
        total = imp["cpu_main_ms"] + imp["cpu_workers_ms"]
        print(
            f"  CPU a letter: {total:.2f} ms ({imp['cpu_main_ms']:.2f} this process, "
            f"{imp['cpu_workers_ms']:.2f} readers): at most {2000 / total:.0f} letters/s on "
            f"2 idle cores; load {_load(imp['load'][0])} before, {_load(imp['load'][1])} after"
        )
    print(
        f"reopen store: {reopen['seconds'] * 1000:.0f} ms, peak {reopen['peak_mb']:.0f} MB; "
        f"get by id median {reopen['get_median_ms']:.3f} ms"
    )
    print(f"re-import unchanged: {reimport['seconds']:.1f} s ({reimport['unchanged']} unchanged)")
    print(f"tag one letter: median {tag['median_ms']:.1f} ms, p95 {tag['p95_ms']:.1f} ms")
    extraction = results["extract"]
    print(
        f"extraction alone, {extraction['letters']:,} generated letters: "
        f"{_figures(extraction['extract'])}; baseline (processing_view + regex pass) "
        f"{_figures(extraction['baseline'])}; ratio of means "
        f"x{_ratio(extraction['extract'], extraction['baseline']):.1f}; target 2 ms of CPU a letter"
    )
    if "real_extract" in extraction:
        print(
            f"extraction alone, {extraction['real_letters']} real letters x{REAL_ROUNDS}: "
            f"{_figures(extraction['real_extract'])}; baseline "
            f"{_figures(extraction['real_baseline'])}"
        )
    else:
        print(f"real letters: {REAL_LETTERS} not found, skipped")
    before, after = extraction["load"]
    print(f"load during extraction: {_load(before)} before, {_load(after)} after")
    disk = results["disk_mb"]
    print(f"on disk: records {disk['records']:.0f} MB, texts {disk['texts']:.0f} MB")
    if "baseline_import" in results:
        b_imp, b_reopen, b_tag = (
            results[k] for k in ("baseline_import", "baseline_reopen", "baseline_tag")
        )
        one = results["import_one_process"]
        print("baseline (TinyDB default storage, text in records, one process):")
        speedup = one["letters_per_s"] / b_imp["letters_per_s"]
        if "cpu_main_ms" in one and "cpu_ms" in b_imp:
            print(
                f"  CPU a letter in one process: ours {one['cpu_main_ms']:.2f} ms, baseline "
                f"{b_imp['cpu_ms']:.2f} ms (x{b_imp['cpu_ms'] / one['cpu_main_ms']:.2f})"
            )
        if "stages_ms" in one:
            print("  CPU a letter by stage, ours in one process (stage counters on):")
            for label, ms in one["stages_ms"].items():
                print(f"    {label:48s} {ms:7.3f} ms")
            counted = sum(
                ms
                for label, ms in one["stages_ms"].items()
                if label.startswith(("store", "reader: all"))
            )
            print(
                f"    {'the rest (loop, progress, start-up)':48s} "
                f"{one['cpu_main_ms'] - counted:7.3f} ms"
            )
        slower = b_reopen["seconds"] / reopen["seconds"]
        print(
            f"  import {b_imp['letters_per_s']:.0f} letters/s, peak {b_imp['peak_mb']:.0f} MB; "
            f"ours in one process {one['letters_per_s']:.0f} letters/s (x{speedup:.2f}), "
            f"peak {one['peak_mb']:.0f} MB"
        )
        print(f"  reopen {b_reopen['seconds'] * 1000:.0f} ms (x{slower:.1f} slower), ", end="")
        print(f"peak {b_reopen['peak_mb']:.0f} MB")
        tag_ratio = b_tag["median_ms"] / tag["median_ms"]
        print(f"  tag {b_tag['median_ms']:.0f} ms (x{tag_ratio:.0f} slower)")


def _figures(figures: dict[str, float]) -> str:
    return (
        f"p50 {figures['p50_ms']:.3f} ms, p95 {figures['p95_ms']:.3f} ms, "
        f"mean {figures['mean_ms']:.3f} ms a letter (CPU {figures.get('cpu_mean_ms', 0.0):.3f} ms)"
        + (f" ({figures['errors']} calls raised)" if figures.get("errors") else "")
    )


def _ratio(ours: dict[str, float], baseline: dict[str, float]) -> float:
    return ours["mean_ms"] / baseline["mean_ms"] if baseline["mean_ms"] else float("inf")


def _load(averages: Any) -> str:
    return "/".join(f"{value:.2f}" for value in averages)


def main() -> None:
    def more(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--no-baseline", action="store_true")

    args = parse_args(__doc__ or "", PHASES, ("letters", "archive", "workers"), more)
    if args is not None:
        run_sizes(
            args, "archive", lambda size, work: bench_size(size, work, not args.no_baseline), report
        )


if __name__ == "__main__":
    main()
