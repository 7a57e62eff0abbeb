"""Read a letter's metadata from its text: who wrote to whom, when, about what, copied to whom."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from archive.extract.cover import Cover, is_heading, read_cover
from archive.extract.dates import DateMatch, find_dates, iter_full_dates
from archive.extract.layout import SALUTATION, LetterLayout, Line, analyse, is_note, is_prose
from archive.extract.lexicon import (
    COMMITTEE_CHAIR,
    MP_ROLE,
    PUBLIC_BODY_WORDS,
    OrgMatch,
    committee_in,
    department_for_role,
    find_org,
    is_minister_role,
    is_official_role,
    is_role_line,
    org_for_email,
    strip_role_prefix,
)
from archive.extract.names import (
    NOT_NAME_WORDS,
    POSTNOMINALS,
    CleanName,
    clean_name,
    names_in,
    same_person,
)
from archive.extract.places import NATIONS, find_places, org_places, rank_places
from archive.extract.references import find_references
from archive.knowledge import canonical, org_kind
from archive.knowledge.members import is_mp_name
from archive.models import Direction, Metadata

Span = tuple[int, int]

_FCDO_FROM = dt.date(2020, 9, 2)
_DATE_LABEL = re.compile(r"^(?:date[d]?|sent|written|on)?\s*[:.\-]?\s*$", re.IGNORECASE)
_NOT_LETTER_DATE = re.compile(
    r"received|stamp|scanned|printed|deadline|due|expires?|deliver|meeting|hearing|"
    r"appointment|born|dob|birth|until|by\b|before|after|since|from\b",
    re.IGNORECASE,
)
_SIGNED_AS = re.compile(
    r"(?:appearing\s+to\s+read|appears\s+to\s+read|which\s+reads?|reading|reads?|signed(?:\s+as)?|"
    r"signature\s+of|initials?)\s*:?\s*[‘'\"“]?(?P<name>[A-Z][^'\"’”\]\)\n]{1,60}?)[’'\"”]?\s*[.\])]*\s*$",
    re.IGNORECASE,
)
_ROLE_SALUTATION = re.compile(
    r"^(?:minister|secretary\s+of\s+state|home\s+secretary|foreign\s+secretary|chancellor|"
    r"prime\s+minister|attorney\s+general|solicitor\s+general|lord\s+chancellor|chief\s+executive|"
    r"chair(?:man|woman)?|director|commissioner|chief\s+constable|sir\s+or\s+madam|sir/madam|"
    r"madam|sir|colleague|colleagues|all|both|ombudsman|permanent\s+secretary|"
    r"(?:\w+\s+)?secretary)\b",
    re.IGNORECASE,
)
_REPLY_TO = re.compile(
    r"\b(?:your|(?:thank\s+you\s+for|thanks\s+for|in\s+(?:reply|response)\s+to|with\s+reference\s+to|"
    r"further\s+to|following|regarding|about)\s+the)\s+(?:(?:recent|further|earlier|previous|last|original|kind|helpful|joint|"
    r"detailed|latest|second|first|follow-up|follow\s+up)\s+)?"
    r"(?:letters?|e-?mails?|correspondence|note|enquiry|enquiries|message|representations?|"
    r"submission|request|communication|memo(?:randum)?|letter\s+and\s+e-?mail|reply|response|"
    r"answer|questions?)"
    r"(?:\s+(?!of\b|dated\b|on\b)[\w'’\-]+,?){0,9}?,?\s+(?:of|dated|sent\s+on|received\s+on|"
    r"written\s+on|on)\s+(?:the\s+)?(?=\d|[A-Z][a-z]+day|[A-Z][a-z]+\s+\d)"
    r"|\bwriting\s+(?:to\s+(?:me|us|the\s+[\w\s]{1,40}?)\s+)?(?:again\s+)?(?:on|of|dated)\s+(?:the\s+)?(?=\d)",
    re.IGNORECASE,
)
_MY_CONSTITUENT = re.compile(
    r"\b(?:my|our)\s+(?:own\s+|local\s+|current\s+)?constituen(?:t|ts|cy)\b", re.IGNORECASE
)
_YOUR_CONSTITUENT = re.compile(
    r"\byour\s+constituen(?:t|ts|cy)\b|\bon\s+behalf\s+of\s+(?:your|a)\s+constituent",
    re.IGNORECASE,
)
_CC_SENTENCE = re.compile(
    r"(?:\b(?:I|we)(?:\s+have|\s+am|\s+are|'re|’re|\s+will|\s+shall|\s+will\s+be|\s+shall\s+be|'m|’m|'ve|’ve|'ll|’ll)?"
    r"(?:\s+also)?\s+(?:copied|copying|copy|sending|send|sent|forwarded|forwarding)"
    r"(?:\s+a\s+copy(?:\s+of)?)?(?:\s+(?:this|my|the)\s+(?:letter|reply|response|e-?mail|note))?"
    r"(?:\s+(?:also|too))?\s+(?:in\s+)?to\s+"
    r"|\b(?:a\s+)?cop(?:y|ies)\s+of\s+(?:this|my)\s+(?:letter|reply|response|e-?mail)\s+"
    r"(?:(?:has|have|is|are|will)\s+(?:also\s+)?(?:been\s+|be\s+)?)?(?:going|goes|gone|go|sent|being\s+sent)\s+to\s+)"
    r"(?=(?P<list>[^\n]*(?:\n(?!\s*\n)[^\n]*){0,3}))",
    re.IGNORECASE,
)
_CC_LINE = re.compile(
    r"^(?:cc|c\.c\.|c(?=\s+(?:Mr|Mrs|Ms|Dr|Sir|Dame|Rt|The|[A-Z][a-z]+\s+[A-Z]))|bcc|copy|copies|copy\s+to|copies\s+to|copied\s+to|distribution)\s*[:.\-]?\s*(?P<first>.*)$",
    re.IGNORECASE,
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
_SUBJECT_LABEL = re.compile(r"^(?:re|subject|subj|title|about)\s*[:\-]\s*(?P<subject>\S.*)$", re.I)
_RE_PREFIX = re.compile(r"^(?:(?:re|fw|fwd)\s*:\s*)+", re.IGNORECASE)
_ADDRESS_LINE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|^\d+[a-z]?\s+\w+|\b(?:street|road|lane|avenue|square|"
    r"place|house|building|terrace|way|close|court|drive|gardens|parade|row|walk|yard|"
    r"wharf|tower|floor|po\s+box)\b|www\.|https?://|@|\b(?:tel|telephone|fax|email|e-mail|"
    r"web)\b",
    re.IGNORECASE,
)
_REF_LINE = re.compile(r"\b(?:ref(?:erence)?|our\s+ref|your\s+ref|case)\b", re.IGNORECASE)
_PRONOUN_LIST = re.compile(r"^(?:them|him|her|you|all|both|those|these|everyone)\b", re.I)


@dataclass
class _Block:
    lines: list[Line] = field(default_factory=list)
    person: CleanName | None = None
    person_line: Line | None = None
    roles: list[tuple[str, Span]] = field(default_factory=list)
    orgs: list[tuple[OrgMatch, Span]] = field(default_factory=list)
    commons: bool = False
    labelled: str = ""  # "to" or "from" when the block is labelled

    @property
    def candidate(self) -> bool:
        return bool(self.person or self.roles or self.orgs)

    @property
    def mp_like(self) -> bool:
        had_mp = bool(self.person and self.person.had_mp)
        return (had_mp or self.commons or any(MP_ROLE.search(r) for r, _ in self.roles)) and not (
            self.official
        )

    @property
    def official(self) -> bool:
        if any(is_official_role(r) and not MP_ROLE.search(r) for r, _ in self.roles):
            return True
        return any(_is_public_body(org) for org, _ in self.orgs)


@dataclass
class _Signature:
    name: CleanName | None = None
    name_span: Span | None = None
    roles: list[tuple[str, Span]] = field(default_factory=list)
    orgs: list[tuple[OrgMatch, Span]] = field(default_factory=list)
    note_name: str | None = None
    note_span: Span | None = None
    lines: list[Line] = field(default_factory=list)


class _Fields:
    """Values and their spans, filled in as the extractor finds them."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.spans: dict[str, tuple[Span, ...]] = {}
        self.confidence: dict[str, float] = {}

    def set(self, name: str, value: object, *spans: Span | None, sure: float = 0.9) -> None:
        self.values[name] = value
        self.spans[name] = tuple(s for s in spans if s is not None)
        self.confidence[name] = sure

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) and value else None


