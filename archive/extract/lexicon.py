"""Who writes to whom: government departments, public bodies, offices and roles.

The roles that tell a minister or official from an MP writing as an MP, and the shapes of
committees' names. What is known about organisations is the registry's
(``archive.knowledge.organisations``); the names it exports here are for older callers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from archive.knowledge import organisations as _organisations
from archive.knowledge.organisations import (
    OrgMatch,
    acronym,
    department_for_role,
    find_org,
    org_for_email,
    org_for_gov_uk_page,
)

__all__ = [
    "COMMITTEE",
    "COMMITTEE_CHAIR",
    "GENERIC_ORG",
    "MINISTER_ROLE",
    "MP_ROLE",
    "OFFICIAL_ROLE",
    "OrgMatch",
    "PUBLIC_BODY_WORDS",
    "ROLE_HEAD",
    "ROLE_LINE",
    "acronym",
    "committee_in",
    "department_for_role",
    "find_org",
    "is_minister_role",
    "is_official_role",
    "is_role_line",
    "org_for_email",
    "org_for_gov_uk_page",
    "strip_role_prefix",
]

# Organisations (names, spellings, kinds, renames, e-mail domains, the departments that
# ministers' titles name) are the registry's: archive/data/organisations.json.
GENERIC_ORG = _organisations.GENERIC_ORG


def __getattr__(name: str) -> object:
    """``DEPARTMENTS`` (canonical name -> spellings), read from the registry when first asked."""
    if name == "DEPARTMENTS":
        return _organisations.departments()
    raise AttributeError(name)


COMMITTEE = re.compile(
    r"\b((?:Select\s+)?Committee\s+(?:of|on|for)\s+(?:the\s+)?[A-Z][\w'’\-]*"
    r"(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’\-]*){0,5}"
    r"|(?:[A-Z][\w'’\-]*,?\s+(?:(?:and|&|of|for|the)\s+)*){1,7}(?:Select\s+)?Committee"
    r")\b"
)

PUBLIC_BODY_WORDS = re.compile(
    r"\b(?:Council|Police|Constabulary|Agency|Authority|Commission|Inspectorate|Ombudsman|"
    r"NHS|Trust|Service|Office|Department|Ministry|Executive|Directorate|Treasury|Board|"
    r"Tribunal|Court)\b"
)

# Roles. A role line in a letterhead or signature says in what capacity someone writes.
MINISTER_ROLE = re.compile(
    r"\b(?:prime\s+minister|deputy\s+prime\s+minister|first\s+secretary\s+of\s+state|"
    r"home\s+secretary|foreign\s+secretary|justice\s+secretary|health\s+secretary|"
    r"education\s+secretary|defence\s+secretary|chancellor\s+of\s+the\s+exchequer|"
    r"chief\s+secretary\s+to\s+the\s+treasury|financial\s+secretary|economic\s+secretary|"
    r"exchequer\s+secretary|paymaster\s+general|attorney\s+general|solicitor\s+general|"
    r"advocate\s+general|lord\s+chancellor|chancellor\s+of\s+the\s+duchy\s+of\s+lancaster|"
    r"leader\s+of\s+the\s+house\s+of\s+(?:commons|lords)|chief\s+whip|"
    r"secretary\s+of\s+state|minister\b(?:\s+of\s+state)?|"
    r"parliamentary\s+(?:under[\s\-]+)?secretary(?:\s+of\s+state)?|"
    r"under[\s\-]+secretary\s+of\s+state|government\s+whip|lord\s+in\s+waiting|"
    # (a whole word: "Prime Ministerial congratulations" names no office)
    r"baroness\s+in\s+waiting)\b",
    re.IGNORECASE,
)
OFFICIAL_ROLE = re.compile(
    r"\b(?:permanent\s+(?:under[\s\-]+)?secretary|director(?:\s+general)?|deputy\s+director|"
    r"chief\s+executive(?:\s+officer)?|chief\s+operating\s+officer|chief\s+officer|"
    r"(?:deputy\s+|assistant\s+)?chief\s+constable|police\s+and\s+crime\s+commissioner|"
    r"(?:hm\s+)?chief\s+inspector|commissioner|ombudsman|registrar|head\s+of|"
    r"private\s+secretary|principal\s+private\s+secretary|correspondence\s+(?:unit|team)|"
    r"ministerial\s+correspondence|customer\s+service|casework(?:er)?|complaints?\s+(?:team|manager)|"
    r"medical\s+director|chief\s+nurse|clerk\s+(?:of|to)|managing\s+director|"
    r"(?:chair(?:man|woman|person)?|president|vice[\s\-]+chair)\s+of\s+(?!the\s+(?:\w+\s+){0,4}committee)|"
    r"leader\s+of\s+(?:the\s+)?\w+\s+(?:borough\s+|county\s+|city\s+|district\s+)?council|"
    r"(?:local\s+)?director\s+of\s+children'?s\s+services|governor|"
    r"senior\s+(?:caseworker|official|manager)|(?:operations|service)\s+manager)",
    re.IGNORECASE,
)
#: "Member of Parliament", "MP for Kelby", or a constituency's name before it ("Kelby MP").
MP_ROLE = re.compile(
    r"\b(?:member\s+of\s+parliament|m\.?p\.?\s+for|mp\s+for)\b|[a-z]\s+(?-i:MP)$", re.IGNORECASE
)
COMMITTEE_CHAIR = re.compile(
    r"\bchair(?:man|woman|person)?\b(?:,|\s+of)?\s*(?:the\s+)?(?:[\w'’,&\-]+\s+){0,6}"
    r"(?:select\s+)?committee\b|\bcommittee\s+chair\b",
    re.IGNORECASE,
)

ROLE_LINE = re.compile(
    rf"^(?:the\s+)?(?:{MINISTER_ROLE.pattern}|{OFFICIAL_ROLE.pattern}|{MP_ROLE.pattern}|"
    r"chair(?:man|woman|person)?\b|president\b|vice[\s\-]+chair\b|leader\b|mayor\b|"
    r"secretary\b|deputy\b|assistant\b|senior\b|head\b|team\s+leader|manager\b|officer\b|"
    r"clerk\b|councillor\b|policy\b|member\b)",
    re.IGNORECASE,
)


def committee_in(text: str) -> re.Match[str] | None:
    """A committee's name in ``text``, without a role in front ("Chair, Justice Committee")."""
    if "Committee" not in text:
        return None  # every match holds the word (blanking a role in front cannot add it)
    # The role is blanked behind a bar, so no word before it joins the name ("Second Clerk
    # of the Committee" names no "Second Committee").
    match = COMMITTEE.search(_CHAIR_PREFIX.sub(lambda m: "|" + " " * (len(m.group()) - 1), text))
    return match


