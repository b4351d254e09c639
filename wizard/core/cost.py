"""The cost model: a month of AWS Lambda against a month of an EC2 fleet, for one workload.

Pure, deterministic functions of a `Workload` and a `Pricing` file. Amounts are computed unrounded
and rounded to the cent only in the `CostEstimate` handed out.

Lambda: requests × request price + GB-seconds × the tiered duration price of the architecture
(both after the monthly free tier, when applied) + the front door (API Gateway tiers or an ALB).

EC2: the fleet is sized for the peak. Peak requests/s = average × peak-to-average; requests in
flight = peak requests/s × average duration (Little's law); one instance holds
min(vCPUs, requests its memory fits) × target utilisation of them; the fleet has at least
`min_instances`. Without a fixed instance type the cheapest catalog type of the workload's
architecture wins. A load balancer is added when the fleet serves requests.

Lambda has hard limits (a 900 s timeout, 10,240 MB of memory). A workload beyond one is still
priced on EC2, but Lambda's bill is marked impossible (`LambdaBill.possible` false, with the limits
exceeded and their sources): its amounts are then what Lambda would cost, not an option, EC2 is the
cheaper (the only) option and there is no break-even.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from wizard.core.conditions import Value
from wizard.core.errors import WizardError
from wizard.core.pricing import Arch, InstanceType, Pricing, PurchaseId, default_pricing, tiered_cost
from wizard.core.questionnaire import Questionnaire

FrontDoor = Literal["none", "url", "http-api", "rest-api", "alb"]
Purchase = PurchaseId

ARCHES: tuple[str, ...] = get_args(Arch)
FRONT_DOORS: tuple[str, ...] = get_args(FrontDoor)
PURCHASES: tuple[str, ...] = get_args(PurchaseId)

LAMBDA_MIN_MB = 128
LAMBDA_MAX_MB = 10_240
#: Lambda's longest invocation: 900 s (15 minutes).
LAMBDA_MAX_TIMEOUT_MS = 900_000
LAMBDA_TIMEOUT_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
LAMBDA_LIMITS_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
#: API Gateway HTTP API meters requests in 512 KB increments.
HTTP_API_METERING_KB = 512
#: Kilobytes in a gigabyte for the ALB's processed-bytes dimension (decimal units).
KB_PER_GB = 1_000_000
#: The range the break-even is searched in, requests a month.
BREAK_EVEN_LOW = 1_000
BREAK_EVEN_HIGH = 1_000_000_000_000
#: Scan points per decade of the break-even search before bisecting.
SCAN_PER_DECADE = 2
#: Relative tolerance when dividing load by capacity, so that a load that exactly fills N instances
#: is N instances and not N+1 through floating-point noise; one request more still counts.
_SIZING_TOLERANCE = 1e-12
#: Numbers as TOML and argparse give them (bool is not one: TOML `true` is not 1).
_NUMBER_TYPES = (int, float)
#: Fleets cheaper by less than this share are a tie (so 2 × 0.0104 ties 1 × 0.0208).
_TIE = 1 - 1e-12


class CostInputError(WizardError):
    """A workload value the cost model cannot price (negative requests, memory out of range...)."""


# ---------------------------------------------------------------------------------------------
# The workload


@dataclass(frozen=True, slots=True)
class Workload:
    """What is priced. Every field is checked on creation; a bad value raises `CostInputError`."""

    requests_per_month: float
    avg_duration_ms: float
    memory_mb: float
    arch: Arch = "x86_64"
    free_tier: bool = True
    front_door: FrontDoor = "none"
    peak_to_average: float = 3.0
    #: 2 by default: one instance in each of two Availability Zones.
    min_instances: int = 2
    instance_type: str | None = None
    instances: int | None = None
    purchase: Purchase = "on-demand"
    target_utilisation: float = 0.6
    #: Whether the EC2 fleet answers requests (and so needs a load balancer); false for queue workers.
    serves_requests: bool = True
    #: Request plus response size, for the ALB's processed-bytes dimension.
    avg_payload_kb: float = 10.0

    def __post_init__(self) -> None:
        _check_workload(self)

    def with_requests(self, requests_per_month: float) -> Workload:
        return dataclasses.replace(self, requests_per_month=requests_per_month)


def _finite(name: str, value: object) -> float:
    if value.__class__ in _NUMBER_TYPES:
        number = float(value)
        if math.isfinite(number):
            return number
    raise CostInputError(f"{name} must be a finite number, got {value!r}")


def _whole(name: str, value: object, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise CostInputError(f"{name} must be a whole number of at least {least}, got {value!r}")


def _one_of(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise CostInputError(f'unknown {name} "{value}" (choose {", ".join(allowed)})')


def _check_workload(w: Workload) -> None:
    if _finite("requests per month", w.requests_per_month) < 0:
        raise CostInputError(f"requests per month must be 0 or more, got {w.requests_per_month:g}")
    if _finite("average duration", w.avg_duration_ms) <= 0:
        raise CostInputError(f"average duration must be above 0 ms, got {w.avg_duration_ms:g} ms")
    memory = _finite("memory", w.memory_mb)
    if memory < LAMBDA_MIN_MB:
        # More than Lambda's maximum is allowed: EC2 is priced and Lambda's bill marked impossible.
        raise CostInputError(f"memory {memory:g} MB is out of range: at least {LAMBDA_MIN_MB} MB "
                             f"(Lambda's smallest size)")
    _one_of("architecture", w.arch, ARCHES)
    _one_of("front door", w.front_door, FRONT_DOORS)
    _one_of("purchase option", w.purchase, PURCHASES)
    if _finite("peak-to-average ratio", w.peak_to_average) < 1:
        raise CostInputError(f"peak-to-average ratio must be at least 1, got {w.peak_to_average:g}")
    utilisation = _finite("target utilisation", w.target_utilisation)
    if not 0 < utilisation <= 1:
        raise CostInputError(f"target utilisation must be above 0 and at most 1, got {utilisation:g}")
    if _finite("average payload", w.avg_payload_kb) < 0:
        raise CostInputError(f"average payload must be 0 KB or more, got {w.avg_payload_kb:g}")
    _whole("minimum instances", w.min_instances, 1)
    if w.instances is not None:
        _whole("instances", w.instances, 1)
    if w.instance_type is not None and (not isinstance(w.instance_type, str) or not w.instance_type):
        raise CostInputError(f"instance type must be a name such as t3.micro, got {w.instance_type!r}")


# ---------------------------------------------------------------------------------------------
# Lambda's hard limits


@dataclass(frozen=True, slots=True)
class LimitExceeded:
    """A hard Lambda limit the workload is beyond: Lambda cannot run it at all."""

    limit: Literal["timeout", "memory"]
    reason: str
    source: str


def lambda_limits_exceeded(workload: Workload) -> tuple[LimitExceeded, ...]:
    """The hard Lambda limits the workload is beyond; empty when Lambda can run it."""
    out = []
    if workload.avg_duration_ms > LAMBDA_MAX_TIMEOUT_MS:
        out.append(LimitExceeded(
            "timeout",
            f"an average run of {_seconds(workload.avg_duration_ms)} s is over Lambda's maximum timeout "
            f"of {LAMBDA_MAX_TIMEOUT_MS // 1000} s (15 minutes)",
            LAMBDA_TIMEOUT_SOURCE,
        ))
    if workload.memory_mb > LAMBDA_MAX_MB:
        out.append(LimitExceeded(
            "memory",
            f"{workload.memory_mb:,g} MB is over Lambda's maximum memory of {LAMBDA_MAX_MB:,} MB",
            LAMBDA_LIMITS_SOURCE,
        ))
    return tuple(out)


def _seconds(ms: float) -> str:
    """Milliseconds as seconds, to the millisecond and no more: 900001 → 900.001, 1800000 → 1,800."""
    return f"{ms / 1000:,.3f}".rstrip("0").rstrip(".")


def lambda_possible(workload: Workload) -> bool:
    """Whether Lambda can run the workload at all (no hard limit exceeded)."""
    return workload.avg_duration_ms <= LAMBDA_MAX_TIMEOUT_MS and workload.memory_mb <= LAMBDA_MAX_MB


# ---------------------------------------------------------------------------------------------
# The bills, unrounded


@dataclass(frozen=True, slots=True)
class LambdaCost:
    gb_seconds: float
    requests_usd: float
    compute_usd: float
    front_door_usd: float

    @property
    def total_usd(self) -> float:
        return self.requests_usd + self.compute_usd + self.front_door_usd


@dataclass(frozen=True, slots=True)
class Ec2Cost:
    instance_type: str
    instances: int
    #: Instances the peak needs (equal to `instances` unless the count was fixed).
    instances_needed: int
    peak_concurrency: float
    compute_usd: float
    load_balancer_usd: float

    @property
    def total_usd(self) -> float:
        return self.compute_usd + self.load_balancer_usd


def lambda_bill(workload: Workload, pricing: Pricing) -> LambdaCost:
    return _lambda_cost(workload, pricing, float(workload.requests_per_month))


def ec2_bill(workload: Workload, pricing: Pricing) -> Ec2Cost:
    return _ec2_cost(workload, pricing, float(workload.requests_per_month))


def _lambda_cost(w: Workload, p: Pricing, requests: float) -> LambdaCost:
    lam = p.lambda_
    gb_seconds = requests * (w.avg_duration_ms / 1000) * (w.memory_mb / 1024)
    billable_requests, billable_gbs = requests, gb_seconds
    if w.free_tier:
        billable_requests = max(0.0, requests - lam.free_tier.requests)
        billable_gbs = max(0.0, gb_seconds - lam.free_tier.gb_seconds)
    return LambdaCost(
        gb_seconds=gb_seconds,
        requests_usd=billable_requests * lam.usd_per_million_requests / 1_000_000,
        compute_usd=tiered_cost(billable_gbs, lam.duration.tiers(w.arch)),
        front_door_usd=_front_door_cost(w, p, requests),
    )


def _front_door_cost(w: Workload, p: Pricing, requests: float) -> float:
    door = w.front_door
    if door == "http-api":
        increments = max(1, math.ceil(w.avg_payload_kb / HTTP_API_METERING_KB))
        return tiered_cost(requests * increments, p.api_gateway.http_api)
    if door == "rest-api":
        return tiered_cost(requests, p.api_gateway.rest_api)
    if door == "alb":
        return alb_cost(p, requests, w.avg_duration_ms, w.avg_payload_kb, lambda_target=True)
    return 0.0


def alb_cost(pricing: Pricing, requests: float, avg_duration_ms: float, avg_payload_kb: float,
             *, lambda_target: bool) -> float:
    """A month of one ALB: hourly charge plus LCU-hours at the average request rate.

    One new connection per request; active connections by Little's law (rate × duration); rule
    evaluations assumed within the free ten rules, so they never set the LCU count.
    """
    alb = pricing.alb
    dims = alb.lcu
    hours = pricing.hours_per_month
    per_second = requests / (hours * 3600)
    gb_per_hour = per_second * 3600 * avg_payload_kb / KB_PER_GB
    gb_per_lcu = dims.gb_processed_per_hour_lambda if lambda_target else dims.gb_processed_per_hour
    lcus = max(per_second / dims.new_connections_per_second,
               per_second * (avg_duration_ms / 1000) / dims.active_connections_per_minute,
               gb_per_hour / gb_per_lcu)
    return hours * (alb.usd_per_hour + lcus * alb.usd_per_lcu_hour)


def instance_capacity(itype: InstanceType, memory_mb: float, target_utilisation: float) -> float:
    """Requests one instance takes at target utilisation: one per vCPU, no more than memory holds.

    0 when the instance cannot hold a single request's memory (the type is unusable).
    """
    by_memory = math.floor(itype.memory_gib * 1024 / memory_mb)
    return min(itype.vcpus, by_memory) * target_utilisation


def instances_needed(concurrency: float, capacity: float, min_instances: int) -> int:
    ratio = concurrency / capacity
    return max(min_instances, math.ceil(ratio - ratio * _SIZING_TOLERANCE))


@dataclass(frozen=True, slots=True)
class _Fleet:
    """What sizing the fleet needs that does not change with volume, worked out once per search."""

    candidates: list[tuple[InstanceType, float]]
    #: Requests in flight at the peak per monthly request.
    concurrency_per_request: float
    discount: float


def sizing_peak(w: Workload) -> float:
    """The peak the fleet is sized for, as a multiple of the average rate.

    Servers that answer requests must take the peak as it comes. Workers fed by a queue (events,
    jobs) need not: the queue holds a burst while they work through it, so they are sized for the
    average rate and the burst waits.
    """
    return w.peak_to_average if w.serves_requests else 1.0


def _fleet(w: Workload, p: Pricing) -> _Fleet:
    return _Fleet(candidates=_candidates(w, p),
                  concurrency_per_request=sizing_peak(w) * (w.avg_duration_ms / 1000) / (p.hours_per_month * 3600),
                  discount=p.ec2.discounts[w.purchase].discount)


def _ec2_cost(w: Workload, p: Pricing, requests: float, fleet: _Fleet | None = None) -> Ec2Cost:
    fleet = fleet or _fleet(w, p)
    concurrency = requests * fleet.concurrency_per_request
    itype, needed = _pick_instance(w, p, concurrency, fleet.candidates)
    count = w.instances if w.instances is not None else needed
    compute = count * p.hours_per_month * itype.usd_per_hour * (1 - fleet.discount)
    balancer = (alb_cost(p, requests, w.avg_duration_ms, w.avg_payload_kb, lambda_target=False)
                if w.serves_requests else 0.0)
    return Ec2Cost(instance_type=itype.id, instances=count, instances_needed=needed,
                   peak_concurrency=concurrency, compute_usd=compute, load_balancer_usd=balancer)


def _candidates(w: Workload, p: Pricing) -> list[tuple[InstanceType, float]]:
    """The catalog types of the workload's architecture with their capacity for its requests."""
    return [(t, instance_capacity(t, w.memory_mb, w.target_utilisation)) for t in p.ec2.of_arch(w.arch)]


