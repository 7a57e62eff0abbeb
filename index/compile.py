"""Turn a parsed query into a Whoosh query.

Fields the index does not hold (tags, and the pairing's ``has:``, ``is:`` and ``days:``) are
answered at search time by a resolver, so that they are current the moment they change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from whoosh import matching, query

from archive.knowledge import canonical
from archive.refs import looks_like_reference, normalise_reference, reference_query_forms
from index.fields import schema
from index.phrase import ExactPhrase
from index.query import And, DateRange, Everything, Node, Not, Or, Term

#: A term on a field outside the index (tag:, has:, is:, days:) -> the documents' numbers.
Resolver = Callable[[Term | DateRange], Sequence[int]]


def resolved(node: Term | DateRange) -> bool:
    """True for a term answered by the resolver rather than by the index."""
    return node.field is not None and not node.field.indexed_as


class DocnumQuery(query.Query):  # type: ignore[misc]
    """Matches a given set of document numbers: the letters carrying a tag, right now."""

    def __init__(self, docnums: Sequence[int]) -> None:
        self.numbers = sorted(set(docnums))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocnumQuery) and other.numbers == self.numbers

    def __hash__(self) -> int:
        return hash(tuple(self.numbers))

    def __repr__(self) -> str:
        return f"DocnumQuery({len(self.numbers)} letters)"

    def estimate_size(self, ixreader: Any) -> int:
        return len(self.numbers)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if not self.numbers:
            return matching.NullMatcher()
        return matching.ListMatcher(self.numbers, all_weights=1.0)

    def docs(self, searcher: Any, deleting: bool = False) -> Any:
        return iter(self.numbers)


@lru_cache(maxsize=8)
def _analyzer(field: str) -> Any:
    return schema()[field].analyzer


#: Texts up to this long (a query's words) have their tokens kept; a letter's text is not.
_SHORT_TEXT = 200


def _tokens(field: str, text: str) -> list[str]:
    if len(text) > _SHORT_TEXT:
        return [token.text for token in _analyzer(field)(text)]
    return list(_short_tokens(field, text))


@lru_cache(maxsize=4096)
def _short_tokens(field: str, text: str) -> tuple[str, ...]:
    """A query's words, kept: the compiler, the matcher, the ranking and the snippets each
    analyse them (a dozen runs of the analyzer for a reference typed as text), and typing
    a query repeats its words keystroke after keystroke."""
    return tuple(token.text for token in _analyzer(field)(text))


def compile_query(node: Node, tags: Resolver, notes: list[str]) -> Any:
    """A Whoosh query for ``node``. ``notes`` collects what was ignored (very common words)."""
    if isinstance(node, Everything):
        return query.Every()
    if isinstance(node, And):
        return query.And([compile_query(item, tags, notes) for item in node.items])
    if isinstance(node, Or):
        return query.Or([compile_query(item, tags, notes) for item in node.items])
    if isinstance(node, Not):
        return query.Not(compile_query(node.item, tags, notes))
    if isinstance(node, DateRange):
        if resolved(node):
            return DocnumQuery(tags(node))
        return _numeric_range(node.field.indexed_as[0], node.start, node.end)
    return _term(node, tags, notes)


def left_out(node: Node) -> list[str]:
    """The notes ``compile_query`` makes for ``node`` (words too common to search for), in
    its order, without building the Whoosh query: most queries are matched and ranked
    without it (index.matching), and building it was a twentieth of a reference query."""
    if isinstance(node, And | Or):
        return [note for item in node.items for note in left_out(item)]
    if isinstance(node, Not):
        return left_out(node.item)
    if not isinstance(node, Term) or node.prefix:
        return []
    field = node.field
    if field is None:
        names: Sequence[str] = ("body",)
    elif resolved(node) or field.kind != "text":
        names = ()
    else:
        names = field.indexed_as
    return [_left_out_note(node) for name in names if not _tokens(name, node.text)]


def _left_out_note(term: Term) -> str:
    return f"'{term.text}' is too common a word to search for; it was left out"


def _numeric_range(name: str, start: int, end: int) -> Any:
    """Letters whose number in field ``name`` is from ``start`` to ``end`` (inclusive).

    Not ``whoosh.query.NumericRange``: its split into trie terms wraps around when a bound
    is near 0 or near the top (``date:..2016`` and ``date:2022..`` matched every letter).
    """
    from whoosh.util.numeric import to_sortable

    if start > end:
        return query.NullQuery
    field = schema()[name]
    low = to_sortable(field.numtype, field.bits, field.signed, start)
    high = to_sortable(field.numtype, field.bits, field.signed, end)
    parts = []
    for first, last, shift in _split_range(field.bits, field.shift_step, low, high):
        lower, upper = field.sortable_to_bytes(first, shift), field.sortable_to_bytes(last, shift)
        parts.append(
            query.Term(name, lower) if lower == upper else query.TermRange(name, lower, upper)
        )
    return query.ConstantScoreQuery(_or(parts))


def _split_range(bits: int, step: int, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, shift) trie ranges covering exactly ``start..end`` (as Lucene splits them).

    Whoosh's ``split_ranges`` lacks the check for a bound wrapping past 0 or the top.
    """
    if not step:
        return [(start, end, 0)]
    ranges = []
    shift = 0
    while True:
        diff = 1 << (shift + step)
        mask = ((1 << step) - 1) << shift
        low_bits = (1 << shift) - 1
        has_lower = (start & mask) != 0
        has_upper = (end & mask) != mask
        next_start = (start + diff if has_lower else start) & ~mask
        next_end = (end - diff if has_upper else end) & ~mask
        wrapped = next_start < start or next_end > end or next_end < 0 or next_start >> bits
        if shift + step >= bits or next_start > next_end or wrapped:
            ranges.append((start, end | low_bits, shift))
            return ranges
        if has_lower:
            ranges.append((start, start | mask | low_bits, shift))
        if has_upper:
            ranges.append((end & ~mask, end | low_bits, shift))
        start, end = next_start, next_end
        shift += step


