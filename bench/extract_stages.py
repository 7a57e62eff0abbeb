"""Where the CPU of extraction goes: each stage ``extract`` runs, timed on the same letters.

    python bench/extract_stages.py --letters DIR [--count 4000] [--code DIR] [--rounds 3]

Reads the first ``--count`` letters of a generated archive (see bench_archive.py's
``--phase generate``: its PDFs, Word files and e-mails are read first, untimed), then runs
``archive.extract.extract`` on each: once as it is, for the total, then with each stage
it calls (and the steps of the layout's analysis) wrapped in a CPU clock, for the split.
``--code`` times another checkout's extractor (e.g. an export of main) with this script:
compare two codes in the same run, alternately. Prints CPU ms per letter (the best of
``--rounds``) and the load average. A stage the other code does not have is left out.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_average, parse_stage_args, print_per_letter  # noqa: E402

#: What ``extract`` calls, by name in ``archive.extract.letter``, in the order it calls them.
LETTER_STAGES = (
    "analyse",
    "_inline_headers",
    "find_references",
    "read_cover",
    "_letter_date",
    "read_signature",
    "read_header_blocks",
    "sort_blocks",
    "read_sender",
    "read_recipient",
    "read_parties",
    "read_direction",
    "signed_as_mp",
    "read_reply_date",
    "read_cc",
    "read_places",
    "read_subject",
    "read_contacts",
    "read_people",
)
#: The layout's steps (inside ``analyse``): functions of ``archive.extract.layout``, then
#: methods of its ``_Analysis``.
LAYOUT_FUNCTIONS = ("processing_view", "_without_cover_note", "_split_lines", "titled_names_in")
LAYOUT_METHODS = (
    "_find_cover",
    "_find_heading_spans",
    "_find_salutation",
    "_find_header_end",
    "_find_closing",
    "_find_signature_start",
    "_find_signature",
    "_find_body",
    "_find_letter_end",
    "_find_address_spans",
    "_find_body_start",
)


def read_letters(folder: Path, count: int) -> list[tuple[str, Any]]:
    """The text and headers of the first ``count`` letters that can be read."""
    from archive.readers import ReadError, format_for, read_bytes

    letters: list[tuple[str, Any]] = []
    for path in sorted(folder.rglob("*")):
        fmt = format_for(path)
        if fmt is None or not path.is_file():
            continue
        try:
            document = read_bytes(path.read_bytes(), fmt)
        except ReadError:
            continue
        letters.append((document.text, document.headers))
        if len(letters) >= count:
            break
    return letters


def _wrap(owner: Any, name: str, label: str, spent: dict[str, float]) -> None:
    """Replace ``owner.name`` by the same function adding its CPU seconds to ``spent``."""
    function = getattr(owner, name, None)
    if function is None:
        return
    spent[label] = 0.0

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    setattr(owner, name, timed)


def measure(letters: list[tuple[str, Any]], rounds: int) -> dict[str, float]:
    """CPU ms per letter: ``extract`` in all, then each stage (the best of ``rounds``)."""
    import archive.extract.layout as layout
    import archive.extract.letter as letter

    def run() -> float:
        started = time.process_time()
        for text, headers in letters:
            letter.extract(text, headers=headers)
        return (time.process_time() - started) * 1000 / len(letters)

    run()  # caches filled and modules loaded before the clock runs
    best = {"extract (unwrapped)": min(run() for _ in range(rounds))}
    spent: dict[str, float] = {}
    for name in LETTER_STAGES:
        _wrap(letter, name, name, spent)
    for name in LAYOUT_FUNCTIONS:
        _wrap(layout, name, f"  analyse: {name}", spent)
    analysis = getattr(layout, "_Analysis", None)
    for name in LAYOUT_METHODS if analysis is not None else ():
        _wrap(analysis, name, f"  analyse: {name}", spent)
    for _ in range(rounds):
        spent.update(dict.fromkeys(spent, 0.0))
        total = run()
        best["extract (wrapped)"] = min(best.get("extract (wrapped)", total), total)
        for label, seconds in spent.items():
            per_letter = seconds * 1000 / len(letters)
            best[label] = min(best.get(label, per_letter), per_letter)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--letters", type=Path, required=True)
    parser.add_argument("--count", type=int, default=4000)
    args = parse_stage_args(parser)
    letters = read_letters(args.letters, args.count)
    if not letters:
        parser.error(f"no letters could be read in {args.letters}")
    before = load_average()
    figures = measure(letters, args.rounds)
    print(f"{len(letters)} letters, code {args.code}")
    print_per_letter(figures, before)


if __name__ == "__main__":
    main()
