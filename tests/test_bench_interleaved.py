"""The interleaved bench runs each query by both trees' code, each imported from its tree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from archive.store import Store

ROOT = Path(__file__).resolve().parent.parent


def test_both_codes_answer_every_query_and_each_kind_gets_its_ratios(
    sample_store: Store, tmp_path: Path
) -> None:
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps({"rare word": ["flood", "school"], "date range": ["date:2016"]}))
    ran = _interleaved(ROOT, sample_store, queries, runs=2)
    assert ran.returncode == 0, ran.stderr
    rows = {line.split()[0] + " " + line.split()[1]: line for line in ran.stdout.splitlines()}
    for kind in ("rare word", "date range"):
        assert rows[kind].count("ms") == 4 and rows[kind].count("x") == 3, ran.stdout
    assert "2 queries a kind" in ran.stdout and "load average" in ran.stdout


def test_a_tree_without_the_search_code_is_refused(sample_store: Store, tmp_path: Path) -> None:
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps({"rare word": ["flood"]}))
    ran = _interleaved(tmp_path, sample_store, queries, runs=1)
    assert ran.returncode != 0 and "the search code came from" in ran.stderr


def _interleaved(
    old: Path, store: Store, queries: Path, *, runs: int
) -> subprocess.CompletedProcess[str]:
    """bench/interleaved.py run with ``old`` as the old code, from ``queries``'s folder."""
    command = [sys.executable, str(ROOT / "bench" / "interleaved.py"), "--old", str(old)]
    command += ["--archive", str(store.root), "--queries", str(queries), "--runs", str(runs)]
    return subprocess.run(command, capture_output=True, text=True, cwd=queries.parent)
