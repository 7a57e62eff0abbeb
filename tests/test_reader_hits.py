"""The reader's hits are the hits the search found: same analyzer, prefixes, phrases, fuzz."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from whoosh import query as wq

from archive.refs import normalise_reference
from archive.store import Store
from index.compile import _tokens, compile_query
from index.fields import TOKEN_PATTERN
from index.query import as_you_type, parse
from index.searcher import Searcher
from index.writer import open_index
from tests.tui_support import (
    Messages,
    main_screen,
    results_of,
    settle,
    shows_search,
    started,
    type_query,
)
from tui.app import DispatchBoxApp
from tui.widgets.reader import LetterText

#: Every kind of query the search answers from the letters' words, and some that it answers
#: from elsewhere (names, the subject line) mixed in.
QUERIES = (
    "flooding",
    "schools",
    "exploitation",
    "constituent",
    "flood*",
    "communit*",
    as_you_type("flooding"),
    as_you_type("child exploi"),
    '"child sexual exploitation"',
    '"secretary of state"',
    '"flood defences"~2',
    "scool~",
    "flod~2",
    "flood OR funding",
    "flood -food",
    "housing NOT flood",
    "text:flooding",
    "mp:kearney flood",
    "subject:flood",
    "SK/FLOOD/0224",
    "ref:M10562/16",
)
#: The sample's letter about flooding: "Flooding", "FLOOD", "flooded", "flood" ...
FLOOD_LETTER = "SK/FLOOD/0224"
FLOOD_WORDS = re.compile(r"\bflood(?:s|ed|ing)?\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def sample(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    """One searcher over a copy of the sample, for the whole module (these tests only read)."""
    root = tmp_path_factory.mktemp("reader-hits") / "archive"
    shutil.copytree(sample_template, root)
    searcher = Searcher(Store(root))
    yield searcher
    searcher.close()


def _archive_prefix_stems(store: Store, prefix: str) -> set[str]:
    """The index terms of every word in the archive written with ``prefix`` (the search's
    rule for a bare prefix), worked out here from the letters' texts themselves."""
    words = {
        word.lower()
        for letter_id in store.ids()
        for word in re.findall(TOKEN_PATTERN, store.text(letter_id))
        if word.lower().startswith(prefix)
    }
    return {stem for word in words for stem in _tokens("body", word)}


def _matched_terms(searcher: Searcher, query: str) -> dict[str, set[tuple[str, str]]]:
    """For each letter Whoosh finds for ``query``, the (field, term) pairs it matched there."""
    store = searcher.store
    notes: list[str] = []
    compiled = compile_query(parse(query), lambda _node: [], notes)

    def expand(node: Any) -> Any:
        if isinstance(node, wq.Prefix) and node.fieldname == "body":
            stems = _archive_prefix_stems(store, node.text)
            return wq.Or([wq.Term("body", s) for s in sorted(stems)]) if stems else wq.NullQuery
        return node.apply(expand) if not node.is_leaf() else node

    compiled = expand(compiled)
    found: dict[str, set[tuple[str, str]]] = {}
    with open_index(store).searcher() as whoosh:
        for hit in whoosh.search(compiled, limit=None, terms=True):
            terms = {(f, t.decode() if isinstance(t, bytes) else t) for f, t in hit.matched_terms()}
            found[hit["id"]] = terms
    return found


def _phrase_occurrences(searcher: Searcher, letter_id: str, words: list[str]) -> int:
    with open_index(searcher.store).searcher() as whoosh:
        docnum = whoosh.document_number(id=letter_id)
        matcher = wq.Phrase("body", words).matcher(whoosh)
        matcher.skip_to(docnum)
        if not matcher.is_active() or matcher.id() != docnum:
            return 0
        return len(matcher.spans())


def _flood_letter(store: Store) -> str:
    (letter,) = [
        letter for letter in store.letters() if letter.metadata.references[:1] == (FLOOD_LETTER,)
    ]
    return letter.id


