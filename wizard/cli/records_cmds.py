"""`wizard list`, `show`, `rescore`, `export` and `supersede`: the decision records in a repository.

Records are read with `read_record` (a fast path for the TOML the wizard writes; a file that is no
record is refused in one line). In a directory, a file that cannot be read is reported with its
reason and the others are processed; the command exits with 2 only when not one record could be
read. Rich is imported only inside the functions that print text, and text from records goes into
`Text` objects, never into markup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from wizard.cli.list_filters import review_fields
from wizard.cli.output import say, say_json
from wizard.core.errors import InputFileError, WizardError, escape_controls
from wizard.core.paths import path_kind
from wizard.core.records import DecisionRecord, read_record, read_record_bytes

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from wizard.core.cost import CostEstimate
    from wizard.core.evaluator import Evaluator
    from wizard.core.file_guard import Stamp
    from wizard.core.pricing import Pricing
    from wizard.core.questionnaire import LoadedQuestionnaire, Questionnaire
    from wizard.core.rescore import RescoreDiff

EXIT_OK = 0
EXIT_CHANGED = 1
EXIT_BAD_INPUT = 2

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------
# Finding and reading records


def record_files(directory: Path) -> list[Path]:
    """The `*.toml` files directly in a directory, by name (hidden and temporary files left out)."""
    kind = path_kind(directory)
    if kind != "dir":
        raise InputFileError(directory, "no such directory" if kind == "missing" else "is not a directory")
    try:
        with os.scandir(directory) as entries:
            return sorted(Path(e.path) for e in entries
                          if e.name.endswith(".toml") and not e.name.startswith(".") and not _is_dir(e))
    except OSError as exc:
        raise InputFileError(directory, f"cannot list: {exc.strerror or exc}") from None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False  # listed, and then reported as unreadable with its reason


@dataclass
class Batch:
    """The files of a command's target that could not be read (with their one-line reasons)."""

    directory: Path | None = None
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


def _detail(exc: WizardError, path: Path) -> str:
    if isinstance(exc, InputFileError) and exc.path == path:
        return exc.detail
    return str(exc)


class Questionnaires:
    """The current questionnaire for each record (found once per questionnaire id) and its evaluator
    and pricing (loaded once per questionnaire)."""

    def __init__(self, questionnaire: Path | None = None, pricing: Path | None = None) -> None:
        from wizard.core.questionnaire import load_questionnaire

        self.override = load_questionnaire(questionnaire) if questionnaire is not None else None
        self.pricing_override = pricing
        self._pricing_cache: dict[Path, Pricing] = {}
        if pricing is not None:
            self.pricing_file(pricing)  # a named file that cannot be read is an error now: exit 2
        self._by_id: dict[str, LoadedQuestionnaire | WizardError] = {}
        self._evaluators: dict[Path, Evaluator | WizardError] = {}

    def for_record(self, record: DecisionRecord, path: Path) -> LoadedQuestionnaire:
        """The questionnaire to judge a record by; raises a one-line WizardError when there is none."""
        wanted = record.questionnaire.id
        if self.override is not None:
            q = self.override.questionnaire
            if q.id != wanted:
                raise InputFileError(path, f'the record is for questionnaire "{wanted}", not "{q.id}" '
                                     f"({self.override.path})")
            return self.override
        found = self.loaded_by_id(wanted)
        if found is None:
            # About the record's file: in a directory it is listed under its path, which is said once.
            raise InputFileError(path, f'no questionnaire with id "{wanted}" found (pass --questionnaire PATH)')
        return found

    def loaded_by_id(self, wanted: str) -> LoadedQuestionnaire | None:
        """The questionnaire already found for this id (or the --questionnaire one), if any."""
        if self.override is not None:
            return self.override if self.override.questionnaire.id == wanted else None
        if wanted not in self._by_id:
            from wizard.core.catalog import resolve_questionnaire

            try:
                self._by_id[wanted] = resolve_questionnaire(None, wanted)
            except WizardError as exc:
                self._by_id[wanted] = exc
        found = self._by_id[wanted]
        return None if isinstance(found, WizardError) else found

    def maybe(self, record: DecisionRecord, path: Path) -> LoadedQuestionnaire | None:
        try:
            return self.for_record(record, path)
        except WizardError:
            return None

    def evaluator(self, loaded: LoadedQuestionnaire) -> Evaluator:
        if loaded.path not in self._evaluators:
            from wizard.core.evaluator import Evaluator, pricing_path_for

            try:
                path = pricing_path_for(loaded, self.pricing_override)
                if path is None:
                    self._evaluators[loaded.path] = Evaluator(loaded=loaded)
                else:
                    from wizard.core.cost import CostFacts

                    pricing = self.pricing_file(path)
                    self._evaluators[loaded.path] = Evaluator(loaded=loaded, pricing=pricing, pricing_path=path,
                                                              providers=(CostFacts(pricing),))
            except WizardError as exc:
                self._evaluators[loaded.path] = exc
        found = self._evaluators[loaded.path]
        if isinstance(found, WizardError):
            raise found
        return found

    def pricing_file(self, path: Path) -> Pricing:
        if path not in self._pricing_cache:
            from wizard.core.pricing import load_pricing

            self._pricing_cache[path] = load_pricing(path)
        return self._pricing_cache[path]

    def current_pricing(self, loaded: LoadedQuestionnaire) -> tuple[Path, Pricing] | None:
        """The pricing file the questionnaire uses now (or --pricing), None without one or when unreadable."""
        from wizard.core.evaluator import pricing_path_for

        path = pricing_path_for(loaded, self.pricing_override)
        if path is None:
            return None
        try:
            return path, self.pricing_file(path)
        except WizardError:
            return None


