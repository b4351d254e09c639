"""The `wizard` command: argument parsing and dispatch.

Subcommands that need no terminal UI import neither Textual nor the app, so they start fast and
run in CI. Every `WizardError` becomes one line on stderr and exit code 2; nothing else escapes
as a traceback except a genuine bug.

Its size: one argument parser for every subcommand, with each option's help; the commands
themselves live in their own modules (`wizard/cli/commands/`, `score.py`, `cost.py`...).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from wizard import __version__
from wizard.cli.output import usage_error
from wizard.core.errors import AnswersError, WizardError, one_line

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


NO_TERMINAL = (
    "wizard: the full-screen wizard needs a terminal (stdin and stdout); "
    "for scripts use wizard score, wizard check or wizard cost"
)


class _Parser(argparse.ArgumentParser):
    """A usage error is one line on stderr and exit 2, without argparse's usage block (`--help` has it).

    Subparsers are made with this class too (`add_subparsers(parser_class=_Parser)`), so `self.prog`
    names the command: `wizard rescore: argument --jobs: ...`."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, usage_error(self.prog, message) + "\n")


def positive_int(text: str) -> int:
    """A count as typed on the command line: 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wizard",
        description="Choose between AWS Lambda and Amazon EC2 with a questionnaire whose every point is explained.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = sub.add_parser("new", help="start a new decision in the full-screen wizard",
                         description="Open the full-screen wizard straight on a new decision "
                                     "(`wizard` alone opens the welcome screen: new, resume a draft, open a record).")
    new.add_argument(
        "--questionnaire", type=Path, metavar="PATH", help="questionnaire file (default: choose on the welcome screen)"
    )
    new.add_argument(
        "--out", type=Path, metavar="DIR", help="where records go (default: docs/decisions/ at the git root)"
    )
    new.add_argument("--pricing", type=Path, metavar="PATH", help="pricing file for the cost model")
    from wizard.cli.answers_opts import add_new_options, add_set_option
    from wizard.cli.authoring import add_strict_option

    add_new_options(new)
    add_strict_option(new)

    open_ = sub.add_parser(
        "open",
        help="revise a saved decision record in the full-screen wizard",
        description="Open a decision record with its answers pre-filled; saving updates it "
        "or writes a new record that supersedes it.",
    )
    open_.add_argument("record", type=Path, metavar="RECORD.toml")
    open_.add_argument(
        "--questionnaire", type=Path, metavar="PATH", help="questionnaire file (default: the one the record names)"
    )
    open_.add_argument("--pricing", type=Path, metavar="PATH", help="pricing file for the cost model")
    add_strict_option(open_)

    score = sub.add_parser(
        "score",
        help="score an answers file (or a decision record)",
        description="Score an answers file ([answers] table of id = value) or a decision record.",
    )
    score.add_argument("answers", type=Path, metavar="ANSWERS.toml")
    score.add_argument(
        "--questionnaire",
        type=Path,
        metavar="PATH",
        help="questionnaire file (default: the one the answers name, else the bundled lambda-vs-ec2)",
    )
    score.add_argument(
        "--format",
        choices=("text", "json", "toml"),
        default="text",
        help="text: a readable report; json: the full result; toml: a decision record",
    )
    score.add_argument(
        "--pricing",
        type=Path,
        metavar="PATH",
        help="pricing file for the cost facts (default: the questionnaire's `pricing`)",
    )
    score.add_argument("--partial", action="store_true", help="score even when required questions are unanswered")
    score.add_argument("--title", help="title of the decision record printed by --format toml")
    add_set_option(score)
    add_strict_option(score)

    check = sub.add_parser(
        "check",
        help="validate and lint questionnaire files",
        description="Validate questionnaires against the schema and lint their logic. "
        "Exit 0 when clean, 1 when findings, 2 when a file cannot be read.",
    )
    check.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    check.add_argument("--strict", action="store_true", help="treat warnings as findings (exit 1)")

    cost = sub.add_parser(
        "cost",
        help="compare the monthly Lambda and EC2 bills of one workload",
        description="Price one workload on AWS Lambda and on an EC2 fleet sized for its peak, "
        "find the break-even volume and list every assumption.",
    )
    from wizard.cli.cost import add_cost_arguments

    add_cost_arguments(cost)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a file format, or write all of them",
        description="Print the JSON Schema of a file format, or write questionnaire.schema.json, "
        "answers.schema.json and record.schema.json into a directory with --write. "
        "Records saved in a git repository whose root holds schemas/record.schema.json "
        "start with a `#:schema` line pointing at it, for editors that validate TOML.",
    )
    schema.add_argument("kind", nargs="?", choices=("questionnaire", "answers", "record"), metavar="KIND",
                        help="questionnaire, answers or record")
    schema.add_argument(
        "--write",
        type=Path,
        metavar="DIR",
        help="write the schemas into DIR (only KIND's when given); e.g. `wizard schema --write schemas`",
    )

    _add_record_commands(sub)

    pricing = sub.add_parser(
        "pricing",
        help="build a pricing file from AWS's public price lists (wizard pricing import)",
        description="Pricing files from AWS's public Price List offers, so that nobody edits prices by "
        "hand to refresh them or move Region. See wizard pricing import --help.",
    )
    from wizard.cli.pricing_cmd import add_pricing_arguments

    add_pricing_arguments(pricing, _Parser)
    for command in sub.choices.values():  # so that an error about stray arguments names its command
        command.set_defaults(command_parser=command)
    return parser


_JOBS_HELP = ("worker processes for a directory (default: one per CPU, up to 8, from 200 records on Linux; "
              "1: none; never more than the CPUs)")
_UNREADABLE_NOTE = (
    "In a directory, a file that is no readable decision record (bad TOML, a foreign file) is "
    "listed as unreadable with its reason and the others are processed; exit code 2 then only "
    "when not one record could be read."
)


def _add_record_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    list_ = sub.add_parser(
        "list",
        help="list the decision records in a directory",
        description="List the decision records in DIR (default: docs/decisions/ at the git root): "
        "date, title, status, recommendation, confidence, questionnaire, and a mark "
        "when the questionnaire file or the prices changed since the record was made (below 110 "
        "columns: date, title, status and recommendation, with the rest under the title). "
        "Exit 0; 2 when DIR is missing (docs/decisions/, not made yet, holds no records: exit 0) or not one "
        "record could be read. " + _UNREADABLE_NOTE,
    )
    list_.add_argument("directory", type=Path, nargs="?", metavar="DIR")
    list_.add_argument("--format", choices=("text", "json"), default="text")
    list_.add_argument(
        "--questionnaire",
        type=Path,
        metavar="PATH",
        help="compare with this questionnaire (default: the one each record names)",
    )
    list_.add_argument(
        "--pricing", type=Path, metavar="PATH", help="compare with this pricing file (default: the questionnaire's)"
    )
    list_.add_argument("--jobs", type=positive_int, metavar="N", help=_JOBS_HELP)
    from wizard.cli.list_filters import add_list_filters, add_rescore_due

    add_list_filters(list_)

    show = sub.add_parser(
        "show",
        help="show a decision record like the result screen",
        description="Show a decision record: title, date, status, deciders and context, then the "
        "saved result (recommendation, scores, exclusions, contributions, cost, "
        "sensitivity). Exit 0; 2 when the record cannot be read.",
    )
    show.add_argument("record", type=Path, metavar="RECORD")
    show.add_argument("--format", choices=("text", "json"), default="text",
                      help="json: every field of the record (answers, scores, every contribution, cost), "
                           "with the written answers under their prompts")
    show.add_argument(
        "--questionnaire",
        type=Path,
        metavar="PATH",
        help="questionnaire for option labels and units (default: the one the record names)",
    )

    rescore = sub.add_parser(
        "rescore",
        help="re-evaluate records against the current questionnaire and prices",
        description="Evaluate each record's saved answers against the current questionnaire and prices and print "
        "what moved (recommendation, confidence, scores, exclusions, costs) and why (contributions that "
        "appeared, disappeared or changed). Answers that no longer fit (a removed question, a removed "
        "choice, a value out of range) are reported one by one and the rest are scored; such a record's "
        "verdict is `invalid`, and --update leaves it as it is. Exit 0 when every recommendation holds, 1 "
        "when any changed or any record's answers no longer fit, 2 on bad input (a named file that cannot "
        "be read). " + _UNREADABLE_NOTE,
    )
    rescore.add_argument("target", type=Path, nargs="?", metavar="RECORD|DIR",
                         help="a record or a directory of records (default: docs/decisions/ at the git root, as list; "
                              "not made yet, it holds no records)")
    rescore.add_argument(
        "--questionnaire",
        type=Path,
        metavar="PATH",
        help="questionnaire file (default: the one each record names, found by id)",
    )
    rescore.add_argument(
        "--pricing", type=Path, metavar="PATH", help="pricing file (default: the questionnaire's `pricing`)"
    )
    rescore.add_argument(
        "--update",
        action="store_true",
        help="write the new result and cost into each record that moved or whose questionnaire "
        "file changed (atomically), keeping answers, title, status, deciders, context, tags, "
        "dates and links; sets `rescored`",
    )
    rescore.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                         help="markdown: a pull-request comment (one line when every decision holds)")
    rescore.add_argument("--jobs", type=positive_int, metavar="N", help=_JOBS_HELP)
    add_rescore_due(rescore)
    from wizard.cli.authoring import add_strict_option

    add_strict_option(rescore)

    export = sub.add_parser(
        "export",
        help="export a record as a Markdown decision record (MADR 4.0)",
        description="Write a decision record as MADR 4.0 Markdown (front matter, context, "
        "drivers, options, outcome, consequences, pros and cons, cost table, link "
        "to the TOML record), to stdout or atomically to -o PATH. Exit 0; 2 when "
        "the record cannot be read or the file cannot be written.",
    )
    export.add_argument("record", type=Path, metavar="RECORD", nargs="?",
                        help="the record; with --index, the directory of records (default docs/decisions/)")
    export.add_argument("--format", choices=("markdown",), default="markdown")
    from wizard.cli.index_cmd import add_index_option

    add_index_option(export)
    export.add_argument("-o", "--output", type=Path, metavar="PATH", help="write here instead of stdout")
    export.add_argument("--link-base", type=Path, metavar="DIR",
                        help="the directory the Markdown will live in, for its link back to the record (default: "
                        "-o's directory, else the file stdout is redirected to, else the current directory)")
    export.add_argument(
        "--questionnaire",
        type=Path,
        metavar="PATH",
        help="questionnaire for option labels and units (default: the one the record names)",
    )

    supersede = sub.add_parser(
        "supersede",
        help="mark a record as superseded by another",
        description="Set OLD's status to superseded with superseded_by = NEW, and add OLD to "
        "NEW's supersedes; both files are written atomically, comments kept, and only if neither "
        "changed meanwhile. Exit 0; 2 when either cannot be read, they are the same file, or OLD is "
        "already superseded by another record (--force to replace that link).",
    )
    supersede.add_argument("old", type=Path, metavar="OLD")
    supersede.add_argument("new", type=Path, metavar="NEW")
    supersede.add_argument("--force", action="store_true",
                           help="supersede OLD even when another record already supersedes it "
                                "(that record then no longer lists OLD)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # named by the command they were given to: `wizard score: unrecognized arguments: --bogus`
        command: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        command.error(f"unrecognized arguments: {' '.join(extra)}")
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "score": _score,
        "check": _check,
        "schema": _schema,
        "cost": _cost,
        "new": _app,
        "open": _app,
        "list": _command("listing"),
        "show": _command("show"),
        "rescore": _command("rescore"),
        "export": _command("export"),
        "supersede": _command("supersede"),
        "pricing": _pricing,
    }
    if args.command is None:
        return _run_app()
    if args.command in ("new", "open"):  # the app draws on the terminal itself
        return _dispatch(handlers[args.command], args)
    from wizard.cli.output import STDOUT_CLOSED, guarded_stdout, stdout_closed

    if stdout_closed():
        if sys.stderr is not None:
            print(STDOUT_CLOSED, file=sys.stderr)
        return EXIT_BAD_INPUT
    with guarded_stdout() as guard:
        return _dispatch(lambda a: guard.finish(handlers[args.command](a)), args)


def _dispatch(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; every `WizardError` (and any OS error about a path) becomes one line and its exit code."""
    try:
        return handler(args)
    except AnswersError as exc:  # every answer that does not fit, one line each
        for problem in exc.problems:
            print(f"wizard: {exc.source}: {problem}", file=sys.stderr)
        return exc.exit_code
    except WizardError as exc:
        print(f"wizard: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a path the system refuses (too long, not searchable): one line, never a traceback
        from wizard.core.errors import os_reason

        where = f"{exc.filename}: " if exc.filename is not None else ""
        print(f"wizard: {one_line(where + os_reason(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _score(args: argparse.Namespace) -> int:
    from wizard.cli.score import run_score

    return run_score(args)


def _check(args: argparse.Namespace) -> int:
    from wizard.cli.check import run_check

    return run_check(args)


def _has_terminal() -> bool:
    """The full-screen app reads keys from stdin and draws on stdout: both must be a terminal."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _run_app(**options: object) -> int:
    """The full-screen app, or one line and exit 2 when it has no terminal to run in (a script, a pipe)."""
    if not _has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return EXIT_BAD_INPUT
    from wizard.tui.app import run_app

    return run_app(**options)


def _app(args: argparse.Namespace) -> int:
    from wizard.cli.answers_opts import gives_answers, run_new

    if gives_answers(args):
        return run_new(args, _run_app)
    findings = _read_app_files(args)  # a bad file is reported first: it is the cause to fix, terminal or not
    if findings and args.strict:
        return EXIT_FINDINGS
    return _run_app(
        questionnaire=args.questionnaire,
        pricing=args.pricing,
        new=args.command == "new",
        out_dir=getattr(args, "out", None),
        open_record=getattr(args, "record", None),
    )


def _read_app_files(args: argparse.Namespace) -> int:
    """Read the files the app would open first, as it opens them, so that a bad one is one line and
    exit 2 here instead of a notice on the welcome screen: the record of `wizard open` and the
    questionnaire it names (found by id, as the app finds it), a `--questionnaire` file, and the
    pricing file (`--pricing`, else the one the questionnaire names). Plain `wizard new` reads
    nothing here: the core is loaded only when there is a file to check, so the app can draw its
    first stage before pydantic loads. The questionnaire's findings are warned about on stderr (the
    app shows them as a notice too); how many there were."""
    if args.command != "open" and args.questionnaire is None and args.pricing is None:
        return 0
    from wizard.core.questionnaire.catalog import resolve_questionnaire
    from wizard.core.scoring.evaluator import Evaluator
    from wizard.core.questionnaire.model import LoadedQuestionnaire

    loaded: LoadedQuestionnaire | None = None
    if args.command == "open":
        from wizard.core.records.model import load_record

        record = load_record(args.record)
        loaded = resolve_questionnaire(args.questionnaire, record.questionnaire.id, asked_by=args.record)
    elif args.questionnaire is not None:
        loaded = resolve_questionnaire(args.questionnaire)
    if loaded is not None:
        Evaluator.load(loaded, args.pricing)
        from wizard.cli.authoring import warn_findings

        return warn_findings([loaded], args.pricing)
    if args.pricing is not None:
        from wizard.core.pricing.model import load_pricing

        load_pricing(args.pricing)
    return 0


def _cost(args: argparse.Namespace) -> int:
    from wizard.cli.cost import run_cost

    return run_cost(args)


def _pricing(args: argparse.Namespace) -> int:
    from wizard.cli.pricing_cmd import run_pricing

    return run_pricing(args)


def _command(module: str) -> Callable[[argparse.Namespace], int]:
    """The `run` of wizard/cli/commands/<module>.py, imported when the command runs."""

    def run(args: argparse.Namespace) -> int:
        from wizard.cli.commands import export, listing, rescore, show, supersede

        handlers = {"listing": listing.run, "show": show.run, "rescore": rescore.run, "export": export.run,
                    "supersede": supersede.run}
        return handlers[module](args)

    return run


def _schema(args: argparse.Namespace) -> int:
    import json

    from wizard.core.schema import json_schema, write_schemas

    if args.write is not None:
        for path in write_schemas(args.write, [args.kind] if args.kind else None):
            print(f"wrote {one_line(str(path))}")
        return EXIT_OK
    if args.kind is None:
        print(usage_error("wizard schema", "give a KIND to print (questionnaire, answers or record), or --write DIR"),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(json_schema(args.kind), indent=2))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
