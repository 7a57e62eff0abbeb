"""Positions read straight from posting blocks' bytes find exactly Whoosh's phrase matches."""

from __future__ import annotations

import pickle
import random
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import index
from whoosh import query as wq
from whoosh.system import pack_uint

import index.blocks as blocks_module
import index.matching as matching_module
from index.compile import _tokens
from index.fields import schema
from index.matching import Matcher
from index.phrase import phrase_counts, phrase_hits, positions_in
from index.scoring import LetterCodec
from index.segment_writer import LetterSegmentWriter


def _value(positions: list[int]) -> bytes:
    """A letter's positions as ``ArrayPositions`` encodes them."""
    return bytes(pack_uint(len(positions))) + struct.pack(f"<{len(positions)}I", *positions)


def _expected(blocks: list[tuple[int, list[tuple[int, list[int]]]]]) -> list[tuple[int, list[int]]]:
    return [(first + letter, places) for first, postings in blocks for letter, places in postings]


def _read(blocks: list[tuple[int, list[tuple[int, list[int]]]]], protocol: int = 4) -> Any:
    """Blocks of (letter, positions) postings pickled as the segment writer pickles them,
    read by ``_PositionBlocks`` (each block's first letter shifted by its segment's)."""
    batch = blocks_module._PositionBlocks()
    parts: list[blocks_module.TermPositions] = []
    for first_letter, postings in blocks:
        letters = [letter for letter, _places in postings]
        deltas = [letters[0], *np.diff(letters).tolist()]
        counts = [float(len(places)) for _letter, places in postings]
        weights: Any = (
            None
            if all(c == 1.0 for c in counts)
            else counts[0]
            if len(set(counts)) == 1
            else tuple(counts)
        )
        values = tuple(_value(places) for _letter, places in postings)
        data = pickle.dumps((tuple(deltas), weights, values), protocol)
        layout = blocks_module._block_layout(data, len(postings))
        if layout is not None and layout[1] is not None:
            first, pairs, block_weights = layout[0]
            batch.add(
                data, (first + first_letter, pairs, block_weights), layout[1], len(postings), first
            )
        else:
            batch.flush(parts)
            parts.append(blocks_module._unpickled(data, first_letter))
    batch.flush(parts)
    return blocks_module.TermPositions.joined(parts)


def _as_postings(table: Any) -> list[tuple[int, list[int]]]:
    ends = np.cumsum(table.counts)
    return [
        (int(letter), table.flat[end - count : end].tolist())
        for letter, count, end in zip(table.ids, table.counts, ends, strict=True)
    ]


BLOCKS = {
    "one position each (weights None)": [(0, [(i * 3, [i]) for i in range(5)])],
    "the same count each (one weight)": [(0, [(i, [i, i + 4, i + 9]) for i in range(1, 7)])],
    "counts differ, one value past 255 bytes": [
        (0, [(2, [5]), (9, list(range(0, 700, 10))), (10, [1, 2]), (40, [3, 8, 13, 21])])
    ],
    "many blocks, segments numbered on": [
        (0, [(i, [i % 7, 50 + i]) for i in range(0, 256, 2)]),
        (0, [(300 + i, [i % 5]) for i in range(0, 128)]),
        (1000, [(i, [1, 2, 3][: 1 + i % 3]) for i in range(4, 200)]),
    ],
}


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_positions_read_from_block_bytes_are_what_unpickling_gives(name: str) -> None:
    """Letters, weights and every position, read from the pickles' bytes (no value
    unpickled), are the ones the blocks hold, in order."""
    blocks = BLOCKS[name]
    fast: list[bool] = []
    original = blocks_module._read_values

    def watched(*args: Any) -> Any:
        found = original(*args)
        fast.append(found is not None)
        return found

    blocks_module._read_values = watched  # type: ignore[assignment]
    try:
        table = _read(blocks)
    finally:
        blocks_module._read_values = original
    assert fast == [True]
    assert _as_postings(table) == _expected(blocks)
    assert table.weights.tolist() == [float(len(p)) for _l, p in _expected(blocks)]


