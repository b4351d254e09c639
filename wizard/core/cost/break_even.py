"""Where the cheaper option changes with volume, and both bills over a range of volumes for the chart.

Everything but the monthly request count stays as in the workload: the same duration, memory, traffic
shape and line items (data answered as GB a month stays that many GB).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from wizard.core.cost.fargate import TaskCandidate, fargate_total, task_candidates
from wizard.core.cost.fleet import Candidate, candidates, fleet_total, traffic_levels
from wizard.core.cost.lambda_bill import alb_cost, lambda_cost
from wizard.core.cost.lambda_managed import ManagedCandidate, lambda_managed_total, managed_candidates
from wizard.core.cost.line_items import both_totals, fargate_items_total, per_instance_hour
from wizard.core.cost.workload import CostInputError, Workload, lambda_possible
from wizard.core.pricing.model import Pricing

#: The range the break-even is searched in, requests a month.
BREAK_EVEN_LOW = 1_000
BREAK_EVEN_HIGH = 1_000_000_000_000
#: Scan points per decade of the break-even search before bisecting.
SCAN_PER_DECADE = 2


def totals(w: Workload, p: Pricing, requests: float, pool: list[Candidate] | None = None) -> tuple[float, float]:
    """(Lambda total, EC2 total) for `requests` a month, line items included, unrounded."""
    lam = lambda_cost(w, p, requests)
    ec2, instance_hours = fleet_total(w, p, requests, pool)
    lam_items, ec2_items = both_totals(w, p, requests, instance_hours)
    return lam.total_usd + lam_items, ec2 + ec2_items


def all_totals(w: Workload, p: Pricing, requests: float) -> tuple[float, float, float | None, float | None]:
    """(Lambda, EC2, Lambda Managed Instances, Fargate) totals for `requests` a month, line items included,
    unrounded; a middle option None when no instance type or task size can hold it (the limits say why)."""
    lam = lambda_cost(w, p, requests)
    ec2, instance_hours = fleet_total(w, p, requests, None if w.instance_type is not None else candidates(w, p))
    lam_items, ec2_items = both_totals(w, p, requests, instance_hours)
    managed_pool = managed_candidates(w, p)
    managed = (lambda_managed_total(w, p, requests, managed_pool, front_door=lam.front_door_usd) + lam_items
               if managed_pool else None)
    task_pool = task_candidates(w, p)
    fargate: float | None = None
    if task_pool:
        own, task_hours = fargate_total(w, p, requests, task_pool)
        fargate = own + fargate_items_total(w, p, requests, task_hours)
    return lam.total_usd + lam_items, ec2 + ec2_items, managed, fargate


def _scan_grid(low: float, high: float, per_decade: int) -> list[int]:
    steps = max(1, math.ceil(math.log10(high / low) * per_decade))
    grid = [round(low * (high / low) ** (i / steps)) for i in range(steps + 1)]
    return sorted(set(grid))


def break_even(workload: Workload, pricing: Pricing, low: int = BREAK_EVEN_LOW,
               high: int = BREAK_EVEN_HIGH, pool: list[Candidate] | None = None) -> int | None:
    """The monthly request count at which the cheaper option changes, or None in [low, high].

    None too when Lambda cannot run the workload (a hard limit, whatever the volume): EC2 is then
    the only option at every volume.

    The difference Lambda − EC2 is scanned on a log grid (SCAN_PER_DECADE points a decade) for its
    first change of sign, then bisected to a whole number of requests: the result is the smallest
    count on the other side. EC2 is a step function of volume (whole instances), so near the
    break-even the bills can cross several times within a few steps of each other; any one of those
    crossings may be the one found, and they are all within a few instances' price of each other.
    """
    if not lambda_possible(workload):
        return None
    if pool is None and workload.instance_type is None:
        pool = candidates(workload, pricing)

    def gap(requests: float) -> float:
        """Lambda's bill less EC2's: Lambda is dearer where it is above zero."""
        lam, ec2 = totals(workload, pricing, requests, pool)
        return lam - ec2

    grid = _scan_grid(low, high, SCAN_PER_DECADE)
    first = gap(grid[0])
    start = first > 0
    previous, at_previous = grid[0], first
    for point in grid[1:]:
        at_point = gap(point)
        if (at_point > 0) != start:
            return _narrow(gap, start, previous, at_previous, point, at_point)
        previous, at_previous = point, at_point
    return None


def _narrow(gap: Callable[[float], float], start: bool, lo: int, at_lo: float, hi: int, at_hi: float) -> int:
    """The smallest whole count on the other side of a change of sign of `gap` between `lo` (on the side
    `start`) and `hi` (on the other): interpolated where the gap is smooth (Lambda's bill is, nearly),
    halved whenever a guess does not cut the bracket by half (EC2's bill steps by whole instances), so
    it needs a handful of bills where halving alone needs some 27."""
    halve = False
    while hi - lo > 1:
        if halve or at_lo == at_hi:
            mid = (lo + hi) // 2
        else:
            mid = round(lo + (hi - lo) * at_lo / (at_lo - at_hi))
            mid = min(max(mid, lo + 1), hi - 1)
        width = hi - lo
        at_mid = gap(mid)
        if (at_mid > 0) == start:
            lo, at_lo = mid, at_mid
        else:
            hi, at_hi = mid, at_mid
        halve = not halve and (hi - lo) * 2 > width  # a guess that cut less than half: halve next
    return hi


def curve(workload: Workload, pricing: Pricing, points: int = 50, *, break_even_at: int | None = None,
          pool: list[Candidate] | None = None, managed_pool: list[ManagedCandidate] | None = None,
          task_pool: list[TaskCandidate] | None = None,
          ) -> list[tuple[float, float, float, float | None, float | None]]:
    """(requests a month, Lambda, EC2, Lambda Managed Instances and Fargate totals) on a log axis,
    ascending, for a chart; the last two None without their candidates (the option cannot run).

    The break-even stays Lambda's and EC2's: the two middle options are priced on the curve only.

    The axis runs from a tenth of the smaller to ten times the larger of the workload's volume
    and the break-even (when there is one), and never below one request.
    """
    if points < 2:
        raise CostInputError(f"a curve needs at least 2 points, got {points}")
    anchors = [a for a in (float(workload.requests_per_month), break_even_at) if a]
    if anchors:
        low, high = max(1.0, min(anchors) / 10), max(anchors) * 10
    else:
        low, high = float(BREAK_EVEN_LOW), float(BREAK_EVEN_HIGH)
    ratio = high / low
    if pool is None and workload.instance_type is None:
        pool = candidates(workload, pricing)
    # The middle options per point through their fast paths, sharing what each point has worked out
    # already: Lambda's front door, the ALB (EC2's and Fargate's are the same), EC2's line items.
    managed_w = workload if workload.autoscaling else dataclasses.replace(workload, autoscaling=True)
    ipv4_rate, ebs_rate = per_instance_hour(workload, pricing)
    serves = workload.serves_requests
    own_same = workload.instances is None
    out = []
    for i in range(points):
        requests = low * ratio ** (i / (points - 1))
        lam = lambda_cost(workload, pricing, requests)
        levels = traffic_levels(workload, pricing, requests)
        balancer = (alb_cost(pricing, requests, workload.avg_duration_ms, workload.avg_payload_kb,
                             lambda_target=False, held_connections=workload.websocket_connections)
                    if serves else 0.0)
        ec2, instance_hours = fleet_total(workload, pricing, requests, pool, levels, balancer)
        lam_items, ec2_items = both_totals(workload, pricing, requests, instance_hours)
        # The other fleets' levels are the EC2 fleet's unless a fixed count or no autoscaling sets those.
        own_levels = levels if own_same else traffic_levels(workload, pricing, requests, fleet=False)
        managed = (lambda_managed_total(workload, pricing, requests, managed_pool,
                                        own_levels if workload.autoscaling
                                        else traffic_levels(managed_w, pricing, requests, fleet=False),
                                        lam.front_door_usd) + lam_items
                   if managed_pool else None)
        fargate: float | None = None
        if task_pool:
            own, task_hours = fargate_total(workload, pricing, requests, task_pool,
                                            own_levels, balancer)
            # Fargate's items: EC2's with task-hours for instance-hours, and no EBS.
            fargate = own + ec2_items + (task_hours - instance_hours) * ipv4_rate - instance_hours * ebs_rate
        out.append((requests, lam.total_usd + lam_items, ec2 + ec2_items, managed, fargate))
    return out
