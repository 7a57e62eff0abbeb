"""What pairing knows of each letter (``_Slim``) and of the archive (``_Context``).

Both are read from the records in one pass.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from archive.extract.dates import iter_full_dates
from archive.knowledge.members import surname_and_name_key
from archive.knowledge.organisations import department_match, department_of, registry
from archive.refs import normalise_reference
from archive.words import TOPIC_STOP_WORDS, plain_words

#: A reference on more letters than this is a label, not a case number ("PIP", a team code).
MAX_REFERENCE_LETTERS = 12


@lru_cache(maxsize=65_536)
def reference_key(reference: str) -> str:
    """A reference as compared (``archive.refs``' one rule), cached: pairing asks often."""
    return normalise_reference(reference)


# Departments, their renames and agencies, and which department a letter is party to, are
# the organisations registry's (archive.knowledge): one rule for pairing and the facets.


_DIRECTIONS = {"to_mp": 1, "from_mp": -1}


class _Slim:
    """What pairing needs of one letter, small enough to keep 100k of them."""

    __slots__ = (
        "index",
        "id",
        "day",
        "sign",
        "surname",
        "mp",
        "mp_name",
        "dept",
        "person",
        "copied",
        "cited",
        "refs",
        "shown_refs",
        "topic",
        "topic_mass",
        "month_day",
        "year",
        "cited_month_day",
        "cited_swapped",
        "cited_year",
        "cited_swapped_day",
        "crowd",
        "transferred",
        "from_text",
        "transfer_from",
        "fixed",
    )

    def __init__(
        self,
        index: int,
        letter_id: str,
        day: int,
        sign: int,
        mp: tuple[str, str] | None,
        mp_name: str,
        dept: str | None,
        person: str,
        copied: tuple[str, ...],
        cited: int,
        refs: tuple[str, ...],
        shown_refs: tuple[str, ...],
        topic: frozenset[str],
    ) -> None:
        self.index = index
        self.id = letter_id
        self.day = day
        self.sign = sign
        self.surname = mp[0] if mp else ""
        self.mp = mp[1] if mp else ""
        self.mp_name = mp_name
        self.dept = dept
        self.person = person
        self.copied = copied
        self.cited = cited
        self.refs = refs
        self.shown_refs = shown_refs
        self.topic = topic
        #: The summed rarity of the topic words (set once the MP's letters are all read).
        self.topic_mass = 0.0
        #: The MP's letters to this letter's department around its cited date (``_crowding``).
        self.crowd = 0
        #: Its text says the letter was passed on from another department (``reply_cues``).
        self.transferred = False
        #: What metadata lacked and was read elsewhere ("date", "cited", "mp"): said in the
        #: reasons (``explain._from_text``), so a researcher knows what the link rests on.
        self.from_text: tuple[str, ...] = ()
        #: The body its text says passed the letter on ("Ofsted has forwarded your letter").
        self.transfer_from: str | None = None
        #: The fields a researcher corrected: the texts never overrule them.
        self.fixed: frozenset[str] = frozenset()
        # Date parts as integers: the date signal runs for every candidate pair.
        self.redate(day)
        self.cite(cited)

    def redate(self, day: int) -> None:
        """Set the letter's own date, and its parts the date signal compares."""
        self.day = day
        date = dt.date.fromordinal(day)
        self.month_day = date.month * 100 + date.day
        self.year = date.year

    def cite(self, cited: int) -> None:
        """Set the date the letter says it answers, and its parts the date signal compares."""
        self.cited = cited
        if cited:
            said = dt.date.fromordinal(cited)
            self.cited_month_day = said.month * 100 + said.day
            self.cited_swapped = said.day * 100 + said.month
            self.cited_year = said.year
            self.cited_swapped_day = 0
            if said.day <= 12 and said.day != said.month:
                self.cited_swapped_day = dt.date(said.year, said.day, said.month).toordinal()
        else:
            self.cited_month_day = self.cited_swapped = self.cited_year = 0
            self.cited_swapped_day = 0


def _ordinal(value: Any) -> int:
    if not value:
        return 0
    try:
        return dt.date.fromisoformat(str(value)).toordinal()
    except ValueError:
        return 0


def _person_of(meta: Mapping[str, Any], sign: int) -> str:
    """The department's person: who signed a reply, or whom the MP wrote to (keyed as an
    MP's name is: one rule for every person's name)."""
    key = surname_and_name_key(meta.get("sender_name" if sign > 0 else "recipient_name"))
    return key[1] if key else ""


def _topic_words(meta: Mapping[str, Any], mp_name: str) -> frozenset[str]:
    words: set[str] = set()
    for key in ("places", "people"):
        for value in meta.get(key) or ():
            text = str(value).lower()
            if text != mp_name.lower():
                words.add(text)
    subject = meta.get("subject")
    if subject:
        words.update(w for w in plain_words(str(subject), 4) if w not in TOPIC_STOP_WORDS)
    return frozenset(words)


@dataclass(slots=True)
class _Context:
    """Archive-wide facts the signals need: reference spread and topic word rarity."""

    letters: list[_Slim]
    #: An MP's letters one way, in date order: (surname, +1 to the MP | -1 from the MP).
    by_side: dict[tuple[str, int], list[_Slim]]
    days_by_side: dict[tuple[str, int], list[int]]
    by_reference: dict[str, list[int]]
    spread_references: set[str]
    topic_weight: dict[str, dict[str, float]]
    #: Points for each (reply's, letter's) department pair met so far.
    department_points: dict[tuple[str, str], float] = field(default_factory=dict)
    #: MPs' letters by day, built when first asked for (``by_day``).
    _by_day: dict[int, list[_Slim]] | None = None

    def mps_letters_on(self, day: int) -> list[_Slim]:
        """Every MP's letters of that day (for a reply whose MP metadata misread)."""
        if self._by_day is None:
            self._by_day = {}
            for letter in self.letters:
                if letter.sign < 0:
                    self._by_day.setdefault(letter.day, []).append(letter)
        return self._by_day.get(day, [])


def _read(
    records: Iterable[Mapping[str, Any]],
    text_of: Callable[[str], str] | None = None,
    shas: dict[str, str] | None = None,
    corrected: Mapping[str, frozenset[str]] | None = None,
) -> tuple[_Context, dict[str, dt.date | None]]:
    """One pass over the records: slim letters, buckets by MP, references, word rarity.

    Where metadata lacks a letter's date, it is read from the letter's opening (when
    ``text_of`` is given); where it lacks an MP, the writer or addressee is taken when they
    are an MP of this archive (see ``_mp_by_name``). ``shas``, when given, is filled with
    each reply's text sha-256 (replies' cues are remembered by it). ``corrected`` names each
    letter's fields a researcher corrected: nothing read from a text replaces them.
    """
    corrected = corrected or {}
    letters: list[_Slim] = []
    undated: list[str] = []
    # Letters extraction could not place as to or from an MP: (letter, sender, recipient, orgs).
    unplaced: list[tuple[_Slim, str, str, tuple[str, ...]]] = []
    # Letters to or from an MP whose MP metadata lacks: (letter, the MP's side's name).
    unnamed: list[tuple[_Slim, str]] = []
    # Every record decodes its own copy of the MP's name, the department and the places:
    # one shared copy of each keeps 100k letters in a fraction of the memory.
    shared: dict[str, str] = {}
    # Most letters name one of a few departments: each name and date is resolved once.
    departments: dict[tuple[Any, ...], str | None] = {}
    for record in records:
        meta: Mapping[str, Any] = record.get("metadata") or {}
        letter_id = str(record["id"])
        day = _ordinal(meta.get("date"))
        dated_by_text = False
        fixed = corrected.get(letter_id, frozenset())
        if not day and text_of is not None and "date" not in fixed:
            day = _date_in_text(letter_id, text_of)
            dated_by_text = bool(day)
        if not day:
            undated.append(letter_id)
            continue
        sign = _DIRECTIONS.get(str(meta.get("direction")), 0)
        if shas is not None and sign >= 0 and record.get("text_sha256"):
            shas[letter_id] = str(record["text_sha256"])
        mp_name = shared.setdefault(name := str(meta.get("mp") or "") if sign else "", name)
        department = _department(meta, departments) if sign else None
        shown = tuple(str(ref) for ref in meta.get("references") or ())
        letter = _Slim(
            len(letters),
            letter_id,
            day,
            sign,
            surname_and_name_key(mp_name),  # cached: one key (and tuple) a name
            mp_name,
            shared.setdefault(department, department) if department else None,
            shared.setdefault(person := _person_of(meta, sign) if sign else "", person),
            tuple(str(name).lower() for name in meta.get("cc") or ()),
            _ordinal(meta.get("in_reply_to_date")),
            tuple(dict.fromkeys(reference_key(ref) for ref in shown)),
            shown,
            frozenset(shared.setdefault(word, word) for word in _topic_words(meta, mp_name)),
        )
        letters.append(letter)
        letter.fixed = fixed
        if dated_by_text:
            letter.from_text = ("date",)
        if sign and not letter.mp:
            named = meta.get("sender_name" if sign < 0 else "recipient_name")
            if named:
                unnamed.append((letter, str(named)))
        if not sign:
            orgs = tuple(
                str(meta[key])
                for key in ("recipient_org", "sender_org")
                if meta.get(key) and meta.get(key) != "House of Commons"
            )
            unplaced.append(
                (
                    letter,
                    str(meta.get("sender_name") or ""),
                    str(meta.get("recipient_name") or ""),
                    orgs,
                )
            )
    _place_by_known_mps(letters, unplaced)
    _mp_by_name(letters, unnamed)
    letters.sort(key=lambda letter: (letter.day, letter.id))
    for index, letter in enumerate(letters):
        letter.index = index
    dates: dict[str, dt.date | None] = {
        letter.id: dt.date.fromordinal(letter.day) for letter in letters
    }
    dates.update(dict.fromkeys(sorted(undated)))

    by_surname: dict[str, list[_Slim]] = {}
    by_reference: dict[str, list[int]] = {}
    for letter in letters:
        if letter.surname:
            by_surname.setdefault(letter.surname, []).append(letter)
        for ref in letter.refs:
            by_reference.setdefault(ref, []).append(letter.index)
    spread = _spread_references(letters, by_reference)
    topic_weight: dict[str, dict[str, float]] = {}
    for surname, bucket in by_surname.items():
        counts = Counter(word for letter in bucket for word in letter.topic)
        size = len(bucket)
        # A word on most of the MP's letters (their constituency) says nothing about which.
        weights = {word: math.log(size / n) + 0.1 for word, n in counts.items()}
        topic_weight[surname] = weights
        for letter in bucket:
            letter.topic_mass = sum(weights.get(word, 1.0) for word in letter.topic)
    by_side: dict[tuple[str, int], list[_Slim]] = {}
    for letter in letters:
        if letter.surname and letter.sign:
            by_side.setdefault((letter.surname, letter.sign), []).append(letter)
    context = _Context(
        letters,
        by_side,
        {side: [letter.day for letter in bucket] for side, bucket in by_side.items()},
        by_reference,
        spread,
        topic_weight,
    )
    return context, dates


def _place_by_known_mps(
    letters: list[_Slim], unplaced: list[tuple[_Slim, str, str, tuple[str, ...]]]
) -> None:
    """Give a direction to letters written by or to an MP known from other letters.

    A letterhead extraction misread still names its writer and addressee; when one of them
    is an MP of this archive, the letter is that MP's (from them, or to them).
    """
    known = {letter.mp: letter.mp_name for letter in letters if letter.mp}
    for letter, sender, recipient, orgs in unplaced:
        for sign, name, other in ((-1, sender, recipient), (1, recipient, sender)):
            key = surname_and_name_key(name)
            if key is None or key[1] not in known:
                continue
            letter.sign = sign
            letter.surname, letter.mp = key
            letter.mp_name = known[key[1]]
            letter.dept = orgs[0] if orgs else None
            person = surname_and_name_key(other)
            letter.person = person[1] if person else ""
            break


#: The metadata ``department_of`` reads besides the date, by direction: the side across from
#: the MP (its organisation, else its minister's title); in any other letter, either body.
_DEPARTMENT_FIELDS: Mapping[str, tuple[str, str]] = {
    "to_mp": ("sender_org", "sender_role"),
    "from_mp": ("recipient_org", "recipient_role"),
}
_PARTY_FIELDS = ("sender_org", "recipient_org")


def _department(meta: Mapping[str, Any], known: dict[tuple[Any, ...], str | None]) -> str | None:
    """``department_of(meta)``, remembered for the next letter with the same fields.

    The date matters only for a rename or merge in force by then, so letters between the
    same two succession dates share an answer: the key holds the date's place among them
    (``_era``), not the date, and each department is resolved once per era, not per day.
    """
    direction = str(meta.get("direction"))
    fields = _DEPARTMENT_FIELDS.get(direction, _PARTY_FIELDS)
    key = (
        direction if direction in _DEPARTMENT_FIELDS else "",
        *(str(meta.get(name) or "") for name in fields),
        _era(meta.get("date") or None),
    )
    if key not in known:
        known[key] = department_of(meta)
    return known[key]


def _era(date: Any) -> int:
    """How many succession dates (renames, merges) fall on or before ``date``; -1 for none.

    ``department_of`` compares a letter's date with succession dates only (as ISO strings):
    two dates with the same count get the same department.
    """
    if date is None:
        return -1
    return bisect.bisect_right(_succession_days(), _iso_day(date))


def _iso_day(date: Any) -> str:
    return date.isoformat() if isinstance(date, dt.date) else str(date)[:10]


@lru_cache(maxsize=1)
def _succession_days() -> tuple[str, ...]:
    return tuple(sorted({succession.on for succession in registry().successions}))


def _mp_by_name(letters: list[_Slim], unnamed: list[tuple[_Slim, str]]) -> None:
    """Give an MP to letters whose MP metadata lacks, from the name of their writer (an MP's
    letter) or addressee (a reply), when that name is an MP known from other letters."""
    known = {letter.mp: letter.mp_name for letter in letters if letter.mp}
    for letter, name in unnamed:
        key = surname_and_name_key(name)
        if key is None or key[1] not in known:
            continue
        letter.surname, letter.mp = key
        letter.mp_name = known[key[1]]
        letter.from_text = (*letter.from_text, "mp")


#: A letter's own date is in its opening (letterhead, or the first lines of an e-mail).
_DATE_OPENING_CHARS = 600
#: Dates outside these years in an opening are not a letter's date (a case number, say).
_PLAUSIBLE_YEARS = range(1950, 2100)


def _date_in_text(letter_id: str, text_of: Callable[[str], str]) -> int:
    """The first full date in a letter's opening, as an ordinal (0 when none)."""
    try:
        text = text_of(letter_id)
    except Exception:  # a damaged or missing text only loses this fallback
        return 0
    for found in iter_full_dates(text, 0, min(len(text), _DATE_OPENING_CHARS)):
        if found.date is not None and found.date.year in _PLAUSIBLE_YEARS:
            return found.date.toordinal()
    return 0


def _spread_references(letters: list[_Slim], by_reference: dict[str, list[int]]) -> set[str]:
    """References on letters with several departments: an MP's case number, not a thread's."""
    spread: set[str] = set()
    for ref, indexes in by_reference.items():
        if len(indexes) < 2:
            continue
        if len(indexes) > MAX_REFERENCE_LETTERS:
            spread.add(ref)
            continue
        departments = [letters[i].dept for i in indexes if letters[i].dept]
        first = departments[0] if departments else None
        if any(department_match(first, other) == "different" for other in departments[1:]):
            spread.add(ref)
    return spread
