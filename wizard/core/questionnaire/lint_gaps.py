"""Logic a questionnaire can get wrong while every value in it is valid, for `lint`.

- comparisons that cannot hold together: `peak_rps gte 10000` and `peak_rps lt 5000` in one `all`,
  two different `equals`, an `in` and a `not_in` that leave no value;
- a condition that needs the answer of a question its own other comparisons hide;
- a number question whose accepted values fall in no band (a gap, or the max itself when the last
  band ends at it: a band's `max` is exclusive), and bands wholly outside the question's range;
- a choice, band or boolean outcome with effects but no `why`;
- "did you mean": the closest known name to a misspelt one.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence

from wizard.core.questionnaire.conditions import AllOf, Comparison, Condition, is_number
from wizard.core.questionnaire.question_base import Band, Choice, num
from wizard.core.questionnaire.question_kinds import NumberQuestion, Question


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean "x"?)` for the closest known name, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def conjuncts(condition: Condition | None) -> list[Comparison]:
    """The comparisons that must all hold for the condition to hold (nested `all` flattened; an `any`
    or a `not` says nothing certain and is left out)."""
    if isinstance(condition, Comparison):
        return [condition]
    if isinstance(condition, AllOf):
        return [c for part in condition.all for c in conjuncts(part)]
    return []


def conflict(comparisons: Sequence[Comparison]) -> str | None:
    """Why these comparisons cannot all hold at once, in words, or None when they may."""
    by_key: dict[str, list[Comparison]] = {}
    for c in comparisons:
        by_key.setdefault(c.key, []).append(c)
    for key, group in by_key.items():
        found = _key_conflict(key, group)
        if found:
            return found
    return None


def _key_conflict(key: str, group: list[Comparison]) -> str | None:
    unanswered = next((c for c in group if c.operator == "answered" and c.operand is False), None)
    needs_answer = next((c for c in group if not (c.operator == "answered" and c.operand is False)), None)
    if unanswered is not None and needs_answer is not None:
        return f"{unanswered.describe()} and {needs_answer.describe()} cannot both hold"
    low: tuple[float, bool, Comparison] | None = None  # (bound, inclusive, comparison)
    high: tuple[float, bool, Comparison] | None = None
    allowed: set[object] | None = None
    allowed_by: list[Comparison] = []
    excluded: set[object] = set()
    for c in group:
        op, x = c.operator, c.operand
        if op in ("gt", "gte", "lt", "lte") or (op == "equals" and is_number(x)):
            bound = float(x)
            if op in ("gt", "gte", "equals") and (low is None or bound > low[0] or (bound == low[0] and op == "gt")):
                low = (bound, op != "gt", c)
            if op in ("lt", "lte", "equals") and (high is None or bound < high[0] or (bound == high[0] and op == "lt")):
                high = (bound, op != "lt", c)
        if op in ("equals", "in"):
            values = {x} if op == "equals" else set(x)
            allowed = values if allowed is None else allowed & values
            allowed_by.append(c)
        elif op == "not_in":
            excluded |= set(x)
    if low is not None and high is not None:
        if low[0] > high[0] or (low[0] == high[0] and not (low[1] and high[1])):
            return f"{low[2].describe()} and {high[2].describe()} cannot both hold"
    if allowed is not None:
        left = allowed - excluded
        if not left:
            named = " and ".join(c.describe() for c in allowed_by)
            extra = " with its not_in" if excluded and allowed else ""
            return f"no answer to {key} fits {named}{extra}"
    return None


def hidden_need(comparisons: Sequence[Comparison], index: Mapping[str, Question]) -> str | None:
    """Why a condition whose comparisons must all hold needs a question that those same comparisons
    hide: `q2` is shown only when `q1 = x`, and the condition also wants `q1 = y`."""
    for c in comparisons:
        if c.question is None or (c.operator == "answered" and c.operand is False):
            continue
        question = index.get(c.question)
        if question is None or question.when is None:
            continue
        shown_when = conjuncts(question.when)
        if shown_when and conflict([*comparisons, *shown_when]) and not conflict(comparisons):
            reason = conflict([*comparisons, *shown_when])
            return (f'it needs an answer to "{question.id}", which is shown only when '
                    f"{' and '.join(w.describe() for w in shown_when)}; but {reason}")
    return None


def band_gaps(q: NumberQuestion) -> Iterator[tuple[str, str]]:
    """(where under the question, message) for accepted values in no band and bands outside the range."""
    if not q.bands:
        return
    lo = -math.inf if q.min is None else q.min
    hi = math.inf if q.max is None else q.max
    unit = f" {q.unit}" if q.unit else ""
    for i, band in enumerate(q.bands):
        if (band.min is not None and band.min > hi) or (band.max is not None and band.max <= lo):
            yield f"bands[{i}]", (f'band "{band.describe()}" lies outside the accepted range '
                                  f"({_range(q)}): no answer can fall in it")
    reach, reach_open = lo, False  # answers from `reach` up are not covered yet
    for band in sorted(q.bands, key=lambda b: -math.inf if b.min is None else b.min):
        start = -math.inf if band.min is None else band.min
        if start > reach and start > lo and reach <= hi and _has_value(q, reach, min(start, hi)):
            yield "bands", f"{_span(reach, min(start, hi), unit)} fall in no band and score nothing{_unless_meant}"
        end = math.inf if band.max is None else band.max
        if end > reach:
            reach, reach_open = end, True
    if reach_open and reach == hi and math.isfinite(hi):
        yield "bands", (f"the answer {num(hi)}{unit} (the question's max) falls in no band: a band's max is "
                        f"exclusive; leave the last band's max out, or set it above {num(hi)}")
    elif reach < hi and _has_value(q, reach, hi):
        top = f"answers of {num(reach)}{unit} and above" if math.isinf(hi) else _span(reach, hi, unit, closed=True)
        yield "bands", f"{top} fall in no band and score nothing{_unless_meant}"


_unless_meant = " (add a band without effects if that is meant, or set the question's min and max)"


def _span(start: float, end: float, unit: str, *, closed: bool = False) -> str:
    """`answers from 10 up to 20 requests` (20 itself left out unless `closed`), or `answers below 0`."""
    if math.isinf(start):
        return f"answers below {num(end)}{unit}"
    return f"answers from {num(start)} up to {'and including ' if closed else ''}{num(end)}{unit}"


def _has_value(q: NumberQuestion, start: float, end: float) -> bool:
    """Whether [start, end) holds an accepted value (a whole number, for an integer question)."""
    if start >= end:
        return False
    return not q.integer or math.isinf(start) or math.ceil(start) < end


def _range(q: NumberQuestion) -> str:
    low = "no min" if q.min is None else f"min {num(q.min)}"
    high = "no max" if q.max is None else f"max {num(q.max)}"
    return f"{low}, {high}"


def missing_whys(q: Question) -> Iterator[tuple[str, str]]:
    """(where under the question, message) for each choice, band or outcome with effects but no why."""
    choice_at: dict[str, int] = {}
    band_at: dict[int, int] = {}
    for i, choice in enumerate(getattr(q, "choices", ())):
        choice_at[choice.value] = i
    for i, band in enumerate(getattr(q, "bands", ())):
        band_at[id(band)] = i
    for effects, part in q.effect_tables():
        if not any(effects.values()):
            continue
        if isinstance(part, Choice):
            if not part.why.strip():
                yield f"choices[{choice_at[part.value]}]", (f'choice "{part.value}" gives points but has no why: '
                                                            "say why it moves the options")
        elif isinstance(part, Band):
            if not part.why.strip():
                yield f"bands[{band_at[id(part)]}]", (f'band "{part.describe()}" gives points but has no why: '
                                                      "say why it moves the options")
        else:
            outcome = getattr(q, part)
            if not outcome.why.strip():
                yield part, f"{part} gives points but has no why: say why it moves the options"
