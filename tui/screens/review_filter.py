"""Choose a department, an MP or a year to narrow the review list: type to narrow, Enter."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from tui.screens.picker import ChoicePicker
from tui.text import strip_controls

#: (kind, value or None to drop the kind's filter, how many items it leaves or has)
Choice = tuple[str, str | None, int]


class ReviewFilterPicker(ChoicePicker[tuple[str, str | None]]):
    """Every department, MP and year of the review list with its count; the active filters
    first, each with a choice that drops it."""

    def __init__(self, choices: Sequence[Choice], active: dict[str, str]) -> None:
        super().__init__("Filter the review list", "a department, MP or year: type to narrow")
        self.choices = list(choices)
        self.active = dict(active)
        self.shown: list[tuple[str, str | None]] = []

    def fill(self, typed: str) -> None:
        words = typed.lower().split()
        self.shown = []
        prompts = []
        for kind, active in self.active.items():
            line = f"all {_PLURAL[kind]} (drop {kind}: {active})"
            if all(word in line.lower() for word in words):
                self.shown.append((kind, None))
                prompts.append(Option(Text(strip_controls(line), "italic")))
        for kind, value, count in self.choices:
            if value is None or self.active.get(kind) == value:
                continue
            if not all(word in f"{kind} {value}".lower() for word in words):
                continue
            label = Text(f"{kind:<11}", "dim")
            label.append(strip_controls(value))
            label.append(f"  {count:,}", "dim")
            self.shown.append((kind, value))
            prompts.append(Option(label))
        self.show_options(prompts)

    def chosen(self, index: int) -> tuple[str, str | None] | None:
        return self.shown[index] if index < len(self.shown) else None


_PLURAL = {"department": "departments", "MP": "MPs", "year": "years"}
