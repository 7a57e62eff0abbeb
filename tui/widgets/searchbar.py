"""The search bar, the active filters under it, and the status line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from index.results import Filter
from tui.keys import bindings_for
from tui.text import VisibleControls, strip_controls
from tui.widgets.facets import DIRECTION_NAMES, TITLES
from tui.words import counted

#: Where the query box's text starts, from the error line's left edge (border and padding).
QUERY_INDENT = "   "


class QueryInput(Input):
    """Where the query is typed; Escape leaves it for the results."""

    BINDINGS = bindings_for("QueryInput")

    class Leave(Message):
        """The researcher is done typing."""

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.value:
            # "/" means "search" everywhere else in the app (as in less, vim and alot), and
            # the box often has the focus already: there it is that key, not the query's
            # first character (no query starts with a slash; references hold one inside).
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


class FilterBar(Widget, can_focus=True):
    """The active filters as chips; Left/Right choose one, Delete removes it."""

    BINDINGS = bindings_for("FilterBar")

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar.-empty { display: none; }
    """

    filters: reactive[tuple[Filter, ...]] = reactive((), always_update=True)
    selected: reactive[int] = reactive(0)

    @dataclass
    class Removed(Message):
        filter: Filter

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("filters: ", "dim")
        for index, chosen in enumerate(self.filters):
            value = (
                DIRECTION_NAMES.get(chosen.value, chosen.value)
                if chosen.facet == "dir"
                else chosen.value
            )
            title = TITLES.get(chosen.facet, chosen.facet)
            label = f"{'not ' if chosen.exclude else ''}{title}: {strip_controls(value)}"
            style = "reverse" if self.has_focus and index == self.selected else "bold"
            text.append(f" {label} ✕ ", style)
            text.append(" ")
        return text

    def watch_filters(self, filters: tuple[Filter, ...]) -> None:
        self.set_class(not filters, "-empty")
        self.selected = min(self.selected, max(0, len(filters) - 1))

    def action_select(self, step: int) -> None:
        if self.filters:
            self.selected = (self.selected + step) % len(self.filters)

    def action_remove(self) -> None:
        if self.filters:
            self.post_message(self.Removed(self.filters[self.selected]))


class SearchBar(Vertical):
    """Query input, the parse error in place, and the active filters."""

    DEFAULT_CSS = """
    SearchBar { height: auto; }
    SearchBar #query-error { height: auto; display: none; }
    SearchBar #query-error.-shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield QueryInput(
            placeholder='Search: words, "phrases", M11295/16, mp:, area:, dept:, date:2016.., tag:',
            id="query",
            # A saved search or a reference can bring escapes in: drawn as symbols.
            highlighter=VisibleControls(),
        )
        yield Static("", id="query-error", markup=False)
        yield FilterBar(id="filters")

    def show_error(self, query: str, message: str, position: int | None) -> None:
        """The query with a caret under the offending token (as the CLI prints it), then
        the message: the caret sits under the token however the box scrolls."""
        from index.query import error_excerpt

        error = self.query_one("#query-error", Static)
        text = Text(no_wrap=False)
        if position is not None:
            # Indented as the box's text is, so that a query that fits sits under itself.
            width = (error.size.width or self.size.width or 80) - len(QUERY_INDENT)
            shown, caret = error_excerpt(query, position, width - 6)
            text.append(f"{QUERY_INDENT}{shown}\n", "dim")
            text.append(f"{QUERY_INDENT}{caret}\n", "bold")
        text.append(strip_controls(message))
        error.update(text)
        error.add_class("-shown")

    def clear_error(self) -> None:
        self.query_one("#query-error", Static).remove_class("-shown")

    def show_filters(self, filters: Sequence[Filter]) -> None:
        self.query_one(FilterBar).filters = tuple(filters)


class StatusLine(Static):
    """Letters shown of total, sort, the index's state, and the archive.

    ``sort`` is the order the letters are in: a search with no words to rank by lists the
    newest first, so the caller passes ``-date`` then, never ``relevance``."""

    _shown: Text | None = None

    def show(
        self,
        archive: str,
        shown: int,
        total: int,
        sort: str,
        index_state: str,
        marked: int,
        suggestion: str | None = None,
    ) -> None:
        sort_name = {"relevance": "relevance", "-date": "newest first", "date": "oldest first"}[
            sort
        ]
        # What changes comes first and the archive's path last: on a narrow terminal the
        # path is cut, never the counts, the sort or the index's state.
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {shown:,} of {counted(total, 'letter')}")
        if suggestion:
            text.append(" · did you mean: ")
            text.append(strip_controls(suggestion), "bold")
        text.append(f" · sort: {sort_name}")
        if marked:
            text.append(f" · {marked:,} marked")
        text.append(f" · index: {index_state} ")
        text.append(f" {strip_controls(archive)} ", "reverse")
        if text == self._shown:
            return  # the same line again (each results shown asks): not redrawn
        self._shown = text
        # One line high whatever it says (app.tcss): a layout of the whole screen, which
        # ``update`` does by default, only delayed the results drawn with it.
        self.update(text, layout=False)
