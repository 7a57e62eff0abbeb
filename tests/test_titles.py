"""The one list of titles: every reader of names strips (or keeps) the same titles."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from archive.extract.names import clean_name
from archive.knowledge.members import name_key, plain_name
from archive.knowledge.titles import PEERAGES, POSTNOMINALS

ROOT = Path(__file__).resolve().parent.parent

#: One written form of each title before a name in ``archive.knowledge.titles``.
WRITTEN_TITLES = (
    "Rt Hon",
    "The Rt. Hon.",
    "Rt.Hon.",
    "Rt Honourable",
    "Right Hon.",
    "Right Honourable",
    "Hon",
    "The Honourable",
    "Mr",
    "Mrs.",
    "Ms",
    "Miss",
    "Mx",
    "Dr.",
    "Doctor",
    "Sir",
    "Dame",
    "Prof.",
    "Professor",
    "Cllr",
    "Councillor",
    "Revd",
    "The Reverend",
    "Canon",
    "Judge",
    "His Honour",
    "Her Honour",
    "Lt Colonel",
    "Major General",
    "Air Marshal",
    "Captain",
    "Chief Superintendent",
    "Detective Chief Inspector",
    "Rt Hon Dr",
)


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    """tools/build_members.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location(
        "build_members", ROOT / "tools" / "build_members.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_members"] = module  # for its dataclasses
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["build_members"]
    return module


@pytest.mark.parametrize("title", WRITTEN_TITLES)
def test_every_reader_strips_each_title_before_a_name(title: str, tool: ModuleType) -> None:
    written = f"{title} Priya Castellane"
    found = clean_name(written)
    assert found is not None and found.name == "Priya Castellane"
    assert written[found.start : found.end] == "Priya Castellane"
    assert plain_name(written) == "Priya Castellane"
    assert name_key(written) == "priya castellane"
    assert tool._TITLES.sub("", written) == "Priya Castellane"


@pytest.mark.parametrize("letters", sorted(POSTNOMINALS | {"M.P."}))
def test_every_reader_strips_each_postnominal_after_a_name(letters: str) -> None:
    for written in (f"Priya Castellane {letters}", f"Priya Castellane, {letters}, MP"):
        found = clean_name(written)
        assert found is not None and found.name == "Priya Castellane"
        assert plain_name(written) == "Priya Castellane"
        assert name_key(written) == "priya castellane"


@pytest.mark.parametrize("peerage", PEERAGES)
def test_a_peers_title_stays_in_the_name(peerage: str, tool: ModuleType) -> None:
    title = peerage.capitalize()
    found = clean_name(f"The Rt Hon the {title} Harcastle")
    assert found is not None and found.name == f"{title} Harcastle"
    # A Commons seat is listed under the member's name then, not a later peerage.
    row = (f"{title} Harcastle", "Jo", "Harcastle", "Wexcombe", "Lab", "1990-01-01", "", "commons")
    assert tool.as_commoner(row)[0] == "Jo Harcastle"
