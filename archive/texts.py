"""Letters' texts, appended to pack files: ``texts/<name>.pack`` plus an offset and a length.

Creating one small file per letter costs about a millisecond on an ordinary disk (most of
the import's time at 100k letters); appending to a pack costs microseconds. Each writing
process appends to packs of its own, so worker processes never share a file. A record
names its text as ``"<pack>:<offset>:<length>"`` (bytes of UTF-8).

Who owns what: this module owns the pack format (writing and reading a text); the store
(``archive.store``) decides which letter's text to read and checks it against its record.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

#: A new pack is started past this size, so no single file grows without bound.
PACK_LIMIT = 256 * 1024 * 1024
SUFFIX = ".pack"


class TextUnreadable(Exception):
    """A text reference that does not lead to a text; the message says why."""


def digest(data: bytes) -> str:
    """The content hash kept in a record beside its text reference (``text_sha256``)."""
    return hashlib.sha256(data).hexdigest()


class PackWriter:
    """Appends texts to this process's current pack in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._handle: object | None = None
        self._name = ""
        self._size = 0

    def append(self, text: str, *, flush: bool = True) -> str:
        """Store ``text``; returns its reference. The bytes reach the OS before returning,
        or, with ``flush=False``, at the next ``flush`` (a worker reading a batch of files
        writes their texts in one go, before it hands back their records)."""
        data = text.encode("utf-8")
        if self._handle is None or self._size + len(data) > PACK_LIMIT:
            self._open()
        handle = self._handle
        assert handle is not None
        offset = self._size
        handle.write(data)  # type: ignore[attr-defined]
        if flush:
            handle.flush()  # type: ignore[attr-defined]
        self._size += len(data)
        return f"{self._name}:{offset}:{len(data)}"

    def flush(self) -> None:
        """Hand what was appended to the OS (a record may point at it from now on)."""
        if self._handle is not None:
            self._handle.flush()  # type: ignore[attr-defined]

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()  # type: ignore[attr-defined]
            self._handle = None

    def _open(self) -> None:
        self.close()
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # letters are private
        self._name = f"{int(time.time())}-{os.getpid()}-{secrets.token_hex(3)}"
        pack = os.open(
            self.folder / f"{self._name}{SUFFIX}", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600
        )
        self._handle = os.fdopen(pack, "ab")
        self._size = 0


#: A pack's size and modification time (ns): what tells that it was written since.
PackState = tuple[int, int]
_Checked = tuple[PackState, set[tuple[int, int, str]]]


def _state(info: os.stat_result) -> PackState:
    return (info.st_size, info.st_mtime_ns)


