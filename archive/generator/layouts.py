"""Layouts learnt from real published letters: flattened PDF text, cover headings, signatures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from random import Random

from archive.generator.dates import WEEKDAYS, date_text
from archive.generator.departments import Body
from archive.generator.people import FIRST_NAMES, MP, SURNAME_HEADS, SURNAME_TAILS, Person
from archive.generator.text import capital, the
from archive.generator.topics import COMMITTEES
from archive.generator.truth import GeneratedLetter
from archive.generator.world import World


@dataclass(slots=True)
class Parts:
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


def _flat_text(parts: Parts, rng: Random) -> str:
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


def _blocks_text(parts: Parts) -> str:
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
    heading: Sequence[str], parts: Parts, signature: Sequence[str], foot_date: str, rng: Random
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


class RealisticLayouts:
    """Rewrites a share of letters in the layouts of real published ones."""

    def __init__(self, world: World, layout_rng: Random, realistic: float) -> None:
        self.world = world
        #: Draws for the realistic layouts only, so they never shift the main stream.
        self.lrng = layout_rng
        self.realistic = realistic

    def realistic_draw(self) -> bool:
        return self.lrng.random() < self.realistic

    def layout_bytes(self, text: str) -> bytes:
        return (text + "\n" if self.lrng.random() < 0.5 else text).encode("utf-8")

    def layout_person(self) -> str:
        """A fictional official for a sender the world does not model (a council, a trust)."""
        rng = self.lrng
        first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))][0]
        head = SURNAME_HEADS[rng.randrange(len(SURNAME_HEADS))]
        return f"{first} {head}{SURNAME_TAILS[rng.randrange(len(SURNAME_TAILS))]}"

    def foot_date(self, day: dt.date) -> str:
        return date_text(day, self.lrng.choice((0, 0, 1, 4)))

    def realistic_mp_letter(
        self,
        letter: GeneratedLetter,
        parts: Parts,
        mp: MP,
        role: str,
        body: Body,
        committee: str | None,
    ) -> tuple[bytes, GeneratedLetter]:
        """An MP's letter as published: flattened, under a cover heading, or co-signed."""
        rng = self.lrng
        assert letter.date is not None
        day = letter.date
        addressee = role if body.spec.ministerial else f"{role} of {letter.department}"
        roll = rng.random()
        if committee:
            chair = f"Chair of the {committee}"
            if roll < 0.35:
                parts.letterhead = ["HOUSE OF COMMONS", committee.upper(), "LONDON SW1A 0AA"]
                parts.signature = [f"{mp.name} MP", chair]
                return self.layout_bytes(_flat_text(parts, rng)), replace(
                    letter, layout="flattened"
                )
            block = min(3, (day.year - 2010) // 4)
            others = [
                (name, chairs[block])
                for (name, _), chairs in zip(COMMITTEES, self.world.committee_chairs, strict=True)
                if name != committee and chairs[block].name != mp.name
            ]
            heading = [f"Select Committee on {committee.removesuffix(' Committee')} Correspondence"]
            if roll < 0.7 or not others:
                chair_word = rng.choice(("Chair", "Chairman", "Chair"))
                heading.append(f"Letter to {the(addressee)} from the {chair_word} of the Committee")
                signature = [mp.name] if rng.random() < 0.5 else [f"{mp.name} MP", chair]
                layout = "cover"
            else:
                other_committee, other = others[rng.randrange(len(others))]
                heading.append(
                    f"Letter to {the(addressee)} from the Chairs of the {committee} and the "
                    f"{other_committee}"
                )
                signature = [mp.name, "", other.name]
                layout = "signatories"
            text = _cover_text(heading, parts, signature, self.foot_date(day), rng)
            return self.layout_bytes(text), _named(letter, text, layout)
        if roll < 0.45:
            if rng.random() < 0.5:
                parts.letterhead = [
                    f"{mp.name.upper()} MP, MEMBER OF PARLIAMENT FOR {mp.constituency.upper()}",
                    "HOUSE OF COMMONS LONDON SW1A 0AA",
                ]
            else:
                parts.letterhead = ["House of Commons London SW1A 0AA"]
            parts.signature = [f"{mp.name} MP", f"Member of Parliament for {mp.constituency}"]
            return self.layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        if roll < 0.7:
            parts.letterhead = [
                f"MEMBER OF PARLIAMENT FOR {mp.constituency.upper()}",
                "HOUSE OF COMMONS",
                "LONDON SW1A 0AA",
            ]
            parts.signature = [mp.name]
            text = _blocks_text(parts)
            return self.layout_bytes(text), replace(letter, layout="caps_letterhead")
        heading = [f"Letter from {mp.name} MP to {the(addressee)}"]
        text = _cover_text(heading, parts, [mp.name], self.foot_date(day), rng)
        return self.layout_bytes(text), _named(letter, text, "cover")

    def realistic_reply(
        self,
        letter: GeneratedLetter,
        parts: Parts,
        mp: MP,
        signer: Person,
        role: str,
        body: Body,
        committee: str | None,
        slots: Mapping[str, str],
        pq_lead: str,
    ) -> tuple[bytes, GeneratedLetter]:
        """A reply to an MP as published or forwarded: Hansard, cover sheets, e-mail, unsigned."""
        rng = self.lrng
        assert letter.date is not None and letter.department is not None
        day, department = letter.date, letter.department
        title = "Mr" if mp.gender == "m" else rng.choice(("Ms", "Mrs"))
        dated = f"dated {date_text(day, rng.choice((0, 0, 1)))}:"
        roll = rng.random()
        if pq_lead and not body.spec.ministerial and roll < 0.7:
            # Hansard prints an agency chief executive's answer to a Parliamentary Question.
            subject = slots["subject"]
            opening = rng.choice(
                (
                    f"As {role} of {department}, it is my responsibility to answer questions "
                    "about operational matters. I am therefore replying to your recent "
                    f"Parliamentary Question about {subject}.",
                    "The Secretary of State has asked me to reply to your recent "
                    f"Parliamentary Question about {subject}.",
                    f"I have been asked to reply to your Parliamentary Question about {subject}.",
                )
            )
            first = parts.paragraphs[0].removeprefix(pq_lead).strip()
            paragraphs = [opening, *([first] if first else []), *parts.paragraphs[1:]]
            cover_line = f"Letter from {signer.name} to {title} {mp.name}, {dated}"
            text = cover_line + rng.choice(("\n", " ")) + _run_together(paragraphs, rng)
            if parts.references:
                text += "\n" + " ".join(parts.references)
            return self.layout_bytes(text), replace(
                letter, in_reply_to_date=None, layout="pq_answer"
            )
        if committee:
            if roll < 0.6:
                heading = [f"Reply from {the(role)} to {mp.name} MP, Chair of the {committee}"]
                text = _cover_text(heading, parts, [signer.formal], self.foot_date(day), rng)
                return self.layout_bytes(text), replace(letter, layout="cover")
            parts.signature = [signer.formal, role]
            return self.layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        note = rng.choice(
            (
                f"I understand that your constituent, {slots['constituent']}, is still waiting "
                "for an answer.",
                "I am sorry for the difficulties your constituent has faced.",
            )
        )
        if roll < 0.3:
            if rng.random() < 0.5:
                parts.recipient = [
                    mp.name,
                    f"Member of Parliament for {mp.constituency}",
                    "House of Commons London SW1A 0AA",
                ]
            parts.signature = [signer.formal, role]
            return self.layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        if roll < 0.5:
            hour = rng.randint(8, 18)
            header = [
                f"From: {signer.surname.upper()}, {signer.first}",
                f"Sent: {WEEKDAYS[day.weekday()]}, {date_text(day, 4)} "
                f"{(hour - 1) % 12 + 1}:{rng.randrange(60):02d} {'AM' if hour < 12 else 'PM'}",
                f"To: {mp.surname.upper()}, {mp.first}",
                f"Subject: RE: {capital(slots['subject'])}",
            ]
            blocks = [
                header,
                parts.references,
                [parts.salutation],
                *([paragraph] for paragraph in _with_note(parts.paragraphs, note)),
                [parts.valediction],
                [signer.formal, role, department],
            ]
            text = "\n\n".join("\n".join(block) for block in blocks if block)
            return self.layout_bytes(text), replace(letter, layout="outlook")
        if roll < 0.65:
            parts.signature = []
            text = _flat_text(parts, rng) if rng.random() < 0.4 else _blocks_text(parts)
            return self.layout_bytes(text), replace(letter, sender_name=None, layout="unsigned")
        if roll < 0.82:
            the_role = the(role)
            if not body.spec.ministerial:
                the_role += f" of {department}"
            heading = [f"Response from {the_role} to {mp.name} MP – {slots['subject']}"]
            signature = [capital(the(role))]
            text = _cover_text(heading, parts, signature, self.foot_date(day), rng)
            return self.layout_bytes(text), replace(letter, sender_name=None, layout="role_only")
        cover_line = f"Letter from {signer.name} to {title} {mp.name}, {dated}"
        paragraphs = _with_note(parts.paragraphs, note)
        text = cover_line + rng.choice(("\n", " ")) + _run_together(paragraphs, rng)
        if parts.references:
            text += "\n" + " ".join(parts.references)
        return self.layout_bytes(text), replace(letter, layout="cover")

    def realistic_notice(
        self,
        letter: GeneratedLetter,
        kind: str,
        signer_name: str,
        role: str,
        mp: MP,
        paragraphs: list[str],
        reference: str | None,
    ) -> tuple[bytes, GeneratedLetter]:
        """A public body's unprompted letter; trusts and councils write too."""
        rng = self.lrng
        assert letter.date is not None and letter.department is not None
        day, department = letter.date, letter.department
        if kind == "nhse" and rng.random() < 0.6:
            department, signer_name, role = mp.trust, self.layout_person(), "Chief Executive"
        elif kind in ("ea", "police") and rng.random() < 0.4:
            department, signer_name = mp.council, self.layout_person()
            role = rng.choice(("Chief Executive", "Leader of the Council"))
        letter = replace(letter, department=department, sender_name=signer_name)
        ref_lines = [f"Our ref: {reference}"] if reference else []
        area_note = f"I am writing to you as the Member of Parliament for {mp.constituency}."
        if rng.random() < 0.5:
            parts = Parts(
                [department],
                [mp.name, f"Member of Parliament for {mp.constituency}", "House of Commons"],
                ref_lines,
                date_text(day, rng.choice((0, 1, 4))),
                f"Dear {mp.first},",
                list(paragraphs),
                "Yours sincerely,",
                [signer_name, role, department],
            )
            return self.layout_bytes(_flat_text(parts, rng)), replace(letter, layout="flattened")
        heading = (
            f"Letter from {the(role)} of {department} to {mp.name}, "
            f"dated {date_text(day, rng.choice((0, 0, 1)))}:"
        )
        text = (
            heading
            + rng.choice(("\n", "\n\n"))
            + "\n\n".join([f"{area_note} {paragraphs[0]}", *paragraphs[1:]])
        )
        if ref_lines:
            text += "\n\n" + ref_lines[0]
        return self.layout_bytes(text), replace(letter, sender_name=None, layout="role_only")
