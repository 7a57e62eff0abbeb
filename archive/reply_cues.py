"""What a reply's own words say about the letters it answers (transfers, several, follow-ups).

The pairing scores letters by their metadata; these cues come from the text of a
department's reply, read once per reply, for the cases metadata cannot hold: a letter
passed on from another department ("has been transferred to this Department"), one reply
to several letters ("your letters of 2 and 9 May"), a department writing again ("Further
to my letter of 3 June") and a reply that cites nothing but names the constituent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from archive.extract.dates import DateMatch
from archive.extract.mentions import _REPLY_TO, _dates_at

__all__ = ["ReplyCues", "constituents", "read_cues"]

#: Only the opening of a reply says what it answers.
_OPENING_CHARS = 3_000

#: The verbs that say a letter was passed on, as the patterns below and ``_MOVED_WORDS`` use them.
_PASSED_ON = ("passed", "transferred", "forwarded", "referred")
_VERB = "|".join(_PASSED_ON)
_TRANSFERRED = re.compile(
    rf"\b(?:has|have|had|was|were)\s+(?:now\s+)?been\s+(?:{_VERB}|sent|redirected)\s+"
    r"(?:on\s+|across\s+|over\s+)?to\s+(?:this|us|me|the|our|[A-Z])"
    rf"|\b(?:was|were)\s+(?:{_VERB}|sent)\s+(?:on\s+)?to\s+(?:this|us|me|our)\b"
    rf"|\b(?:{_VERB})\s+(?:to\s+)?(?:us|me)\s+(?:by|from)\b",
    re.IGNORECASE,
)
#: The first department's own notice: "I have transferred your letter to ..., who will reply".
_TRANSFER_NOTICE = re.compile(
    r"\b(?:I|we)\s+(?:have|has|am|are)\s+(?:now\s+)?"
    rf"(?:{_VERB}|passing|transferring|forwarding|referring)\s+(?:your|the|this)\b",
    re.IGNORECASE,
)
#: Another body passing the letter on: "The Department for Education has forwarded your letter".
_FORWARDED_BY = re.compile(
    rf"\b(?:has|have)\s+(?:now\s+)?(?:passed\s+on|sent\s+on|{_VERB})\s+(?:to\s+(?:me|us)\s+)?"
    r"your\s+(?:letter|e-?mail|correspondence|enquiry)",
    re.IGNORECASE,
)
#: A minister answering a letter written to someone else: "I have been asked to reply to your
#: letter", "which has been passed to me for reply".
_ASKED_TO_REPLY = re.compile(
    r"\basked\s+to\s+(?:reply|respond)\s+to\s+your\s+(?:letter|e-?mail)"
    r"|\bpassed\s+to\s+(?:me|us)\s+(?:for\s+(?:reply|a\s+response)|to\s+(?:reply|answer))",
    re.IGNORECASE,
)
#: The body the letter was written to: "your letter of 5 February to the Department for Work
#: and Pensions about ...".
_WRITTEN_TO = re.compile(
    r"\b[Yy]our\s+(?:letter|e-?mail)\s+of\s+[^.]{3,30}?\s+to\s+(?:the\s+)?"
    r"(?P<body>[A-Z][A-Za-z&,'’\- ]{2,80}?)\s*(?:\babout\b|\bregarding\b|\bconcerning\b|"
    r"\bon\s+behalf\b|\bhas\b|\bwhich\b|,|\.)"
)
#: Where the words before "has forwarded your letter" begin.
_FRAGMENT_START = re.compile(r"\n\s*\n|[.|;:!?]|\bDear\s+[^,\n]+,")
_NOT_BODIES = frozenset({"i", "we", "my officials", "officials", "my office", "this department"})
#: "your two letters of 14 and 18 June", which the general pattern leaves to its numbers.
_NUMBERED = re.compile(
    r"\byour\s+(?:two|three|four|several)\s+(?:letters|e-?mails|emails|messages)\s+"
    r"(?:of|dated)\s+(?:the\s+)?(?=\d)",
    re.IGNORECASE,
)
#: Between two citations of one reply to both: "..., and your further letter of".
_JOINED = re.compile(r"[\s,]*(?:\(?\d{4}\)?)?[\s,]*(?:and|as\s+well\s+as)\s+", re.IGNORECASE)
_PLURAL = re.compile(r"\b(?:letters|e-?mails|emails|messages)\b", re.IGNORECASE)
_SEVERAL = re.compile(
    r"\byour\s+(?:(?:two|three|four|several|recent|earlier|previous|further)\s+)*"
    r"(?:letters|e-?mails|emails|messages)\b",
    re.IGNORECASE,
)
#: The department writing again: "Further to my letter of 1 March", "Following my interim
#: reply of 9 May", "As I promised in my letter of 9 May", "I wrote to you on 9 May to say
#: that I would reply in full".
_FURTHER = re.compile(
    r"\b(?:(?:further|following\s+up|in\s+addition)\s+to|following|"
    r"(?:I|we)\s+(?:promised|said|explained)\s+in)\s+(?:my|our)\s+"
    r"(?:(?:earlier|previous|last|recent|original|initial|interim|holding)\s+)?"
    r"(?:letter|reply|response|e-?mail|note)\b(?:\s+(?:to\s+you\s+)?(?:of|dated)\s+(?:the\s+)?)?"
    r"|\b(?:I|we)\s+wrote\s+to\s+you\s+on\s+(?:the\s+)?(?=\d)",
    re.IGNORECASE,
)
_TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z][a-z]+\s+){0,2}(?P<surname>[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*)"
)
#: Words one of which each costly pattern needs (case-folded): "letters", "e-mails" and
#: "messages" for several letters; a verb of passing a letter on for a transfer; and the
#: words before "my letter" (or "our") in "further to", "following", "as I promised in", or
#: "I wrote to you on".
_PLURAL_WORDS = ("letters", "mails", "messages")
#: Each followed by a space, in the opening with its white space made single spaces: every
#: passing-on pattern has the verb then white space, and a bare "sent" is in "present".
_MOVED_WORDS = tuple(f"{verb} " for verb in (*_PASSED_ON, "sent", "redirected"))
_FURTHER_WORDS = (
    *(
        f"{start} {whose}"
        for start in ("to", "following", "promised in", "said in", "explained in")
        for whose in ("my", "our")
    ),
    "wrote to you on",
)
_ASKED_WORDS = ("asked to re", "passed to me", "passed to us")

#: Title-case words after "Mr" that are not a surname ("Dear Mr Speaker", "Dr Who?").
_NOT_SURNAMES = frozenset({"speaker", "deputy", "chairman", "president", "minister"})


@dataclass(frozen=True, slots=True)
class ReplyCues:
    """What a reply's opening says about the letters it answers."""

    #: Every date cited as a letter answered ("your letters of 2 and 9 May"), oldest first.
    cited: tuple[dt.date, ...] = ()
    #: The dates cited together as letters answered ("your letters of 2 and 9 May"), not
    #: dates cited apart ("your letter of 9 May ... my reply to your letter of 2 May").
    together: tuple[dt.date, ...] = ()
    #: It answers several letters ("your two letters", "your emails of ...").
    several: bool = False
    #: The letter reached this department from another ("has been passed to this Department").
    transferred: bool = False
    #: The body it was passed on from, as the reply names it ("Department for Education"),
    #: when it names one.
    transferred_from: str | None = None
    #: The department writes again ("Further to my earlier letter").
    further: bool = False
    #: The date of the department's own earlier letter, when it says it.
    further_date: dt.date | None = None


