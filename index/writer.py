"""Keep the Whoosh index in step with the store: build, update, rebuild, check and repair.

The index lives in the archive folder::

    index/CURRENT              which folder is live, and its schema fingerprint
    index/v-<fingerprint>-<n>/ a Whoosh index (written with compound=False: opens in ms)

Syncing compares what the index holds (letter id and content hash) with the store and
writes only the difference, in chunks that are each committed: a crash loses at most one
chunk, and the next sync carries on. When the code's schema changes, the index is built
anew in a new folder beside the old one and swapped in at the end, so searching keeps
working meanwhile. Annotations are never stored only here: tags are read from the store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.knowledge import department_of_metadata
from archive.models import Letter
from archive.refs import reference_forms
from archive.storage import fsync_directory, replace_file
from archive.store import Store, TextMissing
from archive.texts import PackState
from index.fields import schema, schema_fingerprint
from index.scoring import LetterCodec

INDEX_DIR = "index"
CURRENT = "CURRENT"
BUILDING_MARK = "BUILDING"
#: Letters per commit: a crash loses at most this many, and the next sync redoes them.
CHUNK = int(os.environ.get("DISPATCHBOX_INDEX_CHUNK", "8000"))
#: Letters between two progress reports while a chunk is built (a chunk takes seconds).
PROGRESS_EVERY = 250
#: Below this many changes one process writes; above, Whoosh's multi-process writer.
MULTIPROCESS_FROM = 2000
LOCK_TIMEOUT = 5.0
#: Memory each Whoosh writer process may use for its posting pool before spilling to disk.
#: A chunk's share (4,000 letters a process) fits: spilling and merging the runs back
#: took 40% of the time to index (2.7 against 1.6 ms a letter).
LIMIT_MB = 256

ProgressCallback = Callable[[int, int], None]


class IndexError_(Exception):
    """The index cannot be opened or written; the message says why and what to do."""


class IndexBusy(IndexError_):
    """Another process is writing the index."""


class IndexDamaged(IndexError_):
    """A file of the index is missing or unreadable, or holds values the store contradicts.

    ``doctor --repair`` rebuilds the index from the store; searching cannot go on until then,
    because a damaged index answers wrongly as readily as it fails.
    """

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(
            f"the index is damaged ({file}: {reason}): run `dispatchbox doctor --repair`"
        )


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False
    missing_text: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Difference:
    """One way the index and the store disagree."""

    letter_id: str
    problem: str  # "not indexed", "out of date", "not in the store", "indexed twice"


@dataclass(frozen=True, slots=True)
class Damage:
    """An index file that is missing, unreadable or contradicted by the store."""

    file: str
    reason: str


@dataclass
class DoctorReport:
    letters: int = 0
    indexed: int = 0
    differences: list[Difference] = field(default_factory=list)
    schema_current: bool = True
    location: str = ""
    damage: list[Damage] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.schema_current and not self.differences and not self.damage


class RepairRefused(IndexError_):
    """The store holds far fewer letters than the index: it may be the store that is damaged."""


def index_root(store: Store) -> Path:
    return store.root / INDEX_DIR


def current_location(store: Store) -> tuple[Path, str] | None:
    """The live index folder and its fingerprint, if there is one."""
    pointer = index_root(store) / CURRENT
    try:
        info = json.loads(pointer.read_text())
        folder = index_root(store) / info["folder"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (folder / "_MAIN_WRITELOCK").exists() and not any(folder.glob("*.toc")):
        return None
    return folder, str(info.get("fingerprint", ""))


def lost_index(store: Store) -> Path | None:
    """The folder CURRENT names when its index files are gone (damage, not "no index yet")."""
    try:
        folder = index_root(store) / json.loads((index_root(store) / CURRENT).read_text())["folder"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return folder if current_location(store) is None else None


def open_index(store: Store) -> Any | None:
    """The live Whoosh index (read side), or None when there is none yet."""
    from whoosh import index

    location = current_location(store)
    if location is None:
        return None
    try:
        return index.open_dir(str(location[0]), schema=schema())
    except Exception as error:  # noqa: BLE001 - whoosh raises many kinds on a damaged index
        raise IndexDamaged(
            _damaged_file(error, location[0]), f"cannot be opened ({_why(error)})"
        ) from error


def _damaged_file(error: BaseException, folder: Path) -> str:
    """The index file an error names, else the index folder."""
    name = getattr(error, "filename", None)
    return Path(name).name if isinstance(name, str) and name else folder.name


def _why(error: BaseException) -> str:
    return str(error) or type(error).__name__


def needs_rebuild(store: Store) -> bool:
    location = current_location(store)
    return location is None or location[1] != schema_fingerprint()


def sync(
    store: Store,
    *,
    progress: ProgressCallback | None = None,
    rebuild: bool = False,
    procs: int | None = None,
    chunk: int = CHUNK,
) -> SyncReport:
    """Bring the index up to date with the store (building or rebuilding it if needed)."""
    started = time.perf_counter()
    fingerprint = schema_fingerprint()
    location = current_location(store)
    swap = rebuild or location is None or location[1] != fingerprint
    if swap:
        folder = _building_folder(store, fingerprint)
    else:
        assert location is not None
        folder = location[0]
    from index.integrity import reading

    with reading(folder, broad=True):
        ix = _open_or_create(folder)
        indexed = indexed_state(ix)
    # An index built from nothing reads and checks every letter's text: the packs' states
    # before it began say which packs searches need not hash again (see save_pack_states).
    packs_before = store.text_pack_states() if swap and not indexed else None
    # Only ids and hashes are held for the whole archive; records are read one at a time.
    stored = store.content_hashes()
    to_remove = [i for i in indexed if i not in stored]
    to_update = [i for i, sha in stored.items() if i in indexed and indexed[i] != sha]
    to_add = [i for i in stored if i not in indexed]
    del stored
    missing: list[str] = []
    total = len(to_remove) + len(to_update) + len(to_add)
    done = 0
    if to_remove:
        with _writer(ix, 1) as writer:
            for letter_id in to_remove:
                writer.delete_by_term("id", letter_id)
        done += len(to_remove)
        if progress:
            progress(done, total)
    work = [(i, True) for i in to_update] + [(i, False) for i in to_add]
    # The letters' words, as whitespace-separated pieces: a word never spans whitespace,
    # so the pieces' words are the text's words, found once per distinct piece per chunk
    # rather than once per word of every letter.
    pieces: set[str] = set()
    if progress and work:
        progress(done, total)  # the count is known now: never "0 of ?" while a chunk builds
    for batch in balanced_chunks(work, chunk):
        processes = procs if procs is not None else (os.cpu_count() or 1)
        processes = processes if len(batch) >= MULTIPROCESS_FROM else 1
        with _writer(ix, processes) as writer:
            for number, (letter_id, replace) in enumerate(batch, 1):
                if progress and number % PROGRESS_EVERY == 0 and number < len(batch):
                    progress(done + number, total)
                letter = store.get(letter_id)
                if letter is None:
                    continue
                try:
                    text = store.text(letter)
                except TextMissing:
                    missing.append(letter_id)
                    continue
                document = document_for(letter, text)
                pieces.update(text.split())
                if replace:
                    writer.update_document(**document)
                else:
                    writer.add_document(**document)
        save_words(folder, words_in(pieces))
        pieces = set()
        done += len(batch)
        if progress:
            progress(done, total)
    if packs_before is not None and not missing:
        save_pack_states(folder, packs_before)
    if swap:
        _make_current(store, folder, fingerprint)
    return SyncReport(
        added=len(to_add),
        updated=len(to_update),
        removed=len(to_remove),
        rebuilt=swap,
        missing_text=tuple(missing),
        seconds=time.perf_counter() - started,
    )


def balanced_chunks(work: list[Any], most: int) -> list[list[Any]]:
    """``work`` in as few chunks of at most ``most`` as it takes, all of about one size.

    Cut in order (8,000, then 1,992 of 9,992) the last chunk could fall under
    ``MULTIPROCESS_FROM`` and be written by one process while the others sat idle.
    """
    if not work:
        return []
    count = -(-len(work) // max(1, most))
    bounds = [len(work) * number // count for number in range(count + 1)]
    return [work[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


WORDS_FILE = "words.txt"
#: The packs' states when the index checked every text (see ``save_pack_states``).
PACKS_FILE = "packs.json"
_WORD = re.compile(r"[^\W\d_][\w'’]*[^\W_]|[^\W\d_]")


def words_in(pieces: Iterable[str]) -> set[str]:
    """The words of a text, lower-cased, from its whitespace-separated pieces: what
    ``_WORD.findall(text.lower())`` finds, since no word (and no lower-casing, not even a
    final sigma's) reaches across whitespace."""
    return set(_WORD.findall("\n".join(pieces).lower()))


def save_words(folder: Path, new: set[str]) -> None:
    """Add to the index's list of the words letters use, as written (before stemming).

    Prefixes ("communit*") and spelling suggestions need real words; the index itself
    holds only stems ("commun").
    """
    path = folder / WORDS_FILE
    try:
        known = set(path.read_text(encoding="utf-8").split("\n"))
    except FileNotFoundError:
        known = set()
    if new <= known:
        return
    temporary = folder / f".{WORDS_FILE}.tmp"
    temporary.write_text("\n".join(sorted((known | new) - {""})), encoding="utf-8")
    os.replace(temporary, path)


def load_words(folder: Path) -> list[str]:
    """The index's words, sorted (empty if it has none)."""
    try:
        return sorted(w for w in (folder / WORDS_FILE).read_text(encoding="utf-8").split("\n") if w)
    except FileNotFoundError:
        return []


def save_pack_states(folder: Path, states: Mapping[str, PackState]) -> None:
    """Keep, beside the index, the packs' states from before every text in them was read
    and found to match its hash (an index built from nothing, no text missing). A search
    hashes a hit's text only if its pack changed since (``Store.texts``)."""
    payload = json.dumps({name: list(state) for name, state in states.items()}).encode()
    replace_file(folder / PACKS_FILE, payload, durable=False)  # derived: lost, texts are hashed


def load_pack_states(folder: Path) -> dict[str, PackState]:
    """The packs' states ``save_pack_states`` kept (none if the file is missing or garbled:
    then every text is hashed when first read)."""
    try:
        kept = json.loads((folder / PACKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {
        name: (state[0], state[1])
        for name, state in kept.items()
        if isinstance(state, list) and len(state) == 2 and all(type(n) is int for n in state)
    }


def indexed_state(ix: Any) -> dict[str, str]:
    """Letter id -> content hash for every letter the index holds."""
    with ix.searcher() as searcher:
        return {fields["id"]: fields.get("sha", "") for fields in searcher.all_stored_fields()}


def doctor(store: Store) -> DoctorReport:
    """Compare the index with the store: files, columns, counts, ids and content hashes."""
    report = DoctorReport(letters=store.count())
    location = current_location(store)
    if location is None:
        report.schema_current = False
        report.differences = [Difference(i, "not indexed") for i in store.ids()]
        return report
    report.location = str(location[0])
    report.schema_current = location[1] == schema_fingerprint()
    try:
        seen = _examine(store, location[0], report)
    except IndexDamaged as error:
        report.damage.append(Damage(error.file, error.reason))
        return report
    report.indexed = len(seen)
    stored = store.content_hashes()
    for letter_id, sha in stored.items():
        if letter_id not in seen:
            report.differences.append(Difference(letter_id, "not indexed"))
        elif seen[letter_id] != sha:
            report.differences.append(Difference(letter_id, "out of date"))
    for letter_id in seen:
        if letter_id not in stored:
            report.differences.append(Difference(letter_id, "not in the store"))
    return report


def _examine(store: Store, folder: Path, report: DoctorReport) -> dict[str, str]:
    """Read all of the index that searching relies on and check it against the store.

    Returns letter id -> content hash for what the index holds; raises ``IndexDamaged``.
    """
    from index.integrity import (
        COLUMNS,
        DOCTOR_COMPARE,
        check_against_store,
        check_columns_present,
        check_words_and_postings,
        checked_words,
        reading,
        spread,
        verify_checksums,
    )

    ix = open_index(store)
    assert ix is not None
    with reading(folder, broad=True), ix.searcher() as searcher:
        verify_checksums(folder, every_file=True)
        reader = searcher.reader()
        check_columns_present(reader)
        total = reader.doc_count_all()
        columns = {name: list(reader.column_reader(name)) if total else [] for name in COLUMNS}
        for name, values in columns.items():
            if len(values) != total:
                raise IndexDamaged(name, f"{len(values)} values for {total} letters")
        seen: dict[str, str] = {}
        docnums: dict[str, int] = {}
        for docnum, fields in reader.iter_docs():
            letter_id = fields["id"]
            if letter_id in seen:
                report.differences.append(Difference(letter_id, "indexed twice"))
            seen[letter_id] = fields.get("sha", "")
            docnums[letter_id] = docnum
        compared = spread(sorted(docnums.values()), DOCTOR_COMPARE)
        check_against_store(reader, store, compared, columns)
        checked_words(folder, reader)
        # A letter changed since it was indexed is out of date, not damage: only letters
        # indexed as the store has them are looked up by their words.
        hashes = store.content_hashes()
        current = {i: d for i, d in docnums.items() if hashes.get(i) == seen[i]}
        check_words_and_postings(searcher, store, folder, current)
    return seen


def repair(store: Store, report: DoctorReport) -> SyncReport:
    """Fix what ``doctor`` found: a sync, or a rebuild if the index is damaged, the schema
    changed or ids doubled.

    Never on the word of a store that holds far fewer letters than the index: an emptied
    records file must not empty the index too (``reindex`` rebuilds from the store as it is).
    """
    indexed = report.indexed if not report.damage else _countable(store)
    if (indexed and report.letters < indexed / 2) or (report.damage and not report.letters):
        held = f"{indexed} letters" if indexed else "letters"
        raise RepairRefused(
            f"the store holds {report.letters} letters but the index {held}: not removing "
            "index entries on the word of a store that may be damaged; check the archive's "
            "records, or rebuild the index from the store as it is with: dispatchbox reindex"
        )
    rebuild = (
        bool(report.damage)
        or not report.schema_current
        or any(d.problem == "indexed twice" for d in report.differences)
    )
    return sync(store, rebuild=rebuild)


def _countable(store: Store) -> int:
    """How many letters a (damaged) index holds, if its table of contents can say; else 0."""
    try:
        ix = open_index(store)
        return int(ix.doc_count()) if ix is not None else 0
    except Exception:  # noqa: BLE001 - a damaged index may fail in any way
        return 0


# -- documents -----------------------------------------------------------------------------------


def column_values(letter: Letter, *, department: bool = True) -> dict[str, Any]:
    """A letter's column values: its id, facets and date (what the searcher reads whole).

    ``department=False`` leaves out ``c_dept``: its knowledge takes 150 ms to load.
    """
    meta = letter.metadata
    values: dict[str, Any] = {
        "id": letter.id,
        "c_mp": meta.mp or "",
        "c_area": meta.area or "",
        "c_dir": meta.direction or "other",
        "c_date": _date_number(meta.date),
    }
    if department:
        values["c_dept"] = department_of_metadata(meta) or ""
    return values


def document_for(letter: Letter, text: str) -> dict[str, Any]:
    """The Whoosh document for a stored letter and its text."""
    meta = letter.metadata
    date = _date_number(meta.date)
    references = [form for ref in meta.references for form in reference_forms(ref)]
    document: dict[str, Any] = {
        "id": letter.id,
        "sha": letter.sha256,
        "body": text,
        "subject": meta.subject or "",
        "ref": ",".join(dict.fromkeys(references)),
        "mp": meta.mp or "",
        "area": " ; ".join(
            dict.fromkeys(v for v in (meta.area, meta.constituency, *meta.places) if v)
        ),
        "dept": " ; ".join(v for v in (meta.sender_org, meta.recipient_org) if v),
        "sender": " ; ".join(v for v in (meta.sender_name, meta.sender_role, meta.sender_org) if v),
        "recipient": " ; ".join(
            v for v in (meta.recipient_name, meta.recipient_role, meta.recipient_org) if v
        ),
        "cc": " ; ".join(meta.cc),
        "direction": meta.direction or "other",
        "format": " ".join(v for v in (letter.format, "ocr" if letter.is_ocr else "") if v),
        **column_values(letter),
    }
    if date:
        document["date"] = date
        document["year"] = date // 10000
    return document


def _date_number(day: dt.date | None) -> int:
    return day.year * 10000 + day.month * 100 + day.day if day else 0


# -- internals -----------------------------------------------------------------------------------


def _building_folder(store: Store, fingerprint: str) -> Path:
    """A folder for a new index: an unfinished one for this schema is resumed."""
    root = index_root(store)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)  # the index holds the letters' words
    current = current_location(store)
    for folder in sorted(root.glob(f"v-{fingerprint}-*")):
        if (folder / BUILDING_MARK).exists() and (current is None or folder != current[0]):
            return folder
    number = 1 + max(
        (
            int(p.name.rsplit("-", 1)[-1])
            for p in root.glob("v-*-*")
            if p.name.rsplit("-", 1)[-1].isdigit()
        ),
        default=0,
    )
    folder = root / f"v-{fingerprint}-{number}"
    folder.mkdir(mode=0o700)
    (folder / BUILDING_MARK).write_text("an index being built; removed when it is complete\n")
    return folder


def _open_or_create(folder: Path) -> Any:
    from whoosh import index

    if index.exists_in(str(folder)):
        return index.open_dir(str(folder), schema=schema())
    return index.create_in(str(folder), schema())


def _make_current(store: Store, folder: Path, fingerprint: str) -> None:
    """Point CURRENT at ``folder`` (atomically), then remove the folders it replaces."""
    root = index_root(store)
    pointer = root / CURRENT
    temporary = root / f".{CURRENT}.tmp"
    temporary.write_text(json.dumps({"folder": folder.name, "fingerprint": fingerprint}))
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, pointer)
    fsync_directory(root)
    (folder / BUILDING_MARK).unlink(missing_ok=True)
    for old in root.glob("v-*"):
        if old != folder and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


class _writer:  # noqa: N801 - used as a context manager like open()
    """A Whoosh writer that waits briefly for the lock, then says who holds it."""

    def __init__(self, ix: Any, procs: int) -> None:
        from whoosh.index import LockError

        self.bulk = procs > 1
        self.folder = Path(ix.storage.folder)
        options: dict[str, Any] = {
            "limitmb": LIMIT_MB,
            "compound": False,
            "codec": LetterCodec(),
        }
        try:
            from index.segment_writer import LetterMpWriter, LetterSegmentWriter

            if procs > 1:
                self._lock_probe(ix)
                self.writer = LetterMpWriter(ix, procs=procs, multisegment=True, **options)
            else:
                self.writer = LetterSegmentWriter(ix, timeout=LOCK_TIMEOUT, delay=0.1, **options)
        except LockError:
            raise IndexBusy(
                "another process is writing the index; try again when it has finished"
            ) from None

    @staticmethod
    def _lock_probe(ix: Any) -> None:
        """MpWriter does not wait for the lock: wait here the way the plain writer does."""
        from whoosh.index import LockError

        lock = ix.lock("WRITELOCK")
        deadline = time.monotonic() + LOCK_TIMEOUT
        while not lock.acquire():
            if time.monotonic() > deadline:
                raise LockError
            time.sleep(0.1)
        lock.release()

    def __enter__(self) -> Any:
        return self.writer

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            # A bulk chunk is committed as its own segments: merging them into the ones
            # already there would rewrite ever more of the index with every chunk.
            self.writer.commit(merge=not self.bulk)
            from index.integrity import record_checksums

            record_checksums(self.folder)
        else:
            self.writer.cancel()


def sync_ids(store: Store, letter_ids: Iterable[str]) -> None:
    """Re-index a few letters now (after a single edit); a full sync would find them too."""
    ix = open_index(store)
    if ix is None:
        return
    with _writer(ix, 1) as writer:
        for letter_id in letter_ids:
            letter = store.get(letter_id)
            if letter is None:
                writer.delete_by_term("id", letter_id)
                continue
            writer.update_document(**document_for(letter, store.text(letter)))
