"""Two letters side by side: which reply paragraph answers which point, and what they share.

Everything returned is an offset into the texts as given, never a rewritten text: the
letters are evidence, and the caller shows ``text[start:end]`` exactly.

- ``paragraphs`` splits a letter at blank lines and says which paragraphs carry its
  substance (not letterhead, addresses, dates, greetings, sign-offs or courtesies).
- ``align`` places each substantive reply paragraph beside the letter paragraph it shares
  most rare content words with (tf-idf cosine over the paragraphs of both letters), lines
  up the two letters' headers and sign-offs, and lists the points nothing answers.
- Two letters of one template (a campaign letter, a stock reply) are compared word by word
  in ``archive.worddiff``; the words themselves are ``archive.words``.
- ``render_columns`` draws an alignment as two plain-text columns for the CLI.
"""

from __future__ import annotations

import difflib
import math
import re
import textwrap
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from archive.extract.dates import is_date_line
from archive.extract.layout import CLOSINGS, SALUTATION
from archive.extract.references import is_reference_line
from archive.refs import normalise_reference
from archive.words import LETTER_WORDS, STOP_WORDS, Word, normalise, stem, word_pattern, words_of

__all__ = [
    "MATCH_THRESHOLD",
    "ORDER_MARGIN",
    "Alignment",
    "Paragraph",
    "ParagraphKind",
    "Row",
    "SharedPhrase",
    "UNANSWERED_MARK",
    "align",
    "paragraphs",
    "render_columns",
]

#: A reply paragraph whose best cosine score is below this answers no point of the letter.
MATCH_THRESHOLD = 0.08
#: A letter paragraph scoring within this share of the best keeps the letter's order.
ORDER_MARGIN = 0.8
#: Shared phrases are at least this many words long.
PHRASE_WORDS = 3
#: Words and phrases given as the reason for a row, at most.
REASONS = 8

ParagraphKind = Literal[
    "body",  # running text: the substance of the letter
    "block",  # letterhead, an address, a name and role: short lines, not sentences
    "date",
    "reference",  # "Our ref: ...", "Your ref: ..."
    "salutation",  # "Dear ..."
    "heading",  # a subject line, or a short lead-in to a list ("I would ask you to:")
    "courtesy",  # "Thank you for your letter of ...", "I hope this is helpful."
    "closing",  # "Yours sincerely," and anything on the lines below it
    "signature",  # name and role after the closing
]


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int  # position among the text's paragraphs, from 0
    start: int  # text[start:end] is the paragraph, without surrounding whitespace
    end: int
    substantive: bool  # a point or an answer: the kind is "body"
    kind: ParagraphKind = "body"


@dataclass(frozen=True, slots=True)
class Row:
    left: tuple[int, ...]  # indices of the letter's paragraphs in this row (0 or 1)
    right: tuple[int, ...]  # indices of the reply's paragraphs beside them
    score: float  # cosine of their weighted terms, 0..1 (the best, if several)
    shared: tuple[str, ...]  # why: shared phrases as the letter writes them, then words


@dataclass(frozen=True, slots=True)
class SharedPhrase:
    """A run of words both letters contain, with every place it occurs in each."""

    words: tuple[str, ...]  # normalised (case-folded) words
    left: tuple[tuple[int, int], ...]
    right: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Alignment:
    left: tuple[Paragraph, ...]
    right: tuple[Paragraph, ...]
    rows: tuple[Row, ...]  # every paragraph of both sides in exactly one row
    unanswered: frozenset[int]  # substantive letter paragraphs with no answer beside them
    # Where the shared phrases are, sorted, leaving out a span inside a longer one.
    shared_left: tuple[tuple[int, int], ...]
    shared_right: tuple[tuple[int, int], ...]
    phrases: tuple[SharedPhrase, ...] = ()  # each phrase with all its spans on both sides
    #: The side the letter (whose paragraphs can go unanswered) is on.
    letter_side: Literal["left", "right"] = "left"

    def swapped(self) -> Alignment:
        """The same alignment with the sides exchanged: paired paragraphs stay paired."""
        return Alignment(
            left=self.right,
            right=self.left,
            rows=tuple(Row(row.right, row.left, row.score, row.shared) for row in self.rows),
            unanswered=self.unanswered,
            shared_left=self.shared_right,
            shared_right=self.shared_left,
            phrases=tuple(SharedPhrase(p.words, p.right, p.left) for p in self.phrases),
            letter_side="right" if self.letter_side == "left" else "left",
        )

    def letter_paragraphs(self, row: Row) -> tuple[int, ...]:
        """The letter's paragraphs in a row (on whichever side the letter is)."""
        return row.left if self.letter_side == "left" else row.right


