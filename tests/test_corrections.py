"""A researcher's corrections of metadata: read, stored as annotations, applied everywhere."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from archive.corrections import FIELDS, corrected_record, format_value, parse_value
from archive.importer import import_paths
from archive.pairing.cache import PAIRS_FILE, Threads
from archive.store import LETTERS_FILE, TEXTS_DIR, Store
from index.corrections import correct_letter
from index.export import rows
from index.searcher import Searcher
from index.writer import sync
from tests.conftest import RunCli
from tests.test_pairing_cache import ids, import_thread_letters


@pytest.fixture
def archive(tmp_path: Path) -> Store:
    return import_thread_letters(tmp_path)


def reimport(store: Store, tmp_path: Path) -> None:
    import_paths(store, [tmp_path / "letters"], workers=1, finish=lambda: sync(store))


def mp_hits(store: Store, name: str) -> set[str]:
    result = Searcher(store).search(f'mp:"{name}"', limit=50, facets=False, snippets=False)
    return {hit.letter_id for hit in result.hits}


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("mp", " Lucy Allan ", "Lucy Allan"),
        ("mp", "", None),
        ("direction", "to_mp", "to_mp"),
        ("date", "2016-10-24", "2016-10-24"),
        ("in_reply_to_date", "", None),
        ("references", "M1/16, M2/16,M1/16", ["M1/16", "M2/16"]),
        ("cc", "Jane Roe, Home Office; Sam Poe", ["Jane Roe, Home Office", "Sam Poe"]),
        ("sender_org", "Department for Education", "Department for Education"),
    ],
)
def test_values_are_read_as_stored(field: str, text: str, value: Any) -> None:
    assert parse_value(field, text) == value
    if value is not None and field != "date":
        assert parse_value(field, format_value(value)) == value


@pytest.mark.parametrize(
    ("field", "text", "problem"),
    [
        ("direction", "inbound", "to_mp, from_mp, other"),
        ("direction", "", "to_mp, from_mp, other"),
        ("date", "24/10/2016", "YYYY-MM-DD"),
        ("date", "2016-02-30", "YYYY-MM-DD"),
        ("member", "Lucy Allan", "unknown field 'member'"),
        ("spans", "x", "unknown field 'spans'"),
    ],
)
def test_bad_values_are_refused_naming_the_token(field: str, text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_value(field, text)


def test_every_fact_field_of_metadata_can_be_corrected() -> None:
    assert {"mp", "date", "direction", "sender_org", "references", "area", "subject"} <= set(FIELDS)
    assert not {"spans", "confidence", "warnings"} & set(FIELDS)


def test_a_corrected_record_leaves_the_stored_one_alone() -> None:
    record = {"id": "a", "metadata": {"mp": "Wrong", "cc": ["X"], "date": "2016-01-01"}}
    merged = corrected_record(record, {"mp": "Right", "cc": None})
    assert merged["metadata"] == {"mp": "Right", "date": "2016-01-01"}
    assert record["metadata"] == {"mp": "Wrong", "cc": ["X"], "date": "2016-01-01"}


# --- the store --------------------------------------------------------------------------------


def test_a_correction_outranks_the_extractor_and_keeps_the_extracted_value(archive: Store) -> None:
    letter_id = ids(archive)["c-letter.txt"]
    archive.set_corrections(letter_id, {"mp": "Lucy Allan", "references": ["M1/16"]})

    letter = archive.get(letter_id)
    assert letter is not None
    assert (letter.metadata.mp, letter.metadata.references) == ("Lucy Allan", ("M1/16",))
    assert archive.resolve("m1/16").id == letter_id
    extracted = archive.extracted_record(letter_id)
    assert extracted is not None and extracted["metadata"]["mp"] == "Rufus Penhallow"
    listed = {c.field: (c.value, c.extracted) for c in archive.corrections(letter_id)}
    assert listed == {
        "mp": ("Lucy Allan", "Rufus Penhallow"),
        "references": (["M1/16"], ["RP/0412"]),
    }
    # The annotations file holds them, apart from the imported records.
    notes = json.loads((archive.root / "annotations.json").read_text())
    assert notes["corrections"][letter_id]["fields"]["mp"] == "Lucy Allan"
    assert "Lucy Allan" not in (archive.root / LETTERS_FILE).read_text()

    archive.set_corrections(letter_id, {}, unset=["mp", "references"])
    assert archive.corrections() == []
    again = archive.get(letter_id)
    assert again is not None and again.metadata.mp == "Rufus Penhallow"


def test_unknown_fields_and_letters_are_refused_and_nothing_is_written(archive: Store) -> None:
    letter_id = ids(archive)["c-letter.txt"]
    with pytest.raises(ValueError, match="unknown field"):
        archive.set_corrections(letter_id, {"mp": "X", "member": "Y"})
    with pytest.raises(Exception, match="no letter"):
        archive.set_corrections("nonexistent", {"mp": "X"})
    assert archive.corrections() == []


def test_corrections_survive_reimport_a_changed_file_and_a_rebuilt_archive(
    archive: Store, tmp_path: Path
) -> None:
    letter_id = ids(archive)["c-letter.txt"]
    correct_letter(archive, letter_id, {"mp": "Lucy Allan", "direction": "to_mp"})

    def check(store: Store) -> None:
        letter = store.get(letter_id)
        assert letter is not None
        assert (letter.metadata.mp, letter.metadata.direction) == ("Lucy Allan", "to_mp")
        assert mp_hits(store, "Lucy Allan") == {letter_id}

    reimport(archive, tmp_path)
    check(archive)
    # Re-extraction: the file changes, so it is read and extracted again.
    path = tmp_path / "letters" / "c-letter.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nPS: transcribed again.\n")
    reimport(archive, tmp_path)
    check(archive)
    extracted = archive.extracted_record(letter_id)
    assert extracted is not None and extracted["metadata"]["mp"] == "Rufus Penhallow"
    # The records and texts lost: the correction comes back with its letter.
    (archive.root / LETTERS_FILE).unlink()
    shutil.rmtree(archive.root / TEXTS_DIR)
    rebuilt = Store(archive.root)
    reimport(rebuilt, tmp_path)
    check(rebuilt)
    sync(rebuilt, rebuild=True)
    check(rebuilt)


# --- everywhere ---------------------------------------------------------------------------------


def test_a_correction_changes_search_facets_and_export_at_once(archive: Store) -> None:
    letter_id = ids(archive)["c-letter.txt"]
    searcher = Searcher(archive)

    def mp_facet() -> dict[str, int]:
        result = searcher.search("", limit=0, snippets=False)
        return {f.value: f.count for f in result.facets["mp"]}

    before = mp_facet()
    assert before["Rufus Penhallow"] == 1 and "Lucy Allan" not in before

    done = correct_letter(archive, letter_id, {"mp": "Lucy Allan"})

    assert done.reindexed
    searcher.refresh()  # what the app does after any change to the index
    assert mp_facet().get("Lucy Allan") == 1 and "Rufus Penhallow" not in mp_facet()
    assert mp_hits(archive, "Lucy Allan") == {letter_id}
    assert mp_hits(archive, "Rufus Penhallow") == set()
    exported = {row["id"]: row for row in rows(searcher, "")}
    assert exported[letter_id]["mp"] == "Lucy Allan"


def test_a_corrected_mp_files_the_letter_under_that_mps_seat(archive: Store) -> None:
    letter_id = ids(archive)["c-letter.txt"]
    archive.replace_members(
        [{"name": "Odile Varga", "constituency": "Kelby Marsh", "from": "2001-06-07", "to": None}]
    )
    record = archive.record(letter_id)
    assert record is not None and record["metadata"].get("area") != "Kelby Marsh"

    correct_letter(archive, letter_id, {"mp": "Odile Varga"})

    corrected = archive.record(letter_id)
    assert corrected is not None and corrected["metadata"]["area"] == "Kelby Marsh"
    result = Searcher(archive).search("", limit=0, snippets=False)
    assert {f.value: f.count for f in result.facets["area"]}.get("Kelby Marsh") == 1
    # The researcher's own area outranks the one derived from the corrected MP.
    correct_letter(archive, letter_id, {"area": "Upper Wend"})
    kept = archive.record(letter_id)
    assert kept is not None and kept["metadata"]["area"] == "Upper Wend"


def test_a_corrected_date_changes_the_reply_time_and_the_cache_follows(archive: Store) -> None:
    by_file = ids(archive)
    threads = Threads(archive)
    facts = threads.facts()
    assert facts is not None and facts.days[by_file["b-letter.txt"]] == 25

    # The reply was in fact sent two weeks after the letter: 10 working days.
    correct_letter(archive, by_file["b-reply.txt"], {"date": "2023-10-16"})

    facts = threads.facts()
    assert facts is not None and facts.days[by_file["b-letter.txt"]] == 10
    # Another process (a fresh Threads) reads the cache written for the corrected letters.
    assert Threads(Store(archive.root)).is_current()
    archive.set_corrections(by_file["b-reply.txt"], {}, unset=["date"])
    assert not Threads(archive).is_current()


def test_a_corrected_direction_changes_a_pairing_link(archive: Store) -> None:
    by_file = ids(archive)
    reply = by_file["a-reply.txt"]
    assert Threads(archive).pairing().answers(reply) is not None

    # Said to be an MP's letter, it answers nothing: it is paired as a letter, not a reply.
    correct_letter(archive, reply, {"direction": "from_mp"})

    pairing = Threads(archive).pairing()
    assert pairing.answers(reply) is None
    assert (archive.root / PAIRS_FILE).exists()


# --- the command line ---------------------------------------------------------------------------


def test_cli_set_show_unset_and_list_corrections(archive: Store, run_cli: RunCli) -> None:
    letter_id = ids(archive)["c-letter.txt"]
    where = ("--archive", archive.root)

    code, out, _ = run_cli(
        "set", letter_id, "mp=Lucy Allan", "direction=to_mp", "date=2016-10-24",
        "references=M1/16,M2/16", *where,
    )  # fmt: skip
    assert code == 0
    assert "mp" in out and "Lucy Allan" in out and "Rufus Penhallow" in out

    code, out, _ = run_cli("show", "M2/16", *where)
    assert code == 0
    assert "Lucy Allan" in out and "(extracted: Rufus Penhallow)" in out
    code, out, _ = run_cli("show", letter_id, "--json", *where)
    shown = json.loads(out)
    assert shown["metadata"]["mp"] == "Lucy Allan"
    assert shown["corrections"]["mp"] == {
        "value": "Lucy Allan",
        "extracted": "Rufus Penhallow",
        "corrected_at": shown["corrections"]["mp"]["corrected_at"],
    }

    code, out, _ = run_cli("search", "mp:Allan", "--json", *where)
    assert code == 0 and json.loads(out.splitlines()[0])["id"] == letter_id

    code, out, _ = run_cli("corrections", "--json", *where)
    assert code == 0
    listed = [json.loads(line) for line in out.splitlines()]
    assert {c["field"]: c["extracted"] for c in listed} == {
        "mp": "Rufus Penhallow",
        "direction": "from_mp",
        "date": "2023-04-12",
        "references": ["RP/0412"],
    }
    assert all(c["id"] == letter_id and c["path"].endswith("c-letter.txt") for c in listed)
    code, out, _ = run_cli("corrections", *where)
    assert code == 0 and "Lucy Allan" in out and "Rufus Penhallow" in out

    code, out, _ = run_cli("set", letter_id, "--unset", "mp", "--unset", "date", *where)
    assert code == 0
    code, out, _ = run_cli("corrections", "--json", *where)
    assert {json.loads(line)["field"] for line in out.splitlines()} == {"direction", "references"}

    code, out, _ = run_cli("reindex", *where)
    code, out, _ = run_cli("search", "mp:Allan", *where)
    assert code == 1


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (["mp"], "'mp': write FIELD=VALUE"),
        (["member=Lucy Allan"], "unknown field 'member'"),
        (["direction=inbound"], "direction='inbound'"),
        (["date=24/10/2016"], "date='24/10/2016'"),
        (["--unset", "member"], "unknown field 'member'"),
        ([], "name a field"),
        (["mp=A", "--unset", "mp"], "both set and unset"),
    ],
)
def test_cli_set_refuses_bad_tokens_with_exit_2(
    archive: Store, run_cli: RunCli, arguments: list[str], problem: str
) -> None:
    letter_id = ids(archive)["c-letter.txt"]
    code, _out, err = run_cli("set", letter_id, *arguments, "--archive", archive.root)
    assert code == 2
    assert problem in err
    assert archive.corrections() == []


def test_cli_set_unknown_letter_exits_1_and_no_corrections_lists_nothing(
    archive: Store, run_cli: RunCli
) -> None:
    code, _out, err = run_cli("set", "XX/999", "mp=A", "--archive", archive.root)
    assert code == 1 and "XX/999" in err
    code, out, _err = run_cli("corrections", "--archive", archive.root)
    assert code == 1 and out == ""


def test_corrected_department_and_direction_change_their_facets_and_fields(
    archive: Store,
) -> None:
    reply = ids(archive)["a-reply.txt"]
    searcher = Searcher(archive)

    def facet(name: str) -> dict[str, int]:
        result = searcher.search("", limit=0, snippets=False)
        return {f.value: f.count for f in result.facets[name]}

    def found(query: str) -> set[str]:
        result = searcher.search(query, limit=50, facets=False, snippets=False)
        return {hit.letter_id for hit in result.hits}

    departments, directions = facet("dept"), facet("dir")
    assert reply in found("dir:to_mp") and reply not in found("date:2016")

    correct_letter(
        archive,
        reply,
        {"sender_org": "Department for Education", "direction": "to_mp", "date": "2016-10-24"},
    )
    searcher.refresh()

    after = facet("dept")
    assert sum(after.values()) == sum(departments.values())
    assert after != departments
    assert reply in found("date:2016") and reply in found("dir:to_mp")
    correct_letter(archive, reply, {"direction": "other"})
    searcher.refresh()
    assert reply not in found("dir:to_mp")
    assert facet("dir") != directions


def test_a_reference_corrected_elsewhere_resolves_here(archive: Store) -> None:
    letter_id = ids(archive)["c-letter.txt"]
    assert archive.resolve("RP/0412").id == letter_id  # the reference map is built
    Store(archive.root).set_corrections(letter_id, {"references": ["M77/23"]})
    assert archive.resolve("m77/23").id == letter_id
    with pytest.raises(Exception, match="RP/0412"):
        archive.resolve("RP/0412")
