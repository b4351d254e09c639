"""The estimate handed out: the four bills (Lambda, Lambda Managed Instances, Fargate, EC2) with their line
items, where Lambda's and EC2's cross, and every assumption.

Amounts are computed unrounded and rounded to the cent only here. The models are JSON- and TOML-ready:
they are the `[cost]` table of a decision record and the output of `wizard cost --format json`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field

from wizard.core.frozen_model import FrozenModel
from wizard.core.questionnaire.conditions import Value
from wizard.core.cost.assumptions import assumptions
from wizard.core.cost.break_even import BREAK_EVEN_HIGH, BREAK_EVEN_LOW, break_even, curve
from wizard.core.cost.fargate import FargateCost, fargate_cost, task_candidates
from wizard.core.cost.fleet import candidates, ec2_cost
from wizard.core.cost.lambda_bill import lambda_cost
from wizard.core.cost.lambda_managed import LambdaManagedCost, lambda_managed_cost, managed_candidates
from wizard.core.cost.line_items import Item, items_total, line_items
from wizard.core.cost.workload import (
    FrontDoor,
    LimitExceeded,
    Purchase,
    Workload,
    fargate_limits_exceeded,
    lambda_limits_exceeded,
    lambda_managed_limits_exceeded,
)
from wizard.core.pricing.model import Arch, Pricing


def cents(amount: float) -> float:
    """Round half up to the cent, as on a bill: 18.425 → 18.43 (plain `round` gives 18.42).

    The tiny tolerance undoes binary noise (0.285 × 100 = 28.499999999999996); it is far below a
    cent, so it only decides true half-cents.
    """
    return math.copysign(math.floor(abs(amount) * 100 + 0.5 + 1e-7) / 100, amount)


class _Out(FrozenModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class LambdaLimit(_Out):
    """A hard limit that rules an option out (Lambda, Lambda Managed Instances or Fargate)."""

    limit: str = Field(description="The constraint's id, e.g. `lambda-no-gpu`.")
    reason: str
    source: str = Field(description="Where AWS documents the limit.")


class LineItem(_Out):
    """One line of a bill beside compute: data transfer, NAT, logs, public IPv4, EBS."""

    item: Literal["data_transfer", "nat_gateway", "logs", "public_ipv4", "ebs", "websocket", "step_functions"]
    label: str
    usd: float
    basis: str = Field(description="The quantity priced, in words.")


class LambdaBill(_Out):
    arch: Arch
    front_door: FrontDoor
    gb_seconds: float = Field(description="GB-seconds of duration in the month, before the free tier.")
    requests_usd: float
    compute_usd: float = Field(description="Duration charge (after a Savings Plan's discount).")
    front_door_usd: float
    provisioned_concurrency_usd: float = Field(
        0.0, description="Provisioned Concurrency kept warm all month (0 without it).")
    provisioned_environments: int = Field(0, description="Environments kept warm (0 without Provisioned Concurrency).")
    line_items: tuple[LineItem, ...] = ()
    total_usd: float
    possible: bool = Field(
        True,
        description="False when Lambda cannot run the workload (see `limits_exceeded`): the amounts are then "
        "what it would cost, not an option.",
    )
    limits_exceeded: tuple[LambdaLimit, ...] = Field((), description="The hard limits that rule Lambda out.")


class Ec2Bill(_Out):
    instance_type: str
    instances: int = Field(description="Instances in the base hours (all month without autoscaling).")
    instances_peak: int = Field(0, description="Instances in the peak hours.")
    instances_needed: int = Field(
        description="Instances the peak needs (differs from `instances_peak` when the count is fixed)."
    )
    instance_hours: float = Field(0.0, description="Instance-hours in the month.")
    peak_concurrency: float = Field(description="Requests in flight at the peak.")
    average_cpu: float = Field(0.0, description="The fleet's average CPU use per vCPU over the month (0–1).")
    purchase: Purchase
    compute_usd: float
    cpu_credits_usd: float = Field(0.0, description="Surplus CPU credits of burstable types in unlimited mode.")
    load_balancer_usd: float
    line_items: tuple[LineItem, ...] = ()
    total_usd: float


class LambdaManagedBill(_Out):
    """Lambda Managed Instances: the instances Lambda runs the function on, the management fee and requests."""

    instance_type: str
    instances: int = Field(description="Instances in the base hours.")
    instances_peak: int = Field(description="Instances in the peak hours.")
    instance_hours: float
    mb_per_vcpu: float = Field(description="Memory per vCPU, MB.")
    concurrency_per_vcpu: int = Field(description="Requests one vCPU serves at once (the runtime's figure).")
    purchase: Purchase
    compute_usd: float = Field(description="Instance-hours at the on-demand price less the purchase discount.")
    management_usd: float = Field(description="The management fee on the on-demand price.")
    requests_usd: float
    front_door_usd: float
    line_items: tuple[LineItem, ...] = ()
    total_usd: float
    possible: bool = True
    limits_exceeded: tuple[LambdaLimit, ...] = ()


class FargateBill(_Out):
    """Amazon ECS on AWS Fargate: tasks of one size, the load balancer and EC2's line items but EBS."""

    vcpus: float = Field(description="vCPUs per task.")
    memory_gb: float = Field(description="Memory per task, GB.")
    tasks: int = Field(description="Tasks in the base hours.")
    tasks_peak: int = Field(description="Tasks in the peak hours.")
    task_hours: float
    purchase: Purchase
    compute_usd: float = Field(description="vCPU- and GB-hours less the purchase's Fargate discount.")
    load_balancer_usd: float
    line_items: tuple[LineItem, ...] = ()
    total_usd: float
    possible: bool = True
    limits_exceeded: tuple[LambdaLimit, ...] = ()


