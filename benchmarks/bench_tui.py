"""Start-up, peak memory and answer-to-sidebar time of the full-screen wizard, against a bare
Textual app that shows one line of text (the floor of any Textual program), in the same run.

    python benchmarks/bench_tui.py [--runs N]

Goals: start-up to the first question on screen at most 1.1× the "first stage's widgets alone" row,
and faster than harlequin and toolong measured in the same run; peak memory at most 1.3× the "bare
app + pydantic and one model" row; an answer change re-scores in under 5 ms (engine time) and updates
the screen without recomposing it.

The apps run headless in a fresh interpreter; the parent times from spawning the process to
the child's report that its content is on screen, and reads the child's peak RSS from wait4().
The wizard starts as `wizard new` does (`quick_start`: the first stage is drawn before the core
loads); its child reports the first question on screen, then stays until the core has loaded and
the stages screen has taken the session and shows the scores, so its peak RSS is that of the whole start.

The peers are other programs, so they cannot report from inside: each runs in a pseudo-terminal of
100×30 (as a person would start it), and the time is from spawning it to the moment its first
screen's text (a marker) has been written to the terminal; the wizard is timed the same way beside
them (`wizard new`, marker: its first question's prompt). Peers, skipped with a note when missing:
- harlequin (the `bench` extra: `pip install -e '.[bench]'`; it installs beside Textual 8), run as
  `harlequin` (an in-memory DuckDB) until "Query Editor" is on screen;
- toolong 1.5, which pins Textual 0.58 and so needs a venv of its own:
  `python3 -m venv /tmp/toolong && /tmp/toolong/bin/pip install toolong==1.5.0`, then
  `WIZARD_BENCH_TOOLONG=/tmp/toolong/bin/tl python benchmarks/bench_tui.py`; without the variable
  `tl` or `toolong` on PATH is used. It opens a small log file until its first line is on screen.
Two more apps are shown for information. One puts the first stage's widgets on screen straight
from the questionnaire file, without the wizard's code: the part of the gap that is Textual's own
work. The other is the bare app after importing pydantic and defining one model: the least any
Textual program pays whose files are validated by pydantic models, as the wizard's are.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import statistics
import subprocess
import sys
import re
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.figures import Figure, table, wizard_command  # noqa: E402

GROUP = "app"

BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello from a bare Textual app", id="line")
    def on_mount(self):
        self.set_interval(0.002, self.check)
    def check(self):
        if self.query_one("#line").region.height:
            print("ready", flush=True)
            self.exit()

Bare().run(headless=True)
"""

WIZARD = """
from wizard.tui.app import WizardApp
from wizard.tui.widgets.question_field import QuestionField

class Timed(WizardApp):
    shown = False
    scored = False
    def on_mount(self):  # Textual calls WizardApp.on_mount too: no super() call, or the app starts twice
        self.set_interval(0.002, self.check)
    def on_stages_screen_drawn(self, event):  # WizardApp's handler runs after this one: it loads the core
        self.check()
    def check(self):
        fields = self.screen.query(QuestionField)
        if not self.shown and fields and fields.first().region.height:
            self.shown = True
            print("ready", flush=True)
        # The start is over (the core loaded, the stages screen has taken the session and the whole
        # stage, the scores are shown, the questionnaire is checked): reported once that is on screen.
        started = not any(w.group == "start" and not w.is_finished for w in self.workers)
        if self.shown and not self.scored and getattr(self.screen, "waiting", True) is False and started:
            self.scored = True
            self.call_after_refresh(self.done)
    def done(self):
        print("scored", flush=True)
        self.exit()

Timed(new=True, quick_start=True).run(headless=True)
"""

#: The bare app in a process that has also defined one pydantic model: the floor of the goals for a
#: program whose file formats are pydantic models. Not a goal.
BARE_PYDANTIC = BARE.replace("from textual.app import App", """from textual.app import App
from pydantic import BaseModel

class A(BaseModel):
    x: int
""")

