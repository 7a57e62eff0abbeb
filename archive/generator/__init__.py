"""Deterministic synthetic archives of MPs' correspondence, for benchmarks and scale tests.

Everything is drawn from one ``random.Random(seed)``, so the same (count, seed, noise,
malformed) always writes the same bytes. The report carries the ground truth of every file,
including what a reply truly answers even where the text has been made deliberately wrong.
"""

from __future__ import annotations

from pathlib import Path
from random import Random

from archive.generator.engine import Generator
from archive.generator.truth import KINDS, LAYOUTS, GeneratedLetter, GenerateReport, read_truth

__all__ = [
    "KINDS",
    "LAYOUTS",
    "GenerateReport",
    "GeneratedLetter",
    "generate_archive",
    "read_truth",
]


def generate_archive(
    count: int,
    directory: Path,
    *,
    seed: int = 0,
    noise: float = 0.1,
    malformed: int | None = None,
    realistic: float = 0.3,
    hard: float = 0.1,
) -> GenerateReport:
    """Write ``count`` synthetic letters under ``directory`` and return their ground truth.

    ``noise`` is the fraction of replies whose text is made misleading (a missing reference,
    a wrong "letter of" date or year, or a second same-day letter from the MP to another
    department). ``malformed`` files (binary, empty, cp1252, whitespace) default to about
    0.1% of ``count`` from 200 files up. ``realistic`` is the share of letters written in a
    layout learnt from real published letters (flattened PDF text, cover headings, one-line
    or missing signatures, Outlook headers, answers to Parliamentary Questions); those draws
    come from a second random stream, so every other file is the same whatever the share.
    ``hard`` is the share of files given to the cases pairing finds hard: letters transferred
    to another department, one reply to two or three letters, replies citing neither a
    reference nor a date, holding then full replies. They are written last, from a third
    stream, so the other files are those of a smaller archive with the same seed.
    """
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be between 0 and 1, got {noise}")
    if malformed is None:
        malformed = max(1, round(count * 0.001)) if count >= 200 else 0
    if not 0.0 <= realistic <= 1.0:
        raise ValueError(f"realistic must be between 0 and 1, got {realistic}")
    if not 0.0 <= hard <= 1.0:
        raise ValueError(f"hard must be between 0 and 1, got {hard}")
    if not 0 <= malformed <= count:
        raise ValueError(f"malformed must be between 0 and count ({count}), got {malformed}")
    if directory.exists():
        if not directory.is_dir():
            raise ValueError(f"{directory} exists and is not a directory")
        if any(directory.iterdir()):
            raise ValueError(f"{directory} is not empty; generate into a new or empty directory")
    directory.mkdir(parents=True, exist_ok=True)
    generator = Generator(
        Random(seed), directory, noise, Random(f"dispatchbox-layouts-{seed}"), realistic
    )
    generator.run(count - malformed, hard, Random(f"dispatchbox-hard-{seed}"))
    generator.add_malformed(malformed)
    letters = tuple(sorted(generator.truth, key=lambda letter: letter.file))
    return GenerateReport(directory=directory, letters=letters)
