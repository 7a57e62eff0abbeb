"""The index's segment writer writes what Whoosh's writer writes, with less work."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from whoosh import index
from whoosh.writing import SegmentWriter

from index import segment_writer
from index.analysis import FusedStemmingAnalyzer
from index.fields import TOKEN_PATTERN, schema
from index.scoring import LetterCodec
from index.segment_writer import LetterMpWriter, LetterPostingsWriter, LetterSegmentWriter
from index.writer import _WORD, balanced_chunks, words_in
from tests.test_query import ANALYZER_TEXTS


@pytest.fixture(scope="module")
def letter_texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    from archive.generator import generate_archive

    folder = tmp_path_factory.mktemp("letters")
    generate_archive(24, folder, seed=5)
    texts = [p.read_text("utf-8", "replace") for p in sorted(folder.rglob("*.txt"))]
    assert len(texts) > 12
    return texts


def documents(texts: list[str]) -> list[dict[str, Any]]:
    """Documents that fill every field, the way ``document_for`` fills them."""
    people = ["Imogen Testwell", "Barnaby Quillfeather", "Rosalind Ferncombe"]
    places = ["Wexhurst", "Luntby ; Cranborough", "Ormby"]
    found = []
    for number, text in enumerate(texts):
        date = 20100105 + (number % 12) * 100 + number % 27
        found.append(
            {
                "id": f"letter{number:04d}",
                "sha": hashlib.sha256(text.encode()).hexdigest(),
                "body": text,
                "subject": text.splitlines()[0] if text.strip() else "",
                "ref": f"ab{number}/16,ab{number}16",
                "mp": people[number % 3],
                "area": places[number % 3],
                "dept": "Home Office ; Department for Transport",
                "sender": people[(number + 1) % 3],
                "recipient": "Secretary of State",
                "cc": people[number % 2] if number % 4 else "",
                "direction": ("to_mp", "from_mp", "other")[number % 3],
                "format": "txt ocr" if number % 5 == 0 else "txt",
                "c_mp": people[number % 3],
                "c_area": places[number % 3],
                "c_dept": "Home Office",
                "c_dir": ("to_mp", "from_mp", "other")[number % 3],
                "c_date": date,
                "date": date,
                "year": date // 10000,
            }
        )
    return found


def build(
    folder: Path,
    docs: list[dict[str, Any]],
    writer_class: Any,
    blocklimit: int = 128,
    **options: Any,
) -> Any:
    folder.mkdir()
    ix = index.create_in(str(folder), schema())
    codec = LetterCodec(blocklimit=blocklimit)
    writer = writer_class(ix, limitmb=16, compound=False, codec=codec, **options)
    for attribute, value in options.pop("_set", {}).items():
        setattr(writer, attribute, value)
    for document in docs:
        writer.add_document(**document)
    writer.commit(merge=False)
    return index.open_dir(str(folder), schema=schema())


def files_by_kind(folder: Path) -> dict[str, bytes]:
    """The segment's files by extension (segment names are random)."""
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in folder.iterdir()
        if path.suffix in (".pst", ".trm", ".col")
    }


def postings(ix: Any) -> dict[tuple[str, bytes], list[tuple[str, float, bytes]]]:
    """Every posting the index holds, by letter id (docnums differ between segments)."""
    held: dict[tuple[str, bytes], list[tuple[str, float, bytes]]] = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            found = []
            while matcher.is_active():
                found.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            held[(fieldname, text)] = sorted(found)
    return held


@pytest.mark.parametrize("text", [*ANALYZER_TEXTS, "the the cat the cat", "a an of"])
def test_positions_are_the_analyzers_tokens_grouped_by_term(text: str) -> None:
    analyzer = FusedStemmingAnalyzer(TOKEN_PATTERN)
    grouped: dict[str, list[int]] = {}
    for token in analyzer(text, positions=True):
        grouped.setdefault(token.text, []).append(token.pos)
    assert analyzer.positions(text) == grouped


def test_positions_match_the_tokens_of_generated_letters(letter_texts: list[str]) -> None:
    analyzer = FusedStemmingAnalyzer(TOKEN_PATTERN)
    for text in letter_texts:
        grouped: dict[str, list[int]] = {}
        for token in analyzer(text, positions=True):
            grouped.setdefault(token.text, []).append(token.pos)
        assert list(analyzer.positions(text).items()) == list(grouped.items())


def test_grouped_positions_are_the_positions_by_term(letter_texts: list[str]) -> None:
    """The arrays the writer encodes hold each term's positions as ``positions`` gives them
    (texts that need the token-by-token path say so with None)."""
    analyzer = FusedStemmingAnalyzer(TOKEN_PATTERN, minsize=2)
    compared = 0
    for text in [*ANALYZER_TEXTS, *letter_texts, "the the cat the cat", "a an of", ""]:
        grouped = analyzer.grouped_positions(text)
        if grouped is None:
            assert len(text.lower()) != len(text) or "Σ" in text
            continue
        terms, starts, places = grouped
        bounds = [*starts.tolist(), places.size]
        found = {
            term.decode(): places[start:end].tolist()
            for term, start, end in zip(terms, bounds[:-1], bounds[1:], strict=True)
        }
        assert found == analyzer.positions(text)
        compared += len(found)
    assert compared > 1000


