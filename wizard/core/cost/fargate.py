"""Amazon ECS on AWS Fargate: tasks sized as vCPU and GB, how many the traffic needs, and their bill.

Tasks come from the same throughput model as the EC2 fleet (`fleet`): one worker per vCPU (one on a
fraction of a vCPU), each taking requests until it is `target_utilisation` busy, with at most
`fleet.in_flight_per_worker` in flight. Every task size of the pricing file is tried with the least
memory it offers that holds its workers (no OS reserve: the task's memory is the containers'); the
cheapest fleet wins, the smaller size on a tie. Tasks follow the two levels of traffic as the EC2 fleet
does (Service Auto Scaling, when autoscaling is answered yes), with at least `min_instances` tasks
(two, one per Availability Zone, for high availability), and none between scheduled runs.

A task-hour costs vCPUs × the vCPU-hour price + GB × the GB-hour price of the architecture (arm64 code
runs on Graviton), less the purchase's Fargate discount (Compute Savings Plans, Fargate Spot). Fargate
bills per second; the model prices whole hours of the two levels, which per-second billing matches.
An ALB fronts tasks that serve requests; the line items are EC2's but EBS (20 GB of ephemeral storage
come with every task).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from wizard.core.cost.fleet import SIZING_TOLERANCE, TrafficLevels, in_flight_per_worker, traffic_levels
from wizard.core.cost.lambda_bill import alb_cost
from wizard.core.cost.workload import CostInputError, Workload
from wizard.core.pricing.model import Pricing


class FargateCost(NamedTuple):
    vcpus: float
    memory_gb: float
    #: Tasks in the base hours, and in the peak hours.
    tasks: int
    tasks_peak: int
    task_hours: float
    #: vCPU and GB task-hours after the purchase's Fargate discount.
    compute_usd: float
    load_balancer_usd: float

    @property
    def total_usd(self) -> float:
        """Fargate's own charges (the line items are added by the estimate)."""
        return self.compute_usd + self.load_balancer_usd


@dataclass(frozen=True, slots=True)
class TaskCandidate:
    vcpus: float
    memory_gb: float
    #: Requests a second one task takes at target utilisation, and its on-demand price per hour.
    capacity: float
    usd_per_hour: float


def task_candidates(w: Workload, p: Pricing) -> list[TaskCandidate]:
    """Every task size that holds its workers, with the least memory that does, dearer-and-no-bigger ones left
    out, cheapest first (`_choose` counts on that order)."""
    prices = p.fargate.of(w.arch)
    u = w.target_utilisation
    cpu_rate = u / w.cpu_seconds_per_request
    io_rate = in_flight_per_worker(w) * u / (w.avg_duration_ms / 1000)
    found = []
    for size in p.fargate.task_sizes:
        workers = max(1.0, size.vcpus)
        memory = size.memory_for(workers * w.worker_memory_mb / 1024)
        if memory is None:
            continue
        capacity = min(size.vcpus * cpu_rate, workers * io_rate)
        found.append(TaskCandidate(size.vcpus, memory, capacity,
                                   size.vcpus * prices.usd_per_vcpu_hour + memory * prices.usd_per_gb_hour))
    kept: list[TaskCandidate] = []
    most = 0.0
    for c in sorted(found, key=lambda c: (c.usd_per_hour, -c.capacity)):
        if c.capacity > most:
            kept.append(c)
            most = c.capacity
    return kept


def _choose(w: Workload, p: Pricing, levels: TrafficLevels,
            pool: list[TaskCandidate]) -> tuple[TaskCandidate, int, int, float, float]:
    """The cheapest fleet: (candidate, base tasks, peak tasks, task-hours, price); on a tie (within
    rounding noise) the smaller task, then the one listed first. The curve calls this at every point.

    What each task adds beyond its vCPUs and GB (a public IPv4 address, when tasks have one) counts in
    the choice, so many small tasks do not win on compute and lose on addresses; `price` is the
    tasks' own charge."""
    if not pool:
        raise CostInputError(f"no Fargate task size holds one worker of {w.worker_memory_mb:,g} MB "
                             "(the largest has 120 GB)")
    factor = 1 - p.ec2.discounts[w.purchase].fargate_discount
    hours, least = p.hours_per_month, w.min_instances
    peak_rate, base_rate, share, follows = levels.peak_rate, levels.base_rate, levels.peak_share, levels.follows
    base_least = least if levels.base_least is None else levels.base_least
    best: tuple[TaskCandidate, int, int, float, float] | None = None
    best_key: tuple[float, float] = (math.inf, math.inf)
    ceil, tol, rest = math.ceil, SIZING_TOLERANCE, 1 - share
    extra = p.public_ipv4.usd_per_hour if w.count_public_ipv4 and w.instance_public_ipv4 else 0.0
    # No fleet has fewer than `least` tasks at the peak and `base_least` off it.
    floor = hours * (least * share + base_least * rest if follows else least)
    for c in pool:  # `needed` inlined: this runs at every point of the curve
        if best is not None and floor * (c.usd_per_hour * factor + extra) > best_key[0] + 1e-8:
            break  # the pool is sorted by price: no later size can cost less than this
        ratio = peak_rate / c.capacity
        peak = ceil(ratio - ratio * tol)
        if peak < least:
            peak = least
        if follows:
            ratio = base_rate / c.capacity
            base = ceil(ratio - ratio * tol)
            if base < base_least:
                base = base_least
        else:
            base = peak
        task_hours = hours * (base * rest + peak * share)
        price = task_hours * c.usd_per_hour * factor
        cost = price + task_hours * extra
        # (rounded cost, vCPUs) decides; rounding to 1e-9 cannot reorder costs further apart than 1e-8.
        if best is None or cost < best_key[0] - 1e-8 or (
                cost <= best_key[0] + 1e-8 and (round(cost, 9), c.vcpus) < (round(best_key[0], 9), best_key[1])):
            best, best_key = (c, base, peak, task_hours, price), (cost, c.vcpus)
    if best is None:  # unreachable: the pool is not empty
        raise CostInputError("no Fargate task size to choose from")
    return best


def _balancer(w: Workload, p: Pricing, requests: float) -> float:
    return (alb_cost(p, requests, w.avg_duration_ms, w.avg_payload_kb, lambda_target=False,
                     held_connections=w.websocket_connections) if w.serves_requests else 0.0)


def fargate_cost(w: Workload, p: Pricing, requests: float, pool: list[TaskCandidate] | None = None) -> FargateCost:
    """Fargate's own charges for `requests` a month, unrounded."""
    pool = pool if pool is not None else task_candidates(w, p)
    c, base, peak, task_hours, price = _choose(w, p, traffic_levels(w, p, requests, fleet=False), pool)
    return FargateCost(vcpus=c.vcpus, memory_gb=c.memory_gb, tasks=base, tasks_peak=peak, task_hours=task_hours,
                       compute_usd=price, load_balancer_usd=_balancer(w, p, requests))


def fargate_total(w: Workload, p: Pricing, requests: float, pool: list[TaskCandidate],
                  levels: TrafficLevels | None = None, balancer: float | None = None) -> tuple[float, float]:
    """(Fargate's own charges, task-hours) without the details, for the curve's points; `levels` and
    `balancer` (the ALB, the same as EC2's) when the caller has them already."""
    if levels is None:
        levels = traffic_levels(w, p, requests, fleet=False)
    _, _, _, task_hours, price = _choose(w, p, levels, pool)
    return price + (_balancer(w, p, requests) if balancer is None else balancer), task_hours