def label_of(loaded: LoadedQuestionnaire | None, option: str | None) -> str:
    if option is None:
        return "none"
    if loaded is not None:
        try:
            return loaded.questionnaire.option(option).label
        except KeyError:
            pass
    return option


def stand_in(record: DecisionRecord) -> Questionnaire:
    """A questionnaire with nothing but the record's id and version, for showing a record whose
    questionnaire cannot be found (options then show as their ids)."""
    from wizard.core.questionnaire import Questionnaire

    ref = record.questionnaire
    return Questionnaire.model_construct(id=ref.id, version=ref.version, title=ref.id, description="",
                                         pricing=None, options=(), stages=(), rules=(), constraints=())


def _console(*, soft_wrap: bool = False) -> Console:
    """soft_wrap: long lines are left to the terminal instead of being broken, so that logs keep
    one line per finding (for grep). Control characters in text from records are shown escaped."""
    from wizard.cli.console import LiteralConsole

    return LiteralConsole(highlight=False, soft_wrap=soft_wrap)


def _print_unreadable(console: Console, batch: Batch) -> None:
    from rich.text import Text

    if not batch.unreadable:
        return
    console.print(Text(f"Unreadable ({len(batch.unreadable)}):", style="bold red"))
    for path, reason in batch.unreadable:
        console.print(Text.assemble("  ", (str(path), "bold"), f": {reason}"))


def _unreadable_json(batch: Batch) -> list[dict[str, str]]:
    return [{"file": str(path), "error": reason} for path, reason in batch.unreadable]


def _default_dir(directory: Path | None) -> Path:
    if directory is not None:
        return directory
    from wizard.core.paths import decisions_dir

    return decisions_dir()


# ---------------------------------------------------------------------------------------------
# wizard list


def run_list(args: argparse.Namespace) -> int:
    directory = _default_dir(args.directory)
    if args.directory is None and path_kind(directory) == "missing":
        # A repository without records yet: nothing to list, nothing wrong.
        if args.format == "json":
            say_json({"directory": str(directory), "records": [], "unreadable": []})
        else:
            say(f"No decision records: {directory} does not exist.")
        return EXIT_OK
    kind = path_kind(directory)
    if kind != "dir":
        raise InputFileError(directory, "no such directory" if kind == "missing" else "is not a directory")
    questionnaires = Questionnaires(args.questionnaire, args.pricing)
    batch = Batch(directory=directory)
    rows = []
    paths = record_files(directory)
    for path, row in map_files(_list_file, paths, questionnaires, _jobs(args.jobs, len(paths))):
        if isinstance(row, str):
            batch.unreadable.append((path, row))
        else:
            rows.append(row)
    rows.sort(key=lambda r: (r["date"], r["file"]))
    from wizard.cli.list_filters import filtered, keep

    read = len(rows)
    rows = keep(rows, args)
    if args.format == "json":
        say_json({"directory": str(directory), "records": rows, "unreadable": _unreadable_json(batch)})
    else:
        _print_list(directory, rows, batch)
        if filtered(args) and read:
            say(f"{len(rows)} of {read} records match.")
    return EXIT_BAD_INPUT if batch.unreadable and not read else EXIT_OK


def _list_file(path: Path, questionnaires: Questionnaires) -> dict[str, Any]:
    return _list_row(path, read_record(path), questionnaires)


