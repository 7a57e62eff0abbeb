"""Long fuzz run: many random cases for the query parser, the readers and the extractor.

The property is the one tests/test_fuzz.py checks with a few hundred cases: the query
parser and compiler raise only ``QueryError``, the readers only ``ReadError``, the
extractor nothing; and a whole search (matching, ranking, snippets, facets, did-you-mean)
on the bundled sample archive raises only ``QueryError``. Here each target gets
``--cases`` cases (100,000 by default) from a seeded generator, so a failure found here
can be run again. Each failure is printed with
its input (shortened); the run exits 1 if there was any.

    python bench/fuzz.py                          # 100,000 cases for each target
    python bench/fuzz.py --targets search --cases 20000
    python bench/fuzz.py --cases 2000 --targets query,extract --seed 3
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.extract import extract  # noqa: E402
from archive.models import Metadata  # noqa: E402
from archive.readers import ReadError, read_bytes  # noqa: E402
from index.compile import compile_query  # noqa: E402
from index.fields import FIELDS  # noqa: E402
from index.query import QueryError, as_you_type, parse, terms_of  # noqa: E402

SAMPLE_LETTERS = Path(__file__).resolve().parent.parent / "archive" / "sample" / "letters"
FORMATS = {"txt": ".txt", "md": ".md", "pdf": ".pdf", "docx": ".docx", "eml": ".eml"}
#: Failures printed in full per target (all are counted).
SHOWN_FAILURES = 20
#: A case slower than this is counted as slow (bounded work is part of what is fuzzed).
SLOW_SECONDS = 1.0

QUERY_PIECES = [
    *(f"{name}:" for f in FIELDS for name in (f.name, *f.aliases)),
    *["(", ")", '"', "“", "”", "-", "*", "~", "~2", "~3", "OR", "AND", "NOT", "||", "&&"],
    *["..", ">", ">=", "<", "<=", "2016", "2016-10-24", "9999", "0001", "4294967296"],
    *[" ", "\t", "\n", "\x00", "\x1b[31m", "\u202e", "\u200b", ":", "/", "M11295/16", "\udcff"],
    *["to_mp", "reply", "unpaired", "dear", "a", "footbridge", "[bold]", "٢٠١٦", "１２"],
]

LETTER_PIECES = [
    *["Dear ", "Dear Minister,\n", "Yours sincerely,\n", "Yours faithfully\n", "Our ref: "],
    *["Your ref: ", "M11295/16", "MC2016/12345", "24 October 2016", "24/10/2016", "Rt Hon "],
    *["MP\n", "Minister of State ", "Home Office", "Department for Education", "cc: "],
    *["Subject: ", "Re: ", "\n\n", "\n", "\f", "\x00", "\u202e", "Telford", "Council", "PP "],
    *["Member of Parliament for ", "House of Commons\nLondon SW1A 0AA\n", "Lord ", "Dame "],
]


@dataclass
class Tally:
    name: str
    cases: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    slow: int = 0
    slowest: tuple[float, str] = (0.0, "")
    seconds: float = 0.0


def shown(value: object, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 20] + f"... ({len(text):,} chars)"


# -- generators ----------------------------------------------------------------------------------


def random_text(rng: random.Random, size: int) -> str:
    """Characters from everywhere: ASCII, controls, accents, scripts, astral, surrogates."""
    ranges = [(0x20, 0x7E), (0x00, 0x1F), (0x7F, 0x9F), (0xA0, 0x24F), (0x370, 0x6FF)]
    ranges += [(0x2000, 0x206F), (0x3000, 0x30FF), (0xD800, 0xDFFF), (0x1F300, 0x1F6FF)]
    chars = []
    for _ in range(size):
        low, high = rng.choice(ranges) if rng.random() < 0.4 else (0x20, 0x7E)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


WORDS = ["school", "funding", "housing", "passport", "police", "minister", "dear", "the"]
WORDS += ["Vance", "Renwick", "Kearney", "Ofsted", "M11295/16", "2017-0021874", "TR/EDU/0322"]
FIELD_VALUES = {
    "mp": WORDS[8:11] + ['"Nadia Farrow"'],
    "dept": ["education", '"Home Office"', "hmrc"],
    "date": ["2017", "2017-05", "2016..2018", ">2017-03", "<=2019-10-04", "..2017"],
    "year": ["2017", "2015..2019", ">2016", "<2019"],
    "dir": ["to_mp", "from_mp", "other"],
    "is": ["reply", "unpaired", "unanswered", "uncertain"],
    "has": ["reply", "note", "tag"],
    "days": [">20", "<=20", "5..10"],
    "tag": ["follow-up", "fol*"],
    "ref": ["M11295/16", "2017-0021874", "tr/edu*"],
    "subject": ["funding", '"school funding"'],
}


def grammatical_query(rng: random.Random, depth: int = 0) -> str:
    """A query the grammar accepts, mostly: what reaches matching, ranking and snippets."""
    items = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.15 and depth < 4:
            item = "(" + grammatical_query(rng, depth + 1) + ")"
        elif roll < 0.45:
            name = rng.choice(list(FIELD_VALUES))
            item = f"{name}:{rng.choice(FIELD_VALUES[name])}"
        elif roll < 0.55:
            item = '"' + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) + '"'
            item += rng.choice(["", "", "~", "~3"])
        else:
            word = rng.choice(WORDS)
            item = word + rng.choice(["", "", "", "*", "~", "~2"]) if word.isalpha() else word
        if rng.random() < 0.15:
            item = rng.choice(["-", "NOT "]) + item
        items.append(item)
    joiner = rng.choice([" ", " ", " OR ", " AND "])
    return joiner.join(items)


def random_query(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return random_text(rng, rng.randint(0, 120))
    if roll < 0.5:
        return grammatical_query(rng)
    parts = []
    for _ in range(rng.randint(1, 24)):
        kind = rng.random()
        if kind < 0.55:
            parts.append(rng.choice(QUERY_PIECES))
        elif kind < 0.7:
            parts.append(random_text(rng, rng.randint(1, 6)))
        elif kind < 0.85:
            sign = rng.choice(["", ">", ">=", "<", "<=", "..", "2016.."])
            number = str(rng.choice([rng.randint(0, 99999), 10 ** rng.randint(0, 30)]))
            if rng.random() < 0.3:
                number += f"-{rng.randint(0, 99)}-{rng.randint(0, 99)}"
            parts.append(sign + number)
        elif kind < 0.95:
            parts.append(
                rng.choice(["(", "NOT ", "-", "mp:(", "a~ ", "a OR "]) * rng.randint(1, 400)
            )
        else:
            parts.append(rng.choice("abcdefghij") * rng.randint(1, 3000))
    return "".join(parts)


def random_letter(rng: random.Random, samples: list[str]) -> str:
    roll = rng.random()
    if roll < 0.2:
        return random_text(rng, rng.randint(0, 400))
    if roll < 0.5:
        text = list(rng.choice(samples))
        for _ in range(rng.randint(1, 20)):
            where = rng.randrange(len(text) + 1)
            how = rng.random()
            if how < 0.4:
                text[where:where] = rng.choice(LETTER_PIECES)
            elif how < 0.7:
                del text[where : where + rng.randint(1, 80)]
            else:
                text[where:where] = random_text(rng, rng.randint(1, 8))
        return "".join(text)
    return "".join(
        rng.choice(LETTER_PIECES) if rng.random() < 0.6 else random_text(rng, rng.randint(1, 12))
        for _ in range(rng.randint(0, 80))
    )


def damaged(rng: random.Random, data: bytes) -> bytes:
    """A copy of ``data`` with a few bytes flipped, zeroed, cut or inserted, or truncated."""
    copy = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not copy:
            break
        where = rng.randrange(len(copy))
        how = rng.random()
        if how < 0.4:
            copy[where] ^= rng.randint(1, 255)
        elif how < 0.55:
            size = rng.randint(1, 64)
            copy[where : where + size] = bytes(len(copy[where : where + size]))
        elif how < 0.75:
            del copy[where : where + rng.randint(1, 256)]
        elif how < 0.95:
            copy[where:where] = rng.randbytes(rng.randint(1, 32))
        else:
            del copy[where:]
    return bytes(copy)


# -- targets -------------------------------------------------------------------------------------


def check_query(query: str) -> None:
    assert as_you_type(query).startswith(query)
    try:
        tree = parse(query)
    except QueryError as error:
        assert 0 <= error.position <= len(query), f"position {error.position} outside the query"
        assert str(error).strip(), "empty message"
        return
    compile_query(tree, lambda _node: [], [])
    terms_of(tree)


class SearchTarget:
    """Whole searches on the bundled sample letters, imported into a temporary archive."""

    def __init__(self) -> None:
        from archive.sample import sample_letters
        from archive.store import Store
        from index.pipeline import run_import
        from index.searcher import Searcher

        self.folder = Path(tempfile.mkdtemp(prefix="dispatchbox-fuzz-"))
        store = Store(self.folder / "archive", create=True)
        with sample_letters() as letters:
            run_import(store, [letters], workers=1, pair=False)
        self.searcher = Searcher(store)

    def check(self, query: str) -> None:
        try:
            self.searcher.search(query, facets=True)
        except QueryError as error:
            assert 0 <= error.position <= len(query), f"position {error.position} outside"

    def close(self) -> None:
        self.searcher.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def check_read(case: tuple[str, bytes]) -> None:
    fmt, data = case
    try:
        document = read_bytes(data, fmt)
    except ReadError as error:
        assert str(error).strip(), "empty reason"
        return
    assert isinstance(document.text, str)


def check_extract(text: str) -> None:
    assert isinstance(extract(text), Metadata)


def run_target(
    tally: Tally, cases: int, make: Callable[[], object], check: Callable[[object], None]
) -> None:
    started = time.perf_counter()
    report_every = max(1, cases // 10)
    for number in range(cases):
        case = make()
        case_started = time.perf_counter()
        try:
            check(case)
        except Exception as error:  # noqa: BLE001 - any other exception is what we look for
            where = traceback.extract_tb(error.__traceback__)[-1]
            reason = f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})"
            tally.failures.append((reason[:300], shown(case)))
        spent = time.perf_counter() - case_started
        tally.slow += spent > SLOW_SECONDS
        if spent > tally.slowest[0]:
            tally.slowest = (spent, shown(case, 80))
        tally.cases += 1
        if (number + 1) % report_every == 0:
            print(
                f"  {tally.name}: {number + 1:,} cases, {len(tally.failures)} failures",
                file=sys.stderr,
                flush=True,
            )
    tally.seconds = time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases per target")
    parser.add_argument("--targets", default="query,readers,extract,search")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    samples = {
        fmt: [p.read_bytes() for p in sorted(SAMPLE_LETTERS.glob(f"*{suffix}"))]
        for fmt, suffix in FORMATS.items()
    }
    small = {fmt: min(found, key=len) for fmt, found in samples.items()}
    texts = [read_bytes(data, "txt").text for data in samples["txt"]]
    rng = random.Random(args.seed)

    def reader_case() -> tuple[str, bytes]:
        fmt = rng.choice(list(FORMATS))
        roll = rng.random()
        if roll < 0.2:
            return fmt, rng.randbytes(rng.randint(0, 2000))
        if roll < 0.3:  # another format's file under this one's name
            return fmt, damaged(rng, small[rng.choice(list(FORMATS))])
        return fmt, damaged(rng, small[fmt] if rng.random() < 0.8 else rng.choice(samples[fmt]))

    targets: dict[str, tuple[Callable[[], object], Callable[[object], None]]] = {
        "query": (lambda: random_query(rng), check_query),  # type: ignore[dict-item]
        "readers": (reader_case, check_read),  # type: ignore[dict-item]
        "extract": (lambda: random_letter(rng, texts), check_extract),  # type: ignore[dict-item]
    }
    chosen = [t.strip() for t in args.targets.split(",") if t.strip()]
    search = SearchTarget() if "search" in chosen else None
    if search is not None:
        targets["search"] = (lambda: random_query(rng), search.check)  # type: ignore[assignment]
    unknown = [t for t in chosen if t not in targets]
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}; targets are {', '.join(targets)}")

    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; seed {args.seed}")
    print("load average before: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    tallies = []
    for name in chosen:
        tally = Tally(name)
        make, check = targets[name]
        run_target(tally, args.cases, make, check)
        tallies.append(tally)
    print("load average after:  " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    if search is not None:
        search.close()

    print(f"{'target':<9} {'cases':>9} {'failures':>9} {'slow':>6} {'seconds':>8}  slowest")
    for tally in tallies:
        print(
            f"{tally.name:<9} {tally.cases:>9,} {len(tally.failures):>9,} {tally.slow:>6,} "
            f"{tally.seconds:>8.1f}  {tally.slowest[0]:.2f} s {tally.slowest[1]}"
        )
    for tally in tallies:
        for reason, case in tally.failures[:SHOWN_FAILURES]:
            print(f"FAIL {tally.name}: {reason}\n     input: {case}")
        if len(tally.failures) > SHOWN_FAILURES:
            print(f"... and {len(tally.failures) - SHOWN_FAILURES:,} more {tally.name} failures")
    sys.exit(1 if any(t.failures for t in tallies) else 0)


if __name__ == "__main__":
    main()
