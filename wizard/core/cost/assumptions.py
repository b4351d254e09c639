"""Every assumption behind the four bills, one sentence each, in words a reviewer can redo by hand."""

from __future__ import annotations

import math

from wizard.core.cost.fargate import FargateCost
from wizard.core.cost.fleet import FEWER_INSTANCES_MARGIN, OS_RESERVE_MB, Ec2Cost, in_flight_per_worker
from wizard.core.cost.lambda_bill import HTTP_API_METERING_KB, KB_PER_GB, LambdaCost
from wizard.core.cost.lambda_managed import LambdaManagedCost
from wizard.core.cost.line_items import ALB_NODES, nat_gateways
from wizard.core.cost.workload import (
    LAMBDA_MB_PER_VCPU,
    Workload,
    fargate_limits_exceeded,
    lambda_limits_exceeded,
    lambda_managed_limits_exceeded,
    seconds,
)
from wizard.core.pricing.model import InstanceType, Pricing


def _count(n: float) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n / 1_000_000:g}M"
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,}"


def _figure(value: float) -> str:
    """A measured figure to four significant digits, never in exponent form: 75,000, 1,234, 0.4525."""
    if not value:
        return "0"
    digits = max(0, 3 - math.floor(math.log10(abs(value))))
    text = f"{round(value, digits):,.{digits}f}"
    return text.rstrip("0").rstrip(".") if digits else text


def _percent(share: float) -> str:
    return f"{share * 100:.3g}%"


def _given(w: Workload, field: str) -> str:
    return " (assumed: not answered)" if field in w.assumed else ""


def assumptions(w: Workload, p: Pricing, ec2: Ec2Cost, itype: InstanceType, lam: LambdaCost,
                lmi: LambdaManagedCost | None = None, far: FargateCost | None = None) -> list[str]:
    """Every assumption behind the four bills, one human sentence each."""
    free = p.lambda_.free_tier
    purchase = p.ec2.discounts[w.purchase]
    out = [
        f"A month is {p.hours_per_month:g} hours, as in AWS's pricing calculator.",
        f"Prices for {p.region} in {p.currency} as of {p.as_of.isoformat()}; prices change, so check them.",
        (f"Free tier applied: {_count(free.requests)} requests and {_count(free.gb_seconds)} GB-s a month."
         if w.free_tier else "Free tier not applied."),
        (f"Lambda runs on {w.arch} at {w.memory_mb:g} MB ({_percent(w.lambda_vcpu_share)} of a vCPU), billed per "
         f"GB-second at the tiered price for the month's volume."),
        _front_door_sentence(w, p),
        _batch_sentence(w),
        _websocket_sentence(w, p),
        _orchestration_sentence(w),
        _init_sentence(w),
        _provisioned_sentence(w, lam),
        _traffic_sentence(w, ec2),
        (f"Each request keeps a CPU busy for {_figure(w.cpu_seconds_per_request * 1000)} ms: "
         f"{_figure(w.avg_duration_ms)} ms × "
         f"{_percent(w.cpu_share)} spent on the CPU{_given(w, 'cpu_share')} × the "
         f"{_percent(w.lambda_vcpu_share)} of a vCPU Lambda has at {w.memory_mb:g} MB (durations are taken as "
         f"measured on Lambda; work within a request as single-threaded, so memory past {LAMBDA_MB_PER_VCPU:,} MB "
         f"does not shorten it)."),
        (f"A server runs one worker per vCPU, each needing {w.worker_memory_mb:g} MB"
         f"{' (the Lambda memory setting)' if w.server_memory_mb is None else ''}, after {OS_RESERVE_MB} MB for "
         + ("the OS; each job of a run has a worker of its own." if w.scheduled_runs else
            f"the OS; a worker overlaps requests waiting on I/O, up to {in_flight_per_worker(w)} in flight "
            f"(a typical thread pool or event loop).")),
        f"Target utilisation {_percent(w.target_utilisation)}: workers run at most that busy, leaving headroom.",
        (f"At least {w.min_instances} instances, one per Availability Zone, for high availability."
         if w.min_instances > 1 else "At least 1 instance (no high availability)."),
        _instance_sentence(w, ec2, itype),
        _credits_sentence(ec2, itype, w),
        purchase.description,
        _balancer_sentence(w),
        *_line_item_sentences(w, p),
        *(f"Lambda cannot run this workload: {limit.reason.rstrip('.')} ({limit.source}); its figures are what it "
          f"would cost, not an option." for limit in lambda_limits_exceeded(w)),
        *_managed_sentences(w, p, lmi),
        *_fargate_sentences(w, p, far),
    ]
    return [s for s in out if s]


