"""Where a query's words occur in a letter, and a snippet around the best of them.

Made from the stored text, only for the letters being shown: the index does not keep the
text. Results are plain text plus (start, end) spans, never markup.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from index.query import Term

SNIPPET_CHARS = 200
#: What a Porter stem may end with that the word it came from does not have there: a
#: suffix is cut and at most "e" put back ("relating" -> "relate"), "i" for a "y" ("happy"
#: -> "happi"), or "le" for "il" ("possibility" -> "possible", then perhaps "possibl"); the
#: first letter always stays. So a word with a stem starts with the stem less these (checked
#: against Whoosh's stemmer on 900,000 made-up words), and a stem "lv" or "exempt" is looked
#: for as written, not as every word starting "l" or "exe".
_PUT_BACK = ("le", "e", "i", "l")
#: Past this many distinct word beginnings to look for, the whole letter is analysed.
_MAX_ROOTS = 1000


class _NeedsWords(Exception):
    """The patterns need the letter's own words (a prefix or fuzzy word not expanded)."""


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    #: (start, end) of each match within ``text``.
    spans: tuple[tuple[int, int], ...]


#: The index terms a prefix (``flood*``) or fuzzy word (``flood~``) stood for when the search
#: ran: ``expand(term, word)`` with the prefix as typed, or the fuzzy word's stem. None when
#: it cannot say; the letter's own words are then matched by the same rule.
Expand = Callable[[Term, str], Collection[str] | None]
#: A letter's words as (stem, start, end), in order.
Words = list[tuple[str, int, int]]


@dataclass(frozen=True, slots=True)
class _Pattern:
    """What one query term looks for in the body: a word, or words in order.

    Each slot holds the index terms that may stand there; ``slop`` is how many words on
    the next one may be (1: right after, as in an exact phrase).
    """

    slots: tuple[frozenset[str], ...]
    slop: int = 1


def body_words(text: str) -> Words:
    """The letter's words as the index sees them, ``(stem, start, end)``, in index order
    (stop words left out, so a phrase's words are next to each other here as there)."""
    from index.compile import _analyzer

    words: Words = _analyzer("body").words(text)
    return words


def applies_to_body(term: Term) -> bool:
    """Whether the search looks for ``term`` in the letter's words (a bare word, ``text:``,
    a reference): only such a term has hits in the text.

    Names, dates, tags and the subject line are matched elsewhere: nothing in the body is
    their hit.
    """
    field = term.field
    if field is None:
        return True
    return field.kind == "reference" or (field.kind == "text" and "body" in field.indexed_as)


def _patterns(
    terms: list[Term], expand: Expand | None, text: str, words: Words | None
) -> list[_Pattern]:
    """The body patterns of a query's positive terms, built as index.compile builds the query."""
    from index.compile import _tokens

    patterns: list[_Pattern] = []
    for term in terms:
        if not applies_to_body(term):
            continue
        if term.prefix:
            patterns.append(_Pattern((_prefix_stems(term, expand, text, words),)))
            continue
        stems = _tokens("body", term.text)
        if not stems:
            continue
        if term.phrase and len(stems) > 1:
            # "a b"~2 is Whoosh's Phrase with slop 3: each next word within 3 positions.
            slop = term.fuzzy + 1 if term.fuzzy else 1
            patterns.append(_Pattern(tuple(frozenset((s,)) for s in stems), slop))
        elif term.fuzzy:
            # Each word on its own, near its spelling (index.compile: an And of FuzzyTerms).
            patterns += [_Pattern((_fuzzy_stems(term, s, expand, words),)) for s in stems]
        else:
            # One word, or a token the analyzer splits ("AB12345/19"): a phrase of its parts.
            patterns.append(_Pattern(tuple(frozenset((s,)) for s in stems)))
    return patterns


@functools.lru_cache(maxsize=2)
def _query_patterns(terms: tuple[Term, ...], expand: Expand | None) -> list[_Pattern]:
    """``_patterns`` without a letter's words: the same for every hit of one query, so it
    is made once per query, not once per snippet.

    Only the last two queries are kept: ``expand`` holds its searcher's matcher (and that
    matcher's postings), which must not outlive a refresh by more than a query or two."""
    return _patterns(list(terms), expand, "", None)


