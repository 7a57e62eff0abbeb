"""Small text helpers the generator's writers share: slugs, bold lines, capitals, "the"."""

from __future__ import annotations

from collections.abc import Sequence


def _the(role: str) -> str:
    return role if role.startswith(("His ", "Her ")) else f"the {role}"


def _the_body(name: str) -> str:
    """A body's name as a sentence uses it: "the Home Office", but "HM Treasury", "Ofsted"."""
    bare = name.startswith(("HM ", "NHS ", "UK ", "Network ", "Ofsted"))
    return name if bare else f"the {name}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _public(sentences: Sequence[str]) -> tuple[str, ...]:
    """The sentences that make sense outside constituency casework (for committees)."""
    return tuple(
        sentence
        for sentence in sentences
        if "constituent" not in sentence and "my constituency" not in sentence
    )


def _bold(line: str) -> str:
    return f"**{line}**"


def _plain(line: str) -> str:
    return line


def _slug(text: str) -> str:
    kept = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in kept.split("-") if part)
