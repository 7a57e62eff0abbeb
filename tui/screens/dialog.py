"""The frame the small dialogs share: a titled box, their own widgets, then a status line."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import getters
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.screens import dispatch_app

_Result = TypeVar("_Result")


class Dialog(ModalScreen[_Result]):
    """A titled box over the screen below: the dialog's widgets (``compose_fields``), then a
    line that says what is wrong with what was typed, or how the work is going (``say``).

    ``FRAME_ID`` and ``STATUS_ID`` name the box and the line (``app.tcss`` styles them);
    ``FOCUS`` is the kind of widget that has the focus when the dialog opens."""

    app = getters.app(dispatch_app)

    FRAME_ID: ClassVar[str]
    STATUS_ID: ClassVar[str]
    FOCUS: ClassVar[type[Widget]] = Input

    def compose(self) -> ComposeResult:
        with Vertical(id=self.FRAME_ID):
            yield from self.compose_fields()
            yield Static("", id=self.STATUS_ID, markup=False)

    def compose_fields(self) -> ComposeResult:
        """The dialog's own widgets, above the status line."""
        raise NotImplementedError

    def frame_title(self) -> str:
        """The box's title when it opens."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.query_one(f"#{self.FRAME_ID}").border_title = self.frame_title()
        self.query_one(self.FOCUS).focus()
        self.opened()

    def opened(self) -> None:
        """Start what the dialog does once shown (reading the store in a worker, say)."""

    def say(self, status: str) -> None:
        """Show ``status`` on the status line (plain text, never markup)."""
        self.query_one(f"#{self.STATUS_ID}", Static).update(status)
