"""How the extractor's time grows on hostile texts: one short shape repeated thousands of times.

A real letter is a few kilobytes; a hostile file can be a megabyte of one thing (a header
line, a reference, a salutation) repeated. Each shape is extracted at two sizes, ``--small``
and four times that; a time that grows more than ``--limit`` times (6 by default, where 4
is linear) is marked, as a step that looks at every pair of lines or values would be. The
run exits 1 if any shape is marked. Times are CPU seconds on this machine; nothing here is a
test (timings never are).

    python bench/hostile_shapes.py
    python bench/hostile_shapes.py --small 4000 --limit 5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_average, load_text  # noqa: E402

#: Fictional shapes, each a line or phrase a letter holds once or twice, repeated.
SHAPES = {
    "salutation": "Dear Jo Amble,\n",
    "sign-off": "Yours sincerely,\nJo Amble\n",
    "copy line": "cc: Jo Amble MP, Kelby Council\n",
    "date line": "3 May 2016\n",
    "hansard heading": "Letter from Jo Amble to Mr. Ivo Stanning, dated 3 May 1996:\n",
    "news lead": "Here is Prime Minister Jo Amble's letter to Conservative MPs in full:\n",
    "written to": "Jo Amble has written to Ivo Stanning about the ferry.\n",
    "header line": "Alpha Beta Gamma, Delta Epsilon and Zeta Eta writes to Theta Iota\n",
    "e-mail": "jo.amble@kelby.gov.uk ",
    "reference": "Our ref: MC2016/12345 ",
    "places": "in Kelby, Marlbeck and London ",
    "committee": "Chairman of the Harbours Committee\n",
    "mp block": "Jo Amble MP\nHouse of Commons\n",
    "constituents": "my constituents have written to me ",
    "capitals": "ALPHA BETA GAMMA DELTA ",
    "welsh": "Annwyl Jo,\n9 Mehefin 2020\nYn gywir,\n",
    "glued heading": "Kelby CommitteeLetter from the Minister to the Chair of the Committee\n",
    "spaced address": "The Rt Hon Jo Amble MP\n\nChancellor of the Exchequer\n\n",
    "chairs copied": "copying this to the Chairs of the A Committee, the B Committee and the C"
    " Committee.\n",
    "memo lines": "To: Transport Secretary Jo Amble\nFrom: Cabinet Secretary for Islands Ivo"
    " Tarn\n",
    "own office": "As National Statistician, I have been asked to reply. ",
    "coded writer": "Letter from The Rt Hon Lord Tarn (LR 32)[11]\n",
    "flat letterhead": "Kelby Committee House of Commons, London SW1A 0AA Tel 020 7219 0000 ",
    "page lead": "Response to Kelby Rail Consultation on changes from 9th December 2018\n",
    "titled page": "Harbour Dues - Kelby, Harbours and Fisheries Committee\n",
    "seat's MP": "Kelby MP writes to Harbour Trust re: dredging - Chief Whip - no delay\n",
    "to line": "To Jo Amble, Chief Executive, Kelby Water\nRE: QUESTIONS TO THE MINISTER\n",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=2000, help="repeats at the small size")
    parser.add_argument("--limit", type=float, default=6.0, help="growth marked above this")
    args = parser.parse_args()

    from archive.extract import extract

    extract("Dear Jo,\n\nA first letter loads the registries.\n")
    before = load_average()
    marked = 0
    print(f"{'shape':16s} {'small':>18s} {'4x':>18s}  growth")
    for name, unit in SHAPES.items():
        timings = []
        for repeats in (args.small, 4 * args.small):
            text = unit * repeats
            start = time.process_time()
            extract(text)
            timings.append((len(text), time.process_time() - start))
        growth = timings[1][1] / max(timings[0][1], 0.01)
        flag = "  <-- grows faster than the text" if growth > args.limit else ""
        marked += bool(flag)
        small, large = timings
        print(
            f"{name:16s} {small[0]:>8,} B {small[1]:6.2f} s {large[0]:>8,} B {large[1]:6.2f} s"
            f"  {growth:4.1f}x{flag}"
        )
    print(load_text(before, load_average()))
    return 1 if marked else 0


if __name__ == "__main__":
    sys.exit(main())
