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

Its size: visibility, validation, scoring, exclusions, confidence and sensitivity are one pass
over the same compiled plan and share its memo; sensitivity re-runs the others many times.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

from wizard.core.questionnaire.conditions import Value
from wizard.core.errors import shown
from wizard.core.scoring.facts import FactProvider
from wizard.core.questionnaire.question_base import COMPARE, Effects, Threshold
from wizard.core.questionnaire.model import (
    RULES_SUBTOTAL,
    Constraint,
    MultiQuestion,
    Question,
    Questionnaire,
    Rule,
    Stage,
)
from wizard.core.questionnaire.scoring_plan import AnswerScorer
from wizard.core.scoring.result import (
    Confidence,
    Contribution,
    Exclusion,
    OptionScore,
    Problem,
    Result,
    Sensitivity,
)

#: Rules without a stage count under this subtotal (no stage may take the id).
RULES_STAGE = RULES_SUBTOTAL


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


def check_answers(
    questionnaire: Questionnaire, answers: Mapping[str, object]
) -> tuple[dict[str, Value], list[Problem]]:
    """Split answers into the valid ones and a problem for each that is not."""
    index = questionnaire.question_index
    scorers = questionnaire.answer_scorers
    valid: dict[str, Value] = {}
    problems: list[Problem] = []
    for qid, value in normalize_answers(answers).items():
        scorer = scorers.get(qid)
        if scorer is not None:
            try:
                seen = scorer.key(value) in scorer.memo  # type: ignore[arg-type]
            except (TypeError, ValueError):  # unhashable, or an integer too long to write out
                seen = False
            if seen:  # an answer scored before, so one already accepted
                valid[qid] = value  # type: ignore[assignment]
                continue
        question = index.get(qid)
        if question is None:
            hint = difflib.get_close_matches(qid, list(index), n=1) if len(qid) <= 100 else []
            suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
            problems.append(
                Problem(severity="error", code="unknown_question", question=qid,
                        message=f'unknown question id "{shown(qid)}"{suggestion}')
            )
            continue
        issue = question.check_value(value)
        if issue:
            problems.append(Problem.of_question("error", "invalid_answer", qid, issue))
            continue
        valid[qid] = value  # type: ignore[assignment]
    return valid, problems


def visible_questions(
    questionnaire: Questionnaire, answers: Mapping[str, Value]
) -> tuple[tuple[str, ...], dict[str, Value]]:
    """The shown questions in order, and the answers that count (those of shown questions).

    A question's condition sees only the answers of shown questions before it, so hiding a
    question also hides whatever depended on its answer.
    """
    shown: list[str] = []
    effective: dict[str, Value] = {}
    for qid, condition in questionnaire.conditions_to_show:
        if condition is None or condition(effective):
            shown.append(qid)
            if qid in answers:
                effective[qid] = answers[qid]
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
        items, cut = _sensitivity(questionnaire, evaluation, valid, providers)
        evaluation = Evaluation(
            result=evaluation.result.model_copy(
                update={"sensitivity": items, "sensitivity_cut_at": MAX_SENSITIVITY_TRIALS if cut else None}),
            visible=evaluation.visible,
            answers=evaluation.answers,
        )
    return evaluation


@dataclass
class _Tally:
    """Plain numbers of one evaluation, before any result model is built (sensitivity needs only these)."""

    shown: tuple[str, ...]
    effective: dict[str, Value]
    facts: dict[str, Value]
    #: Points and attainable range from the answers alone, before rules: a trial that changes one
    #: answer starts from these instead of adding every answer up again.
    answer_sums: tuple[dict[str, float], dict[str, float], dict[str, float]]
    points: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]
    stages: dict[str, dict[str, float]]
    #: Each contribution, when asked for detail.
    contributions: list[Contribution]
    #: The comparisons that hold (see `scoring_plan`) and the positions of the rules that hold:
    #: a trial that changes one answer decides again only what looks at it.
    comparisons: set[int]
    holding: list[int]
    #: The answers and facts rules look at that are not given.
    missing: frozenset[str]
    excluded: list[tuple[str, Constraint]]


