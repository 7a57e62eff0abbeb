"""When the app's garbage is collected: at a rest, never between a key and its results.

Every redraw makes thousands of small objects (each line a Strip with its caches). Left to
Python's own thresholds, young collections (5-50 ms each on a busy machine) and full ones
(100-400 ms) fell between a key and its results. So the session's long-lived objects are
frozen once, the automatic threshold is raised to a cap, and the young generations are
collected when the keys rest; the cap still collects if someone types for minutes without a
pause, so memory cannot grow without bound.
"""

from __future__ import annotations

import gc

#: Net new objects before Python collects on its own: reached only by typing on and on
#: without a rest (a burst of keys makes a few tens of thousands).
YOUNG_CAP = 200_000
#: Fewer young objects than this at a rest are not worth a collection.
WORTH_COLLECTING = 2_000


def settle() -> None:
    """Freeze what the session holds now (the archive's columns, the app) and leave the
    young objects to ``collect_at_rest``, up to the cap."""
    gc.freeze()
    gc.set_threshold(YOUNG_CAP, *gc.get_threshold()[1:])


def collect_at_rest() -> int:
    """Collect the young generations, and every so many rests all of them, as Python
    would have by itself (its generation 2 threshold); returns the generation collected,
    or -1 when there was too little to collect."""
    young, _middle, older = gc.get_count()
    if young < WORTH_COLLECTING:
        return -1
    generation = 2 if older >= gc.get_threshold()[2] else 1
    gc.collect(generation)
    return generation