def extract(
    text: str,
    *,
    headers: Mapping[str, str] | None = None,
    known_places: Iterable[str] = (),
) -> Metadata:
    """Every field this module knows how to read from a letter's text (and e-mail headers)."""
    layout = analyse(text)
    view = layout.view
    headers = {**_inline_headers(layout), **(headers or {})}
    found = _Fields()
    warnings: list[str] = []
    if len(text) > len(view):
        warnings.append(f"only the first {len(view):,} characters were analysed")

    references = find_references(view)
    reference_values = [r.value for r in references]
    keys = {re.sub(r"\s+", "", v).upper() for v in reference_values}
    # A reference quoted only in an e-mail's subject line belongs to the letter too.
    for extra in find_references(headers.get("subject", "")):
        if re.sub(r"\s+", "", extra.value).upper() not in keys:
            reference_values.append(extra.value)
    found.set("references", tuple(reference_values), *((r.start, r.end) for r in references))

    cover = read_cover(view, layout.heading_spans)
    date_match, date_sure = _letter_date(layout, cover)
    letter_date = date_match.date if date_match else None
    if date_match is not None:
        found.set("date", letter_date, (date_match.start, date_match.end), sure=date_sure)
    elif headers.get("date"):
        letter_date = _header_date(headers["date"])
        found.set("date", letter_date, sure=0.8)

    salutation = layout.salutation
    if salutation is not None:
        greeting = salutation.text.rstrip(" ,:;.")
        found.set("salutation", greeting, (salutation.start, salutation.start + len(greeting)))

    signature = _signature(layout)
    blocks = _header_blocks(layout)
    if layout.closing is None and any(_POSTCODE_IN.search(ln.text) for ln in signature.lines):
        # No sign-off, and an address at the foot: the addressee's block, as ministers' and
        # peers' letters set it ("Mark Harper MP, Home Office, 2 Marsham Street ...").
        foot = [ln for ln in signature.lines if not _CC_LINE.match(ln.text)]
        blocks += _header_blocks(layout, foot)
        signature = _Signature()
    sender_blocks, recipient_block = _sort_blocks(blocks, signature, salutation, headers)

    _sender(found, signature, sender_blocks, headers, layout, letter_date, cover)
    _recipient(found, recipient_block, salutation, headers, cover)
    parties = _parties(found, signature, sender_blocks, recipient_block, layout, headers, cover)
    direction, mp, mp_span, direction_sure = _direction(found, parties)
    found.set("direction", direction, sure=direction_sure)
    found.set("mp", mp, mp_span, sure=direction_sure)
    if (
        parties.sender == "mp"
        and "sender_role" not in found.values
        and _signed_as_mp(signature, sender_blocks, cover)
    ):
        found.set("sender_role", "MP", sure=0.6)  # "Jo Doe MP": an MP writing as an MP

    _reply_date(found, layout, letter_date, warnings)
    _cc(found, layout)
    _places(found, layout, mp, direction, sender_blocks, recipient_block, signature, known_places)
    _subject(found, layout, headers)
    _contacts(found, layout)
    _people(found, layout)

    values = found.values

    def text_value(name: str) -> str | None:
        value = values.get(name)
        return value if isinstance(value, str) and value else None

    def tuple_value(name: str) -> tuple[str, ...]:
        value = values.get(name)
        return tuple(value) if isinstance(value, tuple) else ()

    def date_value(name: str) -> dt.date | None:
        value = values.get(name)
        return value if isinstance(value, dt.date) else None

    direction_value: Direction = direction
    return Metadata(
        date=date_value("date"),
        references=tuple_value("references"),
        sender_org=text_value("sender_org"),
        sender_name=text_value("sender_name"),
        sender_role=text_value("sender_role"),
        recipient_name=text_value("recipient_name"),
        recipient_org=text_value("recipient_org"),
        recipient_role=text_value("recipient_role"),
        mp=text_value("mp"),
        direction=direction_value,
        in_reply_to_date=date_value("in_reply_to_date"),
        cc=tuple_value("cc"),
        places=tuple_value("places"),
        constituency=text_value("constituency"),
        area=text_value("area"),
        salutation=text_value("salutation"),
        subject=text_value("subject"),
        people=tuple_value("people"),
        emails=tuple_value("emails"),
        phones=tuple_value("phones"),
        spans=MappingProxyType({k: v for k, v in found.spans.items() if v}),
        confidence=MappingProxyType(
            {k: v for k, v in found.confidence.items() if values.get(k) not in (None, "", ())}
        ),
        warnings=tuple(warnings),
    )


_INLINE_HEADER = re.compile(r"^(from|to|cc|date|sent|subject)\s*:\s*(\S.*)$", re.IGNORECASE)


def _inline_headers(layout: LetterLayout) -> dict[str, str]:
    """E-mail style "From:", "To:", "Cc:", "Date:", "Subject:" lines at the top of a letter."""
    found: dict[str, str] = {}
    for line in layout.header[:12]:
        match = _INLINE_HEADER.match(line.text)
        if match:
            key = "date" if match.group(1).lower() == "sent" else match.group(1).lower()
            found.setdefault(key, match.group(2).strip())
    return found if len(found) >= 2 else {}


# -- date --------------------------------------------------------------------------------------


def _letter_date(layout: LetterLayout, cover: Cover) -> tuple[DateMatch | None, float]:
    """The letter's own date and how sure: a date line in the header, else the heading's
    ("dated 7 December 1992"), else at the foot, else a bare date near the top of a
    flattened letter."""
    view = layout.view
    labelled: DateMatch | None = None
    plain: DateMatch | None = None
    bare: DateMatch | None = None
    for line in layout.header:
        for match in iter_full_dates(view, line.start, line.end):
            rest = (view[line.start : match.start] + " " + view[match.end : line.end]).strip()
            if _DATE_LABEL.match(rest):
                if re.match(r"^date", rest, re.IGNORECASE) and labelled is None:
                    labelled = match
                elif plain is None:
                    plain = match
            elif _NOT_LETTER_DATE.search(rest) or is_prose(line.text):
                if bare is None and layout.salutation is not None and _bare_date(view, match):
                    bare = match
                continue
            elif plain is None and (len(rest) <= 30 or _REF_LINE.search(rest)):
                plain = match
            elif bare is None and _bare_date(view, match):
                bare = match
    if labelled or plain:
        return labelled or plain, 0.95 if labelled else 0.9
    if cover.date is not None:
        return cover.date, 0.85
    for line in layout.cover:
        if not is_heading(line.text) and not is_prose(line.text):
            for match in iter_full_dates(view, line.start, line.end):
                return match, 0.7
    foot = [*layout.signature, *(ln for ln in layout.content[-8:] if ln not in layout.signature)]
    for line in foot:
        for match in iter_full_dates(view, line.start, line.end):
            rest = (view[line.start : match.start] + " " + view[match.end : line.end]).strip()
            if _DATE_LABEL.match(rest) or len(rest) <= 12:
                return match, 0.8
    if bare is not None:
        return bare, 0.6
    # A flattened letter: its date sits inside the first long line, after the letterhead.
    for line in layout.content[:3]:
        if len(line.text) < 300:
            continue
        for match in iter_full_dates(view, line.start, min(line.end, line.start + 1500)):
            if _bare_date(view, match):
                return match, 0.5
    return None, 0.0


