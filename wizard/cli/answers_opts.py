"""Answers in, app or no app: `wizard new --answers FILE [--set id=value]... [--no-input --save PATH]`
and `wizard score --set`.

`wizard new --answers FILE` opens the app with the file's answers (an answers file or a record)
filled in, on the first stage with an unanswered required question. With `--no-input` it writes the
record without the app, or fails with exit 2 naming every required question still unanswered.
`--set id=value` (repeatable) adds or overrides single answers (see `wizard.core.scoring.answers_in`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.errors import AnswersError, WizardError, escape_controls
from wizard.core.records.status import Status

if TYPE_CHECKING:
    from wizard.core.scoring.engine import Evaluation
    from wizard.core.scoring.evaluator import Evaluator
    from wizard.core.records.model import DecisionRecord

EXIT_OK = 0


def add_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set", action="append", default=[], metavar="ID=VALUE", dest="set_answers",
        help="add or override one answer, typed by the question's kind (repeatable): "
             "--set memory_mb=1024 --set workload_type=api,batch --set needs_gpu=no",
    )


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _review_date(text: str) -> dt.date:
    from wizard.core.records.review import parse_review_by

    try:
        return parse_review_by(text, dt.date.today())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_new_options(parser: argparse.ArgumentParser) -> None:
    """The options of `wizard new` that give answers and, with --no-input, the record's fields."""
    parser.add_argument("--answers", type=Path, metavar="FILE",
                        help="start with these answers (an answers file or a decision record), on the first "
                             "stage with an unanswered required question")
    add_set_option(parser)
    parser.add_argument("--no-input", action="store_true",
                        help="write the record without the app (exit 2 listing the required questions "
                             "left unanswered)")
    parser.add_argument("--save", type=Path, metavar="PATH",
                        help="with --no-input: the record's file (default: docs/decisions/DATE-slug.toml, or --out)")
    parser.add_argument("--force", action="store_true", help="with --no-input: replace an existing file")
    parser.add_argument("--title", help="with --no-input: the record's title (default: the answers file's)")
    parser.add_argument("--status", choices=[s.value for s in Status if s is not Status.SUPERSEDED],
                        default=Status.PROPOSED.value, help="with --no-input: the record's status")
    parser.add_argument("--deciders", type=_names, default=(), metavar="A,B",
                        help="with --no-input: who decided (comma-separated)")
    parser.add_argument("--consulted", type=_names, default=(), metavar="A,B",
                        help="with --no-input: whose opinion was sought (MADR 4)")
    parser.add_argument("--informed", type=_names, default=(), metavar="A,B",
                        help="with --no-input: who is kept up to date (MADR 4)")
    parser.add_argument("--context", default="", help="with --no-input: the problem and what constrains it")
    parser.add_argument("--review-by", type=_review_date, metavar="DATE",
                        help="with --no-input: when to look at the decision again: a date (2027-06-01) "
                             "or a span from today (90d, 6w, 12m, 2y)")


def gives_answers(args: argparse.Namespace) -> bool:
    """Whether `wizard new` was given answers or asked to run without the app."""
    return bool(getattr(args, "answers", None) or getattr(args, "set_answers", None)
                or getattr(args, "no_input", False))


def run_new(args: argparse.Namespace, run_app: Callable[..., int]) -> int:
    """`wizard new` with answers: the app on the first open stage, or (--no-input) the record written."""
    from wizard.core.scoring.answers_in import first_open_stage, merged, parse_sets, unanswered_required
    from wizard.core.questionnaire.catalog import resolve_questionnaire
    from wizard.core.scoring.evaluator import Evaluator
    from wizard.core.records.model import AnswersFile, load_answers

    answers_file, record = load_answers(args.answers) if args.answers is not None else (AnswersFile(), None)
    loaded = resolve_questionnaire(args.questionnaire, answers_file.questionnaire, asked_by=args.answers)
    questionnaire = loaded.questionnaire
    if answers_file.questionnaire and answers_file.questionnaire != questionnaire.id:
        raise WizardError(f'{args.answers}: the answers are for questionnaire "{answers_file.questionnaire}", '
                          f'not "{questionnaire.id}" ({loaded.path})')
    answers = merged(answers_file.answers, parse_sets(questionnaire, args.set_answers))
    evaluator = Evaluator.load(loaded, args.pricing)
    from wizard.cli.authoring import warn_findings

    if warn_findings([loaded], args.pricing) and getattr(args, "strict", False):
        return 1  # the findings are on stderr; --strict stops here, as `wizard check --strict` would fail
    evaluation = evaluator.evaluate(answers, sensitivity=args.no_input)
    source = str(args.answers) if args.answers is not None else "--set"
    missing = unanswered_required(evaluation.result)
    others = [p.message for p in evaluation.result.errors if p.question not in missing]
    if others:  # answers that do not fit: the same lines as `wizard score`
        raise AnswersError(source, others)
    if not args.no_input:
        return run_app(questionnaire=loaded.path, pricing=args.pricing, new=True, out_dir=args.out,
                       answers=dict(evaluation.answers),
                       stage_index=first_open_stage(questionnaire, missing))
    if missing:
        raise WizardError(f"{source}: {len(missing)} required question{'s' if len(missing) != 1 else ''} "
                          f"not answered: {', '.join(missing)} (answer them in the file or with --set id=value)")
    return _write(args, evaluator, evaluation, answers_file.title, record)


def _write(args: argparse.Namespace, evaluator: Evaluator, evaluation: Evaluation, file_title: str | None,
           record: DecisionRecord | None) -> int:
    from wizard.core.records.model import default_record_path, save_record

    title = args.title or file_title or (f"{evaluator.loaded.questionnaire.title}: {args.answers.stem}"
                                         if args.answers is not None else evaluator.loaded.questionnaire.title)
    today = dt.date.today()
    path = args.save if args.save is not None else default_record_path(title, today, args.out)
    from wizard.core.records.model import evaluated_record

    new = evaluated_record(evaluator,
        evaluation, title=title, date=today, status=Status(args.status),
        deciders=args.deciders or (record.deciders if record else ()),
        context=args.context or (record.context if record else ""),
        tags=record.tags if record else (),
        review_by=args.review_by, consulted=args.consulted, informed=args.informed,
    )
    for problem in evaluation.result.problems:
        if problem.severity != "error":
            print(f"wizard: {escape_controls(str(args.answers or '--set'))}: {escape_controls(problem.message)}",
                  file=sys.stderr)
    save_record(new, path, overwrite=args.force)
    print(escape_controls(f"wrote {path}: {new.result.recommended or 'no option'} "
                          f"(confidence {new.result.confidence})"))
    return EXIT_OK
