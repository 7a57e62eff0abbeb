"""Read a letter's metadata: the stages in order (layout, cover, date, parties, mentions)."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from archive.extract.blocks import (
    POSTCODE_IN,
    PartyBlocks,
    Signature,
    read_header_blocks,
    read_signature,
    sort_blocks,
)
from archive.extract.copies import is_copy_line
from archive.extract.cover import Cover, is_heading, read_cover
from archive.extract.dates import DateMatch, iter_full_dates
from archive.extract.direction import read_direction
from archive.extract.found import Found
from archive.extract.layout import LetterLayout, analyse, is_prose
from archive.extract.mentions import (
    read_cc,
    read_contacts,
    read_people,
    read_places,
    read_reply_date,
    read_subject,
)
from archive.extract.parties import read_recipient, read_sender, signed_as_mp
from archive.extract.references import find_references, has_label
from archive.extract.sides import read_parties
from archive.models import Metadata
from archive.refs import normalise_reference

_DATE_LABEL = re.compile(r"^(?:date[d]?|sent|written|on)?\s*[:.\-]?\s*$", re.IGNORECASE)


_NOT_LETTER_DATE = re.compile(
    r"received|stamp|scanned|printed|deadline|due|expires?|deliver|meeting|hearing|"
    r"appointment|born|dob|birth|until|by\b|before|after|since|from\b|"
    # A web page's own dates ("Published 19 February 2020", "Last updated ..."): when the
    # page went up, not when the letter was written.
    r"published|updated|posted",
    re.IGNORECASE,
)


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
    found = Found()
    warnings: list[str] = []
    if len(text) > len(view):
        warnings.append(f"only the first {len(view):,} characters were analysed")

    references = find_references(view)
    reference_values = [r.value for r in references]
    keys = {normalise_reference(v) for v in reference_values}
    # A reference quoted only in an e-mail's subject line belongs to the letter too.
    for extra in find_references(headers.get("subject", "")):
        if normalise_reference(extra.value) not in keys:
            reference_values.append(extra.value)
    found.set("references", tuple(reference_values), *((r.start, r.end) for r in references))

    cover = read_cover(view, layout.heading_spans)
    if cover.sender is not None and cover.recipient is not None and layout.heading_spans:
        # "Sir George wrote to the Home Secretary ... This is the reply that he got:": the
        # page's lead names the letter answered; the letter below is the reply to it.
        above = view[: layout.header[0].end if layout.header else layout.body_start]
        if "repl" in above and _REPLY_BELOW.search(above):
            cover = replace(cover, sender=cover.recipient, recipient=cover.sender)
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

    signature = read_signature(layout)
    blocks = read_header_blocks(layout)
    if layout.closing is None and any(POSTCODE_IN.search(ln.text) for ln in signature.lines):
        # No sign-off, and an address at the foot: the addressee's block, as ministers' and
        # peers' letters set it ("Mark Harper MP, Home Office, 2 Marsham Street ...").
        foot = [ln for ln in signature.lines if not is_copy_line(ln.text)]
        blocks += read_header_blocks(layout, foot)
        signature = Signature()
    sender_blocks, recipient_block = sort_blocks(
        blocks, signature, salutation, headers, cover.recipient
    )

    read_sender(found, signature, sender_blocks, headers, layout, letter_date, cover)
    read_recipient(found, recipient_block, salutation, headers, cover)
    parties = read_parties(found, signature, sender_blocks, recipient_block, layout, headers, cover)
    direction, mp, mp_span, direction_sure = read_direction(found, parties)
    found.set("direction", direction, sure=direction_sure)
    found.set("mp", mp, mp_span, sure=direction_sure)
    if (
        parties.sender == "mp"
        and not found.has("sender_role")
        and signed_as_mp(signature, sender_blocks, cover)
    ):
        found.set("sender_role", "MP", sure=0.6)  # "Jo Doe MP": an MP writing as an MP

    read_reply_date(found, layout, letter_date, warnings)
    read_cc(found, layout)
    read_places(found, layout, PartyBlocks(signature, sender_blocks, recipient_block), known_places)
    read_subject(found, layout, headers)
    read_contacts(found, layout)
    read_people(found, layout)

    return found.metadata(tuple(warnings))


_REPLY_BELOW = re.compile(
    # "Here's Gove's remarkably complacent and dismissive reply".
    r"(?i)\b(?:this|here|below)(?:\s+is|['’]s)\s+(?:the|his|her|their|\w+['’]s)\s+"
    r"(?:[\w\-]+\s+){0,4}?(?:reply|response)\b|"
    r"\bgets\s+(?:a\s+)?reply\b"
)
_INLINE_HEADER = re.compile(r"^(from|to|cc|date|sent|subject)\s*:\s*(.*)$", re.IGNORECASE)


def _inline_headers(layout: LetterLayout) -> dict[str, str]:
    """E-mail style "From:", "To:", "Cc:", "Date:", "Subject:" lines at the top of a letter."""
    found: dict[str, str] = {}
    lines = layout.header[:12]
    for index, line in enumerate(lines):
        match = _INLINE_HEADER.match(line.text)
        if match is None:
            continue
        value = match.group(2).strip()
        if not value and index + 1 < len(lines) and not _INLINE_HEADER.match(lines[index + 1].text):
            # "To:" with its address on the next line, as a web page's copy of an e-mail sets
            # it; the next line is a value, not another header.
            value = lines[index + 1].text.strip()
        if value:
            key = "date" if match.group(1).lower() == "sent" else match.group(1).lower()
            found.setdefault(key, value)
    return found if len(found) >= 2 else {}


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
            elif plain is None and (len(rest) <= 30 or has_label(rest)):
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
            if (_DATE_LABEL.match(rest) or len(rest) <= 12) and not _NOT_LETTER_DATE.search(rest):
                return match, 0.8
    if bare is not None:
        return bare, 0.6
    # A flattened letter: its date sits inside the first long line, after the letterhead.
    for line in layout.content[:3]:
        if len(line.text) < 120:  # a letterhead run into one line is long
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
