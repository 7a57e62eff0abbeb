"""Reply times in working days (England and Wales bank holidays), and the statistics."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from archive.importer import import_paths
from archive.pairing import Link, Pairing, pair_letters
from archive.pairing.cache import PAIRS_FILE, Threads
from archive.replytime import (
    TARGET_WORKING_DAYS,
    counting_reply,
    describe_counting_reply,
    is_holding_reply,
    reply_days,
    stats,
    working_days,
)
from archive.store import Store
from tests.conftest import RunCli

FIXTURES = Path(__file__).parent / "fixtures" / "pairing"
SAMPLE = Path(__file__).parent.parent / "archive" / "sample" / "letters"
D = dt.date


@pytest.mark.parametrize(
    ("sent", "replied", "days"),
    [
        (D(2016, 9, 13), D(2016, 9, 13), 0),  # the same day
        (D(2023, 6, 2), D(2023, 6, 3), 0),  # Friday to Saturday
        (D(2023, 6, 2), D(2023, 6, 5), 1),  # Friday to Monday: Monday is day one
        (D(2023, 6, 5), D(2023, 6, 6), 1),
        (D(2023, 1, 9), D(2023, 2, 6), 20),  # four weeks: exactly the target
        # Christmas and New Year 2022: Boxing Day, Christmas Day (substitute) on Tuesday
        # 27th, New Year's Day (substitute) on Monday 2 January.
        (D(2022, 12, 23), D(2023, 1, 3), 4),
        (D(2016, 12, 23), D(2017, 1, 3), 4),
        (D(2024, 3, 28), D(2024, 4, 2), 1),  # Easter 2024: Good Friday and Easter Monday
        (D(2019, 5, 24), D(2019, 5, 28), 1),  # late May bank holiday, 27 May 2019
        (D(2022, 6, 1), D(2022, 6, 6), 1),  # Platinum Jubilee: 2 and 3 June 2022
        (D(2022, 9, 16), D(2022, 9, 20), 1),  # the Queen's state funeral, 19 September 2022
        (D(2023, 5, 5), D(2023, 5, 9), 1),  # the coronation, Monday 8 May 2023
        (D(2023, 4, 28), D(2023, 5, 12), 8),  # early May bank holiday and the coronation
        (D(2021, 8, 27), D(2021, 8, 31), 1),  # late summer bank holiday, 30 August 2021
    ],
)
def test_working_days(sent: dt.date, replied: dt.date, days: int) -> None:
    assert working_days(sent, replied) == days


def test_a_reply_before_its_letter_is_an_error() -> None:
    with pytest.raises(ValueError, match="cannot answer"):
        working_days(D(2022, 3, 2), D(2022, 3, 1))


@pytest.mark.parametrize(
    ("text", "holding"),
    [
        ("I am sorry that we are not yet in a position to send you a full reply.", True),
        ("Officials are making enquiries so that I can respond fully to your letter.", True),
        ("We are unable to reply within our target of 20 working days.", True),
        ("This is a holding reply. The Minister will write to you in full shortly.", True),
        (
            "I am sorry that it has not yet been possible to send you a full reply. "
            "I will write again.",
            True,
        ),
        ("I will send you a full reply as soon as possible.", True),
        ("We aim to let you have a substantive answer within 20 working days.", True),
        ("I acknowledge receipt of your letter of 4 May about Mrs Quiller.", True),
        ("This is just to acknowledge your letter about the Kelby bypass.", True),
        ("Officials are looking into the points you raise and I will write to you.", True),
        ("I will write to you again as soon as I can.", True),
        # Phrasings generalised from published guidance and departments' own accounts of
        # holding and interim replies (these sentences are made up).
        ("Please treat this as an interim reply to your letter about Mr Tovey.", True),
        ("I am sorry that a substantive response cannot yet be given.", True),
        ("Your letter has been received and is being looked into by officials.", True),
        ("We are making further enquiries with the Kelby office and I will then write.", True),
        ("Officials are carrying out checks. I shall reply when they are done.", True),
        ("An interim payment was made to Mrs Ansty in May, as you asked.", False),
        ("Your application has been received and approved; the permit is enclosed.", False),
        ("We made enquiries in 2019 and the records show the claim was paid.", False),
        ("The grant has been paid; I will write to you again when the review reports.", False),
        ("Thank you for your letter of 3 March about Mr Haldane's payment.", False),
        # Substantive replies promise news too, and are not holding replies for that.
        ("I will write to you again once a decision has been made.", False),
        ("The consultation closed in March and we will respond in due course.", False),
        ("We are not yet in a position to send you a full reply. " + "Filler. " * 400, False),
    ],
)
def test_is_holding_reply(text: str, holding: bool) -> None:
    assert is_holding_reply(text) is holding


def test_is_holding_reply_on_real_looking_letters() -> None:
    holding = (SAMPLE / "2016-09-27_home-office_holding_reply_vance.txt").read_text()
    full = (SAMPLE / "2016-11-02_home-secretary_to_vance.md").read_text()
    promise = (SAMPLE / "2017-03-08_ofsted_to_vance.md").read_text()
    assert is_holding_reply(holding)
    assert not is_holding_reply(full)
    assert not is_holding_reply(promise)


# -- on the pairing fixtures ------------------------------------------------------------------


class Archive:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.id_of = {Path(str(r["path"])).name: str(r["id"]) for r in store.iter_records()}
        self.pairing = pair_letters(store.iter_records(), text_of=store.text)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    store = Store(tmp_path_factory.mktemp("replytime") / "archive", create=True)
    import_paths(store, [FIXTURES], workers=1)
    return Archive(store)


@pytest.mark.parametrize("with_texts", [True, False], ids=["texts", "lengths"])
def test_reply_days_count_the_full_reply_not_the_holding_one(
    archive: Archive, with_texts: bool
) -> None:
    text_of = archive.store.text if with_texts else None
    days = reply_days(archive.pairing, archive.store.iter_records(), text_of=text_of)
    # 9 May 2022 to the full reply of 27 June (the holding reply of 23 May was 10 days).
    assert days[archive.id_of["2022-05-09_fenwold_to_moj.txt"]] == 33
    assert days[archive.id_of["2021-03-03_tarrant_to_dwp.txt"]] == 15
    assert days[archive.id_of["2021-03-03_tarrant_to_home_office.txt"]] == 28
    # The department's reply answered by the MP's follow-up has a reply time too.
    assert days[archive.id_of["2022-02-14_dhsc_reply_pellingham.txt"]] == 15
    assert archive.id_of["2023-01-02_carrow_to_defra.txt"] not in days


def test_stats_say_how_many_reply_times_rest_on_a_holding_reply_guess(archive: Archive) -> None:
    figures = stats(archive.store.iter_records(), archive.pairing, text_of=archive.store.text)
    answered_twice = {
        link.letter_id
        for link in archive.pairing.links
        if sum(1 for other in archive.pairing.links if other.letter_id == link.letter_id) > 1
    }
    from_mp = {
        str(r["id"])
        for r in archive.store.iter_records()
        if r["metadata"].get("direction") == "from_mp"
    }
    assert figures["holding_guesses"] == len(answered_twice & from_mp) >= 1


def _record(letter_id: str, day: str, chars: int = 0, **meta: Any) -> dict[str, Any]:
    return {"id": letter_id, "text_chars": chars, "metadata": {"date": day, **meta}}


def test_reply_days_without_texts_take_the_first_reply_when_lengths_do_not_tell() -> None:
    records = [
        _record("letter", "2022-05-09", 1500, direction="from_mp"),
        _record("first", "2022-05-23", 1200, direction="to_mp"),
        _record("second", "2022-06-27", 1400, direction="to_mp"),
    ]
    pairing = Pairing((Link("first", "letter", 0.9, ()), Link("second", "letter", 0.9, ())), {})
    assert reply_days(pairing, records) == {"letter": 10}
    texts = {"first": "We are not yet in a position to send you a full reply.", "second": "Yes."}
    assert reply_days(pairing, records, text_of=texts.__getitem__) == {"letter": 33}


def test_reply_days_skip_undated_letters_and_replies_before_their_letter() -> None:
    records = [
        _record("letter", "2022-05-09", direction="from_mp"),
        {"id": "undated", "metadata": {"direction": "from_mp"}},
        _record("early", "2022-05-01", direction="to_mp"),
        _record("reply", "2022-05-10", direction="to_mp"),
    ]
    pairing = Pairing((Link("early", "letter", 1.0, ()), Link("reply", "undated", 1.0, ())), {})
    assert reply_days(pairing, records) == {}


def test_stats_per_department_and_per_mp(archive: Archive) -> None:
    figures = stats(archive.store.iter_records(), archive.pairing, text_of=archive.store.text)
    assert figures["target_working_days"] == TARGET_WORKING_DAYS
    # Ten letters from MPs, nine answered: 15, 25, 28, 28, 29, 29, 30, 33, 49 working days.
    assert figures["overall"] == {
        "letters": 10,
        "answered": 9,
        "median_working_days": 29.0,
        "share_within_target": 0.1,
    }
    departments = figures["departments"]
    # The department written to counts, whoever answered (UK Visas and Immigration here).
    assert departments["Home Office"] == {
        "letters": 1,
        "answered": 1,
        "median_working_days": 28.0,
        "share_within_target": 0.0,
    }
    assert departments["Department for Work and Pensions"]["share_within_target"] == 1.0
    assert departments["Department of Health and Social Care"] == {
        "letters": 2,
        "answered": 2,
        "median_working_days": 27.0,
        "share_within_target": 0.0,
    }
    assert departments["Department for Transport"]["median_working_days"] == 29.5
    assert departments["Department for Environment, Food and Rural Affairs"] == {
        "letters": 1,
        "answered": 0,
        "median_working_days": None,
        "share_within_target": 0.0,
    }
    assert "UK Visas and Immigration" not in departments
    mps = figures["mps"]
    assert mps["Oswin Tarrant"] == {
        "letters": 2,
        "answered": 2,
        "median_working_days": 21.5,
        "share_within_target": 0.5,
    }
    assert mps["Maud Pellingham"]["letters"] == 3
    assert mps["Lettice Carrow"]["answered"] == 1
    assert list(departments) == sorted(departments)


def test_stats_of_an_empty_archive() -> None:
    figures = stats([], Pairing((), {}))
    assert figures["overall"] == {
        "letters": 0,
        "answered": 0,
        "median_working_days": None,
        "share_within_target": None,
    }
    assert figures["departments"] == {} and figures["mps"] == {}


# -- the researcher's marks: holding or full, over the guess ------------------------------


HOLDING_TEXT = "We are not yet in a position to send you a full reply."
MARK_RECORDS = [
    _record("letter", "2022-05-09", 1500, direction="from_mp"),
    _record("first", "2022-05-23", 1200, direction="to_mp"),
    _record("second", "2022-06-27", 1400, direction="to_mp"),
]
MARK_PAIRING = Pairing((Link("first", "letter", 0.9, ()), Link("second", "letter", 0.9, ())), {})


@pytest.mark.parametrize(
    ("texts", "marks", "days", "why", "passed"),
    [
        # The guess: the first reply reads as a holding reply, the second counts.
        ({"first": HOLDING_TEXT}, {}, 33, "guessed", [("first", "guessed")]),
        # Marked full, the first counts although its words read as holding.
        ({"first": HOLDING_TEXT}, {"first": "full"}, 10, "marked", []),
        # Marked holding, the first is passed over although its words read as full.
        ({}, {"first": "holding"}, 33, "marked", [("first", "marked")]),
        # The second marked full: the first is still judged by its words.
        ({}, {"second": "full"}, 10, "guessed", []),
        ({"first": HOLDING_TEXT}, {"second": "full"}, 33, "marked", [("first", "guessed")]),
        # Every reply marked holding: the answer is still to come, no reply time.
        ({}, {"first": "holding", "second": "holding"}, None, "marked", None),
    ],
)
def test_a_mark_outranks_the_guess(
    texts: dict[str, str],
    marks: dict[str, str],
    days: int | None,
    why: str,
    passed: list[tuple[str, str]] | None,
) -> None:
    def text_of(letter_id: str) -> str:
        return texts.get(letter_id, "Yes, the grant is paid.")

    found = reply_days(MARK_PAIRING, MARK_RECORDS, text_of=text_of, marks=marks)
    assert found == ({} if days is None else {"letter": days})
    choice = counting_reply(MARK_PAIRING, MARK_RECORDS, "letter", text_of=text_of, marks=marks)
    assert choice is not None and (choice.working_days, choice.why) == (days, why)
    if passed is not None:
        assert [(p.reply_id, p.why) for p in choice.passed_over] == passed


def test_the_counting_reply_is_described_with_its_reason() -> None:
    def text_of(letter_id: str) -> str:
        return {"first": "Sorry: I will write to you again as soon as I can."}.get(letter_id, "")

    names = {"first": "Hal Brisk (M1/22)", "second": "Ada Vell (M2/22)"}
    dates = {"first": "2022-05-23", "second": "2022-06-27"}

    def described(marks: dict[str, str]) -> str:
        choice = counting_reply(MARK_PAIRING, MARK_RECORDS, "letter", text_of=text_of, marks=marks)
        assert choice is not None
        return describe_counting_reply(choice, names.__getitem__, dates.__getitem__)

    assert described({}) == (
        "answered 2022-06-27 by Ada Vell (M2/22), 33 working days; the reply of 2022-05-23 "
        "was a holding reply (guessed: 'will write to you again as soon as I can')"
    )
    assert described({"first": "holding"}) == (
        "answered 2022-06-27 by Ada Vell (M2/22), 33 working days; the reply of 2022-05-23 "
        "was a holding reply (marked by you)"
    )
    assert described({"first": "full"}) == (
        "answered 2022-05-23 by Hal Brisk (M1/22), 10 working days (marked full by you)"
    )
    assert described({"first": "holding", "second": "holding"}).startswith(
        "no full reply in the archive yet; the reply of 2022-05-23 was a holding reply"
    )


@pytest.fixture
def own_archive(archive: Archive, tmp_path: Path) -> Archive:
    """A copy of the pairing fixtures' archive that a test may annotate."""
    root = tmp_path / "own-archive"
    shutil.copytree(archive.store.root, root)
    return Archive(Store(root))


