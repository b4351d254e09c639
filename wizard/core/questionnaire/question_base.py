"""What every question has, and the parts its kinds are made of: choices, bands and outcomes.

The kinds themselves, one model each, are in `question_kinds`; this module holds their common base
(the fields every question has, the check of its default, the calls every kind answers) and the
helpers their messages share.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    model_validator,
)

from wizard.core.frozen_model import FrozenModel
from wizard.core.questionnaire.conditions import Condition, Value, is_number
from wizard.core.errors import shown

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
KINDS: tuple[QuestionKind, ...] = ("single", "multi", "number", "boolean", "text")
#: A comparison a condition makes with a number question: (operator, number).
Threshold = tuple[str, float]
COMPARE = {"gt": float.__gt__, "gte": float.__ge__, "lt": float.__lt__, "lte": float.__le__}
#: The fields only some kinds have, and the message that names the kinds they belong to.
_OWN_FIELDS: tuple[tuple[tuple[str, ...], tuple[QuestionKind, ...], str], ...] = (
    (("choices",), ("single", "multi"), "`choices` belong to single and multi questions"),
    (("unit", "min", "max", "integer", "bands"), ("number",),
     "`unit`, `min`, `max`, `integer` and `bands` belong to number questions"),
    (("if_true", "if_false"), ("boolean",), "`if_true` and `if_false` belong to boolean questions"),
    (("max_length",), ("text",), "`max_length` belongs to text questions"),
)


def _given(value: Any) -> bool:
    """A field set to something (`min = 0` is; an empty list and `integer = false` are not)."""
    return value is not None and value is not False and not (isinstance(value, (list, tuple)) and not value)


class _Frozen(FrozenModel):
    model_config = ConfigDict(populate_by_name=True)


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


#: Where a table of effects sits in its question: a choice, a band, or "if_true"/"if_false".
EffectsPart = Choice | Band | str


class QuestionBase(_Frozen):
    """What every kind of question has; the kinds below add their own fields and rules."""

    id: str = Field(pattern=QUESTION_ID_PATTERN, description="Identifier used in answers files and conditions.")
    prompt: str = Field(min_length=1, description="The question as asked.")
    help: str = Field("", description="Why this matters; shown beside the question.")
    default: Value | None = Field(None, description="Pre-filled answer in the wizard; not an answer until accepted.")
    required: StrictBool = Field(False, description="Whether the question must be answered when it is shown.")
    when: Condition | None = Field(None, description="Show the question only when this condition holds.")

    @model_validator(mode="before")
    @classmethod
    def _only_own_fields(cls, data: Any) -> Any:
        """A field of another kind is named with the kinds it belongs to, not as an unknown key."""
        if isinstance(data, Mapping):
            kind = data.get("kind")
            for names, kinds, message in _OWN_FIELDS:
                if kind not in kinds and any(_given(data.get(n)) for n in names):
                    raise ValueError(f"{message}, not {kind}")
        return data

    @model_validator(mode="after")
    def _default_fits(self) -> QuestionBase:
        if self.default is not None:
            problem = self.check_value(self.default)
            if problem:
                raise ValueError(f"default: {problem}")
        return self

    @property
    def choice_values(self) -> tuple[str, ...]:
        """The values a single or multi question offers (none for other kinds)."""
        return ()

    def choice(self, value: str) -> Choice | None:
        """The choice stored as `value` (None for a kind without choices)."""
        return None

    def check_value(self, value: object) -> str | None:
        """Why `value` is not an acceptable answer to this question, or None when it is."""
        raise NotImplementedError

    def effects_of(self, value: Value) -> list[tuple[Effects, str]]:
        """The effects a (valid) answer earns, each with its why."""
        return []

    def effect_tables(self) -> Iterator[tuple[Effects, EffectsPart]]:
        """Every table of effects in the question, with the part it belongs to."""
        return iter(())

    def whys(self) -> list[str]:
        """The question's help and the why of each of its effects: the text lint reads."""
        return [self.help]

    def effect_outcomes(self) -> list[Effects]:
        """Every set of effects one answer can have, for the attainable score range."""
        return []

    @cached_property
    def attainable(self) -> dict[str, tuple[float, float]]:
        """Fewest and most points one answer to this question can give each option it names (before weight)."""
        outcomes = self.effect_outcomes()
        named = {o for e in outcomes for o in e}
        return {o: (min(e.get(o, 0.0) for e in outcomes), max(e.get(o, 0.0) for e in outcomes)) for o in sorted(named)}

    def alternatives(self, value: Value, thresholds: tuple[Threshold, ...], *, ladder: bool,
                     limit: int) -> list[Value]:
        """Other answers worth trying in the sensitivity analysis (at most `limit` of them for a number)."""
        return []

    def comparison_problem(self, operator: str, operand: Any) -> str | None:
        """Why a condition's comparison (`operator` with `operand`) can never fit this question, or None."""
        kind = getattr(self, "kind", "")
        if operator == "answered":
            return None
        if operator in COMPARE:
            return f'"{self.id}" is a {kind} question: `{operator}` compares numbers'
        if operator == "includes":
            return f'"{self.id}" is a {kind} question: `includes` is for multi questions'
        for value in operand if isinstance(operand, tuple) else (operand,):
            problem = self.operand_problem(value)
            if problem:
                return problem
        return None

    def can_hold(self, operator: str, operand: Any) -> bool:
        """Whether a comparison can hold for some accepted answer to this question."""
        return self.comparison_problem(operator, operand) is None

    def operand_problem(self, value: object) -> str | None:
        """Why `equals` or `in` with `value` can never hold for this question, or None."""
        return None

    def typed(self, text: str) -> Value:
        """Text typed for this question (`--set id=text`) as an answer; text it cannot read stays text,
        so that `check_value` says what is wrong with it."""
        return text


class Unitless:
    """For the kinds without a unit: every question has `unit`, the one shown after an answer."""

    __slots__ = ()

    @property
    def unit(self) -> str | None:
        return None


def num(x: float) -> str:
    """A number as people write it: 100,000,000 rather than 1e+08, 2.5 rather than 2.50000."""
    return f"{int(x):,}" if float(x).is_integer() and abs(x) < 1e18 else f"{x:,.6g}"


def first_duplicate(items: list[str]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


def quoted_list(values: tuple[str, ...] | list[str], most: int = 8) -> str:
    listed = ", ".join(f'"{shown(v)}"' for v in values[:most])
    return listed + (f" and {len(values) - most} more" if len(values) > most else "")


def type_of(value: object) -> str:
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


