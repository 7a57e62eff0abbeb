"""The results list: it runs the search, pages results in as they are scrolled to, marks.

Two lines a letter, drawn only for the rows on screen. With 100k matching letters the list
still holds only the pages that were looked at; a row not yet loaded asks for its page (read
in a worker) and shows a placeholder until it arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import getters, on, work
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker

from archive.extract.lexicon import acronym
from index.fields import typed_reference
from index.results import Filter, Hit, Sort, department
from tui.keys import bindings_for
from tui.messages import PageLoaded, SearchDone, SearchFailed
from tui.screens import dispatch_app
from tui.text import (
    NO_EMPHASIS,
    display_line,
    display_text,
    markdown_emphasis,
    span_on,
    strip_controls,
    without_markers,
)
from tui.words import fit

#: Letters in a page of results when the list's height is not known yet.
PAGE_SIZE = 50
#: Rows read beyond those the list shows, so that a few steps down need no page read.
PAGE_MARGIN = 6
ROW_HEIGHT = 2
#: Columns for an MP's name: most names whole ("Jonathan Ambrose", "Sir Iain Duncan Smith").
MP_WIDTH = 21


@dataclass(frozen=True)
class Search:
    """What a list of results is for: the query as searched, its filters and its order;
    ``generation`` tells a newer search of the screen's from an older one."""

    generation: int
    query: str
    filters: tuple[Filter, ...] = ()
    sort: Sort = "relevance"
    #: Letters a page holds: what the list shows and a few more (each hit's snippet is
    #: found in its text, about half of a search's time: rows nobody sees are not built).
    page_size: int = PAGE_SIZE


