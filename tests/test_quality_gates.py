"""The quality gates: ruff (with bugbear and the bandit security rules) on every Python file of the
repository, and mypy in strict mode on the core. Both read their settings from pyproject.toml, so
running `ruff check` or `mypy` by hand gives the same verdict as this test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False,
                          timeout=300)


def test_ruff_is_clean() -> None:
    out = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_checks_the_security_and_bugbear_rules() -> None:
    """A guard against the gate being emptied: the rule sets the project promises stay selected."""
    import tomllib

    selected = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]["select"]
    assert {"B", "S", "E", "F"} <= set(selected)


def test_mypy_strict_on_the_core_is_clean(tmp_path: Path) -> None:
    cache = tmp_path / "mypy-cache"
    out = _run("mypy", "--cache-dir", str(cache))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Success" in out.stdout
    shutil.rmtree(cache, ignore_errors=True)


def test_mypy_is_strict_and_covers_the_core() -> None:
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert settings["strict"] is True
    assert "wizard/core" in settings["files"]
