"""What a letter mentions: the letter it answers, copies, places, subject, contacts, people."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from archive.extract.blocks import ADDRESS_LINE, POSTCODE, PartyBlocks
from archive.extract.copies import COPY_LINE, is_copy_line
from archive.extract.dates import DateMatch, find_dates
from archive.extract.found import Found, Span
from archive.extract.layout import SALUTATION, LetterLayout, is_prose
from archive.extract.lexicon import (
    MP_ROLE,
    find_org,
    is_role_line,
)
from archive.extract.names import (
    clean_name,
    names_in,
    same_person,
)
from archive.extract.places import NATIONS, find_places, org_places, rank_places
from archive.extract.references import find_references
from archive.extract.scan import (
    NEAR_SCAN_CHARS,
    ascii_lower,
    digit_positions,
    find_all,
    find_word_starts,
    finditer_from,
    finditer_near,
    word_starts,
)
from archive.models import Direction

# Each pattern that starts at a word is written to start with a plain set of first letters
# (then the word boundary, then the rest without regard to case), so the regex engine skips
# ahead to those letters rather than trying a match at every position; each matches what
# its ``\b(?:word|...)`` form (with re.IGNORECASE where it had it) matches. The set lists
# every character re.IGNORECASE matches to a first letter ("i": also U+0130 and U+0131).
#: A date written before the word for the letter ("your 24 April letter", "your 3/5/2017 e-mail").
_DATE_BEFORE_LETTER = (
    r"(?=(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?"
    r"|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?,?\s+"
    r"(?:letters?|e-?mails?|note|enquiry|correspondence|request)\b)"
)
_REPLY_TO = re.compile(
    r"[AaFfIiRrTtWwYy\u0130\u0131](?<!\w.)(?i:"
    r"(?:(?<=y)our|(?:(?<=t)hank\s+you\s+for|(?<=t)hanks\s+for|(?<=i)n\s+(?:reply|response)\s+to|"
    r"(?<=w)ith\s+reference\s+to|(?<=f)urther\s+to|(?<=f)ollowing|(?<=r)egarding|(?<=a)bout|"
    r"(?<=r)efer(?:ring)?\s+to)\s+the)"
    r"\s+(?:(?:recent|further|earlier|previous|last|original|kind|helpful|joint|"
    r"detailed|latest|second|first|follow-up|follow\s+up|two|three|four|several)\s+){0,2}"
    r"(?:letters?|e-?mails?|correspondence|note|enquiry|enquiries|message|representations?|"
    r"submission|request|communication|memo(?:randum)?|letter\s+and\s+e-?mail|reply|response|"
    r"answer|questions?)"
    r"(?:\s+(?!of\b|dated\b|on\b)[\w'’\-]+,?){0,9}?,?\s+(?:of|dated|sent\s+on|received\s+on|"
    r"written\s+on|on)\s+(?:the\s+)?(?=\d|[A-Z][a-z]+day|[A-Z][a-z]+\s+\d)"
    r"|(?<=w)riting\s+(?:to\s+(?:me|us|the\s+[\w\s]{1,40}?)\s+)?(?:again\s+)?(?:on|of|dated)\s+"
    r"(?:the\s+)?(?=\d)"
    r"|(?<=y)our\s+(?:(?:recent|kind|helpful|earlier|last)\s+)?" + _DATE_BEFORE_LETTER + ")"
)


#: Every match of _REPLY_TO is followed by a number after a blank or by a word ending in "day"
#: ("of 5 May", "of Monday", "of today"), at most 26 words after its first ("writing to the"
#: and forty characters of words, "again on the"; "thank you for the" ... "written on the May").
_REPLY_WORDS_BEFORE = 26
#: Where a match can start: the first letter of its first word, before the rest of the word.
_REPLY_STARTS = re.compile(
    r"[AaFfIiRrTtWwYy\u0130\u0131](?<!\w.)(?=(?i:(?<=y)our|(?<=t)hank|(?<=i)n\s+re|"
    r"(?<=w)ith\s+reference|(?<=f)urther|(?<=f)ollowing|(?<=r)egarding|(?<=a)bout|(?<=w)riting|"
    r"(?<=r)efer))"
)


def _reply_phrases(view: str, start: int, end: int) -> Iterable[re.Match[str]]:
    """``_REPLY_TO.finditer(view, start, end)``; in ASCII text, tried only before numbers and
    words ending in "day" (letters name few), not at every word starting with a common letter."""
    lower = ascii_lower(view) if end - start >= NEAR_SCAN_CHARS else None
    if lower is None:
        return _REPLY_TO.finditer(view, start, end)
    numbers = (at for at in digit_positions(view, start, end) if view[at - 1].isspace())
    anchors = sorted({*numbers, *find_all(lower, ("day",), start, end)})
    return finditer_near(_REPLY_TO, _REPLY_STARTS, view, anchors, _REPLY_WORDS_BEFORE, start, end)


# Tried only near the words every match holds (in ASCII text, found in lower case with
# str.find): a verb of copying, at most four words after a match's first ("we will be
# also copied"), or twelve with an aside of up to six words ("I am, as a matter of
# courtesy, sending").
_CC_WORDS = ("cop", "send", "sent", "forward")
_CC_WORDS_BEFORE = 12
_CC_STARTS = word_starts("aciw")


def _near_words(
    pattern: re.Pattern[str],
    starts: re.Pattern[str],
    words: tuple[str, ...],
    words_before: int,
    text: str,
    start: int,
    end: int,
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text, start, end)``, tried within ``words_before`` words before
    one of ``words`` (in lower case, each matched at a word's start) when the text is ASCII."""
    lower = ascii_lower(text) if end - start >= NEAR_SCAN_CHARS else None
    if lower is None:
        return pattern.finditer(text, start, end)
    anchors = find_word_starts(lower, words, start, end)
    return finditer_near(pattern, starts, text, anchors, words_before, start, end)


