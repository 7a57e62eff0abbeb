"""The synthetic archive generator: file counts, determinism and the ground truth it reports."""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archive.generator import (
    LAYOUTS,
    GeneratedLetter,
    GenerateReport,
    generate_archive,
    read_truth,
)
from archive.generator.dates import date_text

SHARED_COUNT = 1200


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> GenerateReport:
    """One mid-sized archive that the read-only checks share."""
    return generate_archive(SHARED_COUNT, tmp_path_factory.mktemp("shared") / "archive", seed=3)


def files_on_disk(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def by_file(report: GenerateReport) -> dict[str, GeneratedLetter]:
    return {letter.file: letter for letter in report.letters}


@pytest.mark.parametrize("count", [0, 1, 7, 199, 200, 645])
def test_writes_exactly_count_files(tmp_path: Path, count: int) -> None:
    report = generate_archive(count, tmp_path / "out", seed=count)
    on_disk = files_on_disk(tmp_path / "out")
    assert len(on_disk) == count
    assert sorted(on_disk) == [letter.file for letter in report.letters]


def test_files_sit_in_year_folders_matching_their_dates(shared: GenerateReport) -> None:
    for letter in shared.letters:
        folder, _, name = letter.file.partition("/")
        assert folder.isdigit() and "/" not in name and name.endswith((".txt", ".md"))
        if letter.date is not None:
            assert folder == str(letter.date.year)
            assert dt.date(2010, 1, 1) <= letter.date <= dt.date(2024, 12, 31)
            assert letter.date.weekday() < 5, letter


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    first = generate_archive(300, tmp_path / "a", seed=11, noise=0.2)
    again = generate_archive(300, tmp_path / "b", seed=11, noise=0.2)
    other = generate_archive(300, tmp_path / "c", seed=12, noise=0.2)
    assert files_on_disk(tmp_path / "a") == files_on_disk(tmp_path / "b")
    assert first.letters == again.letters
    assert files_on_disk(tmp_path / "a") != files_on_disk(tmp_path / "c")
    assert first.letters != other.letters


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    """String hashing is randomised per process; the archive must not depend on it."""
    script = (
        "import hashlib, sys; from pathlib import Path; "
        "from archive.generator import generate_archive; "
        "d = Path(sys.argv[1]); generate_archive(150, d, seed=4); "
        "h = hashlib.sha256(); "
        "[h.update(p.relative_to(d).as_posix().encode() + p.read_bytes()) "
        "for p in sorted(d.rglob('*.*'))]; "
        "print(h.hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / hash_seed)],
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
            cwd=Path(__file__).resolve().parents[1],
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1


def test_every_reply_answers_an_earlier_letter_of_the_same_mp(shared: GenerateReport) -> None:
    files = by_file(shared)
    answered = [letter for letter in shared.letters if letter.replies_to]
    replies = [letter for letter in shared.letters if letter.kind == "reply"]
    assert replies and len([r for r in replies if r.replies_to]) > len(replies) // 2
    for letter in answered:
        original = files[letter.replies_to or ""]
        assert original.mp == letter.mp and original.mp is not None
        assert original.date is not None and letter.date is not None
        assert original.date < letter.date
        assert original.thread == letter.thread
        if letter.kind == "reply":
            assert original.kind == "letter" and original.direction == "from_mp"
            assert letter.direction == "to_mp"


def test_references_in_truth_appear_in_the_text(shared: GenerateReport) -> None:
    with_references = 0
    for letter in shared.letters:
        if letter.kind == "malformed":
            continue
        text = (shared.directory / letter.file).read_text(encoding="utf-8")
        for reference in letter.references:
            assert reference in text, (letter.file, reference)
        with_references += bool(letter.references)
    assert with_references > SHARED_COUNT // 3


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("from_mp", ["House of Commons", "SW1A 0AA", "{mp} MP"]),
        ("to_mp", ["{mp} MP", "House of Commons", "Dear "]),
    ],
)
def test_letters_name_their_mp_like_the_seed_letter(
    shared: GenerateReport, direction: str, expected: list[str]
) -> None:
    letters = [
        letter
        for letter in shared.letters
        if letter.direction == direction and letter.layout == "standard"
    ]
    assert letters
    for letter in letters:
        text = (shared.directory / letter.file).read_text(encoding="utf-8")
        for needle in expected:
            assert needle.format(mp=letter.mp) in text, (letter.file, needle)
        if letter.kind == "letter" and direction == "from_mp" and "Chair, " not in text:
            assert f"Member of Parliament for {letter.area}" in text


