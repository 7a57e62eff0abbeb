"""The store: the one owner of the archive's TinyDB files and of the letters' texts.

Layout of an archive folder::

    dispatchbox.json     manifest: format version, how many letters the records file holds
                         (so an emptied records file is damage, not an empty archive) and
                         the folders imported (what ``doctor --repair`` re-imports from)
    letters.jsonl        TinyDB: one metadata record per imported document (no body text),
                         one JSON object a line, decoded only when a letter is read
    annotations.json     TinyDB: tags, notes, link decisions and corrections of metadata,
                         keyed by letter id, with anchors to re-attach
    members.json         TinyDB: the optional members file (MP -> constituency over time)
    texts/<name>.pack    the letters' texts, exactly as read, appended one after another

The texts live beside the records rather than inside them: a 100k archive's metadata then
opens in a quarter of a second, while the texts (300+ MB) are read one at a time when shown.
Annotations live in their own small file so that tagging costs milliseconds and no re-import,
re-extraction or rebuild can touch them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, cast

import orjson
from tinydb import TinyDB
from tinydb.table import Document

from archive.annotations_file import (
    AnnotationsDamaged,
    AnnotationsStorage,
    Backup,
    remove_stale_temp_files,
)
from archive.corrections import Correction, check_field, corrected_record, extracted_value
from archive.locking import ProcessLock
from archive.members import MemberDirectory
from archive.models import Annotation, Letter
from archive.storage import (
    REPAIR_HINT,
    AtomicJSONStorage,
    DamagedLine,
    LazyRecords,
    RecordsDamaged,
    clear_caches,
    db_over,
    open_db,
    open_records,
    replace_file,
)
from archive.texts import SUFFIX as PACK_SUFFIX
from archive.texts import PackReader, TextUnreadable

FORMAT_VERSION = 1
MANIFEST = "dispatchbox.json"
LETTERS_FILE = "letters.jsonl"
ANNOTATIONS_FILE = "annotations.json"
MEMBERS_FILE = "members.json"
TEXTS_DIR = "texts"
WRITER_LOCK = ".writer.lock"
ANNOTATIONS_LOCK = ".annotations.lock"

LETTERS_TABLE = "letters"
ANNOTATIONS_TABLE = "annotations"
SAVED_SEARCHES_TABLE = "saved_searches"
LINKS_TABLE = "links"
#: A researcher's corrected metadata fields, by letter id (they outrank the extractor).
CORRECTIONS_TABLE = "corrections"
#: A researcher's verdict on "this reply answers that letter".
LINK_VERDICTS = ("confirmed", "rejected", "manual")
#: A researcher's word on a reply: "holding" (a full answer is to follow) or "full".
REPLY_MARKS_TABLE = "reply_marks"
REPLY_MARKS = ("holding", "full")
NOTE_HISTORY_KEPT = 20

_TAG_RE = re.compile(r"^[^\s+\-,\"'][^\s,\"']*$")


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """A researcher's verdict on a reply and the letter it answers (an annotation)."""

    reply_id: str
    letter_id: str
    verdict: str  # one of LINK_VERDICTS
    decided_at: str = ""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query with its filters and sort, saved under a name."""

    name: str
    query: str
    #: (facet, value, exclude) for each filter
    filters: tuple[tuple[str, str, bool], ...] = ()
    sort: str = "relevance"
    saved_at: str = ""


class ArchiveError(Exception):
    """A problem with the archive as a whole; the message says what and what to do."""


class ArchiveMissing(ArchiveError):
    """There is no archive at the given folder."""


class LetterNotFound(ArchiveError):
    """No letter has this id or reference."""


class AmbiguousLetter(ArchiveError):
    """Several letters answer to this name; the message lists them."""


class TextMissing(ArchiveError):
    """A letter's stored text is missing or damaged."""


#: Words before a reference that say it is another letter's: "Your ref:", "your letter (ref".
_QUOTED_REFERENCE = re.compile(r"(?i)\b(?:your\b[^\n]{0,40}|(?:their|his|her)\s+ref[^\n]{0,20})$")


def _exchange(letter: Letter) -> str:
    """What one exchange's letters share: the MP, else the two parties."""
    meta = letter.metadata
    if meta.mp:
        return meta.mp.casefold()
    return " / ".join(sorted(letter.party(side).casefold() for side in ("sender", "recipient")))


class TextDamaged(TextMissing):
    """A letter's stored text no longer matches its content hash (or cannot be read)."""

    def __init__(self, letter_id: str, path: str, detail: str = "") -> None:
        self.letter_id = letter_id
        self.path = path
        super().__init__(
            f"the stored text of {path} (letter {letter_id}) is damaged"
            + (f" ({detail})" if detail else "")
            + ": run `dispatchbox doctor --repair`"
        )


