"""What a word is, outside the index: one module answers for pairing and the registry."""

from __future__ import annotations

import pytest

from archive.words import TOPIC_STOP_WORDS, key_words, plain_words, without_accents


@pytest.mark.parametrize(
    ("text", "shortest", "expected"),
    [
        ("Flooding on the A40, Kelmscott's bridge", 4, ["flooding", "kelmscott", "bridge"]),
        ("Flooding on the A40", 3, ["flooding", "the"]),
        ("Café déjà-vu", 1, ["caf", "d", "j", "vu"]),
        ("", 1, []),
    ],
)
def test_plain_words_are_runs_of_plain_letters_lower_cased(
    text: str, shortest: int, expected: list[str]
) -> None:
    assert plain_words(text, shortest) == expected


def test_pairing_and_the_registry_read_words_by_the_one_rule() -> None:
    from archive.knowledge import organisations
    from archive.pairing import signals

    text = "Road FLOODING near Ashby Marsh"
    assert signals._text_words(text) == frozenset(plain_words(text, 4))
    needed = {word for _name, words, _pattern in organisations._patterns() for word in words}
    assert needed and all(plain_words(word, 3) == [word] for word in needed)


def test_topic_stop_words_are_plain_words_pairing_can_meet() -> None:
    assert all(plain_words(word, 4) == [word] for word in TOPIC_STOP_WORDS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ynys Môn", ["ynys", "mon"]),
        ("Culture, Media & Sport", ["culture", "media", "and", "sport"]),
        ("A&E", ["a", "and", "e"]),
        ("Zoë Ćwik-Núñez", ["zoe", "cwik", "nunez"]),
        ("Tayside North 2024", ["tayside", "north", "2024"]),
        ("", []),
    ],
)
def test_key_words_are_letters_and_digits_without_accents(name: str, expected: list[str]) -> None:
    assert key_words(name) == expected


def test_the_gazetteers_key_names_by_the_one_rule() -> None:
    from archive.knowledge import members, organisations

    assert members.place_key("Ynys Môn") == "ynys mon" == " ".join(key_words("Ynys Môn"))
    assert organisations._portfolio_key("The Culture, Media & Sport") == "culture media and sport"
    assert organisations._name_words("H.M. Treasury & Café") == ("hm", "treasury", "and", "cafe")
    assert without_accents("Thérèse") == "Therese"
