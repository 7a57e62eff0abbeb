"""Phrasings of the cases pairing finds hard: transfers, several letters, holding replies."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from archive.generator.correspondence import Correspondence
from archive.generator.dates import date_list, date_text
from archive.generator.departments import Body
from archive.generator.kit import Kit
from archive.generator.letters import Letters, Sent, Thread
from archive.generator.text import capital, the_body

# Phrasings of the hard cases, generalised from published ministerial replies (transfers
# between departments, answers to several letters, replies naming only the constituent,
# holding replies and the full replies that follow them); no letter is copied.
_TRANSFER_NOTICES = (
    "As this is a matter for {other}, I have transferred your letter to them and asked that "
    "they reply to you directly.",
    "The issues you raise fall within the responsibilities of {other}, so your letter has "
    "been passed to them for reply.",
    "I have shared your letter with {other}, which leads on this policy, and they will reply "
    "to you in due course.",
    "Responsibility for this rests with {other}. I have therefore forwarded your letter to "
    "my colleagues there, who will respond.",
)


_TRANSFERRED_OPENINGS = (
    "Your letter of {cited} to {to} about {subject} has been passed to this Department for reply.",
    "Your letter of {cited} to {first} about {subject} has been transferred to this "
    "Department, as the matter falls within our responsibilities.",
    "Thank you for your letter of {cited} to {to}, about {subject}, which has been passed "
    "to me for reply.",
    "I have been asked to reply to your letter of {cited} to {first} about {subject}.",
    "{first_cap} has forwarded your letter of {cited} about {subject} to this Department, "
    "since it concerns matters for which we are responsible.",
    "Your letter of {cited} about {subject}, addressed to {to}, has been transferred to me "
    "as the Minister responsible.",
)


_AGAIN_OPENINGS = (
    "I am writing again about {subject}.",
    "Further to my earlier letter, I write again about {subject}.",
    "I write further to my recent letter about {subject}, as my constituent has been in "
    "touch again.",
    "I have received further correspondence from my constituent about {subject}.",
)


_SEVERAL_OPENINGS = (
    "Thank you for your letters of {dates} about {subject}.",
    "Thank you for your {count} letters of {dates} regarding {subject}.",
    "I am replying to your letters of {dates}, about {subject}.",
    "Thank you for your letter of {first}, and your further letter of {last}, about {subject}.",
    "I am grateful for your letters dated {dates} concerning {subject}; I am replying to "
    "them together.",
)


_CONSTITUENT_OPENINGS = (
    "I am writing on behalf of my constituent, {constituent}, about {subject}.",
    "My constituent, {constituent} of {place}, has contacted me about {subject}.",
    "I have been contacted by my constituent {constituent}, who is concerned about {subject}.",
)


_UNCITED_OPENINGS = (
    "Thank you for your recent letter on behalf of your constituent, {constituent}, about "
    "{subject}.",
    "Thank you for writing on behalf of {constituent} about {subject}.",
    "I am writing in response to your letter on behalf of your constituent {constituent}, "
    "regarding {subject}.",
    "You wrote to me on behalf of {constituent} of {place} about {subject}.",
    "Thank you for contacting me about the case of your constituent, {constituent}.",
    "Thank you for your recent correspondence about {constituent} and {subject}.",
)


_HOLDING_NOTICES = (
    "I will write again as soon as I am able to give you a full reply.",
    "Officials are looking into the points you raise, and I will reply in full shortly.",
    "I am sorry that I cannot yet reply in full; I will write to you again once enquiries "
    "are complete.",
    "You will receive a full reply as soon as possible.",
)


_FULL_OPENINGS = (
    "Further to my letter of {holding}, I can now reply in full to your letter of {cited} "
    "about {subject}.",
    "I wrote to you on {holding} to say that I would reply in full about {subject}; I am "
    "now able to do so.",
    "Following my interim reply of {holding}, I am writing about {subject}.",
    "I promised in my letter of {holding} to write again about {subject}.",
    "Further to my earlier letter about {subject}, I am now in a position to reply.",
)


class HardCases:
    """Writes the cases pairing finds hard, drawn from their own stream."""

    def __init__(self, kit: Kit, letters: Letters, correspondence: Correspondence) -> None:
        self.draws, self.world, self.prose, self.files = kit.draws, kit.world, kit.prose, kit.files
        self.letters = letters
        self.correspondence = correspondence

    def write_one(self) -> None:
        """One hard case, drawn: each starts with an MP's letter to a body, then goes its way."""
        cases: tuple[tuple[Callable[[Thread, Body, Sent], None], Sequence[str]], ...] = (
            (self.transfer, ()),
            (self.several_letters, ()),
            (self.uncited_reply, _CONSTITUENT_OPENINGS),
            (self.holding_then_full, ()),
        )
        case, openings = cases[int(self.draws.rnd() * len(cases))]
        opening = self.draws.pick(openings) if openings else None
        start = self.correspondence.casework_start()
        if start is None:
            return
        mp, day, body = start
        thread = self.correspondence.new_thread(mp, body, day)
        letter = self.letters.mp_letter(thread, body, day, opening=opening)
        if letter is not None:
            case(thread, body, letter)

    def transfer(self, thread: Thread, first: Body, letter: Sent) -> None:
        """The MP writes to one department and another replies, perhaps after a notice."""
        other = self.world.choose_body(letter.date, exclude=first)
        if other is None:
            return
        slots, cited = (
            thread.slots,
            self.prose.cited(letter.date, self.draws.date_style(), self.draws.rnd() < 0.4),
        )
        first_name, other_name = first.name_at(letter.date)[0], other.name_at(letter.date)[0]
        to = self.files.truth[letter.index].recipient_name or first_name
        day = letter.date
        if self.draws.rnd() < 0.5:
            day = self.correspondence.gap(day, 3, 12)
            notice = self.draws.pick(_TRANSFER_NOTICES).format(other=the_body(other_name))
            opening = f"Thank you for your letter of {cited} about {slots['subject']}."
            self.letters.reply(
                thread, first, day, answering=letter, cited_date=letter.date,
                opening=opening, notice=(notice,), allow_same_day=False,
            )  # fmt: skip
        opening = self.draws.pick(_TRANSFERRED_OPENINGS).format(
            cited=cited,
            to=to,
            first=the_body(first_name),
            first_cap=capital(the_body(first_name)),
            subject=slots["subject"],
        )
        self.letters.reply(
            thread, other, self.correspondence.gap(day, 10, 50), answering=letter,
            cited_date=letter.date, opening=opening, allow_same_day=False,
        )  # fmt: skip

    def several_letters(self, thread: Thread, body: Body, letter: Sent) -> None:
        """Two or three letters from one MP to one department, answered in one reply."""
        letters = [letter]
        for _ in range(1 if self.draws.rnd() < 0.7 else 2):
            again = self.letters.mp_letter(
                thread, body, self.correspondence.gap(letters[-1].date, 3, 20),
                opening=self.draws.pick(_AGAIN_OPENINGS),
            )  # fmt: skip
            if again is None:
                break
            letters.append(again)
        if len(letters) < 2:
            return
        days = [sent.date for sent in letters]
        count = ("two", "three")[len(days) - 2]
        opening = self.draws.pick(_SEVERAL_OPENINGS).format(
            dates=date_list(days), count=count, subject=thread.slots["subject"],
            first=date_text(days[0], 0), last=date_text(days[-1], 0),
        )  # fmt: skip
        self.letters.reply(
            thread, body, self.correspondence.gap(days[-1], 10, 50), answering=letters[0],
            cited_date=days[0], opening=opening, also=letters[1:], allow_same_day=False,
        )  # fmt: skip

    def uncited_reply(self, thread: Thread, body: Body, letter: Sent) -> None:
        """A reply naming the MP's constituent, citing neither a reference nor a date."""
        opening = self.draws.pick(_UNCITED_OPENINGS).format_map(thread.slots)
        self.letters.reply(
            thread, body, self.correspondence.gap(letter.date, 14, 70), answering=letter,
            cited_date=letter.date, opening=opening, cites=False, allow_same_day=False,
        )  # fmt: skip

    def holding_then_full(self, thread: Thread, body: Body, letter: Sent) -> None:
        """A holding reply promising another, then the full reply continuing it."""
        subject = thread.slots["subject"]
        cited = self.prose.cited(letter.date, self.draws.date_style(), self.draws.rnd() < 0.4)
        holding = self.letters.reply(
            thread, body, self.correspondence.gap(letter.date, 3, 12), answering=letter,
            cited_date=letter.date,
            opening=f"Thank you for your letter of {cited} about {subject}.",
            notice=(self.draws.pick(_HOLDING_NOTICES),), allow_same_day=False,
        )  # fmt: skip
        if holding is None:
            return
        opening = self.draws.pick(_FULL_OPENINGS).format(
            holding=date_text(holding.date, 0), cited=cited, subject=subject
        )
        self.letters.reply(
            thread, body, self.correspondence.gap(holding.date, 14, 60), answering=letter,
            cited_date=letter.date, opening=opening, allow_same_day=False,
            reuse_reference=holding.references[0] if holding.references else None,
        )  # fmt: skip
