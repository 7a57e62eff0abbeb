"""The keymap: every key binding of the app, read from ``keymap.toml`` and checked.

The bindings are data, not code: ``keymap.toml`` beside this module holds them all, a table
for each screen or widget with each binding under its id (the name a ``[keys]`` entry of the
settings remaps), the keys several screens share written once. This module reads the file
once, lays out its templates and groups, and says which row is wrong and why when one is (a
mistake in the program, not the user's). Each screen and widget takes its ``BINDINGS`` from
``bindings_for``."""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import inspect
import pkgutil
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType

KEYMAP_FILE = "keymap.toml"


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: the screen or widget class that binds it (``owner``), the id a ``[keys]``
    entry names, the key(s), the action, the footer's word and the ``?`` list's explanation."""

    owner: str
    id: str
    keys: str
    action: str
    description: str
    tooltip: str
    #: In the footer (the ``?`` list shows every binding either way).
    shown: bool = True
    #: Works even where the focused widget would take the key (the search box).
    priority: bool = False
    key_display: str | None = None

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.shown,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.tooltip,
            id=self.id,
        )


class KeymapError(ValueError):
    """A malformed row in the keymap file: a mistake in the program, named by file and row."""


#: A binding's fields in the file: the text ones it must have, its flags and their defaults,
#: and the text it may have.
_REQUIRED = ("keys", "action", "description", "tooltip")
_FLAGS = {"shown": True, "priority": False}
_OPTIONAL = ("key_display",)
_FIELDS = (*_REQUIRED, *_FLAGS, *_OPTIONAL)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@functools.cache
def keymap() -> tuple[Key, ...]:
    """Every binding of the app, in the file's order (read and checked on first use)."""
    resource = importlib.resources.files("tui").joinpath(KEYMAP_FILE)
    return parse_keymap(resource.read_text(encoding="utf-8"), str(resource))


