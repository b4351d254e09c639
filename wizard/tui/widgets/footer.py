"""Textual's footer, recomposed only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that skips a recompose when the active bindings are the same as last shown.

    The footer recomposes (removes and mounts every key) each time the screen signals that its
    bindings changed, which happens twice per focus move and when a screen is resumed; the keys
    it shows rarely differ, and the remounts make the first screen and each Tab noticeably slower.
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys_shown: object = None

    def _keys(self) -> object:
        """Everything `Footer.compose` reads to build the keys."""
        bindings = [(key, active.binding, active.enabled, active.tooltip)
                    for key, active in self.screen.active_bindings.items()]
        return bindings, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._keys_shown:
            return
        await super().recompose()
        self._keys_shown = keys
