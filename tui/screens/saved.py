"""Saved searches: save the query and filters under a name, open one from a list of them.

The list shows how many letters each finds now."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from archive.store import SavedSearch
from index.results import Filter
from tui.keys import bindings_for
from tui.messages import Notice
from tui.screens import dispatch_app
from tui.screens.dialog import Dialog
from tui.text import strip_controls
from tui.words import counted


def describe(saved: SavedSearch) -> str:
    parts = [saved.query or "(everything)"]
    parts += [f"{'not ' if x else ''}{f}: {v}" for f, v, x in saved.filters]
    return " · ".join(parts)


class SaveSearchPrompt(Dialog[None]):
    """Ask for a name, then save the search."""

    BINDINGS = bindings_for("SaveSearchPrompt")
    FRAME_ID = "save-search"
    STATUS_ID = "save-error"

    def __init__(self, query: str, filters: tuple[Filter, ...], sort: str) -> None:
        super().__init__()
        self.search = SavedSearch(
            "", query, tuple((f.facet, f.value, f.exclude) for f in filters), sort
        )

    def compose_fields(self) -> ComposeResult:
        yield Static(describe(self.search), markup=False)
        yield Input(placeholder="A name for this search", id="save-name")

    def frame_title(self) -> str:
        return "Save search"

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.say("Give it a name (Escape cancels)")
            return
        self.write(SavedSearch(name, self.search.query, self.search.filters, self.search.sort))

    @work(thread=True, exit_on_error=False)
    def write(self, saved: SavedSearch) -> None:
        self.app.store.save_search(saved)
        self.app.post_message(Notice(f"Saved as '{saved.name}' (Ctrl+O lists them)"))
        self.post_message(self.Written())

    class Written(Message):
        """The search is saved: the prompt closes."""

    @on(Written)
    def close(self) -> None:
        self.dismiss()


class SavedSearchesScreen(ModalScreen[SavedSearch | None]):
    """The saved searches with their current counts; Enter opens, d twice deletes."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("SavedSearchesScreen")

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[SavedSearch] = []
        self.counts: dict[str, str] = {}
        self._armed: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-searches"):
            yield OptionList(id="saved-list")
            yield Static("Enter: open   d: delete   Esc: close", markup=False)

    def on_mount(self) -> None:
        self.query_one("#saved-searches").border_title = "Saved searches"
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        saved = self.app.store.saved_searches()
        self.post_message(self.SearchesRead(saved, {}))
        counts: dict[str, str] = {}
        for search in saved:
            filters = [Filter(f, v, x) for f, v, x in search.filters]
            try:
                counts[search.name] = counted(
                    self.app.searcher.count(search.query, filters), "letter"
                )
            except ValueError as error:
                counts[search.name] = f"error: {error}"
            self.post_message(self.SearchesRead(saved, dict(counts)))

    @dataclass
    class SearchesRead(Message):
        """The saved searches, with the counts found so far (name -> "12 letters")."""

        saved: list[SavedSearch]
        counts: dict[str, str]

    @on(SearchesRead)
    def show_searches(self, message: SearchesRead) -> None:
        self.counts.update(message.counts)
        self._fill(message.saved)

    def _fill(self, saved: list[SavedSearch]) -> None:
        self.saved = saved
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not saved:
            options.add_option(
                Option("No saved searches yet: Ctrl+S saves the current one", disabled=True)
            )
            return
        for search in saved:
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(f"{strip_controls(search.name)}  ", "bold")
            label.append(f"{self.counts.get(search.name, '… letters')}  ", "dim")
            label.append(strip_controls(describe(search)))
            options.add_option(Option(label, id=search.name))
        options.highlighted = min(highlighted or 0, len(saved) - 1)

    @on(OptionList.OptionSelected)
    def choose(self, event: OptionList.OptionSelected) -> None:
        chosen = next((s for s in self.saved if s.name == event.option.id), None)
        if chosen is not None:
            self.dismiss(chosen)

    def action_delete(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.saved:
            return
        name = options.get_option_at_index(options.highlighted).id
        if not name:
            return
        if self._armed != name:
            # A saved search is the researcher's work: one stray key must not delete it.
            self._armed = name
            self.notify(f"Press d again to delete '{strip_controls(name)}'", timeout=3)
            return
        self._armed = None
        self.remove_saved(name)

    @work(thread=True, exit_on_error=False)
    def remove_saved(self, name: str) -> None:
        self.app.store.delete_search(name)
        self.app.post_message(Notice(f"Deleted '{name}'"))
        self.load()