@functools.lru_cache(maxsize=2)
def _query_roots(terms: tuple[Term, ...], expand: Expand | None) -> frozenset[str]:
    """How the words of the patterns' first stems begin (``_root``), once per query."""
    return frozenset(_root(stem) for p in _query_patterns(terms, expand) for stem in p.slots[0])


def _expanded_stems(
    term: Term,
    word: str,
    expand: Expand | None,
    words: Words | None,
    in_letter: Callable[[Words], Iterable[str]],
) -> frozenset[str]:
    """The index terms ``word`` stood for when the search ran; failing that, the stems
    ``in_letter`` picks from this letter's own words by the search's rule."""
    expanded = expand(term, word) if expand is not None else None
    if expanded is not None:
        return frozenset(expanded)
    if words is None:
        raise _NeedsWords
    return frozenset(in_letter(words))


def _prefix_stems(
    term: Term, expand: Expand | None, text: str, words: Words | None
) -> frozenset[str]:
    prefix = term.text.lower()

    # The search's two rules, over this letter's words: the stems of the words written
    # with the prefix ("flooding*" -> flood, so "flooded" too), and stems starting so.
    def written_so(letter_words: Words) -> Iterator[str]:
        for stem, start, end in letter_words:
            if stem.startswith(prefix) or text[start:end].lower().startswith(prefix):
                yield stem

    return _expanded_stems(term, prefix, expand, words, written_so)


def _fuzzy_stems(
    term: Term, stem: str, expand: Expand | None, words: Words | None
) -> frozenset[str]:
    # Whoosh's FuzzyTerm as index.compile makes it: same first letter, within the distance.
    def near(letter_words: Words) -> Iterator[str]:
        for other in {w[0] for w in letter_words}:
            if other[:1] == stem[:1] and _near(other, stem, term.fuzzy):
                yield other

    return _expanded_stems(term, stem, expand, words, near)


def find_matches(
    text: str, terms: list[Term], expand: Expand | None = None
) -> list[tuple[int, int]]:
    """Every hit of a query's terms in ``text``, in order, without overlaps.

    The hits are what the index matched: the letter's words through the index's own
    analyzer (stems, stop words left out of phrases), each phrase occurrence one hit from
    its first word to its last. ``terms`` are the query's positive terms
    (``index.query.terms_of``); ``expand`` gives the search's own expansions of prefixes
    and fuzzy words. Offsets are into ``text`` as it is.
    """
    if not any(applies_to_body(term) for term in terms):
        return []
    found = _quick_spans(text, terms, expand)
    if found is not None:
        spans = found
    else:
        words = body_words(text)
        where: dict[str, list[int]] = {}
        for index, (stem, _start, _end) in enumerate(words):
            where.setdefault(stem, []).append(index)
        spans = []
        for pattern in _patterns(terms, expand, text, words):
            spans.extend(_pattern_spans(words, where, pattern))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


#: The last query's terms, its ``expand``, its patterns and their roots (None where a
#: pattern has a slop): every hit of a page asks for them, and finding them in the caches
#: above hashed each of the query's terms (a dataclass hashes every field) twice a hit.
_last_prepared: tuple[tuple[Term, ...], Any, list[_Pattern], frozenset[str] | None] | None = None


def _prepared(
    terms: list[Term], expand: Expand | None
) -> tuple[list[_Pattern], frozenset[str] | None]:
    """The query's patterns and, when none has a slop, their roots (``_query_roots``);
    raises ``_NeedsWords`` as ``_query_patterns`` does."""
    global _last_prepared
    key = tuple(terms)
    last = _last_prepared
    if last is not None and last[1] is expand and last[0] == key:
        return last[2], last[3]
    patterns = _query_patterns(key, expand)
    roots = None
    if patterns and all(pattern.slop == 1 for pattern in patterns):
        roots = _query_roots(key, expand)
    _last_prepared = (key, expand, patterns, roots)
    return patterns, roots


