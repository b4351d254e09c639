"""The README's "write your own" walk-through holds: the second questionnaire in
`examples/questionnaires/` is clean under `wizard check --strict`, and its two answers files score as
the walk-through says, through the real entry point, with the costs said to be not compared."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "examples" / "questionnaires"
QUESTIONNAIRE = FOLDER / "rds-or-dynamodb.toml"


def wizard(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def test_the_second_questionnaire_is_clean() -> None:
    proc = wizard("check", QUESTIONNAIRE, "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "rds-or-dynamodb 1.0.0: 3 stages, 9 questions, 2 rules, 2 constraints" in proc.stdout


@pytest.mark.parametrize(("answers", "expected", "other"), [
    ("orders-service.toml", "dynamodb", "rds"),
    ("billing-ledger.toml", "rds", "dynamodb"),
])
def test_its_answers_score_as_the_walk_through_says(answers: str, expected: str, other: str) -> None:
    proc = wizard("score", FOLDER / answers, "--questionnaire", QUESTIONNAIRE, "--format", "json", "--strict")
    assert proc.returncode == 0, proc.stderr  # --strict: no finding on the questionnaire either
    data = json.loads(proc.stdout)
    assert data["recommended"] == expected and data["confidence"] == "high"
    assert data["scores"][expected]["score"] > data["scores"][other]["score"] + 50
    assert data.get("cost") is None  # no pricing file: nothing is priced
    text = wizard("score", FOLDER / answers, "--questionnaire", QUESTIONNAIRE).stdout
    assert "costs not compared (no pricing file)" in text


def test_an_item_over_400_kb_rules_dynamodb_out_with_its_source() -> None:
    proc = wizard("score", FOLDER / "orders-service.toml", "--questionnaire", QUESTIONNAIRE,
                  "--set", "item_kb=500", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["recommended"] == "rds"
    [exclusion] = data["excluded"]
    assert exclusion["option"] == "dynamodb" and exclusion["source"].startswith("https://docs.aws.amazon.com/")


def test_a_transaction_over_100_records_rules_dynamodb_out_and_is_asked_only_with_transactions() -> None:
    big = wizard("score", FOLDER / "billing-ledger.toml", "--questionnaire", QUESTIONNAIRE,
                 "--set", "records_per_transaction=250", "--format", "json")
    assert [e["constraint"] for e in json.loads(big.stdout)["excluded"]] == ["dynamodb-transaction-size"]
    hidden = wizard("score", FOLDER / "orders-service.toml", "--questionnaire", QUESTIONNAIRE,
                    "--set", "records_per_transaction=250", "--format", "json")
    # Without transactions the question is not shown, so its answer counts for nothing.
    assert json.loads(hidden.stdout)["excluded"] == []


def test_a_repository_with_its_own_questionnaire_uses_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    own = tmp_path / "questionnaires"
    own.mkdir()
    shutil.copy(QUESTIONNAIRE, own)
    shutil.copy(FOLDER / "orders-service.toml", tmp_path)
    # The answers name their questionnaire by id: the repository's own file is found without --questionnaire.
    proc = wizard("score", "orders-service.toml", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["recommended"] == "dynamodb"