#: The first stage's widgets alone, read straight from the questionnaire file: no pydantic, no core,
#: no scoring. Not a goal: it shows how much of the gap to the bare app is Textual's own work for a
#: screen of real questions, which no start-up order of the wizard can avoid.
WIDGETS_ONLY = """
import sys
import tomli
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, SelectionList, Static, Switch

root = sys.argv[1]
with open(root + "/questionnaires/lambda-vs-ec2.toml", "rb") as f:
    data = tomli.load(f)
stage = data["stages"][0]

class WidgetsOnly(App):
    CSS_PATH = root + "/wizard/tui/app.tcss"
    def compose(self):
        yield Static(data["title"], id="title-bar", markup=False)
        yield Static("  ".join(s["title"] for s in data["stages"]), id="stepper", markup=False)
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Static(stage["title"], id="stage-intro", markup=False)
                with VerticalScroll():
                    for q in stage["questions"]:
                        with Vertical(classes="question"):
                            yield Label(q["prompt"], markup=False)
                            choices = q.get("choices", [])
                            if q["kind"] == "single":
                                yield RadioSet(*[RadioButton(c["label"]) for c in choices], classes="answer")
                            elif q["kind"] == "multi":
                                yield SelectionList(*[(c["label"], c["value"]) for c in choices], classes="answer")
                            elif q["kind"] == "boolean":
                                yield Switch(classes="answer")
                            else:
                                yield Input(classes="answer")
                with Horizontal(id="nav"):
                    yield Button("Back", id="back")
                    yield Button("Next", id="next")
            yield Static("", id="side")
        yield Footer()
    def on_mount(self):
        self.set_interval(0.002, self.check)
    def check(self):
        fields = self.query(".question")
        if fields and fields.first().region.height:
            print("ready", flush=True)
            self.exit()

WidgetsOnly().run(headless=True)
"""


