"""Find any letter of the archive by a search, to link a reply to it: type, Enter to choose."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from archive.models import Letter
from tui.screens import dispatch_app
from tui.screens.picker import ChoicePicker
from tui.text import strip_controls
from tui.words import counted

#: Letters listed for one search (the search narrows, the list does not scroll forever).
LISTED = 50


@dataclass
class LettersFound(Message):
    query: str
    total: int
    letters: list[Letter]
    problem: str | None = None


class LetterPicker(ChoicePicker[str]):
    """Search the archive for a letter; dismissed with its id, or None when cancelled."""

    app = getters.app(dispatch_app)

    def __init__(self, title: str, query: str = "", leave_out: str | None = None) -> None:
        super().__init__(title, "a reference, an MP, words of the letter: Enter links", query)
        #: The letter being linked: never offered as its own answer.
        self.leave_out = leave_out
        self.found: list[Letter] = []

    def compose_notes(self) -> ComposeResult:
        yield Static("", id="link-picker-count", markup=False)

    def fill(self, typed: str) -> None:
        self.search(typed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="link-picker")
    def search(self, query: str) -> None:
        from index.query import QueryError

        try:
            result = self.app.searcher.search(
                query, sort="-date", limit=LISTED + 1, facets=False, snippets=False
            )
        except QueryError as error:
            self.post_message(LettersFound(query, 0, [], str(error)))
            return
        letters = [hit.letter for hit in result.hits if hit.letter_id != self.leave_out]
        total = result.total - (len(result.hits) - len(letters))
        self.post_message(LettersFound(query, total, letters[:LISTED]))

    @on(LettersFound)
    def show(self, message: LettersFound) -> None:
        if message.query != self.query_one(Input).value:
            return  # a stale search: a newer one is on its way
        self.found = message.letters
        count = self.query_one("#link-picker-count", Static)
        if message.problem is not None:
            count.update(Text(strip_controls(message.problem), "red"))
        elif message.total > len(message.letters):
            count.update(f"{counted(message.total, 'letter')}, the newest {LISTED} listed")
        else:
            count.update(counted(message.total, "letter"))
        self.show_options(
            Option(Text(strip_controls(letter.label()), no_wrap=True, overflow="ellipsis"))
            for letter in message.letters
        )

    def chosen(self, index: int) -> str | None:
        return self.found[index].id if index < len(self.found) else None
