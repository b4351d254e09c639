"""`wizard export --index DIR [RECORDS]`: DIR/README.md, the index page of the decisions.

Links go from DIR to each decision's Markdown export when DIR holds one named after the record
(`2026-01-31-billing-api.md`, as `wizard export RECORD -o DIR/2026-01-31-billing-api.md` writes
it), else to the TOML record. The page is written atomically; a README.md that the wizard did not
write (its first line is not the index's marker) is never replaced.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from wizard.core.errors import InputFileError, WizardError

EXIT_OK = 0


def add_index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, metavar="DIR",
                        help="write DIR/README.md: a table of every decision in RECORD (a directory; default "
                             "docs/decisions/ at the git root) with links, and the supersede chains")


def run_index(args: argparse.Namespace) -> int:
    from wizard.cli.output import say
    from wizard.core.records.record_set import Questionnaires, label_of, records_in
    from wizard.core.records.index import INDEX_MARKER, Indexed, index_markdown
    from wizard.core.files.file_guard import Stamp
    from wizard.core.files.paths import decisions_dir, is_decisions_dir, path_kind
    from wizard.core.records.model import read_record
    from wizard.core.files.atomic_write import atomic_write_text

    source: Path = args.record if args.record is not None else decisions_dir()
    # The decisions directory, not made yet, holds no records (an index that says so); any other
    # path must be a directory.
    if path_kind(source) != "dir" and not (path_kind(source) == "missing" and is_decisions_dir(source)):
        raise InputFileError(source, "is not a directory of decision records (give one with --index DIR)")
    out_dir: Path = args.index
    if path_kind(out_dir) not in ("dir", "missing"):
        raise InputFileError(out_dir, "is not a directory")
    target = out_dir / "README.md"
    data, stamp = Stamp.read(target)
    if data is not None and not data.startswith(INDEX_MARKER.encode()):
        raise WizardError(f"{target}: exists and was not written by wizard export --index; not replaced")
    questionnaires = Questionnaires(args.questionnaire, None)
    items: list[Indexed] = []
    labels: dict[str, str] = {}
    skipped = 0
    for path in records_in(source):
        try:
            record = read_record(path)
        except WizardError:
            skipped += 1
            continue
        loaded = questionnaires.maybe(record, path)
        if record.result.recommended:
            labels.setdefault(record.result.recommended, label_of(loaded, record.result.recommended))
        export = out_dir / f"{path.stem}.md"
        href = export if export.is_file() else path
        items.append(Indexed(name=path.name, record=record,
                             href=Path(os.path.relpath(href.resolve(), out_dir.resolve())).as_posix()))
    text = index_markdown(items, lambda option: "none" if option is None else labels.get(option, option))
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, text, overwrite=True, before_replace=stamp.check)
    say(f"wrote {target}: {len(items)} decision{'s' if len(items) != 1 else ''}"
        + (f" ({skipped} unreadable file{'s' if skipped != 1 else ''} left out)" if skipped else ""))
    return EXIT_OK
