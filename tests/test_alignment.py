"""Comparing two letters: paragraphs, the reply beside the points it answers, shared words.

Two fictional exchanges (invented MPs, ministers, officials and places) in the shape of real
ones. Imogen Thistlewood writes to Defra with five numbered flooding points; the Floods
Minister answers the third before the second and ignores the fourth (insurance). Orla
Penhaligon writes to the Home Office about a constituent's visa; UK Visas and Immigration
answers the fourth point before the third and ignores the second (a biometrics
appointment). Each test builds many variations of the texts (line wrapping, line endings,
blank-line styles, numbering) and checks what must hold for all of them.
"""

from __future__ import annotations

import itertools
import random
import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.alignment import UNANSWERED_MARK, Alignment, align, paragraphs, render_columns
from archive.worddiff import Change, similarity, word_diff
from archive.words import STOP_WORDS

# --- the fictional exchanges ---------------------------------------------------------------
# Labels: "frame" (letterhead, greeting, courtesy, sign-off), "point:<name>" (a letter's
# substantive paragraph), "answer:<name>" (a reply paragraph answering that point),
# "general" (a substantive reply paragraph that answers no point).

Labelled = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Exchange:
    letter: Labelled
    reply: Labelled
    ignored: str  # the point the reply does not answer


FLOODING = Exchange(
    letter=(
        ("frame", "HOUSE OF COMMONS\nLONDON SW1A 0AA"),
        ("frame", "Imogen Thistlewood MP\nMember of Parliament for Wexcombe and Harrowby"),
        (
            "frame",
            "Rt Hon Peregrine Dallimore MP\nSecretary of State for Environment, Food and Rural"
            " Affairs\nSeacole Building\n2 Marsham Street\nLondon SW1P 4DF",
        ),
        ("frame", "Our ref: IT/FLD/0303"),
        ("frame", "3 March 2024"),
        ("frame", "Dear Peregrine,"),
        ("frame", "Flooding in Wexcombe and Harrowby"),
        (
            "point:storm",
            "I am writing on behalf of constituents whose homes, farms and businesses were"
            " flooded when Storm Ottilie crossed the Wexcombe levels in January. Many of them"
            " are still living with relatives while their houses dry out.",
        ),
        (
            "point:grant",
            "The Flood Recovery Grant. On 28 January the Department announced a Flood Recovery"
            " Grant of £500 for each flooded household, to be paid through district councils."
            " Ribbleford District Council tells me that six weeks later it has still not"
            " received the money, and 140 households in Wexcombe are waiting. When will the"
            " grant reach the Council?",
        ),
        (
            "point:resilience",
            "The Property Flood Resilience Repair Grant. Families in Harrowby Lane want to fit"
            " flood doors and non-return valves before next winter. Their applications have"
            " been refused because water entered their cellars but not their living rooms."
            " Does flooding of a cellar count as internal flooding under the scheme's guidance?",
        ),
        (
            "point:embankment",
            "The Harrowby Brook embankment. The Environment Agency's scheme to raise the"
            " embankment along the Harrowby Brook was due to start in spring 2023 and has been"
            " postponed twice. What is the new start date, and is its funding secure?",
        ),
        (
            "point:insurance",
            "Insurance. The Millbeck estate was built in 2011, so its homes are excluded from"
            " the Flood Re reinsurance scheme, and several families have been quoted premiums"
            " above £3,000 a year. Will the Government review the exclusion of homes built"
            " after 2009?",
        ),
        (
            "point:farms",
            "Farmers. Fields on the Wexcombe levels stayed under water for six weeks and winter"
            " wheat was lost on at least nine farms. Will the Farming Recovery Fund be opened"
            " to farms in the Wexcombe catchment?",
        ),
        ("frame", "I look forward to your reply."),
        ("frame", "Yours sincerely,"),
        ("frame", "Imogen Thistlewood MP\nMember of Parliament for Wexcombe and Harrowby"),
    ),
    reply=(
        (
            "frame",
            "Department for Environment, Food & Rural Affairs\nSeacole Building\n"
            "2 Marsham Street\nLondon SW1P 4DF",
        ),
        ("frame", "From the Minister for Floods\nHector Vane-Ashby MP"),
        ("frame", "Imogen Thistlewood MP\nHouse of Commons\nLondon SW1A 0AA"),
        ("frame", "Our ref: MC2024/08812\nYour ref: IT/FLD/0303"),
        ("frame", "16 April 2024"),
        ("frame", "Dear Imogen,"),
        (
            "frame",
            "Thank you for your letter of 3 March to the Secretary of State on behalf of your"
            " constituents affected by Storm Ottilie. I am replying as the Minister"
            " responsible for flooding.",
        ),
        (
            "answer:storm",
            "I was very sorry to hear of the damage the storm did to homes, farms and"
            " businesses on the Wexcombe levels, and I pay tribute to the volunteers who"
            " helped families clear up.",
        ),
        (
            "answer:grant",
            "The Flood Recovery Grant was paid to Ribbleford District Council on 8 March, and"
            " the Council has told officials that it began making payments of £500 to"
            " households the following week. If any household in Wexcombe has not yet been"
            " paid, it should contact the Council directly.",
        ),
        (
            "answer:embankment",
            "The Environment Agency now expects work on the Harrowby Brook embankment to begin"
            " in September 2024. The delay was caused by the need for a further ground survey."
            " Funding for the scheme is confirmed in the Agency's capital programme for 2024"
            " to 2026.",
        ),
        (
            "answer:resilience",
            "On the Property Flood Resilience Repair Grant, the scheme's guidance treats water"
            " entering a cellar that forms part of the home as internal flooding. I have asked"
            " officials to write to Ribbleford District Council to make this clear, and the"
            " families in Harrowby Lane may reapply for flood doors and non-return valves.",
        ),
        (
            "answer:farms",
            "The Farming Recovery Fund is open to farms in the Wexcombe catchment from 1 May."
            " Farmers who lost winter wheat can apply for up to £25,000 through the Rural"
            " Payments Agency.",
        ),
        (
            "general",
            "Since 2015 the Government has doubled its investment in protecting communities,"
            " and we will publish a new national assessment later this year.",
        ),
        ("frame", "I hope this reply is helpful."),
        ("frame", "Yours sincerely,"),
        ("frame", "Hector Vane-Ashby MP\nMinister for Floods"),
    ),
    ignored="insurance",
)

