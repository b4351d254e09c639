"""The core runs without a terminal UI: importing it (or running the headless commands) loads
neither Textual nor Rich."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_MODULES = [
    "wizard.core",
    "wizard.core.scoring.engine",
    "wizard.core.questionnaire.model",
    "wizard.core.records.model",
    "wizard.core.questionnaire.lint",
    "wizard.core.schema",
    "wizard.core.questionnaire.catalog",
    "wizard.core.files.tomlio",
    "wizard.core.files.atomic_write",
    "wizard.core.records.record_set",
    "wizard.core.records.listing",
    "wizard.core.records.rescore_batch",
    "wizard.core.records.supersede",
]


def loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def ui(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in ("textual", "rich")}


def test_core_imports_neither_textual_nor_rich() -> None:
    modules = loaded_after("\n".join(f"import {m}" for m in CORE_MODULES))
    assert "wizard.core.scoring.engine" in modules
    assert ui(modules) == set()


def test_json_scoring_and_check_do_not_load_textual() -> None:
    example = sorted((ROOT / "examples").glob("*.toml"))[0]
    code = (
        "import contextlib, io\nfrom wizard.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['score', {str(example)!r}, '--format', 'json']) == 0\n"
        f"    assert main(['check', {str(ROOT / 'questionnaires' / 'lambda-vs-ec2.toml')!r}]) == 0\n"
    )
    modules = loaded_after(code)
    assert not {m for m in modules if m.startswith("textual")}