# --- paragraphs --------------------------------------------------------------------------

_WHITESPACE_RUN = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x85\u2028]")
#: Page and paragraph separators break a paragraph on their own, blank line or not.
_HARD_BREAKS = frozenset("\x0c\x1c\x1d\x1e\u2029")

_SENTENCE_END = re.compile(r"\w[)\"'\u2019\u201d]*[.!?;:](?=[\s)\"'\u2019\u201d]|$)")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[)\"'\u2019\u201d]*\s+")
_COURTESY = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(?:many\s+)?thank(?:s|\s+you)\b",
        r"^i\s+(?:hope|trust)\s+(?:that\s+)?(?:this|the\s+above|my\s+(?:reply|letter)|the\s+"
        r"information)\b.{0,80}\b(?:help|use|reassur|clarif|assist|explain)",
        r"^i\s+am\s+(?:sorry|grateful)\b.{0,60}\bdelay",
        r"^(?:please\s+accept\s+)?(?:my\s+)?apolog(?:y|ies|ise|ize)\b.{0,60}\bdelay",
        r"^i\s+apologi[sz]e\b.{0,60}\bdelay",
        r"^i\s+am\s+(?:replying|responding|writing\s+in\s+reply)\b",
        r"^i\s+have\s+been\s+asked\s+to\s+(?:reply|respond)\b",
        r"^your\s+(?:letter|email|e-mail|correspondence)\b.{0,80}\bhas\s+been\s+(?:passed|"
        r"forwarded|transferred|referred)",
        r"^i\s+look\s+forward\s+to\s+(?:hearing|receiving|your|an?\s)",
        r"^i\s+(?:would|should|will)\s+be\s+grateful\s+for\s+(?:an?\s+|your\s+)?(?:early\s+|"
        r"prompt\s+|swift\s+|urgent\s+|full\s+|timely\s+)?(?:reply|response)\b[^?]{0,40}$",
        r"^(?:please\s+)?(?:do\s+not|don't)\s+hesitate\s+to\s+contact\b",
        r"^if\s+(?:you|your\s+constituent)\s+(?:have|has|need|needs|require|requires)\s+"
        r"any\s+(?:further|more|other)?\s*(?:questions|queries|information)\b",
        r"^i\s+am\s+copying\s+this\s+(?:letter|reply|email)\b",
    )
]


