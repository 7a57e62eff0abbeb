"""Metadata extraction: pure functions from a letter's text (and e-mail headers) to fields."""

from __future__ import annotations

from archive.extract.letter import extract

__all__ = ["extract"]
