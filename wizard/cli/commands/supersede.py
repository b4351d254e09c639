"""`wizard supersede OLD NEW`: NEW replaces OLD (see `wizard.core.records.supersede`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from wizard.cli.commands.common import EXIT_OK
from wizard.core.errors import escape_controls


def run(args: argparse.Namespace) -> int:
    from wizard.core.records.supersede import supersede

    old_path, new_path = Path(args.old), Path(args.new)
    done = supersede(old_path, new_path, force=getattr(args, "force", False))
    print(
        escape_controls(
            f"{old_path}: status superseded, superseded by {done.new_ref}"
            + (f" (was superseded by {done.previous})" if done.previous else "")
        )
    )
    print(escape_controls(f"{new_path}: supersedes {', '.join(done.supersedes)}"))
    for path in done.released:
        print(escape_controls(f"{path}: no longer supersedes {old_path.name}"))
    return EXIT_OK
