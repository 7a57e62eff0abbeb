"""Links read from the letters' own words, where the metadata alone links nothing.

What a reply says (``archive.reply_cues``: a constituent named in both letters, "Further to
my letter", "your letters of 2 and 9 May"), and the date, department or MP a letter's text
gives where its metadata misread them.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
from collections.abc import Callable, Mapping, MutableMapping
from typing import NamedTuple

from archive.extract.dates import iter_full_dates
from archive.knowledge.members import name_key
from archive.knowledge.organisations import department_match, find_org
from archive.pairing.candidates import MAX_GAP_DAYS, REVIEW_CANDIDATES, _score_candidates
from archive.pairing.explain import _long_date, _one_of_several, _titled, answers_several
from archive.pairing.letters import _Context, _Slim
from archive.pairing.model import Link
from archive.pairing.signals import (
    _W_DEPARTMENT,
    MIN_SCORE,
    _date_kind_fast,
    _pair_score,
    _topic_overlap,
)
from archive.reply_cues import NO_CUES, ReplyCues, constituents, read_cues

#: The score of a link made by a constituent named in both letters (see ``_named_constituent``).
_CONSTITUENT_SCORE = MIN_SCORE + 0.5


def _cues_of(
    reply: _Slim,
    text_of: Callable[[str], str] | None,
    memo: MutableMapping[str, ReplyCues] | None = None,
    sha: str = "",
) -> ReplyCues:
    """What a department's reply says of the letters it answers (nothing without texts).

    With a ``memo`` and the text's sha-256, cues read before for the same text and date are
    taken from it (see ``cue_key``), so pairing again does not read the texts again.
    """
    if text_of is None or reply.sign <= 0:
        return NO_CUES
    key = cue_key(sha, reply.day) if memo is not None and sha else ""
    if key:
        known = memo.get(key) if memo is not None else None
        if known is not None:
            return known
    try:
        text = text_of(reply.id)
    except Exception:  # a damaged or missing text only loses these cues (not remembered)
        return NO_CUES
    if not text:
        return NO_CUES
    said = read_cues(text, dt.date.fromordinal(reply.day))
    said = said if said != NO_CUES else NO_CUES
    if key and memo is not None:
        memo[key] = said
    return said


def cue_key(sha: str, day: int) -> str:
    """A reply's cues depend on its text and on its date (which resolves "your letter of 2
    May" to a year): remembered under both."""
    return f"{sha}:{day}"


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
    if text_of is None or said.further or not offered:
        return None
    reply_text = _text(text_of, reply.id)
    if reply_text is None:
        return None
    own_names = tuple(name for name in (reply.mp, reply.person) if name)
    # Read only here, for the few replies that cite nothing: most never need it.
    named = frozenset(
        surname
        for surname in constituents(reply_text)
        if not any(_ends_with_surname(name, surname) for name in own_names)
    )
    if not named:
        return None
    matching: list[tuple[_Slim, str]] = []
    for _, letter in offered:
        if letter.mp != reply.mp or letter.sign >= 0:
            continue
        overlap, _words = _topic_overlap(reply, letter, context)
        if overlap <= 0:
            continue
        text = _text(text_of, letter.id)
        if text is None:
            continue
        shared = sorted(named & constituents(text))
        if shared:
            matching.append((letter, shared[0]))
    if len(matching) != 1:
        return None  # none, or several letters about the same person: offer them instead
    letter, surname = matching[0]
    return letter, _titled(surname, reply_text)


def _ends_with_surname(key: str, surname: str) -> bool:
    """Whether a name's key ends with a surname as a reply writes it: the MP's or the
    signer's own ("Dear Ms Fitz-Tarrant" to Oswin Fitz-Tarrant) names no constituent."""
    surname_key = name_key(surname)
    return bool(surname_key) and (key == surname_key or key.endswith(f" {surname_key}"))


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
    choose: Callable[[_Slim, list[_Slim]], _Slim | None] | None = None,
) -> list[Link]:
    """The further letters of replies that answer several ("your letters of 2 and 9 May"):
    for each other date cited, the same MP's letter of that date to the same department
    (of several that day, the one ``choose`` picks: the one on the reply's subject)."""
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
            letter = _letter_of(reply, answered, cited.toordinal(), context, choose)
            if letter is not None and letter.id != answered.id and letter not in found:
                if (reply_id, letter.id) not in rejected:
                    found.append(letter)
        if not found:
            continue
        count = len(found) + 1
        how_many = answers_several(count)
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


