"""The cost model, against bills worked out by hand from the bundled prices (us-east-1, 730 h).

Unrounded amounts are compared with `approx`; `cents` is what the user sees.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core.cost import (
    BREAK_EVEN_HIGH,
    CostFacts,
    CostInputError,
    Workload,
    alb_cost,
    break_even,
    cents,
    totals,
    curve,
    ec2_bill,
    estimate,
    instance_capacity,
    lambda_bill,
    workload_from_answers,
)
from wizard.core.cost.fleet import FEWER_INSTANCES_MARGIN
from wizard.core.scoring.engine import evaluate
from wizard.core.errors import WizardError
from wizard.core.pricing.model import Ec2Prices, InstanceType, Pricing, load_pricing
from wizard.core.questionnaire.model import Questionnaire, load_questionnaire
from wizard.core.files.tomlio import dump_toml

ROOT = Path(__file__).resolve().parent.parent
PRICING = ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml"
HOURS = 730
SECONDS = HOURS * 3600  # 2,628,000 seconds in a month


@pytest.fixture(scope="module")
def pricing() -> Pricing:
    return load_pricing(PRICING)


@pytest.fixture(scope="module")
def default_q() -> Questionnaire:
    return load_questionnaire(ROOT / "questionnaires" / "lambda-vs-ec2.toml").questionnaire


def wizard(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
                          check=False)


HAND = Workload(requests_per_month=3_000_000, avg_duration_ms=1000, memory_mb=512)


# ---------------------------------------------------------------------------------------------
# Lambda


def test_the_hand_check_to_the_cent(pricing: Pricing) -> None:
    bill = lambda_bill(HAND, pricing)
    # 3M × 1 s × 0.5 GB = 1.5M GB-s; 1.1M billable × $0.0000166667 = $18.33337
    assert bill.gb_seconds == 1_500_000
    assert bill.compute_usd == pytest.approx(18.33337)
    # 2M billable requests × $0.20 per 1M
    assert bill.requests_usd == pytest.approx(0.40)
    assert (cents(bill.compute_usd), cents(bill.requests_usd), cents(bill.total_usd)) == (18.33, 0.40, 18.73)
    out = estimate(HAND, pricing, curve_points=0)
    assert (out.lambda_.compute_usd, out.lambda_.requests_usd, out.lambda_.total_usd) == (18.33, 0.40, 18.73)


def test_arm64_is_billed_at_the_graviton_price(pricing: Pricing) -> None:
    bill = lambda_bill(Workload(3_000_000, 1000, 512, arch="arm64"), pricing)
    assert bill.compute_usd == pytest.approx(1_100_000 * 0.0000133334)  # 14.66674
    assert cents(bill.total_usd) == 15.07


def test_without_the_free_tier_everything_is_billed(pricing: Pricing) -> None:
    bill = lambda_bill(Workload(3_000_000, 1000, 512, free_tier=False), pricing)
    assert bill.compute_usd == pytest.approx(1_500_000 * 0.0000166667)  # 25.00005
    assert bill.requests_usd == pytest.approx(0.60)
    assert cents(bill.total_usd) == 25.60


def test_within_the_free_tier_lambda_costs_nothing(pricing: Pricing) -> None:
    bill = lambda_bill(Workload(1_000_000, 100, 128), pricing)  # 12,500 GB-s
    assert bill.total_usd == 0


def test_duration_tiers_at_very_high_volume(pricing: Pricing) -> None:
    # 20 billion GB-s: 20B requests of 1 s at 1,024 MB, no free tier.
    x86 = lambda_bill(Workload(20_000_000_000, 1000, 1024, free_tier=False), pricing)
    assert x86.gb_seconds == 20e9
    assert x86.compute_usd == pytest.approx(6e9 * 0.0000166667 + 9e9 * 0.000015 + 5e9 * 0.0000133334)
    assert cents(x86.compute_usd) == 301_667.20
    assert cents(x86.requests_usd) == 4_000.00
    arm = lambda_bill(Workload(20_000_000_000, 1000, 1024, arch="arm64", free_tier=False), pricing)
    assert arm.compute_usd == pytest.approx(7.5e9 * 0.0000133334 + 11.25e9 * 0.0000120001 + 1.25e9 * 0.0000106667)
    assert cents(arm.compute_usd) == 248_335.00
    # The free tier comes off before the tiers: 400,000 GB-s more with it costs the same.
    with_free = lambda_bill(Workload(20_000_400_000, 1000, 1024), pricing)
    assert with_free.compute_usd == pytest.approx(x86.compute_usd)


# ---------------------------------------------------------------------------------------------
# Front doors


def door(pricing: Pricing, front_door: str, requests: float, **kw: object) -> float:
    return lambda_bill(Workload(requests, 100, 128, front_door=front_door, **kw), pricing).front_door_usd  # type: ignore[arg-type]


def test_no_front_door_and_function_urls_cost_nothing(pricing: Pricing) -> None:
    assert door(pricing, "none", 10_000_000) == 0
    assert door(pricing, "url", 10_000_000) == 0


def test_http_api_tiers(pricing: Pricing) -> None:
    assert door(pricing, "http-api", 10_000_000) == pytest.approx(10.00)
    assert door(pricing, "http-api", 400_000_000) == pytest.approx(300 * 1.00 + 100 * 0.90)  # 390.00
    # Each 512 KB is metered as one request: 600 KB counts twice.
    assert door(pricing, "http-api", 10_000_000, avg_payload_kb=600) == pytest.approx(20.00)


def test_rest_api_tiers(pricing: Pricing) -> None:
    assert door(pricing, "rest-api", 10_000_000) == pytest.approx(35.00)
    assert door(pricing, "rest-api", 400_000_000) == pytest.approx(333 * 3.50 + 67 * 2.80)  # 1,353.10
    assert door(pricing, "rest-api", 2_000_000_000) == pytest.approx(333 * 3.50 + 667 * 2.80 + 1000 * 2.38)
    assert cents(door(pricing, "rest-api", 21_000_000_000)) == 49_763.10  # 1165.5 + 1867.6 + 45220 + 1510


def test_alb_in_front_of_lambda(pricing: Pricing) -> None:
    # 10M requests of 10 KB: 100 GB processed, 0.4 GB per LCU-hour for Lambda targets: 250 LCU-hours
    # (more than the 10M ÷ 25 ÷ 3600 = 111.1 for new connections) × $0.008 = $2.00, plus 730 × $0.0225.
    assert door(pricing, "alb", 10_000_000) == pytest.approx(16.425 + 2.00)


def test_alb_in_front_of_ec2(pricing: Pricing) -> None:
    # Instance targets: 1 GB per LCU-hour, so new connections decide: 10M ÷ (25 × 3600) = 111.1 LCU-hours.
    lcu_usd = 10_000_000 / 90_000 * 0.008
    assert alb_cost(pricing, 10_000_000, 100, 10, lambda_target=False) == pytest.approx(16.425 + lcu_usd)
    # 100 KB a request: 1,000 GB processed = 1,000 LCU-hours = $8.00.
    assert alb_cost(pricing, 10_000_000, 100, 100, lambda_target=False) == pytest.approx(16.425 + 8.00)
    # Long connections: 10M × 600 s in flight = 2,283 active on average; ÷ 3,000 per LCU for 730 hours.
    active = 10_000_000 / SECONDS * 600 / 3000
    assert alb_cost(pricing, 10_000_000, 600_000, 1, lambda_target=False) == pytest.approx(
        16.425 + active * 730 * 0.008
    )
    bill = ec2_bill(Workload(10_000_000, 100, 128), pricing)
    assert bill.load_balancer_usd == pytest.approx(16.425 + 10_000_000 / 90_000 * 0.008)
    assert cents(bill.load_balancer_usd) == 17.31
    assert ec2_bill(Workload(10_000_000, 100, 128, serves_requests=False), pricing).load_balancer_usd == 0


# ---------------------------------------------------------------------------------------------
# EC2 sizing


def fleet(pricing: Pricing, requests: float, **kw: object) -> tuple[str, int]:
    bill = ec2_bill(Workload(requests, kw.pop("avg_duration_ms", 1000), kw.pop("memory_mb", 512), **kw), pricing)  # type: ignore[arg-type]
    return bill.instance_type, bill.instances


def catalogue(pricing: Pricing, *types: InstanceType) -> Pricing:
    """The bundled prices with a catalogue of these types only, so sizing tests do not follow the catalogue."""
    ec2 = Ec2Prices.model_validate({**pricing.ec2.model_dump(), "instance_types": [t.model_dump() for t in types]})
    return pricing.model_copy(update={"ec2": ec2})


C2 = InstanceType(id="c.large", vcpus=2, memory_gib=4, arch="x86_64", usd_per_hour=0.085)
M2 = InstanceType(id="m.large", vcpus=2, memory_gib=8, arch="x86_64", usd_per_hour=0.096)
G2 = InstanceType(id="g.large", vcpus=2, memory_gib=4, arch="arm64", usd_per_hour=0.068)
T2 = InstanceType(id="t.small", vcpus=2, memory_gib=2, arch="x86_64", usd_per_hour=0.0208, baseline_cpu=0.2,
                  surplus_credit_usd_per_vcpu_hour=0.05)
GPU = InstanceType(id="gpu.xlarge", vcpus=4, memory_gib=16, arch="x86_64", usd_per_hour=0.526, gpus=1,
                   gpu_model="NVIDIA T4", gpu_memory_gib=16)
STEADY: dict[str, object] = {"peak_to_average": 1.0, "min_instances": 1}


def test_capacity_comes_from_cpu_seconds_per_request(pricing: Pricing) -> None:
    # 100 ms at 1,769 MB (a full vCPU on Lambda), 50% on the CPU: 50 ms of CPU a request. A 2-vCPU
    # instance at 50% utilisation takes 2 × 0.5 ÷ 0.05 = 20 requests/s.
    w = Workload(1, 100, 1769, cpu_share=0.5, target_utilisation=0.5)
    assert w.cpu_seconds_per_request == pytest.approx(0.05)
    assert instance_capacity(C2, w) == pytest.approx(20)
    # At 884.5 MB Lambda had half a vCPU: the same 100 ms is 25 ms on a full one, twice the capacity.
    assert instance_capacity(C2, Workload(1, 100, 884.5, cpu_share=0.5, target_utilisation=0.5)) == pytest.approx(40)
    # 20 req/s × 2,628,000 s exactly fills one instance; one request more needs a second.
    p = catalogue(pricing, C2)
    kw: dict[str, object] = {"avg_duration_ms": 100, "memory_mb": 1769, "cpu_share": 0.5, "target_utilisation": 0.5,
                             **STEADY}
    assert fleet(p, 20 * SECONDS, **kw) == ("c.large", 1)
    assert fleet(p, 20 * SECONDS + 1, **kw) == ("c.large", 2)


def test_workers_are_bounded_by_memory_and_in_flight_requests(pricing: Pricing) -> None:
    # One worker per vCPU, each needing the worker memory after 512 MB for the OS: 4 GiB holds
    # (4,096 − 512) ÷ 3,072 = 1 worker, 8 GiB holds 2.
    w = Workload(1, 1000, 3072, cpu_share=1.0, target_utilisation=1.0)
    assert instance_capacity(C2, w) == pytest.approx(1 / (1.0 * 1.0))  # 1 worker ÷ 1 CPU-s a request
    assert instance_capacity(M2, w) == pytest.approx(2)
    assert instance_capacity(T2, Workload(1, 100, 2048)) == 0  # 2 GiB − 512 MB cannot hold 2,048 MB
    # A server worker needing less than the Lambda setting: 512 MB workers fill both vCPUs of c.large.
    assert instance_capacity(C2, Workload(1, 1000, 3072, cpu_share=1.0, target_utilisation=1.0,
                                          server_memory_mb=512)) == pytest.approx(2)
    # Very I/O-bound work is bounded by 64 requests in flight per worker: 1 s runs at 1% CPU.
    io = Workload(1, 1000, 1769, cpu_share=0.01, target_utilisation=1.0)
    assert instance_capacity(C2, io) == pytest.approx(min(2 / 0.01, 2 * 64 / 1.0))  # 128 req/s
    with pytest.raises(CostInputError, match="t.small \\(2 GiB\\) cannot hold one worker of 2,048 MB"):
        ec2_bill(Workload(1000, 100, 2048, instance_type="t.small"), catalogue(pricing, T2, C2))


def test_autoscaling_adds_peak_instances_for_the_peak_hours_only(pricing: Pricing) -> None:
    # 100 req/s on average, 10 ms of CPU each at 50% utilisation: c.large takes 100 req/s.
    # Peak 5× for 2 hours: 500 req/s → 5 instances; the other 22 hours run at (24 − 10) ÷ 22 of the
    # average, 63.6 req/s → 1, raised to the 2-instance floor.
    p = catalogue(pricing, C2)
    w = Workload(100 * SECONDS, 10, 1769, cpu_share=1.0, target_utilisation=0.5, peak_to_average=5,
                 peak_hours_per_day=2)
    bill = ec2_bill(w, p)
    assert (bill.instances, bill.instances_peak) == (2, 5)
    assert bill.instance_hours == pytest.approx(730 * (2 * 22 / 24 + 5 * 2 / 24))
    assert bill.compute_usd == pytest.approx(bill.instance_hours * 0.085)
    # Without autoscaling the peak's 5 run all month.
    fixed = ec2_bill(Workload(100 * SECONDS, 10, 1769, cpu_share=1.0, target_utilisation=0.5, peak_to_average=5,
                              autoscaling=False), p)
    assert (fixed.instances, fixed.instances_peak, fixed.instance_hours) == (5, 5, 5 * 730)
    # A peak cannot outlast what the average allows: 5× for 12 hours is capped at 24 ÷ 5 = 4.8 hours.
    capped = ec2_bill(Workload(100 * SECONDS, 10, 1769, cpu_share=1.0, target_utilisation=0.5, peak_to_average=5,
                               peak_hours_per_day=12, min_instances=1), p)
    assert capped.instances == 1 and capped.instance_hours == pytest.approx(730 * (1 * 19.2 / 24 + 5 * 4.8 / 24))


def test_a_daily_peak_alone_does_not_make_ec2_dearer_than_lambda(pricing: Pricing) -> None:
    # The steady API: 1,000 req/s, 100 ms, 1,024 MB; with a 5× daily peak EC2 stays cheaper.
    flat = estimate(Workload(2.6e9, 100, 1024, peak_to_average=1.0), pricing, curve_points=0)
    peaky = estimate(Workload(2.6e9, 100, 1024, peak_to_average=5.0), pricing, curve_points=0)
    assert flat.cheaper == peaky.cheaper == "ec2"
    assert peaky.ec2.total_usd < 0.5 * peaky.lambda_.total_usd


def test_burstable_types_pay_for_cpu_above_their_baseline(pricing: Pricing) -> None:
    # One t.small at 256 MB workers: 2 workers. 1 request/s of 1 s at full CPU keeps 1 vCPU busy:
    # 50% of its 2 vCPUs against a 20% baseline → 0.3 × 2 × 730 = 438 surplus vCPU-hours at $0.05.
    p = catalogue(pricing, T2)
    bill = ec2_bill(Workload(SECONDS, 1000, 1769, server_memory_mb=256, cpu_share=1.0, target_utilisation=1.0,
                             **STEADY), p)  # type: ignore[arg-type]
    assert bill.instances == 1 and bill.average_cpu == pytest.approx(0.5)
    assert bill.cpu_credits_usd == pytest.approx(0.3 * 2 * 730 * 0.05)
    # Below the baseline nothing is charged.
    idle = ec2_bill(Workload(SECONDS / 10, 1000, 1769, server_memory_mb=256, cpu_share=1.0, **STEADY), p)  # type: ignore[arg-type]
    assert idle.cpu_credits_usd == 0
    # Sustained load makes the credits dearer than a fixed-performance type: c.large wins.
    busy = Workload(10 * SECONDS, 1000, 1769, server_memory_mb=256, cpu_share=1.0, target_utilisation=1.0,
                    **STEADY)  # type: ignore[arg-type]
    assert ec2_bill(busy, catalogue(pricing, T2, C2)).instance_type == "c.large"


def test_arm64_code_may_run_on_either_architecture_and_never_raises_the_bill(pricing: Pricing) -> None:
    p = catalogue(pricing, C2, M2, G2)
    for requests in (20_000, 3_000_000, 300_000_000):
        x86 = estimate(Workload(requests, 300, 256), p, curve_points=0)
        arm = estimate(Workload(requests, 300, 256, arch="arm64"), p, curve_points=0)
        assert arm.ec2.total_usd <= x86.ec2.total_usd
        assert arm.lambda_.total_usd <= x86.lambda_.total_usd
    assert fleet(p, 3_000_000, arch="arm64") == ("g.large", 2)
    assert fleet(p, 3_000_000) == ("c.large", 2)
    # The case on the bundled catalogue: arm64 no longer costs more than x86_64.
    for arch in ("x86_64", "arm64"):
        assert estimate(Workload(20_000, 300, 256, arch="arm64"), pricing, curve_points=0).ec2.total_usd <= \
            estimate(Workload(20_000, 300, 256, arch=arch), pricing, curve_points=0).ec2.total_usd  # type: ignore[arg-type]


def test_gpu_workloads_run_on_gpu_types_and_rule_lambda_out(pricing: Pricing) -> None:
    p = catalogue(pricing, C2, GPU)
    out = estimate(Workload(100_000, 200, 2048, needs_gpu=True), p, curve_points=0)
    assert out.ec2.instance_type == "gpu.xlarge"
    assert not out.lambda_.possible and out.cheaper == "ec2" and out.break_even_requests_per_month is None
    assert [x.limit for x in out.lambda_.limits_exceeded] == ["lambda-no-gpu"]
    with pytest.raises(CostInputError, match="no GPU instance type"):
        ec2_bill(Workload(100_000, 200, 2048, needs_gpu=True), catalogue(pricing, C2))


def test_the_cheapest_fitting_type_wins_ties_to_the_first_listed(pricing: Pricing) -> None:
    twin = InstanceType(id="c.twin", vcpus=2, memory_gib=4, arch="x86_64", usd_per_hour=0.085)
    assert fleet(catalogue(pricing, C2, twin), 3_000_000) == ("c.large", 2)
    assert fleet(catalogue(pricing, twin, C2), 3_000_000) == ("c.twin", 2)
    # 6,000 MB workers fit only m.large (8 GiB).
    assert fleet(catalogue(pricing, C2, M2), 3_000_000, memory_mb=6000) == ("m.large", 2)


def test_min_instances_floor(pricing: Pricing) -> None:
    p = catalogue(pricing, T2, C2)
    bill = ec2_bill(Workload(0, 100, 128), p)
    assert bill.instances == 2 and bill.instance_type == "t.small"
    assert bill.compute_usd == pytest.approx(2 * 730 * 0.0208)
    assert ec2_bill(Workload(0, 100, 128, min_instances=1), p).instances == 1


def test_fixed_type_and_count_and_purchase_discounts(pricing: Pricing) -> None:
    p = catalogue(pricing, C2, M2)
    base: dict[str, object] = {"instance_type": "m.large", "instances": 5, "serves_requests": False}
    on_demand = ec2_bill(Workload(3_000_000, 1000, 512, **base), p)  # type: ignore[arg-type]
    assert (on_demand.instance_type, on_demand.instances) == ("m.large", 5)
    assert on_demand.compute_usd == pytest.approx(5 * 730 * 0.096)  # 350.40
    plan = ec2_bill(Workload(3_000_000, 1000, 512, purchase="savings-plan", **base), p)  # type: ignore[arg-type]
    plan3 = ec2_bill(Workload(3_000_000, 1000, 512, purchase="savings-plan-3yr", **base), p)  # type: ignore[arg-type]
    spot = ec2_bill(Workload(3_000_000, 1000, 512, purchase="spot", **base), p)  # type: ignore[arg-type]
    assert cents(plan.compute_usd) == 245.28  # 30% off
    assert cents(plan3.compute_usd) == 175.20  # 50% off
    assert cents(spot.compute_usd) == 140.16  # 60% off
    # Savings Plans take 12% and 17% off Lambda's duration, never its requests; Spot nothing.
    lam = lambda_bill(HAND, pricing)
    for purchase, share in (("savings-plan", 0.12), ("savings-plan-3yr", 0.17), ("spot", 0.0)):
        discounted = lambda_bill(Workload(3_000_000, 1000, 512, purchase=purchase), pricing)  # type: ignore[arg-type]
        assert discounted.compute_usd == pytest.approx(lam.compute_usd * (1 - share))
        assert discounted.requests_usd == lam.requests_usd


def test_line_items_are_priced_on_both_sides(pricing: Pricing) -> None:
    w = Workload(100_000_000, 100, 512, front_door="alb", egress_gb=1100, app_log_gb=10,
                 lambda_platform_log_kb=0.3, nat_gb=50, instance_public_ipv4=True)
    out = estimate(w, pricing, curve_points=0)
    lam = {i.item: i.usd for i in out.lambda_.line_items}
    ec2 = {i.item: i.usd for i in out.ec2.line_items}
    assert lam["data_transfer"] == ec2["data_transfer"] == cents(1000 * 0.09)  # the first 100 GB free
    assert lam["nat_gateway"] == ec2["nat_gateway"] == cents(2 * 730 * 0.045 + 50 * 0.045)
    assert lam["logs"] == cents((10 + 100_000_000 * 0.3 / 1e6) * 0.50)  # 40 GB at Lambda's first tier
    assert ec2["logs"] == cents(10 * 0.50)
    # ALB nodes (2) and NAT gateways (2) on both sides; EC2's instances too.
    assert lam["public_ipv4"] == cents(4 * 730 * 0.005)
    assert ec2["public_ipv4"] == cents((4 + out.ec2.instance_hours / 730) * 730 * 0.005)
    assert ec2["ebs"] == cents(out.ec2.instance_hours / 730 * 20 * 0.08)
    assert "ebs" not in lam
    assert out.lambda_.total_usd == pytest.approx(
        out.lambda_.requests_usd + out.lambda_.compute_usd + out.lambda_.front_door_usd + sum(lam.values()), abs=0.03)
    assert out.ec2.total_usd == pytest.approx(
        out.ec2.compute_usd + out.ec2.cpu_credits_usd + out.ec2.load_balancer_usd + sum(ec2.values()), abs=0.03)


def test_provisioned_concurrency_keeps_the_average_in_flight_warm(pricing: Pricing) -> None:
    # 10 req/s of 1 s at 1 GB: 10 environments warm all month, every GB-second at the provisioned price.
    bill = lambda_bill(Workload(10 * SECONDS, 1000, 1024, provisioned_concurrency=True), pricing)
    assert bill.provisioned_environments == 10
    assert bill.provisioned_usd == pytest.approx(10 * 1 * SECONDS * 0.0000041667)
    assert bill.compute_usd == pytest.approx(10 * SECONDS * 1 * 0.0000097222)


def test_assumptions_are_sentences(pricing: Pricing) -> None:
    out = estimate(Workload(3_000_000, 1000, 512, purchase="savings-plan"), pricing, curve_points=0)
    text = "\n".join(out.assumptions)
    for fragment in (
        "A month is 730 hours",
        "Free tier applied: 1M requests and 400,000 GB-s",
        "Each request keeps a CPU busy for 72.36 ms: 1,000 ms × 25% spent on the CPU",
        "one worker per vCPU",
        "up to 64 in flight",
        "Target utilisation 60%",
        "1-year Compute Savings Plan",
        "12% off Lambda duration",
        "up to 66%",
        "the fleet autoscales",
        "Data transfer out to the internet not counted",
        "20 GB gp3 root volume per instance",
    ):
        assert fragment in text, fragment
    spot = estimate(Workload(3_000_000, 1000, 512, purchase="spot", free_tier=False), pricing, curve_points=0)
    assert any("up to 90%" in s and "interrupted" in s for s in spot.assumptions)
    assert "Free tier not applied." in spot.assumptions


# ---------------------------------------------------------------------------------------------
# Break-even and curve


def total(kind: str, workload: Workload, pricing: Pricing, requests: float) -> float:
    lam, ec2 = totals(workload, pricing, requests)
    return lam if kind == "lambda" else ec2


def test_break_even_is_where_the_bills_cross(pricing: Pricing) -> None:
    crossing = break_even(HAND, pricing)
    assert crossing is not None and 1_000 < crossing < BREAK_EVEN_HIGH
    below, at = crossing - 1, crossing
    assert total("lambda", HAND, pricing, below) < total("ec2", HAND, pricing, below)
    assert total("lambda", HAND, pricing, at) >= total("ec2", HAND, pricing, at)
    # Lambda's bill grows by a fraction of a cent per request, so at the crossing the two are equal
    # to the cent (EC2 is a step function of volume, flat between steps).
    assert total("lambda", HAND, pricing, at) == pytest.approx(total("ec2", HAND, pricing, at), abs=0.01)


def test_break_even_against_a_fixed_fleet_by_hand(pricing: Pricing) -> None:
    # EC2 fixed at 2 × m.large, no load balancer: $140.16 a month plus two 20 GB gp3 volumes
    # ($3.20) whatever the volume. Lambda without free tier: $0.0000002 + 0.1 s × 0.125 GB ×
    # $0.0000166667 per request.
    w = Workload(1000, 100, 128, free_tier=False, instance_type="m.large", instances=2, serves_requests=False)
    per_request = 0.20 / 1e6 + 0.1 * 0.125 * 0.0000166667
    expected = (140.16 + 3.20) / per_request  # 351,085,3xx
    crossing = break_even(w, catalogue(pricing, C2, M2))
    assert crossing is not None and abs(crossing - expected) <= 1


def test_no_break_even_in_range(pricing: Pricing) -> None:
    w = Workload(1000, 1, 128, instance_type="m6i.xlarge", instances=100_000)
    assert break_even(w, pricing) is None
    assert estimate(w, pricing, curve_points=0).break_even_requests_per_month is None


def test_curve_spans_the_volume_and_the_break_even(pricing: Pricing) -> None:
    crossing = break_even(HAND, pricing)
    assert crossing is not None
    points = curve(HAND, pricing, 50, break_even_at=crossing)
    assert len(points) == 50
    volumes = [p[0] for p in points]
    assert volumes == sorted(volumes) and len(set(volumes)) == 50
    assert volumes[0] <= 3_000_000 and volumes[-1] >= crossing
    for requests, lam, ec2, *_ in points[::7]:
        assert lam == pytest.approx(total("lambda", HAND, pricing, requests))
        assert ec2 == pytest.approx(total("ec2", HAND, pricing, requests))
    out = estimate(HAND, pricing)
    assert len(out.curve) == 50 and out.break_even_requests_per_month == crossing


# ---------------------------------------------------------------------------------------------
# Bad values


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"requests_per_month": -1}, "requests per month must be between 0 and 1e+15"),
        ({"avg_duration_ms": 0}, "average duration must be above 0 ms"),
        ({"memory_mb": 0}, "memory 0 MB is out of range: at least 128 MB"),
        ({"memory_mb": 127}, "at least 128 MB (Lambda's smallest size)"),
        ({"arch": "sparc"}, 'unknown architecture "sparc" (choose x86_64, arm64)'),
        ({"front_door": "nginx"}, 'unknown front door "nginx"'),
        ({"purchase": "reserved"}, 'unknown purchase option "reserved"'),
        ({"target_utilisation": 0}, "target utilisation must be between 0.01 and 1"),
        ({"target_utilisation": 1e-310}, "target utilisation must be between 0.01 and 1"),
        ({"target_utilisation": 1.5}, "target utilisation must be between 0.01 and 1"),
        ({"peak_to_average": 0.5}, "peak-to-average ratio must be between 1 and"),
        ({"min_instances": 0}, "minimum instances must be a whole number from 1 to 1,000,000"),
        ({"instances": 0}, "instances must be a whole number from 1 to 1,000,000"),
        ({"instances": 10**400}, "instances must be a whole number from 1 to 1,000,000"),
        ({"cpu_share": 0}, "CPU share must be between 1% and 100%"),
        ({"peak_hours_per_day": 25}, "peak hours a day must be between 0 and 24"),
        ({"egress_gb": -1}, "data transfer out must be between 0 and"),
        ({"requests_per_month": math.nan}, "requests per month must be a finite number"),
    ],
)
def test_bad_values_raise_one_line_errors(kw: dict[str, object], fragment: str) -> None:
    args: dict[str, object] = {"requests_per_month": 1000, "avg_duration_ms": 100, "memory_mb": 128, **kw}
    with pytest.raises(CostInputError) as caught:
        Workload(**args)  # type: ignore[arg-type]
    assert isinstance(caught.value, WizardError)
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


def test_unknown_instance_type_lists_known_ones(pricing: Pricing) -> None:
    with pytest.raises(CostInputError, match='unknown instance type "t9.huge" \\(known: t4g.nano, t4g.micro'):
        ec2_bill(Workload(1000, 100, 128, instance_type="t9.huge"), pricing)


# ---------------------------------------------------------------------------------------------
# Properties


VOLUMES = st.integers(min_value=0, max_value=10**12)
DURATIONS = st.floats(min_value=1, max_value=900_000, allow_nan=False)
MEMORY = st.integers(min_value=128, max_value=10_240)
SHAPES = st.fixed_dictionaries(
    {
        "arch": st.sampled_from(["x86_64", "arm64"]),
        "free_tier": st.booleans(),
        "front_door": st.sampled_from(["none", "url", "http-api", "rest-api", "alb"]),
        "peak_to_average": st.floats(min_value=1, max_value=50),
        "purchase": st.sampled_from(["on-demand", "savings-plan", "savings-plan-3yr", "spot"]),
        "cpu_share": st.floats(min_value=0.01, max_value=1),
        "autoscaling": st.booleans(),
        "serves_requests": st.booleans(),
    }
)


def bills(
    pricing: Pricing, requests: float, duration: float, memory: float, shape: dict[str, object]
) -> tuple[float, float]:
    w = Workload(requests, duration, memory, **shape)  # type: ignore[arg-type]
    return lambda_bill(w, pricing).total_usd, ec2_bill(w, pricing).total_usd


def non_decreasing(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Lambda's bill never falls; EC2's falls by no more than the fewer-instances margin allows (a fleet up
    to 10% dearer than the cheapest wins when it has fewer instances, so a cheaper fleet may win later)."""
    (lam_a, ec2_a), (lam_b, ec2_b) = a, b
    floor = ec2_a / (1 + FEWER_INSTANCES_MARGIN) - 1e-9 * max(1.0, ec2_a)
    return lam_b >= lam_a - 1e-9 * max(1.0, lam_a) and ec2_b >= floor