def _pick_instance(w: Workload, p: Pricing, concurrency: float,
                   candidates: list[tuple[InstanceType, float]] | None = None) -> tuple[InstanceType, int]:
    """The instance type and the count the peak needs of it.

    A fixed type is used as given. Otherwise the catalog types of the workload's architecture
    that hold one request's memory compete on the fleet's hourly price, ties going to the type
    listed first. With a fixed count, only types whose count covers the peak compete; when none
    does, the type with the largest capacity is taken (the cheapest of those).
    """
    if w.instance_type is not None:
        itype = p.ec2.by_id.get(w.instance_type)
        if itype is None:
            known = ", ".join(t.id for t in p.ec2.instance_types[:6])
            more = ", ..." if len(p.ec2.instance_types) > 6 else ""
            raise CostInputError(f'unknown instance type "{w.instance_type}" (known: {known}{more})')
        capacity = instance_capacity(itype, w.memory_mb, w.target_utilisation)
        if capacity <= 0:
            raise CostInputError(f"{itype.id} ({itype.memory_gib:g} GiB) cannot hold one request of "
                                 f"{w.memory_mb:g} MB")
        return itype, instances_needed(concurrency, capacity, w.min_instances)
    fixed = w.instances
    pool = candidates if candidates is not None else _candidates(w, p)
    if fixed is None:
        # The common case, on the hot path of the break-even search: the cheapest fleet.
        best: tuple[InstanceType, int] | None = None
        cheapest = math.inf
        floor = w.min_instances
        for itype, capacity in pool:
            if capacity <= 0:
                continue
            ratio = concurrency / capacity  # instances_needed(), inlined on this hot path
            needed = math.ceil(ratio - ratio * _SIZING_TOLERANCE)
            if needed < floor:
                needed = floor
            hourly = needed * itype.usd_per_hour
            # The tolerance makes 2 × 0.0104 and 1 × 0.0208 a tie, which the type listed first wins.
            if hourly < cheapest * _TIE:
                best, cheapest = (itype, needed), hourly
        if best is None:
            raise _no_type_holds(w, p)
        return best
    chosen: tuple[InstanceType, int] | None = None
    best_rank: tuple[int, float] = (0, 0.0)
    best_hourly = 0.0
    for itype, capacity in pool:
        if capacity <= 0:
            continue
        needed = instances_needed(concurrency, capacity, w.min_instances)
        fits = instances_needed(concurrency, capacity, 1) <= fixed
        rank = (0, 0.0) if fits else (1, -capacity)
        hourly = fixed * itype.usd_per_hour
        if chosen is None or rank < best_rank or (rank == best_rank and hourly < best_hourly * (1 - 1e-12)):
            chosen, best_rank, best_hourly = (itype, needed), rank, hourly
    if chosen is None:
        raise _no_type_holds(w, p)
    return chosen