# "I" or "we" ... "copied to", or "a copy of this letter ... sent to" (see _REPLY_TO).
_CC_SENTENCE = re.compile(
    r"[AaCcIiWw\u0130\u0131](?<!\w.)(?i:(?:(?<=i)|(?<=w)e)"
    r"(?:\s+have|\s+am|\s+are|'re|’re|\s+will|\s+shall|\s+will\s+be|\s+shall\s+be|'m|’m|'ve|’ve|'ll|’ll)?"
    r"(?:\s*,\s*[^\s,.;:]+(?:\s+[^\s,.;:]+){0,5}\s*,)?(?:\s+also)?\s+(?:copied|copying|copy|sending|send|sent|forwarded|forwarding)"
    r"(?:\s+a\s+copy(?:\s+of)?)?(?:\s+(?:this|my|the)\s+(?:letter|reply|response|e-?mail|note))?"
    r"(?:\s+(?:also|too))?(?:\s*,\s*[^\s,.;:]+(?:\s+[^\s,.;:]+){0,5}\s*,)?\s+(?:in\s+)?to\s+"
    r"|(?:(?<=a)\s+c|(?<=c))op(?:y|ies)\s+of\s+(?:this|my)\s+(?:letter|reply|response|e-?mail)\s+"
    r"(?:(?:has|have|is|are|will)\s+(?:also\s+)?(?:been\s+|be\s+)?)?"
    r"(?:going|goes|gone|go|sent|being\s+sent)\s+to\s+)"
    r"(?=(?P<list>[^\n]*(?:\n(?!\s*\n)[^\n]*){0,3}))"
)


_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-']+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


_LOCAL_PART = re.compile(r"[\w.+\-']+\Z")


@lru_cache(maxsize=1)  # places and contacts both ask, for the same letter
def _emails(text: str) -> tuple[re.Match[str], ...]:
    """``_EMAIL.finditer(text)``, found from each "@" rather than tried at every character."""
    found: list[re.Match[str]] = []
    resume = 0
    at = text.find("@")
    while at != -1:
        local = _LOCAL_PART.search(text, max(resume, at - 256), at)
        match = _EMAIL.search(text, local.start() if local else at, at + 256)
        if match is not None and resume <= match.start() <= at:
            found.append(match)
            resume = match.end()
        at = text.find("@", max(at + 1, resume))
    return tuple(found)


