"""`wizard pricing import`: a pricing file built from AWS's public Price List offers.

The parser is built with every command's (so `wizard --help` lists it); the core is imported only
when the command runs. Errors are one line, `wizard pricing: FILE: key: message`, and exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_BAD_INPUT = 2
PROG = "wizard pricing"

_DESCRIPTION = (
    "Build a pricing file for one Region from AWS Price List offers: the bulk offer file of a service "
    "and Region (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/SERVICE/current/REGION/index.json) "
    "or the output of `aws pricing get-products --service-code SERVICE`. AmazonEC2 gives the instance "
    "catalogue (Linux, shared tenancy, on-demand), surplus CPU credits, and data transfer out, the NAT "
    "gateway, EBS gp3 and public IPv4 when the file holds them; AWSLambda requests, duration tiers and "
    "Provisioned Concurrency; AWSELB the ALB hour and LCU-hour. Everything else (Lambda's free tier, "
    "burstable baselines, what an LCU covers, API Gateway, logs, Savings Plan and Spot discounts) comes "
    "from --base, and the file's header says which section came from where. The result is checked as "
    "`wizard cost --pricing` reads it, then written atomically. Files are read whole, up to 512 MiB "
    "each: the all-Region AmazonEC2 offer is not supported; filter with get-products instead. "
    "Exit 0; 2 when an offer or the base cannot be read or the result is not a valid pricing file."
)


def add_pricing_arguments(parser: argparse.ArgumentParser, parser_class: type[argparse.ArgumentParser]) -> None:
    """`wizard pricing` and its one subcommand, `import`."""
    sub = parser.add_subparsers(dest="pricing_command", metavar="SUBCOMMAND", parser_class=parser_class)
    imp = sub.add_parser("import", help="build a pricing file from AWS Price List offer files",
                         description=_DESCRIPTION)
    add = imp.add_argument
    add("--region", required=True, metavar="REGION", help="the Region the offers are for, e.g. us-east-1")
    add("--ec2", action="append", type=Path, default=[], metavar="FILE",
        help="an AmazonEC2 offer or get-products output (repeat for several files)")
    add("--lambda", dest="lambda_", action="append", type=Path, default=[], metavar="FILE",
        help="an AWSLambda offer or get-products output (repeatable)")
    add("--elb", action="append", type=Path, default=[], metavar="FILE",
        help="an AWSELB offer or get-products output (repeatable)")
    add("--base", type=Path, metavar="FILE",
        help="pricing file for what the offers do not hold (default: the bundled us-east-1 prices)")
    add("--families", metavar="LIST",
        help="instance families to keep, comma-separated, e.g. t4g,c7g,m7g (default: the base file's)")
    add("--sizes", metavar="LIST",
        help="instance sizes to keep, e.g. large,xlarge (default: the sizes the base file lists per family; "
             "for other families every size but bare metal)")
    add("-o", "--output", type=Path, required=True, metavar="OUT", help="the pricing file to write")
    add("--force", action="store_true", help="replace OUT if it exists")
    imp.set_defaults(command_parser=imp)


def _names(text: str | None, option: str) -> list[str] | None:
    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise ValueError(f"{option}: expected a comma-separated list, got {text!r}")
    return names


def run_pricing(args: argparse.Namespace) -> int:
    from wizard.core.errors import WizardError, one_line

    if args.pricing_command != "import":
        print(f"{PROG}: give a subcommand: import (see {PROG} --help)", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return _run_import(args)
    except ValueError as exc:
        print(f"{PROG} import: {one_line(str(exc))} (see {PROG} import --help)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except WizardError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code


def _run_import(args: argparse.Namespace) -> int:
    from wizard.core.errors import RecordExistsError, WriteError, escape_controls
    from wizard.core.pricing.model import default_pricing_path, load_pricing
    from wizard.core.pricing.importer import BASE_ONLY, import_pricing
    from wizard.core.pricing.offers import read_offer
    from wizard.core.files.atomic_write import atomic_write_text

    families = _names(args.families, "--families")
    sizes = _names(args.sizes, "--sizes")
    if not (args.ec2 or args.lambda_ or args.elb):
        raise ValueError("give at least one offer file: --ec2, --lambda or --elb")
    base_path = args.base or default_pricing_path()
    base = load_pricing(base_path)
    offers = {kind: [read_offer(p) for p in getattr(args, kind)] for kind in ("ec2", "lambda_", "elb")}
    result = import_pricing(
        args.region, base=base, base_name=Path(base_path).name, out=args.output,
        ec2=offers["ec2"], lambda_=offers["lambda_"], elb=offers["elb"], families=families, sizes=sizes,
    )
    try:
        atomic_write_text(args.output, result.text, overwrite=args.force)
    except RecordExistsError:
        raise WriteError(f"{args.output}: already exists (give --force to replace it)") from None

    def say(line: str) -> None:  # file names from the command line, shown but never interpreted
        print(escape_controls(line))

    pricing = result.pricing
    say(f"wrote {args.output}: pricing for {pricing.region} as of {pricing.as_of.isoformat()}")
    counts = ", ".join(f"{family} {n}" for family, n in result.families().items())
    say(f"  instance types: {len(pricing.ec2.instance_types)} ({counts})")
    for section, names in result.from_offers.items():
        say(f"  from the offers: {section} ({', '.join(names)})")
    say(f"  from the base file {Path(base_path).name}: {', '.join([*result.from_base, *BASE_ONLY])}")
    for note in result.skipped:
        say(f"  skipped: {note}")
    return EXIT_OK
