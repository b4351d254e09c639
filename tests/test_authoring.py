"""A questionnaire author's view, through the real `wizard` command: the lint wherever the author is
(check, score, new, open, rescore), the logic gaps it finds, and messages with a line, a reason and
a "did you mean"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_cli import RECORD, ROOT, wizard, write

#: A small "RDS or DynamoDB?" questionnaire with no findings; the tests below break it one way each.
CLEAN = '''id = "db"
version = "1"
title = "RDS or DynamoDB?"

[[options]]
id = "rds"
label = "Amazon RDS PostgreSQL"

[[options]]
id = "ddb"
label = "Amazon DynamoDB"

[[stages]]
id = "s"
title = "Workload"

[[stages.questions]]
id = "team"
kind = "single"
prompt = "Who runs the database?"
help = "Someone has to tune and patch a relational database."
choices = [
  { value = "part-time", label = "Part time", effects = { ddb = 1 }, why = "Little time to tune." },
  { value = "dba", label = "A DBA", effects = { rds = 1 }, why = "Someone tunes it." },
]

[[stages.questions]]
id = "peak_rps"
kind = "number"
prompt = "Peak requests a second?"
help = "Throughput decides the capacity mode."
min = 0
max = 100000
bands = [
  { max = 5000, effects = { rds = 1 }, why = "A single instance copes." },
  { min = 5000, effects = { ddb = 1 }, why = "Partitions scale out." },
]

[[stages.questions]]
id = "needs"
kind = "multi"
prompt = "What does the data need?"
help = "Joins favour SQL; key lookups favour DynamoDB."
choices = [
  { value = "joins", label = "Joins", effects = { rds = 2 }, why = "SQL joins." },
  { value = "ttl", label = "Expiry", effects = { ddb = 1 }, why = "Built-in TTL." },
]
'''

ANSWERS = 'questionnaire = "db"\n[answers]\nteam = "dba"\npeak_rps = 10\nneeds = ["joins", "ttl"]\n'


def project(tmp_path: Path, text: str) -> tuple[Path, Path]:
    """A questionnaire in a project's questionnaires/ folder, and an answers file for it."""
    folder = tmp_path / "questionnaires"
    folder.mkdir(exist_ok=True)
    return write(folder, text, "db.toml"), write(tmp_path, ANSWERS, "answers.toml")


def with_rule(when: str, effects: str = "{ ddb = 1 }") -> str:
    return CLEAN + f'\n[[rules]]\nid = "r"\nwhen = {when}\neffects = {effects}\nwhy = "Because."\n'


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_the_clean_questionnaire_and_the_bundled_one_have_no_findings(tmp_path: Path) -> None:
    q, _ = project(tmp_path, CLEAN)
    proc = wizard("check", "--strict", q, ROOT / "questionnaires")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "warning" not in proc.stdout and "error" not in proc.stdout


# -- 1. the lint wherever the author is ----------------------------------------------------------

