"""The engine on a small questionnaire whose every number can be worked out by hand."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from wizard.core.questionnaire.conditions import Value
from wizard.core.scoring.engine import check_answers, evaluate, visible_questions
from wizard.core.questionnaire.model import Questionnaire

BASE: dict[str, object] = {"team": "none", "runtime_s": 30, "regulated": False, "features": ["queues"]}


def run(q: Questionnaire, answers: Mapping[str, object], **kw):
    return evaluate(q, answers, **kw)


def points(result, option: str) -> float:
    return result.scores[option].points


def test_scores_worked_out_by_hand(mini: Questionnaire) -> None:
    r = run(mini, BASE).result
    # alpha: team +2, queues +1, runtime band +1 × weight 2, regulated=false +1 × 2
    assert points(r, "alpha") == 7
    # attainable: team 0..2, features -2..1, runtime 0..2, regulated 0..2, rule cache-or-gpu -1..0
    assert (r.scores["alpha"].min_points, r.scores["alpha"].max_points) == (-3, 7)
    assert points(r, "beta") == -1
    # gamma's range includes the unfired rule no-team-long-runs (3 × weight 2)
    assert (r.scores["gamma"].min_points, r.scores["gamma"].max_points) == (0, 13)
    # one scale for all: from -3 (alpha's floor) to 13 (gamma's ceiling)
    assert r.scores["alpha"].score == 62.5  # (7 + 3) / 16
    assert r.scores["beta"].score == 12.5  # (-1 + 3) / 16
    assert r.scores["gamma"].score == 18.8  # (0 + 3) / 16
    assert r.recommended == "alpha"
    assert r.margin == 43.7 and r.confidence == "high"
    assert r.scores["alpha"].stages == {"basics": 3, "limits": 4}


def test_score_between_bounds_is_proportional(mini: Questionnaire) -> None:
    r = run(mini, {**BASE, "runtime_s": 120}).result  # middle band: no runtime points for alpha
    assert points(r, "alpha") == 5
    assert r.scores["alpha"].score == 50.0  # (5 + 3) / 16


def test_every_contribution_is_listed_with_its_reason(mini: Questionnaire) -> None:
    r = run(mini, BASE).result
    rows = {(c.id, c.option, c.points) for c in r.contributions}
    assert rows == {("team", "alpha", 2), ("team", "beta", -1), ("features", "alpha", 1),
                    ("runtime_s", "alpha", 2), ("regulated", "alpha", 2)}
    team = next(c for c in r.contributions if c.id == "team" and c.option == "alpha")
    assert team.why == "Alpha needs no operations." and team.answer == "none" and team.stage == "basics"
    # the contributions add up to the points
    for option, score in r.scores.items():
        assert sum(c.points for c in r.contributions if c.option == option) == pytest.approx(score.points)


def test_band_lower_bound_is_inclusive_upper_exclusive(mini: Questionnaire) -> None:
    at_60 = run(mini, {**BASE, "runtime_s": 60}).result
    at_59 = run(mini, {**BASE, "runtime_s": 59.9}).result
    assert points(at_60, "alpha") == 5
    assert points(at_59, "alpha") == 7


def test_multi_choice_adds_each_selected_choice(mini: Questionnaire) -> None:
    r = run(mini, {**BASE, "features": ["queues", "cache"]}).result
    assert points(r, "gamma") == 1
    # cache fires the cache-or-gpu rule against alpha
    assert ("cache-or-gpu", "alpha", -1) in {(c.id, c.option, c.points) for c in r.contributions}
    assert points(r, "alpha") == 6


def test_conditional_question_appears_and_disappears(mini: Questionnaire) -> None:
    shown, _ = visible_questions(mini, {"team": "none"})
    assert "team_size" not in shown
    shown, _ = visible_questions(mini, {"team": "large"})
    assert "team_size" in shown
    r = run(mini, {**BASE, "team": "large", "team_size": 10}).result
    assert ("team_size", "beta", 1) in {(c.id, c.option, c.points) for c in r.contributions}


def test_answer_to_hidden_question_is_ignored_and_said(mini: Questionnaire) -> None:
    ev = run(mini, {**BASE, "team_size": 10})
    assert "team_size" not in ev.answers
    assert all(c.id != "team_size" for c in ev.result.contributions)
    notes = [p for p in ev.problems if p.question == "team_size"]
    assert notes and notes[0].severity == "note" and "not shown" in notes[0].message


def test_rule_with_all_fires_with_stage_weight(mini: Questionnaire) -> None:
    r = run(mini, {**BASE, "runtime_s": 700}).result
    rule = [c for c in r.contributions if c.source == "rule"]
    assert [(c.id, c.option, c.points, c.stage) for c in rule] == [("no-team-long-runs", "gamma", 6, "limits")]
    assert rule[0].why.startswith("Long runs without a team")


def test_rule_without_stage_counts_under_rules(mini: Questionnaire) -> None:
    r = run(mini, {**BASE, "features": ["cache"]}).result
    assert r.scores["alpha"].stages["rules"] == -1


def test_constraint_excludes_with_reason_and_source(mini: Questionnaire) -> None:
    r = run(mini, {**BASE, "runtime_s": 901}).result
    assert [(e.option, e.constraint) for e in r.excluded] == [("alpha", "alpha-timeout")]
    assert r.excluded[0].source == "https://example.com/alpha-limits"
    assert "900 seconds" in r.excluded[0].reason
    assert r.scores["alpha"].excluded
    assert r.recommended == "gamma"  # band ≥900 gives gamma 2, the no-team rule 6


def test_every_option_excluded_means_no_recommendation(mini: Questionnaire) -> None:
    answers = {"team": "none", "runtime_s": 30, "features": ["gpu"]}  # regulated unanswered: beta out too
    r = run(mini, answers).result
    assert {e.option for e in r.excluded} == {"alpha", "beta", "gamma"}
    assert r.recommended is None and r.confidence == "none" and r.margin is None


def test_single_remaining_option_is_high_confidence(mini: Questionnaire) -> None:
    r = run(mini, {**BASE, "features": ["gpu"], "regulated": False}).result
    assert r.recommended == "beta" and r.confidence == "high" and r.margin is None
    assert "excluded" in r.confidence_reason


def test_tie_goes_to_first_listed_option_with_low_confidence() -> None:
    q = Questionnaire.model_validate({
        "id": "tie", "version": "1", "title": "Tie",
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "stages": [{"id": "s", "title": "S", "questions": [
            {"id": "x", "kind": "boolean", "prompt": "x?", "if_true": {"effects": {"a": 1, "b": 1}}}]}],
    })
    r = evaluate(q, {"x": True}).result
    assert r.recommended == "a" and r.margin == 0 and r.confidence == "low"
    assert r.confidence_reason == "the scores are tied"


def test_confidence_drops_when_few_questions_answered(mini: Questionnaire) -> None:
    r = run(mini, {"team": "none", "runtime_s": 30}).result  # 2 of 5 shown answered
    assert r.answered == 2 and r.shown == 5
    assert r.confidence == "medium"
    assert "only 2 of 5" in r.confidence_reason


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"teem": "none"}, 'unknown question id "teem" (did you mean "team"?)'),
        ({"team": "huge"}, 'question "team": "huge" is not a choice'),
        ({"team": 3}, 'question "team": expected one of'),
        ({"runtime_s": -1}, 'question "runtime_s": -1 seconds is below the minimum of 0 seconds'),
        ({"runtime_s": 100000}, "100,000 seconds is above the maximum of 86,400 seconds"),
        ({"runtime_s": "fast"}, 'question "runtime_s": expected a number, got text "fast"'),
        ({"runtime_s": True}, "expected a number, got true"),
        ({"team": "large", "team_size": 2.5}, "2.5 is not a whole number"),
        ({"features": ["queues", "disks"]}, '"disks" is not a choice'),
        ({"features": "queues"}, "expected a list of choices"),
        ({"regulated": "yes"}, "expected true or false"),
        ({"notes": "x" * 201}, "longer than 200 characters"),
    ],
)
def test_invalid_answers_name_the_question(mini: Questionnaire, answers: dict, fragment: str) -> None:
    _, problems = check_answers(mini, answers)
    assert len(problems) == 1
    assert fragment in problems[0].message
    assert problems[0].severity == "error"


def test_required_unanswered_is_an_error_only_when_shown(mini: Questionnaire) -> None:
    r = run(mini, {"team": "none"}).result
    assert [p.question for p in r.errors] == ["runtime_s"]
    assert r.errors[0].message == 'question "runtime_s" is required but not answered'


def test_problems_carry_a_code_and_can_name_their_question_another_way(mini: Questionnaire) -> None:
    r = run(mini, {"team": "huge", "tema": "none"}).result
    by_code = {p.code: p for p in r.problems}
    assert {"invalid_answer", "unknown_question"} <= set(by_code)
    assert by_code["invalid_answer"].about('"Team?"').startswith('"Team?": "huge" is not a choice')
    missing = run(mini, {"team": "none"}).result.errors[0]
    assert missing.code == "unanswered"
    assert missing.about('"Runtime?"') == '"Runtime?" is required but not answered'
    assert "code" in r.summary()["problems"][0]


def test_invalid_answers_are_left_out_and_scoring_goes_on(mini: Questionnaire) -> None:
    r = run(mini, {**BASE, "team": "huge"}).result
    assert any("huge" in p.message for p in r.errors)
    assert all(c.id != "team" for c in r.contributions)
    assert r.recommended == "alpha"


def test_text_is_recorded_never_scored(mini: Questionnaire) -> None:
    a = run(mini, BASE).result
    b = run(mini, {**BASE, "notes": "we love servers"}).result
    assert a.scores == b.scores
    assert b.answered == a.answered + 1


def test_evaluation_is_deterministic(mini: Questionnaire) -> None:
    answers = {**BASE, "features": ["cache", "queues"], "runtime_s": 700}
    first = run(mini, answers, sensitivity=True).result
    for _ in range(3):
        assert run(mini, dict(reversed(list(answers.items()))), sensitivity=True).result == first


def test_sensitivity_lists_what_would_change_the_answer(mini: Questionnaire) -> None:
    r = run(mini, BASE, sensitivity=True).result
    changes = {(s.question, s.alternative, s.recommended) for s in r.sensitivity}
    # the nearest run time that changes it: 600 s fires the no-team-long-runs rule for gamma
    assert ("runtime_s", 600, "gamma") in changes
    # adding GPUs leaves only beta
    assert ("features", ("queues", "gpu"), "beta") in changes
    for s in r.sensitivity:
        alt = run(mini, {**BASE, s.question: s.alternative}).result
        assert alt.recommended == s.recommended != r.recommended


def test_an_option_that_always_gains_is_not_beaten_by_one_that_never_moves() -> None:
    q = Questionnaire.model_validate(
        {
            "id": "one",
            "version": "1",
            "title": "One",
            "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "stages": [
                {
                    "id": "s",
                    "title": "S",
                    "questions": [
                        {
                            "id": "x",
                            "kind": "single",
                            "prompt": "x?",
                            "choices": [
                                {"value": "p", "label": "P", "effects": {"a": 2}},
                                {"value": "q", "label": "Q", "effects": {"a": 1}},
                            ],
                        }
                    ],
                }
            ],
        }
    )
    r = evaluate(q, {"x": "q"}).result
    assert r.recommended == "a"
    assert (r.scores["a"].score, r.scores["b"].score) == (50.0, 0.0)


def test_sensitivity_is_empty_when_nothing_single_changes_it() -> None:
    q = Questionnaire.model_validate(
        {
            "id": "one",
            "version": "1",
            "title": "One",
            "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "stages": [
                {
                    "id": "s",
                    "title": "S",
                    "questions": [
                        {
                            "id": "x",
                            "kind": "single",
                            "prompt": "x?",
                            "choices": [
                                {"value": "p", "label": "P", "effects": {"a": 2}},
                                {"value": "q", "label": "Q", "effects": {"a": 1}},
                            ],
                        }
                    ],
                }
            ],
        }
    )
    assert evaluate(q, {"x": "p"}, sensitivity=True).result.sensitivity == ()


class DoubleProvider:
    name = "double"
    inputs = frozenset({"runtime_s"})

    def declared(self) -> Mapping[str, str]:
        return {"double.runtime": "twice the run time"}

    def compute(self, questionnaire: Questionnaire, answers: Mapping[str, Value]) -> Mapping[str, Value]:
        runtime = answers.get("runtime_s")
        return {} if runtime is None else {"double.runtime": float(runtime) * 2}  # type: ignore[arg-type]


def test_derived_facts_feed_rules_and_constraints(mini: Questionnaire) -> None:
    data = mini.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["rules"].append(
        {
            "id": "fact-rule",
            "when": {"fact": "double.runtime", "gte": 100},
            "effects": {"beta": 5},
            "why": "Long doubled runs.",
        }
    )
    data["constraints"].append(
        {
            "id": "fact-limit",
            "when": {"fact": "double.runtime", "gt": 1000},
            "excludes": ["gamma"],
            "reason": "Too long.",
            "source": "https://example.com/x",
        }
    )
    q = Questionnaire.model_validate(data)
    provider = (DoubleProvider(),)
    r = evaluate(q, {**BASE, "runtime_s": 40}, providers=provider).result
    assert r.facts == {"double.runtime": 80.0}
    assert all(c.id != "fact-rule" for c in r.contributions)
    r = evaluate(q, {**BASE, "runtime_s": 600}, providers=provider).result
    assert ("fact-rule", "beta", 5) in {(c.id, c.option, c.points) for c in r.contributions}
    assert [e.constraint for e in r.excluded] == ["fact-limit"]
    # without the provider the fact is unknown: the rule does not fire
    r = evaluate(q, {**BASE, "runtime_s": 600}).result
    assert r.facts == {} and not r.excluded


def test_a_refused_answer_is_not_also_reported_as_missing(mini: Questionnaire) -> None:
    r = run(mini, {**BASE, "runtime_s": -1}).result
    assert [p.message for p in r.errors] == ['question "runtime_s": -1 seconds is below the minimum of 0 seconds']
