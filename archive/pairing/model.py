"""The pairing's results: links, candidates for review, and the ``Pairing`` that indexes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Decision = Literal["confirmed", "rejected", "manual"]


LinkSource = Literal["auto", "confirmed", "manual"]


@dataclass(frozen=True, slots=True)
class Link:
    """A reply and the letter it answers, how sure the pairing is, and the evidence."""

    reply_id: str
    letter_id: str
    confidence: float
    reasons: tuple[str, ...]
    source: LinkSource = "auto"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A letter that a reply might answer, for the review screen."""

    letter_id: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Pairing:
    """Every reply's links (one each, or one per letter a reply answers together) and the
    best candidates behind them."""

    links: tuple[Link, ...]
    candidates: Mapping[str, tuple[Candidate, ...]]
    #: Every letter's date (None when undated), in date order: for threads and ``unpaired``.
    dates: Mapping[str, dt.date | None] = field(default_factory=dict)
    _by_reply: dict[str, tuple[Link, ...]] = field(init=False, repr=False, compare=False)
    _by_letter: dict[str, tuple[Link, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A reply answering several letters has a link to each, its first (surest) link first.
        answering: dict[str, list[Link]] = {}
        for link in self.links:
            answering.setdefault(link.reply_id, []).append(link)
        by_reply = {reply_id: tuple(found) for reply_id, found in answering.items()}
        grouped: dict[str, list[Link]] = {}
        for link in self.links:
            grouped.setdefault(link.letter_id, []).append(link)
        by_letter = {
            letter_id: tuple(sorted(found, key=lambda link: self._order(link.reply_id)))
            for letter_id, found in grouped.items()
        }
        # A frozen dataclass: these indexes are derived once, here.
        object.__setattr__(self, "_by_reply", by_reply)
        object.__setattr__(self, "_by_letter", by_letter)

    def answers(self, reply_id: str) -> Link | None:
        """The link from this reply to the letter it answers, if any (the first, when it
        answers several)."""
        found = self._by_reply.get(reply_id)
        return found[0] if found else None

    def answers_all(self, reply_id: str) -> tuple[Link, ...]:
        """Every letter this reply answers: one, or several ("your letters of 2 and 9 May")."""
        return self._by_reply.get(reply_id, ())

    def replies_to(self, letter_id: str) -> tuple[Link, ...]:
        """The replies to this letter in date order (a holding reply, then the full one)."""
        return self._by_letter.get(letter_id, ())

    def thread(self, letter_id: str) -> tuple[str, ...]:
        """The letter's whole exchange in date order, following links both ways."""
        known = letter_id in self.dates or letter_id in self._by_reply
        if not known and letter_id not in self._by_letter:
            return ()
        seen = {letter_id}
        waiting = [letter_id]
        while waiting:
            current = waiting.pop()
            linked = [link.reply_id for link in self._by_letter.get(current, ())]
            linked.extend(link.letter_id for link in self._by_reply.get(current, ()))
            for other in linked:
                if other not in seen:
                    seen.add(other)
                    waiting.append(other)
        return tuple(sorted(seen, key=self._order))

    def unpaired(self) -> tuple[str, ...]:
        """Letters that neither answer another nor are answered, in date order."""
        return tuple(
            letter_id
            for letter_id in self.dates
            if letter_id not in self._by_reply and letter_id not in self._by_letter
        )

    def uncertain(self, below: float = 0.7) -> tuple[Link, ...]:
        """Automatic links less sure than ``below``, the most doubtful first."""
        doubtful = [
            link for link in self.links if link.source == "auto" and link.confidence < below
        ]
        return tuple(sorted(doubtful, key=lambda link: (link.confidence, link.reply_id)))

    def _order(self, letter_id: str) -> tuple[int, str]:
        day = self.dates.get(letter_id)
        return (day.toordinal() if day else dt.date.max.toordinal(), letter_id)


#: The reasons that say how a hard link was made, shown beside the link in the reader.
_NOTABLE = (
    "transferred from ",
    "answers ",
    "follows up ",
    "both name the constituent ",
    "the reply names this letter's subject",
    "found by its text",
)


def notable_reason(link: Link) -> str | None:
    """The reason that says how an unusual link was made ("transferred from HM Treasury",
    "answers two letters"), for a one-line view of the link; None for an ordinary one."""
    return next((reason for reason in link.reasons if reason.startswith(_NOTABLE)), None)
