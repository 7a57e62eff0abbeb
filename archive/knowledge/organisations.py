"""The organisations registry: names, spellings, kinds, parents and renames, from the data file.

``archive/data/organisations.json`` is built by ``tools/build_organisations.py`` (sources and
licence in its "about"). Everything here reads it once, on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from archive.words import key_words, plain_words

if TYPE_CHECKING:
    from archive.models import Metadata

DepartmentMatch = Literal["same", "renamed", "related", "similar", "different"]
Day = dt.date | str | None

#: Kinds that are not "a public body or organisation" for a letter's direction.
_NOT_PUBLIC = frozenset({"parliament", "select_committee", "office_of_house"})
#: The Houses of Parliament and the devolved legislatures: on a letterhead they say where
#: a member or a committee sits, not a body the letter is written for.
LEGISLATURES = frozenset(
    {
        "House of Commons",
        "House of Lords",
        "Senedd",
        "Scottish Parliament",
        "Northern Ireland Assembly",
    }
)


@dataclass(frozen=True, slots=True)
class OrgMatch:
    name: str
    start: int
    end: int
    known: bool


@dataclass(frozen=True, slots=True)
class _Organisation:
    name: str
    kind: str
    parent: str | None
    spellings: tuple[str, ...]
    email_domains: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Succession:
    before: str
    after: str
    on: str
    kind: str


@dataclass(frozen=True, slots=True)
class _Registry:
    organisations: dict[str, _Organisation]
    successions: tuple[_Succession, ...]
    related: tuple[tuple[str, str], ...]
    role_patterns: tuple[tuple[re.Pattern[str], str], ...]
    portfolios: dict[str, tuple[tuple[str, str, str], ...]]
    shapes: tuple[tuple[re.Pattern[str], str], ...]
    email_domains: tuple[tuple[str, str], ...]
    about: Mapping[str, Any]


def _load_json() -> dict[str, Any]:
    text = resources.files("archive").joinpath("data", "organisations.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def registry() -> _Registry:
    """The registry, read from the data file on first use."""
    data = _load_json()
    organisations = {
        entry["name"]: _Organisation(
            entry["name"],
            entry["kind"],
            entry.get("parent"),
            tuple(entry.get("spellings") or ()),
            tuple(entry.get("email_domains") or ()),
        )
        for entry in data["organisations"]
    }
    portfolios: dict[str, list[tuple[str, str, str]]] = {}
    for entry in data.get("portfolios", ()):
        portfolios.setdefault(_portfolio_key(entry["portfolio"]), []).append(
            (entry["department"], entry.get("from") or "", entry.get("until") or "")
        )
    return _Registry(
        organisations=organisations,
        successions=tuple(
            _Succession(s["from"], s["to"], s["on"], s["kind"]) for s in data["successions"]
        ),
        related=tuple((r["body"], r["department"]) for r in data.get("related", ())),
        role_patterns=tuple(
            (re.compile(r["pattern"], re.IGNORECASE), r["department"])
            for r in data.get("role_patterns", ())
        ),
        portfolios={key: tuple(value) for key, value in portfolios.items()},
        shapes=tuple((re.compile(s["pattern"]), s["kind"]) for s in data.get("shapes", ())),
        email_domains=tuple(
            (domain, org.name) for org in organisations.values() for domain in org.email_domains
        ),
        about=data.get("about", {}),
    )


def departments() -> dict[str, tuple[str, ...]]:
    """Canonical name -> spellings (regular expressions), for every known organisation."""
    return {name: org.spellings for name, org in registry().organisations.items()}


# --------------------------------------------------------------------------- finding names

_ORG_WORDS = (
    r"Council|Police|Constabulary|Committee|Commission|Agency|Authority|Service|Services|"
    r"Trust|Board|Inspectorate|Ombudsman|Executive|Directorate|Office|Department|Ministry|"
    r"Tribunal|Court|Partnership|Group|Unit|Association|Foundation|Society|Charity|"
    r"University|College|School|Academy|Hospital|Fire\s+and\s+Rescue\s+Service|Network|Institute"
)
_CAP = r"[A-Z][\w'’&\-]*"
#: A capitalised word of a name, not a letterhead's next item ("... Standards Website").
_CAP_NAMING = rf"(?!(?:Website|Web|Telephone|Tel|Email|E-mail|Fax|Phone)\b){_CAP}"
GENERIC_ORG = re.compile(
    rf"\b(?:(?:The|HM|H\.M\.)\s+)?(?:{_CAP}(?:,)?\s+(?:(?:and|&|of|for|the|upon|on)\s+)*){{0,7}}"
    rf"(?:{_ORG_WORDS})\b(?:\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+(?:and|&)\s+{_CAP}|\s+{_CAP}){{0,4}}"
    # "Committee on Standards", "Commission on Human Medicines" (not "Board on Monday").
    rf"|(?:(?<=Committee)|(?<=Commission))\s+on\s+(?:the\s+)?{_CAP_NAMING}"
    rf"(?:\s+(?:and|&)\s+{_CAP_NAMING}|\s+{_CAP_NAMING}){{0,3}})?"
)
_NOT_ORGS = {
    "Office",
    "Department",
    "Council",
    "Service",
    "Services",
    "The Council",
    "Board",
    # A kind of body alone names none ("Response to the Committee's Questions").
    "Committee",
    "The Committee",
    "Commission",
    "Agency",
    "Authority",
}
#: The word every ``GENERIC_ORG`` match holds: a line without one is not searched in full.
_ORG_WORD = re.compile(rf"(?:{_ORG_WORDS})\b")


#: Not inside a longer word or name: around every spelling.
_NOT_AFTER = r"(?<![\w&])"
_NOT_BEFORE = r"(?![\w&])"


def _is_acronym(spelling: str) -> bool:
    return spelling.startswith(r"\b") and spelling[2:3].isupper()


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, frozenset[str], re.Pattern[str]]]:
    """Each spelling with the words a line must contain for it to match (a cheap filter)."""
    patterns = []
    for canonical_name, spellings in departments().items():
        for spelling in spellings:
            flags = 0 if _is_acronym(spelling) else re.IGNORECASE
            plain = re.sub(r"\(\?[^)]*\)|\\[a-zA-Z]", " ", spelling.lower())
            # A word with a class or a quantifier in it ("defen[cs]e", "colou?r") is written
            # in no single way: not needed as written.
            plain = re.sub(r"[\w'’&\-]*(?:\[[^\]]*\]|[a-z]\?)[\w'’&\-]*", " ", plain)
            needed = frozenset(plain_words(plain, 3))
            compiled = re.compile(f"{_NOT_AFTER}{spelling}{_NOT_BEFORE}", flags)
            patterns.append((canonical_name, needed, compiled))
    return patterns


#: A spelling opening with the letters it is written with ("NS&I" in ``\bNS&I\b``).
_OPENING_LETTERS = re.compile(r"\\b([A-Za-z0-9&]+)(.?)")


def _text_needed(pattern: re.Pattern[str]) -> str:
    """Text a line must contain, as written, for a spelling to match it ("NS&I"), or ""
    when that cannot be told: the opening letters of a spelling matched case-sensitively
    (an acronym) and with no alternatives that could open otherwise."""
    spelling = pattern.pattern.removeprefix(_NOT_AFTER).removesuffix(_NOT_BEFORE)
    opening = _OPENING_LETTERS.match(spelling)
    if pattern.flags & re.IGNORECASE or opening is None or _alternatives(spelling) != [spelling]:
        return ""
    letters, following = opening.groups()
    # A quantifier after the last letter may leave it out ("NHSBSA?", "G4S*").
    return letters[:-1] if following in ("?", "*", "{") else letters


def _alternatives(pattern: str) -> list[str] | None:
    """A pattern split at its "|" outside any group ("a|b(?:c|d)" -> "a", "b(?:c|d)"); None
    when it has a character class as well (a "|" or "(" in one is a plain character)."""
    if "|" not in pattern:
        return [pattern]
    if "[" in pattern:
        return None
    alternatives, depth, escaped, opened = [], 0, False, 0
    for at, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            alternatives.append(pattern[opened:at])
            opened = at + 1
    return [*alternatives, pattern[opened:]]


@lru_cache(maxsize=1)
def _pattern_index() -> tuple[tuple[tuple[str, int], ...], dict[str, tuple[int, ...]]]:
    """Spellings to try for a line: those needing no word, each with the text it needs
    (``_text_needed``), and the others by one needed word.

    Each spelling is filed under the needed word fewest spellings share, so a line is
    checked only against spellings one of its words can complete, in registry order; a
    spelling needing no word is checked only when its text is in the line, as a search
    of every line for "NS&I" or "G4S" found it in few and cost most of the look-up.
    """
    patterns = _patterns()
    sharing: dict[str, int] = {}
    for _name, needed, _pattern in patterns:
        for word in needed:
            sharing[word] = sharing.get(word, 0) + 1
    by_text: list[tuple[str, int]] = []
    by_word: dict[str, list[int]] = {}
    for index, (_name, needed, pattern) in enumerate(patterns):
        if not needed:
            by_text.append((_text_needed(pattern), index))
            continue
        key = min(sorted(needed), key=lambda word: (sharing[word], -len(word)))
        by_word.setdefault(key, []).append(index)
    return tuple(by_text), {word: tuple(indexes) for word, indexes in by_word.items()}


def find_org(text: str, offset: int = 0) -> OrgMatch | None:
    """The first organisation named in ``text`` (a line): a known one first, else by shape."""
    return _moved(_find_org(text), offset)


def find_known_org(text: str, offset: int = 0) -> OrgMatch | None:
    """The first organisation the registry knows named in ``text``: ``find_org`` when that
    finds a known one, else None (no guess by shape, which costs a scan of the text)."""
    return _moved(_find_known_org(text), offset)


def _moved(found: OrgMatch | None, offset: int) -> OrgMatch | None:
    if found is None or not offset:
        return found
    return OrgMatch(found.name, found.start + offset, found.end + offset, found.known)


def _as_written(text: str) -> str:
    """Letterheads in capitals ("ASHBY MARSH POLICE") in title case."""
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) - len(encoded.translate(None, _ASCII_LOWER)) >= 0.2 * len(text):
        return text  # a fifth in lower case: not capitals (counted in C: sentences come here)
    if " " not in text.strip() and len(text.strip()) <= 8:
        return text  # one short word in capitals is an acronym ("HMRC", "DVLA"), not a heading
    if sum(map(str.isupper, text)) > 0.8 * sum(map(str.isalpha, text)) > 3:
        return _title(text)
    return text


_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


@lru_cache(maxsize=16384)
def _find_org(text: str) -> OrgMatch | None:
    """``find_org`` at offset 0, cached: the same letterhead lines recur across an archive."""
    best = _find_known_org(text)
    if best is not None and best.start > 0 and "Committee" in text[: best.start]:
        # "Treasury Committee House of Commons, Committee Office, ...": the committee heading
        # a letterhead, not the House it sits in.
        head = GENERIC_ORG.search(_as_written(text[: best.start]))
        if head is not None and head.group().strip(" ,").endswith("Committee"):
            name = head.group().strip(" ,")
            return OrgMatch(name, head.start(), head.start() + len(name), False)
    if best is not None:
        return best
    text = _as_written(text)
    generic = GENERIC_ORG.search(text) if _ORG_WORD.search(text) else None
    if (
        generic
        and generic.group().strip() not in _NOT_ORGS
        # A footer's status line: "Registered Charity no. 1102634", "Registered Office: ...".
        and not generic.group().lstrip().startswith("Registered ")
    ):
        name = generic.group().strip(" ,")
        start = generic.start()
        member = _MEMBER_BEFORE.match(name)
        if member is not None:
            # "Colin Mcgrath, MLA Committee for the Executive Office": a member's name and
            # letters run into the body's name by a flattened address block.
            name, start = name[member.end() :], start + member.end()
        return OrgMatch(name, start, start + len(name), False)
    return None


#: A person's name and a member's letters before a body's name ("Jo Doe, MLA Committee ...").
_MEMBER_BEFORE = re.compile(
    r"^[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){1,3},?\s+(?:MP|MLA|MSP|MS|AM)\s+(?=[A-Z])"
)


@lru_cache(maxsize=16384)
def _find_known_org(text: str) -> OrgMatch | None:
    """``find_known_org`` at offset 0, cached."""
    text = _as_written(text)
    words = set(plain_words(text, 3))
    best: OrgMatch | None = None
    patterns = _patterns()
    by_text, by_word = _pattern_index()
    candidates = [index for needed_text, index in by_text if needed_text in text]
    for word in words:
        candidates.extend(by_word.get(word, ()))
    if not candidates:
        return None
    candidates.sort()
    for index in candidates:
        canonical_name, needed, pattern = patterns[index]
        if not needed <= words:
            continue
        match = pattern.search(text)
        if match and (best is None or match.start() < best.start):
            best = OrgMatch(canonical_name, match.start(), match.end(), True)
    return best


#: The words a name in title case keeps in lower case ("Department for Transport").
TITLE_SMALL_WORDS = frozenset({"of", "and", "for", "the", "on", "upon", "in"})


def _title(text: str) -> str:
    small = TITLE_SMALL_WORDS
    words = re.split(r"(\s+)", text)
    return "".join(
        w if w.isspace() else (w.lower() if w.lower() in small and i else w[:1] + w[1:].lower())
        for i, w in enumerate(words)
    )


@lru_cache(maxsize=1)
def _exact_names() -> dict[str, str]:
    """Canonical names (as written and in lower case) and acronyms (as written) -> name."""
    names: dict[str, str] = {}
    for name, org in registry().organisations.items():
        names[name] = names[name.lower()] = name
        for spelling in org.spellings:
            if _is_acronym(spelling):
                names.setdefault(spelling[2:-2], name)
    return names


@lru_cache(maxsize=8192)
def _known(name: str) -> str | None:
    """The canonical name for a name or spelling the registry knows (the whole of ``name``)."""
    text = name.strip()
    exact = _exact_names().get(text) or _exact_names().get(text.lower())
    if exact is not None:
        return exact
    found = _find_org(text)
    if found is not None and found.known and found.end - found.start >= 0.8 * len(text):
        return found.name
    return None


# --------------------------------------------------------------------------- kinds, parents


def _day(on: Day) -> str | None:
    if on is None or on == "":
        return None
    return on.isoformat() if isinstance(on, dt.date) else str(on)[:10]


@lru_cache(maxsize=8192)
def org_kind(name: str | None) -> str | None:
    """What an organisation is: department, agency, regulator, council, nhs, company, ..."""
    if not name:
        return None
    known = _known(name)
    if known is not None:
        return registry().organisations[known].kind
    for pattern, kind in registry().shapes:
        if pattern.search(name):
            return kind
    return None


def is_public_body(name: str | None) -> bool:
    """A public body or organisation (not Parliament, a committee, an office of the House)."""
    kind = org_kind(name)
    return kind is not None and kind not in _NOT_PUBLIC


def parent_department(name: str | None, on: Day = None) -> str | None:
    """The department an agency or body answers to, by its name in force on ``on``."""
    known = _known(name) if name else None
    if known is None:
        return None
    parent = registry().organisations[known].parent
    return canonical(parent, on) if parent else None


@lru_cache(maxsize=1)
def _steps() -> tuple[dict[str, tuple[_Succession, ...]], dict[str, tuple[_Succession, ...]]]:
    """The renames into each name, and the renames and merges out of each (registry order):
    a date's look-up reads the few steps of its name, not every succession."""
    into: dict[str, list[_Succession]] = {}
    out_of: dict[str, list[_Succession]] = {}
    for step in registry().successions:
        if step.kind == "rename":
            into.setdefault(step.after, []).append(step)
        if step.kind in ("rename", "merge"):
            out_of.setdefault(step.before, []).append(step)
    return (
        {name: tuple(steps) for name, steps in into.items()},
        {name: tuple(steps) for name, steps in out_of.items()},
    )


