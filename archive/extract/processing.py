"""The processing view of a letter's text, and unflattening: what the extractors read.

The view is the same length as the text, so every offset found in it is an offset into the
text as stored.

It only blanks out what would confuse the extractors (Markdown emphasis and heading marks,
table pipes, which become line breaks, carriage returns, control characters and wide gaps
between layout columns of PDF text), and breaks the lines of PDF text whose layout was
flattened at the cue phrases that start or end a block.
"""

from __future__ import annotations

import re

from archive.extract.copies import COPY_RUN_IN
from archive.extract.scan import ascii_lower, matches_at

#: Longer texts are analysed in their first part only (letters are short; bundles are not).
ANALYSED_CHARS = 400_000

_MARKDOWN_EMPHASIS = re.compile(r"\*{1,3}|(?<![\w@])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w@])|`+")
_LINE_MARKS = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-+•][ \t]+)")
_TABLE_RULE = re.compile(r"(?m)^[ \t|:+\-=_]{3,}$")
_COLUMN_GAP = re.compile(r"(?<=\S)[ \t]{4,}(?=\S)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00a0\u200b\u2028\u2029\ufeff]")


def processing_view(text: str) -> str:
    """Same length as ``text``; markup and layout noise blanked, table cells on own lines."""
    view = text[:ANALYSED_CHARS]
    if "\r" in view:
        view = view.replace("\r\n", " \n").replace("\r", "\n")
    view = _CONTROL.sub(lambda m: "\n" if m.group() in "\x0c\u2028\u2029" else " ", view)
    if "|" in view:
        view = _TABLE_RULE.sub(_blank, view).replace("|", "\n")
    view = blank_line_marks(view)
    if "*" in view or "_" in view or "`" in view:
        view = _MARKDOWN_EMPHASIS.sub(_blank, view)
    if "    " in view or "\t" in view:
        view = _COLUMN_GAP.sub(lambda m: "\n" + " " * (len(m.group()) - 1), view)
    return unflatten(view)