_BEFORE_BODY_DATE = re.compile(
    r"(?:\b(?:on|of|since|from|until|till|by|before|after|between|and|to|in|at|during|for|"
    r"than|dated|received|meeting|hearing|deadline|published|announced)|[(\[]|\d\s*[–-])[\s,]*"
    r"(?:the\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?$",
    re.IGNORECASE,
)


def _bare_date(view: str, match: DateMatch) -> bool:
    """A date standing on its own (a letterhead's), not one a sentence speaks of."""
    before = view[max(0, match.start - 30) : match.start]
    return _BEFORE_BODY_DATE.search(before) is None


def _header_date(value: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        for match in iter_full_dates(value):
            return match.date
    return None


# -- signature and header blocks ---------------------------------------------------------------


def _signature(layout: LetterLayout) -> _Signature:
    signature = _Signature(lines=list(layout.signature))
    view = layout.view
    for line in layout.signature:
        text = line.text
        if is_note(text) or text.lower().startswith(("signed", "(signed")):
            named = _SIGNED_AS.search(text)
            if named and signature.note_name is None:
                cleaned = clean_name(named.group("name"))
                if cleaned:
                    signature.note_name = cleaned.name
                    start = line.start + named.start("name")
                    signature.note_span = (start, start + len(named.group("name")))
            continue
        if signature.name is None:
            candidate, offset = _name_from_line(text)
            if candidate is not None:
                signature.name = candidate
                start = line.start + offset + candidate.start
                signature.name_span = (start, line.start + offset + candidate.end)
                rest = text[offset + candidate.end :].strip(" ,")
                rest = _POSTNOMINAL_HEAD.sub("", rest)
                rest = re.split(r"\s+(?:\S+@\S+|www\.|https?://|\+?\d[\d ]{7,})", rest)[0]
                if rest and (is_role_line(rest) or _ROLE_START.match(rest)):
                    at = view.find(rest, line.start, line.end + 1)
                    signature.roles.append((rest, (at, at + len(rest))))
                continue
            if is_role_line(text) or COMMITTEE_CHAIR.search(text):
                signature.roles.append((text, (line.start, line.end)))
            elif (
                layout.closing is not None
                and line.number == layout.closing.number + 1
                and re.fullmatch(r"[A-ZÀ-ÖØ-Þ][^\W\d_]{2,20}", text)
                and text.lower() not in NOT_NAME_WORDS
            ):
                # Signed with a first name only ("Yours sincerely, Sadiq").
                signature.name = CleanName(text, 0, len(text), False)
                signature.name_span = (line.start, line.end)
            continue
        if _SPOKESPERSON.search(text) and len(text) < 100:
            signature.roles.append((text, (line.start, line.end)))
            continue
        if is_role_line(text) or COMMITTEE_CHAIR.search(text):
            signature.roles.append((text, (line.start, line.end)))
            org = find_org(text, line.start)
            if org and org.known:
                signature.orgs.append((org, (org.start, org.end)))
            continue
        org = find_org(text, line.start)
        if org is not None and not _ADDRESS_LINE.search(text):
            signature.orgs.append((org, (org.start, org.end)))
            continue
        if _ADDRESS_LINE.search(text) or is_prose(text):
            break
    if signature.name is None and signature.note_name:
        cleaned = clean_name(signature.note_name)
        if cleaned is not None and signature.note_span:
            signature.name = cleaned
            signature.name_span = signature.note_span
    return signature


_POSTCODE_IN = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
_POSTNOMINAL_HEAD = re.compile(
    r"^(?:(?:" + "|".join(sorted(POSTNOMINALS, key=len, reverse=True)) + r")\.?\b[\s,]*)+"
)
_SPOKESPERSON = re.compile(r"(?i)\bspokes(?:person|man|woman)\b|\bshadow\s+\w+")
_NAME_HEAD = re.compile(r",\s+|\s+[–\-]\s+|\s{2,}")
_ADDRESS_LABEL = re.compile(
    r"^(?:(to|from|fao|for\s+the\s+attention\s+of)\s*:\s*|(from|fao)\s+(?=[A-Z]))", re.IGNORECASE
)


def _name_from_line(text: str) -> tuple[CleanName | None, int]:
    """A person's name at the start of a line ("Jane Doe MP", "Jane Doe, Minister for ...")."""
    if len(text) > 120 or SALUTATION.match(text):
        return None, 0
    cleaned = clean_name(text)
    if cleaned is not None:
        return cleaned, 0
    head = _NAME_HEAD.split(text, maxsplit=1)[0]
    if head != text:
        cleaned = clean_name(head)
        if cleaned is not None:
            return cleaned, 0
    # "The REon. Greg Hands MP Member of Parliament for ...": the name is what stands
    # before "MP", less any garbled honorific.
    mp = re.search(r"\bM\.?P\.?(?=[\s,]|$)", text[:80])
    if mp is not None:
        words = text[: mp.end()].split()
        for drop in range(0, max(1, len(words) - 2)):
            cleaned = clean_name(" ".join(words[drop:]))
            if cleaned is not None:
                return cleaned, text.find(words[drop]) if drop else 0
    # "Alastair Cochran CEO Thames Water", "Alastair Cochran & Catherine Ross".
    words = text.split()
    for size in (3, 2):
        if len(words) > size:
            first = " ".join(words[:size])
            after = " ".join(words[size:])
            if re.match(r"(?:&|and)\s", after) or is_role_line(after) or _ROLE_START.match(after):
                cleaned = clean_name(first)
                if cleaned is not None:
                    return cleaned, 0
    return None, 0


_ROLE_START = re.compile(
    r"(?i)(?:ceo|co-ceo|chief\s+executive|chair(?:man|woman)?|director|head|minister|"
    r"secretary|managing|president|member\s+of\s+parliament)\b"
)


def _header_blocks(layout: LetterLayout, lines: list[Line] | None = None) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block()
    previous: Line | None = None
    view = layout.view
    for line in layout.header if lines is None else lines:
        text = line.text
        if is_prose(text) and len(text) > 140:
            continue  # a note above the letter ("The Chairman today sent a letter to ...")
        gap = previous is not None and line.number - previous.number > 1
        label = _ADDRESS_LABEL.match(text)
        person, offset = (None, 0)
        if not any(True for _ in iter_full_dates(view, line.start, line.end)):
            person, offset = _name_from_line(text[label.end() :] if label else text)
            if label and person:
                offset += label.end()
        starts_new = gap or (person is not None and current.person is not None) or bool(label)
        if starts_new and current.lines:
            blocks.append(current)
            current = _Block()
        current.lines.append(line)
        previous = line
        if label:
            current.labelled = (
                "from" if (label.group(1) or label.group(2)).lower() == "from" else "to"
            )
        if person is not None and current.person is None:
            current.person = person
            current.person_line = line
            rest = text[offset + person.end :].strip(" ,")
            rest = _POSTNOMINAL_HEAD.sub("", rest)
            if rest and (is_role_line(rest) or find_org(rest)):
                at = view.find(rest, line.start, line.end + 1)
                _add_role_or_org(current, rest, at)
            continue
        if _REF_LINE.search(text) and any(True for _ in find_references(text)):
            continue
        if re.search(r"house\s+of\s+commons", text, re.IGNORECASE):
            current.commons = True
        _add_role_or_org(current, text, line.start)
    if current.lines:
        blocks.append(current)
    return blocks


def _add_role_or_org(block: _Block, text: str, start: int) -> None:
    if is_role_line(text) or COMMITTEE_CHAIR.search(text):
        block.roles.append((text, (start, start + len(text))))
        org = find_org(text, start)
        if org is not None and org.known:
            block.orgs.append((org, (org.start, org.end)))
        return
    org = find_org(text, start)
    if org is not None:
        block.orgs.append((org, (org.start, org.end)))
        if org.name == "House of Commons":
            block.commons = True


def _sort_blocks(
    blocks: list[_Block],
    signature: _Signature,
    salutation: Line | None,
    headers: Mapping[str, str],
) -> tuple[list[_Block], _Block | None]:
    """Which header blocks are the sender's letterhead, and which one is the addressee."""
    candidates = [b for b in blocks if b.candidate]
    signer = signature.name.name if signature.name else None
    greeting = SALUTATION.match(salutation.text).group("name") if salutation else ""  # type: ignore[union-attr]

    def is_sender(block: _Block) -> bool:
        if block.labelled == "from":
            return True
        return bool(signer and block.person and same_person(block.person.name, signer))

    recipient: _Block | None = None
    for block in candidates:
        if block.labelled == "to" and not is_sender(block):
            recipient = block
    if recipient is None and greeting:
        for block in candidates:
            if not is_sender(block) and _greets(greeting, block):
                recipient = block
                break
    if recipient is None:
        people = [b for b in candidates if b.person and not is_sender(b)]
        if people:
            recipient = people[-1]
    if recipient is None:
        others = [b for b in candidates[1:] if not is_sender(b)]
        if others:
            recipient = others[-1]
    senders = [
        b
        for b in candidates
        if b is not recipient
        and (is_sender(b) or recipient is None or b in _before(candidates, recipient))
    ]
    return senders, recipient


def _before(blocks: list[_Block], block: _Block) -> list[_Block]:
    return blocks[: blocks.index(block)] if block in blocks else blocks


def _greets(greeting: str, block: _Block) -> bool:
    words = [
        w for w in re.findall(r"[A-Za-z][\w'’\-]+", greeting) if w.lower() not in _GREETING_NOISE
    ]
    if block.person and words:
        tokens = block.person.name.lower().split()
        if any(w.lower() in tokens for w in words):
            return True
    if _ROLE_SALUTATION.match(greeting.strip()):
        role_words = greeting.lower()
        return any(role_words.split()[0] in r.lower() for r, _ in block.roles)
    return False


_GREETING_NOISE = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "rt",
    "hon",
    "the",
}


