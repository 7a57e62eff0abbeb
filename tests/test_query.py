"""The query language: what each query means as a tree, and how each mistake is reported."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from archive.refs import looks_like_reference, reference_forms
from index.compile import _split_range, compile_query, left_out
from index.fields import FIELDS, lookup
from index.query import And, DateRange, Everything, Node, Not, Or, QueryError, Term, parse


def shape(node: Node) -> str:
    """A compact, position-free spelling of a parsed query.

    ``(AND a b)``, ``(OR a b)``, ``(NOT a)``; a term is its text with its canonical field
    (``mp:allan``), quotes for a phrase, ``*`` for a prefix and ``~N`` for fuzziness; a date
    or number range is ``field:start..end``; the empty query is ``ALL``.
    """
    if isinstance(node, And):
        return "(AND " + " ".join(shape(item) for item in node.items) + ")"
    if isinstance(node, Or):
        return "(OR " + " ".join(shape(item) for item in node.items) + ")"
    if isinstance(node, Not):
        return f"(NOT {shape(node.item)})"
    if isinstance(node, DateRange):
        return f"{node.field.name}:{node.start}..{node.end}"
    if isinstance(node, Everything):
        return "ALL"
    text = f'"{node.text}"' if node.phrase else node.text
    field = f"{node.field.name}:" if node.field is not None else ""
    return field + text + ("*" if node.prefix else "") + (f"~{node.fuzzy}" if node.fuzzy else "")


# --- meaning ------------------------------------------------------------------------------------

MEANINGS = [
    # Free words are ANDed.
    ("child", "child"),
    ("child exploitation", "(AND child exploitation)"),
    ("child exploitation telford", "(AND child exploitation telford)"),
    # Phrases, and a phrase's ~N (words within N of each other; a bare ~ is 1).
    ('"public review"', '"public review"'),
    ('"public review" telford', '(AND "public review" telford)'),
    ('"public review"~2', '"public review"~2'),
    ('"public review"~', '"public review"~1'),
    ("“public review”", '"public review"'),
    # OR, AND, NOT and their spellings.
    ("telford OR wrekin", "(OR telford wrekin)"),
    ("telford || wrekin", "(OR telford wrekin)"),
    ("telford AND wrekin", "(AND telford wrekin)"),
    ("telford && wrekin", "(AND telford wrekin)"),
    ("telford NOT draft", "(AND telford (NOT draft))"),
    ("telford -draft", "(AND telford (NOT draft))"),
    ("-draft", "(NOT draft)"),
    ("NOT draft telford", "(AND (NOT draft) telford)"),
    ("NOT NOT draft", "(NOT (NOT draft))"),
    ("-mp:allan", "(NOT mp:allan)"),
    # Lower-case operators are plain words.
    ("telford or wrekin", "(AND telford or wrekin)"),
    ("telford not wrekin", "(AND telford not wrekin)"),
    # A hyphen inside a word, or standing alone between spaces, is not "without".
    ("follow-up", "follow-up"),
    ("a - b", "(AND a - b)"),
    # Precedence: AND (explicit or implied) binds tighter than OR, so "a b OR c" is
    # (a AND b) OR c, and "a OR b c" is a OR (b AND c). Parentheses override it.
    ("a b OR c", "(OR (AND a b) c)"),
    ("a OR b c", "(OR a (AND b c))"),
    ("a AND b OR c", "(OR (AND a b) c)"),
    ("a OR b AND c", "(OR a (AND b c))"),
    ("a OR b OR c", "(OR a b c)"),
    ("(a OR b) c", "(AND (OR a b) c)"),
    ("a (b OR c)", "(AND a (OR b c))"),
    ("((a))", "a"),
    ("-(a OR b)", "(NOT (OR a b))"),
    ("(a OR b) -(c d)", "(AND (OR a b) (NOT (AND c d)))"),
    # Prefix and fuzzy.
    ("exploit*", "exploit*"),
    ("ex*", "ex*"),
    ("rudd~", "rudd~1"),
    ("rudd~2", "rudd~2"),
    ("mp:rudd~2", "mp:rudd~2"),
    ("mp:all*", "mp:all*"),
    # A field applies to the word or phrase right after it, or to a whole group.
    ("mp:allan", "mp:allan"),
    ('mp:"Lucy Allan"', 'mp:"Lucy Allan"'),
    ("mp:allan housing", "(AND mp:allan housing)"),
    ("mp:(allan OR pritchard)", "(OR mp:allan mp:pritchard)"),
    ("mp:(allan pritchard)", "(AND mp:allan mp:pritchard)"),
    ("mp:(allan -pritchard)", "(AND mp:allan (NOT mp:pritchard))"),
    ("mp:(allan OR subject:roads)", "(OR mp:allan subject:roads)"),
    ("dir:to_mp", "dir:to_mp"),
    ("tag:follow-up", "tag:follow-up"),
    ("tag:foll*", "tag:foll*"),
    ("ref:M11295/16", "ref:M11295/16"),
    ("id:93840c367315", "id:93840c367315"),
    # A URL is a word, not a field.
    ("https://gov.uk/x", "https://gov.uk/x"),
    # The empty query is every letter.
    ("", "ALL"),
    ("   ", "ALL"),
]


@pytest.mark.parametrize(
    ("query", "left"),
    [
        ("council the", ["the"]),
        ('"the" OR (schools AND NOT an)', ["the", "an"]),
        ("text:the subject:an re:of", ["the", "an", "of"]),
        ("mp:the ref:the tag:the the*", []),
        ("date:2020..2021", []),
    ],
)
def test_left_out_gives_the_notes_compiling_gives(query: str, left: list[str]) -> None:
    notes: list[str] = []
    compile_query(parse(query), lambda _node: [], notes)
    assert left_out(parse(query)) == notes
    assert [note.split("'")[1] for note in notes] == left


@pytest.mark.parametrize(("query", "meaning"), MEANINGS)
def test_query_parses_to(query: str, meaning: str) -> None:
    assert shape(parse(query)) == meaning


def test_terms_carry_their_positions() -> None:
    assert parse('mp:allan "public review" -draft') == And(
        (
            Term("allan", lookup("mp"), position=3),
            Term("public review", None, phrase=True, position=9),
            Not(Term("draft", position=26)),
        )
    )


# Written out rather than read from index.fields, so that renaming a field breaks a test.
FIELD_NAMES = [
    ("text", "text"),
    ("body", "text"),
    ("content", "text"),
    ("words", "text"),
    ("ref", "ref"),
    ("reference", "ref"),
    ("refs", "ref"),
    ("our", "ref"),
    ("your", "ref"),
    ("mp", "mp"),
    ("member", "mp"),
    ("area", "area"),
    ("constituency", "area"),
    ("place", "area"),
    ("places", "area"),
    ("town", "area"),
    ("dept", "dept"),
    ("department", "dept"),
    ("org", "dept"),
    ("organisation", "dept"),
    ("organization", "dept"),
    ("from", "from"),
    ("sender", "from"),
    ("writer", "from"),
    ("to", "to"),
    ("recipient", "to"),
    ("addressee", "to"),
    ("signatory", "signatory"),
    ("signed", "signatory"),
    ("signer", "signatory"),
    ("cc", "cc"),
    ("copied", "cc"),
    ("copy", "cc"),
    ("subject", "subject"),
    ("re", "subject"),
    ("title", "subject"),
    ("dir", "dir"),
    ("direction", "dir"),
    ("tag", "tag"),
    ("tags", "tag"),
    ("tagged", "tag"),
    ("id", "id"),
    ("letter", "id"),
    ("format", "format"),
    ("type", "format"),
]


@pytest.mark.parametrize(("name", "field"), FIELD_NAMES)
def test_every_field_name_and_alias(name: str, field: str) -> None:
    value = "to_mp" if field == "dir" else "kelmscott"
    assert shape(parse(f"{name}:{value}")) == f"{field}:{value}"
    assert shape(parse(f"{name.upper()}:{value}")) == f"{field}:{value}"


@pytest.mark.parametrize(("name", "field"), [("date", "date"), ("dated", "date"), ("on", "date")])
def test_date_field_names(name: str, field: str) -> None:
    assert shape(parse(f"{name}:2016")) == f"{field}:20160101..20161231"


def test_no_name_belongs_to_two_fields() -> None:
    names = Counter(name.lower() for field in FIELDS for name in (field.name, *field.aliases))
    assert [name for name, count in names.items() if count > 1] == []


@pytest.mark.parametrize(
    ("query", "typed"),
    [
        ("M11295/16", ("M11295/16", False)),
        ("  M11295/16 ", ("M11295/16", False)),
        ("ref:M11295/16", ("M11295/16", True)),
        ("REF:M11295/16", ("M11295/16", True)),
        ("reference:M11295/16", ("M11295/16", True)),
        ("your:M11295/16", ("M11295/16", True)),
        ("mp:Jones", ("mp:Jones", False)),
        ("flooding", ("flooding", False)),
        ("M11295/16 flooding", None),
        ("", None),
    ],
)
def test_a_one_word_query_read_as_a_reference(query: str, typed: tuple[str, bool] | None) -> None:
    from index.fields import typed_reference

    assert typed_reference(query) == typed


DATES = [
    ("date:2016", 20160101, 20161231),
    ("date:2016-10", 20161001, 20161031),
    ("date:2016-04", 20160401, 20160430),
    ("date:2016-12", 20161201, 20161231),
    ("date:2016-02", 20160201, 20160229),  # a leap year
    ("date:2015-02", 20150201, 20150228),
    ("date:2000-02", 20000201, 20000229),  # divisible by 400: a leap year
    ("date:1900-02", 19000201, 19000228),  # divisible by 100: not
    ("date:2016-10-24", 20161024, 20161024),
    ("date:2016-02-29", 20160229, 20160229),
    ("date:2016-1-5", 20160105, 20160105),
    ("date:2016-01..2016-06", 20160101, 20160630),
    ("date:2015..2017", 20150101, 20171231),
    ("date:2016-10-24..2016-11", 20161024, 20161130),
    ("date:2016-02-01..2016-02-01", 20160201, 20160201),
    ("date:..2016-06", 0, 20160630),
    ("date:..2016", 0, 20161231),
    ("date:2016..", 20160101, 99991231),
    ("date:2016-10-24..", 20161024, 99991231),
    ("year:2016", 2016, 2016),
    ("year:2015..2017", 2015, 2017),
    ("year:..2012", 0, 2012),
    ("year:2020..", 2020, 9999),
]


@pytest.mark.parametrize(("query", "start", "end"), DATES)
def test_date_bounds(query: str, start: int, end: int) -> None:
    node = parse(query)
    assert isinstance(node, DateRange)
    assert (node.start, node.end) == (start, end)
    assert node.field.name == query.partition(":")[0]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (0, 20120630),  # date:..2012-06
        (20220701, 99991231),  # date:2022-07..
        (0, 2016),  # year:..2016
        (2015, 9999),  # year:2015..
        (0, 99991231),
        (0, 2**32 - 1),
        (20160101, 20161231),
        (20160229, 20160229),
        (1, 1),
        (15, 16),
    ],
)
def test_numeric_range_splits_into_exactly_the_range(start: int, end: int) -> None:
    """The trie terms a date or year range is compiled to cover it, no more and no less."""
    covered: list[tuple[int, int]] = []
    for low, high, shift in sorted(_split_range(32, 4, start, end)):
        first, last = low >> shift << shift, (high >> shift << shift) + (1 << shift) - 1
        if covered and first <= covered[-1][1] + 1:
            covered[-1] = (covered[-1][0], max(covered[-1][1], last))
        else:
            covered.append((first, last))
    assert covered == [(start, end)]


# --- mistakes -----------------------------------------------------------------------------------

ERRORS = [
    # quotes and brackets
    ('"public review', 0, '"'),
    ('child "public review', 6, '"'),
    ("“public review", 0, "“"),
    ('""', 0, '""'),
    ("child)", 5, ")"),
    ("a ) b", 2, ")"),
    ("(child", 0, "("),
    ("telford (a OR b", 8, "("),
    ("()", 0, "("),
    ("child ()", 6, "("),
    ("mp:(allan", 3, "("),
    # fields
    ("mpp:allan", 0, "mpp:"),
    ("zzqx:allan", 0, "zzqx:"),
    ("mp:", 0, "mp:"),
    ("mp: allan", 0, "mp:"),
    ("housing mp:", 8, "mp:"),
    ("ref:", 0, "ref:"),
    ("date:2016-13", 5, "2016-13"),
    ("date:2016-02-30", 5, "2016-02-30"),
    ("date:2015-02-29", 5, "2015-02-29"),
    ("date:2016-00", 5, "2016-00"),
    ("date:soon", 5, "soon"),
    ("date:16", 5, "16"),
    ("date:2017..2016", 5, "2017..2016"),
    ("date:2016-07..2016-06", 5, "2016-07..2016-06"),
    ("date:..", 5, ".."),
    ("year:soon", 5, "soon"),
    ("dir:north", 4, "north"),
    ("dir:north*", 4, "north*"),
    ("tag:+x", 4, "+x"),
    ("tag:-x", 4, "-x"),
    ("tag:a,b", 4, "a,b"),
    # prefix and fuzzy
    ("ab*cd", 0, "ab*cd"),
    ("*", 0, "*"),
    ("child *", 6, "*"),
    ("a*", 0, "a*"),
    ("*ab", 0, "*ab"),
    ("rudd~3", 0, "rudd~3"),
    ("rudd~4", 0, "rudd~4"),
    ("rudd~9", 0, "rudd~9"),
    # operators with nothing to work on
    ("child OR", 6, "OR"),
    ("child AND", 6, "AND"),
    ("child NOT", 6, "NOT"),
    ("child -", 6, "-"),
    ("-", 0, "-"),
    ("child ||", 6, "||"),
    ("child &&", 6, "&&"),
    ("(child OR)", 7, "OR"),
    ("(child AND)", 7, "AND"),
    ("(child NOT)", 7, "NOT"),
    ("(child -)", 7, "-"),
    ("child OR OR abuse", 6, "OR"),
    ("OR child", 0, "OR"),
    ("AND child", 0, "AND"),
    ("&& child", 0, "&&"),
]


@pytest.mark.parametrize(("query", "position", "token"), ERRORS)
def test_query_error_names_token_and_position(query: str, position: int, token: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse(query)
    assert (raised.value.position, raised.value.token) == (position, token)
    assert token in str(raised.value)
    assert f"position {position}" in str(raised.value)


@pytest.mark.parametrize(
    ("query", "hint"),
    [("mpp:allan", "'mp:'"), ("dept_:home", "'dept:'"), ("subjet:roads", "'subject:'")],
)
def test_unknown_field_suggests_the_nearest(query: str, hint: str) -> None:
    with pytest.raises(QueryError, match=f"did you mean {hint}"):
        parse(query)


def test_unknown_field_without_a_near_one_suggests_nothing() -> None:
    with pytest.raises(QueryError) as raised:
        parse("zzqx:allan")
    assert "did you mean" not in str(raised.value)


def test_parser_raises_only_query_errors() -> None:
    pieces = [
        *["a", "mp:", "date:", "tag:", "dir:", "year:", "ref:", "(", ")", '"', "“", "”"],
        *["-", "*", "~", "~5", "OR", "AND", "NOT", "||", "..", "2016", " ", "\x00", "\n"],
    ]
    rng = random.Random(20161024)
    for _ in range(20_000):
        query = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        try:
            parse(query)
        except QueryError as error:
            assert 0 <= error.position <= len(query), query
            assert f"position {error.position}" in str(error), query


# --- references ---------------------------------------------------------------------------------


LOOKS_LIKE_REFERENCE = pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("M11295/16", True),
        ("m11295", True),
        ("11295/16", True),
        ("MC2016/12345", True),
        ("PO-1234567", True),
        ("B1234567", True),
        ("HV/2231", True),
        ("MIN/3545687/10", True),
        ("WO13-7375", True),
        ("13-7375", True),
        ("2016", False),
        ("2016-10", False),
        ("2016-10-24", False),
        ("24/10/2016", False),
        ("1/2/16", False),
        ("child", False),
        ("A1", False),
        ("M1", False),
        ("x-ray", False),
        ("1234567", False),  # digits alone: a number, searched in the text only
    ],
)


@LOOKS_LIKE_REFERENCE
def test_looks_like_reference(token: str, expected: bool) -> None:
    assert looks_like_reference(token) is expected


@LOOKS_LIKE_REFERENCE
def test_bare_reference_like_token_is_searched_in_references_too(
    token: str, expected: bool
) -> None:
    def no_tags(node: object) -> list[int]:
        return []

    bare = compile_query(parse(token), no_tags, []).all_terms()
    quoted = compile_query(parse(f'"{token}"'), no_tags, []).all_terms()
    assert (("ref", token.lower()) in bare) is expected
    assert {field for field, _text in bare} - {"ref"} == {"body"}  # and always in the text
    assert {field for field, _text in quoted} == {"body"}  # a phrase is only ever words


@pytest.mark.parametrize(
    ("reference", "forms"),
    [
        ("M11295/16", ["m11295/16", "m1129516", "m11295", "11295", "11295/16"]),
        (" m 11295/16 ", ["m11295/16", "m1129516", "m11295", "11295", "11295/16"]),
        ("PO-1234567", ["po-1234567", "po1234567", "1234567"]),
        ("B1234567", ["b1234567", "1234567"]),
        ("NC/7756", ["nc/7756", "nc7756", "7756"]),
        ("WO13-7375", ["wo13-7375", "wo137375", "wo13", "7375", "13/7375", "13-7375"]),
        (
            "MIN/3545687/10",
            ["min/3545687/10", "min354568710", "3545687", "3545687/10", "min/3545687"],
        ),
        (
            "MC2016/12345",
            ["mc2016/12345", "mc201612345", "mc2016", "12345", "2016", "2016/12345"],
        ),
        ("", []),
    ],
)
def test_reference_forms(reference: str, forms: list[str]) -> None:
    assert reference_forms(reference) == forms


# -- the analyzer ----------------------------------------------------------------------------------

ANALYZER_TEXTS = [
    "Thank you for your letter of 13 September 2016 about child sexual exploitation in Telford.",
    "The Home Office's response (ref. M11295/16) — children's services, gov.uk, A&E, 3.141.",
    "I AM WRITING about THE the a an of to be: exploitation, exploited, exploiting, exploits.",
    "Ærøskøbing naïve café — ÉCOLE Straße İstanbul ﬁnance ½ x y z 42 a1 b2",
    "",
    "   \n\t  ",
    "one",
    "it is what it is",
    "ΟΔΟΣ ΣΑΣ Σ'Α O'Brien’s U.K. e.g. Mr. Holloway's CHILDREN'S",
]


@pytest.mark.parametrize("text", ANALYZER_TEXTS)
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"positions": True},
        {"positions": True, "chars": True},
        {"positions": True, "start_pos": 7, "chars": True, "start_char": 100},
        {"keeporiginal": True, "positions": True},
        {"tokenize": False},
        {"tokenize": False, "positions": True, "chars": True},
    ],
)
def test_fused_analyzer_gives_whoosh_stemming_analyzer_tokens(
    text: str, options: dict[str, object]
) -> None:
    from whoosh.analysis import StemmingAnalyzer

    from index.analysis import FusedStemmingAnalyzer
    from index.fields import TOKEN_PATTERN

    def tokens(analyzer: object) -> list[tuple[object, ...]]:
        fields = ("text", "pos", "startchar", "endchar", "original", "boost", "stopped")
        return [
            tuple(getattr(t, name, None) for name in fields)
            for t in analyzer(text, **options)  # type: ignore[operator]
        ]

    whoosh = StemmingAnalyzer(expression=TOKEN_PATTERN, cachesize=-1)
    assert tokens(FusedStemmingAnalyzer(TOKEN_PATTERN)) == tokens(whoosh)


@pytest.mark.parametrize("text", ANALYZER_TEXTS)
def test_the_analyzers_words_are_its_tokens_with_where_each_was_read(text: str) -> None:
    """``words()`` (the reader's hits) gives the tokens the index holds, position by position."""
    from whoosh.analysis import StemmingAnalyzer

    from index.analysis import FusedStemmingAnalyzer
    from index.fields import TOKEN_PATTERN

    whoosh = StemmingAnalyzer(expression=TOKEN_PATTERN, cachesize=-1)
    analysed = whoosh(text, positions=True, chars=True)
    tokens = [(t.text, t.pos, t.startchar, t.endchar) for t in analysed]
    words = FusedStemmingAnalyzer(TOKEN_PATTERN).words(text)
    assert [(stem, start, end) for stem, _pos, start, end in tokens] == words
    # Positions run on without a gap: a word's place in ``words`` is its place in the index.
    positions = [pos for _stem, pos, _start, _end in tokens]
    assert all(b - a == 1 for a, b in zip(positions, positions[1:], strict=False))


def test_fused_analyzer_matches_whoosh_on_generated_letters(tmp_path: Path) -> None:
    from whoosh.analysis import StemmingAnalyzer

    from archive.generator import generate_archive
    from index.analysis import FusedStemmingAnalyzer
    from index.fields import TOKEN_PATTERN

    generate_archive(60, tmp_path, seed=3)
    whoosh = StemmingAnalyzer(expression=TOKEN_PATTERN, cachesize=-1)
    fused = FusedStemmingAnalyzer(TOKEN_PATTERN)
    texts = [p.read_text("utf-8", "replace") for p in sorted(tmp_path.rglob("*.txt"))]
    assert len(texts) > 30
    for text in texts:
        ours = [(t.text, t.pos) for t in fused(text, positions=True)]
        theirs = [(t.text, t.pos) for t in whoosh(text, positions=True)]
        assert ours == theirs


SNIPPET_CASES = [
    ("exploitation", "Exploited, EXPLOITING, exploits; exploitation-free. Exploit."),
    ("possibility ability", "The possibilities and POSSIBLE abilities of Mr. Able."),
    ('"child exploitation"', "Child exploitation; child, exploitation; the child of exploitation."),
    ('"home office"', "the Home Office, the home of the office, HOME OFFICE's home office"),
    ("AB12345/19", "Our ref AB12345/19 (ab12345 / 19) and AB12345/190 and xAB12345/19."),
    ("o'brien u.k", "O'Brien and o’brien, Brien, U.K. uk u.k.x and u. k."),
    ("flood* schools", "Flooding floods flooded; school, Schooling, schools, SCHOOL'S."),
    ("exploitation", "İstanbul exploitation İİ exploitation"),
    ("σασ", "ΟΔΟΣ ΣΑΣ σας exploitation"),
    ('"child exploitation"~2', "child sexual exploitation and child exploitation"),
    ("telford~", "Telford, Telfort, Pelford and telfords."),
    ("the a of", "the a of"),
    ("tax int* it's", "Tax, TAXES, it's international; intern, Int. its tax-free INTs"),
    # Stems ending in what the stemmer puts back: "happi", "relat", "possibl", "abl".
    ("happy relating", "Happiness, HAPPY happier; related relational relate, relativity."),
    ("possibilities ably", "Possibly possible, possibility; able, ABLY, ability, enable."),
    ("LV/2817 CC/24", "Ref LV/2817 (lv / 2817), LVs/2817, CC/24/0041, cc24 and c.c/24."),
    # A word written many times (found by a regex), and more words than are looked for
    # one at a time (one alternation).
    ("tax", "Tax, taxes; " * 12 + "taxation, syntax, TAXED, tax-free."),
    (
        "flood school bus rye road rail taxes fund care",
        "Flooded schools, a bus to Rye; road and rail, taxed funds, careful carers, flood.",
    ),
]


@pytest.mark.parametrize(("query", "text"), SNIPPET_CASES)
def test_hits_found_by_reading_only_likely_words_are_those_of_the_whole_letter(
    query: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snippet's hits found from the words that may match (the quick path) are exactly
    those found by analysing the whole letter, whether or not the quick path applies."""
    from index import snippets
    from index.query import parse, terms_of

    terms = terms_of(parse(query))
    quick = snippets.find_matches(text, terms)
    monkeypatch.setattr(snippets, "_quick_spans", lambda *_args: None)
    whole = snippets.find_matches(text, terms)
    assert quick == whole


def test_every_word_begins_as_its_stem_less_what_the_stemmer_may_put_back() -> None:
    """The quick path looks for a stem's words by how they begin; made-up words with every
    suffix the stemmer rewrites begin so (a root too short would only cost time, one too
    long would miss highlights)."""
    from whoosh.lang.porter import stem

    from index.snippets import _root

    rng = random.Random(11)
    suffixes = (
        "s ies sses ed ing eed ational tional enci anci izer bli alli entli eli ousli ization "
        "ation ator alism iveness fulness ousness aliti iviti biliti logi icate ative alize "
        "iciti ical ful ness al ance ence er ic able ible ant ement ment ent ion ism ate iti "
        "ous ive ize e ll y ly ility ably ibility ically izing ated bled ying lled ling"
    ).split()
    shortened = 0
    for _ in range(6000):
        base = "".join(
            rng.choice("aeiouy" if rng.random() < 0.4 else "bcdfghjklmnprstvz")
            for _ in range(rng.randint(1, 8))
        )
        for word in (base, base + rng.choice(suffixes)):
            stemmed = stem(word)
            assert word.startswith(_root(stemmed)), (word, stemmed)
            shortened += _root(stemmed) != stemmed
    assert shortened > 100  # the put-back endings were met
    assert _root("lv") == "lv" and _root("exempt") == "exempt" and _root("happi") == "happ"
    assert _root("possibl") == "possib" and _root("possible") == "possib" and _root("e") == "e"


def test_the_quick_path_reads_letters_with_hits_and_declines_what_it_cannot_answer() -> None:
    from index.query import parse, terms_of
    from index.snippets import _quick_spans

    def spans(query: str, text: str) -> list[tuple[int, int]] | None:
        return _quick_spans(text, terms_of(parse(query)), None)

    text = "Child exploitation in Telford: the exploited children of Telford."
    assert spans("exploitation telford", text) == [(6, 18), (22, 29), (35, 44), (57, 64)]
    assert spans('"child exploitation"', text) == [(0, 18)]
    assert spans("exploitation", "İstanbul exploitation") is None  # lower case moves letters
    # A short stem: words found by their first letter ("taxation" is "taxat").
    assert spans("tax in", "Tax, taxes, TAXED; tax-free taxation.") == [
        (0, 3),
        (5, 10),
        (12, 17),
        (19, 22),
    ]

    assert spans("exploit*", text) is None  # a prefix with no expansion given


# -- positions as stored for phrases ------------------------------------------------------------


def test_positions_read_back_for_many_letters_at_once() -> None:
    """Encoded position lists (as the index stores them) are read back whole: letters with
    one position, many, and many letters together."""
    from index.phrase import ArrayPositions, phrase_hits, positions_of

    rng = random.Random(5)
    lists = [sorted(rng.sample(range(5000), rng.randint(1, 40))) for _ in range(300)]
    lists[7] = [0]
    encoded = [ArrayPositions().encode(p) for p in lists]
    owner, flat = positions_of(encoded)
    assert flat.tolist() == [p for positions in lists for p in positions]
    assert owner.tolist() == [i for i, positions in enumerate(lists) for _ in positions]
    assert [ArrayPositions().decode_positions(e) for e in encoded] == lists
    # A word followed by the same positions plus one: every position is a two-word hit.
    following = [ArrayPositions().encode([p + 1 for p in positions]) for positions in lists]
    words, shifted = positions_of(encoded), positions_of(following)
    assert phrase_hits([words, shifted], len(lists)).tolist() == [len(p) for p in lists]
    backwards = [sum(p + 2 in set(positions) for p in positions) for positions in lists]
    assert phrase_hits([shifted, words], len(lists)).tolist() == backwards
