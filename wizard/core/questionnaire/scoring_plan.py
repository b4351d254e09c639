"""What scoring needs of a questionnaire, worked out once: each answer's weighted points, and the rules
compiled to set operations.

Scoring runs on every answer change, and a large questionnaire has thousands of rules whose
conditions share a few thousand comparisons (`traffic = "spiky"`, `peak_rps > 1000`). So an
evaluation first finds the comparisons that hold, once each: every comparison on one answer is
decided together, and remembered for that answer's value. A rule is then one set operation on those
comparisons: an `all` of comparisons holds when its comparisons are a subset of them, an `any` when
it meets them, a `not` when it does not; deeper nesting is a small function of the same set.

Each comparison is decided by its own `test`, with the semantics of `conditions`, so a rule holds
here exactly when its condition `holds`; `tests/test_scoring_plan.py` checks that on generated
questionnaires and answers.

Its size: the comparisons, their compiled tests and the rule plan form one hot path whose
parts share private tables; `tests/test_scoring_plan.py` checks it against `conditions` as a whole.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from wizard.core.questionnaire.conditions import AllOf, AnyOf, Comparison, Condition, NotOf, Value
from wizard.core.questionnaire.question_base import Band, Choice, Effects, EffectsPart


class ScoredQuestion(Protocol):
    """What scoring reads of a question (every kind in `question_kinds` fits): this module does not
    import `questionnaire`, which builds its plan from here."""

    @property
    def kind(self) -> str: ...

    @property
    def attainable(self) -> dict[str, tuple[float, float]]: ...

    def effect_tables(self) -> Iterator[tuple[Effects, EffectsPart]]: ...


Gains = tuple[tuple[str, float], ...]
#: The comparisons (by number) that hold for one set of answers and facts.
Holding = set[int]
#: How a rule's condition is decided from the comparisons that hold: all of these hold, at least one
#: of these holds, none of these holds, or a function of the set for deeper nesting.
ALL, ANY, NONE, NESTED = range(4)
#: How many values of one answer a key remembers the comparisons of (numbers take any value).
MEMO_LIMIT = 256
#: Points are "exact" when each is a whole number of 2^-EXACT_BITS and all of them together stay under
#: 2^(53 - EXACT_BITS): every sum of them is then a double with no rounding, in any order.
EXACT_BITS = 20
#: Booleans are remembered under keys of their own: True and 1 are equal in a dict, not in a condition.
_BOOLEAN_KEYS = {True: object(), False: object()}


@dataclass(frozen=True, slots=True)
class PlannedRule:
    """One rule with what scoring needs of it, precomputed."""

    #: The answers and facts the condition looks at.
    keys: frozenset[str]
    #: Points per option after the stage weight, in the order of the rule's effects.
    gains: Gains
    #: The negative and the positive gains: what the rule can take from and add to each option's range.
    losses: Gains
    wins: Gains


class _KeyComparisons:
    """Every comparison on one answer (or fact), and which of them hold for each value seen so far."""

    __slots__ = ("comparisons", "memo")

    def __init__(self) -> None:
        self.comparisons: list[tuple[int, Comparison]] = []
        self.memo: dict[Any, frozenset[int]] = {}

    def holding(self, value: Value) -> frozenset[int]:
        key = _BOOLEAN_KEYS[value] if type(value) is bool else value
        found = self.memo.get(key)
        if found is None:
            found = frozenset(
                n for n, c in self.comparisons if (c.answered is True) or (c.answered is None and c.test(value))
            )
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            self.memo[key] = found
        return found


class RulePlan:
    """Every rule of a questionnaire, in order, compiled to operations on the comparisons that hold."""

    def __init__(self, conditions: tuple[Condition, ...], rules: tuple[PlannedRule, ...], *, exact: bool) -> None:
        self.rules = rules
        self.exact = exact
        #: Each rule's contributions, filled in by the engine the first time the rule holds (they
        #: are frozen models, the same on every evaluation, so every evaluation shares them).
        self.details: list[Any] = [None] * len(rules)
        self._numbers: dict[tuple[str, str, str], int] = {}
        self._by_key: dict[str, _KeyComparisons] = {}
        #: Comparisons that hold when their answer is not given (`answered = false`), by answer.
        self._when_absent: dict[str, set[int]] = {}
        compiled: tuple[list[tuple[int, Any]], ...] = ([], [], [], [])
        each: list[tuple[int, Any]] = []
        for i, condition in enumerate(conditions):
            kind, arg = self._compile(condition)
            compiled[kind].append((i, arg))
            each.append((kind, arg))
        self._compiled = tuple(tuple(c) for c in compiled)
        self._each = tuple(each)
        # Each key a rule looks at as one bit, so that "are all of this rule's answers given" is one
        # integer operation (the attainable range counts the rules that could hold).
        bits = {key: 1 << n for n, key in enumerate(sorted({k for r in rules for k in r.keys}))}
        self._bits = bits
        self._masks: tuple[int, ...] = tuple(sum(bits[k] for k in r.keys) for r in rules)
        touching: dict[str, list[int]] = {}
        for i, r in enumerate(rules):
            for k in r.keys:
                touching.setdefault(k, []).append(i)
        self._touching = {k: tuple(ids) for k, ids in touching.items()}
        self._all_losses: dict[str, float] = {}
        self._all_wins: dict[str, float] = {}
        for r in rules:
            for option, lost in r.losses:
                self._all_losses[option] = self._all_losses.get(option, 0.0) + lost
            for option, won in r.wins:
                self._all_wins[option] = self._all_wins.get(option, 0.0) + won

    @classmethod
    def build(
        cls, conditions: tuple[Condition, ...], gains: tuple[Gains, ...], other_points: Iterable[float] = ()
    ) -> RulePlan:
        """The plan of these rules; `other_points` are every other number scores add up (the answers')."""
        rules = tuple(
            PlannedRule(
                keys=frozenset(c.key for c in condition.comparisons()),
                gains=rule_gains,
                losses=tuple((o, g) for o, g in rule_gains if g < 0),
                wins=tuple((o, g) for o, g in rule_gains if g > 0),
            )
            for condition, rule_gains in zip(conditions, gains, strict=True)
        )
        every = [g for rule_gains in gains for _, g in rule_gains]
        every.extend(other_points)
        return cls(conditions, rules, exact=exact(every))

    def _number(self, comparison: Comparison) -> int:
        # Comparisons that read the same key the same way are one: `repr` keeps `true` apart from 1,
        # which are equal (and so one dict key) in Python.
        same = (comparison.key, comparison.operator, repr(comparison.operand))
        n = self._numbers.get(same)
        if n is None:
            n = self._numbers[same] = len(self._numbers)
            self._by_key.setdefault(comparison.key, _KeyComparisons()).comparisons.append((n, comparison))
            if comparison.answered is False:
                self._when_absent.setdefault(comparison.key, set()).add(n)
        return n

    def _compile(self, condition: Condition) -> tuple[int, Any]:
        if isinstance(condition, Comparison):
            return ALL, frozenset((self._number(condition),))
        if isinstance(condition, AllOf) and all(isinstance(c, Comparison) for c in condition.all):
            return ALL, frozenset(self._number(c) for c in condition.all)  # type: ignore[arg-type]
        if isinstance(condition, AnyOf) and all(isinstance(c, Comparison) for c in condition.any):
            return ANY, frozenset(self._number(c) for c in condition.any)  # type: ignore[arg-type]
        if isinstance(condition, NotOf):
            inner = condition.not_
            if isinstance(inner, Comparison):
                return NONE, frozenset((self._number(inner),))
            if isinstance(inner, AnyOf) and all(isinstance(c, Comparison) for c in inner.any):
                return NONE, frozenset(self._number(c) for c in inner.any)  # type: ignore[arg-type]
        return NESTED, self._function(condition)

    def _numbers_of(self, condition: Condition) -> frozenset[int] | None:
        """The numbers of a comparison, or of an `all` or `any` of comparisons only; None for anything else."""
        if isinstance(condition, Comparison):
            return frozenset((self._number(condition),))
        parts = (
            condition.all if isinstance(condition, AllOf) else condition.any if isinstance(condition, AnyOf) else None
        )
        if parts is None or not all(isinstance(c, Comparison) for c in parts):
            return None
        return frozenset(self._number(c) for c in parts)  # type: ignore[arg-type]

    def _function(self, condition: Condition) -> Callable[[Holding], bool]:
        """A condition nested deeper than one level, as a function of the comparisons that hold.

        Parts that are comparisons (or a `not`, `any` or `all` of comparisons) become set operations;
        only what is nested deeper still becomes a function of its own.
        """
        if isinstance(condition, Comparison):
            n = self._number(condition)
            return lambda held: n in held
        if isinstance(condition, NotOf):
            inner = condition.not_
            numbers = self._numbers_of(inner)
            if numbers is not None and not isinstance(inner, AllOf):
                return numbers.isdisjoint  # not (a or b): neither holds
            if numbers is not None:
                return lambda held: not numbers <= held
            function = self._function(inner)
            return lambda held: not function(held)
        if isinstance(condition, AllOf):
            return self._all_function(condition.all)
        return self._any_function(condition.any)

    def _all_function(self, parts: tuple[Condition, ...]) -> Callable[[Holding], bool]:
        required: set[int] = set()  # comparisons that must hold
        forbidden: set[int] = set()  # comparisons that must not hold
        groups: list[frozenset[int]] = []  # groups of comparisons of which one must hold
        rest: list[Callable[[Holding], bool]] = []
        for part in parts:
            numbers = self._numbers_of(part)
            if isinstance(part, NotOf) and isinstance(part.not_, (Comparison, AnyOf)):
                inner = self._numbers_of(part.not_)
                if inner is not None:
                    forbidden |= inner
                    continue
            if numbers is None:
                rest.append(self._function(part))
            elif isinstance(part, AnyOf):
                groups.append(numbers)
            else:
                required |= numbers
        must, must_not, one_of, others = frozenset(required), frozenset(forbidden), tuple(groups), tuple(rest)

        def holds(held: Holding) -> bool:
            if not must <= held or not must_not.isdisjoint(held):
                return False
            for group in one_of:
                if group.isdisjoint(held):
                    return False
            for function in others:
                if not function(held):
                    return False
            return True

        return holds

    def _any_function(self, parts: tuple[Condition, ...]) -> Callable[[Holding], bool]:
        either: set[int] = set()  # comparisons of which one is enough
        absent: set[int] = set()  # comparisons of which one not holding is enough
        together: list[frozenset[int]] = []  # groups of comparisons that are enough together
        rest: list[Callable[[Holding], bool]] = []
        for part in parts:
            numbers = self._numbers_of(part)
            if isinstance(part, NotOf) and isinstance(part.not_, Comparison):
                absent.add(self._number(part.not_))
            elif numbers is None:
                rest.append(self._function(part))
            elif isinstance(part, AllOf):
                together.append(numbers)
            else:
                either |= numbers
        some, lacking, groups, others = frozenset(either), tuple(absent), tuple(together), tuple(rest)

        def holds(held: Holding) -> bool:
            if not some.isdisjoint(held):
                return True
            for n in lacking:
                if n not in held:
                    return True
            for group in groups:
                if group <= held:
                    return True
            for function in others:
                if function(held):
                    return True
            return False

        return holds

    def comparisons_holding(self, values: Mapping[str, Value]) -> Holding:
        """The numbers of the comparisons that hold for these answers and facts."""
        held: Holding = set()
        by_key = self._by_key
        for key, value in values.items():
            on_key = by_key.get(key)
            if on_key is not None:
                held.update(on_key.holding(value))
        for key, numbers in self._when_absent.items():
            if key not in values:
                held.update(numbers)
        return held

    def holding(self, values: Mapping[str, Value]) -> list[int]:
        """The positions of the rules whose condition holds for these answers and facts, in order."""
        return self.rules_holding(self.comparisons_holding(values))

    def rules_holding(self, held: Holding) -> list[int]:
        """The positions of the rules that hold when these comparisons do, in order."""
        every, some, none, nested = self._compiled
        out = [i for i, numbers in every if numbers <= held]
        out += [i for i, numbers in some if not numbers.isdisjoint(held)]
        out += [i for i, numbers in none if numbers.isdisjoint(held)]
        out += [i for i, function in nested if function(held)]
        out.sort()
        return out

    def after_change(
        self, values: Mapping[str, Value], changed: Iterable[str], held: Holding, holding: list[int]
    ) -> tuple[Holding, list[int]]:
        """The comparisons and rules that hold once the answers or facts named in `changed` became
        those of `values`, from those (`held`, `holding`) that held before: only the comparisons on
        those keys, and the rules that look at them, are decided again."""
        held = set(held)
        again: set[int] = set()
        for key in changed:
            on_key = self._by_key.get(key)
            if on_key is not None:
                held.difference_update(n for n, _ in on_key.comparisons)
                value = values.get(key)
                held.update(on_key.holding(value) if value is not None else self._when_absent.get(key, ()))
            again.update(self._touching.get(key, ()))
        if not again:
            return held, holding
        out = [i for i in holding if i not in again]
        for i in again:
            kind, arg = self._each[i]
            if kind == ALL:
                holds = arg <= held
            elif kind == ANY:
                holds = not arg.isdisjoint(held)
            elif kind == NONE:
                holds = arg.isdisjoint(held)
            else:
                holds = arg(held)
            if holds:
                out.append(i)
        out.sort()
        return held, out

    def missing(self, values: Mapping[str, Value]) -> frozenset[str]:
        """The answers and facts that rules look at and that these values do not give."""
        return frozenset(key for key in self._touching if key not in values)

    def missing_after_change(self, values: Mapping[str, Value], changed: Iterable[str], missing: frozenset[str]
                             ) -> frozenset[str]:
        """`missing` once the answers or facts named in `changed` became those of `values`."""
        given = {k for k in changed if k in values}
        lost = {k for k in changed if k not in values and k in self._touching}
        return missing - given | lost if given or lost else missing

    def add_range(self, held: set[int], missing: frozenset[str], low: dict[str, float], high: dict[str, float]) -> None:
        """Add what each rule that holds or could hold (none of its answers is `missing`) can take
        from (`low`) and give (`high`) each option, in rule order.

        With exact points, the sum of every rule less those that cannot count is the same number,
        and looks only at the rules of the answers not given.
        """
        rules = self.rules
        if self.exact:
            out: set[int] = set()
            touching = self._touching
            for key in missing:
                out.update(touching[key])
            out -= held
            for option, lost in self._all_losses.items():
                low[option] += lost
            for option, won in self._all_wins.items():
                high[option] += won
            for i in out:
                for option, lost in rules[i].losses:
                    low[option] -= lost
                for option, won in rules[i].wins:
                    high[option] -= won
            return
        bits = self._bits
        absent = 0
        for key in missing:
            absent |= bits[key]
        for i, mask in enumerate(self._masks):
            if mask & absent and i not in held:
                continue
            for option, lost in rules[i].losses:
                low[option] += lost
            for option, won in rules[i].wins:
                high[option] += won


def exact(points: Iterable[float]) -> bool:
    """Whether every sum of these points is exact in floating point, whatever the order (see EXACT_BITS)."""
    scale = float(2**EXACT_BITS)
    total = 0.0
    for p in points:
        if not (p * scale).is_integer():
            return False
        total += abs(p)
    return total < 2.0 ** (53 - EXACT_BITS)


def _weighted(effects: Mapping[str, float], weight: float) -> Gains:
    return tuple((option, gain * weight) for option, gain in effects.items() if gain * weight)


class AnswerScorer:
    """One question's points after its stage's weight: its range per option, and the points of an answer."""

    __slots__ = ("bounds", "memo", "stage", "_numeric", "_by_choice", "_bands", "_if_true", "_if_false", "_kind",
                 "_starts")

    def __init__(self, question: ScoredQuestion, stage: str, weight: float) -> None:
        self._kind = question.kind
        self._numeric = question.kind == "number"
        self.stage = stage
        #: For the answers given so far, by `key`: [their gains, their contributions once the engine
        #: has made them]. Both are the same on every evaluation, so every evaluation shares them.
        self.memo: dict[Any, list[Any]] = {}
        #: (option, fewest, most) points one answer can give, after the weight.
        self.bounds: tuple[tuple[str, float, float], ...] = tuple(
            (option, lo * weight, hi * weight) for option, (lo, hi) in question.attainable.items()
        )
        by_choice: dict[str, Gains] = {}
        bands: list[tuple[Band, Gains]] = []
        outcomes: dict[str, Gains] = {}
        for effects, part in question.effect_tables():
            if isinstance(part, Choice):
                by_choice.setdefault(part.value, _weighted(effects, weight))
            elif isinstance(part, Band):
                bands.append((part, _weighted(effects, weight)))
            else:
                outcomes[part] = _weighted(effects, weight)
        self._by_choice = by_choice
        # By lower bound: bands never overlap (the questionnaire is checked for it), so the band of a
        # number is found by bisection, not by a scan (a question may have thousands of bands).
        self._bands: tuple[tuple[Band, Gains], ...] = tuple(
            sorted(bands, key=lambda bg: -math.inf if bg[0].min is None else bg[0].min))
        self._starts = [-math.inf if b.min is None else b.min for b, _ in self._bands]
        self._if_true = outcomes.get("if_true", ())
        self._if_false = outcomes.get("if_false", ())

    def points(self) -> Iterator[float]:
        """Every number an answer to this question can add, after the weight."""
        for gains in (*self._by_choice.values(), *(g for _, g in self._bands), self._if_true, self._if_false):
            for _, gain in gains:
                yield gain

    def key(self, value: Value) -> Any:
        """What `memo` files an answer under, equal only for the same answer of the same type.

        A number goes by its text (1 and 1.0 are written differently) and a boolean by a key of its own
        (True equals 1 in Python): so an answer found in `memo` is one the engine has already accepted.
        """
        if self._numeric:
            return repr(value)
        return _BOOLEAN_KEYS[value] if type(value) is bool else value

    def remember(self, value: Value) -> list[Any]:
        """The memo entry of an answer not seen before (a question keeps those of a few hundred)."""
        if self._kind == "text":
            # Text scores nothing and can be long (the app scores it on every keystroke): not kept.
            return [(), ()]
        if len(self.memo) >= MEMO_LIMIT:
            self.memo.clear()
        entry = self.memo[self.key(value)] = [self.gains(value), None]
        return entry

    def gains(self, value: Value) -> Gains:
        """The points this (valid) answer gives each option, in the order of the effects that give them."""
        kind = self._kind
        if kind == "single":
            return self._by_choice.get(value, ())  # type: ignore[arg-type]
        if kind == "multi":
            by_choice = self._by_choice
            return tuple(gain for v in value for gain in by_choice.get(v, ()))  # type: ignore[union-attr]
        if kind == "boolean":
            return self._if_true if value else self._if_false
        if kind == "number":
            number = float(value)  # type: ignore[arg-type]
            at = bisect.bisect_right(self._starts, number) - 1
            if at >= 0 and self._bands[at][0].contains(number):
                return self._bands[at][1]
        return ()
