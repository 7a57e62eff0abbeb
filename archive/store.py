"""The store: the one object the rest of the program reads and writes an archive through.

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

The store is built in layers, one module each: ``folder`` (the files, the manifest, the
TinyDB handles), ``annotation_tables`` (the researcher's annotations), this module (reading
letters, resolving names and references, texts, members) and ``store_writer`` (the single
writer of records). Everything other modules import from the store is re-exported here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any, cast

from tinydb.table import Document

from archive.annotation_tables import (
    AnnotationTables,
    LinkDecision,
    SavedSearch,
    validate_tag,
)
from archive.corrections import corrected_record
from archive.errors import (
    AmbiguousLetter,
    ArchiveError,
    ArchiveMissing,
    LetterNotFound,
    TextDamaged,
    TextMissing,
)
from archive.folder import (
    ANNOTATIONS_FILE,
    ANNOTATIONS_LOCK,
    ANNOTATIONS_TABLE,
    CORRECTIONS_TABLE,
    FORMAT_VERSION,
    LETTERS_FILE,
    LETTERS_TABLE,
    LINK_VERDICTS,
    LINKS_TABLE,
    MANIFEST,
    MEMBERS_FILE,
    NOTE_HISTORY_KEPT,
    PRIVATE_FILE,
    PRIVATE_FOLDER,
    REPLY_MARKS,
    REPLY_MARKS_TABLE,
    SAVED_SEARCHES_TABLE,
    TEXTS_DIR,
    WRITER_LOCK,
    RecordsRecovery,
    now_iso,
)
from archive.locking import ProcessLock
from archive.members import MemberDirectory
from archive.models import Letter
from archive.refs import normalise_reference
from archive.store_writer import StoreWriter
from archive.texts import SUFFIX as PACK_SUFFIX
from archive.texts import PackState, TextUnreadable, pack_states

__all__ = [
    "ANNOTATIONS_FILE",
    "ANNOTATIONS_LOCK",
    "ANNOTATIONS_TABLE",
    "CORRECTIONS_TABLE",
    "FORMAT_VERSION",
    "LETTERS_FILE",
    "LETTERS_TABLE",
    "LINK_VERDICTS",
    "LINKS_TABLE",
    "MANIFEST",
    "MEMBERS_FILE",
    "NOTE_HISTORY_KEPT",
    "PRIVATE_FILE",
    "PRIVATE_FOLDER",
    "REPLY_MARKS",
    "REPLY_MARKS_TABLE",
    "SAVED_SEARCHES_TABLE",
    "TEXTS_DIR",
    "WRITER_LOCK",
    "AmbiguousLetter",
    "ArchiveError",
    "ArchiveMissing",
    "LetterNotFound",
    "LinkDecision",
    "RecordsRecovery",
    "SavedSearch",
    "Store",
    "StoreWriter",
    "TextDamaged",
    "TextMissing",
    "normalise_reference",
    "now_iso",
    "validate_tag",
]

#: Words before a reference that say it is another letter's: "Your ref:", "your letter (ref".
_QUOTED_REFERENCE = re.compile(r"(?i)\b(?:your\b[^\n]{0,40}|(?:their|his|her)\s+ref[^\n]{0,20})$")


def _exchange(letter: Letter) -> str:
    """What one exchange's letters share: the MP, else the two parties."""
    meta = letter.metadata
    if meta.mp:
        return meta.mp.casefold()
    return " / ".join(sorted(letter.party(side).casefold() for side in ("sender", "recipient")))


