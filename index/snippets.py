"""Where a query's words occur in a letter, and a snippet around the best of them.

Made from the stored text, only for the letters being shown: the index does not keep the
text. Results are plain text plus (start, end) spans, never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.fields import TOKEN_PATTERN, looks_like_reference
from index.query import Term

_TOKEN = re.compile(TOKEN_PATTERN)
SNIPPET_CHARS = 200


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    #: (start, end) of each match within ``text``.
    spans: tuple[tuple[int, int], ...]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    from whoosh.lang.porter import stem

    return str(stem(word))


@dataclass(frozen=True, slots=True)
class _Pattern:
    stems: tuple[str, ...]  # one stem, or a phrase's stems in order
    prefix: str = ""
    fuzzy: int = 0
    literal: re.Pattern[str] | None = None  # names and references: matched as typed


def _patterns(terms: list[Term]) -> list[_Pattern]:
    from index.compile import _tokens

    patterns: list[_Pattern] = []
    for term in terms:
        field = term.field
        if field is not None and field.kind in ("annotation", "keyword", "date", "number", "state"):
            continue
        if (
            field is not None
            and field.kind in ("names", "reference")
            or (field is None and not term.phrase and looks_like_reference(term.text))
        ):
            words = [re.escape(w) for w in re.split(r"[\s/\-]+", term.text) if w]
            if words:
                joined = r"[\s/\-]*".join(words) + (r"\w*" if term.prefix else "")
                patterns.append(_Pattern((), literal=re.compile(rf"(?<!\w){joined}(?!\w)", re.I)))
            if field is not None:
                continue
        if term.prefix:
            patterns.append(_Pattern((), prefix=term.text.lower()))
            continue
        stems = tuple(_tokens("body", term.text))
        if stems:
            patterns.append(_Pattern(stems, fuzzy=term.fuzzy if not term.phrase else 0))
    return patterns


def find_matches(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Every place in ``text`` where a query term occurs, in order, without overlaps."""
    patterns = _patterns(terms)
    if not patterns:
        return []
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]
    stems = [_stem(word) for _s, _e, word in tokens]
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        if pattern.literal is not None:
            spans.extend(m.span() for m in pattern.literal.finditer(text))
        elif pattern.prefix:
            spans.extend((s, e) for s, e, w in tokens if w.startswith(pattern.prefix))
        elif len(pattern.stems) == 1:
            wanted = pattern.stems[0]
            for index, stem in enumerate(stems):
                if stem == wanted or (pattern.fuzzy and _near(stem, wanted, pattern.fuzzy)):
                    spans.append((tokens[index][0], tokens[index][1]))
        else:
            spans.extend(_phrase_spans(tokens, stems, pattern.stems))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _phrase_spans(
    tokens: list[tuple[int, int, str]], stems: list[str], phrase: tuple[str, ...]
) -> list[tuple[int, int]]:
    """Occurrences of a phrase's stems in order, allowing very common words in between."""
    from whoosh.analysis import STOP_WORDS

    found = []
    content = [i for i, (_s, _e, w) in enumerate(tokens) if w not in STOP_WORDS]
    for position in range(len(content) - len(phrase) + 1):
        if all(stems[content[position + k]] == phrase[k] for k in range(len(phrase))):
            first, last = content[position], content[position + len(phrase) - 1]
            found.append((tokens[first][0], tokens[last][1]))
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
        best, best_count = matches[0][0], 0
        for index, (begin, _end) in enumerate(matches):
            count = sum(1 for s, _e in matches[index:] if s < begin + width * 0.8)
            if count > best_count:
                best, best_count = begin, count
        window_start = max(0, best - width // 4)
    else:
        window_start = start
    window_start = _word_start(text, window_start)
    window_end = min(len(text), window_start + width)
    window_end = _word_end(text, window_end)
    excerpt = text[window_start:window_end]
    # One line: every whitespace character becomes a space, so offsets stay the same.
    flat = re.sub(r"\s", " ", excerpt)
    lead = len(flat) - len(flat.lstrip())
    flat = flat.strip()
    spans = tuple(
        (max(0, s - window_start - lead), min(len(flat), e - window_start - lead))
        for s, e in matches
        if s >= window_start + lead and e <= window_start + lead + len(flat)
    )
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    shift = len(prefix)
    return Snippet(prefix + flat + suffix, tuple((s + shift, e + shift) for s, e in spans))


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
