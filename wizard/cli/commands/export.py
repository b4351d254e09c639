"""`wizard export`: a decision record as Markdown (and `--index`, the table of a directory's records)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.cli.commands.common import EXIT_BAD_INPUT, EXIT_OK
from wizard.cli.output import say, usage_error
from wizard.core.errors import InputFileError, WizardError, escape_controls
from wizard.core.files.paths import path_kind
from wizard.core.records.record_set import Questionnaires
from wizard.core.records.model import read_record

if TYPE_CHECKING:
    from wizard.core.files.file_guard import Stamp


def run(args: argparse.Namespace) -> int:
    from wizard.core.records.markdown import record_to_markdown
    from wizard.core.files.atomic_write import atomic_write_text

    if getattr(args, "index", None) is not None:
        from wizard.cli.index_cmd import run_index

        return run_index(args)
    if args.record is None:
        print(usage_error("wizard export", "give a RECORD to export, or --index DIR"), file=sys.stderr)
        return EXIT_BAD_INPUT
    record = read_record(args.record)
    loaded = Questionnaires(args.questionnaire, None).maybe(record, args.record)
    base = args.link_base or (args.output.parent if args.output is not None else _stdout_dir() or Path.cwd())
    link = Path(os.path.relpath(Path(args.record).resolve(), base.resolve())).as_posix()
    text = record_to_markdown(record, loaded.questionnaire if loaded else None, record_link=link)
    text = escape_controls(text, keep_lines=True)  # bidi and C1 characters too, wherever they come from
    if args.output is None:
        sys.stdout.write(text)
    else:
        expect = _export_target(args.output, args.record)
        atomic_write_text(args.output, text, overwrite=True, before_replace=expect.check)
        say(f"wrote {args.output}")
    return EXIT_OK


def _stdout_dir() -> Path | None:
    """The directory of the file stdout is redirected to (`export X.toml > docs/X.md`), where the
    system names it (Linux); None for a terminal or a pipe."""
    try:
        if not os.path.isfile("/proc/self/fd/1"):
            return None
        return Path(os.readlink("/proc/self/fd/1")).parent
    except OSError:
        return None


def _export_target(output: Path, record: Path) -> Stamp:
    """The stamp of what `export -o` is about to replace; a TOML record (the one exported or any
    other) is refused, since Markdown over it would lose the decision."""
    from wizard.core.files.file_guard import Stamp
    from wizard.core.records.model import is_record
    from wizard.core.files.tomlio import parse_toml

    if path_kind(output) == "dir":
        raise InputFileError(output, "is a directory; give the Markdown file's path")
    data, stamp = Stamp.read(output)
    if data is None:
        return stamp
    if os.path.samefile(output, record):
        raise WizardError(f"{output}: is the record being exported; not replaced with Markdown")
    try:
        parsed = parse_toml(data, output)
    except WizardError:
        return stamp  # not TOML (an earlier export): replaced
    if is_record(parsed):
        raise WizardError(f"{output}: is a decision record; not replaced with Markdown (choose a .md file)")
    return stamp
