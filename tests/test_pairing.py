"""Pairing replies with the letters they answer: a small archive whose links are known.

The letters in ``tests/fixtures/pairing`` (fictional people and places, real departments)
hold every hard case:

- Tarrant writes to the Home Office and to DWP on the same day, with no reference anywhere;
  UK Visas and Immigration answers for the Home Office.
- Pellingham's DHSC thread has four letters: letter, reply, a follow-up quoting the
  department's reference, a second reply; her own reference is on both of her letters.
  Her letter to MHCLG is answered by DLUHC after the 2021 rename.
- Fenwold (MoJ) gets a holding reply, then the full reply, both to the same letter.
- The DfE reply to Carrow cites the wrong date. Her Defra letter is never answered, and a
  Defra reply answers a letter that is not in the archive.
- Blakesley and Quillfeather send one campaign letter to DfT on the same day; each gets
  the same stock reply.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from archive.importer import import_paths
from archive.pairing import (
    MIN_SCORE,
    Pairing,
    date_match,
    department_match,
    notable_reason,
    pair_letters,
    reference_key,
)
from archive.pairing.cues import _ends_with_surname
from archive.reply_cues import read_cues
from archive.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "pairing"
SAMPLE = Path(__file__).parent.parent / "archive" / "sample" / "letters"

TARRANT_HO = "2021-03-03_tarrant_to_home_office.txt"
TARRANT_DWP = "2021-03-03_tarrant_to_dwp.txt"
UKVI_REPLY = "2021-04-14_ukvi_reply_tarrant.txt"
DWP_REPLY = "2021-03-24_dwp_reply_tarrant.txt"
PELLINGHAM_MHCLG = "2021-08-16_pellingham_to_mhclg.txt"
DLUHC_REPLY = "2021-10-25_dluhc_reply_pellingham.txt"
PELLINGHAM_DHSC = "2022-01-10_pellingham_to_dhsc.txt"
DHSC_REPLY = "2022-02-14_dhsc_reply_pellingham.txt"
PELLINGHAM_FOLLOW_UP = "2022-03-07_pellingham_followup_dhsc.txt"
DHSC_SECOND_REPLY = "2022-04-19_dhsc_second_reply_pellingham.txt"
FENWOLD_MOJ = "2022-05-09_fenwold_to_moj.txt"
MOJ_HOLDING = "2022-05-23_moj_holding_reply_fenwold.txt"
MOJ_FULL = "2022-06-27_moj_reply_fenwold.txt"
CARROW_DFE = "2022-11-09_carrow_to_dfe.txt"
DFE_REPLY = "2022-12-19_dfe_reply_carrow.txt"
CARROW_DEFRA = "2023-01-02_carrow_to_defra.txt"
DEFRA_ORPHAN = "2023-03-20_defra_reply_carrow.txt"
BLAKESLEY_DFT = "2022-06-06_blakesley_to_dft.txt"
QUILLFEATHER_DFT = "2022-06-06_quillfeather_to_dft.txt"
DFT_BLAKESLEY = "2022-07-15_dft_reply_blakesley.txt"
DFT_QUILLFEATHER = "2022-07-18_dft_reply_quillfeather.txt"

# (reply, letter it answers, evidence its reasons must mention)
EXPECTED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        UKVI_REPLY,
        TARRANT_HO,
        (
            "replies to the letter of 3 March 2021 (its date)",
            "UK Visas and Immigration replied to a letter to Home Office (a related body)",
            "same MP (Oswin Tarrant)",
        ),
    ),
    (
        DWP_REPLY,
        TARRANT_DWP,
        ("Department for Work and Pensions wrote back to the department written to",),
    ),
    (DLUHC_REPLY, PELLINGHAM_MHCLG, ("the same department renamed",)),
    (DHSC_REPLY, PELLINGHAM_DHSC, ("shared reference MP/PEL/0110",)),
    (
        PELLINGHAM_FOLLOW_UP,
        DHSC_REPLY,
        (
            "replies to the letter of 14 February 2022 (its date)",
            "written back to Department of Health and Social Care, which sent the letter",
        ),
    ),
    (DHSC_SECOND_REPLY, PELLINGHAM_FOLLOW_UP, ("replies to the letter of 7 March 2022",)),
    (MOJ_HOLDING, FENWOLD_MOJ, ("14 days later",)),
    (MOJ_FULL, FENWOLD_MOJ, ("shared reference IF/PR/22/17",)),
    (DFE_REPLY, CARROW_DFE, ("cites 12 November 2022, 3 days from its date (9 November 2022)",)),
    (DFT_BLAKESLEY, BLAKESLEY_DFT, ("same MP (Corvina Blakesley)",)),
    (DFT_QUILLFEATHER, QUILLFEATHER_DFT, ("same MP (Hector Quillfeather)",)),
)


class Archive:
    """The fixture letters imported into a store, with file names for ids and back."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.name_of = {str(r["id"]): Path(str(r["path"])).name for r in store.iter_records()}
        self.id_of = {name: letter_id for letter_id, name in self.name_of.items()}

    def pair(self, decisions: Mapping[tuple[str, str], str] | None = None) -> Pairing:
        by_id = {
            (self.id_of[reply], self.id_of[letter]): verdict
            for (reply, letter), verdict in (decisions or {}).items()
        }
        return pair_letters(self.store.iter_records(), decisions=by_id, text_of=self.store.text)

    def names(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.name_of[i] for i in ids)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    store = Store(tmp_path_factory.mktemp("pairing") / "archive", create=True)
    summary = import_paths(store, [FIXTURES], workers=1)
    assert not summary.failed
    return Archive(store)


@pytest.fixture(scope="module")
def pairing(archive: Archive) -> Pairing:
    return archive.pair()


def test_links_are_exactly_the_expected_ones(archive: Archive, pairing: Pairing) -> None:
    found = {
        (archive.name_of[link.reply_id], archive.name_of[link.letter_id]) for link in pairing.links
    }
    assert found == {(reply, letter) for reply, letter, _ in EXPECTED}