@dataclass(frozen=True, slots=True)
class RecordsRecovery:
    """What a writer found when it opened a damaged records file to rebuild it."""

    #: Letters the manifest says the archive held (None: an archive from before the count).
    expected: int | None
    #: Records still intact.
    intact: int
    damaged_lines: tuple[DamagedLine, ...]
    reason: str


def normalise_reference(reference: str) -> str:
    """Reference key for lookups: upper case, no spaces (``m 11295/16`` -> ``M11295/16``)."""
    return re.sub(r"\s+", "", reference).upper()


def validate_tag(tag: str) -> str:
    """Return the tag stripped, or raise ``ValueError`` saying why it cannot be a tag."""
    cleaned = tag.strip()
    if not cleaned:
        raise ValueError("an empty tag")
    if not _TAG_RE.match(cleaned):
        raise ValueError(
            f"tag {cleaned!r}: tags are single words without spaces, commas or quotes, "
            "and do not start with + or - (e.g. follow-up, foi, urgent)"
        )
    return cleaned


#: Modes of what an archive creates: readable by its owner only.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """Reads and writes one archive folder. Safe to share between threads."""

    def __init__(self, root: Path, *, create: bool = False) -> None:
        self.root = root
        manifest = root / MANIFEST
        if not manifest.exists():
            if not create:
                raise ArchiveMissing(
                    f"no archive at {root}: import letters first "
                    f"(dispatchbox import FOLDER --archive {root})"
                )
            if root.exists() and not root.is_dir():
                raise ArchiveError(f"{root} is a file, not an archive folder")
            # Letters and notes are private: the archive is its owner's alone (0700, 0600).
            root.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
            os.chmod(root, PRIVATE_FOLDER)
            manifest_fd = os.open(manifest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
            with os.fdopen(manifest_fd, "w", encoding="utf-8") as handle:
                handle.write(
                    orjson.dumps(
                        {"format": FORMAT_VERSION, "created": now_iso(), "letters": 0}
                    ).decode()
                    + "\n"
                )
        self._check_manifest(manifest)
        self._lock = threading.RLock()
        self._letters_db, self._letters = open_records(root / LETTERS_FILE, LETTERS_TABLE)
        self._notes = AnnotationsStorage(root / ANNOTATIONS_FILE, root / ANNOTATIONS_LOCK)
        self._notes_db = db_over(self._notes)
        #: Why the annotations file is damaged beyond its backups (reading them raises).
        self.annotations_damage: str | None = None
        try:
            # Damage is found (and mended from a backup) now, not at the first tag.
            self._notes.read()
        except AnnotationsDamaged as error:
            self.annotations_damage = str(error)
        self._members_db, self._members = open_db(root / MEMBERS_FILE)
        self._packs = PackReader(root / TEXTS_DIR)
        self._by_path: dict[str, str] | None = None
        self._by_sha: dict[str, str] | None = None
        self._by_ref: dict[str, list[str]] | None = None
        self._directory: MemberDirectory | None = None
        self._by_ref_for = ""
        #: Set while a writer rebuilds a damaged records file (the count is not checked then).
        self.recovery: RecordsRecovery | None = None

    # -- reading letters -------------------------------------------------------------------

    def count(self) -> int:
        with self._lock:
            return len(self._letter_rows())

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._letter_rows())

    def get(self, letter_id: str) -> Letter | None:
        """A letter with the researcher's corrections applied (see ``corrected_record``)."""
        row = self.record(letter_id)
        return Letter.from_json(row) if row is not None else None

    def letters(self) -> Iterator[Letter]:
        """Every letter (corrected), in import order, each built as it is reached."""
        for row in self.iter_records():
            yield Letter.from_json(row)

    def iter_records(self) -> Iterator[Mapping[str, Any]]:
        """Every record (read-only) with its corrections applied, decoded one at a time.

        This is what the index, pairing, reply times and export read: a researcher's
        correction outranks the extractor everywhere.
        """
        with self._lock:
            corrections = self._corrected_fields()
        derive_area = self._area_deriver() if corrections else None
        for row in self.iter_extracted_records():
            yield corrected_record(row, corrections.get(row["id"]), derive_area)

    def record(self, letter_id: str) -> Mapping[str, Any] | None:
        """One record (read-only) with its corrections applied."""
        with self._lock:
            row = self._letter_rows().get(letter_id)
            if row is None:
                return None
            corrections = self._correction_rows().get(letter_id)
            fields = corrections.get("fields") if corrections else None
            return corrected_record(row, fields, self._area_deriver() if fields else None)

    def _area_deriver(self) -> Callable[[MutableMapping[str, Any]], None]:
        """What sets ``area`` as the importer does: the members file, then the gazetteer
        (built once, and again only when the members file changes)."""
        with self._lock:
            if self._refresh(self._members, self._members_db) or self._directory is None:
                rows = self._members_db.table("members").all()
                self._directory = MemberDirectory([dict(row) for row in rows])
            return self._directory.apply

    def iter_extracted_records(self) -> Iterator[Mapping[str, Any]]:
        """Every record as imported and extracted (no corrections): for the importer."""
        with self._lock:
            rows = self._letter_rows()
        yield from rows.stream()

    def extracted_record(self, letter_id: str) -> Mapping[str, Any] | None:
        """One record as imported and extracted (no corrections)."""
        with self._lock:
            return self._letter_rows().get(letter_id)

    def resolve(self, name: str) -> Letter:
        """A letter by id, unique id prefix (6+ characters) or any of its reference numbers."""
        wanted = name.strip()
        with self._lock:
            rows = self._letter_rows()
            if wanted in rows:
                candidates = [wanted]
            else:
                candidates = list(self._ref_map().get(normalise_reference(wanted), []))
            if not candidates and len(wanted) >= 6 and re.fullmatch(r"[0-9a-f]+", wanted):
                candidates = [i for i in rows if i.startswith(wanted)]
            letters = [letter for i in candidates if (letter := self.get(i)) is not None]
        if not letters:
            raise LetterNotFound(f"no letter has the id or reference {wanted!r}")
        if len(letters) > 1:
            owner = self._reference_owner(letters, normalise_reference(wanted))
            if owner is not None:
                return owner
            listed = "; ".join(
                f"{letter.id} ({letter.metadata.date or 'undated'}, "
                f"{letter.party('sender')} to {letter.party('recipient')})"
                for letter in letters
            )
            raise AmbiguousLetter(
                f"{wanted!r} names {len(letters)} unrelated letters: {listed}; use an id"
            )
        return letters[0]

    def _reference_owner(self, letters: list[Letter], key: str) -> Letter | None:
        """The letter a reference shared by several letters names: the one whose own
        reference it is (a reply quotes the MP's reference as "your ref"; the MP's follow-up
        quotes the department's), the earliest of those when one case carries it on several
        letters. None when the letters are unrelated (different MPs): a true ambiguity."""
        owners = [letter for letter in letters if self._owns_reference(letter, key)]
        pool = owners or letters
        if len({_exchange(letter) for letter in pool}) > 1:
            return None
        return min(pool, key=lambda letter: (letter.metadata.date or dt.date.max, letter.id))

    def _owns_reference(self, letter: Letter, key: str) -> bool:
        """Whether the letter gives this reference as its own, not quoting another's."""
        spans = letter.metadata.spans.get("references", ())
        try:
            text = self.text(letter)
        except ArchiveError:
            return True  # no text to tell by: as likely its own as not
        for value, span in zip(letter.metadata.references, spans, strict=False):
            if normalise_reference(value) == key:
                return _QUOTED_REFERENCE.search(text[max(0, span[0] - 60) : span[0]]) is None
        return True

    def references(self) -> list[tuple[str, str]]:
        """Every (reference as written, letter id), for completion and pickers."""
        return [
            (ref, row["id"])
            for row in self.iter_records()
            for ref in row.get("metadata", {}).get("references", [])
        ]

    def text(self, letter: Letter | str) -> str:
        """The letter's text exactly as read at import."""
        if isinstance(letter, str):
            # By id, from the raw record: no need to build the whole Letter to find its text.
            row = self.record(letter)
            if row is None:
                raise LetterNotFound(f"no letter has the id {letter!r}")
            letter_id, path = letter, str(row.get("path", ""))
            text_ref, chars = str(row.get("text_ref", "")), int(row.get("text_chars") or 0)
            expected_sha = str(row.get("text_sha256") or "")
        else:
            letter_id, path = letter.id, letter.path
            text_ref, chars = letter.text_ref, letter.text_chars
            expected_sha = letter.text_sha256
        try:
            text = self._packs.read(text_ref, expected_sha)
        except TextUnreadable as error:
            raise TextDamaged(letter_id, path, str(error)) from error
        if chars and len(text) != chars:
            raise TextDamaged(letter_id, path, f"{len(text)} characters, {chars} expected")
        return text

    def has_text(self, letter: Letter) -> bool:
        """Whether the letter's stored text is there (without reading it)."""
        return bool(letter.text_ref) and self._packs.exists(letter.text_ref)

    def text_file(self, letter: Letter) -> Path:
        """The pack file that holds the letter's text (shared with other letters)."""
        name = letter.text_ref.rsplit(":", 2)[0]
        return self.root / TEXTS_DIR / f"{name}{PACK_SUFFIX}"

    def id_for_path(self, path: str) -> str | None:
        with self._lock:
            return self._path_map().get(path)

    def id_for_sha(self, sha256: str) -> str | None:
        with self._lock:
            return self._sha_map().get(sha256)

    # -- annotations -----------------------------------------------------------------------

    def annotation(self, letter_id: str) -> Annotation:
        with self._lock:
            return _annotation(letter_id, self._annotation_rows().get(letter_id))

    def annotations(self) -> dict[str, Annotation]:
        """Every annotation, including those whose letter is not (or no longer) in the archive."""
        with self._lock:
            return {i: _annotation(i, row) for i, row in self._annotation_rows().items()}

    def tag_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(t for row in self._annotation_rows().values() for t in row["tags"])

    def note_history(self, letter_id: str) -> list[tuple[str, str]]:
        """Earlier versions of a letter's note, oldest first, as (saved at, text)."""
        with self._lock:
            row = self._annotation_rows().get(letter_id) or {}
            return [(h["at"], h["note"]) for h in row.get("history", [])]

    def update_tags(
        self, letter_ids: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> list[Annotation]:
        """Add and remove tags on several letters in one write."""
        to_add = list(dict.fromkeys(validate_tag(t) for t in add))
        to_remove = {validate_tag(t) for t in remove}
        ids = list(dict.fromkeys(letter_ids))

        def change(rows: dict[str, dict[str, Any]]) -> None:
            for letter_id in ids:
                row = rows.setdefault(letter_id, _empty_annotation())
                tags = [t for t in row["tags"] if t not in to_remove]
                tags += [t for t in to_add if t not in tags]
                row["tags"] = tags
                row["updated_at"] = now_iso()
                self._anchor(letter_id, row)

        self._change_annotations(change)
        return [self.annotation(i) for i in ids]

    def set_note(self, letter_id: str, note: str) -> Annotation:
        """Replace a letter's note; the previous version is kept in its history."""

        def change(rows: dict[str, dict[str, Any]]) -> None:
            row = rows.setdefault(letter_id, _empty_annotation())
            if row["note"] == note:
                return
            if row["note"]:
                history = row.setdefault("history", [])
                history.append({"at": row["updated_at"], "note": row["note"]})
                del history[:-NOTE_HISTORY_KEPT]
            row["note"] = note
            row["updated_at"] = now_iso()
            self._anchor(letter_id, row)

        self._change_annotations(change)
        return self.annotation(letter_id)

    def append_note(self, letter_id: str, text: str) -> Annotation:
        """Add ``text`` on a line of its own after the note as it is on disk now.

        The note is read inside the writer's lock, so appends from other processes are kept.
        """

        def change(rows: dict[str, dict[str, Any]]) -> None:
            row = rows.setdefault(letter_id, _empty_annotation())
            current = row["note"]
            if current:
                history = row.setdefault("history", [])
                history.append({"at": row["updated_at"], "note": current})
                del history[:-NOTE_HISTORY_KEPT]
            row["note"] = current.rstrip("\n") + "\n" + text if current else text
            row["updated_at"] = now_iso()
            self._anchor(letter_id, row)

        self._change_annotations(change)
        return self.annotation(letter_id)

    # -- the annotations file's safety (backups, damage, housekeeping) -----------------------

    @property
    def notices(self) -> list[str]:
        """What was mended when the archive was opened (a restored backup), for the user."""
        return self._notes.notices

    def annotation_backups(self) -> list[Backup]:
        """The kept earlier versions of the annotations, newest (1) first."""
        return self._notes.backups()

    def restore_annotations(self, number: int) -> Backup:
        """Put backup ``number`` back as a new version; the one it replaces becomes backup 2."""
        with self._lock:
            restored = self._notes.restore(number)
            clear_caches(self._notes_db)
            self._by_ref = None
            self.annotations_damage = None
        return restored

    def reset_damaged_annotations(self) -> str | None:
        """Set aside annotations damaged beyond every backup and start empty; says what."""
        with self._lock:
            done = self._notes.reset_damaged()
            if done is not None:
                clear_caches(self._notes_db)
                self.annotations_damage = None
        return done

    def edit_annotations(self, change: Any) -> None:
        """One locked read-modify-write of every annotation table (``change(data)``).

        ``data`` maps table names to their rows, as read from disk inside the lock; the file
        is written (and a backup kept) only when ``change`` returns true.
        """
        with self._lock, self._notes.locked("tagging"):
            # Always re-read: a file's stamp can repeat (a reused inode, the same size and a
            # coarse clock), and a missed change of another process would be overwritten.
            self._notes.reload()
            clear_caches(self._notes_db)
            data = self._notes.read()
            assert data is not None
            if not change(data):
                return
            self._notes.write(data)
            self._notes.flush()
            clear_caches(self._notes_db)
            self._by_ref = None

    def anchor(self, letter_id: str, row: dict[str, Any]) -> None:
        """Record the letter's content hash, path and references in an annotation row."""
        with self._lock:
            self._anchor(letter_id, row)

    def orphaned_annotations(self) -> list[tuple[str, str]]:
        """Annotations whose letter id no letter has: (id, what they hold). Never deleted.

        A letter whose file was removed leaves these too (they come back with it).
        """
        with self._lock:
            letters = self._letter_rows()
            found = []
            for letter_id, row in sorted(self._annotation_rows().items()):
                if letter_id in letters or not (row.get("tags") or row.get("note")):
                    continue
                tags = " ".join(row.get("tags", []))
                note = row.get("note", "")
                held = ", ".join(
                    part
                    for part in (
                        f"tags {tags}" if tags else "",
                        f"note of {len(note)} characters" if note else "",
                    )
                    if part
                )
                found.append((letter_id, held))
            for letter_id, row in sorted(self._correction_rows().items()):
                if letter_id not in letters and row.get("fields"):
                    found.append((letter_id, "corrections of " + ", ".join(sorted(row["fields"]))))
        return found

    def remove_stale_temp_files(self) -> list[Path]:
        """Remove temporary annotation files that killed writes left (older than a minute)."""
        return remove_stale_temp_files(self.root, self.root / ANNOTATIONS_LOCK)

    def stale_temp_files(self) -> list[Path]:
        """The temporary annotation files ``remove_stale_temp_files`` would remove."""
        return remove_stale_temp_files(self.root, self.root / ANNOTATIONS_LOCK, dry_run=True)

    # -- saved searches (annotations too: kept apart from imported records) ----------------

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        with self._lock:
            self._refresh(self._notes, self._notes_db)
            rows = (self._notes.read() or {}).get(SAVED_SEARCHES_TABLE, {})
            return sorted(
                (
                    SavedSearch(
                        name=name,
                        query=str(row.get("query", "")),
                        filters=tuple(
                            (str(f["facet"]), str(f["value"]), bool(f.get("exclude")))
                            for f in row.get("filters", [])
                        ),
                        sort=str(row.get("sort", "relevance")),
                        saved_at=str(row.get("saved_at", "")),
                    )
                    for name, row in rows.items()
                ),
                key=lambda saved: saved.name.lower(),
            )

    def save_search(self, search: SavedSearch) -> None:
        """Save (or replace) a search under its name."""
        name = search.name.strip()
        if not name:
            raise ValueError("a saved search needs a name")
        row = {
            "query": search.query,
            "filters": [{"facet": f, "value": v, "exclude": x} for f, v, x in search.filters],
            "sort": search.sort,
            "saved_at": now_iso(),
        }

        def change(rows: dict[str, dict[str, Any]]) -> None:
            rows[name] = row

        self._change_annotations(change, SAVED_SEARCHES_TABLE)

    def delete_search(self, name: str) -> bool:
        removed: list[str] = []

        def change(rows: dict[str, dict[str, Any]]) -> None:
            if rows.pop(name, None) is not None:
                removed.append(name)

        self._change_annotations(change, SAVED_SEARCHES_TABLE)
        return bool(removed)

    # -- link decisions (annotations: a researcher's word outranks any automatic pairing) ----

    def link_decisions(self) -> list[LinkDecision]:
        """Every confirmed, rejected or hand-made link, including links to letters since removed.

        A decision names letters by id; if a letter's id changed (the archive was rebuilt
        and its file edited), the content hashes kept with the decision find it again.
        """
        with self._lock:
            self._refresh(self._notes, self._notes_db)
            rows = (self._notes.read() or {}).get(LINKS_TABLE, {})
            letters = self._letter_rows()
            found = []
            for row in rows.values():
                ids = []
                for side in ("reply", "letter"):
                    letter_id = str(row.get(side, ""))
                    if letter_id not in letters:
                        letter_id = self._sha_map().get(str(row.get(f"{side}_sha", "")), letter_id)
                    ids.append(letter_id)
                verdict = str(row.get("verdict", ""))
                if verdict in LINK_VERDICTS and ids[0] and ids[1]:
                    found.append(LinkDecision(ids[0], ids[1], verdict, str(row.get("at", ""))))
            return sorted(found, key=lambda d: (d.decided_at, d.reply_id, d.letter_id))

    def decide_link(self, reply_id: str, letter_id: str, verdict: str | None) -> None:
        """Record (or, with ``None``, withdraw) a verdict on "``reply_id`` answers ``letter_id``".

        Confirming or making a link withdraws any other confirmed or manual link from the
        same reply: a reply answers one letter.
        """
        if verdict is not None and verdict not in LINK_VERDICTS:
            raise ValueError(f"verdict {verdict!r}: use one of {', '.join(LINK_VERDICTS)}")
        if reply_id == letter_id:
            raise ValueError(f"letter {reply_id} cannot answer itself")
        for letter in (reply_id, letter_id):
            if self.get(letter) is None:
                raise LetterNotFound(f"no letter with id {letter}")
        shas = {
            side: self._letter_rows()[i]["sha256"]
            for side, i in (("reply", reply_id), ("letter", letter_id))
        }
        key = f"{reply_id}>{letter_id}"

        def change(rows: dict[str, dict[str, Any]]) -> None:
            if verdict is None:
                rows.pop(key, None)
                return
            if verdict in ("confirmed", "manual"):
                for other, row in list(rows.items()):
                    if row.get("reply") == reply_id and row.get("verdict") != "rejected":
                        del rows[other]
            rows[key] = {
                "reply": reply_id,
                "letter": letter_id,
                "verdict": verdict,
                "at": now_iso(),
                "reply_sha": shas["reply"],
                "letter_sha": shas["letter"],
            }

        self._change_annotations(change, LINKS_TABLE)

    # -- reply marks (annotations: a researcher's "holding" or "full" outranks the guess) ---

    def reply_marks(self) -> dict[str, str]:
        """Reply id -> "holding" or "full", for every reply the researcher has marked.

        A mark names its reply by id; if the id changed (the archive was rebuilt and its
        file edited), the content hash kept with the mark finds the letter again.
        """
        with self._lock:
            self._refresh(self._notes, self._notes_db)
            rows = (self._notes.read() or {}).get(REPLY_MARKS_TABLE, {})
            letters = self._letter_rows()
            found: dict[str, str] = {}
            for key, row in rows.items():
                letter_id = str(key)
                if letter_id not in letters:
                    letter_id = self._sha_map().get(str(row.get("sha", "")), letter_id)
                mark = str(row.get("mark", ""))
                if mark in REPLY_MARKS:
                    found[letter_id] = mark
            return found

    def mark_reply(self, reply_id: str, mark: str | None) -> None:
        """Mark a reply as a holding reply or the full answer (``None`` withdraws the mark)."""
        if mark is not None and mark not in REPLY_MARKS:
            raise ValueError(f"mark {mark!r}: use one of {', '.join(REPLY_MARKS)}")
        if self.get(reply_id) is None:
            raise LetterNotFound(f"no letter with id {reply_id}")
        sha = self._letter_rows()[reply_id]["sha256"]

        def change(rows: dict[str, dict[str, Any]]) -> None:
            if mark is None:
                rows.pop(reply_id, None)
            else:
                rows[reply_id] = {"mark": mark, "at": now_iso(), "sha": sha}

        self._change_annotations(change, REPLY_MARKS_TABLE)

    # -- corrections (annotations: a researcher's value outranks the extractor's) ----------

    def corrections(self, letter_id: str | None = None) -> list[Correction]:
        """Every corrected field (of one letter, or of all), with the value extracted now.

        Corrections of letters no longer in the archive are listed too (nothing extracted).
        """
        with self._lock:
            rows = self._correction_rows()
            chosen = rows.items() if letter_id is None else [(letter_id, rows.get(letter_id))]
            found = []
            for key, row in chosen:
                if not row:
                    continue
                record = self._letter_rows().get(key)
                times = row.get("at", {})
                for name, value in row.get("fields", {}).items():
                    found.append(
                        Correction(
                            key, name, value, extracted_value(record, name), times.get(name, "")
                        )
                    )
        return sorted(found, key=lambda c: (c.corrected_at, c.letter_id, c.field))

    def set_corrections(
        self, letter_id: str, values: Mapping[str, Any], unset: Iterable[str] = ()
    ) -> list[Correction]:
        """Correct fields of a letter (values as ``parse_value`` gives them) and withdraw
        the corrections of the ``unset`` fields; one write. Returns the letter's corrections.

        The caller re-indexes the letter (``index.writer.sync_ids``); pairing notices by
        itself (``corrections_stamp``).
        """
        for name in (*values, *unset):
            check_field(name)
        if self.get(letter_id) is None:
            raise LetterNotFound(f"no letter has the id {letter_id!r}")
        withdrawn = set(unset)

        def change(rows: dict[str, dict[str, Any]]) -> None:
            row = rows.setdefault(letter_id, {"fields": {}, "at": {}})
            fields, times = row.setdefault("fields", {}), row.setdefault("at", {})
            for name in withdrawn:
                fields.pop(name, None)
                times.pop(name, None)
            for name, value in values.items():
                fields[name] = value
                times[name] = now_iso()
            if not fields:
                del rows[letter_id]
                return
            row["updated_at"] = now_iso()
            self._anchor(letter_id, row)

        self._change_annotations(change, CORRECTIONS_TABLE)
        with self._lock:
            self._by_ref = None
        return self.corrections(letter_id)

    def corrections_stamp(self) -> str:
        """Changes whenever any correction does (derived data such as pairing keys on it)."""
        with self._lock:
            fields = self._corrected_fields()
        if not fields:
            return "none"
        encoded = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
        return hashlib.sha256(encoded).hexdigest()[:16]

    def _correction_rows(self) -> dict[str, dict[str, Any]]:
        if self._refresh(self._notes, self._notes_db):
            self._by_ref = None
        return cast(
            dict[str, dict[str, Any]], (self._notes.read() or {}).get(CORRECTIONS_TABLE, {})
        )

    def _corrected_fields(self) -> dict[str, dict[str, Any]]:
        """Letter id -> {field: corrected value}, for the letters that have corrections."""
        return {i: row["fields"] for i, row in self._correction_rows().items() if row.get("fields")}

    def claim_annotated_id(self, sha256: str, path: str) -> str | None:
        """The id of an annotation left by an earlier copy of this file, if no letter has it.

        This is how tags and notes come back when a letter is re-imported into a rebuilt
        archive, or when a removed file returns: its content or its path is recognised.
        """
        with self._lock:
            rows = [*self._annotation_rows().items(), *self._correction_rows().items()]
            letters = self._letter_rows()
            for key in ("sha256", "paths"):
                wanted = sha256 if key == "sha256" else path
                for letter_id, row in rows:
                    if letter_id not in letters and wanted in row.get("anchors", {}).get(key, []):
                        return letter_id
        return None

    def _anchor(self, letter_id: str, row: dict[str, Any]) -> None:
        letter_row = self._letter_rows().get(letter_id)
        if letter_row is None:
            return
        anchors = row.setdefault("anchors", {"sha256": [], "paths": [], "references": []})
        meta = letter_row.get("metadata", {})
        for key, values in (
            ("sha256", [letter_row["sha256"]]),
            ("paths", [letter_row["path"]]),
            ("references", meta.get("references", [])),
        ):
            known = anchors.setdefault(key, [])
            known.extend(v for v in values if v not in known)

    def _change_annotations(self, change: Any, table_name: str = ANNOTATIONS_TABLE) -> None:
        with self._lock, self._notes.locked("tagging"):
            # Always re-read: a file's stamp can repeat (a reused inode, the same size and a
            # coarse clock), and a missed change of another process would be overwritten.
            self._notes.reload()
            clear_caches(self._notes_db)
            table = self._notes_db.table(table_name)
            table._update_table(cast(Any, change))
            self._notes.flush()

    # -- members ---------------------------------------------------------------------------

    def members(self) -> list[dict[str, Any]]:
        with self._lock:
            self._refresh(self._members, self._members_db)
            return [dict(row) for row in self._members_db.table("members").all()]

    def replace_members(self, rows: list[dict[str, Any]]) -> None:
        """Replace the members list (one write)."""
        with self._lock, ProcessLock(self.root / WRITER_LOCK, "members import", wait=5.0):
            self._directory = None
            table = self._members_db.table("members")
            table.truncate()
            table.insert_multiple(
                Document(row, doc_id=cast(int, str(number))) for number, row in enumerate(rows, 1)
            )
            self._members.flush()

    # -- writing letters (importer) --------------------------------------------------------

    def writer(self, purpose: str = "import", *, recover: bool = False) -> StoreWriter:
        """The single writer; with ``recover``, it opens a damaged records file too, keeping
        the intact records (see ``recovery``) so that re-importing the sources rebuilds it."""
        return StoreWriter(self, purpose, recover=recover)

    # -- the manifest ----------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        """The archive's manifest (format, letter count, imported folders)."""
        manifest = self.root / MANIFEST
        try:
            info = orjson.loads(manifest.read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise ArchiveError(f"{manifest}: unreadable archive manifest ({error})") from error
        if not isinstance(info, dict):
            raise ArchiveError(f"{manifest}: unreadable archive manifest (not an object)")
        return info

    def expected_count(self) -> int | None:
        """How many letters the records file should hold (None: an archive without a count)."""
        counts = _allowed_counts(self.manifest())
        return None if counts is None else max(counts)

    def sources(self) -> list[str]:
        """The files and folders imported into this archive (absolute paths)."""
        return [str(p) for p in self.manifest().get("sources", []) if isinstance(p, str)]

    def add_sources(self, paths: Iterable[str]) -> None:
        """Remember imported files and folders (the caller holds the writer lock)."""
        info = self.manifest()
        known = [str(p) for p in info.get("sources", [])]
        added = [p for p in paths if p not in known]
        if added:
            self._write_manifest({**info, "sources": known + added})

    def _write_manifest(self, info: Mapping[str, Any]) -> None:
        replace_file(self.root / MANIFEST, orjson.dumps(info) + b"\n")

    def _check_count(self, actual: int, *allowed: set[int] | None) -> None:
        """Raise ``RecordsDamaged`` when the records file holds a count the manifest denies."""
        if self.recovery is not None or any(counts is None for counts in allowed):
            return
        if any(actual in counts for counts in allowed if counts is not None):
            return
        expected = max(max(counts) for counts in allowed if counts is not None)
        path = self.root / LETTERS_FILE
        state = (
            "is missing"
            if not path.exists()
            else "is empty"
            if actual == 0
            else f"holds {actual} letters"
        )
        raise RecordsDamaged(
            f"{path}: damaged: the archive holds {expected} letters but its records file "
            f"{state}; " + REPAIR_HINT
        )

    # -- internals -------------------------------------------------------------------------

    def _check_manifest(self, manifest: Path) -> None:
        try:
            info = orjson.loads(manifest.read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise ArchiveError(f"{manifest}: unreadable archive manifest ({error})") from error
        version = info.get("format") if isinstance(info, dict) else None
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ArchiveError(
                f"{manifest}: archive format {version!r} is newer than this Dispatch Box "
                f"understands ({FORMAT_VERSION}); upgrade Dispatch Box"
            )

    def _letter_rows(self) -> LazyRecords:
        storage = self._letters
        if storage.loaded and (storage.dirty or not storage.changed_on_disk()):
            return storage.records
        # The count before and after reading the records: a writer may commit in between.
        before = _allowed_counts(self.manifest())
        if self._refresh(storage, self._letters_db):
            self._by_path = self._by_sha = self._by_ref = None
        rows = storage.records
        if before is not None and len(rows) not in before:
            self._check_count(len(rows), before, _allowed_counts(self.manifest()))
        return rows

    def _annotation_rows(self) -> dict[str, dict[str, Any]]:
        self._refresh(self._notes, self._notes_db)
        data = self._notes.read() or {}
        return data.setdefault(ANNOTATIONS_TABLE, {})

    @staticmethod
    def _refresh(storage: AtomicJSONStorage, db: TinyDB) -> bool:
        """Reload a file another process replaced (unless this process has unsaved writes)."""
        if storage.dirty or not storage.changed_on_disk():
            return False
        storage.reload()
        clear_caches(db)
        return True

    def _path_map(self) -> dict[str, str]:
        if self._by_path is None:
            self._by_path = {row["path"]: row["id"] for row in self._letter_rows().stream()}
        return self._by_path

    def _sha_map(self) -> dict[str, str]:
        if self._by_sha is None:
            self._by_sha = {row["sha256"]: row["id"] for row in self._letter_rows().stream()}
        return self._by_sha

    def _ref_map(self) -> dict[str, list[str]]:
        # Corrected references count: another process's correction makes the map stale too.
        corrections = self.corrections_stamp()
        if self._by_ref is None or self._by_ref_for != corrections:
            self._by_ref_for = corrections
            by_ref: dict[str, list[str]] = {}
            for row in self.iter_records():
                letter_id = row["id"]
                for ref in row.get("metadata", {}).get("references", []):
                    ids = by_ref.setdefault(normalise_reference(ref), [])
                    if letter_id not in ids:
                        ids.append(letter_id)
            self._by_ref = by_ref
        return self._by_ref


class StoreWriter:
    """The single writer of letter records: holds the archive's writer lock while open.

    Records are buffered and written in batches (TinyDB rewrites the whole file on each
    write); ``flush`` makes the texts durable first, then replaces the records file.
    """

    def __init__(self, store: Store, purpose: str, *, recover: bool = False) -> None:
        self.store = store
        self.recover = recover
        self._lock = ProcessLock(store.root / WRITER_LOCK, purpose)
        self._pending: dict[str, dict[str, Any]] = {}
        self._removed: set[str] = set()

    def __enter__(self) -> StoreWriter:
        self._lock.acquire()
        try:
            with self.store._lock:
                self._load()
        except BaseException:
            # ``__exit__`` does not run when ``__enter__`` raises (a damaged records file).
            self._lock.release()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
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
            os.sync()
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


def _allowed_counts(info: Mapping[str, Any]) -> set[int] | None:
    """The letter counts the manifest allows (two while a writer replaces the records)."""
    counts = {info.get("letters"), info.get("pending")} - {None}
    if info.get("letters") is None or not all(isinstance(n, int) for n in counts):
        return None
    return cast(set[int], counts)


def _empty_annotation() -> dict[str, Any]:
    return {"tags": [], "note": "", "updated_at": ""}


def _annotation(letter_id: str, row: Mapping[str, Any] | None) -> Annotation:
    if row is None:
        return Annotation(letter_id)
    return Annotation(
        letter_id,
        tags=tuple(row.get("tags", ())),
        note=str(row.get("note", "")),
        updated_at=str(row.get("updated_at", "")),
    )
