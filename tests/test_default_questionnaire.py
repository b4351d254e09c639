"""The bundled questionnaire keeps the promises other code and users' scripts rely on."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from wizard.core.scoring.engine import evaluate
from wizard.core.scoring.evaluator import known_facts
from wizard.core.questionnaire.lint import lint
from wizard.core.questionnaire.model import LoadedQuestionnaire

ROOT = Path(__file__).resolve().parent.parent
FACTS = (Path(__file__).resolve().parents[2] / "shared" / "reference" / "aws-facts.md")

FIXED = {
    "requests_per_month": ("number", "requests"),
    "avg_duration_ms": ("number", "ms"),
    "memory_mb": ("number", "MB"),
    "longest_run_s": ("number", "seconds"),
    "payload_mb": ("number", "MB"),
    "needs_gpu": ("boolean", None),
}


def test_stages_in_order_with_enough_questions(default_loaded: LoadedQuestionnaire) -> None:
    q = default_loaded.questionnaire
    assert [s.id for s in q.stages] == ["setup", "security", "traffic", "workload", "budget"]
    assert len(q.questions) >= 20
    assert all(question.help.strip() for question in q.questions)
    assert [o.id for o in q.options] == ["lambda", "ec2", "lambda-managed", "fargate"]
    assert sum(question.when is not None for question in q.questions) >= 3


@pytest.mark.parametrize(("qid", "kind_unit"), FIXED.items())
def test_workload_facts_keep_their_ids_and_units(default_loaded: LoadedQuestionnaire, qid: str,
                                                 kind_unit: tuple[str, str | None]) -> None:
    question = default_loaded.questionnaire.question_index[qid]
    assert (question.kind, question.unit) == kind_unit


def test_lint_is_clean(default_loaded: LoadedQuestionnaire) -> None:
    assert lint(default_loaded.questionnaire, known_facts()) == []
    # without the cost provider, the budget rules name facts nobody computes
    assert any('unknown fact "cost.ratio"' in f.message for f in lint(default_loaded.questionnaire))


@pytest.mark.parametrize(("answer", "constraint"), [
    ({"longest_run_s": 901}, "lambda-max-timeout"),
    ({"memory_mb": 10241}, "lambda-max-memory"),
    ({"needs_gpu": True}, "lambda-no-gpu"),
    ({"invocation": "sync", "payload_mb": 6.5}, "lambda-sync-payload"),
    ({"invocation": "async", "payload_mb": 1.5}, "lambda-async-payload"),
    ({"deployment_size_mb": 10241}, "lambda-max-image-size"),
    ({"tmp_storage_mb": 10241}, "lambda-max-tmp-storage"),
])
def test_hard_limits_exclude_lambda_with_a_source(default_loaded: LoadedQuestionnaire, answer: dict,
                                                   constraint: str) -> None:
    r = evaluate(default_loaded.questionnaire, answer).result
    hit = [e for e in r.excluded if e.constraint == constraint]
    assert hit and hit[0].option == "lambda"
    assert hit[0].source.startswith("https://docs.aws.amazon.com/lambda/")


@pytest.mark.parametrize(("answer", "constraint"), [
    ({"longest_run_s": 900}, "lambda-max-timeout"),
    ({"memory_mb": 10240}, "lambda-max-memory"),
    ({"invocation": "sync", "payload_mb": 6}, "lambda-sync-payload"),
    ({"invocation": "async", "payload_mb": 1}, "lambda-async-payload"),
])
def test_limits_themselves_are_allowed(default_loaded: LoadedQuestionnaire, answer: dict, constraint: str) -> None:
    r = evaluate(default_loaded.questionnaire, answer).result
    assert constraint not in {e.constraint for e in r.excluded}


@pytest.mark.skipif(not FACTS.exists(), reason="the shared reference is not beside this checkout")
def test_limits_match_the_reference(default_loaded: LoadedQuestionnaire) -> None:
    facts = FACTS.read_text(encoding="utf-8")
    assert "maximum 900 s" in facts and "10,240 MB" in facts and "synchronous 6 MB" in facts
    bounds = {c.id: next(c.when.comparisons()).operand for c in default_loaded.questionnaire.constraints}
    assert bounds["lambda-max-timeout"] == 900
    assert bounds["lambda-max-memory"] == 10240


def test_examples_name_the_questionnaire_and_only_shown_questions(default_loaded: LoadedQuestionnaire) -> None:
    examples = sorted((ROOT / "examples").glob("*.toml"))
    assert len(examples) >= 4
    for path in examples:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["questionnaire"] == "lambda-vs-ec2"
        ev = evaluate(default_loaded.questionnaire, data["answers"])
        assert ev.problems == (), (path.name, ev.problems)


def test_every_source_is_an_aws_page(default_loaded: LoadedQuestionnaire) -> None:
    for constraint in default_loaded.questionnaire.constraints:
        assert re.match(r"^https://(docs\.)?aws\.amazon\.com/", constraint.source), constraint.source


def test_volume_bands_state_the_rule_of_thumb_not_the_workloads_break_even(
    default_loaded: LoadedQuestionnaire, tmp_path: Path
) -> None:
    """A band's reason must not contradict the computed costs: the public comparison's break-even
    (about 66 requests/s, 170M a month) is a rule of thumb, said as one, with its source."""
    question = default_loaded.questionnaire.question_index["requests_per_month"]
    for band in question.bands:
        why = band.why.lower()
        if "break-even" in why:
            assert "in one public comparison" in why and "66 requests/s" in why, band.why
            assert "your own break-even" in why and "monthly cost comparison" in why, band.why
        assert "usual break-even" not in why
    # 66 requests/s over a 730-hour month is about 170M requests.
    assert round(66 * 730 * 3600, -7) == 170_000_000

    # Through the command: 30M requests of 120 ms at 512 MB behind an HTTP API, where EC2 is cheaper.
    answers = tomllib.loads((ROOT / "examples" / "startup-mvp-api.toml").read_text(encoding="utf-8"))["answers"]
    answers.update(requests_per_month=30_000_000, avg_duration_ms=120, memory_mb=512, peak_to_average=3,
                   cpu_arch="x86_64", front_door="http-api")
    lines = [f"{k} = {json.dumps(v)}" for k, v in answers.items()]
    path = tmp_path / "answers.toml"
    path.write_text('questionnaire = "lambda-vs-ec2"\n[answers]\n' + "\n".join(lines) + "\n", encoding="utf-8")
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    proc = subprocess.run([*command, "score", str(path), "--format", "json"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["cost"]["cheaper"] == "ec2" and data["cost"]["break_even_requests_per_month"] < 30_000_000
    (volume,) = [c for c in data["contributions"] if c["id"] == "requests_per_month"]
    assert "in one public comparison" in volume["why"] and "monthly cost comparison" in volume["why"]
    assert "usual break-even" not in volume["why"]


@pytest.mark.parametrize(("change", "constraint"), [
    ({"avg_duration_ms": 1_200_000}, "lambda-max-timeout-average"),  # the longest run stays at 10 s
    ({"avg_duration_ms": 1_200_000, "longest_run_s": 1300}, "lambda-max-timeout"),
    ({"memory_mb": 12288}, "lambda-max-memory"),
])
def test_what_the_cost_model_cannot_run_on_lambda_the_engine_excludes(change: dict[str, int],
                                                                     constraint: str) -> None:
    # The recommendation and the cost panel must agree: when the bill says Lambda cannot run the
    # workload, a hard limit rules Lambda out of the score too.
    from wizard.core.questionnaire.catalog import default_questionnaire_path
    from wizard.core.scoring.evaluator import Evaluator
    from wizard.core.questionnaire.model import load_questionnaire

    evaluator = Evaluator.load(load_questionnaire(default_questionnaire_path()))
    answers = {**tomllib.loads((ROOT / "examples" / "webhook-handler.toml").read_text())["answers"], **change}
    evaluation = evaluator.evaluate(answers)
    cost = evaluator.cost(evaluation.answers)
    assert cost is not None and not cost.lambda_.possible
    excluded = {e.constraint for e in evaluation.result.excluded if e.option == "lambda"}
    assert constraint in excluded
    # The best of the options that can run it: EC2, or a middle road for a team without servers.
    assert evaluation.result.recommended not in {"lambda", *(e.option for e in evaluation.result.excluded)}
