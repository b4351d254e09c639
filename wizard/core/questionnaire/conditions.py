"""Conditions as plain data: comparisons on one answer, combined with `all`, `any` and `not`.

A condition in a questionnaire file is a TOML table, for example

    when = { question = "longest_run_s", gt = 900 }
    when = { all = [{ question = "traffic", equals = "spiky" }, { question = "team", in = ["none", "small"] }] }
    when = { not = { question = "needs_gpu", equals = true } }
    when = { fact = "cost.ratio", gte = 2.0 }

`question` names an answer, `fact` a derived fact (such as a computed monthly cost). Nothing
here is an expression language: there is no string that is parsed or evaluated.

Semantics for an unanswered question (or a hidden one, or a fact not computed): every comparison
is false except `answered = false`; `not` then turns false into true.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Strict, StrictBool, Tag, model_validator

from wizard.core.frozen_model import FrozenModel

Scalar = bool | int | float | str
#: A number to compare with: a TOML integer or float, never a string or a boolean.
Number = Annotated[float, Strict()]
#: What an answer or a derived fact can hold: a multi-choice answer is a tuple of choice values.
Value = bool | int | float | str | tuple[str, ...]

OPERATORS = ("equals", "in", "not_in", "gt", "gte", "lt", "lte", "answered", "includes")
#: Each operator with the field that holds its operand (`in` is a Python keyword).
_OPERATOR_FIELDS = tuple((name, "in_" if name == "in" else name) for name in OPERATORS)
#: Every key a comparison table can name an operator by (field names and aliases).
_OPERATOR_KEYS = frozenset(OPERATORS) | {"in_"}
_COMPARISON_KEYS = _OPERATOR_KEYS | {"question", "fact"}
#: What a condition is, as a function: given the answers and facts, whether it holds.
Predicate = Callable[[Mapping[str, Value]], bool]


class _Frozen(FrozenModel):
    model_config = ConfigDict(populate_by_name=True)


class Comparison(_Frozen):
    """One comparison on one answer or fact; exactly one operator."""

    question: str | None = Field(None, description="Id of the question whose answer is compared.")
    fact: str | None = Field(
        None, description="Name of a derived fact (e.g. `cost.ratio`) to compare instead of an answer."
    )
    equals: Scalar | None = Field(None, description="True when the answer equals this value.")
    in_: tuple[Scalar, ...] | None = Field(None, alias="in", description="True when the answer is one of these values.")
    not_in: tuple[Scalar, ...] | None = Field(
        None, description="True when the answer is given and is none of these values."
    )
    gt: Number | None = Field(None, description="True when the number is greater than this.")
    gte: Number | None = Field(None, description="True when the number is greater than or equal to this.")
    lt: Number | None = Field(None, description="True when the number is less than this.")
    lte: Number | None = Field(None, description="True when the number is less than or equal to this.")
    answered: StrictBool | None = Field(
        None, description="True when the question is answered (or, with false, when it is not)."
    )
    includes: str | None = Field(None, description="For a multi-choice question: true when this choice is selected.")

    @model_validator(mode="before")
    @classmethod
    def _one_subject_one_operator(cls, data: Any) -> Any:
        # Checked on the table as read (a large questionnaire has tens of thousands of comparisons,
        # and a set operation on its keys is the cheapest look); instances were checked when made.
        if not isinstance(data, dict) or data.keys() - _COMPARISON_KEYS:
            return data  # an unknown key: pydantic names it, which says more than a count would
        if (data.get("question") is None) == (data.get("fact") is None):
            raise ValueError("a comparison names exactly one of `question` or `fact`")
        named = data.keys() & _OPERATOR_KEYS
        if len(named) != 1 or data[next(iter(named))] is None:
            used = [name for name, key in _OPERATOR_FIELDS if data.get(name) is not None or data.get(key) is not None]
            if len(used) != 1:
                found = ", ".join(used) if used else "none"
                raise ValueError(f"a comparison has exactly one operator of {', '.join(OPERATORS)} (found: {found})")
        return data

    @cached_property
    def key(self) -> str:
        return self.question if self.question is not None else self.fact  # type: ignore[return-value]

    @cached_property
    def operator(self) -> str:
        for name in OPERATORS:
            if getattr(self, "in_" if name == "in" else name) is not None:
                return name
        raise AssertionError("validated comparison without operator")

    @property
    def operand(self) -> Any:
        return getattr(self, "in_" if self.operator == "in" else self.operator)

    @cached_property
    def test(self) -> Callable[[Value], bool]:
        """The comparison as a function of an answer that is given (built once, used on every evaluation)."""
        op, x = self.operator, self.operand
        # Choice values are text, the common case: `same` then comes down to "is text, and equal".
        if op == "equals":
            if type(x) is str:
                return lambda v: type(v) is str and v == x
            return lambda v: same(v, x)
        if op in ("in", "not_in") and all(type(item) is str for item in x):
            members = frozenset(x)
            if op == "in":
                return lambda v: type(v) is str and v in members
            return lambda v: not (type(v) is str and v in members)
        if op == "in":
            return lambda v: any(same(v, item) for item in x)
        if op == "not_in":
            return lambda v: not any(same(v, item) for item in x)
        if op == "includes":
            return lambda v: isinstance(v, tuple) and x in v
        compare = {"gt": float.__gt__, "gte": float.__ge__, "lt": float.__lt__, "lte": float.__le__}[op]
        bound = float(x)
        return lambda v: is_number(v) and compare(float(v), bound)  # type: ignore[arg-type]

    @cached_property
    def predicate(self) -> Predicate:
        """`holds` as a function, built once (a questionnaire's rules are evaluated on every answer).

        The common comparisons get a function of their own that reads the answer and compares it in
        one call; they decide exactly as `test` does.
        """
        key, answered = self.key, self.answered
        if answered is not None:
            return lambda values: (values.get(key) is not None) == answered
        op, x = self.operator, self.operand
        if op == "equals" and type(x) is str:
            # Only text equals text: a number, a boolean or a list of choices never does.
            return lambda values: values.get(key) == x
        if op == "equals" and type(x) is bool:
            return lambda values: values.get(key) is x
        if op in ("in", "not_in") and all(type(item) is str for item in x):
            members = frozenset(x)
            if op == "in":

                def is_in(values: Mapping[str, Value]) -> bool:
                    value = values.get(key)
                    return type(value) is str and value in members

                return is_in

            def is_not_in(values: Mapping[str, Value]) -> bool:
                value = values.get(key)
                return value is not None and not (type(value) is str and value in members)

            return is_not_in
        if op in _NUMBER_TESTS:
            return _NUMBER_TESTS[op](key, float(x))
        test = self.test

        def holds(values: Mapping[str, Value]) -> bool:
            value = values.get(key)
            return value is not None and test(value)

        return holds

    def holds(self, values: Mapping[str, Value]) -> bool:
        return self.predicate(values)

    def comparisons(self) -> Iterator[Comparison]:
        yield self

    def describe(self) -> str:
        operand = self.operand
        if isinstance(operand, tuple):
            operand = "[" + ", ".join(_show(v) for v in operand) + "]"
        else:
            operand = _show(operand)
        symbol = {
            "equals": "=",
            "gt": ">",
            "gte": "≥",
            "lt": "<",
            "lte": "≤",
            "in": "in",
            "not_in": "not in",
            "includes": "includes",
            "answered": "answered =",
        }[self.operator]
        return f"{self.key} {symbol} {operand}"


class AllOf(_Frozen):
    """True when every condition in the list holds (an empty list holds)."""

    all: tuple[Condition, ...]

    @cached_property
    def predicate(self) -> Predicate:
        parts = tuple(c.predicate for c in self.all)

        def holds(values: Mapping[str, Value]) -> bool:
            for part in parts:
                if not part(values):
                    return False
            return True

        return holds

    def holds(self, values: Mapping[str, Value]) -> bool:
        return self.predicate(values)

    def comparisons(self) -> Iterator[Comparison]:
        for c in self.all:
            yield from c.comparisons()

    def describe(self) -> str:
        return "(" + " and ".join(c.describe() for c in self.all) + ")"


class AnyOf(_Frozen):
    """True when at least one condition in the list holds."""

    any: tuple[Condition, ...]

    @cached_property
    def predicate(self) -> Predicate:
        parts = tuple(c.predicate for c in self.any)

        def holds(values: Mapping[str, Value]) -> bool:
            for part in parts:
                if part(values):
                    return True
            return False

        return holds

    def holds(self, values: Mapping[str, Value]) -> bool:
        return self.predicate(values)

    def comparisons(self) -> Iterator[Comparison]:
        for c in self.any:
            yield from c.comparisons()

    def describe(self) -> str:
        return "(" + " or ".join(c.describe() for c in self.any) + ")"


class NotOf(_Frozen):
    """True when the condition does not hold."""

    not_: Condition = Field(alias="not")

    @cached_property
    def predicate(self) -> Predicate:
        part = self.not_.predicate
        return lambda values: not part(values)

    def holds(self, values: Mapping[str, Value]) -> bool:
        return self.predicate(values)

    def comparisons(self) -> Iterator[Comparison]:
        yield from self.not_.comparisons()

    def describe(self) -> str:
        return f"not {self.not_.describe()}"


def _condition_tag(data: Any) -> str:
    if not isinstance(data, dict):  # a dict, what a TOML file gives, skips the slower ABC checks
        if isinstance(data, BaseModel):
            return {AllOf: "all-of", AnyOf: "any-of", NotOf: "not-of"}.get(type(data), "comparison")
        if not isinstance(data, Mapping):
            return "comparison"
    if "all" in data:
        return "all-of"
    if "any" in data:
        return "any-of"
    if "not" in data:
        return "not-of"
    return "comparison"


Condition = Annotated[
    Annotated[Comparison, Tag("comparison")]
    | Annotated[AllOf, Tag("all-of")]
    | Annotated[AnyOf, Tag("any-of")]
    | Annotated[NotOf, Tag("not-of")],
    Discriminator(_condition_tag),
]

# AllOf, AnyOf and NotOf refer to `Condition`, defined just above: pydantic resolves it from this
# module when one of them is first used (their validators are built on first use, as every model's).


def _greater(key: str, bound: float) -> Predicate:
    def holds(values: Mapping[str, Value]) -> bool:
        value = values.get(key)
        return value is not None and is_number(value) and float(value) > bound  # type: ignore[arg-type]

    return holds


def _at_least(key: str, bound: float) -> Predicate:
    def holds(values: Mapping[str, Value]) -> bool:
        value = values.get(key)
        return value is not None and is_number(value) and float(value) >= bound  # type: ignore[arg-type]

    return holds


def _less(key: str, bound: float) -> Predicate:
    def holds(values: Mapping[str, Value]) -> bool:
        value = values.get(key)
        return value is not None and is_number(value) and float(value) < bound  # type: ignore[arg-type]

    return holds


def _at_most(key: str, bound: float) -> Predicate:
    def holds(values: Mapping[str, Value]) -> bool:
        value = values.get(key)
        return value is not None and is_number(value) and float(value) <= bound  # type: ignore[arg-type]

    return holds


_NUMBER_TESTS: dict[str, Callable[[str, float], Predicate]] = {
    "gt": _greater,
    "gte": _at_least,
    "lt": _less,
    "lte": _at_most,
}


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def same(a: object, b: object) -> bool:
    """Equality that keeps booleans apart from numbers (TOML `true` is not `1`)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return float(a) == float(b)  # type: ignore[arg-type]
    return type(a) is type(b) and a == b


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
