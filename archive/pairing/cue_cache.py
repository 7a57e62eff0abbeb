"""The reply cues remembered between pairings, so pairing again reads no reply a second time.

What each reply's text says of the letters it answers (``archive.reply_cues``) is kept in
``reply-cues.cache`` beside the records, by the text's sha-256 and the reply's date.

Derived data: a missing, damaged or outdated file (the cue-reading code changed) costs one
reading of the replies, nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import orjson

import archive.extract as extract_package
import archive.reply_cues as reply_cues_module
from archive.reply_cues import NO_CUES, ReplyCues

__all__ = ["CUES_FILE", "CueMemo", "load_cues", "save_cues"]

CUES_FILE = "reply-cues.cache"


class CueMemo(MutableMapping[str, ReplyCues]):
    """The cues read before (``known``) and those used in this pairing (``used``): only the
    used ones are written back, so letters gone from the archive leave the file."""

    def __init__(self, known: dict[str, ReplyCues]) -> None:
        self.known = known
        self.used: dict[str, ReplyCues] = {}

    def __getitem__(self, key: str) -> ReplyCues:
        found = self.used.get(key)
        if found is None:
            found = self.known[key]
            self.used[key] = found
        return found

    def __setitem__(self, key: str, value: ReplyCues) -> None:
        self.used[key] = value

    def __delitem__(self, key: str) -> None:
        self.used.pop(key, None)
        self.known.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter({**self.known, **self.used})

    def __len__(self) -> int:
        return len(self.known.keys() | self.used.keys())


def _cues_version() -> str:
    """A digest of the code that reads cues (the reply cues and the extraction's date
    reading they use): a change to it reads every reply again."""
    digest = hashlib.sha256(b"cues-format-1")
    sources = [Path(reply_cues_module.__file__)]
    sources += sorted(Path(extract_package.__file__).parent.glob("*.py"))
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _cues_to_json(said: ReplyCues) -> Any:
    if said == NO_CUES:
        return 0  # most replies: the smallest entry
    return [
        [day.toordinal() for day in said.cited],
        [day.toordinal() for day in said.together],
        said.several,
        said.transferred,
        said.transferred_from,
        said.further,
        said.further_date.toordinal() if said.further_date else 0,
    ]


def _cues_from_json(raw: Any) -> ReplyCues:
    if raw == 0:
        return NO_CUES
    cited, together, several, transferred, origin, further, further_date = raw
    return ReplyCues(
        tuple(dt.date.fromordinal(int(day)) for day in cited),
        tuple(dt.date.fromordinal(int(day)) for day in together),
        bool(several),
        bool(transferred),
        str(origin) if origin else None,
        bool(further),
        dt.date.fromordinal(int(further_date)) if further_date else None,
    )


def load_cues(path: Path) -> dict[str, ReplyCues]:
    """The remembered cues; none when the file is missing, damaged or from other code."""
    try:
        data = orjson.loads(path.read_bytes())
        if data.get("version") != _cues_version():
            return {}
        return {str(key): _cues_from_json(raw) for key, raw in data["cues"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, OverflowError):
        return {}  # derived data: read the replies again


def save_cues(path: Path, cues: Mapping[str, ReplyCues]) -> None:
    data = {"version": _cues_version(), "cues": {k: _cues_to_json(v) for k, v in cues.items()}}
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(orjson.dumps(data))
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a read-only archive reads its replies each time
