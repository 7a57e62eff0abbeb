"""The data layer and the CLI module load without Textual or Rich, and do nothing on import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHECK = """\
import importlib
import json
import os
import sys

for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def _modules_under(package: str) -> list[str]:
    folder = ROOT / package
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in folder.rglob("*.py")
    )


def test_data_layer_and_cli_do_not_load_textual_or_rich(tmp_path: Path) -> None:
    wanted = [
        "archive",
        "archive.store",
        "archive.importer",
        "archive.extract",
        "archive.readers",
        *_modules_under("index"),
        "tui.cli",
    ]
    assert "index" in wanted

    loaded = _loaded_by_importing(wanted, tmp_path)
    assert set(wanted) <= loaded
    assert {name for name in loaded if name.split(".")[0] in ("textual", "rich")} == set()
    assert list(tmp_path.iterdir()) == []  # nothing written on import


def test_the_search_code_loads_neither_the_pairing_nor_the_extractor(tmp_path: Path) -> None:
    """The pairing (and the extractor under it) is loaded when a search first needs it: a
    has:reply term, the reply-time facet, or a caller asking for ``Searcher.threads``."""
    loaded = _loaded_by_importing(["index.searcher"], tmp_path)
    assert "index.searcher" in loaded
    heavy = {"archive.extract", "archive.pairing"}
    assert {name for name in loaded if ".".join(name.split(".")[:2]) in heavy} == set()


def test_a_command_that_prints_loads_neither_rich_nor_textual(tmp_path: Path) -> None:
    """Every line the CLI prints is made safe for the terminal (``tui.terminal``), without
    the app's Rich text."""
    code = (
        "import json, sys\n"
        "from tui.cli import main\n"
        "code = main(['paths'])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=True,
        env={**os.environ, "DISPATCHBOX_ARCHIVE": str(tmp_path / "archive")},
    )

    *printed, last = done.stdout.splitlines()
    code, loaded = json.loads(last)
    assert code == 0 and any(str(tmp_path / "archive") in line for line in printed)
    assert "tui.terminal" in loaded
    assert {name for name in loaded if name.split(".")[0] in ("textual", "rich")} == set()


def _loaded_by_importing(modules: list[str], folder: Path) -> set[str]:
    """The modules a fresh interpreter, started in ``folder``, has loaded after importing
    ``modules`` (and nothing else)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHECK, *modules],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout))
