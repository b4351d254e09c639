"""`wizard new` draws its first stage before the core loads (wizard/tui/first_stage.py).

What is checked: the first frame needs neither pydantic nor the core; it is the stages screen itself,
with the first questions and "Scoring…"; the same screen and widgets take the session once the core
has loaded (the stage whole, in order, with validated questions); everything done before the core
loads (keys typed ahead, during the first frame or while the screen takes the session, in order; a
choice clicked; a number refused; Next clicked) ends up in the session and the draft; a file the core
rejects afterwards is reported, not a crash; a draft to ask about starts the usual way. No test here
times anything.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static

from wizard.core.records.drafts import load_draft
from wizard.tui.app import WizardApp
from wizard.tui.first_stage import SCORING, read_first_stage
from wizard.tui.screens.stages import StagesScreen
from wizard.tui.widgets.question_field import QuestionField

from .conftest import field_of
from .scenarios import SIZES, TODAY
from .scenarios import _settle as settle

BUNDLED = Path(__file__).resolve().parents[2] / "questionnaires" / "lambda-vs-ec2.toml"
#: A questionnaire whose first stage has a question with a `when` between two others.
OWN = Path(__file__).resolve().parents[2] / "examples" / "questionnaires" / "rds-or-dynamodb.toml"


class GatedApp(WizardApp):
    """`wizard new` whose core waits for the test: the moment between the first frame and the core."""

    def __init__(self, **options: object) -> None:
        super().__init__(new=True, quick_start=True, **options)  # type: ignore[arg-type]
        self.gate = asyncio.Event()
        self.today = TODAY

    async def _load_core(self):  # type: ignore[no-untyped-def]
        await self.gate.wait()
        return await super()._load_core()


async def _core_loaded(app: WizardApp) -> None:
    await app.workers.wait_for_complete()
    for _ in range(5):
        await asyncio.sleep(0.02)
        if isinstance(app.screen, StagesScreen) and not app.screen.waiting:
            break


def _waiting(app: WizardApp) -> bool:
    """The first stage is on screen and the core has not loaded yet."""
    return isinstance(app.screen, StagesScreen) and app.screen.waiting


def test_first_frame_needs_no_pydantic() -> None:
    """The app module, the command line's parser and the first stage's reader load no pydantic."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from wizard.cli.main import build_parser\n"
        "build_parser()\n"
        "import wizard.tui.app\n"
        "from wizard.tui.first_stage import compose_first_stage, read_first_stage\n"
        "import wizard.tui.screens.stages\n"
        f"assert read_first_stage(Path({str(BUNDLED)!r})) is not None\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('pydantic', 'wizard.core.scoring.engine',\n"
        "                'wizard.core.questionnaire.model', 'wizard.core.cost')))\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_reader_leaves_unknown_files_to_the_core(tmp_path: Path) -> None:
    bad = tmp_path / "q.toml"
    bad.write_text('title = "T"\n[[stages]]\nid = "s"\ntitle = "S"\n[[stages.questions]]\nid = "x"\n'
                   'kind = "slider"\nprompt = "?"\n')
    assert read_first_stage(bad) is None
    bad.write_text("title = [")
    assert read_first_stage(bad) is None
    first = read_first_stage(BUNDLED)
    assert first is not None and first.questions[0].id == "workload_type"


async def test_first_frame_says_scoring_then_the_same_screen_scores() -> None:
    app = GatedApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _waiting(app)
        assert app.session is None
        assert SCORING in str(app.screen.query_one("#scores", Static).content)
        fields = list(app.screen.query(QuestionField))
        assert fields and fields[0].question.id == "workload_type"
        assert field_of(app.focused) is fields[0]
        screen = app.screen
        app.gate.set()
        await _core_loaded(app)
        # The screen drawn first takes the session: no second screen, the first frame's widgets kept.
        assert app.screen is screen and app.screen_stack == [screen]
        assert isinstance(screen, StagesScreen) and not screen.waiting and app.session is not None
        assert screen.query(QuestionField).first() is fields[0]
        assert SCORING not in str(app.screen.query_one("#scores").content)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("questionnaire", "size", "left_out"), [
    (BUNDLED, (80, 24), None),
    (OWN, (120, 40), "records_per_transaction"),
], ids=["below-the-fold", "conditional"])
async def test_the_stage_is_whole_in_order_with_validated_questions_once_the_core_loads(
        questionnaire: Path, size: tuple[int, int], left_out: str | None) -> None:
    """Only the questions in view are drawn first, and none with a `when` (the engine decides those);
    the others are mounted in their places, shown or hidden as the engine says, and every question is
    the validated model, as on a screen built from a session."""
    from wizard.core.questionnaire.question_base import QuestionBase

    app = GatedApp(questionnaire=questionnaire)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        stage = read_first_stage(questionnaire)
        assert stage is not None
        drawn = [f.question.id for f in app.screen.query(QuestionField)]
        assert 0 < len(drawn) < len(stage.questions) and left_out not in drawn
        app.gate.set()
        await _core_loaded(app)
        await pilot.pause()
        assert app.session is not None
        fields = list(app.screen.query(QuestionField))
        assert [f.question.id for f in fields] == [q.id for q in app.session.stage.questions]
        assert all(isinstance(f.question, QuestionBase) for f in fields)
        visible = app.session.evaluation.visible
        assert [f.display for f in fields] == [f.question.id in visible for f in fields]