@pytest.mark.parametrize(("reply", "letter", "evidence"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_reasons_name_the_evidence(
    archive: Archive, pairing: Pairing, reply: str, letter: str, evidence: tuple[str, ...]
) -> None:
    link = pairing.answers(archive.id_of[reply])
    assert link is not None
    assert archive.name_of[link.letter_id] == letter
    for words in evidence:
        assert any(words in reason for reason in link.reasons), (words, link.reasons)


def test_confidences_and_candidates_are_well_formed(pairing: Pairing) -> None:
    assert pairing.links
    for link in pairing.links:
        assert 0.0 <= link.confidence <= 1.0
        assert link.source == "auto"
        assert pairing.candidates[link.reply_id][0].letter_id == link.letter_id
    for found in pairing.candidates.values():
        assert 1 <= len(found) <= 3
        scores = [candidate.score for candidate in found]
        assert scores == sorted(scores, reverse=True)


def test_a_reply_to_a_letter_not_in_the_archive_stays_unpaired(
    archive: Archive, pairing: Pairing
) -> None:
    orphan = archive.id_of[DEFRA_ORPHAN]
    assert pairing.answers(orphan) is None
    # The MP's unanswered letter to the same department was considered, and not forced.
    best = pairing.candidates[orphan][0]
    assert archive.name_of[best.letter_id] == CARROW_DEFRA
    assert best.score < MIN_SCORE
    assert any("cites 14 February 2023, not its date" in reason for reason in best.reasons)
    assert set(archive.names(pairing.unpaired())) == {DEFRA_ORPHAN, CARROW_DEFRA}


def test_same_day_letters_to_two_departments_each_get_their_own_reply(
    archive: Archive, pairing: Pairing
) -> None:
    home_office = pairing.replies_to(archive.id_of[TARRANT_HO])
    dwp = pairing.replies_to(archive.id_of[TARRANT_DWP])
    assert archive.names(tuple(link.reply_id for link in home_office)) == (UKVI_REPLY,)
    assert archive.names(tuple(link.reply_id for link in dwp)) == (DWP_REPLY,)


def test_holding_and_full_replies_both_answer_the_letter(
    archive: Archive, pairing: Pairing
) -> None:
    replies = pairing.replies_to(archive.id_of[FENWOLD_MOJ])
    assert archive.names(tuple(link.reply_id for link in replies)) == (MOJ_HOLDING, MOJ_FULL)


def test_a_campaign_letter_pairs_each_reply_with_its_own_mp(
    archive: Archive, pairing: Pairing
) -> None:
    # Same words, same day, same department, same stock reply: only the MP tells them apart.
    for letter, reply in ((BLAKESLEY_DFT, DFT_BLAKESLEY), (QUILLFEATHER_DFT, DFT_QUILLFEATHER)):
        replies = pairing.replies_to(archive.id_of[letter])
        assert archive.names(tuple(link.reply_id for link in replies)) == (reply,)


@pytest.mark.parametrize(
    "start", [PELLINGHAM_DHSC, DHSC_REPLY, PELLINGHAM_FOLLOW_UP, DHSC_SECOND_REPLY]
)
def test_thread_follows_links_both_ways_in_date_order(
    archive: Archive, pairing: Pairing, start: str
) -> None:
    thread = archive.names(pairing.thread(archive.id_of[start]))
    assert thread == (PELLINGHAM_DHSC, DHSC_REPLY, PELLINGHAM_FOLLOW_UP, DHSC_SECOND_REPLY)


def test_thread_of_an_unpaired_letter_and_of_an_unknown_id(
    archive: Archive, pairing: Pairing
) -> None:
    assert archive.names(pairing.thread(archive.id_of[CARROW_DEFRA])) == (CARROW_DEFRA,)
    assert pairing.thread("no-such-letter") == ()


def test_uncertain_lists_the_doubtful_links_first(archive: Archive, pairing: Pairing) -> None:
    doubtful = pairing.uncertain(below=0.99)
    names = [archive.name_of[link.reply_id] for link in doubtful]
    # The wrong-date reply is less sure than the replies that cite their letter's date.
    assert DFE_REPLY in names
    assert DHSC_REPLY not in names and MOJ_FULL not in names
    assert all(link.confidence < 0.99 for link in doubtful)
    assert [link.confidence for link in doubtful] == sorted(link.confidence for link in doubtful)
    assert all(link.confidence < 0.7 for link in pairing.uncertain())


# -- decisions ----------------------------------------------------------------------------


def test_a_confirmed_link_is_kept_with_full_confidence(archive: Archive) -> None:
    pairing = archive.pair({(UKVI_REPLY, TARRANT_HO): "confirmed"})
    link = pairing.answers(archive.id_of[UKVI_REPLY])
    assert link is not None
    assert (archive.name_of[link.letter_id], link.source, link.confidence) == (
        TARRANT_HO,
        "confirmed",
        1.0,
    )
    assert link.reasons[0] == "confirmed by a researcher"
    assert any("replies to the letter of 3 March 2021" in reason for reason in link.reasons)


def test_a_rejected_pair_falls_back_to_the_next_best_candidate(archive: Archive) -> None:
    pairing = archive.pair({(DHSC_SECOND_REPLY, PELLINGHAM_FOLLOW_UP): "rejected"})
    link = pairing.answers(archive.id_of[DHSC_SECOND_REPLY])
    # Her first letter carries the same reference of hers, so it is next best.
    assert link is not None and archive.name_of[link.letter_id] == PELLINGHAM_DHSC
    assert link.source == "auto"
    rejected = archive.id_of[PELLINGHAM_FOLLOW_UP]
    assert all(c.letter_id != rejected for c in pairing.candidates[link.reply_id])


def test_a_rejected_pair_with_no_good_alternative_leaves_the_reply_unpaired(
    archive: Archive,
) -> None:
    pairing = archive.pair({(UKVI_REPLY, TARRANT_HO): "rejected"})
    # The same-day letter went to another department: not good enough to link.
    assert pairing.answers(archive.id_of[UKVI_REPLY]) is None
    assert UKVI_REPLY in archive.names(pairing.unpaired())


def test_a_manual_link_replaces_the_automatic_one_and_survives_as_given(
    archive: Archive,
) -> None:
    pairing = archive.pair(
        {(DEFRA_ORPHAN, CARROW_DEFRA): "manual", (DFE_REPLY, CARROW_DEFRA): "manual"}
    )
    for reply in (DEFRA_ORPHAN, DFE_REPLY):
        link = pairing.answers(archive.id_of[reply])
        assert link is not None
        assert (archive.name_of[link.letter_id], link.source, link.confidence) == (
            CARROW_DEFRA,
            "manual",
            1.0,
        )
    assert len([link for link in pairing.links if link.reply_id == archive.id_of[DFE_REPLY]]) == 1
    assert CARROW_DFE in archive.names(pairing.unpaired())


def test_a_decided_link_stands_even_for_letters_the_records_lack() -> None:
    pairing = pair_letters([], decisions={("reply-x", "letter-y"): "confirmed"})
    link = pairing.answers("reply-x")
    assert link is not None and (link.letter_id, link.source) == ("letter-y", "confirmed")
    assert pairing.thread("letter-y") == ("letter-y", "reply-x")


def test_an_unknown_decision_is_an_error_not_ignored() -> None:
    with pytest.raises(ValueError, match="confirmed, rejected or manual"):
        pair_letters([], decisions={("a", "b"): "confrimed"})


def test_records_with_missing_fields_pair_nothing_and_do_not_fail() -> None:
    records: list[dict[str, Any]] = [
        {"id": "a"},
        {"id": "b", "metadata": {"date": "2020-01-06"}},
        {"id": "c", "metadata": {"date": "2020-02-03", "direction": "to_mp", "mp": "Ann Lee"}},
        {"id": "d", "metadata": {"date": "not a date", "direction": "from_mp"}},
    ]
    pairing = pair_letters(records)
    assert pairing.links == ()
    assert set(pairing.unpaired()) == {"a", "b", "c", "d"}
    assert pairing.unpaired()[:2] == ("b", "c")  # dated letters first, in date order


# -- the signals' helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("M11295/16", "m11295/16"),
        ("m 11295/16", "m11295/16"),
        (" mc2015/46702 ", "mc2015/46702"),
        ("PO-1342771.", "po-1342771"),
        ("IF / PR / 22 / 17", "if/pr/22/17"),
    ],
)
def test_reference_key(written: str, key: str) -> None:
    assert reference_key(written) == key


