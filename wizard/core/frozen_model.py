"""The base of the file formats' and the results' models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Frozen, no keys the format does not name, and validators built on a model's first use rather
    than when its module is imported: a start validates a few top-level models (the questionnaire, the
    pricing file, a result) and most of the others are only ever checked inside their parents
    (docs/performance.md, "App start-up and memory")."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
