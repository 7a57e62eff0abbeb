"""What the searcher keeps between queries to be fast never changes what a query shows."""

from __future__ import annotations

import os
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import archive.annotation_tables as annotation_tables
import index.blocks as blocks_module
import index.matching as matching_module
import index.searcher as searcher_module
from archive.models import Letter
from archive.store import ANNOTATIONS_FILE, LETTERS_FILE, Store
from index.searcher import Searcher
from index.snippets import SNIPPET_CHARS, Snippet, _word_end, _word_start, make_snippet
from tests.test_pairing_cache import ids, import_thread_letters


def test_a_letter_shown_again_is_reused_until_its_record_changes(tmp_path: Path) -> None:
    """Hits reuse the letter built for an earlier query; a correction made since (here
    without re-indexing, so nothing else about the search changes) shows at once."""
    store: Store = import_thread_letters(tmp_path)
    letter_id = ids(store)["c-letter.txt"]
    searcher = Searcher(store)

    def shown() -> dict[str, Letter]:
        result = searcher.search("", limit=50, facets=False, snippets=False)
        return {hit.letter_id: hit.letter for hit in result.hits}

    first, again = shown(), shown()
    assert first[letter_id] is again[letter_id]
    assert first[letter_id].metadata.mp != "Morwenna Tregaskis"

    store.set_corrections(letter_id, {"mp": "Morwenna Tregaskis"})

    corrected = shown()
    assert corrected[letter_id].metadata.mp == "Morwenna Tregaskis"
    assert corrected[letter_id] == store.get(letter_id)
    others = set(first) - {letter_id}
    assert others and all(corrected[i] is first[i] for i in others)


def test_facet_counts_list_the_values_present_most_letters_first(
    tmp_path: Path,
) -> None:
    """The facet counts, compared with a plain count over the hits' own letters."""
    store = import_thread_letters(tmp_path)
    searcher = Searcher(store)
    result = searcher.search("", limit=50, snippets=False)
    letters = [store.get(hit.letter_id) for hit in result.hits]
    assert len(letters) == result.total
    expected: dict[str, int] = {}
    for letter in letters:
        assert letter is not None
        if letter.metadata.mp:
            expected[letter.metadata.mp] = expected.get(letter.metadata.mp, 0) + 1
    counts = result.facets["mp"]
    assert {f.value: f.count for f in counts} == expected
    assert all(f.count > 0 for f in counts)
    assert [f.count for f in counts] == sorted((f.count for f in counts), reverse=True)


