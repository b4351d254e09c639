"""Nothing from a data file is ever executed.

1. The package's source holds no way to run code from data: no eval/exec/compile/__import__, no
   import by a computed name (but the core's lazy exports, from a constant table), no pickle, marshal,
   shelve, YAML loading or template engine, no shell, no `str.format` on a string that is not a
   constant of our own. The check walks the syntax tree of every module in `wizard/`.
2. A questionnaire, answers and a record whose every text (choice values included) holds Python or
   template code load, score, export and show: the code is shown as written, nothing runs (a
   sentinel file is never created) and `{{ 7*7 }}` never becomes 49.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

import hostile_text as hostile
from wizard.cli.main import main
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.records.markdown import record_to_markdown
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import load_answers, load_record

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wizard"
SOURCES = sorted(PACKAGE.rglob("*.py"))

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "input", "breakpoint"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve", "jinja2", "mako", "yaml",
                     "code", "codeop", "runpy", "ctypes"}
FORBIDDEN_ATTRIBUTES = {("os", "system"), ("os", "popen"), ("os", "execv"), ("os", "execl"), ("os", "spawnl"),
                        ("string", "Template"), ("yaml", "load"), ("pickle", "loads"), ("marshal", "loads")}
#: Imports by a computed name that are allowed: the core's lazy exports look the module up in a
#: constant table of the package's own modules.
ALLOWED_DYNAMIC_IMPORTS = {("wizard/core/__init__.py", "__getattr__")}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.function = ""
        self.found: list[str] = []

    def _report(self, node: ast.AST, what: str) -> None:
        self.found.append(f"{self.path}:{getattr(node, 'lineno', '?')}: {what}")

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in FORBIDDEN_MODULES:
                self._report(node, f"import {alias.name}")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and node.module.split(".")[0] in FORBIDDEN_MODULES:
            self._report(node, f"from {node.module} import ...")
        if node.module == "string" and any(a.name == "Template" for a in node.names):
            self._report(node, "string.Template")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if (_name(node.value), node.attr) in FORBIDDEN_ATTRIBUTES:
            self._report(node, f"{_name(node.value)}.{node.attr}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = _name(func)
        if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
            self._report(node, f"{func.id}()")
        if name in ("importlib.import_module", "import_module") and not all(
                isinstance(a, ast.Constant) for a in node.args):
            if (self.path, self.function) not in ALLOWED_DYNAMIC_IMPORTS:
                self._report(node, "import_module() of a computed name")
        if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map") \
                and not (isinstance(func.value, ast.Constant) and isinstance(func.value.value, str)):
            self._report(node, f"{name}(): str.format on a string that is not a constant")
        if name.startswith("subprocess.") or name in ("run", "Popen", "check_output", "call"):
            for keyword in node.keywords:
                off = isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                if keyword.arg == "shell" and not off:
                    self._report(node, f"{name}(shell=...)")
            if name.startswith("subprocess.") and node.args and not (
                    isinstance(node.args[0], (ast.List, ast.Tuple))
                    and all(isinstance(e, ast.Constant) for e in node.args[0].elts)):
                self._report(node, f"{name}() with a command that is not a constant list")
        self.generic_visit(node)


def find_code_execution(source: str, path: str) -> list[str]:
    finder = _Finder(path)
    finder.visit(ast.parse(source, filename=path))
    return finder.found


def test_the_package_cannot_run_code_from_data() -> None:
    assert len(SOURCES) > 20
    found = [hit for path in SOURCES
             for hit in find_code_execution(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())]
    assert found == []


@pytest.mark.parametrize("snippet", [
    "eval(text)", "exec(text)", "compile(text, 'f', 'exec')", "__import__(name)", "import pickle",
    "from yaml import load", "import marshal", "import shelve", "from jinja2 import Template",
    "from string import Template", "import os\nos.system(cmd)", "template.format(**answers)",
    "importlib.import_module(name)", "subprocess.run(cmd, shell=True)", "subprocess.run(['git', name])",
])
def test_the_check_finds_each_way(snippet: str) -> None:
    assert find_code_execution(snippet, "x.py"), snippet


def test_the_check_allows_what_the_package_does() -> None:
    ok = ("'{} of {}'.format(a, b)", "re.compile('x')", "subprocess.run(['git', 'config', 'user.name'], check=False)",
          "importlib.import_module('wizard.core.scoring.engine')", "f'{value}'")
    for snippet in ok:
        assert find_code_execution(snippet, "x.py") == [], snippet


# ---------------------------------------------------------------------------------------------
# Code in every field of the data


def _code_questionnaire(directory: Path, sentinel: Path) -> Path:
    """The hostile questionnaire, with code as choice values too (answers and conditions use them)."""
    path = hostile.questionnaire(directory, sentinel)
    doc: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    code = hostile.code(sentinel)
    for stage in doc["stages"]:
        for q in stage["questions"]:
            for choice in q.get("choices", []):
                if choice["value"] == "none":
                    choice["value"] = f"{code} {{{{ 7*7 }}}}"
    for rule in doc["rules"]:
        for part in rule["when"].get("all", []):
            if part.get("equals") == "none":
                part["equals"] = f"{code} {{{{ 7*7 }}}}"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


def _run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def test_code_in_a_questionnaire_is_only_ever_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")
    monkeypatch.setenv("NO_COLOR", "1")
    sentinel = tmp_path / "PWNED_code"
    q = _code_questionnaire(tmp_path, sentinel)
    code = hostile.code(sentinel)
    value = f"{code} {{{{ 7*7 }}}}"

    loaded = load_questionnaire(q)
    team = loaded.questionnaire.question_index["team"]
    assert value in team.choice_values
    answers = tmp_path / "answers.toml"
    answers.write_text(tomli_w.dumps({"questionnaire": "mini", "title": f"{code} {{{{ 7*7 }}}}",
                                      "answers": {**hostile.ANSWERS, "team": value, "notes": code}}))
    answers_file, _ = load_answers(answers)
    evaluator = Evaluator.load(loaded)
    evaluation = evaluator.evaluate(answers_file.answers, sensitivity=True)
    assert evaluation.result.errors == []
    # The rule whose condition compares with the code string fires like any other.
    assert any(c.id == "no-team-long-runs" for c in evaluation.result.contributions)

    outputs = {}
    for fmt in ("text", "json", "toml"):
        status, out, err = _run("score", answers, "--questionnaire", q, "--format", fmt)
        assert status == 0, err
        outputs[f"score-{fmt}"] = out
    record_path = tmp_path / "record.toml"
    record_path.write_text(outputs["score-toml"])
    record = load_record(record_path)
    assert record.title == f"{code} {{{{ 7*7 }}}}" and record.answers["team"] == value
    for command in ("show", "export", "rescore"):
        status, out, err = _run(command, record_path, "--questionnaire", q)
        assert status in (0, 1), err
        outputs[command] = out
    outputs["markdown"] = record_to_markdown(record, loaded.questionnaire)

    for name, out in outputs.items():
        shown = json.loads(out) if name == "score-json" else out
        text = json.dumps(shown) if name == "score-json" else shown
        assert "__import__" in text, name
        assert "{{ 7*7 }}" in text or "{{ 7\\*7 }}" in text or "{{ 7\\\\*7 }}" in text, name
        assert "{0.__class__}" in text or "{0.\\_\\_class\\_\\_}" in text or name.startswith("score-json"), name
        assert "<class" not in text, name
    title = outputs["show"].splitlines()[0]
    # The code names a temporary path, which may hold "49" itself (pytest-249): look past it.
    assert title.startswith("__import__") and "{{ 7*7 }}" in title and "49" not in title.replace(code, "")
    assert not sentinel.exists()


async def test_code_in_a_questionnaire_is_only_shown_by_the_app(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from wizard.tui.app import WizardApp
    from wizard.tui.screens.result import ResultScreen

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WIZARD_DATA_DIR", str(tmp_path / "data"))
    sentinel = tmp_path / "PWNED_app"
    q = _code_questionnaire(tmp_path, sentinel)
    monkeypatch.setattr(hostile, "ANSWERS", {**hostile.ANSWERS, "team": f"{hostile.code(sentinel)} {{{{ 7*7 }}}}"})
    record = hostile.record(tmp_path, q, sentinel)
    assert load_record(record).result.problems == ()
    app = WizardApp(questionnaire=q, open_record=record)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.action_result()
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        svg = app.export_screenshot()
        assert "__import__(&#x27;os&#x27;)" in svg or "__import__" in svg
        assert "{{&#160;7*7&#160;}}" in svg or "{{ 7*7 }}" in svg
    assert not sentinel.exists()
