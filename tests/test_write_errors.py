"""Disk full, read-only file system, permission denied: every write of the wizard ends in one line
naming the file, the old file is left as it was, and no temporary file stays behind.

The tests run as root, where permissions do not stop a write, so the failures are injected where
the operating system would report them: creating the temporary file, writing it, fsyncing it,
renaming it over the target.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from wizard.cli.main import main
from wizard.core.errors import WriteError
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import (
    DecisionRecord,
    QuestionnaireRef,
    evaluated_record,
    load_record,
    save_record,
    save_records,
)
from wizard.core.files.atomic_write import atomic_write_text

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = ROOT / "questionnaires" / "lambda-vs-ec2.toml"

REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EDQUOT: "the disk quota is exceeded",
}
STAGES = ("create", "write", "fsync", "rename")


class _FailingHandle:
    """A file that takes half of what is written, then fails (a disk that fills up mid-write)."""

    def __init__(self, handle: Any, error: OSError) -> None:
        self.handle, self.error = handle, error

    def __enter__(self) -> _FailingHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def fileno(self) -> int:
        return int(self.handle.fileno())

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise self.error

    def flush(self) -> None:
        self.handle.flush()


def inject(monkeypatch: pytest.MonkeyPatch, stage: str, code: int,
           where: Callable[[Path], bool] = lambda path: True) -> None:
    """Make the wizard's writes fail at `stage` with OSError(code), for targets in directories
    `where` accepts (the temporary file's directory)."""
    error = OSError(code, os.strerror(code))
    real_mkstemp, real_fdopen, real_fsync, real_replace, real_link = (
        tempfile.mkstemp, os.fdopen, os.fsync, os.replace, os.link)
    temps: set[int] = set()

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if stage == "create" and where(Path(kwargs["dir"])):
            raise error
        fd, name = real_mkstemp(*args, **kwargs)
        if where(Path(name).parent):
            temps.add(fd)
        else:
            temps.discard(fd)  # a descriptor number is used again once closed
        return fd, name

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        return _FailingHandle(handle, error) if stage == "write" and fd in temps else handle

    def fsync(fd: int) -> None:
        if stage == "fsync" and fd in temps:
            raise error
        real_fsync(fd)

    def rename(src: Any, dst: Any) -> None:
        if stage == "rename" and where(Path(src).parent):
            raise error
        real_replace(src, dst)

    def link(src: Any, dst: Any) -> None:
        if stage == "rename" and where(Path(src).parent):
            raise error
        real_link(src, dst)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fdopen", fdopen)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", rename)
    monkeypatch.setattr(os, "link", link)


def listing(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


# ---------------------------------------------------------------------------------------------
# The core: atomic_write_text


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("code", sorted(REASONS))
def test_a_failed_replace_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str,
                                             code: int) -> None:
    target = tmp_path / "r.toml"
    target.write_text("old = 1\n")
    before = listing(tmp_path)
    inject(monkeypatch, stage, code)
    with pytest.raises(WriteError) as caught:
        atomic_write_text(target, "new = 2\n" * 10_000, overwrite=True)
    assert str(caught.value) == f"{target}: cannot write: {REASONS[code]}; nothing was changed"
    assert listing(tmp_path) == before  # the old file as it was, no temporary file


@pytest.mark.parametrize("stage", STAGES)
def test_a_failed_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    inject(monkeypatch, stage, errno.ENOSPC)
    with pytest.raises(WriteError, match=r"r\.toml: cannot write: the disk is full; nothing was changed$"):
        atomic_write_text(tmp_path / "r.toml", "new = 2\n")
    assert os.listdir(tmp_path) == []


def test_a_directory_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(WriteError, match=r"^\S+/file/sub: cannot create directory: .+$"):
        atomic_write_text(tmp_path / "file" / "sub" / "r.toml", "x = 1\n")


def test_no_descriptor_leaks_when_the_mode_cannot_be_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fchmod failing (EPERM on some network file systems) used to leak the temporary file's descriptor."""
    def fchmod(fd: int, mode: int) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", fchmod)
    fds = set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    if fds is None:
        pytest.skip("needs /proc/self/fd")
    for _ in range(3):
        with pytest.raises(WriteError, match="permission denied; nothing was changed"):
            atomic_write_text(tmp_path / "r.toml", "x = 1\n")
    assert set(os.listdir("/proc/self/fd")) == fds
    assert os.listdir(tmp_path) == []


def test_text_that_is_not_unicode_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="not valid Unicode"):
        atomic_write_text(tmp_path / "r.toml", 'title = "\udcff"\n')
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------------------------------------
# Records written together: both or neither


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator.load(load_questionnaire(QUESTIONNAIRE))


def make(evaluator: Evaluator, title: str, example: str = "webhook-handler") -> DecisionRecord:
    answers = tomllib.loads((ROOT / "examples" / f"{example}.toml").read_text())["answers"]
    evaluation = evaluator.evaluate(answers, sensitivity=True)
    return evaluated_record(evaluator, evaluation, title=title, date=dt.date(2026, 1, 5))


