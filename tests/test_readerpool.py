"""The import's reader pool never waits for ever when a reader dies at the wrong moment.

Python's process pool (3.11) misses two such moments, made here on purpose and without
timing luck: a reader killed part-way through sending its results (the pool's thread waits
for the rest of the message), and a reader that stops taking work, so that shutting the
pool down waits for it. Each scenario runs in a child process with a time limit, so a
regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_SCENARIOS = textwrap.dedent(
    """
    import os, signal, struct, sys, time
    from concurrent.futures.process import BrokenProcessPool

    from archive import readerpool
    from archive.importer import _reader_started


    def dies_while_sending(_n):
        # The pool's worker loop called this function: its result queue is there. Send
        # the start of a long message, as a reader killed mid-send leaves it, and die.
        queue = sys._getframe(1).f_locals["result_queue"]
        with queue._wlock:
            os.write(queue._writer.fileno(), struct.pack("!i", 1_000_000) + b"x" * 100)
            os.kill(os.getpid(), signal.SIGKILL)


    def stops_taking_work(_n):
        # Hold the lock every worker needs to take its next task, as a reader killed
        # while taking one leaves it: this one and the other never take another.
        sys._getframe(1).f_locals["call_queue"]._rlock.acquire()
        return "done"


    def main(scenario):
        readerpool.END_SECONDS = 2.0
        start = time.monotonic()
        outcome = "no error"
        # The import's own start: the readers die with this process if the test kills it.
        with readerpool.reader_pool(2, _reader_started, (os.getpid(), None)) as pool:
            if scenario == "sending":
                future = pool.submit(dies_while_sending, 1)
                try:
                    readerpool.result_of(pool, future)
                except BrokenProcessPool:
                    outcome = "broken"
            else:
                outcome = readerpool.result_of(pool, pool.submit(stops_taking_work, 1))
        print(outcome, round(time.monotonic() - start, 1), flush=True)


    if __name__ == "__main__":
        main(sys.argv[1])
    """
)


def _run(tmp_path: Path, scenario: str) -> str:
    """What the scenario ended with; fails if it has not ended within a minute."""
    script = tmp_path / "scenario.py"
    script.write_text(_SCENARIOS)
    try:
        done = subprocess.run(
            [sys.executable, str(script), scenario],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the pool was still waiting after 60 s ({scenario})")
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[0]


@pytest.mark.skipif(sys.platform != "linux", reason="kills processes by signal")
def test_a_reader_killed_while_sending_its_results_breaks_the_pool_instead_of_hanging(
    tmp_path: Path,
) -> None:
    assert _run(tmp_path, "sending") == "broken"


@pytest.mark.skipif(sys.platform != "linux", reason="kills processes by signal")
def test_a_pool_whose_readers_stop_taking_work_still_ends_with_its_block(
    tmp_path: Path,
) -> None:
    assert _run(tmp_path, "stuck") == "done"