# Cue phrases that start or end a block even inside a line, for PDF text whose layout was
# flattened ("... London SW1A 0AA Dear William, Thank you for ..."). Each match's ``cut``
# group is one blank that becomes a line break, so every offset stays where it was. Each cue
# is tried only near the words it needs, so a letter laid out well costs little.
_DATED_HEADING = re.compile(
    r"(?im)^[ \t]*(?:(?:appendix|annex)\s+\w+\s+)?(?:letter|reply|response|memorandum)\b"
    r"[^\n]{0,400}?\bdated[^\n]{0,40}?(?:19|20)\d\d\s*[:.](?P<cut>[ \t])(?=[ \t]*\S)"
)
# A heading that names the letter after other text on its line (a table, a column).
_HEADING_MIDLINE = re.compile(
    r"(?<=[\w.;:)])(?P<cut>[ \t])(?=(?:Letter|Reply|Response)\s+(?:from|to)\s+[^\n]{3,200}?,?\s+dated)"
)
# A salutation inside a line, and the text after it.
_SALUTATION_AFTER_TEXT = re.compile(
    r"(?<=[^\s])(?P<cut>[ \t])(?=[ \t]*(?:Dear|DEAR)[ \t]+[A-Z][^\n,.;:]{0,60}[,:])"
)
_TEXT_AFTER_SALUTATION = re.compile(
    r"D(?<![\w'’]D)(?:ear|EAR)[ \t]+[A-Z][^\n,.;:]{0,60}[,:](?P<cut>[ \t])(?=[ \t]*[A-Z‘'\"“])"
)
# A sign-off inside a line: "... helpful. Yours sincerely, Jane Doe MP Minister for ..."
_SIGN_OFF_WORDS = re.compile(
    r"[BKWYbkwy\u212a](?<!\w.)(?i:(?<=y)ours|(?<=k)ind|(?<=b)est|(?<=w)ith)\b"
)
_SIGN_OFF_AFTER_TEXT = re.compile(
    r"(?<=[.!?’”\"')])(?P<cut>[ \t])(?=[ \t]*(?:Yours[ \t]+(?:sincerely|faithfully|ever|truly)|"
    r"(?:With[ \t]+)?(?:Kind|Best)[ \t]+(?:regards|wishes))\b)"
)
# (Written to start with its first letters, as _SIGN_OFF_WORDS is, so the regex engine skips
# to them: it matches what its "(?i:yours[ \t]+...|(?:with[ \t]+)?(?:kind|best)...)" form does.)
_TEXT_AFTER_SIGN_OFF = re.compile(
    r"[BKWYbkwy\u212a](?i:(?<=y)ours[ \t]+(?:sincerely|faithfully|ever|truly)|"
    r"(?:(?<=w)ith[ \t]+(?:kind|best)|(?<=k)ind|(?<=b)est)[ \t]+(?:regards|wishes))"
    r"[ \t]*[,.]?(?P<cut>[ \t])(?=[ \t]*\S)"
)
# A signature run into its role and contact lines: "Jo Doe MP Member of Parliament for X
# jo.doe@parliament.uk".
_ROLE_AFTER_MP = re.compile(
    r"P(?<=\bMP)(?P<cut>[ \t])(?=[ \t]*(?:Member\s+of\s+Parliament|Minister|Secretary|Chair|"
    r"Parliamentary|Shadow)\b)"
)
_EMAIL_AFTER_TEXT = re.compile(r"(?<=\S)(?P<cut>[ \t])(?=[\w.+\-]+@[\w\-]+\.\w)")
# An address block at the foot run into its copy line: "... SW1P 4DF c David Morris MP".
_COPY_AFTER_POSTCODE = re.compile(
    r"[A-Z](?<!\w[A-Z])[A-Z]?\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b(?P<cut>[ \t])(?=[ \t]*"
    + COPY_RUN_IN
    + ")"
)
# Letterhead and addressee run together before the salutation: break after a postcode, before
# a web address and before a reference label.
# (Two patterns: a match of the second is one blank, so together they find the cuts one
# pattern with both alternatives finds; each starts with a plain character.)
_LETTERHEAD_CUES = re.compile(
    r"[A-Z](?<!\w[A-Z])[A-Z]?[\dI][A-Z\d]?[ \t]?[\dO][A-Z]{2}\b(?P<cut>[ \t])(?=[ \t]*\S)"
)
# A person styled as an MP inside a flattened letterhead starts the addressee's block (or
# the MP's own): "... Dreybury Jocasta Dromard Member of Parliament for Hoadstead ...".
_MP_NAME_CUE = re.compile(
    r"(?<=[a-z0-9.,])(?P<cut>[ \t])(?=(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Rt\.?\s+Hon\.?)\s+)?"
    r"[A-Z][a-z]+(?:[\-'’][A-Z][a-z]+)?\s+[A-Z][a-z]+(?:[\-'’][A-Z][a-z]+)?\s+"
    r"(?:MP\b|Member\s+of\s+Parliament\b))"
)
_LINK_OR_LABEL_CUES = re.compile(
    r"(?P<cut>[ \t])(?<!CTS[ \t])(?<!Our[ \t])(?<!Your[ \t])(?<!Office[ \t])(?<=\S[ \t])(?=(?:www\.|https?://|(?:(?:CTS|Our|Your|Home\s+Office)\s+)?"
    r"Ref(?:erence)?\s*(?:No\.?\s*)?:))"
    # A web address ends the letterhead: what follows it is the addressee.
    r"|(?:www\.|https?://)\S+(?P<after>[ \t])(?=[ \t]*[A-Z])"
)
#: Flattened letters put the salutation and sign-off within these many characters.
_CUE_WINDOW = 8000


