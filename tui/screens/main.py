"""The workbench: search bar, facets, results and reader on one screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import Worker

from index.results import Filter, Sort
from tui.collection import collect_at_rest, settle
from tui.keys import bindings_for
from tui.messages import (
    AnnotationsChanged,
    CompareWanted,
    FacetsCounted,
    FilterRequested,
    IndexStateChanged,
    Notice,
    PairingChanged,
    SearchDone,
    SearchFailed,
)
from tui.screens import dispatch_app
from tui.text import display_line
from tui.widgets.facets import FacetList
from tui.widgets.footer import KeyFooter
from tui.widgets.reader import LetterText
from tui.widgets.reader_pane import ReaderPane, has_words
from tui.widgets.results import ResultsList, Search
from tui.widgets.searchbar import FilterBar, QueryInput, SearchBar, StatusLine
from tui.words import counted

#: Wait this long after the last keystroke before searching (a newer query cancels it).
#: 0, at once: at most one search runs and the latest request waits for it (``run_search``),
#: so keys typed during a search merge anyway; a wait only delayed every result (by 50 ms).
DEBOUNCE_SECONDS = 0.0
#: While a query is typed, the facets are counted and the reader previews the first letter
#: only once the keys have rested this long: each would otherwise be redrawn per keystroke,
#: delaying the results of the keys that follow.
REST_SECONDS = 0.3
#: Garbage is collected once no key has come for this long after results showed (see
#: ``tui.collection``): longer than the gap between a typist's keys (80-150 ms), so a
#: collection falls in a pause, not inside a burst of keys.
COLLECT_AFTER_SECONDS = 0.16
SORT_CYCLE: tuple[Sort, ...] = ("relevance", "-date", "date")


class MainScreen(Screen[None]):
    """Search, narrow, read and annotate."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("MainScreen")

    #: The keys a narrow footer shows first (binding ids, most important first); the reader's
    #: own keys lead while it has the focus.
    FOOTER_FIRST = (
        "reader.next_hit",
        "reader.why",
        "results.open",
        "focus_search",
        "compare",
        "tag",
        "mark_reply",
        "review",
        "results.mark",
        "note",
        "sort",
    )

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
        #: The generation whose facets the facet list shows.
        self.facets_generation = 0
        self.filters: list[Filter] = []
        self.sort: Sort = "relevance"
        self.generation = 0
        self.total = 0
        self.index_state = "opening"
        self._debounce: Timer | None = None
        #: Facets to count and a letter to preview once the typing rests (see REST_SECONDS).
        self._at_rest: Timer | None = None
        self._collect: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        with Horizontal(id="panes"):
            yield FacetList(id="facets")
            yield ResultsList(id="results")
            yield ReaderPane(id="reader")
        yield StatusLine(id="status")
        yield KeyFooter()

    @property
    def current_letter(self) -> str | None:
        """The letter in the reader (or being read into it)."""
        return self.query_one(ReaderPane).letter_id

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
        self.app.prepare_index()

    # -- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def schedule_search(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.typing = True
        # Results still coming for the query as it was are stale now: never drawn.
        self.generation += 1
        if self._debounce is not None:
            self._debounce.stop()
        if self._at_rest is not None:
            self._at_rest.stop()
        if self._collect is not None:
            self._collect.stop()
        if DEBOUNCE_SECONDS:
            self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.search_now)
        else:
            self.search_now()

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
        generation = self.generation
        search = Search(generation, self.searched, tuple(self.filters), self.sort)
        self.query_one(ResultsList).run_search(search, jump, lambda: self.generation != generation)

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
        results.reset(
            result.total,
            result.hits,
            keep=keep,
            empty_message=self._no_match(result),
            search=Search(
                message.generation,
                result.query,
                tuple(self.filters),
                result.sort,
                message.page_size,
            ),
        )
        if result.total == 0:
            self.query_one(ReaderPane).clear()  # not a letter from before
        if self.typing and self.query_one(QueryInput).has_focus:
            # Typing: more keys may follow at once; the facets and reader wait for a rest.
            if self._at_rest is not None:
                self._at_rest.stop()
            self._at_rest = self.set_timer(REST_SECONDS, self._after_results)
        else:
            # Once the list is drawn: their workers would share the interpreter with drawing it.
            self.call_after_refresh(self._after_results)
        if not self.typing:
            for note in result.notes:
                self.notify(note, timeout=4)
        self._status(result.suggestion if result.total == 0 else None)
        if not self._frozen:
            # The archive's columns and the app are loaded now and live for the session.
            self._frozen = True
            settle()
            # Reading the pairing (a second of CPU at 100k letters) waits for the first
            # results to be drawn; its has:/is:/days: terms, reply facet and the reader's
            # links come with ``PairingChanged``.
            self.call_after_refresh(self.app.pair_letters)
        if self._collect is not None:
            self._collect.stop()
        self._collect = self.set_timer(COLLECT_AFTER_SECONDS, collect_at_rest)
        if message.owner_id is not None and not self.typing:
            results.action_open()  # Enter on a reference lands on the letter it names
        elif result.total == 1 and self._looks_like_reference(result.query) and not self.typing:
            # While typing, the reader previews the letter; focus stays in the search box.
            results.action_open()
        elif self._to_results and not self.typing and result.total:
            results.focus()
        self._to_results = False

    def _after_results(self) -> None:
        """The results on show settled: count their facets, and read the letter under the
        cursor into the reader (or the same letter's hits for this query)."""
        self._at_rest = None
        results = self.query_one(ResultsList)
        search = results.search_shown
        if search.generation != self.generation:
            return
        if not results.total:
            self.query_one(FacetList).show({}, self.filters)  # only the filters, to remove
            return
        self.count_facets(search, lambda: self.generation != search.generation)
        shown = results.current
        reader = self.query_one(ReaderPane)
        if shown is not None and (
            shown.letter_id != reader.letter_id or search.query != reader.query_text
        ):
            reader.load(shown.letter_id, search.query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="facets")
    def count_facets(self, search: Search, stale: Callable[[], bool]) -> None:
        """The facets of the results on show (posts ``FacetsCounted`` unless stale first)."""
        from index.query import QueryError
        from index.results import SearchStopped

        try:
            if stale():
                return
            # The matching letters are still cached from the search: only the counting is new.
            counted = self.app.searcher.search(
                search.query,
                sort=search.sort,
                limit=0,
                filters=search.filters,
                facets=True,
                snippets=False,
                stop=stale,
            )
        except (SearchStopped, QueryError):
            return
        if not stale():
            self.post_message(FacetsCounted(search.generation, counted.facets))

    @on(FacetsCounted)
    def show_facets(self, message: FacetsCounted) -> None:
        if message.generation == self.generation:
            self.query_one(FacetList).show(message.facets, self.filters)
            self.facets_generation = message.generation

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

    @staticmethod
    def _looks_like_reference(query: str) -> bool:
        from archive.refs import looks_like_reference
        from index.fields import typed_reference

        typed = typed_reference(query)
        return typed is not None and (typed[1] or looks_like_reference(typed[0]))

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

        def chosen(picked: Filter | None) -> None:
            if picked is not None:
                self.post_message(FilterRequested(picked))

        self.app.push_screen(FacetPicker(facet, self.searched, tuple(self.filters)), chosen)

    def action_focus_search(self) -> None:
        self.query_one(QueryInput).focus()

    # -- reading -----------------------------------------------------------------------------

    @on(ResultsList.Highlighted)
    def preview(self, message: ResultsList.Highlighted) -> None:
        # New results show their first letter once they are drawn (see ``_after_results``).
        if message.by_search:
            return
        if message.hit is not None and message.hit.letter_id != self.current_letter:
            self.query_one(ReaderPane).load(message.hit.letter_id, self.searched)
        self._status()

    @on(ResultsList.Opened)
    def open_letter(self, message: ResultsList.Opened) -> None:
        if message.hit.letter_id != self.current_letter:
            self.query_one(ReaderPane).load(message.hit.letter_id, self.searched)
        self.query_one(LetterText).focus()

    def action_mark_reply(self) -> None:
        if self.current_letter is not None:
            self.app.mark_reply(self.current_letter)

    # -- pairs -------------------------------------------------------------------------------

    def action_compare(self) -> None:
        marked = sorted(self.query_one(ResultsList).marked)
        if len(marked) == 2:
            self.compare_in_date_order(*marked)
        elif len(marked) > 2:
            self.notify("Mark two letters to compare them (u unmarks)", severity="warning")
        elif self.current_letter is not None:
            self.find_counterpart(self.current_letter)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pairing-lookup")
    def compare_in_date_order(self, *letter_ids: str) -> None:
        def day(letter_id: str) -> str:
            letter = self.app.store.get(letter_id)
            found = letter.metadata.date if letter else None
            return found.isoformat() if found else "9999"

        first, second = sorted(letter_ids, key=day)
        self.post_message(CompareWanted(first, second))

    @work(thread=True, exclusive=True, exit_on_error=False, group="pairing-lookup")
    def find_counterpart(self, letter_id: str) -> None:
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
        self.post_message(CompareWanted(*pair))

    @on(CompareWanted)
    def open_compare(self, message: CompareWanted) -> None:
        from tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(message.left_id, message.right_id))

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    @on(PairingChanged)
    def pairing_changed(self) -> None:
        # has:reply, is:unpaired, days: and the reply-time facet may have changed.
        self.pairing_seen = True
        if self.index_state == "ready":
            self.search_now()
        reader = self.query_one(ReaderPane)
        if reader.letter_id is not None:
            reader.load(reader.letter_id, self.searched)

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
        if ids:
            self.app.toggle_tag(ids, tag)

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
        self.query_one(ResultsList).mark_all()

    def action_unmark_all(self) -> None:
        self.query_one(ResultsList).unmark_all()

    @on(ResultsList.Marked)
    def show_marks(self, message: ResultsList.Marked) -> None:
        self._status()
        if message.everything:
            self.notify(f"{counted(message.count, 'letter')} marked; t tags them all, u unmarks")

    @on(AnnotationsChanged)
    def refresh_annotations(self, message: AnnotationsChanged) -> None:
        self.query_one(ResultsList).refresh_annotations(message.letter_ids)
        reader = self.query_one(ReaderPane)
        if reader.letter_id in message.letter_ids:
            reader.refresh_annotation()
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
        elif self.app.letter_total == 0:
            # In the list, the widest pane, wrapped: the reader at 80 columns cut it off.
            self.query_one(ResultsList).reset(0, (), empty_message=self.app.empty_archive_help())
        self._status()

    def _status(self, suggestion: str | None = None) -> None:
        results = self.query_one(ResultsList)
        # Without words to rank by, "relevance" lists the newest first: say what is shown.
        ranked = self.sort != "relevance" or has_words(self.searched)
        self.query_one(StatusLine).show(
            str(self.app.store.root),
            self.total,
            self.app.letter_total,
            self.sort if ranked else "-date",
            self.index_state,
            len(results.marked),
            suggestion,
        )
