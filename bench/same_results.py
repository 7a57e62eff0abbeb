"""Check that a change to the search code keeps every result: same total, same hits, same order.

Run it once with the old code and once with the new (e.g. an export of the old commit), on
the same archive and queries (``bench_search.py --phase queries`` writes a queries file),
then compare the two outputs:

    python bench/same_results.py --archive A --queries Q --output old.json   # old code
    python bench/same_results.py --archive A --queries Q --output new.json   # new code
    python bench/same_results.py --compare old.json new.json

Each query runs as the bench runs it (top 20, the date range newest first) and as the app
runs it while typing (the last word as a prefix), plus its second page.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def record(archive: Path, queries: dict[str, list[str]]) -> dict[str, Any]:
    from archive.store import Store
    from index.query import as_you_type
    from index.searcher import Searcher

    searcher = Searcher(Store(archive))
    seen: dict[str, Any] = {}
    for kind, batch in queries.items():
        sort = "-date" if kind == "date range" else "relevance"
        for query in batch:
            for text in dict.fromkeys((query, as_you_type(query))):
                for offset in (0, 20):
                    result = searcher.search(text, limit=20, offset=offset, sort=sort)
                    seen[f"{kind}|{text}|{offset}"] = {
                        "total": result.total,
                        "ids": [hit.letter_id for hit in result.hits],
                        "snippets": [hit.snippet.text for hit in result.hits],
                        # what each result row shows (date, MP, department, subject...)
                        "rows": [hit.to_json() for hit in result.hits],
                        "facets": {
                            name: [[c.value, c.count] for c in counts]
                            for name, counts in result.facets.items()
                        },
                    }
    return seen


def compare(old: dict[str, Any], new: dict[str, Any]) -> int:
    differing = [key for key in old if old[key] != new.get(key)]
    missing = [key for key in new if key not in old]
    for key in differing[:10]:
        print(f"differs: {key}\n  old {old[key]['ids'][:5]}\n  new {new.get(key, {}).get('ids')}")
    print(
        f"{len(old)} searches compared (total, hit ids in order, snippets, rows, facets): "
        f"{len(differing)} differ, {len(missing)} only in the new run"
    )
    return 1 if differing or missing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--archive", type=Path)
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    if args.compare:
        old, new = (json.loads(path.read_text()) for path in args.compare)
        raise SystemExit(compare(old, new))
    if not (args.archive and args.queries and args.output):
        parser.error("--archive, --queries and --output are needed (or --compare OLD NEW)")
    queries = json.loads(args.queries.read_text())
    args.output.write_text(json.dumps(record(args.archive, queries)))


if __name__ == "__main__":
    main()