def _no_type_holds(w: Workload, p: Pricing) -> CostInputError:
    largest = max((t.memory_gib for t in p.ec2.of_arch(w.arch)), default=0.0)
    return CostInputError(f"no {w.arch} instance type in the pricing file holds one request of {w.memory_mb:g} MB "
                          f"(the largest has {largest:g} GiB)")


# ---------------------------------------------------------------------------------------------
# Break-even and curve


def _difference(w: Workload, p: Pricing, requests: float, fleet: _Fleet | None = None) -> float:
    return _lambda_cost(w, p, requests).total_usd - _ec2_cost(w, p, requests, fleet).total_usd


def _scan_grid(low: float, high: float, per_decade: int) -> list[int]:
    steps = max(1, math.ceil(math.log10(high / low) * per_decade))
    grid = [round(low * (high / low) ** (i / steps)) for i in range(steps + 1)]
    return sorted(set(grid))


def break_even(workload: Workload, pricing: Pricing, low: int = BREAK_EVEN_LOW,
               high: int = BREAK_EVEN_HIGH) -> int | None:
    """The monthly request count at which the cheaper option changes, or None in [low, high].

    None too when Lambda cannot run the workload (a hard limit, whatever the volume): EC2 is then
    the only option at every volume.

    Everything but the volume stays as in the workload. The difference Lambda − EC2 is scanned on
    a log grid (SCAN_PER_DECADE points a decade) for its first change of sign, then bisected to a
    whole number of requests: the result is the smallest count on the other side. EC2 is a step
    function of volume (whole instances), so near the break-even the bills can cross several times
    within a few steps of each other; any one of those crossings may be the one found, and they
    are all within a few instances' price of each other.
    """
    if not lambda_possible(workload):
        return None
    fleet = _fleet(workload, pricing)

    def dearer(requests: float) -> bool:
        return _difference(workload, pricing, requests, fleet) > 0

    grid = _scan_grid(low, high, SCAN_PER_DECADE)
    start = dearer(grid[0])
    previous = grid[0]
    for point in grid[1:]:
        if dearer(point) != start:
            lo, hi = previous, point
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if dearer(mid) == start:
                    lo = mid
                else:
                    hi = mid
            return hi
        previous = point
    return None