class Store(AnnotationTables):
    """Reads and writes one archive folder. Safe to share between threads."""

    # -- reading letters -------------------------------------------------------------------

    def count(self) -> int:
        with self._lock:
            return len(self._letter_rows())

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._letter_rows())

    def get(self, letter_id: str) -> Letter | None:
        """A letter with the researcher's corrections applied (see ``corrected_record``)."""
        row = self._corrected_row(letter_id)
        return Letter.from_json(row) if row is not None else None

    def letters(self) -> Iterator[Letter]:
        """Every letter (corrected), in import order, each built as it is reached."""
        for row in self.iter_records():
            yield Letter.from_json(row)

    def iter_records(self) -> Iterator[Mapping[str, Any]]:
        """Every record (read-only) with its corrections applied, decoded one at a time.

        This is what pairing, reply times and export read (the index reads ``get``'s letters):
        a researcher's correction outranks the extractor everywhere.
        """
        with self._lock:
            corrections = self._corrected_fields()
        derive_area = self._area_deriver() if corrections else None
        for row in self.iter_extracted_records():
            yield corrected_record(row, corrections.get(row["id"]), derive_area)

    def record(self, letter_id: str) -> Mapping[str, Any] | None:
        """One record (read-only) with its corrections applied."""
        return self._corrected_row(letter_id)

    def records(self, letter_ids: Iterable[str]) -> list[Mapping[str, Any] | None]:
        """Several records (read-only, None for an unknown id) with their corrections applied.

        The records and corrections files are checked on disk once for all of them (a page
        of hits), not once a record: each check is a ``stat`` of each file.
        """
        with self._lock:
            rows = self._letter_rows()
            corrections = self._correction_rows()
            found: list[Mapping[str, Any] | None] = []
            for letter_id in letter_ids:
                row = rows.get(letter_id)
                if row is None:
                    found.append(None)
                    continue
                correction = corrections.get(letter_id)
                fields = correction.get("fields") if correction else None
                derive_area = self._area_deriver() if fields else None
                found.append(corrected_record(row, fields, derive_area))
            return found

    def _corrected_row(self, letter_id: str) -> Mapping[str, Any] | None:
        return self.records((letter_id,))[0]

    def _area_deriver(self) -> Callable[[MutableMapping[str, Any]], None]:
        """What sets ``area`` as the importer does: the members file, then the gazetteer
        (built once, and again only when the members file changes)."""
        with self._lock:
            if self._refresh(self._members, self._members_db) or self._directory is None:
                rows = self._members_db.table("members").all()
                self._directory = MemberDirectory([dict(row) for row in rows])
            return self._directory.apply

    def content_hashes(self) -> dict[str, str]:
        """Letter id -> the sha256 of its file, for every letter (what the index compares)."""
        return {row["id"]: row["sha256"] for row in self.iter_extracted_records()}

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

    def text(self, letter: Letter | str, record: Mapping[str, Any] | None = None) -> str:
        """The letter's text exactly as read at import. By id, ``record`` is the letter's
        record when the caller has just read it (a page of hits), so it is not read again."""
        if isinstance(letter, str):
            # By id, from the raw record: no need to build the whole Letter to find its text.
            row = record if record is not None else self.record(letter)
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

    def texts(
        self,
        letter_ids: Sequence[str],
        records: Sequence[Mapping[str, Any]],
        trusted: Mapping[str, PackState] | None = None,
    ) -> list[str | TextDamaged]:
        """The texts of a page of letters whose records the caller has just read (search
        hits): each the text ``text`` gives, or the ``TextDamaged`` it would raise. A text
        is not hashed again while its pack is unchanged since it was checked, by this store
        or (``trusted``, from ``text_pack_states``) with all of the pack's texts: see
        ``PackReader.read_page``."""
        wanted = [
            (str(row.get("text_ref", "")), str(row.get("text_sha256") or "")) for row in records
        ]
        texts: list[str | TextDamaged] = []
        read = self._packs.read_page(wanted, trusted)
        for letter_id, row, text in zip(letter_ids, records, read, strict=True):
            path = str(row.get("path", ""))
            if isinstance(text, TextUnreadable):
                texts.append(TextDamaged(letter_id, path, str(text)))
                continue
            chars = int(row.get("text_chars") or 0)
            if chars and len(text) != chars:
                texts.append(
                    TextDamaged(letter_id, path, f"{len(text)} characters, {chars} expected")
                )
                continue
            texts.append(text)
        return texts

    def text_pack_states(self) -> dict[str, PackState]:
        """The state of every pack of texts now (what ``texts`` may be told to trust)."""
        return pack_states(self.root / TEXTS_DIR)

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
