"""The place patterns found from their key words (all found in one pass) are what a scan of
the whole text finds: the full scans are kept here as the specification."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from archive.extract import places
from archive.extract.scan import find_all

REAL = Path(__file__).parent / "real" / "letters"

# Fictional: words at the edges the scans must get right (inside words, after hyphens and
# apostrophes, at the end of the text, overlapping, in other scripts).
CASES = [
    "Residents of Ashby Marsh and families in Kelby wrote to Kelby Borough Council. "
    "The Borough of Dunmere; people across Hoadstead. Mr Jo Doe, of Brackenfold, said so.",
    "xCouncil Kelby-Council; Tarnwick Council's plan; Wrey Courts, Wrey Court. Hoad Police",
    "Kelby Constabulary and Ashby Fire and Rescue; in the Oakwell area; Dunmere Hospital",
    "Unresidents of Nowhere, xin Kelby, catin Marsh, within Oakwell, throughouthroughout Wrey",
    "Tenants in Café Row near Ærøby, at Łódź Street; ſchools in Kelby; İn Hoad; the MP for Wrey",
    "Member of Parliament for Brightwater. Sent from Penhallow Relief Road at Kelby Station",
    "families\n\nfrom Penhallow and Kelby Borough\nCouncil, the Kelby constituency of Hoad",
    "the Borough of Kelby, CITY OF Hoad, the İ city of Wrey, xtown of Holt, Town of Ashby",
    "ends with Council",
    "a lone surrogate \udcff in Kelby, near Kelby Council",
    "in\u00a0Kelby, at\n\tWrey and in  Hoad, in\u3000Ashby, at\u2028Holt; within Oakwell, at the",
]


def _texts() -> list[str]:
    letters = [path.read_text("utf-8") for path in sorted(REAL.glob("*.txt"))]
    assert len(letters) > 10  # the development letters were read
    return CASES + letters


def _ranges(text: str) -> list[tuple[int, int]]:
    return [(0, len(text)), (7, len(text)), (0, len(text) - 9), (len(text) // 3, len(text) - 1)]


def test_key_words_found_in_one_pass_are_where_str_find_finds_each() -> None:
    found = 0
    for text in _texts():
        for start, end in _ranges(text):
            expected = {
                word: at
                for word in places._KEY_WORDS
                if (at := find_all(text, (word,), start, end))
            }
            assert places._key_words(text, start, end) == expected, text[:80]
            found += sum(map(len, expected.values()))
    assert found > 1000


def test_blanks_are_every_character_a_regex_blank_matches() -> None:
    blank = re.compile(r"\s")
    every = [chr(code) for code in range(sys.maxunicode + 1) if blank.match(chr(code))]
    assert tuple(every) == places._BLANKS


def _scanned_from_words() -> list[re.Pattern[str]]:
    patterns = [
        p
        for p in (*places._STRONG, *places._WEAK)
        if id(p) in places._OPENING_WORDS or id(p) in places._ANCHORS
    ]
    assert len(patterns) >= 6  # the opening-word and anchored patterns
    return patterns


@pytest.mark.parametrize("pattern", _scanned_from_words(), ids=lambda p: p.pattern[:30])
def test_place_patterns_tried_at_their_key_words_find_what_a_full_scan_finds(
    pattern: re.Pattern[str],
) -> None:
    found = 0
    for text in _texts():
        for start, end in _ranges(text):
            expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text, start, end)]
            words = places._key_words(text, start, end)
            fast = places._matches(pattern, text, start, end, words)
            assert [(m.span(), m.groupdict()) for m in fast] == expected, text[:80]
            found += len(expected)
    assert found > 0


def test_anchor_words_are_whole_words_only() -> None:
    text = "xCouncil Kelby-Council Wrey Courts Councils Council_x Council"
    words = places._key_words(text, 0, len(text))
    spans = places._whole_words(text, ("Council", "Court", "Courts"), words, len(text))
    assert [text[a:b] for a, b in spans] == ["Council", "Courts", "Council"]
    assert spans[0][0] == text.index("-Council") + 1


@pytest.mark.parametrize("index", [0, 2, 5])
def test_cheap_tests_told_where_their_words_are_answer_as_when_they_search(index: int) -> None:
    _words, needs = places._STRONG_NEEDS[index]
    assert needs is not None
    cases = [
        "the M.P for Hoad; MPs for all; Parliament\n for the Kelby area",
        "xMP for Kelby, M.P. for Wrey, Member of Parliament for ashby",
        "the Kelby constituency; the Kelby  \n borough council; KelbyArea area",
    ]
    answers = set()
    for text in cases + _texts():
        for start, end in _ranges(text):
            body = text[start:end]
            expected = needs(body)
            told = needs(body, places._key_words(text, start, end), start)
            assert told is expected, (text[:80], start, end)
            answers.add(expected)
    assert answers == {True, False}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("KELBY BOROUGH COUNCIL", ("Kelby",)),  # in capitals: read as "Kelby Borough Council"
        ("WREY POLICE", ("Wrey",)),
        ("Ashby Marsh District Council", ("Ashby Marsh",)),
        ("Hoad Fire and Rescue Service", ("Hoad",)),
        ("Chief Constable, Kelby Constabulary", ("Kelby",)),
        ("kelby borough council", ()),  # the word is there, the capitals are not
        ("COUNCIL OFFICES, ASHBY", ()),
        ("12 High Street, Kelby", ()),  # no council or force named: passed over at once
    ],
)
def test_places_named_by_councils_and_forces_on_a_line(
    line: str, expected: tuple[str, ...]
) -> None:
    assert places.org_places(line) == expected
