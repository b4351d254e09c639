"""Hostile files and hostile terminals: special files are refused without being read, nothing raw
reaches the terminal, any path or stdout failure is one line, and a broken pipe keeps the exit code.

Each test reproduces a failure found by an adversarial trial, through the real `wizard` command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.test_records_cmds import QUESTIONNAIRE, ROOT, one_line_error, wizard
from wizard.core.errors import InputFileError
from wizard.core.safe_text import escape, escape_json, escape_toml
from wizard.core.files.tomlio import read_bytes

EXAMPLE = ROOT / "examples" / "nightly-etl.toml"
RAW = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u2066")


def no_raw(text: str) -> bool:
    return not any(c in text for c in RAW)


@pytest.fixture(scope="module")
def record_text() -> str:
    proc = wizard("score", EXAMPLE, "--format", "toml", "--title", "Nightly ETL")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def records(tmp_path: Path, record_text: str) -> Path:
    directory = tmp_path / "docs" / "decisions"
    directory.mkdir(parents=True)
    (directory / "2026-01-01-etl.toml").write_text(record_text, encoding="utf-8")
    return directory


def questionnaire_with_pricing(tmp_path: Path, pricing: str) -> Path:
    text = QUESTIONNAIRE.read_text(encoding="utf-8").replace(
        'pricing = "pricing/aws-us-east-1.toml"', f'pricing = "{pricing}"')
    path = tmp_path / "q.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# Bounded reads


def test_a_fifo_is_refused_without_blocking(tmp_path: Path, records: Path) -> None:
    fifo = tmp_path / "f.toml"
    os.mkfifo(fifo)
    one_line_error(wizard("score", fifo), "is a FIFO (named pipe), not a regular file")
    os.mkfifo(records / "zz.toml")
    proc = wizard("list", records, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    listing = json.loads(proc.stdout)
    assert [r["file"] for r in listing["records"]] == ["2026-01-01-etl.toml"]
    assert [u["file"].endswith("zz.toml") and "FIFO" in u["error"] for u in listing["unreadable"]] == [True]
    proc = wizard("rescore", records)
    assert proc.returncode == 0 and "FIFO" in proc.stdout, proc.stdout + proc.stderr
    proc = wizard("check", tmp_path)
    assert proc.returncode == 2 and "FIFO" in proc.stdout and "Traceback" not in proc.stderr


def test_a_symlink_to_a_device_is_listed_as_unreadable(records: Path) -> None:
    (records / "zz.toml").symlink_to("/dev/zero")
    for command in ("list", "rescore"):
        proc = wizard(command, records)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "zz.toml" in proc.stdout and "character device" in proc.stdout
        assert "Traceback" not in proc.stderr


def test_a_symlink_to_a_regular_file_is_read(records: Path, tmp_path: Path) -> None:
    (records / "2026-01-01-etl.toml").rename(tmp_path / "real.toml")
    (records / "2026-01-01-etl.toml").symlink_to(tmp_path / "real.toml")
    proc = wizard("list", records, "--format", "json")
    assert proc.returncode == 0 and len(json.loads(proc.stdout)["records"]) == 1, proc.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/stdin"])
def test_a_pricing_file_that_is_a_device_is_one_line(tmp_path: Path, device: str) -> None:
    questionnaire = questionnaire_with_pricing(tmp_path, device)
    script = [sys.executable, "-m", "wizard", "score", str(EXAMPLE), "--questionnaire", str(questionnaire)]
    # stdin is a pipe that stays open: reading it would block for ever.
    with subprocess.Popen(script, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT) as proc:
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, out + err
    assert err.count("\n") == 1 and "not a regular file" in err and "Traceback" not in err
    proc2 = wizard("check", questionnaire)
    assert proc2.returncode == 1 and "not a regular file" in proc2.stdout, proc2.stdout + proc2.stderr


def test_a_file_whose_size_lies_is_read_up_to_the_limit_only() -> None:
    # /proc files say they are empty (st_size 0) and are not.
    with pytest.raises(InputFileError, match="too large"):
        read_bytes(Path("/proc/self/maps"), limit=16)
    assert read_bytes(Path("/proc/self/maps"), limit=1 << 20)


# ---------------------------------------------------------------------------------------------
# Nothing raw on the terminal


def test_escape_covers_c0_c1_bidi_and_stray_bytes() -> None:
    assert escape("a\x1b[31m\x9b\x9d\u202e\u2066b") == "a\\x1b[31m\\x9b\\x9d\\u202e\\u2066b"
    assert escape("line\nnext\ttab", keep_lines=True) == "line\nnext\ttab"
    assert escape("bad\udcff.toml") == "bad\\xff.toml"
    assert json.loads(escape_json(json.dumps({"t": "x\x9b\u202ey"}, ensure_ascii=False))) == {"t": "x\x9b\u202ey"}
    assert tomllib.loads(escape_toml('t = "x\x9b\u202ey"')) == {"t": "x\x9b\u202ey"}


def test_a_file_name_with_an_osc_52_sequence_is_printed_escaped(tmp_path: Path) -> None:
    (tmp_path / "q\x1b]52;c;aGVsbG8=\x07.toml").write_text("x", encoding="utf-8")
    proc = wizard("check", tmp_path)
    assert proc.returncode == 2
    assert no_raw(proc.stdout + proc.stderr) and "q\\x1b]52;c;aGVsbG8=\\x07.toml" in proc.stdout


def test_c1_and_bidi_characters_are_escaped_in_every_output(tmp_path: Path, records: Path) -> None:
    title = "Pay\x9b\x9d\u202eroll\u2066"
    proc = wizard("score", EXAMPLE, "--format", "toml", "--title", title)
    assert proc.returncode == 0 and no_raw(proc.stdout) and "\\u009b" in proc.stdout
    assert tomllib.loads(proc.stdout)["title"] == title
    record = records / "2026-01-02-pay.toml"
    record.write_text(proc.stdout, encoding="utf-8")
    for args in (["list", records, "--format", "json"], ["rescore", records, "--format", "json"]):
        out = wizard(*args).stdout
        assert no_raw(out) and "\\u202e" in out, args
    assert title in json.loads(wizard("list", records, "--format", "json").stdout)["records"][1]["title"]
    for args in (["show", record], ["list", records], ["export", record], ["rescore", record]):
        proc = wizard(*args)
        assert proc.returncode in (0, 1) and no_raw(proc.stdout + proc.stderr), args


# ---------------------------------------------------------------------------------------------
# One line, never a traceback


def test_a_file_name_that_is_not_utf8_is_one_line(tmp_path: Path, records: Path) -> None:
    bad = os.fsencode(str(tmp_path)) + b"/bad\xff.toml"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "0", "COLUMNS": "300"}
    proc = subprocess.run([sys.executable, "-m", "wizard", "export", bad], capture_output=True, cwd=ROOT, env=env,
                          check=False, timeout=120)
    assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1 and b"Traceback" not in proc.stderr, proc.stderr
    assert b"bad\\xff.toml" in proc.stderr
    with open(os.fsencode(str(records)) + b"/bad\xff.toml", "wb") as handle:
        handle.write(b"not = [toml")
    for command in ("list", "rescore"):
        proc = subprocess.run([sys.executable, "-m", "wizard", command, str(records)], capture_output=True,
                              cwd=ROOT, env=env, check=False, timeout=120)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        assert b"bad\\xff.toml" in proc.stdout and b"\xff" not in proc.stdout


def test_a_path_component_too_long_is_one_line(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 260) / "decisions"
    for command in ("list", "rescore", "check", "show", "export"):
        proc = wizard(command, long)
        assert proc.returncode == 2, (command, proc.stderr)
        assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, (command, proc.stderr)
        assert "too long" in proc.stderr, proc.stderr


def test_a_folder_that_cannot_be_searched_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # The tests run as root, whom permissions do not stop: the refusal is injected where the system gives it.
    from wizard.cli.main import main

    locked = tmp_path / "locked"
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(str(locked) + os.sep):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    for command in ("list", "rescore", "check"):
        assert main([command, str(locked / "decisions")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "permission denied" in err, err


def test_stdout_on_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        for args in (["score", EXAMPLE], ["score", EXAMPLE, "--format", "json"], ["schema", "record"],
                     ["check", QUESTIONNAIRE]):
            proc = subprocess.run([sys.executable, "-m", "wizard", *map(str, args)], stdout=full,
                                  stderr=subprocess.PIPE, text=True, cwd=ROOT, check=False, timeout=120)
            assert proc.returncode == 2, (args, proc.stderr)
            assert proc.stderr == "wizard: stdout: cannot write the output: the disk is full\n", proc.stderr


def test_a_closed_stdout_is_one_line(records: Path) -> None:
    for args in (["export", next(records.iterdir())], ["score", EXAMPLE]):
        proc = subprocess.run([sys.executable, "-m", "wizard", *map(str, args)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, check=False, timeout=120,
                              preexec_fn=lambda: os.close(1))
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr == "wizard: cannot write the output: stdout is closed\n", proc.stderr


def test_a_broken_pipe_keeps_the_exit_code(records: Path) -> None:
    # The reader is gone before the first write: every write of the command meets a broken pipe.
    for fmt in ("text", "json"):
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            proc = subprocess.run([sys.executable, "-m", "wizard", "rescore", str(records), "--format", fmt],
                                  stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=ROOT, check=False,
                                  timeout=120)
        finally:
            os.close(write_end)
        # Every record holds: exit 0, not 1 ("a recommendation changed"), and nothing on stderr.
        assert proc.returncode == 0 and proc.stderr == "", (fmt, proc.returncode, proc.stderr)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-m", "wizard", "rescore", str(records / "missing.toml")],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=ROOT, check=False, timeout=120)
    finally:
        os.close(write_end)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_jobs_are_capped_at_the_cpu_count(records: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from wizard.cli.commands.common import jobs
    from wizard.core.records.listing import list_file
    from wizard.core.records.record_set import Questionnaires, map_files

    cpus = len(os.sched_getaffinity(0))
    assert jobs(100000, 300) == cpus
    assert f"--jobs 100000 is more than the {cpus} CPUs here; using {cpus}" in capsys.readouterr().err
    proc = wizard("rescore", records, "--jobs", "100000")
    assert proc.returncode == 0 and proc.stderr.count("\n") == 1, proc.stderr

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    # No more processes allowed (a process limit): the work is done in this process instead.
    monkeypatch.setattr(os, "fork", no_fork)
    paths = [records / "2026-01-01-etl.toml"] * 3
    out = map_files(list_file, paths, Questionnaires(), jobs=2)
    assert [isinstance(row, dict) for _, row in out] == [True] * 3


def test_the_temp_file_sweep_leaves_other_programs_files(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "adr"
    out.mkdir()
    foreign = [".report.12345.backup.tmp", ".notes.2024.draft_v2.tmp"]
    for name in foreign:
        (out / name).write_text("mine")
    proc = wizard("export", records / "2026-01-01-etl.toml", "-o", out / "etl.md")
    assert proc.returncode == 0, proc.stderr
    assert sorted(os.listdir(out)) == sorted([*foreign, "etl.md"])


def test_a_file_named_with_a_nul_byte_is_one_line(tmp_path: Path) -> None:
    # Found by the long fuzz profile: a questionnaire whose `pricing` is "\x00" gave a ValueError
    # traceback from `wizard check`.
    from wizard.core.files.tomlio import read_bytes

    with pytest.raises(InputFileError, match="the name holds a NUL byte"):
        read_bytes(tmp_path / "a\x00b.toml")
    source = (Path(__file__).resolve().parent.parent / "questionnaires" / "lambda-vs-ec2.toml").read_text()
    q = tmp_path / "q.toml"
    q.write_text(source.replace('pricing = "pricing/aws-us-east-1.toml"', 'pricing = "\\u0000"'), encoding="utf-8")
    proc = wizard("check", q)  # a pricing file it cannot read is a finding of the questionnaire: exit 1
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    at = source.splitlines().index('pricing = "pricing/aws-us-east-1.toml"') + 1  # the finding names its line
    assert [line for line in proc.stdout.splitlines() if "NUL byte" in line] == [
        f"{q}:{at}: error: pricing: {tmp_path}/\\x00: cannot read: the name holds a NUL byte"]
