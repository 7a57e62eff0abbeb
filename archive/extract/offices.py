"""A writer's own office as the letter states it.

"As Chief Executive of the Benefits Agency, I ...", "as Cadw's Chief Executive", "I am the
Director of ...", and a minister's answer above an agency head's letter handing the reply to
the head ("is a matter for the Chief Executive"). ``parties.read_sender`` asks them when no
letterhead or signature gives the office.
"""

from __future__ import annotations

import re

from archive.extract.found import Span
from archive.extract.layout import LetterLayout
from archive.extract.lexicon import PUBLIC_BODY_WORDS
from archive.knowledge.organisations import find_known_org

#: The offices a writer names themselves by, in any case ("as the chief executive of").
_SELF_ROLE = (
    r"(?i:(?:(?:acting|interim|deputy)\s+)?(?:chief\s+executive|director(?:\s+general)?|"
    r"chair(?:man|woman)?|head|permanent\s+secretary|chief\s+inspector|commissioner|"
    # Offices of one holder: "As National Statistician, I have been asked to reply".
    r"(?:national\s+)?statistician|(?:comptroller\s+and\s+)?auditor\s+general|registrar\s+general|"
    r"chief\s+constable|ombudsman|(?:chief\s+)?regulator|chief\s+(?:medical|nursing)\s+officer|"
    # "As Leader of Kelby Borough Council, I head ...": a council's leader.
    r"leader)\b)"
)
_NAMED_BODY = r"[A-Z][\w&'’\-]*(?:\s+(?:and|of|for|&)?\s*[A-Z][\w&'’\-]*){0,6}"
# Written to start with their first letters, as _RECIPIENT_MP_CUES is (same matches).
_SELF_DESCRIBED = re.compile(
    r"[Aa](?<!\w[Aa])s\s+(?:the\s+)?"
    # Another office first: "as Chief of Defence Procurement and Chief Executive of the X".
    r"(?:[A-Z][\w\-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w\-]*){0,4}\s+and\s+)?"
    rf"(?P<role>{_SELF_ROLE}(?:\s+of\s+(?:the\s+)?(?P<org>{_NAMED_BODY}))?"
    # "I am writing as the Minister of State for Schools": a minister's office, no body.
    # "I am replying as the Minister for Crime Prevention and Anti-social Behaviour Reduction".
    r"|Minister\s+(?:of\s+State(?:\s+for\s+[A-Z][\w&'’\-]*(?:\s+(?:and\s+)?[A-Z][\w&'’\-]*){0,4})?|"
    r"for\s+[A-Z][\w&'’\-]*(?:\s+(?:and\s+)?[A-Z][\w&'’\-]*){0,5}))"
)
#: "as Cadw's Chief Executive", "as the Agency's Chief Executive": the body, then the office.
_SELF_DESCRIBED_AFTER_BODY = re.compile(
    rf"[Aa](?<!\w[Aa])s\s+(?:the\s+)?(?P<org>[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){{0,5}})['’]s\s+"
    rf"(?P<role>{_SELF_ROLE})\b"
)


#: "I am the Chief Executive of the Defence Evaluation and Research Agency (DERA)".
_I_AM_THE = re.compile(
    rf"\bI\s+am\s+(?:the\s+)?(?P<role>{_SELF_ROLE}\s+of\s+(?:the\s+)?(?P<org>{_NAMED_BODY}))"
)


#: Words of the offices _SELF_DESCRIBED names, in lower case: a letter's opening without one
#: of them is not searched (the pattern stops at every "a").
_SELF_ROLE_WORDS = (
    "chief",
    "director",
    "chair",
    "head",
    "secretary",
    "commissioner",
    "minister",
    "leader",
    "statistician",
    "general",
    "constable",
    "ombudsman",
    "regulator",
    "officer",
)


#: How far into the letter a writer's "as Chief Executive" is looked for (a page printing a
#: Parliamentary Question above the letter puts it some way down).
_SELF_WINDOW = 2000


def self_description(
    layout: LetterLayout,
) -> tuple[tuple[str, Span], tuple[str, Span] | None] | None:
    """A writer who says who they are: "As Chief Executive of the Benefits Agency, ...",
    "as Cadw's Chief Executive"."""
    start = layout.body_start
    opening = layout.view[start : start + _SELF_WINDOW].lower()
    if not any(word in opening for word in _SELF_ROLE_WORDS):
        return None
    matches = sorted(
        (
            found
            for pattern in (_SELF_DESCRIBED, _SELF_DESCRIBED_AFTER_BODY, _I_AM_THE)
            for found in pattern.finditer(layout.view, start, start + _SELF_WINDOW)
        ),
        key=lambda found: found.start(),
    )
    # The first that is the writer's: "delegated to Jo Doe as Chief Executive. I am
    # replying on her behalf as Acting Chief Executive" is the second.
    match = next((m for m in matches if _describes_the_writer(layout.view, m)), None)
    if match is None:
        return None
    role = (match.group("role"), (match.start("role"), match.end("role")))
    org_text = match.group("org")
    if org_text and org_text.split()[-1] in ("Agency", "Service") and len(org_text.split()) == 1:
        org_text = _antecedent(layout.view[start : match.start()])
    org = (org_text, (match.start("org"), match.end("org"))) if org_text else None
    return role, org


