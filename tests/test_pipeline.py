"""The import pipeline (index.pipeline.run_import): read and store, index, pair, one summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.store import Store
from index.pipeline import STAGES, Step, run_import
from index.searcher import Searcher
from index.writer import needs_rebuild
from tests.conftest import WriteLetter

#: A Word file cut short: the importer fails it with this reason and goes on.
BROKEN_DOCX = b"PK\x03\x04\x14\x00\x06\x00 and then nothing"

MP_LETTER = """\
Harriet Vance MP
House of Commons
London SW1A 0AA

Tobias Wrenfield MP
Minister of State for Transport
Department for Transport
Great Minster House
London SW1P 4DR

Our ref: HV/2231

3 April 2016

Dear Tobias,

I am writing about the 41 bus route through Kelmscott, which my constituents rely on.

Yours sincerely,

Harriet Vance MP
Member of Parliament for Kelmscott and Rye
"""


@pytest.fixture
def small_archive(letters_dir: Path, write_letter: WriteLetter) -> Path:
    """An MP's letter, the reply to it, a broken Word file and a GIF (no letter is one)."""
    (letters_dir / "2016-04-03 vance to dft.txt").write_text(MP_LETTER, encoding="utf-8")
    write_letter("2016-05-12 dft reply.txt", their_date="3 April 2016")
    (letters_dir / "cut.docx").write_bytes(BROKEN_DOCX)
    (letters_dir / "wave.gif").write_bytes(b"GIF89a not a letter")
    return letters_dir


def test_summary_counts_each_stage(store: Store, small_archive: Path) -> None:
    summary = run_import(store, [small_archive], workers=1)

    assert (summary.imported, summary.unchanged, summary.skipped) == (2, 0, 1)
    assert [(f.file.rsplit("/", 1)[-1], f.reason[:17]) for f in summary.failed] == [
        ("cut.docx", "damaged Word file")
    ]
    assert summary.indexed == 2
    assert Searcher(store).letter_count == 2
    assert summary.paired == 1
    assert summary.pairs is not None and summary.pairs.unpaired == 0
    assert [stage for stage, _ in summary.stage_seconds] == list(STAGES)
    assert summary.seconds >= sum(seconds for _, seconds in summary.stage_seconds)


def test_a_second_run_finds_everything_unchanged_and_pairs_nothing_again(
    store: Store, small_archive: Path
) -> None:
    run_import(store, [small_archive], workers=1)

    again = run_import(store, [small_archive], workers=1)

    assert (again.imported, again.unchanged, again.indexed) == (0, 2, 0)
    assert again.pairs is None and again.paired == 0
    assert [stage for stage, _ in again.stage_seconds] == ["import", "index"]


def test_progress_sees_each_stage_in_order(store: Store, small_archive: Path) -> None:
    steps: list[Step] = []

    run_import(store, [small_archive], workers=1, progress=steps.append)

    stages = [step.stage for step in steps]
    assert list(dict.fromkeys(stages)) == list(STAGES)
    assert stages == sorted(stages, key=STAGES.index)  # no stage comes back once left
    imported = [step for step in steps if step.stage == "import" and step.current]
    assert sorted(Path(step.current).name for step in imported) == [
        "2016-04-03 vance to dft.txt",
        "2016-05-12 dft reply.txt",
        "cut.docx",
    ]
    assert (imported[-1].done, imported[-1].total) == (3, 3)
    assert steps[-1] == Step("pair", 2, 2)  # the two letters of the archive, paired


def test_a_failing_file_is_reported_and_the_rest_goes_on(
    store: Store, letters_dir: Path, write_letter: WriteLetter
) -> None:
    # Named to be read between the good letters, whatever order the importer takes.
    write_letter("a.txt", reference="M10001/16")
    (letters_dir / "b.docx").write_bytes(BROKEN_DOCX)
    write_letter("c.txt", reference="M10002/16")

    summary = run_import(store, [letters_dir], workers=1)

    assert [Path(failure.file).name for failure in summary.failed] == ["b.docx"]
    assert "Word" in summary.failed[0].reason
    assert summary.imported == 2 and summary.indexed == 2
    found = Searcher(store).search("M10002/16")
    assert found.total == 1


def test_stages_not_asked_for_do_not_run(store: Store, small_archive: Path) -> None:
    steps: list[Step] = []

    summary = run_import(
        store, [small_archive], workers=1, progress=steps.append, index=False, pair=False
    )

    assert summary.imported == 2 and store.count() == 2
    assert summary.index is None and summary.pairs is None
    assert {step.stage for step in steps} == {"import"}
    assert needs_rebuild(store)  # no index was written
