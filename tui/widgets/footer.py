"""The key footer: every screen's keys in one line that keeps the app's own keys in sight.

Textual's footer draws the keys in a row and lets the ones past the edge fall off: at 80
columns that was Compare, Review, Quit and Keys. When the row does not fit, this footer
turns compact, drops the palette key (Ctrl+P still works, and ``?`` lists it), keeps the
app's keys (Quit and Keys) at the end, and fills the room left with the screen's keys in
the order of importance it gives (``FOOTER_FIRST``, binding ids), then in their own order;
the keys chosen keep their places. ``?`` always lists every key.

Textual internals used (textual 8; tests/test_small_screens.py fails if they change):
``textual.widgets._footer.FooterKey`` and its arguments, ``Footer._bindings_ready``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Columns a key takes beside the others: " key desc " (normal) or "key desc" + a gap.
_NORMAL_PADDING = 3
_COMPACT_PADDING = 2
#: The palette key at the right edge (border, " ^p palette ").
_PALETTE_WIDTH = 13


class _Key(NamedTuple):
    """A key as the footer shows it (``FooterKey``'s arguments)."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str

    def widget(self, classes: str = "") -> FooterKey:
        return FooterKey(
            self.key,
            self.display,
            self.description,
            self.action,
            disabled=not self.enabled,
            tooltip=self.tooltip,
            classes=classes,
        )


@dataclass(frozen=True)
class _Plan:
    """What the footer shows: compact or not, the keys, and the palette key at the edge."""

    compact: bool
    keys: tuple[_Key, ...]
    palette: _Key | None


class KeyFooter(Footer):
    """The footer every screen shows; see the module's docstring."""

    #: What the footer was composed with (composed again only when it changes).
    _shown: _Plan | None = None

    async def recompose(self) -> None:
        """Compose again only when what the footer shows changes: the bindings change with
        each move of the focus (seven times before the first results show), and composing
        mounts and styles a widget a key, on the thread that draws the results."""
        if self._bindings_ready and self.children and self._plan() == self._shown:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._shown = plan = self._plan()
        self.compact = plan.compact
        for key in plan.keys:
            yield key.widget().data_bind(compact=Footer.compact)
        if plan.palette is not None:
            yield plan.palette.widget(classes="-command-palette")

    def _plan(self) -> _Plan:
        shown: dict[str, tuple[Binding, bool, str, bool]] = {}
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip, node is self.app)
        keys = [(b, e, t, self.app.get_key_display(b)) for b, e, t, _ in shown.values()]
        width = self.app.size.width

        def needs(padding: int, chosen: list[tuple[Binding, bool, str, str]]) -> int:
            return sum(cell_len(d) + cell_len(b.description) + padding for b, _, _, d in chosen)

        if needs(_NORMAL_PADDING, keys) + _PALETTE_WIDTH <= width:
            compact = False
            chosen = keys
        else:
            compact = True
            of_app = [entry[3] for entry in shown.values()]
            own = [key for key, mine in zip(keys, of_app, strict=True) if mine]
            room = width - needs(_COMPACT_PADDING, own)
            first: tuple[str, ...] = getattr(self.screen, "FOOTER_FIRST", ())
            rank = {binding_id: place for place, binding_id in enumerate(first)}
            theirs = [i for i, mine in enumerate(of_app) if not mine]
            picked = set()
            for index in sorted(theirs, key=lambda i: rank.get(keys[i][0].id or "", len(rank))):
                cost = needs(_COMPACT_PADDING, [keys[index]])
                if cost <= room:
                    picked.add(index)
                    room -= cost
            chosen = [key for index, key in enumerate(keys) if index in picked] + own
        palette: _Key | None = None
        if not compact and self.app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, tooltip = found
                palette = _Key(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    binding.tooltip or binding.description,
                )
        return _Plan(
            compact,
            tuple(_Key(b.key, d, b.description, b.action, e, t) for b, e, t, d in chosen),
            palette,
        )

    def on_resize(self, event: Resize) -> None:
        if self._bindings_ready:
            self.call_after_refresh(self.recompose)
