"""A questionnaire with findings says so in the app, once, when a decision starts on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_authoring import CLEAN
from wizard.tui.app import WizardApp
from wizard.tui.screens.stages import StagesScreen


def messages(app: WizardApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.parametrize("quick_start", [False, True], ids=["usual-start", "first-stage-before-the-core"])
async def test_a_questionnaire_with_findings_is_noticed(tmp_path: Path, quick_start: bool) -> None:
    path = tmp_path / "db.toml"
    path.write_text(CLEAN.replace(', why = "Little time to tune."', ""), encoding="utf-8")
    app = WizardApp(questionnaire=path, new=True, quick_start=quick_start)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen) and not app.screen.waiting
        notices = [m for m in messages(app) if "finding(s) in db.toml" in m]
        assert len(notices) == 1, messages(app)
        assert 'choice "part-time" gives points but has no why' in notices[0]
        assert f"wizard check {path}" in notices[0]


async def test_a_clean_questionnaire_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.toml"
    path.write_text(CLEAN, encoding="utf-8")
    app = WizardApp(questionnaire=path, new=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert not any("finding" in m for m in messages(app))
