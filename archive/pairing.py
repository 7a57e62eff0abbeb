"""Which letter each reply answers: scored candidates, a calibrated confidence and the reasons.

A reply is any letter to or from an MP; the letter it answers is an earlier letter the other
way (an MP's letter for a department's reply, a department's reply for the MP's follow-up),
usually by the same MP. Candidates come from the MP's own letters in date order and from
letters that share a reference, never from all pairs, so 100k letters pair in seconds.

Each signal adds to a score (points, roughly log-odds); the best candidate is linked when
the score reaches ``MIN_SCORE``, and the confidence is a logistic curve of the score and of
its lead over the runner-up (a close second makes a link doubtful whatever its score).

=====================================================  =======  ==================================
Signal                                                 Points   Why
=====================================================  =======  ==================================
shared reference, one department's                     +4.0     quoted back: "Your ref: KI/7139"
shared reference, on letters to several departments    +1.0     an MP's case number reused
cited date is the letter's date                        +4.0     "your letter of 13 September"
cited date 1-3 days out                                +2.0     typing and scanning slips
cited date 4-7 days out                                +1.5     the date it was received, say
cited date with day and month swapped                  +1.5     02/03 read as 3 February
cited date: same day and month, another year           +2.0     a wrong year is a common slip
cited date is some other date                          -2.0     it answers a different letter
each letter expected by chance in that date's window   -10      an MP who writes to a department
(the MP's letters there within 90 days, times the               every week has a letter "near"
window's width, over 181 days)                                  any date; never below "some
                                                                other date"
no cited date at all                                   -2.0     nothing says it is a reply
same MP (full name)                                    +1.0     writer of one, addressee of other
same surname only                                      +0.3     "Ms Vance" against "Harriet Vance"
different MP                                           -3.0     a campaign letter's other sender
same department                                        +1.5
same department renamed (DCLG, MHCLG, DLUHC)           +1.3     predecessor and successor only
a related body (Home Office and UK Visas and Immi.)    +0.7     an agency answers for its parent
similar unlisted names (token overlap, acronym)        +0.8
different departments                                  -3.0     same-day letters to two places
a body the letter was copied to replies                +1.0     "I have copied this letter to..."
the reply says the letter was passed on to it          +1.0     "has been transferred to this
(instead of "different departments")                            Department"
the person written to signs the reply (or is written   +0.7     ministers answer their own post
back to)
topic overlap (places, people, subject words)          +0..2.5  rarer shared words weigh more;
                                                                a lone common word weighs little
text overlap (close calls only)                        +0..2.0  words the rivals do not share
same day                                               -1.5     replies take days
gap over 6 months / over a year                        -1.0/-2  answers rarely take that long
each day of gap                                        -0.001   between equals, the nearer one
=====================================================  =======  ==================================

Which letters are looked at. Only a letter that cites a date ("your letter of ...") or
carries a reference can be a reply. Its candidates are the MP's letters the other way dated
about the cited date (within a week, the same day and month a year out, day and month
swapped) and letters sharing a reference: without a shared reference any other letter
scores at most -2 + 1 + 1.5 + 0.7 + 2.5 = 3.7, below ``MIN_SCORE``, so it could never be
linked. The few letters nearest the cited date are scored as well, for a researcher
looking for the letter an unpaired reply answers.

A department's reply that cites no date ("Thank you for your recent letter", "Further to my
earlier letter") is also offered, for review only, the same MP's letters to that department
in the ``OFFER_DAYS`` before it: they never reach ``MIN_SCORE`` (no date, no shared
reference), so they are offered to the researcher and never linked by themselves.

Letters extraction could not place (no direction) still pair through a shared reference,
and when their writer or addressee is an MP known from other letters they are taken to be
that MP's. When several candidates are level (an MP's same-day letters to one department),
each reply prefers one that no surer reply has taken; its confidence stays low.

A department's reply is also read for what metadata cannot hold (``archive.reply_cues``,
when ``text_of`` is given): a letter passed on from another department ("has been
transferred to this Department") may be answered across departments; "your letters of 2
and 9 May" links the reply to each letter (``Pairing.answers_all``); a department's "Further
to my letter of 1 March" joins the exchange its earlier reply answered; and a reply citing
nothing is linked when exactly one of the offered letters names the same constituent and
shares its topic. Otherwise such a reply is only offered: a wrong link is worse than none.

Researchers' decisions outrank every guess: a confirmed or manual link is always kept (with
confidence 1.0), and a rejected pair is never linked automatically.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal

from archive.knowledge.organisations import DepartmentMatch, department_match, department_of
from archive.reply_cues import NO_CUES, ReplyCues, constituents, read_cues
from archive.store import normalise_reference

__all__ = [
    "Candidate",
    "DateMatch",
    "Decision",
    "DepartmentMatch",
    "Link",
    "MIN_SCORE",
    "Pairing",
    "date_match",
    "department_match",
    "department_of",
    "mp_key",
    "notable_reason",
    "pair_letters",
    "reference_key",
]

Decision = Literal["confirmed", "rejected", "manual"]
LinkSource = Literal["auto", "confirmed", "manual"]
DateMatch = Literal["exact", "near", "close", "swapped", "other_year", "other", "uncited"]

#: The least score that links a reply to a letter: below it the letter answered is taken to
#: be missing from the archive (no forced match).
MIN_SCORE = 4.0
#: Replies later than this are not looked for (a year and a half).
MAX_GAP_DAYS = 548
#: A reference on more letters than this is a label, not a case number ("PIP", a team code).
MAX_REFERENCE_LETTERS = 12
#: Candidates kept for review, per reply.
REVIEW_CANDIDATES = 3
#: A reply citing no date is offered the same MP's letters to its department this many days
#: before it (for review only: see ``_offered``).
OFFER_DAYS = 120
#: The most an offered-only candidate scores: below ``MIN_SCORE``, so never linked by itself.
OFFER_MAX_SCORE = MIN_SCORE - 1.0
#: The most letters looked at for an offer (the nearest): bounds a prolific MP's window.
_OFFER_SCAN = 100
#: The reason every offered-only candidate gives.
OFFERED = (
    "offered because the reply names no date and no shared reference: "
    "the same MP wrote to this department shortly before"
)
#: A runner-up within this many points of the best makes a close call: texts are compared
#: (when both could be linked: texts are read from disk, so only where they can decide).
CLOSE_CALL = 2.0
#: Candidates within this many points of the best are a tie: see ``_assign``.
TIE_MARGIN = 0.75

_W_REFERENCE = 4.0
_W_REFERENCE_SHARED = 1.0
_W_DATE: Mapping[DateMatch, float] = MappingProxyType(
    {
        "exact": 4.0,
        "near": 2.0,
        "close": 1.5,
        "swapped": 1.5,
        "other_year": 2.0,
        "other": -2.0,
        "uncited": -2.0,
    }
)
#: Points lost per letter expected by chance in a cited date's window (see ``_crowding``).
_W_CROWD = 10.0
#: How far either side of a cited date the MP's letters are counted to measure crowding.
_CROWD_DAYS = 90
#: Days of each date window: a near match (1-3 days out) has six days where chance could land.
_DATE_WINDOW: Mapping[DateMatch, int] = MappingProxyType(
    {"exact": 1, "near": 6, "close": 8, "swapped": 1, "other_year": 2, "other": 0, "uncited": 0}
)
_W_SAME_MP = 1.0
_W_SURNAME = 0.3
_W_OTHER_MP = -3.0
_W_DEPARTMENT: Mapping[DepartmentMatch, float] = MappingProxyType(
    {"same": 1.5, "renamed": 1.3, "related": 0.7, "similar": 0.8, "different": -3.0}
)
_W_COPIED = 1.0
#: A reply saying the letter was passed to it ("has been transferred to this Department")
#: answers a letter to another department.
_W_TRANSFERRED = 1.0
_W_PERSON = 0.7
_W_TOPIC = 2.5
#: Added to the topic overlap's denominator: sharing one common word (the MP's home town)
#: is weak evidence, however alike two tiny sets of words look.
_TOPIC_DAMPING = 3.0
_W_TEXT = 2.0
_W_SAME_DAY = -1.5
_W_PER_DAY = -0.001

_NO_DECISIONS: Mapping[tuple[str, str], str] = MappingProxyType({})
_VERDICTS = frozenset(("confirmed", "rejected", "manual"))


# --------------------------------------------------------------------------- public types


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
_NOTABLE = ("transferred from ", "answers ", "follows up ", "both name the constituent ")


def notable_reason(link: Link) -> str | None:
    """The reason that says how an unusual link was made ("transferred from HM Treasury",
    "answers two letters"), for a one-line view of the link; None for an ordinary one."""
    return next((reason for reason in link.reasons if reason.startswith(_NOTABLE)), None)


# --------------------------------------------------------------------------- signal helpers


def reference_key(reference: str) -> str:
    """A reference as compared: upper case, no spaces, no trailing punctuation."""
    return normalise_reference(reference).strip(".,;:")


_TITLES = frozenset(
    """
    the mr mrs ms miss mx dr sir dame rt hon right honourable lord lady baroness
    mp cbe obe mbe qc kc
    """.split()
)


def mp_key(name: str | None) -> tuple[str, str] | None:
    """An MP's name as compared: (surname, full name) in lower case, titles and "MP" dropped."""
    if not name:
        return None
    words = [w for w in re.findall(r"[a-z][a-z'’\-]*", name.lower()) if w not in _TITLES]
    if not words:
        return None
    return words[-1], " ".join(words)