def _front_door_sentence(w: Workload, p: Pricing) -> str:
    door = w.front_door
    if door == "url":
        return "Lambda function URL: no charge of its own."
    if door == "http-api":
        assumed = ("; the usual front door of a Lambda API, assumed as none was answered (a function URL would cost "
                   "nothing, a REST API more)" if "front_door" in w.assumed else "")
        return (f"API Gateway HTTP API in front of Lambda{assumed}, each {HTTP_API_METERING_KB} KB of a request "
                f"metered as one; no API Gateway free tier (it lasts only the first 12 months).")
    if door == "rest-api":
        return "API Gateway REST API in front of Lambda; no API Gateway free tier (it lasts only the first 12 months)."
    if door == "alb":
        return (f"An ALB in front of Lambda: hourly charge plus LCU-hours, "
                f"{p.alb.lcu.gb_processed_per_hour_lambda:g} GB/hour per LCU for Lambda targets.")
    return "No HTTP front door: Lambda is invoked directly (SDK or event source)."


INIT_SOURCE = "https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/"


def _init_sentence(w: Workload) -> str:
    if w.provisioned_concurrency:
        return "INIT is not billed per request: Provisioned Concurrency initialises its environments ahead."
    if w.cold_start_share and w.init_ms:
        return (f"INIT is billed as duration since 1 August 2025 ({INIT_SOURCE}): {_percent(w.cold_start_share)} of "
                f"invocations start cold, each adding {w.init_ms:g} ms at the function's memory.")
    return (f"INIT is billed as duration on every cold start since 1 August 2025 ({INIT_SOURCE}); not counted "
            f"here (no cold-start share and INIT time given).")


def _batch_sentence(w: Workload) -> str:
    if w.events_per_invocation <= 1:
        return ""
    return (f"Events arrive in batches of {w.events_per_invocation:g}: every figure counts invocations "
            f"({w.requests_per_month:,.0f} a month), each running its whole batch for {w.avg_duration_ms:g} ms.")


def _websocket_sentence(w: Workload, p: Pricing) -> str:
    if not (w.websocket_connections or w.websocket_messages):
        return ""
    ws = p.api_gateway.websocket
    return (f"WebSockets: on Lambda an API Gateway WebSocket API holds {w.websocket_connections:,.0f} connections all "
            f"month (${ws.usd_per_million_connection_minutes:g} per million connection minutes) and carries "
            f"{w.websocket_messages:,.0f} messages{_given(w, 'websocket_messages')} (each {ws.message_metering_kb:g} "
            f"KB metered as one); on EC2 the instances hold them behind the ALB, which counts them as active "
            f"connections; idle connections are taken to cost the instances no CPU.")


def _orchestration_sentence(w: Workload) -> str:
    if w.orchestration == "none":
        return ""
    kind = ("Standard workflow: one state transition a step" if w.orchestration == "standard"
            else "Express workflow: one request a workflow plus its duration at 64 MB")
    return (f"Step Functions orchestrates {w.steps_per_unit:g} functions per unit of work on Lambda ({kind}); on "
            f"EC2 one process runs the steps in turn and passes data in memory, with no orchestration charge.")


def _provisioned_sentence(w: Workload, lam: LambdaCost) -> str:
    if not w.provisioned_concurrency:
        return ""
    return (f"Provisioned Concurrency: {lam.provisioned_environments} environment(s) kept warm all month, the "
            f"requests in flight at the average rate; every request's duration at the provisioned price, no free "
            f"tier (bursts above them start on demand and cost about the same).")


