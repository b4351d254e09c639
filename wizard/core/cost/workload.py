"""What is priced: one workload, every field checked on creation, and the hard Lambda limits it is beyond.

A `Workload` holds numbers and choices only; where each came from (an answer, a question's default or
an assumption of the cost model) is kept in `assumed`, so that the assumptions list can say which
figures the user did not give.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Literal, get_args

from wizard.core.errors import WizardError
from wizard.core.pricing.model import Arch, PurchaseId

FrontDoor = Literal["none", "url", "http-api", "rest-api", "alb"]
Orchestration = Literal["none", "standard", "express"]
Purchase = PurchaseId

ARCHES: tuple[str, ...] = get_args(Arch)
FRONT_DOORS: tuple[str, ...] = get_args(FrontDoor)
PURCHASES: tuple[str, ...] = get_args(PurchaseId)

LAMBDA_MIN_MB = 128
LAMBDA_MAX_MB = 10_240
#: Lambda's memory at which a function has one full vCPU; below it, a proportional share.
LAMBDA_MB_PER_VCPU = 1_769
#: Lambda's longest invocation: 900 s (15 minutes).
LAMBDA_MAX_TIMEOUT_MS = 900_000
LAMBDA_TIMEOUT_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
LAMBDA_LIMITS_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
LAMBDA_MEMORY_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"
#: Largest figure a workload may hold (requests a month, GB): far past any real workload, and small
#: enough that every bill stays a finite number.
MAX_FIGURE = 1e15
#: Numbers as TOML and argparse give them (bool is not one: TOML `true` is not 1).
_NUMBER_TYPES = (int, float)


class CostInputError(WizardError):
    """A workload value the cost model cannot price (negative requests, memory out of range...)."""


@dataclass(frozen=True, slots=True)
class LimitExceeded:
    """A hard limit that rules Lambda out: Lambda cannot run the workload at all.

    `limit` is the id of the constraint that says so (the questionnaire's, or the cost model's own
    for the timeout, memory and GPU limits, which use the same ids as the bundled questionnaire).
    """

    limit: str
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class Workload:
    """What is priced. Every field is checked on creation; a bad value raises `CostInputError`.

    The line items (data transfer, logs, NAT, public IPv4, EBS) default to what a bare call of the
    cost model counts: nothing for data and logs, which only the workload's owner knows, a 20 GB root
    volume per instance and public IPv4 for internet-facing load balancers. `workload_from_answers`
    fills them from the answers or from stated assumptions.
    """

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
    #: Queue or schedule-fed work that comes in scheduled runs (a nightly job, not a queue busy all
    #: day): with autoscaling, EC2 instances and Fargate tasks run only while a run lasts, none between.
    scheduled_runs: bool = False
    #: Request plus response size, for the ALB's processed-bytes dimension.
    avg_payload_kb: float = 10.0
    #: Share of an average run that keeps a CPU busy (the rest waits on I/O), 0 < share <= 1.
    cpu_share: float = 0.25
    #: Memory one server worker needs (one worker per vCPU); None: the Lambda memory setting.
    server_memory_mb: float | None = None
    #: Whether the EC2 fleet follows the traffic (autoscaling) or is sized for the peak all month.
    autoscaling: bool = True
    #: Hours a day the peak lasts (the rest of the day runs below the average).
    peak_hours_per_day: float = 2.0
    needs_gpu: bool = False
    #: Lambda keeps environments warm with Provisioned Concurrency.
    provisioned_concurrency: bool = False
    #: Share of invocations that start a new execution environment (cold starts), 0–1.
    cold_start_share: float = 0.0
    #: The INIT phase of a cold start, ms (billed as duration since 1 August 2025).
    init_ms: float = 0.0
    #: GB a month sent to the internet (responses, downloads), the same on both sides.
    egress_gb: float = 0.0
    #: KB sent to the internet per request, on top of `egress_gb` (grows with the volume).
    egress_kb_per_request: float = 0.0
    #: GB a month of the application's own logs sent to CloudWatch Logs.
    app_log_gb: float = 0.0
    #: KB a month Lambda writes per invocation of its own (START, END and REPORT lines).
    lambda_platform_log_kb: float = 0.0
    #: GB a month through a NAT gateway; None: no NAT gateway.
    nat_gb: float | None = None
    #: Whether the instances have public IPv4 addresses (false: private subnets).
    instance_public_ipv4: bool = False
    #: Whether public IPv4 addresses (load balancer nodes, instances, NAT gateways) are counted.
    count_public_ipv4: bool = True
    #: gp3 root volume per instance, GB.
    ebs_gb_per_instance: float = 20.0
    #: Events one invocation receives (queue and stream batches); `requests_per_month` counts invocations.
    events_per_invocation: float = 1.0
    #: Client connections held open at once through an API Gateway WebSocket API (Lambda) or the
    #: instances' own listener behind the ALB (EC2).
    websocket_connections: float = 0.0
    #: WebSocket messages a month (sent and received), on the Lambda side through API Gateway.
    websocket_messages: float = 0.0
    #: Step Functions workflow around the Lambda functions, each invocation one step of a unit of work.
    orchestration: Orchestration = "none"
    #: Steps (Lambda invocations) per unit of work, with `orchestration`.
    steps_per_unit: float = 1.0
    #: KB one step hands to the next, with `orchestration` (over the state payload limit: through S3).
    handoff_kb: float = 0.0
    #: The runtime answer (`python`, `node`, `jvm-dotnet`...), for Lambda Managed Instances' requests per vCPU.
    runtime: str = "default"
    #: Hard limits ruling Lambda out that the questionnaire's constraints found (see `lambda_limits_exceeded`).
    lambda_excluded: tuple[LimitExceeded, ...] = ()
    #: The same for Lambda Managed Instances and for Fargate.
    lambda_managed_excluded: tuple[LimitExceeded, ...] = ()
    fargate_excluded: tuple[LimitExceeded, ...] = ()
    #: The fields that were not answered but assumed, for the assumptions list.
    assumed: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _check_workload(self)

    def with_requests(self, requests_per_month: float) -> Workload:
        return dataclasses.replace(self, requests_per_month=requests_per_month)

    @property
    def lambda_vcpu_share(self) -> float:
        """The share of one vCPU a Lambda function has at its memory setting (1 from 1,769 MB)."""
        return min(1.0, self.memory_mb / LAMBDA_MB_PER_VCPU)

    @property
    def cpu_seconds_per_request(self) -> float:
        """CPU-seconds of one full vCPU an average request keeps busy.

        The duration is taken as measured on Lambda at `memory_mb`: below 1,769 MB the function had a
        proportional share of a vCPU, so its busy time shrinks by that share on a full vCPU. Work within
        one request is taken to be single-threaded, so more memory than 1,769 MB does not shrink it.
        """
        return self.avg_duration_ms / 1000 * self.cpu_share * self.lambda_vcpu_share

    @property
    def worker_memory_mb(self) -> float:
        return self.server_memory_mb if self.server_memory_mb is not None else self.memory_mb


def _finite(name: str, value: object) -> float:
    if value.__class__ in _NUMBER_TYPES:
        number = float(value)
        if math.isfinite(number):
            return number
    raise CostInputError(f"{name} must be a finite number, got {value!r}")


def _between(name: str, value: object, low: float, high: float, unit: str = "") -> float:
    number = _finite(name, value)
    if not low <= number <= high:
        raise CostInputError(f"{name} must be between {low:g} and {high:g}{unit}, got {number:g}{unit}")
    return number


def _whole(name: str, value: object, least: int, most: int = 1_000_000) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise CostInputError(f"{name} must be a whole number from {least} to {most:,}, got {value!r}")


def _one_of(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise CostInputError(f'unknown {name} "{value}" (choose {", ".join(allowed)})')


def _check_workload(w: Workload) -> None:
    _between("requests per month", w.requests_per_month, 0, MAX_FIGURE)
    if _finite("average duration", w.avg_duration_ms) <= 0 or w.avg_duration_ms > MAX_FIGURE:
        raise CostInputError(f"average duration must be above 0 ms, got {w.avg_duration_ms:g} ms")
    memory = _finite("memory", w.memory_mb)
    if memory < LAMBDA_MIN_MB or memory > MAX_FIGURE:
        # More than Lambda's maximum is allowed: EC2 is priced and Lambda's bill marked impossible.
        raise CostInputError(f"memory {memory:g} MB is out of range: at least {LAMBDA_MIN_MB} MB "
                             f"(Lambda's smallest size)")
    _one_of("architecture", w.arch, ARCHES)
    _one_of("front door", w.front_door, FRONT_DOORS)
    _one_of("purchase option", w.purchase, PURCHASES)
    _one_of("orchestration", w.orchestration, get_args(Orchestration))
    _between("events per invocation", w.events_per_invocation, 1, 1e6)
    _between("steps per unit of work", w.steps_per_unit, 1, 1e4)
    _between("WebSocket connections", w.websocket_connections, 0, MAX_FIGURE)
    _between("WebSocket messages", w.websocket_messages, 0, MAX_FIGURE)
    _between("data handed between steps", w.handoff_kb, 0, MAX_FIGURE, " KB")
    _between("peak-to-average ratio", w.peak_to_average, 1, 1e6)
    utilisation = _finite("target utilisation", w.target_utilisation)
    if not 0.01 <= utilisation <= 1:
        raise CostInputError(f"target utilisation must be between 0.01 and 1, got {utilisation:g}")
    _between("average payload", w.avg_payload_kb, 0, MAX_FIGURE, " KB")
    share = _finite("CPU share", w.cpu_share)
    if not 0.01 <= share <= 1:
        raise CostInputError(f"CPU share must be between 1% and 100%, got {share * 100:g}%")
    if w.server_memory_mb is not None:
        _between("server memory", w.server_memory_mb, 1, MAX_FIGURE, " MB")
    _between("peak hours a day", w.peak_hours_per_day, 0, 24)
    _between("cold-start share", w.cold_start_share, 0, 1)
    _between("INIT duration", w.init_ms, 0, 600_000, " ms")
    for name, value in (("data transfer out", w.egress_gb), ("data sent per request", w.egress_kb_per_request),
                        ("application logs", w.app_log_gb),
                        ("Lambda log lines", w.lambda_platform_log_kb), ("EBS volume", w.ebs_gb_per_instance)):
        _between(name, value, 0, MAX_FIGURE)
    if w.nat_gb is not None:
        _between("NAT gateway data", w.nat_gb, 0, MAX_FIGURE, " GB")
    _whole("minimum instances", w.min_instances, 1)
    if w.instances is not None:
        _whole("instances", w.instances, 1)
    if w.instance_type is not None and (not isinstance(w.instance_type, str) or not w.instance_type):
        raise CostInputError(f"instance type must be a name such as t3.micro, got {w.instance_type!r}")


def seconds(ms: float) -> str:
    """Milliseconds as seconds, to the millisecond and no more: 900001 → 900.001, 1800000 → 1,800."""
    return f"{ms / 1000:,.3f}".rstrip("0").rstrip(".")


def lambda_limits_exceeded(workload: Workload) -> tuple[LimitExceeded, ...]:
    """Every hard limit that rules Lambda out; empty when Lambda can run the workload.

    The cost model's own limits (timeout, memory, GPU) and those the questionnaire's constraints found,
    each once (the bundled questionnaire's constraints use the same ids).
    """
    out: list[LimitExceeded] = []
    if workload.avg_duration_ms > LAMBDA_MAX_TIMEOUT_MS:
        out.append(LimitExceeded(
            "lambda-max-timeout-average",
            f"an average run of {seconds(workload.avg_duration_ms)} s is over Lambda's maximum timeout "
            f"of {LAMBDA_MAX_TIMEOUT_MS // 1000} s (15 minutes)",
            LAMBDA_TIMEOUT_SOURCE,
        ))
    if workload.memory_mb > LAMBDA_MAX_MB:
        out.append(LimitExceeded(
            "lambda-max-memory",
            f"{workload.memory_mb:,g} MB is over Lambda's maximum memory of {LAMBDA_MAX_MB:,} MB",
            LAMBDA_MEMORY_SOURCE,
        ))
    if workload.needs_gpu:
        out.append(LimitExceeded("lambda-no-gpu", "Lambda offers no GPUs", LAMBDA_LIMITS_SOURCE))
    seen = {x.limit for x in out}
    out.extend(x for x in workload.lambda_excluded if x.limit not in seen)
    return tuple(out)


LMI_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances.html"
FARGATE_SIZE_SOURCE = ("https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html"
                       "#fargate-tasks-size")
FARGATE_PRICING_SOURCE = "https://aws.amazon.com/fargate/pricing/"
#: Fargate's largest task memory, MB (16 vCPU with 120 GB).
FARGATE_MAX_MB = 120 * 1024


def _unique(own: list[LimitExceeded], found: tuple[LimitExceeded, ...]) -> tuple[LimitExceeded, ...]:
    seen = {x.limit for x in own}
    own.extend(x for x in found if x.limit not in seen)
    return tuple(own)


def lambda_managed_limits_exceeded(workload: Workload) -> tuple[LimitExceeded, ...]:
    """Every hard limit that rules Lambda Managed Instances out: its own (timeout, GPU) and the questionnaire's."""
    out: list[LimitExceeded] = []
    if workload.avg_duration_ms > LAMBDA_MAX_TIMEOUT_MS:
        out.append(LimitExceeded(
            "lambda-managed-max-timeout-average",
            f"an average run of {seconds(workload.avg_duration_ms)} s is over Lambda Managed Instances' maximum "
            f"timeout of {LAMBDA_MAX_TIMEOUT_MS // 1000} s",
            LMI_SOURCE,
        ))
    if workload.needs_gpu:
        out.append(LimitExceeded("lambda-managed-no-gpu", "Lambda Managed Instances run on instances without GPUs",
                                 LMI_SOURCE))
    return _unique(out, workload.lambda_managed_excluded)


def fargate_limits_exceeded(workload: Workload) -> tuple[LimitExceeded, ...]:
    """Every hard limit that rules Fargate out: its own (task size, GPU) and the questionnaire's."""
    out: list[LimitExceeded] = []
    if workload.worker_memory_mb > FARGATE_MAX_MB:
        out.append(LimitExceeded(
            "fargate-max-task-size",
            f"one worker of {workload.worker_memory_mb:,g} MB is over Fargate's largest task (16 vCPU, 120 GB)",
            FARGATE_SIZE_SOURCE,
        ))
    if workload.needs_gpu:
        out.append(LimitExceeded("fargate-no-gpu", "Fargate offers no GPUs", FARGATE_PRICING_SOURCE))
    return _unique(out, workload.fargate_excluded)


def lambda_possible(workload: Workload) -> bool:
    """Whether Lambda can run the workload at all (no hard limit exceeded)."""
    return not lambda_limits_exceeded(workload)
