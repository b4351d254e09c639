"""Where things are on disk: the bundled data, the git repository root, the decisions directory."""

from __future__ import annotations

from pathlib import Path

import wizard

DEFAULT_QUESTIONNAIRE = "lambda-vs-ec2.toml"
DECISIONS_DIR = Path("docs") / "decisions"


def bundled_dir() -> Path:
    """The bundled questionnaires: the `wizard/questionnaires/` data package in a wheel, and
    `questionnaires/` at the top of the repository in a source checkout."""
    package = Path(wizard.__file__).resolve().parent
    for candidate in (package / "questionnaires", package.parent / "questionnaires"):
        if (candidate / DEFAULT_QUESTIONNAIRE).is_file():
            return candidate
    return package / "questionnaires"


def find_repo_root(start: Path | None = None) -> Path | None:
    """The nearest directory at or above `start` that holds `.git` (a directory or a worktree file)."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


#: Overrides the user's data directory, where drafts are kept (tests, CI).
DATA_DIR_ENV = "WIZARD_DATA_DIR"


def data_dir() -> Path:
    """The user's data directory for the wizard (platformdirs), or `WIZARD_DATA_DIR`."""
    import os

    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(wizard.TOOL_NAME, appauthor=False))


def project_root(start: Path | None = None) -> Path:
    """The project a draft belongs to: the git root, or the current directory outside git."""
    return (find_repo_root(start) or (start or Path.cwd())).resolve()


def draft_path(project: Path | None = None) -> Path:
    """Where the project's draft is kept (one draft per project)."""
    import hashlib

    root = project or project_root()
    key = hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "drafts" / f"{key}.toml"


def decisions_dir(start: Path | None = None) -> Path:
    """`docs/decisions/` at the root of the git repository, or under the current directory outside git."""
    root = find_repo_root(start) or (start or Path.cwd())
    return root / DECISIONS_DIR


def is_decisions_dir(path: Path) -> bool:
    """Whether `path` is the repository's decisions directory (`decisions_dir()`), however it is named
    (`docs/decisions`, `../docs/decisions`, an absolute path)."""
    try:
        return path.resolve() == decisions_dir().resolve()
    except (OSError, RuntimeError, ValueError):  # a path the system refuses to resolve: not that directory
        return False


def git_user_name(cwd: Path | None = None) -> str | None:
    """`git config user.name`, or None when git or the setting is missing."""
    import subprocess

    try:
        # The user's own git, found on PATH like any git command they run.
        out = subprocess.run(
            ["git", "config", "user.name"],  # noqa: S607
            capture_output=True, text=True, timeout=5, cwd=cwd, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = out.stdout.strip()
    return name or None


def display_path(path: Path) -> str:
    """The path relative to the current directory when it is below it (shorter, and what a user types)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def path_kind(path: Path) -> str:
    """The kind of a path: "missing", "dir" or "file" (anything else that exists), following symlinks; a path the system
    refuses to look at (a name too long, a folder that cannot be searched) is a one-line
    `InputFileError` instead of the traceback `Path.exists()` and `Path.is_dir()` would give."""
    import os
    import stat

    from wizard.core.errors import InputFileError
    from wizard.core.errors import os_reason

    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError as exc:
        raise InputFileError(path, f"cannot access it: {os_reason(exc)}") from None
    except ValueError:  # a NUL byte in the name
        raise InputFileError(path, "cannot access it: the name holds a NUL byte") from None
    return "dir" if stat.S_ISDIR(mode) else "file"
