"""Rescoring a decision record: its saved answers against today's questionnaire and prices.

`rescore` evaluates a record's answers again and `compare` says what moved between the saved
result (and cost) and the new one: the recommendation, confidence and margin, each option's
score, the exclusions, the monthly bills, and why — the contributions that appeared, disappeared
or changed. Answers that no longer fit the questionnaire (a removed question, a choice that no
longer exists) are reported one by one and left out of the new score; the rest still count.

Each record gets one verdict: `holds` (the recommendation is the same), `changed` (it is not), or
`invalid`: the saved answers no longer validate against the questionnaire (an unknown question id,
a value out of range or not a choice, a required question without an answer), so the new score is
made without some of them and cannot confirm the recommendation either way.

Sensitivity ("what would change the answer") is not compared: it is derived from the rest and is
by far the most expensive part of an evaluation. It is computed only for a result that is going
to be written (`full=True`), so that an updated record is as complete as a new one.

Pure: no files, no terminal; the CLI reads the records and prints the diff.

Its size: one diff of two results and two bills, field by field; split, each half would need the
other's types and the verdict rules would sit apart from what they judge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from wizard import __version__
from wizard.core.questionnaire.conditions import Value
from wizard.core.cost import CostEstimate
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.migrations import migrate
from wizard.core.records.model import DecisionRecord, QuestionnaireRef, ToolRef
from wizard.core.scoring.result import Confidence, Contribution, Exclusion, Problem, Result

#: Scores and points closer than this are the same (both are rounded in records anyway).
_EPSILON = 1e-6

ChangeKind = Literal["appeared", "disappeared", "changed"]
#: What a rescore concludes about one record (see the module's docstring).
Verdict = Literal["holds", "changed", "invalid"]


@dataclass(frozen=True)
class ScoreMove:
    """One option whose score, points or exclusion moved (None: the option is not in that result)."""

    option: str
    old_score: float | None
    new_score: float | None
    old_points: float | None
    new_points: float | None
    old_excluded: bool | None
    new_excluded: bool | None
    #: "added": the questionnaire gained the option since the record was made (not a failure of the record);
    #: "removed": it lost it; "moved": both results have it.
    change: Literal["moved", "added", "removed"] = "moved"

    @property
    def note(self) -> str:
        """The move in words beside the scores: `option added`, `option removed`, `now excluded`..."""
        if self.change == "added":
            return "option added" + (" (excluded by a hard limit)" if self.new_excluded else "")
        if self.change == "removed":
            return "option removed"
        if self.old_excluded != self.new_excluded and self.new_excluded is not None:
            return "now excluded" if self.new_excluded else "no longer excluded"
        return ""


@dataclass(frozen=True)
class ContributionMove:
    """The points one answer or rule gives one option, before and after (summed over the
    selected choices of a multi-choice question)."""

    change: ChangeKind
    source: Literal["question", "rule"]
    id: str
    option: str
    old_points: float | None
    new_points: float | None
    answer: Value | None
    why: str
    old_why: str | None = None


@dataclass(frozen=True)
class CostMove:
    """One figure of the cost comparison that moved, e.g. `lambda.total_usd` or `pricing.as_of`."""

    item: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RescoreDiff:
    old_recommended: str | None
    new_recommended: str | None
    old_confidence: Confidence
    new_confidence: Confidence
    old_margin: float | None
    new_margin: float | None
    scores: tuple[ScoreMove, ...] = ()
    exclusions_added: tuple[Exclusion, ...] = ()
    exclusions_removed: tuple[Exclusion, ...] = ()
    contributions: tuple[ContributionMove, ...] = ()
    costs: tuple[CostMove, ...] = ()
    #: Saved answers that no longer fit (left out of the new score), and questions that are now
    #: required but have no saved answer.
    answer_problems: tuple[Problem, ...] = ()

    @property
    def recommendation_changed(self) -> bool:
        return self.old_recommended != self.new_recommended

    @property
    def invalid(self) -> bool:
        """Whether the saved answers no longer validate against the questionnaire."""
        return bool(self.answer_problems)

    @property
    def verdict(self) -> Verdict:
        """invalid (the answers no longer validate), else changed or holds by the recommendation."""
        if self.invalid:
            return "invalid"
        return "changed" if self.recommendation_changed else "holds"

    @property
    def moved(self) -> bool:
        """Whether anything in the result or the cost differs."""
        return bool(self.recommendation_changed or self.old_confidence != self.new_confidence
                    or not _same_number(self.old_margin, self.new_margin) or self.scores
                    or self.exclusions_added or self.exclusions_removed or self.contributions or self.costs)

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "recommended": {"old": self.old_recommended, "new": self.new_recommended},
            "recommendation_changed": self.recommendation_changed,
            "confidence": {"old": self.old_confidence, "new": self.new_confidence},
            "margin": {"old": self.old_margin, "new": self.new_margin},
            "scores": [_plain(vars(s)) for s in self.scores],
            "exclusions_added": [e.model_dump(mode="json") for e in self.exclusions_added],
            "exclusions_removed": [e.model_dump(mode="json") for e in self.exclusions_removed],
            "contributions": [_plain(vars(c)) for c in self.contributions],
            "costs": [_plain(vars(c)) for c in self.costs],
            "answer_problems": [p.model_dump(mode="json", exclude_none=True) for p in self.answer_problems],
        }


@dataclass(frozen=True)
class Rescored:
    """A record evaluated again: what moved, and the new result and cost."""

    diff: RescoreDiff
    result: Result
    cost: CostEstimate | None
    questionnaire: QuestionnaireRef
    #: The questionnaire file's bytes differ from those the record was made with.
    questionnaire_changed: bool
    #: Whether `result` carries sensitivity (and `cost` its break-even), i.e. is fit to be written.
    full: bool = False
    notes: tuple[Problem, ...] = field(default=())
    #: What the questionnaire's migrations changed in the saved answers (one line each), and the
    #: answers after them (what `updated` writes); empty and None when nothing was migrated.
    migrated: tuple[str, ...] = ()
    migrated_answers: dict[str, Value] | None = None

    @property
    def needs_update(self) -> bool:
        """Whether writing the record would change more than the tool's version."""
        return self.diff.moved or self.questionnaire_changed

    def updated(self, record: DecisionRecord, today: dt.date | None = None) -> DecisionRecord:
        """The record with the new result, cost and questionnaire identity; everything the people
        wrote (title, status, deciders, context, tags, dates, links) and the answers kept as they are."""
        if not self.full:
            raise ValueError("only a full rescore (with sensitivity) can be written to a record")
        update: dict[str, Any] = {
            "questionnaire": self.questionnaire, "tool": ToolRef(version=__version__),
            "result": self.result, "cost": self.cost, "rescored": today or dt.date.today(),
        }
        if self.migrated_answers is not None:
            update["answers"] = self.migrated_answers
        return record.model_copy(update=update)


