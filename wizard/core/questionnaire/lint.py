"""`wizard check`: what a questionnaire's schema alone cannot catch.

- conditions that name unknown questions, facts or choices, or compare with the wrong kind of value;
- a question's condition that looks at a later question (it would always see it unanswered);
- questions that can never be shown (their condition cannot hold);
- options that no answer or rule can move;
- rules and constraints that can never apply;
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
from wizard.core.questionnaire.model import NumberQuestion, Question, Questionnaire


@dataclass(frozen=True)
class Finding:
    severity: Literal["error", "warning"]
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def lint(questionnaire: Questionnaire, known_facts: Mapping[str, str] | None = None) -> list[Finding]:
    facts = dict(known_facts or {})
    findings: list[Finding] = []
    index = questionnaire.question_index
    position = {q.id: i for i, q in enumerate(questionnaire.questions)}
    unreachable: set[str] = set()

    for stage in questionnaire.stages:
        for q in stage.questions:
            where = f'stages[id="{stage.id}"].questions[id="{q.id}"]'
            if not q.help.strip():
                findings.append(Finding("warning", where, "no help text: say why this question matters"))
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
            findings.extend(_check_condition(q.when, f"{where}.when", index, facts))
            if not _satisfiable(q.when, index, unreachable, position[q.id], position):
                unreachable.add(q.id)
                findings.append(Finding("error", where, "can never be shown: its condition cannot hold"))

    for rule in questionnaire.rules:
        where = f'rules[id="{rule.id}"]'
        findings.extend(_check_condition(rule.when, f"{where}.when", index, facts))
        if not _satisfiable(rule.when, index, unreachable, len(position), position):
            findings.append(Finding("error", where, "can never apply: its condition cannot hold"))
    for constraint in questionnaire.constraints:
        where = f'constraints[id="{constraint.id}"]'
        findings.extend(_check_condition(constraint.when, f"{where}.when", index, facts))
        if not _satisfiable(constraint.when, index, unreachable, len(position), position):
            findings.append(Finding("error", where, "can never apply: its condition cannot hold"))

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
    condition: Condition, where: str, index: Mapping[str, Question], facts: Mapping[str, str]
) -> Iterator[Finding]:
    for c in condition.comparisons():
        if c.fact is not None:
            if c.fact not in facts:
                known = ", ".join(sorted(facts)) or "none"
                yield Finding("error", where, f'unknown fact "{c.fact}" (known facts: {known})')
            continue
        question = index.get(c.question or "")
        if question is None:
            yield Finding("error", where, f'unknown question "{c.question}"')
            continue
        problem = _comparison_problem(c, question)
        if problem:
            yield Finding("error", where, problem)


def _comparison_problem(c: Comparison, q: Question) -> str | None:
    return q.comparison_problem(c.operator, c.operand)


def _satisfiable(
    condition: Condition, index: Mapping[str, Question], unreachable: set[str], here: int, position: Mapping[str, int]
) -> bool:
    """False only when the condition certainly cannot hold (a sound, not complete, check)."""
    if isinstance(condition, AllOf):
        if not all(_satisfiable(c, index, unreachable, here, position) for c in condition.all):
            return False
        return not _conflicting_equals(condition)
    if isinstance(condition, AnyOf):
        return any(_satisfiable(c, index, unreachable, here, position) for c in condition.any)
    if isinstance(condition, NotOf):
        return True
    c = condition
    if c.fact is not None:
        return True
    q = index.get(c.question or "")
    if q is None:
        return False
    never_answered = c.question in unreachable or position[q.id] >= here
    if c.operator == "answered":
        return not (c.answered and never_answered)
    if never_answered:
        return False
    return q.can_hold(c.operator, c.operand)


def _conflicting_equals(condition: AllOf) -> bool:
    wanted: dict[str, object] = {}
    for c in condition.all:
        if isinstance(c, Comparison) and c.equals is not None:
            if c.key in wanted and wanted[c.key] != c.equals:
                return True
            wanted[c.key] = c.equals
    return False


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
