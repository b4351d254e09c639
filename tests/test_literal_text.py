"""Text from questionnaires, pricing files and records is shown as text by every command.

Rich markup, Markdown and HTML come out character for character; an escape sequence or any other
control character from a file comes out as a visible escape (`\\x1b[31m`), so a record written by
anyone cannot drive the terminal of whoever looks at it (the TUI side is in tests/tui/).
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import hostile_text as hostile
from wizard.cli.main import main
from wizard.core.questionnaire.display import answer_label, printable, show_value
from wizard.core.records.markdown import code, escape, escape_block, yaml_string
from wizard.core.questionnaire.model import load_questionnaire

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    sentinel = tmp_path / "PWNED_literal"
    q = hostile.questionnaire(tmp_path, sentinel)
    out = {"questionnaire": q, "answers": hostile.answers_file(tmp_path, q, sentinel),
           "record": hostile.record(tmp_path, q, sentinel), "pricing": hostile.pricing(tmp_path, sentinel),
           "sentinel": sentinel}
    yield out
    assert not sentinel.exists()


def run(monkeypatch: pytest.MonkeyPatch, *args: str | Path, colour: bool = False) -> tuple[int, str, str]:
    monkeypatch.setenv("COLUMNS", "2000")
    if colour:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("FORCE_COLOR", "1")
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        monkeypatch.setenv("NO_COLOR", "1")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------------------------
# Rich output: score, show, cost, rescore, check


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_score_report_shows_text_literally(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                                           colour: bool) -> None:
    code, out, err = run(monkeypatch, "score", files["answers"], "--questionnaire", files["questionnaire"],
                         colour=colour)
    assert code == 0, err
    if colour:
        assert "\x1b[" in out  # Rich's own styles are there...
    hostile.assert_literal(out, colour=colour)  # ...but nothing from the data


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_show_shows_the_record_literally(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, colour: bool) -> None:
    code, out, err = run(monkeypatch, "show", files["record"], "--questionnaire", files["questionnaire"], colour=colour)
    assert code == 0, err
    hostile.assert_literal(out, colour=colour)
    assert "# heading" in out and "<div>not html</div>" in out  # the context, as written


def test_show_without_the_questionnaire_shows_the_record_literally(files: dict[str, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    files["questionnaire"].unlink()  # options and questions by id; the record's own text still shows
    code, out, err = run(monkeypatch, "show", files["record"])
    assert code == 0, err
    for piece in hostile.RAW:
        assert piece not in out
    assert "[bold red]x[/]" in out and "\\x1b[31mred" in out and not hostile.CONTROL.search(out)


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_cost_shows_the_pricing_file_literally(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                                               colour: bool) -> None:
    code, out, err = run(monkeypatch, "cost", "--requests-per-month", "3000000", "--duration-ms", "120",
                         "--memory-mb", "512", "--pricing", files["pricing"], colour=colour)
    assert code == 0, err
    hostile.assert_literal(out, colour=colour)


def test_rescore_and_list_show_records_literally(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (["rescore", files["record"]], ["list", files["record"].parent]):
        code, out, err = run(monkeypatch, *args, "--questionnaire", files["questionnaire"])
        assert code in (0, 1), err
        assert not hostile.CONTROL.search(out + err), args
        for piece in hostile.RAW:
            assert piece not in out + err
    assert "[bold red]x[/]" in out and "\\x1b[31mred" in out  # `wizard list` shows the title


def test_check_prints_no_control_characters(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    for path in (files["questionnaire"], files["pricing"]):
        code, out, err = run(monkeypatch, "check", path)
        assert code in (0, 1), err
        assert not hostile.CONTROL.search(out + err)
        assert "[bold red]x[/]" in out


def test_the_real_entry_point_keeps_escape_sequences_out_of_the_terminal(files: dict[str, Path]) -> None:
    env = {**os.environ, "COLUMNS": "2000", "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.run([sys.executable, "-m", "wizard", "show", str(files["record"]), "--questionnaire",
                           str(files["questionnaire"])], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    hostile.assert_literal(proc.stdout, colour=True)


# ---------------------------------------------------------------------------------------------
# Error messages: one line, control characters escaped


def test_errors_quote_data_on_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = tmp_path / "bad.toml"
    answers.write_text('[answers]\nops_team = "x\\u001b[31mred\\nnext line"\n"bad\\u001b]8;;id\\nx" = 1\n')
    code, out, err = run(monkeypatch, "score", answers, "--partial")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert all(line.startswith(f"wizard: {answers}: ") for line in lines)
    assert not hostile.CONTROL.search(err)
    assert "\\x1b[31mred\\nnext line" in err and 'unknown question id "bad\\x1b]8;;id\\nx"' in err


def test_unknown_keys_are_quoted_and_cut_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "q.toml"
    bad.write_text('"' + "k" * 10_000 + '\\u001b" = 1\n' + hostile.MINI.read_text())
    code, out, err = run(monkeypatch, "check", bad)
    assert code == 2
    line = out.splitlines()[-1]
    assert line.startswith(f"{bad}: error: \"kkkk") and line.endswith('…": unknown key'), line
    assert len(line) < 300


# ---------------------------------------------------------------------------------------------
# Markdown export


def render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def test_export_renders_every_text_literally(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    code, md, err = run(monkeypatch, "export", files["record"], "--questionnaire", files["questionnaire"])
    assert code == 0, err
    assert not hostile.CONTROL.search(md)
    page = render(md)
    assert "<script" not in page and "<div" not in page
    assert "javascript:" not in re.sub(r"<[^>]+>", "", page).replace("(javascript:alert(1))", "")
    assert not re.search(r'href="(?!https?://|[^":]*\.toml)', page), "a link from data"
    assert re.findall(r"<h1>", page) == ["<h1>"]  # the title; "# heading" in the context is no heading
    assert "<strong>bold" not in page and "<em>" not in page
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for piece in hostile.LITERAL:
        assert piece in shown, piece
    for piece in hostile.ESCAPED:
        assert piece in shown, piece
    assert "# heading" in shown and "- not a list" in shown


def test_markdown_helpers_neutralise_control_characters() -> None:
    assert escape("a\x1b[31mb") == "a\\\\x1b\\[31mb"  # renders as a\x1b[31mb
    assert render(escape("a\x1b[31mb")).strip() == "<p>a\\x1b[31mb</p>"
    assert code("x\x1by") == "`x\\x1by`"
    assert "\x1b" not in escape_block("one\x1b\n\ntwo\x07")
    assert yaml_string("a\x1b\x9b\x7f") == '"a\\u001b\\u009b\\u007f"'


# ---------------------------------------------------------------------------------------------
# The core helpers the renderers use


def test_printable_escapes_control_characters_and_keeps_lines() -> None:
    assert printable("a\x1b[31mb\x07\x00\x7f\x9b\r") == "a\\x1b[31mb\\x07\\x00\\x7f\\x9b\\r"
    assert printable("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert printable("[bold]x[/] <b> é 🙂") == "[bold]x[/] <b> é 🙂"


def test_answers_are_shown_printable(files: dict[str, Path]) -> None:
    q = load_questionnaire(files["questionnaire"]).questionnaire
    assert "\x1b" not in answer_label(q.question_index["team"], "none")
    assert show_value("a\x1bb") == "a\\x1bb" and show_value(("x\x1b", "y")) == "x\\x1b, y"
    assert show_value(3, "s\x1b") == "3 s\\x1b"
