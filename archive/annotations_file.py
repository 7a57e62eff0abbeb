"""The annotations file's safety: rotating backups, a seal, damage found at open and mended.

A researcher's tags, notes, link decisions and corrections are months of work, kept in one
small file. Every write also keeps its bytes as the newest of a few backups (the older ones
shift by a rename: one more small write, no re-serialising). A seal written beside the file
records how many annotations it holds, so a missing or emptied file where annotations
existed is damage, never "no annotations". A damaged file is set aside and the newest good
backup put back, with a notice saying which one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from archive.locking import LockedError, ProcessLock
from archive.storage import AtomicJSONStorage, StorageError, replace_file

#: How many earlier versions of the annotations file are kept.
BACKUPS_KEPT = 5
BACKUPS_DIR = "backups"
#: How long a writer waits for another to finish with the annotations, in seconds.
LOCK_WAIT = 5.0
#: A temporary file older than this, with no writer holding the lock, was left by a kill.
STALE_AFTER_SECONDS = 60.0


class AnnotationsDamaged(StorageError):
    """The annotations file is damaged and no backup could be put back in its place."""


@dataclass(frozen=True, slots=True)
class Backup:
    """One kept version of the annotations file (1 is the newest)."""

    number: int
    path: Path
    saved_at: str
    summary: str  # e.g. "8 letters tagged, 3 notes, 2 link decisions, ..."
    good: bool
    rows: int


def summarise(data: dict[str, Any]) -> str:
    """How much a parsed annotations file holds, in words."""
    rows = data.get("annotations", {})
    tagged = sum(1 for row in rows.values() if isinstance(row, dict) and row.get("tags"))
    notes = sum(1 for row in rows.values() if isinstance(row, dict) and row.get("note"))
    return ", ".join(
        f"{count} {singular if count == 1 else plural}"
        for count, singular, plural in (
            (tagged, "letter tagged", "letters tagged"),
            (notes, "note", "notes"),
            (len(data.get("links", {})), "link decision", "link decisions"),
            (len(data.get("corrections", {})), "letter corrected", "letters corrected"),
            (len(data.get("saved_searches", {})), "saved search", "saved searches"),
        )
    )


def count_rows(data: dict[str, Any]) -> int:
    """The number of annotation rows of every kind."""
    return sum(len(rows) for rows in data.values() if isinstance(rows, dict))


class AnnotationsStorage(AtomicJSONStorage):
    """``AtomicJSONStorage`` for annotations.json, with backups, a seal and its own lock.

    ``notices`` collects what was mended at open, for the CLI and the app to tell the user.
    """

    def __init__(self, path: Path, lock_path: Path) -> None:
        super().__init__(path)
        self.lock_path = lock_path
        self.seal_path = path.with_name(f"{path.stem}.seal.json")
        self.backup_dir = path.parent / BACKUPS_DIR
        self.notices: list[str] = []
        self._lock: ProcessLock | None = None
        self._depth = 0

    # -- the writer's lock (re-entrant within this storage) --------------------------------

    @contextmanager
    def locked(self, purpose: str = "tagging", wait: float | None = None) -> Iterator[None]:
        """Hold the annotations writer lock (taken once however deeply nested)."""
        if self._depth == 0:
            lock = ProcessLock(self.lock_path, purpose, wait=LOCK_WAIT if wait is None else wait)
            lock.acquire()
            self._lock = lock
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self._lock is not None:
                self._lock.release()
                self._lock = None

    # -- backups -----------------------------------------------------------------------------

    def backup_path(self, number: int) -> Path:
        return self.backup_dir / f"{self.path.name}.{number}"

    def backups(self) -> list[Backup]:
        """The kept versions, newest first, each with its time and what it holds."""
        found = []
        for number in range(1, BACKUPS_KEPT + 1):
            path = self.backup_path(number)
            try:
                stat = path.stat()
                data = _parse(path.read_bytes())
            except OSError:
                continue
            saved = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).isoformat(timespec="seconds")
            if data is None:
                found.append(Backup(number, path, saved, "damaged, cannot be read", False, 0))
            else:
                found.append(Backup(number, path, saved, summarise(data), True, count_rows(data)))
        return found

    def restore(self, number: int) -> Backup:
        """Put backup ``number`` back as a new version (the current one stays a backup)."""
        with self.locked("restoring annotations"):
            chosen = next((b for b in self.backups() if b.number == number), None)
            if chosen is None:
                raise StorageError(f"{self.backup_path(number)}: there is no backup {number}")
            if not chosen.good:
                raise StorageError(f"{chosen.path}: this backup is damaged and cannot be restored")
            payload = chosen.path.read_bytes()
            self._write_bytes(payload)
            self._data, self._dirty = orjson.loads(payload), False
        return chosen

    def _keep(self, payload: bytes) -> None:
        """Shift the backups by one (renames) and keep ``payload`` as backup 1.

        Backup 1 is a copy of the file just written, never a hard link to it: a file emptied
        or truncated in place must not take its newest backup with it.
        """
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        for number in range(BACKUPS_KEPT - 1, 0, -1):
            older = self.backup_path(number)
            if older.exists():
                os.replace(older, self.backup_path(number + 1))
        replace_file(self.backup_path(1), payload)

    # -- writing: the file, then its backup, then its seal ---------------------------------

    def _write_bytes(self, payload: bytes) -> None:
        super()._write_bytes(payload)
        try:
            self._keep(payload)
        except (OSError, StorageError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise StorageError(
                f"{self.backup_dir}: the change was saved, but its backup could not be "
                f"written ({reason})"
            ) from error
        self._write_seal(payload)

    def _write_seal(self, payload: bytes) -> None:
        data = _parse(payload) or {}
        seal = {
            "rows": count_rows(data),
            "bytes": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest(),
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        # Not fsynced: a seal lost in a crash reads as none, and the backups then tell.
        replace_file(self.seal_path, orjson.dumps(seal), durable=False)

    def _seal(self) -> dict[str, Any]:
        try:
            seal = _parse(self.seal_path.read_bytes())
        except OSError:
            return {}
        return seal or {}

    # -- reading: damage is found, never read as empty -------------------------------------

    def _load(self) -> None:
        stamp = self._file_stamp()
        raw = self._read_raw()
        problem = self._damage(raw)
        if problem is None:
            self._data, self._stamp = (_parse(raw) if raw else None) or {}, stamp
            if raw and raw.strip() and not self.seal_path.exists():
                self._adopt(raw)
            return
        with self.locked("restoring annotations"):
            stamp, raw = self._file_stamp(), self._read_raw()
            problem = self._damage(raw)  # another process may have mended it meanwhile
            if problem is None:
                self._data, self._stamp = (_parse(raw) if raw else None) or {}, stamp
                return
            self._mend(problem, raw)

    def _adopt(self, raw: bytes) -> None:
        """Seal and back up a file written before seals existed (if no writer is busy)."""
        try:
            with self.locked("sealing annotations", wait=0.0):
                if not self.seal_path.exists():
                    self._keep(raw)
                    self._write_seal(raw)
        except (LockedError, OSError, StorageError):
            pass  # a read-only archive or a busy writer: the next write seals it

    def _mend(self, problem: str, raw: bytes | None) -> None:
        good = next((b for b in self.backups() if b.good), None)
        if good is None:
            raise AnnotationsDamaged(
                f"{self.path}: {problem}, and no good backup is kept in {self.backup_dir}; it "
                "was left as it is. Restore your own export with `dispatchbox annotations "
                "--import FILE` after moving it aside, or run `dispatchbox doctor --repair`"
            )
        kept = ""
        if raw:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
            os.replace(self.path, aside)
            kept = f"; the damaged file was kept as {aside.name}"
        payload = good.path.read_bytes()
        # Not through ``_write_bytes``: a damaged file must not push a good backup out.
        replace_file(self.path, payload)
        self._write_seal(payload)
        self._data, self._stamp, self._dirty = orjson.loads(payload), self._file_stamp(), False
        self.notices.append(
            f"{self.path.name} was {problem}: restored backup {good.number} of {good.saved_at} "
            f"({good.summary}){kept}"
        )

    def reset_damaged(self) -> str | None:
        """Set a damaged file with no good backup aside and start empty (doctor --repair)."""
        with self.locked("repairing annotations"):
            raw = self._read_raw()
            problem = self._damage(raw)
            if problem is None or any(b.good for b in self.backups()):
                return None
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
            if raw:
                os.replace(self.path, aside)
            payload = orjson.dumps({})
            replace_file(self.path, payload)
            self._write_seal(payload)
            self._data, self._stamp, self._dirty = {}, self._file_stamp(), False
            kept = f"; it was kept as {aside.name}" if raw else ""
            return f"{self.path.name} was {problem} with no good backup: started empty{kept}"

    def _read_raw(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(f"{self.path}: could not be read ({error.strerror})") from error

    def _damage(self, raw: bytes | None) -> str | None:
        """Why the file's content cannot be the annotations last written, or None if it can."""
        seal = self._seal()
        written = int(seal.get("rows", 0) or 0)
        if raw is None or not raw.strip():
            state = "deleted" if raw is None else "emptied"
            if written:
                return f"{state} (it held {written} annotation rows at {seal.get('written', '?')})"
            if not seal and any(b.rows for b in self.backups()):
                return f"{state} (its backups hold annotations)"
            return None
        try:
            loaded = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            return f"damaged ({error.msg} at byte {error.pos} of {len(raw)})"
        if not isinstance(loaded, dict):
            return "damaged (not an annotations file: the top level is not an object)"
        if written and not count_rows(loaded) and seal.get("sha256") != _digest(raw):
            return f"emptied (it held {written} annotation rows at {seal.get('written', '?')})"
        return None


def remove_stale_temp_files(
    root: Path,
    lock_path: Path,
    *,
    older_than: float = STALE_AFTER_SECONDS,
    dry_run: bool = False,
) -> list[Path]:
    """Remove temporary files a killed annotations write left behind; returns what went.

    Only files older than ``older_than`` seconds, and only while no writer holds the lock.
    With ``dry_run`` they are only listed.
    """
    try:
        lock = ProcessLock(lock_path, "removing stale temporary files")
        lock.acquire()
    except LockedError:
        return []
    removed = []
    try:
        cutoff = time.time() - older_than
        folders = [root, root / BACKUPS_DIR]
        for folder in folders:
            if not folder.is_dir():
                continue
            candidates = [
                *folder.glob(".annotations.json.*"),
                *folder.glob(".annotations.seal.json.*"),
            ]
            for path in sorted(candidates):
                try:
                    if path.is_file() and path.stat().st_mtime < cutoff:
                        if not dry_run:
                            path.unlink()
                        removed.append(path)
                except OSError:
                    continue
    finally:
        lock.release()
    return removed


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        loaded = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return loaded if isinstance(loaded, dict) else None


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
