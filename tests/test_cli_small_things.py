"""Small CLI fixes: one number parser with the app, rescore's default directory, width and money,
and the export's link back to its record from where the Markdown goes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.cli.commands.rescore import _cost_item, _show_money
from wizard.core.numbers import parse_number
from tests.test_records_cmds import decision, project, records, wizard  # noqa: F401 (fixtures)


def test_wizard_cost_takes_numbers_as_the_app_does() -> None:
    assert parse_number("3M") == 3_000_000
    proc = wizard("cost", "--requests-per-month", "3M", "--duration-ms", "120", "--memory-mb", "512")
    assert proc.returncode == 0, proc.stderr
    refused = wizard("cost", "--requests-per-month", "1,5", "--duration-ms", "120", "--memory-mb", "512")
    assert refused.returncode == 2 and "a comma only groups thousands" in refused.stderr


def test_rescore_with_no_argument_reads_docs_decisions_as_list_does(project: Path, tmp_path: Path) -> None:  # noqa: F811
    proc = wizard("rescore", cwd=project)
    assert proc.returncode in (0, 1), proc.stderr
    assert "3 records:" in proc.stdout
    empty = tmp_path / "empty"
    (empty / ".git").mkdir(parents=True)
    none = wizard("rescore", cwd=empty)
    assert none.returncode == 0 and "No decision records" in none.stdout
    show = wizard("show", cwd=project)
    assert show.returncode == 2 and "required: RECORD" in show.stderr


def test_rescore_shows_money_as_money() -> None:
    assert _cost_item("lambda.total_usd") == "Lambda total"
    assert _show_money(40.02) == "$40.02" and _show_money(None) == "—"


def test_rescore_text_fits_a_terminal_and_breaks_between_words(project: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from wizard.cli.main import main

    monkeypatch.chdir(project)
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code = main(["rescore", "--questionnaire", str(Path(__file__).parent.parent / "questionnaires"
                                                    / "lambda-vs-ec2.toml")])
    out = capsys.readouterr().out
    assert code in (0, 1)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()
    assert lines and max(len(line) for line in lines) <= 60, out


def test_export_links_back_from_where_the_markdown_goes(project: Path) -> None:  # noqa: F811
    record = decision(project, "steady-api")
    docs = project / "docs" / "adr"
    docs.mkdir(parents=True)
    target = docs / "steady.md"
    script = Path(sys.executable).parent / "wizard"
    with target.open("w") as out:  # `wizard export X.toml > docs/adr/steady.md`
        subprocess.run([str(script), "export", str(record)], stdout=out, cwd=project, check=True,
                       env={**os.environ, "NO_COLOR": "1"})
    link = re.search(r"\]\(([^)]+\.toml)\)", target.read_text())
    assert link is not None and link.group(1) == f"../decisions/{record.name}"
    based = wizard("export", record, "--link-base", docs, cwd=project)
    assert f"](../decisions/{record.name})" in based.stdout


def test_one_of_a_counted_unit_is_singular() -> None:
    from wizard.core.questionnaire.display import show_value

    assert show_value(1, "functions") == "1 function"
    assert show_value(2, "functions") == "2 functions"
    assert show_value(1, "ms") == "1 ms" and show_value(1, "MB") == "1 MB"


def test_a_fraction_in_a_whole_number_question_reads_like_the_other_messages() -> None:
    from wizard.core.questionnaire.model import load_questionnaire

    q = load_questionnaire(Path(__file__).parent.parent / "questionnaires" / "lambda-vs-ec2.toml").questionnaire
    assert q.question_index["function_count"].check_value(2.5) == "2.5 is not a whole number"


@pytest.mark.parametrize("columns", [80, 120])
def test_score_bars_fit_the_terminal_whole(columns: int) -> None:
    """At 80 columns the report's score bars are narrower, not cut with "…": every bar is as long as
    the others and its row is one line."""
    example = Path(__file__).resolve().parent.parent / "examples" / "steady-api.toml"
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "wizard", "score", str(example)], capture_output=True, text=True,
                          env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Scores")))
    rows = lines[start + 1:start + 5]
    bars = [re.search(r"[█░]+(…?)", row) for row in rows]
    assert all(bars) and len(rows) == 4, rows
    assert not any(b.group(1) for b in bars if b), rows
    assert len({len(b.group(0)) for b in bars if b}) == 1 and all("points of" in row for row in rows), rows
    assert max(len(line) for line in rows) <= columns
