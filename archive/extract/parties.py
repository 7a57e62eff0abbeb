"""Who wrote to whom, and as what: sender, recipient, their kinds, and the direction."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Mapping
from dataclasses import dataclass

from archive.extract.blocks import (
    ROLE_SALUTATION,
    SPOKESPERSON,
    HeaderBlock,
    Signature,
    public_body,
)
from archive.extract.cover import Cover
from archive.extract.dates import iter_full_dates
from archive.extract.found import Found, Span, first_span
from archive.extract.layout import SALUTATION, LetterLayout, Line
from archive.extract.lexicon import (
    MP_ROLE,
    OrgMatch,
    committee_in,
    department_for_role,
    find_org,
    is_minister_role,
    is_official_role,
    org_for_email,
    strip_role_prefix,
)
from archive.extract.names import (
    NOT_NAME_WORDS,
    CleanName,
    clean_name,
    names_in,
)
from archive.knowledge import canonical, org_kind
from archive.knowledge.members import is_mp_name
from archive.models import Direction

_FCDO_FROM = dt.date(2020, 9, 2)


#: ``(?i)\b(?:my|our)\s+...``, written to start with its first letters (see _RECIPIENT_MP_CUES).
_MY_CONSTITUENT = re.compile(
    r"[MmOo](?<!\w.)(?i:(?:(?<=m)y|(?<=o)ur)\s+(?:own\s+|local\s+|current\s+)?constituen(?:t|ts|cy)\b)"
)


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
    if signature.name is not None:
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
    described = _self_description(layout)
    if described is not None and not roles:
        roles.append(described[0])
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
    if committee is None and cover.committee and any(_CHAIR.search(r) for r, _ in roles):
        if not any(re.search(r"(?i)\bof\s+(?!the\s+committee\b)\S", r) for r, _ in roles):
            committee = (cover.committee, cover.committee_span or (0, 0))
    if committee is None and roles and _CHAIR.search(roles[0][0]):
        committees = _committees_named(layout)
        if len(committees) == 1:
            committee = committees[0]
    orgs = [o for b in senders for o in b.orgs] + signature.orgs
    orgs = [o for o in orgs if o[0].name not in ("House of Commons", "House of Lords")]
    known = [o for o in orgs if o[0].known]
    public = [o for o in orgs if public_body(o[0])]
    if committee is not None:
        found.set("sender_org", committee[0], committee[1], sure=0.8)
    elif cover.sender is not None and cover.sender.org and cover.sender.name is None:
        # The page says which body wrote ("Letter from the Information Commissioner's Office").
        found.set("sender_org", cover.sender.org, cover.sender.org_span, sure=0.75)
    elif known:
        found.set("sender_org", _dated_org(known[0][0].name, when), known[0][1], sure=0.9)
    elif public:
        found.set("sender_org", public[0][0].name, public[0][1], sure=0.8)
    elif (
        roles
        and department_for_role(roles[0][0])
        and _is_minister(roles[0][0])
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
    elif described is not None and described[1] is not None:
        found.set("sender_org", described[1][0], described[1][1], sure=0.6)
    elif headers.get("from") and org_for_email(headers["from"]):
        org = org_for_email(headers["from"])
        if org != "House of Commons":
            found.set("sender_org", org, sure=0.7)
    elif (
        not any(_is_minister(r) for r, _ in roles)
        and not signed_as_mp(signature, senders, cover)
        and not _PEER.match(name or "")
    ):
        spoken = _body_org(layout, found.text("recipient_org"))
        if spoken is not None:
            found.set("sender_org", spoken[0], spoken[1], sure=0.5)


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


_CHAIRS_OF = re.compile(r"(?i)^(?:the\s+)?chair(?:men|s|persons)\s+(?:of\s+)?(?:the\s+)?")


_CHAIR = re.compile(r"(?i)\bchair(?:man|men|woman|person)?s?\b")


_SELF_DESCRIBED = re.compile(
    r"\b(?:As|as)\s+(?:the\s+)?(?P<role>(?:Chief\s+Executive|Director(?:\s+General)?|"
    r"Chair(?:man|woman)?|Head|Permanent\s+Secretary|Chief\s+Inspector|Commissioner)"
    r"(?:\s+of\s+(?:the\s+)?(?P<org>[A-Z][\w&'’\-]*(?:\s+(?:and|of|for|&)?\s*[A-Z][\w&'’\-]*){0,6}))?)"
)


def _self_description(
    layout: LetterLayout,
) -> tuple[tuple[str, Span], tuple[str, Span] | None] | None:
    """A writer who says who they are: "As Chief Executive of the Benefits Agency, ..."."""
    start = layout.body_start
    match = _SELF_DESCRIBED.search(layout.view, start, start + 1200)
    before = layout.view[max(0, match.start() - 20) : match.start()] if match else ""
    if match is None or re.search(r"(?i)\b(?:your|his|her|their)\s+capacity\s*$", before):
        return None
    role = (match.group("role"), (match.start("role"), match.end("role")))
    org_text = match.group("org")
    if org_text and org_text.split()[-1] in ("Agency", "Service") and len(org_text.split()) == 1:
        org_text = _antecedent(layout.view[start : match.start()])
    org = (org_text, (match.start("org"), match.end("org"))) if org_text else None
    return role, org


_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")


_OWN_BODY_KINDS = frozenset({"agency", "regulator", "public_body", "nhs", "police"})


def _body_org(layout: LetterLayout, recipient_org: str | None) -> tuple[str, Span] | None:
    """The body an official writes for when no letterhead names it: the agency or regulator
    the letter keeps naming, or calls "the Agency" ("the FCA's role", "the Agency's plan")."""
    view = layout.view
    start = layout.content[0].start if layout.content else 0
    counts: dict[str, int] = {}
    first: dict[str, Span] = {}
    ours: set[str] = set()
    # "The Secretary of State has asked me to reply": an agency's chief executive answering
    # for a minister, and the body the letter names is the writer's own.
    for_minister = _ASKED_TO_REPLY.search(view, start, layout.letter_end) is not None
    for paragraph in re.finditer(r"[^\n]+(?:\n[^\n]+)*", view[start : layout.letter_end]):
        speaks = _FIRST_PERSON.search(paragraph.group()) is not None
        at = start + paragraph.start()
        for sentence in re.finditer(r"[^.!?\n]+", paragraph.group()):
            org = find_org(sentence.group(), at + sentence.start())
            if org is None or org.name == recipient_org:
                continue
            if not org.known and for_minister and _AGENCY_SHAPE.search(org.name):
                org = _without_article(org)
            elif not org.known or org_kind(org.name) not in _OWN_BODY_KINDS:
                continue
            counts[org.name] = counts.get(org.name, 0) + 1
            first.setdefault(org.name, (org.start, org.end))
            if speaks:
                ours.add(org.name)
    if not counts:
        return None
    name = max(counts, key=lambda n: counts[n])
    last_word = name.split()[-1]
    anaphora = re.search(
        rf"\b(?:[Tt]he|[Oo]ur)\s+{re.escape(last_word)}(?:['’]s)?\b(?!\s+(?:of|for)\b)",
        view[start:],
    )
    if (counts[name] >= 2 and name in ours) or (anaphora and len(name.split()) > 1) or for_minister:
        start, end = first[name]
        return view[start:end], first[name]  # as the letter writes it ("the FCA")
    return None


_ASKED_TO_REPLY = re.compile(
    r"\bhas\s+asked\s+me\s+to\s+(?:reply|write|respond|answer)\b", re.IGNORECASE
)
#: A body's name as agencies' names are made ("Public Trust Office", "Prison Service").
_AGENCY_SHAPE = re.compile(r"^(?:[Tt]he\s+)?(?:[A-Z][\w'’\-]*\s+){1,5}(?:Agency|Service|Office)$")


def _without_article(org: OrgMatch) -> OrgMatch:
    if org.name.startswith(("The ", "the ")):
        return OrgMatch(org.name[4:], org.start + 4, org.end, org.known)
    return org


def _antecedent(before: str) -> str | None:
    """ "the Agency" -> the agency named just before ("the Employment Service is an Agency")."""
    named = [n.strip() for n in _GENERIC_NAMED.findall(before)]
    # "the Employment Service is an Executive Agency": a kind of body names none.
    named = [n for n in named if not set(n.split()) <= _GENERIC_BODY_WORDS]
    return named[-1] if named else None


_GENERIC_BODY_WORDS = frozenset(
    "Executive Next Steps Government Public Non-Departmental Agency Service Authority Office "
    "Commission".split()
)


_GENERIC_NAMED = re.compile(
    r"\b(?:[A-Z][\w'’\-]+\s+){0,4}(?:Agency|Service|Authority|Office|Commission)\b"
)


def _committees_named(layout: LetterLayout) -> list[tuple[str, Span]]:
    """Distinct committees the letter names ("your appearance before the Transport Committee")."""
    found: dict[str, Span] = {}
    for match in re.finditer(
        r"\b(?:the\s+)?((?:[A-Z][\w'’\-]*,?\s+(?:(?:and|&|of|for)\s+)*){1,6}Committee|"
        r"Committee\s+(?:on|of|for)\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+(?:and\s+)?[A-Z][\w'’\-]*){0,4})\b",
        layout.view,
    ):
        name = match.group(1)
        if name.split()[0] in ("The", "Select", "This", "Our", "Your", "Liaison", "A"):
            continue
        found.setdefault(name, (match.start(1), match.end(1)))
    return list(found.items())


def _display_name(header: str) -> str | None:
    """The person in an address header: "Jo Bloggs MP <jo@...>", "Office of Jo Bloggs MP <...>"."""
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
        return cleaned.name
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
    role = re.sub(r"^(?:the|The)\s+", "", strip_role_prefix(role.strip(" ,.;:")))
    role = re.split(r"\s+(?:\S+@\S+|www\.|https?://|\+?\d[\d ]{7,})", role)[0]
    return re.sub(r"\s+", " ", role)


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


_GIVEN = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Professor|Prof)\.?\s+)?(?P<name>[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[\-'’][A-ZÀ-ÖØ-Þ][^\W\d_]+)?)"
    r"(?:\s+(?:and|&)\s+.*)?$"
)


def _given_name(greeting: str) -> CleanName | None:
    """One name in a salutation: "Dear Chris", "Dear Sir Robert", "Dear Mr Duffy"."""
    match = _GIVEN.match(greeting.strip())
    if match is None or match.group("name").lower() in NOT_NAME_WORDS:
        return None
    name = match.group("name")
    return CleanName(name, match.start("name"), match.end("name"), False)


@dataclass(frozen=True, slots=True)
class Sides:
    """What each party to the letter is: "mp", "minister", "official", "lords", "individual",
    "committee" or "unknown", and how sure."""

    sender: str
    recipient: str
    sender_sure: float
    recipient_sure: float
    #: The text says the writer is a constituent or a candidate ("Letter to our MP").
    individual_cue: bool = False
    #: No name, salutation, address or role says whom the letter is to.
    recipient_unnamed: bool = False
    #: The writer speaks for a body ("your constituent", "my officials", a reference).
    institutional: bool = False


_SHADOW = re.compile(r"(?i)\bshadow\b")


_MINISTER_EXTRA = re.compile(
    r"(?i)\b(?:transport|culture|environment|business|trade|energy|housing|communities|work\s+and"
    r"\s+pensions|scottish|welsh|northern\s+ireland|levelling\s+up|digital|justice|health|"
    r"education|defence|home|foreign)\s+secretary\b|^(?:the\s+)?chancellor$|\bprime\s+minister\b"
)


_LORDS_COMMITTEES = re.compile(
    r"(?i)\b(?:delegated\s+powers|constitution|economic\s+affairs|european\s+union|"
    r"communications|international\s+relations|secondary\s+legislation|"
    r"justice\s+and\s+home\s+affairs|industry\s+and\s+regulators|built\s+environment|"
    r"public\s+services|house\s+of\s+lords|lords)\b"
)


_PEER = re.compile(
    r"(?i)^(?:the\s+)?(?:lord|baroness|baron|viscount(?:ess)?|earl|countess|marquess|duke|"
    r"duchess)\b"
)


# Written to start with a plain set of first letters (then the word boundary, then the rest
# without regard to case), so the regex engine skips ahead to those letters rather than trying
# a match at every position; each matches what its ``(?i)\b(?:your|...)`` form matches.
_RECIPIENT_MP_CUES = re.compile(
    r"[HhOoPpTtYy](?<!\w.)(?i:"
    r"(?<=y)our\s+(?:recent\s+|written\s+|oral\s+|parliamentary\s+)*(?:parliamentary\s+)?"
    r"(?-i:Questions?)\b|(?<=p)arliamentary\s+questions?\b|"
    r"(?<=t)he\s+above\s+(?:parliamentary\s+)?question\b|(?<=h)on(?:ourable|\.)\s+member\s+for\b|"
    r"(?<=y)our\s+constituen(?:t|ts|cy)\b|(?<=o)n\s+behalf\s+of\s+(?:your|a)\s+constituent|"
    r"(?<=y)ou\s+(?:in\s+your\s+(?:role|capacity)\s+)?as\s+(?:the\s+|its\s+)?"
    r"(?:member\s+of\s+parliament|mp)\b)"
)


# (The set lists U+0130 and U+0131, which re.IGNORECASE matches to "i".)
_WRITER_INDIVIDUAL = re.compile(
    r"[AaIiMmOoPp\u0130\u0131](?<!\w.)(?i:(?<=a)s\s+(?:a|your)\s+constituent|"
    r"(?<=i)\s+am\s+(?:a|one\s+of\s+your)\s+constituents?|(?<=o)ur\s+mp\b|(?<=m)y\s+mp\b|"
    r"(?<=p)arliamentary\s+candidate)"
)


_ROLE_GREETING_MINISTER = re.compile(
    r"(?i)^(?:prime\s+minister|minister|secretary\s+of\s+state|home\s+secretary|"
    r"foreign\s+secretary|chancellor|lord\s+chancellor|attorney(?:\s+general)?|"
    r"solicitor\s+general|(?:\w+\s+)?secretary\s+of\s+state)$"
)


_ROLE_GREETING_OFFICIAL = re.compile(
    r"(?i)^(?:chief\s+executive|director|commissioner|chief\s+constable|chair(?:man|woman)?|"
    r"permanent\s+secretary|ombudsman|sir\s+or\s+madam|sir/madam|sir|madam)$"
)


_HOUSE_OFFICER = re.compile(
    r"(?i)\bspeaker\b|\bcommissioner\s+for\s+standards\b|\bstandards\s+commissioner\b|"
    r"\bclerk\s+of\s+the\s+house\b|\bserjeant\s+at\s+arms\b"
)


def _is_minister(role: str) -> bool:
    if _SHADOW.search(role) or re.search(r"(?i)private\s+secretary|permanent", role):
        return False
    return is_minister_role(role) or _MINISTER_EXTRA.search(role) is not None


def _chair_of_commons(role: str, committee: str | None) -> bool | None:
    """A committee chair: True for the Commons, False for the Lords, None if not a chair."""
    if not _CHAIR.search(role):
        return None
    named = committee_in(role)
    name = named.group(1) if named else None
    if name is None and re.search(r"(?i)\bcommittee\b", role) and committee:
        name = committee
    if name is None:
        if re.search(r"(?i)\bof\s+(?!the\s+committee)", role):
            return None
        if not committee:
            # "the Chairman of the Committee" with no committee named: select committee
            # correspondence is the Commons' far more often than the Lords'.
            return True if re.search(r"(?i)\bcommittee\b", role) else None
        name = committee
    return _LORDS_COMMITTEES.search(name) is None


def read_parties(
    found: Found,
    signature: Signature,
    senders: list[HeaderBlock],
    recipient: HeaderBlock | None,
    layout: LetterLayout,
    headers: Mapping[str, str],
    cover: Cover,
) -> Sides:
    view = layout.view
    body = view[layout.body_start : layout.letter_end]
    everything = view[: layout.letter_end]
    # The cue phrases below are tried only where their key words occur (a cheap test first).
    lower = everything.lower()
    committee = cover.committee

    # -- the writer
    sender_roles = [r for r, _ in signature.roles] + [r for b in senders for r, _ in b.roles]
    if cover.sender is not None and cover.sender.role:
        sender_roles.append(cover.sender.role)
    sender_role = found.text("sender_role")
    if sender_role:
        sender_roles.append(sender_role)
    sender_org = found.text("sender_org")
    sender_name = found.text("sender_name") or ""
    chair = [c for c in (_chair_of_commons(r, committee) for r in sender_roles) if c is not None]
    if sender_org and committee_in(sender_org) and not chair:
        if any(_CHAIR.search(r) for r in sender_roles) or (
            signature.name is not None and signature.name.had_mp
        ):
            chair = [_LORDS_COMMITTEES.search(sender_org) is None]
    minister = any(_is_minister(r) for r in sender_roles)
    official = (
        any(
            is_official_role(r)
            and not MP_ROLE.search(r)
            and not _CHAIR.search(r)
            and not SPOKESPERSON.search(r)
            for r in sender_roles
        )
        or any(public_body(o) and not committee_in(o.name) for b in senders for o, _ in b.orgs)
        or any(public_body(o) and not committee_in(o.name) for o, _ in signature.orgs)
        or bool(cover.sender is not None and cover.sender.org and not cover.sender.name)
        or bool(headers.get("from") and _official_address(headers["from"]))
        or bool(
            re.search(
                r"(?i)\bchief\s+executive|\bchair(?:man)?\s+of\s+(?!the\s+\w*\s*committee)",
                " ".join(sender_roles),
            )
        )
    )
    mp_marked = (
        bool(signature.name and signature.name.had_mp)
        or any(MP_ROLE.search(r) or re.fullmatch(r"(?i)m\.?p\.?", r.strip()) for r in sender_roles)
        or any(b.commons or (b.person and b.person.had_mp) for b in senders)
        or bool(cover.sender is not None and cover.sender.had_mp)
        or bool("constituen" in lower and _MY_CONSTITUENT.search(body))
        or "parliament.uk" in headers.get("from", "").lower()
        or bool(
            ("inbox" in lower or "office" in lower)
            and re.search(
                r"(?i)\bmy\s+(?:parliamentary\s+)?(?:inbox|constituency\s+office)\b", body
            )
        )
    )
    on = found.date("date")
    day = on if isinstance(on, dt.date) else None
    mp_marked = mp_marked or bool(sender_name and is_mp_name(sender_name, on=day))
    individual = bool(
        (cover.recipient is not None and cover.recipient.our_mp)
        or any(re.search(r"(?i)candidate", r) for r in sender_roles)
        or (
            ("constituen" in lower or " mp" in lower or "candidate" in lower)
            and _WRITER_INDIVIDUAL.search(body[:3000])
        )
    )
    sender, sender_sure = _side(
        house=any(_HOUSE_OFFICER.search(r) for r in [*sender_roles, sender_name]),
        minister=minister,
        chair=chair,
        mp=mp_marked,
        official=official,
        peer=bool(_PEER.match(sender_name)),
    ) or (
        ("individual", 0.7)
        if individual
        else ("lords", 0.7)
        if sender_org and _LORDS_COMMITTEES.search(sender_org)
        else ("unknown", 0.3)
    )

    # -- the addressee
    recipient_roles = list(r for r, _ in recipient.roles) if recipient else []
    if cover.recipient is not None and cover.recipient.role:
        recipient_roles.append(cover.recipient.role)
    greeting = ""
    if layout.salutation is not None:
        match = SALUTATION.match(layout.salutation.text)
        greeting = match.group("name").strip(" ,") if match else ""
    recipient_name = found.text("recipient_name") or ""
    r_chair = [
        c for c in (_chair_of_commons(r, committee) for r in recipient_roles) if c is not None
    ]
    r_minister = (
        any(_is_minister(r) for r in recipient_roles)
        or bool(_ROLE_GREETING_MINISTER.match(greeting))
        or bool(
            recipient is not None
            and recipient.person is not None
            and recipient.person.had_mp
            and any(o.known and public_body(o) for o, _ in recipient.orgs)
        )
    )
    r_official = (
        bool(recipient and recipient.official and not r_chair)
        or any(
            is_official_role(r)
            and not MP_ROLE.search(r)
            and not _CHAIR.search(r)
            or re.search(r"(?i)\bchair(?:man)?\s+of\s+(?!the\s+(?:\w+\s+){0,6}committee)", r)
            for r in recipient_roles
        )
        or bool(cover.recipient is not None and cover.recipient.org and not cover.recipient.our_mp)
        or bool(_ROLE_GREETING_OFFICIAL.match(greeting) and not _CHAIR.search(greeting))
        or bool(headers.get("to") and _official_address(headers["to"]))
        or bool(recipient is not None and any(public_body(o) for o, _ in recipient.orgs))
    )
    r_mp_marked = (
        bool(recipient and recipient.mp_like)
        or bool(re.search(r"\bM\.?P\.?$", greeting))
        or bool(cover.recipient is not None and cover.recipient.had_mp)
        or bool(
            ("question" in lower or "member" in lower or "constituen" in lower or " mp" in lower)
            and _RECIPIENT_MP_CUES.search(everything)
        )
        or "parliament.uk" in headers.get("to", "").lower()
        or bool(recipient_name and " " in recipient_name and is_mp_name(recipient_name, on=day))
    )
    side = _side(
        house=any(_HOUSE_OFFICER.search(r) for r in [*recipient_roles, greeting, recipient_name]),
        minister=r_minister,
        chair=r_chair,
        mp=r_mp_marked,
        official=r_official,
        peer=bool(_PEER.match(recipient_name) or _PEER.match(greeting)),
    )
    if side is not None:
        recipient_side, recipient_sure = side
    elif (
        recipient is not None
        and recipient.person is not None
        and not recipient.roles
        and not recipient.orgs
        and not recipient.commons
    ):
        recipient_side, recipient_sure = "individual", 0.6
    elif (
        committee
        and recipient is None
        and cover.recipient is None
        and not chair
        and "committee" in lower
        and re.search(r"(?i)\bthe\s+committee\b", body)
    ):
        recipient_side, recipient_sure = "committee", 0.6
    else:
        recipient_side, recipient_sure = "unknown", 0.3
    unnamed = not (recipient_name or greeting or recipient_roles or recipient is not None)
    if not individual and sender == "unknown" and recipient_side == "mp":
        individual = _writes_as_individual(body)
    institutional = bool(found.strings("references")) or bool(
        ("constituen" in lower or "official" in lower) and _INSTITUTIONAL_VOICE.search(body)
    )
    return Sides(
        sender, recipient_side, sender_sure, recipient_sure, individual, unnamed, institutional
    )


_INDIVIDUAL_VOICE = re.compile(
    r"(?i)\b(?:my\s+representative|my\s+(?:local\s+)?mp|our\s+mp|your\s+party|i\s+voted|"
    r"vote[sd]?\s+for\s+you|as\s+(?:a|your)\s+constituent|i\s+am\s+(?:a|one\s+of\s+your)\s+"
    r"constituents?|i\s+live\s+in|my\s+(?:family|son|daughter|husband|wife|partner|mother|"
    r"father|children|home|neighbours)|as\s+a\s+(?:parent|resident|voter|taxpayer|pensioner)|"
    r"yours\s+hopefully)\b"
)


_INSTITUTIONAL_VOICE = re.compile(
    r"(?i)\b(?:your\s+constituents?|parliamentary\s+question|my\s+officials|officials|our\s+ref|"
    r"the\s+(?:department|agency|authority|board|commission|service|ministry|trust|council)"
    r"(?:['’]s)?\b|our\s+(?:guidance|policy|staff|records|customers|teams?|investigation))"
)


def _side(
    *, house: bool, minister: bool, chair: list[bool], mp: bool, official: bool, peer: bool
) -> tuple[str, float] | None:
    """What a party is, from the evidence for each kind, strongest first."""
    if house:
        return "house", 0.8
    if minister:
        return "minister", 0.9
    if chair:
        return ("mp" if chair[0] else "lords"), 0.85
    if mp and not official:
        return "mp", 0.85
    if official:
        return "official", 0.85
    if peer:
        return "lords", 0.8
    return None


def _writes_as_individual(body: str) -> bool:
    """A letter to an MP whose writer speaks as a constituent rather than for a body."""
    personal = len(_INDIVIDUAL_VOICE.findall(body))
    institutional = len(_INSTITUTIONAL_VOICE.findall(body))
    return personal > 0 and personal > institutional


def read_direction(found: Found, sides: Sides) -> tuple[Direction, str | None, Span | None, float]:
    """Direction by the conventions: an organisation or minister to an MP, an MP to one."""
    sender, recipient = sides.sender, sides.recipient
    sure = min(sides.sender_sure, sides.recipient_sure)
    direction: Direction = "other"
    if sender in ("minister", "official") and recipient == "mp":
        direction = "to_mp"
    elif sender == "mp" and recipient in ("minister", "official"):
        direction = "from_mp"
    elif sender == "unknown" and recipient == "mp" and not sides.individual_cue:
        direction, sure = "to_mp", 0.6
    elif sender == "lords" and recipient == "mp" and sides.institutional:
        direction, sure = "to_mp", 0.6  # a Lords minister answering an MP's casework
    elif sender == "mp" and recipient == "unknown" and sides.recipient_unnamed:
        sure = 0.4  # an MP writing to nobody the text names: constituents, campaigners
    elif sender == "mp" and recipient == "unknown" and not sides.recipient_unnamed:
        direction, sure = "from_mp", 0.6
    elif sender == "unknown" and recipient == "mp":
        sure = 0.5
    if direction == "to_mp":
        name = found.text("recipient_name")
        return direction, name, first_span(found, "recipient_name"), sure
    if direction == "from_mp":
        name = found.text("sender_name")
        return direction, name, first_span(found, "sender_name"), sure
    # In any other letter, the MP party to it as an MP.
    if sender == "mp" and found.text("sender_name"):
        return direction, found.text("sender_name"), first_span(found, "sender_name"), sure
    if recipient == "mp" and found.text("recipient_name"):
        return direction, found.text("recipient_name"), first_span(found, "recipient_name"), sure
    return direction, None, None, sure


def _official_address(header: str) -> bool:
    _display, address = email.utils.parseaddr(header)
    domain = address.rsplit("@", 1)[-1].lower()
    return (
        domain.endswith(".gov.uk") or domain.endswith(".nhs.uk") or domain.endswith(".police.uk")
    ) and not domain.endswith("parliament.uk")
