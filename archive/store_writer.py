"""The single writer of letter records: batches, the writer lock and crash-safe counts."""

from __future__ import annotations

from typing import Any

from archive.folder import TEXTS_DIR, WRITER_LOCK, ArchiveFolder, RecordsRecovery, _allowed_counts
from archive.locking import Held, ProcessLock
from archive.storage import REPAIR_HINT, RecordsDamaged, clear_caches
from archive.texts import sync_packs


class StoreWriter(Held):
    """The single writer of letter records: holds the archive's writer lock while open.

    Records are buffered and written in batches (TinyDB rewrites the whole file on each
    write); ``flush`` makes the texts durable first, then replaces the records file.
    """

    def __init__(self, store: ArchiveFolder, purpose: str, *, recover: bool = False) -> None:
        self.store = store
        self.recover = recover
        self._lock = ProcessLock(store.root / WRITER_LOCK, purpose)
        self._pending: dict[str, dict[str, Any]] = {}
        self._removed: set[str] = set()

    def acquire(self) -> None:
        """Take the writer lock and read the records afresh."""
        self._lock.acquire()
        try:
            with self.store._lock:
                self._load()
        except BaseException:
            # ``__exit__`` does not run when ``__enter__`` raises (a damaged records file).
            self._lock.release()
            raise

    def release(self) -> None:
        """Write what is pending, then let the writer lock go."""
        try:
            # What was read and extracted before an interruption is still worth keeping.
            self.flush()
        finally:
            self.store.recovery = None
            self._lock.release()

    def _load(self) -> None:
        """Read the records afresh and check them against the manifest's count."""
        store = self.store
        storage = store._letters
        if self.recover:
            self._open_damaged()
            return
        if not storage.loaded or storage.changed_on_disk():
            storage.reload()
            clear_caches(store._letters_db)
            store._by_path = store._by_sha = store._by_ref = None
        store._check_count(len(storage.records), _allowed_counts(store.manifest()))

    def _open_damaged(self) -> None:
        """Read every intact record, passing over damaged lines; if any were damaged or
        missing, note it in ``store.recovery`` (the import puts back what its sources hold)."""
        store = self.store
        storage = store._letters
        storage.tolerant = True
        try:
            storage.reload()
        finally:
            storage.tolerant = False
        clear_caches(store._letters_db)
        store._by_path = store._by_sha = store._by_ref = None
        intact = len(storage.records)
        reason = ""
        try:
            store._check_count(intact, _allowed_counts(store.manifest()))
        except RecordsDamaged as error:
            reason = str(error).removesuffix("; " + REPAIR_HINT)
        if storage.damaged and not reason:
            reason = f"{storage.path}: {len(storage.damaged)} damaged lines"
        info = store.manifest()
        if not reason and _allowed_counts(info) is None:
            # An archive from before the count: sound now, so from now on it is checked.
            store._write_manifest({**info, "letters": intact})
        if reason:
            store.recovery = RecordsRecovery(
                expected=store.expected_count(),
                intact=intact,
                damaged_lines=tuple(storage.damaged),
                reason=reason,
            )
            # Written back whole at the next flush, without the damaged lines.
            storage.mark_dirty()

    @property
    def pending(self) -> int:
        return len(self._pending) + len(self._removed)

    def put(self, record: dict[str, Any]) -> None:
        """Add or replace a letter record (written at the next flush)."""
        self._removed.discard(record["id"])
        self._pending[record["id"]] = record
        store = self.store
        with store._lock:
            if store._by_path is not None:
                store._by_path[record["path"]] = record["id"]
            if store._by_sha is not None:
                store._by_sha[record["sha256"]] = record["id"]
            store._by_ref = None

    def pending_record(self, letter_id: str) -> dict[str, Any] | None:
        """The record ``put`` for this id and not yet flushed, if any."""
        return self._pending.get(letter_id)

    def remove(self, letter_id: str) -> None:
        self._pending.pop(letter_id, None)
        self._removed.add(letter_id)
        store = self.store
        with store._lock:
            record = store._letter_rows().get(letter_id)
            if record is not None:
                if store._by_path is not None and store._by_path.get(record["path"]) == letter_id:
                    del store._by_path[record["path"]]
                if store._by_sha is not None and store._by_sha.get(record["sha256"]) == letter_id:
                    del store._by_sha[record["sha256"]]
            store._by_ref = None

    def flush(self) -> None:
        store = self.store
        if not self._pending and not self._removed and not store._letters.dirty:
            return
        with store._lock:
            rows = store._letter_rows()
            for letter_id in self._removed:
                rows.pop(letter_id, None)
            for letter_id, record in self._pending.items():
                rows[letter_id] = record
            store._letters.mark_dirty()
            # Texts first: a record must never point at a text that a crash could lose.
            sync_packs(store.root / TEXTS_DIR, self._pending.values())
            # The manifest allows both counts while the records file is replaced, so a crash
            # at any point leaves a count that matches the file (see ``_allowed_counts``).
            info = store.manifest()
            before = info.get("letters")
            if before != len(rows):
                store._write_manifest({**info, "pending": len(rows)})
            store._letters.flush()
            if before != len(rows) or "pending" in info:
                info.pop("pending", None)
                store._write_manifest({**info, "letters": len(rows)})
            self._pending, self._removed = {}, set()