# -- sender, recipient, direction --------------------------------------------------------------


def _is_public_body(org: OrgMatch) -> bool:
    if org.name in ("House of Commons", "House of Lords"):
        return False
    if committee_in(org.name):
        return False
    return org.known or PUBLIC_BODY_WORDS.search(org.name) is not None


def _sender(
    found: _Fields,
    signature: _Signature,
    senders: list[_Block],
    headers: Mapping[str, str],
    layout: LetterLayout,
    letter_date: dt.date | None,
    cover: Cover,
) -> None:
    name, name_span, name_sure = None, None, 0.0
    if signature.name is not None:
        name, name_span, name_sure = signature.name.name, signature.name_span, 0.9
    else:
        for block in senders:
            if block.person and block.person_line:
                name = block.person.name
                name_span = (
                    block.person_line.start + block.person.start,
                    block.person_line.start + block.person.end,
                )
                name_sure = 0.8
                break
    if name is None and cover.sender is not None and cover.sender.name is not None:
        name, name_span, name_sure = cover.sender.name.name, cover.sender.name_span, 0.8
    if name is None and cover.sender is not None and cover.sender.role:
        named = _appositive(layout.view, cover.sender.role)
        if named is not None:
            name, name_span, name_sure = named[0].name, named[1], 0.7
    if name is None and headers.get("from"):
        name, name_sure = _display_name(headers["from"]), 0.7
    if name:
        found.set("sender_name", name, name_span, sure=name_sure)

    roles = signature.roles + [r for b in senders for r in b.roles]
    roles = [r for r in roles if not (found.values.get("recipient_role") == r[0])]
    if cover.sender is not None and cover.sender.role and cover.sender.role_span:
        roles.append((cover.sender.role, cover.sender.role_span))
    described = _self_description(layout)
    if described is not None and not roles:
        roles.append(described[0])
    note_role = _NOTE_ROLE.search(layout.view, 0, 3000) if not roles else None
    if note_role is not None:
        roles.append((note_role.group("role"), (note_role.start("role"), note_role.end("role"))))
    if roles:
        found.set("sender_role", _tidy_role(roles[0][0]), roles[0][1], sure=0.8)

    when = letter_date or _era(layout)
    committee = None
    for text, span in (
        roles
        + [(o.name, s) for b in senders for o, s in b.orgs]
        + [(o.name, s) for o, s in signature.orgs]
    ):
        text = _CHAIRS_OF.sub(lambda m: " " * len(m.group()), text)
        match = committee_in(text)
        if match:
            committee = (match.group(1).strip(), (span[0] + match.start(1), span[0] + match.end(1)))
            break
    if committee is None and cover.committee and any(_CHAIR.search(r) for r, _ in roles):
        if not any(re.search(r"(?i)\bof\s+(?!the\s+committee\b)\S", r) for r, _ in roles):
            committee = (cover.committee, cover.committee_span or (0, 0))
    if committee is None and roles and _CHAIR.search(roles[0][0]):
        committees = _committees_named(layout)
        if len(committees) == 1:
            committee = committees[0]
    orgs = [o for b in senders for o in b.orgs] + signature.orgs
    orgs = [o for o in orgs if o[0].name not in ("House of Commons", "House of Lords")]
    known = [o for o in orgs if o[0].known]
    public = [o for o in orgs if _is_public_body(o[0])]
    if committee is not None:
        found.set("sender_org", committee[0], committee[1], sure=0.8)
    elif cover.sender is not None and cover.sender.org and cover.sender.name is None:
        # The page says which body wrote ("Letter from the Information Commissioner's Office").
        found.set("sender_org", cover.sender.org, cover.sender.org_span, sure=0.75)
    elif known:
        found.set("sender_org", _dated_org(known[0][0].name, when), known[0][1], sure=0.9)
    elif public:
        found.set("sender_org", public[0][0].name, public[0][1], sure=0.8)
    elif (
        roles
        and department_for_role(roles[0][0])
        and _is_minister(roles[0][0])
        and not re.search(r"(?i)prime\s+minister", roles[0][0])
    ):
        department = _dated_org(department_for_role(roles[0][0]) or "", when)
        found.set("sender_org", department, sure=0.7)
    elif cover.sender is not None and cover.sender.org and cover.sender.org_span:
        found.set("sender_org", cover.sender.org, cover.sender.org_span, sure=0.7)
    elif described is not None and described[1] is not None:
        found.set("sender_org", described[1][0], described[1][1], sure=0.6)
    elif headers.get("from") and org_for_email(headers["from"]):
        org = org_for_email(headers["from"])
        if org != "House of Commons":
            found.set("sender_org", org, sure=0.7)
    elif (
        not any(_is_minister(r) for r, _ in roles)
        and not _signed_as_mp(signature, senders, cover)
        and not _PEER.match(name or "")
    ):
        spoken = _body_org(layout, found.text("recipient_org"))
        if spoken is not None:
            found.set("sender_org", spoken[0], spoken[1], sure=0.5)


def _signed_as_mp(signature: _Signature, senders: list[_Block], cover: Cover) -> bool:
    if signature.name is not None:
        return signature.name.had_mp
    if cover.sender is not None and cover.sender.name is not None:
        return cover.sender.had_mp
    return any(b.person is not None and b.person.had_mp for b in senders)


_NOTE_ROLE = re.compile(
    r"\b[Tt]he\s+(?P<role>Chair(?:man|woman)?\s+of\s+the\s+[A-Z][\w ,&'’\-]{2,80}?Committee)"
    r"(?:,\s+[^,\n]{3,60},)?\s+(?:today\s+|has\s+|had\s+)?(?:sent|wrote|written)\b"
)


