"""People's names: plain forms without honorifics or post-nominals, and telling names from titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from archive.extract.scan import matches_at
from archive.knowledge.titles import (
    HONORIFICS,
    PEERAGES,
    POSTNOMINALS_AT_END,
    RANKS,
    title_alternatives,
)

# A title before a name, one a match (``clean_name`` strips up to six): the titles of address
# and ranks (``archive.knowledge.titles``), and the marks of a name signed for someone else
# or written after a label ("pp", "Signed:", "From:").
_HONORIFIC = re.compile(
    r"^(?:the\s+|(?:the\s+)?(?:" + title_alternatives(HONORIFICS, RANKS) + r")\s+|"
    r"pp\.?\s+|p\.p\.?\s+|signed\s*:?\s+|from\s*:?\s+)",
    re.IGNORECASE,
)
# A peer's name: the title kept, and what follows it ("Lord Bates", "Baroness Smith of Ely").
_PEERAGE = re.compile(
    r"^(?:the\s+)?(?P<title>" + title_alternatives(PEERAGES) + r")\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_PARTICLES = frozenset(
    "de da di du van von der den del della la le bin bint al el ul ap of ibn".split()
)
# One word of a name, in any alphabet: "Amber", "Thérèse", "Griffith-Jones", "O'Brien",
# "McFall", "DeLuca", an initial ("B", "B."). Written with Unicode classes: names carry accents.
_L = r"[^\W\d_]"
_NAME_TOKEN = re.compile(
    rf"^(?:(?=[A-ZÀ-ÖØ-ÞĀ-Ž]){_L}(?:{_L}*[a-zß-öø-ÿā-ž])?(?:[\-'’]{_L}+)*|[A-ZÀ-ÖØ-Þ]\.?|"
    # Initials run together with their stops ("W.J. Tate").
    r"(?:[A-ZÀ-ÖØ-Þ]\.){2,4}|"
    rf"(?:Mc|Mac|O'|O’|D'|D’|Fitz)[A-ZÀ-ÖØ-Þ]{_L}+)$"
)
#: Middle initials run together ("David TC Davies").
_INITIALS = re.compile(r"^[A-Z]{2,3}\.?$")

NOT_NAME_WORDS = frozenset(
    """the this that these those a an in on at for to of and but or if as by with from our
    what why how when where which whose
    your my his her their its we i you he she they it yours dear thank thanks please kind best
    regards sincerely faithfully ever many all any some each every no not yes however although
    also further furthermore moreover additionally finally first second third last next new
    old great good mr mrs ms dr sir dame lord lady baroness rt hon right honourable mp mps re ref
    reference date subject tel telephone email e-mail fax web website enc encl cc copy copies
    annex appendix page january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday government
    governments parliament parliamentary ministry minister ministers ministerial secretary
    state home house commons lords cabinet treasury crown royal national local regional
    borough county city district town parish metropolitan combined mayor leader chief deputy
    assistant director directors head chair chairman chairwoman member members councillor
    councillors officer officers constable inspector commissioner sergeant act bill
    regulations section part schedule scheme programme fund strategy plan review report
    inquiry debate hall street road lane avenue square centre building buildings court tower park
    terrace crescent mansions wharf quay embankment
    gardens way unit team response support services service care health education justice
    defence transport work pensions universal credit immigration visas visa border force
    passport police crime children child young people families family social sexual
    exploitation abuse safeguarding protection prevention rights human equality equalities
    welfare benefits benefit tax revenue customs business trade industry energy climate
    change environment food rural affairs foreign commonwealth development international
    european union eu uk gb england english wales welsh scotland scottish ireland irish
    northern southern eastern western north south east west britain british united kingdom
    london westminster whitehall downing brexit covid coronavirus christmas easter nhs gp
    accident emergency hospital hospitals school schools academy college university prison
    prisons probation courts tribunal tribunals ombudsman committee committees select
    standing public accounts private permanent under general attorney solicitor chancellor
    exchequer prime office offices department departments agency authority commission trust
    board association foundation society charity group partnership network institute council
    forum alliance federation consortium coalition collective
    councils conservative labour liberal democrat democrats snp green party reform
    independent dept yours faithfully ref no number our your order orders policy policies
    guidance update information act's minister's office's secretary's week month year
    today tomorrow yesterday morning afternoon evening mp's members' constituency
    constituencies constituent constituents ward wards division inspectorate executive
    directorate casework correspondence unit enquiries helpline contact address post
    postcode mailbox marsham petty victoria millbank tothill horse guards ltd limited
    plc llp inc co company corporation accountants solicitors associates consultants bank
    holiday holidays day days hm his her majesty
    majesty's hmrc dwp ofsted dfe moj mod dft ukvi eea visa leave remain indefinite asylum
    refugee refugees home's deputy's annual quarterly white green paper papers consultation
    framework standards standard quality commissioning commissioner's clinical trust's
    foundation's project projects campaign campaigns association's service's alliance
    council's police's forces review's airport garrison camp barracks station estate hotel
    library surgery practice mill farm centre park showground jobcentre hmp hmyoi forces
    dales fields marsh moor heath vale valley bay cross gate end constabulary staff officer
    caseworker ceo ceos co-ceos candidate spokesperson madam speaker
    water waters rail railway railways trains mail airways airlines gas electricity utilities
    holdings buses broadband telecom greater statement personal message briefing notice
    announcement save protect stop keep occupier householder
    senedd cymru caerdydd bae llywodraeth pwyllgor gweinidog ysgrifennydd cynulliad
    cenedlaethol swyddfa riaghaltas pàrlamaid parlamaid alba stormont""".split()
)


_OFFICES_OF_STATE = frozenset(
    "chancellor president privy mayor chief advocate lieutenant speaker provost high great "
    "steward chamberlain commissioner".split()
)


@dataclass(frozen=True, slots=True)
class CleanName:
    name: str
    #: Offsets of ``name`` within the cleaned input (for spans).
    start: int
    end: int
    had_mp: bool  # "... MP" was written after the name


#: Words of ``NOT_NAME_WORDS`` that are also given names.
_GIVEN_NAME_WORDS = frozenset({"bill", "june", "may", "victoria"})
_MP_MARK = re.compile(r"\bM\.?P\.?\s*$|\bMP\b")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_DIGIT = re.compile(r"\d")


#: Endings of abstract nouns that no surname has: a subject line of two
#: capitalised words ("Pricing Structure", "Planning Consultation") is not a name.
_NOUN_ENDING = re.compile(r"(?i)(?:tion|sion|ity|ture|ism)s?[.,]?$")


@lru_cache(maxsize=16384)
def clean_name(raw: str) -> CleanName | None:
    """The plain name in ``raw`` ("The Rt Hon Amber Rudd MP" -> "Amber Rudd"), or None.

    Cached: letterheads, signatures and the people in a thread repeat across an archive.
    """
    if _DIGIT.search(raw):
        return None  # no name's word holds a digit, and no title or letters after it do
    text = raw.strip().strip("'\"‘’“”.,;:*_")
    start_offset = raw.find(text) if text else 0
    had_mp = _MP_MARK.search(text) is not None
    # Peers: "The Rt Hon the Lord Bates" -> "Lord Bates"; keep the title as the name.
    for _ in range(6):
        match = _HONORIFIC.match(text)
        if not match:
            break
        text = text[match.end() :]
        start_offset += match.end()
    tail = POSTNOMINALS_AT_END.search(text)
    if tail:
        text = text[: tail.start()]
    text = text.strip(" ,.")
    peer = _PEERAGE.match(text)
    if peer and peer.group("rest").split()[0].lower() in _OFFICES_OF_STATE:
        return None  # "Lord Chancellor", "Lord Privy Seal": an office, not a peer's name
    if peer:
        rest = peer.group("rest").strip()
        tokens = rest.split()
        if len(tokens) >= 2 and "of" not in (t.lower() for t in tokens) and _all_names(tokens):
            text = rest  # "Baroness Jane Smith": a courtesy form; the name is Jane Smith
            start_offset += peer.start("rest")
        elif tokens and _all_names([t for t in tokens if t.lower() != "of"]):
            title = peer.group("title").capitalize()
            name = f"{title} {_recase(rest)}"
            return CleanName(name, start_offset, start_offset + len(text), had_mp)
        else:
            return None
    tokens = text.split()
    if not 1 <= len(tokens) <= 5:
        return None
    if tokens[0].lower() in _PARTICLES or len(tokens) < 2:
        return None
    # The gazetteer's look-up last: it costs the most, and is needed only for words that
    # are also ordinary words ("Chris Green").
    if not _all_names([t for t in _recase(text).split() if t.lower() not in _PARTICLES]):
        return None
    odd = [t for t in tokens if _bare(t) in NOT_NAME_WORDS and t.lower() not in _PARTICLES]
    if _NOUN_ENDING.search(tokens[-1]):
        odd.append(tokens[-1])  # "Pricing Structure"; not a given name ("Felicity Buchan")
    if len(tokens[0]) > 5 and tokens[0][-3:].lower() == "ing" and not is_given_name(tokens[0]):
        odd.append(tokens[0])  # a subject line's verb ("ENGAGING VOTERS"), not "Irving Roe"
    # A given name that is also a word ("Bill Jeffrey", "June Ashby") leads a name whose
    # other words are names; "Bill Committee" and "May Day" stay out.
    given_first = odd == [tokens[0]] and tokens[0].lower() in _GIVEN_NAME_WORDS
    if odd and not given_first and not known_member_name(text):
        return None
    name = _recase(text)
    return CleanName(name, start_offset, start_offset + len(text), had_mp)


def given_name_first(name: str) -> str:
    """A directory's "Surname Given" ("Callard Richard") as "Given Surname"; any other name
    as it is. Only when the second word is a given name and the first is not."""
    words = name.split()
    if len(words) == 2 and is_given_name(words[1]) and not is_given_name(words[0]):
        return f"{words[1]} {words[0]}"
    return name


@lru_cache(maxsize=4096)
def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name ("Jeff", "Mary") in the nicknames package's table
    (Apache-2.0), looked up only for a heading naming a writer by one word."""
    from archive.knowledge.members import nick_namer

    key = word.lower()
    if not word[:1].isupper() or key in NOT_NAME_WORDS:
        return False
    namer = nick_namer()
    return bool(namer.canonicals_of(key) or namer.nicknames_of(key))