def _apply_answer(
    scorer: AnswerScorer, value: Value, sign: float, sums: tuple[dict[str, float], dict[str, float], dict[str, float]]
) -> None:
    """Add (sign 1) or take away (sign -1) one answer's points and range (a trial from a base tally)."""
    points, low, high = sums
    for option, lo, hi in scorer.bounds:
        low[option] += sign * lo
        high[option] += sign * hi
    for option, gain in scorer.gains(value):
        points[option] += sign * gain


def _tally(
    questionnaire: Questionnaire,
    valid: Mapping[str, Value],
    providers: tuple[FactProvider, ...],
    *,
    detail: bool,
    base: _Tally | None = None,
    only: str | None = None,
) -> _Tally:
    changed: set[str] | None = None
    if base is not None and only is not None and only in base.effective and only not in questionnaire.shaping:
        # Only one shown answer changed and no question's condition looks at it: the same
        # questions are shown, so visibility need not be worked out again.
        shown, effective = base.shown, {**base.effective, only: valid[only]}
        changed = set() if _same_answer(base.effective[only], valid[only]) else {only}
    else:
        shown, effective = visible_questions(questionnaire, valid)
        if base is not None:
            changed = {
                qid
                for qid in base.effective.keys() | effective.keys()
                if not _same_answer(base.effective.get(qid), effective.get(qid))
            }
    facts: dict[str, Value]
    if changed is not None and base is not None and not changed & _fact_inputs(providers, questionnaire):
        facts = base.facts
    else:
        facts = {}
        for provider in providers:
            facts.update(provider.compute(questionnaire, effective))
    values: dict[str, Value] = {**effective, **facts} if facts else effective

    option_ids = questionnaire.option_ids
    index = questionnaire.question_index
    stage_of = questionnaire.stage_of
    scorers = questionnaire.answer_scorers
    stages: dict[str, dict[str, float]] = {o: {} for o in option_ids}
    contributions: list[Contribution] = []

    if base is not None and changed is not None:
        sums = (dict(base.answer_sums[0]), dict(base.answer_sums[1]), dict(base.answer_sums[2]))
        for qid in changed:
            old, new = base.effective.get(qid), effective.get(qid)
            if old is not None:
                _apply_answer(scorers[qid], old, -1.0, sums)
            if new is not None:
                _apply_answer(scorers[qid], new, 1.0, sums)
    else:
        sums = (dict.fromkeys(option_ids, 0.0), dict.fromkeys(option_ids, 0.0), dict.fromkeys(option_ids, 0.0))
        points, low, high = sums
        for qid, value in effective.items():
            scorer = scorers[qid]
            for option, lo, hi in scorer.bounds:
                low[option] += lo
                high[option] += hi
            entry = scorer.memo.get(scorer.key(value))
            if entry is None:
                entry = scorer.remember(value)
            for option, gain in entry[0]:
                points[option] += gain
            if detail:
                made = entry[1]
                if made is None:
                    made = entry[1] = _answer_detail(index[qid], stage_of[qid], value)
                _add_detail(contributions, stages, made, entry[0], scorer.stage)
    answer_sums = (sums[0], sums[1], sums[2])
    points, low, high = dict(sums[0]), dict(sums[1]), dict(sums[2])

    rules = questionnaire.rules
    plan = questionnaire.rule_plan
    if base is not None and changed is not None:
        moved: set[str] = set(changed)
        if facts is not base.facts:
            moved.update(
                k for k in base.facts.keys() | facts.keys() if not _same_answer(base.facts.get(k), facts.get(k))
            )
        comparisons, holding = plan.after_change(values, moved, base.comparisons, base.holding)
        missing = plan.missing_after_change(values, moved, base.missing)
    else:
        comparisons = plan.comparisons_holding(values)
        holding = plan.rules_holding(comparisons)
        missing = plan.missing(values)
    held = set(holding)
    # The attainable range counts every rule that holds or could: whose answers are all given.
    plan.add_range(held, missing, low, high)
    planned_rules = plan.rules
    rule_details = plan.details
    for i in holding:
        gains = planned_rules[i].gains
        for option, gained in gains:
            points[option] += gained
        if detail:
            if rules[i].why_facts:  # quotes facts, which change with the answers: not kept
                made = _rule_detail(rules[i], gains, rules[i].why_with(values))
            else:
                made = rule_details[i]
                if made is None:
                    made = rule_details[i] = _rule_detail(rules[i], gains, rules[i].why)
            _add_detail(contributions, stages, made, gains, rules[i].stage or RULES_STAGE)

    excluded = [(option, c) for c in questionnaire.constraints if c.when.holds(values) for option in c.excludes]
    return _Tally(
        shown=shown,
        effective=effective,
        facts=facts,
        answer_sums=answer_sums,
        points=points,
        low=low,
        high=high,
        stages=stages,
        contributions=contributions,
        comparisons=comparisons,
        holding=holding,
        missing=missing,
        excluded=excluded,
    )