def test_score_warns_on_stderr_and_strict_fails(tmp_path: Path) -> None:
    text = with_rule('{ question = "team", equals = "part_time" }')
    q, answers = project(tmp_path, text)
    proc = wizard("score", answers, "--questionnaire", q, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["problems"] == []  # the answers are fine: the questionnaire is not
    warned = [line for line in proc.stderr.splitlines() if line.startswith(f"wizard: {q}:")]
    rule_line = line_of(text, '"r"') - 1  # the [[rules]] header
    assert any(f"{q}:{rule_line}: error: rules[id=\"r\"]" in line for line in warned), proc.stderr
    assert any('(did you mean "part-time"?)' in line for line in warned), proc.stderr
    strict = wizard("score", answers, "--questionnaire", q, "--strict")
    assert strict.returncode == 1 and "did you mean" in strict.stderr
    (tmp_path / "clean").mkdir()
    clean_q, _ = project(tmp_path / "clean", CLEAN)
    clean = wizard("score", answers, "--questionnaire", clean_q, "--strict")
    assert clean.returncode == 0 and clean.stderr == "", clean.stderr


def test_new_open_and_rescore_warn_and_strict_fails(tmp_path: Path) -> None:
    text = with_rule('{ question = "team", not_in = ["part-time", "dba"] }')
    q, answers = project(tmp_path, text)
    record = tmp_path / "decisions" / "db.toml"
    made = wizard("new", "--questionnaire", q, "--answers", answers, "--no-input", "--save", record)
    assert made.returncode == 0, made.stderr
    assert "not_in lists every choice" in made.stderr
    assert wizard("new", "--questionnaire", q, "--answers", answers, "--no-input", "--strict",
                  "--save", tmp_path / "other.toml").returncode == 1
    # `open --strict` stops before the app, so it needs no terminal.
    opened = wizard("open", record, "--questionnaire", q, "--strict")
    assert opened.returncode == 1 and "not_in lists every choice" in opened.stderr
    plain_new = wizard("new", "--questionnaire", q, "--strict")
    assert plain_new.returncode == 1 and "not_in lists every choice" in plain_new.stderr
    rescored = wizard("rescore", record, "--questionnaire", q)
    assert rescored.returncode == 0 and "not_in lists every choice" in rescored.stderr
    assert wizard("rescore", record, "--questionnaire", q, "--strict").returncode == 1


# -- 2. the logic gaps ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    (with_rule('{ all = [{ question = "peak_rps", gte = 10000 }, { question = "peak_rps", lt = 5000 }] }'),
     'error: rules[id="r"]: can never apply: its condition cannot hold '
     "(peak_rps ≥ 10000 and peak_rps < 5000 cannot both hold)"),
    (with_rule('{ question = "team", not_in = ["part-time", "dba"] }'),
     'not_in lists every choice of "team", so it never holds'),
    (with_rule('{ question = "team", in = ["part-time", "dba"] }'),
     'warning: rules[id="r"].when: in lists every choice of "team": it holds for any answer'),
    (with_rule('{ fact = "cost.ratio", gte = 2 }'),
     '"cost.ratio" is computed from prices, but the questionnaire names no pricing file'),
    (CLEAN.replace("  { min = 5000, effects", "  { min = 5000, max = 100000, effects"),
     "the answer 100,000 (the question's max) falls in no band: a band's max is exclusive"),
    (CLEAN.replace("  { min = 5000, effects", "  { min = 6000, effects"),
     "answers from 5,000 up to 6,000 fall in no band and score nothing"),
    (CLEAN.replace("  { min = 5000, effects", "  { min = 5000, max = 200000, effects = { ddb = 1 }, why = \"x\" },\n"
                   "  { min = 200000, effects"),
     'band "≥ 200000" lies outside the accepted range (min 0, max 100,000)'),
    (CLEAN.replace(', why = "Little time to tune."', ""),
     'choice "part-time" gives points but has no why'),
    (CLEAN.replace(', why = "A single instance copes."', ""),
     'band "< 5000" gives points but has no why'),
])
def test_each_logic_gap_is_a_finding_with_its_line(tmp_path: Path, text: str, expected: str) -> None:
    q, _ = project(tmp_path, text)
    proc = wizard("check", "--strict", q)
    assert proc.returncode == 1, proc.stdout
    found = [line for line in proc.stdout.splitlines() if expected in line]
    assert found, proc.stdout
    assert found[0].startswith(f"{q}:") and found[0].split(":")[1].isdigit(), found[0]


def test_a_condition_needing_a_question_it_hides_is_explained(tmp_path: Path) -> None:
    text = CLEAN.replace('id = "needs"\n', 'id = "needs"\nwhen = { question = "team", equals = "dba" }\n')
    text += ('\n[[rules]]\nid = "r"\nwhen = { all = [{ question = "team", equals = "part-time" }, '
             '{ question = "needs", includes = "ttl" }] }\neffects = { ddb = 1 }\nwhy = "Because."\n')
    q, _ = project(tmp_path, text)
    proc = wizard("check", q)
    assert proc.returncode == 1
    assert ('can never apply: its condition cannot hold (it needs an answer to "needs", which is shown only '
            'when team = "dba"; but no answer to team fits team = "part-time" and team = "dba")') in proc.stdout


def test_boolean_outcome_without_why(tmp_path: Path) -> None:
    text = CLEAN + ('\n[[stages.questions]]\nid = "global"\nkind = "boolean"\nprompt = "Global?"\nhelp = "h"\n'
                    "if_true = { effects = { ddb = 1 } }\n")
    q, _ = project(tmp_path, text)
    proc = wizard("check", "--strict", q)
    assert "if_true gives points but has no why" in proc.stdout, proc.stdout


