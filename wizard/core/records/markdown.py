"""A decision record as a Markdown Architectural Decision Record (MADR 4.0).

The layout follows MADR 4.0: YAML front matter (status, date, decision-makers), the title, then
"Context and Problem Statement", "Decision Drivers", "Considered Options", "Decision Outcome" with
"Consequences" and "Confirmation", "Pros and Cons of the Options" and "More Information" (the
monthly cost table and the link back to the TOML record). Under the title, a short
`- Status: / - Date: / - Deciders:` list repeats the metadata for log4brains, which reads it from
there rather than from front matter; the front matter's closing `---` follows a blank line so
that Markdown renderers without front matter support (log4brains among them) show it as a plain
paragraph between two rules instead of turning it into a heading.

Every piece of text that comes from a record or a questionnaire is escaped so that it renders
literally: no HTML, no links, no emphasis, no table cells broken by `|`. Pure: no files.

Its size: one document, section by section in MADR's order, each section a short function.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterable

from wizard.core.cost import CostEstimate
from wizard.core.cost.bill_rows import (
    bill_rows,
    cheapest_sentence,
    cheapest_total,
    ec2_only_sentence,
    fleet_size,
    middle_headers,
    middle_rows,
)
from wizard.core.questionnaire.display import money, printable, show_value
from wizard.core.questionnaire.model import Questionnaire
from wizard.core.records.model import DecisionRecord, Status
from wizard.core.scoring.result import Contribution, Exclusion
from wizard.core.scoring.result_words import (
    break_even_line,
    contribution_origin,
    option_label,
    ruled_out,
    written_answers,
)

#: How many contributions the drivers and the consequences list.
TOP_DRIVERS = 6
TOP_CONSEQUENCES = 5

# Characters with a meaning somewhere inline in CommonMark, GitHub Flavored Markdown (tables,
# strikethrough, math) or HTML. Escaped with a backslash, each renders as itself. Parentheses,
# braces and "!" need no escape once brackets are escaped.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")
# At the start of a block: bullet and ordered list markers, setext underlines.
_START_MARKER = re.compile(r"^[-+=]")
_START_NUMBER = re.compile(r"^(\d+)([.)])")
_YAML_UNSAFE = str.maketrans({c: f"\\u{ord(c):04x}"
                               for c in "`*_[]<>#|~&$\u2028\u2029\x7f" + "".join(map(chr, range(0x80, 0xa0)))})


def escape(text: str, *, start: bool = False) -> str:
    """Inline text that renders exactly as written (whitespace runs and newlines become one space).

    With `start`, the text may open a block (a line, a list item): a leading list marker,
    ordered-list number or setext underline is escaped too."""
    text = _SPECIAL.sub(r"\\\1", " ".join(printable(text).split()))
    if not start:
        return text
    if _START_MARKER.match(text):
        return "\\" + text
    return _START_NUMBER.sub(r"\1\\\2", text)


def escape_block(text: str) -> str:
    """Paragraphs (separated by blank lines) that render as written, each line kept as a line."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    # A backslash at the end of a line is a hard line break: the lines stay as the author wrote
    # them (trailing spaces would do the same, but editors strip them).
    return "\n\n".join(
        "\\\n".join(escape(line, start=True) for line in p.splitlines() if line.strip()) for p in paragraphs
    )


def cell(text: str) -> str:
    """Text for a table cell (escape() already escapes `|`)."""
    return escape(text) or " "