def _list_row(path: Path, record: DecisionRecord, questionnaires: Questionnaires) -> dict[str, Any]:
    loaded = questionnaires.maybe(record, path)
    ref = record.questionnaire
    questionnaire_changed: bool | None = None
    pricing_changed: bool | None = None
    current_pricing: dict[str, str] | None = None
    if loaded is not None:
        questionnaire_changed = loaded.sha256 != ref.sha256
        current = questionnaires.current_pricing(loaded)
        if current is not None:
            pricing_path, pricing = current
            current_pricing = {"as_of": pricing.as_of.isoformat(), "file": pricing_path.name}
            if record.cost is not None:
                saved = record.cost.pricing
                pricing_changed = (saved.as_of != pricing.as_of
                                   or (bool(saved.file) and saved.file != pricing_path.name))
    return {
        "file": path.name,
        "path": str(path),
        "date": record.date.isoformat(),
        "title": record.title,
        "status": record.status.value,
        "superseded_by": record.superseded_by,
        "recommended": record.result.recommended,
        "recommended_label": label_of(loaded, record.result.recommended),
        "confidence": record.result.confidence,
        "questionnaire": {
            "id": ref.id,
            "version": ref.version,
            "current_version": loaded.questionnaire.version if loaded else None,
            "found": loaded is not None,
            "changed": questionnaire_changed,
        },
        "pricing": {
            "as_of": record.cost.pricing.as_of.isoformat() if record.cost else None,
            "file": record.cost.pricing.file if record.cost else None,
            "current": current_pricing,
            "changed": pricing_changed,
        },
        "rescored": record.rescored.isoformat() if record.rescored else None,
        "tags": list(record.tags),
        **review_fields(record.review_by, dt.date.today()),
    }


#: Below this many columns `wizard list` keeps four columns (date, title, status, recommended) and
#: lets the title take the cut: the questionnaire is named once under the table (or under each
#: title when the records use several), and a record's "superseded by" and "changed since" marks
#: go under its title.
LIST_WIDE = 110


def _print_list(directory: Path, rows: list[dict[str, Any]], batch: Batch) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = _console()
    if not rows and not batch.unreadable:
        console.print(Text(f"No decision records in {directory}."))
        return
    if rows:
        wide = console.width >= LIST_WIDE
        versions = {f"{r['questionnaire']['id']} {r['questionnaire']['version']}" for r in rows}
        one_questionnaire = next(iter(versions)) if len(versions) == 1 else None
        table = Table(
            title=Text(f"Decision records in {directory}"), title_justify="left", padding=(0, 1), box=box.SIMPLE_HEAD
        )
        table.add_column("Date", no_wrap=True)
        # Wide enough for the file names it shows (they are what the other commands take), within reason.
        longest_file = max(len(r["file"]) for r in rows)
        table.add_column("Title", ratio=1, overflow="fold", min_width=max(12, min(longest_file, 40)))
        table.add_column("Status", overflow="fold")
        table.add_column("Recommended", no_wrap=not wide and console.width >= 80)
        if wide:
            table.add_column("Questionnaire")
            table.add_column("Changed since")
        for row in rows:
            q = row["questionnaire"]
            marks = []
            if not q["found"]:
                marks.append("questionnaire not found")
            elif q["changed"]:
                marks.append(
                    "questionnaire" + (f" → {q['current_version']}" if q["current_version"] != q["version"] else "")
                )
            if row["pricing"]["changed"]:
                marks.append(f"prices → {row['pricing']['current']['as_of']}")
            # The file name under the title: what `wizard show`, `open` and `rescore` are given.
            title = Text.assemble(row["title"], ("\n" + row["file"], "dim"))
            status = row["status"]
            recommended = Text.assemble((row["recommended_label"], "green"), f" ({row['confidence']})")
            status_style = "dim" if row["status"] in ("superseded", "deprecated", "rejected") else ""
            if row["review_due"]:  # overdue reviews stand out in the table, whatever its width
                status = f"{status}\nreview due {row['review_by']}"
                status_style = "bold red"
            if wide:
                if row["superseded_by"]:
                    status += f" by {row['superseded_by']}"
                table.add_row(
                    Text(row["date"]),
                    title,
                    Text(status, style=status_style),
                    recommended,
                    Text(f"{q['id']} {q['version']}"),
                    Text("! " + ", ".join(marks), style="yellow") if marks else Text("—", style="dim"),
                )
                continue
            # Narrow: what the left-out columns said goes under the title, which takes the cut.
            if row["superseded_by"]:
                title.append(f"\nby {row['superseded_by']}", style="dim")
            if one_questionnaire is None:
                title.append(f"\n{q['id']} {q['version']}", style="dim")
            if marks:
                title.append("\n! changed since: " + ", ".join(marks), style="yellow")
            table.add_row(Text(row["date"]), title, Text(status, style=status_style), recommended)
        if not wide and one_questionnaire is not None:
            table.caption = Text(f"Questionnaire: {one_questionnaire}", style="dim")
            table.caption_justify = "left"
        console.print(table)
        changed = sum(
            1
            for r in rows
            if r["questionnaire"]["changed"] or r["pricing"]["changed"] or not r["questionnaire"]["found"]
        )
        if changed:
            console.print(
                Text(
                    f"{changed} of {len(rows)} records were made with another questionnaire or other prices; "
                    f"`wizard rescore {directory}` says whether their recommendations still hold.",
                    style="dim",
                )
            )
    _print_unreadable(console, batch)


