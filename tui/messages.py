"""App-wide messages: what workers report back, and what widgets ask of the screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from archive.corrections import Correction
from archive.models import Annotation, Letter
from index.results import FacetCount, Filter, Hit, SearchResult


@dataclass
class SearchDone(Message):
    """A search finished (the first page and the total; the facets come apart)."""

    generation: int
    result: SearchResult
    #: For a reference several letters carry: the letter whose own reference it is, to land on.
    owner_id: str | None = None
    #: Letters per page of these results (the first page holds this many, or all there are).
    page_size: int = 50


@dataclass
class FacetsCounted(Message):
    """The facet counts for the results of search ``generation`` (counted after them)."""

    generation: int
    facets: Mapping[str, Sequence[FacetCount]]


@dataclass
class SearchFailed(Message):
    """A query could not be parsed or run; ``position`` points at the token when known."""

    generation: int
    query: str
    message: str
    position: int | None = None


@dataclass
class PageLoaded(Message):
    """More results for a list that is being scrolled."""

    generation: int
    page: int
    hits: tuple[Hit, ...]


@dataclass
class LetterLoaded(Message):
    """A letter's record, text, annotation and the query's matches in it."""

    letter: Letter
    text: str
    annotation: Annotation
    matches: list[tuple[int, int]]
    #: (label, text) rows on the letter's place in its exchange: "answers", "reply"
    links: tuple[tuple[str, str], ...] = ()
    #: Which request of the screen's this answers (a later request supersedes it).
    serial: int = 0
    #: The researcher's corrections of its metadata (shown beside the extracted values).
    corrections: tuple[Correction, ...] = ()


@dataclass
class CompareWanted(Message):
    """Open these two letters side by side (the earlier on the left)."""

    left_id: str
    right_id: str


@dataclass
class AnnotationsChanged(Message, bubble=False):
    """Tags or notes changed for these letters (the app sends it to every screen)."""

    letter_ids: tuple[str, ...]


@dataclass
class NoteMerged(Message):
    """A note saved here had been changed elsewhere meanwhile: ``note`` holds both."""

    letter_id: str
    note: str


@dataclass
class FilterRequested(Message):
    """Add a facet filter (or remove it again when it is already there)."""

    filter: Filter


@dataclass
class IndexStateChanged(Message, bubble=False):
    """The index is being built, is ready, or failed (the app sends it to every screen)."""

    state: str
    detail: str = ""


@dataclass
class PairingChanged(Message, bubble=False):
    """Links changed (a new pairing, or a researcher's decision): has:reply and co. may too."""


@dataclass
class Notice(Message):
    """A notification for the researcher, posted from a worker thread (the app shows it):
    ``post_message`` is safe from any thread, where calling ``notify`` is not."""

    message: str
    title: str = ""
    severity: SeverityLevel = "information"
    timeout: float | None = None
    markup: bool = True
