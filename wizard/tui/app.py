"""The full-screen wizard: welcome, stages, review, result and save, over one `Session`.

The app talks to the core only through the Evaluator, the records and the drafts; no scoring
happens in a widget.

Its size: the app is the one place screens meet (actions, the welcome screen's messages, the
quick first stage and its hand-over, the draft's life), so that no screen calls another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from wizard.core.questionnaire.display import printable
from wizard.core.errors import WizardError
from wizard.core.files.paths import decisions_dir, display_path
from wizard.tui.screens.dialogs import ConfirmDialog, HelpScreen

# The core (pydantic models, engine, cost model) and the screens built on it are imported where they
# are used: `wizard new` draws its first stage before they load (tui/first_stage.py).
if TYPE_CHECKING:
    from textual.app import ComposeResult

    from wizard.core.records.drafts import Draft
    from wizard.core.questionnaire.model import LoadedQuestionnaire
    from wizard.tui.first_stage import FirstStageSketch
    from wizard.tui.screens.stages import StagesScreen
    from wizard.tui.screens.welcome import RecordEntry, WelcomeScreen
    from wizard.tui.session import Session

    from wizard.core.scoring.result import Problem
    from wizard.tui.screens.review import ReviewScreen

MIN_SIZE = (80, 24)


class TooSmallScreen(ModalScreen[None]):
    """Shown while the terminal is smaller than the layout needs; nothing is lost meanwhile."""

    def compose(self) -> ComposeResult:
        yield Static(Content(f"The terminal is too small: the wizard needs at least {MIN_SIZE[0]}×{MIN_SIZE[1]}. "
                             "Enlarge it to go on; your answers are kept."), id="too-small")


class WizardApp(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "Lambda-vs-EC2 decision wizard"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(self, *, questionnaire: Path | None = None, out_dir: Path | None = None,
                 open_record: Path | None = None, pricing: Path | None = None, new: bool = False,
                 answers: dict[str, object] | None = None, stage_index: int = 0, quick_start: bool = False) -> None:
        super().__init__()
        #: `wizard new` with no draft to ask about: draw the first stage before loading the core
        #: (tui/first_stage.py). Off by default, so a test's app is whole as soon as it is mounted.
        self.quick_start = quick_start
        #: Keys that arrive while the first stage is shown, replayed to the real stages screen (None: none held).
        self._held_keys: list[events.Key] | None = None
        #: The stages screen drawn before the core loads (the default screen), until it takes the session.
        self._waiting_stages: StagesScreen | None = None
        #: The first stage it draws, read from the questionnaire file (None: the usual start).
        self._first_sketch: FirstStageSketch | None = None
        #: `wizard new --answers`: the decision starts with these answers, on this stage.
        self.given: dict[str, object] = {} if answers is None else {
            "answers": dict(answers), "stage_index": stage_index, "visited": set(range(stage_index + 1)),
            "dirty": True}

        from wizard.core.files.config import load_settings

        #: config.toml and WIZARD_* (a command-line option wins over both).
        self.settings = load_settings()
        #: Start a new decision at once (`wizard new`) instead of showing the welcome screen.
        self.new = new
        self.questionnaire_path = questionnaire
        configured = self.settings.decisions_dir
        if configured is not None and not configured.is_absolute():  # relative: to the git root, as docs/decisions
            from wizard.core.files.paths import find_repo_root

            configured = (find_repo_root() or Path.cwd()) / configured
        self.out_dir = out_dir or configured
        self.open_record = open_record
        self.pricing = pricing or self.settings.pricing
        if self.settings.theme is not None and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.session: Session | None = None
        self.saved_path: Path | None = None
        #: The date records are made on (None: today); fixed by snapshot tests.
        self.today: dt.date | None = None

    # -- start -------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        problem = self.settings.problem
        if problem is None and self.settings.theme is not None and self.settings.theme not in self.available_themes:
            problem = f"Unknown theme {self.settings.theme!r} in the settings; using the default"
        if problem:
            self.notify(problem, title="Settings", severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.open_record is not None or self.new:
            if self._waiting_stages is not None:  # drawn already; the core loads once it is on screen
                self.call_after_refresh(self._waiting_stages.first_frame_drawn)
                return
            self._start_from_command_line()
            return
        self.push_screen(self._welcome())

    @work(exclusive=True, group="start")
    async def _start_from_command_line(self) -> None:
        """`wizard open RECORD` / `wizard new`: straight to the stages, after asking when that would
        replace an unfinished draft (declined: the welcome screen, which offers to resume it)."""
        draft, note = self._draft()
        if draft is not None and not await self._may_replace_draft(self.open_record, f" ({note})"):
            self.push_screen(self._welcome())
            return
        if self.open_record is not None:
            self.open_path(self.open_record)
            return
        questionnaires = self._questionnaires()
        if questionnaires:
            self._guard(lambda: self.start(questionnaires[0], **self.given))
            if self.session is not None:
                return
        self.push_screen(self._welcome())

    # -- the first stage before the core ------------------------------------------------------------

    def get_default_screen(self) -> Screen:  # type: ignore[type-arg]
        """When `wizard new` can draw its first stage before the core loads, the stages screen itself,
        still without a session (a screen pushed over the default one would be styled and laid out once
        more before the first frame, and the default one would keep the first frame's widgets)."""
        self._first_sketch = self._first_stage()
        if self._first_sketch is None:
            return super().get_default_screen()
        from wizard.tui.screens.stages import StagesScreen

        self._waiting_stages = StagesScreen()
        # Keys typed from now on wait until the screen has its session (see `_load_and_adopt`).
        self._held_keys = []
        return self._waiting_stages

    def compose(self) -> ComposeResult:
        """The first stage, composed into the default screen (the waiting stages screen) as an app's
        own widgets are: Textual then lays it out once before the first frame."""
        if self._first_sketch is not None:
            from wizard.tui.first_stage import compose_first_stage

            yield from compose_first_stage(self._first_sketch, self.size)

    def _first_stage(self) -> FirstStageSketch | None:
        """The first stage to draw before the core loads, when `wizard new` can start that way: no
        answers given, no draft to ask about first, and a questionnaire file this reader follows."""
        if not (self.quick_start and self.new and self.open_record is None and not self.given):
            return None
        from wizard.core.questionnaire.catalog import bundled_questionnaires, project_questionnaires
        from wizard.core.files.paths import draft_path
        from wizard.tui.first_stage import read_first_stage

        try:
            if draft_path().exists():
                return None
        except OSError:  # a data directory that cannot be looked at: the usual start says why
            return None
        # A repository's own questionnaire before the bundled one, as `_questionnaires` orders them.
        path = self.questionnaire_path or next(iter(project_questionnaires() + bundled_questionnaires()), None)
        return None if path is None else read_first_stage(path)

    def on_stages_screen_drawn(self, event: StagesScreen.Drawn) -> None:
        if self._waiting_stages is not None:
            self._adopt_first_stage()

    async def _load_core(self) -> LoadedQuestionnaire | None:
        """The questionnaire, loaded and validated by the core (None: none found; a bad file raises)."""
        questionnaires = self._questionnaires()
        return questionnaires[0] if questionnaires else None

    @work(exclusive=True, group="start")
    async def _adopt_first_stage(self) -> None:
        """Load the core, then give the stages screen drawn before it the session, with everything the
        user did meanwhile; a file the core rejects is reported as on any start (the welcome screen)."""
        try:
            await self._load_and_adopt()
        finally:
            await self._replay_held_keys()

    async def _load_and_adopt(self) -> None:
        # Keys wait for the session and every question of the stage (only those in view are drawn
        # before the core loads: a Tab there would reach Next too early). Typed while the core loads
        # (it blocks the app), they would also come in one burst, each given to the widget focused before
        # the key ahead of it had moved the focus: they are replayed one by one instead.
        if self._held_keys is None:
            self._held_keys = []
        stages = self._waiting_stages
        if stages is None:
            return
        try:
            loaded = await self._load_core()
            session = None if loaded is None else self._session(loaded)
        except WizardError as exc:
            self.notify(exc.message, title="Cannot open", severity="error", markup=False, timeout=10)
            session = None
        self._waiting_stages = None
        if session is None:
            # The first stage gives way to the welcome screen; nothing is left of it underneath.
            await stages.remove_children()
            try:
                self.push_screen(self._welcome())
            except WizardError as exc:  # a questionnaire named on the command line that the core rejects
                self.exit(return_code=2, message=exc.message)
            return
        if self._held_keys is None:
            self._held_keys = []
        self.session = session
        actions = await stages.adopt(session)
        await stages.run_early_actions(actions, {"save": self.action_save, "quit": self.action_quit})
        self._notice_findings(session.evaluator.loaded)

    async def _replay_held_keys(self) -> None:
        """The held keys, in the order typed, each once the one before it has had its effect (a Tab has
        moved the focus before the next key is given to the focused widget); keys typed meanwhile join
        the end of the queue. Runs in the start worker, not in the app's own message loop, which the
        keys go through."""
        from wizard.tui.first_stage import settle

        while self._held_keys:
            await App.on_event(self, self._held_keys.pop(0))
            await settle(self, self.screen, *self.screen.walk_children())
        self._held_keys = None

    async def on_event(self, event: events.Event) -> None:
        if self._held_keys is not None and isinstance(event, events.Key) and not event.is_forwarded:
            if event.key == "ctrl+j":
                # Enter typed while the program was still starting, before the terminal left line mode:
                # the terminal turned its carriage return into a newline, which reads as Ctrl+J.
                event = events.Key("enter", "\r")
            self._held_keys.append(event)
            return
        await super().on_event(event)

    def _theme_changed(self, theme: object) -> None:
        """A theme chosen in the palette is remembered in config.toml for the next start."""
        from wizard.core.files.config import save_setting

        name = getattr(theme, "name", None)
        if isinstance(name, str) and name != self.settings.theme:
            problem = save_setting("theme", name)
            if problem:
                self.notify(problem, title="Settings", severity="warning", markup=False)

    def _welcome(self) -> WelcomeScreen:
        from wizard.tui.screens.welcome import WelcomeScreen

        questionnaires = self._questionnaires()
        draft, note = self._draft()
        records = self._records()
        return WelcomeScreen(questionnaires, draft, note, records)

    def _questionnaires(self) -> list[LoadedQuestionnaire]:
        from wizard.core.questionnaire.catalog import bundled_questionnaires, project_questionnaires
        from wizard.core.questionnaire.model import load_questionnaire

        if self.questionnaire_path is not None:
            return [load_questionnaire(self.questionnaire_path)]
        found: list[LoadedQuestionnaire] = []
        # A repository's own first: `wizard new` starts on it and the welcome screen offers it first.
        for path in project_questionnaires() + bundled_questionnaires():
            try:
                found.append(load_questionnaire(path))
            except WizardError as exc:
                self.notify(exc.message, severity="warning", markup=False)
        return found

    def _draft(self) -> tuple[Draft | None, str]:
        from wizard.core.records.drafts import load_draft

        try:
            draft = load_draft()
        except WizardError as exc:
            return None, f"A draft exists but cannot be read ({exc.message}); it is left as it is."
        if draft is None:
            return None, ""
        when = draft.updated.strftime("%Y-%m-%d %H:%M")
        revising = f", revising {Path(draft.record_path).name}" if draft.record_path else ""
        return draft, f"{self._answered(draft)}, {when}{revising}"

    def _answered(self, draft: Draft) -> str:
        """The draft's progress counted as the sidebar counts it: shown questions answered, of shown
        (an answer kept for a hidden question is not counted)."""
        from wizard.core.scoring.evaluator import Evaluator
        from wizard.core.questionnaire.model import load_questionnaire

        try:
            loaded = load_questionnaire(Path(draft.questionnaire_path))
            result = Evaluator.load(loaded, self.pricing).evaluate(draft.answers).result
        except WizardError:
            return f"{len(draft.answers)} answers"
        return f"{result.answered} of {result.shown} answered"

    def _records(self) -> list[RecordEntry]:
        from wizard.core.records.listing import recent_records
        from wizard.tui.screens.welcome import RecordEntry

        return [RecordEntry(path, record) for path, record in recent_records(self.out_dir or decisions_dir())]

    def start(self, loaded: LoadedQuestionnaire, **state: object) -> None:
        """Begin (or resume) a decision on this questionnaire and show its stages."""
        from wizard.tui.screens.stages import StagesScreen
        from wizard.tui.screens.welcome import WelcomeScreen

        self.session = self._session(loaded, **state)
        screen = StagesScreen(self.session)
        if isinstance(self.screen, WelcomeScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self._notice_findings(loaded)

    def _notice_findings(self, loaded: LoadedQuestionnaire) -> None:
        """A questionnaire with findings (those of `wizard check --strict`) says so once, with the first."""
        from wizard.core.scoring.authoring import questionnaire_findings

        findings = questionnaire_findings(loaded, self.pricing, check_pricing=False)
        if findings:
            first = findings[0]
            at = f"line {first.line}: " if first.line is not None else ""
            self.notify(printable(f"{len(findings)} finding(s) in {loaded.path.name}; the first, {at}{first}. "
                                  f"wizard check {loaded.path} lists them all."),
                        title="Questionnaire", severity="warning", markup=False, timeout=15)

    def _session(self, loaded: LoadedQuestionnaire, **state: object) -> Session:
        from wizard.core.scoring.evaluator import Evaluator
        from wizard.tui.session import Session

        evaluator = Evaluator.load(loaded, self.pricing)
        # A question's `default` is not an answer: the stage shows it as a suggestion, taken when the
        # user passes the stage with Next (Session.accept_suggestions).
        session = Session(evaluator=evaluator, out_dir=self.out_dir, **state)  # type: ignore[arg-type]
        session.on_draft_error = self._draft_failed
        return session

    def _draft_failed(self, message: str) -> None:
        """The draft cannot be written (data directory full or read-only): say so once; the app goes on."""
        self.notify(message, title="Draft", severity="warning", markup=False, timeout=12)

    # The welcome screen's messages are handled by name (`on_welcome_screen_*`): `@on(WelcomeScreen.Start)`
    # would import the welcome screen, and with it the core, before the first frame.
    def on_welcome_screen_start(self, event: WelcomeScreen.Start) -> None:
        self._start_new(event.questionnaire, self._draft_shown())

    @work(exclusive=True, group="start")
    async def _start_new(self, loaded: LoadedQuestionnaire, has_draft: bool) -> None:
        if has_draft and not await self._may_replace_draft(None):
            return
        self._guard(lambda: self.start(loaded))

    async def _may_replace_draft(self, record: Path | None, note: str = "") -> bool:
        """Asks before a new decision (`record` None) or an opened record takes the draft's place."""
        what, yes = (f"Open {record.name}?", "Open") if record is not None else ("Start a new decision?", "Start new")
        replace: bool = await self.push_screen_wait(ConfirmDialog(
            printable(f"{what} The unfinished draft{note} will be replaced as soon as you change an answer."),
            yes, "Go back"))
        return replace

    def _draft_shown(self) -> bool:
        """Whether the welcome screen on top offers a draft (then a new decision or record asks first)."""
        from wizard.tui.screens.welcome import WelcomeScreen

        return isinstance(self.screen, WelcomeScreen) and self.screen.draft is not None

    def on_welcome_screen_resume(self) -> None:
        from wizard.core.records.drafts import load_draft
        from wizard.core.questionnaire.model import load_questionnaire
        from wizard.core.records.model import load_record

        def resume() -> None:
            draft = load_draft()
            if draft is None:
                return
            loaded = load_questionnaire(Path(draft.questionnaire_path))
            stages = [s.id for s in loaded.questionnaire.stages]
            index = stages.index(draft.stage) if draft.stage in stages else 0
            record_path = Path(draft.record_path) if draft.record_path else None
            record = load_record(record_path) if record_path and record_path.exists() else None
            # A revision opened with every stage visited; a new decision got as far as its draft's stage.
            visited = set(range(len(stages) if record else index + 1))
            self.start(loaded, answers=dict(draft.answers), stage_index=index, visited=visited,
                       suggested=set(draft.suggested) & set(draft.answers),
                       record=record, record_path=record_path if record else None, dirty=True)
        self._guard(resume)

    def on_welcome_screen_open(self, event: WelcomeScreen.Open) -> None:
        self._open_over_draft(event.path, self._draft_shown())

    @work(exclusive=True, group="start")
    async def _open_over_draft(self, path: Path, has_draft: bool) -> None:
        if has_draft and not await self._may_replace_draft(path):
            return
        self.open_path(path)

    def open_path(self, path: Path) -> None:
        from wizard.core.questionnaire.catalog import resolve_questionnaire
        from wizard.core.records.model import load_record

        def open_record() -> None:
            record = load_record(path)
            loaded = resolve_questionnaire(self.questionnaire_path, record.questionnaire.id, asked_by=path)
            known = loaded.questionnaire.question_index
            from wizard.core.questionnaire.migrations import migrate

            saved, migrated = migrate(record.answers, loaded.questionnaire.migrations, record.questionnaire.version)
            if migrated:
                self.notify(printable("Answers migrated: " + "; ".join(migrated)), markup=False, timeout=10)
            answers = {k: v for k, v in saved.items() if k in known}
            dropped = sorted(set(saved) - set(answers))
            if dropped:
                self.notify(printable(f"Answers no longer in the questionnaire were left out: {', '.join(dropped)}"),
                            severity="warning", markup=False)
            self.start(loaded, answers=answers, record=record, record_path=path,
                       suggested=set(record.suggested) & set(answers),
                       visited=set(range(len(loaded.questionnaire.stages))))
        self._guard(open_record)

    def _guard(self, action: Callable[[], None]) -> None:
        from wizard.tui.screens.welcome import WelcomeScreen

        try:
            action()
        except WizardError as exc:
            self.notify(exc.message, title="Cannot open", severity="error", markup=False, timeout=10)
            if self.open_record is not None and not isinstance(self.screen, WelcomeScreen) and self.session is None:
                self.push_screen(self._welcome())

    # -- navigation between screens -------------------------------------------------------------

    def _stages_screen(self) -> StagesScreen | None:
        from wizard.tui.screens.stages import StagesScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, StagesScreen) and not screen.waiting:
                return screen
        return None

    def action_review(self) -> None:
        if self.session is None:
            return
        from wizard.tui.screens.review import ReviewScreen  # loaded on first use, not at start-up
        from wizard.tui.screens.stages import StagesScreen

        if not isinstance(self.screen, ReviewScreen):
            while not isinstance(self.screen, StagesScreen) and len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(ReviewScreen(self.session))

    def action_result(self) -> None:
        if self.session is None:
            return
        missing = [p for p in self.session.evaluation.result.errors]
        if missing:
            first = self._in_words(missing[0])
            self.notify(printable(f"Answer the required questions first: {first}"),
                        severity="warning", markup=False)
            if missing[0].question:
                self.edit_question(missing[0].question)
            return
        from wizard.tui.screens.result import ResultScreen  # plotting loads only when a result is shown

        self.push_screen(ResultScreen(self.session))

    def _in_words(self, problem: Problem) -> str:
        """A problem from the core as the screen shows it: the question's prompt, not its id."""
        qid = problem.question
        if qid is None or self.session is None:
            return problem.message
        try:
            prompt = self.session.question(qid).prompt
        except KeyError:
            return problem.message
        return problem.about(f'"{prompt}"')

    def on_review_screen_edit_question(self, message: ReviewScreen.EditQuestion) -> None:
        self.edit_question(message.question)

    def edit_question(self, qid: str) -> None:
        stages = self._stages_screen()
        if stages is None or self.session is None:
            return
        while self.screen is not stages:
            self.pop_screen()
        index = next(i for i, s in enumerate(self.session.stages) if any(q.id == qid for q in s.questions))
        stages.jump(index, focus=qid)

    def jump_to_stage(self, index: int) -> None:
        stages = self._stages_screen()
        if stages is None:
            return
        while self.screen is not stages:
            self.pop_screen()
        stages.jump(index)

    # -- save, help, quit ---------------------------------------------------------------------------

    def action_save(self) -> None:
        from wizard.tui.screens.save import SaveScreen  # loaded on first use, not at start-up

        session = self.session
        if self._waiting_first_stage("save"):
            return
        if isinstance(self.screen, SaveScreen):  # Ctrl+S in the save dialog saves
            self.screen.action_save()
            return
        if isinstance(self.screen, ModalScreen):
            return
        if session is None:
            self.notify("Start a decision first.", severity="information")
            return
        errors = session.evaluation.result.errors
        if errors or session.invalid:
            # A refused value first: its question also counts as unanswered, and "required but not
            # answered" would hide the message that says what is wrong with what was typed.
            qid: str | None
            if session.invalid:
                qid = next(iter(session.invalid))
                message = f'"{session.question(qid).prompt}": {session.invalid[qid]}'
            else:
                qid = errors[0].question
                message = self._in_words(errors[0])
            self.notify(printable(f"Not saved yet: {message}"), severity="warning", markup=False)
            if qid:
                self.edit_question(qid)
            return
        self._ask_and_save(session)

    @work(exclusive=True, group="save")
    async def _ask_and_save(self, session: Session) -> None:
        from wizard.tui.screens.save import SaveScreen

        path = await self.push_screen_wait(SaveScreen(session, self.today))
        if path is not None:
            self.saved_path = path
            # The file name and its directory on lines of their own: a toast breaks a long path mid-word.
            where = display_path(path.parent) if path.parent != Path() else "."
            self.notify(f"{path.name}\nin {where}", title="Decision record saved", markup=False, timeout=8)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            options = () if self.session is None else tuple(
                (o.label, o.summary) for o in self.session.questionnaire.options)
            self.push_screen(HelpScreen(options))

    async def action_quit(self) -> None:
        if self._waiting_first_stage("quit", only_if_answered=True):
            return
        self.flush_draft()  # the answer being typed is in the draft before the question is asked
        self._confirm_quit()

    def flush_draft(self) -> None:
        """Write the answers typed since the draft was last written (see `Session.flush_draft`)."""
        if self.session is not None:
            self.session.flush_draft()

    @work(exclusive=True, group="quit")
    async def _confirm_quit(self) -> None:
        session = self.session
        if session is not None and session.dirty and session.answers:
            leave = await self.push_screen_wait(ConfirmDialog(
                "Quit without saving a record? Your answers stay in a draft that the next start offers to resume.",
                "Quit", "Stay"))
            if not leave:
                return
        self.exit()

    def _waiting_first_stage(self, action: str, *, only_if_answered: bool = False) -> bool:
        """On the first stage drawn before the core: the action is kept until the screen has its session."""
        stages = self._waiting_stages
        if stages is None or self.screen is not stages or (only_if_answered and not stages.early_answers):
            return False
        stages.early_actions.append(action)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide Save from the footer until there is a decision to save (or the first stage is on screen)."""
        if action == "save" and self.session is None:
            return self._waiting_stages is not None
        return True

    # -- command palette ----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        from wizard.tui.screens.welcome import WelcomeScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, WelcomeScreen):  # what the welcome screen's buttons do, by name
            yield SystemCommand("New decision", "Start a new decision", screen.press_start)
            if screen.draft is not None:
                yield SystemCommand("Resume the draft", screen.draft_note, screen.press_resume)
            for entry in screen.records[:20]:
                yield SystemCommand(f"Open record {entry.path.name}", entry.record.title,
                                    lambda path=entry.path: self.post_message(WelcomeScreen.Open(path)))
        if self.session is None:
            return
        for i, stage in enumerate(self.session.stages):
            if i in self.session.visited:
                yield SystemCommand(f"Go to stage {i + 1}: {stage.title}", "Jump to this stage",
                                    lambda i=i: self.jump_to_stage(i))
        yield SystemCommand("Review answers", "All answers grouped by stage", self.action_review)
        yield SystemCommand("Show result", "Recommendation, contributions and cost", self.action_result)
        yield SystemCommand("Save decision record", "Write the TOML record", self.action_save)

    # -- terminal size --------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()


def run_app(**options: object) -> int:
    from wizard.tui.draft_signals import flush_before_signals

    app = WizardApp(quick_start=True, **options)  # type: ignore[arg-type]
    with flush_before_signals(app.flush_draft):
        app.run()
    app.flush_draft()
    return 0
