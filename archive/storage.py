"""TinyDB storage for the archive: orjson, read once, written atomically and only on ``flush``.

TinyDB rewrites its whole file on every write and, with its default storage, re-reads it on
every read. This storage keeps the parsed data in memory, writes only when asked (so callers
batch), and replaces the file atomically (temporary file, fsync, rename), so a crash mid-write
leaves the previous file intact. It notices when another process replaced the file and reloads.

Who owns what: this module owns how a TinyDB file is read and written; ``archive.folder``
owns which files an archive has and holds their handles; ``archive.store`` is what the rest
of the program reads and writes through.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb import Storage, TinyDB
from tinydb.table import Table


class StorageError(Exception):
    """A store file that cannot be read or written; the message names the file and why."""


class RecordsDamaged(StorageError):
    """The letters' records file is damaged (garbled, truncated, emptied or deleted).

    ``doctor --repair``, or importing the same folders again, rebuilds it from the sources.
    """


REPAIR_HINT = "run `dispatchbox doctor --repair` (or import the same folders again)"


@dataclass(frozen=True, slots=True)
class DamagedLine:
    """A records line that could not be read, with what could still be made out of it."""

    number: int
    letter_id: str | None
    path: str | None


class AtomicJSONStorage(Storage):
    """A cached, atomically written JSON file for TinyDB."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        #: Goes up whenever the data in memory is replaced or written (loaded, reloaded,
        #: changed by TinyDB), so what is derived from it can be kept until then.
        self.generation = 0
        self._data = None
        self._stamp: tuple[int, int, int] | None = None
        self._dirty = False

    @property
    def _data(self) -> dict[str, dict[str, Any]] | None:
        return self._current

    @_data.setter
    def _data(self, value: dict[str, dict[str, Any]] | None) -> None:
        self._current = value
        self.generation += 1

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            self._load()
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            raise StorageError(f"{self.path}: opened read-only")
        self._data = data
        self._dirty = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    def changed_on_disk(self) -> bool:
        """True when another process replaced the file since this one last read or wrote it."""
        return self._file_stamp() != self._stamp

    @property
    def loaded(self) -> bool:
        return self._data is not None

    def reload(self) -> None:
        """Drop the in-memory copy (and any unflushed writes) and read the file again."""
        self._forget()
        self._dirty = False
        self._load()

    def flush(self) -> None:
        """Write the in-memory data to disk atomically, if anything changed."""
        if not self._dirty or not self.loaded:
            return
        self._write_bytes(self._encoded())

    def _forget(self) -> None:
        """Drop the in-memory copy (the next read loads the file)."""
        self._data = None

    def _encoded(self) -> bytes:
        """The file's new contents (only called once something is loaded)."""
        return orjson.dumps(self._data)

    def _write_bytes(self, payload: bytes) -> None:
        """Replace the file with ``payload`` (see ``replace_file``)."""
        replace_file(self.path, payload)
        self._dirty = False
        self._stamp = self._file_stamp()

    def close(self) -> None:
        self.flush()

    def _load(self) -> None:
        stamp = self._file_stamp()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._data, self._stamp = {}, None
            return
        except OSError as error:
            raise StorageError(f"{self.path}: could not be read ({error.strerror})") from error
        if not raw.strip():
            self._data, self._stamp = {}, stamp
            return
        try:
            loaded = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise StorageError(
                f"{self.path}: damaged ({error.msg} at byte {error.pos}); "
                "it was left as it is: restore it from a backup or move it aside"
            ) from error
        if not isinstance(loaded, dict):
            raise StorageError(f"{self.path}: not an archive file (top level is not an object)")
        self._data, self._stamp = loaded, stamp

    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)


class KeyedTable(Table):
    """A TinyDB table whose document ids are the archive's own string ids."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB types ids as int

    def _get_next_id(self) -> Any:  # pragma: no cover - every insert names its id
        raise TypeError("documents in this table are inserted with an explicit id")


def open_db(path: Path, *, read_only: bool = False) -> tuple[TinyDB, AtomicJSONStorage]:
    """Open a TinyDB on an ``AtomicJSONStorage``; returns both so the owner can flush."""
    storage = AtomicJSONStorage(path, read_only=read_only)
    return db_over(storage), storage


def db_over(storage: Storage) -> TinyDB:
    """A TinyDB keyed by the archive's string ids over an already-built storage."""
    return _KeyedTinyDB(storage=_Existing(storage))


class _KeyedTinyDB(TinyDB):
    table_class = KeyedTable


class _Existing:
    """Hands TinyDB an already-built storage (TinyDB wants a class to instantiate)."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    def __call__(self) -> Storage:
        return self._storage


def clear_caches(db: TinyDB) -> None:
    """Forget TinyDB's query caches after the file was reloaded from disk."""
    for table in db._tables.values():
        table.clear_cache()


