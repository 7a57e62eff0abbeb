"""Build archive/data/organisations.json: who MPs write to, their spellings, kinds and renames.

Two sources. ``tools/data/organisations.toml`` holds the project's hand-compiled tables (names,
spellings, acronyms, parent departments, machinery-of-government changes with their dates,
ministers' roles, e-mail domains), compiled from GOV.UK
(https://www.gov.uk/government/organisations) and Parliament's pages, under the Open Government
Licence v3.0. Ministerial titles and the departments they belong to come from mySociety's
parlparse ``members/ministers.json`` (github.com/mysociety/parlparse; data from Parliament and
GOV.UK under the Open Parliament Licence v3.0 / OGL v3.0). Run::

    git --git-dir=/work/.mirror/mysociety+parlparse/repo show HEAD:members/ministers.json \
        > /tmp/kn/ministers.json
    .venv/bin/python tools/build_organisations.py /tmp/kn/ministers.json

The output is committed, so the app needs neither the sources nor the network.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TABLES = HERE / "data" / "organisations.toml"
OUT = HERE.parent / "archive" / "data" / "organisations.json"


def read_tables(path: Path = TABLES) -> dict[str, list[dict[str, Any]]]:
    """The hand-compiled tables, each a list of rows (see the file's opening comment)."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


# parlparse organisation names that are not a spelling of a department in the tables.
_PARLPARSE_SKIP = re.compile(
    r"shadow|whips?$|household|party|house\s+of|parliament|cross-portfolio|non-departmental|"
    r"regional\s+affairs|^foreign\s+affairs$|^health$|^work\s+&\s+pensions$|opposition",
    re.IGNORECASE,
)
_PORTFOLIO = re.compile(r"\(([^()]*(?:\([^()]*\))?[^()]*)\)")


def _resolve(name: str, organisations: list[dict[str, Any]]) -> str | None:
    """The canonical name of a department named in another source, by its spellings."""
    for organisation in organisations:
        if organisation["kind"] not in ("department", "agency"):
            continue
        for spelling in organisation["spellings"]:
            acronym = spelling.startswith(r"\b") and spelling[2:3].isupper()
            pattern = re.compile(rf"^(?:the\s+)?{spelling}$", 0 if acronym else re.IGNORECASE)
            if pattern.match(name.strip()):
                return str(organisation["name"])
    return None


def portfolios(ministers_json: Path, organisations: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Portfolio phrases from ministerial titles -> department, with the dates they held."""
    data = json.loads(ministers_json.read_text(encoding="utf-8"))
    names = {org["id"]: org["name"] for org in data["organizations"]}
    spans: dict[tuple[str, str], list[str]] = {}
    for post in data["memberships"]:
        role, org = post.get("role", ""), names.get(post.get("organization_id", ""), "")
        if not role or "PPS" in role or _PARLPARSE_SKIP.search(org) or _PARLPARSE_SKIP.search(role):
            continue
        department = _resolve(org, organisations)
        if department is None:
            continue
        for phrase in _PORTFOLIO.findall(role):
            for part in re.split(r";\s*", phrase):
                part = re.sub(r"\s+", " ", part.strip().lower())
                if not part or part.startswith(("also ", "minister for the ")) or len(part) < 4:
                    continue
                span = spans.setdefault((part, department), [post["start_date"], post["end_date"]])
                span[0] = min(span[0], post.get("start_date") or span[0])
                span[1] = max(span[1], post.get("end_date") or span[1])
    return [
        {"portfolio": part, "department": department, "from": span[0], "until": span[1]}
        for (part, department), span in sorted(spans.items())
    ]


def build(ministers_json: Path, tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    names = {organisation["name"] for organisation in tables["organisations"]}
    successions = [(r["from"], r["to"], r["on"], r["kind"]) for r in tables["successions"]]
    repeated = [row for row in dict.fromkeys(successions) if successions.count(row) > 1]
    assert not repeated, f"successions listed twice: {repeated}"
    for before, after, _on, _kind in successions:
        assert before in names and after in names, (before, after)
    for row in tables["role_patterns"]:
        assert row["department"] in names, row["department"]
    for row in tables["email_domains"]:
        assert row["organisation"] in names, row["organisation"]
    organisations = []
    for organisation in tables["organisations"]:
        name, parent = organisation["name"], organisation.get("parent")
        assert parent is None or parent in names, parent
        organisations.append(
            {
                "name": name,
                "kind": organisation["kind"],
                "parent": parent,
                "spellings": list(organisation["spellings"]),
                "email_domains": [
                    row["domain"] for row in tables["email_domains"] if row["organisation"] == name
                ],
            }
        )
    return {
        "about": {
            "what": "Organisations UK MPs write to: spellings, kinds, parents, renames, roles.",
            "sources": [
                "Hand-compiled by the Dispatch Box project from GOV.UK "
                "(https://www.gov.uk/government/organisations) and Parliament's pages: names, "
                "spellings, kinds, parents, renames, e-mail domains, role patterns.",
                "mySociety parlparse members/ministers.json (https://github.com/mysociety/"
                "parlparse): ministerial titles and their departments ('portfolios').",
            ],
            "licence": "Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/"
            "open-government-licence/version/3/); ministerial data also under the Open "
            "Parliament Licence v3.0.",
            "built_by": "tools/build_organisations.py",
        },
        "organisations": organisations,
        "successions": [
            {"from": before, "to": after, "on": on, "kind": kind}
            for before, after, on, kind in successions
        ],
        "related": [{"body": r["body"], "department": r["department"]} for r in tables["related"]],
        "role_patterns": [
            {"pattern": r["pattern"], "department": r["department"]}
            for r in tables["role_patterns"]
        ],
        "portfolios": portfolios(ministers_json, tables["organisations"]),
        "shapes": [{"pattern": r["pattern"], "kind": r["kind"]} for r in tables["shapes"]],
    }


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} MINISTERS_JSON")
    registry = build(Path(argv[1]), read_tables())
    OUT.write_text(json.dumps(registry, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(registry['organisations'])} organisations, {len(registry['successions'])} "
        f"successions, {len(registry['portfolios'])} portfolios -> {OUT}"
    )


if __name__ == "__main__":
    main(sys.argv)
