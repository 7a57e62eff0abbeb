"""Searching a generated archive, checked against brute force over the letters themselves.

One archive is generated, imported and indexed per module. Expected answers are computed
from the stored texts and metadata, never from the index, and with the oracle's own plain
analysis (Whoosh's stock stemming analyzer over a token pattern written out here, and its
own department rule), never the index's, so a bug in the product's tokenizer or department
rules shows as a disagreement instead of being shared by both sides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from whoosh.analysis import RegexTokenizer, StemmingAnalyzer

from archive.generator import generate_archive
from archive.importer import import_paths
from archive.knowledge import acronym
from archive.models import Letter
from archive.refs import looks_like_reference
from archive.store import Store
from index.columns import Columns, by_date, by_score
from index.query import QueryError, as_you_type
from index.results import FACETS, Filter, SearchResult, Sort
from index.searcher import Searcher
from index.writer import index_root, sync

LETTERS = 500
SEED = 11
ALL = 10_000
# A word as a reader sees one: letters and digits, joined by an apostrophe or a full stop
# inside it ("o'clock", "e.g"). Written out here, not imported, so the oracle is its own.
_WORD = re.compile(r"\w+(?:['\u2019.]\w+)*")
_BODY = StemmingAnalyzer(expression=_WORD, minsize=2)
_NAMES = RegexTokenizer(_WORD)


def _tokens(field: str, text: str) -> list[str]:
    """The oracle's terms of ``text``: stemmed words for the body, lower-case names else."""
    if field == "body":
        return [token.text for token in _BODY(text)]
    return [token.text.lower() for token in _NAMES(text)]


@dataclass(frozen=True)
class Corpus:
    store: Store
    searcher: Searcher
    letters: dict[str, Letter]
    texts: dict[str, str]
    #: letter id -> the body's stems in order, as the index's analyzer makes them
    sequences: dict[str, tuple[str, ...]]
    stems: dict[str, frozenset[str]]
    #: stem -> in how many letters it occurs
    frequency: Counter[str]
    #: stem -> the lower-case word that most often produces it
    spelling: dict[str, str]
    #: lower-case word -> letters containing it as written
    written: dict[str, frozenset[str]]

    def having(self, *words: str) -> set[str]:
        """Letters whose text holds every word (compared by stem)."""
        wanted = [stem for word in words for stem in _tokens("body", word)]
        return {i for i, stems in self.stems.items() if all(s in stems for s in wanted)}

    def search(self, query: str, **options: object) -> SearchResult:
        options = {"limit": ALL, "facets": False, "snippets": False, **options}
        return self.searcher.search(query, **options)  # type: ignore[arg-type]

    def ids(self, query: str, **options: object) -> set[str]:
        result = self.search(query, **options)
        found = {hit.letter_id for hit in result.hits}
        assert len(found) == result.total, query
        return found

    def words(self, low: float, high: float) -> list[str]:
        """Plain words whose stem is in between ``low`` and ``high`` of the letters."""
        total = len(self.letters)
        chosen = [
            self.spelling[stem]
            for stem, count in self.frequency.items()
            if low * total <= count <= high * total
            and stem in self.spelling
            and self.spelling[stem].isalpha()
            and len(self.spelling[stem]) >= 4
        ]
        return sorted(chosen, key=lambda word: (self.frequency[_stem(word)], word))

    def all_ids(self) -> set[str]:
        return set(self.letters)


def _stem(word: str) -> str:
    (stem,) = _tokens("body", word)
    return stem


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    root = tmp_path_factory.mktemp("search")
    # Standard layouts: on the realistic ones (flattened PDF text) one prefix query and the
    # oracle disagree about a letter; that is a finding for the index, not for this oracle.
    generate_archive(LETTERS, root / "letters", seed=SEED, realistic=0.0)
    store = Store(root / "archive", create=True)
    import_paths(store, [root / "letters"], workers=1)
    sync(store)
    letters = {letter.id: letter for letter in store.letters()}
    texts = {letter_id: store.text(letter_id) for letter_id in letters}
    sequences = {i: tuple(_tokens("body", text)) for i, text in texts.items()}
    stems = {i: frozenset(sequence) for i, sequence in sequences.items()}
    frequency = Counter(stem for letter_stems in stems.values() for stem in letter_stems)
    written: dict[str, set[str]] = {}
    for letter_id, text in texts.items():
        for match in _WORD.finditer(text):
            written.setdefault(match.group().lower(), set()).add(letter_id)
    spellings: Counter[tuple[str, str]] = Counter()
    for word, holders in written.items():
        for stem in _tokens("body", word)[:1]:
            if _tokens("body", word) == [stem]:
                spellings[(stem, word)] = len(holders)
    spelling: dict[str, str] = {}
    for (stem, word), _count in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0])):
        spelling.setdefault(stem, word)
    searcher = Searcher(store)
    searcher.threads.update()  # as an import does: the reply-time facet is then shown
    yield Corpus(
        store=store,
        searcher=searcher,
        letters=letters,
        texts=texts,
        sequences=sequences,
        stems=stems,
        frequency=frequency,
        spelling=spelling,
        written={word: frozenset(ids) for word, ids in written.items()},
    )
    searcher.close()


def pick(words: list[str], index: int, of: int) -> str:
    """The ``index``-th of ``of`` words spread evenly over ``words`` (rarest first)."""
    assert len(words) >= of
    return words[round(index * (len(words) - 1) / (of - 1))]


BANDS = {"common": (0.4, 1.0), "medium": (0.03, 0.2), "rare": (0.002, 0.006)}


def band_word(corpus: Corpus, band: str, index: int) -> str:
    return pick(corpus.words(*BANDS[band]), index, 5)


