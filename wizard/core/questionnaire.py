"""The questionnaire file format: options, stages, questions, rules and constraints.

A questionnaire is data. Its models validate everything the engine relies on (unique ids, effects
that name real options, bands that do not overlap, defaults that fit their question), so the
engine itself never has to check a file again.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, Strict, model_validator

from wizard.core.conditions import Condition, Predicate, Value, is_number
from wizard.core.errors import shown
from wizard.core.scoring_plan import AnswerScorer, RulePlan
from wizard.core.tomlio import parse_toml, read_bytes, validate

#: A fact quoted in a rule's why: `{cost.lambda_monthly_usd}` (fact names carry a dot; nothing else is
#: substituted, and nothing is evaluated).
FACT_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\}")
ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
QUESTION_ID_PATTERN = r"^[a-z][a-z0-9_]*$"

#: A number in a questionnaire file: TOML integers and floats, never a string or a boolean
#: (pydantic's lax mode would quietly turn "1.2" into 1.2 and `true` into 1).
Number = Annotated[float, Strict()]
#: Points of an effect and a stage's weight: finite and at most a billion either way, so that no sum
#: of them overflows to infinity or NaN and every score stays a number.
MAX_POINTS = 1e9
Points = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=-MAX_POINTS, le=MAX_POINTS)]
Effects = dict[str, Points]
QuestionKind = Literal["single", "multi", "number", "boolean", "text"]
#: The subtotal the points of rules without a `stage` count under (at weight 1): no stage may take
#: this id, so that a stage's subtotal and theirs never add up under one key.
RULES_SUBTOTAL = "rules"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Option(_Frozen):
    """One of the things being chosen between (the default questionnaire has `lambda` and `ec2`)."""

    id: str = Field(pattern=ID_PATTERN, description="Identifier used in effects and results.")
    label: str = Field(min_length=1, description="Name shown to the user.")
    summary: str = Field("", description="One line on what the option is.")


class Choice(_Frozen):
    """One answer a `single` or `multi` question offers."""

    value: str = Field(min_length=1, description="What is stored in the answers file.")
    label: str = Field(min_length=1, description="What the user sees.")
    effects: Effects = Field(default_factory=dict, description="Points per option id when this choice is selected.")
    why: str = Field("", description="Why this choice moves the options the way it does.")


class Band(_Frozen):
    """A range of a `number` answer, from `min` (inclusive) up to `max` (exclusive)."""

    min: Number | None = Field(None, allow_inf_nan=False, description="Lower bound, inclusive; no bound when left out.")
    max: Number | None = Field(None, allow_inf_nan=False, description="Upper bound, exclusive; no bound when left out.")
    label: str = Field("", description="Short name for the range, e.g. `under 1M requests`.")
    effects: Effects = Field(
        default_factory=dict, description="Points per option id when the answer falls in the band."
    )
    why: str = Field("", description="Why this range moves the options the way it does.")

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"band min ({self.min:g}) must be below its max ({self.max:g})")
        return self

    def contains(self, number: float) -> bool:
        return (self.min is None or number >= self.min) and (self.max is None or number < self.max)

    def describe(self) -> str:
        if self.label:
            return self.label
        if self.min is None and self.max is None:
            return "any value"
        if self.min is None:
            return f"< {self.max:g}"
        if self.max is None:
            return f"≥ {self.min:g}"
        return f"{self.min:g} to {self.max:g}"


class Outcome(_Frozen):
    """Effects of one answer to a `boolean` question."""

    effects: Effects = Field(default_factory=dict, description="Points per option id.")
    why: str = Field("", description="Why this answer moves the options the way it does.")


class Question(_Frozen):
    """A question; `kind` decides which of the other fields apply."""

    id: str = Field(pattern=QUESTION_ID_PATTERN, description="Identifier used in answers files and conditions.")
    kind: QuestionKind = Field(description="single, multi, number, boolean or text (recorded, never scored).")
    prompt: str = Field(min_length=1, description="The question as asked.")
    help: str = Field("", description="Why this matters; shown beside the question.")
    default: Value | None = Field(None, description="Pre-filled answer in the wizard; not an answer until accepted.")
    required: StrictBool = Field(False, description="Whether the question must be answered when it is shown.")
    when: Condition | None = Field(None, description="Show the question only when this condition holds.")
    choices: tuple[Choice, ...] = Field((), description="For single and multi: the answers offered.")
    unit: str | None = Field(None, description="For number: the unit shown after the value.")
    min: Number | None = Field(None, description="For number: smallest accepted value.")
    max: Number | None = Field(None, description="For number: largest accepted value.")
    integer: StrictBool = Field(False, description="For number: only whole numbers are accepted.")
    bands: tuple[Band, ...] = Field((), description="For number: ranges with their effects.")
    if_true: Outcome | None = Field(None, description="For boolean: effects of `true`.")
    if_false: Outcome | None = Field(None, description="For boolean: effects of `false`.")
    max_length: StrictInt | None = Field(None, ge=1, description="For text: longest answer accepted.")

    @model_validator(mode="after")
    def _fits_kind(self) -> Question:
        kind = self.kind
        if kind in ("single", "multi"):
            if len(self.choices) < 2:
                raise ValueError(f"a {kind} question offers at least two choices")
            values = [c.value for c in self.choices]
            dup = _first_duplicate(values)
            if dup:
                raise ValueError(f'choice value "{shown(dup)}" appears twice')
        elif self.choices:
            raise ValueError(f"`choices` belong to single and multi questions, not {kind}")
        if kind != "number" and (
            self.bands or self.unit is not None or self.min is not None or self.max is not None or self.integer
        ):
            raise ValueError(f"`unit`, `min`, `max`, `integer` and `bands` belong to number questions, not {kind}")
        if kind != "boolean" and (self.if_true or self.if_false):
            raise ValueError(f"`if_true` and `if_false` belong to boolean questions, not {kind}")
        if kind != "text" and self.max_length is not None:
            raise ValueError(f"`max_length` belongs to text questions, not {kind}")
        if kind == "number":
            self._check_number_fields()
        if self.default is not None:
            problem = self.check_value(self.default)
            if problem:
                raise ValueError(f"default: {problem}")
        return self

    def _check_number_fields(self) -> None:
        for name in ("min", "max"):
            bound = getattr(self, name)
            if bound is not None and not math.isfinite(bound):
                raise ValueError(f"`{name}` must be a finite number")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is above max ({self.max:g})")
        ordered = sorted(self.bands, key=lambda b: -math.inf if b.min is None else b.min)
        for before, after in itertools.pairwise(ordered):
            if before.max is None or after.min is None or after.min < before.max:
                raise ValueError(f'bands "{shown(before.describe())}" and "{shown(after.describe())}" overlap')

    @cached_property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice(self, value: str) -> Choice | None:
        for c in self.choices:
            if c.value == value:
                return c
        return None

    def band_for(self, number: float) -> Band | None:
        for band in self.bands:
            if band.contains(number):
                return band
        return None

    def check_value(self, value: object) -> str | None:
        """Why `value` is not an acceptable answer to this question, or None when it is."""
        kind = self.kind
        if kind == "single":
            if not isinstance(value, str):
                return f"expected one of {_list(self.choice_values)}, got {_type(value)}"
            if value not in self.choice_values:
                return f'"{shown(value)}" is not a choice (choose one of {_list(self.choice_values)})'
        elif kind == "multi":
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                return f"expected a list of choices from {_list(self.choice_values)}, got {_type(value)}"
            for v in value:
                if v not in self.choice_values:
                    return f'"{shown(v)}" is not a choice (choose from {_list(self.choice_values)})'
            dup = _first_duplicate(list(value))
            if dup:
                return f'"{shown(dup)}" is selected twice'
        elif kind == "number":
            if not is_number(value):
                return f"expected a number, got {_type(value)}"
            try:
                number = float(value)  # type: ignore[arg-type]
            except OverflowError:  # an integer of hundreds of digits
                return "expected a finite number, got one too large to compute with"
            if not math.isfinite(number):
                return "expected a finite number"
            if self.integer and not number.is_integer():
                return f"{_num(number)} is not a whole number"
            unit = f" {self.unit}" if self.unit else ""
            if self.min is not None and number < self.min:
                return f"{_num(number)}{unit} is below the minimum of {_num(self.min)}{unit}"
            if self.max is not None and number > self.max:
                return f"{_num(number)}{unit} is above the maximum of {_num(self.max)}{unit}"
        elif kind == "boolean":
            if not isinstance(value, bool):
                return f"expected true or false, got {_type(value)}"
        elif kind == "text":
            if not isinstance(value, str):
                return f"expected text, got {_type(value)}"
            if self.max_length is not None and len(value) > self.max_length:
                return f"text is longer than {self.max_length} characters"
        return None

    @cached_property
    def attainable(self) -> dict[str, tuple[float, float]]:
        """Fewest and most points one answer to this question can give each option it names (before weight)."""
        if self.kind == "multi":
            named = {o for c in self.choices for o in c.effects}
            return {
                o: (
                    sum(min(0.0, c.effects.get(o, 0.0)) for c in self.choices),
                    sum(max(0.0, c.effects.get(o, 0.0)) for c in self.choices),
                )
                for o in sorted(named)
            }
        outcomes = self.effect_outcomes()
        named = {o for e in outcomes for o in e}
        return {o: (min(e.get(o, 0.0) for e in outcomes), max(e.get(o, 0.0) for e in outcomes)) for o in sorted(named)}

    def effect_outcomes(self) -> list[Effects]:
        """Every set of effects one answer can have, for the attainable score range."""
        if self.kind == "single":
            return [c.effects for c in self.choices]
        if self.kind == "boolean":
            return [(self.if_true or Outcome()).effects, (self.if_false or Outcome()).effects]
        if self.kind == "number":
            outcomes = [b.effects for b in self.bands]
            if not self._bands_cover_range():
                outcomes.append({})
            return outcomes
        return []

    def _bands_cover_range(self) -> bool:
        lo = -math.inf if self.min is None else self.min
        hi = math.inf if self.max is None else self.max
        ordered = sorted(self.bands, key=lambda b: -math.inf if b.min is None else b.min)
        reach = lo
        for band in ordered:
            start = -math.inf if band.min is None else band.min
            if start > reach:
                return False
            end = math.inf if band.max is None else band.max
            reach = max(reach, end)
            if reach > hi:
                return True
        return reach > hi or (reach == hi == math.inf)


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
        for what, ids in (
            ("option id", [o.id for o in self.options]),
            ("stage id", [s.id for s in self.stages]),
            ("question id", [q.id for q in self.questions]),
            ("rule id", [r.id for r in self.rules]),
            ("constraint id", [c.id for c in self.constraints]),
        ):
            dup = _first_duplicate(ids)
            if dup:
                raise ValueError(f'{what} "{shown(dup)}" appears twice')
        if any(s.id == RULES_SUBTOTAL for s in self.stages):
            raise ValueError(f'stage id "{RULES_SUBTOTAL}" is reserved: the points of rules without a stage '
                             f'count under it (give the stage another id)')
        options = {o.id for o in self.options}
        stages = {s.id for s in self.stages}
        for effects, owner, part in self._all_effects():
            for option in effects:
                if option not in options:
                    raise ValueError(
                        f'{_effects_place(owner, part)}: effects name unknown option "{shown(option)}" '
                        f"(options: {_list(sorted(options))})"
                    )
        for rule in self.rules:
            if rule.stage is not None and rule.stage not in stages:
                raise ValueError(f'rule "{shown(rule.id)}": unknown stage "{shown(rule.stage)}"')
        for constraint in self.constraints:
            for option in constraint.excludes:
                if option not in options:
                    raise ValueError(f'constraint "{shown(constraint.id)}": excludes unknown option "{shown(option)}"')
        return self

    def _all_effects(self) -> Iterator[tuple[Effects, Question | Rule, Choice | Band | str | None]]:
        """Every table of effects, with the question or rule it belongs to and which part of it."""
        for q in self.questions:
            for c in q.choices:
                yield c.effects, q, c
            for b in q.bands:
                yield b.effects, q, b
            for name in ("if_true", "if_false"):
                outcome = getattr(q, name)
                if outcome is not None:
                    yield outcome.effects, q, name
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


def _num(x: float) -> str:
    """A number as people write it: 100,000,000 rather than 1e+08, 2.5 rather than 2.50000."""
    return f"{int(x):,}" if float(x).is_integer() and abs(x) < 1e18 else f"{x:,.6g}"


def _effects_place(owner: Question | Rule, part: Choice | Band | str | None) -> str:
    """Where a table of effects is, for an error message (worked out only when there is an error)."""
    if isinstance(owner, Rule):
        return f'rule "{shown(owner.id)}"'
    if isinstance(part, Choice):
        return f'question "{shown(owner.id)}", choice "{shown(part.value)}"'
    if isinstance(part, Band):
        return f'question "{shown(owner.id)}", band "{shown(part.describe())}"'
    return f'question "{shown(owner.id)}", {part}'


def _first_duplicate(items: list[str]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


def _list(values: tuple[str, ...] | list[str], most: int = 8) -> str:
    listed = ", ".join(f'"{shown(v)}"' for v in values[:most])
    return listed + (f" and {len(values) - most} more" if len(values) > most else "")


def _type(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'text "{shown(value, 40)}"'
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if is_number(value):
        return f"the number {shown(value, 24)}"
    return type(value).__name__
