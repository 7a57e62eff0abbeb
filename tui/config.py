"""User settings: key bindings and quick tags, from ``config.toml`` in the config folder.

[keys]              # binding id = key(s); the ids are listed by the help panel (?)
follow_up = "f"
open_saved = "ctrl+o"

[tags]
follow_up = "follow-up"          # the tag the follow-up key and screen use
quick = ["foi", "urgent", "chased"]   # toggled by 1, 2, 3
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_FILE = "config.toml"
DEFAULT_QUICK_TAGS = ("foi", "urgent", "chased")


@dataclass(frozen=True)
class Config:
    keys: dict[str, str] = field(default_factory=dict)
    follow_up_tag: str = "follow-up"
    quick_tags: tuple[str, ...] = DEFAULT_QUICK_TAGS
    #: What was wrong with the file, in words, for a notification (the defaults are used).
    problems: tuple[str, ...] = ()


def load_config(folder: Path) -> Config:
    """Read ``config.toml``; a missing file means the defaults, a broken one is reported."""
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
