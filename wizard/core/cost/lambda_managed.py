"""Lambda Managed Instances (LMI): Lambda's programming model on EC2 instances Lambda manages, and its bill.

The fleet is sized like the EC2 fleet (`fleet`), from throughput, with three differences:

- Each vCPU serves requests at once up to the runtime's multi-concurrency (`concurrency_per_vcpu` in
  the pricing file: 16 for Python, 64 for Node.js, 32 for Java and .NET, as in AWS's sample calculator)
  instead of a server worker's `MAX_IN_FLIGHT_PER_WORKER`; its CPU time at the target utilisation
  still caps it (CPU-seconds per request, as on EC2).
- Memory per vCPU is the worker's memory, at least `min_mb_per_vcpu` (2 GiB); an instance gives as many
  vCPUs as its memory holds at that (all of them from 2 GiB per vCPU on a C type), with no OS reserve:
  Lambda chooses instances for the function's memory-to-vCPU ratio. The instances come from the
  catalogue's current-generation C, M and R families (no burstable or GPU types).
- There are at least `min_instances` (3: Lambda spreads them over Availability Zones), and Lambda scales
  the fleet itself: it follows the two levels of traffic whatever the EC2 autoscaling answer.

An instance-hour costs the on-demand price less the purchase discount (Savings Plans apply, Spot does
not) plus the management fee on the on-demand price (15%); requests are billed as on Lambda, with no
duration charge and no free tier counted. The front door and the line items are Lambda's.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import NamedTuple

from wizard.core.cost.fleet import SIZING_TOLERANCE, TrafficLevels, traffic_levels
from wizard.core.cost.lambda_bill import front_door_cost
from wizard.core.cost.workload import CostInputError, Workload
from wizard.core.pricing.model import InstanceType, Pricing


class LambdaManagedCost(NamedTuple):
    instance_type: str
    #: Instances in the base hours, and in the peak hours.
    instances: int
    instances_peak: int
    instance_hours: float
    #: Memory given to each vCPU, MB, and the requests one vCPU serves at once.
    mb_per_vcpu: float
    concurrency_per_vcpu: int
    #: Instance-hours at the on-demand price less the purchase discount.
    compute_usd: float
    #: The management fee: its share of the on-demand price of the same instance-hours.
    management_usd: float
    requests_usd: float
    front_door_usd: float

    @property
    def total_usd(self) -> float:
        """LMI's own charges (the line items, Lambda's, are added by the estimate)."""
        return self.compute_usd + self.management_usd + self.requests_usd + self.front_door_usd


@dataclass(frozen=True, slots=True)
class ManagedCandidate:
    itype: InstanceType
    #: Requests a second one instance takes at target utilisation.
    capacity: float


def mb_per_vcpu(w: Workload, p: Pricing) -> float:
    """Memory one vCPU's environment share is given: the worker's memory, at least LMI's least per vCPU."""
    lm = p.lambda_managed
    return max(lm.min_mb_per_vcpu, w.worker_memory_mb)


def per_vcpu(w: Workload, p: Pricing) -> float:
    """Requests a second one vCPU takes: its CPU time at the target utilisation ÷ CPU-seconds per request,
    and at most the runtime's multi-concurrency in flight (Little's law)."""
    u = w.target_utilisation
    concurrency = p.lambda_managed.concurrency(w.runtime)
    return min(u / w.cpu_seconds_per_request, concurrency * u / (w.avg_duration_ms / 1000))


_POOLS: dict[tuple[int, str, float], tuple[Pricing, tuple[tuple[InstanceType, int], ...]]] = {}


def _pool(p: Pricing, arch: str, memory_mb: float) -> tuple[tuple[InstanceType, int], ...]:
    """(type, vCPUs used) of the allowed types, each with more vCPUs than every cheaper one."""
    key = (id(p), arch, memory_mb)
    known = _POOLS.get(key)
    if known is not None and known[0] is p:
        return known[1]
    families = p.lambda_managed.families
    types = p.ec2.instance_types if arch == "arm64" else p.ec2.of_arch("x86_64")
    allowed = [(t, vcpus_used(t, memory_mb)) for t in types
               if not t.burstable and t.gpus == 0 and t.family.startswith(families)]
    allowed = [(t, n) for t, n in allowed if n > 0]
    kept: list[tuple[InstanceType, int]] = []
    most = 0
    for t, n in sorted(allowed, key=lambda a: (a[0].usd_per_hour, -a[1])):
        if n > most:
            kept.append((t, n))
            most = n
    if len(_POOLS) >= 512:
        _POOLS.clear()
    _POOLS[key] = (p, tuple(kept))
    return _POOLS[key][1]