VISA = Exchange(
    letter=(
        ("frame", "HOUSE OF COMMONS\nLONDON SW1A 0AA"),
        ("frame", "Orla Penhaligon MP\nMember of Parliament for Castlebury East"),
        (
            "frame",
            "Minister of State for Migration\nHome Office\n2 Marsham Street\nLondon SW1P 4DF",
        ),
        ("frame", "Our ref: OP/IMM/1187"),
        ("frame", "14 February 2024"),
        ("frame", "Dear Minister,"),
        ("frame", "Re: Mr Dariusz Okonkwo-Lind, application GWF071234567"),
        (
            "point:delay",
            "My constituent Mr Dariusz Okonkwo-Lind applied on 2 August 2023 for leave to"
            " remain as the spouse of a British citizen, under reference GWF071234567. Six"
            " months later he has had no decision, although the published service standard is"
            " eight weeks. Please can you tell me when a decision will be made?",
        ),
        (
            "point:biometrics",
            "His biometrics appointment at the Castlebury service point was cancelled twice at"
            " short notice, and the nearest alternative offered was in Leeds, 140 miles away."
            " Can the Department arrange an appointment closer to home?",
        ),
        (
            "point:fee",
            "Mr Okonkwo-Lind paid £500 for the priority service, which promises a decision"
            " within five working days. As that promise was not kept, will the fee be refunded?",
        ),
        (
            "point:work",
            "He has been told by his employer, Castlebury Joinery Ltd, that he cannot keep"
            " working while his leave is extended under section 3C. I would be grateful for"
            " confirmation of his right to work while the application is pending.",
        ),
        ("frame", "I look forward to hearing from you."),
        ("frame", "Yours sincerely,"),
        ("frame", "Orla Penhaligon MP"),
    ),
    reply=(
        (
            "frame",
            "UK Visas and Immigration\nMP Account Management\nLunar House\n40 Wellesley Road\n"
            "Croydon CR9 2BY",
        ),
        ("frame", "Orla Penhaligon MP\nHouse of Commons\nLondon SW1A 0AA"),
        ("frame", "Our ref: MPAM/2024/0098765\nYour ref: OP/IMM/1187"),
        ("frame", "11 March 2024"),
        ("frame", "Dear Ms Penhaligon,"),
        (
            "frame",
            "Thank you for your letter of 14 February to the Minister of State for Migration on"
            " behalf of your constituent Mr Dariusz Okonkwo-Lind. Your letter has been passed"
            " to UK Visas and Immigration to reply.",
        ),
        (
            "answer:delay",
            "I am sorry for the delay. Mr Okonkwo-Lind's application (GWF071234567) was"
            " decided on 4 March 2024, and he has been granted leave to remain as a spouse"
            " until 3 September 2026. His biometric residence permit will be delivered to his"
            " home address within ten working days.",
        ),
        (
            "answer:work",
            "While his application was pending his leave was extended under section 3C of the"
            " Immigration Act 1971, on the same conditions as before, so he kept the right to"
            " work throughout. His employer can confirm this through the Employer Checking"
            " Service.",
        ),
        (
            "answer:fee",
            "The priority service fee of £500 will be refunded to the card used to pay it,"
            " because the decision was not made within five working days.",
        ),
        ("frame", "I hope this is helpful."),
        ("frame", "Yours sincerely,"),
        ("frame", "Gillian Ashcombe\nHead of MP Account Management"),
    ),
    ignored="biometrics",
)

