"""Hostile text for the literal-text and no-code-execution tests: Rich markup, terminal escape
sequences, Markdown and HTML, and Python or template code, put into every text field of a
questionnaire, a pricing file and a decision record."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini.toml"
PRICING = ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml"

MARKUP = "[bold red]x[/] [link=https://evil.example]click[/link]"
ANSI = "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x1b\\osc\x1b]8;;\x1b\\ \x07bell \x9b31mcsi"
MARKDOWN = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) # heading |table|"
TEMPLATES = "{{ 7*7 }} ${7*7} {0.__class__} %(x)s"

#: What must show up, character for character, wherever the text is shown.
LITERAL = ["[bold red]x[/]", "[link=https://evil.example]click[/link]", "<script>alert(1)</script>", "**bold**",
           "[x](javascript:alert(1))", "|table|", "{{ 7*7 }}", "${7*7}", "{0.__class__}"]
#: How the escape sequences show up: as visible escapes, never sent to the terminal. (A bell, a
#: backspace or a carriage return may also be dropped: Rich's `Text` strips those itself.)
ESCAPED = ["\\x1b[31mred", "\\x1b]8;;https://evil.example", "\\x9b31mcsi"]
#: Sequences from the data that must never reach the output as they are.
RAW = ["\x1b[31mred", "\x1b]8;;https://evil", "\x07", "\x9b"]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def code(sentinel: Path) -> str:
    """Python that would create `sentinel` if anything ever evaluated it."""
    return f"__import__('os').system('touch {sentinel}')"


def text(sentinel: Path) -> str:
    return f"{MARKUP} {ANSI} {MARKDOWN} {TEMPLATES} {code(sentinel)}"


def questionnaire(directory: Path, sentinel: Path) -> Path:
    """The mini questionnaire with hostile text in every text field (ids and choice values stay)."""
    hostile = text(sentinel)
    doc: dict[str, Any] = tomllib.loads(MINI.read_text(encoding="utf-8"))
    doc["title"] = f"Title {hostile}"
    doc["description"] = hostile
    doc["version"] = f"1.0 {MARKUP}"
    for option in doc["options"]:
        option["label"] = f"{option['label']} {hostile}"
        option["summary"] = hostile
    for stage in doc["stages"]:
        stage["title"] = f"{stage['title']} {MARKUP} {ANSI}"
        stage["intro"] = hostile
        for q in stage["questions"]:
            q["prompt"] = f"{q['prompt']} {hostile}"
            q["help"] = hostile
            if "unit" in q:
                q["unit"] = f"{q['unit']} {MARKUP}"
            for choice in q.get("choices", []):
                choice["label"] = f"{choice['label']} {hostile}"
                choice["why"] = hostile
            for band in q.get("bands", []):
                band["why"] = hostile
                band["label"] = f"{band.get('label', 'band')} {MARKUP}"
            for name in ("if_true", "if_false"):
                if name in q:
                    q[name]["why"] = hostile
    for rule in doc["rules"]:
        rule["why"] = hostile
    for constraint in doc["constraints"]:
        constraint["reason"] = hostile
    path = directory / "hostile.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


#: Answers to the hostile questionnaire that show every kind of text: a contribution of each
#: question kind, rules, a constraint (runtime over 900 s excludes alpha) and sensitivity.
ANSWERS: dict[str, Any] = {"team": "none", "runtime_s": 1000, "features": ["queues"], "regulated": False}


def answers_file(directory: Path, questionnaire_path: Path, sentinel: Path) -> Path:
    path = directory / "answers.toml"
    path.write_text(tomli_w.dumps({"questionnaire": "mini", "title": text(sentinel),
                                   "answers": {**ANSWERS, "notes": text(sentinel)[:200]}}), encoding="utf-8")
    return path


def record(directory: Path, questionnaire_path: Path, sentinel: Path) -> Path:
    """A decision record made with the hostile questionnaire, with hostile title, context, deciders and tags."""
    from wizard.core.scoring.evaluator import Evaluator
    from wizard.core.questionnaire.model import load_questionnaire
    from wizard.core.records.model import evaluated_record, save_record

    hostile = text(sentinel)
    evaluator = Evaluator.load(load_questionnaire(questionnaire_path))
    evaluation = evaluator.evaluate(ANSWERS, sensitivity=True)
    made = evaluated_record(evaluator, evaluation, title=f"Title {hostile}", date=dt.date(2026, 1, 5),
                            deciders=(f"Ada {MARKUP}", f"Bob {ANSI}"), tags=(MARKDOWN,),
                            context=f"# heading\n- not a list\n{hostile}\n<div>not html</div>\n{ANSI}")
    return save_record(made, directory / "2026-01-05-hostile.toml", schema_ref=None)


def pricing(directory: Path, sentinel: Path) -> Path:
    """The bundled pricing file with hostile text in its region and descriptions."""
    doc: dict[str, Any] = tomllib.loads(PRICING.read_text(encoding="utf-8"))
    doc["region"] = f"us-east-1 {MARKUP} {ANSI}"
    for option in doc["ec2"]["purchase_options"]:
        option["description"] = text(sentinel)
    path = directory / "hostile-pricing.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


def assert_literal(output: str, *, escapes: bool = True, colour: bool = False) -> None:
    """Every hostile piece is in the output as written; no escape sequence from the data is."""
    for piece in LITERAL:
        assert piece in output, piece
    if escapes:
        for piece in ESCAPED:
            assert piece in output, piece
    for piece in RAW:
        assert piece not in output, repr(piece)
    if not colour:
        assert not CONTROL.search(output), repr(CONTROL.search(output))