def test_a_page_of_hits_builds_no_letter_until_one_is_asked_for(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results are shown from ids, scores and snippets; a hit's letter is built when asked
    for, and is then the whole letter, spans and confidences included."""
    built: list[str] = []
    original = Letter.from_json

    def counting(data: Any) -> Letter:
        built.append(str(data["id"]))
        return original(data)

    searcher = Searcher(sample_store)
    searcher.search("qqqnothing")  # opening the index checks a sample against the store
    monkeypatch.setattr(searcher_module.Letter, "from_json", counting)
    result = searcher.search("constituent", limit=20)
    assert len(result.hits) >= 2
    assert all(hit.snippet.text for hit in result.hits)
    assert built == []

    hit = result.hits[1]
    letter = hit.letter
    assert hit.letter is letter
    assert built == [hit.letter_id]
    expected = sample_store.get(hit.letter_id)
    assert expected is not None and expected.metadata.spans and expected.metadata.confidence
    assert letter == expected
    assert dict(letter.metadata.spans) == dict(expected.metadata.spans)
    assert dict(letter.metadata.confidence) == dict(expected.metadata.confidence)


def test_each_hit_on_a_page_reads_its_record_once_and_its_snippet_is_its_texts(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hit's row and snippet come from one read of its record, and the page's records are
    read together: the records file is checked on disk once a page, not once a hit (each
    check is a ``stat``). Each snippet is cut from that letter's own text."""
    searcher = Searcher(sample_store)
    searcher.search("qqqnothing")  # opening the index checks a sample against the store
    reads: list[str] = []
    checked: Counter[str] = Counter()
    original_records, original_stat = Store.records, os.stat

    def counting(store: Store, letter_ids: Iterable[str]) -> Any:
        letter_ids = list(letter_ids)
        reads.extend(letter_ids)
        return original_records(store, letter_ids)

    def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        checked[Path(path).name] += 1
        return original_stat(path, *args, **kwargs)

    monkeypatch.setattr(Store, "records", counting)
    monkeypatch.setattr(os, "stat", stat)
    result = searcher.search("constituent", limit=20)
    monkeypatch.undo()
    assert len(result.hits) >= 5
    assert sorted(reads) == sorted(hit.letter_id for hit in result.hits)
    # The annotations file holds both the tags (read once a search) and the corrections.
    assert checked[LETTERS_FILE] == 1 and checked[ANNOTATIONS_FILE] <= 2
    for hit in result.hits:  # a snippet shows the text's line breaks as spaces
        words = " ".join(hit.snippet.text.strip("…").split())
        assert words in " ".join(sample_store.text(hit.letter_id).split())


def test_records_read_together_are_each_letters_own_with_its_corrections(
    sample_store: Store,
) -> None:
    """``Store.records`` gives what ``Store.record`` gives for each id, in order, a
    correction laid over its letter only, and None for an id the archive lacks."""
    letter_ids = sample_store.ids()[:6]
    sample_store.set_corrections(letter_ids[2], {"mp": "Morwenna Tregaskis"})
    wanted = [*letter_ids, "no-such-letter", letter_ids[0]]
    together = sample_store.records(wanted)
    assert together == [sample_store.record(i) for i in wanted]
    assert together[-2] is None
    assert [r["id"] for r in together if r is not None] == [*letter_ids, letter_ids[0]]
    mps = [r["metadata"].get("mp") for r in together if r is not None]
    assert mps[2] == "Morwenna Tregaskis"
    assert mps.count("Morwenna Tregaskis") == 1


def test_a_quoted_name_finds_the_same_letters_as_unquoted(sample_store: Store) -> None:
    """Quotes change nothing for a name (every word of it, in any order), whichever way the
    matcher answers it, and the answer is the letters whose MP has those words."""
    searcher = Searcher(sample_store)
    letters = list(sample_store.letters())
    mps = sorted({letter.metadata.mp for letter in letters if letter.metadata.mp})
    assert len(mps) >= 3
    for mp in mps:
        expected = {letter.id for letter in letters if letter.metadata.mp == mp}
        quoted = searcher.search(f'mp:"{mp}"', limit=500, facets=False, snippets=False)
        unquoted = searcher.search(f"mp:{mp.split()[-1]}", limit=500, facets=False)
        assert (
            expected
            <= {hit.letter_id for hit in quoted.hits}
            <= {hit.letter_id for hit in unquoted.hits}
        )
        assert quoted.total == len(quoted.hits)


@pytest.mark.parametrize("kept_bytes", [1, 96 << 20])
@pytest.mark.parametrize("per_block", [0, 10**9])
def test_phrases_find_what_whoosh_finds_however_positions_are_read(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch, kept_bytes: int, per_block: int
) -> None:
    """Positions read by skipping or whole, kept or dropped at once: every phrase of two
    and three words finds the letters, and counts, that Whoosh's own phrase query finds."""
    from whoosh import query as wq

    from index.compile import _tokens

    monkeypatch.setattr(matching_module, "CACHED_POSITIONS_BYTES", kept_bytes)
    monkeypatch.setattr(matching_module, "POSTINGS_PER_BLOCK", per_block)
    searcher = Searcher(sample_store)
    texts = [sample_store.text(letter.id) for letter in sample_store.letters()]
    phrases: set[tuple[str, ...]] = set()
    for text in texts[:12]:
        stems = _tokens("body", text)
        phrases |= {tuple(stems[i : i + 2]) for i in range(0, len(stems) - 1, 37)}
        phrases |= {tuple(stems[i : i + 3]) for i in range(5, len(stems) - 2, 53)}
    assert len(phrases) > 40
    whoosh, _columns = searcher._ready()
    matcher = _columns.matcher
    assert matcher is not None
    for words in sorted(phrases) * 2:  # the second time from what was kept, if anything
        found, counts = matcher.phrase("body", words)
        oracle = wq.Phrase("body", list(words)).matcher(whoosh)
        expected: dict[int, int] = {}
        while oracle.is_active():
            expected[oracle.id()] = len(oracle.spans())
            oracle.next()
        assert expected, words
        assert dict(zip(found.tolist(), counts.tolist(), strict=True)) == expected, words


def _block(deltas: list[int], weights: Any, values: tuple[bytes, ...], protocol: int = 2) -> bytes:
    """A posting block's data as Whoosh writes it (``W3PostingsWriter._write_block``:
    protocol 2), or as our segment writer does (``segment_writer.BLOCK_PROTOCOL``)."""
    import pickle

    return pickle.dumps((tuple(deltas), weights, values), protocol)


_POSITIONS = tuple(bytes([0, 0, 0, 1, i, 0, 0, 0]) for i in range(200))


@pytest.mark.parametrize(
    ("deltas", "weights", "fast"),
    [
        ([7, 1, 2, 255, 1], None, True),  # weights all 1
        ([300, 1, 9, 4], 3.0, True),  # first letter past 255 (BININT2); one weight for all
        ([70_000, *range(1, 150)], tuple(float(1 + i % 5) for i in range(150)), True),
        ([0, 1, 1, 1], (1.5, 2.0, 1.0, 7.0), True),
        ([7, 1, 256, 3], None, False),  # a later delta past 255: unpickled whole
        ([7, 1, 2], None, False),  # three postings: a tuple without a mark
        ([7, 1, 2, 3], (1, 2, 3, 4), False),  # integer weights (not what Whoosh writes)
    ],
)
@pytest.mark.parametrize("protocol", [2, 4])
def test_a_blocks_letters_and_weights_read_without_unpickling_match_unpickling(
    deltas: list[int], weights: Any, fast: bool, protocol: int
) -> None:
    """What the block reader takes from a pickle's bytes is what unpickling it gives; a
    layout it does not know is left to unpickling (None), never misread."""
    import pickle

    import numpy as np

    data = _block(deltas, weights, _POSITIONS[: len(deltas)], protocol)
    read = blocks_module.ids_and_weights(data, len(deltas))
    assert (read is not None) == fast
    if read is not None:
        expected = pickle.loads(data)
        assert read[0].tolist() == list(expected[0])
        if isinstance(expected[1], tuple):
            assert np.array_equal(read[1], np.asarray(expected[1], dtype=np.float32))
        else:
            assert read[1] == expected[1]


def test_every_words_letters_and_frequencies_are_whooshs(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every word of every field, read a block at a time (most blocks without unpickling),
    gives the letters and frequencies Whoosh's own matcher walks to."""
    from whoosh.fields import NUMERIC

    searcher = Searcher(sample_store)
    whoosh, _columns = searcher._ready()
    read_fast = 0
    original = matching_module.block_parts

    def counting(data: bytes, count: int) -> Any:
        nonlocal read_fast
        found = original(data, count)
        read_fast += found is not None
        return found

    monkeypatch.setattr(matching_module, "block_parts", counting)
    words = 0
    for sub, _offset in whoosh.subsearchers or [(whoosh, 0)]:
        reader = sub.reader()
        for fieldname in reader.indexed_field_names():
            if isinstance(reader.schema[fieldname], NUMERIC):
                continue  # dates: searched as columns, not postings
            for word in reader.lexicon(fieldname):
                text = word.decode("utf-8")
                ids, weights = matching_module._postings(reader, fieldname, text)
                oracle = reader.postings(fieldname, text)
                expected = []
                while oracle.is_active():
                    expected.append((oracle.id(), oracle.weight()))
                    oracle.next()
                assert list(zip(ids.tolist(), weights.tolist(), strict=True)) == expected, word
                words += 1
    assert words > 1000
    assert read_fast > 0


def test_words_looked_up_in_the_term_files_directly_are_whooshs(sample_store: Store) -> None:
    """Every word of every text, name and keyword field is found in each segment's term
    file with the letters Whoosh counts there, and words it lacks are not found."""
    searcher = Searcher(sample_store)
    whoosh, _columns = searcher._ready()
    checked = 0
    for sub, _offset in whoosh.subsearchers or [(whoosh, 0)]:
        reader = sub.reader()
        table = blocks_module.TermTable.of(reader)
        assert table is not None
        for fieldname in reader.indexed_field_names():
            if not table.direct(fieldname):
                continue
            for word in reader.lexicon(fieldname):
                text = word.decode("utf-8")
                info = table.info(fieldname, text)
                assert info is not None, (fieldname, text)
                assert info.doc_frequency() == reader.doc_frequency(fieldname, text)
                assert table.info(fieldname, text + "qzx") is None
                checked += 1
        assert not table.direct("date")  # numbers: asked through Whoosh
    assert checked > 1000


def test_the_segments_found_by_hash_are_those_probing_every_segment_finds(
    sample_store: Store,
) -> None:
    """``TermTables.holding`` names the segments holding a word (and the same term info) as
    probing each segment's table does, for words held and words missing."""
    whoosh, _columns = Searcher(sample_store)._ready()
    readers = [sub.reader() for sub, _offset in whoosh.subsearchers or [(whoosh, 0)]]
    tables = [blocks_module.TermTable.of(reader) for reader in readers]
    together = blocks_module.TermTables.of(tables)
    assert together is not None
    checked = 0
    for fieldname in ("body", "ref", "mp", "id"):
        words = {w.decode("utf-8") for reader in readers for w in reader.lexicon(fieldname)}
        for text in sorted(words)[:400] + ["qzxabsent", "m11295/16x"]:
            expected = [
                (index, info.doc_frequency(), info.extent())
                for index, table in enumerate(tables)
                if table is not None and (info := table.info(fieldname, text)) is not None
            ]
            found = together.holding(fieldname, text)
            assert found is not None
            assert [(i, info.doc_frequency(), info.extent()) for i, info in found] == expected
            checked += 1
    assert together.holding("date", "2020") is None  # numbers: asked through Whoosh
    assert checked > 400


def test_positions_read_at_some_letters_are_whooshs(sample_store: Store) -> None:
    """``values_at`` gives a word's positions in the letters asked about as Whoosh's matcher
    does, and nothing for the letters without the word."""
    whoosh, _columns = Searcher(sample_store)._ready()
    checked = 0
    for sub, _offset in whoosh.subsearchers or [(whoosh, 0)]:
        reader = sub.reader()
        table = blocks_module.TermTable.of(reader)
        assert table is not None
        letters = list(range(0, reader.doc_count_all(), 3))
        for word in list(reader.lexicon("body"))[:300]:
            text = word.decode("utf-8")
            matcher = reader.postings("body", text)
            held = {}
            while matcher.is_active():
                held[matcher.id()] = matcher.value()
                matcher.next()
            info = table.info("body", text)
            found = blocks_module.values_at(reader._terms._postfile, info, letters)
            assert found == [held.get(letter) for letter in letters], text
            kept: dict[int, Any] = {}  # the block headers kept, then the blocks read alone
            for _time in range(2):
                again = blocks_module.values_at(reader._terms._postfile, info, letters, kept)
                assert again == found, text
            assert bool(kept) is not info.is_inlined()
            checked += sum(value is not None for value in found)
    assert checked > 300


def test_searches_find_the_same_without_direct_term_lookups(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a segment's term file cannot be read directly, Whoosh answers: same results."""
    queries = ["council", "flood defences", '"local authority"', "MID-2019-0211", "minist*"]
    direct = [Searcher(sample_store).search(q, limit=50) for q in queries]
    monkeypatch.setattr(blocks_module.TermTable, "of", classmethod(lambda cls, reader: None))
    through_whoosh = [Searcher(sample_store).search(q, limit=50) for q in queries]
    assert all(result.total for result in direct)
    for first, second in zip(direct, through_whoosh, strict=True):
        assert first.total == second.total
        assert [(h.letter_id, h.score) for h in first.hits] == [
            (h.letter_id, h.score) for h in second.hits
        ]


def test_blocks_read_together_give_each_blocks_letters_and_weights() -> None:
    """Several blocks made into arrays at once: each block's letters count on from its own
    first letter number, and each keeps its own kind of weights."""
    import numpy as np

    blocks = [
        ([300, 1, 2, 5], None),
        ([310, 4, 4, 4, 9], 2.0),
        ([70_000, 1, 1, 1], (1.0, 3.0, 2.0, 5.0)),
        ([70_100, 200, 1, 1, 1, 1], None),
    ]
    batch = blocks_module.Blocks()
    expected_ids: list[int] = []
    expected_weights: list[float] = []
    for deltas, weights in blocks:
        parts = matching_module.block_parts(_block(deltas, weights, _POSITIONS), len(deltas))
        assert parts is not None
        batch.add(parts, len(deltas))
        expected_ids += np.cumsum(deltas).tolist()
        if isinstance(weights, tuple):
            expected_weights += list(weights)
        else:
            expected_weights += [1.0 if weights is None else weights] * len(deltas)
    ids, weights = batch.arrays()
    assert ids.tolist() == expected_ids
    assert weights.tolist() == expected_weights


def _plain_snippet(text: str, matches: list[tuple[int, int]], start: int = 0) -> Snippet:
    """``make_snippet`` by its rule written out plainly: the window where the most matches
    begin within 80% of its width, every ``\\s`` character made a space."""
    width = SNIPPET_CHARS
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
    window_end = _word_end(text, min(len(text), window_start + width))
    flat = re.sub(r"\s", " ", text[window_start:window_end])
    lead = len(flat) - len(flat.lstrip())
    flat = flat.strip()
    spans = tuple(
        (max(0, s - window_start - lead), min(len(flat), e - window_start - lead))
        for s, e in matches
        if s >= window_start + lead and e <= window_start + lead + len(flat)
    )
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    return Snippet(
        prefix + flat + suffix, tuple((s + len(prefix), e + len(prefix)) for s, e in spans)
    )


def test_snippets_are_cut_and_made_one_line_by_the_plain_rule() -> None:
    """Snippets of texts full of every kind of white space (tabs, form feeds, no-break and
    ideographic spaces, line separators) and of dense and sparse matches are the ones the
    plain rule makes; unordered matches too."""
    every_char = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = re.findall(r"\s", every_char)
    assert len(spaces) > 20
    rng = random.Random(13)
    words = ["flood", "defence", "Kelmscott", "naïve", "café", "A12", "rye", "bus", "school"]
    for round_number in range(300):
        parts = []
        for _ in range(rng.randint(0, 180)):
            parts.append(rng.choice(words))
            parts.append(rng.choice(spaces) if rng.random() < 0.3 else " ")
        text = "".join(parts)
        if round_number % 3 == 0:
            text = text.encode("ascii", "ignore").decode()  # the ASCII path
        starts = [m.start() for m in re.finditer(r"\S+", text)]
        chosen = sorted(rng.sample(starts, min(len(starts), rng.randint(0, 40))))
        matches = [(s, s + len(text[s:].split(maxsplit=1)[0])) for s in chosen]
        if round_number % 7 == 0:
            rng.shuffle(matches)
        start = rng.randint(0, max(0, len(text) - 1))
        assert make_snippet(text, matches, start=start) == _plain_snippet(text, matches, start)


def test_annotations_are_built_once_until_one_changes_here_or_in_another_process(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared annotations are the same object search after search, and a new one, with
    the change, once a tag changes in this process or another process writes the file;
    ``annotations()`` stays a copy its caller may change."""
    first_ids = sample_store.ids()[:4]
    sample_store.update_tags(first_ids[:2], add=["foi"])
    built: list[str] = []
    original = annotation_tables._annotation

    def counting(letter_id: str, row: Any) -> Any:
        built.append(letter_id)
        return original(letter_id, row)

    monkeypatch.setattr(annotation_tables, "_annotation", counting)
    view = sample_store.annotations_view()
    assert sample_store.annotations_view() is view and len(built) == 2
    assert {i for i, a in view.items() if "foi" in a.tags} == set(first_ids[:2])

    sample_store.update_tags([first_ids[2]], add=["urgent"])
    changed = sample_store.annotations_view()
    assert changed is not view and changed[first_ids[2]].tags == ("urgent",)

    other = Store(sample_store.root)  # another process's store, writing the same file
    other.update_tags([first_ids[3]], add=["housing"])
    assert sample_store.annotations_view()[first_ids[3]].tags == ("housing",)

    copy = sample_store.annotations()
    copy.clear()
    assert len(sample_store.annotations_view()) == 4


def test_tag_facets_and_tag_queries_follow_each_change_of_tags(sample_store: Store) -> None:
    """Tag counts come from arrays kept between searches: they count the letters found
    (not every tagged letter, nor a letter no longer in the index), and change with each
    tagging."""
    searcher = Searcher(sample_store)
    everything = searcher.search("", limit=100)
    found = searcher.search("constituent", limit=100)
    inside = [hit.letter_id for hit in found.hits]
    outside = [i for i in (hit.letter_id for hit in everything.hits) if i not in inside]
    assert len(inside) >= 3 and len(outside) >= 2
    sample_store.update_tags([*inside[:3], outside[0]], add=["foi"])
    sample_store.update_tags([inside[0], "gone-from-the-archive"], add=["urgent"])

    def tag_counts(query: str) -> dict[str, int]:
        return {c.value: c.count for c in searcher.search(query, limit=5).facets["tag"]}

    assert tag_counts("constituent") == {"foi": 3, "urgent": 1}
    assert tag_counts("") == {"foi": 4, "urgent": 1}
    assert searcher.search("tag:foi constituent").total == 3

    sample_store.update_tags([inside[1]], remove=["foi"])
    assert tag_counts("constituent") == {"foi": 2, "urgent": 1}
    assert searcher.search("tag:foi constituent").total == 2
    sample_store.update_tags([inside[0]], remove=["urgent"])
    assert tag_counts("constituent") == {"foi": 2}


@pytest.mark.parametrize("query", ["", "constituent", "council", "mp:Vance"])
def test_facets_of_a_few_letters_are_counted_as_those_of_many(
    sample_store: Store, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting in Python (a few letters) and with numpy (many) give the same values, the
    same counts, in the same order (most letters first, ties in the facet's own order)."""
    searcher = Searcher(sample_store)
    monkeypatch.setattr(searcher_module, "FEW_FOR_FACETS", 0)
    with_numpy = searcher.search(query, limit=1).facets
    monkeypatch.setattr(searcher_module, "FEW_FOR_FACETS", 10_000)
    searcher = Searcher(sample_store)
    in_python = searcher.search(query, limit=1).facets
    assert in_python == with_numpy
    assert any(len(counts) > 1 for counts in in_python.values())


def test_date_ranges_find_the_letters_dated_inside_them(sample_store: Store) -> None:
    """A date or year range, bisected in the letters' date order, finds exactly the living
    letters whose date (or year) is inside it: bounds included, undated letters only in a
    range open at its start, a deleted letter never."""
    from index.fields import by_name
    from index.query import DateRange

    searcher = Searcher(sample_store)
    _whoosh, columns = searcher._ready()
    matcher = columns.matcher
    assert matcher is not None
    matcher.dates = columns.dates.copy()
    matcher.dates[columns.alive[::7]] = 0  # undated
    dates = matcher.dates.astype(np.int64)
    gone = int(columns.alive[len(columns.alive) // 2])
    matcher.alive = columns.alive[columns.alive != gone]
    matcher._alive_mask[gone] = False
    living = np.zeros(dates.size, dtype=bool)
    living[matcher.alive] = True
    known = sorted({int(d) for d in dates if d})
    assert len(known) > 20 and (dates == 0).any()
    rng = random.Random(3)
    ranges = [(0, 99991231), (0, known[3]), (known[-4], 99991231), (known[5], known[5])]
    ranges += [tuple(sorted(rng.sample(known, 2))) for _ in range(40)]
    ranges += [(d + 1, d + 1) for d in known[:5]]
    checked = 0
    for name in ("date", "year"):
        for start, end in ranges:
            if name == "year":
                start, end = start // 10000, end // 10000
            values = dates // 10000 if name == "year" else dates
            expected = np.flatnonzero((values >= start) & (values <= end) & living)
            found = matcher.docnums(DateRange(by_name()[name], start, end, 0))
            assert found.tolist() == expected.tolist(), (name, start, end)
            assert found.dtype == np.int32
            checked += bool(expected.size)
    assert checked > 50
