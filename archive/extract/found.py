"""What the extraction stages have found so far: typed values, the spans they came from, how sure.

Every stage (the parties, the direction, the mentions) writes here through ``set`` and reads
typed values back; ``metadata`` turns the whole into the frozen ``Metadata``. The fields are
``Metadata``'s own, so the list of fields is written once, in ``archive.models``.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import Any

from archive.models import FACT_FIELDS, Direction, Metadata

Span = tuple[int, int]

#: The fields a stage can set: every fact field of ``Metadata``.
FIELDS: tuple[str, ...] = FACT_FIELDS
_FIELD_SET = frozenset(FIELDS)


class Found:
    """The values found so far, each with its spans and confidence (0 to 1).

    Stages read values back through typed accessors; ``metadata`` checks the whole against
    the ``Metadata`` dataclass when it builds it.
    """

    __slots__ = ("_values", "spans", "confidence")

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self.spans: dict[str, tuple[Span, ...]] = {}
        self.confidence: dict[str, float] = {}

    def set(self, name: str, value: Any, *spans: Span | None, sure: float = 0.9) -> None:
        """Record a field's value, the spans of text it was read from and how sure."""
        if name not in _FIELD_SET:
            raise KeyError(f"not a metadata field: {name}")
        self._values[name] = value
        # Only spans inside the text are kept: a stage's slip must not reach the store,
        # whose packed form ("3-18") cannot hold a negative offset.
        self.spans[name] = tuple(s for s in spans if s is not None and 0 <= s[0] <= s[1])
        self.confidence[name] = sure

    def has(self, name: str) -> bool:
        """Whether a stage has set ``name`` (to anything, None included)."""
        return name in self._values

    def text(self, name: str) -> str | None:
        value = self._values.get(name)
        return value if isinstance(value, str) and value else None

    def date(self, name: str) -> dt.date | None:
        value = self._values.get(name)
        return value if isinstance(value, dt.date) else None

    def strings(self, name: str) -> tuple[str, ...]:
        value = self._values.get(name)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, tuple) else ()

    def direction(self) -> Direction:
        value = self._values.get("direction")
        return value if value in ("to_mp", "from_mp") else "other"

    def metadata(self, warnings: tuple[str, ...] = ()) -> Metadata:
        values = self._values
        empty = (None, "", ())
        return Metadata(
            **values,
            spans=MappingProxyType({k: v for k, v in self.spans.items() if v}),
            confidence=MappingProxyType(
                {k: v for k, v in self.confidence.items() if values.get(k) not in empty}
            ),
            warnings=warnings,
        )


def first_span(found: Found, name: str) -> Span | None:
    spans = found.spans.get(name, ())
    return spans[0] if spans else None