@lru_cache(maxsize=8192)
def _canonical(name: str, day: str | None) -> str | None:
    known = _known(name)
    if known is None or day is None:
        return known
    renamed_into, leaving = _steps()
    current, until = known, "9999-12-31"
    for _ in range(16):  # a later name on an earlier date: walk renames back (DCMS in 2001)
        earlier = [s for s in renamed_into.get(current, ()) if day < s.on < until]
        if not earlier:
            break
        step = max(earlier, key=lambda s: s.on)
        current, until = step.before, step.on
    since = ""
    for _ in range(16):  # renames may cycle (MHCLG -> DLUHC -> MHCLG): follow them by date
        later = [s for s in leaving.get(current, ()) if since < s.on <= day]
        if not later:
            break
        step = min(later, key=lambda s: s.on)
        current, since = step.after, step.on
    return current


def canonical(name: str | None, on: Day = None) -> str | None:
    """The registry's name for an organisation; with a date, the name it had by then."""
    return _canonical(name.strip(), _day(on)) if name else None


def acronym(name: str) -> str | None:
    """The usual short name of an organisation ("DfE" for "Department for Education")."""
    return _acronym(name)


_ACRONYM = re.compile(r"\\b([A-Za-z&]{2,8})\\b")


@lru_cache(maxsize=1024)
def _acronym(name: str) -> str | None:
    org = registry().organisations.get(name)
    for spelling in org.spellings if org else ():
        match = _ACRONYM.fullmatch(spelling)
        # A short name is capitalised ("DfE", "HMPPS", "Defra"); the pattern of a one-word
        # name ("ofsted" for Ofsted) is not one.
        if match and match.group(1)[0].isupper() and match.group(1).lower() != name.lower():
            return match.group(1)
    return None