def date_match(cited: dt.date | None, letter_date: dt.date) -> DateMatch:
    """How a reply's "your letter of" date compares with a letter's own date."""
    if cited is None:
        return "uncited"
    apart = abs((cited - letter_date).days)
    if apart == 0:
        return "exact"
    if apart <= 3:
        return "near"
    if apart <= 7:
        return "close"
    if (cited.day, cited.month) == (letter_date.month, letter_date.day) and (
        cited.year == letter_date.year
    ):
        return "swapped"
    if (cited.month, cited.day) == (letter_date.month, letter_date.day) and abs(
        cited.year - letter_date.year
    ) == 1:
        return "other_year"
    return "other"


# Departments, their renames and agencies, and which department a letter is party to, are
# the organisations registry's (archive.knowledge): one rule for pairing and the facets.


# --------------------------------------------------------------------------- the letters


_DIRECTIONS = {"to_mp": 1, "from_mp": -1}
_TOPIC_STOP = frozenset(
    """
    about after again also because been before being between could their there these those
    which while would should other under where letter letters writing wrote write reply
    constituent constituents concerns concern matter matters department minister secretary
    state office thank thanks further regarding following issue issues house commons
    """.split()
)


class _Slim:
    """What pairing needs of one letter, small enough to keep 100k of them."""

    __slots__ = (
        "index",
        "id",
        "day",
        "sign",
        "surname",
        "mp",
        "mp_name",
        "dept",
        "person",
        "copied",
        "cited",
        "refs",
        "shown_refs",
        "topic",
        "topic_mass",
        "month_day",
        "year",
        "cited_month_day",
        "cited_swapped",
        "cited_year",
        "cited_swapped_day",
        "crowd",
        "transferred",
    )

    def __init__(
        self,
        index: int,
        letter_id: str,
        day: int,
        sign: int,
        mp: tuple[str, str] | None,
        mp_name: str,
        dept: str | None,
        person: str,
        copied: tuple[str, ...],
        cited: int,
        refs: tuple[str, ...],
        shown_refs: tuple[str, ...],
        topic: frozenset[str],
    ) -> None:
        self.index = index
        self.id = letter_id
        self.day = day
        self.sign = sign
        self.surname = mp[0] if mp else ""
        self.mp = mp[1] if mp else ""
        self.mp_name = mp_name
        self.dept = dept
        self.person = person
        self.copied = copied
        self.cited = cited
        self.refs = refs
        self.shown_refs = shown_refs
        self.topic = topic
        #: The summed rarity of the topic words (set once the MP's letters are all read).
        self.topic_mass = 0.0
        #: The MP's letters to this letter's department around its cited date (``_crowding``).
        self.crowd = 0
        #: Its text says the letter was passed on from another department (``reply_cues``).
        self.transferred = False
        # Date parts as integers: the date signal runs for every candidate pair.
        date = dt.date.fromordinal(day)
        self.month_day = date.month * 100 + date.day
        self.year = date.year
        if cited:
            said = dt.date.fromordinal(cited)
            self.cited_month_day = said.month * 100 + said.day
            self.cited_swapped = said.day * 100 + said.month
            self.cited_year = said.year
            self.cited_swapped_day = 0
            if said.day <= 12 and said.day != said.month:
                self.cited_swapped_day = dt.date(said.year, said.day, said.month).toordinal()
        else:
            self.cited_month_day = self.cited_swapped = self.cited_year = 0
            self.cited_swapped_day = 0


def _ordinal(value: Any) -> int:
    if not value:
        return 0
    try:
        return dt.date.fromisoformat(str(value)).toordinal()
    except ValueError:
        return 0