@settings(max_examples=200, deadline=None)
@given(VOLUMES, VOLUMES, DURATIONS, MEMORY, SHAPES)
def test_bills_grow_with_requests(
    pricing: Pricing, r1: int, r2: int, duration: float, memory: int, shape: dict[str, object]
) -> None:
    lo, hi = sorted((r1, r2))
    assert non_decreasing(bills(pricing, lo, duration, memory, shape), bills(pricing, hi, duration, memory, shape))


@settings(max_examples=200, deadline=None)
@given(VOLUMES, DURATIONS, DURATIONS, MEMORY, SHAPES)
def test_bills_grow_with_duration(
    pricing: Pricing, requests: int, d1: float, d2: float, memory: int, shape: dict[str, object]
) -> None:
    lo, hi = sorted((d1, d2))
    assert non_decreasing(bills(pricing, requests, lo, memory, shape), bills(pricing, requests, hi, memory, shape))


@settings(max_examples=200, deadline=None)
@given(VOLUMES, DURATIONS, MEMORY, MEMORY, SHAPES)
def test_bills_grow_with_memory(
    pricing: Pricing, requests: int, duration: float, m1: int, m2: int, shape: dict[str, object]
) -> None:
    lo, hi = sorted((m1, m2))
    assert non_decreasing(bills(pricing, requests, duration, lo, shape), bills(pricing, requests, duration, hi, shape))