def _quick_spans(
    text: str, terms: list[Term], expand: Expand | None
) -> list[tuple[int, int]] | None:
    """The spans ``find_matches`` finds, by reading only the words that may match: those
    starting as a pattern's first stem does (and the words after them, for a phrase).

    A snippet is made for every hit returned, and analysing the whole letter was most of a
    query's time. None when this cannot give the same answer (the letter's lower case moves
    characters, a slop, an unexpanded prefix).
    """
    from index.compile import _analyzer

    lowered = text.lower()
    if len(lowered) != len(text) or "Σ" in text:
        return None
    try:
        patterns, roots = _prepared(terms, expand)
    except _NeedsWords:
        return None
    if not patterns:
        return []
    if roots is None or not roots or "" in roots or len(roots) > _MAX_ROOTS:
        return None
    analyzer = _analyzer("body")
    token, stops, minsize = analyzer.expression, analyzer.stops, analyzer.minsize
    stems = _stems()

    def kept(match: re.Match[str] | None) -> re.Match[str] | None:
        """The first indexed word from ``match`` on (stop words and short words skipped)."""
        while match is not None:
            word = match.group()
            if len(word) >= minsize and word not in stops:
                return match
            match = token.search(lowered, match.end())
        return None

    spans: list[tuple[int, int]] = []
    for at in _root_positions(roots, lowered):
        if at and _joined(lowered, at):
            continue
        first = token.match(lowered, at)
        if first is None:
            continue
        start, first_end, word = first.start(), first.end(), first.group()
        if kept(first) is not first:  # a stop word or a short word
            continue
        stem = stems[word]
        for pattern in patterns:
            if stem not in pattern.slots[0]:
                continue
            end: int | None = first_end
            for slot in pattern.slots[1:]:
                assert end is not None
                following = kept(token.search(lowered, end))
                if following is None or stems[following.group()] not in slot:
                    end = None
                    break
                end = following.end()
            if end is not None:
                spans.append((start, end))
    return spans


def _root(stem: str) -> str:
    """How every word with this stem begins (see ``_PUT_BACK``)."""
    for tail in _PUT_BACK:
        if stem.endswith(tail):
            return stem[: max(1, len(stem) - len(tail))]
    return stem


def _stems() -> dict[str, str]:
    from index.analysis import _STEMS

    return _STEMS


#: Up to this many roots are looked for one at a time (see ``_root_positions``).
_SEPARATE_ROOTS = 8
#: A root written more often than this in a letter is found by a regex, not ``str.find``.
_FIND_LIMIT = 16


def _root_positions(roots: frozenset[str], lowered: str) -> list[int]:
    """Where one of ``roots`` is written in ``lowered``, in order (``_joined`` says whether
    a word begins there).

    A root is looked for with ``str.find``, or, when the letter has it many times, a regex
    of that one literal; a new regex costs more to compile (each query has new roots) than
    a few finds. An alternation of literals tries each at every character, ten times slower
    for two roots than two passes, so it is kept for many roots (a prefix's words). A
    position inside another root's match is inside a word: ``_joined`` turns it away as
    the alternation would have skipped it.
    """
    if len(roots) > _SEPARATE_ROOTS:
        return [match.start() for match in _word_starts(roots).finditer(lowered)]
    found: list[int] = []
    for root in roots:
        if lowered.count(root) > _FIND_LIMIT:
            found += [match.start() for match in _word_starts(frozenset((root,))).finditer(lowered)]
            continue
        at = lowered.find(root)
        while at != -1:
            found.append(at)
            at = lowered.find(root, at + 1)
    return sorted(set(found)) if len(roots) > 1 else found


@functools.lru_cache(maxsize=256)
def _word_starts(roots: frozenset[str]) -> re.Pattern[str]:
    """Where one of ``roots`` is written (no word can begin inside a root, so matches that
    do not overlap miss none)."""
    return re.compile("|".join(re.escape(root) for root in sorted(roots)))


def _joined(text: str, at: int) -> bool:
    """Whether ``text[at]`` continues the word before it (``at`` > 0), as the index's
    tokenizer (index.fields.TOKEN_PATTERN) reads words: after a letter or digit, or after an
    apostrophe or full stop that follows one ("o'brien", "u.k")."""
    before = text[at - 1]
    if before.isalnum() or before == "_":
        return True
    return before in "'’." and at > 1 and (text[at - 2].isalnum() or text[at - 2] == "_")


