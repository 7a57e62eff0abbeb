"""Whether the index can be trusted: its files readable, its columns whole, its values the store's.

Whoosh reads a missing column file as a column of default values and a zeroed one as zeros,
so a damaged index can answer wrongly without an error (every query empty, no letter
dated). Reading alone does not catch that; comparing with the store does. The searcher
compares a sample each time it opens an index; ``doctor`` compares every letter.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import struct
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from archive.storage import StorageError
from archive.store import ArchiveError, Store, TextMissing
from index.writer import _WORD, WORDS_FILE, IndexDamaged, _damaged_file, _why, column_values

T = TypeVar("T")

#: Each segment file's checksum, taken when it was written: a garbled value reads as a value.
CHECKSUMS = "CHECKSUMS.json"

#: Every column the searcher reads, one value per letter: each segment has a file for each.
COLUMNS = ("id", "c_mp", "c_area", "c_dept", "c_dir", "c_date")
#: Letters a searcher compares with the store whenever it opens an index (all, if fewer).
SEARCH_SAMPLE = 64
#: Letters ``doctor`` compares with the store (all, if fewer): the checksums cover the rest.
DOCTOR_COMPARE = 20_000
#: Letters whose words ``doctor`` looks up in the postings and the word list.
DOCTOR_SAMPLE = 50
#: Words of each of those letters looked up.
WORDS_PER_LETTER = 8


def _is_read_error(error: BaseException) -> bool:
    """What Whoosh raises reading a damaged file (its block errors are plain ``Exception``)."""
    from whoosh.filedb.filetables import FileFormatError
    from whoosh.index import IndexError as WhooshIndexError

    return type(error) is Exception or isinstance(
        error,
        (
            struct.error,
            zlib.error,
            EOFError,
            OSError,
            KeyError,
            IndexError,
            UnicodeError,
            pickle.UnpicklingError,
            FileFormatError,
            WhooshIndexError,
        ),
    )


@contextmanager
def reading(folder: Path, *, broad: bool = False) -> Iterator[None]:
    """Turn an error from reading the index into ``IndexDamaged``.

    ``broad`` when no query is involved (opening, reading columns, checking): any error is
    then the index's. Around a query, only errors of reading files are, so that a query's
    own problem is not blamed on the index.
    """
    try:
        yield
    except (IndexDamaged, ArchiveError, StorageError):
        raise
    except Exception as error:
        if not (broad or _is_read_error(error)):
            raise
        raise IndexDamaged(
            _damaged_file(error, folder), f"cannot be read ({_why(error)})"
        ) from error


def check_columns_present(reader: Any) -> None:
    """Every segment holding letters has a file for every column (Whoosh would read defaults)."""
    from whoosh.codec.whoosh3 import W3Codec

    for leaf, _base in reader.leaf_readers():
        if not leaf.doc_count_all():
            continue
        for name in COLUMNS:
            if not leaf.has_column(name):
                raise IndexDamaged(W3Codec.column_filename(leaf.segment(), name), "missing")


def column_file(reader: Any, docnum: int, name: str) -> str:
    """The file holding column ``name`` for document ``docnum`` (for messages)."""
    from whoosh.codec.whoosh3 import W3Codec

    leaves = reader.leaf_readers()
    for leaf, base in reversed(leaves):
        if docnum >= base:
            return str(W3Codec.column_filename(leaf.segment(), name))
    return name


def check_against_store(
    reader: Any,
    store: Store,
    docnums: Sequence[int],
    columns: Mapping[str, Sequence[Any] | Mapping[int, Any]],
    *,
    department: bool = True,
) -> None:
    """Each document's stored id and column values agree with the store's record.

    A letter changed in the store since it was indexed (its content hash differs, or it is
    gone) is not damage: a sync brings it up to date. ``department=False`` skips c_dept
    (for a searcher that has not loaded that knowledge; the column's checksum covers it).
    """
    for docnum in docnums:
        stored = reader.stored_fields(docnum)
        letter_id = columns["id"][docnum]
        if not letter_id or stored.get("id") != letter_id:
            raise IndexDamaged(
                column_file(reader, docnum, "id"),
                f"document {docnum} is {stored.get('id')!r} but its id column says {letter_id!r}",
            )
        letter = store.get(letter_id)
        if letter is None or letter.sha256 != stored.get("sha"):
            continue
        for name, want in column_values(letter, department=department).items():
            got = columns[name][docnum]
            if (got or type(want)()) != want:
                raise IndexDamaged(
                    column_file(reader, docnum, name),
                    f"letter {letter_id} has {name} {got!r} where the store has {want!r}",
                )


def spread(items: Sequence[T], count: int) -> list[T]:
    """Up to ``count`` items evenly spread over ``items`` (all of them if fewer)."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def check_words_and_postings(
    searcher: Any, store: Store, folder: Path, letters: Mapping[str, int]
) -> None:
    """Sampled letters are found by their id and their words, and their words are listed.

    ``letters`` maps letter id to document number.
    """
    from index.compile import _tokens

    try:
        listed = set((folder / WORDS_FILE).read_text(encoding="utf-8").split("\n"))
    except FileNotFoundError:
        listed = set()
    except (OSError, UnicodeError) as error:
        raise IndexDamaged(WORDS_FILE, f"cannot be read ({_why(error)})") from error
    reader = searcher.reader()
    for letter_id in spread(sorted(letters), DOCTOR_SAMPLE):
        docnum = letters[letter_id]
        if not _finds(reader, "id", letter_id, docnum):
            raise IndexDamaged(folder.name, f"letter {letter_id} is not found by its id")
        try:
            text = store.text(letter_id)
        except (TextMissing, ArchiveError):
            continue
        words = sorted(set(_WORD.findall(text.lower())))
        unlisted = [w for w in words if w not in listed]
        if unlisted:
            raise IndexDamaged(
                WORDS_FILE, f"{len(unlisted)} words of letter {letter_id} are not listed"
            )
        stems = sorted(set(_tokens("body", text)))
        for number in spread(range(len(stems)), WORDS_PER_LETTER):
            if not _finds(reader, "body", stems[number], docnum):
                raise IndexDamaged(
                    folder.name, f"letter {letter_id} is not found by its word {stems[number]!r}"
                )


