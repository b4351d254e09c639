"""Decision records and answers files: their formats, reading, writing and default place.

A record is the answers plus the full result, with the questionnaire's id, version and digest,
so that anyone can later see what was decided, on what grounds, and whether it still holds.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wizard import TOOL_NAME, __version__
from wizard.core.conditions import Value
from wizard.core.cost import CostEstimate
from wizard.core.errors import SchemaError
from wizard.core.paths import decisions_dir
from wizard.core.questionnaire import LoadedQuestionnaire
from wizard.core.result import Result
from wizard.core.tomlio import atomic_write_text, dump_toml, parse_toml, read_bytes, validate

RECORD_FORMAT_VERSION = 1


class Status(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnswersFile(_Model):
    """An answers file: `[answers]` with one `id = value` line per question."""

    format_version: Literal[1] = 1
    questionnaire: str | None = Field(None, description="Id of the questionnaire the answers are for.")
    title: str | None = Field(None, description="Title used when the answers become a decision record.")
    answers: dict[str, Value] = Field(default_factory=dict)


class QuestionnaireRef(_Model):
    id: str
    version: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Digest of the questionnaire file's bytes.")
    file: str = Field("", description="File name of the questionnaire when the record was made.")


class ToolRef(_Model):
    name: str = TOOL_NAME
    version: str = __version__


class DecisionRecord(_Model):
    format_version: Literal[1] = RECORD_FORMAT_VERSION
    title: str = Field(min_length=1)
    date: dt.date
    status: Status = Status.PROPOSED
    deciders: tuple[str, ...] = ()
    context: str = ""
    tags: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = Field((), description="Records this one replaces (file names).")
    superseded_by: str | None = Field(None, description="The record that replaced this one (file name).")
    questionnaire: QuestionnaireRef
    tool: ToolRef = ToolRef()
    answers: dict[str, Value] = Field(default_factory=dict)
    result: Result
    cost: CostEstimate | None = Field(None, description="Both monthly bills, break-even and assumptions, when the questionnaire has pricing.")


def make_record(
    loaded: LoadedQuestionnaire,
    answers: Mapping[str, Value],
    result: Result,
    *,
    title: str,
    date: dt.date | None = None,
    status: Status = Status.PROPOSED,
    deciders: tuple[str, ...] = (),
    context: str = "",
    tags: tuple[str, ...] = (),
    supersedes: tuple[str, ...] = (),
    cost: CostEstimate | None = None,
) -> DecisionRecord:
    q = loaded.questionnaire
    return DecisionRecord(
        title=title, date=date or dt.date.today(), status=status, deciders=deciders, context=context,
        tags=tags, supersedes=supersedes,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, sha256=loaded.sha256, file=loaded.path.name),
        answers=dict(answers), result=result, cost=cost,
    )


def record_to_toml(record: DecisionRecord) -> str:
    return dump_toml(record.model_dump(mode="python", exclude_none=True))


def save_record(record: DecisionRecord, path: Path, *, overwrite: bool = False) -> Path:
    """Write the record atomically; an existing file is replaced only when `overwrite` is set."""
    atomic_write_text(path, record_to_toml(record), overwrite=overwrite)
    return path


def parse_record(data: Mapping[str, Any], path: Path | str) -> DecisionRecord:
    return validate(DecisionRecord, data, path)


def load_record(path: Path | str) -> DecisionRecord:
    path = Path(path)
    return parse_record(parse_toml(read_bytes(path), path), path)


def is_record(data: Mapping[str, Any]) -> bool:
    return isinstance(data.get("questionnaire"), Mapping) and "result" in data


def load_answers(path: Path | str) -> tuple[AnswersFile, DecisionRecord | None]:
    """Read an answers file, or a decision record (whose answers are then used)."""
    path = Path(path)
    data = parse_toml(read_bytes(path), path)
    if is_record(data):
        record = parse_record(data, path)
        return AnswersFile(questionnaire=record.questionnaire.id, title=record.title, answers=record.answers), record
    if "answers" not in data:
        raise SchemaError(path, "answers: required table is missing (expected [answers] with one id = value per question)")
    return validate(AnswersFile, data, path), None


def slugify(title: str, max_length: int = 60) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "decision"


def default_record_path(title: str, date: dt.date, directory: Path | None = None) -> Path:
    directory = directory if directory is not None else decisions_dir()
    return directory / f"{date.isoformat()}-{slugify(title)}.toml"