_CHAIR_PREFIX = re.compile(
    r"\b(?:chair(?:man|woman|person)?|clerk|member|members)\b,?\s*(?:of\s+)?(?:the\s+)?",
    re.IGNORECASE,
)


ROLE_HEAD = re.compile(
    r"\b(?:secretary|minister|director|manager|officer|inspector|executive|chair(?:man|woman|"
    r"person)?|head|commissioner|constable|leader|clerk|registrar|ombudsman|controller|"
    r"comptroller|auditor|adviser|advisor|co-?ordinator|superintendent|governor|president|"
    r"caseworker|principal|headteacher|chancellor|attorney\s+general|solicitor\s+general|whip|"
    r"speaker|mayor|treasurer|member\s+of\s+parliament|mp\s+for|correspondent|"
    r"administrator|lead|partner|consultant|surgeon|candidate|ppc|"
    # In Welsh: chair, minister, secretary, presiding officer, commissioner, chief executive,
    # director.
    r"cadeirydd|gweinidog|ysgrifennydd|llywydd|comisiynydd|prif\s+weithredwr|cyfarwyddwr)\b",
    re.IGNORECASE,
)
_ROLE_PREFIX = re.compile(r"^(?:from|office\s+of)\s+(?:the\s+)?", re.IGNORECASE)


def strip_role_prefix(text: str) -> str:
    """ "From the Minister of State for X" -> "Minister of State for X"."""
    return _ROLE_PREFIX.sub("", text.strip())


#: A line that opens as a sentence does, with a time or a clause ("In October 2019, ...",
#: "Since then the Chief Executive ..."): an office's name never does.
_SENTENCE_OPENING = re.compile(
    r"(?:In|On|At|By|Since|During|After|Before|Following|Last|This|When|As|Although|However|"
    r"Yesterday|Today)\b[^,\n]{0,40},\s|(?:Since|When|Although|However|Yesterday|Today)\b"
)


#: A letter's subject line: "Re: Closure of Erdington Police Station", "Subject - X".
SUBJECT_LINE = re.compile(r"^(?:re|subject|subj)\s*[:\-]\s*\S", re.IGNORECASE)
#: ... or one with no colon, its next word in lower case: "Re visit by Shadow Health Minister".
_RE_THEN_LOWER = re.compile(r"(?i)(?:re|subject)\s+(?-i:[a-z])")
#: A sentence's subject, then its verb: "You wrote to ...", "We have asked ...".
_PRONOUN_THEN_VERB = re.compile(r"(?:You|I|We|He|She|They|It)\s+[a-z]")
#: A relative clause with its verb, or a line ending on an article: prose, never an office.
_CLAUSE_IN_LINE = re.compile(r",\s+(?:who|which|whose)\s+[a-z]|\s(?:the|a|an|that)$")


def _is_subject(text: str) -> bool:
    return SUBJECT_LINE.match(text) is not None or _RE_THEN_LOWER.match(text) is not None


def is_clause_line(text: str) -> bool:
    """A line of a sentence wrapped short, naming no office and no body for all its capitals:
    a relative clause with its verb, or a line ending on an article ("..., who complains
    that the")."""
    return _CLAUSE_IN_LINE.search(text) is not None


