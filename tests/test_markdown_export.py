"""The MADR 4.0 Markdown export: layout, escaping of hostile text, and the committed example."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from wizard.core.scoring.evaluator import Evaluator
from wizard.core.records.markdown import code, escape, escape_block, link, record_to_markdown, yaml_string
from wizard.core.questionnaire.model import LoadedQuestionnaire
from wizard.core.records.model import DecisionRecord, Status, load_record
from wizard.core.records.model import evaluated_record

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = ROOT / "examples" / "decisions"
EXAMPLE_RECORD = EXAMPLE_DIR / "steady-api-decision.toml"
EXAMPLE_MD = EXAMPLE_DIR / "steady-api-decision.md"

HOSTILE = "<script>alert(1)</script> [x](y) | *bold* _under_ `code` ~~gone~~ $x$ #tag &amp; <!-- c -->"


def wizard(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT,
                          env=env, timeout=60, check=False)


def render(markdown: str) -> str:
    """HTML as a CommonMark renderer with GitHub's tables and strikethrough makes it (front matter
    is shown as text, as log4brains and plain renderers do)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def make(loaded: LoadedQuestionnaire, example: str, **fields: object) -> DecisionRecord:
    data = tomllib.loads((ROOT / "examples" / f"{example}.toml").read_text(encoding="utf-8"))
    evaluator = Evaluator.load(loaded)
    evaluation = evaluator.evaluate(data["answers"], sensitivity=True)
    defaults: dict[str, object] = {"title": data["title"], "date": dt.date(2026, 11, 26), "status": Status.ACCEPTED,
                                   "deciders": ("Ada", "Lin")}
    return evaluated_record(evaluator, evaluation, **{**defaults, **fields})  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# The committed example


def test_committed_example_equals_a_fresh_export() -> None:
    proc = wizard("export", EXAMPLE_RECORD.name, cwd=EXAMPLE_DIR)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == EXAMPLE_MD.read_text(encoding="utf-8"), (
        "examples/decisions/steady-api-decision.md is out of date: "
        "cd examples/decisions && wizard export steady-api-decision.toml -o steady-api-decision.md")


def test_example_record_is_made_from_the_steady_api_answers() -> None:
    record = load_record(EXAMPLE_RECORD)
    answers = tomllib.loads((ROOT / "examples" / "steady-api.toml").read_text(encoding="utf-8"))["answers"]
    assert record.questionnaire.id == "lambda-vs-ec2"
    assert {k: list(v) if isinstance(v, tuple) else v for k, v in record.answers.items()} == answers
    assert record.result.recommended == "ec2" and record.cost is not None


# ---------------------------------------------------------------------------------------------
# Layout


def test_export_has_front_matter_and_every_madr_section(default_loaded: LoadedQuestionnaire) -> None:
    record = make(default_loaded, "steady-api", context="Partners call it all day.\n\nWhich runtime?")
    md = record_to_markdown(record, default_loaded.questionnaire, record_link="2026-11-26-steady.toml")
    front, body = md.split("\n\n---\n\n", 1)
    assert front.splitlines() == ["---", 'status: "accepted"', "date: 2026-11-26", 'decision-makers: "Ada, Lin"']
    assert body.startswith("# Partner pricing API with steady high traffic\n\n- Status: accepted\n- Date: 2026-11-26\n"
                           "- Deciders: Ada, Lin\n")
    headings = re.findall(r"^(#{1,3} .+)$", body, re.MULTILINE)
    assert headings == [
        "# Partner pricing API with steady high traffic", "## Context and Problem Statement", "## Decision Drivers",
        "## Considered Options", "## Decision Outcome", "### Consequences", "### Confirmation",
        "## Pros and Cons of the Options", "### AWS Lambda", "### Amazon EC2", "### Lambda Managed Instances",
        "### ECS on Fargate", "## More Information",
        "### Monthly cost", "### Decision record",
    ]
    assert "Partners call it all day.\n\nWhich runtime?" in md
    # The runner-up is named: at the same bill, ECS on Fargate comes close for a team already on containers.
    ec2, fargate = record.result.scores["ec2"].score, record.result.scores["fargate"].score
    chosen = (f'Chosen option: "Amazon EC2", because it comes out best: {ec2:g} of 100 '
              f'against {fargate:g} for ECS on Fargate')
    assert chosen in md
    assert f"(confidence low: leads by only {record.result.margin:g} points)" in md
    assert "* Good, because " in md and "* Bad, because " in md
    assert "* AWS Lambda: Functions as a service" in md
    assert "[2026-11-26-steady.toml](2026-11-26-steady.toml)" in md
    html_text = render(md)
    table = re.search(r"<table>.*?</table>", html_text, re.DOTALL)
    assert table is not None
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(), re.DOTALL)
    # Header, requests, compute, front door, data transfer, logs, public IPv4, EBS, total.
    assert len(rows) == 9 and all(len(re.findall(r"<t[hd][ >]", row)) == 3 for row in rows)
    assert [re.search(r"<t[hd]>(.*?)</t[hd]>", row).group(1) for row in rows[1:-1]] == [  # type: ignore[union-attr]
        "Requests", "Compute", "Front door / load balancer", "Data transfer out", "CloudWatch Logs",
        "Public IPv4 addresses", "EBS gp3 volumes"]
    assert "Total" in rows[-1] and "$" in html.unescape(rows[-1])


