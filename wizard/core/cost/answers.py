"""The one place where answers become a `Workload`: which question feeds which figure, and what is
assumed when a question that matters to the bill was not answered.

The app, the CLI, rescore and the `cost.*` facts all price a questionnaire's answers through
`workload_from_answers`, so a bill never depends on which of them made it.
"""

from __future__ import annotations

from collections.abc import Mapping

from wizard.core.questionnaire.conditions import Value
from wizard.core.cost.workload import LimitExceeded, Workload
from wizard.core.questionnaire.model import Questionnaire

#: The answers the workload is read from; the `cost.*` facts are computed again only when one changes.
WORKLOAD_QUESTIONS = frozenset({
    "requests_per_month", "avg_duration_ms", "memory_mb", "peak_to_average", "cpu_arch", "front_door",
    "purchase_option", "high_availability", "invocation", "cpu_share_pct", "server_memory_mb", "autoscaling",
    "peak_hours_per_day", "needs_gpu", "provisioned_concurrency", "egress_gb_month", "log_gb_month",
    "nat_gb_month", "network_policy", "batch_size", "inbound_connections", "websocket_connections",
    "websocket_messages_month", "orchestration", "steps_per_unit", "cold_start_pct", "init_ms",
    "handoff_kb", "language_runtime", "workload_type",
})
#: The kinds of work (`workload_type`) that come in scheduled runs when "scheduled" is among them.
RUN_KINDS = frozenset({"scheduled", "heavy-batch"})
#: The options whose bills a questionnaire's constraints can rule out, by option id.
PRICED_OPTIONS = ("lambda", "lambda-managed", "fargate")
#: Lambda's own log lines per invocation (START, END and REPORT, with CloudWatch's 26 bytes per event).
LAMBDA_PLATFORM_LOG_KB = 0.3
#: The front door assumed for requests over HTTP when it was not answered: an API Gateway HTTP API.
ASSUMED_FRONT_DOOR = "http-api"
#: Response size assumed for data transfer out when it was not answered, KB per request.
ASSUMED_RESPONSE_KB = 10.0
_NUMBER_TYPES = (int, float)


def _number(answers: Mapping[str, Value], key: str) -> float | None:
    value = answers.get(key)
    return float(value) if value.__class__ in _NUMBER_TYPES else None


def exclusions(questionnaire: Questionnaire, answers: Mapping[str, Value], option: str) -> tuple[LimitExceeded, ...]:
    """The questionnaire's constraints that rule `option` out for these answers (those on `cost.*` facts
    aside: they are computed from the bills, which these exclusions decide)."""
    out = []
    for constraint in questionnaire.constraints:
        if option in constraint.excludes and constraint.when.holds(answers):
            out.append(LimitExceeded(constraint.id, constraint.reason, constraint.source))
    return tuple(out)


def lambda_exclusions(questionnaire: Questionnaire, answers: Mapping[str, Value]) -> tuple[LimitExceeded, ...]:
    """The questionnaire's constraints that rule Lambda out for these answers."""
    return exclusions(questionnaire, answers, "lambda")


