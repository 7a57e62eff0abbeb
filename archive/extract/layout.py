"""A letter's layout: its processing view (``archive.extract.processing``), lines and regions.

Every offset in a layout is an offset into the text as stored: the processing view has the
same length as the text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from archive.extract.copies import is_copy_line
from archive.extract.cover import HEADING_START, NAMED_LETTER, RECEIVED_FROM, is_heading
from archive.extract.dates import DateMatch, find_dates, is_date_line
from archive.extract.headings import may_hold_a_heading, may_name_a_letter
from archive.extract.lexicon import SUBJECT_LINE
from archive.extract.names import titled_names_in
from archive.extract.processing import processing_view
from archive.extract.quoting import INLINE_HEADER, quoted_message_at
from archive.extract.references import is_reference_line
from archive.extract.scan import digit_positions, matches_at

CLOSINGS = re.compile(
    r"^(?:yours\s+(?:sincerely|faithfully|truly|ever|aye|respectfully)|yours|"
    r"(?:with\s+)?(?:very\s+)?(?:best|kind|kindest|warm|warmest|all\s+good)\s+"
    r"(?:wishes|regards)(?:\s+to\s+you)?|regards|many\s+thanks|thanks\s+again|sincerely|"
    # In Welsh: "Yn gywir", "Yr eiddoch yn gywir", "Cofion (gorau)".
    r"with\s+thanks|best|(?:yr\s+eiddoch\s+)?yn\s+gywir|cofion(?:\s+gorau)?)[\s,.!]*$",
    re.IGNORECASE,
)
SALUTATION = re.compile(
    # Or the House's own form of address, alone on its line: "Mr Speaker—", "Madam Speaker,".
    r"^[‘'\"“]?(?:(?:dear|hello|hi|annwyl)\s+|(?=(?:mr|madam)\s+(?:deputy\s+)?speaker\s*[,—–]\s*$))"
    r"(?P<name>\S.{0,80}?)\s*[,:.;—–]?\s*$",
    re.IGNORECASE,
)


class Line(NamedTuple):
    """One line of the processing view (a named tuple: a letter has many lines, and a
    tuple is made several times faster than a frozen dataclass)."""

    number: int
    start: int  # offset of the first non-blank character
    end: int  # offset just after the last non-blank character
    text: str  # the processed, stripped line


class BlockKind(StrEnum):
    """What a block of a letter is."""

    COVER_HEADING = "cover heading"  # "Letter from A to B, dated D", a publication's heading
    COVER_NOTE = "cover note"  # a page's or a sender's note above the letter
    LETTERHEAD = "letterhead"
    ADDRESSEE = "addressee"
    DATE = "date"
    REFERENCES = "references"
    SALUTATION = "salutation"
    SUBJECT = "subject"
    BODY = "body"
    VALEDICTION = "valediction"
    SIGNATURE = "signature"
    COPIES = "copies"
    ENCLOSURE = "enclosure"


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive lines of one kind."""

    kind: BlockKind
    lines: tuple[Line, ...]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


