"""Answers given from outside the app: `--set id=value` on the command line, and what is still open.

An answers file (or a record) gives a set of answers; `--set` adds or overrides single ones, typed
by the question's kind, and they are checked exactly as an answers file's are (`check_answers`),
so `--set memory_mb=99999` and `memory_mb = 99999` in a file give the same message:

    wizard score answers.toml --set memory_mb=1024 --set workload_type=api,batch --set needs_gpu=no

- single, text: the value as typed (`--set ops_team=none`);
- multi: choices separated by commas (`--set workload_type=api,batch`; nothing after `=`: none);
- number: as people type it (`3M`, `1,500`, `2.5`, `1e6`; see `numbers.parse_number`);
- boolean: `true`/`false`, `yes`/`no`, `on`/`off`, `1`/`0`.

A value that does not read as its kind is passed on as text, so that the message is the one the
questionnaire gives (`expected a number, got text "lots"`). Pure: no files, no terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from wizard.core.questionnaire.conditions import Value
from wizard.core.scoring.engine import check_answers
from wizard.core.errors import AnswersError, shown
from wizard.core.questionnaire.model import Questionnaire
from wizard.core.scoring.result import Result

#: Where the problems of `--set` values are reported from (`wizard: --set: question "x": ...`).
SET_SOURCE = "--set"


def typed_value(questionnaire: Questionnaire, qid: str, text: str) -> Value:
    """`text` as an answer to question `qid`, read by the question's kind (`typed`; text when unknown)."""
    question = questionnaire.question_index.get(qid)
    if question is None:
        return text
    return question.typed(text)


def parse_sets(questionnaire: Questionnaire, items: Sequence[str]) -> dict[str, Value]:
    """`id=value` items as answers (a later item for the same id wins); `AnswersError` from
    `--set` listing every item that is malformed or does not fit, one line each."""
    answers: dict[str, Value] = {}
    problems: list[str] = []
    for item in items:
        qid, sep, text = item.partition("=")
        qid = qid.strip()
        if not sep or not qid:
            problems.append(f'expected id=value, got "{shown(item)}"')
            continue
        answers[qid] = typed_value(questionnaire, qid, text.strip())
    _, found = check_answers(questionnaire, answers)
    problems += [p.message for p in found]
    if problems:
        raise AnswersError(SET_SOURCE, problems)
    return answers


def merged(answers: Mapping[str, Value], sets: Mapping[str, Value]) -> dict[str, Value]:
    """The answers with the `--set` ones added or put in their place."""
    return {**answers, **sets}


def unanswered_required(result: Result) -> list[str]:
    """Ids of the shown required questions that have no answer, in the questionnaire's order."""
    return [p.question for p in result.errors if p.question is not None and p.code == "unanswered"]


def first_open_stage(questionnaire: Questionnaire, open_questions: Iterable[str]) -> int:
    """Index of the first stage holding one of `open_questions`, or of the last stage when none is
    open: where the app starts on answers given from a file."""
    wanted = set(open_questions)
    for index, stage in enumerate(questionnaire.stages):
        if any(q.id in wanted for q in stage.questions):
            return index
    return len(questionnaire.stages) - 1
