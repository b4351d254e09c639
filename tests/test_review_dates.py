"""Review dates: `review_by` in records, `wizard list --status/--tag/--since/--due`, and
`wizard rescore` naming overdue reviews (`--fail-on-due`), through the real entry point."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import DecisionRecord, Status, load_record, record_to_toml, save_record
from wizard.core.records.review import add_months, is_due, parse_review_by

from test_records_cmds import QUESTIONNAIRE, make_record, wizard

TODAY = dt.date(2026, 3, 31)


def test_review_dates_as_typed() -> None:
    assert parse_review_by("2027-06-01", TODAY) == dt.date(2027, 6, 1)
    assert parse_review_by("12m", TODAY) == dt.date(2027, 3, 31)
    assert parse_review_by("in 1m", TODAY) == dt.date(2026, 4, 30)  # the month's last day
    assert parse_review_by("+2y", TODAY) == dt.date(2028, 3, 31)
    assert parse_review_by("90d", TODAY) == TODAY + dt.timedelta(days=90)
    assert parse_review_by("6w", TODAY) == TODAY + dt.timedelta(weeks=6)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    for bad in ("soon", "2026-02-30", "13", "999999d"):
        with pytest.raises(ValueError, match="not a review date"):
            parse_review_by(bad, TODAY)
    assert is_due(dt.date(2026, 3, 30), TODAY) and not is_due(TODAY, TODAY) and not is_due(None, TODAY)


def test_older_records_load_and_rewrite_without_the_new_keys() -> None:
    loaded = load_questionnaire(QUESTIONNAIRE)
    record = make_record(loaded, "webhook-handler")
    text = record_to_toml(record)
    assert "review_by" not in text and "consulted" not in text and "informed" not in text
    with_them = record.model_copy(update={"review_by": TODAY, "consulted": ("Sec",), "informed": ("Ops",)})
    text = record_to_toml(with_them)
    assert "review_by = 2026-03-31" in text and '"Sec"' in text and '"Ops"' in text


@pytest.fixture
def decisions(tmp_path: Path) -> Path:
    loaded = load_questionnaire(QUESTIONNAIRE)
    folder = tmp_path / "decisions"
    folder.mkdir()
    records: list[tuple[str, DecisionRecord]] = [
        ("2025-01-10-overdue.toml", make_record(loaded, "webhook-handler", date=dt.date(2025, 1, 10),
                                                review_by=dt.date(2020, 1, 1), tags=("billing",))),
        ("2025-06-01-later.toml", make_record(loaded, "steady-api", date=dt.date(2025, 6, 1),
                                              review_by=dt.date(2999, 1, 1), status=Status.PROPOSED,
                                              tags=("billing", "api"))),
        ("2026-02-01-none.toml", make_record(loaded, "nightly-etl", date=dt.date(2026, 2, 1))),
    ]
    for name, record in records:
        save_record(record, folder / name)
    return folder


def _files(proc_stdout: str) -> list[str]:
    return [r["file"] for r in json.loads(proc_stdout)["records"]]


def test_list_filters(decisions: Path) -> None:
    every = wizard("list", decisions, "--format", "json")
    assert len(_files(every.stdout)) == 3
    due = wizard("list", decisions, "--due", "--format", "json")
    assert due.returncode == 0
    [row] = json.loads(due.stdout)["records"]
    assert row["file"] == "2025-01-10-overdue.toml"
    assert row["review_by"] == "2020-01-01" and row["review_due"] is True and row["review_overdue_days"] > 2000
    assert _files(wizard("list", decisions, "--status", "proposed", "--format", "json").stdout) == [
        "2025-06-01-later.toml"]
    assert _files(wizard("list", decisions, "--tag", "billing", "--tag", "api", "--format", "json").stdout) == [
        "2025-06-01-later.toml"]
    assert _files(wizard("list", decisions, "--since", "2025-06-01", "--format", "json").stdout) == [
        "2025-06-01-later.toml", "2026-02-01-none.toml"]


def test_list_text_marks_overdue_reviews_and_counts_matches(decisions: Path) -> None:
    proc = wizard("list", decisions)
    assert proc.returncode == 0, proc.stderr
    assert "review due" in proc.stdout and "2020-01-01" in proc.stdout
    filtered = wizard("list", decisions, "--due")
    assert "1 of 3 records match." in filtered.stdout


def test_list_bad_date_is_one_line(decisions: Path) -> None:
    proc = wizard("list", decisions, "--since", "last week")
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1
    assert proc.stderr.startswith("wizard list: argument --since: expected a date")


def test_rescore_reports_overdue_reviews_and_fails_on_them_when_asked(decisions: Path) -> None:
    proc = wizard("rescore", decisions)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "review overdue: it was to be reviewed by 2020-01-01" in proc.stdout
    assert "1 past its review date" in proc.stdout
    assert wizard("rescore", decisions, "--fail-on-due").returncode == 1
    assert wizard("rescore", decisions / "2025-06-01-later.toml", "--fail-on-due").returncode == 0
    data = json.loads(wizard("rescore", decisions, "--format", "json").stdout)
    assert data["summary"]["review_due"] == 1
    assert [r["review_due"] for r in data["records"]] == [True, False, False]


def test_rescore_update_keeps_the_review_date(decisions: Path, tmp_path: Path) -> None:
    path = decisions / "2025-01-10-overdue.toml"
    assert load_record(path).review_by == dt.date(2020, 1, 1)
    wizard("rescore", path, "--update")
    assert load_record(path).review_by == dt.date(2020, 1, 1)
