"""The line items beside compute: data transfer out, NAT gateways, CloudWatch Logs, public IPv4, EBS.

Each is priced on both sides from the same workload figures, so that neither bill leaves out what the
other counts. What differs by side: Lambda's own log lines and its tiered log price, the instances'
volumes and addresses, and the load balancer's addresses where each side has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from wizard.core.cost.workload import Workload
from wizard.core.pricing import Pricing, tiered_cost

Side = Literal["lambda", "ec2"]
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
               load_balancer: bool = False) -> list[Item]:
    """The line items of one side's bill, in a fixed order; items of $0 that were not asked for are left out."""
    hours = p.hours_per_month
    out: list[Item] = []
    egress = w.egress_gb + requests * w.egress_kb_per_request / KB_PER_GB
    if egress > 0:
        dto = p.data_transfer
        billable = max(0.0, egress - dto.free_gb)
        out.append(Item("data_transfer", "Data transfer out", tiered_cost(billable, dto.tiers),
                        f"{_gb(egress)} to the internet, the first {dto.free_gb:g} GB free"))
    if w.nat_gb is not None:
        n = nat_gateways(w)
        nat = p.nat_gateway
        out.append(Item("nat_gateway", "NAT gateway", n * hours * nat.usd_per_hour + w.nat_gb * nat.usd_per_gb,
                        f"{n} gateway{'s' if n > 1 else ''} all month, {_gb(w.nat_gb)} processed"))
    if side == "lambda":
        platform_gb = requests * w.lambda_platform_log_kb / KB_PER_GB
        log_gb = w.app_log_gb + platform_gb
        if log_gb > 0:
            basis = f"{_gb(log_gb)} ingested"
            if platform_gb:
                basis += f" ({_gb(platform_gb)} of Lambda's own START, END and REPORT lines)"
            out.append(Item("logs", "CloudWatch Logs", tiered_cost(log_gb, p.logs.lambda_tiers), basis))
    elif w.app_log_gb > 0:
        out.append(Item("logs", "CloudWatch Logs", w.app_log_gb * p.logs.standard_usd_per_gb,
                        f"{_gb(w.app_log_gb)} ingested"))
    if w.count_public_ipv4:
        addresses = 0.0
        parts = []
        if load_balancer:
            addresses += ALB_NODES
            parts.append(f"{ALB_NODES} for the load balancer's nodes")
        if w.nat_gb is not None:
            addresses += nat_gateways(w)
            parts.append(f"{nat_gateways(w)} for the NAT gateway{'s' if nat_gateways(w) > 1 else ''}")
        if side == "ec2" and w.instance_public_ipv4 and instance_hours:
            addresses += instance_hours / hours
            parts.append("one per instance")
        if addresses:
            out.append(Item("public_ipv4", "Public IPv4 addresses", addresses * hours * p.public_ipv4.usd_per_hour,
                            ", ".join(parts)))
    if side == "ec2" and w.ebs_gb_per_instance > 0 and instance_hours:
        per_month = instance_hours / hours * w.ebs_gb_per_instance
        out.append(Item("ebs", "EBS gp3 volumes", per_month * p.ebs.gp3_usd_per_gb_month,
                        f"{w.ebs_gb_per_instance:g} GB per instance, {per_month:,.1f} GB-months"))
    return out


def items_total(items: list[Item]) -> float:
    return sum(i.usd for i in items)
