"""The generated world: MPs and their seats, departments and bodies with their office holders."""

from __future__ import annotations

import datetime as dt

from archive.generator.dates import ELECTIONS, FIRST_DAY, LAST_DAY
from archive.generator.departments import Body, BodySpec, body_specs
from archive.generator.draws import Draws
from archive.generator.filler import accumulate, zipf_cumulative
from archive.generator.people import (
    CONSTITUENCY_SUFFIXES,
    FIRST_NAMES,
    MP,
    PLACE_HEADS,
    PLACE_LIKE_SURNAMES,
    PLACE_TAILS,
    REAL_PLACES,
    SURNAME_HEADS,
    SURNAME_TAILS,
    VILLAGE_TAILS,
    Person,
    awkward,
)
from archive.generator.text import slug
from archive.generator.topics import COMMITTEES


class World:
    """Everyone who writes or is written to, built once from the shared draws."""

    def __init__(self, draws: Draws) -> None:
        self.draws = draws
        used_names: set[str] = set()
        self.mps = self.build_mps(used_names)
        self.mp_cumulative = zipf_cumulative(len(self.mps), 0.7)
        self.bodies = {spec.key: self.build_body(spec, used_names) for spec in body_specs()}
        self.ministerial = [b for b in self.bodies.values() if b.spec.ministerial]
        self.agencies = [b for b in self.bodies.values() if not b.spec.ministerial]
        self.all_bodies = list(self.bodies.values())
        self.body_cumulative = list(accumulate(b.spec.weight for b in self.all_bodies))
        self.police = {
            county: self.build_police(county, used_names)
            for county in dict.fromkeys(mp.county for mp in self.mps)
        }
        self.committee_chairs = [
            [self.active_mp(dt.date(2012 + 4 * block, 1, 1)) for block in range(4)]
            for _ in COMMITTEES
        ]

    def person_name(self, used: set[str]) -> tuple[str, str, str]:
        rng = self.draws.rng
        while True:
            first, gender = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
            surname = self.surname()
            if rng.random() < 0.07:
                surname = f"{surname}-{self.surname()}"
            name = f"{first} {surname}"
            if name not in used:
                used.add(name)
                return first, surname, gender

    def surname(self) -> str:
        rng = self.draws.rng
        while True:
            head = SURNAME_HEADS[rng.randrange(len(SURNAME_HEADS))]
            surname = head + SURNAME_TAILS[rng.randrange(len(SURNAME_TAILS))]
            if surname not in PLACE_LIKE_SURNAMES:
                return surname

    def build_mps(self, used_names: set[str]) -> list[MP]:
        rng = self.draws.rng
        towns = [
            head + tail
            for head in PLACE_HEADS
            for tail in PLACE_TAILS
            if head + tail not in REAL_PLACES and not awkward(head, tail)
        ]
        rng.shuffle(towns)
        villages = [head + tail for head in PLACE_HEADS for tail in VILLAGE_TAILS]
        counties = [head + "shire" for head in PLACE_HEADS if not head.endswith("sh")]
        rng.shuffle(counties)
        counties = counties[:30]
        rivers = [head + tail for head in PLACE_HEADS for tail in ("e", "en", "ey", "an")]
        elections = [e.toordinal() for e in ELECTIONS]
        first_day, last_day = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
        mps: list[MP] = []
        for index in range(400):
            first, surname, gender = self.person_name(used_names)
            main, second = towns[2 * index], towns[2 * index + 1]
            shape = rng.random()
            if shape < 0.4:
                constituency = main
            elif shape < 0.65:
                constituency = f"{main} and {second}"
            elif shape < 0.9:
                constituency = main + CONSTITUENCY_SUFFIXES[rng.randrange(5)]
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
                MP(
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

    def official(self, used: set[str], role: str, member: bool) -> Person:
        rng = self.draws.rng
        first, surname, gender = self.person_name(used)
        peer = member and bool(role) and rng.random() < 0.12
        name = f"{first} {surname}"
        if peer:
            name = f"{'Lord' if gender == 'm' else 'Baroness'} {surname}"
        rt_hon = member and not peer and (not role or rng.random() < 0.35)
        return Person(name, first, surname, gender, role, rt_hon, peer, member)

    def build_body(self, spec: BodySpec, used: set[str]) -> Body:
        rng = self.draws.rng
        starts: list[int] = []
        eras: list[tuple[Person, ...]] = []
        day = dt.date(2009, 6, 1)
        juniors: list[Person] = []
        while day <= LAST_DAY:
            head = self.official(used, "", spec.ministerial)
            kept = [person for person in juniors if rng.random() < 0.3]
            wanted = rng.randint(1, min(3, len(spec.junior_roles)))
            free = [r for r in spec.junior_roles if r not in {p.role for p in kept}]
            while len(kept) < wanted and free:
                role = free.pop(rng.randrange(len(free)))
                kept.append(self.official(used, role, spec.ministerial))
            juniors = kept
            starts.append(day.toordinal())
            eras.append((head, *juniors))
            following = day + dt.timedelta(days=rng.randint(300, 1100))
            elections = [e for e in ELECTIONS if day < e < following]
            day = elections[0] if elections else following
        name_starts = tuple(dt.date.fromisoformat(s).toordinal() for s, _, _ in spec.names)
        return Body(spec, name_starts, tuple(starts), tuple(eras))

    def build_police(self, county: str, used: set[str]) -> Body:
        rng = self.draws.rng
        force = f"{county} Police" if rng.random() < 0.6 else f"{county} Constabulary"
        spec = BodySpec(
            "police",
            (("2009-01-01", force, slug(county)[:6].upper() + "P"),),
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
        return self.build_body(spec, used)

    def active_mp(self, day: dt.date) -> MP:
        ordinal = day.toordinal()
        active = [mp for mp in self.mps if mp.active_from <= ordinal <= mp.active_to]
        return self.draws.rng.choice(active or self.mps)

    def choose_mp(self) -> MP:
        return self.draws.rng.choices(self.mps, cum_weights=self.mp_cumulative)[0]

    def choose_body(self, day: dt.date, exclude: Body | None = None) -> Body | None:
        for _ in range(12):
            body = self.draws.rng.choices(self.all_bodies, cum_weights=self.body_cumulative)[0]
            if body is not exclude and body.name_at(day)[0]:
                return body
        return None

    def reference(self, body: Body, day: dt.date) -> str:
        rng = self.draws.rng
        values = {
            "yy": f"{day.year % 100:02d}",
            "yyyy": str(day.year),
            "n4": f"{rng.randrange(10**4):04d}",
            "n5": f"{rng.randrange(10**5):05d}",
            "n6": f"{rng.randrange(10**6):06d}",
            "n7": f"{rng.randrange(10**7):07d}",
        }
        return body.spec.ref_pattern.format_map(values)

    def mp_reference(self, mp: MP) -> str:
        return f"{mp.initials}/{self.draws.rng.randrange(10**4):04d}"
