"""Decision records and answers files: their formats, reading, writing and default place.

A record is the answers plus the full result, with the questionnaire's id, version and digest,
so that anyone can later see what was decided, on what grounds, and whether it still holds.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import Field

from wizard import TOOL_NAME, __version__
from wizard.core.frozen_model import FrozenModel
from wizard.core.questionnaire.conditions import Value
from wizard.core.cost import CostEstimate
from wizard.core.errors import InputFileError, SchemaError, WriteError
from wizard.core.files.file_guard import Stamp
from wizard.core.files.paths import decisions_dir, find_repo_root
from wizard.core.questionnaire.model import LoadedQuestionnaire
from wizard.core.scoring.result import Result
from wizard.core.files.atomic_write import atomic_write_bytes, atomic_write_text, remove_file
from wizard.core.records.status import Status as Status  # re-exported: the status was defined here first
from wizard.core.files.tomlio import dump_toml, find_number, parse_toml, read_bytes, validate

if TYPE_CHECKING:
    from wizard.core.scoring.engine import Evaluation
    from wizard.core.scoring.evaluator import Evaluator

RECORD_FORMAT_VERSION: Final = 1


class AnswersFile(FrozenModel):
    """An answers file: `[answers]` with one `id = value` line per question."""

    format_version: Literal[1] = 1
    questionnaire: str | None = Field(None, description="Id of the questionnaire the answers are for.")
    title: str | None = Field(None, description="Title used when the answers become a decision record.")
    answers: dict[str, Value] = Field(default_factory=dict)


class QuestionnaireRef(FrozenModel):
    id: str
    version: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Digest of the questionnaire file's bytes.")
    file: str = Field("", description="File name of the questionnaire when the record was made.")


class ToolRef(FrozenModel):
    name: str = TOOL_NAME
    version: str = __version__


class DecisionRecord(FrozenModel):
    format_version: Literal[1] = RECORD_FORMAT_VERSION
    title: str = Field(min_length=1)
    date: dt.date
    rescored: dt.date | None = Field(
        None, description="When `wizard rescore --update` last wrote a new result into the record."
    )
    review_by: dt.date | None = Field(
        None, description="When the decision should be looked at again; `wizard list --due` and "
        "`wizard rescore` name records past it."
    )
    status: Status = Status.PROPOSED
    deciders: tuple[str, ...] = ()
    consulted: tuple[str, ...] = Field((), description="MADR 4 `consulted`: whose opinion was sought.")
    informed: tuple[str, ...] = Field((), description="MADR 4 `informed`: who is kept up to date.")
    context: str = ""
    tags: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = Field((), description="Records this one replaces (file names).")
    superseded_by: str | None = Field(None, description="The record that replaced this one (file name).")
    questionnaire: QuestionnaireRef
    tool: ToolRef = ToolRef()
    answers: dict[str, Value] = Field(default_factory=dict)
    suggested: tuple[str, ...] = Field(
        (), description="Answers that are the questionnaire's suggested values, accepted unchanged (question ids)."
    )
    result: Result
    cost: CostEstimate | None = Field(
        None, description="Both monthly bills, break-even and assumptions, when the questionnaire has pricing."
    )


def make_record(
    loaded: LoadedQuestionnaire,
    answers: Mapping[str, Value],
    result: Result,
    *,
    title: str,
    date: dt.date | None = None,
    status: Status = Status.PROPOSED,
    deciders: tuple[str, ...] = (),
    context: str = "",
    tags: tuple[str, ...] = (),
    supersedes: tuple[str, ...] = (),
    cost: CostEstimate | None = None,
    review_by: dt.date | None = None,
    consulted: tuple[str, ...] = (),
    informed: tuple[str, ...] = (),
    suggested: tuple[str, ...] = (),
) -> DecisionRecord:
    q = loaded.questionnaire
    return DecisionRecord(
        title=title,
        date=date or dt.date.today(),
        status=status,
        deciders=deciders,
        context=context,
        tags=tags,
        supersedes=supersedes,
        review_by=review_by,
        consulted=consulted,
        informed=informed,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, sha256=loaded.sha256, file=loaded.path.name),
        answers=dict(answers),
        suggested=tuple(qid for qid in suggested if qid in answers),
        result=result,
        cost=cost,
    )


#: The first line of a file that points editors (Taplo, Even Better TOML) at its JSON Schema.
SCHEMA_DIRECTIVE = "#:schema "
#: Where `wizard schema --write` puts the schemas in a project, relative to its git root.
SCHEMAS_DIR = Path("schemas")
RECORD_SCHEMA_FILE = "record.schema.json"


def record_to_toml(record: DecisionRecord, schema_ref: str | None = None) -> str:
    """The record as TOML; with `schema_ref`, the first line is `#:schema <schema_ref>`."""
    header = f"{SCHEMA_DIRECTIVE}{schema_ref}\n" if schema_ref else ""
    data = record.model_dump(mode="python", exclude_none=True)
    for key in ("consulted", "informed"):  # left out when empty: older records rewrite to the same text
        if not data.get(key):
            data.pop(key, None)
    if not data.get("suggested"):  # records with no accepted suggestion read as before the key existed
        data.pop("suggested", None)
    lambda_bill = (data.get("cost") or {}).get("lambda")
    if isinstance(lambda_bill, dict) and lambda_bill.get("possible", True) is True:
        # A workload Lambda can run is written as before `possible` existed, so that the records of
        # a repository stay readable by a wizard one version older and `rescore --update` rewrites
        # nothing that did not move. Both keys default to this on reading.
        lambda_bill.pop("possible", None)
        if not lambda_bill.get("limits_exceeded"):
            lambda_bill.pop("limits_exceeded", None)
    return dump_toml(data, header=header)


def schema_ref_for(path: Path) -> str | None:
    """The `#:schema` reference for a record written to `path`: the record schema at the git root
    (`schemas/record.schema.json`, written by `wizard schema --write schemas`) as a path relative to
    the record, when that file exists; otherwise None (no header)."""
    directory = Path(path).parent.resolve()
    root = find_repo_root(directory)  # the directory need not exist yet
    if root is None:
        return None
    schema = root / SCHEMAS_DIR / RECORD_SCHEMA_FILE
    if not schema.is_file():
        return None
    return Path(os.path.relpath(schema, directory)).as_posix()


def existing_schema_ref(path: Path) -> str | None:
    """The `#:schema` reference on the first line of an existing file, if any."""
    try:
        first = read_bytes(Path(path)).split(b"\n", 1)[0][:4096]
    except InputFileError:
        return None
    text = first.decode("utf-8", "replace").rstrip("\r\n")
    if text.startswith(SCHEMA_DIRECTIVE):
        ref = text[len(SCHEMA_DIRECTIVE) :].strip()
        return ref or None
    return None


_AUTO: Any = object()


def save_record(record: DecisionRecord, path: Path, *, overwrite: bool = False, schema_ref: str | None = _AUTO,
                expect: Stamp | None = None, original: bytes | None = None) -> Path:
    """Write the record atomically; an existing file is replaced only when `overwrite` is set.

    By default the file starts with a `#:schema` line: the one the file being replaced already has,
    else the project's record schema (see `schema_ref_for`); pass `schema_ref=None` for none.
    With `expect`, the file is replaced only if it still holds what was read (else `ConflictError`);
    with `original` (the bytes read), the keys that did not change keep their text and comments.
    """
    if schema_ref is _AUTO:
        schema_ref = (existing_schema_ref(path) if overwrite else None) or schema_ref_for(path)
    text = record_to_toml(record, schema_ref)
    if original is not None:
        from wizard.core.records.edit import edit_in_place

        text = edit_in_place(original, text)
    atomic_write_text(path, text, overwrite=overwrite, before_replace=expect.check if expect else None)
    return path


def save_records(changes: Sequence[tuple[DecisionRecord, Path]], stamps: Mapping[Path, Stamp] | None = None) -> None:
    """Write several records (replacing them) as one change, such as a record and the one it
    supersedes: each file is written atomically, and when one cannot be, the files already written
    are put back as they were (a new one is removed) before the `WriteError` is raised.

    With `stamps` (by path), each of those files is replaced only if it still holds what was read
    (else `ConflictError`, and the files already written are put back), keeping its comments."""
    done: list[tuple[Path, bytes | None]] = []
    for record, path in changes:
        try:
            before, _ = Stamp.read(path)
        except InputFileError as exc:
            raise WriteError(f"{path}: cannot read before replacing it: {exc.detail}") from None
        expect = (stamps or {}).get(Path(path))
        try:
            if expect is not None and before is not None and Stamp.of(path, before) != expect:
                expect.check()  # raises: the file changed since it was read
            save_record(record, path, overwrite=True, expect=expect,
                        original=before if expect is not None else None)
        except WriteError as exc:
            problems = []
            for written, old in reversed(done):
                try:
                    if old is None:
                        remove_file(written)
                    else:
                        atomic_write_bytes(written, old, overwrite=True)
                except WriteError as undo:
                    problems.append(f"{written} was written and could not be put back ({undo.message})")
            if problems:
                raise WriteError("; ".join([exc.message, *problems])) from None
            raise
        done.append((Path(path), before))


def parse_record(data: Mapping[str, Any], path: Path | str) -> DecisionRecord:
    record = validate(DecisionRecord, data, path)
    # The wizard only ever writes finite scores and costs; a NaN or an infinity is a damaged record
    # (and would break every bar, sum and comparison made of it).
    tables = {"result": data.get("result"), "cost": data.get("cost")}
    if _has_non_finite(tables):  # rarely: only then is the key path worked out, for the message
        found = find_number(tables, _not_finite)
        if found:
            raise SchemaError(path, f"{found[0]}: expected a finite number")
    return record


def _has_non_finite(node: Any) -> bool:
    """Whether parsed TOML holds a number `_not_finite` refuses; a quick look that keeps no key path
    (a record holds a few hundred numbers, and `wizard rescore` reads a thousand records)."""
    stack = [node]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is bool:
            continue
        if kind is float:
            if not math.isfinite(item):
                return True
        elif kind is int:
            if abs(item) > sys.float_info.max:
                return True
        elif kind is dict:
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (int, float)) and not isinstance(item, bool) and _not_finite(item):
            return True
    return False


def _not_finite(number: float) -> bool:
    """NaN, an infinity, or an integer too large to be a float (math.isfinite would overflow on it)."""
    return not math.isfinite(number) if isinstance(number, float) else abs(number) > sys.float_info.max


def load_record(path: Path | str) -> DecisionRecord:
    path = Path(path)
    return parse_record(parse_toml(read_bytes(path), path), path)


def read_record(path: Path | str) -> DecisionRecord:
    """Like `load_record`, for reading many records: a foreign TOML file (valid, but no decision
    record) is refused in one line instead of a list of missing keys."""
    return read_record_bytes(path)[0]


def read_record_bytes(path: Path | str) -> tuple[DecisionRecord, bytes]:
    """`read_record`, and the bytes it was read from: what a command that writes the record back
    stamps (`file_guard.Stamp`) and edits (`save_record(original=...)`)."""
    path = Path(path)
    data = read_bytes(path)
    parsed = parse_toml(data, path)
    if not is_record(parsed):
        raise SchemaError(path, "not a decision record (no [questionnaire] and [result] tables)")
    return parse_record(parsed, path), data


def read_if_unchanged(path: Path, opened: DecisionRecord) -> tuple[bytes, Stamp]:
    """The bytes and stamp of the record at `path` when it still holds the record that was opened
    (minutes ago, in the app); `ConflictError` when another program changed or deleted it since."""
    from wizard.core.files.file_guard import ConflictError

    try:
        current, data = read_record_bytes(path)
    except InputFileError as exc:
        if exc.detail == "no such file":
            raise ConflictError(f"{path}: was deleted since it was opened; it was not written back") from None
        raise ConflictError(f"{path}: cannot be read again before it is replaced ({exc.detail})") from None
    if current != opened:
        raise ConflictError(f"{path}: changed since it was opened (another program wrote it); not replaced")
    return data, Stamp.of(path, data)


def is_record(data: Mapping[str, Any]) -> bool:
    return isinstance(data.get("questionnaire"), Mapping) and "result" in data


def load_answers(path: Path | str) -> tuple[AnswersFile, DecisionRecord | None]:
    """Read an answers file, or a decision record (whose answers are then used)."""
    path = Path(path)
    data = parse_toml(read_bytes(path), path)
    if is_record(data):
        record = parse_record(data, path)
        return AnswersFile(questionnaire=record.questionnaire.id, title=record.title, answers=record.answers), record
    if "answers" not in data:
        raise SchemaError(
            path, "answers: required table is missing (expected [answers] with one id = value per question)"
        )
    return validate(AnswersFile, data, path), None


def slugify(title: str, max_length: int = 60) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "decision"


def default_record_path(title: str, date: dt.date, directory: Path | None = None) -> Path:
    directory = directory if directory is not None else decisions_dir()
    return directory / f"{date.isoformat()}-{slugify(title)}.toml"


def evaluated_record(evaluator: Evaluator, evaluation: Evaluation, *, title: str, date: dt.date | None = None,
                     status: Status = Status.PROPOSED, deciders: tuple[str, ...] = (), context: str = "",
                     tags: tuple[str, ...] = (), supersedes: tuple[str, ...] = (), review_by: dt.date | None = None,
                     consulted: tuple[str, ...] = (), informed: tuple[str, ...] = (),
                     suggested: tuple[str, ...] = ()) -> DecisionRecord:
    """A decision record of one evaluation, with its `[cost]` table when the evaluator can price it."""
    return make_record(evaluator.loaded, evaluation.answers, evaluation.result, title=title, date=date,
                       status=status, deciders=deciders, context=context, tags=tags,
                       supersedes=supersedes, cost=evaluator.cost(evaluation.answers), review_by=review_by,
                       consulted=consulted, informed=informed, suggested=suggested)
