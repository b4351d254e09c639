"""Every screen of the app shows text from a questionnaire or a record literally: Rich markup,
Markdown, HTML and code as written, escape sequences as visible escapes, never sent to the terminal."""

from __future__ import annotations

import contextlib
from pathlib import Path

import hostile_text as hostile
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.widgets import DataTable, OptionList, Tooltip

from wizard.tui.app import WizardApp
from wizard.tui.screens.result import ResultScreen
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.stages import StagesScreen
from wizard.tui.screens.welcome import WelcomeScreen

from .conftest import answer


def _plain(renderable: object) -> str:
    if isinstance(renderable, (Content, Text)):
        return renderable.plain
    return renderable if isinstance(renderable, str) else ""


def screen_text(app: App[None]) -> str:
    """The text of every widget on the screen, as the widgets hold it (not cut to the screen's size)."""
    parts: list[str] = []
    for widget in app.screen.query("*"):
        with contextlib.suppress(Exception):  # a container renders nothing of its own
            parts.append(_plain(widget.render()))
        parts.append(_plain(widget.tooltip))
        for name in ("value", "text"):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                parts.append(value)
        if isinstance(widget, DataTable):
            parts += [_plain(cell) for row in range(widget.row_count) for cell in widget.get_row_at(row)]
            parts += [_plain(column.label) for column in widget.columns.values()]
        if isinstance(widget, OptionList):
            parts += [_plain(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
    return "\n".join(parts)


def check_screen(app: App[None], *, expect: list[str]) -> None:
    """Nothing from the data reaches the terminal raw, and the hostile text shows as written."""
    screenshot = app.export_screenshot()
    assert not hostile.CONTROL.search(screenshot), (type(app.screen).__name__, hostile.CONTROL.search(screenshot))
    text = screen_text(app)
    for piece in hostile.RAW:
        assert piece not in text, (type(app.screen).__name__, piece)
    for piece in expect:
        assert piece in text, (type(app.screen).__name__, piece)


EXPECT = ["[bold red]x[/]", "[link=https://evil.example]click[/link]", "<script>alert(1)</script>", "**bold**",
          "{{ 7*7 }}", "__import__('os')", "\\x1b[31mred"]


async def test_every_screen_shows_questionnaire_text_literally(isolated: Path) -> None:
    sentinel = isolated / "PWNED_tui"
    qdir = isolated / "questionnaires"
    qdir.mkdir()
    path = hostile.questionnaire(qdir, sentinel)
    app = WizardApp(questionnaire=path, new=True)
    async with app.run_test(size=(160, 50), tooltips=True, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        await answer(pilot, "team", "none")
        await answer(pilot, "features", ("queues",))
        check_screen(app, expect=EXPECT)
        await pilot.hover("#step-0")  # a stage title in a tooltip given as a string was read as markup
        await pilot.pause(app.TOOLTIP_DELAY + 0.3)
        tooltip = app.screen.query_one(Tooltip)
        assert tooltip.display and f"{hostile.MARKUP} \\x1b[31mred" in _plain(tooltip.render())
        await pilot.press("ctrl+n")
        await pilot.pause()
        await answer(pilot, "runtime_s", 1000)
        await answer(pilot, "regulated", False)
        check_screen(app, expect=EXPECT)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        check_screen(app, expect=EXPECT)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert app.screen.evaluation.result.excluded  # the hostile constraint reason is on screen
        check_screen(app, expect=EXPECT)
    assert not sentinel.exists()


async def test_a_hostile_record_is_shown_and_edited_literally(isolated: Path) -> None:
    sentinel = isolated / "PWNED_tui_record"
    qdir = isolated / "questionnaires"
    qdir.mkdir()
    q = hostile.questionnaire(qdir, sentinel)
    decisions = isolated / "docs" / "decisions"
    decisions.mkdir(parents=True)
    record = hostile.record(decisions, q, sentinel)

    app = WizardApp(questionnaire=q)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        check_screen(app, expect=["[bold red]x[/]", "<script>alert(1)</script>", "\\x1b[31mred"])

    app = WizardApp(questionnaire=q, open_record=record)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        check_screen(app, expect=EXPECT)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        check_screen(app, expect=["# heading", "<div>not html</div>", "[bold red]x[/]", "\\x1b[31mred"])
        assert app.screen.query_one("#title").value.startswith("Title [bold red]x[/]")  # type: ignore[attr-defined]
    assert not sentinel.exists()
