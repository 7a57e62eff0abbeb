"""Pairing benchmark: precision, recall, time and memory of reply pairing on generated archives.

Each size is generated with noise (wrong dates, missing references, same-day letters to
other departments, replies to letters not in the archive) and the hard cases (transfers,
one reply to several letters, replies citing nothing, holding then full replies), imported,
then paired in a fresh process; links are scored against the generator's ground truth, a
reply answering several letters counting one true link for each. The pairing then runs a
second time on a copy of the metadata damaged at the error rates measured on real letters
(bench/noise.py), and both are reported. A baseline in the same run (the cited date and the
same MP, nothing else) shows what the other signals are worth.

    python bench/bench_pairing.py                  # 10k and 100k
    python bench/bench_pairing.py --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import TreeMemory, parse_args, peak_rss_mb, run_phase, run_sizes  # noqa: E402

NOISE = 0.15
TARGETS = {"precision": 0.98, "recall": 0.95, "recall_noisy": 0.90, "seconds_100k": 60.0}
SHOWN_MISTAKES = 5


# -- phases ---------------------------------------------------------------------------------------


def phase_generate(args: argparse.Namespace) -> dict[str, Any]:
    from archive.generator import generate_archive
    from bench.formats import mix_formats, parse_shares

    started = time.perf_counter()
    shares = {} if args.hard is None else {"hard": args.hard}
    report = generate_archive(args.count, Path(args.letters), seed=args.seed, noise=NOISE, **shares)
    report = mix_formats(report, parse_shares(args.formats), args.seed)
    report.write_truth(Path(args.truth))
    return {"files": len(report.letters), "seconds": time.perf_counter() - started}


def phase_import(args: argparse.Namespace) -> dict[str, Any]:
    from archive.store import Store
    from index.pipeline import run_import

    store = Store(Path(args.archive), create=True)
    with TreeMemory() as memory:
        started = time.perf_counter()
        # Pairing is measured on its own in phase_pair, against its baseline.
        summary = run_import(store, [Path(args.letters)], index=False, pair=False)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "letters": summary.imported,
        "peak_mb": max(memory.peak_mb, peak_rss_mb()),
    }


def phase_pair(args: argparse.Namespace) -> dict[str, Any]:
    from archive.pairing import pair_letters
    from archive.store import Store
    from bench import noise

    store = Store(Path(args.archive))
    before_mb = _rss_mb()
    # Peak memory from the kernel's own count: pairing runs in this one process, and a
    # sampling thread (TreeMemory) would spend CPU and hold the GIL inside the timing.
    started, cpu = time.perf_counter(), time.process_time()
    pairing = pair_letters(store.iter_records(), text_of=store.text)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = peak_rss_mb()
    # The truth is read after timing, so that it weighs on neither time nor memory.
    file_of, truth = _truth(store.iter_records(), Path(args.letters), Path(args.truth))
    predicted = {(link.reply_id, link.letter_id): link for link in pairing.links}
    ours = _score(predicted, file_of, truth)
    baseline = _score(dict.fromkeys(_baseline(store.iter_records())), file_of, truth)
    mistakes = _mistakes(predicted, pairing.candidates, file_of, truth)
    # The same letters again, their metadata damaged as real extraction damages it.
    damaged, damage = noise.damage(store.iter_records(), seed=args.seed)
    noisy_pairing = pair_letters(damaged, text_of=store.text)
    noisy_predicted = {(link.reply_id, link.letter_id): link for link in noisy_pairing.links}
    cases = _cases(truth, Path(args.truth))
    noisy = {
        **_score(noisy_predicted, file_of, truth),
        "by_case": _recall_by_case(noisy_predicted, file_of, cases),
        "links": len(noisy_predicted),
        "baseline": _score(dict.fromkeys(_baseline(damaged)), file_of, truth),
        "damaged": {name: damage.share(name) for name in noise.ERROR_RATES},
        "mistakes": _mistakes(noisy_predicted, noisy_pairing.candidates, file_of, truth),
    }
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "links": len(predicted),
        "truth_links": len(truth),
        "several": sum(n for n in Counter(reply for reply, _ in truth).values() if n > 1),
        **ours,
        "by_case": _recall_by_case(predicted, file_of, cases),
        "noisy": noisy,
        "baseline": baseline,
        "peak_mb": peak_mb,
        "before_mb": before_mb,
        "uncertain": len(pairing.uncertain()),
        "mistakes": mistakes,
    }


PHASES = {"generate": phase_generate, "import": phase_import, "pair": phase_pair}


# -- scoring --------------------------------------------------------------------------------------


def _truth(
    records: Iterable[Mapping[str, Any]], letters: Path, truth_file: Path
) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Letter id -> generated file, and the true (reply file, letter file) pairs present.

    A reply that answers several letters is one true pair per letter it answers.
    """
    from archive.generator import read_truth

    root = letters.resolve()
    file_of = {
        str(r["id"]): Path(str(r["path"])).resolve().relative_to(root).as_posix() for r in records
    }
    present = set(file_of.values())
    truth = {
        (letter.file, answered)
        for letter in read_truth(truth_file)
        if letter.file in present
        for answered in letter.answers
        if answered in present
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


def _cases(truth: set[tuple[str, str]], truth_file: Path) -> dict[tuple[str, str], str]:
    """Each true link's case, read from the truth: what kind of exchange the generator wrote."""
    from archive.generator import read_truth

    by_file = {letter.file: letter for letter in read_truth(truth_file)}

    def case(reply: str, letter: str) -> str:
        answer, answered = by_file[reply], by_file[letter]
        if answer.also_replies_to:
            return "one reply to several letters"
        if answer.kind != "reply":
            return "the MP's follow-up"
        if answer.in_reply_to_date is None:
            return "reply citing no date"
        if answer.department != answered.department:
            return "another department (transfer, rename)"
        return "reply to one letter"

    return {pair: case(*pair) for pair in truth}


def _recall_by_case(
    predicted: Mapping[tuple[str, str], object],
    file_of: Mapping[str, str],
    cases: Mapping[tuple[str, str], str],
) -> dict[str, tuple[int, int]]:
    """Per case: (true links found, true links)."""
    found = {(file_of[reply], file_of[letter]) for reply, letter in predicted}
    counts: dict[str, tuple[int, int]] = {}
    for pair, case in sorted(cases.items(), key=lambda item: item[1]):
        hit, total = counts.get(case, (0, 0))
        counts[case] = (hit + (pair in found), total + 1)
    return counts


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
    linked: dict[str, list[str]] = {}
    for reply, letter in sorted(predicted):
        linked.setdefault(file_of[reply], []).append(file_of[letter])
    true_letters: dict[str, list[str]] = {}
    for reply_file, letter_file in sorted(truth):
        true_letters.setdefault(reply_file, []).append(letter_file)
    wrong: list[dict[str, Any]] = []
    for (reply, letter), link in sorted(predicted.items()):
        pair = (file_of[reply], file_of[letter])
        if pair not in truth and len(wrong) < SHOWN_MISTAKES:
            wrong.append(
                {
                    "reply": pair[0],
                    "linked": pair[1],
                    "truth": true_letters.get(pair[0]),
                    "confidence": link.confidence,
                    "reasons": list(link.reasons),
                }
            )
    id_of = {name: letter_id for letter_id, name in file_of.items()}
    missed: list[dict[str, Any]] = []
    for reply_file, letter_file in sorted(truth):
        if letter_file not in linked.get(reply_file, ()) and len(missed) < SHOWN_MISTAKES:
            found = candidates.get(id_of[reply_file], ())
            missed.append(
                {
                    "reply": reply_file,
                    "truth": letter_file,
                    "linked": linked.get(reply_file),
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


def bench_size(count: int, work: Path, seed: int, hard: float | None) -> dict[str, Any]:
    me = Path(__file__)
    letters, archive = work / f"letters-{count}", work / f"archive-{count}"
    truth = work / f"truth-{count}.jsonl"
    results: dict[str, Any] = {"count": count}
    shares = {} if hard is None else {"hard": hard}
    results["generate"] = run_phase(
        me, "generate", count=count, letters=letters, seed=seed, truth=truth, **shares
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
    noisy = pair["noisy"]
    print(f"{'':34} {'clean':>8} {'noisy':>8} {'baseline':>9} {'target':>8}")
    for name in ("precision", "recall"):
        print(
            f"{name:34} {pair[name]:8.4f} {noisy[name]:8.4f} {base[name]:9.4f} "
            f"{TARGETS[name]:8.2f}  {verdict(pair[name] >= TARGETS[name])}"
        )
    print(
        f"{'recall, noisy':34} {'':8} {noisy['recall']:8.4f} {'':9} "
        f"{TARGETS['recall_noisy']:8.2f}  {verdict(noisy['recall'] >= TARGETS['recall_noisy'])}"
    )
    print(
        f"{'links (true links ' + format(pair['truth_links'], ',') + ')':34} "
        f"{pair['links']:8,} {noisy['links']:8,}"
    )
    scaled = TARGETS["seconds_100k"] * count / 100_000
    print(
        f"{'pairing time':34} {pair['seconds']:7.1f}s {'':9} {scaled:7.1f}s  "
        f"{verdict(pair['seconds'] <= scaled)}  (60 s per 100k, scaled; "
        f"{pair.get('cpu_seconds', 0.0):.1f} s CPU)"
    )
    print(
        f"{'peak memory of the process':34} {pair['peak_mb']:6.0f}MB "
        f"(process before pairing {pair['before_mb']:.0f} MB)"
    )
    print(
        f"links {pair['links']:,} against {pair['truth_links']:,} true; "
        f"{pair['uncertain']:,} below 0.7 confidence for review"
    )
    print(
        f"{pair['several']:,} true links belong to replies answering several letters; "
        f"noisy baseline precision {noisy['baseline']['precision']:.4f}, "
        f"recall {noisy['baseline']['recall']:.4f}"
    )
    print(f"{'recall by case (true links)':44} {'clean':>8} {'noisy':>8}")
    for case, (hit, total) in pair["by_case"].items():
        noisy_hit = noisy["by_case"][case][0]
        print(f"  {case + f' ({total:,})':42} {hit / total:8.4f} {noisy_hit / total:8.4f}")
    damaged = ", ".join(f"{name} {share:.1%}" for name, share in noisy["damaged"].items())
    print(f"noisy: metadata damaged (bench/noise.py, rates from score.py): {damaged}")
    print("baseline: a reply citing a date is linked to the same MP's letter of that date")
    if show_mistakes:
        for label, figures in (("clean", pair), ("noisy", noisy)):
            for kind in ("wrong", "missed"):
                for mistake in figures["mistakes"][kind]:
                    print(f"  {label} {kind}: {json.dumps(mistake, ensure_ascii=False)}")


def main() -> None:
    def more(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--mistakes", action="store_true", help="print a few wrong and missed links"
        )
        parser.add_argument(
            "--hard",
            type=float,
            help="share of generated letters given to the hard cases (transfers, several "
            "letters in one reply, replies citing nothing); the generator's default if not set",
        )

    args = parse_args(__doc__ or "", PHASES, ("letters", "archive", "truth"), more)
    if args is not None:
        run_sizes(
            args,
            "pairing",
            lambda size, work: bench_size(size, work, args.seed, args.hard),
            lambda results: report(results, args.mistakes),
        )


if __name__ == "__main__":
    main()