_PHONE = re.compile(
    r"(?<![\w/+])(?:\+44\s?(?:\(0\)\s?)?\d{2,4}|\(?0\d{2,4}\)?)[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?![\w/])"
)
#: Where a phone number can start: "+44", "(0" or "0", not run on from a word or a number.
_PHONE_STARTS = re.compile(r"[+(0](?<![\w/+].)")


_SUBJECT_LABEL = re.compile(r"^(?:re|subject|subj|title|about)\s*[:\-]\s*(?P<subject>\S.*)$", re.I)


_RE_PREFIX = re.compile(r"^(?:(?:re|fw|fwd)\s*:\s*)+", re.IGNORECASE)


_PRONOUN_LIST = re.compile(r"^(?:them|him|her|you|all|both|those|these|everyone)\b", re.I)


def read_reply_date(
    found: Found, layout: LetterLayout, letter_date: dt.date | None, warnings: list[str]
) -> None:
    view = layout.view
    start = layout.body_start
    if layout.salutation is None and layout.content:
        start = min(start, layout.content[0].start)
    for match in _reply_phrases(view, start, layout.letter_end):
        if _COPIED_TO_ME.search(view, max(0, match.start() - 30), match.start()):
            continue  # "as you copied me your letter of 8 May to the Director": not to me
        dates = _dates_at(view, match.end())
        if not dates:
            relative = _RELATIVE_DAY.match(view, match.end())
            if relative is not None and letter_date is not None:
                # "your letter of yesterday": the day before this letter's own date.
                back = 1 if relative.group(1).lower() == "yesterday" else 0
                value = letter_date - dt.timedelta(days=back)
                span = (relative.start(1), relative.end(1))
                found.set("in_reply_to_date", value, span, sure=0.8)
                return
            continue
        resolved = [(d.resolved(letter_date), d) for d in dates]
        usable = [(value, d) for value, d in resolved if value is not None]
        sure = 0.9
        if not usable and letter_date is None:
            # An undated letter answering "your letter of 15 June": the year is the latest
            # the letter mentions (it was written then or after), a guess said as one.
            latest = _latest_year(view)
            if latest is not None:
                usable = [(v, d) for d in dates if (v := d.resolved(latest)) is not None]
                sure = 0.5
        if not usable:
            continue
        value, where = max(usable, key=lambda pair: pair[0])
        if letter_date is not None and value > letter_date:
            warnings.append(
                f"the letter answered ({value.isoformat()}) is dated after this one "
                f"({letter_date.isoformat()})"
            )
        found.set("in_reply_to_date", value, (where.start, where.end), sure=sure)
        return


_YEAR = re.compile(r"(?<![\d/.\-£$])(?:19[5-9]\d|20\d\d)(?![\d/\-])")


_RELATIVE_DAY = re.compile(r"(?i)(yesterday|today)\b")


def _latest_year(view: str) -> dt.date | None:
    """The last day of the latest year up to this one that a text mentions."""
    this_year = dt.date.today().year
    years = [int(y) for y in _YEAR.findall(view[:20_000]) if int(y) <= this_year]
    return dt.date(max(years), 12, 31) if years else None


_COPIED_TO_ME = re.compile(
    r"(?i)\b(?:copied|forwarded|passed)\s+(?:me|us)(?:\s+(?:in\s+)?on)?\s*$|"
    r"\ba\s+copy\s+of\s*$"
)


def _dates_at(view: str, position: int) -> list[DateMatch]:
    """Dates that start at ``position``: "13 September", "3 and 10 May", "13th September 2016"."""
    window = view[position : position + 90]
    dates = find_dates(window)
    result: list[DateMatch] = []
    cursor = 0
    for match in dates:
        gap = window[cursor : match.start]
        if gap.strip(" ,") and not re.fullmatch(r"[\s,]*(?:and|&|or|the|,)[\s,]*(?:the\s+)?", gap):
            if not (
                cursor == 0
                and re.fullmatch(
                    r"\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:and|&|,)\s*\d{1,2}(?:st|nd|rd|th)?)*[\s,]*(?:and|&)?\s*",
                    gap,
                )
            ):
                break
        result.append(
            DateMatch(
                position + match.start, position + match.end, match.date, match.month, match.day
            )
        )
        cursor = match.end
    return result


