"""`wizard list` wraps what does not fit between words, at any width: no option label, status or
heading is cut ("Amazon Dyna", "Chang"), and no line is wider than the terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_records_cmds import EXAMPLES, ROOT, wizard

LONG_LABEL = "Amazon DynamoDB Streams with AWS Lambda functions behind Amazon API Gateway"
TITLE = "Order events pipeline for the fulfilment and invoicing services of the European storefront"


def list_at(cwd: Path, columns: int) -> str:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    proc = subprocess.run([*command, "list"], capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("list") / "repo"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(ROOT / "questionnaires", root / "questionnaires")
    own = root / "questionnaires" / "lambda-vs-ec2.toml"
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace('label = "AWS Lambda"', f'label = "{LONG_LABEL}"', 1), encoding="utf-8")
    for example, title, status in (("webhook-handler", TITLE, "deprecated"), ("steady-api", "Partner API", "accepted")):
        proc = wizard("new", "--answers", EXAMPLES / f"{example}.toml", "--no-input", "--questionnaire", own,
                      "--title", title, "--status", status, "--review-by", "2020-01-01", cwd=root)
        assert proc.returncode == 0, proc.stderr
    # The questionnaire changes after the records were made: a "changed since" mark to show.
    own.write_text(own.read_text(encoding="utf-8").replace('version = "1.5.0"', 'version = "1.6.0"'),
                   encoding="utf-8")
    return root


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_list_wraps_long_values_instead_of_cutting_them(repository: Path, columns: int) -> None:
    out = list_at(repository, columns)
    lines = out.splitlines()
    assert all(len(line.rstrip()) <= columns for line in lines), out
    assert "…" not in out
    words = out.split()
    # Every word of the label, the title, the status and the review mark is there whole.
    for text in (LONG_LABEL, TITLE, "deprecated accepted review due 2020-01-01 (low) (high) (medium)"):
        for word in text.split():
            if word.startswith("("):
                continue
            assert word in words, (word, out)
    header = next(line for line in lines if "Date" in line)
    assert {"Date", "Title", "Status", "Recommended"} <= set(header.split())
    if columns >= 110:  # every column kept, each heading whole (on one line or two)
        headings = " ".join(line for line in lines[: lines.index(header) + 1])
        assert "Questionnaire" in headings.split() and {"Changed", "since"} <= set(headings.split())
        assert "questionnaire" in words and "→" in words and "1.6.0" in words
    else:
        assert "changed" in words and "since:" in words and "1.6.0" in words