def _person_of(meta: Mapping[str, Any], sign: int) -> str:
    """The department's person: who signed a reply, or whom the MP wrote to."""
    key = mp_key(meta.get("sender_name" if sign > 0 else "recipient_name"))
    return key[1] if key else ""


def _topic_words(meta: Mapping[str, Any], mp_name: str) -> frozenset[str]:
    words: set[str] = set()
    for key in ("places", "people"):
        for value in meta.get(key) or ():
            text = str(value).lower()
            if text != mp_name.lower():
                words.add(text)
    subject = meta.get("subject")
    if subject:
        words.update(
            w for w in re.findall(r"[a-z]{4,}", str(subject).lower()) if w not in _TOPIC_STOP
        )
    return frozenset(words)


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class _Context:
    """Archive-wide facts the signals need: reference spread and topic word rarity."""

    letters: list[_Slim]
    #: An MP's letters one way, in date order: (surname, +1 to the MP | -1 from the MP).
    by_side: dict[tuple[str, int], list[_Slim]]
    days_by_side: dict[tuple[str, int], list[int]]
    by_reference: dict[str, list[int]]
    spread_references: set[str]
    topic_weight: dict[str, dict[str, float]]
    #: Points for each (reply's, letter's) department pair met so far.
    department_points: dict[tuple[str, str], float] = field(default_factory=dict)


def _pair_score(reply: _Slim, letter: _Slim, context: _Context) -> float:
    """The evidence that ``reply`` answers ``letter``, in points (see the module's table).

    Written for speed (it runs for every candidate pair); ``_explain`` says the same in words.
    """
    score = 0.0
    if reply.refs and letter.refs:
        shared = [ref for ref in reply.refs if ref in letter.refs]
        if shared:
            strong = any(ref not in context.spread_references for ref in shared)
            score += _W_REFERENCE if strong else _W_REFERENCE_SHARED
    kind = _date_kind_fast(reply, letter)
    # Crowding weakens a date match down to no match, never below.
    score += max(_DATE_POINTS[kind] - _W_CROWD * _chance_matches(reply, letter, kind), _OTHER_DATE)
    if reply.mp and letter.mp:
        if reply.mp == letter.mp:
            score += _W_SAME_MP
        elif reply.surname == letter.surname:
            score += _W_SURNAME
        else:
            score += _W_OTHER_MP
    if reply.dept and letter.dept:
        pair = (reply.dept, letter.dept)
        points = context.department_points.get(pair)
        if points is None:
            points = _W_DEPARTMENT[department_match(*pair) or "different"]
            context.department_points[pair] = points
        if points < 0 and reply.transferred:
            points = _W_TRANSFERRED
        elif points < 0 and letter.copied and _copied(reply, letter):
            points = _W_COPIED
        score += points
    elif letter.copied and _copied(reply, letter):
        score += _W_COPIED
    if reply.person and reply.person == letter.person:
        score += _W_PERSON
    if reply.topic and letter.topic:
        shared_words = reply.topic & letter.topic
        if shared_words:
            score += _W_TOPIC * _topic_share(reply, letter, shared_words, context)
    gap = reply.day - letter.day
    score += _W_PER_DAY * gap
    if gap == 0:
        score += _W_SAME_DAY
    elif gap > 365:
        score -= 2.0
    elif gap > 183:
        score -= 1.0
    return score


_DATE_POINTS: dict[DateMatch, float] = dict(_W_DATE)
_OTHER_DATE = _W_DATE["other"]


def _chance_matches(reply: _Slim, letter: _Slim, kind: DateMatch) -> float:
    """Letters expected by chance in the window where this one matched the cited date."""
    window = _DATE_WINDOW[kind]
    if not window or reply.crowd <= 0:
        return 0.0
    return _crowd_besides(reply, letter) * window / (2 * _CROWD_DAYS + 1)


def _crowd_besides(reply: _Slim, letter: _Slim) -> int:
    """The crowd around the cited date, less the letter itself when it is one of it."""
    near = abs(letter.day - reply.cited) <= _CROWD_DAYS
    return max(0, reply.crowd - (1 if near and _in_crowd(reply, letter) else 0))


def _in_crowd(reply: _Slim, letter: _Slim) -> bool:
    """Whether the letter went to the reply's department (or either is not known)."""
    if not (reply.dept and letter.dept):
        return True
    return department_match(reply.dept, letter.dept) not in (None, "different")


def _crowding(reply: _Slim, context: _Context) -> int:
    """How many letters the MP wrote to the reply's department around the cited date.

    A date match means little when the MP writes to that department every few days: a
    reply to a letter missing from the archive will then "nearly" match another letter.
    """
    side = (reply.surname, -reply.sign)
    bucket = context.by_side.get(side) if reply.surname and reply.cited else None
    if not bucket:
        return 0
    days = context.days_by_side[side]
    start = bisect.bisect_left(days, reply.cited - _CROWD_DAYS)
    end = bisect.bisect_right(days, reply.cited + _CROWD_DAYS, lo=start)
    return sum(1 for letter in bucket[start:end] if _in_crowd(reply, letter))


def _date_kind_fast(reply: _Slim, letter: _Slim) -> DateMatch:
    """``date_match`` on the letters' integer date parts."""
    if not reply.cited:
        return "uncited"
    apart = reply.cited - letter.day
    if apart == 0:
        return "exact"
    if -3 <= apart <= 3:
        return "near"
    if -7 <= apart <= 7:
        return "close"
    if reply.cited_swapped == letter.month_day and reply.cited_year == letter.year:
        return "swapped"
    if reply.cited_month_day == letter.month_day and abs(reply.cited_year - letter.year) == 1:
        return "other_year"
    return "other"


def _copied(reply: _Slim, letter: _Slim) -> bool:
    """Whether the reply's department or signatory was copied into the letter."""
    if not letter.copied:
        return False
    names = [name for name in (reply.dept and reply.dept.lower(), reply.person) if name]
    return any(name in copied for name in names for copied in letter.copied)


def _topic_share(reply: _Slim, letter: _Slim, shared: frozenset[str], context: _Context) -> float:
    """Weighted Jaccard of two letters' topic words, damped (see ``_TOPIC_DAMPING``)."""
    weights = context.topic_weight.get(reply.surname) or context.topic_weight.get(
        letter.surname, {}
    )
    common = sum(weights.get(word, 1.0) for word in shared)
    total = reply.topic_mass + letter.topic_mass - common + _TOPIC_DAMPING
    return common / total if total > 0 else 0.0


