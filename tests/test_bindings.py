"""Every key the app binds says, in words a newcomer understands, what it does: the `?` list
shows each binding's description and tooltip, so a binding without one is a key nobody can
learn from the app."""

from __future__ import annotations

from tui.keys import KEYMAP, all_bindings, binding_ids


def test_the_app_binds_keys_in_every_part() -> None:
    owners = {owner for owner, _binding in all_bindings()}
    assert len(all_bindings()) >= 90 and len(owners) >= 15


def test_every_binding_has_a_description_and_a_tooltip() -> None:
    missing = [
        f"{owner}: {binding.key} ({binding.description or 'no description'})"
        for owner, binding in all_bindings()
        if not binding.description or not binding.tooltip
    ]
    assert not missing, "bindings a newcomer cannot learn from ?: " + "; ".join(missing)


def test_every_binding_comes_from_the_keymap_and_every_row_is_bound() -> None:
    declared = {(owner.rsplit(".", 1)[1], binding.id) for owner, binding in all_bindings()}
    tabled = {(key.owner, key.id) for key in KEYMAP}
    assert declared == tabled


def test_the_keymap_names_each_id_once() -> None:
    ids = [key.id for key in KEYMAP]
    assert len(ids) == len(set(ids)) == len(binding_ids())
