"""Crash safety: a process saving records and drafts is killed (SIGKILL) at random moments.

Every file is afterwards byte for byte either its complete old version or its complete new one;
the only other thing a kill can leave is one hidden temporary file per directory
(`.wizard-<name>.<pid>.<random>.wizard-tmp`), which no directory scan reports and the next write of any process
into that directory removes.

The writer runs in a "zygote": one Python process that imports the wizard once and forks a fresh
writer for every kill, so that a few hundred kills take seconds. Run this file as a script
(`python tests/test_crash_safety.py ZYGOTE WORKDIR SEED`) to get the zygote.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from wizard.core.files import atomic_write
from wizard.core.files.atomic_write import TEMP_FILE_RE, atomic_write_text, remove_stale_temp_files

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill test forks writers (POSIX only)")

KILLS = 240
MAX_DELAY_S = 0.030
TODAY = dt.date(2026, 3, 1)
ZYGOTE = "ZYGOTE"

#: The files the writer keeps replacing, relative to the work directory (the draft is found
#: through `draft_path`).
RECORD = Path("decisions") / "record.toml"
RESCORED = Path("decisions") / "rescored.toml"
EXPORT = Path("decisions") / "record.md"


# ---------------------------------------------------------------------------------------------
# The zygote and its writers (run in the child process)


def _writers(workdir: Path) -> list[Callable[[int, Path], None]]:
    """One function per target: write version 0 (small) or 1 (much larger) under `base`, through
    the functions the app and the CLI use (`save_record`, `rescore --update`, `export -o`, drafts)."""
    import tomllib

    from wizard.core.records.record_set import Questionnaires
    from wizard.core.records.rescore_batch import rescore_one
    from wizard.core.questionnaire.catalog import default_questionnaire_path
    from wizard.core.records.drafts import Draft, save_draft
    from wizard.core.scoring.evaluator import Evaluator
    from wizard.core.records.markdown import record_to_markdown
    from wizard.core.questionnaire.model import load_questionnaire
    from wizard.core.records.model import QuestionnaireRef, evaluated_record, save_record

    loaded = load_questionnaire(default_questionnaire_path())
    evaluator = Evaluator.load(loaded)
    example = Path(__file__).resolve().parent.parent / "examples" / "webhook-handler.toml"
    answers = tomllib.loads(example.read_text())["answers"]
    long_context = "\n".join(f"Line {i} of the long context, which makes version B much larger." for i in range(1500))
    records = []
    for title, context, ops in (("Version A", "Short.", "none"), ("Version B", long_context, "part-time")):
        evaluation = evaluator.evaluate({**answers, "ops_team": ops}, sensitivity=True)
        records.append(evaluated_record(evaluator, evaluation, title=title, date=TODAY, context=context))
    # A digest that is not the questionnaire's: `rescore --update` then always rewrites the record.
    stale = [r.model_copy(update={"questionnaire": QuestionnaireRef(
        id=r.questionnaire.id, version="0.9.0", sha256="0" * 64, file=r.questionnaire.file)}) for r in records]
    questionnaires = Questionnaires()
    markdown = [record_to_markdown(r, loaded.questionnaire, record_link="record.toml") for r in records]
    drafts = [Draft(project=str(workdir / "project"), questionnaire_path=str(loaded.path),
                    questionnaire_id=loaded.questionnaire.id, updated=dt.datetime(2026, 3, 1, 12, 0),
                    stage="setup", answers={**answers, "ops_team": ops} | ({"notes": long_context} if v else {}))
              for v, ops in enumerate(("none", "part-time"))]

    def record(v: int, base: Path) -> None:
        save_record(records[v], base / RECORD, overwrite=True)

    def rescored(v: int, base: Path) -> None:
        outcome = rescore_one(base / RESCORED, stale[v], questionnaires, update=True, today=TODAY)
        assert outcome.updated

    def export(v: int, base: Path) -> None:
        atomic_write_text(base / EXPORT, markdown[v], overwrite=True)

    def draft(v: int, base: Path) -> None:
        os.environ["WIZARD_DATA_DIR"] = str(base / "data")
        save_draft(drafts[v])

    return [record, draft, export, rescored]


def _zygote(workdir: Path, seed: int) -> None:
    """Commands on stdin, one per line; answers on stdout.

    ref: write both versions of every target under ref/0 and ref/1, timing each write;
    init: write version 0 into the targets; kill: fork a writer that loops over the targets and
    versions from a random place, SIGKILL it at a random moment of its first two writes (0 to 2
    times as long as the first takes), answer "<pid> <writes done> <killed by SIGKILL>";
    save: one normal write of version 0 of every target by a fresh process.
    """
    import mmap
    import signal
    import struct

    writers = _writers(workdir)
    target = workdir / "target"
    rng = random.Random(seed)
    counter = mmap.mmap(-1, 8)
    durations = [MAX_DELAY_S] * (2 * len(writers))

    def fork(body: Callable[[], None]) -> int:
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer: a fresh process as far as the wizard is concerned
            code = 0
            try:
                os.close(ready_r)
                atomic_write._swept.clear()
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the process ends with os._exit
                os.write(ready_w, b"r")
                body()
            except BaseException:  # noqa: BLE001 - report through the exit status
                import traceback

                traceback.print_exc()
                code = 3
            os._exit(code)
        os.close(ready_w)
        os.read(ready_r, 1)
        os.close(ready_r)
        return pid

    def once(base: Path, version: int) -> None:
        for write in writers:
            write(version, base)

    def loop(start: int) -> None:
        # Each writer in turn, version 0 of each then version 1, from a random place in that cycle
        # (one write takes 10-40 ms with its fsyncs: the kill lands in the first one or two).
        i = start
        while True:
            writers[i % len(writers)](i // len(writers) % 2, target)
            struct.pack_into("q", counter, 0, struct.unpack_from("q", counter, 0)[0] + 1)
            i += 1

    for line in sys.stdin:
        command = line.strip()
        if command == "ref":
            for _ in range(2):  # the second round is timed: imports and caches are warm
                for i, write in enumerate(writers * 2):
                    v = i // len(writers)
                    began = time.perf_counter()
                    write(v, workdir / "ref" / str(v))
                    durations[i] = time.perf_counter() - began
            answer = "ok"
        elif command in ("init", "save"):
            pid = fork(lambda: once(target, 0))
            answer = f"{os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])}"
        elif command == "kill":
            struct.pack_into("q", counter, 0, 0)
            start = rng.randrange(2 * len(writers))
            pid = fork(lambda start=start: loop(start))
            time.sleep(rng.uniform(0, 2 * durations[start]))
            os.kill(pid, signal.SIGKILL)
            status = os.waitpid(pid, 0)[1]
            killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            answer = f"{pid} {struct.unpack_from('q', counter, 0)[0]} {int(killed)}"
        else:
            return
        print(answer, flush=True)


# ---------------------------------------------------------------------------------------------
# The test


class Zygote:
    def __init__(self, workdir: Path, seed: int) -> None:
        env = {**os.environ, "WIZARD_DATA_DIR": str(workdir / "target" / "data"), "PYTHONDONTWRITEBYTECODE": "1"}
        self.proc = subprocess.Popen([sys.executable, __file__, ZYGOTE, str(workdir), str(seed)], cwd=workdir,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def ask(self, command: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        assert answer, f"the zygote died on {command!r} (exit {self.proc.poll()})"
        return answer

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _targets(base: Path) -> list[Path]:
    drafts = sorted((base / "data" / "drafts").glob("*.toml"))
    assert len(drafts) == 1, drafts
    return [base / RECORD, base / RESCORED, base / EXPORT, drafts[0]]


def _leftovers(base: Path) -> dict[Path, list[str]]:
    """Per directory of targets, the names that are not targets (each must be one of our temp files)."""
    found = {}
    for directory in (base / "decisions", base / "data" / "drafts"):
        found[directory] = sorted(n for n in os.listdir(directory)
                                  if n not in {"record.toml", "rescored.toml", "record.md"}
                                  and not (directory.name == "drafts" and not n.startswith(".")))
    return found


def _cli(*args: str) -> tuple[int, str, str]:
    from wizard.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_sigkill_while_saving_leaves_old_or_new_never_partial(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    zygote = Zygote(tmp_path, seed)
    try:
        assert zygote.ask("ref") == "ok"
        assert zygote.ask("init") == "0"
        ref = [tmp_path / "ref" / "0", tmp_path / "ref" / "1"]
        base = tmp_path / "target"
        names = [p.relative_to(ref[0]) for p in _targets(ref[0])]
        assert names == [p.relative_to(ref[1]) for p in _targets(ref[1])]
        assert names == [p.relative_to(base) for p in _targets(base)]  # one project: one draft file
        versions = {name: ((ref[0] / name).read_bytes(), (ref[1] / name).read_bytes()) for name in names}
        for name, (a, b) in versions.items():
            assert len(b) > 4 * len(a) and a != b, name  # a partial write of B cannot pass for A
        _check_references(ref)

        seen: dict[Path, set[int]] = {name: set() for name in names}
        dead: set[int] = set()
        kills = writes = with_leftovers = 0
        started = time.monotonic()
        # Go on past KILLS until every file was seen in both versions and a kill leaves a temporary
        # file among the records, for the scans below.
        while kills < KILLS or not _leftovers(base)[base / "decisions"] or any(v != {0, 1} for v in seen.values()):
            assert kills < KILLS + 300, f"after {kills} kills: versions seen {seen}, temp files {_leftovers(base)}"
            pid, done, killed = (int(x) for x in zygote.ask("kill").split())
            assert killed, f"writer {pid} was not killed by SIGKILL: it failed (seed {seed})"
            kills += 1
            writes += done
            dead.add(pid)
            for name in names:
                data = (base / name).read_bytes()
                assert data in versions[name], (
                    f"{name} is neither version after kill {kills} (seed {seed}): {len(data)} bytes")
                seen[name].add(versions[name].index(data))
            leftovers = _leftovers(base)
            for directory, left in leftovers.items():
                assert len(left) <= 1, f"{directory}: {left}"  # the next writer swept the older ones
                for name in left:
                    match = TEMP_FILE_RE.match(name)
                    assert match is not None and name.startswith("."), name
                    assert int(match["pid"]) in dead, name
            with_leftovers += any(leftovers.values())
        elapsed = time.monotonic() - started

        assert with_leftovers > 0  # the kills hit writes in progress

        # The scans of a records directory never report the hidden temporary files.
        code, out, err = _cli("list", str(base / "decisions"), "--format", "json")
        listing = json.loads(out)
        assert code == 0 and listing["unreadable"] == [] and ".tmp" not in out + err
        assert sorted(Path(r["file"]).name for r in listing["records"]) == ["record.toml", "rescored.toml"]
        code, out, err = _cli("rescore", str(base / "decisions"), "--format", "json")
        assert code in (0, 1) and ".tmp" not in out + err
        assert sorted(Path(r["file"]).name for r in json.loads(out)["records"]) == ["record.toml", "rescored.toml"]
        from wizard.core.records.record_set import record_files

        from wizard.tui.app import WizardApp

        assert [p.name for p in record_files(base / "decisions")] == ["record.toml", "rescored.toml"]
        welcome = WizardApp(out_dir=base / "decisions")._records()  # "Open a record" on the welcome screen
        assert sorted(e.path.name for e in welcome) == ["record.toml", "rescored.toml"]

        # One more normal save by a fresh process removes what the killed writers left.
        assert zygote.ask("save") == "0"
        assert _leftovers(base) == {base / "decisions": [], base / "data" / "drafts": []}
        for name in names:
            assert (base / name).read_bytes() == versions[name][0]
    finally:
        zygote.close()
    print(f"\n{kills} kills in {elapsed:.1f} s, {writes} complete writes, {with_leftovers} kills left a temp file")


def _check_references(ref: list[Path]) -> None:
    """Both versions of each target parse as what they are."""
    from wizard.core.records.drafts import Draft
    from wizard.core.records.model import load_record
    from wizard.core.files.tomlio import load_model

    for v, base in enumerate(ref):
        title = ("Version A", "Version B")[v]
        assert load_record(base / RECORD).title == title
        assert load_record(base / RESCORED).rescored == TODAY
        assert f"# {title}" in (base / EXPORT).read_text()
        (draft,) = (base / "data" / "drafts").glob("*.toml")
        assert load_model(Draft, draft).answers["ops_team"] == ("none", "part-time")[v]


# ---------------------------------------------------------------------------------------------
# Stale temporary files: which are removed, which are kept


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_write_removes_temp_files_of_dead_writers_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic_write, "_swept", set())
    dead, alive = _dead_pid(), os.getppid()
    stale = [f".wizard-r.toml.{dead}.abcdefgh.wizard-tmp", f".wizard-other.md.{dead}.x1_y2z3q.wizard-tmp"]
    kept = [f".wizard-r.toml.{alive}.abcdefgh.wizard-tmp",  # its writer may be busy with it
            ".notes.tmp", f"r.toml.{dead}.abcdefgh.tmp", f".r.toml.{dead}.tmp", "keep.toml",
            # Other programs' files that look like the wizard's old temporary files: never touched.
            f".r.toml.{dead}.abcdefgh.tmp", ".report.12345.backup.tmp", ".notes.2024.draft_v2.tmp"]
    for name in stale + kept:
        (tmp_path / name).write_text("partial")
    (tmp_path / f".wizard-dir.{dead}.abcdefgh.wizard-tmp").mkdir()  # not a file: not ours
    old = tmp_path / f".wizard-old.toml.{alive}.abcdefgh.wizard-tmp"
    old.write_text("partial")
    an_hour_ago = time.time() - atomic_write.STALE_TEMP_SECONDS - 60
    os.utime(old, (an_hour_ago, an_hour_ago))  # a live pid, but far too old: the pid was reused

    atomic_write_text(tmp_path / "r.toml", "x = 1\n", overwrite=True)
    assert sorted(os.listdir(tmp_path)) == sorted([*kept, "r.toml", f".wizard-dir.{dead}.abcdefgh.wizard-tmp"])
    # Once per directory and process: a later write does not scan again.
    (tmp_path / stale[0]).write_text("partial")
    atomic_write_text(tmp_path / "r.toml", "x = 2\n", overwrite=True)
    assert (tmp_path / stale[0]).exists()
    assert remove_stale_temp_files(tmp_path) == [tmp_path / stale[0]]


def test_temp_files_are_hidden_and_named_after_their_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: object) -> None:
        names.append(Path(src).name)
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", spy)
    atomic_write_text(tmp_path / "2026-01-05-runtime.toml", "x = 1\n", overwrite=True)
    (name,) = names
    match = TEMP_FILE_RE.match(name)
    assert match is not None and name.startswith(".wizard-2026-01-05-runtime.toml.")
    assert match["target"] == "2026-01-05-runtime.toml" and int(match["pid"]) == os.getpid()
    assert os.listdir(tmp_path) == ["2026-01-05-runtime.toml"]


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == ZYGOTE:
    _zygote(Path(sys.argv[2]), int(sys.argv[3]))
