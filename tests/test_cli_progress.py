"""The CLI's progress bars (standard error, on a terminal): the stage, the count, the file."""

from __future__ import annotations

import re

import pytest

from index.pipeline import Step
from tui.cli.common import progress_bar, stage_progress


def drawn(text: str) -> set[str]:
    """The bar's frames as a terminal last showed each, without colours."""
    plain = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", text)
    return {" ".join(frame.split()) for frame in re.split(r"[\r\n]", plain) if frame.strip()}


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws as on a terminal


@pytest.mark.usefixtures("terminal")
def test_the_import_bar_names_each_stage_and_the_file_in_hand(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with stage_progress(enabled=True) as move:
        assert move is not None
        move(Step("import", 1, 2, "letters/2023/one.txt"))
        move(Step("index", 2, 2))
    frames = drawn(capsys.readouterr().err)
    assert any(f.startswith("importing") and f.endswith("1/2 one.txt") for f in frames), frames
    assert any(f.startswith("indexing") and f.endswith("2/2") for f in frames), frames


@pytest.mark.usefixtures("terminal")
def test_a_one_stage_bar_keeps_its_label(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar(enabled=True, label="indexing") as move:
        assert move is not None
        move(1, 3, "x/two.txt")
    frames = drawn(capsys.readouterr().err)
    assert any(f.startswith("indexing") and f.endswith("1/3 two.txt") for f in frames), frames


def test_no_bar_when_output_is_redirected(capsys: pytest.CaptureFixture[str]) -> None:
    with stage_progress(enabled=False) as move, progress_bar(enabled=False) as other:
        assert move is None and other is None
    assert capsys.readouterr().err == ""