def rescore(record: DecisionRecord, evaluator: Evaluator, *, full: bool = False) -> Rescored:
    """Evaluate the record's answers with this evaluator and compare with what the record holds.

    With `full`, the new result carries sensitivity and the new cost its break-even, so it can be
    written into the record; without, the cost's break-even is worked out again only when the
    bills, the workload or the prices differ from the record's.

    Every record is evaluated again, whatever its saved result says: a result edited by hand, or
    one made by another version of the engine, is caught like a changed questionnaire.
    """
    questionnaire = evaluator.loaded.questionnaire
    saved: Mapping[str, Value] = record.answers
    migrated: list[str] = []
    if questionnaire.migrations:
        saved, migrated = migrate(record.answers, questionnaire.migrations, record.questionnaire.version)
    evaluation = evaluator.evaluate(saved, sensitivity=full)
    result, answers = evaluation.result, evaluation.answers
    # The engine reports each saved answer that does not fit (as `check_answers` finds them) and
    # each required question left unanswered; a required question whose saved answer no longer
    # fits is reported once, for the answer.
    answer_problems = [p for p in result.errors if p.question is not None and p.code != "unanswered"]
    misfits = {p.question for p in answer_problems}
    unanswered = [p for p in result.errors if p.question is not None and p.question not in misfits
                  and p.code == "unanswered"]
    cost = evaluator.cost(answers) if full else _quick_cost(evaluator, answers, record.cost)
    diff = compare(record.result, result, record.cost, cost, problems=(*answer_problems, *unanswered))
    loaded = evaluator.loaded
    ref = QuestionnaireRef(id=questionnaire.id, version=questionnaire.version, sha256=loaded.sha256,
                           file=loaded.path.name)
    return Rescored(diff=diff, result=result, cost=cost, questionnaire=ref,
                    questionnaire_changed=ref.sha256 != record.questionnaire.sha256, full=full,
                    notes=tuple(p for p in result.problems if p.severity != "error"),
                    migrated=tuple(migrated), migrated_answers=dict(saved) if migrated else None)


