"""Pairing benchmark: precision, recall, time and memory of reply pairing on generated archives.

Each size is generated with noise (wrong dates, missing references, same-day letters to
other departments, replies to letters not in the archive), imported, then paired in a fresh
process; links are scored against the generator's ground truth. A baseline in the same run
(the cited date and the same MP, nothing else) shows what the other signals are worth.

    python bench/bench_pairing.py                  # 10k and 100k
    python bench/bench_pairing.py --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import TreeMemory, parse_args, peak_rss_mb, run_phase, run_sizes  # noqa: E402

NOISE = 0.15
TARGETS = {"precision": 0.98, "recall": 0.95, "seconds_100k": 60.0}
SHOWN_MISTAKES = 5


# -- phases ---------------------------------------------------------------------------------------


def phase_generate(args: argparse.Namespace) -> dict[str, Any]:
    from archive.generate import generate_archive
    from bench.formats import mix_formats, parse_shares

    started = time.perf_counter()
    report = generate_archive(args.count, Path(args.letters), seed=args.seed, noise=NOISE)
    report = mix_formats(report, parse_shares(args.formats), args.seed)
    report.write_truth(Path(args.truth))
    return {"files": len(report.letters), "seconds": time.perf_counter() - started}


def phase_import(args: argparse.Namespace) -> dict[str, Any]:
    from archive.importer import import_paths
    from archive.store import Store

    store = Store(Path(args.archive), create=True)
    with TreeMemory() as memory:
        started = time.perf_counter()
        summary = import_paths(store, [Path(args.letters)])
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "letters": summary.imported,
        "peak_mb": max(memory.peak_mb, peak_rss_mb()),
    }


def phase_pair(args: argparse.Namespace) -> dict[str, Any]:
    from archive.pairing import pair_letters
    from archive.store import Store

    store = Store(Path(args.archive))
    before_mb = _rss_mb()
    with TreeMemory(interval=0.05) as memory:
        started = time.perf_counter()
        pairing = pair_letters(store.iter_records(), text_of=store.text)
        seconds = time.perf_counter() - started
    # The truth is read after timing, so that it weighs on neither time nor memory.
    file_of, truth = _truth(store.iter_records(), Path(args.letters), Path(args.truth))
    predicted = {(link.reply_id, link.letter_id): link for link in pairing.links}
    ours = _score(predicted, file_of, truth)
    baseline = _score(dict.fromkeys(_baseline(store.iter_records())), file_of, truth)
    mistakes = _mistakes(predicted, pairing.candidates, file_of, truth)
    return {
        "seconds": seconds,
        "links": len(predicted),
        "truth_links": len(truth),
        **ours,
        "baseline": baseline,
        "peak_mb": memory.peak_mb,
        "before_mb": before_mb,
        "uncertain": len(pairing.uncertain()),
        "mistakes": mistakes,
    }


PHASES = {"generate": phase_generate, "import": phase_import, "pair": phase_pair}


# -- scoring --------------------------------------------------------------------------------------


def _truth(
    records: Iterable[Mapping[str, Any]], letters: Path, truth_file: Path
) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Letter id -> generated file, and the true (reply file, letter file) pairs present."""
    from archive.generate import read_truth

    root = letters.resolve()
    file_of = {
        str(r["id"]): Path(str(r["path"])).resolve().relative_to(root).as_posix() for r in records
    }
    present = set(file_of.values())
    truth = {
        (letter.file, letter.replies_to)
        for letter in read_truth(truth_file)
        if letter.replies_to and letter.file in present and letter.replies_to in present
    }
    return file_of, truth


def _score(
    predicted: Mapping[tuple[str, str], object],
    file_of: Mapping[str, str],
    truth: set[tuple[str, str]],
) -> dict[str, float]:
    correct = sum((file_of[reply], file_of[letter]) in truth for reply, letter in predicted)
    return {
        "precision": correct / len(predicted) if predicted else 0.0,
        "recall": correct / len(truth) if truth else 0.0,
    }