# ---------------------------------------------------------------------------------------------
# wizard show


def run_show(args: argparse.Namespace) -> int:
    record = read_record(args.record)
    questionnaires = Questionnaires(args.questionnaire, None)
    loaded = questionnaires.maybe(record, args.record)
    from rich.console import Group
    from rich.text import Text

    from wizard.cli.report import render_report

    console = _console()
    console.print(Group(*_show_header(args.record, record, loaded)))
    console.print(render_report(loaded.questionnaire if loaded else stand_in(record), record.result, record.cost))
    if loaded is None:
        console.print(
            Text(
                f'(questionnaire "{record.questionnaire.id}" not found: options and questions are shown by id)',
                style="dim",
            )
        )
    return EXIT_OK


def _show_header(path: Path, record: DecisionRecord, loaded: LoadedQuestionnaire | None) -> list[Text]:
    from rich.text import Text

    lines = [Text(record.title, style="bold")]
    status = Text(record.status.value, style="bold")
    if record.superseded_by:
        status.append(f" by {record.superseded_by}")
    meta = Text.assemble((str(path), "dim"), "  ·  ", record.date.isoformat(), "  ·  ", status)
    if record.deciders:
        meta.append("  ·  deciders: " + ", ".join(record.deciders))
    lines.append(meta)
    ref = record.questionnaire
    q = Text(f"Questionnaire {ref.id} {ref.version}", style="dim")
    if loaded is not None and loaded.sha256 != ref.sha256:
        q.append(f" (changed since: now {loaded.questionnaire.version}; `wizard rescore` compares)", style="yellow")
    if record.rescored:
        q.append(f" · rescored {record.rescored.isoformat()}", style="dim")
    lines.append(q)
    if record.supersedes:
        lines.append(Text("Supersedes: " + ", ".join(record.supersedes), style="dim"))
    if record.tags:
        lines.append(Text("Tags: " + ", ".join(record.tags), style="dim"))
    if record.suggested:
        lines.append(Text("Suggested answers accepted unchanged: " + ", ".join(record.suggested), style="dim"))
    if record.context.strip():
        # One Text a line: Rich splits one long Text's output line by line from its start each
        # time, which grows with the square of the context's length.
        lines += [Text(""), Text("Context", style="italic"),
                  *(Text(line) for line in record.context.strip().splitlines())]
    lines.append(Text(""))
    return lines


# ---------------------------------------------------------------------------------------------
# wizard rescore


@dataclass
class _Outcome:
    """What printing needs of one rescored record (small, so that workers can send it back)."""

    path: Path
    title: str
    status: str
    old_version: str
    questionnaire_id: str
    new_version: str
    questionnaire_changed: bool
    needs_update: bool
    diff: RescoreDiff
    updated: bool = False
    review_by: dt.date | None = None
    #: Each bill before and after (see `rescore_markdown.Entry.bills`), and their currency.
    bills: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    currency: str = "USD"
    #: What the questionnaire's migrations changed in the saved answers.
    migrated: tuple[str, ...] = ()


#: Below this many records a directory is rescored in this process; above, in worker processes
#: too when the machine has more than one CPU (see `_jobs`).
PARALLEL_MIN_RECORDS = 200


def run_rescore(args: argparse.Namespace) -> int:
    target: Path = _default_dir(args.target)
    kind = path_kind(target)
    if args.target is None and kind == "missing":  # as `wizard list`: no records yet is nothing wrong
        say(f"No decision records: {target} does not exist.")
        return EXIT_OK
    if kind == "missing":
        raise InputFileError(target, "no such file or directory")
    questionnaires = Questionnaires(args.questionnaire, args.pricing)
    today = dt.date.today()
    if kind != "dir":
        # One named record: anything wrong with it is bad input (exit 2).
        record, data = read_record_bytes(target)
        outcomes = [_rescore_one(target, record, questionnaires, update=args.update, today=today, original=data)]
        batch = Batch()
    else:
        batch = Batch(directory=target)
        paths = record_files(target)
        work = functools.partial(_rescore_file, update=args.update, today=today)
        outcomes = []
        for path, outcome in map_files(work, paths, questionnaires, _jobs(args.jobs, len(paths))):
            if isinstance(outcome, str):
                batch.unreadable.append((path, outcome))
            else:
                outcomes.append(outcome)

    if args.format == "json":
        _print_rescore_json(outcomes, batch)
    elif args.format == "markdown":
        _print_rescore_markdown(outcomes, batch, questionnaires)
    else:
        _print_rescore_text(outcomes, batch, questionnaires, update=args.update)
    if batch.unreadable and not outcomes:
        return EXIT_BAD_INPUT
    # A record whose answers no longer validate is not confirmed: it fails like a changed one.
    if any(o.diff.verdict != "holds" for o in outcomes):
        return EXIT_CHANGED
    if getattr(args, "fail_on_due", False) and any(_due(o, today) for o in outcomes):
        return EXIT_CHANGED
    return EXIT_OK