def org_for_email(address: str) -> str | None:
    """The organisation a public e-mail address belongs to, by its domain."""
    domain = address.rsplit("@", 1)[-1].lower().strip(" >")
    for suffix, org in registry().email_domains:
        if domain == suffix or domain.endswith("." + suffix):
            return org
    return None


_GOV_UK_PAGE = re.compile(
    r"(?i)\bgov\.uk/(?:government/organisations/)?(?P<slug>[a-z][a-z0-9\-]{1,80})(?![\w\-/])"
)


_GOV_UK_SITE = re.compile(r"(?i)\bwww\.(?P<domain>[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.gov\.uk)\b")


def org_for_gov_uk_page(text: str) -> str | None:
    """The organisation a GOV.UK address in a letterhead names ("www.gov.uk/hm-treasury",
    "gov.uk/government/organisations/home-office", "www.gov.uk/dft", "www.dwp.gov.uk"), by
    its name in GOV.UK's form."""
    match = _GOV_UK_PAGE.search(text)
    if match is not None:
        slug = match.group("slug").lower()
        # A department's short address is its e-mail's name ("www.gov.uk/dft": dft.gov.uk).
        return _gov_uk_slugs().get(slug) or org_for_email(f"@{slug}.gov.uk")
    # A department's own site before GOV.UK ("www.dwp.gov.uk"): its domain, as its e-mail's.
    site = _GOV_UK_SITE.search(text)
    return org_for_email("@" + site.group("domain")) if site is not None else None