def paragraphs(text: str) -> list[Paragraph]:
    """The text's paragraphs, split at blank lines (or page breaks), trimmed of whitespace.

    A hard-wrapped paragraph keeps its lines; ``\\r\\n`` and ``\\r`` count as line breaks.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in _WHITESPACE_RUN.finditer(text):
        separator = gap.group()
        breaks = len(_LINE_BREAK.findall(separator))
        if breaks >= 2 or any(char in _HARD_BREAKS for char in separator):
            if gap.start() > start:
                spans.append((start, gap.start()))
            start = gap.end()
    if start < len(text):
        spans.append((start, len(text)))
    trimmed: list[tuple[int, int]] = []
    for first, last in spans:
        chunk = text[first:last]
        lead = len(chunk) - len(chunk.lstrip())
        stripped = chunk.strip()
        if stripped:
            trimmed.append((first + lead, first + lead + len(stripped)))
    kinds = _kinds([text[first:last] for first, last in trimmed])
    return [
        Paragraph(index, first, last, kind == "body", kind)
        for index, ((first, last), kind) in enumerate(zip(trimmed, kinds, strict=True))
    ]


def _kinds(chunks: Sequence[str]) -> list[ParagraphKind]:
    """What each paragraph is: position decides as much as shape (a header has no body)."""
    kinds: list[ParagraphKind] = [_shape(chunk) for chunk in chunks]
    salutation = next(
        (index for index, kind in enumerate(kinds[:15]) if kind == "salutation"), None
    )
    if salutation is not None:
        for index in range(salutation):
            if kinds[index] in ("body", "courtesy", "heading"):
                kinds[index] = "block"
    closing = next(
        (
            index
            for index, kind in enumerate(kinds)
            if kind == "closing" and (salutation is None or index > salutation)
        ),
        None,
    )
    if closing is not None:
        for index in range(closing + 1, len(kinds)):
            if kinds[index] not in ("block", "heading"):
                break
            kinds[index] = "signature"
    return kinds


def _shape(chunk: str) -> ParagraphKind:
    lines = [line.strip() for line in _LINE_BREAK.split(chunk) if line.strip()]
    first = lines[0]
    rest_is_prose = any(_is_prose(line) for line in lines[1:])
    if SALUTATION.match(first) and len(first) <= 90 and not rest_is_prose:
        return "salutation"
    if CLOSINGS.match(first):
        return "closing"
    if all(is_date_line(line) for line in lines):
        return "date"
    if all(is_reference_line(line) or is_date_line(line) for line in lines):
        return "reference"
    flat = " ".join(lines)
    if not _is_prose(flat):
        return "heading" if len(lines) == 1 and not first.isupper() else "block"
    if flat.endswith(":") and len(flat.split()) <= 12:
        return "heading"
    sentences = [part for part in _SENTENCE_SPLIT.split(flat) if part]
    if all(any(pattern.match(sentence) for pattern in _COURTESY) for sentence in sentences):
        return "courtesy"
    return "body"


def _is_prose(text: str) -> bool:
    """Sentences rather than letterhead: a question, or sentence ends and function words."""
    words = word_pattern().findall(text)
    if "?" in text and len(words) >= 3:
        return True
    function_words = sum(1 for word in words if word.casefold() in STOP_WORDS)
    return len(words) >= 5 and function_words >= 2 and _SENTENCE_END.search(text) is not None


# --- alignment ---------------------------------------------------------------------------


def align(left_text: str, right_text: str) -> Alignment:
    """Place each paragraph of the reply (right) beside the point of the letter it answers."""
    left_paragraphs = paragraphs(left_text)
    right_paragraphs = paragraphs(right_text)
    left_words = words_of(left_text)
    right_words = words_of(right_text)
    runs = _common_runs([w.norm for w in left_words], [w.norm for w in right_words])
    phrases = _phrases(runs, left_words, right_words)

    left_terms = [_terms(left_text, p) for p in left_paragraphs]
    right_terms = [_terms(right_text, p) for p in right_paragraphs]
    vectors = _tfidf([weights for weights, _surfaces in (*left_terms, *right_terms)])
    left_vectors = vectors[: len(left_terms)]
    right_vectors = vectors[len(left_terms) :]

    answers = _answers(left_paragraphs, right_paragraphs, left_vectors, right_vectors)
    beside: dict[int, list[int]] = defaultdict(list)
    for right_index, left_index in answers.items():
        beside[left_index].append(right_index)
    for left_index, right_index in _frame_pairs(left_paragraphs, right_paragraphs):
        beside[left_index].append(right_index)

    left_ranges = _word_ranges(left_words, left_paragraphs)
    right_ranges = _word_ranges(right_words, right_paragraphs)
    surfaces = [spellings for _weights, spellings in left_terms]

    def row_for(left_index: int | None, right_indices: Sequence[int]) -> Row:
        if left_index is None or not right_indices:
            return Row(() if left_index is None else (left_index,), tuple(right_indices), 0.0, ())
        scores = [_cosine(left_vectors[left_index], right_vectors[r]) for r in right_indices]
        reasons = _reasons(
            left_text,
            runs,
            left_words,
            left_ranges[left_index],
            [right_ranges[r] for r in right_indices],
            left_vectors[left_index],
            [right_vectors[r] for r in right_indices],
            surfaces[left_index],
        )
        return Row((left_index,), tuple(sorted(right_indices)), min(1.0, max(scores)), reasons)

    rows = [row_for(p.index, beside.get(p.index, [])) for p in left_paragraphs]
    placed = {r for row in rows for r in row.right}
    for paragraph in right_paragraphs:
        if paragraph.index in placed:
            continue
        position = 1 + next(
            (position for position, row in enumerate(rows) if paragraph.index - 1 in row.right),
            -1,
        )
        # Reply-only rows already hanging from the same row keep the reply's order.
        while (
            position < len(rows)
            and not rows[position].left
            and (rows[position].right[0] < paragraph.index)
        ):
            position += 1
        rows.insert(position, row_for(None, [paragraph.index]))
        placed.add(paragraph.index)

    unanswered = frozenset(
        p.index
        for p in left_paragraphs
        if p.substantive and not any(right_paragraphs[r].substantive for r in beside[p.index])
    )
    return Alignment(
        left=tuple(left_paragraphs),
        right=tuple(right_paragraphs),
        rows=tuple(rows),
        unanswered=unanswered,
        shared_left=_outermost(span for phrase in phrases for span in phrase.left),
        shared_right=_outermost(span for phrase in phrases for span in phrase.right),
        phrases=tuple(phrases),
    )


_JOINERS = frozenset("-/")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT_JOINERS = frozenset(",.")


def _terms(text: str, paragraph: Paragraph) -> tuple[dict[str, float], dict[str, str]]:
    """Content terms weighted (1 + log tf) x boost, and each term's first spelling.

    A capitalised word not opening a sentence is most likely a name or a place, and it
    counts double, as does a number of three digits or more; a reference ("GWF071234567",
    "MC2024/08812") counts three times. Hyphenated names stay whole ("Okonkwo-Lind").
    """
    chunk = text[paragraph.start : paragraph.end]
    counts: Counter[str] = Counter()
    boosts: dict[str, float] = {}
    surfaces: dict[str, str] = {}
    for start, end in _compounds(chunk):
        surface = chunk[start:end]
        norm = normalise(surface)
        plain = norm.isalpha()
        has_digit = not plain and _DIGIT.search(norm) is not None
        has_letter = plain or _LETTER.search(norm) is not None
        if has_digit and has_letter and len(norm) >= 5:
            term, boost = "ref:" + normalise_reference(norm), 3.0
        elif has_digit:
            digits = "".join(char for char in norm if char.isdigit())
            term, boost = digits, 2.0 if len(digits) >= 3 else 1.0
        elif norm in STOP_WORDS or norm in LETTER_WORDS:
            continue
        else:
            term = norm.replace("'", "") if "-" in norm or "/" in norm else stem(norm)
            if len(term) < 2:
                continue
            capitalised = surface[:1].isupper() and not _opens_sentence(chunk, start)
            boost = 2.0 if capitalised else 1.0
        counts[term] += 1
        boosts[term] = max(boosts.get(term, 0.0), boost)
        surfaces.setdefault(term, surface)
    weights = {term: (1.0 + math.log(count)) * boosts[term] for term, count in counts.items()}
    return weights, surfaces


def _compounds(chunk: str) -> Iterator[tuple[int, int]]:
    """Words, with words joined by a hyphen or slash (and digits by a comma) made one."""
    start = end = -1
    for match in word_pattern().finditer(chunk):
        if start >= 0:
            gap = chunk[end : match.start()]
            joined = gap in _JOINERS or (
                gap in _DIGIT_JOINERS and chunk[end - 1].isdigit() and match.group()[0].isdigit()
            )
            if joined:
                end = match.end()
                continue
            yield start, end
        start, end = match.start(), match.end()
    if start >= 0:
        yield start, end


def _opens_sentence(chunk: str, position: int) -> bool:
    before = chunk[:position].rstrip(" \t\"'(\u2018\u201c")
    return not before or before[-1] in ".!?:\n\r" or re.search(r"^\s*\d+[.)]?$", before) is not None


def _tfidf(documents: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """Unit vectors of term weight x idf; idf is smoothed so two paragraphs still match."""
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document.keys())
    total = len(documents)
    vectors: list[dict[str, float]] = []
    for document in documents:
        vector = {
            term: weight * math.log((total + 1) / frequency[term])
            for term, weight in document.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in vector.values()))
        vectors.append({t: w / norm for t, w in vector.items()} if norm else {})
    return vectors


def _cosine(first: dict[str, float], second: dict[str, float]) -> float:
    if len(second) < len(first):
        first, second = second, first
    return sum((weight * second[term] for term, weight in first.items() if term in second), 0.0)


def _answers(
    left: Sequence[Paragraph],
    right: Sequence[Paragraph],
    left_vectors: Sequence[dict[str, float]],
    right_vectors: Sequence[dict[str, float]],
) -> dict[int, int]:
    """Each substantive reply paragraph's best letter paragraph, in the letter's order if close.

    A reply may answer out of order, so the best match wins; but when an earlier and a later
    point score nearly alike, the one at or after the previous answer's point is taken.
    """
    answers: dict[int, int] = {}
    previous: int | None = None
    points = [p.index for p in left if p.substantive]
    for paragraph in right:
        if not paragraph.substantive:
            continue
        scores = {j: _cosine(left_vectors[j], right_vectors[paragraph.index]) for j in points}
        if not scores:
            continue
        best = max(scores.values())
        if best < MATCH_THRESHOLD:
            continue
        close = {j: s for j, s in scores.items() if s >= max(MATCH_THRESHOLD, ORDER_MARGIN * best)}
        onward = {j: s for j, s in close.items() if previous is None or j >= previous}
        pool = onward or close
        chosen = max(pool, key=lambda j: (pool[j], -j))
        answers[paragraph.index] = chosen
        previous = chosen
    return answers


def _frame_pairs(left: Sequence[Paragraph], right: Sequence[Paragraph]) -> list[tuple[int, int]]:
    """Header beside header and sign-off beside sign-off, matched by kind in order."""
    pairs: list[tuple[int, int]] = []
    left_head, left_foot = _frame(left)
    right_head, right_foot = _frame(right)
    for left_part, right_part in ((left_head, right_head), (left_foot, right_foot)):
        left_groups = _groups(left_part)
        right_groups = _groups(right_part)
        matcher = difflib.SequenceMatcher(
            None,
            [group[0].kind for group in left_groups],
            [group[0].kind for group in right_groups],
            autojunk=False,
        )
        for block in matcher.get_matching_blocks():
            for offset in range(block.size):
                left_group = left_groups[block.a + offset]
                right_group = right_groups[block.b + offset]
                pairs += _pair_blocks([p.index for p in left_group], [p.index for p in right_group])
    return pairs


def _groups(part: Sequence[Paragraph]) -> list[list[Paragraph]]:
    """Consecutive address-like paragraphs form one group; any other paragraph is its own."""
    groups: list[list[Paragraph]] = []
    for paragraph in part:
        if groups and paragraph.kind in _BLOCKS and groups[-1][-1].kind == paragraph.kind:
            groups[-1].append(paragraph)
        else:
            groups.append([paragraph])
    return groups


_BLOCKS = frozenset({"block", "signature"})


def _pair_blocks(left: Sequence[int], right: Sequence[int]) -> list[tuple[int, int]]:
    """Pair two runs of blocks: first ones in order, and last with last.

    A letter opens with the sender's letterhead and ends its header with the addressee's
    address, on both sides; the two sides rarely have as many blocks.
    """
    if len(left) == len(right) or not left or not right:
        return list(zip(left, right, strict=False))
    shorter = min(len(left), len(right))
    return [*zip(left[: shorter - 1], right[: shorter - 1], strict=True), (left[-1], right[-1])]


def _frame(
    side: Sequence[Paragraph],
) -> tuple[Sequence[Paragraph], Sequence[Paragraph]]:
    """The paragraphs before the first and after the last substantive one."""
    body = [p.index for p in side if p.substantive]
    if body:
        return side[: body[0]], side[body[-1] + 1 :]
    closing = next((p.index for p in side if p.kind == "closing"), len(side))
    return side[:closing], side[closing:]


def _word_ranges(words: Sequence[Word], parts: Sequence[Paragraph]) -> list[tuple[int, int]]:
    """Each paragraph's words, as a range of indices into ``words``."""
    starts = [w.start for w in words]
    return [(bisect_left(starts, p.start), bisect_right(starts, p.end - 1)) for p in parts]


