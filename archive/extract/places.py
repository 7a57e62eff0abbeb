"""Places a letter is about: a UK gazetteer, plus the phrases letters use for places it lacks.

A gazetteer alone misses new or small places (and every fictional one in our tests), so
places are also read from their context: "Member of Parliament for X", "the constituency of
X", "X Borough Council", "X Police", "families in X", "the X area".
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Protocol

from ahocorasick_rs import AhoCorasick, Implementation

from archive.extract.scan import (
    find_all,
    is_word_char,
    matches_at,
)
from archive.knowledge.members import constituency_names

REGIONS = """England|Scotland|Wales|Northern Ireland|Bedfordshire|Berkshire|Buckinghamshire|
Cambridgeshire|Cheshire|Cornwall|Cumbria|Derbyshire|Devon|Dorset|County Durham|Essex|
Gloucestershire|Hampshire|Herefordshire|Hertfordshire|Kent|Lancashire|Leicestershire|
Lincolnshire|Merseyside|Norfolk|Northamptonshire|Northumberland|Nottinghamshire|Oxfordshire|
Rutland|Shropshire|Somerset|Staffordshire|Suffolk|Surrey|Sussex|East Sussex|West Sussex|
Tyne and Wear|Warwickshire|West Midlands|Wiltshire|Worcestershire|Yorkshire|North Yorkshire|
South Yorkshire|West Yorkshire|East Riding of Yorkshire|Isle of Wight|Greater London|
Greater Manchester|Cleveland|Teesside|Humberside|Middlesex|Anglesey|Gwynedd|Conwy|
Denbighshire|Flintshire|Powys|Ceredigion|Pembrokeshire|Carmarthenshire|Glamorgan|
Vale of Glamorgan|Monmouthshire|Gwent|Fife|Lothian|Lanarkshire|Ayrshire|Aberdeenshire|
Perthshire|Argyll|Moray|Orkney|Shetland|Tyrone|Fermanagh|Londonderry|North East|North West|
East Midlands|East of England|South East|South West|Yorkshire and the Humber|Black Country|
Cotswolds|Lake District|Peak District|Hackney|Camden|Ealing|Enfield|Haringey|Havering|
Lewisham|Merton|Newham|Redbridge|Southwark|Tower Hamlets|Waltham Forest|Wandsworth|
Hammersmith|Kingston upon Thames|Richmond upon Thames|Stoke-on-Trent|Milton Keynes|
Kingston upon Hull|Hull|Newcastle upon Tyne|Westminster|Bromley|Havant"""

NATIONS = frozenset({"England", "Scotland", "Wales", "Northern Ireland", "United Kingdom"})

# Gazetteer names that are also common words or surnames: only counted after "in", "at"...
AMBIGUOUS = frozenset(
    """Abram Alexandria Archway Arnold Ascot Aston Audley Barnes Barry Bath Battle Belgrave
    Belmont Benson Bentley Blackwall Boston Bourne Bow Brandon Broughton Burnham Bury Chester
    Cove Crook Cunningham Deal Fleet Grove Hale Hamilton Hartley Hook Hoo Houston Hyde
    Kimberley Lee Leek Lees Leigh Leven March Mayfield Morley Nelson Norton Par Preston Pyle
    Ramsey Reading Richmond Ripley Rye Sale Send Shelley Shirley Stanley Stone Street Sutton
    Thorpe Townsend Upton Ware Washington Wellington Wells Wick Wem Wingate Milford Hadley
    Middleton Dingle Downside Grays Hayes Kingswood Lancing Moreton Neston Oakwood Royston
    Seaton Skelton Twyford Warwick Whitchurch Woodside Cranford Crofton Easton Eastwood
    Greenhill Highgate Holloway Newtown Queensbury Scone Cobham Harrow Mold Nigg Selby Sandy
    Marlow Hastings Wallington Welling Clarkston Kew Hove Enderby Carlton Denton Ferndale
    Fulwood Whetstone Brent Chapeltown Bradwell Whiston Wheatley Westbourne Shepley Bingham
    Beith Leyland Ryton Sawtry Dyce Cowley Gosforth Lofthouse Stafford Ely Hampton Penn
    Perth Durham Lincoln Derby Bolton Stamford Tring Thame Buckley Baldock Heywood Chorley
    Colne Wigan Witham Hornsey Kirkby Golborne Brough Winsford Watton Leeds Brighton Hunstanton
    Hale Darwen Truro Epping Egham Ewell Elgin Dunbar Barnet Flint Rugby Bangor Corby Ayr
    Sevenoaks Westminster
    Chad Jordan Georgia Israel Turkey China Jersey Guinea Niger Mali Chile India Dominica
    Jamaica Panama Peru Cuba Togo Samoa Tonga Kenya Guam Nauru Niue Palau Reunion Pitcairn
    Greenland Iceland Malta Monaco Vatican Bermuda Aruba Fiji Oman Laos Benin""".split()
)
_NOT_PLACES = frozenset(
    """Parliament Government Commons Lords Whitehall Westminster Hall House Office Ministry
    Minister Department Council Committee Secretary State Police Treasury Cabinet Crown NHS
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Annex Appendix Section Part
    Schedule Act Bill Order Regulations Scheme Programme Fund Credit Universal Immigration
    Christmas Easter Covid COVID Brexit Europe European Britain British UK GB Mr Mrs Ms Miss
    Dr Sir Dame Lord Lady Baroness Rt Hon The This That These Those It Our Your My His Her
    Their We I You He She They A An Ofsted Ofqual Ofgem Ofcom Ofwat Jobcentre Report Review
    Ltd Limited PLC Plc LLP Inc Company Corporation Commonwealth Foundation Teaching
    Table Press Patent Records Record Passport Meteorological Ordnance Survey Business
    Inquiry Strategy Plan Budget Spending Autumn Spring Summer Winter Statement Queen King
    Queen's King's Speech Opposition Chamber Debate Members Member Ministers Chair Chief
    Executive Services Service Support Team Unit Agency Authority Commission Trust Board
    Group Centre Hospital School Court Prison Tribunal Union Party Conservative Labour
    Liberal Democrats Democrat Green Reform Independent Home Work Pensions Health Education
    Justice Defence Transport Treasury Foreign Affairs Communities Local Social Care Visas
    Border Force Passport Revenue Customs HMRC DWP UKVI Year Week Parliamentary Questions
    Question Hansard Written Oral Urgent Bank Holiday Leave Remain Indefinite Asylum Appeal
    Appeals Children Child Families Family Young People Public Private Sector Standards
    Response Exploitation Abuse Safeguarding Protection Sexual Criminal Crime Policy Guidance
    Update Information Freedom Data Rights Human Equality Equalities Annual Quarterly White
    Green Paper Papers Consultation Framework Covid-19 GP GPs A&E Accident Emergency Post""".split()
)

_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
STREET_WORDS = frozenset(
    "Lane Road Street Close Avenue Drive Crescent Terrace Walk Row Mews Gardens Way Rise".split()
)

_CAP = r"[A-Z][\w'’\-]*[\w]"


def _words(*words: str) -> str:
    """``\b(?:word|...)`` for words that start with a letter, written so the regex engine
    can skip ahead to their first letters: the word boundary is checked just after the first
    letter (not preceded by a word character), which matches exactly the same text, where a
    leading ``\b`` makes the engine try a match at every position of a letter."""
    return "(?:" + "|".join(rf"{w[0]}(?<!\w{w[0]}){w[1:]}" for w in words) + ")"


#: ``(?<![\w'’]){_CAP}``, with the same first-letter trick as ``_words``; not the name after
#: "St." ("St. Helier Hospital" is not in "Helier").
_CAP_START = r"[A-Z](?<![\w'’][A-Z])(?<!St\. [A-Z])[\w'’\-]*[\w]"
_SP = r"[ \t]+"
_PLACE_RUN = (
    rf"{_CAP}(?:(?:{_SP}(?:and|upon|on|under|in|le|by|the|with|next{_SP}the){_SP}|{_SP}|-)"
    rf"(?:{_CAP}|on|upon|under|le|super|in)){{0,5}}"
)
_PLACE_RUN_NO_AND_TAIL = rf"(?:(?:{_SP}(?:upon|on|under|le|by){_SP}|{_SP}|-){_CAP}){{0,3}}"
_PLACE_RUN_NO_AND = rf"{_CAP}{_PLACE_RUN_NO_AND_TAIL}"
_QUALIFIER_TAIL = re.compile(
    r"(?:[ \t]+(?:Metropolitan|City|County|Borough|District|Town|Parish|Unitary|General|"
    r"Community|Royal|University|Primary|Secondary|High|Family|Crown|Magistrates'?|Eastern|"
    r"Western|Northern|Southern|Central|Local|Teaching|Foundation))+$"
)
#: Words that end a named facility or body ("Ashby General Hospital", "Kelby Relief Road").
_FACILITY_WORDS = (
    "Council Police Constabulary Fire Hospital NHS Trust Academy School College CCG Clinical "
    "Football Station Road Street Airport Prison Court Courts Borough Constituency Area District "
    "Garrison Camp Barracks Estate Showground Centre Library Surgery Practice Jobcentre Board "
    "Association Partnership Group Office Branch Campus Harbour Port Bypass Relief_Road Line "
    "Railway Hotel Infirmary Clinic Health_Centre Medical_Centre Leisure_Centre"
).split()
_FACILITY = (
    r"(?:(?:Metropolitan\s+|City\s+|County\s+|Borough\s+|District\s+|Town\s+|Parish\s+|"
    r"Unitary\s+|General\s+|Community\s+|District\s+|Royal\s+|University\s+|Primary\s+|"
    r"Secondary\s+|High\s+|Family\s+|Town\s+Deal\s+|Crown\s+|Magistrates'?\s+|Family\s+)*"
    + "(?:"
    + "|".join(w.replace("_", r"\s+") for w in _FACILITY_WORDS)
    + "))\\b"
)
_TRAILING_ORG = re.compile(rf"\s+{_FACILITY}.*$")
#: The word each facility ends with: a match of a pattern ending in ``_FACILITY`` ends there.
_FACILITY_LAST = tuple({w.split("_")[-1]: None for w in _FACILITY_WORDS})

_SETTLEMENTS = ("Constituency", "Borough", "Town", "City", "Village", "County", "Hamlet", "Parish")
_BOTH_CASES = [case(w[0]) + w[1:] for w in _SETTLEMENTS for case in (str.upper, str.lower)]

# Strong: the phrase itself says the name is a place.
_STRONG = (
    re.compile(
        rf"M(?<!\wM)(?:ember\s+of\s+Parliament|\.?P\.?)\s+for\s+(?:the\s+)?(?P<place>{_PLACE_RUN})"
    ),
    re.compile(rf"{_words(*_BOTH_CASES)}\s+of\s+(?P<place>{_PLACE_RUN})"),
    re.compile(
        rf"{_words('your', 'my', 'his', 'her', 'the')}\s+(?P<place>{_PLACE_RUN})\s+constituen(?:cy|ts?)\b"
    ),
    re.compile(
        rf"(?<![\w'’])(?:[Tt]he\s+)?(?P<place>{_PLACE_RUN})\s+(?:(?:Metropolitan\s+)?Borough\s+|County\s+|City\s+|District\s+|Town\s+|Parish\s+|Unitary\s+)?Council\b"
    ),
    re.compile(
        rf"(?<![\w'’])(?P<place>{_PLACE_RUN_NO_AND})[ \t]+(?:Police|Constabulary|Fire\s+and\s+Rescue)\b"
    ),
    re.compile(
        rf"{_words('in', 'across', 'around', 'throughout', 'within')}\s+the\s+(?P<place>{_PLACE_RUN_NO_AND})\s+(?:area|region|district|community|constituency|borough)\b"
    ),
    re.compile(
        rf"{_words('constituents?', 'residents', 'people', 'families', 'children', 'schools', 'communities', 'businesses', 'streets', 'parts', 'areas', 'villages?', 'towns?')}\s+(?:of|in|from|across|around)\s+(?:the\s+)?(?P<place>{_PLACE_RUN_NO_AND})"
    ),
    re.compile(
        rf"{_words('Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Dr')}\.?\s+(?:[A-Z][\w'’\-]+\s+){{0,3}}[A-Z][\w'’\-]+,?\s+of\s+(?P<place>{_PLACE_RUN_NO_AND})(?=\s*[,.;:)]|\s+[a-z])"
    ),
)


class _Needs(Protocol):
    """A cheap test of a letter's body for a pattern, told where its key words are (``found``,
    offsets in the whole text, ``offset`` where the body starts) when the caller knows."""

    @property
    def words(self) -> tuple[str, ...]:
        """The key words it looks for."""
        ...

    def __call__(
        self, body: str, found: Mapping[str, list[int]] | None = None, offset: int = 0, /
    ) -> bool: ...


class _AfterCapitalised:
    r"""A test for one of ``words`` after whitespace after a word with a capital in it: what
    ``re.search(r"[A-Z][\w'’\-]*\s+(?:words)", text)`` finds (with ``\b`` after the word
    when ``boundary``), found from each word rather than tried at every capital."""

    def __init__(self, words: tuple[str, ...], *, boundary: bool) -> None:
        self.words = words
        self.boundary = boundary

    def __call__(
        self, text: str, found: Mapping[str, list[int]] | None = None, offset: int = 0
    ) -> bool:
        boundary = self.boundary
        for word in self.words:
            if found is None:
                positions = find_all(text, (word,))
            else:
                positions = [at - offset for at in found.get(word, ())]
            for at in positions:
                after = at + len(word)
                gap = at
                while gap > 0 and text[gap - 1].isspace():
                    gap -= 1
                ends = not boundary or after == len(text) or not is_word_char(text[after])
                run = gap if gap < at and ends else 0
                while run > 0 and (is_word_char(text[run - 1]) or text[run - 1] in "'’-"):
                    run -= 1
                    if "A" <= text[run] <= "Z":
                        return True
        return False


class _MemberFor:
    """A test for "Member of Parliament for X", "MP for X": tried where such a phrase can start
    when the caller knows where its first words are."""

    words: tuple[str, ...] = ("Parliament", "MP", "M.P")
    _PHRASE = re.compile(r"(?:Parliament|M\.?P\.?)\s+for\s+(?:the\s+)?[A-Z]")

    def __call__(
        self, body: str, found: Mapping[str, list[int]] | None = None, offset: int = 0
    ) -> bool:
        if found is None:
            return self._PHRASE.search(body) is not None
        return any(
            self._PHRASE.match(body, at - offset) is not None
            for word in self.words
            for at in found.get(word, ())
        )


# A cheap test for each strong pattern: most letters lack most of these phrases, and a
# full pattern costs a scan of the whole text.
_STRONG_NEEDS: tuple[tuple[tuple[str, ...], _Needs | None], ...] = (
    (("Parliament", "MP", "M.P."), _MemberFor()),
    ((" of ",), None),
    (("constituen",), _AfterCapitalised(("constituen",), boundary=False)),
    (("Council",), None),
    (("Police", "Constabulary", "Rescue"), None),
    ((" area", " region", " district", " community", " constituency", " borough"),
     _AfterCapitalised(
         ("area", "region", "district", "community", "constituency", "borough"), boundary=True
     )),
    ((" of ", " in ", " from ", " across ", " around "), None),
    (("Mr", "Ms", "Miss", "Dr"), None),
)  # fmt: skip
#: Patterns whose words nearly every letter holds (" of ", " in "): looked for in the text,
#: where they turn up within a line or two, rather than found all through it by the one pass.
_COMMON_NEEDS = frozenset({1, 6})
# Weak: a place if the gazetteer knows it or the letter names it again.
_WEAK = (
    re.compile(rf"(?P<prep>{_words('in', 'at', 'near', 'around', 'across', 'throughout', 'within', 'outside', 'between', 'from')})\s+(?P<place>{_PLACE_RUN_NO_AND})(?=\s*[,.;:)]|\s+[a-z]|\s+and\s|\s*$)", re.MULTILINE),
    re.compile(rf"(?P<place>{_CAP_START}{_PLACE_RUN_NO_AND_TAIL})\s+{_FACILITY}"),
)  # fmt: skip


# Patterns that end with a word of their own (Council, Police) are looked for only just
# before each such word: scanning the whole text for them started a match at every capital.
_ANCHORS: dict[int, tuple[str, ...]] = {
    id(_STRONG[3]): ("Council",),
    id(_STRONG[4]): ("Police", "Constabulary", "Rescue"),
    id(_WEAK[1]): _FACILITY_LAST,
}
#: What ``\s`` matches: every such character lies below U+3001 (a test checks them all).
_BLANKS = tuple(char for char in map(chr, range(0x3001)) if char.isspace())
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _before_place(word: str) -> tuple[str, ...]:
    """``word`` with what must follow it where it opens a place (blanks, then a capital), as
    far as the second character after it: "in K", "in\\n", "in  ". A letter has some sixty
    "in" and "at", most inside words or before "the"; of these forms it has a handful."""
    return (
        *(word + blank for blank in _BLANKS if blank != " "),
        *(word + " " + after for after in _BLANKS + tuple(_CAPITALS)),
    )


# Patterns that open with a choice of words (most of them common letters start) are tried
# only where one of those words occurs: the regex engine would try them at every such letter.
_OPENING_WORDS: dict[int, tuple[str, ...]] = {
    id(_STRONG[1]): tuple(_BOTH_CASES),
    id(_STRONG[6]): (
        "constituent", "residents", "people", "families", "children", "schools", "communities",
        "businesses", "streets", "parts", "areas", "village", "town",
    ),
    id(_STRONG[7]): ("Mr", "Ms", "Miss", "Mx", "Dr"),
    id(_WEAK[0]): (
        *_before_place("in"), *_before_place("at"), "near", "around", "across", "throughout",
        "within", "outside", "between", "from",
    ),
}  # fmt: skip
# The same, as sets: a letter holds few of them (of some hundred and fifty for "in", "at").
_OPENING_SETS = {key: frozenset(words) for key, words in _OPENING_WORDS.items()}
#: How far before its anchor word a match can start: longer than any match (six words of
#: a place name, a qualifier such as "Metropolitan Borough"), so none is cut short.
_ANCHOR_REACH = 160


def _matches(
    pattern: re.Pattern[str],
    text: str,
    start: int,
    end: int,
    words: dict[str, list[int]] | None = None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)``: the same matches, found faster when anchored.

    ``words`` is ``_key_words(text, start, end)``, when the caller has it. A pattern that
    opens with one of its opening words is tried where they occur. A pattern that must end
    with one of its anchor words is scanned from a word's start well before each anchor
    word, up to that word; every match of the pattern ends at an anchor word and none is
    longer than the reach, so these are the matches a scan of the whole text finds.
    """
    opening = _OPENING_WORDS.get(id(pattern))
    anchor = _ANCHORS.get(id(pattern))
    if opening is None and anchor is None:
        yield from pattern.finditer(text, start, end)
        return
    if words is None:
        words = _key_words(text, start, end)
    if opening is not None:
        # Each opening word starts a word: many places "from" occurs are inside one.
        openings = sorted(
            {
                at
                for word in _OPENING_SETS[id(pattern)].intersection(words)
                for at in words[word]
                if at == 0 or not is_word_char(text[at - 1])
            }
        )
        yield from matches_at(pattern, text, openings, start, end)
        return
    assert anchor is not None
    done = start  # matches ending up to here have been given
    for word_start, word_end in _whole_words(text, anchor, words, end):
        if word_end <= done:
            continue
        low = max(start, word_start - _ANCHOR_REACH)
        while low > start and (text[low - 1].isalnum() or text[low - 1] in "'’-"):
            low -= 1  # from a word's start, never from inside one
        for match in pattern.finditer(text, low, end):
            if match.end() <= done:
                continue
            if match.start() >= word_end:
                break
            yield match
            done = match.end()
            if done >= word_end:
                break


