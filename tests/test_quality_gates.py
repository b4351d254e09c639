"""The quality gates: ruff (with bugbear and the bandit security rules) on every Python file of the
repository, mypy in strict mode on the whole package, and import-linter's contracts (the app and the
command line above the core, no Textual or Rich in the core, no import circles). All three read their
settings from pyproject.toml, so running `ruff check`, `mypy` or `lint-imports` by hand gives the same
verdict as this test."""

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


def test_mypy_strict_on_the_package_is_clean(tmp_path: Path) -> None:
    cache = tmp_path / "mypy-cache"
    out = _run("mypy", "--cache-dir", str(cache))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Success" in out.stdout
    shutil.rmtree(cache, ignore_errors=True)


def test_mypy_is_strict_and_covers_the_package() -> None:
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert settings["strict"] is True
    assert settings["files"] == ["wizard"]


LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def test_import_contracts_are_kept() -> None:
    out = subprocess.run([sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--no-logo"], cwd=ROOT,
                         capture_output=True, text=True, check=False, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_the_import_contracts_say_what_the_readme_promises() -> None:
    """A guard against the contracts being emptied: the layers, the UI-free core and the circles."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    by_type = {c["type"]: c for c in contracts}
    assert by_type["layers"]["layers"] == ["wizard.tui | wizard.cli", "wizard.core"]
    assert {"textual", "rich"} <= set(by_type["forbidden"]["forbidden_modules"])
    assert by_type["forbidden"]["source_modules"] == ["wizard.core"]
    assert by_type["acyclic_siblings"]["ancestors"] == ["wizard"]