def _topic_overlap(reply: _Slim, letter: _Slim, context: _Context) -> tuple[float, list[str]]:
    """The topic share and the shared words, rarest first (for the reasons)."""
    if not reply.topic or not letter.topic:
        return 0.0, []
    shared = reply.topic & letter.topic
    if not shared:
        return 0.0, []
    weights = context.topic_weight.get(reply.surname) or context.topic_weight.get(
        letter.surname, {}
    )
    words = sorted(shared, key=lambda word: (-weights.get(word, 1.0), word))
    return _topic_share(reply, letter, shared, context), words


def _explain(
    reply: _Slim, letter: _Slim, context: _Context, text_overlap: float
) -> tuple[str, ...]:
    """The evidence for a pair in words a researcher can check."""
    reasons: list[str] = []
    shared = [ref for ref in reply.shown_refs if reference_key(ref) in set(letter.refs)]
    if shared:
        key = reference_key(shared[0])
        if key in context.spread_references:
            reasons.append(
                f"shared reference {shared[0]} (but it is on letters to several departments)"
            )
        else:
            reasons.append(f"shared reference {shared[0]}")
    letter_day = dt.date.fromordinal(letter.day)
    kind = _date_kind_fast(reply, letter)
    letter_text = _long_date(letter_day)
    if kind == "exact":
        reasons.append(f"replies to the letter of {letter_text} (its date)")
    elif kind == "uncited":
        reasons.append("does not say the date of the letter it answers")
    else:
        cited = _long_date(dt.date.fromordinal(reply.cited))
        apart = abs(reply.cited - letter.day)
        reasons.append(
            {
                "near": f"cites {cited}, {apart} day{'s' if apart > 1 else ''} from its date "
                f"({letter_text})",
                "close": f"cites {cited}, {apart} days from its date ({letter_text})",
                "swapped": f"cites {cited}: its date ({letter_text}) with day and month swapped",
                "other_year": f"cites {cited}: its day and month ({letter_text}), another year",
                "other": f"cites {cited}, not its date ({letter_text})",
            }[kind]
        )
    if _W_CROWD * _chance_matches(reply, letter, kind) >= 0.3:
        others = _crowd_besides(reply, letter)
        where = f" to {reply.dept}" if reply.dept else ""
        reasons.append(
            f"but the MP wrote {others} other letter{'s' if others != 1 else ''}{where} "
            "within three months of that date"
        )
    if reply.mp and letter.mp:
        if reply.mp == letter.mp:
            reasons.append(f"same MP ({letter.mp_name})")
        elif reply.surname == letter.surname:
            reasons.append(f"same MP's surname ({reply.mp_name}, {letter.mp_name})")
        else:
            reasons.append(f"a different MP ({reply.mp_name}, not {letter.mp_name})")
    match = department_match(reply.dept, letter.dept)
    if match == "different" and reply.transferred:
        reasons.append(f"transferred from {letter.dept}")
    elif match in (None, "different") and _copied(reply, letter):
        reasons.append(f"{reply.dept or reply.person} was copied into the letter")
    elif match is not None:
        reasons.append(_department_reason(reply, letter, match))
    if reply.person and reply.person == letter.person:
        if reply.sign > 0:
            reasons.append("signed by the person written to")
        else:
            reasons.append("written back to the person who signed it")
    overlap, words = _topic_overlap(reply, letter, context)
    if overlap:
        reasons.append(f"both mention {', '.join(words[:4])} ({_how_much(overlap)} in common)")
    if text_overlap:
        reasons.append(f"{_how_much(text_overlap)} of the wording in common")
    gap = reply.day - letter.day
    if gap == 0:
        reasons.append("the same day")
    else:
        unusual = " (unusually long)" if gap > 183 else ""
        reasons.append(f"{gap} day{'s' if gap > 1 else ''} later{unusual}")
    return tuple(reasons)


def _how_much(share: float) -> str:
    """An overlap (0..1) in words: the reasons are read by people, not scored by them."""
    if share >= 0.4:
        return "much"
    if share >= 0.15:
        return "some"
    return "little"


def _department_reason(reply: _Slim, letter: _Slim, match: DepartmentMatch) -> str:
    replying = reply.sign > 0  # a department's reply to the MP's letter
    ours, theirs = reply.dept, letter.dept
    if match == "same":
        if replying:
            return f"{ours} wrote back to the department written to"
        return f"written back to {ours}, which sent the letter"
    if match == "different":
        if replying:
            return f"{ours} replied, but the letter went to {theirs}"
        return f"written to {ours}, but the letter came from {theirs}"
    how = {
        "renamed": "the same department renamed",
        "related": "a related body",
        "similar": "a similar name",
    }[match]
    if replying:
        return f"{ours} replied to a letter to {theirs} ({how})"
    return f"written to {ours} about a letter from {theirs} ({how})"


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def _confidence(score: float, runner_up: float | None) -> float:
    """Calibrated 0..1: the chance the link is right, from its score and its lead.

    Fitted on generated archives with noise, then made a little more doubtful near the
    threshold, where a real archive missing more of its letters would fool it more often:
    a clear candidate scoring 4 is right about 9 times in 10, at 6 nearly always; two
    candidates level are each right about half the time or less.
    """
    alone = 1.0 / (1.0 + math.exp(-1.2 * (score - 2.5)))
    if runner_up is None:
        return round(alone, 3)
    lead = 1.0 / (1.0 + math.exp(-(2.0 * (score - runner_up) - 0.3)))
    return round(alone * lead, 3)


# --------------------------------------------------------------------------- texts


_WORD = re.compile(r"[a-z]{4,}")


def _text_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _compare_texts(
    reply: _Slim,
    scored: list[tuple[float, _Slim]],
    words_of: Callable[[str], frozenset[str] | None],
) -> tuple[list[tuple[float, _Slim]], dict[str, float]]:
    """Add the text signal to the close rivals at the top, and order the candidates again."""
    cut = scored[0][0] - CLOSE_CALL
    close = [letter for score, letter in scored if score >= cut]
    found = _text_overlaps(reply.id, [letter.id for letter in close], words_of)
    overlaps = dict(zip((letter.id for letter in close), found, strict=True))
    rescored = [
        (score + _W_TEXT * overlaps.get(letter.id, 0.0), letter) for score, letter in scored
    ]
    rescored.sort(key=_best_first)
    return rescored, overlaps


def _best_first(item: tuple[float, _Slim]) -> tuple[float, int, str]:
    """Best score first; between equals the nearer (later) letter, then by id for stability."""
    return (-item[0], -item[1].day, item[1].id)