#: Every word a pattern here is looked for from: the words of the cheap tests, the opening
#: words, the anchor words.
_KEY_WORDS = tuple(
    sorted(
        {
            word
            for index, (words, _needs) in enumerate(_STRONG_NEEDS)
            if index not in _COMMON_NEEDS
            for word in words
        }
        | {word for _words, needs in _STRONG_NEEDS if needs is not None for word in needs.words}
        | {word for words in _OPENING_WORDS.values() for word in words}
        | {word for words in _ANCHORS.values() for word in words}
    )
)


@lru_cache(maxsize=1)
def _key_word_finder() -> AhoCorasick:
    # A DFA: twice as fast as the default NFA on letters, and small for a hundred words.
    return AhoCorasick(_KEY_WORDS, implementation=Implementation.DFA)


def _key_words(text: str, start: int, end: int) -> dict[str, list[int]]:
    """Where each of ``_KEY_WORDS`` occurs in ``text[start:end]``, ascending (overlapping
    ones too, as ``str.find`` from each next character finds them): all found in one pass
    (Aho-Corasick) rather than with a scan of the text for each word."""
    found: dict[str, list[int]] = {}
    try:
        matches = _key_word_finder().find_matches_as_indexes(text[start:end], overlapping=True)
    except UnicodeEncodeError:  # a lone surrogate: not UTF-8, so found word by word
        for word in _KEY_WORDS:
            if positions := find_all(text, (word,), start, end):
                found[word] = positions
        return found
    for index, at, _end in matches:
        found.setdefault(_KEY_WORDS[index], []).append(start + at)
    return found


