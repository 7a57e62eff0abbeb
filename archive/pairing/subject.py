"""Which of an MP's letters a reply's citing sentence speaks of: a tie-break by subject.

It decides where the MP wrote several letters about the date the reply cites.

A reply names what the letter was about in the sentence that cites it ("Thank you for your
letter of 14 October about the River Ashan flood alleviation scheme"), and the letter says
the same near its start ("I am writing about the River Ashan flood alleviation scheme").
An MP who writes to a department every few days has several letters near any date, so the
date alone links nothing there (``signals._crowding``); the letter whose opening holds most
of the reply's subject, and clearly more than any other, is the one answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from archive.extract.mentions import _REPLY_TO
from archive.words import STOP_WORDS, TOPIC_STOP_WORDS, plain_words

#: Where a reply cites the letter it answers.
_REPLY_OPENING_CHARS = 3_000
#: How far the citing sentence may run.
_SENTENCE_CHARS = 300
#: A letter says what it is about near its start (after its letterhead and addresses).
_LETTER_OPENING_CHARS = 2_000
#: Rivals compared at most: the letters of about the cited date.
MAX_RIVALS = 12

_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)|\n\s*\n")
#: Words of the citing sentence that say nothing of the subject.
_NOT_SUBJECT = (
    STOP_WORDS
    | TOPIC_STOP_WORDS
    | frozenset(
        """
    your recent earlier previous dated sent email emails mail mails message messages
    correspondence enquiry enquiries response responding replying asking asked behalf
    concerning regarding relation received many kind kindly since with will
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
    )
)


def subject_words(text: str, ignored: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words of the sentence in which a reply cites the letter it answers ("your letter
    of 3 May about the closure of Tillbury library" -> closure, tillbury, library)."""
    opening = text[:_REPLY_OPENING_CHARS]
    cited = _REPLY_TO.search(opening)
    if cited is None:
        return frozenset()
    end = _SENTENCE_END.search(opening, cited.end(), cited.end() + _SENTENCE_CHARS)
    sentence = opening[cited.end() : end.start() if end else cited.end() + _SENTENCE_CHARS]
    # The subject runs to the first comma after it ("about X, which has been passed to ..."),
    # past one straight after the date ("your letter of 3 May, about X").
    clauses = sentence.split(",")
    words = plain_words(clauses[0], 4)
    if len(words) < 3 and len(clauses) > 1:
        words += plain_words(clauses[1], 4)
    return frozenset(words) - _NOT_SUBJECT - ignored


def opening_of(text: str) -> str:
    """A letter's opening as subject words are looked for in it: its words, space-separated
    with a space at each end."""
    return f" {' '.join(plain_words(text[:_LETTER_OPENING_CHARS], 4))} "


def echoed(subject: frozenset[str], openings: Sequence[str | None]) -> tuple[int, list[str]] | None:
    """The one opening that holds at least half the subject (two words or more) and more than
    twice what any other holds, and the words it holds; None when none or several do.

    Words every rival holds (the constituency, say) tell none apart and are left out.
    """
    held = [
        {word for word in subject if f" {word} " in opening} if opening else set()
        for opening in openings
    ]
    if len(held) > 1:
        everywhere = set.intersection(*held)
        held = [words - everywhere for words in held]
        subject = subject - everywhere
    if len(subject) < 2:
        return None
    counts = [len(words) for words in held]
    best = max(range(len(counts)), key=counts.__getitem__)
    need = max(2, (len(subject) + 1) // 2)
    if counts[best] < need:
        return None
    if any(n * 2 > counts[best] for i, n in enumerate(counts) if i != best):
        return None
    return best, sorted(held[best])


def told_by_subject(
    reply_id: str,
    ignored: frozenset[str],
    letter_ids: Sequence[str],
    openings: Callable[[str], str | None],
    text_of: Callable[[str], str],
) -> tuple[int, list[str]] | None:
    """Which of the letters the reply's citing sentence speaks of (``echoed``), and the
    words that say so; None when its text, or the subject, does not tell."""
    try:
        reply_text = text_of(reply_id)
    except Exception:  # a damaged or missing text only loses this tie-break
        return None
    subject = subject_words(reply_text, ignored) if reply_text else frozenset()
    if len(subject) < 2:
        return None
    return echoed(subject, [openings(letter_id) for letter_id in letter_ids])


def opening_cache(text_of: Callable[[str], str]) -> Callable[[str], str | None]:
    """Each letter's opening, read once: several replies may compare the same letters."""

    @lru_cache(maxsize=4096)
    def opening(letter_id: str) -> str | None:
        try:
            return opening_of(text_of(letter_id))
        except Exception:  # a damaged or missing text only loses this tie-break
            return None

    return opening
