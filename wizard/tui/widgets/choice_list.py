"""A list of choices that wraps its labels and marks the chosen ones with their own glyph.

Textual's `RadioSet` cuts a long label with no ellipsis, and `SelectionList` repeats or drops its
check mark on wrapped lines; both tell chosen from unchosen by colour alone. This is an `OptionList`
(which wraps multi-line prompts) whose every option starts with ● / ○ (one choice) or ☑ / ☐ (several),
so it reads right in monochrome and with `NO_COLOR`. A suggested choice not taken yet says so in words.

Enter or Space chooses the highlighted option (toggles it, for several); the highlight starts on the
current answer, else on the suggestion.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

GLYPHS = {False: ("○", "●"), True: ("☐", "☑")}


class ChoiceList(OptionList):
    """One or several choices out of a few; posts `ChoiceList.Changed` when the user changes them."""

    BINDINGS = [Binding("space", "select", "Choose", show=False)]

    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 100%; }
    """

    class Changed(Message):
        """The chosen values changed (in the order of the choices)."""

        def __init__(self, choice_list: ChoiceList, values: tuple[str, ...]) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.values = values

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, choices: Sequence[tuple[str, str]], *, multi: bool = False, chosen: Sequence[str] = (),
                 suggested: Sequence[str] = (), id: str | None = None, classes: str | None = None) -> None:
        self.choices = tuple(choices)
        self.multi = multi
        self.chosen = {v for v in chosen if any(v == c for c, _ in self.choices)}
        self.suggested = set(suggested)
        super().__init__(*self._choice_options(), id=id, classes=classes)
        values = [v for v, _ in self.choices]
        start = next((i for i, v in enumerate(values) if v in self.chosen), None)
        if start is None:
            start = next((i for i, v in enumerate(values) if v in self.suggested), 0)
        self._start = start

    def _prompt(self, value: str, label: str) -> Table:
        """Glyph, then the label wrapping under itself (a hanging indent)."""
        on = value in self.chosen
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        text = Text(label)
        if value in self.suggested and not self.chosen:
            text.append("  (suggested)", style="italic")
        grid.add_row(Text(GLYPHS[self.multi][on], style="bold" if on else ""), text)
        return grid

    def _choice_options(self) -> list[Option]:
        return [Option(self._prompt(value, label), id=f"choice-{i}") for i, (value, label) in enumerate(self.choices)]

    def on_mount(self) -> None:
        if self.choices:
            self.highlighted = self._start

    def _redraw(self) -> None:
        highlighted = self.highlighted
        for i, (value, label) in enumerate(self.choices):
            self.replace_option_prompt_at_index(i, self._prompt(value, label))
        self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)

    def choose(self, index: int) -> None:
        """Choose the choice at `index` (toggle it, for several), as Enter does."""
        value = self.choices[index][0]
        if self.multi:
            self.chosen ^= {value}
        elif self.chosen == {value}:
            self.suggested = set()  # Enter on the chosen one: already the answer; nothing changes
            return
        else:
            self.chosen = {value}
        self.suggested = set()
        self._redraw()
        self.post_message(self.Changed(self, tuple(v for v, _ in self.choices if v in self.chosen)))

    def unsuggest(self) -> None:
        """The suggestion was taken or set aside: stop marking it."""
        if self.suggested:
            self.suggested = set()
            self._redraw()
