"""The rule engine: visibility, validation, scoring, exclusions, confidence and sensitivity.

Everything here is a pure function of a questionnaire, the answers and the fact providers: the
same inputs give the same result, in the same order.

How a score is made, per option:
- every shown and answered question adds the effects of its answer (a choice, each selected
  choice, the band the number falls in, or the true/false outcome), times its stage's weight;
- every rule whose condition holds adds its effects, times its stage's weight;
- the 0–100 score places those points on one scale shared by all options: 0 is the fewest points
  any option could have got from the questions answered and the rules that apply, 100 the most
  (50 for all when nothing could move any option);
- constraints whose condition holds exclude options; the recommendation is the best-scoring
  option that is not excluded, ties going to the option listed first.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from wizard.core.conditions import Value, is_number
from wizard.core.facts import FactProvider
from wizard.core.questionnaire import Effects, Question, Questionnaire
from wizard.core.result import (
    Confidence,
    Contribution,
    Exclusion,
    OptionScore,
    Problem,
    Result,
    Sensitivity,
)

RULES_STAGE = "rules"


@dataclass(frozen=True)
class Evaluation:
    """A result together with what the wizard shows: which questions are visible, and their answers."""

    result: Result
    visible: tuple[str, ...]
    answers: dict[str, Value] = field(default_factory=dict)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.result.problems


def normalize_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """Lists become tuples (multi answers); everything else is kept as given."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()}


def check_answers(questionnaire: Questionnaire, answers: Mapping[str, object]) -> tuple[dict[str, Value], list[Problem]]:
    """Split answers into the valid ones and a problem for each that is not."""
    index = questionnaire.question_index
    valid: dict[str, Value] = {}
    problems: list[Problem] = []
    for qid, value in normalize_answers(answers).items():
        question = index.get(qid)
        if question is None:
            hint = difflib.get_close_matches(qid, list(index), n=1)
            suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
            problems.append(Problem(severity="error", question=qid,
                                    message=f'unknown question id "{qid}"{suggestion}'))
            continue
        issue = question.check_value(value)
        if issue:
            problems.append(Problem(severity="error", question=qid, message=f'question "{qid}": {issue}'))
            continue
        valid[qid] = value  # type: ignore[assignment]
    return valid, problems


def visible_questions(questionnaire: Questionnaire, answers: Mapping[str, Value]) -> tuple[tuple[str, ...], dict[str, Value]]:
    """The shown questions in order, and the answers that count (those of shown questions).

    A question's condition sees only the answers of shown questions before it, so hiding a
    question also hides whatever depended on its answer.
    """
    shown: list[str] = []
    effective: dict[str, Value] = {}
    for question in questionnaire.questions:
        if question.when is None or question.when.holds(effective):
            shown.append(question.id)
            if question.id in answers:
                effective[question.id] = answers[question.id]
    return tuple(shown), effective


def evaluate(
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    *,
    providers: tuple[FactProvider, ...] = (),
    sensitivity: bool = False,
) -> Evaluation:
    """Score the answers. Invalid answers are left out and reported; scoring goes on without them."""
    valid, problems = check_answers(questionnaire, answers)
    evaluation = _evaluate_valid(questionnaire, valid, providers, problems)
    if sensitivity:
        items = _sensitivity(questionnaire, evaluation, providers)
        evaluation = Evaluation(
            result=evaluation.result.model_copy(update={"sensitivity": items}),
            visible=evaluation.visible,
            answers=evaluation.answers,
        )
    return evaluation


