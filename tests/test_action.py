"""The composite GitHub Action (action.yml): its script steps, run locally on a scratch repository
as a runner would run them (the same environment variables), with the wizard installed from this
checkout. No network: the comment step is run without `gh` and without a token (it must skip
cleanly), and with a stand-in `gh` that records what it was asked to do."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")


def action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_action_is_composite_and_scripts_hold_no_expressions() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    steps = data["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    for step in steps[1:]:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], step["name"]  # values come in through env only


def install_venv(where: Path) -> Path:
    """A fresh virtual environment whose dependencies come from the test's own (no network);
    the wizard itself is then installed by the action's step."""
    subprocess.run([sys.executable, "-m", "venv", where], check=True)
    site = next((where / "lib").glob("python3*/site-packages"))
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return where / "bin"


class Runner:
    """Runs the action's `run` steps as a GitHub runner does (`bash --noprofile --norc -eo pipefail`),
    with the variables it sets."""

    def __init__(self, workspace: Path, tmp: Path, path: str, inputs: dict[str, str],
                 github: dict[str, str]) -> None:
        self.workspace, self.tmp, self.path = workspace, tmp, path
        self.inputs = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
        self.inputs.update(inputs)
        self.github = github
        self.outputs: dict[str, dict[str, str]] = {}
        self.summary = tmp / "summary.md"
        self.summary.touch()

    def value(self, expression: str) -> str:
        parts = expression.split(".")
        if parts[0] == "inputs":
            return self.inputs[parts[1]]
        if parts[0] == "github":
            return self.github.get(".".join(parts[1:]), "")
        if parts[0] == "steps" and parts[2] == "outputs":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"expression not handled by the test: {expression}")

    def run(self, name: str) -> subprocess.CompletedProcess[str]:
        step = next(s for s in action()["runs"]["steps"] if s.get("name") == name)
        out = self.tmp / f"output-{step.get('id', 'x')}"
        out.write_text("", encoding="utf-8")
        env = {"PATH": self.path, "HOME": str(self.tmp), "RUNNER_TEMP": str(self.tmp),
               "GITHUB_STEP_SUMMARY": str(self.summary), "GITHUB_OUTPUT": str(out),
               "GITHUB_WORKSPACE": str(self.workspace), "NO_COLOR": "1", "COLUMNS": "120"}
        for key, raw in (step.get("env") or {}).items():
            env[key] = EXPRESSION.sub(lambda m: self.value(m.group(1)), str(raw))
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=self.workspace, env=env, capture_output=True, text=True, timeout=300, check=False)
        if "id" in step:
            self.outputs[step["id"]] = dict(line.split("=", 1) for line in out.read_text().splitlines() if "=" in line)
        return proc


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A repository with two decision records, and a PATH whose `python` is a fresh venv's."""
    tmp = tmp_path_factory.mktemp("action")
    repo = tmp / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    bin_dir = install_venv(tmp / "venv")
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    runner = Runner(repo, tmp, path, {"wizard-package": str(ROOT)}, {"action_path": str(ROOT)})
    proc = runner.run("Install the wizard")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (bin_dir / "wizard").exists() and "wizard" in proc.stdout
    for example in ("steady-api", "webhook-handler"):
        made = subprocess.run([bin_dir / "wizard", "new", "--answers", ROOT / "examples" / f"{example}.toml",
                               "--no-input", "--title", example], cwd=repo, capture_output=True, text=True,
                              check=False)
        assert made.returncode == 0, made.stderr
    # Prices a hundred times higher per Lambda request: the steady API's Lambda bill moves.
    pricing = (ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml").read_text(encoding="utf-8")
    dear = pricing.replace("usd_per_million_requests = 0.20", "usd_per_million_requests = 20.0", 1)
    assert dear != pricing
    (repo / "dear.toml").write_text(dear, encoding="utf-8")
    return repo, tmp, path


def no_gh_path(path: str, tmp: Path) -> str:
    """PATH without any directory that holds a `gh`."""
    return os.pathsep.join(d for d in path.split(os.pathsep) if d and not (Path(d) / "gh").exists())


def test_nothing_moved_is_one_line_and_passes(scratch: tuple[Path, Path, str], tmp_path: Path) -> None:
    repo, _, path = scratch
    runner = Runner(repo, tmp_path, no_gh_path(path, tmp_path), {}, {"event_name": "pull_request"})
    proc = runner.run("Rescore the decision records")
    assert proc.returncode == 0, proc.stderr
    assert runner.outputs["rescore"]["exit-code"] == "0"
    assert runner.outputs["rescore"]["moved"] == "false"
    assert runner.summary.read_text().splitlines() == ["<!-- wizard-rescore -->", "All 2 decisions hold."]
    assert runner.run("Fail when a decision no longer holds").returncode == 0


def test_a_moved_bill_goes_to_the_summary_and_the_comment_is_skipped_without_gh(
        scratch: tuple[Path, Path, str], tmp_path: Path) -> None:
    repo, _, path = scratch
    runner = Runner(repo, tmp_path, no_gh_path(path, tmp_path), {"pricing": "dear.toml"},
                    {"event_name": "pull_request", "event.pull_request.number": "7", "repository": "o/r"})
    assert runner.run("Rescore the decision records").returncode == 0
    assert runner.outputs["rescore"]["moved"] == "true"
    summary = runner.summary.read_text()
    assert "| Decision | Verdict | Recommended |" in summary and "<details>" in summary
    assert "(+$" not in summary and "(+\\$" in summary  # the Lambda bill's rise, escaped for Markdown
    comment = runner.run("Post or update the pull-request comment")
    assert comment.returncode == 0, comment.stderr
    assert "gh CLI is not installed" in comment.stdout
    # The recommendations hold, so the job passes.
    assert runner.run("Fail when a decision no longer holds").returncode == 0


def fake_gh(tmp: Path, existing: str = "") -> Path:
    bin_dir = tmp / "fake-bin"
    bin_dir.mkdir()
    log = tmp / "gh.log"
    script = bin_dir / "gh"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n"
                      f"case \"$*\" in *--jq*) printf '%s' '{existing}' ;; esac\n", encoding="utf-8")
    script.chmod(0o755)
    return bin_dir


