"""Settings that persist: config.toml (theme, pricing, decisions directory), WIZARD_* on top, and a
bad file gives one line and the defaults."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from wizard.core.files.config import load_settings, save_setting
from wizard.tui.app import WizardApp


def config() -> Path:
    return Path(os.environ["WIZARD_CONFIG"])


def test_the_file_then_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config().parent.mkdir(parents=True, exist_ok=True)
    config().write_text('theme = "nord"\npricing = "/p/prices.toml"\ndecisions_dir = "docs/adr"\n')
    s = load_settings()
    assert (s.theme, s.pricing, s.decisions_dir, s.problem) == ("nord", Path("/p/prices.toml"), Path("docs/adr"), None)
    monkeypatch.setenv("WIZARD_THEME", "gruvbox")
    monkeypatch.setenv("WIZARD_DECISIONS_DIR", str(tmp_path / "elsewhere"))
    s = load_settings()
    assert s.theme == "gruvbox" and s.decisions_dir == tmp_path / "elsewhere"


@pytest.mark.parametrize(("text", "named"), [
    ("theme = 3\n", "theme must be a non-empty string"),
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("theme = \n", "cannot be read"),
])
def test_a_bad_file_gives_one_line_and_the_defaults(text: str, named: str) -> None:
    config().parent.mkdir(parents=True, exist_ok=True)
    config().write_text(text)
    s = load_settings()
    assert s.problem is not None and named in s.problem and "\n" not in s.problem
    assert s.theme is None


async def test_a_theme_chosen_in_the_app_is_there_at_the_next_start() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert tomllib.loads(config().read_text())["theme"] == "nord"
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_a_bad_setting_is_said_once_and_the_app_starts() -> None:
    config().parent.mkdir(parents=True, exist_ok=True)
    config().write_text("theme = 3\n")
    app = WizardApp()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert len(toasts) == 1 and "theme must be a non-empty string" in toasts[0]


async def test_the_decisions_directory_setting_lists_and_saves_there(isolated: Path) -> None:
    config().parent.mkdir(parents=True, exist_ok=True)
    assert save_setting("decisions_dir", "docs/adr") is None
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.out_dir == isolated / "docs" / "adr"
