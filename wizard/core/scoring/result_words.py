"""A result in words, written once for every presenter: an option's label, where a contribution
came from, the exclusions, the break-even line, the strongest reasons, the lead, and what would
change the answer with the plausible changes first (the bills' rows are `cost.bill_rows`).

Pure functions of a result (and, for the changes, of a way to score other answers); the CLI report,
the app and the Markdown export only style what they return, so the three say the same things.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from wizard.core.questionnaire.conditions import Value
from wizard.core.cost import BREAK_EVEN_HIGH, BREAK_EVEN_LOW, CostEstimate
from wizard.core.questionnaire.display import answer_label, show_value
from wizard.core.questionnaire.model import Questionnaire
from wizard.core.scoring.result import Contribution, Result, Sensitivity

#: A number answer is a plausible change within this factor of the answer given (one order of magnitude).
PLAUSIBLE_FACTOR = 10.0


def option_label(questionnaire: Questionnaire | None, option: str | None) -> str:
    """An option as people read it: its label; its id when the questionnaire (or the option) is not
    known, as for a record whose questionnaire is gone; "none" when there is no option."""
    if option is None:
        return "none"
    if questionnaire is not None:
        try:
            return questionnaire.option(option).label
        except KeyError:
            pass
    return option


def option_labeller(questionnaire: Questionnaire | None) -> Callable[[str], str]:
    """`option_label` for one questionnaire, as a function of the option."""
    return lambda option: option_label(questionnaire, option)


def contribution_origin(c: Contribution, questionnaire: Questionnaire | None) -> str:
    """Where a contribution's points came from: `rule id`, or `question_id = answer` with the answer in
    the words the question offered it (choice labels, a number with its unit); the stored value when
    the question is not known."""
    if c.choice is not None:  # one choice of a multi-choice answer: name it, not the whole selection
        return choice_origin(c.id, c.choice, questionnaire)
    return origin(c.source, c.id, c.answer, questionnaire)


def choice_origin(question_id: str, choice: str, questionnaire: Questionnaire | None) -> str:
    """`question_id includes Label`: the one selected choice of a multi-choice answer that gave points."""
    question = questionnaire.question_index.get(question_id) if questionnaire is not None else None
    shown = answer_label(question, (choice,)) if question is not None else show_value(choice, None)
    return f"{question_id} includes {shown}"


def origin(source: str, source_id: str, answer: Value | None, questionnaire: Questionnaire | None) -> str:
    """`contribution_origin` from its parts, for what records of a contribution without being one (a
    rescore's moved contribution)."""
    if source == "rule":
        return f"rule {source_id}"
    question = questionnaire.question_index.get(source_id) if questionnaire is not None else None
    shown = answer_label(question, answer) if question is not None else show_value(answer, None)
    return f"{source_id} = {shown}"


@dataclass(frozen=True)
class RuledOut:
    """One hard limit on one option, as every presenter shows it."""

    option: str
    #: Why, without a closing full stop (a presenter adds its own punctuation).
    reason: str
    #: Where the limit is published.
    source: str


def ruled_out(result: Result) -> list[RuledOut]:
    """The exclusions, one per option and source: the cost model's limit and the questionnaire's
    constraint often restate one limit from one source, and the first says it (the record keeps both)."""
    seen: dict[tuple[str, str], RuledOut] = {}
    for e in result.excluded:
        seen.setdefault((e.option, e.source), RuledOut(e.option, e.reason.strip().rstrip("."), e.source))
    return list(seen.values())


def break_even_line(cost: CostEstimate) -> str:
    """"Break-even: 12,345,678 requests a month (about 4.7 requests/s on average); ...": where the Lambda
    and EC2 bills cross, or that they do not within the volumes searched."""
    crossing = cost.break_even_requests_per_month
    if not cost.lambda_.possible:
        return "Break-even: none; AWS Lambda cannot run this workload at any volume."
    if crossing is None:
        return f"Break-even: none between {BREAK_EVEN_LOW:,} and {BREAK_EVEN_HIGH:,} requests a month."
    hours = cost.pricing.hours_per_month  # from a record, which anyone may have edited: maybe 0
    rate = f" (about {crossing / (hours * 3600):,.3g} requests/s on average)" if hours > 0 else ""
    return (
        f"Break-even: {crossing:,} requests a month{rate}; EC2 grows in whole instances, so the bills cross in steps."
    )


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


def reasons(result: Result) -> list[list[Contribution]]:
    """The contributions of the options still in the running, one list per reason, heaviest first: an
    answer or rule that moves several options with one why is one reason, so a table with a row per
    reason does not repeat a sentence for each option it moved."""
    groups: dict[tuple[str, str, str, str], list[Contribution]] = {}
    for c in sorted(result.argued(), key=lambda c: -abs(c.points)):
        groups.setdefault((c.source, c.id, repr(c.answer), c.why), []).append(c)
    return list(groups.values())


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
