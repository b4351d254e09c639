"""Questionnaire migrations: renamed question ids and choice values, dropped questions; applied by
`wizard rescore` (and `--update`) and `wizard open`, linted by `wizard check`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from wizard.core.questionnaire.lint import lint
from wizard.core.questionnaire.migrations import migrate, version_key
from wizard.core.questionnaire.model import Migration, load_questionnaire
from wizard.core.records.model import load_record, save_record

from test_records_cmds import QUESTIONNAIRE, make_record, wizard

MIGRATION = '''
[[migrations]]
from_version = "{version}"
rename_questions = {{ memory_mb = "memory_size_mb" }}
rename_choices = {{ ops_team = {{ "none" = "nobody" }} }}
drop_questions = ["environments"]
'''


def renamed_questionnaire(folder: Path) -> Path:
    """The default questionnaire, one version on, with `memory_mb` renamed `memory_size_mb`, the
    `ops_team` choice `none` renamed `nobody`, `environments` removed, and a migration saying so."""
    text = QUESTIONNAIRE.read_text(encoding="utf-8")
    version = re.search(r'^version = "([^"]+)"', text, re.M).group(1)  # type: ignore[union-attr]
    text = text.replace(f'version = "{version}"', 'version = "99.0.0"', 1)
    text = re.sub(r'\bmemory_mb\b', "memory_size_mb", text)
    text = text.replace('value = "none"\nlabel = "Nobody:', 'value = "nobody"\nlabel = "Nobody:', 1)
    text = re.sub(r'question = "ops_team", (in|equals) = (\[[^]]*\]|"none")',
                  lambda m: m.group(0).replace('"none"', '"nobody"'), text)
    start = text.index('[[stages.questions]]\nid = "environments"')
    end = text.index("[[stages.questions]]", start + 10)
    text = text[:start] + text[end:]
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(QUESTIONNAIRE.parent / "pricing", folder / "pricing", dirs_exist_ok=True)
    path = folder / "lambda-vs-ec2.toml"
    path.write_text(text + MIGRATION.format(version=version), encoding="utf-8")
    return path


def test_migrate_renames_and_drops_in_version_order() -> None:
    migrations = [Migration(from_version="1.10.0", rename_questions={"b": "c"}),
                  Migration(from_version="1.9.0", rename_questions={"a": "b"}, rename_choices={"b": {"x": "y"}},
                            drop_questions=("gone",))]
    out, notes = migrate({"a": "x", "gone": 1, "multi": ("x",)}, migrations, "1.2.0")
    assert out == {"c": "y", "multi": ("x",)}
    assert len(notes) == 4
    assert migrate({"a": 1}, migrations, "1.11.0") == ({"a": 1}, [])
    assert version_key("1.10.0") > version_key("1.9.2")


def test_lint_finds_migrations_that_do_not_fit(tmp_path: Path) -> None:
    path = renamed_questionnaire(tmp_path / "q")
    loaded = load_questionnaire(path)
    assert not [f for f in lint(loaded.questionnaire) if f.where.startswith("migrations")]
    bad = path.read_text(encoding="utf-8") + (
        '\n[[migrations]]\nfrom_version = "100.0"\nrename_questions = { a = "nope" }\n'
        'rename_choices = { ops_team = { "x" = "y" }, memory_size_mb = { "1" = "2" } }\n'
        'drop_questions = ["ops_team"]\n')
    path.write_text(bad, encoding="utf-8")
    proc = wizard("check", path)
    assert proc.returncode == 1
    for fragment in ("from_version must be older", 'unknown question "nope"', '"y", which is not a choice',
                     "a number question", 'drops "ops_team", which is still a question'):
        assert fragment in proc.stdout, proc.stdout


@pytest.fixture
def old_record(tmp_path: Path) -> Path:
    loaded = load_questionnaire(QUESTIONNAIRE)
    record = make_record(loaded, "webhook-handler")
    assert record.answers["ops_team"] == "none" and "memory_mb" in record.answers
    return save_record(record.model_copy(update={"answers": {**record.answers, "environments": "few"}}),
                       tmp_path / "decisions" / "old.toml")


def test_rescore_applies_migrations_and_keeps_the_file_until_update(tmp_path: Path, old_record: Path) -> None:
    questionnaire = renamed_questionnaire(tmp_path / "q")
    before = old_record.read_bytes()
    proc = wizard("rescore", old_record, "--questionnaire", questionnaire)
    assert "INVALID" not in proc.stdout, proc.stdout
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "answers migrated by the questionnaire (the record keeps the old ones until --update)" in proc.stdout
    assert 'question "memory_mb" is now "memory_size_mb"' in proc.stdout
    assert 'ops_team: choice "none" is now "nobody"' in proc.stdout
    assert 'question "environments" was dropped' in proc.stdout
    assert old_record.read_bytes() == before
    data = json.loads(wizard("rescore", old_record, "--questionnaire", questionnaire, "--format", "json").stdout)
    assert len(data["records"][0]["migrated"]) == 3
    updated = wizard("rescore", old_record, "--questionnaire", questionnaire, "--update")
    assert updated.returncode == 0, updated.stdout
    answers = load_record(old_record).answers
    assert answers["ops_team"] == "nobody" and "memory_size_mb" in answers
    assert "memory_mb" not in answers and "environments" not in answers
    again = wizard("rescore", old_record, "--questionnaire", questionnaire)
    assert "migrated" not in again.stdout


def test_without_the_migration_the_record_is_invalid(tmp_path: Path, old_record: Path) -> None:
    questionnaire = renamed_questionnaire(tmp_path / "q")
    text = questionnaire.read_text(encoding="utf-8")
    questionnaire.write_text(text[: text.index("[[migrations]]")], encoding="utf-8")
    proc = wizard("rescore", old_record, "--questionnaire", questionnaire)
    assert proc.returncode == 1 and "INVALID" in proc.stdout