def _evaluate_valid(
    questionnaire: Questionnaire,
    valid: Mapping[str, Value],
    providers: tuple[FactProvider, ...],
    problems: list[Problem] | None = None,
) -> Evaluation:
    problems = list(problems or [])
    shown, effective = visible_questions(questionnaire, valid)
    shown_set = set(shown)
    index = questionnaire.question_index
    for qid in valid:
        if qid not in shown_set:
            problems.append(Problem(severity="note", question=qid,
                                    message=f'answer to "{qid}" ignored: the question is not shown for these answers'))
    for qid in shown:
        if index[qid].required and qid not in effective:
            problems.append(Problem(severity="error", question=qid,
                                    message=f'question "{qid}" is required but not answered'))

    facts: dict[str, Value] = {}
    for provider in providers:
        facts.update(provider.compute(questionnaire, effective))
    values: dict[str, Value] = {**effective, **facts}

    option_ids = questionnaire.option_ids
    points = dict.fromkeys(option_ids, 0.0)
    low = dict.fromkeys(option_ids, 0.0)
    high = dict.fromkeys(option_ids, 0.0)
    stages: dict[str, dict[str, float]] = {o: {} for o in option_ids}
    contributions: list[Contribution] = []
    stage_of = questionnaire.stage_of

    def add(source: str, sid: str, stage: str, weight: float, answer: Value | None, effects: Effects, why: str) -> None:
        for option, raw in effects.items():
            gained = raw * weight
            if gained == 0:
                continue
            points[option] += gained
            per_stage = stages[option]
            per_stage[stage] = per_stage.get(stage, 0.0) + gained
            contributions.append(Contribution(source=source, id=sid, stage=stage, answer=answer,  # type: ignore[arg-type]
                                              option=option, points=_r(gained), why=why))

    for qid in shown:
        if qid not in effective:
            continue
        question = index[qid]
        stage = stage_of[qid]
        value = effective[qid]
        for option, (lo, hi) in _attainable(question, option_ids).items():
            low[option] += lo * stage.weight
            high[option] += hi * stage.weight
        for effects, why in _answer_effects(question, value):
            add("question", qid, stage.id, stage.weight, value, effects, why)

    for rule in questionnaire.rules:
        fired = rule.when.holds(values)
        if not fired and not all(c.key in values for c in rule.when.comparisons()):
            continue
        weight = questionnaire.stage_index[rule.stage].weight if rule.stage else 1.0
        for option, raw in rule.effects.items():
            low[option] += min(0.0, raw * weight)
            high[option] += max(0.0, raw * weight)
        if fired:
            add("rule", rule.id, rule.stage or RULES_STAGE, weight, None, rule.effects, rule.why)

    exclusions: list[Exclusion] = []
    for constraint in questionnaire.constraints:
        if constraint.when.holds(values):
            for option in constraint.excludes:
                exclusions.append(Exclusion(option=option, constraint=constraint.id,
                                            reason=constraint.reason, source=constraint.source))
    excluded = {e.option for e in exclusions}

    # One scale for every option, from the fewest points any option could get to the most any
    # could get: the ranking is then the ranking by points, and the bars compare like with like.
    floor, ceiling = min(low.values()), max(high.values())
    scores: dict[str, OptionScore] = {}
    for option in option_ids:
        lo, hi, pts = low[option], high[option], points[option]
        score = 50.0 if ceiling - floor <= 1e-9 else 100.0 * (pts - floor) / (ceiling - floor)
        scores[option] = OptionScore(
            option=option, points=_r(pts), min_points=_r(lo), max_points=_r(hi),
            score=round(min(100.0, max(0.0, score)), 1), excluded=option in excluded,
            stages={k: _r(v) for k, v in stages[option].items()},
        )

    answered = sum(1 for qid in shown if qid in effective)
    recommended, margin, confidence, reason = _recommend(questionnaire, scores, answered, len(shown))
    result = Result(
        recommended=recommended, confidence=confidence, confidence_reason=reason, margin=margin,
        answered=answered, shown=len(shown), scores=scores, excluded=tuple(exclusions),
        contributions=tuple(contributions), facts=facts, problems=tuple(problems),
    )
    return Evaluation(result=result, visible=shown, answers=effective)


def _answer_effects(question: Question, value: Value) -> list[tuple[Effects, str]]:
    kind = question.kind
    if kind == "single":
        choice = question.choice(value)  # type: ignore[arg-type]
        return [(choice.effects, choice.why)] if choice else []
    if kind == "multi":
        out = []
        for v in value:  # type: ignore[union-attr]
            choice = question.choice(v)
            if choice:
                out.append((choice.effects, choice.why))
        return out
    if kind == "number":
        band = question.band_for(float(value))  # type: ignore[arg-type]
        return [(band.effects, band.why)] if band else []
    if kind == "boolean":
        outcome = question.if_true if value else question.if_false
        return [(outcome.effects, outcome.why)] if outcome else []
    return []