def _appositive(view: str, role: str) -> tuple[CleanName, Span] | None:
    """The name set beside a role in a note above a letter: "the Chairman of X, Jo Doe MP,"."""
    pattern = re.compile(
        re.escape(role).replace(r"\ ", r"\s+") + r",\s+(?P<name>[^,\n]{3,60}?)\s*,", re.IGNORECASE
    )
    match = pattern.search(view, 0, 6000)
    if match is None:
        return None
    name = clean_name(match.group("name"))
    if name is None:
        return None
    at = match.start("name") + name.start
    return name, (at, at + len(name.name))


_CHAIRS_OF = re.compile(r"(?i)^(?:the\s+)?chair(?:men|s|persons)\s+(?:of\s+)?(?:the\s+)?")
_CHAIR = re.compile(r"(?i)\bchair(?:man|men|woman|person)?s?\b")
_SELF_DESCRIBED = re.compile(
    r"\b(?:As|as)\s+(?:the\s+)?(?P<role>(?:Chief\s+Executive|Director(?:\s+General)?|"
    r"Chair(?:man|woman)?|Head|Permanent\s+Secretary|Chief\s+Inspector|Commissioner)"
    r"(?:\s+of\s+(?:the\s+)?(?P<org>[A-Z][\w&'’\-]*(?:\s+(?:and|of|for|&)?\s*[A-Z][\w&'’\-]*){0,6}))?)"
)


def _self_description(
    layout: LetterLayout,
) -> tuple[tuple[str, Span], tuple[str, Span] | None] | None:
    """A writer who says who they are: "As Chief Executive of the Benefits Agency, ..."."""
    start = layout.body_start
    match = _SELF_DESCRIBED.search(layout.view, start, start + 1200)
    before = layout.view[max(0, match.start() - 20) : match.start()] if match else ""
    if match is None or re.search(r"(?i)\b(?:your|his|her|their)\s+capacity\s*$", before):
        return None
    role = (match.group("role"), (match.start("role"), match.end("role")))
    org_text = match.group("org")
    if org_text and org_text.split()[-1] in ("Agency", "Service") and len(org_text.split()) == 1:
        org_text = _antecedent(layout.view[start : match.start()], org_text)
    org = (org_text, (match.start("org"), match.end("org"))) if org_text else None
    return role, org


_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")
_OWN_BODY_KINDS = frozenset({"agency", "regulator", "public_body", "nhs", "police"})


def _body_org(layout: LetterLayout, recipient_org: str | None) -> tuple[str, Span] | None:
    """The body an official writes for when no letterhead names it: the agency or regulator
    the letter keeps naming, or calls "the Agency" ("the FCA's role", "the Agency's plan")."""
    view = layout.view
    start = layout.content[0].start if layout.content else 0
    counts: dict[str, int] = {}
    first: dict[str, Span] = {}
    ours: set[str] = set()
    for paragraph in re.finditer(r"[^\n]+(?:\n[^\n]+)*", view[start : layout.letter_end]):
        speaks = _FIRST_PERSON.search(paragraph.group()) is not None
        at = start + paragraph.start()
        for sentence in re.finditer(r"[^.!?\n]+", paragraph.group()):
            org = find_org(sentence.group(), at + sentence.start())
            if org is None or not org.known or org.name == recipient_org:
                continue
            if org_kind(org.name) not in _OWN_BODY_KINDS:
                continue
            counts[org.name] = counts.get(org.name, 0) + 1
            first.setdefault(org.name, (org.start, org.end))
            if speaks:
                ours.add(org.name)
    if not counts:
        return None
    name = max(counts, key=lambda n: counts[n])
    last_word = name.split()[-1]
    anaphora = re.search(
        rf"\b(?:the|our)\s+{re.escape(last_word)}(?:['’]s)?\b(?!\s+(?:of|for)\b)", view[start:]
    )
    if (counts[name] >= 2 and name in ours) or (anaphora and len(name.split()) > 1):
        start, end = first[name]
        return view[start:end], first[name]  # as the letter writes it ("the FCA")
    return None


def _antecedent(before: str, head: str) -> str | None:
    """ "the Agency" -> the agency named just before ("the Employment Service is an Agency")."""
    found = [o for o in GENERIC_NAMED.finditer(before)]
    return found[-1].group().strip() if found else None


GENERIC_NAMED = re.compile(
    r"\b(?:[A-Z][\w'’\-]+\s+){0,4}(?:Agency|Service|Authority|Office|Commission)\b"
)


def _committees_named(layout: LetterLayout) -> list[tuple[str, Span]]:
    """Distinct committees the letter names ("your appearance before the Transport Committee")."""
    found: dict[str, Span] = {}
    for match in re.finditer(
        r"\b(?:the\s+)?((?:[A-Z][\w'’\-]*,?\s+(?:(?:and|&|of|for)\s+)*){1,6}Committee|"
        r"Committee\s+(?:on|of|for)\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+(?:and\s+)?[A-Z][\w'’\-]*){0,4})\b",
        layout.view,
    ):
        name = match.group(1)
        if name.split()[0] in ("The", "Select", "This", "Our", "Your", "Liaison", "A"):
            continue
        found.setdefault(name, (match.start(1), match.end(1)))
    return list(found.items())


def _display_name(header: str) -> str | None:
    """The person in an address header: "Jo Bloggs MP <jo@...>", "Office of Jo Bloggs MP <...>"."""
    display, _address = email.utils.parseaddr(header)
    display = display or header.split("<")[0]
    outlook = re.match(
        r"^\s*([A-Z][A-Z'’\-]+),\s*([A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)?)\s*$", display
    )
    if outlook:
        # Outlook's "SURNAME, Given": the person is "Given Surname".
        display = f"{outlook.group(2)} {outlook.group(1).capitalize()}"
    cleaned = clean_name(display) if display else None
    if cleaned is not None:
        return cleaned.name
    named = names_in(display)
    return named[0][0] if named else None


def _dated_org(name: str, on: dt.date | None) -> str:
    """A department by the name it had on the letter's date (the registry's renames)."""
    if name == "Foreign Office":
        if on is not None and on < _FCDO_FROM:
            return "Foreign and Commonwealth Office"
        return "Foreign, Commonwealth & Development Office"
    if on is None or org_kind(name) != "department":
        return name
    return canonical(name, on) or name


def _era(layout: LetterLayout) -> dt.date | None:
    """For an undated letter, the latest full date it mentions: near enough to name the
    departments of its time."""
    latest: dt.date | None = None
    for match in iter_full_dates(layout.view, 0, min(len(layout.view), 20_000)):
        if match.date is not None and (latest is None or match.date > latest):
            latest = match.date
    return latest


def _tidy_role(role: str) -> str:
    role = re.sub(r"^(?:the|The)\s+", "", strip_role_prefix(role.strip(" ,.;:")))
    role = re.split(r"\s+(?:\S+@\S+|www\.|https?://|\+?\d[\d ]{7,})", role)[0]
    return re.sub(r"\s+", " ", role)