def _same_answer(a: Value | None, b: Value | None) -> bool:
    return a == b and type(a) is type(b)


def _fact_inputs(providers: tuple[FactProvider, ...], questionnaire: Questionnaire) -> frozenset[str]:
    """The answers any provider's facts depend on (all questions when a provider does not say)."""
    inputs: set[str] = set()
    for provider in providers:
        inputs_for = getattr(provider, "inputs_for", None)
        declared = inputs_for(questionnaire) if inputs_for is not None else getattr(provider, "inputs", None)
        if declared is None:
            return frozenset(questionnaire.question_index)
        inputs |= declared
    return frozenset(inputs)


def _add_detail(
    contributions: list[Contribution],
    stages: dict[str, dict[str, float]],
    made: tuple[Contribution, ...],
    gains: tuple[tuple[str, float], ...],
    stage: str,
) -> None:
    """Add one answer's or rule's contributions, and its gains to each option's subtotal for the stage
    (the contributions are these gains, one each, in this order)."""
    contributions.extend(made)
    for option, gain in gains:
        subtotals = stages[option]
        subtotals[stage] = subtotals.get(stage, 0.0) + gain


def _answer_detail(question: Question, stage: Stage, value: Value) -> tuple[Contribution, ...]:
    """The contributions of one answer: one per option its effects give points to (the scorer's gains)."""
    made = []
    parts: list[tuple[Effects, str, str | None]]
    if isinstance(question, MultiQuestion) and isinstance(value, tuple):
        # Each selected choice earns its own effects: say which one gave the points.
        parts = [(c.effects, c.why, c.value) for c in map(question.choice, value) if c is not None]
    else:
        parts = [(effects, why, None) for effects, why in question.effects_of(value)]
    for effects, why, choice in parts:
        for option, gain in effects.items():
            if gain * stage.weight:
                made.append(_contribution("question", question.id, stage.id, value, option, gain * stage.weight, why,
                                          choice))
    return tuple(made)


def _rule_detail(rule: Rule, gains: tuple[tuple[str, float], ...], why: str) -> tuple[Contribution, ...]:
    return tuple(
        _contribution("rule", rule.id, rule.stage or RULES_STAGE, None, option, gained, why)
        for option, gained in gains
    )


def _contribution(
    source: str, sid: str, stage: str, answer: Value | None, option: str, gained: float, why: str,
    choice: str | None = None,
) -> Contribution:
    return Contribution.model_validate(
        {"source": source, "id": sid, "stage": stage, "answer": answer, "choice": choice, "option": option,
         "points": _r(gained), "why": why}
    )


