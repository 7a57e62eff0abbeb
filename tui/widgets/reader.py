"""The reader: a letter's metadata, then its text with every hit highlighted.

The text is wrapped once per width into lines that remember where in the text they start,
so a hit (or the span a field was read from) maps straight to a screen line.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from archive.corrections import Correction, format_value
from archive.extract.lexicon import acronym
from archive.models import Annotation, Letter
from tui.keys import bindings_for
from tui.text import (
    NO_EMPHASIS,
    Emphasis,
    display_line,
    markdown_emphasis,
    span_on,
    strip_controls,
    without_markers,
)
from tui.widgets.facets import DIRECTION_NAMES
from tui.words import ONE_OF_SEVERAL

#: Fields whose source the reader can show ("w"), in this order.
WHY_FIELDS = (
    "date",
    "references",
    "sender_name",
    "sender_role",
    "sender_org",
    "recipient_name",
    "recipient_org",
    "mp",
    "in_reply_to_date",
    "cc",
    "area",
    "places",
    "subject",
)


#: Columns of the header's labels ("in reply to" and two spaces), and the lines a value may
#: take before it is cut.
LABEL_WIDTH = 14
HEADER_VALUE_LINES = 2

#: The header's rows and the metadata fields each shows.
ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date",),
    "references": ("references",),
    "from": ("sender_name", "sender_role", "sender_org"),
    "to": ("recipient_name", "recipient_role", "recipient_org"),
    "MP": ("mp",),
    "area": ("area",),
    "direction": ("direction",),
    "in reply to": ("in_reply_to_date",),
    "cc": ("cc",),
    "subject": ("subject",),
}


def source_line(letter: Letter, field: str, corrections: tuple[Correction, ...] = ()) -> str:
    """What the ``w`` view says of a field: its value as read, how sure, and any correction."""
    meta = letter.metadata
    corrected = {c.field: c for c in corrections}
    value = (
        format_value(corrected[field].extracted)
        if field in corrected
        else format_value(meta.to_json().get(field))
    )
    line = f"read from the text: {field}  {value or '—'}"
    if field in meta.confidence:
        line += f"  ({meta.confidence[field]:.2f})"
    if field in corrected:
        line += f"  — corrected to {format_value(corrected[field].value) or 'none'}"
    return strip_controls(line) + "  (w: next)"


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # offset in the text of the line's first character
    text: str  # as drawn
    #: The offset in the text of each character drawn, when some were left out (Markdown's
    #: emphasis markers); None when the line is the text from ``start`` on, one for one.
    columns: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The columns of this line that show the text's ``start``-``end``, if any."""
        if self.columns is None:
            first, last = start - self.start, end - self.start
            if last <= 0 or first >= len(self.text):
                return None
            return max(0, first), min(len(self.text), last)
        if not self.columns or end <= self.columns[0] or start > self.columns[-1]:
            return None
        first, last = span_on(self.columns, start, end)
        return (first, last) if last > first else None

    @property
    def end(self) -> int:
        """The offset in the text just past the line's last character drawn."""
        return self.columns[-1] + 1 if self.columns else self.start + len(self.text)

    def styled(self, style: Style, emphasis: Emphasis) -> Text:
        """The line as drawn in ``style``, its share of the text's bold and italic applied."""
        text = Text(self.text, no_wrap=True, end="")
        text.stylize_before(style)
        for spans, look in ((emphasis.bold, "bold"), (emphasis.italic, "italic")):
            for start, stop in spans:
                if start < self.end and (shown := self.span(start, stop)) is not None:
                    text.stylize(look, *shown)
        return text


#: Pages of a PDF or scan are joined by a form feed, often mid-line: the next page starts a
#: drawn line of its own, and the break is shown (as its symbol) at the end of the last one.
PAGE_BREAK = "\f"


def _drawn_lines(text: str) -> Iterator[str]:
    """The text's lines; a line holding page breaks is cut after each (kept at the cut)."""
    for line in text.split("\n"):
        *pages, last = line.split(PAGE_BREAK)
        for page in pages:
            yield page + PAGE_BREAK
        yield last


