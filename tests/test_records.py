"""Decision records: round trip, atomic and non-destructive writes, default place and name."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path

import pytest

from wizard.core.scoring.engine import evaluate
from wizard.core.errors import RecordExistsError, SchemaError, TomlSyntaxError, WriteError
from wizard.core.questionnaire.model import LoadedQuestionnaire
from wizard.core.files.paths import decisions_dir
from wizard.core.records.model import (
    DecisionRecord,
    evaluated_record,
    Status,
    default_record_path,
    load_answers,
    load_record,
    make_record,
    record_to_toml,
    save_record,
    slugify,
)

ANSWERS = {"team": "large", "team_size": 12, "runtime_s": 700.5, "regulated": True,
           "features": ("queues", "cache"), "notes": 'Quotes " and \\ and\nnew lines [bold]x[/bold]'}


def make(loaded: LoadedQuestionnaire, **kw) -> DecisionRecord:
    ev = evaluate(loaded.questionnaire, ANSWERS, sensitivity=True)
    fields = {"title": "Pick a runtime", "date": dt.date(2026, 11, 26), "deciders": ("Ada", "Lin"),
              "context": "Line one.\nLine two.", "tags": ("api",), **kw}
    return make_record(loaded, ev.answers, ev.result, **fields)


def test_record_round_trips_exactly(mini_loaded: LoadedQuestionnaire, tmp_path: Path) -> None:
    record = make(mini_loaded, status=Status.ACCEPTED, supersedes=("2026-01-01-old.toml",))
    path = save_record(record, tmp_path / "r.toml")
    again = load_record(path)
    assert again == record
    assert record_to_toml(again) == path.read_text(encoding="utf-8")


def test_record_holds_questionnaire_identity_and_full_result(mini_loaded: LoadedQuestionnaire, tmp_path: Path) -> None:
    record = make(mini_loaded)
    data = tomllib.loads(record_to_toml(record))
    assert data["format_version"] == 1
    assert data["questionnaire"] == {
        "id": "mini",
        "version": "1.2.0",
        "sha256": mini_loaded.sha256,
        "file": "mini.toml",
    }
    assert data["tool"]["name"] == "lambda-ec2-wizard"
    assert data["date"] == dt.date(2026, 11, 26)
    assert data["answers"]["features"] == ["queues", "cache"]
    result = data["result"]
    assert result["recommended"] == record.result.recommended
    assert set(result["scores"]) == {"alpha", "beta", "gamma"}
    assert result["contributions"] and result["sensitivity"] is not None
    assert {"confidence", "margin", "excluded"} <= set(result)


def test_record_text_is_stable_and_diff_friendly(mini_loaded: LoadedQuestionnaire) -> None:
    text = record_to_toml(make(mini_loaded))
    assert text == record_to_toml(make(mini_loaded))
    keys = [line.split(" =")[0] for line in text.splitlines() if " = " in line][:8]
    assert keys == ["format_version", "title", "date", "status", "deciders", "context", "tags", "supersedes"]
    assert '\n    "Ada",\n    "Lin",\n]' in text  # one list item per line
    answers = text.split("[answers]\n")[1].split("\n\n")[0]
    assert "team_size = 12" in answers and "runtime_s = 700.5" in answers
    assert "0000000" not in text and "9999999" not in text


def test_save_never_replaces_unless_asked(mini_loaded: LoadedQuestionnaire, tmp_path: Path) -> None:
    path = tmp_path / "decisions" / "r.toml"
    save_record(make(mini_loaded), path)
    original = path.read_bytes()
    with pytest.raises(RecordExistsError, match="already exists"):
        save_record(make(mini_loaded, title="Other"), path)
    assert path.read_bytes() == original
    save_record(make(mini_loaded, title="Other"), path, overwrite=True)
    assert load_record(path).title == "Other"
    assert sorted(p.name for p in path.parent.iterdir()) == ["r.toml"]  # no temporary files left


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_directory_is_a_clear_error(mini_loaded: LoadedQuestionnaire, tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(WriteError, match="permission denied"):
            save_record(make(mini_loaded), tmp_path / "r.toml")
    finally:
        tmp_path.chmod(0o700)


def test_write_failure_leaves_nothing_behind(
    mini_loaded: LoadedQuestionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError, match="the disk is full; nothing was changed"):
        save_record(make(mini_loaded), tmp_path / "r.toml")
    assert list(tmp_path.iterdir()) == []


def test_default_place_is_docs_decisions_at_git_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "src" / "deep").mkdir(parents=True)
    monkeypatch.chdir(repo / "src" / "deep")
    assert decisions_dir() == repo.resolve() / "docs" / "decisions"
    path = default_record_path("Lambda or EC2 for the Billing API?", dt.date(2026, 11, 26))
    assert path == repo.resolve() / "docs" / "decisions" / "2026-11-26-lambda-or-ec2-for-the-billing-api.toml"


def test_outside_git_the_current_directory_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("wizard.core.files.paths.find_repo_root", lambda start=None: None)
    assert decisions_dir() == tmp_path / "docs" / "decisions"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hello, World!", "hello-world"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("   ", "decision"),
        ("../../etc/passwd", "etc-passwd"),
        ("x" * 100, "x" * 60),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_answers_file_and_record_are_both_accepted(mini_loaded: LoadedQuestionnaire, tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('questionnaire = "mini"\n[answers]\nteam = "none"\nfeatures = ["queues"]\n')
    parsed, record = load_answers(answers)
    assert record is None and parsed.answers == {"team": "none", "features": ("queues",)}
    path = save_record(make(mini_loaded), tmp_path / "r.toml")
    parsed, record = load_answers(path)
    assert record is not None and parsed.questionnaire == "mini" and parsed.answers["team_size"] == 12


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[answers]\nteam = "none"\nteam = "x"\n', "invalid TOML: Cannot overwrite a value (at line 3, column 11)"),
        ('questionnaire = "mini"\n', "answers: required table is missing"),
        ("[answers]\nteam = { a = 1 }\n", "answers.team"),
        ("foo = 1\n[answers]\n", "foo: unknown key"),
    ],
)
def test_bad_answers_files_get_one_line_errors(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises((TomlSyntaxError, SchemaError)) as info:
        load_answers(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert fragment in message
    assert "\n" not in message


def test_record_with_wrong_shape_names_the_key(mini_loaded: LoadedQuestionnaire, tmp_path: Path) -> None:
    text = record_to_toml(make(mini_loaded)).replace('status = "proposed"', 'status = "maybe"')
    path = tmp_path / "r.toml"
    path.write_text(text)
    with pytest.raises(SchemaError, match=r"r.toml: status: must be 'proposed', 'accepted'"):
        load_record(path)


def test_record_with_cost_table_round_trips(default_loaded: LoadedQuestionnaire, tmp_path: Path) -> None:
    from wizard.core.scoring.evaluator import Evaluator

    answers = tomllib.loads((Path(__file__).parent.parent / "examples" / "steady-api.toml").read_text())["answers"]
    evaluator = Evaluator.load(default_loaded)
    record = evaluated_record(evaluator,
        evaluator.evaluate(answers, sensitivity=True), title="Steady API", date=dt.date(2026, 11, 26)
    )
    assert record.cost is not None and record.cost.curve == ()
    path = save_record(record, tmp_path / "r.toml")
    assert load_record(path) == record
    data = tomllib.loads(path.read_text())
    assert set(data["cost"]) >= {"lambda", "ec2", "break_even_requests_per_month", "assumptions", "pricing"}


def test_record_without_break_even_round_trips(default_loaded: LoadedQuestionnaire, tmp_path: Path) -> None:
    from wizard.core.scoring.evaluator import Evaluator

    # Lambda cannot run the transcoding example (a GPU): no break-even at any volume.
    example = Path(__file__).parent.parent / "examples" / "video-transcoding.toml"
    answers = tomllib.loads(example.read_text())["answers"]
    evaluator = Evaluator.load(default_loaded)
    record = evaluated_record(evaluator, evaluator.evaluate(answers), title="Transcoding", date=dt.date(2026, 11, 26))
    assert record.cost is not None and record.cost.break_even_requests_per_month is None
    assert load_record(save_record(record, tmp_path / "r.toml")) == record


def test_saved_records_are_readable_by_others_like_any_new_file(
    mini_loaded: LoadedQuestionnaire, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        path = save_record(make(mini_loaded), tmp_path / "r.toml")
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o664)
        save_record(make(mini_loaded, title="Again"), path, overwrite=True)
        assert path.stat().st_mode & 0o777 == 0o664  # replacing keeps the file's mode
    finally:
        os.umask(old)


def test_the_lambda_bill_is_written_as_before_unless_lambda_cannot_run_the_workload(tmp_path: Path) -> None:
    # `possible` and `limits_exceeded` are new: a record of a workload Lambda can run is written
    # without them (a wizard one version older reads it, and nothing churns on rescore --update);
    # one that Lambda cannot run keeps them, and both read back the same.
    from wizard.core.questionnaire.catalog import default_questionnaire_path
    from wizard.core.scoring.evaluator import Evaluator
    from wizard.core.questionnaire.model import load_questionnaire

    evaluator = Evaluator.load(load_questionnaire(default_questionnaire_path()))
    root = Path(__file__).resolve().parents[1]
    answers = tomllib.loads((root / "examples" / "steady-api.toml").read_text())["answers"]
    for duration, possible in ((45, True), (1_200_000, False)):
        answers.update(avg_duration_ms=duration, longest_run_s=max(1, duration // 1000))
        record = evaluated_record(evaluator, evaluator.evaluate(answers), title=f"d{duration}")
        text = record_to_toml(record)
        bill = tomllib.loads(text)["cost"]["lambda"]
        assert ("possible" in bill) is (not possible) and ("limits_exceeded" in bill) is (not possible)
        path = save_record(record, tmp_path / f"d{duration}.toml")
        again = load_record(path)
        assert again.cost is not None and again.cost.lambda_.possible is possible
        assert again.cost == record.cost
