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
from wizard.core.pricing import (
    DurationTier,
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
    assert pricing.as_of == dt.date(2026, 11, 1)
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
    catalog = {t.id: (t.vcpus, t.memory_gib, t.arch, t.usd_per_hour) for t in pricing.ec2.instance_types}
    assert catalog["t3.micro"] == (2, 1, "x86_64", 0.0104)
    assert catalog["t4g.small"] == (2, 2, "arm64", 0.0168)
    assert catalog["m7g.large"] == (2, 8, "arm64", 0.0816)
    assert catalog["c6i.large"] == (2, 4, "x86_64", 0.085)
    assert {"t3.small", "t3.medium", "m5.large", "c7g.large"} <= set(catalog)
    assert {p.id: p.discount for p in pricing.ec2.purchase_options} == {
        "on-demand": 0.0, "savings-plan": 0.30, "savings-plan-3yr": 0.50, "spot": 0.60}
    assert "up to 66%" in pricing.ec2.discounts["savings-plan"].description


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
        ("as_of = 2026-11-01", 'as_of = "soon"', "as_of: expected a date such as 2026-11-27"),
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