#: A line of a postal address or contact details: a house number first, a postcode, a
#: telephone or an address on the web.
_POSTAL_OR_CONTACT = re.compile(
    r"^\s*\d+[A-Za-z]?,?\s+[A-Z]|" + POSTCODE + "|"
    r"(?i:^\s*(?:tel|telephone|fax|phone|e-?mail|web)\b|www\.|https?://|@)"
)


def read_cc(found: Found, layout: LetterLayout) -> None:
    view = layout.view
    entries: list[tuple[str, Span]] = []
    for match in _near_words(
        _CC_SENTENCE,
        _CC_STARTS,
        _CC_WORDS,
        _CC_WORDS_BEFORE,
        view,
        layout.body_start,
        layout.letter_end,
    ):
        listed = match.group("list")
        end = _sentence_end(listed)
        # A relative clause describes the person before it ("X MP, whose Department is ...").
        start = match.start("list")
        masked = view[:start] + _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group()), listed[:end])
        entries.extend(_cc_entries(masked, start, start + end))
    lines = layout.content
    for index, line in enumerate(lines):
        if line.start >= layout.letter_end:
            break
        cc_line = COPY_LINE.match(line.text)
        if cc_line is None or (not cc_line.group("first") and index + 1 >= len(lines)):
            continue
        first = cc_line.group("first")
        if first and is_prose(first):
            continue
        if first:
            at = line.start + cc_line.start("first")
            entries.extend(_cc_line_entries(view, at, line.end))
        for follower in lines[index + 1 : index + 12]:
            if (
                follower.number - line.number > 12
                or is_prose(follower.text)
                or CLOSING_LIKE.match(follower.text)
                or _MAIL_HEADER.match(follower.text)  # "Subject: ..." after an e-mail's "Cc:"
            ):
                break
            if is_copy_line(follower.text) or SALUTATION.match(follower.text):
                break
            if _POSTAL_OR_CONTACT.search(follower.text):
                continue  # the page's footer address under the copy line: no one copied
            before = len(entries)
            entries.extend(_cc_entries(view, follower.start, follower.end, one_entry=True))
            if (
                len(entries) == before
                and not is_role_line(follower.text)
                and not ADDRESS_LINE.search(follower.text)
            ):
                break
    names: list[str] = []
    spans: list[Span] = []
    for name, span in entries:
        # Two offices are not one person for sharing words ("Chair of the X Committee").
        person = " " in name and clean_name(name) is not None
        if not any(
            n.lower() == name.lower() or person and " " in n and same_person(n, name) for n in names
        ):
            names.append(name)
            spans.append(span)
    if names:
        found.set("cc", tuple(names), *spans)


_RELATIVE_CLAUSE = re.compile(r",?\s+(?:who|whose|which)\b[^;]*?(?=,\s*and\s|;|$)")


CLOSING_LIKE = re.compile(r"^(?:yours|kind regards|best wishes|regards)\b", re.IGNORECASE)


def _sentence_end(text: str) -> int:
    for match in re.finditer(
        r"\.(?=\s+[A-Z(]|\s*$|\s*\n)|\n\s*\n|,?\s+(?:so\s+that|as\s+(?:it|they|he|she|this)|"
        r"because|since|given\s+that|in\s+order|for\s+(?:information|their|his|her))\b",
        text,
    ):
        before = text[: match.start()]
        if re.search(r"\b(?:Mr|Mrs|Ms|Dr|St|Rt|Hon|Prof|Cllr|No|Co)$", before):
            continue
        return match.start()
    return len(text)