def _scale(tally: _Tally) -> dict[str, float]:
    """Every option's points on one 0–100 scale (see the module docstring)."""
    # One scale for every option, from the fewest points any option could get to the most any
    # could get: the ranking is then the ranking by points, and the bars compare like with like.
    floor, ceiling = round(min(tally.low.values()), 6), round(max(tally.high.values()), 6)
    if ceiling - floor <= 1e-9:
        return dict.fromkeys(tally.points, 50.0)
    return {
        o: round(min(100.0, max(0.0, 100.0 * (round(p, 6) - floor) / (ceiling - floor))), 1)
        for o, p in tally.points.items()
    }


def _winner(questionnaire: Questionnaire, tally: _Tally, scores: Mapping[str, float]) -> list[str]:
    """Options not excluded, best first; ties go to the option listed first."""
    out = {option for option, _ in tally.excluded}
    order = questionnaire.option_ids
    # Points are rounded for the comparison so that sums reached in another order (sensitivity
    # adds and subtracts one answer) rank exactly like sums made from scratch.
    return sorted(
        (o for o in order if o not in out), key=lambda o: (-scores[o], -round(tally.points[o], 6), order.index(o))
    )


def _evaluate_valid(
    questionnaire: Questionnaire,
    valid: Mapping[str, Value],
    providers: tuple[FactProvider, ...],
    problems: list[Problem] | None = None,
) -> Evaluation:
    problems = list(problems or [])
    tally = _tally(questionnaire, valid, providers, detail=True)
    shown, effective = tally.shown, tally.effective
    index = questionnaire.question_index
    for qid in valid:
        if qid not in effective:
            problems.append(
                Problem(
                    severity="note",
                    code="not_shown",
                    question=qid,
                    message=f'answer to "{qid}" ignored: the question is not shown for these answers',
                )
            )
    refused = {p.question for p in problems if p.severity == "error"}
    for qid in shown:
        if index[qid].required and qid not in effective and qid not in refused:
            problems.append(
                Problem.of_question("error", "unanswered", qid, "is required but not answered")
            )

    exclusions = tuple(
        Exclusion.model_construct(option=option, constraint=c.id, reason=c.reason, source=c.source)
        for option, c in tally.excluded
    )
    excluded = {e.option for e in exclusions}
    scale = _scale(tally)
    scores = {
        option: OptionScore.model_construct(
            option=option,
            points=_r(tally.points[option]),
            min_points=_r(tally.low[option]),
            max_points=_r(tally.high[option]),
            score=scale[option],
            excluded=option in excluded,
            stages={k: _r(v) for k, v in tally.stages[option].items()},
        )
        for option in questionnaire.option_ids
    }
    answered = len(effective)
    ranked = _winner(questionnaire, tally, scale)
    recommended, margin, confidence, reason = _recommend(questionnaire, ranked, scale, answered, len(shown))
    result = Result.model_validate(
        {
            "recommended": recommended,
            "confidence": confidence,
            "confidence_reason": reason,
            "margin": margin,
            "answered": answered,
            "shown": len(shown),
            "scores": scores,
            "excluded": exclusions,
            "contributions": tally.contributions,
            "facts": tally.facts,
            "problems": tuple(problems),
        }
    )
    return Evaluation(result=result, visible=shown, answers=effective)


CONFIDENCE_ORDER: tuple[Confidence, ...] = ("none", "low", "medium", "high")


def _recommend(
    questionnaire: Questionnaire, ranked: list[str], scale: Mapping[str, float], answered: int, shown: int
) -> tuple[str | None, float | None, Confidence, str]:
    if not ranked:
        return None, None, "none", "every option is excluded by a hard limit"
    best = ranked[0]
    if len(ranked) == 1:
        return best, None, "high", "every other option is excluded by a hard limit"
    margin = round(scale[best] - scale[ranked[1]], 1)
    cfg = questionnaire.scoring
    level: Confidence
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
    return best, margin, level, reason


#: The most alternative answers sensitivity tries for one evaluation. Each trial re-scores the
#: answers, so without a cap the work grows with the square of the questionnaire's size (100,000
#: answered questions, or one number question with 20,000 bands, took minutes). Trials go nearest
#: first: every question's nearest alternative, then every question's second nearest, and so on.
MAX_SENSITIVITY_TRIALS = 2000


