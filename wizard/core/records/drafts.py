"""Drafts: the answers of an unfinished decision, saved on every change so that nothing is lost.

One draft per project (the git root, or the current directory outside git), kept in the user's
data directory (platformdirs; `WIZARD_DATA_DIR` overrides it). A draft is written atomically, so
a killed terminal leaves either the previous draft or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field

from wizard.core.frozen_model import FrozenModel
from wizard.core.questionnaire.conditions import Value
from wizard.core.errors import InputFileError
# Where drafts live is decided without pydantic (the app checks for a draft before its first frame).
from wizard.core.files.atomic_write import atomic_write_text, remove_file
from wizard.core.files.paths import data_dir, draft_path, project_root
from wizard.core.files.tomlio import dump_toml, load_model


class Draft(FrozenModel):
    format_version: int = 1
    project: str = Field(description="The project directory the draft belongs to.")
    questionnaire_path: str
    questionnaire_id: str
    updated: dt.datetime
    stage: str | None = Field(None, description="The stage the user was on.")
    record_path: str | None = Field(
        None, description="The record being revised, when the draft came from `wizard open`."
    )
    answers: dict[str, Value] = Field(default_factory=dict)
    suggested: list[str] = Field(
        default_factory=list, description="Answers that are the questionnaire's suggestions, accepted unchanged."
    )


def save_draft(draft: Draft) -> Path:
    path = draft_path(Path(draft.project))
    atomic_write_text(path, dump_toml(draft.model_dump(mode="python", exclude_none=True)), overwrite=True)
    return path


def load_draft(project: Path | None = None) -> Draft | None:
    """The project's draft, or None when there is none. An unreadable draft raises `InputFileError`."""
    path = draft_path(project)
    if not path.exists():
        return None
    return load_model(Draft, path)


def delete_draft(project: Path | None = None) -> None:
    """Delete the project's draft, if any; one that cannot be deleted is a `WriteError`."""
    remove_file(draft_path(project))


__all__ = [
    "Draft",
    "InputFileError",
    "data_dir",
    "delete_draft",
    "draft_path",
    "load_draft",
    "project_root",
    "save_draft",
]