def pack_states(folder: Path) -> dict[str, PackState]:
    """Every pack in ``folder`` by name, with its state (``PackReader.read_page`` trusts a
    pack whose state is unchanged since its texts were checked)."""
    try:
        paths = list(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return {}
    states = {}
    for path in paths:
        try:
            states[path.name[: -len(SUFFIX)]] = _state(path.stat())
        except OSError:
            continue
    return states


class PackReader:
    """Reads texts by reference, keeping a few packs open. Safe to share between threads."""

    OPEN = 16
    #: Texts ``read_page`` remembers as checked against their hash (about 100 bytes each).
    CHECKED = 100_000

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fds: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()
        #: Pack -> its state when its texts in the set, (offset, length, sha256), were found
        #: to match their hash.
        self._checked: dict[str, _Checked] = {}
        self._checked_count = 0

    def read(self, reference: str, sha256: str = "") -> str:
        """The text at ``reference``; checked against ``sha256`` when the record has one."""
        name, offset, length = parse_reference(reference)
        with self._lock:
            fd = self._fd(name)
            data = os.pread(fd, length, offset)
        return _decoded(name, offset, length, data, sha256)

    def read_page(
        self, wanted: Sequence[tuple[str, str]], trusted: Mapping[str, PackState] | None = None
    ) -> list[str | TextUnreadable]:
        """The texts of (reference, sha256) pairs, such as a page of search hits: each text,
        or the error ``read`` would raise for it.

        As ``read``, except that a text is not hashed when its pack is unchanged (same size
        and modification time, one ``fstat`` a pack a page) since every text in it was found
        to match its hash: when it was in ``trusted`` (the packs' states before the index
        read and checked them all), or since this reader checked that text. Hashing a page's
        twenty texts was a sixth of a date query's time."""
        found: list[str | TextUnreadable] = []
        states: dict[str, tuple[bool, _Checked]] = {}
        for reference, sha256 in wanted:
            try:
                name, offset, length = parse_reference(reference)
                with self._lock:
                    fd = self._fd(name)
                    state = states.get(name)
                    if state is None:  # before reading: a write after it shows next page
                        state = states[name] = self._checked_state(name, fd, trusted or {})
                    data = os.pread(fd, length, offset)
                key = (offset, length, sha256)
                if sha256 and (state[0] or key in state[1][1]):
                    found.append(_decoded(name, offset, length, data, ""))
                    continue
                found.append(_decoded(name, offset, length, data, sha256))
                if sha256:
                    with self._lock:
                        self._remember_checked(name, state[1], key)
            except TextUnreadable as error:
                found.append(error)
        return found

    def _checked_state(
        self, name: str, fd: int, trusted: Mapping[str, PackState]
    ) -> tuple[bool, _Checked]:
        """Whether pack ``name`` is as ``trusted`` says, and its texts known to match their
        hash (forgotten if the pack changed)."""
        now = _state(os.fstat(fd))
        kept = self._checked.get(name)
        if kept is None or kept[0] != now:
            if kept is not None:
                self._checked_count -= len(kept[1])
            kept = self._checked[name] = (now, set())
        known = trusted.get(name)
        return known is not None and tuple(known) == now, kept

    def _remember_checked(self, name: str, state: _Checked, key: tuple[int, int, str]) -> None:
        if self._checked.get(name) is not state or key in state[1]:
            return  # the pack changed while the page was read: its next page checks again
        if self._checked_count >= self.CHECKED:
            self._checked.clear()
            self._checked_count = 0
            return
        state[1].add(key)
        self._checked_count += 1

    def exists(self, reference: str) -> bool:
        try:
            name, offset, length = parse_reference(reference)
        except TextUnreadable:
            return False
        try:
            return (self.folder / f"{name}{SUFFIX}").stat().st_size >= offset + length
        except OSError:
            return False

    def close(self) -> None:
        with self._lock:
            for fd in self._fds.values():
                os.close(fd)
            self._fds.clear()

    def _fd(self, name: str) -> int:
        fd = self._fds.get(name)
        if fd is not None:
            self._fds.move_to_end(name)
            return fd
        try:
            fd = os.open(self.folder / f"{name}{SUFFIX}", os.O_RDONLY)
        except OSError as error:
            raise TextUnreadable(f"pack {name} cannot be opened ({error.strerror})") from None
        self._fds[name] = fd
        if len(self._fds) > self.OPEN:
            _old, old_fd = self._fds.popitem(last=False)
            os.close(old_fd)
        return fd


def read_once(folder: Path, reference: str, sha256: str = "") -> str:
    """One text read without keeping its pack open (for worker processes)."""
    name, offset, length = parse_reference(reference)
    try:
        with open(folder / f"{name}{SUFFIX}", "rb") as handle:
            data = os.pread(handle.fileno(), length, offset)
    except OSError as error:
        raise TextUnreadable(f"pack {name} cannot be opened ({error.strerror})") from None
    return _decoded(name, offset, length, data, sha256)


def _decoded(name: str, offset: int, length: int, data: bytes, sha256: str) -> str:
    if len(data) != length:
        raise TextUnreadable(f"pack {name} is shorter than expected ({len(data)} of {length})")
    if sha256 and digest(data) != sha256:
        raise TextUnreadable(f"pack {name} no longer holds the text stored at byte {offset}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TextUnreadable(f"pack {name} is damaged at byte {offset + error.start}") from None


def parse_reference(reference: str) -> tuple[str, int, int]:
    try:
        name, offset, length = reference.rsplit(":", 2)
        return name, int(offset), int(length)
    except ValueError:
        raise TextUnreadable(f"not a text reference: {reference!r}") from None


def sync_packs(folder: Path, records: Iterable[Mapping[str, object]]) -> None:
    """Make the packs that hold these records' texts durable (written by whichever process).

    An ``fsync`` of each pack waits for this archive's texts alone; ``os.sync`` would wait
    for every file any process on the machine has written, which on a busy machine can take
    longer than reading the letters did. A pack that cannot be opened leaves it to
    ``os.sync``, so nothing is left less durable than before.
    """
    names: set[str] = set()
    for record in records:
        with contextlib.suppress(TextUnreadable):  # no text, or not a reference: no pack
            names.add(parse_reference(str(record.get("text_ref") or ""))[0])
    # The folder too: a pack created since the last flush is durable once its name is.
    paths = [folder / f"{name}{SUFFIX}" for name in sorted(names)] + ([folder] if names else [])
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            os.sync()
            return
        try:
            os.fsync(fd)
        except OSError:
            os.sync()
            return
        finally:
            os.close(fd)


_writers: dict[str, PackWriter] = {}


def writer_for(folder: Path | str) -> PackWriter:
    """This process's pack writer for ``folder`` (one per process and archive)."""
    key = str(folder)
    writer = _writers.get(key)
    if writer is None:
        writer = _writers[key] = PackWriter(Path(folder))
    return writer


def flush_writers() -> None:
    """Hand this process's appended texts to the OS."""
    for writer in _writers.values():
        writer.flush()


def close_writers() -> None:
    """Close this process's packs (the next text starts a new one)."""
    for writer in _writers.values():
        writer.close()
    _writers.clear()