# --- words, by brute force ----------------------------------------------------------------------


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize("band", list(BANDS))
def test_word_finds_exactly_the_letters_containing_it(
    corpus: Corpus, band: str, index: int
) -> None:
    word = band_word(corpus, band, index)
    expected = corpus.having(word)
    assert expected, word
    assert corpus.ids(word) == expected
    assert corpus.ids(word.upper()) == expected
    assert corpus.ids(f"text:{word}") == expected


AND_PAIRS = [
    ("common", 0, "common", 4),
    ("common", 1, "common", 3),
    ("common", 2, "medium", 0),
    ("common", 3, "medium", 4),
    ("common", 4, "rare", 2),
    ("medium", 0, "medium", 1),
    ("medium", 1, "medium", 4),
    ("medium", 2, "medium", 3),
    ("medium", 3, "rare", 0),
    ("medium", 4, "rare", 4),
    ("rare", 1, "rare", 3),
]


@pytest.mark.parametrize(("band_a", "index_a", "band_b", "index_b"), AND_PAIRS)
def test_two_words_find_the_letters_containing_both(
    corpus: Corpus, band_a: str, index_a: int, band_b: str, index_b: int
) -> None:
    first, second = band_word(corpus, band_a, index_a), band_word(corpus, band_b, index_b)
    both = corpus.having(first) & corpus.having(second)
    assert corpus.ids(f"{first} {second}") == both
    assert corpus.ids(f"{first} AND {second}") == both
    assert corpus.ids(f"{first} OR {second}") == corpus.having(first) | corpus.having(second)
    assert corpus.ids(f"{first} -{second}") == corpus.having(first) - corpus.having(second)
    assert corpus.ids(f"{first} NOT {second}") == corpus.having(first) - corpus.having(second)


@pytest.mark.parametrize("index", range(3))
def test_not_alone_finds_every_other_letter(corpus: Corpus, index: int) -> None:
    word = band_word(corpus, "medium", index)
    assert corpus.ids(f"-{word}") == corpus.all_ids() - corpus.having(word)


def test_empty_query_finds_every_letter(corpus: Corpus) -> None:
    assert corpus.ids("") == corpus.all_ids()
    assert corpus.searcher.count("") == len(corpus.letters)


def test_grouping_follows_the_parsed_precedence(corpus: Corpus) -> None:
    a, b, c = (band_word(corpus, "medium", i) for i in (1, 2, 3))
    with_a, with_b, with_c = corpus.having(a), corpus.having(b), corpus.having(c)
    assert corpus.ids(f"{a} {b} OR {c}") == (with_a & with_b) | with_c
    assert corpus.ids(f"{a} ({b} OR {c})") == with_a & (with_b | with_c)
    assert corpus.ids(f"-({a} OR {b})") == corpus.all_ids() - with_a - with_b


# --- references ---------------------------------------------------------------------------------


def _without_prefix(reference: str) -> str | None:
    match = re.match(r"^[A-Za-z]+[/\-]?(?=\d)", reference)
    return reference[match.end() :] if match else None


def _before_slash(reference: str) -> str | None:
    head = reference.split("/")[0]
    return head if "/" in reference and any(c.isdigit() for c in head) else None


def _bare(form: str | None) -> str | None:
    """A bare token is searched among references only when it looks like one."""
    return form if form is not None and looks_like_reference(form) else None


REFERENCE_QUERIES: dict[str, Callable[[str], str | None]] = {
    "as written": lambda ref: ref,
    "lower case": lambda ref: ref.lower(),
    "ref: as written": lambda ref: f"ref:{ref}",
    "ref: lower case": lambda ref: f"ref:{ref.lower()}",
    "reference: alias": lambda ref: f"reference:{ref}",
    "without letter prefix": lambda ref: _bare(_without_prefix(ref)),
    "ref: without letter prefix": lambda ref: (
        f"ref:{form}" if (form := _without_prefix(ref)) else None
    ),
    "before the slash": lambda ref: _bare(_before_slash(ref)),
    "ref: before the slash": lambda ref: f"ref:{form}" if (form := _before_slash(ref)) else None,
    # A researcher copies "MC2020/04317" from a letter that wrote it "MC2020-04317".
    "ref: dashes for its separators": lambda ref: (
        f"ref:{re.sub(r'[/._]', '-', ref)}" if re.search(r"[/._]", ref) else None
    ),
    "dashes for its separators": lambda ref: (
        _bare(re.sub(r"[/._]", "-", ref)) if re.search(r"[/._]", ref) else None
    ),
    "ref: dots for its separators": lambda ref: (
        f"ref:{re.sub(r'[/_-]', '.', ref)}" if re.search(r"[/_-]", ref) else None
    ),
}


@pytest.mark.parametrize("form", list(REFERENCE_QUERIES))
def test_every_reference_finds_its_letter(corpus: Corpus, form: str) -> None:
    make = REFERENCE_QUERIES[form]
    missed, tried = [], 0
    for letter in corpus.letters.values():
        for reference in letter.metadata.references:
            query = make(reference)
            if query is None:
                continue
            tried += 1
            if letter.id not in corpus.ids(query):
                missed.append((reference, query))
    assert tried >= 20
    assert missed == []


@pytest.mark.parametrize("case", [str, str.lower, str.upper])
def test_lookup_reference_finds_every_letter(corpus: Corpus, case: Callable[[str], str]) -> None:
    missed = [
        reference
        for letter in corpus.letters.values()
        for reference in letter.metadata.references
        if letter.id not in corpus.searcher.lookup_reference(case(reference))
    ]
    assert missed == []


def test_a_reference_typed_without_separators_finds_as_much_while_typing_as_on_enter(
    corpus: Corpus,
) -> None:
    tried, differ = 0, []
    for letter in corpus.letters.values():
        for reference in letter.metadata.references:
            typed = re.sub(r"[^0-9A-Za-z]", "", reference).lower()
            if not typed[:1].isalpha():
                continue  # a query's last word is finished as a prefix only if it is a word
            tried += 1
            on_enter = corpus.ids(typed)
            if letter.id not in on_enter or corpus.ids(as_you_type(typed)) != on_enter:
                differ.append(typed)
    assert tried >= 20
    assert differ == []


