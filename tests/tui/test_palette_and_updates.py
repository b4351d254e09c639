"""The command palette's own commands, in-place updates, and the light theme."""

from __future__ import annotations

from wizard.tui.app import WizardApp
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.stages import StagesScreen
from wizard.tui.widgets.question_field import QuestionField
from wizard.tui.widgets.score_panel import ScorePanel

from .conftest import answer


async def test_palette_jumps_to_a_visited_stage_and_opens_the_review() -> None:
    app = WizardApp(new=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        await answer(pilot, "workload_type", ("api",))
        await answer(pilot, "ops_team", "none")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.stage.id == "security"  # type: ignore[union-attr]
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Go to stage 1: Setup & management effort" in titles
        assert "Go to stage 3: Traffic shape" not in titles  # not visited yet
        assert {"Review answers", "Show result", "Save decision record"} <= set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"stage 1")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.stage.id == "setup"  # type: ignore[union-attr]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"review answers")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_an_answer_updates_the_sidebar_in_place() -> None:
    app = WizardApp(new=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        panel = screen.query_one(ScorePanel)
        fields = list(screen.query(QuestionField))
        before = str(panel.render())
        await answer(pilot, "ops_team", "dedicated")
        assert str(panel.render()) != before
        assert screen.query_one(ScorePanel) is panel  # the same widgets: nothing was recomposed
        assert list(screen.query(QuestionField)) == fields


async def test_light_theme_renders() -> None:
    app = WizardApp(new=True)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        assert not app.current_theme.dark
        assert isinstance(app.screen, StagesScreen)