# ---------------------------------------------------------------------------------------------
# Output model


def test_cents_round_half_up_as_on_a_bill() -> None:
    assert (cents(18.425), cents(0.285), cents(18.73337), cents(0.004999), cents(301_667.2)) == (
        18.43,
        0.29,
        18.73,
        0.0,
        301_667.2,
    )


def test_estimate_dumps_with_the_lambda_key(pricing: Pricing) -> None:
    out = estimate(HAND, pricing, curve_points=5, pricing_file=PRICING)
    data = out.to_json()
    assert data["lambda"]["total_usd"] == 18.73 and "lambda_" not in data
    assert data["pricing"]["as_of"] == pricing.as_of.isoformat() and data["pricing"]["file"] == "aws-us-east-1.toml"
    assert data["requests_per_month"] == 3_000_000 and len(data["curve"]) == 5
    assert json.loads(json.dumps(data)) == data
    assert tomllib.loads(dump_toml(out.model_dump(by_alias=True)))["lambda"]["total_usd"] == 18.73


# ---------------------------------------------------------------------------------------------
# Derived facts


def startup_answers() -> dict[str, object]:
    return tomllib.loads((ROOT / "examples" / "startup-mvp-api.toml").read_text())["answers"]


def test_cost_facts_from_the_startup_example(pricing: Pricing, default_q: Questionnaire) -> None:
    answers = startup_answers()
    facts = CostFacts(pricing)
    assert facts.name == "cost"
    assert set(facts.declared()) == {
        "cost.lambda_monthly_usd",
        "cost.ec2_monthly_usd",
        "cost.ratio",
        "cost.cheaper",
        "cost.lambda_gb_seconds",
        "cost.lambda_over_budget",
        "cost.ec2_over_budget",
        "cost.lambda_managed_monthly_usd",
        "cost.fargate_monthly_usd",
        "cost.cheapest",
        "cost.lambda_managed_over_budget",
        "cost.fargate_over_budget",
        "cost.lambda_managed_ratio",
        "cost.fargate_ratio",
        "cost.lambda_managed_ec2_ratio",
        "cost.fargate_ec2_ratio",
        "cost.lambda_vs_cheapest",
        "cost.ec2_vs_cheapest",
        "cost.lambda_managed_vs_cheapest",
        "cost.fargate_vs_cheapest",
    }
    got = facts.compute(default_q, answers)  # type: ignore[arg-type]
    # 2M requests of 180 ms at 512 MB on arm64 behind an HTTP API:
    # 180,000 GB-s (inside the free tier) + 1M billable requests $0.20 + HTTP API $2.00 = $2.20,
    # plus Lambda's own log lines, 2M × 0.3 KB = 0.6 GB at $0.50 = $0.30: $2.50. The assumed 20 GB
    # of responses are within the free 100 GB.
    assert got["cost.lambda_monthly_usd"] == 2.50
    assert got["cost.lambda_gb_seconds"] == 180_000
    workload = workload_from_answers(answers, default_q)  # type: ignore[arg-type]
    assert workload is not None
    out = estimate(workload, pricing, curve_points=0)
    assert out.lambda_.total_usd == 2.50
    # The EC2 fact is the estimate's bill: the HA floor of two of the cheapest type, an ALB, the
    # ALB's and the instances' public IPv4 addresses and two 20 GB volumes.
    assert got["cost.ec2_monthly_usd"] == out.ec2.total_usd
    assert out.ec2.instances == 2 and out.ec2.load_balancer_usd == 16.60
    # The assumed 20 GB of responses are priced (within the free 100 GB: $0).
    assert {i.item for i in out.ec2.line_items} == {"data_transfer", "public_ipv4", "ebs"}
    assert got["cost.cheaper"] == "lambda"
    assert got["cost.ratio"] == pytest.approx(2.50 / out.ec2.total_usd, abs=1e-3)
    # The middle roads against Lambda (Lambda ÷ theirs) and against EC2 (theirs ÷ EC2), and every bill
    # against the lowest of the four: here Lambda's.
    managed, fargate = out.lambda_managed, out.fargate
    assert managed is not None and fargate is not None
    assert got["cost.lambda_managed_ratio"] == pytest.approx(2.50 / managed.total_usd, abs=1e-3)
    assert got["cost.fargate_ec2_ratio"] == pytest.approx(fargate.total_usd / out.ec2.total_usd, abs=1e-3)
    assert got["cost.lambda_vs_cheapest"] == 1 and got["cost.cheapest"] == "lambda"
    assert got["cost.ec2_vs_cheapest"] == pytest.approx(out.ec2.total_usd / 2.50, rel=1e-3)
    # The example's budget is $100 a month: both bills fit.
    assert (got["cost.lambda_over_budget"], got["cost.ec2_over_budget"]) == (False, False)
    tight = facts.compute(default_q, {**answers, "monthly_budget_usd": 10})  # type: ignore[arg-type]
    assert (tight["cost.lambda_over_budget"], tight["cost.ec2_over_budget"]) == (False, True)
    assert "cost.lambda_over_budget" not in facts.compute(
        default_q,
        {
            k: v
            for k, v in answers.items()  # type: ignore[arg-type]
            if k != "monthly_budget_usd"
        },
    )
    assert workload.arch == "arm64" and workload.front_door == "http-api"
    assert workload.min_instances == 2 and workload.serves_requests