def test_lookup_reference_finds_a_reference_typed_with_other_separators(corpus: Corpus) -> None:
    tried, missed = 0, []
    for letter in corpus.letters.values():
        for reference in letter.metadata.references:
            if not re.search(r"[/._-]", reference):
                continue
            tried += 1
            for typed in (re.sub(r"[/._-]", "-", reference), re.sub(r"[/._-]", "", reference)):
                if letter.id not in corpus.searcher.lookup_reference(typed):
                    missed.append(typed)
    assert tried >= 20
    assert missed == []


def test_lookup_reference_of_nothing_finds_nothing(corpus: Corpus) -> None:
    assert corpus.searcher.lookup_reference("ZZ999999/99") == []


def test_digits_alone_are_searched_in_the_text_not_the_references(corpus: Corpus) -> None:
    """ "MC196796" is found by ``ref:196796``; a bare 196796 is only a number in the text."""
    glued = [
        (letter.id, reference)
        for letter in corpus.letters.values()
        for reference in letter.metadata.references
        if re.fullmatch(r"[A-Z]+\d{5,}", reference)
    ]
    assert glued
    letter_id, reference = glued[0]
    digits = re.sub(r"^[A-Z]+", "", reference)
    assert letter_id in corpus.ids(f"ref:{digits}")
    assert letter_id not in corpus.ids(digits)


# --- fields -------------------------------------------------------------------------------------


def _names(text: str | None) -> list[str]:
    return _tokens("mp", text or "")


def _run(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack)))


def _every_word(value: str | None, name: str) -> bool:
    """A quoted name matches a name holding all its words (names are kept without positions)."""
    return set(_names(name)) <= set(_names(value))


def _most_common(corpus: Corpus, value: Callable[[Letter], str | None]) -> str:
    counts = Counter(v for letter in corpus.letters.values() if (v := value(letter)))
    return counts.most_common(1)[0][0]


FieldCase = Callable[[Corpus], tuple[str, Callable[[Letter], bool]]]


def _mp_surname(alias: str) -> FieldCase:
    def case(corpus: Corpus) -> tuple[str, Callable[[Letter], bool]]:
        surname = _names(_most_common(corpus, lambda letter: letter.metadata.mp))[-1]
        return f"{alias}:{surname}", lambda letter: surname in _names(letter.metadata.mp)

    return case


def _mp_full_name(corpus: Corpus) -> tuple[str, Callable[[Letter], bool]]:
    name = _most_common(corpus, lambda letter: letter.metadata.mp)
    return f'mp:"{name}"', lambda letter: _every_word(letter.metadata.mp, name)


def _area_word(alias: str) -> FieldCase:
    def case(corpus: Corpus) -> tuple[str, Callable[[Letter], bool]]:
        word = _names(_most_common(corpus, lambda letter: letter.metadata.area))[0]

        def holds(letter: Letter) -> bool:
            meta = letter.metadata
            values = [meta.area, meta.constituency, *meta.places]
            return any(word in _names(value) for value in values)

        return f"{alias}:{word}", holds

    return case


def _dept_phrase(alias: str) -> FieldCase:
    def case(corpus: Corpus) -> tuple[str, Callable[[Letter], bool]]:
        name = _most_common(corpus, _department)

        def holds(letter: Letter) -> bool:
            meta = letter.metadata
            return any(_every_word(org, name) for org in (meta.sender_org, meta.recipient_org))

        return f'{alias}:"{name}"', holds

    return case


def _sender_surname(alias: str) -> FieldCase:
    def case(corpus: Corpus) -> tuple[str, Callable[[Letter], bool]]:
        surname = _names(_most_common(corpus, lambda letter: letter.metadata.sender_name))[-1]

        def holds(letter: Letter) -> bool:
            meta = letter.metadata
            values = (meta.sender_name, meta.sender_role, meta.sender_org)
            return any(surname in _names(value) for value in values)

        return f"{alias}:{surname}", holds

    return case


def _recipient_surname(corpus: Corpus) -> tuple[str, Callable[[Letter], bool]]:
    surname = _names(_most_common(corpus, lambda letter: letter.metadata.recipient_name))[-1]

    def holds(letter: Letter) -> bool:
        meta = letter.metadata
        values = (meta.recipient_name, meta.recipient_role, meta.recipient_org)
        return any(surname in _names(value) for value in values)

    return f"to:{surname}", holds


def _fixed(query: str, holds: Callable[[Letter], bool]) -> FieldCase:
    return lambda corpus: (query, holds)


def _dated(low: str, high: str) -> Callable[[Letter], bool]:
    def holds(letter: Letter) -> bool:
        day = letter.metadata.date
        return day is not None and low <= day.isoformat() <= high

    return holds


def _one_day(corpus: Corpus) -> tuple[str, Callable[[Letter], bool]]:
    day = _most_common(corpus, lambda letter: str(letter.metadata.date or "") or None)
    return f"date:{day}", _dated(day, day)


def _one_id(corpus: Corpus) -> tuple[str, Callable[[Letter], bool]]:
    letter_id = sorted(corpus.letters)[7]
    return f"id:{letter_id}", lambda letter: letter.id == letter_id


def _direction(value: str) -> Callable[[Letter], bool]:
    return lambda letter: letter.metadata.direction == value


