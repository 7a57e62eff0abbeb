"""Patterns written to start with a set of first letters (for speed) match what their plain
``\\b(?:word|...)`` forms match: the plain forms are kept here as the specification."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from archive.extract import headings, layout, mentions, offices, parties, processing, scan, sides
from archive.extract.dates import find_dates

REAL = Path(__file__).parent / "real" / "letters"

_RUN = (
    r"[A-Z][\w'’\-]*(?:(?:[ \t]+(?:and|upon|on|under|in|le|by|the|with)[ \t]+|[ \t]+|-)"
    r"[A-Z][\w'’\-]*){0,6}"
)
PLAIN = {
    "reply_to": re.compile(
        r"\b(?:your|(?:thank\s+you\s+for|thanks\s+for|in\s+(?:reply|response)\s+to|with\s+reference\s+to|"
        r"further\s+to|following|regarding|about|refer(?:ring)?\s+to)\s+the)\s+(?:(?:recent|further|earlier|previous|last|original|kind|helpful|joint|"
        r"detailed|latest|second|first|follow-up|follow\s+up)\s+)?"
        r"(?:letters?|e-?mails?|correspondence|note|enquiry|enquiries|message|representations?|"
        r"submission|request|communication|memo(?:randum)?|letter\s+and\s+e-?mail|reply|response|"
        r"answer|questions?)"
        r"(?:\s+(?!of\b|dated\b|on\b)[\w'’\-]+,?){0,9}?,?\s+(?:of|dated|sent\s+on|received\s+on|"
        r"written\s+on|on)\s+(?:the\s+)?(?=\d|[A-Z][a-z]+day|[A-Z][a-z]+\s+\d)"
        r"|\bwriting\s+(?:to\s+(?:me|us|the\s+[\w\s]{1,40}?)\s+)?(?:again\s+)?(?:on|of|dated)\s+(?:the\s+)?(?=\d)"
        r"|\byour\s+(?:(?:recent|kind|helpful|earlier|last)\s+)?(?=(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
        r"|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?,?\s+"
        r"(?:letters?|e-?mails?|note|enquiry|correspondence|request)\b)",
        re.IGNORECASE,
    ),
    "cc_sentence": re.compile(
        r"(?:\b(?:I|we)(?:\s+have|\s+am|\s+are|'re|’re|\s+will|\s+shall|\s+will\s+be|\s+shall\s+be|'m|’m|'ve|’ve|'ll|’ll)?"
        r"(?:\s*,\s*[^\s,.;:]+(?:\s+[^\s,.;:]+){0,5}\s*,)?(?:\s+also)?\s+(?:copied|copying|copy|sending|send|sent|forwarded|forwarding)"
        r"(?:\s+a\s+copy(?:\s+of)?)?(?:\s+(?:this|my|the)\s+(?:letter|reply|response|e-?mail|note))?"
        r"(?:\s+(?:also|too))?(?:\s*,\s*[^\s,.;:]+(?:\s+[^\s,.;:]+){0,5}\s*,)?\s+(?:in\s+)?to\s+"
        r"|\b(?:a\s+)?cop(?:y|ies)\s+of\s+(?:this|my)\s+(?:letter|reply|response|e-?mail)\s+"
        r"(?:(?:has|have|is|are|will)\s+(?:also\s+)?(?:been\s+|be\s+)?)?(?:going|goes|gone|go|sent|being\s+sent)\s+to\s+)"
        r"(?=(?P<list>[^\n]*(?:\n(?!\s*\n)[^\n]*){0,3}))",
        re.IGNORECASE,
    ),
    "constituency": re.compile(
        rf"\b(?:Member\s+of\s+Parliament|M\.?P\.?)\s+for\s+(?:the\s+)?(?P<place>{_RUN})"
        rf"|\b(?:your|my|the|his|her)\s+constituency\s+of\s+(?P<place2>{_RUN})"
        rf"|\b(?:your|my)\s+(?P<place3>{_RUN})\s+constituency\b"
    ),
    "recipient_mp_cues": re.compile(
        r"\byour\s+(?:recent\s+|written\s+|oral\s+|parliamentary\s+)*(?:parliamentary\s+)?"
        r"(?-i:Questions?)\b|\bparliamentary\s+questions?\b|"
        r"\bthe\s+above\s+(?:parliamentary\s+)?question\b|\bhon(?:ourable|\.)\s+member\s+for\b|"
        r"\byour\s+constituen(?:t|ts|cy)\b|\bon\s+behalf\s+of\s+(?:your|a)\s+constituent|"
        r"\byou\s+(?:in\s+your\s+(?:role|capacity)\s+)?as\s+(?:the\s+|its\s+)?(?:member\s+of\s+parliament|mp)\b",
        re.IGNORECASE,
    ),
    "my_constituents": re.compile(r"\bmy\s+(?:own\s+|local\s+)?constituents?\b", re.IGNORECASE),
    "writer_individual": re.compile(
        r"(?i)\b(?:as\s+(?:a|your)\s+constituent|i\s+am\s+(?:a|one\s+of\s+your)\s+constituents?|"
        r"our\s+mp\b|my\s+mp\b|parliamentary\s+candidate)"
    ),
    "my_constituent": re.compile(
        r"\b(?:my|our)\s+(?:own\s+|local\s+|current\s+)?constituen(?:t|ts|cy)\b", re.IGNORECASE
    ),
    "individual_voice": re.compile(
        r"(?i)\b(?:my\s+representative|my\s+(?:local\s+)?mp|our\s+mp|your\s+party|i\s+voted|"
        r"vote[sd]?\s+for\s+you|as\s+(?:a|your)\s+constituent|i\s+am\s+(?:a|one\s+of\s+your)\s+"
        r"constituents?|i\s+live\s+in|my\s+(?:family|son|daughter|husband|wife|partner|mother|"
        r"father|children|home|neighbours)|as\s+a\s+(?:parent|resident|voter|taxpayer|pensioner)|"
        r"yours\s+hopefully)\b"
    ),
    "institutional_voice": re.compile(
        r"(?i)\b(?:your\s+constituents?|parliamentary\s+question|my\s+officials|officials|"
        r"our\s+ref|the\s+(?:department|agency|authority|board|commission|service|ministry|trust|"
        r"council)(?:['’]s)?\b|our\s+(?:guidance|policy|staff|records|customers|teams?|"
        r"investigation))"
    ),
    "my_inbox": re.compile(r"(?i)\bmy\s+(?:parliamentary\s+)?(?:inbox|constituency\s+office)\b"),
    "self_described": re.compile(
        r"\b(?:As|as)\s+(?:the\s+)?"
        r"(?:[A-Z][\w\-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w\-]*){0,4}\s+and\s+)?"
        r"(?P<role>(?i:(?:(?:acting|interim|deputy)\s+)?(?:chief\s+executive|director(?:\s+general)?|"
        r"chair(?:man|woman)?|head|permanent\s+secretary|chief\s+inspector|commissioner|"
        r"(?:national\s+)?statistician|(?:comptroller\s+and\s+)?auditor\s+general|registrar\s+general|"
        r"chief\s+constable|ombudsman|(?:chief\s+)?regulator|chief\s+(?:medical|nursing)\s+officer|"
        r"leader)\b)"
        r"(?:\s+of\s+(?:the\s+)?(?P<org>[A-Z][\w&'’\-]*(?:\s+(?:and|of|for|&)?\s*[A-Z][\w&'’\-]*)"
        r"{0,6}))?"
        r"|Minister\s+(?:of\s+State(?:\s+for\s+[A-Z][\w&'’\-]*(?:\s+(?:and\s+)?[A-Z][\w&'’\-]*){0,4})?|"
        r"for\s+[A-Z][\w&'’\-]*(?:\s+(?:and\s+)?[A-Z][\w&'’\-]*){0,5}))"
    ),
    "self_described_after_body": re.compile(
        r"\b(?:As|as)\s+(?:the\s+)?(?P<org>[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){0,5})['’]s\s+"
        r"(?P<role>(?i:(?:(?:acting|interim|deputy)\s+)?(?:chief\s+executive|director(?:\s+general)?|"
        r"chair(?:man|woman)?|head|permanent\s+secretary|chief\s+inspector|commissioner|"
        r"(?:national\s+)?statistician|(?:comptroller\s+and\s+)?auditor\s+general|registrar\s+general|"
        r"chief\s+constable|ombudsman|(?:chief\s+)?regulator|chief\s+(?:medical|nursing)\s+officer|"
        r"leader)\b))\b"
    ),
    "asked_to_reply": re.compile(
        r"\b(?:has\s+asked\s+me\s+to|been\s+asked\s+(?:by\s+[^.;\n]{3,120}?\s+)?to)\s+"
        r"(?:reply|write|respond|answer)\b",
        re.IGNORECASE,
    ),
    "text_after_sign_off": re.compile(
        r"(?i:yours[ \t]+(?:sincerely|faithfully|ever|truly)|(?:with[ \t]+)?(?:kind|best)[ \t]+"
        r"(?:regards|wishes))[ \t]*[,.]?(?P<cut>[ \t])(?=[ \t]*\S)"
    ),
}
FAST = {
    "reply_to": mentions._REPLY_TO,
    "cc_sentence": mentions._CC_SENTENCE,
    "constituency": mentions._CONSTITUENCY,
    "recipient_mp_cues": sides._RECIPIENT_MP_CUES,
    "writer_individual": sides._WRITER_INDIVIDUAL,
    "my_constituent": sides.MY_CONSTITUENT,
    "my_constituents": sides._MY_CONSTITUENTS,
    "individual_voice": sides._INDIVIDUAL_VOICE,
    "institutional_voice": sides._INSTITUTIONAL_VOICE,
    "my_inbox": sides._MY_INBOX,
    "self_described": offices._SELF_DESCRIBED,
    "self_described_after_body": offices._SELF_DESCRIBED_AFTER_BODY,
    "asked_to_reply": parties._ASKED_TO_REPLY,
    "text_after_sign_off": processing._TEXT_AFTER_SIGN_OFF,
}

# Fictional sentences near each pattern's edges: case, word boundaries, the dotted and
# dotless i that re.IGNORECASE matches to "i", a match at the very start of the text.
HARD_CASES = [
    "Measures such as the headline rate. As National Statistician, I reply. AS CHIEF CONSTABLE I",
    "Your letter of 3 May about Kelby. THANK YOU FOR THE LETTER DATED 4 June 2019.",
    "In reply to the email of the 5th, further to the note on Monday 2 March",
    "Xyour letter of 3 May; ayour letter of 3 May; _your letter of 3 May",
    "İn reply to the letter of 3 May; ın response to the enquiry on 4 May",
    "I am writing to the Minister for Roads again on 12 July. Writing on 3 May.",
    "I refer to the letter and enclosures of 7 October; REFERRING TO THE NOTE OF 3 May;"
    " xrefer to the letter of 3 May",
    "Thank you for your 24 April letter; YOUR RECENT 3/5/2017 E-MAIL; your May 3rd, 2019 note;"
    " xyour 4 May letter; your 2 page letter",
    "I have copied this letter to Rt Hon Ada Brell MP and to the Chief Executive.\nOf Kelby.",
    "I am, as a matter of courtesy, sending a copy of this letter to Ada Brell. We have,"
    " at her request,\n forwarded the note, for information, to the Kelby Trust.",
    "WE ARE ALSO SENDING A COPY TO the council. A copy of this letter has been sent to Jo Ames.",
    "İ'll forward to Ann. ıf we copy to Tom; Copies of my reply are going to Sam Vell",
    "Member of Parliament for Ashby Marsh and Kelby. The MP for Upper Dreyton; M.P. for Hoad",
    "your constituency of Lower Stennet; his constituency of Wrayford upon Tay;"
    " my Easton Vale constituency is large. xmy Easton constituency",
    "Your written Parliamentary Question; your parliamentary questions on roads;"
    " the above question; hon. member for Kelby; on behalf of a constituent",
    "you in your role as the Member of Parliament; YOU AS MP; your constituents",
    "As a constituent, I am one of your constituents; our MP; my mp; parliamentary candidate",
    "ıam; İ AM A CONSTITUENT; Basa constituent",
    "My own constituents; OUR LOCAL CONSTITUENCY; tour constituent; my current constituency",
    "ı voted for you; İ LIVE IN Kelby; amy family; My Neighbours; yours hopefully; Our MP",
    "The Department's staff; THE TRUST; xthe agency; our policy; Officials; my officials",
    "My constituency office; MY PARLIAMENTARY INBOX; amy inbox; my inboxes",
    "As Chief Executive of the Kelby Water Board, I; xAs Head; as the Director General",
    "as Acting Chief Executive of Kelby Plus; AS THE MINISTER OF STATE; as the Minister of State"
    " for Harbours and Docks; xas Interim Head; as the chief executive of the Kelby Agency;"
    " as Kelby's Chief Executive; as the Agency’s DIRECTOR; as Chief of Harbours and Director of"
    " the Kelby Office; bas Kelby's Head",
    "The Secretary of State HAS ASKED ME TO REPLY; thas asked me to write; has asked me to answer",
    "I HAVE BEEN ASKED BY the Minister TO REPLY; xbeen asked to reply; been asked to write",
    "Thanks. WITH KIND REGARDS Al; ayours sincerely, Jo; \u212aind regards, Bo;"
    " with  best wishes Cy",
]


def _texts() -> list[str]:
    return HARD_CASES + [path.read_text("utf-8") for path in sorted(REAL.glob("*.txt"))]


def _matches(
    pattern: re.Pattern[str], text: str
) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(match.span(), match.groupdict()) for match in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_first_letter_form_matches_what_the_plain_form_matches(name: str) -> None:
    texts = _texts()
    assert len(texts) > len(HARD_CASES)  # the development letters were read
    matched = 0
    for text in texts:
        expected = _matches(PLAIN[name], text)
        assert _matches(FAST[name], text) == expected, text[:80]
        matched += len(expected)
    assert matched > 0  # the cases exercise the pattern


def test_first_letter_form_rejects_a_match_inside_a_word() -> None:
    assert mentions._REPLY_TO.search("ayour letter of 3 May") is None
    assert mentions._REPLY_TO.search("İn reply to the letter of 3 May") is not None


def test_found_dates_are_a_fresh_list_each_call() -> None:
    text = "Dated 4 June 2019, about your letter of 3 May 2019."
    first = find_dates(text)
    assert [d.date.isoformat() for d in first if d.date] == ["2019-06-04", "2019-05-03"]
    first.clear()  # a caller changing its list does not change the next answer
    assert len(find_dates(text)) == 2
    assert find_dates(text, 0, 18) == find_dates(text)[:1]


@pytest.mark.parametrize(
    ("index", "plain"),
    [
        (2, re.compile(r"[A-Z][\w'’\-]*\s+constituen")),
        (
            5,
            re.compile(
                r"[A-Z][\w'’\-]*\s+(?:area|region|district|community|constituency|borough)\b"
            ),
        ),
    ],
)
def test_places_needs_found_from_their_words_answer_as_the_plain_pattern(
    index: int, plain: re.Pattern[str]
) -> None:
    from archive.extract.places import _STRONG_NEEDS

    needs = _STRONG_NEEDS[index][1]
    assert needs is not None
    cases = [
        *HARD_CASES,
        "the Kelby constituency",
        "the kelby constituency",
        "xKelby-on-Sea's\n\tconstituents",
        "Kelby constituency",
        "KelbyArea area",
        "the Kelby areas",
        "the Kelby area.",
        "the Kelby area",
        "the Kelby  \n borough council",
        "Kelby_ré région",
        "in the Kelbyconstituency",
        "constituency",
        " area",
    ]
    answers = set()
    for text in cases + _texts():
        expected = plain.search(text) is not None
        assert needs(text) is expected, text[:80]
        answers.add(expected)
    assert answers == {True, False}


def test_dates_found_near_numbers_are_what_each_pattern_finds_in_the_whole_text() -> None:
    from archive.extract import dates

    long_gaps = (
        "Kelby Water Board. Wednesday,"
        + " " * 300
        + "\n\n5th March 2021; ſunday the 4 May 2019, x3 June 2020, a/4/5/2020 and "
        + "Monday June\n"
        + "\n" * 400
        + "the 7th, 2021. Wednesday June"
        + " " * 40
        + "the 9th 2021. Tel 01632 960 123, 2021-06-07, ١٢ May 2020, 4 May 2020."
    )
    found = 0
    for text in [long_gaps, *((case + "\n") * 8 for case in _texts())]:
        scans = dates._scans(text, 0, len(text))
        for pattern, matches in scans:
            expected = _matches(pattern, text)
            assert [(m.span(), m.groupdict()) for m in matches] == expected, text[:80]
            found += len(expected)
        middle = dates._scans(text, 7, len(text) - 9)
        assert [[m.span() for m in matches] for _p, matches in middle] == [
            [m.span() for m in pattern.finditer(text, 7, len(text) - 9)] for pattern, _m in middle
        ]
    assert found > 0


NAME_CASES = [
    "Rt. Hon.\nJo Ames MP wrote to Mr Kel Vane, Dr. Ada de la Brell and Mrs\tSiân O’Dell.",
    "Thank you. The Minister. Mr\n\nKel Vane; DAME ADA BRELL; Jo van Dyke; ÉLodie Marrs",
    # Characters past the first 256 in the name's words and blanks: shaped "?".
    "Jo\u2003Ames met Łukasz Nowak, Zoë O’Dell\u3000Vane and Ada Brell\u2028Marr.",
    "Mr ßeta Vane; Ana-María Ñúñez; Jo Ames? Al Vane. Dr. Cy\xa0Dee; A. B. Cee",
]


def test_name_runs_tried_at_capitals_before_a_capital_are_the_runs_a_full_scan_finds() -> None:
    from archive.extract import names

    found = 0
    for text in [*NAME_CASES, *_texts()]:
        expected = _matches(names._CAP_RUN, text)
        runs = names._cap_runs(text, 0, len(text))
        assert [(m.span(), m.groupdict()) for m in runs] == expected, text[:80]
        found += len(expected)
    assert found > 0


def test_name_runs_shape_finds_every_place_a_run_can_start() -> None:
    from archive.extract import names

    starts = 0
    for text in [*NAME_CASES, *_texts()]:
        shapes = text.encode("latin-1", "replace").translate(names._shape_table())
        candidates = {m.start() for m in names._CAP_PAIR_SHAPE.finditer(shapes)}
        expected = {m.start() for m in names._CAP_RUN_STARTS.finditer(text)}
        assert expected <= candidates, text[:80]
        starts += len(expected)
    assert starts > 0


def _near_scans() -> dict[str, tuple[Callable[[str], object], Callable[[str], object]]]:
    """Each scan tried only near its key words, beside the full scan it stands for."""
    from archive.extract import references

    def spans(
        matches: Iterable[re.Match[str]],
    ) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(match.span(), match.groupdict()) for match in matches]

    return {
        "labels": (
            lambda t: spans(references._labels(t, len(t))),
            lambda t: spans(references._LABEL.finditer(t)),
        ),
        "cc_sentence": (
            lambda t: spans(
                mentions._near_words(
                    mentions._CC_SENTENCE,
                    mentions._CC_STARTS,
                    mentions._CC_WORDS,
                    mentions._CC_WORDS_BEFORE,
                    t,
                    0,
                    len(t),
                )
            ),
            lambda t: spans(mentions._CC_SENTENCE.finditer(t)),
        ),
        "constituency": (
            lambda t: spans(mentions._constituency_phrases(t)),
            lambda t: spans(mentions._CONSTITUENCY.finditer(t)),
        ),
        "reply_to": (
            lambda t: spans(mentions._reply_phrases(t, 0, len(t))),
            lambda t: spans(mentions._REPLY_TO.finditer(t)),
        ),
        "recipient_mp_cues": (
            lambda t: sides._speaks_to_an_mp(t, len(t)),
            lambda t: sides._RECIPIENT_MP_CUES.search(t) is not None,
        ),
        "shapes": (
            lambda t: spans(references._shapes(t, len(t))),
            lambda t: spans(references._SHAPES.finditer(t)),
        ),
        "writer_individual": (
            lambda t: sides._writes_as_constituent(t, 0, len(t)),
            lambda t: sides._WRITER_INDIVIDUAL.search(t) is not None,
        ),
    }  # fmt: skip


# Fictional phrases whose words lie far apart: long blank gaps, the most words allowed
# between a match's first word and its key word, and upper case.
FAR_APART = [
    "Thank  you\n\n\n\n   for \t the" + " " * 300 + "follow up\n\n\nletter of 4 May; noted.",
    "WITH REFERENCE TO THE FOLLOW-UP CORRESPONDENCE dated 5 June; writing again on 3 May",
    "We\n will\n be\n also"
    + "\n" * 300
    + "copied to Jo Ames. A copy of this letter has gone to Al.",
    "your Ashby and Kelby upon Tay on Wrey in Holt by Vane with Dee constituency; "
    "your Ashby and Kelby upon Tay on Wrey in Holt by Vane with Dee the Ure constituency",
    "Member  of\n\nParliament for Kelby; M.P. for Hoad; MPs; the constituency of Lower Stennet",
    "I am one of your" + " " * 200 + "constituents. Ref: AB/1234/21, case no. 77; UAN 12-34",
    "Kelby's MPs wrote to our" + " " * 300 + "MP about the road; Jo Ames MP replied.",
    "Ada Brell, the parliamentary\n\n" + " " * 300 + "candidate for Kelby, wrote too; mpx.",
    "Our reference MC2016/12345 and PO-1234567, GWF048812637, xAB12345678, M11295/16.",
    # One cue each for a letter to an MP, far from the rest of the text.
    *(
        "Thank you for writing." + " " * 300 + cue
        for cue in (
            "your recent written oral parliamentary Question",
            "the Hon. Member for Kelby",
            "On behalf of a constituent",
            "THE ABOVE QUESTION",
            "you in your capacity as the MP",
            "PARLIAMENTARY QUESTIONS",
        )
    ),
    "Case HMRC/0120101/19, MIN/0120101/19, ABCDE/0120101/19, ABC-1234567, TO2019-0012345.",
    # The most words a reply phrase has before its date: twenty one-letter words after
    # "writing to the"; four, four, three and nine words and "written on the May" before it.
    (" " * 300).join(["I am writing", "to", "the a b c d e f g h i j k l m n o p q r s t"])
    + (" " * 300).join(
        ["", "again", "on", "the", "5th. Your note of today; your letter of Monday."]
    ),
    "About the letter of 3 May; regarding the note on Friday; following the e-mail dated 4 June;"
    " further to the memo of 5 July; with reference to the enquiry of 6 July; thanks for the"
    " reply of 7 July; in response to the message of the 8th; ABOUT THE LETTER OF TODAY.",
    (" " * 300).join(
        "THANK YOU FOR THE FOLLOW UP FOLLOW UP LETTER AND E-MAIL one two three four five six "
        "seven eight nine, written on the May 4.".split()
    ),
]


@pytest.mark.parametrize("name", sorted(_near_scans()))
def test_scans_near_key_words_find_what_the_full_scan_finds(name: str) -> None:
    near, full = _near_scans()[name]
    answers = []
    for text in [*FAR_APART, *_texts()]:
        if len(text) < scan.NEAR_SCAN_CHARS:
            text = (text + "\n") * 8  # shorter texts are scanned by the pattern itself
        expected = full(text)
        assert near(text) == expected, text[:80]
        answers.append(expected)
    assert any(answers) and not all(answers)


@pytest.mark.parametrize("words_before", [0, 1, 3, 6])
def test_span_before_an_anchor_holds_its_words_however_far_apart(words_before: int) -> None:
    from archive.extract.scan import spans_before

    for gap in (1, 7, 40, 300, 700):
        words = [f"w{n}" + "x" * (n * 5 % 11) for n in range(10)]
        text = "(" + ("\n" + " " * gap).join(words) + " \t(ANCHOR) tail"
        anchor = text.index("ANCHOR")
        [(low, high)] = spans_before(text, [anchor], words_before)
        own = text.rindex("(", 0, anchor)
        needed = text.index(words[-words_before]) if words_before else own
        assert low <= needed and high == anchor + 1, (gap, low, needed)


def test_lower_case_search_text_is_refused_where_ignorecase_and_lower_disagree() -> None:
    from archive.extract.scan import ascii_lower

    assert ascii_lower("Your LETTER of 3 May") == "your letter of 3 may"
    assert ascii_lower("Jo O’Dell’s \u212aelby letter") == "jo o’dell’s kelby letter"
    for text in ("ſent to Jo", "ın reply to", "İN REPLY TO"):
        assert re.search(r"(?i)sent|in\s+reply", text) is not None  # the pattern matches
        assert ascii_lower(text) is None  # so the lower-case text must not be searched


def test_settlement_phrases_found_from_lower_case_words_are_the_full_scan_s() -> None:
    from archive.extract import places

    pattern = places._STRONG[1]
    cases = [
        "the Borough of Kelby, the town of Ashby, CITY OF Hoad, the İ city of Wrey, xtown of Holt"
    ]
    found = 0
    for text in [*cases, *_texts()]:
        fast = [(m.span(), m.groupdict()) for m in places._matches(pattern, text, 0, len(text))]
        assert fast == _matches(pattern, text), text[:80]
        found += len(fast)
    assert found > 0


@pytest.mark.parametrize("postcode", ["B1 1AA", "W1 2AB", "SW1A 0AA", "M11AE", "EC1A1BB"])
def test_a_copy_line_run_on_after_a_postcode_is_broken_at_the_postcode(postcode: str) -> None:
    # The cue is tried only just before the postcode's digits: one or two letters before.
    text = (
        "I hope this is helpful. Yours sincerely, Jo Ames, Kelby Office, 2 High Street, "
        f"Kelby {postcode} cc Mr Al Vane, Kelby Borough Council"
    )
    [cut] = [m.start("cut") for m in processing._COPY_AFTER_POSTCODE.finditer(text)]
    view = processing.unflatten(text)
    assert view[cut] == "\n" and view[:cut].endswith(postcode)


def test_line_marks_blanked_from_each_line_break_are_what_the_multi_line_pattern_blanks() -> None:
    marked = "# Kelby\n## Roads\n> > quoted\n- item\n+ plus\n• dot\n  #x\n\t- y\n\n>\n>>z\n-no"
    blanked = 0
    for text in [marked, "- first line", "#", *_texts()]:
        expected = processing._LINE_MARKS.sub(processing._blank, text)
        assert processing.blank_line_marks(text) == expected, text[:80]
        blanked += expected != text
    assert blanked >= 2


def test_greeting_lines_found_from_line_breaks_are_the_multi_line_pattern_s() -> None:
    pattern = re.compile(r"(?im)^[ \t]*(?:dear|hello|hi)\s+\S.{0,80}$")
    cases = [
        "Dear Jo,\nnote\n\n  HELLO Al\n\thi Bo\nDearest\nhi\n",
        "x Dear Jo\nDear " + "y" * 90 + "\nDear Cy",
        "\n" * 3 + "dear  Jo",
        "Dear Jo\n" + "z" * 20_000 + "\nDear Al",
    ]
    found = 0
    for text in [*cases, *_texts()]:
        expected = [m.span() for m in pattern.finditer(text[:20_000])][:2]
        assert [m.span() for m in layout._greeting_lines(text)] == expected, text[:80]
        found += len(expected)
    assert found > 5


SIGN_OFF_CASES = [
    "Thanks. WITH KIND REGARDS Al; ayours sincerely, Jo; \u212aind regards, Bo; withal",
    "Yours\tfaithfully Best_wishes xbest KIND. yours",
    "ſincerely yours, with İ best",  # lower case would find other words: the pattern runs
]
COPY_CASES = [
    "Kelby KB1 2AB cc Mr Al Vane. Hoad HD12 3CD  \t copy: Ann Ray; W1A 1AA c. Jo",
    "SW1A 0AA\tc.c. Bo Marr and M11AE cc: Cy Dee; EC1A1BB c Al, B2 2BB cc x, B3 3BB copy",
    "XKB1 2AB cc Al; kb1 2ab cc Bo; KB1 2AB\ncc Cy; KB1 2AB ccc Di",
]


@pytest.mark.parametrize(
    ("fast", "pattern", "cases", "least"),
    [
        (processing.sign_off_words, processing._SIGN_OFF_WORDS, SIGN_OFF_CASES, 10),
        (
            lambda t, s: [m.span() for m in processing.copies_after_postcodes(t, s)],
            processing._COPY_AFTER_POSTCODE,
            COPY_CASES,
            6,
        ),
    ],
    ids=["sign-off words", "copy lines after postcodes"],
)
def test_unflatten_cues_found_from_their_words_are_the_pattern_s(
    fast: Callable[[str, int], list[tuple[int, int]]],
    pattern: re.Pattern[str],
    cases: list[str],
    least: int,
) -> None:
    found = 0
    for text in [*cases, *_texts()]:
        for start in (0, 25, len(text) // 2):
            expected = [m.span() for m in pattern.finditer(text, start)]
            assert fast(text, start) == expected, text[:80]
            found += len(expected)
    assert found >= least


# Lines near the edges of the layout's line tests: the characters re.IGNORECASE matches to
# "s", "k" and "i" ("ſ", the Kelvin sign, the dotted and dotless i), quotes, blanks.
LAYOUT_LINES = [
    "Dear Jo,",
    "‘Dear Jo’,",
    "HELLO AL",
    "hi Bo",
    "Yours sincerely,",
    "ſincerely",
    "\u212aind regards",
    "KINDEST WISHES",
    "Many thanks",
    "All good wishes",
    "-----Original Message-----",
    "Begin forwarded message:",
    "On 3 May 2019, Jo Ames wrote:",
    "ſent: Monday",
    "Enclosure",
    "Annex A",
    "[Signature]",
    "(handwritten signature)",
    "Handwritten signature, appearing to read Jo Ames",
    "İllegible signature in ink",
    "ıllegible signature in ink",
    "  Crest of the Kelby Water Board",
    "Royal coat of arms",
    "Letter from Jo Ames to Al Vane, dated 4 May 2019",
    "LETTER FROM THE KELBY WATER BOARD",
    "ſent to the Minister by e-mail",
    "Jo Ames MP to Sir Al Vane – roads in Kelby",
    "Jo Ames MP to Sir Al Vane - roads in Kelby",
    "Correspondence between Kelby Water Board and the Minister",
    "Kelby Select Committee written evidence",
    "Jo Ames’s open letter to the Minister",
    "on behalf of the Minister",
    "cc Jo Ames",
]


def _layout_lines() -> list[str]:
    lines = [*LAYOUT_LINES]
    for text in _texts():
        lines += [line.strip() for line in text.splitlines()]
    return lines


def test_lines_tried_only_at_their_first_characters_match_as_the_patterns_do() -> None:
    pairs = [
        (layout._salutation_line, layout.SALUTATION),
        (layout._closing_line, layout.CLOSINGS),
        (layout._quote_marker_line, layout._QUOTE_MARKER),
        (layout._runs_on, layout._RUNS_ON),
    ]
    for fast, pattern in pairs:
        answers = set()
        for line in _layout_lines():
            expected = pattern.match(line) is not None
            assert fast(line) is expected, (pattern.pattern[:40], line)
            answers.add(expected)
        assert answers == {True, False}, pattern.pattern[:40]


def test_notes_are_found_only_from_the_characters_a_note_starts_with() -> None:
    notes = 0
    extra = ["A crest in ink", "an image of a stamp", "Hand-written ink", "Crest of Kelby in ink"]
    for line in [*_layout_lines(), *extra]:
        first = line[:1]
        if first and first not in layout._NOTE_FIRST and not first.isspace():
            assert layout._NOTE.match(line) is None, line
        assert layout.is_note(line) is layout._is_note_by_patterns(line), line
        notes += layout.is_note(line)
    assert notes >= 8


def test_a_line_that_cannot_name_a_letter_is_no_heading() -> None:
    from archive.extract.cover import HEADING_START, is_heading

    found = 0
    for line in _layout_lines():
        if is_heading(line) or HEADING_START.match(line):
            assert headings.may_name_a_letter(line), line
            found += 1
    assert found >= 8
    answers = set()
    for text in ["\n".join(LAYOUT_LINES[:8]), "\n".join(LAYOUT_LINES[20:]), *_texts()]:
        view = layout.processing_view(text)
        _lines, content = layout._split_lines(view)
        for count in (3, 10):
            lines = content[:count]
            named = any(is_heading(ln.text) or HEADING_START.match(ln.text) for ln in lines)
            may = headings.may_hold_a_heading(view, lines)
            assert may or not named, text[:80]
            answers.add((named, may))
    assert (True, True) in answers and (False, False) in answers


def test_a_name_s_head_split_only_where_it_can_be_is_the_pattern_s() -> None:
    from archive.extract import blocks

    cases = ["Jo Ames, Minister", "Jo Ames - Chair", "Jo Ames  Chair", "Jo\tAmes", "Jo Ames"]
    split = 0
    for line in [*cases, *_layout_lines()]:
        expected = blocks._NAME_HEAD.split(line, maxsplit=1)[0]
        assert blocks._name_head(line) == expected, line
        split += expected != line
    assert split >= 4
