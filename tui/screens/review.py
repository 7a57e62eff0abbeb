"""The review screen: doubtful links and letters with no link, each with its best candidates.

One key decides: ``y`` confirms the proposed link, ``x`` rejects it, ``1``-``3`` link to a
candidate instead, ``u`` withdraws the decisions on the item. Decisions are annotations:
they outrank the automatic pairing and survive any re-import or rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from archive.models import Letter
from archive.pairing import MIN_SCORE
from archive.threads import ReviewItem
from tui.screens import dispatch_app
from tui.text import strip_controls
from tui.widgets.footer import KeyFooter
from tui.words import counted

if TYPE_CHECKING:
    pass

#: The list shows this many items at most (the most doubtful links come first).
SHOWN = 2000
KIND_NAMES = {
    "uncertain": "doubtful link",
    "unlinked": "reply, no link",
    "unanswered": "no reply",
}


@dataclass
class ReviewLoaded(Message):
    items: list[ReviewItem]
    letters: dict[str, Letter]


class ReviewScreen(Screen[None]):
    """Decide doubtful links one key at a time."""

    app = getters.app(dispatch_app)

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="review.back"),
        Binding("y", "confirm", "Confirm", id="review.confirm"),
        Binding("x", "reject", "Reject", id="review.reject"),
        Binding("1", "choose(0)", "1-3 Link to", id="review.choose_1"),
        Binding("2", "choose(1)", "Link to 2", show=False, id="review.choose_2"),
        Binding("3", "choose(2)", "Link to 3", show=False, id="review.choose_3"),
        Binding("c", "compare", "Compare", id="review.compare"),
        Binding("u", "undo", "Undo", id="review.undo", tooltip="Undo the last decision"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ReviewItem] = []
        self.letters: dict[str, Letter] = {}
        self._keep: str | None = None
        #: Decisions made here, last first: (reply, letter, the verdict it had before or None)
        self._done: list[tuple[str, str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield Static("Looking for doubtful links…", id="review-title", markup=False)
        with Horizontal(id="review-panes"):
            yield OptionList(id="review-list")
            with VerticalScroll(id="review-detail-pane"):
                yield Static("", id="review-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#review-list").border_title = "To review"
        self.query_one("#review-detail-pane").border_title = "Evidence"
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="review")
    def load(self) -> None:
        from archive.threads import review_items

        items = review_items(self.app.threads.pairing())
        wanted = {item.letter_id for item in items[:SHOWN]}
        for item in items[:SHOWN]:
            if item.link is not None:
                wanted.add(item.link.letter_id)
            wanted.update(c.letter_id for c in item.candidates)
        letters = {i: found for i in wanted if (found := self.app.store.get(i)) is not None}
        self.post_message(ReviewLoaded(items, letters))

    @on(ReviewLoaded)
    def show(self, message: ReviewLoaded) -> None:
        self.items, self.letters = message.items, message.letters
        options = self.query_one(OptionList)
        keep = self._keep or (
            options.highlighted_option.id if options.highlighted_option is not None else None
        )
        position = options.highlighted or 0
        options.clear_options()
        counts = {kind: sum(1 for i in self.items if i.kind == kind) for kind in KIND_NAMES}
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(
            f" {counted(counts['uncertain'], 'doubtful link')} · "
            f"{counted(counts['unlinked'], 'reply', 'replies')} with no link · "
            f"{counted(counts['unanswered'], 'letter')} with no reply "
        )
        if len(self.items) > SHOWN:
            title.append(f" (the first {SHOWN} shown)", "dim")
        self.query_one("#review-title", Static).update(title)
        if not self.items:
            options.add_option(Option("Nothing to review: every letter is paired", disabled=True))
            self.query_one("#review-detail", Static).update("")
            return
        options.add_options(
            Option(self._label(item), id=item.letter_id) for item in self.items[:SHOWN]
        )
        ids = [item.letter_id for item in self.items[:SHOWN]]
        options.highlighted = ids.index(keep) if keep in ids else min(position, len(ids) - 1)
        self._keep = None
        self._detail()

    def _label(self, item: ReviewItem) -> Text:
        label = Text(no_wrap=True, overflow="ellipsis")
        confidence = f"{item.link.confidence:.2f}" if item.link else "  – "
        label.append(f"{confidence} ", "bold" if item.link else "dim")
        label.append(f"{KIND_NAMES[item.kind]:<15}", "dim")
        label.append(strip_controls(self._short(item.letter_id)))
        return label

    def _short(self, letter_id: str) -> str:
        """The letter as a researcher names it: date, reference, sender → recipient in full
        (a narrow list cuts the end, never the middle of a name)."""
        letter = self.letters.get(letter_id)
        return letter.label() if letter is not None else "a letter no longer in the archive"

    @property
    def current(self) -> ReviewItem | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or options.highlighted >= len(self.items):
            return None
        return self.items[options.highlighted]

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self._detail()
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def selected(self) -> None:
        self.action_compare()

    def _detail(self) -> None:
        item = self.current
        detail = self.query_one("#review-detail", Static)
        if item is None:
            detail.update("")
            return
        text = Text()
        role = "Reply" if item.is_reply else "Letter"
        text.append(f"{role}\n", "bold")
        text.append(f"  {strip_controls(self._short(item.letter_id))}\n")
        letter = self.letters.get(item.letter_id)
        if letter is not None and letter.metadata.references:
            text.append(f"  refs: {strip_controls(', '.join(letter.metadata.references))}\n")
        text.append("\n")
        if item.link is not None:
            text.append("Linked to", "bold")
            source = _SOURCES.get(item.link.source, item.link.source)
            text.append(f"  {item.link.confidence:.0%} sure ({source})\n")
            text.append(f"  {strip_controls(self._short(item.link.letter_id))}\n")
            for reason in item.link.reasons:
                text.append(f"    · {strip_controls(reason)}\n", "dim")
            text.append("  y confirms, x rejects\n\n")
        heading = "Letters it may answer" if item.is_reply else "Replies that may answer it"
        if not item.candidates:
            text.append(f"{heading}: none found in the archive.\n", "dim")
        else:
            text.append(f"{heading} (1-3 links to one):\n", "bold")
        for number, candidate in enumerate(item.candidates[:3], 1):
            text.append(f"\n {number}  ", "reverse")
            text.append(f" {_strength(candidate.score)}\n")
            text.append(f"    {strip_controls(self._short(candidate.letter_id))}\n")
            for reason in candidate.reasons:
                text.append(f"    · {strip_controls(reason)}\n", "dim")
        detail.update(text)

    # -- decisions -----------------------------------------------------------------------------

    def action_confirm(self) -> None:
        item = self.current
        if item is None or item.link is None:
            self.notify("No link to confirm here: 1-3 links to a candidate")
            return
        self.decide(item.letter_id, item.link.letter_id, "confirmed", item)

    def action_reject(self) -> None:
        item = self.current
        if item is None or item.link is None:
            self.notify("No link to reject here")
            return
        self.decide(item.letter_id, item.link.letter_id, "rejected", item)

    def action_choose(self, number: int) -> None:
        item = self.current
        if item is None or number >= len(item.candidates):
            self.notify(f"There is no candidate {number + 1}")
            return
        reply_id, letter_id = item.pair_with(item.candidates[number].letter_id)
        proposed = item.link is not None and item.link.letter_id == letter_id
        self.decide(reply_id, letter_id, "confirmed" if proposed else "manual", item)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Confirm and reject only where there is a link (dimmed in the footer otherwise)."""
        if action in ("confirm", "reject"):
            item = self.current if self.is_mounted else None
            return item is not None and item.link is not None
        return True

    def action_undo(self) -> None:
        if self._done:
            self.undo_last()
            return
        item = self.current
        if item is not None:
            self.undo(item)

    @work(thread=True, exit_on_error=False, group="decide")
    def decide(self, reply_id: str, letter_id: str, verdict: str, item: ReviewItem) -> None:
        before = self.app.threads.decisions()
        self.app.store.decide_link(reply_id, letter_id, verdict)
        self._done.append((reply_id, letter_id, before.get((reply_id, letter_id))))
        words = {"confirmed": "Confirmed", "rejected": "Rejected", "manual": "Linked"}[verdict]
        self.app.call_from_thread(
            self.notify, f"{words}: {reply_id} answers {letter_id}", timeout=3
        )
        self._after_decision(item)

    @work(thread=True, exit_on_error=False, group="decide")
    def undo(self, item: ReviewItem) -> None:
        store = self.app.store
        touched = [d for d in store.link_decisions() if item.letter_id in (d.reply_id, d.letter_id)]
        for decision in touched:
            store.decide_link(decision.reply_id, decision.letter_id, None)
        self.app.call_from_thread(
            self.notify,
            f"Withdrew {len(touched)} decision(s) on {item.letter_id}"
            if touched
            else "No decision to withdraw here",
            timeout=3,
        )
        self._after_decision(item, keep=True)

    @work(thread=True, exit_on_error=False, group="decide")
    def undo_last(self) -> None:
        """Take back the last decision made on this screen (the item comes back to the list)."""
        reply_id, letter_id, before = self._done.pop()
        self.app.store.decide_link(reply_id, letter_id, before)
        self.app.call_from_thread(
            self.notify, f"Undone: the decision on {reply_id} and {letter_id}", timeout=3
        )
        self._keep = reply_id
        self.app.post_pairing_changed()
        self.load()

    def _after_decision(self, item: ReviewItem, keep: bool = False) -> None:
        """Reload the list; the cursor moves to the next item (the decided one may leave)."""
        index = next((i for i, it in enumerate(self.items) if it.letter_id == item.letter_id), 0)
        following = self.items[index + 1].letter_id if index + 1 < len(self.items) else None
        self._keep = item.letter_id if keep else following
        self.app.post_pairing_changed()
        self.load()

    def action_compare(self) -> None:
        from tui.screens.compare import CompareScreen

        item = self.current
        if item is None:
            return
        other = item.link.letter_id if item.link else None
        if other is None and item.candidates:
            other = item.candidates[0].letter_id
        if other is None:
            self.notify("Nothing to compare this letter with yet")
            return
        reply_id, letter_id = item.pair_with(other)
        self.app.push_screen(CompareScreen(letter_id, reply_id))


_SOURCES = {
    "auto": "found by the pairing",
    "manual": "linked by you",
    "confirmed": "confirmed by you",
}


def _strength(score: float) -> str:
    """A candidate's evidence in words, against the score the pairing links at."""
    if score >= 2 * MIN_SCORE:
        return "strong evidence: enough to link it"
    if score >= MIN_SCORE:
        return "enough evidence to link it"
    return "some evidence, not enough to link it alone"