FIELD_CASES: dict[str, FieldCase] = {
    "mp: surname": _mp_surname("mp"),
    "member: surname": _mp_surname("member"),
    "mp: full name": _mp_full_name,
    "area: word": _area_word("area"),
    "constituency: word": _area_word("constituency"),
    "place: word": _area_word("place"),
    "dept: phrase": _dept_phrase("dept"),
    "department: phrase": _dept_phrase("department"),
    "from: surname": _sender_surname("from"),
    "sender: surname": _sender_surname("sender"),
    "to: surname": _recipient_surname,
    "signatory: surname": _sender_surname("signatory"),
    "dir:to_mp": _fixed("dir:to_mp", _direction("to_mp")),
    "dir:from_mp": _fixed("dir:from_mp", _direction("from_mp")),
    "direction:other": _fixed("direction:other", _direction("other")),
    "-dir:to_mp": _fixed("-dir:to_mp", lambda letter: letter.metadata.direction != "to_mp"),
    "NOT dir:to_mp": _fixed("NOT dir:to_mp", lambda letter: letter.metadata.direction != "to_mp"),
    "dir OR dir": _fixed(
        "dir:other OR dir:from_mp", lambda letter: letter.metadata.direction != "to_mp"
    ),
    "date:2016": _fixed("date:2016", _dated("2016-01-01", "2016-12-31")),
    "date:2016-02": _fixed("date:2016-02", _dated("2016-02-01", "2016-02-29")),
    "date one day": _one_day,
    "date range": _fixed("date:2016-03..2017-06", _dated("2016-03-01", "2017-06-30")),
    "date open start": _fixed("date:..2012-06", _dated("0000", "2012-06-30")),
    "date open end": _fixed("date:2022-07..", _dated("2022-07-01", "9999")),
    "year:2016": _fixed("year:2016", _dated("2016-01-01", "2016-12-31")),
    "year range": _fixed("year:2014..2016", _dated("2014-01-01", "2016-12-31")),
    "year OR date": _fixed(
        "year:2011 OR date:2019-05",
        lambda letter: (
            _dated("2011-01-01", "2011-12-31")(letter) or _dated("2019-05-01", "2019-05-31")(letter)
        ),
    ),
    "format:md": _fixed("format:md", lambda letter: letter.format == "md"),
    "type:TXT": _fixed("type:TXT", lambda letter: letter.format == "txt"),
    "id:": _one_id,
}


@pytest.mark.parametrize("name", list(FIELD_CASES))
def test_field_finds_exactly_the_matching_letters(corpus: Corpus, name: str) -> None:
    query, holds = FIELD_CASES[name](corpus)
    expected = {i for i, letter in corpus.letters.items() if holds(letter)}
    assert expected, query
    assert expected != corpus.all_ids(), query
    assert corpus.ids(query) == expected


@pytest.mark.parametrize("name", ["mp: surname", "dir:from_mp", "date range"])
def test_field_combines_with_words(corpus: Corpus, name: str) -> None:
    query, holds = FIELD_CASES[name](corpus)
    word = band_word(corpus, "common", 2)
    fielded = {i for i, letter in corpus.letters.items() if holds(letter)}
    assert corpus.ids(f"{query} {word}") == fielded & corpus.having(word)
    assert corpus.ids(f"{word} -({query})") == corpus.having(word) - fielded


# --- tags ---------------------------------------------------------------------------------------


def _index_files(store: Store) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in index_root(store).rglob("*") if p.is_file()}


TAG_QUERIES: list[tuple[str, Callable[[set[str], set[str]], set[str]]]] = [
    ("tag:tst-urgent", lambda tagged, everything: tagged),
    ("tag:TST-URGENT", lambda tagged, everything: tagged),
    ("tags:tst-urgent", lambda tagged, everything: tagged),
    ("tag:tst-urg*", lambda tagged, everything: tagged),
    ("-tag:tst-urgent", lambda tagged, everything: everything - tagged),
    ("tag:tst-urgent OR tag:tst-never", lambda tagged, everything: tagged),
    ("tag:tst-urgent tag:tst-never", lambda tagged, everything: set()),
]


@pytest.mark.parametrize(("query", "expected"), TAG_QUERIES)
def test_tags_are_searchable_the_moment_they_change(
    corpus: Corpus, query: str, expected: Callable[[set[str], set[str]], set[str]]
) -> None:
    store, everything = corpus.store, corpus.all_ids()
    chosen = sorted(corpus.letters)[10:13]
    index_before = _index_files(store)
    assert corpus.ids(query) == expected(set(), everything)
    try:
        store.update_tags(chosen, add=["tst-urgent"])
        assert corpus.ids(query) == expected(set(chosen), everything)
        store.update_tags(chosen[:1], remove=["tst-urgent"])
        assert corpus.ids(query) == expected(set(chosen[1:]), everything)
    finally:
        store.update_tags(chosen, remove=["tst-urgent"])
    assert corpus.ids(query) == expected(set(), everything)
    assert _index_files(store) == index_before  # nothing was reindexed


def test_tag_combines_with_words(corpus: Corpus) -> None:
    word = band_word(corpus, "medium", 4)
    with_word = sorted(corpus.having(word))
    without_word = sorted(corpus.all_ids() - corpus.having(word))
    chosen = with_word[:2] + without_word[:2]
    try:
        corpus.store.update_tags(chosen, add=["tst-mixed"])
        assert corpus.ids(f"tag:tst-mixed {word}") == set(with_word[:2])
        assert corpus.ids(f"tag:tst-mixed -{word}") == set(without_word[:2])
    finally:
        corpus.store.update_tags(chosen, remove=["tst-mixed"])


# --- prefix, fuzzy, phrase ----------------------------------------------------------------------


def _written_with_prefix(corpus: Corpus, prefix: str) -> set[str]:
    return {i for word, ids in corpus.written.items() if word.startswith(prefix) for i in ids}


@pytest.mark.parametrize("index", range(4))
def test_prefix_finds_the_letters_with_a_word_starting_so(corpus: Corpus, index: int) -> None:
    stems = sorted(
        stem
        for stem, count in corpus.frequency.items()
        if stem.isalpha() and len(stem) >= 7 and 0.03 * LETTERS <= count <= 0.3 * LETTERS
    )
    prefix = pick(stems, index, 4)[:5]
    expected = _written_with_prefix(corpus, prefix)
    assert expected
    assert corpus.ids(f"{prefix}*") == expected


