"""Build a pricing file from AWS Price List offers (`wizard pricing import`).

The offers of AmazonEC2, AWSLambda and AWSELB for one Region give the EC2 catalogue (Linux,
shared tenancy, no pre-installed software, capacity status Used), CPU-credit surplus prices, data
transfer out, the NAT gateway, EBS gp3 and public IPv4 when the EC2 offer holds them, Lambda's
requests, duration tiers and Provisioned Concurrency per architecture, and the ALB hour and
LCU-hour. Everything else comes from a base pricing file: what no offer states (Lambda's free tier,
the burstable baselines, what an LCU covers, GPU model names, Savings Plan and Spot discounts) and
what these three services do not sell (API Gateway, CloudWatch Logs). The result records where each
section came from, and is checked exactly as a pricing file is read before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.core.errors import InputFileError
from wizard.core.pricing.model import Arch, InstanceType, Pricing, pricing_from_data
from wizard.core.pricing.offers import Offer, PriceDimension, Product
from wizard.core.files.tomlio import dump_toml, parse_toml

#: Where AWS publishes the current offer of a service for a Region.
OFFER_HOST = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]+$")
_MEMORY = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(GiB|GB)\s*$", re.IGNORECASE)
#: Figures are rounded to this many significant digits: the offers print ten decimals, and a price per
#: million requests computed from a price per request would otherwise read 0.19999999999999998.
_DIGITS = 10


class PricingImportError(InputFileError):
    """The offers do not hold what a pricing file needs."""


@dataclass
class ImportResult:
    """A pricing file built from offers: its text (header comment included), the validated model, and
    where each section came from."""

    text: str
    pricing: Pricing
    from_offers: dict[str, list[str]] = field(default_factory=dict)  # section -> offer file names
    from_base: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def families(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for itype in self.pricing.ec2.instance_types:
            counts[itype.family] = counts.get(itype.family, 0) + 1
        return counts


def import_pricing(
    region: str,
    *,
    base: Pricing,
    base_name: str,
    out: Path | str,
    ec2: Sequence[Offer] = (),
    lambda_: Sequence[Offer] = (),
    elb: Sequence[Offer] = (),
    families: Sequence[str] | None = None,
    sizes: Sequence[str] | None = None,
    as_of: dt.date | None = None,
) -> ImportResult:
    """Assemble a pricing file for `region` from the offers and `base`; raise a one-line error naming the
    file and key when an offer is unusable or the result is not a valid pricing file (named `out`)."""
    if not _REGION.fullmatch(region):
        raise PricingImportError(region, "not an AWS Region code such as us-east-1")
    data: dict[str, Any] = base.model_dump(by_alias=True, mode="python", exclude_defaults=True)
    sources: list[str] = []
    result_from: dict[str, list[str]] = {}
    skipped: list[str] = []

    def took(section: str, offers: Iterable[Offer], service: str) -> None:
        result_from[section] = list(dict.fromkeys(o.path.name for o in offers))
        url = f"{OFFER_HOST}{service}/current/{region}/index.json"
        if url not in sources:
            sources.append(url)

    wanted = list(families) if families else list(dict.fromkeys(t.family for t in base.ec2.instance_types))
    base_sizes: dict[str, set[str]] = {}
    for itype in base.ec2.instance_types:
        base_sizes.setdefault(itype.family, set()).add(itype.id.split(".", 1)[1])

    def wanted_size(family: str, size: str) -> bool:
        """`--sizes` if given; else the sizes the base file lists for the family; else all but bare metal."""
        if sizes:
            return size in sizes
        return size in base_sizes[family] if family in base_sizes else not size.startswith("metal")

    ec2_products = [(o, p) for o in ec2 for p in o if _in_region(p, region)]
    lambda_products = [(o, p) for o in lambda_ for p in o if _in_region(p, region)]
    elb_products = [(o, p) for o in elb for p in o if _in_region(p, region)]

    if ec2:
        types, used = _instance_types(ec2_products, base, wanted, wanted_size, skipped)
        if types:
            data["ec2"]["instance_types"] = types
            took("ec2.instance_types", used, "AmazonEC2")
        elif ec2_products:
            skipped.append("ec2.instance_types: no Linux on-demand instance of the families "
                           f"{', '.join(wanted)} in the EC2 offer; kept the base catalogue")
        _ec2_extras(ec2_products, data, took)
    if lambda_products:
        _lambda(lambda_products, data, took)
    if elb_products:
        _alb(elb_products, data, took)

    from_base = [s for s in SECTIONS if s not in result_from]
    data["region"] = region
    data["currency"] = "USD"
    data["as_of"] = as_of or dt.date.today()
    data["sources"] = sources + [s for s in base.sources if s not in sources]
    header = _header(region, base_name, result_from, from_base)
    text = dump_toml(_tidy(data), header)
    pricing = pricing_from_data(parse_toml(text.encode("utf-8"), out), out)
    return ImportResult(text=text, pricing=pricing, from_offers=result_from, from_base=from_base, skipped=skipped)


#: Every section of a pricing file the import can fill, in the order the header lists them.
SECTIONS = (
    "ec2.instance_types", "ec2 surplus CPU credits", "data_transfer", "nat_gateway", "public_ipv4", "ebs",
    "lambda requests and duration", "lambda.provisioned_concurrency", "alb hour and LCU-hour",
)
#: Sections no offer of the three services holds: always from the base file.
BASE_ONLY = (
    "burstable baselines (baseline_cpu)", "GPU model names", "ec2.purchase_options (Savings Plans, Spot)",
    "lambda.free_tier", "alb.lcu (what an LCU covers)", "api_gateway", "step_functions", "s3", "logs",
    "data_transfer.free_gb", "lambda_managed (Lambda Managed Instances)", "fargate (prices and task sizes)",
    "hours_per_month",
)


def _header(region: str, base_name: str, taken: dict[str, list[str]], from_base: list[str]) -> str:
    lines = [
        f"# Prices for the wizard's cost model: AWS {region}, Linux, USD, built by `wizard pricing import`",
        "# from AWS Price List offers. Run the command again to refresh them; do not edit by hand.",
        "#",
        "# From the offers:",
    ]
    lines += [f"#   {section}: {', '.join(names)}" for section, names in taken.items()] or ["#   (nothing)"]
    lines.append(f"# From the base file {base_name}:")
    lines += [f"#   {section}" for section in [*from_base, *BASE_ONLY]]
    return "\n".join(lines) + "\n\n"


def _tidy(value: Any) -> Any:
    """Whole figures written as whole numbers (`requests = 1000000`, not `1000000.0`)."""
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _in_region(product: Product, region: str) -> bool:
    code = product.attr("regionCode") or product.attr("fromRegionCode")
    return code in ("", region)


def _usage(product: Product, suffix: str) -> bool:
    """`usagetype` is `BoxUsage:t3.micro` in us-east-1 and `USE2-BoxUsage:t3.micro` elsewhere."""
    usage = product.attr("usagetype")
    return usage == suffix or usage.endswith("-" + suffix)


def _price(offer: Offer, product: Product, unit: str | None = None) -> float:
    """The single on-demand price of a product (the first above 0 when there are tiers)."""
    dims = [d for d in product.prices if unit is None or d.unit == unit]
    paid = [d for d in dims if d.usd > 0] or dims
    if not paid:
        raise PricingImportError(offer.path, f"{product.where}: no on-demand price per {unit}")
    return _round(sorted(paid, key=lambda d: d.begin)[0].usd)


def _round(x: float) -> float:
    return float(f"{x:.{_DIGITS}g}")


# ---------------------------------------------------------------------------------------------
# EC2


def _instance_types(
    products: list[tuple[Offer, Product]], base: Pricing, families: list[str],
    wanted_size: Callable[[str, str], bool], skipped: list[str],
) -> tuple[list[dict[str, Any]], list[Offer]]:
    surplus = {
        p.attr("usagetype").rsplit(":", 1)[-1]: _price(o, p)
        for o, p in products
        if p.family == "CPU Credits" and p.attr("operatingSystem") in ("Linux", "")
    }
    base_types = base.ec2.by_id
    per_family: dict[str, list[InstanceType]] = {}
    for t in base.ec2.instance_types:
        per_family.setdefault(t.family, []).append(t)
    found: dict[str, dict[str, Any]] = {}
    used: list[Offer] = []
    for offer, p in products:
        if not _is_linux_on_demand_instance(p):
            continue
        type_id = p.attr("instanceType")
        family, _, size = type_id.partition(".")
        if family not in families or not wanted_size(family, size) or type_id in found:
            continue
        row = _instance_type(offer, p, type_id, base_types.get(type_id), per_family.get(family, []), surplus)
        if row is None:
            skipped.append(f"{type_id}: burstable, but the base file has no CPU-credit baseline for it")
            continue
        found[type_id] = row
        used.append(offer)
    order = {f: i for i, f in enumerate(families)}
    return sorted(found.values(), key=lambda r: (order[r["id"].split(".")[0]], r["usd_per_hour"], r["id"])), used


def _is_linux_on_demand_instance(p: Product) -> bool:
    return (
        p.family == "Compute Instance"
        and p.attr("operatingSystem") == "Linux"
        and p.attr("tenancy") == "Shared"
        and p.attr("preInstalledSw") in ("NA", "")
        and p.attr("capacitystatus") in ("Used", "")
        and p.attr("licenseModel") in ("No License required", "")
        and p.attr("marketoption") in ("OnDemand", "")
        and "." in p.attr("instanceType")
    )


def _instance_type(offer: Offer, p: Product, type_id: str, known: InstanceType | None,
                   family_types: list[InstanceType], surplus: dict[str, float]) -> dict[str, Any] | None:
    where = p.where + ".attributes"
    vcpus = _whole(offer, p.attr("vcpu"), f"{where}.vcpu")
    memory = _MEMORY.match(p.attr("memory"))
    if memory is None:
        raise PricingImportError(offer.path, f"{where}.memory: expected a size such as 4 GiB, got {p.attr('memory')!r}")
    row: dict[str, Any] = {
        "id": type_id,
        "vcpus": vcpus,
        "memory_gib": _round(float(memory.group(1).replace(",", ""))),
        "arch": _arch(p),
        "usd_per_hour": _price(offer, p, "Hrs"),
    }
    family = type_id.split(".", 1)[0]
    burstable = family in surplus or any(t.burstable for t in family_types)
    if burstable:
        if known is None or known.baseline_cpu is None:
            return None
        row["baseline_cpu"] = known.baseline_cpu
        row["surplus_credit_usd_per_vcpu_hour"] = surplus.get(family, known.surplus_credit_usd_per_vcpu_hour)
    gpus = _whole(offer, p.attr("gpu"), f"{where}.gpu") if p.attr("gpu") not in ("", "NA", "N/A") else 0
    if gpus:
        row["gpus"] = gpus
        model = next((t for t in family_types if t.gpus), None)
        if model is not None:  # the offer names no GPU model: the base file's, and its memory per GPU
            row["gpu_model"] = model.gpu_model
            row["gpu_memory_gib"] = _round(model.gpu_memory_gib / model.gpus * gpus)
        else:
            size = _MEMORY.match(p.attr("gpuMemory"))
            if size is not None:  # the offer's figure, taken as the memory of all the instance's GPUs
                row["gpu_memory_gib"] = _round(float(size.group(1).replace(",", "")))
    return row


def _arch(p: Product) -> Arch:
    """Graviton (arm64) is told by its processor; the offers call every processor "64-bit"."""
    processor = f"{p.attr('physicalProcessor')} {p.attr('processorArchitecture')}".lower()
    return "arm64" if "graviton" in processor or "arm" in processor.split() else "x86_64"


def _whole(offer: Offer, text: str, where: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise PricingImportError(offer.path, f"{where}: expected a whole number of 1 or more, got {text!r}")
    return int(text)


Took = Callable[[str, Iterable[Offer], str], None]


def _ec2_extras(products: list[tuple[Offer, Product]], data: dict[str, Any], took: Took) -> None:
    credits = [o for o, p in products if p.family == "CPU Credits"]
    if credits:
        took("ec2 surplus CPU credits", credits, "AmazonEC2")
    transfer = [(o, p) for o, p in products
                if p.family == "Data Transfer" and p.attr("transferType") == "AWS Outbound"
                and p.attr("toLocation") == "External"]
    if transfer:
        offer, product = transfer[0]
        data["data_transfer"]["tiers"] = _tiers(offer, product, "GB", "up_to_gb", "usd_per_gb", "GB")
        took("data_transfer", [offer], "AmazonEC2")
    nat_hours = _find(products, lambda p: _usage(p, "NatGateway-Hours"))
    nat_bytes = _find(products, lambda p: _usage(p, "NatGateway-Bytes"))
    if nat_hours and nat_bytes:
        data["nat_gateway"] = {"usd_per_hour": _price(*nat_hours, "Hrs"), "usd_per_gb": _price(*nat_bytes, "GB")}
        took("nat_gateway", [nat_hours[0], nat_bytes[0]], "AmazonEC2")
    ipv4 = _find(products, lambda p: _usage(p, "PublicIPv4:InUseAddress"))
    if ipv4:
        data["public_ipv4"] = {"usd_per_hour": _price(*ipv4, "Hrs")}
        took("public_ipv4", [ipv4[0]], "AmazonEC2")
    gp3 = _find(products, lambda p: p.family == "Storage" and p.attr("volumeApiName") == "gp3")
    if gp3:
        data["ebs"] = {"gp3_usd_per_gb_month": _price(*gp3, "GB-Mo")}
        took("ebs", [gp3[0]], "AmazonEC2")


def _find(products: list[tuple[Offer, Product]], test: Callable[[Product], bool]) -> tuple[Offer, Product] | None:
    return next(((o, p) for o, p in products if test(p)), None)


def _tiers(offer: Offer, product: Product, unit: str, bound_key: str, price_key: str, what: str,
           scale: float = 1.0) -> list[dict[str, Any]]:
    """Volume tiers from a product's price dimensions: ascending, leading free dimensions dropped (the
    free allowance is the base file's), the last one unbounded."""
    dims = sorted((d for d in product.prices if d.unit == unit), key=lambda d: d.begin)
    while len(dims) > 1 and dims[0].usd == 0:
        dims.pop(0)
    if not dims:
        raise PricingImportError(offer.path, f"{product.where}: no on-demand price per {unit}")
    if dims[-1].end is not None:
        raise PricingImportError(offer.path, f"{product.where}: the last price tier has an endRange; expected Inf")
    tiers: list[dict[str, Any]] = []
    for d in dims:
        tier: dict[str, Any] = {price_key: _round(d.usd * scale), "description": _describe(d, what)}
        if d.end is not None:
            tier[bound_key] = _round(d.end)
        tiers.append(tier)
    return tiers


