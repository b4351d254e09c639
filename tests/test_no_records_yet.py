"""A repository without `docs/decisions/` yet has no records, and nothing is wrong: every record
command treats the missing decisions directory as an empty one, and the README's pre-commit recipe
passes on the first commit of such a repository. A mistyped directory is still an error."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import yaml

from tests.test_records_cmds import ROOT, one_line_error, wizard


def fresh_repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def test_a_missing_decisions_directory_reads_as_an_empty_one(tmp_path: Path) -> None:
    root = fresh_repository(tmp_path)
    empty = tmp_path / "empty"
    (empty / ".git").mkdir(parents=True)
    (empty / "docs" / "decisions").mkdir(parents=True)
    for args in (("list",), ("list", "docs/decisions"), ("list", "--format", "json"), ("rescore",),
                 ("rescore", "docs/decisions"), ("rescore", "--format", "json"), ("rescore", "--format", "markdown"),
                 ("rescore", "--fail-on-due"), ("export", "--index", "adr")):
        missing, made = wizard(*args, cwd=root), wizard(*args, cwd=empty)
        assert missing.returncode == made.returncode == 0, (args, missing.stderr, made.stderr)
        assert missing.stderr == "" and made.stderr == ""
        # The same report as for an empty directory (its path aside).
        assert missing.stdout.replace(str(root), "R") == made.stdout.replace(str(empty), "R"), args
    assert not (root / "docs" / "decisions").exists()  # nothing is made on the way
    listing = json.loads(wizard("list", "--format", "json", cwd=root).stdout)
    assert listing["records"] == [] and listing["unreadable"] == []
    rescored = json.loads(wizard("rescore", "--format", "json", cwd=root).stdout)
    assert rescored["summary"]["records"] == 0
    assert "0 records: 0 hold, 0 changed." in wizard("rescore", cwd=root).stdout
    assert "No decision records yet." in (root / "adr" / "README.md").read_text(encoding="utf-8")
    # From a subdirectory, `../docs/decisions` is the same directory.
    (root / "src").mkdir()
    assert wizard("rescore", "../docs/decisions", cwd=root / "src").returncode == 0


def test_a_missing_directory_that_is_not_the_decisions_directory_is_an_error(tmp_path: Path) -> None:
    root = fresh_repository(tmp_path)
    one_line_error(wizard("list", "docs/decisons", cwd=root), "docs/decisons: no such directory")
    one_line_error(wizard("rescore", "docs/decisons", cwd=root), "docs/decisons: no such file or directory")
    one_line_error(wizard("export", "--index", "adr", "docs/decisons", cwd=root),
                   "docs/decisons: is not a directory of decision records")


def _pre_commit_hooks() -> list[dict[str, object]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Pre-commit hooks.*?```yaml\n(.+?)\n```", readme, re.DOTALL)
    assert block is not None, "the README's pre-commit recipe"
    config = yaml.safe_load(block.group(1))
    hooks: list[dict[str, object]] = config["repos"][0]["hooks"]
    return hooks


def _run_hook(hook: dict[str, object], staged: list[str], cwd: Path) -> int | None:
    """Run one hook as pre-commit does: on the staged files its `files` pattern matches (none: the
    hook is skipped, None), passed as arguments unless `pass_filenames: false`."""
    files = [f for f in staged if re.search(str(hook["files"]), f)]
    if not files:
        return None
    entry = shlex.split(str(hook["entry"]))
    assert entry[0] == "wizard"
    proc = wizard(*entry[1:], *(files if hook.get("pass_filenames", True) else []), cwd=cwd)
    assert "Traceback" not in proc.stderr
    return proc.returncode


def test_the_readme_pre_commit_recipe_passes_the_first_commit_of_a_repository(tmp_path: Path) -> None:
    hooks = {str(h["id"]): h for h in _pre_commit_hooks()}
    assert {"wizard-rescore", "wizard-check"} <= set(hooks)
    root = fresh_repository(tmp_path)
    for folder in ("questionnaires", ".wizard/questionnaires"):
        (root / folder / "pricing").mkdir(parents=True)
        # Two questionnaires of their own, with ids of their own (one id in both folders is a finding).
        own_id = "ours-" + folder.split("/")[0].strip(".")
        text = (ROOT / "questionnaires" / "lambda-vs-ec2.toml").read_text(encoding="utf-8")
        (root / folder / "ours.toml").write_text(text.replace('id = "lambda-vs-ec2"', f'id = "{own_id}"', 1),
                                                encoding="utf-8")
        shutil.copy(ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml", root / folder / "pricing")
    staged = ["questionnaires/ours.toml", "questionnaires/pricing/aws-us-east-1.toml",
              ".wizard/questionnaires/ours.toml", ".wizard/questionnaires/pricing/aws-us-east-1.toml", "README.md"]
    # No records yet: the rescore hook passes; the check hook reads the questionnaires, not the prices.
    assert _run_hook(hooks["wizard-rescore"], staged, root) == 0
    check = hooks["wizard-check"]
    assert [f for f in staged if re.search(str(check["files"]), f)] == [
        "questionnaires/ours.toml", ".wizard/questionnaires/ours.toml"]
    assert _run_hook(check, staged, root) == 0
    # A broken questionnaire fails the commit.
    (root / "questionnaires" / "ours.toml").write_text("id = \n", encoding="utf-8")
    assert _run_hook(check, staged, root) == 2
    # Only a README changed: neither hook runs.
    assert _run_hook(hooks["wizard-rescore"], ["README.md"], root) is None
    assert _run_hook(check, ["README.md"], root) is None
