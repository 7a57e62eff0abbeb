"""The app's screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app import DispatchBoxApp


def dispatch_app() -> type[DispatchBoxApp]:
    """The app's class, for ``getters.app`` (imported late: the app imports the screens)."""
    from tui.app import DispatchBoxApp

    return DispatchBoxApp
