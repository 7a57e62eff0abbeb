"""bench_tui's query plan: typed bursts alone reach the count asked for, pasted queries apart."""

from __future__ import annotations

import random

import pytest

from bench.bench_tui import PASTE_EVERY, _bursts, _in_turn, plan_queries

WORDS = [f"word{chr(97 + a)}{chr(97 + b)}" for a in range(8) for b in range(8)]
MPS = ["Ann Jones", "Bob Smith", "Cara Patel"]
AREAS = ["North Shire", "East Vale"]
REFERENCES = ["MC2019/00123", "PO-44211", "TO/2020/0042"]


@pytest.mark.parametrize(("bursts", "pasted"), [(200, 60), (50, 0), (1, 5)])
def test_typed_bursts_alone_reach_the_count_and_pasted_queries_are_others(
    bursts: int, pasted: int
) -> None:
    plan = plan_queries(WORDS, MPS, AREAS, REFERENCES, random.Random(7), bursts, pasted)

    typed_bursts = sum(len(_bursts(query, pasted=False)) for query in plan["typed"])
    assert typed_bursts >= bursts
    assert len(plan["pasted"]) == pasted
    everything = plan["typed"] + plan["pasted"]
    assert len(set(everything)) == len(everything)


def test_too_few_distinct_queries_stop_the_plan() -> None:
    with pytest.raises(SystemExit, match="distinct typed bursts"):
        plan_queries(["only"], ["Ann Jones"], [], [], random.Random(7), 200, 0)


def test_pasted_queries_come_between_the_typed_ones_then_the_rest() -> None:
    plan = {"typed": [f"t{n}" for n in range(12)], "pasted": [f"p{n}" for n in range(5)]}

    order = list(_in_turn(plan))

    assert [query for query, pasted in order if not pasted] == plan["typed"]
    assert [query for query, pasted in order if pasted] == plan["pasted"]
    assert all(pasted == query.startswith("p") for query, pasted in order)
    # While both are left, every PASTE_EVERY-th query is pasted.
    assert [pasted for _query, pasted in order[: 3 * PASTE_EVERY]] == (
        [False] * (PASTE_EVERY - 1) + [True]
    ) * 3
