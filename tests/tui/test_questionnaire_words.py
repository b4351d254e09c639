"""The app speaks the questionnaire's words: the written answers on the result screen, a cost
section that says why it is missing, the save dialog's placeholder, and a repository's own
questionnaire chosen first on the welcome screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from textual.widgets import Input, RadioButton, RadioSet, Static

from wizard.tui.app import WizardApp
from wizard.tui.screens.result import ResultScreen
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.stages import StagesScreen
from wizard.tui.screens.welcome import WelcomeScreen

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


BUNDLED = Path(__file__).resolve().parents[2] / "questionnaires" / "lambda-vs-ec2.toml"


def own_questionnaire(folder: Path, *, pricing: bool = True, placeholder: bool = True) -> Path:
    """A copy of the bundled questionnaire with an id and title of its own, its pricing file named by an
    absolute path (or none), and the bundled save placeholder (or none)."""
    text = BUNDLED.read_text(encoding="utf-8")
    text = text.replace('id = "lambda-vs-ec2"', 'id = "ours"', 1).replace(
        'title = "AWS Lambda or Amazon EC2?"', 'title = "Our own runtime choice"', 1)
    lines = text.splitlines()
    if not pricing:
        lines = [line for line in lines if not line.startswith("pricing = ")]
    else:
        lines = [f'pricing = "{BUNDLED.parent / "pricing" / "aws-us-east-1.toml"}"' if line.startswith("pricing = ")
                 else line for line in lines]
    if not placeholder:
        lines = [line for line in lines if not line.startswith("save_placeholder = ")]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ours.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def test_without_a_pricing_file_the_result_says_costs_are_not_compared(tmp_path: Path) -> None:
    app = WizardApp(questionnaire=own_questionnaire(tmp_path, pricing=False))
    app.today = scenarios.TODAY
    async with app.run_test(size=(100, 30)) as pilot:
        await scenarios.start_filled(pilot)
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert "A month: costs not compared (no pricing file)" in words(app.screen, "#decision")
        assert not app.screen.query("#cost-table")


async def test_with_a_pricing_file_the_result_compares_costs() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await scenarios.result(pilot)
        assert isinstance(app.screen, ResultScreen)
        assert "not compared" not in words(app.screen, "#decision")


def test_wizard_score_says_costs_are_not_compared_without_a_pricing_file(tmp_path: Path) -> None:
    from tests.test_records_cmds import wizard

    plain = own_questionnaire(tmp_path, pricing=False)
    answers = tmp_path / "answers.toml"
    answers.write_text("".join(line for line in scenarios.EXAMPLE.read_text(encoding="utf-8").splitlines(True)
                               if not line.startswith("questionnaire = ")), encoding="utf-8")
    proc = wizard("score", answers, "--questionnaire", plain)
    assert proc.returncode == 0, proc.stderr
    assert "Monthly cost" in proc.stdout and "costs not compared (no pricing file)" in proc.stdout
    priced = wizard("score", scenarios.EXAMPLE)
    assert "not compared" not in priced.stdout and "Lambda" in priced.stdout


async def save_placeholder(app: WizardApp) -> str:
    async with app.run_test(size=(100, 30)) as pilot:
        await scenarios.result(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        return str(app.screen.query_one("#title", Input).placeholder)


async def test_the_save_dialog_placeholder_comes_from_the_questionnaire() -> None:
    assert await save_placeholder(scenarios.make_app()) == "e.g. Runtime for the billing API"


async def test_without_a_save_placeholder_the_dialog_has_a_neutral_one(tmp_path: Path) -> None:
    neutral = WizardApp(questionnaire=own_questionnaire(tmp_path, placeholder=False))
    assert await save_placeholder(neutral) == "What is being decided"


async def test_a_repositorys_own_questionnaire_is_chosen_first(isolated: Path) -> None:
    own_questionnaire(isolated / ".wizard" / "questionnaires")
    app = scenarios.make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        ids = [loaded.questionnaire.id for loaded in screen.questionnaires]
        assert set(ids) == {"lambda-vs-ec2", "ours"}
        assert screen.query_one("#questionnaire", RadioSet).pressed_index == ids.index("ours")
        await pilot.press("enter")  # the start button has the focus
        await pilot.pause()
        assert app.session is not None and app.session.questionnaire.id == "ours"


async def test_the_welcome_screen_speaks_the_chosen_questionnaire(isolated: Path) -> None:
    own_questionnaire(isolated / "questionnaires")
    app = scenarios.make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        assert "Our own runtime choice — the decision wizard" in str(screen.query_one("#welcome-title").render())
        # Choosing the bundled one changes the words with it.
        radio = screen.query_one("#questionnaire", RadioSet)
        ids = [loaded.questionnaire.id for loaded in screen.questionnaires]
        radio.query(RadioButton)[ids.index("lambda-vs-ec2")].value = True
        await pilot.pause()
        assert "AWS Lambda or Amazon EC2? — the decision wizard" in str(screen.query_one("#welcome-title").render())


@pytest.mark.parametrize("quick", [False, True])
async def test_wizard_new_starts_on_the_repositorys_own_questionnaire(isolated: Path, quick: bool) -> None:
    own_questionnaire(isolated / "questionnaires")
    app = WizardApp(new=True, quick_start=quick)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):  # the quick start loads the core after its first frame
            await pilot.pause(0.05)
            if isinstance(app.screen, StagesScreen) and app.screen.is_mounted:
                break
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert app.session is not None and app.session.questionnaire.id == "ours"
