"""A directory of decision records, read as one batch: what `wizard list`, `rescore` and
`export --index` and the app's "Open a record" share.

`record_files` finds the records (hidden and temporary files left out). `Questionnaires` finds the
current questionnaire of each record once per questionnaire id, with its evaluator and pricing.
`map_files` runs one function over many files, in this process or in worker processes
(`concurrent.futures.ProcessPoolExecutor`), and turns a file's `WizardError` into its one-line
reason, so that one unreadable file never stops the others.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from wizard.core.scoring.result_words import option_label
from wizard.core.errors import InputFileError, WizardError, WriteError
from wizard.core.files.paths import path_kind
from wizard.core.records.model import DecisionRecord, read_record

if TYPE_CHECKING:
    from wizard.core.scoring.evaluator import Evaluator
    from wizard.core.pricing.model import Pricing
    from wizard.core.questionnaire.model import LoadedQuestionnaire, Questionnaire

T = TypeVar("T")

#: Below this many records a directory is worked through in this process; above, in worker processes
#: too when the machine has more than one CPU (see `default_jobs`).
PARALLEL_MIN_RECORDS = 200


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


def records_in(directory: Path) -> list[Path]:
    """`record_files`, except that the repository's decisions directory (`paths.decisions_dir`, named
    or by default) holds no records while it does not exist: a repository without decisions yet is
    nothing wrong, so `wizard list`, `rescore` and `export --index` treat it as an empty directory.
    Any other directory that does not exist is an error, so that a mistyped path never passes as
    "no records" in CI."""
    from wizard.core.files.paths import is_decisions_dir

    if path_kind(directory) == "missing" and is_decisions_dir(directory):
        return []
    return record_files(directory)


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


def unreadable_reason(exc: WizardError, path: Path) -> str:
    """The one-line reason a file is listed as unreadable: the error without the path said again."""
    if isinstance(exc, InputFileError) and exc.path == path:
        return exc.detail
    return str(exc)


class Questionnaires:
    """The current questionnaire for each record (found once per questionnaire id) and its evaluator
    and pricing (loaded once per questionnaire)."""

    def __init__(self, questionnaire: Path | None = None, pricing: Path | None = None) -> None:
        from wizard.core.questionnaire.model import load_questionnaire

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
            from wizard.core.questionnaire.catalog import resolve_questionnaire

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
            from wizard.core.scoring.evaluator import Evaluator, pricing_path_for

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
            from wizard.core.pricing.model import load_pricing

            self._pricing_cache[path] = load_pricing(path)
        return self._pricing_cache[path]

    def current_pricing(self, loaded: LoadedQuestionnaire) -> tuple[Path, Pricing] | None:
        """The pricing file the questionnaire uses now (or --pricing), None without one or when unreadable."""
        from wizard.core.scoring.evaluator import pricing_path_for

        path = pricing_path_for(loaded, self.pricing_override)
        if path is None:
            return None
        try:
            return path, self.pricing_file(path)
        except WizardError:
            return None


def label_of(loaded: LoadedQuestionnaire | None, option: str | None) -> str:
    """`result_words.option_label` for a questionnaire that may not have loaded."""
    return option_label(loaded.questionnaire if loaded is not None else None, option)


def stand_in(record: DecisionRecord) -> Questionnaire:
    """A questionnaire with nothing but the record's id and version, for showing a record whose
    questionnaire cannot be found (options then show as their ids)."""
    from wizard.core.questionnaire.model import Questionnaire

    ref = record.questionnaire
    return Questionnaire.model_construct(id=ref.id, version=ref.version, title=ref.id, description="",
                                         pricing=None, options=(), stages=(), rules=(), constraints=())


# ---------------------------------------------------------------------------------------------
# Many files: in this process, or in worker processes


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs(records: int) -> int:
    """Worker processes for `records` files when none were asked for: one per CPU (at most 8) for
    large directories on Linux, where fork makes a worker cheap (it starts with the questionnaire
    and pricing loaded); else 1."""
    if sys.platform != "linux" or records < PARALLEL_MIN_RECORDS:
        return 1
    return max(1, min(available_cpus(), 8))


def map_files(
    work: Callable[[Path, Questionnaires], T], paths: list[Path], questionnaires: Questionnaires, jobs: int = 1
) -> list[tuple[Path, T | str]]:
    """`work(path, questionnaires)` for each file, in order; a WizardError becomes the file's one-line
    reason (a WriteError stops the run: exit 2). With `jobs` > 1 on Linux, in that many forked
    processes."""
    if jobs > 1 and len(paths) > 1 and sys.platform == "linux":
        return _map_parallel(work, paths, questionnaires, jobs)
    return _map_serial(work, paths, questionnaires)


def _map_serial(
    work: Callable[[Path, Questionnaires], T], paths: list[Path], questionnaires: Questionnaires
) -> list[tuple[Path, T | str]]:
    out: list[tuple[Path, T | str]] = []
    for path in paths:
        try:
            out.append((path, work(path, questionnaires)))
        except WriteError:
            raise
        except WizardError as exc:
            out.append((path, unreadable_reason(exc, path)))
    return out


#: In a worker process: the function and questionnaires it was started with (see `_start_worker`).
_worker_job: tuple[Callable[[Path, Questionnaires], Any], Questionnaires] | None = None


def _start_worker(work: Callable[[Path, Questionnaires], Any], questionnaires: Questionnaires) -> None:
    """The pool's initializer, run once in each worker. Workers are forked, so `work` and the
    loaded questionnaires reach them as they are, unpickled."""
    global _worker_job
    _worker_job = (work, questionnaires)


def _run_chunk(paths: list[Path]) -> list[tuple[Path, Any]]:
    if _worker_job is None:  # only ever run in a worker, after `_start_worker`
        raise RuntimeError("record worker started without its job")
    work, questionnaires = _worker_job
    return _map_serial(work, paths, questionnaires)


def _map_parallel(
    work: Callable[[Path, Questionnaires], T], paths: list[Path], questionnaires: Questionnaires, jobs: int
) -> list[tuple[Path, T | str]]:
    import multiprocessing

    # Load the questionnaire and pricing of the first readable record before forking, so that the
    # workers start with them (a directory usually holds the records of one questionnaire).
    for path in paths[:20]:
        try:
            questionnaires.evaluator(questionnaires.for_record(read_record(path), path))
            break
        except WizardError:
            continue
    chunk = max(1, -(-len(paths) // (jobs * 4)))
    chunks = [paths[i : i + chunk] for i in range(0, len(paths), chunk)]
    try:
        pool = ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(work, questionnaires))
    except OSError:
        return _map_serial(work, paths, questionnaires)
    with pool:
        try:
            # A job with no effect first: the workers are forked now, and when the system allows no
            # more processes (a process limit), the work is done here instead, none of it twice.
            pool.submit(os.getpid).result()
        except OSError:
            for process in list(pool._processes.values()):  # the workers forked before the limit was hit
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            return _map_serial(work, paths, questionnaires)
        parts = list(pool.map(_run_chunk, chunks))
    return [item for part in parts for item in part]
