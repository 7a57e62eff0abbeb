"""The facet pane: MP, area, department, year, direction, tag and reply time, with counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from archive.extract.lexicon import acronym
from index.results import FacetCount, Filter
from tui.keys import bindings_for
from tui.text import strip_controls

TITLES = {
    "mp": "MP",
    "area": "Area",
    "dept": "Department",
    "year": "Year",
    "dir": "Direction",
    "tag": "Tag",
    "reply": "Reply time",
}
DIRECTION_NAMES = {"to_mp": "to the MP", "from_mp": "from the MP", "other": "other"}
SHOWN_PER_FACET = 12


class FacetList(OptionList):
    """Facet values for the current query; Enter keeps only that value, x leaves it out."""

    BINDINGS = bindings_for("FacetList")

    @dataclass
    class Chosen(Message):
        filter: Filter

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._values: dict[str, tuple[str, str]] = {}
        #: The counts and filters on show: the same again (a query typed on) is not rebuilt.
        self._shown: tuple[object, ...] | None = None

    def show(self, facets: Mapping[str, Sequence[FacetCount]], active: Sequence[Filter]) -> None:
        """Replace the values, keeping the highlight on the same value where possible."""
        on_show = (tuple((f, tuple(counts)) for f, counts in facets.items()), tuple(active))
        if on_show == self._shown:
            return
        self._shown = on_show
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        chosen = {(f.facet, f.value): f.exclude for f in active}
        options: list[Option] = []
        self._values = {}
        for facet, title in TITLES.items():
            counts = list(facets.get(facet, ()))
            filtered = [(f, v) for (f, v) in chosen if f == facet]
            if not counts and not filtered:
                continue
            options.append(Option(Text(title, style="bold"), disabled=True, id=f"title:{facet}"))
            shown = counts[:SHOWN_PER_FACET]
            for key in filtered:
                if key[1] not in {c.value for c in shown}:
                    shown.append(FacetCount(key[1], 0))
            for count in shown:
                option_id = f"{facet}\x00{count.value}"
                self._values[option_id] = (facet, count.value)
                label = Text(no_wrap=True, overflow="ellipsis")
                state = chosen.get((facet, count.value))
                label.append("✓" if state is False else "✗" if state else " ")
                label.append(f"{count.count:>5} " if count.count else "      ", "dim")
                name = (
                    DIRECTION_NAMES.get(count.value, count.value) if facet == "dir" else count.value
                )
                if facet == "dept" and (short := acronym(count.value)):
                    # A narrow pane cuts "Department for ..." short: the acronym tells them apart.
                    name = f"{short} · {name}"
                label.append(strip_controls(name))
                options.append(Option(label, id=option_id))
            if len(counts) > SHOWN_PER_FACET:
                options.append(
                    Option(
                        Text(f"  … {len(counts) - SHOWN_PER_FACET} more (Ctrl+P)", style="dim"),
                        disabled=True,
                        id=f"more:{facet}",
                    )
                )
        self.clear_options()
        self.add_options(options)
        if highlighted is not None and highlighted in self._values:
            self.highlighted = self.get_option_index(highlighted)
        elif self._values:
            self.highlighted = self.get_option_index(next(iter(self._values)))

    def values_of(self, facet: str) -> list[str]:
        return [value for f, value in self._values.values() if f == facet]

    def action_choose(self, exclude: bool) -> None:
        option = self.highlighted_option
        if option is None or option.id not in self._values:
            return
        facet, value = self._values[option.id]
        self.post_message(self.Chosen(Filter(facet, value, exclude)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose(False)
