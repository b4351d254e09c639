"""`wizard check`: what a questionnaire's schema alone cannot catch.

- conditions that name unknown questions, facts or choices, or compare with the wrong kind of value;
- a question's condition that looks at a later question (it would always see it unanswered);
- questions that can never be shown, rules and constraints that can never apply (their condition
  cannot hold: a number out of range, comparisons that contradict each other, a question that the
  condition's own other comparisons hide), each with the reason;
- an `in` listing every choice (it only asks "answered?") and a `not_in` listing every choice (never holds);
- a `cost.*` fact compared in a questionnaire that names no pricing file;
- number answers that fall in no band (a gap, or the max when the last band ends at it), bands outside
  the question's range, and choices, bands or outcomes with effects but no why;
- options that no answer or rule can move;
- questions without help text;
- a size that makes scoring slow (many questions and rules, or a number question with many bands);
- figures (prices, limits, measurements) stated in help or whys without a source URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from wizard.core.questionnaire.conditions import AllOf, AnyOf, Comparison, Condition, NotOf
from wizard.core.questionnaire.lint_gaps import (
    band_gaps,
    conflict,
    conjuncts,
    did_you_mean,
    hidden_need,
    missing_whys,
)
from wizard.core.questionnaire.model import NumberQuestion, Question, Questionnaire, SingleQuestion


@dataclass(frozen=True)
class Finding:
    severity: Literal["error", "warning"]
    where: str
    message: str
    #: The line of `where` in the file (1-based), when known (see `files.toml_lines`).
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def lint(questionnaire: Questionnaire, known_facts: Mapping[str, str] | None = None, *,
         has_pricing: bool | None = None) -> list[Finding]:
    """Every finding, in file order within each kind. `has_pricing`: whether cost facts can be computed
    (default: whether the questionnaire names a pricing file)."""
    facts = dict(known_facts or {})
    priced = questionnaire.pricing is not None if has_pricing is None else has_pricing
    findings: list[Finding] = []
    index = questionnaire.question_index
    position = {q.id: i for i, q in enumerate(questionnaire.questions)}
    unreachable: set[str] = set()

    for stage in questionnaire.stages:
        for q in stage.questions:
            where = f'stages[id="{stage.id}"].questions[id="{q.id}"]'
            if not q.help.strip():
                findings.append(Finding("warning", where, "no help text: say why this question matters"))
            if isinstance(q, NumberQuestion):
                findings.extend(Finding("warning", f"{where}.{part}", text) for part, text in band_gaps(q))
            findings.extend(Finding("warning", f"{where}.{part}", text) for part, text in missing_whys(q))
            if q.when is None:
                continue
            for c in q.when.comparisons():
                if c.fact is not None:
                    findings.append(
                        Finding(
                            "error",
                            f"{where}.when",
                            f'"{c.fact}": a question\'s condition can use answers only, not derived facts',
                        )
                    )
                elif c.question in index and position[c.question] >= position[q.id]:
                    findings.append(
                        Finding(
                            "error",
                            f"{where}.when",
                            f'"{c.question}" is asked later (or is this question), so it is always unanswered here',
                        )
                    )
            findings.extend(_check_condition(q.when, f"{where}.when", index, facts, priced))
            why = _never(q.when, index, unreachable, position[q.id], position)
            if why is not None:
                unreachable.add(q.id)
                findings.append(Finding("error", where, f"can never be shown: its condition cannot hold ({why})"))

    for rule in questionnaire.rules:
        where = f'rules[id="{rule.id}"]'
        findings.extend(_check_condition(rule.when, f"{where}.when", index, facts, priced))
        why = _never(rule.when, index, unreachable, len(position), position)
        if why is not None:
            findings.append(Finding("error", where, f"can never apply: its condition cannot hold ({why})"))
    for constraint in questionnaire.constraints:
        where = f'constraints[id="{constraint.id}"]'
        findings.extend(_check_condition(constraint.when, f"{where}.when", index, facts, priced))
        why = _never(constraint.when, index, unreachable, len(position), position)
        if why is not None:
            findings.append(Finding("error", where, f"can never apply: its condition cannot hold ({why})"))

    movable = _movable_options(questionnaire, unreachable)
    for option in questionnaire.options:
        if option.id not in movable:
            findings.append(
                Finding(
                    "error",
                    f'options[id="{option.id}"]',
                    "no answer or rule gives this option any points, so its score cannot move",
                )
            )
    findings += _size_findings(questionnaire)
    findings += _unsourced_figures(questionnaire)
    findings.extend(_check_migrations(questionnaire))
    return findings


#: A figure a reader may want to check: money, a percentage, or a number with a unit of time, size or volume.
FIGURE = re.compile(
    r"\$\s?\d|\d[\d,.]*\s?(%|ms\b|s\b|seconds?\b|minutes?\b|hours?\b|[KMGT]i?B\b|vCPUs?\b|"
    r"million\b|billion\b|requests?/s\b|per (?:million|GB|hour|second)\b)")
SOURCE = re.compile(r"https?://\S+")


def _unsourced_figures(questionnaire: Questionnaire) -> list[Finding]:
    """Warnings for figures with no source: a question whose help or whys state a price or limit with no
    URL among them, and a rule whose why does (a rule quoting computed facts, `{cost.ratio}`, is fine)."""
    out = []
    for stage in questionnaire.stages:
        for q in stage.questions:
            texts = q.whys()
            if any(FIGURE.search(t) for t in texts) and not any(SOURCE.search(t) for t in texts):
                out.append(Finding("warning", f'stages[id="{stage.id}"].questions[id="{q.id}"]',
                                   "states a figure (a price, limit or measurement) but names no source: "
                                   "add the URL it comes from to the help"))
    for rule in questionnaire.rules:
        if FIGURE.search(rule.why) and not SOURCE.search(rule.why):
            out.append(Finding("warning", f'rules[id="{rule.id}"]',
                               "its why states a figure but names no source: add the URL it comes from"))
    return out


#: Questions and rules together past which a score with its sensitivity analysis (up to
#: `SENSITIVITY_BUDGET` evaluations) can take seconds; the bundled questionnaire has under 100.
SLOW_SIZE = 5_000
#: Bands on one number question past which each answer's alternatives crowd the sensitivity budget.
SLOW_BANDS = 200


def _size_findings(questionnaire: Questionnaire) -> list[Finding]:
    """Warnings about a size that makes scoring slow (what `wizard check` can see before anyone waits)."""
    out = []
    questions, rules = len(questionnaire.questions), len(questionnaire.rules) + len(questionnaire.constraints)
    if questions + rules > SLOW_SIZE:
        out.append(Finding("warning", "questionnaire",
                           f"{questions:,} questions and {rules:,} rules and constraints: scoring time grows with "
                           f"their number, and past {SLOW_SIZE:,} a score with its sensitivity analysis can take "
                           f"seconds; split the decision into smaller questionnaires if you can"))
    for stage in questionnaire.stages:
        for q in stage.questions:
            if isinstance(q, NumberQuestion) and len(q.bands) > SLOW_BANDS:
                out.append(Finding("warning", f'stages[id="{stage.id}"].questions[id="{q.id}"].bands',
                                   f"{len(q.bands):,} bands: past {SLOW_BANDS} the sensitivity analysis spends "
                                   f"its budget of alternatives on this one question; merge bands that score alike"))
    return out


def _check_migrations(questionnaire: Questionnaire) -> Iterator[Finding]:
    """Migrations that name question ids or choice values the questionnaire does not have (or still has)."""
    from wizard.core.questionnaire.migrations import version_key

    index = questionnaire.question_index
    for i, m in enumerate(questionnaire.migrations):
        where = f'migrations[{i}] (from_version "{m.from_version}")'
        if version_key(m.from_version) >= version_key(questionnaire.version):
            yield Finding("error", where, f"from_version must be older than the questionnaire's version "
                                          f"{questionnaire.version}, or it would change answers made with it")
        for old, new in m.rename_questions.items():
            if new not in index:
                yield Finding("error", where, f'renames "{old}" to unknown question "{new}"')
            if old in index:
                yield Finding("warning", where, f'renames "{old}", which is still a question: its answers move to '
                                                f'"{new}"')
        for qid, renames in m.rename_choices.items():
            q = index.get(qid)
            if q is None:
                yield Finding("error", where, f'renames choices of unknown question "{qid}"')
                continue
            if q.kind not in ("single", "multi"):
                yield Finding("error", where, f'renames choices of "{qid}", a {q.kind} question')
                continue
            for old, new in renames.items():
                if new not in q.choice_values:
                    yield Finding("error", where, f'"{qid}": renames "{old}" to "{new}", which is not a choice')
        for qid in m.drop_questions:
            if qid in index:
                yield Finding("error", where, f'drops "{qid}", which is still a question')


def _check_condition(
    condition: Condition, where: str, index: Mapping[str, Question], facts: Mapping[str, str], priced: bool = True
) -> Iterator[Finding]:
    for c in condition.comparisons():
        if c.fact is not None:
            if c.fact not in facts:
                known = ", ".join(sorted(facts)) or "none"
                yield Finding("error", where,
                              f'unknown fact "{c.fact}"{did_you_mean(c.fact, facts)} (known facts: {known})')
            elif c.fact.startswith("cost.") and not priced:
                yield Finding("warning", where, f'"{c.fact}" is computed from prices, but the questionnaire names '
                                                "no pricing file: this holds only when one is given with --pricing "
                                                "(add `pricing = \"pricing/....toml\"` at the top)")
            continue
        question = index.get(c.question or "")
        if question is None:
            yield Finding("error", where, f'unknown question "{c.question}"{did_you_mean(c.question or "", index)}')
            continue
        problem = _comparison_problem(c, question)
        if problem:
            yield Finding("error", where, problem + _choice_hint(c, question))
        elif isinstance(question, SingleQuestion) and c.operator in ("in", "not_in") and \
                set(question.choice_values) <= set(c.operand):
            if c.operator == "not_in":
                yield Finding("error", where, f'not_in lists every choice of "{question.id}", so it never holds')
            else:
                yield Finding("warning", where, f'in lists every choice of "{question.id}": it holds for any answer; '
                                                f'write {{ question = "{question.id}", answered = true }} if that '
                                                "is meant")


def _choice_hint(c: Comparison, question: Question) -> str:
    """" (did you mean ...)" for a misspelt choice value in a comparison."""
    values = getattr(question, "choice_values", None)
    if not values:
        return ""
    given = c.operand if isinstance(c.operand, tuple) else (c.operand,)
    for value in given:
        if isinstance(value, str) and value not in values:
            return did_you_mean(value, values)
    return ""


def _comparison_problem(c: Comparison, q: Question) -> str | None:
    return q.comparison_problem(c.operator, c.operand)


def _never(
    condition: Condition, index: Mapping[str, Question], unreachable: set[str], here: int, position: Mapping[str, int]
) -> str | None:
    """Why the condition certainly cannot hold, or None when it may (a sound, not complete, check)."""
    if isinstance(condition, AllOf):
        for part in condition.all:
            why = _never(part, index, unreachable, here, position)
            if why is not None:
                return why
        comparisons = conjuncts(condition)
        return conflict(comparisons) or hidden_need(comparisons, index)
    if isinstance(condition, AnyOf):
        reasons = [_never(c, index, unreachable, here, position) for c in condition.any]
        if all(r is not None for r in reasons):
            return "; ".join(dict.fromkeys(r for r in reasons if r)) or "an empty `any` never holds"
        return None
    if isinstance(condition, NotOf):
        return None
    c = condition
    if c.fact is not None:
        return None
    q = index.get(c.question or "")
    if q is None:
        return f'"{c.question}" is not a question'
    if c.question in unreachable:
        hidden = f'"{q.id}" is never shown'
    elif position[q.id] >= here:
        hidden = f'"{q.id}" is asked later, so it is unanswered here'
    else:
        hidden = ""
    if c.operator == "answered":
        return hidden if c.answered and hidden else None
    if hidden:
        return hidden
    if isinstance(q, SingleQuestion) and c.operator == "not_in" and set(q.choice_values) <= set(c.operand):
        return f'not_in lists every choice of "{q.id}"'
    if not q.can_hold(c.operator, c.operand):
        return f"no accepted answer has {c.describe()}{_range_of(q)}"
    return None


def _range_of(q: Question) -> str:
    if isinstance(q, NumberQuestion) and (q.min is not None or q.max is not None):
        low = "" if q.min is None else f"min {q.min:g}"
        high = "" if q.max is None else f"max {q.max:g}"
        return f" ({', '.join(p for p in (low, high) if p)})"
    return ""


def _movable_options(questionnaire: Questionnaire, unreachable: set[str]) -> set[str]:
    moved: set[str] = set()
    for q in questionnaire.questions:
        if q.id in unreachable:
            continue
        for effects, _ in q.effect_tables():
            moved.update(o for o, p in effects.items() if p)
    for r in questionnaire.rules:
        moved.update(o for o, p in r.effects.items() if p)
    return moved


__all__ = ["Finding", "lint"]
