"""Single letters: an MP's letter, a department's reply, and what a thread needs of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from archive.generator.dates import LAST_DAY, date_text, working_day
from archive.generator.departments import Body
from archive.generator.kit import Kit
from archive.generator.layouts import Parts
from archive.generator.people import MP
from archive.generator.text import bold_line, plain_line, public
from archive.generator.topics import (
    COMMITTEE_SENTENCES,
    GENERIC_MP,
    GENERIC_REPLY,
    TOPICS,
    Topic,
)
from archive.generator.truth import GeneratedLetter


@dataclass(slots=True)
class Thread:
    id: str
    mp: MP
    topic: Topic
    topic_key: str
    slots: dict[str, str]

    def truth(
        self,
        file: str,
        kind: str,
        day: dt.date,
        references: Sequence[str],
        department: str,
        *,
        official: str,
        direction: str,
        in_reply_to_date: dt.date | None = None,
        replies_to: str | None = None,
        also_replies_to: Sequence[str] = (),
    ) -> GeneratedLetter:
        """The truth of a letter between this thread's MP and ``department``: the MP (and
        seat) on the side ``direction`` says, the ``official`` on the other."""
        from_mp = direction == "from_mp"
        return GeneratedLetter(
            file=file,
            kind=kind,
            date=day,
            references=tuple(references),
            mp=self.mp.name,
            area=self.mp.constituency,
            department=department,
            sender_name=self.mp.name if from_mp else official,
            recipient_name=official if from_mp else self.mp.name,
            direction=direction,
            in_reply_to_date=in_reply_to_date,
            replies_to=replies_to,
            thread=self.id,
            also_replies_to=tuple(also_replies_to),
        )


@dataclass(frozen=True, slots=True)
class Sent:
    """What a written letter needs to be cited later."""

    index: int
    file: str
    date: dt.date
    references: tuple[str, ...]


class Letters:
    """Writes one MP's letter or one reply, with its truth record."""

    def __init__(self, kit: Kit, noise: float) -> None:
        self.draws, self.world, self.prose = kit.draws, kit.world, kit.prose
        self.files, self.layouts = kit.files, kit.layouts
        #: The share of replies whose text is made misleading.
        self.noise = noise

    def can_write(self, body: Body, day: dt.date) -> bool:
        """Whether a letter to or from ``body`` on ``day`` fits: the archive has room, the day
        is within its span and the body existed then."""
        return self.files.room() and day <= LAST_DAY and bool(body.name_at(day)[0])

    def mp_letter(
        self,
        thread: Thread,
        body: Body,
        day: dt.date,
        *,
        committee: str | None = None,
        answering: Sent | None = None,
        opening: str | None = None,
    ) -> Sent | None:
        """An MP's letter to a minister or public body; ``answering`` makes it a follow-up."""
        if not self.can_write(body, day):
            return None
        rnd = self.draws.rnd
        mp = thread.mp
        md = rnd() < 0.12
        bold = bold_line if md else plain_line
        people = body.people_at(day)
        minister = people[0] if rnd() < 0.45 else people[int(rnd() * len(people))]
        body_name, short = body.name_at(day)
        role = body.role_of(minister, day)
        blocks: list[list[str]] = []
        if committee:
            blocks.append([bold("House of Commons"), bold(committee), bold("London SW1A 0AA")])
        elif rnd() < 0.5:
            blocks.append([bold(f"{mp.name} MP"), bold("House of Commons"), "London SW1A 0AA"])
        else:
            blocks.append([bold("House of Commons"), bold("London SW1A 0AA")])
            if rnd() < 0.4:
                blocks.append([f"Tel: {mp.phone}", f"Email: {mp.email}"])
        references: list[str] = []
        ref_lines: list[str] = []
        if answering is not None and answering.references and rnd() < 0.8:
            references.append(answering.references[0])
            ref_lines.append(f"Your ref: {answering.references[0]}")
        if not committee and rnd() < 0.3:
            own = self.world.mp_reference(mp)
            references.append(own)
            ref_lines.append(f"Our ref: {own}")
        style = self.draws.date_style()
        date_line = date_text(day, style)
        recipient = [minister.formal, role, body_name, *body.spec.address]
        if not body.spec.ministerial:
            recipient = [minister.name, role, body_name, *body.spec.address]
        if rnd() < 0.3:
            blocks += [[date_line], recipient, ref_lines]
        else:
            blocks += [recipient, ref_lines, [date_line]]
        if minister.peer:
            salutation = f"Dear {minister.name},"
        elif body.spec.ministerial and rnd() < 0.25:
            salutation = "Dear Secretary of State," if not minister.role else "Dear Minister,"
        elif body.spec.ministerial or rnd() < 0.5:
            salutation = f"Dear {minister.first},"
        else:
            salutation = f"Dear {'Mr' if minister.gender == 'm' else 'Ms'} {minister.surname},"
        blocks.append([salutation])
        slots = thread.slots
        in_reply_to: dt.date | None = None
        if opening is not None:
            lead = opening.format_map(slots)
        elif answering is not None:
            in_reply_to = answering.date
            cited = date_text(answering.date, style if style != 3 else 0)
            lead = (
                f"Thank you for your letter of {cited} about {slots['subject']}. "
                + self.draws.pick(
                    (
                        "I am afraid that my constituent remains dissatisfied.",
                        "I remain concerned about this matter.",
                        "I would be grateful for some further clarification.",
                    )
                )
            )
        elif committee:
            slots = dict(slots, committee=committee)
            lead = COMMITTEE_SENTENCES[0].format_map(slots)
        else:
            lead = self.draws.pick(
                (
                    "I am writing to you about {subject}.",
                    "I write to raise {subject}.",
                    "I am writing on behalf of my constituent, {constituent}, about {subject}.",
                    "I would like to draw your attention to {subject}.",
                )
            ).format_map(slots)
        if committee:
            templates = [*thread.topic.mp, *COMMITTEE_SENTENCES[1:]]
        else:
            templates = [*thread.topic.mp, *GENERIC_MP]
        paragraphs = self.prose.paragraphs(lead, templates, slots, self.draws.body_words())
        for paragraph in paragraphs:
            blocks.append([paragraph])
        closing = self.draws.pick(
            (
                "I look forward to your reply.",
                "I look forward to hearing from you.",
                "Thank you for your help.",
            )
        )
        blocks.append([closing])
        valediction = self.draws.pick(
            ("Yours sincerely,", "Yours sincerely,", "Yours ever,", "With best wishes,")
        )
        blocks.append([valediction])
        if rnd() < 0.15:
            blocks.append([f"A handwritten signature, appearing to read '{mp.first}'."])
        if committee:
            blocks.append([bold(f"{mp.name} MP"), f"Chair, {committee}"])
        else:
            blocks.append([bold(f"{mp.name} MP"), f"Member of Parliament for {mp.constituency}"])
        data = self.files.emit(blocks, md, 0)
        word = "letter" if rnd() < 0.5 else f"to_{short.lower()}"
        own_ref = references[-1] if references else None
        name = self.files.file_name(day, word, own_ref, mp.surname, short, md)
        letter = thread.truth(
            name,
            "letter",
            day,
            references,
            body_name,
            official=minister.name,
            direction="from_mp",
            in_reply_to_date=in_reply_to,
            replies_to=answering.file if answering else None,
        )
        if self.layouts.realistic_draw():
            parts = Parts(
                [],
                recipient,
                ref_lines,
                date_line,
                salutation,
                [*paragraphs, closing],
                valediction,
                [f"{mp.name} MP"],
            )
            data, letter = self.layouts.realistic_mp_letter(
                letter, parts, mp, role, body, committee
            )
        index = self.files.record(name, data, day, letter)
        return Sent(index, name, day, tuple(references))

    def reply(
        self,
        thread: Thread,
        body: Body,
        day: dt.date,
        *,
        answering: Sent | None,
        cited_date: dt.date,
        holding: bool = False,
        after_holding: Sent | None = None,
        further: bool = False,
        committee: str | None = None,
        allow_same_day: bool = True,
        reuse_reference: str | None = None,
        opening: str | None = None,
        notice: Sequence[str] = (),
        also: Sequence[Sent] = (),
        cites: bool = True,
    ) -> Sent | None:
        """A department's (or public body's) reply to an MP, in or out of the archive."""
        if not self.can_write(body, day):
            return None
        rnd = self.draws.rnd
        mp = thread.mp
        spec = body.spec
        noise = ""
        if rnd() < self.noise:
            kinds = ["no_ref", "wrong_day", "wrong_year"]
            if allow_same_day and answering is not None and not committee:
                kinds.append("same_day")
            noise = self.draws.pick(kinds)
        if noise == "same_day" and answering is not None:
            self.same_day_letter(thread, body, answering.date)
        md = rnd() < 0.12
        bold = bold_line if md else plain_line
        people = body.people_at(day)
        signer = people[0] if rnd() < 0.35 else people[int(rnd() * len(people))]
        role = body.role_of(signer, day)
        body_name, short = body.name_at(day)
        blocks: list[list[str]] = []
        head = [bold(body_name)]
        if rnd() < 0.5:
            blocks += [head, [role]]
        else:
            blocks.append(head)
        address = list(spec.address)
        if spec.web and rnd() < 0.6:
            address.append(body.web_at(day))
        blocks.append(address)
        recipient = [f"{mp.name} MP"]
        if committee:
            recipient.append(f"Chair, {committee}")
        recipient += (
            ["House of Commons", "London", "SW1A 0AA"]
            if rnd() < 0.6
            else ["House of Commons", "London SW1A 0AA"]
        )
        references: list[str] = []
        ref_lines: list[str] = []
        if noise != "no_ref":
            reference = reuse_reference or self.world.reference(body, day)
            label = spec.ref_labels[0] if rnd() < 0.75 else self.draws.pick(spec.ref_labels)
            references.append(reference)
            ref_lines.append(f"{bold(label) if md else label} {reference}")
            if answering is not None and rnd() < 0.7:
                theirs = [r for r in answering.references if r.startswith(mp.initials + "/")]
                if theirs:
                    references.append(theirs[0])
                    ref_lines.append(f"Your ref: {theirs[0]}")
        style = self.draws.date_style()
        date_line = date_text(day, style)
        blocks += [recipient, ref_lines, [date_line]]
        if spec.ministerial or rnd() < 0.5:
            salutation = f"Dear {mp.first},"
        else:
            salutation = f"Dear {'Mr' if mp.gender == 'm' else 'Ms'} {mp.surname},"
        blocks.append([salutation])

        stated = cited_date
        with_year = rnd() < 0.3
        if noise == "wrong_day":
            shift = self.draws.rng.randint(1, 6) * (1 if rnd() < 0.5 else -1)
            stated = cited_date + dt.timedelta(days=shift)
        elif noise == "wrong_year":
            with_year = True
            year = cited_date.year - 1 if rnd() < 0.7 else cited_date.year + 1
            stated = cited_date.replace(year=year, day=min(cited_date.day, 28))
            if cited_date.month != 2:
                stated = cited_date.replace(year=year)
        cited_style = style if rnd() < 0.7 else self.draws.date_style()
        if cited_style == 2 and noise != "wrong_year" and rnd() < 0.5:
            cited_style = 0
        cited = self.prose.cited(stated, cited_style, with_year or cited_style == 2)
        slots = thread.slots
        about = self.draws.pick(
            ("about", "about", "regarding", "concerning", "requesting action on")
        )
        further_word = "further " if further else ""
        if opening is not None:
            lead = opening
            stated = cited_date
        elif after_holding is not None:
            lead = (
                f"Further to my letter of {date_text(after_holding.date, 0)}, I am now able to "
                f"reply to your letter of {cited} {about} {slots['subject']}."
            )
        else:
            lead = f"Thank you for your {further_word}letter of {cited} {about} {slots['subject']}."
            if committee:
                lead = (
                    f"Thank you for your letter of {cited} on behalf of the {committee} "
                    f"{about} {slots['subject']}."
                )
        if answering is not None and rnd() < 0.2:
            lead += " I am sorry it has taken some time to reply."
        if notice:
            paragraphs = [lead, *notice]
        elif holding:
            paragraphs = [
                lead,
                self.draws.pick(
                    (
                        "I am sorry that I am not yet in a position to send you a full reply.",
                        "Your letter raises a number of detailed points, and officials are "
                        "making enquiries so that I can respond fully.",
                    )
                ),
                *self.prose.paragraphs("", (), slots, self.draws.body_words(60, 160, 80)),
                "I will write to you again as soon as possible.",
            ]
        else:
            generic = public(GENERIC_REPLY) if committee else GENERIC_REPLY
            templates = [*thread.topic.reply, *generic]
            paragraphs = self.prose.paragraphs(lead, templates, slots, self.draws.body_words())
        for paragraph in paragraphs:
            blocks.append([paragraph])
        endings: list[str] = []
        if not holding and rnd() < 0.25:
            other = self.world.choose_mp()
            endings.append(
                self.draws.pick(
                    (
                        f"I have copied this letter to {other.name} MP, the Member for "
                        f"{other.constituency}.",
                        f"I have also copied this letter to {slots['council']}.",
                        f"I am copying this letter to {other.name} MP, who has raised "
                        "similar concerns.",
                    )
                )
            )
        endings.append(
            self.draws.pick(
                (
                    "I hope this reply is helpful.",
                    "I hope this is helpful.",
                    "Thank you again for writing.",
                )
            )
        )
        blocks += [[ending] for ending in endings]
        valediction = ""
        if rnd() < 0.6:
            valediction = self.draws.pick(("Yours sincerely,", "Yours ever,", "Yours sincerely,"))
            blocks.append([valediction])
        roll = rnd()
        if roll < 0.35:
            ink = "black" if rnd() < 0.7 else "blue"
            note = f"A handwritten signature in {ink} ink, appearing to read '{signer.name}'."
            blocks.append([f"*{note}*" if md else note])
        elif roll < 0.45:
            blocks.append(["[Signature]"])
        signature = [bold(signer.formal)]
        if rnd() < 0.6 or not spec.ministerial:
            signature.append(role)
        blocks.append(signature)
        data = self.files.emit(blocks, md, self.draws.rng.choice((0, 0, 0, 1, 2, 4)))
        word = "holding_reply" if holding else "reply"
        name = self.files.file_name(
            day, word, references[0] if references else None, mp.surname, short, md
        )
        letter = thread.truth(
            name,
            "reply",
            day,
            references,
            body_name,
            official=signer.name,
            direction="to_mp",
            in_reply_to_date=stated if cites else None,
            replies_to=answering.file if answering else None,
            also_replies_to=[sent.file for sent in also],
        )
        if self.layouts.realistic_draw():
            parts = Parts(
                [body_name, *address],
                recipient,
                [line.replace("**", "") for line in ref_lines],
                date_line,
                salutation,
                [*paragraphs, *endings],
                valediction or "Yours sincerely,",
                [signer.formal, role],
            )
            pq_lead = lead if answering is None and after_holding is None and not holding else ""
            data, letter = self.layouts.realistic_reply(
                letter, parts, mp, signer, role, body, committee, slots, pq_lead
            )
        index = self.files.record(name, data, day, letter)
        return Sent(index, name, day, tuple(references))

    def same_day_letter(self, thread: Thread, body: Body, day: dt.date) -> None:
        """Noise: the same MP writes to another department on the same day."""
        other = self.world.choose_body(day, exclude=body)
        if other is None:
            return
        topic_key = self.draws.pick(other.spec.topics)
        topic = TOPICS[topic_key]
        sibling = Thread(
            self.files.thread_id(),
            thread.mp,
            topic,
            topic_key,
            self.prose.slots(thread.mp, day, self.draws.pick(topic.subjects)),
        )
        sent = self.mp_letter(sibling, other, day)
        if sent is not None and self.draws.rnd() < 0.5:
            reply_day = working_day(day + dt.timedelta(days=self.draws.rng.randint(14, 84)))
            self.reply(
                sibling, other, reply_day, answering=sent, cited_date=day, allow_same_day=False
            )