@dataclass(frozen=True, slots=True)
class LetterLayout:
    """A letter's text laid out: its lines and labelled blocks, one path for letters laid out
    well and for PDF text whose layout was flattened (``unflatten`` breaks lines at cue
    phrases first). Every offset is an offset into the text as stored.

    The later stages (the cover, the parties, the direction, the mentions) read this, not
    raw lines.
    """

    text: str
    #: The processing view: same length as ``text``, markup and layout noise blanked.
    view: str
    lines: tuple[Line, ...]
    #: Lines above the letter that name it, and notes before them.
    cover: tuple[Line, ...]
    #: The cover's headings, a heading broken over lines as one span.
    heading_spans: tuple[tuple[int, int], ...]
    #: Non-blank lines of the letter itself (no notes, no cover).
    content: tuple[Line, ...]
    header: tuple[Line, ...]
    salutation: Line | None
    body: tuple[Line, ...]
    closing: Line | None
    signature: tuple[Line, ...]
    #: Line number where the signature block starts (after the sign-off, else the foot).
    signature_start: int
    body_start: int
    letter_end: int
    address_spans: tuple[tuple[int, int], ...]
    body_names: tuple[tuple[str, int, int, bool], ...]

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Every line of the letter in labelled blocks, worked out when asked: the extraction
        stages read the regions above, so a letter pays for the labels only when shown."""
        return tuple(_blocks(self))

    def of(self, kind: BlockKind) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.kind is kind)


def analyse(text: str) -> LetterLayout:
    """Lay a letter out: lines, cover, header blocks, salutation, body, sign-off, signature."""
    found = _Analysis(text)
    return LetterLayout(
        text=text,
        view=found.view,
        lines=tuple(found.lines),
        cover=tuple(found.cover),
        heading_spans=tuple(found.heading_spans),
        content=tuple(found.content),
        header=tuple(found.header),
        salutation=found.salutation,
        body=tuple(found.body),
        closing=found.closing,
        signature=tuple(found.signature),
        signature_start=found.signature_start,
        body_start=found.body_start,
        letter_end=found.letter_end,
        address_spans=tuple(found.address_spans),
        body_names=tuple(found.body_names),
    )


_ENCLOSURE_LINE = re.compile(r"^(?:enc(?:l|losures?)?\b|annex\b|appendix\b)", re.IGNORECASE)


def _blocks(found: LetterLayout) -> list[Block]:
    """Label every line of the letter with its block's kind, from features: position, gaps,
    cue phrases, dates, reference labels; lines no other kind claims are body."""
    kinds: dict[int, BlockKind] = {}
    breaks: set[int] = set()  # line numbers that start a new block whatever precedes them
    for line in found.cover:
        in_heading = any(a <= line.start <= b for a, b in found.heading_spans)
        kinds[line.number] = BlockKind.COVER_HEADING if in_heading else BlockKind.COVER_NOTE
        if any(line.start == a for a, _b in found.heading_spans):
            breaks.add(line.number)
    groups: list[list[Line]] = []
    previous: Line | None = None
    closed = False  # the last address line seen ended with its postcode
    for line in found.header:
        contact = is_contact_line(line.text)
        if previous is None or line.number - previous.number > 1 or (closed and not contact):
            groups.append([])
            closed = False
        groups[-1].append(line)
        previous = line
        closed = ends_address(line.text) or (closed and contact)
    addresses = [
        g
        for g in groups
        if not all(is_date_line(ln.text) or is_reference_line(ln.text) for ln in g)
    ]
    for group in groups:
        for line in group:
            if is_date_line(line.text):
                kind = BlockKind.DATE
            elif is_reference_line(line.text):
                kind = BlockKind.REFERENCES
            elif SUBJECT_LINE.match(line.text):
                kind = BlockKind.SUBJECT
            elif len(addresses) > 1 and group is addresses[-1]:
                kind = BlockKind.ADDRESSEE
            else:
                kind = BlockKind.LETTERHEAD
            kinds[line.number] = kind
    for marked, kind in (
        (found.salutation, BlockKind.SALUTATION),
        (found.closing, BlockKind.VALEDICTION),
    ):
        if marked is not None:
            kinds[marked.number] = kind
            breaks.add(marked.number)
    signature = {line.number for line in found.signature}
    after_body = found.closing.number if found.closing else found.signature_start - 1
    runs: list[tuple[BlockKind, list[Line]]] = []
    for line in (*found.cover, *found.content):  # every line but blanks and notes
        found_kind = kinds.get(line.number)
        if found_kind is None and line.number > after_body:
            found_kind = _tail_kind(line, line.number in signature, runs[-1][0] if runs else None)
        labelled = found_kind or BlockKind.BODY
        if runs and runs[-1][0] is labelled and line.number not in breaks:
            runs[-1][1].append(line)
        else:
            runs.append((labelled, [line]))
    return [Block(kind, tuple(lines)) for kind, lines in runs]


def _tail_kind(line: Line, signed: bool, previous: BlockKind | None) -> BlockKind | None:
    """What a line after the sign-off is: copies, enclosures or the signature."""
    if is_copy_line(line.text):
        return BlockKind.COPIES
    if _ENCLOSURE_LINE.match(line.text):
        return BlockKind.ENCLOSURE
    if signed:
        return BlockKind.SIGNATURE
    if previous in (BlockKind.COPIES, BlockKind.ENCLOSURE):
        return previous
    return None


_POSTCODE_AT_END = re.compile(r"\b[A-Z]{1,2}[\dI][A-Z\d]?\s?[\dO][A-Z]{2}\s*$")


_CONTACT_LINE = re.compile(
    r"(?i)^(?:www\.|https?://|\S+@\S+\.\w|(?:tel|telephone|fax|e-?mail|web)\b|\+?\d[\d ()-]{7,}$)"
)


def is_contact_line(text: str) -> bool:
    """A web address, e-mail address or telephone line: part of the block above it."""
    return _CONTACT_LINE.match(text) is not None


def ends_address(text: str) -> bool:
    """A line that ends a postal address (its postcode): the next line starts another block."""
    return _POSTCODE_AT_END.search(text) is not None


class _Analysis:
    """Works out, once and in order, where a letter's cover, header, body and signature are;
    ``analyse`` freezes the result into a ``LetterLayout``. Each step reads the ones before."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.view = _without_cover_note(processing_view(text))
        self.lines, self.all_content = _split_lines(self.view)
        self._wrapped: frozenset[int] | None = None
        self.cover = self._find_cover()
        self.heading_spans = self._find_heading_spans()
        #: Non-blank lines of the letter itself: no transcription notes, no cover headings.
        self.content = self.all_content[len(self.cover) :]
        #: The letter's own lines: an e-mail's earlier messages quoted under a reply's text
        #: are not where its greeting, sign-off and signature are.
        self.quoted_from = len(self.lines)  # line number of the first quoted message
        self.own = self._without_quoted_messages()
        self.salutation = self._find_salutation()
        self.header_end = self._find_header_end()
        self.header = [line for line in self.content if line.number < self.header_end]
        self.closing = self._find_closing()
        self.signature_start = self._find_signature_start()
        self.signature = self._find_signature()
        self.body = self._find_body()
        self.letter_end = self._find_letter_end()
        self.address_spans = self._find_address_spans()
        self.body_start = self._find_body_start()
        #: People named in the letter's body: (name, start, end, carried a title).
        self.body_names = titled_names_in(self.view, self.body_start, self.letter_end)

    def _find_cover(self) -> list[Line]:
        """Lines above the letter that name it ("Letter from A to B, dated D"), with any note
        or publication heading before the last of them: a published page's or a cover
        sheet's words, not the letter's."""
        top = self.all_content[:10]
        opening = 0  # the lines before the salutation (or an e-mail's header) in ``top``
        labelled = False  # the letter opens with "To:" / "From:" lines, as a memo does
        for line in top:
            labelled = INLINE_HEADER.match(line.text) is not None
            if line.start > 4000 or _salutation_line(line.text) or labelled:
                break
            opening += 1
        if not may_hold_a_heading(self.view, top[:opening]):
            return []
        last = -1
        named = [i for i, line in enumerate(top) if NAMED_LETTER.match(line.text)]
        greeted = opening < len(top)  # a greeting (or an e-mail's header) ends the top lines
        for index, line in enumerate(top[:opening]):
            starts = HEADING_START.match(line.text) and line.text.isupper()
            if (
                is_heading(line.text)
                or starts
                or (greeted and "receiv" in line.text and RECEIVED_FROM.match(line.text))
                or self._continues_heading(top, index, last)
                or self._heading_wrapped_after(top, index)
            ):
                last = index
            elif labelled and (last >= 0 or index < 3) and is_prose(line.text):  # a page's lead
                last = index
            elif last >= 0 and is_prose(line.text) and not any(i > index for i in named):
                break  # the letter has begun
        return top[: last + 1]

    def _heading_wrapped_after(self, top: list[Line], index: int) -> bool:
        """A news lead broken at the page's width after an unfinished word ("X, Minister
        at Y, has written to" / "Jo Doe MP concerning ..."): a heading with its next line."""
        line = top[index]
        if index + 1 >= len(top) or top[index + 1].number != line.number + 1:
            return False
        # A cheap look at the line's last word first: most lines end a sentence.
        last = line.text.rstrip()[-12:].rpartition(" ")[2].lower().rstrip(".")
        if last not in _UNFINISHED_WORDS and not last.endswith(","):
            return False
        if _ENDS_UNFINISHED.search(line.text[-40:]) is None:
            return False
        joined = f"{line.text} {top[index + 1].text}"
        return may_name_a_letter(joined) and is_heading(joined)

    def _continues_heading(self, top: list[Line], index: int, last: int) -> bool:
        """A heading in capitals broken over short lines ("LETTER FROM / THE FOREIGN / ...")."""
        if last < 0 or last != index - 1:
            return False
        text = top[index].text
        previous = top[last].text
        if (
            top[index].number <= top[last].number + 2
            and text[:5].lower() == "from "
            and len(text) < 120
            and " from " not in previous.lower()
            and NAMED_LETTER.match(previous) is not None
        ):
            return True  # "Letter to the Clerk of the Committee" / "" / "from Mr Jo Doe MP"
        wrapped = (
            top[index].number == top[last].number + 1
            and len(text) < 120
            and not SALUTATION.match(text)
        )
        if wrapped and (
            text[:1].islower()
            or _ENDS_UNFINISHED.search(previous[-40:])
            or _MP_THEN_ROLE.match(text)
            or (text.startswith(("Committee", "Select Committee")) and previous[-1:].isalpha())
            or (_REST_THEN_TO.match(text) and _names_writer_not_yet_addressee(top[: last + 1]))
        ):
            # A heading wrapped at the page's width ("Letter to X from / the Y", "Letter from
            # Rt Hon Jo Doe / MP, Secretary of State for X").
            return True
        if (
            wrapped
            and len(previous) >= 60
            and previous[-1:].isalpha()
            and text[:1].isupper()
            and len(text.split()) == 1
            and text.isalpha()
        ):
            # A heading wrapped at the page's width just before its last word ("..., Minister
            # for Europe, Foreign and Commonwealth" / "Office").
            return True
        ended = self._date_at_end(top[last]) if wrapped else None
        if ended is not None and ended.date is None:
            return True  # ... inside its date ("..., 25 February" / "2009")
        date = self._date_at_end(top[index]) if wrapped and ended is None else None
        if date is not None and date.date is not None and NAMED_LETTER.match(previous):
            return True  # "Letter from the Chairman to Rt Hon Jo" / "Doe, ..., dated 10 July 2003"
        letters = [c for c in text if c.isalpha()]
        if not letters or len(text) > 70 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
            return False
        first = top[last].text
        # A line in capitals after a blank goes on a heading in capitals, not one in mixed
        # case ("Letter from Jo Doe MP" / "" / "ENGAGING VOTERS": the letter's subject).
        return bool(first.isupper() or (wrapped and HEADING_START.match(first)))

    def _date_at_end(self, line: Line) -> DateMatch | None:
        """The date ``line`` ends with (nothing but a colon after it), if any."""
        found = list(find_dates(self.view, line.start, line.end))
        if not found or self.view[found[-1].end : line.end].strip(" :"):
            return None
        return found[-1]

    def _find_heading_spans(self) -> list[tuple[int, int]]:
        """The cover's headings, a heading broken over lines as one span."""
        spans: list[tuple[int, int]] = []
        for index, line in enumerate(self.cover):
            joined = index > 0 and self._continues_heading(self.cover, index, index - 1)
            if joined and spans:
                spans[-1] = (spans[-1][0], line.end)
            elif (
                is_heading(line.text)
                # A cover's intro by the letter's reader (kept in the cover only above a
                # greeting): "I received an update from X's Managing Director, Jo Doe."
                or ("receiv" in line.text and RECEIVED_FROM.match(line.text) is not None)
                or (
                    index + 1 < len(self.cover)
                    and self._continues_heading(self.cover, index + 1, index)
                )
            ):
                spans.append((line.start, line.end))
        return spans

    def _without_quoted_messages(self) -> list[Line]:
        """The content up to an earlier message quoted under a reply (see ``quoting``)."""
        at = quoted_message_at(self.view, self.content, self.prose)
        if at is None:
            return self.content
        self.quoted_from = self.content[at].number
        return self.content[:at]

    def _find_salutation(self) -> Line | None:
        for line in self.own:
            if _salutation_line(line.text) and len(line.text) <= 90:
                return line
            if line.start > 20_000:
                break
        return None

    def _find_header_end(self) -> int:
        """Line number where the header ends: the salutation, else the first prose line."""
        if self.salutation is not None:
            return self.salutation.number
        for line in self.content:
            if self.prose(line):
                return line.number
        return len(self.lines)

    @property
    def wrapped(self) -> frozenset[int]:
        """Lines of paragraphs wrapped at a page's width: a line that runs on into the next,
        which starts in lower case ("I am replying / on behalf of the Prime Minister").
        Worked out when a step first asks whether a line is prose."""
        if self._wrapped is None:
            found: set[int] = set()
            content = self.all_content
            for line, following in zip(content, content[1:], strict=False):
                if following.number != line.number + 1 or not _runs_on(following.text):
                    continue
                if len(line.text.split()) >= 4 and not line.text.endswith((":", ";")):
                    found.update((line.number, following.number))
            self._wrapped = frozenset(found)
        return self._wrapped

    def prose(self, line: Line) -> bool:
        """Running text: a long or sentence-like line, part of a wrapped paragraph, or the
        opening of a letter's first sentence ("Thank you for your letter of 10 July about
        Dr", broken at a page's width before a capital)."""
        return (
            is_prose(line.text)
            or line.number in self.wrapped
            or _OPENS_A_LETTER.match(line.text) is not None
        )

    def _find_closing(self) -> Line | None:
        """The first sign-off ("Yours sincerely") after the salutation."""
        for line in self.own:
            if line.number > self.header_end and _closing_line(line.text):
                return line
        return None

    def _find_body(self) -> list[Line]:
        stop = self.closing.number if self.closing else self.signature_start
        return [line for line in self.content if self.header_end < line.number < stop] or [
            line for line in self.content if line.number > self.header_end
        ]

    def _find_signature_start(self) -> int:
        """First line of the signature block: after the closing, else the trailing short lines."""
        if self.closing is not None:
            return self.closing.number + 1
        tail: list[Line] = []
        own = self.own
        for index in range(len(own) - 1, -1, -1):
            line = own[index]
            if line.number <= self.header_end or self.prose(line) or _sentence_like(line.text):
                break
            if index and _goes_on_from(own[index - 1], line):
                # A page cut off inside a paragraph wrapped at its width ("..., Robert Walter
                # MP, Alistair" / "Doherty (Clerk to the Committee), ..."): no signature.
                return (
                    tail[-1].number
                    if tail and tail[-1].number > line.number + 1
                    else (len(self.lines))
                )
            tail.append(line)
        return tail[-1].number if tail else len(self.lines)

    def _find_signature(self) -> list[Line]:
        """The lines of the signature block (all lines, notes included), up to the next prose."""
        block: list[Line] = []  # its non-blank lines
        lines = self.lines[self.signature_start : self.quoted_from]
        for index, line in enumerate(lines):
            if not line.text:
                continue
            if self.prose(line) and not is_note(line.text):
                break
            if index > 0 and _starts_enclosure(line.text):
                break  # an enclosure after the signature, or after a blank line below the sign-off
            block.append(line)
            if len(block) >= 14:
                break
        return block

    def _find_letter_end(self) -> int:
        """Offset where the letter proper ends: a quoted message or an enclosure after it."""
        after = self.closing.number if self.closing else self.header_end
        for line in self.lines[after + 1 :]:
            if _quote_marker_line(line.text):
                return line.start
        return len(self.view)

    def _find_address_spans(self) -> list[tuple[int, int]]:
        """Postal address lines anywhere in the letter (a postcode line and the lines above it)."""
        spans: list[tuple[int, int]] = []
        content = self.content
        digits = digit_positions(self.view)  # a postcode holds digits: only their lines are tried
        for index, line in enumerate(content):
            if len(line.text) >= 90:
                continue
            first_digit = bisect.bisect_left(digits, line.start)
            if first_digit == len(digits) or digits[first_digit] >= line.end:
                continue
            if _POSTCODE.search(line.text):
                block = [line]
                for previous in reversed(content[max(0, index - 4) : index]):
                    if previous.number < block[-1].number - 1 or is_prose(previous.text):
                        break
                    block.append(previous)
                spans.extend((b.start, b.end) for b in block)
        return spans

    def _find_body_start(self) -> int:
        """Offset where the letter's body starts (after the salutation)."""
        if self.salutation is not None:
            return self.salutation.end
        header = self.header
        return header[-1].end if header else 0


