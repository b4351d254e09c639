"""The headless core: questionnaire model, rule engine, cost model, decision records.

Nothing here imports Textual or Rich, so scripts and CI can use it without a terminal:

    from wizard.core import Evaluator, load_questionnaire
    evaluator = Evaluator.load(load_questionnaire("questionnaires/lambda-vs-ec2.toml"))
    result = evaluator.evaluate({"requests_per_month": 3_000_000, ...}).result
    print(result.recommended, result.confidence)

The names below are loaded on first use, so importing one module of the core (as every command
does) does not import all of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "AnswersError": "wizard.core.errors",
    "InputFileError": "wizard.core.errors",
    "WizardError": "wizard.core.errors",
    "WriteError": "wizard.core.errors",
    "Value": "wizard.core.questionnaire.conditions",
    "Evaluation": "wizard.core.scoring.engine",
    "check_answers": "wizard.core.scoring.engine",
    "evaluate": "wizard.core.scoring.engine",
    "visible_questions": "wizard.core.scoring.engine",
    "Evaluator": "wizard.core.scoring.evaluator",
    "known_facts": "wizard.core.scoring.evaluator",
    "FactProvider": "wizard.core.scoring.facts",
    "Finding": "wizard.core.questionnaire.lint",
    "lint": "wizard.core.questionnaire.lint",
    "LoadedQuestionnaire": "wizard.core.questionnaire.model",
    "Question": "wizard.core.questionnaire.model",
    "Questionnaire": "wizard.core.questionnaire.model",
    "load_questionnaire": "wizard.core.questionnaire.model",
    "bundled_questionnaires": "wizard.core.questionnaire.catalog",
    "default_questionnaire_path": "wizard.core.questionnaire.catalog",
    "CostEstimate": "wizard.core.cost",
    "Workload": "wizard.core.cost",
    "estimate": "wizard.core.cost",
    "Pricing": "wizard.core.pricing.model",
    "load_pricing": "wizard.core.pricing.model",
    "AnswersFile": "wizard.core.records.model",
    "DecisionRecord": "wizard.core.records.model",
    "Status": "wizard.core.records.model",
    "default_record_path": "wizard.core.records.model",
    "load_answers": "wizard.core.records.model",
    "load_record": "wizard.core.records.model",
    "make_record": "wizard.core.records.model",
    "record_to_toml": "wizard.core.records.model",
    "save_record": "wizard.core.records.model",
    "Result": "wizard.core.scoring.result",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wizard.core' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from wizard.core.questionnaire.catalog import bundled_questionnaires, default_questionnaire_path
    from wizard.core.questionnaire.conditions import Value
    from wizard.core.cost import CostEstimate, Workload, estimate
    from wizard.core.scoring.engine import Evaluation, check_answers, evaluate, visible_questions
    from wizard.core.errors import AnswersError, InputFileError, WizardError, WriteError
    from wizard.core.scoring.evaluator import Evaluator, known_facts
    from wizard.core.scoring.facts import FactProvider
    from wizard.core.questionnaire.lint import Finding, lint
    from wizard.core.pricing.model import Pricing, load_pricing
    from wizard.core.questionnaire.model import LoadedQuestionnaire, Question, Questionnaire, load_questionnaire
    from wizard.core.records.model import (
        AnswersFile,
        DecisionRecord,
        Status,
        default_record_path,
        load_answers,
        load_record,
        make_record,
        record_to_toml,
        save_record,
    )
    from wizard.core.scoring.result import Result