EXCHANGES = {"flooding": FLOODING, "visa": VISA}


@dataclass(frozen=True)
class Style:
    """One way of typing a letter: the same words, differently laid out."""

    width: int | None  # hard-wrap prose at this width; None: one line per paragraph
    newline: str
    gap: str  # the blank line, written with "\n" (replaced by ``newline``)
    numbered: bool  # "1. " before each point

    def build(self, labelled: Labelled) -> tuple[str, list[str]]:
        """The letter's text and the exact text of each of its paragraphs."""
        texts: list[str] = []
        number = 0
        for label, text in labelled:
            if label.startswith("point:") and self.numbered and label != "point:storm":
                number += 1
                text = f"{number}. {text}"
            if self.width and "\n" not in text:
                text = textwrap.fill(
                    text, self.width, break_long_words=False, break_on_hyphens=False
                )
            texts.append(text.replace("\n", self.newline))
        gap = self.gap.replace("\n", self.newline)
        return gap.join(texts) + self.newline, texts


STYLES = [
    Style(width, newline, gap, numbered)
    for width, newline, gap, numbered in itertools.product(
        (None, 72, 41), ("\n", "\r\n", "\r"), ("\n\n", "\n   \n\n", "\n\t\n"), (True, False)
    )
]


def variations() -> Iterator[tuple[str, Exchange, Style]]:
    for (name, exchange), style in itertools.product(EXCHANGES.items(), STYLES):
        yield name, exchange, style


def _label_index(labelled: Labelled, label: str) -> int:
    return [item[0] for item in labelled].index(label)


# --- paragraphs ------------------------------------------------------------------------------


def test_paragraphs_are_exactly_the_typed_paragraphs_in_every_style() -> None:
    for _name, exchange, style in variations():
        for labelled in (exchange.letter, exchange.reply):
            text, expected = style.build(labelled)
            found = paragraphs(text)
            assert [text[p.start : p.end] for p in found] == expected, style
            assert [p.index for p in found] == list(range(len(found)))


def test_substantive_paragraphs_are_the_points_and_answers() -> None:
    for _name, exchange, style in variations():
        for labelled in (exchange.letter, exchange.reply):
            text, _expected = style.build(labelled)
            substance = [p.substantive for p in paragraphs(text)]
            assert substance == [label != "frame" for label, _text in labelled], style


LINE_BREAKS = ("\n", "\r\n", "\r", "\x0b", "\x85", "\u2028")
HARD_BREAKS = ("\x0c", "\x1c", "\x1d", "\x1e", "\u2029")
PIECES = (
    "word",
    "Castlebury",
    "Zoe\u0301",  # a combining accent
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew, right to left
    "\u0645\u064e\u0631\u0652\u062d\u064e\u0628\u064b\u0627",  # Arabic with vowel marks
    "\u202e",  # right-to-left override
    "\x00",
    "\x1b[2J",
    "\x7f",
    "\x9b",
    "\u200b",
    ".",
    " ",
    " ",
    "\t",
    "\u00a0",
    "\u3000",
    *LINE_BREAKS,
    *LINE_BREAKS,
    *HARD_BREAKS,
)


def _line_breaks(gap: str) -> int:
    return len(re.findall("\r\n|[\n\r\x0b\x85\u2028]", gap))


def _is_paragraph_break(gap: str) -> bool:
    return _line_breaks(gap) >= 2 or any(char in HARD_BREAKS for char in gap)