def wrap(text: str, width: int, hidden: frozenset[int] = frozenset()) -> list[_Line]:
    """Lines of at most ``width`` cells, broken at spaces where possible, offsets kept;
    the characters at the offsets ``hidden`` are left out of what is drawn."""
    width = max(10, width)
    lines: list[_Line] = []
    offset = 0
    for raw in _drawn_lines(text):
        # Measured as drawn: a control character takes no cell in the text but one as its
        # visible symbol (the replacement is one for one, so offsets still hold).
        body = raw[:-1] if raw.endswith("\r") else raw
        if raw.endswith(PAGE_BREAK):
            raw = raw[:-1]  # the page break ends this drawn line, shown as its symbol
        columns: list[int] | None = None
        if hidden and any(offset + i in hidden for i in range(len(body))):
            body, kept = without_markers(body, frozenset(h - offset for h in hidden))
            columns = [offset + i for i in kept]
        shown = display_line(body)
        if not shown:
            lines.append(_Line(offset, ""))
        position = 0
        while position < len(shown):
            end = position
            cells = 0
            last_space = -1
            while end < len(shown):
                cells += cell_len(shown[end])
                if cells > width:
                    break
                if shown[end] == " ":
                    last_space = end
                end += 1
            if end < len(shown) and last_space > position:
                end = last_space + 1
            if columns is None:
                lines.append(_Line(offset + position, shown[position:end]))
            else:
                part = tuple(columns[position:end])
                lines.append(_Line(part[0], shown[position:end], part))
            position = end
        offset += len(raw) + 1
    return lines


class LineView(ScrollView, can_focus=True):
    """A scrolling view drawn a line at a time (the reader, compare): the line and page keys
    of ``scroll_bindings``, and blank lines past the last."""

    @property
    def line_count(self) -> int:
        raise NotImplementedError

    def draw_line(self, number: int, width: int, base: Style) -> Strip:
        """Line ``number`` (below ``line_count``), ``width`` cells wide, on ``base``."""
        raise NotImplementedError

    def scrolled_by_key(self) -> None:
        """Called after a line or page key scrolled the view."""

    def action_scroll_lines(self, step: int) -> None:
        self.scroll_to(y=self.scroll_y + step, animate=False)
        self.scrolled_by_key()

    def action_page(self, direction: int) -> None:
        # A page keeps two lines of the last in sight.
        self.scroll_to(y=self.scroll_y + direction * max(1, self.size.height - 2), animate=False)
        self.scrolled_by_key()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        number = int(self.scroll_y) + y
        base = self.rich_style
        if number >= self.line_count:
            return Strip.blank(width, base)
        return self.draw_line(number, width, base)