def _text_overlaps(
    reply_id: str, letter_ids: list[str], words_of: Callable[[str], frozenset[str] | None]
) -> list[float]:
    """For each rival letter, the share of the reply's words that it shares.

    A word shared by n rivals counts 1/n, and one every rival has counts nothing: the
    boilerplate and the constituency tell none of them apart.
    """
    reply_words = words_of(reply_id)
    if not reply_words:
        return [0.0] * len(letter_ids)
    shared = [reply_words & (words_of(letter_id) or frozenset()) for letter_id in letter_ids]
    sharing = Counter(word for words in shared for word in words)
    if len(shared) > 1:
        sharing = Counter({word: n for word, n in sharing.items() if n < len(shared)})
    size = len(reply_words)
    return [sum(1.0 / sharing[w] for w in words if w in sharing) / size for words in shared]


# --------------------------------------------------------------------------- pairing


def pair_letters(
    records: Iterable[Mapping[str, Any]],
    *,
    decisions: Mapping[tuple[str, str], str] = _NO_DECISIONS,
    text_of: Callable[[str], str] | None = None,
) -> Pairing:
    """Pair every reply with the letter it answers; see the module docstring for the signals.

    ``decisions`` are researchers' verdicts on (reply id, letter id): "confirmed" or
    "manual" links always stand, "rejected" pairs are never linked. ``text_of`` gives a
    letter's text, compared only when two candidates are close.
    """
    unknown = {verdict for verdict in decisions.values() if verdict not in _VERDICTS}
    if unknown:
        raise ValueError(
            f"unknown pairing decisions {sorted(unknown)}: use confirmed, rejected or manual"
        )
    context, dates = _read(records)
    rejected = {pair for pair, verdict in decisions.items() if verdict == "rejected"}
    words_of = _word_cache(text_of)

    candidates: dict[str, tuple[Candidate, ...]] = {}
    # Reasons repeat across replies ("same MP (...)", "42 days later"): one copy of each.
    phrases: dict[str, str] = {}
    contests: list[tuple[str, tuple[Candidate, ...], float]] = []
    cues: dict[str, ReplyCues] = {}
    for reply in context.letters:
        said = _cues_of(reply, text_of)
        if said is not NO_CUES:
            cues[reply.id] = said
            reply.transferred = said.transferred
        scored = _score_candidates(reply, context, rejected)
        offered = _offered(reply, context, rejected, {letter.id for _, letter in scored})
        if not scored and not offered:
            continue
        if not scored or scored[0][0] < MIN_SCORE:
            named = _named_constituent(reply, said, offered, context, text_of)
            if named is not None:
                letter, who = named
                reasons = (f"both name the constituent {who}", *_explain(reply, letter, context, 0))
                chosen = Candidate(letter.id, _CONSTITUENT_SCORE, reasons)
                rest = [c for c in _offer_only(reply, offered, context, phrases)]
                kept_offers = (chosen, *(c for c in rest if c.letter_id != letter.id))
                candidates[reply.id] = kept_offers[:REVIEW_CANDIDATES]
                contests.append(
                    (reply.id, kept_offers, _confidence(_CONSTITUENT_SCORE, OFFER_MAX_SCORE))
                )
                continue
        if not scored:
            candidates[reply.id] = _offer_only(reply, offered, context, phrases)
            continue
        overlaps: dict[str, float] = {}
        if (
            words_of is not None
            and len(scored) > 1
            and scored[1][0] >= max(scored[0][0] - CLOSE_CALL, MIN_SCORE - _W_TEXT)
        ):
            scored, overlaps = _compare_texts(reply, scored, words_of)
        best_score = scored[0][0]
        kept = []
        for score, letter in scored[:REVIEW_CANDIDATES]:
            reasons = _explain(reply, letter, context, overlaps.get(letter.id, 0.0))
            shared = tuple(phrases.setdefault(reason, reason) for reason in reasons)
            kept.append(Candidate(letter.id, round(score, 2), shared))
        if len(kept) < REVIEW_CANDIDATES:
            kept.extend(
                _offer_only(reply, offered[: REVIEW_CANDIDATES - len(kept)], context, phrases)
            )
        candidates[reply.id] = tuple(kept)
        if best_score >= MIN_SCORE:
            runner_up = scored[1][0] if len(scored) > 1 else None
            contests.append((reply.id, tuple(kept), _confidence(best_score, runner_up)))

    links = _assign(contests)
    _drop_cycles(links)
    _follow_ups(links, cues, context, rejected)
    several = _several_letters(links, cues, context, rejected)
    _apply_decisions(links, candidates, decisions)
    several = [
        link
        for link in several
        if link.reply_id in links
        and links[link.reply_id].source == "auto"
        and link.letter_id != links[link.reply_id].letter_id
    ]
    ordered = sorted(
        (*links.values(), *several),
        key=lambda link: (_day_key(dates, link.reply_id), link.reply_id),
    )
    return Pairing(tuple(ordered), MappingProxyType(candidates), MappingProxyType(dates))


def _day_key(dates: Mapping[str, dt.date | None], letter_id: str) -> int:
    day = dates.get(letter_id)
    return day.toordinal() if day else dt.date.max.toordinal()