async def test_answers_given_before_the_core_loads_are_kept() -> None:
    """Choices, a switch, the focus and Next pressed on the first frame reach the session and the draft."""
    app = GatedApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "space", "tab", "down", "enter")  # a second kind of work; the second team
        assert _waiting(app)
        app.gate.set()
        await _core_loaded(app)
        assert app.session is not None
        second_kind = app.session.question("workload_type").choice_values[1]
        second_team = app.session.question("ops_team").choice_values[1]
        assert app.session.answers["workload_type"] == (second_kind,)
        assert app.session.answers["ops_team"] == second_team
        focused = field_of(app.focused)
        assert focused is not None and focused.question.id == "ops_team"
        draft = load_draft()
        assert draft is not None and draft.answers["ops_team"] == second_team


async def test_keys_pressed_at_once_are_kept() -> None:
    """No gate: keys pressed the moment the app starts land before, during or after the change of screen."""
    app = WizardApp(new=True, quick_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "tab", "enter", "tab", "enter")
        await _core_loaded(app)
        await pilot.pause()
        assert app.session is not None
        s = app.session
        assert s.answers["workload_type"] == (s.question("workload_type").choice_values[0],)
        assert s.answers["ops_team"] == s.question("ops_team").choice_values[0]
        assert s.answers["existing_platform"] == s.question("existing_platform").choice_values[0]


async def test_keys_typed_while_the_screen_changes_go_to_the_real_screen() -> None:
    app = GatedApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.gate.set()
        # Posted before the real screen is in place: held, then replayed to it in order.
        for key in ("tab", "enter"):
            await app._press_keys([key])  # noqa: SLF001 — the keys, without the pilot's wait in between
        await _core_loaded(app)
        await pilot.pause()
        assert app.session is not None
        assert app.session.answers.get("ops_team") == app.session.question("ops_team").choice_values[0]


@pytest.mark.parametrize("how", ["key", "click"])
async def test_next_pressed_before_the_core_loads_is_done_after(how: str) -> None:
    """Ctrl+N is held with the other keys; a click on Next is kept by the screen and done once it has the session."""
    app = GatedApp()
    async with app.run_test(size=(100, 30)) as pilot:
        if how == "key":
            await pilot.press("ctrl+n")
        else:
            await pilot.pause()
            await pilot.click("#next")
            assert app.screen.early_actions == ["next"]  # type: ignore[attr-defined]
        app.gate.set()
        await _core_loaded(app)
        await pilot.pause()
        # Next on an unanswered stage: the real screen says what to fix, as it does for Next pressed later.
        assert "Fix before leaving this stage" in str(app.screen.query_one("#blocked", Static).content)


async def test_a_file_the_core_rejects_is_reported_not_drawn_then_crashed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pricing file that fails validation: the first stage gives way to the welcome screen with the
    same notice as any start, and the app keeps running."""
    from wizard.tui.screens.welcome import WelcomeScreen

    bad = tmp_path / "pricing.toml"
    bad.write_text("not = [valid")
    monkeypatch.setenv("WIZARD_PRICING", str(bad))
    app = GatedApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.gate.set()
        await _core_loaded(app)
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session is None
        assert any(n.title == "Cannot open" for n in app._notifications)  # noqa: SLF001
        # Nothing is left of the first stage under the welcome screen, and nothing takes it for a decision.
        first = app.screen_stack[0]
        assert isinstance(first, StagesScreen) and first.waiting and not first.children
        assert app._stages_screen() is None  # noqa: SLF001


async def test_a_draft_to_ask_about_starts_the_usual_way() -> None:
    """With a draft, `wizard new` asks first (a dialog that needs the core): no first stage before it."""
    first = WizardApp(new=True, quick_start=True)
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await _core_loaded(first)
        await pilot.pause()
    assert load_draft() is not None
    app = WizardApp(new=True, quick_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not any(isinstance(screen, StagesScreen) and screen.waiting for screen in app.screen_stack)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_first_frame_looks_like_the_first_stage(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The first frame, core not loaded: the stage's own widgets, and "Scoring…" in the sidebar."""
    assert snap_compare(GatedApp(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("enter", [("enter", "\r"), ("ctrl+j", "\n")], ids=["enter", "enter-in-line-mode"])
async def test_keys_typed_ahead_of_the_first_frame_reach_it_one_by_one(enter: tuple[str, str]) -> None:
    """Keys that arrive before the first stage is on screen wait for it, and each reaches the widget
    focused after the key before it (a Tab moves on before Enter chooses). Typed before the program put
    the terminal in raw mode, Enter arrives as a newline (Ctrl+J) and chooses as Enter does."""

    class TypedAhead(GatedApp):
        def compose(self):  # type: ignore[no-untyped-def]
            yield from super().compose()
            for key, character in (("down", None), ("space", " "), ("tab", None), enter):
                self.post_message(events.Key(key, character))

    app = TypedAhead()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.gate.set()
        await _core_loaded(app)
        await pilot.pause()
        assert app.session is not None
        s = app.session
        assert s.answers["workload_type"] == (s.question("workload_type").choice_values[1],)
        assert s.answers["ops_team"] == s.question("ops_team").choice_values[0]


async def test_a_choice_clicked_on_the_first_frame_is_kept() -> None:
    """The mouse is not held like the keys: a click acts on the first stage's widgets, which stay, and
    what it chose is given to the session once the core loads."""
    from wizard.tui.widgets.choice_list import ChoiceList

    app = GatedApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        choices = app.screen.query_one("#input-workload_type", ChoiceList)
        await pilot.click(choices, offset=(6, 2))
        await pilot.pause()
        chosen = tuple(value for value, _ in choices.choices if value in choices.chosen)
        assert len(chosen) == 1
        app.gate.set()
        await _core_loaded(app)
        await pilot.pause()
        assert app.session is not None
        assert app.session.answers["workload_type"] == chosen
