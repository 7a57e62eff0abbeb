"""Small text helpers the generator's writers share: slugs, bold lines, capitals, "the"."""

from __future__ import annotations

from collections.abc import Sequence


def the(role: str) -> str:
    return role if role.startswith(("His ", "Her ")) else f"the {role}"


def the_body(name: str) -> str:
    """A body's name as a sentence uses it: "the Home Office", but "HM Treasury", "Ofsted"."""
    bare = name.startswith(("HM ", "NHS ", "UK ", "Network ", "Ofsted"))
    return name if bare else f"the {name}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def public(sentences: Sequence[str]) -> tuple[str, ...]:
    """The sentences that make sense outside constituency casework (for committees)."""
    return tuple(
        sentence
        for sentence in sentences
        if "constituent" not in sentence and "my constituency" not in sentence
    )


def bold_line(line: str) -> str:
    return f"**{line}**"


def plain_line(line: str) -> str:
    return line


def slug(text: str) -> str:
    kept = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in kept.split("-") if part)