def _whole_words(
    text: str, words: tuple[str, ...], found: dict[str, list[int]], end: int
) -> list[tuple[int, int]]:
    r"""Where ``words`` stand as whole words before ``end`` (``\b(?:words)\b`` matched in
    ``text[:end]``), ascending: of two that start at one place, only one ends a word."""
    spans = []
    for word in found.keys() & words:  # of fifty facility words, a letter holds two or three
        for at in found[word]:
            after = at + len(word)
            if (at == 0 or not is_word_char(text[at - 1])) and (
                after == end or not is_word_char(text[after])
            ):
                spans.append((at, after))
    return sorted(spans)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    name: str
    start: int
    end: int


#: A place found, as ``(name, start, end)``, while ``find_places`` works.
_Place = tuple[str, int, int]


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    names: set[str] = set()
    for listing in ("data/places_gb.txt", "data/places_world.txt"):
        text = resources.files("archive").joinpath(listing).read_text("utf-8")
        names.update(line.strip() for line in text.splitlines() if line.strip() and line[0] != "#")
    names.discard("United Kingdom")  # where every letter is written: not what one is about
    # Written with a typographer's apostrophe as often as a plain one ("Bishop’s Stortford").
    names.update([name.replace("'", "’") for name in names if "'" in name])
    names.update(n.strip() for n in REGIONS.replace("\n", "").split("|"))
    names.update(constituency_names())
    return frozenset(names)


