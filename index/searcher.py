"""Search the index: counts, facets, top hits with snippets, suggestions, similar letters.

Per query, Whoosh only finds the matching documents (unscored) and scores the top few;
counts and facets come from columns read into memory once per index generation, and
snippets are made from the stored text for the hits being returned. That is what keeps a
query at 100k letters within what a person feels as instant.
"""

from __future__ import annotations

import heapq
import threading
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from archive.models import Letter
from archive.store import ArchiveError, Store, TextMissing
from index.compile import compile_query
from index.fields import DIRECTION_VALUES, normalise_reference_query
from index.query import Everything, Node, Term, parse, terms_of
from index.snippets import Snippet, find_matches, make_snippet
from index.writer import current_location, department_of, open_index

Sort = Literal["relevance", "date", "-date"]
SORTS: tuple[Sort, ...] = ("relevance", "-date", "date")
FACETS = ("mp", "area", "dept", "year", "dir", "tag")


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class Filter:
    """A facet value chosen in the UI: keep only letters with it, or (exclude) without it."""

    facet: str
    value: str
    exclude: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    letter_id: str
    score: float
    letter: Letter
    snippet: Snippet
    tags: tuple[str, ...] = ()
    has_note: bool = False

    def to_json(self) -> dict[str, Any]:
        meta = self.letter.metadata
        return {
            "id": self.letter_id,
            "references": list(meta.references),
            "date": meta.date.isoformat() if meta.date else None,
            "mp": meta.mp,
            "area": meta.area,
            "sender_org": meta.sender_org,
            "sender_name": meta.sender_name,
            "recipient_name": meta.recipient_name,
            "recipient_org": meta.recipient_org,
            "direction": meta.direction,
            "subject": meta.subject,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "snippet_spans": [list(s) for s in self.snippet.spans],
            "tags": list(self.tags),
            "file": self.letter.path,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    sort: Sort = "relevance"
    offset: int = 0
    suggestion: str | None = None
    notes: tuple[str, ...] = ()
    elapsed_ms: float = 0.0


class NoIndex(Exception):
    """The archive has no index yet; the message says how to make one."""


@dataclass
class _Columns:
    """Per-document values, read once per index generation."""

    ids: list[str]
    dates: array[int]
    mp: list[str]
    area: list[str]
    dept: list[str]
    direction: list[str]
    docnum: dict[str, int]
    deleted: frozenset[int]


class Searcher:
    """Searches one archive's index. Safe to share between threads; refreshes itself."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._ix: Any = None
        self._searcher: Any = None
        self._columns: _Columns | None = None
        self._location: tuple[Any, str] | None = None
        #: The last few queries' matches and orderings, so paging down does not search again.
        self._recent: OrderedDict[tuple[Any, ...], tuple[list[int], list[tuple[int, float]]]] = (
            OrderedDict()
        )

    # -- lifecycle ---------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Pick up a newer index (after an import or a rebuild); True if it changed."""
        with self._lock:
            location = current_location(self.store)
            if location is None:
                raise NoIndex(
                    f"{self.store.root} has no search index yet; "
                    "run: dispatchbox import FOLDER (or dispatchbox reindex)"
                )
            if self._searcher is not None and location == self._location:
                fresh = self._searcher.refresh()
                if fresh is self._searcher:
                    return False
                self._searcher = fresh
            else:
                if self._searcher is not None:
                    self._searcher.close()
                self._ix = open_index(self.store)
                self._searcher = self._ix.searcher()
                self._location = location
            self._columns = None
            return True

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def _ready(self) -> tuple[Any, _Columns]:
        with self._lock:
            if self._searcher is None:
                self.refresh()
            if self._columns is None:
                self._columns = _read_columns(self._searcher)
            return self._searcher, self._columns

    @property
    def letter_count(self) -> int:
        _searcher, columns = self._ready()
        return len(columns.docnum)

    # -- searching ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        sort: Sort = "relevance",
        limit: int = 20,
        offset: int = 0,
        filters: Sequence[Filter] = (),
        facets: bool = True,
        snippets: bool = True,
    ) -> SearchResult:
        """Run a query (raises ``index.query.QueryError`` when it cannot be parsed)."""
        started = time.perf_counter()
        tree = parse(query)
        searcher, columns = self._ready()
        notes: list[str] = []
        annotations = self.store.annotations()
        whoosh_query = compile_query(tree, self._tag_resolver(columns, annotations), notes)
        key = (id(searcher), query, tuple(filters), sort, _tag_state(annotations))
        cached = self._recent.get(key)
        if cached is None:
            with self._lock:
                matched = self._matching(searcher, whoosh_query, tree, columns)
            matched = self._apply_filters(matched, filters, columns, annotations)
            ordering: list[tuple[int, float]] = []
        else:
            matched, ordering = cached
        facet_counts = self._facets(matched, columns, annotations) if facets else {}
        if len(ordering) < min(len(matched), offset + limit):
            # Deeper pages (the list scrolled down) come from a longer ordering, kept a while.
            wanted = offset + limit if offset == 0 else max(offset + limit, 4 * limit, 1000)
            ordering = self._top(
                searcher, whoosh_query, tree, matched, columns, sort, wanted, bool(filters)
            )
        self._recent[key] = (matched, ordering)
        self._recent.move_to_end(key)
        while len(self._recent) > 4:
            self._recent.popitem(last=False)
        page = ordering[offset : offset + limit]
        terms = terms_of(tree)
        hits = tuple(
            self._hit(docnum, score, columns, terms, annotations, snippets)
            for docnum, score in page
        )
        suggestion = None
        if not matched and not filters:
            suggestion = self._suggest(tree, query, searcher)
        return SearchResult(
            query=query,
            total=len(matched),
            hits=tuple(h for h in hits if h is not None),
            facets=facet_counts,
            sort=sort,
            offset=offset,
            suggestion=suggestion,
            notes=tuple(notes),
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def count(self, query: str, filters: Sequence[Filter] = ()) -> int:
        """How many letters a query finds (for saved searches' counts)."""
        tree = parse(query)
        searcher, columns = self._ready()
        annotations = self.store.annotations()
        whoosh_query = compile_query(tree, self._tag_resolver(columns, annotations), [])
        with self._lock:
            matched = self._matching(searcher, whoosh_query, tree, columns)
        return len(self._apply_filters(matched, filters, columns, annotations))

    def matches_in(self, letter_id: str, query: str) -> list[tuple[int, int]]:
        """Every match of the query's words in one letter's text (for the reader's n / N)."""
        try:
            tree = parse(query)
        except ValueError:
            return []
        try:
            text = self.store.text(letter_id)
        except (ArchiveError, KeyError, ValueError):  # no such letter, or its text is gone
            return []
        return find_matches(text, terms_of(tree))

    def similar(self, letter_id: str, limit: int = 10) -> SearchResult:
        """Letters like this one, by its key terms (campaign and template letters)."""
        started = time.perf_counter()
        searcher, columns = self._ready()
        docnum = columns.docnum.get(letter_id)
        if docnum is None:
            return SearchResult(query=f"similar:{letter_id}", total=0, hits=())
        text = self.store.text(letter_id)
        annotations = self.store.annotations()
        with self._lock:
            results = searcher.more_like(docnum, "body", text=text, top=limit, numterms=12)
            found = [(hit.docnum, hit.score) for hit in results]
        hits = tuple(
            h
            for h in (self._hit(d, s, columns, [], annotations, True) for d, s in found)
            if h is not None
        )
        return SearchResult(
            query=f"similar:{letter_id}",
            total=len(hits),
            hits=hits,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def lookup_reference(self, text: str) -> list[str]:
        """Letter ids whose references match ``text`` however it is typed (exact forms)."""
        from whoosh import query as wq

        searcher, columns = self._ready()
        with self._lock:
            docnums = list(searcher.docs_for_query(wq.Term("ref", normalise_reference_query(text))))
        return [columns.ids[d] for d in sorted(docnums, key=lambda d: columns.dates[d])]

    # -- internals ---------------------------------------------------------------------------

    def _tag_resolver(self, columns: _Columns, annotations: Mapping[str, Any]) -> Any:
        def resolve(tag: str, prefix: bool) -> list[int]:
            wanted = tag.lower()
            numbers = []
            for letter_id, annotation in annotations.items():
                tags = [t.lower() for t in annotation.tags]
                if any(t.startswith(wanted) if prefix else t == wanted for t in tags):
                    docnum = columns.docnum.get(letter_id)
                    if docnum is not None:
                        numbers.append(docnum)
            return numbers

        return resolve

    def _matching(
        self, searcher: Any, whoosh_query: Any, tree: Node, columns: _Columns
    ) -> list[int]:
        if isinstance(tree, Everything):
            return [d for d in range(len(columns.ids)) if d not in columns.deleted]
        return list(searcher.docs_for_query(whoosh_query))

    def _apply_filters(
        self,
        matched: list[int],
        filters: Sequence[Filter],
        columns: _Columns,
        annotations: Mapping[str, Any],
    ) -> list[int]:
        for chosen in filters:
            if chosen.facet == "tag":
                selected = {
                    columns.docnum[letter_id]
                    for letter_id, annotation in annotations.items()
                    if chosen.value in annotation.tags and letter_id in columns.docnum
                }
            else:
                value_of = _facet_values(chosen.facet, columns)
                selected = {d for d in matched if value_of(d) == chosen.value}
            matched = [d for d in matched if (d in selected) != chosen.exclude]
        return matched

    def _facets(
        self, matched: list[int], columns: _Columns, annotations: Mapping[str, Any]
    ) -> dict[str, tuple[FacetCount, ...]]:
        counts: dict[str, tuple[FacetCount, ...]] = {}
        for name, column in (
            ("mp", columns.mp),
            ("area", columns.area),
            ("dept", columns.dept),
            ("dir", columns.direction),
        ):
            counter = Counter(map(column.__getitem__, matched))
            counter.pop("", None)
            counts[name] = _ranked(counter)
        dates = columns.dates
        years = Counter(dates[d] // 10000 for d in matched)
        years.pop(0, None)
        counts["year"] = tuple(
            FacetCount(str(year), n) for year, n in sorted(years.items(), reverse=True)
        )
        tags: Counter[str] = Counter()
        tagged = [(columns.docnum.get(i), a.tags) for i, a in annotations.items() if a.tags]
        if tagged:
            matched_set = set(matched)
            for docnum, letter_tags in tagged:
                if docnum is not None and docnum in matched_set:
                    tags.update(letter_tags)
        counts["tag"] = _ranked(tags)
        return counts

    def _top(
        self,
        searcher: Any,
        whoosh_query: Any,
        tree: Node,
        matched: list[int],
        columns: _Columns,
        sort: Sort,
        wanted: int,
        filtered: bool,
    ) -> list[tuple[int, float]]:
        if not matched:
            return []
        if sort != "relevance" or isinstance(tree, Everything):
            dates = columns.dates
            descending = sort != "date"
            picked = (
                heapq.nlargest(wanted, matched, key=lambda d: (dates[d], -d))
                if descending
                else heapq.nsmallest(wanted, matched, key=lambda d: (dates[d] or 99999999, d))
            )
            return [(d, 0.0) for d in picked]
        with self._lock:
            allowed = set(matched) if filtered else None
            results = searcher.search(whoosh_query, limit=wanted, filter=allowed, terms=False)
            scored = [(hit.docnum, float(hit.score)) for hit in results]
        if len(scored) < min(wanted, len(matched)):
            # Queries Whoosh cannot score (tags alone): fill by date.
            seen = {d for d, _s in scored}
            rest = heapq.nlargest(
                wanted - len(scored),
                (d for d in matched if d not in seen),
                key=lambda d: columns.dates[d],
            )
            scored += [(d, 0.0) for d in rest]
        return scored

    def _hit(
        self,
        docnum: int,
        score: float,
        columns: _Columns,
        terms: list[Term],
        annotations: Mapping[str, Any],
        with_snippet: bool,
    ) -> Hit | None:
        letter_id = columns.ids[docnum]
        letter = self.store.get(letter_id)
        if letter is None:
            return None
        snippet = Snippet("", ())
        if with_snippet:
            try:
                text = self.store.text(letter)
            except TextMissing:
                text = ""
            matches = find_matches(text, terms) if terms else []
            body = letter.metadata.spans.get("salutation", ((0, 0),))[0][1]
            snippet = make_snippet(text, matches, start=body)
        annotation = annotations.get(letter_id)
        return Hit(
            letter_id=letter_id,
            score=score,
            letter=letter,
            snippet=snippet,
            tags=tuple(annotation.tags) if annotation else (),
            has_note=bool(annotation and annotation.note),
        )

    def _suggest(self, tree: Node, query: str, searcher: Any) -> str | None:
        """A spelling correction of the query's free words, if the corrected query finds letters.

        Candidates come from the index's own (stemmed) words, so no extra word list has to
        be built at import: within two edits of the word, else of the word less an ending.
        """
        words = [t for t in terms_of(tree) if t.field is None and not t.phrase and not t.prefix]
        if not words:
            return None
        corrected = query
        changed = False
        with self._lock:
            reader = searcher.reader()
            for term in words:
                replacement = _correction(reader, term.text.lower())
                if replacement:
                    corrected = corrected.replace(term.text, replacement, 1)
                    changed = True
        if not changed:
            return None
        try:
            return corrected if self.count(corrected) > 0 else None
        except ValueError:
            return None


def _correction(reader: Any, word: str) -> str | None:
    from index.compile import _tokens

    stems = _tokens("body", word)
    if not stems or reader.doc_frequency("body", stems[0]) > 0:
        return None
    stem = stems[0]
    for candidate, distance in ((stem, 1), (stem, 2)) + tuple(
        (s, 1)
        for cut in (2, 3, 4)
        if len(word) - cut >= 4
        for s in _tokens("body", word[:-cut])[:1]
    ):
        options = [
            t.decode() if isinstance(t, bytes) else t
            for t in reader.terms_within("body", candidate, distance, prefix=1)
        ]
        options = [o for o in options if o != stem]
        if options:
            return max(options, key=lambda o: reader.doc_frequency("body", o))
    return None


def _tag_state(annotations: Mapping[str, Any]) -> int:
    """Changes whenever any tag changes (tags take part in queries and filters)."""
    return hash(tuple(sorted((i, a.tags) for i, a in annotations.items() if a.tags)))


def _ranked(counter: Counter[str]) -> tuple[FacetCount, ...]:
    return tuple(
        FacetCount(value, n) for value, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _facet_values(facet: str, columns: _Columns) -> Callable[[int], str]:
    if facet == "mp":
        return columns.mp.__getitem__
    if facet == "area":
        return columns.area.__getitem__
    if facet == "dept":
        return columns.dept.__getitem__
    if facet == "dir":
        return columns.direction.__getitem__
    if facet == "year":
        return lambda d: str(columns.dates[d] // 10000) if columns.dates[d] else ""
    raise ValueError(f"unknown facet {facet!r}; facets are {', '.join(FACETS)}")


def _read_columns(searcher: Any) -> _Columns:
    reader = searcher.reader()
    total = reader.doc_count_all()

    def column(name: str) -> list[Any]:
        if total == 0:
            return []
        values = list(reader.column_reader(name))
        return values + [None] * (total - len(values))

    ids = [v or "" for v in column("id")]
    intern: dict[str, str] = {}

    def interned(values: Iterable[Any]) -> list[str]:
        return [intern.setdefault(v, v) if v else "" for v in values]

    deleted = (
        frozenset(d for d in range(total) if reader.is_deleted(d))
        if reader.has_deletions()
        else frozenset()
    )
    docnum = {letter_id: d for d, letter_id in enumerate(ids) if letter_id and d not in deleted}
    return _Columns(
        ids=ids,
        dates=array("l", (v or 0 for v in column("c_date"))),
        mp=interned(column("c_mp")),
        area=interned(column("c_area")),
        dept=interned(column("c_dept")),
        direction=interned(column("c_dir")),
        docnum=docnum,
        deleted=deleted,
    )


def valid_directions() -> tuple[str, ...]:
    return DIRECTION_VALUES


def department(letter: Letter) -> str | None:
    meta = letter.metadata
    return department_of(
        {
            "direction": meta.direction,
            "sender_org": meta.sender_org,
            "recipient_org": meta.recipient_org,
        }
    )