def test_a_block_not_laid_out_as_expected_is_unpickled_and_read_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A value whose weight disagrees with its length (a boost, another format), and a
    protocol 2 block, are read by unpickling: the same postings, never misread."""
    good = (0, [(i, [i, i + 1]) for i in range(6)])
    boosted = (100, [(i, [i, 3 * i + 5]) for i in range(6)])
    original_dumps = pickle.dumps

    def boosting(data: Any, protocol: int) -> bytes:
        deltas, weights, values = data
        if len(values) and values[0] == _value([0, 5]):  # the boosted block: weights x 1.5
            weights = 3.0
        return original_dumps((deltas, weights, values), protocol)

    monkeypatch.setattr(pickle, "dumps", boosting)
    table = _read([good, boosted])
    monkeypatch.undo()
    assert _as_postings(table) == _expected([good, boosted])
    assert _as_postings(_read([good, boosted], protocol=2)) == _expected([good, boosted])


WORDS = (
    "flood defence council's long-term scheme the of and in residents river bank "
    "Wexhurst Luntby funding review support local government each every been remains"
).split()


def _letters(count: int, seed: int) -> list[str]:
    """Fictional letters from a small vocabulary: words repeat, stop words fall between
    them, hyphens and apostrophes split them, and a few letters say one word very often."""
    rng = random.Random(seed)
    texts = []
    for number in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 40))]
        if number % 37 == 0:
            words += ["flood", "defence"] * 70  # one value past 255 bytes
        if number % 5 == 0:
            words += ["the", "council's", "long-term", "flood", "defence", "scheme"]
        texts.append(("Dear Ms Quillfeather, " if number % 2 else "") + " ".join(words) + ".")
    return texts


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[str]]:
    """An index of 700 fictional letters in three segments: common words have more than a
    block (128 letters) in each, so phrases cross blocks and segments."""
    folder: Path = tmp_path_factory.mktemp("phrase-index")
    ix = index.create_in(str(folder), schema())
    texts = _letters(700, seed=11)
    for start in (0, 250, 480):
        writer = LetterSegmentWriter(ix, limitmb=16, compound=False, codec=LetterCodec())
        for number in range(start, {0: 250, 250: 480, 480: 700}[start]):
            writer.add_document(id=f"letter{number:04d}", body=texts[number])
        writer.commit(merge=False)
    return index.open_dir(str(folder), schema=schema()), texts


def _whoosh_phrase(searcher: Any, words: tuple[str, ...]) -> dict[int, int]:
    """Whoosh's own phrase query: each letter it matches and its number of matches."""
    found: dict[int, int] = {}
    for sub, offset in searcher.subsearchers or [(searcher, 0)]:
        oracle = wq.Phrase("body", list(words)).matcher(sub)
        while oracle.is_active():
            found[oracle.id() + offset] = len(oracle.spans())
            oracle.next()
    return found


@pytest.mark.parametrize("few_for_sets", [0, matching_module.FEW_FOR_SETS, 10**9])
def test_phrases_read_from_block_bytes_find_what_whooshs_phrase_query_finds(
    segmented: tuple[Any, list[str]], monkeypatch: pytest.MonkeyPatch, few_for_sets: int
) -> None:
    """Every phrase of two and three words, common or rare, across blocks and segments,
    finds the letters and counts Whoosh's phrase query finds: none dropped, none added;
    and the positions were read from the blocks' bytes, not unpickled. Counted with arrays,
    in Python for the rarest word's few letters (the default), or in Python always."""
    monkeypatch.setattr(matching_module, "FEW_FOR_SETS", few_for_sets)
    ix, texts = segmented
    searcher = ix.searcher()
    assert len(searcher.subsearchers) == 3
    fast: list[bool] = []
    original = blocks_module._read_values

    def watched(*args: Any) -> Any:
        found = original(*args)
        fast.append(found is not None)
        return found

    monkeypatch.setattr(blocks_module, "_read_values", watched)
    alive = np.arange(searcher.doc_count_all(), dtype=np.int32)
    matcher = Matcher(searcher, alive, np.zeros(alive.size, dtype=np.int32))
    seen: set[tuple[str, ...]] = set()
    for text in texts[:30]:
        stems = _tokens("body", text)
        seen |= {tuple(stems[i : i + 2]) for i in range(0, len(stems) - 1, 2)}
        seen |= {tuple(stems[i : i + 3]) for i in range(1, len(stems) - 2, 7)}
    # A sample (Whoosh's own phrase query takes a few milliseconds each), and the phrases
    # of the long value, the apostrophe and the hyphen.
    phrases = sorted(seen)[::10] + [("flood", "defenc"), ("defenc", "flood", "defenc")]
    phrases += [("council'", "long", "term"), ("long", "term", "flood")]
    assert len(phrases) > 30
    many = 0
    for words in phrases:
        found, counts = matcher.phrase("body", words)
        expected = _whoosh_phrase(searcher, words)
        assert expected, words
        assert dict(zip(found.tolist(), counts.tolist(), strict=True)) == expected, words
        many += len(expected) > 128
    assert many > 0  # some phrases are in more letters than a block holds
    assert all(fast) and (bool(fast) or few_for_sets == 10**9)  # always in Python: no arrays


