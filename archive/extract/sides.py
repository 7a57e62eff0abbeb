"""What kind of party each side of a letter is (MP, minister, official...) and the direction."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Mapping

from archive.extract.blocks import SPOKESPERSON, HeaderBlock, Signature, public_body
from archive.extract.cover import Cover
from archive.extract.dates import MONTHS
from archive.extract.direction import Sides
from archive.extract.found import Found
from archive.extract.layout import SALUTATION, LetterLayout
from archive.extract.lexicon import MP_ROLE, committee_in, is_minister_role, is_official_role
from archive.extract.names import clean_name
from archive.extract.places import gazetteer
from archive.extract.scan import (
    NEAR_SCAN_CHARS,
    ascii_lower,
    find_word_starts,
    finditer_near,
    word_starts,
)
from archive.extract.voices import (
    ANSWERS_THE_COMMITTEE,
    ASKED_BY_THE_COMMITTEE,
    CONSTITUENTS_OF_MINE,
    DEVOLVED_MEMBER,
    DEVOLVED_OFFICE,
    LORDS_COMMITTEE_WORDS,
    OUTSIDE_THE_COMMONS,
    WRITING_AS_MPS,
    YOUR_LETTER_TO_A_MINISTER,
    constituents_wrote_to_me,
    says_as_mps,
    with_body,
    with_other_mps,
)
from archive.knowledge.members import is_mp_name

#: ``(?i)\b(?:my|our)\s+...``, written to start with its first letters (see _RECIPIENT_MP_CUES).
MY_CONSTITUENT = re.compile(
    r"[MmOo](?<!\w.)(?i:(?:(?<=m)y|(?<=o)ur)\s+(?:own\s+|local\s+|current\s+)?constituen(?:t|ts|cy)\b)"
)


#: "my constituents" (not "my constituency"), written as MY_CONSTITUENT is (its plain form
#: is in tests/test_scan_forms.py).
_MY_CONSTITUENTS = re.compile(r"[Mm](?<!\w.)(?i:(?<=m)y\s+(?:own\s+|local\s+)?constituents?\b)")


#: How Hansard prints a letter answering a Member's written question: "Letter from P.
#: Stanley to Mr. Martin Redmond, dated 26 October 1992:" (a column number may run into it);
#: the Member addressed by a plain title, not a peer's.
_HANSARD_ANSWER_HEADING = re.compile(
    r"\s*(?:\d{1,4}W)?Letter\s+from\s+[^\n:]{1,200}?\s+to\s+(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?"
    r"\s+[^\n:]{2,80}?,?\s+dated\s*[^\n:]{3,40}?\s*:"
)


CHAIR = re.compile(r"(?i)\bchair(?:man|men|woman|person)?s?\b")


_SHADOW = re.compile(r"(?i)\bshadow\b")
_SHADOW_MINISTER = re.compile(
    r"(?i)\bshadow\s+(?:[\w,&\-]+\s+){0,5}?(?:secretary|minister|chancellor|leader|attorney)\b"
)


_MINISTER_EXTRA = re.compile(
    r"(?i)\b(?:transport|culture|environment|business|trade|energy|housing|communities|work\s+and"
    r"\s+pensions|scottish|welsh|northern\s+ireland|levelling\s+up|digital|justice|health|"
    r"education|defence|home|foreign)\s+secretary\b|^(?:the\s+)?chancellor$|\bprime\s+minister\b"
)


#: A peer's title before a name or a place ("Lord Penhallow"); not the title alone, which is
#: a surname after "Mr" ("Dear Mr Lord").
PEER = re.compile(
    r"(?i)^(?:the\s+)?(?:lord|baroness|baron|viscount(?:ess)?|earl|countess|marquess|duke|"
    r"duchess)\b(?=\s+\S)"
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
    r"(?:member\s+of\s+parliament|mp)\b|"
    # "your contribution to the Jo Doe MP Westminster Hall debate on GWR Performance".
    r"(?<=y)our\s+(?:contribution|speech|intervention)\s+(?:to|in|during)\s+(?:[\w'’\-]+\s+){0,8}?"
    r"debate\b)"
)


#: An official answering the addressee's question to a minister: a Parliamentary Question
#: ("The Secretary of State has asked me to reply to your questions concerning ...",
#: "I am replying, as Chief Executive, to your question to the Secretary of State"), as
#: Hansard prints an agency chief executive's letter to a Member. Within one sentence.
_MINISTER_WORDS = r"(?:secretary\s+of\s+state|minister|parliamentary\s+secretary|chancellor)"
_YOUR_QUESTION = re.compile(r"(?i:\byour\s+(?:recent\s+|written\s+)?(?:questions?|pqs?)\b)")
_MINISTER = re.compile(rf"(?i:\b{_MINISTER_WORDS}\b)")
_REPLYING = re.compile(r"(?i:\b(?:asked|reply|replying|respond|responding|answer)\b)")
_TO_MINISTER = re.compile(rf"(?i:\s+to\s+(?:the\s+|your\s+)?{_MINISTER_WORDS}\b)")


def _answers_for_minister(view: str, end: int) -> bool:
    """Whether a sentence replies to "your question" asked of, or put by, a minister: each
    "your question" is read with the words of its sentence before it (at most 300
    characters), so the cost is one pass over the text however long it is."""
    for question in _YOUR_QUESTION.finditer(view, 0, end):
        start = max(view.rfind(".", 0, question.start()) + 1, question.start() - 300)
        before = view[start : question.start()]
        if _REPLYING.search(before) and (
            _MINISTER.search(before) or _TO_MINISTER.match(view, question.end())
        ):
            return True
    return False


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


#: A clerk, of a committee, of the House or of a parish: an officer, never an MP.
CLERK = re.compile(r"(?i)\bclerk\b")
_CLERK_ROLE = re.compile(r"(?i)(?:the\s+)?(?:principal\s+|second\s+|committee\s+)?clerk\b")
_HOUSE_OFFICER = re.compile(
    r"(?i)\bspeaker\b|\bcommissioner\s+for\s+standards\b|\bstandards\s+commissioner\b|"
    r"\bclerk\s+of\s+the\s+house\b|\bserjeant\s+at\s+arms\b"
)


_BARE_CHAIR = re.compile(r"(?i)(?:the\s+)?chair(?:man|woman|person)?\s*$")
#: The addressee's committee: "appearances before your Committee", "your Committee's report".
#: (This and _DEVOLVED are read through a whole body: each starts with its plain first
#: letters, as _RECIPIENT_MP_CUES does, so the regex engine skips to them; each matches what
#: its ``(?i)\byour\s+...`` and ``(?i)\bscottish\s+parliament\b|\bsenedd\b|...`` form matches.)
_YOUR_COMMITTEE = re.compile(r"[Yy](?<!\w[Yy])(?i:our\s+(?:select\s+)?committee)\b")
#: A devolved legislature, whose committees' conveners and chairs are not MPs.
#: (The set lists U+017F, the long s, which re.IGNORECASE matches to "s".)
_DEVOLVED = re.compile(
    r"[AaHhSs\u017f](?<!\w.)(?i:(?<=s)cottish\s+parliament|(?<=s)enedd|(?<=a)ssembly|"
    r"(?<=h)olyrood)\b"
)
_NOT_MINISTER = re.compile(r"(?i)private\s+secretary|permanent")
_CANDIDATE = re.compile(r"(?i)candidate|\bPPC\b")  # a prospective parliamentary candidate
_COMPANY = re.compile(r"\b(?:CEO|[Cc]hief\s+[Ee]xecutive|plc|Ltd|Limited|Corporation|Group)\b")
_ENDS_MP = re.compile(r"\bM\.?P\.?$")
_DEVOLVED_AFTER_NAME = r",?\s+(?:MSP|MLA|MS|AM)\b"
_COLLEAGUES = re.compile(r"(?i)(?:all\s+|fellow\s+)?colleagues?$")


def is_minister(role: str) -> bool:
    if _SHADOW.search(role) or _NOT_MINISTER.search(role):
        return False
    return is_minister_role(role) or _MINISTER_EXTRA.search(role) is not None


_LETTERS_PAGE = re.compile(r"(?m)^[ \t]*(?:Sir|SIR)[ \t]*[:\-–—][ \t]*[A-Z]")
_BARE_COMMISSIONER = re.compile(r"(?i)^(?:the\s+)?commissioner$")
_STANDARDS_PAPERS = re.compile(
    r"Standards(?:\s+and\s+Privileges)?\s+Committee|Committee\s+on\s+Standards"
)
_ADVISORY = re.compile(r"(?i)\badvisory\s+(?:committee|council|board)\b")
_CHAIRS_OF_COMMITTEES = re.compile(
    r"(?i)\bchair(?:men|s|persons|women)\s+of\s+(?:the\s+|all\s+)?(?:[\w\-]+\s+){0,3}committees\b"
)


def _chair_of_commons(role: str, committee: str | None) -> bool | None:
    """A committee chair: True for the Commons, False for the Lords, None if not a chair."""
    if not CHAIR.search(role):
        return None
    if _DEVOLVED.search(role) or _ADVISORY.search(role):
        # "Mike Hedges AM, Chair of the Petitions Committee, National Assembly for Wales",
        # "Chair, Social Security Advisory Committee": no committee of either House.
        return None
    if _CHAIRS_OF_COMMITTEES.search(role):
        # "Chairmen of Departmental Select Committees": the chairs of the Commons' committees.
        return LORDS_COMMITTEE_WORDS.search(role) is None
    named = committee_in(role)
    name = named.group(1) if named else None
    if name is None and re.search(r"(?i)\bcommittee\b", role) and committee:
        name = committee
    if name is None:
        # "Chairman of the Committee" or "of the Sub-Committee": no other body named; not a
        # company's "Chairman and CEO, International, News Corporation".
        if re.search(r"(?i)\bof\s+(?!the\s+(?:sub-?\s?)?committee)", role) or _COMPANY.search(role):
            return None
        if not committee:
            # "the Chairman of the Committee" with no committee named: select committee
            # correspondence is the Commons' far more often than the Lords'. "Chair of the
            # Committees": of the Commons' committees sitting together (on Arms Exports).
            return True if re.search(r"(?i)\bcommittees?\b", role) else None
        name = committee
    # "Chairman of the Select Committee on the European Union, House of Lords": the Lords'
    # words may stand outside the committee's name as found.
    return LORDS_COMMITTEE_WORDS.search(name) is None and LORDS_COMMITTEE_WORDS.search(role) is None


def _chairs_your_committee(greeting: str, body: str, lower: str, sender_org: str | None) -> bool:
    """Whether a letter greets a person by name and speaks to them of "your Committee",
    outside the devolved legislatures (whose committees' chairs are not MPs)."""
    if not greeting or PEER.match(greeting):
        return False
    if _ROLE_GREETING_OFFICIAL.match(greeting) or _ROLE_GREETING_MINISTER.match(greeting):
        return False
    if _tells_of_your_committee(body, lower, sender_org):
        return True
    # "Dear Bernard, I write to offer our response to the ... Committee report": what the
    # letter answers is the Committee's, and its reader the Committee's chair.
    return (
        "Committee" in body
        and not (sender_org and committee_in(sender_org))
        and ANSWERS_THE_COMMITTEE.search(body) is not None
        and _DEVOLVED.search(body) is None
        and LORDS_COMMITTEE_WORDS.search(body) is None
    )


def _tells_of_your_committee(body: str, lower: str, sender_org: str | None) -> bool:
    """Whether a letter from outside the committee speaks of "your Committee", outside the
    devolved legislatures (whose committees' chairs are not MPs)."""
    if "committee" not in lower or (sender_org and committee_in(sender_org)):
        return False
    # "your Committee" first: few letters say it, and then a body is read for the other.
    return (
        _YOUR_COMMITTEE.search(body) is not None or ASKED_BY_THE_COMMITTEE.search(body) is not None
    ) and _DEVOLVED.search(body) is None


_LOCAL_BODY = (
    r"\s+(?:at|of)\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s+){0,4}(?:Hospital|Council|Trust|School|"
    r"Academy|University|College|Club|Society|Association|Church|Company|Ltd|plc)\b"
)


def _of_a_local_body(view: str, committee: str) -> bool:
    """A committee the letter places in a hospital, a council or a club ("the Medical Staff
    Committee at Ipswich Hospital"): not one of Parliament's, and its letter not a chair's."""
    return re.search(re.escape(committee) + _LOCAL_BODY, view) is not None


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
    # The cue phrases below are tried only where their key words occur (a cheap test first,
    # in the whole view's lower case, which the other stages share).
    lower = ascii_lower(view) or view[: layout.letter_end].lower()
    committee = cover.committee

    # -- the writer
    # The roles a signature gives are the writer's own: a header block's role beside them may
    # be an addressee's whose name the copy lost ("Rt Hon MP Chancellor of the Duchy ...").
    sender_roles = [r for r, _ in signature.roles] or [r for b in senders for r, _ in b.roles]
    if cover.sender is not None and cover.sender.role:
        sender_roles.append(with_body(cover.sender.role, cover.sender.org))
    sender_role = found.text("sender_role")
    if sender_role:
        heading = cover.sender
        same = heading is not None and sender_role == heading.role
        sender_roles.append(with_body(sender_role, heading.org if same and heading else None))
    sender_org = found.text("sender_org")
    sender_name = found.text("sender_name") or ""
    chair = [c for c in (_chair_of_commons(r, committee) for r in sender_roles) if c is not None]
    if (
        sender_org
        and committee_in(sender_org)
        and not chair
        and not _of_a_local_body(view, sender_org)
    ):
        if (
            any(CHAIR.search(r) for r in sender_roles)
            or (signature.name is not None and signature.name.had_mp)
            # A committee's letterhead over no signature and no office (a copy cut off before
            # it): a committee writes through its chair; its clerk signs as the clerk.
            or (signature.name is None and not sender_roles and not sender_name)
        ):
            chair = [LORDS_COMMITTEE_WORDS.search(sender_org) is None]
    minister = any(is_minister(r) for r in sender_roles)
    official = (
        any(
            is_official_role(r)
            and not MP_ROLE.search(r)
            and not CHAIR.search(r)
            and not SPOKESPERSON.search(r)
            for r in sender_roles
        )
        or any(public_body(o) and not committee_in(o.name) for b in senders for o, _ in b.orgs)
        or any(public_body(o) and not committee_in(o.name) for o, _ in signature.orgs)
        or bool(cover.sender is not None and cover.sender.org and not cover.sender.name)
        or bool(headers.get("from") and _official_address(headers["from"]))
        or bool(re.search(r"(?i)\bchief\s+executive", " ".join(sender_roles)))
        or bool(
            # "Chair of the X Agency" heads a body; one who signs "Jo Doe MP" chairs a
            # committee, however the page cut its name ("Chair of the Public Administration S").
            not (signature.name is not None and signature.name.had_mp)
            and re.search(
                r"(?i)\bchair(?:man)?\s+of\s+(?!the\s+\w*\s*committee)", " ".join(sender_roles)
            )
        )
    )
    mp_marked = (
        bool(signature.name and signature.name.had_mp)
        or any(MP_ROLE.search(r) or re.fullmatch(r"(?i)m\.?p\.?", r.strip()) for r in sender_roles)
        or any(b.commons or (b.person and b.person.had_mp) for b in senders)
        or bool(cover.sender is not None and cover.sender.had_mp)
        or "parliament.uk" in headers.get("from", "").lower()
        # The Opposition's front bench sits in the Commons: a shadow minister is an MP.
        or any(_SHADOW_MINISTER.search(r) for r in sender_roles)
        or bool(
            says_as_mps(lower, max(0, layout.body_start - 1000), layout.body_start + 2000)
            and WRITING_AS_MPS.search(
                view, max(0, layout.body_start - 1000), layout.body_start + 2000
            )
        )
        or with_other_mps(view, lower, layout.body_start, layout.letter_end)
        or (
            # A member's voice ("my constituents"): an MP's, unless the page says the writer
            # sits in a devolved parliament or assembly (an MSP has constituents too).
            bool(
                ("constituen" in lower and MY_CONSTITUENT.search(body))
                or constituents_wrote_to_me(view, lower, layout.body_start, layout.letter_end)
                or ("of mine" in lower and CONSTITUENTS_OF_MINE.search(body))
                or (("inbox" in lower or "office" in lower) and _MY_INBOX.search(body))
            )
            and DEVOLVED_MEMBER.search(view, 0, min(len(view), 400)) is None
            and not any(DEVOLVED_MEMBER.search(r) for r in sender_roles)
        )
    )
    on = found.date("date")
    day = on if isinstance(on, dt.date) else _month_dated(view)
    # A candidate's name the registry holds is of one who won later, or lost: not an MP then.
    # So is one who writes in an office outside the Commons ("Mayor of West Yorkshire").
    mp_marked = mp_marked or bool(
        sender_name
        and is_mp_name(sender_name, on=day)
        and not any(_CANDIDATE.search(r) or OUTSIDE_THE_COMMONS.search(r) for r in sender_roles)
    )
    individual = bool(
        (cover.recipient is not None and cover.recipient.our_mp)
        # "from Jo Doe MSP" with no office: a member of another legislature, no body's voice
        or (
            sender_name
            and not (minister or official or chair)
            and _named_as_devolved_member(view[:3000], sender_name)
            and not any(DEVOLVED_OFFICE.match(r) for r in sender_roles)
        )
        or _signed_name_and_town(signature)
        or any(_CANDIDATE.search(r) for r in sender_roles)
        or (
            ("constituen" in lower or " mp" in lower or "candidate" in lower)
            and _writes_as_constituent(
                view, layout.body_start, min(layout.letter_end, layout.body_start + 3000)
            )
        )
    )
    sender, sender_sure = _side(
        house=any(_HOUSE_OFFICER.search(r) for r in [*sender_roles, sender_name, sender_org or ""])
        # "Letter to Mr Jo Doe MP from the Commissioner" in the Standards Committee's papers.
        or (
            any(_BARE_COMMISSIONER.match(r) for r in sender_roles)
            and _STANDARDS_PAPERS.search(view, 0, min(len(view), 800)) is not None
        )
        # A committee's clerk is an officer of the House, writing for the committee.
        or bool(
            sender_org
            and committee_in(sender_org)
            and LORDS_COMMITTEE_WORDS.search(sender_org) is None
            and any(_CLERK_ROLE.match(r) for r in sender_roles)
        ),
        minister=minister,
        chair=chair,
        mp=mp_marked,
        official=official,
        peer=bool(PEER.match(sender_name)),
    ) or (
        ("individual", 0.7)
        if individual
        else ("lords", 0.7)
        if sender_org and LORDS_COMMITTEE_WORDS.search(sender_org)
        else ("unknown", 0.3)
    )

    # -- the addressee
    recipient_roles = list(r for r, _ in recipient.roles) if recipient else []
    if cover.recipient is not None and cover.recipient.role:
        recipient_roles.append(with_body(cover.recipient.role, cover.recipient.org))
    greeting = ""
    if layout.salutation is not None:
        match = SALUTATION.match(layout.salutation.text)
        greeting = match.group("name").strip(" ,") if match else ""
    recipient_name = found.text("recipient_name") or ""
    r_chair = [
        c for c in (_chair_of_commons(r, committee) for r in recipient_roles) if c is not None
    ]
    unaddressed = not greeting and recipient is None and cover.recipient is None
    # "Letter to Chair from Jo Doe": a chair of no body the heading names, and the letter
    # then speaks of "your committee".
    to_a_chair = bool(
        not greeting
        and recipient is None
        and cover.recipient is not None
        and cover.recipient.name is None
        and cover.recipient.role
        and _BARE_CHAIR.match(cover.recipient.role)
    )
    if not r_chair and (
        _chairs_your_committee(greeting, body, lower, sender_org)
        or ((unaddressed or to_a_chair) and _tells_of_your_committee(body, lower, sender_org))
    ):
        # Told of "your Committee", greeted by name or not addressed at all (a published
        # reply given only its page's heading): the committee's chair, an MP unless the
        # committee is the Lords' (its own name, or the one a cover heading gives).
        r_chair = [LORDS_COMMITTEE_WORDS.search(committee or "") is None]
    elif to_a_chair and not r_chair and committee is None:
        # "Letter to the Chair from ..." under a page title naming the committee ("... -
        # Liaison Committee Contents"): that committee's chair.
        titled = committee_in(view[: cover.spans[0][0]]) if cover.spans else None
        if titled is not None and not _DEVOLVED.search(view, 0, cover.spans[0][0]):
            r_chair = [LORDS_COMMITTEE_WORDS.search(titled.group()) is None]
    r_minister = (
        any(is_minister(r) for r in recipient_roles)
        or bool(_ROLE_GREETING_MINISTER.match(greeting))
        or bool(
            recipient is not None
            and recipient.person is not None
            and recipient.person.had_mp
            and any(o.known and public_body(o) for o, _ in recipient.orgs)
        )
        # An MP writing for constituents to one who answers for a department ("your
        # Department", "what action the Government is taking"): a minister, though
        # addressed as "Rt Hon X MP".
        or bool(
            mp_marked
            and any(word in lower for word in _FOR_GOVERNMENT_WORDS)
            and _ANSWERS_FOR_GOVERNMENT.search(body)
        )
    )
    r_official = (
        bool(recipient and recipient.official and not r_chair)
        # A newspaper's letters page: "Sir: The Prime Minister has ..." is to its editor.
        or _LETTERS_PAGE.search(view, 0, min(len(view), 800)) is not None
        or any(
            is_official_role(r)
            and not MP_ROLE.search(r)
            and not CHAIR.search(r)
            or re.search(r"(?i)\bchair(?:man)?\s+of\s+(?!the\s+(?:\w+\s+){0,6}committee)", r)
            for r in recipient_roles
        )
        or bool(cover.recipient is not None and cover.recipient.org and not cover.recipient.our_mp)
        or bool(_ROLE_GREETING_OFFICIAL.match(greeting) and not CHAIR.search(greeting))
        or bool(headers.get("to") and _official_address(headers["to"]))
        or bool(recipient is not None and any(public_body(o) for o, _ in recipient.orgs))
    )
    r_peer = bool(PEER.match(recipient_name) or PEER.match(greeting))
    r_named_mp = (
        bool(recipient and recipient.mp_like)
        # A minister's "Dear Colleague" letter is to the Members of the minister's party.
        or bool(minister and _COLLEAGUES.match(greeting))
        or bool(_ENDS_MP.search(greeting))
        or bool(cover.recipient is not None and cover.recipient.had_mp)
    )
    r_mp_marked = (
        r_named_mp
        or (
            # A minister answering "your letter of 6 March to the Home Secretary": a Member's
            # letter to a Secretary of State, which a minister of the department answers.
            minister
            and not r_peer
            and "your letter" in lower
            and YOUR_LETTER_TO_A_MINISTER.search(body) is not None
        )
        or (
            # What the letter says to its addressee ("your Parliamentary Question") is asked of
            # peers too: it makes an MP of anyone but one named as a peer ("Lord Penhallow"); a
            # courtesy lord in the Commons is named as an MP ("Lord Tobias Vane MP").
            not r_peer
            and (
                bool(
                    (
                        "question" in lower
                        or "member" in lower
                        or "constituen" in lower
                        or " mp" in lower
                        or "debate" in lower
                    )
                    and _speaks_to_an_mp(view, layout.letter_end)
                )
                or bool(
                    ("question" in lower or "pq" in lower)
                    and _answers_for_minister(view, layout.letter_end)
                )
                or "parliament.uk" in headers.get("to", "").lower()
                or bool(
                    recipient_name
                    and " " in recipient_name
                    and is_mp_name(recipient_name, on=day)
                    # "Greater Manchester Mayor / Andy Burnham": a former MP in another office.
                    and not any(OUTSIDE_THE_COMMONS.search(r) for r in recipient_roles)
                )
                or _HANSARD_ANSWER_HEADING.match(view, 0, min(len(view), 600)) is not None
            )
        )
    )
    side = _side(
        house=any(_HOUSE_OFFICER.search(r) for r in [*recipient_roles, greeting, recipient_name])
        # A committee's clerk ("Public Accounts Clerk"): an officer of the House.
        or any(
            CLERK.search(r)
            for r in [*recipient_roles, (cover.recipient.org or "") if cover.recipient else ""]
        ),
        minister=r_minister,
        chair=r_chair,
        mp=r_mp_marked,
        official=r_official,
        peer=r_peer,
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
        and LORDS_COMMITTEE_WORDS.search(committee) is None
        and not (sender_org and committee_in(sender_org))  # its clerk writes for it
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
        individual = _writes_as_individual(body) or (
            _signs_as_a_person(signature, senders, cover, sender_roles)
            and _INSTITUTIONAL_VOICE.search(body) is None
        )
    institutional = bool(found.strings("references")) or bool(
        ("constituen" in lower or "official" in lower) and _INSTITUTIONAL_VOICE.search(body)
    )
    of_my_constituents = bool(
        "constituent" in lower
        and (_MY_CONSTITUENTS.search(body) or CONSTITUENTS_OF_MINE.search(body))
    )
    return Sides(
        sender,
        recipient_side,
        sender_sure,
        recipient_sure,
        individual,
        unnamed,
        institutional,
        of_my_constituents,
        # (to "your Committee": to another committee's chair, an MP too; a Joint Committee's
        # chair may be a peer)
        chairs_a_committee=sender == "mp"
        and chair == [True]
        and "your committee" not in lower
        and not any("joint" in (name or "").lower() for name in (sender_org, committee)),
    )


#: Every match of _WRITER_INDIVIDUAL ends with one of these words: "constituent" at most five
#: words after its first ("i am one of your constituents"), "mp" and "candidate" one word
#: after ("our mp", "parliamentary candidate"; "mp" is common in letters, and each is tried
#: in one word before it, not five).
_WRITER_WORDS = ((("constituent",), 5), (("mp", "candidate"), 1))
_WRITER_STARTS = word_starts("aimop")


#: Every match of _RECIPIENT_MP_CUES opens with "you"/"your"/"parliamentary", or has "above",
#: "member" or "behalf" as its second word.
_RECIPIENT_MP_WORDS = ("you", "parliamentary", "above", "member", "behalf")
_RECIPIENT_MP_STARTS = word_starts("hopty")


def _speaks_to_an_mp(text: str, end: int) -> bool:
    """``_RECIPIENT_MP_CUES.search(text, 0, end)``; in ASCII text, tried only at its words."""
    lower = ascii_lower(text) if end >= NEAR_SCAN_CHARS else None
    if lower is None:
        return _RECIPIENT_MP_CUES.search(text, 0, end) is not None
    anchors = find_word_starts(lower, _RECIPIENT_MP_WORDS, 0, end)
    cues = finditer_near(_RECIPIENT_MP_CUES, _RECIPIENT_MP_STARTS, text, anchors, 1, 0, end)
    return next(cues, None) is not None


def _writes_as_constituent(text: str, start: int, end: int) -> bool:
    """``_WRITER_INDIVIDUAL.search(text, start, end)``; in ASCII text, tried only near its
    words (each at a word's start)."""
    lower = ascii_lower(text) if end - start >= NEAR_SCAN_CHARS else None
    if lower is None:
        return _WRITER_INDIVIDUAL.search(text, start, end) is not None
    for words, words_before in _WRITER_WORDS:
        anchors = find_word_starts(lower, words, start, end)
        writer = finditer_near(
            _WRITER_INDIVIDUAL, _WRITER_STARTS, text, anchors, words_before, start, end
        )
        if next(writer, None) is not None:
            return True
    return False


# These three are written to start with their first letters, as _RECIPIENT_MP_CUES is: each
# matches what its ``(?i)\b(?:my|...)`` form matches.
_INDIVIDUAL_VOICE = re.compile(
    r"[AaIiMmOoVvYy\u0130\u0131](?<!\w.)(?i:(?<=m)y\s+representative|(?<=m)y\s+(?:local\s+)?mp|"
    r"(?<=o)ur\s+mp|(?<=y)our\s+party|(?<=i)\s+voted|(?<=v)ote[sd]?\s+for\s+you|"
    r"(?<=a)s\s+(?:a|your)\s+constituent|(?<=i)\s+am\s+(?:a|one\s+of\s+your)\s+constituents?|"
    r"(?<=i)\s+live\s+in|(?<=m)y\s+(?:family|son|daughter|husband|wife|partner|mother|father|"
    r"children|home|neighbours)|(?<=a)s\s+a\s+(?:parent|resident|voter|taxpayer|pensioner)|"
    r"(?<=y)ours\s+hopefully)\b"
)


_INSTITUTIONAL_VOICE = re.compile(
    r"[MmOoPpTtYy](?<!\w.)(?i:(?<=y)our\s+constituents?|(?<=p)arliamentary\s+question|"
    r"(?<=m)y\s+officials|(?<=o)fficials|(?<=o)ur\s+ref|"
    r"(?<=t)he\s+(?:department|agency|authority|board|commission|service|ministry|trust|council)"
    r"(?:['’]s)?\b|(?<=o)ur\s+(?:guidance|policy|staff|records|customers|teams?|investigation))"
)


_MY_INBOX = re.compile(
    r"[Mm](?<!\w[Mm])(?i:y\s+(?:parliamentary\s+)?(?:inbox|constituency\s+office))\b"
)


_MONTH_LINE = re.compile(
    r"(?im)^[ \t]*(january|february|march|april|may|june|july|august|september|october|"
    r"november|december)[ \t]+((?:19|20)\d\d)[ \t]*$"
)


#: Every match of _ANSWERS_FOR_GOVERNMENT holds one of these (in lower case).
_FOR_GOVERNMENT_WORDS = ("your department", "your ministry", "ministerial colleagues",
                         "government is", "government are", "government will", "government has",
                         "government intends", "whether the government")  # fmt: skip
_ANSWERS_FOR_GOVERNMENT = re.compile(
    r"(?i)\byour\s+(?:department|ministry|ministerial\s+colleagues)\b|"
    r"\bwhat\s+(?:action|steps|measures)\s+(?:the\s+|your\s+|HM\s+)?government\s+"
    r"(?:is|are|will|has|intends)\b|\bwhether\s+the\s+government\s+(?:will|intends)\b"
)


def _month_dated(view: str) -> dt.date | None:
    """A letter dated by month alone on a line of its own near the top ("May 2012"): the
    middle of that month, near enough to say who sat in the Commons then."""
    match = _MONTH_LINE.search(view, 0, min(len(view), 800))
    if match is None:
        return None
    return dt.date(int(match.group(2)), MONTHS[match.group(1).lower()], 15)


def _signed_name_and_town(signature: Signature) -> bool:
    """Signed "Paul Doe, Kelby": a name and the town the writer lives in, as readers sign
    letters to the press and open letters; no body signs so."""
    if signature.name is None or signature.roles or signature.orgs or not signature.lines:
        return False
    line = signature.lines[0].text.strip()
    head, comma, town = line.partition(", ")
    named = clean_name(head) if comma else None
    if named is None or named.name != signature.name.name:
        return False
    return town.strip(" .") in gazetteer()


def _signs_as_a_person(
    signature: Signature, senders: list[HeaderBlock], cover: Cover, roles: list[str]
) -> bool:
    """Signed with a name and nothing else: no office, no body, no letterhead, no heading
    naming a body (bodies sign with a role or under their name)."""
    return (
        signature.name is not None
        and not roles
        and not signature.orgs
        and not any(b.orgs or b.roles for b in senders)
        and not (cover.sender is not None and cover.sender.org)
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
        # A peer in the chair chairs a Lords committee, whatever its name says.
        return ("mp" if chair[0] and not peer else "lords"), 0.85
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


def _named_as_devolved_member(head: str, name: str) -> bool:
    """Whether ``head`` writes ``name`` with a devolved legislature's letters after it ("Jo
    Doe MSP"); the name's own pattern is built only when such letters are there at all."""
    if "MS" not in head and "MLA" not in head and "AM" not in head:
        return False
    return re.search(re.escape(name) + _DEVOLVED_AFTER_NAME, head) is not None


def _official_address(header: str) -> bool:
    _display, address = email.utils.parseaddr(header)
    domain = address.rsplit("@", 1)[-1].lower()
    return (
        domain.endswith(".gov.uk") or domain.endswith(".nhs.uk") or domain.endswith(".police.uk")
    ) and not domain.endswith("parliament.uk")
