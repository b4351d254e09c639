"""The stages: a stepper, the current stage's questions, the help of the focused question, and the
live score sidebar. Answers go to the session; the engine re-scores on every change and the
widgets are updated in place.

`wizard new` draws this screen before the core loads, without a session (tui/first_stage.py): it
keeps what is answered and pressed meanwhile, and `adopt` then gives it the session.

Its size: one screen's layout, navigation and answers, and its start before the core, which works on
the same widgets; split, each half would reach into the other's widgets."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import DescendantBlur
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Input, Static

from wizard.core.questionnaire.display import printable
from wizard.core.files.paths import display_path
from wizard.tui.widgets.footer import KeyFooter
from wizard.tui.widgets.question_field import QuestionField
from wizard.tui.widgets.score_panel import ScorePanel
from wizard.tui.widgets.stepper import Stepper

if TYPE_CHECKING:  # annotations only: the first stage is drawn with this screen before pydantic loads
    from wizard.core.questionnaire.conditions import Value
    from wizard.core.questionnaire.model import Stage
    from wizard.tui.session import Session


#: A number or text answer is written to the draft after this long without typing (or when committed first).
DRAFT_DELAY_S = 0.5


class StagesScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+r", "review", "Review"),
    ]

    #: The first question is focused when the screen mounts; auto-focus would first focus another widget.
    AUTO_FOCUS = ""

    class Drawn(Message):
        """The first stage, drawn before the core loads, is on screen: the app loads the core now."""

    def __init__(self, session: Session | None = None) -> None:
        super().__init__()
        #: None while the first stage is drawn, before the core loads (see `adopt`).
        self._session = session
        #: Before the core loads: each answer given (value, error, typed), in the order last given.
        self.early_answers: dict[str, tuple[Value | None, str | None, bool]] = {}
        #: Before the core loads: Next, Back, Review, Save or Quit, in the order pressed.
        self.early_actions: list[str] = []
        self._help_of: QuestionField | None = None
        self._blocked_notice = False
        self._draft_timer: Timer | None = None

    @property
    def waiting(self) -> bool:
        """Drawn before the core loaded, and not given the session yet."""
        return self._session is None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the stages screen has no session before the core loads")
        return self._session

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self._session is None:
            # Drawn before the core loads: this is the app's default screen, and the app composes the
            # first stage into it (`WizardApp.compose`), at the moment Textual lays a default screen out
            # once; composed here, it would come after the start's resizes and be laid out again.
            return
        # The current stage is composed with its final state (visibility, scores, stepper, labels), so
        # the first screen is laid out and styled once instead of being updated right after mounting.
        s = self.session
        s.go_to(s.stage_index)
        visible = set(s.evaluation.visible)
        container = self._new_container(s.stage, visible)
        last = s.stage_index == len(s.stages) - 1
        title = Content(printable(s.questionnaire.title))
        if s.record_path is not None:  # `wizard open`: which record the answers come from, first (never cut off)
            title = Content.assemble(("Revising ", "$text-muted"), (printable(display_path(s.record_path)), "bold"),
                                     ("  ·  ", "$text-muted"), title)
        yield Static(title, id="title-bar", markup=False)
        yield Stepper([stage.title for stage in s.stages], s.stage_index, self._done(), s.visited, id="stepper")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Static(self._heading(), id="stage-intro", markup=False)
                with ContentSwitcher(id="stages", initial=container.id):
                    yield container
                yield Static("", id="blocked", markup=False)
                with Horizontal(id="nav"):
                    yield Button("← Back", id="back", disabled=s.stage_index == 0)
                    yield Static(self._status(visible), id="nav-status", markup=False)
                    yield Button("Review →" if last else "Next →", id="next", variant="primary")
            with Vertical(id="side"):
                yield ScorePanel(s.questionnaire, s.evaluation.result, id="scores", cost_note=self._cost_note(),
                                 scoring=s.scoring)
                with VerticalScroll(id="help-scroll", can_focus=False):
                    yield Static("", id="help", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.waiting:  # the app calls `first_frame_drawn` once the first stage is on screen
            return
        # Focus the first question now, before the first layout, so that focus (and with it the help
        # panel and the footer) moves once instead of after a refresh.
        target = self._target(self._container(self.session.stage), None)
        if target is not None:
            answer = target.query_one(".answer")
            # The stage opens at its top, whichever way it was reached (new, resumed, opened record).
            self.set_focus(answer, scroll_visible=False)

    def first_frame_drawn(self) -> None:
        """The first stage is on screen: focus its first question and tell the app to load the core.

        Not earlier: a focus, or anything else sent to this screen while it mounts, would come between
        the two resizes that Textual folds into one at start, and the stage would be laid out again
        before it is shown. The first question is composed as the active one with its help, so
        the focus changes nothing else."""
        fields = self.query(QuestionField)
        if fields and self.focused is None:
            self._help_of = fields.first()
            self.set_focus(fields.first().query_one(".answer"), scroll_visible=False)
        self.post_message(self.Drawn())

    async def adopt(self, session: Session) -> list[str]:
        """Take the session once the core has loaded: each question drawn gets its validated model,
        the stage's other questions are mounted in their places, what was answered meanwhile is
        checked and given to the session, and the scores are shown. Returns the actions pressed
        meanwhile, in order, for the app to carry out (see `WizardApp._load_and_adopt`)."""
        self._session = s = session
        s.go_to(s.stage_index)
        visible = set(s.evaluation.visible)
        container = self.query_one("#stages", ContentSwitcher).query_children(VerticalScroll).first()
        drawn = {f.question.id: f for f in container.query_children(QuestionField)}
        intro = container.query_children(".intro")
        anchor: Widget | None = intro.first() if intro else None
        waits = []
        new: list[QuestionField] = []

        def mount_new() -> None:
            if new:
                waits.append(container.mount(*new, after=anchor) if anchor is not None
                             else container.mount(*new, before=0))
                new.clear()

        for question in s.stage.questions:
            field = drawn.get(question.id)
            if field is None:
                field = QuestionField(question, s.answers.get(question.id), s.suggestion(question.id))
                field.display = question.id in visible
                new.append(field)
                continue
            mount_new()
            field.question = question
            if field.suggestion is not None:
                field.suggestion = s.suggestion(question.id)
            anchor = field
        mount_new()
        for wait in waits:
            await wait
        for qid, (value, error, typed) in self.early_answers.items():
            if qid not in s.questionnaire.question_index:
                continue
            problem = error or (None if value is None else s.question(qid).check_value(value))
            if problem:
                s.set_invalid(qid, problem, typed=typed)
                for field in container.query_children(f"#q-{qid}").results(QuestionField):
                    field.show_error(problem)
            else:
                s.set_answer(qid, value, typed=typed)
        self.early_answers.clear()
        self.query_one("#scores", ScorePanel).questionnaire = s.questionnaire
        self.refresh_state()
        actions, self.early_actions = self.early_actions, []
        return actions

    async def run_early_actions(self, actions: list[str], app_actions: dict[str, Callable[[], Any]]) -> None:
        """Carry out what was pressed before the core loaded: this screen's own, then the app's."""
        own: dict[str, Callable[[], Any]] = {"next": self.action_next, "back": self.action_back,
                                             "review": self.action_review}
        for action in actions:
            done = {**own, **app_actions}[action]()
            if inspect.isawaitable(done):
                await done

    # -- stages ----------------------------------------------------------------------------------

    def _new_container(self, stage: Stage, visible: set[str]) -> VerticalScroll:
        s = self.session
        fields = [QuestionField(q, s.answers.get(q.id), s.suggestion(q.id)) for q in stage.questions]
        for field in fields:
            field.display = field.question.id in visible
        # The stage's intro scrolls with its questions: at 80×24 a fixed box would cut it.
        intro = [Static(Content(printable(stage.intro.strip().replace("\n", " "))), classes="intro", markup=False)] \
            if stage.intro.strip() else []
        return VerticalScroll(*intro, *fields, id=f"stage-{stage.id}", classes="stage")

    def _container(self, stage: Stage) -> VerticalScroll:
        switcher = self.query_one("#stages", ContentSwitcher)
        found = switcher.query(f"#stage-{stage.id}")
        if found:
            return found.first(VerticalScroll)
        container = self._new_container(stage, set(self.session.evaluation.visible))
        switcher.mount(container)
        return container

    def _heading(self) -> Content:
        s = self.session
        where = f"  ·  stage {s.stage_index + 1} of {len(s.stages)}"
        return Content.assemble((printable(s.stage.title), "bold"), where)

    def _done(self) -> set[int]:
        return {i for i in range(len(self.session.stages)) if self.session.stage_complete(i)}

    def _status(self, visible: set[str]) -> Content:
        s = self.session
        shown = [q for q in s.stage.questions if q.id in visible]
        answered = sum(1 for q in shown if q.id in s.answers)
        # The same count as the sidebar's (suggestions not taken are not answers), for this stage.
        status = f"{answered} of {len(shown)} on this stage"
        if s.draft_error:
            status += f" · draft not saved: {s.draft_error}"
        return Content(printable(status))

    def show_stage(self, index: int, *, focus: str | None = None) -> None:
        s = self.session
        self._clear_blocked_notice()
        s.go_to(index)
        container = self._container(s.stage)
        self.query_one("#stages", ContentSwitcher).current = container.id
        self.query_one("#stage-intro", Static).update(self._heading())
        self.query_one("#next", Button).label = "Review →" if s.stage_index == len(s.stages) - 1 else "Next →"
        self.query_one("#back", Button).disabled = s.stage_index == 0
        self.call_after_refresh(self._focus_question, container, focus)
        self.refresh_state()

    @staticmethod
    def _target(container: VerticalScroll, qid: str | None) -> QuestionField | None:
        """The question `qid` if it is shown, else the first shown question of the stage."""
        fields = [f for f in container.query(QuestionField) if f.display]
        return next((f for f in fields if f.question.id == qid), fields[0] if fields else None)

    def _focus_question(self, container: VerticalScroll, qid: str | None) -> None:
        target = self._target(container, qid)
        if target is not None:
            target.focus_answer(scroll=False)
            # Once laid out: the whole question, its prompt first, in view (focus alone scrolls to the input).
            self.call_after_refresh(self._reveal, container, target)

    def _reveal(self, container: VerticalScroll, target: QuestionField, tries: int = 20) -> None:
        """Scroll the question into view with its prompt; after a jump from another screen the stage is
        laid out only once this screen is back, so wait for that (a few frames at most)."""
        if container.size.height == 0 or target.size.height == 0:
            if tries:
                self.set_timer(0.01, lambda: self._reveal(container, target, tries - 1))
            return
        container.scroll_to_widget(target, animate=False, top=target.outer_size.height > container.size.height)

    def _cost_note(self) -> str | None:
        """Why the sidebar has no bills although the workload is answered (asked only then)."""
        evaluation = self.session.evaluation
        if "cost.ec2_monthly_usd" in evaluation.result.facts:
            return None
        return self.session.evaluator.cost_problem(evaluation.answers)

    def refresh_state(self) -> None:
        """Re-show what depends on the answers: visibility, scores, stepper, status line."""
        s = self.session
        evaluation = s.evaluation
        visible = set(evaluation.visible)
        for field in self.query(QuestionField):
            field.display = field.question.id in visible
        self.query_one("#scores", ScorePanel).show(evaluation.result, self._cost_note(), scoring=s.scoring)
        self.query_one("#stepper", Stepper).show(s.stage_index, self._done(), s.visited)
        self.query_one("#nav-status", Static).update(self._status(visible))

    # -- answers -----------------------------------------------------------------------------------

    @on(QuestionField.Answered)
    def _answered(self, event: QuestionField.Answered) -> None:
        qid = event.question.id
        if self.waiting:  # checked against the real question once the core loads (`adopt`)
            self.early_answers.pop(qid, None)
            self.early_answers[qid] = (event.value, event.error, event.typed)
            return
        if event.error:
            self.session.set_invalid(qid, event.error, typed=event.typed)
        else:
            self.session.set_answer(qid, event.value, typed=event.typed)
            if self._blocked_notice and not self.session.blocking(forward=True):
                self._clear_blocked_notice()
        if event.typed:  # written once the typing pauses (or is committed first)
            if self._draft_timer is not None:
                self._draft_timer.stop()
            self._draft_timer = self.set_timer(DRAFT_DELAY_S, self.session.flush_draft)
        self.refresh_state()

    @on(Input.Submitted)
    def _committed(self) -> None:
        """Enter in a number field commits what was typed (the event goes on to its other handlers)."""
        if not self.waiting:
            self.session.flush_draft()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        """Leaving a field commits what was typed into it."""
        if not self.waiting:
            self.session.flush_draft()

    @on(QuestionField.Focused)
    def _focused_question(self, event: QuestionField.Focused) -> None:
        if event.field is not self._help_of:
            self._help_of = event.field
            self.query_one("#help", Static).update(event.field.help_content())

    # -- navigation ------------------------------------------------------------------------------

    def _blocked(self, *, forward: bool) -> bool:
        problems = self.session.blocking(forward=forward)
        if not problems:
            return False
        for qid, message in problems:
            field = self.query_one(f"#q-{qid}", QuestionField)
            field.show_error(message)
        container = self._container(self.session.stage)
        self._focus_question(container, problems[0][0])
        names = "; ".join(f"“{printable(self.session.question(qid).prompt)}”" for qid, _ in problems[:2])
        more = f" and {len(problems) - 2} more" if len(problems) > 2 else ""
        # A line above the buttons, not a toast: a toast would cover the choices it talks about.
        self.query_one("#blocked", Static).update(
            Content.assemble(("⚠ Fix before leaving this stage: ", "bold $warning"), f"{names}{more}"))
        self._blocked_notice = True
        return True

    def _clear_blocked_notice(self) -> None:
        """Take down the "fix before leaving" line once it no longer holds."""
        if self._blocked_notice:
            self._blocked_notice = False
            self.query_one("#blocked", Static).update("")

    async def action_next(self) -> None:
        if self.waiting:
            self.early_actions.append("next")
            return
        self._accept_suggestions()
        if self._blocked(forward=True):
            return
        if self.session.stage_index == len(self.session.stages) - 1:
            await self.app.run_action("review")
        else:
            self.show_stage(self.session.stage_index + 1)

    def _accept_suggestions(self) -> None:
        """Next passes the stage: its suggestions shown become answers, marked as accepted suggestions."""
        s = self.session
        before = set(s.suggested)
        s.accept_suggestions()
        for qid in s.suggested - before:
            self.query_one(f"#q-{qid}", QuestionField).take_suggestion()
        if s.suggested != before:
            self.refresh_state()

    def action_back(self) -> None:
        if self.waiting:
            self.early_actions.append("back")
            return
        if self.session.stage_index == 0 or self._blocked(forward=False):
            return
        self.show_stage(self.session.stage_index - 1)

    async def action_review(self) -> None:
        if self.waiting:
            self.early_actions.append("review")
            return
        if not self._blocked(forward=False):
            await self.app.run_action("review")

    def jump(self, index: int, focus: str | None = None) -> None:
        """Go to a stage (from the stepper, the review or the command palette)."""
        if index == self.session.stage_index:
            if focus:
                self._focus_question(self._container(self.session.stage), focus)
            return
        if self._blocked(forward=index > self.session.stage_index):
            return
        self.show_stage(index, focus=focus)

    @on(Stepper.Selected)
    def _step(self, event: Stepper.Selected) -> None:
        if self.waiting:
            return
        if event.index not in self.session.visited:
            self.notify("Go through the stages before it first.", severity="information")
            return
        self.jump(event.index)

    @on(Button.Pressed, "#next")
    async def _next_pressed(self) -> None:
        await self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()
