"""Key bindings shared by several screens and views, and the list of every binding declared.

The list (found by walking the screens and widgets) serves the check of the settings'
``[keys]`` ids and the test that each binding explains itself."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding


def scroll_bindings(prefix: str, *, start: str, end: str) -> list[Binding]:
    """Line, page, top and bottom keys of a scrolling view (the reader, compare); ``start``
    and ``end`` say where its top and bottom keys go. Ids are ``prefix.down`` and so on."""
    keys = (
        ("j,down", "scroll_lines(1)", "Down", "Scroll down a line", "down"),
        ("k,up", "scroll_lines(-1)", "Up", "Scroll up a line", "up"),
        ("pagedown,space", "page(1)", "Page down", "Scroll down a screen", "page_down"),
        ("pageup", "page(-1)", "Page up", "Scroll up a screen", "page_up"),
        ("g,home", "top", "Top", f"To {start}", "top"),
        ("G,end", "bottom", "Bottom", f"To {end}", "bottom"),
    )
    return [
        Binding(key, action, description, tooltip=tooltip, show=False, id=f"{prefix}.{name}")
        for key, action, description, tooltip, name in keys
    ]


def back_binding(owner: str, tooltip: str, *, keys: str = "escape", show: bool = True) -> Binding:
    """The key back to the screen below (Escape, or ``keys``); its id is ``owner.back``."""
    return Binding(keys, "app.pop_screen", "Back", tooltip=tooltip, show=show, id=f"{owner}.back")


def cancel_binding(owner: str, tooltip: str) -> Binding:
    """Escape closes a dialog, doing nothing (it is dismissed with None); its id is
    ``owner.cancel``."""
    return Binding("escape", "dismiss", "Cancel", tooltip=tooltip, id=f"{owner}.cancel")


def letter_bindings(prefix: str = "", *, marked: bool = False) -> list[Binding]:
    """The keys that act on the letter in view: tags, note, holding/full and corrections.
    ``marked``: tags go to the marked letters when there are any. Ids are ``prefix`` + name."""
    tags = "Edit the tags of this (or the marked) letters" if marked else "Edit this letter's tags"
    return [
        Binding("t", "tag", "Tag", id=f"{prefix}tag", tooltip=tags),
        Binding(
            "e", "note", "Note", id=f"{prefix}note", tooltip="Write or edit this letter's note"
        ),
        Binding(
            "h",
            "mark_reply",
            "Holding/full",
            id=f"{prefix}mark_reply",
            tooltip="Mark this reply as a holding reply, as the full answer, or neither "
            "(reply times count the full answer)",
        ),
        Binding(
            "E",
            "correct",
            "Correct",
            show=False,
            id=f"{prefix}correct",
            tooltip="Correct a field the extractor read wrongly (mp, date, direction, ...)",
        ),
    ]


def all_bindings() -> list[tuple[str, Binding]]:
    """(owner class, binding) for the app and every screen and widget module of ``tui``."""
    import tui.app
    import tui.screens
    import tui.widgets

    modules = [tui.app]
    for package in (tui.screens, tui.widgets):
        modules += [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
        ]
    found = []
    for module in modules:
        for name, owner in vars(module).items():
            if inspect.isclass(owner) and owner.__module__ == module.__name__:
                for binding in vars(owner).get("BINDINGS", []):
                    if isinstance(binding, Binding):
                        found.append((f"{module.__name__}.{name}", binding))
    return found


def binding_ids() -> set[str]:
    """The ids a ``[keys]`` entry can name."""
    return {binding.id for _owner, binding in all_bindings() if binding.id}
