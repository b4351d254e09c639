"""Welcome: what the wizard does, start a new decision, resume the draft, or open a record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from wizard.core.questionnaire.catalog import preferred_index
from wizard.core.questionnaire.display import printable
from wizard.core.questionnaire.model import LoadedQuestionnaire, Questionnaire
from wizard.core.records.drafts import Draft
from wizard.core.records.model import DecisionRecord
from wizard.tui.widgets.footer import KeyFooter

def intro(questionnaire: Questionnaire) -> str:
    """What a decision on this questionnaire does, in its own words: its options by label, and whether
    their bills are priced (only with a pricing file)."""
    labels = [o.label for o in questionnaire.options]
    options = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    costs = ("each option's monthly bill is priced" if questionnaire.pricing
             else "costs are not compared (no pricing file)")
    return (f"Answer a few stages of questions about one workload; every answer is scored for {options} with "
            f"its reason, {costs}, and the outcome is saved as a decision record next to your code.")


@dataclass(frozen=True)
class RecordEntry:
    path: Path
    record: DecisionRecord


class WelcomeScreen(Screen[None]):
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    class Start(Message):
        def __init__(self, questionnaire: LoadedQuestionnaire) -> None:
            super().__init__()
            self.questionnaire = questionnaire

    class Resume(Message):
        pass

    class Open(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, questionnaires: list[LoadedQuestionnaire], draft: Draft | None, draft_note: str,
                 records: list[RecordEntry]) -> None:
        super().__init__()
        self.questionnaires = questionnaires
        self.draft = draft
        self.draft_note = draft_note
        self.records = records
        # More than the start button to show: on a short terminal the layout tightens (app.tcss).
        self.set_class(draft is not None or bool(records) or len(questionnaires) > 1, "-crowded")

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-screen"):
            with Vertical(id="welcome"):
                # The repository's own questionnaire is chosen first, over the bundled one; its words
                # head the screen (the app is started with at least one questionnaire).
                chosen = preferred_index([loaded.path for loaded in self.questionnaires])
                first = self.questionnaires[chosen].questionnaire
                yield Static(Content.styled(f"{printable(first.title)} — the decision wizard", "bold"),
                             id="welcome-title")
                yield Static(Content(printable(intro(first))), id="welcome-intro")
                if len(self.questionnaires) > 1:
                    yield Label("Questionnaire")
                    with RadioSet(id="questionnaire"):
                        for i, loaded in enumerate(self.questionnaires):
                            q = loaded.questionnaire
                            yield RadioButton(Content(printable(f"{q.title} ({q.id} {q.version}) — {loaded.path}")),
                                              value=i == chosen)
                yield Button("Start a new decision", id="start", variant="primary")
                if self.draft is not None:
                    yield Button(Content(printable(f"Resume the draft — {self.draft_note}")), id="resume")
                elif self.draft_note:
                    yield Static(Content(printable(self.draft_note)), id="draft-note")
                if self.records:
                    yield Label(Content(printable(f"Open a record from {self.records[0].path.parent}")))
                    yield OptionList(*(Option(Content(printable(f"{e.path.name} — {e.record.title} "
                                                                f"[{e.record.status.value}]")),
                                              id=str(i)) for i, e in enumerate(self.records)), id="records")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def _chosen_questionnaire(self) -> LoadedQuestionnaire:
        found = self.query("#questionnaire")
        if found:
            index = found.first(RadioSet).pressed_index
            return self.questionnaires[max(0, index)]
        return self.questionnaires[0]

    @on(RadioSet.Changed, "#questionnaire")
    def _questionnaire_changed(self) -> None:
        q = self._chosen_questionnaire().questionnaire
        self.query_one("#welcome-title", Static).update(
            Content.styled(f"{printable(q.title)} — the decision wizard", "bold"))
        self.query_one("#welcome-intro", Static).update(Content(printable(intro(q))))

    @on(Button.Pressed, "#start")
    def press_start(self) -> None:
        self.post_message(self.Start(self._chosen_questionnaire()))

    @on(Button.Pressed, "#resume")
    def press_resume(self) -> None:
        self.post_message(self.Resume())

    @on(OptionList.OptionSelected, "#records")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.post_message(self.Open(self.records[int(event.option.id or 0)].path))