def test_paragraphs_of_random_texts_keep_every_character_and_split_only_at_blank_lines() -> None:
    for seed in range(300):
        chooser = random.Random(seed)
        text = "".join(chooser.choice(PIECES) for _ in range(chooser.randrange(0, 60)))
        found = paragraphs(text)
        pieces: list[str] = []
        position = 0
        for number, paragraph in enumerate(found):
            gap = text[position : paragraph.start]
            body = text[paragraph.start : paragraph.end]
            assert gap.strip() == "", (seed, gap)
            if number:
                assert _is_paragraph_break(gap), (seed, gap)
            assert body.strip() == body and body, (seed, body)
            for run in re.findall(r"\s+", body):
                assert not _is_paragraph_break(run), (seed, body)
            pieces += [gap, body]
            position = paragraph.end
        assert text[position:].strip() == ""
        assert "".join(pieces) + text[position:] == text
        if text.strip():
            assert found, seed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\n \t \r\n\r\n\x0c  ", []),
        (
            "One line\nand its wrapped second line\r\nand a third",
            ["One line\nand its wrapped second line\r\nand a third"],
        ),
        ("First.\r\n\r\nSecond,\r\nwrapped.\r\n", ["First.", "Second,\r\nwrapped."]),
        ("Old Mac\r\rfile", ["Old Mac", "file"]),
        ("page one\x0cpage two", ["page one", "page two"]),
        ("  indented\n  \n\tafter  ", ["indented", "after"]),
        (
            "\u05e9\u05dc\u05d5\u05dd\n\n\u05e2\u05d5\u05dc\u05dd",
            ["\u05e9\u05dc\u05d5\u05dd", "\u05e2\u05d5\u05dc\u05dd"],
        ),
        ("cafe\u0301\n\n\u0301", ["cafe\u0301", "\u0301"]),
        ("bell\x07 inside\n\x1b[31m red", ["bell\x07 inside\n\x1b[31m red"]),
    ],
)
def test_paragraph_texts(text: str, expected: list[str]) -> None:
    found = paragraphs(text)
    assert [text[p.start : p.end] for p in found] == expected
    assert all(a.end < b.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("HOUSE OF COMMONS\nLONDON SW1A 0AA", "block"),
        ("Dear Ms Penhaligon,", "salutation"),
        ("Our ref: MPAM/2024/0098765\nYour ref: OP/IMM/1187", "reference"),
        ("16 April 2024", "date"),
        # The extractor's rules for a reference line and a date line decide these too.
        ("CTS Reference: M92067/11", "reference"),
        ("SO Ref: 2019/8381\nYour ref: AS/8190", "reference"),
        ("Date: 16 April 2024", "date"),
        ("Our referral of your constituent's case to the tribunal was made in May.", "body"),
        ("Yours sincerely,\nHector Vane-Ashby MP", "closing"),
        ("Thank you for your letter of 3 March about flooding in Wexcombe.", "courtesy"),
        ("I hope this reply is helpful.", "courtesy"),
        ("I would ask the Department to:", "heading"),
        ("Will the Farming Recovery Fund be opened to farms?", "body"),
        ("I would be grateful to know what the guidance says about cellars.", "body"),
    ],
)
def test_paragraph_kinds(text: str, kind: str) -> None:
    (paragraph,) = paragraphs(text)
    assert paragraph.kind == kind
    assert paragraph.substantive == (kind == "body")


def test_paragraphs_after_the_sign_off_are_the_signature() -> None:
    text = "Dear Imogen,\n\nThe grant has been paid.\n\nYours sincerely,\n\nHector Vane-Ashby MP"
    assert [p.kind for p in paragraphs(text)] == ["salutation", "body", "closing", "signature"]


# --- alignment -------------------------------------------------------------------------------


def _row_of(alignment: Alignment, side: str, index: int) -> int:
    for position, row in enumerate(alignment.rows):
        if index in (row.left if side == "left" else row.right):
            return position
    raise AssertionError(f"{side} paragraph {index} is in no row")


def _check_rows(alignment: Alignment) -> None:
    """Every paragraph in exactly one row; the letter's paragraphs in reading order."""
    lefts = [index for row in alignment.rows for index in row.left]
    rights = [index for row in alignment.rows for index in row.right]
    assert sorted(lefts) == list(range(len(alignment.left)))
    assert sorted(rights) == list(range(len(alignment.right)))
    assert lefts == sorted(lefts)
    for row in alignment.rows:
        assert row.left or row.right
        assert 0.0 <= row.score <= 1.0
        if not row.left:
            assert len(row.right) == 1
            (index,) = row.right
            if index:
                # A reply paragraph beside nothing follows the reply paragraph before it,
                # after only other such rows that come earlier in the reply.
                here = _row_of(alignment, "right", index)
                anchor = _row_of(alignment, "right", index - 1)
                assert anchor < here
                for between in alignment.rows[anchor + 1 : here]:
                    assert not between.left and between.right[0] < index


def test_each_answer_sits_beside_its_point_and_the_ignored_point_is_unanswered() -> None:
    for name, exchange, style in variations():
        left_text, _ = style.build(exchange.letter)
        right_text, _ = style.build(exchange.reply)
        alignment = align(left_text, right_text)
        _check_rows(alignment)
        point_rows = {
            label.removeprefix("point:"): _row_of(alignment, "left", index)
            for index, (label, _text) in enumerate(exchange.letter)
            if label.startswith("point:")
        }
        for index, (label, _text) in enumerate(exchange.reply):
            row = alignment.rows[_row_of(alignment, "right", index)]
            if label.startswith("answer:"):
                point = label.removeprefix("answer:")
                assert alignment.rows.index(row) == point_rows[point], (name, style, label)
                assert row.score > 0 and row.shared, (name, label)
            elif label == "general":
                assert row.left == (), (name, style)
        ignored = _label_index(exchange.letter, "point:" + exchange.ignored)
        assert alignment.unanswered == frozenset({ignored}), (name, style)
        assert alignment.rows[_row_of(alignment, "left", ignored)].right == ()