def test_cost_facts_need_the_three_numbers(pricing: Pricing, default_q: Questionnaire) -> None:
    answers = startup_answers()
    del answers["requests_per_month"]
    assert CostFacts(pricing).compute(default_q, answers) == {}  # type: ignore[arg-type]
    assert workload_from_answers(answers) is None  # type: ignore[arg-type]
    # No instance type of the pricing file holds 20,000 MB workers: no bill at all.
    too_big = {**startup_answers(), "memory_mb": 20_000, "server_memory_mb": 4_000_000, "cpu_arch": "x86_64"}
    assert CostFacts(pricing).compute(default_q, too_big) == {}  # type: ignore[arg-type]


def test_answers_map_onto_the_workload() -> None:
    base = {"requests_per_month": 1000, "avg_duration_ms": 50, "memory_mb": 256}
    w = workload_from_answers(base)
    assert w is not None
    assert (w.arch, w.front_door, w.purchase, w.peak_to_average, w.min_instances, w.serves_requests) == (
        "x86_64",
        "none",
        "on-demand",
        3.0,
        2,
        True,
    )
    w = workload_from_answers(
        {**base, "high_availability": False, "invocation": "async", "purchase_option": "spot", "peak_to_average": 10}
    )
    assert w is not None and (w.min_instances, w.serves_requests, w.purchase, w.peak_to_average) == (
        1,
        False,
        "spot",
        10,
    )


