"""Search benchmark: import with indexing, then query latency, on generated 10k and 100k archives.

Every query returns the top 20 with snippets and facet counts, as the app asks for them.
The same letters go into SQLite FTS5 in the same run, and the same kinds of query run on
it (bm25 top 20, snippet(), count and GROUP BY facets), so the ratio is measured here,
not remembered.

Like with like, per query: ours parses the query, finds every matching letter, counts
them, tallies the facets (MP, area, department, direction, year, tags), ranks (or sorts by
date) the top 20, reads those 20 records and texts and makes their snippets with highlight
spans. FTS5 runs MATCH ... ORDER BY rank LIMIT 20 with snippet(), count(*) and a GROUP BY
for each of five facets (each statement matching again, as an app on SQLite would). Both
sides do all of it in one go, which is more than a keystroke costs the app: it asks for the
first page and its snippets as keys are typed, and counts the facets in a second search once
the typing rests (tui/screens/main.py, ``count_facets``). A date range has no words
to highlight: ours gives the letter's opening as its snippet, FTS5 its first 200
characters.

    python bench/bench_search.py                  # 10k and 100k
    python bench/bench_search.py --sizes 10000
    python bench/bench_search.py --reuse /tmp/bench-archives   # build once, compare code
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import distribution, run_phase  # noqa: E402

KINDS = (
    "common word",
    "rare word",
    "two-word AND",
    "phrase",
    "field filter",
    "date range",
    "reference",
)
TARGET_MS = {kind: 100.0 for kind in KINDS} | {"reference": 10.0}
#: Distinct queries of each kind, none repeated (a repeat is served by caches FTS5 lacks);
#: fewer where the archive has fewer (the report says how many).
RUNS = 200
#: Opens the index and warms the process before timing; no batch holds it.
WARM_UP = "qqqwarmupqqq"


# -- phases ---------------------------------------------------------------------------------------


def phase_import(args: argparse.Namespace) -> dict[str, Any]:
    from archive.store import Store
    from index.pipeline import run_import

    store = Store(Path(args.archive), create=True)
    with common.TreeMemory() as memory:
        started = time.perf_counter()
        summary = run_import(store, [Path(args.letters)], pair=False)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "index_seconds": summary.stage_time("index"),
        "letters": summary.imported,
        "letters_per_s": summary.imported / seconds,
        "peak_mb": max(memory.peak_mb, common.peak_rss_mb()),
    }


def phase_queries(args: argparse.Namespace) -> dict[str, Any]:
    """Choose the queries from the archive itself (same set for both engines)."""
    from archive.store import Store
    from index.compile import _tokens

    store = Store(Path(args.archive))
    rng = random.Random(args.seed)
    ids = store.ids()
    sample = rng.sample(ids, min(2000, len(ids)))
    frequency: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    words_of: dict[str, str] = {}
    for letter_id in sample:
        text = store.text(letter_id)
        stems = set(_tokens("body", text))
        frequency.update(stems)
        raw = [w.lower() for w in text.split() if w.isalpha() and len(w) > 3]
        for word in raw:
            words_of.setdefault(_tokens("body", word)[0] if _tokens("body", word) else word, word)
        pairs.update(set(zip(raw, raw[1:], strict=False)))
    size = len(sample)

    def band(low: float, high: float) -> list[str]:
        return sorted(
            w for w, n in frequency.items() if low * size <= n <= high * size and w in words_of
        )

    common = [words_of[w] for w in band(0.2, 0.8)]
    rare = [words_of[w] for w in band(0.0015, 0.005)]
    medium = [words_of[w] for w in band(0.02, 0.15)]
    phrases = sorted(f'"{a} {b}"' for (a, b), n in pairs.items() if 0.02 * size <= n <= 0.3 * size)
    records = list(store.iter_records())
    fields = []
    for field in ("mp", "area", "dept"):
        values = {v for r in records if (v := _field_value(r.get("metadata", {}), field))}
        fields += [f'{field}:"{value}"' for value in sorted(values) if '"' not in value]
    references = sorted(
        {ref for r in records for ref in r.get("metadata", {}).get("references", [])}
    )
    and_pairs = sorted({f"{a} {b}" for a in medium for b in medium if a < b})
    ranges = sorted(
        f"date:{y}-{m:02d}-{d:02d}..{y}-{m + span:02d}-{d:02d}"
        for y in range(2010, 2025)
        for m in range(1, 10)
        for span in (1, 2, 3)
        for d in (1, 15)
    )

    def distinct(pool: list[str]) -> list[str]:
        return rng.sample(pool, min(RUNS, len(pool)))

    queries = {
        "common word": distinct(common),
        "rare word": distinct(rare),
        "two-word AND": distinct(and_pairs),
        "phrase": distinct(phrases),
        "field filter": distinct(fields),
        "date range": distinct(ranges),
        "reference": distinct(references),
    }
    Path(args.output).write_text(json.dumps(queries))
    return {"chosen": {k: len(v) for k, v in queries.items()}}


def _field_value(meta: dict[str, Any], field: str) -> str | None:
    """The letter's MP, area or department (the department it writes to or from), as the
    FTS5 side stores it."""
    if field == "dept":
        key = "recipient_org" if meta.get("direction") == "from_mp" else "sender_org"
        value = meta.get(key)
    else:
        value = meta.get(field)
    return str(value) if value else None


def phase_search(args: argparse.Namespace) -> dict[str, Any]:
    from archive.store import Store
    from index.searcher import Searcher

    queries: dict[str, list[str]] = json.loads(Path(args.queries).read_text())
    started = time.perf_counter()
    searcher = Searcher(Store(Path(args.archive)))
    first_ms, _cpu, _ = timed(searcher.search, WARM_UP, limit=20)
    opened_ms = (time.perf_counter() - started) * 1000
    results: dict[str, Any] = {"open_and_first_query_ms": opened_ms, "first_query_ms": first_ms}
    for kind, batch in queries.items():
        times, cpu = [], []
        totals = []
        for query in batch:
            sort = "-date" if kind == "date range" else "relevance"
            ms, cpu_ms, result = timed(searcher.search, query, limit=20, sort=sort)
            times.append(ms)
            cpu.append(cpu_ms)
            totals.append(result.total)
        results[kind] = distribution(times) | {
            "hits_median": sorted(totals)[len(totals) // 2],
            "cpu": distribution(cpu),
        }
    results["peak_mb"] = common.peak_rss_mb()
    return results


def phase_fts_build(args: argparse.Namespace) -> dict[str, Any]:
    """SQLite FTS5 over the same letters: texts and the same metadata."""
    from archive.store import Store

    store = Store(Path(args.archive))
    db = sqlite3.connect(args.fts)
    db.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(body, mp, area, dept, refs, "
        "tokenize='porter unicode61')"
    )
    db.execute(
        "CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, mp TEXT, area TEXT, dept TEXT,"
        " direction TEXT, date INTEGER, year INTEGER)"
    )
    started = time.perf_counter()
    count = 0
    for number, record in enumerate(store.iter_records(), 1):
        meta = record.get("metadata", {})
        date = int((meta.get("date") or "0").replace("-", "") or 0)
        dept = _field_value(meta, "dept")
        db.execute(
            "INSERT INTO fts(rowid, body, mp, area, dept, refs) VALUES (?, ?, ?, ?, ?, ?)",
            (
                number,
                store.text(record["id"]),
                meta.get("mp") or "",
                meta.get("area") or "",
                dept or "",
                " ".join(meta.get("references", [])),
            ),
        )
        db.execute(
            "INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                record["id"],
                meta.get("mp"),
                meta.get("area"),
                dept,
                meta.get("direction"),
                date,
                date // 10000,
            ),
        )
        count += 1
    db.execute("CREATE INDEX meta_date ON meta(date)")
    db.commit()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "letters_per_s": count / seconds, "peak_mb": common.peak_rss_mb()}


def phase_fts_search(args: argparse.Namespace) -> dict[str, Any]:
    queries: dict[str, list[str]] = json.loads(Path(args.queries).read_text())
    db = sqlite3.connect(args.fts)
    results: dict[str, Any] = {}
    db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (WARM_UP,)).fetchone()

    def run(kind: str, query: str) -> int:
        if kind == "date range":
            low, high = query.split(":", 1)[1].split("..")
            start = int(low.replace("-", ""))
            end = int(high.replace("-", ""))
            where, params = "m.date BETWEEN ? AND ?", (start, end)
            rows = db.execute(
                f"SELECT m.id, substr(f.body, 1, 200) FROM meta m JOIN fts f ON f.rowid = m.rowid "
                f"WHERE {where} ORDER BY m.date DESC LIMIT 20",
                params,
            ).fetchall()
            source = f"FROM meta m WHERE {where}"
        else:
            match = _fts_match(kind, query)
            rows = db.execute(
                "SELECT m.id, snippet(fts, 0, '[', ']', '…', 20) "
                "FROM fts JOIN meta m ON m.rowid = fts.rowid "
                "WHERE fts MATCH ? ORDER BY rank LIMIT 20",
                (match,),
            ).fetchall()
            source = "FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE fts MATCH ?"
            params = (match,)
        total = db.execute(f"SELECT count(*) {source}", params).fetchone()[0]
        for column in ("mp", "area", "dept", "year", "direction"):
            db.execute(
                f"SELECT m.{column}, count(*) {source} GROUP BY m.{column}", params
            ).fetchall()
        assert len(rows) <= 20
        return int(total)

    for kind, batch in queries.items():
        times, cpu = [], []
        for query in batch:
            ms, cpu_ms, _ = timed(run, kind, query)
            times.append(ms)
            cpu.append(cpu_ms)
        results[kind] = distribution(times) | {"cpu": distribution(cpu)}
    return results


def _fts_match(kind: str, query: str) -> str:
    if kind == "field filter":
        field, value = query.split(":", 1)
        return f"{field} : {value}"
    if kind == "reference":
        return 'refs : "' + " ".join(t for t in _split(query)) + '"'
    if kind == "phrase":
        return query
    return " AND ".join(f'"{word}"' for word in query.split())


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[float, float, Any]:
    """Milliseconds of wall time and of this process's CPU time a call took, and its result.

    The CPU time is what the query cost whatever else the machine ran: on a shared, loaded
    machine the wall time is mostly waiting for a core.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    cpu_ms = (time.process_time() - cpu_started) * 1000
    return (time.perf_counter() - started) * 1000, cpu_ms, result


