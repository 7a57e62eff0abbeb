"""The app's garbage collection at rest (tui.collection), against Python's own counters."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest

from tui.collection import (
    FULL_AFTER_RESTS,
    WORTH_COLLECTING,
    YOUNG_CAP,
    _malloc_trim,
    collect_at_rest,
    release_free_memory,
    settle,
)


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    """Python's thresholds as they were, put back after the test, and nothing left frozen
    (later tests run apps whose timing the collector's state would change)."""
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    yield before
    gc.set_threshold(*before)
    if gc.get_freeze_count() != frozen:
        gc.unfreeze()


def young_objects(count: int) -> list[list[int]]:
    return [[number] for number in range(count)]


def test_too_little_garbage_is_left(thresholds: tuple[int, int, int]) -> None:
    gc.collect()
    assert collect_at_rest() == -1


def test_a_rest_collects_the_young_generations(thresholds: tuple[int, int, int]) -> None:
    gc.disable()
    try:
        gc.collect()
        kept = young_objects(WORTH_COLLECTING * 2)
        assert collect_at_rest() == 1
        assert gc.get_count()[0] < WORTH_COLLECTING
        assert gc.get_count()[2] == 1  # one more young collection towards a full one
    finally:
        gc.enable()
    assert kept


@pytest.mark.parametrize(
    ("rests", "generation"), [(FULL_AFTER_RESTS - 1, 1), (FULL_AFTER_RESTS, 2)]
)
def test_a_full_collection_comes_after_so_many_rests(
    thresholds: tuple[int, int, int], rests: int, generation: int
) -> None:
    gc.disable()
    try:
        gc.collect()
        for _ in range(rests):
            gc.collect(1)
        kept = young_objects(WORTH_COLLECTING * 2)
        assert collect_at_rest() == generation
        if generation == 1:
            assert gc.get_count()[2] == rests + 1
            return
        assert gc.get_count()[2] == 0
    finally:
        gc.enable()
    assert kept


def test_settling_raises_only_the_young_threshold(thresholds: tuple[int, int, int]) -> None:
    settle()
    assert gc.get_threshold() == (YOUNG_CAP, *thresholds[1:])


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(_malloc_trim() is None, reason="the C library has no malloc_trim")
def test_free_memory_goes_back_to_the_system() -> None:
    # Memory freed between blocks still held (as a search's arrays are, among the caches
    # kept) stays resident until the allocator is asked to give it back.
    blocks = [bytearray(4000) for _ in range(10_000)]
    kept = blocks[::64]
    del blocks
    before = resident_mb()
    assert release_free_memory()
    assert before - resident_mb() > 20
    assert kept


def test_a_collection_at_rest_gives_free_memory_back(
    thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    released: list[bool] = []
    monkeypatch.setattr("tui.collection.release_free_memory", lambda: released.append(True))
    gc.disable()
    try:
        gc.collect()
        kept = young_objects(WORTH_COLLECTING * 2)
        assert collect_at_rest() == 1
    finally:
        gc.enable()
    assert released == [True]
    assert kept


def test_no_trim_where_the_c_library_lacks_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.collection._malloc_trim", lambda: None)
    assert release_free_memory() is False
