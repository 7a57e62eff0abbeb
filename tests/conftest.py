"""Shared fixtures: every data and config path under ``tmp_path``, fictional letters, a store."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from archive.store import Store

#: Writes a fictional letter (relative paths go under the ``letters`` folder) and returns its path.
WriteLetter = Callable[..., Path]
#: Runs ``dispatchbox ARGS`` in-process and returns (exit code, stdout, stderr).
RunCli = Callable[..., tuple[int, str, str]]
TRACEBACK = "Traceback (most recent call last)"


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the archive, the settings and the user folders at ``tmp_path``."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("DISPATCHBOX_ARCHIVE", str(tmp_path / "env-archive"))
    monkeypatch.setenv("DISPATCHBOX_CONFIG", str(tmp_path / "env-config"))


def ministerial_reply(
    *,
    mp: str = "Harriet Vance",
    reference: str = "M12345/16",
    date: str = "12 May 2016",
    their_date: str = "3 April",
    topic: str = "the 41 bus route through Kelmscott",
    minister: str = "Tobias Wrenfield",
) -> str:
    """A department's reply to an MP, with a CTS reference."""
    return (
        "Department for Transport\n"
        "Great Minster House\n"
        "33 Horseferry Road\n"
        "London SW1P 4DR\n"
        "\n"
        f"{mp} MP\n"
        "House of Commons\n"
        "London\n"
        "SW1A 0AA\n"
        "\n"
        f"CTS Reference: {reference}\n"
        "\n"
        f"{date}\n"
        "\n"
        f"Dear {mp.split()[0]},\n"
        "\n"
        f"Thank you for your letter of {their_date} on behalf of your constituents about "
        f"{topic}.\n"
        "\n"
        "Decisions about local routes are for the operator and the local transport authority, "
        "but I have asked my officials to write to them about the concerns you raise.\n"
        "\n"
        "Yours sincerely,\n"
        "\n"
        f"{minister} MP\n"
        "Minister of State for Transport\n"
    )


def mp_letter(
    *,
    mp: str = "Harriet Vance",
    constituency: str = "Kelmscott and Rye",
    our_ref: str = "HV/2231",
    date: str = "3 April 2016",
    topic: str = "school funding in Kelmscott and Rye",
) -> str:
    """An MP's letter to a department."""
    return (
        "HOUSE OF COMMONS\n"
        "LONDON SW1A 0AA\n"
        "\n"
        f"{mp} MP\n"
        f"Member of Parliament for {constituency}\n"
        "\n"
        "Rt Hon Delia Marchbank MP\n"
        "Secretary of State for Education\n"
        "Department for Education\n"
        "Sanctuary Buildings\n"
        "London SW1P 3BT\n"
        "\n"
        f"Our ref: {our_ref}\n"
        "\n"
        f"{date}\n"
        "\n"
        "Dear Secretary of State,\n"
        "\n"
        f"I am writing about {topic}, which several head teachers have raised with me.\n"
        "\n"
        "Yours sincerely,\n"
        "\n"
        f"{mp} MP\n"
        f"Member of Parliament for {constituency}\n"
    )


LETTER_KINDS: dict[str, Callable[..., str]] = {"reply": ministerial_reply, "mp": mp_letter}


@pytest.fixture
def letters_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def write_letter(letters_dir: Path) -> WriteLetter:
    """``write_letter("a.txt", kind="reply", reference=..., newline="\\r\\n")`` -> its path."""

    def write(name: str | Path, kind: str = "reply", *, newline: str = "\n", **fields: str) -> Path:
        path = Path(name) if Path(name).is_absolute() else letters_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = LETTER_KINDS[kind](**fields).replace("\n", newline)
        path.write_bytes(text.encode("utf-8"))
        return path

    return write


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "archive", create=True)


_HOLDER = """\
import sys
import time
from pathlib import Path

from archive.store import Store

with Store(Path(sys.argv[1])).writer("import"):
    print("locked", flush=True)
    time.sleep(120)
"""


@contextmanager
def lock_holders(script: Path, source: str) -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """``hold(path)`` starts a process running ``source`` from ``script`` (it prints "locked"
    once it holds a lock on ``path``, then sleeps); every such process is killed on leaving."""
    holders: list[subprocess.Popen[str]] = []
    # Not in tmp_path itself: the script's folder comes first on the holder's sys.path, and an
    # archive at tmp_path / "archive" would shadow the ``archive`` package there.
    script.parent.mkdir(exist_ok=True)
    script.write_text(source)

    def hold(path: Path) -> subprocess.Popen[str]:
        holder = subprocess.Popen(
            [sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True
        )
        holders.append(holder)
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        return holder

    try:
        yield hold
    finally:
        for holder in holders:
            holder.kill()
            holder.wait(timeout=10)
            if holder.stdout:
                holder.stdout.close()


@pytest.fixture
def hold_writer_lock(tmp_path: Path) -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """Start another process that holds an archive's writer lock until the test ends."""
    with lock_holders(tmp_path / "lock-holder" / "hold_writer.py", _HOLDER) as hold:
        yield hold


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample letters imported and indexed once per module (copied per test)."""
    from tests.tui_support import build_sample_archive

    root = tmp_path_factory.mktemp("sample") / "archive"
    build_sample_archive(root)
    return root


@pytest.fixture
def sample_store(sample_template: Path, tmp_path: Path) -> Store:
    """A fresh copy of the sample archive: what one test tags or notes, no other test sees."""
    root = tmp_path / "archive"
    shutil.copytree(sample_template, root)
    return Store(root)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Run ``dispatchbox ARGS`` in-process; never a traceback, never an "unexpected error"."""
    from tui.cli import main

    def run(*argv: str | Path) -> tuple[int, str, str]:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        assert TRACEBACK not in out + err
        assert "unexpected error" not in err
        return code, out, err

    return run
