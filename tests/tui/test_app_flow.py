"""The full-screen wizard driven by keys, as a person uses it; assertions on state and files."""

from __future__ import annotations

import tomllib
from pathlib import Path

from wizard.core.records.drafts import delete_draft, load_draft
from wizard.tui.app import WizardApp
from wizard.tui.screens.result import ResultScreen
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.stages import StagesScreen
from wizard.tui.screens.welcome import WelcomeScreen

from .conftest import answer

# A webhook-style workload: what each stage needs answered (the rest keep their defaults or stay empty).
WEBHOOK: dict[str, dict[str, object]] = {
    "setup": {"workload_type": ("event-glue",), "ops_team": "none"},
    "security": {"patching": "nobody", "state": "stateless"},
    "traffic": {"requests_per_month": 300000, "invocation": "async"},
    "workload": {"avg_duration_ms": 200, "longest_run_s": 5, "memory_mb": 256, "language_runtime": "python"},
    "budget": {"cost_priority": "team-time"},
}


async def run_stages(pilot, app: WizardApp, plan: dict[str, dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    for stage in app.session.stages:  # type: ignore[union-attr]
        assert app.session.stage.id == stage.id  # type: ignore[union-attr]
        for qid, value in plan.get(stage.id, {}).items():
            await answer(pilot, qid, value)
        # Required questions with a suggestion are answered by passing the stage (Next takes it).
        missing = [qid for qid, _ in app.session.blocking(forward=True)  # type: ignore[union-attr]
                   if app.session.suggestion(qid) is None]  # type: ignore[union-attr]
        assert missing == [], missing
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.blocking(index=app.session.stages.index(stage)) == []  # type: ignore[union-attr]


async def test_keyboard_only_run_from_launch_to_saved_record(isolated: Path) -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")  # "Start a new decision" has the focus
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        await run_stages(pilot, app, WEBHOOK)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        result = app.screen.evaluation.result
        assert result.recommended == "lambda"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        await pilot.press(*"Webhook runtime")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    path = isolated / "docs" / "decisions"
    files = sorted(path.glob("*.toml"))
    assert [f.name.split("-", 3)[-1] for f in files] == ["webhook-runtime.toml"]
    record = tomllib.loads(files[0].read_text())
    assert record["title"] == "Webhook runtime"
    assert record["deciders"] == ["Test Decider"]
    assert record["answers"]["requests_per_month"] == 300000
    assert record["answers"]["workload_type"] == ["event-glue"]
    assert record["result"]["recommended"] == "lambda"
    assert record["cost"]["lambda"]["total_usd"] >= 0
    assert app.saved_path == files[0]
    assert load_draft() is None  # the draft is removed after a successful save


def draft_at(stage: str, answers: dict[str, object]) -> None:
    """A draft as the app leaves it, so that a test can resume at a later stage."""
    import datetime as dt

    from wizard.core.questionnaire.catalog import default_questionnaire_path
    from wizard.core.records.drafts import Draft, project_root, save_draft

    save_draft(Draft(project=str(project_root()), questionnaire_path=str(default_questionnaire_path()),
                     questionnaire_id="lambda-vs-ec2", updated=dt.datetime(2026, 11, 26, 9, 30), stage=stage,
                     answers={k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()}))  # type: ignore[misc]


SETUP_DONE = {"workload_type": ["api"], "ops_team": "none", "patching": "nobody", "state": "stateless"}


async def resume(pilot, app: WizardApp) -> None:  # type: ignore[no-untyped-def]
    await pilot.click("#resume")
    await pilot.pause()
    assert isinstance(app.screen, StagesScreen)


async def start_new(pilot, app: WizardApp) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, StagesScreen)


async def test_back_navigation_keeps_answers() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new(pilot, app)
        await answer(pilot, "ops_team", "dedicated")
        await answer(pilot, "workload_type", ("api",))
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.stage.id == "security"  # type: ignore[union-attr]
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.session.stage.id == "setup"  # type: ignore[union-attr]
        assert app.session.answers["ops_team"] == "dedicated"  # type: ignore[union-attr]
        choices = app.screen.query_one("#input-ops_team")
        assert choices.chosen == {"dedicated"}  # type: ignore[attr-defined]
        assert choices.highlighted == 2  # type: ignore[attr-defined]


async def test_conditional_question_appears_and_disappears() -> None:
    draft_at("traffic", SETUP_DONE)
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await resume(pilot, app)
        field = app.screen.query_one("#q-front_door")
        await answer(pilot, "invocation", "async")
        assert not field.display
        await answer(pilot, "invocation", "sync")
        assert field.display
        await answer(pilot, "front_door", "http-api")
        assert app.session.evaluation.answers["front_door"] == "http-api"  # type: ignore[union-attr]
        await answer(pilot, "invocation", "async")
        assert not field.display
        assert "front_door" not in app.session.evaluation.answers  # type: ignore[union-attr]


async def test_invalid_number_is_refused_with_its_message_and_blocks_the_stage() -> None:
    draft_at("traffic", SETUP_DONE)
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await resume(pilot, app)
        await answer(pilot, "requests_per_month", "-5")
        field = app.screen.query_one("#q-requests_per_month")
        error = str(field.query_one(".error").render())
        assert "below the minimum of 0 requests" in error
        assert "requests_per_month" not in app.session.answers  # type: ignore[union-attr]
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.stage.id == "traffic"  # type: ignore[union-attr]
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.session.stage.id == "traffic"  # invalid values block going back too
        await answer(pilot, "requests_per_month", "5000")
        assert app.session.answers["requests_per_month"] == 5000  # type: ignore[union-attr]
        assert str(field.query_one(".error").render()) == ""


async def test_a_refused_number_is_neither_scored_nor_kept_in_the_draft() -> None:
    # Typing 12.7 into a whole-number question passes through a valid 12: that 12 must not stay
    # behind as the answer, in the sidebar's score or in the draft a killed terminal leaves.
    draft_at("traffic", SETUP_DONE)
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await resume(pilot, app)
        await answer(pilot, "requests_per_month", "12.7")
        field = app.screen.query_one("#q-requests_per_month")
        assert "whole number" in str(field.query_one(".error").render())
        assert "requests_per_month" not in app.session.answers  # type: ignore[union-attr]
        assert "requests_per_month" not in app.session.evaluation.answers  # type: ignore[union-attr]
        draft = load_draft()
        assert draft is not None and "requests_per_month" not in draft.answers

        # A decimal comma is refused with a word on why, not read as a thousands separator.
        await answer(pilot, "peak_to_average", "1,5")
        field = app.screen.query_one("#q-peak_to_average")
        assert "Use a dot for decimals" in str(field.query_one(".error").render())
        assert "peak_to_average" not in app.session.answers  # type: ignore[union-attr]
        await answer(pilot, "peak_to_average", "1.5")
        assert app.session.answers["peak_to_average"] == 1.5  # type: ignore[union-attr]
        await pilot.press("tab")  # leaving the field commits the number to the draft
        await pilot.pause()
        assert load_draft().answers["peak_to_average"] == 1.5  # type: ignore[union-attr]


async def test_unanswered_optional_question_does_not_block() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new(pilot, app)
        await answer(pilot, "workload_type", ("api",))
        await answer(pilot, "ops_team", "none")
        assert "existing_platform" not in app.session.answers  # type: ignore[union-attr]
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.stage.id == "security"  # type: ignore[union-attr]


async def test_draft_is_resumed_after_the_app_is_closed(isolated: Path) -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new(pilot, app)
        await answer(pilot, "workload_type", ("event-glue",))
        await answer(pilot, "ops_team", "part-time")
        await pilot.press("ctrl+n")
        await pilot.pause()
    draft = load_draft()
    assert draft is not None and draft.answers["ops_team"] == "part-time" and draft.stage == "security"

    again = WizardApp()
    async with again.run_test(size=(100, 30)) as pilot:
        welcome = again.screen
        assert isinstance(welcome, WelcomeScreen) and welcome.draft is not None
        resume = welcome.query_one("#resume")
        assert "answered, 20" in str(resume.label)
        await pilot.click("#resume")
        await pilot.pause()
        assert isinstance(again.screen, StagesScreen)
        assert again.session.stage.id == "security"  # type: ignore[union-attr]
        assert again.session.answers["ops_team"] == "part-time"  # type: ignore[union-attr]
        assert again.session.answers["workload_type"] == ("event-glue",)  # type: ignore[union-attr]


async def test_no_draft_until_the_user_changes_something() -> None:
    app = WizardApp(new=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert load_draft() is None


async def test_the_blocked_stage_notice_goes_once_the_stage_is_fixed() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start_new(pilot, app)
        await pilot.press("ctrl+n")  # required questions unanswered: blocked, with a notice
        await pilot.pause()
        blocked = str(app.screen.query_one("#blocked").render())
        assert "Fix before leaving this stage" in blocked, blocked
        # A line above the buttons, not a toast over the choices it talks about.
        assert not app.screen.query("Toast")
        notice = app.screen.query_one("#blocked").region
        assert not notice.overlaps(app.screen.query_one("#stages").region)
        await answer(pilot, "workload_type", ("api",))
        await answer(pilot, "ops_team", "none")
        await pilot.pause()
        assert str(app.screen.query_one("#blocked").render()) == ""  # the stage can be left now: gone
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.stage.id == "security"  # type: ignore[union-attr]


async def test_save_problems_name_the_question_and_the_title_error_clears_when_typing() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start_new(pilot, app)
        await answer(pilot, "ops_team", "none")
        await pilot.press("ctrl+s")  # a required question is unanswered
        await pilot.pause()
        toasts = " ".join(str(t.render()) for t in app.screen.query("Toast"))
        assert "Not saved yet" in toasts and "What kind of work is this?" in toasts, toasts
        assert 'question "workload_type"' not in toasts

    from . import scenarios

    delete_draft()
    app = scenarios.make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await scenarios.result(pilot)  # every stage answered
        await pilot.press("ctrl+s")
        await pilot.pause()
        save = app.screen
        assert isinstance(save, SaveScreen)
        save.query_one("#title").value = ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "A title is required." in str(save.query_one("#save-error").render())
        await pilot.press("W")
        await pilot.pause()
        assert str(save.query_one("#save-error").render()) == ""


async def test_saving_with_a_refused_number_names_what_is_wrong_with_it() -> None:
    draft_at("traffic", SETUP_DONE)
    app = WizardApp()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await resume(pilot, app)
        await answer(pilot, "requests_per_month", "12.7")  # required, and refused
        await pilot.press("ctrl+s")
        await pilot.pause()
        toasts = " ".join(str(t.render()) for t in app.screen.query("Toast"))
        assert "Not saved yet" in toasts and "whole number" in toasts, toasts
        assert "required but not answered" not in toasts
