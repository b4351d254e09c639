"""The app speaks the questionnaire's words: the written answers on the result screen, a cost
section that says why it is missing, the save dialog's placeholder, and a repository's own
questionnaire chosen first on the welcome screen."""

from __future__ import annotations

from textual.widgets import Static

from wizard.tui.screens.result import ResultScreen

from . import scenarios


def words(screen: object, selector: str) -> str:
    return " ".join(str(screen.query_one(selector, Static).render()).split())  # type: ignore[attr-defined]


async def test_the_result_shows_the_written_answers_escaped() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await scenarios.start_filled(pilot, notes="Keep *both* [bold]options[/] \x1b[31mopen\nuntil Q3.")
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        written = words(screen, "#written-answers")
        assert "Written answers" in written
        assert "Anything else the decision record should mention?" in written
        assert "Keep *both* [bold]options[/] \\x1b[31mopen until Q3." in written
        assert "\x1b" not in written


async def test_no_written_answers_no_section() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await scenarios.start_filled(pilot)
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert not app.screen.query("#written-answers")
