"""The stages: a stepper, the current stage's questions, the help of the focused question, and the
live score sidebar. Answers go to the session; the engine re-scores on every change and the
widgets are updated in place."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import DescendantBlur
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Input, Static

from wizard.core.questionnaire.display import printable
from wizard.core.files.paths import display_path
from wizard.core.questionnaire.model import Stage
from wizard.tui.session import Session
from wizard.tui.widgets.footer import KeyFooter
from wizard.tui.widgets.question_field import QuestionField
from wizard.tui.widgets.score_panel import ScorePanel
from wizard.tui.widgets.stepper import Stepper


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

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._focused: QuestionField | None = None
        self._blocked_notice = False
        self._draft_timer: Timer | None = None

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
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
        # Focus the first question now, before the first layout, so that focus (and with it the help
        # panel and the footer) moves once instead of after a refresh.
        target = self._target(self._container(self.session.stage), None)
        if target is not None:
            answer = target.query_one(".answer")
            # The stage opens at its top, whichever way it was reached (new, resumed, opened record).
            self.set_focus(answer, scroll_visible=False)

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
        self.session.flush_draft()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        """Leaving a field commits what was typed into it."""
        self.session.flush_draft()

    @on(QuestionField.Focused)
    def _focused_question(self, event: QuestionField.Focused) -> None:
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
        if self.session.stage_index == 0 or self._blocked(forward=False):
            return
        self.show_stage(self.session.stage_index - 1)

    async def action_review(self) -> None:
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
