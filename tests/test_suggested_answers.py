"""Accepted suggestions are named in the record, `wizard show` and the export; older records still load."""

from __future__ import annotations

import tomllib
from pathlib import Path

from wizard.core.scoring.evaluator import Evaluator
from wizard.core.records.markdown import record_to_markdown
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import load_record, record_to_toml, save_record

from tests.test_records_cmds import EXAMPLES, QUESTIONNAIRE, wizard
from wizard.core.records.model import evaluated_record


def test_a_record_names_its_accepted_suggestions_and_reads_them_back(tmp_path: Path) -> None:
    loaded = load_questionnaire(QUESTIONNAIRE)
    evaluator = Evaluator.load(loaded)
    answers = tomllib.loads((EXAMPLES / "steady-api.toml").read_text())["answers"]
    evaluation = evaluator.evaluate(answers)
    record = evaluated_record(evaluator, evaluation, title="With suggestions",
                              suggested=("payload_mb", "not_answered_id"))
    assert record.suggested == ("payload_mb",)  # only answers that count
    path = save_record(record, tmp_path / "r.toml")
    assert tomllib.loads(path.read_text())["suggested"] == ["payload_mb"]
    assert load_record(path).suggested == ("payload_mb",)
    assert "Suggested answers accepted unchanged: `payload_mb`." in record_to_markdown(record, loaded.questionnaire)
    shown = wizard("show", path)
    assert "Suggested answers accepted unchanged: payload_mb" in shown.stdout, shown.stdout + shown.stderr
    # None accepted: no key at all, as records were written before it existed.
    plain = evaluated_record(evaluator, evaluation, title="Without")
    assert "suggested" not in tomllib.loads(record_to_toml(plain))
