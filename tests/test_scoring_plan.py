"""The compiled rules decide exactly as the conditions do, and reused contributions are the right ones.

`scoring_plan` decides rules by set operations on the comparisons that hold, remembered per answer
value; the engine reuses each answer's and rule's contribution models. Both are only speed: these
tests hold them to the plain semantics of `conditions` and to freshly made contributions.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core.questionnaire.conditions import AllOf, AnyOf, Comparison, Condition, NotOf, Value
from wizard.core.scoring.engine import evaluate, normalize_answers
from wizard.core.questionnaire.model import Questionnaire, questionnaire_from_toml
from wizard.core.files.tomlio import parse_toml
from wizard.core.scoring.result import Contribution
from wizard.core.questionnaire.scoring_plan import MEMO_LIMIT, RulePlan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_questionnaire  # noqa: E402

KEYS = ("a", "b", "c")


def parse(text: str) -> Questionnaire:
    data = text.encode()
    return questionnaire_from_toml(data, parse_toml(data, Path("q.toml")), Path("q.toml")).questionnaire


def one_question(question: str) -> Questionnaire:
    """A questionnaire of two options and one stage holding this question (its TOML fields)."""
    return parse(ONE_QUESTION + question)


ONE_QUESTION = """
id = "t"
title = "t"
version = "1"
[[options]]
id = "a"
label = "A"
[[options]]
id = "b"
label = "B"
[[stages]]
id = "s"
title = "S"
[[stages.questions]]
"""


def plan_of(conditions: list[Condition]) -> RulePlan:
    return RulePlan.build(tuple(conditions), tuple((("x", 1.0),) for _ in conditions))


def expected(conditions: list[Condition], values: dict[str, Value]) -> list[int]:
    return [i for i, c in enumerate(conditions) if c.holds(values)]


# -- generated conditions and values ----------------------------------------------------------------

texts = st.sampled_from(["x", "y", "z"])
numbers = st.one_of(st.integers(-3, 3), st.sampled_from([-1.5, 0.0, -0.0, 0.5, 1.0, 2.0, 2.5]))
scalars = st.one_of(texts, st.booleans(), numbers)
values = st.one_of(scalars, st.lists(texts, unique=True, max_size=3).map(tuple))


@st.composite
def comparisons(draw: st.DrawFn) -> Comparison:
    key = draw(st.sampled_from(KEYS))
    op = draw(st.sampled_from(["equals", "in", "not_in", "gt", "gte", "lt", "lte", "answered", "includes"]))
    if op == "equals":
        operand: Any = draw(scalars)
    elif op in ("in", "not_in"):
        operand = draw(st.lists(scalars, min_size=1, max_size=3))
    elif op == "answered":
        operand = draw(st.booleans())
    elif op == "includes":
        operand = draw(texts)
    else:
        operand = float(draw(numbers))
    return Comparison.model_validate({"question": key, op: operand})


conditions: st.SearchStrategy[Condition] = st.recursive(
    comparisons(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda parts: AllOf.model_validate({"all": parts})),
        st.lists(inner, max_size=3).map(lambda parts: AnyOf.model_validate({"any": parts})),
        inner.map(lambda part: NotOf.model_validate({"not": part})),
    ),
    max_leaves=6,
)
answer_sets = st.dictionaries(st.sampled_from(KEYS), values, max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(conditions, min_size=1, max_size=8), st.lists(answer_sets, min_size=1, max_size=4))
def test_compiled_rules_hold_exactly_when_their_conditions_do(
    rule_conditions: list[Condition], answer_list: list[dict[str, Value]]
) -> None:
    # One plan for several answer sets: what it remembers of one set must not leak into the next.
    plan = plan_of(rule_conditions)
    for answers in answer_list:
        assert plan.holding(answers) == expected(rule_conditions, answers)


def test_true_and_one_are_different_answers() -> None:
    rules: list[Condition] = [
        Comparison.model_validate({"question": "a", "equals": True}),
        Comparison.model_validate({"question": "a", "equals": 1}),
        Comparison.model_validate({"question": "a", "gte": 1.0}),
    ]
    plan = plan_of(rules)
    assert plan.holding({"a": True}) == [0]
    assert plan.holding({"a": 1}) == [1, 2]
    assert plan.holding({"a": 1.0}) == [1, 2]
    assert plan.holding({"a": True}) == [0]


def test_answered_false_holds_for_a_missing_answer_only() -> None:
    rules: list[Condition] = [
        Comparison.model_validate({"question": "a", "answered": False}),
        NotOf.model_validate({"not": {"question": "a", "equals": "x"}}),
        AnyOf.model_validate({"any": [{"question": "a", "answered": False}, {"question": "b", "equals": "x"}]}),
    ]
    plan = plan_of(rules)
    assert plan.holding({}) == [0, 1, 2]
    assert plan.holding({"a": "x"}) == []
    assert plan.holding({"a": "y", "b": "x"}) == [1, 2]


def test_a_key_remembers_a_bounded_number_of_values() -> None:
    rules: list[Condition] = [Comparison.model_validate({"question": "a", "gt": 10.0})]
    plan = plan_of(rules)
    for n in range(3 * MEMO_LIMIT):
        assert plan.holding({"a": n}) == ([0] if n > 10 else [])
    assert all(len(memo.memo) <= MEMO_LIMIT for memo in plan._by_key.values())


# -- the generated large questionnaire -------------------------------------------------------------


@pytest.fixture(scope="module", params=[(60, 300, 1), (200, 800, 2)], ids=["60q-300r", "200q-800r"])
def generated(request: pytest.FixtureRequest) -> tuple[Questionnaire, dict[str, Any]]:
    questions, rules, seed = request.param
    made = scale_questionnaire.generate(questions, rules, seed=seed)
    return parse(made.questionnaire_toml), made.answers


def test_every_rule_of_a_generated_questionnaire_decides_as_its_condition(
    generated: tuple[Questionnaire, dict[str, Any]],
) -> None:
    questionnaire, answers = generated
    plan = questionnaire.rule_plan
    rng = random.Random(7)
    ids = list(answers)
    for share in (0.0, 0.2, 0.5, 0.8, 1.0):
        subset = normalize_answers({k: answers[k] for k in ids if rng.random() < share})
        holding = plan.holding(subset)  # type: ignore[arg-type]
        assert holding == [i for i, r in enumerate(questionnaire.rules) if r.when.holds(subset)]  # type: ignore[arg-type]


def test_reused_contributions_equal_fresh_ones(generated: tuple[Questionnaire, dict[str, Any]]) -> None:
    questionnaire, answers = generated
    first = evaluate(questionnaire, answers).result
    again = evaluate(questionnaire, answers).result
    assert again == first
    # Rebuilt from their data, every contribution validates to the same model.
    for contribution in again.contributions:
        assert Contribution.model_validate(contribution.model_dump()) == contribution


def test_a_reused_contribution_keeps_the_type_of_its_answer() -> None:
    questionnaire = one_question(
        """