def _pattern_spans(
    words: Words, where: dict[str, list[int]], pattern: _Pattern
) -> list[tuple[int, int]]:
    first, rest = pattern.slots[0], pattern.slots[1:]
    starts = sorted(i for stem in first for i in where.get(stem, ()))
    if not rest:
        return [words[i][1:] for i in starts]
    found: list[tuple[int, int]] = []
    for index in starts:
        # The partial matches from this word (each by the index of its last word), every
        # way through as in Whoosh's SpanNear; one hit, to the nearest last word.
        ends = [index]
        for slot in rest:
            following = sorted(
                {
                    later
                    for last in ends
                    for later in range(last + 1, min(last + pattern.slop, len(words) - 1) + 1)
                    if words[later][0] in slot
                }
            )
            ends = following
            if not ends:
                break
        if ends:
            found.append((words[index][1], words[ends[0]][2]))
    return found


def _near(a: str, b: str, limit: int) -> bool:
    """Edit distance of at most ``limit`` (small strings; stops early)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def make_snippet(
    text: str, matches: list[tuple[int, int]], width: int = SNIPPET_CHARS, start: int = 0
) -> Snippet:
    """A one-line excerpt around the densest group of matches (or the opening if none).

    ``start`` is where to begin when nothing matched (the body, after the letterhead).
    """
    if matches:
        window_start = max(0, _densest(matches, width * 0.8) - width // 4)
    else:
        window_start = start
    window_start = _word_start(text, window_start)
    window_end = min(len(text), window_start + width)
    window_end = _word_end(text, window_end)
    # One line: every whitespace character becomes a space, so offsets stay the same.
    flat = _one_line(text[window_start:window_end])
    stripped = flat.lstrip()
    begin = window_start + len(flat) - len(stripped)  # where ``flat`` starts in ``text``
    flat = stripped.rstrip()
    end = begin + len(flat)
    # Offsets into the snippet, after the "…" that opens it when it starts past the text's.
    shift = begin - (1 if window_start > 0 else 0)
    spans = tuple((s - shift, e - shift) for s, e in matches if s >= begin and e <= end)
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    return Snippet(prefix + flat + suffix, spans)


def _densest(matches: list[tuple[int, int]], reach: float) -> int:
    """Where the most matches begin within ``reach`` of the first of them (the earliest
    such start on a tie). ``find_matches`` gives its matches in order, so each count is a
    bisection; matches out of order are counted one by one."""
    starts = [begin for begin, _end in matches]
    best, best_count = starts[0], 0
    ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
    for index, begin in enumerate(starts):
        if ordered:
            count = bisect.bisect_left(starts, begin + reach, index) - index
        else:
            count = sum(1 for other in starts[index:] if other < begin + reach)
        if count > best_count:
            best, best_count = begin, count
    return best


#: Every ASCII character ``\s`` matches, as a space: a ``bytes.translate`` table for ASCII
#: text (the common case). A regex pass over every snippet was a tenth of a date query.
_ASCII_SPACES = bytes.maketrans(
    bytes(c for c in range(128) if chr(c).isspace()),
    b" " * sum(1 for c in range(128) if chr(c).isspace()),
)
#: White space other than the space itself, for text with other characters: one regex pass
#: took a fifth of the time of ``str.translate`` with a table, which looks the table up for
#: each character of a text that is not ASCII (6 against 28 us a snippet).
_OTHER_SPACES = re.compile(r"[^\S ]")


def _one_line(excerpt: str) -> str:
    """``excerpt`` with every whitespace character (all a regex's ``\\s`` matches) made a space."""
    if excerpt.isascii():
        return excerpt.encode("ascii").translate(_ASCII_SPACES).decode("ascii")
    return _OTHER_SPACES.sub(" ", excerpt)


def _word_start(text: str, position: int) -> int:
    if position <= 0:
        return 0
    space = text.rfind(" ", max(0, position - 20), position)
    return space + 1 if space != -1 else position


def _word_end(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.find(" ", position, position + 20)
    return space if space != -1 else position
