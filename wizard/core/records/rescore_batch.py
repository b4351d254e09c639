"""Rescoring decision records: one record, or a whole directory (in worker processes when large).

`rescore_one` judges a record by the current questionnaire and prices (`rescore.rescore`) and, with
`update`, writes the new result into it; `rescore_files` does that for many files, a file that cannot
be read or judged reported with its one-line reason. An `Outcome` is what printing needs of one
record, small enough for a worker process to send back.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.records.record_set import Questionnaires, map_files
from wizard.core.records.model import DecisionRecord, read_record_bytes

if TYPE_CHECKING:
    from wizard.core.cost import CostEstimate
    from wizard.core.records.rescore import RescoreDiff


@dataclass
class Outcome:
    """What printing needs of one rescored record (small, so that workers can send it back)."""

    path: Path
    title: str
    status: str
    old_version: str
    questionnaire_id: str
    new_version: str
    questionnaire_changed: bool
    needs_update: bool
    diff: RescoreDiff
    updated: bool = False
    review_by: dt.date | None = None
    #: Each bill before and after (see `rescore_markdown.Entry.bills`), and their currency.
    bills: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    currency: str = "USD"
    #: What the questionnaire's migrations changed in the saved answers.
    migrated: tuple[str, ...] = ()


def rescore_files(
    paths: list[Path], questionnaires: Questionnaires, *, update: bool, today: dt.date, jobs: int = 1
) -> tuple[list[Outcome], list[tuple[Path, str]]]:
    """Rescore the records at `paths` (in `jobs` processes), in order; and the files that could not be
    rescored, each with its one-line reason."""
    work = functools.partial(rescore_file, update=update, today=today)
    outcomes: list[Outcome] = []
    unreadable: list[tuple[Path, str]] = []
    for path, outcome in map_files(work, paths, questionnaires, jobs):
        if isinstance(outcome, str):
            unreadable.append((path, outcome))
        else:
            outcomes.append(outcome)
    return outcomes, unreadable


def bills(old: CostEstimate | None, new: CostEstimate | None) -> dict[str, tuple[float | None, float | None]]:
    def total(cost: CostEstimate | None, side: str) -> float | None:
        if cost is None:
            return None
        if side == "lambda":
            return cost.lambda_.total_usd if cost.lambda_.possible else None
        return cost.ec2.total_usd

    return {side: (total(old, side), total(new, side)) for side in ("lambda", "ec2")}



def due(o: Outcome, today: dt.date) -> bool:
    """Whether the record is past its review date."""
    from wizard.core.records.review import is_due

    return is_due(o.review_by, today)


def rescore_one(
    path: Path, record: DecisionRecord, questionnaires: Questionnaires, *, update: bool, today: dt.date,
    original: bytes | None = None,
) -> Outcome:
    """Rescore one record (and write the new result with `update`); WizardError when it cannot be."""
    from wizard.core.records.rescore import rescore

    loaded = questionnaires.for_record(record, path)
    evaluator = questionnaires.evaluator(loaded)
    rescored = rescore(record, evaluator)
    outcome = Outcome(
        path=path,
        title=record.title,
        status=record.status.value,
        old_version=record.questionnaire.version,
        questionnaire_id=record.questionnaire.id,
        new_version=rescored.questionnaire.version,
        questionnaire_changed=rescored.questionnaire_changed,
        needs_update=rescored.needs_update,
        diff=rescored.diff,
        review_by=record.review_by,
        bills=bills(record.cost, rescored.cost),
        migrated=rescored.migrated,
        currency=cost.pricing.currency if (cost := rescored.cost or record.cost) else "USD",
    )
    if update and rescored.needs_update and not rescored.diff.invalid:
        # An invalid record is not written: its new result would leave out answers it still holds.
        from wizard.core.files.file_guard import Stamp
        from wizard.core.records.model import save_record

        full = rescore(record, evaluator, full=True)
        # Written only if the file still holds what was read (else one line, exit 2), comments kept.
        expect = Stamp.of(path, original) if original is not None else None
        save_record(full.updated(record, today), path, overwrite=True, expect=expect, original=original)
        outcome.updated = True
    return outcome


def rescore_file(
    path: Path,
    questionnaires: Questionnaires,
    *,
    update: bool,
    today: dt.date,
) -> Outcome:
    record, data = read_record_bytes(path)
    return rescore_one(path, record, questionnaires, update=update, today=today, original=data)



def summary(outcomes: list[Outcome], unreadable: int) -> dict[str, int]:
    """The counts a rescore ends with (its JSON `summary` and its last line)."""
    verdicts = [o.diff.verdict for o in outcomes]
    return {
        "records": len(outcomes),
        "hold": verdicts.count("holds"),
        "changed": verdicts.count("changed"),
        "invalid": verdicts.count("invalid"),
        "unreadable": unreadable,
        "updated": sum(1 for o in outcomes if o.updated),
        "review_due": sum(1 for o in outcomes if due(o, dt.date.today())),
    }
