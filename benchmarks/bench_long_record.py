"""How `wizard show` and `wizard export` grow with a record's `context`: they must stay linear.

    python benchmarks/bench_long_record.py [--lines 25000,100000]

A copy of the example record gets a context of N lines (each "line I of the context"); each command
runs as a whole process, output discarded, median of three. Linear growth means the time for 4× the
lines, less the start-up (`wizard show --help`), is about 4× (quadratic would be 16×).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.figures import wizard_command  # noqa: E402

RECORD = ROOT / "examples" / "decisions" / "steady-api-decision.toml"


def record_with_context(directory: Path, lines: int) -> Path:
    context = "\\n".join(f"line {i} of the context" for i in range(lines))
    text = re.sub(r'context = """.*?"""', lambda _: f'context = "{context}"', RECORD.read_text(), flags=re.S)
    path = directory / f"long-{lines}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def seconds(command: list[str], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", default="25000,100000", help="comma-separated context sizes in lines")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.lines.split(",")]
    startup = seconds([*wizard_command(), "show", "--help"])
    print(f"start-up (wizard show --help): {startup * 1e3:.0f} ms")
    with tempfile.TemporaryDirectory(prefix="wizard-bench-long-") as tmp:
        times: dict[str, list[float]] = {"show": [], "export": []}
        for n in sizes:
            path = record_with_context(Path(tmp), n)
            for command in times:
                times[command].append(seconds([*wizard_command(), command, str(path)]))
            print(f"{n:>8,} lines: show {times['show'][-1]:.2f} s, export {times['export'][-1]:.2f} s")
    for command, measured in times.items():
        grown = (measured[-1] - startup) / max(1e-9, measured[0] - startup)
        print(f"{command}: {sizes[-1] / sizes[0]:g}x the lines took x{grown:.1f} the time above start-up "
              f"(linear: about x{sizes[-1] / sizes[0]:g})")


if __name__ == "__main__":
    main(sys.argv[1:])
