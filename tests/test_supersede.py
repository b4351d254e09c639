"""Superseding: one core function (`wizard.core.records.supersede`) links two records for the app and the CLI,
each naming the other relative to its own folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_records_cmds import QUESTIONNAIRE, make_record, wizard
from wizard.core.errors import WizardError
from wizard.core.questionnaire.model import LoadedQuestionnaire, load_questionnaire
from wizard.core.records.model import Status, load_record, save_record
from wizard.core.records.supersede import record_link, supersede


def test_record_link_is_relative_to_the_naming_records_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "decisions" / "a.toml", tmp_path / "decisions" / "b.toml"
    assert record_link(a, b) == "a.toml"
    old, new = tmp_path / "decisions" / "2025" / "old.toml", tmp_path / "decisions" / "2026" / "new.toml"
    assert record_link(new, old) == "../2026/new.toml"
    assert record_link(old, new) == "../2025/old.toml"
    assert record_link(tmp_path / "x" / "y" / "deep.toml", tmp_path / "top.toml") == "x/y/deep.toml"


@pytest.fixture(scope="module")
def loaded() -> LoadedQuestionnaire:
    return load_questionnaire(QUESTIONNAIRE)


def test_supersede_across_folders_writes_followable_links(tmp_path: Path, loaded: LoadedQuestionnaire) -> None:
    old = save_record(make_record(loaded, "webhook-handler"), tmp_path / "2025" / "old.toml")
    new = save_record(make_record(loaded, "startup-mvp-api"), tmp_path / "2026" / "new.toml")
    done = supersede(old, new)
    assert done.new_ref == "../2026/new.toml" and done.supersedes == ("../2025/old.toml",)
    previous, successor = load_record(old), load_record(new)
    assert previous.status is Status.SUPERSEDED and previous.superseded_by == "../2026/new.toml"
    assert successor.supersedes == ("../2025/old.toml",)
    # Each link, followed from its record's folder, reaches the other record.
    assert (old.parent / previous.superseded_by).resolve() == new.resolve()
    assert (new.parent / successor.supersedes[0]).resolve() == old.resolve()


def test_supersede_with_a_new_record_keeps_the_rules(tmp_path: Path, loaded: LoadedQuestionnaire) -> None:
    old = save_record(make_record(loaded, "webhook-handler"), tmp_path / "2025" / "old.toml")
    first = save_record(make_record(loaded, "steady-api"), tmp_path / "first.toml")
    supersede(old, first)
    new = tmp_path / "2026" / "new.toml"
    with pytest.raises(WizardError, match="already superseded by ../first.toml"):
        supersede(old, new, new_record=make_record(loaded, "startup-mvp-api"))
    assert not new.exists()
    done = supersede(old, new, force=True, new_record=make_record(loaded, "startup-mvp-api"))
    assert done.previous == "../first.toml" and [p.resolve() for p in done.released] == [first]
    assert load_record(new).supersedes == ("../2025/old.toml",)
    assert load_record(old).superseded_by == "../2026/new.toml"
    assert load_record(first).supersedes == ()


def test_cli_supersede_across_folders(tmp_path: Path, loaded: LoadedQuestionnaire) -> None:
    old = save_record(make_record(loaded, "webhook-handler"), tmp_path / "docs" / "2025" / "old.toml")
    new = save_record(make_record(loaded, "startup-mvp-api"), tmp_path / "docs" / "2026" / "new.toml")
    proc = wizard("supersede", old, new)
    assert proc.returncode == 0, proc.stderr
    assert f"{old}: status superseded, superseded by ../2026/new.toml" in proc.stdout
    assert f"{new}: supersedes ../2025/old.toml" in proc.stdout
    assert load_record(old).superseded_by == "../2026/new.toml"
    assert load_record(new).supersedes == ("../2025/old.toml",)
