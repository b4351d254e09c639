"""`wizard score`: score an answers file or a decision record."""

from __future__ import annotations

import argparse
import sys

from wizard.cli.output import say_json

from wizard.core.questionnaire.catalog import resolve_questionnaire
from wizard.core.errors import AnswersError, WizardError, escape_controls
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.records.model import evaluated_record, load_answers, record_to_toml
from wizard.core.scoring.result import Problem

#: Unanswered required questions named in the one-line summary.
NAMED_MISSING = 3


def run_score(args: argparse.Namespace) -> int:
    name = escape_controls(str(args.answers))
    answers_file, record = load_answers(args.answers)
    loaded = resolve_questionnaire(args.questionnaire, answers_file.questionnaire, asked_by=args.answers)
    questionnaire = loaded.questionnaire
    if answers_file.questionnaire and answers_file.questionnaire != questionnaire.id:
        raise WizardError(f'{args.answers}: the answers are for questionnaire "{answers_file.questionnaire}", '
                          f'not "{questionnaire.id}" ({loaded.path})')
    evaluator = Evaluator.load(loaded, args.pricing)
    from wizard.cli.authoring import warn_findings

    findings = warn_findings([loaded], args.pricing)
    answers = answers_file.answers
    if args.set_answers:
        from wizard.core.scoring.answers_in import merged, parse_sets

        answers = merged(answers, parse_sets(questionnaire, args.set_answers))
    evaluation = evaluator.evaluate(answers, sensitivity=True)
    result = evaluation.result
    blocking = [p for p in result.errors if not (args.partial and p.code == "unanswered")]
    if blocking:
        raise AnswersError(str(args.answers), _blocking_lines(blocking, set(questionnaire.question_index)))
    for problem in result.problems:
        if problem.severity != "error":
            print(f"wizard: {name}: {escape_controls(problem.message)}", file=sys.stderr)
    cost, cost_problem = evaluator.priced(evaluation.answers)
    if cost_problem:  # the workload is answered but cannot be priced: say why rather than leave it out
        print(f"wizard: {name}: no cost estimate: {escape_controls(cost_problem)}", file=sys.stderr)

    if args.format == "json":
        payload = {"questionnaire": {"id": questionnaire.id, "version": questionnaire.version,
                                     "sha256": loaded.sha256},
                   **result.summary(),
                   "cost": cost.to_json() if cost else None,
                   "cost_problem": cost_problem}
        say_json(payload)
    elif args.format == "toml":
        title = args.title or answers_file.title or f"{questionnaire.title}: {args.answers.stem}"
        if record is not None:
            out = evaluated_record(evaluator, evaluation, title=title, date=record.date, status=record.status,
                                   deciders=record.deciders, context=record.context, tags=record.tags,
                                   supersedes=record.supersedes, review_by=record.review_by,
                                   consulted=record.consulted, informed=record.informed)
        else:
            out = evaluated_record(evaluator, evaluation, title=title)
        sys.stdout.write(record_to_toml(out))
    else:
        from wizard.cli.report import print_report

        from wizard.core.scoring.result_words import NO_PRICING

        print_report(questionnaire, result, cost, cost_note=NO_PRICING if evaluator.pricing is None else None)
    return 1 if findings and getattr(args, "strict", False) else 0


def _blocking_lines(blocking: list[Problem], known: set[str]) -> list[str]:
    """One line per problem; but when some answers name unknown question ids, the required questions
    left unanswered (often the ones those ids misspell) are summed up in one line after them."""
    missing = [p for p in blocking if p.code == "unanswered"]
    unknown = any(p.question is not None and p.question not in known for p in blocking)
    if not unknown or len(missing) < 2:
        return [p.message for p in blocking]
    named = ", ".join(str(p.question) for p in missing[:NAMED_MISSING])
    more = ", ..." if len(missing) > NAMED_MISSING else ""
    summary = (f"{len(missing)} required questions not answered (first: {named}{more}); "
               "use --partial to score anyway")
    return [p.message for p in blocking if p.code != "unanswered"] + [summary]