class ResultsList(ScrollView, can_focus=True):
    """Letters matching the current search, with a cursor and marks."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("ResultsList")

    COMPONENT_CLASSES = {
        "results--cursor",
        "results--marked",
        "results--meta",
        "results--snippet",
        "results--hit",
        "results--tags",
        "results--placeholder",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor is on another letter (``by_search``: new results put it there)."""

        hit: Hit | None
        by_search: bool = False

    @dataclass
    class Opened(Message):
        """Enter was pressed on a letter."""

        hit: Hit

    @dataclass
    class PageWanted(Message):
        """A page of results is needed to draw the list."""

        page: int

    class SearchEnded(Message):
        """The running search is over (done, failed or given up): a waiting one may start."""

    @dataclass
    class MarksFound(Message):
        """Every letter of the results, to mark (read in a worker)."""

        letter_ids: frozenset[str]

    @dataclass
    class Marked(Message):
        """The marks changed: ``count`` letters are marked (``everything``: by mark all)."""

        count: int
        everything: bool = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The search whose results are shown (pages and marks of another are dropped).
        self.search_shown = Search(0, "")
        self.total = 0
        self.pages: dict[int, tuple[Hit, ...]] = {}
        self.marked: set[str] = set()
        self._requested: set[int] = set()
        #: Whether a search's worker runs, and the latest request waiting for it to end.
        self._searching = False
        self._resetting = False
        self._waiting: tuple[Search, bool, Callable[[], bool]] | None = None
        #: What the list says when nothing matches (the query and a did-you-mean).
        self.empty_message: Text | None = None
        #: The list's own style and width while a redraw runs (see ``render_lines``).
        self._drawing: tuple[Style, int] | None = None

    # -- searching -----------------------------------------------------------------------------

    def run_search(
        self, search: Search, jump: bool, stale: Callable[[], bool] = lambda: False
    ) -> None:
        """Search for the first page and the total (see ``_search``); ``stale()`` says, from
        the worker's thread, that a newer request made this one useless.

        At most one search runs: a request made meanwhile waits for it, and a newer request
        replaces a waiting one. Started threads cannot be stopped, and several at once only
        share the processor and the index's lock, delaying the one whose results are wanted;
        the running one gives up at its next step once it is stale."""
        if self.size.height:
            rows = self.size.height // ROW_HEIGHT + 1 + PAGE_MARGIN
            search = replace(search, page_size=rows)
        if self._searching:
            self._waiting = (search, jump, stale)
            return
        self._searching = True
        self._search(search, jump, stale)

    @work(thread=True, exit_on_error=False, group="search")
    def _search(self, search: Search, jump: bool, stale: Callable[[], bool]) -> None:
        """The first page and the total (the facets are counted apart, for the final query
        only); ``jump`` (Enter) also says which letter a reference names, so that Enter lands
        on it. Posts ``SearchDone``, ``SearchFailed`` or, when stale, nothing."""
        from index.query import QueryError
        from index.results import SearchStopped

        query = search.query
        try:
            if stale():
                return
            result = self.app.searcher.search(
                query,
                sort=search.sort,
                limit=search.page_size,
                filters=search.filters,
                facets=False,
                stop=stale,
            )
        except SearchStopped:
            return
        except QueryError as error:
            self.post_message(SearchFailed(search.generation, query, str(error), error.position))
            return
        finally:
            self.post_message(self.SearchEnded())
        if stale():
            return
        owner_id = None
        if jump and result.total > 1 and _one_token_with_digits(query):
            owner_id = self._reference_owner(query, result.hits)
        self.post_message(SearchDone(search.generation, result, owner_id, search.page_size))
        if jump and len(result.hits) == 1 and result.total == 1:
            self.post_message(self.Opened(result.hits[0]))

    def _reference_owner(self, query: str, hits: Sequence[Hit]) -> str | None:
        """The letter a reference shared across an exchange names (see ``Store.resolve``),
        if it is among the hits shown; runs in the search worker."""
        from archive.store import ArchiveError

        typed = typed_reference(query)
        if typed is None:
            return None
        try:
            owner = self.app.store.resolve(typed[0])
        except ArchiveError:
            return None
        return owner.id if any(hit.letter_id == owner.id for hit in hits) else None

    @on(SearchEnded)
    def start_waiting_search(self, message: SearchEnded) -> None:
        message.stop()
        self._searching = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self.run_search(*waiting)

    @on(PageWanted)
    def load_page(self, message: PageWanted) -> None:
        message.stop()
        self.fetch_page(self.search_shown, message.page)

    @work(thread=True, exit_on_error=False, group="pages")
    def fetch_page(self, search: Search, page: int) -> None:
        result = self.app.searcher.search(
            search.query,
            sort=search.sort,
            limit=search.page_size,
            offset=page * search.page_size,
            filters=search.filters,
            facets=False,
        )
        self.post_message(PageLoaded(search.generation, page, result.hits))

    @on(PageLoaded)
    def show_page(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation == self.search_shown.generation:
            self.add_page(message.page, message.hits)

    def mark_all(self) -> None:
        """Mark every letter of the results (read in a worker; ``Marked`` says how many)."""
        self.find_all(self.search_shown, max(1, self.total))

    @work(thread=True, exclusive=True, exit_on_error=False, group="mark")
    def find_all(self, search: Search, total: int) -> None:
        result = self.app.searcher.search(
            search.query,
            sort=search.sort,
            limit=total,
            filters=search.filters,
            facets=False,
            snippets=False,
        )
        letter_ids = frozenset(hit.letter_id for hit in result.hits)
        self.post_message(self.MarksFound(letter_ids))

    @on(MarksFound)
    def set_marks(self, message: MarksFound) -> None:
        message.stop()
        self.marked = set(message.letter_ids)
        self.refresh()
        self.post_message(self.Marked(len(self.marked), everything=True))

    def unmark_all(self) -> None:
        self.marked.clear()
        self.refresh()
        self.post_message(self.Marked(0))

    @dataclass
    class HitsRead(Message):
        """Shown letters with their tags and note mark as they are now (read in a worker)."""

        hits: tuple[Hit, ...]

    def refresh_annotations(self, letter_ids: tuple[str, ...]) -> None:
        """Show these letters' new tags and note marks, where they are in the list."""
        shown = tuple(hit for hit in self.loaded_hits() if hit.letter_id in letter_ids)
        if shown:
            self.read_annotations(shown)

    @work(thread=True, exit_on_error=False, group="annotations")
    def read_annotations(self, shown: tuple[Hit, ...]) -> None:
        updated = []
        for hit in shown:
            annotation = self.app.store.annotation(hit.letter_id)
            tags, has_note = annotation.tags, bool(annotation.note)
            updated.append(Hit(hit.letter_id, hit.score, hit.letter, hit.snippet, tags, has_note))
        self.post_message(self.HitsRead(tuple(updated)))

    @on(HitsRead)
    def show_hits_read(self, message: HitsRead) -> None:
        message.stop()
        for hit in message.hits:
            self.replace_hit(hit)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed search or page (a damaged index) is reported by the app's one handler
        (worker messages do not bubble)."""
        self.app.on_worker_state_changed(event)

    # -- data ----------------------------------------------------------------------------------

    def reset(
        self,
        total: int,
        first_page: tuple[Hit, ...],
        keep: str | None = None,
        empty_message: Text | None = None,
        search: Search | None = None,
    ) -> None:
        """New results: the total and the first page; the cursor goes back to the top, or
        stays on the letter ``keep`` when it is still on the first page (the same search run
        again after a correction or a new pairing keeps the researcher's place).
        ``empty_message`` is what the list says when there are none; ``search`` is what
        they are for (later pages are read for it)."""
        if search is not None:
            self.search_shown = search
        self.total = total
        self.empty_message = empty_message
        self.pages = {0: first_page}
        self._requested = {0}
        self.virtual_size = Size(self.scrollable_content_region.width, total * ROW_HEIGHT)
        row = next((i for i, hit in enumerate(first_page) if hit.letter_id == keep), None)
        self._resetting = True
        try:
            if row is None:
                self.scroll_to(0, 0, animate=False)
                self.cursor = 0
            else:
                self.cursor = row
        finally:
            self._resetting = False
        self.refresh()

    def add_page(self, page: int, hits: tuple[Hit, ...]) -> None:
        self.pages[page] = hits
        self.refresh()
        if page == self.cursor // self.search_shown.page_size:
            self.post_message(self.Highlighted(self.current))

    def replace_hit(self, hit: Hit) -> None:
        """Show a letter's new tags or note mark without searching again."""
        for page, hits in self.pages.items():
            for index, old in enumerate(hits):
                if old.letter_id == hit.letter_id:
                    self.pages[page] = hits[:index] + (hit,) + hits[index + 1 :]
        self.refresh()

    def hit_at(self, row: int) -> Hit | None:
        size = self.search_shown.page_size
        page = self.pages.get(row // size)
        if page is None or row % size >= len(page):
            return None
        return page[row % size]

    @property
    def current(self) -> Hit | None:
        return self.hit_at(self.cursor) if self.total else None

    def loaded_hits(self) -> list[Hit]:
        return [hit for page in sorted(self.pages) for hit in self.pages[page]]

    # -- actions -------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        rows = max(1, self.size.height // ROW_HEIGHT - 1)
        self.action_move(direction * rows)

    def action_jump(self, row: int) -> None:
        if self.total:
            self.cursor = row if row >= 0 else self.total - 1

    def action_open(self) -> None:
        hit = self.current
        if hit is not None:
            self.post_message(self.Opened(hit))

    def action_mark(self) -> None:
        hit = self.current
        if hit is None:
            return
        self.marked.symmetric_difference_update({hit.letter_id})
        self.action_move(1)
        self.refresh()

    def watch_cursor(self, cursor: int) -> None:
        top = cursor * ROW_HEIGHT
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + ROW_HEIGHT > self.scroll_y + self.size.height:
            self.scroll_to(y=top + ROW_HEIGHT - self.size.height, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self.current, by_search=self._resetting))

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if isinstance(offset, int) and self.total:
            row = (int(self.scroll_y) + offset) // ROW_HEIGHT
            self.cursor = min(self.total - 1, row)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.total * ROW_HEIGHT)

    # -- drawing -------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Found once a redraw, not three times a line: the style walks every ancestor's
        # styles, and a page of new results is dozens of lines drawn at once.
        self._drawing = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def _look(self) -> tuple[Style, int]:
        """The list's own style and the width its lines fill."""
        if self._drawing is not None:
            return self._drawing
        return self.rich_style, self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        base, width = self._look()
        line = int(self.scroll_y) + y
        row, part = divmod(line, ROW_HEIGHT)
        if self.total == 0 and self.empty_message is not None:
            lines = self.empty_message.wrap(self.app.console, max(10, width - 3))
            if line >= len(lines):
                return Strip.blank(width, base)
            said = Text("   ") + lines[line]
            said.stylize_before(base)
            said.no_wrap = True
            return Strip(list(said.render(self.app.console)), said.cell_len).crop_extend(
                0, width, base
            )
        if row >= self.total:
            return Strip.blank(width, base)
        hit = self.hit_at(row)
        if hit is None:
            page = row // self.search_shown.page_size
            if page not in self._requested:
                self._requested.add(page)
                self.post_message(self.PageWanted(page))
            text = Text(
                "  …" if part == 0 else "",
                style=self.get_component_rich_style("results--placeholder"),
            )
        else:
            text = self._meta_line(hit) if part == 0 else self._snippet_line(hit)
        if row == self.cursor:
            text.stylize(self.get_component_rich_style("results--cursor"))
        text.stylize_before(base)
        segments = list(text.render(self.app.console))
        strip = Strip(segments, cell_len(text.plain)).crop_extend(0, width, base)
        return strip if strip.cell_length else Strip([Segment(" " * width, base)], width)

    def _meta_line(self, hit: Hit) -> Text:
        meta = hit.letter.metadata
        mark = "●" if hit.letter_id in self.marked else " "
        note = "✎" if hit.has_note else " "
        date = meta.date.isoformat() if meta.date else "no date   "
        arrow = {"to_mp": "→MP", "from_mp": "MP→", "other": " · "}.get(meta.direction, " · ")
        tags = display_line(" ".join(hit.tags))
        # Fixed: marks 3, date 10, arrow 4, gaps 4; MP and department share the rest.
        base, width = self._look()
        # Tags are what the researcher wrote: MP and department give way to them first.
        spare = max(8, width - 3 - 10 - 4 - 4 - (cell_len(tags) + 1 if tags else 0))
        # The MP's whole name before the department's (which has its acronym to fall back on).
        mp_width = max(4, spare * 2 // 5, min(MP_WIDTH, spare - 7))
        dept_width = max(4, spare - mp_width)
        text = Text(no_wrap=True, overflow="ellipsis", style=base)
        text.append(f"{mark}{note} ", self.get_component_rich_style("results--marked"))
        text.append(f"{date}  ", self.get_component_rich_style("results--meta"))
        text.append(fit(strip_controls(meta.mp or "—"), mp_width) + "  ")
        across = department(hit.letter) or ""
        if len(across) > dept_width and (short := acronym(across)):
            across = short  # "DfE" rather than "Department for E…"
        text.append(fit(strip_controls(across), dept_width))
        text.append(f" {arrow}", self.get_component_rich_style("results--meta"))
        if tags:
            text.append(" " + tags, self.get_component_rich_style("results--tags"))
        return text

    def _snippet_line(self, hit: Hit) -> Text:
        snippet = hit.snippet
        meta = hit.letter.metadata
        reference = strip_controls(meta.references[0])[:18] + " " if meta.references else ""
        lead = "   " + reference
        base, width = self._look()
        room = width - len(lead)
        drawn, hits, looks = snippet_as_drawn(snippet.text, snippet.spans, hit.letter.format)
        shown, spans = around_hit(drawn, hits, room)
        # Where the "…" starts it (around_hit keeps the rest as it is).
        trimmed = shown != drawn
        cut = len(drawn) + 1 - len(shown) if trimmed else 0
        text = Text(
            lead + shown,
            no_wrap=True,
            overflow="ellipsis",
            style=base + self.get_component_rich_style("results--snippet"),
        )
        hit_style = self.get_component_rich_style("results--hit")
        text.stylize(self.get_component_rich_style("results--meta"), 3, len(lead))
        for start, end, look in looks:
            if end > cut:
                shift = len(lead) - cut + trimmed
                text.stylize(look, max(start, cut) + shift, end + shift)
        for start, end in spans:
            text.stylize(hit_style, start + len(lead), end + len(lead))
        return text


def snippet_as_drawn(
    snippet: str, spans: tuple[tuple[int, int], ...], letter_format: str
) -> tuple[str, tuple[tuple[int, int], ...], tuple[tuple[int, int, str], ...]]:
    """A snippet as the list draws it, with its hits' spans and its emphasis (start, end,
    style) on what is drawn: a Markdown letter's emphasis markers left out, as in the reader."""
    drawn = display_text(snippet)
    emphasis = markdown_emphasis(snippet) if letter_format == "md" else NO_EMPHASIS
    if not emphasis.hidden:
        return drawn, spans, ()
    drawn, offsets = without_markers(drawn, emphasis.hidden)
    hits = tuple(span_on(offsets, start, end) for start, end in spans)
    looks = tuple(
        (*span_on(offsets, start, end), look)
        for found, look in ((emphasis.bold, "bold"), (emphasis.italic, "italic"))
        for start, end in found
    )
    return drawn, hits, looks


def around_hit(
    text: str, spans: tuple[tuple[int, int], ...], width: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` cut so its first hit shows within ``width`` columns (a third of the room
    before it, from an "…"), with the hits' spans moved to match; as it is if it fits."""
    if not spans or width <= 0 or spans[0][1] <= width - 1:
        return text, spans
    start = max(0, spans[0][0] - width // 3)
    space = text.rfind(" ", start - 12 if start >= 12 else 0, start)
    if space > 0:
        start = space + 1  # from a word's start
    shift = start - 1  # the "…" takes one column
    moved = tuple((a - shift, b - shift) for a, b in spans if a >= start)
    return "…" + text[start:], moved


def _one_token_with_digits(query: str) -> bool:
    """A query that may be a reference or an id (any shape a department writes)."""
    words = query.split()
    return len(words) == 1 and any(c.isdigit() for c in words[0])