def test_excluded_options_name_the_limit_and_its_source(default_loaded: LoadedQuestionnaire) -> None:
    record = make(default_loaded, "video-transcoding")
    assert record.result.excluded
    md = record_to_markdown(record, default_loaded.questionnaire)
    assert "because it is the only option that no hard limit rules out" in md
    exclusion = record.result.excluded[0]
    assert f"* Hard limit for AWS Lambda: {escape(exclusion.reason)}" in md
    assert f"* Bad, because it is excluded: {escape(exclusion.reason)} (constraint `{exclusion.constraint}`, " \
           f"[source]({exclusion.source}))" in md
    assert "Exported from a TOML decision record" in md  # no link given


def test_superseded_records_and_records_without_cost_or_questionnaire(default_loaded: LoadedQuestionnaire) -> None:
    record = make(default_loaded, "webhook-handler").model_copy(update={
        "status": Status.SUPERSEDED, "superseded_by": "2027-01-01-new.toml", "cost": None,
        "supersedes": ("2025-01-01-older.toml",)})
    md = record_to_markdown(record)  # no questionnaire: options by id
    assert md.startswith('---\nstatus: "superseded by 2027-01-01-new"\n')
    assert "- Status: superseded by 2027-01-01-new\n" in md and "- Supersedes: 2025-01-01-older\n" in md
    assert "### Monthly cost" not in md and "## Considered Options\n\n* lambda\n* ec2" in md
    assert "Superseded by 2027-01-01-new." in md


# ---------------------------------------------------------------------------------------------
# Hostile text renders literally


def test_hostile_text_renders_literally(default_loaded: LoadedQuestionnaire) -> None:
    context = "\n".join([HOSTILE, "- not a list", "1. not a list either", "# not a heading", "> not a quote",
                         "===", "    not code", "<div>not html</div>"])
    record = make(default_loaded, "steady-api", title=HOSTILE, context=context, deciders=(HOSTILE, "Ada"),
                  tags=("a|b",))
    md = record_to_markdown(record, default_loaded.questionnaire, record_link="odd name (1).toml")
    page = render(md)
    assert "<script" not in page and "<div" not in page and "<!--" not in page
    assert '<a href="y"' not in page
    for tag in ("<ul>\n<li>not", "<ol", "<blockquote", "<pre", "<em>", "<strong>bold", "<s>", "<code>code"):
        assert tag not in page, tag
    h1 = re.findall(r"<h1>(.*?)</h1>", page)
    assert [html.unescape(h) for h in h1] == [HOSTILE]  # the only h1, word for word
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for line in context.splitlines():
        assert line.strip() in text, line
    assert '<a href="odd%20name%20%281%29.toml">odd name (1).toml</a>' in page
    # The front matter is YAML (JSON strings are YAML) holding the text exactly.
    front = md.split("\n\n---\n", 1)[0].splitlines()
    makers = next(line for line in front if line.startswith("decision-makers: "))
    assert json.loads(makers.removeprefix("decision-makers: ")) == f"{HOSTILE}, Ada"


def test_hostile_text_in_table_cells_keeps_the_columns(default_loaded: LoadedQuestionnaire) -> None:
    record = make(default_loaded, "steady-api")
    assert record.cost is not None
    cost = record.cost.model_copy(update={"ec2": record.cost.ec2.model_copy(update={"instance_type": "t3|x</td>"})})
    page = render(record_to_markdown(record.model_copy(update={"cost": cost}), default_loaded.questionnaire))
    table = re.search(r"<table>.*?</table>", page, re.DOTALL)
    assert table is not None
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(), re.DOTALL):
        assert len(re.findall(r"<t[hd][ >]", row)) == 3, row
    assert "t3|x&lt;/td&gt;" in table.group()


