"""Metadata damage for the benches: imported records as real extraction leaves them.

The pairing bench pairs an archive twice: on the metadata extracted from the generator's
clean layouts, and on a damaged copy of it, so that its figures say what the pairing is
worth on real letters. Only the copies handed to the pairing are damaged; the store, the
letters' text and the truth are left as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from random import Random
from typing import Any

#: Share of letters extraction gets each field wrong or misses, from
#: ``python3 ../shared/corpus/score.py .venv/bin/dispatchbox --verbose`` on the 38 hand-labelled
#: real letters (run 2026-12-03): sender_org 0.974, in_reply_to_date 0.974, recipient_name
#: 0.947, cc 0.974; date, references, mp, sender_name and sender_role 1.000. A field with no
#: error in 38 letters is given one in 38 (0.026), the smallest rate that sample can show,
#: since a rate of nil on 38 letters is not nil on 100,000. recipient_org, which the score
#: does not measure, takes sender_org's rate. The direction is left alone: the issue asks for
#: MPs, departments, dates and references, and a flipped direction is a different test.
ERROR_RATES: Mapping[str, float] = {
    "mp": 1 / 38,
    "date": 1 / 38,
    "references": 1 / 38,
    "sender_org": 1 - 0.974,
    "recipient_org": 1 - 0.974,
    "sender_name": 1 / 38,
    "sender_role": 1 / 38,
    "recipient_name": 1 - 0.947,
    "in_reply_to_date": 1 - 0.974,
    "cc": 1 - 0.974,
}
#: Of the damaged values, the share made wrong rather than missing. Every error the score
#: showed on these fields was a missing value; a third wrong makes the test harder than that.
WRONG_SHARE = 1 / 3


@dataclass
class Damage:
    """What ``damage`` did, per field: letters that had it, and how many it made missing or
    wrong."""

    found: dict[str, int] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    wrong: dict[str, int] = field(default_factory=dict)

    def share(self, name: str) -> float:
        """The share of the letters that had ``name`` whose ``name`` was damaged."""
        hurt = self.missing.get(name, 0) + self.wrong.get(name, 0)
        return hurt / self.found[name] if self.found.get(name) else 0.0


def damage(
    records: Iterable[Mapping[str, Any]],
    *,
    seed: int,
    rates: Mapping[str, float] = ERROR_RATES,
    wrong_share: float = WRONG_SHARE,
) -> tuple[list[dict[str, Any]], Damage]:
    """Copies of ``records`` with their metadata damaged at ``rates``, and what was done.

    A field present in a letter's metadata is damaged with its rate: dropped, or (a
    ``wrong_share`` of the time) replaced by a value of the same field from another letter,
    or a date moved by a few days. Fields the extraction did not find stay missing. Only the
    ``metadata`` of each copy differs from the record; the same seed damages the same fields.
    """
    rng = Random(f"dispatchbox-metadata-damage-{seed}")
    copies = [{**record, "metadata": dict(record.get("metadata") or {})} for record in records]
    pools: dict[str, list[Any]] = {name: [] for name in rates}
    for copy in copies:
        for name in rates:
            value = copy["metadata"].get(name)
            if value:
                pools[name].append(value)
    report = Damage()
    for copy in copies:
        meta = copy["metadata"]
        for name, rate in rates.items():
            value = meta.get(name)
            if not value:
                continue
            report.found[name] = report.found.get(name, 0) + 1
            if rng.random() >= rate:
                continue
            other = _wrong(name, value, pools[name], rng) if rng.random() < wrong_share else None
            if other is not None:
                meta[name] = other
                report.wrong[name] = report.wrong.get(name, 0) + 1
            else:
                del meta[name]
                report.missing[name] = report.missing.get(name, 0) + 1
    return copies, report


def _wrong(name: str, value: Any, pool: list[Any], rng: Random) -> Any:
    if name in ("date", "in_reply_to_date"):
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return None
        shift = rng.randint(1, 30) * rng.choice((-1, 1))
        return (day + dt.timedelta(days=shift)).isoformat()
    for _ in range(5):
        other = rng.choice(pool)
        if other != value:
            return other
    return None
