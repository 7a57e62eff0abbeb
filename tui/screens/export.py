"""Export the current results to a file named in a prompt (.csv, .jsonl or .md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from index.searcher import Filter, Sort
from tui.screens import dispatch_app
from tui.words import counted

if TYPE_CHECKING:
    pass


class ExportPrompt(ModalScreen[None]):
    """Ask for a file name; the ending chooses the format."""

    app = getters.app(dispatch_app)

    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="export.cancel")]

    def __init__(self, query: str, filters: tuple[Filter, ...], sort: Sort, total: int) -> None:
        super().__init__()
        self.query_text = query
        self.filters = filters
        self.sort = sort
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(
                f"{counted(self.total, 'letter')}, with references, dates, MP, department, tags "
                "and notes.\n"
                "The file's ending sets the format: .csv, .jsonl or .md",
                markup=False,
            )
            yield Input(value=str(Path.cwd() / "dispatchbox-export.csv"), id="export-path")
            yield Static("", id="export-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#export").border_title = "Export results"
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def start(self, event: Input.Submitted) -> None:
        from index.export import ExportError, format_for

        path = Path(event.value.strip()).expanduser()
        try:
            format_for(path)
        except ExportError as error:
            self.query_one("#export-error", Static).update(str(error))
            return
        self.query_one("#export-error", Static).update("exporting…")
        self.write(path)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def write(self, path: Path) -> None:
        from index.export import ExportError, export

        try:
            count = export(self.app.searcher, path, self.query_text, self.filters, self.sort)
        except ExportError as error:
            self.app.call_from_thread(self.query_one("#export-error", Static).update, str(error))
            return
        self.app.call_from_thread(self.notify, f"Exported {counted(count, 'letter')} to {path}")
        self.app.call_from_thread(self.dismiss)
