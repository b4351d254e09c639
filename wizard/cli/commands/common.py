"""What the record commands share: exit codes, the console, the unreadable-files report and `--jobs`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.records.record_set import Batch, available_cpus, default_jobs

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_CHANGED = 1
EXIT_BAD_INPUT = 2


def console(*, soft_wrap: bool = False) -> Console:
    """soft_wrap: long lines are left to the terminal instead of being broken, so that logs keep
    one line per finding (for grep). Control characters in text from records are shown escaped."""
    from wizard.cli.console import LiteralConsole

    return LiteralConsole(highlight=False, soft_wrap=soft_wrap)


def print_unreadable(console: Console, batch: Batch) -> None:
    from rich.text import Text

    if not batch.unreadable:
        return
    console.print(Text(f"Unreadable ({len(batch.unreadable)}):", style="bold red"))
    for path, reason in batch.unreadable:
        console.print(Text.assemble("  ", (str(path), "bold"), f": {reason}"))


def unreadable_json(batch: Batch) -> list[dict[str, str]]:
    return [{"file": str(path), "error": reason} for path, reason in batch.unreadable]


def default_dir(directory: Path | None) -> Path:
    """The directory given, else the repository's decisions directory."""
    if directory is not None:
        return directory
    from wizard.core.files.paths import decisions_dir

    return decisions_dir()


def jobs(requested: int | None, records: int) -> int:
    """Worker processes: as asked (`--jobs`, at most one per CPU, said on stderr when cut), else
    `record_set.default_jobs`; always 1 off Linux, where workers are not forked."""
    if sys.platform != "linux":
        return 1
    if requested is not None:
        cpus = available_cpus()
        if requested > cpus:  # more workers than CPUs only adds processes (and can hit a process limit)
            print(f"wizard: --jobs {requested} is more than the {cpus} CPUs here; using {cpus}", file=sys.stderr)
        return max(1, min(requested, cpus))
    return default_jobs(records)
