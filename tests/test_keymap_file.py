"""The keymap file: its templates and groups laid out as written, and a malformed row named
with the file, the row and what is wrong with it (a mistake in the program, caught at once)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.keys import Key, KeymapError, keymap, parse_keymap

SMALL = """
[templates]
back = { keys = "escape", action = "app.pop_screen", description = "Back" }

[groups.scrolling]
down = { keys = "j", action = "scroll(1)", description = "Down", shown = false, tooltip = "A line" }
top = { keys = "g", action = "top", description = "Top", tooltip = "To {start}" }

[ReaderScreen]
"reader.back" = { like = "back", tooltip = "Back to the list" }
"reader.*" = { group = "scrolling", start = "the start of the letter" }

[ReaderScreen."reader.why"]
keys = "w"
action = "why"
description = "Why"
priority = true
key_display = "W"
tooltip = "Where each field was read"

[StatsScreen]
"stats.back" = { like = "back", keys = "escape,q", shown = false, tooltip = "To the workbench" }
"stats.*" = { group = "scrolling", start = "the first chart" }
"""


def test_a_keymap_lays_out_its_templates_and_groups_in_place() -> None:
    back = ("app.pop_screen", "Back")
    assert parse_keymap(SMALL, "small.toml") == (
        Key("ReaderScreen", "reader.back", "escape", *back, "Back to the list"),
        Key("ReaderScreen", "reader.down", "j", "scroll(1)", "Down", "A line", shown=False),
        Key("ReaderScreen", "reader.top", "g", "top", "Top", "To the start of the letter"),
        Key(
            "ReaderScreen",
            "reader.why",
            "w",
            "why",
            "Why",
            "Where each field was read",
            priority=True,
            key_display="W",
        ),
        Key("StatsScreen", "stats.back", "escape,q", *back, "To the workbench", shown=False),
        Key("StatsScreen", "stats.down", "j", "scroll(1)", "Down", "A line", shown=False),
        Key("StatsScreen", "stats.top", "g", "top", "Top", "To the first chart"),
    )


ROW = 'quit = { keys = "q", action = "quit", description = "Quit", tooltip = "Quit now" }'
GROUP = (
    '[groups.picker]\nup = { keys = "up", action = "move(-1)", description = "Up", '
    'tooltip = "{what}" }\n'
)


@pytest.mark.parametrize(
    ("document", "row", "problem"),
    [
        ("[App]\n" + ROW.replace("tooltip", "tootip"), "[App] quit", "unknown field tootip"),
        ("[App]\n" + ROW.replace(', tooltip = "Quit now"', ""), "[App] quit", "no tooltip"),
        ("[App]\n" + ROW.replace('"q"', '""'), "[App] quit", "keys = ''; it should be some text"),
        ("[App]\n" + ROW.replace('"q"', "1"), "[App] quit", "keys = 1; it should be some text"),
        (
            "[App]\n" + ROW.replace(" }", ", shown = 0 }"),
            "[App] quit",
            "shown = 0; it should be true or false",
        ),
        ('[App]\nquit = "q"', "[App] quit", "should be a table such as"),
        ("App = 1\n", "[App]", "should be a table of bindings"),
        ("[App]\n", "[App]", "should be a table of bindings"),
        (
            '[App]\n"x.back" = { like = "bak", tooltip = "Back" }',
            '[App] "x.back"',
            "like = 'bak' names no template",
        ),
        (
            f'{GROUP}[App]\n"x.*" = {{ group = "pickr", what = "Up" }}',
            '[App] "x.*"',
            "group = 'pickr' names no group (the file has picker)",
        ),
        (
            f'{GROUP}[App]\nx = {{ group = "picker", what = "Up" }}',
            "[App] x",
            "a row taking a group is named <prefix>*",
        ),
        (
            f'{GROUP}[App]\n"x.*" = {{ group = "picker" }}',
            '[App] "x.*" (groups.picker up)',
            '{what} is not filled: the row taking the group should give what = "..."',
        ),
        (
            f'{GROUP}[App]\n"x.*" = {{ group = "picker", what = "Up", wat = "Up" }}',
            '[App] "x.*"',
            "wat fills no {placeholder} of groups.picker",
        ),
        ('[App]\n"x.*" = ' + ROW.split(" = ", 1)[1], '[App] "x.*"', "a name with * takes a group"),
        (
            f"[App]\n{ROW}\n[Other]\n{ROW}",
            "[Other] quit",
            "the id is already [App]'s",
        ),
        ('[App]\nquit = { keys = "q"\nhelp = 1', "line 2", "inline table"),
    ],
)
def test_a_malformed_row_is_named_with_the_file_and_what_is_wrong(
    document: str, row: str, problem: str
) -> None:
    with pytest.raises(KeymapError) as raised:
        parse_keymap(document, "broken/keymap.toml")
    message = str(raised.value)
    assert message.startswith("broken/keymap.toml: ") and row in message and problem in message


def test_the_bundled_keymap_fills_every_placeholder_and_is_read_once() -> None:
    loaded = keymap()
    assert loaded is keymap()
    unfilled = [key.id for key in loaded if "{" in key.tooltip + key.description + key.keys]
    assert not unfilled


def test_importing_the_keys_module_reads_no_file() -> None:
    check = (
        "import tui.keys as keys; "
        "assert keys.keymap.cache_info().currsize == 0; "
        "assert keys.KEYMAP and keys.keymap.cache_info().currsize == 1"
    )
    subprocess.run([sys.executable, "-c", check], check=True)
