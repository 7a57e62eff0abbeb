"""The pairing kept current for an archive: cache, researchers' decisions, queries and the CLI.

The pairing algorithm itself is tested in test_pairing.py; here, what the archive does with
it: links survive re-imports and rebuilds, decisions outrank guesses at once, has:reply,
is:unpaired and days: answer from it, and the subcommands print it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import archive.pairing.cache as cache_module
from archive.importer import import_paths
from archive.pairing.cache import (
    FALLBACK_CONFIDENCE,
    NO_REPLY,
    OVER_TARGET,
    PAIRS_FILE,
    WITHIN_TARGET,
    Threads,
    metadata_rows,
    review_items,
)
from archive.pairing.cue_cache import CUES_FILE
from archive.replytime import working_days
from archive.store import Store
from index.results import Filter
from index.searcher import Searcher
from index.writer import sync
from tests.conftest import RunCli


def mp_to_home_office(mp: str, ref: str, date: str, topic: str) -> str:
    return (
        "HOUSE OF COMMONS\nLONDON SW1A 0AA\n\n"
        f"{mp} MP\nMember of Parliament for Wexcombe\n\n"
        "Rt Hon Ottoline Brack MP\nMinister for Immigration\nHome Office\n"
        "2 Marsham Street\nLondon SW1P 4DF\n\n"
        f"Our ref: {ref}\n\n{date}\n\nDear Minister,\n\n"
        f"I am writing on behalf of my constituent about {topic}. They have waited many "
        "months for a decision and I would be grateful for an update.\n\n"
        f"Yours sincerely,\n\n{mp} MP\nMember of Parliament for Wexcombe\n"
    )


def home_office_reply(mp: str, ref: str, date: str, their_date: str, topic: str) -> str:
    return (
        "Home Office\n2 Marsham Street\nLondon SW1P 4DF\n\n"
        f"{mp} MP\nHouse of Commons\nLondon SW1A 0AA\n\n"
        f"Our ref: MIN/{ref[-4:]}\nYour ref: {ref}\n\n{date}\n\n"
        f"Dear {mp.split()[0]},\n\n"
        f"Thank you for your letter of {their_date} on behalf of your constituent about "
        f"{topic}. I have looked into the case and a decision has now been made.\n\n"
        "Yours sincerely,\n\nOttoline Brack MP\nMinister for Immigration\n"
    )


# Monday 6 March 2023 to Monday 20 March 2023: 10 working days (no bank holiday between).
LETTERS = {
    "a-letter.txt": mp_to_home_office(
        "Imogen Thrale", "IT/HO/0306", "6 March 2023", "a visa application for Mr Oduya"
    ),
    "a-reply.txt": home_office_reply(
        "Imogen Thrale",
        "IT/HO/0306",
        "20 March 2023",
        "6 March",
        "a visa application for Mr Oduya",
    ),
    # Answered after 25 working days: Monday 2 October 2023 to Monday 6 November 2023.
    "b-letter.txt": mp_to_home_office(
        "Imogen Thrale", "IT/HO/1002", "2 October 2023", "an asylum claim by Ms Kettering"
    ),
    "b-reply.txt": home_office_reply(
        "Imogen Thrale",
        "IT/HO/1002",
        "6 November 2023",
        "2 October",
        "an asylum claim by Ms Kettering",
    ),
    # No reply in the archive.
    "c-letter.txt": mp_to_home_office(
        "Rufus Penhallow", "RP/0412", "12 April 2023", "a passport delay for Mrs Amberley"
    ),
}


def import_thread_letters(tmp_path: Path) -> Store:
    """The letters above written to ``tmp_path/letters``, imported, indexed and paired."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for name, text in LETTERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "archive", create=True)
    import_paths(store, [folder], workers=1, finish=lambda: sync(store))
    return store


@pytest.fixture
def archive(tmp_path: Path) -> Store:
    return import_thread_letters(tmp_path)


def ids(store: Store) -> dict[str, str]:
    return {Path(letter.path).name: letter.id for letter in store.letters()}


