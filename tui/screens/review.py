"""The review screen: doubtful links and letters with no link, each with its best candidates.

One key decides: ``y`` confirms the proposed link, ``x`` rejects it, ``1``-``3`` link to a
candidate instead, ``l`` links to any letter found by a search, ``u`` withdraws the
decisions on the item. Decisions are annotations: they outrank the automatic pairing and
survive any re-import or rebuild. A decided item leaves the list at once; ``f`` narrows a
long list to a department, an MP or a year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from archive.models import Letter
from archive.pairing.cache import ReviewItem, evidence_in_words
from index.results import department
from tui.keys import bindings_for
from tui.messages import Notice
from tui.screens import dispatch_app
from tui.screens.link_picker import LetterPicker
from tui.screens.review_filter import Choice, ReviewFilterPicker
from tui.text import strip_controls
from tui.widgets.footer import KeyFooter
from tui.words import counted

#: The list shows this many items at most (the most doubtful links come first).
SHOWN = 2000
KIND_NAMES = {
    "uncertain": "doubtful link",
    "unlinked": "reply, no link",
    "unanswered": "no reply",
}
#: What the list filters by, in the order the header names them.
FILTER_KINDS = ("department", "MP", "year")


@dataclass
class ReviewLoaded(Message):
    items: list[ReviewItem]
    letters: dict[str, Letter]
    #: Each item's department, MP and year (by item letter id), for the filters.
    keys: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The rest of the items' letters and keys, after the first ``SHOWN``.
    whole: bool = False


@dataclass
class LettersRead(Message):
    letters: dict[str, Letter]


def _named_by(items: list[ReviewItem]) -> set[str]:
    """The letters the items and their evidence name."""
    wanted = {item.letter_id for item in items}
    for item in items:
        if item.link is not None:
            wanted.add(item.link.letter_id)
        wanted.update(c.letter_id for c in item.candidates)
    return wanted


def _keys_of(items: list[ReviewItem], letters: dict[str, Letter]) -> dict[str, dict[str, str]]:
    return {i.letter_id: filter_keys(letters[i.letter_id]) for i in items if i.letter_id in letters}


def filter_keys(letter: Letter) -> dict[str, str]:
    """The department, MP and year the review list can be narrowed to for this letter."""
    keys = {}
    found = department(letter)
    if found:
        keys["department"] = found
    if letter.metadata.mp:
        keys["MP"] = letter.metadata.mp
    if letter.metadata.date:
        keys["year"] = str(letter.metadata.date.year)
    return keys


class ReviewScreen(Screen[None]):
    """Decide doubtful links one key at a time."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("ReviewScreen")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ReviewItem] = []
        #: The items the filters leave, as listed (at most ``SHOWN``).
        self.listed: list[ReviewItem] = []
        self.letters: dict[str, Letter] = {}
        self.keys: dict[str, dict[str, str]] = {}
        #: Whether every item's letter and keys are read (the filters wait for it).
        self.whole = False
        #: Letters asked for when an item further down was highlighted.
        self._asked: set[str] = set()
        #: The active filters: department, MP or year -> the value shown.
        self.filters: dict[str, str] = {}
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
        from archive.pairing.cache import review_items

        items = review_items(self.app.threads.pairing())
        # The first items listed with everything their evidence names, at once; then the
        # rest of the items' own letters, which the filters need (the evidence of an item
        # further down is read when it is highlighted).
        first = self._letters(_named_by(items[:SHOWN]))
        self.post_message(ReviewLoaded(items, first, _keys_of(items[:SHOWN], first)))
        rest = self._letters({item.letter_id for item in items[SHOWN:]})
        self.post_message(ReviewLoaded(items, rest, _keys_of(items[SHOWN:], rest), whole=True))

    def _letters(self, wanted: set[str]) -> dict[str, Letter]:
        store = self.app.store  # read afresh: a letter may have been corrected since
        return {i: found for i in wanted if (found := store.get(i)) is not None}

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-evidence")
    def fetch(self, wanted: set[str]) -> None:
        """Read the letters an item's evidence names (an item beyond the first listed)."""
        self.post_message(LettersRead(self._letters(wanted)))

    @on(LettersRead)
    def read(self, message: LettersRead) -> None:
        self.letters.update(message.letters)
        self._detail()

    @on(ReviewLoaded)
    def show(self, message: ReviewLoaded) -> None:
        if message.whole:
            if message.items is not self.items:
                return  # a newer list is on its way
            self.whole = True
            self.letters.update(message.letters)
            self.keys.update(message.keys)
            if self.filters:
                self._list()
            return
        self.items, self.whole = message.items, False
        self.letters.update(message.letters)
        self.keys.update(message.keys)  # a letter's department, MP and year never change here
        self._list()

    def _list(self, relabel: bool = True) -> None:
        """List the items the filters leave, keeping the cursor on the item it was on."""
        options = self.query_one(OptionList)
        keep = self._keep or (
            options.highlighted_option.id if options.highlighted_option is not None else None
        )
        position = options.highlighted or 0
        options.clear_options()
        matching = [item for item in self.items if self._passes(item)]
        self.listed = matching[:SHOWN]
        self._title(matching)
        if not self.listed:
            empty = (
                "No item to review for these filters (F clears them)"
                if self.filters
                else "Nothing to review: every letter is paired"
            )
            options.add_option(Option(empty, disabled=True))
            self.query_one("#review-detail", Static).update("")
            return
        width = options.scrollable_content_region.width - 3  # less the options' padding
        options.add_options(
            Option(self._label(item, width), id=item.letter_id) for item in self.listed
        )
        ids = [item.letter_id for item in self.listed]
        options.highlighted = ids.index(keep) if keep in ids else min(position, len(ids) - 1)
        self._keep = None
        self._detail()
        # The list may be laid out anew after this (at 80 columns it goes above the evidence,
        # at full width): its labels are made again for the width it then has (once: a
        # scroll bar that comes and goes with the labels' height must not make a loop).
        if relabel:
            self.call_after_refresh(self._relabel_if_resized, width)

    def _relabel_if_resized(self, width: int) -> None:
        options = self.query_one("#review-list", OptionList)
        if self.listed and options.scrollable_content_region.width - 3 != width:
            self._list(relabel=False)

    def _passes(self, item: ReviewItem) -> bool:
        keys = self.keys.get(item.letter_id, {})
        return all(keys.get(kind) == value for kind, value in self.filters.items())

    def _title(self, matching: list[ReviewItem]) -> None:
        counts = Counter(item.kind for item in matching)
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(
            f" {counted(counts['uncertain'], 'doubtful link')} · "
            f"{counted(counts['unlinked'], 'reply', 'replies')} with no link · "
            f"{counted(counts['unanswered'], 'letter')} with no reply "
        )
        if len(matching) > SHOWN:
            title.append(f" (the first {SHOWN:,} listed)", "dim")
        if self.filters:
            title.append(f"\n {len(matching):,} of {len(self.items):,} shown", "bold")
            for kind in FILTER_KINDS:
                if kind in self.filters:
                    title.append(f" · {kind}: {strip_controls(self.filters[kind])}")
            title.append("  (f changes, F clears)", "dim")
        self.query_one("#review-title", Static).update(title)

    def _label(self, item: ReviewItem, width: int) -> Text:
        """The date (never cut), the reference and what to decide; below, who wrote to whom
        in full: on two lines (one name each) when one line of ``width`` cannot hold both."""
        label = Text(no_wrap=True, overflow="ellipsis")
        letter = self.letters.get(item.letter_id)
        if letter is None:
            label.append("a letter no longer in the archive", "dim")
            return label
        meta = letter.metadata
        label.append(meta.date.isoformat() if meta.date else "undated  ", "bold")
        if meta.references:
            label.append(f"  {strip_controls(meta.references[0])}")
        label.append(f"  {KIND_NAMES[item.kind]}", "dim")
        if item.link is not None:
            label.append(f" {item.link.confidence:.0%} sure", "dim")
        sender = strip_controls(letter.party("sender"))
        recipient = strip_controls(letter.party("recipient"))
        parties = f"  {sender} → {recipient}"
        if cell_len(parties) > width:
            parties = f"  {sender} →\n  {recipient}"
        label.append(f"\n{parties}")
        return label

    def on_resize(self) -> None:
        if self.items:
            self._list()  # names go on one line or two as the list's width allows

    def _short(self, letter_id: str) -> str:
        """The letter as a researcher names it: date, reference, sender → recipient in full
        (a narrow list cuts the end, never the middle of a name)."""
        letter = self.letters.get(letter_id)
        return letter.label() if letter is not None else "a letter no longer in the archive"

    @property
    def current(self) -> ReviewItem | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or options.highlighted >= len(self.listed):
            return None
        return self.listed[options.highlighted]

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    # -- filters -------------------------------------------------------------------------------

    def action_filter(self) -> None:
        if not self.whole:
            self.notify(f"Still reading the {len(self.items):,} items to filter them: a moment")
            return
        counts: Counter[tuple[str, str]] = Counter()
        for item in self.items:
            for kind, value in self.keys.get(item.letter_id, {}).items():
                counts[(kind, value)] += 1
        order = {kind: n for n, kind in enumerate(FILTER_KINDS)}
        choices: list[Choice] = [
            (kind, value, count)
            for (kind, value), count in sorted(
                counts.items(),
                key=lambda pair: (
                    order[pair[0][0]],
                    pair[0][1] if pair[0][0] == "year" else -pair[1],
                    pair[0][1],
                ),
            )
        ]
        self.app.push_screen(ReviewFilterPicker(choices, self.filters), self._filtered)

    def _filtered(self, chosen: tuple[str, str | None] | None) -> None:
        if chosen is None:
            return
        kind, value = chosen
        if value is None:
            self.filters.pop(kind, None)
        else:
            self.filters[kind] = value
        self._list()

    def action_clear_filters(self) -> None:
        if self.filters:
            self.filters.clear()
            self._list()

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
        missing = _named_by([item]) - self.letters.keys() - self._asked
        if missing:
            self._asked.update(missing)  # asked once: a letter since removed stays missing
            self.fetch(missing)
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
            text.append(f" {evidence_in_words(candidate.score)}\n")
            text.append(f"    {strip_controls(self._short(candidate.letter_id))}\n")
            for reason in candidate.reasons:
                text.append(f"    · {strip_controls(reason)}\n", "dim")
        detail.update(text)

    # -- decisions -----------------------------------------------------------------------------

    def action_confirm(self) -> None:
        self._judge_link("confirmed", "No link to confirm here: 1-3 links to a candidate")

    def action_reject(self) -> None:
        self._judge_link("rejected", "No link to reject here")

    def _judge_link(self, verdict: str, none_here: str) -> None:
        """Confirm or reject the proposed link of the item under the cursor."""
        item = self.current
        if item is None or item.link is None:
            self.notify(none_here)
            return
        self._leave(item)
        self.decide(item.letter_id, item.link.letter_id, verdict)

    def action_choose(self, number: int) -> None:
        item = self.current
        if item is None or number >= len(item.candidates):
            self.notify(f"There is no candidate {number + 1}")
            return
        self._link(item, item.candidates[number].letter_id)

    def _link(self, item: ReviewItem, other_id: str) -> None:
        reply_id, letter_id = item.pair_with(other_id)
        proposed = item.link is not None and item.link.letter_id == letter_id
        self._leave(item)
        self.decide(reply_id, letter_id, "confirmed" if proposed else "manual")

    def action_link_any(self) -> None:
        """Link the item to a letter found by a search of the whole archive."""
        item = self.current
        if item is None:
            self.notify("Nothing here to link")
            return
        letter = self.letters.get(item.letter_id)
        query = ""
        if letter is not None and letter.metadata.mp:
            mp = letter.metadata.mp.replace('"', " ")
            wanted = {"to_mp": "from_mp", "from_mp": "to_mp"}.get(letter.metadata.direction or "")
            query = f'mp:"{mp}"' + (f" dir:{wanted}" if wanted else "")
            day = letter.metadata.date
            if day is not None:  # a reply comes after the letter it answers
                query += f" date:..{day.isoformat()}" if item.is_reply else f" date:{day}.."
        label = strip_controls(self._short(item.letter_id))
        title = f"The letter {label} answers" if item.is_reply else f"A reply to {label}"

        def chosen(other_id: str | None) -> None:
            if other_id is not None:
                self._link(item, other_id)

        self.app.push_screen(LetterPicker(title, query, leave_out=item.letter_id), chosen)

    def _leave(self, item: ReviewItem) -> None:
        """Take a decided item off the list at once (the reload after the decision brings a
        reply back only with another candidate); the cursor goes to the next item."""
        ids = [it.letter_id for it in self.listed]
        index = ids.index(item.letter_id) if item.letter_id in ids else 0
        following = ids[index + 1] if index + 1 < len(ids) else None
        self._keep = following
        self.items = [it for it in self.items if it.letter_id != item.letter_id]
        self._list()
        self._keep = following

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
    def decide(self, reply_id: str, letter_id: str, verdict: str) -> None:
        before = self.app.threads.decisions()
        try:
            self.app.store.decide_link(reply_id, letter_id, verdict)
        except Exception:
            self.load()  # the item left the list before the decision: bring it back
            raise
        self._done.append((reply_id, letter_id, before.get((reply_id, letter_id))))
        words = {"confirmed": "Confirmed", "rejected": "Rejected", "manual": "Linked"}[verdict]
        self.app.post_message(
            Notice(
                f"{words}: {self._named(reply_id)} answers {self._named(letter_id)}",
                timeout=3,
            )
        )
        self.app.post_pairing_changed()
        self.load()

    @work(thread=True, exit_on_error=False, group="decide")
    def undo(self, item: ReviewItem) -> None:
        store = self.app.store
        touched = [d for d in store.link_decisions() if item.letter_id in (d.reply_id, d.letter_id)]
        for decision in touched:
            store.decide_link(decision.reply_id, decision.letter_id, None)
        self.app.post_message(
            Notice(
                f"Withdrew {counted(len(touched), 'decision')} on {self._named(item.letter_id)}"
                if touched
                else "No decision to withdraw here",
                timeout=3,
            )
        )
        self._keep = item.letter_id
        self.app.post_pairing_changed()
        self.load()

    @work(thread=True, exit_on_error=False, group="decide")
    def undo_last(self) -> None:
        """Take back the last decision made on this screen (the item comes back to the list)."""
        reply_id, letter_id, before = self._done.pop()
        self.app.store.decide_link(reply_id, letter_id, before)
        self.app.post_message(
            Notice(
                f"Undone: the decision on {self._named(reply_id)} and {self._named(letter_id)}",
                timeout=3,
            )
        )
        self._keep = reply_id
        self.app.post_pairing_changed()
        self.load()

    def _named(self, letter_id: str) -> str:
        """A letter as a researcher names it (from a worker: the store when not at hand)."""
        letter = self.letters.get(letter_id) or self.app.store.get(letter_id)
        return strip_controls(letter.label()) if letter is not None else "a removed letter"

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
