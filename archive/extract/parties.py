"""Who wrote to whom, and as what: the sender's and the recipient's names, roles and bodies."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Mapping

from archive.extract.blocks import (
    CONTACT_TAIL,
    POSTCODE_IN,
    ROLE_SALUTATION,
    HeaderBlock,
    Signature,
    public_body,
)
from archive.extract.cover import BARE_OFFICE_WORDS, Cover
from archive.extract.dates import iter_full_dates
from archive.extract.found import Found, Span
from archive.extract.layout import SALUTATION, LetterLayout, Line
from archive.extract.lexicon import (
    OFFICE_AFTER_TITLE,
    OrgMatch,
    committee_in,
    department_for_role,
    find_org,
    org_for_email,
    org_for_gov_uk_page,
    strip_role_prefix,
)
from archive.extract.names import (
    NOT_NAME_WORDS,
    CleanName,
    clean_name,
    given_name_first,
    names_in,
)
from archive.extract.offices import GENERIC_BODY_WORDS, delegated_reply, self_description
from archive.extract.sides import CHAIR, CLERK, MY_CONSTITUENT, PEER, is_minister
from archive.extract.voices import devolved_government
from archive.knowledge import canonical, org_kind
from archive.knowledge.organisations import LEGISLATURES, find_known_org

_FCDO_FROM = dt.date(2020, 9, 2)


_YOUR_CONSTITUENT = re.compile(
    r"\byour\s+constituen(?:t|ts|cy)\b|\bon\s+behalf\s+of\s+(?:your|a)\s+constituent|"
    r"\byou\s+(?:in\s+your\s+(?:role|capacity)\s+)?as\s+(?:the\s+|its\s+)?(?:member\s+of\s+parliament|mp)\b",
    re.IGNORECASE,
)


def read_sender(
    found: Found,
    signature: Signature,
    senders: list[HeaderBlock],
    headers: Mapping[str, str],
    layout: LetterLayout,
    letter_date: dt.date | None,
    cover: Cover,
) -> None:
    name, name_span, name_sure = None, None, 0.0
    heading_named = cover.sender is not None and cover.sender.name is not None
    if signature.name is not None and not (layout.closing is None and heading_named):
        # (With no sign-off the "signature" is the text's last lines, a list's item perhaps:
        # a heading naming the writer says more.)
        name, name_span, name_sure = signature.name.name, signature.name_span, 0.9
    else:
        for block in senders:
            if block.person and block.person_line:
                name = block.person.name
                name_span = (
                    block.person_line.start + block.person.start,
                    block.person_line.start + block.person.end,
                )
                name_sure = 0.8
                break
    if name is None and cover.sender is not None and cover.sender.name is not None:
        name, name_span, name_sure = cover.sender.name.name, cover.sender.name_span, 0.8
    if name is None and cover.sender is not None and cover.sender.role:
        named = _appositive(layout.view, cover.sender.role)
        if named is not None:
            name, name_span, name_sure = named[0].name, named[1], 0.7
    if name is None and headers.get("from"):
        name, name_sure = _display_name(headers["from"]), 0.7
    if name:
        found.set("sender_name", name, name_span, sure=name_sure)

    roles = signature.roles + [r for b in senders for r in b.roles]
    roles = [r for r in roles if not (found.text("recipient_role") == r[0])]
    if cover.sender is not None and cover.sender.role and cover.sender.role_span:
        roles.append((cover.sender.role, cover.sender.role_span))
    described: tuple[tuple[str, Span] | None, tuple[str, Span] | None] | None
    described = self_description(layout)
    if described is None and name and not roles:
        described = delegated_reply(layout.view, name)
    if described is not None and described[0] is not None:
        if not roles:
            roles.append(described[0])
        elif (
            len(roles) == 1
            and cover.sender is not None
            and roles[0][0] == cover.sender.role
            and roles[0][0].endswith(BARE_OFFICE_WORDS)
            and len(roles[0][0].split()) <= 3
        ):
            # The office the writer gives themselves ("As Leader of Kent County Council, I")
            # says more than a heading's bare one ("KCC Leader writes to ...").
            roles.insert(0, described[0])
    note_role = _NOTE_ROLE.search(layout.view, 0, 3000) if not roles else None
    if note_role is not None:
        roles.append((note_role.group("role"), (note_role.start("role"), note_role.end("role"))))
    if roles:
        found.set("sender_role", _tidy_role(roles[0][0]), roles[0][1], sure=0.8)

    when = letter_date or _era(layout)
    committee = None
    for text, span in (
        roles
        + [(o.name, s) for b in senders for o, s in b.orgs]
        + [(o.name, s) for o, s in signature.orgs]
    ):
        text = _CHAIRS_OF.sub(lambda m: " " * len(m.group()), text)
        match = committee_in(text)
        if match:
            committee = (match.group(1).strip(), (span[0] + match.start(1), span[0] + match.end(1)))
            break
    # A chair or clerk whose role names another body ("Chairman of ENTRUST") is not the
    # committee's, whichever committee the page or the letter names.
    of_another = any(_OF_ANOTHER.search(r) for r, _ in roles) or any(
        not committee_in(o.name) and o.name not in LEGISLATURES
        for o, _ in [*signature.orgs, *(org for b in senders for org in b.orgs)]
    )
    # The page's heading too: "Letter from Sir Jo Doe, Chair of the UK Statistics Authority".
    heading_org = cover.sender.org if cover.sender is not None else None
    if heading_org and not committee_in(heading_org) and heading_org not in LEGISLATURES:
        of_another = True
    if committee is None and cover.committee and any(CHAIR.search(r) for r, _ in roles):
        if not of_another:
            committee = (cover.committee, cover.committee_span or (0, 0))
    if (
        committee is None
        and roles
        # (a Scottish Parliament committee's chair is its convener)
        and (CHAIR.search(roles[0][0]) or CLERK.search(roles[0][0]) or _CONVENER.match(roles[0][0]))
        and not of_another
    ):
        committees = _committees_named(layout)
        if len(committees) == 1:
            committee = committees[0]
    orgs = [o for b in senders for o in b.orgs] + signature.orgs
    orgs = [o for o in orgs if o[0].name not in LEGISLATURES]
    known = [o for o in orgs if o[0].known]
    public = [o for o in orgs if public_body(o[0])]
    if committee is not None:
        found.set("sender_org", committee[0], committee[1], sure=0.8)
    elif (
        cover.sender is not None
        and cover.sender.org
        and cover.sender.name is None
        # "EST letter to ..." over a letterhead the registry knows ("HM Treasury, 1 Horse
        # Guards Road"): an acronym the registry does not know yields to the letterhead.
        and not (
            known
            and _UNKNOWN_ACRONYM.match(cover.sender.org)
            and not find_known_org(cover.sender.org)
        )
    ):
        # The page says which body wrote ("Letter from the Information Commissioner's Office").
        found.set("sender_org", cover.sender.org, cover.sender.org_span, sure=0.75)
    elif known:
        found.set("sender_org", _dated_org(known[0][0].name, when), known[0][1], sure=0.9)
    elif public:
        found.set("sender_org", public[0][0].name, public[0][1], sure=0.8)
    elif (
        signature.orgs
        and not signed_as_mp(signature, senders, cover)
        and layout.view[signature.orgs[0][1][0] - 1 : signature.orgs[0][1][0]] != "("
    ):
        # A body on the signature's own lines ("Sue Lovatt / Communications Manager /
        # University Hospital of North Staffordshire"), known to the registry or not; not
        # one a writer says they support "(Supporter of the Save Kelby Hospital Campaign)".
        signed_org, signed_span = signature.orgs[0]
        found.set("sender_org", signed_org.name, signed_span, sure=0.6)
    elif (
        roles
        and department_for_role(roles[0][0])
        and is_minister(roles[0][0])
        and not re.search(r"(?i)prime\s+minister", roles[0][0])
    ):
        department = department_for_role(roles[0][0]) or ""
        if when is None:
            department = _named_form(layout, department)
        else:
            department = _dated_org(department, when)
        found.set("sender_org", department, sure=0.7)
    elif cover.sender is not None and cover.sender.org and cover.sender.org_span:
        found.set("sender_org", cover.sender.org, cover.sender.org_span, sure=0.7)
    elif (in_role := _body_in_roles(roles)) is not None:
        # "Permanent Secretary at the Home Office", "Chair of the UK Statistics Authority"
        found.set("sender_org", in_role[0], in_role[1], sure=0.6)
    elif roles and (government := devolved_government(layout.view, roles[0][0])) is not None:
        found.set("sender_org", government[0], government[1], sure=0.6)
    elif (letterhead := _flattened_letterhead(layout)) is not None:
        found.set("sender_org", letterhead[0], letterhead[1], sure=0.5)
    elif described is not None and described[1] is not None:
        found.set("sender_org", described[1][0], described[1][1], sure=0.6)
    elif (on_behalf := _writing_on_behalf_of(layout)) is not None:
        found.set("sender_org", on_behalf[0], on_behalf[1], sure=0.6)
    elif (signed_for := _signed_on_behalf_of(signature)) is not None:
        found.set("sender_org", signed_for[0], signed_for[1], sure=0.6)
    elif headers.get("from") and org_for_email(headers["from"]):
        org = org_for_email(headers["from"])
        if org != "House of Commons":
            found.set("sender_org", org, sure=0.7)
    elif "gov.uk" in (above := layout.view[: layout.body_start]) and (
        gov_uk := org_for_gov_uk_page(above)
    ):
        # A letterhead giving the body's GOV.UK address ("www.gov.uk/hm-treasury").
        found.set("sender_org", gov_uk, sure=0.6)
    elif (
        not any(is_minister(r) for r, _ in roles)
        and not signed_as_mp(signature, senders, cover)
        and not PEER.match(name or "")
        # An MP's voice ("my constituency"): the agency the letter names is whom the MP
        # writes about, not for.
        and not MY_CONSTITUENT.search(layout.view, layout.body_start, layout.letter_end)
    ):
        spoken = _body_org(layout, found.text("recipient_org"))
        if spoken is not None:
            found.set("sender_org", spoken[0], spoken[1], sure=0.5)


def _body_in_roles(roles: list[tuple[str, Span]]) -> tuple[str, Span] | None:
    """A body the registry knows, named inside one of the writer's offices after "of", "at"
    or "for" (not an office that is itself the registry's body: "Parliamentary Commissioner
    for Standards", "Information Commissioner")."""
    for role, (start, _end) in roles:
        org = find_known_org(role)
        if (
            org is not None
            and org.name not in LEGISLATURES
            and _BODY_AFTER.search(role, 0, org.start) is not None
        ):
            return org.name, (start + org.start, start + org.end)
    return None


_CONVENER = re.compile(r"(?i)(?:the\s+)?(?:deputy\s+)?conv[eo]ner\b")
_BODY_AFTER = re.compile(r"\b(?:of|at|for|in)\s+(?:the\s+)?$")


def _flattened_letterhead(layout: LetterLayout) -> tuple[str, Span] | None:
    """The body a letterhead run into the letter's first long line opens with ("Treasury
    Committee House of Commons, Committee Office, London SW1A 0AA Tel ..."), when its address
    follows."""
    if not layout.content or len(layout.content[0].text) < 80:
        return None
    first, start = layout.content[0].text, layout.content[0].start
    org = find_org(first[:120])
    if org is None or org.start != 0:
        return None
    if org.name in LEGISLATURES:  # "House of Lords Tel: ... European Union Committee SW1A"
        named = committee_in(first[:250])
        return (named.group(), (start + named.start(), start + named.end())) if named else None
    if _OF_A_HOUSE.match(first, org.end) or (
        len(first) >= 120 and POSTCODE_IN.search(first, 0, 250)
    ):
        return org.name, (start, start + org.end)
    return None


_OF_A_HOUSE = re.compile(r"[\s,]*House\s+of\s+(?:Commons|Lords)\b")


def signed_as_mp(signature: Signature, senders: list[HeaderBlock], cover: Cover) -> bool:
    if signature.name is not None:
        return signature.name.had_mp
    if cover.sender is not None and cover.sender.name is not None:
        return cover.sender.had_mp
    return any(b.person is not None and b.person.had_mp for b in senders)


_NOTE_ROLE = re.compile(
    r"\b[Tt]he\s+(?P<role>Chair(?:man|woman)?\s+of\s+the\s+[A-Z][\w ,&'’\-]{2,80}?Committee)"
    r"(?:,\s+[^,\n]{3,60},)?\s+(?:today\s+|has\s+|had\s+)?(?:sent|wrote|written)\b"
)


def _appositive(view: str, role: str) -> tuple[CleanName, Span] | None:
    """The name set beside a role in a note above a letter: "the Chairman of X, Jo Doe MP,"."""
    pattern = re.compile(
        re.escape(role).replace(r"\ ", r"\s+") + r",\s+(?P<name>[^,\n]{3,60}?)\s*,", re.IGNORECASE
    )
    match = pattern.search(view, 0, 6000)
    if match is None:
        return None
    name = clean_name(match.group("name"))
    if name is None:
        return None
    at = match.start("name") + name.start
    return name, (at, at + len(name.name))


#: A chair's or clerk's role naming another body: "Chairman of ENTRUST", "Chair, Kelby
#: Harbour Authority" (not "Chairman of the Committee").
_OF_ANOTHER = re.compile(
    r"(?i)\bof\s+(?!the\s+(?:sub-?\s?)?committee\b)\S|,\s*(?![^,]*committee)\S"
)
_CHAIRS_OF = re.compile(r"(?i)^(?:the\s+)?chair(?:men|s|persons)\s+(?:of\s+)?(?:the\s+)?")


_UNKNOWN_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
#: A signature's "on behalf of The Library Campaign", "For and on behalf of Kelby Trust".
_SIGNED_FOR = re.compile(
    r"^(?i:(?:for\s+and\s+)?on\s+behalf\s+of)\s+(?:the\s+)?(?P<org>[A-Z][\w&'’\-]*"
    r"(?:\s+(?:and|of|for|the|&|[A-Z][\w&'’\-]*)){0,7})\s*$"
)


def _signed_on_behalf_of(signature: Signature) -> tuple[str, Span] | None:
    """The body a signature's own line says its signers sign for; not "my constituents"."""
    for line in signature.lines:
        match = _SIGNED_FOR.match(line.text.strip())
        if match is not None:
            at = line.start + line.text.find(match.group("org"))
            return match.group("org"), (at, at + len(match.group("org")))
    return None


#: "I am responding on behalf of Network Rail", "we write on behalf of the Trust".
_ON_BEHALF = re.compile(
    r"\b(?:I|[Ww]e)(?:\s+am|\s+are|'m|’m)?\s+(?:writing|responding|replying|write|respond|"
    r"reply)\s+(?:to\s+you\s+)?on\s+behalf\s+of\s+(?:the\s+)?(?=[A-Z])"
)


def _writing_on_behalf_of(layout: LetterLayout) -> tuple[str, Span] | None:
    """The body a writer says they write for, where the registry knows it or its name says
    it is a public body or a committee ("on behalf of Network Rail"); not "on behalf of my
    constituents"."""
    start = layout.body_start
    view = layout.view
    if "behalf" not in view[start : start + 1500]:
        return None
    match = _ON_BEHALF.search(view, start, start + 1500)
    if match is None:
        return None
    line_end = view.find("\n", match.end())
    org = find_org(view[match.end() : line_end if line_end != -1 else len(view)], match.end())
    if org is None or org.start != match.end():
        return None
    # A committee too: "I am writing on behalf of the Merits Committee, whose meeting I
    # chaired" (it is no public body in ``public_body``'s sense: a member sits on it).
    if not public_body(org) and not committee_in(org.name):
        return None
    return org.name, (org.start, org.end)


_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")


_OWN_BODY_KINDS = frozenset({"agency", "regulator", "public_body", "nhs", "police"})


_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_SENTENCE = re.compile(r"[^.!?\n]+")


def _body_org(layout: LetterLayout, recipient_org: str | None) -> tuple[str, Span] | None:
    """The body an official writes for when no letterhead names it: the agency or regulator
    the letter keeps naming, or calls "the Agency" ("the FCA's role", "the Agency's plan")."""
    view = layout.view
    start = layout.content[0].start if layout.content else 0
    if _PERSONAL_VOICE.search(view, start, layout.letter_end):
        # "I was contacted by the Child Support Agency ... my son": a person writing about
        # the agency, not for it.
        return None
    counts: dict[str, int] = {}
    first: dict[str, Span] = {}
    ours: set[str] = set()
    # "The Secretary of State has asked me to reply": an agency's chief executive answering
    # for a minister, and the body the letter names is the writer's own.
    asked = _ASKED_TO_REPLY.search(view, start, layout.letter_end)
    for_minister = asked is not None and asked.group().startswith(("h", "H"))
    # "I have been asked to reply" does not say who asked: an agency's chief executive's
    # formula, but also a civil servant's. Its body is taken only where the letter then
    # calls it "the Agency" (below), not from a body it merely mentions.
    passive = asked is not None and not for_minister
    # Only a known body counts unless answering for someone: no guess by its name's shape.
    find = find_org if asked is not None else find_known_org
    for paragraph in _PARAGRAPH.finditer(view[start : layout.letter_end]):
        speaks = _FIRST_PERSON.search(paragraph.group()) is not None
        at = start + paragraph.start()
        for sentence in _SENTENCE.finditer(paragraph.group()):
            org = find(sentence.group(), at + sentence.start())
            if org is None or org.name == recipient_org:
                continue
            if not org.known and asked is not None and _AGENCY_SHAPE.search(org.name):
                org = _without_article(org)
                if org.name in GENERIC_BODY_WORDS:
                    continue  # "The Agency measures ...": which agency, the letter does not say
            elif not org.known or org_kind(org.name) not in _OWN_BODY_KINDS:
                continue
            counts[org.name] = counts.get(org.name, 0) + 1
            first.setdefault(org.name, (org.start, org.end))
            if speaks:
                ours.add(org.name)
    if not counts:
        return None
    name = max(counts, key=lambda n: counts[n])
    # "Social Security Agency (Northern Ireland)" is called "the Agency".
    last_word = re.sub(r"\s*\([^()]*\)$", "", name).split()[-1]
    anaphora = re.search(
        rf"\b(?:[Tt]he|[Oo]ur)\s+{re.escape(last_word)}(?:['’]s)?\b(?!\s+(?:of|for)\b)",
        view[start:],
    )
    if (
        (counts[name] >= 2 and name in ours)
        or (anaphora and (len(name.split()) > 1 or passive))
        or for_minister
    ):
        start, end = first[name]
        if view.startswith(("the ", "The "), start):
            start += 4  # the body's name without the sentence's article ("the Court Service")
        return view[start:end], (start, end)  # as the letter writes it ("FCA")
    return None


_PERSONAL_VOICE = re.compile(
    r"\b[Mm]y\s+(?:son|daughter|wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?|"
    r"children|child|baby|mother|father|mum|dad|ex-wife|ex-husband|ex-partner)\b"
)
_ASKED_TO_REPLY = re.compile(
    r"[Hh](?<!\w[Hh])(?i:as\s+asked\s+me\s+to\s+(?:reply|write|respond|answer))\b"
    # "I have been asked (by the Secretary of State for X) to reply": the same, passive.
    r"|[Bb](?<!\w[Bb])(?i:een\s+asked\s+(?:by\s+[^.;\n]{3,120}?\s+)?to\s+"
    r"(?:reply|write|respond|answer))\b"
)
#: A body's name as agencies' names are made ("Public Trust Office", "Prison Service",
#: "Vehicle Inspectorate", "Land Registry").
_AGENCY_SHAPE = re.compile(
    r"^(?:[Tt]he\s+)?(?:[A-Z][\w'’\-]*\s+){1,5}(?:Agency|Service|Office|Inspectorate|Registry)$"
)


def _without_article(org: OrgMatch) -> OrgMatch:
    if org.name.startswith(("The ", "the ")):
        return OrgMatch(org.name[4:], org.start + 4, org.end, org.known)
    return org


#: Words of a page's title after a committee's name ("Select Committee on Foreign Affairs
#: Written Evidence", "... Fourth Report").
_PAGE_WORDS = (
    r"(?:Written|Oral|Evidence|Reports?|Minutes|Memorand\w*|Annex|Appendix|Appendices|Letters?|"
    r"First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth|"
    r"Special|Session|Volume|Part|Correspondence|Response)"
)
_COMMITTEE_NAMED = re.compile(
    r"\b(?:[Tt]he\s+)?((?:Select\s+)?Committee\s+(?:on|of|for)\s+(?:the\s+)?[A-Z][\w'’\-]*"
    r"(?:[ \t]+(?:and[ \t]+)?(?!" + _PAGE_WORDS + r"\b)[A-Z][\w'’\-]*){0,4}|"
    r"(?:(?!(?:Committee|The)\b)[A-Z][\w'’\-]*,?(?:[ \t]*\n)?[ \t]*(?:(?:and|&|of|for)\s+)*)"
    r"{1,6}Committee)\b"
)
#: First words that make a capitalised run no committee's name ("Your Committee", "Head of
#: Select Committee liaison"); a sentence's "The" is dropped before the test.
_NOT_A_COMMITTEE = frozenset(
    ("The", "Select", "This", "That", "Our", "Your", "Its", "Liaison", "A", "Head", "Clerk",
     "Chair", "Chairman", "Member", "Members")
)  # fmt: skip


#: How far into a letter its committees are looked for: a long evidence bundle names many.
_COMMITTEES_WITHIN = 20_000


#: A legislature's or a council's possessive before a committee's name.
_OWNER = re.compile(r"[^'’]{0,40}\b(?:Parliament|Assembly|Senedd|House|Council)['’]s\s+")


def _committees_named(layout: LetterLayout) -> list[tuple[str, Span]]:
    """Distinct committees the letter names ("your appearance before the Transport Committee",
    a page title "Select Committee on Foreign Affairs Written Evidence")."""
    found: dict[str, Span] = {}
    view = layout.view
    end = min(len(view), _COMMITTEES_WITHIN)
    match = _COMMITTEE_NAMED.search(view, 0, end)
    while match is not None:
        name, start = match.group(1), match.start(1)
        first = name.split(maxsplit=1)[0]
        if first in _NOT_A_COMMITTEE and not name.startswith("Select Committee "):
            # "Chairman\nForeign Affairs Committee": the name may start at a later word.
            match = _COMMITTEE_NAMED.search(view, view.index(first, start) + len(first), end)
            continue
        owner = _OWNER.match(name)  # "the Scottish Parliament's Finance Committee"
        if owner is not None and name[owner.end() :] != "Committee":
            name, start = name[owner.end() :], start + owner.end()
        if name != "Committee":
            found.setdefault(name, (start, match.end(1)))
        match = _COMMITTEE_NAMED.search(view, match.end(), end)
    return list(found.items())


_EXCHANGE_TAIL = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?\[?/O=.*$", re.DOTALL)


def _display_name(header: str) -> str | None:
    """The person in an address header: "Jo Bloggs MP <jo@...>", "Office of Jo Bloggs MP <...>"."""
    # An Exchange server's own address after the name ("Callard Richard (ShEx)[/O=BIS
    # PRODUCTION/OU=...") and the sender's unit in brackets are no part of the name.
    header = _EXCHANGE_TAIL.sub("", header)
    display, _address = email.utils.parseaddr(header)
    display = display or header.split("<")[0]
    outlook = re.match(
        r"^\s*([A-Z][A-Z'’\-]+),\s*([A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)?)\s*$", display
    )
    if outlook:
        # Outlook's "SURNAME, Given": the person is "Given Surname".
        family = "-".join(part.capitalize() for part in outlook.group(1).split("-"))
        display = f"{outlook.group(2)} {family}"
    cleaned = clean_name(display) if display else None
    if cleaned is not None:
        # A directory's "Surname Given" with no comma ("Callard Richard (ShEx)").
        return given_name_first(cleaned.name)
    named = names_in(display)
    return named[0][0] if named else None


def _dated_org(name: str, on: dt.date | None) -> str:
    """A department by the name it had on the letter's date (the registry's renames)."""
    if name == "Foreign Office":
        if on is not None and on < _FCDO_FROM:
            return "Foreign and Commonwealth Office"
        return "Foreign, Commonwealth & Development Office"
    if on is None or org_kind(name) != "department":
        return name
    return canonical(name, on) or name


def _named_form(layout: LetterLayout, department: str) -> str:
    """For a letter with no date at all, the department by a name the letter itself gives it
    ("Secretary of State, Foreign and Commonwealth Office"), else by its name today."""
    forms = {
        _dated_org(department, dt.date(year, 6, 1))
        for year in range(1970, dt.date.today().year + 1)
    }
    head = layout.view[:5000]
    for form in sorted(forms, key=len, reverse=True):
        spelled = r"\s+".join(re.escape(word) for word in form.split())
        if re.search(rf"\b{spelled}\b", head, re.IGNORECASE):
            return form
    return _dated_org(department, None)


def _era(layout: LetterLayout) -> dt.date | None:
    """For an undated letter, the latest full date it mentions: near enough to name the
    departments of its time."""
    latest: dt.date | None = None
    for match in iter_full_dates(layout.view, 0, min(len(layout.view), 20_000)):
        if match.date is not None and (latest is None or match.date > latest):
            latest = match.date
    return latest


def _tidy_role(role: str) -> str:
    role = _ARTICLE.sub("", strip_role_prefix(role.strip(" ,.;:")))
    role = CONTACT_TAIL.split(role)[0]
    return _BLANKS.sub(" ", role)


_ARTICLE = re.compile(r"^(?:the|The)\s+")
_BLANKS = re.compile(r"\s+")


def read_recipient(
    found: Found,
    block: HeaderBlock | None,
    salutation: Line | None,
    headers: Mapping[str, str],
    cover: Cover,
) -> None:
    if block is not None:
        if block.person and block.person_line:
            start = block.person_line.start + block.person.start
            found.set(
                "recipient_name",
                block.person.name,
                (start, block.person_line.start + block.person.end),
                sure=0.85,
            )
        if block.roles:
            text, span = block.roles[0]
            found.set("recipient_role", _tidy_role(text), span, sure=0.8)
        orgs = [o for o in block.orgs if o[0].name != "House of Commons"] or block.orgs
        if orgs:
            found.set("recipient_org", orgs[0][0].name, orgs[0][1], sure=0.8)
        elif block.commons:
            found.set("recipient_org", "House of Commons", sure=0.8)
    party = cover.recipient
    if party is not None:
        if not found.has("recipient_name") and party.name is not None:
            found.set("recipient_name", party.name.name, party.name_span, sure=0.8)
        if not found.has("recipient_role") and party.role and party.role_span:
            found.set("recipient_role", _tidy_role(party.role), party.role_span, sure=0.7)
        if not found.has("recipient_org") and party.org and party.org_span:
            found.set("recipient_org", party.org, party.org_span, sure=0.7)
    greeting = ""
    if salutation is not None:
        match = SALUTATION.match(salutation.text)
        greeting = match.group("name") if match else ""
        # "Dear Suzanne (Parish Clerk)": the office in brackets is not part of the name.
        greeting = _BRACKETED_AFTER.sub("", greeting)
        if ROLE_SALUTATION.match(greeting) and not re.match(r"(?i)(?:sir|dame)\s+[A-Z]", greeting):
            greeting = ""
    full = clean_name(greeting) if greeting else None
    if not found.has("recipient_name") and full is not None and salutation is not None:
        at = salutation.start + salutation.text.find(greeting) + full.start
        found.set("recipient_name", full.name, (at, at + len(full.name)), sure=0.7)
    if not found.has("recipient_name") and headers.get("to"):
        name = _display_name(headers["to"])
        if name is not None:
            found.set("recipient_name", name, sure=0.7)
    given = _given_name(greeting) if greeting and full is None else None
    if not found.has("recipient_name") and given is not None and salutation is not None:
        at = salutation.start + salutation.text.find(greeting) + given.start
        found.set("recipient_name", given.name, (at, at + len(given.name)), sure=0.5)
    if not found.has("recipient_org") and headers.get("to"):
        org = org_for_email(headers["to"])
        if org:
            found.set("recipient_org", org, sure=0.7)


_BRACKETED_AFTER = re.compile(r"\s*\([^()]{1,60}\)[\s,:]*$")
_GIVEN = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Professor|Prof|Councillor|Cllr|Rev|Revd)\.?\s+)?"
    r"(?P<name>(?:[OD]['’](?=[A-ZÀ-ÖØ-Þ]))?[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[\-'’][A-ZÀ-ÖØ-Þ][^\W\d_]+)?)"
    r"(?:\s+(?:and|&)\s+.*)?$"
)


def _given_name(greeting: str) -> CleanName | None:
    """One name in a salutation: "Dear Chris", "Dear Sir Robert", "Dear Mr Duffy"."""
    match = _GIVEN.match(greeting.strip())
    if match is None:
        return None
    word = match.group("name").lower()
    # After "Mr" or "Mrs" a word is a surname ("Dear Mr Lord", "Dear Mrs King"), unless it
    # is an office ("Mr Speaker", "Mr Mayor").
    titled = match.start("name") > 0 and not greeting.strip().lower().startswith(("sir", "dame"))
    if word in NOT_NAME_WORDS and (not titled or word in OFFICE_AFTER_TITLE):
        return None
    name = match.group("name")
    if len(set(name.lower())) == 1:
        return None  # a name blanked out for publication: "Dear XXX", "Dear Mr Xxxx"
    return CleanName(name, match.start("name"), match.end("name"), False)
