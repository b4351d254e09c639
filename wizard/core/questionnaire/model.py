"""The questionnaire file format: options, stages, questions, rules and constraints.

A questionnaire is data. Its models validate everything the engine relies on (unique ids, effects
that name real options, bands that do not overlap, defaults that fit their question), so the
engine itself never has to check a file again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from wizard.core.frozen_model import FrozenModel
from wizard.core.questionnaire.conditions import Condition, Predicate, Value
from wizard.core.errors import shown
from wizard.core.questionnaire.question_base import (
    MAX_POINTS,
    QUESTION_ID_PATTERN,
    Band,
    Choice,
    Effects,
    EffectsPart,
    Number,
    Outcome,
    Points,
    QuestionKind,
    first_duplicate,
    quoted_list,
)
from wizard.core.questionnaire.question_kinds import (
    BooleanQuestion,
    MultiQuestion,
    NumberQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
)
from wizard.core.questionnaire.scoring_plan import AnswerScorer, RulePlan
from wizard.core.files.tomlio import parse_toml, read_bytes, validate

#: A fact quoted in a rule's why: `{cost.lambda_monthly_usd}` (fact names carry a dot; nothing else is
#: substituted, and nothing is evaluated).
FACT_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\}")
ID_PATTERN = r"^[a-z][a-z0-9_-]*$"


#: The subtotal the points of rules without a `stage` count under (at weight 1): no stage may take
#: this id, so that a stage's subtotal and theirs never add up under one key.
RULES_SUBTOTAL = "rules"

class _Frozen(FrozenModel):
    model_config = ConfigDict(populate_by_name=True)


class Option(_Frozen):
    """One of the things being chosen between (the default questionnaire has `lambda` and `ec2`)."""

    id: str = Field(pattern=ID_PATTERN, description="Identifier used in effects and results.")
    label: str = Field(min_length=1, description="Name shown to the user.")
    summary: str = Field("", description="One line on what the option is.")


class Stage(_Frozen):
    """A group of questions shown together, with a weight applied to their points."""

    id: str = Field(pattern=ID_PATTERN, description=f'Not "{RULES_SUBTOTAL}": the subtotal of rules without a stage.')
    title: str = Field(min_length=1)
    intro: str = Field("", description="A few lines shown at the top of the stage.")
    weight: Number = Field(
        1.0,
        ge=0,
        le=MAX_POINTS,
        allow_inf_nan=False,
        description="Multiplies the points of this stage's questions and rules.",
    )
    questions: tuple[Question, ...] = Field(min_length=1)


class Rule(_Frozen):
    """Points for a combination of answers (or derived facts) that no single question captures."""

    id: str = Field(pattern=ID_PATTERN)
    when: Condition
    effects: Effects = Field(min_length=1)
    why: str = Field(min_length=1)
    stage: str | None = Field(
        None, description=f"Stage whose weight and subtotal the points count in; without one, weight 1 and the "
        f"`{RULES_SUBTOTAL}` subtotal."
    )

    @cached_property
    def keys(self) -> frozenset[str]:
        """The answers and facts the condition looks at."""
        return frozenset(c.key for c in self.when.comparisons())

    @cached_property
    def why_facts(self) -> tuple[str, ...]:
        """The facts the why quotes, as `{cost.ratio}`: filled in with their values when the rule holds."""
        return tuple(dict.fromkeys(FACT_PLACEHOLDER.findall(self.why)))

    def why_with(self, values: Mapping[str, Value]) -> str:
        """The why with each quoted fact's value (money as $1,234.56); a fact not computed stays as written."""
        if not self.why_facts:
            return self.why

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            found = values.get(name)
            if found is None or isinstance(found, (bool, tuple)):
                return match.group(0)
            if isinstance(found, str):
                return found
            if name.endswith("_usd"):
                return f"${found:,.2f}"
            return f"{found:,.0f}" if abs(found) >= 1000 else f"{found:,.4g}"

        return FACT_PLACEHOLDER.sub(value, self.why)