def test_cost_facts_plug_into_the_engine(pricing: Pricing, default_q: Questionnaire) -> None:
    result = evaluate(default_q, startup_answers(), providers=(CostFacts(pricing),)).result
    assert result.facts["cost.cheaper"] == "lambda"


# ---------------------------------------------------------------------------------------------
# The command


HAND_ARGS = ["cost", "--requests-per-month", "3000000", "--duration-ms", "1000", "--memory-mb", "512"]


def test_cost_text_shows_both_totals(pricing: Pricing) -> None:
    proc = wizard(*HAND_ARGS)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    ec2 = estimate(HAND, pricing, curve_points=0).ec2
    assert "$18.73" in out and f"${ec2.total_usd:,.2f}" in out
    assert f"AWS Lambda is cheaper by ${ec2.total_usd - 18.73:,.2f} a month." in out
    assert f"Break-even: {break_even(HAND, pricing):,} requests a month" in out
    assert "one worker per vCPU" in out and "Assumptions" in out
    for row in ("Compute", "Front door / load balancer", "Public IPv4 addresses", "EBS gp3 volumes"):
        assert row in out


def test_cost_json_keys(pricing: Pricing) -> None:
    proc = wizard(*HAND_ARGS, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"lambda", "ec2", "break_even_requests_per_month", "assumptions", "pricing", "curve"} <= set(data)
    assert {"requests_usd", "compute_usd", "front_door_usd", "total_usd"} <= set(data["lambda"])
    assert {"instance_type", "instances", "compute_usd", "load_balancer_usd", "total_usd"} <= set(data["ec2"])
    assert {"possible", "limits_exceeded", "line_items"} <= set(data["lambda"])
    assert {"instances_peak", "cpu_credits_usd", "line_items"} <= set(data["ec2"])
    ec2 = estimate(HAND, pricing, curve_points=0).ec2
    assert data["lambda"]["total_usd"] == 18.73 and data["ec2"]["total_usd"] == ec2.total_usd
    assert data["ec2"]["instance_type"] == ec2.instance_type and data["ec2"]["instances"] == 2
    assert data["pricing"]["region"] == "us-east-1" and data["pricing"]["as_of"] == pricing.as_of.isoformat()
    assert len(data["curve"]) == 50


