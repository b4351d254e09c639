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
                {"value": "x", "label": "X", "effects": {"a": 1}, "why": "w"},
                {"value": "y", "label": "Y", "effects": {"b": 1}, "why": "w"}]},
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
    assert ('rules[id="r"]: can never apply: its condition cannot hold '
            "(no accepted answer has size > 500 (min 0, max 100))") in found
    assert any('unknown fact "cost.x"' in m for m in found)
    assert not any("unknown fact" in m for m in messages(data, {"cost.x": "a fact"}))


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


# -- logic a valid file can still get wrong (lint_gaps) -------------------------------------------

@pytest.mark.parametrize(("when", "reason"), [
    ({"all": [{"question": "size", "gte": 50}, {"question": "size", "lt": 20}]}, "size ≥ 50 and size < 20"),
    ({"all": [{"question": "size", "gt": 50}, {"question": "size", "lte": 50}]}, "size > 50 and size ≤ 50"),
    ({"all": [{"question": "kind", "in": ["x"]}, {"question": "kind", "not_in": ["x"]}]}, "no answer to kind fits"),
    ({"all": [{"question": "kind", "answered": False}, {"question": "kind", "equals": "x"}]},
     "kind answered = false and kind = "),
    ({"question": "kind", "not_in": ["x", "y"]}, 'not_in lists every choice of "kind"'),
    ({"any": [{"question": "size", "gt": 100}, {"question": "size", "lt": 0}]}, "size > 100"),
])
def test_a_condition_that_cannot_hold_says_why(when: dict[str, Any], reason: str) -> None:
    data = base()
    data["rules"] = [{"id": "r", "when": when, "effects": {"a": 1}, "why": "w"}]
    found = [m for m in messages(data) if m.startswith('rules[id="r"]: can never apply')]
    assert found and reason in found[0], messages(data)


def test_touching_bounds_can_hold() -> None:
    data = base()
    data["rules"] = [{"id": "r", "when": {"all": [{"question": "size", "gte": 50}, {"question": "size", "lte": 50}]},
                      "effects": {"a": 1}, "why": "w"}]
    assert not any("can never apply" in m for m in messages(data))


def test_a_question_hidden_by_the_rest_of_the_condition_is_named() -> None:
    data = with_when({"question": "kind", "equals": "x"}, on=3)
    data["rules"] = [{"id": "r", "when": {"all": [{"question": "kind", "equals": "y"},
                                                  {"question": "flag", "equals": True}]},
                      "effects": {"a": 1}, "why": "w"}]
    found = [m for m in messages(data) if m.startswith('rules[id="r"]')]
    assert found == ['rules[id="r"]: can never apply: its condition cannot hold (it needs an answer to "flag", which '
                     'is shown only when kind = "x"; but no answer to kind fits kind = "y" and kind = "x")']


@pytest.mark.parametrize(("question", "fragment"), [
    ({"min": 0, "max": 100, "bands": [{"max": 100, "effects": {"a": 1}, "why": "w"}]},
     "the answer 100 (the question's max) falls in no band"),
    ({"min": 0, "max": 100, "bands": [{"max": 10, "why": "w"}, {"min": 20, "why": "w"}]},
     "answers from 10 up to 20 fall in no band"),
    ({"min": None, "max": None, "bands": [{"min": 0, "why": "w"}]}, "answers below 0 fall in no band"),
    ({"min": 0, "max": 100, "bands": [{"max": 50, "why": "w"}, {"min": 50, "max": 100, "why": "w"},
                                      {"min": 200, "why": "w"}]},
     'band "≥ 200" lies outside the accepted range'),
    ({"min": 0, "max": 10, "bands": [{"max": 10, "effects": {"a": 1}}, {"min": 10, "why": "w"}]},
     'band "< 10" gives points but has no why'),
])
def test_number_bands_that_leave_answers_out(question: dict[str, Any], fragment: str) -> None:
    data = base()
    data["stages"][0]["questions"][1].update(question)
    found = messages(data)
    assert any(fragment in m for m in found), found


def test_an_integer_gap_without_a_whole_number_is_no_gap() -> None:
    data = base()
    data["stages"][0]["questions"][1].update(
        {"integer": True, "bands": [{"max": 5.5, "why": "w"}, {"min": 6, "why": "w"}]})
    assert not any("fall in no band" in m for m in messages(data))


def test_cost_facts_need_a_pricing_file() -> None:
    data = base()
    data["rules"] = [{"id": "r", "when": {"fact": "cost.ratio", "gt": 1}, "effects": {"a": 1}, "why": "w"}]
    facts = {"cost.ratio": "a fact"}
    assert any("names no pricing file" in m for m in messages(data, facts))
    found = lint(Questionnaire.model_validate(data), facts, has_pricing=True)
    assert not any("pricing" in f.message for f in found)


def test_key_lines_find_tables_keys_and_ids() -> None:
    from wizard.core.files.toml_lines import KeyLines

    text = ('id = "q"\n[[stages]]\nid = "s"\n[[stages.questions]]\nid = "a"\nwhen = { question = "b" }\n'
            '[[stages.questions]]\nid = "b"\nhelp = """\nid = "not-me"\n"""\n[[rules]]\nid = "r"\n[[rules]]\n'
            'id = "r2"\nwhen = {}\n[scoring]\nhigh_margin = 3\n')
    lines = KeyLines(text)
    assert lines.line_of('stages[id="s"].questions[id="a"].when') == 6
    assert lines.line_of("stages[0].questions[1]") == 7
    assert lines.line_of('stages[id="s"].questions[id="b"].bands[3]') == 7
    assert lines.line_of('rules[id="r2"].when') == 16
    assert lines.line_of("rules[0]") == 12
    assert lines.line_of("scoring.high_margin") == 18
    assert lines.line_of("id") == 1
    assert lines.line_of('migrations[0] (from_version "1")') is None
