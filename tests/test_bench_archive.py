"""bench_archive's one-process import counts its CPU stage by stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.importer import import_paths
from archive.store import Store
from bench.bench_archive import _STAGES, _count_stages
from tests.conftest import WriteLetter


def test_each_stage_of_a_one_process_import_is_counted_inside_the_whole(
    write_letter: WriteLetter, letters_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(2):
        write_letter(f"reply-{number}.txt", reference=f"M{number}0001/16")
        write_letter(f"mp-{number}.txt", kind="mp", our_ref=f"HV/{number}")
    seconds = _count_stages(patch=monkeypatch.setattr)

    summary = import_paths(store, [letters_dir], workers=1)

    assert summary.imported == 4
    assert list(seconds) == [label for *_where, label in _STAGES]
    reader_total, *reader_parts = (v for k, v in seconds.items() if k.startswith("reader"))
    assert seconds["reader: extract metadata"] > 0
    assert seconds["store: place (new, moved, duplicate)"] > 0
    assert seconds["store: write records (flush)"] > 0
    # The reader's stages run inside its whole: their sum cannot exceed it.
    assert 0 < sum(reader_parts) <= reader_total