def _letter_of(
    reply: _Slim,
    answered: _Slim,
    cited: int,
    context: _Context,
    choose: Callable[[_Slim, list[_Slim]], _Slim | None] | None = None,
) -> _Slim | None:
    """The MP's one letter of the cited date (or a day out) to the department the first
    letter answered went to, or the one ``choose`` picks of several; else None."""
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
    if len(matching) > 1 and choose is not None:
        return choose(reply, matching)
    return matching[0] if len(matching) == 1 else None


class _Retry(NamedTuple):
    """What each fallback on the texts is given: the reply whose candidates fell short, the
    archive, the pairs researchers rejected and the letters' texts. Each returns the reply's
    candidates scored again, or as they were."""

    reply: _Slim
    context: _Context
    rejected: set[tuple[str, str]]
    text_of: Callable[[str], str]


def _department_by_text(
    retry: _Retry, scored: list[tuple[float, _Slim]]
) -> list[tuple[float, _Slim]]:
    """When only the departments keep a reply from the MP's letter of the date it cites,
    the letters' own headings decide: the letter's address block names the replying
    department (and not the one its metadata has), or the reply's letterhead names the
    department written to. The side whose metadata is wrong takes the department its text
    names, and the reply is scored again; else ``scored`` as it was."""
    reply, context, rejected, text_of = retry
    for score, letter in scored[:REVIEW_CANDIDATES]:
        if not (reply.dept and letter.dept and reply.mp and reply.mp == letter.mp):
            continue
        if score - _W_DEPARTMENT["different"] + _W_DEPARTMENT["same"] < MIN_SCORE:
            continue
        if _date_kind_fast(reply, letter) not in ("exact", "near", "close"):
            continue
        if department_match(reply.dept, letter.dept) != "different":
            continue
        wrong: _Slim | None = None
        if _heading_names(text_of, letter.id, reply.dept, letter.dept):
            wrong, right = letter, reply.dept
        elif _heading_names(text_of, reply.id, letter.dept, reply.dept):
            wrong, right = reply, letter.dept
        if wrong is None or wrong.fixed & _DEPARTMENT_FIELDS:
            continue  # a researcher's department is not overruled by a heading
        wrong.dept = right
        wrong.from_text = (*wrong.from_text, "department")
        return _score_candidates(reply, context, rejected)
    return scored


#: The fields a letter's department is read from (``department_of``).
_DEPARTMENT_FIELDS = frozenset(("sender_org", "recipient_org", "sender_role", "recipient_role"))


#: A letter's heading (letterhead, address block) is before its salutation, within this.
_HEADING_CHARS = 800


def _heading_names(
    text_of: Callable[[str], str], letter_id: str, named: str, not_named: str
) -> bool:
    """Whether the letter's heading names the department ``named`` and not ``not_named``."""
    text = _text(text_of, letter_id)
    if text is None:
        return False
    text = text[:_HEADING_CHARS]
    salutation = text.find("Dear ")
    heading = text[:salutation] if salutation > 0 else text
    found = False
    for line in heading.splitlines():
        org = find_org(line)
        if org is None or not org.known:
            continue
        match = department_match(org.name, named)
        if department_match(org.name, not_named) in ("same", "renamed"):
            return False
        found = found or match in ("same", "renamed")
    return found


#: Extraction's date slips: a letter whose metadata date is this many days from the date a
#: reply cites may be dated that day by its own heading.
_MISDATED_DAYS = 31


