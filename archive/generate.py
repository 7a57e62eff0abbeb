"""Deterministic synthetic archives of MPs' correspondence, for benchmarks and scale tests.

Everything is drawn from one ``random.Random(seed)``, so the same (count, seed, noise,
malformed) always writes the same bytes. The report carries the ground truth of every file,
including what a reply truly answers even where the text has been made deliberately wrong.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from random import Random
from typing import Any

__all__ = ["GenerateReport", "GeneratedLetter", "generate_archive", "read_truth"]

KINDS = ("letter", "reply", "malformed")
#: Layouts copied from real published letters (see ``_Generator._realistic_*``).
LAYOUTS = (
    "flattened",
    "caps_letterhead",
    "cover",
    "signatories",
    "outlook",
    "unsigned",
    "role_only",
    "pq_answer",
)

_FIRST_DAY = dt.date(2010, 1, 4)
_LAST_DAY = dt.date(2024, 12, 31)
_ELECTIONS = (
    dt.date(2010, 5, 6),
    dt.date(2015, 5, 7),
    dt.date(2017, 6, 8),
    dt.date(2019, 12, 12),
    dt.date(2024, 7, 4),
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SMALL = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")
_MALFORMED_KINDS = ("binary", "empty", "cp1252", "whitespace")


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class GeneratedLetter:
    """Ground truth for one generated file."""

    file: str
    kind: str
    date: dt.date | None
    references: tuple[str, ...]
    mp: str | None
    area: str | None
    department: str | None
    sender_name: str | None
    recipient_name: str | None
    direction: str
    #: The date the text cites ("your letter of ..."), which noise may have made wrong.
    in_reply_to_date: dt.date | None
    #: The file this one truly answers, whatever the text says.
    replies_to: str | None
    thread: str
    #: "standard", or one of ``LAYOUTS``: the shapes learnt from real published letters.
    layout: str = "standard"
    #: The other files this one answers too ("Thank you for your letters of 2 and 9 May").
    also_replies_to: tuple[str, ...] = ()

    @property
    def answers(self) -> tuple[str, ...]:
        """Every file this one truly answers, ``replies_to`` first."""
        return (self.replies_to, *self.also_replies_to) if self.replies_to else ()

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "file": self.file,
            "kind": self.kind,
            "date": _iso(self.date),
            "references": list(self.references),
            "mp": self.mp,
            "area": self.area,
            "department": self.department,
            "sender_name": self.sender_name,
            "recipient_name": self.recipient_name,
            "direction": self.direction,
            "in_reply_to_date": _iso(self.in_reply_to_date),
            "replies_to": self.replies_to,
            "thread": self.thread,
        }
        if self.layout != "standard":  # standard records stay as they were written before
            record["layout"] = self.layout
        if self.also_replies_to:
            record["also_replies_to"] = list(self.also_replies_to)
        return record

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GeneratedLetter:
        answered = data.get("replies_to")
        # A list in ``replies_to`` is read too, so either spelling of several answers loads.
        listed = [str(name) for name in answered] if isinstance(answered, list) else []
        also = [*listed[1:], *(str(name) for name in data.get("also_replies_to") or ())]
        return cls(
            file=str(data["file"]),
            kind=str(data["kind"]),
            date=_from_iso(data.get("date")),
            references=tuple(str(r) for r in data.get("references") or ()),
            mp=data.get("mp"),
            area=data.get("area"),
            department=data.get("department"),
            sender_name=data.get("sender_name"),
            recipient_name=data.get("recipient_name"),
            direction=str(data.get("direction") or "other"),
            in_reply_to_date=_from_iso(data.get("in_reply_to_date")),
            replies_to=(listed[0] if listed else None) if isinstance(answered, list) else answered,
            thread=str(data.get("thread") or ""),
            layout=str(data.get("layout") or "standard"),
            also_replies_to=tuple(also),
        )


@dataclass(frozen=True)
class GenerateReport:
    """What ``generate_archive`` wrote: the directory and one truth record per file."""

    directory: Path
    letters: tuple[GeneratedLetter, ...]

    def write_truth(self, path: Path) -> None:
        """Write the ground truth as JSON Lines, one file per line, dates in ISO form."""
        lines = [json.dumps(letter.to_json(), ensure_ascii=False) for letter in self.letters]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_truth(path: Path) -> tuple[GeneratedLetter, ...]:
    """Read a file written by ``GenerateReport.write_truth``."""
    with path.open(encoding="utf-8") as lines:
        return tuple(GeneratedLetter.from_json(json.loads(line)) for line in lines if line.strip())


def generate_archive(
    count: int,
    directory: Path,
    *,
    seed: int = 0,
    noise: float = 0.1,
    malformed: int | None = None,
    realistic: float = 0.3,
    hard: float = 0.1,
) -> GenerateReport:
    """Write ``count`` synthetic letters under ``directory`` and return their ground truth.

    ``noise`` is the fraction of replies whose text is made misleading (a missing reference,
    a wrong "letter of" date or year, or a second same-day letter from the MP to another
    department). ``malformed`` files (binary, empty, cp1252, whitespace) default to about
    0.1% of ``count`` from 200 files up. ``realistic`` is the share of letters written in a
    layout learnt from real published letters (flattened PDF text, cover headings, one-line
    or missing signatures, Outlook headers, answers to Parliamentary Questions); those draws
    come from a second random stream, so every other file is the same whatever the share.
    ``hard`` is the share of files given to the cases pairing finds hard: letters transferred
    to another department, one reply to two or three letters, replies citing neither a
    reference nor a date, holding then full replies. They are written last, from a third
    stream, so the other files are those of a smaller archive with the same seed.
    """
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be between 0 and 1, got {noise}")
    if malformed is None:
        malformed = max(1, round(count * 0.001)) if count >= 200 else 0
    if not 0.0 <= realistic <= 1.0:
        raise ValueError(f"realistic must be between 0 and 1, got {realistic}")
    if not 0.0 <= hard <= 1.0:
        raise ValueError(f"hard must be between 0 and 1, got {hard}")
    if not 0 <= malformed <= count:
        raise ValueError(f"malformed must be between 0 and count ({count}), got {malformed}")
    if directory.exists():
        if not directory.is_dir():
            raise ValueError(f"{directory} exists and is not a directory")
        if any(directory.iterdir()):
            raise ValueError(f"{directory} is not empty; generate into a new or empty directory")
    directory.mkdir(parents=True, exist_ok=True)
    generator = _Generator(
        Random(seed), directory, noise, Random(f"dispatchbox-layouts-{seed}"), realistic
    )
    generator.run(count - malformed, hard, Random(f"dispatchbox-hard-{seed}"))
    generator.add_malformed(malformed)
    letters = tuple(sorted(generator.truth, key=lambda letter: letter.file))
    return GenerateReport(directory=directory, letters=letters)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _from_iso(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


# --------------------------------------------------------------------------- static material

_FIRST_NAMES_RAW = tuple(
    """
    Aldous:m Ambrose:m Anselm:m Araminta:f Barnaby:m Bathsheba:f Bertram:m Blythe:f Caius:m
    Cressida:f Crispin:m Clemency:f Delphine:f Dorian:m Drusilla:f Eamon:m Elspeth:f
    Ephraim:m Esmond:m Evander:m Fenella:f Florian:m Gideon:m Griselda:f Hamish:m Hester:f
    Hollis:m Honora:f Imogen:f Ingram:m Isolde:f Jago:m Jocasta:f Kester:m Lavinia:f
    Leopold:m Linnea:f Lucasta:f Lysander:m Magnus:m Marigold:f Merrick:m Minerva:f Nerys:f
    Octavia:f Orson:m Ottoline:f Peregrine:m Perpetua:f Quentin:m Rosalind:f Rufus:m
    Saffron:f Seraphina:f Silas:m Tamsin:f Thaddeus:m Ursula:f Valentine:m Verity:f
    Wilfred:m Winifred:f Xanthe:f Zebedee:m Ignatius:m Philippa:f Cosmo:m Morwenna:f
    """.split()
)
_FIRST_NAMES = tuple((entry.split(":")[0], entry.split(":")[1]) for entry in _FIRST_NAMES_RAW)
# Invented surnames (prefix + suffix): no combination with the first names above is a real MP.
_SURNAME_HEADS = tuple(
    """
    Quen Tresk Ulver Vant Zell Yarr Brisk Crall Drom Gorm Harl Isk Jorr Kettel Lom Murr Nesk
    Orp Plim Rusk Strom Wendel
    """.split()
)
_SURNAME_TAILS = tuple(
    """
    ingham ridge ley ock stead ard ington wick ett er by holt mere ish ow
    """.split()
)
# Constituents alternate man, woman, so a title can agree with the name.
_CONSTITUENT_FIRST = tuple(
    """
    Alan Janet Graham Susan Kevin Tracey Mohammed Aisha Peter Margaret Daniel Sophie Tomasz
    Agnieszka Kwame Grace Ian Joanne Rajesh Priya Liam Chloe Stuart Karen Adebayo Funmi
    Gareth Rhian
    """.split()
)
_TITLES = (("Mr", "Mr", "Dr"), ("Mrs", "Ms", "Miss", "Dr", "Mrs"))
_PLACE_HEADS = tuple(
    """
    Kelm Wex Ash Brack Orm Hask Lind Pell Sker Trow Umber Vell Yarn Corm Fald Gris Holm Jess
    Kirt Lunt Mell Quarr Rist Tad Ulls Wend Cran Drey Fenn Stav Ebb Hoad Nidd Pask Scour
    Thwin Wrax Yeld Cawd Blen
    """.split()
)
_PLACE_TAILS = tuple(
    """
    bridge combe ford ham ley mouth stow wick thorpe field minster by den hurst worth bury
    ton well mere holme cliffe wood borough stead
    """.split()
)
_VILLAGE_TAILS = ("hope", "cote", "lees", "wold", "green", "end", "hythe", "ness", "garth", "dale")
# Generated names that are real towns or constituencies, left out to keep the world fictional.
_REAL_PLACES_RAW = tuple(
    """
    Ashburton Ashbury Ashby Ashcombe Ashfield Ashford Ashley Ashton Ashwell Blenheim
    Brackley Cranbury Cranford Cranham Cranmere Ebbw Fennby Holmbury Holmfield Kirtley
    Lindfield Lindley Melbury Mellby Ormskirk Stavely Tadley Tadworth Wexham Wrexham
    Trowbridge Trowell Cranwell Holmwood Holmbridge Yeldham Skerton Lindford Ashworth
    Ashbourne Ashwood Holmhurst Mellford Cranbourne Tadcaster
    """.split()
)
# Surnames that would also be real places, which an extractor could not tell apart.
_PLACE_LIKE_SURNAMES = frozenset(("Orpington", "Harlow", "Harlington", "Ruskington", "Yarrow"))
_REAL_PLACES = frozenset(_REAL_PLACES_RAW)
_CONSTITUENCY_SUFFIXES = (" North", " South", " East", " West", " Central", " and Rye")


@dataclass(frozen=True, slots=True)
class _BodySpec:
    key: str
    #: (valid from ISO date, name, short name); an empty name means the body did not exist.
    names: tuple[tuple[str, str, str], ...]
    address: tuple[str, ...]
    web: str
    ref_labels: tuple[str, ...]
    ref_pattern: str
    head_roles: tuple[tuple[str, str], ...]
    junior_roles: tuple[str, ...]
    topics: tuple[str, ...]
    weight: int
    ministerial: bool = True


_BODIES: tuple[_BodySpec, ...] = (
    _BodySpec(
        "ho",
        (("2009-01-01", "Home Office", "HO"),),
        ("2 Marsham Street,", "London SW1P 4DF"),
        "www.gov.uk/home-office",
        ("CTS Reference:", "Our Reference:"),
        "M{n5}/{yy}",
        (("2009-01-01", "Home Secretary"),),
        (
            "Minister of State for Immigration",
            "Minister of State for Policing and the Fire Service",
            "Parliamentary Under Secretary of State for Crime, Safeguarding and Vulnerability",
            "Minister for Security",
        ),
        ("immigration", "immigration", "policing", "child_protection"),
        14,
    ),
    _BodySpec(
        "dfe",
        (("2009-01-01", "Department for Education", "DfE"),),
        ("Sanctuary Buildings", "20 Great Smith Street", "London SW1P 3BT"),
        "www.gov.uk/dfe",
        ("Our ref:",),
        "{yyyy}-{n7}",
        (("2009-01-01", "Secretary of State for Education"),),
        (
            "Minister of State for School Standards",
            "Parliamentary Under Secretary of State for Children and Families",
            "Minister of State for Skills",
        ),
        ("school_funding", "school_funding", "child_protection"),
        10,
    ),
    _BodySpec(
        "dwp",
        (("2009-01-01", "Department for Work and Pensions", "DWP"),),
        ("Caxton House", "Tothill Street", "London SW1H 9DA"),
        "www.gov.uk/dwp",
        ("Our ref:",),
        "MC{yyyy}/{n5}",
        (("2009-01-01", "Secretary of State for Work and Pensions"),),
        (
            "Minister of State for Disabled People, Health and Work",
            "Minister for Employment",
            "Parliamentary Under Secretary of State for Welfare Delivery",
            "Minister for Pensions",
        ),
        ("benefits",),
        12,
    ),
    _BodySpec(
        "dft",
        (("2009-01-01", "Department for Transport", "DfT"),),
        ("Great Minster House", "33 Horseferry Road", "London SW1P 4DR"),
        "www.gov.uk/dft",
        ("Our Ref:", "Ref:"),
        "TO{yyyy}/{n5}",
        (("2009-01-01", "Secretary of State for Transport"),),
        (
            "Minister of State for Rail",
            "Parliamentary Under Secretary of State for Roads",
            "Minister for Aviation and Maritime",
        ),
        ("rail",),
        7,
    ),
    _BodySpec(
        "moj",
        (("2009-01-01", "Ministry of Justice", "MoJ"),),
        ("102 Petty France", "London SW1H 9AJ"),
        "www.gov.uk/moj",
        ("Our ref:",),
        "MIN/{n7}/{yy}",
        (("2009-01-01", "Lord Chancellor and Secretary of State for Justice"),),
        (
            "Minister of State for Prisons and Probation",
            "Parliamentary Under Secretary of State for Justice",
            "Minister for Victims",
        ),
        ("prisons",),
        6,
    ),
    _BodySpec(
        "dhsc",
        (
            ("2009-01-01", "Department of Health", "DH"),
            ("2018-01-09", "Department of Health and Social Care", "DHSC"),
        ),
        ("39 Victoria Street", "London SW1H 0EU"),
        "www.gov.uk/dhsc",
        ("Our ref:", "Ref:"),
        "PO-{n7}",
        (
            ("2009-01-01", "Secretary of State for Health"),
            ("2018-01-09", "Secretary of State for Health and Social Care"),
        ),
        (
            "Minister of State for Health",
            "Parliamentary Under Secretary of State for Public Health",
            "Minister for Care",
        ),
        ("nhs",),
        12,
    ),
    _BodySpec(
        "dluhc",
        (
            ("2009-01-01", "Department for Communities and Local Government", "DCLG"),
            ("2018-01-09", "Ministry of Housing, Communities and Local Government", "MHCLG"),
            ("2021-09-19", "Department for Levelling Up, Housing and Communities", "DLUHC"),
            ("2024-07-08", "Ministry of Housing, Communities and Local Government", "MHCLG"),
        ),
        ("2 Marsham Street", "London SW1P 4DF"),
        "www.gov.uk/mhclg",
        ("Our ref:",),
        "3{n6}",
        (
            ("2009-01-01", "Secretary of State for Communities and Local Government"),
            ("2018-01-09", "Secretary of State for Housing, Communities and Local Government"),
            ("2021-09-19", "Secretary of State for Levelling Up, Housing and Communities"),
            ("2024-07-08", "Secretary of State for Housing, Communities and Local Government"),
        ),
        ("Minister of State for Housing", "Minister for Local Government", "Minister for Faith"),
        ("housing", "housing", "flooding"),
        8,
    ),
    _BodySpec(
        "defra",
        (("2009-01-01", "Department for Environment, Food and Rural Affairs", "Defra"),),
        ("Seacole Building", "2 Marsham Street", "London SW1P 4DF"),
        "www.gov.uk/defra",
        ("Our ref:",),
        "MC{n6}",
        (("2009-01-01", "Secretary of State for Environment, Food and Rural Affairs"),),
        (
            "Minister of State for Farming",
            "Parliamentary Under Secretary of State for Floods and Water",
            "Minister for the Natural Environment",
        ),
        ("flooding",),
        6,
    ),
    _BodySpec(
        "hmt",
        (("2009-01-01", "HM Treasury", "HMT"),),
        ("1 Horse Guards Road", "London SW1A 2HQ"),
        "www.gov.uk/hm-treasury",
        ("Ref:",),
        "TR{yy}/{n5}",
        (("2009-01-01", "Chancellor of the Exchequer"),),
        (
            "Chief Secretary to the Treasury",
            "Financial Secretary to the Treasury",
            "Economic Secretary to the Treasury",
            "Exchequer Secretary to the Treasury",
        ),
        ("tax", "tax", "school_funding"),
        4,
    ),
    _BodySpec(
        "fco",
        (
            ("2009-01-01", "Foreign and Commonwealth Office", "FCO"),
            ("2020-09-02", "Foreign, Commonwealth and Development Office", "FCDO"),
        ),
        ("King Charles Street", "London SW1A 2AH"),
        "www.gov.uk/fcdo",
        ("Our ref:",),
        "MIN-{n6}",
        (
            ("2009-01-01", "Secretary of State for Foreign and Commonwealth Affairs"),
            ("2020-09-02", "Secretary of State for Foreign, Commonwealth and Development Affairs"),
        ),
        (
            "Minister for Europe",
            "Minister for Africa",
            "Minister for Asia and the Pacific",
            "Minister for the Middle East",
        ),
        ("consular",),
        4,
    ),
    _BodySpec(
        "co",
        (("2009-01-01", "Cabinet Office", "CO"),),
        ("70 Whitehall", "London SW1A 2AS"),
        "www.gov.uk/cabinet-office",
        ("Our ref:",),
        "CO/{yy}/{n4}",
        (("2009-01-01", "Minister for the Cabinet Office"),),
        ("Parliamentary Secretary, Cabinet Office", "Minister for the Constitution"),
        ("general",),
        2,
    ),
    _BodySpec(
        "bis",
        (
            ("2009-01-01", "Department for Business, Innovation and Skills", "BIS"),
            ("2016-07-14", "Department for Business, Energy and Industrial Strategy", "BEIS"),
            ("2023-02-07", "Department for Business and Trade", "DBT"),
        ),
        ("1 Victoria Street", "London SW1H 0ET"),
        "www.gov.uk/dbt",
        ("Our ref:",),
        "MCB{yyyy}/{n5}",
        (
            ("2009-01-01", "Secretary of State for Business, Innovation and Skills"),
            ("2016-07-14", "Secretary of State for Business, Energy and Industrial Strategy"),
            ("2023-02-07", "Secretary of State for Business and Trade"),
        ),
        ("Minister for Small Business", "Minister for Industry", "Minister for Trade Policy"),
        ("energy", "general"),
        4,
    ),
    _BodySpec(
        "energy",
        (
            ("2009-01-01", "Department of Energy and Climate Change", "DECC"),
            ("2016-07-14", "", ""),
            ("2023-02-07", "Department for Energy Security and Net Zero", "DESNZ"),
        ),
        ("3 Whitehall Place", "London SW1A 2AW"),
        "www.gov.uk/desnz",
        ("Our ref:",),
        "EN{yyyy}/{n5}",
        (("2009-01-01", "Secretary of State for Energy and Climate Change"),),
        ("Minister for Energy", "Minister for Climate"),
        ("energy",),
        3,
    ),
    _BodySpec(
        "dcms",
        (
            ("2009-01-01", "Department for Culture, Media and Sport", "DCMS"),
            ("2017-07-03", "Department for Digital, Culture, Media and Sport", "DCMS"),
            ("2023-02-07", "Department for Culture, Media and Sport", "DCMS"),
        ),
        ("100 Parliament Street", "London SW1A 2BQ"),
        "www.gov.uk/dcms",
        ("Our ref:",),
        "MIN/{yyyy}/{n4}",
        (("2009-01-01", "Secretary of State for Culture, Media and Sport"),),
        ("Minister for Digital Infrastructure", "Minister for Sport, Tourism and Heritage"),
        ("digital",),
        3,
    ),
    _BodySpec(
        "mod",
        (("2009-01-01", "Ministry of Defence", "MOD"),),
        ("Floor 5, Zone C", "Main Building", "Whitehall", "London SW1A 2HB"),
        "www.gov.uk/mod",
        ("Our ref:",),
        "MSU/{n5}/{yy}",
        (("2009-01-01", "Secretary of State for Defence"),),
        (
            "Minister for the Armed Forces",
            "Minister for Defence Procurement",
            "Minister for Defence People and Veterans",
        ),
        ("defence",),
        3,
    ),
    _BodySpec(
        "scot",
        (("2009-01-01", "Scotland Office", "SO"),),
        ("Dover House", "66 Whitehall", "London SW1A 2AU"),
        "www.gov.uk/scotland-office",
        ("SO Ref:",),
        "{yyyy}/{n4}",
        (("2009-01-01", "Secretary of State for Scotland"),),
        ("Parliamentary Under Secretary of State for Scotland",),
        ("general",),
        1,
    ),
    _BodySpec(
        "wales",
        (("2009-01-01", "Wales Office", "WO"),),
        ("Gwydyr House", "Whitehall", "London SW1A 2NP"),
        "www.gov.uk/wales-office",
        ("WO Ref:",),
        "WO{yy}-{n4}",
        (("2009-01-01", "Secretary of State for Wales"),),
        ("Parliamentary Under Secretary of State for Wales",),
        ("general",),
        1,
    ),
    _BodySpec(
        "ofsted",
        (("2009-01-01", "Ofsted", "Ofsted"),),
        ("Clive House", "70 Petty France", "London SW1H 9EX"),
        "www.gov.uk/ofsted",
        ("Our ref:",),
        "OFS/{yy}/{n5}",
        (("2009-01-01", "His Majesty's Chief Inspector"),),
        ("Regional Director", "National Director, Education"),
        ("ofsted",),
        2,
        ministerial=False,
    ),
    _BodySpec(
        "nhse",
        (("2009-01-01", "NHS England", "NHSE"),),
        ("Quarry House", "Quarry Hill", "Leeds LS2 7UE"),
        "www.england.nhs.uk",
        ("Our ref:",),
        "NHSE-{n6}",
        (("2009-01-01", "Chief Executive"),),
        ("Regional Director", "National Medical Director"),
        ("nhs",),
        3,
        ministerial=False,
    ),
    _BodySpec(
        "ea",
        (("2009-01-01", "Environment Agency", "EA"),),
        ("Horizon House", "Deanery Road", "Bristol BS1 5AH"),
        "www.gov.uk/environment-agency",
        ("Our ref:",),
        "EA/{yyyy}/{n6}",
        (("2009-01-01", "Chief Executive"),),
        ("Area Director", "Director of Flood and Coastal Risk Management"),
        ("flooding",),
        2,
        ministerial=False,
    ),
    _BodySpec(
        "nr",
        (("2009-01-01", "Network Rail", "NR"),),
        ("1 Eversholt Street", "London NW1 2DN"),
        "www.networkrail.co.uk",
        ("Our ref:",),
        "NR/CR/{n5}",
        (("2009-01-01", "Chief Executive"),),
        ("Route Director", "Head of Government Affairs"),
        ("rail",),
        2,
        ministerial=False,
    ),
    _BodySpec(
        "hmrc",
        (("2009-01-01", "HM Revenue and Customs", "HMRC"),),
        ("100 Parliament Street", "London SW1A 2BQ"),
        "www.gov.uk/hmrc",
        ("Our ref:",),
        "MPC/{n6}",
        (("2009-01-01", "Chief Executive and First Permanent Secretary"),),
        ("Director, Customer Services", "Head of MP Correspondence"),
        ("tax",),
        2,
        ministerial=False,
    ),
    _BodySpec(
        "hmpps",
        (
            ("2009-01-01", "National Offender Management Service", "NOMS"),
            ("2017-04-01", "HM Prison and Probation Service", "HMPPS"),
        ),
        ("102 Petty France", "London SW1H 9AJ"),
        "www.gov.uk/hmpps",
        ("Our ref:",),
        "HMPPS/{yy}/{n5}",
        (("2009-01-01", "Chief Executive Officer"),),
        ("Director General of Prisons", "Prison Group Director"),
        ("prisons",),
        1,
        ministerial=False,
    ),
    _BodySpec(
        "ukvi",
        (("2013-04-01", "UK Visas and Immigration", "UKVI"),),
        ("Lunar House", "40 Wellesley Road", "Croydon CR9 2BY"),
        "www.gov.uk/ukvi",
        ("Home Office reference:", "Our ref:"),
        "B{n7}",
        (("2009-01-01", "Director General"),),
        ("MP Account Manager", "Head of MP Correspondence"),
        ("immigration",),
        3,
        ministerial=False,
    ),
)

_COMMITTEES: tuple[tuple[str, str], ...] = (
    ("Home Affairs Committee", "ho"),
    ("Education Committee", "dfe"),
    ("Work and Pensions Committee", "dwp"),
    ("Transport Committee", "dft"),
    ("Justice Committee", "moj"),
    ("Health and Social Care Committee", "dhsc"),
    ("Environment, Food and Rural Affairs Committee", "defra"),
    ("Public Accounts Committee", "hmt"),
    ("Defence Committee", "mod"),
    ("Housing, Communities and Local Government Committee", "dluhc"),
)
_CHARITY_KINDS = ("Trust", "Foundation", "Community Network", "Families Association", "Alliance")


@dataclass(frozen=True, slots=True)
class _Topic:
    subjects: tuple[str, ...]
    mp: tuple[str, ...]
    reply: tuple[str, ...]


_TOPICS: dict[str, _Topic] = {
    "child_protection": _Topic(
        (
            "child sexual exploitation in {place}",
            "the safeguarding of children in {place}",
            "children's services at {council}",
            "the handling of a child protection case in {place2}",
        ),
        (
            "I am writing to ask for an independent review of the way child sexual exploitation "
            "has been handled in {place}.",
            "Several families in {place} have contacted me with serious concerns about the "
            "response of {council} to reports of abuse.",
            "The number of reported offences against children in {area} has risen by {pct} per "
            "cent over the last {small} years, yet prosecutions remain rare.",
            "My constituent, {constituent}, first raised concerns with social workers in "
            "{year_before} and says that nothing was done for many months.",
            "I would be grateful if you could tell me what assessment your department has made "
            "of the performance of children's services at {council}.",
            "Local councillors, the police and headteachers have all told me that information is "
            "still not shared quickly enough between agencies.",
            "I have met survivors who told me that they were not believed when they first came "
            "forward, and that they were treated as troublemakers rather than victims.",
            "It is essential that victims in {place} and {place2} have confidence that lessons "
            "have been learned.",
            "Would the Minister agree to meet me and a small group of parents from {place} to "
            "hear their concerns directly?",
            "The most recent Ofsted inspection judged the service to require improvement, but "
            "parents tell me that little has changed since.",
        ),
        (
            "Child sexual abuse is a despicable crime and I am clear that victims must be "
            "protected, abuse must be properly investigated and perpetrators brought to justice.",
            "My officials have spoken to senior officers in {force} and to {council}, who "
            "acknowledge the scale of the problem and past failures in {place}.",
            "Ofsted are best placed to uncover issues and determine local performance, and "
            "inspected {council} in {month} {year_before}.",
            "Local services have told us that they are prioritising work to tackle child sexual "
            "exploitation and are working together to address the issues you raised.",
            "The Government has made {money} available to support specialist safeguarding teams "
            "in areas such as {place}.",
            "It is for the local safeguarding partnership to decide whether a further "
            "independent review is necessary, but I will keep the position under close review.",
            "I have asked officials to visit {council} and the Police and Crime Commissioner to "
            "discuss the challenges they face.",
            "If you have evidence that leadership failings are affecting the delivery of "
            "services, please make my department aware of it.",
            "The Child Sexual Exploitation Response Unit can provide independent support to "
            "professionals working in children's safeguarding across the country.",
            "I recognise how distressing these events have been for the families concerned.",
        ),
    ),
    "immigration": _Topic(
        (
            "the immigration case of your constituent {constituent}",
            "delays in processing a visa application for {constituent}",
            "the asylum claim of a family living in {place}",
            "an application for indefinite leave to remain made by {constituent}",
        ),
        (
            "I am writing on behalf of my constituent, {constituent}, of {place}, whose "
            "application for leave to remain was submitted on {past_date} and has still not "
            "been decided.",
            "My constituent has provided all of the documents requested, including a letter from "
            "their employer in {place2} and evidence of their marriage.",
            "The delay means that my constituent cannot work, rent a home or travel to see a "
            "seriously ill parent.",
            "I would be grateful if you could look into this case urgently and let me know when "
            "a decision can be expected.",
            "Several other families in {area} have contacted my office with similar concerns "
            "about waiting times at UK Visas and Immigration.",
            "My caseworkers have made repeated enquiries through the MP account team without "
            "receiving a substantive response.",
            "I understand that the family fled persecution and have lived quietly in {place} for "
            "{small} years, where their children attend the local primary school.",
            "I enclose a signed consent form from my constituent so that you can discuss the "
            "case with my office.",
        ),
        (
            "UK Visas and Immigration has now reviewed the application submitted by {constituent}.",
            "I am sorry for the delay in deciding this application, which has been caused by the "
            "need to carry out further checks.",
            "Applications that are not straightforward, for example those requiring additional "
            "checks or an interview, can take longer than the published service standard.",
            "A decision will be made as soon as possible, and your constituent will be contacted "
            "directly once it has been reached.",
            "The Home Office is committed to processing applications fairly and efficiently, "
            "while maintaining the security of the border.",
            "If your constituent's circumstances change, they should tell the Home Office as "
            "soon as possible so that the case can be updated.",
            "Where an application is refused, the applicant will be told whether they have a "
            "right of appeal or of administrative review.",
            "Caseworkers must consider all of the evidence provided, including any new "
            "information about the family's circumstances in {place}.",
        ),
    ),
    "school_funding": _Topic(
        (
            "school funding in {area}",
            "the funding formula for schools in {county}",
            "high needs funding for pupils with special educational needs",
            "the condition of school buildings in {place}",
        ),
        (
            "Headteachers across {area} have told me that they are facing the most difficult "
            "budget decisions of their careers.",
            "{school} expects to lose {money} over the next {small} years under the proposed "
            "funding formula.",
            "Schools in {place} receive considerably less per pupil than schools in neighbouring "
            "authorities, despite facing similar costs.",
            "Several schools in {place2} have already reduced the number of teaching assistants "
            "and cut back on music and sport.",
            "The number of children with education, health and care plans in {county} has "
            "risen by {pct} per cent since {year_before}.",
            "Parents are understandably worried that classes will grow larger and that support "
            "for children with special educational needs will be reduced.",
            "I would be grateful if you could explain how the new formula takes account of the "
            "costs faced by small rural schools in my constituency.",
            "The roof of the main building at {school} has leaked for several winters, and the "
            "governors cannot fund the repairs from their own budget.",
        ),
        (
            "Core schools funding is rising to {money_b} this year, the highest level in real "
            "terms per pupil.",
            "The national funding formula distributes money on the basis of the needs and "
            "characteristics of every school in the country.",
            "Under the formula, schools in {county} will attract an increase of {pct} per cent "
            "in their funding per pupil.",
            "High needs funding is also increasing, and local authorities have flexibility to "
            "move some funding between blocks after consulting their schools forum.",
            "We recognise that schools have faced cost pressures, and the Department is helping "
            "schools to get the best value from their resources.",
            "The Department publishes tools to help schools benchmark their spending against "
            "similar schools.",
            "Capital funding for the condition of school buildings is allocated to responsible "
            "bodies, including {council}, on the basis of need.",
            "Officials would be happy to meet headteachers from {area} to discuss their concerns.",
        ),
    ),
    "benefits": _Topic(
        (
            "your constituent's claim for Universal Credit",
            "the Personal Independence Payment assessment of {constituent}",
            "delays to benefit payments in {place}",
            "the closure of the jobcentre in {place2}",
        ),
        (
            "My constituent, {constituent}, has been waiting {small} weeks for the first payment "
            "of Universal Credit and has fallen into rent arrears.",
            "Following a face-to-face assessment, my constituent was awarded no points for daily "
            "living, despite a long history of serious illness.",
            "Food banks in {place} tell me that demand has risen sharply since Universal Credit "
            "was introduced in the area.",
            "The closure of the jobcentre in {place2} would mean a round trip of more than an "
            "hour by bus for many claimants.",
            "I would be grateful if you could ask for this case to be reviewed and let me know "
            "the outcome.",
            "My constituent has a letter from their consultant at {hospital} confirming the "
            "severity of their condition, which the assessor does not appear to have considered.",
            "Local advice services report that many people are unaware that they can request an "
            "advance payment.",
        ),
        (
            "I have asked officials to look into your constituent's claim, and I understand that "
            "payment has now been made in full.",
            "Advance payments are available to anyone who needs help while they wait for their "
            "first regular payment.",
            "Decisions on Personal Independence Payment are based on how a person's condition "
            "affects them, not on the condition itself.",
            "If your constituent disagrees with the decision, they can ask for a mandatory "
            "reconsideration, and a different decision maker will look at the case again.",
            "The Department works closely with local authorities and advice services in {place} "
            "to support people through the move to Universal Credit.",
            "Claimants who have to travel further to attend appointments can ask for reasonable "
            "travel costs to be reimbursed.",
            "I am sorry for the distress that the delay has caused your constituent.",
        ),
    ),
    "nhs": _Topic(
        (
            "waiting times at {hospital}",
            "the accident and emergency department at {hospital}",
            "access to GP appointments in {place}",
            "the treatment of your constituent {constituent}",
        ),
        (
            "Patients in {area} are now waiting more than {small} months for routine operations "
            "at {hospital}.",
            "My constituent, {constituent}, was told that the wait for a hip replacement would "
            "be at least eighteen months.",
            "Ambulances have been queuing outside {hospital} for hours at a time, and paramedics "
            "tell me that morale is very low.",
            "The proposal to move maternity services from {hospital} to a site more than twenty "
            "miles away has caused great concern in {place2}.",
            "Residents of {place} find it almost impossible to get an appointment with their GP "
            "within two weeks.",
            "I would be grateful to know what additional support will be provided to {trust} to "
            "reduce waiting lists.",
        ),
        (
            "The NHS is treating more patients than ever before, and the Government has "
            "provided {money_b} to help reduce waiting lists.",
            "Decisions about the configuration of local services are for local commissioners, "
            "who must consult patients and the public.",
            "I understand that {trust} has opened additional theatre capacity and is using the "
            "independent sector to treat patients who have waited longest.",
            "NHS England is working with the trust to improve ambulance handover times at "
            "{hospital}.",
            "Patients have the right to choose where they are referred for treatment, and some "
            "may be treated sooner at another hospital.",
            "I have asked NHS England to write to you with more detail about the plans for "
            "{hospital}.",
        ),
    ),
    "prisons": _Topic(
        (
            "conditions at HMP {prison}",
            "staffing levels at HMP {prison}",
            "the release of an offender into {place}",
            "violence against prison officers at HMP {prison}",
        ),
        (
            "Prison officers at HMP {prison}, many of whom live in {place}, have told me that "
            "they no longer feel safe at work.",
            "The most recent report of the Chief Inspector of Prisons described conditions at "
            "HMP {prison} as unacceptable.",
            "Assaults on staff at the prison rose by {pct} per cent in {year_before} alone.",
            "A constituent whose daughter was the victim of a serious offence was not told that "
            "the offender had been released on licence.",
            "I would be grateful if you could set out what steps are being taken to recruit and "
            "retain experienced officers.",
        ),
        (
            "The safety of staff and prisoners is my first priority, and we have recruited "
            "thousands of additional prison officers.",
            "HMP {prison} has received funding for body-worn cameras, improved security and "
            "additional staff.",
            "The Victim Contact Scheme should give victims information about key stages of an "
            "offender's sentence, and I am sorry that this did not happen in this case.",
            "The prison service is working closely with the governor to implement the "
            "recommendations of the Chief Inspector.",
            "Any allegation of assault is referred to the police, and we support the prosecution "
            "of those who attack staff.",
        ),
    ),
    "flooding": _Topic(
        (
            "flood defences in {place}",
            "the flooding in {place} in {month}",
            "the River {river} flood alleviation scheme",
            "flood insurance for homes in {place2}",
        ),
        (
            "More than {num} homes in {place} were flooded in {month} when the River {river} "
            "burst its banks.",
            "Residents have waited years for the flood alleviation scheme to be built, and many "
            "cannot now obtain insurance.",
            "The Environment Agency has told me that the scheme in {place2} does not meet its "
            "cost-benefit threshold.",
            "Farmers along the {river} valley have lost crops and livestock, and some fields "
            "remain under water.",
            "I would be grateful if you could confirm whether funding will be made available for "
            "the scheme.",
        ),
        (
            "I was very sorry to hear about the flooding in {place} and the distress it has "
            "caused.",
            "The Government is investing {money_b} in flood and coastal defences, better "
            "protecting hundreds of thousands of homes.",
            "The Environment Agency is working with {council} to develop options for the scheme "
            "on the River {river}.",
            "Flood Re is helping households in high-risk areas to obtain affordable insurance.",
            "Funding for schemes is allocated according to the number of homes protected and the "
            "contributions secured from partners.",
        ),
    ),
    "rail": _Topic(
        (
            "rail services to {place}",
            "the timetable changes affecting {place} station",
            "step-free access at {place} station",
            "the reopening of the line to {place2}",
        ),
        (
            "Commuters from {place} have endured months of cancellations and overcrowded trains.",
            "The new timetable removed the direct service from {place} station to London during "
            "the morning peak.",
            "{place} station has no step-free access, which means that disabled passengers must "
            "travel to {place2} to board a train.",
            "There is strong local support for reopening the line between {place} and {place2}, "
            "which closed in the 1960s.",
            "I would be grateful if you could tell me what penalties have been imposed on the "
            "operator for its poor performance.",
        ),
        (
            "I understand the frustration that passengers in {place} have experienced, and I "
            "have raised it directly with the operator.",
            "Network Rail and the operator are working together to improve the reliability of "
            "services on the route.",
            "{place} station has been considered for funding under the Access for All "
            "programme, and I will write again when decisions are made.",
            "The proposal to reopen the line between {place} and {place2} will be assessed "
            "against the published criteria.",
            "The operator is required to meet performance targets and faces financial penalties "
            "where it does not.",
        ),
    ),
    "policing": _Topic(
        (
            "police numbers in {area}",
            "anti-social behaviour in {place}",
            "the closure of {place2} police station",
            "knife crime in {place}",
        ),
        (
            "Residents of {place} tell me that they rarely see police officers on the streets, "
            "and that anti-social behaviour has become a daily problem.",
            "{force} has lost {num} officers since {year_before}, according to the figures "
            "published by the Police and Crime Commissioner.",
            "The planned closure of {place2} police station would leave the town without a "
            "public front counter.",
            "Shopkeepers on the high street in {place} have been threatened, and some now close "
            "early rather than face further abuse.",
            "I would be grateful if you could set out how much additional funding {force} will "
            "receive next year.",
        ),
        (
            "Decisions about the deployment of officers are operational matters for the Chief "
            "Constable and the Police and Crime Commissioner.",
            "{force} will receive up to {money} more next year, including precept income.",
            "The Government has recruited thousands of additional police officers across "
            "England and Wales.",
            "Anti-social behaviour can have a serious effect on communities, and the police and "
            "councils have powers to tackle it.",
            "I would encourage residents of {place} to report incidents so that the police can "
            "build a picture of where problems occur.",
        ),
    ),
    "housing": _Topic(
        (
            "housing development in {place}",
            "the local plan for {county}",
            "temporary accommodation in {place}",
            "the condition of social housing in {place2}",
        ),
        (
            "The draft local plan would allocate land for {num} new homes on the edge of "
            "{place}, with no new school or surgery.",
            "Families in {place} are spending months in temporary accommodation, often in a "
            "single room, far from their children's schools.",
            "My constituent, {constituent}, has reported damp and mould in their flat to the "
            "landlord many times without any action being taken.",
            "Local people accept the need for new homes but ask that infrastructure is provided "
            "before, not after, development.",
            "I would be grateful if you could confirm whether the Secretary of State will call "
            "in the application for the site at {place2}.",
        ),
        (
            "The planning system is plan-led, and decisions on individual applications are for "
            "the local planning authority in the first instance.",
            "Because of the Secretary of State's quasi-judicial role in the planning system, I "
            "cannot comment on the merits of a particular application.",
            "Local authorities have a duty to secure accommodation for eligible households, and "
            "the Government has provided {money} to prevent homelessness.",
            "Landlords must ensure that homes are free from serious hazards, including damp and "
            "mould, and councils have powers to take enforcement action.",
            "{council} has received funding to help families in temporary accommodation.",
        ),
    ),
    "tax": _Topic(
        (
            "the tax affairs of your constituent {constituent}",
            "the closure of the tax office in {place}",
            "business rates for small shops in {place}",
        ),
        (
            "My constituent, {constituent}, has received a demand for {money} which they believe "
            "to be wrong, and has been unable to reach anyone by telephone.",
            "Small businesses on the high street in {place} tell me that business rates are the "
            "greatest threat to their survival.",
            "The closure of the tax office in {place} will mean the loss of {num} jobs.",
        ),
        (
            "I have asked HM Revenue and Customs to review your constituent's account, and they "
            "will write to your constituent directly.",
            "The Government keeps all taxes under review, and any changes are announced at "
            "fiscal events.",
            "Small business rate relief means that many businesses in {place} pay no business "
            "rates at all.",
        ),
    ),
    "energy": _Topic(
        (
            "energy bills in {area}",
            "the proposed wind farm near {place2}",
            "off-grid homes in {place}",
        ),
        (
            "Many households in {place} are not connected to the gas grid and rely on heating "
            "oil, whose price has risen sharply.",
            "The proposed wind farm near {place2} has caused great concern among residents.",
            "Constituents tell me that they cannot afford to heat their homes this winter.",
        ),
        (
            "The Government has provided {money_b} of support with energy bills this winter.",
            "Households that use heating oil are eligible for an alternative fuel payment.",
            "Decisions on individual energy projects are taken through the planning process, "
            "which gives local people the opportunity to comment.",
        ),
    ),
    "defence": _Topic(
        (
            "support for armed forces veterans in {place}",
            "the future of the barracks at {place2}",
            "the service pension of your constituent {constituent}",
        ),
        (
            "Veterans in {place} tell me that they struggle to find help with housing and "
            "mental health.",
            "The proposed closure of the barracks at {place2} would remove {num} jobs from the "
            "local economy.",
            "My constituent, {constituent}, served for {small} years and has been waiting many "
            "months for a decision on their pension.",
        ),
        (
            "The Government is committed to ensuring that veterans are not disadvantaged by "
            "their service.",
            "No final decision has been taken on the future of the site at {place2}.",
            "Veterans UK has reviewed your constituent's case and will write to them shortly.",
        ),
    ),
    "consular": _Topic(
        (
            "consular assistance for your constituent {constituent}",
            "the detention abroad of a family member of {constituent}",
            "travel advice for constituents in {place}",
        ),
        (
            "The family of my constituent, {constituent}, are desperately worried about their "
            "relative, who has been detained abroad without charge.",
            "My constituent has received little information from consular staff and does not "
            "know whether their relative has access to a lawyer.",
            "I would be grateful if you could raise this case with the authorities at the "
            "highest level.",
        ),
        (
            "Consular staff are in regular contact with the family and have visited the detainee.",
            "We cannot interfere in the judicial processes of another country, but we will "
            "continue to raise concerns about fair treatment.",
            "Our travel advice is kept under constant review and is based on the best available "
            "information.",
        ),
    ),
    "digital": _Topic(
        (
            "broadband coverage in {place}",
            "mobile signal in {place2}",
            "the future of the library in {place}",
        ),
        (
            "Large parts of {place} still have broadband speeds too slow for children to do "
            "their homework online.",
            "There is no reliable mobile signal in {place2}, which is a real concern for elderly "
            "residents living alone.",
            "The proposed closure of the library in {place} would remove a vital service.",
        ),
        (
            "Gigabit broadband now reaches a majority of premises, and the programme is focused "
            "on the hardest to reach areas such as {place}.",
            "The shared rural network will improve mobile coverage in rural areas.",
            "Decisions about library services are for local authorities, who must provide a "
            "comprehensive and efficient service.",
        ),
    ),
    "general": _Topic(
        (
            "a matter raised by your constituent {constituent}",
            "concerns raised by constituents in {place}",
            "the proposals affecting {area}",
        ),
        (
            "My constituent, {constituent}, has asked me to raise this matter with you.",
            "Constituents in {place} feel strongly that their views have not been taken into "
            "account.",
        ),
        (
            "I have looked carefully at the points your constituent raised.",
            "I understand the concerns of residents in {place}.",
        ),
    ),
    "ofsted": _Topic(
        ("the inspection of {school}",),
        (
            "I would be grateful if you could explain how inspectors reached their judgement "
            "on {school}.",
        ),
        (
            "I am writing to let you know that Ofsted has published its inspection report on "
            "{school}, which is in your constituency.",
            "Inspectors judged the overall effectiveness of the school to {grade}.",
            "The report recognises the commitment of staff and the strong relationships between "
            "pupils and teachers.",
            "Leaders have been asked to improve the teaching of mathematics and the attendance "
            "of disadvantaged pupils.",
            "A copy of the report is available on our website, and the school will share it with "
            "parents.",
            "Inspectors will return to monitor the school's progress within the next year.",
        ),
    ),
}

_GENERIC_MP = (
    "I would be grateful for your urgent attention to this matter.",
    "This issue has been raised with me by a large number of constituents in {area}.",
    "I raised this matter in the House on {past_date}, but I have not yet received a "
    "satisfactory answer.",
    "I have also written to {council} about this matter.",
    "Many of my constituents in {place} and {place2} feel that their concerns are not being heard.",
    "I should be grateful if you would look into this and let me have your comments.",
    "I enclose a copy of the correspondence I have received from my constituent.",
    "Please do not hesitate to contact my office if you require any further information.",
    "My office has been contacted by residents of {place} who are increasingly frustrated.",
    "I appreciate that these are difficult decisions, but the current position cannot continue.",
    "I would welcome the opportunity to meet you or your officials to discuss this further.",
    "It would be helpful to know the timetable for a decision.",
    "The situation in {place2} is, I am afraid, not unusual in my constituency.",
    "I hope that you will be able to give this matter your personal attention.",
    "I have visited {place} several times in recent months and have seen the problem for myself.",
    "Local councillors of all parties share my concerns.",
    "Could you also tell me how many similar cases your department has received this year?",
    "I understand that {council} has raised similar concerns with your officials.",
)
_GENERIC_REPLY = (
    "I am grateful to you for raising this important issue.",
    "Officials would be happy to discuss this further with your office.",
    "I recognise the strength of feeling on this matter in {area}.",
    "We will continue to keep this policy under review.",
    "I have asked officials to keep you informed of any developments in {place}.",
    "I know that this will be disappointing, but I hope the explanation above is helpful.",
    "My officials have looked carefully at the points you raised.",
    "It may be helpful if I set out the background to the current arrangements.",
    "The Government takes these concerns very seriously.",
    "I would be happy to meet you to discuss this further if you would find it helpful.",
    "This is a complex area, and it is right that decisions are based on the best evidence.",
    "We have been clear that local partners must work together to deliver for residents of {area}.",
    "I am unable to comment on individual cases, but I can set out the general position.",
    "My officials will continue to monitor the situation closely.",
)
_AGENCY_NOTICE: dict[str, tuple[str, ...]] = {
    "police": (
        "I am writing to let you know about an operation we carried out in {place} this week.",
        "Officers made {small} arrests and recovered a quantity of drugs and cash.",
        "Neighbourhood policing teams in {place} and {place2} will be carrying out additional "
        "patrols over the coming weeks.",
        "Residents can report concerns online, by calling 101, or in person at {place} police "
        "station.",
        "I would be happy to brief you further on the work of the force in your constituency.",
    ),
    "nhse": (
        "I am writing to update you on the plans for urgent and emergency care services at "
        "{hospital}.",
        "Following public consultation, local commissioners have agreed a new model of care for "
        "patients in {area}.",
        "{trust} has been asked to set out how it will reduce the longest waits for planned "
        "treatment.",
        "We will continue to keep you and other local Members of Parliament informed as the "
        "plans develop.",
    ),
    "ea": (
        "I am writing to update you on our flood risk management work in {place}.",
        "Work on the flood alleviation scheme on the River {river} is due to begin in {month}.",
        "Our teams have cleared debris from culverts and checked the condition of the defences "
        "following the recent storms.",
        "Flood warnings are free, and I would be grateful if you could encourage residents of "
        "{place2} to sign up.",
    ),
    "nr": (
        "I am writing to let you know about engineering work on the line through {place} station.",
        "The line between {place} and {place2} will be closed on {small} weekends while the "
        "track is renewed.",
        "Rail replacement buses will run between the affected stations.",
        "Once complete, the work will allow faster and more reliable journeys for passengers in "
        "{area}.",
    ),
}
_COMMITTEE_SENTENCES = (
    "I am writing on behalf of the {committee} following our evidence session on {past_date}.",
    "The Committee heard evidence from witnesses who raised serious concerns about the matters "
    "set out below.",
    "The Committee would be grateful for a response by {future_date}.",
    "We intend to publish this letter and your response on the Committee's website.",
    "Members of the Committee were struck by the evidence we heard from {place}.",
)
_CHARITY_SENTENCES = (
    "I am writing on behalf of {charity}, which supports families across {county}.",
    "Our volunteers in {place} have seen a marked increase in demand over the past year.",
    "We would welcome the opportunity to meet you to discuss these issues.",
    "The families we work with in {place2} tell us that they do not know where to turn.",
)
_COUNCIL_SENTENCES = (
    "I am writing to you as Leader of {council} about {subject}.",
    "I would like to thank the council's officers for their constructive engagement with my "
    "department.",
    "I would be grateful if the council could set out its plans by {future_date}.",
)

# Filler vocabulary, most frequent first: the rank order drives the Zipf weights.
_NOUNS = tuple(
    """
    council government department matter issue service community family support funding
    report decision policy area authority case review process information evidence system
    school hospital officer resident constituent programme scheme plan application
    assessment level number response concern question position consultation guidance
    legislation regulation framework strategy budget cost contract provider partnership
    board committee inspection standard target outcome delay backlog payment claim appeal
    tribunal court investigation complaint meeting discussion proposal option arrangement
    agreement relationship capacity workforce training recruitment retention pressure demand
    access quality safety risk impact benefit value priority commitment approach measure
    action step progress change improvement development infrastructure transport road bridge
    station network route timetable ticket passenger patient pupil teacher parent child
    victim offender prisoner tenant landlord employer business charity volunteer
    neighbourhood village town county region border visa permit licence grant allowance
    pension tax rate income household property home building site land river flood defence
    drainage catchment environment energy supply market price record figure statistic survey
    study analysis estimate forecast allocation formula threshold criterion eligibility
    entitlement obligation duty power responsibility accountability transparency oversight
    scrutiny procedure requirement exemption waiver extension deadline timescale period
    stage phase pilot trial evaluation audit inquiry hearing session debate motion amendment
    bill order instrument notice letter email telephone office caseworker official minister
    colleague representative agency body organisation sector industry union association
    forum group panel team unit centre clinic surgery ward library park footpath bus train
    junction bypass roundabout pavement crossing estate street shop farm field harbour coast
    moor forest valley canal reservoir sewer pipe turbine mast signal broadband connection
    coverage device account portal form document passport certificate card address postcode
    boundary ballot petition campaign survivor carer nurse doctor paramedic ambulance
    prescription appointment referral diagnosis treatment operation waiting bed discharge
    placement foster adoption academy curriculum examination attendance exclusion governor
    trustee apprenticeship jobcentre sanction overpayment arrears debt loan
    """.split()
)
_NOUN_PREFIXES = tuple(
    """
    re sub inter over under counter non- pre- co- cross- multi- post- mis out sub- self-
    """.split()
)
_ADJECTIVES = tuple(
    """
    local national public serious significant current further additional particular recent
    previous clear important necessary appropriate relevant specific wider full fair
    effective urgent considerable substantial independent statutory regional rural urban
    vulnerable elderly young new existing long-term short-term temporary permanent financial
    social legal medical educational operational strategic practical reasonable detailed
    formal informal annual monthly early late difficult complex simple regular unacceptable
    inadequate sufficient proper adequate consistent reliable accurate transparent
    accessible affordable safe secure sustainable robust proportionate exceptional ongoing
    outstanding substantive interim final provisional discretionary mandatory punitive
    chronic acute intermittent
    """.split()
)
_VERBS_RAW = tuple(
    """
    affects requires includes provides supports considers reflects involves ensures allows
    follows addresses delivers meets reduces increases improves undermines delays prevents
    protects funds manages monitors assesses examines identifies highlights raises confirms
    explains describes sets_out takes_account_of depends_on relates_to replaces extends
    restricts duplicates outweighs jeopardises mirrors
    """.split()
)
_VERBS = tuple(verb.replace("_", " ") for verb in _VERBS_RAW)
_COPULAS = ("is", "remains", "was", "has been", "will be", "may be", "seems", "appears", "became")
_ADVERBS = tuple(
    """
    very still also now often particularly increasingly not already largely generally rarely
    entirely broadly somewhat plainly
    """.split()
)
_PREPOSITIONS = tuple(
    """
    of in for to with on across within under through by from at about between after before
    during against without beyond
    """.split()
)
_DETERMINERS = ("the", "this", "a", "that", "each", "any", "their", "our", "its", "every")
_OPENERS = (
    "",
    "",
    "",
    "",
    "However, ",
    "In addition, ",
    "I understand that ",
    "It is clear that ",
    "As a result, ",
    "In practice, ",
    "At present, ",
    "In my view, ",
    "For that reason, ",
    "Moreover, ",
    "I am told that ",
    "It appears that ",
    "Equally, ",
    "Nevertheless, ",
)
_CONNECTORS = (", and ", ", but ", ", while ", " because ", ", although ", " and ", ", so ", "; ")
_CLAUSE_PATTERNS = (
    "D A N V D N P D N",
    "D N P D A N C A",
    "D N V D A N",
    "D N C R A P D N P D N",
    "D A N P D N V D N",
    "D N P D N C R A",
)


# --------------------------------------------------------------------------- the world


@dataclass(frozen=True, slots=True)
class _MP:
    name: str
    first: str
    surname: str
    gender: str
    constituency: str
    towns: tuple[str, ...]
    county: str
    council: str
    hospital: str
    trust: str
    schools: tuple[str, ...]
    prison: str
    river: str
    initials: str
    email: str
    phone: str
    active_from: int  # date ordinals
    active_to: int


@dataclass(frozen=True, slots=True)
class _Person:
    """A minister or an official who signs for a department or public body."""

    name: str
    first: str
    surname: str
    gender: str
    #: Empty for the head of the body, whose title changes with the body's name.
    role: str
    rt_hon: bool
    peer: bool
    member: bool  # sits in the Commons, so signs "... MP"

    @property
    def formal(self) -> str:
        if self.peer:
            return self.name
        if not self.member:
            return self.name
        return f"The Rt Hon {self.name} MP" if self.rt_hon else f"{self.name} MP"


@dataclass(frozen=True, slots=True)
class _Body:
    spec: _BodySpec
    name_starts: tuple[int, ...]
    era_starts: tuple[int, ...]
    eras: tuple[tuple[_Person, ...], ...]

    def name_at(self, day: dt.date) -> tuple[str, str]:
        index = bisect.bisect_right(self.name_starts, day.toordinal()) - 1
        if index < 0:
            return "", ""
        _, name, short = self.spec.names[index]
        return name, short

    def web_at(self, day: dt.date) -> str:
        if len(self.spec.names) == 1 or not self.spec.web.startswith("www.gov.uk/"):
            return self.spec.web
        return f"www.gov.uk/{self.name_at(day)[1].lower()}"

    def people_at(self, day: dt.date) -> tuple[_Person, ...]:
        index = max(0, bisect.bisect_right(self.era_starts, day.toordinal()) - 1)
        return self.eras[index]

    def role_of(self, person: _Person, day: dt.date) -> str:
        if person.role:
            return person.role
        role = self.spec.head_roles[0][1]
        for start, title in self.spec.head_roles:
            if dt.date.fromisoformat(start) <= day:
                role = title
        return role


@dataclass(frozen=True, slots=True)
class _Filler:
    """A pool of Zipf-distributed clauses: sentences join two at random, so few repeat."""

    clauses: tuple[str, ...]
    words: tuple[int, ...]


@dataclass(slots=True)
class _Thread:
    id: str
    mp: _MP
    topic: _Topic
    topic_key: str
    slots: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Sent:
    """What a written letter needs to be cited later."""

    index: int
    file: str
    date: dt.date
    references: tuple[str, ...]


def _weekday(day: dt.date) -> dt.date:
    weekday = day.weekday()
    return day + dt.timedelta(days=7 - weekday) if weekday >= 5 else day


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def _date_text(day: dt.date, style: int) -> str:
    month = _MONTHS[day.month - 1]
    if style == 0:
        return f"{day.day} {month} {day.year}"
    if style == 1:
        return f"{_ordinal(day.day)} {month} {day.year}"
    if style == 2:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == 3:
        return f"{_WEEKDAYS[day.weekday()]} {_ordinal(day.day)} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def _slug(text: str) -> str:
    kept = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in kept.split("-") if part)


def _zipf_cumulative(size: int, exponent: float = 1.05) -> list[float]:
    total = 0.0
    cumulative: list[float] = []
    for rank in range(size):
        total += 1.0 / (rank + 2.7) ** exponent
        cumulative.append(total)
    return cumulative


def _build_filler(rng: Random, size: int = 65536) -> _Filler:
    derived = [prefix + noun for prefix in _NOUN_PREFIXES for noun in _NOUNS]
    rng.shuffle(derived)
    nouns = list(dict.fromkeys([*_NOUNS, *derived]))
    pools: dict[str, Sequence[str]] = {
        "D": _DETERMINERS,
        "A": _ADJECTIVES,
        "N": nouns,
        "V": _VERBS,
        "C": _COPULAS,
        "R": _ADVERBS,
        "P": _PREPOSITIONS,
    }
    patterns = [pattern.split() for pattern in _CLAUSE_PATTERNS]
    needed = {key: max(pattern.count(key) for pattern in patterns) for key in pools}
    draws: dict[str, list[str]] = {}
    for key, vocabulary in pools.items():
        draws[key] = rng.choices(
            list(vocabulary), cum_weights=_zipf_cumulative(len(vocabulary)), k=size * needed[key]
        )
    position = dict.fromkeys(pools, 0)
    clauses: list[str] = []
    counts: list[int] = []
    for index in range(size):
        pattern = patterns[index % len(patterns)]
        words: list[str] = []
        for key in pattern:
            words.append(draws[key][position[key]])
            position[key] += 1
        for at in range(len(words) - 1):
            if words[at] == "a" and words[at + 1][0] in "aeiou":
                words[at] = "an"
        clause = " ".join(words)
        clauses.append(clause)
        counts.append(clause.count(" ") + 1)
    return _Filler(tuple(clauses), tuple(counts))


class _Generator:
    """Builds the world, then writes threads of letters until the archive is full."""

    def __init__(
        self, rng: Random, directory: Path, noise: float, layout_rng: Random, realistic: float
    ) -> None:
        self.rng = rng
        #: Draws for the realistic layouts only, so they never shift the main stream.
        self.lrng = layout_rng
        self.realistic = realistic
        self.rnd: Callable[[], float] = rng.random
        self.directory = directory
        self.noise = noise
        self.truth: list[GeneratedLetter] = []
        self.used_files: set[str] = set()
        self.made_dirs: set[int] = set()
        self.thread_count = 0
        self.wanted = 0
        used_names: set[str] = set()
        self.filler = _build_filler(rng)
        self.mps = self._build_mps(used_names)
        self.mp_cumulative = _zipf_cumulative(len(self.mps), 0.7)
        self.bodies = {spec.key: self._build_body(spec, used_names) for spec in _BODIES}
        self.ministerial = [b for b in self.bodies.values() if b.spec.ministerial]
        self.agencies = [b for b in self.bodies.values() if not b.spec.ministerial]
        self.all_bodies = list(self.bodies.values())
        self.body_cumulative = list(_accumulate(b.spec.weight for b in self.all_bodies))
        self.police = {
            county: self._build_police(county, used_names)
            for county in dict.fromkeys(mp.county for mp in self.mps)
        }
        self.committee_chairs = [
            [self._active_mp(dt.date(2012 + 4 * block, 1, 1)) for block in range(4)]
            for _ in _COMMITTEES
        ]

    # ---- world building

    def _person_name(self, used: set[str]) -> tuple[str, str, str]:
        rng = self.rng
        while True:
            first, gender = _FIRST_NAMES[rng.randrange(len(_FIRST_NAMES))]
            surname = self._surname()
            if rng.random() < 0.07:
                surname = f"{surname}-{self._surname()}"
            name = f"{first} {surname}"
            if name not in used:
                used.add(name)
                return first, surname, gender

    def _surname(self) -> str:
        rng = self.rng
        while True:
            head = _SURNAME_HEADS[rng.randrange(len(_SURNAME_HEADS))]
            surname = head + _SURNAME_TAILS[rng.randrange(len(_SURNAME_TAILS))]
            if surname not in _PLACE_LIKE_SURNAMES:
                return surname

    def _build_mps(self, used_names: set[str]) -> list[_MP]:
        rng = self.rng
        towns = [
            head + tail
            for head in _PLACE_HEADS
            for tail in _PLACE_TAILS
            if head + tail not in _REAL_PLACES and not _awkward(head, tail)
        ]
        rng.shuffle(towns)
        villages = [head + tail for head in _PLACE_HEADS for tail in _VILLAGE_TAILS]
        counties = [head + "shire" for head in _PLACE_HEADS if not head.endswith("sh")]
        rng.shuffle(counties)
        counties = counties[:30]
        rivers = [head + tail for head in _PLACE_HEADS for tail in ("e", "en", "ey", "an")]
        elections = [e.toordinal() for e in _ELECTIONS]
        first_day, last_day = _FIRST_DAY.toordinal(), _LAST_DAY.toordinal()
        mps: list[_MP] = []
        for index in range(400):
            first, surname, gender = self._person_name(used_names)
            main, second = towns[2 * index], towns[2 * index + 1]
            shape = rng.random()
            if shape < 0.4:
                constituency = main
            elif shape < 0.65:
                constituency = f"{main} and {second}"
            elif shape < 0.9:
                constituency = main + _CONSTITUENCY_SUFFIXES[rng.randrange(5)]
            else:
                constituency = f"{main} and Rye" if rng.random() < 0.5 else f"Mid {main}"
            local = (main, second, *rng.sample(villages, 2))
            county = counties[index % len(counties)]
            council = rng.choice(
                (
                    f"{county} County Council",
                    f"{main} Borough Council",
                    f"{main} District Council",
                    f"{main} and {second} Council",
                )
            )
            start = rng.choices(range(5), weights=(30, 25, 15, 20, 10))[0]
            start_day = first_day if start == 0 else elections[start]
            end_choices = [e for e in elections if e > start_day + 365] + [last_day + 1]
            end_day = rng.choice(end_choices) - 1
            initials = (first[0] + surname[0]).upper()
            mps.append(
                _MP(
                    name=f"{first} {surname}",
                    first=first,
                    surname=surname,
                    gender=gender,
                    constituency=constituency,
                    towns=local,
                    county=county,
                    council=council,
                    hospital=rng.choice(
                        (
                            f"{main} General Hospital",
                            f"{second} Community Hospital",
                            f"{county} Royal Infirmary",
                        )
                    ),
                    trust=rng.choice(
                        (
                            f"{county} Hospitals NHS Foundation Trust",
                            f"{main} and {county} NHS Trust",
                        )
                    ),
                    schools=(
                        f"{second} Academy",
                        f"{local[2]} Primary School",
                        f"{main} High School",
                    ),
                    prison=towns[800 + index % max(1, len(towns) - 800)],
                    river=rivers[rng.randrange(len(rivers))],
                    initials=initials,
                    email=f"{first}.{surname}.mp@parliament.uk".lower(),
                    phone=f"020 7946 0{rng.randrange(1000):03d}",
                    active_from=max(first_day, start_day),
                    active_to=min(last_day, end_day),
                )
            )
        return mps

    def _official(self, used: set[str], role: str, member: bool) -> _Person:
        rng = self.rng
        first, surname, gender = self._person_name(used)
        peer = member and bool(role) and rng.random() < 0.12
        name = f"{first} {surname}"
        if peer:
            name = f"{'Lord' if gender == 'm' else 'Baroness'} {surname}"
        rt_hon = member and not peer and (not role or rng.random() < 0.35)
        return _Person(name, first, surname, gender, role, rt_hon, peer, member)

    def _build_body(self, spec: _BodySpec, used: set[str]) -> _Body:
        rng = self.rng
        starts: list[int] = []
        eras: list[tuple[_Person, ...]] = []
        day = dt.date(2009, 6, 1)
        juniors: list[_Person] = []
        while day <= _LAST_DAY:
            head = self._official(used, "", spec.ministerial)
            kept = [person for person in juniors if rng.random() < 0.3]
            wanted = rng.randint(1, min(3, len(spec.junior_roles)))
            free = [r for r in spec.junior_roles if r not in {p.role for p in kept}]
            while len(kept) < wanted and free:
                role = free.pop(rng.randrange(len(free)))
                kept.append(self._official(used, role, spec.ministerial))
            juniors = kept
            starts.append(day.toordinal())
            eras.append((head, *juniors))
            following = day + dt.timedelta(days=rng.randint(300, 1100))
            elections = [e for e in _ELECTIONS if day < e < following]
            day = elections[0] if elections else following
        name_starts = tuple(dt.date.fromisoformat(s).toordinal() for s, _, _ in spec.names)
        return _Body(spec, name_starts, tuple(starts), tuple(eras))

    def _build_police(self, county: str, used: set[str]) -> _Body:
        rng = self.rng
        force = f"{county} Police" if rng.random() < 0.6 else f"{county} Constabulary"
        spec = _BodySpec(
            "police",
            (("2009-01-01", force, _slug(county)[:6].upper() + "P"),),
            ("Police Headquarters", f"{county} Road", f"{county[:-5]}bury"),
            "",
            ("Our ref:",),
            "CC/{yy}/{n4}",
            (("2009-01-01", "Chief Constable"),),
            ("Police and Crime Commissioner", "Assistant Chief Constable"),
            ("policing",),
            0,
            ministerial=False,
        )
        return self._build_body(spec, used)

    def _active_mp(self, day: dt.date) -> _MP:
        ordinal = day.toordinal()
        active = [mp for mp in self.mps if mp.active_from <= ordinal <= mp.active_to]
        return self.rng.choice(active or self.mps)

    # ---- small draws

    def _pick(self, items: Sequence[str]) -> str:
        return items[int(self.rnd() * len(items))]

    def _date_between(self, first: int, last: int) -> dt.date:
        return _weekday(dt.date.fromordinal(first + int(self.rnd() * (last - first + 1))))

    def _date_style(self) -> int:
        roll = self.rnd()
        return (
            0
            if roll < 0.55
            else 1
            if roll < 0.75
            else 2
            if roll < 0.85
            else 3
            if roll < 0.94
            else 4
        )

    def _money(self) -> str:
        if self.rnd() < 0.6:
            return f"£{self.rng.randint(1, 40)}.{self.rng.randint(1, 99):02d} million"
        return f"£{self.rng.randint(15, 950) * 1000:,}"

    def _reference(self, body: _Body, day: dt.date) -> str:
        rng = self.rng
        values = {
            "yy": f"{day.year % 100:02d}",
            "yyyy": str(day.year),
            "n4": f"{rng.randrange(10**4):04d}",
            "n5": f"{rng.randrange(10**5):05d}",
            "n6": f"{rng.randrange(10**6):06d}",
            "n7": f"{rng.randrange(10**7):07d}",
        }
        return body.spec.ref_pattern.format_map(values)

    def _mp_reference(self, mp: _MP) -> str:
        return f"{mp.initials}/{self.rng.randrange(10**4):04d}"

    def _choose_mp(self) -> _MP:
        return self.rng.choices(self.mps, cum_weights=self.mp_cumulative)[0]

    def _choose_body(self, day: dt.date, exclude: _Body | None = None) -> _Body | None:
        for _ in range(12):
            body = self.rng.choices(self.all_bodies, cum_weights=self.body_cumulative)[0]
            if body is not exclude and body.name_at(day)[0]:
                return body
        return None

    def _slots(self, mp: _MP, day: dt.date, subject: str | None = None) -> dict[str, str]:
        rng = self.rng
        towns = mp.towns
        place = towns[0] if self.rnd() < 0.6 else self._pick(towns)
        place2 = self._pick([town for town in towns if town != place])
        who = int(self.rnd() * len(_CONSTITUENT_FIRST))
        title = self._pick(_TITLES[who % 2])
        past = _weekday(day - dt.timedelta(days=rng.randint(10, 120)))
        future = _weekday(day + dt.timedelta(days=rng.randint(20, 45)))
        slots = {
            "place": place,
            "place2": place2,
            "area": mp.constituency,
            "county": mp.county,
            "council": mp.council,
            "force": self.police[mp.county].spec.names[0][1],
            "hospital": mp.hospital,
            "trust": mp.trust,
            "school": self._pick(mp.schools),
            "prison": mp.prison,
            "river": mp.river,
            "constituent": f"{title} {_CONSTITUENT_FIRST[who]} {self._surname()}",
            "money": self._money(),
            "money_b": f"£{rng.randint(2, 60)}.{rng.randint(1, 9)} billion",
            "num": str(rng.randint(12, 900)),
            "small": self._pick(_SMALL),
            "pct": str(rng.randint(4, 60)),
            "year_before": str(day.year - rng.randint(1, 3)),
            "month": _MONTHS[(day.month - rng.randint(2, 5)) % 12],
            "past_date": _date_text(past, 0),
            "future_date": _date_text(future, 0),
            "committee": "",
            "charity": f"The {mp.county} {self._pick(_CHARITY_KINDS)}",
            "grade": self._pick(
                ("be good", "require improvement", "be outstanding", "be inadequate", "be good")
            ),
            "subject": "",
        }
        slots["subject"] = subject.format_map(slots) if subject is not None else ""
        return slots

    # ---- text

    def _sentence(self) -> tuple[str, int]:
        filler = self.filler
        size = len(filler.clauses)
        first = int(self.rnd() * size)
        opener = self._pick(_OPENERS)
        text = opener + filler.clauses[first]
        words = filler.words[first] + opener.count(" ")
        if self.rnd() < 0.55:
            second = int(self.rnd() * size)
            connector = self._pick(_CONNECTORS)
            text += connector + filler.clauses[second]
            words += filler.words[second] + connector.count(" ")
        return text[0].upper() + text[1:] + ".", words

    def _paragraphs(
        self, lead: str, templates: Sequence[str], slots: Mapping[str, str], target: int
    ) -> list[str]:
        """Body paragraphs of about ``target`` words: topical sentences among Zipf filler."""
        pool = list(templates)
        self.rng.shuffle(pool)
        paragraphs: list[str] = []
        sentences = [lead] if lead else []
        words = lead.count(" ") + 1 if lead else 0
        per_paragraph = 1 + int(self.rnd() * 3) if lead else 2 + int(self.rnd() * 4)
        while words < target:
            if pool and self.rnd() < 0.62:
                sentence = pool.pop().format_map(slots)
                words += sentence.count(" ") + 1
            else:
                sentence, count = self._sentence()
                words += count
            sentences.append(sentence)
            if len(sentences) >= per_paragraph:
                paragraphs.append(" ".join(sentences))
                sentences = []
                per_paragraph = 2 + int(self.rnd() * 4)
        if sentences:
            paragraphs.append(" ".join(sentences))
        return paragraphs

    def _body_words(self, low: int = 150, high: int = 900, mode: int = 300) -> int:
        return int(self.rng.triangular(low, high, mode))

    def _cited(self, day: dt.date, style: int, with_year: bool) -> str:
        month = _MONTHS[day.month - 1]
        numeric = style == 2
        if numeric:
            return f"{day.day:02d}/{day.month:02d}/{day.year}"
        day_text = _ordinal(day.day) if style in (1, 3) else str(day.day)
        if style == 4:
            return f"{month} {day.day}, {day.year}" if with_year else f"{month} {day.day}"
        return f"{day_text} {month} {day.year}" if with_year else f"{day_text} {month}"

    # ---- files

    def _room(self) -> bool:
        return len(self.truth) < self.wanted

    def _file_name(
        self, day: dt.date, word: str, reference: str | None, who: str, short: str, md: bool
    ) -> str:
        roll = self.rnd()
        iso = day.isoformat()
        if reference and roll < 0.7:
            stem = f"{iso}_{_slug(reference)}_{word}"
        elif roll < 0.8:
            stem = f"{iso}_{_slug(who)}_{word}"
        elif roll < 0.9:
            plain = "letter" if word.startswith("to_") else word
            stem = f"{short} {plain} {day.day:02d}.{day.month:02d}.{day.year % 100:02d}"
        else:
            stem = f"{day.year}{day.month:02d}{day.day:02d} {who} {word}"
        extension = ".md" if md else ".txt"
        name = f"{day.year}/{stem}{extension}"
        suffix = 2
        while name in self.used_files:
            name = f"{day.year}/{stem}_{suffix}{extension}"
            suffix += 1
        self.used_files.add(name)
        return name

    def _write(self, name: str, data: bytes, year: int) -> None:
        if year not in self.made_dirs:
            (self.directory / str(year)).mkdir(exist_ok=True)
            self.made_dirs.add(year)
        with open(self.directory / name, "wb") as handle:
            handle.write(data)

    def _emit(self, blocks: list[list[str]], md: bool, lead_blank: int) -> bytes:
        text = "\n" * lead_blank + "\n\n".join("\n".join(block) for block in blocks if block)
        roll = self.rnd()
        if roll < 0.5:
            text += "\n"
        if not md and roll > 0.97:
            text = text.replace("\n", "\r\n")
        return text.encode("utf-8")

    def _record(self, name: str, data: bytes, day: dt.date, letter: GeneratedLetter) -> int:
        self._write(name, data, day.year)
        self.truth.append(letter)
        return len(self.truth) - 1

    # ---- letters from MPs

    def _mp_letter(
        self,
        thread: _Thread,
        body: _Body,
        day: dt.date,
        *,
        committee: str | None = None,
        answering: _Sent | None = None,
        opening: str | None = None,
    ) -> _Sent | None:
        """An MP's letter to a minister or public body; ``answering`` makes it a follow-up."""
        if not self._room() or day > _LAST_DAY or not body.name_at(day)[0]:
            return None
        rnd = self.rnd
        mp = thread.mp
        md = rnd() < 0.12
        bold = _bold if md else _plain
        people = body.people_at(day)
        minister = people[0] if rnd() < 0.45 else people[int(rnd() * len(people))]
        body_name, short = body.name_at(day)
        role = body.role_of(minister, day)
        blocks: list[list[str]] = []
        if committee:
            blocks.append([bold("House of Commons"), bold(committee), bold("London SW1A 0AA")])
        elif rnd() < 0.5:
            blocks.append([bold(f"{mp.name} MP"), bold("House of Commons"), "London SW1A 0AA"])
        else:
            blocks.append([bold("House of Commons"), bold("London SW1A 0AA")])
            if rnd() < 0.4:
                blocks.append([f"Tel: {mp.phone}", f"Email: {mp.email}"])
        references: list[str] = []
        ref_lines: list[str] = []
        if answering is not None and answering.references and rnd() < 0.8:
            references.append(answering.references[0])
            ref_lines.append(f"Your ref: {answering.references[0]}")
        if not committee and rnd() < 0.3:
            own = self._mp_reference(mp)
            references.append(own)
            ref_lines.append(f"Our ref: {own}")
        style = self._date_style()
        date_line = _date_text(day, style)
        recipient = [minister.formal, role, body_name, *body.spec.address]
        if not body.spec.ministerial:
            recipient = [minister.name, role, body_name, *body.spec.address]
        if rnd() < 0.3:
            blocks += [[date_line], recipient, ref_lines]
        else:
            blocks += [recipient, ref_lines, [date_line]]
        if minister.peer:
            salutation = f"Dear {minister.name},"
        elif body.spec.ministerial and rnd() < 0.25:
            salutation = "Dear Secretary of State," if not minister.role else "Dear Minister,"
        elif body.spec.ministerial or rnd() < 0.5:
            salutation = f"Dear {minister.first},"
        else:
            salutation = f"Dear {'Mr' if minister.gender == 'm' else 'Ms'} {minister.surname},"
        blocks.append([salutation])
        slots = thread.slots
        in_reply_to: dt.date | None = None
        if opening is not None:
            lead = opening.format_map(slots)
        elif answering is not None:
            in_reply_to = answering.date
            cited = _date_text(answering.date, style if style != 3 else 0)
            lead = f"Thank you for your letter of {cited} about {slots['subject']}. " + self._pick(
                (
                    "I am afraid that my constituent remains dissatisfied.",
                    "I remain concerned about this matter.",
                    "I would be grateful for some further clarification.",
                )
            )
        elif committee:
            slots = dict(slots, committee=committee)
            lead = _COMMITTEE_SENTENCES[0].format_map(slots)
        else:
            lead = self._pick(
                (
                    "I am writing to you about {subject}.",
                    "I write to raise {subject}.",
                    "I am writing on behalf of my constituent, {constituent}, about {subject}.",
                    "I would like to draw your attention to {subject}.",
                )
            ).format_map(slots)
        if committee:
            templates = [*thread.topic.mp, *_COMMITTEE_SENTENCES[1:]]
        else:
            templates = [*thread.topic.mp, *_GENERIC_MP]
        paragraphs = self._paragraphs(lead, templates, slots, self._body_words())
        for paragraph in paragraphs:
            blocks.append([paragraph])
        closing = self._pick(
            (
                "I look forward to your reply.",
                "I look forward to hearing from you.",
                "Thank you for your help.",
            )
        )
        blocks.append([closing])
        valediction = self._pick(
            ("Yours sincerely,", "Yours sincerely,", "Yours ever,", "With best wishes,")
        )
        blocks.append([valediction])
        if rnd() < 0.15:
            blocks.append([f"A handwritten signature, appearing to read '{mp.first}'."])
        if committee:
            blocks.append([bold(f"{mp.name} MP"), f"Chair, {committee}"])
        else:
            blocks.append([bold(f"{mp.name} MP"), f"Member of Parliament for {mp.constituency}"])
        data = self._emit(blocks, md, 0)
        word = "letter" if rnd() < 0.5 else f"to_{short.lower()}"
        own_ref = references[-1] if references else None
        name = self._file_name(day, word, own_ref, mp.surname, short, md)
        letter = GeneratedLetter(
            file=name,
            kind="letter",
            date=day,
            references=tuple(references),
            mp=mp.name,
            area=mp.constituency,
            department=body_name,
            sender_name=mp.name,
            recipient_name=minister.name,
            direction="from_mp",
            in_reply_to_date=in_reply_to,
            replies_to=answering.file if answering else None,
            thread=thread.id,
        )
        if self._realistic_draw():
            parts = _Parts(
                [],
                recipient,
                ref_lines,
                date_line,
                salutation,
                [*paragraphs, closing],
                valediction,
                [f"{mp.name} MP"],
            )
            data, letter = self._realistic_mp_letter(letter, parts, mp, role, body, committee)
        index = self._record(name, data, day, letter)
        return _Sent(index, name, day, tuple(references))

    # ---- replies to MPs

    def _reply(
        self,
        thread: _Thread,
        body: _Body,
        day: dt.date,
        *,
        answering: _Sent | None,
        cited_date: dt.date,
        holding: bool = False,
        after_holding: _Sent | None = None,
        further: bool = False,
        committee: str | None = None,
        allow_same_day: bool = True,
        reuse_reference: str | None = None,
        opening: str | None = None,
        notice: Sequence[str] = (),
        also: Sequence[_Sent] = (),
        cites: bool = True,
    ) -> _Sent | None:
        """A department's (or public body's) reply to an MP, in or out of the archive."""
        if not self._room() or day > _LAST_DAY or not body.name_at(day)[0]:
            return None
        rnd = self.rnd
        mp = thread.mp
        spec = body.spec
        noise = ""
        if rnd() < self.noise:
            kinds = ["no_ref", "wrong_day", "wrong_year"]
            if allow_same_day and answering is not None and not committee:
                kinds.append("same_day")
            noise = self._pick(kinds)
        if noise == "same_day" and answering is not None:
            self._same_day_letter(thread, body, answering.date)
        md = rnd() < 0.12
        bold = _bold if md else _plain
        people = body.people_at(day)
        signer = people[0] if rnd() < 0.35 else people[int(rnd() * len(people))]
        role = body.role_of(signer, day)
        body_name, short = body.name_at(day)
        blocks: list[list[str]] = []
        head = [bold(body_name)]
        if rnd() < 0.5:
            blocks += [head, [role]]
        else:
            blocks.append(head)
        address = list(spec.address)
        if spec.web and rnd() < 0.6:
            address.append(body.web_at(day))
        blocks.append(address)
        recipient = [f"{mp.name} MP"]
        if committee:
            recipient.append(f"Chair, {committee}")
        recipient += (
            ["House of Commons", "London", "SW1A 0AA"]
            if rnd() < 0.6
            else ["House of Commons", "London SW1A 0AA"]
        )
        references: list[str] = []
        ref_lines: list[str] = []
        if noise != "no_ref":
            reference = reuse_reference or self._reference(body, day)
            label = spec.ref_labels[0] if rnd() < 0.75 else self._pick(spec.ref_labels)
            references.append(reference)
            ref_lines.append(f"{bold(label) if md else label} {reference}")
            if answering is not None and rnd() < 0.7:
                theirs = [r for r in answering.references if r.startswith(mp.initials + "/")]
                if theirs:
                    references.append(theirs[0])
                    ref_lines.append(f"Your ref: {theirs[0]}")
        style = self._date_style()
        date_line = _date_text(day, style)
        blocks += [recipient, ref_lines, [date_line]]
        if spec.ministerial or rnd() < 0.5:
            salutation = f"Dear {mp.first},"
        else:
            salutation = f"Dear {'Mr' if mp.gender == 'm' else 'Ms'} {mp.surname},"
        blocks.append([salutation])

        stated = cited_date
        with_year = rnd() < 0.3
        if noise == "wrong_day":
            shift = self.rng.randint(1, 6) * (1 if rnd() < 0.5 else -1)
            stated = cited_date + dt.timedelta(days=shift)
        elif noise == "wrong_year":
            with_year = True
            year = cited_date.year - 1 if rnd() < 0.7 else cited_date.year + 1
            stated = cited_date.replace(year=year, day=min(cited_date.day, 28))
            if cited_date.month != 2:
                stated = cited_date.replace(year=year)
        cited_style = style if rnd() < 0.7 else self._date_style()
        if cited_style == 2 and noise != "wrong_year" and rnd() < 0.5:
            cited_style = 0
        cited = self._cited(stated, cited_style, with_year or cited_style == 2)
        slots = thread.slots
        about = self._pick(("about", "about", "regarding", "concerning", "requesting action on"))
        further_word = "further " if further else ""
        if opening is not None:
            lead = opening
            stated = cited_date
        elif after_holding is not None:
            lead = (
                f"Further to my letter of {_date_text(after_holding.date, 0)}, I am now able to "
                f"reply to your letter of {cited} {about} {slots['subject']}."
            )
        else:
            lead = f"Thank you for your {further_word}letter of {cited} {about} {slots['subject']}."
            if committee:
                lead = (
                    f"Thank you for your letter of {cited} on behalf of the {committee} "
                    f"{about} {slots['subject']}."
                )
        if answering is not None and rnd() < 0.2:
            lead += " I am sorry it has taken some time to reply."
        if notice:
            paragraphs = [lead, *notice]
        elif holding:
            paragraphs = [
                lead,
                self._pick(
                    (
                        "I am sorry that I am not yet in a position to send you a full reply.",
                        "Your letter raises a number of detailed points, and officials are "
                        "making enquiries so that I can respond fully.",
                    )
                ),
                *self._paragraphs("", (), slots, self._body_words(60, 160, 80)),
                "I will write to you again as soon as possible.",
            ]
        else:
            generic = _public(_GENERIC_REPLY) if committee else _GENERIC_REPLY
            templates = [*thread.topic.reply, *generic]
            paragraphs = self._paragraphs(lead, templates, slots, self._body_words())
        for paragraph in paragraphs:
            blocks.append([paragraph])
        endings: list[str] = []
        if not holding and rnd() < 0.25:
            other = self._choose_mp()
            endings.append(
                self._pick(
                    (
                        f"I have copied this letter to {other.name} MP, the Member for "
                        f"{other.constituency}.",
                        f"I have also copied this letter to {slots['council']}.",
                        f"I am copying this letter to {other.name} MP, who has raised "
                        "similar concerns.",
                    )
                )
            )
        endings.append(
            self._pick(
                (
                    "I hope this reply is helpful.",
                    "I hope this is helpful.",
                    "Thank you again for writing.",
                )
            )
        )
        blocks += [[ending] for ending in endings]
        valediction = ""
        if rnd() < 0.6:
            valediction = self._pick(("Yours sincerely,", "Yours ever,", "Yours sincerely,"))
            blocks.append([valediction])
        roll = rnd()
        if roll < 0.35:
            ink = "black" if rnd() < 0.7 else "blue"
            note = f"A handwritten signature in {ink} ink, appearing to read '{signer.name}'."
            blocks.append([f"*{note}*" if md else note])
        elif roll < 0.45:
            blocks.append(["[Signature]"])
        signature = [bold(signer.formal)]
        if rnd() < 0.6 or not spec.ministerial:
            signature.append(role)
        blocks.append(signature)
        data = self._emit(blocks, md, self.rng.choice((0, 0, 0, 1, 2, 4)))
        word = "holding_reply" if holding else "reply"
        name = self._file_name(
            day, word, references[0] if references else None, mp.surname, short, md
        )
        letter = GeneratedLetter(
            file=name,
            kind="reply",
            date=day,
            references=tuple(references),
            mp=mp.name,
            area=mp.constituency,
            department=body_name,
            sender_name=signer.name,
            recipient_name=mp.name,
            direction="to_mp",
            in_reply_to_date=stated if cites else None,
            replies_to=answering.file if answering else None,
            thread=thread.id,
            also_replies_to=tuple(sent.file for sent in also),
        )
        if self._realistic_draw():
            parts = _Parts(
                [body_name, *address],
                recipient,
                [line.replace("**", "") for line in ref_lines],
                date_line,
                salutation,
                [*paragraphs, *endings],
                valediction or "Yours sincerely,",
                [signer.formal, role],
            )
            pq_lead = lead if answering is None and after_holding is None and not holding else ""
            data, letter = self._realistic_reply(
                letter, parts, mp, signer, role, body, committee, slots, pq_lead
            )
        index = self._record(name, data, day, letter)
        return _Sent(index, name, day, tuple(references))

    def _same_day_letter(self, thread: _Thread, body: _Body, day: dt.date) -> None:
        """Noise: the same MP writes to another department on the same day."""
        other = self._choose_body(day, exclude=body)
        if other is None:
            return
        topic_key = self._pick(other.spec.topics)
        topic = _TOPICS[topic_key]
        sibling = _Thread(
            self._thread_id(),
            thread.mp,
            topic,
            topic_key,
            self._slots(thread.mp, day, self._pick(topic.subjects)),
        )
        sent = self._mp_letter(sibling, other, day)
        if sent is not None and self.rnd() < 0.5:
            reply_day = _weekday(day + dt.timedelta(days=self.rng.randint(14, 84)))
            self._reply(
                sibling, other, reply_day, answering=sent, cited_date=day, allow_same_day=False
            )

    # ---- threads

    def _thread_id(self) -> str:
        self.thread_count += 1
        return f"t{self.thread_count:06d}"

    def _new_thread(self, mp: _MP, body: _Body, day: dt.date, *, casework: bool = True) -> _Thread:
        topic_key = self._pick(body.spec.topics)
        topic = _TOPICS[topic_key]
        if not casework:
            topic = _Topic(
                _public(topic.subjects) or ("the matters set out below",),
                _public(topic.mp),
                _public(topic.reply),
            )
        slots = self._slots(mp, day, self._pick(topic.subjects))
        return _Thread(self._thread_id(), mp, topic, topic_key, slots)

    def _gap(self, day: dt.date, low: int = 14, high: int = 84) -> dt.date:
        return _weekday(day + dt.timedelta(days=self.rng.randint(low, high)))

    def _mp_thread(self) -> None:
        mp = self._choose_mp()
        day = self._date_between(mp.active_from, mp.active_to)
        body = self._choose_body(day)
        if body is None:
            return
        if not body.spec.ministerial and self.rnd() < 0.3:
            body = self.police[mp.county]
        thread = self._new_thread(mp, body, day)
        letter = self._mp_letter(thread, body, day)
        if letter is None:
            return
        outcome = self.rnd()
        if outcome < 0.15:
            return  # unanswered
        reply_day = self._gap(day)
        if outcome < 0.24:
            holding = self._reply(
                thread, body, self._gap(day, 5, 15), answering=letter, cited_date=day, holding=True
            )
            if holding is None:
                return
            reply = self._reply(
                thread,
                body,
                self._gap(holding.date, 14, 60),
                answering=letter,
                cited_date=day,
                after_holding=holding,
                reuse_reference=holding.references[0] if holding.references else None,
            )
        else:
            reply = self._reply(thread, body, reply_day, answering=letter, cited_date=day)
        if reply is None or self.rnd() >= 0.25:
            return
        follow_up = self._mp_letter(thread, body, self._gap(reply.date, 7, 40), answering=reply)
        if follow_up is None or self.rnd() >= 0.8:
            return
        dept_refs = [r for r in follow_up.references if not r.startswith(mp.initials + "/")]
        self._reply(
            thread,
            body,
            self._gap(follow_up.date),
            answering=follow_up,
            cited_date=follow_up.date,
            further=True,
            reuse_reference=dept_refs[0] if dept_refs and self.rnd() < 0.6 else None,
        )

    def _orphan_reply(self) -> None:
        """A reply to a letter that is not in the archive."""
        mp = self._choose_mp()
        day = self._date_between(mp.active_from, mp.active_to)
        body = self._choose_body(day)
        if body is None:
            return
        thread = self._new_thread(mp, body, day)
        cited = _weekday(day - dt.timedelta(days=self.rng.randint(14, 84)))
        self._reply(thread, body, day, answering=None, cited_date=cited)

    def _committee_thread(self) -> None:
        which = int(self.rnd() * len(_COMMITTEES))
        committee, key = _COMMITTEES[which]
        chairs = self.committee_chairs[which]
        day = self._date_between(_FIRST_DAY.toordinal(), _LAST_DAY.toordinal())
        chair = chairs[min(3, (day.year - 2010) // 4)]
        day = _weekday(
            dt.date.fromordinal(min(max(day.toordinal(), chair.active_from), chair.active_to))
        )
        body = self.bodies[key]
        thread = self._new_thread(chair, body, day, casework=False)
        letter = self._mp_letter(thread, body, day, committee=committee)
        if letter is not None and self.rnd() < 0.5:
            self._reply(
                thread,
                body,
                self._gap(day, 20, 60),
                answering=letter,
                cited_date=day,
                committee=committee,
            )

    def _agency_notice(self) -> None:
        """A public body writes to an MP unprompted: an inspection, an operation, works."""
        mp = self._choose_mp()
        day = self._date_between(mp.active_from, mp.active_to)
        kind = self._pick(("police", "police", "nhse", "ea", "nr", "ofsted"))
        body = self.police[mp.county] if kind == "police" else self.bodies[kind]
        if not self._room():
            return
        rnd = self.rnd
        thread = self._new_thread(mp, body, day)
        people = body.people_at(day)
        signer = people[int(rnd() * len(people))]
        role = body.role_of(signer, day)
        body_name, short = body.name_at(day)
        md = rnd() < 0.12
        bold = _bold if md else _plain
        reference = self._reference(body, day) if rnd() < 0.6 else None
        blocks: list[list[str]] = [
            [bold(body_name)],
            [line for line in (*body.spec.address, body.web_at(day)) if line],
            [f"{mp.name} MP", "House of Commons", "London SW1A 0AA"],
            [f"Our ref: {reference}"] if reference else [],
            [_date_text(day, self._date_style())],
            [f"Dear {mp.first}," if rnd() < 0.5 else f"Dear {mp.name},"],
        ]
        if kind == "ofsted":
            templates: Sequence[str] = _TOPICS["ofsted"].reply
        else:
            templates = _AGENCY_NOTICE[kind]
        lead = templates[0].format_map(thread.slots)
        paragraphs = self._paragraphs(lead, templates[1:], thread.slots, self._body_words())
        for paragraph in paragraphs:
            blocks.append([paragraph])
        blocks.append(["Yours sincerely,"])
        blocks.append([bold(signer.name), role, body_name])
        data = self._emit(blocks, md, 0)
        name = self._file_name(day, "letter", reference, mp.surname, short, md)
        letter = GeneratedLetter(
            file=name,
            kind="letter",
            date=day,
            references=(reference,) if reference else (),
            mp=mp.name,
            area=mp.constituency,
            department=body_name,
            sender_name=signer.name,
            recipient_name=mp.name,
            direction="to_mp",
            in_reply_to_date=None,
            replies_to=None,
            thread=thread.id,
        )
        if self._realistic_draw():
            data, letter = self._realistic_notice(
                letter, kind, signer.name, role, mp, paragraphs, reference
            )
        self._record(name, data, day, letter)

    def _other_letter(self) -> None:
        """Correspondence without an MP: a minister to a council leader, a charity to a minister."""
        if not self._room():
            return
        rnd = self.rnd
        mp = self.mps[int(rnd() * len(self.mps))]  # lends its places, not its name
        day = self._date_between(_FIRST_DAY.toordinal(), _LAST_DAY.toordinal())
        body = self.ministerial[int(rnd() * len(self.ministerial))]
        body_name, short = body.name_at(day)
        if not body_name:
            return
        thread = self._new_thread(mp, body, day)
        slots = thread.slots
        people = body.people_at(day)
        minister = people[int(rnd() * len(people))]
        role = body.role_of(minister, day)
        md = rnd() < 0.12
        bold = _bold if md else _plain
        first, surname, _ = self._person_name(set())
        date_line = _date_text(day, self._date_style())
        references: tuple[str, ...] = ()
        if rnd() < 0.5:
            reference = self._reference(body, day)
            references = (reference,)
        if rnd() < 0.5:
            sender, recipient = minister.name, f"Councillor {first} {surname}"
            blocks: list[list[str]] = [
                [bold(body_name)],
                list(body.spec.address),
                [recipient, f"Leader, {mp.council}", "Town Hall", mp.towns[0]],
                [f"Our ref: {references[0]}"] if references else [],
                [date_line],
                [f"Dear Councillor {surname},"],
            ]
            lead = _COUNCIL_SENTENCES[0].format_map(slots)
            templates = [*thread.topic.reply, *_COUNCIL_SENTENCES[1:]]
            closing = [bold(minister.formal), role]
            word = "to_council"
        else:
            sender, recipient = f"{first} {surname}", minister.name
            charity = slots["charity"]
            blocks = [
                [bold(charity), f"{mp.towns[1]} House", mp.towns[0]],
                [minister.formal, role, body_name, *body.spec.address],
                [f"Your ref: {references[0]}"] if references else [],
                [date_line],
                ["Dear Minister," if rnd() < 0.6 else f"Dear {minister.first},"],
            ]
            lead = _CHARITY_SENTENCES[0].format_map(slots)
            templates = list(_CHARITY_SENTENCES[1:])
            closing = [bold(sender), f"Chief Executive, {charity}"]
            word = "from_charity"
        for paragraph in self._paragraphs(lead, templates, slots, self._body_words()):
            blocks.append([paragraph])
        blocks += [["Yours sincerely,"], closing]
        data = self._emit(blocks, md, 0)
        name = self._file_name(day, word, references[0] if references else None, surname, short, md)
        self._record(
            name,
            data,
            day,
            GeneratedLetter(
                file=name,
                kind="letter",
                date=day,
                references=references,
                mp=None,
                area=None,
                department=body_name,
                sender_name=sender,
                recipient_name=recipient,
                direction="other",
                in_reply_to_date=None,
                replies_to=None,
                thread=thread.id,
            ),
        )

    # ---- layouts learnt from real published letters

    def _realistic_draw(self) -> bool:
        return self.lrng.random() < self.realistic

    def _layout_bytes(self, text: str) -> bytes:
        return (text + "\n" if self.lrng.random() < 0.5 else text).encode("utf-8")

    def _layout_person(self) -> str:
        """A fictional official for a sender the world does not model (a council, a trust)."""
        rng = self.lrng
        first = _FIRST_NAMES[rng.randrange(len(_FIRST_NAMES))][0]
        head = _SURNAME_HEADS[rng.randrange(len(_SURNAME_HEADS))]
        return f"{first} {head}{_SURNAME_TAILS[rng.randrange(len(_SURNAME_TAILS))]}"

    def _foot_date(self, day: dt.date) -> str:
        return _date_text(day, self.lrng.choice((0, 0, 1, 4)))

    def _realistic_mp_letter(
        self,
        letter: GeneratedLetter,
        parts: _Parts,
        mp: _MP,
        role: str,
        body: _Body,
        committee: str | None,
    ) -> tuple[bytes, GeneratedLetter]:
        """An MP's letter as published: flattened, under a cover heading, or co-signed."""
        rng = self.lrng
        assert letter.date is not None
        day = letter.date
        addressee = role if body.spec.ministerial else f"{role} of {letter.department}"
        roll = rng.random()
        if committee:
            chair = f"Chair of the {committee}"
            if roll < 0.35:
                parts.letterhead = ["HOUSE OF COMMONS", committee.upper(), "LONDON SW1A 0AA"]
                parts.signature = [f"{mp.name} MP", chair]
                return self._layout_bytes(_flat_text(parts, rng)), replace(
                    letter, layout="flattened"
                )
            block = min(3, (day.year - 2010) // 4)
            others = [
                (name, chairs[block])
                for (name, _), chairs in zip(_COMMITTEES, self.committee_chairs, strict=True)
                if name != committee and chairs[block].name != mp.name
            ]
            heading = [f"Select Committee on {committee.removesuffix(' Committee')} Correspondence"]
            if roll < 0.7 or not others:
                chair_word = rng.choice(("Chair", "Chairman", "Chair"))
                heading.append(
                    f"Letter to {_the(addressee)} from the {chair_word} of the Committee"
                )
                signature = [mp.name] if rng.random() < 0.5 else [f"{mp.name} MP", chair]
                layout = "cover"
            else:
                other_committee, other = others[rng.randrange(len(others))]
                heading.append(
                    f"Letter to {_the(addressee)} from the Chairs of the {committee} and the "
                    f"{other_committee}"
                )
                signature = [mp.name, "", other.name]
                layout = "signatories"
            text = _cover_text(heading, parts, signature, self._foot_date(day), rng)
            return self._layout_bytes(text), _named(letter, text, layout)
        if roll < 0.45:
            if rng.random() < 0.5:
                parts.letterhead = [
                    f"{mp.name.upper()} MP, MEMBER OF PARLIAMENT FOR {mp.constituency.upper()}",
                    "HOUSE OF COMMONS LONDON SW1A 0AA",
                ]
            else:
                parts.letterhead = ["House of Commons London SW1A 0AA"]
            parts.signature = [f"{mp.name} MP", f"Member of Parliament for {mp.constituency}"]
            return self._layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        if roll < 0.7:
            parts.letterhead = [
                f"MEMBER OF PARLIAMENT FOR {mp.constituency.upper()}",
                "HOUSE OF COMMONS",
                "LONDON SW1A 0AA",
            ]
            parts.signature = [mp.name]
            text = _blocks_text(parts)
            return self._layout_bytes(text), replace(letter, layout="caps_letterhead")
        heading = [f"Letter from {mp.name} MP to {_the(addressee)}"]
        text = _cover_text(heading, parts, [mp.name], self._foot_date(day), rng)
        return self._layout_bytes(text), _named(letter, text, "cover")

    def _realistic_reply(
        self,
        letter: GeneratedLetter,
        parts: _Parts,
        mp: _MP,
        signer: _Person,
        role: str,
        body: _Body,
        committee: str | None,
        slots: Mapping[str, str],
        pq_lead: str,
    ) -> tuple[bytes, GeneratedLetter]:
        """A reply to an MP as published or forwarded: Hansard, cover sheets, e-mail, unsigned."""
        rng = self.lrng
        assert letter.date is not None and letter.department is not None
        day, department = letter.date, letter.department
        title = "Mr" if mp.gender == "m" else rng.choice(("Ms", "Mrs"))
        dated = f"dated {_date_text(day, rng.choice((0, 0, 1)))}:"
        roll = rng.random()
        if pq_lead and not body.spec.ministerial and roll < 0.7:
            # Hansard prints an agency chief executive's answer to a Parliamentary Question.
            subject = slots["subject"]
            opening = rng.choice(
                (
                    f"As {role} of {department}, it is my responsibility to answer questions "
                    "about operational matters. I am therefore replying to your recent "
                    f"Parliamentary Question about {subject}.",
                    "The Secretary of State has asked me to reply to your recent "
                    f"Parliamentary Question about {subject}.",
                    f"I have been asked to reply to your Parliamentary Question about {subject}.",
                )
            )
            first = parts.paragraphs[0].removeprefix(pq_lead).strip()
            paragraphs = [opening, *([first] if first else []), *parts.paragraphs[1:]]
            cover_line = f"Letter from {signer.name} to {title} {mp.name}, {dated}"
            text = cover_line + rng.choice(("\n", " ")) + _run_together(paragraphs, rng)
            if parts.references:
                text += "\n" + " ".join(parts.references)
            return self._layout_bytes(text), replace(
                letter, in_reply_to_date=None, layout="pq_answer"
            )
        if committee:
            if roll < 0.6:
                heading = [f"Reply from {_the(role)} to {mp.name} MP, Chair of the {committee}"]
                text = _cover_text(heading, parts, [signer.formal], self._foot_date(day), rng)
                return self._layout_bytes(text), replace(letter, layout="cover")
            parts.signature = [signer.formal, role]
            return self._layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        note = rng.choice(
            (
                f"I understand that your constituent, {slots['constituent']}, is still waiting "
                "for an answer.",
                "I am sorry for the difficulties your constituent has faced.",
            )
        )
        if roll < 0.3:
            if rng.random() < 0.5:
                parts.recipient = [
                    mp.name,
                    f"Member of Parliament for {mp.constituency}",
                    "House of Commons London SW1A 0AA",
                ]
            parts.signature = [signer.formal, role]
            return self._layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        if roll < 0.5:
            hour = rng.randint(8, 18)
            header = [
                f"From: {signer.surname.upper()}, {signer.first}",
                f"Sent: {_WEEKDAYS[day.weekday()]}, {_date_text(day, 4)} "
                f"{(hour - 1) % 12 + 1}:{rng.randrange(60):02d} {'AM' if hour < 12 else 'PM'}",
                f"To: {mp.surname.upper()}, {mp.first}",
                f"Subject: RE: {_capital(slots['subject'])}",
            ]
            blocks = [
                header,
                parts.references,
                [parts.salutation],
                *([paragraph] for paragraph in _with_note(parts.paragraphs, note)),
                [parts.valediction],
                [signer.formal, role, department],
            ]
            text = "\n\n".join("\n".join(block) for block in blocks if block)
            return self._layout_bytes(text), replace(letter, layout="outlook")
        if roll < 0.65:
            parts.signature = []
            text = _flat_text(parts, rng) if rng.random() < 0.4 else _blocks_text(parts)
            return self._layout_bytes(text), replace(letter, sender_name=None, layout="unsigned")
        if roll < 0.82:
            the_role = _the(role)
            if not body.spec.ministerial:
                the_role += f" of {department}"
            heading = [f"Response from {the_role} to {mp.name} MP – {slots['subject']}"]
            signature = [_capital(_the(role))]
            text = _cover_text(heading, parts, signature, self._foot_date(day), rng)
            return self._layout_bytes(text), replace(letter, sender_name=None, layout="role_only")
        cover_line = f"Letter from {signer.name} to {title} {mp.name}, {dated}"
        paragraphs = _with_note(parts.paragraphs, note)
        text = cover_line + rng.choice(("\n", " ")) + _run_together(paragraphs, rng)
        if parts.references:
            text += "\n" + " ".join(parts.references)
        return self._layout_bytes(text), replace(letter, layout="cover")

    def _realistic_notice(
        self,
        letter: GeneratedLetter,
        kind: str,
        signer_name: str,
        role: str,
        mp: _MP,
        paragraphs: list[str],
        reference: str | None,
    ) -> tuple[bytes, GeneratedLetter]:
        """A public body's unprompted letter; trusts and councils write too."""
        rng = self.lrng
        assert letter.date is not None and letter.department is not None
        day, department = letter.date, letter.department
        if kind == "nhse" and rng.random() < 0.6:
            department, signer_name, role = mp.trust, self._layout_person(), "Chief Executive"
        elif kind in ("ea", "police") and rng.random() < 0.4:
            department, signer_name = mp.council, self._layout_person()
            role = rng.choice(("Chief Executive", "Leader of the Council"))
        letter = replace(letter, department=department, sender_name=signer_name)
        ref_lines = [f"Our ref: {reference}"] if reference else []
        area_note = f"I am writing to you as the Member of Parliament for {mp.constituency}."
        if rng.random() < 0.5:
            parts = _Parts(
                [department],
                [mp.name, f"Member of Parliament for {mp.constituency}", "House of Commons"],
                ref_lines,
                _date_text(day, rng.choice((0, 1, 4))),
                f"Dear {mp.first},",
                list(paragraphs),
                "Yours sincerely,",
                [signer_name, role, department],
            )
            return self._layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        heading = (
            f"Letter from {_the(role)} of {department} to {mp.name}, "
            f"dated {_date_text(day, rng.choice((0, 0, 1)))}:"
        )
        text = (
            heading
            + rng.choice(("\n", "\n\n"))
            + "\n\n".join([f"{area_note} {paragraphs[0]}", *paragraphs[1:]])
        )
        if ref_lines:
            text += "\n\n" + ref_lines[0]
        return self._layout_bytes(text), replace(letter, sender_name=None, layout="role_only")

    def run(self, wanted: int, hard: float = 0.0, hard_rng: Random | None = None) -> None:
        self.wanted = wanted - round(wanted * hard)
        while self._room():
            roll = self.rnd()
            if roll < 0.6:
                self._mp_thread()
            elif roll < 0.7:
                self._orphan_reply()
            elif roll < 0.76:
                self._committee_thread()
            elif roll < 0.88:
                self._agency_notice()
            else:
                self._other_letter()
        if hard_rng is None or self.wanted >= wanted:
            return
        main_rng = self.rng
        self.rng, self.rnd, self.wanted = hard_rng, hard_rng.random, wanted
        cases = (
            self._transfer,
            self._several_letters,
            self._uncited_reply,
            self._holding_then_full,
        )
        while self._room():
            cases[int(self.rnd() * len(cases))]()
        self.rng, self.rnd = main_rng, main_rng.random

    # ---- the cases pairing finds hard (drawn from their own stream, see ``run``)

    def _hard_start(self, opening: str | None = None) -> tuple[_Thread, _Body, _Sent] | None:
        mp = self._choose_mp()
        day = self._date_between(mp.active_from, mp.active_to)
        body = self._choose_body(day)
        if body is None:
            return None
        thread = self._new_thread(mp, body, day)
        letter = self._mp_letter(thread, body, day, opening=opening)
        return None if letter is None else (thread, body, letter)

    def _transfer(self) -> None:
        """The MP writes to one department and another replies, perhaps after a notice."""
        start = self._hard_start()
        if start is None:
            return
        thread, first, letter = start
        other = self._choose_body(letter.date, exclude=first)
        if other is None:
            return
        slots, cited = thread.slots, self._cited(letter.date, self._date_style(), self.rnd() < 0.4)
        first_name, other_name = first.name_at(letter.date)[0], other.name_at(letter.date)[0]
        to = self.truth[letter.index].recipient_name or first_name
        day = letter.date
        if self.rnd() < 0.5:
            day = self._gap(day, 3, 12)
            notice = self._pick(_TRANSFER_NOTICES).format(other=_the_body(other_name))
            opening = f"Thank you for your letter of {cited} about {slots['subject']}."
            self._reply(
                thread, first, day, answering=letter, cited_date=letter.date,
                opening=opening, notice=(notice,), allow_same_day=False,
            )  # fmt: skip
        opening = self._pick(_TRANSFERRED_OPENINGS).format(
            cited=cited,
            to=to,
            first=_the_body(first_name),
            first_cap=_capital(_the_body(first_name)),
            subject=slots["subject"],
        )
        self._reply(
            thread, other, self._gap(day, 10, 50), answering=letter, cited_date=letter.date,
            opening=opening, allow_same_day=False,
        )  # fmt: skip

    def _several_letters(self) -> None:
        """Two or three letters from one MP to one department, answered in one reply."""
        start = self._hard_start()
        if start is None:
            return
        thread, body, letter = start
        letters = [letter]
        for _ in range(1 if self.rnd() < 0.7 else 2):
            again = self._mp_letter(
                thread, body, self._gap(letters[-1].date, 3, 20),
                opening=self._pick(_AGAIN_OPENINGS),
            )  # fmt: skip
            if again is None:
                break
            letters.append(again)
        if len(letters) < 2:
            return
        days = [sent.date for sent in letters]
        count = ("two", "three")[len(days) - 2]
        opening = self._pick(_SEVERAL_OPENINGS).format(
            dates=_date_list(days), count=count, subject=thread.slots["subject"],
            first=_date_text(days[0], 0), last=_date_text(days[-1], 0),
        )  # fmt: skip
        self._reply(
            thread, body, self._gap(days[-1], 10, 50), answering=letters[0],
            cited_date=days[0], opening=opening, also=letters[1:], allow_same_day=False,
        )  # fmt: skip

    def _uncited_reply(self) -> None:
        """A reply naming the MP's constituent, citing neither a reference nor a date."""
        start = self._hard_start(self._pick(_CONSTITUENT_OPENINGS))
        if start is None:
            return
        thread, body, letter = start
        opening = self._pick(_UNCITED_OPENINGS).format_map(thread.slots)
        self._reply(
            thread, body, self._gap(letter.date, 14, 70), answering=letter,
            cited_date=letter.date, opening=opening, cites=False, allow_same_day=False,
        )  # fmt: skip

    def _holding_then_full(self) -> None:
        """A holding reply promising another, then the full reply continuing it."""
        start = self._hard_start()
        if start is None:
            return
        thread, body, letter = start
        subject = thread.slots["subject"]
        cited = self._cited(letter.date, self._date_style(), self.rnd() < 0.4)
        holding = self._reply(
            thread, body, self._gap(letter.date, 3, 12), answering=letter, cited_date=letter.date,
            opening=f"Thank you for your letter of {cited} about {subject}.",
            notice=(self._pick(_HOLDING_NOTICES),), allow_same_day=False,
        )  # fmt: skip
        if holding is None:
            return
        opening = self._pick(_FULL_OPENINGS).format(
            holding=_date_text(holding.date, 0), cited=cited, subject=subject
        )
        self._reply(
            thread, body, self._gap(holding.date, 14, 60), answering=letter,
            cited_date=letter.date, opening=opening, allow_same_day=False,
            reuse_reference=holding.references[0] if holding.references else None,
        )  # fmt: skip

    # ---- malformed files

    def add_malformed(self, number: int) -> None:
        rng = self.rng
        for index in range(number):
            kind = _MALFORMED_KINDS[index % len(_MALFORMED_KINDS)]
            day = self._date_between(_FIRST_DAY.toordinal(), _LAST_DAY.toordinal())
            if kind == "binary":
                header = rng.choice(
                    (b"\x89PNG\r\n\x1a\n", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"PK\x03\x04")
                )
                data = header + b"\x00\x00" + rng.randbytes(rng.randint(200, 3000))
                stem = f"scan_{index:04d}"
            elif kind == "empty":
                data = b""
                stem = f"letter_{index:04d}"
            elif kind == "cp1252":
                mp = self.mps[int(self.rnd() * len(self.mps))]
                text = (
                    f"{mp.name} MP\r\nHouse of Commons\r\n\r\n{_date_text(day, 0)}\r\n\r\n"
                    f"Dear Minister,\r\n\r\nI enclose a note from my constituent’s café in "
                    f"{mp.towns[0]} about the £{rng.randint(100, 9000)} fine – résumé attached.\r\n"
                )
                data = text.encode("cp1252")
                stem = f"{_slug(mp.surname)}_note_{index:04d}"
            else:
                data = rng.choice((b"   \n\n\t \n", b"\r\n\r\n   \r\n", b" " * rng.randint(1, 80)))
                stem = f"page_{index:04d}"
            name = f"{day.year}/{day.isoformat()}_{stem}.txt"
            while name in self.used_files:
                name = name[:-4] + "_x.txt"
            self.used_files.add(name)
            self._write(name, data, day.year)
            self.truth.append(
                GeneratedLetter(
                    file=name,
                    kind="malformed",
                    date=None,
                    references=(),
                    mp=None,
                    area=None,
                    department=None,
                    sender_name=None,
                    recipient_name=None,
                    direction="other",
                    in_reply_to_date=None,
                    replies_to=None,
                    thread=self._thread_id(),
                )
            )


# Phrasings of the hard cases, generalised from published ministerial replies (transfers
# between departments, answers to several letters, replies naming only the constituent,
# holding replies and the full replies that follow them); no letter is copied.
_TRANSFER_NOTICES = (
    "As this is a matter for {other}, I have transferred your letter to them and asked that "
    "they reply to you directly.",
    "The issues you raise fall within the responsibilities of {other}, so your letter has "
    "been passed to them for reply.",
    "I have shared your letter with {other}, which leads on this policy, and they will reply "
    "to you in due course.",
    "Responsibility for this rests with {other}. I have therefore forwarded your letter to "
    "my colleagues there, who will respond.",
)
_TRANSFERRED_OPENINGS = (
    "Your letter of {cited} to {to} about {subject} has been passed to this Department for reply.",
    "Your letter of {cited} to {first} about {subject} has been transferred to this "
    "Department, as the matter falls within our responsibilities.",
    "Thank you for your letter of {cited} to {to}, about {subject}, which has been passed "
    "to me for reply.",
    "I have been asked to reply to your letter of {cited} to {first} about {subject}.",
    "{first_cap} has forwarded your letter of {cited} about {subject} to this Department, "
    "since it concerns matters for which we are responsible.",
    "Your letter of {cited} about {subject}, addressed to {to}, has been transferred to me "
    "as the Minister responsible.",
)
_AGAIN_OPENINGS = (
    "I am writing again about {subject}.",
    "Further to my earlier letter, I write again about {subject}.",
    "I write further to my recent letter about {subject}, as my constituent has been in "
    "touch again.",
    "I have received further correspondence from my constituent about {subject}.",
)
_SEVERAL_OPENINGS = (
    "Thank you for your letters of {dates} about {subject}.",
    "Thank you for your {count} letters of {dates} regarding {subject}.",
    "I am replying to your letters of {dates}, about {subject}.",
    "Thank you for your letter of {first}, and your further letter of {last}, about {subject}.",
    "I am grateful for your letters dated {dates} concerning {subject}; I am replying to "
    "them together.",
)
_CONSTITUENT_OPENINGS = (
    "I am writing on behalf of my constituent, {constituent}, about {subject}.",
    "My constituent, {constituent} of {place}, has contacted me about {subject}.",
    "I have been contacted by my constituent {constituent}, who is concerned about {subject}.",
)
_UNCITED_OPENINGS = (
    "Thank you for your recent letter on behalf of your constituent, {constituent}, about "
    "{subject}.",
    "Thank you for writing on behalf of {constituent} about {subject}.",
    "I am writing in response to your letter on behalf of your constituent {constituent}, "
    "regarding {subject}.",
    "You wrote to me on behalf of {constituent} of {place} about {subject}.",
    "Thank you for contacting me about the case of your constituent, {constituent}.",
    "Thank you for your recent correspondence about {constituent} and {subject}.",
)
_HOLDING_NOTICES = (
    "I will write again as soon as I am able to give you a full reply.",
    "Officials are looking into the points you raise, and I will reply in full shortly.",
    "I am sorry that I cannot yet reply in full; I will write to you again once enquiries "
    "are complete.",
    "You will receive a full reply as soon as possible.",
)
_FULL_OPENINGS = (
    "Further to my letter of {holding}, I can now reply in full to your letter of {cited} "
    "about {subject}.",
    "I wrote to you on {holding} to say that I would reply in full about {subject}; I am "
    "now able to do so.",
    "Following my interim reply of {holding}, I am writing about {subject}.",
    "I promised in my letter of {holding} to write again about {subject}.",
    "Further to my earlier letter about {subject}, I am now in a position to reply.",
)


def _date_list(days: Sequence[dt.date]) -> str:
    """Dates as a letter lists them: "2 and 9 May", "28 April and 5 May", "2, 9 and 16 May"."""
    texts = []
    for index, day in enumerate(days):
        last = index == len(days) - 1
        same_month = not last and all(
            (d.month, d.year) == (day.month, day.year) for d in days[index:]
        )
        texts.append(str(day.day) if same_month else f"{day.day} {_MONTHS[day.month - 1]}")
    if days[0].year != days[-1].year:
        texts = [f"{d.day} {_MONTHS[d.month - 1]} {d.year}" for d in days]
    return ", ".join(texts[:-1]) + " and " + texts[-1]


@dataclass(slots=True)
class _Parts:
    """A letter taken apart, so a layout learnt from real letters can put it back together."""

    letterhead: list[str]
    recipient: list[str]
    references: list[str]
    date_line: str
    salutation: str
    paragraphs: list[str]
    valediction: str
    signature: list[str]


def _named(letter: GeneratedLetter, text: str, layout: str) -> GeneratedLetter:
    """Truth for a letter under a cover heading: no reference lines, and an addressee the
    heading names only by role is not named."""
    recipient = letter.recipient_name
    return replace(
        letter,
        references=(),
        recipient_name=recipient if recipient and recipient in text else None,
        layout=layout,
    )


def _run_together(paragraphs: Sequence[str], rng: Random) -> str:
    """Paragraphs as PDF-to-text often leaves them: no break, and mostly no space either."""
    tight = rng.random() < 0.75
    text = ""
    for paragraph in paragraphs:
        gap = "" if not text or (tight and text.endswith(".")) else " "
        text += gap + paragraph
    return text


def _flat_text(parts: _Parts, rng: Random) -> str:
    """Letterhead, addressee, date, salutation and first paragraph on one line; a one-line
    sign-off ("Yours sincerely, Jane Doe MP, Minister for ...")."""
    head = [
        *parts.letterhead,
        *parts.recipient,
        *parts.references,
        parts.date_line,
        parts.salutation,
        parts.paragraphs[0],
    ]
    lines = [" ".join(item for item in head if item)]
    if len(parts.paragraphs) > 1:
        lines.append(_run_together(parts.paragraphs[1:], rng))
    signature = ", ".join(line for line in parts.signature if line)
    lines.append(" ".join(item for item in (parts.valediction, signature) if item))
    return (" " if rng.random() < 0.4 else "\n").join(line for line in lines if line)


def _blocks_text(parts: _Parts) -> str:
    blocks = [
        parts.letterhead,
        parts.recipient,
        parts.references,
        [parts.date_line],
        [parts.salutation],
        *([paragraph] for paragraph in parts.paragraphs),
        [parts.valediction] if parts.valediction else [],
        parts.signature,
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _cover_text(
    heading: Sequence[str], parts: _Parts, signature: Sequence[str], foot_date: str, rng: Random
) -> str:
    """A heading that names the letter (a committee report, Hansard, a web page), the
    letter without letterhead or addressee, and the date only at the foot."""
    indent = "  " if rng.random() < 0.4 else ""
    blocks = [
        list(heading),
        parts.references,
        [parts.salutation] if rng.random() < 0.7 else [],
        *([indent + paragraph] for paragraph in parts.paragraphs),
        [parts.valediction] if parts.valediction and rng.random() < 0.5 else [],
        list(signature),
        [foot_date],
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _with_note(paragraphs: Sequence[str], note: str) -> list[str]:
    """The paragraphs with ``note`` after the first one's opening sentence."""
    first, dot, rest = paragraphs[0].partition(". ")
    opened = f"{first}{dot}{note} {rest}" if dot else f"{first} {note}"
    return [opened.strip(), *paragraphs[1:]]


def _the(role: str) -> str:
    return role if role.startswith(("His ", "Her ")) else f"the {role}"


def _the_body(name: str) -> str:
    """A body's name as a sentence uses it: "the Home Office", but "HM Treasury", "Ofsted"."""
    bare = name.startswith(("HM ", "NHS ", "UK ", "Network ", "Ofsted"))
    return name if bare else f"the {name}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _public(sentences: Sequence[str]) -> tuple[str, ...]:
    """The sentences that make sense outside constituency casework (for committees)."""
    return tuple(
        sentence
        for sentence in sentences
        if "constituent" not in sentence and "my constituency" not in sentence
    )


def _awkward(head: str, tail: str) -> bool:
    """Joins like "Ash-holme" or "Jess-stead" that no English place name would have."""
    joined = (head + tail).lower()
    return (head[-1] == "h" and tail[0] == "h") or any(
        joined[at] == joined[at + 1] == joined[at + 2] for at in range(len(joined) - 2)
    )


def _bold(line: str) -> str:
    return f"**{line}**"


def _plain(line: str) -> str:
    return line


def _accumulate(values: Iterable[int]) -> list[float]:
    total = 0.0
    result: list[float] = []
    for value in values:
        total += value
        result.append(total)
    return result
