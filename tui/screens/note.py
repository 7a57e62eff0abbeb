"""The note editor: free text about a letter, saved as it is typed and on leaving."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from tui.keys import bindings_for
from tui.screens import dispatch_app
from tui.text import display_edited_line, display_line

#: Save this long after the last keystroke, so a crash or a closed terminal loses nothing.
AUTOSAVE_SECONDS = 0.8


class NoteArea(TextArea):
    """A text area that draws control characters as visible symbols.

    A note may come from ``dispatchbox note`` with pasted escapes in it: the terminal must
    never obey them. Only the drawing changes; the note's text is kept as it is.
    """

    def get_line(self, line_index: int) -> Text:
        # Not from ``super()``: rich's ``Text`` drops BEL and backspace without a trace.
        line = self.document.get_line(line_index)
        return Text(display_edited_line(line), end="", no_wrap=True)


class NoteEditor(ModalScreen[None]):
    """Escape (or Ctrl+S) saves and closes; typing pauses save too."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("NoteEditor")

    def __init__(self, letter_id: str) -> None:
        super().__init__()
        self.letter_id = letter_id
        self.saved_text: str | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor"):
            yield NoteArea("", id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="note-state", markup=False)

    def on_mount(self) -> None:
        self.query_one("#note-editor").border_title = "Note"
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        note = self.app.store.annotation(self.letter_id).note
        letter = self.app.store.get(self.letter_id)
        title = f"Note on {display_line(letter.label())}" if letter is not None else None
        self.post_message(self.NoteRead(title, note))

    @dataclass
    class NoteRead(Message):
        """The note as saved, and the letter's name for the title (None: no such letter)."""

        title: str | None
        note: str

    @on(NoteRead)
    def show_note(self, message: NoteRead) -> None:
        if message.title is not None:
            self.query_one("#note-editor").border_title = message.title
        note = message.note
        self.app.note_loaded(self.letter_id, note)
        area = self.query_one(TextArea)
        with area.prevent(TextArea.Changed):
            area.load_text(note)
        self.saved_text = note
        area.focus()
        self.query_one("#note-state", Static).update("saved")

    @on(TextArea.Changed)
    def schedule_save(self) -> None:
        self.query_one("#note-state", Static).update("editing…")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_SECONDS, self.save_now)

    def save_now(self) -> None:
        text = self.query_one(TextArea).text
        if self.saved_text is None or text == self.saved_text:
            return
        self.saved_text = text
        self.write(text)

    def write(self, text: str) -> None:
        self.app.write_note(self.letter_id, text)
        self.query_one("#note-state", Static).update("saved")

    def action_close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.save_now()
        self.dismiss()

    def flush(self) -> None:
        """Save whatever is typed, in a worker (the app waits for it when quitting)."""
        if self._timer is not None:
            self._timer.stop()
        self.save_now()

    def show_merged(self, note: str) -> None:
        """Show the note as saved after another process's change was merged into it."""
        area = self.query_one(TextArea)
        if area.text != self.saved_text:
            return  # typed on since: the next save merges again from what was saved
        with area.prevent(TextArea.Changed):
            area.load_text(note)
            area.move_cursor(area.document.end)
        self.saved_text = note


def merge_notes(base: str, theirs: str, mine: str) -> str:
    """A note changed here (``mine``) and elsewhere (``theirs``) since both read ``base``.

    Two additions at the end (the usual case: ``dispatchbox note --append``) are both kept,
    theirs first; any other pair of changes keeps this one and then the other, marked.
    """
    if theirs.startswith(base) and mine.startswith(base):
        return theirs + mine[len(base) :]
    return f"{mine}\n\n--- changed elsewhere at the same time ---\n{theirs}"
