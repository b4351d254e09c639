"""Speed of `wizard rescore DIR` on a repository with many decision records.

    python benchmarks/bench_rescore.py [--records N] [--runs R] [--keep | --reuse DIR]

Generates N decision records (default 1,000) from the five examples, varied (volumes, durations,
memory, peak ratios, titles, statuses, one- and multi-line contexts), with the wizard's own
evaluator and `save_record`, in `docs/decisions/` of a temporary git repository; then times
`wizard rescore docs/decisions` there as one whole process (R runs, median; goal: under 2 s in
all), prints the total and the time per record, and for comparison the same against an edited
copy of the questionnaire (every contribution with the reworded reason reported), and
`wizard list`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard.core.questionnaire.catalog import default_questionnaire_path
from wizard.core.scoring.engine import check_answers
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import evaluated_record
from wizard.core.records.model import Status, default_record_path, save_record

from benchmarks.figures import Figure, table, wizard_command

GOAL_SECONDS = 2.0
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.toml"))
FACTORS = (0.1, 0.3, 0.5, 1.0, 2.0, 5.0, 20.0)
MEMORY = (128, 256, 512, 1024, 2048, 3008, 4096)
PEAKS = (1.2, 1.6, 3.0, 5.0, 12.0)
STATUSES = (Status.ACCEPTED, Status.ACCEPTED, Status.PROPOSED, Status.DEPRECATED)


def vary(answers: dict[str, object], i: int) -> dict[str, object]:
    out = dict(answers)
    if isinstance(out.get("requests_per_month"), int):
        out["requests_per_month"] = max(1, int(out["requests_per_month"] * FACTORS[i % len(FACTORS)]))  # type: ignore[operator]
    if isinstance(out.get("avg_duration_ms"), (int, float)):
        out["avg_duration_ms"] = round(out["avg_duration_ms"] * FACTORS[(i // 7) % len(FACTORS)], 1)  # type: ignore[operator]
    if "memory_mb" in out:
        out["memory_mb"] = MEMORY[(i // 3) % len(MEMORY)]
    if "peak_to_average" in out:
        out["peak_to_average"] = PEAKS[(i // 5) % len(PEAKS)]
    return out


def generate(directory: Path, count: int) -> None:
    evaluator = Evaluator.load(load_questionnaire(default_questionnaire_path()))
    questionnaire = evaluator.loaded.questionnaire
    bases = [tomllib.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    start = dt.date(2024, 1, 1)
    for i in range(count):
        base = bases[i % len(bases)]
        answers = vary(base["answers"], i // len(bases))
        valid, problems = check_answers(questionnaire, answers)
        if problems:  # a varied value out of a question's range: keep the example's value
            valid = {**valid, **{p.question: base["answers"][p.question] for p in problems if p.question}}
        evaluation = evaluator.evaluate(valid, sensitivity=True)
        context = (f"Record {i} of a generated set.\nWorkload varied from {EXAMPLES[i % len(bases)].name}."
                   if i % 2 else f"Generated record {i}.")
        record = evaluated_record(evaluator, evaluation, title=f"{base.get('title', 'Decision')} #{i}",
                                  date=start + dt.timedelta(days=i % 900), status=STATUSES[i % len(STATUSES)],
                                  deciders=("Ada Lovelace", "Lin Wei")[: 1 + i % 2], context=context,
                                  tags=("generated",))
        save_record(record, default_record_path(record.title, record.date, directory))


def edited_questionnaire(directory: Path) -> Path:
    """The bundled questionnaire with one reason reworded: every record is then evaluated again
    (its digest changed) and every contribution with that reason is reported as changed."""
    source = default_questionnaire_path()
    shutil.copytree(source.parent / "pricing", directory / "pricing", dirs_exist_ok=True)
    text = source.read_text(encoding="utf-8")
    marker = 'why = "'
    path = directory / source.name
    path.write_text(text.replace(marker, marker + "Reworded: ", 1), encoding="utf-8")
    return path


def timed(command: list[str], cwd: Path, runs: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)  # warm-up: file cache, bytecode
    times = []
    proc = None
    for _ in range(runs):
        begin = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
        times.append(time.perf_counter() - begin)
    assert proc is not None
    return statistics.median(times), proc


def measure(tmp: Path, runs: int) -> list[Figure]:
    """Time the commands in the repository `tmp`, whose `docs/decisions/` holds the records."""
    decisions = tmp / "docs" / "decisions"
    made = len(list(decisions.glob("*.toml")))
    wizard = wizard_command()
    rescore, proc = timed([*wizard, "rescore", "docs/decisions"], tmp, runs)
    if proc.returncode != 0:
        raise SystemExit(f"wizard rescore exited {proc.returncode}: {proc.stderr.strip()[:300]}")
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr.strip()
    print(f"wizard rescore docs/decisions: {summary}", file=sys.stderr)
    edited = edited_questionnaire(tmp / "edited")
    changed, _ = timed([*wizard, "rescore", "docs/decisions", "--questionnaire", str(edited)], tmp, runs)
    listing, _ = timed([*wizard, "list", "docs/decisions", "--format", "json"], tmp, runs)
    baseline, _ = timed([*wizard, "rescore", "--help"], tmp, runs)
    group = "records"
    return [
        Figure(group, f"wizard rescore DIR ({made} records)", rescore, "s", f"goal {GOAL_SECONDS:g} s",
               rescore / GOAL_SECONDS, 1.0),
        Figure(group, "  per record", rescore / made * 1e3, "ms", "information"),
        Figure(group, "  per record above start-up", (rescore - baseline) / made * 1e3, "ms", "information"),
        Figure(group, "wizard rescore DIR, questionnaire edited", changed, "s", "information"),
        Figure(group, "wizard list DIR --format json", listing, "s", "information"),
        Figure(group, "wizard rescore --help (start-up floor)", baseline, "s", "baseline"),
    ]


def figures(records: int = 1000, runs: int = 5) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="wizard-bench-rescore-") as name:
        tmp = Path(name)
        (tmp / ".git").mkdir()
        generate(tmp / "docs" / "decisions", records)
        return measure(tmp, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the generated repository and print its path")
    parser.add_argument("--reuse", type=Path, metavar="DIR", help="time a repository kept by an earlier --keep run")
    args = parser.parse_args()

    if args.reuse is None and not args.keep:
        rows = figures(args.records, args.runs)
    else:
        tmp = args.reuse or Path(tempfile.mkdtemp(prefix="wizard-bench-rescore-"))
        if args.reuse is None:
            (tmp / ".git").mkdir()
            begin = time.perf_counter()
            generate(tmp / "docs" / "decisions", args.records)
            print(f"generated {args.records} records in {time.perf_counter() - begin:.1f} s; kept {tmp}")
        rows = measure(tmp, args.runs)
    print(table(rows))
    return 0 if rows[0].verdict == "meets" else 1


if __name__ == "__main__":
    raise SystemExit(main())