@pytest.mark.parametrize("query", QUERIES)
def test_reader_hits_are_the_terms_the_index_matched(sample: Searcher, query: str) -> None:
    result = sample.search(query, limit=1000, facets=False)
    assert result.hits, query
    matched = _matched_terms(sample, query)
    # The same letters as the search: the terms below are those the search matched.
    assert set(matched) == {hit.letter_id for hit in result.hits}
    for hit in result.hits:
        text = sample.store.text(hit.letter_id)
        spans = sample.matches_in(hit.letter_id, query)
        body = {term for field, term in matched[hit.letter_id] if field == "body"}
        refs = {term for field, term in matched[hit.letter_id] if field == "ref"}
        if body:
            assert spans, (query, hit.letter_id)
        else:  # found by a name or the subject line: nothing in the text is its hit
            assert all(normalise_reference(text[s:e]) in refs for s, e in spans)
        covered: set[str] = set()
        for start, end in spans:
            stems = _tokens("body", text[start:end])
            covered.update(stems)
            # A phrase within a few words ("a b"~2) spans the words between its own.
            ends = {stems[0], stems[-1]} if '"~' in query and stems else set(stems)
            assert (stems and ends <= body) or normalise_reference(text[start:end]) in refs, (
                query,
                hit.letter_id,
                text[start:end],
            )
        assert body <= covered, (query, hit.letter_id, body - covered)
        if query.startswith('"') and query.endswith('"'):
            # One hit per occurrence of the phrase, as Whoosh's own phrase query finds them.
            words = _tokens("body", query.strip('"'))
            assert len(spans) == _phrase_occurrences(sample, hit.letter_id, words)


@pytest.mark.parametrize("query", ["flooding", "flood", "flooded", as_you_type("flooding")])
def test_every_flood_word_of_the_letter_is_a_hit(sample: Searcher, query: str) -> None:
    letter_id = _flood_letter(sample.store)
    text = sample.store.text(letter_id)
    expected = [m.span() for m in FLOOD_WORDS.finditer(text)]
    assert len({text[s:e].lower() for s, e in expected}) >= 3  # flood, flooded, flooding
    assert sample.matches_in(letter_id, query) == expected
    # The list's snippet marks the same words (one function makes both).
    hit = next(
        h for h in sample.search(query, limit=50, facets=False).hits if h.letter_id == letter_id
    )
    assert hit.snippet.spans
    assert all(FLOOD_WORDS.fullmatch(hit.snippet.text[s:e]) for s, e in hit.snippet.spans)
    # A word the query excludes is never a hit, even where the letter has it.
    hits = sample.matches_in(letter_id, f"alleviation OR NOT {query}")
    assert [text[s:e].lower() for s, e in hits] == ["alleviation"]


async def enter_query(pilot: Pilot[None], text: str) -> None:
    """Put ``text`` in the search box at once (one search, not one a keystroke) and Enter."""
    await pilot.press("slash")
    pilot.app.screen.query_one("#query", Input).value = text
    await pilot.press("enter")


async def test_n_walks_every_hit_the_search_found_at_80x24(sample_store: Store) -> None:
    seen = Messages()
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(80, 24), message_hook=seen) as pilot:
        screen = await started(pilot)
        # As a researcher types: the list shows "flooding*" before Enter.
        await type_query(pilot, "flooding")
        await settle(pilot, shows_search(app, seen, as_you_type("flooding")))
        await pilot.press("escape")
        first = results_of(app).current
        assert first is not None
        await pilot.press("enter")
        reader = main_screen(app).query_one(LetterText)
        await settle(
            pilot, lambda: reader.letter is not None and reader.letter.id == first.letter_id
        )
        # The letter was read again for each keystroke's query: the last read is the one shown.
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = sample_store.text(first.letter_id)
        count = len(app.searcher.matches_in(first.letter_id, screen.searched))
        assert count == len(FLOOD_WORDS.findall(text)) > 4
        counter = screen.query_one("#hit-counter", Static)
        for k in [*range(1, count + 1), 1]:
            await settle(pilot, lambda k=k: str(counter.content) == f"hit {k} of {count}  (n / N)")
            start, _end = reader.matches[k - 1]
            line = max(i for i, s in enumerate(reader._starts) if s <= start)
            # The reader scrolls to each hit: its line is on screen.
            await settle(
                pilot,
                lambda line=line: reader.scroll_y <= line < reader.scroll_y + reader.size.height,
            )
            await pilot.press("n")
        await pilot.press("N", "N")
        await settle(pilot, lambda: str(counter.content) == f"hit {count} of {count}  (n / N)")
        # Another query, the same letter on top: its hits are the new query's, not the old.
        await enter_query(pilot, "flood OR fenholme")
        await settle(pilot, shows_search(app, seen, "flood OR fenholme"))
        top = results_of(app).current
        assert top is not None and top.letter_id == first.letter_id
        await app.workers.wait_for_complete()
        more = len(app.searcher.matches_in(first.letter_id, "flood OR fenholme"))
        assert more > count
        await settle(pilot, lambda: str(counter.content) == f"hit 1 of {more}  (n / N)")
        # A name is no word of the text: no hits, and no "no hits in this letter" either.
        await enter_query(pilot, "mp:kearney")
        await settle(pilot, shows_search(app, seen, "mp:kearney"))
        assert any(h.letter_id == first.letter_id for h in results_of(app).loaded_hits())
        await settle(pilot, lambda: reader.letter is not None and not reader.matches)
        assert str(counter.content) == ""
