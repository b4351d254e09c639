"""The EC2 fleet: how many instances of which type the traffic needs, hour by hour, and what they cost.

Capacity comes from throughput, not from one request per vCPU:

- An average request keeps `Workload.cpu_seconds_per_request` CPU-seconds of a full vCPU busy (its
  duration × the share of it spent on the CPU × the vCPU share Lambda had at its memory setting).
- One instance runs one worker per vCPU, as many as its memory holds at the worker's memory after
  `OS_RESERVE_MB` for the OS and agents. Its workers take requests until they are `target_utilisation`
  busy: workers × utilisation ÷ CPU-seconds per request, each second.
- A worker overlaps requests that wait on I/O, up to `MAX_IN_FLIGHT_PER_WORKER` in flight (a
  typical thread pool or event loop); very I/O-bound work is sized by requests in flight instead
  (Little's law: rate × duration).
- A GPU type serves one request per GPU at a time, for the busy share of the run.

The traffic has two levels a day: the peak (`peak_to_average` × the average rate) for
`peak_hours_per_day`, and the rest of the day at the rate that keeps the month's average. With
autoscaling, the fleet follows the two levels; without, it is sized for the peak all month. Queue-fed
workers are sized for the average rate: the queue holds a burst. Every level has at least
`min_instances`, but for work in scheduled runs (`Workload.scheduled_runs`) with autoscaling: the
peak level is the run (`peak_to_average` × the average rate, for as long as the day's work takes at
that rate, at most `peak_hours_per_day`) and between runs no instance runs (AWS Batch, ECS scheduled
tasks or scheduled scaling; a worker busy outside the runs keeps one).

Burstable types (t3, t3a, t4g) earn CPU credits at a baseline share of each vCPU, which pays for
bursts above it. A fleet whose average CPU over the month stays within the baseline may run on them;
a sustained load above it runs on fixed-performance types (a burstable fleet in unlimited mode would
pay surplus vCPU-hours for it, as a fixed burstable type or a catalogue of burstable types only does). The
cheapest fitting type and count wins, on-demand price less the purchase discount plus surplus credits;
a fleet within `FEWER_INSTANCES_MARGIN` of it that needs fewer instances at the peak wins instead.

Its size: the candidates, the chooser and the sizing are one inlined loop that the break-even
search runs at every point, kept together so that what decides the fleet is read in one place.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import NamedTuple

from wizard.core.identity_cache import IdentityCache
from wizard.core.cost.lambda_bill import alb_cost, seconds_per_month
from wizard.core.cost.workload import CostInputError, Workload
from wizard.core.pricing.model import Ec2Prices, InstanceType, Pricing

#: Memory an instance keeps for its OS, agents and page cache before the workers, MB.
OS_RESERVE_MB = 512
#: Requests one worker holds in flight at most while they wait on I/O.
MAX_IN_FLIGHT_PER_WORKER = 64
#: A fleet this much dearer than the cheapest still wins when it needs fewer instances at the peak.
FEWER_INSTANCES_MARGIN = 0.10
#: Relative tolerance when dividing load by capacity, so that a load that exactly fills N instances
#: is N instances and not N+1 through floating-point noise; one request more still counts.
_SIZING_TOLERANCE = 1e-12
#: The same, for the other fleets sized from throughput (Lambda Managed Instances, Fargate tasks).
SIZING_TOLERANCE = _SIZING_TOLERANCE
#: Fleets cheaper by less than this share are a tie (the type listed first wins).
_TIE = 1 - 1e-12


class TrafficLevels(NamedTuple):
    """The month as two levels of traffic: requests a second and the share of hours at each."""

    peak_rate: float
    peak_share: float
    base_rate: float
    #: Whether the fleet follows the levels (False: sized for the peak all month).
    follows: bool
    #: The fewest instances (or tasks) off-peak; None: the workload's minimum, as at the peak. 0 for
    #: work in scheduled runs: nothing runs between them.
    base_least: int | None = None


class Ec2Cost(NamedTuple):
    instance_type: str
    #: Instances in the base hours (all hours without autoscaling, or with a fixed count).
    instances: int
    #: Instances in the peak hours.
    instances_peak: int
    #: Instances the peak needs (equal to `instances_peak` unless the count was fixed).
    instances_needed: int
    instance_hours: float
    peak_concurrency: float
    compute_usd: float
    cpu_credits_usd: float
    load_balancer_usd: float
    #: The fleet's average CPU use per vCPU over the month (for burstable baselines).
    average_cpu: float

    @property
    def total_usd(self) -> float:
        """The fleet's own charges (the shared line items are added by the estimate)."""
        return self.compute_usd + self.cpu_credits_usd + self.load_balancer_usd