def test_out_of_order_answers_are_found() -> None:
    """The reply answers a later point before an earlier one; each still finds its point."""
    for exchange, first, second in ((FLOODING, "embankment", "resilience"), (VISA, "work", "fee")):
        assert _label_index(exchange.reply, "answer:" + first) < _label_index(
            exchange.reply, "answer:" + second
        )
        assert _label_index(exchange.letter, "point:" + first) > _label_index(
            exchange.letter, "point:" + second
        )
        left_text, _ = STYLES[0].build(exchange.letter)
        right_text, _ = STYLES[0].build(exchange.reply)
        alignment = align(left_text, right_text)
        for point in (first, second):
            row = alignment.rows[
                _row_of(alignment, "right", _label_index(exchange.reply, "answer:" + point))
            ]
            assert row.left == (_label_index(exchange.letter, "point:" + point),)


def test_a_close_call_keeps_the_letters_order() -> None:
    """Alone, the paragraph goes to the point it shares most with; after an answer to the
    second point, the nearly-as-good second point keeps the reply in the letter's order."""
    letter = (
        "Dear Minister,\n\nWhen will the Harrowby bridge reopen?\n\n"
        "When will the repairs to the Harrowby bridge begin, and what will they cost?\n\n"
        "Yours sincerely,"
    )
    ambiguous = "The Harrowby bridge will then be safe to use."
    alone = align(letter, f"Dear Ms Quarrie,\n\n{ambiguous}\n\nYours sincerely,")
    assert alone.rows[_row_of(alone, "right", 1)].left == (1,)
    after = align(
        letter,
        "Dear Ms Quarrie,\n\nThe repairs will begin in June and cost £40,000.\n\n"
        f"{ambiguous}\n\nYours sincerely,",
    )
    assert after.rows[_row_of(after, "right", 1)].left == (2,)
    assert after.rows[_row_of(after, "right", 2)].left == (2,)
    assert after.unanswered == frozenset({1})


def test_a_shared_place_name_outweighs_an_ordinary_word() -> None:
    letter = (
        "Dear Minister,\n\nFamilies in the valley are waiting for the flood survey.\n\n"
        "Families in Ellerdyke are waiting for the flood survey.\n\nYours sincerely,"
    )
    reply = (
        "Dear Ms Quarrie,\n\nThe survey of the Ellerdyke valley will be finished in May, and"
        " families will be told.\n\nYours sincerely,"
    )
    alignment = align(letter, reply)
    assert alignment.rows[_row_of(alignment, "right", 1)].left == (2,)
    assert "Ellerdyke" in alignment.rows[_row_of(alignment, "right", 1)].shared


def test_headers_and_sign_offs_line_up() -> None:
    for exchange in EXCHANGES.values():
        left_text, _ = STYLES[5].build(exchange.letter)
        right_text, _ = STYLES[5].build(exchange.reply)
        alignment = align(left_text, right_text)
        for kind in ("salutation", "date", "reference", "closing"):
            (left,) = [p.index for p in alignment.left if p.kind == kind]
            (right,) = [p.index for p in alignment.right if p.kind == kind]
            assert _row_of(alignment, "left", left) == _row_of(alignment, "right", right), kind
        signature = [p.index for p in alignment.right if p.kind == "signature"]
        assert signature and alignment.rows[_row_of(alignment, "right", signature[-1])].left


def test_reasons_name_the_shared_reference_and_places() -> None:
    left_text, _ = STYLES[0].build(VISA.letter)
    right_text, _ = STYLES[0].build(VISA.reply)
    alignment = align(left_text, right_text)
    row = alignment.rows[_row_of(alignment, "right", _label_index(VISA.reply, "answer:delay"))]
    assert "GWF071234567" in row.shared
    left_text, _ = STYLES[0].build(FLOODING.letter)
    right_text, _ = STYLES[0].build(FLOODING.reply)
    alignment = align(left_text, right_text)
    row = alignment.rows[_row_of(alignment, "right", _label_index(FLOODING.reply, "answer:grant"))]
    assert any("ribbleford district council" in reason.casefold() for reason in row.shared)


@pytest.mark.parametrize(
    ("left_text", "right_text"),
    [
        ("", ""),
        ("", "Dear Imogen,\n\nThe grant has been paid."),
        ("Dear Hector,\n\nWhen will the grant be paid to Ribbleford?", ""),
        (" \r\n\r\n\t", "\x0c"),
        ("One paragraph without a blank line\nabout the Harrowby Brook embankment.", "Noted."),
    ],
)
def test_align_degenerate_texts(left_text: str, right_text: str) -> None:
    alignment = align(left_text, right_text)
    _check_rows(alignment)
    assert alignment.unanswered == frozenset(p.index for p in alignment.left if p.substantive)


