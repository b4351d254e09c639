"""Conditions: every operator, the unanswered semantics, and the shape rules of the data."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from wizard.core.questionnaire.conditions import AllOf, AnyOf, Comparison, Condition, NotOf

COND: TypeAdapter[Condition] = TypeAdapter(Condition)


def c(data: dict) -> Condition:
    return COND.validate_python(data)


@pytest.mark.parametrize(
    ("cond", "values", "expected"),
    [
        ({"question": "a", "equals": "x"}, {"a": "x"}, True),
        ({"question": "a", "equals": "x"}, {"a": "y"}, False),
        ({"question": "a", "equals": "x"}, {}, False),
        ({"question": "a", "in": ["x", "y"]}, {"a": "y"}, True),
        ({"question": "a", "in": ["x", "y"]}, {"a": "z"}, False),
        ({"question": "a", "not_in": ["x"]}, {"a": "z"}, True),
        ({"question": "a", "not_in": ["x"]}, {"a": "x"}, False),
        ({"question": "a", "not_in": ["x"]}, {}, False),
        ({"question": "n", "gt": 900}, {"n": 900}, False),
        ({"question": "n", "gt": 900}, {"n": 901}, True),
        ({"question": "n", "gte": 900}, {"n": 900}, True),
        ({"question": "n", "lt": 10}, {"n": 9.5}, True),
        ({"question": "n", "lte": 10}, {"n": 10}, True),
        ({"question": "n", "lte": 10}, {"n": 10.01}, False),
        ({"question": "n", "gt": 0}, {"n": "12"}, False),
        ({"question": "n", "gt": 0}, {"n": True}, False),
        ({"question": "a", "answered": True}, {"a": "x"}, True),
        ({"question": "a", "answered": True}, {}, False),
        ({"question": "a", "answered": False}, {}, True),
        ({"question": "m", "includes": "q"}, {"m": ("p", "q")}, True),
        ({"question": "m", "includes": "q"}, {"m": ("p",)}, False),
        ({"question": "m", "includes": "q"}, {"m": "q"}, False),
        ({"question": "b", "equals": True}, {"b": True}, True),
        ({"question": "b", "equals": True}, {"b": 1}, False),
        ({"question": "b", "equals": 1}, {"b": True}, False),
        ({"question": "n", "equals": 2}, {"n": 2.0}, True),
        ({"fact": "cost.ratio", "gte": 2}, {"cost.ratio": 2.5}, True),
        ({"all": [{"question": "a", "equals": "x"}, {"question": "n", "gt": 1}]}, {"a": "x", "n": 2}, True),
        ({"all": [{"question": "a", "equals": "x"}, {"question": "n", "gt": 1}]}, {"a": "x", "n": 0}, False),
        ({"all": []}, {}, True),
        ({"any": [{"question": "a", "equals": "x"}, {"question": "n", "gt": 1}]}, {"n": 2}, True),
        ({"any": [{"question": "a", "equals": "x"}, {"question": "n", "gt": 1}]}, {}, False),
        ({"not": {"question": "a", "equals": "x"}}, {"a": "y"}, True),
        ({"not": {"question": "a", "equals": "x"}}, {}, True),
        ({"not": {"any": [{"question": "a", "equals": "x"}, {"all": [{"question": "n", "lt": 5}]}]}}, {"n": 3}, False),
    ],
)
def test_condition_semantics(cond: dict, values: dict, expected: bool) -> None:
    assert c(cond).holds(values) is expected


def test_nested_conditions_build_the_right_models() -> None:
    cond = c({"all": [{"any": [{"question": "a", "equals": "x"}]}, {"not": {"question": "b", "answered": True}}]})
    assert isinstance(cond, AllOf)
    assert isinstance(cond.all[0], AnyOf)
    assert isinstance(cond.all[1], NotOf)
    assert [x.key for x in cond.comparisons()] == ["a", "b"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question": "a"}, "exactly one operator"),
        ({"question": "a", "equals": "x", "gt": 3}, "exactly one operator"),
        ({"equals": "x"}, "exactly one of `question` or `fact`"),
        ({"question": "a", "fact": "f.x", "equals": 1}, "exactly one of `question` or `fact`"),
        ({"question": "a", "matches": ".*"}, "Extra inputs"),
        ({"all": {"question": "a", "equals": 1}}, "tuple"),
    ],
)
def test_malformed_conditions_are_rejected(data: dict, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        c(data)
    assert message in str(info.value)


def test_condition_has_no_expression_language() -> None:
    # A string that looks like code is just a value to compare with; nothing evaluates it.
    cond = c({"question": "a", "equals": "__import__('os').system('false')"})
    assert isinstance(cond, Comparison)
    assert cond.holds({"a": "__import__('os').system('false')"})
    assert not cond.holds({"a": "x"})


def test_describe_reads_like_the_condition() -> None:
    cond = c({"all": [{"question": "n", "gt": 900}, {"not": {"question": "a", "in": ["x", "y"]}}]})
    assert cond.describe() == '(n > 900 and not a in ["x", "y"])'
