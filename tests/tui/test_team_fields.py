"""The save dialog's review date, consulted and informed; `wizard new --answers` on its first open stage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from wizard.core.scoring.answers_in import first_open_stage, unanswered_required
from wizard.core.questionnaire.catalog import default_questionnaire_path
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import load_record
from wizard.tui.app import WizardApp
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.stages import StagesScreen

from .test_records_in_app import make_record

TODAY = dt.date(2026, 1, 5)


async def test_save_dialog_writes_review_date_consulted_and_informed(isolated: Path) -> None:
    path = make_record(isolated / "docs" / "decisions" / "2026-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=path)
    app.today = TODAY
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        save = app.screen
        assert isinstance(save, SaveScreen)
        save.today = TODAY
        review = save.query_one("#review_by")
        assert review.value == ""  # type: ignore[attr-defined]  # default: none
        await pilot.press("f2")  # the suggestion, one key away
        assert review.value == "2027-01-05"  # type: ignore[attr-defined]
        save.query_one("#consulted").value = "Security, Finance"  # type: ignore[attr-defined]
        save.query_one("#informed").value = "Support"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    record = load_record(path)
    assert record.review_by == dt.date(2027, 1, 5)
    assert record.consulted == ("Security", "Finance") and record.informed == ("Support",)


async def test_save_dialog_refuses_a_review_date_it_cannot_read(isolated: Path) -> None:
    path = make_record(isolated / "docs" / "decisions" / "2026-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        save = app.screen
        assert isinstance(save, SaveScreen)
        save.query_one("#review_by").value = "someday"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        assert "not a review date" in str(save.query_one("#save-error").render())
    assert load_record(path).review_by is None


async def test_new_with_answers_starts_on_the_first_stage_with_an_open_required_question(isolated: Path) -> None:
    loaded = load_questionnaire(default_questionnaire_path())
    answers = {"workload_type": ("api",), "ops_team": "none", "os_control": "none", "patching": "automated",
               "state": "stateless"}
    result = Evaluator.load(loaded).evaluate(answers).result
    stage = first_open_stage(loaded.questionnaire, unanswered_required(result))
    assert loaded.questionnaire.stages[stage].id == "traffic"
    app = WizardApp(questionnaire=loaded.path, new=True, answers=answers, stage_index=stage)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert app.session is not None
        assert app.session.stage_index == stage
        assert app.session.answers["ops_team"] == "none"


async def test_open_applies_the_questionnaires_migrations(isolated: Path, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from test_migrations import renamed_questionnaire

    questionnaire = renamed_questionnaire(tmp_path / "q")
    path = make_record(isolated / "docs" / "decisions" / "2026-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=path, questionnaire=questionnaire)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert app.session is not None
        assert app.session.answers["ops_team"] == "nobody"
        assert "memory_size_mb" in app.session.answers and "memory_mb" not in app.session.answers
    assert "memory_mb" in load_record(path).answers  # the file keeps its answers until it is saved