def parse_keymap(text: str, source: str) -> tuple[Key, ...]:
    """The bindings a keymap document declares, its templates and groups laid out in place;
    ``source`` names the document in a ``KeymapError``."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KeymapError(f"{source}: {error}") from None
    reader = _KeymapReader(
        source,
        templates=_table(document.pop("templates", {}), f"{source}: [templates]"),
        groups=_table(document.pop("groups", {}), f"{source}: [groups]"),
    )
    found: list[Key] = []
    owners: dict[str, str] = {}
    for owner, rows in document.items():
        for key in reader.owner_keys(owner, rows):
            if key.id in owners:
                raise KeymapError(
                    f"{source}: [{owner}] {_toml_key(key.id)}: the id is already "
                    f"[{owners[key.id]}]'s (a [keys] entry names one binding)"
                )
            owners[key.id] = owner
            found.append(key)
    return tuple(found)


def _table(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise KeymapError(f"{where}: should be a table, not {value!r}")
    return value


def _toml_key(name: str) -> str:
    """``name`` as the file writes it (quoted unless it is a bare key), to find the row by."""
    return name if _BARE_KEY.fullmatch(name) else f'"{name}"'


class _KeymapReader:
    """Turns one table of the file (a screen's or widget's) into its ``Key``s, laying out
    the templates (``like``) and groups it takes and saying what is wrong where."""

    def __init__(
        self, source: str, templates: dict[str, object], groups: dict[str, object]
    ) -> None:
        self.source = source
        self.templates = templates
        self.groups = groups

    def owner_keys(self, owner: str, rows: object) -> list[Key]:
        where = f"{self.source}: [{owner}]"
        if not isinstance(rows, dict) or not rows:
            raise KeymapError(f"{where}: should be a table of bindings, each under its id")
        found: list[Key] = []
        for name, row in rows.items():
            row_where = f"{where} {_toml_key(name)}"
            fields = self.row(row, row_where)
            if "group" in fields:
                found += self.group_keys(owner, name, fields, row_where)
            elif "*" in name:
                raise KeymapError(f"{row_where}: a name with * takes a group (group = ...)")
            else:
                found.append(self.key(owner, name, fields, row_where))
        return found

    def row(self, row: object, where: str) -> dict[str, object]:
        if not isinstance(row, dict):
            raise KeymapError(
                f'{where}: should be a table such as {{ keys = "x", action = "...", '
                f'description = "...", tooltip = "..." }}, not {row!r}'
            )
        return row

    def group_keys(
        self, owner: str, name: str, fields: Mapping[str, object], where: str
    ) -> list[Key]:
        """The bindings of the group ``fields`` names, their ids ``name``'s prefix (before its
        final ``*``) and their names in the group, their placeholders filled by ``fields``."""
        group_name = fields["group"]
        if not name.endswith("*") or "*" in name[:-1]:
            raise KeymapError(f'{where}: a row taking a group is named <prefix>*, as "compare.*"')
        if not isinstance(group_name, str) or group_name not in self.groups:
            raise KeymapError(
                f"{where}: group = {group_name!r} names no group "
                f"(the file has {', '.join(self.groups) or 'none'})"
            )
        members = self.row(self.groups[group_name], f"{self.source}: [groups.{group_name}]")
        values = {key: value for key, value in fields.items() if key != "group"}
        for key, value in values.items():
            if not isinstance(value, str):
                raise KeymapError(f"{where}: {key} fills a {{placeholder}}: it should be text")
        used: set[str] = set()
        found = []
        for member, row in members.items():
            member_where = f"{where} (groups.{group_name} {_toml_key(member)})"
            template = self.row(row, member_where)
            if "group" in template:
                raise KeymapError(f"{member_where}: a group's binding cannot take a group")
            filled = {
                key: self.fill(value, values, used, member_where)
                if isinstance(value, str)
                else value
                for key, value in template.items()
            }
            found.append(self.key(owner, name[:-1] + member, filled, member_where))
        unused = sorted(set(values) - used)
        if unused:
            raise KeymapError(
                f"{where}: {', '.join(unused)} fills no {{placeholder}} of groups.{group_name}"
            )
        return found

    def fill(self, text: str, values: Mapping[str, object], used: set[str], where: str) -> str:
        def value_of(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                raise KeymapError(
                    f"{where}: {{{name}}} is not filled: the row taking the group should give "
                    f'{name} = "..."'
                )
            used.add(name)
            return str(values[name])

        return _PLACEHOLDER.sub(value_of, text)

    def key(self, owner: str, key_id: str, fields: Mapping[str, object], where: str) -> Key:
        """The binding ``fields`` describe (after the template ``like`` names, if any)."""
        if "like" in fields:
            like = fields["like"]
            if not isinstance(like, str) or like not in self.templates:
                raise KeymapError(
                    f"{where}: like = {like!r} names no template "
                    f"(the file has {', '.join(self.templates) or 'none'})"
                )
            template = self.row(self.templates[like], f"{self.source}: [templates] {like}")
            if "like" in template or "group" in template:
                raise KeymapError(f"{self.source}: [templates] {like}: a template is one binding")
            fields = {**template, **{k: v for k, v in fields.items() if k != "like"}}
        unknown = [field for field in fields if field not in _FIELDS]
        if unknown:
            raise KeymapError(
                f"{where}: unknown field {', '.join(unknown)} (a binding has {', '.join(_FIELDS)})"
            )
        missing = [field for field in _REQUIRED if field not in fields]
        if missing:
            raise KeymapError(
                f"{where}: no {', '.join(missing)} (every binding has {', '.join(_REQUIRED)})"
            )
        text: dict[str, str] = {}
        for field in (*_REQUIRED, *_OPTIONAL):
            value = fields.get(field)
            if field in _OPTIONAL and value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                raise KeymapError(f"{where}: {field} = {value!r}; it should be some text")
            text[field] = value
        flags: dict[str, bool] = {}
        for field, default in _FLAGS.items():
            flag = fields.get(field, default)
            if not isinstance(flag, bool):
                raise KeymapError(f"{where}: {field} = {flag!r}; it should be true or false")
            flags[field] = flag
        return Key(
            owner,
            key_id,
            text["keys"],
            text["action"],
            text["description"],
            text["tooltip"],
            shown=flags["shown"],
            priority=flags["priority"],
            key_display=text.get("key_display"),
        )


def __getattr__(name: str) -> tuple[Key, ...]:
    """``KEYMAP``: the keymap, read on first use rather than when the module is imported."""
    if name == "KEYMAP":
        return keymap()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def bindings_for(owner: str) -> list[BindingType]:
    """The ``BINDINGS`` of the screen or widget class named ``owner``, in the keymap's order."""
    found: list[BindingType] = [key.binding() for key in keymap() if key.owner == owner]
    if not found:
        raise KeyError(f"the keymap binds no key of {owner}")
    return found


def binding_ids() -> set[str]:
    """The ids a ``[keys]`` entry can name."""
    return {key.id for key in keymap()}


def all_bindings() -> list[tuple[str, Binding]]:
    """(owner class, binding) as the app and every screen and widget module of ``tui`` declare
    them: what Textual binds, to check the keymap against."""
    import tui.app
    import tui.screens
    import tui.widgets

    modules = [tui.app]
    for package in (tui.screens, tui.widgets):
        modules += [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
        ]
    found = []
    for module in modules:
        for name, owner in vars(module).items():
            if inspect.isclass(owner) and owner.__module__ == module.__name__:
                for binding in vars(owner).get("BINDINGS", []):
                    if isinstance(binding, Binding):
                        found.append((f"{module.__name__}.{name}", binding))
    return found