def workers(itype: InstanceType, worker_memory_mb: float) -> int:
    """Workers one instance runs: one per vCPU, no more than its memory holds after the OS reserve."""
    usable = itype.memory_gib * 1024 - OS_RESERVE_MB
    if usable <= 0:
        return 0
    return min(itype.vcpus, math.floor(usable / worker_memory_mb))


def instance_capacity(itype: InstanceType, w: Workload) -> float:
    """Requests a second one instance takes at target utilisation; 0 when it cannot run the workload."""
    return _units(itype, w.needs_gpu, w.worker_memory_mb) * _per_unit(w)


def _units(itype: InstanceType, needs_gpu: bool, worker_memory_mb: float) -> int:
    """What serves requests in one instance: its GPUs for GPU work, else its workers."""
    if needs_gpu:
        return itype.gpus
    return workers(itype, worker_memory_mb)


def in_flight_per_worker(w: Workload) -> int:
    """Requests one worker holds at once: many that wait on I/O share a server worker's memory, but a job
    of a scheduled run is a process of its own that needs all of it (a nightly transform in pandas)."""
    return 1 if w.scheduled_runs else MAX_IN_FLIGHT_PER_WORKER


def _per_unit(w: Workload) -> float:
    """Requests a second one worker (or GPU) takes at target utilisation.

    A worker: its CPU time at the target utilisation ÷ CPU-seconds per request, and at most
    `in_flight_per_worker` requests in flight (Little's law). A GPU: one request at a time, for the
    share of the run that keeps it busy.
    """
    u = w.target_utilisation
    duration_s = w.avg_duration_ms / 1000
    if w.needs_gpu:
        return u / (duration_s * w.cpu_share)
    return min(u / w.cpu_seconds_per_request, in_flight_per_worker(w) * u / duration_s)


def traffic_levels(w: Workload, pricing: Pricing, requests: float, *, fleet: bool = True) -> TrafficLevels:
    """The two levels of the month. `fleet` false: for a service other than the EC2 fleet, whose
    fixed instance type and count do not apply (only the autoscaling answer does)."""
    average = requests / seconds_per_month(pricing)
    if not w.serves_requests:
        if w.scheduled_runs and w.autoscaling and not (fleet and w.instances is not None):
            ratio = w.peak_to_average
            hours = min(w.peak_hours_per_day, 24 / ratio)
            if 0 < hours < 24:
                base = average * max(0.0, 24 - hours * ratio) / (24 - hours)
                return TrafficLevels(peak_rate=average * ratio, peak_share=hours / 24, base_rate=base, follows=True,
                                     base_least=0)
        return TrafficLevels(peak_rate=average, peak_share=0.0, base_rate=average, follows=True)
    ratio = w.peak_to_average
    peak = average * ratio
    # The peak cannot last longer than the average allows: ratio × hours <= 24.
    hours = min(w.peak_hours_per_day, 24 / ratio)
    if not w.autoscaling or (fleet and w.instances is not None) or hours >= 24:
        return TrafficLevels(peak_rate=peak, peak_share=1.0, base_rate=peak, follows=False)
    base = average * max(0.0, 24 - hours * ratio) / (24 - hours)
    return TrafficLevels(peak_rate=peak, peak_share=hours / 24, base_rate=base, follows=True)


def needed(rate: float, capacity: float, least: int) -> int:
    ratio = rate / capacity
    return max(least, math.ceil(ratio - ratio * _SIZING_TOLERANCE))


@dataclass(frozen=True, slots=True)
class Candidate:
    itype: InstanceType
    #: Requests a second one instance takes at target utilisation.
    capacity: float
    #: vCPU-hours a month each instance-hour covers without surplus credits (burstable types).
    baseline_vcpus: float = math.inf
    credit_usd: float = 0.0


def candidates(w: Workload, p: Pricing) -> list[Candidate]:
    """The catalogue types the workload may run on, with their capacity, dominated types left out.

    arm64 code runs on both architectures, so both compete; x86_64-only code on x86_64 types. A
    workload that needs a GPU runs on GPU types only. A type no cheaper, with no more capacity and no
    more generous CPU credits than another can never make a cheaper fleet (nor one with fewer
    instances), so it is left out (the type listed first stays on a tie). Capacity is units (workers
    or GPUs) × one unit's rate, and the rate is the same for every type, so which types are left
    depends only on the architecture, the worker memory and the GPU need: that list is kept per
    pricing file, and sensitivity and the break-even search reuse it.
    """
    per_unit = _per_unit(w)
    return [Candidate(itype, units * per_unit, baseline, credit)
            for itype, units, baseline, credit in _pruned(p.ec2, w.arch, w.needs_gpu, w.worker_memory_mb)]


