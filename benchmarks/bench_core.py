"""Speed of the headless core, each figure against its goal and baseline in the same run.

    python benchmarks/bench_core.py [--repeat N]

- scoring the default questionnaire, cost facts included (goal: median under 1 ms a call);
- scoring with sensitivity (goal: under 20 ms);
- one full cost estimate with break-even and a 50-point curve (goal: median under 2 ms);
- `wizard score` and `wizard check` as whole processes, against `python -c "import textual.app"`,
  the floor of any Textual program (goal: faster than that import).

A process that imports pydantic and defines one model is timed too, for information: every core
command pays that much before it reads a file, since every file format is a pydantic model.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard.core.cost import estimate, workload_from_answers  # noqa: E402
from wizard.core.scoring.evaluator import Evaluator  # noqa: E402
from wizard.core.questionnaire.model import load_questionnaire  # noqa: E402

from benchmarks.figures import Figure, table, median_seconds, wizard_command  # noqa: E402

EXAMPLE = ROOT / "examples" / "startup-mvp-api.toml"
QUESTIONNAIRE = ROOT / "questionnaires" / "lambda-vs-ec2.toml"
#: What any process that validates a file with pydantic pays before its own work.
PYDANTIC_FLOOR = "  python: pydantic + one model"


def process_medians(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command, run in turn (A B C A B C ...) so that the machine's
    noise falls on all of them alike."""
    for command in commands.values():  # warm-up: file cache and compiled bytecode
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(repeat):
        for label, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            times[label].append(time.perf_counter() - start)
    return {label: statistics.median(values) for label, values in times.items()}


def figures(repeat: int = 200, process_repeat: int = 21) -> list[Figure]:
    evaluator = Evaluator.load(load_questionnaire(QUESTIONNAIRE))
    answers = tomllib.loads(EXAMPLE.read_text())["answers"]
    group = "core"
    rows: list[Figure] = []

    score = median_seconds(lambda: evaluator.evaluate(answers), repeat) * 1e3
    rows.append(Figure(group, "score (default questionnaire)", score, "ms", "goal 1 ms", score / 1.0, 1.0))
    sens = median_seconds(lambda: evaluator.evaluate(answers, sensitivity=True), max(20, repeat // 10)) * 1e3
    rows.append(Figure(group, "score + sensitivity", sens, "ms", "goal 20 ms", sens / 20.0, 1.0))
    workload = workload_from_answers(answers)
    pricing = evaluator.pricing
    if workload is None or pricing is None:
        raise SystemExit(f"{EXAMPLE}: no workload to price")
    full = median_seconds(lambda: estimate(workload, pricing, 50), repeat) * 1e3
    rows.append(Figure(group, "cost estimate + break-even + curve", full, "ms", "goal 2 ms", full / 2.0, 1.0))

    # Installed packages carry compiled bytecode; a source checkout gets it on first run unless
    # PYTHONDONTWRITEBYTECODE is set, so compile it here to time what users run.
    compileall.compile_dir(str(ROOT / "wizard"), quiet=1)
    wiz = wizard_command()
    medians = process_medians({
        "python -c 'import textual.app'": [sys.executable, "-c", "import textual.app"],
        PYDANTIC_FLOOR: [sys.executable, "-c", "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int"],
        "wizard score --format json": [*wiz, "score", str(EXAMPLE), "--format", "json"],
        "wizard score (text report)": [*wiz, "score", str(EXAMPLE)],
        "wizard check": [*wiz, "check", str(QUESTIONNAIRE)],
    }, process_repeat)
    floor = medians.pop("python -c 'import textual.app'")
    rows.append(Figure(group, "python -c 'import textual.app'", floor * 1e3, "ms", "baseline"))
    pydantic_floor = medians.pop(PYDANTIC_FLOOR)
    rows.append(Figure(group, PYDANTIC_FLOOR, pydantic_floor * 1e3, "ms", "information", pydantic_floor / floor))
    for label, t in medians.items():
        rows.append(Figure(group, label, t * 1e3, "ms", "< import textual.app", t / floor, 1.0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="calls per in-process figure")
    parser.add_argument("--process-repeat", type=int, default=21, help="runs per whole-process figure")
    args = parser.parse_args()
    print(table(figures(args.repeat, args.process_repeat)))


if __name__ == "__main__":
    main()