class Constraint(_Frozen):
    """A hard limit: when the condition holds, the named options are ruled out."""

    id: str = Field(pattern=ID_PATTERN)
    when: Condition
    excludes: tuple[str, ...] = Field(min_length=1)
    reason: str = Field(min_length=1)
    source: str = Field(pattern=r"^https?://\S+$", description="Where the limit is published.")


class Scoring(_Frozen):
    """Thresholds of the confidence label, in points of the 0–100 score between the top two options."""

    high_margin: Number = Field(20.0, ge=0)
    medium_margin: Number = Field(8.0, ge=0)
    min_answered_share: Number = Field(
        0.5, ge=0, le=1, description="Below this share of shown questions answered, confidence drops a level."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Scoring:
        if self.medium_margin > self.high_margin:
            raise ValueError("medium_margin must not exceed high_margin")
        return self


class Migration(_Frozen):
    """What changed in a version, so that older records' answers still fit (see `migrations`)."""

    from_version: str = Field(min_length=1, description="Applies to answers made with this version or an earlier one.")
    rename_questions: dict[str, str] = Field(default_factory=dict, description="Old question id = new question id.")
    rename_choices: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="By the question's (new) id: old choice value = new choice value."
    )
    drop_questions: tuple[str, ...] = Field((), description="Question ids whose answers are left out.")