_PRUNED: dict[tuple[int, str, bool, float], tuple[Ec2Prices, tuple[tuple[InstanceType, int, float, float], ...]]] = {}
#: Workload shapes kept per process (a sensitivity run tries a few dozen).
_PRUNED_MAX = 512


def _pruned(ec2: Ec2Prices, arch: str, needs_gpu: bool,
            worker_memory_mb: float) -> tuple[tuple[InstanceType, int, float, float], ...]:
    key = (id(ec2), arch, needs_gpu, worker_memory_mb)
    known = _PRUNED.get(key)
    if known is not None and known[0] is ec2:
        return known[1]
    pool = ec2.instance_types if arch == "arm64" else ec2.of_arch("x86_64")
    found = []
    for itype in pool:
        units = _units(itype, needs_gpu, worker_memory_mb)
        if units <= 0:
            continue
        if itype.baseline_cpu is not None and itype.surplus_credit_usd_per_vcpu_hour is not None and not needs_gpu:
            found.append(Candidate(itype, units, itype.baseline_cpu * itype.vcpus,
                                   itype.surplus_credit_usd_per_vcpu_hour))
        else:
            found.append(Candidate(itype, units))
    # Fixed-performance types: a sweep by price keeps each type with more capacity than every cheaper
    # (or equally cheap, earlier listed) one. Burstable types, few, are checked against both sets.
    fixed = sorted((i for i, c in enumerate(found) if not c.credit_usd),
                   key=lambda i: (found[i].itype.usd_per_hour, -found[i].capacity, i))
    kept: set[int] = set()
    front: list[tuple[float, float]] = []  # (price, the most capacity at that price or less)
    most = 0.0
    for i in fixed:
        if found[i].capacity > most:
            kept.add(i)
            most = found[i].capacity
            front.append((found[i].itype.usd_per_hour, most))
    burstable = [i for i, c in enumerate(found) if c.credit_usd]
    for i in burstable:
        c = found[i]
        at_most = bisect.bisect_right(front, (c.itype.usd_per_hour, math.inf))
        if at_most and front[at_most - 1][1] >= c.capacity:
            continue  # a fixed-performance type no dearer holds as much, with no credits to pay
        if not any(_dominates(found[j], c, j < i) for j in burstable if j != i):
            kept.add(i)
    pruned = tuple((c.itype, int(c.capacity), c.baseline_vcpus, c.credit_usd)
                   for i, c in enumerate(found) if i in kept)
    if len(_PRUNED) >= _PRUNED_MAX:
        _PRUNED.clear()
    _PRUNED[key] = (ec2, pruned)
    return pruned


def candidate(itype: InstanceType, w: Workload) -> Candidate | None:
    """The type with its capacity for the workload and its CPU credits; None when it cannot run it."""
    capacity = instance_capacity(itype, w)
    if capacity <= 0:
        return None
    if itype.baseline_cpu is not None and itype.surplus_credit_usd_per_vcpu_hour is not None and not w.needs_gpu:
        return Candidate(itype, capacity, itype.baseline_cpu * itype.vcpus, itype.surplus_credit_usd_per_vcpu_hour)
    return Candidate(itype, capacity)


def _dominates(a: Candidate, b: Candidate, listed_first: bool) -> bool:
    at_least = (a.itype.usd_per_hour <= b.itype.usd_per_hour and a.capacity >= b.capacity
                and a.baseline_vcpus >= b.baseline_vcpus and a.credit_usd <= b.credit_usd)
    if not at_least:
        return False
    same = (a.itype.usd_per_hour == b.itype.usd_per_hour and a.capacity == b.capacity
            and a.baseline_vcpus == b.baseline_vcpus and a.credit_usd == b.credit_usd)
    return listed_first or not same


def ec2_cost(w: Workload, p: Pricing, requests: float, pool: list[Candidate] | None = None) -> Ec2Cost:
    """The cheapest fleet for `requests` a month (or the fixed type and count)."""
    levels = traffic_levels(w, p, requests)
    if w.instance_type is not None:
        itype = p.ec2.by_id.get(w.instance_type)
        if itype is None:
            known = ", ".join(t.id for t in p.ec2.instance_types[:6])
            more = ", ..." if len(p.ec2.instance_types) > 6 else ""
            raise CostInputError(f'unknown instance type "{w.instance_type}" (known: {known}{more})')
        fixed = candidate(itype, w)
        if fixed is None:
            raise CostInputError(_cannot_hold(w, itype))
        return _fleet_cost(w, p, requests, levels, fixed)
    pool = pool if pool is not None else candidates(w, p)
    if not pool:
        raise _no_type_holds(w, p)
    if w.instances is not None:
        # With a fixed count, the types whose count covers the peak compete; else the largest capacity.
        fitting = [c for c in pool if needed(levels.peak_rate, c.capacity, 1) <= w.instances]
        if not fitting:
            return _fleet_cost(w, p, requests, levels, max(pool, key=lambda c: c.capacity))
        pool = fitting
    return _fleet_cost(w, p, requests, levels, _choose(w, p, requests, levels, pool)[0])