def curve(workload: Workload, pricing: Pricing, points: int = 50, *,
          break_even_at: int | None = None) -> list[tuple[float, float, float]]:
    """(requests a month, Lambda total, EC2 total) on a log axis, ascending, for a chart.

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
    fleet = _fleet(workload, pricing)
    out = []
    for i in range(points):
        requests = low * ratio ** (i / (points - 1))
        out.append((requests, _lambda_cost(workload, pricing, requests).total_usd,
                    _ec2_cost(workload, pricing, requests, fleet).total_usd))
    return out


# ---------------------------------------------------------------------------------------------
# Assumptions


def _count(n: float) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n / 1_000_000:g}M"
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,}"


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def assumptions(workload: Workload, pricing: Pricing, ec2: Ec2Cost) -> list[str]:
    """Every assumption behind the two bills, one human sentence each."""
    w, p = workload, pricing
    free = p.lambda_.free_tier
    out = [
        f"A month is {p.hours_per_month:g} hours, as in AWS's pricing calculator.",
        f"Prices for {p.region} in {p.currency} as of {p.as_of.isoformat()}; prices change, so check them.",
        (f"Free tier applied: {_count(free.requests)} requests and {_count(free.gb_seconds)} GB-s a month."
         if w.free_tier else "Free tier not applied."),
        (f"Lambda runs on {w.arch} at {w.memory_mb:g} MB, billed per GB-second at the tiered price "
         f"for the month's volume, without a Savings Plan."),
        _front_door_sentence(w, p),
        (f"Peak request rate {w.peak_to_average:g}× the monthly average; the EC2 fleet is sized for the peak."
         if w.serves_requests else
         f"Queue-fed workers: the queue holds bursts (peak {w.peak_to_average:g}× the average), so the EC2 "
         "fleet is sized for the average rate and a burst waits in the queue."),
        "Requests in flight = requests/s the fleet is sized for × average duration (Little's law).",
        (f"One request in flight per vCPU (conservative for I/O-bound requests, which a server can "
         f"overlap), and only as many per instance as its memory holds at {w.memory_mb:g} MB each."),
        f"Target utilisation {_percent(w.target_utilisation)}: instances run at most that full at the peak.",
        (f"At least {w.min_instances} instances, one per Availability Zone, for high availability."
         if w.min_instances > 1 else "At least 1 instance (no high availability)."),
        _instance_sentence(w, p, ec2),
        p.ec2.discounts[w.purchase].description,
        _balancer_sentence(w),
        "Both bills leave out data transfer, storage (EBS), logs and monitoring, and people's time.",
        *(f"Lambda cannot run this workload: {limit.reason}; its figures are what it would cost, "
          f"not an option." for limit in lambda_limits_exceeded(w)),
    ]
    return [s for s in out if s]


def _front_door_sentence(w: Workload, p: Pricing) -> str:
    door = w.front_door
    if door == "url":
        return "Lambda function URL: no charge of its own."
    if door == "http-api":
        return (f"API Gateway HTTP API in front of Lambda, each {HTTP_API_METERING_KB} KB of a request metered "
                f"as one; no API Gateway free tier (it lasts only the first 12 months).")
    if door == "rest-api":
        return "API Gateway REST API in front of Lambda; no API Gateway free tier (it lasts only the first 12 months)."
    if door == "alb":
        return (f"An ALB in front of Lambda: hourly charge plus LCU-hours, "
                f"{p.alb.lcu.gb_processed_per_hour_lambda:g} GB/hour per LCU for Lambda targets.")
    return "No HTTP front door: Lambda is invoked directly (SDK or event source)."


def _instance_sentence(w: Workload, p: Pricing, ec2: Ec2Cost) -> str:
    itype = p.ec2.by_id[ec2.instance_type]
    spec = (f"{itype.id} ({itype.vcpus} vCPU, {itype.memory_gib:g} GiB, {itype.arch}, "
            f"${itype.usd_per_hour:g}/hour on demand)")
    if w.instance_type is None:
        sentence = f"Instance type: the cheapest {w.arch} type in the pricing file for this load, {spec}."
    else:
        sentence = f"Instance type fixed: {spec}."
        if itype.arch != w.arch:
            sentence += f" Lambda runs on {w.arch}."
    if w.instances is not None:
        sentence += f" Instance count fixed at {w.instances}"
        sentence += f" (the peak needs {ec2.instances_needed})." if ec2.instances_needed != w.instances else "."
    return sentence


def _balancer_sentence(w: Workload) -> str:
    if not w.serves_requests:
        return "No load balancer for EC2: the fleet takes its work from a queue or schedule."
    return (
        f"An ALB in front of the EC2 fleet: one new connection per request, {w.avg_payload_kb:g} KB "
        f"processed per request (1 GB = {KB_PER_GB:,} KB), rules within the 10 free evaluations, "
        f"LCU-hours at the average rate."
    )


# ---------------------------------------------------------------------------------------------
# The estimate handed out


def cents(amount: float) -> float:
    """Round half up to the cent, as on a bill: 18.425 → 18.43 (plain `round` gives 18.42).

    The tiny tolerance undoes binary noise (0.285 × 100 = 28.499999999999996); it is far below a
    cent, so it only decides true half-cents.
    """
    return math.copysign(math.floor(abs(amount) * 100 + 0.5 + 1e-7) / 100, amount)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)


class LambdaLimit(_Out):
    """A hard Lambda limit the workload is beyond."""

    limit: Literal["timeout", "memory"]
    reason: str
    source: str = Field(description="Where AWS documents the limit.")


class LambdaBill(_Out):
    arch: Arch
    front_door: FrontDoor
    gb_seconds: float = Field(description="GB-seconds of duration in the month, before the free tier.")
    requests_usd: float
    compute_usd: float = Field(description="Duration charge.")
    front_door_usd: float
    total_usd: float
    possible: bool = Field(
        True,
        description="False when Lambda cannot run the workload (see `limits_exceeded`): the amounts are then "
        "what it would cost, not an option.",
    )
    limits_exceeded: tuple[LambdaLimit, ...] = Field((), description="The hard Lambda limits the workload is beyond.")


class Ec2Bill(_Out):
    instance_type: str
    instances: int
    instances_needed: int = Field(
        description="Instances the peak needs (differs from `instances` when the count is fixed)."
    )
    peak_concurrency: float = Field(description="Requests in flight at the peak.")
    purchase: Purchase
    compute_usd: float
    load_balancer_usd: float
    total_usd: float


class CurvePoint(_Out):
    requests_per_month: float = Field(description="Requests a month (not necessarily whole: points are log-spaced).")
    lambda_usd: float
    ec2_usd: float


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
    cheaper: Literal["lambda", "ec2"] = Field(
        description="The option with the lower bill (lambda on a tie); ec2, the only option, when Lambda cannot "
        "run the workload."
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


def _plain_number(value: Value | None) -> Value | None:
    """Whole floats as ints, so 3000000.0 requests read as 3000000 in JSON and TOML."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _plain_volume(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def estimate(
    workload: Workload, pricing: Pricing, curve_points: int = 50, *, pricing_file: Path | str | None = None
) -> CostEstimate:
    lam = lambda_bill(workload, pricing)
    ec2 = ec2_bill(workload, pricing)
    limits = lambda_limits_exceeded(workload)
    crossing = break_even(workload, pricing)
    points = curve(workload, pricing, curve_points, break_even_at=crossing) if curve_points else []
    # None (no fixed instance type or count) has no TOML form: such inputs are left out.
    inputs = {
        f.name: _plain_number(getattr(workload, f.name))
        for f in dataclasses.fields(workload)
        if getattr(workload, f.name) is not None
    }
    return CostEstimate.model_validate(
        {
            "requests_per_month": _plain_volume(workload.requests_per_month),
            "inputs": inputs,
            "lambda": LambdaBill(
                arch=workload.arch,
                front_door=workload.front_door,
                gb_seconds=round(lam.gb_seconds, 3),
                requests_usd=cents(lam.requests_usd),
                compute_usd=cents(lam.compute_usd),
                front_door_usd=cents(lam.front_door_usd),
                total_usd=cents(lam.total_usd),
                possible=not limits,
                limits_exceeded=tuple(LambdaLimit(limit=x.limit, reason=x.reason, source=x.source) for x in limits),
            ),
            "ec2": Ec2Bill(
                instance_type=ec2.instance_type,
                instances=ec2.instances,
                instances_needed=ec2.instances_needed,
                peak_concurrency=round(ec2.peak_concurrency, 3),
                purchase=workload.purchase,
                compute_usd=cents(ec2.compute_usd),
                load_balancer_usd=cents(ec2.load_balancer_usd),
                total_usd=cents(ec2.total_usd),
            ),
            "cheaper": "lambda" if not limits and lam.total_usd <= ec2.total_usd else "ec2",
            "break_even_requests_per_month": crossing,
            # Plain data, validated with the rest in one pass (quicker than building each point).
            "curve": [{"requests_per_month": r, "lambda_usd": cents(a), "ec2_usd": cents(b)} for r, a, b in points],
            "assumptions": tuple(assumptions(workload, pricing, ec2)),
            "pricing": PricingRef(
                region=pricing.region,
                currency=pricing.currency,
                as_of=pricing.as_of,
                hours_per_month=pricing.hours_per_month,
                file=Path(pricing_file).name if pricing_file else "",
                sources=pricing.sources,
            ),
        }
    )


