"""Answers to text questions (the bundled questionnaire's `notes`) are never scored, so no
contribution shows them: `wizard show` and the Markdown export show them under their prompt, as
written but escaped (no terminal control, no Markdown)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_records_cmds import EXAMPLES, wizard
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.scoring.result_words import written_answers

PROMPT = "Anything else the decision record should mention?"
# TOML basic-string escapes: an ANSI colour, Markdown that would render, and a second paragraph.
NOTES = (r"Senders *retry* on [failure](http://x) | so we <b>enqueue</b>."
         r"\nSecond \u001b[31mline\u001b[0m.\n\n# Not a heading")


@pytest.fixture
def record(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    text = (EXAMPLES / "webhook-handler.toml").read_text(encoding="utf-8")
    text = re.sub(r'^notes = ".*"$', lambda _: f'notes = "{NOTES}"', text, flags=re.MULTILINE)
    answers = root / "answers.toml"
    answers.write_text(text, encoding="utf-8")
    proc = wizard("new", "--answers", answers, "--no-input", "--save", "docs/decisions/hook.toml", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root / "docs" / "decisions" / "hook.toml"


def test_written_answers_in_the_order_asked_and_only_text_questions() -> None:
    loaded = load_questionnaire(Path(__file__).parent.parent / "questionnaires" / "lambda-vs-ec2.toml")
    answers = {"notes": "  keep it  ", "requests_per_month": 3, "workload_type": ("api",)}
    [only] = written_answers(loaded.questionnaire, answers)
    assert (only.question, only.prompt, only.text) == ("notes", PROMPT, "keep it")
    assert written_answers(loaded.questionnaire, {"notes": "   "}) == []
    assert written_answers(loaded.questionnaire, answers, shown={"requests_per_month"}) == []


def test_show_prints_the_notes_under_their_prompt_escaped(record: Path) -> None:
    proc = wizard("show", record, cwd=record.parents[2])
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "\x1b" not in out
    assert PROMPT in out
    assert "Senders *retry* on [failure](http://x) | so we <b>enqueue</b>." in out
    assert "Second \\x1b[31mline\\x1b[0m." in out  # the escape sequence shown, not obeyed
    assert "# Not a heading" in out
    # Before the scores: context for whoever reads the record.
    assert out.index(PROMPT) < out.index("Recommended:")


def test_export_quotes_the_notes_escaped_for_markdown(record: Path) -> None:
    proc = wizard("export", record, cwd=record.parents[2])
    assert proc.returncode == 0, proc.stderr
    md = proc.stdout
    context = md.split("## Context and Problem Statement", 1)[1].split("\n## ", 1)[0]
    assert f"{PROMPT} (`notes`)" in context
    quoted = [line for line in context.splitlines() if line.startswith(">")]
    assert quoted[0] == r"> Senders \*retry\* on \[failure\](http://x) \| so we \<b\>enqueue\</b\>." + "\\"
    assert quoted[1] == r"> Second \\x1b\[31mline\\x1b\[0m."
    assert quoted[2] == ">" and quoted[3] == r"> \# Not a heading"
    assert "\x1b" not in md


def test_show_json_has_the_written_answers_too(record: Path) -> None:
    data = json.loads(wizard("show", record, "--format", "json", cwd=record.parents[2]).stdout)
    assert data["answers"]["notes"].startswith("Senders *retry*")
    assert data["written_answers"] == [{"question": "notes", "prompt": PROMPT, "text": data["answers"]["notes"]}]