def _recipient(
    found: _Fields,
    block: _Block | None,
    salutation: Line | None,
    headers: Mapping[str, str],
    cover: Cover,
) -> None:
    if block is not None:
        if block.person and block.person_line:
            start = block.person_line.start + block.person.start
            found.set(
                "recipient_name",
                block.person.name,
                (start, block.person_line.start + block.person.end),
                sure=0.85,
            )
        if block.roles:
            text, span = block.roles[0]
            found.set("recipient_role", _tidy_role(text), span, sure=0.8)
        orgs = [o for o in block.orgs if o[0].name != "House of Commons"] or block.orgs
        if orgs:
            found.set("recipient_org", orgs[0][0].name, orgs[0][1], sure=0.8)
        elif block.commons:
            found.set("recipient_org", "House of Commons", sure=0.8)
    party = cover.recipient
    if party is not None:
        if "recipient_name" not in found.values and party.name is not None:
            found.set("recipient_name", party.name.name, party.name_span, sure=0.8)
        if "recipient_role" not in found.values and party.role and party.role_span:
            found.set("recipient_role", _tidy_role(party.role), party.role_span, sure=0.7)
        if "recipient_org" not in found.values and party.org and party.org_span:
            found.set("recipient_org", party.org, party.org_span, sure=0.7)
    greeting = ""
    if salutation is not None:
        match = SALUTATION.match(salutation.text)
        greeting = match.group("name") if match else ""
        if _ROLE_SALUTATION.match(greeting) and not re.match(r"(?i)(?:sir|dame)\s+[A-Z]", greeting):
            greeting = ""
    full = clean_name(greeting) if greeting else None
    if "recipient_name" not in found.values and full is not None and salutation is not None:
        at = salutation.start + salutation.text.find(greeting) + full.start
        found.set("recipient_name", full.name, (at, at + len(full.name)), sure=0.7)
    if "recipient_name" not in found.values and headers.get("to"):
        name = _display_name(headers["to"])
        if name is not None:
            found.set("recipient_name", name, sure=0.7)
    given = _given_name(greeting) if greeting and full is None else None
    if "recipient_name" not in found.values and given is not None and salutation is not None:
        at = salutation.start + salutation.text.find(greeting) + given.start
        found.set("recipient_name", given.name, (at, at + len(given.name)), sure=0.5)
    if "recipient_org" not in found.values and headers.get("to"):
        org = org_for_email(headers["to"])
        if org:
            found.set("recipient_org", org, sure=0.7)