def _goes_on_from(previous: Line, line: Line) -> bool:
    """Whether ``line`` carries on a paragraph wrapped at the page's width: both are long,
    adjacent, and the line before stops mid-sentence (on a word, a comma or a bracket)."""
    return (
        line.number == previous.number + 1
        and len(line.text) >= 40
        and len(previous.text) >= 55
        and (previous.text[-1:].isalpha() or previous.text[-1:] in ",(")
    )


def _split_lines(view: str) -> tuple[list[Line], list[Line]]:
    """Every line of ``view`` (stripped, with its offsets), and the non-blank lines that are
    not transcription notes, cover headings included."""
    lines: list[Line] = []
    content: list[Line] = []
    offset = 0
    for number, raw in enumerate(view.split("\n")):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        line = Line(number, offset + lead, offset + lead + len(stripped), stripped)
        lines.append(line)
        if stripped and not is_note(stripped):
            content.append(line)
        offset += len(raw) + 1
    return lines, content


#: The first characters of a salutation, a sign-off and a quoted message's marker (as
#: re.IGNORECASE matches them: "ſ" is an "s", the Kelvin sign a "k"): other lines are not tried.
_SALUTATION_FIRST = frozenset("‘'\"“dDhHmMaA")
_CLOSING_FIRST = frozenset("ywvbkarmtscYWVBKARMTSCſ\u212a")
_QUOTE_FIRST = frozenset("-bfoseaBFOSEAſ")