def test_cost_options_reach_the_model() -> None:
    proc = wizard(
        *HAND_ARGS,
        "--arch",
        "arm64",
        "--no-free-tier",
        "--front-door",
        "http-api",
        "--instance-type",
        "m7g.large",
        "--instances",
        "4",
        "--purchase",
        "savings-plan",
        "--peak-to-average",
        "2",
        "--min-instances",
        "1",
        "--utilisation",
        "0.8",
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["lambda"]["front_door_usd"] == 3.00
    # A 1-year Savings Plan takes 12% off Lambda's duration too.
    assert data["lambda"]["compute_usd"] == cents(1_500_000 * 0.0000133334 * 0.88)  # 17.60
    assert data["ec2"]["instances"] == 4 and data["ec2"]["instance_type"] == "m7g.large"
    assert data["ec2"]["compute_usd"] == cents(4 * 730 * 0.0816 * 0.7)  # 166.78


def test_no_break_even_is_said_in_words() -> None:
    proc = wizard(
        "cost",
        "--requests-per-month",
        "1000",
        "--duration-ms",
        "1",
        "--memory-mb",
        "128",
        "--instance-type",
        "m6i.xlarge",
        "--instances",
        "100000",
    )
    assert proc.returncode == 0, proc.stderr
    assert "none between 1,000 and 1,000,000,000,000 requests a month" in proc.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--requests-per-month", "-5"], "--requests-per-month -5 is out of range (accepted: whole numbers from 0 "),
        (["--memory-mb", "2000000"], "--memory-mb 2,000,000 is out of range (accepted: whole numbers from 128 "),
        (["--server-memory-mb", "4000000"],
         "no x86_64 instance type in the pricing file holds one worker of 4,000,000 MB"),
        (["--instances", "999999999999999999999"], "instances must be a whole number from 1 to 1,000,000"),
        (["--utilisation", "1e-310"], "target utilisation must be between 0.01 and 1"),
        (["--cpu-share-pct", "0"], "--cpu-share-pct 0 is out of range"),
        (["--duration-ms", "0"], "--duration-ms 0 is out of range (accepted: from 1 to "),
        (["--front-door", "nginx"], 'unknown front door "nginx"'),
        (["--arch", "sparc"], 'unknown architecture "sparc"'),
        (["--purchase", "reserved"], 'unknown purchase option "reserved"'),
        (["--instance-type", "t9.huge"], 'unknown instance type "t9.huge"'),
        (["--utilisation", "2"], "target utilisation must be between 0.01 and 1"),
        (["--requests-per-month", "2.5"], "--requests-per-month 2.5 is not a whole number"),
    ],
)
def test_cost_bad_values_exit_2_with_one_line(args: list[str], fragment: str) -> None:
    base = {"--requests-per-month": "1000", "--duration-ms": "100", "--memory-mb": "128"}
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    proc = wizard("cost", *[x for pair in base.items() for x in pair])
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("wizard: ") and fragment in lines[0]
    assert "Traceback" not in proc.stderr