def test_the_archive_has_every_shape(shared: GenerateReport) -> None:
    kinds = collections.Counter(letter.kind for letter in shared.letters)
    directions = collections.Counter(letter.direction for letter in shared.letters)
    assert set(kinds) == {"letter", "reply", "malformed"}
    assert set(directions) == {"from_mp", "to_mp", "other"}
    markdown = [letter for letter in shared.letters if letter.file.endswith(".md")]
    assert 0.05 < len(markdown) / SHARED_COUNT < 0.25
    assert any(
        "**" in (shared.directory / letter.file).read_text(encoding="utf-8") for letter in markdown
    )
    sizes = collections.Counter(letter.thread for letter in shared.letters)
    threaded = sum(1 for letter in shared.letters if sizes[letter.thread] > 1)
    assert 0.6 <= threaded / SHARED_COUNT <= 0.8
    assert len({letter.mp for letter in shared.letters if letter.mp}) > 150


def test_letter_length_varies_around_450_words(shared: GenerateReport) -> None:
    words = [
        len((shared.directory / letter.file).read_text(encoding="utf-8").split())
        for letter in shared.letters
        if letter.kind != "malformed"
    ]
    assert 380 < sum(words) / len(words) < 600
    assert min(words) < 250 and max(words) > 800


@pytest.mark.parametrize(
    ("count", "malformed", "expected"),
    [
        (150, None, 0),
        (199, None, 0),
        (200, None, 1),
        (2600, None, 3),
        (50, 4, 4),
        (300, 0, 0),
    ],
)
def test_malformed_count(tmp_path: Path, count: int, malformed: int | None, expected: int) -> None:
    report = generate_archive(count, tmp_path / "out", malformed=malformed)
    broken = [letter for letter in report.letters if letter.kind == "malformed"]
    assert len(broken) == expected
    assert len(report.letters) == count


def test_malformed_files_are_each_kind_of_broken(tmp_path: Path) -> None:
    report = generate_archive(40, tmp_path / "out", malformed=4)
    contents = [
        (tmp_path / "out" / letter.file).read_bytes()
        for letter in report.letters
        if letter.kind == "malformed"
    ]
    assert all(letter.date is None for letter in report.letters if letter.kind == "malformed")
    assert b"" in contents
    assert any(data and not data.strip() for data in contents)
    assert any(b"\x00" in data for data in contents)
    undecodable = [data for data in contents if data.strip() and b"\x00" not in data]
    assert len(undecodable) == 1
    with pytest.raises(UnicodeDecodeError):
        undecodable[0].decode("utf-8")
    assert "£" in undecodable[0].decode("cp1252")


