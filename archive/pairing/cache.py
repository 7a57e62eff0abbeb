"""The pairing cache: the archive's pairing kept current and overlaid with researchers' decisions.

Computed after an import and cached in ``pairs.cache``.

The automatic pairing is a pure function of the letters, so it is cached in ``pairs.cache``
beside the records (derived data: deleting the file costs one recomputation, nothing else)
and recomputed only when the records change or the pairing code does. The researcher's
confirmed, rejected and hand-made links are annotations kept in the store; they are laid
over the cached pairing whenever it is read, in milliseconds, so that a decision shows at
once and is never lost to a re-import or rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

import archive.pairing as pairing_module
import archive.reply_cues as reply_cues_module
import archive.replytime as replytime_module
from archive.models import Letter
from archive.pairing import MIN_SCORE, Candidate, Link, LinkSource, Pairing, pair_letters
from archive.pairing.cue_cache import CUES_FILE, CueMemo, load_cues, save_cues
from archive.replytime import (
    TARGET_WORKING_DAYS,
    CountingReply,
    counting_reply,
    describe_counting_reply,
    reply_days,
    stats,
    working_days,
)
from archive.storage import PinnedFile
from archive.store import LETTERS_FILE, LinkDecision, Store, TextMissing

PAIRS_FILE = "pairs.cache"
#: Automatic links less sure than this are offered for review.
UNCERTAIN_BELOW = 0.7
#: Archives larger than this are paired in a separate process when asked to pair elsewhere.
PAIR_ELSEWHERE_FROM = 5000
#: The confidence given to the next candidate when the researcher rejects a reply's link.
FALLBACK_CONFIDENCE = 0.5

#: The reply-time facet's values (for MPs' letters; replies and other letters have none).
WITHIN_TARGET = f"≤{TARGET_WORKING_DAYS} working days"
OVER_TARGET = f">{TARGET_WORKING_DAYS} working days"
NO_REPLY = "no reply in archive"
REPLY_UNDATED = "reply undated"
REPLY_FACET_VALUES = (WITHIN_TARGET, OVER_TARGET, NO_REPLY, REPLY_UNDATED)


@dataclass(frozen=True)
class PairFacts:
    """What the query language and facets need from the pairing, by letter id."""

    stamp: str
    answered: frozenset[str]  # letters with at least one reply
    replies: frozenset[str]  # letters that answer another
    unpaired: frozenset[str]  # neither
    uncertain: frozenset[str]  # replies whose link is in doubt
    unanswered: frozenset[str]  # MPs' letters with no reply in the archive
    days: Mapping[str, int]  # letter -> working days to the reply that counts
    reply_time: Mapping[str, str] = field(default_factory=dict)  # letter -> facet value


class Threads:
    """The pairing of one archive. Safe to share between threads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._auto: Pairing | None = None
        self._base: _Base | None = None
        self._auto_stamp = ""
        self._view: tuple[tuple[str, tuple[LinkDecision, ...]], Pairing] | None = None
        self._facts: tuple[Any, PairFacts] | None = None

    @property
    def cache_file(self) -> Path:
        return self.store.root / PAIRS_FILE

    def stamp(self) -> str:
        """Changes when the letters' records, their corrections or the pairing code change."""
        try:
            info = (self.store.root / LETTERS_FILE).stat()
            letters = f"{info.st_size}:{info.st_mtime_ns}"
        except OSError:
            letters = "none"
        return f"{letters}:{self.store.corrections_stamp()}:{_code_version()}"

    @property
    def loaded(self) -> bool:
        """True once a pairing has been read or made in this process (current or not); asked
        without waiting for a thread that is reading or making it."""
        return self._auto is not None

    def is_current(self) -> bool:
        """True when the automatic pairing is cached for the letters as they are now."""
        with self._lock:
            stamp = self.stamp()
            return self._auto_stamp == stamp or _cached_stamp(self.cache_file) == stamp

    def update(self, progress: Callable[[str], None] | None = None) -> Pairing:
        """Pair the archive again if its letters changed (after an import); the overlaid view."""
        with self._lock:
            self._automatic(progress)
            return self.pairing()

    def update_elsewhere(self) -> Pairing:
        """``update``, with the pairing itself done in a separate Python process when the
        archive is large, so that a program's other threads (the app's screen) keep the
        interpreter: pairing 100k letters is seconds of pure Python. Only the finished
        cache is read here. Small archives, and any failure of the process, pair here."""
        if not self.is_current() and self.store.count() > PAIR_ELSEWHERE_FROM:
            try:
                subprocess.run(
                    [sys.executable, "-m", "archive.pairing.cache", str(self.store.root)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                )
            except OSError:
                pass  # no process to be had: pair in this one
        return self.update()

    def pairing(self) -> Pairing:
        """Every link, the researcher's decisions laid over the automatic ones."""
        with self._lock:
            auto = self._automatic()
            decisions = tuple(self.store.link_decisions())
            key = (self._auto_stamp, decisions)
            if self._view is None or self._view[0] != key:
                self._view = (key, overlay(auto, decisions))
            return self._view[1]

    def counterpart(self, letter_id: str) -> tuple[str, str] | None:
        """(letter, reply) to compare for this letter: its reply, else the letter it answers.

        Of several replies the last is taken (a holding reply comes first, the answer after).
        """
        pairing = self.pairing()
        replies = pairing.replies_to(letter_id)
        if replies:
            return letter_id, replies[-1].reply_id
        answered = pairing.answers(letter_id)
        if answered is not None:
            return answered.letter_id, letter_id
        return None

    def decisions(self) -> dict[tuple[str, str], str]:
        return {(d.reply_id, d.letter_id): d.verdict for d in self.store.link_decisions()}

    def facts(self, *, compute: bool = True) -> PairFacts | None:
        """Sets and reply times for queries and facets.

        Without ``compute``, only what is at hand: None unless the pairing is already in
        memory and current, and None at once (not after a wait) while another thread is
        pairing or loading it: a search that merely shows the reply-time facet never waits
        for the pairing; it shows the facet when the pairing is done.
        """
        if compute:
            with self._lock:
                return self._current_facts()
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if self._auto is None or self._auto_stamp != self.stamp():
                return None
            return self._current_facts()
        finally:
            self._lock.release()

    def _current_facts(self) -> PairFacts:
        with self._lock:
            view = self.pairing()
            assert self._view is not None
            marks = tuple(sorted(self.store.reply_marks().items()))
            key = (*self._view[0], marks)
            if self._facts is None or self._facts[0] != key:
                # Decisions and marks change what the facts say.
                stamp = f"{key[0]}:{hash(key[1:]):x}"
                self._facts = (key, self._make_facts(view, stamp, dict(marks)))
            return self._facts[1]

    def reply_days(self) -> dict[str, int]:
        facts = self.facts()
        assert facts is not None
        return dict(facts.days)

    def stats(self) -> dict[str, Any]:
        """Per department and per MP: letters, answered, median working days, share on time."""
        return stats(
            self.store.iter_records(),
            self.pairing(),
            text_of=self._text_of,
            marks=self.store.reply_marks(),
        )

    def counting_reply(self, letter_id: str) -> CountingReply | None:
        """Which of a letter's replies its reply time counts to, and why (None: no reply)."""
        pairing = self.pairing()
        ids = {letter_id, *(link.reply_id for link in pairing.replies_to(letter_id))}
        records = [row for i in ids if (row := self.store.record(i)) is not None]
        return counting_reply(
            pairing,
            records,
            letter_id,
            text_of=self._text_of,
            marks=self.store.reply_marks(),
        )

    def reply_time_words(self, choice: CountingReply) -> str:
        """Which reply counted and why, each reply named by its sender and reference."""

        def name_of(letter_id: str) -> str:
            found = self.store.get(letter_id)
            if found is None:
                return letter_id
            reference = found.metadata.references[:1]
            return found.party("sender") + (f" ({reference[0]})" if reference else "")

        def date_of(letter_id: str) -> str:
            found = self.store.get(letter_id)
            day = found.metadata.date if found else None
            return day.isoformat() if day else "undated"

        return describe_counting_reply(choice, name_of, date_of)

    # -- internals -----------------------------------------------------------------------------

    def _automatic(self, progress: Callable[[str], None] | None = None) -> Pairing:
        stamp = self.stamp()
        if self._auto is not None and self._auto_stamp == stamp:
            return self._auto
        loaded = _load(self.cache_file, stamp)
        if loaded is None:
            if progress:
                progress(f"pairing {self.store.count()} letters with their replies")
            slim: list[dict[str, Any]] = []
            cues_file = self.store.root / CUES_FILE
            memo = CueMemo(load_cues(cues_file))
            corrected: dict[str, set[str]] = {}
            for correction in self.store.corrections():
                corrected.setdefault(correction.letter_id, set()).add(correction.field)
            auto = pair_letters(
                _collecting(self.store, slim),
                text_of=self._text_of,
                cue_memo=memo,
                corrected={key: frozenset(fields) for key, fields in corrected.items()},
            )
            save_cues(cues_file, memo.used)
            base = _Base(
                days=reply_days(auto, slim, text_of=self._text_of),
                from_mp=frozenset(r["id"] for r in slim if r["metadata"]["direction"] == "from_mp"),
            )
            _save(self.cache_file, stamp, auto, base)
        else:
            auto, base = loaded
        self._auto, self._base, self._auto_stamp = auto, base, stamp
        return auto

    def _text_of(self, letter_id: str) -> str:
        try:
            return self.store.text(letter_id)
        except (TextMissing, KeyError, ValueError):
            return ""

    def _make_facts(self, view: Pairing, stamp: str, marks: Mapping[str, str]) -> PairFacts:
        """The facts of the view: the automatic pairing's reply times, redone only for the
        letters whose replies a decision changed or a mark names (milliseconds at 100k)."""
        auto, base = self._auto, self._base
        assert auto is not None and base is not None
        before, after = _replies_by_letter(auto), _replies_by_letter(view)
        changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
        changed |= {i for i, replies in after.items() if not replies.isdisjoint(marks)}
        days = {i: n for i, n in base.days.items() if i not in changed}
        if changed:
            involved = changed | {r for i in changed for r in after.get(i, ())}
            records = [
                _slim_record(row) for i in involved if (row := self.store.record(i)) is not None
            ]
            part = Pairing(
                tuple(link for link in view.links if link.letter_id in changed),
                MappingProxyType({}),
                view.dates,
            )
            days.update(reply_days(part, records, text_of=self._text_of, marks=marks))
        answered = frozenset(after)
        reply_time: dict[str, str] = {}
        for letter_id in base.from_mp:
            if letter_id in days:
                reply_time[letter_id] = (
                    WITHIN_TARGET if days[letter_id] <= TARGET_WORKING_DAYS else OVER_TARGET
                )
            else:
                reply_time[letter_id] = REPLY_UNDATED if letter_id in answered else NO_REPLY
        return PairFacts(
            stamp=stamp,
            answered=answered,
            replies=frozenset(link.reply_id for link in view.links),
            unpaired=frozenset(view.unpaired()),
            uncertain=frozenset(link.reply_id for link in view.uncertain(UNCERTAIN_BELOW)),
            unanswered=frozenset(base.from_mp - answered),
            days=MappingProxyType(days),
            reply_time=MappingProxyType(reply_time),
        )


@dataclass(frozen=True)
class _Base:
    """What the automatic pairing gives the facts: reply times, and the MPs' letters."""

    days: Mapping[str, int]
    from_mp: frozenset[str]


#: The record fields reply times need (the rest of a record is not kept in memory).
_SLIM_META = (
    "date",
    "direction",
    "mp",
    "sender_org",
    "sender_role",
    "recipient_org",
    "recipient_role",
)


def _slim_record(row: Mapping[str, Any]) -> dict[str, Any]:
    meta = row.get("metadata") or {}
    return {
        "id": row["id"],
        "text_chars": row.get("text_chars") or 0,
        "metadata": {key: meta.get(key) for key in _SLIM_META},
    }


def _collecting(store: Store, slim: list[dict[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The store's records, keeping the few fields reply times need on the way past."""
    for row in store.iter_records():
        slim.append(_slim_record(row))
        yield row


def _replies_by_letter(pairing: Pairing) -> dict[str, frozenset[str]]:
    grouped: dict[str, set[str]] = {}
    for link in pairing.links:
        grouped.setdefault(link.letter_id, set()).add(link.reply_id)
    return {letter_id: frozenset(replies) for letter_id, replies in grouped.items()}


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """Something for the researcher to decide: a doubtful link, or a letter with no link.

    ``kind`` is "uncertain" (a reply linked with little confidence), "unlinked" (a reply
    whose best candidates fell short of a link) or "unanswered" (a letter no reply is
    linked to). For replies, ``candidates`` are letters it may answer; for an unanswered
    letter, they are replies that may answer it (``Candidate.letter_id`` is then a reply).
    """

    kind: str
    letter_id: str
    link: Link | None
    candidates: tuple[Candidate, ...]

    @property
    def is_reply(self) -> bool:
        return self.kind != "unanswered"

    def pair_with(self, candidate_id: str) -> tuple[str, str]:
        """(reply id, letter id) for linking this item with one of its candidates."""
        return (self.letter_id, candidate_id) if self.is_reply else (candidate_id, self.letter_id)


def evidence_in_words(score: float) -> str:
    """A candidate's evidence as a researcher reads it, against the score the pairing links
    at (the score itself is for scripts: ``--json``)."""
    if score >= 2 * MIN_SCORE:
        return "strong evidence: enough to link it"
    if score >= MIN_SCORE:
        return "enough evidence to link it"
    return "some evidence, not enough to link it alone"


def review_items(pairing: Pairing, below: float | None = None) -> list[ReviewItem]:
    """The review list: doubtful links first (least sure first), then letters with no link."""
    below = UNCERTAIN_BELOW if below is None else below
    items = [
        ReviewItem("uncertain", link.reply_id, link, pairing.candidates.get(link.reply_id, ()))
        for link in pairing.uncertain(below)
    ]
    answering: dict[str, list[Candidate]] = {}
    for reply_id, found in pairing.candidates.items():
        for candidate in found:
            answering.setdefault(candidate.letter_id, []).append(
                Candidate(reply_id, candidate.score, candidate.reasons)
            )
    for letter_id in pairing.unpaired():
        if letter_id in pairing.candidates:
            offered = pairing.candidates[letter_id]
            if offered:  # none left: the researcher rejected every letter it was offered
                items.append(ReviewItem("unlinked", letter_id, None, offered))
        else:
            best = sorted(answering.get(letter_id, ()), key=lambda c: -c.score)[:3]
            items.append(ReviewItem("unanswered", letter_id, None, tuple(best)))
    return items


def metadata_rows(first: Letter, second: Letter) -> list[tuple[str, str, str]]:
    """(label, first's value, second's value) for the compare header: what differs at a glance."""
    rows = []
    for label, (a, b) in (
        ("date", (_day(first), _day(second))),
        ("references", (_join(first.metadata.references), _join(second.metadata.references))),
        ("from", (_party(first, "sender"), _party(second, "sender"))),
        ("to", (_party(first, "recipient"), _party(second, "recipient"))),
        ("cc", (_join(first.metadata.cc), _join(second.metadata.cc))),
        ("answers", (_day(first, "in_reply_to_date"), _day(second, "in_reply_to_date"))),
    ):
        rows.append((label, a, b))
    early, late = first.metadata.date, second.metadata.date
    if early and late:
        if late < early:
            early, late = late, early
        taken = working_days(early, late)
        days = (late - early).days
        rows.append(("between", f"{taken} working days ({days} calendar days)", ""))
    return rows


def _day(letter: Letter, key: str = "date") -> str:
    value = getattr(letter.metadata, key)
    return value.isoformat() if value else "-"


def _join(values: Sequence[str]) -> str:
    return ", ".join(values) or "-"


def _party(letter: Letter, side: str) -> str:
    meta = letter.metadata
    parts = (
        getattr(meta, f"{side}_name"),
        getattr(meta, f"{side}_role"),
        getattr(meta, f"{side}_org"),
    )
    return " / ".join(str(part) for part in parts if part) or "-"


def overlay(auto: Pairing, decisions: Sequence[LinkDecision]) -> Pairing:
    """The automatic pairing with the researcher's decisions laid over it.

    A rejected link goes, and the reply's next candidate strong enough to be linked takes
    its place, marked uncertain so that it comes up for review; a confirmed or hand-made
    link always stands, with confidence 1.0.
    """
    if not decisions:
        return auto
    known = auto.dates
    rejected = {(d.reply_id, d.letter_id) for d in decisions if d.verdict == "rejected"}
    chosen: dict[str, LinkDecision] = {}
    for decision in decisions:  # oldest first: the latest decision on a reply wins
        if decision.verdict == "rejected" or decision.reply_id not in known:
            continue
        if decision.letter_id not in known:
            continue
        held = chosen.get(decision.reply_id)
        if held is not None and held.verdict == "manual" and decision.verdict == "confirmed":
            continue
        chosen[decision.reply_id] = decision
    links: dict[str, Link] = {}
    # The further letters a reply answers with its first ("your letters of 2 and 9 May"):
    # each stands unless rejected, or a researcher's own link for the reply replaces them.
    further: list[Link] = []
    for link in auto.links:
        if link.reply_id not in links:
            links[link.reply_id] = link
        elif (link.reply_id, link.letter_id) not in rejected and link.reply_id not in chosen:
            further.append(link)
    for reply_id, link in list(links.items()):
        if (reply_id, link.letter_id) not in rejected:
            continue
        del links[reply_id]
        fallback = _next_candidate(auto.candidates.get(reply_id, ()), reply_id, rejected)
        if fallback is not None:
            links[reply_id] = Link(
                reply_id,
                fallback.letter_id,
                FALLBACK_CONFIDENCE,
                (
                    "the first letter proposed was rejected; this is the next best",
                    *fallback.reasons,
                ),
            )
    for reply_id, decision in chosen.items():
        evidence = next(
            (
                c.reasons
                for c in auto.candidates.get(reply_id, ())
                if c.letter_id == decision.letter_id
            ),
            (),
        )
        who = (
            "linked by a researcher"
            if decision.verdict == "manual"
            else "confirmed by a researcher"
        )
        source: LinkSource = "manual" if decision.verdict == "manual" else "confirmed"
        links[reply_id] = Link(reply_id, decision.letter_id, 1.0, (who, *evidence), source)
        back = links.get(decision.letter_id)
        if back is not None and back.letter_id == reply_id and back.source == "auto":
            del links[decision.letter_id]  # a letter cannot answer its own reply
    ordered = sorted(
        (*links.values(), *(link for link in further if link.reply_id in links)),
        key=lambda link: (_ordinal(known, link.reply_id), link.reply_id),
    )
    offered = _WithoutRejected(auto.candidates, rejected) if rejected else auto.candidates
    return Pairing(tuple(ordered), offered, auto.dates)


class _WithoutRejected(Mapping[str, tuple[Candidate, ...]]):
    """Each reply's candidates less the letters a researcher rejected for it: a rejected
    pair is never offered again (a reply left with none keeps an empty tuple)."""

    def __init__(
        self, candidates: Mapping[str, tuple[Candidate, ...]], rejected: set[tuple[str, str]]
    ) -> None:
        self._candidates = candidates
        self._rejected: dict[str, set[str]] = {}
        for reply_id, letter_id in rejected:
            self._rejected.setdefault(reply_id, set()).add(letter_id)

    def __getitem__(self, key: str) -> tuple[Candidate, ...]:
        found = self._candidates[key]
        refused = self._rejected.get(key)
        if not refused:
            return found
        return tuple(c for c in found if c.letter_id not in refused)

    def __iter__(self) -> Iterator[str]:
        return iter(self._candidates)

    def __len__(self) -> int:
        return len(self._candidates)


def _next_candidate(
    candidates: Sequence[Candidate], reply_id: str, rejected: set[tuple[str, str]]
) -> Candidate | None:
    for candidate in candidates:
        if (reply_id, candidate.letter_id) not in rejected and candidate.score >= MIN_SCORE:
            return candidate
    return None


def _ordinal(dates: Mapping[str, dt.date | None], letter_id: str) -> int:
    day = dates.get(letter_id)
    return day.toordinal() if day else dt.date.max.toordinal()


_CODE_VERSION: str | None = None


def _code_version() -> str:
    """A digest of the pairing code: a change to it pairs the archive again."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        digest = hashlib.sha256()
        for module in (pairing_module, reply_cues_module, replytime_module):
            source = getattr(module, "__file__", None)
            if not source:
                continue
            # A package (the pairing) is every module in it, not only its __init__.
            is_package = Path(source).name == "__init__.py"
            for path in sorted(Path(source).parent.glob("*.py")) if is_package else [Path(source)]:
                digest.update(path.read_bytes())
        _CODE_VERSION = digest.hexdigest()[:12]
    return _CODE_VERSION


# -- the cache file ---------------------------------------------------------------------------

_FORMAT = 3
_SOURCES: Mapping[str, LinkSource] = {"auto": "auto", "confirmed": "confirmed", "manual": "manual"}


def _cached_stamp(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            first = handle.readline()
        return str(orjson.loads(first).get("stamp"))
    except (OSError, ValueError, AttributeError):
        return None


def _save(path: Path, stamp: str, result: Pairing, base: _Base) -> None:
    """Write the pairing: a header line, the links line, then the candidates line.

    The candidates (three per reply, with their reasons) are most of the file and only the
    review screen and decisions need them: they are parsed when first asked for.
    """
    body = {
        "links": [
            [link.reply_id, link.letter_id, link.confidence, list(link.reasons), link.source]
            for link in result.links
        ],
        "dates": {k: (v.toordinal() if v else 0) for k, v in result.dates.items()},
        "days": dict(base.days),
        "from_mp": sorted(base.from_mp),
    }
    reasons: dict[str, int] = {}

    def codes(found: tuple[str, ...]) -> list[int]:
        return [reasons.setdefault(reason, len(reasons)) for reason in found]

    candidates = {
        "candidates": {
            reply_id: [[c.letter_id, c.score, codes(c.reasons)] for c in found]
            for reply_id, found in result.candidates.items()
        }
    }
    candidates["reasons"] = list(reasons)  # type: ignore[assignment]
    header = orjson.dumps({"format": _FORMAT, "stamp": stamp})
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as handle:
            handle.write(b"\n".join([header, orjson.dumps(body), orjson.dumps(candidates)]))
        os.replace(temporary, path)
    except OSError:
        # A read-only archive still pairs; it just pairs again next time.
        temporary.unlink(missing_ok=True)


class _LazyCandidates(Mapping[str, tuple[Candidate, ...]]):
    """The candidates line of the cache, read and parsed on first use."""

    def __init__(self, read: Callable[[], bytes]) -> None:
        self._read: Callable[[], bytes] | None = read
        self._parsed: dict[str, tuple[Candidate, ...]] = {}
        self._lock = threading.Lock()

    def _table(self) -> dict[str, tuple[Candidate, ...]]:
        with self._lock:
            if self._read is not None:
                try:
                    data = orjson.loads(self._read())
                    reasons = [str(r) for r in data["reasons"]]
                    self._parsed = {
                        sys.intern(str(reply_id)): tuple(
                            Candidate(
                                sys.intern(str(lt)),
                                float(score),
                                tuple(reasons[c] for c in why),
                            )
                            for lt, score, why in found
                        )
                        for reply_id, found in data["candidates"].items()
                    }
                except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
                    self._parsed = {}  # damaged: the links still stand; no candidates shown
                self._read = None
            return self._parsed

    def __getitem__(self, key: str) -> tuple[Candidate, ...]:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _rest_of(handle: Any) -> Callable[[], bytes]:
    """The rest of an open file from where it stands, read when called: from that same file
    even if a newer cache has replaced its path since (13 MB at 100k letters not held while
    nobody asks for the candidates)."""
    pinned, start = PinnedFile(handle), handle.tell()

    def read() -> bytes:
        try:
            return pinned.rest(start)
        finally:
            pinned.close()

    return read


def _load(path: Path, stamp: str) -> tuple[Pairing, _Base] | None:
    """The cached pairing, its letter ids shared with the store's and the index's (interned),
    and each reason and date kept once however many links and letters have it."""
    try:
        with path.open("rb") as handle:
            header = orjson.loads(handle.readline())
            if header.get("format") != _FORMAT or header.get("stamp") != stamp:
                return None
            body = orjson.loads(handle.readline())
            candidates = _LazyCandidates(_rest_of(handle))
        intern = sys.intern
        reasons: dict[str, str] = {}
        shared = reasons.setdefault
        links = tuple(
            Link(
                intern(str(r)),
                intern(str(lt)),
                float(c),
                tuple(shared(str(w), str(w)) for w in why),
                _SOURCES[src],
            )
            for r, lt, c, why, src in body["links"]
        )
        made: dict[int, dt.date] = {}  # one date object a day, not one a letter
        dates = {
            intern(str(k)): (made.get(v) or made.setdefault(v, dt.date.fromordinal(v)))
            if v
            else None
            for k, v in body["dates"].items()
        }
        base = _Base(
            days={intern(str(k)): int(v) for k, v in body["days"].items()},
            from_mp=frozenset(intern(str(i)) for i in body["from_mp"]),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # missing or damaged: derived data, so pair again
    return Pairing(links, candidates, MappingProxyType(dates)), base


if __name__ == "__main__":
    # ``python -m archive.pairing.cache ARCHIVE``: write the archive's pairing cache (used by
    # ``Threads.update_elsewhere``); exit status 0 when the cache is written.
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m archive.pairing.cache ARCHIVE_FOLDER")
    Threads(Store(Path(sys.argv[1]))).update()
