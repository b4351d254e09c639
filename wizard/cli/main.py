"""The `wizard` command: argument parsing and dispatch.

Subcommands that need no terminal UI import neither Textual nor the app, so they start fast and
run in CI. Every `WizardError` becomes one line on stderr and exit code 2; nothing else escapes
as a traceback except a genuine bug.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from wizard import __version__
from wizard.core.errors import WizardError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep its message to one line plus usage."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"wizard: {message}\n")


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
    new.add_argument("--questionnaire", type=Path, metavar="PATH", help="questionnaire file (default: choose on the welcome screen)")
    new.add_argument("--out", type=Path, metavar="DIR", help="where records go (default: docs/decisions/ at the git root)")
    new.add_argument("--pricing", type=Path, metavar="PATH", help="pricing file for the cost model")

    open_ = sub.add_parser("open", help="revise a saved decision record in the full-screen wizard",
                           description="Open a decision record with its answers pre-filled; saving updates it "
                                       "or writes a new record that supersedes it.")
    open_.add_argument("record", type=Path, metavar="RECORD.toml")
    open_.add_argument("--questionnaire", type=Path, metavar="PATH", help="questionnaire file (default: the one the record names)")
    open_.add_argument("--pricing", type=Path, metavar="PATH", help="pricing file for the cost model")

    score = sub.add_parser("score", help="score an answers file (or a decision record)",
                           description="Score an answers file ([answers] table of id = value) or a decision record.")
    score.add_argument("answers", type=Path, metavar="ANSWERS.toml")
    score.add_argument("--questionnaire", type=Path, metavar="PATH",
                       help="questionnaire file (default: the one the answers name, else the bundled lambda-vs-ec2)")
    score.add_argument("--format", choices=("text", "json", "toml"), default="text",
                       help="text: a readable report; json: the full result; toml: a decision record")
    score.add_argument("--pricing", type=Path, metavar="PATH",
                       help="pricing file for the cost facts (default: the questionnaire's `pricing`)")
    score.add_argument("--partial", action="store_true",
                       help="score even when required questions are unanswered")
    score.add_argument("--title", help="title of the decision record printed by --format toml")

    check = sub.add_parser("check", help="validate and lint questionnaire files",
                           description="Validate questionnaires against the schema and lint their logic. "
                                       "Exit 0 when clean, 1 when findings, 2 when a file cannot be read.")
    check.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    check.add_argument("--strict", action="store_true", help="treat warnings as findings (exit 1)")

    cost = sub.add_parser("cost", help="compare the monthly Lambda and EC2 bills of one workload",
                          description="Price one workload on AWS Lambda and on an EC2 fleet sized for its peak, "
                                      "find the break-even volume and list every assumption.")
    from wizard.cli.cost import add_cost_arguments

    add_cost_arguments(cost)

    schema = sub.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("kind", choices=("questionnaire", "answers", "record"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "score": _score,
        "check": _check,
        "schema": _schema,
        "cost": _cost,
        "new": _app,
        "open": _app,
    }
    if args.command is None:
        from wizard.tui.app import run_app

        return run_app()
    try:
        return handlers[args.command](args)
    except WizardError as exc:
        print(f"wizard: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    from wizard.cli.score import run_score

    return run_score(args)


def _check(args: argparse.Namespace) -> int:
    from wizard.cli.check import run_check

    return run_check(args)


def _app(args: argparse.Namespace) -> int:
    if args.command == "open":
        from wizard.core.records import load_record

        load_record(args.record)  # a bad record is a one-line error here, before the screen opens
    from wizard.tui.app import run_app

    return run_app(questionnaire=args.questionnaire, pricing=args.pricing, new=args.command == "new",
                   out_dir=getattr(args, "out", None), open_record=getattr(args, "record", None))


def _cost(args: argparse.Namespace) -> int:
    from wizard.cli.cost import run_cost

    return run_cost(args)


def _schema(args: argparse.Namespace) -> int:
    import json

    from wizard.core.schema import json_schema

    print(json.dumps(json_schema(args.kind), indent=2))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
