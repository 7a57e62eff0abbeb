"""Any query costs bounded work: past a bound, a clear query error, never a crash or minutes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archive.store import Store
from index import searcher as searcher_module
from index.query import (
    MAX_DEPTH,
    MAX_EXPANDING_TERMS,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    DateRange,
    QueryError,
    parse,
)
from index.searcher import SUGGEST_LENGTH, SUGGEST_WORDS, Searcher
from tests.conftest import RunCli


def unknown_words(count: int) -> list[str]:
    """``count`` (at most 361) distinct made-up words of three letters that no letter uses."""
    letters = "bcdfghjklmnqrstvwxz"  # not p: "qpm" matches a sample letter
    return ["q" + letters[n // 19] + letters[n % 19] for n in range(count)]


# (query, the token named, words the message must hold): the testers' findings, each of
# which ended in "unexpected error" (exit 70) or ran for minutes.
FINDINGS = [
    ("date:>9999", ">9999", ["no date", "9999"]),
    ("date:<0001", "<0001", ["1000", "9999"]),
    ("year:4294967296", "4294967296", ["1000", "9999"]),
    ("(" * 245 + "child" + ")" * 245, "(", [f"{MAX_DEPTH} deep"]),
    ("NOT " * 490 + "child", "NOT", [f"{MAX_DEPTH} deep"]),
    ("x" * 20_000, "x" * 20_000, ["20,000 characters", f"{MAX_QUERY_LENGTH:,}"]),
    (" ".join(["dear~3"] * 100), "dear~3", ["fuzzy distance is 1 to 2"]),
    (" ".join(["dear~2"] * 100), "dear~2", [f"at most {MAX_EXPANDING_TERMS} fuzzy or prefix"]),
    (" OR ".join(["co*", "re*"] * 50), "co*", [f"at most {MAX_EXPANDING_TERMS} fuzzy or prefix"]),
    (" OR ".join(["a"] * 300), "a", [f"at most {MAX_TERMS} words"]),
    (" OR ".join(["qzxv"] * 5000), "qzxv", ["39,996 characters", f"{MAX_QUERY_LENGTH:,}"]),
]


@pytest.mark.parametrize(("query", "token", "words"), FINDINGS, ids=lambda v: str(v)[:20])
def test_a_query_past_a_bound_is_a_query_error_naming_token_and_bound(
    query: str, token: str, words: list[str]
) -> None:
    with pytest.raises(QueryError) as raised:
        parse(query)
    assert raised.value.token == token
    assert query[raised.value.position :].startswith(token)
    message = str(raised.value)
    assert f"position {raised.value.position}" in message
    assert all(word in message for word in words), message
    assert len(message) < 300  # a 20,000-character word is shortened, not printed whole


@pytest.mark.parametrize(
    "query",
    [
        "(" * MAX_DEPTH + "child" + ")" * MAX_DEPTH,
        "NOT " * MAX_DEPTH + "child",
        " OR ".join(unknown_words(MAX_TERMS)),
        " ".join(["dear~2"] * MAX_EXPANDING_TERMS),
        " OR ".join(["co*"] * MAX_EXPANDING_TERMS),
        "date:1000..9999",
        "date:>=9999",
        "year:1000..9999",
        "days:0..9999",
    ],
    ids=lambda v: v[:20],
)
def test_a_query_at_a_bound_still_parses(query: str) -> None:
    parse(query)


@pytest.mark.parametrize(
    "query", ["year:999", "year:10000", "year:-5", "year:+2016", "days:10000", "date:0999"]
)
def test_numbers_and_years_out_of_range_are_query_errors(query: str) -> None:
    with pytest.raises(QueryError):
        parse(query)


@pytest.mark.parametrize("query", ["ref:ab\udcff1", "dir:to_mp id:\udcff", "school \udcff"])
def test_a_byte_that_is_not_utf8_is_a_query_error(sample_store: Store, query: str) -> None:
    # Found by fuzzing: the index's lookup of a reference or an id raised UnicodeEncodeError.
    searcher = Searcher(sample_store)
    try:
        with pytest.raises(QueryError) as raised:
            searcher.search(query)
    finally:
        searcher.close()
    assert raised.value.token == "\udcff"
    assert f"position {query.index(chr(0xDCFF))}" in str(raised.value)
    assert "not text" in str(raised.value)


def test_every_finding_on_the_command_line_exits_2_with_a_query_error(
    sample_store: Store, run_cli: RunCli
) -> None:
    for query, _token, words in FINDINGS:
        code, out, err = run_cli("search", query, "--archive", sample_store.root)
        assert code == 2, query[:40]
        assert out == ""
        first = err.splitlines()[0]
        assert first.startswith("dispatchbox: query error:"), first
        assert all(word in first for word in words), first


def test_years_at_the_edges_search_without_error(sample_store: Store) -> None:
    searcher = Searcher(sample_store)
    try:
        everything = searcher.search("", facets=False).total
        assert searcher.search("date:1000..9999", facets=False).total == everything
        assert searcher.search("date:>=9999", facets=False).total == 0
        assert searcher.search("year:<1000", facets=False).total == 0
    finally:
        searcher.close()
    tree = parse("year:<1000")
    assert isinstance(tree, DateRange) and tree.end == 999


# --- did-you-mean -------------------------------------------------------------------------------


def counting(monkeypatch: pytest.MonkeyPatch, name: str, calls: list[str]) -> None:
    """Record the word each call of the suggestion helper ``name`` is asked about."""
    real: Callable[..., Any] = getattr(searcher_module, name)

    def counted(*args: Any) -> Any:
        calls.append(args[-1])
        return real(*args)

    monkeypatch.setattr(searcher_module, name, counted)


@pytest.mark.parametrize(
    "query",
    [
        " OR ".join(unknown_words(SUGGEST_WORDS + 1)),
        " OR ".join(unknown_words(MAX_TERMS)),
        "q" * (MAX_QUERY_LENGTH - 10),
        "footbrige " + "w" * (SUGGEST_LENGTH + 1),
    ],
    ids=["just-too-many-words", "widest-or", "longest-word", "one-word-too-long"],
)
def test_did_you_mean_does_no_work_past_its_bounds(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    looked_up: list[str] = []
    counting(monkeypatch, "spelling", looked_up)
    counting(monkeypatch, "correction", looked_up)
    searcher = Searcher(sample_store)
    try:
        result = searcher.search(query, facets=False)
    finally:
        searcher.close()
    assert result.total == 0
    assert result.suggestion is None
    assert all(len(word) <= SUGGEST_LENGTH for word in looked_up)
    assert len(set(looked_up)) <= SUGGEST_WORDS


def test_did_you_mean_still_corrects_up_to_its_bound_of_words(sample_store: Store) -> None:
    words = ["immigraton", "polise", "consituent"] + unknown_words(SUGGEST_WORDS - 3)
    searcher = Searcher(sample_store)
    try:
        one = searcher.search("immigraton", facets=False)
        several = searcher.search(" OR ".join(words), facets=False)
    finally:
        searcher.close()
    assert one.suggestion == "immigration"
    assert several.suggestion is not None
    assert several.suggestion.startswith("immigration OR police OR constituent OR ")


def test_the_command_line_shows_a_long_query_around_its_error(
    sample_store: Store, run_cli: RunCli
) -> None:
    query = "child " * 100 + "date:>9999 " + "x" * 20_000
    code, _out, err = run_cli("search", query[:1990], "--archive", sample_store.root)
    assert code == 2
    *_message, shown, caret = err.splitlines()
    assert len(shown) < 130 and "date:>9999" in shown
    assert shown[caret.index("^") :].startswith(">9999")

    code, _out, err = run_cli("search", query, "--archive", sample_store.root)
    assert code == 2
    assert len(err) < 1000


def test_the_crash_log_keeps_an_argument_that_is_not_utf8(
    sample_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.cli import EXIT_SOFTWARE, main

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Searcher, "search", broken)
    argv = ["search", "school\udcff", "--archive", str(sample_store.root)]
    monkeypatch.setattr("sys.argv", ["dispatchbox", *argv])

    assert main(argv) == EXIT_SOFTWARE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    log = Path(err.rsplit("Details: ", 1)[1].strip())
    assert "school\\udcff" in log.read_text(encoding="utf-8")
