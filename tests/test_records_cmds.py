"""`wizard list / show / rescore / export / supersede / schema --write` through the real entry point,
the pure rescore diff, and the fast record reader against tomllib."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.model import LoadedQuestionnaire, load_questionnaire
from wizard.core.records.model import (
    DecisionRecord,
    evaluated_record,
    Status,
    load_record,
    read_record,
    record_to_toml,
    save_record,
)
from wizard.core.records.rescore import compare, rescore

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = ROOT / "questionnaires" / "lambda-vs-ec2.toml"
EXAMPLES = ROOT / "examples"


def wizard(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT,
                          env=env, timeout=120, check=False)


def one_line_error(proc: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wizard: "), proc.stderr
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------------------------------------
# Fixtures: a repository with three records, and edited copies of the questionnaire


def make_record(loaded: LoadedQuestionnaire, example: str, **fields: object) -> DecisionRecord:
    data = tomllib.loads((EXAMPLES / f"{example}.toml").read_text(encoding="utf-8"))
    evaluator = Evaluator.load(loaded)
    evaluation = evaluator.evaluate(data["answers"], sensitivity=True)
    defaults: dict[str, object] = {"title": data["title"], "date": dt.date(2026, 11, 26), "status": Status.ACCEPTED,
                                   "deciders": ("Ada",), "context": f"Made from {example}."}
    return evaluated_record(evaluator, evaluation, **{**defaults, **fields})  # type: ignore[arg-type]


RECORDS = {"steady-api": "ec2", "webhook-handler": "lambda", "startup-mvp-api": "lambda"}


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    loaded = load_questionnaire(QUESTIONNAIRE)
    return {name: record_to_toml(make_record(loaded, name)) for name in RECORDS}


@pytest.fixture
def project(tmp_path: Path, records: dict[str, str]) -> Path:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    decisions = root / "docs" / "decisions"
    decisions.mkdir(parents=True)
    for i, (name, text) in enumerate(records.items()):
        (decisions / f"2026-11-2{i}-{name}.toml").write_text(text, encoding="utf-8")
    return root


def decision(project: Path, name: str) -> Path:
    return next((project / "docs" / "decisions").glob(f"*-{name}.toml"))


def edited_questionnaire(directory: Path, *edits: tuple[str, str], remove_question: str | None = None) -> Path:
    """A copy of the bundled questionnaire (with its pricing/ beside it) with text replaced."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(QUESTIONNAIRE.parent / "pricing", directory / "pricing", dirs_exist_ok=True)
    text = QUESTIONNAIRE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    if remove_question:
        start = text.rindex("[[stages.questions]]", 0, text.index(f'id = "{remove_question}"'))
        end = text.index("[[stages.questions]]", start + 1)
        text = text[:start] + text[end:]
    path = directory / QUESTIONNAIRE.name
    path.write_text(text, encoding="utf-8")
    assert wizard("check", path).returncode in (0, 1)  # still a readable questionnaire
    return path


#: Lambda's 900-second limit lowered to 1 second: every example that picked Lambda now runs too long.
FLIP = ('when = { question = "longest_run_s", gt = 900 }', 'when = { question = "longest_run_s", gt = 1 }')


# ---------------------------------------------------------------------------------------------
# rescore


