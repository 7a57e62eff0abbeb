"""Search the index: counts, facets, top hits with snippets, suggestions, similar letters.

Per query, Whoosh only finds the matching documents (unscored) and scores the top few;
counts and facets come from columns read into memory once per index generation, and
snippets are made from the stored text for the hits being returned. That is what keeps a
query at 100k letters within what a person feels as instant.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt

from archive.models import Letter
from archive.refs import reference_query_forms
from archive.store import ArchiveError, Store, TextMissing
from archive.texts import PackState
from index.columns import FIRST_YEAR, Column, Columns, by_date, by_score, read_columns
from index.compile import Resolver, compile_query, left_out
from index.integrity import checked_words, reading, verify_checksums
from index.matching import Matcher
from index.query import And, DateRange, Everything, Node, Not, Or, Term, parse, terms_of
from index.results import (
    FACETS,
    FacetCount,
    Filter,
    Hit,
    NoIndex,
    SearchResult,
    SearchStopped,
    Sort,
    body_start,
    letter_from_record,
)
from index.scoring import SaturatingTfIdf
from index.snippets import Expand, Snippet, find_matches, make_snippet
from index.suggest import correction, spelling
from index.writer import (
    IndexDamaged,
    current_location,
    load_pack_states,
    lost_index,
    open_index,
)

if TYPE_CHECKING:
    # The pairing (and through it the extractor) is imported when a search first needs it.
    from archive.pairing.cache import PairFacts, Threads

#: How many of a letter's key terms "similar letters" looks for.
SIMILAR_TERMS = 15
#: Did-you-mean corrects at most this many unknown words, each at most this long: a longer
#: word is no misspelling, and each correction walks the index's words (it must never cost
#: more than the search it follows).
SUGGEST_WORDS = 8
SUGGEST_LENGTH = 30
#: Facets of at most this many letters are counted in Python (see ``Searcher._facets``).
FEW_FOR_FACETS = 32
#: Letters kept built for hits (a few pages of results while typing and paging).
CACHED_LETTERS = 512
#: The snippet of a hit asked for without one (frozen: one for every such hit).
_NO_SNIPPET = Snippet("", ())


@dataclass(frozen=True, slots=True)
class _Tagged:
    """Every tag of every letter: each occurrence's docnum (the letter count for a letter
    not in the index) and its tag's code in ``names``; ``state`` changes with any tag."""

    names: tuple[str, ...]
    docnums: npt.NDArray[np.int64]
    codes: npt.NDArray[np.int64]
    state: int


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _never() -> bool:
    return False


