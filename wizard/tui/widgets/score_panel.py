"""The live sidebar: a bar per option, exclusions struck out with their reason, the leader and
margin, and the four monthly bills (the cheapest in bold). It is updated in place (`show`), never recomposed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from wizard.core.questionnaire.display import bar, money, printable

if TYPE_CHECKING:  # annotations only: the first stage's sidebar is drawn before pydantic loads
    from wizard.core.questionnaire.model import Questionnaire
    from wizard.core.scoring.result import Result

BAR = 16
#: The four bills, as the sidebar names them (short enough for its 30 columns), and their facts.
BILLS = (("Lambda", "cost.lambda_monthly_usd"), ("Lambda Managed", "cost.lambda_managed_monthly_usd"),
         ("Fargate", "cost.fargate_monthly_usd"), ("EC2", "cost.ec2_monthly_usd"))
OPTION_OF = {"cost.lambda_monthly_usd": "lambda", "cost.lambda_managed_monthly_usd": "lambda-managed",
             "cost.fargate_monthly_usd": "fargate", "cost.ec2_monthly_usd": "ec2"}


#: What the sidebar says while the core loads (tui/first_stage.py).
SCORING = "Scoring…"

WAITING = ("Scores appear once you pass the first stage with Next: a leader on a few answers "
           "would mislead, and suggested answers count only once you accept them.")


def score_content(questionnaire: Questionnaire, result: Result, *, width: int = BAR, compact: bool = False,
                  cost_note: str | None = None, scoring: bool = True) -> Content:
    """Score bars, exclusions, leader and (unless compact) bills and progress as one block of styled text;
    `cost_note`: why there are no bills although the workload is answered; `scoring` False: no leader,
    score or confidence yet, only what the sidebar waits for and the count of answers."""
    if not scoring:
        return Content.assemble(("Waiting for the first stage\n", "bold"), (WAITING, "$text-muted"), "\n\n",
                                (f"{result.answered} of {result.shown} answered", "$text-muted"))
    parts: list[str | Content | tuple[str, str]] = []
    for score in result.ranking():
        label = printable(questionnaire.option(score.option).label)
        if score.excluded:
            parts += [(label, "strike $text-muted"), "\n", (bar(0, width), "$error"), ("  excluded\n", "$error")]
        else:
            style = "bold $success" if score.option == result.recommended else "bold"
            parts += [(label, style), "\n", (bar(score.score, width), "$accent"), f" {score.score:5.1f}\n"]
    for exclusion in result.excluded:
        label = printable(questionnaire.option(exclusion.option).label)
        parts += ["\n", ("✗ ", "$error"), (label, "strike"), ": ", (printable(exclusion.reason), "italic")]
    parts.append("\n\n")
    if result.recommended is None:
        parts.append(("Every option is excluded.", "bold $error"))
    else:
        leader = printable(questionnaire.option(result.recommended).label)
        parts += ["Leading: ", (leader, "bold $success")]
        # "by 29.1 points, confidence high"; with one option left there is no margin to give.
        parts.append(f"\nby {result.margin:g} points, " if result.margin is not None else "\n")
        parts.append((f"confidence {result.confidence}", "$text-muted"))
    if compact:
        return Content.assemble(*parts)
    facts = result.facts
    if "cost.ec2_monthly_usd" in facts:  # a bill not given: a hard limit rules that option out
        parts += ["\n\n", ("Monthly bill", "bold")]
        for name, fact in BILLS:
            usd = facts.get(fact)
            shown = money(float(usd)) if isinstance(usd, (int, float)) else "not possible"
            style = "bold $success" if facts.get("cost.cheapest") == OPTION_OF[fact] else ""
            parts += ["\n", f"{name:<15}", (f"{shown:>12}", style)]
    elif cost_note:
        parts += ["\n\n", ("Monthly bill\n", "bold"), (f"not computed: {printable(cost_note)}", "$warning")]
    parts += ["\n\n", (f"{result.answered} of {result.shown} answered", "$text-muted")]
    return Content.assemble(*parts)


class ScorePanel(Static):
    """Shows one result; `show` replaces what it shows. Without a questionnaire (the first stage drawn
    before the core loads) it says "Scoring…" until `show` is given one."""

    DEFAULT_CSS = """
    ScorePanel { padding: 0 1; }
    """

    def __init__(self, questionnaire: Questionnaire | None, result: Result | None = None, *, id: str | None = None,
                 cost_note: str | None = None, scoring: bool = True) -> None:
        if questionnaire is None:
            content = Content.styled(SCORING, "bold")
        elif result is None:
            content = Content()
        else:
            content = score_content(questionnaire, result, cost_note=cost_note, scoring=scoring)
        super().__init__(content, id=id, markup=False)
        self.questionnaire = questionnaire

    def show(self, result: Result, cost_note: str | None = None, *, scoring: bool = True) -> None:
        if self.questionnaire is not None:
            self.update(score_content(self.questionnaire, result, cost_note=cost_note, scoring=scoring))
