"""The blocks that name the parties: the signature, the letterhead, the addressee, whose is which."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from archive.extract.cover import Party
from archive.extract.dates import iter_full_dates
from archive.extract.found import Span
from archive.extract.layout import (
    SALUTATION,
    LetterLayout,
    Line,
    ends_address,
    is_contact_line,
    is_note,
    is_prose,
)
from archive.extract.lexicon import (
    COMMITTEE_CHAIR,
    MP_ROLE,
    OFFICE_AFTER_TITLE,
    PUBLIC_BODY_WORDS,
    SUBJECT_LINE,
    OrgMatch,
    committee_in,
    find_org,
    is_clause_line,
    is_official_role,
    is_role_line,
    is_staff_list,
)
from archive.extract.names import (
    NOT_NAME_WORDS,
    CleanName,
    clean_name,
    given_name_first,
    is_given_name,
    may_be_called,
    same_person,
)
from archive.extract.places import STREET_WORDS
from archive.extract.references import find_references, has_label
from archive.knowledge.organisations import LEGISLATURES
from archive.knowledge.titles import postnominal_alternatives

_SIGNED_AS = re.compile(
    r"(?:appearing\s+to\s+read|appears\s+to\s+read|which\s+reads?|reading|reads?|signed(?:\s+as)?|"
    r"signature\s+of|initials?)\s*:?\s*[‘'\"“]?(?P<name>[A-Z][^'\"’”\]\)\n]{1,60}?)[’'\"”]?\s*[.\])]*\s*$",
    re.IGNORECASE,
)


ROLE_SALUTATION = re.compile(
    r"^(?:minister|secretary\s+of\s+state|home\s+secretary|foreign\s+secretary|chancellor|"
    r"prime\s+minister|attorney\s+general|solicitor\s+general|lord\s+chancellor|chief\s+executive|"
    r"chair(?:man|woman|s)?|directors?|commissioners?|chief\s+constable|sir\s+or\s+madam|sir/madam|"
    r"madam|sir|colleague|colleagues|all|both|ombudsman|permanent\s+secretary|"
    # Offices that also stand before a name ("Dear Mayor Khan"): an office only alone.
    r"(?:governor|mayor|editor|clerk|speaker|president|constituent|councillor|conven[eo]r|"
    r"presiding\s+officer|"
    r"(?:the\s+)?(?:occupier|householder|resident))"
    r"(?=[\s,.:;!]*$)|"
    r"(?:\w+\s+)?secretary)\b",
    re.IGNORECASE,
)


#: A UK postcode ("SW1A 0AA", "KB1 3HY").
POSTCODE = r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
ADDRESS_LINE = re.compile(
    POSTCODE + r"|^\d+[a-z]?\s+\w+|\b(?:street|road|lane|avenue|square|"
    r"place|house|building|terrace|way|close|court|drive|gardens|parade|row|walk|yard|"
    r"wharf|tower|floor|po\s+box)\b|www\.|https?://|@|\b(?:tel|telephone|fax|email|e-mail|"
    r"web)\b",
    re.IGNORECASE,
)


@dataclass
class HeaderBlock:
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
        return any(public_body(org) for org, _ in self.orgs)


@dataclass
class Signature:
    name: CleanName | None = None
    name_span: Span | None = None
    roles: list[tuple[str, Span]] = field(default_factory=list)
    orgs: list[tuple[OrgMatch, Span]] = field(default_factory=list)
    note_name: str | None = None
    note_span: Span | None = None
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PartyBlocks:
    """The blocks that speak for each party: the signature, the sender's, the addressee's."""

    signature: Signature
    senders: list[HeaderBlock]
    recipient: HeaderBlock | None


def _add_signed_role(signature: Signature, text: str, at: int) -> bool:
    """Add a signature's role; "Chief Executive, Kelby Rail Users Association" is a role
    and the body it is held in, whether the registry knows the body or not. True when the
    role came with its body."""
    head, comma, tail = text.rpartition(", ")
    if comma and is_role_line(head) and not is_role_line(tail):
        where = at + len(head) + len(comma)
        org = find_org(tail, where)
        if org is not None and org.start == where and org.end == where + len(tail.rstrip(" .")):
            signature.roles.append((head, (at, at + len(head))))
            signature.orgs.append((org, (org.start, org.end)))
            return True
    signature.roles.append((text, (at, at + len(text))))
    return False


def read_signature(layout: LetterLayout) -> Signature:
    signature = Signature(lines=list(layout.signature))
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
                rest = text[offset + candidate.end :].strip(" ,-–—")
                rest = _POSTNOMINAL_HEAD.sub("", rest)
                rest = CONTACT_TAIL.split(rest)[0]
                if rest and (is_role_line(rest) or _ROLE_START.match(rest)):
                    at = view.find(rest, line.start, line.end + 1)
                    _add_signed_role(signature, rest, at)
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
        if SPOKESPERSON.search(text) and len(text) < 100:
            signature.roles.append((text, (line.start, line.end)))
            continue
        if is_role_line(text) or COMMITTEE_CHAIR.search(text):
            if _add_signed_role(signature, text, line.start):
                continue
            org = find_org(text, line.start)
            if org and org.known:
                signature.orgs.append((org, (org.start, org.end)))
            continue
        org = find_org(text, line.start)
        if org is not None and not ADDRESS_LINE.search(text):
            signature.orgs.append((org, (org.start, org.end)))
            continue
        if ADDRESS_LINE.search(text) or is_prose(text):
            break
    if signature.name is None and signature.note_name:
        cleaned = clean_name(signature.note_name)
        if cleaned is not None and signature.note_span:
            signature.name = cleaned
            signature.name_span = signature.note_span
    return signature


POSTCODE_IN = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")


# Letters after a signature's name, at the start of the rest of its line ("CBE, Director"):
# matched with their case, as the list writes them.
_POSTNOMINAL_HEAD = re.compile(r"^(?:(?:" + postnominal_alternatives() + r")\.?\b[\s,]*)+")


SPOKESPERSON = re.compile(r"(?i)\bspokes(?:person|man|woman)\b|\bshadow\s+\w+")


_NAME_HEAD = re.compile(r",\s+|\s+[–\-]\s+|\s{2,}")
#: "MP" after a name, or run into the next word by a PDF's text ("Jo Doe MPChair of ...").
_MP_AFTER_NAME = re.compile(r"\bM\.?P\.?(?=[\s,]|$|(?<=MP)[A-Z][a-z])")
_AND = re.compile(r"(?:&|and)\s")
#: Contact details that end a name's or a role's line ("..., jo@x.gov.uk", "0300 123 4567").
CONTACT_TAIL = re.compile(r"\s+(?:\S+@\S+|www\.|https?://|\+?\d[\d ]{7,})")
_HOUSE_OF_COMMONS = re.compile(r"house\s+of\s+commons", re.IGNORECASE)
_GREETING_WORD = re.compile(r"[A-Za-z][\w'’\-]+")


_ADDRESS_LABEL = re.compile(
    # "RESPONSE FROM: JO DOE (Cabinet Member for ...)": a page's label for who answers.
    r"^(?:(?:(?:response|reply|letter|message)\s+)?(to|from|fao|for\s+the\s+attention\s+of)\s*:\s*|"
    r"(from|fao)\s+(?=[A-Z])|"
    # "To Cathryn Ross, Chief Executive, OFWAT": with no colon, only before a name and a comma.
    r"(to)\s+(?=(?-i:(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+)?[A-Z][a-z]+\s+[A-Z][\w'’\-]+,)))",
    re.IGNORECASE,
)


#: The last word of a street's name, never of a person's in an address block ("Colmore
#: Row", "St Philips Place"): the places' street words, less those that are surnames too.
_STREET_END = (STREET_WORDS | {"Place", "Square"}) - {"Lane", "Close", "Walk", "Rise"}


@lru_cache(maxsize=16384)
def _name_from_line(text: str) -> tuple[CleanName | None, int]:
    """A person's name at the start of a line ("Jane Doe MP", "Jane Doe, Minister for ...").

    Cached: a letterhead's and a signature's lines recur across an archive, and most lines
    are tried several ways before they are found to hold no name.
    """
    name, offset = _name_at_start(text)
    if name is not None and name.name.rsplit(None, 1)[-1] in _STREET_END:
        return None, 0
    if name is not None and text.count(",") >= 3 and _lists_people(text):
        return None, 0  # a board's names in a letterhead ("Jo Doe, Ann Roe, Ivo Poe, ...")
    return name, offset


def _role_then_name(text: str, start: int) -> tuple[CleanName | None, int]:
    """The name after an office on a labelled line ("From: Cabinet Secretary for Social
    Justice Jo Doe"), and where it starts."""
    words = text[start:].split()
    found = {
        count: name
        for count in (3, 2)
        if len(words) > count
        and (name := clean_name(" ".join(words[-count:]))) is not None
        and is_role_line(" ".join(words[:-count]))
    }
    # Three words only when the first is a given name ("... and Europe Jo Doe" is two).
    count = 3 if 3 in found and (2 not in found or is_given_name(words[-3])) else 2
    if count not in found:
        return None, 0
    return found[count], text.rindex(words[-count], start)


def _lists_people(text: str) -> bool:
    """Whether three or more of a line's comma-separated parts are people's names."""
    return sum(clean_name(part.strip()) is not None for part in text.split(",")) >= 3


def _name_at_start(text: str) -> tuple[CleanName | None, int]:
    if len(text) > 120 or SALUTATION.match(text):
        return None, 0
    cleaned = clean_name(text)
    if cleaned is not None:
        return cleaned, 0
    head = _name_head(text)
    if head != text:
        cleaned = clean_name(head)
        if cleaned is not None:
            return cleaned, 0
    if "(" in text:
        # "LESLEY JONES (HR, diversity and consultation)": a name, then its office in brackets.
        cleaned = clean_name(text.partition("(")[0])
        if cleaned is not None:
            return cleaned, 0
    # "The REon. Greg Hands MP Member of Parliament for ...": the name is what stands
    # before "MP", less any garbled honorific.
    mp = _MP_AFTER_NAME.search(text[:80]) if "M" in text[:80] else None
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
            if _AND.match(after) or is_role_line(after) or _ROLE_START.match(after):
                cleaned = clean_name(first)
                if cleaned is not None:
                    return cleaned, 0
    return None, 0


def _name_head(text: str) -> str:
    """``_NAME_HEAD.split(text, maxsplit=1)[0]``: the pattern is tried only on a line with a
    comma, a dash, or blanks other than single spaces (most lines have none)."""
    if "," in text or "-" in text or "–" in text or " ".join(text.split()) != text:
        return _NAME_HEAD.split(text, maxsplit=1)[0]
    return text


_ROLE_START = re.compile(
    r"(?i)(?:ceo|co-ceo|chief\s+executive|chair(?:man|woman)?|director|head|minister|"
    r"secretary|managing|president|member\s+of\s+parliament)\b"
)


def read_header_blocks(layout: LetterLayout, lines: list[Line] | None = None) -> list[HeaderBlock]:
    blocks: list[HeaderBlock] = []
    current = HeaderBlock()
    previous: Line | None = None
    view = layout.view
    closed = False  # the lines so far end a postal address (its postcode, then contacts)
    header = layout.header if lines is None else lines
    step = _line_step(header)
    for line in header:
        text = line.text
        if is_prose(text) and len(text) > 140:
            continue  # a note above the letter ("The Chairman today sent a letter to ...")
        gap = previous is not None and line.number - previous.number > step
        label = _ADDRESS_LABEL.match(text)
        person, offset = (None, 0)
        office_first = False  # a labelled line giving the office before the name
        first_date = next(iter_full_dates(view, line.start, line.end), None)
        if first_date is None or first_date.start - line.start > 20:  # not a date line
            person, offset = _name_from_line(text[label.end() :] if label else text)
            if label and person is None:
                person, offset = _role_then_name(text, label.end())
                office_first = person is not None
            elif label and person:
                offset += label.end()
                if "(" in text:
                    # An e-mail's "From: Pellow Martin (Kelby Unit)": a directory's order.
                    person = replace(person, name=given_name_first(person.name))
        starts_new = (
            gap
            or (person is not None and current.person is not None)
            or bool(label)
            or (person is not None and closed)
            or (person is not None and person.had_mp and _letterhead_only(current))
            # An MP's name after a letterhead without anyone's name in it (a body's address,
            # its board's list): the addressee's block, not more of the letterhead.
            or (
                person is not None
                and person.had_mp
                and current.person is None
                and not current.commons
                and bool(current.orgs)
            )
        )
        if starts_new and current.lines:
            blocks.append(current)
            current = HeaderBlock()
        current.lines.append(line)
        previous = line
        closed = ends_address(text) or (closed and is_contact_line(text))
        if label:
            current.labelled = (
                "from"
                if (label.group(1) or label.group(2) or label.group(3)).lower() == "from"
                else "to"
            )
        if person is not None and current.person is None:
            current.person = person
            current.person_line = line
            if office_first and label:  # "From: Cabinet Secretary for X Jo Doe"
                role = text[label.end() : offset].strip()
                _add_role_or_org(current, role, line.start + text.index(role, label.end()))
            rest = text[offset + person.end :].strip(" ,-–—")
            rest = _POSTNOMINAL_HEAD.sub("", rest)
            if rest.startswith("(") and ")" in rest:
                # "Jo Doe (Lib Dem North Kelby, Shadow Leader of the House)": each part of
                # the brackets that is an office.
                for part in rest[1 : rest.index(")")].split(","):
                    part = part.strip()
                    at = view.find(part, line.start, line.end + 1) if part else -1
                    if at >= 0 and is_role_line(part):
                        current.roles.append((part, (at, at + len(part))))
            elif rest and (is_role_line(rest) or find_org(rest)):
                at = view.find(rest, line.start, line.end + 1)
                _add_role_or_org(current, rest, at)
            continue
        if has_label(text) and any(True for _ in find_references(text)):
            continue
        if _HOUSE_OF_COMMONS.search(text):
            current.commons = True
        _add_role_or_org(current, text, line.start)
    if current.lines:
        blocks.append(current)
    return blocks


def _line_step(lines: Sequence[Line]) -> int:
    """How many lines apart a block's lines stand: 2 where every line of the header is
    followed by a blank one (a web page's paragraphs, one per line of the letter), so
    only a wider gap parts two blocks; else 1."""
    steps = [b.number - a.number for a, b in zip(lines, lines[1:], strict=False)]
    return 2 if len(steps) >= 3 and min(steps) == 2 else 1


def _letterhead_only(block: HeaderBlock) -> bool:
    """A block of a known body's lines and no one yet: an MP's name after it is the addressee's
    (OCR and flattened text lose the blank line between "Department for Transport" and
    "Harriet Vance MP")."""
    return (
        block.person is None
        and not block.commons  # an MP's own "House of Commons" heads their block
        and any(org.known for org, _ in block.orgs)
    )


#: A line naming a body as whom something is sent to ("... my letter of objection to NHS
#: England") or what it is about ("Response for Jo Doe MP on NHS Health Services"): a
#: page's title, not the writer's letterhead.
_ADDRESSED_BEFORE = re.compile(
    r"(?i)(?:^|\w\s+)(?:to|on|about|regarding|concerning)\s+(?:the\s+)?\Z"
)


def _add_role_or_org(block: HeaderBlock, text: str, start: int) -> None:
    if block.roles and block.roles[-1][0].rstrip().endswith(",") and _ROLE_GOES_ON.match(text):
        # "Minister for Family Support," / "Housing and Child Maintenance": one office.
        role, (role_start, _end) = block.roles[-1]
        block.roles[-1] = (f"{role.rstrip()} {text.strip()}", (role_start, start + len(text)))
        return
    if is_role_line(text) or COMMITTEE_CHAIR.search(text):
        block.roles.append((text, (start, start + len(text))))
        org = find_org(text, start)
        if org is not None and org.known:
            block.orgs.append((org, (org.start, org.end)))
        return
    if SUBJECT_LINE.match(text.lstrip()):
        return  # "Re: Closure of Erdington Police Station": what the letter is about
    if is_clause_line(text):
        return  # a sentence wrapped short: "Taylor, the Chief Executive of X, who complains that the"
    if _TO_MY_MP.search(text):
        return  # "Border Agency Complaint to my MP": a page's title, not a letterhead
    if is_staff_list(text):
        return  # "Chief Executive: Jo Doe  Editor: Ann Roe": a staff list, no one's office
    org = find_org(text, start)
    if (
        org is not None
        and not org.known
        and _BUILDING.search(org.name)
        and POSTCODE_IN.search(text)
    ):
        return  # "As from One Essex Court, Temple, London EC4Y 9AR": an address's building
    if org is not None and not _ADDRESSED_BEFORE.search(text, 0, org.start - start):
        block.orgs.append((org, (org.start, org.end)))
        if org.name == "House of Commons":
            block.commons = True


_TO_MY_MP = re.compile(r"(?i)\bto\s+(?:my|our)\s+(?:local\s+)?MP\b")
_BUILDING = re.compile(r"\b(?:Court|House|Chambers|Buildings?|Tower|Place)$")
#: The rest of an office's name on its next line: capitalised words and their joining words.
_ROLE_GOES_ON = re.compile(r"^[A-Z][a-z'’\-]+(?:,?\s+(?:and|of|for|the|&|[A-Z][a-z'’\-]+))*\s*$")


def sort_blocks(
    blocks: list[HeaderBlock],
    signature: Signature,
    salutation: Line | None,
    headers: Mapping[str, str],
    addressee: Party | None = None,
) -> tuple[list[HeaderBlock], HeaderBlock | None]:
    """Which header blocks are the sender's letterhead, and which one is the addressee
    (``addressee``: whom a page's heading says the letter is to, if it says)."""
    candidates = [b for b in blocks if b.candidate]
    signer = signature.name.name if signature.name else None
    greeting = SALUTATION.match(salutation.text).group("name") if salutation else ""  # type: ignore[union-attr]

    def is_sender(block: HeaderBlock) -> bool:
        if block.labelled == "from":
            return True
        return bool(signer and block.person and same_person(block.person.name, signer))

    recipient: HeaderBlock | None = None
    for block in candidates:
        if block.labelled == "to" and not is_sender(block):
            recipient = block
    if recipient is None and greeting:
        for block in candidates:
            if not is_sender(block) and _greets(greeting, block):
                recipient = block
                break
        if recipient is not None and recipient.person is None:
            candidates, recipient = _address_run(candidates, recipient, is_sender)
    if recipient is None and addressee is not None:
        # "Sir Jo writes to Kelby Trains about fares": the block naming Kelby Trains.
        for block in candidates:
            if not is_sender(block) and _names_party(block, addressee):
                recipient = block
                break
    if recipient is None and candidates and _ends_as_greeting(candidates[-1]):
        # "The Secretary of State for Transport," standing where "Dear ..." would: the
        # letter is addressed to that office.
        recipient = candidates[-1]
    if recipient is None:
        people = [b for b in candidates if b.person and not is_sender(b)]
        # A greeting by a full name no block holds ("Dear Hamish Pollock") is not to another
        # person the page names ("Tom Brake MP asks the PM ...").
        if people and not _greets_another(greeting, people[-1]):
            recipient = people[-1]
    if recipient is None:
        others = [
            b for b in candidates[1:] if not is_sender(b) and not _greets_another(greeting, b)
        ]
        if others:
            recipient = others[-1]
    # Blocks before the addressee's, found by identity once: comparing blocks by value in a
    # loop made a hostile text of thousands of header lines take seconds.
    at = next((i for i, b in enumerate(candidates) if b is recipient), len(candidates))
    senders = [
        b
        for i, b in enumerate(candidates)
        if b is not recipient and (is_sender(b) or recipient is None or i < at)
    ]
    return senders, recipient


def _address_run(
    candidates: list[HeaderBlock], office: HeaderBlock, is_sender: Callable[[HeaderBlock], bool]
) -> tuple[list[HeaderBlock], HeaderBlock]:
    """``candidates`` with the office a greeting names ("Dear Chancellor") joined to the
    one-line blocks around it that make up one address with it, when a page put a blank
    line after every line ("The Rt Hon Jo Doe MP" / "Chancellor of the Exchequer" / "HM
    Treasury"): the name above is the addressee's, not a letterhead's. Also the block that
    now holds the office."""
    at = next(i for i, b in enumerate(candidates) if b is office)
    first = at
    if (
        at > 0
        and candidates[at - 1].person is not None
        and len(candidates[at - 1].lines) == 1
        and not candidates[at - 1].roles
        and not candidates[at - 1].orgs
        and not is_sender(candidates[at - 1])
        and office.lines[0].number - candidates[at - 1].lines[-1].number <= 2
    ):
        first = at - 1
    last = at
    while (
        last + 1 < len(candidates)
        and candidates[last + 1].person is None
        and len(candidates[last + 1].lines) == 1
        and candidates[last + 1].lines[0].number - candidates[last].lines[-1].number <= 2
    ):
        last += 1
    if first == at:
        return candidates, office
    run = candidates[first : last + 1]
    joined = HeaderBlock(
        lines=[line for b in run for line in b.lines],
        person=run[0].person,
        person_line=run[0].person_line,
        roles=[r for b in run for r in b.roles],
        orgs=[o for b in run for o in b.orgs],
        commons=any(b.commons for b in run),
        labelled=office.labelled,
    )
    return [*candidates[:first], joined, *candidates[last + 1 :]], joined


def _greets_another(greeting: str, block: HeaderBlock) -> bool:
    """Whether a greeting names someone other than the block's person: by given name and
    surname ("Dear Hamish Pollock"), or by title and surname ("Dear Mr Jones")."""
    if not greeting or block.person is None or ROLE_SALUTATION.match(greeting.strip()):
        return False
    named = clean_name(greeting.strip(" ,"))
    if named is not None and len(named.name.split()) >= 2:
        return not same_person(block.person.name, named.name)
    words = _GREETING_WORD.findall(greeting)
    if len(words) == 1:
        # "Dear George" to a block naming Hazel Blears: another person; "Dear Bob" may
        # greet Robert Doe, and a name that is no known given name may be anyone's, but for
        # a block whose person has a known given name and whose lines never use that name
        # ("Dear Eluned" under "The Rt Hon Liz Kendall MP").
        greeted, given = words[0], block.person.name.split()[0]
        if not may_be_called(greeted, given):
            return True
        return (
            greeted.lower() != given.lower()
            and not is_given_name(greeted)
            and is_given_name(given)
            and greeted[:1].isupper()
            and not any(greeted.lower() in line.text.lower() for line in block.lines)
        )
    if len(words) != 2 or words[0].lower() not in _GREETING_NOISE:
        return False
    if words[1].lower() in OFFICE_AFTER_TITLE:
        return False  # "Dear Mr Speaker": an office, whoever holds it
    return words[1].lower() not in block.person.name.lower().split()


def _ends_as_greeting(block: HeaderBlock) -> bool:
    """A block of one line ending with a comma, naming an office: a greeting's place."""
    return (
        len(block.lines) == 1 and bool(block.roles) and block.lines[0].text.rstrip().endswith(",")
    )


def _names_party(block: HeaderBlock, party: Party) -> bool:
    """Whether a block holds the person or the body a heading names."""
    if party.name is not None and block.person is not None:
        return same_person(block.person.name, party.name.name)
    if party.org and block.person is not None:
        org = party.org.lower()
        return any(line.text.strip().lower() == org for line in block.lines)
    return False


def _greets(greeting: str, block: HeaderBlock) -> bool:
    words = [w for w in _GREETING_WORD.findall(greeting) if w.lower() not in _GREETING_NOISE]
    if block.person and words:
        tokens = block.person.name.lower().split()
        if any(w.lower() in tokens for w in words):
            return True
    if ROLE_SALUTATION.match(greeting.strip()):
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


def public_body(org: OrgMatch) -> bool:
    if org.name in LEGISLATURES:
        return False
    if committee_in(org.name):
        return False
    return org.known or PUBLIC_BODY_WORDS.search(org.name) is not None
