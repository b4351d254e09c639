"""A questionnaire ready to evaluate answers: with its pricing and derived-fact providers.

The CLI and the full-screen app both go through this one object, so a score, a cost and a saved
record are always made the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from wizard.core.questionnaire.conditions import Value
from wizard.core.cost import COST_FACTS, CostEstimate, CostFacts, estimate, workload_from_answers
from wizard.core.scoring.engine import Evaluation, evaluate
from wizard.core.errors import WizardError
from wizard.core.scoring.facts import FactProvider
from wizard.core.pricing.model import Pricing, load_pricing
from wizard.core.questionnaire.model import LoadedQuestionnaire


def known_facts() -> dict[str, str]:
    """Every derived fact the shipped providers can compute (what a condition's `fact` may name)."""
    return dict(COST_FACTS)


def pricing_path_for(loaded: LoadedQuestionnaire, override: Path | None = None) -> Path | None:
    """The pricing file to use: the one given, else the questionnaire's `pricing` (relative to it)."""
    if override is not None:
        return override
    if loaded.questionnaire.pricing:
        return loaded.path.parent / loaded.questionnaire.pricing
    return None


@dataclass(frozen=True)
class Evaluator:
    loaded: LoadedQuestionnaire
    pricing: Pricing | None = None
    pricing_path: Path | None = None
    providers: tuple[FactProvider, ...] = field(default=())

    @classmethod
    def load(cls, loaded: LoadedQuestionnaire, pricing_override: Path | None = None) -> Evaluator:
        path = pricing_path_for(loaded, pricing_override)
        if path is None:
            return cls(loaded=loaded)
        pricing = load_pricing(path)
        return cls(loaded=loaded, pricing=pricing, pricing_path=path, providers=(CostFacts(pricing),))

    def evaluate(self, answers: Mapping[str, object], *, sensitivity: bool = False) -> Evaluation:
        return evaluate(self.loaded.questionnaire, answers, providers=self.providers, sensitivity=sensitivity)

    def priced(self, answers: Mapping[str, Value], curve_points: int = 0, *,
               with_break_even: bool = True) -> tuple[CostEstimate | None, str | None]:
        """Both bills, break-even and assumptions for these answers, or why there are none although
        the answers describe a workload (for example no instance type in the pricing file has the
        memory asked for). (None, None) without pricing or without a complete workload."""
        if self.pricing is None:
            return None, None
        try:
            workload = workload_from_answers(answers, self.loaded.questionnaire)
            if workload is None:
                return None, None
            return estimate(workload, self.pricing, curve_points,
                            pricing_file=self.pricing_path.name if self.pricing_path else None,
                            with_break_even=with_break_even), None
        except WizardError as exc:
            return None, exc.message

    def cost(self, answers: Mapping[str, Value], curve_points: int = 0) -> CostEstimate | None:
        """Both bills, break-even and assumptions for these answers; None without pricing or workload facts."""
        return self.priced(answers, curve_points)[0]

    def cost_problem(self, answers: Mapping[str, Value]) -> str | None:
        """Why there is no cost estimate although the answers describe a workload; None otherwise."""
        return self.priced(answers)[1]
