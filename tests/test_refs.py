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