def fleet_total(w: Workload, p: Pricing, requests: float, pool: list[Candidate] | None,
                levels: TrafficLevels | None = None, balancer: float | None = None) -> tuple[float, float]:
    """(The fleet's bill without line items, its instance-hours): what `ec2_cost` prices, without the
    details, for the break-even search and the curve, which call it for every volume they try;
    `levels` (`traffic_levels` of the same volume) and `balancer` (the ALB's month, as below) when the
    caller has them already."""
    if levels is None:
        levels = traffic_levels(w, p, requests)
    if w.instance_type is not None or pool is None:
        cost = ec2_cost(w, p, requests, pool)
        return cost.total_usd, cost.instance_hours
    if not pool:
        raise _no_type_holds(w, p)
    if w.instances is not None:  # a fixed count picks its type differently: the full path
        cost = ec2_cost(w, p, requests, pool)
        return cost.total_usd, cost.instance_hours
    _, price, instance_hours = _choose(w, p, requests, levels, pool)
    if balancer is not None:  # the caller's (the curve works it out once for EC2 and Fargate)
        return price + balancer, instance_hours
    balancer = (alb_cost(p, requests, w.avg_duration_ms, w.avg_payload_kb, lambda_target=False,
                         held_connections=w.websocket_connections) if w.serves_requests else 0.0)
    return price + balancer, instance_hours


def _plain(pool: list[Candidate]) -> tuple[tuple[tuple[float, float, float, float], ...], bool]:
    """`_choose`'s view of a pool: (capacity, hourly price, surplus-credit price, baseline vCPUs) per
    candidate, and whether a fixed-performance type is there to fall back on (burstable types then
    compete only within their baseline)."""
    rows = tuple((c.capacity, c.itype.usd_per_hour, c.credit_usd, c.baseline_vcpus) for c in pool)
    return rows, any(not c.credit_usd for c in pool)


#: The break-even search and the curve choose from one pool at every volume they try.
_PLAIN_POOLS: IdentityCache[list[Candidate], tuple[tuple[tuple[float, float, float, float], ...], bool]] = (
    IdentityCache())


def _choose(w: Workload, p: Pricing, requests: float, levels: TrafficLevels,
            pool: list[Candidate]) -> tuple[Candidate, float, float]:
    """The candidate whose fleet wins, with its compute-and-credits price and instance-hours: the
    cheapest (instance-hours at the discounted price plus surplus credits) or, within
    FEWER_INSTANCES_MARGIN of it, the one with the fewest instances at the peak (then the cheaper,
    then the first listed). The break-even search calls this on every step, so it is inlined."""
    discount = 1 - p.ec2.discounts[w.purchase].discount
    busy = requests * w.cpu_seconds_per_request / 3600
    hours, least, fixed = p.hours_per_month, w.min_instances, w.instances
    peak_rate, base_rate, share, follows = levels.peak_rate, levels.base_rate, levels.peak_share, levels.follows
    base_least = least if levels.base_least is None else levels.base_least
    tolerance = 1 - _SIZING_TOLERANCE
    ceil = math.ceil
    rows, sustained_ok = _PLAIN_POOLS.get(pool, _plain)
    rest = 1 - share
    # The least instance-hours any fleet runs; a load within its baseline is within every larger one's.
    floor_hours = hours * (fixed if fixed is not None else (least * share + base_least * rest if follows else least))
    peaks: list[int] = []
    prices: list[float] = []
    used: list[float] = []
    cheapest = math.inf
    for capacity, usd_per_hour, credit_usd, baseline_vcpus in rows:
        peak = ceil(peak_rate / capacity * tolerance)
        if peak < least:
            peak = least
        if fixed is not None:
            instance_hours = hours * fixed
        elif follows:
            base = ceil(base_rate / capacity * tolerance)
            if base < base_least:
                base = base_least
            instance_hours = hours * (base * rest + peak * share)
        else:
            instance_hours = hours * peak
        price = instance_hours * usd_per_hour * discount
        if credit_usd and busy > baseline_vcpus * floor_hours:  # within the floor's baseline: no surplus
            if sustained_ok and busy > baseline_vcpus * _steady_hours(hours, least, fixed, levels, capacity):
                # Sustained load above the baseline is not what burstable types are for: such a fleet
                # runs on fixed-performance types (unless nothing else fits, when it pays the credits).
                price = math.inf
            else:
                surplus = busy - baseline_vcpus * instance_hours
                if surplus > 0:
                    price += surplus * credit_usd
        peaks.append(peak)
        prices.append(price)
        used.append(instance_hours)
        if price < cheapest:
            cheapest = price
    ceiling = cheapest * (1 + FEWER_INSTANCES_MARGIN)
    best = -1
    for i, price in enumerate(prices):
        if price <= ceiling and (best < 0 or (peaks[i], price) < (peaks[best], prices[best])):
            best = i
    return pool[best], prices[best], used[best]


