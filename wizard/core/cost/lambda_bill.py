"""A month of AWS Lambda, unrounded: requests, duration, Provisioned Concurrency and the front door.

Requests × the request price, plus GB-seconds × the tiered duration price of the architecture (both
after the monthly free tier, when applied), less the Compute Savings Plan's share of duration, plus
the front door (API Gateway tiers or an ALB). With Provisioned Concurrency, the environments the
average load keeps busy are provisioned all month and every request's duration is billed at the
provisioned duration price, with no free tier.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from wizard.core.cost.workload import Workload
from wizard.core.pricing.model import Pricing, tiered_cost

#: API Gateway HTTP API meters requests in 512 KB increments.
HTTP_API_METERING_KB = 512
#: Kilobytes in a gigabyte for the ALB's processed-bytes dimension (decimal units).
KB_PER_GB = 1_000_000


class LambdaCost(NamedTuple):
    gb_seconds: float
    requests_usd: float
    #: Duration, after the Savings Plan discount.
    compute_usd: float
    front_door_usd: float
    provisioned_usd: float = 0.0
    provisioned_environments: int = 0

    @property
    def total_usd(self) -> float:
        """Lambda's own charges (the shared line items are added by the estimate)."""
        return self.requests_usd + self.compute_usd + self.front_door_usd + self.provisioned_usd


def seconds_per_month(pricing: Pricing) -> float:
    return pricing.hours_per_month * 3600


def provisioned_environments(w: Workload, pricing: Pricing, requests: float) -> int:
    """Environments kept warm: the requests in flight at the average rate (Little's law), at least one."""
    in_flight = requests / seconds_per_month(pricing) * (w.avg_duration_ms / 1000)
    return max(1, math.ceil(in_flight - 1e-9))


def lambda_cost(w: Workload, p: Pricing, requests: float) -> LambdaCost:
    lam = p.lambda_
    gb = w.memory_mb / 1024
    # Cold starts add their INIT phase, billed as duration (not with Provisioned Concurrency, whose
    # environments are initialised ahead of the requests).
    init_s = 0.0 if w.provisioned_concurrency else w.cold_start_share * w.init_ms / 1000
    gb_seconds = requests * (w.avg_duration_ms / 1000 + init_s) * gb
    discount = p.ec2.discounts[w.purchase].lambda_discount
    billable_requests = requests
    if w.free_tier:
        billable_requests = max(0.0, requests - lam.free_tier.requests)
    requests_usd = billable_requests * lam.usd_per_million_requests / 1_000_000
    door = front_door_cost(w, p, requests)
    if w.provisioned_concurrency:
        price = lam.provisioned_concurrency.of(w.arch)
        environments = provisioned_environments(w, p, requests)
        kept = environments * gb * seconds_per_month(p) * price.usd_per_gb_second
        duration = gb_seconds * price.duration_usd_per_gb_second
        return LambdaCost(gb_seconds=gb_seconds, requests_usd=requests_usd, compute_usd=duration * (1 - discount),
                          front_door_usd=door, provisioned_usd=kept * (1 - discount),
                          provisioned_environments=environments)
    billable_gbs = max(0.0, gb_seconds - lam.free_tier.gb_seconds) if w.free_tier else gb_seconds
    compute = tiered_cost(billable_gbs, lam.duration.tiers(w.arch))
    return LambdaCost(gb_seconds=gb_seconds, requests_usd=requests_usd, compute_usd=compute * (1 - discount),
                      front_door_usd=door)


def front_door_cost(w: Workload, p: Pricing, requests: float) -> float:
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
             *, lambda_target: bool, held_connections: float = 0.0) -> float:
    """A month of one ALB: hourly charge plus LCU-hours at the average request rate.

    One new connection per request; active connections by Little's law (rate × duration), or the
    long-lived connections held open (WebSockets) when more; rule evaluations assumed within the
    free ten rules, so they never set the LCU count.
    """
    alb = pricing.alb
    dims = alb.lcu
    hours = pricing.hours_per_month
    per_second = requests / (hours * 3600)
    gb_per_hour = per_second * 3600 * avg_payload_kb / KB_PER_GB
    gb_per_lcu = dims.gb_processed_per_hour_lambda if lambda_target else dims.gb_processed_per_hour
    lcus = max(per_second / dims.new_connections_per_second,
               max(per_second * (avg_duration_ms / 1000), held_connections) / dims.active_connections_per_minute,
               gb_per_hour / gb_per_lcu)
    return hours * (alb.usd_per_hour + lcus * alb.usd_per_lcu_hour)
