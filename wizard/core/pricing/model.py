"""The pricing data file of the cost model: Lambda, API Gateway, ALB, EC2 and the line items both bills
share (data transfer, NAT gateway, logs, public IPv4, EBS) for one Region.

Prices are data, not code: they come from a TOML file with its own `as_of` date and sources, which
users can copy, edit and pass instead of the bundled one. The models check everything the cost
model relies on (tiers ascending and ending unbounded, no negative prices, unique instance types,
every purchase option present), so `wizard.core.cost` never has to check a file again.

Its size: one pydantic model per section of the pricing file (Lambda, API Gateway, ALB, EC2 and
its catalogue, line items, the middle roads), each with the checks its prices need; they are read
together and validated together.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from pydantic import (
    ConfigDict,
    Field,
    StrictInt,
    field_validator,
    model_validator,
)

from wizard.core.frozen_model import FrozenModel
from wizard.core.identity_cache import IdentityCache
from wizard.core.files.paths import bundled_dir
from wizard.core.questionnaire.model import Number
from wizard.core.errors import SchemaError, shown
from wizard.core.files.tomlio import find_number, parse_toml, read_bytes, validate

Arch = Literal["x86_64", "arm64"]
PurchaseId = Literal["on-demand", "savings-plan", "savings-plan-3yr", "spot"]

ARCHES: tuple[Arch, ...] = ("x86_64", "arm64")
PURCHASE_IDS: tuple[PurchaseId, ...] = ("on-demand", "savings-plan", "savings-plan-3yr", "spot")
PRICING_DIR = "pricing"
DEFAULT_PRICING_FILE = "aws-us-east-1.toml"
#: Largest and smallest (but 0) numbers a pricing file may hold: tier bounds are in the billions,
#: prices per GB-second around 1e-5.
MAX_FIGURE = 1e15
MIN_FIGURE = 1e-12

class _Frozen(FrozenModel):
    model_config = ConfigDict(populate_by_name=True)


# ---------------------------------------------------------------------------------------------
# Tiers


class DurationTier(_Frozen):
    """One monthly volume tier of Lambda duration."""

    up_to_gb_seconds: Number | None = Field(
        None, gt=0, allow_inf_nan=False,
        description="Cumulative monthly GB-seconds where this tier ends; left out on the last tier.")
    usd_per_gb_second: Number = Field(ge=0, allow_inf_nan=False, description="Price of one GB-second in this tier.")
    description: str = Field("", description="What the tier is, e.g. `next 9 billion GB-s at 10% off`.")

    @property
    def bound(self) -> float | None:
        return self.up_to_gb_seconds

    @property
    def price(self) -> float:
        return self.usd_per_gb_second


class RequestTier(_Frozen):
    """One monthly volume tier of API Gateway requests."""

    up_to_requests: Number | None = Field(
        None, gt=0, allow_inf_nan=False,
        description="Cumulative monthly requests where this tier ends; left out on the last tier.")
    usd_per_million: Number = Field(
        ge=0, allow_inf_nan=False, description="Price of one million requests in this tier."
    )
    description: str = Field("", description="What the tier is, e.g. `first 300 million requests`.")

    @property
    def bound(self) -> float | None:
        return self.up_to_requests

    @property
    def price(self) -> float:
        return self.usd_per_million / 1_000_000


class Tier(Protocol):
    @property
    def bound(self) -> float | None: ...

    @property
    def price(self) -> float: ...


T = TypeVar("T", bound=Sequence[Tier])


def _check_tiers(tiers: T) -> T:
    """Bounds strictly ascending, every tier bounded except the last, which must not be."""
    if not tiers:
        raise ValueError("at least one tier is needed")
    previous = 0.0
    for i, tier in enumerate(tiers):
        last = i == len(tiers) - 1
        if tier.bound is None:
            if not last:
                raise ValueError(f"tier {i + 1} has no upper bound but is not the last tier")
            continue
        if last:
            raise ValueError("the last tier must have no upper bound (it covers everything above)")
        if tier.bound <= previous:
            raise ValueError(f"tier bounds must ascend: tier {i + 1} ends at {tier.bound:g}, not above {previous:g}")
        previous = tier.bound
    return tiers


def _plain_tiers(tiers: Sequence[Tier]) -> tuple[tuple[float, float], ...]:
    return tuple((math.inf if t.bound is None else t.bound, t.price) for t in tiers)


#: Each tier list's (end, price) pairs as plain floats: the cost model prices tiers hundreds of times
#: an estimate.
_PLAIN_TIERS: IdentityCache[Sequence[Tier], tuple[tuple[float, float], ...]] = IdentityCache()


def tiered_cost(quantity: float, tiers: Sequence[Tier]) -> float:
    """Cost of a monthly quantity billed tier by tier (each unit at the price of the tier it falls in)."""
    total = 0.0
    start = 0.0
    for end, price in _PLAIN_TIERS.get(tiers, _plain_tiers):
        if quantity <= start:
            break
        total += ((quantity if quantity < end else end) - start) * price
        start = end
    return total


# ---------------------------------------------------------------------------------------------
# Lambda and front doors


class FreeTier(_Frozen):
    """Lambda's monthly free tier."""

    requests: Number = Field(ge=0, allow_inf_nan=False, description="Free requests a month.")
    gb_seconds: Number = Field(ge=0, allow_inf_nan=False, description="Free GB-seconds of duration a month.")
    description: str = Field("", description="Conditions of the free tier.")