# ---------------------------------------------------------------------------------------------
# Derived facts for the rule engine


def _number(answers: Mapping[str, Value], key: str) -> float | None:
    value = answers.get(key)
    return float(value) if value.__class__ in _NUMBER_TYPES else None


def workload_from_answers(answers: Mapping[str, Value]) -> Workload | None:
    """The workload the default questionnaire's answers describe, or None when a required one is missing.

    Reads requests_per_month, avg_duration_ms and memory_mb (required), peak_to_average,
    cpu_arch, front_door, purchase_option, high_availability (false: one instance) and
    invocation ("async": the fleet needs no load balancer). Answers out of the cost model's
    range raise `CostInputError`.
    """
    requests = _number(answers, "requests_per_month")
    duration = _number(answers, "avg_duration_ms")
    memory = _number(answers, "memory_mb")
    if requests is None or duration is None or memory is None:
        return None
    peak = _number(answers, "peak_to_average")
    return Workload(
        requests_per_month=requests,
        avg_duration_ms=duration,
        memory_mb=memory,
        arch=answers.get("cpu_arch", "x86_64"),  # type: ignore[arg-type]
        front_door=answers.get("front_door", "none"),  # type: ignore[arg-type]
        peak_to_average=3.0 if peak is None else peak,
        min_instances=1 if answers.get("high_availability") is False else 2,
        purchase=answers.get("purchase_option", "on-demand"),  # type: ignore[arg-type]
        serves_requests=answers.get("invocation") != "async",
    )