class Questionnaire(_Frozen):
    """A whole questionnaire file."""

    id: str = Field(pattern=ID_PATTERN)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    pricing: str | None = Field(None, description="Pricing file for derived cost facts, relative to this file.")
    save_placeholder: str = Field(
        "What is being decided", min_length=1, max_length=60,
        description="Shown in the save dialog's empty title field: an example title in the questionnaire's "
        "words (at most 60 characters, so that it fits the field at 80 columns).",
    )
    options: tuple[Option, ...] = Field(min_length=2)
    stages: tuple[Stage, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    scoring: Scoring = Scoring()
    migrations: tuple[Migration, ...] = Field(
        (), description="Renamed question ids and choice values, and dropped questions, by version: applied to "
        "older records' answers by `wizard rescore` and `wizard open`."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        question_places = [f'stage "{shown(s.id)}"' for s in self.stages for _ in s.questions]
        for what, table, ids, places in (
            ("option id", "options", [o.id for o in self.options], None),
            ("stage id", "stages", [s.id for s in self.stages], None),
            ("question id", "stages.questions", [q.id for q in self.questions], question_places),
            ("rule id", "rules", [r.id for r in self.rules], None),
            ("constraint id", "constraints", [c.id for c in self.constraints], None),
        ):
            dup = first_duplicate(ids)
            if dup:
                at = [i for i, x in enumerate(ids) if x == dup][:2]
                where = (f"in {places[at[0]]} and {places[at[1]]}" if places
                         else f"[[{table}]] number {at[0] + 1} and {at[1] + 1}")
                raise ValueError(f'{what} "{shown(dup)}" appears twice ({where})')
        if any(s.id == RULES_SUBTOTAL for s in self.stages):
            raise ValueError(f'stage id "{RULES_SUBTOTAL}" is reserved: the points of rules without a stage '
                             f'count under it (give the stage another id)')
        options = {o.id for o in self.options}
        stages = {s.id for s in self.stages}
        for effects, owner, part in self._all_effects():
            for option in effects:
                if option not in options:
                    raise ValueError(
                        f'{_effects_place(owner, part)}: effects name unknown option "{shown(option)}"'
                        f"{_did_you_mean(option, options)} (options: {quoted_list(sorted(options))})"
                    )
        for rule in self.rules:
            if rule.stage is not None and rule.stage not in stages:
                raise ValueError(f'rule "{shown(rule.id)}": unknown stage "{shown(rule.stage)}"'
                                 f"{_did_you_mean(rule.stage, stages)}")
        for constraint in self.constraints:
            for option in constraint.excludes:
                if option not in options:
                    raise ValueError(f'constraint "{shown(constraint.id)}": excludes unknown option "{shown(option)}"'
                                     f"{_did_you_mean(option, options)}")
        return self

    def _all_effects(self) -> Iterator[tuple[Effects, Question | Rule, EffectsPart | None]]:
        """Every table of effects, with the question or rule it belongs to and which part of it."""
        for q in self.questions:
            for effects, part in q.effect_tables():
                yield effects, q, part
        for r in self.rules:
            yield r.effects, r, None

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question in the order it is asked."""
        return tuple(q for s in self.stages for q in s.questions)

    @cached_property
    def conditions_to_show(self) -> tuple[tuple[str, Predicate | None], ...]:
        """Every question id in order, with the condition that shows it as a function (None: always shown)."""
        return tuple((q.id, None if q.when is None else q.when.predicate) for q in self.questions)

    @cached_property
    def shaping(self) -> frozenset[str]:
        """Questions whose answers a `when` condition looks at (they can show or hide others)."""
        return frozenset(c.key for q in self.questions if q.when is not None for c in q.when.comparisons())

    @cached_property
    def question_index(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def stage_of(self) -> dict[str, Stage]:
        return {q.id: s for s in self.stages for q in s.questions}

    @cached_property
    def stage_index(self) -> dict[str, Stage]:
        return {s.id: s for s in self.stages}

    @cached_property
    def weighted_rules(self) -> tuple[tuple[Rule, tuple[tuple[str, float], ...]], ...]:
        """Every rule with the points it gives each option after the weight of its stage (1 for a rule
        without a stage), in the order of its effects; options it gives no points are left out."""
        out = []
        for rule in self.rules:
            weight = self.stage_index[rule.stage].weight if rule.stage else 1.0
            out.append((rule, tuple((option, gain * weight) for option, gain in rule.effects.items() if gain * weight)))
        return tuple(out)

    @cached_property
    def rule_plan(self) -> RulePlan:
        """The rules arranged for scoring (see `scoring_plan`)."""
        answers = (point for scorer in self.answer_scorers.values() for point in scorer.points())
        return RulePlan.build(tuple(r.when for r in self.rules), tuple(g for _, g in self.weighted_rules), answers)

    @cached_property
    def answer_scorers(self) -> dict[str, AnswerScorer]:
        """Each question's points after its stage's weight, by question id (see `scoring_plan`)."""
        return {q.id: AnswerScorer(q, s.id, s.weight) for s in self.stages for q in s.questions}

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def option(self, option_id: str) -> Option:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)


class LoadedQuestionnaire(BaseModel):
    """A questionnaire together with where it came from and the digest of its bytes."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    questionnaire: Questionnaire
    path: Path
    sha256: str


def load_questionnaire(path: Path | str) -> LoadedQuestionnaire:
    path = Path(path)
    data = read_bytes(path)
    return questionnaire_from_toml(data, parse_toml(data, path), path)


def questionnaire_from_toml(data: bytes, parsed: Mapping[str, Any], path: Path) -> LoadedQuestionnaire:
    """A questionnaire from a file's bytes and their parsed TOML, for a caller that has parsed them already."""
    model = validate(Questionnaire, parsed, path)
    return LoadedQuestionnaire(questionnaire=model, path=path, sha256=hashlib.sha256(data).hexdigest())


def _did_you_mean(word: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return f' (did you mean "{shown(close[0])}"?)' if close else ""


def _effects_place(owner: Question | Rule, part: EffectsPart | None) -> str:
    """Where a table of effects is, for an error message (worked out only when there is an error)."""
    if isinstance(owner, Rule):
        return f'rule "{shown(owner.id)}"'
    if isinstance(part, Choice):
        return f'question "{shown(owner.id)}", choice "{shown(part.value)}"'
    if isinstance(part, Band):
        return f'question "{shown(owner.id)}", band "{shown(part.describe())}"'
    return f'question "{shown(owner.id)}", {part}'


__all__ = [
    "MAX_POINTS", "QUESTION_ID_PATTERN", "Band", "BooleanQuestion", "Choice", "Constraint", "Effects",
    "LoadedQuestionnaire", "Migration", "MultiQuestion", "Number", "NumberQuestion", "Option", "Outcome", "Points",
    "Question", "QuestionKind", "Questionnaire", "Rule", "Scoring", "SingleQuestion", "Stage", "TextQuestion",
    "load_questionnaire", "questionnaire_from_toml",
]
