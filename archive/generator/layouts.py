"""Layouts learnt from real published letters: flattened PDF text, cover headings, text helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from random import Random

from archive.generator.truth import GeneratedLetter


@dataclass(slots=True)
class _Parts:
    """A letter taken apart, so a layout learnt from real letters can put it back together."""

    letterhead: list[str]
    recipient: list[str]
    references: list[str]
    date_line: str
    salutation: str
    paragraphs: list[str]
    valediction: str
    signature: list[str]


def _named(letter: GeneratedLetter, text: str, layout: str) -> GeneratedLetter:
    """Truth for a letter under a cover heading: no reference lines, and an addressee the
    heading names only by role is not named."""
    recipient = letter.recipient_name
    return replace(
        letter,
        references=(),
        recipient_name=recipient if recipient and recipient in text else None,
        layout=layout,
    )


def _run_together(paragraphs: Sequence[str], rng: Random) -> str:
    """Paragraphs as PDF-to-text often leaves them: no break, and mostly no space either."""
    tight = rng.random() < 0.75
    text = ""
    for paragraph in paragraphs:
        gap = "" if not text or (tight and text.endswith(".")) else " "
        text += gap + paragraph
    return text


def _flat_text(parts: _Parts, rng: Random) -> str:
    """Letterhead, addressee, date, salutation and first paragraph on one line; a one-line
    sign-off ("Yours sincerely, Jane Doe MP, Minister for ...")."""
    head = [
        *parts.letterhead,
        *parts.recipient,
        *parts.references,
        parts.date_line,
        parts.salutation,
        parts.paragraphs[0],
    ]
    lines = [" ".join(item for item in head if item)]
    if len(parts.paragraphs) > 1:
        lines.append(_run_together(parts.paragraphs[1:], rng))
    signature = ", ".join(line for line in parts.signature if line)
    lines.append(" ".join(item for item in (parts.valediction, signature) if item))
    return (" " if rng.random() < 0.4 else "\n").join(line for line in lines if line)


def _blocks_text(parts: _Parts) -> str:
    blocks = [
        parts.letterhead,
        parts.recipient,
        parts.references,
        [parts.date_line],
        [parts.salutation],
        *([paragraph] for paragraph in parts.paragraphs),
        [parts.valediction] if parts.valediction else [],
        parts.signature,
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _cover_text(
    heading: Sequence[str], parts: _Parts, signature: Sequence[str], foot_date: str, rng: Random
) -> str:
    """A heading that names the letter (a committee report, Hansard, a web page), the
    letter without letterhead or addressee, and the date only at the foot."""
    indent = "  " if rng.random() < 0.4 else ""
    blocks = [
        list(heading),
        parts.references,
        [parts.salutation] if rng.random() < 0.7 else [],
        *([indent + paragraph] for paragraph in parts.paragraphs),
        [parts.valediction] if parts.valediction and rng.random() < 0.5 else [],
        list(signature),
        [foot_date],
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _with_note(paragraphs: Sequence[str], note: str) -> list[str]:
    """The paragraphs with ``note`` after the first one's opening sentence."""
    first, dot, rest = paragraphs[0].partition(". ")
    opened = f"{first}{dot}{note} {rest}" if dot else f"{first} {note}"
    return [opened.strip(), *paragraphs[1:]]


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
