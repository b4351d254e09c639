"""Superseding a decision record: the one way the app and `wizard supersede` link two records.

A record names another by a link relative to its own folder (`record_link`): the file name when
both sit in one folder, else a relative path (`../2025/old.toml`). The old record gets status
`superseded` and `superseded_by` = the new one's link; the new record lists the old one's link in
`supersedes`. When the old record was already superseded by a third record, that one is replaced
only on request (`force`), and it then stops listing the old record.

All the files change or none, each only if it still holds what was read (`records.save_records`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wizard.core.errors import WizardError
from wizard.core.files.file_guard import Stamp
from wizard.core.records.model import DecisionRecord, Status, read_record_bytes, save_records


def record_link(target: Path, source: Path) -> str:
    """How the record at `source` names the record at `target`: the file name when both are in one
    folder, else the path relative to `source`'s folder (with forward slashes).

    From the paths as given, not from where symlinks point: a record linked into docs/decisions/
    names its neighbours there."""
    target_abs, source_dir = Path(os.path.abspath(target)), Path(os.path.abspath(source)).parent
    if target_abs.parent == source_dir:
        return target.name
    return Path(os.path.relpath(target_abs, source_dir)).as_posix()


@dataclass(frozen=True)
class Superseded:
    """What `supersede` wrote."""

    #: How the old record now names the new one (its `superseded_by`).
    new_ref: str
    #: The record that superseded the old one before, if another (as the old record named it).
    previous: str | None
    #: The new record's `supersedes`, as written.
    supersedes: tuple[str, ...]
    #: Earlier successors that no longer list the old record.
    released: tuple[Path, ...]
    #: The new record as written.
    record: DecisionRecord


def supersede(old_path: Path, new_path: Path, *, force: bool = False,
              new_record: DecisionRecord | None = None) -> Superseded:
    """Have the record at `new_path` supersede the one at `old_path`, writing both (and an earlier
    successor of the old record that gives it up) as one change.

    `new_record`: the new record to write at `new_path` (the app saving a new decision), replacing
    whatever is there; without it, the record already at `new_path` is read and updated.
    Raises a one-line `WizardError` when the records cannot be linked or written."""
    old, old_bytes = read_record_bytes(old_path)
    stamps = {old_path: Stamp.of(old_path, old_bytes)}
    if new_record is None:
        new, new_bytes = read_record_bytes(new_path)
        stamps[new_path] = Stamp.of(new_path, new_bytes)
    else:
        new = new_record
    if _same_file(old_path, new_path):
        raise WizardError(f"{old_path}: a record cannot supersede itself ({new_path} is the same file)")
    new_ref = record_link(new_path, old_path)
    old_ref = record_link(old_path, new_path)
    if new_ref in old.supersedes:
        raise WizardError(
            f"{old_path}: it already supersedes {new_ref}; a record cannot supersede one that supersedes it"
        )
    previous = old.superseded_by
    changes: list[tuple[DecisionRecord, Path]] = []
    if previous and previous != new_ref:
        if not force:
            raise WizardError(f"{old_path}: already superseded by {previous}; pass --force to have {new_ref} "
                              f"supersede it instead ({previous} then no longer lists it)")
        successor = old_path.parent / previous
        try:
            current, current_bytes = read_record_bytes(successor)
        except WizardError:
            current = None  # gone or unreadable: nothing in it to take back
        if current is not None and not _same_file(successor, new_path):
            back = record_link(old_path, successor)
            if back in current.supersedes:
                kept = tuple(s for s in current.supersedes if s != back)
                changes.append((current.model_copy(update={"supersedes": kept}), successor))
                stamps[successor] = Stamp.of(successor, current_bytes)
    supersedes = new.supersedes if old_ref in new.supersedes else (*new.supersedes, old_ref)
    written = new.model_copy(update={"supersedes": supersedes})
    # NEW first: it is put back (or removed) when OLD cannot be written.
    changes[:0] = [
        (written, new_path),
        (old.model_copy(update={"status": Status.SUPERSEDED, "superseded_by": new_ref}), old_path),
    ]
    save_records(changes, stamps)
    return Superseded(new_ref=new_ref, previous=previous if previous != new_ref else None, supersedes=supersedes,
                      released=tuple(path for _, path in changes[2:]), record=written)


def _same_file(a: Path, b: Path) -> bool:
    if os.path.abspath(a) == os.path.abspath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False  # one of them does not exist (yet)
