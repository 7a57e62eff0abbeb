"""Who writes to whom: government departments, public bodies, offices and roles.

Tables, not code: a canonical name per organisation with the ways letters write it, and the
roles that tell a minister or official from an MP writing as an MP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Canonical name -> spellings (regular expressions, matched case-insensitively on word edges).
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "Home Office": (r"home\s+office",),
    "HM Treasury": (r"h\.?\s?m\.?\s+treasury", r"her\s+majesty'?s\s+treasury", r"his\s+majesty'?s\s+treasury", r"the\s+treasury"),
    "Cabinet Office": (r"cabinet\s+office",),
    "Prime Minister's Office": (r"prime\s+minister'?s\s+office", r"10\s+downing\s+street"),
    "Department for Education": (r"department\s+for\s+education", r"\bDfE\b"),
    "Department of Health and Social Care": (r"department\s+of\s+health\s+(?:and|&)\s+social\s+care", r"\bDHSC\b"),
    "Department of Health": (r"department\s+of\s+health(?!\s+(?:and|&)\s+social)",),
    "Ministry of Justice": (r"ministry\s+of\s+justice", r"\bMoJ\b"),
    "Department for Work and Pensions": (r"department\s+for\s+work\s+(?:and|&)\s+pensions", r"\bDWP\b"),
    "Ministry of Defence": (r"ministry\s+of\s+defen[cs]e", r"\bMoD\b"),
    "Department for Transport": (r"department\s+for\s+transport", r"\bDfT\b"),
    "Department for Environment, Food and Rural Affairs": (r"department\s+for\s+(?:the\s+)?environment,?\s+food\s+(?:and|&)\s+rural\s+affairs", r"\bDefra\b"),
    "Department for Communities and Local Government": (r"department\s+for\s+communities\s+(?:and|&)\s+local\s+government", r"\bDCLG\b"),
    "Ministry of Housing, Communities and Local Government": (r"ministry\s+of\s+housing,?\s+communities\s+(?:and|&)\s+local\s+government", r"\bMHCLG\b"),
    "Department for Levelling Up, Housing and Communities": (r"department\s+for\s+levelling\s+up,?\s+housing\s+(?:and|&)\s+communities", r"\bDLUHC\b"),
    "Foreign, Commonwealth & Development Office": (r"foreign,?\s+commonwealth\s+(?:and|&)\s+development\s+office", r"\bFCDO\b"),
    "Foreign and Commonwealth Office": (r"foreign\s+(?:and|&)\s+commonwealth\s+office", r"\bFCO\b"),
    "Department for International Development": (r"department\s+for\s+international\s+development", r"\bDfID\b"),
    "Department for International Trade": (r"department\s+for\s+international\s+trade", r"\bDIT\b"),
    "Department for Business and Trade": (r"department\s+for\s+business\s+(?:and|&)\s+trade", r"\bDBT\b"),
    "Department for Business, Energy and Industrial Strategy": (r"department\s+for\s+business,?\s+energy\s+(?:and|&)\s+industrial\s+strategy", r"\bBEIS\b"),
    "Department for Business, Innovation and Skills": (r"department\s+for\s+business,?\s+innovation\s+(?:and|&)\s+skills", r"\bBIS\b"),
    "Department of Energy and Climate Change": (r"department\s+of\s+energy\s+(?:and|&)\s+climate\s+change", r"\bDECC\b"),
    "Department for Energy Security and Net Zero": (r"department\s+for\s+energy\s+security\s+(?:and|&)\s+net\s+zero", r"\bDESNZ\b"),
    "Department for Science, Innovation and Technology": (r"department\s+for\s+science,?\s+innovation\s+(?:and|&)\s+technology", r"\bDSIT\b"),
    "Department for Digital, Culture, Media and Sport": (r"department\s+for\s+digital,?\s+culture,?\s+media\s+(?:and|&)\s+sport", r"\bDCMS\b"),
    "Department for Culture, Media and Sport": (r"department\s+for\s+culture,?\s+media\s+(?:and|&)\s+sport",),
    "Department for Exiting the European Union": (r"department\s+for\s+exiting\s+the\s+european\s+union", r"\bDExEU\b"),
    "Northern Ireland Office": (r"northern\s+ireland\s+office",),
    "Scotland Office": (r"scotland\s+office", r"office\s+of\s+the\s+secretary\s+of\s+state\s+for\s+scotland"),
    "Wales Office": (r"wales\s+office", r"office\s+of\s+the\s+secretary\s+of\s+state\s+for\s+wales"),
    "Attorney General's Office": (r"attorney\s+general'?s\s+office",),
    "Office of the Leader of the House of Commons": (r"office\s+of\s+the\s+leader\s+of\s+the\s+house\s+of\s+commons",),
    "Government Equalities Office": (r"government\s+equalities\s+office",),
    "HM Revenue & Customs": (r"h\.?m\.?\s+revenue\s+(?:and|&)\s+customs", r"\bHMRC\b"),
    "UK Visas and Immigration": (r"uk\s+visas\s+(?:and|&)\s+immigration", r"\bUKVI\b"),
    "HM Passport Office": (r"h\.?m\.?\s+passport\s+office", r"\bHMPO\b"),
    "Border Force": (r"border\s+force",),
    "Immigration Enforcement": (r"immigration\s+enforcement",),
    "HM Prison and Probation Service": (r"h\.?m\.?\s+prison\s+(?:and|&)\s+probation\s+service", r"\bHMPPS\b"),
    "National Offender Management Service": (r"national\s+offender\s+management\s+service", r"\bNOMS\b"),
    "HM Courts & Tribunals Service": (r"h\.?m\.?\s+courts\s+(?:and|&)\s+tribunals\s+service", r"\bHMCTS\b"),
    "Legal Aid Agency": (r"legal\s+aid\s+agency",),
    "Crown Prosecution Service": (r"crown\s+prosecution\s+service", r"\bCPS\b"),
    "Child Maintenance Service": (r"child\s+maintenance\s+service",),
    "Jobcentre Plus": (r"jobcentre\s+plus",),
    "Driver and Vehicle Licensing Agency": (r"driver\s+(?:and|&)\s+vehicle\s+licensing\s+agency", r"\bDVLA\b"),
    "Driver and Vehicle Standards Agency": (r"driver\s+(?:and|&)\s+vehicle\s+standards\s+agency", r"\bDVSA\b"),
    "Ofsted": (r"\bofsted\b", r"office\s+for\s+standards\s+in\s+education"),
    "Ofqual": (r"\bofqual\b",),
    "Ofgem": (r"\bofgem\b",),
    "Ofcom": (r"\bofcom\b",),
    "Ofwat": (r"\bofwat\b",),
    "Care Quality Commission": (r"care\s+quality\s+commission", r"\bCQC\b"),
    "Charity Commission": (r"charity\s+commission",),
    "Environment Agency": (r"environment\s+agency",),
    "Highways England": (r"highways\s+england",),
    "National Highways": (r"national\s+highways",),
    "Network Rail": (r"network\s+rail",),
    "NHS England": (r"nhs\s+england",),
    "NHS Improvement": (r"nhs\s+improvement",),
    "Public Health England": (r"public\s+health\s+england",),
    "UK Health Security Agency": (r"uk\s+health\s+security\s+agency", r"\bUKHSA\b"),
    "Independent Office for Police Conduct": (r"independent\s+office\s+for\s+police\s+conduct", r"\bIOPC\b"),
    "Independent Police Complaints Commission": (r"independent\s+police\s+complaints\s+commission", r"\bIPCC\b"),
    "HM Inspectorate of Constabulary": (r"h\.?m\.?\s+inspectorate\s+of\s+constabulary", r"\bHMICFRS\b", r"\bHMIC\b"),
    "HM Inspectorate of Prisons": (r"h\.?m\.?\s+inspectorate\s+of\s+prisons",),
    "Student Loans Company": (r"student\s+loans\s+company",),
    "Companies House": (r"companies\s+house",),
    "HM Land Registry": (r"(?:h\.?m\.?\s+)?land\s+registry",),
    "Local Government Association": (r"local\s+government\s+association",),
    "Parliamentary and Health Service Ombudsman": (r"parliamentary\s+and\s+health\s+service\s+ombudsman",),
    "Local Government and Social Care Ombudsman": (r"local\s+government\s+(?:and\s+social\s+care\s+)?ombudsman",),
    "Information Commissioner's Office": (r"information\s+commissioner'?s\s+office", r"\bICO\b"),
    "Electoral Commission": (r"electoral\s+commission",),
    "Bank of England": (r"bank\s+of\s+england",),
    "Financial Conduct Authority": (r"financial\s+conduct\s+authority", r"\bFCA\b"),
    "Royal Mail": (r"royal\s+mail",),
    "Post Office": (r"post\s+office\s+ltd", r"post\s+office\s+limited"),
    "House of Commons": (r"house\s+of\s+commons", r"constituency\s+office", r"office\s+of\s+(?:[A-Z][\w'’\-]+\s+){1,4}MP"),
    "House of Lords": (r"house\s+of\s+lords",),
}  # fmt: skip

# Organisations not in the table, recognised by their shape: "Wexcombe Borough Council".
_ORG_WORDS = (
    r"Council|Police|Constabulary|Committee|Commission|Agency|Authority|Service|Services|"
    r"Trust|Board|Inspectorate|Ombudsman|Executive|Directorate|Office|Department|Ministry|"
    r"Tribunal|Court|Partnership|Group|Unit|Association|Foundation|Society|Charity|"
    r"University|College|School|Academy|Hospital|Fire\s+and\s+Rescue\s+Service|Network|Institute"
)
_CAP = r"[A-Z][\w'’&\-]*"
GENERIC_ORG = re.compile(
    rf"\b(?:(?:The|HM|H\.M\.)\s+)?(?:{_CAP}(?:,)?\s+(?:(?:and|&|of|for|the|upon|on)\s+)*){{0,7}}"
    rf"(?:{_ORG_WORDS})\b(?:\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+(?:and|&)\s+{_CAP}|\s+{_CAP}){{0,4}})?"
)

COMMITTEE = re.compile(
    r"\b((?:[A-Z][\w'’\-]*,?\s+(?:(?:and|&|of|for|the)\s+)*){1,7}(?:Select\s+)?Committee"
    r"|Committee\s+(?:of|on|for)\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’\-]*){0,5})\b"
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
    r"baroness\s+in\s+waiting)",
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
MP_ROLE = re.compile(r"\b(?:member\s+of\s+parliament|m\.?p\.?\s+for|mp\s+for)\b", re.IGNORECASE)
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

# A minister's title names the department it belongs to.
ROLE_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    (r"home\s+secretary|home\s+department|immigration|policing|crime|security\s+and|"
     r"for\s+security\b|safeguarding|fire\s+service|countering\s+extremism|border|"
     r"vulnerability", "Home Office"),
    (r"chancellor\s+of\s+the\s+exchequer|treasury|financial\s+secretary|economic\s+secretary|"
     r"exchequer\s+secretary|paymaster\s+general", "HM Treasury"),
    (r"for\s+education|schools?\b|children\s+and\s+families|higher\s+education|skills\b|"
     r"apprenticeships|education\s+secretary|universities", "Department for Education"),
    (r"health\s+and\s+social\s+care|social\s+care|health\s+secretary|for\s+health\b|"
     r"mental\s+health|public\s+health|primary\s+care|patient\s+safety", "Department of Health and Social Care"),
    (r"justice|lord\s+chancellor|prisons|probation|courts|victims", "Ministry of Justice"),
    (r"work\s+and\s+pensions|pensions|employment|disabled\s+people|welfare\s+delivery",
     "Department for Work and Pensions"),
    (r"defence|armed\s+forces|veterans|defence\s+procurement", "Ministry of Defence"),
    (r"transport|rail\b|railways|roads|aviation|maritime", "Department for Transport"),
    (r"environment,?\s+food|rural\s+affairs|farming|fisheries|floods|water\b",
     "Department for Environment, Food and Rural Affairs"),
    (r"communities\s+and\s+local\s+government", "Department for Communities and Local Government"),
    (r"housing,?\s+communities", "Ministry of Housing, Communities and Local Government"),
    (r"levelling\s+up", "Department for Levelling Up, Housing and Communities"),
    (r"foreign|commonwealth|overseas\s+territories|africa\b|middle\s+east|asia\b|europe\s+and",
     "Foreign Office"),
    (r"international\s+development", "Department for International Development"),
    (r"international\s+trade", "Department for International Trade"),
    (r"business,?\s+energy|industrial\s+strategy", "Department for Business, Energy and Industrial Strategy"),
    (r"business,?\s+innovation", "Department for Business, Innovation and Skills"),
    (r"business\s+and\s+trade", "Department for Business and Trade"),
    (r"energy\s+and\s+climate\s+change", "Department of Energy and Climate Change"),
    (r"energy\s+security|net\s+zero", "Department for Energy Security and Net Zero"),
    (r"science,?\s+innovation|technology", "Department for Science, Innovation and Technology"),
    (r"digital,?\s+culture|culture,?\s+media|sport\b|media\s+and|tourism|heritage|arts\b",
     "Department for Digital, Culture, Media and Sport"),
    (r"exiting\s+the\s+european\s+union", "Department for Exiting the European Union"),
    (r"northern\s+ireland", "Northern Ireland Office"),
    (r"for\s+scotland", "Scotland Office"),
    (r"for\s+wales", "Wales Office"),
    (r"cabinet\s+office|duchy\s+of\s+lancaster|constitution", "Cabinet Office"),
    (r"attorney\s+general|solicitor\s+general", "Attorney General's Office"),
    (r"prime\s+minister", "Prime Minister's Office"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class OrgMatch:
    name: str
    start: int
    end: int
    known: bool


@lru_cache(maxsize=1)
def _department_patterns() -> list[tuple[str, frozenset[str], re.Pattern[str]]]:
    """Each spelling with the words a line must contain for it to match (a cheap filter)."""
    patterns = []
    for canonical, spellings in DEPARTMENTS.items():
        for spelling in spellings:
            acronym = spelling.startswith(r"\b") and spelling[2:3].isupper()
            flags = 0 if acronym else re.IGNORECASE
            plain = re.sub(r"\(\?[^)]*\)|\\[a-zA-Z]", " ", spelling.lower())
            needed = frozenset(re.findall(r"[a-z]{3,}", plain))
            compiled = re.compile(rf"(?<![\w&]){spelling}(?![\w&])", flags)
            patterns.append((canonical, needed, compiled))
    return patterns


def find_org(text: str, offset: int = 0) -> OrgMatch | None:
    """The first organisation named in ``text`` (a line): a known one first, else by shape."""
    found = _find_org(text)
    if found is None or not offset:
        return found
    return OrgMatch(found.name, found.start + offset, found.end + offset, found.known)


@lru_cache(maxsize=16384)
def _find_org(text: str) -> OrgMatch | None:
    """``find_org`` at offset 0, cached: the same letterhead lines recur across an archive."""
    if sum(c.isupper() for c in text) > 0.8 * sum(c.isalpha() for c in text) > 3:
        text = _title(text)  # letterheads in capitals: "ASHBY MARSH POLICE"
    words = set(re.findall(r"[a-z]{3,}", text.lower()))
    best: OrgMatch | None = None
    for canonical, needed, pattern in _department_patterns():
        if not needed <= words:
            continue
        match = pattern.search(text)
        if match and (best is None or match.start() < best.start):
            best = OrgMatch(canonical, match.start(), match.end(), True)
    if best is not None:
        return best
    generic = GENERIC_ORG.search(text)
    if generic and generic.group().strip() not in _NOT_ORGS:
        name = generic.group().strip(" ,")
        return OrgMatch(name, generic.start(), generic.start() + len(name), False)
    return None


def _title(text: str) -> str:
    small = {"of", "and", "for", "the", "on", "upon", "in"}
    words = re.split(r"(\s+)", text)
    return "".join(
        w if w.isspace() else (w.lower() if w.lower() in small and i else w[:1] + w[1:].lower())
        for i, w in enumerate(words)
    )


_NOT_ORGS = {"Office", "Department", "Council", "Service", "Services", "The Council", "Board"}


def committee_in(text: str) -> re.Match[str] | None:
    """A committee's name in ``text``, without a role in front ("Chair, Justice Committee")."""
    match = COMMITTEE.search(_CHAIR_PREFIX.sub(lambda m: " " * len(m.group()), text))
    return match


