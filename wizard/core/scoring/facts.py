"""The hook through which other modules add derived facts (e.g. computed monthly costs).

A provider turns the shown, valid answers into named values; rules and constraints compare them
with `fact = "name"` exactly as they compare answers with `question = "id"`. Fact names carry a
dot (`cost.ratio`), so they never collide with question ids. Question `when` conditions cannot
use facts: facts are computed from the answers of shown questions, after visibility is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from wizard.core.questionnaire.conditions import Value
from wizard.core.questionnaire.model import Questionnaire


class FactProvider(Protocol):
    #: Short name of the provider, e.g. "cost".
    name: str
    #: The answers the facts are computed from; None when any answer may matter. The engine reuses
    #: facts when only other answers change (sensitivity tries many alternatives).
    inputs: frozenset[str] | None

    def declared(self) -> Mapping[str, str]:
        """Every fact this provider may compute, with a one-line description."""
        ...

    def compute(self, questionnaire: Questionnaire, answers: Mapping[str, Value]) -> Mapping[str, Value]:
        """Facts for these answers; a fact that cannot be computed (missing inputs) is left out."""
        ...


def declared_facts(providers: tuple[FactProvider, ...]) -> dict[str, str]:
    facts: dict[str, str] = {}
    for provider in providers:
        facts.update(provider.declared())
    return facts
