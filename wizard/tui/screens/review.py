"""Review: every answer grouped by stage; choosing one jumps back to edit it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from wizard.core.questionnaire.display import answer_label, printable
from wizard.tui.session import Session
from wizard.tui.widgets.footer import KeyFooter


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back to questions"),
        Binding("ctrl+r", "app.result", "Result"),
    ]

    class EditQuestion(Message):
        """An answer was chosen to be changed: the app takes the user to its question."""

        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Review your answers", "bold"),
                                      "  ·  choose one to change it, or see the result"), id="title-bar")
        yield OptionList(*self._options(), id="review-list")
        yield Button("See the result →", id="to-result", variant="primary")
        yield KeyFooter()

    def _options(self) -> list[Option | None]:
        s = self.session
        visible = set(s.evaluation.visible)
        options: list[Option | None] = []
        for stage in s.stages:
            options.append(Option(Content.styled(printable(stage.title), "bold $accent"), disabled=True,
                                  id=f"head-{stage.id}"))
            for q in stage.questions:
                if q.id not in visible:
                    continue
                value = s.answers.get(q.id)
                answer = ("not answered", "$warning" if q.required else "$text-muted") if value is None \
                    else (self._label(q.id, value), "bold")
                # An accepted suggestion says so in words: the user passed it, not chose it.
                mark = ("  (suggested, accepted)", "italic $text-muted") if q.id in s.suggested and value is not None \
                    else ""
                options.append(Option(Content.assemble(printable(q.prompt), "\n", ("↳ ", "$text-muted"), answer, mark),
                                      id=f"ans-{q.id}"))
            options.append(None)
        return options[:-1]

    def _label(self, qid: str, value: object) -> str:
        return answer_label(self.session.question(qid), value)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("ans-"):
            self.post_message(self.EditQuestion(option_id.removeprefix("ans-")))

    @on(Button.Pressed, "#to-result")
    async def _result(self) -> None:
        await self.app.run_action("result")