def _salutation_line(text: str) -> bool:
    """``SALUTATION.match(text)``, tried only on a line that starts as a salutation can."""
    return text[:1] in _SALUTATION_FIRST and SALUTATION.match(text) is not None


def _closing_line(text: str) -> bool:
    """``CLOSINGS.match(text)``, tried only on a line that starts as a sign-off can."""
    return text[:1] in _CLOSING_FIRST and CLOSINGS.match(text) is not None


def _quote_marker_line(text: str) -> bool:
    """``_QUOTE_MARKER.match(text)``, tried only on a line that starts as its markers do."""
    return text[:1] in _QUOTE_FIRST and _QUOTE_MARKER.match(text) is not None


def _runs_on(text: str) -> bool:
    """``_RUNS_ON.match(text)``: tried only on a line that starts in lower case."""
    return "a" <= text[:1] <= "z" and _RUNS_ON.match(text) is not None


#: A line that carries on a sentence: it starts with a word in lower case (not "cc", a
#: web or e-mail address).
_RUNS_ON = re.compile(r"^(?!cc?\b|www\b)[a-z][a-z'’\-]*(?=[\s,;.]|$)(?![^\s]*@)")
#: How a letter's first sentence starts when no salutation comes before it.
_OPENS_A_LETTER = re.compile(
    r"(?:Thank\s+you\s+(?:very\s+much\s+)?for\s+(?:your|the)|Many\s+thanks\s+for|"
    r"I\s+am\s+(?:writing|replying)|I\s+write\s+(?:to|in|about|regarding)|"
    r"Further\s+to\s+(?:your|our|my)|I\s+refer\s+to)\s+\S"
)
#: A heading line that cannot end there: on a word that needs more ("from", "of"), a comma,
#: a title that needs its name ("... to Lord" / "Birt"), or a day with its month to come
#: ("..., dated 11" / "July 2003").
_MP_THEN_ROLE = re.compile(r"M\.?P\.?,\s+[A-Z]")
#: "Letter from the Clerk, Public Administration" / "Committee, to all Departments", "...
#: Northern Ireland" / "(ACPO) to the Chairman": a heading naming its writer, broken before
#: the rest of the name and its addressee.
_FROM = re.compile(
    r"(?i)\b(?:letter|correspondence|memorandum|evidence)\s+(?:submitted\s+)?(?:from|by)\s"
)
_REST_THEN_TO = re.compile(
    r"^(?:\([A-Z]{2,8}\)|(?:[A-Z][\w'’\-]*\s+){0,3}[A-Z][\w'’\-]*,?)\s+to\s+\S"
)


