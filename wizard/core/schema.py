"""JSON Schemas of the file formats, generated from their models."""

from __future__ import annotations

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
