"""Pick an MP (or an area, ...) to filter by: type to narrow, Enter to choose."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from index.results import FacetCount, Filter
from tui.keys import bindings_for
from tui.screens import dispatch_app
from tui.text import strip_controls
from tui.widgets.facets import TITLES

_Chosen = TypeVar("_Chosen")


def move_highlight(options: OptionList, step: int) -> None:
    """Move an option list's highlight by ``step``, kept within the list: the pickers' up and
    down, which move in the list while their input keeps the focus."""
    if options.option_count:
        current = options.highlighted or 0
        options.highlighted = max(0, min(options.option_count - 1, current + step))


class ChoicePicker(ModalScreen[_Chosen | None]):
    """A search box over a list of choices: typing narrows the list (``fill``), up and down
    move in it while the box keeps the focus, Enter (or a click) chooses; Escape cancels
    with None."""

    BINDINGS = bindings_for("ChoicePicker")

    def __init__(self, title: str, placeholder: str, typed: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.first_typed = typed

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Input(self.first_typed, placeholder=self.placeholder, id="picker-input")
            yield from self.compose_notes()
            yield OptionList(id="picker-options")

    def compose_notes(self) -> ComposeResult:
        """Widgets between the box and the list (none unless a picker says more)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#picker").border_title = self.title_text
        self.query_one(Input).focus()
        self.start()

    def start(self) -> None:
        """Begin listing the choices, once shown."""
        self.fill(self.first_typed)

    def action_move(self, step: int) -> None:
        move_highlight(self.query_one(OptionList), step)

    @on(Input.Changed)
    def narrow(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def fill(self, typed: str) -> None:
        """List the choices for what is typed (``show_options``)."""
        raise NotImplementedError

    def show_options(self, shown: Iterable[Option]) -> None:
        """Show these choices, the first highlighted (one layout for the list, not one each)."""
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(shown)
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def choose(self) -> None:
        index = self.query_one(OptionList).highlighted
        chosen = self.chosen(index) if index is not None else None
        if chosen is not None:
            self.dismiss(chosen)

    def chosen(self, index: int) -> _Chosen | None:
        """What the option at ``index`` stands for (None: nothing to choose there)."""
        raise NotImplementedError


class FacetPicker(ChoicePicker[Filter]):
    """Values of one facet for the current search, most letters first; dismissed with the
    filter chosen (Ctrl+X: leaving the value out), or None."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("FacetPicker")

    def __init__(self, facet: str, query: str, filters: tuple[Filter, ...]) -> None:
        super().__init__(
            f"Filter by {TITLES[facet]}", f"{TITLES[facet]}: type to narrow, Enter to filter"
        )
        self.facet = facet
        self.query_text = query
        self.filters = filters
        self.counts: list[FacetCount] = []

    def start(self) -> None:
        self.load_counts()

    @dataclass
    class CountsRead(Message):
        counts: list[FacetCount]

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load_counts(self) -> None:
        from index.query import QueryError

        try:
            result = self.app.searcher.search(
                self.query_text, filters=self.filters, limit=0, facets=True, snippets=False
            )
        except QueryError:
            result = self.app.searcher.search("", limit=0, facets=True, snippets=False)
        self.post_message(self.CountsRead(list(result.facets.get(self.facet, ()))))

    @on(CountsRead)
    def show_counts(self, message: CountsRead) -> None:
        self.counts = message.counts
        self.fill(self.query_one(Input).value)

    def fill(self, typed: str) -> None:
        words = typed.lower().split()
        shown = []
        for count in self.counts:
            if all(word in count.value.lower() for word in words):
                label = Text(strip_controls(count.value))
                label.append(f"  {count.count}", "dim")
                shown.append(Option(label, id=count.value))
        self.show_options(shown)

    def chosen(self, index: int) -> Filter | None:
        value = self.query_one(OptionList).get_option_at_index(index).id
        return Filter(self.facet, value) if value is not None else None

    def action_choose_excluded(self) -> None:
        index = self.query_one(OptionList).highlighted
        chosen = self.chosen(index) if index is not None else None
        if chosen is not None:
            self.dismiss(Filter(chosen.facet, chosen.value, exclude=True))
