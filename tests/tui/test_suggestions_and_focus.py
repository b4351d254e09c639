"""Suggestions are not answers until taken; counts agree; the highlight and the scroll follow the answer."""

from __future__ import annotations

import tomllib
from pathlib import Path

from wizard.core.records.drafts import delete_draft, load_draft
from wizard.tui.app import WizardApp
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.stages import StagesScreen
from wizard.tui.screens.welcome import WelcomeScreen
from wizard.tui.widgets.choice_list import ChoiceList
from wizard.tui.widgets.question_field import QuestionField

from .conftest import answer, field_of


async def start_new(pilot, app: WizardApp) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, StagesScreen)


def sidebar(app: WizardApp) -> str:
    return str(app.screen.query_one("#scores").render())


async def test_a_new_decision_has_no_answers_and_no_leader_until_the_first_stage_is_passed() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new(pilot, app)
        assert app.session is not None
        assert app.session.answers == {}  # defaults are suggestions, not answers
        text = sidebar(app)
        assert "Leading" not in text and "confidence" not in text
        assert "Waiting for the first stage" in text
        answered, shown = app.session.answered_share()
        assert answered == 0 and f"0 of {shown} answered" in text
        await answer(pilot, "workload_type", ("api",))
        await answer(pilot, "ops_team", "none")
        assert "Leading" not in sidebar(app)  # still on the first stage
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.stage.id == "security"
        assert "Leading" in sidebar(app)


async def test_a_suggestion_is_marked_and_counts_once_its_stage_is_passed(isolated: Path) -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new(pilot, app)
        s = app.session
        assert s is not None
        await answer(pilot, "workload_type", ("api",))
        await answer(pilot, "ops_team", "none")
        # Setup's suggestions (environments, infrastructure_as_code, high_availability) are marked.
        field = app.screen.query_one("#q-environments", QuestionField)
        assert field.query_one(ChoiceList).suggested == {"few"}
        assert "few" in field.suggestion_text()
        assert "environments" not in s.answers
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert s.answers["environments"] == "few" and "environments" in s.suggested
        assert field.query_one(ChoiceList).chosen == {"few"}
        # On the security stage: os_control's suggestion, changed by the user, is theirs.
        await answer(pilot, "os_control", "libraries")
        await answer(pilot, "patching", "nobody")
        await answer(pilot, "state", "stateless")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert s.answers["os_control"] == "libraries" and "os_control" not in s.suggested
        assert "function_count" in s.suggested  # passed with its suggestion
        draft = load_draft()
        assert draft is not None and "function_count" in draft.suggested and "os_control" not in draft.suggested
        # The answers so far, in the sidebar and in the footer, count the same way.
        answered, shown = s.answered_share()
        assert f"{answered} of {shown} answered" in sidebar(app)


async def test_review_marks_accepted_suggestions_and_the_record_names_them(isolated: Path) -> None:
    from . import scenarios

    app = scenarios.make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await scenarios.start_filled(pilot)
        s = app.session
        assert s is not None
        s.answers.pop("payload_mb")
        s.set_answer("function_count", 5)
        s.stage_index = 3  # the workload stage: passing it takes payload_mb's suggestion
        s.accept_suggestions()
        assert "payload_mb" in s.suggested
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = app.screen.query_one("#review-list")
        prompt = str(review.get_option("ans-payload_mb").prompt)  # type: ignore[attr-defined]
        assert "suggested" in prompt
        assert "suggested" not in str(review.get_option("ans-function_count").prompt)  # type: ignore[attr-defined]
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*"Suggested", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
    assert app.saved_path is not None
    data = tomllib.loads(app.saved_path.read_text())
    assert "payload_mb" in data["suggested"] and "function_count" not in data["suggested"]
    assert set(data["suggested"]) <= set(data["answers"])


async def test_the_resume_button_counts_as_the_sidebar_does() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new(pilot, app)
        await answer(pilot, "workload_type", ("api",))
        await answer(pilot, "ops_team", "none")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session is not None
        # An answer kept for a question that is hidden now is not counted anywhere.
        app.session.set_answer("existing_platform", "kubernetes")
        answered, shown = app.session.answered_share()
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        label = str(app.screen.query_one("#resume").label)
        assert f"{answered} of {shown} answered" in label, label


async def test_the_highlight_starts_on_the_answer_and_on_the_suggestion() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new(pilot, app)
        await answer(pilot, "ops_team", "dedicated")
        choices = app.screen.query_one("#input-environments", ChoiceList)
        assert choices.highlighted == 1  # "few": the suggestion
        await answer(pilot, "workload_type", ("api",))
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        await answer(pilot, "environments", "many")
        app.screen.show_stage(1)  # type: ignore[attr-defined]
        await pilot.pause()
        app.screen.show_stage(0)  # type: ignore[attr-defined]
        await pilot.pause()
        choices = app.screen.query_one("#input-ops_team", ChoiceList)
        assert choices.highlighted == 2  # "dedicated", the answer
        # Down then Enter on an answered question moves the answer by one, from the answer.
        choices.focus()
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.session.answers["ops_team"] == "part-time"  # type: ignore[union-attr]


async def test_a_jump_from_review_shows_the_question_with_its_prompt() -> None:
    from . import scenarios

    for size in ((80, 24), (100, 30)):
        delete_draft()
        app = scenarios.make_app()
        async with app.run_test(size=size) as pilot:
            await scenarios.start_filled(pilot)
            await pilot.press("ctrl+r")
            await pilot.pause()
            review = app.screen.query_one("#review-list")
            index = next(i for i in range(review.option_count)  # type: ignore[attr-defined]
                         if review.get_option_at_index(i).id == "ans-front_door")  # type: ignore[attr-defined]
            review.highlighted = index  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, StagesScreen)
            field = app.screen.query_one("#q-front_door", QuestionField)
            container = app.screen.query_one("#stage-traffic")
            prompt = field.query_one(".prompt")
            assert container.region.contains_region(prompt.region), (size, prompt.region, container.region)
            assert field_of(app.focused) is field


async def test_a_palette_jump_to_a_stage_shows_its_first_question() -> None:
    from . import scenarios

    app = scenarios.make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await scenarios.start_filled(pilot)
        app.screen.query_one("#stage-setup").scroll_end(animate=False)
        app.jump_to_stage(2)
        await pilot.pause()
        await pilot.pause()
        field = field_of(app.focused)
        assert field is not None
        container = app.screen.query_one("#stage-traffic")
        assert container.region.contains_region(field.query_one(".prompt").region)