def test_each_reply_is_linked_to_the_letter_it_answers(archive: Store) -> None:
    by_file = ids(archive)
    pairing = Threads(archive).update()
    links = {(link.reply_id, link.letter_id) for link in pairing.links}
    assert links == {
        (by_file["a-reply.txt"], by_file["a-letter.txt"]),
        (by_file["b-reply.txt"], by_file["b-letter.txt"]),
    }
    assert pairing.unpaired() == (by_file["c-letter.txt"],)
    assert all(link.reasons and 0 < link.confidence <= 1 for link in pairing.links)


def test_reply_times_and_the_facet_values(archive: Store) -> None:
    by_file = ids(archive)
    facts = Threads(archive).facts()
    assert facts is not None
    assert facts.days == {by_file["a-letter.txt"]: 10, by_file["b-letter.txt"]: 25}
    assert facts.reply_time == {
        by_file["a-letter.txt"]: WITHIN_TARGET,
        by_file["b-letter.txt"]: OVER_TARGET,
        by_file["c-letter.txt"]: NO_REPLY,
    }
    assert facts.unanswered == {by_file["c-letter.txt"]}


def test_the_pairing_is_cached_and_read_back_without_pairing_again(
    archive: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Threads(archive).update()
    assert (archive.root / PAIRS_FILE).exists()

    def must_not_pair(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("paired again although nothing changed")

    monkeypatch.setattr(cache_module, "pair_letters", must_not_pair)
    again = Threads(archive)
    assert again.is_current()
    assert again.pairing().links == first.links
    assert dict(again.pairing().candidates) == dict(first.candidates)


def test_candidates_are_read_from_the_cache_as_it_was_when_loaded(archive: Store) -> None:
    expected = dict(Threads(archive).update().candidates)
    assert expected
    loaded = Threads(archive).pairing()  # its candidates are read from the file when asked
    # Another process writes a new cache meanwhile (a new file put in place of the old).
    newer = archive.root / "pairs.newer"
    newer.write_bytes(b'{"format":0}\n{}\n{"reasons":[],"candidates":{}}\n')
    newer.replace(archive.root / PAIRS_FILE)

    assert dict(loaded.candidates) == expected


def test_a_large_archive_pairs_in_another_process(
    archive: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's screen keeps the interpreter while 100k letters are paired elsewhere."""
    expected = Threads(archive).update()
    (archive.root / PAIRS_FILE).unlink()

    def must_not_pair(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("paired in this process")

    monkeypatch.setattr(cache_module, "PAIR_ELSEWHERE_FROM", 0)
    monkeypatch.setattr(cache_module, "pair_letters", must_not_pair)
    assert Threads(archive).update_elsewhere().links == expected.links
    assert (archive.root / PAIRS_FILE).exists()


def test_pairing_elsewhere_falls_back_to_this_process(
    archive: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = Threads(archive).update()
    (archive.root / PAIRS_FILE).unlink()
    monkeypatch.setattr(cache_module, "PAIR_ELSEWHERE_FROM", 0)
    monkeypatch.setattr(cache_module.sys, "executable", str(archive.root / "no-python"))
    assert Threads(archive).update_elsewhere().links == expected.links


def test_pairing_again_takes_the_replies_cues_from_their_cache_not_their_texts(
    archive: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a change to the records, pairing again does not read the replies again."""
    import archive.pairing.cues as cues_module

    first = Threads(archive).update()
    assert (archive.root / CUES_FILE).exists()
    (archive.root / PAIRS_FILE).unlink()  # as a re-import would make it stale

    def must_not_read(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a reply's cues were read again")

    monkeypatch.setattr(cues_module, "read_cues", must_not_read)
    assert Threads(archive).update().links == first.links


@pytest.mark.parametrize("damage", ["other code", "damaged", "missing"])
def test_reply_cues_are_read_again_when_their_cache_cannot_be_trusted(
    archive: Store, damage: str
) -> None:
    first = Threads(archive).update()
    cues_file = archive.root / CUES_FILE
    remembered = json.loads(cues_file.read_bytes())
    assert remembered["cues"]  # one entry per reply of the archive
    (archive.root / PAIRS_FILE).unlink()
    if damage == "other code":
        # Every reply remembered as saying nothing, by a version of the code gone since.
        cues_file.write_text(
            json.dumps({"version": "0ld", "cues": dict.fromkeys(remembered["cues"], 0)})
        )
    elif damage == "damaged":
        cues_file.write_bytes(b'{"version": ')
    else:
        cues_file.unlink()
    assert Threads(archive).update().links == first.links
    assert json.loads(cues_file.read_bytes()) == remembered


def test_a_damaged_cache_is_recomputed_not_fatal(archive: Store) -> None:
    first = Threads(archive).update()
    (archive.root / PAIRS_FILE).write_bytes(b'{"format": 1, "stamp": "x"}\n\x00\xff garbage')
    assert Threads(archive).pairing().links == first.links
    (archive.root / PAIRS_FILE).write_bytes(b"")
    assert Threads(archive).pairing().links == first.links


def test_an_import_makes_the_cache_stale_and_the_new_reply_is_paired(
    archive: Store, tmp_path: Path
) -> None:
    threads = Threads(archive)
    threads.update()
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "c-reply.txt").write_text(
        home_office_reply(
            "Rufus Penhallow", "RP/0412", "2 May 2023", "12 April", "a passport delay"
        ),
        encoding="utf-8",
    )
    import_paths(archive, [extra], workers=1)
    assert not threads.is_current()
    by_file = ids(archive)
    link = threads.pairing().answers(by_file["c-reply.txt"])
    assert link is not None and link.letter_id == by_file["c-letter.txt"]


def test_decisions_outrank_the_automatic_links_at_once(archive: Store) -> None:
    by_file = ids(archive)
    reply, letter = by_file["a-reply.txt"], by_file["a-letter.txt"]
    other = by_file["c-letter.txt"]
    threads = Threads(archive)
    threads.update()

    archive.decide_link(reply, letter, "rejected")
    link = threads.pairing().answers(reply)
    # The rejected letter is never linked; a next candidate may be, but only as a doubt.
    assert link is None or (link.letter_id != letter and link.confidence <= FALLBACK_CONFIDENCE)

    archive.decide_link(reply, other, "manual")
    link = threads.pairing().answers(reply)
    assert link is not None and (link.letter_id, link.source, link.confidence) == (
        other,
        "manual",
        1.0,
    )

    # Withdrawn decisions give the automatic link back.
    for decision in archive.link_decisions():
        archive.decide_link(decision.reply_id, decision.letter_id, None)
    link = threads.pairing().answers(reply)
    assert link is not None and (link.letter_id, link.source) == (letter, "auto")

    archive.decide_link(reply, letter, "confirmed")
    link = threads.pairing().answers(reply)
    assert link is not None and (link.source, link.confidence) == ("confirmed", 1.0)
    assert link.reasons[0] == "confirmed by a researcher"


def test_decisions_survive_reimport_reindex_and_a_lost_cache(
    archive: Store, tmp_path: Path
) -> None:
    by_file = ids(archive)
    reply, other = by_file["b-reply.txt"], by_file["c-letter.txt"]
    archive.decide_link(reply, other, "manual")
    # The reply's file is edited (a corrected transcription) and everything re-imported.
    path = tmp_path / "letters" / "b-reply.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nPS: transcribed again.\n")
    import_paths(archive, [tmp_path / "letters"], workers=1, finish=lambda: sync(archive))
    sync(archive, rebuild=True)
    (archive.root / PAIRS_FILE).unlink(missing_ok=True)
    reopened = Store(archive.root)
    link = Threads(reopened).pairing().answers(reply)
    assert link is not None and (link.letter_id, link.source) == (other, "manual")
    assert [(d.reply_id, d.letter_id, d.verdict) for d in reopened.link_decisions()] == [
        (reply, other, "manual")
    ]


def test_a_reply_answers_one_letter_a_second_link_replaces_the_first(archive: Store) -> None:
    by_file = ids(archive)
    reply = by_file["a-reply.txt"]
    archive.decide_link(reply, by_file["c-letter.txt"], "manual")
    archive.decide_link(reply, by_file["b-letter.txt"], "manual")
    assert [(d.letter_id, d.verdict) for d in archive.link_decisions()] == [
        (by_file["b-letter.txt"], "manual")
    ]


@pytest.mark.parametrize(
    ("reply", "letter", "verdict", "problem"),
    [
        ("a-reply.txt", "a-reply.txt", "manual", "itself"),
        ("a-reply.txt", "a-letter.txt", "maybe", "verdict"),
        ("a-reply.txt", "nonexistent", "manual", "no letter"),
    ],
)
def test_bad_decisions_are_refused_with_the_reason(
    archive: Store, reply: str, letter: str, verdict: str, problem: str
) -> None:
    by_file = ids(archive)
    with pytest.raises(Exception, match=problem):
        archive.decide_link(by_file[reply], by_file.get(letter, letter), verdict)
    assert archive.link_decisions() == []


def test_review_items_name_doubts_and_missing_links_with_candidates(archive: Store) -> None:
    by_file = ids(archive)
    threads = Threads(archive)
    pairing = threads.update()
    items = review_items(pairing)
    unanswered = [i for i in items if i.kind == "unanswered"]
    assert [i.letter_id for i in unanswered] == [by_file["c-letter.txt"]]
    # Everything here is sure: nothing doubtful. A rejected link makes the reply's fallback
    # (or the reply itself) something to review.
    assert not [i for i in items if i.kind == "uncertain"]
    archive.decide_link(by_file["a-reply.txt"], by_file["a-letter.txt"], "rejected")
    after = {i.letter_id: i for i in review_items(threads.pairing())}
    assert by_file["a-reply.txt"] in after or by_file["a-letter.txt"] in after
    for item in after.values():
        for candidate in item.candidates:
            reply_id, letter_id = item.pair_with(candidate.letter_id)
            assert reply_id != letter_id


def test_a_rejected_pair_is_never_offered_again(archive: Store) -> None:
    by_file = ids(archive)
    reply, letter = by_file["a-reply.txt"], by_file["a-letter.txt"]
    threads = Threads(archive)
    assert letter in [c.letter_id for c in threads.update().candidates[reply]]
    archive.decide_link(reply, letter, "rejected")
    pairing = threads.pairing()
    assert letter not in [c.letter_id for c in pairing.candidates[reply]]
    offered = [
        item.pair_with(candidate.letter_id)
        for item in review_items(pairing)
        for candidate in item.candidates
    ]
    assert (reply, letter) not in offered
    # The reply had no other candidate: it leaves the list rather than come back empty.
    assert reply not in [item.letter_id for item in review_items(pairing)]
    # Withdrawn, the rejection no longer hides the pair.
    archive.decide_link(reply, letter, None)
    assert letter in [c.letter_id for c in threads.pairing().candidates[reply]]


def uncited_home_office_reply(date: str, opening: str) -> str:
    """A reply to Rufus Penhallow that names neither the date of his letter nor its reference."""
    return (
        "Home Office\n2 Marsham Street\nLondon SW1P 4DF\n\n"
        "Rufus Penhallow MP\nHouse of Commons\nLondon SW1A 0AA\n\n"
        f"Our ref: MIN/30415\n\n{date}\n\nDear Rufus,\n\n{opening}\n\n"
        "Yours sincerely,\n\nOttoline Brack MP\nMinister for Immigration\n"
    )


def test_replies_citing_no_date_are_offered_the_mps_letter_for_review(
    archive: Store, tmp_path: Path, run_cli: RunCli
) -> None:
    folder = tmp_path / "more-letters"
    folder.mkdir()
    recent = uncited_home_office_reply(
        "31 May 2023",  # seven weeks after his letter of 12 April
        "Thank you for your recent letter on behalf of your constituent about her "
        "application. I am pleased to say that a passport has now been issued.",
    )
    further = uncited_home_office_reply(
        "14 June 2023", "Further to my earlier letter, the passport has now been delivered."
    )
    (folder / "recent-reply.txt").write_text(recent, encoding="utf-8")
    (folder / "further-reply.txt").write_text(further, encoding="utf-8")
    import_paths(archive, [folder], workers=1, finish=lambda: sync(archive))
    by_file = ids(archive)
    pairing = Threads(archive).update()
    items = {item.letter_id: item for item in review_items(pairing)}
    for name in ("recent-reply.txt", "further-reply.txt"):
        reply = by_file[name]
        assert pairing.answers(reply) is None  # offered, never linked without evidence
        assert items[reply].kind == "unlinked"
        offered = [c.letter_id for c in items[reply].candidates]
        assert offered[0] == by_file["c-letter.txt"]
    # The CLI's review says how strong the evidence is in words, not as a score.
    code, out, _err = run_cli("pairs", "--review", "--archive", archive.root)
    assert code == 0
    assert "may answer" in out and "some evidence, not enough to link it alone" in out
    assert "score" not in out


def test_counterpart_is_the_reply_or_the_letter_answered(archive: Store) -> None:
    by_file = ids(archive)
    threads = Threads(archive)
    pair = (by_file["a-letter.txt"], by_file["a-reply.txt"])
    assert threads.counterpart(by_file["a-letter.txt"]) == pair
    assert threads.counterpart(by_file["a-reply.txt"]) == pair
    assert threads.counterpart(by_file["c-letter.txt"]) is None


def test_metadata_rows_compare_the_two_letters(archive: Store) -> None:
    by_file = ids(archive)
    letter, reply = archive.get(by_file["a-letter.txt"]), archive.get(by_file["a-reply.txt"])
    assert letter is not None and reply is not None
    rows = {label: (a, b) for label, a, b in metadata_rows(letter, reply)}
    assert rows["date"] == ("2023-03-06", "2023-03-20")
    assert "IT/HO/0306" in rows["references"][0] and "IT/HO/0306" in rows["references"][1]
    assert rows["between"] == ("10 working days (14 calendar days)", "")


# -- the query language ------------------------------------------------------------------------


@pytest.fixture
def searcher(archive: Store) -> Searcher:
    found = Searcher(archive)
    found.threads.update()
    return found


def found(searcher: Searcher, query: str, filters: tuple[Filter, ...] = ()) -> set[str]:
    result = searcher.search(query, limit=100, filters=filters)
    return {hit.letter_id for hit in result.hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("has:reply", {"a-letter.txt", "b-letter.txt"}),
        ("is:answered", {"a-letter.txt", "b-letter.txt"}),
        ("is:reply", {"a-reply.txt", "b-reply.txt"}),
        ("is:unpaired", {"c-letter.txt"}),
        ("is:unanswered", {"c-letter.txt"}),
        ("days:>20", {"b-letter.txt"}),
        ("days:<=20", {"a-letter.txt"}),
        ("days:10", {"a-letter.txt"}),
        ("days:11..30", {"b-letter.txt"}),
        ("-has:reply dir:from_mp", {"c-letter.txt"}),
        ("visa has:reply", {"a-letter.txt"}),
        ("is:reply OR is:unpaired", {"a-reply.txt", "b-reply.txt", "c-letter.txt"}),
    ],
)
def test_pairing_fields_in_queries(
    searcher: Searcher, archive: Store, query: str, expected: set[str]
) -> None:
    by_file = ids(searcher.store)
    assert found(searcher, query) == {by_file[name] for name in expected}
    assert searcher.count(query) == len(expected)


def test_a_decision_changes_what_queries_find_at_once(searcher: Searcher) -> None:
    by_file = ids(searcher.store)
    assert by_file["c-letter.txt"] in found(searcher, "is:unpaired")
    searcher.store.decide_link(by_file["b-reply.txt"], by_file["c-letter.txt"], "manual")
    assert by_file["c-letter.txt"] not in found(searcher, "is:unpaired")
    assert by_file["c-letter.txt"] in found(searcher, "has:reply")
    assert by_file["b-letter.txt"] not in found(searcher, "has:reply")


def test_reply_time_facet_counts_and_filters(searcher: Searcher) -> None:
    by_file = ids(searcher.store)
    result = searcher.search("", limit=100)
    counts = {f.value: f.count for f in result.facets["reply"]}
    assert counts == {WITHIN_TARGET: 1, OVER_TARGET: 1, NO_REPLY: 1}
    assert found(searcher, "", (Filter("reply", OVER_TARGET),)) == {by_file["b-letter.txt"]}
    dropped = found(searcher, "", (Filter("reply", NO_REPLY, exclude=True),))
    assert by_file["c-letter.txt"] not in dropped and len(dropped) == 4


def test_without_a_pairing_the_facet_waits_and_queries_compute_it(archive: Store) -> None:
    searcher = Searcher(archive)
    (archive.root / PAIRS_FILE).unlink(missing_ok=True)
    assert "reply" not in searcher.search("").facets  # not computed just for a facet
    assert found(searcher, "is:unpaired") == {ids(archive)["c-letter.txt"]}  # computed here
    assert "reply" in searcher.search("").facets


# -- the command line --------------------------------------------------------------------------


def test_cli_pairs_json_lines(archive: Store, run_cli: RunCli) -> None:
    by_file = ids(archive)
    code, out, _err = run_cli("pairs", "--json", "--archive", archive.root)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {(r["reply"], r["letter"]) for r in rows} == {
        (by_file["a-reply.txt"], by_file["a-letter.txt"]),
        (by_file["b-reply.txt"], by_file["b-letter.txt"]),
    }
    for row in rows:
        assert 0 < row["confidence"] <= 1 and row["reasons"] and row["source"] == "auto"
    assert {r["working_days"] for r in rows} == {10, 25}


def test_cli_link_reject_and_undo(archive: Store, run_cli: RunCli) -> None:
    by_file = ids(archive)
    reply, letter = by_file["a-reply.txt"], by_file["a-letter.txt"]
    code, out, _ = run_cli("link", reply, letter, "--archive", archive.root)
    assert code == 0 and "confirmed" in out
    code, out, _ = run_cli("link", reply, letter, "--reject", "--archive", archive.root)
    assert code == 0 and "rejected" in out
    assert [d.verdict for d in archive.link_decisions()] == ["rejected"]
    code, out, _ = run_cli("link", reply, letter, "--undo", "--archive", archive.root)
    assert code == 0 and archive.link_decisions() == []
    code, _out, err = run_cli("link", reply, "NO-SUCH-REF/99", "--archive", archive.root)
    assert code == 1 and "NO-SUCH-REF/99" in err


def test_cli_stats(archive: Store, run_cli: RunCli) -> None:
    code, out, _ = run_cli("stats", "--json", "--archive", archive.root)
    assert code == 0
    figures = json.loads(out)
    assert figures["overall"] == {
        "letters": 3,
        "answered": 2,
        "median_working_days": 17.5,
        "share_within_target": pytest.approx(1 / 3),
    }
    assert figures["departments"]["Home Office"]["letters"] == 3
    assert figures["mps"]["Imogen Thrale"]["answered"] == 2
    assert figures["mps"]["Rufus Penhallow"]["answered"] == 0
    code, out, _ = run_cli("stats", "--archive", archive.root)
    assert code == 0 and "Home Office" in out and "Imogen Thrale" in out


@pytest.mark.parametrize("width", [80, 132])
def test_cli_compare_prints_aligned_columns(archive: Store, run_cli: RunCli, width: int) -> None:
    by_file = ids(archive)
    code, out, _ = run_cli(
        "compare", by_file["a-reply.txt"], "--width", str(width), "--archive", archive.root
    )
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines)
    # The header names the letters by their dates and parties, not by internal ids.
    days = [archive.get(by_file[name]).metadata.date for name in ("a-letter.txt", "a-reply.txt")]
    assert lines[0].split() == ["date", *(day.isoformat() for day in days if day)]
    assert not any(by_file["a-reply.txt"] in line for line in lines)
    assert any("│" in line for line in lines)


def test_cli_compare_json_and_words(archive: Store, run_cli: RunCli) -> None:
    by_file = ids(archive)
    code, out, _ = run_cli(
        "compare", by_file["a-letter.txt"], by_file["b-letter.txt"], "--json",
        "--archive", archive.root,
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    texts = [archive.text(by_file["a-letter.txt"]), archive.text(by_file["b-letter.txt"])]
    for row in data["rows"]:
        for side, text in zip(("left", "right"), texts, strict=True):
            for paragraph in row[side]:
                start, end = paragraph["span"]
                assert text[start:end] == paragraph["text"]
    code, out, _ = run_cli(
        "compare", by_file["a-letter.txt"], by_file["b-letter.txt"], "--words",
        "--archive", archive.root,
    )  # fmt: skip
    assert code == 0
    assert "IT/HO/0306" in out and "IT/HO/1002" in out


def test_cli_compare_without_a_counterpart_says_what_to_do(archive: Store, run_cli: RunCli) -> None:
    code, _out, err = run_cli("compare", ids(archive)["c-letter.txt"], "--archive", archive.root)
    assert code == 1 and "compare A B" in err


def test_cli_thread_lists_the_exchange_in_date_order(archive: Store, run_cli: RunCli) -> None:
    by_file = ids(archive)
    code, out, _ = run_cli("thread", by_file["b-reply.txt"], "--json", "--archive", archive.root)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [by_file["b-letter.txt"], by_file["b-reply.txt"]]
    assert rows[1]["answers"] == by_file["b-letter.txt"]


def test_cli_import_reports_the_pairs(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in LETTERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, out, _ = run_cli("import", folder, "--json", "--archive", tmp_path / "a")
    assert code == 0
    pairs = json.loads(out)["pairs"]
    assert (pairs["links"], pairs["unpaired"]) == (2, 1)


HARD_FIXTURES = Path(__file__).parent / "fixtures" / "pairing_hard"


@pytest.fixture
def hard_archive(tmp_path: Path) -> Store:
    """Transfers, a reply to two letters and follow-ups (tests/fixtures/pairing_hard)."""
    store = Store(tmp_path / "archive", create=True)
    import_paths(store, [HARD_FIXTURES], workers=1, finish=lambda: sync(store))
    return store


def test_a_transfer_notice_and_the_full_reply_both_answer_the_letter(
    hard_archive: Store,
) -> None:
    by_file = ids(hard_archive)
    letter = by_file["2022-11-05_ashcombe_to_treasury.txt"]
    notice = by_file["2022-11-14_treasury_transfer_ashcombe.txt"]
    full = by_file["2022-12-12_dft_reply_ashcombe.txt"]
    threads = Threads(hard_archive)
    pairing = threads.update()
    assert pairing.thread(letter) == (letter, notice, full)
    assert [link.reply_id for link in pairing.replies_to(letter)] == [notice, full]
    # Read back from the cache, the thread still holds both.
    assert Threads(hard_archive).pairing().thread(notice) == (letter, notice, full)
    assert threads.counterpart(letter) == (letter, full)
    # The notice is passed over: the reply time counts to the other department's answer.
    choice = threads.counting_reply(letter)
    assert choice is not None and choice.reply_id == full


def test_a_reply_to_two_letters_gives_each_its_reply_time(hard_archive: Store) -> None:
    by_file = ids(hard_archive)
    first = by_file["2023-05-02_brackenridge_to_dfe.txt"]
    second = by_file["2023-05-09_brackenridge_to_dfe.txt"]
    reply = by_file["2023-06-20_dfe_reply_brackenridge.txt"]
    facts = Threads(hard_archive).facts()
    assert facts is not None
    assert {first, second} <= facts.answered and reply in facts.replies
    # Seven and six weeks of working days, less the bank holidays (8 May, 29 May 2023).
    assert (facts.days[first], facts.days[second]) == (33, 29)
    assert facts.reply_time[first] == facts.reply_time[second] == OVER_TARGET
    # A researcher's rejection of one of the two leaves the other standing.
    threads = Threads(hard_archive)
    hard_archive.decide_link(reply, first, "rejected")
    pairing = threads.pairing()
    assert [link.letter_id for link in pairing.answers_all(reply)] == [second]


def test_cli_pairs_and_thread_say_how_the_hard_links_were_made(
    hard_archive: Store, run_cli: RunCli, tmp_path: Path
) -> None:
    by_file = ids(hard_archive)
    code, out, _err = run_cli("import", str(HARD_FIXTURES), "--archive", tmp_path / "again")
    assert code == 0
    assert "pairs: 6 replies linked (" in out
    code, out, _err = run_cli("pairs", "--archive", hard_archive.root)
    assert code == 0
    assert "    transferred from HM Treasury" in out.splitlines()
    # Each of the reply's two rows says which letter it is, not how many there are.
    assert "    1 of 2: your letter of 2 May" in out.splitlines()
    assert "    2 of 2: your letter of 9 May" in out.splitlines()
    assert "    answers two letters" not in out.splitlines()
    code, rows_out, _err = run_cli("pairs", "--json", "--archive", hard_archive.root)
    places = {row["letter"]: row["one_of"] for row in map(json.loads, rows_out.splitlines())}
    assert places[by_file["2023-05-09_brackenridge_to_dfe.txt"]] == {"position": 2, "count": 2}
    assert places[by_file["2022-11-05_ashcombe_to_treasury.txt"]] is None
    # Seven links, six replies: the reply to two letters is counted once.
    assert out.splitlines()[-1].startswith("6 replies linked to 5 letters")
    reply = by_file["2023-06-20_dfe_reply_brackenridge.txt"]
    code, out, _err = run_cli("thread", reply, "--archive", hard_archive.root)
    assert code == 0
    said = [line.strip() for line in out.splitlines() if " of 2: your letter of " in line]
    assert len(said) == 2  # the reply's line names each letter it answers, and which it is
    assert "1 of 2: your letter of 2 May" in said[0] + said[1]
    code, out, _err = run_cli("thread", reply, "--json", "--archive", hard_archive.root)
    rows = {row["id"]: row for row in map(json.loads, out.splitlines())}
    assert set(rows[reply]["answers_all"]) == {
        by_file["2023-05-02_brackenridge_to_dfe.txt"],
        by_file["2023-05-09_brackenridge_to_dfe.txt"],
    }


def _reply_citing(their_date: str) -> str:
    """A Home Office reply to Imogen Thrale citing a date and no reference."""
    return (
        "Home Office\n2 Marsham Street\nLondon SW1P 4DF\n\n"
        "Imogen Thrale MP\nHouse of Commons\nLondon SW1A 0AA\n\n10 April 2023\n\n"
        f"Dear Imogen,\n\nThank you for your letter of {their_date} on behalf of your "
        "constituent about a visa application for Mr Oduya. A decision has now been made.\n\n"
        "Yours sincerely,\n\nOttoline Brack MP\nMinister for Immigration\n"
    )


def _import_pair(tmp_path: Path, their_date: str) -> tuple[Store, str, str]:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "letter.txt").write_text(
        mp_to_home_office("Imogen Thrale", "IT/HO/0306", "6 March 2023", "a visa for Mr Oduya"),
        encoding="utf-8",
    )
    (folder / "reply.txt").write_text(_reply_citing(their_date), encoding="utf-8")
    store = Store(tmp_path / "archive", create=True)
    import_paths(store, [folder], workers=1, finish=lambda: sync(store))
    by_file = ids(store)
    return store, by_file["letter.txt"], by_file["reply.txt"]


def test_a_letter_a_researcher_redates_is_paired_by_its_corrected_date(tmp_path: Path) -> None:
    store, letter, reply = _import_pair(tmp_path, "20 March")
    assert Threads(store).pairing().answers(reply) is None  # cites 20 March; dated 6 March

    store.set_corrections(letter, {"date": "2023-03-20"})

    pairing = Threads(store).pairing()
    link = pairing.answers(reply)
    assert link is not None and link.letter_id == letter
    assert "replies to the letter of 20 March 2023 (its date)" in link.reasons
    assert pairing.dates[letter] == dt.date(2023, 3, 20)
    facts = Threads(store).facts()
    assert facts is not None
    assert facts.days[letter] == working_days(dt.date(2023, 3, 20), dt.date(2023, 4, 10))


def test_a_letters_heading_does_not_overrule_the_date_a_researcher_gave_it(
    tmp_path: Path,
) -> None:
    store, letter, reply = _import_pair(tmp_path, "6 March")
    assert Threads(store).pairing().answers(reply) is not None

    # A researcher says it was written on 27 March, whatever its heading (6 March) says: the
    # reply citing 6 March answers another letter, not in the archive.
    store.set_corrections(letter, {"date": "2023-03-27"})
    pairing = Threads(store).pairing()
    assert pairing.answers(reply) is None
    assert pairing.dates[letter] == dt.date(2023, 3, 27)
