"""The line items beside compute: data transfer out, NAT gateways, CloudWatch Logs, public IPv4, EBS, and
on Lambda's side the managed services that stand in for a server's own work (an API Gateway WebSocket
API holding client connections, a Step Functions workflow passing work between functions).

Each is priced on both sides from the same workload figures, so that neither bill leaves out what the
other counts. What differs by side: Lambda's own log lines and its tiered log price, the instances'
volumes and addresses, and the load balancer's addresses where each side has one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from wizard.core.cost.workload import Workload
from wizard.core.pricing.model import Pricing, tiered_cost

Side = Literal["lambda", "ec2", "fargate"]
#: Nodes an internet-facing ALB has at the least, each with a public IPv4 address (one per zone).
ALB_NODES = 2
#: Kilobytes in a gigabyte (decimal, as AWS bills data).
KB_PER_GB = 1_000_000


@dataclass(frozen=True, slots=True)
class Item:
    """One line item of a bill: an id, its label, the amount and the quantity it was priced on."""

    item: str
    label: str
    usd: float
    basis: str


def _gb(x: float) -> str:
    return f"{x:,.0f} GB" if x >= 10 else f"{x:,.2g} GB"


def nat_gateways(w: Workload) -> int:
    """One NAT gateway per Availability Zone the workload uses (two with high availability)."""
    return 2 if w.min_instances > 1 else 1


def line_items(w: Workload, p: Pricing, side: Side, requests: float, *, instance_hours: float = 0.0,
               load_balancer: bool = False, describe: bool = True) -> list[Item]:
    """The line items of one side's bill, in a fixed order; items of $0 that were not asked for are left out.

    Without `describe`, the items carry no `basis` text: the break-even search needs only amounts."""
    hours = p.hours_per_month
    out: list[Item] = []

    def add(item: str, label: str, usd: float, basis: Callable[[], str]) -> None:
        out.append(Item(item, label, usd, basis() if describe else ""))

    egress = w.egress_gb + requests * w.egress_kb_per_request / KB_PER_GB
    if egress > 0:
        dto = p.data_transfer
        add("data_transfer", "Data transfer out", tiered_cost(max(0.0, egress - dto.free_gb), dto.tiers),
            lambda: f"{_gb(egress)} to the internet, the first {dto.free_gb:g} GB free")
    gateways = nat_gateways(w)
    if w.nat_gb is not None:
        nat_gb = w.nat_gb
        nat_usd = gateways * hours * p.nat_gateway.usd_per_hour + nat_gb * p.nat_gateway.usd_per_gb
        add("nat_gateway", "NAT gateway", nat_usd,
            lambda: f"{gateways} gateway{'s' if gateways > 1 else ''} all month, {_gb(nat_gb)} processed")
    if side == "lambda":
        platform_gb = requests * w.lambda_platform_log_kb / KB_PER_GB
        log_gb = w.app_log_gb + platform_gb
        if log_gb > 0:
            add("logs", "CloudWatch Logs", tiered_cost(log_gb, p.logs.lambda_tiers),
                lambda: f"{_gb(log_gb)} ingested" + (f" ({_gb(platform_gb)} of Lambda's own START, END and REPORT "
                                                     f"lines)" if platform_gb else ""))
    elif w.app_log_gb > 0:
        add("logs", "CloudWatch Logs", w.app_log_gb * p.logs.standard_usd_per_gb,
            lambda: f"{_gb(w.app_log_gb)} ingested")
    if w.count_public_ipv4:
        instances = instance_hours / hours if side != "lambda" and w.instance_public_ipv4 else 0.0
        nodes = ALB_NODES if load_balancer else 0
        nat = gateways if w.nat_gb is not None else 0
        addresses = nodes + nat + instances
        if addresses:
            def where() -> str:
                parts = [f"{nodes} for the load balancer's nodes"] if nodes else []
                parts += [f"{nat} for the NAT gateway{'s' if nat > 1 else ''}"] if nat else []
                parts += [f"one per {'task' if side == 'fargate' else 'instance'}"] if instances else []
                return ", ".join(parts)

            add("public_ipv4", "Public IPv4 addresses", addresses * hours * p.public_ipv4.usd_per_hour, where)
    if side == "ec2" and w.ebs_gb_per_instance > 0 and instance_hours:
        per_month = instance_hours / hours * w.ebs_gb_per_instance
        add("ebs", "EBS gp3 volumes", per_month * p.ebs.gp3_usd_per_gb_month,
            lambda: f"{w.ebs_gb_per_instance:g} GB per instance, {per_month:,.1f} GB-months")
    if side == "lambda" and (w.websocket_connections or w.websocket_messages):
        add("websocket", "API Gateway WebSocket", websocket_usd(w, p),
            lambda: f"{w.websocket_connections:,.0f} connections open all month, "
                    f"{w.websocket_messages:,.0f} messages")
    if side == "lambda" and w.orchestration != "none":
        add("step_functions", f"Step Functions ({w.orchestration})", step_functions_usd(w, p, requests),
            lambda: f"{requests / w.steps_per_unit:,.0f} workflows of {w.steps_per_unit:g} steps"
                    + (f", {w.handoff_kb:g} KB handed on through S3" if w.handoff_kb > p.step_functions.max_payload_kb
                       else ""))
    return out


def websocket_usd(w: Workload, p: Pricing) -> float:
    """Messages (each `message_metering_kb` of one counted as a message) plus connection minutes."""
    ws = p.api_gateway.websocket
    increments = max(1, math.ceil(w.avg_payload_kb / ws.message_metering_kb))
    minutes = w.websocket_connections * p.hours_per_month * 60
    return tiered_cost(w.websocket_messages * increments, ws.messages) + \
        minutes / 1_000_000 * ws.usd_per_million_connection_minutes


def step_functions_usd(w: Workload, p: Pricing, requests: float) -> float:
    """Standard: one state transition a step, after the free ones. Express: one request a workflow, and
    its duration (every step's) at the smallest memory increment."""
    sf = p.step_functions
    workflows = requests / w.steps_per_unit
    # Data over the state payload limit goes through S3: one PUT and one GET for each hand-off.
    handoffs = workflows * (w.steps_per_unit - 1) if w.handoff_kb > sf.max_payload_kb else 0.0
    s3 = handoffs / 1000 * (p.s3.put_usd_per_thousand + p.s3.get_usd_per_thousand)
    if w.orchestration == "standard":
        return s3 + max(0.0, requests - sf.standard_free_transitions) / 1000 * sf.standard_usd_per_thousand_transitions
    gb_seconds = requests * (w.avg_duration_ms / 1000) * sf.express_memory_increment_mb / 1024
    return s3 + workflows / 1_000_000 * sf.express_usd_per_million_requests + gb_seconds * sf.express_usd_per_gb_second


def both_totals(w: Workload, p: Pricing, requests: float, instance_hours: float) -> tuple[float, float]:
    """(Lambda's, EC2's) line items added up, as `line_items` prices them, without building them: the
    break-even search and the curve call this for every volume they try (a test holds the two equal)."""
    hours = p.hours_per_month
    shared = 0.0
    egress = w.egress_gb + requests * w.egress_kb_per_request / KB_PER_GB
    if egress > 0:
        shared += tiered_cost(max(0.0, egress - p.data_transfer.free_gb), p.data_transfer.tiers)
    gateways = nat_gateways(w) if w.nat_gb is not None else 0
    if gateways:
        shared += gateways * hours * p.nat_gateway.usd_per_hour + (w.nat_gb or 0.0) * p.nat_gateway.usd_per_gb
    log_gb = w.app_log_gb + requests * w.lambda_platform_log_kb / KB_PER_GB
    lam = shared + (tiered_cost(log_gb, p.logs.lambda_tiers) if log_gb > 0 else 0.0)
    ec2 = shared + w.app_log_gb * p.logs.standard_usd_per_gb
    if w.count_public_ipv4:
        per_address = hours * p.public_ipv4.usd_per_hour
        lam += ((ALB_NODES if w.front_door == "alb" else 0) + gateways) * per_address
        instances = instance_hours / hours if w.instance_public_ipv4 else 0.0
        ec2 += ((ALB_NODES if w.serves_requests else 0) + gateways + instances) * per_address
    if w.ebs_gb_per_instance > 0:
        ec2 += instance_hours / hours * w.ebs_gb_per_instance * p.ebs.gp3_usd_per_gb_month
    if w.websocket_connections or w.websocket_messages:
        lam += websocket_usd(w, p)
    if w.orchestration != "none":
        lam += step_functions_usd(w, p, requests)
    return lam, ec2


def per_instance_hour(w: Workload, p: Pricing) -> tuple[float, float]:
    """(Public IPv4, EBS) charges per instance-hour among EC2's line items: the only ones that grow with the
    fleet. Fargate's items are EC2's with task-hours for instance-hours and no EBS, so the curve prices
    them from EC2's without adding up the shared charges again (a test holds them equal)."""
    ipv4 = p.public_ipv4.usd_per_hour if w.count_public_ipv4 and w.instance_public_ipv4 else 0.0
    ebs = w.ebs_gb_per_instance * p.ebs.gp3_usd_per_gb_month / p.hours_per_month if w.ebs_gb_per_instance > 0 else 0.0
    return ipv4, ebs


def fargate_items_total(w: Workload, p: Pricing, requests: float, task_hours: float) -> float:
    """Fargate's line items added up: EC2's for the same task-hours, without EBS (ephemeral storage is included)."""
    _, ec2 = both_totals(w, p, requests, task_hours)
    if w.ebs_gb_per_instance > 0:
        ec2 -= task_hours / p.hours_per_month * w.ebs_gb_per_instance * p.ebs.gp3_usd_per_gb_month
    return ec2


def items_total(items: list[Item]) -> float:
    return sum(i.usd for i in items)