def test_marks_are_annotations_that_outrank_the_guess_everywhere(
    own_archive: Archive, run_cli: RunCli
) -> None:
    """``reply REF --full`` on the Ministry's holding reply: the reply time, ``stats --json``
    and ``thread`` all count it as the answer, and the mark is kept in a reopened store."""
    root = own_archive.store.root
    letter = own_archive.id_of["2022-05-09_fenwold_to_moj.txt"]
    holding = own_archive.id_of["2022-05-23_moj_holding_reply_fenwold.txt"]
    figures = json.loads(run_cli("stats", "--json", "--archive", root)[1])
    (before,) = [c for c in figures["counting_replies"] if c["letter"] == letter]
    assert (before["working_days"], before["passed_over"][0]["reply"]) == (33, holding)
    assert before["passed_over"][0]["why"] == "guessed"

    code, out, _ = run_cli("reply", holding, "--full", "--archive", root)
    assert code == 0 and "marked full" in out and "10 working days (marked full by you)" in out
    assert Store(root).reply_marks() == {holding: "full"}
    figures = json.loads(run_cli("stats", "--json", "--archive", root)[1])
    (after,) = [c for c in figures["counting_replies"] if c["letter"] == letter]
    assert (after["reply"], after["working_days"], after["why"]) == (holding, 10, "marked")
    assert figures["holding_marks"] == 1
    assert Threads(Store(root)).reply_days()[letter] == 10

    code, out, _ = run_cli("thread", letter, "--archive", root)
    assert code == 0 and "10 working days (marked full by you)" in out
    shown = json.loads(run_cli("show", letter, "--json", "--archive", root)[1])
    assert (shown["reply_time"]["reply"], shown["reply_time"]["why"]) == (holding, "marked")
    code, out, _ = run_cli("show", holding, "--archive", root)
    assert "full reply (by you)" in out

    code, out, _ = run_cli("reply", holding, "--holding", "--json", "--archive", root)
    shown = json.loads(out)
    assert (shown["mark"], shown["reply_time"]["working_days"]) == ("holding", 33)
    assert shown["reply_time"]["passed_over"] == [
        {"reply": holding, "why": "marked", "phrase": None}
    ]
    assert run_cli("reply", holding, "--unset", "--archive", root)[0] == 0
    assert Store(root).reply_marks() == {}


