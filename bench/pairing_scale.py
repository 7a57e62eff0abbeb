"""Pairing at scale from a smaller imported archive: its records copied under new MPs.

Importing 100k generated letters takes over an hour on a loaded machine; the pairing
itself only needs the records and the texts. This pairs ``--copies`` copies of an archive
that ``bench_pairing.py --keep`` (or its generate and import phases) left behind, each
copy's MPs, names and references made distinct, so candidates never cross copies, as they
would not between different MPs. Precision and recall are scored against the copied truth,
clean and with metadata damaged as in ``bench_pairing.py``; time is wall and CPU seconds,
with the load average before and after.

    python bench/pairing_scale.py --archive A --letters L --truth T.jsonl --copies 10
"""

from __future__ import annotations

import argparse
import string
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_average, load_text, peak_rss_mb  # noqa: E402

#: Fields whose values name an MP, a person or a case: made distinct in each copy.
_PER_COPY = ("mp", "sender_name", "recipient_name")


def copied_records(
    records: list[Mapping[str, Any]], copies: int
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """``copies`` copies of the records under distinct MPs, and each copy's id -> original."""
    out: list[dict[str, Any]] = []
    original: dict[str, str] = {}
    for number in range(copies):
        tag = string.ascii_lowercase[number % 26] * (1 + number // 26)
        for record in records:
            meta = dict(record.get("metadata") or {})
            for name in _PER_COPY:
                if meta.get(name):
                    meta[name] = f"{meta[name]}-{tag}"
            if meta.get("references"):
                meta["references"] = [f"{ref}-{tag.upper()}" for ref in meta["references"]]
            copy_id = f"{record['id']}~{tag}"
            original[copy_id] = str(record["id"])
            out.append({**record, "id": copy_id, "metadata": meta})
    return out, original


def main() -> None:
    from archive.pairing import pair_letters
    from archive.store import Store
    from bench import noise
    from bench.bench_pairing import _truth

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    for option in ("archive", "letters", "truth"):
        parser.add_argument(f"--{option}", required=True)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    store = Store(Path(args.archive))
    records = list(store.iter_records())
    file_of, truth = _truth(records, Path(args.letters), Path(args.truth))
    many, original = copied_records(records, args.copies)
    id_of_file = {name: letter_id for letter_id, name in file_of.items()}
    tags = sorted({copy_id.rsplit("~", 1)[1] for copy_id in original})
    true_links = {
        (f"{id_of_file[reply]}~{tag}", f"{id_of_file[letter]}~{tag}")
        for reply, letter in truth
        for tag in tags
    }

    # Each copy's texts name its own people, as its metadata does: a text read for a name
    # (the MP a reply is addressed to) finds the copy's, never another copy's.
    names_of = {
        str(record["id"]): sorted(
            {
                str(meta[name])
                for name in _PER_COPY
                if (meta := record.get("metadata") or {}) and meta.get(name)
            },
            key=len,
            reverse=True,
        )
        for record in records
    }

    def text_of(letter_id: str) -> str:
        source = original[letter_id]
        text = store.text(source)
        tag = letter_id.rsplit("~", 1)[1]
        for name in names_of[source]:
            text = text.replace(name, f"{name}-{tag}")
        return text

    print(
        f"{len(many):,} letters ({args.copies} copies of {len(records):,}), "
        f"{len(true_links):,} true links"
    )
    for label in ("clean", "noisy"):
        given = many if label == "clean" else noise.damage(many, seed=args.seed)[0]
        before = load_average()
        # No sampling thread (TreeMemory) here: walking /proc every 50 ms cost about 0.1 s
        # of CPU a time, inside the timing; pairing runs in this one process, so the
        # kernel's peak RSS says its memory.
        started, cpu = time.perf_counter(), time.process_time()
        pairing = pair_letters(given, text_of=text_of)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        found = {(link.reply_id, link.letter_id) for link in pairing.links}
        right = len(found & true_links)
        print(
            f"{label}: precision {right / len(found):.4f}, recall {right / len(true_links):.4f}, "
            f"{seconds:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peak_rss_mb():.0f} MB so far"
        )
        print("  " + load_text(before, load_average()))


if __name__ == "__main__":
    main()