@lru_cache(maxsize=1)
def _gov_uk_slugs() -> dict[str, str]:
    """Each known organisation's name as GOV.UK writes it in an address: lower case, words
    joined by hyphens, "&" as "and" ("Department for Digital, Culture, Media & Sport" ->
    "department-for-digital-culture-media-and-sport")."""
    slugs: dict[str, str] = {}
    for name in registry().organisations:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")
        slugs.setdefault(slug, name)
    return slugs


# --------------------------------------------------------------------------- roles

_PORTFOLIO_IN_ROLE = re.compile(
    r"\(([^()]+)\)|\b(?:minister|secretary)(?:\s+of\s+state)?\s+for\s+(.+)$", re.IGNORECASE
)


def _portfolio_key(text: str) -> str:
    return " ".join(key_words(re.sub(r"^the\s+", "", text.strip().lower())))


def department_for_role(role: str, on: Day = None) -> str | None:
    """The department a ministerial title belongs to ("Minister for Immigration" -> Home Office).

    With a date, the department's name in force then.
    """
    department = _department_for_role(role)
    return _renamed(department, on) if on and department else department


#: Characters that stand for themselves in a pattern (letters in either case, when case-blind).
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,'-")


def _opening(alternative: str) -> str:
    r"""The longest run of plain characters every match of an alternative of a role pattern
    holds, in lower case ("scotland" in ``for\s+scotland``); "" when none can be told."""
    if not alternative.isascii() or "{" in alternative:
        return ""
    runs: list[str] = []
    current: list[str] = []
    depth, escaped = 0, False
    for char in alternative:
        if escaped:
            escaped = False
            continue
        if depth == 0 and char in _PLAIN:
            current.append(char)
            continue
        if char in "?*" and depth == 0 and current:
            current.pop()  # the last character may be left out ("schools?")
        runs.append("".join(current))
        current = []
        escaped = char == "\\"
        depth += 1 if char == "(" else -1 if char == ")" else 0
    runs.append("".join(current))
    return max(runs, key=len).lower()


