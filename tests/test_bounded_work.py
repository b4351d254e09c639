"""Bounded work: sensitivity tries at most `MAX_SENSITIVITY_TRIALS` alternative answers, nearest
first, and says when it was cut; so scoring a questionnaire that `wizard check` passes can no longer
take minutes (one number question with 20,000 bands took 72 s, 100,000 answered questions 202 s).
Work is counted in trials (re-scorings), not timed."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console

from wizard.cli.report import render_report
from wizard.core.scoring import engine
from wizard.core.scoring.engine import MAX_SENSITIVITY_TRIALS, evaluate
from wizard.core.questionnaire.model import Questionnaire

OPTIONS = [{"id": "lambda", "label": "Lambda"}, {"id": "ec2", "label": "EC2"}]


def banded(bands: int) -> Questionnaire:
    return Questionnaire.model_validate({
        "id": "bands", "version": "1", "title": "Bands", "options": OPTIONS,
        "stages": [{"id": "s", "title": "S", "questions": [{
            "id": "n", "kind": "number", "prompt": "n?", "min": 0, "max": bands,
            "bands": [{"min": i, "max": i + 1, "effects": {"lambda": 1 if i % 2 else -1}, "why": "w"}
                      for i in range(bands)]}]}]})


def booleans(count: int) -> Questionnaire:
    return Questionnaire.model_validate({
        "id": "many", "version": "1", "title": "Many", "options": OPTIONS,
        "stages": [{"id": "s", "title": "S", "questions": [
            {"id": f"q{i}", "kind": "boolean", "prompt": "?", "if_true": {"effects": {"lambda": 1}, "why": "y"},
             "if_false": {"effects": {"ec2": 1}, "why": "n"}} for i in range(count)]}]})


@pytest.fixture
def trials(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the re-scorings sensitivity makes (each trial is one `_tally` from the base tally)."""
    counted = [0]
    real = engine._tally

    def tally(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("only") is not None:
            counted[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "_tally", tally)
    return counted


@pytest.mark.parametrize("size", [1_000, 4_000, 20_000])
def test_a_number_with_thousands_of_bands_is_cut_at_the_budget(size: int, trials: list[int]) -> None:
    result = evaluate(banded(size), {"n": size // 2}, sensitivity=True).result
    assert trials[0] == min(MAX_SENSITIVITY_TRIALS, size - 1)
    assert result.sensitivity_cut_at == (MAX_SENSITIVITY_TRIALS if size - 1 > MAX_SENSITIVITY_TRIALS else None)
    # Nearest first: the alternatives found are the bands next to the answer.
    assert result.sensitivity and abs(float(result.sensitivity[0].alternative) - size // 2) <= 1  # type: ignore[arg-type]


def test_many_answered_questions_are_tried_nearest_first_within_the_budget(trials: list[int]) -> None:
    count = 3 * MAX_SENSITIVITY_TRIALS
    answers = {f"q{i}": i % 3 == 0 for i in range(count)}
    result = evaluate(booleans(count), answers, sensitivity=True).result
    assert trials[0] == MAX_SENSITIVITY_TRIALS and result.sensitivity_cut_at == MAX_SENSITIVITY_TRIALS
    console = Console(width=200, record=True)
    console.print(render_report(booleans(count), result))
    assert "cut short: only the nearest 2,000 alternative answers were tried" in console.export_text()


def test_a_small_questionnaire_is_tried_in_full(trials: list[int]) -> None:
    result = evaluate(booleans(50), {f"q{i}": True for i in range(50)}, sensitivity=True).result
    assert trials[0] == 50 and result.sensitivity_cut_at is None


def test_check_warns_about_a_size_that_makes_scoring_slow() -> None:
    from wizard.core.questionnaire.lint import SLOW_BANDS, SLOW_SIZE, lint

    def slow(f: Any) -> bool:
        return f.severity == "warning" and "bands" in f.where and "sensitivity analysis" in f.message

    many_bands = [f for f in lint(banded(SLOW_BANDS + 1)) if slow(f)]
    assert len(many_bands) == 1 and f"{SLOW_BANDS + 1:,} bands" in many_bands[0].message
    assert not [f for f in lint(banded(SLOW_BANDS)) if slow(f)]
    big = [f for f in lint(booleans(SLOW_SIZE + 1)) if f.where == "questionnaire"]
    assert len(big) == 1 and f"{SLOW_SIZE + 1:,} questions" in big[0].message and big[0].severity == "warning"
    assert not [f for f in lint(booleans(SLOW_SIZE)) if f.where == "questionnaire"]


def test_show_renders_a_long_context_line_by_line(tmp_path: Any) -> None:
    # One Rich Text of N lines costs Rich N² work to split into lines (100,000 lines took 19 s);
    # one Text a line is linear. The header holds no Text of more than one line of the context.
    import re
    from pathlib import Path

    from wizard.cli.commands.show import show_header
    from wizard.core.records.model import load_record

    example = Path(__file__).resolve().parent.parent / "examples" / "decisions" / "steady-api-decision.toml"
    context = "\\n".join(f"line {i}" for i in range(2_000))
    path = Path(tmp_path) / "long.toml"
    path.write_text(re.sub(r'context = """.*?"""', lambda _: f'context = "{context}"', example.read_text(),
                           flags=re.S), encoding="utf-8")
    record = load_record(path)
    texts = show_header(path, record, None)
    shown = [t.plain for t in texts]
    assert "line 0" in shown and "line 1999" in shown
    assert all("\n" not in t for t in shown)
