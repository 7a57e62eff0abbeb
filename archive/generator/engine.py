"""The generator: builds the world, then writes threads of letters until the archive is full."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from random import Random

from archive.generator.dates import (
    _ELECTIONS,
    _FIRST_DAY,
    _LAST_DAY,
    _MONTHS,
    _WEEKDAYS,
    _date_list,
    _date_text,
    _ordinal,
    _weekday,
)
from archive.generator.departments import _BODIES, _Body, _BodySpec
from archive.generator.filler import (
    _CONNECTORS,
    _OPENERS,
    _accumulate,
    _build_filler,
    _zipf_cumulative,
)
from archive.generator.hard import (
    _AGAIN_OPENINGS,
    _CONSTITUENT_OPENINGS,
    _FULL_OPENINGS,
    _HOLDING_NOTICES,
    _SEVERAL_OPENINGS,
    _TRANSFER_NOTICES,
    _TRANSFERRED_OPENINGS,
    _UNCITED_OPENINGS,
)
from archive.generator.layouts import (
    _blocks_text,
    _bold,
    _capital,
    _cover_text,
    _flat_text,
    _named,
    _Parts,
    _plain,
    _public,
    _run_together,
    _slug,
    _the,
    _the_body,
    _with_note,
)
from archive.generator.people import (
    _CONSTITUENCY_SUFFIXES,
    _CONSTITUENT_FIRST,
    _FIRST_NAMES,
    _MP,
    _PLACE_HEADS,
    _PLACE_LIKE_SURNAMES,
    _PLACE_TAILS,
    _REAL_PLACES,
    _SURNAME_HEADS,
    _SURNAME_TAILS,
    _TITLES,
    _VILLAGE_TAILS,
    _awkward,
    _Person,
)
from archive.generator.topics import (
    _AGENCY_NOTICE,
    _CHARITY_KINDS,
    _CHARITY_SENTENCES,
    _COMMITTEE_SENTENCES,
    _COMMITTEES,
    _COUNCIL_SENTENCES,
    _GENERIC_MP,
    _GENERIC_REPLY,
    _SMALL,
    _TOPICS,
    _Topic,
)
from archive.generator.truth import GeneratedLetter

_MALFORMED_KINDS = ("binary", "empty", "cp1252", "whitespace")


@dataclass(slots=True)
class _Thread:
    id: str
    mp: _MP
    topic: _Topic
    topic_key: str
    slots: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Sent:
    """What a written letter needs to be cited later."""

    index: int
    file: str
    date: dt.date
    references: tuple[str, ...]


class _Generator:
    """Builds the world, then writes threads of letters until the archive is full."""

    def __init__(
        self, rng: Random, directory: Path, noise: float, layout_rng: Random, realistic: float
    ) -> None:
        self.rng = rng
        #: Draws for the realistic layouts only, so they never shift the main stream.
        self.lrng = layout_rng
        self.realistic = realistic
        self.rnd: Callable[[], float] = rng.random
        self.directory = directory
        self.noise = noise
        self.truth: list[GeneratedLetter] = []
        self.used_files: set[str] = set()
        self.made_dirs: set[int] = set()
        self.thread_count = 0
        self.wanted = 0
        used_names: set[str] = set()
        self.filler = _build_filler(rng)
        self.mps = self._build_mps(used_names)
        self.mp_cumulative = _zipf_cumulative(len(self.mps), 0.7)
        self.bodies = {spec.key: self._build_body(spec, used_names) for spec in _BODIES}
        self.ministerial = [b for b in self.bodies.values() if b.spec.ministerial]
        self.agencies = [b for b in self.bodies.values() if not b.spec.ministerial]
        self.all_bodies = list(self.bodies.values())
        self.body_cumulative = list(_accumulate(b.spec.weight for b in self.all_bodies))
        self.police = {
            county: self._build_police(county, used_names)
            for county in dict.fromkeys(mp.county for mp in self.mps)
        }
        self.committee_chairs = [
            [self._active_mp(dt.date(2012 + 4 * block, 1, 1)) for block in range(4)]
            for _ in _COMMITTEES
        ]

    # ---- world building

    def _person_name(self, used: set[str]) -> tuple[str, str, str]:
        rng = self.rng
        while True:
            first, gender = _FIRST_NAMES[rng.randrange(len(_FIRST_NAMES))]
            surname = self._surname()
            if rng.random() < 0.07:
                surname = f"{surname}-{self._surname()}"
            name = f"{first} {surname}"
            if name not in used:
                used.add(name)
                return first, surname, gender

    def _surname(self) -> str:
        rng = self.rng
        while True:
            head = _SURNAME_HEADS[rng.randrange(len(_SURNAME_HEADS))]
            surname = head + _SURNAME_TAILS[rng.randrange(len(_SURNAME_TAILS))]
            if surname not in _PLACE_LIKE_SURNAMES:
                return surname

    def _build_mps(self, used_names: set[str]) -> list[_MP]:
        rng = self.rng
        towns = [
            head + tail
            for head in _PLACE_HEADS
            for tail in _PLACE_TAILS
            if head + tail not in _REAL_PLACES and not _awkward(head, tail)
        ]
        rng.shuffle(towns)
        villages = [head + tail for head in _PLACE_HEADS for tail in _VILLAGE_TAILS]
        counties = [head + "shire" for head in _PLACE_HEADS if not head.endswith("sh")]
        rng.shuffle(counties)
        counties = counties[:30]
        rivers = [head + tail for head in _PLACE_HEADS for tail in ("e", "en", "ey", "an")]
        elections = [e.toordinal() for e in _ELECTIONS]
        first_day, last_day = _FIRST_DAY.toordinal(), _LAST_DAY.toordinal()
        mps: list[_MP] = []
        for index in range(400):
            first, surname, gender = self._person_name(used_names)
            main, second = towns[2 * index], towns[2 * index + 1]
            shape = rng.random()
            if shape < 0.4:
                constituency = main
            elif shape < 0.65:
                constituency = f"{main} and {second}"
            elif shape < 0.9:
                constituency = main + _CONSTITUENCY_SUFFIXES[rng.randrange(5)]
            else:
                constituency = f"{main} and Rye" if rng.random() < 0.5 else f"Mid {main}"
            local = (main, second, *rng.sample(villages, 2))
            county = counties[index % len(counties)]
            council = rng.choice(
                (
                    f"{county} County Council",
                    f"{main} Borough Council",
                    f"{main} District Council",
                    f"{main} and {second} Council",
                )
            )
            start = rng.choices(range(5), weights=(30, 25, 15, 20, 10))[0]
            start_day = first_day if start == 0 else elections[start]
            end_choices = [e for e in elections if e > start_day + 365] + [last_day + 1]
            end_day = rng.choice(end_choices) - 1
            initials = (first[0] + surname[0]).upper()
            mps.append(
                _MP(
                    name=f"{first} {surname}",
                    first=first,
                    surname=surname,
                    gender=gender,
                    constituency=constituency,
                    towns=local,
                    county=county,
                    council=council,
                    hospital=rng.choice(
                        (
                            f"{main} General Hospital",
                            f"{second} Community Hospital",
                            f"{county} Royal Infirmary",
                        )
                    ),
                    trust=rng.choice(
                        (
                            f"{county} Hospitals NHS Foundation Trust",
                            f"{main} and {county} NHS Trust",
                        )
                    ),
                    schools=(
                        f"{second} Academy",
                        f"{local[2]} Primary School",
                        f"{main} High School",
                    ),
                    prison=towns[800 + index % max(1, len(towns) - 800)],
                    river=rivers[rng.randrange(len(rivers))],
                    initials=initials,
                    email=f"{first}.{surname}.mp@parliament.uk".lower(),
                    phone=f"020 7946 0{rng.randrange(1000):03d}",
                    active_from=max(first_day, start_day),
                    active_to=min(last_day, end_day),
                )
            )
        return mps

    def _official(self, used: set[str], role: str, member: bool) -> _Person:
        rng = self.rng
        first, surname, gender = self._person_name(used)
        peer = member and bool(role) and rng.random() < 0.12
        name = f"{first} {surname}"
        if peer:
            name = f"{'Lord' if gender == 'm' else 'Baroness'} {surname}"
        rt_hon = member and not peer and (not role or rng.random() < 0.35)
        return _Person(name, first, surname, gender, role, rt_hon, peer, member)

    def _build_body(self, spec: _BodySpec, used: set[str]) -> _Body:
        rng = self.rng
        starts: list[int] = []
        eras: list[tuple[_Person, ...]] = []
        day = dt.date(2009, 6, 1)
        juniors: list[_Person] = []
        while day <= _LAST_DAY:
            head = self._official(used, "", spec.ministerial)
            kept = [person for person in juniors if rng.random() < 0.3]
            wanted = rng.randint(1, min(3, len(spec.junior_roles)))
            free = [r for r in spec.junior_roles if r not in {p.role for p in kept}]
            while len(kept) < wanted and free:
                role = free.pop(rng.randrange(len(free)))
                kept.append(self._official(used, role, spec.ministerial))
            juniors = kept
            starts.append(day.toordinal())
            eras.append((head, *juniors))
            following = day + dt.timedelta(days=rng.randint(300, 1100))
            elections = [e for e in _ELECTIONS if day < e < following]
            day = elections[0] if elections else following
        name_starts = tuple(dt.date.fromisoformat(s).toordinal() for s, _, _ in spec.names)
        return _Body(spec, name_starts, tuple(starts), tuple(eras))

    def _build_police(self, county: str, used: set[str]) -> _Body:
        rng = self.rng
        force = f"{county} Police" if rng.random() < 0.6 else f"{county} Constabulary"
        spec = _BodySpec(
            "police",
            (("2009-01-01", force, _slug(county)[:6].upper() + "P"),),
            ("Police Headquarters", f"{county} Road", f"{county[:-5]}bury"),
            "",
            ("Our ref:",),
            "CC/{yy}/{n4}",
            (("2009-01-01", "Chief Constable"),),
            ("Police and Crime Commissioner", "Assistant Chief Constable"),
            ("policing",),
            0,
            ministerial=False,
        )
        return self._build_body(spec, used)

    def _active_mp(self, day: dt.date) -> _MP:
        ordinal = day.toordinal()
        active = [mp for mp in self.mps if mp.active_from <= ordinal <= mp.active_to]
        return self.rng.choice(active or self.mps)

    # ---- small draws

    def _pick(self, items: Sequence[str]) -> str:
        return items[int(self.rnd() * len(items))]

    def _date_between(self, first: int, last: int) -> dt.date:
        return _weekday(dt.date.fromordinal(first + int(self.rnd() * (last - first + 1))))

    def _date_style(self) -> int:
        roll = self.rnd()
        return (
            0
            if roll < 0.55
            else 1
            if roll < 0.75
            else 2
            if roll < 0.85
            else 3
            if roll < 0.94
            else 4
        )

    def _money(self) -> str:
        if self.rnd() < 0.6:
            return f"£{self.rng.randint(1, 40)}.{self.rng.randint(1, 99):02d} million"
        return f"£{self.rng.randint(15, 950) * 1000:,}"

    def _reference(self, body: _Body, day: dt.date) -> str:
        rng = self.rng
        values = {
            "yy": f"{day.year % 100:02d}",
            "yyyy": str(day.year),
            "n4": f"{rng.randrange(10**4):04d}",
            "n5": f"{rng.randrange(10**5):05d}",
            "n6": f"{rng.randrange(10**6):06d}",
            "n7": f"{rng.randrange(10**7):07d}",
        }
        return body.spec.ref_pattern.format_map(values)

    def _mp_reference(self, mp: _MP) -> str:
        return f"{mp.initials}/{self.rng.randrange(10**4):04d}"

    def _choose_mp(self) -> _MP:
        return self.rng.choices(self.mps, cum_weights=self.mp_cumulative)[0]

    def _choose_body(self, day: dt.date, exclude: _Body | None = None) -> _Body | None:
        for _ in range(12):
            body = self.rng.choices(self.all_bodies, cum_weights=self.body_cumulative)[0]
            if body is not exclude and body.name_at(day)[0]:
                return body
        return None

    def _slots(self, mp: _MP, day: dt.date, subject: str | None = None) -> dict[str, str]:
        rng = self.rng
        towns = mp.towns
        place = towns[0] if self.rnd() < 0.6 else self._pick(towns)
        place2 = self._pick([town for town in towns if town != place])
        who = int(self.rnd() * len(_CONSTITUENT_FIRST))
        title = self._pick(_TITLES[who % 2])
        past = _weekday(day - dt.timedelta(days=rng.randint(10, 120)))
        future = _weekday(day + dt.timedelta(days=rng.randint(20, 45)))
        slots = {
            "place": place,
            "place2": place2,
            "area": mp.constituency,
            "county": mp.county,
            "council": mp.council,
            "force": self.police[mp.county].spec.names[0][1],
            "hospital": mp.hospital,
            "trust": mp.trust,
            "school": self._pick(mp.schools),
            "prison": mp.prison,
            "river": mp.river,
            "constituent": f"{title} {_CONSTITUENT_FIRST[who]} {self._surname()}",
            "money": self._money(),
            "money_b": f"£{rng.randint(2, 60)}.{rng.randint(1, 9)} billion",
            "num": str(rng.randint(12, 900)),
            "small": self._pick(_SMALL),
            "pct": str(rng.randint(4, 60)),
            "year_before": str(day.year - rng.randint(1, 3)),
            "month": _MONTHS[(day.month - rng.randint(2, 5)) % 12],
            "past_date": _date_text(past, 0),
            "future_date": _date_text(future, 0),
            "committee": "",
            "charity": f"The {mp.county} {self._pick(_CHARITY_KINDS)}",
            "grade": self._pick(
                ("be good", "require improvement", "be outstanding", "be inadequate", "be good")
            ),
            "subject": "",
        }
        slots["subject"] = subject.format_map(slots) if subject is not None else ""
        return slots

    # ---- text

    def _sentence(self) -> tuple[str, int]:
        filler = self.filler
        size = len(filler.clauses)
        first = int(self.rnd() * size)
        opener = self._pick(_OPENERS)
        text = opener + filler.clauses[first]
        words = filler.words[first] + opener.count(" ")
        if self.rnd() < 0.55:
            second = int(self.rnd() * size)
            connector = self._pick(_CONNECTORS)
            text += connector + filler.clauses[second]
            words += filler.words[second] + connector.count(" ")
        return text[0].upper() + text[1:] + ".", words

    def _paragraphs(
        self, lead: str, templates: Sequence[str], slots: Mapping[str, str], target: int
    ) -> list[str]:
        """Body paragraphs of about ``target`` words: topical sentences among Zipf filler."""
        pool = list(templates)
        self.rng.shuffle(pool)
        paragraphs: list[str] = []
        sentences = [lead] if lead else []
        words = lead.count(" ") + 1 if lead else 0
        per_paragraph = 1 + int(self.rnd() * 3) if lead else 2 + int(self.rnd() * 4)
        while words < target:
            if pool and self.rnd() < 0.62:
                sentence = pool.pop().format_map(slots)
                words += sentence.count(" ") + 1
            else:
                sentence, count = self._sentence()
                words += count
            sentences.append(sentence)
            if len(sentences) >= per_paragraph:
                paragraphs.append(" ".join(sentences))
                sentences = []
                per_paragraph = 2 + int(self.rnd() * 4)
        if sentences:
            paragraphs.append(" ".join(sentences))
        return paragraphs

    def _body_words(self, low: int = 150, high: int = 900, mode: int = 300) -> int:
        return int(self.rng.triangular(low, high, mode))

    def _cited(self, day: dt.date, style: int, with_year: bool) -> str:
        month = _MONTHS[day.month - 1]
        numeric = style == 2
        if numeric:
            return f"{day.day:02d}/{day.month:02d}/{day.year}"
        day_text = _ordinal(day.day) if style in (1, 3) else str(day.day)
        if style == 4:
            return f"{month} {day.day}, {day.year}" if with_year else f"{month} {day.day}"
        return f"{day_text} {month} {day.year}" if with_year else f"{day_text} {month}"

    # ---- files

    def _room(self) -> bool:
        return len(self.truth) < self.wanted

    def _file_name(
        self, day: dt.date, word: str, reference: str | None, who: str, short: str, md: bool
    ) -> str:
        roll = self.rnd()
        iso = day.isoformat()
        if reference and roll < 0.7:
            stem = f"{iso}_{_slug(reference)}_{word}"
        elif roll < 0.8:
            stem = f"{iso}_{_slug(who)}_{word}"
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

    def _write(self, name: str, data: bytes, year: int) -> None:
        if year not in self.made_dirs:
            (self.directory / str(year)).mkdir(exist_ok=True)
            self.made_dirs.add(year)
        with open(self.directory / name, "wb") as handle:
            handle.write(data)

    def _emit(self, blocks: list[list[str]], md: bool, lead_blank: int) -> bytes:
        text = "\n" * lead_blank + "\n\n".join("\n".join(block) for block in blocks if block)
        roll = self.rnd()
        if roll < 0.5:
            text += "\n"
        if not md and roll > 0.97:
            text = text.replace("\n", "\r\n")
        return text.encode("utf-8")

    def _record(self, name: str, data: bytes, day: dt.date, letter: GeneratedLetter) -> int:
        self._write(name, data, day.year)
        self.truth.append(letter)
        return len(self.truth) - 1

    # ---- letters from MPs

    def _mp_letter(
        self,
        thread: _Thread,
        body: _Body,
        day: dt.date,
        *,
        committee: str | None = None,
        answering: _Sent | None = None,
        opening: str | None = None,
    ) -> _Sent | None:
        """An MP's letter to a minister or public body; ``answering`` makes it a follow-up."""
        if not self._room() or day > _LAST_DAY or not body.name_at(day)[0]:
            return None
        rnd = self.rnd
        mp = thread.mp
        md = rnd() < 0.12
        bold = _bold if md else _plain
        people = body.people_at(day)
        minister = people[0] if rnd() < 0.45 else people[int(rnd() * len(people))]
        body_name, short = body.name_at(day)
        role = body.role_of(minister, day)
        blocks: list[list[str]] = []
        if committee:
            blocks.append([bold("House of Commons"), bold(committee), bold("London SW1A 0AA")])
        elif rnd() < 0.5:
            blocks.append([bold(f"{mp.name} MP"), bold("House of Commons"), "London SW1A 0AA"])
        else:
            blocks.append([bold("House of Commons"), bold("London SW1A 0AA")])
            if rnd() < 0.4:
                blocks.append([f"Tel: {mp.phone}", f"Email: {mp.email}"])
        references: list[str] = []
        ref_lines: list[str] = []
        if answering is not None and answering.references and rnd() < 0.8:
            references.append(answering.references[0])
            ref_lines.append(f"Your ref: {answering.references[0]}")
        if not committee and rnd() < 0.3:
            own = self._mp_reference(mp)
            references.append(own)
            ref_lines.append(f"Our ref: {own}")
        style = self._date_style()
        date_line = _date_text(day, style)
        recipient = [minister.formal, role, body_name, *body.spec.address]
        if not body.spec.ministerial:
            recipient = [minister.name, role, body_name, *body.spec.address]
        if rnd() < 0.3:
            blocks += [[date_line], recipient, ref_lines]
        else:
            blocks += [recipient, ref_lines, [date_line]]
        if minister.peer:
            salutation = f"Dear {minister.name},"
        elif body.spec.ministerial and rnd() < 0.25:
            salutation = "Dear Secretary of State," if not minister.role else "Dear Minister,"
        elif body.spec.ministerial or rnd() < 0.5:
            salutation = f"Dear {minister.first},"
        else:
            salutation = f"Dear {'Mr' if minister.gender == 'm' else 'Ms'} {minister.surname},"
        blocks.append([salutation])
        slots = thread.slots
        in_reply_to: dt.date | None = None
        if opening is not None:
            lead = opening.format_map(slots)
        elif answering is not None:
            in_reply_to = answering.date
            cited = _date_text(answering.date, style if style != 3 else 0)
            lead = f"Thank you for your letter of {cited} about {slots['subject']}. " + self._pick(
                (
                    "I am afraid that my constituent remains dissatisfied.",
                    "I remain concerned about this matter.",
                    "I would be grateful for some further clarification.",
                )
            )
        elif committee:
            slots = dict(slots, committee=committee)
            lead = _COMMITTEE_SENTENCES[0].format_map(slots)
        else:
            lead = self._pick(
                (
                    "I am writing to you about {subject}.",
                    "I write to raise {subject}.",
                    "I am writing on behalf of my constituent, {constituent}, about {subject}.",
                    "I would like to draw your attention to {subject}.",
                )
            ).format_map(slots)
        if committee:
            templates = [*thread.topic.mp, *_COMMITTEE_SENTENCES[1:]]
        else:
            templates = [*thread.topic.mp, *_GENERIC_MP]
        paragraphs = self._paragraphs(lead, templates, slots, self._body_words())
        for paragraph in paragraphs:
            blocks.append([paragraph])
        closing = self._pick(
            (
                "I look forward to your reply.",
                "I look forward to hearing from you.",
                "Thank you for your help.",
            )
        )
        blocks.append([closing])
        valediction = self._pick(
            ("Yours sincerely,", "Yours sincerely,", "Yours ever,", "With best wishes,")
        )
        blocks.append([valediction])
        if rnd() < 0.15:
            blocks.append([f"A handwritten signature, appearing to read '{mp.first}'."])
        if committee:
            blocks.append([bold(f"{mp.name} MP"), f"Chair, {committee}"])
        else:
            blocks.append([bold(f"{mp.name} MP"), f"Member of Parliament for {mp.constituency}"])
        data = self._emit(blocks, md, 0)
        word = "letter" if rnd() < 0.5 else f"to_{short.lower()}"
        own_ref = references[-1] if references else None
        name = self._file_name(day, word, own_ref, mp.surname, short, md)
        letter = GeneratedLetter(
            file=name,
            kind="letter",
            date=day,
            references=tuple(references),
            mp=mp.name,
            area=mp.constituency,
            department=body_name,
            sender_name=mp.name,
            recipient_name=minister.name,
            direction="from_mp",
            in_reply_to_date=in_reply_to,
            replies_to=answering.file if answering else None,
            thread=thread.id,
        )
        if self._realistic_draw():
            parts = _Parts(
                [],
                recipient,
                ref_lines,
                date_line,
                salutation,
                [*paragraphs, closing],
                valediction,
                [f"{mp.name} MP"],
            )
            data, letter = self._realistic_mp_letter(letter, parts, mp, role, body, committee)
        index = self._record(name, data, day, letter)
        return _Sent(index, name, day, tuple(references))

    # ---- replies to MPs

    def _reply(
        self,
        thread: _Thread,
        body: _Body,
        day: dt.date,
        *,
        answering: _Sent | None,
        cited_date: dt.date,
        holding: bool = False,
        after_holding: _Sent | None = None,
        further: bool = False,
        committee: str | None = None,
        allow_same_day: bool = True,
        reuse_reference: str | None = None,
        opening: str | None = None,
        notice: Sequence[str] = (),
        also: Sequence[_Sent] = (),
        cites: bool = True,
    ) -> _Sent | None:
        """A department's (or public body's) reply to an MP, in or out of the archive."""
        if not self._room() or day > _LAST_DAY or not body.name_at(day)[0]:
            return None
        rnd = self.rnd
        mp = thread.mp
        spec = body.spec
        noise = ""
        if rnd() < self.noise:
            kinds = ["no_ref", "wrong_day", "wrong_year"]
            if allow_same_day and answering is not None and not committee:
                kinds.append("same_day")
            noise = self._pick(kinds)
        if noise == "same_day" and answering is not None:
            self._same_day_letter(thread, body, answering.date)
        md = rnd() < 0.12
        bold = _bold if md else _plain
        people = body.people_at(day)
        signer = people[0] if rnd() < 0.35 else people[int(rnd() * len(people))]
        role = body.role_of(signer, day)
        body_name, short = body.name_at(day)
        blocks: list[list[str]] = []
        head = [bold(body_name)]
        if rnd() < 0.5:
            blocks += [head, [role]]
        else:
            blocks.append(head)
        address = list(spec.address)
        if spec.web and rnd() < 0.6:
            address.append(body.web_at(day))
        blocks.append(address)
        recipient = [f"{mp.name} MP"]
        if committee:
            recipient.append(f"Chair, {committee}")
        recipient += (
            ["House of Commons", "London", "SW1A 0AA"]
            if rnd() < 0.6
            else ["House of Commons", "London SW1A 0AA"]
        )
        references: list[str] = []
        ref_lines: list[str] = []
        if noise != "no_ref":
            reference = reuse_reference or self._reference(body, day)
            label = spec.ref_labels[0] if rnd() < 0.75 else self._pick(spec.ref_labels)
            references.append(reference)
            ref_lines.append(f"{bold(label) if md else label} {reference}")
            if answering is not None and rnd() < 0.7:
                theirs = [r for r in answering.references if r.startswith(mp.initials + "/")]
                if theirs:
                    references.append(theirs[0])
                    ref_lines.append(f"Your ref: {theirs[0]}")
        style = self._date_style()
        date_line = _date_text(day, style)
        blocks += [recipient, ref_lines, [date_line]]
        if spec.ministerial or rnd() < 0.5:
            salutation = f"Dear {mp.first},"
        else:
            salutation = f"Dear {'Mr' if mp.gender == 'm' else 'Ms'} {mp.surname},"
        blocks.append([salutation])

        stated = cited_date
        with_year = rnd() < 0.3
        if noise == "wrong_day":
            shift = self.rng.randint(1, 6) * (1 if rnd() < 0.5 else -1)
            stated = cited_date + dt.timedelta(days=shift)
        elif noise == "wrong_year":
            with_year = True
            year = cited_date.year - 1 if rnd() < 0.7 else cited_date.year + 1
            stated = cited_date.replace(year=year, day=min(cited_date.day, 28))
            if cited_date.month != 2:
                stated = cited_date.replace(year=year)
        cited_style = style if rnd() < 0.7 else self._date_style()
        if cited_style == 2 and noise != "wrong_year" and rnd() < 0.5:
            cited_style = 0
        cited = self._cited(stated, cited_style, with_year or cited_style == 2)
        slots = thread.slots
        about = self._pick(("about", "about", "regarding", "concerning", "requesting action on"))
        further_word = "further " if further else ""
        if opening is not None:
            lead = opening
            stated = cited_date
        elif after_holding is not None:
            lead = (
                f"Further to my letter of {_date_text(after_holding.date, 0)}, I am now able to "
                f"reply to your letter of {cited} {about} {slots['subject']}."
            )
        else:
            lead = f"Thank you for your {further_word}letter of {cited} {about} {slots['subject']}."
            if committee:
                lead = (
                    f"Thank you for your letter of {cited} on behalf of the {committee} "
                    f"{about} {slots['subject']}."
                )
        if answering is not None and rnd() < 0.2:
            lead += " I am sorry it has taken some time to reply."
        if notice:
            paragraphs = [lead, *notice]
        elif holding:
            paragraphs = [
                lead,
                self._pick(
                    (
                        "I am sorry that I am not yet in a position to send you a full reply.",
                        "Your letter raises a number of detailed points, and officials are "
                        "making enquiries so that I can respond fully.",
                    )
                ),
                *self._paragraphs("", (), slots, self._body_words(60, 160, 80)),
                "I will write to you again as soon as possible.",
            ]
        else:
            generic = _public(_GENERIC_REPLY) if committee else _GENERIC_REPLY
            templates = [*thread.topic.reply, *generic]
            paragraphs = self._paragraphs(lead, templates, slots, self._body_words())
        for paragraph in paragraphs:
            blocks.append([paragraph])
        endings: list[str] = []
        if not holding and rnd() < 0.25:
            other = self._choose_mp()
            endings.append(
                self._pick(
                    (
                        f"I have copied this letter to {other.name} MP, the Member for "
                        f"{other.constituency}.",
                        f"I have also copied this letter to {slots['council']}.",
                        f"I am copying this letter to {other.name} MP, who has raised "
                        "similar concerns.",
                    )
                )
            )
        endings.append(
            self._pick(
                (
                    "I hope this reply is helpful.",
                    "I hope this is helpful.",
                    "Thank you again for writing.",
                )
            )
        )
        blocks += [[ending] for ending in endings]
        valediction = ""
        if rnd() < 0.6:
            valediction = self._pick(("Yours sincerely,", "Yours ever,", "Yours sincerely,"))
            blocks.append([valediction])
        roll = rnd()
        if roll < 0.35:
            ink = "black" if rnd() < 0.7 else "blue"
            note = f"A handwritten signature in {ink} ink, appearing to read '{signer.name}'."
            blocks.append([f"*{note}*" if md else note])
        elif roll < 0.45:
            blocks.append(["[Signature]"])
        signature = [bold(signer.formal)]
        if rnd() < 0.6 or not spec.ministerial:
            signature.append(role)
        blocks.append(signature)
        data = self._emit(blocks, md, self.rng.choice((0, 0, 0, 1, 2, 4)))
        word = "holding_reply" if holding else "reply"
        name = self._file_name(
            day, word, references[0] if references else None, mp.surname, short, md
        )
        letter = GeneratedLetter(
            file=name,
            kind="reply",
            date=day,
            references=tuple(references),
            mp=mp.name,
            area=mp.constituency,
            department=body_name,
            sender_name=signer.name,
            recipient_name=mp.name,
            direction="to_mp",
            in_reply_to_date=stated if cites else None,
            replies_to=answering.file if answering else None,
            thread=thread.id,
            also_replies_to=tuple(sent.file for sent in also),
        )
        if self._realistic_draw():
            parts = _Parts(
                [body_name, *address],
                recipient,
                [line.replace("**", "") for line in ref_lines],
                date_line,
                salutation,
                [*paragraphs, *endings],
                valediction or "Yours sincerely,",
                [signer.formal, role],
            )
            pq_lead = lead if answering is None and after_holding is None and not holding else ""
            data, letter = self._realistic_reply(
                letter, parts, mp, signer, role, body, committee, slots, pq_lead
            )
        index = self._record(name, data, day, letter)
        return _Sent(index, name, day, tuple(references))

    def _same_day_letter(self, thread: _Thread, body: _Body, day: dt.date) -> None:
        """Noise: the same MP writes to another department on the same day."""
        other = self._choose_body(day, exclude=body)
        if other is None:
            return
        topic_key = self._pick(other.spec.topics)
        topic = _TOPICS[topic_key]
        sibling = _Thread(
            self._thread_id(),
            thread.mp,
            topic,
            topic_key,
            self._slots(thread.mp, day, self._pick(topic.subjects)),
        )
        sent = self._mp_letter(sibling, other, day)
        if sent is not None and self.rnd() < 0.5:
            reply_day = _weekday(day + dt.timedelta(days=self.rng.randint(14, 84)))
            self._reply(
                sibling, other, reply_day, answering=sent, cited_date=day, allow_same_day=False
            )

    # ---- threads

    def _thread_id(self) -> str:
        self.thread_count += 1
        return f"t{self.thread_count:06d}"

    def _new_thread(self, mp: _MP, body: _Body, day: dt.date, *, casework: bool = True) -> _Thread:
        topic_key = self._pick(body.spec.topics)
        topic = _TOPICS[topic_key]
        if not casework:
            topic = _Topic(
                _public(topic.subjects) or ("the matters set out below",),
                _public(topic.mp),
                _public(topic.reply),
            )
        slots = self._slots(mp, day, self._pick(topic.subjects))
        return _Thread(self._thread_id(), mp, topic, topic_key, slots)

    def _gap(self, day: dt.date, low: int = 14, high: int = 84) -> dt.date:
        return _weekday(day + dt.timedelta(days=self.rng.randint(low, high)))

    def _mp_thread(self) -> None:
        mp = self._choose_mp()
        day = self._date_between(mp.active_from, mp.active_to)
        body = self._choose_body(day)
        if body is None:
            return
        if not body.spec.ministerial and self.rnd() < 0.3:
            body = self.police[mp.county]
        thread = self._new_thread(mp, body, day)
        letter = self._mp_letter(thread, body, day)
        if letter is None:
            return
        outcome = self.rnd()
        if outcome < 0.15:
            return  # unanswered
        reply_day = self._gap(day)
        if outcome < 0.24:
            holding = self._reply(
                thread, body, self._gap(day, 5, 15), answering=letter, cited_date=day, holding=True
            )
            if holding is None:
                return
            reply = self._reply(
                thread,
                body,
                self._gap(holding.date, 14, 60),
                answering=letter,
                cited_date=day,
                after_holding=holding,
                reuse_reference=holding.references[0] if holding.references else None,
            )
        else:
            reply = self._reply(thread, body, reply_day, answering=letter, cited_date=day)
        if reply is None or self.rnd() >= 0.25:
            return
        follow_up = self._mp_letter(thread, body, self._gap(reply.date, 7, 40), answering=reply)
        if follow_up is None or self.rnd() >= 0.8:
            return
        dept_refs = [r for r in follow_up.references if not r.startswith(mp.initials + "/")]
        self._reply(
            thread,
            body,
            self._gap(follow_up.date),
            answering=follow_up,
            cited_date=follow_up.date,
            further=True,
            reuse_reference=dept_refs[0] if dept_refs and self.rnd() < 0.6 else None,
        )

    def _orphan_reply(self) -> None:
        """A reply to a letter that is not in the archive."""
        mp = self._choose_mp()
        day = self._date_between(mp.active_from, mp.active_to)
        body = self._choose_body(day)
        if body is None:
            return
        thread = self._new_thread(mp, body, day)
        cited = _weekday(day - dt.timedelta(days=self.rng.randint(14, 84)))
        self._reply(thread, body, day, answering=None, cited_date=cited)

    def _committee_thread(self) -> None:
        which = int(self.rnd() * len(_COMMITTEES))
        committee, key = _COMMITTEES[which]
        chairs = self.committee_chairs[which]
        day = self._date_between(_FIRST_DAY.toordinal(), _LAST_DAY.toordinal())
        chair = chairs[min(3, (day.year - 2010) // 4)]
        day = _weekday(
            dt.date.fromordinal(min(max(day.toordinal(), chair.active_from), chair.active_to))
        )
        body = self.bodies[key]
        thread = self._new_thread(chair, body, day, casework=False)
        letter = self._mp_letter(thread, body, day, committee=committee)
        if letter is not None and self.rnd() < 0.5:
            self._reply(
                thread,
                body,
                self._gap(day, 20, 60),
                answering=letter,
                cited_date=day,
                committee=committee,
            )

    def _agency_notice(self) -> None:
        """A public body writes to an MP unprompted: an inspection, an operation, works."""
        mp = self._choose_mp()
        day = self._date_between(mp.active_from, mp.active_to)
        kind = self._pick(("police", "police", "nhse", "ea", "nr", "ofsted"))
        body = self.police[mp.county] if kind == "police" else self.bodies[kind]
        if not self._room():
            return
        rnd = self.rnd
        thread = self._new_thread(mp, body, day)
        people = body.people_at(day)
        signer = people[int(rnd() * len(people))]
        role = body.role_of(signer, day)
        body_name, short = body.name_at(day)
        md = rnd() < 0.12
        bold = _bold if md else _plain
        reference = self._reference(body, day) if rnd() < 0.6 else None
        blocks: list[list[str]] = [
            [bold(body_name)],
            [line for line in (*body.spec.address, body.web_at(day)) if line],
            [f"{mp.name} MP", "House of Commons", "London SW1A 0AA"],
            [f"Our ref: {reference}"] if reference else [],
            [_date_text(day, self._date_style())],
            [f"Dear {mp.first}," if rnd() < 0.5 else f"Dear {mp.name},"],
        ]
        if kind == "ofsted":
            templates: Sequence[str] = _TOPICS["ofsted"].reply
        else:
            templates = _AGENCY_NOTICE[kind]
        lead = templates[0].format_map(thread.slots)
        paragraphs = self._paragraphs(lead, templates[1:], thread.slots, self._body_words())
        for paragraph in paragraphs:
            blocks.append([paragraph])
        blocks.append(["Yours sincerely,"])
        blocks.append([bold(signer.name), role, body_name])
        data = self._emit(blocks, md, 0)
        name = self._file_name(day, "letter", reference, mp.surname, short, md)
        letter = GeneratedLetter(
            file=name,
            kind="letter",
            date=day,
            references=(reference,) if reference else (),
            mp=mp.name,
            area=mp.constituency,
            department=body_name,
            sender_name=signer.name,
            recipient_name=mp.name,
            direction="to_mp",
            in_reply_to_date=None,
            replies_to=None,
            thread=thread.id,
        )
        if self._realistic_draw():
            data, letter = self._realistic_notice(
                letter, kind, signer.name, role, mp, paragraphs, reference
            )
        self._record(name, data, day, letter)

    def _other_letter(self) -> None:
        """Correspondence without an MP: a minister to a council leader, a charity to a minister."""
        if not self._room():
            return
        rnd = self.rnd
        mp = self.mps[int(rnd() * len(self.mps))]  # lends its places, not its name
        day = self._date_between(_FIRST_DAY.toordinal(), _LAST_DAY.toordinal())
        body = self.ministerial[int(rnd() * len(self.ministerial))]
        body_name, short = body.name_at(day)
        if not body_name:
            return
        thread = self._new_thread(mp, body, day)
        slots = thread.slots
        people = body.people_at(day)
        minister = people[int(rnd() * len(people))]
        role = body.role_of(minister, day)
        md = rnd() < 0.12
        bold = _bold if md else _plain
        first, surname, _ = self._person_name(set())
        date_line = _date_text(day, self._date_style())
        references: tuple[str, ...] = ()
        if rnd() < 0.5:
            reference = self._reference(body, day)
            references = (reference,)
        if rnd() < 0.5:
            sender, recipient = minister.name, f"Councillor {first} {surname}"
            blocks: list[list[str]] = [
                [bold(body_name)],
                list(body.spec.address),
                [recipient, f"Leader, {mp.council}", "Town Hall", mp.towns[0]],
                [f"Our ref: {references[0]}"] if references else [],
                [date_line],
                [f"Dear Councillor {surname},"],
            ]
            lead = _COUNCIL_SENTENCES[0].format_map(slots)
            templates = [*thread.topic.reply, *_COUNCIL_SENTENCES[1:]]
            closing = [bold(minister.formal), role]
            word = "to_council"
        else:
            sender, recipient = f"{first} {surname}", minister.name
            charity = slots["charity"]
            blocks = [
                [bold(charity), f"{mp.towns[1]} House", mp.towns[0]],
                [minister.formal, role, body_name, *body.spec.address],
                [f"Your ref: {references[0]}"] if references else [],
                [date_line],
                ["Dear Minister," if rnd() < 0.6 else f"Dear {minister.first},"],
            ]
            lead = _CHARITY_SENTENCES[0].format_map(slots)
            templates = list(_CHARITY_SENTENCES[1:])
            closing = [bold(sender), f"Chief Executive, {charity}"]
            word = "from_charity"
        for paragraph in self._paragraphs(lead, templates, slots, self._body_words()):
            blocks.append([paragraph])
        blocks += [["Yours sincerely,"], closing]
        data = self._emit(blocks, md, 0)
        name = self._file_name(day, word, references[0] if references else None, surname, short, md)
        self._record(
            name,
            data,
            day,
            GeneratedLetter(
                file=name,
                kind="letter",
                date=day,
                references=references,
                mp=None,
                area=None,
                department=body_name,
                sender_name=sender,
                recipient_name=recipient,
                direction="other",
                in_reply_to_date=None,
                replies_to=None,
                thread=thread.id,
            ),
        )

    # ---- layouts learnt from real published letters

    def _realistic_draw(self) -> bool:
        return self.lrng.random() < self.realistic

    def _layout_bytes(self, text: str) -> bytes:
        return (text + "\n" if self.lrng.random() < 0.5 else text).encode("utf-8")

    def _layout_person(self) -> str:
        """A fictional official for a sender the world does not model (a council, a trust)."""
        rng = self.lrng
        first = _FIRST_NAMES[rng.randrange(len(_FIRST_NAMES))][0]
        head = _SURNAME_HEADS[rng.randrange(len(_SURNAME_HEADS))]
        return f"{first} {head}{_SURNAME_TAILS[rng.randrange(len(_SURNAME_TAILS))]}"

    def _foot_date(self, day: dt.date) -> str:
        return _date_text(day, self.lrng.choice((0, 0, 1, 4)))

    def _realistic_mp_letter(
        self,
        letter: GeneratedLetter,
        parts: _Parts,
        mp: _MP,
        role: str,
        body: _Body,
        committee: str | None,
    ) -> tuple[bytes, GeneratedLetter]:
        """An MP's letter as published: flattened, under a cover heading, or co-signed."""
        rng = self.lrng
        assert letter.date is not None
        day = letter.date
        addressee = role if body.spec.ministerial else f"{role} of {letter.department}"
        roll = rng.random()
        if committee:
            chair = f"Chair of the {committee}"
            if roll < 0.35:
                parts.letterhead = ["HOUSE OF COMMONS", committee.upper(), "LONDON SW1A 0AA"]
                parts.signature = [f"{mp.name} MP", chair]
                return self._layout_bytes(_flat_text(parts, rng)), replace(
                    letter, layout="flattened"
                )
            block = min(3, (day.year - 2010) // 4)
            others = [
                (name, chairs[block])
                for (name, _), chairs in zip(_COMMITTEES, self.committee_chairs, strict=True)
                if name != committee and chairs[block].name != mp.name
            ]
            heading = [f"Select Committee on {committee.removesuffix(' Committee')} Correspondence"]
            if roll < 0.7 or not others:
                chair_word = rng.choice(("Chair", "Chairman", "Chair"))
                heading.append(
                    f"Letter to {_the(addressee)} from the {chair_word} of the Committee"
                )
                signature = [mp.name] if rng.random() < 0.5 else [f"{mp.name} MP", chair]
                layout = "cover"
            else:
                other_committee, other = others[rng.randrange(len(others))]
                heading.append(
                    f"Letter to {_the(addressee)} from the Chairs of the {committee} and the "
                    f"{other_committee}"
                )
                signature = [mp.name, "", other.name]
                layout = "signatories"
            text = _cover_text(heading, parts, signature, self._foot_date(day), rng)
            return self._layout_bytes(text), _named(letter, text, layout)
        if roll < 0.45:
            if rng.random() < 0.5:
                parts.letterhead = [
                    f"{mp.name.upper()} MP, MEMBER OF PARLIAMENT FOR {mp.constituency.upper()}",
                    "HOUSE OF COMMONS LONDON SW1A 0AA",
                ]
            else:
                parts.letterhead = ["House of Commons London SW1A 0AA"]
            parts.signature = [f"{mp.name} MP", f"Member of Parliament for {mp.constituency}"]
            return self._layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        if roll < 0.7:
            parts.letterhead = [
                f"MEMBER OF PARLIAMENT FOR {mp.constituency.upper()}",
                "HOUSE OF COMMONS",
                "LONDON SW1A 0AA",
            ]
            parts.signature = [mp.name]
            text = _blocks_text(parts)
            return self._layout_bytes(text), replace(letter, layout="caps_letterhead")
        heading = [f"Letter from {mp.name} MP to {_the(addressee)}"]
        text = _cover_text(heading, parts, [mp.name], self._foot_date(day), rng)
        return self._layout_bytes(text), _named(letter, text, "cover")

    def _realistic_reply(
        self,
        letter: GeneratedLetter,
        parts: _Parts,
        mp: _MP,
        signer: _Person,
        role: str,
        body: _Body,
        committee: str | None,
        slots: Mapping[str, str],
        pq_lead: str,
    ) -> tuple[bytes, GeneratedLetter]:
        """A reply to an MP as published or forwarded: Hansard, cover sheets, e-mail, unsigned."""
        rng = self.lrng
        assert letter.date is not None and letter.department is not None
        day, department = letter.date, letter.department
        title = "Mr" if mp.gender == "m" else rng.choice(("Ms", "Mrs"))
        dated = f"dated {_date_text(day, rng.choice((0, 0, 1)))}:"
        roll = rng.random()
        if pq_lead and not body.spec.ministerial and roll < 0.7:
            # Hansard prints an agency chief executive's answer to a Parliamentary Question.
            subject = slots["subject"]
            opening = rng.choice(
                (
                    f"As {role} of {department}, it is my responsibility to answer questions "
                    "about operational matters. I am therefore replying to your recent "
                    f"Parliamentary Question about {subject}.",
                    "The Secretary of State has asked me to reply to your recent "
                    f"Parliamentary Question about {subject}.",
                    f"I have been asked to reply to your Parliamentary Question about {subject}.",
                )
            )
            first = parts.paragraphs[0].removeprefix(pq_lead).strip()
            paragraphs = [opening, *([first] if first else []), *parts.paragraphs[1:]]
            cover_line = f"Letter from {signer.name} to {title} {mp.name}, {dated}"
            text = cover_line + rng.choice(("\n", " ")) + _run_together(paragraphs, rng)
            if parts.references:
                text += "\n" + " ".join(parts.references)
            return self._layout_bytes(text), replace(
                letter, in_reply_to_date=None, layout="pq_answer"
            )
        if committee:
            if roll < 0.6:
                heading = [f"Reply from {_the(role)} to {mp.name} MP, Chair of the {committee}"]
                text = _cover_text(heading, parts, [signer.formal], self._foot_date(day), rng)
                return self._layout_bytes(text), replace(letter, layout="cover")
            parts.signature = [signer.formal, role]
            return self._layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        note = rng.choice(
            (
                f"I understand that your constituent, {slots['constituent']}, is still waiting "
                "for an answer.",
                "I am sorry for the difficulties your constituent has faced.",
            )
        )
        if roll < 0.3:
            if rng.random() < 0.5:
                parts.recipient = [
                    mp.name,
                    f"Member of Parliament for {mp.constituency}",
                    "House of Commons London SW1A 0AA",
                ]
            parts.signature = [signer.formal, role]
            return self._layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        if roll < 0.5:
            hour = rng.randint(8, 18)
            header = [
                f"From: {signer.surname.upper()}, {signer.first}",
                f"Sent: {_WEEKDAYS[day.weekday()]}, {_date_text(day, 4)} "
                f"{(hour - 1) % 12 + 1}:{rng.randrange(60):02d} {'AM' if hour < 12 else 'PM'}",
                f"To: {mp.surname.upper()}, {mp.first}",
                f"Subject: RE: {_capital(slots['subject'])}",
            ]
            blocks = [
                header,
                parts.references,
                [parts.salutation],
                *([paragraph] for paragraph in _with_note(parts.paragraphs, note)),
                [parts.valediction],
                [signer.formal, role, department],
            ]
            text = "\n\n".join("\n".join(block) for block in blocks if block)
            return self._layout_bytes(text), replace(letter, layout="outlook")
        if roll < 0.65:
            parts.signature = []
            text = _flat_text(parts, rng) if rng.random() < 0.4 else _blocks_text(parts)
            return self._layout_bytes(text), replace(letter, sender_name=None, layout="unsigned")
        if roll < 0.82:
            the_role = _the(role)
            if not body.spec.ministerial:
                the_role += f" of {department}"
            heading = [f"Response from {the_role} to {mp.name} MP – {slots['subject']}"]
            signature = [_capital(_the(role))]
            text = _cover_text(heading, parts, signature, self._foot_date(day), rng)
            return self._layout_bytes(text), replace(letter, sender_name=None, layout="role_only")
        cover_line = f"Letter from {signer.name} to {title} {mp.name}, {dated}"
        paragraphs = _with_note(parts.paragraphs, note)
        text = cover_line + rng.choice(("\n", " ")) + _run_together(paragraphs, rng)
        if parts.references:
            text += "\n" + " ".join(parts.references)
        return self._layout_bytes(text), replace(letter, layout="cover")

    def _realistic_notice(
        self,
        letter: GeneratedLetter,
        kind: str,
        signer_name: str,
        role: str,
        mp: _MP,
        paragraphs: list[str],
        reference: str | None,
    ) -> tuple[bytes, GeneratedLetter]:
        """A public body's unprompted letter; trusts and councils write too."""
        rng = self.lrng
        assert letter.date is not None and letter.department is not None
        day, department = letter.date, letter.department
        if kind == "nhse" and rng.random() < 0.6:
            department, signer_name, role = mp.trust, self._layout_person(), "Chief Executive"
        elif kind in ("ea", "police") and rng.random() < 0.4:
            department, signer_name = mp.council, self._layout_person()
            role = rng.choice(("Chief Executive", "Leader of the Council"))
        letter = replace(letter, department=department, sender_name=signer_name)
        ref_lines = [f"Our ref: {reference}"] if reference else []
        area_note = f"I am writing to you as the Member of Parliament for {mp.constituency}."
        if rng.random() < 0.5:
            parts = _Parts(
                [department],
                [mp.name, f"Member of Parliament for {mp.constituency}", "House of Commons"],
                ref_lines,
                _date_text(day, rng.choice((0, 1, 4))),
                f"Dear {mp.first},",
                list(paragraphs),
                "Yours sincerely,",
                [signer_name, role, department],
            )
            return self._layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        heading = (
            f"Letter from {_the(role)} of {department} to {mp.name}, "
            f"dated {_date_text(day, rng.choice((0, 0, 1)))}:"
        )
        text = (
            heading
            + rng.choice(("\n", "\n\n"))
            + "\n\n".join([f"{area_note} {paragraphs[0]}", *paragraphs[1:]])
        )
        if ref_lines:
            text += "\n\n" + ref_lines[0]
        return self._layout_bytes(text), replace(letter, sender_name=None, layout="role_only")

    def run(self, wanted: int, hard: float = 0.0, hard_rng: Random | None = None) -> None:
        self.wanted = wanted - round(wanted * hard)
        while self._room():
            roll = self.rnd()
            if roll < 0.6:
                self._mp_thread()
            elif roll < 0.7:
                self._orphan_reply()
            elif roll < 0.76:
                self._committee_thread()
            elif roll < 0.88:
                self._agency_notice()
            else:
                self._other_letter()
        if hard_rng is None or self.wanted >= wanted:
            return
        main_rng = self.rng
        self.rng, self.rnd, self.wanted = hard_rng, hard_rng.random, wanted
        cases = (
            self._transfer,
            self._several_letters,
            self._uncited_reply,
            self._holding_then_full,
        )
        while self._room():
            cases[int(self.rnd() * len(cases))]()
        self.rng, self.rnd = main_rng, main_rng.random

    # ---- the cases pairing finds hard (drawn from their own stream, see ``run``)

    def _hard_start(self, opening: str | None = None) -> tuple[_Thread, _Body, _Sent] | None:
        mp = self._choose_mp()
        day = self._date_between(mp.active_from, mp.active_to)
        body = self._choose_body(day)
        if body is None:
            return None
        thread = self._new_thread(mp, body, day)
        letter = self._mp_letter(thread, body, day, opening=opening)
        return None if letter is None else (thread, body, letter)

    def _transfer(self) -> None:
        """The MP writes to one department and another replies, perhaps after a notice."""
        start = self._hard_start()
        if start is None:
            return
        thread, first, letter = start
        other = self._choose_body(letter.date, exclude=first)
        if other is None:
            return
        slots, cited = thread.slots, self._cited(letter.date, self._date_style(), self.rnd() < 0.4)
        first_name, other_name = first.name_at(letter.date)[0], other.name_at(letter.date)[0]
        to = self.truth[letter.index].recipient_name or first_name
        day = letter.date
        if self.rnd() < 0.5:
            day = self._gap(day, 3, 12)
            notice = self._pick(_TRANSFER_NOTICES).format(other=_the_body(other_name))
            opening = f"Thank you for your letter of {cited} about {slots['subject']}."
            self._reply(
                thread, first, day, answering=letter, cited_date=letter.date,
                opening=opening, notice=(notice,), allow_same_day=False,
            )  # fmt: skip
        opening = self._pick(_TRANSFERRED_OPENINGS).format(
            cited=cited,
            to=to,
            first=_the_body(first_name),
            first_cap=_capital(_the_body(first_name)),
            subject=slots["subject"],
        )
        self._reply(
            thread, other, self._gap(day, 10, 50), answering=letter, cited_date=letter.date,
            opening=opening, allow_same_day=False,
        )  # fmt: skip

    def _several_letters(self) -> None:
        """Two or three letters from one MP to one department, answered in one reply."""
        start = self._hard_start()
        if start is None:
            return
        thread, body, letter = start
        letters = [letter]
        for _ in range(1 if self.rnd() < 0.7 else 2):
            again = self._mp_letter(
                thread, body, self._gap(letters[-1].date, 3, 20),
                opening=self._pick(_AGAIN_OPENINGS),
            )  # fmt: skip
            if again is None:
                break
            letters.append(again)
        if len(letters) < 2:
            return
        days = [sent.date for sent in letters]
        count = ("two", "three")[len(days) - 2]
        opening = self._pick(_SEVERAL_OPENINGS).format(
            dates=_date_list(days), count=count, subject=thread.slots["subject"],
            first=_date_text(days[0], 0), last=_date_text(days[-1], 0),
        )  # fmt: skip
        self._reply(
            thread, body, self._gap(days[-1], 10, 50), answering=letters[0],
            cited_date=days[0], opening=opening, also=letters[1:], allow_same_day=False,
        )  # fmt: skip

    def _uncited_reply(self) -> None:
        """A reply naming the MP's constituent, citing neither a reference nor a date."""
        start = self._hard_start(self._pick(_CONSTITUENT_OPENINGS))
        if start is None:
            return
        thread, body, letter = start
        opening = self._pick(_UNCITED_OPENINGS).format_map(thread.slots)
        self._reply(
            thread, body, self._gap(letter.date, 14, 70), answering=letter,
            cited_date=letter.date, opening=opening, cites=False, allow_same_day=False,
        )  # fmt: skip

    def _holding_then_full(self) -> None:
        """A holding reply promising another, then the full reply continuing it."""
        start = self._hard_start()
        if start is None:
            return
        thread, body, letter = start
        subject = thread.slots["subject"]
        cited = self._cited(letter.date, self._date_style(), self.rnd() < 0.4)
        holding = self._reply(
            thread, body, self._gap(letter.date, 3, 12), answering=letter, cited_date=letter.date,
            opening=f"Thank you for your letter of {cited} about {subject}.",
            notice=(self._pick(_HOLDING_NOTICES),), allow_same_day=False,
        )  # fmt: skip
        if holding is None:
            return
        opening = self._pick(_FULL_OPENINGS).format(
            holding=_date_text(holding.date, 0), cited=cited, subject=subject
        )
        self._reply(
            thread, body, self._gap(holding.date, 14, 60), answering=letter,
            cited_date=letter.date, opening=opening, allow_same_day=False,
            reuse_reference=holding.references[0] if holding.references else None,
        )  # fmt: skip

    # ---- malformed files

    def add_malformed(self, number: int) -> None:
        rng = self.rng
        for index in range(number):
            kind = _MALFORMED_KINDS[index % len(_MALFORMED_KINDS)]
            day = self._date_between(_FIRST_DAY.toordinal(), _LAST_DAY.toordinal())
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
                mp = self.mps[int(self.rnd() * len(self.mps))]
                text = (
                    f"{mp.name} MP\r\nHouse of Commons\r\n\r\n{_date_text(day, 0)}\r\n\r\n"
                    f"Dear Minister,\r\n\r\nI enclose a note from my constituent’s café in "
                    f"{mp.towns[0]} about the £{rng.randint(100, 9000)} fine – résumé attached.\r\n"
                )
                data = text.encode("cp1252")
                stem = f"{_slug(mp.surname)}_note_{index:04d}"
            else:
                data = rng.choice((b"   \n\n\t \n", b"\r\n\r\n   \r\n", b" " * rng.randint(1, 80)))
                stem = f"page_{index:04d}"
            name = f"{day.year}/{day.isoformat()}_{stem}.txt"
            while name in self.used_files:
                name = name[:-4] + "_x.txt"
            self.used_files.add(name)
            self._write(name, data, day.year)
            self.truth.append(
                GeneratedLetter(
                    file=name,
                    kind="malformed",
                    date=None,
                    references=(),
                    mp=None,
                    area=None,
                    department=None,
                    sender_name=None,
                    recipient_name=None,
                    direction="other",
                    in_reply_to_date=None,
                    replies_to=None,
                    thread=self._thread_id(),
                )
            )
