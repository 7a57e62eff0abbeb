"""The pairing bench's noisy metadata, and its truth for replies that answer several letters."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from archive.store import Store
from bench.bench_pairing import _cases, _recall_by_case, _score, _truth
from bench.noise import ERROR_RATES, damage


def _records(count: int) -> list[dict[str, Any]]:
    """Records with every damaged field found, as a clean extraction leaves them."""
    return [
        {
            "id": f"id{index}",
            "path": f"/letters/{index}.txt",
            "text_ref": f"blob:{index}",
            "metadata": {
                "mp": f"MP {index % 40}",
                "date": (dt.date(2015, 1, 1) + dt.timedelta(days=index % 900)).isoformat(),
                "references": [f"REF/{index}"],
                "sender_org": f"Department {index % 12}",
                "recipient_org": "House of Commons",
                "sender_name": f"Minister {index % 30}",
                "sender_role": "Minister of State",
                "recipient_name": f"MP {index % 40}",
                "in_reply_to_date": "2014-12-01",
                "cc": [f"Other {index % 7}"],
                "direction": "to_mp",
            },
        }
        for index in range(count)
    ]


def test_damage_is_seeded() -> None:
    records = _records(400)
    first, _ = damage(records, seed=1)
    again, _ = damage(records, seed=1)
    other, _ = damage(records, seed=2)
    assert first == again
    assert first != other


def test_damage_hurts_each_field_at_about_its_rate() -> None:
    records = _records(6000)
    for record in records[::2]:
        del record["metadata"]["cc"]  # a field extraction did not find stays missing
    copies, report = damage(records, seed=3)
    assert all("cc" not in c["metadata"] for c in copies[::2])
    assert report.found["cc"] == 3000
    for name, rate in ERROR_RATES.items():
        pairs = zip(copies, records, strict=True)
        changed = sum(c["metadata"].get(name) != r["metadata"].get(name) for c, r in pairs)
        assert changed == report.missing.get(name, 0) + report.wrong.get(name, 0)
        assert abs(report.share(name) - rate) < 0.015, (name, report.share(name), rate)
    wrong = sum(report.wrong.values())
    assert 0.2 < wrong / (wrong + sum(report.missing.values())) < 0.45
    assert all(c["metadata"]["direction"] == "to_mp" for c in copies)


def test_damage_never_touches_the_records_or_the_text(tmp_path: Path, store: Store) -> None:
    records = _records(500)
    before = copy.deepcopy(records)
    copies, _ = damage(records, seed=4)
    assert records == before  # the records the store returned are left as they were
    for damaged, record in zip(copies, records, strict=True):
        assert {k: v for k, v in damaged.items() if k != "metadata"} == {
            k: v for k, v in record.items() if k != "metadata"
        }
    letter = tmp_path / "letters" / "a.txt"
    letter.parent.mkdir()
    letter.write_text("Dear Minister,\n\nRef: AB/1234, 2 May 2019.\n\nYours,\nA MP\n")
    from archive.importer import import_paths

    import_paths(store, [letter.parent], workers=1)
    (record,) = list(store.iter_records())
    (damaged,), _ = damage([record], seed=5, rates=dict.fromkeys(record["metadata"], 1.0))
    assert damaged["metadata"] != record["metadata"]
    assert store.text(str(damaged["id"])) == letter.read_text()


def test_a_reply_to_several_letters_is_several_true_links(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "r.txt"):
        (letters / name).write_text(name)
    common = {"kind": "letter", "direction": "from_mp", "thread": "t1", "references": []}
    lines = [
        {**common, "file": "a.txt"},
        {**common, "file": "b.txt"},
        {**common, "file": "c.txt"},
        {**common, "file": "r.txt", "kind": "reply", "replies_to": "a.txt"}
        | {"also_replies_to": ["b.txt", "c.txt"], "direction": "to_mp"},
    ]
    truth_file = tmp_path / "truth.jsonl"
    truth_file.write_text("".join(json.dumps(line) + "\n" for line in lines))
    records = [
        {"id": name[0], "path": str(letters / name)}
        for name in ("a.txt", "b.txt", "c.txt", "r.txt")
    ]
    file_of, truth = _truth(records, letters, truth_file)
    assert truth == {("r.txt", "a.txt"), ("r.txt", "b.txt"), ("r.txt", "c.txt")}
    one_link = _score({("r", "a"): None}, file_of, truth)
    assert one_link == {"precision": 1.0, "recall": 1 / 3}
    by_case = _recall_by_case({("r", "a"): None}, file_of, _cases(truth, truth_file))
    assert by_case == {"one reply to several letters": (1, 3)}
