"""Listing decision records: the rows of `wizard list` and the recent records the app offers to open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from wizard.core.errors import WizardError
from wizard.core.records.record_set import Questionnaires, label_of, map_files, record_files
from wizard.core.records.model import DecisionRecord, read_record
from wizard.core.records.review import review_fields


def list_records(
    paths: list[Path], questionnaires: Questionnaires, jobs: int = 1
) -> tuple[list[dict[str, Any]], list[tuple[Path, str]]]:
    """The rows of the records at `paths`, oldest first (by date, then file name), and the files that
    could not be read, each with its one-line reason."""
    rows: list[dict[str, Any]] = []
    unreadable: list[tuple[Path, str]] = []
    for path, row in map_files(list_file, paths, questionnaires, jobs):
        if isinstance(row, str):
            unreadable.append((path, row))
        else:
            rows.append(row)
    rows.sort(key=lambda r: (r["date"], r["file"]))
    return rows, unreadable


def recent_records(directory: Path, limit: int = 50) -> list[tuple[Path, DecisionRecord]]:
    """The readable records of a directory, last file name first (dated names: newest first), at most
    `limit` files looked at; none when the directory cannot be listed."""
    try:
        paths = sorted(record_files(directory), reverse=True)[:limit]
    except WizardError:
        return []
    found: list[tuple[Path, DecisionRecord]] = []
    for path in paths:
        try:
            found.append((path, read_record(path)))
        except WizardError:
            continue
    return found


def list_file(path: Path, questionnaires: Questionnaires) -> dict[str, Any]:
    """The row of the record at `path` (a `WizardError` when it cannot be read)."""
    return list_row(path, read_record(path), questionnaires)


def list_row(path: Path, record: DecisionRecord, questionnaires: Questionnaires) -> dict[str, Any]:
    """What `wizard list` shows of one record (and prints as JSON): its status, recommendation, and
    whether the questionnaire or prices changed since it was made."""
    loaded = questionnaires.maybe(record, path)
    ref = record.questionnaire
    questionnaire_changed: bool | None = None
    pricing_changed: bool | None = None
    current_pricing: dict[str, str] | None = None
    if loaded is not None:
        questionnaire_changed = loaded.sha256 != ref.sha256
        current = questionnaires.current_pricing(loaded)
        if current is not None:
            pricing_path, pricing = current
            current_pricing = {"as_of": pricing.as_of.isoformat(), "file": pricing_path.name}
            if record.cost is not None:
                saved = record.cost.pricing
                pricing_changed = (saved.as_of != pricing.as_of
                                   or (bool(saved.file) and saved.file != pricing_path.name))
    return {
        "file": path.name,
        "path": str(path),
        "date": record.date.isoformat(),
        "title": record.title,
        "status": record.status.value,
        "superseded_by": record.superseded_by,
        "recommended": record.result.recommended,
        "recommended_label": label_of(loaded, record.result.recommended),
        "confidence": record.result.confidence,
        "questionnaire": {
            "id": ref.id,
            "version": ref.version,
            "current_version": loaded.questionnaire.version if loaded else None,
            "found": loaded is not None,
            "changed": questionnaire_changed,
        },
        "pricing": {
            "as_of": record.cost.pricing.as_of.isoformat() if record.cost else None,
            "file": record.cost.pricing.file if record.cost else None,
            "current": current_pricing,
            "changed": pricing_changed,
        },
        "rescored": record.rescored.isoformat() if record.rescored else None,
        "tags": list(record.tags),
        **review_fields(record.review_by, dt.date.today()),
    }
