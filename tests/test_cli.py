"""The `wizard` command through its real entry point: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini.toml"
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


def wizard(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT,
                          env=env, timeout=60)


def write(tmp_path: Path, text: str, name: str = "answers.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINI_ANSWERS = (
    'questionnaire = "mini"\n[answers]\nteam = "none"\nruntime_s = 30\nregulated = false\nfeatures = ["queues"]\n'
)


def test_score_json_has_the_documented_keys(tmp_path: Path) -> None:
    proc = wizard("score", write(tmp_path, MINI_ANSWERS), "--questionnaire", MINI, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"recommended", "scores", "excluded", "confidence", "contributions", "sensitivity"} <= set(data)
    assert data["recommended"] == "alpha"
    assert data["questionnaire"]["id"] == "mini"
    assert data["scores"]["alpha"]["points"] == 7


def test_score_text_report_explains_the_result(tmp_path: Path) -> None:
    proc = wizard("score", write(tmp_path, MINI_ANSWERS), "--questionnaire", MINI)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Recommended: Alpha" in out
    assert "What drove the scores" in out and "Alpha needs no operations." in out
    assert "What would change the answer" in out


def test_score_toml_prints_a_loadable_record(tmp_path: Path) -> None:
    proc = wizard(
        "score", write(tmp_path, MINI_ANSWERS), "--questionnaire", MINI, "--format", "toml", "--title", "Mini decision"
    )
    assert proc.returncode == 0, proc.stderr
    data = tomllib.loads(proc.stdout)
    assert data["title"] == "Mini decision" and data["result"]["recommended"] == "alpha"
    record = write(tmp_path, proc.stdout, "record.toml")
    again = wizard("score", record, "--questionnaire", MINI, "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)["recommended"] == "alpha"


def test_questionnaire_is_found_by_the_id_the_answers_name(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "questionnaires").mkdir()
    shutil.copy(MINI, project / "questionnaires" / "team-rules.toml")
    proc = wizard("score", write(project, MINI_ANSWERS), "--format", "json", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["questionnaire"]["id"] == "mini"


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ('[answers]\nteam = "none"\nruntime_s = \n', ["invalid TOML", "line 3"]),
        ('[answers]\nteam = "huge"\nruntime_s = 1\n', ['question "team": "huge" is not a choice']),
        (
            '[answers]\nteam = "none"\nteem = "none"\nruntime_s = 1\n',
            ['unknown question id "teem" (did you mean "team"?)'],
        ),
        (
            '[answers]\nteam = "none"\nruntime_s = 99999999\n',
            ["99,999,999 seconds is above the maximum of 86,400 seconds"],
        ),
        ('[answers]\nteam = "none"\n', ['question "runtime_s" is required but not answered']),
        ("answers = 3\n", ["answers: expected a table"]),
        ('questionnaire = "other"\n[answers]\n', ['no questionnaire with id "other" found']),
    ],
)
def test_bad_answers_are_one_line_and_exit_2(tmp_path: Path, text: str, fragments: list[str]) -> None:
    path = write(tmp_path, text)
    args = ["score", path] + (["--questionnaire", str(MINI)] if "other" not in text else [])
    proc = wizard(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("wizard: ") and str(path) in lines[0]
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in proc.stderr


def test_answers_for_another_questionnaire_are_refused(tmp_path: Path) -> None:
    proc = wizard("score", write(tmp_path, 'questionnaire = "zzz"\n[answers]\n'), "--questionnaire", MINI)
    assert proc.returncode == 2
    assert 'the answers are for questionnaire "zzz", not "mini"' in proc.stderr


def test_partial_scores_without_required_answers(tmp_path: Path) -> None:
    path = write(tmp_path, '[answers]\nteam = "none"\n')
    assert wizard("score", path, "--questionnaire", MINI, "--format", "json").returncode == 2
    proc = wizard("score", path, "--questionnaire", MINI, "--format", "json", "--partial")
    assert proc.returncode == 0 and json.loads(proc.stdout)["recommended"] == "alpha"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = wizard("score", tmp_path / "nope.toml")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"wizard: {tmp_path / 'nope.toml'}: no such file"


def test_check_is_clean_on_good_files() -> None:
    proc = wizard("check", MINI, ROOT / "questionnaires" / "lambda-vs-ec2.toml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count(": ok — ") == 2


def test_check_reports_lint_findings_with_exit_1(tmp_path: Path) -> None:
    text = MINI.read_text().replace(
        'when = { question = "team", in = ["large", "some"] }', 'when = { question = "team", in = ["large", "tiny"] }'
    )
    proc = wizard("check", write(tmp_path, text, "q.toml"))
    assert proc.returncode == 1
    assert "'tiny' is not a choice of \"team\"" in proc.stdout


def test_check_unreadable_file_exits_2_naming_the_key(tmp_path: Path) -> None:
    text = MINI.read_text().replace("weight = 2.0", 'weight = "heavy"')
    proc = wizard("check", write(tmp_path, text, "q.toml"))
    assert proc.returncode == 2
    # Every finding is on stdout, with the line of the key it is about.
    assert 'q.toml:103: error: stages[id="limits"].weight: expected a number' in proc.stdout
    syntax = wizard("check", write(tmp_path, "id = \n", "broken.toml"))
    assert syntax.returncode == 2 and "broken.toml: error: invalid TOML" in syntax.stdout and "line 1" in syntax.stdout


@pytest.mark.parametrize("kind", ["questionnaire", "answers", "record"])
def test_schema_prints_json_schema(kind: str) -> None:
    proc = wizard("schema", kind)
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object" and schema["properties"]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["cost", "--requests-per-month", "lots", "--duration-ms", "120", "--memory-mb", "512"],
         "wizard cost: argument --requests-per-month: expected a number such as 1500, 2.5, 3M or 1e6, got 'lots' "
         "(see wizard cost --help)"),
        (["rescore", "x", "--jobs", "abc"],
         "wizard rescore: argument --jobs: expected a positive integer, got 'abc' (see wizard rescore --help)"),
        (["rescore", "x", "--jobs", "0"],
         "wizard rescore: argument --jobs: expected a positive integer, got '0' (see wizard rescore --help)"),
        (["list", "x", "--jobs", "-2"],
         "wizard list: argument --jobs: expected a positive integer, got '-2' (see wizard list --help)"),
        (["score"], "wizard score: the following arguments are required: ANSWERS.toml (see wizard score --help)"),
        (["schema", "foo"], "wizard schema: argument KIND: invalid choice: 'foo' "
                            "(choose from 'questionnaire', 'answers', 'record') (see wizard schema --help)"),
        (["schema"], "wizard schema: give a KIND to print (questionnaire, answers or record), or --write DIR "
                     "(see wizard schema --help)"),
        (["--bogus"], "wizard: unrecognized arguments: --bogus (see wizard --help)"),
        (["score", "a.toml", "--bogus", "x"],
         "wizard score: unrecognized arguments: --bogus x (see wizard score --help)"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], line: str) -> None:
    # No usage block: one line naming the command and the argument, pointing at --help.
    proc = wizard(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [line]


@pytest.mark.parametrize("args", [["--help"], ["cost", "--help"], ["rescore", "--help"]])
def test_help_still_prints_the_full_usage(args: list[str]) -> None:
    proc = wizard(*args)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("usage: wizard") and "options:" in proc.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_scores_with_a_recommendation(example: Path) -> None:
    proc = wizard("score", example, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["recommended"] in ("lambda", "ec2")
    assert data["contributions"]
    assert data["questionnaire"]["id"] == "lambda-vs-ec2"


STARTUP = ROOT / "examples" / "startup-mvp-api.toml"
PRICING = ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml"


def startup_ec2_total() -> float:
    from wizard.core.cost import estimate, workload_from_answers
    from wizard.core.pricing.model import load_pricing
    from wizard.core.questionnaire.model import load_questionnaire

    q = load_questionnaire(ROOT / "questionnaires" / "lambda-vs-ec2.toml").questionnaire
    workload = workload_from_answers(tomllib.loads(STARTUP.read_text())["answers"], q)
    assert workload is not None
    return estimate(workload, load_pricing(PRICING), curve_points=0).ec2.total_usd


def test_score_json_carries_the_cost_comparison() -> None:
    proc = wizard("score", STARTUP, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    cost = data["cost"]
    # $2.20 of requests and HTTP API, plus Lambda's own log lines (2M × 0.3 KB at $0.50/GB).
    assert cost["lambda"]["total_usd"] == 2.50 and cost["ec2"]["total_usd"] == startup_ec2_total()
    assert data["facts"]["cost.cheaper"] == "lambda"
    assert any(c["id"] == "cost-lambda-far-cheaper" for c in data["contributions"])


def test_score_says_why_a_workload_it_cannot_price_has_no_bill(tmp_path: Path) -> None:
    # 4,000,000 MB workers are a valid answer, but no instance type in the pricing file has that much memory.
    answers = STARTUP.read_text()
    big = answers.replace("memory_mb = 512", "memory_mb = 512\nserver_memory_mb = 4000000")
    assert big != answers
    path = write(tmp_path, big)
    proc = wizard("score", path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["cost"] is None and "4,000,000 MB" in data["cost_problem"] and "the largest has" in data["cost_problem"]
    assert proc.stderr.splitlines() == [f"wizard: {path}: no cost estimate: {data['cost_problem']}"]
    assert json.loads(wizard("score", STARTUP, "--format", "json").stdout)["cost_problem"] is None


def test_pricing_override_changes_the_bills(tmp_path: Path) -> None:
    cheap = PRICING.read_text().replace("usd_per_hour = 0.0084", "usd_per_hour = 0.0001")
    assert cheap != PRICING.read_text()
    custom = write(tmp_path, cheap, "negotiated.toml")
    proc = wizard("score", STARTUP, "--format", "json", "--pricing", custom)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["cost"]["ec2"]["total_usd"] < startup_ec2_total()


def test_score_toml_record_has_a_cost_table() -> None:
    proc = wizard("score", STARTUP, "--format", "toml")
    assert proc.returncode == 0, proc.stderr
    data = tomllib.loads(proc.stdout)
    assert data["title"] == "Startup MVP mobile backend"
    assert data["cost"]["lambda"]["total_usd"] == 2.50
    assert data["cost"]["pricing"]["as_of"] == tomllib.loads(PRICING.read_text())["as_of"]
    assert data["cost"]["assumptions"]
    # Lambda cannot run the transcoding example at any volume: no break-even, so no key (TOML has no null)
    gpu = tomllib.loads(wizard("score", ROOT / "examples" / "video-transcoding.toml", "--format", "toml").stdout)
    assert "break_even_requests_per_month" not in gpu["cost"] and gpu["cost"]["lambda"]["possible"] is False
    steady = tomllib.loads(wizard("score", ROOT / "examples" / "steady-api.toml", "--format", "toml").stdout)
    assert steady["cost"]["break_even_requests_per_month"] > 0


def test_score_text_shows_the_bills() -> None:
    proc = wizard("score", STARTUP)
    assert proc.returncode == 0, proc.stderr
    assert "Monthly bill for 2,000,000 requests" in proc.stdout and f"${startup_ec2_total():,.2f}" in proc.stdout


def test_check_reports_a_missing_pricing_file(tmp_path: Path) -> None:
    text = (ROOT / "questionnaires" / "lambda-vs-ec2.toml").read_text()
    path = write(tmp_path, text, "q.toml")  # its pricing path is relative: no pricing/ beside it
    proc = wizard("check", path)
    assert proc.returncode == 1
    line = text.splitlines().index('pricing = "pricing/aws-us-east-1.toml"') + 1  # the finding names its line
    assert f"q.toml:{line}: error: pricing:" in proc.stdout and "no such file" in proc.stdout


def test_check_takes_a_directory_and_pricing_files(tmp_path: Path) -> None:
    proc = wizard("check", ROOT / "questionnaires")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "lambda-vs-ec2.toml: ok" in proc.stdout and "aws-us-east-1.toml: ok — pricing for us-east-1" in proc.stdout
    broken = write(tmp_path, PRICING.read_text().replace("usd_per_hour = 0.0104", 'usd_per_hour = "cheap"'), "p.toml")
    proc = wizard("check", broken)
    assert proc.returncode == 2 and "p.toml:328: error: ec2.instance_types" in proc.stdout


def test_every_bad_answer_gets_its_own_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[answers]\nteem = "none"\nruntime_s = -3\nregulated = "yes"\n')
    proc = wizard("score", path, "--questionnaire", MINI)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 4  # three bad values and the required team question
    assert all(line.startswith(f"wizard: {path}: ") for line in lines)
    assert any('unknown question id "teem"' in line for line in lines)
    assert any("below the minimum" in line for line in lines)


def test_open_refuses_an_unreadable_record_before_the_screen_opens(tmp_path: Path) -> None:
    proc = wizard("open", write(tmp_path, "title = \n", "bad.toml"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("wizard: ") and "bad.toml: invalid TOML" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("option", ["--questionnaire", "--pricing"])
@pytest.mark.parametrize("command", ["new", "open"])
def test_the_app_refuses_a_bad_file_named_on_the_command_line(tmp_path: Path, command: str, option: str) -> None:
    # A questionnaire or pricing file that cannot be read is one line and exit 2, not a traceback
    # from inside the full-screen app.
    bad = write(tmp_path, 'id = "x"\ntitle = [1\n', "bad.toml")
    record = ROOT / "examples" / "decisions" / "steady-api-decision.toml"
    args = [command, *([str(record)] if command == "open" else []), option, bad]
    proc = wizard(*args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("wizard: ") and "bad.toml: invalid TOML" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


NO_TERMINAL = ("wizard: the full-screen wizard needs a terminal (stdin and stdout); "
               "for scripts use wizard score, wizard check or wizard cost")
RECORD = ROOT / "examples" / "decisions" / "steady-api-decision.toml"


def wizard_on(stdin: int, stdout: int, *args: str | Path) -> tuple[int, str]:
    """The real `wizard` with the given stdin and stdout; its exit code and stderr."""
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "xterm-256color"}
    proc = subprocess.run([*command, *map(str, args)], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT, env=env, timeout=60)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize("args", [[], ["new"], ["open", RECORD]], ids=["wizard", "new", "open"])
def test_the_app_needs_a_terminal_on_stdout(args: list[str | Path]) -> None:
    # `wizard > out.txt` or a script's pipe: one line instead of a full-screen app that never ends.
    code, err = wizard_on(subprocess.DEVNULL, subprocess.PIPE, *args)
    assert code == 2
    assert err.splitlines() == [NO_TERMINAL]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [[], ["new"], ["open", RECORD]], ids=["wizard", "new", "open"])
def test_the_app_needs_a_terminal_on_stdin(args: list[str | Path]) -> None:
    # `wizard < /dev/null` in a terminal: stdout is a terminal, stdin is not.
    master, slave = os.openpty()
    try:
        code, err = wizard_on(subprocess.DEVNULL, slave, *args)
    finally:
        os.close(slave)
        os.close(master)
    assert code == 2
    assert err.splitlines() == [NO_TERMINAL]


def test_open_refuses_a_record_whose_questionnaire_cannot_be_found(tmp_path: Path) -> None:
    text = RECORD.read_text(encoding="utf-8").replace('id = "lambda-vs-ec2"', 'id = "no-such-questionnaire"')
    record = write(tmp_path, text, "rec.toml")
    proc = wizard("open", record)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f'wizard: {record}: no questionnaire with id "no-such-questionnaire" found (pass --questionnaire PATH)'
    ]


@pytest.mark.parametrize("command", ["new", "open"])
def test_the_app_refuses_a_questionnaire_whose_pricing_file_is_missing(tmp_path: Path, command: str) -> None:
    # The questionnaire's `pricing` path is relative to it, and there is no pricing/ beside the copy.
    questionnaire = write(tmp_path, (ROOT / "questionnaires" / "lambda-vs-ec2.toml").read_text(), "q.toml")
    args = [command, *([RECORD] if command == "open" else []), "--questionnaire", questionnaire]
    proc = wizard(*args)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"wizard: {tmp_path / 'pricing' / 'aws-us-east-1.toml'}: no such file"]


@pytest.mark.parametrize("name", ["answers", "record"])
def test_check_names_an_answers_file_or_record_in_one_line(tmp_path: Path, name: str) -> None:
    source = ROOT / "examples" / "steady-api.toml" if name == "answers" else RECORD
    path = write(tmp_path, source.read_text(encoding="utf-8"), f"{name}.toml")
    proc = wizard("check", path, MINI)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[0] == (
        f"{path}: error: an answers file (or decision record), not a questionnaire; "
        f"score it with wizard score {path}"
    )
    assert proc.stdout.count(": ok — ") == 1  # the other files are still checked


def test_a_misspelt_question_id_is_not_buried_under_the_missing_answers(tmp_path: Path) -> None:
    path = write(tmp_path, '[answers]\nrequests_per_mont = 1000000\nops_team = "none"\n')
    proc = wizard("score", path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f'wizard: {path}: unknown question id "requests_per_mont" (did you mean "requests_per_month"?)',
        f"wizard: {path}: 12 required questions not answered (first: workload_type, os_control, patching, ...); "
        "use --partial to score anyway",
    ]
