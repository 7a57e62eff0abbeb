"""Correcting a letter's metadata: the one flow the CLI and the app run (save, then re-index)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from archive.corrections import Correction
from archive.store import Store
from index.writer import IndexBusy, sync_ids


@dataclass(frozen=True, slots=True)
class Corrected:
    """The letter's corrections after a change, and whether its index entry was rewritten."""

    corrections: tuple[Correction, ...]
    reindexed: bool
    #: Why the index could not be updated now (the correction itself is saved).
    index_problem: str = ""


def correct_letter(
    store: Store, letter_id: str, values: Mapping[str, Any], unset: Iterable[str] = ()
) -> Corrected:
    """Save corrections of one letter and re-index it; pairing sees them on its next read.

    Values are as ``archive.corrections.parse_value`` returns them. If the index is busy
    (another process writes it), the correction is kept and ``index_problem`` says so: a
    ``dispatchbox reindex`` later brings the index in line.
    """
    corrections = store.set_corrections(letter_id, values, unset)
    try:
        sync_ids(store, [letter_id])
    except IndexBusy as error:
        return Corrected(tuple(corrections), False, f"{error}; then run: dispatchbox reindex")
    return Corrected(tuple(corrections), True)
