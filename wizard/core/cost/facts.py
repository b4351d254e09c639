"""The `cost` fact provider: the four monthly bills as facts that rules and constraints can compare."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.core.identity_cache import IdentityCache
from wizard.core.questionnaire.conditions import Value
from wizard.core.cost.answers import PRICED_OPTIONS, WORKLOAD_QUESTIONS, workload_from_answers
from wizard.core.cost.break_even import all_totals
from wizard.core.cost.estimate import cents, cheapest
from wizard.core.cost.workload import Workload, fargate_limits_exceeded, lambda_managed_limits_exceeded, lambda_possible
from wizard.core.errors import WizardError
from wizard.core.pricing.model import Pricing, default_pricing
from wizard.core.questionnaire.model import Questionnaire

#: The facts `CostFacts` may compute, with what each means (also what `wizard check` accepts).
COST_FACTS: dict[str, str] = {
    "cost.lambda_monthly_usd": "Monthly AWS Lambda bill in USD (requests, duration, front door and line items); "
    "not given when a hard limit rules Lambda out",
    "cost.ec2_monthly_usd": "Monthly EC2 bill in USD (the fleet, a load balancer and line items)",
    "cost.ratio": "Lambda bill ÷ EC2 bill (not given when a hard limit rules Lambda out)",
    "cost.cheaper": "lambda or ec2 (not given when a hard limit rules Lambda out)",
    "cost.lambda_gb_seconds": "GB-seconds of Lambda duration in the month (not given when a hard limit rules "
    "Lambda out); the free tier covers 400,000",
    "cost.lambda_over_budget": "true when the Lambda bill exceeds monthly_budget_usd (when answered and Lambda "
    "can run the workload)",
    "cost.ec2_over_budget": "true when the EC2 bill exceeds monthly_budget_usd (when answered)",
    "cost.lambda_managed_monthly_usd": "Monthly Lambda Managed Instances bill in USD (instances, management fee, "
    "requests, front door and line items); not given when a hard limit rules it out",
    "cost.fargate_monthly_usd": "Monthly ECS on Fargate bill in USD (tasks, a load balancer and line items); not "
    "given when a hard limit rules it out",
    "cost.cheapest": "lambda, lambda-managed, fargate or ec2: the lowest bill among the options that can run the "
    "workload",
    "cost.lambda_managed_over_budget": "true when the Lambda Managed Instances bill exceeds monthly_budget_usd "
    "(when answered and it can run the workload)",
    "cost.fargate_over_budget": "true when the Fargate bill exceeds monthly_budget_usd (when answered and it can "
    "run the workload)",
    "cost.lambda_managed_ratio": "Lambda bill ÷ Lambda Managed Instances bill (given when both can run the workload)",
    "cost.fargate_ratio": "Lambda bill ÷ ECS on Fargate bill (given when both can run the workload)",
    "cost.lambda_managed_ec2_ratio": "Lambda Managed Instances bill ÷ EC2 bill (given when it can run the workload)",
    "cost.fargate_ec2_ratio": "ECS on Fargate bill ÷ EC2 bill (given when it can run the workload)",
    "cost.lambda_vs_cheapest": "Lambda bill ÷ the lowest bill of the options that can run the workload (1 when it "
    "is the lowest; given when Lambda can run it)",
    "cost.ec2_vs_cheapest": "EC2 bill ÷ the lowest bill of the options that can run the workload (1 when it is "
    "the lowest)",
    "cost.lambda_managed_vs_cheapest": "Lambda Managed Instances bill ÷ the lowest bill of the options that can "
    "run the workload (given when it can run it)",
    "cost.fargate_vs_cheapest": "ECS on Fargate bill ÷ the lowest bill of the options that can run the workload "
    "(given when it can run it)",
}


class CostFacts:
    """Fact provider "cost": the four monthly bills for the answers, Lambda's and EC2's ratio and the cheaper
    of the two, each middle road's ratio to Lambda and to EC2, every bill against the lowest of the
    four, the cheapest, Lambda's GB-seconds, and whether each bill fits the answered budget.

    When a hard limit rules Lambda out (the cost model's own, or a questionnaire constraint), only
    the EC2 facts are given: a Lambda bill, a ratio or a cheaper option would compare with something
    that cannot run.

    The same holds for Lambda Managed Instances and Fargate: a bill ruled out is not given.

    Only the bills are computed (no break-even, no curve), so it is cheap enough to run on
    every evaluation.
    """

    name = "cost"
    inputs: frozenset[str] | None = WORKLOAD_QUESTIONS | {"monthly_budget_usd"}

    def inputs_for(self, questionnaire: Questionnaire) -> frozenset[str]:
        """The workload's answers, the budget, and every question a constraint ruling out a priced option looks at."""
        return self._inputs.get(questionnaire, self._named_inputs)

    def _named_inputs(self, questionnaire: Questionnaire) -> frozenset[str]:
        named = {c.key for constraint in questionnaire.constraints
                 if any(option in constraint.excludes for option in PRICED_OPTIONS)
                 for c in constraint.when.comparisons()}
        return (self.inputs or frozenset()) | named

    def __init__(self, pricing: Pricing) -> None:
        self.pricing = pricing
        # The engine asks on every evaluation; a questionnaire's constraints never change.
        self._inputs: IdentityCache[Questionnaire, frozenset[str]] = IdentityCache()
        self._memo: dict[tuple[Workload, float | None], dict[str, Value]] = {}

    @classmethod
    def default(cls) -> CostFacts:
        return cls(default_pricing())

    def declared(self) -> Mapping[str, str]:
        return COST_FACTS

    def compute(self, questionnaire: Questionnaire, answers: Mapping[str, Value]) -> Mapping[str, Value]:
        try:
            workload = workload_from_answers(answers, questionnaire)
            if workload is None:
                return {}
        except WizardError:
            return {}
        budget = answers.get("monthly_budget_usd")
        budget = float(budget) if budget.__class__ in (int, float) else None
        # Sensitivity tries many answers that leave the workload as it was (the workload is every input
        # the bills have): the same workload and budget give the same facts.
        key = (workload, budget)
        known = self._memo.get(key)
        if known is not None:
            return dict(known)
        try:
            facts = self._facts(workload, budget)
        except WizardError:
            return {}
        if len(self._memo) >= 1024:
            self._memo.clear()
        self._memo[key] = facts
        return dict(facts)

    def _facts(self, workload: Workload, budget: float | None) -> dict[str, Value]:
        lam, ec2, managed, fargate = all_totals(workload, self.pricing, workload.requests_per_month)
        ec2_usd = cents(ec2)
        if lambda_managed_limits_exceeded(workload):
            managed = None
        if fargate_limits_exceeded(workload):
            fargate = None
        possible = lambda_possible(workload)
        bills = {"lambda": lam if possible else None, "lambda-managed": managed, "fargate": fargate, "ec2": ec2}
        middle: dict[str, Value] = {"cost.cheapest": cheapest(bills) or "ec2"}
        lowest = min(total for total in bills.values() if total is not None)
        if lowest > 0:
            for option, total in bills.items():
                if total is not None:
                    middle[f"cost.{option.replace('-', '_')}_vs_cheapest"] = round(total / lowest, 4)
        for name, total in (("lambda_managed", managed), ("fargate", fargate)):
            if total is not None:
                middle[f"cost.{name}_monthly_usd"] = cents(total)
                if budget is not None:
                    middle[f"cost.{name}_over_budget"] = cents(total) > budget
                if ec2 > 0:
                    middle[f"cost.{name}_ec2_ratio"] = round(total / ec2, 4)
                if possible and total > 0:
                    middle[f"cost.{name}_ratio"] = round(lam / total, 4)
        if not possible:
            only: dict[str, Value] = {"cost.ec2_monthly_usd": ec2_usd, **middle}
            if budget is not None:
                only["cost.ec2_over_budget"] = ec2_usd > budget
            return only
        lam_usd = cents(lam)
        facts: dict[str, Value] = {
            "cost.lambda_monthly_usd": lam_usd,
            "cost.ec2_monthly_usd": ec2_usd,
            "cost.cheaper": "lambda" if lam <= ec2 else "ec2",
            **middle,
            "cost.lambda_gb_seconds": round(workload.requests_per_month * workload.avg_duration_ms / 1000
                                            * workload.memory_mb / 1024, 3),
        }
        if ec2 > 0:
            facts["cost.ratio"] = round(lam / ec2, 4)
        if budget is not None:
            facts["cost.lambda_over_budget"] = lam_usd > budget
            facts["cost.ec2_over_budget"] = ec2_usd > budget
        return facts