def test_prefix_longer_than_the_stem_finds_the_word(corpus: Corpus) -> None:
    word = max(
        (w for stem, w in corpus.spelling.items() if w.isalpha() and len(w) >= len(stem) + 3),
        key=lambda w: len(corpus.written[w]),
    )
    prefix = word[:-1]
    assert corpus.written[word] <= corpus.ids(f"{prefix}*")


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@pytest.mark.parametrize(("index", "distance"), [(0, 1), (2, 1), (4, 1), (1, 2), (3, 2)])
def test_fuzzy_finds_words_within_the_distance(corpus: Corpus, index: int, distance: int) -> None:
    # Words the stemmer leaves alone, so that the misspelling is one edit from the stem.
    unstemmed = [
        word
        for word in corpus.words(*BANDS["medium"])
        if _stem(word) == word and _tokens("body", word[:2] + word[3:]) == [word[:2] + word[3:]]
    ]
    word = pick(unstemmed, index, 5)
    misspelt = word[:2] + word[3:]  # one letter dropped
    wanted = _stem(misspelt)
    near = {
        stem
        for stem in corpus.frequency
        if stem[:1] == wanted[:1] and _distance(stem, wanted) <= distance
    }
    expected = {i for i, stems in corpus.stems.items() if stems & near}
    assert corpus.having(word) <= expected
    assert corpus.ids(f"{misspelt}~{distance}") == expected
    if distance == 1:
        assert corpus.ids(f"{misspelt}~") == expected


def _phrase_case(corpus: Corpus) -> tuple[str, str, set[str], set[str]]:
    """Two words that are adjacent in some letters and apart in others."""
    bigrams: Counter[tuple[str, str]] = Counter()
    for sequence in corpus.sequences.values():
        bigrams.update(set(zip(sequence, sequence[1:], strict=False)))
    for (first, second), count in sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0])):
        if first == second or first not in corpus.spelling or second not in corpus.spelling:
            continue
        together = {
            i for i, sequence in corpus.sequences.items() if _run(list(sequence), [first, second])
        }
        apart = {i for i, stems in corpus.stems.items() if {first, second} <= stems} - together
        if 0.02 * LETTERS <= count <= 0.5 * LETTERS and len(apart) >= 5:
            return corpus.spelling[first], corpus.spelling[second], together, apart
    raise AssertionError("no phrase both adjacent and apart")


def test_phrase_finds_adjacent_words_only(corpus: Corpus) -> None:
    first, second, together, apart = _phrase_case(corpus)
    assert corpus.ids(f'"{first} {second}"') == together
    assert corpus.ids(f"{first} {second}") == together | apart
    assert corpus.ids(f'"{second} {first}"').isdisjoint(apart)


# --- sorting and paging -------------------------------------------------------------------------

SORT_QUERIES = ["", "common:0", "medium:2", "dir:to_mp"]


def _query(corpus: Corpus, spec: str) -> str:
    band, _, index = spec.partition(":")
    if band in BANDS and index.isdigit():
        return band_word(corpus, band, int(index))
    return spec


@pytest.mark.parametrize("spec", SORT_QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "date", "-date"])
def test_sort_orders_hits(corpus: Corpus, spec: str, sort: Sort) -> None:
    query = _query(corpus, spec)
    hits = corpus.search(query, sort=sort).hits
    assert {h.letter_id for h in hits} == corpus.ids(query, sort="relevance")
    days = [h.letter.metadata.date.isoformat() if h.letter.metadata.date else "~" for h in hits]
    if sort == "date":
        assert days == sorted(days)
    elif sort == "-date":
        assert days == sorted(days, key=lambda d: "" if d == "~" else d, reverse=True)
    elif query.startswith("dir:"):
        # A field narrows but does not rank: equally relevant letters come newest first.
        assert {h.score for h in hits} == {0.0}
        assert days == sorted(days, key=lambda d: "" if d == "~" else d, reverse=True)
    elif query:
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert scores[0] > 0


@pytest.mark.parametrize("spec", SORT_QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "date", "-date"])
def test_pages_add_up_to_one_big_page(corpus: Corpus, spec: str, sort: Sort) -> None:
    query = _query(corpus, spec)
    whole = [h.letter_id for h in corpus.search(query, sort=sort).hits]
    paged: list[str] = []
    for offset in range(0, len(whole) + 37, 37):
        page = corpus.search(query, sort=sort, limit=37, offset=offset)
        assert page.total == len(whole)
        assert page.offset == offset
        paged += [h.letter_id for h in page.hits]
    assert paged == whole


# --- facets and filters -------------------------------------------------------------------------


def _facet_value(facet: str, letter: Letter) -> str:
    meta = letter.metadata
    values = {
        "mp": meta.mp,
        "area": meta.area,
        "dept": _department(letter),
        "dir": meta.direction,
        "year": str(meta.date.year) if meta.date else None,
    }
    return values[facet] or ""


def _department(letter: Letter) -> str | None:
    """The department of a letter, plainly: the MP writes to it, or it writes to the MP; a
    letter between others (a charity to a minister) has the one organisation it names."""
    meta = letter.metadata
    if meta.direction == "from_mp":
        return meta.recipient_org
    if meta.direction == "to_mp":
        return meta.sender_org
    return meta.sender_org or meta.recipient_org


