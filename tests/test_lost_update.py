"""No lost updates, and the links and comments of records kept: `rescore --update`, `supersede` and
`export -o` replace a file only while it holds what they read.

The race tests run two real `wizard` processes. The rescoring one is paused, by an audit hook
loaded through `sitecustomize` (test code, not the wizard's), right after it has read the record
and before it scores it; the other command runs in that window; then the first one goes on. So the
interleaving that lost an update is forced every time, with no sleep and no timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.test_records_cmds import QUESTIONNAIRE, ROOT, wizard

EXAMPLE = ROOT / "examples" / "nightly-etl.toml"
PRICING = ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml"

HOOK = '''
import os, sys, time
_record = os.environ["PAUSE_AFTER_READING"]
_ready, _go = os.environ["PAUSE_READY"], os.environ["PAUSE_GO"]
_state = {"seen": False, "paused": False}


def _hook(event, args):
    if event != "open" or _state["paused"] or isinstance(args[0], int) or args[0] is None:
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    if not _state["seen"]:
        _state["seen"] = path == _record
        return
    _state["paused"] = True  # the first file opened after the record: it has been read
    with open(_ready, "w"):
        pass
    while not os.path.exists(_go):
        time.sleep(0.01)


sys.addaudithook(_hook)
'''


@pytest.fixture(scope="module")
def record_text() -> str:
    proc = wizard("score", EXAMPLE, "--format", "toml", "--title", "Nightly ETL")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def project(tmp_path: Path, record_text: str) -> Path:
    (tmp_path / "decisions").mkdir()
    for name in ("a.toml", "b.toml", "c.toml"):
        (tmp_path / "decisions" / name).write_text(record_text, encoding="utf-8")
    # The questionnaire edited (a comment added): every record needs an update.
    text = QUESTIONNAIRE.read_text(encoding="utf-8").replace(
        'pricing = "pricing/aws-us-east-1.toml"', f'pricing = "{PRICING}"')
    (tmp_path / "q.toml").write_text(text + "\n# edited\n", encoding="utf-8")
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    return tmp_path


def paused_rescore(project: Path, record: Path) -> tuple[subprocess.Popen[str], Path]:
    env = {**os.environ, "PYTHONPATH": f"{project / 'hook'}{os.pathsep}{ROOT}",
           "PAUSE_AFTER_READING": str(record.resolve()), "PAUSE_READY": str(project / "ready"),
           "PAUSE_GO": str(project / "go")}
    proc = subprocess.Popen([sys.executable, "-m", "wizard", "rescore", str(record), "--update",
                             "--questionnaire", str(project / "q.toml")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while not (project / "ready").exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the rescore never read the record"
        time.sleep(0.02)
    return proc, project / "go"


def finish(proc: subprocess.Popen[str], go: Path) -> tuple[int, str, str]:
    go.touch()
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


def load(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_a_supersede_during_rescore_update_is_not_undone(project: Path) -> None:
    a, b = project / "decisions" / "a.toml", project / "decisions" / "b.toml"
    proc, go = paused_rescore(project, a)
    try:
        other = wizard("supersede", a, b)
        assert other.returncode == 0, other.stderr
    finally:
        code, out, err = finish(proc, go)
    assert code == 2, out + err
    assert err.count("\n") == 1 and "changed while the wizard worked on it" in err, err
    assert load(a)["status"] == "superseded" and load(a)["superseded_by"] == "b.toml"
    assert load(b)["supersedes"] == ["a.toml"]
    # Run again, the update goes through and keeps the supersede.
    again = wizard("rescore", a, "--update", "--questionnaire", project / "q.toml")
    assert again.returncode == 0 and load(a)["status"] == "superseded" and "rescored" in load(a), again.stderr


def test_a_record_deleted_during_rescore_update_is_not_written_back(project: Path) -> None:
    a = project / "decisions" / "a.toml"
    proc, go = paused_rescore(project, a)
    try:
        a.unlink()
    finally:
        code, out, err = finish(proc, go)
    assert code == 2 and "was deleted while the wizard worked on it" in err, out + err
    assert not a.exists()


def test_comments_survive_rescore_update_and_supersede(project: Path) -> None:
    a, b = project / "decisions" / "a.toml", project / "decisions" / "b.toml"
    text = a.read_text(encoding="utf-8")
    text = text.replace('status = "proposed"', 'status = "proposed"  # agreed with the platform team', 1)
    text = text.replace("[answers]\n", "[answers]\n# measured over May 2026\n", 1)
    a.write_text("# Why: see the incident review.\n" + text, encoding="utf-8")
    proc = wizard("rescore", a, "--update", "--questionnaire", project / "q.toml")
    assert proc.returncode == 0 and "rescored" in load(a), proc.stdout + proc.stderr
    assert wizard("supersede", a, b).returncode == 0
    after = a.read_text(encoding="utf-8")
    for comment in ("# Why: see the incident review.", "# agreed with the platform team", "# measured over May 2026"):
        assert comment in after
    assert load(a)["status"] == "superseded" and load(a)["superseded_by"] == "b.toml"


def test_superseding_a_superseded_record_needs_force(project: Path) -> None:
    a, b, c = (project / "decisions" / n for n in ("a.toml", "b.toml", "c.toml"))
    assert wizard("supersede", a, b).returncode == 0
    proc = wizard("supersede", a, c)
    assert proc.returncode == 2 and "already superseded by b.toml" in proc.stderr and "--force" in proc.stderr
    assert load(a)["superseded_by"] == "b.toml" and load(c)["supersedes"] == []
    proc = wizard("supersede", a, c, "--force")
    assert proc.returncode == 0, proc.stderr
    assert load(a)["superseded_by"] == "c.toml" and load(c)["supersedes"] == ["a.toml"]
    assert load(b)["supersedes"] == []  # B no longer claims A


def test_links_of_symlinked_records_come_from_the_paths_given(project: Path) -> None:
    outside = project / "outside"
    outside.mkdir()
    (project / "decisions" / "b.toml").rename(outside / "real-new.toml")
    (project / "decisions" / "b.toml").symlink_to(outside / "real-new.toml")
    a, b = project / "decisions" / "a.toml", project / "decisions" / "b.toml"
    assert wizard("supersede", a, b).returncode == 0
    assert load(a)["superseded_by"] == "b.toml" and load(b)["supersedes"] == ["a.toml"]


def test_export_does_not_write_over_a_record(project: Path) -> None:
    a, b = project / "decisions" / "a.toml", project / "decisions" / "b.toml"
    before = a.read_bytes()
    for target in (a, b):
        proc = wizard("export", a, "-o", target)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
        assert "not replaced with Markdown" in proc.stderr
    assert a.read_bytes() == before and b.read_bytes() == before
    out = project / "a.md"
    assert wizard("export", a, "-o", out).returncode == 0
    assert wizard("export", a, "-o", out).returncode == 0  # an earlier export is replaced
