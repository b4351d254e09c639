"""Rules without a `stage` count at weight 1 under a subtotal of their own, `rules`; no stage may
take that id, so the two subtotals never add up under one key."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_records_cmds import QUESTIONNAIRE, one_line_error, wizard

SMALL = """
id = "small"
version = "1.0.0"
title = "Small"

[[options]]
id = "a"
label = "A"

[[options]]
id = "b"
label = "B"

[[stages]]
id = "{stage}"
title = "The only stage"
weight = 2

[[stages.questions]]
id = "big"
kind = "boolean"
prompt = "Big?"
required = true
if_true = {{ effects = {{ a = 1 }}, why = "Big favours A." }}

[[rules]]
id = "staged"
when = {{ question = "big", equals = true }}
effects = {{ a = 3 }}
why = "Counted in the stage, at its weight."
stage = "{stage}"

[[rules]]
id = "unstaged"
when = {{ question = "big", equals = true }}
effects = {{ a = 5, b = 1 }}
why = "Counted under rules, at weight 1."
"""


def test_rules_without_a_stage_count_at_weight_one_under_rules(tmp_path: Path) -> None:
    questionnaire = tmp_path / "small.toml"
    questionnaire.write_text(SMALL.format(stage="main"), encoding="utf-8")
    answers = tmp_path / "answers.toml"
    answers.write_text("[answers]\nbig = true\n", encoding="utf-8")
    proc = wizard("score", answers, "--questionnaire", questionnaire, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)["scores"]
    # The answer (1) and the staged rule (3) at the stage's weight 2; the rule without a stage at 1.
    assert scores["a"]["stages"] == {"main": 8.0, "rules": 5.0}
    assert scores["b"]["stages"] == {"rules": 1.0}
    assert scores["a"]["points"] == 13.0


def test_a_stage_may_not_be_called_rules(tmp_path: Path) -> None:
    questionnaire = tmp_path / "small.toml"
    questionnaire.write_text(SMALL.format(stage="rules"), encoding="utf-8")
    proc = wizard("check", questionnaire)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert 'stage id "rules" is reserved' in proc.stdout + proc.stderr
    answers = tmp_path / "answers.toml"
    answers.write_text("[answers]\nbig = true\n", encoding="utf-8")
    one_line_error(wizard("score", answers, "--questionnaire", questionnaire), 'stage id "rules" is reserved')
    # The bundled questionnaire with its budget stage renamed: refused the same way.
    bundled = QUESTIONNAIRE.read_text(encoding="utf-8")
    renamed = tmp_path / "renamed.toml"
    renamed.write_text(bundled.replace('id = "budget"', 'id = "rules"').replace('stage = "budget"', 'stage = "rules"')
                       .replace('pricing = "pricing/', f'pricing = "{QUESTIONNAIRE.parent}/pricing/'),
                       encoding="utf-8")
    assert wizard("check", renamed).returncode == 2
