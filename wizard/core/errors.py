"""Errors the user sees: each carries a one-line message naming the file and, where known, the key or line."""

from __future__ import annotations

from pathlib import Path


class WizardError(Exception):
    """Base of every error the wizard reports to the user instead of a traceback."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputFileError(WizardError):
    """A file could not be read or does not hold what it should."""

    def __init__(self, path: Path | str, detail: str, *, details: list[str] | None = None) -> None:
        self.path = Path(path)
        self.detail = detail
        #: Every problem found, one line each (the message shows the first).
        self.details = details or [detail]
        super().__init__(f"{path}: {detail}")


class TomlSyntaxError(InputFileError):
    """The file is not valid TOML; the message carries TOML's line and column."""


class SchemaError(InputFileError):
    """The file is valid TOML but does not match the expected format."""


class AnswersError(WizardError):
    """Answers that do not fit the questionnaire (unknown id, bad value, missing required answer)."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{source}: {problems[0]}{more}")


class WriteError(WizardError):
    """A file could not be written; nothing was left half-written."""


class RecordExistsError(WriteError):
    """Saving would replace an existing record and replacing was not asked for."""
