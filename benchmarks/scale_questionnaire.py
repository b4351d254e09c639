"""A large, realistic questionnaire and a matching answers file, generated from a seed.

    python benchmarks/scale_questionnaire.py [--questions N] [--rules M] [--seed S] [OUT_DIR]

Used by `bench_scale.py` (how load, score and `wizard check` grow with size) and by
`tests/test_scale.py` (correctness at scale). The same arguments always give the same bytes.

What it generates, shaped like `questionnaires/lambda-vs-ec2.toml`:
- two options (`lambda`, `ec2`); stages of about 25 questions with varied weights and intros;
- questions of every kind (single, multi, number with bands, boolean, text), each with a prompt
  and help text, some required, some with defaults; about a quarter carry a `when` condition on
  an earlier question, now and then combined with `all`, `any` or `not`;
- rules whose conditions use every operator, nested with `all`, `any` and `not` up to three
  levels, with points for one or both options, most of them counted in a stage; a few compare
  the cost facts (which never apply here: the file names no pricing);
- constraints (hard limits) with a reason and a `source` URL.

The file is written to pass `wizard check --strict`: every condition names an earlier (for
`when`) or any question with a value of the right kind, and every number threshold lies inside
the question's range. The answers answer every question shown for them, with a valid value.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OPTIONS = ("lambda", "ec2")
KINDS = ("single", "multi", "number", "boolean", "text")
KIND_WEIGHTS = (40, 15, 25, 15, 5)
QUESTIONS_PER_STAGE = 25
WHEN_SHARE = 0.25
FACT_RULE_SHARE = 0.03
CONSTRAINTS_PER_QUESTION = 0.08
COST_FACTS = ("cost.ratio", "cost.lambda_monthly_usd", "cost.ec2_monthly_usd")

WORDS = (
    "traffic", "latency", "budget", "team", "patching", "scaling", "cold", "start", "memory", "storage",
    "network", "queue", "event", "request", "batch", "schedule", "region", "quota", "runtime", "image",
    "deploy", "rollback", "observability", "tracing", "logging", "alarm", "secret", "permission", "role",
    "compliance", "audit", "backup", "failover", "replica", "cache", "connection", "payload", "timeout",
    "concurrency", "instance", "fleet", "container", "function", "invocation", "burst", "steady", "peak",
    "idle", "commitment", "discount", "spot", "savings", "plan", "architecture", "graviton", "x86",
)
SOURCES = (
    "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html",
    "https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html",
    "https://aws.amazon.com/lambda/pricing/",
    "https://aws.amazon.com/ec2/pricing/on-demand/",
)
#: Operators a rule compares each kind of question with (plus `answered` now and then).
RULE_OPERATORS = {"single": ("equals", "equals", "in", "not_in"), "multi": ("includes",),
                  "number": ("gt", "gte", "lt", "lte"), "boolean": ("equals",)}
UNITS = ("requests", "ms", "MB", "GB", "seconds", "functions", "users", "instances", "%")


@dataclass(frozen=True)
class Generated:
    """The questionnaire and answers files' text, and the ids of the questions the answers show."""

    questionnaire_toml: str
    answers_toml: str
    questionnaire_id: str
    visible: tuple[str, ...]
    answers: dict[str, Any]


def generate(questions: int = 500, rules: int = 2000, *, seed: int = 6) -> Generated:
    """A questionnaire of `questions` questions and `rules` rules, and answers to it."""
    if questions < 2:
        raise ValueError("at least two questions")
    return _Generator(random.Random(f"{seed}:{questions}:{rules}"), questions, rules).run()


def write(directory: Path, questions: int = 500, rules: int = 2000, *, seed: int = 6) -> tuple[Path, Path]:
    """Write `scale-<N>q-<M>r.toml` and its answers file into `directory`; return both paths."""
    generated = generate(questions, rules, seed=seed)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"scale-{questions}q-{rules}r"
    questionnaire = directory / f"{stem}.toml"
    answers = directory / f"{stem}-answers.toml"
    questionnaire.write_text(generated.questionnaire_toml, encoding="utf-8")
    answers.write_text(generated.answers_toml, encoding="utf-8")
    return questionnaire, answers


