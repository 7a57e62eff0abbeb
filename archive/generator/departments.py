"""Departments and public bodies: names over time, addresses, references and office holders."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from archive.generator.people import Person


@dataclass(frozen=True, slots=True)
class BodySpec:
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


BODIES: tuple[BodySpec, ...] = (
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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
    BodySpec(
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


@dataclass(frozen=True, slots=True)
class Body:
    spec: BodySpec
    name_starts: tuple[int, ...]
    era_starts: tuple[int, ...]
    eras: tuple[tuple[Person, ...], ...]

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

    def people_at(self, day: dt.date) -> tuple[Person, ...]:
        index = max(0, bisect.bisect_right(self.era_starts, day.toordinal()) - 1)
        return self.eras[index]

    def role_of(self, person: Person, day: dt.date) -> str:
        if person.role:
            return person.role
        role = self.spec.head_roles[0][1]
        for start, title in self.spec.head_roles:
            if dt.date.fromisoformat(start) <= day:
                role = title
        return role