def _baseline(records: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Link a reply to the same MP's letter, the other way, dated exactly as cited."""
    by_key: dict[tuple[str, str, str], list[str]] = {}
    replies: list[tuple[str, str, str, str]] = []
    for record in records:
        meta = record.get("metadata") or {}
        direction, mp, day = meta.get("direction"), meta.get("mp"), meta.get("date")
        if direction not in ("to_mp", "from_mp") or not mp or not day:
            continue
        by_key.setdefault((mp, direction, day), []).append(str(record["id"]))
        cited = meta.get("in_reply_to_date")
        if cited:
            other = "from_mp" if direction == "to_mp" else "to_mp"
            replies.append((str(record["id"]), mp, other, cited))
    links = []
    for reply_id, mp, other, cited in replies:
        found = sorted(by_key.get((mp, other, cited), ()))
        if found:
            links.append((reply_id, found[0]))
    return links


def _mistakes(
    predicted: Mapping[tuple[str, str], Any],
    candidates: Mapping[str, Any],
    file_of: Mapping[str, str],
    truth: set[tuple[str, str]],
) -> dict[str, list[dict[str, Any]]]:
    """A few wrong links and a few missed ones, with the evidence, to read."""
    answers = {
        file_of[reply]: (file_of[letter], link) for (reply, letter), link in predicted.items()
    }
    true_letter = dict(truth)
    wrong: list[dict[str, Any]] = []
    for reply_file, (letter_file, link) in sorted(answers.items()):
        if (reply_file, letter_file) not in truth and len(wrong) < SHOWN_MISTAKES:
            wrong.append(
                {
                    "reply": reply_file,
                    "linked": letter_file,
                    "truth": true_letter.get(reply_file),
                    "confidence": link.confidence,
                    "reasons": list(link.reasons),
                }
            )
    id_of = {name: letter_id for letter_id, name in file_of.items()}
    missed: list[dict[str, Any]] = []
    for reply_file, letter_file in sorted(truth):
        if answers.get(reply_file, (None,))[0] != letter_file and len(missed) < SHOWN_MISTAKES:
            found = candidates.get(id_of[reply_file], ())
            missed.append(
                {
                    "reply": reply_file,
                    "truth": letter_file,
                    "linked": answers.get(reply_file, (None,))[0],
                    "candidates": [
                        {
                            "letter": file_of[c.letter_id],
                            "score": c.score,
                            "reasons": list(c.reasons),
                        }
                        for c in found
                    ],
                }
            )
    return {"wrong": wrong, "missed": missed}


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# -- orchestration --------------------------------------------------------------------------------


def bench_size(count: int, work: Path, seed: int) -> dict[str, Any]:
    me = Path(__file__)
    letters, archive = work / f"letters-{count}", work / f"archive-{count}"
    truth = work / f"truth-{count}.jsonl"
    results: dict[str, Any] = {"count": count}
    results["generate"] = run_phase(
        me, "generate", count=count, letters=letters, seed=seed, truth=truth
    )
    results["import"] = run_phase(me, "import", letters=letters, archive=archive)
    results["pair"] = run_phase(me, "pair", archive=archive, letters=letters, truth=truth)
    shutil.rmtree(letters)
    shutil.rmtree(archive)
    truth.unlink()
    return results


def report(results: dict[str, Any], show_mistakes: bool) -> None:
    count, pair = results["count"], results["pair"]
    base = pair["baseline"]

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(
        f"\n== {count:,} letters (noise {NOISE}), imported in {results['import']['seconds']:.0f} s"
    )
    print(f"{'':34} {'ours':>8} {'baseline':>9} {'target':>8}")
    for name in ("precision", "recall"):
        print(
            f"{name:34} {pair[name]:8.4f} {base[name]:9.4f} {TARGETS[name]:8.2f}  "
            f"{verdict(pair[name] >= TARGETS[name])}"
        )
    scaled = TARGETS["seconds_100k"] * count / 100_000
    print(
        f"{'pairing time':34} {pair['seconds']:7.1f}s {'':9} {scaled:7.1f}s  "
        f"{verdict(pair['seconds'] <= scaled)}  (60 s per 100k, scaled)"
    )
    print(
        f"{'peak memory while pairing':34} {pair['peak_mb']:6.0f}MB "
        f"(process before pairing {pair['before_mb']:.0f} MB)"
    )
    print(
        f"links {pair['links']:,} against {pair['truth_links']:,} true; "
        f"{pair['uncertain']:,} below 0.7 confidence for review"
    )
    print("baseline: a reply citing a date is linked to the same MP's letter of that date")
    if show_mistakes:
        for kind in ("wrong", "missed"):
            for mistake in pair["mistakes"][kind]:
                print(f"  {kind}: {json.dumps(mistake, ensure_ascii=False)}")


def main() -> None:
    def more(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--mistakes", action="store_true", help="print a few wrong and missed links"
        )

    args = parse_args(__doc__ or "", PHASES, ("letters", "archive", "truth"), more)
    if args is not None:
        run_sizes(
            args,
            "pairing",
            lambda size, work: bench_size(size, work, args.seed),
            lambda results: report(results, args.mistakes),
        )


if __name__ == "__main__":
    main()
