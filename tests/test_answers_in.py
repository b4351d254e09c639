"""Answers in, app or no app: `wizard new --answers/--set/--no-input` and `wizard score --set`,
through the real entry point."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from wizard.core.scoring.answers_in import first_open_stage, parse_sets, typed_value
from wizard.core.errors import AnswersError
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import load_record

from test_records_cmds import QUESTIONNAIRE, wizard

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def test_set_values_are_typed_by_the_question_kind() -> None:
    q = load_questionnaire(QUESTIONNAIRE).questionnaire
    assert typed_value(q, "requests_per_month", "3M") == 3_000_000
    assert typed_value(q, "memory_mb", "1,024") == 1024
    assert typed_value(q, "workload_type", "api, scheduled") == ("api", "scheduled")
    assert typed_value(q, "needs_gpu", "no") is False
    assert typed_value(q, "ops_team", "none") == "none"
    assert typed_value(q, "memory_mb", "lots") == "lots"  # left as text: the question's own message follows


def test_set_problems_are_the_answers_file_messages() -> None:
    q = load_questionnaire(QUESTIONNAIRE).questionnaire
    with pytest.raises(AnswersError) as info:
        parse_sets(q, ["memory_mb=lots", "ops_tem=none", "justtext"])
    assert info.value.source == "--set"
    assert info.value.problems == [
        'expected id=value, got "justtext"',
        'question "memory_mb": expected a number, got text "lots"',
        'unknown question id "ops_tem" (did you mean "ops_team"?)',
    ]


def test_first_open_stage_is_the_last_when_nothing_is_open() -> None:
    q = load_questionnaire(QUESTIONNAIRE).questionnaire
    assert first_open_stage(q, []) == len(q.stages) - 1
    assert first_open_stage(q, ["cost_priority"]) == len(q.stages) - 1
    assert first_open_stage(q, ["ops_team", "cost_priority"]) == 0


def test_score_takes_set(tmp_path: Path) -> None:
    plain = json.loads(wizard("score", EXAMPLES / "steady-api.toml", "--format", "json").stdout)
    proc = wizard("score", EXAMPLES / "steady-api.toml", "--format", "json",
                  "--set", "requests_per_month=1000", "--set", "needs_gpu=false")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["cost"]["requests_per_month"] == 1000 != plain["cost"]["requests_per_month"]


def test_score_set_errors_are_one_line_each_exit_2() -> None:
    proc = wizard("score", EXAMPLES / "steady-api.toml", "--set", "memory_mb=99999999", "--set", "nope")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        'wizard: --set: expected id=value, got "nope"',
        'wizard: --set: question "memory_mb": 99,999,999 MB is above the maximum of 1,048,576 MB',
    ]
    assert "Traceback" not in proc.stderr


def test_new_no_input_writes_the_record(repo: Path) -> None:
    proc = wizard("new", "--answers", EXAMPLES / "steady-api.toml", "--no-input", "--set", "memory_mb=1024",
                  "--review-by", "2027-06-01", "--deciders", "Ada, Grace", "--consulted", "Security",
                  "--informed", "Support,Finance", "--title", "Billing API", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    written = repo / "docs" / "decisions" / f"{dt.date.today().isoformat()}-billing-api.toml"
    assert proc.stdout.startswith(f"wrote {written}")
    record = load_record(written)
    assert record.answers["memory_mb"] == 1024
    assert record.review_by == dt.date(2027, 6, 1)
    assert record.deciders == ("Ada", "Grace")
    assert (record.consulted, record.informed) == (("Security",), ("Support", "Finance"))
    again = wizard("new", "--answers", EXAMPLES / "steady-api.toml", "--no-input", "--title", "Billing API", cwd=repo)
    assert again.returncode == 2 and "Traceback" not in again.stderr and len(again.stderr.splitlines()) == 1


def test_new_no_input_save_path_and_relative_review_date(repo: Path) -> None:
    out = repo / "adr" / "one.toml"
    proc = wizard("new", "--answers", EXAMPLES / "webhook-handler.toml", "--no-input", "--save", out,
                  "--review-by", "12m", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert load_record(out).review_by is not None and load_record(out).review_by > dt.date.today()  # type: ignore[operator]


def test_new_no_input_lists_the_unanswered_required_questions(repo: Path) -> None:
    answers = repo / "partial.toml"
    answers.write_text('[answers]\nrequests_per_month = 3000000\nmemory_mb = 512\n', encoding="utf-8")
    proc = wizard("new", "--answers", answers, "--no-input", "--set", "ops_team=none", cwd=repo)
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"wizard: {answers}: 10 required questions not answered: workload_type, os_control")
    assert "ops_team" not in line and "--set" in line
    assert not (repo / "docs").exists()


def test_new_with_answers_needs_a_terminal_but_checks_the_answers_first(repo: Path) -> None:
    bad = wizard("new", "--answers", EXAMPLES / "steady-api.toml", "--set", "memory_mb=lots", cwd=repo)
    assert bad.stderr.strip() == 'wizard: --set: question "memory_mb": expected a number, got text "lots"'
    assert bad.returncode == 2
    fine = wizard("new", "--answers", EXAMPLES / "steady-api.toml", cwd=repo)
    assert fine.returncode == 2 and "needs a terminal" in fine.stderr


@pytest.mark.parametrize("args, fragment", [
    (("--answers", "missing.toml", "--no-input"), "missing.toml"),
    (("--no-input", "--review-by", "soon"), "argument --review-by"),
])
def test_new_bad_input_is_one_line(repo: Path, args: tuple[str, ...], fragment: str) -> None:
    proc = wizard("new", *args, cwd=repo)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = proc.stderr.splitlines()
    assert fragment in line
