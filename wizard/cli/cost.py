"""`wizard cost`: both monthly bills for one workload, where they cross, and every assumption.

`add_cost_arguments` is imported by the parser of every command, so this module imports the cost
model only when the command runs. Rich is imported only for the text report; text that comes
from the pricing file goes into `Text` objects, never into markup strings.

The workload options accept the ranges the bundled questionnaire gives the same questions (what the
full-screen wizard accepts), read from the questionnaire itself rather than repeated here.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.questionnaire.display import money
from wizard.core.numbers import NotANumber, read_number

if TYPE_CHECKING:
    from rich.console import Group
    from rich.text import Text

    from wizard.core.cost import CostEstimate, Workload
    from wizard.core.questionnaire.model import Question

#: The options checked against the bundled questionnaire: option, its `args` name, the question id.
QUESTION_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--requests-per-month", "requests_per_month", "requests_per_month"),
    ("--duration-ms", "duration_ms", "avg_duration_ms"),
    ("--memory-mb", "memory_mb", "memory_mb"),
    ("--peak-to-average", "peak_to_average", "peak_to_average"),
    ("--cpu-share-pct", "cpu_share_pct", "cpu_share_pct"),
    ("--peak-hours", "peak_hours", "peak_hours_per_day"),
    ("--server-memory-mb", "server_memory_mb", "server_memory_mb"),
    ("--egress-gb", "egress_gb", "egress_gb_month"),
    ("--nat-gb", "nat_gb", "nat_gb_month"),
)
#: --payload-kb (an average request plus response) may be at most the largest payload the
#: questionnaire accepts (`payload_mb`, the largest single request or response), in KB.
PAYLOAD_QUESTION = "payload_mb"


def number_argument(text: str) -> float:
    """An option's number, read by the app's parser (`wizard.core.numbers.read_number`): `3000000`,
    `3,000,000`, `3_000_000`, `3e6`, `2.5`, `3M`, `250k`."""
    try:
        return float(read_number(text))
    except NotANumber as exc:
        if exc.comma:
            raise argparse.ArgumentTypeError(
                f"a comma only groups thousands (1,500); use a dot for decimals, got {text!r}") from None
        raise argparse.ArgumentTypeError(f"expected a number such as 1500, 2.5, 3M or 1e6, got {text!r}") from None


def add_cost_arguments(parser: argparse.ArgumentParser) -> None:
    """The `cost` subcommand's options. Choices are checked by the cost model, in one line; the
    workload numbers against the bundled questionnaire's ranges (`check_ranges`)."""
    parser.epilog = ("The workload options accept the ranges the bundled questionnaire gives the same questions. "
                     "A workload over Lambda's limits (a run over 900 s, more than 10,240 MB, a GPU) is priced on "
                     "EC2 only. Data transfer, logs and NAT are counted only when given; the questionnaire's "
                     "answers assume figures for them, and every assumption is listed.")
    add = parser.add_argument
    add("--requests-per-month", type=number_argument, required=True, metavar="N", help="requests or events a month")
    add("--duration-ms", type=number_argument, required=True, metavar="D", help="average duration of one request, ms")
    add("--memory-mb", type=number_argument, required=True, metavar="M",
        help="Lambda's memory setting, MB (128–10,240); also one server worker's memory unless --server-memory-mb")
    add("--cpu-share-pct", type=number_argument, default=25.0, metavar="P",
        help="share of a run that keeps a CPU busy, the rest waiting on I/O, %% (default 25)")
    add("--server-memory-mb", type=number_argument, metavar="M", help="memory one server worker needs, MB")
    add("--arch", default="x86_64", metavar="ARCH", help="x86_64 (default) or arm64")
    add("--no-free-tier", dest="free_tier", action="store_false", help="leave out Lambda's monthly free tier")
    add("--front-door", default="none", metavar="DOOR",
        help="in front of Lambda: none (default), url, http-api, rest-api or alb")
    add("--instance-type", metavar="TYPE", help="EC2 instance type (default: the cheapest that fits)")
    add("--instances", type=int, metavar="K", help="fixed number of EC2 instances (default: sized for the traffic)")
    add("--purchase", default="on-demand", metavar="OPTION",
        help="on-demand (default), savings-plan (1 year), savings-plan-3yr or spot")
    add("--peak-to-average", type=number_argument, default=3.0, metavar="R",
        help="peak request rate ÷ average (default 3)")
    add("--peak-hours", type=number_argument, default=2.0, metavar="H", help="hours a day the peak lasts (default 2)")
    add("--no-autoscaling", dest="autoscaling", action="store_false",
        help="the EC2 fleet is sized for the peak all month")
    add("--gpu", dest="needs_gpu", action="store_true", help="the workload needs a GPU (Lambda has none)")
    add("--provisioned-concurrency", action="store_true",
        help="keep the average load's Lambda environments warm with Provisioned Concurrency")
    add("--egress-gb", type=number_argument, default=0.0, metavar="GB",
        help="data transfer out to the internet a month, GB (default 0: not counted)")
    add("--egress-kb", type=number_argument, default=0.0, metavar="KB",
        help="data sent to the internet per request, KB, on top of --egress-gb (default 0)")
    add("--log-gb", type=number_argument, default=0.0, metavar="GB",
        help="the application's own CloudWatch logs a month, GB (default 0: not counted)")
    add("--lambda-log-kb", type=number_argument, default=0.0, metavar="KB",
        help="Lambda's own log lines per invocation, KB (about 0.3; default 0: not counted)")
    add("--nat-gb", type=number_argument, metavar="GB",
        help="GB a month through NAT gateways (default: no NAT gateway)")
    add("--ebs-gb", type=number_argument, default=20.0, metavar="GB", help="gp3 volume per instance, GB (default 20)")
    add("--public-instances", dest="instance_public_ipv4", action="store_true",
        help="the instances have public IPv4 addresses (default: private subnets)")
    add(
        "--min-instances",
        type=int,
        default=2,
        metavar="K",
        help="smallest EC2 fleet (default 2, for high availability)",
    )
    add(
        "--utilisation",
        type=number_argument,
        default=0.6,
        metavar="U",
        help="target utilisation of an instance's workers, from 0.01 to 1 (default 0.6)",
    )
    add(
        "--payload-kb",
        type=number_argument,
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
    add(
        "--scheduled-runs",
        action="store_true",
        help="with --no-load-balancer: the work comes in scheduled runs (a nightly job), so with autoscaling "
             "EC2 instances and Fargate tasks run only while a run lasts (24 h / --peak-to-average a day)",
    )
    add("--pricing", type=Path, metavar="PATH", help="pricing file (default: the bundled us-east-1 prices)")
    add("--format", choices=("text", "json"), default="text", help="text: a readable report; json: every figure")


@dataclass(frozen=True)
class Range:
    """The values an option accepts: from `low` to `high` (inclusive; None: no bound), in `unit`."""

    low: float | None
    high: float | None
    unit: str | None = None
    integer: bool = False

    @classmethod
    def of(cls, question: Question, scale: float = 1.0, unit: str | None = None) -> Range:
        """A number question's range, scaled (e.g. MB to KB with 1024 and unit "KB")."""
        from wizard.core.questionnaire.model import NumberQuestion

        if not isinstance(question, NumberQuestion):
            raise TypeError(f"question {question.id!r} is not a number question")
        return cls(low=None if question.min is None else question.min * scale,
                   high=None if question.max is None else question.max * scale,
                   unit=question.unit if unit is None else unit,
                   integer=question.integer and scale == 1.0)

    def __str__(self) -> str:
        from wizard.core.questionnaire.display import show_value

        low = "no minimum" if self.low is None else show_value(self.low)
        high = "no maximum" if self.high is None else show_value(self.high)
        return f"{'whole numbers ' if self.integer else ''}from {low} to {high}{f' {self.unit}' if self.unit else ''}"

    def check(self, option: str, value: float) -> str | None:
        """Why `value` is not accepted, in one line naming the option and the range; None when it is."""
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            return f"{option} {value:,.10g} is out of range (accepted: {self})"
        if self.integer and not value.is_integer():
            return f"{option} {value:,.10g} is not a whole number (accepted: {self})"
        return None


def option_ranges() -> dict[str, tuple[str, Range]]:
    """The accepted range of each checked option by its `args` name (with the option as typed),
    from the bundled questionnaire: what the full-screen wizard accepts for the same question."""
    from wizard.core.questionnaire.catalog import default_questionnaire_path
    from wizard.core.questionnaire.model import NumberQuestion, load_questionnaire

    questions = load_questionnaire(default_questionnaire_path()).questionnaire.question_index
    out: dict[str, tuple[str, Range]] = {}
    for option, name, qid in QUESTION_OPTIONS:
        question = questions.get(qid)
        if isinstance(question, NumberQuestion):
            out[name] = (option, Range.of(question))
    payload = questions.get(PAYLOAD_QUESTION)
    if isinstance(payload, NumberQuestion) and payload.unit == "MB":
        out["payload_kb"] = ("--payload-kb", Range.of(payload, scale=1024, unit="KB"))
    return out


def check_ranges(args: argparse.Namespace) -> None:
    """Each workload option within its accepted range; a one-line `CostInputError` naming the
    option and the range when not."""
    from wizard.core.cost import CostInputError

    for name, (option, accepted) in option_ranges().items():
        value = getattr(args, name)
        if value is None:
            continue
        problem = accepted.check(option, value)
        if problem:
            raise CostInputError(problem)


def workload_from_args(args: argparse.Namespace) -> Workload:
    from wizard.core.cost import CostInputError, Workload

    check_ranges(args)
    if args.requests_per_month.is_integer():
        requests: float = int(args.requests_per_month)
    else:
        raise CostInputError(f"requests per month must be a whole number, got {args.requests_per_month:g}")
    if args.scheduled_runs and args.serves_requests:
        raise CostInputError("--scheduled-runs needs --no-load-balancer: a fleet that answers requests runs all month")
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
        scheduled_runs=args.scheduled_runs,
        avg_payload_kb=args.payload_kb,
        cpu_share=args.cpu_share_pct / 100,
        server_memory_mb=args.server_memory_mb,
        autoscaling=args.autoscaling,
        peak_hours_per_day=args.peak_hours,
        needs_gpu=args.needs_gpu,
        provisioned_concurrency=args.provisioned_concurrency,
        egress_gb=args.egress_gb,
        egress_kb_per_request=args.egress_kb,
        app_log_gb=args.log_gb,
        lambda_platform_log_kb=args.lambda_log_kb,
        nat_gb=args.nat_gb,
        instance_public_ipv4=args.instance_public_ipv4,
        ebs_gb_per_instance=args.ebs_gb,
    )