NO_CUES = ReplyCues()


def read_cues(text: str, written: dt.date) -> ReplyCues:
    """The cues of a reply written on ``written`` (which resolves dates without a year)."""
    opening = text[:_OPENING_CHARS]
    # Each pattern below needs one of a few words: a reply without them (most replies) is
    # not scanned for it. Case-folded as the patterns' IGNORECASE folds, white space as
    # single spaces as their \s+ allows.
    folded = " ".join(opening.casefold().split())
    plural = any(word in folded for word in _PLURAL_WORDS)
    moved = any(word in folded for word in _MOVED_WORDS)
    cited: set[dt.date] = set()
    together: set[dt.date] = set()
    several = False
    # Where the previous citation's dates ended, and its dates: "your letter of 1 June, and
    # your further letter of 8 June" cites two letters together.
    previous_end, previous_dates = -1, list[dt.date]()
    matches = [*_REPLY_TO.finditer(opening), *(_NUMBERED.finditer(opening) if plural else ())]
    for match in sorted(matches, key=lambda found: found.start()):
        at, found = _cited_run(opening, match.end(), written)
        dates = [day for day in found if day is not None and day <= written]
        cited.update(dates)
        if len(dates) > 1 or _PLURAL.search(match.group(0)):
            several = True
            together.update(dates)
        if dates and previous_dates and _JOINED.fullmatch(opening, previous_end, match.start()):
            several = True
            together.update((*previous_dates, *dates))
        if at:
            previous_end, previous_dates = at[-1].end, dates
    several = several or (plural and bool(_SEVERAL.search(opening)))
    further_date = None
    further = _FURTHER.search(opening) if any(word in folded for word in _FURTHER_WORDS) else None
    if further is not None:
        after = _dates_at(opening, further.end())
        if after and further.group(0).rstrip().lower().endswith(("of", "dated", "the", "on")):
            further_date = after[0].resolved(written)
    transferred = (
        moved and bool(_TRANSFERRED.search(opening)) and not _TRANSFER_NOTICE.search(opening)
    )
    origin = _forwarded_by(opening) if moved else None
    asked = any(words in folded for words in _ASKED_WORDS)
    if origin is None and asked and _ASKED_TO_REPLY.search(opening):
        written_to = _WRITTEN_TO.search(opening)
        origin = " ".join(written_to.group("body").split()) if written_to else ""
    if origin is not None:
        transferred = True
    elif transferred:
        written_to = _WRITTEN_TO.search(opening)
        origin = " ".join(written_to.group("body").split()) if written_to else None
    return ReplyCues(
        tuple(sorted(cited)),
        tuple(sorted(together)),
        several,
        transferred,
        origin or None,
        further is not None,
        further_date,
    )