_MAIL_HEADER = re.compile(r"(?i)(?:subject|from|to|sent|date|bcc|importance)\s*:")
#: "Parkinson, Miles (Cllr)": an address book's surname, given name and a note.
_SURNAME_FIRST = re.compile(
    r"^\s*(?P<surname>[A-Z][\w'’\-]+),\s+(?P<given>[A-Z][\w'’\-]+)\s*(?:\([^()]*\)?)?\s*$"
)


def _cc_line_entries(view: str, start: int, end: int) -> list[tuple[str, Span]]:
    """A copy line's addressees: one, or each of a list an e-mail sets apart with ";"
    ("Cc: Dave Welsby; Parkinson, Miles (Cllr); June Harrison")."""
    if ";" not in view[start:end]:
        return _cc_entries(view, start, end, one_entry=True)
    entries: list[tuple[str, Span]] = []
    at = start
    for piece in view[start:end].split(";"):
        reversed_name = _SURNAME_FIRST.match(piece)
        if reversed_name is not None:
            name = f"{reversed_name.group('given')} {reversed_name.group('surname')}"
            entries.append((name, (at + reversed_name.start(), at + reversed_name.end("given"))))
        else:
            entries.extend(_cc_entries(view, at, at + len(piece), one_entry=True))
        at += len(piece) + 1
    return entries


def _cc_entries(
    view: str, start: int, end: int, *, one_entry: bool = False
) -> list[tuple[str, Span]]:
    """Names (and roles or bodies without names) in a cc list between ``start`` and ``end``.

    A role next to a name describes that person ("Kenneth Aubrey, Governor of HMP Lindley");
    a role followed by its organisation is one entry ("Director of Children's Services,
    Redwater Borough Council"); with ``one_entry`` the whole span is one addressee (a cc line).
    """
    segment = view[start:end]
    if _PRONOUN_LIST.match(segment.strip()):
        return []
    people = names_in(view, start, end)
    if one_entry:
        if people:
            return [(people[0][0], (people[0][1], people[0][2]))]
        entry = _cc_role(segment)
        if entry:
            at = view.find(entry, start, end + 1)
            return [(entry, (at, at + len(entry)))]
        return []
    pieces = _split_list(segment, start)
    entries: list[tuple[str, Span]] = []
    index = 0
    while index < len(pieces):
        _piece, a, b, _fresh = pieces[index]
        inside = [p for p in people if a <= p[1] < b]
        if inside:
            entries.extend((name, (s, e)) for name, s, e in inside)
            index += 1
            # What follows a name, up to the next fresh entry, describes that person.
            while index < len(pieces) and not pieces[index][3]:
                if any(pieces[index][1] <= p[1] < pieces[index][2] for p in people):
                    break
                index += 1
            continue
        role = _cc_role(_piece)
        index += 1
        if role is None:
            continue
        shared = _SHARED_OFFICE.match(role)
        if shared is not None:
            # "the Chairs of the X Committee, the Y Committee and the Z Committee": each
            # body's own holder of the office, one entry each.
            office = _ONE_OF[shared.group("office").lower()] or shared.group("office")
            entries.append((f"{office} of {shared.group('body')}", _span_of(view, role, a, b + 1)))
            while index < len(pieces) and not pieces[index][0].lstrip().startswith("to "):
                body = pieces[index][0].strip(" .;:")
                body = re.sub(r"^and\s+", "", body)
                if not find_org(body) or any(
                    pieces[index][1] <= p[1] < pieces[index][2] for p in people
                ):
                    break
                entries.append(
                    (
                        f"{office} of {body}",
                        _span_of(view, body, pieces[index][1], pieces[index][2] + 1),
                    )
                )
                index += 1
            continue
        following = pieces[index] if index < len(pieces) else None
        if following is not None and not following[3]:
            if any(following[1] <= p[1] < following[2] for p in people):
                continue  # "the MP for Wrekin, Mark Pritchard": the name follows
            org = find_org(following[0].strip())
            if org is not None and not is_role_line(following[0].strip()):
                role = f"{role}, {following[0].strip(' .;:')}"
                index += 1
        entries.append((role, _span_of(view, role, a, b + 1)))
    return entries