def replace_file(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``payload``: temporary file, fsync, rename, fsync folder.

    Without ``durable`` the file is still replaced atomically, but nothing waits for the disk.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise StorageError(f"{path}: could not be written ({error.strerror})") from error
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(payload)
            tmp.flush()
            if durable:
                os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except OSError as error:
        _unlink_quietly(tmp_name)
        raise StorageError(f"{path}: could not be written ({error.strerror})") from error
    except BaseException:
        _unlink_quietly(tmp_name)
        raise
    if durable:
        fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


class LazyRecords(MutableMapping[str, dict[str, Any]]):
    """Records kept encoded and decoded when read (a few thousand cached); those the file
    holds stay in it, read by position when wanted.

    At 100k letters the decoded records would take several hundred MB and their encoded form
    130 MB, while most work touches only the letters on screen: what is kept of a record as
    the file has it is where it lies (its id and a number, about 150 bytes), and only records
    written since are kept whole.
    """

    CACHED = 4096
    #: Bytes read at a time when going through every record (they lie one after another).
    WINDOW = 1 << 20

    def __init__(
        self, raw: dict[str, bytes | int], source: Path, backing: PinnedFile | None = None
    ) -> None:
        #: id -> the encoded record, or where it lies in ``backing`` (see ``_span``).
        self._raw = raw
        self._source = source
        self._backing = backing
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def __getitem__(self, key: str) -> dict[str, Any]:
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        record = self._decode(key, self._line(key, self._raw[key]))
        self._cache[key] = record
        if len(self._cache) > self.CACHED:
            self._cache.popitem(last=False)
        return record

    def __setitem__(self, key: str, value: Mapping[str, Any]) -> None:
        ordered = {"id": key, **{k: v for k, v in value.items() if k != "id"}}
        # orjson hands back its whole working buffer (about 8 KB); a copy keeps only the
        # record's bytes, which is the difference between 100 MB and 800 MB at 100k letters.
        self._raw[key] = bytes(memoryview(orjson.dumps(ordered)))
        self._cache.pop(key, None)

    def __delitem__(self, key: str) -> None:
        del self._raw[key]
        self._cache.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def stream(self) -> Iterator[dict[str, Any]]:
        """Every record, decoded one at a time and not kept (for passes over all letters)."""
        for key, raw in self._lines(list(self._raw)):
            yield self._cache.get(key) or self._decode(key, raw)

    def encoded(self) -> bytes:
        return b"".join(line + b"\n" for _key, line in self._lines(list(self._raw)))

    def _lines(self, keys: list[str]) -> Iterator[tuple[str, bytes]]:
        """The encoded records of ``keys`` still here, in order; the file is read a window at
        a time, not once a record."""
        window_start, window = 0, b""
        for key in keys:
            value = self._raw.get(key)
            if value is None:
                continue
            if isinstance(value, bytes):
                yield key, value
                continue
            start, length = _place(value)
            if not window_start <= start <= start + length <= window_start + len(window):
                window_start, window = start, self._read(key, start, max(length, self.WINDOW))
            line = window[start - window_start : start - window_start + length]
            if len(line) != length:
                raise self._damaged(key, "the file is shorter than when it was opened")
            yield key, line

    def _line(self, key: str, value: bytes | int) -> bytes:
        if isinstance(value, bytes):
            return value
        start, length = _place(value)
        line = self._read(key, start, length)
        if len(line) != length:
            raise self._damaged(key, "the file is shorter than when it was opened")
        return line

    def _read(self, key: str, start: int, length: int) -> bytes:
        if self._backing is None:  # pragma: no cover - places come only with a backing file
            raise self._damaged(key, "no file to read it from")
        try:
            return self._backing.read(start, length)
        except OSError as error:
            raise StorageError(
                f"{self._source}: the record of letter {key} could not be read ({error.strerror})"
            ) from error

    def _damaged(self, key: str, why: str) -> RecordsDamaged:
        return RecordsDamaged(
            f"{self._source}: the record of letter {key} is damaged ({why}); " + REPAIR_HINT
        )

    def _decode(self, key: str, raw: bytes) -> dict[str, Any]:
        try:
            record: dict[str, Any] = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise self._damaged(key, error.msg) from error
        return record


def _span(start: int, length: int) -> int:
    """Where a record lies in its file, as one int (a dict of ints is what stays in memory)."""
    return start << 32 | length


def _place(span: int) -> tuple[int, int]:
    return span >> 32, span & 0xFFFF_FFFF


class PinnedFile:
    """A file as it was opened, read by position: open, it stays the same file (whoever
    replaces the path makes a new file), so places found in it stay right. The records file
    and the pairing cache are read this way."""

    def __init__(self, handle: Any) -> None:
        self._fd = os.dup(handle.fileno())
        self._close = weakref.finalize(self, os.close, self._fd)

    def read(self, start: int, length: int) -> bytes:
        return os.pread(self._fd, length, start)

    def rest(self, start: int) -> bytes:
        """Everything from ``start`` to the end, a MiB at a time."""
        parts, at = [], start
        while part := os.pread(self._fd, 1 << 20, at):
            parts.append(part)
            at += len(part)
        return b"".join(parts)

    def close(self) -> None:
        self._close()


class RecordLinesStorage(AtomicJSONStorage):
    """TinyDB storage for letter records: one JSON object per line, decoded on demand.

    Opening reads the file and notes where each record is, without decoding any of them.
    Writes replace the whole file atomically, like ``AtomicJSONStorage``.
    """

    def __init__(self, path: str | os.PathLike[str], table: str) -> None:
        super().__init__(path)
        self.table = table
        self._records: LazyRecords | None = None
        #: Read past damaged lines (dropping them, noted in ``damaged``) instead of raising.
        self.tolerant = False
        self.damaged: list[DamagedLine] = []

    @property
    def loaded(self) -> bool:
        return self._records is not None

    @property
    def records(self) -> LazyRecords:
        if self._records is None:
            self._load()
        assert self._records is not None
        return self._records

    def read(self) -> dict[str, Any] | None:
        return {self.table: self.records}

    def write(self, data: dict[str, Any]) -> None:
        table: Mapping[str, Any] = data.get(self.table, {})
        if table is not self._records:
            fresh = LazyRecords({}, self.path)
            for key, value in table.items():
                fresh[str(key)] = value
            self._records = fresh
        self._dirty = True

    def mark_dirty(self) -> None:
        self._dirty = True

    def _forget(self) -> None:
        self._records = None

    def _encoded(self) -> bytes:
        return self.records.encoded()

    def _load(self) -> None:
        stamp = self._file_stamp()
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            self._records, self._stamp = LazyRecords({}, self.path), None
            return
        except OSError as error:
            raise StorageError(f"{self.path}: could not be read ({error.strerror})") from error
        try:
            with handle:
                backing = PinnedFile(handle)
                raw, damaged = self._record_places(handle)
        except OSError as error:
            raise StorageError(f"{self.path}: could not be read ({error.strerror})") from error
        self._records, self._stamp = LazyRecords(raw, self.path, backing), stamp
        self.damaged = damaged

    def _record_places(
        self, handle: Iterable[bytes]
    ) -> tuple[dict[str, bytes | int], list[DamagedLine]]:
        """Where each record's line lies (see ``_span``), by id; and, when ``tolerant``, the
        damaged lines passed over."""
        raw: dict[str, bytes | int] = {}
        damaged: list[DamagedLine] = []
        end = 0
        for number, whole in enumerate(handle, 1):
            start, end = end, end + len(whole)
            line = whole[:-1] if whole.endswith(b"\n") else whole
            if not line.strip():
                continue
            key = None if self.tolerant else _leading_id(line)
            if key is None:
                key = self._decoded_id(number, line)
            if key is None:
                damaged.append(_salvage(number, line))
                continue
            raw[key] = _span(start, len(line))
        return raw, damaged

    def _decoded_id(self, number: int, line: bytes) -> str | None:
        """The id of line ``number``, read by decoding it: None if the line is damaged and the
        storage ``tolerant`` (a record there also needs its path and checksum)."""
        try:
            record = orjson.loads(line)
            key = sys.intern(str(record["id"]))
            if self.tolerant and not (record.get("path") and record.get("sha256")):
                raise KeyError("path")
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            if self.tolerant:
                return None
            raise RecordsDamaged(
                f"{self.path}: damaged at line {number} ({error}); it was left "
                "as it is: " + REPAIR_HINT
            ) from error
        return key


_ID_PREFIX = b'{"id":"'
_SALVAGE = {key: re.compile(rb'"' + key + rb'":"((?:[^"\\]|\\.)*)"') for key in (b"id", b"path")}


def _salvage(number: int, line: bytes) -> DamagedLine:
    """What a damaged line still says about its letter (its id and path), if anything."""
    found: dict[bytes, str | None] = {}
    for key, pattern in _SALVAGE.items():
        match = pattern.search(line)
        try:
            found[key] = orjson.loads(b'"' + match.group(1) + b'"') if match else None
        except orjson.JSONDecodeError:
            found[key] = None
    return DamagedLine(number, found[b"id"], found[b"path"])


def _leading_id(line: bytes) -> str | None:
    """The id of a record line written by ``LazyRecords`` (its first key), without decoding."""
    if not line.startswith(_ID_PREFIX):
        return None
    end = line.find(b'"', len(_ID_PREFIX))
    if end == -1:
        return None
    # Interned: the index's columns and the pairing hold the same ids, one copy between them.
    return sys.intern(line[len(_ID_PREFIX) : end].decode("ascii", "replace"))


def open_records(path: Path, table: str) -> tuple[TinyDB, RecordLinesStorage]:
    """A TinyDB over a ``RecordLinesStorage`` (see ``open_db``)."""
    storage = RecordLinesStorage(path, table)
    return _KeyedTinyDB(storage=_Existing(storage)), storage
