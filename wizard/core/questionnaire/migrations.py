"""Questionnaire migrations: old records' answers under renamed question ids and choice values.

Renaming a question id or a choice value would make every older record `invalid`. A questionnaire
says what changed instead, and `wizard rescore` and `wizard open` apply it to the answers of
records made with that version or an earlier one (the file keeps its answers until
`wizard rescore --update` writes the migrated ones), saying what was migrated:

    [[migrations]]
    from_version = "1.3.0"                     # records made with 1.3.0 or earlier
    rename_questions = { memory = "memory_mb" }
    rename_choices = { ops_team = { "some" = "part-time" } }   # by the question's new id
    drop_questions = ["legacy_flag"]

Migrations apply oldest first, each to the answers the ones before it left. Versions compare as
dotted numbers (`1.10.0` after `1.9.2`). `wizard check` lints them (see `lint`). Pure data: nothing
is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from wizard.core.questionnaire.conditions import Value

if TYPE_CHECKING:
    from wizard.core.questionnaire.model import Migration


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """A version for ordering: numbers as numbers (`1.10` after `1.9`), anything else as text."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.\-+]", version))


def applicable(migrations: Sequence[Migration], made_with: str) -> list[Migration]:
    """The migrations that apply to answers made with version `made_with`, oldest first."""
    key = version_key(made_with)
    return sorted((m for m in migrations if key <= version_key(m.from_version)),
                  key=lambda m: version_key(m.from_version))


def migrate(answers: Mapping[str, Value], migrations: Sequence[Migration],
            made_with: str) -> tuple[dict[str, Value], list[str]]:
    """The answers after every migration that applies, and one line per change made."""
    out = dict(answers)
    notes: list[str] = []
    for m in applicable(migrations, made_with):
        for old, new in m.rename_questions.items():
            if old in out and new not in out:
                out[new] = out.pop(old)
                notes.append(f'question "{old}" is now "{new}" ({m.from_version})')
        for qid, renames in m.rename_choices.items():
            value = out.get(qid)
            if isinstance(value, str) and value in renames:
                out[qid] = renames[value]
                notes.append(f'{qid}: choice "{value}" is now "{renames[value]}" ({m.from_version})')
            elif isinstance(value, (tuple, list)) and any(v in renames for v in value):
                changed = tuple(renames.get(v, v) if isinstance(v, str) else v for v in value)
                out[qid] = changed
                notes.append(f"{qid}: choices {', '.join(v for v in value if v in renames)} renamed "
                             f"({m.from_version})")
        for qid in m.drop_questions:
            if qid in out:
                del out[qid]
                notes.append(f'question "{qid}" was dropped; its answer is left out ({m.from_version})')
    return out, notes