#: A dash, then a word in lower case: a title's topic after it.
_DASH_THEN_LOWER = re.compile(r"\s[-–—]\s+(?=[a-z])")
#: Lower-case words an office's name joins its capitalised words with.
_ROLE_JOINERS = frozenset("of for the and to at in on with by from & de la".split())
#: Words in lower case an office's name may start with ("acting Chief Executive").
_ROLE_QUALIFIERS = frozenset("acting interim former then joint deputy assistant senior".split())


_NAMES_A_LETTER = re.compile(
    r"(?i)\bletter\b|\bcomplaint\s+(?:re|about|regarding|against|to)\b|"
    # "Housing minister response", "Personal Statement From A Former Candidate": a page's
    # heading for a letter, not an office.
    r"\b(?:response|reply)\s*$|\bstatement\s+from\b"
)


_LABEL_THEN_NAME = re.compile(r":\s+[A-Z][a-z'’\-]+\s+[A-Z][a-z'’\-]+")


def is_staff_list(text: str) -> bool:
    """A letterhead's staff list, an office then a name after a colon: "Chief Executive: Jo
    Doe  Editor: Ann Roe" (not a heading's "Ofcom: Broadband Switching")."""
    found = _LABEL_THEN_NAME.search(text) if ":" in text else None
    if found is None:
        return False
    label = text[: found.start()].strip()
    return bool(label) and (
        ROLE_HEAD.search(label) is not None or _BOARD_WORDS.search(label) is not None
    )


#: The plural offices a board's list is headed with ("Trustees & Directors: ...").
_BOARD_WORDS = re.compile(r"(?i)\b(?:trustees|directors|patrons|officers|governors|board)\b")


def _prose_word(word: str) -> bool:
    """A lower-case word that is not one of an office's joining words: "challenges"."""
    return word[0].islower() and word not in _ROLE_JOINERS


@lru_cache(maxsize=16384)
def is_role_line(text: str) -> bool:
    """A short line naming an office: "Minister of State for Immigration", "District Manager"."""
    text = strip_role_prefix(text)
    # Not a line with an e-mail address, or the "[email protected]" a web page's copy put
    # in its place.
    if not text or len(text) > 140 or text[0].isdigit() or "@" in text or "[email" in text:
        return False
    if text[-1] in "!?":
        return False  # an exclamation or a question ends a sentence, never an office's name
    if _SENTENCE_OPENING.match(text) or _PRONOUN_THEN_VERB.match(text) or _is_subject(text):
        # "In October 2019, the Secretary of State for Transport asked", "You wrote to the
        # Parliamentary Ombudsman on", "RE: Parliamentary Questions to the Secretary of State"
        return False
    if is_clause_line(text):
        # a sentence's clause: "Jo Doe, the Chief Executive of X, who complains that the"
        return False
    if (dash := _DASH_THEN_LOWER.search(text)) is not None and (
        sum(map(_prose_word, text[dash.end() :].split())) >= 2
    ):
        return False  # a page's title, the office then the topic: "Chief Whip - no delay until May"
    org = find_org(text)
    if org is not None and org.known and org.end - org.start >= 0.7 * len(text):
        return False  # "Attorney General's Office" is the office, not the role
    lowered = text.lower()
    if (
        "letter" in lowered
        or "complaint" in lowered
        or "respons" in lowered
        or "repl" in lowered
        or "statement" in lowered
    ) and _NAMES_A_LETTER.search(text):
        return False  # "Open letter sent to Prime Minister", "Complaint re X to Y": a heading
    if is_staff_list(text):
        return False  # a letterhead's staff list: "Chief Executive: Jo Doe  Editor: Ann Roe"
    words = text.split()
    if len(words) >= 6 and 2 * sum(map(_prose_word, words)) > len(words):
        return False  # a headline: "Mayor challenges Transport Secretary over broken promises"
    if ROLE_LINE.match(text):
        return True
    head = ROLE_HEAD.search(text) if len(words) <= 16 else None
    if head is None:
        return False
    # Prose before the office: a title or a sentence that ends naming one ("Call for urgent
    # talks with new Chief Secretary to the Treasury", "Congratulations on your appointment
    # as Prime Minister"); an office's own qualifiers ("acting", "interim") are no prose.
    if sum(_prose_word(w) and w not in _ROLE_QUALIFIERS for w in text[: head.start()].split()) >= 2:
        return False
    return text[0].isupper()


def is_official_role(text: str) -> bool:
    return bool(MINISTER_ROLE.search(text) or OFFICIAL_ROLE.search(text))


def is_minister_role(text: str) -> bool:
    return MINISTER_ROLE.search(text) is not None


#: Offices a salutation puts after "Mr" or "Madam": no one's surname there.
OFFICE_AFTER_TITLE = frozenset(
    ("speaker", "chairman", "chair", "chairwoman", "president", "mayor", "deputy", "secretary",
     "minister", "ambassador", "commissioner", "clerk", "governor")
)  # fmt: skip