def _bills(old: CostEstimate | None, new: CostEstimate | None) -> dict[str, tuple[float | None, float | None]]:
    def total(cost: CostEstimate | None, side: str) -> float | None:
        if cost is None:
            return None
        if side == "lambda":
            return cost.lambda_.total_usd if cost.lambda_.possible else None
        return cost.ec2.total_usd

    return {side: (total(old, side), total(new, side)) for side in ("lambda", "ec2")}


def _print_rescore_markdown(outcomes: list[_Outcome], batch: Batch, questionnaires: Questionnaires) -> None:
    from wizard.core.rescore_markdown import Entry, rescore_markdown

    entries = [Entry(file=_from_cwd(o.path), title=o.title, diff=o.diff, bills=o.bills, currency=o.currency,
                     review_by=o.review_by, questionnaire_changed=o.questionnaire_changed, migrated=o.migrated)
               for o in outcomes]
    ids = {o.questionnaire_id for o in outcomes}
    loaded = questionnaires.loaded_by_id(next(iter(ids))) if len(ids) == 1 else None
    text = rescore_markdown(entries, lambda option: label_of(loaded, option),
                            unreadable=[(str(p), reason) for p, reason in batch.unreadable])
    sys.stdout.write(escape_controls(text, keep_lines=True))


def _from_cwd(path: Path) -> str:
    """The path as a pull-request comment shows it: relative to where the command runs (the checkout
    in CI), not the runner's absolute workspace path."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _due(o: _Outcome, today: dt.date) -> bool:
    from wizard.core.review import is_due

    return is_due(o.review_by, today)


def _rescore_one(
    path: Path, record: DecisionRecord, questionnaires: Questionnaires, *, update: bool, today: dt.date,
    original: bytes | None = None,
) -> _Outcome:
    """Rescore one record (and write the new result with `update`); WizardError when it cannot be."""
    from wizard.core.rescore import rescore

    loaded = questionnaires.for_record(record, path)
    evaluator = questionnaires.evaluator(loaded)
    rescored = rescore(record, evaluator)
    outcome = _Outcome(
        path=path,
        title=record.title,
        status=record.status.value,
        old_version=record.questionnaire.version,
        questionnaire_id=record.questionnaire.id,
        new_version=rescored.questionnaire.version,
        questionnaire_changed=rescored.questionnaire_changed,
        needs_update=rescored.needs_update,
        diff=rescored.diff,
        review_by=record.review_by,
        bills=_bills(record.cost, rescored.cost),
        migrated=rescored.migrated,
        currency=(rescored.cost or record.cost).pricing.currency if (rescored.cost or record.cost) else "USD",
    )
    if update and rescored.needs_update and not rescored.diff.invalid:
        # An invalid record is not written: its new result would leave out answers it still holds.
        from wizard.core.records import save_record

        from wizard.core.file_guard import Stamp

        full = rescore(record, evaluator, full=True)
        # Written only if the file still holds what was read (else one line, exit 2), comments kept.
        expect = Stamp.of(path, original) if original is not None else None
        save_record(full.updated(record, today), path, overwrite=True, expect=expect, original=original)
        outcome.updated = True
    return outcome


def _rescore_file(
    path: Path,
    questionnaires: Questionnaires,
    *,
    update: bool,
    today: dt.date,
) -> _Outcome:
    record, data = read_record_bytes(path)
    return _rescore_one(path, record, questionnaires, update=update, today=today, original=data)


# ---------------------------------------------------------------------------------------------
# Many files: in this process, or in forked workers


def map_files(
    work: Callable[[Path, Questionnaires], T], paths: list[Path], questionnaires: Questionnaires, jobs: int = 1
) -> list[tuple[Path, T | str]]:
    """`work(path, questionnaires)` for each file, in order; a WizardError becomes the file's one-line
    reason (a WriteError stops the run: exit 2). With `jobs` > 1, in that many forked processes."""
    if jobs > 1 and len(paths) > 1:
        return _map_parallel(work, paths, questionnaires, jobs)
    return _map_serial(work, paths, questionnaires)


def _map_serial(
    work: Callable[[Path, Questionnaires], T], paths: list[Path], questionnaires: Questionnaires
) -> list[tuple[Path, T | str]]:
    from wizard.core.errors import WriteError

    out: list[tuple[Path, T | str]] = []
    for path in paths:
        try:
            out.append((path, work(path, questionnaires)))
        except WriteError:
            raise
        except WizardError as exc:
            out.append((path, _detail(exc, path)))
    return out


def _jobs(requested: int | None, records: int) -> int:
    """Worker processes: as asked, else one per CPU (at most 8) for large directories on Linux,
    where fork makes a worker cheap (it starts with the questionnaire and pricing loaded)."""
    if sys.platform != "linux":
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    if requested is not None:
        if requested > cpus:  # more workers than CPUs only adds processes (and can hit a process limit)
            print(f"wizard: --jobs {requested} is more than the {cpus} CPUs here; using {cpus}", file=sys.stderr)
        return max(1, min(requested, cpus))
    if records < PARALLEL_MIN_RECORDS:
        return 1
    return max(1, min(cpus, 8))


#: What the forked workers run: set by `_map_parallel` just before it forks.
_JOB: tuple[Callable[[Path, Questionnaires], Any], Questionnaires] | None = None


def _run_chunk(paths: list[Path]) -> list[tuple[Path, Any]]:
    if _JOB is None:  # workers are forked only after `_map_parallel` has set it
        raise RuntimeError("rescore worker started without its job")
    work, questionnaires = _JOB
    return _map_serial(work, paths, questionnaires)


def _map_parallel(
    work: Callable[[Path, Questionnaires], T], paths: list[Path], questionnaires: Questionnaires, jobs: int
) -> list[tuple[Path, T | str]]:
    import multiprocessing

    global _JOB
    # Load the questionnaire and pricing of the first readable record before forking, so that the
    # workers start with them (a directory usually holds the records of one questionnaire).
    for path in paths[:20]:
        try:
            questionnaires.evaluator(questionnaires.for_record(read_record(path), path))
            break
        except WizardError:
            continue
    _JOB = (work, questionnaires)
    chunk = max(1, -(-len(paths) // (jobs * 4)))
    chunks = [paths[i : i + chunk] for i in range(0, len(paths), chunk)]
    try:
        try:
            pool = multiprocessing.get_context("fork").Pool(min(jobs, len(chunks)))
        except OSError:  # no more processes allowed (a process limit): do the work here instead
            return _map_serial(work, paths, questionnaires)
        with pool:
            parts = pool.map(_run_chunk, chunks)
    finally:
        _JOB = None
    return [item for part in parts for item in part]


def _summary(outcomes: list[_Outcome], batch: Batch) -> dict[str, int]:
    verdicts = [o.diff.verdict for o in outcomes]
    return {
        "records": len(outcomes),
        "hold": verdicts.count("holds"),
        "changed": verdicts.count("changed"),
        "invalid": verdicts.count("invalid"),
        "unreadable": len(batch.unreadable),
        "updated": sum(1 for o in outcomes if o.updated),
        "review_due": sum(1 for o in outcomes if _due(o, dt.date.today())),
    }


def _print_rescore_json(outcomes: list[_Outcome], batch: Batch) -> None:
    records = []
    for o in outcomes:
        diff = o.diff
        records.append(
            {
                "file": str(o.path),
                "title": o.title,
                "status": o.status,
                "holds": diff.verdict == "holds",
                "moved": diff.moved,
                "updated": o.updated,
                "questionnaire": {
                    "id": o.questionnaire_id,
                    "old_version": o.old_version,
                    "new_version": o.new_version,
                    "changed": o.questionnaire_changed,
                },
                **diff.to_json(),
                **review_fields(o.review_by, dt.date.today()),
                "migrated": list(o.migrated),
            }
        )
    say_json({"records": records, "unreadable": _unreadable_json(batch), "summary": _summary(outcomes, batch)},
             default=str)


def _print_rescore_text(
    outcomes: list[_Outcome], batch: Batch, questionnaires: Questionnaires, *, update: bool
) -> None:
    from rich.text import Text

    # On a terminal, lines wrap at its width between words; into a file or a pipe, one line per
    # finding (for grep).
    console = _console(soft_wrap=not sys.stdout.isatty())
    lines: list[Text] = []
    for o in outcomes:
        lines.extend(_rescore_lines(o, questionnaires, update=update))
    if lines:
        console.print(Text("\n").join(lines))  # one print: Rich's per-call cost adds up over 1,000 records
    _print_unreadable(console, batch)
    s = _summary(outcomes, batch)
    summary = f"{s['records']} record{'s' if s['records'] != 1 else ''}: {s['hold']} hold, {s['changed']} changed"
    if s["invalid"]:
        summary += f", {s['invalid']} invalid"
    if s["unreadable"]:
        summary += f"; {s['unreadable']} unreadable"
    if s["review_due"]:
        summary += f"; {s['review_due']} past {'their' if s['review_due'] != 1 else 'its'} review date"
    if update:
        summary += f"; {s['updated']} updated"
        if s["invalid"]:
            summary += " (invalid records are not written: correct their answers first)"
    elif any(o.needs_update and not o.diff.invalid for o in outcomes):
        summary += " (--update writes the new results into the records)"
    console.print(Text(summary + ".", style="bold"))


def _rescore_lines(o: _Outcome, questionnaires: Questionnaires, *, update: bool = False) -> Iterator[Text]:
    from rich.text import Text

    from wizard.core.display import show_value

    diff = o.diff
    loaded = questionnaires.loaded_by_id(o.questionnaire_id)
    index = loaded.questionnaire.question_index if loaded is not None else {}

    def label(option: str | None) -> str:
        return label_of(loaded, option)

    head = Text.assemble((str(o.path), "bold"), "  ")
    verdict = diff.verdict
    if verdict == "invalid":
        count = len(diff.answer_problems)
        head.append("INVALID  ", style="bold red")
        head.append(f"{count} saved answer{'s' if count != 1 else ''} no longer fit{'s' if count == 1 else ''} "
                    f"the questionnaire; without {'them' if count != 1 else 'it'}: ")
        if diff.recommendation_changed:
            head.append(f"{label(diff.old_recommended)} → {label(diff.new_recommended)}")
        else:
            head.append(label(diff.new_recommended))
    elif verdict == "changed":
        head.append("CHANGED  ", style="bold red")
        head.append(f"{label(diff.old_recommended)} → {label(diff.new_recommended)}")
    else:
        head.append("holds  ", style="green")
        head.append(label(diff.new_recommended))
    confidence = (
        diff.new_confidence
        if diff.old_confidence == diff.new_confidence
        else f"{diff.old_confidence} → {diff.new_confidence}"
    )
    head.append(f"  (confidence {confidence})", style="dim")
    if not diff.moved and not o.questionnaire_changed and not diff.answer_problems:
        head.append("  nothing moved", style="dim")
    yield head

    ind = "    "
    if _due(o, dt.date.today()) and o.review_by is not None:
        yield Text(f"  review overdue: it was to be reviewed by {o.review_by.isoformat()}", style="yellow")
    if o.migrated:
        kept = "written into the record" if o.updated else "the record keeps the old ones until --update"
        yield Text(f"  answers migrated by the questionnaire ({kept}):", style="cyan")
        for note in o.migrated:
            yield Text(ind + note)
    if o.questionnaire_changed:
        yield Text(
            f"  questionnaire {o.questionnaire_id} {o.old_version}"
            + (f" → {o.new_version}" if o.old_version != o.new_version else "")
            + " (the file changed since the record was made)",
            style="dim",
        )
    if diff.answer_problems:
        yield Text("  answers that no longer fit (left out of the new score; the record keeps them; correct them, "
                   "or `wizard open` the record, and rescore):", style="yellow")
        for p in diff.answer_problems:
            yield Text(ind + p.message)
    if not _same(diff.old_margin, diff.new_margin):
        yield Text(f"  margin {_show_points(diff.old_margin)} → {_show_points(diff.new_margin)}")
    for sm in diff.scores:
        points = ""
        if sm.old_points is not None and sm.new_points is not None and sm.old_points != sm.new_points:
            points = f" ({sm.old_points:+g} → {sm.new_points:+g} points)"
        excl = f"  {sm.note}" if sm.note else ""
        yield Text(
            f"  score {label(sm.option)} {_show_points(sm.old_score)} → {_show_points(sm.new_score)}{points}{excl}"
        )
    for e in diff.exclusions_added:
        yield Text.assemble(("  + excluded ", "red"), label(e.option), f": {e.reason} ({e.constraint})")
    for e in diff.exclusions_removed:
        yield Text.assemble(("  − no longer excluded ", "green"), label(e.option), f": {e.reason} ({e.constraint})")
    if diff.costs and all(c.new is None for c in diff.costs):
        # No estimate now (a workload answer is missing or no longer fits): one line, not one per figure.
        was = {c.item: c.old for c in diff.costs}
        yield Text("  cost: no estimate now (a workload answer is missing or does not fit); it was "
                   f"Lambda {_show(was.get('lambda.total_usd'))}, EC2 {_show(was.get('ec2.total_usd'))}")
    else:
        for c in diff.costs:
            shown = _show_money if c.item.endswith("_usd") else _show
            yield Text(f"  cost {_cost_item(c.item)}: {shown(c.old)} → {shown(c.new)}")
    if diff.contributions:
        yield Text("  why:", style="italic")
        for m in diff.contributions:
            if m.source == "question":
                unit = index[m.id].unit if m.id in index else None
                origin = f"{m.id} = {show_value(m.answer, unit)}"
            else:
                origin = f"rule {m.id}"
            if m.change == "appeared":
                mark, style, pts = "+", "green", f"{m.new_points:+g} new"
            elif m.change == "disappeared":
                mark, style, pts = "−", "red", f"{m.old_points:+g} gone"
            else:
                mark, style, pts = "~", "yellow", f"{m.old_points:+g} → {m.new_points:+g}"
            line = Text.assemble((f"{ind}{mark} ", style), f"{label(m.option)} {pts}  ", (origin, "bold"))
            if m.why:
                line.append(f": {m.why}")
            yield line
    if o.updated:
        yield Text(f"  updated {o.path}", style="cyan")
    elif update and verdict == "invalid" and o.needs_update:
        yield Text("  not updated: its answers no longer fit", style="yellow")


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


def _show_points(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _cost_item(item: str) -> str:
    """`lambda.total_usd` → `Lambda total`: a cost figure as the reports name it."""
    option, _, figure = item.partition(".")
    name = {"lambda": "Lambda", "ec2": "EC2"}.get(option, option)
    return f"{name} {figure.removesuffix('_usd').replace('_', ' ')}".strip()


def _show_money(value: Any) -> str:
    from wizard.core.display import money

    return money(float(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else _show(value)


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------------
# wizard export


def run_export(args: argparse.Namespace) -> int:
    from wizard.core.markdown import record_to_markdown
    from wizard.core.atomic_write import atomic_write_text

    if getattr(args, "index", None) is not None:
        from wizard.cli.index_cmd import run_index

        return run_index(args)
    if args.record is None:
        from wizard.cli.main import usage_error

        print(usage_error("wizard export", "give a RECORD to export, or --index DIR"), file=sys.stderr)
        return EXIT_BAD_INPUT
    record = read_record(args.record)
    loaded = Questionnaires(args.questionnaire, None).maybe(record, args.record)
    base = args.link_base or (args.output.parent if args.output is not None else _stdout_dir() or Path.cwd())
    link = Path(os.path.relpath(Path(args.record).resolve(), base.resolve())).as_posix()
    text = record_to_markdown(record, loaded.questionnaire if loaded else None, record_link=link)
    text = escape_controls(text, keep_lines=True)  # bidi and C1 characters too, wherever they come from
    if args.output is None:
        sys.stdout.write(text)
    else:
        expect = _export_target(args.output, args.record)
        atomic_write_text(args.output, text, overwrite=True, before_replace=expect.check)
        say(f"wrote {args.output}")
    return EXIT_OK


def _stdout_dir() -> Path | None:
    """The directory of the file stdout is redirected to (`export X.toml > docs/X.md`), where the
    system names it (Linux); None for a terminal or a pipe."""
    try:
        if not os.path.isfile("/proc/self/fd/1"):
            return None
        return Path(os.readlink("/proc/self/fd/1")).parent
    except OSError:
        return None


def _export_target(output: Path, record: Path) -> Stamp:
    """The stamp of what `export -o` is about to replace; a TOML record (the one exported or any
    other) is refused, since Markdown over it would lose the decision."""
    from wizard.core.file_guard import Stamp
    from wizard.core.records import is_record
    from wizard.core.tomlio import parse_toml

    if path_kind(output) == "dir":
        raise InputFileError(output, "is a directory; give the Markdown file's path")
    data, stamp = Stamp.read(output)
    if data is None:
        return stamp
    if os.path.samefile(output, record):
        raise WizardError(f"{output}: is the record being exported; not replaced with Markdown")
    try:
        parsed = parse_toml(data, output)
    except WizardError:
        return stamp  # not TOML (an earlier export): replaced
    if is_record(parsed):
        raise WizardError(f"{output}: is a decision record; not replaced with Markdown (choose a .md file)")
    return stamp


# ---------------------------------------------------------------------------------------------
# wizard supersede


def run_supersede(args: argparse.Namespace) -> int:
    from wizard.core.supersede import supersede

    old_path, new_path = Path(args.old), Path(args.new)
    done = supersede(old_path, new_path, force=getattr(args, "force", False))
    print(
        escape_controls(
            f"{old_path}: status superseded, superseded by {done.new_ref}"
            + (f" (was superseded by {done.previous})" if done.previous else "")
        )
    )
    print(escape_controls(f"{new_path}: supersedes {', '.join(done.supersedes)}"))
    for path in done.released:
        print(escape_controls(f"{path}: no longer supersedes {old_path.name}"))
    return EXIT_OK
