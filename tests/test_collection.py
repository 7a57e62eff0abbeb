"""The app's garbage collection at rest (tui.collection), against Python's own counters."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tui.collection import (
    FULL_AFTER_RESTS,
    WORTH_COLLECTING,
    YOUNG_CAP,
    collect_at_rest,
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