def test_phrase_hits_counts_each_letters_runs_of_the_words() -> None:
    """Positions given letter by letter: a letter counts each place where the words stand
    in order; positions out of order are still matched (the sorted search is a shortcut)."""
    first = (np.array([0, 0, 0, 1, 2]), np.array([1, 5, 9, 3, 0], dtype=np.int32))
    second = (np.array([0, 0, 1, 2, 2]), np.array([10, 2, 4, 7, 1], dtype=np.int32))
    assert phrase_hits([first, second], 4).tolist() == [2, 1, 1, 0]
    in_order = (np.array([0, 0, 1, 2, 2]), np.array([2, 10, 4, 1, 7], dtype=np.int32))
    assert phrase_hits([first, in_order], 4).tolist() == [2, 1, 1, 0]


def test_phrase_counts_counts_each_letters_runs_of_the_words_as_phrase_hits() -> None:
    """The same letters as ``phrase_hits``' test, as each word's positions in each."""
    first = [frozenset({1, 5, 9}), frozenset({3}), frozenset({0}), frozenset()]
    second = [frozenset({10, 2}), frozenset({4}), frozenset({7, 1}), frozenset()]
    assert phrase_counts([first, second]) == [2, 1, 1, 0]
    third = [frozenset({11, 3}), frozenset(), frozenset({2}), frozenset()]
    assert phrase_counts([first, second, third]) == [2, 0, 1, 0]
    assert positions_in(_value([4, 0, 70000])) == [4, 0, 70000]


def test_a_damaged_block_is_reported_as_a_read_error_like_zlibs() -> None:
    """Blocks are inflated by ISA-L; a damaged one raises zlib's error, which the search
    reports as a damaged index (index.integrity), and a sound one inflates as zlib does."""
    import zlib

    from index.integrity import _is_read_error

    block = zlib.compress(pickle.dumps(((1, 2, 3, 4), None, (b"x",) * 4), 4))
    assert blocks_module.inflate(block) == zlib.decompress(block)
    with pytest.raises(zlib.error) as raised:
        blocks_module.inflate(block[:2] + b"\xff" * 12 + block[14:])
    assert _is_read_error(raised.value)


@pytest.fixture(scope="module")
def segmented_rare(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Letters in three segments with rare words besides the common ones: a word in one or
    two letters of a segment (kept in its term info, or a block of under four letters),
    some said twice in a letter (weights other than 1); and one word in a few letters of
    the first and last segments and in every letter of the middle one."""
    folder: Path = tmp_path_factory.mktemp("rare-index")
    ix = index.create_in(str(folder), schema())
    texts = _letters(300, seed=5)
    for start, end in ((0, 100), (100, 200), (200, 300)):
        writer = LetterSegmentWriter(ix, limitmb=16, compound=False, codec=LetterCodec())
        for number in range(start, end):
            rare = f"zq{number % 97}x " * (1 + number % 3) + f"zr{number % 41}x"
            if start == 100 or number % 50 == 0:
                rare += " zmixed"
            writer.add_document(id=f"letter{number:04d}", body=f"{texts[number]} {rare}")
        writer.commit(merge=False)
    return index.open_dir(str(folder), schema=schema())


def test_a_words_letters_read_from_all_its_segments_at_once_are_whooshs(
    segmented_rare: Any,
) -> None:
    """``Matcher.postings`` reads a word's blocks in every segment holding it together
    (lists of a few letters gathered as Python lists, blocks of many as arrays): each
    word's letters and frequencies are those Whoosh's reader walks to across segments."""
    searcher = segmented_rare.searcher()
    assert len(searcher.subsearchers) == 3
    reader = searcher.reader()
    alive = np.arange(searcher.doc_count_all(), dtype=np.int32)
    matcher = Matcher(searcher, alive, np.zeros(alive.size, dtype=np.int32))
    few = many = 0
    for word in reader.lexicon("body"):
        text = word.decode("utf-8")
        ids, weights = matcher.postings("body", text)
        oracle = reader.postings("body", text)
        expected = []
        while oracle.is_active():
            expected.append((oracle.id(), oracle.weight()))
            oracle.next()
        assert list(zip(ids.tolist(), weights.tolist(), strict=True)) == expected, text
        assert ids.dtype == np.int32 and weights.dtype == np.float32
        segments = len(matcher._holding("body", text))
        few += segments > 1 and ids.size < 4 * segments and len(set(weights.tolist())) > 1
        many += segments > 1 and ids.size > 128
    assert few > 20 and many > 5
    assert [len(matcher._holding("body", "zmix"))] == [3]