D = dt.date


@pytest.mark.parametrize(
    ("cited", "letter", "match"),
    [
        (D(2016, 9, 13), D(2016, 9, 13), "exact"),
        (D(2016, 9, 15), D(2016, 9, 13), "near"),
        (D(2016, 9, 10), D(2016, 9, 13), "near"),
        (D(2016, 9, 19), D(2016, 9, 13), "close"),
        (D(2016, 9, 25), D(2016, 9, 13), "other"),
        (D(2015, 9, 13), D(2016, 9, 13), "other_year"),
        (D(2017, 9, 13), D(2016, 9, 13), "other_year"),
        (D(2013, 9, 13), D(2016, 9, 13), "other"),
        (D(2016, 2, 3), D(2016, 3, 2), "swapped"),
        (None, D(2016, 9, 13), "uncited"),
    ],
)
def test_date_match(cited: dt.date | None, letter: dt.date, match: str) -> None:
    assert date_match(cited, letter) == match


@pytest.mark.parametrize(
    ("first", "second", "match"),
    [
        ("Home Office", "Home Office", "same"),
        ("HM Revenue & Customs", "HM Revenue and Customs", "same"),
        ("Her Majesty's Treasury", "HM Treasury", "same"),
        (
            "Department for Communities and Local Government",
            "Ministry of Housing, Communities and Local Government",
            "renamed",
        ),
        (
            "Department for Levelling Up, Housing and Communities",
            "Department for Communities and Local Government",
            "renamed",
        ),
        ("Department of Health", "Department of Health and Social Care", "renamed"),
        (
            "Department for Business and Trade",
            "Department for Business, Energy and Industrial Strategy",
            "renamed",
        ),
        # Both came out of BEIS, but they are two departments.
        (
            "Department for Business and Trade",
            "Department for Energy Security and Net Zero",
            "different",
        ),
        ("Home Office", "UK Visas and Immigration", "related"),
        ("NHS England", "Department of Health", "related"),
        ("HM Prison and Probation Service", "Ministry of Justice", "related"),
        ("DfT", "Department for Transport", "similar"),
        ("Wexcombe Borough Council", "Wexcombe Council", "similar"),
        ("Home Office", "Department for Work and Pensions", "different"),
        ("Department for Education", "Ofsted", "related"),
        (None, "Home Office", None),
        ("Home Office", "", None),
    ],
)
def test_department_match(first: str | None, second: str | None, match: str | None) -> None:
    assert department_match(first, second) == match
    assert department_match(second, first) == match


def _mp_letter(letter_id: str, day: dt.date, department: str = "DWP") -> dict[str, object]:
    meta = {"date": day.isoformat(), "direction": "from_mp", "mp": "Ann Pryor"}
    return {"id": letter_id, "metadata": meta | {"recipient_org": department}}


def _reply(letter_id: str, day: dt.date, cited: dt.date) -> dict[str, object]:
    meta = {"date": day.isoformat(), "direction": "to_mp", "mp": "Ann Pryor"}
    return {
        "id": letter_id,
        "metadata": meta | {"sender_org": "DWP", "in_reply_to_date": cited.isoformat()},
    }


def test_a_near_date_means_less_when_the_mp_writes_there_all_the_time() -> None:
    letter = _mp_letter("letter", D(2020, 3, 2))
    reply = _reply("reply", D(2020, 4, 15), cited=D(2020, 3, 4))
    sparse = pair_letters([letter, reply])
    link = sparse.answers("reply")
    assert link is not None and link.letter_id == "letter"

    # Every five days to the same department, none of them but ``letter`` near 4 March.
    crowd = [
        _mp_letter(f"other-{n}", day)
        for n in range(30)
        if not D(2020, 2, 28) <= (day := D(2020, 1, 1) + dt.timedelta(days=5 * n)) <= D(2020, 3, 8)
    ]
    dense = pair_letters([letter, reply, *crowd])
    assert dense.answers("reply") is None
    near = next(c for c in dense.candidates["reply"] if c.letter_id == "letter")
    assert any("28 other letters to DWP within three months" in r for r in near.reasons)


@pytest.mark.parametrize(
    ("key", "surname", "own"),
    [
        # A reply's "Dear Ms Fitz-Tarrant" names its own MP, not a constituent.
        ("oswin fitz tarrant", "fitz-tarrant", True),
        ("oswin fitz tarrant", "tarrant", True),
        ("anne marie o'neill", "o’neill", True),
        ("harriet vance", "vance", True),
        ("thomas oswin", "thomas", False),
        ("harriet vance", "evance", False),
        ("harriet vance", "", False),
    ],
)
def test_a_replys_own_names_are_told_from_its_constituents(
    key: str, surname: str, own: bool
) -> None:
    assert _ends_with_surname(key, surname) is own


def test_two_spellings_of_one_mp_pair_as_the_same_mp() -> None:
    """Titles, an accent and letters after the name do not make another MP: the reply cites
    a date three days off, which pairs only with the same-MP points."""
    letter = {
        "id": "letter",
        "metadata": {
            "date": "2021-03-01",
            "direction": "from_mp",
            "mp": "Rt Hon Dr Ánne-Marie O'Neill MP",
            "recipient_org": "DWP",
        },
    }
    reply = {
        "id": "reply",
        "metadata": {
            "date": "2021-04-12",
            "direction": "to_mp",
            "mp": "Anne-Marie O'Neill",
            "sender_org": "DWP",
            "in_reply_to_date": "2021-03-04",
        },
    }
    link = pair_letters([letter, reply]).answers("reply")
    assert link is not None and link.letter_id == "letter"
    assert "same MP (Rt Hon Dr Ánne-Marie O'Neill MP)" in link.reasons


_DATE_REASONS = {
    "exact": "(its date)",
    "near": "from its date",
    "close": "from its date",
    "swapped": "with day and month swapped",
    "other_year": "another year",
    "other": "not its date",
}


@pytest.mark.parametrize(
    ("cited", "letter_day"),
    [
        (D(2016, 9, 13), D(2016, 9, 13)),
        (D(2016, 9, 15), D(2016, 9, 13)),
        (D(2016, 9, 19), D(2016, 9, 13)),
        (D(2016, 9, 25), D(2016, 9, 13)),
        (D(2016, 2, 3), D(2016, 3, 2)),
        (D(2016, 9, 13), D(2015, 9, 13)),
        (D(2017, 3, 1), D(2016, 3, 1)),
        (D(2016, 2, 29), D(2015, 3, 1)),
    ],
)
def test_pairing_reads_dates_as_date_match_does(cited: dt.date, letter_day: dt.date) -> None:
    records = [
        _mp_letter("letter", letter_day),
        _reply("reply", max(cited, letter_day) + dt.timedelta(days=30), cited),
    ]
    candidate = pair_letters(records).candidates["reply"][0]
    words = _DATE_REASONS[date_match(cited, letter_day)]
    assert any(words in reason for reason in candidate.reasons), candidate.reasons


# -- larger archives ----------------------------------------------------------------------