def _finds(reader: Any, field: str, text: str, docnum: int) -> bool:
    """True if the postings of ``text`` in ``field`` hold ``docnum``."""
    from whoosh.reading import TermNotFound

    try:
        postings = reader.postings(field, text)
    except TermNotFound:
        return False
    if not postings.is_active():
        return False
    postings.skip_to(docnum)
    return bool(postings.is_active() and postings.id() == docnum)


def checked_words(folder: Path, reader: Any) -> list[str]:
    """The index's word list (sorted), raising ``IndexDamaged`` if it is missing or garbled."""
    path = folder / WORDS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if _word_from(reader, "a"):
            raise IndexDamaged(WORDS_FILE, "missing") from None
        return []
    except (OSError, UnicodeError) as error:
        raise IndexDamaged(WORDS_FILE, f"cannot be read ({_why(error)})") from error
    words = [word for word in text.split("\n") if word]
    if words != sorted(words) or not all(_WORD.fullmatch(word) for word in words):
        raise IndexDamaged(WORDS_FILE, "garbled: not a sorted list of words")
    if words and _word_from(reader, chr(ord(words[-1][0]) + 1)):
        # The list is sorted: one cut short loses the words of the letters last in the alphabet.
        raise IndexDamaged(WORDS_FILE, f"cut short: letters use words after {words[-1]!r}")
    return words


def _word_from(reader: Any, start: str) -> bool:
    """True if the index holds a word (not a number) from ``start`` on, in letters' bodies."""
    for fieldname, term in reader.terms_from("body", start):
        if fieldname != "body":
            return False
        text = term.decode("utf-8", "replace") if isinstance(term, bytes) else str(term)
        if text[:1].isalpha():
            return True
    return False


def _checksum(path: Path) -> str:
    with open(path, "rb") as handle:  # in blocks: a postings file can be hundreds of MB
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def _segment_files(folder: Path) -> list[Path]:
    """The files of the committed segments (MAIN_<segment>.<kind>): written once, never changed.

    Only committed ones: another writer's segment may be half written.
    """
    from whoosh import index

    with index.open_dir(str(folder)).reader() as reader:
        committed = {leaf.segment().segment_id() for leaf, _base in reader.leaf_readers()}
    return sorted(p for p in folder.glob("MAIN_*.*") if p.name.split(".", 1)[0] in committed)


def _read_whole(name: str) -> bool:
    """A column searching reads whole on opening (stored fields are read a few at a time)."""
    return name.endswith(".col") and not name.endswith("._stored.col")


def _checksums(folder: Path) -> dict[str, str]:
    try:
        known = json.loads((folder / CHECKSUMS).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise IndexDamaged(CHECKSUMS, f"cannot be read ({_why(error)})") from error
    if not isinstance(known, dict) or not all(isinstance(v, str) for v in known.values()):
        raise IndexDamaged(CHECKSUMS, "garbled")
    return known


def record_checksums(folder: Path) -> None:
    """After a commit: checksum the segment files it wrote (files are never rewritten).

    Files already listed keep their checksum, so damage done meanwhile is not blessed; a
    crash before this leaves new files unlisted (unchecked), never a false alarm.
    """
    try:
        known = _checksums(folder)
    except IndexDamaged:
        known = {}
    listed = {p.name: known.get(p.name) or _checksum(p) for p in _segment_files(folder)}
    temporary = folder / f".{CHECKSUMS}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(listed, indent=0, sort_keys=True), encoding="utf-8")
    os.replace(temporary, folder / CHECKSUMS)


def verify_checksums(folder: Path, *, every_file: bool = False) -> None:
    """Every listed column file (``every_file``: segment file) still has its checksum.

    A listed file that is gone was merged away; one a segment needs is missing, and
    reading it says so.
    """
    for name, expected in _checksums(folder).items():
        if not (every_file or _read_whole(name)):
            continue
        path = folder / Path(name).name
        try:
            actual = _checksum(path)
        except FileNotFoundError:
            continue
        if actual != expected:
            raise IndexDamaged(name, "changed since it was written (its checksum differs)")