def _traffic_sentence(w: Workload, ec2: Ec2Cost) -> str:
    if not w.serves_requests:
        hours = min(w.peak_hours_per_day, 24 / w.peak_to_average)
        if w.scheduled_runs and w.autoscaling and w.instances is None and 0 < hours < 24:
            length = f"{hours * 60:.3g} minutes" if hours < 1 else f"{hours:.3g} hour(s)"
            between = ("none between runs" if ec2.instances == 0
                       else f"{ec2.instances} between runs for the work the runs leave")
            # The peak hours answer sets the length only when the runs take less than the average allows.
            given = _given(w, "peak_hours_per_day") if hours < 24 / w.peak_to_average else ""
            return (f"Scheduled runs: the day's jobs start within {length} ({w.peak_to_average:g}× the monthly "
                    f"average rate){given} and each runs {seconds(w.avg_duration_ms)} s "
                    f"on average; EC2 instances and Fargate tasks run only while they do ({ec2.instances_peak} "
                    f"instance(s)) and {between} (AWS Batch, ECS scheduled tasks or scheduled scaling), billed "
                    f"per second with a one-minute minimum. The start-up of each run (an instance's boot, a task's "
                    f"image pull) is billed too and not counted.")
        return (f"Queue-fed workers: the queue holds bursts (peak {w.peak_to_average:g}× the average), so the EC2 "
                "fleet is sized for the average rate and a burst waits in the queue.")
    hours = min(w.peak_hours_per_day, 24 / w.peak_to_average)
    if w.peak_to_average == 1 or hours == 0:
        shape = "Traffic is flat at the monthly average"
    else:
        shape = (f"Traffic peaks at {w.peak_to_average:g}× the monthly average for {hours:g} hour(s) a day"
                 f"{_given(w, 'peak_hours_per_day')} and runs below the average the rest of the day")
    if w.instances is not None:
        return f"{shape}; the instance count is fixed."
    if not w.autoscaling:
        return f"{shape}; the fleet does not autoscale, so it is sized for the peak all month."
    return (f"{shape}; the fleet autoscales: {ec2.instances} instance(s) off-peak, {ec2.instances_peak} at the peak "
            f"(scaling out ahead of a peak is left to the target-utilisation headroom).")


def _instance_sentence(w: Workload, ec2: Ec2Cost, itype: InstanceType) -> str:
    gpu = f", {itype.gpus} × {itype.gpu_model or 'GPU'}" if itype.gpus else ""
    spec = (f"{itype.id} ({itype.vcpus} vCPU, {itype.memory_gib:g} GiB, {itype.arch}{gpu}, "
            f"${itype.usd_per_hour:g}/hour on demand)")
    if w.instance_type is not None:
        sentence = f"Instance type fixed: {spec}."
    elif w.needs_gpu:
        sentence = (f"Instance type: the cheapest GPU type in the pricing file for this load, {spec}; one request "
                    f"per GPU at a time, for the busy share of its run.")
    else:
        arches = "x86_64 or arm64" if w.arch == "arm64" else "x86_64"
        sentence = (f"Instance type: the cheapest {arches} fleet in the pricing file for this load, or one at most "
                    f"{FEWER_INSTANCES_MARGIN:.0%} dearer with fewer instances at the peak: {spec}.")
    if w.instances is not None:
        sentence += f" Instance count fixed at {w.instances}"
        sentence += f" (the peak needs {ec2.instances_needed})." if ec2.instances_needed != w.instances else "."
    return sentence + f" The fleet's CPUs average {_percent(ec2.average_cpu)} busy over the month."


def _credits_sentence(ec2: Ec2Cost, itype: InstanceType, w: Workload) -> str:
    if w.needs_gpu:
        return ""
    rule = ("Burstable types (t3, t3a, t4g) are chosen only while the fleet's average CPU stays within their "
            "CPU-credit baseline, where credits pay for the bursts; a sustained load above it runs on "
            "fixed-performance types.")
    if itype.baseline_cpu is None or itype.surplus_credit_usd_per_vcpu_hour is None:
        return rule if w.instance_type is None else ""
    return (f"{itype.id} is burstable: it earns CPU credits for {_percent(itype.baseline_cpu)} of each vCPU, and "
            f"in unlimited mode (the default) CPU use above that is billed at "
            f"${itype.surplus_credit_usd_per_vcpu_hour:g} per vCPU-hour: ${ec2.cpu_credits_usd:,.2f} this month."
            + ("" if w.instance_type is not None else " " + rule))


def _balancer_sentence(w: Workload) -> str:
    if not w.serves_requests:
        return "No load balancer for EC2: the fleet takes its work from a queue or schedule."
    return (
        f"An ALB in front of the EC2 fleet: one new connection per request, {w.avg_payload_kb:g} KB "
        f"processed per request (1 GB = {KB_PER_GB:,} KB), rules within the 10 free evaluations, "
        f"LCU-hours at the average rate."
    )


