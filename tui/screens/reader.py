"""A letter full screen (opened from lists other than the workbench's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.messages import AnnotationsChanged, LetterLoaded
from tui.screens import dispatch_app
from tui.widgets.reader import LetterHeader, LetterText

if TYPE_CHECKING:
    pass


class ReaderScreen(Screen[None]):
    """One letter, its metadata and its text; Escape goes back."""

    app = getters.app(dispatch_app)

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="readerscreen.back"),
        Binding("t", "tag", "Tag", id="readerscreen.tag"),
        Binding("e", "note", "Note", id="readerscreen.note"),
    ]

    def __init__(self, letter_id: str, query: str = "") -> None:
        super().__init__()
        self.letter_id = letter_id
        self.query_text = query

    def compose(self) -> ComposeResult:
        yield LetterHeader(id="letter-header")
        yield Static("", id="hit-counter", markup=False)
        yield LetterText(id="letter-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(LetterText).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        store = self.app.store
        letter = store.get(self.letter_id)
        if letter is None:
            self.app.call_from_thread(
                self.notify, "This letter is no longer in the archive", severity="warning"
            )
            return
        text = store.text(letter)
        matches = (
            self.app.searcher.matches_in(self.letter_id, self.query_text) if self.query_text else []
        )
        self.post_message(LetterLoaded(letter, text, store.annotation(self.letter_id), matches))

    @on(LetterLoaded)
    def show(self, message: LetterLoaded) -> None:
        self.query_one(LetterHeader).show(message.letter, message.annotation)
        self.query_one(LetterText).show(message.letter, message.text, message.matches)

    @on(AnnotationsChanged)
    def reload(self, message: AnnotationsChanged) -> None:
        if self.letter_id in message.letter_ids:
            self.load()

    @on(LetterText.HitChanged)
    def count_hits(self, message: LetterText.HitChanged) -> None:
        counter = self.query_one("#hit-counter", Static)
        counter.update(
            f"hit {message.index + 1} of {message.count}  (n / N)" if message.count else ""
        )

    def action_tag(self) -> None:
        from tui.screens.tags import TagEditor

        self.app.push_screen(TagEditor([self.letter_id]))

    def action_note(self) -> None:
        from tui.screens.note import NoteEditor

        self.app.push_screen(NoteEditor(self.letter_id))