#: An office held in each of several bodies, named once in the plural ("the Chairs of ..."),
#: and its holder in one body.
_ONE_OF = {
    "chairs": "Chair",
    "chairmen": "Chairman",
    "chairwomen": "Chairwoman",
    "conveners": "Convener",
    "clerks": "",  # a committee has several: "the clerks of the X and Y Committees" stays
    "leaders": "Leader",
    "chief executives": "Chief Executive",
}
_SHARED_OFFICE = re.compile(
    r"(?i)(?P<office>" + "|".join(_ONE_OF) + r")\s+of\s+(?P<body>(?-i:(?:the\s+)?[A-Z]).*)$"
)


def _span_of(view: str, entry: str, start: int, end: int) -> Span:
    """Where ``entry`` stands in ``view[start:end]``, its spaces standing for any blanks
    there (an entry wrapped at the page's width: "Leader of" / "Kelby Borough Council")."""
    words = entry.split()
    found = re.search(r"\s+".join(map(re.escape, words)), view[start:end]) if words else None
    if found is None:
        return (start, start)
    return (start + found.start(), start + found.end())


def _cc_role(piece: str) -> str | None:
    role = re.sub(
        r"^(?:and\s+|also\s+|to\s+|my\s+|your\s+|our\s+|the\s+)+", "", piece.strip(" .;:,")
    )
    role = re.sub(r"\s+", " ", role).strip()
    if not role or _PRONOUN_LIST.match(role) or len(role) > 120:
        return None
    if re.search(r"\b(?:colleagues|officials|members|team)\b", role, re.IGNORECASE):
        return None
    if not (is_role_line(role) or find_org(role)):
        return None
    return role


_LIST_CUT = re.compile(
    r"\s*[;\n]\s*|\s+and\s+(?=(?:to|the|my|your|Rt|Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Baroness|Cllr|"
    r"Councillor)\b)|,\s*(?:and\s+)?(?=(?:to|the|my|your)\s)|,\s*"
)


def _split_list(segment: str, offset: int) -> list[tuple[str, int, int, bool]]:
    """Pieces of a list, each with whether it starts a fresh entry (after "and", ";" or "to")."""
    pieces: list[tuple[str, int, int, bool]] = []
    cursor = 0
    fresh = True
    depth = 0  # brackets open before ``seen``, counted as the cuts go (one pass)
    seen = 0
    line_start = 0  # where the line holding ``seen`` starts
    for cut in _LIST_CUT.finditer(segment):
        at = cut.start()
        depth += segment.count("(", seen, at) - segment.count(")", seen, at)
        newline = segment.rfind("\n", seen, at)
        if newline != -1:
            line_start = newline + 1
        seen = at
        if depth > 0:
            continue  # inside brackets: "Jo Doe MP (Chair of the X Committee, Y)"
        if not cut.group().strip() and at - line_start >= 45:
            continue  # a sentence wrapped at the page's width, not a list set one per line
        if segment[cursor : cut.start()].strip():
            pieces.append(
                (segment[cursor : cut.start()], offset + cursor, offset + cut.start(), fresh)
            )
        separator = cut.group().strip()
        fresh = separator != ","
        cursor = cut.end()
    if segment[cursor:].strip():
        pieces.append((segment[cursor:], offset + cursor, offset + len(segment), fresh))
    return pieces


_PLACE_WORDS = r"[A-Z][\w'’\-]*(?:(?:[ \t]+(?:and|upon|on|under|in|le|by|the|with)[ \t]+|[ \t]+|-)[A-Z][\w'’\-]*){0,6}"
# "Member of Parliament (MP) for X", "the constituency of X", "your X constituency": written
# to start with its first letters, as _REPLY_TO is.
_CONSTITUENCY = re.compile(
    rf"[Mhmty](?<!\w.)(?:(?<=M)(?:ember\s+of\s+Parliament|\.?P\.?)\s+for\s+(?:the\s+)?(?P<place>{_PLACE_WORDS})"
    rf"|(?:(?<=y)our|(?<=m)y|(?<=t)he|(?<=h)is|(?<=h)er)\s+constituency\s+of\s+(?P<place2>{_PLACE_WORDS})"
    rf"|(?:(?<=y)our|(?<=m)y)\s+(?P<place3>{_PLACE_WORDS})\s+constituency\b)"
)


