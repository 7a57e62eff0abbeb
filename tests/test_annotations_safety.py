"""Annotations are never lost: backups, damage found and mended, no lost update, export/import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.importer import import_paths
from archive.store import ANNOTATIONS_FILE, SavedSearch, Store

WriteLetter = Callable[..., Path]
RunCli = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def three(store: Store, write_letter: WriteLetter, letters_dir: Path) -> list[str]:
    """Three letters imported; their ids in file-name order."""
    write_letter("a.txt", reference="M11295/16")
    write_letter("b.txt", mp="Owen Treharne", reference="M20001/17", date="2 February 2017")
    write_letter("c.txt", kind="mp", our_ref="HV/2231")
    import_paths(store, [letters_dir], workers=1)
    by_name = {Path(letter.path).name: letter.id for letter in store.letters()}
    return [by_name["a.txt"], by_name["b.txt"], by_name["c.txt"]]


def _annotate(store: Store, ids: list[str]) -> None:
    """Three writes: two tags and a note."""
    store.update_tags([ids[0]], add=["foi"])
    store.update_tags([ids[1]], add=["urgent", "follow-up"])
    store.set_note(ids[0], "Ask the operator for the 2015 timetable.")


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garble(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[10:30] = b"\x00\xff garbled \xfe\x00 zz"
    path.write_bytes(bytes(raw))


def _empty(path: Path) -> None:
    with path.open("r+b") as handle:  # emptied in place, as `: > annotations.json` does
        handle.truncate(0)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "emptied": _empty,
    "deleted": Path.unlink,
    "truncated": _truncate,
    "garbled": _garble,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_annotations_file_is_restored_from_the_newest_backup_with_a_notice(
    store: Store, three: list[str], damage: str, run_cli: RunCli
) -> None:
    _annotate(store, three)
    DAMAGE[damage](store.root / ANNOTATIONS_FILE)

    code, out, err = run_cli("tag", three[1], "--archive", store.root)

    assert code == 0
    assert f"{three[1]}  urgent follow-up" in out
    said = {"truncated": "damaged (unexpected end", "garbled": "damaged ("}.get(damage, damage)
    assert f"{ANNOTATIONS_FILE} was {said}" in err and "restored backup 1" in err
    assert "2 letters tagged, 1 note," in err
    reopened = Store(store.root)
    assert reopened.notices == []  # mended once, for good
    assert reopened.annotation(three[0]).tags == ("foi",)
    assert reopened.annotation(three[0]).note == "Ask the operator for the 2015 timetable."
    if damage in ("truncated", "garbled"):
        assert len(list(store.root.glob(f"{ANNOTATIONS_FILE}.damaged-*"))) == 1


def test_damage_with_no_good_backup_is_exit_6_never_an_empty_archive(
    store: Store, three: list[str], run_cli: RunCli
) -> None:
    _annotate(store, three)
    for backup in store.annotation_backups():
        backup.path.unlink()
    _garble(store.root / ANNOTATIONS_FILE)
    damaged = (store.root / ANNOTATIONS_FILE).read_bytes()

    code, _, err = run_cli("tag", three[2], "+new", "--archive", store.root)
    assert code == 6
    assert "no good backup" in err and "doctor --repair" in err
    assert (store.root / ANNOTATIONS_FILE).read_bytes() == damaged

    code, out, _ = run_cli("doctor", "--repair", "--archive", store.root)
    assert "started empty" in out
    (aside,) = store.root.glob(f"{ANNOTATIONS_FILE}.damaged-*")
    assert aside.read_bytes() == damaged
    assert run_cli("tag", three[2], "+new", "--archive", store.root)[0] == 0


def test_backups_rotate_keeping_the_last_five_versions(store: Store, three: list[str]) -> None:
    for number in range(7):
        store.update_tags([three[0]], add=[f"t{number}"])

    backups = store.annotation_backups()

    assert [b.number for b in backups] == [1, 2, 3, 4, 5]
    assert backups[0].path.read_bytes() == (store.root / ANNOTATIONS_FILE).read_bytes()
    newest_tags = [
        json.loads(b.path.read_bytes())["annotations"][three[0]]["tags"][-1] for b in backups
    ]
    assert newest_tags == ["t6", "t5", "t4", "t3", "t2"]


def test_restore_n_puts_an_older_version_back_and_keeps_the_current(
    store: Store, three: list[str], run_cli: RunCli
) -> None:
    for tag in ("one", "two", "three"):
        store.update_tags([three[0]], add=[tag])

    code, out, _ = run_cli("annotations", "--backups", "--archive", store.root)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["1", "2", "3"]

    code, out, _ = run_cli("annotations", "--restore", "3", "--archive", store.root)
    assert code == 0 and "restored backup 3" in out
    assert Store(store.root).annotation(three[0]).tags == ("one",)
    kept = json.loads(Store(store.root).annotation_backups()[1].path.read_bytes())
    assert kept["annotations"][three[0]]["tags"] == ["one", "two", "three"]

    assert run_cli("annotations", "--restore", "9", "--archive", store.root)[0] == 1


def test_export_then_import_into_a_fresh_archive_round_trips(
    store: Store, three: list[str], letters_dir: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    _annotate(store, three)
    store.set_corrections(three[2], {"mp": "Lucy Allan"})
    store.decide_link(three[0], three[2], "confirmed")
    store.save_search(SavedSearch("buses", "bus route"))
    store.mark_reply(three[0], "holding")
    exported = tmp_path / "annotations.jsonl"
    code, _, _ = run_cli("annotations", "--export", exported, "--archive", store.root)
    assert code == 0
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    assert {line["kind"] for line in lines} == {"letter", "link", "saved_search", "reply_mark"}
    # A letter whose id differs in the other archive is found by its content hash.
    for line in lines:
        if line.get("id") == three[1]:
            line["id"] = "edited-id"
    text = "\n".join(json.dumps(line) for line in lines)
    text += '\nnot json\n{"kind": "letter", "id": "nope", "sha256": "0000", "tags": ["x"]}\n'
    exported.write_text(text)

    fresh = Store(tmp_path / "fresh", create=True)
    import_paths(fresh, [letters_dir], workers=1)
    code, out, _ = run_cli("annotations", "--import", exported, "--archive", fresh.root)

    assert code == 3
    assert "applied 6 lines" in out
    assert "refused: not JSON" in out and "'nope'" in out
    again = Store(fresh.root)
    assert again.annotation(three[0]).tags == ("foi",)
    assert again.annotation(three[0]).note == "Ask the operator for the 2015 timetable."
    assert again.annotation(three[1]).tags == ("urgent", "follow-up")
    assert [(c.field, c.value) for c in again.corrections(three[2])] == [("mp", "Lucy Allan")]
    assert [(d.reply_id, d.letter_id, d.verdict) for d in again.link_decisions()] == [
        (three[0], three[2], "confirmed")
    ]
    assert [s.name for s in again.saved_searches()] == ["buses"]
    assert again.reply_marks() == {three[0]: "holding"}
    # Importing again changes nothing (tags are not doubled, notes not repeated).
    code, out, _ = run_cli("annotations", "--import", exported, "--archive", fresh.root)
    assert "applied 0 lines; 6 already here" in out


_APPENDER = """
import sys, time
from pathlib import Path
import archive.locking
from tui.cli import main