def test_save_records_puts_back_what_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              evaluator: Evaluator) -> None:
    first, second = save_record(make(evaluator, "First"), tmp_path / "a" / "first.toml"), tmp_path / "b" / "second.toml"
    save_record(make(evaluator, "Second"), second)
    before = {p: p.read_bytes() for p in (first, second)}
    inject(monkeypatch, "fsync", errno.ENOSPC, where=lambda d: d.name == "b")
    with pytest.raises(WriteError) as caught:
        save_records([(make(evaluator, "First v2"), first), (make(evaluator, "Second v2"), second)])
    assert str(caught.value) == f"{second}: cannot write: the disk is full; nothing was changed"
    assert {p: p.read_bytes() for p in (first, second)} == before
    # A file that did not exist before is removed again.
    new = tmp_path / "a" / "new.toml"
    with pytest.raises(WriteError):
        save_records([(make(evaluator, "New"), new), (make(evaluator, "Second v2"), second)])
    assert not new.exists() and sorted(os.listdir(tmp_path / "a")) == ["first.toml"]


def test_save_records_says_when_it_cannot_put_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   evaluator: Evaluator) -> None:
    first = save_record(make(evaluator, "First"), tmp_path / "first.toml")
    second = save_record(make(evaluator, "Second"), tmp_path / "second.toml")
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # the first record goes through, then the disk is full
        calls["n"] += 1
        if calls["n"] > 2:  # the first record's file and its directory
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(WriteError) as caught:
        save_records([(make(evaluator, "First v2"), first), (make(evaluator, "Second v2"), second)])
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{second}: cannot write: the disk is full; nothing was changed; ")
    assert f"{first} was written and could not be put back ({first}: cannot write: the disk is full" in message
    assert load_record(first).title == "First v2" and load_record(second).title == "Second"


# ---------------------------------------------------------------------------------------------
# The CLI: every command that writes


def cli(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def one_line(code: int, err: str, path: Path, reason: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0] == f"wizard: {path}: cannot write: {reason}; nothing was changed", lines[0]


@pytest.fixture
def decisions(tmp_path: Path, evaluator: Evaluator) -> Path:
    directory = tmp_path / "docs" / "decisions"
    save_record(make(evaluator, "Old runtime"), directory / "old.toml")
    save_record(make(evaluator, "New runtime", "steady-api"), directory / "new.toml")
    # A record of an older questionnaire file: `rescore --update` rewrites it.
    stale = make(evaluator, "Stale runtime")
    ref = stale.questionnaire
    save_record(stale.model_copy(update={"questionnaire": QuestionnaireRef(
        id=ref.id, version=ref.version, sha256="0" * 64, file=ref.file)}), directory / "stale.toml")
    return directory


@pytest.fixture(params=sorted(REASONS))
def failing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    code: int = request.param
    stage = {errno.ENOSPC: "write", errno.EROFS: "create", errno.EACCES: "rename"}.get(code, "fsync")
    inject(monkeypatch, stage, code)
    yield code


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_rescore_update(decisions: Path, failing: int, jobs: str) -> None:
    before = listing(decisions)
    code, out, err = cli("rescore", decisions, "--update", "--questionnaire", QUESTIONNAIRE, "--jobs", jobs)
    one_line(code, err, decisions / "stale.toml", REASONS[failing])
    assert listing(decisions) == before


def test_supersede(decisions: Path, failing: int) -> None:
    before = listing(decisions)
    code, out, err = cli("supersede", decisions / "old.toml", decisions / "new.toml")
    one_line(code, err, decisions / "new.toml", REASONS[failing])
    assert listing(decisions) == before


def test_supersede_puts_new_back_when_old_cannot_be_written(decisions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NEW is written first; when OLD then fails, NEW is as it was (it used to keep `supersedes`
    pointing at a record that did not say it was superseded)."""
    before = listing(decisions)
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst).name == "old.toml":
            raise OSError(errno.EROFS, "Read-only file system")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    code, out, err = cli("supersede", decisions / "old.toml", decisions / "new.toml")
    one_line(code, err, decisions / "old.toml", "the file system is read-only")
    assert listing(decisions) == before


def test_export(decisions: Path, failing: int, tmp_path: Path) -> None:
    target = tmp_path / "adr" / "0001-runtime.md"
    target.parent.mkdir()
    target.write_text("# the old export\n")
    code, out, err = cli("export", decisions / "old.toml", "-o", target)
    one_line(code, err, target, REASONS[failing])
    assert listing(target.parent) == {"0001-runtime.md": b"# the old export\n"}


def test_schema_write(failing: int, tmp_path: Path) -> None:
    code, out, err = cli("schema", "--write", tmp_path / "schemas")
    one_line(code, err, tmp_path / "schemas" / "questionnaire.schema.json", REASONS[failing])
    assert not (tmp_path / "schemas").exists()  # nothing was changed: not even an empty directory


def test_writing_below_a_file_is_one_line(decisions: Path, tmp_path: Path) -> None:
    """A real failure, no injection: the output directory is a file."""
    (tmp_path / "taken").write_text("")
    for args in (("schema", "--write", tmp_path / "taken" / "schemas"),
                 ("export", decisions / "old.toml", "-o", tmp_path / "taken" / "adr.md")):
        code, out, err = cli(*args)
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"wizard: {tmp_path / 'taken'}") and "cannot create directory" in err, err


def test_schema_write_on_a_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`wizard schema --write` says nothing was changed: then no `schemas/` directory is left either."""
    calls = [0]
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls[0] += 1
        if calls[0] >= 3:  # the first schema is written, the second meets a full disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        assert main(["schema", "--write", str(tmp_path / "schemas")]) == 2
    assert "the disk is full" in err.getvalue() and err.getvalue().count("\n") == 1
    assert os.listdir(tmp_path) == []
