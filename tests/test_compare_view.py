"""The side-by-side view draws a Markdown transcription as the reader does: emphasis as bold
or italic with its markers left out, and the shared-phrase marks on the right characters."""

from __future__ import annotations

from textual.app import App, ComposeResult

from archive.alignment import align
from tui.text import NO_EMPHASIS, markdown_emphasis
from tui.widgets.compare import CompareView

LEFT = (
    "Dear Minister,\n\n"
    "I write about the **closure of the Wexmoor ferry** and its effect on *every family* "
    "in the valley.\n\nYours sincerely,\n\nAnna Pellow MP\n"
)
RIGHT = (
    "Dear Anna,\n\n"
    "Thank you for your letter about the closure of the Wexmoor ferry. The operator has "
    "agreed to run a winter timetable.\n\nYours sincerely,\n\nTom Avery\n"
)


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield CompareView(id="view")


def _drawn(view: CompareView) -> list[str]:
    return [view.render_line(y).text for y in range(len(view.bands))]


async def test_markdown_emphasis_is_drawn_without_its_markers_and_marks_still_land() -> None:
    app = _Host()
    async with app.run_test(size=(230, 30)) as pilot:
        view = app.query_one(CompareView)
        view.show(LEFT, RIGHT, align(LEFT, RIGHT), (markdown_emphasis(LEFT), NO_EMPHASIS))
        await pilot.pause()
        lines = _drawn(view)
        joined = "\n".join(lines)
        assert "**" not in joined and "*every" not in joined
        assert "closure of the Wexmoor ferry and its effect on every family" in joined
        # The letter's text is untouched: the markers are only left out of what is drawn.
        assert "**closure" in view.left_text
        band = next(b for b in view.bands if b.left and "Wexmoor" in b.left.text)
        assert band.left is not None
        strip = view.render_line(view.bands.index(band))
        styled = {
            segment.text: segment.style
            for segment in strip
            if segment.style and segment.text.strip()
        }
        bold = [text for text, style in styled.items() if style.bold]
        italic = [text for text, style in styled.items() if style.italic]
        assert any("Wexmoor ferry" in text for text in bold), styled
        assert any("every family" in text for text in italic), styled
        # The shared phrase is marked on the same words on both sides: what is drawn under a
        # left mark reads the same as the text it was computed on.
        shared = view.get_component_rich_style("compare--shared")
        marked = "".join(
            segment.text
            for segment in strip
            if segment.style and shared.bgcolor and segment.style.bgcolor == shared.bgcolor
        )
        assert "Wexmoor ferry" in marked


async def test_a_plain_text_letter_keeps_its_stars() -> None:
    app = _Host()
    async with app.run_test(size=(230, 30)) as pilot:
        view = app.query_one(CompareView)
        view.show(LEFT, RIGHT, align(LEFT, RIGHT))
        await pilot.pause()
        assert "**closure of the Wexmoor ferry**" in "\n".join(_drawn(view))
