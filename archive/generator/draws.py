"""The random draws every part of the generator shares, and the stream they come from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from random import Random

from archive.generator.dates import working_day


class Draws:
    """The shared random stream; ``use`` swaps in another (the hard cases have their own)."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.rnd: Callable[[], float] = rng.random

    def use(self, rng: Random) -> None:
        """Draw from ``rng`` from now on."""
        self.rng, self.rnd = rng, rng.random

    def pick(self, items: Sequence[str]) -> str:
        return items[int(self.rnd() * len(items))]

    def date_between(self, first: int, last: int) -> dt.date:
        return working_day(dt.date.fromordinal(first + int(self.rnd() * (last - first + 1))))

    def date_style(self) -> int:
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

    def money(self) -> str:
        if self.rnd() < 0.6:
            return f"£{self.rng.randint(1, 40)}.{self.rng.randint(1, 99):02d} million"
        return f"£{self.rng.randint(15, 950) * 1000:,}"

    def body_words(self, low: int = 150, high: int = 900, mode: int = 300) -> int:
        return int(self.rng.triangular(low, high, mode))