def _dated_by_text(retry: _Retry, scored: list[tuple[float, _Slim]]) -> list[tuple[float, _Slim]]:
    """When no letter of the date a reply cites is linked, the MP's letter to the same
    department whose own heading bears that date (its metadata misread it), if exactly one
    does and it then scores as a link; else ``scored`` as it was."""
    reply, context, rejected, text_of = retry
    side = (reply.surname, -reply.sign)
    bucket = context.by_side.get(side) if reply.surname and reply.dept else None
    if not bucket or not reply.cited:
        return scored
    days = context.days_by_side[side]
    start = bisect.bisect_left(days, reply.cited - _MISDATED_DAYS)
    end = bisect.bisect_right(days, min(reply.cited + _MISDATED_DAYS, reply.day), lo=start)
    found: list[_Slim] = []
    for letter in bucket[start:end]:
        if abs(letter.day - reply.cited) <= 7 or letter.mp != reply.mp or not letter.dept:
            continue  # the letters of about that date were scored already
        if "date" in letter.fixed:
            continue  # a researcher dated it: its heading does not overrule them
        if (reply.id, letter.id) in rejected:
            continue
        if department_match(reply.dept, letter.dept) not in ("same", "renamed", "related"):
            continue
        if reply.cited in _heading_dates(letter.id, text_of):
            found.append(letter)
            if len(found) > 1:
                return scored  # two letters bear that date: the text does not decide
    if not found:
        return scored
    redated = copy.copy(found[0])
    redated.redate(reply.cited)
    redated.from_text = (*redated.from_text, "date")
    score = _pair_score(reply, redated, context)
    if score < MIN_SCORE:
        return scored
    rest = [(points, letter) for points, letter in scored if letter.id != redated.id]
    return [(score, redated), *rest]


def _heading_dates(letter_id: str, text_of: Callable[[str], str]) -> set[int]:
    """The full dates in a letter's opening, as ordinals."""
    text = _text(text_of, letter_id)
    if text is None:
        return set()
    return {
        found.date.toordinal()
        for found in iter_full_dates(text, 0, min(len(text), _HEADING_CHARS))
        if found.date is not None
    }


def _mp_by_text(retry: _Retry, scored: list[tuple[float, _Slim]]) -> list[tuple[float, _Slim]]:
    """When no letter of the MP's is linked, another MP's letter of the cited date (or a
    few days out) to the same department, whose MP the reply's text names, or which names
    the reply's MP in its own text (one side's MP metadata misread): if exactly one, it
    is scored with the MP the texts agree on; else ``scored`` as it was."""
    reply, context, rejected, text_of = retry
    if not reply.dept or not reply.cited:
        return scored
    reply_text = _text(text_of, reply.id)
    if reply_text is None:
        return scored
    reply_text = reply_text[:_HEADING_CHARS].casefold()
    found: list[_Slim] = []
    for day in range(reply.cited - 3, reply.cited + 4):
        for letter in context.mps_letters_on(day):
            if letter.mp == reply.mp or not letter.dept or letter.day > reply.day:
                continue
            if (reply.id, letter.id) in rejected:
                continue
            if department_match(reply.dept, letter.dept) not in ("same", "renamed", "related"):
                continue
            if letter.mp and "mp" not in reply.fixed and letter.mp_name.casefold() in reply_text:
                named = copy.copy(letter)  # the reply's MP is misread: it names the letter's
                named.from_text = (*named.from_text, "named")
                found.append(named)
            elif (
                reply.mp and "mp" not in letter.fixed and _names(text_of, letter.id, reply.mp_name)
            ):
                named = copy.copy(letter)  # the letter's MP is misread: it names the reply's
                named.surname, named.mp, named.mp_name = reply.surname, reply.mp, reply.mp_name
                named.from_text = (*named.from_text, "mp")
                found.append(named)
            if len(found) > 1:
                return scored
    if not found:
        return scored
    letter = found[0]
    misread = "named" in letter.from_text
    mp = (reply.surname, reply.mp, reply.mp_name, reply.from_text)
    if misread:
        letter.from_text = tuple(what for what in letter.from_text if what != "named")
        reply.surname, reply.mp, reply.mp_name = letter.surname, letter.mp, letter.mp_name
        reply.from_text = (*reply.from_text, "mp")
    score = _pair_score(reply, letter, context)
    if score < MIN_SCORE:
        reply.surname, reply.mp, reply.mp_name, reply.from_text = mp
        return scored
    return [(score, letter), *scored]


def _names(text_of: Callable[[str], str], letter_id: str, name: str) -> bool:
    """Whether a letter's text names ``name`` (an MP's letter signs with it)."""
    text = _text(text_of, letter_id)
    return text is not None and name.casefold() in text.casefold()


def _text(text_of: Callable[[str], str], letter_id: str) -> str | None:
    """A letter's text, or None: a damaged or missing text only loses the link it would give."""
    try:
        return text_of(letter_id)
    except Exception:
        return None