class LambdaDuration(_Frozen):
    """Duration tiers per architecture."""

    x86_64: tuple[DurationTier, ...] = Field(description="Tiers for x86_64 functions, ascending.")
    arm64: tuple[DurationTier, ...] = Field(description="Tiers for arm64 (Graviton) functions, ascending.")

    _tiers = field_validator("x86_64", "arm64")(_check_tiers)

    def tiers(self, arch: Arch) -> tuple[DurationTier, ...]:
        return self.x86_64 if arch == "x86_64" else self.arm64


class ProvisionedConcurrencyPrice(_Frozen):
    """Provisioned Concurrency of one architecture: the warm capacity, and the duration run on it."""

    usd_per_gb_second: Number = Field(
        ge=0, allow_inf_nan=False, description="Price of one GB-second of concurrency kept provisioned, used or not.")
    duration_usd_per_gb_second: Number = Field(
        ge=0, allow_inf_nan=False, description="Price of one GB-second of duration run on provisioned environments.")


class ProvisionedConcurrency(_Frozen):
    x86_64: ProvisionedConcurrencyPrice
    arm64: ProvisionedConcurrencyPrice

    def of(self, arch: Arch) -> ProvisionedConcurrencyPrice:
        return self.x86_64 if arch == "x86_64" else self.arm64


class LambdaPrices(_Frozen):
    usd_per_million_requests: Number = Field(ge=0, allow_inf_nan=False, description="Price of one million requests.")
    free_tier: FreeTier = Field(description="Requests and GB-seconds free every month.")
    duration: LambdaDuration = Field(description="Price per GB-second of duration, by architecture and volume tier.")
    provisioned_concurrency: ProvisionedConcurrency = Field(
        description="Provisioned Concurrency prices by architecture (no free tier, no volume tiers).")


class WebSocketPrices(_Frozen):
    """API Gateway WebSocket APIs: messages (metered in increments) and connection minutes."""

    messages: tuple[RequestTier, ...] = Field(description="Message tiers per million, ascending.")
    message_metering_kb: Number = Field(gt=0, allow_inf_nan=False, description="A message is metered per this many KB.")
    usd_per_million_connection_minutes: Number = Field(
        ge=0, allow_inf_nan=False, description="Price of one million connection minutes.")

    _tiers = field_validator("messages")(_check_tiers)


class ApiGatewayPrices(_Frozen):
    http_api: tuple[RequestTier, ...] = Field(description="HTTP API request tiers, ascending.")
    rest_api: tuple[RequestTier, ...] = Field(description="REST API request tiers, ascending.")
    websocket: WebSocketPrices = Field(description="WebSocket API prices.")

    _tiers = field_validator("http_api", "rest_api")(_check_tiers)