@lru_cache(maxsize=1)
def _role_openings() -> tuple[tuple[str, ...], ...]:
    """For each role pattern, the texts a role in plain ASCII must hold (in lower case) for
    it to match, one of them: "" when that cannot be told, which every role holds."""
    openings = []
    for pattern, _department in registry().role_patterns:
        # Spaces in a verbose pattern are not characters to find.
        alternatives = None if pattern.flags & re.VERBOSE else _alternatives(pattern.pattern)
        openings.append(tuple(map(_opening, alternatives)) if alternatives else ("",))
    return tuple(openings)


@lru_cache(maxsize=4096)
def _department_for_role(role: str) -> str | None:
    # In plain ASCII, a case-blind pattern's plain characters match only themselves in either
    # case; most roles ("Member of Parliament for ...") hold none of the patterns' openings,
    # and testing those is cheaper than 29 searches.
    # Of two offices held together, the first named ("Minister for the Cabinet Office and
    # Paymaster General": the Cabinet Office).
    lowered = role.lower() if role.isascii() else ""
    first: tuple[int, str] | None = None
    for (pattern, department), openings in zip(
        registry().role_patterns, _role_openings(), strict=True
    ):
        if lowered and not any(opening in lowered for opening in openings):
            continue
        found = pattern.search(role)
        if found is not None and (first is None or found.start() < first[0]):
            first = (found.start(), department)
    if first is not None:
        return first[1]
    match = _PORTFOLIO_IN_ROLE.search(role)
    if match:
        held = registry().portfolios.get(_portfolio_key(match.group(1) or match.group(2) or ""))
        if held:
            return max(held, key=lambda entry: entry[2])[0]
    return None


