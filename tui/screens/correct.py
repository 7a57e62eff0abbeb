"""The correction editor: pick a metadata field of a letter, type its right value, or clear it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from archive.corrections import FIELD_KINDS, FIELDS, format_value, parse_value
from tui.keys import bindings_for
from tui.messages import AnnotationsChanged
from tui.screens.dialog import Dialog
from tui.text import VisibleControls, display_line, strip_controls


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One field as the editor lists it: the value that counts, and what was extracted."""

    field: str
    value: Any
    extracted: Any
    corrected: bool


class CorrectionEditor(Dialog[None]):
    """Enter on a field edits it; Enter in the box saves; Ctrl+D withdraws a correction."""

    BINDINGS = bindings_for("CorrectionEditor")
    FRAME_ID = "correct-editor"
    STATUS_ID = "correct-error"
    FOCUS = OptionList

    def __init__(self, letter_id: str) -> None:
        super().__init__()
        self.letter_id = letter_id
        self.rows: list[FieldRow] = []
        self.editing: str | None = None

    def compose_fields(self) -> ComposeResult:
        yield OptionList(id="correct-fields")
        yield Input(
            placeholder="pick a field above (Enter)",
            id="correct-value",
            highlighter=VisibleControls(),
        )

    def frame_title(self) -> str:
        return "Correct"

    def opened(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        store = self.app.store
        letter = store.get(self.letter_id)
        if letter is None:
            return
        # The letter as a researcher names it (date, reference, parties), not its id.
        title = f"Correct {display_line(letter.label())}"
        current = letter.metadata.to_json()
        corrected = {c.field: c for c in store.corrections(self.letter_id)}
        rows = [
            FieldRow(
                name,
                current.get(name),
                corrected[name].extracted if name in corrected else current.get(name),
                name in corrected,
            )
            for name in FIELDS
        ]
        self.post_message(self.FieldsRead(title, rows))

    @dataclass
    class FieldsRead(Message):
        """The letter's name and its fields, as read in the worker."""

        title: str
        rows: list[FieldRow]

    @on(FieldsRead)
    def show_fields(self, message: FieldsRead) -> None:
        self.query_one(f"#{self.FRAME_ID}").border_title = message.title
        rows = self.rows = message.rows
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        width = max(len(row.field) for row in rows)
        for row in rows:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{row.field:<{width}}  ", "bold" if row.corrected else "")
            line.append(strip_controls(format_value(row.value) or "—"))
            if row.corrected:
                extracted = strip_controls(format_value(row.extracted) or "nothing")
                line.append(f"  ✎ corrected; extracted {extracted}", "italic")
            options.add_option(Option(line, id=row.field))
        options.highlighted = highlighted if highlighted is not None else 0

    @on(AnnotationsChanged)
    def reload(self, message: AnnotationsChanged) -> None:
        if self.letter_id in message.letter_ids:
            self.load()

    @on(OptionList.OptionSelected, "#correct-fields")
    def edit_field(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id
        row = next((r for r in self.rows if r.field == name), None)
        if row is None:
            return
        self.editing = row.field
        box = self.query_one(Input)
        box.placeholder = _hint(row.field)
        box.value = format_value(row.value)
        self.say(f"{row.field}: Enter saves, an empty value means none; Escape goes back")
        box.focus()

    @on(Input.Submitted, "#correct-value")
    def save(self, event: Input.Submitted) -> None:
        if self.editing is None:
            self.query_one(OptionList).focus()
            return
        try:
            value = parse_value(self.editing, event.value)
        except ValueError as error:
            self.say(str(error))
            return
        self.app.correct_fields(self.letter_id, {self.editing: value})
        self.say(f"{self.editing}: saved")
        self._done_editing()

    def action_clear(self) -> None:
        name = self.editing or self._highlighted_field()
        if name is None:
            return
        row = next((r for r in self.rows if r.field == name), None)
        if row is None or not row.corrected:
            self.say(f"{name}: not corrected")
            return
        self.app.correct_fields(self.letter_id, {}, (name,))
        self.say(f"{name}: as extracted again")
        self._done_editing()

    def action_close(self) -> None:
        if self.editing is not None:
            self._done_editing()
            self.say("")
            return
        self.dismiss()

    def _done_editing(self) -> None:
        self.editing = None
        box = self.query_one(Input)
        box.value = ""
        box.placeholder = "pick a field above (Enter)"
        self.query_one(OptionList).focus()

    def _highlighted_field(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id


def _hint(field: str) -> str:
    return {
        "date": "YYYY-MM-DD",
        "list": "values separated by commas (or ; when one holds a comma)",
        "direction": "to_mp, from_mp or other",
        "text": "the right value",
    }[FIELD_KINDS[field]]
