"""When the app's garbage is collected: at a rest, never between a key and its results.

Every redraw makes thousands of small objects (each line a Strip with its caches). Left to
Python's own thresholds, young collections (5-50 ms each on a busy machine) and full ones
(100-400 ms) fell between a key and its results. So the session's long-lived objects are
frozen once, the automatic threshold is raised to a cap, and the young generations are
collected when the keys rest; the cap still collects if someone types for minutes without a
pause, so memory cannot grow without bound.

A collection at rest also hands the C allocator's free pages back to the system: the
searches' arrays (a common word's letters at 300k are megabytes) are freed into glibc's
heaps, which keep them, so the app's resident memory kept growing (809 MB at 300k
letters, target 800; a trim gave back 40-90 MB of free pages each time).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import sys
from collections.abc import Callable

#: Net new objects before Python collects on its own: reached only by typing on and on
#: without a rest (a burst of keys makes a few tens of thousands).
YOUNG_CAP = 200_000
#: Fewer young objects than this at a rest are not worth a collection.
WORTH_COLLECTING = 2_000
#: Rests between full collections. Python itself collects everything after ten young
#: collections only once the long-lived objects have grown by a quarter; one every tenth
#: rest tripled the full collections (250-500 ms each, 49 in a bench run against 16), and
#: one can still be running when the next burst of keys comes.
FULL_AFTER_RESTS = 50


def settle() -> None:
    """Freeze what the session holds now (the archive's columns, the app) and leave the
    young objects to ``collect_at_rest``, up to the cap."""
    gc.freeze()
    gc.set_threshold(YOUNG_CAP, *gc.get_threshold()[1:])


def collect_at_rest() -> int:
    """Collect the young generations, and every ``FULL_AFTER_RESTS`` rests all of them;
    returns the generation collected, or -1 when there was too little to collect."""
    young, _middle, older = gc.get_count()
    if young < WORTH_COLLECTING:
        return -1
    # Python counts each collection of the young generations towards a full one.
    generation = 2 if older >= FULL_AFTER_RESTS else 1
    gc.collect(generation)
    release_free_memory()
    return generation


def release_free_memory() -> bool:
    """Give the C allocator's free pages back to the system (glibc's ``malloc_trim``: 4-10
    ms with a 300k archive's searches behind it, so only at a rest); False where the C
    library has no such call (macOS, musl), which then keeps them as before."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim
