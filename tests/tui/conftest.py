from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from wizard.tui.app import WizardApp
from wizard.tui.widgets.question_field import QuestionField


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test in its own git repository, with its own data directory for drafts."""
    repo = tmp_path / "project"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "config", "user.name", "Test Decider"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("WIZARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIZARD_CONFIG", str(tmp_path / "config" / "config.toml"))
    for key in ("WIZARD_THEME", "WIZARD_PRICING", "WIZARD_DECISIONS_DIR"):
        monkeypatch.delenv(key, raising=False)
    return repo


def field_of(widget: Widget | None) -> QuestionField | None:
    while widget is not None:
        if isinstance(widget, QuestionField):
            return widget
        widget = widget.parent  # type: ignore[assignment]
    return None


async def focus_question(pilot: Pilot[None], qid: str, limit: int = 80) -> None:
    """Press Tab until the focus is inside the question (keyboard only)."""
    for _ in range(limit):
        field = field_of(pilot.app.focused)
        if field is not None and field.question.id == qid:
            return
        await pilot.press("tab")
    raise AssertionError(f"could not reach question {qid} with Tab")


async def answer(pilot: Pilot[None], qid: str, value: object) -> None:
    """Answer a question with the keys a person would press."""
    app = pilot.app
    assert isinstance(app, WizardApp) and app.session is not None
    question = app.session.question(qid)
    await focus_question(pilot, qid)
    if question.kind == "single":
        index = question.choice_values.index(value)  # type: ignore[arg-type]
        # From the highlighted choice (the current answer, or the suggestion) to the wanted one.
        choices = pilot.app.focused
        here = choices.highlighted or 0  # type: ignore[union-attr]
        keys = ["down"] * (index - here) if index >= here else ["up"] * (here - index)
        await pilot.press(*keys, "enter")
    elif question.kind == "multi":
        for i, choice in enumerate(question.choice_values):
            if choice in value:  # type: ignore[operator]
                await pilot.press("home", *(["down"] * i), "space")
    elif question.kind == "number":
        current = len(pilot.app.focused.value)  # type: ignore[union-attr]
        await pilot.press("end", *(["backspace"] * current), *str(value))
    elif question.kind == "boolean":
        current = app.session.answers.get(qid)
        if current is None or current != value:
            await pilot.press("space")
            if app.session.answers.get(qid) != value:
                await pilot.press("space")
    else:
        await pilot.press(*str(value))
    await pilot.pause()
