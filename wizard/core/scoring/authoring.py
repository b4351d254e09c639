"""Every finding about a questionnaire an author should see, wherever the author is.

`wizard check` lists them; `wizard score`, `new`, `open`, `rescore` and the app warn with them. They
are the lint's findings (`questionnaire.lint`), those about the questionnaire's pricing file, and an
id that another of the project's questionnaires has too, each with the line of the file it is about.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from wizard.core.errors import InputFileError, WizardError
from wizard.core.files.toml_lines import KeyLines
from wizard.core.files.tomlio import read_bytes
from wizard.core.pricing.model import load_pricing
from wizard.core.questionnaire.catalog import same_id_elsewhere
from wizard.core.questionnaire.lint import Finding, lint
from wizard.core.questionnaire.model import LoadedQuestionnaire
from wizard.core.scoring.evaluator import known_facts, pricing_path_for


def questionnaire_findings(
    loaded: LoadedQuestionnaire, pricing: Path | None = None, text: bytes | None = None, *, check_pricing: bool = True
) -> list[Finding]:
    """File findings first (the pricing file, a shared id), then the logic's; each with its line.

    `pricing`: the pricing file given on the command line, if any; `text`: the questionnaire's bytes
    when the caller has read them already; `check_pricing` False for a caller that loads the pricing
    file itself (and fails on its own when it is bad)."""
    findings = pricing_findings(loaded, pricing) if check_pricing else []
    findings += duplicate_id_findings(loaded)
    findings += lint(loaded.questionnaire, known_facts(), has_pricing=pricing_path_for(loaded, pricing) is not None)
    if not findings:
        return findings
    try:
        lines = KeyLines((text if text is not None else read_bytes(loaded.path)).decode("utf-8", "replace"))
    except WizardError:
        return findings
    return [replace(f, line=lines.line_of(f.where)) for f in findings]


def pricing_findings(loaded: LoadedQuestionnaire, pricing: Path | None = None) -> list[Finding]:
    """The pricing file to use must exist and be valid, or the questionnaire's cost rules never apply."""
    path = pricing_path_for(loaded, pricing)
    if path is None:
        return []
    try:
        load_pricing(path)
    except InputFileError as exc:
        return [Finding("error", "pricing", exc.message)]
    return []


def duplicate_id_findings(loaded: LoadedQuestionnaire) -> list[Finding]:
    """The project's other questionnaires with this one's id, named by path."""
    qid = loaded.questionnaire.id
    others = same_id_elsewhere(loaded.path, qid)
    if not others:
        return []
    named = ", ".join(_relative(p) for p in others)
    return [Finding("error", "id", f'questionnaire id "{qid}" is also the id of {named}: records name their '
                                   "questionnaire by id, and wizard score, open and rescore take the first one "
                                   "found; give one of them another id")]


def _relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
