"""The benches' memory figure sums the measuring process and its own descendants only."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.common import TreeMemory

_HOLD_60_MB = (
    "import sys, time; block = b'x' * (60 * 1024 * 1024); "
    "sys.stdout.write('ready\\n'); sys.stdout.flush(); time.sleep(30)"
)


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads /proc")
def test_a_child_s_memory_is_counted_and_an_unrelated_process_s_is_not() -> None:
    alone = TreeMemory._sample()
    # An unrelated process: started by a shell that exits, so it is no descendant of ours.
    stranger = subprocess.run(
        [
            "sh",
            "-c",
            f'{sys.executable} -c "{_HOLD_60_MB}" >/dev/null 2>&1 & echo $!',
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    child = subprocess.Popen([sys.executable, "-c", _HOLD_60_MB], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        time.sleep(0.2)  # the stranger's 60 MB are in place too by now
        with_child = TreeMemory._sample()
    finally:
        child.kill()
        child.wait()
        subprocess.run(["kill", stranger.stdout.strip()], check=False)

    assert 55 <= with_child - alone < 110