def test_a_letter_that_answers_nothing_cannot_be_marked(
    own_archive: Archive, run_cli: RunCli
) -> None:
    letter = own_archive.id_of["2022-05-09_fenwold_to_moj.txt"]
    code, _out, err = run_cli("reply", letter, "--holding", "--archive", own_archive.store.root)
    assert code == 2 and "answers no letter" in err
    with pytest.raises(ValueError, match="use one of holding, full"):
        own_archive.store.mark_reply(letter, "partial")


def test_a_mark_survives_a_reimport_and_a_lost_pairing_cache(own_archive: Archive) -> None:
    store = own_archive.store
    letter = own_archive.id_of["2022-05-09_fenwold_to_moj.txt"]
    holding = own_archive.id_of["2022-05-23_moj_holding_reply_fenwold.txt"]
    store.mark_reply(holding, "full")
    import_paths(store, [FIXTURES], workers=1)
    (store.root / PAIRS_FILE).unlink(missing_ok=True)
    reopened = Store(store.root)
    assert reopened.reply_marks() == {holding: "full"}
    assert Threads(reopened).reply_days()[letter] == 10


@pytest.mark.parametrize(
    ("text", "holding"),
    [
        (
            "I have transferred your letter to the Department for Transport, who will reply "
            "to you directly.",
            True,
        ),
        (
            "Your email has been passed to HM Revenue and Customs, who are best placed to respond.",
            True,
        ),
        (
            "I have forwarded your letter to the Home Office, which will respond in due course.",
            True,
        ),
        # The other department's answer says the letter was passed to it: a full reply.
        ("Your letter has been transferred to this Department. The bypass will be built.", False),
    ],
)
def test_a_transfer_notice_is_a_holding_reply(text: str, holding: bool) -> None:
    """The department that passes a letter on has not answered it (issue 11)."""
    assert is_holding_reply(text) is holding
