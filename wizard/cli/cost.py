"""`wizard cost`: both monthly bills for one workload, where they cross, and every assumption.

`add_cost_arguments` is imported by the parser of every command, so this module imports the cost
model only when the command runs. Rich is imported only for the text report; text that comes
from the pricing file goes into `Text` objects, never into markup strings.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.display import money

if TYPE_CHECKING:
    from rich.console import Group

    from wizard.core.cost import CostEstimate, Workload


def parse_number(text: str) -> float:
    """A number as typed on the command line: `3000000`, `3_000_000`, `3e6`, `2.5`."""
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def add_cost_arguments(parser: argparse.ArgumentParser) -> None:
    """The `cost` subcommand's options. Choices are checked by the cost model, in one line."""
    add = parser.add_argument
    add("--requests-per-month", type=parse_number, required=True, metavar="N", help="requests or events a month")
    add("--duration-ms", type=parse_number, required=True, metavar="D", help="average duration of one request, ms")
    add("--memory-mb", type=parse_number, required=True, metavar="M",
        help="memory one request needs, MB (Lambda allows 128–10,240)")
    add("--arch", default="x86_64", metavar="ARCH", help="x86_64 (default) or arm64")
    add("--no-free-tier", dest="free_tier", action="store_false", help="leave out Lambda's monthly free tier")
    add("--front-door", default="none", metavar="DOOR",
        help="in front of Lambda: none (default), url, http-api, rest-api or alb")
    add("--instance-type", metavar="TYPE", help="EC2 instance type (default: the cheapest that fits)")
    add("--instances", type=int, metavar="K", help="fixed number of EC2 instances (default: sized for the peak)")
    add("--purchase", default="on-demand", metavar="OPTION", help="on-demand (default), savings-plan or spot")
    add("--peak-to-average", type=parse_number, default=3.0, metavar="R",
        help="peak request rate ÷ average (default 3)")
    add(
        "--min-instances",
        type=int,
        default=2,
        metavar="K",
        help="smallest EC2 fleet (default 2, for high availability)",
    )
    add(
        "--utilisation",
        type=parse_number,
        default=0.6,
        metavar="U",
        help="target utilisation of an instance at the peak, above 0 and at most 1 (default 0.6)",
    )
    add(
        "--payload-kb",
        type=parse_number,
        default=10.0,
        metavar="KB",
        help="average request plus response size, for load balancer and API Gateway metering (default 10)",
    )
    add(
        "--no-load-balancer",
        dest="serves_requests",
        action="store_false",
        help="the EC2 fleet takes work from a queue, so it needs no load balancer",
    )
    add("--pricing", type=Path, metavar="PATH", help="pricing file (default: the bundled us-east-1 prices)")
    add("--format", choices=("text", "json"), default="text", help="text: a readable report; json: every figure")


def workload_from_args(args: argparse.Namespace) -> Workload:
    from wizard.core.cost import CostInputError, Workload

    if args.requests_per_month.is_integer():
        requests: float = int(args.requests_per_month)
    else:
        raise CostInputError(f"requests per month must be a whole number, got {args.requests_per_month:g}")
    return Workload(
        requests_per_month=requests,
        avg_duration_ms=args.duration_ms,
        memory_mb=args.memory_mb,
        arch=args.arch,
        free_tier=args.free_tier,
        front_door=args.front_door,
        peak_to_average=args.peak_to_average,
        min_instances=args.min_instances,
        instance_type=args.instance_type,
        instances=args.instances,
        purchase=args.purchase,
        target_utilisation=args.utilisation,
        serves_requests=args.serves_requests,
        avg_payload_kb=args.payload_kb,
    )


def run_cost(args: argparse.Namespace) -> int:
    from wizard.core.cost import estimate
    from wizard.core.pricing import default_pricing_path, load_pricing

    pricing_path = args.pricing or default_pricing_path()
    pricing = load_pricing(pricing_path)
    workload = workload_from_args(args)
    result = estimate(workload, pricing, pricing_file=pricing_path)
    if args.format == "json":
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print_cost_report(result)
    return 0


# ---------------------------------------------------------------------------------------------
# The text report


def break_even_line(result: CostEstimate) -> str:
    from wizard.core.cost import BREAK_EVEN_HIGH, BREAK_EVEN_LOW

    crossing = result.break_even_requests_per_month
    if crossing is None:
        return f"Break-even: none between {BREAK_EVEN_LOW:,} and {BREAK_EVEN_HIGH:,} requests a month."
    hours = result.pricing.hours_per_month  # from a record, which anyone may have edited: maybe 0
    rate = f" (about {crossing / (hours * 3600):,.3g} requests/s on average)" if hours > 0 else ""
    return (
        f"Break-even: {crossing:,} requests a month{rate}; EC2 grows in whole instances, so the bills cross in steps."
    )


def render_cost(result: CostEstimate, *, assumptions: bool = True) -> Group:
    """Both bills with their line items, which is cheaper, the break-even and (optionally) the assumptions."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    currency = result.pricing.currency
    lam, ec2 = result.lambda_, result.ec2
    table = Table(title=Text(f"Monthly bill for {result.requests_per_month:,} requests"), title_justify="left")
    table.add_column("")
    table.add_column(Text(f"AWS Lambda ({lam.arch}, front door: {lam.front_door})"), justify="right")
    table.add_column(Text(f"Amazon EC2 ({ec2.instances} × {ec2.instance_type}, {ec2.purchase})"), justify="right")
    table.add_row("Requests", money(lam.requests_usd, currency), "—")
    table.add_row("Compute", money(lam.compute_usd, currency), money(ec2.compute_usd, currency))
    table.add_row(
        "Front door / load balancer", money(lam.front_door_usd, currency), money(ec2.load_balancer_usd, currency)
    )
    table.add_row(
        Text("Total", style="bold"),
        Text(money(lam.total_usd, currency), style="bold"),
        Text(money(ec2.total_usd, currency), style="bold"),
    )

    cheaper, dearer = (lam, ec2) if result.cheaper == "lambda" else (ec2, lam)
    name = "AWS Lambda" if result.cheaper == "lambda" else "Amazon EC2"
    gap = dearer.total_usd - cheaper.total_usd
    parts: list[object] = [
        table,
        Text(f"{name} is cheaper by {money(gap, currency)} a month." if gap > 0 else "The two bills are equal."),
        Text(break_even_line(result)),
    ]
    if assumptions:
        bullets = Table.grid(padding=(0, 1))
        bullets.add_column(width=3, justify="right")
        bullets.add_column()
        for sentence in result.assumptions:
            bullets.add_row("•", Text(sentence))
        parts += [Text(""), Text("Assumptions", style="bold"), bullets]
    source = f" ({result.pricing.file})" if result.pricing.file else ""
    parts.append(
        Text(f"Prices: {result.pricing.region}, {currency}, as of {result.pricing.as_of.isoformat()}{source}.")
    )
    return Group(*parts)  # type: ignore[arg-type]


def print_cost_report(result: CostEstimate) -> None:
    from wizard.cli.report import LiteralConsole

    LiteralConsole(highlight=False).print(render_cost(result))