def _quick_cost(evaluator: Evaluator, answers: Mapping[str, Value], old: CostEstimate | None) -> CostEstimate | None:
    """The new cost estimate, reusing the record's when everything but the break-even is the same
    (the break-even search is most of an estimate's time)."""
    if evaluator.pricing is None or old is None:
        return evaluator.cost(answers)
    quick = evaluator.priced(answers, with_break_even=False)[0]
    if quick is None:
        return None
    if quick == old.model_copy(update={"break_even_requests_per_month": None, "curve": ()}):
        return old
    return evaluator.cost(answers)


def compare(old: Result, new: Result, old_cost: CostEstimate | None = None, new_cost: CostEstimate | None = None,
            *, problems: Iterable[Problem] = ()) -> RescoreDiff:
    """What moved from the `old` result (and cost) to the `new` one."""
    return RescoreDiff(
        old_recommended=old.recommended,
        new_recommended=new.recommended,
        old_confidence=old.confidence,
        new_confidence=new.confidence,
        old_margin=old.margin,
        new_margin=new.margin,
        scores=_score_moves(old, new),
        exclusions_added=tuple(
            e for e in new.excluded if _exclusion_key(e) not in {_exclusion_key(x) for x in old.excluded}
        ),
        exclusions_removed=tuple(
            e for e in old.excluded if _exclusion_key(e) not in {_exclusion_key(x) for x in new.excluded}
        ),
        contributions=_contribution_moves(old.contributions, new.contributions),
        costs=_cost_moves(old_cost, new_cost),
        answer_problems=tuple(problems),
    )


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= _EPSILON


def _score_moves(old: Result, new: Result) -> tuple[ScoreMove, ...]:
    moves = []
    for option in [*old.scores, *(o for o in new.scores if o not in old.scores)]:
        a, b = old.scores.get(option), new.scores.get(option)
        if (
            a is not None
            and b is not None
            and _same_number(a.score, b.score)
            and _same_number(a.points, b.points)
            and a.excluded == b.excluded
        ):
            continue
        moves.append(
            ScoreMove(
                option=option,
                old_score=a.score if a else None,
                new_score=b.score if b else None,
                old_points=a.points if a else None,
                new_points=b.points if b else None,
                old_excluded=a.excluded if a else None,
                new_excluded=b.excluded if b else None,
                change="added" if a is None else "removed" if b is None else "moved",
            )
        )
    return tuple(moves)


def _exclusion_key(e: Exclusion) -> tuple[str, str, str]:
    return (e.option, e.constraint, e.reason)


_Group = tuple[float, tuple[str, ...], Value | None]


def _grouped(contributions: Iterable[Contribution]) -> dict[tuple[str, str, str], _Group]:
    """Contributions by (source, id, option): summed points, their reasons, the answer."""
    out: dict[tuple[str, str, str], _Group] = {}
    for c in contributions:
        key = (c.source, c.id, c.option)
        points, whys, _ = out.get(key, (0.0, (), None))
        out[key] = (points + c.points, (*whys, c.why), c.answer)
    return out


