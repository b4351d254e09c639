"""Both bills as rows, in one order and one wording for every presenter (CLI, app, Markdown export)."""

from __future__ import annotations

from wizard.core.cost.estimate import CostEstimate, LineItem

#: Line items in the order they are shown.
ITEM_ORDER = ("websocket", "step_functions", "data_transfer", "nat_gateway", "logs", "public_ipv4", "ebs")


def fleet_size(cost: CostEstimate) -> str:
    """The EC2 fleet's instance count: `3` when steady, `2–5` when it autoscales to a peak."""
    return _size(cost.ec2.instances, cost.ec2.instances_peak)


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
    return rows + _item_rows(lam.line_items, ec2.line_items)


def _item_rows(left: tuple[LineItem, ...], right: tuple[LineItem, ...]) -> list[tuple[str, float | None, float | None]]:
    """Two bills' line items side by side, in ITEM_ORDER, each row where either bill has the item."""
    a_items: dict[str, LineItem] = {i.item: i for i in left}
    b_items: dict[str, LineItem] = {i.item: i for i in right}
    rows: list[tuple[str, float | None, float | None]] = []
    for item in ITEM_ORDER:
        a, b = a_items.get(item), b_items.get(item)
        if a is not None or b is not None:
            label = a.label if a is not None else b.label if b is not None else item
            rows.append((label, None if a is None else a.usd, None if b is None else b.usd))
    return rows


def _size(base: int, peak: int) -> str:
    """A fleet's count: `3` when steady, `2–5` when it autoscales to a peak."""
    return f"{base}–{peak}" if peak > base else f"{base}"


#: The options' labels as every presenter shows them.
OPTION_LABELS = {"lambda": "AWS Lambda", "ec2": "Amazon EC2", "lambda-managed": "Lambda Managed Instances",
                 "fargate": "ECS on Fargate"}


def middle_headers(cost: CostEstimate) -> tuple[str, str]:
    """The column headers of the two middle options' bills."""
    lmi, far = cost.lambda_managed, cost.fargate
    left = "Lambda Managed Instances"
    if lmi is not None and lmi.instance_type:
        left += f" ({_size(lmi.instances, lmi.instances_peak)} × {lmi.instance_type})"
    right = "ECS on Fargate"
    if far is not None and far.tasks:
        right += f" ({_size(far.tasks, far.tasks_peak)} × {far.vcpus:g} vCPU/{far.memory_gb:g} GB)"
    return left, right


def middle_rows(cost: CostEstimate) -> list[tuple[str, float | None, float | None]]:
    """The rows of the two middle bills before the totals: (label, Lambda Managed Instances, Fargate)."""
    lmi, far = cost.lambda_managed, cost.fargate
    if lmi is None or far is None:
        return []
    rows: list[tuple[str, float | None, float | None]] = [
        ("Requests", lmi.requests_usd, None),
        ("Instances / tasks", lmi.compute_usd, far.compute_usd),
        ("Management fee (15% of on-demand)", lmi.management_usd, None),
        ("Front door / load balancer", lmi.front_door_usd, far.load_balancer_usd),
    ]
    return rows + _item_rows(lmi.line_items, far.line_items)


def cheapest_sentence(cost: CostEstimate, money: str) -> str:
    """Which of the four options that can run the workload has the lowest bill; `money` is its total, shown."""
    if cost.cheapest is None:
        return ""
    return f"Cheapest of the four options that can run it: {OPTION_LABELS[cost.cheapest]}, {money} a month."


def cheapest_total(cost: CostEstimate) -> float | None:
    bills = {"lambda": cost.lambda_, "ec2": cost.ec2, "lambda-managed": cost.lambda_managed, "fargate": cost.fargate}
    bill = bills.get(cost.cheapest or "")
    return None if bill is None else bill.total_usd


def ec2_only_sentence(cost: CostEstimate, money: str) -> str:
    """What is left when Lambda cannot run the workload; `money` is EC2's total, shown. With a middle option
    that can run it, EC2 is the only option of the two, not of the four."""
    middle = [b for b in (cost.lambda_managed, cost.fargate) if b is not None and b.possible]
    lead = "Of AWS Lambda and Amazon EC2, " if middle else ""
    return f"{lead}Amazon EC2 is the only option: {money} a month."
