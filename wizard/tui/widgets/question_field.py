"""One question, rendered for its kind, that posts `QuestionField.Answered` when its value changes.

single → radio list; multi → selection list; number → input with unit, range and numeric
validation; boolean → switch; text → text area. Text from the questionnaire is shown literally
(`Content(...)`), never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantBlur, DescendantFocus
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, RadioSet, SelectionList, Static, Switch
from textual.widgets.selection_list import Selection

from wizard.core.conditions import Value
from wizard.core.display import printable, show_value
from wizard.core.numbers import COMMA_MESSAGE, NOT_A_NUMBER, misplaced_comma, parse_number
from wizard.core.questionnaire import Question

if TYPE_CHECKING:
    from textual.widgets import TextArea


def _number_text(value: Value | None) -> str:
    if value is None or isinstance(value, (bool, str, tuple)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class QuestionField(Vertical):
    """A question with its input; the screen decides what to do with each answer."""

    class Answered(Message):
        """The user changed the answer: `value` is the new valid answer (None: cleared), or
        `error` says why what was typed is not accepted."""

        def __init__(self, field: QuestionField, value: Value | None, error: str | None) -> None:
            super().__init__()
            self.field = field
            self.value = value
            self.error = error

        @property
        def control(self) -> QuestionField:
            return self.field

        @property
        def question(self) -> Question:
            return self.field.question

    class Focused(Message):
        """Focus moved into this question (the help panel shows its help)."""

        def __init__(self, field: QuestionField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> QuestionField:
            return self.field

    def __init__(self, question: Question, value: Value | None) -> None:
        super().__init__(id=f"q-{question.id}", classes=f"question kind-{question.kind}")
        self.question = question
        self._initial = value

    # -- composition ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        q = self.question
        prompt = Content(printable(q.prompt))
        if q.required:
            prompt = prompt + Content.styled(" *", "$error")
        yield Label(prompt, classes="prompt")
        value = self._initial
        if q.kind == "single":
            with RadioSet(id=f"input-{q.id}", classes="answer"):
                for choice in q.choices:
                    yield RadioButton(Content(printable(choice.label)), value=choice.value == value)
        elif q.kind == "multi":
            selected = set(value) if isinstance(value, tuple) else set()
            yield SelectionList[str](
                *(Selection(Content(printable(c.label)), c.value, c.value in selected) for c in q.choices),
                id=f"input-{q.id}", classes="answer",
            )
        elif q.kind == "number":
            with Horizontal(classes="number-row"):
                yield Input(_number_text(value), placeholder=self.range_hint(), id=f"input-{q.id}",
                            classes="answer")
                yield Label(Content(printable(q.unit or "")), classes="unit")
        elif q.kind == "boolean":
            with Horizontal(classes="switch-row"):
                yield Switch(value=bool(value), id=f"input-{q.id}", classes="answer")
                yield Label(self._switch_text(value), classes="switch-state")
        else:
            from textual.widgets import TextArea  # loaded with the first text question, not at start-up

            yield TextArea(printable(value) if isinstance(value, str) else "", id=f"input-{q.id}", classes="answer",
                           soft_wrap=True, show_line_numbers=False)
        yield Static("", classes="error", markup=False)

    def range_hint(self) -> str:
        q = self.question
        lo = "" if q.min is None else show_value(q.min)
        hi = "" if q.max is None else show_value(q.max)
        if lo and hi:
            return f"{lo} to {hi}"
        return f"at least {lo}" if lo else (f"at most {hi}" if hi else "a number")

    @staticmethod
    def _switch_text(value: Value | None) -> Content:
        if value is None:
            return Content("not answered")
        return Content("yes" if value else "no")

    # -- the error line --------------------------------------------------------------------------

    def show_error(self, message: str | None) -> None:
        error = self.query_one(".error", Static)
        error.update(Content(printable(message or "")))
        self.set_class(bool(message), "invalid")

    # -- events → Answered -----------------------------------------------------------------------

    def _answer(self, value: Value | None) -> None:
        error = None if value is None else self.question.check_value(value)
        self.show_error(error)
        self.post_message(self.Answered(self, None if error else value, error))

    @on(RadioSet.Changed)
    def _radio(self, event: RadioSet.Changed) -> None:
        event.stop()
        index = event.radio_set.pressed_index
        if index >= 0:
            self._answer(self.question.choices[index].value)

    @on(SelectionList.SelectedChanged)
    def _selection(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        chosen = set(event.selection_list.selected)
        self._answer(tuple(v for v in self.question.choice_values if v in chosen))

    @on(Input.Changed)
    def _number(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.show_error(None)
            self.post_message(self.Answered(self, None, None))
            return
        value = parse_number(text)
        if value is None:
            message = COMMA_MESSAGE if misplaced_comma(text) else NOT_A_NUMBER
            self.show_error(message)
            self.post_message(self.Answered(self, None, message))
            return
        self._answer(value)

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        event.stop()
        self.query_one(".switch-state", Label).update(self._switch_text(event.value))
        self._answer(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:  # not @on: TextArea is imported lazily
        event.stop()
        text = event.text_area.text
        self._answer(text if text.strip() else None)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.add_class("-active")
        self.post_message(self.Focused(self))

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        self.remove_class("-active")

    def focus_answer(self) -> None:
        found = self.query(".answer")
        if found:
            found.first().focus()
        else:  # just mounted: the input is composed after the next refresh
            self.call_after_refresh(self.focus_answer)
