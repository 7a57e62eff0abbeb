"""Every key the app binds says, in words a newcomer understands, what it does: the `?` list
shows each binding's description and tooltip, so a binding without one is a key nobody can
learn from the app."""

from __future__ import annotations

from tui.keys import all_bindings


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
