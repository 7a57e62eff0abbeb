"""The evidence that a reply answers a letter: one weight per signal and the score of a pair.

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
... and names the body it came from, this letter's   +1.5     "Ofsted has forwarded your letter";
(one naming another known body gets no credit)                  "I have been asked to reply to your
                                                                letter of 5 May to the DWP"
the person written to signs the reply (or is written   +0.7     ministers answer their own post
back to)
topic overlap (places, people, subject words)          +0..2.5  rarer shared words weigh more;
                                                                a lone common word weighs little
text overlap (close calls only)                        +0..2.0  words the rivals do not share
the reply's citing sentence names this letter's        +2.0     "your letter of 3 May about the
subject and no rival's (crowded or level dates only;            closure of Tillbury library";
on the day cited, crowding is then set aside)                   see ``archive.pairing.subject``
same day                                               -1.5     replies take days
gap over 6 months / over a year                        -1.0/-2  answers rarely take that long
each day of gap                                        -0.001   between equals, the nearer one
=====================================================  =======  ==================================
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

from archive.knowledge.organisations import DepartmentMatch, canonical, department_match
from archive.pairing.letters import _Context, _Slim
from archive.words import plain_words

DateMatch = Literal["exact", "near", "close", "swapped", "other_year", "other", "uncited"]


#: The least score that links a reply to a letter: below it the letter answered is taken to
#: be missing from the archive (no forced match).
MIN_SCORE = 4.0


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


#: ... and names the body it came from, the one this letter went to ("Ofsted has forwarded").
_W_TRANSFERRED_FROM = 1.5
_W_PERSON = 0.7


_W_TOPIC = 2.5


#: Added to the topic overlap's denominator: sharing one common word (the MP's home town)
#: is weak evidence, however alike two tiny sets of words look.
_TOPIC_DAMPING = 3.0


_W_TEXT = 2.0


#: The reply's citing sentence names what one letter of about that date is about, and no
#: other (``archive.pairing.subject``); that letter's date then counts in full.
_W_SUBJECT = 2.0


_W_SAME_DAY = -1.5


_W_PER_DAY = -0.001


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
        if points < 0 and reply.transferred and _from_origin(reply, letter.dept):
            points = _W_TRANSFERRED_FROM if reply.transfer_from else _W_TRANSFERRED
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


def _from_origin(reply: _Slim, department: str) -> bool:
    """Whether a passed-on reply may answer a letter to ``department``: the body it names as
    passing the letter on is that one, or it names none, or none the registry knows (a
    minister's name)."""
    origin = reply.transfer_from
    if not origin:
        return True
    match = department_match(origin, department)
    return match not in (None, "different") or canonical(origin) is None


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


def _text_words(text: str) -> frozenset[str]:
    return frozenset(plain_words(text, 4))


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
