"""Headings that name a letter: "Letter from A to B, dated D", a publication's heading, "From X".

Published letters (Hansard written answers, committee appendices, press notices, MPs' sites)
and archive cover sheets carry a heading line that says who wrote to whom and when. It is
read here into typed parties; the letter's own letterhead and signature, where present,
still outrank it (see ``archive.extract.letter``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from archive.extract.bodynames import most_words, names_a_body, proper_name
from archive.extract.dates import DateMatch, glued_date, iter_full_dates
from archive.extract.lexicon import is_role_line
from archive.extract.names import CleanName, clean_name, is_given_name, same_person
from archive.extract.places import gazetteer
from archive.extract.publications import GLUED_RUNNING_HEAD, is_publication, publication_committee
from archive.knowledge.members import member_by_constituency
from archive.knowledge.organisations import LEGISLATURES, TITLE_SMALL_WORDS, find_known_org
from archive.knowledge.titles import POSTNOMINALS

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Party:
    """A writer or addressee as a heading describes them."""

    name: CleanName | None = None
    name_span: Span | None = None
    role: str | None = None
    role_span: Span | None = None
    org: str | None = None
    org_span: Span | None = None
    #: "MP" was written after the name, or the party is "our MP".
    had_mp: bool = False
    #: The party is named only as "our MP" / "my MP": the writer is a constituent.
    our_mp: bool = False


@dataclass(frozen=True, slots=True)
class Cover:
    """What the headings above a letter say about it."""

    sender: Party | None = None
    recipient: Party | None = None
    date: DateMatch | None = None
    #: The committee a publication heading names ("Select Committee on Defence ..."),
    #: what "the Committee" and "the Chairman" refer to in the letter.
    committee: str | None = None
    committee_span: Span | None = None
    #: Offsets of the heading lines (not the letter's own words).
    spans: tuple[Span, ...] = ()


_KIND = (
    r"(?:letter|reply|response|memorandum|memoranda|note|e-?mail|update|statement|open\s+letter|"
    r"correspondence)s?"
)
NAMED_LETTER = re.compile(
    # A report's section number may stand first ("5  Annex 1: Letter from the Chair to ..."),
    # or a page's title or Hansard's column number, run into the heading ("713WLetter from",
    # "European Scrutiny CommitteeLetter from").
    # An appendix's numbered item: "11.  LETTER TO THE CLERK FROM ...".
    # Or a lettered one: "A. Letter from the Chair to the Leader, 17 December".
    rf"^(?:\d{{1,2}}(?:\.\d{{1,2}})*\s+(?=appendix|annex)|\d{{1,3}}\.\s+(?=[A-Za-z])|"
    r"[A-Z]\.\s+(?=(?i:letter|e-?mail|memorandum|note|reply|response)\b)|"
    rf"[^\n]{{0,80}}?(?<=[A-Za-z0-9])(?=(?-i:Letter)\s)|"
    # A blog post's title, then its dash: "Government chaos on metal theft - Letter to X".
    rf"[^\n]{{3,100}}?\s[–—-]\s+(?=(?-i:Letter)\s+(?-i:to|from)\s))?"
    rf"(?:[A-Z][\w()/.\- ]{{0,18}}:\s+)?(?:(?:appendix|annex)\s+[\w.]+\s*[:.\-–]?\s*)?"
    # "Text of letter to X", "Full text of my letter to X", "Copy of the letter from X".
    # "THIS is an OPEN letter to Jo Doe, MP."
    r"(?:(?:(?:this|here)\s+is|here['’]s)\s+(?=an?\s+(?:open\s+)?letter\s))?"
    r"(?:(?:the\s+)?(?:full\s+)?(?:text|copy)\s+of\s+(?:my\s+|our\s+)?)?(?:an?\s+|the\s+)?"
    r"(?:following\s+)?"
    r"(?:(?:further|first|second|third|fourth|fifth|final|follow-up)\s+)?"
    # A committee's published evidence: "Further supplementary memorandum submitted by X",
    # "Written evidence from X (ABC 30)".
    # Or its "Supplementary information submitted by the Home Office".
    # "Letter and memorandum from X": two kinds.
    rf"(?:(?:(?:supplementary\s+)?(?:written\s+)?(?:{_KIND}|evidence)(?:\s+and\s+{_KIND}|"
    r"\s+of\s+(?:support|thanks|complaint|objection|concern))?|"
    r"(?<=further\s)information|(?:supplementary|additional)\s+information)\s+(?:submitted\s+)?)"
    # "Letter dated 25 May 2000 from the Chairman ...", "Letter of 20 May 2009 from ...".
    r"(?:(?:dated|of)\s+\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}\s+)?"
    # "Open letter sent to Prime Minister", "The following letter was sent by X to Y".
    r"(?:(?:below\s+)?(?:was|is|has\s+been)\s+sent\s+(?=by\s)|sent\s+(?=(?:to|by)\s))?"
    r"(?P<first>from|to|by)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# "Louise Ellman letter to transport secretary X: in full", "Jo Doe's letter to Y about Z".
# A word of a name, its possessive left out ("Jeff’s letter to Ofgem": Jeff); no colon, which
# ends a page title's topic ("Pre-Appointment Hearings: Further Government Response to ...").
_TITLE_WORD = r"(?:[A-ZÀ-ÖØ-Þ](?:(?!['’]s\s)[^\s:])*|of|the|and|for|de|van|von|le|la|&|[–—-])"
#: Words that say which of several letters a heading names, not who wrote it ("First HS2
#: letter to X", "Second letter to X").
_WHICH_LETTER = (
    r"(?!(?:First|Second|Third|Fourth|Fifth|Further|Final|Latest|Another|New|Joint|Recent|"
    r"Follow-up|Original|Earlier|Previous)\b)"
)
_NEWS_LEAD = (
    r"(?i:(?:here\s+is|in\s+full|read\s+in\s+full|full\s+text|(?:[\w'’]+\s+){0,5}the\s+full\s+text"
    r"\s+of|text\s+of)\s*:?\s+)"
)
_PARTY_THEN_LETTER = re.compile(
    # A page's label in capitals may stand first ("READ IN FULL: Jo Doe's letter to X").
    # "Theresa May's Brexit letter to X": a topic may stand between the possessive and the kind.
    # Or a news page's lead-in: "Here is ...", "In full: ...", "the full text of ...".
    rf"^(?:[A-Z][A-Z ]{{2,30}}:\s+)?{_NEWS_LEAD}?{_WHICH_LETTER}(?P<who>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,7}}?)"
    r"(?:['’]s(?:\s+[\w\-]+){0,2}?)?"
    # "Jo Doe – 2022 Letter to X": the letter's year between its writer and its kind.
    r"(?:\s+[–—-]\s+(?:19|20)\d\d)?\s+(?i:open\s+)?"
    rf"(?i:{_KIND})\s+(?i:to)\s+(?P<rest>.+)$",
)
_HAS_WRITTEN_TO = re.compile(
    # The writer is named within one sentence: not "I refer to ... an apology. When my
    # Deputy wrote to Jo Doe" (a word ending a sentence is not a title's "Mrs." or "Hon.").
    r"^(?:[A-Z][A-Z ]{2,30}:\s+)?(?!(?i:you|we|he|she|they|it|i)\s)(?P<who>[A-Z](?:(?![a-z]{4}[.!?]\s)[^\n]){2,160}?),?\s+(?i:(?:has|have)\s+(?:today\s+|now\s+|"
    r"also\s+|this\s+week\s+)?written|writes|wrote|responds|replies)"
    # "has written an open letter to", "wrote a joint letter to"
    r"(?:\s+(?:an?\s+)?(?:open\s+|joint\s+)?letter)?\s+to\s+(?P<rest>(?:the\s+)?"
    r"(?:newly\s+appointed\s+|new\s+|incoming\s+)?"
    # An office written in lower case by the press ("written to the prime minister").
    r"(?:[A-Z][^,.;:\n]{2,80}?|(?:prime\s+minister|chancellor|(?:home|foreign|health|transport|"
    r"education|justice|defence|business)\s+secretary)\b[^,.;:\n]{0,80}?))"
    r"(?=\s+(?:to|about|on|over|asking|urging|calling|demanding|and|today|this|after|following|"
    r"expressing|raising|seeking|warning|saying|setting)\b|[,.;:]|$)"
)
#: A page's intro by the one who received the letter below it: "Following last week's
#: debate, I received an update from GWR's Managing Director, Mark Hopwood." Read only
#: above a greeting (``layout``), where it introduces the letter.
RECEIVED_FROM = re.compile(
    r"^(?:[^\n]{0,120}?,\s+)?(?:I|we)\s+(?:have\s+)?(?:now\s+)?(?:received|had)\s+"
    r"(?:an?\s+|the\s+following\s+)?(?:update|letter|reply|response|e-?mail)\s+from\s+"
    r"(?P<who>[^.\n]{3,120}?)(?:\.(?:\s|$)|\s+(?:about|regarding|on|in\s+response)\b|$)"
)
_POSSESSIVE_REPLY = re.compile(
    rf"^(?P<who>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,4}}?)['’]s\s+(?i:(?:open\s+)?(?:reply|response|"
    r"letter))\s*$"
)
_CORRESPONDENCE = re.compile(r"^correspondence\s+(?:between|with|from)\b", re.IGNORECASE)
# "Wes Streeting MP to Sir David Norgrove – school funding statistics" (a page naming a letter).
_PARTY_TO_PARTY = re.compile(
    # Not a page's title "Topic: Subtitle to the Committee's Report - Committee".
    r"^(?P<who>[A-ZÀ-ÖØ-Þ][^\n:]{2,70}?)\s+to\s+(?P<rest>[A-ZÀ-ÖØ-Þ][^\n]{2,90}?)"
    r"(?:\s*(?:[–—]|\s-|(?<=\w)-)\s+\S"
    # "Dame Jo Doe to Ivo Roe MP: 24 August": the parties, then the letter's date.
    r"|:\s+\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+)"
)
# "Jo Doe, Director General, Office for X to Sam Roe, Chief Statistician, Y" (a page naming a
# letter by its two parties, each a name and a role, with no topic after them).
_NAME_ROLE_TO_NAME = re.compile(
    r"^(?P<who>(?P<name>[A-ZÀ-ÖØ-Þ][\w.'’\-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’\-]*){1,3}),\s+"
    r"(?P<role>[^\n]{2,120}?))\s+to\s+"
    r"(?P<rest>[A-ZÀ-ÖØ-Þ][\w.'’\-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’\-]*){1,3},\s+[^\n]{2,120})$"
)
#: A letter printed with no greeting that opens by naming its addressees as MPs: "WE are
#: writing to MPs Kris Hopkins and Philip Davies because ...".
_WRITING_TO_MPS = re.compile(
    r"^(?i:we\s+are|i\s+am)\s+writing\s+to\s+(?:(?i:our|my|the)\s+)?(?:(?i:local)\s+)?(?i:mps?)\s+"
    r"(?P<rest>[A-Z][\w'’\-]+\s+[A-Z][\w'’\-]+)(?=\s+(?:and|because|to|about|,)\b|[,.]|\s*$)"
)
_SENT_TO = re.compile(
    r"^sent\s+(?:by\s+e-?mail\s+|by\s+post\s+)?to\s+(?P<rest>[^\n]{3,120})$", re.I
)
# Where a heading's party phrase stops and the topic starts.
_TOPIC_CUT = re.compile(
    r"\s*[–—]\s*|\s+-\s+|(?<=\bMP)-\s+|:\s+|\s+(?:regarding|concerning|about|re:?|in\s+response\s+to|"
    r"following)\s+|(?<!committee)(?<!commission)(?<!inquiry)\s+on\s+(?!behalf)|"
    # A clause after the party: "X, Conservative candidate, indicating his support for".
    r",\s+(?!acting\b)(?-i:[a-z]+ing)\s|"
    # ... or with no comma: "to Labour MPs announcing the concessions".
    r"(?<=[a-z'’])\s+(?!acting\b|during\b)(?-i:[a-z]{2,}ing)\s+(?-i:[a-z\"“‘])|"
    # A news sentence goes on after the party: "to the Prime Minister has been criticised".
    r"\s+(?-i:has|have|had|is|was|were|contains|says|said)\s+(?-i:[a-z])|"
    # A date in figures after the party: "to Jo Doe MP dated 27/3/1987."
    r"\s+dated\s+(?=\d)|"
    # The party's own letter: "In reply to Jo Doe's letter of 6th September".
    r"['’]s\s+(?:letter|e-?mail|correspondence)\b",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    # "Her Majesty's Chief Inspector of Schools", "HM Chief Inspector of Prisons": an office.
    r"^(?:the\s+)?(?:(?:her|his)\s+majesty['’]s\s+|hm\s+(?=chief|inspector|senior|principal))?"
    r"(?:madam\s+|mr\.?\s+)?(?:(?:deputy|acting|interim|joint|co-?)\s*)?(?:chair(?:man|men|woman|person)?s?|"
    r"(?:chief\s+)?inspector(?:\s+general)?|"
    r"chief\s+executive(?:\s+officer)?s?|co-?ceos?|ceos?|director(?:\s+general)?|"
    r"(?:parliamentary\s+|permanent\s+)?(?:under[\s\-]+)?secretar(?:y|ies)(?:\s+of\s+state)?|minister|"
    r"prime\s+minister|chancellor|lord\s+(?:high\s+)?chancellor|lord\s+privy\s+seal|"
    r"lord\s+president|leader|president|(?:parliamentary\s+)?(?:commissioner|ombudsman)|head|"
    r"clerk|permanent\s+secretary|"
    r"home\s+secretary|foreign\s+secretary|attorney\s+general|solicitor\s+general|speaker|"
    r"(?:\w+\s+)?secretary|governor|registrar|mayor|convener|parliamentary\s+candidate|"
    r"mp|member\s+of\s+parliament|(?:the\s+)?(?:our|my)\s+mp)\b",
    re.IGNORECASE,
)
#: "to" between a heading's two parties; not inside an office whose name goes on "to the
#: Treasury" ("Chief Secretary to the Treasury", "Adviser to the Prime Minister"): "Jo Doe MP
#: to the Prime Minister" is two parties.
_SPLIT_TO = re.compile(
    r"(?<!\bsecretary)(?<!\badviser)(?<!\badvisor)(?<!\bclerk)(?<!\bcounsel)(?<!\bassistant)"
    r"(?<!\benvoy)(?<!\bspokesman)(?<!\bspokesperson)(?<!\baide)(?<!\bsecretaries)"
    # "The reply from X received by Mrs Y on May 19th": Y is whom it went to.
    r"\s+(?:(?:received|sent)\s+(?:by|to)\s+|to\s+(?!the\s+(?:board|house)\b))"
    # "Letter from the Foreign Secretary to the Chairman of the X Committee": a committee's
    # chair is the other party, not the secretary's principal.
    r"|(?<=secretary)\s+to\s+(?=the\s+chair(?:man|woman|person)?\s+of\s)",
    re.IGNORECASE,
)
_SPLIT_FROM = re.compile(r"\s+from\s+", re.IGNORECASE)
_PERIOD_FROM = re.compile(r"(?i)\b(?:from|since|until|till)\s+$")
_DATED = re.compile(r"(?:,?\s*\b(?:dated|of|on)\b)?[\s,]*(?:\d{1,4}\s*)?$", re.IGNORECASE)
_EVIDENCE_CODE = re.compile(  # and a footnote's mark: "Lord Doe (LR 32)[11]"
    r"(?:\s*(?:\([A-Z]{2,8}\s*\d{1,4}[a-z]?\)|\[[A-Z]{2,12}[.\s]?\d{1,4}[a-z]?\]|\[\d{1,3}\]|"
    r"\((?i:continued|cont(?:['’]?d)?\.?)\)))+\s*$"
)
_OUR_MP = re.compile(r"^(?:the\s+)?(?:our|my)\s+(?:local\s+)?mp\b", re.IGNORECASE)
#: A place's MP, as a newspaper's heading names them: "Copeland MP", "Bury St Edmunds MP".
_PLACE_MP = re.compile(r"^(?:the\s+)?(?P<place>[A-Z][\w'’\-]+(?:\s+[A-Za-z][\w'’\-]+){0,4})\s+MP$")
#: The roles that head a body ("Chief Executive", "Deputy Chairman").
_HEAD = (
    r"(?:deputy\s+|acting\s+|interim\s+|joint\s+)?(?:chair(?:man|men|woman|person)?s?|"
    r"chief\s+executive(?:\s+officer)?|ceo|director(?:\s+general)?|head|president|governor|"
    r"convener|clerk|vice[\s\-]+chancellor|principal"
)
_HEADS_AN_ORG = re.compile(rf"(?i)^{_HEAD})\s+of\b")
#: A head's office anywhere in a role ("Chief Executive of", "Working Age Services Director of").
_HEAD_OF = re.compile(rf"(?i)\b{_HEAD})\s+of\b")
_HEADS_A_BODY = re.compile(
    r"(?i)\b(?:chief\s+executive(?:\s+officer)?|chair(?:man|woman|person)?|president|"
    r"director[\s\-]+general|managing\s+director|secretary[\s\-]+general|chief\s+constable|"
    r"governor|vice[\s\-]+chancellor|principal)\s*$"
)
_OF_ORG = re.compile(r"\s+of\s+(?:the\s+)?(?P<org>.+)$", re.IGNORECASE)


def read_cover(view: str, lines: Sequence[tuple[int, int]]) -> Cover:
    """The facts in the heading lines ``lines`` (offsets into ``view``), first ones first.

    A heading broken over lines is one span; its line breaks are read as spaces.
    """
    if any("\n" in view[a:b] for a, b in lines):
        view = view.replace("\n", " ")
    sender: Party | None = None
    recipient: Party | None = None
    date: DateMatch | None = None
    committee: str | None = None
    committee_span: Span | None = None
    spans: list[Span] = []
    for start, end in lines:
        published = publication_committee(view, start, end) if committee is None else None
        if published is not None:
            committee, committee_span = published
            spans.append((start, end))
            continue
        text = view[start:end]
        glued = GLUED_RUNNING_HEAD.match(text)
        if glued is not None:
            # "Home AffairsWritten evidence submitted by X": a PDF's running head run into
            # the heading; the heading starts after it.
            head = glued.group("head")
            if committee is None and head.endswith(" Committee"):
                committee, committee_span = head, (start, start + len(head))
            start += glued.end("head")
        found = _heading_parties(view, start, end)
        if found is None:
            continue
        got_sender, got_recipient, got_date = found
        spans.append((start, end))
        sender = _fuller(sender, got_sender, writer=True)
        recipient = _fuller(recipient, got_recipient)
        date = date or got_date
    return Cover(sender, recipient, date, committee, committee_span, tuple(spans))


def _fuller(first: Party | None, later: Party | None, *, writer: bool = False) -> Party | None:
    """The first heading's party, unless it named only an office or a body a later heading
    names with a person ("Letter from the Leader of the House", then "Letter from Lord True,
    Leader of the House to ..."); a body is given up for a person only for the ``writer``."""
    if first is None:
        return later
    if (
        later is not None
        and first.name is None
        and later.name is not None
        and first.role
        and later.role
        and first.role.lower() in later.role.lower()
    ):
        return later
    if (
        later is not None
        and first.name is not None
        and later.name is not None
        and not (first.role or first.org)
        and (later.role or later.org)
        and same_person(first.name.name, later.name.name)
    ):
        return later  # "Jo Doe - Letter to X", then "sent by Jo Doe, the Permanent Secretary"
    if writer and later is not None and first.name is None and not first.role and later.name:
        # "Written evidence submitted by Home Office", then "Letter from Jo Doe MP,
        # Minister for X": the minister, writing for that body.
        if later.org is None and first.org is not None:
            return replace(later, org=first.org, org_span=first.org_span)
        return later
    return first


HEADING_START = re.compile(
    r"^(?:(?:appendix|annex)\s+[\w.]+\s+)?(?:letter|memorandum|reply|response)(?:\s+(?:from|to)\b.*)?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def is_heading(text: str) -> bool:
    """A line that names a letter rather than being part of it (cached: asked several times
    for each of a letter's first lines)."""
    return bool(
        NAMED_LETTER.match(text)
        or (_PARTY_THEN_LETTER.match(text) and len(text) < 200)
        or (_POSSESSIVE_REPLY.match(text) and len(text) < 80)
        or _HAS_WRITTEN_TO.match(text[:400])
        or _SENT_TO.match(text)
        or ("writing" in text[:20].lower() and _WRITING_TO_MPS.match(text) is not None)
        or _CORRESPONDENCE.match(text)
        or (_PARTY_TO_PARTY.match(text) and len(text) < 180 and _names_a_party(text))
        or is_publication(text)
        or _name_role_to_name(text) is not None
        or (
            (glued := GLUED_RUNNING_HEAD.match(text)) is not None
            and is_heading(text[glued.end() :])
        )
    )


def _name_role_to_name(text: str) -> re.Match[str] | None:
    """``_NAME_ROLE_TO_NAME`` where the writer's role is a role and both names are names."""
    if len(text) > 260 or " to " not in text:
        return None
    match = _NAME_ROLE_TO_NAME.match(text)
    if match is None or not _ROLE_WORDS.match(match.group("role")):
        return None
    recipient = match.group("rest").partition(",")[0]
    if clean_name(match.group("name")) is None or clean_name(recipient) is None:
        return None
    return match


_ANSWERED_LETTER = re.compile(
    r"(?i)(?:(?:your|the|a|my|our|their)\s+)?(?:recent\s+|joint\s+)?(?:letter|e-?mail|"
    r"correspondence)s?\s+from\s+(?=\S)"
)


def _heading_parties(
    view: str, start: int, end: int
) -> tuple[Party | None, Party | None, DateMatch | None] | None:
    text = view[start:end]
    date = next(iter_full_dates(view, start, end), None) or glued_date(view, start, end)
    body_end = date.start - start if date is not None else len(text)
    if date is not None and _PERIOD_FROM.search(view, max(start, date.start - 8), date.start):
        date = None  # "... on timetable changes from 9th December 2018": not the letter's date
    named = NAMED_LETTER.match(text)
    if named:
        rest_at = named.start("rest")
        # "Letter dated 25 May 2000 from X": a date before the parties does not end them.
        rest = text[rest_at : body_end if body_end > rest_at else len(text)]
        first = named.group("first").lower()
        answered = _ANSWERED_LETTER.match(rest) if first == "to" else None
        if answered is not None:
            # "Response to letter from Midlands MPs": the reply goes to who wrote that letter.
            at = start + rest_at + answered.end()
            return None, parse_party(view, at, start + rest_at + len(rest)), date
        if first in ("from", "by"):
            a, b = _split(rest, _SPLIT_TO)
            sender = parse_party(view, start + rest_at, start + rest_at + len(a))
            recipient = (
                parse_party(view, start + rest_at + b[0], start + rest_at + b[1]) if b else None
            )
        else:
            a, b = _split(rest, _SPLIT_FROM)
            recipient = parse_party(view, start + rest_at, start + rest_at + len(a))
            sender = (
                parse_party(view, start + rest_at + b[0], start + rest_at + b[1]) if b else None
            )
        return sender, recipient, date
    pair = _PARTY_TO_PARTY.match(text) if len(text) < 180 and _names_a_party(text) else None
    if pair is not None and not NAMED_LETTER.match(text):
        sender = parse_party(view, start + pair.start("who"), start + pair.end("who"))
        recipient = parse_party(view, start + pair.start("rest"), start + pair.end("rest"))
        return sender, recipient, date
    parties = _name_role_to_name(text)
    if parties is not None:
        sender = parse_party(view, start + parties.start("who"), start + parties.end("who"))
        recipient = parse_party(view, start + parties.start("rest"), start + parties.end("rest"))
        return sender, recipient, date
    to_mps = _WRITING_TO_MPS.match(text)
    if to_mps is not None:
        recipient = parse_party(view, start + to_mps.start("rest"), start + to_mps.end("rest"))
        if recipient is not None:
            recipient = replace(recipient, had_mp=True)
        return None, recipient, date
    sent_to = _SENT_TO.match(text)
    if sent_to:
        at = start + sent_to.start("rest")
        return None, parse_party(view, at, start + body_end), date
    then_letter = _PARTY_THEN_LETTER.match(text)
    if then_letter and len(text) < 200:
        who = then_letter.group("who")
        who_end = start + then_letter.end("who")
        # "School Funding - Letter to our MP": a topic, then the heading.
        dash = re.search(r"\s[–—-](?:\s|$)", who)
        who_start = start + then_letter.start("who") + (dash.end() if dash else 0)
        sender = parse_party(view, who_start, who_end) if not dash else None
        rest_at = then_letter.start("rest")
        recipient = parse_party(view, start + rest_at, start + body_end)
        return sender, recipient, date
    written = _HAS_WRITTEN_TO.match(text[:400])
    if written is not None:
        # "Yvette Cooper, Shadow Home Secretary, has today written to the Prime Minister ...":
        # a news page's lead naming the letter's parties (the first of several writers).
        who_end = start + written.end("who")
        # "X, and mayor of London, Y": a comma before "and" parts writers in lower case too.
        several = re.search(r",?\s+and\s+(?=[A-Z])|,\s+and\s+(?=[a-z])", written.group("who"))
        if several is not None:
            who_end = start + written.start("who") + several.start()
        sender = parse_party(view, start + written.start("who"), who_end)
        recipient = parse_party(view, start + written.start("rest"), start + written.end("rest"))
        return sender, recipient, date
    received = RECEIVED_FROM.match(text) if len(text) < 300 else None
    if received is not None:
        return (
            parse_party(view, start + received.start("who"), start + received.end("who")),
            None,
            date,
        )
    possessive = _POSSESSIVE_REPLY.match(text) if len(text) < 80 else None
    if possessive is not None:
        # "Mr Hunt’s Reply": whose reply the page holds.
        sender = parse_party(view, start + possessive.start("who"), start + possessive.end("who"))
        return sender, None, date
    return None


def _names_a_party(text: str) -> bool:
    """A heading's writer is a person (with "MP" or a title) or an office, not a phrase."""
    who = text.split(" to ", 1)[0]
    return bool(
        re.search(r"\bMP\b|^(?:Sir|Dame|Lord|Baroness|Rt\s+Hon|Mr|Mrs|Ms|Dr|Professor)\b", who)
        or _ROLE_WORDS.match(who)
        # A body by its initials ("SSAC to Secretary of State for Work and Pensions: ...").
        or re.fullmatch(r"[A-Z]{2,8}", who)
    )


def _split(rest: str, splitter: re.Pattern[str]) -> tuple[str, tuple[int, int] | None]:
    """The phrase before the splitter, and where the one after it lies (relative to ``rest``)."""
    cut = splitter.search(rest)
    if cut is None:
        return rest, None
    return rest[: cut.start()], (cut.end(), len(rest))


_MPS = re.compile(r"\bMP(?:s|['’]s)$")
#: Members described by a sentence, not named as a group: a count, a possessive, an adverb
#: ("Now three of the city's four MPs", "two local MPs").
_DESCRIBED_GROUP = re.compile(
    r"(?i)^(?:now|today|yesterday|meanwhile|also)\b|\b(?:two|three|four|five|six|seven|eight|"
    r"nine|ten|dozen|several|\d+)\b|['’]s\b"
)
_IN_FULL = re.compile(r"(?i)\s+in\s+full\s*:?$")
#: A person's title before a name in a heading.
_PERSON_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+"
_NAME_OF_BODY = re.compile(
    rf"^(?P<name>(?:{_PERSON_TITLE})?[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){{1,3}})"
    r"\s+of\s+(?:the\s+)?(?P<org>[A-Z].{2,80})$"
)
_TITLE_THEN_ONE_NAME = re.compile(
    rf"^(?:{_PERSON_TITLE}|(?:Councillor|Cllr)\.?\s+)(?P<name>[A-ZÀ-ÖØ-Þ][^\W\d_]+"
    r"(?:[\-'’][A-ZÀ-ÖØ-Þ][^\W\d_]+)?)$"
)

_BODYS_OFFICE = re.compile(
    r"^(?P<org>[A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,4})(?:['’]s|(?<=s)['’])\s+(?P<role>[A-Z].+)$"
)
_THEN_OR_NOW = re.compile(r"(?i)(?:the\s+)?(?:then|now|at\s+the\s+time)\s+(?=[A-Z])")
_TIME_OPENING = re.compile(
    r"(?i)(?:on|in|at|by|since|during|after|before|following|last|this|yesterday|today|earlier)\b"
)
#: Words that stand for no party: a determiner ("My email to ...") or a preposition left by
#: a lead's "In reply to Jo Doe's letter".
_DETERMINERS = frozenset("my our your his her their its this that a an the in on at".split())
#: A plural's possessive alone ("Charities'", "Residents’"): a group, no body's name.
_GROUPS_OWN = re.compile(r"[A-Z][a-z]+s['’]")


def parse_party(view: str, start: int, end: int) -> Party | None:
    """A party phrase: "the Rt Hon Tessa Jowell MP, Secretary of State for X", "the Chairman"."""
    phrase = view[start:end]
    cut = _TOPIC_CUT.search(phrase)
    if cut is not None and cut.end() - cut.start() >= 3 and cut.group().strip() in ("-", "–", "—"):
        after = phrase[cut.end() :]
        if is_role_line(after.strip()):
            # "Rt Hon Jo Doe - Secretary of State for Transport": the party's office after a
            # dash, read as after a comma (as long as the dash, so every offset stays put).
            padding = " " * (cut.end() - cut.start() - 2)
            phrase = f"{phrase[: cut.start()]}{padding}, {after}"
            cut = _TOPIC_CUT.search(phrase, cut.end())
    if cut is not None:
        phrase = phrase[: cut.start()]
    # A committee's code for a piece of evidence after its writer ("the X Commission (ABC
    # 30)", "X, 9 January 2006 [ABC.27]"), or a heading's "(continued)".
    phrase = _EVIDENCE_CODE.sub("", phrase)
    phrase = _DATED.sub("", phrase).strip(" ,.;:")
    if not phrase or phrase.lower() in _DETERMINERS or _GROUPS_OWN.fullmatch(phrase):
        # "My email to Jo Doe MP": the page's own writer, who is not named; "In reply to Jo
        # Doe's letter": no writer at all; "Charities' letter to ...": a group, not a body
        return None
    lead = len(view[start:end]) - len(view[start:end].lstrip())
    origin = start + lead
    phrase = phrase.strip()
    if _OUR_MP.match(phrase):
        return Party(role="MP", role_span=(origin, origin + len(phrase)), had_mp=True, our_mp=True)
    if phrase.endswith(" MP") and (by_place := _PLACE_MP.match(phrase)) is not None:
        place = by_place.group("place")
        if place in gazetteer() or member_by_constituency(place, None) is not None:
            # "Copeland MP writes to ...": a newspaper names the MP by the seat's place.
            return Party(role="MP", role_span=(origin, origin + len(phrase)), had_mp=True)
    head, comma, tail = phrase.partition(", ")
    head_name = clean_name(head)
    if head_name is not None and not _ROLE_WORDS.match(head):
        # "Lord Jo Doe, who chaired this item of business, to ...": a clause about them.
        role = tail.strip() if comma and not _RELATIVE_CLAUSE.match(tail) else None
        return _party(origin, head_name, role, origin + len(head) + len(comma) if role else None)
    if comma:
        tail_name = clean_name(tail)
        if tail_name is not None:
            at = origin + len(head) + len(comma)
            if _TIME_OPENING.match(head):
                # "On Monday 9th October, Jo Doe MP and I wrote to ...": when, not an office.
                return _party(at, tail_name, None, None)
            party = _party(at, tail_name, head, origin)
            whose = _BODYS_OFFICE.match(head)
            if whose is not None and party.role == head and is_role_line(whose.group("role")):
                # "GWR's Managing Director, Mark Hopwood": the body, then its office.
                return Party(
                    name=party.name,
                    name_span=party.name_span,
                    role=whose.group("role"),
                    role_span=(origin + whose.start("role"), origin + whose.end("role")),
                    org=whose.group("org"),
                    org_span=(origin, origin + whose.end("org")),
                    had_mp=party.had_mp,
                )
            return party
    # A name, then the body it is of: "Mr Duncan Wiggetts of Herbert Smith Solicitors".
    of_body = _NAME_OF_BODY.match(phrase)
    if of_body is not None:
        named = clean_name(of_body.group("name"))
        if named is not None and proper_name(of_body.group("org")):
            org_at = origin + of_body.start("org")
            party = _party(origin, named, None, None)
            return Party(
                name=party.name,
                name_span=party.name_span,
                org=of_body.group("org"),
                org_span=(org_at, org_at + len(of_body.group("org"))),
                had_mp=party.had_mp,
            )
    words = phrase.split()
    # A name, then a role with no comma: "Tracy Brabin Mayor of West Yorkshire".
    for size in (2, 3):
        if len(words) > size + 1 and is_role_line(" ".join(words[size:])):
            name = clean_name(" ".join(words[:size]))
            if name is not None and not _ROLE_WORDS.match(" ".join(words[:size])):
                role = " ".join(words[size:])
                return _party(origin, name, role, origin + phrase.find(role, len(name.name)))
    # A role, then a name: "transport secretary Patrick McLoughlin", "Parliamentary
    # Candidate Zöe Franklin's".
    for size in (2, 3):
        if len(words) <= size:
            break
        if size == 3 and words[-3].lower().strip(".,") in _ROLE_TOKENS:
            break
        candidate = re.sub(r"['’]s$", "", " ".join(words[-size:]))
        name = clean_name(candidate)
        if name is None:
            continue
        if size == 2 and len(words) > 2 and _could_extend(words[-3]):
            longer = clean_name(re.sub(r"['’]s$", "", " ".join(words[-3:])))
            if longer is not None:
                name, size = longer, 3
        role = " ".join(words[:-size])
        at = origin + phrase.rfind(" ".join(words[-size:]))
        return _party(at, name, role, origin)
    role_match = _ROLE_WORDS.match(phrase)
    if role_match:
        role = phrase[len("the ") :] if phrase.lower().startswith("the ") else phrase
        role_at = origin + (4 if phrase.lower().startswith("the ") else 0)
        org = None
        org_span = None
        of_org = _OF_ORG.search(role) if _HEADS_AN_ORG.match(role) else None
        if of_org and not re.match(r"(?i)(?:the\s+)?committee$", of_org.group("org")):
            org = of_org.group("org").strip()
            org_at = role_at + of_org.start("org")
            org_span = (org_at, org_at + len(org))
        elif _body_after_role(role):
            # "the Permanent Under-Secretary of State, FCO": the role, then the body.
            head, _comma, org = role.rpartition(", ")
            org_span = (role_at + len(head) + 2, role_at + len(role))
            role = head
        had_mp = bool(re.search(r"\bMP\b", role))
        return Party(
            role=role,
            role_span=(role_at, role_at + len(role)),
            org=org,
            org_span=org_span,
            had_mp=had_mp,
        )
    name = clean_name(phrase)
    if name is not None:
        return _party(origin, name, None, None)
    if " " not in phrase and is_given_name(phrase):
        # "Jeff’s letter to Ofgem": a person by a given name alone, not a body.
        return _party(origin, CleanName(phrase, 0, len(phrase), False), None, None)
    phrase = _IN_FULL.sub("", phrase)  # "... letter to Conservative MPs in full:"
    if _MPS.search(phrase):
        # "Midlands MPs", "All MPs": Members as a group, no one's name and no body. A news
        # sentence's description of them ("Now three of the city's four MPs") is no office.
        if _DESCRIBED_GROUP.search(phrase):
            return Party(had_mp=True)
        return Party(role=phrase, role_span=(origin, origin + len(phrase)), had_mp=True)
    titled = _TITLE_THEN_ONE_NAME.match(phrase)
    if titled is not None:
        # "HSBC reply to Sir George": a person by a title and one name, not a body.
        one = titled.group("name")
        return _party(origin + titled.start("name"), CleanName(one, 0, len(one), False), None, None)
    # An organisation writing ("Update from National Highways", "Written evidence from the
    # Electoral Commission").
    named_body = phrase[:4].lower() == "the " and names_a_body(phrase[4:])
    if (phrase[:1].isupper() or named_body) and len(phrase.split()) <= most_words(phrase):
        org = re.sub(r"(?i)^the\s+", "", phrase)
        if org.endswith(BARE_OFFICE_WORDS) and is_role_line(org):
            # "Council Leader's letter", "KCC Leader writes": an office, not a body's name
            # (the body is better read from the letter's own words).
            return Party(
                role=org, role_span=(origin + len(phrase) - len(org), origin + len(phrase))
            )
        if org[:2] in ("A ", "An") and re.match(r"An?\s+[a-z]", org):
            return None  # "A coalition of organisations ... has written": described, unnamed
        if org.lower() in _DOCUMENT_WORDS or _NO_BODY.match(org) or org.endswith(BARE_OFFICE_WORDS):
            # "Response to SWR Consultation ...", "What Jo Wrote", "Today I": no body's name
            return None
        if org.isupper():
            # A heading in capitals: the registry's casing of a body it knows, else each word
            # capitalised (short ones may be initials: "HMRC"), its small words in lower case.
            known = find_known_org(org)
            if known is not None and known.name.lower() == org.lower():
                org = known.name  # the same words, as the registry writes them
            else:
                org = " ".join(
                    w.lower()
                    if w.lower() in TITLE_SMALL_WORDS
                    else w
                    if len(w) <= 4
                    else w.capitalize()
                    for w in org.split()
                )
                org = re.sub(r"['’]S\b", "'s", org)
        return Party(org=org, org_span=(origin + len(phrase) - len(org), origin + len(phrase)))
    return None


#: A page title's question ("What Jo Wrote to ...") or its writer's own voice ("Today I").
_NO_BODY = re.compile(r"(?:What|How|Why)\s|.*\b(?:I|we|We)$")
#: An office named with its body's initials ("KCC Leader"), the last word the office.
BARE_OFFICE_WORDS = (" Leader", " Chair", " Chairman", " Mayor", " Commissioner", " Director")
#: What a heading's "X to Y" may name instead of a writer: the document itself.
_DOCUMENT_WORDS = frozenset(
    "response reply submission letter memorandum note evidence comments statement objection "
    "representations".split()
)
#: A clause about a party, not their office ("Lord Doe, who chaired the meeting, to ...").
_RELATIVE_CLAUSE = re.compile(r"(?i)(?:who|whose|which)\s")

_ROLE_TOKENS = frozenset(
    """candidate secretary minister chairman chair chairwoman executive officer director mp
    member spokesperson spokesman leader mayor councillor commissioner president clerk
    chancellor general whip ceo co-ceo co-ceos adviser advisor head governor""".split()
)


def _could_extend(word: str) -> bool:
    """A word before a two-word name that belongs to it ("Robert" in "Robert B. Jones")."""
    bare = word.strip(".,")
    return (
        bool(bare[:1].isupper())
        and bare.lower() not in _ROLE_TOKENS
        and (len(bare) == 1 or bare[1:].islower())
    )


def _party(at: int, name: CleanName, role: str | None, role_at: int | None) -> Party:
    role = role.strip(" ,") if role else None
    # "Tony Wright, MP, Chairman of the X Committee": "MP" marks the name, then the role.
    lead_mp = re.match(r"(?i)m\.?p\.?,\s+(?=\S)", role) if role else None
    if role and lead_mp and role_at is not None:
        role, role_at = role[lead_mp.end() :], role_at + lead_mp.end()
    had_mp = name.had_mp or bool(lead_mp) or bool(role and re.fullmatch(r"(?i)m\.?p\.?", role))
    if role and role.lower().startswith("the ") and role_at is not None:
        role, role_at = role[4:], role_at + 4
    if role and role_at is not None and (when := _THEN_OR_NOW.match(role)) is not None:
        # "Jo Doe MP, then Minister of State for X": the office held then, named.
        role, role_at = role[when.end() :], role_at + when.end()
    if role and re.fullmatch(r"(?i)mp|m\.p\.", role):
        role = None
    elif role and all(w.strip(".").upper() in POSTNOMINALS for w in role.replace(",", " ").split()):
        role = None  # "the Lord Irvine of Lairg, QC": letters after a name, no office
    org = org_span = None
    if role and role_at is not None:
        if _body_after_role(role):
            # "Gill Eastabrook, Chief Executive, Statistics Commission": the role, then the body.
            head, _comma, org = role.rpartition(", ")
            org_span = (role_at + len(head) + 2, role_at + len(role))
            role = head
        elif _HEAD_OF.search(role):
            # "the Acting Chief Executive of the War Pensions Agency, Mr. Jo Doe", "the Working
            # Age Services Director of the Benefits Agency, Mr Jo Doe".
            of_org = _OF_ORG.search(role)
            # (A committee stays in the role: "Chair of the Liaison Committee" says whose chair.)
            # A body's head ("Chief Executive of the Football Association") heads a body
            # whatever its name; another office's "of" may be a field ("Director of Early
            # Years"), so there the name must say it is a body.
            named = of_org.group("org").strip() if of_org else ""
            if (
                of_org
                and not re.search(r"(?i)\bcommittee\b", named)
                and (
                    names_a_body(named)
                    or (_HEADS_A_BODY.search(role[: of_org.start()]) and proper_name(named))
                )
            ):
                org = of_org.group("org").strip()
                org_at = role_at + of_org.start("org")
                org_span = (org_at, org_at + len(org))
                role = role[: of_org.start()].strip()
    role_span = (role_at, role_at + len(role)) if role and role_at is not None else None
    return Party(
        name=name,
        name_span=(at + name.start, at + name.end),
        role=role or None,
        role_span=role_span,
        org=org,
        org_span=org_span,
        had_mp=had_mp,
    )


def _body_after_role(role: str) -> bool:
    """Whether ``role`` ends ", BODY": a role that heads a body, then the body's name
    ("Chief Executive, Statistics Commission"; "Director General for Regulation, Office for
    X", qualified), or any role, then a body the registry knows ("Minister of State, Home
    Office"). A House is where a member sits, not a body they write for: "Chief Whip, House
    of Lords" stays a role."""
    head, comma, tail = role.rpartition(", ")
    if not comma:
        return False
    if _HEADS_ROLE.match(head) and names_a_body(tail):
        return True
    known = find_known_org(tail)
    return (
        known is not None
        and known.end - known.start == len(tail)
        and known.name not in LEGISLATURES
    )


#: A role that heads a body, written before the body's name after a comma.
_HEADS_ROLE = re.compile(rf"(?i){_HEAD}|secretary|registrar|commissioner|ombudsman)")
