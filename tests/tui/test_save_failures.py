"""Saving fails in the app (disk full, read-only, permission denied): the save dialog says so in one
line and stays open, the answers are kept in the draft, nothing is half-written, and saving works
once the problem is gone. A draft that cannot be written or deleted is a warning, never a crash."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest

from wizard.core.questionnaire.catalog import default_questionnaire_path
from wizard.core.records.drafts import draft_path, load_draft
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import Status, load_record, save_record
from wizard.tui.app import WizardApp
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.stages import StagesScreen
from wizard.core.records.model import evaluated_record

from .conftest import answer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "webhook-handler.toml"


class Failure:
    """Writes into the directories named by `failing` fail as the operating system would say;
    clear the set to let them through again."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, code: int, *directories: Path) -> None:
        self.code = code
        self.failing = {d.resolve() for d in directories}
        real_mkstemp, real_fsync = tempfile.mkstemp, os.fsync
        temps: set[int] = set()

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            directory = Path(kwargs["dir"]).resolve()
            if directory in self.failing and code != errno.ENOSPC:
                raise OSError(code, os.strerror(code))  # read-only, permission denied: no file at all
            fd, name = real_mkstemp(*args, **kwargs)
            (temps.add if directory in self.failing else temps.discard)(fd)
            return fd, name

        def fsync(fd: int) -> None:
            if fd in temps:  # a full disk: the file is there, its data are not
                raise OSError(code, os.strerror(code))
            real_fsync(fd)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
        monkeypatch.setattr(os, "fsync", fsync)

    def clear(self) -> None:
        self.failing.clear()


def make_record(path: Path, title: str = "Webhook runtime") -> Path:
    evaluator = Evaluator.load(load_questionnaire(default_questionnaire_path()))
    answers = tomllib.loads(EXAMPLE.read_text())["answers"]
    record = evaluated_record(evaluator, evaluator.evaluate(answers, sensitivity=True), title=title,
                              date=dt.date(2026, 1, 5), deciders=("Ada",), context="Old context.")
    return save_record(record, path)


