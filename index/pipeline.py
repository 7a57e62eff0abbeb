"""The import pipeline: read and store letters, bring the index up to date, pair them again.

The CLI's ``import`` and ``demo``, the app's sample loader and the benches all run
``run_import``, so their stages, progress and summaries cannot drift apart. It lives in
``index`` because it runs the index writer and layers flow ``tui -> index -> archive``:
``archive`` may not import ``index``, and ``tui`` is the one layer that imports Textual.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.models import Failure, ImportSummary

if TYPE_CHECKING:
    from archive.pairing.cache import Threads
    from archive.store import Store
    from index.writer import SyncReport

__all__ = ["STAGES", "PairCounts", "PipelineSummary", "Step", "run_import"]

#: The stages in the order they run; a stage asked not to run is left out.
STAGES = ("import", "index", "pair")


@dataclass(frozen=True, slots=True)
class Step:
    """How far a stage has gone: ``done`` of ``total`` (0 while not yet known), and the
    file in hand during the import ("" otherwise). Pairing counts the archive's letters."""

    stage: str
    done: int
    total: int
    current: str = ""


PipelineProgress = Callable[[Step], None]


@dataclass(frozen=True, slots=True)
class PairCounts:
    """What pairing the archive again found."""

    links: int
    #: A reply to several letters has a link to each: it is still one reply.
    replies: int
    uncertain: int
    unpaired: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "seconds": round(self.seconds, 2)}


@dataclass(frozen=True, slots=True)
class PipelineSummary:
    """What one run of the pipeline did, stage by stage."""

    #: The import's full account (duplicates, notices, recovery of a damaged archive).
    imports: ImportSummary
    #: The index sync, or None when the index stage was not asked for.
    index: SyncReport | None
    #: The pairing, or None when not asked for or when no letter changed.
    pairs: PairCounts | None
    seconds: float
    #: Seconds per stage that ran, in the order they ran.
    stage_seconds: tuple[tuple[str, float], ...] = ()

    @property
    def imported(self) -> int:
        return self.imports.imported

    @property
    def unchanged(self) -> int:
        return self.imports.unchanged

    @property
    def skipped(self) -> int:
        return self.imports.skipped

    @property
    def failed(self) -> tuple[Failure, ...]:
        """Each file that could not be read, with the reason."""
        return self.imports.failed

    @property
    def indexed(self) -> int:
        """Letters added to or updated in the index."""
        return self.index.added + self.index.updated if self.index else 0

    @property
    def paired(self) -> int:
        """Replies linked to the letters they answer."""
        return self.pairs.replies if self.pairs else 0

    def stage_time(self, stage: str) -> float:
        return dict(self.stage_seconds).get(stage, 0.0)


def run_import(
    store: Store,
    paths: Sequence[Path],
    *,
    progress: PipelineProgress | None = None,
    workers: int | None = None,
    index: bool = True,
    pair: bool = True,
    threads: Threads | None = None,
) -> PipelineSummary:
    """Import ``paths`` into ``store``, then index and pair; a bad file is reported in the
    summary, never fatal.

    The index is synced while the import still holds the archive's writer lock, so no
    other writer slips in between. Pairing runs only when letters were imported, updated
    or removed; pass the app's ``threads`` so its cached pairing is the one brought up to
    date. A busy archive or index raises ``archive.locking.LockedError`` or
    ``index.writer.IndexBusy``.
    """
    from archive.importer import import_paths

    started = time.perf_counter()
    seconds: dict[str, float] = {}
    synced: list[SyncReport] = []

    def tell(step: Step) -> None:
        if progress is not None:
            progress(step)

    def read_one(done: int, total: int, path: str) -> None:
        tell(Step("import", done, total, path))

    def index_now() -> None:
        from index.writer import sync

        tell(Step("index", 0, 0))
        index_started = time.perf_counter()
        synced.append(sync(store, progress=lambda done, total: tell(Step("index", done, total))))
        seconds["index"] = time.perf_counter() - index_started

    tell(Step("import", 0, 0))
    summary = import_paths(
        store,
        list(paths),
        progress=read_one if progress is not None else None,
        workers=workers,
        finish=index_now if index else None,
    )
    seconds["import"] = time.perf_counter() - started - seconds.get("index", 0.0)
    pairs = None
    if pair and (summary.imported or summary.updated or summary.removed):
        pairs = _pair(store, threads, tell)
        seconds["pair"] = pairs.seconds
    return PipelineSummary(
        imports=summary,
        index=synced[0] if synced else None,
        pairs=pairs,
        seconds=time.perf_counter() - started,
        stage_seconds=tuple((stage, seconds[stage]) for stage in STAGES if stage in seconds),
    )


def _pair(store: Store, threads: Threads | None, tell: PipelineProgress) -> PairCounts:
    """Pair the letters again (cached: the app and queries start from it)."""
    from archive.pairing.cache import Threads

    letters = store.count()
    tell(Step("pair", 0, letters))
    started = time.perf_counter()
    pairing = (threads or Threads(store)).update()
    counts = PairCounts(
        links=len(pairing.links),
        replies=len({link.reply_id for link in pairing.links}),
        uncertain=len(pairing.uncertain()),
        unpaired=len(pairing.unpaired()),
        seconds=time.perf_counter() - started,
    )
    tell(Step("pair", letters, letters))
    return counts