def run_once(code: str, cwd: Path, env: dict[str, str]) -> tuple[float, float, float | None]:
    """Seconds to 'ready', peak RSS in MiB and (for a child that reports it) seconds to 'scored' of
    one run of `code` in a new interpreter."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    scored = None
    if proc.stdout.readline().strip() == "scored":
        scored = time.perf_counter() - start
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if line.strip() != "ready":
        raise SystemExit(f"benchmark child failed (exit {proc.returncode})")
    return elapsed, usage.ru_maxrss / 1024, scored


#: Terminal escape sequences (CSI, OSC/DCS strings, two-byte escapes), removed before looking for a marker.
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P^_][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def run_in_pty(argv: list[str], marker: str, cwd: Path, env: dict[str, str], limit: float = 30.0) -> float:
    """Seconds from spawning `argv` in a 100×30 pseudo-terminal until `marker` is on its screen."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the program, in the terminal
        os.chdir(cwd)
        os.execvpe(argv[0], argv, {**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"})  # noqa: S606
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen, found = b"", None
    try:
        while time.perf_counter() - start < limit:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            seen += data
            if marker.encode() in ESCAPES.sub(b"", seen):
                found = time.perf_counter() - start
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    if found is None:
        raise SystemExit(f"{argv[0]}: {marker!r} not on screen within {limit:.0f} s")
    return found


def peers(project: Path, env: dict[str, str]) -> tuple[dict[str, tuple[list[str], str]], list[str]]:
    """The programs to time in a terminal (name → argv, marker), and a note for each peer missing."""
    import shutil

    bindir = str(Path(sys.executable).parent)
    prompt = "What kind of work is this?"  # the bundled questionnaire's first question
    found = {"wizard new": ([*wizard_command(), "new"], prompt)}
    notes = []
    harlequin = shutil.which("harlequin", path=bindir) or shutil.which("harlequin")
    if harlequin:
        found["harlequin"] = ([harlequin], "Query Editor")
    else:
        notes.append("harlequin skipped: not installed (pip install -e '.[bench]')")
    toolong = os.environ.get("WIZARD_BENCH_TOOLONG") or shutil.which("tl") or shutil.which("toolong")
    if toolong:
        log = project.parent / "bench.log"
        log.write_text("".join(f"2026-01-0{1 + i % 9} 12:00:00 INFO line {i} of the benchmark log\n"
                               for i in range(200)))
        found["toolong"] = ([toolong, str(log)], "of the benchmark log")
    else:
        notes.append("toolong skipped: set WIZARD_BENCH_TOOLONG to a toolong 1.5 `tl` in a venv of its own "
                     "(see this script's docstring), or put `tl` on PATH")
    return found, notes


def startup_and_memory(runs: int) -> list[Figure]:
    compileall.compile_dir(str(ROOT / "wizard"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        env = {**os.environ, "WIZARD_DATA_DIR": str(Path(tmp) / "data"), "PYTHONPATH": str(ROOT),
               "WIZARD_CONFIG": str(Path(tmp) / "config.toml")}
        apps = (("bare", BARE), ("pydantic", BARE_PYDANTIC), ("widgets", WIDGETS_ONLY), ("wizard", WIZARD))
        times: dict[str, list[float]] = {name: [] for name, _ in apps}
        memory: dict[str, list[float]] = {name: [] for name, _ in apps}
        scored: list[float] = []
        in_pty, notes = peers(project, env)
        terminal: dict[str, list[float]] = {name: [] for name in in_pty}
        for _, code in apps:  # warm-up
            run_once(code, project, env)
        for argv, marker in in_pty.values():
            run_in_pty(argv, marker, project, env)
        for _ in range(runs):  # in turn, so machine noise falls on all alike
            for name, code in apps:
                seconds, mib, whole = run_once(code, project, env)
                times[name].append(seconds)
                memory[name].append(mib)
                if whole is not None:
                    scored.append(whole)
            for name, (argv, marker) in in_pty.items():
                terminal[name].append(run_in_pty(argv, marker, project, env))
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    bare_t, wiz_t = statistics.median(times["bare"]), statistics.median(times["wizard"])
    widgets_t, pydantic_t = statistics.median(times["widgets"]), statistics.median(times["pydantic"])
    bare_m, wiz_m = statistics.median(memory["bare"]), statistics.median(memory["wizard"])
    pydantic_m = statistics.median(memory["pydantic"])
    return [
        Figure(GROUP, "bare Textual app to its line", bare_t * 1e3, "ms", "baseline"),
        Figure(GROUP, "  bare app + pydantic and one model", pydantic_t * 1e3, "ms", "information",
               pydantic_t / bare_t),
        Figure(GROUP, "  first stage's widgets alone (no core)", widgets_t * 1e3, "ms", "information",
               widgets_t / bare_t),
        Figure(GROUP, "wizard new to first question", wiz_t * 1e3, "ms", "≤ 1.1× widgets alone", wiz_t / widgets_t,
               1.1),
        Figure(GROUP, "  … to the core loaded and scored", statistics.median(scored) * 1e3, "ms", "information",
               statistics.median(scored) / widgets_t),
        *terminal_figures(terminal),
        Figure(GROUP, "bare Textual app peak RSS", bare_m, "MiB", "baseline"),
        Figure(GROUP, "  bare app + pydantic and one model", pydantic_m, "MiB", "information", pydantic_m / bare_m),
        Figure(GROUP, "wizard peak RSS", wiz_m, "MiB", "≤ 1.3× bare + pydantic", wiz_m / pydantic_m, 1.3),
    ]


def terminal_figures(terminal: dict[str, list[float]]) -> list[Figure]:
    """`wizard new` in a terminal as the baseline, each peer against it: the wizard must be faster
    (the peer's ratio above 1)."""
    wizard = statistics.median(terminal["wizard new"])
    rows = [Figure(GROUP, "wizard new in a terminal, to its first question", wizard * 1e3, "ms", "baseline")]
    for name, seconds in terminal.items():
        if name != "wizard new":
            peer = statistics.median(seconds)
            # Held as wizard / peer so that "meets" reads as it does for every other row: at most 1.
            rows.append(Figure(GROUP, f"  {name} in a terminal, to its first screen", peer * 1e3, "ms",
                               "wizard new / this < 1", wizard / peer, 1.0))
    return rows


async def answer_update(repeat: int) -> list[Figure]:
    """Engine time of one answer change, and the whole update of the stage screen, in a pilot."""
    import tomllib

    from wizard.tui.app import WizardApp
    from wizard.tui.screens.stages import StagesScreen

    answers = tomllib.loads((ROOT / "examples" / "steady-api.toml").read_text())["answers"]
    app = WizardApp(new=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        session, screen = app.session, app.screen
        assert session is not None and isinstance(screen, StagesScreen)
        for qid, value in answers.items():
            session.set_answer(qid, tuple(value) if isinstance(value, list) else value)
        engine, update = [], []
        for i in range(repeat):
            session.set_answer("peak_to_average", 1.5 + (i % 7))
            start = time.perf_counter()
            session.evaluation  # noqa: B018 — the re-score that the change triggers
            middle = time.perf_counter()
            screen.refresh_state()
            end = time.perf_counter()
            engine.append(middle - start)
            update.append(end - start)
    e, u = statistics.median(engine) * 1e3, statistics.median(update) * 1e3
    return [Figure(GROUP, "answer change: engine", e, "ms", "goal 5 ms", e / 5.0, 1.0),
            Figure(GROUP, "answer change: engine + widgets", u, "ms", "no recompose")]


def figures(runs: int = 11, repeat: int = 200) -> list[Figure]:
    os.environ.setdefault("WIZARD_DATA_DIR", tempfile.mkdtemp())
    return startup_and_memory(runs) + asyncio.run(answer_update(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="start-ups of each app")
    parser.add_argument("--repeat", type=int, default=200, help="answer changes timed")
    args = parser.parse_args()
    print(table(figures(args.runs, args.repeat)))


if __name__ == "__main__":
    main()