class S3RequestPrices(_Frozen):
    """Amazon S3 Standard request prices (what data handed between pipeline steps through S3 costs)."""

    put_usd_per_thousand: Number = Field(ge=0, allow_inf_nan=False, description="PUT, COPY, POST, LIST per 1,000.")
    get_usd_per_thousand: Number = Field(ge=0, allow_inf_nan=False, description="GET and the like per 1,000.")


class StepFunctionsPrices(_Frozen):
    """AWS Step Functions: Standard workflows per state transition; Express per request and duration."""

    standard_usd_per_thousand_transitions: Number = Field(ge=0, allow_inf_nan=False)
    standard_free_transitions: Number = Field(ge=0, allow_inf_nan=False, description="Free transitions a month.")
    express_usd_per_million_requests: Number = Field(ge=0, allow_inf_nan=False)
    express_usd_per_gb_second: Number = Field(
        ge=0, allow_inf_nan=False, description="Express duration (first tier), per GB-second.")
    express_memory_increment_mb: Number = Field(gt=0, allow_inf_nan=False, description="Memory is billed in these.")
    max_payload_kb: Number = Field(
        gt=0, allow_inf_nan=False, description="Largest input or output a state passes on; more goes through S3.")


class LcuDimensions(_Frozen):
    """What one load balancer capacity unit (LCU) covers per dimension; an hour bills the largest."""

    new_connections_per_second: Number = Field(gt=0, allow_inf_nan=False, description="New connections per second.")
    active_connections_per_minute: Number = Field(
        gt=0, allow_inf_nan=False, description="Active connections per minute."
    )
    gb_processed_per_hour: Number = Field(
        gt=0, allow_inf_nan=False, description="GB processed per hour (instance targets)."
    )
    gb_processed_per_hour_lambda: Number = Field(
        gt=0, allow_inf_nan=False, description="GB processed per hour for Lambda targets."
    )
    rule_evaluations_per_second: Number = Field(gt=0, allow_inf_nan=False, description="Rule evaluations per second.")


class AlbPrices(_Frozen):
    usd_per_hour: Number = Field(ge=0, allow_inf_nan=False, description="Price of one ALB-hour.")
    usd_per_lcu_hour: Number = Field(ge=0, allow_inf_nan=False, description="Price of one LCU-hour.")
    lcu: LcuDimensions = Field(description="What one LCU covers.")


# ---------------------------------------------------------------------------------------------
# EC2


