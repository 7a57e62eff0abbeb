"""Cue phrases for a writer's voice (as an MP, in another office) and for whom it addresses.

The addressee may be a committee or a minister's department.

``sides.read_parties`` asks them of a letter; each is tried only near its key words.
"""

from __future__ import annotations

import re

#: An MP's voice without "my": "I have been contacted by a number of constituents",
#: "constituents have written to me".
CONSTITUENTS_TO_ME = re.compile(
    r"(?i)\bconstituents\s+(?:have\s+|had\s+|who\s+have\s+)?(?:contacted|written\s+to|"
    r"e-?mailed|approached|told|raised\s+(?:this|concerns?|it)\s+with)\s+me\b|"
    r"\b(?:contacted|approached|written\s+to|lobbied)\s+by\s+(?:a\s+(?:number|few|lot)\s+of\s+|"
    r"many\s+|several\s+|numerous\s+|some\s+|hundreds\s+of\s+|dozens\s+of\s+)?constituents\b"
)
#: "Members of the Argus staff, who are constituents of mine, have complained to me".
CONSTITUENTS_OF_MINE = re.compile(r"(?i)\bconstituents?\s+of\s+mine\b")

#: Writers who say they write as MPs: "We write as MPs", "We are writing, as
#: Parliamentarians who ...", "I write as the Member of Parliament for Kelby", "We, the
#: undersigned Labour MPs".
WRITING_AS_MPS = re.compile(
    r"\b(?:I|[Ww]e)\b(?:\s+(?:am|are|have|write|writing|wrote))*,?\s+as\s+(?:an?\s+|the\s+|your\s+)?"
    r"(?:MPs?|(?i:members?\s+of\s+parliament|parliamentarians))\b|"
    r"\b[Ww]e,?\s+the\s+undersigned(?:\s+[A-Z][\w\-]*)?\s+(?:MPs|(?i:members\s+of\s+parliament))\b"
)
#: "Thank you for meeting with us and other South London MPs": the writers are MPs too.
US_AND_OTHER_MPS = re.compile(
    r"\b(?:us|[Ww]e)\s+and\s+(?:other|fellow)\s+(?:[A-Z][\w\-]*\s+){0,3}MPs\b"
)
#: Every match of WRITING_AS_MPS holds one of these (in lower case).
AS_MPS_WORDS = ("as mp", "as an mp", "as the mp", "as your mp", "as a mp", "as parliamentarian",
                 "as member", "as a member of parliament", "as the member", "undersigned")  # fmt: skip


def with_other_mps(view: str, lower: str, start: int, end: int) -> bool:
    """``US_AND_OTHER_MPS`` in the letter's opening, looked for only around "other mps" and
    "fellow mps" (every match ends so, up to three capitalised words between)."""
    for word in (" other ", " fellow "):
        at = lower.find(word, start, min(end, start + 2000))
        while at != -1:
            if " mps" in lower[at : at + 60] and US_AND_OTHER_MPS.search(
                view, max(start, at - 10), min(end, at + 60)
            ):
                return True
            at = lower.find(word, at + 1, min(end, start + 2000))
    return False


def says_as_mps(lower: str, start: int, end: int) -> bool:
    """Whether ``lower[start:end]`` holds a word every writer saying "as MPs" uses: a cheap
    test before the pattern (most letters say none)."""
    window = lower[start:end]
    return any(word in window for word in AS_MPS_WORDS)


def constituents_wrote_to_me(view: str, lower: str, start: int, end: int) -> bool:
    """``CONSTITUENTS_TO_ME.search(view, start, end)``, tried only around each "constituents"
    (every match holds the word, at most 40 characters from either end)."""
    at = lower.find("constituents", start, end)
    while at != -1:
        if CONSTITUENTS_TO_ME.search(view, max(start, at - 60), min(end, at + 60)):
            return True
        at = lower.find("constituents", at + 12, end)
    return False


#: Offices held outside the Commons, which an MP's name in the registry does not override.
OUTSIDE_THE_COMMONS = re.compile(
    r"(?i)\b(?:mayor|police\s+and\s+crime\s+commissioner)\b|"
    r"^(?:the\s+)?(?:councillor\b|cllr\b|leader\s+of\s+.*\bcouncil\b)"
)
DEVOLVED_MEMBER = re.compile(
    r"\b(?:MSPs?|MLAs?|MSs)\b|\bMS\b(?=\s+(?:for|to)\b)|(?i:member\s+of\s+the\s+(?:scottish\s+"
    r"parliament|senedd|welsh\s+parliament|northern\s+ireland\s+assembly)|assembly\s+member)"
)


