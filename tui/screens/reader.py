"""A letter full screen (opened from lists other than the workbench's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from archive.models import Annotation
from tui.messages import AnnotationsChanged, LetterLoaded
from tui.screens import dispatch_app
from tui.widgets.footer import KeyFooter
from tui.widgets.reader import LetterHeader, LetterText, source_line

if TYPE_CHECKING:
    pass


class ReaderScreen(Screen[None]):
    """One letter, its metadata and its text; Escape goes back."""

    app = getters.app(dispatch_app)

    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Back to the list", id="readerscreen.back"
        ),
        Binding("t", "tag", "Tag", tooltip="Edit this letter's tags", id="readerscreen.tag"),
        Binding(
            "e", "note", "Note", tooltip="Write or edit this letter's note", id="readerscreen.note"
        ),
        Binding(
            "h",
            "mark_reply",
            "Holding/full",
            show=False,
            id="readerscreen.mark_reply",
            tooltip="Mark this reply as a holding reply, as the full answer, or neither "
            "(reply times count the full answer)",
        ),
        Binding(
            "E",
            "correct",
            "Correct",
            show=False,
            id="readerscreen.correct",
            tooltip="Correct a field the extractor read wrongly (mp, date, direction, ...)",
        ),
    ]

    def __init__(self, letter_id: str, query: str = "") -> None:
        super().__init__()
        self.letter_id = letter_id
        self.query_text = query
        self.annotation: Annotation | None = None

    def compose(self) -> ComposeResult:
        yield LetterHeader(id="letter-header")
        yield Static("", id="hit-counter", markup=False)
        yield LetterText(id="letter-text")
        yield KeyFooter()

    def action_mark_reply(self) -> None:
        self.app.mark_reply(self.letter_id)

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
        text = self.app.text_or_report(letter)
        if text is None:
            return
        matches = (
            self.app.searcher.matches_in(self.letter_id, self.query_text) if self.query_text else []
        )
        annotation = store.annotation(self.letter_id)
        corrections = tuple(store.corrections(self.letter_id))
        self.post_message(LetterLoaded(letter, text, annotation, matches, corrections=corrections))

    @on(LetterLoaded)
    def show(self, message: LetterLoaded) -> None:
        self.annotation = message.annotation
        self.query_one(LetterHeader).show(
            message.letter, message.annotation, corrections=message.corrections
        )
        self.query_one(LetterText).show(message.letter, message.text, message.matches)

    @on(LetterText.SourceShown)
    def show_source(self, message: LetterText.SourceShown) -> None:
        letter = self.query_one(LetterText).letter
        header = self.query_one(LetterHeader)
        if letter is None or self.annotation is None:
            return
        header.show(letter, self.annotation, why=message.field, corrections=header.corrections)
        counter = self.query_one("#hit-counter", Static)
        counter.update(
            source_line(letter, message.field, header.corrections) if message.field else ""
        )

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

    def action_correct(self) -> None:
        from tui.screens.correct import CorrectionEditor

        self.app.push_screen(CorrectionEditor(self.letter_id))

    def action_note(self) -> None:
        from tui.screens.note import NoteEditor

        self.app.push_screen(NoteEditor(self.letter_id))
