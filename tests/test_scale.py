"""A generated questionnaire of 500 questions and 2,000 rules: it loads, passes `wizard check`,
and scores its generated answers consistently. Timings are measured by benchmarks/bench_scale.py,
not here (shared machines are too noisy for timing asserts)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from wizard.core.questionnaire.conditions import OPERATORS, AllOf, AnyOf, Comparison, Condition, NotOf
from wizard.core.scoring.engine import evaluate
from wizard.core.scoring.evaluator import known_facts
from wizard.core.questionnaire.lint import lint
from wizard.core.questionnaire.model import LoadedQuestionnaire, load_questionnaire
from wizard.core.records.model import load_answers
from wizard.core.scoring.result import Contribution, Result

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_questionnaire  # noqa: E402

QUESTIONS, RULES = 500, 2000


def wizard(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The `wizard` command through its real entry point (as in test_cli.py)."""
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return scale_questionnaire.write(tmp_path_factory.mktemp("scale"), QUESTIONS, RULES)


@pytest.fixture(scope="module")
def loaded(files: tuple[Path, Path]) -> LoadedQuestionnaire:
    return load_questionnaire(files[0])


@pytest.fixture(scope="module")
def answers(files: tuple[Path, Path]) -> dict[str, Any]:
    answers_file, _ = load_answers(files[1])
    return dict(answers_file.answers)


def test_the_generator_is_deterministic() -> None:
    first = scale_questionnaire.generate(120, 480, seed=3)
    again = scale_questionnaire.generate(120, 480, seed=3)
    assert first.questionnaire_toml.encode() == again.questionnaire_toml.encode()
    assert first.answers_toml.encode() == again.answers_toml.encode()
    assert scale_questionnaire.generate(120, 480, seed=4).questionnaire_toml != first.questionnaire_toml


def test_the_generator_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    # Another process with another string hash seed: nothing may depend on set or hash order.
    code = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]); import scale_questionnaire; "
            "scale_questionnaire.write(pathlib.Path(sys.argv[2]), 120, 480, seed=3)")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(ROOT / "benchmarks"), str(tmp_path)], check=True, env=env,
                   timeout=60)
    generated = scale_questionnaire.generate(120, 480, seed=3)
    assert (tmp_path / "scale-120q-480r.toml").read_bytes() == generated.questionnaire_toml.encode()
    assert (tmp_path / "scale-120q-480r-answers.toml").read_bytes() == generated.answers_toml.encode()


def test_the_written_files_are_the_generated_bytes(files: tuple[Path, Path]) -> None:
    generated = scale_questionnaire.generate(QUESTIONS, RULES)
    assert files[0].read_bytes() == generated.questionnaire_toml.encode()
    assert files[1].read_bytes() == generated.answers_toml.encode()


def _walk(condition: Condition) -> list[Condition]:
    nodes: list[Condition] = [condition]
    children: tuple[Condition, ...] = ()
    if isinstance(condition, AllOf):
        children = condition.all
    elif isinstance(condition, AnyOf):
        children = condition.any
    elif isinstance(condition, NotOf):
        children = (condition.not_,)
    for child in children:
        nodes += _walk(child)
    return nodes


def test_it_loads_with_every_feature_of_the_format(loaded: LoadedQuestionnaire) -> None:
    q = loaded.questionnaire
    assert (len(q.questions), len(q.rules)) == (QUESTIONS, RULES)
    assert len(q.stages) > 1 and q.constraints
    assert set(Counter(question.kind for question in q.questions)) == {"single", "multi", "number", "boolean", "text"}
    conditional = [question for question in q.questions if question.when is not None]
    assert 0.15 < len(conditional) / len(q.questions) < 0.4
    nodes = [node for rule in q.rules for node in _walk(rule.when)]
    nodes += [node for question in conditional if question.when for node in _walk(question.when)]
    assert {type(node) for node in nodes} == {Comparison, AllOf, AnyOf, NotOf}
    assert {node.operator for node in nodes if isinstance(node, Comparison)} == set(OPERATORS)
    assert any(node.fact for node in nodes if isinstance(node, Comparison))
    assert any(len(rule.effects) == 2 for rule in q.rules)
    assert all(question.help for question in q.questions)
    assert all(constraint.source.startswith("https://") for constraint in q.constraints)


#: What the lint may say of a generated questionnaire: its random bands leave gaps, its cost rules
#: compare prices with no pricing file named (the generator writes none), and a random rule may
#: want an answer to a question that the rule's own other comparison hides.
_GENERATED = ("fall in no band", "names no pricing file", "which is shown only when")


def generated_only(text: str) -> bool:
    return any(words in text for words in _GENERATED)


def test_lint_finds_nothing_but_what_random_generation_makes(loaded: LoadedQuestionnaire) -> None:
    found = lint(loaded.questionnaire, known_facts())
    assert [f for f in found if not generated_only(f.message)] == []


def test_wizard_check_reads_it(files: tuple[Path, Path]) -> None:
    proc = wizard("check", files[0])
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert proc.stderr == ""
    findings = [line for line in proc.stdout.splitlines() if ": error: " in line or ": warning: " in line]
    assert all(generated_only(line) for line in findings), proc.stdout
    assert proc.returncode == 1 or f"{QUESTIONS} questions, {RULES} rules" in proc.stdout


def test_the_generated_answers_answer_every_shown_question(loaded: LoadedQuestionnaire,
                                                          answers: dict[str, Any]) -> None:
    generated = scale_questionnaire.generate(QUESTIONS, RULES)
    ev = evaluate(loaded.questionnaire, answers)
    assert not ev.problems
    assert ev.visible == generated.visible  # worked out by the generator on its own
    assert set(ev.answers) == set(answers) == set(ev.visible)
    assert ev.result.answered == ev.result.shown == len(answers)


def test_scores_add_up(loaded: LoadedQuestionnaire, answers: dict[str, Any]) -> None:
    q = loaded.questionnaire
    r = evaluate(q, answers).result
    assert {c.source for c in r.contributions} == {"question", "rule"}
    fired = {c.id for c in r.contributions if c.source == "rule"}
    assert 0 < len(fired) < len(q.rules)
    excluded = {e.option for e in r.excluded}
    for option, score in r.scores.items():
        own = [c.points for c in r.contributions if c.option == option]
        assert sum(own) == pytest.approx(score.points, abs=1e-6)
        assert sum(score.stages.values()) == pytest.approx(score.points, abs=1e-6)
        assert score.min_points - 1e-6 <= score.points <= score.max_points + 1e-6
        assert 0 <= score.score <= 100
        assert score.excluded == (option in excluded)
    if r.recommended is not None:
        assert r.recommended not in excluded
        assert r.scores[r.recommended].score == max(s.score for s in r.scores.values() if not s.excluded)


def test_changing_one_answer_changes_only_what_depends_on_it(loaded: LoadedQuestionnaire,
                                                             answers: dict[str, Any]) -> None:
    q = loaded.questionnaire
    base = evaluate(q, answers).result
    # A question no other question's condition looks at: changing its answer moves its own points
    # and those of the rules that look at it, and nothing else.
    free = next(question for question in q.questions
                if question.kind == "single" and question.id in answers and question.id not in q.shaping)
    other = next(v for v in free.choice_values if v != answers[free.id])
    changed = evaluate(q, {**answers, free.id: other}).result
    depending = {free.id} | {rule.id for rule in q.rules if free.id in rule.keys}

    def unaffected(result: Result) -> list[Contribution]:
        return [c for c in result.contributions if c.id not in depending]

    assert unaffected(changed) == unaffected(base)
    assert changed.shown == base.shown
