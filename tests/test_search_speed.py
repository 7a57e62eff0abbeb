"""What the searcher keeps between queries to be fast never changes what a query shows."""

from __future__ import annotations

from pathlib import Path

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
