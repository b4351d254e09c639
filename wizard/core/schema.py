"""JSON Schemas of the file formats, generated from their models."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from wizard.core.questionnaire import Questionnaire
from wizard.core.records import AnswersFile, DecisionRecord

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
    """
    from wizard.core.tomlio import atomic_write_text

    written = []
    for kind in kinds or SCHEMAS:
        path = Path(directory) / schema_file_name(kind)
        atomic_write_text(path, schema_text(kind), overwrite=True)
        written.append(path)
    return written