_RUN = re.compile(
    r"[A-Z][\w'’\-]*(?:(?:[ \t]+(?:upon|on|under|of|and|the|le|in)[ \t]+|[ \t]+|-)[A-Z][\w'’\-]*)*"
)


def find_places(
    text: str,
    start: int,
    end: int,
    *,
    skip: Iterable[tuple[int, int]] = (),
    extra: Iterable[str] = (),
) -> list[PlaceMention]:
    """Places mentioned in ``text[start:end]``, outside the ``skip`` spans (addresses, names)."""
    base = gazetteer()
    extras = frozenset(extra) - base
    skipped = sorted(skip)
    body = text[start:end]
    starts = [s for s, _e in skipped]
    reach = list(itertools.accumulate((e for _s, e in skipped), max))

    def blocked(a: int, b: int) -> bool:
        """Whether [a, b) overlaps a skipped span: the furthest end among spans starting before b."""
        index = bisect.bisect_left(starts, b)
        return index > 0 and reach[index - 1] > a

    # Places as (name, start, end) until the end: a frozen PlaceMention costs ten tuples.
    contextual: list[_Place] = []
    listing: list[_Place] = []  # places that may head a list ("in A, B and C")
    key_words = _key_words(text, start, end)
    for index, pattern in enumerate(_STRONG):
        words, needs = _STRONG_NEEDS[index]
        if index in _COMMON_NEEDS:
            if not any(word in body for word in words):
                continue
        elif key_words.keys().isdisjoint(words):
            continue
        if needs is not None and not needs(body, key_words, start):
            continue
        for match in _matches(pattern, text, start, end, key_words):
            name, a, b = _trim(match.group("place"), match.start("place"))
            if name and not blocked(a, b) and _place_like(name):
                contextual.append((name, a, b))
                if index >= 3:  # not "MP for X, Name": a constituency names one place
                    listing.append((name, a, b))
    learned = {name for name, _a, _b in contextual}
    # Counted once per name: a long text can name one place thousands of times.
    repeats: dict[str, bool] = {}
    for pattern in _WEAK:
        for match in _matches(pattern, text, start, end, key_words):
            name, a, b = _trim(match.group("place"), match.start("place"))
            if not name or blocked(a, b) or not _place_like(name):
                continue
            repeated = repeats.get(name)
            if repeated is None:
                repeated = repeats[name] = body.count(name) >= 2
            closing = (
                "prep" in pattern.groupindex
                and match.group("prep") == "in"
                and (_CLOSES_PHRASE.match(text[b : b + 3]) is not None)
            )
            if name in base or name in extras or name in learned or repeated or closing:
                contextual.append((name, a, b))
                listing.append((name, a, b))
    contextual += [m for m in _listed_after(text, listing, end) if not blocked(m[1], m[2])]
    learned = {name for name, _a, _b in contextual}
    mentions: list[_Place] = []
    local = extras | learned
    local_first_words = _first_words(local)
    base_first_words = _gazetteer_first_words()
    first_words = (base_first_words, local_first_words)
    for run in _RUN.finditer(text, start, end):
        run_text = run.group()
        if " " not in run_text and "\t" not in run_text:  # one word, as most runs are
            if run_text not in base_first_words and run_text not in local_first_words:
                continue
        elif base_first_words.isdisjoint(run_text.split()) and local_first_words.isdisjoint(
            run_text.split()
        ):
            continue
        for hit in _gazetteer_hits(text, run, base, local, first_words):
            if not blocked(hit[1], hit[2]):
                mentions.append(hit)
    mentions.extend(contextual)
    mentions.sort(key=lambda m: (m[1], m[1] - m[2]))  # by start, the longest first
    result: list[_Place] = []
    for mention in mentions:
        if result and mention[1] < result[-1][2]:
            if mention[0] == result[-1][0] or mention[2] <= result[-1][2]:
                continue
        result.append(mention)
    return [PlaceMention(name, a, b) for name, a, b in result]


