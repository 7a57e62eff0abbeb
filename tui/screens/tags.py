"""The tag editor: the tags of one letter (or several marked ones), with completion."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Static

from archive.store import validate_tag
from tui.keys import bindings_for
from tui.screens.dialog import Dialog
from tui.text import VisibleControls, display_line
from tui.words import counted


class LastWordSuggester(Suggester):
    """Completes the word being typed from the archive's tags (+ and - kept)."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        # The input draws a suggestion as it is: a tag with escapes in it is never offered.
        self.tags = [tag for tag in tags if tag.isprintable()]

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        sign = last[:1] if last[:1] in "+-" else ""
        stem = last[len(sign) :]
        if not stem:
            return None
        for tag in self.tags:
            if tag.startswith(stem) and tag != stem:
                return f"{head} {sign}{tag}".lstrip() if head else f"{sign}{tag}"
        return None


class TagEditor(Dialog[None]):
    """Type tags to add (word or +word) and to remove (-word); Enter saves."""

    BINDINGS = bindings_for("TagEditor")
    FRAME_ID = "tag-editor"
    STATUS_ID = "tag-error"

    def __init__(self, letter_ids: list[str]) -> None:
        super().__init__()
        self.letter_ids = letter_ids

    def compose_fields(self) -> ComposeResult:
        yield Static("", id="tag-current", markup=False)
        yield Input(
            placeholder="follow-up +foi -draft   (Tab completes)",
            id="tag-input",
            highlighter=VisibleControls(),
        )

    def frame_title(self) -> str:
        many = len(self.letter_ids) > 1
        return f"Tags for {counted(len(self.letter_ids), 'letter')}" if many else "Tags"

    def opened(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        store = self.app.store
        known = [tag for tag, _n in store.tag_counts().most_common()]
        current: dict[str, int] = {}
        for letter_id in self.letter_ids:
            for tag in store.annotation(letter_id).tags:
                current[tag] = current.get(tag, 0) + 1
        self.post_message(self.TagsRead(known, current))

    @dataclass
    class TagsRead(Message):
        """The archive's tags, most used first, and how many of the letters have each."""

        known: list[str]
        current: dict[str, int]

    @on(TagsRead)
    def show_tags(self, message: TagsRead) -> None:
        current = message.current
        self.query_one(Input).suggester = LastWordSuggester(message.known)
        text = Text()
        text.append("now: ", "dim")
        if not current:
            text.append("no tags")
        for tag, count in current.items():
            suffix = f" ({count}/{len(self.letter_ids)})" if len(self.letter_ids) > 1 else ""
            text.append(f"{display_line(tag)}{suffix}  ", "bold")
        self.query_one("#tag-current", Static).update(text)

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        add: list[str] = []
        remove: list[str] = []
        try:
            for word in event.value.split():
                if word.startswith("-"):
                    remove.append(validate_tag(word[1:]))
                else:
                    add.append(validate_tag(word[1:] if word.startswith("+") else word))
        except ValueError as error:
            self.say(str(error))
            return
        if add or remove:
            self.app.change_tags(self.letter_ids, add=add, remove=remove)
        self.dismiss()
