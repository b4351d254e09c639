"""Speed of the headless core, each figure against its goal and baseline in the same run.

    python benchmarks/bench_core.py [--repeat N]

- scoring the default questionnaire (goal: median under 1 ms a call);
- scoring with sensitivity (goal: under 20 ms);
- `wizard score` and `wizard check` as whole processes, against `python -c "import textual.app"`,
  the floor of any Textual program (goal: faster than that import).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard.core.engine import evaluate  # noqa: E402
from wizard.core.questionnaire import load_questionnaire  # noqa: E402

EXAMPLE = ROOT / "examples" / "startup-mvp-api.toml"
QUESTIONNAIRE = ROOT / "questionnaires" / "lambda-vs-ec2.toml"


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_seconds(command: list[str], repeat: int) -> float:
    return median_seconds(lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT), repeat)


def wizard_command() -> list[str]:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "wizard"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="calls per in-process figure")
    parser.add_argument("--process-repeat", type=int, default=15, help="runs per whole-process figure")
    args = parser.parse_args()

    q = load_questionnaire(QUESTIONNAIRE).questionnaire
    answers = tomllib.loads(EXAMPLE.read_text())["answers"]
    rows: list[tuple[str, float, str, float]] = []

    score = median_seconds(lambda: evaluate(q, answers), args.repeat)
    rows.append(("score (default questionnaire)", score * 1e3, "goal 1 ms", score * 1e3 / 1.0))
    sens = median_seconds(lambda: evaluate(q, answers, sensitivity=True), max(20, args.repeat // 10))
    rows.append(("score + sensitivity", sens * 1e3, "goal 20 ms", sens * 1e3 / 20.0))

    floor = process_seconds([sys.executable, "-c", "import textual.app"], args.process_repeat)
    rows.append(("python -c 'import textual.app'", floor * 1e3, "baseline", 1.0))
    wiz = wizard_command()
    for label, cmd in (("wizard score --format json", [*wiz, "score", str(EXAMPLE), "--format", "json"]),
                       ("wizard score (text report)", [*wiz, "score", str(EXAMPLE)]),
                       ("wizard check", [*wiz, "check", str(QUESTIONNAIRE)])):
        t = process_seconds(cmd, args.process_repeat)
        rows.append((label, t * 1e3, "vs import textual.app", t / floor))

    print(f"{'figure':<34} {'median ms':>10}  {'against':<22} {'ratio':>6}")
    for label, ms, against, ratio in rows:
        print(f"{label:<34} {ms:>10.3f}  {against:<22} {ratio:>6.2f}")
    print("(ratio < 1.00 meets the goal)")


if __name__ == "__main__":
    main()
