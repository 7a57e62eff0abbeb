"""Every module of the product and the tools opens with one line saying what it owns.

Issue 12: a newcomer reads the first line of each file (archive, index, the UI, the CLI,
the tools) to find their way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "index", "tui", "tools")
MODULES = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def summary_problem(source: str) -> str | None:
    """What is wrong with a module's opening docstring, or None when it has a one-line summary
    (followed by nothing, or by a blank line and the details)."""
    docstring = ast.get_docstring(ast.parse(source))
    if not docstring or not docstring.strip():
        return "no docstring"
    lines = docstring.splitlines()
    if len(lines) > 1 and lines[1].strip():
        return f"the summary runs over two lines: {lines[0]!r} / {lines[1]!r}"
    return None


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ('"""The reader pane."""\n', None),
        ('"""The reader pane.\n\nIt owns the letter on show.\n"""\n', None),
        ("import os\n", "no docstring"),
        ('"""The reader pane: the letter,\nits hits and its links."""\n', "two lines"),
    ],
)
def test_the_rule_tells_a_summary_line_from_a_missing_or_split_one(
    source: str, problem: str | None
) -> None:
    found = summary_problem(source)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_the_packages_have_modules() -> None:
    assert len(MODULES) > 40 and any(path.name == "app.py" for path in MODULES)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_module_opens_with_a_line_saying_what_it_owns(path: Path) -> None:
    assert summary_problem(path.read_text(encoding="utf-8")) is None, path


#: Issue 12: a module a newcomer can read through; past this, it holds more than one thing.
MOST_LINES = 800
PRODUCT = sorted(
    path for package in ("archive", "index", "tui") for path in (ROOT / package).rglob("*.py")
)


@pytest.mark.parametrize("path", PRODUCT, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_product_module_stays_under_800_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MOST_LINES, f"{path.relative_to(ROOT)} has {lines} lines"
