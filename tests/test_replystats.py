"""Reply-time figures for a set of letters: distributions per department and MP, by period."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from archive.importer import import_paths
from archive.pairing.cache import Threads
from archive.replystats import (
    BUCKETS,
    archive_reply_stats,
    bucket_label,
    period_of,
    reply_stats,
)
from archive.store import Store
from tests.conftest import RunCli
from tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "pairing"


def _letter(letter_id: str, day: str | None, mp: str, department: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"direction": "from_mp", "mp": mp, "recipient_org": department}
    if day:
        meta["date"] = day
    return {"id": letter_id, "metadata": meta}


HOME, TRANSPORT = "Home Office", "Department for Transport"
# Six MPs' letters (fictional MPs) and one reply; four letters have a reply time.
RECORDS = [
    _letter("a", "2021-02-10", "Ada Fenner", HOME),
    _letter("b", "2021-05-03", "Ada Fenner", HOME),
    _letter("c", "2021-05-20", "Bram Tolley", TRANSPORT),
    _letter("d", "2022-11-01", "Bram Tolley", HOME),
    _letter("e", None, "Bram Tolley", None),
    _letter("f", "2022-12-15", "Ada Fenner", TRANSPORT),
    {"id": "r", "metadata": {"direction": "to_mp", "date": "2021-02-17", "sender_org": HOME}},
]
# A reply answered by a follow-up has a reply time too; it is not an MP's letter, so it
# must not count.
DAYS = {"a": 5, "b": 25, "c": 12, "f": 61, "r": 3}


def test_distributions_per_department_and_mp() -> None:
    figures = reply_stats(RECORDS, DAYS)
    assert (figures.letters, figures.mp_letters, figures.answered, figures.undated) == (7, 6, 4, 1)
    overall = figures.overall
    # Answered: 5, 12, 25, 61; two of the six letters within 20 working days.
    assert (overall.median, overall.p90, overall.share_within_target) == (18.5, 61, 2 / 6)
    assert [d.name for d in figures.departments] == [HOME, TRANSPORT, "(department not known)"]
    home, transport, unknown = figures.departments
    assert (home.letters, home.answered, home.median, home.p90) == (3, 2, 15.0, 25)
    assert home.share_within_target == pytest.approx(1 / 3)
    assert home.histogram == (1, 0, 0, 0, 1, 0, 0, 0)
    assert (transport.median, transport.p90, transport.share_within_target) == (36.5, 61, 0.5)
    assert transport.histogram == (0, 0, 1, 0, 0, 0, 0, 1)
    assert (unknown.letters, unknown.answered, unknown.median, unknown.p90) == (1, 0, None, None)
    assert unknown.share_within_target == 0.0
    ada, bram = figures.mps
    assert (ada.name, ada.letters, ada.median, ada.p90) == ("Ada Fenner", 3, 25.0, 61)
    assert (bram.name, bram.answered, bram.median) == ("Bram Tolley", 1, 12.0)
    assert bram.share_within_target == pytest.approx(1 / 3)


def test_medians_and_shares_by_quarter_and_by_year() -> None:
    quarters = reply_stats(RECORDS, DAYS, by="quarter").periods
    assert [
        (p.period, p.letters, p.answered, p.median, p.share_within_target) for p in quarters
    ] == [
        ("2021 Q1", 1, 1, 5.0, 1.0),
        ("2021 Q2", 2, 2, 18.5, 0.5),
        ("2022 Q4", 2, 1, 61.0, 0.0),
    ]
    years = reply_stats(RECORDS, DAYS, by="year").periods
    assert [(p.period, p.letters, p.median) for p in years] == [
        ("2021", 3, 12.0),
        ("2022", 2, 61.0),
    ]
    assert years[0].share_within_target == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("days", "bucket"), [(0, "0-5"), (5, "0-5"), (20, "16-20"), (21, "21-30"), (61, "61+")]
)
def test_histogram_buckets_end_at_the_target(days: int, bucket: str) -> None:
    figures = reply_stats([_letter("x", "2020-01-06", "Cora Wynn", HOME)], {"x": days})
    (counted,) = [
        bucket_label(b) for b, n in zip(BUCKETS, figures.overall.histogram, strict=True) if n
    ]
    assert counted == bucket


@pytest.mark.parametrize(
    ("day", "by", "period"),
    [
        (dt.date(2019, 3, 31), "quarter", "2019 Q1"),
        (dt.date(2019, 4, 1), "quarter", "2019 Q2"),
        (dt.date(2019, 12, 31), "quarter", "2019 Q4"),
        (dt.date(2019, 12, 31), "year", "2019"),
    ],
)
def test_period_of(day: dt.date, by: Any, period: str) -> None:
    assert period_of(day, by) == period


def test_no_letters_and_a_bad_period() -> None:
    empty = reply_stats([], {})
    assert (empty.letters, empty.answered, empty.overall.median) == (0, 0, None)
    assert empty.overall.share_within_target is None and empty.periods == ()
    with pytest.raises(ValueError, match="'month'"):
        reply_stats(RECORDS, DAYS, by="month")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def threads(tmp_path_factory: pytest.TempPathFactory) -> Threads:
    store = Store(tmp_path_factory.mktemp("replystats") / "archive", create=True)
    import_paths(store, [FIXTURES], workers=1)
    found = Threads(store)
    found.update()
    return found


def test_the_whole_archive_agrees_with_the_stats_command(threads: Threads) -> None:
    """Over every letter, the figures are those ``replytime.stats`` has always given."""
    before = threads.stats()
    figures = archive_reply_stats(threads).to_json()
    keys = ("letters", "answered", "median_working_days", "share_within_target")
    for group in ("departments", "mps"):
        assert {n: {k: v[k] for k in keys} for n, v in figures[group].items()} == before[group]
    assert {k: figures["overall"][k] for k in keys} == before["overall"]


def test_a_subset_counts_only_its_letters(threads: Threads) -> None:
    by_name = {Path(str(r["path"])).name: str(r["id"]) for r in threads.store.iter_records()}
    chosen = [
        by_name["2021-03-03_tarrant_to_dwp.txt"],
        by_name["2021-03-03_tarrant_to_home_office.txt"],
    ]
    figures = archive_reply_stats(threads, chosen, by="year")
    # 15 and 28 working days (see test_replytime): one of two within the target.
    assert (figures.mp_letters, figures.answered, figures.overall.median) == (2, 2, 21.5)
    assert [(p.period, p.share_within_target) for p in figures.periods] == [("2021", 0.5)]
    assert [m.name for m in figures.mps] == ["Oswin Tarrant"]


# -- dispatchbox stats QUERY --by year|quarter ---------------------------------------------------


def test_cli_stats_by_quarter_and_year_for_a_search(threads: Threads, run_cli: RunCli) -> None:
    root = threads.store.root
    code, out, _ = run_cli("stats", "mp:tarrant", "--by", "quarter", "--archive", root)
    assert code == 0
    assert "Letters found by 'mp:tarrant'" in out
    # Oswin Tarrant's two letters of 3 March 2021: 15 and 28 working days.
    assert ["2021", "Q1", "2", "2", "21.5", "50%"] in [line.split() for line in out.splitlines()]
    code, out, _ = run_cli("stats", "mp:tarrant", "--by", "year", "--json", "--archive", root)
    figures = json.loads(out)
    assert figures["query"] == "mp:tarrant" and figures["by"] == "year"
    assert figures["periods"] == [
        {
            "period": "2021",
            "letters": 2,
            "answered": 2,
            "median_working_days": 21.5,
            "share_within_target": 0.5,
        }
    ]
    assert list(figures["mps"]) == ["Oswin Tarrant"]
    assert figures["overall"]["histogram"]["11-15"] == figures["overall"]["histogram"]["21-30"] == 1


def test_cli_stats_by_period_gives_the_library_figures_and_keeps_the_old_ones(
    threads: Threads, run_cli: RunCli
) -> None:
    root = threads.store.root
    before = json.loads(run_cli("stats", "--json", "--archive", root)[1])
    code, out, _ = run_cli("stats", "--by", "quarter", "--json", "--archive", root)
    figures = json.loads(out)
    assert code == 0
    assert figures["periods"] == archive_reply_stats(threads).to_json()["periods"]
    assert len(figures["periods"]) >= 3
    for key in ("overall", "departments", "mps"):
        keep = figures[key] if key != "overall" else {"": figures[key]}
        old = before[key] if key != "overall" else {"": before[key]}
        assert {name: {k: row[k] for k in old[name]} for name, row in keep.items()} == old
    assert figures["counting_replies"] == before["counting_replies"]


def test_cli_stats_bad_period_or_query(
    threads: Threads, run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    root = threads.store.root
    with pytest.raises(SystemExit) as exited:
        main(["stats", "--by", "month", "--archive", str(root)])
    assert exited.value.code == 2
    assert "--by: invalid choice: 'month'" in capsys.readouterr().err
    code, _out, err = run_cli("stats", "mp:(", "--archive", root)
    assert code == 2 and "query error" in err
    code, _out, err = run_cli("stats", "zzqqxx", "--by", "year", "--archive", root)
    assert code == 1 and "no letters match 'zzqqxx'" in err


def test_cli_stats_for_a_search_counts_only_its_holding_reply_guesses(
    threads: Threads, run_cli: RunCli
) -> None:
    """Idris Fenwold's letter is the archive's one reply time resting on a holding-reply
    guess: a search for his letters keeps it, one for Oswin Tarrant's has none."""
    root = threads.store.root
    fenwold = json.loads(run_cli("stats", "mp:fenwold", "--json", "--archive", root)[1])
    assert fenwold["holding_guesses"] == 1 and len(fenwold["counting_replies"]) == 1
    tarrant = json.loads(run_cli("stats", "mp:tarrant", "--json", "--archive", root)[1])
    assert tarrant["holding_guesses"] == 0 and tarrant["counting_replies"] == []
    code, out, _ = run_cli("stats", "mp:tarrant", "--archive", root)
    assert code == 0 and "holding reply" not in out