def _line_item_sentences(w: Workload, p: Pricing) -> list[str]:
    out = []
    if w.egress_kb_per_request > 0:
        extra = f" plus {w.egress_gb:,.6g} GB" if w.egress_gb else ""
        out.append(f"Data transfer out: {w.egress_kb_per_request:g} KB per request{extra} to the internet on both "
                   f"sides{_given(w, 'egress_gb')}, the first {p.data_transfer.free_gb:g} GB a month free.")
    elif w.egress_gb > 0:
        out.append(f"Data transfer out: {w.egress_gb:,.6g} GB a month to the internet on both sides"
                   f"{_given(w, 'egress_gb')}, the first {p.data_transfer.free_gb:g} GB free.")
    else:
        out.append("Data transfer out to the internet not counted (none given); it costs the same on both sides.")
    if w.app_log_gb or w.lambda_platform_log_kb:
        out.append(f"CloudWatch Logs: {w.app_log_gb:,.6g} GB a month of the application's own logs on both sides"
                   f"{_given(w, 'app_log_gb')}, plus {w.lambda_platform_log_kb:g} KB of Lambda's START, END and "
                   f"REPORT lines per invocation; Lambda's logs at its tiered price, EC2's at "
                   f"${p.logs.standard_usd_per_gb:g}/GB.")
    else:
        out.append("CloudWatch Logs not counted (none given).")
    if w.nat_gb is not None:
        out.append(f"{nat_gateways(w)} NAT gateway(s) on both sides for code in private subnets that reaches the "
                   f"internet, {w.nat_gb:,.6g} GB a month through them{_given(w, 'nat_gb')}.")
    else:
        out.append("No NAT gateway counted (none given): code in private subnets that reaches the internet needs "
                   "one on either side.")
    if w.count_public_ipv4:
        where = "in private subnets, without public addresses" if not w.instance_public_ipv4 else \
            "with a public IPv4 address each"
        out.append(f"Public IPv4 at ${p.public_ipv4.usd_per_hour:g}/hour per address: {ALB_NODES} for an "
                   f"internet-facing ALB's nodes; instances {where}.")
    if w.ebs_gb_per_instance:
        out.append(f"EBS: a {w.ebs_gb_per_instance:g} GB gp3 root volume per instance{_given(w, 'ebs_gb_per_instance')}"
                   f" at ${p.ebs.gp3_usd_per_gb_month:g} per GB-month.")
    out.append("Neither bill counts people's time, monitoring beyond logs, or storage outside the instances.")
    return out


def _managed_sentences(w: Workload, p: Pricing, lmi: LambdaManagedCost | None) -> list[str]:
    lm = p.lambda_managed
    discount = p.ec2.discounts[w.purchase].managed_discount
    out = [
        (f"Lambda Managed Instances: instances of the C, M and R families Lambda manages, at least "
         f"{lm.min_instances} (one per Availability Zone), following the traffic (Lambda scales them); each "
         f"instance-hour costs the on-demand price{f' less {_percent(discount)}' if discount else ''} plus a "
         f"{_percent(lm.management_fee)} management fee on the on-demand price, and requests "
         f"${lm.usd_per_million_requests:g} per million with no duration charge and no free tier counted "
         "(https://aws.amazon.com/lambda/pricing/)."),
    ]
    if lmi is not None:
        out.append(
            f"Lambda Managed Instances run {lmi.concurrency_per_vcpu} requests at once per vCPU for the "
            f"{'runtime (none answered)' if w.runtime == 'default' else w.runtime + ' runtime'} (the figure of AWS's "
            f"sample calculator, https://github.com/aws-samples/sample-aws-lambda-managed-instances), with "
            f"{lmi.mb_per_vcpu:,g} MB per vCPU (at least {lm.min_mb_per_vcpu:,g}); the front door and line items "
            "are Lambda's.")
    out += [f"Lambda Managed Instances cannot run this workload: {x.reason.rstrip('.')} ({x.source})."
            for x in lambda_managed_limits_exceeded(w)]
    return out


def _fargate_sentences(w: Workload, p: Pricing, far: FargateCost | None) -> list[str]:
    prices = p.fargate.of(w.arch)
    discount = p.ec2.discounts[w.purchase].fargate_discount
    out = [
        (f"ECS on Fargate ({w.arch}): a task-hour costs ${prices.usd_per_vcpu_hour:g} per vCPU and "
         f"${prices.usd_per_gb_hour:g} per GB{f', less {_percent(discount)}' if discount else ''} "
         "(https://aws.amazon.com/fargate/pricing/); one worker per vCPU as on EC2 (one on a fraction of a vCPU), "
         f"the smallest memory the task size offers that holds them, at least {w.min_instances} "
         f"task{'s' if w.min_instances > 1 else ''}, an ALB when serving requests, and "
         f"{p.fargate.ephemeral_gb_included:g} GB of ephemeral storage included (no EBS)."),
    ]
    if far is not None:
        out.append(f"Fargate tasks of {far.vcpus:g} vCPU and {far.memory_gb:g} GB make the cheapest fleet.")
    out += [f"Fargate cannot run this workload: {x.reason.rstrip('.')} ({x.source})."
            for x in fargate_limits_exceeded(w)]
    return out