real_acquire = archive.locking.ProcessLock.acquire

def slow_acquire(self):
    time.sleep(0.005)  # a busy machine: time passes between reading and locking
    real_acquire(self)

archive.locking.ProcessLock.acquire = slow_acquire
root, letter, who, count, start = sys.argv[1:]
while not Path(start).exists():
    time.sleep(0.005)
for number in range(int(count)):
    mark = f"{who}-{number}"
    for argv in (["note", letter, mark, "--append"], ["tag", letter, "+" + mark]):
        if main([*argv, "--archive", root]) != 0:
            sys.exit(1)
"""


def test_concurrent_appends_from_two_processes_lose_nothing(
    store: Store, three: list[str], tmp_path: Path
) -> None:
    appends = 15
    start = tmp_path / "start"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _APPENDER, str(store.root), three[0], who, str(appends), start],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for who in ("left", "right")
    ]
    start.touch()
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0]

    annotation = Store(store.root).annotation(three[0])
    expected = {f"{who}-{n}" for who in ("left", "right") for n in range(appends)}
    assert set(annotation.note.splitlines()) == expected
    assert len(annotation.note.splitlines()) == 2 * appends
    assert set(annotation.tags) == expected


def test_doctor_repair_removes_stale_temporary_files_only(
    store: Store, three: list[str], run_cli: RunCli
) -> None:
    store.update_tags([three[0]], add=["foi"])
    stale = store.root / f".{ANNOTATIONS_FILE}.k1ll3d"
    fresh = store.root / f".{ANNOTATIONS_FILE}.wr1t1ng"
    stale.write_bytes(b'{"annotations": {')
    fresh.write_bytes(b'{"annotations": {')
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))

    code, out, _ = run_cli("doctor", "--archive", store.root)
    assert code == 1 and "1 stale temporary files" in out and stale.name in out
    assert stale.exists()

    code, out, _ = run_cli("doctor", "--repair", "--archive", store.root)
    assert f"removed stale temporary files: {stale.name}" in out
    assert not stale.exists() and fresh.exists()


def test_doctor_reports_annotations_whose_letter_id_was_edited_and_keeps_them(
    store: Store, three: list[str], run_cli: RunCli
) -> None:
    store.update_tags([three[0]], add=["foi", "urgent"])
    path = store.root / ANNOTATIONS_FILE
    edited_id = "9" * len(three[0])
    path.write_text(path.read_text().replace(three[0], edited_id))
    before = path.read_bytes()

    code, out, err = run_cli("doctor", "--repair", "--archive", store.root)

    assert "1 letters' annotations name an id no letter has" in out
    assert f"{edited_id}: tags foi urgent" in out
    assert err == ""  # a hand edit that still reads is not damage
    assert path.read_bytes() == before
    assert Store(store.root).orphaned_annotations() == [(edited_id, "tags foi urgent")]


def test_an_archive_from_before_seals_is_sealed_and_backed_up_when_opened(
    store: Store, three: list[str], run_cli: RunCli
) -> None:
    _annotate(store, three)
    for leftover in [store.root / "annotations.seal.json", *(store.root / "backups").iterdir()]:
        leftover.unlink()
    assert Store(store.root).annotation(three[0]).tags == ("foi",)  # opened once: sealed

    (store.root / ANNOTATIONS_FILE).unlink()
    code, out, err = run_cli("tag", three[0], "--archive", store.root)

    assert code == 0 and "foi" in out and "was deleted" in err


async def test_the_app_tells_what_was_restored_when_it_opens(
    store: Store, three: list[str]
) -> None:
    from tests.tui_support import Messages
    from tui.app import DispatchBoxApp

    letter_id = three[0]
    store.update_tags([letter_id], add=["foi"])
    (store.root / ANNOTATIONS_FILE).write_bytes(b"")
    seen = Messages()

    app = DispatchBoxApp(Store(store.root), build_index=False)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await pilot.pause()

    assert any("was emptied" in note and "restored backup 1" in note for note in seen.notes)
    assert app.store.annotation(letter_id).tags == ("foi",)


def test_import_refuses_lines_that_would_break_the_archive_and_says_why(
    store: Store, three: list[str], tmp_path: Path, run_cli: RunCli
) -> None:
    store.decide_link(three[0], three[2], "confirmed")
    lines = [
        {"kind": "letter", "id": three[1], "tags": ["has space"]},
        {"kind": "letter", "id": three[1], "corrections": {"date": "not a date"}},
        {"kind": "letter", "id": three[1], "corrections": {"mp": {"x": 1}}},
        {"kind": "letter", "id": three[1], "corrections": {"colour": "red"}},
        {"kind": "link", "reply": three[0], "letter": three[1], "verdict": "confirmed"},
        {"kind": "saved_search", "name": "s", "query": "q", "filters": [{"facet": 1}]},
        {"kind": "what"},
    ]
    source = tmp_path / "hostile.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    before = (store.root / ANNOTATIONS_FILE).read_bytes()

    code, out, _ = run_cli("annotations", "--import", source, "--archive", store.root)

    assert code == 3 and "applied 0 lines" in out
    refused = [line for line in out.splitlines() if "refused" in line]
    assert [line.split()[1] for line in refused] == ["1", "2", "3", "4", "5", "6", "7"]
    assert "tag 'has space'" in refused[0] and "already answers letter" in refused[4]
    assert (store.root / ANNOTATIONS_FILE).read_bytes() == before
    assert len(store.annotation_backups()) == 1  # nothing applied: no new version either


_OPENER = """
import sys, time
from pathlib import Path
from archive.store import Store
root, letter, start = sys.argv[1:]
while not Path(start).exists():
    time.sleep(0.001)
