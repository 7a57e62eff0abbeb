"""The researcher's annotations: tags, notes, saved searches, links, marks, corrections.

They are kept in the annotations file apart from the imported records, so no re-import,
re-extraction or rebuild can touch them.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import orjson

from archive.annotations_file import Backup, remove_stale_temp_files
from archive.corrections import Correction, check_field, extracted_value
from archive.errors import LetterNotFound
from archive.folder import (
    ANNOTATIONS_LOCK,
    ANNOTATIONS_TABLE,
    CORRECTIONS_TABLE,
    LINK_VERDICTS,
    LINKS_TABLE,
    NOTE_HISTORY_KEPT,
    REPLY_MARKS,
    REPLY_MARKS_TABLE,
    SAVED_SEARCHES_TABLE,
    ArchiveFolder,
    now_iso,
)
from archive.models import Annotation
from archive.storage import clear_caches

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


class AnnotationTables(ArchiveFolder):
    """The annotation tables of one archive: read and changed under the annotations lock."""

    #: The annotations as built for the annotations file's data of that generation.
    _annotations_cache: tuple[int, Mapping[str, Annotation]] | None = None
    #: Which annotated letters each file's content (sha256) and path anchor, for that
    #: generation of the annotations file's data (see ``claim_annotated_id``).
    _anchors_cache: tuple[int, dict[str, dict[str, list[str]]]] | None = None

    # -- annotations -----------------------------------------------------------------------

    def annotation(self, letter_id: str) -> Annotation:
        with self._lock:
            return _annotation(letter_id, self._annotation_rows().get(letter_id))

    def annotations(self) -> dict[str, Annotation]:
        """Every annotation, including those whose letter is not (or no longer) in the archive."""
        return dict(self.annotations_view())

    def annotations_view(self) -> Mapping[str, Annotation]:
        """``annotations()``, read-only and shared: the same object until an annotation
        changes (in this process or another), so a caller may keep what it derives from it
        by the object's identity.

        A search reads every annotation (tags take part in queries and facets): building
        them again each time cost 8 ms a search with 3,000 letters tagged.
        """
        with self._lock:
            rows = self._annotation_rows()
            generation = self._notes.generation
            cached = self._annotations_cache
            if cached is None or cached[0] != generation:
                built = {i: _annotation(i, row) for i, row in rows.items()}
                cached = self._annotations_cache = (generation, MappingProxyType(built))
            return cached[1]

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
            if not self._has_letter(letter):
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
        if not self._has_letter(reply_id):
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
        if not self._has_letter(letter_id):
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
            anchors = self._anchors()
            letters = self._letter_rows()
            for key, wanted in (("sha256", sha256), ("paths", path)):
                for letter_id in anchors[key].get(wanted, ()):
                    if letter_id not in letters:
                        return letter_id
        return None

    def _anchors(self) -> dict[str, dict[str, list[str]]]:
        """For "sha256" and "paths": each anchor value -> the ids of the annotations and
        corrections anchored by it, in the tables' order (annotations first).

        An import asks for every new file: walking every annotation for each cost an
        archive with thousands of tags minutes of import. Built again only when the
        annotations file's data changes (here or in another process).
        """
        annotations, corrections = self._annotation_rows(), self._correction_rows()
        generation = self._notes.generation
        cached = self._anchors_cache
        if cached is not None and cached[0] == generation:
            return cached[1]
        built: dict[str, dict[str, list[str]]] = {"sha256": {}, "paths": {}}
        for letter_id, row in itertools.chain(annotations.items(), corrections.items()):
            for key, index in built.items():
                for value in row.get("anchors", {}).get(key, []):
                    ids = index.setdefault(value, [])
                    if letter_id not in ids:
                        ids.append(letter_id)
        self._anchors_cache = (generation, built)
        return built

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