def _sensitivity(
    questionnaire: Questionnaire, base: Evaluation, valid: Mapping[str, Value], providers: tuple[FactProvider, ...]
) -> tuple[tuple[Sensitivity, ...], bool]:
    """For each answered question, the alternative answers that would change the recommendation,
    and whether the budget cut the search short (`MAX_SENSITIVITY_TRIALS`).

    Each alternative is tried with every other answer kept as given (answers to hidden questions
    included, since a changed answer may show them). For numbers, one value is tried in each range
    the bands and the conditions' thresholds cut the scale into, the nearest to the answer first;
    with fact providers (whose facts move continuously, like costs) a few multiples of the answer too.
    """
    current = base.result.recommended
    thresholds = _numeric_thresholds(questionnaire)
    start = _tally(questionnaire, valid, providers, detail=False)
    continuous = _fact_inputs(providers, questionnaire) if providers else frozenset()
    budget = MAX_SENSITIVITY_TRIALS
    candidates: list[tuple[str, Value, list[Value]]] = []
    for qid, value in base.answers.items():
        question = questionnaire.question_index[qid]
        found = _alternatives(question, value, thresholds.get(qid, ()), ladder=qid in continuous, limit=budget + 1)
        candidates.append((qid, value, found))
    cut = sum(len(found) for _, _, found in candidates) > budget
    hits: dict[str, list[Sensitivity]] = {}
    seen_outcomes: dict[str, set[str | None]] = {}
    trial = dict(valid)
    tried = 0
    rank = 0
    while tried < budget:
        row = [(qid, value, found[rank]) for qid, value, found in candidates if rank < len(found)]
        if not row:
            break
        for qid, value, alternative in row[: budget - tried]:
            tried += 1
            had = qid in trial
            saved = trial.get(qid)
            trial[qid] = alternative
            tally = _tally(questionnaire, trial, providers, detail=False, base=start, only=qid)
            if had:
                trial[qid] = saved  # type: ignore[assignment]
            else:
                del trial[qid]
            ranked = _winner(questionnaire, tally, _scale(tally))
            outcome = ranked[0] if ranked else None
            seen = seen_outcomes.setdefault(qid, set())
            if outcome != current and outcome not in seen:
                seen.add(outcome)
                hits.setdefault(qid, []).append(
                    Sensitivity(question=qid, current=value, alternative=alternative, recommended=outcome))
        rank += 1
    # In the order of the answers, each question's alternatives nearest first, as before the budget.
    items = [item for qid, _, _ in candidates for item in hits.get(qid, ())]
    return tuple(items), cut




def _numeric_thresholds(questionnaire: Questionnaire) -> dict[str, tuple[Threshold, ...]]:
    """Every (operator, number) a rule, constraint or condition compares a question with."""
    found: dict[str, set[Threshold]] = {}
    conditions = [r.when for r in questionnaire.rules] + [c.when for c in questionnaire.constraints]
    conditions += [q.when for q in questionnaire.questions if q.when is not None]
    for condition in conditions:
        for comparison in condition.comparisons():
            if comparison.question is not None and comparison.operator in COMPARE:
                found.setdefault(comparison.question, set()).add((comparison.operator, float(comparison.operand)))
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _alternatives(question: Question, value: Value, thresholds: tuple[Threshold, ...], *, ladder: bool,
                  limit: int = MAX_SENSITIVITY_TRIALS) -> list[Value]:
    """Alternative answers worth trying (at most `limit` of a number's), nearest first for numbers."""
    return question.alternatives(value, thresholds, ladder=ladder, limit=limit)


def _r(x: float) -> float:
    """Round points to three decimals so that records hold no float noise."""
    # Most points are whole or in eighths (halves, quarters): exactly three decimals or fewer
    # already, so `round`, slow for floats, would give back the same number.
    rounded = x if (x * 8) % 1 == 0 else round(x, 3)
    return 0.0 if rounded == 0 else rounded
