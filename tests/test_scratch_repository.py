"""The exercise a team goes through in its own repository, end to end: install the wizard once into
a fresh environment (from this checkout: no network), then in a scratch git repository make a
decision from an answers file without the app, list the reviews that are due, rescore as Markdown
for a pull request, and write the index page."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from test_action import install_venv

ROOT = Path(__file__).resolve().parent.parent


def test_a_team_uses_the_wizard_in_its_own_repository(tmp_path: Path) -> None:
    bin_dir = install_venv(tmp_path / "venv")
    install = subprocess.run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              ROOT], capture_output=True, text=True, check=False, timeout=300)
    assert install.returncode == 0, install.stderr
    repo = tmp_path / "our-service"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "120", "NO_COLOR": "1",
           "WIZARD_DATA_DIR": str(tmp_path / "data")}

    def wizard(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["wizard", *map(str, args)], cwd=repo, env=env, capture_output=True, text=True,
                              check=False, timeout=120)

    # Installed, not run from the clone: the wizard found is the fresh environment's.
    assert wizard("--version").returncode == 0
    answers = repo / "answers.toml"
    answers.write_text((ROOT / "examples" / "steady-api.toml").read_text(encoding="utf-8"), encoding="utf-8")

    missing = wizard("new", "--answers", answers, "--no-input", "--set", "ops_team=")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr

    made = wizard("new", "--answers", answers, "--no-input", "--title", "Pricing API runtime",
                  "--review-by", "2020-01-01", "--deciders", "Ada", "--consulted", "Security",
                  "--set", "memory_mb=1024")
    assert made.returncode == 0, made.stderr
    records = list((repo / "docs" / "decisions").glob("*.toml"))
    assert len(records) == 1 and records[0].name.endswith("-pricing-api-runtime.toml")
    later = wizard("new", "--answers", ROOT / "examples" / "webhook-handler.toml", "--no-input", "--review-by", "12m")
    assert later.returncode == 0, later.stderr

    due = wizard("list", "--due", "--format", "json")
    assert due.returncode == 0, due.stderr
    assert [r["title"] for r in json.loads(due.stdout)["records"]] == ["Pricing API runtime"]

    markdown = wizard("rescore", "docs/decisions", "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.splitlines()[1] == "### Recorded decisions: 0 changed, 0 invalid, 2 hold"
    assert "Past their review date:" in markdown.stdout
    assert wizard("rescore", "docs/decisions", "--fail-on-due").returncode == 1

    index = wizard("export", "--index", "docs/adr")
    assert index.returncode == 0, index.stderr
    page = (repo / "docs" / "adr" / "README.md").read_text(encoding="utf-8")
    assert "[Pricing API runtime](../decisions/" in page and "2020-01-01 **(due)**" in page