def _read(records: Iterable[Mapping[str, Any]]) -> tuple[_Context, dict[str, dt.date | None]]:
    """One pass over the records: slim letters, buckets by MP, references, word rarity."""
    letters: list[_Slim] = []
    undated: list[str] = []
    # Letters extraction could not place as to or from an MP: (letter, sender, recipient, orgs).
    unplaced: list[tuple[_Slim, str, str, tuple[str, ...]]] = []
    # Every record decodes its own copy of the MP's name, the department and the places:
    # one shared copy of each keeps 100k letters in a fraction of the memory.
    shared: dict[str, str] = {}
    mp_keys: dict[str, tuple[str, str] | None] = {}
    for record in records:
        meta: Mapping[str, Any] = record.get("metadata") or {}
        letter_id = str(record["id"])
        day = _ordinal(meta.get("date"))
        if not day:
            undated.append(letter_id)
            continue
        sign = _DIRECTIONS.get(str(meta.get("direction")), 0)
        mp_name = shared.setdefault(name := str(meta.get("mp") or "") if sign else "", name)
        if mp_name not in mp_keys:
            mp_keys[mp_name] = mp_key(mp_name)
        department = department_of(meta) if sign else None
        shown = tuple(str(ref) for ref in meta.get("references") or ())
        letter = _Slim(
            len(letters),
            letter_id,
            day,
            sign,
            mp_keys[mp_name],
            mp_name,
            shared.setdefault(department, department) if department else None,
            shared.setdefault(person := _person_of(meta, sign) if sign else "", person),
            tuple(str(name).lower() for name in meta.get("cc") or ()),
            _ordinal(meta.get("in_reply_to_date")),
            tuple(dict.fromkeys(reference_key(ref) for ref in shown)),
            shown,
            frozenset(shared.setdefault(word, word) for word in _topic_words(meta, mp_name)),
        )
        letters.append(letter)
        if not sign:
            orgs = tuple(
                str(meta[key])
                for key in ("recipient_org", "sender_org")
                if meta.get(key) and meta.get(key) != "House of Commons"
            )
            unplaced.append(
                (
                    letter,
                    str(meta.get("sender_name") or ""),
                    str(meta.get("recipient_name") or ""),
                    orgs,
                )
            )
    _place_by_known_mps(letters, unplaced)
    letters.sort(key=lambda letter: (letter.day, letter.id))
    for index, letter in enumerate(letters):
        letter.index = index
    dates: dict[str, dt.date | None] = {
        letter.id: dt.date.fromordinal(letter.day) for letter in letters
    }
    dates.update(dict.fromkeys(sorted(undated)))

    by_surname: dict[str, list[_Slim]] = {}
    by_reference: dict[str, list[int]] = {}
    for letter in letters:
        if letter.surname:
            by_surname.setdefault(letter.surname, []).append(letter)
        for ref in letter.refs:
            by_reference.setdefault(ref, []).append(letter.index)
    spread = _spread_references(letters, by_reference)
    topic_weight: dict[str, dict[str, float]] = {}
    for surname, bucket in by_surname.items():
        counts = Counter(word for letter in bucket for word in letter.topic)
        size = len(bucket)
        # A word on most of the MP's letters (their constituency) says nothing about which.
        weights = {word: math.log(size / n) + 0.1 for word, n in counts.items()}
        topic_weight[surname] = weights
        for letter in bucket:
            letter.topic_mass = sum(weights.get(word, 1.0) for word in letter.topic)
    by_side: dict[tuple[str, int], list[_Slim]] = {}
    for letter in letters:
        if letter.surname and letter.sign:
            by_side.setdefault((letter.surname, letter.sign), []).append(letter)
    context = _Context(
        letters,
        by_side,
        {side: [letter.day for letter in bucket] for side, bucket in by_side.items()},
        by_reference,
        spread,
        topic_weight,
    )
    return context, dates


def _place_by_known_mps(
    letters: list[_Slim], unplaced: list[tuple[_Slim, str, str, tuple[str, ...]]]
) -> None:
    """Give a direction to letters written by or to an MP known from other letters.

    A letterhead extraction misread still names its writer and addressee; when one of them
    is an MP of this archive, the letter is that MP's (from them, or to them).
    """
    known = {letter.mp: letter.mp_name for letter in letters if letter.mp}
    for letter, sender, recipient, orgs in unplaced:
        for sign, name, other in ((-1, sender, recipient), (1, recipient, sender)):
            key = mp_key(name)
            if key is None or key[1] not in known:
                continue
            letter.sign = sign
            letter.surname, letter.mp = key
            letter.mp_name = known[key[1]]
            letter.dept = orgs[0] if orgs else None
            person = mp_key(other)
            letter.person = person[1] if person else ""
            break


def _spread_references(letters: list[_Slim], by_reference: dict[str, list[int]]) -> set[str]:
    """References on letters with several departments: an MP's case number, not a thread's."""
    spread: set[str] = set()
    for ref, indexes in by_reference.items():
        if len(indexes) < 2:
            continue
        if len(indexes) > MAX_REFERENCE_LETTERS:
            spread.add(ref)
            continue
        departments = [letters[i].dept for i in indexes if letters[i].dept]
        first = departments[0] if departments else None
        if any(department_match(first, other) == "different" for other in departments[1:]):
            spread.add(ref)
    return spread


def _score_candidates(
    reply: _Slim, context: _Context, rejected: set[tuple[str, str]]
) -> list[tuple[float, _Slim]]:
    """The reply's candidates scored, best first (see ``_candidates``)."""
    scored = []
    reply.crowd = _crowding(reply, context)
    found = _candidates(reply, context)
    if reply.transferred and any(_own_letter(reply, letter) for letter in found.values()):
        reply.transferred = False  # the MP wrote to this department then: nothing passed on
    for letter in found.values():
        if letter.id == reply.id or (reply.id, letter.id) in rejected:
            continue
        if letter.day == reply.day and letter.day != reply.cited:
            continue  # a same-day answer must say so, or either could answer the other
        scored.append((_pair_score(reply, letter, context), letter))
    scored.sort(key=_best_first)
    return scored


def _own_letter(reply: _Slim, letter: _Slim) -> bool:
    """Whether the MP wrote to the reply's own department on about the date it cites."""
    return (
        bool(reply.dept and letter.dept)
        and department_match(reply.dept, letter.dept) in ("same", "renamed", "related")
        and _date_kind_fast(reply, letter) in ("exact", "near", "close")
    )


def _candidates(reply: _Slim, context: _Context) -> dict[int, _Slim]:
    """Earlier letters the other way that could be linked, and a few near ones for review.

    Without a shared reference, a letter whose date does not match the cited one (or any
    letter, when the reply cites no date) scores at most -2 + 1 + 1.5 + 0.7 + 2.5 = 3.7,
    below ``MIN_SCORE``: so only letters of about the cited date, and letters sharing a
    reference, are looked at for linking, which keeps this to a handful per reply.
    """
    found: dict[int, _Slim] = {}
    if not reply.cited and not reply.refs:
        return found  # nothing says it answers anything: an MP's first letter, a notice
    low = reply.day - MAX_GAP_DAYS
    side = (reply.surname, -reply.sign)
    bucket = context.by_side.get(side) if reply.surname else None
    if bucket:
        days = context.days_by_side[side]

        def take(first: int, last: int) -> None:
            first, last = max(first, low), min(last, reply.day)
            if first <= last:
                start = bisect.bisect_left(days, first)
                for letter in bucket[start : bisect.bisect_right(days, last, lo=start)]:
                    found[letter.index] = letter

        cited = reply.cited
        if cited:
            take(cited - 7, cited + 7)
            take(cited - 366, cited - 365)  # the right day and month, the year before
            take(cited + 365, cited + 366)  # or after
            if reply.cited_swapped_day:
                take(reply.cited_swapped_day, reply.cited_swapped_day)
            # The letters nearest the cited date, for a researcher looking for the one
            # answered when none matches.
            at = bisect.bisect_right(days, min(cited, reply.day))
            for letter in bucket[max(0, at - REVIEW_CANDIDATES) : at + 1]:
                if low <= letter.day <= reply.day:
                    found[letter.index] = letter
    for ref in reply.refs:
        indexes = context.by_reference.get(ref, ())
        if len(indexes) > MAX_REFERENCE_LETTERS:
            continue
        for index in indexes:
            letter = context.letters[index]
            # Either side may be of unknown direction here: the reference ties them.
            opposite = letter.sign == -reply.sign or not (letter.sign and reply.sign)
            if opposite and low <= letter.day <= reply.day:
                found[index] = letter
    return found