def _names_writer_not_yet_addressee(lines: list[Line]) -> bool:
    """Whether the heading so far names its writer ("Letter from X") and not yet whom to."""
    text = " ".join(line.text for line in lines)
    writers = [match.end() for match in _FROM.finditer(text)]
    return bool(writers) and re.search(r"\bto\b", text[writers[-1] :]) is None


#: The words a heading's line may break after, unfinished ("Letter from the Lord" / ...).
_UNFINISHED_WORDS = frozenset(
    "from to of the and for by between lord lady baroness sir dame mr mrs ms miss dr prof "
    # an office's first word, never its last ("... from the Deputy / Parliamentary ...")
    "professor hon deputy acting assistant interim chief vice".split()
)
#: A line ending unfinished: one of those words, a comma, or a day before its month.
#: Anchored at the line's end, so searched in its last 40 characters only (a search of the
#: whole line tries it at every word).
_ENDS_UNFINISHED = re.compile(
    rf"(?i)\b(?:{'|'.join(sorted(_UNFINISHED_WORDS))})\.?\s*$|,\s*$|"
    r"\bdated\s+\d{1,2}(?:st|nd|rd|th)?\s*$"
)
_QUOTE_MARKER = re.compile(
    r"^(?:-{2,}\s*(?:original\s+message|forwarded\s+message|enclosure|attachment)|"
    r"(?:begin\s+)?forwarded\s+message|on\s+.{5,80}\s+wrote:$|from:\s+\S|sent:\s+\S|"
    r"-{3,}\s*\w*\s*-{3,}$|enclosures?\s*:?$|enc(?:l)?\.?\s*$|annex\s+[a-z0-9]?\b)",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]?\d[A-Z\d]?\s*\d[A-Z]{2}\b")

