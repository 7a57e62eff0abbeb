"""The reader pane: the letter on show, its hits and its links, read in a worker."""

from __future__ import annotations

from dataclasses import dataclass

from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, get_current_worker

from archive.models import Annotation, Letter
from archive.pairing import Link, Pairing, notable_reason
from tui.messages import LetterLoaded, Notice
from tui.screens import dispatch_app
from tui.widgets.reader import LetterHeader, LetterText, source_line
from tui.words import MARK_WORDS, answered_in_order, one_of_several


class ReaderPane(Vertical):
    """A letter's header, its hit counter and its text.

    The screen says which letter to show for which query (``load``); the pane reads it in a
    worker and shows only the latest request, so a quick run down the list never shows a
    letter the cursor has left.
    """

    app = getters.app(dispatch_app)

    @dataclass
    class AnnotationRead(Message):
        """The shown letter's tags or note as they are now (read in a worker)."""

        letter: Letter
        annotation: Annotation

    def __init__(self, *, id: str | None = None, links: bool = True) -> None:
        super().__init__(id=id)
        #: The letter shown (or being read), and the query its hits are for.
        self.letter_id: str | None = None
        self.query_text = ""
        self.annotation: Annotation | None = None
        #: Whether the header shows the letter's place in its exchange (``c`` compares it).
        self.with_links = links
        self._serial = 0
        #: Whether a read runs, and the latest request waiting for it (see ``load``).
        self._reading = False
        self._waiting: tuple[str, str, int] | None = None

    def compose(self) -> ComposeResult:
        yield LetterHeader(id="letter-header")
        yield Static("", id="hit-counter", markup=False)
        yield LetterText(id="letter-text")

    @property
    def idle(self) -> bool:
        """Whether no read runs or waits (what is shown is the latest request)."""
        return not self._reading and self._waiting is None

    def load(self, letter_id: str, query: str) -> None:
        """Show a letter with the hits of ``query`` (only the latest request shows)."""
        self.letter_id = letter_id
        self.query_text = query
        self._serial += 1
        # One read at a time: a quick run down the list reads the letter it stops on, not
        # every letter it passed (each in a thread sharing the processor with the rest).
        if self._reading:
            self._waiting = (letter_id, query, self._serial)
            return
        self._reading = True
        self.read_letter(letter_id, query, self._serial)

    class ReadEnded(Message):
        """A read is over (shown, superseded or failed): a waiting one may start."""

    @on(ReadEnded)
    def start_waiting_read(self, message: ReadEnded) -> None:
        message.stop()
        self._reading = False
        if self._waiting is not None:
            (letter_id, query, serial), self._waiting = self._waiting, None
            if serial == self._serial:
                self._reading = True
                self.read_letter(letter_id, query, serial)

    def reload(self) -> None:
        """Read the shown letter again (its links, corrections or hits may have changed)."""
        if self.letter_id is not None:
            self.load(self.letter_id, self.query_text)

    def clear(self) -> None:
        """Nothing to show: no letter, rather than one from before."""
        self.letter_id = None
        self.annotation = None
        self._serial += 1  # a letter still being read is not shown
        self.query_one(LetterHeader).clear()
        self.query_one("#hit-counter", Static).update("")
        self.query_one(LetterText).clear()

    @work(thread=True, exit_on_error=False, group="letter")
    def read_letter(self, letter_id: str, query: str, serial: int) -> None:
        try:
            if serial == self._serial:  # else a newer request superseded it
                self._read(letter_id, query, serial)
        finally:
            self.post_message(self.ReadEnded())

    def _read(self, letter_id: str, query: str, serial: int) -> None:
        store = self.app.store
        letter = store.get(letter_id)
        if letter is None:
            self.post_message(Notice("This letter is no longer in the archive", "", "warning"))
            return
        text = self.app.text_or_report(letter)
        if text is None:
            return
        matches = self.app.searcher.matches_in(letter_id, query) if query.strip() else []
        links = self._links(letter_id) if self.with_links else ()
        if get_current_worker().is_cancelled or serial != self._serial:
            return
        annotation = store.annotation(letter_id)
        corrections = tuple(store.corrections(letter_id))
        self.post_message(
            LetterLoaded(letter, text, annotation, matches, links, serial, corrections)
        )

    def _links(self, letter_id: str) -> tuple[tuple[str, str], ...]:
        """The letter's place in its exchange, for the header (once paired); in a worker."""
        threads = self.app.threads
        # Until the app has read the pairing (after the first results show: a second of
        # CPU at 100k letters), the letter shows without; ``PairingChanged`` reads it again.
        if not threads.loaded or not threads.is_current():
            return ()
        pairing = threads.pairing()
        rows = []
        for answered in answered_in_order(pairing, letter_id):  # "your letters of 2 and 9 May"
            rows.append(("answers", self._link_text(answered.letter_id, answered, pairing)))
        for reply in pairing.replies_to(letter_id):
            rows.append(("reply", self._link_text(reply.reply_id, reply, pairing)))
        if not rows:
            rows.append(("reply", "none in the archive"))
        mark = self.app.store.reply_marks().get(letter_id)
        if mark is not None:
            rows.append(("marked", f"{MARK_WORDS[mark]} (by you; h changes)"))
        if pairing.replies_to(letter_id):
            choice = threads.counting_reply(letter_id)
            if choice is not None:
                rows.append(("reply time", threads.reply_time_words(choice)))
        return tuple(rows)

    def _link_text(self, other_id: str, link: Link, pairing: Pairing) -> str:
        other = self.app.store.get(other_id)
        named = other.label() if other else "a letter no longer in the archive"
        sure = {"manual": "linked by you", "confirmed": "confirmed by you"}.get(
            link.source, f"{link.confidence:.0%} sure"
        )
        # How an unusual link was made goes first: a long label is cut at the reader's edge.
        # A reply to several letters says which of them this one is, so the rows differ.
        how = one_of_several(pairing, link) or notable_reason(link)
        return f"{f'{how} · ' if how else ''}{named} ({sure}; c compares)"

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed read is reported by the app's one handler (worker messages do not bubble)."""
        self.app.on_worker_state_changed(event)

    @on(LetterLoaded)
    def show_letter(self, message: LetterLoaded) -> None:
        message.stop()
        # A cancelled worker can still post after the one that replaced it (an older read of
        # the same letter, from before the pairing): only the latest request is shown.
        if message.letter.id != self.letter_id or message.serial != self._serial:
            return
        self.annotation = message.annotation
        self.query_one(LetterHeader).show(
            message.letter, message.annotation, links=message.links, corrections=message.corrections
        )
        self.query_one(LetterText).show(message.letter, message.text, message.matches)

    def refresh_annotation(self) -> None:
        """Show the letter's tags and note anew, keeping the place in its text."""
        if self.letter_id is not None:
            self.read_annotation(self.letter_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="letter-annotation")
    def read_annotation(self, letter_id: str) -> None:
        letter = self.app.store.get(letter_id)
        if letter is not None:
            self.post_message(self.AnnotationRead(letter, self.app.store.annotation(letter_id)))

    @on(AnnotationRead)
    def show_annotation(self, message: AnnotationRead) -> None:
        message.stop()
        if message.letter.id != self.letter_id:
            return
        self.annotation = message.annotation
        header = self.query_one(LetterHeader)
        # New tags; the same exchange and corrections (a correction re-reads the letter).
        header.show(
            message.letter, message.annotation, links=header.links, corrections=header.corrections
        )

    @on(LetterText.HitChanged)
    def show_hit_counter(self, message: LetterText.HitChanged) -> None:
        counter = self.query_one("#hit-counter", Static)
        if message.count:
            counter.update(f"hit {message.index + 1} of {message.count}  (n / N)")
        else:
            counter.update("no hits in this letter" if has_words(self.query_text) else "")

    @on(LetterText.SourceShown)
    def show_source(self, message: LetterText.SourceShown) -> None:
        letter = self.query_one(LetterText).letter
        header = self.query_one(LetterHeader)
        if letter is not None and self.annotation is not None:
            header.show(
                letter,
                self.annotation,
                why=message.field,
                links=header.links,
                corrections=header.corrections,
            )
        counter = self.query_one("#hit-counter", Static)
        counter.update(
            source_line(letter, message.field, header.corrections)
            if message.field and letter is not None
            else ""
        )


def has_words(query: str) -> bool:
    """Whether a query looks for words in the text (not only mp:, tag:, has: and the like)."""
    from index.query import QueryError, parse, terms_of
    from index.snippets import applies_to_body

    try:
        terms = terms_of(parse(query))
    except QueryError:
        return False
    return any(applies_to_body(t) for t in terms)