def _forwarded_by(opening: str) -> str | None:
    """The body a reply says forwarded the letter to it ("Ofsted has forwarded your letter");
    "" when it says the letter was forwarded without naming by whom; None when it does not."""
    for match in _FORWARDED_BY.finditer(opening):
        before = opening[max(0, match.start() - 160) : match.start()]
        pieces = _FRAGMENT_START.split(before)
        body = " ".join(pieces[-1].split()) if pieces else ""
        body = re.sub(r"^(?:the|The)\s+", "", body)
        if body and body[0].isupper() and body.lower() not in _NOT_BODIES:
            return body
    return None


_LONE_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")
#: After a cited date, more days follow: "31 May, 21 and 24 June" (the run goes on at "21").
_MORE_DAYS = re.compile(r"[\s,]*(?:(?:and|&)\s+)?(?=\d{1,2}(?:st|nd|rd|th)?\b)")


def _cited_run(
    opening: str, position: int, written: dt.date
) -> tuple[list[DateMatch], list[dt.date | None]]:
    """The dates cited from ``position`` on ("2 and 9 May and 3 June", "31 May, 21 and 24
    June"), and each day resolved: a day standing alone takes the month and year of the
    date after it."""
    at: list[DateMatch] = []
    found: list[dt.date | None] = []
    start = position
    while True:
        run = _dates_at(opening, start)
        if not run:
            break
        for date in run:
            day = date.resolved(written)
            if day is not None:
                found.extend(
                    _same_month(day, int(lone))
                    for lone in _LONE_DAY.findall(opening, start, date.start)
                )
            found.append(day)
            at.append(date)
            start = date.end
        more = _MORE_DAYS.match(opening, start)
        if more is None:
            break
        start = more.end()
    return at, found


def _same_month(date: dt.date, day: int) -> dt.date | None:
    try:
        return date.replace(day=day)
    except ValueError:
        return None


def constituents(text: str) -> frozenset[str]:
    """Surnames of the people a letter names with a title ("Mr Alan Pickersgill")."""
    return frozenset(
        surname
        for match in _TITLED_NAME.finditer(text[: _OPENING_CHARS * 2])
        if (surname := match.group("surname").lower()) not in _NOT_SURNAMES
    )