Cheapest = Literal["lambda", "lambda-managed", "fargate", "ec2"]


class CurvePoint(_Out):
    requests_per_month: float = Field(description="Requests a month (not necessarily whole: points are log-spaced).")
    lambda_usd: float
    ec2_usd: float
    lambda_managed_usd: float | None = Field(None, description="None when Lambda Managed Instances cannot run it.")
    fargate_usd: float | None = Field(None, description="None when Fargate cannot run it.")


class PricingRef(_Out):
    region: str
    currency: str
    as_of: dt.date
    hours_per_month: float
    file: str = Field("", description="File name of the pricing data.")
    sources: tuple[str, ...] = ()


class CostEstimate(_Out):
    """Both monthly bills, where they cross, and everything assumed; JSON- and TOML-ready."""

    requests_per_month: int | float
    inputs: dict[str, Value | None] = Field(description="The workload as priced.")
    lambda_: LambdaBill = Field(alias="lambda")
    ec2: Ec2Bill
    lambda_managed: LambdaManagedBill | None = Field(
        None, description="Lambda Managed Instances (absent in records made before they were priced).")
    fargate: FargateBill | None = Field(None, description="ECS on Fargate (absent in older records).")
    cheaper: Literal["lambda", "ec2"] = Field(
        description="Of Lambda and EC2, the option with the lower bill (lambda on a tie); ec2, the only option, "
        "when Lambda cannot run the workload."
    )
    cheapest: Cheapest | None = Field(
        None, description="Of the four options that can run the workload, the one with the lowest bill (on a tie, "
        "in the order lambda, lambda-managed, fargate, ec2)."
    )
    break_even_requests_per_month: int | None = Field(
        None,
        description=f"Monthly requests where the cheaper option changes; none between {BREAK_EVEN_LOW:,} "
        f"and {BREAK_EVEN_HIGH:,}, or when Lambda cannot run the workload.",
    )
    curve: tuple[CurvePoint, ...] = ()
    assumptions: tuple[str, ...] = ()
    pricing: PricingRef

    def to_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)


