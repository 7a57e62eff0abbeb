"""The app ends when its terminal has gone, even when no hangup signal reaches it (under
`make demo`, make is told of the hangup and waits for its child): it used to outlive the
terminal, its input thread spinning at full speed on the end of input."""

from __future__ import annotations

import os
import pty
import signal
import sys

import pytest

from archive.store import Store
from tui.app import DispatchBoxApp


async def test_a_gone_terminal_ends_the_app_with_the_hangup_code(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = DispatchBoxApp(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # A terminal that is there: the app goes on.
        main, child = pty.openpty()
        try:
            with open(child, encoding="utf-8", closefd=False) as terminal:
                monkeypatch.setattr(sys, "__stdin__", terminal)
                app.check_terminal()
                await pilot.pause()
                assert app.is_running and app.return_code is None
        finally:
            os.close(main)
            os.close(child)
        # The same file once the terminal is closed under it: the app ends, as on SIGHUP.
        with open(os.devnull, encoding="utf-8") as not_a_terminal:
            monkeypatch.setattr(sys, "__stdin__", not_a_terminal)
            app.check_terminal()
            await pilot.pause()
    assert app.return_code == 128 + signal.SIGHUP