class InstanceType(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*\.[a-z0-9]+$", description="Instance type, e.g. `t3.micro`.")
    vcpus: StrictInt = Field(ge=1, description="Virtual CPUs.")
    memory_gib: Number = Field(gt=0, allow_inf_nan=False, description="Memory in GiB.")
    arch: Arch = Field(description="x86_64 or arm64.")
    usd_per_hour: Number = Field(ge=0, allow_inf_nan=False, description="On-demand price per hour.")
    baseline_cpu: Number | None = Field(
        None, gt=0, le=1, allow_inf_nan=False,
        description="Burstable types only: the share of each vCPU the type earns CPU credits for (0.2 = 20%). "
        "Left out for types that run every vCPU at 100%.")
    surplus_credit_usd_per_vcpu_hour: Number | None = Field(
        None, ge=0, allow_inf_nan=False,
        description="Burstable types only: the price of a vCPU-hour above the baseline in unlimited mode.")
    gpus: StrictInt = Field(0, ge=0, description="GPUs (accelerators) in the instance.")
    gpu_model: str = Field("", description="The GPU, e.g. `NVIDIA T4`; empty without GPUs.")
    gpu_memory_gib: Number = Field(0, ge=0, allow_inf_nan=False, description="Memory of all its GPUs together, GiB.")

    @model_validator(mode="after")
    def _burstable(self) -> InstanceType:
        if (self.baseline_cpu is None) != (self.surplus_credit_usd_per_vcpu_hour is None):
            raise ValueError(f"{self.id}: a burstable type needs both baseline_cpu and "
                             "surplus_credit_usd_per_vcpu_hour; other types neither")
        if self.gpus == 0 and (self.gpu_model or self.gpu_memory_gib):
            raise ValueError(f"{self.id}: gpu_model and gpu_memory_gib need gpus above 0")
        return self

    @property
    def family(self) -> str:
        """The part before the dot: `t3` of `t3.micro`."""
        return self.id.split(".", 1)[0]

    @property
    def burstable(self) -> bool:
        return self.baseline_cpu is not None


class PurchaseOption(_Frozen):
    id: PurchaseId = Field(description="on-demand, savings-plan (1 year), savings-plan-3yr or spot.")
    discount: Number = Field(ge=0, le=1, description="Share taken off EC2's on-demand price (0.30 = 30% off).")
    lambda_discount: Number = Field(
        0, ge=0, le=1,
        description="Share taken off Lambda's duration and Provisioned Concurrency (Compute Savings Plans; "
        "requests are never discounted). 0 where Lambda has no such option (Spot).")
    fargate_discount: Number = Field(
        0, ge=0, le=1,
        description="Share taken off Fargate's vCPU and GB prices (Compute Savings Plans; Fargate Spot under spot).")
    lambda_managed_discount: Number | None = Field(
        None, ge=0, le=1,
        description="Share taken off the instance price of Lambda Managed Instances; left out: `discount` "
        "(Savings Plans and Reserved Instances apply to them as to EC2).")
    description: str = Field(min_length=1, description="The assumption behind the discount, as shown to the user.")

    @property
    def managed_discount(self) -> float:
        """The discount on Lambda Managed Instances' instance price."""
        return self.discount if self.lambda_managed_discount is None else self.lambda_managed_discount


class Ec2Prices(_Frozen):
    instance_types: tuple[InstanceType, ...] = Field(
        min_length=1, description="The catalog automatic sizing chooses from."
    )
    purchase_options: tuple[PurchaseOption, ...] = Field(
        description="Discounts off on-demand, one per purchase option."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Ec2Prices:
        seen: set[str] = set()
        for itype in self.instance_types:
            if itype.id in seen:
                raise ValueError(f'instance type "{itype.id}" appears twice')
            seen.add(itype.id)
        ids = [p.id for p in self.purchase_options]
        for pid in PURCHASE_IDS:
            if ids.count(pid) != 1:
                raise ValueError(f'purchase option "{pid}" must appear exactly once')
        return self

    @cached_property
    def by_id(self) -> dict[str, InstanceType]:
        return {t.id: t for t in self.instance_types}

    @cached_property
    def discounts(self) -> dict[str, PurchaseOption]:
        return {p.id: p for p in self.purchase_options}

    def of_arch(self, arch: Arch) -> tuple[InstanceType, ...]:
        return self._by_arch.get(arch, ())

    @cached_property
    def _by_arch(self) -> dict[str, tuple[InstanceType, ...]]:
        return {a: tuple(t for t in self.instance_types if t.arch == a) for a in ARCHES}


# ---------------------------------------------------------------------------------------------
# Lambda Managed Instances and Fargate


class LambdaManagedPrices(_Frozen):
    """Lambda Managed Instances: functions on EC2 instances Lambda manages, billed per instance-hour."""

    management_fee: Number = Field(
        ge=0, le=1, allow_inf_nan=False, description="Fee as a share of the instances' on-demand price (0.15).")
    usd_per_million_requests: Number = Field(ge=0, allow_inf_nan=False, description="Price of one million requests.")
    min_instances: StrictInt = Field(ge=1, description="Instances Lambda keeps at the least (AZ resiliency).")
    min_function_mb: Number = Field(gt=0, allow_inf_nan=False, description="Smallest function memory, MB.")
    min_mb_per_vcpu: Number = Field(gt=0, allow_inf_nan=False, description="Least memory per vCPU, MB.")
    max_mb_per_vcpu: Number = Field(gt=0, allow_inf_nan=False, description="Most memory per vCPU, MB.")
    families: tuple[str, ...] = Field(
        min_length=1, description="Instance family prefixes of the catalogue it may use (`c`, `m`, `r`); burstable "
        "and GPU types are never used.")
    concurrency_per_vcpu: dict[str, StrictInt] = Field(
        description="Requests one vCPU serves at once, by the questionnaire's runtime answer (`default` for the "
        "rest).")
    timeout_ms: Number = Field(gt=0, allow_inf_nan=False, description="Longest invocation, ms.")

    @model_validator(mode="after")
    def _default(self) -> LambdaManagedPrices:
        if "default" not in self.concurrency_per_vcpu:
            raise ValueError("concurrency_per_vcpu needs a `default` entry")
        if any(v < 1 for v in self.concurrency_per_vcpu.values()):
            raise ValueError("concurrency_per_vcpu: every figure must be at least 1")
        if self.min_mb_per_vcpu > self.max_mb_per_vcpu:
            raise ValueError("min_mb_per_vcpu must not be above max_mb_per_vcpu")
        return self

    def concurrency(self, runtime: str) -> int:
        return self.concurrency_per_vcpu.get(runtime, self.concurrency_per_vcpu["default"])


class FargateArchPrices(_Frozen):
    usd_per_vcpu_hour: Number = Field(ge=0, allow_inf_nan=False, description="Price of one vCPU-hour.")
    usd_per_gb_hour: Number = Field(ge=0, allow_inf_nan=False, description="Price of one GB-hour of memory.")


class FargateTaskSize(_Frozen):
    """One task CPU size with the memory it may be given."""

    vcpus: Number = Field(gt=0, allow_inf_nan=False, description="vCPUs of the task (0.25 to 16).")
    min_gb: Number = Field(gt=0, allow_inf_nan=False, description="Least memory, GB.")
    max_gb: Number = Field(gt=0, allow_inf_nan=False, description="Most memory, GB.")
    step_gb: Number = Field(gt=0, allow_inf_nan=False, description="Memory steps above the least, GB.")
    memory_gb: tuple[Number, ...] = Field(
        (), description="The memory sizes offered, GB, when they are not every step from `min_gb` to `max_gb`.")

    def memory_for(self, gb: float) -> float | None:
        """The least memory offered at this size that holds `gb`; None when none does."""
        if self.memory_gb:
            return next((m for m in sorted(self.memory_gb) if m >= gb), None)
        if gb > self.max_gb:
            return None
        if gb <= self.min_gb:
            return self.min_gb
        return min(self.max_gb, self.min_gb + math.ceil((gb - self.min_gb) / self.step_gb - 1e-9) * self.step_gb)


class FargatePrices(_Frozen):
    """AWS Fargate for Amazon ECS, Linux: per vCPU-hour and GB-hour, billed per second."""

    x86_64: FargateArchPrices
    arm64: FargateArchPrices
    task_sizes: tuple[FargateTaskSize, ...] = Field(min_length=1, description="Task sizes, smallest first.")
    ephemeral_gb_included: Number = Field(ge=0, allow_inf_nan=False, description="Ephemeral storage included, GB.")
    max_ephemeral_gb: Number = Field(gt=0, allow_inf_nan=False, description="Most ephemeral storage a task has, GB.")

    def of(self, arch: Arch) -> FargateArchPrices:
        return self.x86_64 if arch == "x86_64" else self.arm64


# ---------------------------------------------------------------------------------------------
# Line items both bills share


class GbTier(_Frozen):
    """One monthly volume tier priced per GB."""

    up_to_gb: Number | None = Field(
        None, gt=0, allow_inf_nan=False,
        description="Cumulative monthly GB where this tier ends; left out on the last tier.")
    usd_per_gb: Number = Field(ge=0, allow_inf_nan=False, description="Price of one GB in this tier.")
    description: str = Field("", description="What the tier is, e.g. `next 40 TB`.")

    @property
    def bound(self) -> float | None:
        return self.up_to_gb

    @property
    def price(self) -> float:
        return self.usd_per_gb


class DataTransferPrices(_Frozen):
    """Data transfer out from AWS to the internet (the same for every compute service)."""

    free_gb: Number = Field(ge=0, allow_inf_nan=False, description="GB a month free, across services.")
    tiers: tuple[GbTier, ...] = Field(description="Tiers after the free GB, ascending.")

    _tiers = field_validator("tiers")(_check_tiers)


class NatGatewayPrices(_Frozen):
    usd_per_hour: Number = Field(ge=0, allow_inf_nan=False, description="Price of one NAT gateway-hour.")
    usd_per_gb: Number = Field(ge=0, allow_inf_nan=False, description="Price of one GB processed.")


class LogPrices(_Frozen):
    """CloudWatch Logs ingestion."""

    standard_usd_per_gb: Number = Field(
        ge=0, allow_inf_nan=False, description="Standard (custom) logs, e.g. an agent on EC2, per GB ingested.")
    lambda_tiers: tuple[GbTier, ...] = Field(
        description="Lambda's logs (vended logs, tiered by monthly volume), ascending.")

    _tiers = field_validator("lambda_tiers")(_check_tiers)


class PublicIpv4Prices(_Frozen):
    usd_per_hour: Number = Field(ge=0, allow_inf_nan=False, description="Price of one public IPv4 address-hour.")


class EbsPrices(_Frozen):
    gp3_usd_per_gb_month: Number = Field(ge=0, allow_inf_nan=False, description="gp3 storage per GB-month.")


# ---------------------------------------------------------------------------------------------
# The whole file


class Pricing(_Frozen):
    """A whole pricing file."""

    region: str = Field(min_length=1, description="AWS Region the prices are for, e.g. `us-east-1`.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code of every price.")
    as_of: dt.date = Field(description="Date the prices were read.")
    sources: tuple[str, ...] = Field(min_length=1, description="Where the prices are published.")
    hours_per_month: Number = Field(730, gt=0, le=744, allow_inf_nan=False, description="Hours in a billed month.")
    lambda_: LambdaPrices = Field(alias="lambda", description="AWS Lambda prices.")
    step_functions: StepFunctionsPrices = Field(description="AWS Step Functions prices.")
    s3: S3RequestPrices = Field(description="Amazon S3 request prices.")
    api_gateway: ApiGatewayPrices = Field(description="Amazon API Gateway prices.")
    alb: AlbPrices = Field(description="Application Load Balancer prices.")
    ec2: Ec2Prices = Field(description="EC2 instance catalog and purchase options.")
    lambda_managed: LambdaManagedPrices = Field(description="Lambda Managed Instances.")
    fargate: FargatePrices = Field(description="AWS Fargate for Amazon ECS.")
    data_transfer: DataTransferPrices = Field(description="Data transfer out to the internet.")
    nat_gateway: NatGatewayPrices = Field(description="NAT gateway prices.")
    logs: LogPrices = Field(description="CloudWatch Logs ingestion prices.")
    public_ipv4: PublicIpv4Prices = Field(description="Public IPv4 address prices.")
    ebs: EbsPrices = Field(description="EBS volume prices.")

    @model_validator(mode="after")
    def _sources(self) -> Pricing:
        for i, url in enumerate(self.sources):
            if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
                raise ValueError(f"sources[{i}]: expected an http(s) URL, got {url[:60]!r}")
        return self


def default_pricing_path() -> Path:
    """The bundled us-east-1 price file."""
    return bundled_dir() / PRICING_DIR / DEFAULT_PRICING_FILE


def load_pricing(path: Path | str) -> Pricing:
    """Read and validate a pricing file; a malformed one raises a one-line `FILE: key: message` error."""
    path = Path(path)
    return pricing_from_data(parse_toml(read_bytes(path), path), path)


def pricing_from_data(data: Mapping[str, Any], path: Path | str) -> Pricing:
    """Check parsed pricing data as `load_pricing` checks a file (figures in range, then the schema);
    errors name `path` and the key."""
    # Every price and size times (or divided into) every volume must stay a finite number.
    found = find_number(data, lambda x: x != 0 and not MIN_FIGURE <= abs(x) <= MAX_FIGURE)
    if found:
        where, number = found
        figure = f"{number:.6g}" if isinstance(number, float) else shown(number, 24)
        raise SchemaError(
            path, f"{where}: {figure} is out of range (a figure is 0 or between {MIN_FIGURE:.0e} and {MAX_FIGURE:.0e})"
        )
    return validate(Pricing, data, path)


_default_cache: dict[Path, Pricing] = {}


def default_pricing() -> Pricing:
    """The bundled pricing, read once per process."""
    path = default_pricing_path()
    if path not in _default_cache:
        _default_cache[path] = load_pricing(path)
    return _default_cache[path]
