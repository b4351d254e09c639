from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from wizard.core.questionnaire.model import LoadedQuestionnaire, Questionnaire, load_questionnaire

# Property-based tests: "ci" (the default) keeps the run short and draws the same examples on every
# run, so a green commit stays green on a clean clone; `HYPOTHESIS_PROFILE=long` runs a hundred times
# more examples, drawn afresh each time, for a local run before a release or after changing a reader
# or the cost model (a counterexample it finds belongs in a test of its own).
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("ci", max_examples=50, deadline=None, suppress_health_check=_SLOW_OK, derandomize=True)
settings.register_profile("long", max_examples=5_000, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