class _Generator:
    def __init__(self, rng: random.Random, questions: int, rules: int) -> None:
        self.rng = rng
        self.n_questions = questions
        self.n_rules = rules
        self.id = f"scale-{questions}q-{rules}r"
        self.questions: list[dict[str, Any]] = []
        self.stage_ids: list[str] = []

    # -- text --------------------------------------------------------------------------------

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def sentence(self, low: int = 6, high: int = 14) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def effects(self, both_share: float = 0.3) -> dict[str, float | int]:
        rng = self.rng
        points = (-3, -2, -1, 1, 1, 2, 2, 3, 0.5, 1.5)
        if rng.random() < both_share:
            a = rng.choice(points)
            return {"lambda": a, "ec2": -a if rng.random() < 0.7 else rng.choice(points)}
        return {rng.choice(OPTIONS): rng.choice(points)}

    # -- questions ---------------------------------------------------------------------------

    def question(self, number: int) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        q: dict[str, Any] = {
            "id": f"q{number:04d}_{rng.choice(WORDS)}",
            "kind": kind,
            "prompt": self.sentence(5, 12)[:-1] + "?",
            "help": self.paragraph(rng.randint(1, 3)),
        }
        if kind != "text" and rng.random() < 0.3:
            q["required"] = True
        if kind in ("single", "multi"):
            count = rng.randint(2, 6)
            q["choices"] = [self.choice(i, kind) for i in range(count)]
            if kind == "single" and rng.random() < 0.2:
                q["default"] = rng.choice(q["choices"])["value"]
        elif kind == "number":
            self.number_fields(q)
        elif kind == "boolean":
            q["if_true"] = {"effects": self.effects(), "why": self.sentence()}
            if rng.random() < 0.6:
                q["if_false"] = {"effects": self.effects(), "why": self.sentence()}
            if rng.random() < 0.2:
                q["default"] = rng.random() < 0.5
        else:
            q["max_length"] = rng.choice((200, 500, 2000))
        if len(self.questions) >= 3 and rng.random() < WHEN_SHARE:
            q["when"] = self.when_condition()
        return q

    def choice(self, i: int, kind: str) -> dict[str, Any]:
        rng = self.rng
        choice: dict[str, Any] = {"value": f"c{i}-{rng.choice(WORDS)}", "label": self.sentence(2, 6)[:-1]}
        if rng.random() < (0.8 if kind == "single" else 0.6):
            choice["effects"] = self.effects()
        choice["why"] = self.sentence()
        return choice

    def number_fields(self, q: dict[str, Any]) -> None:
        rng = self.rng
        integer = rng.random() < 0.6
        low = rng.choice((0, 0, 1, 10, 100))
        span = rng.choice((10, 100, 1000, 10_000, 1_000_000))
        high = low + span
        q["unit"] = rng.choice(UNITS)
        q["min"] = low
        q["max"] = high
        if integer:
            q["integer"] = True
        cuts = sorted(rng.sample(range(low + 1, high), k=min(rng.randint(1, 4), span - 1)))
        edges: list[int | None] = [None, *cuts, None]
        bands = []
        for lo, hi in zip(edges, edges[1:], strict=False):
            if rng.random() < 0.15:
                continue  # a range without points, as real files leave some
            band: dict[str, Any] = {}
            if lo is not None:
                band["min"] = lo
            if hi is not None:
                band["max"] = hi
            band["label"] = self.words(2, 4)
            if rng.random() < 0.8:
                band["effects"] = self.effects()
            band["why"] = self.sentence()
            bands.append(band)
        q["bands"] = bands
        if rng.random() < 0.3:
            q["default"] = rng.randint(low, high) if integer else round(rng.uniform(low, high), 2)

    # -- conditions --------------------------------------------------------------------------

    def comparison(self, target: dict[str, Any], *, operators: tuple[str, ...] | None = None) -> dict[str, Any]:
        """A comparison on `target` that can hold, with a value of the right kind."""
        rng = self.rng
        kind = target["kind"]
        qid = target["id"]
        if operators is None:
            operators = {
                "single": ("equals", "equals", "in", "not_in", "answered"),
                "multi": ("includes", "includes", "answered"),
                "number": ("gt", "gte", "lt", "lte"),
                "boolean": ("equals", "equals", "answered"),
                "text": ("answered",),
            }[kind]
        op = rng.choice(operators)
        if op == "answered":
            return {"question": qid, "answered": rng.random() < 0.8}
        if kind in ("single", "multi"):
            values = [c["value"] for c in target["choices"]]
            if op == "includes" or op == "equals":
                return {"question": qid, op: rng.choice(values)}
            return {"question": qid, op: rng.sample(values, k=rng.randint(1, max(1, len(values) - 1)))}
        if kind == "boolean":
            return {"question": qid, "equals": rng.random() < 0.5}
        low, high = target["min"], target["max"]
        threshold = rng.randint(low + 1, high - 1) if high - low > 2 else low + 1
        return {"question": qid, op: threshold}

    def when_condition(self) -> dict[str, Any]:
        """A question's condition: on one to three of the (up to 40) questions before it."""
        rng = self.rng
        earlier = self.questions[-40:]
        if rng.random() < 0.8:
            return self.comparison(rng.choice(earlier))
        targets = rng.sample(earlier, k=min(len(earlier), rng.randint(2, 3)))
        parts = [self.comparison(t) for t in targets]
        combine = rng.choice(("all", "any", "not"))
        if combine == "not":
            return {"not": parts[0]}
        return {combine: parts}

    def rule_condition(self, depth: int) -> dict[str, Any]:
        """A rule's condition: mostly `all` of two or three particular answers, as in the real file."""
        rng = self.rng
        if depth == 0:
            target = rng.choice(self.questions)
            if target["kind"] == "text" or rng.random() < 0.05:
                return self.comparison(target, operators=("answered",))
            return self.comparison(target, operators=RULE_OPERATORS[target["kind"]])
        combine = rng.choices(("all", "any", "not"), (85, 8, 7))[0]
        if combine == "not":
            return {"not": self.rule_condition(depth - 1)}
        # Children of one `all` look at different questions, so two `equals` never conflict.
        count = rng.randint(2, 3)
        parts: list[dict[str, Any]] = []
        used: set[str] = set()
        for _ in range(4 * count):
            if len(parts) == count:
                break
            part = self.rule_condition(depth - 1 if rng.random() < 0.3 else 0)
            keys = _keys(part)
            if combine == "all" and keys & used:
                continue
            used |= keys
            parts.append(part)
        return {combine: parts} if parts else self.rule_condition(0)

    def limit_condition(self) -> dict[str, Any]:
        """A hard limit's condition: a number near the top of its range, alone or with a particular answer."""
        rng = self.rng
        numbers = [q for q in self.questions if q["kind"] == "number" and q["max"] - q["min"] >= 100]
        others = [q for q in self.questions if q["kind"] in ("single", "boolean")]
        if not numbers or not others:  # a tiny questionnaire
            return self.rule_condition(0)
        number = rng.choice(numbers)
        span = number["max"] - number["min"]
        if rng.random() < 0.6:
            return {"question": number["id"], "gt": number["max"] - span // 40}
        return {"all": [self.comparison(rng.choice(others), operators=("equals",)),
                        {"question": number["id"], "gt": number["max"] - span // 5}]}

    # -- the whole file ----------------------------------------------------------------------

    def run(self) -> Generated:
        rng = self.rng
        for number in range(1, self.n_questions + 1):
            self.questions.append(self.question(number))
        stage_count = max(1, round(self.n_questions / QUESTIONS_PER_STAGE))
        stages: list[dict[str, Any]] = []
        for s in range(stage_count):
            chunk = self.questions[s * len(self.questions) // stage_count:(s + 1) * len(self.questions) // stage_count]
            stage_id = f"stage-{s + 1:02d}-{rng.choice(WORDS)}"
            self.stage_ids.append(stage_id)
            stages.append({"id": stage_id, "title": self.sentence(2, 5)[:-1], "intro": self.paragraph(2),
                           "weight": rng.choice((0.5, 1.0, 1.0, 1.0, 1.5, 2.0)), "questions": chunk})

        rule_list = []
        for number in range(1, self.n_rules + 1):
            rule: dict[str, Any] = {"id": f"r{number:05d}-{rng.choice(WORDS)}"}
            if rng.random() < FACT_RULE_SHARE:
                rule["when"] = {"fact": rng.choice(COST_FACTS), rng.choice(("gt", "gte", "lt", "lte")):
                                round(rng.uniform(0.2, 3.0), 2)}
            else:
                rule["when"] = self.rule_condition(rng.choices((0, 1, 2, 3), (20, 60, 15, 5))[0])
            rule["effects"] = self.effects(both_share=0.4)
            rule["why"] = self.sentence(8, 20)
            if rng.random() < 0.85:
                rule["stage"] = rng.choice(self.stage_ids)
            rule_list.append(rule)

        constraints = []
        for number in range(1, max(1, round(self.n_questions * CONSTRAINTS_PER_QUESTION)) + 1):
            when = self.limit_condition()
            constraints.append({
                "id": f"limit-{number:04d}-{rng.choice(WORDS)}",
                "when": when,
                "excludes": ["lambda"] if rng.random() < 0.9 else ["ec2"],
                "reason": self.sentence(8, 16),
                "source": rng.choice(SOURCES),
            })

        header = {
            "id": self.id,
            "version": "1.0.0",
            "title": f"Generated questionnaire: {self.n_questions} questions, {self.n_rules} rules",
            "description": "Generated by benchmarks/scale_questionnaire.py for the scale benchmark and tests. "
                           + self.paragraph(2),
        }
        options = [
            {"id": "lambda", "label": "AWS Lambda", "summary": self.sentence()},
            {"id": "ec2", "label": "Amazon EC2", "summary": self.sentence()},
        ]
        text = _questionnaire_toml(header, options, stages, rule_list, constraints)

        answers, visible = self.answers()
        lines = [f"# Answers to {self.id}, generated with it.", f"questionnaire = {_value(self.id)}",
                 f"title = {_value('Scale test answers')}", "", "[answers]"]
        lines += [f"{qid} = {_value(value)}" for qid, value in answers.items()]
        return Generated(questionnaire_toml=text, answers_toml="\n".join(lines) + "\n", questionnaire_id=self.id,
                         visible=visible, answers=answers)

    def answers(self) -> tuple[dict[str, Any], tuple[str, ...]]:
        """A valid answer to every question shown (worked out here, independently of the engine)."""
        rng = self.rng
        answers: dict[str, Any] = {}
        visible: list[str] = []
        for q in self.questions:
            if "when" in q and not _holds(q["when"], answers):
                continue
            visible.append(q["id"])
            kind = q["kind"]
            values = [c["value"] for c in q.get("choices", ())]
            if kind == "single":
                answers[q["id"]] = rng.choice(values)
            elif kind == "multi":
                answers[q["id"]] = sorted(rng.sample(values, k=rng.randint(0, len(values))), key=values.index)
            elif kind == "number":
                answers[q["id"]] = (rng.randint(q["min"], q["max"]) if q.get("integer")
                                    else round(rng.uniform(q["min"], q["max"]), 3))
            elif kind == "boolean":
                answers[q["id"]] = rng.random() < 0.5
            else:
                answers[q["id"]] = self.sentence()
        return answers, tuple(visible)


# -- a small evaluator of conditions as plain data, so that the answers do not rely on the engine ---

def _holds(condition: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    if "all" in condition:
        return all(_holds(c, answers) for c in condition["all"])
    if "any" in condition:
        return any(_holds(c, answers) for c in condition["any"])
    if "not" in condition:
        return not _holds(condition["not"], answers)
    value = answers.get(condition["question"])
    if "answered" in condition:
        return (value is not None) == condition["answered"]
    if value is None:
        return False
    if "equals" in condition:
        return type(value) is type(condition["equals"]) and value == condition["equals"]
    if "in" in condition:
        return value in condition["in"]
    if "not_in" in condition:
        return value not in condition["not_in"]
    if "includes" in condition:
        return condition["includes"] in value
    for op, test in (("gt", float.__gt__), ("gte", float.__ge__), ("lt", float.__lt__), ("lte", float.__le__)):
        if op in condition:
            return bool(test(float(value), float(condition[op])))
    raise AssertionError(f"unknown condition {condition!r}")


def _keys(condition: Mapping[str, Any]) -> set[str]:
    if "all" in condition or "any" in condition:
        return set().union(*(_keys(c) for c in condition.get("all", condition.get("any"))))
    if "not" in condition:
        return _keys(condition["not"])
    return {condition.get("question") or condition["fact"]}


# -- writing TOML the way the hand-written questionnaire looks -----------------------------------

def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string for this text
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value).__name__)


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else json.dumps(key)


def _table(lines: list[str], header: str, table: Mapping[str, Any], nested: tuple[str, ...] = ()) -> None:
    lines += ["", header]
    lines += [f"{_key(k)} = {_value(v)}" for k, v in table.items() if k not in nested]


def _questionnaire_toml(header: Mapping[str, Any], options: list[dict[str, Any]], stages: list[dict[str, Any]],
                        rules: list[dict[str, Any]], constraints: list[dict[str, Any]]) -> str:
    lines = ["# Generated by benchmarks/scale_questionnaire.py: do not edit, regenerate."]
    lines += [f"{k} = {_value(v)}" for k, v in header.items()]
    for option in options:
        _table(lines, "[[options]]", option)
    for stage in stages:
        _table(lines, "[[stages]]", stage, nested=("questions",))
        for q in stage["questions"]:
            _table(lines, "[[stages.questions]]", q, nested=("choices", "bands", "if_true", "if_false"))
            for choice in q.get("choices", ()):
                _table(lines, "[[stages.questions.choices]]", choice)
            for band in q.get("bands", ()):
                _table(lines, "[[stages.questions.bands]]", band)
            for name in ("if_true", "if_false"):
                if name in q:
                    _table(lines, f"[stages.questions.{name}]", q[name])
    for rule in rules:
        _table(lines, "[[rules]]", rule)
    for constraint in constraints:
        _table(lines, "[[constraints]]", constraint)
    _table(lines, "[scoring]", {"high_margin": 20.0, "medium_margin": 8.0, "min_answered_share": 0.5})
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("."), help="directory to write into")
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--rules", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    for path in write(args.out, args.questions, args.rules, seed=args.seed):
        print(path)


if __name__ == "__main__":
    main()
