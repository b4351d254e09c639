"""`lint`: the mistakes a schema cannot see."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from wizard.core.questionnaire.lint import lint
from wizard.core.questionnaire.model import Questionnaire


def base() -> dict[str, Any]:
    return {
        "id": "q", "version": "1", "title": "Q",
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "stages": [{"id": "s", "title": "S", "questions": [
            {"id": "kind", "kind": "single", "prompt": "Kind?", "help": "h", "choices": [
                {"value": "x", "label": "X", "effects": {"a": 1}},
                {"value": "y", "label": "Y", "effects": {"b": 1}}]},
            {"id": "size", "kind": "number", "prompt": "Size?", "help": "h", "min": 0, "max": 100},
            {"id": "tags", "kind": "multi", "prompt": "Tags?", "help": "h", "choices": [
                {"value": "t1", "label": "T1"}, {"value": "t2", "label": "T2"}]},
            {"id": "flag", "kind": "boolean", "prompt": "Flag?", "help": "h"},
        ]}],
    }


def messages(data: dict[str, Any], facts: dict[str, str] | None = None) -> list[str]:
    return [str(f) for f in lint(Questionnaire.model_validate(data), facts)]


def with_when(when: dict[str, Any], on: int = 3) -> dict[str, Any]:
    data = copy.deepcopy(base())
    data["stages"][0]["questions"][on]["when"] = when
    return data


def test_clean_questionnaire_has_no_findings() -> None:
    assert messages(base()) == []


@pytest.mark.parametrize(("when", "fragment"), [
    ({"question": "nope", "equals": "x"}, 'unknown question "nope"'),
    ({"question": "kind", "equals": "z"}, "'z' is not a choice of \"kind\""),
    ({"question": "kind", "in": ["x", "z"]}, "'z' is not a choice"),
    ({"question": "kind", "gt": 3}, '"kind" is a single question: `gt` compares numbers'),
    ({"question": "tags", "includes": "t9"}, '"t9" is not a choice of "tags"'),
    ({"question": "tags", "equals": "t1"}, "use `includes`"),
    ({"question": "size", "includes": "x"}, "`includes` is for multi questions"),
    ({"question": "size", "equals": "big"}, "compare with a number"),
    ({"fact": "cost.ratio", "gt": 1}, "can use answers only, not derived facts"),
])
def test_bad_conditions_are_named(when: dict[str, Any], fragment: str) -> None:
    found = messages(with_when(when))
    assert any(fragment in m for m in found), found
    assert all(m.startswith('stages[id="s"].questions[id="flag"]') for m in found)


def test_condition_on_a_later_question_is_an_error() -> None:
    found = messages(with_when({"question": "flag", "equals": True}, on=0))
    assert any('"flag" is asked later' in m for m in found)


@pytest.mark.parametrize("when", [
    {"question": "size", "gt": 100},
    {"question": "size", "lt": 0},
    {"all": [{"question": "kind", "equals": "x"}, {"question": "kind", "equals": "y"}]},
    {"any": [{"question": "size", "gte": 101}, {"question": "kind", "equals": "nope"}]},
])
def test_unreachable_questions_are_found(when: dict[str, Any]) -> None:
    found = messages(with_when(when))
    assert any("can never be shown" in m for m in found), found


def test_questions_depending_on_unreachable_ones_are_unreachable_too() -> None:
    data = with_when({"question": "size", "gt": 100}, on=2)
    data["stages"][0]["questions"][3]["when"] = {"question": "tags", "includes": "t1"}
    found = messages(data)
    assert sum("can never be shown" in m for m in found) == 2


def test_rules_and_constraints_are_checked_too() -> None:
    data = base()
    data["rules"] = [{"id": "r", "when": {"question": "size", "gt": 500}, "effects": {"a": 1}, "why": "w"}]
    data["constraints"] = [{"id": "c", "when": {"fact": "cost.x", "gt": 1}, "excludes": ["a"],
                            "reason": "r", "source": "https://example.com"}]
    found = messages(data)
    assert 'rules[id="r"]: can never apply: its condition cannot hold' in found
    assert any('unknown fact "cost.x"' in m for m in found)
    assert not any("cost.x" in m for m in messages(data, {"cost.x": "a fact"}))


def test_option_nothing_can_move_is_reported() -> None:
    data = base()
    data["options"].append({"id": "c", "label": "C"})
    assert 'options[id="c"]: no answer or rule gives this option any points, so its score cannot move' in messages(data)


def test_missing_help_is_a_warning() -> None:
    data = base()
    data["stages"][0]["questions"][1]["help"] = ""
    found = lint(Questionnaire.model_validate(data))
    assert [(f.severity, f.message) for f in found] == [("warning", "no help text: say why this question matters")]


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (
            lambda d: d["stages"][0]["questions"].append(copy.deepcopy(d["stages"][0]["questions"][0])),
            'question id "kind" appears twice',
        ),
        (lambda d: d["options"].append({"id": "a", "label": "again"}), 'option id "a" appears twice'),
        (
            lambda d: d["stages"][0]["questions"][0]["choices"][0]["effects"].update(z=1),
            'effects name unknown option "z"',
        ),
        (
            lambda d: d["stages"][0]["questions"][0]["choices"].append({"value": "x", "label": "again"}),
            'choice value "x" appears twice',
        ),
        (lambda d: d["stages"][0]["questions"][1].update(bands=[{"max": 50}, {"min": 40}]), "overlap"),
        (lambda d: d["stages"][0]["questions"][1].update(min=10, max=5), "min (10) is above max (5)"),
        (lambda d: d["stages"][0]["questions"][1].update(default=500), "default: 500 is above the maximum"),
        (lambda d: d["stages"][0]["questions"][0].update(unit="ms"), "belong to number questions"),
        (lambda d: d["stages"][0]["questions"][0]["choices"].pop(), "at least two choices"),
        (
            lambda d: d.update(
                constraints=[
                    {
                        "id": "c",
                        "when": {"question": "flag", "equals": True},
                        "excludes": ["zz"],
                        "reason": "r",
                        "source": "https://x.org",
                    }
                ]
            ),
            'excludes unknown option "zz"',
        ),
        (
            lambda d: d.update(
                constraints=[
                    {
                        "id": "c",
                        "when": {"question": "flag", "equals": True},
                        "excludes": ["a"],
                        "reason": "r",
                        "source": "not a url",
                    }
                ]
            ),
            "should match pattern",
        ),
    ],
)
def test_schema_rejects_inconsistent_questionnaires(mutate, fragment: str) -> None:  # type: ignore[no-untyped-def]
    data = base()
    mutate(data)
    with pytest.raises(ValidationError) as info:
        Questionnaire.model_validate(data)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["stages"][0]["questions"][0].update(required="no"), "required"),
        (lambda d: d["stages"][0]["questions"][0].update(required=1), "required"),
        (lambda d: d["stages"][0].update(weight="1.2"), "weight"),
        (lambda d: d["stages"][0]["questions"][1].update(max="10000"), "max"),
        (lambda d: d["stages"][0]["questions"][0]["choices"][0].update(effects={"a": "3"}), "effects"),
        (lambda d: d["stages"][0]["questions"][1].update(integer="yes"), "integer"),
    ],
)
def test_wrong_types_are_not_coerced(mutate, where: str) -> None:  # type: ignore[no-untyped-def]
    data = base()
    mutate(data)
    with pytest.raises(ValidationError) as info:
        Questionnaire.model_validate(data)
    assert where in str(info.value)
