"""Markdown emphasis in a transcription: drawn as emphasis, markers left out, in the list's
snippets and in the reader alike; the stored text never changes, hits land on their words
(issue 10, part 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style

from archive.importer import import_paths
from archive.store import Store
from index.writer import sync
from tests.conftest import mp_letter
from tests.tui_support import results_of, settle, started
from tui.app import DispatchBoxApp
from tui.text import markdown_emphasis, without_markers
from tui.widgets.reader import LetterText
from tui.widgets.results import snippet_as_drawn

#: A fictional transcription: bold and italic words, one bold phrase holding the hit.
EMPHASISED = "the **Kelmscott bypass** and its *urgent* repair"


@pytest.mark.parametrize(
    ("text", "drawn", "bold", "italic"),
    [
        ("a **Kelmscott bypass** b", "a Kelmscott bypass b", ["Kelmscott bypass"], []),
        ("a __bold__ and *it* and _it2_", "a bold and it and it2", ["bold"], ["it", "it2"]),
        ("**a *b* c**", "a b c", ["a *b* c"], ["b"]),
        # Not emphasis: a lone marker, spaces inside, arithmetic, snake_case.
        ("a ** b ** c", "a ** b ** c", [], []),
        ("2*3*4 and file_name_here", "2*3*4 and file_name_here", [], []),
        ("**Oct 2016 onwards", "**Oct 2016 onwards", [], []),
    ],
)
def test_markdown_emphasis_finds_pairs_and_leaves_the_rest(
    text: str, drawn: str, bold: list[str], italic: list[str]
) -> None:
    emphasis = markdown_emphasis(text)
    assert without_markers(text, emphasis.hidden)[0] == drawn
    assert [text[a:b] for a, b in emphasis.bold] == bold
    assert [text[a:b] for a, b in emphasis.italic] == italic


def test_a_snippet_s_hit_in_bold_lands_on_its_word_once_the_markers_are_left_out() -> None:
    start = EMPHASISED.index("bypass")
    drawn, hits, looks = snippet_as_drawn(EMPHASISED, ((start, start + 6),), "md")
    assert drawn == "the Kelmscott bypass and its urgent repair"
    assert [drawn[a:b] for a, b in hits] == ["bypass"]
    assert [(drawn[a:b], look) for a, b, look in looks] == [
        ("Kelmscott bypass", "bold"),
        ("urgent", "italic"),
    ]
    # A letter that is not Markdown shows its asterisks as written.
    assert snippet_as_drawn(EMPHASISED, ((start, start + 6),), "txt")[0] == EMPHASISED


@pytest.fixture
def markdown_store(tmp_path: Path) -> Store:
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "vance_bypass.md").write_text(mp_letter(topic=EMPHASISED, our_ref="HV/7001"))
    store = Store(tmp_path / "archive", create=True)
    summary = import_paths(store, [letters], workers=1, finish=lambda: sync(store))
    assert summary.imported == 1
    return store


def styled(segments: list[Segment], wanted: Style) -> str:
    """The characters drawn with every attribute of ``wanted`` that it sets."""
    return "".join(
        s.text
        for s in segments
        if s.style is not None
        and (wanted.bgcolor is None or s.style.bgcolor == wanted.bgcolor)
        and (wanted.bold is None or s.style.bold == wanted.bold)
        and (wanted.italic is None or s.style.italic == wanted.italic)
    )


async def test_the_list_and_the_reader_draw_emphasis_alike_with_the_hit_on_its_word(
    markdown_store: Store,
) -> None:
    (letter,) = markdown_store.letters()
    stored = markdown_store.text(letter)
    app = DispatchBoxApp(markdown_store)
    async with app.run_test(size=(200, 30)) as pilot:
        screen = await started(pilot)
        await pilot.press("slash", *"bypass", "enter")
        results = results_of(app)
        reader = screen.query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None and bool(reader.matches))
        await pilot.pause()

        listed = results.current
        assert listed is not None
        # The row as drawn before the cursor's own look goes over it.
        snippet = list(results._snippet_line(listed).render(app.console))
        drawn = "".join(s.text for s in snippet)
        assert "the Kelmscott bypass and its urgent" in drawn and "*" not in drawn
        hit = results.get_component_rich_style("results--hit")
        assert styled(snippet, Style(bgcolor=hit.bgcolor)) == "bypass"
        assert "Kelmscott" in styled(snippet, Style(bold=True))
        assert styled(snippet, Style(italic=True)) == "urgent"

        (number,) = [i for i, line in enumerate(reader._lines) if "bypass" in line.text]
        reader.scroll_to(y=number, animate=False)
        await pilot.pause()
        row = reader.render_line(number - int(reader.scroll_y))
        line = list(row)
        assert "the Kelmscott bypass and its urgent repair" in row.text
        assert "*" not in row.text
        current = reader.get_component_rich_style("letter--current-hit")
        assert styled(line, Style(bgcolor=current.bgcolor)) == "bypass"
        assert "Kelmscott" in styled(line, Style(bold=True))
        assert styled(line, Style(italic=True)) == "urgent"
    # The evidence is as imported.
    assert EMPHASISED in markdown_store.text(letter) == stored