def _sample_letters() -> list[str]:
    folder = Path(__file__).parent.parent / "archive" / "sample" / "letters"
    return [
        path.read_bytes().decode("utf-8", "replace")
        for path in sorted(folder.iterdir())
        if path.suffix in (".txt", ".md", ".eml")
    ]


def test_sample_archive_letters_align_and_render() -> None:
    """Real-shaped mess (e-mail headers, Markdown, cover notes) keeps every invariant."""
    letters = _sample_letters()
    assert len(letters) >= 4
    for left_text, right_text in itertools.pairwise(letters):
        alignment = align(left_text, right_text)
        _check_rows(alignment)
        for paragraph in alignment.left:
            assert left_text[paragraph.start : paragraph.end].strip()
        lines = render_columns(left_text, right_text, alignment, 100)
        assert all(len(line) <= 100 for line in lines)
        marked = sum(line.startswith(UNANSWERED_MARK) for line in lines)
        assert marked == len(alignment.unanswered)


# --- shared phrases --------------------------------------------------------------------------

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def _normalised(text: str) -> list[str]:
    return [
        unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")
        for word in WORD.findall(text)
    ]


def _brute_force_runs(left_text: str, right_text: str) -> tuple[set[tuple[int, int]], ...]:
    """Every maximal shared run of 3+ words, found the slow and obvious way."""
    left = [(m.start(), m.end(), _normalised(m.group())[0]) for m in WORD.finditer(left_text)]
    right = [(m.start(), m.end(), _normalised(m.group())[0]) for m in WORD.finditer(right_text)]
    left_spans: set[tuple[int, int]] = set()
    right_spans: set[tuple[int, int]] = set()
    for i, j in itertools.product(range(len(left)), range(len(right))):
        if i and j and left[i - 1][2] == right[j - 1][2]:
            continue
        length = 0
        while (
            i + length < len(left)
            and j + length < len(right)
            and left[i + length][2] == right[j + length][2]
        ):
            length += 1
        words = [w for _s, _e, w in left[i : i + length]]
        if length >= 3 and not all(word in STOP_WORDS for word in words):
            left_spans.add((left[i][0], left[i + length - 1][1]))
            right_spans.add((right[j][0], right[j + length - 1][1]))
    return left_spans, right_spans


def test_shared_phrases_are_every_maximal_run_and_their_spans_read_the_same() -> None:
    for name, exchange, style in list(variations())[::5]:
        left_text, _ = style.build(exchange.letter)
        right_text, _ = style.build(exchange.reply)
        alignment = align(left_text, right_text)
        expected_left, expected_right = _brute_force_runs(left_text, right_text)
        assert {s for p in alignment.phrases for s in p.left} == expected_left, name
        assert {s for p in alignment.phrases for s in p.right} == expected_right, name
        for phrase in alignment.phrases:
            for start, end in phrase.left:
                assert _normalised(left_text[start:end]) == list(phrase.words)
            for start, end in phrase.right:
                assert _normalised(right_text[start:end]) == list(phrase.words)
        right_words = " ".join(_normalised(right_text))
        for start, end in alignment.shared_left:
            assert " ".join(_normalised(left_text[start:end])) in right_words
        for spans, expected in (
            (alignment.shared_left, expected_left),
            (alignment.shared_right, expected_right),
        ):
            assert list(spans) == sorted(spans)
            assert set(spans) <= expected
            assert all(any(s <= a and b <= e for s, e in spans) for a, b in expected)
            assert not any(
                s1 <= s2 and e2 <= e1 and (s1, e1) != (s2, e2)
                for (s1, e1), (s2, e2) in itertools.product(spans, spans)
            )


def test_known_shared_phrases_are_found_and_stop_word_runs_are_not() -> None:
    left_text, _ = STYLES[0].build(FLOODING.letter)
    right_text, _ = STYLES[0].build(FLOODING.reply)
    alignment = align(left_text, right_text)
    shared = [left_text[s:e].casefold() for s, e in alignment.shared_left]
    assert any("flood recovery grant" in phrase for phrase in shared)
    assert any("property flood resilience repair grant" in phrase for phrase in shared)
    both = "Wexcombe, and that it is so. Castlebury", "Ludmere and that it is so, Harrowby"
    assert align(*both).phrases == ()


def test_shared_phrases_across_unicode_forms() -> None:
    """Decomposed accents meet composed ones; right-to-left words are words."""
    hebrew = (
        "\u05e9\u05dc\u05d5\u05dd \u05dc\u05db\u05d5\u05dc\u05dd \u05d7\u05d1\u05e8\u05d9\u05dd"
    )
    left_text = f"Mme Zoe\u0301 Ve\u0301ran met the board.\n\nThe sign read {hebrew} today."
    right_text = f"We wrote to Mme Zo\u00e9 V\u00e9ran.\n\nIt said {hebrew}!"
    alignment = align(left_text, right_text)
    texts = {left_text[s:e] for s, e in alignment.shared_left}
    assert texts == {"Mme Zoe\u0301 Ve\u0301ran", hebrew}
    assert {right_text[s:e] for s, e in alignment.shared_right} == {
        "Mme Zo\u00e9 V\u00e9ran",
        hebrew,
    }


