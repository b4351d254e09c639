"""Every benchmark the wizard promises, in one run, as one table of figures against their baselines.

    python benchmarks/run_all.py [--quick] [--only core,app,records,scale]

- core: scoring, sensitivity and the cost estimate against their goals; `wizard score` and
  `wizard check` as whole processes against `python -c "import textual.app"`;
- app: start-up to the first question and peak memory against a bare Textual app showing one
  line, and the time from an answer change to an updated sidebar;
- records: `wizard rescore` over a directory of 1,000 generated records (goal: under 2 s);
- scale: a generated questionnaire of 500 questions and 2,000 rules (load, score, check), and a
  table of how those times grow with size.

Each figure is a median; whole processes run in turn with their baseline so that noise falls on
both. `--quick` runs fewer repetitions (a smoke test of the benchmarks, not figures to quote).
The exit status is 1 when any figure misses its goal.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import bench_core, bench_rescore, bench_scale, bench_tui  # noqa: E402
from benchmarks.figures import Figure, table  # noqa: E402

GROUPS = ("core", "app", "records", "scale")


def gather(groups: tuple[str, ...], quick: bool) -> tuple[list[Figure], dict[str, Any] | None]:
    """The figures of the groups asked for, and the scale benchmark's per-size report (if run)."""
    figures: list[Figure] = []
    scale: dict[str, Any] | None = None
    for group in groups:
        began = time.perf_counter()
        print(f"running {group} …", file=sys.stderr, flush=True)
        if group == "core":
            figures += bench_core.figures(repeat=50 if quick else 200, process_repeat=5 if quick else 21)
        elif group == "app":
            figures += bench_tui.figures(runs=3 if quick else 11, repeat=50 if quick else 200)
        elif group == "records":
            figures += bench_rescore.figures(records=200 if quick else 1000, runs=2 if quick else 5)
        elif group == "scale":
            scale = bench_scale.run(repeat=5 if quick else 20, process_repeat=2 if quick else 5)
            figures += [Figure("scale", row["name"], row["value"], row["unit"], f"goal {row['goal']:g} {row['unit']}",
                               row["ratio"], 1.0) for row in scale["rows"]]
        print(f"  {group} took {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return figures, scale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions: checks that every benchmark runs")
    parser.add_argument(
        "--only", default=",".join(GROUPS), help=f"comma-separated groups (default: {','.join(GROUPS)})"
    )
    args = parser.parse_args()
    groups = tuple(g.strip() for g in args.only.split(",") if g.strip())
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group {unknown[0]!r}; choose from {', '.join(GROUPS)}")
    figures, scale = gather(groups, args.quick)
    print(table(figures))
    if scale is not None:
        print("\nHow the scale figures grow with the size of the questionnaire:\n")
        bench_scale.print_report(scale)
    missed = [f for f in figures if f.verdict == "MISSES"]
    print(
        f"\n{len(figures)} figures; {len(missed)} miss their goal"
        + (": " + "; ".join(f.label for f in missed) if missed else "")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
