"""The app's screens in a fixed state, shared by the snapshot tests and `screenshots/generate.py`.

Each scenario takes a running app's pilot to one screen. The app is made by `make_app`, with a
fixed date; the caller provides an empty project directory and data directory.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from wizard.tui.app import WizardApp

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "steady-api.toml"
TODAY = dt.date(2026, 11, 26)
SIZES = ((80, 24), (120, 40))


def make_app() -> WizardApp:
    app = WizardApp()
    app.today = TODAY
    return app


async def _settle(pilot: Pilot[None]) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    # Focus can reach an input after its blink was turned off, and restart the cursor in either
    # phase; hide every input cursor so that a picture never depends on when it was taken.
    for widget in pilot.app.screen.query(Input):
        widget._pause_blink(visible=False)
    await pilot.pause()


async def start_filled(pilot: Pilot[None], **changes: object) -> None:
    """From the welcome screen to the stages, every stage visited and answered as in the example
    (with `changes` on top)."""
    await pilot.press("enter")
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, WizardApp) and app.session is not None
    answers = {**tomllib.loads(EXAMPLE.read_text())["answers"], **changes}
    for qid, value in answers.items():
        app.session.set_answer(qid, tuple(value) if isinstance(value, list) else value)  # type: ignore[arg-type]
    app.session.visited.update(range(len(app.session.stages)))
    app.screen.refresh_state()  # type: ignore[attr-defined]
    await pilot.pause()


async def welcome(pilot: Pilot[None]) -> None:
    await _settle(pilot)


async def stage(pilot: Pilot[None]) -> None:
    await start_filled(pilot)
    pilot.app.screen.jump(2)  # type: ignore[attr-defined]
    await _settle(pilot)


async def review(pilot: Pilot[None]) -> None:
    await start_filled(pilot)
    await pilot.press("ctrl+r")
    await _settle(pilot)


async def result(pilot: Pilot[None]) -> None:
    await review(pilot)
    await pilot.press("ctrl+r")
    await _settle(pilot)


async def chart(pilot: Pilot[None]) -> None:
    """The result screen scrolled down to its break-even chart."""
    await result(pilot)
    screen = pilot.app.screen
    screen.query_one("#result-body").scroll_to_widget(screen.query_one("#chart"), animate=False, top=True)
    await _settle(pilot)


async def save(pilot: Pilot[None]) -> None:
    await result(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press(*"Steady API runtime")
    await _settle(pilot)


async def help_screen(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("f1")
    await _settle(pilot)


SCENARIOS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "welcome": welcome,
    "stage": stage,
    "review": review,
    "result": result,
    "chart": chart,
    "save": save,
    "help": help_screen,
}
