"""The evidence for a pair in words a researcher can check (``pairs``, the reader, review)."""

from __future__ import annotations

import datetime as dt
import re

from archive.knowledge.organisations import DepartmentMatch, department_match
from archive.pairing.candidates import REVIEW_CANDIDATES
from archive.pairing.letters import _Context, _Slim, reference_key
from archive.pairing.model import Candidate
from archive.pairing.signals import (
    _W_CROWD,
    _chance_matches,
    _copied,
    _crowd_besides,
    _date_kind_fast,
    _from_origin,
    _topic_overlap,
)

#: The reason every offered-only candidate gives.
OFFERED = (
    "offered because the reply names no date and no shared reference: "
    "the same MP wrote to this department shortly before"
)


def _explain(
    reply: _Slim, letter: _Slim, context: _Context, text_overlap: float
) -> tuple[str, ...]:
    """The evidence for a pair in words a researcher can check."""
    reasons: list[str] = []
    found_by = _from_text(reply, letter)
    if found_by:
        reasons.append(found_by)
    shared = [ref for ref in reply.shown_refs if reference_key(ref) in letter.refs]
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
    if match == "different" and reply.transferred and _from_origin(reply, letter.dept or ""):
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


def _from_text(reply: _Slim, letter: _Slim) -> str | None:
    """What the link rests on that metadata lacked, read from the letters themselves."""
    said: list[str] = []
    for who, slim in (("the reply", reply), ("the letter", letter)):
        for what in slim.from_text:
            if what == "cited":
                said.append(f"{who} cites {_long_date(dt.date.fromordinal(slim.cited))}")
            elif what == "date":
                said.append(f"{who} is dated {_long_date(dt.date.fromordinal(slim.day))}")
            elif what == "mp":
                role = "addressed to" if slim.sign > 0 else "written by"
                said.append(f"{who} is {role} {slim.mp_name}")
            elif what == "department":
                role = "from" if slim.sign > 0 else "addressed to"
                said.append(f"{who} is {role} {slim.dept}")
    return f"found by its text: {', '.join(said)}" if said else None


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


#: "answers two letters", in words up to this many.
_COUNTS = ("no", "one", "two", "three", "four", "five", "six")


def answers_several(count: int) -> str:
    """The reason on each link of a reply to ``count`` letters: "answers three letters"."""
    return f"answers {_COUNTS[count] if count < len(_COUNTS) else count} letters"


#: What ``answers_several`` writes, for a view that shows another reason in its place.
ANSWERS_SEVERAL = re.compile(r"answers \w+ letters")


def _titled(surname: str, text: str) -> str:
    """The constituent as the reply names them ("Mr Pickersgill")."""
    found = re.search(
        rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z][a-z]+\s+){{0,2}}{re.escape(surname)}\b",
        text,
        re.IGNORECASE,
    )
    return " ".join(found.group(0).split()) if found else surname.title()


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