def _offered(
    reply: _Slim, context: _Context, rejected: set[tuple[str, str]], seen: set[str]
) -> list[tuple[float, _Slim]]:
    """For a department's reply that cites no date: the same MP's letters to the same
    department (or its predecessor or parent body) in the ``OFFER_DAYS`` before it, best
    first, leaving out ``seen`` letters (already candidates). For review only."""
    if reply.sign <= 0 or reply.cited or not reply.mp or not reply.dept:
        return []
    side = (reply.surname, -reply.sign)
    bucket = context.by_side.get(side)
    if not bucket:
        return []
    days = context.days_by_side[side]
    start = bisect.bisect_left(days, reply.day - OFFER_DAYS)
    end = bisect.bisect_left(days, reply.day, lo=start)  # earlier days only
    found = []
    for letter in bucket[max(start, end - _OFFER_SCAN) : end]:  # the nearest
        if letter.mp != reply.mp or not letter.dept or letter.id in seen:
            continue
        if (reply.id, letter.id) in rejected:
            continue
        if department_match(reply.dept, letter.dept) not in ("same", "renamed", "related"):
            continue
        found.append((min(_pair_score(reply, letter, context), OFFER_MAX_SCORE), letter))
    found.sort(key=_best_first)
    return found


def _offer_only(
    reply: _Slim,
    offered: list[tuple[float, _Slim]],
    context: _Context,
    phrases: dict[str, str],
) -> tuple[Candidate, ...]:
    kept = []
    for score, letter in offered[:REVIEW_CANDIDATES]:
        reasons = (OFFERED, *_explain(reply, letter, context, 0.0))
        shared = tuple(phrases.setdefault(reason, reason) for reason in reasons)
        kept.append(Candidate(letter.id, round(score, 2), shared))
    return tuple(kept)


def _word_cache(
    text_of: Callable[[str], str] | None,
) -> Callable[[str], frozenset[str] | None] | None:
    if text_of is None:
        return None

    # Replies come in date order and their rivals are recent letters: a small cache serves.
    @lru_cache(maxsize=256)
    def words_of(letter_id: str) -> frozenset[str] | None:
        try:
            return _text_words(text_of(letter_id))
        except Exception:  # a damaged or missing text only loses this one signal
            return None

    return words_of


def _assign(contests: list[tuple[str, tuple[Candidate, ...], float]]) -> dict[str, Link]:
    """Each reply's link: its best candidate, except that between near-equal candidates the
    one no surer reply has taken is chosen.

    Several replies citing one date when an MP wrote several letters that day to the same
    department most likely answer different letters (a holding and a full reply to one
    letter are told apart by their dates and references long before this tie-break).
    """
    claims: Counter[str] = Counter()
    links: dict[str, Link] = {}

    def margin(contest: tuple[str, tuple[Candidate, ...], float]) -> float:
        found = contest[1]
        return found[0].score - found[1].score if len(found) > 1 else math.inf

    for reply_id, found, confidence in sorted(contests, key=lambda c: (-margin(c), c[0])):
        tied = [c for c in found if c.score >= max(MIN_SCORE, found[0].score - TIE_MARGIN)]
        chosen = min(tied, key=lambda c: (claims[c.letter_id], -c.score))
        claims[chosen.letter_id] += 1
        reasons = chosen.reasons
        if chosen is not found[0]:
            reasons = (*reasons, "as likely as a letter that another reply answers")
        links[reply_id] = Link(reply_id, chosen.letter_id, confidence, reasons)
    return links


def _drop_cycles(links: dict[str, Link]) -> None:
    """Two same-day letters cannot each answer the other: keep the surer direction."""
    for reply_id, link in list(links.items()):
        back = links.get(link.letter_id)
        if back is not None and back.letter_id == reply_id and reply_id in links:
            weaker = min((link, back), key=lambda found: (found.confidence, found.reply_id))
            del links[weaker.reply_id]


def _apply_decisions(
    links: dict[str, Link],
    candidates: Mapping[str, tuple[Candidate, ...]],
    decisions: Mapping[tuple[str, str], str],
) -> None:
    """Confirmed and manual links replace any automatic link for their reply."""
    chosen: dict[str, tuple[str, LinkSource]] = {}
    for (reply_id, letter_id), verdict in decisions.items():
        if verdict not in ("confirmed", "manual"):
            continue
        # A researcher's own link outranks a confirmed guess for the same reply.
        if reply_id in chosen and chosen[reply_id][1] == "manual" and verdict == "confirmed":
            continue
        chosen[reply_id] = (letter_id, "manual" if verdict == "manual" else "confirmed")
    for reply_id, (letter_id, source) in chosen.items():
        evidence = next(
            (c.reasons for c in candidates.get(reply_id, ()) if c.letter_id == letter_id), ()
        )
        who = "confirmed by a researcher" if source == "confirmed" else "linked by a researcher"
        links[reply_id] = Link(reply_id, letter_id, 1.0, (who, *evidence), source)


# --------------------------------------------------------------------------- the reply's words

#: The score of a link made by a constituent named in both letters (see ``_named_constituent``).
_CONSTITUENT_SCORE = MIN_SCORE + 0.5
#: "answers two letters", in words up to this many.
_COUNTS = ("no", "one", "two", "three", "four", "five", "six")


def _cues_of(reply: _Slim, text_of: Callable[[str], str] | None) -> ReplyCues:
    """What a department's reply says of the letters it answers (nothing without texts)."""
    if text_of is None or reply.sign <= 0:
        return NO_CUES
    try:
        text = text_of(reply.id)
    except Exception:  # a damaged or missing text only loses these cues
        return NO_CUES
    if not text:
        return NO_CUES
    said = read_cues(text, dt.date.fromordinal(reply.day))
    return said if said != NO_CUES else NO_CUES


