"""What the extraction stages have found so far: typed values, the spans they came from, how sure.

Every stage (the parties, the direction, the mentions) writes here through ``set`` and reads
typed values back; ``metadata`` turns the whole into the frozen ``Metadata``. The fields are
``Metadata``'s own, so the list of fields is written once, in ``archive.models``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any

from archive.models import Metadata

Span = tuple[int, int]

#: The fields a stage can set: every field of ``Metadata`` but its bookkeeping.
FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Metadata) if f.name not in ("spans", "confidence", "warnings")
)


@dataclass(slots=True)
class Found:
    """The values found so far (a ``Metadata``), each with its spans and confidence (0 to 1)."""

    meta: Metadata = field(default_factory=Metadata)
    spans: dict[str, tuple[Span, ...]] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)

    def set(self, name: str, value: Any, *spans: Span | None, sure: float = 0.9) -> None:
        """Record a field's value, the spans of text it was read from and how sure."""
        if name not in FIELDS:
            raise KeyError(f"not a metadata field: {name}")
        self.meta = replace(self.meta, **{name: value})
        self.spans[name] = tuple(s for s in spans if s is not None)
        self.confidence[name] = sure

    def has(self, name: str) -> bool:
        """Whether a stage has set ``name`` (to anything, None included)."""
        return name in self.confidence

    def text(self, name: str) -> str | None:
        value = getattr(self.meta, name)
        return value if isinstance(value, str) and value else None

    def metadata(self, warnings: tuple[str, ...] = ()) -> Metadata:
        empty = (None, "", ())
        return replace(
            self.meta,
            spans=MappingProxyType({k: v for k, v in self.spans.items() if v}),
            confidence=MappingProxyType(
                {k: v for k, v in self.confidence.items() if getattr(self.meta, k) not in empty}
            ),
            warnings=warnings,
        )


def first_span(found: Found, name: str) -> Span | None:
    spans = found.spans.get(name, ())
    return spans[0] if spans else None
