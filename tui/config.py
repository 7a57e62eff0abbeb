"""User settings: key bindings and quick tags, from ``config.toml`` in the config folder.

[keys]              # binding id = key(s); the ids are listed by the help panel (?)
follow_up = "f"
open_saved = "ctrl+o"

[tags]
follow_up = "follow-up"          # the tag the follow-up key and screen use
quick = ["foi", "urgent", "chased"]   # toggled by 1, 2, 3
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_FILE = "config.toml"
#: What the app remembers between sessions (the theme chosen in the palette), apart from the
#: researcher's own settings file, which the app never rewrites.
STATE_FILE = "app-state.json"
DEFAULT_QUICK_TAGS = ("foi", "urgent", "chased")


@dataclass(frozen=True)
class Config:
    keys: dict[str, str] = field(default_factory=dict)
    follow_up_tag: str = "follow-up"
    quick_tags: tuple[str, ...] = DEFAULT_QUICK_TAGS
    #: What was wrong with the file, in words, for a notification (the defaults are used).
    problems: tuple[str, ...] = ()
    #: The settings folder (where the app remembers its state); None: remember nothing.
    folder: Path | None = None
    #: The theme chosen last time, if any.
    theme: str | None = None


def load_config(folder: Path) -> Config:
    """Read ``config.toml``; a missing file means the defaults, a broken one is reported."""
    return dataclasses.replace(_read_settings(folder), folder=folder, theme=load_theme(folder))


def load_theme(folder: Path) -> str | None:
    """The theme remembered in the settings folder (None when there is none or it is bad)."""
    try:
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    theme = state.get("theme") if isinstance(state, dict) else None
    return theme if isinstance(theme, str) and theme else None


def save_theme(folder: Path, theme: str) -> None:
    """Remember ``theme`` for the next session (atomically; never the settings file)."""
    from archive.storage import replace_file

    payload = json.dumps({"theme": theme}).encode("utf-8")
    replace_file(folder / STATE_FILE, payload, durable=False)


def _read_settings(folder: Path) -> Config:
    path = folder / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        return Config(problems=(f"{path}: cannot be read ({error.strerror})",))
    try:
        data = tomllib.loads(raw.decode("utf-8", errors="replace"))
    except tomllib.TOMLDecodeError as error:
        return Config(problems=(f"{path}: {error}; using the default settings",))
    problems: list[str] = []
    keys_section = data.get("keys", {})
    keys: dict[str, str] = {}
    if isinstance(keys_section, dict):
        for name, value in keys_section.items():
            if isinstance(value, str) and value.strip():
                keys[str(name)] = value.strip()
            else:
                problems.append(f'{path}: [keys] {name} should be a key such as "ctrl+f"')
    tags_section = data.get("tags", {})
    follow_up = "follow-up"
    quick: tuple[str, ...] = DEFAULT_QUICK_TAGS
    if isinstance(tags_section, dict):
        from archive.store import validate_tag

        try:
            follow_up = validate_tag(str(tags_section.get("follow_up", follow_up)))
            listed = tags_section.get("quick", list(quick))
            if isinstance(listed, list):
                quick = tuple(validate_tag(str(tag)) for tag in listed[:9])
        except ValueError as error:
            problems.append(f"{path}: [tags] {error}")
    return Config(keys=keys, follow_up_tag=follow_up, quick_tags=quick, problems=tuple(problems))
