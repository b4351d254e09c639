"""One measured figure, the table every benchmark prints (so `run_all.py` can gather them), and
the measuring helpers the benchmarks share."""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """A median and what it is held against.

    `ratio` is value / baseline for figures compared with a baseline measured in the same run, or
    value / goal for figures with an absolute goal; `limit` is the largest ratio that meets the
    goal (None for a baseline or a figure shown for information).
    """

    group: str
    label: str
    value: float
    unit: str
    against: str
    ratio: float | None = None
    limit: float | None = None

    @property
    def verdict(self) -> str:
        if self.ratio is None or self.limit is None:
            return ""
        return "meets" if self.ratio <= self.limit else "MISSES"


def format_value(value: float, unit: str) -> str:
    digits = 3 if abs(value) < 10 else 2 if abs(value) < 1000 else 0
    return f"{value:,.{digits}f} {unit}"


def table(figures: Iterable[Figure]) -> str:
    rows = [("group", "figure", "median", "against", "ratio", "")]
    for f in figures:
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}"
        rows.append((f.group, f.label, format_value(f.value, f.unit), f.against, ratio, f.verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {2, 4}
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths,
                                                                                              strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wizard_command() -> list[str]:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "wizard"]
