"""What an evaluation returns: scores, exclusions, contributions, sensitivity and problems.

These models are part of the decision record format, so their field order is the order keys
appear in a saved record.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from wizard.core.frozen_model import FrozenModel
from wizard.core.questionnaire.conditions import Value

Severity = Literal["error", "warning", "note"]
#: What kind of problem it is, for code that acts on problems (it never reads their message):
#: an answer to no question of the questionnaire, an answer that does not fit its question, a shown
#: required question without an answer, and an answer to a question its conditions hide.
ProblemCode = Literal["unknown_question", "invalid_answer", "unanswered", "not_shown"]
Confidence = Literal["high", "medium", "low", "none"]


class Problem(FrozenModel):
    """Something wrong with (or worth saying about) the answers."""

    severity: Severity
    code: ProblemCode | None = Field(None, description="What kind of problem (absent in records made before codes).")
    question: str | None = None
    message: str

    def __str__(self) -> str:
        return self.message

    @classmethod
    def of_question(cls, severity: Severity, code: ProblemCode, qid: str, detail: str) -> Problem:
        """A problem about question `qid`: its message names the question by id, as `about` expects."""
        return cls(severity=severity, code=code, question=qid, message=_about(_subject(qid), code, detail))

    def about(self, subject: str) -> str:
        """The message with the question named as `subject` (its prompt, say) instead of by its id.

        Only a message made by `of_question` is reworded; any other is returned as it is."""
        if self.question is None or self.code not in ("unanswered", "invalid_answer"):
            return self.message
        own = _subject(self.question)
        head = own + (" " if self.code == "unanswered" else ": ")
        if not self.message.startswith(head):
            return self.message
        return _about(subject, self.code, self.message[len(head):])


def _subject(qid: str) -> str:
    return f'question "{qid}"'


def _about(subject: str, code: ProblemCode, detail: str) -> str:
    return f"{subject} {detail}" if code == "unanswered" else f"{subject}: {detail}"


class Contribution(FrozenModel):
    """Points one answer or rule gave one option, and why."""

    source: Literal["question", "rule"]
    id: str = Field(description="The question or rule id.")
    stage: str | None = None
    answer: Value | None = Field(None, description="The answer (for questions) that earned the points.")
    choice: str | None = Field(
        None, description="For a multi-choice answer: the selected choice whose effects gave these points."
    )
    option: str
    points: float = Field(description="Points after the stage weight.")
    why: str = ""


class OptionScore(FrozenModel):
    option: str
    points: float = Field(description="Sum of the option's contributions.")
    min_points: float = Field(description="Fewest points the answered questions and applicable rules could give.")
    max_points: float = Field(description="Most points the answered questions and applicable rules could give.")
    score: float = Field(
        description="Points on a 0–100 scale shared by all options (0: the fewest any option could get, 100: the most)."
    )
    excluded: bool = False
    stages: dict[str, float] = Field(
        default_factory=dict, description="Points per stage id (rules without a stage under `rules`)."
    )


class Exclusion(FrozenModel):
    option: str
    constraint: str
    reason: str
    source: str


class Sensitivity(FrozenModel):
    """An alternative answer to one question that would change the recommendation."""

    question: str
    current: Value
    alternative: Value
    recommended: str | None = Field(
        None, description="What would be recommended instead (none if every option would be excluded)."
    )


class Result(FrozenModel):
    recommended: str | None = None
    confidence: Confidence = "none"
    confidence_reason: str = ""
    margin: float | None = Field(
        None, description="Score of the recommended option minus the best other option that is not excluded."
    )
    answered: int = Field(0, description="Questions shown and answered.")
    shown: int = Field(0, description="Questions shown (their conditions hold).")
    scores: dict[str, OptionScore] = Field(default_factory=dict)
    excluded: tuple[Exclusion, ...] = Field(
        (), description="Options ruled out by hard limits, one entry per constraint that applies."
    )
    contributions: tuple[Contribution, ...] = ()
    sensitivity: tuple[Sensitivity, ...] = ()
    sensitivity_cut_at: int | None = Field(
        None, description="Set when sensitivity reached its budget: how many alternative answers it tried, "
        "the nearest first, before it stopped (absent when it tried them all).")
    facts: dict[str, Value] = Field(
        default_factory=dict, description="Derived facts (e.g. computed costs) rules and constraints could use."
    )
    problems: tuple[Problem, ...] = ()

    @property
    def excluded_options(self) -> frozenset[str]:
        """The options a hard limit rules out."""
        return frozenset(e.option for e in self.excluded)

    def argued(self) -> tuple[Contribution, ...]:
        """The contributions to options still in the running: what the comparison rests on."""
        out = self.excluded_options
        return tuple(c for c in self.contributions if c.option not in out) if out else self.contributions

    def moot(self) -> tuple[Contribution, ...]:
        """The contributions to options a hard limit rules out: shown apart, since they decide nothing."""
        out = self.excluded_options
        return tuple(c for c in self.contributions if c.option in out)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def ranking(self) -> list[OptionScore]:
        """Options best first: not excluded before excluded, then by score."""
        return sorted(self.scores.values(), key=lambda s: (s.excluded, -s.score, -s.points))

    def summary(self) -> dict[str, Any]:
        """The fields scripts rely on, as plain JSON-ready data."""
        return self.model_dump(mode="json", exclude_none=True)