def test_rescore_exits_0_when_every_recommendation_holds(project: Path) -> None:
    proc = wizard("rescore", "docs/decisions", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 records: 3 hold, 0 changed." in proc.stdout
    assert proc.stdout.count("nothing moved") == 3
    single = wizard("rescore", decision(project, "steady-api"), "--format", "json")
    assert single.returncode == 0
    data = json.loads(single.stdout)
    assert data["summary"] == {"records": 1, "hold": 1, "changed": 0, "invalid": 0, "unreadable": 0, "updated": 0,
                               "review_due": 0}
    assert data["records"][0]["recommended"] == {"old": "ec2", "new": "ec2"} and not data["records"][0]["moved"]
    assert data["records"][0]["verdict"] == "holds" and data["records"][0]["holds"]


def test_rescore_exits_1_when_a_questionnaire_change_flips_a_recommendation(project: Path) -> None:
    questionnaire = edited_questionnaire(project / "q", FLIP)
    proc = wizard("rescore", "docs/decisions", "--questionnaire", questionnaire, cwd=project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert "CHANGED  AWS Lambda → ECS on Fargate" in out
    assert "+ excluded AWS Lambda: A Lambda invocation can run for at most 900 seconds" in out
    assert "3 records: 1 hold, 2 changed" in out and "--update writes" in out
    assert "questionnaire lambda-vs-ec2 1.5.0 (the file changed since the record was made)" in out

    data = json.loads(wizard("rescore", "docs/decisions", "--questionnaire", questionnaire, "--format", "json",
                             cwd=project).stdout)
    by_name = {Path(r["file"]).name.split("-", 3)[-1]: r for r in data["records"]}
    webhook = by_name["webhook-handler.toml"]
    assert webhook["recommendation_changed"] and webhook["recommended"] == {"old": "lambda", "new": "fargate"}
    assert [e["constraint"] for e in webhook["exclusions_added"]] == ["lambda-max-timeout",
                                                                  "lambda-managed-max-timeout"]
    assert any(s["option"] == "lambda" and s["new_excluded"] for s in webhook["scores"])
    assert by_name["steady-api.toml"]["holds"] and by_name["steady-api.toml"]["questionnaire"]["changed"]


def test_rescore_reports_answers_that_no_longer_fit_one_by_one(project: Path) -> None:
    # "environments" removed; the "dedicated" choice of "ops_team" renamed (steady-api answered it).
    questionnaire = edited_questionnaire(project / "q", ('value = "dedicated"', 'value = "full-time"'),
                                         remove_question="environments")
    proc = wizard("rescore", "docs/decisions", "--questionnaire", questionnaire, "--format", "json", cwd=project)
    assert proc.returncode == 1, proc.stderr  # answers that no longer fit: the record is not confirmed
    data = json.loads(proc.stdout)
    assert data["summary"]["records"] == 3 and data["summary"]["unreadable"] == 0
    by_name = {Path(r["file"]).name.split("-", 3)[-1]: r for r in data["records"]}
    steady = by_name["steady-api.toml"]
    assert steady["verdict"] == "invalid" and not steady["holds"]
    problems = {p["question"]: p["message"] for p in steady["answer_problems"]}
    assert problems["environments"] == 'unknown question id "environments"'
    assert problems["ops_team"].startswith('question "ops_team": "dedicated" is not a choice')
    gone = {(c["id"], c["change"]) for c in steady["contributions"]}
    assert ("environments", "disappeared") in gone and ("ops_team", "disappeared") in gone
    for record in data["records"]:  # the other answers still count: scores are there
        assert record["recommended"]["new"] in ("lambda", "ec2", "lambda-managed", "fargate")
    text = wizard("rescore", decision(project, "steady-api"), "--questionnaire", questionnaire).stdout
    assert "answers that no longer fit" in text and 'unknown question id "environments"' in text


def test_rescore_update_rewrites_the_records_and_a_second_rescore_holds(project: Path) -> None:
    questionnaire = edited_questionnaire(project / "q", FLIP)
    path = decision(project, "webhook-handler")
    before = load_record(path)
    proc = wizard("rescore", "docs/decisions", "--questionnaire", questionnaire, "--update", cwd=project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "3 updated" in proc.stdout and f"updated docs/decisions/{path.name}" in proc.stdout
    after = load_record(path)
    assert after.result.recommended == "fargate" and after.result.sensitivity is not None
    assert after.rescored == dt.date.today()
    assert after.questionnaire.sha256 == load_questionnaire(questionnaire).sha256
    for name in ("title", "date", "status", "deciders", "context", "tags", "supersedes", "answers"):
        assert getattr(after, name) == getattr(before, name), name
    assert after.cost is not None and after.cost.pricing == before.cost.pricing  # type: ignore[union-attr]
    expected = sorted(f"2026-11-2{i}-{n}.toml" for i, n in enumerate(RECORDS))
    assert sorted(p.name for p in path.parent.iterdir()) == expected

    again = wizard("rescore", "docs/decisions", "--questionnaire", questionnaire, cwd=project)
    assert again.returncode == 0, again.stdout
    assert "3 records: 3 hold, 0 changed." in again.stdout
    # Against the bundled questionnaire the updated records change back (exit 1), which --update fixes again.
    assert wizard("rescore", "docs/decisions", cwd=project).returncode == 1


def test_rescore_update_writes_nothing_when_nothing_moved(project: Path) -> None:
    path = decision(project, "steady-api")
    original = path.read_bytes()
    proc = wizard("rescore", "docs/decisions", "--update", cwd=project)
    assert proc.returncode == 0 and "0 updated" in proc.stdout
    assert path.read_bytes() == original


def test_rescore_bad_input_is_one_line_and_exit_2(project: Path) -> None:
    one_line_error(wizard("rescore", project / "nope.toml"), "nope.toml: no such file or directory")
    broken = project / "broken.toml"
    broken.write_text("title = \n", encoding="utf-8")
    one_line_error(wizard("rescore", broken), "broken.toml: invalid TOML")
    foreign = project / "pyproject.toml"
    foreign.write_text('[project]\nname = "x"\n', encoding="utf-8")
    one_line_error(wizard("rescore", foreign), "pyproject.toml: not a decision record")
    one_line_error(
        wizard("rescore", "docs/decisions", "--pricing", project / "none.toml", cwd=project), "none.toml: no such file"
    )
    one_line_error(wizard("rescore", "docs/decisions", "--questionnaire", broken, cwd=project), "broken.toml")
    mini = ROOT / "tests" / "data" / "mini.toml"
    one_line_error(
        wizard("rescore", decision(project, "steady-api"), "--questionnaire", mini),
        'the record is for questionnaire "lambda-vs-ec2", not "mini"',
    )


def test_rescore_in_parallel_gives_the_same_report(project: Path) -> None:
    questionnaire = edited_questionnaire(project / "q", FLIP)
    serial = wizard(
        "rescore", "docs/decisions", "--questionnaire", questionnaire, "--format", "json", "--jobs", "1", cwd=project
    )
    parallel = wizard(
        "rescore", "docs/decisions", "--questionnaire", questionnaire, "--format", "json", "--jobs", "2", cwd=project
    )
    assert serial.returncode == parallel.returncode == 1
    assert json.loads(serial.stdout) == json.loads(parallel.stdout)


# ---------------------------------------------------------------------------------------------
# Unreadable files in a directory


def add_unreadable(project: Path) -> None:
    decisions = project / "docs" / "decisions"
    (decisions / "broken.toml").write_text("title = \n", encoding="utf-8")
    (decisions / "notes.toml").write_text(
        'questionnaire = "lambda-vs-ec2"\n[answers]\nneeds_gpu = false\n', encoding="utf-8"
    )
    (decisions / "README.md").write_text("not toml\n", encoding="utf-8")


def test_list_and_rescore_report_unreadable_files_and_go_on(project: Path) -> None:
    add_unreadable(project)
    for command in (["list"], ["rescore", "docs/decisions"]):
        proc = wizard(*command, cwd=project)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Unreadable (2):" in proc.stdout
        assert "broken.toml: invalid TOML: Invalid value (at line 1, column 9)" in proc.stdout
        assert "notes.toml: not a decision record (no [questionnaire] and [result] tables)" in proc.stdout
        assert "Traceback" not in proc.stderr
    data = json.loads(wizard("rescore", "docs/decisions", "--format", "json", cwd=project).stdout)
    assert data["summary"]["records"] == 3 and data["summary"]["unreadable"] == 2
    assert sorted(Path(u["file"]).name for u in data["unreadable"]) == ["broken.toml", "notes.toml"]
    listing = json.loads(wizard("list", "--format", "json", cwd=project).stdout)
    assert len(listing["records"]) == 3 and len(listing["unreadable"]) == 2


def test_a_directory_without_one_readable_record_exits_2(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text("x = \n", encoding="utf-8")
    for command in ("list", "rescore"):
        proc = wizard(command, tmp_path)
        assert proc.returncode == 2, proc.stdout
        assert "broken.toml: invalid TOML" in proc.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    assert wizard("list", empty).returncode == 0
    assert "No decision records" in wizard("list", empty).stdout
    one_line_error(wizard("list", tmp_path / "missing"), "missing: no such directory")
    fresh = tmp_path / "fresh"
    (fresh / ".git").mkdir(parents=True)
    proc = wizard("list", cwd=fresh)  # no docs/decisions/ yet: nothing wrong
    assert proc.returncode == 0 and "No decision records" in proc.stdout


# ---------------------------------------------------------------------------------------------
# list


def test_list_shows_the_records_of_the_default_directory(project: Path) -> None:
    proc = wizard("list", cwd=project / "docs")  # anywhere in the repository
    assert proc.returncode == 0, proc.stderr
    for title in ("Partner pricing API with steady high traffic", "Webhook handler for GitHub and Stripe events"):
        assert title in proc.stdout
    assert "Amazon EC2 (low)" in proc.stdout and "lambda-vs-ec2 1.5.0" in proc.stdout
    data = json.loads(wizard("list", "--format", "json", cwd=project).stdout)
    rows = {r["file"].split("-", 3)[-1]: r for r in data["records"]}
    assert {k: r["recommended"] for k, r in rows.items()} == {f"{k}.toml": v for k, v in RECORDS.items()}
    row = rows["steady-api.toml"]
    assert row["date"] == "2026-11-26" and row["status"] == "accepted" and row["confidence"] == "low"
    assert row["questionnaire"] == {
        "id": "lambda-vs-ec2",
        "version": "1.5.0",
        "current_version": "1.5.0",
        "found": True,
        "changed": False,
    }
    assert row["pricing"]["changed"] is False


def test_list_marks_a_changed_questionnaire_and_changed_prices(project: Path) -> None:
    # The project's own questionnaire (found by id before the bundled one), edited, with newer prices.
    own = edited_questionnaire(project / "questionnaires", ('version = "1.5.0"', 'version = "1.6.0"'))
    pricing = own.parent / "pricing" / "aws-us-east-1.toml"
    text = pricing.read_text(encoding="utf-8")
    pricing.write_text(text.replace("as_of = 2026-12-05", "as_of = 2027-02-01"), encoding="utf-8")
    proc = wizard("list", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert "! questionnaire → 1.6.0, prices → 2027-02-01" in proc.stdout
    assert "wizard rescore" in proc.stdout
    row = json.loads(wizard("list", "--format", "json", cwd=project).stdout)["records"][0]
    assert row["questionnaire"]["changed"] is True and row["questionnaire"]["current_version"] == "1.6.0"
    assert row["pricing"]["changed"] is True and row["pricing"]["current"]["as_of"] == "2027-02-01"


# ---------------------------------------------------------------------------------------------
# show


def test_show_prints_the_header_and_the_result(project: Path) -> None:
    proc = wizard("show", decision(project, "steady-api"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.index("Partner pricing API with steady high traffic") < out.index("Recommended: Amazon EC2")
    assert "accepted" in out and "deciders: Ada" in out and "Made from steady-api." in out
    assert "Scores" in out and "What drove the scores" in out and "What would change the answer" in out
    assert "Monthly bill for 2,000,000,000 requests" in out


def test_show_works_without_the_questionnaire_and_refuses_bad_files(project: Path) -> None:
    path = decision(project, "webhook-handler")
    path.write_text(path.read_text(encoding="utf-8").replace('id = "lambda-vs-ec2"', 'id = "gone"'), encoding="utf-8")
    proc = wizard("show", path)
    assert proc.returncode == 0, proc.stderr
    assert "Recommended: lambda" in proc.stdout and 'questionnaire "gone" not found' in proc.stdout
    one_line_error(wizard("show", project / "nope.toml"), "nope.toml: no such file")


# ---------------------------------------------------------------------------------------------
# export


def test_export_prints_madr_and_writes_atomically(project: Path, tmp_path: Path) -> None:
    record = decision(project, "steady-api")
    proc = wizard("export", record, cwd=project)
    assert proc.returncode == 0, proc.stderr
    md = proc.stdout
    assert md.startswith(
        '---\nstatus: "accepted"\ndate: 2026-11-26\ndecision-makers: "Ada"\n\n---\n\n'
        "# Partner pricing API with steady high traffic\n"
    )
    for section in (
        "## Context and Problem Statement",
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
        "## Pros and Cons of the Options",
        "### AWS Lambda",
        "### Amazon EC2",
        "## More Information",
    ):
        assert f"\n{section}\n" in md, section
    assert 'Chosen option: "Amazon EC2", because' in md
    assert "| **Total** |" in md
    assert f"[{record.name}](docs/decisions/{record.name})" in md

    out = tmp_path / "adr" / "0001-steady.md"
    written = wizard("export", record, "-o", out)
    assert written.returncode == 0 and written.stdout.strip() == f"wrote {out}"
    text = out.read_text(encoding="utf-8")
    assert text.replace(f"({os.path.relpath(record, out.parent)})", "(X)") == md.replace(
        f"(docs/decisions/{record.name})", "(X)"
    )
    assert [p.name for p in out.parent.iterdir()] == ["0001-steady.md"]
    one_line_error(wizard("export", project / "missing.toml"), "missing.toml: no such file")


# ---------------------------------------------------------------------------------------------
# supersede


def test_supersede_links_both_records(project: Path) -> None:
    old, new = decision(project, "webhook-handler"), decision(project, "startup-mvp-api")
    proc = wizard("supersede", old, new)
    assert proc.returncode == 0, proc.stderr
    assert f"superseded by {new.name}" in proc.stdout
    before_answers = load_record(old).answers
    assert load_record(old).status == Status.SUPERSEDED and load_record(old).superseded_by == new.name
    assert load_record(new).supersedes == (old.name,)
    assert load_record(old).answers == before_answers
    assert wizard("supersede", old, new).returncode == 0  # again: nothing is added twice
    assert load_record(new).supersedes == (old.name,)
    listing = wizard("list", cwd=project).stdout
    assert f"superseded by {new.name}" in listing


def test_supersede_refuses_the_same_file_and_unreadable_files(project: Path) -> None:
    path = decision(project, "steady-api")
    original = path.read_bytes()
    one_line_error(wizard("supersede", path, path), "a record cannot supersede itself")
    broken = project / "broken.toml"
    broken.write_text("x = \n", encoding="utf-8")
    one_line_error(wizard("supersede", path, broken), "broken.toml: invalid TOML")
    one_line_error(wizard("supersede", project / "nope.toml", path), "nope.toml: no such file")
    assert path.read_bytes() == original


# ---------------------------------------------------------------------------------------------
# #:schema headers and `wizard schema --write`


def test_schema_write_and_the_schema_header_of_saved_records(
    project: Path, default_loaded: LoadedQuestionnaire
) -> None:
    proc = wizard("schema", "--write", "schemas", cwd=project)
    assert proc.returncode == 0, proc.stderr
    for kind in ("questionnaire", "answers", "record"):
        schema = json.loads((project / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"].startswith("https://json-schema.org/") and schema["properties"]
    assert "rescored" in json.loads((project / "schemas" / "record.schema.json").read_text())["properties"]

    path = project / "docs" / "decisions" / "new.toml"
    save_record(make_record(default_loaded, "steady-api"), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../../schemas/record.schema.json\nformat_version = 1\n")
    assert load_record(path) == read_record(path)  # a comment: loadable with or without it
    # --update keeps the header; a record without one gets the project's when it is rewritten.
    questionnaire = edited_questionnaire(project / "q", FLIP)
    assert (
        wizard("rescore", "docs/decisions", "--questionnaire", questionnaire, "--update", cwd=project).returncode == 1
    )
    assert path.read_text(encoding="utf-8").startswith("#:schema ../../schemas/record.schema.json\n")
    assert decision(project, "steady-api").read_text(encoding="utf-8").startswith("#:schema ../../schemas/")
    assert wizard("schema").returncode == 2


def test_records_outside_a_project_with_schemas_have_no_header(
    tmp_path: Path, default_loaded: LoadedQuestionnaire
) -> None:
    path = save_record(make_record(default_loaded, "steady-api"), tmp_path / "r.toml")
    assert path.read_text(encoding="utf-8").startswith("format_version = 1\n")


# ---------------------------------------------------------------------------------------------
# The pure rescore diff


def test_compare_of_a_result_with_itself_moves_nothing(default_loaded: LoadedQuestionnaire) -> None:
    record = make_record(default_loaded, "steady-api")
    diff = compare(record.result, record.result, record.cost, record.cost)
    assert not diff.moved and not diff.recommendation_changed and diff.to_json()["contributions"] == []
    again = rescore(record, Evaluator.load(default_loaded))
    assert not again.diff.moved and not again.questionnaire_changed and not again.needs_update


def test_compare_names_what_moved_and_why(tmp_path: Path, default_loaded: LoadedQuestionnaire) -> None:
    record = make_record(default_loaded, "webhook-handler")
    flipped = load_questionnaire(edited_questionnaire(tmp_path / "q", FLIP))
    result = rescore(record, Evaluator.load(flipped), full=True)
    diff = result.diff
    assert diff.recommendation_changed and (diff.old_recommended, diff.new_recommended) == ("lambda", "fargate")
    assert [e.constraint for e in diff.exclusions_added] == ["lambda-max-timeout", "lambda-managed-max-timeout"]
    assert not diff.exclusions_removed
    assert result.questionnaire_changed and result.needs_update
    updated = result.updated(record, dt.date(2027, 1, 2))
    assert updated.rescored == dt.date(2027, 1, 2) and updated.result.recommended == "fargate"
    assert updated.answers == record.answers and updated.title == record.title
    # Contribution changes are grouped per (source, id, option) and sorted by size.
    old = record.result
    fewer = old.model_copy(update={"contributions": old.contributions[1:]})
    moves = compare(old, fewer).contributions
    assert len(moves) == 1 and moves[0].change == "disappeared" and moves[0].id == old.contributions[0].id


def test_a_quick_rescore_cannot_be_written(default_loaded: LoadedQuestionnaire) -> None:
    record = make_record(default_loaded, "steady-api")
    with pytest.raises(ValueError, match="full rescore"):
        rescore(record, Evaluator.load(default_loaded)).updated(record)


def test_core_modules_import_neither_textual_nor_rich() -> None:
    code = (
        "import sys, json\nimport wizard.core.records.rescore, wizard.core.records.markdown\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'textual'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(out.stdout) == []


# ---------------------------------------------------------------------------------------------
# Records whose answers no longer validate


def edit_answer(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    answers = text.index("\n[answers]\n")
    end = text.index("\n[", answers + 1)
    block = text[answers:end]
    assert old in block, old
    path.write_text(text[:answers] + block.replace(old, new, 1) + text[end:], encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("\nmemory_mb = 512\n", "\nmemory_mb = 99999999\n", 'question "memory_mb": 99,999,999 MB is above the maximum'),
        ("\nrequests_per_month = ", "\nrequests_per_mont = ", 'unknown question id "requests_per_mont"'),
    ],
)
def test_rescore_of_a_record_whose_answers_no_longer_validate_is_invalid(
    project: Path, old: str, new: str, problem: str
) -> None:
    path = decision(project, "startup-mvp-api")
    edit_answer(path, old, new)
    original = path.read_bytes()
    proc = wizard("rescore", path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert f"{path}  INVALID  " in out and "holds" not in out.split("\n")[0]
    assert "answers that no longer fit" in out and problem in out
    assert "1 record: 0 hold, 0 changed, 1 invalid." in out
    # In a directory, the other records still hold, and the exit code says one does not.
    whole = wizard("rescore", "docs/decisions", cwd=project)
    assert whole.returncode == 1 and "3 records: 2 hold, 0 changed, 1 invalid." in whole.stdout
    data = json.loads(wizard("rescore", "docs/decisions", "--format", "json", cwd=project).stdout)
    record = next(r for r in data["records"] if r["file"].endswith("startup-mvp-api.toml"))
    assert record["verdict"] == "invalid" and record["holds"] is False
    assert any(problem in p["message"] for p in record["answer_problems"])
    assert data["summary"]["invalid"] == 1 and data["summary"]["hold"] == 2
    # --update does not write a result made without some of the record's answers.
    updated = wizard("rescore", "docs/decisions", "--update", cwd=project)
    assert updated.returncode == 1 and "not updated: its answers no longer fit" in updated.stdout
    assert path.read_bytes() == original


def test_an_unreadable_record_in_a_directory_names_its_file_once(project: Path) -> None:
    path = decision(project, "steady-api")
    path.write_text(path.read_text(encoding="utf-8").replace('id = "lambda-vs-ec2"', 'id = "other-q"', 1),
                    encoding="utf-8")
    proc = wizard("rescore", "docs/decisions", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(x for x in proc.stdout.splitlines() if "other-q" in x)
    assert line.count(path.name) == 1, line
    reason = 'no questionnaire with id "other-q" found (pass --questionnaire PATH)'
    assert line.strip() == f"docs/decisions/{path.name}: {reason}"
    data = json.loads(wizard("rescore", "docs/decisions", "--format", "json", cwd=project).stdout)
    assert data["unreadable"] == [{"file": f"docs/decisions/{path.name}",
                                   "error": 'no questionnaire with id "other-q" found (pass --questionnaire PATH)'}]
    # Named on its own, the one-line error names it once too.
    one_line_error(wizard("rescore", path), f'{path}: no questionnaire with id "other-q" found')
    assert wizard("rescore", path).stderr.count(path.name) == 1


def list_at(project: Path, columns: int, *args: str) -> str:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    proc = subprocess.run([*command, "list", *args], capture_output=True, text=True, cwd=project, env=env,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_list_fits_80_columns_without_cutting_words(project: Path) -> None:
    out = list_at(project, 80)
    assert "…" not in out
    assert all(len(line.rstrip()) <= 80 for line in out.splitlines())
    header = next(line for line in out.splitlines() if "Date" in line)
    assert header.split() == ["Date", "Title", "Status", "Recommended"]
    for cell in ("AWS Lambda (high)", "Amazon EC2 (low)", "accepted"):
        assert cell in out
    # The questionnaire column is left out and named once, the title takes the cut.
    assert "Questionnaire: lambda-vs-ec2 1.5.0" in out
    assert all(word in out for word in "Partner pricing API with steady high traffic".split())
    # A changed questionnaire and a superseded record keep their marks, under the title.
    edited_questionnaire(project / "questionnaires", ('version = "1.5.0"', 'version = "1.6.0"'))
    old, new = decision(project, "webhook-handler"), decision(project, "startup-mvp-api")
    assert wizard("supersede", old, new).returncode == 0
    narrow = list_at(project, 80)
    assert "…" not in narrow and all(len(line.rstrip()) <= 80 for line in narrow.splitlines())
    assert "! changed since: questionnaire" in narrow and "superseded" in narrow
    assert "by" in narrow and "startup-mvp-api" in narrow
    # Each record's file name is under its title, at any width: what show, open and rescore take.
    files = [row["file"] for row in json.loads(list_at(project, 80, "--format", "json"))["records"]]
    assert files and all(name in narrow for name in files)
    # Wide terminals keep every column, and JSON is the same at any width.
    wide = list_at(project, 200)
    assert all(name in wide for name in files)
    assert "Questionnaire" in wide and "Changed since" in wide and "! questionnaire → 1.6.0" in wide
    assert json.loads(list_at(project, 80, "--format", "json")) == json.loads(list_at(project, 200, "--format", "json"))