def _split(text: str) -> list[str]:
    import re

    return [t for t in re.split(r"[^0-9A-Za-z]+", text) if t]


PHASES = {
    "generate": common.phase_generate,
    "import": phase_import,
    "queries": phase_queries,
    "search": phase_search,
    "fts-build": phase_fts_build,
    "fts-search": phase_fts_search,
}


# -- orchestration --------------------------------------------------------------------------------


def bench_size(count: int, work: Path, seed: int, reuse: Path | None = None) -> dict[str, Any]:
    """One size; with ``reuse``, the archive, its FTS5 twin and the queries are kept there
    and reused by the next run (import and FTS5 build figures then come from the run that
    made them)."""
    me = Path(__file__)
    keep = reuse / f"{count}-seed{seed}" if reuse else None
    home = keep or work
    letters, archive = work / f"letters-{count}", home / f"archive-{count}"
    queries, fts = home / f"queries-{count}.json", home / f"fts-{count}.db"
    made = home / f"made-{count}.json"
    results: dict[str, Any] = {"count": count}
    if keep and made.exists():
        results |= json.loads(made.read_text())
        results["reused"] = str(keep)
    else:
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(archive, ignore_errors=True)  # a run stopped half-way
            fts.unlink(missing_ok=True)
        results["generate"] = run_phase(me, "generate", count=count, letters=letters, seed=seed)
        results["import"] = run_phase(me, "import", letters=letters, archive=archive)
        shutil.rmtree(letters)
        results["queries"] = run_phase(me, "queries", archive=archive, output=queries, seed=seed)
        results["fts_build"] = run_phase(me, "fts-build", archive=archive, fts=fts)
        if keep:
            made.write_text(json.dumps({k: results[k] for k in _MADE}))
    results["search"] = run_phase(me, "search", archive=archive, queries=queries)
    results["fts_search"] = run_phase(me, "fts-search", fts=fts, queries=queries)
    results["index_mb"] = (
        sum(p.stat().st_size for p in (archive / "index").rglob("*") if p.is_file()) / 1e6
    )
    results["fts_mb"] = fts.stat().st_size / 1e6
    if not keep:
        shutil.rmtree(archive)
        fts.unlink()
    return results