# --------------------------------------------------------------------------- departments

_SMALL_WORDS = frozenset("the and of for on in to".split())


def _name_words(name: str) -> tuple[str, ...]:
    text = re.sub(r"\b(?:his|her)\s+majesty'?s\b", "hm", name.lower())
    text = re.sub(r"\bh\.\s?m\.", "hm", text)
    return tuple(key_words(text))


@lru_cache(maxsize=4096)
def _department_form(name: str) -> tuple[str, frozenset[str], str, str]:
    """(comparable name, its significant words, acronym of all words, of significant ones)."""
    words = _name_words(name)
    significant = tuple(w for w in words if w not in _SMALL_WORDS and w != "hm")
    comparable = " ".join(w for w in words if w != "the")
    every = "".join(w[0] for w in words if w not in {"the", "and"})
    return comparable, frozenset(significant), every, "".join(w[0] for w in significant)


@lru_cache(maxsize=1)
def _department_tables() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Comparable name -> its predecessors and successors; -> the bodies related to it."""
    later: dict[str, set[str]] = {}
    for step in registry().successions:
        key = _department_form(step.before)[0]
        later.setdefault(key, set()).add(_department_form(step.after)[0])
    renamed: dict[str, set[str]] = {}
    for name in later:
        # Everything reachable by successions, and back: ancestors and descendants, no siblings.
        reached: set[str] = set()
        waiting = [name]
        while waiting:
            for after in later.get(waiting.pop(), ()):
                if after not in reached:
                    reached.add(after)
                    waiting.append(after)
        for other in reached - {name}:
            renamed.setdefault(name, set()).add(other)
            renamed.setdefault(other, set()).add(name)
    pairs = [
        (org.parent, org.name)
        for org in registry().organisations.values()
        if org.parent and org.kind not in ("department", "devolved")
    ]
    related: dict[str, set[str]] = {}
    for parent, body in [*pairs, *((d, b) for b, d in registry().related)]:
        parent_key = _department_form(parent)[0]
        family = {parent_key} | renamed.get(parent_key, set())
        body_key = _department_form(body)[0]
        for name in family:
            related.setdefault(name, set()).add(body_key)
            related.setdefault(body_key, set()).add(name)
    return renamed, related


@lru_cache(maxsize=16384)
def department_match(first: str | None, second: str | None) -> DepartmentMatch | None:
    """How two department names compare, allowing for renames and agencies; None if unknown."""
    if not first or not second:
        return None
    one, two = _department_form(first), _department_form(second)
    if one[0] == two[0]:
        return "same"
    renamed, related = _department_tables()
    if two[0] in renamed.get(one[0], ()):
        return "renamed"
    if two[0] in related.get(one[0], ()):
        return "related"
    # An acronym against its name ("DfT", "Department for Transport").
    for short, long in ((one, two), (two, one)):
        if " " not in short[0] and short[0] in (long[2], long[3]) and len(short[0]) >= 2:
            return "similar"
    if one[1] and two[1]:
        overlap = len(one[1] & two[1]) / len(one[1] | two[1])
        if overlap >= 0.6:
            return "similar"
    return "different"


_SIDES = {"to_mp": ("sender_org", "sender_role"), "from_mp": ("recipient_org", "recipient_role")}


def department_of(metadata: Mapping[str, Any]) -> str | None:
    """The department across from the MP in a letter, by its name on the letter's date.

    For a reply to an MP, the writer's organisation; for an MP's letter, the addressee's;
    failing that, the department the minister's title names. In any other letter (a
    department writing to a council, a peer to a minister), the writer's organisation, else
    the addressee's: the body party to it.
    """
    side = _SIDES.get(str(metadata.get("direction")))
    if side is None:
        return _party_body(metadata)
    org_key, role_key = side
    on = metadata.get("date") or None
    org = metadata.get(org_key)
    if org and org != "House of Commons":
        return _renamed(str(org), on)
    role = metadata.get(role_key)
    return department_for_role(str(role), on) if role else None


def department_of_metadata(metadata: Metadata) -> str | None:
    """``department_of`` for a letter's extracted (and corrected) metadata."""
    return department_of(
        {
            "direction": metadata.direction,
            "date": metadata.date,
            "sender_org": metadata.sender_org,
            "sender_role": metadata.sender_role,
            "recipient_org": metadata.recipient_org,
            "recipient_role": metadata.recipient_role,
        }
    )


def _party_body(metadata: Mapping[str, Any]) -> str | None:
    on = metadata.get("date") or None
    for key in ("sender_org", "recipient_org"):
        org = metadata.get(key)
        if org and org not in LEGISLATURES:
            return _renamed(str(org), on)
    return None


def _renamed(name: str, on: Day) -> str:
    """``name`` as written, unless the organisation had been renamed by ``on``."""
    now = canonical(name, on)
    return now if now is not None and now != canonical(name) else name