#: What may follow a place that ends a phrase ("... live in Kelby.").
_CLOSES_PHRASE = re.compile(r"\s*[,.;:)]|\s*$")
_LIST_NEXT = re.compile(
    # The last item after a serial comma too: "Newmarket, Bury St Edmunds, and Ely".
    rf"(?:,?[ \t]+(?:and|or)[ \t]+|,[ \t]*)(?P<place>{_PLACE_RUN_NO_AND})(?=\s*[,.;:)]|\s+(?:and|or)\s|\s+[a-z])"
)


def _listed_after(text: str, found: list[_Place], end: int) -> list[_Place]:
    """Places listed after a place: "residents in Hartsholme, Oakwell and the villages"."""
    listed: list[_Place] = []
    for _name, _start, position in found:
        while True:
            match = _LIST_NEXT.match(text, position, end)
            if match is None:
                break
            name, a, b = _trim(match.group("place"), match.start("place"))
            if not name or not _place_like(name):
                break
            listed.append((name, a, b))
            position = match.end()
    return listed


#: The patterns of councils and police forces (``_STRONG[3]``, ``_STRONG[4]``) and their words.
_ORG_PATTERNS = (3, 4)
#: Those words in lower case: a line without one names no council or force, whatever its case.
_ORG_WORDS_LOWER = tuple(w.lower() for index in _ORG_PATTERNS for w in _STRONG_NEEDS[index][0])


