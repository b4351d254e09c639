"""`wizard pricing import`: pricing files built from AWS Price List offers (tests/data/offers/)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from wizard.core.errors import InputFileError
from wizard.core.pricing.model import Pricing, default_pricing, load_pricing
from wizard.core.pricing.importer import BASE_ONLY, ImportResult, import_pricing
from wizard.core.pricing.offers import read_offer

from test_pricing import BUNDLED, wizard

OFFERS = Path(__file__).resolve().parent / "data" / "offers"
EC2 = OFFERS / "ec2-us-east-1.json"
EC2_GET_PRODUCTS = OFFERS / "ec2-us-east-1.get-products.json"
LAMBDA = OFFERS / "lambda-us-east-1.json"
ELB = OFFERS / "elb-us-east-1.get-products.json"
TODAY = dt.date(2026, 12, 5)
SEE = " (see wizard pricing import --help)"


def build(tmp_path: Path, *, ec2: tuple[Path, ...] = (EC2, EC2_GET_PRODUCTS), lambda_: tuple[Path, ...] = (LAMBDA,),
          elb: tuple[Path, ...] = (ELB,), **kw: object) -> ImportResult:
    return import_pricing(
        "us-east-1", base=default_pricing(), base_name=BUNDLED.name, out=tmp_path / "out.toml",
        ec2=[read_offer(p) for p in ec2], lambda_=[read_offer(p) for p in lambda_], elb=[read_offer(p) for p in elb],
        as_of=TODAY, **kw,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    return build(tmp_path_factory.mktemp("import"))


def test_both_offer_shapes_are_read() -> None:
    bulk = read_offer(EC2)
    listed = read_offer(EC2_GET_PRODUCTS)
    micro = [p for p in bulk if p.attr("instanceType") == "t3.micro"]
    assert len(micro) == 3  # Linux, Windows, unused reservation
    assert {p.prices[0].usd for p in micro} == {0.0104, 0.0196}
    assert [p.attr("instanceType") for p in listed] == ["c6g.large", "r7g.large"]
    dims = next(p for p in read_offer(LAMBDA) if p.attr("group") == "AWS-Lambda-Duration").prices
    assert [(d.begin, d.end, d.usd) for d in dims] == [
        (0, 6e9, 0.0000166667), (6e9, 15e9, 0.000015), (15e9, None, 0.0000133334)]


def test_instance_types_are_the_linux_on_demand_ones_of_the_base_families(imported: ImportResult) -> None:
    types = {t.id: t for t in imported.pricing.ec2.instance_types}
    # x2gd is no family of the base file; c7g.medium no size the base lists for c7g.
    assert set(types) == {"t4g.nano", "t4g.small", "t3.micro", "t3.small", "c6g.large", "c7g.large", "c7g.xlarge",
                          "m7i.large", "r7g.large", "g5.xlarge", "g5.12xlarge"}
    micro = types["t3.micro"]
    assert (micro.vcpus, micro.memory_gib, micro.arch, micro.usd_per_hour) == (2, 1, "x86_64", 0.0104)
    assert types["t4g.nano"].memory_gib == 0.5
    # Families keep the base file's order, and go from cheap to dear inside.
    assert [t.id for t in imported.pricing.ec2.instance_types][:4] == ["t4g.nano", "t4g.small", "t3.micro", "t3.small"]


def test_graviton_is_arm64(imported: ImportResult) -> None:
    arches = {t.id: t.arch for t in imported.pricing.ec2.instance_types}
    assert {i for i, a in arches.items() if a == "arm64"} == {"t4g.nano", "t4g.small", "c6g.large", "c7g.large",
                                                             "c7g.xlarge", "r7g.large"}
    assert arches["g5.xlarge"] == arches["m7i.large"] == "x86_64"


def test_burstable_types_get_the_base_baseline_and_the_offer_surplus_price(imported: ImportResult) -> None:
    types = imported.pricing.ec2.by_id
    assert (types["t3.micro"].baseline_cpu, types["t3.micro"].surplus_credit_usd_per_vcpu_hour) == (0.1, 0.05)
    assert (types["t4g.nano"].baseline_cpu, types["t4g.nano"].surplus_credit_usd_per_vcpu_hour) == (0.05, 0.04)
    assert not types["c7g.large"].burstable


def test_gpus_take_the_offer_count_and_the_base_model(imported: ImportResult) -> None:
    g5 = imported.pricing.ec2.by_id
    assert (g5["g5.xlarge"].gpus, g5["g5.xlarge"].gpu_model, g5["g5.xlarge"].gpu_memory_gib) == (1, "NVIDIA A10G", 24)
    assert (g5["g5.12xlarge"].gpus, g5["g5.12xlarge"].gpu_memory_gib, g5["g5.12xlarge"].vcpus) == (4, 96, 48)


def test_lambda_tiers_and_provisioned_concurrency_are_assembled(imported: ImportResult) -> None:
    lam = imported.pricing.lambda_
    bundled = default_pricing().lambda_
    assert lam.usd_per_million_requests == 0.2
    for arch in ("x86_64", "arm64"):
        assert [(t.up_to_gb_seconds, t.usd_per_gb_second) for t in lam.duration.tiers(arch)] == [
            (t.up_to_gb_seconds, t.usd_per_gb_second) for t in bundled.duration.tiers(arch)]
    assert lam.provisioned_concurrency == bundled.provisioned_concurrency
    assert lam.free_tier == bundled.free_tier  # not in the offer: kept from the base


def test_alb_and_ec2_line_items_come_from_the_offers(imported: ImportResult) -> None:
    p = imported.pricing
    assert (p.alb.usd_per_hour, p.alb.usd_per_lcu_hour) == (0.0225, 0.008)
    assert p.alb.lcu == default_pricing().alb.lcu
    assert [(t.up_to_gb, t.usd_per_gb) for t in p.data_transfer.tiers] == [
        (10240, 0.09), (51200, 0.085), (153600, 0.07), (None, 0.05)]
    assert (p.nat_gateway.usd_per_hour, p.nat_gateway.usd_per_gb) == (0.045, 0.045)
    assert (p.public_ipv4.usd_per_hour, p.ebs.gp3_usd_per_gb_month) == (0.005, 0.08)
    assert imported.from_offers["alb hour and LCU-hour"] == [ELB.name]
    assert imported.from_offers["nat_gateway"] == [EC2.name]
    assert imported.from_base == []


def test_the_header_says_where_every_section_came_from(imported: ImportResult) -> None:
    header = imported.text.split("\nregion = ", 1)[0]
    assert "built by `wizard pricing import`" in header
    assert f"#   lambda requests and duration: {LAMBDA.name}" in header
    assert f"# From the base file {BUNDLED.name}:" in header
    for section in BASE_ONLY:
        assert f"#   {section}\n" in header + "\n"
    assert imported.pricing.as_of == TODAY
    assert imported.pricing.sources[0].endswith("/AmazonEC2/current/us-east-1/index.json")


def test_a_missing_offer_leaves_its_sections_to_the_base(tmp_path: Path) -> None:
    result = build(tmp_path, lambda_=(), elb=())
    assert "lambda requests and duration" in result.from_base and "alb hour and LCU-hour" in result.from_base
    assert result.pricing.lambda_ == default_pricing().lambda_
    assert result.pricing.alb == default_pricing().alb
    only_lambda = build(tmp_path, ec2=(), elb=())
    assert only_lambda.pricing.ec2 == default_pricing().ec2
    assert "ec2.instance_types" in only_lambda.from_base and "ebs" in only_lambda.from_base


def test_families_and_sizes_filter_the_catalogue(tmp_path: Path) -> None:
    result = build(tmp_path, families=["c7g", "t3", "x2gd"])
    assert [t.id for t in result.pricing.ec2.instance_types] == ["c7g.large", "c7g.xlarge", "t3.micro", "t3.small",
                                                                "x2gd.large"]
    sized = build(tmp_path, families=["c7g"], sizes=["medium", "large"])
    assert [t.id for t in sized.pricing.ec2.instance_types] == ["c7g.medium", "c7g.large"]


def test_a_burstable_type_the_base_has_no_baseline_for_is_skipped(tmp_path: Path) -> None:
    base_text = BUNDLED.read_text().replace('id = "t3.small"', 'id = "t3.tiny"', 1)
    base_path = tmp_path / "base.toml"
    base_path.write_text(base_text)
    result = import_pricing("us-east-1", base=load_pricing(base_path), base_name="base.toml", out=tmp_path / "o.toml",
                            ec2=[read_offer(EC2)], families=["t3"], sizes=["micro", "small"], as_of=TODAY)
    assert [t.id for t in result.pricing.ec2.instance_types] == ["t3.micro"]
    assert result.skipped == ["t3.small: burstable, but the base file has no CPU-credit baseline for it"]


def _broken(tmp_path: Path, source: Path, edit: object) -> Path:
    data = json.loads(source.read_text())
    edit(data)  # type: ignore[operator]
    path = tmp_path / source.name
    path.write_text(json.dumps(data))
    return path


def _first_dimension(data: dict) -> dict:  # type: ignore[type-arg]
    term = next(iter(data["terms"]["OnDemand"].values()))
    return next(iter(next(iter(term.values()))["priceDimensions"].values()))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("source", "edit", "expected"),
    [
        (EC2, lambda d: _first_dimension(d)["pricePerUnit"].update(USD="cheap"),
         r"terms\.OnDemand\.\w+\.\w+\.JRTCKXETXF\.priceDimensions\.[\w.]+\.pricePerUnit\.USD: expected a number"),
        (EC2, lambda d: _first_dimension(d).pop("pricePerUnit"),
         r"priceDimensions\.[\w.]+\.pricePerUnit: expected an object"),
        (EC2, lambda d: d.update(products=[]), r": products: expected an object$"),
        (LAMBDA, lambda d: d.update(terms={"OnDemand": "none"}), r": terms\.OnDemand: expected an object$"),
        (ELB, lambda d: d["PriceList"].__setitem__(1, "{not json"), r": PriceList\[1\]: invalid JSON"),
        (ELB, lambda d: d.update(PriceList="x"), r": PriceList: expected a list of JSON texts$"),
        (EC2, lambda d: d.clear(), r": not an AWS Price List offer"),
    ],
)
def test_a_malformed_offer_is_one_line_naming_file_and_key(tmp_path: Path, source: Path, edit: object,
                                                           expected: str) -> None:
    path = _broken(tmp_path, source, edit)
    with pytest.raises(InputFileError, match=expected) as caught:
        read_offer(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message


def test_an_instance_with_a_malformed_spec_is_named(tmp_path: Path) -> None:
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        product = next(p for p in data["products"].values() if p["attributes"].get("instanceType") == "t3.small")
        product["attributes"]["memory"] = "lots"
    path = _broken(tmp_path, EC2, edit)
    with pytest.raises(InputFileError, match=r"products\.\w+\.attributes\.memory: expected a size such as 4 GiB"):
        build(tmp_path, ec2=(path,))


def test_bad_json_and_huge_files_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"products": {')
    with pytest.raises(InputFileError, match=r"bad\.json: invalid JSON: .*line 1, column 15"):
        read_offer(bad)
    with pytest.raises(InputFileError, match=r"file is too large \(more than 100 bytes; the limit is 100\)"):
        read_offer(EC2, limit=100)


def test_a_region_must_be_a_region_code(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="^Virginia: not an AWS Region code such as us-east-1$"):
        import_pricing("Virginia", base=default_pricing(), base_name="b", out=tmp_path / "o.toml")


# ---------------------------------------------------------------------------------------------
# Through the real entry point


def test_import_then_cost_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "eu.toml"
    proc = wizard("pricing", "import", "--region", "us-east-1", "--ec2", EC2, "--ec2", EC2_GET_PRODUCTS,
                  "--lambda", LAMBDA, "--elb", ELB, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"wrote {out}: pricing for us-east-1 as of ")
    assert "instance types: 11 (t4g 2, t3 2, c6g 1, c7g 2, m7i 1, r7g 1, g5 2)" in proc.stdout
    assert f"from the offers: lambda requests and duration ({LAMBDA.name})" in proc.stdout
    assert f"from the base file {BUNDLED.name}: burstable baselines" in proc.stdout
    pricing: Pricing = load_pricing(out)
    assert len(pricing.ec2.instance_types) == 11
    cost = wizard("cost", "--pricing", out, "--requests-per-month", "3000000", "--duration-ms", "200",
                  "--memory-mb", "512", "--format", "json")
    assert cost.returncode == 0, cost.stderr
    data = json.loads(cost.stdout)
    assert data["pricing"]["file"] == "eu.toml"
    assert data["ec2"]["instance_type"] in {t.id for t in pricing.ec2.instance_types}
    assert data["lambda"]["total_usd"] > 0
    again = ("pricing", "import", "--region", "us-east-1", "--lambda", LAMBDA, "-o", out)
    refused = wizard(*again)
    assert refused.returncode == 2
    assert refused.stderr == f"wizard pricing: {out}: already exists (give --force to replace it)\n"
    assert wizard(*again, "--force").returncode == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "wizard pricing: give a subcommand: import (see wizard pricing --help)"),
        (("import", "--region", "us-east-1", "-o", "x.toml"),
         "wizard pricing import: give at least one offer file: --ec2, --lambda or --elb" + SEE),
        (("import", "--region", "us-east-1", "--elb", "nope.json", "-o", "x.toml"),
         "wizard pricing: nope.json: no such file"),
        (("import", "--region", "us-east-1", "--lambda", str(LAMBDA), "--families", ",", "-o", "x.toml"),
         "wizard pricing import: --families: expected a comma-separated list, got ','" + SEE),
        (("import", "--region", "us-east-1", "-o", "x.toml", "--bogus"),
         "wizard pricing import: unrecognized arguments: --bogus" + SEE),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    proc = wizard("pricing", *args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [expected]
    assert not (tmp_path / "x.toml").exists()


def test_a_malformed_offer_through_the_cli(tmp_path: Path) -> None:
    path = _broken(tmp_path, EC2, lambda d: _first_dimension(d)["pricePerUnit"].update(USD="-1"))
    proc = wizard("pricing", "import", "--region", "us-east-1", "--ec2", path, "-o", tmp_path / "o.toml")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    line, = proc.stderr.strip().splitlines()
    assert line.startswith(f"wizard pricing: {path}: terms.OnDemand.")
    assert "pricePerUnit.USD: expected a number of 0" in line
    assert not (tmp_path / "o.toml").exists()