class LetterText(LineView):
    """A letter's text, drawn as data (never markup), with hits and a source span marked."""

    BINDINGS = bindings_for("LetterText")

    COMPONENT_CLASSES = {"letter--hit", "letter--current-hit", "letter--source"}

    # Always: a new letter starts at its first hit even when the last one was at its first.
    hit_index: reactive[int] = reactive(-1, init=False, always_update=True)

    @dataclass
    class HitChanged(Message):
        index: int
        count: int

    @dataclass
    class SourceShown(Message):
        """The field whose source span is marked (None: none)."""

        field: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.matches: list[tuple[int, int]] = []
        self.source: tuple[int, int] | None = None
        self.letter: Letter | None = None
        self.emphasis: Emphasis = NO_EMPHASIS
        self._follow_hit = False
        self._why = -1
        self._lines: list[_Line] = []
        self._starts: list[int] = []
        self._wrapped_for = -1

    def show(self, letter: Letter, text: str, matches: list[tuple[int, int]]) -> None:
        self.letter = letter
        self.text = text
        self.matches = matches
        # A transcription's Markdown emphasis is drawn as emphasis, its markers left out.
        self.emphasis = markdown_emphasis(text) if letter.format == "md" else NO_EMPHASIS
        self.source = None
        self._why = -1
        self._wrapped_for = -1
        self._rewrap()
        self.scroll_to(0, 0, animate=False)
        # Until the researcher scrolls, a new size (the header above filling in) keeps the
        # current hit in sight.
        self._follow_hit = True
        # Set anew even when it was 0 already (the same letter read again for a new query):
        # the reader scrolls to the first hit.
        self.set_reactive(LetterText.hit_index, -1)
        self.hit_index = 0 if matches else -1
        if not matches:
            self.post_message(self.HitChanged(-1, 0))
        else:
            # Again once laid out: the scroll to the top above lands after the one to the hit.
            self.call_after_refresh(self._follow)

    def _follow(self) -> None:
        if self._follow_hit and 0 <= self.hit_index < len(self.matches):
            self._scroll_to_offset(self.matches[self.hit_index][0])

    def clear(self) -> None:
        self.letter = None
        self.text = ""
        self.matches = []
        self.emphasis = NO_EMPHASIS
        self._lines = []
        self._starts = []
        self.virtual_size = Size(0, 0)
        self.refresh()

    # -- actions -------------------------------------------------------------------------------

    def action_next_hit(self) -> None:
        if self.matches:
            self.hit_index = (self.hit_index + 1) % len(self.matches)

    def action_previous_hit(self) -> None:
        if self.matches:
            self.hit_index = (self.hit_index - 1) % len(self.matches)

    def scrolled_by_key(self) -> None:
        self._follow_hit = False

    def action_top(self) -> None:
        self._follow_hit = False
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self._follow_hit = False
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_why(self) -> None:
        """Mark the span the next field was read from, and scroll to it."""
        if self.letter is None:
            return
        self._follow_hit = False
        spans = self.letter.metadata.spans
        available = [f for f in WHY_FIELDS if spans.get(f)]
        if not available:
            self.notify("No field of this letter was read from its text (e-mail headers?)")
            return
        self._why = (self._why + 1) % (len(available) + 1)
        if self._why == len(available):
            self.source = None
            self.post_message(self.SourceShown(None))
        else:
            field = available[self._why]
            self.source = spans[field][0]
            self._scroll_to_offset(self.source[0])
            self.post_message(self.SourceShown(field))
        self.refresh()

    def watch_hit_index(self, index: int) -> None:
        if 0 <= index < len(self.matches):
            self._scroll_to_offset(self.matches[index][0])
        self.refresh()
        self.post_message(self.HitChanged(index, len(self.matches)))

    # -- drawing -------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._rewrap()
        if self._follow_hit and 0 <= self.hit_index < len(self.matches):
            self._scroll_to_offset(self.matches[self.hit_index][0])

    def on_mouse_scroll_down(self) -> None:
        self._follow_hit = False

    def on_mouse_scroll_up(self) -> None:
        self._follow_hit = False

    def _rewrap(self) -> None:
        # The visible width: the vertical scrollbar's gutter is always kept (app.tcss), so a
        # line wrapped to it is never cut by the scrollbar when the letter grows long.
        width = max(10, self.scrollable_content_region.width)
        if width == self._wrapped_for:
            return
        self._wrapped_for = width
        self._lines = wrap(self.text, width, self.emphasis.hidden)
        self._starts = [line.start for line in self._lines]
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _scroll_to_offset(self, offset: int) -> None:
        line = max(0, bisect.bisect_right(self._starts, offset) - 1)
        if not self.scroll_y <= line < self.scroll_y + self.size.height - 1:
            self.scroll_to(y=max(0, line - self.size.height // 3), animate=False)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def draw_line(self, number: int, width: int, base: Style) -> Strip:
        line = self._lines[number]
        text = line.styled(base, self.emphasis)
        end = line.end
        hit_style = self.get_component_rich_style("letter--hit")
        current_style = self.get_component_rich_style("letter--current-hit")
        lo = bisect.bisect_left(self.matches, (line.start - 10_000, 0))
        for index in range(lo, len(self.matches)):
            start, stop = self.matches[index]
            if start >= end:
                break
            if (shown := line.span(start, stop)) is None:
                continue
            style = current_style if index == self.hit_index else hit_style
            text.stylize(style, *shown)
        if self.source is not None and (shown := line.span(*self.source)) is not None:
            text.stylize(self.get_component_rich_style("letter--source"), *shown)
        segments = list(text.render(self.app.console))
        return Strip(segments, cell_len(line.text)).crop_extend(0, width, base)


@dataclass(frozen=True)
class _HeaderRow:
    name: Text
    value: Text
    #: Kept to one line, cut at the edge (the exchange's rows: how a link was made first).
    one_line: bool
    #: Shorter values, the shortest last, for when the value takes more than its lines.
    shorter: tuple[Text, ...] = ()
    #: The last resort of a sender or recipient: each part on lines of its own, the name
    #: and organisation whole, the role cut to one line (whether each is whole).
    stacked: tuple[tuple[Text, bool], ...] = ()


def _parties(letter: Letter) -> dict[str, tuple[str | None, str | None, str | None]]:
    """The header's sender and recipient rows: (name, role, organisation) each."""
    meta = letter.metadata
    return {
        "from": (meta.sender_name, meta.sender_role, meta.sender_org),
        "to": (meta.recipient_name, meta.recipient_role, meta.recipient_org),
    }


def _stacked(name: str | None, role: str | None, org: str | None) -> tuple[tuple[str, bool], ...]:
    """A party as parts on lines of their own: the name and the organisation (by its
    acronym when it has one) are never cut; the role, the longest and the one the letter's
    text repeats, is cut to one line."""
    short_org = (acronym(org) or org) if org else None
    parts = [(part, kind != "role") for kind, part in (("name", name), ("role", role)) if part]
    parts += [(short_org, True)] if short_org else []
    # The separator opens the next part's line: a name that fills its line stays whole.
    return tuple(
        (("· " if number else "") + text, whole) for number, (text, whole) in enumerate(parts)
    )


def _abbreviations(letter: Letter) -> dict[str, tuple[str, ...]]:
    """Shorter values of the header's rows, the shortest last, for a narrow reader: an
    organisation by its acronym ("DHSC"), the OCR line as "OCR 91% (tesseract)", a file by
    its name."""
    shorter: dict[str, tuple[str, ...]] = {}
    for label, (name, role, org) in _parties(letter).items():
        short_org = acronym(org) if org else None
        if short_org:
            shorter[label] = (" · ".join(v for v in (name, role, short_org) if v),)
    if letter.is_ocr:
        shorter["text"] = (f"OCR {letter.ocr_confidence:.0%} ({letter.ocr_engine})",)
    # The file's name says more than the start of its folder.
    shorter["file"] = (PurePath(letter.path).name,)
    return shorter


class LetterHeader(Static):
    """The letter's metadata: each extracted field, its tags and whether it has a note."""

    links: tuple[tuple[str, str], ...] = ()
    corrections: tuple[Correction, ...] = ()
    _entries: list[_HeaderRow] = []

    def show(
        self,
        letter: Letter,
        annotation: Annotation,
        why: str | None = None,
        links: tuple[tuple[str, str], ...] = (),
        corrections: tuple[Correction, ...] = (),
    ) -> None:
        """Show the letter; a corrected field shows the extracted value beside it, and while
        ``w`` marks a field (``why``), each field shows how sure the extractor was."""
        self.links = links
        self.corrections = corrections
        corrected = {c.field: c for c in corrections}
        meta = letter.metadata
        rows: list[tuple[str, str]] = [
            ("date", meta.date.isoformat() if meta.date else "—"),
            ("references", ", ".join(meta.references) or "—"),
            (
                "from",
                " · ".join(v for v in (meta.sender_name, meta.sender_role, meta.sender_org) if v)
                or "—",
            ),
            (
                "to",
                " · ".join(
                    v for v in (meta.recipient_name, meta.recipient_role, meta.recipient_org) if v
                )
                or "—",
            ),
            ("MP", meta.mp or "—"),
            ("area", meta.area or "—"),
            ("direction", DIRECTION_NAMES[meta.direction]),
            ("in reply to", meta.in_reply_to_date.isoformat() if meta.in_reply_to_date else "—"),
        ]
        if meta.cc:
            rows.append(("cc", ", ".join(meta.cc)))
        if meta.subject or "subject" in corrected:
            rows.append(("subject", meta.subject or "—"))
        if "cc" in corrected and not meta.cc:
            rows.append(("cc", "—"))
        shown = {f for label, _ in rows for f in ROW_FIELDS.get(label, ())}
        rows += [
            (c.field, format_value(c.value) or "—") for c in corrections if c.field not in shown
        ]
        rows += links
        rows.append(("tags", " ".join(annotation.tags) or "—"))
        if annotation.note:
            first = annotation.note.strip().splitlines()[0] if annotation.note.strip() else ""
            rows.append(("note", first[:120] + (" …" if len(annotation.note) > len(first) else "")))
        rows.append(("file", letter.path))
        if letter.is_ocr:
            rows.append(("text", letter.ocr_label()))
        entries: list[_HeaderRow] = []
        shorter = _abbreviations(letter)
        parties = _parties(letter)
        label_field = {
            "date": "date",
            "references": "references",
            "from": "sender_name",
            "to": "recipient_name",
            "MP": "mp",
            "area": "area",
            "in reply to": "in_reply_to_date",
            "cc": "cc",
            "subject": "subject",
        }
        for label, value in rows:
            marked = (
                why is not None
                and label_field.get(label) == why
                or (why in ("sender_role", "sender_org") and label == "from")
                or (why == "recipient_org" and label == "to")
                or (why == "places" and label == "area")
            )
            fields = ROW_FIELDS.get(label, (label,) if label in corrected else ())
            name = Text(f"{label:>12}  ", "bold" if marked else "dim")
            text = Text(strip_controls(value), "reverse" if marked else "")
            style = "reverse" if marked else ""
            briefs = [Text(strip_controls(short), style) for short in shorter.get(label, ())]
            party = parties.get(label)
            stacked = [
                (Text(strip_controls(part), style), whole)
                for part, whole in (_stacked(*party) if party else ())
            ]
            for field in fields:
                if field in corrected:
                    extracted = format_value(corrected[field].extracted) or "nothing"
                    named = f"{field} " if len(fields) > 1 else ""
                    text.append(f"  ✎ corrected; extracted {named}{strip_controls(extracted)}")
            if why is not None:
                sure = [(f, meta.confidence[f]) for f in fields if f in meta.confidence]
                if len(sure) == 1 and len(fields) == 1:
                    text.append(f"  ({sure[0][1]:.2f})", "dim")
                elif sure:
                    text.append("  (" + ", ".join(f"{f} {c:.2f}" for f, c in sure) + ")", "dim")
            suffix = text[len(strip_controls(value)) :]
            for brief in [*briefs, *(part for part, _ in stacked[-1:])]:
                brief.append_text(suffix)
            # A link that is one of several letters gets two lines, so its date shows.
            one_line = (label, value) in links and not ONE_OF_SEVERAL.match(value)
            entries.append(_HeaderRow(name, text, one_line, tuple(briefs), tuple(stacked)))
        self._entries = entries
        self._draw()

    def clear(self) -> None:
        """No letter: nothing to show, now or when the pane is resized (which draws the
        rows kept for the new width: an emptied pane came back with the last letter's)."""
        self.links = ()
        self.corrections = ()
        self._entries = []
        self.update("")

    def on_resize(self) -> None:
        if self._entries:
            self._draw()

    def _stack(self, parts: tuple[tuple[Text, bool], ...], room: int) -> list[Text]:
        """Each part on lines of its own: wrapped whole, or cut to one line."""
        lines: list[Text] = []
        for part, whole in parts:
            if whole:
                lines += part.wrap(self.app.console, room, overflow="fold")
            else:
                cut = part.copy()
                cut.truncate(room, overflow="ellipsis")
                lines.append(cut)
        return lines

    def _draw(self) -> None:
        """The rows, each value wrapped under itself to a few lines (a long department or
        the OCR line readable in a narrow reader) and cut after those: a long sender must
        not push the tags, the note and the file out of sight. A sender or recipient that
        fits in no form is stacked: name, role cut to a line, department, the department
        never cut. The exchange's rows stay one line (how a link was made comes first)."""
        room = self.content_region.width - LABEL_WIDTH
        text = Text(no_wrap=True, overflow="ellipsis")
        for row in self._entries:
            name, value = row.name, row.value
            lines = [value]
            if room >= 8 and not row.one_line and value.cell_len > room:
                for form in (value, *row.shorter):
                    lines = list(form.wrap(self.app.console, room, overflow="fold"))
                    if len(lines) <= HEADER_VALUE_LINES:
                        break
                else:
                    if row.stacked:
                        lines = self._stack(row.stacked, room)
                if len(lines) > HEADER_VALUE_LINES and not row.stacked:
                    last = lines[HEADER_VALUE_LINES - 1]
                    last.append(" " + lines[HEADER_VALUE_LINES].plain)
                    last.truncate(room, overflow="ellipsis")
                    lines = lines[:HEADER_VALUE_LINES]
            for number, line in enumerate(lines):
                text.append_text(name if number == 0 else Text(" " * LABEL_WIDTH))
                text.append_text(line)
                text.append("\n")
        self.update(text)