def test_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        generate_archive(5, tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_accepts_an_existing_empty_directory(tmp_path: Path) -> None:
    assert len(generate_archive(5, tmp_path).letters) == 5


@pytest.mark.parametrize(
    ("count", "noise", "malformed", "message"),
    [
        (-1, 0.1, None, "count"),
        (5, 1.5, None, "noise"),
        (5, -0.1, None, "noise"),
        (5, 0.1, 6, "malformed"),
        (5, 0.1, -1, "malformed"),
        (5, 0.1, None, "realistic"),
    ],
)
def test_rejects_bad_arguments(
    tmp_path: Path, count: int, noise: float, malformed: int | None, message: str
) -> None:
    realistic = 1.5 if message == "realistic" else 0.3
    with pytest.raises(ValueError, match=message):
        generate_archive(
            count, tmp_path / "out", noise=noise, malformed=malformed, realistic=realistic
        )
    assert not (tmp_path / "out").exists()


def test_refuses_a_file_as_directory(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"x")
    with pytest.raises(ValueError):
        generate_archive(3, target)


def test_truth_round_trips_through_json_lines(shared: GenerateReport, tmp_path: Path) -> None:
    truth = tmp_path / "truth.jsonl"
    shared.write_truth(truth)
    lines = truth.read_text(encoding="utf-8").splitlines()
    assert len(lines) == SHARED_COUNT
    first_dated = next(json.loads(line) for line in lines if json.loads(line)["date"])
    assert dt.date.fromisoformat(first_dated["date"])
    assert read_truth(truth) == shared.letters


def test_without_noise_replies_cite_the_true_date(tmp_path: Path) -> None:
    report = generate_archive(600, tmp_path / "out", seed=5, noise=0.0, hard=0.0)
    files = by_file(report)
    replies = [letter for letter in report.letters if letter.kind == "reply"]
    assert replies
    for reply in replies:
        assert reply.references, reply.file
        if reply.replies_to:
            assert reply.in_reply_to_date == files[reply.replies_to].date


def test_noise_misleads_the_text_but_not_the_truth(tmp_path: Path) -> None:
    report = generate_archive(600, tmp_path / "out", seed=5, noise=1.0, hard=0.0)
    files = by_file(report)
    answered = [r for r in report.letters if r.kind == "reply" and r.replies_to]
    assert answered
    wrong_days, wrong_years = [], []
    for reply in answered:
        cited, true = reply.in_reply_to_date, files[reply.replies_to or ""].date
        assert cited is not None and true is not None
        if cited.year != true.year and (cited.month, cited.day) == (true.month, true.day):
            wrong_years.append(reply)
        elif cited != true:
            assert 1 <= abs((cited - true).days) <= 6, reply
            wrong_days.append(reply)
    missing_references = [reply for reply in answered if not reply.references]
    assert wrong_days and wrong_years and missing_references
    same_day = collections.defaultdict(set)
    for letter in report.letters:
        if letter.direction == "from_mp":
            same_day[(letter.mp, letter.date)].add(letter.department)
    assert any(len(departments) > 1 for departments in same_day.values())
    for reply in answered:
        original = files[reply.replies_to or ""]
        assert original.mp == reply.mp and original.thread == reply.thread


def test_import_has_no_side_effects_and_no_ui(tmp_path: Path) -> None:
    script = (
        "import os, sys; before = set(os.listdir('.')); import archive.generator; "
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules; "
        "assert set(os.listdir('.')) == before"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[1]), "PATH": ""},
        check=True,
    )


# -- layouts learnt from real published letters ---------------------------------------------------


def text_of(report: GenerateReport, letter: GeneratedLetter) -> str:
    return (report.directory / letter.file).read_text(encoding="utf-8")


def test_about_a_third_of_letters_use_the_real_layouts(shared: GenerateReport) -> None:
    written = [letter for letter in shared.letters if letter.kind != "malformed"]
    layouts = collections.Counter(letter.layout for letter in written)
    share = 1 - layouts["standard"] / len(written)
    assert 0.22 < share < 0.38, layouts
    assert set(layouts) == {"standard", *LAYOUTS}, layouts


def test_without_the_real_layouts_every_letter_is_standard(tmp_path: Path) -> None:
    report = generate_archive(300, tmp_path / "out", seed=3, realistic=0.0)
    assert {letter.layout for letter in report.letters} == {"standard"}


def test_the_real_layouts_leave_every_other_file_as_it_was(tmp_path: Path) -> None:
    """The layouts draw from their own stream: a standard letter is the same at any share."""
    plain = generate_archive(400, tmp_path / "plain", seed=9, realistic=0.0)
    mixed = generate_archive(400, tmp_path / "mixed", seed=9, realistic=0.5)
    assert [letter.file for letter in plain.letters] == [letter.file for letter in mixed.letters]
    for before, after in zip(plain.letters, mixed.letters, strict=True):
        if after.layout == "standard":
            assert before == after
            assert (plain.directory / before.file).read_bytes() == (
                mixed.directory / after.file
            ).read_bytes()
    truth = tmp_path / "truth.jsonl"
    plain.write_truth(truth)
    assert "layout" not in truth.read_text(encoding="utf-8")