_SEPARATOR = re.compile(
    r"^[ \t]*(?:[-_=*~]{5,}|-{2,}\s*(?:original|forwarded)\s+message\s*-*)[ \t]*$", re.I | re.M
)
_COVER_WORDS = re.compile(
    r"\b(?:below|attached|enclosed|following|forward(?:ing|ed)?|on\s+behalf\s+of)\b", re.I
)


_GREETING_LINE = re.compile(r"(?im)^[ \t]*(?:dear|hello|hi|annwyl)\s+\S.{0,80}$")
#: Where a greeting line can start after a line break: its blanks, then "d" or "h".
_GREETING_AFTER_BREAK = re.compile(r"\n[ \t]*[DdHh]")


def _greeting_lines(view: str) -> list[re.Match[str]]:
    """The first two of ``_GREETING_LINE.finditer(view[:20000])``, tried only at the text's
    start and at line breaks before a "d" or "h" (a multi-line "^" is tried everywhere)."""
    end = min(len(view), 20_000)
    starts = [0, *(m.start() + 1 for m in _GREETING_AFTER_BREAK.finditer(view, 0, end))]
    return list(itertools.islice(matches_at(_GREETING_LINE, view, starts, 0, end), 2))


def _without_cover_note(view: str) -> str:
    """Blank a short covering note sent ahead of the letter itself ("Please find below...").

    E-mails often carry a letter under a note from a caseworker or private office; the
    letter's own writer, date and addressee are those of the letter, not of the note.
    """
    greetings = _greeting_lines(view)
    if len(greetings) < 2:
        return view
    first, second = greetings[0], greetings[1]
    note = view[first.end() : second.start()]
    closing = next(
        (
            m
            for m in re.finditer(r"(?m)^[ \t]*(.+?)[ \t]*$", note)
            if CLOSINGS.match(m.group(1).strip())
        ),
        None,
    )
    if closing is None:
        return view
    words = len(note[: closing.start()].split())
    if words > 90 or not _COVER_WORDS.search(note[: closing.start()]):
        return view
    # The note ends at a separator line, else at the first blank line after its sign-off.
    rest_start = first.end() + closing.end()
    separator = _SEPARATOR.search(view, rest_start, second.start())
    if separator is not None:
        cut = separator.end()
    else:
        blank = re.compile(r"\n[ \t]*\n").search(view, rest_start, second.start())
        if blank is None:
            return view
        cut = blank.start()
    return re.sub(r"[^\n]", " ", view[:cut]) + view[cut:]