@lru_cache(maxsize=16384)
def org_places(line: str) -> tuple[str, ...]:
    """Places named by councils and police forces on a line ("Ashby Marsh District Council")."""
    lower = line.lower()
    if not any(word in lower for word in _ORG_WORDS_LOWER):
        return ()  # most letterhead and address lines; counting their capitals costs more
    if sum(map(str.isupper, line)) > 0.8 * sum(map(str.isalpha, line)) > 3:
        line = " ".join(
            w.capitalize() if w.lower() not in ("and", "of", "upon") else w.lower()
            for w in line.split()
        )
    names = []
    for index in _ORG_PATTERNS:
        words, _needs = _STRONG_NEEDS[index]
        if not any(word in line for word in words):
            continue
        for match in _STRONG[index].finditer(line):
            name, _a, _b = _trim(match.group("place"), match.start("place"))
            if name and _place_like(name):
                names.append(name)
    return tuple(names)


def _first_words(names: Iterable[str]) -> set[str]:
    """The first words of place names: a run of capitals without one cannot hold a place."""
    return {name.split()[0] for name in names if name.strip()}


@lru_cache(maxsize=1)
def _gazetteer_first_words() -> frozenset[str]:
    return frozenset(_first_words(gazetteer()))


_RUN_WORD = re.compile(r"[A-Z][\w'’\-]*|upon|on|under|of|and|the|le|in")
_THE = re.compile(r"^(?:The|the)\s+(?=[A-Z])")
_POSSESSIVE = re.compile(r"'s$|’s$")
_LETTERS = re.compile(r"[A-Za-z'’]+")
_NEXT_CAPITAL = re.compile(r"\s+([A-Z]\w+)")