def _term(term: Term, tags: Resolver, notes: list[str]) -> Any:
    field = term.field
    if field is None:
        body = _text_query("body", term, notes)
        if not term.phrase and looks_like_reference(term.text):
            return query.Or([_reference_query(term), body])
        return body
    if resolved(term):
        return DocnumQuery(tags(term))
    if field.kind == "reference":
        return _reference_query(term)
    if field.kind == "keyword":
        value = term.text if field.name == "id" else term.text.lower()
        name = field.indexed_as[0]
        return query.Prefix(name, value) if term.prefix else query.Term(name, value)
    if field.kind == "text":
        return _or([_text_query(name, term, notes) for name in field.indexed_as])
    return _or([_names_query(name, term) for name in field.indexed_as])


def _text_query(name: str, term: Term, notes: list[str]) -> Any:
    if term.prefix:
        return query.Prefix(name, term.text.lower())
    words = _tokens(name, term.text)
    if not words:
        notes.append(_left_out_note(term))
        return query.NullQuery
    if term.phrase and len(words) > 1:
        if term.fuzzy:
            return query.Phrase(name, words, slop=term.fuzzy + 1)
        return ExactPhrase(name, words)
    if term.fuzzy:
        return _and([query.FuzzyTerm(name, w, maxdist=term.fuzzy, prefixlength=1) for w in words])
    if len(words) == 1:
        return query.Term(name, words[0])
    return ExactPhrase(name, words)


def _names_query(name: str, term: Term) -> Any:
    if term.prefix:  # while typing "dept:DfE", the full name it stands for too
        full = [
            _and([query.Term(name, w) for w in _tokens(name, form)])
            for form in name_forms(name, term.text)[1:]
        ]
        return _or([query.Prefix(name, term.text.lower()), *full])
    words = _tokens(name, term.text)
    if not words:
        return query.NullQuery
    if term.fuzzy:
        return _and([query.FuzzyTerm(name, w, maxdist=term.fuzzy) for w in words])
    # Names are indexed without positions: every word of the name, in any order.
    forms = [_tokens(name, form) for form in name_forms(name, term.text)]
    return _or([_and([query.Term(name, w) for w in form]) for form in forms if form])


def name_forms(name: str, text: str) -> list[str]:
    """What a names field's term stands for: the name as typed and, for ``dept``, the
    registry's name of a body typed by its short name ("dept:DfE", as the facet shows it,
    finds the Department for Education)."""
    full = canonical(text) if name == "dept" else None
    return [text, full] if full and full.lower() != text.lower() else [text]


def _reference_query(term: Term) -> Any:
    value = normalise_reference(term.text)
    if term.prefix:
        return query.Prefix("ref", value)
    if term.fuzzy:
        return query.FuzzyTerm("ref", value, maxdist=term.fuzzy)
    return _or([query.Term("ref", form) for form in reference_query_forms(term.text)])


def _or(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else query.Or(items)


def _and(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else query.And(items)
