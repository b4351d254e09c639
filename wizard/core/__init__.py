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
    "Value": "wizard.core.conditions",
    "Evaluation": "wizard.core.engine",
    "check_answers": "wizard.core.engine",
    "evaluate": "wizard.core.engine",
    "visible_questions": "wizard.core.engine",
    "Evaluator": "wizard.core.evaluator",
    "known_facts": "wizard.core.evaluator",
    "FactProvider": "wizard.core.facts",
    "Finding": "wizard.core.lint",
    "lint": "wizard.core.lint",
    "LoadedQuestionnaire": "wizard.core.questionnaire",
    "Question": "wizard.core.questionnaire",
    "Questionnaire": "wizard.core.questionnaire",
    "load_questionnaire": "wizard.core.questionnaire",
    "bundled_questionnaires": "wizard.core.catalog",
    "default_questionnaire_path": "wizard.core.catalog",
    "CostEstimate": "wizard.core.cost",
    "Workload": "wizard.core.cost",
    "estimate": "wizard.core.cost",
    "Pricing": "wizard.core.pricing",
    "load_pricing": "wizard.core.pricing",
    "AnswersFile": "wizard.core.records",
    "DecisionRecord": "wizard.core.records",
    "Status": "wizard.core.records",
    "default_record_path": "wizard.core.records",
    "load_answers": "wizard.core.records",
    "load_record": "wizard.core.records",
    "make_record": "wizard.core.records",
    "record_to_toml": "wizard.core.records",
    "save_record": "wizard.core.records",
    "Result": "wizard.core.result",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wizard.core' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from wizard.core.catalog import bundled_questionnaires, default_questionnaire_path
    from wizard.core.conditions import Value
    from wizard.core.cost import CostEstimate, Workload, estimate
    from wizard.core.engine import Evaluation, check_answers, evaluate, visible_questions
    from wizard.core.errors import AnswersError, InputFileError, WizardError, WriteError
    from wizard.core.evaluator import Evaluator, known_facts
    from wizard.core.facts import FactProvider
    from wizard.core.lint import Finding, lint
    from wizard.core.pricing import Pricing, load_pricing
    from wizard.core.questionnaire import LoadedQuestionnaire, Question, Questionnaire, load_questionnaire
    from wizard.core.records import (
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
    from wizard.core.result import Result
