"""`wizard rescore --format markdown`: the pull-request comment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markdown_it import MarkdownIt

from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import save_record
from wizard.core.records.rescore import compare
from wizard.core.records.rescore_markdown import MARKER, Entry, change, rescore_markdown

from test_records_cmds import QUESTIONNAIRE, make_record, wizard


def test_bill_changes() -> None:
    assert change(12.0, 30.0) == "$12.00 → $30.00 (+$18.00, +150%)"
    assert change(30.0, 12.0) == "$30.00 → $12.00 (−$18.00, −60%)"
    assert change(5.0, 5.001) == "$5.00"
    assert change(None, 5.0) == "— → $5.00"
    assert change(None, None) == "—"


def test_text_from_records_renders_as_written() -> None:
    record = make_record(load_questionnaire(QUESTIONNAIRE), "webhook-handler")
    diff = compare(record.result, record.result.model_copy(update={"recommended": "ec2"}))
    entry = Entry(file="a|b.toml", title="<script>x</script> | [y](z)", diff=diff,
                  bills={"lambda": (1.0, 2.0), "ec2": (3.0, 3.0)}, review_by=dt.date(2020, 1, 1))
    text = rescore_markdown([entry], lambda o: o or "none", today=dt.date(2026, 1, 1))
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<tr>") == 2  # the header and one record: the `|` in the title split no cell
    assert "review by 2020-01-01" in text and "**changed**" in text


def test_cli_one_line_when_everything_holds(tmp_path: Path) -> None:
    loaded = load_questionnaire(QUESTIONNAIRE)
    for example in ("webhook-handler", "steady-api"):
        save_record(make_record(loaded, example), tmp_path / f"{example}.toml")
    proc = wizard("rescore", tmp_path, "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{MARKER}\nAll 2 decisions hold.\n"


def test_cli_names_records_relative_to_where_it_runs(tmp_path: Path) -> None:
    # A pull-request comment shows `docs/decisions/x.toml`, not the runner's absolute workspace path.
    loaded = load_questionnaire(QUESTIONNAIRE)
    decisions = tmp_path / "docs" / "decisions"
    decisions.mkdir(parents=True)
    save_record(make_record(loaded, "steady-api"), decisions / "steady.toml")
    record = decisions / "steady.toml"
    # An overdue review, so that the comment lists the record rather than one "all hold" line.
    text = record.read_text(encoding="utf-8").replace('title = "', 'review_by = 2020-01-01\ntitle = "', 1)
    record.write_text(text, encoding="utf-8")
    proc = wizard("rescore", "docs/decisions", "--format", "markdown", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "`docs/decisions/steady.toml`" in proc.stdout and str(tmp_path) not in proc.stdout
