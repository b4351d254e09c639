from __future__ import annotations

from pathlib import Path

import pytest

from wizard.core.questionnaire import LoadedQuestionnaire, Questionnaire, load_questionnaire

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def mini_loaded() -> LoadedQuestionnaire:
    return load_questionnaire(DATA / "mini.toml")


@pytest.fixture(scope="session")
def mini(mini_loaded: LoadedQuestionnaire) -> Questionnaire:
    return mini_loaded.questionnaire


@pytest.fixture(scope="session")
def default_loaded() -> LoadedQuestionnaire:
    return load_questionnaire(ROOT / "questionnaires" / "lambda-vs-ec2.toml")
