"""The cost model: a month of AWS Lambda, of Lambda Managed Instances, of ECS on Fargate and of an EC2 fleet,
for one workload.

Pure, deterministic functions of a `Workload` and a `Pricing` file, one module per concern:

- `workload`: what is priced, its checks, and the hard limits that rule Lambda out;
- `answers`: the one place where a questionnaire's answers become a workload;
- `lambda_bill`: requests, duration, Provisioned Concurrency and the front door;
- `fleet`: the EC2 fleet sized from throughput, hour by hour, and its bill;
- `lambda_managed`: Lambda Managed Instances, sized by the same throughput model with the runtime's
  requests per vCPU, billed per instance-hour plus a management fee and requests;
- `fargate`: ECS tasks on Fargate, sized by the same throughput model, billed per vCPU- and GB-hour;
- `line_items`: data transfer, NAT gateways, logs, public IPv4 and EBS, on every side;
- `break_even`: where Lambda's and EC2's bills cross, and the curve of all four for the chart;
- `estimate` and `assumptions`: the rounded bills handed out, with every assumption in words;
- `facts`: the `cost.*` facts that rules compare.
"""

from wizard.core.cost.answers import (
    PRICED_OPTIONS,
    WORKLOAD_QUESTIONS,
    exclusions,
    lambda_exclusions,
    workload_from_answers,
)
from wizard.core.cost.break_even import (
    BREAK_EVEN_HIGH,
    BREAK_EVEN_LOW,
    SCAN_PER_DECADE,
    all_totals,
    break_even,
    curve,
    totals,
)
from wizard.core.cost.estimate import (
    CostEstimate,
    CurvePoint,
    Ec2Bill,
    FargateBill,
    LambdaBill,
    LambdaManagedBill,
    LambdaLimit,
    LineItem,
    PricingRef,
    cents,
    estimate,
    workload_inputs,
)
from wizard.core.cost.facts import COST_FACTS, CostFacts
from wizard.core.cost.fargate import FargateCost, fargate_cost
from wizard.core.cost.lambda_managed import LambdaManagedCost, lambda_managed_cost
from wizard.core.cost.fleet import Ec2Cost, ec2_cost, instance_capacity
from wizard.core.cost.lambda_bill import LambdaCost, alb_cost, lambda_cost
from wizard.core.pricing.model import Pricing
from wizard.core.cost.workload import (
    ARCHES,
    FRONT_DOORS,
    LAMBDA_MAX_MB,
    LAMBDA_MAX_TIMEOUT_MS,
    LAMBDA_MIN_MB,
    PURCHASES,
    CostInputError,
    FrontDoor,
    LimitExceeded,
    Purchase,
    Workload,
    fargate_limits_exceeded,
    lambda_limits_exceeded,
    lambda_managed_limits_exceeded,
    lambda_possible,
)


def lambda_bill(workload: Workload, pricing: Pricing) -> LambdaCost:
    """Lambda's own charges for the workload's volume (no line items), unrounded."""
    return lambda_cost(workload, pricing, float(workload.requests_per_month))


def ec2_bill(workload: Workload, pricing: Pricing) -> Ec2Cost:
    """The cheapest fleet for the workload's volume (no line items), unrounded."""
    return ec2_cost(workload, pricing, float(workload.requests_per_month))

__all__ = [
    "ARCHES", "BREAK_EVEN_HIGH", "BREAK_EVEN_LOW", "COST_FACTS", "FRONT_DOORS", "LAMBDA_MAX_MB",
    "LAMBDA_MAX_TIMEOUT_MS", "LAMBDA_MIN_MB", "PURCHASES", "SCAN_PER_DECADE", "WORKLOAD_QUESTIONS", "CostEstimate",
    "CostFacts", "CostInputError", "CurvePoint", "Ec2Bill", "Ec2Cost", "FrontDoor", "LambdaBill", "LambdaCost",
    "LambdaLimit", "LimitExceeded", "LineItem", "Pricing", "PricingRef", "Purchase", "Workload", "alb_cost",
    "break_even", "cents", "curve", "ec2_bill", "ec2_cost", "estimate", "instance_capacity", "lambda_bill",
    "lambda_cost", "lambda_exclusions", "lambda_limits_exceeded", "lambda_possible", "totals", "workload_from_answers",
    "workload_inputs", "PRICED_OPTIONS", "exclusions", "all_totals", "FargateBill", "LambdaManagedBill",
    "FargateCost", "fargate_cost", "LambdaManagedCost", "lambda_managed_cost", "fargate_limits_exceeded",
    "lambda_managed_limits_exceeded",
]
