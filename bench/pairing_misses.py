"""Every true link the pairing misses on a generated archive, with its candidates and why.

For each missed link: the generator's case, the reply's and the letter's metadata, what the
reply was linked to instead, and its candidates with their scores and reasons; "why" says
whether the true letter was no candidate at all, scored below the link score, lost a tie
or was outscored. A count by (case, why) is printed; the rows go to a JSON file to read.

    python bench/pairing_misses.py --archive A --letters L --truth T.jsonl --out misses.json
    python bench/pairing_misses.py ... --noisy          # on the damaged metadata
    python bench/pairing_misses.py ... --mp-share 5     # a fifth of the MPs: faster

``--mp-share N`` keeps the letters of one MP in N (by a hash of the name): each MP keeps
all their letters, so candidates are as dense as in the whole archive.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_FIELDS = ("date", "direction", "mp", "sender_org", "recipient_org", "in_reply_to_date")


def main() -> None:
    from archive.pairing import MIN_SCORE, pair_letters
    from archive.pairing.calibration import TIE_MARGIN
    from archive.store import Store
    from bench import noise
    from bench.bench_pairing import _cases, _truth

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--letters", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="JSON file for the rows")
    parser.add_argument("--noisy", action="store_true", help="damage the metadata first")
    parser.add_argument("--mp-share", type=int, default=1, help="keep one MP in N")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    store = Store(args.archive)
    records = [record for record in store.iter_records() if _kept(record, args.mp_share)]
    file_of, truth = _truth(records, args.letters, args.truth)
    cases = _cases(truth, args.truth)
    if args.noisy:
        records, _ = noise.damage(records, seed=args.seed)
    meta = {str(record["id"]): record.get("metadata") or {} for record in records}
    started = time.perf_counter()
    pairing = pair_letters(records, text_of=store.text)
    print(f"paired {len(records):,} letters in {time.perf_counter() - started:.1f} s")

    id_of = {name: letter_id for letter_id, name in file_of.items()}
    true_pairs = {(id_of[reply], id_of[letter]) for reply, letter in truth}
    linked = {(link.reply_id, link.letter_id) for link in pairing.links}
    why_counts: Counter[tuple[str, str]] = Counter()
    rows: list[dict[str, Any]] = []
    for reply_id, letter_id in sorted(true_pairs - linked):
        found = pairing.candidates.get(reply_id, ())
        scores = {candidate.letter_id: candidate.score for candidate in found}
        best = found[0].score if found else None
        if letter_id not in scores:
            why = "not a candidate"
        elif scores[letter_id] < MIN_SCORE:
            why = "below the link score"
        elif best is not None and best - scores[letter_id] <= TIE_MARGIN:
            why = "lost a tie"
        else:
            why = "outscored"
        answered = pairing.answers_all(reply_id)
        if any((reply_id, link.letter_id) not in true_pairs for link in answered):
            why += ", linked wrongly"
        case = cases[(file_of[reply_id], file_of[letter_id])]
        why_counts[(case, why)] += 1
        rows.append(
            {
                "case": case,
                "why": why,
                "reply": file_of[reply_id],
                "letter": file_of[letter_id],
                "reply_metadata": _some(meta[reply_id]),
                "letter_metadata": _some(meta[letter_id]),
                "linked": [file_of[link.letter_id] for link in answered],
                "candidates": [
                    {
                        "letter": file_of[candidate.letter_id],
                        "score": candidate.score,
                        "true": candidate.letter_id == letter_id,
                        "reasons": list(candidate.reasons),
                    }
                    for candidate in found
                ],
            }
        )
    wrong = len(linked - true_pairs)
    print(f"true links {len(true_pairs):,}, links {len(linked):,}, ", end="")
    print(f"missed {len(rows):,}, wrong {wrong:,}")
    for (case, why), count in why_counts.most_common():
        print(f"{count:6,}  {case}: {why}")
    args.out.write_text(json.dumps(rows, indent=1, ensure_ascii=False, default=str))


def _kept(record: Mapping[str, Any], share: int) -> bool:
    if share <= 1:
        return True
    mp = (record.get("metadata") or {}).get("mp")
    return bool(mp) and zlib.crc32(str(mp).encode()) % share == 0


def _some(meta: Mapping[str, Any]) -> dict[str, Any]:
    return {name: meta.get(name) for name in _FIELDS}


if __name__ == "__main__":
    main()