def _plain_number(value: object) -> Value | None:
    """Whole floats as ints, so 3000000.0 requests read as 3000000 in JSON and TOML."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value  # type: ignore[return-value]


def _plain_volume(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


#: Workload fields that are not priced inputs (they are reported elsewhere in the estimate).
_NOT_INPUTS = frozenset({"lambda_excluded", "lambda_managed_excluded", "fargate_excluded", "assumed"})


def workload_inputs(workload: Workload) -> dict[str, Value | None]:
    """The workload as priced, for the estimate's `inputs`; None (no fixed type or count) has no TOML form."""
    return {
        f.name: _plain_number(getattr(workload, f.name))
        for f in dataclasses.fields(workload)
        if f.name not in _NOT_INPUTS and getattr(workload, f.name) is not None
    }


def _items(items: list[Item]) -> list[dict[str, object]]:
    return [{"item": i.item, "label": i.label, "usd": cents(i.usd), "basis": i.basis} for i in items]


def _limits(limits: tuple[LimitExceeded, ...]) -> list[dict[str, str]]:
    return [{"limit": x.limit, "reason": x.reason, "source": x.source} for x in limits]


def _managed_bill(w: Workload, lmi: LambdaManagedCost | None, items: list[Item],
                  limits: tuple[LimitExceeded, ...]) -> dict[str, object]:
    if lmi is None:  # no instance type holds it: a limit says why
        return {"instance_type": "", "instances": 0, "instances_peak": 0, "instance_hours": 0.0, "mb_per_vcpu": 0.0,
                "concurrency_per_vcpu": 0, "purchase": w.purchase, "compute_usd": 0.0, "management_usd": 0.0,
                "requests_usd": 0.0, "front_door_usd": 0.0, "total_usd": 0.0, "possible": False,
                "limits_exceeded": _limits(limits)}
    return {
        "instance_type": lmi.instance_type,
        "instances": lmi.instances,
        "instances_peak": lmi.instances_peak,
        "instance_hours": round(lmi.instance_hours, 3),
        "mb_per_vcpu": lmi.mb_per_vcpu,
        "concurrency_per_vcpu": lmi.concurrency_per_vcpu,
        "purchase": w.purchase,
        "compute_usd": cents(lmi.compute_usd),
        "management_usd": cents(lmi.management_usd),
        "requests_usd": cents(lmi.requests_usd),
        "front_door_usd": cents(lmi.front_door_usd),
        "line_items": _items(items),
        "total_usd": cents(lmi.total_usd + items_total(items)),
        "possible": not limits,
        "limits_exceeded": _limits(limits),
    }


def _fargate_bill(w: Workload, far: FargateCost | None, items: list[Item],
                  limits: tuple[LimitExceeded, ...]) -> dict[str, object]:
    if far is None:
        return {"vcpus": 0.0, "memory_gb": 0.0, "tasks": 0, "tasks_peak": 0, "task_hours": 0.0, "purchase": w.purchase,
                "compute_usd": 0.0, "load_balancer_usd": 0.0, "total_usd": 0.0, "possible": False,
                "limits_exceeded": _limits(limits)}
    return {
        "vcpus": far.vcpus,
        "memory_gb": far.memory_gb,
        "tasks": far.tasks,
        "tasks_peak": far.tasks_peak,
        "task_hours": round(far.task_hours, 3),
        "purchase": w.purchase,
        "compute_usd": cents(far.compute_usd),
        "load_balancer_usd": cents(far.load_balancer_usd),
        "line_items": _items(items),
        "total_usd": cents(far.total_usd + items_total(items)),
        "possible": not limits,
        "limits_exceeded": _limits(limits),
    }


def cheapest(totals: dict[str, float | None]) -> str | None:
    """The option with the lowest total among those given (None: cannot run), first listed on a tie."""
    best: str | None = None
    for option, total in totals.items():
        if total is not None and (best is None or total < (totals[best] or 0.0)):
            best = option
    return best