store = Store(Path(root))
print(len(store.notices), " ".join(store.annotation(letter).tags))
"""


def test_two_processes_opening_a_damaged_file_at_once_restore_it_once(
    store: Store, three: list[str], tmp_path: Path
) -> None:
    _annotate(store, three)
    _truncate(store.root / ANNOTATIONS_FILE)
    start = tmp_path / "start"
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", _OPENER, str(store.root), three[1], str(start)],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    start.touch()
    said = sorted(opener.communicate(timeout=60)[0].strip() for opener in openers)

    assert said == ["0 urgent follow-up", "1 urgent follow-up"]
    assert len(list(store.root.glob(f"{ANNOTATIONS_FILE}.damaged-*"))) == 1


_LOCK_HOLDER = """
import sys, time
from pathlib import Path
from archive.locking import ProcessLock
with ProcessLock(Path(sys.argv[1]), "a long note edit"):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_a_tag_that_waits_too_long_for_the_annotations_lock_is_busy_not_a_bug(
    store: Store, three: list[str], tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import lock_holders

    monkeypatch.setattr("archive.annotations_file.LOCK_WAIT", 0.0)
    with lock_holders(tmp_path / "holder" / "hold.py", _LOCK_HOLDER) as hold:
        hold(store.root / ".annotations.lock")
        code, _, err = run_cli("tag", three[0], "+foi", "--archive", store.root)

    assert code == 5
    assert "a long note edit" in err and "being written by" in err