def test_paragraph_offsets_never_change_with_control_characters() -> None:
    left_text = "Dear Hector,\n\nThe \x1b[2Jgrant\x07 at Ribbleford\x9b is late.\u202e\n\nYours,"
    right_text = "Dear Imogen,\n\nThe grant at Ribbleford is paid.\n\nYours sincerely,"
    alignment = align(left_text, right_text)
    body = alignment.left[1]
    assert (
        left_text[body.start : body.end] == "The \x1b[2Jgrant\x07 at Ribbleford\x9b is late.\u202e"
    )


# --- word differences ------------------------------------------------------------------------

CAMPAIGN = """{name} MP
House of Commons
London SW1A 0AA

Minister of State for Rural Transport
Department for Transport
Great Minster House
33 Horseferry Road
London SW1P 4DR

Dear Minister,

Rural bus services in {place}

I am writing on behalf of constituents in {place} who depend on rural bus services to reach \
work, school and hospital appointments. Since 2019 more than a third of supported bus routes \
in the county have been withdrawn.{extra}

I urge the Government to restore the Bus Service Operators Grant to its 2019 level, to \
publish the long-promised rural transport strategy, and to let councils keep unspent \
transport funding beyond the end of the financial year.

Yours sincerely,

{name} MP
Member of Parliament for {place}
"""

EXTRA = "My own constituency lost its last evening service to Ludmere Hospital in March."


def _campaign(name: str, place: str, extra: str, width: int | None, newline: str) -> str:
    text = CAMPAIGN.format(name=name, place=place, extra=f" {extra}" if extra else "")
    if width:
        text = "\n\n".join(
            textwrap.fill(block, width, break_on_hyphens=False) if len(block) > width else block
            for block in text.split("\n\n")
        )
    return text.replace("\n", newline)


def _rendered(left_text: str, right_text: str, change: Change) -> tuple[str, str, str]:
    """The change's kind and texts, with line wrapping undone."""
    left, right = left_text[slice(*change.left)], right_text[slice(*change.right)]
    return change.kind, " ".join(left.split()), " ".join(right.split())


def test_word_diff_of_a_campaign_letter_finds_exactly_the_changes() -> None:
    for width, other_width, newline in itertools.product(
        (None, 70), (None, 52, 37), ("\n", "\r\n")
    ):
        left_text = _campaign("Imogen Thistlewood", "Wexcombe and Harrowby", "", width, "\n")
        right_text = _campaign("Barnaby Quell", "Ludmere", EXTRA, other_width, newline)
        changes = word_diff(left_text, right_text)
        found = Counter(_rendered(left_text, right_text, c) for c in changes if c.kind != "equal")
        assert found == Counter(
            {
                ("replace", "Imogen Thistlewood", "Barnaby Quell"): 2,
                ("replace", "Wexcombe and Harrowby", "Ludmere"): 3,
                ("insert", "", EXTRA): 1,
            }
        ), (width, other_width, newline)
        (insert,) = [c for c in changes if c.kind == "insert"]
        assert left_text[insert.left[0] :].startswith("I urge")
        _check_changes(left_text, right_text, changes)


@pytest.mark.parametrize(
    ("left_text", "right_text", "expected"),
    [
        ("Dear Imogen,\nThanks", "Dear Barnaby,\r\nThanks", ("replace", "Imogen,", "Barnaby,")),
        ("the grant (£500) is late", "the grant is late", ("delete", "(£500)", "")),
        ("It is late.", "It is  very late.", ("insert", "", "very")),
        ("See “Wexcombe”, then", "See “Ludmere”, then", ("replace", "“Wexcombe”,", "“Ludmere”,")),
        ("Ribbleford and Wexcombe", "Ribbleford, and Wexcombe", None),
    ],
)
def test_word_diff_spans_take_in_the_punctuation_around_words(
    left_text: str, right_text: str, expected: tuple[str, str, str] | None
) -> None:
    changes = word_diff(left_text, right_text)
    found = [_rendered(left_text, right_text, c) for c in changes if c.kind != "equal"]
    assert found == ([expected] if expected else [])
    _check_changes(left_text, right_text, changes)