_CHAIR_PREFIX = re.compile(
    r"\b(?:chair(?:man|woman|person)?|clerk|member|members)\b,?\s*(?:of\s+)?(?:the\s+)?",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def department_for_role(role: str) -> str | None:
    """The department a ministerial title belongs to ("Minister for Immigration" -> Home Office)."""
    for pattern, department in ROLE_DEPARTMENTS:
        if re.search(pattern, role, re.IGNORECASE):
            return department
    return None


ROLE_HEAD = re.compile(
    r"\b(?:secretary|minister|director|manager|officer|inspector|executive|chair(?:man|woman|"
    r"person)?|head|commissioner|constable|leader|clerk|registrar|ombudsman|controller|"
    r"comptroller|auditor|adviser|advisor|co-?ordinator|superintendent|governor|president|"
    r"caseworker|principal|headteacher|chancellor|attorney\s+general|solicitor\s+general|whip|"
    r"speaker|mayor|treasurer|member\s+of\s+parliament|mp\s+for|correspondent|"
    r"administrator|lead|partner|consultant|surgeon)\b",
    re.IGNORECASE,
)
_ROLE_PREFIX = re.compile(r"^(?:from|office\s+of)\s+(?:the\s+)?", re.IGNORECASE)


def strip_role_prefix(text: str) -> str:
    """ "From the Minister of State for X" -> "Minister of State for X"."""
    return _ROLE_PREFIX.sub("", text.strip())


@lru_cache(maxsize=16384)
def is_role_line(text: str) -> bool:
    """A short line naming an office: "Minister of State for Immigration", "District Manager"."""
    text = strip_role_prefix(text)
    if not text or len(text) > 140 or text[0].isdigit() or "@" in text:
        return False
    org = find_org(text)
    if org is not None and org.known and org.end - org.start >= 0.7 * len(text):
        return False  # "Attorney General's Office" is the office, not the role
    if ROLE_LINE.match(text):
        return True
    words = text.split()
    if len(words) > 16 or not ROLE_HEAD.search(text):
        return False
    return text[0].isupper()


def is_official_role(text: str) -> bool:
    return bool(MINISTER_ROLE.search(text) or OFFICIAL_ROLE.search(text))


def is_minister_role(text: str) -> bool:
    return MINISTER_ROLE.search(text) is not None


# Public e-mail domains -> organisation.
EMAIL_DOMAINS: tuple[tuple[str, str], ...] = (
    ("parliament.uk", "House of Commons"),
    ("homeoffice.gov.uk", "Home Office"),
    ("hmtreasury.gov.uk", "HM Treasury"),
    ("education.gov.uk", "Department for Education"),
    ("dhsc.gov.uk", "Department of Health and Social Care"),
    ("justice.gov.uk", "Ministry of Justice"),
    ("dwp.gov.uk", "Department for Work and Pensions"),
    ("mod.gov.uk", "Ministry of Defence"),
    ("dft.gov.uk", "Department for Transport"),
    ("defra.gov.uk", "Department for Environment, Food and Rural Affairs"),
    ("communities.gov.uk", "Ministry of Housing, Communities and Local Government"),
    ("levellingup.gov.uk", "Department for Levelling Up, Housing and Communities"),
    ("fcdo.gov.uk", "Foreign, Commonwealth & Development Office"),
    ("fco.gov.uk", "Foreign and Commonwealth Office"),
    ("cabinetoffice.gov.uk", "Cabinet Office"),
    ("hmrc.gov.uk", "HM Revenue & Customs"),
    ("ofsted.gov.uk", "Ofsted"),
    ("nhs.net", "NHS"),
    ("england.nhs.uk", "NHS England"),
    ("beis.gov.uk", "Department for Business, Energy and Industrial Strategy"),
    ("trade.gov.uk", "Department for International Trade"),
    ("businessandtrade.gov.uk", "Department for Business and Trade"),
    ("dcms.gov.uk", "Department for Digital, Culture, Media and Sport"),
    ("dsit.gov.uk", "Department for Science, Innovation and Technology"),
    ("desnz.gov.uk", "Department for Energy Security and Net Zero"),
)


def org_for_email(address: str) -> str | None:
    domain = address.rsplit("@", 1)[-1].lower().strip(" >")
    for suffix, org in EMAIL_DOMAINS:
        if domain == suffix or domain.endswith("." + suffix):
            return org
    return None


_ACRONYM = re.compile(r"\\b([A-Za-z]{2,8})\\b")


@lru_cache(maxsize=256)
def acronym(name: str) -> str | None:
    """The usual short name of a department ("DfE" for "Department for Education"), if any."""
    for pattern in DEPARTMENTS.get(name, ()):
        match = _ACRONYM.fullmatch(pattern)
        # A short name is capitalised ("DfE", "HMPPS", "Defra"); the pattern of a one-word
        # name ("ofsted" for Ofsted) is not one.
        if match and match.group(1)[0].isupper() and match.group(1).lower() != name.lower():
            return match.group(1)
    return None
