"""The keys (``?``): every key of the screen below, the app's own first, in a list that scrolls.

Textual's help panel put its own keys (scrolling, focus, copy) first and, at 80x24, pushed
the app's keys below the fold; this lists what the researcher can do here first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.keys import bindings_for


@dataclass(frozen=True)
class KeyRow:
    keys: str
    description: str
    tooltip: str


def key_sections(screen: Screen[object]) -> list[tuple[str, list[KeyRow]]]:
    """The keys active on ``screen``, in sections: the screen's, the focused part's, the
    app's (Quit, Keys, the palette), then the terminal toolkit's own."""
    app = screen.app
    groups: dict[str, dict[tuple[int, str], list[tuple[str, Binding]]]] = {
        "screen": {},
        "focused": {},
        "app": {},
        "toolkit": {},
    }
    for node, binding, _enabled, tooltip in screen.active_bindings.values():
        if not binding.description:
            continue
        ours = binding.id is not None or binding.action == "command_palette"
        if not ours:
            section = "toolkit"
        elif node is app:
            section = "app"
        elif node is screen:
            section = "screen"
        else:
            section = "focused"
        groups[section].setdefault((id(node), binding.action), []).append(
            (tooltip or binding.tooltip, binding)
        )
    focused = screen.focused
    titles = {
        "screen": "On this screen",
        "focused": f"In the {_part_name(focused)}" if focused else "Here",
        "app": "Everywhere",
        "toolkit": "Scrolling, focus and copying",
    }
    sections = []
    for section in ("screen", "focused", "app", "toolkit"):
        rows = []
        for bound in groups[section].values():
            keys = " ".join(app.get_key_display(binding) for _tip, binding in bound)
            tooltip, binding = bound[0]
            rows.append(KeyRow(keys, binding.description, tooltip))
        if rows:
            sections.append((titles[section], rows))
    return sections


def _part_name(widget: object) -> str:
    names = {
        "ResultsList": "list",
        "LetterText": "letter",
        "QueryInput": "search box",
        "FilterBar": "filters",
        "FacetList": "facets",
        "CompareView": "comparison",
        "OptionList": "list",
        "DataTable": "table",
    }
    return names.get(type(widget).__name__, "focused part")


class KeysScreen(ModalScreen[None]):
    """Every key of the screen below; Escape or ``?`` closes it."""

    BINDINGS = bindings_for("KeysScreen")

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self.sections = key_sections(below)

    def compose(self) -> ComposeResult:
        parts: list[RenderableType] = []
        for title, rows in self.sections:
            parts.append(Text(title, "bold"))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(justify="right", no_wrap=True, style="bold")
            grid.add_column()
            for row in rows:
                description = Text(row.description)
                if row.tooltip and row.tooltip != row.description:
                    description.append(f"  {row.tooltip}", "dim")
                grid.add_row(Text(row.keys), description)
            parts += [Padding(grid, (0, 0, 1, 2))]
        parts.append(Text("Escape or ? closes this list.", "dim"))
        with VerticalScroll(id="keys") as scroll:
            scroll.border_title = "Keys"
            yield Static(Group(*parts), id="keys-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#keys").focus()