#: The facts `CostFacts` may compute, with what each means (also what `wizard check` accepts).
COST_FACTS: dict[str, str] = {
    "cost.lambda_monthly_usd": "Monthly AWS Lambda bill in USD (requests, duration and front door); "
    "not given when Lambda cannot run the workload",
    "cost.ec2_monthly_usd": "Monthly EC2 bill in USD (instances sized for the peak and a load balancer)",
    "cost.ratio": "Lambda bill ÷ EC2 bill (not given when Lambda cannot run the workload)",
    "cost.cheaper": "lambda or ec2 (not given when Lambda cannot run the workload)",
    "cost.lambda_over_budget": "true when the Lambda bill exceeds monthly_budget_usd (when answered and Lambda "
    "can run the workload)",
    "cost.ec2_over_budget": "true when the EC2 bill exceeds monthly_budget_usd (when answered)",
}


class CostFacts:
    """Fact provider "cost": both monthly bills for the answers, their ratio, the cheaper option,
    and whether each bill fits the answered budget.

    When Lambda cannot run the workload (over its timeout or memory limit), only the EC2 facts are
    given: a Lambda bill, a ratio or a cheaper option would compare with something that cannot run.

    Only the two bills are computed (no break-even, no curve), so it is cheap enough to run on
    every evaluation.
    """

    name = "cost"
    inputs: frozenset[str] | None = frozenset(
        {
            "requests_per_month",
            "avg_duration_ms",
            "memory_mb",
            "peak_to_average",
            "cpu_arch",
            "front_door",
            "purchase_option",
            "high_availability",
            "invocation",
            "monthly_budget_usd",
        }
    )

    def __init__(self, pricing: Pricing) -> None:
        self.pricing = pricing

    @classmethod
    def default(cls) -> CostFacts:
        return cls(default_pricing())

    def declared(self) -> Mapping[str, str]:
        return COST_FACTS

    def compute(self, questionnaire: Questionnaire, answers: Mapping[str, Value]) -> Mapping[str, Value]:
        try:
            workload = workload_from_answers(answers)
            if workload is None:
                return {}
            lam = _lambda_cost(workload, self.pricing, workload.requests_per_month).total_usd
            ec2 = _ec2_cost(workload, self.pricing, workload.requests_per_month).total_usd
        except WizardError:
            return {}
        budget = _number(answers, "monthly_budget_usd")
        if not lambda_possible(workload):
            only: dict[str, Value] = {"cost.ec2_monthly_usd": cents(ec2)}
            if budget is not None:
                only["cost.ec2_over_budget"] = cents(ec2) > budget
            return only
        facts: dict[str, Value] = {
            "cost.lambda_monthly_usd": cents(lam),
            "cost.ec2_monthly_usd": cents(ec2),
            "cost.cheaper": "lambda" if lam <= ec2 else "ec2",
        }
        if ec2 > 0:
            facts["cost.ratio"] = round(lam / ec2, 4)
        if budget is not None:
            facts["cost.lambda_over_budget"] = cents(lam) > budget
            facts["cost.ec2_over_budget"] = cents(ec2) > budget
        return facts
