"""Export the current results to a file named in a prompt (.csv, .jsonl or .md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Static

from index.results import Filter, Sort
from tui.keys import bindings_for
from tui.messages import Notice
from tui.screens.dialog import Dialog
from tui.words import counted


class ExportPrompt(Dialog[None]):
    """Ask for a file name; the ending chooses the format."""

    BINDINGS = bindings_for("ExportPrompt")
    FRAME_ID = "export"
    STATUS_ID = "export-error"

    def __init__(self, query: str, filters: tuple[Filter, ...], sort: Sort, total: int) -> None:
        super().__init__()
        self.query_text = query
        self.filters = filters
        self.sort = sort
        self.total = total
        #: The existing file the researcher was asked about (Enter again replaces it).
        self.replace_path: Path | None = None

    @property
    def folder(self) -> Path:
        """Where a file named without a folder goes (never the current folder)."""
        from archive.paths import default_export_dir

        return default_export_dir(self.app.store.root)

    def compose_fields(self) -> ComposeResult:
        yield Static(
            f"{counted(self.total, 'letter')}, with references, dates, MP, department, tags "
            "and notes.\n"
            "The file's ending sets the format: .csv, .jsonl or .md",
            markup=False,
        )
        yield Input(value=str(self.folder / "dispatchbox-export.csv"), id="export-path")

    def frame_title(self) -> str:
        return "Export results"

    @on(Input.Submitted)
    def start(self, event: Input.Submitted) -> None:
        from index.export import ExportError, format_for

        path = self.folder / Path(event.value.strip()).expanduser()
        try:
            format_for(path)
        except ExportError as error:
            self.say(str(error))
            return
        self.say("exporting…")
        self.write(path, replace=path == self.replace_path)

    @on(Input.Changed)
    def forget_question(self) -> None:
        self.replace_path = None

    @work(thread=True, exclusive=True, exit_on_error=False)
    def write(self, path: Path, replace: bool) -> None:
        from index.export import ExportError, ExportExists, export

        if path.parent == self.folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            count = export(
                self.app.searcher, path, self.query_text, self.filters, self.sort, replace=replace
            )
        except ExportExists:
            self.post_message(self.Stopped(path, exists=True))
            return
        except ExportError as error:
            self.post_message(self.Stopped(path, problem=str(error)))
            return
        # The file's name on a line of its own: a long folder wraps, the name stays whole.
        where = f"{path.name}\nin {path.parent}"
        self.app.post_message(Notice(f"Exported {counted(count, 'letter')} to\n{where}"))
        self.post_message(self.Stopped(path))

    @dataclass
    class Stopped(Message):
        """The export ended: done, or the file exists (ask to replace it), or a problem."""

        path: Path
        exists: bool = False
        problem: str | None = None

    @on(Stopped)
    def export_stopped(self, message: Stopped) -> None:
        if message.problem is not None:
            self.say(message.problem)
        elif message.exists:
            self._ask_to_replace(message.path)
        else:
            self.dismiss()

    def _ask_to_replace(self, path: Path) -> None:
        self.replace_path = path
        self.say(f"{path} exists already: Enter again replaces it, or change the name")
