"""Letters tagged for follow-up, with their notes; sortable by date; Enter opens one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from archive.extract.lexicon import acronym
from index.results import department
from tui.keys import bindings_for
from tui.screens import dispatch_app
from tui.terminal import terminal_safe
from tui.text import strip_controls
from tui.widgets.footer import KeyFooter
from tui.words import counted


class FollowUpScreen(Screen[None]):
    """Everything tagged for follow-up."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("FollowUpScreen")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.newest_first = False

    def compose(self) -> ComposeResult:
        yield Static("", id="followup-title", markup=False)
        yield DataTable(id="followup-table", cursor_type="row", zebra_stripes=True)
        # The table cuts a long note to its column: the highlighted letter's note in full.
        yield Static("", id="followup-note", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("date", "reference", "MP", "department", "note")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        store = self.app.store
        tag = self.app.config.follow_up_tag
        rows = []
        for letter_id, annotation in store.annotations().items():
            if tag not in annotation.tags:
                continue
            letter = store.get(letter_id)
            meta = letter.metadata if letter else None
            across = department(letter) if letter else None
            rows.append(
                {
                    "id": letter_id,
                    "date": meta.date.isoformat() if meta and meta.date else "",
                    "reference": meta.references[0] if meta and meta.references else "",
                    "mp": (meta.mp if meta else None) or "",
                    "department": across or ("(not in the archive)" if letter is None else ""),
                    "note": annotation.note,
                }
            )
        self.post_message(self.RowsRead(rows))

    @dataclass
    class RowsRead(Message):
        """The letters tagged for follow-up, a row each (read in the worker)."""

        rows: list[dict[str, Any]]

    @on(RowsRead)
    def show_rows(self, message: RowsRead) -> None:
        rows = self.rows = message.rows
        title = Text(
            f" Follow-up ({self.app.config.follow_up_tag}): {counted(len(rows), 'letter')}",
            "bold",
        )
        if not rows:
            title.append("  (f on a letter in the workbench tags it for follow-up)", "dim")
        self.query_one("#followup-title", Static).update(title)
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        ordered = sorted(self.rows, key=lambda r: r["date"] or "0", reverse=self.newest_first)
        # On a narrow screen a department's acronym leaves the note room to show.
        narrow = self.app.size.width < 100
        for row in ordered:
            note = row["note"].strip().replace("\n", " ⏎ ")
            across = row["department"]
            if narrow:
                across = acronym(across) or across
            table.add_row(
                row["date"] or "—",
                Text(strip_controls(row["reference"])),
                Text(strip_controls(row["mp"])),
                Text(strip_controls(across)),
                Text(strip_controls(note)[:200]),
                key=row["id"],
            )

    @on(DataTable.RowHighlighted)
    def show_note(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        row = next((r for r in self.rows if r["id"] == key), None)
        pane = self.query_one("#followup-note", Static)
        if row is None or not row["note"].strip():
            pane.update(Text("no note", "dim") if row is not None else "")
            return
        pane.update(Text(terminal_safe(row["note"].strip())))

    def action_sort(self) -> None:
        self.newest_first = not self.newest_first
        self._fill()
        self.notify("newest first" if self.newest_first else "oldest first", timeout=1.5)

    def _current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.value) if key.value else None

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        letter_id = self._current_id()
        if letter_id is None:
            return
        from tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(letter_id))

    def action_note(self) -> None:
        from tui.screens.note import NoteEditor

        letter_id = self._current_id()
        if letter_id:
            self.app.push_screen(NoteEditor(letter_id), self._reload_after)

    def _reload_after(self, _result: None) -> None:
        self.load()