_NOTE = re.compile(
    r"^[\[(]?\s*(?:a\s+|an\s+)?(?:handwritten|hand-written|illegible|manuscript|"
    r"signature|signed|crest|logo|image|stamp|watermark|seal|emblem|coat\s+of\s+arms|"
    r"royal\s+coat|portcullis|redacted|page\s+\d+|scanned|photo)",
    re.IGNORECASE,
)


#: The words a note opens with after its bracket and blanks ("a", "an" among the "a" words).
_NOTE_WORDS = (
    "a",
    "handwritten",
    "hand-written",
    "illegible",
    "manuscript",
    "signature",
    "signed",
    "crest",
    "logo",
    "image",
    "stamp",
    "watermark",
    "seal",
    "emblem",
    "coat",
    "royal",
    "portcullis",
    "redacted",
    "page",
    "scanned",
    "photo",
)
#: The characters a note can start with (as ``_NOTE`` matches them, without regard to case).
_NOTE_FIRST = frozenset("[(ahcelimprswAHCELIMPRSW\u0130\u0131\u017f")


def is_note(text: str) -> bool:
    """A transcriber's description rather than the letter's own words."""
    first = text[:1]
    if first and first not in _NOTE_FIRST and not first.isspace():
        return False
    if first.isalpha():  # then it opens with "a", "an" or a note's word (in any case)
        opening = text[:12]
        if opening.isascii() and not opening.lower().startswith(_NOTE_WORDS):
            return False
    return _is_note_by_patterns(text)


