"""Two letters side by side: aligned paragraphs in one scrolling view, so both sides move together.

Each row of the alignment is drawn as a band: the letter's paragraphs on the left, the reply
paragraphs that answer them on the right, as tall as the taller side. Phrases the two share
(or, for two letters of one template, the words that differ) are marked; a letter paragraph
no reply paragraph answers gets a mark in the gutter. The texts are drawn as data, never
markup, wrapped with their offsets kept so every mark lands on the characters it names.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from archive.alignment import Alignment, Paragraph
from archive.worddiff import Change
from tui.keys import bindings_for
from tui.text import NO_EMPHASIS, Emphasis
from tui.widgets.reader import LineView, _Line, wrap

Mode = Literal["shared", "differences"]
GUTTER = 2
DIVIDER = " │ "
UNANSWERED_MARK = "✗"


@dataclass(frozen=True, slots=True)
class _Band:
    """One screen line of the view: a line of each side (or none), and which row it is in."""

    row: int
    left: _Line | None
    right: _Line | None
    first: bool  # the first line of its row (where the unanswered mark goes)
    rule: bool = False  # the thin rule between rows


class CompareView(LineView):
    """The aligned rows of two letters; j/k scroll both sides, ] and [ move by row."""

    BINDINGS = bindings_for("CompareView")

    COMPONENT_CLASSES = {
        "compare--shared",
        "compare--deleted",
        "compare--inserted",
        "compare--unanswered",
        "compare--rule",
        "compare--current",
    }

    DEFAULT_CSS = """
    CompareView > .compare--shared { text-style: underline; color: $text-accent; }
    CompareView > .compare--deleted { background: $error 30%; }
    CompareView > .compare--inserted { background: $success 30%; }
    CompareView > .compare--unanswered { color: $error; text-style: bold; }
    CompareView > .compare--rule { color: $panel-lighten-2; }
    CompareView > .compare--current { background: $boost; }
    """

    @dataclass
    class RowChanged(Message):
        row: int
        rows: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.left_text = ""
        self.emphasis: tuple[Emphasis, Emphasis] = (NO_EMPHASIS, NO_EMPHASIS)
        self.right_text = ""
        self.alignment: Alignment | None = None
        self.mode: Mode = "shared"
        self.changes: tuple[Change, ...] = ()
        self.current_row = 0
        #: Mark letter paragraphs no reply paragraph answers (off for two letters that are
        #: not a letter and its reply, such as two campaign letters).
        self.show_unanswered = True
        self._bands: list[_Band] = []
        self._row_starts: list[int] = []
        self._laid_out_for = -1
        self._left_marks: list[tuple[int, int, str]] = []
        self._right_marks: list[tuple[int, int, str]] = []

    # -- content ---------------------------------------------------------------------------------

    def show(
        self,
        left_text: str,
        right_text: str,
        alignment: Alignment,
        emphasis: tuple[Emphasis, Emphasis] = (NO_EMPHASIS, NO_EMPHASIS),
    ) -> None:
        """Show two texts lined up; ``emphasis`` is each side's Markdown emphasis (drawn as
        bold or italic with its markers left out, as the reader draws it)."""
        self.left_text, self.right_text, self.alignment = left_text, right_text, alignment
        self.emphasis = emphasis
        # Changes are offsets into the texts they were computed for: new texts, none yet.
        self.mode, self.changes = "shared", ()
        self.current_row = 0
        self._laid_out_for = -1
        self._marks()
        self._layout()
        self.scroll_to(0, 0, animate=False)

    def set_mode(self, mode: Mode, changes: Sequence[Change] = ()) -> None:
        """Mark shared phrases, or (two letters of one template) the words that differ."""
        self.mode = mode
        self.changes = tuple(changes)
        self._marks()
        self.refresh()

    @property
    def bands(self) -> list[_Band]:
        return self._bands

    def band_of_row(self, row: int) -> int:
        """The screen line where a row starts."""
        return self._row_starts[row] if 0 <= row < len(self._row_starts) else 0

    def row_at(self, line: int) -> int:
        """The row shown on a screen line (the one above, on a rule)."""
        return max(0, bisect.bisect_right(self._row_starts, line) - 1)

    # -- actions ---------------------------------------------------------------------------------

    def action_top(self) -> None:
        self.go_to_row(0)

    def action_bottom(self) -> None:
        if self._row_starts:
            self.go_to_row(len(self._row_starts) - 1)

    def action_row(self, step: int) -> None:
        if self._row_starts:
            self.go_to_row(max(0, min(len(self._row_starts) - 1, self.current_row + step)))

    def action_unanswered(self, step: int) -> None:
        rows = self._unanswered_rows()
        if not rows:
            self.notify(
                "Every paragraph of the letter is answered by something in the reply"
                if self.show_unanswered
                else "These two are not a letter and its reply: nothing is marked unanswered"
            )
            return
        after = [r for r in rows if (r - self.current_row) * step > 0]
        target = (min(after) if step > 0 else max(after)) if after else rows[0 if step > 0 else -1]
        self.go_to_row(target)

    def go_to_row(self, row: int) -> None:
        self.current_row = row
        self.scroll_to(y=self.band_of_row(row), animate=False)
        self.refresh()
        self.post_message(self.RowChanged(row, len(self._row_starts)))

    def scrolled_by_key(self) -> None:
        row = self.row_at(int(self.scroll_y))
        if row != self.current_row:
            self.current_row = row
            self.refresh()
            self.post_message(self.RowChanged(row, len(self._row_starts)))

    def _unanswered_rows(self) -> list[int]:
        if self.alignment is None or not self.show_unanswered:
            return []
        missing = self.alignment.unanswered
        alignment = self.alignment
        return [
            i
            for i, row in enumerate(alignment.rows)
            if set(alignment.letter_paragraphs(row)) & missing
        ]

    # -- layout ----------------------------------------------------------------------------------

    def on_resize(self) -> None:
        laid_out_for = self._laid_out_for
        self._layout()
        if self._laid_out_for != laid_out_for and self._row_starts:
            # The rows wrap anew, so the old line number is in another row: keep this one.
            self.scroll_to(y=self.band_of_row(self.current_row), animate=False)

    def _widths(self) -> tuple[int, int]:
        width = max(30, self.scrollable_content_region.width)
        left = (width - GUTTER - len(DIVIDER)) // 2
        return left, width - GUTTER - len(DIVIDER) - left

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        if self.alignment is None or width == self._laid_out_for:
            return
        self._laid_out_for = width
        left_width, right_width = self._widths()
        bands: list[_Band] = []
        starts: list[int] = []
        for number, row in enumerate(self.alignment.rows):
            left = _side_lines(
                self.left_text, self.alignment.left, row.left, left_width, self.emphasis[0]
            )
            right = _side_lines(
                self.right_text, self.alignment.right, row.right, right_width, self.emphasis[1]
            )
            starts.append(len(bands))
            for index in range(max(len(left), len(right), 1)):
                bands.append(
                    _Band(
                        number,
                        left[index] if index < len(left) else None,
                        right[index] if index < len(right) else None,
                        index == 0,
                    )
                )
            bands.append(_Band(number, None, None, False, rule=True))
        self._bands, self._row_starts = bands, starts
        self.virtual_size = Size(width, len(bands))
        self.refresh()

    def _marks(self) -> None:
        """Spans to mark on each side, sorted: (start, end, component class)."""
        alignment = self.alignment
        if alignment is None:
            self._left_marks, self._right_marks = [], []
            return
        if self.mode == "differences":
            keep = [c for c in self.changes if c.kind != "equal"]
            left = [(c.left[0], c.left[1], "compare--deleted") for c in keep]
            right = [(c.right[0], c.right[1], "compare--inserted") for c in keep]
        else:
            left = [(s, e, "compare--shared") for s, e in alignment.shared_left]
            right = [(s, e, "compare--shared") for s, e in alignment.shared_right]
        self._left_marks = sorted(m for m in left if m[1] > m[0])
        self._right_marks = sorted(m for m in right if m[1] > m[0])

    # -- drawing ---------------------------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self._bands)

    def draw_line(self, number: int, width: int, base: Style) -> Strip:
        band = self._bands[number]
        left_width, right_width = self._widths()
        if band.rule:
            rule = self.get_component_rich_style("compare--rule")
            line = "┄" * (GUTTER + left_width) + "┄┼┄" + "┄" * right_width
            return Strip([Segment(line, base + rule)]).crop_extend(0, width, base)
        current = band.row == self.current_row and self.has_focus
        style = base + self.get_component_rich_style("compare--current") if current else base
        missing = (
            self.show_unanswered
            and self.alignment is not None
            and bool(
                set(self.alignment.letter_paragraphs(self.alignment.rows[band.row]))
                & self.alignment.unanswered
            )
        )
        segments: list[Segment] = []
        if missing and band.first:
            mark = self.get_component_rich_style("compare--unanswered")
            segments.append(Segment(UNANSWERED_MARK.ljust(GUTTER), style + mark))
        else:
            segments.append(Segment(" " * GUTTER, style))
        left_emphasis, right_emphasis = self.emphasis
        segments += self._side(band.left, self._left_marks, left_emphasis, left_width, style)
        segments.append(Segment(DIVIDER, style + self.get_component_rich_style("compare--rule")))
        segments += self._side(band.right, self._right_marks, right_emphasis, right_width, style)
        return Strip(segments).crop_extend(0, width, base)

    def _side(
        self,
        line: _Line | None,
        marks: list[tuple[int, int, str]],
        emphasis: Emphasis,
        width: int,
        style: Style,
    ) -> list[Segment]:
        if line is None:
            return [Segment(" " * width, style)]
        text = line.styled(style, emphasis)
        # Offsets into the letter's text, mapped onto what is drawn (markers left out).
        end = line.end
        lo = bisect.bisect_left(marks, (line.start - 5_000, 0, ""))
        for start, stop, name in marks[lo:]:
            if start >= end:
                break
            if stop <= line.start:
                continue
            if shown := line.span(start, stop):
                text.stylize(self.get_component_rich_style(name), *shown)
        segments = list(text.render(self.app.console))
        pad = width - cell_len(line.text)
        return [*Strip(segments).crop(0, width), Segment(" " * max(0, pad), style)]


def _side_lines(
    text: str,
    paragraphs: Sequence[Paragraph],
    indices: Sequence[int],
    width: int,
    emphasis: Emphasis = NO_EMPHASIS,
) -> list[_Line]:
    """The wrapped lines of some paragraphs of one side, offsets into the whole text (the
    emphasis markers among them left out of what is drawn)."""
    lines: list[_Line] = []
    for number, index in enumerate(indices):
        start, end = paragraphs[index].start, paragraphs[index].end
        if number:
            lines.append(_Line(start, ""))
        hidden = frozenset(h - start for h in emphasis.hidden if start <= h < end)
        for line in wrap(text[start:end], width, hidden):
            columns = None if line.columns is None else tuple(start + c for c in line.columns)
            lines.append(_Line(start + line.start, line.text, columns))
    return lines