def unflatten(view: str) -> str:
    """Break lines at cue phrases found inside a line; same length, same offsets."""
    if len(view) < 40:
        return view
    cuts: list[int] = []
    head_end = min(len(view), _CUE_WINDOW)
    tail_start = max(0, len(view) - _CUE_WINDOW)
    head = view[:head_end]
    if "dated" in head:
        cuts += [m.start("cut") for m in _DATED_HEADING.finditer(view, 0, head_end)]
        named = "Letter" in head or "Reply" in head or "Response" in head
        first = _HEADING_MIDLINE.search(view, 0, head_end) if named else None
        if first is not None:
            cuts.append(first.start("cut"))
    salutation: re.Match[str] | None = None
    for word in ("Dear", "DEAR"):
        at = head.find(word)
        while at != -1 and salutation is None:
            salutation = _SALUTATION_AFTER_TEXT.search(view, max(0, at - 40), at + 80)
            at = head.find(word, at + 1)
    if salutation is not None:
        cuts.append(salutation.start("cut"))
        if salutation.start() > 60:
            cuts += [m.start("cut") for m in _LETTERHEAD_CUES.finditer(view, 0, salutation.start())]
            if "MP" in head or "Member of Parliament" in head:
                cuts += [m.start("cut") for m in _MP_NAME_CUE.finditer(view, 0, salutation.start())]
            if "www." in view or "http" in view or "Ref" in view:
                cuts += [
                    m.start("cut" if m.group("cut") is not None else "after")
                    for m in _LINK_OR_LABEL_CUES.finditer(view, 0, salutation.start())
                ]
    if "Dear" in head or "DEAR" in head:
        after = _TEXT_AFTER_SALUTATION.search(view, 0, head_end)
        if after is not None:
            cuts.append(after.start("cut"))
    for word_start, word_end in sign_off_words(view, tail_start):
        for cue in (_SIGN_OFF_AFTER_TEXT, _TEXT_AFTER_SIGN_OFF):
            found = cue.search(view, max(0, word_start - 8), word_end + 40)
            if found is not None:
                cuts.append(found.start("cut"))
    if "MP" in view[tail_start:]:
        cuts += [m.start("cut") for m in _ROLE_AFTER_MP.finditer(view, tail_start)]
    at = view.find("@", tail_start)
    while at != -1:
        found = _EMAIL_AFTER_TEXT.search(view, max(tail_start, at - 80), at + 80)
        if found is not None:
            cuts.append(found.start("cut"))
        at = view.find("@", at + 1)
    tail = view[tail_start:]
    if " c " in tail or " cc" in tail or "copy" in tail or "c." in tail:
        cuts += [m.start("cut") for m in copies_after_postcodes(view, tail_start)]
    if not cuts:
        return view
    pieces: list[str] = []
    done = 0
    for at in sorted(set(cuts)):  # each cut is one blank that becomes a line break
        pieces += (view[done:at], "\n")
        done = at + 1
    pieces.append(view[done:])
    return "".join(pieces)


#: The words ``_SIGN_OFF_WORDS`` matches, in lower case.
_SIGN_OFF_KEYS = tuple(
    re.compile(rf"{word}\b(?<!\w{word})") for word in ("yours", "kind", "best", "with")
)


def sign_off_words(view: str, start: int) -> list[tuple[int, int]]:
    """The spans of ``_SIGN_OFF_WORDS.finditer(view, start)``, found in the lower-case text
    where that finds the same words (see ``ascii_lower``), one word at a time: each pattern
    opens with its plain word, which the regex engine skips to, where ``_SIGN_OFF_WORDS``
    stops at every "b", "k", "w" and "y" ("with" is common in letters)."""
    lower = ascii_lower(view)
    if lower is None:
        return [match.span() for match in _SIGN_OFF_WORDS.finditer(view, start)]
    return sorted(match.span() for key in _SIGN_OFF_KEYS for match in key.finditer(lower, start))


#: A copy line's opening word after a blank ("... SW1P 4DF c David Morris MP", "cc: Jo Doe"),
#: as ``_COPY_AFTER_POSTCODE`` looks ahead for it: two patterns, each opening with plain text.
_COPY_WORDS = tuple(re.compile(blank + COPY_RUN_IN) for blank in (" ", "\t"))


def copies_after_postcodes(view: str, start: int) -> list[re.Match[str]]:
    """``_COPY_AFTER_POSTCODE.finditer(view, start)``, tried only before a copy line's opening
    word: its postcode ends at the blanks before the word, and is five to eight characters
    long."""
    starts: set[int] = set()
    for at in sorted(m.start() for words in _COPY_WORDS for m in words.finditer(view, start)):
        cut = at
        while cut > start and view[cut - 1] in " \t":
            cut -= 1
        starts.update(range(max(start, cut - 8), max(start, cut - 4)))
    return list(matches_at(_COPY_AFTER_POSTCODE, view, sorted(starts), start, len(view)))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


# The marks that open a line, found from each line break (which the regex engine skips to):
# a pattern starting with a multi-line "^" is tried at every position of the text.
_LINE_MARKS_AFTER_BREAK = re.compile(
    r"\n(?P<marks>[ \t]*(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-+•][ \t]+))"
)


def blank_line_marks(view: str) -> str:
    """``_LINE_MARKS.sub(_blank, view)``: Markdown heading, quote and list marks blanked."""
    view = _LINE_MARKS_AFTER_BREAK.sub(lambda m: "\n" + " " * len(m.group("marks")), view)
    first = _LINE_MARKS.match(view)
    return view if first is None else " " * first.end() + view[first.end() :]
