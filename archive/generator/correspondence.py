"""Threads of correspondence: casework, committees, agency notices and other letters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from archive.generator.dates import FIRST_DAY, LAST_DAY, date_text, working_day
from archive.generator.departments import Body
from archive.generator.kit import Kit
from archive.generator.letters import Letters, Thread
from archive.generator.people import MP
from archive.generator.text import bold_line, plain_line, public
from archive.generator.topics import (
    AGENCY_NOTICE,
    CHARITY_SENTENCES,
    COMMITTEES,
    COUNCIL_SENTENCES,
    TOPICS,
    Topic,
)
from archive.generator.truth import GeneratedLetter


class Correspondence:
    """Starts threads of each kind and writes their letters and replies."""

    def __init__(self, kit: Kit, letters: Letters) -> None:
        self.draws, self.world, self.prose = kit.draws, kit.world, kit.prose
        self.files, self.layouts = kit.files, kit.layouts
        self.letters = letters

    def new_thread(self, mp: MP, body: Body, day: dt.date, *, casework: bool = True) -> Thread:
        topic_key = self.draws.pick(body.spec.topics)
        topic = TOPICS[topic_key]
        if not casework:
            topic = Topic(
                public(topic.subjects) or ("the matters set out below",),
                public(topic.mp),
                public(topic.reply),
            )
        slots = self.prose.slots(mp, day, self.draws.pick(topic.subjects))
        return Thread(self.files.thread_id(), mp, topic, topic_key, slots)

    def gap(self, day: dt.date, low: int = 14, high: int = 84) -> dt.date:
        return working_day(day + dt.timedelta(days=self.draws.rng.randint(low, high)))

    def casework_start(self) -> tuple[MP, dt.date, Body] | None:
        """An MP, a day while they sat and a body in being that day (None when there was none)."""
        mp = self.world.choose_mp()
        day = self.draws.date_between(mp.active_from, mp.active_to)
        body = self.world.choose_body(day)
        return None if body is None else (mp, day, body)

    def mp_thread(self) -> None:
        start = self.casework_start()
        if start is None:
            return
        mp, day, body = start
        if not body.spec.ministerial and self.draws.rnd() < 0.3:
            body = self.world.police[mp.county]
        thread = self.new_thread(mp, body, day)
        letter = self.letters.mp_letter(thread, body, day)
        if letter is None:
            return
        outcome = self.draws.rnd()
        if outcome < 0.15:
            return  # unanswered
        reply_day = self.gap(day)
        if outcome < 0.24:
            holding = self.letters.reply(
                thread, body, self.gap(day, 5, 15), answering=letter, cited_date=day, holding=True
            )
            if holding is None:
                return
            reply = self.letters.reply(
                thread,
                body,
                self.gap(holding.date, 14, 60),
                answering=letter,
                cited_date=day,
                after_holding=holding,
                reuse_reference=holding.references[0] if holding.references else None,
            )
        else:
            reply = self.letters.reply(thread, body, reply_day, answering=letter, cited_date=day)
        if reply is None or self.draws.rnd() >= 0.25:
            return
        follow_up = self.letters.mp_letter(
            thread, body, self.gap(reply.date, 7, 40), answering=reply
        )
        if follow_up is None or self.draws.rnd() >= 0.8:
            return
        dept_refs = [r for r in follow_up.references if not r.startswith(mp.initials + "/")]
        self.letters.reply(
            thread,
            body,
            self.gap(follow_up.date),
            answering=follow_up,
            cited_date=follow_up.date,
            further=True,
            reuse_reference=dept_refs[0] if dept_refs and self.draws.rnd() < 0.6 else None,
        )

    def orphan_reply(self) -> None:
        """A reply to a letter that is not in the archive."""
        start = self.casework_start()
        if start is None:
            return
        mp, day, body = start
        thread = self.new_thread(mp, body, day)
        cited = working_day(day - dt.timedelta(days=self.draws.rng.randint(14, 84)))
        self.letters.reply(thread, body, day, answering=None, cited_date=cited)

    def committee_thread(self) -> None:
        which = int(self.draws.rnd() * len(COMMITTEES))
        committee, key = COMMITTEES[which]
        chairs = self.world.committee_chairs[which]
        day = self.draws.date_between(FIRST_DAY.toordinal(), LAST_DAY.toordinal())
        chair = chairs[min(3, (day.year - 2010) // 4)]
        day = working_day(
            dt.date.fromordinal(min(max(day.toordinal(), chair.active_from), chair.active_to))
        )
        body = self.world.bodies[key]
        thread = self.new_thread(chair, body, day, casework=False)
        letter = self.letters.mp_letter(thread, body, day, committee=committee)
        if letter is not None and self.draws.rnd() < 0.5:
            self.letters.reply(
                thread,
                body,
                self.gap(day, 20, 60),
                answering=letter,
                cited_date=day,
                committee=committee,
            )

    def agency_notice(self) -> None:
        """A public body writes to an MP unprompted: an inspection, an operation, works."""
        mp = self.world.choose_mp()
        day = self.draws.date_between(mp.active_from, mp.active_to)
        kind = self.draws.pick(("police", "police", "nhse", "ea", "nr", "ofsted"))
        body = self.world.police[mp.county] if kind == "police" else self.world.bodies[kind]
        if not self.files.room():
            return
        rnd = self.draws.rnd
        thread = self.new_thread(mp, body, day)
        people = body.people_at(day)
        signer = people[int(rnd() * len(people))]
        role = body.role_of(signer, day)
        body_name, short = body.name_at(day)
        md = rnd() < 0.12
        bold = bold_line if md else plain_line
        reference = self.world.reference(body, day) if rnd() < 0.6 else None
        blocks: list[list[str]] = [
            [bold(body_name)],
            [line for line in (*body.spec.address, body.web_at(day)) if line],
            [f"{mp.name} MP", "House of Commons", "London SW1A 0AA"],
            [f"Our ref: {reference}"] if reference else [],
            [date_text(day, self.draws.date_style())],
            [f"Dear {mp.first}," if rnd() < 0.5 else f"Dear {mp.name},"],
        ]
        if kind == "ofsted":
            templates: Sequence[str] = TOPICS["ofsted"].reply
        else:
            templates = AGENCY_NOTICE[kind]
        lead = templates[0].format_map(thread.slots)
        paragraphs = self.prose.paragraphs(
            lead, templates[1:], thread.slots, self.draws.body_words()
        )
        for paragraph in paragraphs:
            blocks.append([paragraph])
        blocks.append(["Yours sincerely,"])
        blocks.append([bold(signer.name), role, body_name])
        data = self.files.emit(blocks, md, 0)
        name = self.files.file_name(day, "letter", reference, mp.surname, short, md)
        references = (reference,) if reference else ()
        letter = thread.truth(
            name, "letter", day, references, body_name, official=signer.name, direction="to_mp"
        )
        if self.layouts.realistic_draw():
            data, letter = self.layouts.realistic_notice(
                letter, kind, signer.name, role, mp, paragraphs, reference
            )
        self.files.record(name, data, day, letter)

    def other_letter(self) -> None:
        """Correspondence without an MP: a minister to a council leader, a charity to a minister."""
        if not self.files.room():
            return
        rnd = self.draws.rnd
        mp = self.world.mps[int(rnd() * len(self.world.mps))]  # lends its places, not its name
        day = self.draws.date_between(FIRST_DAY.toordinal(), LAST_DAY.toordinal())
        body = self.world.ministerial[int(rnd() * len(self.world.ministerial))]
        body_name, short = body.name_at(day)
        if not body_name:
            return
        thread = self.new_thread(mp, body, day)
        slots = thread.slots
        people = body.people_at(day)
        minister = people[int(rnd() * len(people))]
        role = body.role_of(minister, day)
        md = rnd() < 0.12
        bold = bold_line if md else plain_line
        first, surname, _ = self.world.person_name(set())
        date_line = date_text(day, self.draws.date_style())
        references: tuple[str, ...] = ()
        if rnd() < 0.5:
            reference = self.world.reference(body, day)
            references = (reference,)
        if rnd() < 0.5:
            sender, recipient = minister.name, f"Councillor {first} {surname}"
            blocks: list[list[str]] = [
                [bold(body_name)],
                list(body.spec.address),
                [recipient, f"Leader, {mp.council}", "Town Hall", mp.towns[0]],
                [f"Our ref: {references[0]}"] if references else [],
                [date_line],
                [f"Dear Councillor {surname},"],
            ]
            lead = COUNCIL_SENTENCES[0].format_map(slots)
            templates = [*thread.topic.reply, *COUNCIL_SENTENCES[1:]]
            closing = [bold(minister.formal), role]
            word = "to_council"
        else:
            sender, recipient = f"{first} {surname}", minister.name
            charity = slots["charity"]
            blocks = [
                [bold(charity), f"{mp.towns[1]} House", mp.towns[0]],
                [minister.formal, role, body_name, *body.spec.address],
                [f"Your ref: {references[0]}"] if references else [],
                [date_line],
                ["Dear Minister," if rnd() < 0.6 else f"Dear {minister.first},"],
            ]
            lead = CHARITY_SENTENCES[0].format_map(slots)
            templates = list(CHARITY_SENTENCES[1:])
            closing = [bold(sender), f"Chief Executive, {charity}"]
            word = "from_charity"
        for paragraph in self.prose.paragraphs(lead, templates, slots, self.draws.body_words()):
            blocks.append([paragraph])
        blocks += [["Yours sincerely,"], closing]
        data = self.files.emit(blocks, md, 0)
        name = self.files.file_name(
            day, word, references[0] if references else None, surname, short, md
        )
        self.files.record(
            name,
            data,
            day,
            GeneratedLetter(
                file=name,
                kind="letter",
                date=day,
                references=references,
                department=body_name,
                sender_name=sender,
                recipient_name=recipient,
                thread=thread.id,
            ),
        )
