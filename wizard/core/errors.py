"""Errors the user sees: each carries a one-line message naming the file and, where known, the key or line."""

from __future__ import annotations

import errno
from pathlib import Path

from wizard.core.safe_text import escape

#: Longest message an error carries; anything longer is cut (a file may hold a megabyte-long key).
MAX_MESSAGE = 400
#: Longest piece of a file's data (a key, an id, a value) quoted in a message.
MAX_SHOWN = 60


def escape_controls(text: str, *, keep_lines: bool = False) -> str:
    """Control, bidi and surrogate characters as visible escapes (`\\x1b`, `\\n`, `\\u202e`), so
    that text from a file can never drive a terminal; with `keep_lines`, newlines and tabs are kept
    as they are. See `safe_text.escape`, which every printed text goes through."""
    return escape(text, keep_lines=keep_lines)


def shown(text: object, limit: int = MAX_SHOWN) -> str:
    """Data quoted in a message: cut to `limit` characters, control characters escaped (`\\n`, `\\x1b`)."""
    text = str(text)
    if len(text) > limit:
        text = text[:limit] + "…"
    return escape(text)


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """A message as one line of at most `limit` characters (and "…"), whatever data it quotes."""
    message = escape(message)
    return message if len(message) <= limit else message[:limit] + "…"


class WizardError(Exception):
    """Base of every error the wizard reports to the user instead of a traceback."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputFileError(WizardError):
    """A file could not be read or does not hold what it should."""

    def __init__(self, path: Path | str, detail: str, *, details: list[str] | None = None) -> None:
        self.path = Path(path)
        self.detail = one_line(detail)
        #: Every problem found, one line each (the message shows the first).
        self.details = [one_line(d) for d in details] if details else [self.detail]
        super().__init__(f"{path}: {detail}")


class TomlSyntaxError(InputFileError):
    """The file is not valid TOML; the message carries TOML's line and column."""


class SchemaError(InputFileError):
    """The file is valid TOML but does not match the expected format."""


class AnswersError(WizardError):
    """Answers that do not fit the questionnaire (unknown id, bad value, missing required answer)."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = one_line(source)
        self.problems = [one_line(p) for p in problems]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{source}: {problems[0]}{more}")


class WriteError(WizardError):
    """A file could not be written; nothing was left half-written."""


class RecordExistsError(WriteError):
    """Saving would replace an existing record and replacing was not asked for."""


def os_reason(exc: OSError) -> str:
    """An operating system error in a few plain words ("the disk is full", "permission denied")."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == getattr(errno, "EDQUOT", None):
        return "the disk quota is exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)
