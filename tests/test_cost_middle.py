"""Lambda Managed Instances and ECS on Fargate: both bills against figures worked out by hand."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core.cost import CostInputError, Workload, estimate, exclusions, workload_from_answers
from wizard.core.cost.fargate import fargate_cost
from wizard.core.cost.lambda_managed import lambda_managed_cost
from wizard.core.pricing.model import Pricing, default_pricing
from wizard.core.questionnaire.model import Questionnaire, load_questionnaire

from tests.test_cost import DURATIONS, MEMORY, SHAPES, VOLUMES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pricing() -> Pricing:
    return default_pricing()


@pytest.fixture(scope="module")
def default_q() -> Questionnaire:
    return load_questionnaire(ROOT / "questionnaires" / "lambda-vs-ec2.toml").questionnaire


# 100M requests a month of 200 ms at 2,048 MB, a quarter of it on the CPU, steady all day, from a queue
# (no load balancer, no logs): 100M / 2,628,000 s = 38.05 requests a second.
STEADY = Workload(requests_per_month=100_000_000, avg_duration_ms=200, memory_mb=2048, peak_to_average=1.0,
                  serves_requests=False, runtime="python")


def test_lambda_managed_bill_by_hand(pricing: Pricing) -> None:
    # CPU-seconds a request: 0.2 × 0.25 = 0.05 → one vCPU takes min(0.6 / 0.05, 16 × 0.6 / 0.2) = 12/s.
    # 38.05/s ÷ 12 = 3.2 vCPUs: two c6a.large (2 vCPU, 4 GiB at 2 GiB a vCPU) would do, Lambda keeps three.
    cost = lambda_managed_cost(STEADY, pricing, STEADY.requests_per_month)
    assert (cost.instance_type, cost.instances, cost.instances_peak) == ("c6a.large", 3, 3)
    assert cost.concurrency_per_vcpu == 16 and cost.mb_per_vcpu == 2048
    assert cost.instance_hours == pytest.approx(2190)           # 3 × 730
    assert cost.compute_usd == pytest.approx(167.535)           # 2,190 h × $0.0765
    assert cost.management_usd == pytest.approx(25.13025)       # 15% of the same on-demand price
    assert cost.requests_usd == pytest.approx(20.0)             # 100M × $0.20 per million
    bill = estimate(STEADY, pricing, curve_points=0).lambda_managed
    assert bill is not None and bill.possible and bill.total_usd == 212.67


def test_lambda_managed_savings_plan_discounts_the_instances_not_the_fee(pricing: Pricing) -> None:
    plan = dataclasses.replace(STEADY, purchase="savings-plan")
    cost = lambda_managed_cost(plan, pricing, plan.requests_per_month)
    assert cost.compute_usd == pytest.approx(167.535 * 0.7)
    assert cost.management_usd == pytest.approx(25.13025)
    spot = lambda_managed_cost(dataclasses.replace(STEADY, purchase="spot"), pricing, 1e8)
    assert spot.compute_usd == pytest.approx(167.535)  # no Spot for Lambda Managed Instances


def test_lambda_managed_runtime_sets_requests_per_vcpu(pricing: Pricing) -> None:
    # I/O-bound work (1% on the CPU): Node.js's 64 requests a vCPU serve what Python's 16 cannot.
    io = dataclasses.replace(STEADY, cpu_share=0.01, requests_per_month=2_000_000_000)
    python = lambda_managed_cost(io, pricing, io.requests_per_month)
    node = lambda_managed_cost(dataclasses.replace(io, runtime="node"), pricing, io.requests_per_month)
    assert node.concurrency_per_vcpu == 64 and python.concurrency_per_vcpu == 16
    assert node.compute_usd < python.compute_usd


def test_fargate_bill_by_hand(pricing: Pricing) -> None:
    # One worker a vCPU at 2,048 MB: 1 vCPU/2 GB takes 12/s at $0.04048 + 2 × $0.004445 = $0.04937 an hour;
    # 38.05/s needs 4 such tasks ($0.19748 an hour), the same as 2 of 2 vCPU/4 GB: the smaller task wins.
    cost = fargate_cost(STEADY, pricing, STEADY.requests_per_month)
    assert (cost.vcpus, cost.memory_gb, cost.tasks, cost.tasks_peak) == (1, 2, 4, 4)
    assert cost.task_hours == pytest.approx(2920)
    assert cost.compute_usd == pytest.approx(2920 * 0.04937)   # 144.1604
    assert cost.load_balancer_usd == 0.0
    bill = estimate(STEADY, pricing, curve_points=0).fargate
    assert bill is not None and bill.total_usd == 144.16 and not bill.line_items


def test_fargate_arm64_and_savings_plan(pricing: Pricing) -> None:
    arm = dataclasses.replace(STEADY, arch="arm64", purchase="savings-plan")
    cost = fargate_cost(arm, pricing, arm.requests_per_month)
    assert cost.compute_usd == pytest.approx(2920 * (0.03238 + 2 * 0.00356) * 0.8)


def test_fargate_serving_requests_pays_the_alb_and_no_ebs(pricing: Pricing) -> None:
    served = dataclasses.replace(STEADY, serves_requests=True, egress_gb=500)
    cost = estimate(served, pricing, curve_points=0)
    assert cost.fargate is not None and cost.fargate.load_balancer_usd == cost.ec2.load_balancer_usd > 0
    items = {i.item for i in cost.fargate.line_items}
    assert "ebs" not in items and "data_transfer" in items and "ebs" in {i.item for i in cost.ec2.line_items}


def test_gpu_rules_both_middle_options_out(pricing: Pricing) -> None:
    cost = estimate(dataclasses.replace(STEADY, needs_gpu=True), pricing, curve_points=0)
    assert cost.lambda_managed is not None and not cost.lambda_managed.possible
    assert cost.fargate is not None and not cost.fargate.possible
    assert cost.cheapest == "ec2"


def test_cheapest_of_four_and_curve_series(pricing: Pricing) -> None:
    cost = estimate(STEADY, pricing, curve_points=12)
    totals = {"lambda": cost.lambda_.total_usd, "ec2": cost.ec2.total_usd,
              "lambda-managed": cost.lambda_managed.total_usd if cost.lambda_managed else None,
              "fargate": cost.fargate.total_usd if cost.fargate else None}
    assert cost.cheapest == min((k for k, v in totals.items() if v is not None), key=lambda k: totals[k] or 0)
    assert all(p.lambda_managed_usd is not None and p.fargate_usd is not None for p in cost.curve)
    data = cost.to_json()
    assert {"lambda", "ec2", "lambda_managed", "fargate"} <= set(data)
    assert data["lambda_managed"]["total_usd"] == 212.67 and data["fargate"]["possible"] is True



def test_constraints_exclude_the_middle_options(default_q: Questionnaire) -> None:
    answers = {"requests_per_month": 1e6, "avg_duration_ms": 100, "memory_mb": 1024, "needs_gpu": True,
               "language_runtime": "packaged"}
    assert {x.limit for x in exclusions(default_q, answers, "fargate")} >= {"fargate-no-gpu"}
    assert {x.limit for x in exclusions(default_q, answers, "lambda-managed")} >= {"lambda-managed-no-gpu",
                                                                                 "lambda-managed-runtimes"}
    w = workload_from_answers(answers, default_q)
    assert w is not None and w.runtime == "packaged" and w.fargate_excluded


def _wizard(*args: str) -> str:
    import json  # noqa: F401
    import os
    import shutil
    import subprocess
    import sys

    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    proc = subprocess.run([*command, *args], capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"})
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


def test_cli_cost_shows_four_bills_in_text_and_json() -> None:
    import json

    args = ("cost", "--requests-per-month", "100000000", "--duration-ms", "200", "--memory-mb", "2048")
    data = json.loads(_wizard(*args, "--format", "json"))
    assert {"lambda", "ec2", "lambda_managed", "fargate", "cheaper", "cheapest"} <= set(data)
    assert data["lambda_managed"]["possible"] and data["fargate"]["total_usd"] > 0
    assert all("lambda_managed_usd" in p and "fargate_usd" in p for p in data["curve"])
    text = _wizard(*args)
    assert "The middle roads" in text and "Lambda Managed" in text and "ECS on Fargate" in text
    assert "Cheapest of the four options" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_rescore_explains_the_new_options_as_added(tmp_path: Path) -> None:
    import tomllib

    import tomli_w

    # The example record as a questionnaire with two options made it: no scores, points or exclusions
    # for the middle options.
    data = tomllib.loads((ROOT / "examples" / "decisions" / "steady-api-decision.toml").read_text(encoding="utf-8"))
    middle = {"lambda-managed", "fargate"}
    result = data["result"]
    result["scores"] = {k: v for k, v in result["scores"].items() if k not in middle}
    result["contributions"] = [c for c in result.get("contributions", []) if c["option"] not in middle]
    result["excluded"] = [e for e in result.get("excluded", []) if e["option"] not in middle]
    record = tmp_path / "rec.toml"
    record.write_text(tomli_w.dumps(data), encoding="utf-8")
    out = _wizard("rescore", str(record))
    assert "score Lambda Managed Instances — → " in out and "option added" in out
    assert "no longer excluded" not in out


@settings(max_examples=60, deadline=None)
@given(VOLUMES, DURATIONS, MEMORY, SHAPES, st.booleans(), st.booleans(), st.integers(0, 40))
def test_the_curves_middle_totals_agree_with_the_itemised_bills(
    requests: int, duration: float, memory: int, shape: dict[str, object], nat: bool, public: bool, ebs: int
) -> None:
    # The curve prices both middle options through fast paths (shared levels, front door, ALB and EC2's
    # line items); at each of its volumes they must give the bills `estimate` itemises.
    pricing = default_pricing()
    w = Workload(requests, duration, memory, egress_gb=120, egress_kb_per_request=3, app_log_gb=4,
                 lambda_platform_log_kb=0.3, nat_gb=20 if nat else None, instance_public_ipv4=public,
                 count_public_ipv4=True, ebs_gb_per_instance=ebs, **shape)  # type: ignore[arg-type]
    try:
        out = estimate(w, pricing, curve_points=4)
    except CostInputError:
        return
    for point in out.curve:
        at = estimate(dataclasses.replace(w, requests_per_month=point.requests_per_month), pricing,
                      curve_points=0, with_break_even=False)
        assert at.lambda_managed is not None and at.fargate is not None
        if point.lambda_managed_usd is not None:
            assert point.lambda_managed_usd == pytest.approx(at.lambda_managed.total_usd, abs=0.011)
        if point.fargate_usd is not None:
            assert point.fargate_usd == pytest.approx(at.fargate.total_usd, abs=0.011)
        assert point.ec2_usd == pytest.approx(at.ec2.total_usd, abs=0.011)
