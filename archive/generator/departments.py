"""Departments and public bodies: names over time, addresses, references and office holders."""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from archive.generator.people import Person


@dataclass(frozen=True, slots=True)
class BodySpec:
    key: str
    #: (valid from ISO date, name, short name); an empty name means the body did not exist.
    names: tuple[tuple[str, str, str], ...]
    address: tuple[str, ...]
    web: str
    ref_labels: tuple[str, ...]
    ref_pattern: str
    head_roles: tuple[tuple[str, str], ...]
    junior_roles: tuple[str, ...]
    topics: tuple[str, ...]
    weight: int
    ministerial: bool = True


@cache
def body_specs() -> tuple[BodySpec, ...]:
    """The bodies letters are written to and from, read on first use from
    ``archive/data/generator_bodies.json`` (data, with its sources, not a table in code)."""
    path = resources.files("archive").joinpath("data", "generator_bodies.json")
    return tuple(_body_spec(entry) for entry in json.loads(path.read_text("utf-8"))["bodies"])


def _body_spec(entry: Mapping[str, Any]) -> BodySpec:
    """A body from its JSON form: the fields by name, lists as tuples (the spec is frozen)."""
    return BodySpec(**{name: _tuples(value) for name, value in entry.items()})


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


@dataclass(frozen=True, slots=True)
class Body:
    spec: BodySpec
    name_starts: tuple[int, ...]
    era_starts: tuple[int, ...]
    eras: tuple[tuple[Person, ...], ...]

    def name_at(self, day: dt.date) -> tuple[str, str]:
        index = bisect.bisect_right(self.name_starts, day.toordinal()) - 1
        if index < 0:
            return "", ""
        _, name, short = self.spec.names[index]
        return name, short

    def web_at(self, day: dt.date) -> str:
        if len(self.spec.names) == 1 or not self.spec.web.startswith("www.gov.uk/"):
            return self.spec.web
        return f"www.gov.uk/{self.name_at(day)[1].lower()}"

    def people_at(self, day: dt.date) -> tuple[Person, ...]:
        index = max(0, bisect.bisect_right(self.era_starts, day.toordinal()) - 1)
        return self.eras[index]

    def role_of(self, person: Person, day: dt.date) -> str:
        if person.role:
            return person.role
        role = self.spec.head_roles[0][1]
        for start, title in self.spec.head_roles:
            if dt.date.fromisoformat(start) <= day:
                role = title
        return role