#: "Member"/"MP" start a match; "constituency" is at most fourteen words after its first
#: ("your Ashby and Kelby upon Tay ... constituency": seven words of a place, six joining).
_CONSTITUENCY_WORDS = ("Member", "MP", "M.P", "constituency")
_CONSTITUENCY_STARTS = re.compile(r"[Mhmty](?<!\w.)")


def _constituency_phrases(view: str) -> Iterable[re.Match[str]]:
    """``_CONSTITUENCY.finditer(view)``, tried only near the words every match holds."""
    anchors = find_word_starts(view, _CONSTITUENCY_WORDS)
    return finditer_near(_CONSTITUENCY, _CONSTITUENCY_STARTS, view, anchors, 14)


def read_places(
    found: Found, layout: LetterLayout, party_blocks: PartyBlocks, known: Iterable[str]
) -> None:
    view = layout.view
    constituency = _constituency(layout, found.text("mp"), found.direction(), party_blocks)
    skip: list[Span] = [(line.start, line.end) for line in layout.header]
    skip += [(line.start, line.end) for line in layout.signature]
    skip += layout.address_spans
    skip += [(s, e) for _n, s, e, titled in layout.body_names if titled]
    parties = [v for key in ("sender_name", "recipient_name") if (v := found.text(key))]
    parties += found.strings("cc")
    for party in parties:
        at = view.find(party) if party else -1
        while at != -1:
            skip.append((at, at + len(party)))
            at = view.find(party, at + len(party))
    skip += [(m.start(), m.end()) for m in _emails(view)]
    start = layout.body_start
    # Organisations in the letterhead and address blocks name places too ("X Borough Council").
    named_by_orgs = [
        name for line in layout.header + layout.signature for name in org_places(line.text)
    ]
    mentions = find_places(
        view, start, layout.letter_end, skip=skip, extra=[*known, *named_by_orgs]
    )
    ranked = rank_places(mentions)
    spans_by_name: dict[str, Span] = {}
    for mention in mentions:
        spans_by_name.setdefault(mention.name, (mention.start, mention.end))
    places = list(ranked)
    spans = [spans_by_name[name] for name in places]
    if constituency is not None:
        name, span = constituency
        found.set("constituency", name, span)
        if name not in places:
            places.insert(0, name)
            spans.insert(0, span)
    if places:
        found.set("places", tuple(places), *spans)
    area = constituency[0] if constituency else next((p for p in places if p not in NATIONS), None)
    if area:
        found.set("area", area, constituency[1] if constituency else spans_by_name.get(area))


def _constituency(
    layout: LetterLayout, mp: str | None, direction: Direction, party_blocks: PartyBlocks
) -> tuple[str, Span] | None:
    """The MP's constituency where the letter states it (also for an MP writing to others)."""
    signature = party_blocks.signature
    senders, recipient = party_blocks.senders, party_blocks.recipient
    if mp is None:
        writer_lines = [ln.text for ln in signature.lines] + [
            ln.text for b in senders for ln in b.lines
        ]
        if not any(MP_ROLE.search(text) for text in writer_lines) or signature.name is None:
            return None
        mp, direction = signature.name.name, "from_mp"
    view = layout.view
    own_lines: list[tuple[int, int]] = []
    if direction == "from_mp":
        own_lines = [(ln.start, ln.end) for ln in signature.lines]
        own_lines += [(ln.start, ln.end) for b in senders for ln in b.lines]
    elif recipient is not None:
        own_lines = [(ln.start, ln.end) for ln in recipient.lines]
    surname = mp.split()[-1]
    for match in _constituency_phrases(view):
        group = next((g for g in ("place", "place2", "place3") if match.group(g)), None)
        if group is None:
            continue
        place = match.group(group)
        place, start = _cut_place(place, match.start(group))
        if not place:
            continue
        inside_own = any(a <= match.start() <= b for a, b in own_lines)
        near = view[max(0, match.start() - 80) : match.end() + 80]
        possessive = view[match.start() : match.start() + 6].lower()
        if inside_own:
            return place, (start, start + len(place))
        if possessive.startswith("your") and direction == "to_mp":
            return place, (start, start + len(place))
        if possessive.startswith("my") and direction == "from_mp":
            return place, (start, start + len(place))
        if surname in near and not _other_name_between(view, match, mp):
            return place, (start, start + len(place))
    return None