def _named_constituent(
    reply: _Slim,
    said: ReplyCues,
    offered: list[tuple[float, _Slim]],
    context: _Context,
    text_of: Callable[[str], str] | None,
) -> tuple[_Slim, str] | None:
    """The one offered letter (same MP, same department, shortly before) that names the
    constituent the reply names and shares its topic, if exactly one does.

    A reply citing no date or reference ("your recent letter on behalf of your constituent,
    Mr Alan Pickersgill") is linked only on this much evidence: a wrong link is worse than
    an offer.
    """
    if text_of is None or not said.constituents or said.further:
        return None
    ignored = {reply.surname, *(name.split()[-1] for name in (reply.person,) if name)}
    named = said.constituents - ignored
    if not named:
        return None
    matching: list[tuple[_Slim, str]] = []
    for _, letter in offered:
        if letter.mp != reply.mp or letter.sign >= 0:
            continue
        overlap, _words = _topic_overlap(reply, letter, context)
        if overlap <= 0:
            continue
        try:
            text = text_of(letter.id)
        except Exception:
            continue
        shared = sorted(named & constituents(text))
        if shared:
            matching.append((letter, shared[0]))
    if len(matching) != 1:
        return None  # none, or several letters about the same person: offer them instead
    letter, surname = matching[0]
    return letter, _titled(surname, text_of(reply.id))


def _titled(surname: str, text: str) -> str:
    """The constituent as the reply names them ("Mr Pickersgill")."""
    found = re.search(
        rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z][a-z]+\s+){{0,2}}{re.escape(surname)}\b",
        text,
        re.IGNORECASE,
    )
    return " ".join(found.group(0).split()) if found else surname.title()


def _follow_ups(
    links: dict[str, Link],
    cues: Mapping[str, ReplyCues],
    context: _Context,
    rejected: set[tuple[str, str]],
) -> None:
    """Link a department's "Further to my earlier letter" to the letter its earlier reply
    answered: it continues that exchange."""
    by_id = {letter.id: letter for letter in context.letters}
    for reply_id in sorted(cues, key=lambda i: (by_id[i].day, i)):
        said = cues[reply_id]
        if not said.further or reply_id in links:
            continue
        reply = by_id[reply_id]
        earlier = _earlier_reply(reply, said, context, links)
        if earlier is None:
            continue
        first = links[earlier.id]
        if (reply_id, first.letter_id) in rejected:
            continue
        when = _long_date(dt.date.fromordinal(earlier.day))
        answered = by_id.get(first.letter_id)
        reasons = [f"follows up the department's reply of {when}"]
        if answered is not None:
            reasons.append(
                f"which answered the letter of {_long_date(dt.date.fromordinal(answered.day))}"
            )
        if reply.mp_name:
            reasons.append(f"same MP ({reply.mp_name})")
        reasons.append(f"{reply.day - earlier.day} days after that reply")
        sure = min(first.confidence, 0.9)
        links[reply_id] = Link(reply_id, first.letter_id, sure, tuple(reasons))


def _earlier_reply(
    reply: _Slim, said: ReplyCues, context: _Context, links: Mapping[str, Link]
) -> _Slim | None:
    """The same department's linked reply to the same MP that this one follows up."""
    bucket = context.by_side.get((reply.surname, reply.sign)) if reply.surname else None
    if not bucket or not reply.dept:
        return None
    days = context.days_by_side[(reply.surname, reply.sign)]
    start = bisect.bisect_left(days, reply.day - MAX_GAP_DAYS)
    end = bisect.bisect_left(days, reply.day, lo=start)
    earlier = [
        letter
        for letter in bucket[start:end]
        if letter.id in links
        and letter.mp == reply.mp
        and letter.dept
        and department_match(reply.dept, letter.dept) in ("same", "renamed", "related")
    ]
    if said.further_date is not None:
        cited = said.further_date.toordinal()
        earlier = [letter for letter in earlier if abs(letter.day - cited) <= 3]
    return earlier[-1] if earlier else None


def _several_letters(
    links: dict[str, Link],
    cues: Mapping[str, ReplyCues],
    context: _Context,
    rejected: set[tuple[str, str]],
) -> list[Link]:
    """The further letters of replies that answer several ("your letters of 2 and 9 May"):
    for each other date cited, the same MP's letter of that date to the same department."""
    further: list[Link] = []
    by_id = {letter.id: letter for letter in context.letters}
    for reply_id, said in cues.items():
        first = links.get(reply_id)
        if first is None or len(said.together) < 2:
            continue
        reply = by_id[reply_id]
        answered = by_id.get(first.letter_id)
        if answered is None:
            continue
        found: list[_Slim] = []
        for cited in said.together:
            letter = _letter_of(reply, answered, cited.toordinal(), context)
            if letter is not None and letter.id != answered.id and letter not in found:
                if (reply_id, letter.id) not in rejected:
                    found.append(letter)
        if not found:
            continue
        count = len(found) + 1
        how_many = f"answers {_COUNTS[count] if count < len(_COUNTS) else count} letters"
        links[reply_id] = Link(
            reply_id, first.letter_id, first.confidence, (how_many, *first.reasons), first.source
        )
        for letter in found:
            further.append(
                Link(
                    reply_id, letter.id, first.confidence, _one_of_several(reply, letter, how_many)
                )
            )
    return further


def _letter_of(reply: _Slim, answered: _Slim, cited: int, context: _Context) -> _Slim | None:
    """The MP's one letter of the cited date (or a day out) to the department the first
    letter answered went to; None when there is none or several."""
    bucket = context.by_side.get((reply.surname, -reply.sign)) if reply.surname else None
    if not bucket:
        return None
    days = context.days_by_side[(reply.surname, -reply.sign)]
    start = bisect.bisect_left(days, cited - 1)
    end = bisect.bisect_right(days, cited + 1, lo=start)
    matching = [
        letter
        for letter in bucket[start:end]
        if letter.mp == reply.mp
        and letter.day <= reply.day
        and (
            letter.dept == answered.dept
            or department_match(letter.dept, answered.dept) in ("same", "renamed", "related")
        )
    ]
    return matching[0] if len(matching) == 1 else None


def _one_of_several(reply: _Slim, letter: _Slim, how_many: str) -> tuple[str, ...]:
    """The evidence for a further letter a reply answers: its date is one the reply cites."""
    reasons = [
        how_many,
        f"replies to the letter of {_long_date(dt.date.fromordinal(letter.day))}"
        " (one of the dates it cites)",
    ]
    if reply.mp_name:
        reasons.append(f"same MP ({letter.mp_name})")
    match = department_match(reply.dept, letter.dept)
    if match is not None:
        reasons.append(_department_reason(reply, letter, match))
    reasons.append(f"{reply.day - letter.day} days later")
    return tuple(reasons)