def run_cost(args: argparse.Namespace) -> int:
    from wizard.core.cost import estimate
    from wizard.core.pricing.model import default_pricing_path, load_pricing

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


def render_cost(result: CostEstimate, *, assumptions: bool = True) -> Group:
    """Both bills with their line items, which is cheaper, the break-even and (optionally) the assumptions."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from wizard.core.cost.bill_rows import (
        bill_rows,
        cheapest_sentence,
        cheapest_total,
        fleet_size,
        middle_headers,
        middle_rows,
    )
    from wizard.core.scoring.result_words import break_even_line

    currency = result.pricing.currency
    lam, ec2 = result.lambda_, result.ec2

    def lam_money(amount: float) -> str:
        return money(amount, currency) if lam.possible else "—"

    table = Table(title=Text(f"Monthly bill for {result.requests_per_month:,} requests"), title_justify="left")
    table.add_column("")
    table.add_column(Text(f"AWS Lambda ({lam.arch}, front door: {lam.front_door})"), justify="right")
    table.add_column(Text(f"Amazon EC2 ({fleet_size(result)} × {ec2.instance_type}, {ec2.purchase})"),
                     justify="right")
    for label, lam_usd, ec2_usd in bill_rows(result):
        table.add_row(label, "—" if lam_usd is None else lam_money(lam_usd),
                      "—" if ec2_usd is None else money(ec2_usd, currency))
    table.add_row(
        Text("Total", style="bold"),
        Text(money(lam.total_usd, currency) if lam.possible else "not possible", style="bold"),
        Text(money(ec2.total_usd, currency), style="bold"),
    )

    parts: list[object] = [table, *verdict_lines(result), Text(break_even_line(result))]
    if result.lambda_managed is not None and result.fargate is not None:
        lmi, far = result.lambda_managed, result.fargate
        left, right = middle_headers(result)
        middle = Table(title=Text("The middle roads"), title_justify="left")
        middle.add_column("")
        middle.add_column(Text(left), justify="right")
        middle.add_column(Text(right), justify="right")
        for label, a, b in middle_rows(result):
            middle.add_row(label, "—" if a is None or not lmi.possible else money(a, currency),
                           "—" if b is None or not far.possible else money(b, currency))
        middle.add_row(
            Text("Total", style="bold"),
            Text(money(lmi.total_usd, currency) if lmi.possible else "not possible", style="bold"),
            Text(money(far.total_usd, currency) if far.possible else "not possible", style="bold"),
        )
        parts += [Text(""), middle]
        parts += [Text(f"{label} cannot run this workload: {x.reason} ({x.source}).")
                  for label, bill in (("Lambda Managed Instances", lmi), ("ECS on Fargate", far))
                  for x in bill.limits_exceeded]
        total = cheapest_total(result)
        if total is not None:
            parts.append(Text(cheapest_sentence(result, money(total, currency))))
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


def verdict_lines(result: CostEstimate) -> list[Text]:
    """Which option is cheaper and by how much; or, when Lambda cannot run the workload, why not
    (each limit with its source) and that EC2 is the only option."""
    from rich.text import Text

    from wizard.core.cost.bill_rows import ec2_only_sentence

    currency = result.pricing.currency
    lam, ec2 = result.lambda_, result.ec2
    if not lam.possible:
        lines = [Text(f"AWS Lambda cannot run this workload: {limit.reason} ({limit.source}).")
                 for limit in lam.limits_exceeded]
        if not lines:  # a record edited by hand: marked impossible without a reason
            lines = [Text("AWS Lambda cannot run this workload.")]
        lines.append(Text(ec2_only_sentence(result, money(ec2.total_usd, currency))))
        return lines
    cheaper, dearer = (lam.total_usd, ec2.total_usd) if result.cheaper == "lambda" else (ec2.total_usd, lam.total_usd)
    name = "AWS Lambda" if result.cheaper == "lambda" else "Amazon EC2"
    gap = dearer - cheaper
    return [Text(f"{name} is cheaper by {money(gap, currency)} a month." if gap > 0 else "The two bills are equal.")]


def print_cost_report(result: CostEstimate) -> None:
    from wizard.cli.console import LiteralConsole

    LiteralConsole(highlight=False).print(render_cost(result))