def known_member_name(text: str) -> bool:
    """A name the members gazetteer holds exactly ("Chris Green", "Catherine West"): a person,
    though its words are also ordinary words."""
    from archive.knowledge.members import gazetteer, name_key

    key = name_key(_recase(text))
    return " " in key and key in gazetteer().by_name


def _bare(token: str) -> str:
    """A word without its possessive: "Minister's" -> "minister"."""
    return _POSSESSIVE_END.sub("", token.lower())


def _all_names(tokens: list[str]) -> bool:
    return bool(tokens) and all(
        _NAME_TOKEN.match(_recase(t)) or (0 < i < len(tokens) - 1 and _INITIALS.match(t))
        for i, t in enumerate(tokens)
    )


def _recase(text: str) -> str:
    """Title-case a name written in capitals ("AMBER RUDD" -> "Amber Rudd"); else unchanged."""
    letters = [c for c in text if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or len(letters) <= 2:
        return text
    words = []
    for word in text.split():
        lower = word.lower()
        if lower in _PARTICLES:
            words.append(lower)
            continue
        parts = re.split(r"([\-'’])", lower)
        cased = "".join(p.capitalize() if p not in "-'’" else p for p in parts)
        if cased.startswith("Mc") and len(cased) > 2:
            cased = "Mc" + cased[2:].capitalize()
        words.append(cased)
    return " ".join(words)


# A run of capitalised words that may be a person's name, inside running text.
_CAP_RUN = re.compile(
    r"(?<![\w'’\-])(?:(?:Rt\.?\s+Hon\.?|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Baroness|Professor|"
    r"Cllr|Councillor)\.?\s+)?"
    r"[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’\-])+(?:[ \t]+(?:(?:de|van|von|der|le|la|bin|al)[ \t]+)?"
    r"[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’\-])+){1,3}"
    r"(?:[ \t]+(?:MP|QC|KC|CBE|OBE|MBE|DBE|KBE))?(?![\w'’\-])"
)


# Every run starts with a capital (of a title or a name) at the start of a word, and a
# capital follows its first word after blanks (and a particle): the next word of the name,
# or the name after a title. Most capitals in a letter start one word alone (a sentence's
# first word), so these are not tried.
_CAP_RUN_STARTS = re.compile(
    r"[A-ZÀ-ÖØ-Þ](?<![\w'’\-].)(?=(?:[^\W\d_]|['’\-])*\.?\s+"
    r"(?:(?:de|van|von|der|le|la|bin|al)[ \t]+)?[A-ZÀ-ÖØ-Þ])"
)


def _cap_runs(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_CAP_RUN.finditer(text, start, end)``, trying the pattern only where a run can start.

    Where that is is found in the text's shape (``_shapes``): one byte a character, a capital
    "A", a letter "a", a blank " ", a full stop ".", any other character of the first 256
    ","; every other character "?", which stands for a letter or a blank. A run starts at an
    "A" whose word (letters, capitals, "?") is followed by blanks, perhaps a particle, and an
    "A": a byte pattern with a plain first byte, which the regex engine skips to, and only
    the capitals starting two such words are tried.
    """
    shapes = text[start:end].encode("latin-1", "replace").translate(_shape_table())
    positions = (start + match.start() for match in _CAP_PAIR_SHAPE.finditer(shapes))
    return matches_at(_CAP_RUN, text, positions, start, end)


#: Where ``_CAP_RUN_STARTS`` can match, in the shapes: every match of it is one of these (the
#: particle's letters are "a", its blanks " ").
_CAP_PAIR_SHAPE = re.compile(rb"A(?=[aA?]*\.?[ ?]+(?:a+ +)?A)")


@lru_cache(maxsize=1)
def _shape_table() -> bytes:
    """The byte each of the first 256 characters becomes in a text's shape (see _cap_runs)."""
    table = bytearray(b"," * 256)
    for code in range(256):
        char = chr(code)
        if re.fullmatch(r"[A-ZÀ-ÖØ-Þ]", char):
            table[code] = ord("A")
        elif re.fullmatch(r"[^\W\d_]|['’\-]", char):
            table[code] = ord("a")
        elif char == ".":
            table[code] = ord(".")
        elif char.isspace():
            table[code] = ord(" ")
    table[ord("?")] = ord("?")  # what every character past the first 256 becomes
    return bytes(table)


def names_in(
    text: str, start: int = 0, end: int | None = None, *, titled_only: bool = False
) -> list[tuple[str, int, int]]:
    """People named in running text: (plain name, start, end) for each, in order.

    With ``titled_only``, only names that carry a title or "MP" ("Mrs Jane Doe", "Jo Bloggs
    MP"): two capitalised words alone may as well be a place ("Stoke Ferrers").
    """
    return [
        (name, a, b)
        for name, a, b, titled in titled_names_in(text, start, end)
        if titled or not titled_only
    ]


def titled_names_in(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[str, int, int, bool]]:
    """Like ``names_in``, each name with whether it carried a title or "MP"."""
    end = len(text) if end is None else end
    found: list[tuple[str, int, int, bool]] = []
    for match in _cap_runs(text, start, end):
        cleaned = clean_name(match.group())
        if cleaned is None or " " not in cleaned.name:
            continue
        titled = not (cleaned.start == 0 and cleaned.end == len(match.group()))
        found.append(
            (cleaned.name, match.start() + cleaned.start, match.start() + cleaned.end, titled)
        )
    return found


def may_be_called(greeted: str, given: str) -> bool:
    """Whether someone whose given name is ``given`` may be greeted as ``greeted`` ("Bob" for
    Robert); True unless both are known given names that are not forms of one another."""
    from archive.knowledge.members import member_given_names, nick_namer

    a, b = greeted.lower(), given.lower()
    known = member_given_names()
    if a == b or not all(is_given_name(w) or w.lower() in known for w in (greeted, given)):
        return True

    namer = nick_namer()
    forms_a = namer.canonicals_of(a) | namer.nicknames_of(a) | {a}
    forms_b = namer.canonicals_of(b) | namer.nicknames_of(b) | {b}
    return bool(forms_a & forms_b)


def first_name(name: str) -> str:
    return name.split()[0] if name else ""


def same_person(a: str, b: str) -> bool:
    """Loose match: same surname and compatible first name or initial ("Amber Rudd" ~ "A Rudd")."""
    ta, tb = a.lower().split(), b.lower().split()
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if ta[-1] != tb[-1]:
        return False
    return len(ta) == 1 or len(tb) == 1 or ta[0][0] == tb[0][0]