#: A letter answering a committee's work ("our response to the Committee's 2019 report",
#: "keep the Committee updated", "appear in front of the Committee").
ANSWERS_THE_COMMITTEE = re.compile(
    r"\b(?:response|respond(?:ing)?|reply(?:ing)?)\s+to\s+the\s+(?:[A-Z][\w,&\-]*\s+(?:and\s+)?){0,6}"
    r"Committee(?:['’]s)?\b|\bkeep\s+the\s+Committee\s+(?:updated|informed)\b|"
    r"\b(?:before|in\s+front\s+of)\s+the\s+Committee\b|\bthe\s+Committee['’]s\s+(?:\d{4}\s+)?"
    r"(?:[A-Z][\w\-]*\s+){0,5}(?:report|recommendations|inquiry|hearing)\b|"
    # Evidence a committee asked for: "following the Kelby Committee's call for evidence".
    r"\bthe\s+(?:[A-Z][\w,&\-]*\s+(?:and\s+)?){0,6}Committee['’]s\s+call\s+for\s+evidence\b"
)
#: Evidence given to a committee at its asking ("the Committee asked us about"), or a
#: witness's "my evidence session before the Home Affairs Committee" (what a letter sends on
#: after giving evidence is the committee's).
ASKED_BY_THE_COMMITTEE = re.compile(
    r"Committee\s+(?:asked|requested)\s+(?:us|me)\b|"
    r"\b(?:my|our)\s+(?:oral\s+)?evidence\s+(?:session\s+)?(?:before|to)\s+the\s+"
    r"(?:[A-Z][\w'’\-]*\s+){1,5}Committee\b"
)
#: A minister answering "your letter of 6 March to the Home Secretary": a Member's letter to
#: a Secretary of State, answered by a minister of the department.
YOUR_LETTER_TO_A_MINISTER = re.compile(
    r"(?i)your\s+letter(?:\s+of\s+[^.;]{3,30}?)?\s+to\s+(?:the\s+)?"
    r"(?:(?:home|foreign|health|transport|justice|defence|education|business|culture|"
    r"environment|work\s+and\s+pensions|chief)\s+)?(?:secretary|prime\s+minister|chancellor)\b"
)


def with_body(role: str, org: str | None) -> str:
    """A heading's role with the body it was read apart from: "Lord Patten, Chairman of the
    BBC Trust" chairs that body, not the committee the page is about."""
    return f"{role} of {org}" if org and not re.search(r"(?i)committee", org) else role


#: Words naming a committee of the House of Lords, or the House itself.
LORDS_COMMITTEE_WORDS = re.compile(
    r"(?i)\b(?:delegated\s+powers|constitution|economic\s+affairs|european\s+union|"
    r"communications|international\s+relations|secondary\s+legislation|"
    r"justice\s+and\s+home\s+affairs|industry\s+and\s+regulators|built\s+environment|"
    r"public\s+services|house\s+of\s+lords|lords)\b"
)


#: Offices held only in a devolved government: "First Minister", "Deputy First Minister",
#: "Cabinet Secretary for Finance" (Whitehall's Cabinet Secretary is "for" nothing), and
#: their Welsh forms.
DEVOLVED_OFFICE = re.compile(
    r"(?i)^(?:the\s+)?(?:(?:deputy\s+)?first\s+minister\b|cabinet\s+secretary\s+for\b|"
    r"(?:prif|dirprwy\s+brif)\s+weinidog\b|ysgrifennydd\s+y\s+cabinet\b)"
)
#: The devolved governments by the names letters give them, older names and Welsh too.
DEVOLVED_GOVERNMENT = re.compile(
    r"\b(?P<name>Scottish\s+Government|Scottish\s+Executive|Welsh\s+Government|"
    r"Welsh\s+Assembly\s+Government|Llywodraeth\s+Cymru|Northern\s+Ireland\s+Executive)\b"
)


def devolved_government(view: str, role: str) -> tuple[str, tuple[int, int]] | None:
    """The government a devolved office's holder writes for, as the letter first names it
    ("The Scottish Government is doing what it can"); None when the letter names none, or
    more than one country's ("Llywodraeth Cymru" is the Welsh Government's own name)."""
    if DEVOLVED_OFFICE.match(role) is None:
        return None
    first: dict[str, tuple[str, tuple[int, int]]] = {}  # by country: its first mention
    for match in DEVOLVED_GOVERNMENT.finditer(view):
        name = " ".join(match.group("name").split())
        if name == "Llywodraeth Cymru":
            name = "Welsh Government"
        first.setdefault(name.split()[0], (name, match.span("name")))
    if len(first) != 1:
        return None
    return next(iter(first.values()))