def _reads_index(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """A damaged index file met while searching raises ``IndexDamaged``, whatever Whoosh said."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        searcher = args[0]
        assert isinstance(searcher, Searcher)
        with reading(searcher._folder()):
            return method(*args, **kwargs)

    return wrapper


class Searcher:
    """Searches one archive's index. Safe to share between threads; refreshes itself."""

    def __init__(self, store: Store, threads: Threads | None = None) -> None:
        self.store = store
        self._threads = threads
        self._threads_lock = threading.Lock()
        self._reply_column: tuple[tuple[int, str], Column] | None = None
        self._lock = threading.RLock()
        self._ix: Any = None
        self._searcher: Any = None
        self._columns: Columns | None = None
        self._location: tuple[Any, str] | None = None
        #: The last few queries' matches and orderings, so paging down does not search again.
        self._recent: OrderedDict[
            tuple[Any, ...], tuple[npt.NDArray[np.int32], list[tuple[int, float]]]
        ] = OrderedDict()
        #: The tagged letters derived from one annotations object and one index generation.
        self._tagged_cache: tuple[Mapping[str, Any], Columns, _Tagged] | None = None
        #: Letters recently shown, with the record each was built from (see ``_letter``).
        self._letters: OrderedDict[str, tuple[Mapping[str, Any], Letter]] = OrderedDict()
        #: The packs of texts whose texts the index checked (see ``Store.texts``).
        self._trusted_packs: Mapping[str, PackState] = {}
        #: The expander of the current searcher and columns (see ``_expander``).
        self._expand: tuple[Any, Columns, Expand] | None = None

    @property
    def threads(self) -> Threads:
        """The pairing, for has:reply, is:unpaired, days: and the reply-time facet."""
        if self._threads is None:
            with self._threads_lock:
                if self._threads is None:
                    from archive.pairing.cache import Threads

                    self._threads = Threads(self.store)
        return self._threads

    # -- lifecycle ---------------------------------------------------------------------------

    def _folder(self) -> Path:
        location = self._location or current_location(self.store)
        if not location:
            return self.store.root / "index"
        folder = location[0]
        return folder if isinstance(folder, Path) else Path(folder)

    @_reads_index
    def refresh(self) -> bool:
        """Pick up a newer index (after an import or a rebuild); True if it changed."""
        with self._lock:
            location = current_location(self.store)
            lost = lost_index(self.store) if location is None else None
            if lost is not None:
                raise IndexDamaged(lost.name, "its table of contents (_MAIN_*.toc) is missing")
            if location is None:
                raise NoIndex(
                    f"{self.store.root} has no search index yet; "
                    "run: dispatchbox import FOLDER (or dispatchbox reindex)"
                )
            if self._searcher is not None and location == self._location:
                if self._searcher.up_to_date():
                    return False
                # Not Whoosh's ``Searcher.refresh()``: it reuses the readers of segments it
                # already had, which do not see letters deleted since (an updated letter
                # would still be found by its old words). The old searcher is left open, as
                # Whoosh leaves it, for a search in another thread that may still be using it.
                self._searcher = self._ix.searcher(weighting=SaturatingTfIdf())
            else:
                if self._searcher is not None:
                    self._searcher.close()
                self._ix = open_index(self.store)
                self._searcher = self._ix.searcher(weighting=SaturatingTfIdf())
                self._location = location
            self._columns = None
            self._recent.clear()
            return True

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def _ready(self) -> tuple[Any, Columns]:
        with self._lock:
            if self._searcher is None:
                self.refresh()
            if self._columns is None:
                folder = self._folder()
                with reading(folder, broad=True):
                    verify_checksums(folder)
                    columns = read_columns(self._searcher, self.store)
                reader = self._searcher.reader()
                columns.matcher = Matcher(
                    self._searcher,
                    columns.alive,
                    columns.dates,
                    lambda: checked_words(folder, reader),
                )
                self._trusted_packs = load_pack_states(folder)
                self._columns = columns
            return self._searcher, self._columns

    @property
    @_reads_index
    def letter_count(self) -> int:
        _searcher, columns = self._ready()
        return len(columns.docnum)

    # -- searching ---------------------------------------------------------------------------

    @_reads_index
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
        stop: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Run a query (raises ``index.query.QueryError`` when it cannot be parsed).

        ``stop`` is asked between steps (and between hits): once it says True, the search
        raises ``SearchStopped`` instead of finishing (a newer keystroke made it stale)."""
        started = time.perf_counter()
        stopped = stop if stop is not None else _never
        tree = parse(query)
        searcher, columns = self._ready()
        annotations = self.store.annotations_view()
        facts = self._facts(tree, filters)
        tags = self._resolver(columns, annotations, facts)
        notes = left_out(tree)
        # Built only if Whoosh ranks the query (see ``_top``).
        whoosh_query = functools.cache(lambda: compile_query(tree, tags, []))
        stamp = facts.stamp if facts else ""
        tag_state = self._tagged(annotations, columns).state
        key = (id(searcher), query, tuple(filters), sort, tag_state, stamp)
        cached = self._recent.get(key)
        if cached is None:
            with self._lock:
                matched = self._matching(tree, columns, tags)
            matched = self._apply_filters(matched, filters, columns, annotations, facts)
            ordering: list[tuple[int, float]] = []
        else:
            matched, ordering = cached
        if stopped():
            raise SearchStopped(query)
        facet_counts = self._facets(matched, columns, annotations, facts) if facets else {}
        if len(ordering) < min(matched.size, offset + limit):
            # Deeper pages (the list scrolled down, an export) come from a longer ordering,
            # kept a while; it at least doubles, so paging through everything ranks a few
            # times, not once a page.
            wanted = (
                offset + limit
                if offset == 0
                else max(offset + limit, 2 * len(ordering), 4 * limit, 1000)
            )
            ordering = self._top(
                searcher, whoosh_query, tree, matched, columns, sort, wanted, bool(filters)
            )
        self._recent[key] = (matched, ordering)
        self._recent.move_to_end(key)
        while len(self._recent) > 4:
            self._recent.popitem(last=False)
        page = ordering[offset : offset + limit]
        terms = terms_of(tree)
        expand = self._expander(searcher, columns)
        hits = self._hits(page, columns, terms, annotations, snippets, expand, stopped)
        suggestion = None
        if not matched.size and not filters:
            suggestion = self._suggest(tree, query, searcher)
        return SearchResult(
            query=query,
            total=int(matched.size),
            hits=hits,
            facets=facet_counts,
            sort=sort,
            offset=offset,
            suggestion=suggestion,
            notes=tuple(notes),
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    @_reads_index
    def count(self, query: str, filters: Sequence[Filter] = ()) -> int:
        """How many letters a query finds (for saved searches' counts)."""
        tree = parse(query)
        _searcher, columns = self._ready()
        annotations = self.store.annotations_view()
        facts = self._facts(tree, filters)
        tags = self._resolver(columns, annotations, facts)
        with self._lock:
            matched = self._matching(tree, columns, tags)
        return int(self._apply_filters(matched, filters, columns, annotations, facts).size)

    def matches_in(self, letter_id: str, query: str) -> list[tuple[int, int]]:
        """Every hit of the query in one letter's text (for the reader's n / N): the same
        spans, by the same rules, as the search's snippets highlight."""
        try:
            tree = parse(query)
        except ValueError:
            return []
        try:
            text = self.store.text(letter_id)
        except (ArchiveError, KeyError, ValueError):  # no such letter, or its text is gone
            return []
        terms = terms_of(tree)
        if not terms:
            return []
        try:
            searcher, columns = self._ready()
        except (NoIndex, IndexDamaged, OSError):
            return find_matches(text, terms)  # the words by the index's analyzer, still
        return find_matches(text, terms, self._expander(searcher, columns))

    def _expander(self, searcher: Any, columns: Columns) -> Expand:
        """The index terms a prefix or fuzzy word stands for, as the search expands it
        (index.matching: a bare prefix by the archive's words; otherwise Whoosh's rules);
        made once per searcher and columns (one index generation), not once per query."""
        kept = self._expand
        if kept is not None and kept[0] is searcher and kept[1] is columns:
            return kept[2]
        matcher = columns.matcher

        @functools.lru_cache(maxsize=64)
        def expand(term: Term, word: str) -> frozenset[str]:
            if term.prefix and term.field is None and matcher is not None:
                stems = matcher.prefix_stems(word)
                if stems is not None:
                    return frozenset(stems)
            with self._lock:
                reader = searcher.reader()
                if term.prefix:
                    found = reader.expand_prefix("body", word)
                    return frozenset(t.decode("utf-8") for t in found)
                return frozenset(reader.terms_within("body", word, term.fuzzy, prefix=1))

        self._expand = (searcher, columns, expand)
        return expand

    @_reads_index
    def similar(self, letter_id: str, limit: int = 10) -> SearchResult:
        """Letters like this one, by its key terms (campaign and template letters).

        The key terms are the letter's words weighted by how often it uses them and how
        rare they are in the archive; the letters sharing most of them come first.
        """
        from whoosh import query as wq

        from index.compile import _tokens

        started = time.perf_counter()
        searcher, columns = self._ready()
        docnum = columns.docnum.get(letter_id)
        if docnum is None:
            return SearchResult(query=f"similar:{letter_id}", total=0, hits=())
        text = self.store.text(letter_id)
        annotations = self.store.annotations_view()
        counts = Counter(_tokens("body", text))
        with self._lock:
            weighted = sorted(
                ((n * searcher.idf("body", word), word) for word, n in counts.items()),
                reverse=True,
            )[:SIMILAR_TERMS]
            if not weighted:
                return SearchResult(query=f"similar:{letter_id}", total=0, hits=())
            top = weighted[0][0]
            key_terms = wq.Or([wq.Term("body", w, boost=weight / top) for weight, w in weighted])
            results = searcher.search(key_terms, limit=limit + 1, mask={docnum}, terms=False)
            found = [(hit.docnum, hit.score) for hit in results][:limit]
        hits = self._hits(found, columns, [], annotations, True)
        return SearchResult(
            query=f"similar:{letter_id}",
            total=len(hits),
            hits=hits,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    @_reads_index
    def lookup_reference(self, text: str) -> list[str]:
        """Letter ids whose references match ``text`` however it is typed (exact forms)."""
        from whoosh import query as wq

        searcher, columns = self._ready()
        with self._lock:
            forms = [wq.Term("ref", form) for form in reference_query_forms(text)]
            docnums = list(searcher.docs_for_query(wq.Or(forms)))
        return [columns.ids[d] for d in sorted(docnums, key=lambda d: int(columns.dates[d]))]

    # -- internals ---------------------------------------------------------------------------

    def _facts(self, tree: Node, filters: Sequence[Filter]) -> PairFacts | None:
        """The pairing's facts: computed if the query needs them, else only if already cached."""
        needed = _uses_pairing(tree) or any(f.facet == "reply" for f in filters)
        if not needed and self._threads is None:
            return None  # a pairing not yet made has no facts at hand
        try:
            return self.threads.facts(compute=needed)
        except ArchiveError:
            if needed:
                raise
            return None

    def _resolver(
        self, columns: Columns, annotations: Mapping[str, Any], facts: PairFacts | None
    ) -> Resolver:
        """Answers tag:, has:, is: and days: terms from the annotations and the pairing."""

        def numbers(letter_ids: Iterable[str]) -> list[int]:
            docnum = columns.docnum
            return [docnum[i] for i in letter_ids if i in docnum]

        def resolve(node: Term | DateRange) -> list[int]:
            assert node.field is not None
            name = node.field.name
            if isinstance(node, DateRange):
                days = facts.days if facts else {}
                return numbers(i for i, n in days.items() if node.start <= n <= node.end)
            if name == "tag":
                wanted = node.text.lower()
                return numbers(
                    letter_id
                    for letter_id, annotation in annotations.items()
                    if any(
                        t.lower().startswith(wanted) if node.prefix else t.lower() == wanted
                        for t in annotation.tags
                    )
                )
            if name == "has" and node.text in ("note", "tag"):
                attribute = "note" if node.text == "note" else "tags"
                return numbers(i for i, a in annotations.items() if getattr(a, attribute))
            if facts is None:
                return []
            chosen = {
                ("has", "reply"): facts.answered,
                ("is", "answered"): facts.answered,
                ("is", "reply"): facts.replies,
                ("is", "unpaired"): facts.unpaired,
                ("is", "unanswered"): facts.unanswered,
                ("is", "uncertain"): facts.uncertain,
            }.get((name, node.text), frozenset())
            return numbers(chosen)

        # compile_query and the matcher both ask for each term: the annotations are read once.
        return functools.cache(resolve)

    def _reply_times(self, columns: Columns, facts: PairFacts) -> Column:
        """The reply-time facet as a column (rebuilt when the pairing or the index changes)."""
        key = (id(columns), facts.stamp + str(id(facts)))
        if self._reply_column is None or self._reply_column[0] != key:
            from archive.pairing.cache import REPLY_FACET_VALUES

            values = ["", *REPLY_FACET_VALUES]
            code_of = {value: code for code, value in enumerate(values)}
            codes = np.zeros(len(columns.ids), dtype=np.int32)
            for letter_id, value in facts.reply_time.items():
                docnum = columns.docnum.get(letter_id)
                if docnum is not None:
                    codes[docnum] = code_of[value]
            self._reply_column = (key, Column(codes, values))
        return self._reply_column[1]

    def _matching(self, tree: Node, columns: Columns, tags: Any) -> npt.NDArray[np.int32]:
        if isinstance(tree, Everything):
            return columns.alive
        assert columns.matcher is not None
        columns.matcher.tags = tags
        return columns.matcher.docnums(tree)

    def _apply_filters(
        self,
        matched: npt.NDArray[np.int32],
        filters: Sequence[Filter],
        columns: Columns,
        annotations: Mapping[str, Any],
        facts: PairFacts | None = None,
    ) -> npt.NDArray[np.int32]:
        for chosen in filters:
            if chosen.facet == "tag":
                tagged = [
                    columns.docnum[letter_id]
                    for letter_id, annotation in annotations.items()
                    if chosen.value in annotation.tags and letter_id in columns.docnum
                ]
                inside = np.isin(matched, np.asarray(tagged, dtype=np.int32))
            elif chosen.facet == "reply":
                if facts is None:
                    inside = np.zeros(matched.size, dtype=bool)
                else:
                    column = self._reply_times(columns, facts)
                    code = (
                        column.values.index(chosen.value) if chosen.value in column.values else -1
                    )
                    inside = column.codes[matched] == code
            elif chosen.facet == "year":
                year = int(chosen.value) if chosen.value.isdigit() else -1
                inside = columns.dates[matched] // 10000 == year
            else:
                column = _column(columns, chosen.facet)
                code = column.values.index(chosen.value) if chosen.value in column.values else -1
                inside = column.codes[matched] == code
            matched = matched[~inside] if chosen.exclude else matched[inside]
        return matched

    def _facets(
        self,
        matched: npt.NDArray[np.int32],
        columns: Columns,
        annotations: Mapping[str, Any],
        facts: PairFacts | None = None,
    ) -> dict[str, tuple[FacetCount, ...]]:
        counts: dict[str, tuple[FacetCount, ...]] = {}
        facet_columns = dict(columns.facets)
        if facts is not None:
            facet_columns["reply"] = self._reply_times(columns, facts)
        for name, column in facet_columns.items():
            counts[name] = column_facets(column, matched)
        years = columns.dates[matched] // 10000
        year_tally = np.bincount(years[years > 0] - FIRST_YEAR) if years.size else np.zeros(0)
        # The years present, newest first (not a sort of every year since 1900 a query).
        present = np.flatnonzero(year_tally)[::-1]
        counts["year"] = tuple(
            FacetCount(str(FIRST_YEAR + offset), n)
            for offset, n in zip(present.tolist(), year_tally[present].tolist(), strict=True)
        )
        tagged = self._tagged(annotations, columns)
        tags: Counter[str] = Counter()
        if tagged.names:
            found = np.zeros(len(columns.ids) + 1, dtype=bool)  # the last: letters not indexed
            found[matched] = True
            tally = np.bincount(tagged.codes[found[tagged.docnums]], minlength=len(tagged.names))
            tags.update(
                {name: n for name, n in zip(tagged.names, tally.tolist(), strict=True) if n}
            )
        counts["tag"] = _ranked(tags)
        return counts

    def _tagged(self, annotations: Mapping[str, Any], columns: Columns) -> _Tagged:
        """The tagged letters as arrays, made again only when the annotations or the index
        change (``Store.annotations_view`` hands out the same object until then): with
        thousands of letters tagged, going through them cost milliseconds a search."""
        cached = self._tagged_cache
        if cached is not None and cached[0] is annotations and cached[1] is columns:
            return cached[2]
        names: dict[str, int] = {}
        docnums: list[int] = []
        codes: list[int] = []
        unindexed = len(columns.ids)
        for letter_id, annotation in annotations.items():
            for tag in annotation.tags:
                docnums.append(columns.docnum.get(letter_id, unindexed))
                codes.append(names.setdefault(tag, len(names)))
        tagged = _Tagged(
            tuple(names),
            np.asarray(docnums, dtype=np.int64),
            np.asarray(codes, dtype=np.int64),
            _tag_state(annotations),
        )
        self._tagged_cache = (annotations, columns, tagged)
        return tagged

    def _top(
        self,
        searcher: Any,
        whoosh_query: Callable[[], Any],
        tree: Node,
        matched: npt.NDArray[np.int32],
        columns: Columns,
        sort: Sort,
        wanted: int,
        filtered: bool,
    ) -> list[tuple[int, float]]:
        if not matched.size:
            return []
        if sort != "relevance" or isinstance(tree, Everything):
            return [(int(d), 0.0) for d in by_date(matched, columns, sort != "date", wanted)]
        assert columns.matcher is not None
        with self._lock:
            scores = columns.matcher.scores(tree, matched)
        if scores is not None:
            if scores.any():
                return by_score(matched, scores, columns, wanted)
            # Only fields matched (a reference, an MP): they narrow, they do not rank.
            return [(int(d), 0.0) for d in by_date(matched, columns, True, wanted)]
        with self._lock:
            allowed = set(matched.tolist()) if filtered else None
            results = searcher.search(whoosh_query(), limit=wanted, filter=allowed, terms=False)
            scored = [(hit.docnum, float(hit.score)) for hit in results]
        if len(scored) < min(wanted, matched.size):
            # Queries Whoosh cannot score (tags alone): fill by date.
            seen = np.asarray([d for d, _s in scored], dtype=np.int32)
            rest = matched[~np.isin(matched, seen)]
            missing = wanted - len(scored)
            scored += [(int(d), 0.0) for d in by_date(rest, columns, True, missing)]
        return scored

    def _hits(
        self,
        page: Sequence[tuple[int, float]],
        columns: Columns,
        terms: list[Term],
        annotations: Mapping[str, Any],
        with_snippets: bool,
        expand: Expand | None = None,
        stopped: Callable[[], bool] = lambda: False,
    ) -> tuple[Hit, ...]:
        """The rows of a page of (docnum, score), its records read together (the store
        checks its files once a page, not once a row); a letter gone from the store since
        the index was read is left out. ``stopped`` is asked before each row: a search made
        stale by a newer keystroke raises ``SearchStopped`` rather than finish its page."""
        letter_ids = [columns.ids[docnum] for docnum, _score in page]
        records = self.store.records(letter_ids)
        found = [
            (letter_id, record, score)
            for letter_id, record, (_docnum, score) in zip(letter_ids, records, page, strict=True)
            if record is not None
        ]
        texts: Sequence[str | TextMissing | None] = [None] * len(found)
        if with_snippets:
            texts = self.store.texts(
                [row[0] for row in found], [row[1] for row in found], self._trusted_packs
            )
        hits = []
        for (letter_id, record, score), text in zip(found, texts, strict=True):
            if stopped():
                raise SearchStopped(letter_id)
            snippet = _NO_SNIPPET
            if text is not None:
                snippet = _snippet(
                    "" if isinstance(text, TextMissing) else text, record, terms, expand
                )
            hits.append(self._hit(letter_id, record, score, snippet, annotations))
        return tuple(hits)

    def _hit(
        self,
        letter_id: str,
        record: Mapping[str, Any],
        score: float,
        snippet: Snippet,
        annotations: Mapping[str, Any],
    ) -> Hit:
        annotation = annotations.get(letter_id)
        return Hit(
            letter_id=letter_id,
            score=score,
            source=functools.partial(self._letter, letter_id, record),
            snippet=snippet,
            tags=tuple(annotation.tags) if annotation else (),
            has_note=bool(annotation and annotation.note),
        )

    def _letter(self, letter_id: str, record: Mapping[str, Any]) -> Letter:
        """The letter built from ``record``, or the one built before from the same record.

        Building a ``Letter`` (its spans, dates, confidences) was a third of a query's time
        for its twenty hits, and typing a query shows the same letters again and again. The
        store hands out a new record object whenever the record changes (re-import, a
        correction applied, the file reloaded), so the same object means the same letter.
        """
        with self._lock:
            cached = self._letters.get(letter_id)
            if cached is not None and cached[0] is record:
                self._letters.move_to_end(letter_id)
                return cached[1]
        letter = letter_from_record(record)
        with self._lock:
            self._letters[letter_id] = (record, letter)
            while len(self._letters) > CACHED_LETTERS:
                self._letters.popitem(last=False)
        return letter

    def _suggest(self, tree: Node, query: str, searcher: Any) -> str | None:
        """A spelling correction of the query's free words, if the corrected query finds letters.

        Candidates are the words letters use, as written (kept beside the index); an index
        without that list falls back to its own stems.
        """
        words = [t for t in terms_of(tree) if t.field is None and not t.phrase and not t.prefix]
        if not words or len(words) > SUGGEST_WORDS:
            return None
        words = [t for t in words if len(t.text) <= SUGGEST_LENGTH]
        corrected = query
        changed = False
        _searcher, columns = self._ready()
        with self._lock:
            reader = searcher.reader()
            for term in words:
                known = columns.matcher.words() if columns.matcher else []
                replacement = spelling(known, reader, term.text.lower()) or correction(
                    reader, term.text.lower()
                )
                if replacement:
                    corrected = corrected.replace(term.text, replacement, 1)
                    changed = True
        if not changed:
            return None
        try:
            return corrected if self.count(corrected) > 0 else None
        except ValueError:
            return None


def column_facets(column: Column, matched: npt.NDArray[np.int32]) -> tuple[FacetCount, ...]:
    """The values of one facet among the ``matched`` letters, most letters first, ties by
    value (the same order however the index was built)."""
    values = column.values
    if matched.size == 1:  # one letter (a reference): its value, if it has one
        code = int(column.codes[matched[0]])
        return (FacetCount(values[code], 1),) if code else ()
    if matched.size <= FEW_FOR_FACETS:
        # A few letters (a reference, a narrow date range): counted in Python, without
        # numpy's arrays as long as the facet's hundreds of values.
        few = Counter(column.codes[matched].tolist())
        few.pop(0, None)
        ranked = sorted(few.items(), key=lambda item: (-item[1], values[item[0]]))
        return tuple(FacetCount(values[code], n) for code, n in ranked)
    tally = np.bincount(column.codes[matched], minlength=len(values))
    # Only the values present: an MP facet has hundreds of values and walking them all in
    # Python cost more than counting.
    present = np.flatnonzero(tally[1:]) + 1
    order = present[np.lexsort((column.value_ranks()[present], -tally[present]))]
    # Plain ints and one call per value: a facet of a common word has hundreds.
    return tuple(map(FacetCount, [values[code] for code in order.tolist()], tally[order].tolist()))


def _snippet(
    text: str, record: Mapping[str, Any], terms: list[Term], expand: Expand | None
) -> Snippet:
    """A hit's snippet: around its matches of ``terms``, else its body's opening."""
    matches = find_matches(text, terms, expand) if terms else []
    return make_snippet(text, matches, start=body_start(record))


def _uses_pairing(node: Node) -> bool:
    """True if the query has a has:reply, is: or days: term (answered from the pairing)."""
    if isinstance(node, And | Or):
        return any(_uses_pairing(item) for item in node.items)
    if isinstance(node, Not):
        return _uses_pairing(node.item)
    if isinstance(node, Term | DateRange) and node.field is not None:
        name = node.field.name
        return name in ("is", "days") or (name == "has" and getattr(node, "text", "") == "reply")
    return False


def _tag_state(annotations: Mapping[str, Any]) -> int:
    """Changes whenever any tag changes (tags take part in queries and filters)."""
    return hash(tuple(sorted((i, a.tags) for i, a in annotations.items() if a.tags)))


def _ranked(counter: Counter[str]) -> tuple[FacetCount, ...]:
    return tuple(
        FacetCount(value, n) for value, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _column(columns: Columns, facet: str) -> Column:
    if facet not in columns.facets:
        raise ValueError(f"unknown facet {facet!r}; facets are {', '.join(FACETS)}")
    return columns.facets[facet]