def _other_name_between(view: str, match: re.Match[str], mp: str) -> bool:
    near = view[max(0, match.start() - 80) : match.end() + 80]
    return any(not same_person(name, mp) for name, _s, _e in names_in(near))


def _cut_place(place: str, start: int) -> tuple[str, int]:
    place = re.split(r"\s+(?:and\s+(?:to|the|my|your)\b|MP\b|Council\b|Police\b)", place)[0]
    place = re.sub(r"(?:\s+(?:and|upon|on|under|in|le|by|the|with))+$", "", place).strip(" -")
    words = place.split()
    # "South Suffolk E [email protected]": a flattened letterhead's next item run on.
    while words and (
        words[-1] in {"House", "Commons", "London", "Westminster"} or len(words[-1]) == 1
    ):
        words.pop()
    return " ".join(words), start


def read_subject(found: Found, layout: LetterLayout, headers: Mapping[str, str]) -> None:
    for line in layout.header:
        match = _SUBJECT_LABEL.match(line.text)
        if match is None:
            continue
        label_free = _RE_PREFIX.match(match.group("subject"))
        offset = label_free.end() if label_free else 0
        subject = match.group("subject")[offset:].strip()
        if subject and (len(subject.split()) > 1 or not find_references(subject)):
            at = line.start + match.start("subject") + offset
            found.set("subject", subject, (at, at + len(subject)))
            return
    salutation = layout.salutation
    if salutation is not None:
        after = [line for line in layout.content if line.number > salutation.number][:1]
        for line in after:
            text = line.text
            match = _SUBJECT_LABEL.match(text)
            line_start = layout.text.rfind("\n", 0, line.start) + 1
            raw = layout.text[line_start : line.end + 2].strip()
            emphasised = raw.startswith(("**", "__", "#", "*")) or (
                text.isupper() and len(text) > 6
            )
            if match or (emphasised and len(text) < 140 and not text.endswith(".")):
                subject = match.group("subject").strip() if match else text
                at = line.start + (match.start("subject") if match else 0)
                found.set("subject", subject, (at, at + len(subject)))
                return
    if headers.get("subject"):
        found.set("subject", _RE_PREFIX.sub("", headers["subject"]).strip())


def read_contacts(found: Found, layout: LetterLayout) -> None:
    view = layout.view
    emails: list[tuple[str, Span]] = []
    for match in _emails(view):
        value = match.group().rstrip(".")
        if value not in (e for e, _ in emails):
            emails.append((value, (match.start(), match.start() + len(value))))
    if emails:
        found.set("emails", tuple(e for e, _ in emails), *(s for _, s in emails))
    phones: list[tuple[str, Span]] = []
    for match in finditer_from(_PHONE, _PHONE_STARTS, view):
        digits = re.sub(r"\D", "", match.group())
        if not 10 <= len(digits) <= 13:
            continue
        if digits.startswith("44"):
            digits = "0" + digits[2:].lstrip("0")
        if digits not in (re.sub(r"\D", "", p) for p, _ in phones):
            phones.append((match.group().strip(), (match.start(), match.end())))
    if phones:
        found.set("phones", tuple(p for p, _ in phones), *(s for _, s in phones))


def read_people(found: Found, layout: LetterLayout) -> None:
    known = [v for key in ("sender_name", "recipient_name") if (v := found.text(key))]
    known += found.strings("cc")
    people: list[str] = []
    spans: list[Span] = []
    for name, start, end, _titled in layout.body_names:
        if any(same_person(name, k) for k in known + people):
            continue
        people.append(name)
        spans.append((start, end))
    if people:
        found.set("people", tuple(people), *spans)
