"""Property-based tests: arbitrary input raises nothing but the project's own clear errors.

The query parser and compiler raise only ``QueryError``; every reader raises only
``ReadError``, on arbitrary bytes and on damaged copies of real letters; the extractor
raises nothing. Runs are derandomized (the same cases every time, no example database), so
a failure in CI is a failure on every machine; ``bench/fuzz.py`` runs far more cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.extract import extract
from archive.models import Metadata
from archive.readers import ReadError, read_bytes
from archive.store import Store
from index.compile import compile_query, left_out
from index.fields import FIELDS
from index.query import QueryError, as_you_type, parse, terms_of
from index.searcher import Searcher

SAMPLE_LETTERS = Path(__file__).resolve().parent.parent / "archive" / "sample" / "letters"
FORMATS = {"txt": ".txt", "md": ".md", "pdf": ".pdf", "docx": ".docx", "eml": ".eml"}

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: What queries are made of: every field name and alias, the operators and the odd characters.
QUERY_PIECES = [
    *(f"{name}:" for field in FIELDS for name in (field.name, *field.aliases)),
    *["(", ")", '"', "“", "”", "-", "*", "~", "~2", "~9", "OR", "AND", "NOT", "||", "&&"],
    *["..", ">", ">=", "<", "<=", "2016", "2016-10-24", "9999", "0001", "4294967296"],
    *[" ", "\t", "\n", "\x00", "\x1b[31m", "\u202e", "\u200b", ":", "/", "M11295/16"],
    "\udcff",  # a command-line byte that is not UTF-8
    *["to_mp", "reply", "dear", "a", "footbridge"],
]

#: A field's value: a number or a date of any size, maybe compared or a range.
field_values = st.tuples(
    st.sampled_from(["", ">", ">=", "<", "<=", "..", "2016.."]),
    st.one_of(st.integers(0, 10**12).map(str), st.from_regex(r"\A\d{1,5}-\d{1,2}(-\d{1,2})?\Z")),
).map("".join)

#: A run of one opening piece: deep nesting that a few random pieces never reach.
nesting = st.tuples(st.sampled_from(["(", "NOT ", "-", "mp:("]), st.integers(0, 600)).map(
    lambda run: run[0] * run[1]
)

query_text = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.one_of(st.sampled_from(QUERY_PIECES), st.text(max_size=4), field_values, nesting),
        max_size=40,
    ).map("".join),
)


@FUZZ
@given(query_text)
def test_query_parser_and_compiler_raise_only_query_errors(query: str) -> None:
    typed = as_you_type(query)
    # What is being typed keeps what was typed: as it is, with its last word as a prefix,
    # or (a reference) that word tried whole and as a prefix: "(po146 OR po146*)".
    if typed not in (query, query + "*"):
        head, _, word = typed.rpartition("(")
        word = word.split(" OR ")[0]
        assert typed == f"{head}({word} OR {word}*)" and query == head + word
    try:
        tree = parse(query)
    except QueryError as error:
        assert 0 <= error.position <= len(query)
        return
    notes: list[str] = []
    compile_query(tree, lambda _node: [], notes)
    assert left_out(tree) == notes  # the notes a search gives without compiling
    terms_of(tree)


@pytest.fixture(scope="module")
def sample_searcher(sample_template: Path) -> Iterator[Searcher]:
    searcher = Searcher(Store(sample_template))
    yield searcher
    searcher.close()


@settings(
    FUZZ,
    max_examples=100,
    suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.function_scoped_fixture],
)
@given(query=query_text)
def test_search_raises_only_query_errors(sample_searcher: Searcher, query: str) -> None:
    try:
        sample_searcher.search(query, facets=True)
    except QueryError as error:
        assert 0 <= error.position <= len(query)


@cache
def smallest_sample(fmt: str) -> bytes:
    """The smallest bundled sample letter of a format: a real file to damage."""
    paths = sorted(SAMPLE_LETTERS.glob(f"*{FORMATS[fmt]}"), key=lambda p: p.stat().st_size)
    return paths[0].read_bytes()


@st.composite
def damaged(draw: st.DrawFn, fmt: str) -> bytes:
    """A real letter of format ``fmt`` with a few bytes flipped, cut, zeroed or inserted."""
    data = bytearray(smallest_sample(fmt))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "zero", "cut", "insert", "truncate"]))
        if how == "flip":
            data[where] ^= draw(st.integers(1, 255))
        elif how == "zero":
            data[where : where + draw(st.integers(1, 64))] = bytes(64)[: len(data) - where]
        elif how == "cut":
            del data[where : where + draw(st.integers(1, 256))]
        elif how == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[where:]
    return bytes(data)


def read_only_raises_read_error(data: bytes, fmt: str) -> None:
    try:
        document = read_bytes(data, fmt)
    except ReadError as error:
        assert str(error).strip()
        return
    assert isinstance(document.text, str)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_readers_raise_only_read_error_on_arbitrary_bytes(fmt: str, data: bytes) -> None:
    read_only_raises_read_error(data, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.data())
def test_readers_raise_only_read_error_on_damaged_letters(fmt: str, data: st.DataObject) -> None:
    read_only_raises_read_error(data.draw(damaged(fmt)), fmt)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=500),
        st.lists(
            st.one_of(
                st.sampled_from(
                    [
                        "Dear ",
                        "Yours sincerely,\n",
                        "Our ref: ",
                        "M11295/16",
                        "24 October 2016",
                        "Rt Hon ",
                        "MP\n",
                        "Minister of State ",
                        "Home Office",
                        "cc: ",
                        "Subject: ",
                        "\n\n",
                        "\f",
                        "\x00",
                        "\u202e",
                    ]
                ),
                st.text(max_size=12),
            ),
            max_size=60,
        ).map("".join),
    )
)
def test_extractor_returns_metadata_for_any_text(text: str) -> None:
    assert isinstance(extract(text), Metadata)