def code(text: str) -> str:
    """A code span holding the text literally, whatever backticks it contains."""
    text = " ".join(printable(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that is also inert when a renderer shows it as Markdown text."""
    return json.dumps(str(text), ensure_ascii=False).translate(_YAML_UNSAFE)


def link(text: str, target: str) -> str:
    """A Markdown link to a relative path or an http(s) URL; anything else stays plain text."""
    if re.match(r"^https?://", target, re.IGNORECASE) or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        href = urllib.parse.quote(target, safe="/:._-~%#?=&+,;@!$*'")
        href = href.replace("(", "%28").replace(")", "%29").replace("'", "%27")
        return f"[{escape(text)}]({href})"
    return escape(text)


# ---------------------------------------------------------------------------------------------


def record_to_markdown(
    record: DecisionRecord, questionnaire: Questionnaire | None = None, *, record_link: str | None = None
) -> str:
    """The record as a MADR 4.0 Markdown document.

    `questionnaire` gives option labels and units (without it, option ids are shown);
    `record_link` is the record's path relative to where the Markdown will live.
    """
    writer = _Writer(record, questionnaire)
    parts = [
        writer.front_matter(),
        writer.title(),
        writer.context(),
        writer.drivers(),
        writer.options(),
        writer.outcome(),
        writer.pros_and_cons(),
        writer.more_information(record_link),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


class _Writer:
    def __init__(self, record: DecisionRecord, questionnaire: Questionnaire | None) -> None:
        self.record = record
        self.result = record.result
        self.q = questionnaire
        self.option_ids = list(self.result.scores) or (list(questionnaire.option_ids) if questionnaire else [])

    # -- helpers

    def label(self, option: str | None) -> str:
        return option_label(self.q, option)

    def origin(self, c: Contribution) -> str:
        return contribution_origin(c, self.q)

    def why(self, c: Contribution, *, start: bool = False) -> str:
        if not c.why.strip():
            return escape(self.origin(c), start=start)
        return escape(c.why if start else self._lower_first(c.why), start=start)

    def _lower_first(self, text: str) -> str:
        """ "Good, because steady volume…": the first word lowercased when it is an ordinary
        capitalised word (not an acronym, not a word of an option's name such as "Lambda")."""
        text = text.strip()
        word = text.split(" ", 1)[0].rstrip(",.;:")
        head = word.split("-", 1)[0]  # "Part-time" and "Multi-AZ" are judged by "Part" and "Multi"
        names = {w for o in self.option_ids for w in self.label(o).split()}
        ordinary = head == "A" or (len(head) > 1 and head[0].isupper() and head[1:].islower() and head.isalpha())
        if ordinary and word not in names and head not in names:
            return word[0].lower() + text[1:]
        return text

    def reason(self, c: Contribution, *, start: bool = False) -> str:
        """The contribution's why, where it came from and its points; `start`: as a sentence of its own."""
        return f"{self.why(c, start=start)} ({code(self.origin(c))}, {c.points:+g})"

    def status_text(self) -> str:
        status = self.record.status.value
        if self.record.status == Status.SUPERSEDED and self.record.superseded_by:
            return f"{status} by {_stem(self.record.superseded_by)}"
        return status

    # -- sections

    def front_matter(self) -> str:
        """MADR 4's front matter (status, date, decision-makers, consulted, informed).

        Checked against the readers that parse it: the Backstage ADR plugin
        (backstage/community-plugins, workspaces/adr/plugins/adr-common/src/search.ts,
        `parseMadrWithFrontmatter`) takes the block between a first line `---` and the next `---`
        line, loads it with js-yaml's core schema plus timestamps, and reads `status` and `date`
        (an unquoted YYYY-MM-DD); its title is the first `#` heading, and `madrFilePathFilter`
        wants file names like `2026-01-31-slug.md`. log4brains reads no front matter (see
        `title`). tests/test_export_readers.py parses an export the way both do."""
        r = self.record
        lines = ["---", f"status: {yaml_string(self.status_text())}", f"date: {r.date.isoformat()}"]
        if r.deciders:
            lines.append(f"decision-makers: {yaml_string(', '.join(r.deciders))}")
        if r.consulted:
            lines.append(f"consulted: {yaml_string(', '.join(r.consulted))}")
        if r.informed:
            lines.append(f"informed: {yaml_string(', '.join(r.informed))}")
        if r.review_by:
            lines.append(f"review-by: {r.review_by.isoformat()}")
        lines += ["", "---"]
        return "\n".join(lines)

    def title(self) -> str:
        """The title, then the metadata list log4brains reads (thomvaill/log4brains,
        packages/core/src/adr/domain/MarkdownBody.ts, `getHeaderMetadata`: the first list before
        the first `##`, one `Key: value` item each, keys case-insensitive; `Adr.ts` reads `Status`,
        `Date`, `Deciders` split on commas and `Tags` split on commas and spaces)."""
        r = self.record
        meta = [f"- Status: {escape(self.status_text())}", f"- Date: {r.date.isoformat()}"]
        if r.deciders:
            meta.append(f"- Deciders: {escape(', '.join(r.deciders))}")
        if r.consulted:
            meta.append(f"- Consulted: {escape(', '.join(r.consulted))}")
        if r.informed:
            meta.append(f"- Informed: {escape(', '.join(r.informed))}")
        if r.review_by:
            meta.append(f"- Review by: {r.review_by.isoformat()}")
        if r.tags:
            meta.append(f"- Tags: {escape(', '.join(r.tags))}")
        if r.supersedes:
            meta.append(f"- Supersedes: {escape(', '.join(_stem(s) for s in r.supersedes))}")
        return f"# {escape(r.title)}\n\n" + "\n".join(meta)

    def context(self) -> str:
        r, res = self.record, self.result
        out = ["## Context and Problem Statement", ""]
        if r.context.strip():
            out.append(escape_block(r.context))
        else:
            question = (
                self.q.title if self.q is not None else f"Which of {', '.join(self.label(o) for o in self.option_ids)}?"
            )
            out.append(escape(question, start=True))
        if self.q is not None:
            # Answers to text questions are never scored, so no driver or reason quotes them.
            for written in written_answers(self.q, r.answers):
                quoted = "\n".join(f"> {line}".rstrip() for line in escape_block(written.text).splitlines())
                out += ["", f"{escape(written.prompt, start=True)} ({code(written.question)})", "", quoted]
        ref = r.questionnaire
        name = f"“{escape(self.q.title)}” " if self.q is not None else ""
        out += [
            "",
            (
                f"Answered with the questionnaire {name}({code(ref.id)} {escape(ref.version)}): "
                f"{res.answered} of {res.shown} shown questions answered."
            ),
        ]
        if r.suggested:
            out += ["", "Suggested answers accepted unchanged: " + ", ".join(code(q) for q in r.suggested) + "."]
        return "\n".join(out)

    def drivers(self) -> str:
        items = [
            f"* Hard limit for {escape(self.label(e.option))}: {escape(e.reason)}."
            for e in ruled_out(self.result)
        ]
        ranked = sorted(self.result.argued(), key=lambda c: -abs(c.points))[:TOP_DRIVERS]
        items += [
            f"* {self.why(c, start=True)} ({code(self.origin(c))}: {c.points:+g} for {escape(self.label(c.option))})"
            for c in ranked
        ]
        if not items:
            items = ["* No answer or rule moved any option."]
        return "## Decision Drivers\n\n" + "\n".join(items)

    def options(self) -> str:
        items = []
        for option in self.option_ids:
            summary = ""
            if self.q is not None:
                try:
                    summary = self.q.option(option).summary
                except KeyError:
                    summary = ""
            items.append(f"* {escape(self.label(option), start=True)}" + (f": {escape(summary)}" if summary else ""))
        return "## Considered Options\n\n" + "\n".join(items)

    def outcome(self) -> str:
        res = self.result
        chosen = res.recommended
        out = ["## Decision Outcome", ""]
        if chosen is None:
            out.append("No option chosen: every option is excluded by a hard limit (see below).")
            return "\n".join(out)
        score = res.scores.get(chosen)
        others = [s for s in res.ranking() if s.option != chosen]
        open_others = [s for s in others if not s.excluded]
        label = escape(self.label(chosen))
        if not open_others and others:
            because = "it is the only option that no hard limit rules out"
        else:
            against = ", ".join(f"{s.score:g} for {escape(self.label(s.option))}" for s in open_others)
            because = f"it comes out best: {score.score:g} of 100 against {against}" if score else "it comes out best"
        out.append(
            f'Chosen option: "{label}", because {because} '
            f"(confidence {escape(res.confidence)}: {escape(res.confidence_reason)})."
        )
        reasons = [c for c in sorted(res.contributions, key=lambda c: -c.points) if c.option == chosen and c.points > 0]
        if reasons:
            out += ["", "Main reasons:", ""]
            out += [f"* {self.reason(c, start=True)}" for c in reasons[:3]]

        excluded = {e.option for e in res.excluded}
        bad = [c for c in sorted(res.contributions, key=lambda c: c.points) if c.option == chosen and c.points < 0]
        given_up = [
            c
            for c in sorted(res.contributions, key=lambda c: -c.points)
            if c.option != chosen and c.points > 0 and c.option not in excluded
        ]
        lines = [f"* Good, because {self.reason(c)}" for c in reasons[:TOP_CONSEQUENCES]]
        lines += [f"* Bad, because {self.reason(c)}" for c in bad[:TOP_CONSEQUENCES]]
        lines += [
            f"* Bad, because it gives up what favours {escape(self.label(c.option))}: {self.reason(c)}"
            for c in given_up[: max(0, TOP_CONSEQUENCES - len(bad))]
        ]
        out += ["", "### Consequences", ""]
        out += lines or ["* Neutral, because no answer or rule moved the chosen option."]
        out += [
            "",
            "### Confirmation",
            "",
            (
                "The TOML record keeps every answer. `wizard rescore` evaluates them again against the current "
                "questionnaire and prices and exits with 1 when the recommendation would change, so CI can "
                "say when this decision needs another look."
            ),
        ]
        if res.sensitivity:
            out += ["", "What would change the answer:", ""]
            for s in res.sensitivity:
                unit = (
                    self.q.question_index[s.question].unit
                    if self.q is not None and s.question in self.q.question_index
                    else None
                )
                out.append(
                    f"* {code(s.question + ' = ' + show_value(s.alternative, unit))} "
                    f"(now {code(show_value(s.current, unit))}): {escape(self.label(s.recommended))}"
                )
        return "\n".join(out)

    def pros_and_cons(self) -> str:
        res = self.result
        out = ["## Pros and Cons of the Options"]
        for option in self.option_ids:
            score = res.scores.get(option)
            out += ["", f"### {escape(self.label(option))}", ""]
            if score is not None:
                state = (
                    "excluded by a hard limit"
                    if score.excluded
                    else ("chosen" if option == res.recommended else "not chosen")
                )
                out += [
                    (
                        f"Score {score.score:g} of 100 ({score.points:+g} points, "
                        f"possible {score.min_points:+g} to {score.max_points:+g}); {state}."
                    ),
                    "",
                ]
            mine = sorted((c for c in res.contributions if c.option == option), key=lambda c: -abs(c.points))
            if option in res.excluded_options:
                # Points to an option a hard limit rules out decide nothing: named as moot, not argued.
                lines = [f"* Moot (ruled out), because {self.reason(c)}" for c in mine]
            else:
                lines = [f"* Good, because {self.reason(c)}" for c in mine if c.points > 0]
                lines += [f"* Bad, because {self.reason(c)}" for c in mine if c.points < 0]
            lines += [
                f"* Bad, because it is excluded: {escape(e.reason)} ({self._source(e)})"
                for e in _unique(res.excluded)
                if e.option == option
            ]
            out += lines or ["* Neutral, because no answer or rule moved this option."]
        return "\n".join(out)

    @staticmethod
    def _source(e: Exclusion) -> str:
        return f"constraint {code(e.constraint)}, " + (link("source", e.source) if e.source else "no source")

    def more_information(self, record_link: str | None) -> str:
        out = ["## More Information"]
        if self.record.cost is not None:
            out += ["", "### Monthly cost", "", cost_table(self.record.cost)]
        out += ["", "### Decision record", ""]
        if record_link:
            name = record_link.rsplit("/", 1)[-1]
            out.append(
                f"Exported from the decision record {link(name, record_link)} with `wizard export`; "
                "every answer, score and contribution is there."
            )
        else:
            out.append("Exported from a TOML decision record with `wizard export`.")
        if self.record.supersedes:
            out.append("")
            out.append("Supersedes: " + ", ".join(escape(_stem(s)) for s in self.record.supersedes) + ".")
        if self.record.superseded_by:
            out.append("")
            out.append(f"Superseded by {escape(_stem(self.record.superseded_by))}.")
        if self.record.rescored:
            out.append("")
            out.append(f"Last rescored on {self.record.rescored.isoformat()}.")
        return "\n".join(out)


def cost_table(cost: CostEstimate) -> str:
    """Both monthly bills as a Markdown table of line items, with the cheaper option and break-even."""
    cur = cost.pricing.currency
    lam, ec2 = cost.lambda_, cost.ec2

    def m(amount: float) -> str:
        return cell(money(amount, cur))

    def lm(amount: float) -> str:  # what Lambda cannot run has no bill to show
        return m(amount) if lam.possible else "—"

    rows = [
        (
            f"| Line item | {cell(f'AWS Lambda ({lam.arch}, front door: {lam.front_door})')} "
            f"| {cell(f'Amazon EC2 ({fleet_size(cost)} × {ec2.instance_type}, {ec2.purchase})')} |"
        ),
        "| --- | ---: | ---: |",
        *(f"| {cell(label)} | {'—' if a is None else lm(a)} | {'—' if b is None else m(b)} |"
          for label, a, b in bill_rows(cost)),
        f"| **Total** | **{lm(lam.total_usd) if lam.possible else 'not possible'}** | **{m(ec2.total_usd)}** |",
    ]
    if not lam.possible:
        limits = "; ".join(f"{escape(x.reason)} ({link('AWS documentation', x.source)})" for x in lam.limits_exceeded)
        return "\n".join([
            f"For {cost.requests_per_month:,} requests a month; prices for {escape(cost.pricing.region)} "
            f"as of {cost.pricing.as_of.isoformat()}" + (f" ({escape(cost.pricing.file)})" if cost.pricing.file else "")
            + ".",
            "",
            *rows,
            "",
            f"AWS Lambda cannot run this workload: {limits}. "
            + escape(ec2_only_sentence(cost, money(ec2.total_usd, cur))),
            *_middle_table(cost),  # a middle option may run what Lambda cannot
        ])
    cheaper, dearer = (lam, ec2) if cost.cheaper == "lambda" else (ec2, lam)
    name = "AWS Lambda" if cost.cheaper == "lambda" else "Amazon EC2"
    gap = dearer.total_usd - cheaper.total_usd
    lines = [
        f"For {cost.requests_per_month:,} requests a month; prices for {escape(cost.pricing.region)} "
        f"as of {cost.pricing.as_of.isoformat()}"
        + (f" ({escape(cost.pricing.file)})" if cost.pricing.file else "")
        + ".",
        "",
        *rows,
        "",
        (f"{name} is cheaper by {escape(money(gap, cur))} a month." if gap > 0 else "The two bills are equal.")
        + " "
        + break_even_line(cost),
    ]
    return "\n".join(lines + _middle_table(cost))


def _middle_table(cost: CostEstimate) -> list[str]:
    """The two middle options' bills as a second table, with the cheapest of the four."""
    lmi, far = cost.lambda_managed, cost.fargate
    if lmi is None or far is None:
        return []
    cur = cost.pricing.currency

    def m(amount: float | None, possible: bool) -> str:
        return "—" if amount is None or not possible else cell(money(amount, cur))

    left, right = middle_headers(cost)
    out = ["", f"| Middle roads | {cell(left)} | {cell(right)} |", "| --- | ---: | ---: |"]
    out += [f"| {cell(label)} | {m(a, lmi.possible)} | {m(b, far.possible)} |" for label, a, b in middle_rows(cost)]
    out.append(f"| **Total** | **{m(lmi.total_usd, lmi.possible) if lmi.possible else 'not possible'}** "
               f"| **{m(far.total_usd, far.possible) if far.possible else 'not possible'}** |")
    notes = [f"{label} cannot run this workload: {escape(x.reason)} ({link('AWS documentation', x.source)})."
             for label, bill in (("Lambda Managed Instances", lmi), ("ECS on Fargate", far))
             for x in bill.limits_exceeded]
    total = cheapest_total(cost)
    if total is not None:
        notes.append(escape(cheapest_sentence(cost, money(total, cur))))
    return out + ([""] + [" ".join(notes)] if notes else [])


def _unique(exclusions: Iterable[Exclusion]) -> list[Exclusion]:
    seen: set[tuple[str, str]] = set()
    out = []
    for e in exclusions:
        if (e.option, e.constraint) not in seen:
            seen.add((e.option, e.constraint))
            out.append(e)
    return out


def _stem(name: str) -> str:
    return name.removesuffix(".toml")
