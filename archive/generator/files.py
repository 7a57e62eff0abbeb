"""Files of a generated archive: their names, bytes on disk, ground truth and thread numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from archive.generator.draws import Draws
from archive.generator.text import slug
from archive.generator.truth import GeneratedLetter


class ArchiveFiles:
    """Names and writes each file and keeps its ground truth, until the archive is full."""

    def __init__(self, draws: Draws, directory: Path) -> None:
        self.draws = draws
        self.directory = directory
        self.truth: list[GeneratedLetter] = []
        self.used_files: set[str] = set()
        self.made_dirs: set[int] = set()
        self.thread_count = 0
        #: How many files the archive is to hold once the current stream stops.
        self.wanted = 0

    def room(self) -> bool:
        return len(self.truth) < self.wanted

    def file_name(
        self, day: dt.date, word: str, reference: str | None, who: str, short: str, md: bool
    ) -> str:
        roll = self.draws.rnd()
        iso = day.isoformat()
        if reference and roll < 0.7:
            stem = f"{iso}_{slug(reference)}_{word}"
        elif roll < 0.8:
            stem = f"{iso}_{slug(who)}_{word}"
        elif roll < 0.9:
            plain = "letter" if word.startswith("to_") else word
            stem = f"{short} {plain} {day.day:02d}.{day.month:02d}.{day.year % 100:02d}"
        else:
            stem = f"{day.year}{day.month:02d}{day.day:02d} {who} {word}"
        extension = ".md" if md else ".txt"
        name = f"{day.year}/{stem}{extension}"
        suffix = 2
        while name in self.used_files:
            name = f"{day.year}/{stem}_{suffix}{extension}"
            suffix += 1
        self.used_files.add(name)
        return name

    def write(self, name: str, data: bytes, year: int) -> None:
        if year not in self.made_dirs:
            (self.directory / str(year)).mkdir(exist_ok=True)
            self.made_dirs.add(year)
        with open(self.directory / name, "wb") as handle:
            handle.write(data)

    def emit(self, blocks: list[list[str]], md: bool, lead_blank: int) -> bytes:
        text = "\n" * lead_blank + "\n\n".join("\n".join(block) for block in blocks if block)
        roll = self.draws.rnd()
        if roll < 0.5:
            text += "\n"
        if not md and roll > 0.97:
            text = text.replace("\n", "\r\n")
        return text.encode("utf-8")

    def record(self, name: str, data: bytes, day: dt.date, letter: GeneratedLetter) -> int:
        self.write(name, data, day.year)
        self.truth.append(letter)
        return len(self.truth) - 1

    def thread_id(self) -> str:
        self.thread_count += 1
        return f"t{self.thread_count:06d}"