class SpillingWriter(LetterSegmentWriter):
    """Writes its pool out as a sorted run every few letters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool.limit = 20_000


@pytest.mark.parametrize(("spill", "blocklimit"), [(False, 128), (True, 128), (False, 3)])
def test_segment_files_are_whooshs_byte_for_byte(
    tmp_path: Path, letter_texts: list[str], spill: bool, blocklimit: int
) -> None:
    """Compressing and pickling every block as Whoosh does, the files are the ones Whoosh
    writes (also when the pool outgrows its memory and is written out in sorted runs, then
    merged, and when most terms' postings take several blocks)."""
    docs = documents(letter_texts)
    build(tmp_path / "whoosh", docs, SegmentWriter, blocklimit)
    ours = SpillingWriter if spill else LetterSegmentWriter
    original = LetterSegmentWriter.compress_from, LetterSegmentWriter.block_protocol
    LetterSegmentWriter.compress_from, LetterSegmentWriter.block_protocol = None, 2
    try:
        build(tmp_path / "ours", docs, ours, blocklimit)
    finally:
        LetterSegmentWriter.compress_from, LetterSegmentWriter.block_protocol = original
    theirs = files_by_kind(tmp_path / "whoosh")
    assert len(theirs) >= 7
    assert files_by_kind(tmp_path / "ours") == theirs


@pytest.mark.parametrize("terms_a_write", [1, 7])
def test_terms_written_in_bulk_are_whooshs_byte_for_byte_however_they_are_gathered(
    tmp_path: Path,
    letter_texts: list[str],
    terms_a_write: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A term of one block is written by the bulk path (only longer ones by ``write_term``),
    and gathering its bytes with other terms' (up to a write every few terms, and around
    the longer terms) writes the files Whoosh writes."""
    docs = documents(letter_texts)
    build(tmp_path / "whoosh", docs, SegmentWriter, 3)
    longer: list[int] = []
    write_term = LetterPostingsWriter.write_term

    def counted(writer: LetterPostingsWriter, postings: list[Any]) -> Any:
        longer.append(len(postings))
        return write_term(writer, postings)

    monkeypatch.setattr(LetterPostingsWriter, "write_term", counted)
    monkeypatch.setattr(segment_writer, "_TERMS_A_WRITE", terms_a_write)
    monkeypatch.setattr(LetterSegmentWriter, "compress_from", None)
    monkeypatch.setattr(LetterSegmentWriter, "block_protocol", 2)
    build(tmp_path / "ours", docs, LetterSegmentWriter, 3)

    assert longer and all(count > 3 for count in longer)
    assert files_by_kind(tmp_path / "ours") == files_by_kind(tmp_path / "whoosh")


@pytest.mark.parametrize("spill", [False, True])
def test_small_blocks_are_left_uncompressed_and_read_back_the_same(
    tmp_path: Path, letter_texts: list[str], spill: bool
) -> None:
    docs = documents(letter_texts)
    whoosh_ix = build(tmp_path / "whoosh", docs, SegmentWriter)
    ours_ix = build(tmp_path / "ours", docs, SpillingWriter if spill else LetterSegmentWriter)
    held = postings(ours_ix)
    assert len(held) > 1000
    assert held == postings(whoosh_ix)
    # Not the same bytes: rare words' blocks are stored as they are.
    assert files_by_kind(tmp_path / "ours")["pst"] != files_by_kind(tmp_path / "whoosh")["pst"]


def test_the_multiprocess_writer_holds_the_same_postings(
    tmp_path: Path, letter_texts: list[str]
) -> None:
    docs = documents(letter_texts)
    whoosh_ix = build(tmp_path / "whoosh", docs, SegmentWriter)
    folder = tmp_path / "ours"
    folder.mkdir()
    ix = index.create_in(str(folder), schema())
    writer = LetterMpWriter(
        ix, procs=2, batchsize=5, multisegment=True, limitmb=16, compound=False, codec=LetterCodec()
    )
    for document in docs:
        writer.add_document(**document)
    writer.commit(merge=False)
    ours_ix = index.open_dir(str(folder), schema=schema())
    assert len(ours_ix._segments()) == 2
    assert postings(ours_ix) == postings(whoosh_ix)


def test_the_multiprocess_writer_wants_whole_segments(tmp_path: Path) -> None:
    ix = index.create_in(str(tmp_path), schema())
    with pytest.raises(ValueError, match="multisegment"):
        LetterMpWriter(ix, procs=2)


def test_words_from_pieces_are_the_texts_words(letter_texts: list[str]) -> None:
    odd = "o''clock __x__ 3rd a\u2028b\x1cc MP’s’ Σ ΟΔΟΣ ΣΑΣ\nΣ'Α İstanbul ΣΣ.Σ"
    for text in [*ANALYZER_TEXTS, *letter_texts, odd]:
        assert words_in(text.split()) == set(_WORD.findall(text.lower()))


@pytest.mark.parametrize(
    ("letters", "most", "sizes"),
    [
        (9992, 8000, [4996, 4996]),
        (8000, 8000, [8000]),
        (8001, 8000, [4000, 4001]),
        (10, 3, [2, 3, 2, 3]),
        (1, 8000, [1]),
        (0, 8000, []),
    ],
)
def test_chunks_are_as_few_as_allowed_and_of_about_one_size(
    letters: int, most: int, sizes: list[int]
) -> None:
    """No last chunk too small for the multi-process writer (9,992 was 8,000 then 1,992)."""
    work = list(range(letters))
    chunks = balanced_chunks(work, most)
    assert [len(chunk) for chunk in chunks] == sizes
    assert [item for chunk in chunks for item in chunk] == work


def test_spelling_words_and_term_vectors_are_written_as_whoosh_writes_them(
    tmp_path: Path,
) -> None:
    """No field of the schema has them today; a field that gains them is still written."""
    from whoosh import analysis, fields

    with_extras = fields.Schema(
        id=fields.ID(stored=True),
        body=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), spelling=True, vector=True),
    )
    texts = ["flooding floods in Wexhurst", "the children of Luntby", "schools and schooling"]
    held = []
    for name, writer_class in (("whoosh", SegmentWriter), ("ours", LetterSegmentWriter)):
        folder = tmp_path / name
        folder.mkdir()
        writer = writer_class(index.create_in(str(folder), with_extras), compound=False)
        for number, text in enumerate(texts):
            writer.add_document(id=str(number), body=text)
        writer.commit()
        with index.open_dir(str(folder)).searcher() as searcher:
            reader = searcher.reader()
            vectors = [list(reader.vector_as("weight", n, "body")) for n in range(len(texts))]
            held.append((sorted(reader.all_terms()), vectors))
    assert len(held[0][0]) > 10
    assert held[1] == held[0]


def test_blocks_read_directly_give_what_whooshs_matcher_gives(
    tmp_path: Path, letter_texts: list[str]
) -> None:
    """Blocks pickled with ``BLOCK_PROTOCOL`` (bytes as bytes, not as latin-1 strings) are
    read the same by the searcher's block decoder as by Whoosh's matcher, and take less
    room than Whoosh's (protocol 2) pickles."""
    from index.matching import _postings

    docs = documents(letter_texts * 12)  # common words span several 128-posting blocks
    ours = build(tmp_path / "ours", docs, LetterSegmentWriter)
    original = LetterSegmentWriter.block_protocol
    LetterSegmentWriter.block_protocol = 2
    try:
        build(tmp_path / "protocol2", docs, LetterSegmentWriter)
    finally:
        LetterSegmentWriter.block_protocol = original
    with ours.searcher() as searcher:
        reader = searcher.reader()
        terms = [(f, t) for f, t in reader.all_terms() if f in ("body", "mp", "date")]
        for fieldname, text in terms:
            positions = fieldname == "body"  # the phrase check reads a body's positions
            ids, weights, *values = _postings(reader, fieldname, text, with_values=positions)
            matcher = reader.postings(fieldname, text)
            expected = []
            while matcher.is_active():
                expected.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found = list(zip(ids.tolist(), weights.tolist(), *values, strict=True))
            assert found == [posting[: 3 if positions else 2] for posting in expected]
    assert len(terms) > 500
    sizes = {name: files_by_kind(tmp_path / name)["pst"] for name in ("ours", "protocol2")}
    assert len(sizes["ours"]) < 0.8 * len(sizes["protocol2"])


def test_column_fields_are_read_as_columns_and_have_no_terms(
    tmp_path: Path, letter_texts: list[str]
) -> None:
    """The facet and date columns and the stored content hash are there for every letter;
    no term is written for them (nothing searches them by term)."""
    docs = documents(letter_texts)
    ix = build(tmp_path / "ours", docs, LetterSegmentWriter)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        fields_with_terms = {fieldname for fieldname, _ in reader.all_terms()}
        assert {"id", "body", "mp", "date"} <= fields_with_terms
        assert not fields_with_terms & {"sha", "c_mp", "c_area", "c_dept", "c_dir", "c_date"}
        for name in ("id", "c_mp", "c_area", "c_dept", "c_dir", "c_date"):
            assert list(reader.column_reader(name)) == [doc[name] for doc in docs]
        assert [fields["sha"] for _, fields in reader.iter_docs()] == [d["sha"] for d in docs]
