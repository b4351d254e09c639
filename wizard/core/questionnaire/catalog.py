"""Where questionnaires are found: the bundled ones, and a project's own.

The bundled questionnaires are the `wizard/questionnaires/` data package in a wheel, and
`questionnaires/` at the top of the repository in a source checkout. A project may keep its own in
`questionnaires/` or `.wizard/questionnaires/` at its git root.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.errors import WizardError
from wizard.core.files.paths import DEFAULT_QUESTIONNAIRE, bundled_dir, find_repo_root

if TYPE_CHECKING:  # the app finds its first questionnaire before pydantic loads
    from wizard.core.questionnaire.model import LoadedQuestionnaire

PROJECT_DIRS = (Path("questionnaires"), Path(".wizard") / "questionnaires")


def default_questionnaire_path() -> Path:
    return bundled_dir() / DEFAULT_QUESTIONNAIRE


def bundled_questionnaires() -> list[Path]:
    return sorted(bundled_dir().glob("*.toml"))


def project_questionnaires(start: Path | None = None) -> list[Path]:
    root = find_repo_root(start) or (start or Path.cwd())
    found: list[Path] = []
    for sub in PROJECT_DIRS:
        directory = root / sub
        if directory.is_dir() and directory.resolve() != bundled_dir().resolve():
            found.extend(sorted(directory.glob("*.toml")))
    return found


def is_bundled(path: Path) -> bool:
    """Whether a questionnaire file is one of the bundled ones."""
    return path.resolve().parent == bundled_dir().resolve()


def preferred_index(paths: Sequence[Path]) -> int:
    """Which of these questionnaires to offer first: a repository's own (from `questionnaires/` or
    `.wizard/questionnaires/`) over the bundled ones, else the first."""
    return next((i for i, path in enumerate(paths) if not is_bundled(path)), 0)


def resolve_questionnaire(
    path: Path | None, wanted_id: str | None = None, *, asked_by: Path | None = None
) -> LoadedQuestionnaire:
    """The questionnaire to use: the given file; else the one with the wanted id; else the default.

    `asked_by` names the file that wants the id, for the error message when none has it.
    """
    from wizard.core.questionnaire.model import load_questionnaire

    if path is not None:
        return load_questionnaire(path)
    if wanted_id is None:
        return load_questionnaire(default_questionnaire_path())
    candidates = project_questionnaires() + bundled_questionnaires()
    # A file named after the id is the likely one; read the others only if it is not.
    candidates.sort(key=lambda p: p.stem != wanted_id)
    for candidate in candidates:
        try:
            loaded = load_questionnaire(candidate)
        except WizardError:
            continue
        if loaded.questionnaire.id == wanted_id:
            return loaded
    prefix = f"{asked_by}: " if asked_by else ""
    raise WizardError(f'{prefix}no questionnaire with id "{wanted_id}" found (pass --questionnaire PATH)')


def same_id_elsewhere(path: Path, questionnaire_id: str) -> list[Path]:
    """The project's other questionnaire files (in `questionnaires/` and `.wizard/questionnaires/`) with
    this id: records name their questionnaire by id, so only the first one found would ever be used.
    Empty when `path` is not in one of those folders; files that cannot be read are passed over."""
    from wizard.core.files.tomlio import read_toml

    here = path.resolve()
    root = next((here.parents[len(sub.parts)] for sub in PROJECT_DIRS
                 if len(here.parents) > len(sub.parts) and here.parent.parts[-len(sub.parts):] == sub.parts), None)
    if root is None:
        return []
    found = []
    for other in project_questionnaires(root):
        if other.resolve() == here:
            continue
        try:
            same = read_toml(other).get("id") == questionnaire_id
        except WizardError:
            continue
        if same:
            found.append(other)
    return found
