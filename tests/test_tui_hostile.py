"""The app under hostile letters and a second writer: text shows literally, nothing is lost.

Letters (bodies, subjects, file names), tags, notes and corrected names carry Rich/Textual
markup, action links, ANSI/OSC escapes, bidi overrides, zero-width and C0/C1 control
characters; every screen must draw them as text (control characters made visible) and a
``[@click=app.quit]`` must never quit. All the letters are fictional.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from archive.importer import import_paths
from archive.store import SavedSearch, Store
from index.corrections import correct_letter
from index.writer import sync
from tests.conftest import ministerial_reply, mp_letter
from tests.tui_support import (
    Messages,
    main_screen,
    results_of,
    screen_lines,
    settle,
    shows_search,
    started,
    type_query,
)
from tui.app import DispatchBoxApp
from tui.screens.compare import CompareScreen
from tui.screens.correct import CorrectionEditor
from tui.screens.export import ExportPrompt
from tui.screens.note import NoteEditor
from tui.screens.reader import ReaderScreen
from tui.screens.review import ReviewScreen
from tui.screens.tags import TagEditor
from tui.widgets.reader import LetterText

QUIT_LINK = "[@click=app.quit]go[/]"
MARKUP = f"[bold red]loud[/] {QUIT_LINK} [link=https://example.invalid]site[/link]"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x1b]52;c;aGVsbG8=\x07"
INVISIBLE = "left\u202eright zero\u200bwidth \x01soh \x85nel \x9bcsi \x7fdel"
#: The escapes as the screen must show them: every control character as a visible symbol.
ESCAPES_SHOWN = ("\u241b[31mred\u241b[0m", "\u241b]0;owned\u2407", "\u241b]52;c;aGVsbG8=\u2407")
#: Characters a terminal would obey (or that hide or reorder text): never on the screen.
OBEYED = ("\x1b", "\x07", "\x00", "\x01", "\x85", "\x9b", "\x7f", "\u202e", "\u200b")
TAG_LINK = "[@click=app.quit]tagged[/]"
TAG_ESCAPE = "\x1b]0;tag\x07"
LONG_LINE = "zanzibar " + "x" * 100_000


def build_hostile_archive(root: Path, letters: Path) -> Store:
    """Import fictional letters full of hostile strings (file names too) into ``root``."""
    letters.mkdir(parents=True)
    hostile_name = letters / f"[bold]file {QUIT_LINK[:-3]} \x1b]0;name\x07.txt"
    hostile_name.write_text(ministerial_reply(reference="M11111/16", topic=f"zanzibar {MARKUP}"))
    (letters / "escapes.txt").write_text(
        ministerial_reply(reference="M22222/16", topic=f"zanzibar {ESCAPES}")
    )
    (letters / "invisible.txt").write_text(
        ministerial_reply(reference="M33333/16", topic=f"zanzibar {INVISIBLE}")
    )
    (letters / "long.txt").write_text(ministerial_reply(reference="M44444/16", topic=LONG_LINE))
    (letters / "mp.txt").write_text(mp_letter(topic=f"zanzibar {MARKUP} {ESCAPES}"))
    (letters / "mail.eml").write_text(
        f'From: "[bold]Sender[/] \x1b]0;x\x07" <a@example.invalid>\n'
        "To: b@example.invalid\n"
        f"Subject: zanzibar {MARKUP} {ESCAPES}\n"
        "Date: Tue, 3 May 2016 10:00:00 +0000\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"Dear Harriet,\n\nzanzibar nul\x00 {MARKUP} {INVISIBLE}\n"
    )
    store = Store(root, create=True)
    summary = import_paths(store, [letters], workers=1, finish=lambda: sync(store))
    assert summary.imported == 6 and not summary.failed
    return store


@pytest.fixture
def hostile_store(tmp_path: Path) -> Store:
    return build_hostile_archive(tmp_path / "archive", tmp_path / "letters")


def letter_id(store: Store, reference: str) -> str:
    (found,) = [i for ref, i in store.references() if ref == reference]
    return found


def screen_text(app: DispatchBoxApp) -> str:
    """Everything on the terminal (screens below a modal and notifications included)."""
    return "\n".join(screen_lines(app))


def assert_literal(shown: str, *expected: str) -> None:
    """Each expected string is on the screen as written, and nothing a terminal obeys is."""
    for text in expected:
        assert text in shown, f"{text!r} is not shown literally"
    for char in OBEYED:
        assert char not in shown, f"{char!r} reached the terminal"


async def click_every_quit_link(pilot: Pilot[None]) -> None:
    """Click each ``[@click=app.quit]`` on screen: were it markup, the app would quit."""
    app = pilot.app
    rows = screen_text(app).splitlines()
    clicks = [(row.index("[@click"), y) for y, row in enumerate(rows) if "[@click" in row]
    assert clicks, "no action link on the screen to click"
    for x, y in clicks:
        await pilot.click(offset=(x + len("[@click=app.quit]"), y))
        await pilot.pause()
        assert app.is_running and app.return_code is None


# -- every screen draws hostile text literally -----------------------------------------------


async def test_the_list_and_the_reader_show_markup_escapes_and_tags_literally(
    hostile_store: Store,
) -> None:
    every = [i for _ref, i in hostile_store.references()]
    hostile_store.update_tags(every, add=[TAG_LINK, TAG_ESCAPE])
    seen = Messages()
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(160, 45), message_hook=seen) as pilot:
        await started(pilot)
        await type_query(pilot, "zanzibar")
        await pilot.press("enter", "escape")
        await settle(pilot, lambda: results_of(app).total == 6)
        reader = main_screen(app).query_one(LetterText)
        for reference in ("M11111/16", "M22222/16"):
            wanted = letter_id(hostile_store, reference)
            position = [h.letter_id for h in results_of(app).loaded_hits()].index(wanted)
            results_of(app).action_jump(position)
            await pilot.press("enter")
            await settle(pilot, lambda: reader.letter is not None and reader.letter.id == wanted)  # noqa: B023
        shown = screen_text(app)
        # The reader holds the escapes letter; the list shows both letters' snippets and tags.
        assert_literal(shown, *ESCAPES_SHOWN, "[bold red]loud[/]", TAG_LINK, "\u241b]0;tag\u2407")
        await click_every_quit_link(pilot)


async def test_invisible_characters_are_made_visible_in_the_reader(hostile_store: Store) -> None:
    wanted = letter_id(hostile_store, "M33333/16")
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await app.push_screen(ReaderScreen(wanted))
        reader = app.screen.query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None)
        shown = screen_text(app)
        assert_literal(shown, "left", "right", "zero", "\u2401soh")
        # The bidi override and the zero-width space each take one visible cell.
        line = next(row for row in shown.splitlines() if "zero" in row)
        assert "left\u2e2eright zero\u2e2ewidth" in line


async def test_the_palette_lists_hostile_tags_and_names_literally(hostile_store: Store) -> None:
    every = [i for _ref, i in hostile_store.references()]
    hostile_store.update_tags(every, add=[TAG_LINK])
    mallory = "[@click=app.quit]Mallory[/] \x1b]0;mp\x07 Quince"
    correct_letter(hostile_store, letter_id(hostile_store, "M11111/16"), {"mp": mallory})
    hostile_store.save_search(SavedSearch("[@click=app.quit]saved[/]", "zanzibar [bold]x[/bold]"))
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        for query, expected in (
            ("tagged", TAG_LINK),
            ("mallory", "[@click=app.quit]Mallory[/]"),
            ("saved", "[@click=app.quit]saved[/]"),
        ):
            await pilot.press("ctrl+u", *query)
            await settle(pilot, lambda: expected in screen_text(app))  # noqa: B023
            assert_literal(screen_text(app), expected)
        await click_every_quit_link(pilot)


async def test_the_note_and_tag_editors_show_hostile_notes_and_tags_literally(
    hostile_store: Store,
) -> None:
    wanted = letter_id(hostile_store, "M22222/16")
    hostile_store.update_tags([wanted], add=[TAG_LINK, TAG_ESCAPE, "zz\x1b]0;zz\x07"])
    hostile_store.set_note(wanted, f"my note {MARKUP} {ESCAPES} {INVISIBLE}")
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await started(pilot)
        await app.push_screen(TagEditor([wanted]))
        await settle(pilot, lambda: TAG_LINK in screen_text(app))
        assert_literal(screen_text(app), TAG_LINK, "\u241b]0;tag\u2407")
        await click_every_quit_link(pilot)
        # Completing a tag never draws one's escapes either.
        await pilot.press(*"zz")
        await pilot.pause()
        assert_literal(screen_text(app), "zz")
        await pilot.press("escape")
        await app.push_screen(NoteEditor(wanted))
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await settle(pilot, lambda: editor.saved_text is not None)
        assert_literal(screen_text(app), "[bold red]loud[/]", *ESCAPES_SHOWN, "\u2401soh")
        await click_every_quit_link(pilot)


async def test_compare_and_review_show_hostile_letters_literally(hostile_store: Store) -> None:
    left, right = letter_id(hostile_store, "M11111/16"), letter_id(hostile_store, "M33333/16")
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await started(pilot)
        await app.push_screen(CompareScreen(left, right))
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await settle(pilot, lambda: screen.result is not None)
        assert_literal(screen_text(app), "[bold red]loud[/]", QUIT_LINK, "left\u2e2eright")
        await click_every_quit_link(pilot)
        await pilot.press("escape")
        await app.push_screen(ReviewScreen())
        await settle(pilot, lambda: "doubtful links" in screen_text(app))
        assert_literal(screen_text(app))


async def test_notifications_show_tags_and_file_names_literally(
    hostile_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    wanted = letter_id(hostile_store, "M11111/16")
    seen = Messages()
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(160, 45), message_hook=seen, notifications=True) as pilot:
        await started(pilot)
        app.change_tags([wanted], add=[TAG_LINK, TAG_ESCAPE])
        await settle(pilot, lambda: any(TAG_LINK in note for note in seen.notes))
        await settle(pilot, lambda: "on 1 letter" in screen_text(app))
        assert_literal(screen_text(app), f"+{TAG_LINK} +\u241b]0;tag\u2407")
        await click_every_quit_link(pilot)
        assert TAG_LINK in hostile_store.annotation(wanted).tags
        # The export's file name comes back in its notification.
        name = "[@click=app.quit]exported\x1b]0;x\x07.csv"
        await pilot.press("ctrl+e")
        await settle(pilot, lambda: isinstance(app.screen, ExportPrompt))
        app.screen.query_one(Input).value = name  # in the archive's exports folder
        await pilot.press("enter")
        await settle(pilot, lambda: "Exported 6 letters" in screen_text(app))
        assert (hostile_store.root / "exports" / name).exists()
        assert_literal(screen_text(app), "[@click=app.quit]exported\u241b]0;x\u2407.csv")
        await click_every_quit_link(pilot)


# -- a 100,000-character line ----------------------------------------------------------------


async def test_a_hundred_thousand_character_line_opens_and_the_app_still_answers(
    hostile_store: Store,
) -> None:
    wanted = letter_id(hostile_store, "M44444/16")
    seen = Messages()
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await started(pilot)
        await type_query(pilot, f"id:{wanted}")
        await pilot.press("enter", "escape")
        await settle(pilot, lambda: results_of(app).total == 1)
        await pilot.press("enter")
        reader = main_screen(app).query_one(LetterText)
        await settle(pilot, lambda: reader.letter is not None and reader.letter.id == wanted)
        # The long line wraps into many screen lines; the reader scrolls through them.
        await pilot.press("end")
        await pilot.pause()
        assert reader.scroll_y > 1000
        assert "x" * 30 in screen_text(app)
        await app.push_screen(ReaderScreen(wanted))
        full = app.screen.query_one(LetterText)
        await settle(pilot, lambda: full.letter is not None)
        await pilot.press("end")
        await pilot.pause()
        assert full.scroll_y > 500
        await pilot.press("escape")
        await app.push_screen(CompareScreen(wanted, letter_id(hostile_store, "M22222/16")))
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await settle(pilot, lambda: screen.result is not None)
        assert "x" * 30 in screen_text(app)
        await pilot.press("escape")
        await pilot.press("q")
        await settle(pilot, lambda: not app.is_running)


# -- another process writes annotations while the app is open --------------------------------

REPO = Path(__file__).resolve().parents[1]


def in_another_process(root: Path, code: str) -> None:
    """Run ``code`` (with ``store`` open on ``root``) in a separate Python, under the real
    locks, as ``dispatchbox tag`` or a second app would."""
    opening = "from pathlib import Path\nfrom archive.store import Store\n"
    script = f"{opening}store = Store(Path({str(root)!r}))\n{code}"
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True, timeout=30)


def listed_tags(app: DispatchBoxApp, wanted: str) -> tuple[str, ...]:
    hits = [h for h in results_of(app).loaded_hits() if h.letter_id == wanted]
    return hits[0].tags if hits else ()


async def test_tags_written_by_another_process_show_and_neither_side_loses_any(
    hostile_store: Store,
) -> None:
    first, second = letter_id(hostile_store, "M11111/16"), letter_id(hostile_store, "M22222/16")
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await started(pilot)
        results_of(app).action_jump(
            [h.letter_id for h in results_of(app).loaded_hits()].index(first)
        )
        # Another process tags both letters: the app shows it without being asked.
        in_another_process(
            hostile_store.root, f"store.update_tags([{first!r}, {second!r}], add=['outside'])"
        )
        await settle(pilot, lambda: "outside" in listed_tags(app, second))
        # The app tags the first letter (as a researcher would, in the tag editor).
        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, TagEditor))
        await pilot.press(*"inside", "enter")
        await settle(pilot, lambda: listed_tags(app, first) == ("outside", "inside"))
        # And the other process tags again, after the app.
        in_another_process(hostile_store.root, f"store.update_tags([{first!r}], add=['later'])")
        await settle(pilot, lambda: listed_tags(app, first) == ("outside", "inside", "later"))
    on_disk = Store(hostile_store.root)
    assert on_disk.annotation(first).tags == ("outside", "inside", "later")
    assert on_disk.annotation(second).tags == ("outside",)


async def test_a_note_appended_elsewhere_while_the_editor_is_open_is_kept(
    hostile_store: Store,
) -> None:
    wanted = letter_id(hostile_store, "M11111/16")
    hostile_store.set_note(wanted, "first line")
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await app.push_screen(NoteEditor(wanted))
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await settle(pilot, lambda: editor.saved_text == "first line")
        # `dispatchbox note --append` in another terminal, while the researcher types here.
        in_another_process(
            hostile_store.root,
            f"note = store.annotation({wanted!r}).note\n"
            f"store.set_note({wanted!r}, note + '\\nfrom the other terminal')",
        )
        await pilot.press("end", "ctrl+end", *" and mine")
        await pilot.press("escape")  # saves and closes
        await settle(pilot, lambda: not isinstance(app.screen, NoteEditor))
        await app.workers.wait_for_complete()
    note = Store(hostile_store.root).annotation(wanted).note
    assert note == "first line\nfrom the other terminal and mine"


async def test_the_app_keeps_searching_while_another_process_imports(
    hostile_store: Store, tmp_path: Path
) -> None:
    more = tmp_path / "more"
    more.mkdir()
    for number in range(3):
        (more / f"more{number}.txt").write_text(
            ministerial_reply(reference=f"M9000{number}/16", topic=f"quokka census {number}")
        )
    seen = Messages()
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await started(pilot)
        # Another Store on the same folder, under the real writer lock (as another process).
        other = Store(hostile_store.root)
        import_paths(other, [more], workers=1, finish=lambda: sync(other))
        await type_query(pilot, "zanzibar")
        await pilot.press("enter")
        await settle(pilot, shows_search(app, seen, "zanzibar"))
        assert results_of(app).total == 6
        await type_query(pilot, "quokka")
        await pilot.press("enter")
        # The new letters are found without restarting the app.
        quokka = shows_search(app, seen, "quokka")
        await settle(pilot, lambda: quokka() and results_of(app).total == 3)


async def test_two_apps_tagging_the_same_letters_at_once_lose_no_tag(
    hostile_store: Store,
) -> None:
    ids = [i for _ref, i in hostile_store.references()]
    first_app = DispatchBoxApp(hostile_store)
    second_app = DispatchBoxApp(Store(hostile_store.root))
    async with (
        first_app.run_test(size=(120, 40)) as first,
        second_app.run_test(size=(120, 40)) as second,
    ):
        await started(first)
        await started(second)
        # Each app tags every letter ten times, one tag at a time, interleaved.
        for number in range(10):
            first_app.change_tags(ids, add=[f"first-{number}"])
            second_app.change_tags(ids, add=[f"second-{number}"])
        wanted = {f"{side}-{n}" for side in ("first", "second") for n in range(10)}
        for pilot in (first, second):
            app = pilot.app
            assert isinstance(app, DispatchBoxApp)
            await settle(pilot, lambda: wanted <= set(listed_tags(app, ids[0])))  # noqa: B023
        # A tag the second app writes shows in the first, which did nothing to ask for it.
        second_app.change_tags([ids[1]], add=["second-last"])
        await settle(first, lambda: "second-last" in listed_tags(first_app, ids[1]))
    on_disk = Store(hostile_store.root).annotations()
    assert all(wanted <= set(on_disk[i].tags) for i in ids)


async def test_the_correction_editor_shows_a_stored_subject_literally(hostile_store: Store) -> None:
    (mail,) = [r["id"] for r in hostile_store.iter_records() if r["path"].endswith(".eml")]
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await started(pilot)
        await app.push_screen(CorrectionEditor(mail))
        editor = app.screen
        assert isinstance(editor, CorrectionEditor)
        await settle(pilot, lambda: bool(editor.rows))
        options = editor.query_one(OptionList)
        options.highlighted = next(i for i, r in enumerate(editor.rows) if r.field == "subject")
        options.focus()
        await pilot.press("enter")
        await settle(pilot, lambda: editor.editing == "subject")
        assert_literal(screen_text(app), "[bold red]loud[/]", ESCAPES_SHOWN[0])
        # Only the drawing changes: the value the editor would save is the one read.
        assert "\x1b[31mred\x1b[0m" in editor.query_one(Input).value


async def test_a_saved_query_with_escapes_shows_them_as_symbols_in_the_search_box(
    hostile_store: Store,
) -> None:
    saved = SavedSearch("escaped", "zanzibar \x1b]0;query\x07 (")
    hostile_store.save_search(saved)
    app = DispatchBoxApp(hostile_store)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await started(pilot)
        screen.apply_saved(saved)
        await settle(pilot, lambda: "zanzibar" in screen_text(app))
        # (Rich drops the BEL from an input's text before it is drawn.)
        assert_literal(screen_text(app), "zanzibar \u241b]0;query (")
        assert saved.query in (screen.query_text, screen.searched)
