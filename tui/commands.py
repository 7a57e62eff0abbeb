"""Command palette providers: facets, saved searches, references and the reply-time charts.

One provider per facet (MPs, areas, departments, tags). Choosing an entry filters the
workbench, opens the letter or the charts."""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from archive.refs import normalise_reference
from index.results import FacetCount, Filter, SearchResult
from tui.messages import FilterRequested
from tui.text import display_line
from tui.words import counted

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


def _main_screen(app: Any) -> MainScreen | None:
    from tui.screens.main import MainScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, MainScreen):
            return screen
    return None


#: The facet counts of the whole archive, per app: the four facet providers start together
#: when the palette opens and share one search (they each ran it), reused for a moment only.
_FACETS: weakref.WeakKeyDictionary[Any, tuple[float, asyncio.Future[SearchResult]]] = (
    weakref.WeakKeyDictionary()
)
_FACETS_FRESH_S = 1.0


async def _archive_facets(app: Any) -> SearchResult:
    held = _FACETS.get(app)
    now = time.monotonic()
    if held is None or now - held[0] > _FACETS_FRESH_S:
        search = app.searcher.search
        future = asyncio.ensure_future(
            asyncio.to_thread(search, "", limit=0, facets=True, snippets=False)
        )
        held = _FACETS[app] = (now, future)
    return await asyncio.shield(held[1])


@dataclass(frozen=True)
class _Entry:
    """One palette entry: its label, what choosing it does, and its help (as discovered
    when nothing is typed, and as found by a query)."""

    label: str
    chosen: Callable[[], None]
    help: str
    found_help: str


class _ListedCommands(Provider):
    """A provider of a list of entries: the first twelve shown before anything is typed,
    the rest found by the palette's fuzzy match."""

    def entries(self) -> list[_Entry]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for entry in self.entries()[:12]:
            label = entry.label
            yield DiscoveryHit(Content(label), entry.chosen, text=label, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries():
            score = matcher.match(entry.label)
            if score > 0:
                highlighted = _highlighted(matcher, entry.label)
                yield Hit(score, highlighted, entry.chosen, text=entry.label, help=entry.found_help)


class _FacetCommands(_ListedCommands):
    """Values of one facet across the archive, most letters first."""

    facet = ""
    title = ""
    limit = 400

    async def startup(self) -> None:
        self.values: list[FacetCount] = []
        try:
            result = await _archive_facets(self.app)
        except Exception:  # noqa: BLE001 - no index yet: nothing to offer
            return
        self.values = list(result.facets.get(self.facet, ()))[: self.limit]

    def entries(self) -> list[_Entry]:
        return [
            _Entry(
                f"{self.title}: {display_line(count.value)}",
                partial(self._apply, count.value),
                counted(count.count, "letter"),
                f"{counted(count.count, 'letter')}; filter by it",
            )
            for count in self.values
        ]

    def _apply(self, value: str) -> None:
        screen = _main_screen(self.app)
        if screen is not None:
            screen.post_message(FilterRequested(Filter(self.facet, value)))


class MPCommands(_FacetCommands):
    facet, title = "mp", "MP"


class AreaCommands(_FacetCommands):
    facet, title = "area", "Area"


class DepartmentCommands(_FacetCommands):
    facet, title = "dept", "Department"


class TagCommands(_FacetCommands):
    facet, title = "tag", "Tag"


class SavedSearchCommands(_ListedCommands):
    """Saved searches by name."""

    async def startup(self) -> None:
        self.saved = await asyncio.to_thread(self.app.store.saved_searches)  # type: ignore[attr-defined]

    def entries(self) -> list[_Entry]:
        return [
            _Entry(
                f"Saved search: {display_line(saved.name)}",
                partial(self._apply, saved),
                _help(saved.query),
                _help(saved.query),
            )
            for saved in self.saved
        ]

    def _apply(self, saved: Any) -> None:
        screen = _main_screen(self.app)
        if screen is not None:
            screen.apply_saved(saved)


class ReferenceCommands(Provider):
    """Letters by reference number: type part of one."""

    async def startup(self) -> None:
        references = await asyncio.to_thread(self.app.store.references)  # type: ignore[attr-defined]
        # Compared by their keys (``archive.refs``' one rule): made once here, not per key.
        self.references = [
            (normalise_reference(ref), ref, letter_id) for ref, letter_id in references
        ]
        self.labels: dict[str, str] = {}

    async def search(self, query: str) -> Hits:
        wanted = normalise_reference(query)
        if len(wanted) < 3 or not any(c.isdigit() for c in wanted):
            return
        shown = 0
        for compact, reference, letter_id in self.references:
            if wanted in compact:
                score = 1.0 if compact == wanted else 0.5 + 0.4 * len(wanted) / len(compact)
                label = f"Reference {display_line(reference)}"
                yield Hit(
                    score,
                    Content(label),
                    partial(self._open, reference),
                    text=label,
                    help=_help(await self._label(letter_id)),
                )
                shown += 1
                if shown >= 30:
                    return

    async def _label(self, letter_id: str) -> str:
        """The letter as a researcher names it (date, reference, sender → recipient): three
        letters of one exchange share a reference, and an id tells them nothing."""
        if letter_id not in self.labels:
            letter = await asyncio.to_thread(self.app.store.get, letter_id)  # type: ignore[attr-defined]
            self.labels[letter_id] = letter.label() if letter is not None else ""
        return self.labels[letter_id]

    def _open(self, reference: str) -> None:
        screen = _main_screen(self.app)
        if screen is not None:
            screen.set_query(reference)


class StatsCommands(Provider):
    """The reply-time charts of the current search."""

    LABEL = "Reply times: charts for this search"
    HELP = "Per department, per MP and by quarter, with the share within 20 working days (T)"

    async def discover(self) -> Hits:
        yield DiscoveryHit(Content(self.LABEL), self._open, text=self.LABEL, help=self.HELP)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label in (self.LABEL, "Statistics: reply times"):
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score, _highlighted(matcher, label), self._open, text=label, help=self.HELP
                )
                return

    def _open(self) -> None:
        screen = _main_screen(self.app)
        if screen is not None:
            screen.action_reply_stats()


def _highlighted(matcher: Matcher, label: str) -> Content:
    """``label`` as plain text (never markup), the characters the query matched styled.

    ``Matcher.highlight`` would parse the label as markup: a name or a tag holding
    ``[@click=...]`` would become a live action link.
    """
    content = Content(label)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _help(text: str) -> str:
    """A palette entry's help line: the palette reads it as markup, so it is escaped."""
    return escape(display_line(text))
