"""Answers into the cost model: each question's figure, what is assumed, and bills that agree with
every hard limit the questionnaire has (the issue's own failing cases)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from wizard.core.cost import CostFacts, estimate, workload_from_answers
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.records.markdown import record_to_markdown
from wizard.core.pricing.model import Pricing, load_pricing
from wizard.core.questionnaire.model import LoadedQuestionnaire, Questionnaire, load_questionnaire
from wizard.core.records.model import evaluated_record

ROOT = Path(__file__).resolve().parent.parent
PRICING = ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml"
STEADY = ROOT / "examples" / "steady-api.toml"


@pytest.fixture(scope="module")
def loaded() -> LoadedQuestionnaire:
    return load_questionnaire(ROOT / "questionnaires" / "lambda-vs-ec2.toml")


@pytest.fixture(scope="module")
def q(loaded: LoadedQuestionnaire) -> Questionnaire:
    return loaded.questionnaire


@pytest.fixture(scope="module")
def pricing() -> Pricing:
    return load_pricing(PRICING)


def steady(**changes: Any) -> dict[str, Any]:
    answers = tomllib.loads(STEADY.read_text())["answers"]
    answers.update(changes)
    return {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items() if v is not None}


def test_each_question_reaches_its_figure(q: Questionnaire) -> None:
    w = workload_from_answers(steady(cpu_share_pct=40, server_memory_mb=600, autoscaling=False, peak_hours_per_day=6,
                                     needs_gpu=True, provisioned_concurrency=True, egress_gb_month=300,
                                     log_gb_month=12, network_policy="private-vpc", nat_gb_month=50), q)
    assert w is not None
    assert (w.cpu_share, w.server_memory_mb, w.autoscaling, w.peak_hours_per_day) == (0.4, 600, False, 6)
    assert (w.needs_gpu, w.provisioned_concurrency, w.egress_gb, w.egress_kb_per_request) == (True, True, 300, 0)
    assert (w.app_log_gb, w.nat_gb, w.instance_public_ipv4) == (12, 50, False)
    assert w.lambda_platform_log_kb == 0.3
    assert w.assumed == frozenset()


def test_unanswered_figures_are_assumptions_and_say_so(q: Questionnaire, pricing: Pricing) -> None:
    w = workload_from_answers(steady(network_policy="simple"), q)
    assert w is not None
    assert w.assumed == {"cpu_share", "peak_hours_per_day", "egress_gb"}
    assert (w.cpu_share, w.peak_hours_per_day, w.egress_kb_per_request, w.nat_gb) == (0.25, 2.0, 10.0, None)
    assert w.instance_public_ipv4  # outside a private VPC the instances have public addresses
    text = "\n".join(estimate(w, pricing, curve_points=0).assumptions)
    assert "25% spent on the CPU (assumed: not answered)" in text
    assert "for 2 hour(s) a day (assumed: not answered)" in text
    assert "10 KB per request to the internet on both sides (assumed: not answered)" in text
    # Asynchronous work sends nothing back to callers: no data transfer is assumed.
    queued = workload_from_answers(steady(invocation="async", front_door=None), q)
    assert queued is not None and queued.egress_kb_per_request == 0 and "egress_gb" not in queued.assumed


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"os_control": "host"}, "lambda-no-os-control"),
        ({"inbound_connections": "own-listener"}, "lambda-no-inbound-connections"),
        ({"tmp_storage_mb": 20_000}, "lambda-max-tmp-storage"),
        ({"payload_mb": 50}, "lambda-sync-payload"),
        ({"longest_run_s": 2400}, "lambda-max-timeout"),
        ({"needs_gpu": True}, "lambda-no-gpu"),
        ({"memory_mb": 20_000}, "lambda-max-memory"),
    ],
)
def test_every_hard_limit_makes_lambdas_bill_impossible(
    loaded: LoadedQuestionnaire, pricing: Pricing, changes: dict[str, Any], constraint: str
) -> None:
    evaluator = Evaluator(loaded=loaded, pricing=pricing, providers=(CostFacts(pricing),))
    answers = steady(**changes)
    cost = evaluator.cost(answers)
    assert cost is not None and not cost.lambda_.possible and cost.cheaper == "ec2"
    assert constraint in {x.limit for x in cost.lambda_.limits_exceeded}
    assert all(x.source.startswith("https://") for x in cost.lambda_.limits_exceeded)
    assert cost.break_even_requests_per_month is None
    result = evaluator.evaluate(answers).result
    # No cost fact compares against the impossible bill, so no cost rule argues for or against Lambda.
    lambda_only = {"cost.lambda_monthly_usd", "cost.ratio", "cost.cheaper", "cost.lambda_gb_seconds",
                   "cost.lambda_over_budget", "cost.lambda_vs_cheapest", "cost.lambda_managed_ratio",
                   "cost.fargate_ratio"}
    assert not lambda_only & set(result.facts) and result.facts.get("cost.cheapest") != "lambda"
    # Only comparisons among the options that can run it remain (EC2 with the middle roads).
    assert not [c for c in result.contributions if c.id.startswith("cost-") and c.option == "lambda"]
    assert not [c for c in result.contributions if c.id.startswith("cost-") and "than-lambda" in c.id]


def test_a_gpu_service_is_priced_on_a_gpu(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    cost = Evaluator(loaded=loaded, pricing=pricing).cost(steady(needs_gpu=True, requests_per_month=10_000_000,
                                                                 avg_duration_ms=200))
    assert cost is not None
    itype = pricing.ec2.by_id[cost.ec2.instance_type]
    assert itype.gpus >= 1 and itype.family in {"g4dn", "g5", "g6"}


def test_a_streamed_response_from_a_function_url_may_pass_6_mb(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    evaluator = Evaluator(loaded=loaded, pricing=pricing)
    streamed = steady(front_door="url", payload_mb=50, response_streaming=True)
    assert not evaluator.evaluate(streamed).result.excluded
    result = evaluator.evaluate({**streamed, "payload_mb": 300}).result
    assert [e.constraint for e in result.excluded] == ["lambda-streamed-response-size"]
    # Not streamed, or through an ALB, the 6 MB limit rules Lambda out as before.
    plain = evaluator.evaluate(steady(front_door="url", payload_mb=50, response_streaming=False)).result
    assert [e.constraint for e in plain.excluded] == ["lambda-sync-payload", "lambda-managed-sync-payload"]


def test_cost_rules_are_tiered_and_quote_both_bills(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    evaluator = Evaluator(loaded=loaded, pricing=pricing, providers=(CostFacts(pricing),))
    result = evaluator.evaluate(steady()).result
    ratio = result.facts["cost.ratio"]
    assert isinstance(ratio, float) and 2 <= ratio < 5
    [rule] = [c for c in result.contributions if c.id.startswith("cost-ec2")]
    assert rule.id == "cost-ec2-much-cheaper" and rule.points == 3
    lam, ec2 = result.facts["cost.lambda_monthly_usd"], result.facts["cost.ec2_monthly_usd"]
    assert f"${lam:,.2f}" in rule.why and f"${ec2:,.2f}" in rule.why and "{" not in rule.why


def test_the_free_tier_band_looks_at_gb_seconds_too(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    evaluator = Evaluator(loaded=loaded, pricing=pricing, providers=(CostFacts(pricing),))
    small = evaluator.evaluate(steady(requests_per_month=500_000, avg_duration_ms=100, memory_mb=512)).result
    assert "lambda-free-tier-covers-it" in {c.id for c in small.contributions}
    # 40-minute jobs, 12,000 a month at 1 GB: 28.8M GB-s, far past the free tier, whatever the request count.
    jobs = steady(requests_per_month=12_000, avg_duration_ms=2_400_000, longest_run_s=2400, memory_mb=1024,
                  invocation="async", front_door=None, cold_start_tolerance=None, provisioned_concurrency=None)
    ids = {c.id for c in evaluator.evaluate(jobs).result.contributions}
    assert "lambda-free-tier-covers-it" not in ids


def test_points_to_a_ruled_out_option_are_moot(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    evaluator = Evaluator(loaded=loaded, pricing=pricing, providers=(CostFacts(pricing),))
    evaluation = evaluator.evaluate(steady(needs_gpu=True), sensitivity=True)
    result = evaluation.result
    assert result.moot() and all(c.option in ("lambda", "lambda-managed", "fargate") for c in result.moot())
    assert all(c.option == "ec2" for c in result.argued())
    record = evaluated_record(evaluator, evaluation, title="GPU inference")
    md = record_to_markdown(record, loaded.questionnaire)
    lambda_section = md.split("### AWS Lambda", 1)[1].split("###", 1)[0]
    assert "* Moot (ruled out), because" in lambda_section and "Good, because" not in lambda_section
    drivers = md.split("## Decision Drivers", 1)[1].split("##", 1)[0]
    assert "for AWS Lambda)" not in drivers


def test_the_text_report_shows_moot_points_apart(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import sys

    text = STEADY.read_text().replace("needs_gpu = false", "needs_gpu = true")
    path = tmp_path / "gpu.toml"
    path.write_text(text, encoding="utf-8")
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    proc = subprocess.run([*command, "score", str(path)], capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    table = proc.stdout.split("What drove the scores", 1)[1].split("Moot:", 1)[0]
    assert "AWS Lambda" not in table
    moot = [line for line in proc.stdout.splitlines() if line.lstrip().startswith("Moot:")]
    assert any("contributions" in line and "AWS Lambda" in line for line in moot)
    assert "to AWS Lambda, which a hard limit rules out" in " ".join(proc.stdout.split())


# ---------------------------------------------------------------------------------------------
# Questions an engineer can answer truthfully


def test_batches_turn_events_into_invocations(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    # 500M records a month in batches of 100: Lambda bills 5M invocations, not 500M.
    answers = steady(invocation="async", front_door=None, cold_start_tolerance=None, provisioned_concurrency=None,
                     requests_per_month=500_000_000, batch_size=100)
    w = workload_from_answers(answers, loaded.questionnaire)
    assert w is not None and w.requests_per_month == 5_000_000 and w.events_per_invocation == 100
    cost = Evaluator(loaded=loaded, pricing=pricing).cost(answers)
    assert cost is not None and cost.lambda_.requests_usd == pytest.approx(4 * 0.20, abs=0.01)  # 4M after 1M free
    assert any("batches of 100" in a and "invocations" in a for a in cost.assumptions)
    result = Evaluator(loaded=loaded, pricing=pricing).evaluate(answers).result
    assert "batch_size" in {c.id for c in result.contributions}


def test_websockets_through_api_gateway_are_priced_on_lambda_and_held_by_the_alb_on_ec2(
    loaded: LoadedQuestionnaire, pricing: Pricing
) -> None:
    answers = steady(inbound_connections="managed-websocket", websocket_connections=20_000,
                     websocket_messages_month=50_000_000)
    cost = Evaluator(loaded=loaded, pricing=pricing).cost(answers)
    assert cost is not None and cost.lambda_.possible
    ws = {i.item: i.usd for i in cost.lambda_.line_items}["websocket"]
    # 20,000 connections × 730 h × 60 = 876M connection minutes at $0.25 per million, plus 50M messages
    # of 10 KB (the assumed average payload), each within one 32 KB unit, at $1.00 per million.
    assert ws == pytest.approx(876 * 0.25 + 50 * 1.00, abs=0.01)
    # The ALB counts the held connections as active ones: at 1M requests a month 20,000 held
    # connections (6.7 LCU) outweigh the new connections (0.02 LCU).
    quiet = dict(requests_per_month=1_000_000)
    held = Evaluator(loaded=loaded, pricing=pricing).cost(steady(**quiet, inbound_connections="managed-websocket",
                                                                 websocket_connections=20_000))
    plain = Evaluator(loaded=loaded, pricing=pricing).cost(steady(**quiet))
    assert held is not None and plain is not None
    assert held.ec2.load_balancer_usd == pytest.approx(730 * (0.0225 + 20_000 / 3000 * 0.008), abs=0.01)
    assert plain.ec2.load_balancer_usd < 20
    # Its own listener with no managed door still rules Lambda out.
    own = Evaluator(loaded=loaded, pricing=pricing).cost(steady(inbound_connections="own-listener"))
    assert own is not None and not own.lambda_.possible


def test_step_functions_pipelines_are_priced_and_argued(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    answers = steady(orchestration="standard", steps_per_unit=6)
    cost = Evaluator(loaded=loaded, pricing=pricing).cost(answers)
    assert cost is not None
    sf = {i.item: i.usd for i in cost.lambda_.line_items}["step_functions"]
    # One transition a step (each invocation), the first 4,000 a month free, $0.025 per 1,000.
    assert sf == pytest.approx((2_000_000_000 - 4_000) / 1000 * 0.025, abs=0.01)
    express = Evaluator(loaded=loaded, pricing=pricing).cost(steady(orchestration="express", steps_per_unit=6))
    assert express is not None
    units = 2_000_000_000 / 6
    expected = units / 1e6 * 1.00 + 2_000_000_000 * 0.045 * (64 / 1024) * 0.00001667
    assert {i.item: i.usd for i in express.lambda_.line_items}["step_functions"] == pytest.approx(expected, abs=0.01)
    result = Evaluator(loaded=loaded, pricing=pricing).evaluate(answers).result
    ids = {c.id for c in result.contributions if c.option == "ec2"}
    assert {"orchestration", "steps_per_unit"} <= ids


def test_compliance_names_the_shared_responsibility_and_only_a_kernel_rules_lambda_out(
    loaded: LoadedQuestionnaire, pricing: Pricing
) -> None:
    evaluator = Evaluator(loaded=loaded, pricing=pricing)
    pci = evaluator.evaluate(steady(compliance=("pci-dss",), host_controls=("fim", "agents"))).result
    assert not pci.excluded  # both are in scope: no hard limit
    why = {c.id: c.why for c in pci.contributions}
    assert "AWS's" in why["compliance"] and "the team" in why["compliance"] and "https://" in why["compliance"]
    # Agents run as sidecar containers on Fargate; FIM needs a host of your own.
    assert [c.option for c in pci.contributions if c.id == "host_controls"] == ["ec2", "ec2", "fargate"]
    kernel = evaluator.evaluate(steady(compliance=("hipaa",), host_controls=("custom-kernel",))).result
    assert [e.constraint for e in kernel.excluded] == ["lambda-no-host-controls", "lambda-managed-no-host-control",
                                                       "fargate-no-host-control"]
    # Without a programme the follow-up is not asked, so an answer left in it counts for nothing.
    unasked = evaluator.evaluate(steady(compliance=("none",), host_controls=("custom-kernel",))).result
    assert not unasked.excluded and not [c for c in unasked.contributions if c.id == "host_controls"]


def test_snapstart_conflicts_are_argued(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    evaluator = Evaluator(loaded=loaded, pricing=pricing)
    both = evaluator.evaluate(steady(snapstart=True, provisioned_concurrency=True, tmp_storage_mb=1024)).result
    ids = {c.id for c in both.contributions}
    assert {"snapstart", "snapstart-with-provisioned-concurrency", "snapstart-with-large-tmp"} <= ids


def test_an_alb_answer_gives_neither_option_points(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    result = Evaluator(loaded=loaded, pricing=pricing).evaluate(steady(front_door="alb")).result
    assert not [c for c in result.contributions if c.id == "front_door"]


def test_the_bundled_questionnaire_names_a_source_for_every_figure() -> None:
    from wizard.core.questionnaire.lint import lint

    q = load_questionnaire(ROOT / "questionnaires" / "lambda-vs-ec2.toml").questionnaire
    assert not [f for f in lint(q) if "names no source" in f.message]
    # The pattern finds a figure without a source, and a URL anywhere in the question's texts clears it.
    extra = q.rules[0].model_copy(update={"id": "x", "why": "Costs $5 a month."})
    bad = q.model_copy(update={"rules": (*q.rules, extra)})
    assert [f.where for f in lint(bad) if "names no source" in f.message] == ['rules[id="x"]']


def test_answers_that_meant_two_things_now_say_which(q: Questionnaire) -> None:
    index = q.question_index
    assert "both" in index["existing_platform"].choice_values
    both = next(c for c in index["existing_platform"].choices if c.value == "both")
    assert not both.effects  # neither platform is favoured when both are at hand
    assert "retryable batch" in index["high_availability"].help
    none = next(c for c in index["os_control"].choices if c.value == "none")
    assert "pip wheels" in none.label
    assert "Long polling" in index["inbound_connections"].help


def test_init_is_billed_on_cold_starts_when_given(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    from wizard.core.cost import Workload, lambda_bill

    warm = lambda_bill(Workload(10_000_000, 100, 1024, free_tier=False), pricing)
    cold = lambda_bill(Workload(10_000_000, 100, 1024, free_tier=False, cold_start_share=0.01, init_ms=500), pricing)
    # 10M invocations × 1% × 0.5 s × 1 GB = 50,000 GB-s more at $0.0000166667.
    assert cold.gb_seconds - warm.gb_seconds == pytest.approx(50_000)
    assert cold.compute_usd - warm.compute_usd == pytest.approx(50_000 * 0.0000166667)
    # Provisioned Concurrency initialises ahead: no INIT per request.
    pc = dict(free_tier=False, provisioned_concurrency=True, cold_start_share=0.01, init_ms=500)
    assert lambda_bill(Workload(10_000_000, 100, 1024, **pc), pricing).gb_seconds == warm.gb_seconds  # type: ignore[arg-type]
    cost = Evaluator(loaded=loaded, pricing=pricing).cost(steady(cold_start_pct=2, init_ms=800))
    assert cost is not None and any("2% of invocations start cold" in a for a in cost.assumptions)
    plain = Evaluator(loaded=loaded, pricing=pricing).cost(steady())
    assert plain is not None and cost.lambda_.compute_usd > plain.lambda_.compute_usd
    assert any("not counted" in a and "INIT" in a for a in plain.assumptions)


def test_data_over_the_state_limit_is_handed_on_through_s3(loaded: LoadedQuestionnaire, pricing: Pricing) -> None:
    small = Evaluator(loaded=loaded, pricing=pricing).cost(steady(orchestration="standard", steps_per_unit=4,
                                                                  handoff_kb=100))
    large = Evaluator(loaded=loaded, pricing=pricing).cost(steady(orchestration="standard", steps_per_unit=4,
                                                                  handoff_kb=2048))
    assert small is not None and large is not None
    sf = {i.item: i for i in large.lambda_.line_items}["step_functions"]
    before = {i.item: i.usd for i in small.lambda_.line_items}["step_functions"]
    # 2B invocations are 500M workflows of 4 steps: 3 hand-offs each, a PUT ($0.005/1,000) and a GET ($0.0004/1,000).
    assert sf.usd - before == pytest.approx(500_000_000 * 3 / 1000 * 0.0054, abs=0.01)
    assert "through S3" in sf.basis
    result = Evaluator(loaded=loaded, pricing=pricing).evaluate(steady(orchestration="standard", steps_per_unit=4,
                                                                       handoff_kb=2048)).result
    assert "handoff_kb" in {c.id for c in result.contributions if c.option == "ec2"}


NIGHTLY = ROOT / "examples" / "nightly-etl.toml"


def nightly(**changes: Any) -> dict[str, Any]:
    answers = tomllib.loads(NIGHTLY.read_text())["answers"]
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def test_only_scheduled_work_fed_by_a_queue_runs_in_scheduled_runs(q: Questionnaire) -> None:
    def runs(**changes: Any) -> bool:
        workload = workload_from_answers(nightly(**changes), q)
        assert workload is not None
        return workload.scheduled_runs

    assert runs()
    assert runs(workload_type=["scheduled", "heavy-batch"])  # batch jobs started by the schedule
    assert not runs(workload_type=["heavy-batch"])  # a queue of batch jobs may be busy all day
    assert not runs(workload_type=["scheduled", "event-glue"])  # events come all day: workers stay up
    assert not runs(invocation="sync")  # serving requests: a fleet behind a load balancer


def test_a_nightly_job_pays_for_its_runs_not_for_the_month(q: Questionnaire, pricing: Pricing) -> None:
    """The nightly ETL: about 5 minutes of runs a day. EC2 and Fargate run while the runs last and
    nothing between them, so they cost a fraction of a month of two always-on workers; Lambda's bill is
    the same either way, and the assumptions say how the runs are priced."""
    workload = workload_from_answers(nightly(), q)
    always_on = workload_from_answers(nightly(workload_type=["scheduled", "event-glue"]), q)
    assert workload is not None and always_on is not None
    runs, month = estimate(workload, pricing), estimate(always_on, pricing)
    assert runs.lambda_.total_usd == month.lambda_.total_usd
    assert runs.ec2.instances == 0 and runs.ec2.instances_peak >= 2
    assert runs.fargate is not None and month.fargate is not None and runs.fargate.tasks == 0
    # 4.8 minutes a day (24 h ÷ the 300× peak ratio) at the run's instances, all month.
    assert runs.ec2.instance_hours == pytest.approx(runs.ec2.instances_peak * 730 * 0.08 / 24, abs=0.001)
    assert runs.ec2.total_usd < month.ec2.total_usd and runs.fargate.total_usd < month.fargate.total_usd
    # Each job of a run has a worker of its own (3 GB of pandas each), busy at most 60% of the time:
    # 6,000 jobs of 300 s are 500 worker-hours, so at least 500 / 0.6 worker-hours are paid for.
    job_hours = 6000 * 300 / 3600
    itype = pricing.ec2.by_id[runs.ec2.instance_type]
    assert runs.ec2.instance_hours * itype.vcpus * 0.6 >= job_hours * 0.999
    assert runs.fargate.task_hours * max(1.0, runs.fargate.vcpus) * 0.6 >= job_hours * 0.999
    said = " ".join(runs.assumptions)
    assert "run only while they do" in said and "none between runs" in said
    assert "each job of a run has a worker of its own" in said
    assert "not counted" in said  # the start-up of each run


def test_scheduled_runs_without_autoscaling_keep_the_fleet_all_month(q: Questionnaire, pricing: Pricing) -> None:
    fixed = workload_from_answers(nightly(autoscaling=False), q)
    assert fixed is not None and fixed.scheduled_runs
    cost = estimate(fixed, pricing)
    assert cost.ec2.instances >= 2 and cost.ec2.instance_hours == pytest.approx(cost.ec2.instances * 730)


def test_requests_over_http_come_through_an_assumed_front_door_when_none_is_answered(
        q: Questionnaire, pricing: Pricing) -> None:
    """An API whose front door is not answered is priced behind an API Gateway HTTP API, said to be
    assumed; work that is not invoked over HTTP has none."""
    unanswered = workload_from_answers(steady(front_door=None), q)
    assert unanswered is not None and unanswered.front_door == "http-api" and "front_door" in unanswered.assumed
    cost = estimate(unanswered, pricing)
    assert cost.lambda_.front_door_usd > 0
    assert any("assumed as none was answered" in line for line in cost.assumptions)
    answered = workload_from_answers(steady(front_door="url"), q)
    assert answered is not None and answered.front_door == "url" and "front_door" not in answered.assumed
    queue = workload_from_answers(steady(front_door=None, invocation="async"), q)
    assert queue is not None and queue.front_door == "none"
    sockets = workload_from_answers(steady(front_door=None, inbound_connections="managed-websocket"), q)
    assert sockets is not None and sockets.front_door == "none"
