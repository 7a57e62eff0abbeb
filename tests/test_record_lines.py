"""Letter records are read from the records file by position, as the file was when opened."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from archive.storage import LazyRecords, RecordLinesStorage, RecordsDamaged, replace_file

RECORDS = [
    {"id": "a1", "path": "/letters/a.txt", "sha256": "aa", "metadata": {"mp": "Ann Jones"}},
    {"id": "b2", "path": "/letters/b.txt", "sha256": "bb", "metadata": {"places": ["Ormby"]}},
    {"id": "c3", "path": "/letters/c.txt", "sha256": "cc", "metadata": {}},
]


def _write(path: Path, records: list[dict[str, object]], end: bytes = b"\n") -> bytes:
    payload = b"\n".join(orjson.dumps(record) for record in records) + end
    replace_file(path, payload, durable=False)
    return payload


@pytest.mark.parametrize("window", [8, 1 << 20])
@pytest.mark.parametrize("end", [b"\n", b""])
def test_every_record_reads_back_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int, end: bytes
) -> None:
    monkeypatch.setattr(LazyRecords, "WINDOW", window)
    path = tmp_path / "letters.jsonl"
    payload = _write(path, RECORDS, end)
    records = RecordLinesStorage(path, "letters").records

    assert list(records) == ["a1", "b2", "c3"]
    assert list(records.stream()) == RECORDS
    assert [records[key] for key in ("c3", "a1", "b2")] == [RECORDS[2], RECORDS[0], RECORDS[1]]
    assert records.encoded() == payload.rstrip(b"\n") + b"\n"


def test_records_opened_stay_those_of_the_file_when_another_process_replaces_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "letters.jsonl"
    payload = _write(path, RECORDS)
    storage = RecordLinesStorage(path, "letters")
    records = storage.records
    assert records["a1"] == RECORDS[0]
    # Another process writes the file anew: longer records, so every place in it moves.
    changed = [
        {**record, "metadata": {"mp": "A much longer name than before", "n": n}}
        for n, record in enumerate(reversed(RECORDS))
    ]
    _write(path, changed)

    assert storage.changed_on_disk()
    assert records["b2"] == RECORDS[1]
    assert list(records.stream()) == RECORDS
    assert records.encoded() == payload
    storage.reload()
    assert storage.records["b2"] == changed[1]


def test_a_record_changed_in_memory_is_kept_in_its_place(tmp_path: Path) -> None:
    path = tmp_path / "letters.jsonl"
    _write(path, RECORDS)
    records = RecordLinesStorage(path, "letters").records

    records["b2"] = {"path": "/letters/b2.txt", "sha256": "b2"}
    records["d4"] = {"path": "/letters/d.txt", "sha256": "dd"}
    del records["a1"]

    assert [record["id"] for record in records.stream()] == ["b2", "c3", "d4"]
    assert records["b2"] == {"id": "b2", "path": "/letters/b2.txt", "sha256": "b2"}
    assert records.encoded().splitlines()[1] == orjson.dumps(RECORDS[2])


def test_a_damaged_line_is_named_when_its_record_is_read(tmp_path: Path) -> None:
    path = tmp_path / "letters.jsonl"
    good = orjson.dumps(RECORDS[0])
    replace_file(path, good + b'\n{"id":"b2","path": oops\n', durable=False)
    records = RecordLinesStorage(path, "letters").records

    assert records["a1"] == RECORDS[0]
    with pytest.raises(RecordsDamaged, match="letter b2 is damaged"):
        records["b2"]


_GOOD = orjson.dumps(RECORDS[0])


@pytest.mark.parametrize(
    ("line", "kept", "damaged"),
    [
        # A line written by the store: its id is read without decoding, in either mode.
        (orjson.dumps(RECORDS[1]), "b2", None),
        # Another key first: decoded for its id; tolerant reading also wants path and checksum.
        (b'{"path":"/letters/b.txt","sha256":"bb","id":"b2"}', "b2", None),
        (b'{"path":"/letters/b.txt","id":"b2"}', "b2", ("b2", "/letters/b.txt")),
        (b'{"sha256":"bb","id":7}', "7", (None, None)),
        (b'{"path":"/letters/b.txt","sha256":"bb"}', None, (None, "/letters/b.txt")),
        (b'{"path":"/letters/b.txt", "id":"b2", oops', None, ("b2", "/letters/b.txt")),
        (b'["b2"]', None, (None, None)),
        (b"17", None, (None, None)),
    ],
)
def test_how_each_line_of_the_records_file_is_read(
    tmp_path: Path, line: bytes, kept: str | None, damaged: tuple[str | None, str | None] | None
) -> None:
    """Strict reading raises on a line it cannot take (naming the line); tolerant reading
    passes it over, noting what it still says; a blank line is no record in either."""
    path = tmp_path / "letters.jsonl"
    replace_file(path, _GOOD + b"\n\n  \n" + line + b"\n", durable=False)

    strict = RecordLinesStorage(path, "letters")
    if kept is None:
        with pytest.raises(RecordsDamaged, match="damaged at line 4"):
            _ = strict.records
    else:
        assert list(strict.records) == ["a1", kept]
        assert strict.damaged == []

    tolerant = RecordLinesStorage(path, "letters")
    tolerant.tolerant = True
    expected = ["a1"] if damaged else ["a1", kept]
    assert list(tolerant.records) == expected
    assert tolerant.records["a1"] == RECORDS[0]
    found = [(d.number, d.letter_id, d.path) for d in tolerant.damaged]
    assert found == ([(4, *damaged)] if damaged else [])
