"""Turn a parsed query into a Whoosh query; tags are looked up in the store at search time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from whoosh import matching, query

from index.fields import looks_like_reference, normalise_reference_query, schema
from index.query import And, DateRange, Everything, Node, Not, Or, Term

#: tag (or tag prefix ending in "*") -> the matching documents' numbers, sorted
TagResolver = Callable[[str, bool], Sequence[int]]


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


def _tokens(field: str, text: str) -> list[str]:
    return [token.text for token in _analyzer(field)(text)]


def compile_query(node: Node, tags: TagResolver, notes: list[str]) -> Any:
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
        return query.NumericRange(node.field.indexed_as[0], node.start, node.end)
    return _term(node, tags, notes)


def _term(term: Term, tags: TagResolver, notes: list[str]) -> Any:
    field = term.field
    if field is None:
        body = _text_query("body", term, notes)
        if not term.phrase and looks_like_reference(term.text):
            return query.Or([_reference_query(term), body])
        return body
    if field.kind == "annotation":
        return DocnumQuery(tags(term.text, term.prefix))
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
        notes.append(f"'{term.text}' is too common a word to search for; it was left out")
        return query.NullQuery
    if term.phrase and len(words) > 1:
        return query.Phrase(name, words, slop=max(1, term.fuzzy + 1) if term.fuzzy else 1)
    if term.fuzzy:
        return _and([query.FuzzyTerm(name, w, maxdist=term.fuzzy, prefixlength=1) for w in words])
    if len(words) == 1:
        return query.Term(name, words[0])
    return query.Phrase(name, words)


def _names_query(name: str, term: Term) -> Any:
    if term.prefix:
        return query.Prefix(name, term.text.lower())
    words = _tokens(name, term.text)
    if not words:
        return query.NullQuery
    if term.fuzzy:
        return _and([query.FuzzyTerm(name, w, maxdist=term.fuzzy) for w in words])
    if len(words) == 1:
        return query.Term(name, words[0])
    return query.Phrase(name, words)


def _reference_query(term: Term) -> Any:
    value = normalise_reference_query(term.text)
    if term.prefix:
        return query.Prefix("ref", value)
    if term.fuzzy:
        return query.FuzzyTerm("ref", value, maxdist=term.fuzzy)
    return query.Term("ref", value)


def _or(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else query.Or(items)


def _and(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else query.And(items)