def _gazetteer_hits(
    text: str,
    run: re.Match[str],
    names: frozenset[str],
    local: frozenset[str],
    first_words: tuple[AbstractSet[str], AbstractSet[str]],
) -> list[tuple[str, int, int]]:
    """The names of ``names`` and ``local`` in a run of capitals, longest first from each word;
    ``first_words`` are their first words (``_first_words`` of each)."""
    if " " not in run.group() and "\t" not in run.group():
        return _single_word_hit(text, run, names, local)
    words = list(_RUN_WORD.finditer(run.group()))
    base_first, local_first = first_words
    hits: list[tuple[str, int, int]] = []
    i = 0
    while i < len(words):
        first = words[i].group()
        # A name starts with one of the first words: from any other word, no sub-run is one.
        if first not in base_first and first not in local_first:
            i += 1
            continue
        matched = False
        for j in range(min(len(words), i + 6), i, -1):
            a = run.start() + words[i].start()
            b = run.start() + words[j - 1].end()
            candidate = text[a:b]
            if "  " in candidate or "\t" in candidate or "\n" in candidate:
                candidate = " ".join(candidate.split())
            if (
                (candidate in names or candidate in local)
                and not words[i].group()[0].islower()
                and candidate not in _MONTHS
                and not _street_after(text[b : b + 12])
            ):
                single_in_run = j - i < len(words)
                if candidate in AMBIGUOUS or single_in_run and " " not in candidate:
                    before = text[max(0, a - 12) : a]
                    after = text[b : b + 40]
                    if not (_preposition_before(before) and not _capital_after(after)):
                        if not _org_after(after):
                            break
                hits.append((candidate, a, b))
                i = j
                matched = True
                break
        if not matched:
            i += 1
    return hits


