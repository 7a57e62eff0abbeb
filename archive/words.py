"""What a word is, for everything but the index's own analysis (``index.analysis``).

Two kinds of word, and the words that say nothing:

- ``words_of``: spans of the text as given (accents and their combining marks kept whole),
  case-folded for comparing and lightly stemmed (``stem``); what ``archive.alignment``
  (which reply paragraph answers which point) and ``archive.worddiff`` (two letters of
  one template, word by word) read.
- ``plain_words``: runs of plain letters, lower-cased, no spans: the cheap keys that
  pairing (a subject's and a reply's topic words) and the organisations registry (the
  words a spelling needs) compare.
- ``key_words``: the words of a name as the gazetteers key it (a constituency, a
  department, a portfolio): letters and digits, lower case, accents off, "&" read as "and".
- ``STOP_WORDS`` and ``LETTER_WORDS`` say nothing about which point a paragraph makes;
  ``TOPIC_STOP_WORDS`` nothing about which case a letter is about.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

__all__ = [
    "LETTER_WORDS",
    "STOP_WORDS",
    "TOPIC_STOP_WORDS",
    "Word",
    "key_words",
    "normalise",
    "plain_words",
    "without_accents",
    "stem",
    "word_pattern",
    "words_of",
]


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text: where it is, and its form for comparing."""

    start: int
    end: int
    norm: str  # NFKC, case-folded, typographic apostrophe made plain


@cache
def word_pattern() -> re.Pattern[str]:
    """A word: word characters with their combining marks, apostrophes inside.

    ``\\w`` alone leaves combining accents (and Indic vowel signs) out of the word, so a
    span would cut "cafe\\u0301" short of its accent. Built on first use, not on import.
    """
    marks: list[str] = []
    code = 0
    while code < 0x10000:
        if unicodedata.category(chr(code)).startswith("M"):
            first = code
            while code + 1 < 0x10000 and unicodedata.category(chr(code + 1)).startswith("M"):
                code += 1
            marks.append(f"{re.escape(chr(first))}-{re.escape(chr(code))}")
        code += 1
    extra = "".join(marks) + "\u200c\u200d\U000e0100-\U000e01ef"
    return re.compile(rf"\w(?:[\w{extra}]|['\u2019](?=\w))*")


def words_of(text: str) -> list[Word]:
    """The words of ``text`` in order, each with its span."""
    return [
        Word(match.start(), match.end(), normalise(match.group()))
        for match in word_pattern().finditer(text)
    ]


@cache
def _plain_word(shortest: int) -> re.Pattern[str]:
    return re.compile(rf"[a-z]{{{shortest},}}")


def plain_words(text: str, shortest: int = 1) -> list[str]:
    """The runs of ``shortest`` or more plain letters (a-z) in ``text``, lower-cased, in order."""
    return _plain_word(shortest).findall(text.lower())


_KEY_WORD = re.compile(r"[a-z0-9]+")


def key_words(name: str) -> list[str]:
    """The words of a name as keys compare them: "Ynys Môn" -> ynys, mon; "A&E" -> a, and, e."""
    return _KEY_WORD.findall(without_accents(name.lower().replace("&", " and ")))


def without_accents(text: str) -> str:
    """``text`` decomposed (NFKD) with its combining marks dropped: "Ynys Môn" -> "Ynys Mon"."""
    if text.isascii():
        # ASCII has nothing to decompose and no marks: most names are, and looking at each
        # of their characters cost more than the rest of reducing them.
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def normalise(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")


STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing don't down during
    each either few for from further had has have having he her here hers herself him
    himself his how i i'm i've if in into is it it's its itself just let me more most much
    must my myself neither no nor not now of off on once only or other our ours ourselves
    out over own per same shall she should so some such than that that's the their theirs
    them themselves then there these they this those through to too under until up upon
    us very via was we we're we've were what when where whether which while who whom whose
    why will with within without would yet you your yours yourself yourselves
    """.split()
)

#: Words every letter to or from a department uses; they say nothing about which point.
LETTER_WORDS = frozenset(
    """
    dear sincerely faithfully regards thank thanks grateful letter letters write writing
    wrote written email reply replied replying respond response hon rt mp mps minister
    secretary state department office please raise raised matter behalf constituent
    constituents constituency may might like know hope trust ask asked note noted ensure
    one two also many make made take given give like able aware further thing government
    mr mrs ms miss dr sir dame lord lady
    """.split()
)


#: Words of four or more letters in a subject that say nothing about which case it is.
TOPIC_STOP_WORDS = frozenset(
    """
    about after again also because been before being between could their there these those
    which while would should other under where letter letters writing wrote write reply
    constituent constituents concerns concern matter matters department minister secretary
    state office thank thanks further regarding following issue issues house commons
    """.split()
)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light stem: plurals and -ing/-ed endings off, so "floods" meets "flooding"."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ed") and len(word) > 4:
        word = _undouble(word[:-2])
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word
