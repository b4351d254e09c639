"""The bundled questionnaire keeps the promises other code and users' scripts rely on."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from wizard.core.engine import evaluate
from wizard.core.evaluator import known_facts
from wizard.core.lint import lint
from wizard.core.questionnaire import LoadedQuestionnaire

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
    assert [o.id for o in q.options] == ["lambda", "ec2"]
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
