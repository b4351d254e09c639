"""The five kinds of question, one model each, told apart by `kind` as `Condition`'s kinds are.

    [[stages.questions]]
    id = "requests_per_month"
    kind = "number"            # single, multi, number, boolean or text
    prompt = "How many requests a month?"
    unit = "requests"
    bands = [{ max = 1e6, effects = { lambda = 2 } }]

Each kind holds only its own fields and answers the engine's questions about itself: whether a value
fits (`check_value`), which effects an answer earns (`effects_of`), every set of effects one answer
can have (`effect_outcomes`, hence the attainable points), the answers worth trying instead for the
sensitivity analysis (`alternatives`), which comparisons of a condition can fit it
(`comparison_problem`) and how text typed for it reads (`typed`). The engine, lint, `--set` and the
answer labels ask the question instead of branching on `kind`.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, StrictBool, StrictInt, Tag, model_validator

from wizard.core.questionnaire.conditions import Value, is_number
from wizard.core.errors import shown
from wizard.core.questionnaire.question_base import (
    COMPARE,
    KINDS,
    Band,
    Choice,
    Effects,
    EffectsPart,
    Number,
    Outcome,
    QuestionBase,
    Threshold,
    Unitless,
    first_duplicate,
    num,
    quoted_list,
    type_of,
)

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


class _ChoiceQuestion(Unitless, QuestionBase):
    choices: tuple[Choice, ...] = Field(description="The answers offered.")

    @model_validator(mode="after")
    def _distinct_choices(self) -> _ChoiceQuestion:
        if len(self.choices) < 2:
            raise ValueError(f"a {getattr(self, 'kind', '')} question offers at least two choices")
        dup = first_duplicate([c.value for c in self.choices])
        if dup:
            raise ValueError(f'choice value "{shown(dup)}" appears twice')
        return self

    @cached_property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice(self, value: str) -> Choice | None:
        for c in self.choices:
            if c.value == value:
                return c
        return None

    def effect_tables(self) -> Iterator[tuple[Effects, EffectsPart]]:
        return ((c.effects, c) for c in self.choices)

    def whys(self) -> list[str]:
        return [self.help, *(c.why for c in self.choices)]


class SingleQuestion(_ChoiceQuestion):
    """One answer from a list of choices."""

    kind: Literal["single"] = Field(description="single: one of the choices.")

    def check_value(self, value: object) -> str | None:
        if not isinstance(value, str):
            return f"expected one of {quoted_list(self.choice_values)}, got {type_of(value)}"
        if value not in self.choice_values:
            return f'"{shown(value)}" is not a choice (choose one of {quoted_list(self.choice_values)})'
        return None

    def operand_problem(self, value: object) -> str | None:
        if isinstance(value, str) and value in self.choice_values:
            return None
        return f'{value!r} is not a choice of "{self.id}" (choices: {", ".join(self.choice_values)})'

    def effects_of(self, value: Value) -> list[tuple[Effects, str]]:
        choice = self.choice(value) if isinstance(value, str) else None
        return [(choice.effects, choice.why)] if choice else []

    def effect_outcomes(self) -> list[Effects]:
        return [c.effects for c in self.choices]

    def alternatives(self, value: Value, thresholds: tuple[Threshold, ...], *, ladder: bool,
                     limit: int) -> list[Value]:
        return [c for c in self.choice_values if c != value]


class MultiQuestion(_ChoiceQuestion):
    """Any number of choices from a list; each selected one earns its effects."""

    kind: Literal["multi"] = Field(description="multi: any of the choices.")

    def check_value(self, value: object) -> str | None:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            return f"expected a list of choices from {quoted_list(self.choice_values)}, got {type_of(value)}"
        for v in value:
            if v not in self.choice_values:
                return f'"{shown(v)}" is not a choice (choose from {quoted_list(self.choice_values)})'
        dup = first_duplicate(list(value))
        if dup:
            return f'"{shown(dup)}" is selected twice'
        return None

    def effects_of(self, value: Value) -> list[tuple[Effects, str]]:
        chosen = (self.choice(v) for v in value) if isinstance(value, tuple) else ()
        return [(c.effects, c.why) for c in chosen if c]

    @cached_property
    def attainable(self) -> dict[str, tuple[float, float]]:
        # Choices add up: the fewest points take every negative effect, the most every positive one.
        named = {o for c in self.choices for o in c.effects}
        return {
            o: (
                sum(min(0.0, c.effects.get(o, 0.0)) for c in self.choices),
                sum(max(0.0, c.effects.get(o, 0.0)) for c in self.choices),
            )
            for o in sorted(named)
        }

    def alternatives(self, value: Value, thresholds: tuple[Threshold, ...], *, ladder: bool,
                     limit: int) -> list[Value]:
        """The selection with each choice toggled in turn."""
        selected = tuple(value) if isinstance(value, (list, tuple)) else ()
        return [
            tuple(v for v in selected if v != c) if c in selected
            else tuple(v for v in self.choice_values if v in selected or v == c)
            for c in self.choice_values
        ]

    def typed(self, text: str) -> Value:
        return tuple(part.strip() for part in text.split(",") if part.strip())

    def comparison_problem(self, operator: str, operand: Any) -> str | None:
        if operator == "includes":
            return None if operand in self.choice_values else f'"{operand}" is not a choice of "{self.id}"'
        if operator in ("equals", "in"):
            return f'"{self.id}" is a multi question: use `includes`'
        return super().comparison_problem(operator, operand)


class BooleanQuestion(Unitless, QuestionBase):
    """Yes or no, with the effects of each."""

    kind: Literal["boolean"] = Field(description="boolean: true or false.")
    if_true: Outcome | None = Field(None, description="Effects of `true`.")
    if_false: Outcome | None = Field(None, description="Effects of `false`.")

    def check_value(self, value: object) -> str | None:
        return None if isinstance(value, bool) else f"expected true or false, got {type_of(value)}"

    def effects_of(self, value: Value) -> list[tuple[Effects, str]]:
        outcome = self.if_true if value else self.if_false
        return [(outcome.effects, outcome.why)] if outcome else []

    def effect_tables(self) -> Iterator[tuple[Effects, EffectsPart]]:
        return ((o.effects, name) for name, o in (("if_true", self.if_true), ("if_false", self.if_false)) if o)

    def whys(self) -> list[str]:
        return [self.help, *(o.why for o in (self.if_true, self.if_false) if o is not None)]

    def effect_outcomes(self) -> list[Effects]:
        return [(self.if_true or Outcome()).effects, (self.if_false or Outcome()).effects]

    def alternatives(self, value: Value, thresholds: tuple[Threshold, ...], *, ladder: bool,
                     limit: int) -> list[Value]:
        return [not value]

    def operand_problem(self, value: object) -> str | None:
        return None if isinstance(value, bool) else f'"{self.id}" is a boolean question: compare with true or false'

    def typed(self, text: str) -> Value:
        word = text.strip().lower()
        return True if word in _TRUE else False if word in _FALSE else text


class TextQuestion(Unitless, QuestionBase):
    """Free text, recorded with the decision and never scored."""

    kind: Literal["text"] = Field(description="text: recorded, never scored.")
    max_length: StrictInt | None = Field(None, ge=1, description="Longest answer accepted.")

    def check_value(self, value: object) -> str | None:
        if not isinstance(value, str):
            return f"expected text, got {type_of(value)}"
        if self.max_length is not None and len(value) > self.max_length:
            return f"text is longer than {self.max_length} characters"
        return None

    def operand_problem(self, value: object) -> str | None:
        return None if isinstance(value, str) else f'"{self.id}" is a text question: compare with text'


class NumberQuestion(QuestionBase):
    """A number, with an optional range and bands of effects."""

    kind: Literal["number"] = Field(description="number: a number within `min` and `max`.")
    unit: str | None = Field(None, description="The unit shown after the value.")
    min: Number | None = Field(None, description="Smallest accepted value.")
    max: Number | None = Field(None, description="Largest accepted value.")
    integer: StrictBool = Field(False, description="Only whole numbers are accepted.")
    bands: tuple[Band, ...] = Field((), description="Ranges with their effects.")

    @model_validator(mode="before")
    @classmethod
    def _finite_bounds(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            for name in ("min", "max"):
                bound = data.get(name)
                if is_number(bound) and not math.isfinite(bound):  # type: ignore[arg-type]
                    raise ValueError(f"`{name}` must be a finite number")
        return data

    @model_validator(mode="after")
    def _bands_apart(self) -> NumberQuestion:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is above max ({self.max:g})")
        for before, after in itertools.pairwise(self._ordered_bands):
            if before.max is None or after.min is None or after.min < before.max:
                raise ValueError(f'bands "{shown(before.describe())}" and "{shown(after.describe())}" overlap')
        return self

    @cached_property
    def _ordered_bands(self) -> tuple[Band, ...]:
        return tuple(sorted(self.bands, key=lambda b: -math.inf if b.min is None else b.min))

    def band_for(self, number: float) -> Band | None:
        for band in self.bands:
            if band.contains(number):
                return band
        return None

    def check_value(self, value: object) -> str | None:
        if not is_number(value):
            return f"expected a number, got {type_of(value)}"
        try:
            number = float(value)  # type: ignore[arg-type]
        except OverflowError:  # an integer of hundreds of digits
            return "expected a finite number, got one too large to compute with"
        if not math.isfinite(number):
            return "expected a finite number"
        if self.integer and not number.is_integer():
            return f"{num(number)} is not a whole number"
        unit = f" {self.unit}" if self.unit else ""
        if self.min is not None and number < self.min:
            return f"{num(number)}{unit} is below the minimum of {num(self.min)}{unit}"
        if self.max is not None and number > self.max:
            return f"{num(number)}{unit} is above the maximum of {num(self.max)}{unit}"
        return None

    def effects_of(self, value: Value) -> list[tuple[Effects, str]]:
        band = self.band_for(float(value)) if is_number(value) else None  # type: ignore[arg-type]
        return [(band.effects, band.why)] if band else []

    def effect_tables(self) -> Iterator[tuple[Effects, EffectsPart]]:
        return ((b.effects, b) for b in self.bands)

    def whys(self) -> list[str]:
        return [self.help, *(b.why for b in self.bands)]

    def effect_outcomes(self) -> list[Effects]:
        outcomes = [b.effects for b in self.bands]
        if not self._bands_cover_range():
            outcomes.append({})
        return outcomes

    def _bands_cover_range(self) -> bool:
        lo = -math.inf if self.min is None else self.min
        hi = math.inf if self.max is None else self.max
        reach = lo
        for band in self._ordered_bands:
            start = -math.inf if band.min is None else band.min
            if start > reach:
                return False
            end = math.inf if band.max is None else band.max
            reach = max(reach, end)
            if reach > hi:
                return True
        return reach > hi or (reach == hi == math.inf)

    def comparison_problem(self, operator: str, operand: Any) -> str | None:
        if operator in COMPARE:
            return None
        return super().comparison_problem(operator, operand)

    def can_hold(self, operator: str, operand: Any) -> bool:
        if operator in ("gt", "gte") and self.max is not None:
            return bool(self.max > operand if operator == "gt" else self.max >= operand)
        if operator in ("lt", "lte") and self.min is not None:
            return bool(self.min < operand if operator == "lt" else self.min <= operand)
        return super().can_hold(operator, operand)

    def operand_problem(self, value: object) -> str | None:
        return None if is_number(value) else f'"{self.id}" is a number question: compare with a number'

    def typed(self, text: str) -> Value:
        from wizard.core.numbers import parse_number

        number = parse_number(text)
        return text if number is None else number

    def alternatives(self, value: Value, thresholds: tuple[Threshold, ...], *, ladder: bool,
                     limit: int) -> list[Value]:
        """The nearest number on the far side of each band edge and each threshold a condition compares
        the answer with (and, with `ladder`, a tenth, half, double and ten times the answer), one per
        region of bands and thresholds, nearest first."""
        if not is_number(value):
            return []
        current = float(value)  # type: ignore[arg-type]

        def delta(x: float) -> float:
            if self.integer or (float(x).is_integer() and abs(x) >= 10):
                return 1.0
            return max(abs(x) * 1e-3, 1e-3)

        points: set[float] = set()
        for band in self.bands:
            if band.min is not None:
                points.add(band.min)
            if band.max is not None:
                points.add(band.max - delta(band.max))
        for op, t in thresholds:
            points.update((t, t + delta(t)) if op in ("gt", "lte") else (t - delta(t), t))
        multiples = {current * f for f in (0.1, 0.5, 2.0, 10.0)} if ladder and current else set()
        points |= multiples

        # Bands never overlap (the questionnaire is checked for it): the band holding x is found by
        # bisection, so a question with thousands of bands costs a logarithm per point, not a scan.
        ordered = sorted(enumerate(self.bands), key=lambda ib: -math.inf if ib[1].min is None else ib[1].min)
        starts = [-math.inf if b.min is None else b.min for _, b in ordered]

        def region(x: float) -> tuple[object, ...]:
            at = bisect.bisect_right(starts, x) - 1
            band = ordered[at][0] if at >= 0 and ordered[at][1].contains(x) else -1
            return (band, *(COMPARE[op](x, t) for op, t in thresholds))

        lo = -math.inf if self.min is None else self.min
        hi = math.inf if self.max is None else self.max
        seen = {region(current)}
        out: list[Value] = []
        for p in sorted(points, key=lambda p: (abs(p - current), p)):
            if self.integer:
                p = float(round(p))
            if p == current or not lo <= p <= hi:
                continue
            key = region(p)
            if key in seen and p not in multiples:
                continue
            seen.add(key)
            out.append(int(p) if p.is_integer() else round(p, 6))
            if len(out) >= limit:
                break
        return out


def _kind_tag(data: Any) -> str | None:
    kind = data.get("kind") if isinstance(data, Mapping) else getattr(data, "kind", None)
    return f"{kind}-question" if kind in KINDS else None


#: A question of any kind, read from a file by its `kind` (an unknown or missing kind is reported at
#: `kind`, as any other bad key; see `tomlio.format_error`).
Question = Annotated[
    Annotated[SingleQuestion, Tag("single-question")]
    | Annotated[MultiQuestion, Tag("multi-question")]
    | Annotated[NumberQuestion, Tag("number-question")]
    | Annotated[BooleanQuestion, Tag("boolean-question")]
    | Annotated[TextQuestion, Tag("text-question")],
    Discriminator(_kind_tag, custom_error_type="question_kind", custom_error_message="unknown question kind",
                  custom_error_context={"expected": "'single', 'multi', 'number', 'boolean' or 'text'"}),
]