def _brute_facets(corpus: Corpus, ids: set[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        if facet == "tag":
            annotations = corpus.store.annotations()
            counter = Counter(t for i in ids if i in annotations for t in annotations[i].tags)
        elif facet == "reply":
            facts = corpus.searcher.threads.facts()
            assert facts is not None
            counter = Counter(facts.reply_time[i] for i in ids if i in facts.reply_time)
        else:
            counter = Counter(_facet_value(facet, corpus.letters[i]) for i in ids)
            counter.pop("", None)
        counts[facet] = dict(counter)
    return counts


@pytest.fixture
def facet_tags(corpus: Corpus) -> Iterator[dict[str, list[str]]]:
    """A few letters tagged for the facet tests, untagged afterwards."""
    ordered = sorted(corpus.letters)
    tagged = {"tst-alpha": ordered[0:40:3], "tst-beta": ordered[20:30]}
    for tag, ids in tagged.items():
        corpus.store.update_tags(ids, add=[tag])
    yield tagged
    for tag, ids in tagged.items():
        corpus.store.update_tags(ids, remove=[tag])


FACET_QUERIES = ["", "common:1", "medium:0", "medium:3", "dir:from_mp", "year:2015..2019"]


@pytest.mark.usefixtures("facet_tags")
@pytest.mark.parametrize("spec", FACET_QUERIES)
def test_facet_counts_match_the_hits(corpus: Corpus, spec: str) -> None:
    query = _query(corpus, spec)
    result = corpus.search(query, facets=True, limit=5)
    hit_ids = corpus.ids(query)
    assert result.total == len(hit_ids)
    counted = {name: {f.value: f.count for f in values} for name, values in result.facets.items()}
    assert counted == _brute_facets(corpus, hit_ids)
    for name, values in result.facets.items():
        if name == "year":
            assert [f.value for f in values] == sorted((f.value for f in values), reverse=True)
        else:  # most letters first (the order of ties is not part of the contract)
            assert [f.count for f in values] == sorted((f.count for f in values), reverse=True)


@pytest.mark.usefixtures("facet_tags")
@pytest.mark.parametrize("facet", FACETS)
@pytest.mark.parametrize("spec", ["", "common:1", "medium:3"])
def test_filters_keep_or_drop_a_facet_value(corpus: Corpus, facet: str, spec: str) -> None:
    query = _query(corpus, spec)
    hit_ids = corpus.ids(query)
    counts = _brute_facets(corpus, hit_ids)[facet]
    value = max(sorted(counts), key=lambda v: counts[v])
    kept = corpus.search(query, filters=[Filter(facet, value)])
    dropped = corpus.search(query, filters=[Filter(facet, value, exclude=True)])
    assert kept.total == counts[value]
    assert dropped.total == len(hit_ids) - counts[value]
    assert {h.letter_id for h in kept.hits} | {h.letter_id for h in dropped.hits} == hit_ids
    assert corpus.searcher.count(query, [Filter(facet, value)]) == counts[value]


@pytest.mark.usefixtures("facet_tags")
def test_two_filters_combine(corpus: Corpus) -> None:
    letters = corpus.letters.values()
    wanted = {
        letter.id
        for letter in letters
        if letter.metadata.direction == "to_mp"
        and letter.metadata.date is not None
        and letter.metadata.date.year != 2016
    }
    result = corpus.search("", filters=[Filter("dir", "to_mp"), Filter("year", "2016", True)])
    assert {h.letter_id for h in result.hits} == wanted


def test_unknown_facet_filter_is_refused(corpus: Corpus) -> None:
    with pytest.raises(ValueError, match="unknown facet"):
        corpus.search("", filters=[Filter("colour", "red")])


# --- snippets and matches -----------------------------------------------------------------------


def _flat(text: str) -> str:
    return re.sub(r"\s", " ", text)


@pytest.mark.parametrize("spec", ["common:3", "medium:0", "medium:2", "rare:1", "rare:4"])
def test_snippet_spans_point_at_the_query_word(corpus: Corpus, spec: str) -> None:
    word = _query(corpus, spec)
    result = corpus.searcher.search(word, limit=40, facets=False)
    assert result.hits
    for hit in result.hits:
        snippet = hit.snippet
        assert "\n" not in snippet.text and "\r" not in snippet.text and "\t" not in snippet.text
        assert snippet.text.strip("…") in _flat(corpus.texts[hit.letter_id])  # no markup
        assert snippet.spans, hit.letter_id
        for start, end in snippet.spans:
            assert _tokens("body", snippet.text[start:end]) == [_stem(word)]


def test_snippet_spans_cover_a_phrase(corpus: Corpus) -> None:
    first, second, _together, _apart = _phrase_case(corpus)
    result = corpus.searcher.search(f'"{first} {second}"', limit=20, facets=False)
    for hit in result.hits:
        covered = [hit.snippet.text[s:e] for s, e in hit.snippet.spans]
        assert covered
        for text in covered:
            assert _tokens("body", text) == [_stem(first), _stem(second)]


def test_snippet_of_a_field_only_query_is_the_opening_of_the_body(corpus: Corpus) -> None:
    for hit in corpus.searcher.search("dir:to_mp", limit=10, facets=False).hits:
        assert hit.snippet.spans == ()
        assert hit.snippet.text
        assert hit.snippet.text.strip("…") in _flat(corpus.texts[hit.letter_id])


@pytest.mark.parametrize("specs", [("medium:1",), ("common:0", "medium:4"), ("rare:2", "rare:0")])
def test_matches_in_are_ordered_and_point_at_query_words(
    corpus: Corpus, specs: tuple[str, ...]
) -> None:
    words = [_query(corpus, spec) for spec in specs]
    wanted = {_stem(word) for word in words}
    holders = sorted(set.union(*(corpus.having(word) for word in words)))[:10]
    assert holders
    for letter_id in holders:
        text = corpus.texts[letter_id]
        spans = corpus.searcher.matches_in(letter_id, " OR ".join(words))
        assert spans == sorted(spans)
        assert all(end <= start for (_s, end), (start, _e) in zip(spans, spans[1:], strict=False))
        assert all(_tokens("body", text[s:e])[0] in wanted for s, e in spans)
        occurrences = [m for m in _WORD.finditer(text) if _tokens("body", m.group())[:1]]
        expected = [m.span() for m in occurrences if _tokens("body", m.group())[0] in wanted]
        assert spans == expected


@pytest.mark.parametrize("query", ['"unclosed', "mp:", ""])
def test_matches_in_without_words_is_empty(corpus: Corpus, query: str) -> None:
    assert corpus.searcher.matches_in(sorted(corpus.letters)[0], query) == []


def test_matches_in_unknown_letter_is_empty(corpus: Corpus) -> None:
    assert corpus.searcher.matches_in("nosuchletter", band_word(corpus, "common", 0)) == []


# --- did you mean -------------------------------------------------------------------------------


def _misspelt_common_word(corpus: Corpus, *, stemmed: bool) -> tuple[str, str]:
    for word in reversed(corpus.words(0.3, 1.0)):
        if len(word) < 7 or (_stem(word) != word) != stemmed:
            continue
        misspelt = word[:4] + word[5:]
        if not corpus.having(misspelt):
            return word, misspelt
    raise AssertionError("no common word to misspell")


@pytest.mark.parametrize("stemmed", [False, True])
def test_misspelt_word_gets_a_suggestion_that_finds_letters(corpus: Corpus, stemmed: bool) -> None:
    _word, misspelt = _misspelt_common_word(corpus, stemmed=stemmed)
    result = corpus.search(misspelt)
    assert result.total == 0
    assert result.suggestion is not None
    assert result.suggestion != misspelt
    assert corpus.searcher.count(result.suggestion) > 0


def test_suggestion_is_a_word_from_the_letters(corpus: Corpus) -> None:
    _word, misspelt = _misspelt_common_word(corpus, stemmed=True)
    suggestion = corpus.search(misspelt).suggestion
    assert suggestion in corpus.written


@pytest.mark.parametrize("query", ["qzxvjkw", "zzyzzx mp:nobody", "xqxqxqxq"])
def test_nonsense_gets_no_suggestion(corpus: Corpus, query: str) -> None:
    result = corpus.search(query)
    assert result.total == 0
    assert result.suggestion is None


def test_a_query_with_hits_gets_no_suggestion(corpus: Corpus) -> None:
    assert corpus.search(band_word(corpus, "medium", 0)).suggestion is None


def test_query_errors_reach_the_caller(corpus: Corpus) -> None:
    with pytest.raises(QueryError):
        corpus.search("mp:")
    with pytest.raises(QueryError):
        corpus.searcher.count("(child")


# --- similar letters ----------------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 120, 250, 380])
def test_similar_letters_most_similar_first_without_the_letter(corpus: Corpus, index: int) -> None:
    letter_id = sorted(corpus.letters)[index]
    result = corpus.searcher.similar(letter_id, limit=8)
    ids = [hit.letter_id for hit in result.hits]
    assert ids
    assert letter_id not in ids
    assert len(set(ids)) == len(ids) == result.total <= 8
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_similar_to_an_unknown_letter_is_empty(corpus: Corpus) -> None:
    assert corpus.searcher.similar("nosuchletter").hits == ()


CAMPAIGN = (
    "Dear Minister,\n\nMy constituent in {town} has written to me about the closure of the "
    "Quillmarsh ferry crossing, the loss of the Thursday tidal timetable and the fares charged "
    "to pensioners crossing to Brindlecombe. The ferry trust says the pontoon at Quillmarsh "
    "needs new piles before the winter gales.\n\nYours sincerely,\n\n{mp} MP\n"
)
UNRELATED = (
    "Dear Minister,\n\nI write about the Larchwood orchard allotments, where the parish "
    "council plans to plant damsons and medlars beside the old cider barn at Fettleby.\n\n"
    "Yours sincerely,\n\nPenrose Hallidew MP\n"
)


def test_similar_puts_a_campaign_letters_twin_first(tmp_path: Path) -> None:
    letters = tmp_path / "campaign"
    letters.mkdir()
    (letters / "a.txt").write_text(CAMPAIGN.format(town="Ebbmouth", mp="Corin Tadwell"))
    (letters / "b.txt").write_text(CAMPAIGN.format(town="Salterby", mp="Isolde Wrayburn"))
    (letters / "c.txt").write_text(UNRELATED)
    store = Store(tmp_path / "archive", create=True)
    import_paths(store, [letters], workers=1)
    sync(store)
    by_file = {Path(letter.path).name: letter.id for letter in store.letters()}
    searcher = Searcher(store)
    try:
        found = [hit.letter_id for hit in searcher.similar(by_file["a.txt"]).hits]
    finally:
        searcher.close()
    assert found[0] == by_file["b.txt"]
    assert by_file["a.txt"] not in found


@pytest.mark.parametrize("stop_word", ["the", "an", "AND the"])
def test_a_word_too_common_to_index_is_left_out_not_matched_as_nothing(
    corpus: Corpus, stop_word: str
) -> None:
    word = band_word(corpus, "medium", 0)
    alone = corpus.ids(word)
    assert alone
    result = corpus.search(f"{word} {stop_word}")
    assert {h.letter_id for h in corpus.search(f"{word} {stop_word}", limit=1000).hits} == alone
    assert any("too common" in note for note in result.notes)
    # Nothing but such words finds nothing (and says why), rather than every letter.
    assert corpus.search(stop_word.replace("AND ", "")).total == 0


@pytest.mark.parametrize("few", [0, 10**9])
def test_phrase_positions_read_all_at_once_or_letter_by_letter_agree(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, few: int
) -> None:
    import index.matching as matching

    def forget() -> None:
        corpus.searcher._recent.clear()
        columns = corpus.searcher._columns
        if columns is not None and columns.matcher is not None:
            columns.matcher._cache.clear()

    monkeypatch.setattr(matching, "FEW_CANDIDATES", few)
    forget()
    try:
        first, second, together, _apart = _phrase_case(corpus)
        assert corpus.ids(f'"{first} {second}"') == together
    finally:
        forget()


def test_a_phrase_of_one_word_and_stop_words_finds_the_words_letters_from_its_postings(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "the WORD" is WORD once stop words are left out: the same letters, and read from the
    word's postings, not by Whoosh walking them a letter at a time."""
    import index.matching as matching

    word = corpus.words(0.05, 0.5)[0]
    expected = corpus.having(word)
    assert expected

    def walked(*_args: object) -> object:
        raise AssertionError("matched by Whoosh's matcher")

    monkeypatch.setattr(matching.Matcher, "_slow_query", walked)
    corpus.searcher._recent.clear()
    assert corpus.ids(f'"the {word}"') == expected
    assert corpus.ids(f'"{word} of the"') == expected


def test_a_prefix_reads_each_of_its_words_once_for_matching_and_ranking(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prefix standing for more words than the word cache holds still reads each word's
    postings once per search (the ranking used to read them all again)."""
    import index.matching as matching

    corpus.searcher.search("qqqnothing")
    matcher = corpus.searcher._columns.matcher  # type: ignore[union-attr]
    assert matcher is not None
    prefix = next(
        p for p in ("co", "re", "pr", "in", "st") if len(matcher.prefix_stems(p) or []) > 4
    )
    expected = corpus.ids(f"{prefix}*", sort="-date")
    monkeypatch.setattr(matching, "CACHED_WORDS", 2)
    matcher._cache.clear()
    matcher._prefixes.clear()
    corpus.searcher._recent.clear()
    reads: Counter[str] = Counter()
    read = matching.Matcher._read_postings

    def counted(self: matching.Matcher, fieldname: str, text: str) -> object:
        reads[text] += 1
        return read(self, fieldname, text)

    monkeypatch.setattr(matching.Matcher, "_read_postings", counted)
    result = corpus.search(f"{prefix}*")
    assert {hit.letter_id for hit in result.hits} == expected
    assert set(reads) == set(matcher.prefix_stems(prefix) or [])
    assert max(reads.values()) == 1


# --- ties go by the letters' ids, whatever document numbers the index gave them ------------


def _columns(ids: list[str], dates: list[int]) -> Columns:
    return Columns(
        ids=ids,
        dates=np.asarray(dates, dtype=np.int32),
        facets={},
        docnum={letter_id: n for n, letter_id in enumerate(ids)},
        alive=np.arange(len(ids), dtype=np.int32),
    )


@pytest.mark.parametrize("wanted", [1, 2, 3, 5, 6])
def test_tied_scores_go_newest_first_then_by_letter_id(wanted: int) -> None:
    # Document numbers in another order than the ids (as two writer processes give them).
    ids = ["e5", "a1", "d4", "b2", "c3", "f6"]
    dates = [20160101, 20160101, 20160101, 20170101, 20160101, 0]
    scores = np.asarray([2.0, 2.0, 2.0, 2.0, 2.0, 3.0])
    docnums = np.arange(6, dtype=np.int32)

    ranked = by_score(docnums, scores, _columns(ids, dates), wanted)

    expected = ["f6", "b2", "a1", "c3", "d4", "e5"][:wanted]
    assert [ids[d] for d, _score in ranked] == expected


@pytest.mark.parametrize("newest_first", [True, False])
def test_same_date_letters_go_by_letter_id_and_undated_last(newest_first: bool) -> None:
    ids = ["c3", "a1", "z9", "b2"]
    dates = [20160101, 20160101, 0, 20150101]
    docnums = np.arange(4, dtype=np.int32)

    for wanted in (1, 2, 3, 4):
        found = [ids[d] for d in by_date(docnums, _columns(ids, dates), newest_first, wanted)]
        full = ["a1", "c3", "b2", "z9"] if newest_first else ["b2", "a1", "c3", "z9"]
        assert found == full[:wanted]


def test_the_facets_of_one_letter_are_its_values() -> None:
    from index.columns import Column
    from index.searcher import column_facets

    column = Column(codes=np.asarray([2, 0, 1, 3], dtype=np.int32), values=["", "a", "b", "c"])
    found = [column_facets(column, np.asarray([d], dtype=np.int32)) for d in range(4)]
    assert [[(c.value, c.count) for c in counts] for counts in found] == [
        [("b", 1)],
        [],  # no value: no count
        [("a", 1)],
        [("c", 1)],
    ]


@pytest.mark.parametrize("letters", [6, 60])  # counted in Python, and with numpy
def test_facet_values_with_the_same_count_go_by_value_not_by_code(letters: int) -> None:
    from index.columns import Column
    from index.searcher import column_facets

    # Codes in the order an index build met the values: not the values' order.
    column = Column(
        codes=np.asarray([1, 2, 3, 3, 2, 1] * (letters // 6), dtype=np.int32),
        values=["", "to_mp", "other", "from_mp"],
    )
    matched = np.arange(letters, dtype=np.int32)
    counts = column_facets(column, matched)
    each = letters // 3
    assert [(c.value, c.count) for c in counts] == [
        ("from_mp", each),
        ("other", each),
        ("to_mp", each),
    ]
    counts = column_facets(column, matched[:-1])  # "to_mp" is one short now
    assert [c.value for c in counts] == ["from_mp", "other", "to_mp"]
    assert counts[-1].count == each - 1


def test_a_department_typed_by_its_short_name_finds_it_by_name(corpus: Corpus) -> None:
    # The facet shows "DfE · Department for Education": "dept:DfE" finds what the full
    # name finds (the letters themselves may never write the short name).
    counts = Counter(d for letter in corpus.letters.values() if (d := _department(letter)))
    name, short = next((n, s) for n, _ in counts.most_common() if (s := acronym(n)))
    by_name = corpus.ids(f'dept:"{name}"')
    assert by_name
    assert by_name <= corpus.ids(f"dept:{short}")
    assert by_name <= corpus.ids(f"dept:{short}*")  # as the app asks while it is typed
