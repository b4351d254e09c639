"""One question, rendered for its kind, that posts `QuestionField.Answered` when its value changes.

single and multi → a choice list (● ○, ☑ ☐); number → input with unit, range and numeric
validation; boolean → switch; text → text area. Text from the questionnaire is shown literally
(`Content(...)`), never parsed as markup.

A question not answered yet that has a `default` shows it as a suggestion, marked in words: the
field posts no answer for it. The screen takes it as the answer when the user passes the stage
(`take_suggestion`); any change the user makes is an answer of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantBlur, DescendantFocus
from textual.message import Message
from textual.widgets import Input, Label, Static, Switch

from wizard.core.questionnaire.display import printable, show_value
from wizard.core.numbers import COMMA_MESSAGE, NOT_A_NUMBER, NOT_A_WHOLE_NUMBER, NotANumber, read_number
from wizard.tui.widgets.choice_list import ChoiceList

if TYPE_CHECKING:  # annotations only: the first stage is drawn before pydantic loads (tui/first_stage.py)
    from textual.widgets import TextArea

    from wizard.core.questionnaire.conditions import Value
    from wizard.core.questionnaire.question_kinds import NumberQuestion
    from wizard.core.questionnaire.model import Question


def _short_number(value: float) -> str:
    """1,000,000,000,000 → "1T", 250,000,000 → "250M", 10,240 → "10,240": round millions and more with
    the suffix the number fields read, the rest as `show_value` writes them."""
    for size, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M")):
        if abs(value) >= size and value % size == 0:
            return f"{value / size:,.0f}{suffix}"
    return show_value(value)


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
        `error` says why what was typed is not accepted. `typed`: a keystroke in a number or text
        field (more may follow), not a choice or a switch."""

        def __init__(self, field: QuestionField, value: Value | None, error: str | None, *,
                     typed: bool = False) -> None:
            super().__init__()
            self.field = field
            self.value = value
            self.error = error
            self.typed = typed

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

    def __init__(self, question: Question, value: Value | None, suggestion: Value | None = None) -> None:
        super().__init__(id=f"q-{question.id}", classes=f"question kind-{question.kind}")
        self.question = question
        self._initial = value
        #: The questionnaire's suggestion shown while the question has no answer (None: none shown).
        self.suggestion = suggestion if value is None else None

    # -- composition ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        q = self.question
        prompt = Content(printable(q.prompt))
        if q.required:
            prompt = prompt + Content.styled(" *", "$error")
        yield Label(prompt, classes="prompt")
        value = self._initial
        shown = value if value is not None else self.suggestion
        if q.kind in ("single", "multi"):
            multi = q.kind == "multi"
            chosen = list(value) if isinstance(value, tuple) else ([value] if isinstance(value, str) else [])
            hint = self.suggestion
            suggested = list(hint) if isinstance(hint, tuple) else ([hint] if isinstance(hint, str) else [])
            yield ChoiceList([(c.value, printable(c.label)) for c in q.choices], multi=multi, chosen=chosen,
                             suggested=suggested, id=f"input-{q.id}", classes="answer")
        elif q.kind == "number":
            with Horizontal(classes="number-row"):
                yield Input(_number_text(shown), placeholder=self.short_range_hint(), id=f"input-{q.id}",
                            classes="answer")
                yield Label(self._unit_text(), classes="unit")
        elif q.kind == "boolean":
            with Horizontal(classes="switch-row"):
                yield Switch(value=bool(shown), id=f"input-{q.id}", classes="answer")
                yield Label(self._switch_text(value, self.suggestion), classes="switch-state")
        else:
            from textual.widgets import TextArea  # loaded with the first text question, not at start-up

            yield TextArea(printable(value) if isinstance(value, str) else "", id=f"input-{q.id}", classes="answer",
                           soft_wrap=True, show_line_numbers=False)
        yield Static("", classes="error", markup=False)

    def range_hint(self) -> str:
        q = cast("NumberQuestion", self.question)
        lo = "" if q.min is None else show_value(q.min)
        hi = "" if q.max is None else show_value(q.max)
        whole = "a whole number" if q.integer else "a number"
        if lo and hi:
            return f"{whole} from {lo} to {hi}" if q.integer else f"{lo} to {hi}"
        if lo or hi:
            return f"{whole} {'at least ' + lo if lo else 'at most ' + hi}" if q.integer else \
                (f"at least {lo}" if lo else f"at most {hi}")
        return whole

    def short_range_hint(self) -> str:
        """The range in the input itself, short enough for its 22 columns ("0–1T, whole"); the help panel
        says it in words. Large round bounds use the suffixes the field reads (M, G, T)."""
        q = cast("NumberQuestion", self.question)
        lo = "" if q.min is None else _short_number(q.min)
        hi = "" if q.max is None else _short_number(q.max)
        span = f"{lo}–{hi}" if lo and hi else (f"≥ {lo}" if lo else (f"≤ {hi}" if hi else ""))
        if q.integer:
            return f"{span}, whole" if span else "a whole number"
        return span or "a number"

    def help_content(self) -> Content:
        """The help panel's text for this question: why it matters, and the range a number accepts."""
        q = self.question
        text = Content.assemble(("Why this matters", "bold"), "\n", printable(q.help.strip().replace("\n", " ")) or "—")
        if q.kind == "number" and (q.min is not None or q.max is not None):
            text = Content.assemble(text, "\n\n", (f"Accepted: {self.range_hint()}"
                                                    f"{' ' + printable(q.unit) if q.unit else ''}", "$text-muted"))
        return text

    def _unit_text(self) -> Content:
        unit = Content(printable(self.question.unit or ""))
        if self.suggestion is None:
            return unit
        return Content.assemble(unit, (" (suggested)" if unit else "(suggested)", "italic $text-muted"))

    @staticmethod
    def _switch_text(value: Value | None, suggestion: Value | None = None) -> Content:
        if value is None:
            if suggestion is not None:
                return Content.assemble("yes" if suggestion else "no", (" (suggested)", "italic $text-muted"))
            return Content("not answered")
        return Content("yes" if value else "no")

    # -- suggestions ------------------------------------------------------------------------------

    def suggestion_text(self) -> str:
        """The suggestion as the field words it ("" when none is shown)."""
        if self.suggestion is None:
            return ""
        return f"suggested: {show_value(self.suggestion, self.question.unit)}" if self.question.kind == "number" \
            else f"suggested: {self.suggestion}"

    def take_suggestion(self) -> None:
        """The suggestion became the answer (the stage was passed): show it as one, with no mark."""
        if self.suggestion is None:
            return
        value, self.suggestion = self.suggestion, None
        self._drop_mark(value)

    def _drop_mark(self, value: Value | None) -> None:
        q = self.question
        if q.kind in ("single", "multi"):
            choices = self.query_one(ChoiceList)
            if value is not None:
                choices.chosen = set(value) if isinstance(value, tuple) else {str(value)}
            choices.unsuggest()
            choices._redraw()
        elif q.kind == "number":
            self.query_one(".unit", Label).update(self._unit_text())
        elif q.kind == "boolean":
            self.query_one(".switch-state", Label).update(self._switch_text(value))

    # -- the error line --------------------------------------------------------------------------

    def show_error(self, message: str | None) -> None:
        error = self.query_one(".error", Static)
        error.update(Content(printable(message or "")))
        self.set_class(bool(message), "invalid")

    # -- events → Answered -----------------------------------------------------------------------

    def _answer(self, value: Value | None, *, typed: bool = False) -> None:
        if self.suggestion is not None:  # the user's own change: the suggestion is set aside
            self.suggestion = None
            self._drop_mark(None)
        error = None if value is None else self.question.check_value(value)
        self.show_error(error)
        self.post_message(self.Answered(self, None if error else value, error, typed=typed))

    @on(ChoiceList.Changed)
    def _choices(self, event: ChoiceList.Changed) -> None:
        event.stop()
        if self.question.kind == "multi":
            self._answer(event.values)
        elif event.values:
            self._answer(event.values[0])

    @on(Input.Changed)
    def _number(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if self.suggestion is not None and text == _number_text(self.suggestion):
            return  # the suggestion as shown, not a value typed
        if not text:
            if self.suggestion is not None:
                self.suggestion = None
                self._drop_mark(None)
            self.show_error(None)
            self.post_message(self.Answered(self, None, None, typed=True))
            return
        try:
            value = read_number(text)
        except NotANumber as exc:
            whole = NOT_A_WHOLE_NUMBER if cast("NumberQuestion", self.question).integer else NOT_A_NUMBER
            message = COMMA_MESSAGE if exc.comma else whole
            self.show_error(message)
            self.post_message(self.Answered(self, None, message, typed=True))
            return
        self._answer(value, typed=True)

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        event.stop()
        self.suggestion = None
        self.query_one(".switch-state", Label).update(self._switch_text(event.value))
        self._answer(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:  # not @on: TextArea is imported lazily
        event.stop()
        text = event.text_area.text
        self._answer(text if text.strip() else None, typed=True)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.add_class("-active")
        self.post_message(self.Focused(self))

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        self.remove_class("-active")

    def focus_answer(self, *, scroll: bool = True) -> None:
        found = self.query(".answer")
        if found:
            found.first().focus(scroll_visible=scroll)
        else:  # just mounted: the input is composed after the next refresh
            self.call_after_refresh(self.focus_answer, scroll=scroll)
