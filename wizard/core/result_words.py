"""A result in the words of its first screen: the strongest reasons, the lead, the break-even
sentence, and what would change the answer with the plausible changes first.

Pure functions of a result (and, for the changes, of a way to score other answers); the app styles
what they return.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from wizard.core.conditions import Value
from wizard.core.cost import BREAK_EVEN_HIGH, BREAK_EVEN_LOW, CostEstimate
from wizard.core.questionnaire import Questionnaire
from wizard.core.result import Contribution, Result, Sensitivity

#: A number answer is a plausible change within this factor of the answer given (one order of magnitude).
PLAUSIBLE_FACTOR = 10.0


def strongest_reasons(result: Result, count: int = 3) -> list[Contribution]:
    """The contributions that did most for the recommended option: its gains, largest edge over the
    runner-up first (an answer that gives both the same points decides nothing between them), then
    the largest losses of the options it beat. Only options still in the running (`Result.argued`)."""
    if result.recommended is None:
        return []
    argued = result.argued()
    running = [s.option for s in result.ranking() if not s.excluded and s.option != result.recommended]
    runner_up: dict[str, float] = {}
    for c in argued:
        if running and c.option == running[0]:
            runner_up[c.id] = runner_up.get(c.id, 0.0) + c.points
    gains = [c for c in argued if c.option == result.recommended and c.points > 0]
    ahead = sorted((c for c in gains if c.points > runner_up.get(c.id, 0.0)),
                   key=lambda c: (-(c.points - runner_up.get(c.id, 0.0)), -c.points))
    level = sorted((c for c in gains if c.points <= runner_up.get(c.id, 0.0)), key=lambda c: -c.points)
    against_others = sorted((c for c in argued if c.option != result.recommended and c.points < 0),
                            key=lambda c: c.points)
    return (ahead + against_others + level)[:count]


_CITED = re.compile(r"\s*\(https?://[^\s)]+\)")


def reason_sentence(c: Contribution, option_label: str, *, cited: bool = True) -> str:
    """"Steady traffic keeps an instance busy (+6 for Amazon EC2).": the reason, then its points.

    `cited=False` leaves out the source URLs the why names, for a summary whose full reasons, sources
    included, are shown further down."""
    why = c.why.strip().rstrip(".") or f"{c.source} {c.id}"
    if not cited:
        why = _CITED.sub("", why).strip().rstrip(".")
    return f"{why} ({c.points:+g} for {option_label})."


def lead_sentence(result: Result, label: Callable[[str], str]) -> str:
    """"Amazon EC2 42.3, AWS Lambda 15.0: a lead of 27.3 points of 100.": the scores of the options
    still in the running and, what decides, the lead."""
    ranked = [s for s in result.ranking() if not s.excluded]
    scores = ", ".join(f"{label(s.option)} {s.score:.1f}" for s in ranked)
    if result.margin is None:
        return f"{scores}: the only option left."
    return f"{scores}: a lead of {result.margin:g} points of 100."


def break_even_sentence(cost: CostEstimate) -> str:
    """Which of Lambda and EC2 is cheaper at the workload's volume and where their bills cross; empty
    when Lambda cannot run the workload and a middle option can (the totals and the exclusion say it)."""
    if not cost.lambda_.possible:
        if any(b is not None and b.possible for b in (cost.lambda_managed, cost.fargate)):
            return ""
        return "AWS Lambda cannot run this workload: Amazon EC2 is the only bill."
    cheaper = "AWS Lambda" if cost.cheaper == "lambda" else "Amazon EC2"
    crossing = cost.break_even_requests_per_month
    where = (f"the bills cross at {crossing:,} requests a month" if crossing is not None
             else f"the bills do not cross between {BREAK_EVEN_LOW:,} and {BREAK_EVEN_HIGH:,} requests a month")
    return f"{cheaper} is cheaper at this volume; {where}."


@dataclass(frozen=True)
class Changes:
    """What would change the answer, in three groups shown in this order."""

    #: Another choice, or a number within one order of magnitude of the answer: changes a user could make.
    plausible: tuple[Sensitivity, ...]
    #: Numbers further away than that.
    distant: tuple[Sensitivity, ...]
    #: Changes that work by tripping a hard limit (a 16-minute run, a GPU): listed last, in one line.
    limit_flips: tuple[Sensitivity, ...]


def _near(current: Value, alternative: Value) -> bool:
    if isinstance(current, bool) or isinstance(alternative, bool):
        return True
    if not isinstance(current, (int, float)) or not isinstance(alternative, (int, float)):
        return True  # a choice, several choices or text: another answer the question offers
    if current == 0 or alternative == 0:
        return abs(float(current) - float(alternative)) <= 1
    ratio = abs(float(alternative) / float(current))
    return 1 / PLAUSIBLE_FACTOR <= ratio <= PLAUSIBLE_FACTOR


def split_changes(result: Result, answers: Mapping[str, Value],
                  score: Callable[[dict[str, Value]], Result]) -> Changes:
    """Sort `result.sensitivity` into plausible, distant and hard-limit changes. `score` evaluates
    other answers (without sensitivity); a change is a hard-limit flip when the options it rules out
    differ from those ruled out now."""
    now = result.excluded_options
    plausible: list[Sensitivity] = []
    distant: list[Sensitivity] = []
    flips: list[Sensitivity] = []
    for s in result.sensitivity:
        changed = score({**answers, s.question: s.alternative})
        if changed.excluded_options != now:
            flips.append(s)
        elif _near(s.current, s.alternative):
            plausible.append(s)
        else:
            distant.append(s)
    return Changes(tuple(plausible), tuple(distant), tuple(flips))


#: What the result says of the monthly bills when the questionnaire names no pricing file (and none
#: was given): the cost part is there, saying why it is empty, rather than missing.
NO_PRICING = "costs not compared (no pricing file)"


@dataclass(frozen=True)
class WrittenAnswer:
    """The answer to a `text` question: recorded and never scored, so no contribution shows it."""

    question: str
    prompt: str
    text: str


def written_answers(questionnaire: Questionnaire, answers: Mapping[str, object],
                    shown: Collection[str] | None = None) -> list[WrittenAnswer]:
    """The answers to the questionnaire's `text` questions that say something, in the order they are
    asked (only the `shown` questions, when given), as written: each presenter escapes them for where
    they go (`display.printable` for a screen, `markdown.escape_block` for Markdown)."""
    out = []
    for q in questionnaire.questions:
        value = answers.get(q.id)
        if q.kind == "text" and isinstance(value, str) and value.strip() and (shown is None or q.id in shown):
            out.append(WrittenAnswer(q.id, q.prompt, value.strip()))
    return out


def option_labeller(questionnaire: Questionnaire) -> Callable[[str], str]:
    def label(option: str) -> str:
        try:
            return questionnaire.option(option).label
        except KeyError:
            return option
    return label