def _attainable(question: Question, option_ids: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Fewest and most points an answer to this question can give each option (before weight)."""
    if question.kind == "multi":
        return {o: (sum(min(0.0, c.effects.get(o, 0.0)) for c in question.choices),
                    sum(max(0.0, c.effects.get(o, 0.0)) for c in question.choices)) for o in option_ids}
    outcomes = question.effect_outcomes()
    if not outcomes:
        return {}
    return {o: (min(e.get(o, 0.0) for e in outcomes), max(e.get(o, 0.0) for e in outcomes)) for o in option_ids}


CONFIDENCE_ORDER: tuple[Confidence, ...] = ("none", "low", "medium", "high")


def _recommend(questionnaire: Questionnaire, scores: dict[str, OptionScore], answered: int,
               shown: int) -> tuple[str | None, float | None, Confidence, str]:
    order = {o: i for i, o in enumerate(questionnaire.option_ids)}
    remaining = sorted((s for s in scores.values() if not s.excluded),
                       key=lambda s: (-s.score, -s.points, order[s.option]))
    if not remaining:
        return None, None, "none", "every option is excluded by a hard limit"
    best = remaining[0]
    if len(remaining) == 1:
        level: Confidence = "high"
        margin = None
        reason = "every other option is excluded by a hard limit"
    else:
        margin = round(best.score - remaining[1].score, 1)
        cfg = questionnaire.scoring
        if margin >= cfg.high_margin:
            level, reason = "high", f"leads by {margin:g} points"
        elif margin >= cfg.medium_margin:
            level, reason = "medium", f"leads by {margin:g} points"
        else:
            level, reason = "low", f"leads by only {margin:g} points" if margin > 0 else "the scores are tied"
        share = answered / shown if shown else 0.0
        if share < cfg.min_answered_share and level != "low":
            level = CONFIDENCE_ORDER[CONFIDENCE_ORDER.index(level) - 1]
            reason += f", but only {answered} of {shown} questions are answered"
    return best.option, margin, level, reason


def _sensitivity(questionnaire: Questionnaire, base: Evaluation,
                 providers: tuple[FactProvider, ...]) -> tuple[Sensitivity, ...]:
    """For each answered question, the alternative answers that would change the recommendation."""
    current = base.result.recommended
    thresholds = _numeric_thresholds(questionnaire)
    items: list[Sensitivity] = []
    for qid, value in base.answers.items():
        question = questionnaire.question_index[qid]
        seen_outcomes: set[str | None] = set()
        for alternative in _alternatives(question, value, thresholds.get(qid, ())):
            trial = dict(base.answers)
            if alternative is None:
                del trial[qid]
            else:
                trial[qid] = alternative
            outcome = _evaluate_valid(questionnaire, trial, providers).result.recommended
            if outcome != current and outcome not in seen_outcomes:
                seen_outcomes.add(outcome)
                items.append(Sensitivity(question=qid, current=value, alternative=alternative,  # type: ignore[arg-type]
                                         recommended=outcome))
    return tuple(items)


def _numeric_thresholds(questionnaire: Questionnaire) -> dict[str, tuple[float, ...]]:
    """Every number a rule, constraint or condition compares a question with."""
    found: dict[str, set[float]] = {}
    conditions = [r.when for r in questionnaire.rules] + [c.when for c in questionnaire.constraints]
    conditions += [q.when for q in questionnaire.questions if q.when is not None]
    for condition in conditions:
        for comparison in condition.comparisons():
            if comparison.question is None:
                continue
            for bound in (comparison.gt, comparison.gte, comparison.lt, comparison.lte):
                if bound is not None:
                    found.setdefault(comparison.question, set()).add(bound)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _alternatives(question: Question, value: Value, thresholds: tuple[float, ...]) -> list[Value]:
    """Alternative answers worth trying, nearest first for numbers."""
    kind = question.kind
    if kind == "single":
        return [c for c in question.choice_values if c != value]
    if kind == "boolean":
        return [not value]
    if kind == "multi":
        selected = tuple(value)  # type: ignore[arg-type]
        out: list[Value] = []
        for c in question.choice_values:
            out.append(tuple(v for v in selected if v != c) if c in selected
                       else tuple(v for v in question.choice_values if v in selected or v == c))
        return out
    if kind == "number" and is_number(value):
        return _number_candidates(question, float(value), thresholds)  # type: ignore[arg-type]
    return []


def _number_candidates(question: Question, current: float, thresholds: tuple[float, ...]) -> list[Value]:
    step = 1.0 if question.integer else None
    points: set[float] = set()
    for band in question.bands:
        if band.contains(current):
            continue
        if band.min is not None:
            points.add(band.min)
        elif band.max is not None:
            points.add(band.max - (step or max(abs(band.max) * 1e-3, 1e-3)))
    for t in thresholds:
        delta = step or (1.0 if float(t).is_integer() and abs(t) >= 10 else max(abs(t) * 1e-3, 1e-3))
        points.update((t - delta, t, t + delta))
    lo = -math.inf if question.min is None else question.min
    hi = math.inf if question.max is None else question.max
    out: list[Value] = []
    for p in sorted(points, key=lambda p: (abs(p - current), p)):
        if p == current or not lo <= p <= hi:
            continue
        if question.integer:
            if not float(p).is_integer():
                continue
            out.append(int(p))
        else:
            out.append(int(p) if float(p).is_integer() else round(p, 6))
    return out


def _r(x: float) -> float:
    """Round points to three decimals so that records hold no float noise."""
    rounded = round(x, 3)
    return 0.0 if rounded == 0 else rounded
