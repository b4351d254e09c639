"""Start-up, peak memory and answer-to-sidebar time of the full-screen wizard, against a bare
Textual app that shows one line of text (the floor of any Textual program), in the same run.

    python benchmarks/bench_tui.py [--runs N]

Goals: start-up to the first question on screen at most 1.1× the "first stage's widgets alone" row
(and faster than harlequin and toolong, measured in the same run: not timed here yet, see the
README); peak memory at most 1.3× the "bare app + pydantic and one model" row; an answer change
re-scores in under 5 ms (engine time) and updates the screen without recomposing it.

Both apps run headless in a fresh interpreter; the parent times from spawning the process to
the child's report that its content is on screen, and reads the child's peak RSS from wait4().
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
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.figures import Figure, table  # noqa: E402

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
    def on_mount(self):  # Textual calls WizardApp.on_mount too: no super() call, or the app starts twice
        self.set_interval(0.002, self.check)
    def check(self):
        fields = self.screen.query(QuestionField)
        if fields and fields.first().region.height:
            print("ready", flush=True)
            self.exit()

Timed(new=True).run(headless=True)
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


def run_once(code: str, cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds to 'ready' and peak RSS in MiB of one run of `code` in a new interpreter."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if line.strip() != "ready":
        raise SystemExit(f"benchmark child failed (exit {proc.returncode})")
    return elapsed, usage.ru_maxrss / 1024


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
        for _, code in apps:  # warm-up
            run_once(code, project, env)
        for _ in range(runs):  # in turn, so machine noise falls on all alike
            for name, code in apps:
                seconds, mib = run_once(code, project, env)
                times[name].append(seconds)
                memory[name].append(mib)
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
        Figure(GROUP, "bare Textual app peak RSS", bare_m, "MiB", "baseline"),
        Figure(GROUP, "  bare app + pydantic and one model", pydantic_m, "MiB", "information", pydantic_m / bare_m),
        Figure(GROUP, "wizard peak RSS", wiz_m, "MiB", "≤ 1.3× bare + pydantic", wiz_m / pydantic_m, 1.3),
    ]


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