id = "n"
kind = "number"
prompt = "How many?"
bands = [{ min = 0, effects = { a = 1 } }]
"""
    )
    as_int = evaluate(questionnaire, {"n": 1}).result.contributions
    as_float = evaluate(questionnaire, {"n": 1.0}).result.contributions
    assert [type(c.answer) for c in as_int] == [int]
    assert [type(c.answer) for c in as_float] == [float]


def test_a_trial_from_a_base_equals_a_fresh_evaluation(generated: tuple[Questionnaire, dict[str, Any]]) -> None:
    # Sensitivity tries each alternative answer from the tally of the given answers, deciding again
    # only what looks at the changed answer; every figure must be what a fresh tally gives.
    from wizard.core.scoring.engine import _alternatives, _numeric_thresholds, _tally, check_answers

    questionnaire, answers = generated
    valid, _ = check_answers(questionnaire, answers)
    start = _tally(questionnaire, valid, (), detail=False)
    thresholds = _numeric_thresholds(questionnaire)
    tried = 0
    for qid, value in list(start.effective.items())[::3]:
        question = questionnaire.question_index[qid]
        for alternative in _alternatives(question, value, thresholds.get(qid, ()), ladder=False)[:3]:
            trial = {**valid, qid: alternative}
            quick = _tally(questionnaire, trial, (), detail=False, base=start, only=qid)
            fresh = _tally(questionnaire, trial, (), detail=False)
            assert (quick.holding, quick.comparisons) == (fresh.holding, fresh.comparisons)
            assert quick.missing == fresh.missing
            assert (quick.points, quick.low, quick.high) == (fresh.points, fresh.low, fresh.high)
            assert quick.shown == fresh.shown and quick.excluded == fresh.excluded
            tried += 1
    assert tried > 20


def test_text_answers_are_not_kept() -> None:
    questionnaire = one_question(
        """
id = "notes"
kind = "text"
prompt = "Anything else?"
"""
    )
    for n in range(50):
        result = evaluate(questionnaire, {"notes": "x" * n}).result
        assert result.contributions == () and result.answered == 1
    assert questionnaire.answer_scorers["notes"].memo == {}
