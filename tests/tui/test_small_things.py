"""Small things a new user met: each one fixed, each with a test."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from wizard.tui.app import WizardApp
from wizard.tui.screens.stages import StagesScreen
from wizard.tui.screens.welcome import WelcomeScreen
from wizard.tui.widgets.choice_list import ChoiceList
from wizard.tui.widgets.question_field import QuestionField

from . import scenarios
from .conftest import answer, focus_question


async def test_the_stage_intro_is_never_cut_at_80x24() -> None:
    app = WizardApp(new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session is not None
        intro = app.screen.query_one("#stage-setup .intro")
        words = " ".join(str(intro.render()).split())
        assert words == " ".join(app.session.stage.intro.split())
        assert intro.region.height == intro.virtual_region.height  # all its lines laid out, in the scroll


async def test_the_stage_count_fits_between_the_buttons_at_80_columns() -> None:
    app = WizardApp(new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#nav-status")
        text = str(status.render()).strip()
        assert text == "0 of 6 on this stage"
        assert status.size.width >= len(text)


async def test_chosen_and_unchosen_choices_differ_in_glyph_not_only_colour() -> None:
    app = WizardApp(new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, "ops_team", "none")
        lines = [line.text for line in app.screen.query_one("#input-ops_team", ChoiceList).render_lines(
            app.screen.query_one("#input-ops_team").content_region.reset_offset)]  # type: ignore[attr-defined]
        joined = "\n".join(lines)
        assert joined.count("●") == 1 and joined.count("○") >= 2
        await answer(pilot, "workload_type", ("api",))
        multi = app.screen.query_one("#input-workload_type", ChoiceList)
        assert multi.chosen == {"api"}
        prompts = [multi._prompt(v, label) for v, label in multi.choices]
        glyphs = [str(p.columns[0]._cells[0]) for p in prompts]
        assert glyphs.count("☑") == 1 and glyphs.count("☐") == len(glyphs) - 1


async def test_a_whole_number_question_hints_whole_numbers() -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await scenarios.start_filled(pilot)
        app.screen.jump(1)  # type: ignore[attr-defined]
        await pilot.pause()
        field = app.screen.query_one("#q-function_count", QuestionField)
        assert "2.5" not in field.query_one(Input).placeholder and "whole" in field.query_one(Input).placeholder
        await focus_question(pilot, "function_count")
        await pilot.press("end", *["backspace"] * 6, *"2x")
        await pilot.pause()
        error = " ".join(str(field.query_one(".error").render()).split())
        assert error == "Enter a whole number, e.g. 1500, 3M or 1e6."


async def test_the_save_notice_keeps_the_path_whole(isolated: Path) -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await scenarios.save(pilot)
        await pilot.press(*" for the orders API")  # a file name of 48 characters, longer than half of 80
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.saved_path is not None
        toast = "\n".join(str(t.render()) for t in app.screen.query("Toast"))
        assert app.saved_path.name in toast.replace("\n", "") and "in docs/decisions" in toast
        assert app.saved_path.name in toast.splitlines(), toast  # a line of its own
        widest = max(t.content_region.width for t in app.screen.query("Toast"))
        assert widest >= len(app.saved_path.name)  # and not broken mid-word by the toast's width


async def test_the_welcome_palette_offers_new_resume_and_open() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "New decision" in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "New decision")
        command.callback()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)


async def test_the_workload_stage_is_not_cut_at_80x24() -> None:
    """Its long title keeps "stage 4 of 5" (on a second line), and every number field's range fits in
    its input, with the unit wrapping beside it rather than being cut."""
    import tomllib

    answers = tomllib.loads((Path(__file__).resolve().parents[2] / "examples" / "steady-api.toml").read_text())
    app = WizardApp(new=True, answers=answers["answers"], stage_index=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session is not None and app.session.stage.id == "workload"
        heading = app.screen.query_one("#stage-intro")
        text = str(heading.render())
        assert text.endswith(f"stage 4 of {len(app.session.stages)}")
        assert heading.content_region.width * heading.content_region.height >= len(text)
        numbers = [f for f in app.screen.query(QuestionField) if f.question.kind == "number" and f.display]
        assert numbers
        for field in numbers:
            box = field.query_one(Input)
            assert len(box.placeholder) <= box.content_region.width, box.placeholder
            unit = field.query_one(".unit")
            assert unit.content_region.width * unit.content_region.height >= len(str(unit.render()).strip())