def _describe(d: PriceDimension, what: str) -> str:
    if d.end is None:
        return f"Above {d.begin:,.0f} {what} a month."
    return f"From {d.begin:,.0f} to {d.end:,.0f} {what} a month."


# ---------------------------------------------------------------------------------------------
# Lambda and the ALB


_LAMBDA_GROUPS: dict[str, tuple[str, Arch]] = {
    "AWS-Lambda-Duration": ("duration", "x86_64"),
    "AWS-Lambda-Duration-ARM": ("duration", "arm64"),
    "AWS-Lambda-Provisioned-Concurrency": ("provisioned", "x86_64"),
    "AWS-Lambda-Provisioned-Concurrency-ARM": ("provisioned", "arm64"),
    "AWS-Lambda-Duration-Provisioned": ("provisioned_duration", "x86_64"),
    "AWS-Lambda-Duration-Provisioned-ARM": ("provisioned_duration", "arm64"),
}


def _lambda(products: list[tuple[Offer, Product]], data: dict[str, Any], took: Took) -> None:
    by_group = {p.attr("group"): (o, p) for o, p in products if p.family == "Serverless"}
    lam = data["lambda"]
    groups = ("AWS-Lambda-Requests", "AWS-Lambda-Duration", "AWS-Lambda-Duration-ARM")
    if set(groups) <= by_group.keys():
        offer, product = by_group["AWS-Lambda-Requests"]
        lam["usd_per_million_requests"] = _round(_price(offer, product) * 1_000_000)
        for arch in ("x86_64", "arm64"):
            offer, product = by_group["AWS-Lambda-Duration" + ("-ARM" if arch == "arm64" else "")]
            unit = _unit_of(product)
            lam["duration"][arch] = _tiers(offer, product, unit, "up_to_gb_seconds", "usd_per_gb_second", "GB-s")
        took("lambda requests and duration", [by_group[g][0] for g in groups], "AWSLambda")
    provisioned: dict[str, dict[str, float]] = {"x86_64": {}, "arm64": {}}
    pc_offers: list[Offer] = []
    for group, (kind, arch) in _LAMBDA_GROUPS.items():
        if kind != "duration" and group in by_group:
            offer, product = by_group[group]
            pc_offers.append(offer)
            key = "usd_per_gb_second" if kind == "provisioned" else "duration_usd_per_gb_second"
            provisioned[arch][key] = _price(offer, product)
    if all(len(v) == 2 for v in provisioned.values()):
        lam["provisioned_concurrency"] = provisioned
        took("lambda.provisioned_concurrency", pc_offers, "AWSLambda")


def _unit_of(product: Product) -> str:
    return product.prices[0].unit if product.prices else ""


def _alb(products: list[tuple[Offer, Product]], data: dict[str, Any], took: Took) -> None:
    alb = [(o, p) for o, p in products if p.family == "Load Balancer-Application"]
    hour = _find(alb, lambda p: _usage(p, "LoadBalancerUsage"))
    lcu = _find(alb, lambda p: _usage(p, "LCUUsage"))
    if hour and lcu:
        data["alb"]["usd_per_hour"] = _price(*hour, "Hrs")
        data["alb"]["usd_per_lcu_hour"] = _price(*lcu, "LCU-Hrs")
        took("alb hour and LCU-hour", [hour[0], lcu[0]], "AWSELB")
