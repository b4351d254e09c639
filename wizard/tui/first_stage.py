"""The first stage, drawn before the core loads.

`wizard new` puts its first questions on screen from a plain read of the questionnaire file
(`read_first_stage`, tomli only): no pydantic, no engine, no cost model, so the first frame costs
about what Textual needs for those widgets. Only the questions that start in view are mounted; the
sidebar says "Scoring…". Right after that frame the app loads the core and pushes the real
`StagesScreen` over this view, which is then removed (`WizardApp._load_and_adopt`).

Nothing done meanwhile is lost. Keys are held by the app from the moment this view is composed and
replayed, in order and one at a time, to the real screen, where every question of the stage exists.
What the mouse did here (a choice clicked, a switch switched, the focus, Next or Review pressed, Save
or Quit) is read from these widgets (`taken`) and carried over.

Only what the first frame shows is read here, and nothing here decides whether the file is valid:
a file this reader does not follow is left to the normal start (None), and the core validates
every file as it always does. The stage's own widgets (`QuestionField`, `Stepper`, `KeyFooter`)
are the real screen's, so both frames look alike.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Button, ContentSwitcher, Input, Static, Switch

from wizard.core.questionnaire.display import printable
from wizard.tui.widgets.choice_list import ChoiceList
from wizard.tui.widgets.footer import KeyFooter
from wizard.tui.widgets.question_field import QuestionField
from wizard.tui.widgets.stepper import Stepper

if TYPE_CHECKING:
    from wizard.core.questionnaire.conditions import Value

KINDS = ("single", "multi", "number", "boolean", "text")
SCORING = "Scoring…"


@dataclass(frozen=True)
class ChoiceSketch:
    value: str
    label: str


@dataclass(frozen=True)
class QuestionSketch:
    """What `QuestionField` reads of a question, as written in the file (not validated)."""

    id: str
    kind: str
    prompt: str
    help: str = ""
    default: Value | None = None
    required: bool = False
    #: Shown only when a condition holds: not drawn before the engine can decide it.
    conditional: bool = False
    choices: tuple[ChoiceSketch, ...] = ()
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def check_value(self, value: object) -> str | None:
        """Nothing is refused here: the answer is checked against the real question once the core loads."""
        return None


@dataclass(frozen=True)
class FirstStageSketch:
    path: Path
    title: str
    stage_titles: tuple[str, ...]
    stage_id: str
    stage_title: str
    intro: str
    questions: tuple[QuestionSketch, ...]


def _text(value: object, *, optional: bool = False) -> str:
    if isinstance(value, str) or (optional and value is None):
        return value or ""
    raise TypeError("expected text")


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise TypeError("expected a number")


def _question(raw: dict[str, Any]) -> QuestionSketch:
    kind = _text(raw["kind"])
    if kind not in KINDS:
        raise ValueError(f"a kind this reader does not draw: {kind}")
    default = raw.get("default")
    if isinstance(default, list):
        default = tuple(default)
    choices = tuple(ChoiceSketch(_text(c["value"]), _text(c["label"])) for c in raw.get("choices", ()))
    return QuestionSketch(
        id=_text(raw["id"]), kind=kind, prompt=_text(raw["prompt"]), help=_text(raw.get("help"), optional=True),
        default=default, required=raw.get("required", False) is True, conditional="when" in raw, choices=choices,
        unit=_text(raw.get("unit"), optional=True) or None, min=_number(raw.get("min")), max=_number(raw.get("max")),
        integer=raw.get("integer", False) is True)


def read_first_stage(path: Path) -> FirstStageSketch | None:
    """The first stage of the questionnaire at `path`, read without the core; None when the file is
    not what this reader expects (the normal start then reads it, and reports what is wrong)."""
    import tomli

    try:
        with path.open("rb") as file:
            data = tomli.load(file)
        stages = data["stages"]
        first = stages[0]
        return FirstStageSketch(
            path=path, title=_text(data["title"]), stage_titles=tuple(_text(s["title"]) for s in stages),
            stage_id=_text(first["id"]), stage_title=_text(first["title"]),
            intro=_text(first.get("intro"), optional=True),
            questions=tuple(_question(q) for q in first.get("questions", ())))
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


async def settle(*nodes: MessagePump, rounds: int = 6) -> None:
    """Wait until each of `nodes` has handled what was sent to it so far, and what that sent on: a
    key reaches a widget, which posts a change to its question, which posts an answer to the screen,
    a few hops at most. Each round queues a no-op behind every node's messages and waits for them."""
    loop = asyncio.get_running_loop()
    for _ in range(rounds):
        waits = []
        for node in nodes:
            done = loop.create_future()
            if node.call_later(done.set_result, None):
                waits.append(done)
        await asyncio.gather(*waits)