_GIVEN = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Professor|Prof)\.?\s+)?(?P<name>[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[\-'’][A-ZÀ-ÖØ-Þ][^\W\d_]+)?)"
    r"(?:\s+(?:and|&)\s+.*)?$"
)


def _given_name(greeting: str) -> CleanName | None:
    """One name in a salutation: "Dear Chris", "Dear Sir Robert", "Dear Mr Duffy"."""
    match = _GIVEN.match(greeting.strip())
    if match is None or match.group("name").lower() in NOT_NAME_WORDS:
        return None
    name = match.group("name")
    return CleanName(name, match.start("name"), match.end("name"), False)


# -- parties and direction -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sides:
    """What each party to the letter is: "mp", "minister", "official", "lords", "individual",
    "committee" or "unknown", and how sure."""

    sender: str
    recipient: str
    sender_sure: float
    recipient_sure: float
    #: The text says the writer is a constituent or a candidate ("Letter to our MP").
    individual_cue: bool = False
    #: No name, salutation, address or role says whom the letter is to.
    recipient_unnamed: bool = False


_SHADOW = re.compile(r"(?i)\bshadow\b")
_MINISTER_EXTRA = re.compile(
    r"(?i)\b(?:transport|culture|environment|business|trade|energy|housing|communities|work\s+and"
    r"\s+pensions|scottish|welsh|northern\s+ireland|levelling\s+up|digital|justice|health|"
    r"education|defence|home|foreign)\s+secretary\b|^(?:the\s+)?chancellor$|\bprime\s+minister\b"
)
_LORDS_COMMITTEES = re.compile(
    r"(?i)\b(?:delegated\s+powers|constitution|economic\s+affairs|european\s+union|"
    r"communications|international\s+relations|secondary\s+legislation|"
    r"justice\s+and\s+home\s+affairs|industry\s+and\s+regulators|built\s+environment|"
    r"public\s+services|house\s+of\s+lords|lords)\b"
)
_PEER = re.compile(
    r"(?i)^(?:the\s+)?(?:lord|baroness|baron|viscount(?:ess)?|earl|countess|marquess|duke|"
    r"duchess)\b"
)
_RECIPIENT_MP_CUES = re.compile(
    r"\byour\s+(?:recent\s+|written\s+|oral\s+|parliamentary\s+)*(?:parliamentary\s+)?"
    r"(?-i:Questions?)\b|\bparliamentary\s+questions?\b|"
    r"\bthe\s+above\s+(?:parliamentary\s+)?question\b|\bhon(?:ourable|\.)\s+member\s+for\b|"
    r"\byour\s+constituen(?:t|ts|cy)\b|\bon\s+behalf\s+of\s+(?:your|a)\s+constituent",
    re.IGNORECASE,
)
_WRITER_INDIVIDUAL = re.compile(
    r"(?i)\b(?:as\s+(?:a|your)\s+constituent|i\s+am\s+(?:a|one\s+of\s+your)\s+constituents?|"
    r"our\s+mp\b|my\s+mp\b|parliamentary\s+candidate)"
)
_ROLE_GREETING_MINISTER = re.compile(
    r"(?i)^(?:prime\s+minister|minister|secretary\s+of\s+state|home\s+secretary|"
    r"foreign\s+secretary|chancellor|lord\s+chancellor|attorney(?:\s+general)?|"
    r"solicitor\s+general|(?:\w+\s+)?secretary\s+of\s+state)$"
)
_ROLE_GREETING_OFFICIAL = re.compile(
    r"(?i)^(?:chief\s+executive|director|commissioner|chief\s+constable|chair(?:man|woman)?|"
    r"permanent\s+secretary|ombudsman|sir\s+or\s+madam|sir/madam|sir|madam)$"
)


_HOUSE_OFFICER = re.compile(
    r"(?i)\bspeaker\b|\bcommissioner\s+for\s+standards\b|\bstandards\s+commissioner\b|"
    r"\bclerk\s+of\s+the\s+house\b|\bserjeant\s+at\s+arms\b"
)


def _is_minister(role: str) -> bool:
    if _SHADOW.search(role) or re.search(r"(?i)private\s+secretary|permanent", role):
        return False
    return is_minister_role(role) or _MINISTER_EXTRA.search(role) is not None


def _chair_of_commons(role: str, committee: str | None) -> bool | None:
    """A committee chair: True for the Commons, False for the Lords, None if not a chair."""
    if not _CHAIR.search(role):
        return None
    named = committee_in(role)
    name = named.group(1) if named else None
    if name is None and re.search(r"(?i)\bcommittee\b", role) and committee:
        name = committee
    if name is None:
        if re.search(r"(?i)\bof\s+(?!the\s+committee)", role):
            return None
        if not committee:
            # "the Chairman of the Committee" with no committee named: select committee
            # correspondence is the Commons' far more often than the Lords'.
            return True if re.search(r"(?i)\bcommittee\b", role) else None
        name = committee
    return _LORDS_COMMITTEES.search(name) is None


def _parties(
    found: _Fields,
    signature: _Signature,
    senders: list[_Block],
    recipient: _Block | None,
    layout: LetterLayout,
    headers: Mapping[str, str],
    cover: Cover,
) -> _Sides:
    view = layout.view
    body = view[layout.body_start : layout.letter_end]
    everything = view[: layout.letter_end]
    committee = cover.committee

    # -- the writer
    sender_roles = [r for r, _ in signature.roles] + [r for b in senders for r, _ in b.roles]
    if cover.sender is not None and cover.sender.role:
        sender_roles.append(cover.sender.role)
    sender_role = found.text("sender_role")
    if sender_role:
        sender_roles.append(sender_role)
    sender_org = found.text("sender_org")
    sender_name = found.text("sender_name") or ""
    chair = [c for c in (_chair_of_commons(r, committee) for r in sender_roles) if c is not None]
    if sender_org and committee_in(sender_org) and not chair:
        if any(_CHAIR.search(r) for r in sender_roles) or (
            signature.name is not None and signature.name.had_mp
        ):
            chair = [_LORDS_COMMITTEES.search(sender_org) is None]
    minister = any(_is_minister(r) for r in sender_roles)
    official = (
        any(
            is_official_role(r)
            and not MP_ROLE.search(r)
            and not _CHAIR.search(r)
            and not _SPOKESPERSON.search(r)
            for r in sender_roles
        )
        or any(_is_public_body(o) and not committee_in(o.name) for b in senders for o, _ in b.orgs)
        or any(_is_public_body(o) and not committee_in(o.name) for o, _ in signature.orgs)
        or bool(cover.sender is not None and cover.sender.org and not cover.sender.name)
        or bool(headers.get("from") and _official_address(headers["from"]))
        or bool(
            re.search(
                r"(?i)\bchief\s+executive|\bchair(?:man)?\s+of\s+(?!the\s+\w*\s*committee)",
                " ".join(sender_roles),
            )
        )
    )
    mp_marked = (
        bool(signature.name and signature.name.had_mp)
        or any(MP_ROLE.search(r) or re.fullmatch(r"(?i)m\.?p\.?", r.strip()) for r in sender_roles)
        or any(b.commons or (b.person and b.person.had_mp) for b in senders)
        or bool(cover.sender is not None and cover.sender.had_mp)
        or bool(_MY_CONSTITUENT.search(body))
        or "parliament.uk" in headers.get("from", "").lower()
        or bool(
            re.search(r"(?i)\bmy\s+(?:parliamentary\s+)?(?:inbox|constituency\s+office)\b", body)
        )
    )
    on = found.values.get("date")
    day = on if isinstance(on, dt.date) else None
    mp_marked = mp_marked or bool(sender_name and is_mp_name(sender_name, on=day))
    individual = bool(
        (cover.recipient is not None and cover.recipient.our_mp)
        or any(re.search(r"(?i)candidate", r) for r in sender_roles)
        or _WRITER_INDIVIDUAL.search(body[:3000])
    )
    house_officer = any(_HOUSE_OFFICER.search(r) for r in [*sender_roles, sender_name])
    if house_officer:
        sender, sender_sure = "house", 0.8
    elif minister:
        sender, sender_sure = "minister", 0.9
    elif chair:
        sender, sender_sure = ("mp" if chair[0] else "lords"), 0.85
    elif mp_marked and not official:
        sender, sender_sure = "mp", 0.85
    elif official:
        sender, sender_sure = "official", 0.85
    elif _PEER.match(sender_name):
        sender, sender_sure = "lords", 0.8
    elif individual:
        sender, sender_sure = "individual", 0.7
    elif sender_org and _LORDS_COMMITTEES.search(sender_org):
        sender, sender_sure = "lords", 0.7
    else:
        sender, sender_sure = "unknown", 0.3

    # -- the addressee
    recipient_roles = list(r for r, _ in recipient.roles) if recipient else []
    if cover.recipient is not None and cover.recipient.role:
        recipient_roles.append(cover.recipient.role)
    greeting = ""
    if layout.salutation is not None:
        match = SALUTATION.match(layout.salutation.text)
        greeting = match.group("name").strip(" ,") if match else ""
    recipient_name = found.text("recipient_name") or ""
    r_chair = [
        c for c in (_chair_of_commons(r, committee) for r in recipient_roles) if c is not None
    ]
    r_minister = (
        any(_is_minister(r) for r in recipient_roles)
        or bool(_ROLE_GREETING_MINISTER.match(greeting))
        or bool(
            recipient is not None
            and recipient.person is not None
            and recipient.person.had_mp
            and any(o.known and _is_public_body(o) for o, _ in recipient.orgs)
        )
    )
    r_official = (
        bool(recipient and recipient.official and not r_chair)
        or any(
            is_official_role(r)
            and not MP_ROLE.search(r)
            and not _CHAIR.search(r)
            or re.search(r"(?i)\bchair(?:man)?\s+of\s+(?!the\s+(?:\w+\s+){0,6}committee)", r)
            for r in recipient_roles
        )
        or bool(cover.recipient is not None and cover.recipient.org and not cover.recipient.our_mp)
        or bool(_ROLE_GREETING_OFFICIAL.match(greeting) and not _CHAIR.search(greeting))
        or bool(headers.get("to") and _official_address(headers["to"]))
        or bool(recipient is not None and any(_is_public_body(o) for o, _ in recipient.orgs))
    )
    r_mp_marked = (
        bool(recipient and recipient.mp_like)
        or bool(re.search(r"\bM\.?P\.?$", greeting))
        or bool(cover.recipient is not None and cover.recipient.had_mp)
        or bool(_RECIPIENT_MP_CUES.search(everything))
        or "parliament.uk" in headers.get("to", "").lower()
        or bool(recipient_name and " " in recipient_name and is_mp_name(recipient_name, on=day))
    )
    r_house = any(_HOUSE_OFFICER.search(r) for r in [*recipient_roles, greeting, recipient_name])
    if r_house:
        recipient_side, recipient_sure = "house", 0.8
    elif r_minister:
        recipient_side, recipient_sure = "minister", 0.85
    elif r_chair:
        recipient_side, recipient_sure = ("mp" if r_chair[0] else "lords"), 0.8
    elif r_mp_marked and not r_official:
        recipient_side, recipient_sure = "mp", 0.85
    elif r_official:
        recipient_side, recipient_sure = "official", 0.8
    elif _PEER.match(recipient_name) or _PEER.match(greeting):
        recipient_side, recipient_sure = "lords", 0.8
    elif (
        recipient is not None
        and recipient.person is not None
        and not recipient.roles
        and not recipient.orgs
        and not recipient.commons
    ):
        recipient_side, recipient_sure = "individual", 0.6
    elif (
        committee
        and recipient is None
        and cover.recipient is None
        and not chair
        and re.search(r"(?i)\bthe\s+committee\b", body)
    ):
        recipient_side, recipient_sure = "committee", 0.6
    else:
        recipient_side, recipient_sure = "unknown", 0.3
    unnamed = not (recipient_name or greeting or recipient_roles or recipient is not None)
    if not individual and sender == "unknown" and recipient_side == "mp":
        individual = _writes_as_individual(body)
    return _Sides(sender, recipient_side, sender_sure, recipient_sure, individual, unnamed)


_INDIVIDUAL_VOICE = re.compile(
    r"(?i)\b(?:my\s+representative|my\s+(?:local\s+)?mp|our\s+mp|your\s+party|i\s+voted|"
    r"vote[sd]?\s+for\s+you|as\s+(?:a|your)\s+constituent|i\s+am\s+(?:a|one\s+of\s+your)\s+"
    r"constituents?|i\s+live\s+in|my\s+(?:family|son|daughter|husband|wife|partner|mother|"
    r"father|children|home|neighbours)|as\s+a\s+(?:parent|resident|voter|taxpayer|pensioner)|"
    r"yours\s+hopefully)\b"
)
_INSTITUTIONAL_VOICE = re.compile(
    r"(?i)\b(?:your\s+constituents?|parliamentary\s+question|my\s+officials|officials|our\s+ref|"
    r"the\s+(?:department|agency|authority|board|commission|service|ministry|trust|council)"
    r"(?:['’]s)?\b|our\s+(?:guidance|policy|staff|records|customers|teams?|investigation))"
)


def _writes_as_individual(body: str) -> bool:
    """A letter to an MP whose writer speaks as a constituent rather than for a body."""
    personal = len(_INDIVIDUAL_VOICE.findall(body))
    institutional = len(_INSTITUTIONAL_VOICE.findall(body))
    return personal > 0 and personal > institutional


def _direction(found: _Fields, sides: _Sides) -> tuple[Direction, str | None, Span | None, float]:
    """Direction by the conventions: an organisation or minister to an MP, an MP to one."""
    sender, recipient = sides.sender, sides.recipient
    sure = min(sides.sender_sure, sides.recipient_sure)
    direction: Direction = "other"
    if sender in ("minister", "official") and recipient == "mp":
        direction = "to_mp"
    elif sender == "mp" and recipient in ("minister", "official"):
        direction = "from_mp"
    elif sender == "unknown" and recipient == "mp" and not sides.individual_cue:
        direction, sure = "to_mp", 0.6
    elif sender == "mp" and recipient == "unknown" and sides.recipient_unnamed:
        sure = 0.4  # an MP writing to nobody the text names: constituents, campaigners
    elif sender == "mp" and recipient == "unknown" and not sides.recipient_unnamed:
        direction, sure = "from_mp", 0.6
    elif sender == "unknown" and recipient == "mp":
        sure = 0.5
    if direction == "to_mp":
        name = found.text("recipient_name")
        return direction, name, _first_span(found, "recipient_name"), sure
    if direction == "from_mp":
        name = found.text("sender_name")
        return direction, name, _first_span(found, "sender_name"), sure
    # In any other letter, the MP party to it as an MP.
    if sender == "mp" and found.text("sender_name"):
        return direction, found.text("sender_name"), _first_span(found, "sender_name"), sure
    if recipient == "mp" and found.text("recipient_name"):
        return direction, found.text("recipient_name"), _first_span(found, "recipient_name"), sure
    return direction, None, None, sure


def _first_span(found: _Fields, name: str) -> Span | None:
    spans = found.spans.get(name, ())
    return spans[0] if spans else None


def _official_address(header: str) -> bool:
    _display, address = email.utils.parseaddr(header)
    domain = address.rsplit("@", 1)[-1].lower()
    return (
        domain.endswith(".gov.uk") or domain.endswith(".nhs.uk") or domain.endswith(".police.uk")
    ) and not domain.endswith("parliament.uk")


# -- reply date, cc ------------------------------------------------------------------------------


def _reply_date(
    found: _Fields, layout: LetterLayout, letter_date: dt.date | None, warnings: list[str]
) -> None:
    view = layout.view
    start = layout.body_start
    if layout.salutation is None and layout.content:
        start = min(start, layout.content[0].start)
    for match in _REPLY_TO.finditer(view, start, layout.letter_end):
        dates = _dates_at(view, match.end())
        if not dates:
            continue
        resolved = [(d.resolved(letter_date), d) for d in dates]
        usable = [(value, d) for value, d in resolved if value is not None]
        if not usable:
            continue
        value, where = max(usable, key=lambda pair: pair[0])
        if letter_date is not None and value > letter_date:
            warnings.append(
                f"the letter answered ({value.isoformat()}) is dated after this one "
                f"({letter_date.isoformat()})"
            )
        found.set("in_reply_to_date", value, (where.start, where.end))
        return


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


def _cc(found: _Fields, layout: LetterLayout) -> None:
    view = layout.view
    entries: list[tuple[str, Span]] = []
    for match in _CC_SENTENCE.finditer(view, layout.body_start, layout.letter_end):
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
        cc_line = _CC_LINE.match(line.text)
        if cc_line is None or (not cc_line.group("first") and index + 1 >= len(lines)):
            continue
        first = cc_line.group("first")
        if first and is_prose(first):
            continue
        if first:
            at = line.start + cc_line.start("first")
            entries.extend(_cc_entries(view, at, line.end, one_entry=True))
        for follower in lines[index + 1 : index + 12]:
            if (
                follower.number - line.number > 12
                or is_prose(follower.text)
                or CLOSING_LIKE.match(follower.text)
            ):
                break
            if _CC_LINE.match(follower.text) or SALUTATION.match(follower.text):
                break
            before = len(entries)
            entries.extend(_cc_entries(view, follower.start, follower.end, one_entry=True))
            if (
                len(entries) == before
                and not is_role_line(follower.text)
                and not _ADDRESS_LINE.search(follower.text)
            ):
                break
    names: list[str] = []
    spans: list[Span] = []
    for name, span in entries:
        if not any(
            n.lower() == name.lower() or same_person(n, name) and " " in n and " " in name
            for n in names
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
        following = pieces[index] if index < len(pieces) else None
        if following is not None and not following[3]:
            if any(following[1] <= p[1] < following[2] for p in people):
                continue  # "the MP for Wrekin, Mark Pritchard": the name follows
            org = find_org(following[0].strip())
            if org is not None and not is_role_line(following[0].strip()):
                role = f"{role}, {following[0].strip(' .;:')}"
                index += 1
        at = view.find(role.split(", ")[0], a, b + 1)
        entries.append((role, (at, at + len(role))))
    return entries


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
    for cut in _LIST_CUT.finditer(segment):
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


# -- places, subject, contacts, people ---------------------------------------------------------

_CONSTITUENCY = re.compile(
    r"\b(?:Member\s+of\s+Parliament|M\.?P\.?)\s+for\s+(?:the\s+)?(?P<place>[A-Z][\w'’\-]*(?:(?:[ \t]+(?:and|upon|on|under|in|le|by|the|with)[ \t]+|[ \t]+|-)[A-Z][\w'’\-]*){0,6})"
    r"|\b(?:your|my|the|his|her)\s+constituency\s+of\s+(?P<place2>[A-Z][\w'’\-]*(?:(?:[ \t]+(?:and|upon|on|under|in|le|by|the|with)[ \t]+|[ \t]+|-)[A-Z][\w'’\-]*){0,6})"
    r"|\b(?:your|my)\s+(?P<place3>[A-Z][\w'’\-]*(?:(?:[ \t]+(?:and|upon|on|under|in|le|by|the|with)[ \t]+|[ \t]+|-)[A-Z][\w'’\-]*){0,6})\s+constituency\b"
)


def _places(
    found: _Fields,
    layout: LetterLayout,
    mp: str | None,
    direction: Direction,
    senders: list[_Block],
    recipient: _Block | None,
    signature: _Signature,
    known: Iterable[str],
) -> None:
    view = layout.view
    constituency = _constituency(layout, mp, direction, senders, recipient, signature)
    skip: list[Span] = [(line.start, line.end) for line in layout.header]
    skip += [(line.start, line.end) for line in layout.signature]
    skip += layout.address_spans
    skip += [(s, e) for _n, s, e, titled in layout.body_names if titled]
    parties = [
        v
        for key in ("sender_name", "recipient_name")
        if isinstance(v := found.values.get(key), str)
    ]
    cc = found.values.get("cc")
    parties += [c for c in cc if isinstance(c, str)] if isinstance(cc, tuple) else []
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
    layout: LetterLayout,
    mp: str | None,
    direction: Direction,
    senders: list[_Block],
    recipient: _Block | None,
    signature: _Signature,
) -> tuple[str, Span] | None:
    """The MP's constituency where the letter states it (also for an MP writing to others)."""
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
    for match in _CONSTITUENCY.finditer(view):
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
    while words and words[-1] in {"House", "Commons", "London", "Westminster"}:
        words.pop()
    return " ".join(words), start


def _subject(found: _Fields, layout: LetterLayout, headers: Mapping[str, str]) -> None:
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


def _contacts(found: _Fields, layout: LetterLayout) -> None:
    view = layout.view
    emails: list[tuple[str, Span]] = []
    for match in _emails(view):
        value = match.group().rstrip(".")
        if value not in (e for e, _ in emails):
            emails.append((value, (match.start(), match.start() + len(value))))
    if emails:
        found.set("emails", tuple(e for e, _ in emails), *(s for _, s in emails))
    phones: list[tuple[str, Span]] = []
    for match in _PHONE.finditer(view):
        digits = re.sub(r"\D", "", match.group())
        if not 10 <= len(digits) <= 13:
            continue
        if digits.startswith("44"):
            digits = "0" + digits[2:].lstrip("0")
        if digits not in (re.sub(r"\D", "", p) for p, _ in phones):
            phones.append((match.group().strip(), (match.start(), match.end())))
    if phones:
        found.set("phones", tuple(p for p, _ in phones), *(s for _, s in phones))


def _people(found: _Fields, layout: LetterLayout) -> None:
    known = [
        v
        for key in ("sender_name", "recipient_name")
        if isinstance(v := found.values.get(key), str)
    ]
    cc = found.values.get("cc")
    if isinstance(cc, tuple):
        known += [c for c in cc if isinstance(c, str)]
    people: list[str] = []
    spans: list[Span] = []
    for name, start, end, _titled in layout.body_names:
        if any(same_person(name, k) for k in known + people):
            continue
        people.append(name)
        spans.append((start, end))
    if people:
        found.set("people", tuple(people), *spans)
