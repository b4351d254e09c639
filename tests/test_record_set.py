"""The record workflows of the core: finding records, mapping work over them in worker processes
(`ProcessPoolExecutor`) with the same result as in this process, listing and rescoring."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from test_records_cmds import QUESTIONNAIRE, make_record
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.listing import list_records, recent_records
from wizard.core.records.record_set import Questionnaires, map_files, record_files
from wizard.core.records.model import save_record
from wizard.core.records.rescore_batch import rescore_files


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("decisions")
    loaded = load_questionnaire(QUESTIONNAIRE)
    for i, name in enumerate(("steady-api", "webhook-handler", "startup-mvp-api")):
        save_record(make_record(loaded, name, date=dt.date(2026, 1, 1 + i)), folder / f"2026-01-0{1 + i}-{name}.toml")
    (folder / "broken.toml").write_text("x = \n", encoding="utf-8")
    (folder / ".hidden.toml").write_text("", encoding="utf-8")
    (folder / "sub.toml").mkdir()
    return folder


def _name(path: Path, questionnaires: Questionnaires) -> str:
    return path.name


def test_record_files_leave_out_hidden_files_and_folders(directory: Path) -> None:
    assert [p.name for p in record_files(directory)] == [
        "2026-01-01-steady-api.toml", "2026-01-02-webhook-handler.toml", "2026-01-03-startup-mvp-api.toml",
        "broken.toml"]


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_give_what_this_process_gives(directory: Path) -> None:
    paths = record_files(directory) * 5
    questionnaires = Questionnaires()
    assert map_files(_name, paths, questionnaires, jobs=2) == map_files(_name, paths, questionnaires, jobs=1)
    serial = list_records(paths, questionnaires, jobs=1)
    assert list_records(paths, questionnaires, jobs=2) == serial
    rows, unreadable = serial
    assert len(rows) == 15 and [p.name for p, _ in unreadable] == ["broken.toml"] * 5
    today = dt.date(2026, 6, 1)
    one = rescore_files(paths, questionnaires, update=False, today=today, jobs=1)
    two = rescore_files(paths, questionnaires, update=False, today=today, jobs=2)
    assert [o.path for o in one[0]] == [o.path for o in two[0]] and one[1] == two[1]
    assert [o.diff.verdict for o in one[0]] == [o.diff.verdict for o in two[0]]


def test_recent_records_newest_first_and_readable_only(directory: Path, tmp_path: Path) -> None:
    assert [p.name for p, _ in recent_records(directory)] == [
        "2026-01-03-startup-mvp-api.toml", "2026-01-02-webhook-handler.toml", "2026-01-01-steady-api.toml"]
    assert [p.name for p, _ in recent_records(directory, limit=2)] == ["2026-01-03-startup-mvp-api.toml"]
    assert recent_records(tmp_path / "missing") == []