def _street_after(after: str) -> bool:
    word = _NEXT_CAPITAL.match(after)
    return bool(word and word.group(1) in STREET_WORDS)


def _single_word_hit(
    text: str, run: re.Match[str], names: frozenset[str], local: frozenset[str]
) -> list[tuple[str, int, int]]:
    """``_gazetteer_hits`` for a run of one word (most runs): no sub-runs to try."""
    candidate, a, b = run.group(), run.start(), run.end()
    if not (candidate in names or candidate in local) or candidate in _MONTHS:
        return []
    after = text[b : b + 40]
    if _street_after(after[:12]):
        return []
    if candidate in AMBIGUOUS:
        before = text[max(0, a - 12) : a]
        if not (_preposition_before(before) and not _capital_after(after)) and not _org_after(
            after
        ):
            return []
    return [(candidate, a, b)]


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|at|from|near|around|across|throughout|within|outside|of|to|for)\s+(?:the\s+)?$"
)
_CAPITAL_AFTER = re.compile(r"\s*&|\s+(?!and\b|upon\b|on\b)[A-Z]")
_ORG_AFTER = re.compile(
    r"\s+(?:(?:Metropolitan\s+)?Borough\s+|County\s+|City\s+|District\s+|Town\s+)?"
    r"(?:Council|Police|Constabulary|constituency|area)\b"
)


def _preposition_before(before: str) -> bool:
    return _PREPOSITION_BEFORE.search(before) is not None


def _capital_after(after: str) -> bool:
    return _CAPITAL_AFTER.match(after) is not None and not _org_after(after)


def _org_after(after: str) -> bool:
    return _ORG_AFTER.match(after) is not None


def _trim(name: str, start: int) -> tuple[str, int, int]:
    trimmed, offset = _trimmed(name)
    return trimmed, start + offset, start + offset + len(trimmed)


# Cached, as _place_like is: a letter names its places again and again, and so does a thread.
@lru_cache(maxsize=8192)
def _trimmed(name: str) -> tuple[str, int]:
    """A place phrase without a body's words, "the" and a possessive; and where that starts."""
    trimmed = _QUALIFIER_TAIL.sub("", _TRAILING_ORG.sub("", name))
    trimmed = _THE.sub("", trimmed)
    offset = name.find(trimmed)
    trimmed = trimmed.rstrip(" -'’")
    trimmed = _POSSESSIVE.sub("", trimmed)
    return trimmed, offset


#: Words that name a place only with another ("Central Bedfordshire", "North Kelby").
_QUALIFIERS_ALONE = frozenset(
    """Central Northern Southern Eastern Western North South East West Metropolitan Greater
    Upper Lower Royal General Local National United Mid Inner Outer City Town County Borough
    """.split()
)
_BODY_PREFIX = re.compile(r"(?:HMP|HMYOI|HMS|RAF|HMRC|NHS|UK)\b")


@lru_cache(maxsize=8192)
def _place_like(name: str) -> bool:
    words = _LETTERS.findall(name)
    if not words or len(name) < 3:
        return False
    capitals = [w for w in words if w[0].isupper()]
    if any(w in _NOT_PLACES or w.rstrip("'’s") in _NOT_PLACES for w in capitals):
        return False
    if capitals[-1] in STREET_WORDS or capitals[0] in _MONTHS:
        return False
    if len(words) == 1 and name in _QUALIFIERS_ALONE:
        return False  # "the Central Council of ...": a word of a name, not a place
    if len(words) > 1 and len(words[-1]) == 1:
        return False  # "South Suffolk E": a letterhead's next item ("E-mail") run on

    if name.isupper() and len(name) <= 5:
        return False  # an acronym
    if _BODY_PREFIX.match(name):
        return False  # a prison, ship or body, not a place
    return True


def rank_places(mentions: list[PlaceMention]) -> list[str]:
    """Distinct place names, the most mentioned first (nations last)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for mention in mentions:
        counts[mention.name] = counts.get(mention.name, 0) + 1
        first.setdefault(mention.name, mention.start)
    return sorted(counts, key=lambda n: (n in NATIONS, -counts[n], first[n]))
