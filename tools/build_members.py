"""Build archive/data/members.tsv: every MP's seats, with dates, from Parliament's MNIS data.

The source is the per-member biographies from Parliament's Members' Names Information
Service (data.parliament.uk), as mySociety's parlparse keeps them under
``rawdata/datadotparl/<id>.xml`` (the last commit that has them is b7e2be4c^, 2015). Run::

    git --git-dir=/work/.mirror/mysociety+parlparse/repo archive b7e2be4c^ rawdata/datadotparl \
        | tar -x -C /tmp/kn
    .venv/bin/python tools/build_members.py /tmp/kn/rawdata/datadotparl

One row per seat held (a general election starts a new row), plus one row per peer. The
output is committed, so the app needs neither the source nor the network.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "archive" / "data" / "members.tsv"
HEADER = (
    "# Members of the House of Commons (each seat held, with dates) and of the House of Lords.\n"
    "# Source: UK Parliament, Members' Names Information Service (data.parliament.uk), member\n"
    "# biographies as kept in mySociety's parlparse (github.com/mysociety/parlparse,\n"
    "# rawdata/datadotparl). Licence: Open Parliament Licence v3.0\n"
    "# (https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/).\n"
    "# Contains Parliamentary information licensed under the Open Parliament Licence v3.0.\n"
    "# Built by tools/build_members.py. Columns are tab-separated; end is empty while serving.\n"
)
COLUMNS = ("name", "given", "family", "constituency", "party", "start", "end", "house")
_TITLES = re.compile(
    r"^(?:(?:the\s+)?rt\.?\s+hon\.?\s+|mr\.?\s+|mrs\.?\s+|ms\.?\s+|miss\s+|dr\.?\s+|sir\s+|"
    r"dame\s+|rev(?:erend|d)?\.?\s+|prof(?:essor)?\.?\s+|lady\s+|lord\s+(?=\w+\s+\w))+",
    re.IGNORECASE,
)


def _text(element: ET.Element | None, path: str) -> str:
    found = element.find(path) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _day(value: str) -> str:
    return value[:10] if value else ""


def _covering(periods: list[ET.Element], day: str) -> ET.Element | None:
    """The period (an element with StartDate/EndDate) that covers ``day``, else the nearest."""
    best: ET.Element | None = None
    for period in periods:
        start, end = _day(_text(period, "StartDate")), _day(_text(period, "EndDate"))
        if start <= day and (not end or day <= end):
            return period
        if start <= day and (best is None or start > _day(_text(best, "StartDate"))):
            best = period
    return best or (periods[-1] if periods else None)


def _name_at(member: ET.Element, day: str) -> tuple[str, str, str]:
    """(name as commonly written, given name, family name) at a date."""
    preferred = _covering(member.findall("PreferredNames/PreferredName"), day)
    given = _text(preferred, "Forename") or _text(member, "BasicDetails/GivenForename")
    family = _text(preferred, "Surname") or _text(member, "BasicDetails/GivenSurname")
    display = _TITLES.sub("", _text(member, "DisplayAs"))
    # The display name is how the member is known now ("Lord X" for a former MP): use it only
    # when it is the same person's plain name.
    name = display if family and display.endswith(family) and " " in display else ""
    return name or f"{given} {family}".strip(), given, family


def rows_for(member: ET.Element) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    parties = member.findall("Parties/Party")
    for seat in member.findall("Constituencies/Constituency"):
        start, end = _day(_text(seat, "StartDate")), _day(_text(seat, "EndDate"))
        name, given, family = _name_at(member, start)
        party = _text(_covering(parties, start), "Name")
        rows.append((name, given, family, _text(seat, "Name"), party, start, end, "commons"))
    for membership in member.findall("HouseMemberships/HouseMembership"):
        if _text(membership, "House") != "Lords":
            continue
        start, end = _day(_text(membership, "StartDate")), _day(_text(membership, "EndDate"))
        display = _text(member, "DisplayAs")
        given, family = _text(member, "BasicDetails/GivenForename"), ""
        party = _text(_covering(parties, start), "Name")
        rows.append((display, given, family, "", party, start, end, "lords"))
    return rows


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} DATADOTPARL_DIR")
    rows: set[tuple[str, ...]] = set()
    for path in sorted(Path(argv[1]).glob("*.xml")):
        if not path.stem.isdigit():
            continue
        for member in ET.parse(path).getroot().iter("Member"):
            rows.update(rows_for(member))
    clean = sorted(
        (tuple(cell.replace("\t", " ") for cell in row) for row in rows if row[0]),
        key=lambda row: (row[7], row[2], row[0], row[5]),
    )
    body = "\n".join("\t".join(row) for row in clean)
    OUT.write_text(HEADER + "\t".join(COLUMNS) + "\n" + body + "\n", encoding="utf-8")
    commons = sum(row[7] == "commons" for row in clean)
    print(f"{commons} seats, {len(clean) - commons} peerages -> {OUT}")


if __name__ == "__main__":
    main(sys.argv)