def workload_from_answers(answers: Mapping[str, Value], questionnaire: Questionnaire | None = None) -> Workload | None:
    """The workload the default questionnaire's answers describe, or None when a required one is missing.

    Reads requests_per_month, avg_duration_ms and memory_mb (required) and the other
    `WORKLOAD_QUESTIONS`; high_availability false means one instance, invocation "async" a fleet fed
    by a queue (no load balancer, no data sent back to callers) and, with workload_type "scheduled"
    (with "heavy-batch" at most), work in scheduled runs (no instances between runs);
    language_runtime sets Lambda Managed Instances' requests per vCPU. With the questionnaire, its
    constraints that rule Lambda, Lambda Managed Instances or Fargate out mark that option's bill
    impossible. Answers out of the cost model's
    range raise `CostInputError`.
    """
    events = _number(answers, "requests_per_month")
    duration = _number(answers, "avg_duration_ms")
    memory = _number(answers, "memory_mb")
    if events is None or duration is None or memory is None:
        return None
    assumed: set[str] = set()
    # The bill and the fleet count invocations: a queue or stream source delivers events in batches.
    batch = _number(answers, "batch_size") or 1.0
    requests = events / batch
    peak = _number(answers, "peak_to_average")
    share = _number(answers, "cpu_share_pct")
    if share is None:
        assumed.add("cpu_share")
    hours = _number(answers, "peak_hours_per_day")
    if hours is None:
        assumed.add("peak_hours_per_day")
    serves = answers.get("invocation") != "async"
    door = answers.get("front_door")
    if door is None:
        # Requests that reach Lambda over HTTP come through something: the usual front door of a Lambda
        # API, stated as assumed, rather than none (which would leave it out of Lambda's bill).
        over_http = (answers.get("invocation") in ("sync", "mixed")
                     and answers.get("inbound_connections", "invokes") == "invokes")
        door = ASSUMED_FRONT_DOOR if over_http else "none"
        if door != "none":
            assumed.add("front_door")
    # Scheduled jobs (and heavy batch work run by them), fed by a queue or the schedule, come in runs;
    # anything else among the kinds (events, an API) keeps workers busy all day.
    kinds = answers.get("workload_type")
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    scheduled_runs = (not serves and isinstance(kinds, tuple | list) and "scheduled" in kinds
                      and set(kinds) <= RUN_KINDS)
    egress = _number(answers, "egress_gb_month")
    per_request = 0.0
    if egress is None:
        egress, per_request = 0.0, ASSUMED_RESPONSE_KB if serves else 0.0
        if per_request:
            assumed.add("egress_gb")
    logs = _number(answers, "log_gb_month")
    private = answers.get("network_policy") == "private-vpc"
    websockets = answers.get("inbound_connections") == "managed-websocket"
    connections = (_number(answers, "websocket_connections") or 0.0) if websockets else 0.0
    messages = _number(answers, "websocket_messages_month") if websockets else None
    if websockets and messages is None:
        messages = events  # one message a request or event
        assumed.add("websocket_messages")
    runtime = answers.get("language_runtime")
    orchestration = answers.get("orchestration", "none")
    steps = _number(answers, "steps_per_unit") if orchestration in ("standard", "express") else None
    return Workload(
        requests_per_month=requests,
        avg_duration_ms=duration,
        memory_mb=memory,
        arch=answers.get("cpu_arch", "x86_64"),  # type: ignore[arg-type]
        front_door=door,  # type: ignore[arg-type]
        peak_to_average=3.0 if peak is None else peak,
        min_instances=1 if answers.get("high_availability") is False else 2,
        purchase=answers.get("purchase_option", "on-demand"),  # type: ignore[arg-type]
        serves_requests=serves,
        scheduled_runs=scheduled_runs,
        cpu_share=0.25 if share is None else share / 100,
        server_memory_mb=_number(answers, "server_memory_mb"),
        autoscaling=answers.get("autoscaling") is not False,
        peak_hours_per_day=2.0 if hours is None else hours,
        needs_gpu=answers.get("needs_gpu") is True,
        provisioned_concurrency=answers.get("provisioned_concurrency") is True,
        egress_gb=egress,
        egress_kb_per_request=per_request,
        app_log_gb=0.0 if logs is None else logs,
        lambda_platform_log_kb=LAMBDA_PLATFORM_LOG_KB,
        cold_start_share=(_number(answers, "cold_start_pct") or 0.0) / 100,
        init_ms=_number(answers, "init_ms") or 0.0,
        nat_gb=_number(answers, "nat_gb_month") if private else None,
        instance_public_ipv4=not private,
        events_per_invocation=batch,
        websocket_connections=connections,
        websocket_messages=messages or 0.0,
        orchestration=orchestration,  # type: ignore[arg-type]
        steps_per_unit=steps or 1.0,
        handoff_kb=(_number(answers, "handoff_kb") or 0.0) if steps else 0.0,
        runtime=runtime if isinstance(runtime, str) else "default",
        lambda_excluded=exclusions(questionnaire, answers, "lambda") if questionnaire is not None else (),
        lambda_managed_excluded=(exclusions(questionnaire, answers, "lambda-managed")
                                 if questionnaire is not None else ()),
        fargate_excluded=exclusions(questionnaire, answers, "fargate") if questionnaire is not None else (),
        assumed=frozenset(assumed),
    )
