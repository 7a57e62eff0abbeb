"""What the searcher keeps between queries to be fast never changes what a query shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import index.matching as matching_module
import index.searcher as searcher_module
from archive.models import Letter
from archive.store import Store
from index.searcher import Searcher
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