def save_error(app: WizardApp) -> str:
    assert isinstance(app.screen, SaveScreen), app.screen
    return str(app.screen.query_one("#save-error").render())


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
async def test_a_record_that_cannot_be_written_keeps_the_dialog_and_the_draft(
        isolated: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    decisions = isolated / "docs" / "decisions"
    path = make_record(decisions / "2026-01-05-webhook-runtime.toml")
    before = files(decisions)
    failure = Failure(monkeypatch, code, decisions)
    reason = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
              errno.EACCES: "permission denied"}[code]
    app = WizardApp(open_record=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer(pilot, "ops_team", "part-time")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert save_error(app) == (f"Not saved: {path}: cannot write: {reason}; nothing was changed. "
                                   "Your answers are kept in the draft.")
        assert files(decisions) == before  # the old record, no temporary file
        draft = load_draft()
        assert draft is not None and draft.answers["ops_team"] == "part-time"

        failure.clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert app.saved_path == path
    assert load_record(path).answers["ops_team"] == "part-time"
    assert sorted(os.listdir(decisions)) == [path.name]
    assert load_draft() is None  # saved: the draft is gone


async def test_unchanged_answers_are_put_into_a_draft_when_saving_fails(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing changed yet means no draft yet: a failed save writes one, so that the message is true."""
    decisions = isolated / "docs" / "decisions"
    path = make_record(decisions / "2026-01-05-webhook-runtime.toml")
    Failure(monkeypatch, errno.ENOSPC, decisions)
    app = WizardApp(open_record=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert load_draft() is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert save_error(app).endswith("Your answers are kept in the draft.")
        draft = load_draft()
        assert draft is not None and draft.answers == load_record(path).answers
        assert draft.record_path == str(path)


async def test_when_the_draft_cannot_be_written_either_the_app_says_so_and_goes_on(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decisions = isolated / "docs" / "decisions"
    path = make_record(decisions / "2026-01-05-webhook-runtime.toml")
    drafts = isolated.parent / "data" / "drafts"
    failure = Failure(monkeypatch, errno.ENOSPC, decisions, drafts)
    app = WizardApp(open_record=path)
    notes: list[tuple[str, dict[str, Any]]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append((message, kw)))
        await pilot.pause()
        await answer(pilot, "ops_team", "part-time")
        await answer(pilot, "ops_team", "none")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        error = save_error(app)
        assert error.startswith(f"Not saved: {path}: cannot write: the disk is full; nothing was changed. "
                                f"The draft cannot be written either ({draft_path()}: cannot write: the disk is full")
        assert "\n" not in error
        warnings = [n for n in notes if n[1].get("title") == "Draft"]
        assert len(warnings) == 1, notes  # once, not on every keystroke
        assert warnings[0][0].startswith(f"The draft cannot be saved: {draft_path()}: cannot write: the disk is full")
        assert warnings[0][1]["severity"] == "warning"
        assert not drafts.exists() or os.listdir(drafts) == []

        failure.clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
    assert load_record(path).answers["ops_team"] == "none"


async def test_a_draft_that_cannot_be_written_while_answering_is_one_warning(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drafts = isolated.parent / "data" / "drafts"
    failure = Failure(monkeypatch, errno.EROFS, drafts)
    app = WizardApp(new=True)
    notes: list[tuple[str, dict[str, Any]]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append((message, kw)))
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        await answer(pilot, "ops_team", "part-time")
        await answer(pilot, "ops_team", "none")
        await answer(pilot, "workload_type", ("api",))
        assert app.session is not None and app.session.answers["ops_team"] == "none"
        assert [n[0] for n in notes] == [
            f"The draft cannot be saved: {draft_path()}: cannot write: the file system is read-only; nothing was "
            "changed. Your answers are kept while the wizard runs; save the record before you quit."]
        assert "draft not saved" in str(app.screen.query_one("#nav-status").render())
        assert load_draft() is None

        failure.clear()  # the next change is written
        await answer(pilot, "ops_team", "part-time")
        assert app.session.draft_error is None
        draft = load_draft()
        assert draft is not None and draft.answers["ops_team"] == "part-time"
        assert draft.answers["workload_type"] == ("api",)


async def test_a_draft_that_cannot_be_deleted_after_saving_is_a_warning(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_record(isolated / "docs" / "decisions" / "2026-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=path)
    notes: list[tuple[str, dict[str, Any]]] = []
    real_unlink = os.unlink

    def unlink(target: Any, *args: Any, **kwargs: Any) -> None:
        if Path(target) == draft_path():
            raise OSError(errno.EACCES, "Permission denied")
        real_unlink(target, *args, **kwargs)

    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append((message, kw)))
        await pilot.pause()
        await answer(pilot, "ops_team", "part-time")
        assert load_draft() is not None
        monkeypatch.setattr(os, "unlink", unlink)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen) and app.is_running
        assert any(n[0].startswith(f"The record is saved, but the draft cannot be deleted: {draft_path()}: "
                                   "cannot delete: permission denied") for n in notes), notes
    assert load_record(path).answers["ops_team"] == "part-time"


async def test_superseding_writes_both_records_or_neither(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decisions = isolated / "docs" / "decisions"
    old = make_record(decisions / "2026-01-05-webhook-runtime.toml")
    before = files(decisions)
    real_replace = os.replace
    blocked = {"on": True}

    def replace(src: Any, dst: Any) -> None:  # the new record is written, the old one cannot be
        if blocked["on"] and Path(dst) == old:
            raise OSError(errno.EROFS, "Read-only file system")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    app = WizardApp(open_record=old)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        save = app.screen
        assert isinstance(save, SaveScreen)
        save.query_one("#supersede").focus()
        await pilot.press("space")
        save.query_one("#title").value = "Webhook runtime v2"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert save_error(app).startswith(f"Not saved: {old}: cannot write: the file system is read-only")
        assert files(decisions) == before  # the new record was removed again

        blocked["on"] = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, SaveScreen)
    new = app.saved_path
    assert new is not None and load_record(new).supersedes == (old.name,)
    assert load_record(old).status is Status.SUPERSEDED


async def test_a_record_changed_by_another_program_is_not_overwritten(isolated: Path) -> None:
    """No lost update: a record superseded by `wizard supersede` while it is open in the app is not
    replaced by the app's save; the app says so and keeps the answers in the draft."""
    decisions = isolated / "docs" / "decisions"
    path = make_record(decisions / "2026-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await answer(pilot, "ops_team", "part-time")
        changed = load_record(path).model_copy(update={"status": Status.SUPERSEDED, "superseded_by": "new.toml"})
        save_record(changed, path, overwrite=True)  # another program, while the app has it open
        before = files(decisions)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert save_error(app) == (f"Not saved: {path}: changed since it was opened (another program wrote it); "
                                   "not replaced. Your answers are kept in the draft.")
        assert files(decisions) == before
        draft = load_draft()
        assert draft is not None and draft.answers["ops_team"] == "part-time"
    assert load_record(path).superseded_by == "new.toml"