def _truth_scores(
    pairing: Pairing, file_of: Mapping[str, str], truth: set[tuple[str, str]]
) -> tuple[float, float]:
    predicted = {(file_of[link.reply_id], file_of[link.letter_id]) for link in pairing.links}
    correct = len(predicted & truth)
    return correct / max(1, len(predicted)), correct / max(1, len(truth))


@pytest.mark.slow
def test_generated_archive_precision_and_recall(tmp_path: Path) -> None:
    from archive.generator import generate_archive

    report = generate_archive(400, tmp_path / "letters", seed=11, noise=0.2)
    store = Store(tmp_path / "archive", create=True)
    import_paths(store, [tmp_path / "letters"], workers=1)
    root = (tmp_path / "letters").resolve()
    file_of = {
        str(r["id"]): Path(str(r["path"])).resolve().relative_to(root).as_posix()
        for r in store.iter_records()
    }
    present = set(file_of.values())
    truth = {
        (letter.file, letter.replies_to)
        for letter in report.letters
        if letter.replies_to and letter.file in present and letter.replies_to in present
    }
    assert len(truth) > 100
    pairing = pair_letters(store.iter_records(), text_of=store.text)
    precision, recall = _truth_scores(pairing, file_of, truth)
    assert precision >= 0.95, precision
    assert recall >= 0.9, recall


def test_sample_archive_pairs_as_its_truth_says(tmp_path: Path) -> None:
    """Hand-written letters, not the generator's: a check that the signals generalise."""
    truth_file = Path(__file__).parent / "fixtures" / "sample_truth.json"
    truth_by_file = json.loads(truth_file.read_text(encoding="utf-8"))
    truth = {(name, t["replies_to"]) for name, t in truth_by_file.items() if t["replies_to"]}
    store = Store(tmp_path / "archive", create=True)
    import_paths(store, [SAMPLE], workers=1)
    file_of = {str(r["id"]): Path(str(r["path"])).name for r in store.iter_records()}
    pairing = pair_letters(store.iter_records(), text_of=store.text)
    found = {(file_of[link.reply_id], file_of[link.letter_id]) for link in pairing.links}
    assert found == truth


