"""The first stage, drawn before the core loads.

`wizard new` puts its first questions on screen from a plain read of the questionnaire file
(`read_first_stage`, tomli only): no pydantic, no engine, no cost model, so the first frame costs
about what Textual needs for those widgets. The screen is the real `StagesScreen`, made the app's
default screen without a session (`compose_first_stage` lays it out): only the questions that start
in view are composed, and the sidebar says "Scoring…". Right after that frame the app loads the core
and the same screen takes the session (`StagesScreen.adopt`): it mounts the stage's other questions,
gives each question its validated model and shows the scores. No second set of widgets is built,
so the start costs the memory of one stages screen.

Nothing done meanwhile is lost. Keys are held by the app from the moment this screen is made and
replayed, in order and one at a time, once every question of the stage exists. What the mouse does
(a choice clicked, a switch switched, the focus, Next or Review pressed, Save or Quit) acts on the
widgets that stay; the answers and actions are kept by the screen and given to the session.

Only what the first frame shows is read here, and nothing here decides whether the file is valid:
a file this reader does not follow is left to the normal start (None), and the core validates
every file as it always does.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message_pump import MessagePump
from textual.widgets import Button, ContentSwitcher, Static

from wizard.core.questionnaire.display import printable
from wizard.tui.widgets.footer import KeyFooter
from wizard.tui.widgets.question_field import QuestionField
from wizard.tui.widgets.score_panel import SCORING, ScorePanel
from wizard.tui.widgets.stepper import Stepper

if TYPE_CHECKING:
    from wizard.core.questionnaire.conditions import Value

KINDS = ("single", "multi", "number", "boolean", "text")
__all__ = ["SCORING", "FirstStageSketch", "QuestionSketch", "compose_first_stage", "read_first_stage", "settle"]


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


def compose_first_stage(stage: FirstStageSketch, size: Size) -> ComposeResult:
    """The first stage as `StagesScreen` lays it out, from the sketch (called from its `compose`).

    Only the questions that start within the stage's area are composed before the first frame (the
    area: the terminal less about 8 rows of bars, buttons and footer and the 34 columns of the
    sidebar, less the intro); the screen mounts the rest once the core has loaded."""
    shown = [q for q in stage.questions if not q.conditional]
    width, height = size
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
    # The first question is drawn as the active one, its help shown: it is focused right after the
    # first frame (`StagesScreen.on_mount`), which then changes nothing that would lay the stage out again.
    help_text = Content()
    if fields:
        fields[0].add_class("-active")
        help_text = fields[0].help_content()
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
            yield ScorePanel(None, id="scores")
            with VerticalScroll(id="help-scroll", can_focus=False):
                yield Static(help_text, id="help", markup=False)
    yield KeyFooter()