def test_cost_usage_errors_exit_2() -> None:
    assert wizard("cost", "--duration-ms", "100", "--memory-mb", "128").returncode == 2
    proc = wizard("cost", "--requests-per-month", "lots", "--duration-ms", "100", "--memory-mb", "128")
    assert proc.returncode == 2 and "got 'lots'" in proc.stderr


# ---------------------------------------------------------------------------------------------
# The command's options take the ranges of the default questionnaire's questions


def accepted(question_range: tuple[float | None, float | None]) -> str:
    low, high = question_range
    return f"from {low:,.0f} to {high:,.0f}"


@pytest.mark.parametrize(
    ("option", "qid", "value"),
    [
        ("--requests-per-month", "requests_per_month", "1e30"),
        ("--duration-ms", "avg_duration_ms", "999999999"),
        ("--memory-mb", "memory_mb", "99999999"),
        ("--peak-to-average", "peak_to_average", "0.5"),
    ],
)
def test_cost_options_out_of_the_questionnaires_range_exit_2(
    default_q: Questionnaire, option: str, qid: str, value: str
) -> None:
    question = default_q.question_index[qid]
    base = {"--requests-per-month": "1000", "--duration-ms": "100", "--memory-mb": "128", option: value}
    proc = wizard("cost", *[x for pair in base.items() for x in pair])
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    # The option and the range the questionnaire (so the full-screen wizard) accepts, read from it.
    assert lines[0].startswith(f"wizard: {option} ") and "is out of range (accepted: " in lines[0]
    assert accepted((question.min, question.max)) in lines[0] and (question.unit or "") in lines[0]