def test_rewrapped_letters_have_no_differences() -> None:
    for width, newline in itertools.product((None, 30, 64), ("\n", "\r\n", "\r")):
        left_text = _campaign("Imogen Thistlewood", "Wexcombe", "", None, "\n")
        right_text = _campaign("Imogen Thistlewood", "Wexcombe", "", width, newline)
        changes = word_diff(left_text, right_text)
        assert [change.kind for change in changes] == ["equal"]
        assert similarity(left_text, right_text) == 1.0


def _check_changes(left_text: str, right_text: str, changes: Sequence[Change]) -> None:
    """Spans in order, none overlapping; equal means equal words; no two changes adjacent."""
    for side, text in (("left", left_text), ("right", right_text)):
        spans = [getattr(change, side) for change in changes]
        assert all(s <= e for s, e in spans)
        assert all(e1 <= s2 for (_s1, e1), (s2, _e2) in itertools.pairwise(spans))
        words: list[str] = []
        for start, end in spans:
            words += _normalised(text[start:end])
        assert words == _normalised(text)
    for first, second in itertools.pairwise(changes):
        assert first.kind == "equal" or second.kind == "equal"
    for change in changes:
        left_words = _normalised(left_text[slice(*change.left)])
        right_words = _normalised(right_text[slice(*change.right)])
        assert (left_words == right_words) == (change.kind == "equal")
        assert bool(left_words) == (change.kind != "insert")
        assert bool(right_words) == (change.kind != "delete")


def test_word_diff_of_random_edits() -> None:
    base = _campaign("Imogen Thistlewood", "Wexcombe", "", None, "\n").split(" ")
    for seed in range(60):
        chooser = random.Random(seed)
        words = list(base)
        for _ in range(chooser.randrange(1, 6)):
            position = chooser.randrange(len(words))
            action = chooser.choice(("insert", "delete", "replace"))
            if action == "insert":
                words.insert(position, chooser.choice(("Harrowby", "(urgently)", "new,")))
            elif action == "delete":
                del words[position]
            else:
                words[position] = chooser.choice(("Ribbleford.", "\u201cfair\u201d", "£40m"))
        edited = " ".join(words)
        _check_changes(" ".join(base), edited, word_diff(" ".join(base), edited))


def test_similarity_tells_templates_from_unrelated_letters() -> None:
    template = similarity(
        _campaign("Imogen Thistlewood", "Wexcombe and Harrowby", "", None, "\n"),
        _campaign("Barnaby Quell", "Ludmere", EXTRA, 40, "\r\n"),
    )
    assert template > 0.85
    flood_text, _ = STYLES[0].build(FLOODING.letter)
    visa_text, _ = STYLES[0].build(VISA.letter)
    assert similarity(flood_text, visa_text) < 0.3
    assert similarity("", "") == 1.0
    assert similarity("", flood_text) == 0.0


# --- columns ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 120, 47])
def test_render_columns_fits_the_width_and_marks_the_unanswered_point(width: int) -> None:
    column = (width - 3) // 2
    for name, exchange in EXCHANGES.items():
        for style in STYLES[::7]:
            left_text, _ = style.build(exchange.letter)
            right_text, _ = style.build(exchange.reply)
            lines = render_columns(left_text, right_text, align(left_text, right_text), width)
            assert all(len(line) <= width for line in lines), (name, width)
            assert UNANSWERED_MARK.strip() in lines[0]
            marked = [line for line in lines if line.startswith(UNANSWERED_MARK)]
            assert len(marked) == 1, name
            (_label, ignored) = exchange.letter[
                _label_index(exchange.letter, "point:" + exchange.ignored)
            ]
            first_word = ignored.split()[0]
            assert marked[0][len(UNANSWERED_MARK) :].lstrip("0123456789. ").startswith(first_word)
            assert marked[0].rstrip().endswith("\u2502")  # nothing beside it
            for line in lines:
                assert "\u253c" in line or line[column : column + 2] == " \u2502", line


def test_render_columns_shows_control_characters_as_symbols() -> None:
    left_text = (
        "Dear Hector,\n\nThe \x1b[2Jgrant\x07 for Ribbleford\x9b is\x00 late.\u202e\r\n"
        "Tabs\tstay spaces.\n\nYours sincerely,"
    )
    right_text = "Dear Imogen,\r\n\r\nThe grant for Ribbleford\x7f is paid.\r\n\r\nYours,"
    for width in (80, 120, 40):
        lines = render_columns(left_text, right_text, align(left_text, right_text), width)
        joined = "\n".join(lines)
        assert not [c for c in joined if unicodedata.category(c) == "Cc" and c != "\n"]
        assert "\u202e" not in joined
        assert "\u241b[2Jgrant\u2407" in joined.replace("\n", "").replace(" ", "")
        assert "\u2421" in joined
        assert all(len(line) <= width for line in lines)


def test_render_columns_rejects_a_width_with_no_room() -> None:
    with pytest.raises(ValueError, match="width"):
        render_columns("a", "b", align("a", "b"), 10)