def _lines(text: str, width: int) -> int:
    return max(1, -(-len(text) // max(width, 8)))


def _rows(question: QuestionSketch, width: int) -> int:
    """About how many rows a question takes in a stage `width` columns wide: its border and margin,
    its prompt, each choice (wrapped) or its input, and the error line."""
    if question.kind in ("single", "multi"):
        answer = sum(_lines(c.label + "  ", width - 10) for c in question.choices) + 2
    else:
        answer = 3
    return 2 + _lines(question.prompt, width - 4) + answer + 1


@dataclass
class FirstStageInput:
    """What the user did on the first stage before the core loaded (with the mouse: keys are held)."""

    #: Question id → the value its widget holds (a choice, choices, a switch, text).
    answers: dict[str, Value] = field(default_factory=dict)
    #: Question id → the text typed in a number field (checked by the real field when it is typed again).
    typed: dict[str, str] = field(default_factory=dict)
    #: Question id → the highlighted choice.
    highlighted: dict[str, int] = field(default_factory=dict)
    #: The focused question's id, or the id of the focused button.
    focused: str | None = None
    #: Next, Back, Review, Save or Quit, pressed in this order.
    actions: list[str] = field(default_factory=list)


class FirstStageView(Vertical):
    """The first stage as the stages screen draws it, with "Scoring…" in the sidebar.

    Composed straight into the app's default screen (a screen of its own would be styled and laid
    out once more at start); the real stages screen is pushed over it and it is then removed."""

    BINDINGS = [
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+r", "review", "Review"),
    ]
    DEFAULT_CSS = """
    FirstStageView { width: 1fr; height: 1fr; }
    """

    class Drawn(Message):
        """The first frame is on screen."""

    def __init__(self, stage: FirstStageSketch) -> None:
        super().__init__(id="first-stage")
        self.stage = stage
        #: Questions whose widget posted an answer (a switch switched back still counts as answered).
        self.touched: set[str] = set()
        self.actions: list[str] = []
        #: The question whose help the help panel shows.
        self._help_of: QuestionField | None = None

    def compose(self) -> ComposeResult:
        stage = self.stage
        shown = [q for q in stage.questions if not q.conditional]
        # Only the questions that start within the stage's area are mounted before the first frame (the
        # area: the terminal less about 8 rows of bars, buttons and footer and the 34 columns of the
        # sidebar, less the intro); the real screen brings the rest.
        width, height = self.app.size
        main = width - 36
        budget = height - 8 - (_lines(stage.intro.strip(), main - 2) if stage.intro.strip() else 0)
        fields: list[QuestionField] = []
        for question in shown:
            if budget <= 0:
                break
            fields.append(QuestionField(question, None, question.default))  # type: ignore[arg-type]
            budget -= _rows(question, main)
        intro = [Static(Content(printable(stage.intro.strip().replace("\n", " "))), classes="intro", markup=False)] \
            if stage.intro.strip() else []
        # The first question is drawn focused, its help shown: focusing it in `on_mount` then changes
        # nothing that would lay the stage out again before the first frame.
        help_text = Content()
        if fields:
            fields[0].add_class("-active")
            help_text = fields[0].help_content()
            self._help_of = fields[0]
        yield Static(Content(printable(stage.title)), id="title-bar", markup=False)
        yield Stepper(list(stage.stage_titles), 0, set(), {0}, id="stepper")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                heading = Content.assemble((printable(stage.stage_title), "bold"),
                                           f"  ·  stage 1 of {len(stage.stage_titles)}")
                yield Static(heading, id="stage-intro", markup=False)
                with ContentSwitcher(id="stages", initial=f"stage-{stage.stage_id}"):
                    yield VerticalScroll(*intro, *fields, id=f"stage-{stage.stage_id}", classes="stage")
                yield Static("", id="blocked", markup=False)
                with Horizontal(id="nav"):
                    yield Button("← Back", id="back", disabled=True)
                    yield Static(f"0 of {len(shown)} on this stage", id="nav-status", markup=False)
                    yield Button("Next →" if len(stage.stage_titles) > 1 else "Review →", id="next",
                                 variant="primary")
            with Vertical(id="side"):
                yield Static(Content.styled(SCORING, "bold"), id="scores", markup=False)
                with VerticalScroll(id="help-scroll", can_focus=False):
                    yield Static(help_text, id="help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        fields = self.query(QuestionField)
        if fields:
            self.screen.set_focus(fields.first().query_one(".answer"), scroll_visible=False)
        self.call_after_refresh(self.post_message, self.Drawn())

    # -- what the user does meanwhile ---------------------------------------------------------------

    @on(QuestionField.Answered)
    def _answered(self, event: QuestionField.Answered) -> None:
        self.touched.add(event.question.id)

    # The focus messages stop here, short of the screen. At start the app sends the screen a resize
    # that Textual folds into the screen's own resize after its first layout when the two are next to
    # each other in the screen's queue; the focus set in `on_mount` would come between them, and the
    # first stage would be laid out a second time before the first frame. Nothing above this view
    # reads them (the help panel is its own).
    @on(QuestionField.Focused)
    def _focused_question(self, event: QuestionField.Focused) -> None:
        event.stop()
        if event.field is not self._help_of:
            self._help_of = event.field
            self.query_one("#help", Static).update(event.field.help_content())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        event.stop()

    def action_next(self) -> None:
        self.actions.append("next")

    def action_back(self) -> None:
        self.actions.append("back")

    def action_review(self) -> None:
        self.actions.append("review")

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    async def settle(self) -> None:
        """Wait until every widget of the first stage has handled what was sent to it so far."""
        await settle(self, *self.walk_children())

    def taken(self) -> FirstStageInput:
        """Everything the user did here, read from the widgets themselves (what they show)."""
        taken = FirstStageInput(actions=list(self.actions))
        focused = self.screen.focused
        for qfield in self.query(QuestionField):
            qid, kind = qfield.question.id, qfield.question.kind
            widget = qfield.query_one(".answer")
            if focused is not None and (focused is widget or focused in widget.ancestors):
                taken.focused = qid
            if isinstance(widget, ChoiceList):
                if widget.highlighted is not None:
                    taken.highlighted[qid] = widget.highlighted
                values = tuple(v for v, _ in widget.choices if v in widget.chosen)
                if values:
                    taken.answers[qid] = values if kind == "multi" else values[0]
            elif isinstance(widget, Input):
                if qid in self.touched:
                    taken.typed[qid] = widget.value
            elif isinstance(widget, Switch):
                if qid in self.touched:
                    taken.answers[qid] = widget.value
            elif qid in self.touched:
                text: str = widget.text  # type: ignore[attr-defined]
                if text.strip():
                    taken.answers[qid] = text
        if isinstance(focused, Button) and focused.id:
            taken.focused = focused.id
        return taken
