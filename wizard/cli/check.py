"""`wizard check`: validate questionnaires (and pricing files) and lint their logic.

A directory stands for the `*.toml` files in it and in its `pricing/` folder; a file with a
`[lambda]` and an `[ec2]` table is checked as a pricing file.

Everything found is one list on stdout, one line each as `FILE:LINE: severity: where: message`
(the line when it is known): a file's errors first (it cannot be read, its schema, its pricing file,
an id another questionnaire has too), then its logic.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wizard.core.errors import InputFileError, escape_controls
from wizard.core.files.paths import path_kind
from wizard.core.files.toml_lines import KeyLines
from wizard.core.files.tomlio import parse_toml, read_bytes
from wizard.core.pricing.model import load_pricing
from wizard.core.questionnaire.model import questionnaire_from_toml
from wizard.core.scoring.authoring import questionnaire_findings


def run_check(args: argparse.Namespace) -> int:
    unreadable = False
    findings_total = 0
    for path in _expand(args.paths):
        name = escape_controls(str(path))  # a file name can hold an escape sequence
        data = b""
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
                print(f"{name}: error: an answers file (or decision record), not a questionnaire; "
                      f"score it with wizard score {name}")
                continue
            loaded = questionnaire_from_toml(data, parsed, path)
        except InputFileError as exc:
            unreadable = True
            lines = KeyLines(data.decode("utf-8", "replace")) if data else None
            for line in exc.details:
                at = lines.line_of(line) if lines is not None and ": " in line else None
                print(f"{name}{_at(at)}: error: {line}")
            continue
        findings = questionnaire_findings(loaded, text=data)
        counted = [f for f in findings if f.severity == "error" or args.strict]
        findings_total += len(counted)
        for finding in findings:
            print(escape_controls(f"{path}{_at(finding.line)}: {finding.severity}: {finding}"))
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


def _at(line: int | None) -> str:
    return f":{line}" if line is not None else ""


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