def test_the_library_imports_no_ui_or_search_engine() -> None:
    code = (
        "import sys, archive.pairing, archive.replytime; "
        "print([m for m in ('textual', 'rich', 'whoosh') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- replies that cite no date: offered for review, never linked -----------------------------


def _to_department(letter_id: str, day: dt.date, mp: str, department: str) -> dict[str, object]:
    meta = {"date": day.isoformat(), "direction": "from_mp", "mp": mp}
    return {"id": letter_id, "metadata": meta | {"recipient_org": department}}


def _uncited_reply(
    letter_id: str, day: dt.date, mp: str, department: str, references: tuple[str, ...] = ()
) -> dict[str, object]:
    """ "Thank you for your recent letter on behalf of your constituent": no date, and only
    the department's own reference."""
    meta = {"date": day.isoformat(), "direction": "to_mp", "mp": mp, "sender_org": department}
    return {"id": letter_id, "metadata": meta | {"references": list(references)}}


FICTIONAL_MP = "Tamsin Oakridge"


def test_a_reply_citing_no_date_is_offered_the_mps_recent_letter_but_not_linked() -> None:
    records = [
        _to_department("letter", D(2021, 2, 1), FICTIONAL_MP, "Home Office"),
        # Seven weeks later, the department's own reference, no date of the letter answered.
        _uncited_reply("reply", D(2021, 3, 22), FICTIONAL_MP, "Home Office", ("HO-4471/21",)),
        # Not offered: another department, another MP, too long before, after the reply.
        _to_department("to-dwp", D(2021, 3, 1), FICTIONAL_MP, "Department for Work and Pensions"),
        _to_department("other-mp", D(2021, 3, 1), "Barnaby Oakridge", "Home Office"),
        _to_department("long-before", D(2020, 10, 1), FICTIONAL_MP, "Home Office"),
        _to_department("after", D(2021, 4, 1), FICTIONAL_MP, "Home Office"),
    ]
    pairing = pair_letters(records)
    assert pairing.answers("reply") is None  # offered, never linked by itself
    (offered,) = pairing.candidates["reply"]
    assert offered.letter_id == "letter"
    assert offered.score < MIN_SCORE
    assert any("names no date" in reason for reason in offered.reasons)
    assert "49 days later" in offered.reasons
    assert "same MP (Tamsin Oakridge)" in offered.reasons
    assert "after" not in pairing.candidates  # an MP's letter is never offered a reply


def test_a_second_reply_further_to_the_first_is_offered_the_letter_both_answer() -> None:
    records = [
        _to_department("letter", D(2022, 5, 9), FICTIONAL_MP, "Ministry of Justice"),
        _reply_to("first", D(2022, 5, 23), cited=D(2022, 5, 9), department="Ministry of Justice"),
        # "Further to my earlier letter": it cites neither the MP's letter nor a reference.
        _uncited_reply("second", D(2022, 6, 27), FICTIONAL_MP, "Ministry of Justice"),
    ]
    pairing = pair_letters(records)
    first = pairing.answers("first")
    assert first is not None and first.letter_id == "letter"
    alone = pair_letters(records[:2]).answers("first")
    assert alone is not None and alone.confidence == first.confidence  # the link is untouched
    assert pairing.answers("second") is None
    assert [c.letter_id for c in pairing.candidates["second"]] == ["letter"]


def _reply_to(letter_id: str, day: dt.date, cited: dt.date, department: str) -> dict[str, object]:
    meta = {"date": day.isoformat(), "direction": "to_mp", "mp": FICTIONAL_MP}
    return {
        "id": letter_id,
        "metadata": meta | {"sender_org": department, "in_reply_to_date": cited.isoformat()},
    }


def test_reasons_are_plain_words_not_scores(pairing: Pairing) -> None:
    reasons = {
        reason for found in pairing.candidates.values() for c in found for reason in c.reasons
    }
    assert any(reason.startswith("both mention ") for reason in reasons)
    assert [reason for reason in reasons if re.search(r"\d\.\d", reason)] == []


# -- the hard cases: transfers, several letters, follow-ups, constituents (issue 11) -------

HARD_FIXTURES = Path(__file__).parent / "fixtures" / "pairing_hard"
ASHCOMBE_HMT = "2022-11-05_ashcombe_to_treasury.txt"
HMT_TRANSFER_NOTICE = "2022-11-14_treasury_transfer_ashcombe.txt"
DFT_AFTER_TRANSFER = "2022-12-12_dft_reply_ashcombe.txt"
BRACKENRIDGE_FIRST = "2023-05-02_brackenridge_to_dfe.txt"
BRACKENRIDGE_SECOND = "2023-05-09_brackenridge_to_dfe.txt"
DFE_BOTH = "2023-06-20_dfe_reply_brackenridge.txt"
KETTLEBY_DEFRA = "2023-02-03_kettleby_to_defra.txt"
DEFRA_FIRST = "2023-03-01_defra_reply_kettleby.txt"
DEFRA_FURTHER = "2023-04-12_defra_further_kettleby.txt"
MERRIWETHER_BREWERS = "2023-07-03_merriwether_to_treasury.txt"
MERRIWETHER_RATES = "2023-07-24_merriwether_to_treasury.txt"
HMT_NAMES_QUINCE = "2023-08-21_treasury_reply_merriwether.txt"
HMT_NAMES_NOBODY = "2023-09-18_treasury_reply_merriwether.txt"


@pytest.fixture(scope="module")
def hard(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    store = Store(tmp_path_factory.mktemp("pairing-hard") / "archive", create=True)
    summary = import_paths(store, [HARD_FIXTURES], workers=1)
    assert not summary.failed
    return Archive(store)


@pytest.fixture(scope="module")
def hard_pairing(hard: Archive) -> Pairing:
    return hard.pair()


def test_a_transferred_letter_is_answered_by_the_notice_and_the_department_passed_to(
    hard: Archive, hard_pairing: Pairing
) -> None:
    replies = hard_pairing.replies_to(hard.id_of[ASHCOMBE_HMT])
    assert hard.names(tuple(link.reply_id for link in replies)) == (
        HMT_TRANSFER_NOTICE,
        DFT_AFTER_TRANSFER,
    )
    full = hard_pairing.answers(hard.id_of[DFT_AFTER_TRANSFER])
    assert full is not None
    assert "transferred from HM Treasury" in full.reasons
    assert not any("but the letter went to" in reason for reason in full.reasons)


def test_one_reply_to_two_letters_is_linked_to_each(hard: Archive, hard_pairing: Pairing) -> None:
    reply = hard.id_of[DFE_BOTH]
    links = hard_pairing.answers_all(reply)
    assert set(hard.names(tuple(link.letter_id for link in links))) == {
        BRACKENRIDGE_FIRST,
        BRACKENRIDGE_SECOND,
    }
    assert all(link.reasons[0] == "answers two letters" for link in links)
    # The one-letter API still gives one link: the letter whose date it cites last.
    first = hard_pairing.answers(reply)
    assert first is not None and hard.name_of[first.letter_id] == BRACKENRIDGE_SECOND
    for letter in (BRACKENRIDGE_FIRST, BRACKENRIDGE_SECOND):
        answered_by = hard_pairing.replies_to(hard.id_of[letter])
        assert hard.names(tuple(link.reply_id for link in answered_by)) == (DFE_BOTH,)
    assert hard.names(hard_pairing.thread(hard.id_of[BRACKENRIDGE_FIRST])) == (
        BRACKENRIDGE_FIRST,
        BRACKENRIDGE_SECOND,
        DFE_BOTH,
    )


def test_a_departments_further_letter_continues_the_exchange_its_first_reply_answered(
    hard: Archive, hard_pairing: Pairing
) -> None:
    link = hard_pairing.answers(hard.id_of[DEFRA_FURTHER])
    assert link is not None and hard.name_of[link.letter_id] == KETTLEBY_DEFRA
    assert "follows up the department's reply of 1 March 2023" in link.reasons
    assert hard.names(hard_pairing.thread(hard.id_of[KETTLEBY_DEFRA])) == (
        KETTLEBY_DEFRA,
        DEFRA_FIRST,
        DEFRA_FURTHER,
    )


def test_a_reply_citing_nothing_is_linked_by_the_constituent_both_name(
    hard: Archive, hard_pairing: Pairing
) -> None:
    link = hard_pairing.answers(hard.id_of[HMT_NAMES_QUINCE])
    assert link is not None and hard.name_of[link.letter_id] == MERRIWETHER_BREWERS
    assert "both name the constituent Mr Bartholomew Quince" in link.reasons
    # Naming no one, the later reply is only offered the MP's letters: precision first.
    nobody = hard.id_of[HMT_NAMES_NOBODY]
    assert hard_pairing.answers(nobody) is None
    assert {hard.name_of[c.letter_id] for c in hard_pairing.candidates[nobody]} >= {
        MERRIWETHER_RATES
    }


@pytest.mark.parametrize(
    ("second_letter", "linked"),
    [
        ("Dear Minister,\n\nMrs Wilhelmina Garrow asks about her brewery.", "one"),
        # Both letters name him: which one the reply answers is a guess, so only offered.
        ("Dear Minister,\n\nMr Osric Pellow has written again about his brewery.", None),
    ],
    ids=["named-in-one", "named-in-both"],
)
def test_a_reply_naming_a_constituent_links_only_the_one_letter_naming_them(
    second_letter: str, linked: str | None
) -> None:
    texts = {
        "one": "Dear Minister,\n\nMy constituent Mr Osric Pellow writes about his brewery.",
        "two": second_letter,
        "reply": "Dear Tamsin,\n\nThank you for your letter about Mr Osric Pellow's brewery.",
    }
    records = [
        _to_department("one", D(2023, 3, 1), FICTIONAL_MP, "HM Treasury"),
        _to_department("two", D(2023, 3, 20), FICTIONAL_MP, "HM Treasury"),
        _uncited_reply("reply", D(2023, 4, 24), FICTIONAL_MP, "HM Treasury"),
    ]
    for record in records:
        meta = record["metadata"]
        assert isinstance(meta, dict)
        meta["people"] = ["Osric Pellow", "Wilhelmina Garrow"]
    pairing = pair_letters(records, text_of=texts.__getitem__)
    link = pairing.answers("reply")
    assert (link.letter_id if link else None) == linked
    assert {c.letter_id for c in pairing.candidates["reply"]} == {"one", "two"}


@pytest.mark.parametrize(
    ("opening", "cited", "several", "transferred", "further"),
    [
        (
            "Thank you for your letters of 2 and 9 May about",
            ("2023-05-02", "2023-05-09"),
            True,
            False,
            False,
        ),
        (
            "Thank you for your letters of 2 May and 9 June.",
            ("2023-05-02", "2023-06-09"),
            True,
            False,
            False,
        ),
        (
            "Thank you for your three letters of 31 March, 21 and 24 April about",
            ("2023-03-31", "2023-04-21", "2023-04-24"),
            True,
            False,
            False,
        ),
        (
            "Thank you for your letters of 2 and 9 May and 3 June on behalf of",
            ("2023-05-02", "2023-05-09", "2023-06-03"),
            True,
            False,
            False,
        ),
        (
            # Each day with its month: "9" is not also a lone day of June.
            "Thank you for your letters of 2 May, 9 May and 3 June.",
            ("2023-05-02", "2023-05-09", "2023-06-03"),
            True,
            False,
            False,
        ),
        (
            # A number after the date that is no day of a letter cited.
            "Thank you for your letter of 3 May, 2 pages on the bypass.",
            ("2023-05-03",),
            False,
            False,
            False,
        ),
        (
            "I write in reply to your emails of 3 and 17 March.",
            ("2023-03-03", "2023-03-17"),
            True,
            False,
            False,
        ),
        ("Thank you for your two letters about the bypass.", (), True, False, False),
        (
            "Thank you for your two letters of 14 and 18 June regarding business rates.",
            ("2023-06-14", "2023-06-18"),
            True,
            False,
            False,
        ),
        (
            "Thank you for your letter of 1 June 2023, and your further letter of 8 June 2023,"
            " about the bypass.",
            ("2023-06-01", "2023-06-08"),
            True,
            False,
            False,
        ),
        (
            "I have been asked to reply to your letter of 29th May to the Ministry of Justice.",
            ("2023-05-29",),
            False,
            True,
            False,
        ),
        # Two dates cited apart: one letter answered, the other mentioned.
        (
            "Thank you for your letter of 9 May. My reply to your letter of 2 May still stands.",
            ("2023-05-02", "2023-05-09"),
            False,
            False,
            False,
        ),
        (
            "Your letter of 5 November to the Chancellor of the Exchequer has been passed "
            "to this Department.",
            ("2022-11-05",),
            False,
            True,
            False,
        ),
        (
            "Your letter has been transferred to the Department for Transport, as it is theirs.",
            (),
            False,
            True,
            False,
        ),
        (
            "Your letter to the Home Secretary was forwarded to us for reply.",
            (),
            False,
            True,
            False,
        ),
        ("Your letter about the prison has been referred to me.", (), False, True, False),
        (
            "I have transferred your letter to the Department for Transport, who will reply.",
            (),
            False,
            False,
            False,
        ),
        ("Further to my earlier letter, the repairs are complete.", (), False, False, True),
        ("Further to my letter of 1 March, the repairs are complete.", (), False, False, True),
        # A full reply after a holding one (issue 11): it says when the department wrote.
        ("Following my interim reply of 1 March, I can now say more.", (), False, False, True),
        ("I wrote to you on 1 March to say that I would reply in full.", (), False, False, True),
        ("As I promised in my letter of 1 March, I write again.", (), False, False, True),
        (
            "Thank you for your recent letter on behalf of your constituent.",
            (),
            False,
            False,
            False,
        ),
    ],
)
def test_read_cues_finds_the_phrasings_of_hard_replies(
    opening: str, cited: tuple[str, ...], several: bool, transferred: bool, further: bool
) -> None:
    said = read_cues(f"Dear Wendell,\n\n{opening}\n\nYours sincerely,", dt.date(2023, 6, 20))
    assert tuple(day.isoformat() for day in said.cited) == cited
    assert (said.several, said.transferred, said.further) == (several, transferred, further)
    assert said.together == (said.cited if several else ())
    if further and "1 March" in opening:
        assert said.further_date == dt.date(2023, 3, 1)


# -- replies whose metadata is poor are found by their text (issue 11) ----------------------

_FALLBACK_LETTER = (
    "14 Harrow Lane\nWendlebury\n\n4 March 2021\n\nDear Minister,\n\n"
    "My constituent Mr Alder Pickersgill asks about the Wendlebury bypass.\n\nTamsin Oakridge MP"
)
_FALLBACK_REPLY = (
    "Department for Transport\n\n19 April 2021\n\nDear Tamsin,\n\n"
    "Thank you for your letter of 4 March on behalf of Mr Pickersgill about the bypass."
)


def _fallback_records(lacking: str) -> list[dict[str, object]]:
    """A letter and its reply, one metadata field lost as extraction loses it."""
    letter = _to_department("letter", D(2021, 3, 4), FICTIONAL_MP, "Department for Transport")
    reply = _reply_to("reply", D(2021, 4, 19), D(2021, 3, 4), "Department for Transport")
    letter_meta, reply_meta = letter["metadata"], reply["metadata"]
    assert isinstance(letter_meta, dict) and isinstance(reply_meta, dict)
    letter_meta["sender_name"] = FICTIONAL_MP
    reply_meta["recipient_name"] = FICTIONAL_MP
    lost = {
        "reply cited date": (reply_meta, "in_reply_to_date"),
        "letter date": (letter_meta, "date"),
        "reply date": (reply_meta, "date"),
        "letter MP": (letter_meta, "mp"),
        "reply MP": (reply_meta, "mp"),
    }[lacking]
    del lost[0][lost[1]]
    # Another MP's letter of the same day to the same department: never the one answered.
    other = _to_department("other-mp", D(2021, 3, 4), "Barnaby Quell", "Department for Transport")
    return [letter, reply, other]


@pytest.mark.parametrize(
    ("lacking", "said"),
    [
        ("reply cited date", "the reply cites 4 March 2021"),
        ("letter date", "the letter is dated 4 March 2021"),
        ("reply date", "the reply is dated 19 April 2021"),
        ("letter MP", "the letter is written by Tamsin Oakridge"),
        ("reply MP", "the reply is addressed to Tamsin Oakridge"),
    ],
)
def test_a_reply_whose_metadata_lacks_a_field_is_found_by_its_text(lacking: str, said: str) -> None:
    texts = {"letter": _FALLBACK_LETTER, "reply": _FALLBACK_REPLY, "other-mp": "Dear Minister,"}
    records = _fallback_records(lacking)
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "letter"
    found_by = notable_reason(link)
    assert found_by is not None and found_by.startswith("found by its text")
    assert said in found_by


@pytest.mark.parametrize("lacking", ["reply cited date", "letter date", "reply date"])
def test_without_the_texts_a_reply_lacking_a_date_is_not_linked(lacking: str) -> None:
    assert pair_letters(_fallback_records(lacking)).answers("reply") is None


def test_a_writer_who_is_no_mp_of_the_archive_gives_no_mp() -> None:
    records = _fallback_records("letter MP")
    letter_meta = records[0]["metadata"]
    assert isinstance(letter_meta, dict)
    letter_meta["sender_name"] = "Ophelia Stranger"  # no letter of the archive is hers
    pairing = pair_letters(records)
    assert pairing.answers("reply") is None


@pytest.mark.parametrize(
    ("opening", "origin"),
    [
        ("Ofsted has forwarded your letter of 4 August about the school.", "Ofsted"),
        (
            "The Department for Education has forwarded your letter of 3 November 2010 about",
            "Department for Education",
        ),
        (
            "I have been asked to reply to your letter of 29th August to the Ministry of Justice"
            " about staffing levels",
            "Ministry of Justice",
        ),
        (
            "Your letter of 5 February to the Department for Work and Pensions about the\n"
            "assessment has been transferred to this Department, as",
            "Department for Work and Pensions",
        ),
        # Passed on, by no body it names.
        ("Your letter of 3 May has been transferred to this Department.", None),
        # The first department's own notice is no transfer to this one.
        ("I have forwarded your letter to the Home Office, who will reply.", None),
    ],
)
def test_a_passed_on_reply_names_the_body_it_came_from(opening: str, origin: str | None) -> None:
    said = read_cues(f"Dear Tamsin,\n\n{opening}", D(2022, 9, 12))
    assert said.transferred_from == origin
    assert said.transferred is not opening.startswith("I have forwarded")


def test_a_passed_on_reply_answers_the_letter_to_the_body_that_passed_it_on() -> None:
    day = D(2022, 8, 4)
    records = [
        _to_department("to-ofsted", day, FICTIONAL_MP, "Ofsted"),
        _to_department("to-dft", day, FICTIONAL_MP, "Department for Transport"),
        _reply_to("reply", D(2022, 9, 12), day, "Department of Health and Social Care"),
    ]
    reply = "Dear Tamsin,\n\nOfsted has forwarded your letter of 4 August to this Department."
    texts = {"reply": reply, "to-ofsted": "Dear Sir,", "to-dft": "Dear Sir,"}
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "to-ofsted"
    assert "transferred from Ofsted" in link.reasons
    # The letter to the Department for Transport, which passed nothing on, is not credited.
    alone = pair_letters([records[1], records[2]], text_of=texts.__getitem__)
    assert alone.answers("reply") is None


def test_a_reply_citing_three_dates_in_one_phrase_is_linked_to_each_letter() -> None:
    department = "Department for Transport"
    records = [
        _to_department("may-31", D(2023, 5, 31), FICTIONAL_MP, department),
        _to_department("june-21", D(2023, 6, 21), FICTIONAL_MP, department),
        _to_department("june-24", D(2023, 6, 24), FICTIONAL_MP, department),
        _to_department("june-22", D(2023, 6, 22), FICTIONAL_MP, "Home Office"),
        _reply_to("reply", D(2023, 7, 20), cited=D(2023, 6, 24), department=department),
    ]
    texts = {
        "reply": "Dear Tamsin,\n\nThank you for your three letters of 31 May, 21 and 24 June "
        "about the Fenwick bypass.\n\nYours sincerely,"
    }
    pairing = pair_letters(records, text_of=lambda letter_id: texts.get(letter_id, ""))
    links = pairing.answers_all("reply")
    assert sorted(link.letter_id for link in links) == ["june-21", "june-24", "may-31"]
    assert all(link.reasons[0] == "answers three letters" for link in links)


def test_departments_are_resolved_once_per_era_with_the_answer_of_each_date() -> None:
    """The pairing's department cache keys a date by its place among succession dates:
    every letter gets what ``department_of`` gives it, around every rename and merge."""
    from archive.knowledge.organisations import department_of, registry
    from archive.pairing.letters import _department

    successions = registry().successions
    around: dict[str, set[str]] = {}
    for succession in successions:
        on = dt.date.fromisoformat(succession.on)
        for name in (succession.before, succession.after):
            around.setdefault(name, {""}).update(
                (on + dt.timedelta(days=shift)).isoformat() for shift in (-1, 0, 1, 200)
            )
    known: dict[tuple[object, ...], str | None] = {}  # one cache for all, as in _read
    checked = 0
    for name, days in sorted(around.items()):
        for day in sorted(days):
            for meta in (
                {"direction": "to_mp", "sender_org": name, "date": day},
                {"direction": "from_mp", "recipient_org": name, "date": day},
                # The other side's fields are no part of it; a title counts without a body.
                {"direction": "to_mp", "recipient_org": name, "date": day},
                {"direction": "from_mp", "sender_org": name, "recipient_role": "Home Secretary"},
                {"direction": "to_mp", "sender_org": "House of Commons", "sender_role": name},
                {"direction": "", "recipient_org": name, "date": day},
            ):
                assert _department(meta, known) == department_of(meta), (name, day)
                checked += 1
    # The dates matter (a name resolves differently either side of a rename), and the cache
    # answered from fewer lookups than letters.
    assert any(
        len(
            {department_of({"direction": "to_mp", "sender_org": name, "date": day}) for day in days}
        )
        > 1
        for name, days in around.items()
    )
    assert len(known) < checked * 0.8


def test_a_reply_whose_cited_date_is_misread_is_linked_by_the_date_its_text_cites() -> None:
    department = "Department for Transport"
    records = [
        _to_department("letter", D(2021, 4, 15), FICTIONAL_MP, department),
        # Extraction misread the date the reply cites: 10 May, when no letter was written.
        _reply_to("reply", D(2021, 5, 24), cited=D(2021, 5, 10), department=department),
    ]
    texts = {
        "reply": "Dear Tamsin,\n\nThank you for your letter of 15 April about the Fenwick "
        "bypass.\n\nYours sincerely,",
        "letter": "Dear Minister,\n\nI write about the Fenwick bypass.",
    }
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "letter"
    assert "found by its text: the reply cites 15 April 2021" in link.reasons
    assert pair_letters(records).answers("reply") is None  # the metadata alone links nothing
    # A text that cites the date the metadata has gives nothing else to try.
    texts["reply"] = texts["reply"].replace("15 April", "10 May")
    assert pair_letters(records, text_of=texts.__getitem__).answers("reply") is None


@pytest.mark.parametrize("wrong_side", ["letter", "reply"])
def test_a_department_misread_on_one_side_is_read_from_the_letters_headings(
    wrong_side: str,
) -> None:
    transport, education = "Department for Transport", "Department for Education"
    letter_to = education if wrong_side == "letter" else transport
    reply_from = education if wrong_side == "reply" else transport
    records = [
        _to_department("letter", D(2021, 4, 15), FICTIONAL_MP, letter_to),
        _reply_to("reply", D(2021, 5, 24), cited=D(2021, 4, 15), department=reply_from),
    ]
    texts = {
        "letter": "House of Commons\nLondon SW1A 0AA\n\nRt Hon Rhys Penhallow MP\n"
        "Department for Transport\nGreat Minster House\n\n15 April 2021\n\nDear Minister,\n\n"
        "I write about the Fenwick bypass.",
        "reply": "Department for Transport\nGreat Minster House\nLondon SW1P 4DR\n\n"
        "24 May 2021\n\nDear Tamsin,\n\nThank you for your letter of 15 April about the "
        "Fenwick bypass.",
    }
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "letter"
    said = "the letter is addressed to" if wrong_side == "letter" else "the reply is from"
    assert f"found by its text: {said} Department for Transport" in link.reasons
    assert pair_letters(records).answers("reply") is None  # the metadata alone: two departments
    # A heading that names both departments decides nothing.
    both = {key: text.replace("Great Minster House", education) for key, text in texts.items()}
    assert pair_letters(records, text_of=both.__getitem__).answers("reply") is None


def test_a_letter_whose_date_is_misread_is_found_by_the_date_its_heading_bears() -> None:
    department = "Department for Transport"
    records = [
        # Extraction misread the letter's date: 27 March for the 15 April its heading has.
        _to_department("letter", D(2021, 3, 27), FICTIONAL_MP, department),
        _to_department("earlier", D(2021, 4, 1), FICTIONAL_MP, department),
        _reply_to("reply", D(2021, 5, 24), cited=D(2021, 4, 15), department=department),
    ]
    texts = {
        "letter": "House of Commons\nLondon SW1A 0AA\n\n15 April 2021\n\nDear Minister,\n\n"
        "I write about the Fenwick bypass.",
        "earlier": "House of Commons\nLondon SW1A 0AA\n\n1 April 2021\n\nDear Minister,",
        "reply": "Dear Tamsin,\n\nThank you for your letter of 15 April about the bypass.",
    }
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "letter"
    assert "found by its text: the letter is dated 15 April 2021" in link.reasons
    assert pair_letters(records).answers("reply") is None
    # Two letters whose headings bear the date: the text does not decide between them.
    texts["earlier"] = texts["earlier"].replace("1 April", "15 April")
    assert pair_letters(records, text_of=texts.__getitem__).answers("reply") is None


@pytest.mark.parametrize("wrong_side", ["letter", "reply"])
def test_an_mp_misread_on_one_side_is_read_from_the_texts(wrong_side: str) -> None:
    department, other_mp = "Department for Transport", "Barnaby Quell"
    records = [
        _to_department(
            "letter",
            D(2021, 4, 15),
            other_mp if wrong_side == "letter" else FICTIONAL_MP,
            department,
        ),
        _reply_to("reply", D(2021, 5, 24), cited=D(2021, 4, 15), department=department),
    ]
    if wrong_side == "reply":
        reply_meta = records[1]["metadata"]
        assert isinstance(reply_meta, dict)
        reply_meta["mp"] = other_mp
    texts = {
        "letter": "House of Commons\n\n15 April 2021\n\nDear Minister,\n\nI write about the "
        "Fenwick bypass.\n\nYours sincerely,\n\nTamsin Oakridge MP",
        "reply": "Tamsin Oakridge MP\nHouse of Commons\n\n24 May 2021\n\nDear Tamsin,\n\n"
        "Thank you for your letter of 15 April about the Fenwick bypass.",
    }
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "letter"
    said = "the letter is written by" if wrong_side == "letter" else "the reply is addressed to"
    assert f"found by its text: {said} Tamsin Oakridge" in link.reasons
    assert pair_letters(records).answers("reply") is None
    # Texts that name neither MP of the other side decide nothing.
    unnamed = {key: text.replace("Tamsin Oakridge", "Ivo Nanscawen") for key, text in texts.items()}
    assert pair_letters(records, text_of=unnamed.__getitem__).answers("reply") is None


_DFT_SUBJECTS = {
    "bus": "the 41 bus route through Kelmscott",
    "potholes": "potholes on the Marsh Road in Wendle",
    "station": "step-free access at Wendle Parkway station",
}


def _dft_letter_text(subject: str) -> str:
    return f"Dear Minister,\n\nI am writing on behalf of my constituents about {subject}.\n"


@pytest.mark.parametrize(
    ("subject", "linked"),
    [
        ("step-free access at Wendle Parkway station", "station"),
        ("potholes on the Marsh Road", "potholes"),
        # Words of two letters' subjects: the sentence does not say which.
        ("Wendle", None),
    ],
)
def test_same_day_letters_are_told_apart_by_the_subject_the_reply_names(
    subject: str, linked: str | None
) -> None:
    day = D(2023, 5, 2)
    records = [
        _to_department(name, day, FICTIONAL_MP, "Department for Transport")
        for name in _DFT_SUBJECTS
    ]
    records.append(_reply_to("reply", D(2023, 6, 1), day, "Department for Transport"))
    texts = {name: _dft_letter_text(words) for name, words in _DFT_SUBJECTS.items()}
    texts["reply"] = (
        f"Dear Tamsin,\n\nThank you for your letter of 2 May about {subject}. I reply.\n"
    )
    pairing = pair_letters(records, text_of=texts.__getitem__)
    link = pairing.answers("reply")
    if linked is None:
        assert link is None or not link.reasons[0].startswith(
            "the reply names this letter's subject"
        )
        return
    assert link is not None and link.letter_id == linked
    assert link.reasons[0].startswith("the reply names this letter's subject: ")
    assert notable_reason(link) == link.reasons[0]  # the reader's one line says how


def _crowded_home_office(first: dt.date) -> tuple[list[dict[str, object]], dict[str, str]]:
    """An MP writing to the Home Office every day for 90 days from ``first``, each letter on
    its own visa case: a letter near any date a reply cites."""
    records = [
        _to_department(f"other-{n}", first + dt.timedelta(days=n), FICTIONAL_MP, "Home Office")
        for n in range(90)
    ]
    texts = {
        f"other-{n}": _dft_letter_text(f"visa case number {n} in Kelmscott") for n in range(90)
    }
    return records, texts


def test_a_crowded_date_links_the_letter_whose_subject_the_reply_names() -> None:
    """An MP writing to one department daily has a letter near any date: the date alone does
    not link, the date and the subject the reply names do."""
    first = D(2023, 3, 1)
    records, texts = _crowded_home_office(first)
    records.append(_reply_to("reply", D(2023, 6, 20), first + dt.timedelta(days=40), "Home Office"))
    texts["other-40"] = _dft_letter_text("the closure of Tillbury police station")
    texts["reply"] = (
        "Dear Tamsin,\n\nThank you for your letter of 10 April about the closure of "
        "Tillbury police station.\n"
    )
    assert pair_letters(records).answers("reply") is None  # no texts: the date alone
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "other-40"
    assert "closure" in link.reasons[0] and "tillbury" in link.reasons[0]


def test_a_reply_to_several_letters_takes_the_one_on_its_subject_of_two_that_day() -> None:
    records = [
        _to_department("first", D(2023, 5, 2), FICTIONAL_MP, "Department for Transport"),
        _to_department("again", D(2023, 5, 9), FICTIONAL_MP, "Department for Transport"),
        _to_department("potholes", D(2023, 5, 9), FICTIONAL_MP, "Department for Transport"),
        _reply_to("reply", D(2023, 6, 12), D(2023, 5, 2), "Department for Transport"),
    ]
    texts = {
        "first": _dft_letter_text("the 41 bus route through Kelmscott"),
        "again": "Dear Minister,\n\nI am writing again about the 41 bus route through Kelmscott.\n",
        "potholes": _dft_letter_text("potholes on the Marsh Road in Wendle"),
        "reply": "Dear Tamsin,\n\nThank you for your letters of 2 and 9 May about the 41 bus "
        "route through Kelmscott.\n",
    }
    pairing = pair_letters(records, text_of=texts.__getitem__)
    assert {link.letter_id for link in pairing.answers_all("reply")} == {"first", "again"}


def test_a_reply_naming_the_body_that_passed_the_letter_on_is_a_transfer_whatever_else() -> None:
    """The MP also wrote to the replying department about then (a busy MP always has): the
    reply's naming the body it came from still says the letter was passed on."""
    records = [
        _to_department("to-moj", D(2020, 1, 10), FICTIONAL_MP, "Ministry of Justice"),
        _to_department("to-ho", D(2020, 1, 13), FICTIONAL_MP, "Home Office"),
        _reply_to("reply", D(2020, 3, 9), D(2020, 1, 10), "Home Office"),
    ]
    texts = {
        "to-moj": _dft_letter_text("conditions at HMP Kelmcombe"),
        "to-ho": _dft_letter_text("a visa application for Mr Oduya"),
        "reply": "Dear Tamsin,\n\nThe Ministry of Justice has forwarded your letter of 10 January "
        "about conditions at HMP Kelmcombe to this Department.\n",
    }
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "to-moj"
    assert "transferred from Ministry of Justice" in link.reasons


def test_of_letters_on_the_subject_a_crowded_date_links_the_one_of_the_day_cited() -> None:
    """The MP wrote on the subject again three days later: the reply citing the first day
    answers the first letter."""
    first = D(2023, 3, 1)
    records, texts = _crowded_home_office(first)
    for n in (40, 43):
        texts[f"other-{n}"] = _dft_letter_text("the closure of Tillbury police station")
    records.append(_reply_to("reply", D(2023, 6, 20), first + dt.timedelta(days=40), "Home Office"))
    texts["reply"] = (
        "Dear Tamsin,\n\nThank you for your letter of 10 April about the closure of "
        "Tillbury police station.\n"
    )
    link = pair_letters(records, text_of=texts.__getitem__).answers("reply")
    assert link is not None and link.letter_id == "other-40"
