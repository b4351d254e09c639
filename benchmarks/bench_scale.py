"""How load, scoring and `wizard check` grow with the size of a questionnaire.

    python benchmarks/bench_scale.py [--repeat N] [--process-repeat N] [--sizes 100x400,500x2000]

Questionnaires of growing size come from `scale_questionnaire.py` (seeded, so every run times the
same files), next to the default questionnaire as the smallest size. For each size:
- load: read, parse and validate the file in-process (median of several runs);
- first load: the same, timed inside a fresh process, as `wizard check` and `wizard score` load
  (cold caches and memory; imports are not counted);
- score: one evaluation of the answers without sensitivity (median), and one with it (no goal);
- `wizard check FILE`: the whole process, interpreter start-up included (median).

Goals for 500 questions and 2,000 rules: load under 300 ms, score under 10 ms, check under 1 s.
`main()` (or `run()`) returns the figures, so that a single benchmark entry point can print them.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_questionnaire  # noqa: E402

from benchmarks.figures import median_seconds, wizard_command  # noqa: E402

from wizard.core.scoring.evaluator import Evaluator  # noqa: E402
from wizard.core.questionnaire.model import load_questionnaire  # noqa: E402

QUESTIONNAIRE = ROOT / "questionnaires" / "lambda-vs-ec2.toml"
EXAMPLE = ROOT / "examples" / "startup-mvp-api.toml"
SIZES = ((100, 400), (250, 1000), (500, 2000), (1000, 4000))
GOAL_SIZE = (500, 2000)
#: Goals for GOAL_SIZE, in milliseconds.
GOALS = {"load": 300.0, "score": 10.0, "check": 1000.0}

FIRST_LOAD = """
import sys, time
from wizard.core.questionnaire.model import load_questionnaire
start = time.perf_counter()
load_questionnaire(sys.argv[1])
print(time.perf_counter() - start)
"""


def process_median(command: list[str], repeat: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), proc


def measure(name: str, path: Path, answers: dict[str, Any], questions: int, rules: int, *, repeat: int,
            process_repeat: int) -> dict[str, Any]:
    """The figures for one questionnaire file, in milliseconds."""
    loaded = load_questionnaire(path)
    load = median_seconds(lambda: load_questionnaire(path), max(3, repeat // 4))
    first = statistics.median(
        float(subprocess.run([sys.executable, "-c", FIRST_LOAD, str(path)], capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout)
        for _ in range(max(1, process_repeat // 2))
    )
    evaluator = Evaluator.load(loaded)
    problems = [p.message for p in evaluator.evaluate(answers).problems if p.severity == "error"]
    if problems:
        raise SystemExit(f"{path}: the answers do not fit: {problems[0]}")
    score = median_seconds(lambda: evaluator.evaluate(answers), repeat)
    # With sensitivity (what `wizard score` and the result screen show): no goal, and slow enough at
    # the larger sizes that one timed run after the warm-up is enough.
    sensitivity = median_seconds(lambda: evaluator.evaluate(answers, sensitivity=True), 1)
    check, proc = process_median([*wizard_command(), "check", str(path)], process_repeat)
    # Exit 1 is findings: a generated questionnaire has some (random rules can contradict themselves,
    # and its cost rules name no pricing file); what is timed is reading and checking all of it.
    if proc.returncode not in (0, 1) or "Traceback" in proc.stderr:
        raise SystemExit(f"wizard check {path} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return {"name": name, "questions": questions, "rules": rules, "kib": path.stat().st_size / 1024,
            "load_ms": load * 1e3, "first_load_ms": first * 1e3, "score_ms": score * 1e3,
            "sensitivity_ms": sensitivity * 1e3, "check_ms": check * 1e3}


def run(repeat: int = 20, process_repeat: int = 5, sizes: tuple[tuple[int, int], ...] = SIZES) -> dict[str, Any]:
    """Time every size; return {"sizes": one dict per size, "rows": the goal figures, ...}.

    Each row of "rows" is {"name", "value", "unit", "goal", "ratio"} (ratio < 1 meets the goal);
    "startup_ms" is `wizard check --help`, the start-up floor of every `wizard check` figure, and
    "load_average" the machine's one-minute load before and after (medians mean little on a busy machine).
    """
    # Installed packages carry compiled bytecode; a source checkout gets it on first run unless
    # PYTHONDONTWRITEBYTECODE is set, so compile it here to time what users run.
    compileall.compile_dir(str(ROOT / "wizard"), quiet=1)
    load_before = os.getloadavg()[0]
    startup, _ = process_median([*wizard_command(), "check", "--help"], process_repeat)
    real = load_questionnaire(QUESTIONNAIRE).questionnaire
    table = [measure("default questionnaire", QUESTIONNAIRE, tomllib.loads(EXAMPLE.read_text())["answers"],
                     len(real.questions), len(real.rules), repeat=repeat, process_repeat=process_repeat)]
    with tempfile.TemporaryDirectory(prefix="wizard-bench-scale-") as tmp:
        for questions, rules in sizes:
            path, answers_path = scale_questionnaire.write(Path(tmp), questions, rules)
            answers = tomllib.loads(answers_path.read_text())["answers"]
            table.append(measure(f"generated {questions}q/{rules}r", path, answers, questions, rules,
                                 repeat=repeat, process_repeat=process_repeat))
    rows: list[dict[str, Any]] = []
    goal = next((t for t in table if (t["questions"], t["rules"]) == GOAL_SIZE and t["name"] != table[0]["name"]),
                None)
    if goal is not None:
        label = f"{GOAL_SIZE[0]} questions, {GOAL_SIZE[1]} rules"
        for key, field, what in (("load", "load_ms", "load"), ("score", "score_ms", "score (no sensitivity)"),
                                 ("check", "check_ms", "wizard check (process)")):
            rows.append({"name": f"{what}, {label}", "value": goal[field], "unit": "ms", "goal": GOALS[key],
                         "ratio": goal[field] / GOALS[key]})
    return {"sizes": table, "rows": rows, "startup_ms": startup * 1e3,
            "load_average": (load_before, os.getloadavg()[0]), "cpus": os.cpu_count()}


def print_report(figures: dict[str, Any]) -> None:
    print(f"{'questionnaire':<26}{'questions':>10}{'rules':>7}{'KiB':>8}{'load ms':>10}{'1st load ms':>13}"
          f"{'score ms':>10}{'+sensitivity ms':>17}{'check ms':>10}")
    for t in figures["sizes"]:
        print(f"{t['name']:<26}{t['questions']:>10}{t['rules']:>7}{t['kib']:>8.0f}{t['load_ms']:>10.1f}"
              f"{t['first_load_ms']:>13.1f}{t['score_ms']:>10.2f}{t['sensitivity_ms']:>17.0f}{t['check_ms']:>10.0f}")
    generated = [t for t in figures["sizes"] if t["name"].startswith("generated")]
    if len(generated) > 1:
        small, large = generated[0], generated[-1]
        startup = figures["startup_ms"]
        above = (large["check_ms"] - startup, small["check_ms"] - startup)
        check = f"x{above[0] / above[1]:.1f}" if min(above) > 0 else "n/a (within start-up noise)"
        print(f"\n{large['rules'] / small['rules']:g}x the size ({small['questions']}q/{small['rules']}r to "
              f"{large['questions']}q/{large['rules']}r): load x{large['load_ms'] / small['load_ms']:.1f}, "
              f"score x{large['score_ms'] / small['score_ms']:.1f}, check above start-up {check} "
              f"(start-up, `wizard check --help`: {startup:.0f} ms)")
    if figures["rows"]:
        print()
        print(f"{'figure':<52}{'median':>10}  {'goal':<10}{'ratio':>7}")
        for row in figures["rows"]:
            print(f"{row['name']:<52}{row['value']:>7.1f} {row['unit']:<2}  {row['goal']:>5g} {row['unit']:<4}"
                  f"{row['ratio']:>7.2f}")
        print("(ratio < 1.00 meets the goal)")
    before, after = figures["load_average"]
    print(f"machine load average {before:.2f} before, {after:.2f} after, on {figures['cpus']} CPUs")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """The figures for the options in `argv` (the defaults when called without)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per in-process figure")
    parser.add_argument("--process-repeat", type=int, default=5, help="runs per whole-process figure")
    parser.add_argument("--sizes", help="comma-separated QxR sizes, e.g. 100x400,500x2000")
    args = parser.parse_args(argv or [])
    sizes = SIZES
    if args.sizes:
        sizes = tuple((int(q), int(r)) for q, r in (s.split("x") for s in args.sizes.split(",")))
    return run(args.repeat, args.process_repeat, sizes)


if __name__ == "__main__":
    print_report(main(sys.argv[1:]))