def _dates_in(day: dt.date) -> list[str]:
    return [date_text(day, style) for style in range(5)]


def test_truth_of_the_real_layouts_matches_their_text(shared: GenerateReport) -> None:
    realistic = [letter for letter in shared.letters if letter.layout != "standard"]
    assert realistic
    for letter in realistic:
        text = text_of(shared, letter)
        assert letter.date is not None
        assert any(date in text for date in _dates_in(letter.date)), letter.file
        for reference in letter.references:
            assert reference in text, (letter.file, reference)
        assert "**" not in text, letter.file
        assert letter.sender_name is None or letter.sender_name in text, letter.file
        if letter.layout == "outlook":  # the MP only as "To: SURNAME, First"
            first, surname = (letter.mp or "").split(" ", 1)
            assert f"\nTo: {surname.upper()}, {first}\n" in text, letter.file
            continue
        assert letter.mp is None or letter.mp in text, letter.file
        if letter.direction == "to_mp":
            assert letter.recipient_name in text, letter.file


@pytest.mark.parametrize(
    ("layout", "needles"),
    [
        ("pq_answer", ["Letter from ", ", dated ", "Parliamentary Question"]),
        ("outlook", ["From: ", "Sent: ", "To: ", "Subject: RE: "]),
        ("caps_letterhead", ["MEMBER OF PARLIAMENT FOR ", "HOUSE OF COMMONS"]),
        ("signatories", ["from the Chairs of the "]),
    ],
)
def test_each_real_layout_looks_like_its_originals(
    shared: GenerateReport, layout: str, needles: list[str]
) -> None:
    letters = [letter for letter in shared.letters if letter.layout == layout]
    assert letters
    for letter in letters:
        text = text_of(shared, letter)
        for needle in needles:
            assert needle in text, (letter.file, needle)
        if layout == "pq_answer":
            assert letter.in_reply_to_date is None and " MP" not in text.split(":", 1)[0]


