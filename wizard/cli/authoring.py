"""The questionnaire's findings where an author already is: `wizard score`, `new`, `open` and `rescore`
warn with them, one line each on stderr, and exit 1 on them with `--strict` (as `wizard check --strict`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.errors import escape_controls

if TYPE_CHECKING:  # the parser adds --strict before the app's first frame, which must not wait for pydantic
    from wizard.core.questionnaire.model import LoadedQuestionnaire

STRICT_HELP = ("exit 1 when the questionnaire has findings (those of wizard check --strict); "
               "they are warned about on stderr anyway")


def add_strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help=STRICT_HELP)


def warn_findings(questionnaires: Iterable[LoadedQuestionnaire], pricing: Path | None = None) -> int:
    """Print each questionnaire's findings to stderr, one line each; how many there were."""
    from wizard.core.scoring.authoring import questionnaire_findings

    total = 0
    for loaded in questionnaires:
        findings = questionnaire_findings(loaded, pricing, check_pricing=False)
        for f in findings:
            at = f":{f.line}" if f.line is not None else ""
            print(escape_controls(f"wizard: {loaded.path}{at}: {f.severity}: {f}"), file=sys.stderr)
        total += len(findings)
    return total