def estimate(
    workload: Workload, pricing: Pricing, curve_points: int = 50, *, pricing_file: Path | str | None = None,
    with_break_even: bool = True,
) -> CostEstimate:
    """Both bills for the workload; the break-even and curve too unless `with_break_even` is false."""
    w, p = workload, pricing
    requests = float(w.requests_per_month)
    lam = lambda_cost(w, p, requests)
    pool = candidates(w, p) if w.instance_type is None else None  # worked out once for every volume
    ec2 = ec2_cost(w, p, requests, pool)
    lam_items = line_items(w, p, "lambda", requests, load_balancer=w.front_door == "alb")
    ec2_items = line_items(w, p, "ec2", requests, instance_hours=ec2.instance_hours, load_balancer=w.serves_requests)
    lam_total = lam.total_usd + items_total(lam_items)
    ec2_total = ec2.total_usd + items_total(ec2_items)
    limits = lambda_limits_exceeded(w)
    managed_pool, task_pool = managed_candidates(w, p), task_candidates(w, p)
    lmi = lambda_managed_cost(w, p, requests, managed_pool) if managed_pool else None
    far = fargate_cost(w, p, requests, task_pool) if task_pool else None
    lmi_limits, far_limits = lambda_managed_limits_exceeded(w), fargate_limits_exceeded(w)
    far_items = [i for i in line_items(w, p, "fargate", requests, instance_hours=far.task_hours,
                                       load_balancer=w.serves_requests) if i.item != "ebs"] if far else []
    lmi_total = lmi.total_usd + items_total(lam_items) if lmi and not lmi_limits else None
    far_total = far.total_usd + items_total(far_items) if far and not far_limits else None
    crossing = break_even(w, p, pool=pool) if with_break_even else None
    points = (curve(w, p, curve_points, break_even_at=crossing, pool=pool,
                    managed_pool=managed_pool if lmi_total is not None else None,
                    task_pool=task_pool if far_total is not None else None)
              if curve_points and with_break_even else [])
    itype = p.ec2.by_id[ec2.instance_type]
    return CostEstimate.model_validate(
        {
            "requests_per_month": _plain_volume(w.requests_per_month),
            "inputs": workload_inputs(w),
            "lambda": {
                "arch": w.arch,
                "front_door": w.front_door,
                "gb_seconds": round(lam.gb_seconds, 3),
                "requests_usd": cents(lam.requests_usd),
                "compute_usd": cents(lam.compute_usd),
                "front_door_usd": cents(lam.front_door_usd),
                "provisioned_concurrency_usd": cents(lam.provisioned_usd),
                "provisioned_environments": lam.provisioned_environments,
                "line_items": _items(lam_items),
                "total_usd": cents(lam_total),
                "possible": not limits,
                "limits_exceeded": _limits(limits),
            },
            "lambda_managed": _managed_bill(w, lmi, lam_items, lmi_limits),
            "fargate": _fargate_bill(w, far, far_items, far_limits),
            "ec2": {
                "instance_type": ec2.instance_type,
                "instances": ec2.instances,
                "instances_peak": ec2.instances_peak,
                "instances_needed": ec2.instances_needed,
                "instance_hours": round(ec2.instance_hours, 3),
                "peak_concurrency": round(ec2.peak_concurrency, 3),
                "average_cpu": round(ec2.average_cpu, 4),
                "purchase": w.purchase,
                "compute_usd": cents(ec2.compute_usd),
                "cpu_credits_usd": cents(ec2.cpu_credits_usd),
                "load_balancer_usd": cents(ec2.load_balancer_usd),
                "line_items": _items(ec2_items),
                "total_usd": cents(ec2_total),
            },
            "cheaper": "lambda" if not limits and lam_total <= ec2_total else "ec2",
            "cheapest": cheapest({"lambda": None if limits else lam_total, "lambda-managed": lmi_total,
                                  "fargate": far_total, "ec2": ec2_total}),
            "break_even_requests_per_month": crossing,
            # Plain data, validated with the rest in one pass (quicker than building each point).
            "curve": [{"requests_per_month": r, "lambda_usd": cents(a), "ec2_usd": cents(b),
                       "lambda_managed_usd": None if m is None else cents(m),
                       "fargate_usd": None if f is None else cents(f)} for r, a, b, m, f in points],
            "assumptions": tuple(assumptions(w, p, ec2, itype, lam, lmi, far)),
            "pricing": {
                "region": p.region,
                "currency": p.currency,
                "as_of": p.as_of,
                "hours_per_month": p.hours_per_month,
                "file": Path(pricing_file).name if pricing_file else "",
                "sources": p.sources,
            },
        }
    )
