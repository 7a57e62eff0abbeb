"""Generated bench archives hold PDFs, Word files and e-mails that read back as the letter."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from archive.generator import generate_archive
from archive.readers import format_for, read_bytes
from bench.formats import mix_formats, parse_shares


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[A-Za-z0-9]+", text))


def test_mixed_archive_reads_back_word_for_word(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    plain = generate_archive(60, letters, seed=5, malformed=0)
    originals = {
        letter.file: (letters / letter.file).read_text("utf-8") for letter in plain.letters
    }
    mixed = mix_formats(plain, {".pdf": 0.3, ".docx": 0.3, ".eml": 0.3}, seed=5)

    suffixes = Counter(Path(letter.file).suffix for letter in mixed.letters)
    assert suffixes[".pdf"] and suffixes[".docx"] and suffixes[".eml"]
    for before, after in zip(plain.letters, mixed.letters, strict=True):
        path = letters / after.file
        assert path.exists() and (before.file == after.file or not (letters / before.file).exists())
        text = read_bytes(path.read_bytes(), format_for(path) or "").text
        # Every word of the letter is in what the reader gives back (PDF and e-mail may
        # rewrap lines and drop blank ones; the words stay).
        missing = _words(originals[before.file]) - _words(text)
        assert not missing, (after.file, missing)
        if after.replies_to:
            assert (letters / after.replies_to).exists()


def test_shares_are_parsed_and_checked() -> None:
    assert parse_shares("pdf=0.2,docx=0.1,eml=0.1") == {".pdf": 0.2, ".docx": 0.1, ".eml": 0.1}
    assert parse_shares("none") == {}
    with pytest.raises(ValueError, match="unknown format 'rtf'"):
        parse_shares("rtf=0.1")
    with pytest.raises(ValueError, match="more than 1"):
        parse_shares("pdf=0.7,docx=0.5")
