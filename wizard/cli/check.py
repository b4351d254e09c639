"""`wizard check`: validate questionnaires and lint their logic."""

from __future__ import annotations

import argparse
import sys

from wizard.core.errors import InputFileError
from wizard.core.evaluator import known_facts, pricing_path_for
from wizard.core.lint import Finding, lint
from wizard.core.pricing import load_pricing
from wizard.core.questionnaire import LoadedQuestionnaire, load_questionnaire


def run_check(args: argparse.Namespace) -> int:
    unreadable = False
    findings_total = 0
    for path in args.paths:
        try:
            loaded = load_questionnaire(path)
        except InputFileError as exc:
            unreadable = True
            for line in exc.details:
                print(f"{path}: error: {line}", file=sys.stderr)
            continue
        findings = lint(loaded.questionnaire, known_facts()) + _pricing_findings(loaded)
        counted = [f for f in findings if f.severity == "error" or args.strict]
        findings_total += len(counted)
        for finding in findings:
            print(f"{path}: {finding.severity}: {finding}")
        q = loaded.questionnaire
        if not counted:
            warnings = len(findings)
            extra = f", {warnings} warning(s)" if warnings else ""
            print(f"{path}: ok — {q.id} {q.version}: {len(q.stages)} stages, {len(q.questions)} questions, "
                  f"{len(q.rules)} rules, {len(q.constraints)} constraints{extra}")
    if unreadable:
        return 2
    return 1 if findings_total else 0


def _pricing_findings(loaded: LoadedQuestionnaire) -> list[Finding]:
    """The questionnaire's `pricing` file must exist and be valid, or its cost rules never apply."""
    path = pricing_path_for(loaded)
    if path is None:
        return []
    try:
        load_pricing(path)
    except InputFileError as exc:
        return [Finding("error", "pricing", exc.message)]
    return []
