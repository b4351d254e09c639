"""Small modal dialogs: a yes/no question, and the help screen."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from wizard.core.questionnaire.display import printable


class ConfirmDialog(ModalScreen[bool]):
    """Asks a question; dismisses with True (yes) or False (no / escape)."""

    BINDINGS = [Binding("escape", "no", "Cancel"), Binding("y", "yes", "Yes", show=False),
                Binding("n", "no", "No", show=False)]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


HELP = """\
The wizard asks about one workload in stages and scores every answer for each option of the \
questionnaire, with its reason. The sidebar shows the scores as you answer; hard limits strike an \
option out.

Keys
  Tab / Shift+Tab   move between questions and buttons
  Space / Enter     choose, toggle a switch, press a button
  Ctrl+N / Ctrl+B   next stage / previous stage
  Ctrl+R            review all answers (then the result)
  Ctrl+S            save the decision record
  Ctrl+P            palette: jump to a stage, save, theme
  F1 or ?           this help
  Ctrl+Q or Q       quit (your answers stay in a draft)

Every answer is kept in a draft (what you type, after half a second of no typing); the next start offers to resume it. \
Records go to docs/decisions/ at the root of your git repository."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("f1", "dismiss", "Close", show=False),
                Binding("question_mark", "dismiss", "Close", show=False)]

    def __init__(self, options: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(classes="dialog-screen")
        #: The questionnaire's options, (label, summary), when a decision is open.
        self.options = tuple(options)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Static(Content.styled("Help", "bold"), classes="dialog-title")
            with VerticalScroll():
                text = HELP
                if self.options:
                    text += "\n\nThe options\n" + "\n".join(f"  {label}: {summary}" for label, summary in self.options)
                yield Static(Content(printable(text)), classes="dialog-text")
            yield Button("Close", id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
