"""No lost updates: a file is replaced only while it is still the one that was read.

A command that reads a record, works on it and writes it back (`rescore --update`, `supersede`,
`export -o` over an existing file, saving over a record from the app) takes a `Stamp` of the bytes
it read. Just before the atomic rename, `Stamp.check` reads the file again and compares digests:
if another process wrote it meanwhile, or deleted it, nothing is written to it and the command
says so in one line (`ConflictError`, exit 2). A record deleted meanwhile is not re-created.

The check and the rename are two steps, so a writer that lands in the microseconds between them
is not caught; the window the check closes is the one of the whole computation (seconds).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from wizard.core.errors import InputFileError, WriteError
from wizard.core.files.tomlio import read_bytes


class ConflictError(WriteError):
    """The file changed (or vanished) between being read and being replaced; nothing was written to it."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What a file held when it was read: the sha256 of its bytes, or None when it did not exist."""

    path: Path
    sha256: str | None

    @classmethod
    def of(cls, path: Path, data: bytes | None) -> Stamp:
        return cls(Path(path), None if data is None else digest(data))

    @classmethod
    def read(cls, path: Path) -> tuple[bytes | None, Stamp]:
        """The file's bytes (None when there is no file) and their stamp."""
        from wizard.core.files.paths import path_kind

        if path_kind(path) == "missing":
            return None, cls.of(path, None)
        try:
            data: bytes | None = read_bytes(path)
        except InputFileError as exc:
            if exc.detail != "no such file":
                raise
            data = None
        return data, cls.of(path, data)

    def check(self) -> None:
        """Raise `ConflictError` unless the file still holds what was read."""
        try:
            now: bytes | None = read_bytes(self.path)
        except InputFileError as exc:
            if exc.detail != "no such file":
                raise ConflictError(f"{self.path}: cannot be read again before it is replaced ({exc.detail}); "
                                    "nothing was written to it") from None
            now = None
        if now is None and self.sha256 is not None:
            raise ConflictError(f"{self.path}: was deleted while the wizard worked on it; it was not written back")
        if now is not None and (self.sha256 is None or digest(now) != self.sha256):
            what = "was created" if self.sha256 is None else "changed"
            raise ConflictError(f"{self.path}: {what} while the wizard worked on it (another program wrote it); "
                                "nothing was written to it: run the command again")
