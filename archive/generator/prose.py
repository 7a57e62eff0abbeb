"""Letter bodies: the slots a thread fills in, filler sentences and paragraphs of a set length."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from archive.generator.dates import MONTHS, date_text, ordinal_day, working_day
from archive.generator.draws import Draws
from archive.generator.filler import CONNECTORS, OPENERS, Filler
from archive.generator.people import CONSTITUENT_FIRST, MP, TITLES
from archive.generator.topics import CHARITY_KINDS, SMALL
from archive.generator.world import World


class Prose:
    """Writes the paragraphs of a letter: topical sentences among Zipf filler."""

    def __init__(self, draws: Draws, world: World, filler: Filler) -> None:
        self.draws = draws
        self.world = world
        self.filler = filler

    def slots(self, mp: MP, day: dt.date, subject: str | None = None) -> dict[str, str]:
        rng = self.draws.rng
        towns = mp.towns
        place = towns[0] if self.draws.rnd() < 0.6 else self.draws.pick(towns)
        place2 = self.draws.pick([town for town in towns if town != place])
        who = int(self.draws.rnd() * len(CONSTITUENT_FIRST))
        title = self.draws.pick(TITLES[who % 2])
        past = working_day(day - dt.timedelta(days=rng.randint(10, 120)))
        future = working_day(day + dt.timedelta(days=rng.randint(20, 45)))
        slots = {
            "place": place,
            "place2": place2,
            "area": mp.constituency,
            "county": mp.county,
            "council": mp.council,
            "force": self.world.police[mp.county].spec.names[0][1],
            "hospital": mp.hospital,
            "trust": mp.trust,
            "school": self.draws.pick(mp.schools),
            "prison": mp.prison,
            "river": mp.river,
            "constituent": f"{title} {CONSTITUENT_FIRST[who]} {self.world.surname()}",
            "money": self.draws.money(),
            "money_b": f"£{rng.randint(2, 60)}.{rng.randint(1, 9)} billion",
            "num": str(rng.randint(12, 900)),
            "small": self.draws.pick(SMALL),
            "pct": str(rng.randint(4, 60)),
            "year_before": str(day.year - rng.randint(1, 3)),
            "month": MONTHS[(day.month - rng.randint(2, 5)) % 12],
            "past_date": date_text(past, 0),
            "future_date": date_text(future, 0),
            "committee": "",
            "charity": f"The {mp.county} {self.draws.pick(CHARITY_KINDS)}",
            "grade": self.draws.pick(
                ("be good", "require improvement", "be outstanding", "be inadequate", "be good")
            ),
            "subject": "",
        }
        slots["subject"] = subject.format_map(slots) if subject is not None else ""
        return slots

    def sentence(self) -> tuple[str, int]:
        filler = self.filler
        size = len(filler.clauses)
        first = int(self.draws.rnd() * size)
        opener = self.draws.pick(OPENERS)
        text = opener + filler.clauses[first]
        words = filler.words[first] + opener.count(" ")
        if self.draws.rnd() < 0.55:
            second = int(self.draws.rnd() * size)
            connector = self.draws.pick(CONNECTORS)
            text += connector + filler.clauses[second]
            words += filler.words[second] + connector.count(" ")
        return text[0].upper() + text[1:] + ".", words

    def paragraphs(
        self, lead: str, templates: Sequence[str], slots: Mapping[str, str], target: int
    ) -> list[str]:
        """Body paragraphs of about ``target`` words: topical sentences among Zipf filler."""
        pool = list(templates)
        self.draws.rng.shuffle(pool)
        paragraphs: list[str] = []
        sentences = [lead] if lead else []
        words = lead.count(" ") + 1 if lead else 0
        per_paragraph = 1 + int(self.draws.rnd() * 3) if lead else 2 + int(self.draws.rnd() * 4)
        while words < target:
            if pool and self.draws.rnd() < 0.62:
                sentence = pool.pop().format_map(slots)
                words += sentence.count(" ") + 1
            else:
                sentence, count = self.sentence()
                words += count
            sentences.append(sentence)
            if len(sentences) >= per_paragraph:
                paragraphs.append(" ".join(sentences))
                sentences = []
                per_paragraph = 2 + int(self.draws.rnd() * 4)
        if sentences:
            paragraphs.append(" ".join(sentences))
        return paragraphs

    def cited(self, day: dt.date, style: int, with_year: bool) -> str:
        month = MONTHS[day.month - 1]
        numeric = style == 2
        if numeric:
            return f"{day.day:02d}/{day.month:02d}/{day.year}"
        day_text = ordinal_day(day.day) if style in (1, 3) else str(day.day)
        if style == 4:
            return f"{month} {day.day}, {day.year}" if with_year else f"{month} {day.day}"
        return f"{day_text} {month} {day.year}" if with_year else f"{day_text} {month}"