@pytest.mark.parametrize("existing", ["", "4242"])
def test_the_comment_is_posted_or_updated_through_gh(scratch: tuple[Path, Path, str], tmp_path: Path,
                                                     existing: str) -> None:
    repo, _, path = scratch
    fake = fake_gh(tmp_path, existing)
    runner = Runner(repo, tmp_path, f"{fake}{os.pathsep}{no_gh_path(path, tmp_path)}",
                    {"pricing": "dear.toml", "github-token": "t0ken"},
                    {"event_name": "pull_request", "event.pull_request.number": "7", "repository": "o/r"})
    runner.run("Rescore the decision records")
    proc = runner.run("Post or update the pull-request comment")
    assert proc.returncode == 0, proc.stderr
    calls = (tmp_path / "gh.log").read_text().splitlines()
    assert calls[0].startswith("api repos/o/r/issues/7/comments --paginate --jq")
    if existing:
        assert calls[1].startswith("api --method PATCH repos/o/r/issues/comments/4242 -F body=@")
    else:
        assert calls[1] == f"pr comment 7 --repo o/r --body-file {tmp_path}/wizard-rescore.md"


def test_without_a_token_the_comment_is_skipped(scratch: tuple[Path, Path, str], tmp_path: Path) -> None:
    repo, _, path = scratch
    fake = fake_gh(tmp_path)
    runner = Runner(repo, tmp_path, f"{fake}{os.pathsep}{no_gh_path(path, tmp_path)}",
                    {"pricing": "dear.toml", "github-token": ""},
                    {"event_name": "pull_request", "event.pull_request.number": "7", "repository": "o/r"})
    runner.run("Rescore the decision records")
    proc = runner.run("Post or update the pull-request comment")
    assert proc.returncode == 0 and "no token" in proc.stdout
    assert not (tmp_path / "gh.log").exists()


def test_a_changed_recommendation_fails_the_job(scratch: tuple[Path, Path, str], tmp_path: Path) -> None:
    repo, _, path = scratch
    questionnaire = (ROOT / "questionnaires" / "lambda-vs-ec2.toml").read_text(encoding="utf-8")
    edited = tmp_path / "q" / "lambda-vs-ec2.toml"
    edited.parent.mkdir()
    shutil.copytree(ROOT / "questionnaires" / "pricing", edited.parent / "pricing")
    # Every option's points from the cost priority reversed is not enough to be sure of a change;
    # a hard limit that excludes EC2 for every workload is.
    edited.write_text(questionnaire + '\n[[constraints]]\nid = "no-ec2"\nwhen = { question = "memory_mb", gte = 1 }\n'
                      'excludes = ["ec2"]\nreason = "Test: EC2 is ruled out."\nsource = "https://example.com"\n',
                      encoding="utf-8")
    runner = Runner(repo, tmp_path, no_gh_path(path, tmp_path), {"questionnaire": str(edited)}, {})
    proc = runner.run("Rescore the decision records")
    assert runner.outputs["rescore"]["exit-code"] == "1", proc.stdout + proc.stderr
    assert "**changed**" in runner.summary.read_text()
    failed = runner.run("Fail when a decision no longer holds")
    assert failed.returncode == 1 and "no longer holds" in failed.stdout
    runner.inputs["fail-on-change"] = "false"
    assert runner.run("Fail when a decision no longer holds").returncode == 0
