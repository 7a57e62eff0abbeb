"""Every letter a search finds, as ids, for figures over a whole search (reply times).

The results list loads only a page at a time; statistics need every letter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.results import Filter
    from index.searcher import Searcher


def matching_ids(searcher: Searcher, query: str, filters: Sequence[Filter] = ()) -> list[str]:
    """The ids of every letter the query and filters find, oldest first.

    Raises ``index.query.QueryError`` when the query cannot be parsed.
    """
    total = searcher.count(query, filters)
    if not total:
        return []
    result = searcher.search(
        query, sort="date", limit=total, filters=filters, facets=False, snippets=False
    )
    return [hit.letter_id for hit in result.hits]
