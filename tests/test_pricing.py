"""The pricing data file: the bundled prices, the checks on a user's file, and its one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.core.errors import SchemaError, TomlSyntaxError
from wizard.core.pricing.model import (
    DurationTier,
    InstanceType,
    Pricing,
    RequestTier,
    default_pricing_path,
    load_pricing,
    tiered_cost,
)

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml"
TEXT = BUNDLED.read_text(encoding="utf-8")


def wizard(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = shutil.which("wizard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "wizard"]
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
                          check=False)


def edited(tmp_path: Path, old: str, new: str, name: str = "prices.toml") -> Path:
    assert old in TEXT, old
    path = tmp_path / name
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pricing() -> Pricing:
    return load_pricing(BUNDLED)


def test_default_path_is_the_bundled_file() -> None:
    assert default_pricing_path().resolve() == BUNDLED.resolve()


def test_bundled_prices_match_the_published_figures(pricing: Pricing) -> None:
    assert pricing.region == "us-east-1" and pricing.currency == "USD"
    assert pricing.as_of == dt.date(2026, 12, 5)
    assert pricing.hours_per_month == 730
    assert "https://aws.amazon.com/lambda/pricing/" in pricing.sources
    lam = pricing.lambda_
    assert lam.usd_per_million_requests == 0.20
    assert (lam.free_tier.requests, lam.free_tier.gb_seconds) == (1_000_000, 400_000)
    assert [(t.up_to_gb_seconds, t.usd_per_gb_second) for t in lam.duration.x86_64] == [
        (6e9, 0.0000166667), (15e9, 0.000015), (None, 0.0000133334)]
    assert [(t.up_to_gb_seconds, t.usd_per_gb_second) for t in lam.duration.arm64] == [
        (7.5e9, 0.0000133334), (18.75e9, 0.0000120001), (None, 0.0000106667)]
    assert [(t.up_to_requests, t.usd_per_million) for t in pricing.api_gateway.http_api] == [(300e6, 1.0), (None, 0.9)]
    assert [(t.up_to_requests, t.usd_per_million) for t in pricing.api_gateway.rest_api] == [
        (333e6, 3.5), (1e9, 2.8), (20e9, 2.38), (None, 1.51)]
    assert (pricing.alb.usd_per_hour, pricing.alb.usd_per_lcu_hour) == (0.0225, 0.008)
    assert pricing.alb.lcu.gb_processed_per_hour_lambda == 0.4
    assert {p.id: p.discount for p in pricing.ec2.purchase_options} == {
        "on-demand": 0.0, "savings-plan": 0.30, "savings-plan-3yr": 0.50, "spot": 0.60}
    assert "up to 66%" in pricing.ec2.discounts["savings-plan"].description


#: A sample of the catalogue against the published us-east-1 Linux on-demand prices and EC2's specs:
#: (vCPUs, GiB, architecture, USD an hour).
PUBLISHED = {
    "t3.nano": (2, 0.5, "x86_64", 0.0052),
    "t3.micro": (2, 1, "x86_64", 0.0104),
    "t3.2xlarge": (8, 32, "x86_64", 0.3328),
    "t3a.medium": (2, 4, "x86_64", 0.0376),
    "t4g.nano": (2, 0.5, "arm64", 0.0042),
    "t4g.small": (2, 2, "arm64", 0.0168),
    "t4g.xlarge": (4, 16, "arm64", 0.1344),
    "c6i.large": (2, 4, "x86_64", 0.085),
    "c7i.large": (2, 4, "x86_64", 0.08925),
    "c6a.4xlarge": (16, 32, "x86_64", 0.612),
    "c6g.large": (2, 4, "arm64", 0.068),
    "c7g.large": (2, 4, "arm64", 0.0725),
    "c7g.4xlarge": (16, 32, "arm64", 0.58),
    "m6i.large": (2, 8, "x86_64", 0.096),
    "m7i.large": (2, 8, "x86_64", 0.1008),
    "m7a.xlarge": (4, 16, "x86_64", 0.23184),
    "m6g.large": (2, 8, "arm64", 0.077),
    "m7g.large": (2, 8, "arm64", 0.0816),
    "m7g.2xlarge": (8, 32, "arm64", 0.3264),
    "r6i.large": (2, 16, "x86_64", 0.126),
    "r7i.large": (2, 16, "x86_64", 0.1323),
    "r6g.large": (2, 16, "arm64", 0.1008),
    "r7g.large": (2, 16, "arm64", 0.1071),
    "r7g.4xlarge": (16, 128, "arm64", 0.8568),
    "g4dn.xlarge": (4, 16, "x86_64", 0.526),
    "g5.xlarge": (4, 16, "x86_64", 1.006),
    "g6.xlarge": (4, 16, "x86_64", 0.8048),
    "g6.12xlarge": (48, 192, "x86_64", 4.6016),
}
BURSTABLE = ("t3", "t3a", "t4g")
BASELINES = {"nano": 0.05, "micro": 0.10, "small": 0.20, "medium": 0.20, "large": 0.30, "xlarge": 0.40, "2xlarge": 0.40}
GPU_FAMILIES = {"g4dn": ("NVIDIA T4", 16), "g5": ("NVIDIA A10G", 24), "g6": ("NVIDIA L4", 24)}
STEADY_FAMILIES = ("c6i", "c7i", "c6a", "c7a", "c6g", "c7g", "m6i", "m7i", "m6a", "m7a", "m6g", "m7g",
                   "r6i", "r7i", "r6a", "r7a", "r6g", "r7g")
#: GiB of memory per vCPU of the compute, general-purpose and memory families.
MEMORY_PER_VCPU = {"c": 2, "m": 4, "r": 8}


def test_the_catalogue_holds_the_published_prices_and_specs(pricing: Pricing) -> None:
    catalog = {t.id: (t.vcpus, t.memory_gib, t.arch, t.usd_per_hour) for t in pricing.ec2.instance_types}
    for type_id, expected in PUBLISHED.items():
        assert catalog[type_id] == expected, type_id
    assert "https://aws.amazon.com/ec2/pricing/on-demand/" in pricing.sources
    assert any("zz_generated.pricing_aws.go" in s for s in pricing.sources)


def test_the_catalogue_covers_both_architectures_and_every_size(pricing: Pricing) -> None:
    by_family: dict[str, list[str]] = {}
    for itype in pricing.ec2.instance_types:
        by_family.setdefault(itype.family, []).append(itype.id.split(".", 1)[1])
    for family in BURSTABLE:
        assert by_family[family] == list(BASELINES), family
    for family in STEADY_FAMILIES:
        assert by_family[family] == ["large", "xlarge", "2xlarge", "4xlarge"], family
    for family in GPU_FAMILIES:
        assert {"xlarge", "2xlarge", "4xlarge", "12xlarge"} <= set(by_family[family]), family
    assert {t.arch for t in pricing.ec2.of_arch("arm64")} == {"arm64"}
    assert {t.family for t in pricing.ec2.of_arch("arm64")} == {"t4g", "c6g", "c7g", "m6g", "m7g", "r6g", "r7g"}
    assert len(pricing.ec2.of_arch("x86_64")) > len(pricing.ec2.of_arch("arm64")) >= 25


def test_sizes_scale_and_go_from_cheap_to_dear_within_a_family(pricing: Pricing) -> None:
    families: dict[str, list[InstanceType]] = {}
    for itype in pricing.ec2.instance_types:
        families.setdefault(itype.family, []).append(itype)
    for family, types in families.items():
        prices = [t.usd_per_hour for t in types]
        assert prices == sorted(prices) and len(set(prices)) == len(prices), family
        if family in STEADY_FAMILIES:  # on-demand prices scale with the size: twice the vCPUs, twice the price
            for t in types:
                assert t.usd_per_hour == pytest.approx(types[0].usd_per_hour * t.vcpus / 2, rel=1e-9), t.id
                assert t.memory_gib == MEMORY_PER_VCPU[family[0]] * t.vcpus, t.id
                assert not t.burstable and t.gpus == 0


def test_every_burstable_type_has_its_baseline_and_surplus_credit_price(pricing: Pricing) -> None:
    for itype in pricing.ec2.instance_types:
        if itype.family in BURSTABLE:
            size = itype.id.split(".", 1)[1]
            assert itype.baseline_cpu == BASELINES[size], itype.id
            assert itype.surplus_credit_usd_per_vcpu_hour == (0.04 if itype.family == "t4g" else 0.05), itype.id
        else:
            assert not itype.burstable, itype.id


def test_every_gpu_family_has_its_gpus(pricing: Pricing) -> None:
    gpu_types = [t for t in pricing.ec2.instance_types if t.gpus]
    assert {t.family for t in gpu_types} == set(GPU_FAMILIES)
    for itype in gpu_types:
        model, per_gpu = GPU_FAMILIES[itype.family]
        assert itype.gpu_model == model and itype.gpu_memory_gib == per_gpu * itype.gpus, itype.id
        assert itype.arch == "x86_64"
        assert itype.gpus == (4 if itype.id.endswith(".12xlarge") else 1), itype.id
    assert all(not t.gpu_model and not t.gpu_memory_gib for t in pricing.ec2.instance_types if not t.gpus)


def test_tiered_cost_fills_each_tier_in_turn() -> None:
    tiers = (RequestTier(up_to_requests=10, usd_per_million=2_000_000),
             RequestTier(up_to_requests=30, usd_per_million=1_000_000),
             RequestTier(usd_per_million=500_000))
    assert tiered_cost(0, tiers) == 0
    assert tiered_cost(10, tiers) == 20
    assert tiered_cost(25, tiers) == 20 + 15
    assert tiered_cost(40, tiers) == 20 + 20 + 5
    assert tiered_cost(5, (DurationTier(usd_per_gb_second=3.0),)) == 15


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "usd_per_hour = 0.0104",
            "usd_per_hour = -0.0104",
            'ec2.instance_types[id="t3.micro"].usd_per_hour: must be greater than or equal to 0',
        ),
        (
            "up_to_gb_seconds = 15_000_000_000",
            "up_to_gb_seconds = 5_000_000_000",
            "lambda.duration.x86_64: tier bounds must ascend: tier 2 ends at 5e+09, not above 6e+09",
        ),
        (
            "usd_per_million = 1.51\n",
            "usd_per_million = 1.51\nup_to_requests = 30_000_000_000\n",
            "api_gateway.rest_api: the last tier must have no upper bound",
        ),
        ('id = "t3.small"', 'id = "t3.micro"', 'ec2: instance type "t3.micro" appears twice'),
        ('id = "spot"', 'id = "on-demand"', 'ec2: purchase option "on-demand" must appear exactly once'),
        (
            "discount = 0.60",
            "discount = 1.5",
            'ec2.purchase_options[id="spot"].discount: must be less than or equal to 1',
        ),
        ('arch = "arm64"', 'arch = "sparc"', "arch: expected 'x86_64' or 'arm64'"),
        ("hours_per_month = 730", "hours_per_month = 730\nmonths = 12", "months: unknown key"),
        (
            "usd_per_million_requests = 0.20",
            'usd_per_million_requests = "cheap"',
            "lambda.usd_per_million_requests: expected a number",
        ),
        ("as_of = 2026-12-05", 'as_of = "soon"', "as_of: expected a date such as 2026-11-27"),
        ('region = "us-east-1"\n', "", "region: required key is missing"),
    ],
)
def test_wrong_shapes_name_the_file_and_key(tmp_path: Path, old: str, new: str, expected: str) -> None:
    path = edited(tmp_path, old, new)
    with pytest.raises(SchemaError) as caught:
        load_pricing(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_malformed_toml_names_the_file_and_line(tmp_path: Path) -> None:
    path = edited(tmp_path, "hours_per_month = 730", "hours_per_month = ")
    with pytest.raises(TomlSyntaxError) as caught:
        load_pricing(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: invalid TOML") and "line" in message


def test_a_user_pricing_file_changes_the_bill(tmp_path: Path) -> None:
    cheaper = edited(tmp_path, "usd_per_million_requests = 0.20", "usd_per_million_requests = 0.10")
    args = [
        "cost",
        "--requests-per-month",
        "3000000",
        "--duration-ms",
        "1000",
        "--memory-mb",
        "512",
        "--format",
        "json",
    ]
    bundled = json.loads(wizard(*args).stdout)
    proc = wizard(*args, "--pricing", cheaper)
    assert proc.returncode == 0, proc.stderr
    mine = json.loads(proc.stdout)
    assert bundled["lambda"]["requests_usd"] == 0.40
    assert mine["lambda"]["requests_usd"] == 0.20  # 2M billable × $0.10 per 1M
    assert mine["lambda"]["total_usd"] == 18.53
    assert mine["pricing"]["file"] == "prices.toml"


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("usd_per_hour = 0.0104", "usd_per_hour = -1", 'ec2.instance_types[id="t3.micro"].usd_per_hour'),
        ("hours_per_month = 730", "hours_per_month = [", "invalid TOML"),
    ],
)
def test_a_broken_pricing_file_is_one_line_and_exit_2(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    path = edited(tmp_path, old, new)
    proc = wizard(
        "cost", "--requests-per-month", "1000", "--duration-ms", "100", "--memory-mb", "128", "--pricing", path
    )
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"wizard: {path}: ") and fragment in lines[0]


def test_a_missing_pricing_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = wizard(
        "cost",
        "--requests-per-month",
        "1000",
        "--duration-ms",
        "100",
        "--memory-mb",
        "128",
        "--pricing",
        tmp_path / "nope.toml",
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"wizard: {tmp_path / 'nope.toml'}: no such file"


def test_prices_written_as_text_are_refused(tmp_path: Path) -> None:
    source = default_pricing_path().read_text()
    bad = tmp_path / "p.toml"
    bad.write_text(source.replace("usd_per_hour = 0.0104", 'usd_per_hour = "0.0104"', 1))
    with pytest.raises(SchemaError, match="usd_per_hour: expected a number"):
        load_pricing(bad)
