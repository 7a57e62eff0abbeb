"""Pick an MP (or an area, ...) to filter by: type to narrow, Enter to choose."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from index.searcher import FacetCount, Filter
from tui.messages import FilterRequested
from tui.screens import dispatch_app
from tui.text import strip_controls
from tui.widgets.facets import TITLES

if TYPE_CHECKING:
    pass

_Chosen = TypeVar("_Chosen")


class FacetPicker(ModalScreen[None]):
    """Values of one facet for the current search, most letters first."""

    app = getters.app(dispatch_app)

    BINDINGS = [
        Binding(
            "escape", "dismiss", "Cancel", tooltip="Close without choosing", id="picker.cancel"
        ),
        Binding(
            "down",
            "move(1)",
            "Down",
            tooltip="Next choice (the box keeps the typing)",
            show=False,
            id="picker.down",
        ),
        Binding("up", "move(-1)", "Up", tooltip="Previous choice", show=False, id="picker.up"),
        Binding(
            "ctrl+x",
            "choose(True)",
            "Leave out",
            tooltip="Filter to letters WITHOUT the highlighted value",
            id="picker.exclude",
        ),
    ]

    def __init__(self, facet: str, query: str, filters: tuple[Filter, ...]) -> None:
        super().__init__()
        self.facet = facet
        self.query_text = query
        self.filters = filters
        self.counts: list[FacetCount] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Input(
                placeholder=f"{TITLES[self.facet]}: type to narrow, Enter to filter",
                id="picker-input",
            )
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self.query_one("#picker").border_title = f"Filter by {TITLES[self.facet]}"
        self.query_one(Input).focus()
        self.load_counts()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load_counts(self) -> None:
        from index.query import QueryError

        try:
            result = self.app.searcher.search(
                self.query_text, filters=self.filters, limit=0, facets=True, snippets=False
            )
        except QueryError:
            result = self.app.searcher.search("", limit=0, facets=True, snippets=False)
        counts = list(result.facets.get(self.facet, ()))
        self.app.call_from_thread(self._show, counts)

    def _show(self, counts: list[FacetCount]) -> None:
        self.counts = counts
        self._fill(self.query_one(Input).value)

    @on(Input.Changed)
    def narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, typed: str) -> None:
        words = typed.lower().split()
        options = self.query_one(OptionList)
        options.clear_options()
        shown = []
        for count in self.counts:
            if all(word in count.value.lower() for word in words):
                label = Text(strip_controls(count.value))
                label.append(f"  {count.count}", "dim")
                shown.append(Option(label, id=count.value))
        options.add_options(shown)  # one layout for the list, not one per value
        if options.option_count:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        move_highlight(self.query_one(OptionList), step)

    @on(Input.Submitted)
    def submit(self) -> None:
        self.action_choose(False)

    @on(OptionList.OptionSelected)
    def selected(self) -> None:
        self.action_choose(False)

    def action_choose(self, exclude: bool) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return
        value = options.get_option_at_index(options.highlighted).id
        if value is None:
            return
        self.dismiss()
        main = self.app.screen_stack[-1] if self.app.screen_stack else None
        if main is not None:
            main.post_message(FilterRequested(Filter(self.facet, value, exclude)))


def move_highlight(options: OptionList, step: int) -> None:
    """Move an option list's highlight by ``step``, kept within the list: the pickers' up and
    down, which move in the list while their input keeps the focus."""
    if options.option_count:
        current = options.highlighted or 0
        options.highlighted = max(0, min(options.option_count - 1, current + step))


class ChoicePicker(ModalScreen[_Chosen | None]):
    """A search box over a list of choices: typing narrows the list, up and down move in it
    while the box keeps the focus, Enter (or a click) chooses; Escape cancels with None."""

    BINDINGS = [
        Binding(
            "escape",
            "dismiss(None)",
            "Cancel",
            tooltip="Close without choosing",
            id="choice_picker.cancel",
        ),
        Binding(
            "down",
            "move(1)",
            "Down",
            tooltip="Next choice (the box keeps the typing)",
            show=False,
            id="choice_picker.down",
        ),
        Binding(
            "up", "move(-1)", "Up", tooltip="Previous choice", show=False, id="choice_picker.up"
        ),
    ]

    def action_move(self, step: int) -> None:
        move_highlight(self.query_one(OptionList), step)

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
