"""A committee's publication headings, and the committee each names.

"Select Committee on Defence", "Home Affairs Committee Written Evidence", an inquiry's title
then the committee ("Students and Universities - Innovation, Universities, Science and
Skills Committee"), and a PDF's running head glued to the heading under it."""

from __future__ import annotations

import re

from archive.extract.voices import LORDS_COMMITTEE_WORDS

Span = tuple[int, int]

PUBLICATION = re.compile(
    r"^(?:select\s+committee\s+on\s+(?P<subject>.+?)|(?!chair|the\b|from\b)(?!.*\b(?:chair|chairman|mp)\b)(?P<named>(?:[A-Z][\w,'’&\-]*\s+)"
    r"(?:(?:and|&|of|for|the|on)\s+|[A-Z][\w,'’&\-]*\s+){0,8}Committee))"
    r"(?:\s+(?:written\s+evidence|appendices\s+to\s+the\s+minutes\s+of\s+evidence|"
    r"minutes\s+of\s+evidence|(?:[\w\-]+\s+)?(?:special\s+)?report|press\s+notice.*|"
    r"correspondence|evidence|publications?|contents))?\s*$",
    re.IGNORECASE,
)
#: An inquiry's title, a dash, then what may be a committee's name (``PUBLICATION``), in a
#: line that names no letter and no party ("Students and Universities - X Committee").
_TITLE_THEN_COMMITTEE = re.compile(
    r"(?i)^(?![^\n]*\b(?:letters?|from|to|by|writes?|wrote|replies|responds|chair(?:man|woman)?|"
    r"conven[eo]r|clerk|members?|mps?)\b)"
    r"[^\n]{3,120}?\s[-–—]\s+(?P<tail>\S)"
)
#: A running head glued to a heading by a PDF's text layer ("European Scrutiny CommitteeLetter
#: from the Minister", "Public AccountsWritten evidence from X").
GLUED_RUNNING_HEAD = re.compile(
    r"(?P<head>[A-Z][A-Za-z,&'’]*(?: [A-Z][A-Za-z,&'’]*| and| of| for| on| the){0,8}[a-z])"
    r"(?=(?:Written|Supplementary|Letter|Memorandum|Further)\s+(?:evidence|written|letter|"
    r"memorandum|from|to|submitted|supplementary)\b)"
)


def is_publication(text: str) -> bool:
    """Whether a heading line is a committee's publication heading."""
    return (
        bool(PUBLICATION.match(text) and len(text) < 160) or _titled_publication(text) is not None
    )


def publication_committee(view: str, start: int, end: int) -> tuple[str, Span] | None:
    """The committee the publication heading ``view[start:end]`` names, and where; None for a
    line that is no such heading."""
    text = view[start:end]
    publication = PUBLICATION.match(text)
    if publication is None and (at := _titled_publication(text)):
        start += at
        text = view[start:end]
        publication = PUBLICATION.match(text)
    if publication is None or len(text) >= 160:
        return None
    subject = publication.group("subject")
    if not subject:
        named = publication.group("named").strip()
        at = start + publication.start("named")
        return named, (at, at + len(named))
    subject = subject.strip()
    at = start + publication.start("subject")
    if LORDS_COMMITTEE_WORDS.search(subject):
        # The Lords' committees are named so: "Select Committee on the Constitution", as
        # the heading writes it.
        return text[: publication.start("subject") + len(subject)], (start, at + len(subject))
    # "Select Committee on Defence" is the Defence Committee.
    name = re.sub(r"^the\s+", "", subject, flags=re.IGNORECASE)
    return f"{name} Committee", (at, at + len(subject))


def _titled_publication(text: str) -> int | None:
    """Where the committee's name starts in a publication's page title, the inquiry's title
    then the committee's name ("Students and Universities - Innovation, Universities,
    Science and Skills Committee"); None for any other line."""
    if (" - " not in text and " – " not in text) or len(text) > 240:
        return None
    titled = _TITLE_THEN_COMMITTEE.match(text)
    if titled is None:
        return None
    at = titled.start("tail")
    return at if len(text) - at < 160 and PUBLICATION.match(text[at:]) else None
