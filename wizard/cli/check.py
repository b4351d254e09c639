"""`wizard check`: validate questionnaires (and pricing files) and lint their logic.

A directory stands for the `*.toml` files in it and in its `pricing/` folder; a file with a
`[lambda]` and an `[ec2]` table is checked as a pricing file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wizard.core.errors import InputFileError, escape_controls
from wizard.core.scoring.evaluator import known_facts, pricing_path_for
from wizard.core.questionnaire.lint import Finding, lint
from wizard.core.files.paths import path_kind
from wizard.core.pricing.model import load_pricing
from wizard.core.questionnaire.model import LoadedQuestionnaire, questionnaire_from_toml
from wizard.core.files.tomlio import parse_toml, read_bytes


def run_check(args: argparse.Namespace) -> int:
    unreadable = False
    findings_total = 0
    for path in _expand(args.paths):
        name = escape_controls(str(path))  # a file name can hold an escape sequence
        try:
            # Read and parsed once: parsing a large questionnaire takes longer than checking it.
            data = read_bytes(path)
            parsed = parse_toml(data, path)
            if _is_pricing(parsed):
                pricing = load_pricing(path)
                print(f"{name}: ok — pricing for {escape_controls(pricing.region)} as of {pricing.as_of.isoformat()}: "
                      f"{len(pricing.ec2.instance_types)} instance types")
                continue
            if _is_answers(parsed):
                unreadable = True
                print(f"wizard: {name} is an answers file (or decision record), not a questionnaire; "
                      f"score it with wizard score {name}", file=sys.stderr)
                continue
            loaded = questionnaire_from_toml(data, parsed, path)
        except InputFileError as exc:
            unreadable = True
            for line in exc.details:
                print(f"{name}: error: {line}", file=sys.stderr)
            continue
        findings = lint(loaded.questionnaire, known_facts()) + _pricing_findings(loaded)
        counted = [f for f in findings if f.severity == "error" or args.strict]
        findings_total += len(counted)
        for finding in findings:
            print(escape_controls(f"{path}: {finding.severity}: {finding}"))
        q = loaded.questionnaire
        if not counted:
            warnings = len(findings)
            extra = f", {warnings} warning(s)" if warnings else ""
            ident = escape_controls(f"{q.id} {q.version}")
            print(f"{name}: ok — {ident}: {len(q.stages)} stages, {len(q.questions)} questions, "
                  f"{len(q.rules)} rules, {len(q.constraints)} constraints{extra}")
    if unreadable:
        return 2
    return 1 if findings_total else 0


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path_kind(path) == "dir":
            out += sorted(path.glob("*.toml")) + sorted((path / "pricing").glob("*.toml"))
        else:
            out.append(path)
    return out


def _is_pricing(data: Mapping[str, Any]) -> bool:
    """A pricing file has [lambda] and [ec2] tables; a questionnaire has neither."""
    return isinstance(data.get("lambda"), dict) and isinstance(data.get("ec2"), dict)


def _is_answers(data: Mapping[str, Any]) -> bool:
    """An answers file or a decision record has an [answers] table; a questionnaire has stages instead."""
    return isinstance(data.get("answers"), dict) and "stages" not in data


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
