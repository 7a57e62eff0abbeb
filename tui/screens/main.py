"""The workbench: search bar, facets, results and reader on one screen."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, get_current_worker

from archive.pairing import Link, notable_reason
from index.searcher import Filter, Hit, Sort
from tui.messages import (
    AnnotationsChanged,
    FilterRequested,
    IndexStateChanged,
    LetterLoaded,
    Notice,
    PageLoaded,
    PairingChanged,
    SearchDone,
    SearchFailed,
)
from tui.screens import dispatch_app
from tui.text import display_line
from tui.widgets.facets import FacetList
from tui.widgets.footer import KeyFooter
from tui.widgets.reader import LetterHeader, LetterText, source_line
from tui.widgets.results import PAGE_SIZE, ResultsList
from tui.widgets.searchbar import FilterBar, QueryInput, SearchBar, StatusLine
from tui.words import MARK_WORDS, counted

if TYPE_CHECKING:
    pass

#: Wait this long after the last keystroke before searching (a newer query cancels it).
DEBOUNCE_SECONDS = 0.05
SORT_CYCLE: tuple[Sort, ...] = ("relevance", "-date", "date")


class MainScreen(Screen[None]):
    """Search, narrow, read and annotate."""

    app = getters.app(dispatch_app)

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="focus_search", tooltip="Type a query"),
        # Most used first: a narrow footer keeps the first keys that fit (``?`` lists all).
        Binding(
            "c",
            "compare",
            "Compare",
            id="compare",
            tooltip="This letter beside its reply (or the two marked letters side by side)",
        ),
        Binding("R", "review", "Review pairs", id="review", tooltip="Doubtful and missing links"),
        Binding(
            "X",
            "clear_filters",
            "Clear filters",
            tooltip="Drop every MP, area, department and year filter",
            show=False,
            id="clear_filters",
        ),
        Binding("s", "cycle_sort", "Sort", id="sort", tooltip="Relevance, newest or oldest first"),
        Binding(
            "t", "tag", "Tag", id="tag", tooltip="Edit the tags of this (or the marked) letters"
        ),
        Binding(
            "f",
            "toggle_follow_up",
            "Follow-up",
            tooltip="Tag this (or the marked) letters for follow-up, or untag them",
            show=False,
            id="follow_up",
        ),
        Binding(
            "1",
            "quick_tag(0)",
            "Quick tag 1",
            tooltip="Add or remove the first quick tag (set in the settings file)",
            show=False,
            id="quick_tag_1",
        ),
        Binding(
            "2",
            "quick_tag(1)",
            "Quick tag 2",
            tooltip="Add or remove the second quick tag",
            show=False,
            id="quick_tag_2",
        ),
        Binding(
            "3",
            "quick_tag(2)",
            "Quick tag 3",
            tooltip="Add or remove the third quick tag",
            show=False,
            id="quick_tag_3",
        ),
        Binding("e", "note", "Note", id="note", tooltip="Write a note about this letter"),
        Binding("m", "pick('mp')", "MP", id="filter_mp", tooltip="Filter by an MP"),
        Binding("a", "pick('area')", "Area", id="filter_area", tooltip="Filter by an area"),
        Binding(
            "E",
            "correct",
            "Correct",
            show=False,
            id="correct",
            tooltip="Correct a field the extractor read wrongly (mp, date, direction, ...)",
        ),
        Binding(
            "asterisk",
            "mark_all",
            "Mark all",
            tooltip="Mark every letter of the results (for tags, export, compare)",
            show=False,
            id="mark_all",
        ),
        Binding(
            "u", "unmark_all", "Unmark all", tooltip="Clear every mark", show=False, id="unmark_all"
        ),
        Binding(
            "T",
            "reply_stats",
            "Reply times",
            tooltip="Charts of how fast these letters were answered: per department, per MP "
            "and by quarter, with the share within 20 working days",
            show=False,
            id="reply_stats",
        ),
        Binding(
            "F",
            "follow_up_screen",
            "Follow-ups",
            tooltip="The letters tagged for follow-up, with their notes",
            show=False,
            id="follow_up_screen",
        ),
        # In the ? panel, not the footer: at 80 columns the footer has no room to spare.
        Binding(
            "h",
            "mark_reply",
            "Holding/full",
            show=False,
            id="mark_reply",
            tooltip="Mark this reply as a holding reply, as the full answer, or neither "
            "(reply times count the full answer)",
        ),
        # Priority: they work from the search box too (where ctrl+e would move the cursor).
        Binding(
            "ctrl+s",
            "save_search",
            "Save search",
            tooltip="Save this query and its filters under a name",
            show=False,
            id="save_search",
            priority=True,
        ),
        Binding(
            "ctrl+o",
            "open_saved",
            "Saved searches",
            tooltip="Open a saved search (each with its count now)",
            show=False,
            id="open_saved",
            priority=True,
        ),
        Binding(
            "ctrl+e",
            "export",
            "Export",
            show=False,
            id="export",
            tooltip="Export these results",
            priority=True,
        ),
        Binding(
            "z", "toggle_zoom", "Full screen", show=False, id="zoom", tooltip="Reader full screen"
        ),
        Binding(
            "ctrl+b",
            "toggle_facets",
            "Facets",
            show=False,
            id="toggle_facets",
            tooltip="Show or hide the MPs, areas and tags to narrow by",
        ),
        Binding(
            "less_than_sign",
            "resize(-4)",
            "Narrower",
            tooltip="Give the results list less room and the reader more",
            show=False,
            id="narrower",
        ),
        Binding(
            "greater_than_sign",
            "resize(4)",
            "Wider",
            tooltip="Give the results list more room and the reader less",
            show=False,
            id="wider",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="From the reader or the list, back to the search box",
            show=False,
            id="back",
        ),
        Binding(
            "S",
            "import_sample",
            "Import sample",
            tooltip="Import the bundled sample letters into this empty archive",
            show=False,
            id="import_sample",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        #: True while the query is being typed: its last word is searched as a prefix.
        self.typing = False
        self._frozen = False
        self._to_results = False
        #: The generation of the results on screen, and whether the pairing has been seen.
        self.shown_generation = 0
        #: The query, filters and sort of the results on screen (the same again keeps place).
        self._shown_search: tuple[object, ...] = ()
        self.pairing_seen = False
        self.filters: list[Filter] = []
        self.sort: Sort = "relevance"
        self.generation = 0
        self.total = 0
        self.index_state = "opening"
        self.current_letter: str | None = None
        #: The query the reader's hits are for: a new query re-marks the same letter's hits.
        self._hits_for = ""
        self._letter_serial = 0
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        with Horizontal(id="panes"):
            yield FacetList(id="facets")
            yield ResultsList(id="results")
            with Vertical(id="reader"):
                yield LetterHeader(id="letter-header")
                yield Static("", id="hit-counter", markup=False)
                yield LetterText(id="letter-text")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_resize(self) -> None:
        # Below 100 columns the facets give way (Ctrl+B or the palette still reach them).
        self.set_class(self.size.width < 100, "-narrow")

    def action_import_sample(self) -> None:
        """On an empty archive: import the bundled sample letters into it."""
        if self.app.letter_total == 0:
            self.app.import_sample()

    def on_mount(self) -> None:
        self.query_one("#facets").border_title = "Narrow"
        self.query_one("#results").border_title = "Letters"
        self.query_one("#reader").border_title = "Reader"
        self._status()
        self.query_one(ResultsList).focus()
        if self.app.letter_total == 0:
            # In the list, the widest pane, wrapped: the reader at 80 columns cut it off.
            self.query_one(ResultsList).reset(0, (), empty_message=self.app.empty_archive_help())
        self.app.prepare_index()

    # -- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def schedule_search(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.typing = True
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.search_now)

    @on(Input.Submitted, "#query")
    def search_on_enter(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self.typing = False
        if self._debounce is not None:
            self._debounce.stop()
        # Enter means "these are the letters I want": the list takes the focus when they show.
        self._to_results = True
        self.search_now(jump=True)

    @property
    def searched(self) -> str:
        """The query the results are for (while typing, its last word is a prefix)."""
        from index.query import as_you_type

        return as_you_type(self.query_text) if self.typing else self.query_text

    @on(QueryInput.Leave)
    def leave_search(self) -> None:
        self.query_one(ResultsList).focus()

    def search_now(self, jump: bool = False) -> None:
        """Start a search for the current query, filters and sort (cancelling older ones)."""
        if self.index_state not in ("ready",):
            return
        self.generation += 1
        self.run_search(self.generation, self.searched, tuple(self.filters), self.sort, jump)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(
        self, generation: int, query: str, filters: tuple[Filter, ...], sort: Sort, jump: bool
    ) -> None:
        from index.query import QueryError

        worker = get_current_worker()
        try:
            result = self.app.searcher.search(
                query, sort=sort, limit=PAGE_SIZE, filters=filters, facets=True
            )
        except QueryError as error:
            self.post_message(SearchFailed(generation, query, str(error), error.position))
            return
        if worker.is_cancelled:
            return
        owner_id = None
        if jump and result.total > 1 and _one_token_with_digits(query):
            owner_id = self._reference_owner(query, result.hits)
        self.post_message(SearchDone(generation, result, owner_id))
        if jump and len(result.hits) == 1 and result.total == 1:
            self.post_message(ResultsList.Opened(result.hits[0]))

    def _reference_owner(self, query: str, hits: Sequence[Hit]) -> str | None:
        """The letter a reference shared across an exchange names (see ``Store.resolve``),
        if it is among the hits shown; runs in the search worker."""
        from archive.store import ArchiveError

        reference = query.strip()
        if reference.lower().startswith("ref:"):
            reference = reference[4:]
        try:
            owner = self.app.store.resolve(reference)
        except ArchiveError:
            return None
        return owner.id if any(hit.letter_id == owner.id for hit in hits) else None

    @on(SearchDone)
    def show_results(self, message: SearchDone) -> None:
        if message.generation != self.generation:
            return
        result = message.result
        self.shown_generation = message.generation
        self.total = result.total
        bar = self.query_one(SearchBar)
        bar.clear_error()
        results = self.query_one(ResultsList)
        search = (result.query, tuple(self.filters), result.sort)
        same_search = search == self._shown_search
        self._shown_search = search
        current = results.current if same_search else None
        keep = message.owner_id or (current.letter_id if current else None)
        results.reset(result.total, result.hits, keep=keep, empty_message=self._no_match(result))
        shown = results.current
        if shown and shown.letter_id == self.current_letter and result.query != self._hits_for:
            # The same letter stays in the reader: its hits are now this query's.
            self.load_letter(shown.letter_id, result.query)
        self.query_one(FacetList).show(result.facets, self.filters)
        if result.total == 0:
            self._clear_reader()
        if not self.typing:
            for note in result.notes:
                self.notify(note, timeout=4)
        self._status(result.suggestion if result.total == 0 else None)
        if not self._frozen:
            # The archive's columns and the app are loaded now and live for the session:
            # moved out of the collector's sight, full collections no longer stall keys.
            self._frozen = True
            gc.freeze()
            self.app.pair_letters()
        if message.owner_id is not None and not self.typing:
            results.action_open()  # Enter on a reference lands on the letter it names
        elif result.total == 1 and self._looks_like_reference(result.query) and not self.typing:
            # While typing, the reader previews the letter; focus stays in the search box.
            results.action_open()
        elif self._to_results and not self.typing and result.total:
            results.focus()
        self._to_results = False

    def _no_match(self, result: Any) -> Text | None:
        """What the list says when no letter matches: the query, the filters, a suggestion."""
        if result.total:
            return None
        if self.app.letter_total == 0:
            return self.app.empty_archive_help()
        said = Text()
        said.append("No letters match ")
        said.append(display_line(self.query_text.strip()) or "these filters", "bold")
        if self.filters and self.query_text.strip():
            said.append(" with these filters")
        said.append(".")
        if result.suggestion:
            said.append("\nDid you mean: ")
            said.append(display_line(result.suggestion), "bold")
            said.append("?")
        elif self.filters:
            said.append("\nX clears the filters.")
        return said

    def _clear_reader(self) -> None:
        """Nothing matches: the reader shows nothing rather than a letter from before."""
        self.current_letter = None
        self._letter_serial += 1  # a letter still being read is not shown
        self.query_one(LetterHeader).update("")
        self.query_one("#hit-counter", Static).update("")
        self.query_one(LetterText).clear()

    @staticmethod
    def _looks_like_reference(query: str) -> bool:
        from archive.refs import looks_like_reference

        words = query.split()
        return len(words) == 1 and (
            looks_like_reference(words[0]) or words[0].lower().startswith("ref:")
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed search (a damaged index) is reported by the app's one handler.

        Worker messages do not bubble: without this, the screen's failures went unseen.
        """
        self.app.on_worker_state_changed(event)

    @on(SearchFailed)
    def show_query_error(self, message: SearchFailed) -> None:
        if message.generation != self.generation:
            return
        self._to_results = False  # the error is in the box: the focus stays there
        # As typed: the search may have added a prefix "*" to the last word.
        typed = self.query_one(QueryInput).value
        query = typed if message.query.startswith(typed) and typed.strip() else message.query
        position = None if message.position is None else min(message.position, len(query))
        self.query_one(SearchBar).show_error(query, message.message, position)

    @on(ResultsList.PageWanted)
    def load_page(self, message: ResultsList.PageWanted) -> None:
        self.fetch_page(
            self.generation, message.page, self.searched, tuple(self.filters), self.sort
        )

    @work(thread=True, exit_on_error=False, group="pages")
    def fetch_page(
        self, generation: int, page: int, query: str, filters: tuple[Filter, ...], sort: Sort
    ) -> None:
        result = self.app.searcher.search(
            query,
            sort=sort,
            limit=PAGE_SIZE,
            offset=page * PAGE_SIZE,
            filters=filters,
            facets=False,
        )
        self.post_message(PageLoaded(generation, page, result.hits))

    @on(PageLoaded)
    def add_page(self, message: PageLoaded) -> None:
        if message.generation == self.generation:
            self.query_one(ResultsList).add_page(message.page, message.hits)

    # -- filters and sort --------------------------------------------------------------------

    @on(FacetList.Chosen)
    @on(FilterRequested)
    def toggle_filter(self, message: FacetList.Chosen | FilterRequested) -> None:
        chosen = message.filter
        same = [f for f in self.filters if (f.facet, f.value) == (chosen.facet, chosen.value)]
        self.filters = [f for f in self.filters if f not in same]
        if not same or same[0].exclude != chosen.exclude:
            self.filters.append(chosen)
        self.query_one(SearchBar).show_filters(self.filters)
        self.search_now()

    @on(FilterBar.Removed)
    def remove_filter(self, message: FilterBar.Removed) -> None:
        self.filters = [f for f in self.filters if f != message.filter]
        self.query_one(SearchBar).show_filters(self.filters)
        if not self.filters:
            self.query_one(ResultsList).focus()
        self.search_now()

    def action_clear_filters(self) -> None:
        self.filters = []
        self.query_one(SearchBar).show_filters(self.filters)
        self.search_now()

    def action_cycle_sort(self) -> None:
        self.sort = SORT_CYCLE[(SORT_CYCLE.index(self.sort) + 1) % len(SORT_CYCLE)]
        self._status()
        self.search_now()

    def action_pick(self, facet: str) -> None:
        from tui.screens.picker import FacetPicker

        self.app.push_screen(FacetPicker(facet, self.searched, tuple(self.filters)))

    def action_focus_search(self) -> None:
        self.query_one(QueryInput).focus()

    # -- reading -----------------------------------------------------------------------------

    @on(ResultsList.Highlighted)
    def preview(self, message: ResultsList.Highlighted) -> None:
        if message.hit is not None and message.hit.letter_id != self.current_letter:
            self.current_letter = message.hit.letter_id
            self.load_letter(message.hit.letter_id, self.searched)
        self._status()

    @on(ResultsList.Opened)
    def open_letter(self, message: ResultsList.Opened) -> None:
        if message.hit.letter_id != self.current_letter:
            self.current_letter = message.hit.letter_id
            self.load_letter(message.hit.letter_id, self.searched)
        self.query_one(LetterText).focus()

    def load_letter(self, letter_id: str, query: str) -> None:
        """Show a letter in the reader (read in a worker; only the latest request shows)."""
        self._hits_for = query
        self._letter_serial += 1
        self.read_letter(letter_id, query, self._letter_serial)

    @work(thread=True, exclusive=True, exit_on_error=False, group="letter")
    def read_letter(self, letter_id: str, query: str, serial: int) -> None:
        store = self.app.store
        letter = store.get(letter_id)
        if letter is None:
            return
        text = self.app.text_or_report(letter)
        if text is None:
            return
        matches = self.app.searcher.matches_in(letter_id, query) if query.strip() else []
        links = self._links(letter_id)
        if get_current_worker().is_cancelled:
            return
        annotation = store.annotation(letter_id)
        corrections = tuple(store.corrections(letter_id))
        self.post_message(
            LetterLoaded(letter, text, annotation, matches, links, serial, corrections)
        )

    def _links(self, letter_id: str) -> tuple[tuple[str, str], ...]:
        """The letter's place in its exchange, for the reader's header (once paired)."""
        threads = self.app.threads
        if not threads.is_current():
            return ()
        pairing = threads.pairing()
        rows = []
        for answered in pairing.answers_all(letter_id):  # several: "your letters of 2 and 9 May"
            rows.append(("answers", self._link_text(answered.letter_id, answered)))
        for reply in pairing.replies_to(letter_id):
            rows.append(("reply", self._link_text(reply.reply_id, reply)))
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

    def action_mark_reply(self) -> None:
        if self.current_letter is not None:
            self.app.mark_reply(self.current_letter)

    def _link_text(self, other_id: str, link: Any) -> str:
        other = self.app.store.get(other_id)
        named = other.label() if other else "a letter no longer in the archive"
        sure = {"manual": "linked by you", "confirmed": "confirmed by you"}.get(
            link.source, f"{link.confidence:.0%} sure"
        )
        # How an unusual link was made goes first: a long label is cut at the reader's edge.
        how = notable_reason(link) if isinstance(link, Link) else None
        return f"{f'{how} · ' if how else ''}{named} ({sure}; c compares)"

    @on(LetterLoaded)
    def show_letter(self, message: LetterLoaded) -> None:
        # A cancelled worker can still post after the one that replaced it (an older read of
        # the same letter, from before the pairing): only the latest request is shown.
        if message.letter.id != self.current_letter or message.serial != self._letter_serial:
            return
        self.query_one(LetterHeader).show(
            message.letter, message.annotation, links=message.links, corrections=message.corrections
        )
        self.query_one(LetterText).show(message.letter, message.text, message.matches)

    @on(LetterText.HitChanged)
    def show_hit_counter(self, message: LetterText.HitChanged) -> None:
        counter = self.query_one("#hit-counter", Static)
        if message.count:
            counter.update(f"hit {message.index + 1} of {message.count}  (n / N)")
        else:
            counter.update("no hits in this letter" if _has_words(self.searched) else "")

    @on(LetterText.SourceShown)
    def show_source(self, message: LetterText.SourceShown) -> None:
        letter = self.query_one(LetterText).letter
        if letter is not None:
            annotation = self.app.store.annotation(letter.id)
            header = self.query_one(LetterHeader)
            header.show(
                letter,
                annotation,
                why=message.field,
                links=header.links,
                corrections=header.corrections,
            )
        counter = self.query_one("#hit-counter", Static)
        counter.update(
            source_line(letter, message.field, self.query_one(LetterHeader).corrections)
            if message.field and letter is not None
            else ""
        )

    # -- pairs -------------------------------------------------------------------------------

    def action_compare(self) -> None:
        from tui.screens.compare import CompareScreen

        marked = sorted(self.query_one(ResultsList).marked)
        if len(marked) == 2:
            self.app.push_screen(CompareScreen(*self._in_date_order(marked)))
            return
        if len(marked) > 2:
            self.notify("Mark two letters to compare them (u unmarks)", severity="warning")
            return
        if self.current_letter is None:
            return
        self.find_counterpart(self.current_letter)

    def _in_date_order(self, ids: list[str]) -> tuple[str, str]:
        def day(letter_id: str) -> str:
            letter = self.app.store.get(letter_id)
            found = letter.metadata.date if letter else None
            return found.isoformat() if found else "9999"

        first, second = sorted(ids, key=day)
        return first, second

    @work(thread=True, exclusive=True, exit_on_error=False, group="pairing-lookup")
    def find_counterpart(self, letter_id: str) -> None:
        from tui.screens.compare import CompareScreen

        if not self.app.threads.is_current():
            self.app.post_message(Notice("Pairing the letters with their replies…"))
        pair = self.app.threads.counterpart(letter_id)
        if pair is None:
            self.app.post_message(
                Notice(
                    "No reply to this letter in the archive, and it answers none: "
                    "mark two letters (space) and press c to compare any two",
                    timeout=6,
                )
            )
            return
        self.app.call_from_thread(self.app.push_screen, CompareScreen(*pair))

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    @on(PairingChanged)
    def pairing_changed(self) -> None:
        # has:reply, is:unpaired, days: and the reply-time facet may have changed.
        self.pairing_seen = True
        if self.index_state == "ready":
            self.search_now()
        if self.current_letter is not None:
            self.load_letter(self.current_letter, self.searched)

    def action_back(self) -> None:
        if self.has_class("-zoom"):
            self.remove_class("-zoom")
        self.query_one(ResultsList).focus()

    def action_toggle_zoom(self) -> None:
        self.toggle_class("-zoom")
        if self.has_class("-zoom"):
            self.query_one(LetterText).focus()

    def action_toggle_facets(self) -> None:
        # A narrow screen hides them until asked; a wide one shows them until asked.
        self.toggle_class("-show-facets" if self.has_class("-narrow") else "-no-facets")

    def action_resize(self, step: int) -> None:
        facets = self.query_one("#facets")
        if not facets.display:
            self.notify("The facets are hidden: Ctrl+B shows them", timeout=3)
            return
        width = facets.styles.width
        current = int(width.value) if width is not None else 30
        facets.styles.width = max(14, min(60, current + step))

    # -- annotations -------------------------------------------------------------------------

    def target_ids(self) -> list[str]:
        """The marked letters, else the one under the cursor (or open in the reader)."""
        results = self.query_one(ResultsList)
        if results.marked:
            return sorted(results.marked)
        if results.current is not None:
            return [results.current.letter_id]
        return [self.current_letter] if self.current_letter else []

    def action_tag(self) -> None:
        from tui.screens.tags import TagEditor

        ids = self.target_ids()
        if ids:
            self.app.push_screen(TagEditor(ids))

    def action_toggle_follow_up(self) -> None:
        self._toggle_tag(self.app.config.follow_up_tag)

    def action_quick_tag(self, number: int) -> None:
        tags = self.app.config.quick_tags
        if number < len(tags):
            self._toggle_tag(tags[number])

    def _toggle_tag(self, tag: str) -> None:
        ids = self.target_ids()
        if not ids:
            return
        # One read of the annotations, however many letters are marked.
        annotations = self.app.store.annotations()
        every = all(i in annotations and tag in annotations[i].tags for i in ids)
        self.app.change_tags(ids, add=() if every else (tag,), remove=(tag,) if every else ())

    def action_note(self) -> None:
        from tui.screens.note import NoteEditor

        results = self.query_one(ResultsList)
        letter_id = self.current_letter or (results.current.letter_id if results.current else None)
        if letter_id:
            self.app.push_screen(NoteEditor(letter_id))

    def action_correct(self) -> None:
        from tui.screens.correct import CorrectionEditor

        results = self.query_one(ResultsList)
        letter_id = self.current_letter or (results.current.letter_id if results.current else None)
        if letter_id:
            self.app.push_screen(CorrectionEditor(letter_id))

    def action_mark_all(self) -> None:
        self.mark_everything(self.searched, tuple(self.filters), self.sort)

    @work(thread=True, exclusive=True, exit_on_error=False, group="mark")
    def mark_everything(self, query: str, filters: tuple[Filter, ...], sort: Sort) -> None:
        result = self.app.searcher.search(
            query,
            sort=sort,
            limit=max(1, self.total),
            filters=filters,
            facets=False,
            snippets=False,
        )
        ids = {hit.letter_id for hit in result.hits}
        self.app.call_from_thread(self._set_marks, ids)

    def _set_marks(self, ids: set[str]) -> None:
        results = self.query_one(ResultsList)
        results.marked = set(ids)
        results.refresh()
        self._status()
        self.notify(f"{counted(len(ids), 'letter')} marked; t tags them all, u unmarks")

    def action_unmark_all(self) -> None:
        results = self.query_one(ResultsList)
        results.marked.clear()
        results.refresh()
        self._status()

    @on(AnnotationsChanged)
    def refresh_annotations(self, message: AnnotationsChanged) -> None:
        shown = [
            h
            for h in self.query_one(ResultsList).loaded_hits()
            if h.letter_id in message.letter_ids
        ]
        self.refresh_hits(message.letter_ids, shown)

    @work(thread=True, exit_on_error=False, group="annotations")
    def refresh_hits(self, letter_ids: tuple[str, ...], shown: list[Hit]) -> None:
        store = self.app.store
        updated = []
        for hit in shown:
            if hit.letter_id in letter_ids:
                annotation = store.annotation(hit.letter_id)
                updated.append(
                    Hit(
                        hit.letter_id,
                        hit.score,
                        hit.letter,
                        hit.snippet,
                        annotation.tags,
                        bool(annotation.note),
                    )
                )
        current = self.current_letter if self.current_letter in letter_ids else None
        letter = store.get(current) if current else None
        current_annotation = store.annotation(current) if current else None
        self.app.call_from_thread(self._show_annotations, updated, letter, current_annotation)

    def _show_annotations(self, hits: list[Hit], letter: Any, annotation: Any) -> None:
        results = self.query_one(ResultsList)
        for hit in hits:
            results.replace_hit(hit)
        if letter is not None and annotation is not None:
            header = self.query_one(LetterHeader)
            # New tags; the same exchange and corrections (a correction re-reads the letter).
            header.show(letter, annotation, links=header.links, corrections=header.corrections)
        if any(f.facet == "tag" for f in self.filters) or "tag:" in self.query_text:
            self.search_now()

    # -- other screens -----------------------------------------------------------------------

    def action_follow_up_screen(self) -> None:
        from tui.screens.followup import FollowUpScreen

        self.app.push_screen(FollowUpScreen())

    def action_reply_stats(self) -> None:
        """Reply-time charts for the letters of the search on screen."""
        from tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.searched, tuple(self.filters)))

    def action_save_search(self) -> None:
        from tui.screens.saved import SaveSearchPrompt

        self.app.push_screen(SaveSearchPrompt(self.query_text, tuple(self.filters), self.sort))

    def action_open_saved(self) -> None:
        from tui.screens.saved import SavedSearchesScreen

        self.app.push_screen(SavedSearchesScreen(), self.apply_saved)

    def apply_saved(self, chosen: Any) -> None:
        if chosen is None:
            return
        self.filters = [Filter(f, v, x) for f, v, x in chosen.filters]
        self.sort = chosen.sort if chosen.sort in SORT_CYCLE else "relevance"
        self.query_one(SearchBar).show_filters(self.filters)
        query = self.query_one(QueryInput)
        with query.prevent(Input.Changed):
            query.value = chosen.query
        self.query_text = chosen.query
        self._status()
        self.search_now()

    def set_query(self, query: str) -> None:
        """Replace the query (from the palette or another screen) and search."""
        box = self.query_one(QueryInput)
        with box.prevent(Input.Changed):
            box.value = query
        self.query_text = query
        self.search_now(jump=True)

    def action_export(self) -> None:
        from tui.screens.export import ExportPrompt

        self.app.push_screen(
            ExportPrompt(self.searched, tuple(self.filters), self.sort, self.total)
        )

    @on(IndexStateChanged)
    def index_changed(self, message: IndexStateChanged) -> None:
        self.index_state = message.state
        if message.state == "ready":
            self.search_now()
        self._status()

    def _status(self, suggestion: str | None = None) -> None:
        results = self.query_one(ResultsList)
        # Without words to rank by, "relevance" lists the newest first: say what is shown.
        ranked = self.sort != "relevance" or _has_words(self.searched)
        self.query_one(StatusLine).show(
            str(self.app.store.root),
            self.total,
            self.app.letter_total,
            self.sort if ranked else "-date",
            self.index_state,
            len(results.marked),
            suggestion,
        )


def _has_words(query: str) -> bool:
    """Whether a query looks for words in the text (not only mp:, tag:, has: and the like)."""
    from index.query import QueryError, parse, terms_of
    from index.snippets import applies_to_body

    try:
        terms = terms_of(parse(query))
    except QueryError:
        return False
    return any(applies_to_body(t) for t in terms)


def _one_token_with_digits(query: str) -> bool:
    """A query that may be a reference or an id (any shape a department writes)."""
    words = query.split()
    return len(words) == 1 and any(c.isdigit() for c in words[0])
