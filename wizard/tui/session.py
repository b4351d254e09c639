"""The state of one decision in the app: answers, where the user is, and what is saved.

Plain Python with no Textual import: the screens read and change it, and the engine (through the
Evaluator) is the only place that scores. A choice or a switch is written to the draft at once; a
number or text being typed is written when the screen commits it (`flush_draft`: Enter, leaving the
field, half a second without typing, changing stage, quitting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.questionnaire.conditions import Value
from wizard.core.records.drafts import Draft, delete_draft, project_root, save_draft
from wizard.core.scoring.engine import Evaluation
from wizard.core.errors import WizardError
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.model import Question, Questionnaire, Stage

if TYPE_CHECKING:  # the record code loads when a record is saved or opened, not at every start
    from wizard.core.records.model import DecisionRecord


@dataclass
class Session:
    evaluator: Evaluator
    #: Valid answers by question id (answers to hidden questions are kept: they come back when
    #: their question is shown again).
    answers: dict[str, Value] = field(default_factory=dict)
    #: The answers that were the questionnaire's suggestion (its `default`), accepted by passing their
    #: stage with Next; the record names them. Changing such an answer makes it the user's own.
    suggested: set[str] = field(default_factory=set)
    #: Question id → message, for values typed but not accepted (shown inline, block leaving the stage).
    invalid: dict[str, str] = field(default_factory=dict)
    stage_index: int = 0
    visited: set[int] = field(default_factory=lambda: {0})
    #: The record this session revises (`wizard open`), if any.
    record: DecisionRecord | None = None
    record_path: Path | None = None
    out_dir: Path | None = None
    project: Path = field(default_factory=project_root)
    #: True when the answers changed since the last save (or since the session started).
    dirty: bool = False
    #: An answer typed that the draft does not hold yet (see `flush_draft`).
    draft_pending: bool = False
    #: Why the draft could not be written (or deleted), while it cannot be; None when it is fine.
    draft_error: str | None = None
    #: Told once, when the draft starts failing (the app shows a warning): a message for the user.
    on_draft_error: Callable[[str], None] | None = field(default=None, repr=False, compare=False)
    _evaluation: Evaluation | None = field(default=None, repr=False)

    # -- the questionnaire -------------------------------------------------------------------

    @property
    def questionnaire(self) -> Questionnaire:
        return self.evaluator.loaded.questionnaire

    @property
    def stages(self) -> tuple[Stage, ...]:
        return self.questionnaire.stages

    @property
    def stage(self) -> Stage:
        return self.stages[self.stage_index]

    def question(self, qid: str) -> Question:
        return self.questionnaire.question_index[qid]

    # -- evaluation ---------------------------------------------------------------------------

    @property
    def evaluation(self) -> Evaluation:
        if self._evaluation is None:
            self._evaluation = self.evaluator.evaluate(self.answers)
        return self._evaluation

    @property
    def scoring(self) -> bool:
        """Whether the sidebar shows a leader: once the first stage is passed (or a record is opened).
        Before that, a leader would rest on a handful of answers and the suggestions not yet taken."""
        return self.record is not None or any(i > 0 for i in self.visited)

    def suggestion(self, qid: str) -> Value | None:
        """The questionnaire's suggested answer for a question not answered yet (None: none, or answered)."""
        if qid in self.answers or qid in self.invalid:
            return None
        return self.question(qid).default

    def accept_suggestions(self, index: int | None = None) -> None:
        """Passing a stage with Next takes the suggestions of its shown questions as answers."""
        stage = self.stages[self.stage_index if index is None else index]
        shown = self.visible()
        taken = {q.id: q.default for q in stage.questions
                 if q.id in shown and q.default is not None and q.id not in self.answers and q.id not in self.invalid}
        if not taken:
            return
        self.answers.update(taken)
        self.suggested.update(taken)
        self._changed()

    def visible(self) -> set[str]:
        return set(self.evaluation.visible)

    def stage_complete(self, index: int) -> bool:
        """Visited, nothing invalid, and every shown required question answered."""
        if index not in self.visited:
            return False
        shown = self.visible()
        for q in self.stages[index].questions:
            if q.id in self.invalid and q.id in shown:
                return False
            if q.required and q.id in shown and q.id not in self.answers:
                return False
        return True

    def blocking(self, index: int | None = None, *, forward: bool = True) -> list[tuple[str, str]]:
        """(question id, message) that stop the user leaving the stage: invalid values always,
        unanswered required questions when moving forward."""
        stage = self.stages[self.stage_index if index is None else index]
        shown = self.visible()
        problems: list[tuple[str, str]] = []
        for q in stage.questions:
            if q.id not in shown:
                continue
            if q.id in self.invalid:
                problems.append((q.id, self.invalid[q.id]))
            elif forward and q.required and q.id not in self.answers:
                problems.append((q.id, "This question is required."))
        return problems

    # -- changes ------------------------------------------------------------------------------

    def set_answer(self, qid: str, value: Value | None, *, typed: bool = False) -> None:
        """Record an answer (None clears it). The value must already be valid for the question; it is
        the user's own from now on, not an accepted suggestion. `typed`: a keystroke, written to the
        draft by the next `flush_draft` rather than now."""
        self.invalid.pop(qid, None)
        self.suggested.discard(qid)
        if value is None:
            if qid not in self.answers:
                return
            del self.answers[qid]
        else:
            if self.answers.get(qid) == value and type(self.answers.get(qid)) is type(value):
                return
            self.answers[qid] = value
        self._changed(typed=typed)

    def set_invalid(self, qid: str, message: str, *, typed: bool = False) -> None:
        """What was typed is not a valid answer. The answer before it is dropped rather than kept:
        it would be scored and saved in the draft as a number the user never meant (typing `12.7`
        into a whole-number question passes through a valid `12`)."""
        self.invalid[qid] = message
        self.suggested.discard(qid)
        if qid in self.answers:
            del self.answers[qid]
            self._changed(typed=typed)

    def go_to(self, index: int) -> None:
        self.stage_index = max(0, min(index, len(self.stages) - 1))
        self.visited.add(self.stage_index)
        self.save_draft()

    def _changed(self, *, typed: bool = False) -> None:
        self._evaluation = None
        self.dirty = True
        if typed:
            self.draft_pending = True
        else:
            self.save_draft()

    # -- drafts and records ---------------------------------------------------------------------

    def flush_draft(self) -> None:
        """Write the answers typed since the draft was last written, if any."""
        if self.draft_pending:
            self.save_draft()

    def save_draft(self) -> None:
        self.draft_pending = False
        if not self.dirty:  # nothing the user changed (defaults alone, or an unchanged record)
            return
        loaded = self.evaluator.loaded
        try:
            save_draft(Draft(project=str(self.project), questionnaire_path=str(loaded.path.resolve()),
                             questionnaire_id=loaded.questionnaire.id,
                             updated=dt.datetime.now().replace(microsecond=0), stage=self.stage.id,
                             record_path=str(self.record_path) if self.record_path else None,
                             answers=dict(self.answers), suggested=sorted(self.suggested & set(self.answers))))
            self.draft_error = None
        except WizardError as exc:
            self._draft_failed(exc.message, f"The draft cannot be saved: {exc.message}. Your answers are kept "
                                            "while the wizard runs; save the record before you quit.")

    def keep_draft(self) -> bool:
        """Write the draft now, even when nothing changed (a record could not be saved). False when
        the draft cannot be written either (`draft_error` says why)."""
        self.dirty = True
        self.save_draft()
        return self.draft_error is None

    def _draft_failed(self, error: str, message: str) -> None:
        first = self.draft_error is None
        self.draft_error = error
        if first and self.on_draft_error is not None:
            self.on_draft_error(message)

    def discard_draft(self) -> None:
        try:
            delete_draft(self.project)
        except WizardError as exc:  # the record is safe: only tell
            if self.on_draft_error is not None:
                self.on_draft_error(f"The record is saved, but the draft cannot be deleted: {exc.message}. "
                                    "The next start offers to resume it; you can start anew instead.")

    def saved(self, path: Path, record: DecisionRecord) -> None:
        self.record, self.record_path, self.dirty = record, path, False
        self.discard_draft()

    def answered_share(self) -> tuple[int, int]:
        """Answered and shown questions of the whole decision: the one count the sidebar and the
        welcome screen's resume button show (suggestions not taken yet are not answers)."""
        result = self.evaluation.result
        return result.answered, result.shown

    def accepted_suggestions(self) -> tuple[str, ...]:
        """Ids of the answers that count and are accepted suggestions, in questionnaire order."""
        counted = self.evaluation.answers
        return tuple(q.id for q in self.questionnaire.questions if q.id in self.suggested and q.id in counted)
