"""Both bills as rows, in one order and one wording for every presenter (CLI, app, Markdown export)."""

from __future__ import annotations

from wizard.core.cost.estimate import CostEstimate, LineItem

#: Line items in the order they are shown.
ITEM_ORDER = ("websocket", "step_functions", "data_transfer", "nat_gateway", "logs", "public_ipv4", "ebs")


def fleet_size(cost: CostEstimate) -> str:
    """The EC2 fleet's instance count: `3` when steady, `2–5` when it autoscales to a peak."""
    ec2 = cost.ec2
    return f"{ec2.instances}–{ec2.instances_peak}" if ec2.instances_peak > ec2.instances else f"{ec2.instances}"


def bill_rows(cost: CostEstimate) -> list[tuple[str, float | None, float | None]]:
    """The rows of both bills before the totals: (label, Lambda amount, EC2 amount), None where a side
    has no such charge. Optional charges appear only when a side has them."""
    lam, ec2 = cost.lambda_, cost.ec2
    rows: list[tuple[str, float | None, float | None]] = [
        ("Requests", lam.requests_usd, None),
        ("Compute", lam.compute_usd, ec2.compute_usd),
    ]
    if lam.provisioned_concurrency_usd:
        rows.append((f"Provisioned Concurrency ({lam.provisioned_environments} env.)",
                     lam.provisioned_concurrency_usd, None))
    if ec2.cpu_credits_usd:
        rows.append(("CPU credits (burstable)", None, ec2.cpu_credits_usd))
    rows.append(("Front door / load balancer", lam.front_door_usd, ec2.load_balancer_usd))
    lam_items: dict[str, LineItem] = {i.item: i for i in lam.line_items}
    ec2_items: dict[str, LineItem] = {i.item: i for i in ec2.line_items}
    for item in ITEM_ORDER:
        a, b = lam_items.get(item), ec2_items.get(item)
        if a is not None or b is not None:
            label = a.label if a is not None else b.label if b is not None else item
            rows.append((label, None if a is None else a.usd, None if b is None else b.usd))
    return rows