def _reasons(
    left_text: str,
    runs: Sequence[tuple[int, int, int]],
    left_words: Sequence[Word],
    left_range: tuple[int, int],
    right_ranges: Sequence[tuple[int, int]],
    left_vector: dict[str, float],
    right_vectors: Sequence[dict[str, float]],
    surfaces: dict[str, str],
) -> tuple[str, ...]:
    """The phrases both paragraphs contain, then their heaviest shared words."""
    phrases: list[str] = []
    covered: set[str] = set()
    for left_start, right_start, length in runs:
        for right_range in right_ranges:
            first = max(left_range[0] - left_start, right_range[0] - right_start, 0)
            last = min(left_range[1] - left_start, right_range[1] - right_start, length)
            if last - first < PHRASE_WORDS:
                continue
            norms = [left_words[left_start + k].norm for k in range(first, last)]
            if all(norm in STOP_WORDS for norm in norms):
                continue
            span = left_text[
                left_words[left_start + first].start : left_words[left_start + last - 1].end
            ]
            phrase = " ".join(span.split())
            if phrase not in phrases:
                phrases.append(phrase)
                covered.update(norms)
    weights: dict[str, float] = {}
    for vector in right_vectors:
        for term, weight in left_vector.items():
            if term in vector:
                weights[term] = max(weights.get(term, 0.0), weight * vector[term])
    words = []
    for term in sorted(weights, key=lambda term: -weights[term]):
        surface = surfaces.get(term, term.removeprefix("ref:"))
        if not all(normalise(word) in covered for word in word_pattern().findall(surface)):
            words.append(surface)
    phrases.sort(key=len, reverse=True)
    return tuple([*phrases, *words][:REASONS])