#: A minister's answer handing the reply to an agency's head, above the head's letter: "The
#: administration of the Child Support Agency is a matter for the Chief Executive", "has been
#: delegated to the Roads Service under its Chief Executive", "Questions on Benefits Agency
#: operational matters are the responsibility of the Chief Executive", "the Secretary of
#: State promised a substantive reply from the Chief Executive".
_HANDED_OVER = re.compile(
    r"(?i)\b(?:(?:is|are)\s+(?:a\s+)?matters?\s+for|(?:is|are)\s+the\s+responsibility\s+of|"
    r"(?:has\s+been|have\s+been|is|are)\s+delegated\s+to|substantive\s+reply\s+from)\s"
)
_CHIEF_EXECUTIVE = re.compile(r"(?i)\b(?:acting\s+)?chief\s+executive\b")
_NAME_AFTER_OFFICE = re.compile(
    r",\s+(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?(?P<name>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3})"
)
_NAME_BEFORE_OFFICE = re.compile(
    r"(?P<name>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w'’\-]*){1,3}),\s+(?:the\s+)?(?=(?i:acting\s+)?(?i:chief))"
)
_FOR_THE_HEAD = re.compile(
    r"(?i)\breplying\s+(?:to\s+you\s+)?(?:on\s+(?:his|her)\s+behalf|in\s+(?:his|her)\s+absence)"
)
#: Where the answer names the agency, in the order tried.
_AGENCY_NAMED = (
    re.compile(rf"(?i:chief\s+executive)\s+of\s+(?:the\s+)?(?P<org>{_NAMED_BODY})"),
    re.compile(rf"delegated\s+to\s+(?:the\s+)?(?P<org>{_NAMED_BODY})\s+(?:agency\s+)?under\s+its"),
    re.compile(
        rf"(?i:administration\s+of|questions?\s+(?:on|about))\s+(?:the\s+)?(?P<org>{_NAMED_BODY})"
    ),
)


def delegated_reply(
    view: str, writer: str
) -> tuple[tuple[str, Span] | None, tuple[str, Span] | None] | None:
    """The office and the body a minister's answer says will reply, for the letter below
    it. The office is the writer's only if the answer names no one else ("a matter for
    Jo Doe, Chief Executive of ...", then a letter from her deputy)."""
    opening = view[:2500]
    if "xecutive" not in opening and "XECUTIVE" not in opening:
        return None  # the office it hands to is a chief executive's
    handed = _HANDED_OVER.search(view, 0, 2500)
    if handed is None:
        return None
    start = max(view.rfind(".", 0, handed.start() - 4), view.rfind("\n", 0, handed.start())) + 1
    end = min(len(view), handed.end() + 160)
    chief = _CHIEF_EXECUTIVE.search(view, handed.start(), end)
    if chief is None:
        return None
    role: tuple[str, Span] | None = (chief.group(), (chief.start(), chief.end()))
    named = _NAME_AFTER_OFFICE.match(view, chief.end()) or _NAME_BEFORE_OFFICE.search(
        view, start, chief.start()
    )
    head = named.group("name").lower() if named else ""
    surname = writer.split()[-1].lower() if writer.split() else ""
    if head and surname not in head or _FOR_THE_HEAD.search(view, 0, 3000):
        # The answer names the head and another wrote, or "I am replying on his behalf".
        role = None
    for pattern in _AGENCY_NAMED:
        found = pattern.search(view, start, end)
        body = found.group("org") if found else ""
        if found and (PUBLIC_BODY_WORDS.search(body) or find_known_org(body)):
            return role, (body, (found.start("org"), found.end("org")))
    return (role, None) if role else None


def _describes_the_writer(view: str, match: re.Match[str]) -> bool:
    """Whether "as Chief Executive ..." speaks of the writer, not of the reader or another."""
    before = view[max(0, match.start() - 80) : match.start()]
    if re.search(r"(?i)\b(?:your|his|her|their)\s+capacity\s*$", before):
        return False
    if re.search(r"(?i)\byour\b[^.;:!?\n]*$", before):
        return False  # "your first few months as His Majesty's Chief Inspector": the reader's
    if re.search(r"\b[A-Z][a-z][\w'’\-]*\s+$", before) and not re.search(r"\b(?:I|We)\s+$", before):
        return False  # "I have appointed Maggie Smith as the Director of Early Years"
    if _SAID_SO.match(view, match.end()):
        return False  # "As the National Statistician explained last month, ..."
    # "your tenure as Leader": a leader of what, the writer does not say
    return not re.fullmatch(r"(?i)leader", match.group("role"))


_SAID_SO = re.compile(
    r",?\s+(?:has\s+|had\s+)?(?:explained|said|noted|set\s+out|mentioned|stated|wrote|"
    r"indicated|announced|confirmed|highlighted|pointed\s+out|described|made\s+clear|told)\b"
)


def _antecedent(before: str) -> str | None:
    """ "the Agency" -> the agency named just before ("the Employment Service is an Agency")."""
    # ("The Fenland Pay Agency keeps ...": a sentence's capital "The" is no part of the name.)
    named = [re.sub(r"^The\s+", "", n.strip()) for n in _GENERIC_NAMED.findall(before)]
    # "the Employment Service is an Executive Agency": a kind of body names none.
    named = [n for n in named if not set(n.split()) <= GENERIC_BODY_WORDS]
    return named[-1] if named else None


GENERIC_BODY_WORDS = frozenset(
    "Executive Next Steps Government Public Non-Departmental Agency Service Authority Office "
    "Commission".split()
)


_GENERIC_NAMED = re.compile(
    r"\b(?:[A-Z][\w'’\-]+\s+){0,4}(?:Agency|Service|Authority|Office|Commission)\b"
)