def _steady_hours(hours: float, least: int, fixed: int | None, levels: TrafficLevels, capacity: float) -> float:
    """Instance-hours the load itself keeps busy, in fractions of an instance (no rounding up, the
    floor of `least` kept): what tells sustained load from bursts, smoothly as the load grows, so a
    burstable type does not come and go with each whole instance added."""
    if fixed is not None:
        return hours * fixed
    peak = max(least, levels.peak_rate / capacity)
    if not levels.follows:
        return hours * peak
    base = max(least if levels.base_least is None else levels.base_least, levels.base_rate / capacity)
    return hours * (base * (1 - levels.peak_share) + peak * levels.peak_share)


def _instance_hours(w: Workload, hours: float, levels: TrafficLevels, capacity: float) -> tuple[int, int, int, float]:
    """(base instances, peak instances, instances the peak needs, instance-hours in the month)."""
    least = w.min_instances
    peak_needs = needed(levels.peak_rate, capacity, least)
    if w.instances is not None:
        base = peak = w.instances
    elif levels.follows:
        base_least = least if levels.base_least is None else levels.base_least
        base, peak = needed(levels.base_rate, capacity, base_least), peak_needs
    else:
        base = peak = peak_needs
    return base, peak, peak_needs, hours * (base * (1 - levels.peak_share) + peak * levels.peak_share)


def _fleet_cost(w: Workload, p: Pricing, requests: float, levels: TrafficLevels, c: Candidate) -> Ec2Cost:
    base, peak, peak_needs, instance_hours = _instance_hours(w, p.hours_per_month, levels, c.capacity)
    itype = c.itype
    discount = p.ec2.discounts[w.purchase].discount
    compute = instance_hours * itype.usd_per_hour * (1 - discount)
    busy_vcpu_hours = requests * w.cpu_seconds_per_request / 3600
    average_cpu = busy_vcpu_hours / (instance_hours * itype.vcpus) if instance_hours else 0.0
    credits = max(0.0, busy_vcpu_hours - c.baseline_vcpus * instance_hours) * c.credit_usd if c.credit_usd else 0.0
    balancer = (alb_cost(p, requests, w.avg_duration_ms, w.avg_payload_kb, lambda_target=False,
                         held_connections=w.websocket_connections) if w.serves_requests else 0.0)
    in_flight = levels.peak_rate * (w.avg_duration_ms / 1000)
    return Ec2Cost(instance_type=itype.id, instances=base, instances_peak=peak, instances_needed=peak_needs,
                   instance_hours=instance_hours, peak_concurrency=in_flight, compute_usd=compute,
                   cpu_credits_usd=credits, load_balancer_usd=balancer, average_cpu=average_cpu)


def _mb(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"


def _cannot_hold(w: Workload, itype: InstanceType) -> str:
    if w.needs_gpu and itype.gpus == 0:
        return f"{itype.id} has no GPU, and the workload needs one"
    return (f"{itype.id} ({itype.memory_gib:g} GiB) cannot hold one worker of {_mb(w.worker_memory_mb)} MB "
            f"besides {OS_RESERVE_MB} MB for the OS")


def _no_type_holds(w: Workload, p: Pricing) -> CostInputError:
    if w.needs_gpu:
        return CostInputError("no GPU instance type in the pricing file (the workload needs a GPU)")
    arches = "x86_64 or arm64" if w.arch == "arm64" else "x86_64"
    pool = p.ec2.instance_types if w.arch == "arm64" else p.ec2.of_arch("x86_64")
    largest = max((t.memory_gib for t in pool), default=0.0)
    return CostInputError(f"no {arches} instance type in the pricing file holds one worker of "
                          f"{_mb(w.worker_memory_mb)} MB (the largest has {largest:g} GiB)")