# --- shared phrases ----------------------------------------------------------------------


def _common_runs(left: Sequence[str], right: Sequence[str]) -> list[tuple[int, int, int]]:
    """Maximal runs of at least ``PHRASE_WORDS`` equal words: (left start, right start, length).

    Seeds are word n-grams found through a hash table, so the cost follows the number of
    shared n-grams, not the product of the letters' lengths.
    """
    n = PHRASE_WORDS
    grams: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for position in range(len(right) - n + 1):
        grams[tuple(right[position : position + n])].append(position)
    runs: list[tuple[int, int, int]] = []
    for i in range(len(left) - n + 1):
        positions = grams.get(tuple(left[i : i + n]))
        if not positions:
            continue
        for j in positions:
            if i and j and left[i - 1] == right[j - 1]:
                continue  # inside a run that started earlier
            length = n
            while (
                i + length < len(left)
                and j + length < len(right)
                and left[i + length] == right[j + length]
            ):
                length += 1
            runs.append((i, j, length))
    return runs


def _phrases(
    runs: Sequence[tuple[int, int, int]],
    left_words: Sequence[Word],
    right_words: Sequence[Word],
) -> list[SharedPhrase]:
    """Group the runs by their words: each phrase with all its occurrences on both sides."""
    left_spans: dict[tuple[str, ...], set[tuple[int, int]]] = defaultdict(set)
    right_spans: dict[tuple[str, ...], set[tuple[int, int]]] = defaultdict(set)
    for i, j, length in runs:
        words = tuple(w.norm for w in left_words[i : i + length])
        if all(word in STOP_WORDS for word in words):
            continue
        left_spans[words].add((left_words[i].start, left_words[i + length - 1].end))
        right_spans[words].add((right_words[j].start, right_words[j + length - 1].end))
    return [
        SharedPhrase(words, tuple(sorted(left_spans[words])), tuple(sorted(right_spans[words])))
        for words in sorted(left_spans, key=lambda w: min(left_spans[w]))
    ]