def _contribution_moves(old: Iterable[Contribution], new: Iterable[Contribution]) -> tuple[ContributionMove, ...]:
    before, after = _grouped(old), _grouped(new)
    moves: list[ContributionMove] = []
    for key in [*before, *(k for k in after if k not in before)]:
        source, cid, option = key
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None:
            if _same_number(a[0], b[0]) and a[1] == b[1]:
                continue
            moves.append(
                ContributionMove(
                    change="changed",
                    source=source,  # type: ignore[arg-type]
                    id=cid,
                    option=option,
                    old_points=round(a[0], 3),
                    new_points=round(b[0], 3),
                    answer=b[2],
                    why=" ".join(w for w in b[1] if w),
                    old_why=" ".join(w for w in a[1] if w) if a[1] != b[1] else None,
                )
            )
        elif b is not None:
            moves.append(
                ContributionMove(
                    change="appeared",
                    source=source,  # type: ignore[arg-type]
                    id=cid,
                    option=option,
                    old_points=None,
                    new_points=round(b[0], 3),
                    answer=b[2],
                    why=" ".join(w for w in b[1] if w),
                )
            )
        elif a is not None:
            moves.append(
                ContributionMove(
                    change="disappeared",
                    source=source,  # type: ignore[arg-type]
                    id=cid,
                    option=option,
                    old_points=round(a[0], 3),
                    new_points=None,
                    answer=a[2],
                    why=" ".join(w for w in a[1] if w),
                )
            )
    # Largest moves first, so that a long list starts with what matters.
    moves.sort(key=lambda m: -abs((m.new_points or 0.0) - (m.old_points or 0.0)))
    return tuple(moves)


#: The figures of a cost estimate that a rescore reports when they move, in this order.
COST_ITEMS = (
    "lambda.total_usd",
    "lambda.requests_usd",
    "lambda.compute_usd",
    "lambda.front_door_usd",
    "lambda.provisioned_concurrency_usd",
    "lambda.line_items_usd",
    "lambda.possible",
    "ec2.total_usd",
    "ec2.compute_usd",
    "ec2.cpu_credits_usd",
    "ec2.load_balancer_usd",
    "ec2.line_items_usd",
    "ec2.instance_type",
    "ec2.instances",
    "ec2.instances_peak",
    "cheaper",
    "break_even_requests_per_month",
    "pricing.as_of",
    "pricing.file",
)


def cost_figures(cost: CostEstimate | None) -> dict[str, Any]:
    """The reported figures of an estimate (all None without one)."""
    if cost is None:
        return dict.fromkeys(COST_ITEMS)
    lam, ec2 = cost.lambda_, cost.ec2
    return {
        "lambda.total_usd": lam.total_usd,
        "lambda.requests_usd": lam.requests_usd,
        "lambda.compute_usd": lam.compute_usd,
        "lambda.front_door_usd": lam.front_door_usd,
        "lambda.provisioned_concurrency_usd": lam.provisioned_concurrency_usd,
        "lambda.line_items_usd": round(sum(i.usd for i in lam.line_items), 2),
        "lambda.possible": lam.possible,
        "ec2.total_usd": ec2.total_usd,
        "ec2.compute_usd": ec2.compute_usd,
        "ec2.cpu_credits_usd": ec2.cpu_credits_usd,
        "ec2.load_balancer_usd": ec2.load_balancer_usd,
        "ec2.line_items_usd": round(sum(i.usd for i in ec2.line_items), 2),
        "ec2.instance_type": ec2.instance_type,
        "ec2.instances": ec2.instances,
        "ec2.instances_peak": ec2.instances_peak,
        "cheaper": cost.cheaper,
        "break_even_requests_per_month": cost.break_even_requests_per_month,
        "pricing.as_of": cost.pricing.as_of,
        "pricing.file": cost.pricing.file,
    }


def _cost_moves(old: CostEstimate | None, new: CostEstimate | None) -> tuple[CostMove, ...]:
    if old is new:
        return ()
    a, b = cost_figures(old), cost_figures(new)
    return tuple(CostMove(item=k, old=a[k], new=b[k]) for k in COST_ITEMS if a[k] != b[k])


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, tuple):
            v = list(v)
        out[k] = v
    return out