def test_cost_accepts_the_questionnaires_limits_themselves(default_q: Questionnaire) -> None:
    index = default_q.question_index
    proc = wizard("cost", "--requests-per-month", f"{index['requests_per_month'].max:.0f}",
                  "--duration-ms", "120", "--memory-mb", "512", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["requests_per_month"] == index["requests_per_month"].max
    proc = wizard("cost", "--requests-per-month", "1000", "--duration-ms", f"{index['avg_duration_ms'].max:.0f}",
                  "--memory-mb", "512", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert wizard("cost", "--requests-per-month", "1000", "--duration-ms", "100", "--memory-mb", "128",
                  "--payload-kb", "1e20").returncode == 2


# ---------------------------------------------------------------------------------------------
# Workloads Lambda cannot run


def test_a_run_over_lambdas_timeout_is_not_billed_as_lambda(pricing: Pricing) -> None:
    # 1,000 s per request: over Lambda's 900 s maximum. Priced on EC2 only; no break-even.
    w = Workload(1_000_000, 1_000_000, 512)
    out = estimate(w, pricing, curve_points=5)
    assert not out.lambda_.possible and out.cheaper == "ec2" and out.break_even_requests_per_month is None
    (limit,) = out.lambda_.limits_exceeded
    assert limit.limit == "lambda-max-timeout-average" and "900 s" in limit.reason and "1,000 s" in limit.reason
    assert limit.source == "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
    assert break_even(w, pricing) is None
    assert out.ec2.total_usd == cents(totals(w, pricing, w.requests_per_month)[1])
    assert any("Lambda cannot run this workload" in s for s in out.assumptions)
    # Lambda's limits themselves are fine.
    at_limits = estimate(Workload(1_000_000, 900_000, 10_240), pricing, curve_points=0)
    assert at_limits.lambda_.possible and at_limits.lambda_.limits_exceeded == ()


def test_memory_over_lambdas_maximum_is_priced_on_ec2_only(pricing: Pricing, default_q: Questionnaire) -> None:
    w = Workload(1_000_000, 100, 12_000)
    out = estimate(w, pricing, curve_points=0)
    assert not out.lambda_.possible and out.cheaper == "ec2"
    assert [x.limit for x in out.lambda_.limits_exceeded] == ["lambda-max-memory"]
    assert "10,240 MB" in out.lambda_.limits_exceeded[0].reason
    assert out.lambda_.limits_exceeded[0].source.startswith("https://docs.aws.amazon.com/lambda/")
    # Saved in a record and read back, the mark stays.
    again = type(out).model_validate(tomllib.loads(dump_toml(out.model_dump(by_alias=True, exclude_none=True))))
    assert again == out
    # The fact provider gives no Lambda bill, ratio or cheaper option for a workload Lambda cannot run.
    answers = {**startup_answers(), "memory_mb": 12_000, "cpu_arch": "x86_64", "monthly_budget_usd": 10}
    facts = CostFacts(pricing).compute(default_q, answers)  # type: ignore[arg-type]
    lambda_only = {"cost.lambda_monthly_usd", "cost.ratio", "cost.cheaper", "cost.lambda_gb_seconds",
                   "cost.lambda_over_budget"}
    assert not lambda_only & set(facts) and facts["cost.ec2_over_budget"] is True
    assert facts["cost.cheapest"] != "lambda"


def test_cost_command_says_lambda_cannot_run_it() -> None:
    args = ["cost", "--requests-per-month", "1000000", "--duration-ms", "999999", "--memory-mb", "512"]
    proc = wizard(*args)
    assert proc.returncode == 0, proc.stderr
    out = " ".join(proc.stdout.split())  # the report wraps at the terminal's width
    assert "AWS Lambda is cheaper" not in out and "Amazon EC2 is cheaper" not in out
    assert "not possible" in out
    assert ("AWS Lambda cannot run this workload: an average run of 999.999 s is over Lambda's maximum timeout "
            "of 900 s (15 minutes) (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).") in out
    assert "Amazon EC2 is the only option: $" in out
    assert "Break-even: none; AWS Lambda cannot run this workload at any volume." in out
    data = json.loads(wizard(*args, "--format", "json").stdout)
    assert data["lambda"]["possible"] is False and data["cheaper"] == "ec2"
    assert data["break_even_requests_per_month"] is None
    assert [x["limit"] for x in data["lambda"]["limits_exceeded"]] == ["lambda-max-timeout-average"]
    possible = json.loads(wizard(*HAND_ARGS, "--format", "json").stdout)
    assert possible["lambda"]["possible"] is True and possible["lambda"]["limits_exceeded"] == []


@pytest.mark.parametrize(("value", "taken"), [("2,500", 2500), ("2,000,000", 2_000_000), ("1_000", 1000)])
def test_cost_takes_thousands_separators(value: str, taken: int) -> None:
    proc = wizard("cost", "--requests-per-month", value, "--duration-ms", "120", "--memory-mb", "512",
                  "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["requests_per_month"] == taken


@pytest.mark.parametrize("value", ["1,5", ",5", "1,50,0", "12,34"])
def test_cost_refuses_a_comma_that_groups_no_thousands(value: str) -> None:
    # Read as 15, `1,5` would be a silent error (the app refuses it the same way).
    proc = wizard("cost", "--requests-per-month", "1000", "--duration-ms", value, "--memory-mb", "512")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"wizard cost: argument --duration-ms: a comma only groups thousands (1,500); use a dot for decimals, "
        f"got {value!r} (see wizard cost --help)"]


def test_a_fixed_burstable_type_pays_its_credits_even_when_another_type_beats_it(pricing: Pricing) -> None:
    # c.large dominates t.small for this load, but a fixed t.small is priced as t.small, credits included.
    p = catalogue(pricing, C2, T2)
    w = Workload(SECONDS, 1000, 1769, server_memory_mb=256, cpu_share=1.0, target_utilisation=1.0,
                 instance_type="t.small", **STEADY)  # type: ignore[arg-type]
    bill = ec2_bill(w, p)
    assert bill.instance_type == "t.small" and bill.cpu_credits_usd == pytest.approx(0.3 * 2 * 730 * 0.05)


@settings(max_examples=100, deadline=None)
@given(VOLUMES, DURATIONS, MEMORY, SHAPES, st.booleans(), st.booleans())
def test_the_fast_totals_agree_with_the_itemised_bills(
    requests: int, duration: float, memory: int, shape: dict[str, object], nat: bool, public: bool
) -> None:
    # The break-even search and the curve add bills up without building them; they must agree.
    pricing = load_pricing(PRICING)
    w = Workload(requests, duration, memory, egress_gb=120, egress_kb_per_request=3, app_log_gb=4,
                 lambda_platform_log_kb=0.3, nat_gb=20 if nat else None, instance_public_ipv4=public,
                 **shape)  # type: ignore[arg-type]
    try:
        out = estimate(w, pricing, curve_points=0, with_break_even=False)
    except CostInputError:
        return
    lam, ec2 = totals(w, pricing, requests)
    assert cents(lam) == pytest.approx(out.lambda_.total_usd, abs=0.011)
    assert cents(ec2) == pytest.approx(out.ec2.total_usd, abs=0.011)


def test_scheduled_runs_scale_to_nothing_between_runs(pricing: Pricing) -> None:
    """Work in scheduled runs, fed by a queue: the run lasts 24 h ÷ the peak ratio a day (here 1 h) and
    the fleet runs only then; a day of runs shorter than the work needs leaves some for between runs."""
    runs = Workload(requests_per_month=3_000_000, avg_duration_ms=1000, memory_mb=1024, serves_requests=False,
                    scheduled_runs=True, peak_to_average=24, peak_hours_per_day=2)
    cost = ec2_bill(runs, pricing)
    assert cost.instances == 0 and cost.instances_peak >= 2
    assert cost.instance_hours == pytest.approx(cost.instances_peak * HOURS / 24, abs=0.001)
    queue = ec2_bill(Workload(requests_per_month=3_000_000, avg_duration_ms=1000, memory_mb=1024,
                              serves_requests=False, peak_to_average=24), pricing)
    assert queue.instance_hours == pytest.approx(queue.instances * HOURS)  # a queue busy all day: always up
    short = ec2_bill(Workload(requests_per_month=3_000_000, avg_duration_ms=1000, memory_mb=1024,
                              serves_requests=False, scheduled_runs=True, peak_to_average=24,
                              peak_hours_per_day=0.5), pricing)
    assert short.instances >= 1  # the rest of the day's work runs between the runs
    # The break-even search and the curve price the same runs at every volume.
    crossing = break_even(runs, pricing)
    points = curve(runs, pricing)
    assert points and all(ec2 >= 0 for _, _, ec2, _, _ in points)
    assert crossing is None or crossing > 0


@pytest.mark.xfail(strict=True, reason="known gap: a fleet is priced with its instances packed with as many workers as "
                   "their memory holds, so a burstable type can be ruled out as too busy at a small memory setting "
                   "and allowed, with twice the instances, at a larger one")
def test_more_memory_never_makes_the_ec2_bill_cheaper(pricing: Pricing) -> None:
    """Found by test_bills_grow_with_memory with fresh examples: at 1,792 MB two workers fit a t4g.medium,
    whose CPU then stays above its credit baseline, so c6g.large wins at $527; at 3,584 MB one worker
    fits, twice the t4g.medium stay within their baseline, and the bill is $486."""
    def bill(memory: int) -> float:
        return ec2_bill(Workload(requests_per_month=5_086_248, avg_duration_ms=311_103, memory_mb=memory,
                                 peak_to_average=50, front_door="alb", free_tier=False, arch="arm64",
                                 cpu_share=0.01171875), pricing).total_usd

    assert bill(1792) <= bill(3584)


def test_cost_command_prices_scheduled_runs() -> None:
    runs = ["--no-load-balancer", "--peak-to-average", "24", "--format", "json"]
    scheduled = json.loads(wizard(*HAND_ARGS, *runs, "--scheduled-runs").stdout)
    queue = json.loads(wizard(*HAND_ARGS, *runs).stdout)
    assert scheduled["ec2"]["instances"] == 0 < queue["ec2"]["instances"]
    assert scheduled["ec2"]["total_usd"] < queue["ec2"]["total_usd"]
    assert any(line.startswith("Scheduled runs:") for line in scheduled["assumptions"])
    refused = wizard(*HAND_ARGS, "--scheduled-runs")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "--scheduled-runs needs --no-load-balancer" in refused.stderr