def test_flattened_letters_run_head_and_paragraphs_together(shared: GenerateReport) -> None:
    flattened = [letter for letter in shared.letters if letter.layout == "flattened"]
    assert flattened
    tight = 0
    for letter in flattened:
        text = text_of(shared, letter)
        first_line = text.splitlines()[0]
        assert "Dear " in first_line and text.count("\n") <= 3, letter.file
        assert letter.date is not None
        assert any(date in first_line for date in _dates_in(letter.date)), letter.file
        tight += any(f".{c}" in text for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        assert "Yours" in text.splitlines()[-1] or "Yours" not in text, letter.file
    assert tight > len(flattened) // 2


def test_unsigned_and_role_only_letters_name_no_sender(shared: GenerateReport) -> None:
    nameless = [letter for letter in shared.letters if letter.layout in ("unsigned", "role_only")]
    assert {letter.layout for letter in nameless} == {"unsigned", "role_only"}
    for letter in nameless:
        assert letter.sender_name is None, letter.file
        assert letter.mp is not None and letter.direction == "to_mp"


def test_cover_headings_put_the_date_at_the_foot(shared: GenerateReport) -> None:
    covers = [
        letter
        for letter in shared.letters
        if letter.layout in ("cover", "signatories") and letter.direction == "from_mp"
    ]
    assert covers
    for letter in covers:
        text = text_of(shared, letter)
        assert text.startswith(("Letter ", "Select Committee on ")), letter.file
        assert letter.date is not None
        assert text.rstrip().endswith(tuple(_dates_in(letter.date))), letter.file
        assert not letter.references


def test_other_senders_across_the_state(shared: GenerateReport) -> None:
    """Trusts and councils write to MPs in the real layouts, besides departments and agencies."""
    departments = {letter.department for letter in shared.letters if letter.layout != "standard"}
    assert any(d and d.endswith("Trust") for d in departments)
    assert any(d and d.endswith("Council") for d in departments)


def _text(report: GenerateReport, letter: GeneratedLetter) -> str:
    return (report.directory / letter.file).read_text(encoding="utf-8", errors="replace")


def test_the_hard_cases_appear_with_their_truth(shared: GenerateReport) -> None:
    """Issue 11: transfers, several letters in one reply, uncited replies, holding then full."""
    files = by_file(shared)
    replies = [r for r in shared.letters if r.kind == "reply" and r.replies_to]
    several = [r for r in replies if r.also_replies_to]
    assert len(several) >= 3
    for reply in several:
        answered = [files[name] for name in reply.answers]
        assert len(answered) in (2, 3) and reply.answers[0] == reply.replies_to
        assert all(a.mp == reply.mp and a.department == reply.department for a in answered)
        assert all(a.date is not None and reply.date is not None for a in answered)
        assert all(a.date < reply.date for a in answered)  # type: ignore[operator]
        assert "letters" in _text(shared, reply) or "further letter of" in _text(shared, reply)
    transferred = [r for r in replies if r.department != files[r.replies_to or ""].department]
    assert len(transferred) >= 3
    assert any(
        files[r.replies_to or ""].department in _text(shared, r)
        or (files[r.replies_to or ""].recipient_name or "?") in _text(shared, r)
        for r in transferred
    )
    uncited = [r for r in replies if r.in_reply_to_date is None]
    assert len(uncited) >= 3
    named = 0
    for reply in uncited:
        text = _text(shared, reply)
        assert not re.search(r"[Yy]our (recent )?letters? (of|dated) ", text), reply.file
        letter_text = _text(shared, files[reply.replies_to or ""])
        constituent = re.search(r"(?:Mr|Mrs|Ms|Miss|Dr) [A-Z][a-z]+ [A-Z][\w-]+", text)
        if constituent and constituent.group(0) in letter_text:
            named += 1
    assert named >= len(uncited) // 2
    followed = [
        r
        for r in replies
        if re.search(r"Further to my letter of|interim reply of|wrote to you on", _text(shared, r))
    ]
    assert any(files[r.replies_to or ""].kind == "letter" for r in followed)


def test_truth_round_trips_several_answered_letters(tmp_path: Path) -> None:
    reply = GeneratedLetter(
        file="2020/reply.txt", kind="reply", date=dt.date(2020, 5, 20), references=(),
        mp="A B", area="X", department="Home Office", sender_name=None, recipient_name="A B",
        direction="to_mp", in_reply_to_date=None, replies_to="2020/a.txt", thread="t1",
        also_replies_to=("2020/b.txt", "2020/c.txt"),
    )  # fmt: skip
    truth = tmp_path / "truth.jsonl"
    GenerateReport(directory=tmp_path, letters=(reply,)).write_truth(truth)
    assert read_truth(truth) == (reply,)
    assert read_truth(truth)[0].answers == ("2020/a.txt", "2020/b.txt", "2020/c.txt")
    old = {**reply.to_json(), "replies_to": "2020/a.txt"}
    del old["also_replies_to"]
    listed = {**old, "replies_to": ["2020/a.txt", "2020/b.txt"]}
    truth.write_text(json.dumps(old) + "\n" + json.dumps(listed) + "\n", encoding="utf-8")
    before, as_list = read_truth(truth)
    assert before.answers == ("2020/a.txt",) and before.also_replies_to == ()
    assert as_list.answers == ("2020/a.txt", "2020/b.txt")


def test_the_hard_cases_leave_the_other_files_as_they_were(tmp_path: Path) -> None:
    plain = generate_archive(300, tmp_path / "plain", seed=9, hard=0.0)
    hard = generate_archive(300, tmp_path / "hard", seed=9, hard=0.2)
    assert not any(letter.also_replies_to for letter in plain.letters)
    before, after = files_on_disk(tmp_path / "plain"), files_on_disk(tmp_path / "hard")
    same = sum(before.get(name) == data for name, data in after.items())
    assert same >= 0.78 * 300
    assert any(letter.also_replies_to for letter in hard.letters)
