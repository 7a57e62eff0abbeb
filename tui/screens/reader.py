"""A letter full screen (opened from lists other than the workbench's)."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.screen import Screen

from tui.keys import bindings_for
from tui.messages import AnnotationsChanged
from tui.screens import dispatch_app
from tui.widgets.footer import KeyFooter
from tui.widgets.reader import LetterText
from tui.widgets.reader_pane import ReaderPane


class ReaderScreen(Screen[None]):
    """One letter, its metadata and its text; Escape goes back."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("ReaderScreen")

    def __init__(self, letter_id: str, query: str = "") -> None:
        super().__init__()
        self.letter_id = letter_id
        self.query_text = query

    def compose(self) -> ComposeResult:
        # No links in the header here: ``c`` (which they name) is the workbench's key.
        yield ReaderPane(links=False)
        yield KeyFooter()

    def action_mark_reply(self) -> None:
        self.app.mark_reply(self.letter_id)

    def on_mount(self) -> None:
        self.query_one(LetterText).focus()
        self.query_one(ReaderPane).load(self.letter_id, self.query_text)

    @on(AnnotationsChanged)
    def reload(self, message: AnnotationsChanged) -> None:
        if self.letter_id in message.letter_ids:
            # Tags, a note or a correction: read again (a correction changes the header).
            self.query_one(ReaderPane).reload()

    def action_tag(self) -> None:
        from tui.screens.tags import TagEditor

        self.app.push_screen(TagEditor([self.letter_id]))

    def action_correct(self) -> None:
        from tui.screens.correct import CorrectionEditor

        self.app.push_screen(CorrectionEditor(self.letter_id))

    def action_note(self) -> None:
        from tui.screens.note import NoteEditor

        self.app.push_screen(NoteEditor(self.letter_id))