@pytest.mark.parametrize(("text", "expected"), [
    ("a|b", "a\\|b"),
    ("<b>", "\\<b\\>"),
    ("[x](y)", "\\[x\\](y)"),
    ("*_`~$#&", "\\*\\_\\`\\~\\$\\#\\&"),
    ("back\\slash", "back\\\\slash"),
    ("two\nlines", "two lines"),
    ("1. one", "1. one"),
    ("- item", "- item"),
])
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_escape_at_the_start_of_a_block() -> None:
    assert escape("- item", start=True) == "\\- item"
    assert escape("+ item", start=True) == "\\+ item"
    assert escape("12) item", start=True) == "12\\) item"
    assert escape("=====", start=True) == "\\====="
    assert escape_block("a\nb\n\n\nc") == "a\\\nb\n\nc"


def test_code_link_and_yaml_helpers() -> None:
    assert code("a = b") == "`a = b`"
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert link("source", "https://docs.aws.amazon.com/a (b)") == "[source](https://docs.aws.amazon.com/a%20%28b%29)"
    assert link("source", "javascript:alert(1)") == "source"
    assert link("r.toml", "../r.toml") == "[r.toml](../r.toml)"
    for text in ('a"b', "<x>", "new\nline", "tab\t", "\u2028", "é"):
        assert json.loads(yaml_string(text)) == text
    assert "<" not in yaml_string("<x>") and "|" not in yaml_string("a|b")


@pytest.mark.parametrize(("why", "after"), [
    ("Part-time operations cannot patch servers.", "part-time operations cannot patch servers."),
    ("Multi-AZ is built into Lambda.", "multi-AZ is built into Lambda."),
    ("Steady volume keeps instances busy.", "steady volume keeps instances busy."),
    ("A team that runs servers.", "a team that runs servers."),
    ("EC2 bills by the hour.", "EC2 bills by the hour."),
    ("Lambda-style glue suits events.", "Lambda-style glue suits events."),
    ("SRE-run fleets need no help.", "SRE-run fleets need no help."),
])
def test_a_reason_after_because_starts_lowercase_unless_it_is_a_name(why: str, after: str) -> None:
    from wizard.core.questionnaire.catalog import default_questionnaire_path
    from wizard.core.records.markdown import _Writer
    from wizard.core.questionnaire.model import load_questionnaire

    record = load_record(EXAMPLE_RECORD)
    questionnaire = load_questionnaire(default_questionnaire_path()).questionnaire
    assert _Writer(record, questionnaire)._lower_first(why) == after


def test_the_export_shows_no_lambda_bill_when_lambda_cannot_run_the_workload() -> None:
    from wizard.core.questionnaire.catalog import default_questionnaire_path
    from wizard.core.questionnaire.model import load_questionnaire

    loaded = load_questionnaire(default_questionnaire_path())
    evaluator = Evaluator.load(loaded)
    answers = tomllib.loads((ROOT / "examples" / "steady-api.toml").read_text())["answers"]
    answers.update(avg_duration_ms=1_200_000, longest_run_s=1200)  # a 20-minute run: over 900 s
    record = evaluated_record(evaluator, evaluator.evaluate(answers, sensitivity=True), title="Long runs")
    md = record_to_markdown(record, loaded.questionnaire)
    assert "| **Total** | **not possible** |" in md
    assert "AWS Lambda cannot run this workload: an average run of 1,200 s is over" in md
    assert "Amazon EC2 is the only option" in md and "is cheaper by" not in md


def test_the_export_shows_the_middle_bills_when_lambda_cannot_run_the_workload() -> None:
    # A 20-minute run rules Lambda out, not Fargate: its bill (and LMI's) still belong in the export.
    from wizard.core.questionnaire.catalog import default_questionnaire_path
    from wizard.core.questionnaire.model import load_questionnaire

    loaded = load_questionnaire(default_questionnaire_path())
    evaluator = Evaluator.load(loaded)
    answers = tomllib.loads((ROOT / "examples" / "steady-api.toml").read_text())["answers"]
    answers.update(avg_duration_ms=1_200_000, longest_run_s=1200)
    record = evaluated_record(evaluator, evaluator.evaluate(answers, sensitivity=True), title="Long runs")
    assert record.cost is not None and record.cost.fargate is not None and record.cost.fargate.possible
    md = record_to_markdown(record, loaded.questionnaire)
    assert "| Middle roads | Lambda Managed Instances" in md and "ECS on Fargate (" in md
    assert "Of AWS Lambda and Amazon EC2, Amazon EC2 is the only option" in md
    assert "Cheapest of the four options that can run it:" in md
