"""The first screen's words: strongest reasons, and what would change the answer, plausible first."""

from __future__ import annotations

from wizard.core.scoring.result import Contribution, Exclusion, Result, Sensitivity
from wizard.core.scoring.result_words import reason_sentence, split_changes, strongest_reasons


def c(option: str, points: float, why: str = "A reason.") -> Contribution:
    return Contribution(source="rule", id=f"r{points}", option=option, points=points, why=why)


def test_the_strongest_reasons_are_the_winners_gains_then_the_others_losses() -> None:
    result = Result(recommended="ec2", contributions=(c("ec2", 1), c("ec2", 3), c("lambda", -2), c("lambda", 5)))
    assert [x.points for x in strongest_reasons(result)] == [3, 1, -2]
    assert reason_sentence(c("ec2", 3, "Busy servers."), "Amazon EC2") == "Busy servers (+3 for Amazon EC2)."


def test_plausible_changes_come_first_and_hard_limit_flips_apart() -> None:
    items = (
        Sensitivity(question="longest_run_s", current=30, alternative=901, recommended="ec2"),
        Sensitivity(question="requests", current=1000, alternative=5000, recommended="ec2"),
        Sensitivity(question="requests2", current=1000, alternative=50_000, recommended="ec2"),
        Sensitivity(question="traffic", current="steady", alternative="spiky", recommended="ec2"),
    )
    result = Result(recommended="lambda", sensitivity=items)
    ruled_out = Result(excluded=(Exclusion(option="lambda", constraint="x", reason="r", source="s"),))

    def score(answers: dict[str, object]) -> Result:
        return ruled_out if answers.get("longest_run_s") == 901 else Result()

    changes = split_changes(result, {"longest_run_s": 30, "requests": 1000, "requests2": 1000, "traffic": "steady"},
                            score)  # type: ignore[arg-type]
    assert [s.question for s in changes.plausible] == ["requests", "traffic"]
    assert [s.question for s in changes.distant] == ["requests2"]
    assert [s.question for s in changes.limit_flips] == ["longest_run_s"]


def test_one_wording_of_labels_origins_and_limits() -> None:
    from pathlib import Path

    from wizard.core.questionnaire.model import load_questionnaire
    from wizard.core.scoring.result_words import contribution_origin, option_label, origin, ruled_out

    q = load_questionnaire(Path(__file__).resolve().parent.parent / "questionnaires" / "lambda-vs-ec2.toml")
    questionnaire = q.questionnaire
    assert option_label(questionnaire, "ec2") == "Amazon EC2"
    assert option_label(None, "ec2") == "ec2" and option_label(questionnaire, None) == "none"
    team = Contribution(source="question", id="ops_team", answer="dedicated", option="ec2", points=2)
    assert contribution_origin(team, questionnaire) == "ops_team = A dedicated ops / SRE / platform team"
    assert contribution_origin(team, None) == "ops_team = dedicated"  # the questionnaire is gone: stored value
    assert origin("rule", "steady-traffic", None, questionnaire) == "rule steady-traffic"
    limits = (Exclusion(option="lambda", constraint="a", reason="Runs over 15 minutes.", source="https://x"),
              Exclusion(option="lambda", constraint="b", reason="The same limit again.", source="https://x"))
    assert [(x.option, x.reason) for x in ruled_out(Result(excluded=limits))] == [("lambda", "Runs over 15 minutes")]
