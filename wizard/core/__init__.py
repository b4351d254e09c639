"""The headless core: questionnaire model, rule engine, decision records.

Nothing here imports Textual or Rich, so scripts and CI can use it without a terminal:

    from wizard.core import load_questionnaire, evaluate
    loaded = load_questionnaire("questionnaires/lambda-vs-ec2.toml")
    result = evaluate(loaded.questionnaire, {"requests_per_month": 3_000_000, ...}).result
    print(result.recommended, result.confidence)
"""

from wizard.core.catalog import bundled_questionnaires, default_questionnaire_path
from wizard.core.conditions import Value
from wizard.core.engine import Evaluation, check_answers, evaluate, visible_questions
from wizard.core.errors import AnswersError, InputFileError, WizardError, WriteError
from wizard.core.facts import FactProvider
from wizard.core.lint import Finding, lint
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

__all__ = [
    "AnswersError", "AnswersFile", "DecisionRecord", "Evaluation", "FactProvider", "Finding",
    "InputFileError", "LoadedQuestionnaire", "Question", "Questionnaire", "Result", "Status", "Value",
    "WizardError", "WriteError", "bundled_questionnaires", "check_answers", "default_questionnaire_path",
    "default_record_path", "evaluate", "lint", "load_answers", "load_questionnaire", "load_record",
    "make_record", "record_to_toml", "save_record", "visible_questions",
]