def _is_note_by_patterns(text: str) -> bool:
    """``is_note`` as the patterns alone say it, tried on every line."""
    if len(text) > 2 and text[0] == "[" and text[-1] == "]" and "]" not in text[1:-1]:
        return True
    if text.startswith("(") and text.endswith(")") and _NOTE.match(text):
        return True
    return bool(_NOTE.match(text)) and (
        re.search(
            r"signature|appearing to read|reads?\b|ink|logo|crest|stamp|arms|portcullis",
            text,
            re.IGNORECASE,
        )
        is not None
        and not re.match(r"^signed\s*:?\s*\S", text, re.IGNORECASE)
    )


def is_prose(text: str) -> bool:
    """A line that reads as running text rather than a heading, address or name."""
    if len(text) >= 110:
        return True
    words = text.split()
    return (
        len(words) >= 9
        and text.rstrip()[-1:] in ".?!:;"
        or (len(words) >= 12 and sum(w[:1].islower() for w in words) >= len(words) // 2)
    )


def _sentence_like(text: str) -> bool:
    """A short line of running text broken at a page's width: mostly words in lower case,
    ended as a sentence ("John Doe, who has agreed to give evidence.") or long enough ("You
    may like to know that we have also invited"); a name, role or address line is neither."""
    words = text.split()
    lower = sum(w[:1].islower() for w in words)
    return (len(words) >= 5 and text.rstrip()[-1:] in ".?!" and 2 * lower >= len(words)) or (
        len(words) >= 8 and 5 * lower >= 3 * len(words)
    )


def _starts_enclosure(text: str) -> bool:
    """An enclosure or copy line: what ends a signature block."""
    return _ENCLOSURE_LINE.match(text) is not None or is_copy_line(text)