def test_the_same_id_in_both_project_folders_is_named(tmp_path: Path) -> None:
    q, answers = project(tmp_path, CLEAN)
    other = tmp_path / ".wizard" / "questionnaires"
    other.mkdir(parents=True)
    shutil.copy(q, other / "db-copy.toml")
    proc = wizard("check", q, cwd=tmp_path)
    assert proc.returncode == 1
    assert 'error: id: questionnaire id "db" is also the id of .wizard/questionnaires/db-copy.toml' in proc.stdout
    assert f"{q}:1:" in proc.stdout
    scored = wizard("score", answers, cwd=tmp_path)  # found by id: the author hears of the other one
    assert scored.returncode == 0 and "is also the id of" in scored.stderr


# -- 3. messages an author can act on ------------------------------------------------------------

def test_unknown_keys_and_ids_get_a_did_you_mean(tmp_path: Path) -> None:
    text = CLEAN.replace('prompt = "Who runs', 'requried = true\nprompt = "Who runs')
    text = text.replace('effects = { rds = 1 }, why = "Someone', 'effect = { rds = 1 }, why = "Someone')
    q, _ = project(tmp_path, text)
    proc = wizard("check", q)
    assert proc.returncode == 2 and proc.stderr == ""
    assert f'{q}:{line_of(text, "requried")}: error: stages[id="s"].questions[id="team"].requried: unknown key ' \
           '(did you mean "required"?)' in proc.stdout
    assert 'effect: unknown key (did you mean "effects"?)' in proc.stdout
    bad_id = write(tmp_path, with_rule('{ question = "peak_rsp", gt = 1 }'), "ids.toml")
    assert 'unknown question "peak_rsp" (did you mean "peak_rps"?)' in wizard("check", bad_id).stdout
    bad_option = write(tmp_path, with_rule('{ question = "peak_rps", gt = 1 }', "{ dbb = 1 }"), "opt.toml")
    assert 'unknown option "dbb" (did you mean "ddb"?)' in wizard("check", bad_option).stdout


def test_a_hyphenated_question_id_is_explained_in_words(tmp_path: Path) -> None:
    q, _ = project(tmp_path, CLEAN.replace('id = "peak_rps"', 'id = "peak-rps"'))
    proc = wizard("check", q)
    assert proc.returncode == 2
    assert "must start with a lowercase letter and hold only lowercase letters, digits and underscores" in proc.stdout
    assert "^[a-z]" not in proc.stdout


def test_a_duplicate_id_says_where(tmp_path: Path) -> None:
    text = CLEAN + '\n[[stages]]\nid = "t"\ntitle = "More"\n[[stages.questions]]\nid = "team"\nkind = "text"\n' \
                   'prompt = "Again?"\n'
    q, _ = project(tmp_path, text)
    proc = wizard("check", q)
    assert 'question id "team" appears twice (in stage "s" and stage "t")' in proc.stdout


def test_file_errors_come_first_then_the_logic_on_stdout(tmp_path: Path) -> None:
    text = 'pricing = "pricing/missing.toml"\n' + with_rule('{ question = "team", equals = "part_time" }')
    q, _ = project(tmp_path, text)
    proc = wizard("check", q)
    assert proc.returncode == 1 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(f"{q}:1: error: pricing:") and "no such file" in lines[0]
    assert any("part_time" in line for line in lines[1:])


# -- 6a. a multi-choice answer's points name their choice ----------------------------------------

def test_contributions_of_a_multi_choice_answer_name_their_choice(tmp_path: Path) -> None:
    q, answers = project(tmp_path, CLEAN)
    payload = json.loads(wizard("score", answers, "--questionnaire", q, "--format", "json").stdout)
    needs = {c["choice"]: c["points"] for c in payload["contributions"] if c["id"] == "needs"}
    assert needs == {"joins": 2.0, "ttl": 1.0}
    assert all(c.get("choice") is None for c in payload["contributions"] if c["id"] != "needs")
    report = wizard("score", answers, "--questionnaire", q).stdout
    assert "needs includes Joins" in report and "needs includes Expiry" in report


def test_old_records_without_choice_still_load() -> None:
    assert "choice" not in RECORD.read_text(encoding="utf-8")  # the record predates the field
    proc = wizard("show", RECORD)
    assert proc.returncode == 0, proc.stderr
