"""One record through the CLI report, the app's result screen and the Markdown export: the three say
an option's name, where a contribution came from, an exclusion and the break-even in the same words,
the words of `wizard.core.scoring.result_words` (they only style them)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from wizard.cli.report import render_report
from wizard.core.records.markdown import record_to_markdown
from wizard.core.scoring.result_words import break_even_line, contribution_origin, option_label, ruled_out
from wizard.tui.screens.result import ResultScreen
from wizard.core.records.model import evaluated_record

from . import scenarios


def plain(renderable: object) -> str:
    console = Console(width=400, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return " ".join(console.export_text().split())


def words(text: str) -> str:
    return " ".join(text.replace("`", "").split())


@pytest.mark.parametrize("changes", [{}, {"avg_duration_ms": 1_200_000, "longest_run_s": 1200}],
                         ids=["both-priced", "lambda-ruled-out"])
async def test_the_report_the_app_and_the_markdown_word_one_record_alike(changes: dict[str, object]) -> None:
    app = scenarios.make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await scenarios.start_filled(pilot, **changes)
        await pilot.press("ctrl+r", "ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        session = screen.session
        questionnaire = session.questionnaire
        record = evaluated_record(session.evaluator, screen.evaluation, title="One wording")
        result, cost = record.result, record.cost
        assert cost is not None and bool(result.excluded) is bool(changes)
        shown_in_app = " ".join([
            plain(screen._decision()), plain(screen._contributions()), plain(screen._cost_notes(cost)),
        ])
    report = plain(render_report(questionnaire, result, cost))
    markdown = words(record_to_markdown(record, questionnaire))

    heaviest = sorted(result.argued(), key=lambda c: -abs(c.points))[:3]
    expected = [option_label(questionnaire, result.recommended)]
    expected += [contribution_origin(c, questionnaire) for c in heaviest]
    expected += [option_label(questionnaire, e.option) for e in ruled_out(result)]
    expected += [e.reason for e in ruled_out(result)]
    expected.append(break_even_line(cost) if cost.lambda_.possible else "AWS Lambda cannot run this workload")
    assert len(expected) >= 5
    for phrase in expected:
        phrase = words(phrase)
        assert phrase in shown_in_app, ("app", phrase)
        assert phrase in report, ("report", phrase)
        assert phrase in markdown, ("markdown", phrase)