_MADE = ("generate", "import", "queries", "fts_build")


def report(results: dict[str, Any]) -> None:
    count = results["count"]
    imp, search, fts_build, fts = (
        results[k] for k in ("import", "search", "fts_build", "fts_search")
    )
    print(f"\n== {count:,} letters")
    if "reused" in results:
        print(f"archive, FTS5 database and queries reused from {results['reused']}")
    print(
        f"import with indexing: {imp['seconds']:.0f} s, {imp['letters_per_s']:.0f} letters/s "
        f"(indexing {imp['index_seconds']:.0f} s), peak {imp['peak_mb']:.0f} MB (all processes); "
        f"index {results['index_mb']:.0f} MB"
    )
    print(
        f"FTS5 indexing of the same texts: {fts_build['letters_per_s']:.0f} letters/s; "
        f"database {results['fts_mb']:.0f} MB"
    )
    print(
        f"open index + first query: {search['open_and_first_query_ms']:.0f} ms; "
        f"search process peak {search['peak_mb']:.0f} MB"
    )
    print(
        f"{'query (top 20 + snippets + facets)':30} {'n':>4} {'p50':>8} {'p95':>8} {'max':>8} "
        f"{'target':>7} {'FTS5 p50':>9} {'p95':>8} {'max':>8} {'p95 ratio':>9}  hits"
    )
    for kind in KINDS:
        ours, theirs = search[kind], fts[kind]
        verdict = "ok" if ours["p95"] <= min(TARGET_MS[kind], theirs["p95"]) else "BEHIND"
        ratio = ours["p95"] / theirs["p95"] if theirs["p95"] else float("inf")
        print(
            f"{kind:30} {ours['n']:4d} {ours['p50']:7.1f}ms {ours['p95']:7.1f}ms "
            f"{ours['max']:7.1f}ms {TARGET_MS[kind]:6.0f}ms {theirs['p50']:8.1f}ms "
            f"{theirs['p95']:7.1f}ms {theirs['max']:7.1f}ms {ratio:8.2f}x  "
            f"{ours['hits_median']}  {verdict}"
        )
    print(
        "n distinct queries of each kind, none repeated, the same for both engines; each "
        "engine warmed by one query in no batch. ok: p95 under the target and FTS5's p95."
    )
    if all("cpu" in search[kind] and "cpu" in fts[kind] for kind in KINDS):
        print(
            f"\n{'CPU time per query (this process)':30} {'p50':>8} {'p95':>8} "
            f"{'FTS5 p50':>9} {'p95':>8} {'p95 ratio':>9}"
        )
        for kind in KINDS:
            ours, theirs = search[kind]["cpu"], fts[kind]["cpu"]
            ratio = ours["p95"] / theirs["p95"] if theirs["p95"] else float("inf")
            print(
                f"{kind:30} {ours['p50']:7.1f}ms {ours['p95']:7.1f}ms {theirs['p50']:8.1f}ms "
                f"{theirs['p95']:7.1f}ms {ratio:8.2f}x"
            )
        print(
            "CPU time is what each query cost whatever else ran; wall time adds the waits "
            "for a core on a loaded machine."
        )


def main() -> None:
    def more(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--reuse",
            type=Path,
            help="keep each size's archive, FTS5 database and queries in this folder and "
            "reuse them in later runs (to compare code changes on the same letters)",
        )

    args = common.parse_args(
        __doc__ or "", PHASES, ("letters", "archive", "queries", "output", "fts"), more
    )
    if args is not None:
        common.run_sizes(
            args, "search", lambda size, work: bench_size(size, work, args.seed, args.reuse), report
        )


if __name__ == "__main__":
    main()