def _outermost(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted spans without those lying inside another (a shorter phrase within a longer)."""
    ordered = sorted(set(spans), key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    reach = -1
    for start, end in ordered:
        if end <= reach:
            continue
        kept.append((start, end))
        reach = end
    return tuple(kept)


# --- plain-text columns ------------------------------------------------------------------

UNANSWERED_MARK = "\u2717 "
_DIVIDER = " \u2502 "
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
#: C0 and C1 controls (bar newline and tab), and the bidirectional overrides and isolates,
#: which would let a letter reorder what the terminal shows in the other column.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    """The text with line breaks made plain and controls shown as symbols."""
    return _UNSAFE.sub(_control_picture, _NEWLINES.sub("\n", text))


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def render_columns(left_text: str, right_text: str, alignment: Alignment, width: int) -> list[str]:
    """The alignment as lines of two columns: letter on the left, reply on the right.

    Every line is at most ``width`` characters (counted with ``len``). A point that nothing
    in the reply answers starts with "✗ ".
    """
    if width < 11:
        raise ValueError(f"width must be at least 11, not {width}")
    column = (width - len(_DIVIDER)) // 2
    rule = "\u2500" * column + "\u2500\u253c\u2500" + "\u2500" * column
    lines = [
        _pair(
            f"Letter ({UNANSWERED_MARK.strip()} = not answered)"[:column],
            "Reply"[:column],
            column,
        ),
        rule,
    ]
    for number, row in enumerate(alignment.rows):
        if number:
            lines.append(rule.replace("\u2500", "\u2504"))
        left_lines: list[str] = []
        for index in row.left:
            mark = index in alignment.unanswered
            left_lines += _cell(left_text, alignment.left[index], column, mark, left_lines)
        right_lines: list[str] = []
        for index in row.right:
            right_lines += _cell(right_text, alignment.right[index], column, False, right_lines)
        for line_number in range(max(len(left_lines), len(right_lines))):
            left_line = left_lines[line_number] if line_number < len(left_lines) else ""
            right_line = right_lines[line_number] if line_number < len(right_lines) else ""
            lines.append(_pair(left_line, right_line, column))
    return lines


def _pair(left: str, right: str, column: int) -> str:
    return (left.ljust(column) + _DIVIDER + right).rstrip()


def _cell(
    text: str, paragraph: Paragraph, column: int, unanswered: bool, above: Sequence[str]
) -> list[str]:
    """A paragraph wrapped to the column: prose reflowed, address-like blocks line by line."""
    body = _visible(text[paragraph.start : paragraph.end])
    sources = _reflowed(body) if paragraph.substantive else body.split("\n")
    wrapped: list[str] = [""] if above else []
    follow = " " * len(UNANSWERED_MARK) if unanswered else ""
    first = True
    for source in sources:
        indent = UNANSWERED_MARK if unanswered and first else follow
        wrapped += textwrap.wrap(
            source,
            width=column,
            initial_indent=indent,
            subsequent_indent=follow,
            break_on_hyphens=False,
            break_long_words=True,
        ) or [indent.rstrip()]
        first = False
    return wrapped


_LIST_ITEM = re.compile(r"^\s*(?:[-\u2022*\u2013]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")


def _reflowed(body: str) -> list[str]:
    """Hard-wrapped prose as one line, except that each list item starts a line of its own."""
    sources: list[str] = []
    for line in body.split("\n"):
        if sources and not _LIST_ITEM.match(line):
            sources[-1] += " " + line
        else:
            sources.append(line)
    return [" ".join(source.split()) for source in sources]