def vcpus_used(itype: InstanceType, memory_mb: float) -> int:
    """vCPUs an instance gives environments: all of them, no more than its memory holds at `memory_mb` each
    (Lambda picks instances for the function's memory-to-vCPU ratio, so no OS reserve is taken off)."""
    return min(itype.vcpus, math.floor(itype.memory_gib * 1024 / memory_mb + 1e-9))


def managed_candidates(w: Workload, p: Pricing) -> list[ManagedCandidate]:
    rate = per_vcpu(w, p)
    return [ManagedCandidate(t, n * rate) for t, n in _pool(p, w.arch, mb_per_vcpu(w, p))]


def _choose(w: Workload, p: Pricing, levels: TrafficLevels,
            pool: list[ManagedCandidate]) -> tuple[ManagedCandidate, int, int, float, float]:
    """The cheapest fleet: (candidate, base instances, peak instances, instance-hours, its price per
    on-demand dollar's worth of instance-hours × on-demand), the type listed first on a tie."""
    lm = p.lambda_managed
    factor = 1 - p.ec2.discounts[w.purchase].managed_discount + lm.management_fee
    hours, least = p.hours_per_month, max(lm.min_instances, 1)
    best: tuple[ManagedCandidate, int, int, float, float] | None = None
    peak_rate, base_rate, share, follows = levels.peak_rate, levels.base_rate, levels.peak_share, levels.follows
    ceil, tol, rest = math.ceil, SIZING_TOLERANCE, 1 - share
    floor = hours * least * factor  # no fleet has fewer than `least` instances all month
    for c in pool:  # `needed` inlined: this runs at every point of the curve
        if best is not None and floor * c.itype.usd_per_hour >= best[4]:
            break  # the pool is sorted by price: no later type can cost less than this
        ratio = peak_rate / c.capacity
        peak = ceil(ratio - ratio * tol)
        if peak < least:
            peak = least
        if follows:
            ratio = base_rate / c.capacity
            base = ceil(ratio - ratio * tol)
            if base < least:
                base = least
        else:
            base = peak
        instance_hours = hours * (base * rest + peak * share)
        price = instance_hours * c.itype.usd_per_hour * factor
        if best is None or price < best[4] * (1 - 1e-12):
            best = (c, base, peak, instance_hours, price)
    if best is None:
        raise CostInputError(f"no instance type in the pricing file can hold Lambda Managed Instances' "
                             f"{mb_per_vcpu(w, p):,g} MB per vCPU")
    return best


def _levels(w: Workload, p: Pricing, requests: float) -> TrafficLevels:
    # Lambda scales the instances itself: the autoscaling answer (an EC2 setting) does not apply.
    return traffic_levels(w if w.autoscaling else dataclasses.replace(w, autoscaling=True), p, requests, fleet=False)


def lambda_managed_cost(w: Workload, p: Pricing, requests: float,
                        pool: list[ManagedCandidate] | None = None) -> LambdaManagedCost:
    """LMI's own charges for `requests` a month, unrounded."""
    lm = p.lambda_managed
    pool = pool if pool is not None else managed_candidates(w, p)
    c, base, peak, instance_hours, _ = _choose(w, p, _levels(w, p, requests), pool)
    on_demand = instance_hours * c.itype.usd_per_hour
    discount = p.ec2.discounts[w.purchase].managed_discount
    return LambdaManagedCost(
        instance_type=c.itype.id, instances=base, instances_peak=peak, instance_hours=instance_hours,
        mb_per_vcpu=mb_per_vcpu(w, p), concurrency_per_vcpu=lm.concurrency(w.runtime),
        compute_usd=on_demand * (1 - discount), management_usd=on_demand * lm.management_fee,
        requests_usd=requests * lm.usd_per_million_requests / 1_000_000,
        front_door_usd=front_door_cost(w, p, requests),
    )


def lambda_managed_total(w: Workload, p: Pricing, requests: float, pool: list[ManagedCandidate],
                         levels: TrafficLevels | None = None, front_door: float | None = None) -> float:
    """LMI's own charges without the details, for the curve's points; `levels` (as `_levels` gives them)
    and `front_door` (Lambda's) when the caller has them already."""
    _, _, _, _, price = _choose(w, p, _levels(w, p, requests) if levels is None else levels, pool)
    lm = p.lambda_managed
    door = front_door_cost(w, p, requests) if front_door is None else front_door
    return price + requests * lm.usd_per_million_requests / 1_000_000 + door
