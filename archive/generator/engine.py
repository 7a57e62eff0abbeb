"""The generator: builds the world, then writes threads of letters until the archive is full."""

from __future__ import annotations

from pathlib import Path
from random import Random

from archive.generator.correspondence import Correspondence
from archive.generator.dates import FIRST_DAY, LAST_DAY, date_text
from archive.generator.draws import Draws
from archive.generator.files import ArchiveFiles
from archive.generator.filler import build_filler
from archive.generator.hard import HardCases
from archive.generator.kit import Kit
from archive.generator.layouts import RealisticLayouts
from archive.generator.letters import Letters
from archive.generator.prose import Prose
from archive.generator.text import slug
from archive.generator.truth import GeneratedLetter
from archive.generator.world import World

_MALFORMED_KINDS = ("binary", "empty", "cp1252", "whitespace")


class Generator:
    """Builds the world, then writes threads of letters until the archive is full."""

    def __init__(
        self, rng: Random, directory: Path, noise: float, layout_rng: Random, realistic: float
    ) -> None:
        self.draws = Draws(rng)
        filler = build_filler(rng)  # drawn first: the world comes from the same stream
        self.world = World(self.draws)
        prose = Prose(self.draws, self.world, filler)
        self.files = ArchiveFiles(self.draws, directory)
        layouts = RealisticLayouts(self.world, layout_rng, realistic)
        kit = Kit(self.draws, self.world, prose, self.files, layouts)
        letters = Letters(kit, noise)
        self.correspondence = Correspondence(kit, letters)
        self.hard = HardCases(kit, letters, self.correspondence)

    @property
    def truth(self) -> list[GeneratedLetter]:
        return self.files.truth

    def run(self, wanted: int, hard: float = 0.0, hard_rng: Random | None = None) -> None:
        self.files.wanted = wanted - round(wanted * hard)
        while self.files.room():
            roll = self.draws.rnd()
            if roll < 0.6:
                self.correspondence.mp_thread()
            elif roll < 0.7:
                self.correspondence.orphan_reply()
            elif roll < 0.76:
                self.correspondence.committee_thread()
            elif roll < 0.88:
                self.correspondence.agency_notice()
            else:
                self.correspondence.other_letter()
        if hard_rng is None or self.files.wanted >= wanted:
            return
        main_rng = self.draws.rng
        self.draws.use(hard_rng)
        self.files.wanted = wanted
        while self.files.room():
            self.hard.write_one()
        self.draws.use(main_rng)

    def add_malformed(self, number: int) -> None:
        rng = self.draws.rng
        for index in range(number):
            kind = _MALFORMED_KINDS[index % len(_MALFORMED_KINDS)]
            day = self.draws.date_between(FIRST_DAY.toordinal(), LAST_DAY.toordinal())
            if kind == "binary":
                header = rng.choice(
                    (b"\x89PNG\r\n\x1a\n", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"PK\x03\x04")
                )
                data = header + b"\x00\x00" + rng.randbytes(rng.randint(200, 3000))
                stem = f"scan_{index:04d}"
            elif kind == "empty":
                data = b""
                stem = f"letter_{index:04d}"
            elif kind == "cp1252":
                mp = self.world.mps[int(self.draws.rnd() * len(self.world.mps))]
                text = (
                    f"{mp.name} MP\r\nHouse of Commons\r\n\r\n{date_text(day, 0)}\r\n\r\n"
                    f"Dear Minister,\r\n\r\nI enclose a note from my constituent’s café in "
                    f"{mp.towns[0]} about the £{rng.randint(100, 9000)} fine – résumé attached.\r\n"
                )
                data = text.encode("cp1252")
                stem = f"{slug(mp.surname)}_note_{index:04d}"
            else:
                data = rng.choice((b"   \n\n\t \n", b"\r\n\r\n   \r\n", b" " * rng.randint(1, 80)))
                stem = f"page_{index:04d}"
            name = f"{day.year}/{day.isoformat()}_{stem}.txt"
            while name in self.files.used_files:
                name = name[:-4] + "_x.txt"
            self.files.used_files.add(name)
            self.files.write(name, data, day.year)
            self.files.truth.append(
                GeneratedLetter(
                    file=name,
                    kind="malformed",
                    date=None,
                    thread=self.files.thread_id(),
                )
            )
