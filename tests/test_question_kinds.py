"""Question kinds as a tagged union: each kind reads only its own fields, and a bad file still gets one
clear line naming the file and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wizard.core.errors import WizardError
from wizard.core.questionnaire.model import (
    BooleanQuestion,
    MultiQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextQuestion,
    load_questionnaire,
)
from wizard.core.files.tomlio import validate

BUNDLED = Path(__file__).resolve().parent.parent / "questionnaires" / "lambda-vs-ec2.toml"
TWO = [{"value": "x", "label": "X"}, {"value": "y", "label": "Y"}]


def questionnaire(question: dict[str, Any]) -> dict[str, Any]:
    return {"id": "t", "version": "1", "title": "T", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "stages": [{"id": "s", "title": "S", "questions": [{"id": "q", "prompt": "Q?", **question}]}]}


def test_the_bundled_questionnaire_loads_into_one_class_per_kind() -> None:
    questions = load_questionnaire(BUNDLED).questionnaire.questions
    kinds = {type(q): q.kind for q in questions}
    assert kinds == {SingleQuestion: "single", MultiQuestion: "multi", NumberQuestion: "number",
                     BooleanQuestion: "boolean", TextQuestion: "text"}


@pytest.mark.parametrize(("question", "line"), [
    ({"kind": "nmber"}, "q.toml: stages[id=\"s\"].questions[id=\"q\"].kind: expected 'single', 'multi', 'number', "
                        "'boolean' or 'text'"),
    ({}, 'q.toml: stages[id="s"].questions[id="q"].kind: required key is missing'),
    ({"kind": "text", "choices": TWO}, 'q.toml: stages[id="s"].questions[id="q"]: `choices` belong to single and '
                                       "multi questions, not text"),
    ({"kind": "single", "unit": "ms", "choices": TWO}, "belong to number questions, not single"),
    ({"kind": "single", "min": 0, "choices": TWO}, "belong to number questions, not single"),
    ({"kind": "number", "max_length": 3}, "`max_length` belongs to text questions, not number"),
    ({"kind": "multi", "choices": TWO, "if_true": {}}, "`if_true` and `if_false` belong to boolean questions"),
    ({"kind": "number", "min": "a"}, 'questions[id="q"].min: expected a number'),
    ({"kind": "number", "max": 3, "default": 5}, "default: 5 is above the maximum of 3"),
    ({"kind": "boolean", "foo": 1}, 'questions[id="q"].foo: unknown key'),
])
def test_a_bad_question_is_one_line_naming_the_file_and_key(question: dict[str, Any], line: str) -> None:
    with pytest.raises(WizardError) as refused:
        validate(Questionnaire, questionnaire(question), "q.toml")
    message = str(refused.value.message)
    assert "\n" not in message and message.startswith("q.toml: ")
    assert line in message


def test_each_kind_checks_its_own_answers_and_offers_its_own_alternatives() -> None:
    q = validate(Questionnaire, questionnaire({"kind": "number", "min": 0, "max": 100, "integer": True,
                                               "bands": [{"max": 10, "effects": {"a": 1}}, {"min": 10}]}), "q.toml")
    number = q.questions[0]
    assert number.check_value(2.5) == "2.5 is not a whole number"
    assert number.effects_of(3) == [({"a": 1.0}, "")]
    assert number.alternatives(3, (), ladder=False, limit=5) == [10]
    assert number.typed("3M") == 3_000_000 and number.typed("lots") == "lots"
    assert number.comparison_problem("equals", "x") == '"q" is a number question: compare with a number'
