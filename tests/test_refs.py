"""References have one rule: extraction, store, pairing and search key them alike."""

from __future__ import annotations

import pytest

from archive.extract.references import find_references
from archive.pairing import reference_key
from archive.refs import normalise_reference, reference_forms, reference_query_forms
from archive.store import normalise_reference as store_normalise_reference

TYPED = ["M11295/16", "m11295/16", " M 11295 / 16 ", "M11295/16.", "mc2020/04317", "PO-1234567;"]


@pytest.mark.parametrize("typed", TYPED)
def test_every_part_keys_a_reference_by_the_same_rule(typed: str) -> None:
    key = normalise_reference(typed)
    assert key == key.strip().lower() and " " not in key and not key.endswith((".", ";"))
    assert store_normalise_reference(typed) == key
    assert reference_key(typed) == key
    # The index stores a reference under its key; a typed reference is looked up under it.
    assert reference_forms(typed)[0] == key
    assert reference_query_forms(typed)[0] == key


def test_a_typed_reference_finds_the_index_term_of_the_written_one() -> None:
    written = "MC2020/04317"
    for typed in ("mc2020-04317", "MC 2020/04317", "mc202004317", "MC2020/04317."):
        assert set(reference_query_forms(typed)) & set(reference_forms(written)), typed


def test_extraction_keeps_one_value_per_key() -> None:
    text = "Our ref: M11295/16\n\nDear Sir,\n\nAs to m11295/16 and M 11295/16, we reply.\n"
    text += "Your ref: m11295/16\n"
    values = [r.value for r in find_references(text)]
    assert [normalise_reference(v) for v in values].count("m11295/16") == 1


@pytest.mark.parametrize(
    ("line", "labelled", "reference_line"),
    [
        ("Our ref: MC2016/12345", True, True),
        ("CTS Reference No: MC2016/12345", True, True),
        ("Case number: 12345", True, True),
        ("UAN 1234-5678", True, False),
        ("Your ref HV/0423", True, True),
        # A flattened letterhead that only ends in a label is the letterhead, not a
        # reference line; the finder still reads its label.
        (
            "Ofsted Rufus Example Member of Parliament for Rye House of Commons Our ref: OF/1",
            True,
            False,
        ),
        ("The case for the bypass", False, False),
        ("Referendum results", False, False),
        ("Our reference 4471/22", True, True),
        ("Home Office reference: B7231396", True, True),
        # "Our ref" opens a reference line only as a word: this is prose.
        ("Our referral to the tribunal was made in May.", False, False),
    ],
)
def test_a_reference_label_and_a_reference_line(
    line: str, labelled: bool, reference_line: bool
) -> None:
    from archive.extract.references import has_label, is_reference_line

    assert has_label(line) is labelled
    assert is_reference_line(line) is reference_line
    if labelled:
        assert find_references(line), line
