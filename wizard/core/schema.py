"""JSON Schemas of the file formats, generated from their models."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from wizard.core.questionnaire.model import Questionnaire
from wizard.core.records.model import AnswersFile, DecisionRecord

SCHEMAS: dict[str, type[BaseModel]] = {
    "questionnaire": Questionnaire,
    "answers": AnswersFile,
    "record": DecisionRecord,
}


def json_schema(kind: str) -> dict[str, Any]:
    model = SCHEMAS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", model.__name__)
    return schema


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path, kinds: Iterable[str] | None = None) -> list[Path]:
    """Write `<kind>.schema.json` for each kind (all by default) into `directory`, atomically.

    `wizard schema --write schemas` at a git root makes records saved in that repository start
    with a `#:schema` line pointing at `schemas/record.schema.json` (see `records.schema_ref_for`).
    All or nothing: when one cannot be written, those already written are put back as they were
    and the directories this call created are removed, so a failure leaves nothing behind.
    """
    from wizard.core.errors import InputFileError, WriteError
    from wizard.core.files.atomic_write import atomic_write_bytes, atomic_write_text, remove_file
    from wizard.core.files.tomlio import read_bytes

    directory = Path(directory)
    created = [d for d in (directory, *directory.parents) if not d.exists()]  # deepest first
    written: list[tuple[Path, bytes | None]] = []
    try:
        for kind in kinds or SCHEMAS:
            path = directory / schema_file_name(kind)
            try:
                before: bytes | None = read_bytes(path)
            except InputFileError:
                before = None
            atomic_write_text(path, schema_text(kind), overwrite=True)
            written.append((path, before))
    except WriteError:
        for path, before in reversed(written):
            with contextlib.suppress(WriteError):
                if before is None:
                    remove_file(path)
                else:
                    atomic_write_bytes(path, before, overwrite=True)
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return [path for path, _ in written]
