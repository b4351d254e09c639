"""The app's draft survives the terminal going away: the real `wizard new` runs in a pseudo-terminal
(its controlling terminal, as under a terminal emulator), an answer is changed with a key press, and
the process is then killed (SIGKILL) or its terminal closed (SIGHUP). The draft on disk is complete,
holds the answer, and the next start offers to resume it."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.core.records.drafts import draft_path, load_draft
from wizard.core.files.atomic_write import TEMP_FILE_RE
from wizard.tui.app import WizardApp
from wizard.tui.screens.stages import StagesScreen
from wizard.tui.screens.welcome import WelcomeScreen

if sys.platform != "linux":
    pytest.skip("needs a Linux pseudo-terminal (os.openpty, TIOCSCTTY)", allow_module_level=True)

import fcntl  # noqa: E402 - POSIX only
import struct  # noqa: E402
import termios  # noqa: E402

#: Make the pseudo-terminal the controlling terminal of the new session (what a terminal emulator
#: does for its shell), then run `wizard new`: closing the terminal then sends SIGHUP. SIGHUP gets
#: its default action back first, as in a shell a terminal starts: a test run started under
#: `nohup` (as CI jobs may be) would otherwise pass on "ignore SIGHUP" to the app.
LAUNCHER = ("import fcntl, signal, sys, termios; signal.signal(signal.SIGHUP, signal.SIG_DFL); "
            "fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
            "from wizard.cli.main import main; sys.exit(main(['new']))")
FIRST_PROMPT = b"What kind of work is this?"
STARTUP_TIMEOUT_S = 60.0


class Terminal:
    """The app in a 100×30 pseudo-terminal; its output is read (and thrown away) all the time so
    that the app never blocks on a full terminal."""

    def __init__(self, project: Path, data: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30",
               "WIZARD_DATA_DIR": str(data), "HOME": str(project.parent), "PYTHONDONTWRITEBYTECODE": "1"}
        for name in ("NO_COLOR", "TEXTUAL", "TEXTUAL_DRIVER"):
            env.pop(name, None)
        self.master = master
        self.proc = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=slave, stdout=slave, stderr=slave,
                                     cwd=project, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = b""

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:  # EIO: the app is gone
                    return
                if not data:
                    return
                self.output += data[-4096:] if len(self.output) > 1 << 20 else data

    def wait_for(self, text: bytes, timeout: float) -> None:
        end = time.monotonic() + timeout
        while text not in self.output:
            assert self.proc.poll() is None, f"the app ended (exit {self.proc.returncode}): {self.output[-2000:]!r}"
            assert time.monotonic() < end, f"no {text!r} on the screen after {timeout} s: {self.output[-2000:]!r}"
            self.pump(0.1)

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        try:
            os.close(self.master)
        except OSError:
            pass


@pytest.fixture
def terminal(isolated: Path) -> Iterator[Terminal]:
    term = Terminal(isolated, isolated.parent / "data")
    try:
        yield term
    finally:
        term.close()


def change_an_answer(term: Terminal, project: Path) -> Path:
    """Tick the first choice of the first question (it has the focus) and wait for the draft."""
    term.wait_for(FIRST_PROMPT, STARTUP_TIMEOUT_S)
    term.pump(0.3)  # let the stage finish mounting and focus its first question
    term.press(b" ")
    end = time.monotonic() + 20
    while True:
        term.pump(0.05)
        draft = load_draft(project)  # always readable: it is replaced atomically
        if draft is not None and draft.answers.get("workload_type") == ("api",):
            return draft_path(project)
        assert time.monotonic() < end, f"no draft with the answer; screen: {term.output[-2000:]!r}"


def assert_draft_survived(project: Path) -> None:
    draft = load_draft(project)
    assert draft is not None, "the draft is gone"
    assert draft.answers["workload_type"] == ("api",)
    assert draft.questionnaire_id == "lambda-vs-ec2" and draft.stage == "setup"
    directory = draft_path(project).parent
    assert [n for n in os.listdir(directory) if not TEMP_FILE_RE.match(n)] == [draft_path(project).name]


async def resume_offered(project: Path) -> None:
    """A new start of the app (in this process, same project and data directory) offers the draft."""
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        resume = app.screen.query_one("#resume")
        assert "Resume the draft" in str(resume.render())
        resume.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert app.session is not None and app.session.answers["workload_type"] == ("api",)


async def test_the_draft_survives_sigkill(isolated: Path, terminal: Terminal) -> None:
    project = isolated.resolve()
    change_an_answer(terminal, project)
    os.kill(terminal.proc.pid, signal.SIGKILL)
    assert terminal.proc.wait(10) == -signal.SIGKILL
    assert_draft_survived(project)
    await resume_offered(project)


async def test_the_draft_survives_the_terminal_closing(isolated: Path, terminal: Terminal) -> None:
    project = isolated.resolve()
    change_an_answer(terminal, project)
    os.close(terminal.master)  # the terminal window is closed: the kernel sends SIGHUP
    try:
        code = terminal.proc.wait(20)
    except subprocess.TimeoutExpired:
        pytest.fail("the app did not end when its terminal was closed")
    assert code in (-signal.SIGHUP, 0), code  # killed by SIGHUP, or a clean exit if it ever handles it
    assert_draft_survived(project)
    await resume_offered(project)


async def test_the_draft_survives_sighup(isolated: Path, terminal: Terminal) -> None:
    """SIGHUP sent to the app while its terminal is still there (`kill -HUP`, a closing tmux pane)."""
    project = isolated.resolve()
    change_an_answer(terminal, project)
    os.kill(terminal.proc.pid, signal.SIGHUP)
    terminal.pump(0.5)
    try:
        code = terminal.proc.wait(20)
    except subprocess.TimeoutExpired:
        pytest.fail("the app did not end on SIGHUP")
    assert code in (-signal.SIGHUP, 0), code
    assert_draft_survived(project)
    await resume_offered(project)
