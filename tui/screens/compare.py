"""The compare screen: a letter and its reply (or any two letters) side by side.

The header row compares the metadata; below it, paragraphs are aligned so that each reply
paragraph sits beside the letter paragraph it answers, in one view that scrolls both sides
together. ``d`` switches between shared phrases and a word-by-word difference (for two
letters of one template); ``n`` walks through the letter's unanswered paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from archive.alignment import Alignment
from archive.models import Letter
from archive.worddiff import Change
from tui.keys import bindings_for
from tui.messages import Notice
from tui.screens import dispatch_app
from tui.text import NO_EMPHASIS, Emphasis, markdown_emphasis, strip_controls
from tui.widgets.compare import CompareView
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from tui.app import DispatchBoxApp

#: Above this share of words in common, two letters are taken to share a template.
TEMPLATE_SIMILARITY = 0.6


@dataclass
class Compared(Message):
    """The two letters, their texts and how they line up (computed in a worker)."""

    left: Letter
    right: Letter
    left_text: str
    right_text: str
    alignment: Alignment
    changes: tuple[Change, ...]
    similarity: float
    header: list[tuple[str, str, str]]
    #: The right letter answers the left (so a left paragraph can go unanswered).
    answering: bool = True


class CompareScreen(Screen[None]):
    """Two letters side by side; Escape goes back."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("CompareScreen")

    def __init__(self, left_id: str, right_id: str) -> None:
        super().__init__()
        self.left_id = left_id
        self.right_id = right_id
        self.result: Compared | None = None
        self.changes: tuple[Change, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="compare-header", markup=False)
        yield Static("", id="compare-status", markup=False)
        yield CompareView(id="compare-view")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#compare-status", Static).update("Lining the letters up…")
        self.query_one(CompareView).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare")
    def load(self) -> None:
        from archive.alignment import align
        from archive.pairing.cache import metadata_rows
        from archive.worddiff import similarity, word_diff

        store = self.app.store
        left, right = store.get(self.left_id), store.get(self.right_id)
        if left is None or right is None:
            missing = self.left_id if left is None else self.right_id
            self.app.post_message(
                Notice(f"Letter {missing} is no longer in the archive", severity="error")
            )
            return
        left_text = self.app.text_or_report(left)
        right_text = self.app.text_or_report(right) if left_text is not None else None
        if left_text is None or right_text is None:
            return
        answering = _answers(self.app, left, right)
        alike = similarity(left_text, right_text)
        changes = word_diff(left_text, right_text) if alike >= TEMPLATE_SIMILARITY else ()
        self.post_message(
            Compared(
                left,
                right,
                left_text,
                right_text,
                align(left_text, right_text),
                tuple(changes),
                alike,
                metadata_rows(left, right),
                answering,
            )
        )

    @on(Compared)
    def show(self, message: Compared) -> None:
        self.result = message
        self.changes = message.changes
        view = self.query_one(CompareView)
        wanted_differences = view.mode == "differences"  # chosen with d before a swap
        view.show(
            message.left_text,
            message.right_text,
            message.alignment,
            (
                _emphasis(message.left, message.left_text),
                _emphasis(message.right, message.right_text),
            ),
        )
        view.show_unanswered = message.answering
        if message.changes:
            # Two letters of one template: what differs is the point.
            view.set_mode("differences", message.changes)
        elif wanted_differences:
            self.action_toggle_mode()  # the changes between these texts, in this order
        self.query_one("#compare-header", Static).update(self._header(message))
        self._status()

    def _header(self, message: Compared) -> Table:
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(style="dim", no_wrap=True, width=10)
        table.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
        table.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
        for label, left, right in message.header:
            differs = label not in ("letter", "between") and left != right
            style = "bold" if differs else ""
            table.add_row(
                Text(label), Text(strip_controls(left), style), Text(strip_controls(right), style)
            )
        return table

    def _status(self) -> None:
        message = self.result
        if message is None:
            return
        view = self.query_one(CompareView)
        alignment = message.alignment
        status = Text(no_wrap=True, overflow="ellipsis")
        status.append(f" row {view.current_row + 1} of {len(alignment.rows)} ")
        missing = len(alignment.unanswered)
        if message.answering:
            status.append(
                f" · {missing} letter paragraph{'s' if missing != 1 else ''} unanswered (✗, n) ",
                "bold" if missing else "",
            )
        else:
            status.append(" · not a letter and its reply: nothing marked unanswered ")
        if view.mode == "differences":
            differing = sum(1 for c in self.changes if c.kind != "equal")
            status.append(f" · {differing} differences marked ({message.similarity:.0%} alike) ")
        else:
            status.append(f" · shared phrases underlined ({message.similarity:.0%} alike) ")
        self.query_one("#compare-status", Static).update(status)

    @on(CompareView.RowChanged)
    def row_changed(self) -> None:
        self._status()

    def action_toggle_mode(self) -> None:
        message = self.result
        if message is None:
            return
        view = self.query_one(CompareView)
        if view.mode == "differences":
            view.set_mode("shared")
        else:
            if not self.changes:
                from archive.worddiff import word_diff

                self.changes = tuple(word_diff(message.left_text, message.right_text))
            view.set_mode("differences", self.changes)
        self._status()

    def action_swap(self) -> None:
        """The same alignment, sides exchanged (aligning again from the other side could
        pair the paragraphs differently)."""
        self.left_id, self.right_id = self.right_id, self.left_id
        shown = self.result
        if shown is None:
            self.query_one("#compare-status", Static).update("Lining the letters up…")
            self.load()
            return
        view = self.query_one(CompareView)
        row, differences = view.current_row, view.mode == "differences"
        changes = tuple(change.swapped() for change in self.changes)
        view.mode = "shared"  # set again below, with these changes swapped (not recomputed)
        header = [
            (label, right, left) if label != "between" else (label, left, right)
            for label, left, right in shown.header
        ]
        swapped = Compared(
            shown.right,
            shown.left,
            shown.right_text,
            shown.left_text,
            shown.alignment.swapped(),
            tuple(change.swapped() for change in shown.changes),
            shown.similarity,
            header,
            shown.answering,
        )
        self.show(swapped)
        self.changes = changes
        if differences:
            view.set_mode("differences", changes)
        self._status()
        view.go_to_row(row)

    def action_toggle_header(self) -> None:
        header = self.query_one("#compare-header")
        header.display = not header.display


def _answers(app: DispatchBoxApp, left: Letter, right: Letter) -> bool:
    """Whether ``right`` is (or reads as) a reply to ``left``: linked, or MP's letter and reply."""
    threads = app.threads
    if threads.is_current():
        link = threads.pairing().answers(right.id)
        if link is not None:
            return link.letter_id == left.id
    directions = (left.metadata.direction, right.metadata.direction)
    return directions in (("from_mp", "to_mp"), ("to_mp", "from_mp"))


def _emphasis(letter: Letter, text: str) -> Emphasis:
    """A Markdown transcription's emphasis, drawn as the reader draws it (markers left out)."""
    return markdown_emphasis(text) if letter.format == "md" else NO_EMPHASIS
