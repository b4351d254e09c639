"""Every reader, fed broken files: each case ends in a valid model or the wizard's own one-line error.

The inputs are mostly the real files of the repository (the questionnaire, the pricing file, the
example answers and records), parsed, mutated by hypothesis (a key deleted, a value of another type,
an unknown key or id, an out-of-range number, a huge string) and written back with tomli-w; then
random bytes, broken UTF-8, NUL bytes, a byte-order mark and deep nesting. What a reader accepts is
then used as the wizard would use it (linted, scored, shown, exported), which must not fail either.

`HYPOTHESIS_PROFILE=long` runs many more examples (see tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import math
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wizard.core.records.drafts import Draft, draft_path, load_draft, save_draft
from wizard.core.scoring.engine import evaluate
from wizard.core.errors import WizardError
from wizard.core.scoring.evaluator import Evaluator, known_facts
from wizard.core.questionnaire.lint import lint
from wizard.core.pricing.model import load_pricing
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import load_answers, load_record, read_record

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = ROOT / "questionnaires" / "lambda-vs-ec2.toml"
PRICING = ROOT / "questionnaires" / "pricing" / "aws-us-east-1.toml"
MINI = ROOT / "tests" / "data" / "mini.toml"
ANSWERS = sorted((ROOT / "examples").glob("*.toml"))
RECORDS = sorted((ROOT / "examples" / "decisions").glob("*.toml"))

#: Longest error message accepted, whatever the input (echoed values are cut short).
MAX_MESSAGE = 500


def _examples(share: float = 1.0) -> settings:
    """Settings for one test: a share of the profile's examples (the profile is chosen in conftest)."""
    return settings(max_examples=max(5, int(settings.default.max_examples * share)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


# ---------------------------------------------------------------------------------------------
# Readers and what each must give


def _draft_reader(path: Path) -> object:
    """Drafts are read from the data directory; the fuzzed file is put where the draft lives."""
    project = path.parent / "project"
    target = draft_path(project)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(path.read_bytes())
    try:
        return load_draft(project)
    except WizardError as exc:
        # The draft's own path is named; report it against the fuzzed file for the checks below.
        assert str(target) in str(exc), str(exc)
        raise WizardError(str(exc).replace(str(target), str(path))) from None


READERS: dict[str, Callable[[Path], object]] = {
    "questionnaire": load_questionnaire,
    "pricing": load_pricing,
    "answers": load_answers,
    "record": load_record,
    "read_record": read_record,
    "draft": _draft_reader,
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_message(message: str, path: Path) -> None:
    assert "\n" not in message and "\r" not in message, repr(message[:300])
    assert not _CONTROL.search(message), repr(message[:300])
    assert str(path) in message, repr(message[:300])
    assert len(message) < MAX_MESSAGE, f"{len(message)} characters: {message[:300]!r}…"
    assert "Traceback" not in message


def read(kind: str, path: Path) -> object | None:
    """The model the reader gives, or None when it refused the file with a proper message."""
    try:
        return READERS[kind](path)
    except WizardError as exc:
        check_message(str(exc), path)
        return None


@pytest.fixture(scope="module", autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Drafts go to a data directory of the module's own."""
    directory = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIZARD_DATA_DIR", str(directory))
        yield directory


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def write(work: Path, data: bytes, name: str = "fuzzed.toml") -> Path:
    path = work / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------------
# Seeds: the real files, parsed


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _draft_seed() -> dict[str, Any]:
    draft = Draft(project="/tmp/project", questionnaire_path=str(QUESTIONNAIRE), questionnaire_id="lambda-vs-ec2",
                  updated=dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC), stage="traffic",
                  answers=_load(ANSWERS[0])["answers"])
    return draft.model_dump(mode="python", exclude_none=True)


SEEDS: dict[str, list[dict[str, Any]]] = {
    "questionnaire": [_load(QUESTIONNAIRE), _load(MINI)],
    "pricing": [_load(PRICING)],
    "answers": [_load(p) for p in ANSWERS],
    "record": [_load(p) for p in RECORDS],
    "draft": [_draft_seed()],
}
SEEDS["read_record"] = SEEDS["record"]
ALL_SEEDS = [seed for kind in ("questionnaire", "pricing", "answers", "record", "draft") for seed in SEEDS[kind]]


def test_the_seeds_are_valid(work: Path) -> None:
    for kind, seeds in SEEDS.items():
        for seed in seeds:
            assert read(kind, write(work, tomli_w.dumps(seed).encode())) is not None, kind


# ---------------------------------------------------------------------------------------------
# Strategies


HUGE = "x" * 100_000
ODD_TEXT = [
    "", " ", HUGE, "é" * 5_000, "a\nb", "line\r\nbreak", "tab\there", "\x00", "nul\x00inside", "\ufeffbom",
    "\x1b[31mred\x1b[0m", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x07\x08\x7f\x9b",
    "[bold red]x[/]", "[link=https://evil.example]y[/link]", "<script>alert(1)</script>", "[x](javascript:alert(1))",
    "__import__('os').system('true')", "{{ 7*7 }}", "${7*7}", "{0.__class__}", "%s%n",
    "unknown", "no_such_question", "UPPER", "with space", "-leading-dash", "1979-05-27", "nan", "inf",
    "\u202eevil", "\ud7ff", "🙂" * 100,
]
NUMBERS: list[object] = [0, -1, 1, -(2**63), 2**63 - 1, 10**30, -(10**30), 10**400, 0.5, -0.0, 1e308, -1e308, 5e-324,
                         math.nan, math.inf, -math.inf]
DATES: list[object] = [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.datetime(2026, 1, 5, 12, 0),
                       dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC), dt.time(12, 30)]

scalars = st.one_of(
    st.sampled_from(ODD_TEXT), st.text(max_size=20), st.sampled_from(NUMBERS), st.integers(),
    st.floats(), st.booleans(), st.sampled_from(DATES),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(ODD_TEXT) | st.text(max_size=10), inner, max_size=4),
), max_leaves=8)
odd_keys = st.sampled_from(["unknown", "id", "kind", "when", "effects", "answers", "result", "", "x" * 5_000,
                            "a\nb", "\x1b[31m", "no_such_question", "[bold]"]) | st.text(max_size=12)


def _slots(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a parsed document: the key path of each value."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _slots(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*path, i)
            yield from _slots(value, (*path, i))


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node


def _numbers_to(node: Any, number: object) -> Any:
    if isinstance(node, bool):
        return node
    if isinstance(node, (int, float)):
        return number
    if isinstance(node, dict):
        return {k: _numbers_to(v, number) for k, v in node.items()}
    if isinstance(node, list):
        return [_numbers_to(v, number) for v in node]
    return node


@st.composite
def mutated(draw: st.DrawFn, seeds: list[dict[str, Any]]) -> dict[str, Any]:
    """A seed document with one to four mutations at places drawn from the whole document."""
    doc = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        slots = list(_slots(doc))
        if not slots:
            doc[draw(odd_keys)] = draw(values)
            continue
        path = slots[draw(st.integers(0, len(slots) - 1))]
        parent = _parent(doc, path)
        key = path[-1]
        current = parent[key]
        action = draw(st.sampled_from(["delete", "replace", "extreme", "insert", "rename", "duplicate", "empty",
                                       "numbers"]))
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(values)
        elif action == "extreme":
            if isinstance(current, bool):
                parent[key] = draw(st.sampled_from([0, 1, "true"]))
            elif isinstance(current, (int, float)):
                parent[key] = draw(st.sampled_from(NUMBERS) | st.floats() | st.integers())
            elif isinstance(current, str):
                parent[key] = draw(st.sampled_from(ODD_TEXT))
            else:
                parent[key] = draw(scalars)
        elif action == "insert":
            target = current if isinstance(current, dict) else parent if isinstance(parent, dict) else None
            if target is not None:
                target[draw(odd_keys)] = draw(values)
            elif isinstance(current, list):
                current.append(draw(values))
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(odd_keys)] = parent.pop(key)
        elif action == "duplicate":
            if isinstance(current, list) and current:
                current.append(copy.deepcopy(current[draw(st.integers(0, len(current) - 1))]))
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(current))
        elif action == "empty" and isinstance(current, (list, dict, str)):
            parent[key] = type(current)()
        elif action == "numbers":  # every number under this place: NaN, infinite, huge, negative
            parent[key] = _numbers_to(current, draw(st.sampled_from(NUMBERS)))
    return doc


def documents(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Mostly the kind's own files, mutated; sometimes a file of another kind (the wrong shape)."""
    return st.one_of(mutated(SEEDS[kind]), mutated(SEEDS[kind]), mutated(SEEDS[kind]), mutated(ALL_SEEDS))


def dump(doc: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(doc).encode("utf-8")
    except (TypeError, ValueError):  # a value TOML has no form for
        assume(False)
        raise AssertionError("unreachable") from None


# ---------------------------------------------------------------------------------------------
# Using what was accepted, as the wizard does


def use(kind: str, model: object, path: Path) -> None:
    """What the CLI and the app do with a model they read must not fail either."""
    from rich.console import Console

    from wizard.cli.report import render_report
    from wizard.core.records.markdown import record_to_markdown
    from wizard.core.questionnaire.model import LoadedQuestionnaire
    from wizard.core.records.model import DecisionRecord

    if kind == "questionnaire":
        assert isinstance(model, LoadedQuestionnaire)
        q = model.questionnaire
        lint(q, known_facts())
        result = evaluate(q, {question.id: question.default for question in q.questions
                              if question.default is not None}, sensitivity=True).result
        Console(file=io.StringIO(), width=100).print(render_report(q, result))
    elif kind in ("record", "read_record"):
        assert isinstance(model, DecisionRecord)
        record_to_markdown(model, DEFAULT.questionnaire, record_link=path.name)
        record_to_markdown(model)
        Console(file=io.StringIO(), width=100).print(render_report(DEFAULT.questionnaire, model.result, model.cost))
        _show(path)
    elif kind == "answers":
        answers_file, _ = model  # type: ignore[misc]
        evaluation = EVALUATOR.evaluate(answers_file.answers)
        EVALUATOR.cost(evaluation.answers)
        for problem in evaluation.result.problems:
            check_problem(problem.message)
    elif kind == "pricing":
        from wizard.core.cost import Workload, estimate

        estimate(Workload(requests_per_month=3_000_000, avg_duration_ms=120, memory_mb=512), model, 8)  # type: ignore[arg-type]


def _show(path: Path) -> None:
    from wizard.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["show", str(path), "--questionnaire", str(QUESTIONNAIRE)])
    assert code == 0, err.getvalue()


def check_problem(message: str) -> None:
    assert "\n" not in message and not _CONTROL.search(message), repr(message[:300])
    assert len(message) < MAX_MESSAGE, f"{len(message)} characters: {message[:300]!r}…"


DEFAULT = load_questionnaire(QUESTIONNAIRE)
EVALUATOR = Evaluator.load(DEFAULT)


# ---------------------------------------------------------------------------------------------
# Mutated real files


@pytest.mark.parametrize("kind", list(READERS))
@_examples()
@given(data=st.data())
def test_mutated_files_give_a_model_or_a_one_line_error(kind: str, work: Path, data: st.DataObject) -> None:
    doc = data.draw(documents("record" if kind == "read_record" else kind))
    path = write(work, dump(doc), f"{kind}.toml")
    model = read(kind, path)
    if model is not None:
        use(kind, model, path)


@pytest.mark.parametrize("kind", list(READERS))
@_examples(0.5)
@given(data=st.binary(max_size=300))
def test_random_bytes(kind: str, work: Path, data: bytes) -> None:
    read(kind, write(work, data, f"{kind}-bytes.toml"))


@pytest.mark.parametrize("kind", list(READERS))
@_examples(0.5)
@given(data=st.data())
def test_damaged_bytes_of_real_files(kind: str, work: Path, data: st.DataObject) -> None:
    """Byte-level damage: a cut, a byte changed, bytes inserted (NUL, BOM, invalid UTF-8, quotes, brackets)."""
    source = data.draw(st.sampled_from([QUESTIONNAIRE, PRICING, MINI, *ANSWERS, *RECORDS])).read_bytes()
    blob = bytearray(source)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(blob)))
        what = data.draw(st.sampled_from(["cut", "insert", "change"]))
        piece = data.draw(st.sampled_from([b"\x00", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xed\xa0\x80", b'"', b"'",
                                           b"[", b"]]", b"{", b"\n", b"=", b"\\u001b", b"\x1b[31m", b"nan", b"#"])
                          | st.binary(min_size=1, max_size=4))
        if what == "cut":
            del blob[at:at + data.draw(st.integers(1, 200))]
        elif what == "insert":
            blob[at:at] = piece
        else:
            blob[at:at + len(piece)] = piece
    path = write(work, bytes(blob), f"{kind}-damaged.toml")
    model = read(kind, path)
    if model is not None:
        use(kind, model, path)


# ---------------------------------------------------------------------------------------------
# Fixed hard cases


def _deep_array(depth: int) -> bytes:
    return b"a = " + b"[" * depth + b"]" * depth + b"\n"


def _deep_inline_table(depth: int) -> bytes:
    return b"a = " + b"{ b = " * depth + b"1" + b" }" * depth + b"\n"


def _deep_headers(depth: int) -> bytes:
    return b"[" + b".".join([b"a"] * depth) + b"]\nx = 1\n"


def _deep_condition(depth: int) -> bytes:
    """The mini questionnaire with a `when` nested `depth` deep (all = [{ all = [...] }])."""
    condition = '{ question = "team", equals = "none" }'
    for _ in range(depth):
        condition = f"{{ all = [{condition}] }}"
    text = MINI.read_text().replace('when = { question = "team", in = ["large", "some"] }', f"when = {condition}", 1)
    return text.encode()


HARD_CASES: dict[str, bytes] = {
    "empty": b"",
    "deep-array": _deep_array(10_000),
    "deep-inline-table": _deep_inline_table(10_000),
    "deep-headers": _deep_headers(10_000),
    "deep-condition-50": _deep_condition(50),
    "deep-condition-400": _deep_condition(400),
    "nul": b'title = "a"\x00\n',
    "bom": b"\xef\xbb\xbf" + ANSWERS[0].read_bytes(),
    "bom-only": b"\xef\xbb\xbf",
    "utf16": ANSWERS[0].read_text().encode("utf-16"),
    "invalid-utf8": b'title = "\xff\xfe"\n',
    "lone-surrogate": b'title = "\xed\xa0\x80"\n',
    "huge-string": b'title = "' + b"x" * 2_000_000 + b'"\n',
    "huge-key": b"x" * 200_000 + b" = 1\n",
    "huge-integer": b"[answers]\nrequests_per_month = 1" + b"0" * 5_000 + b"\n",
    "huge-unknown-answer-id": b'[answers]\n' + b"q" * 200_000 + b' = 1\n',
    "huge-answer-value": b'[answers]\nops_team = "' + b"x" * 200_000 + b'"\n',
    "newline-in-answer": b'[answers]\nops_team = "a\\nb\\u001b[31m"\n"bad\\nid" = 1\n',
    "many-errors": b"[answers]\n" + b"".join(b"q%d = {a = 1}\n" % i for i in range(5_000)),
    "answers-not-a-table": b"answers = 1\n",
    "array-of-tables-document": b"[[answers]]\nx = 1\n",
    "escape-in-key": b'"\\u001b[31mkey\\nline" = 1\n',
}


@pytest.mark.parametrize("kind", list(READERS))
@pytest.mark.parametrize("case", list(HARD_CASES))
def test_hard_cases(kind: str, case: str, work: Path) -> None:
    path = write(work, HARD_CASES[case], f"{kind}-{case}.toml")
    model = read(kind, path)
    if model is not None:
        use(kind, model, path)


def test_a_byte_order_mark_is_accepted(work: Path) -> None:
    """Editors on Windows start UTF-8 files with a BOM; the file means the same without it."""
    for kind, source in (("answers", ANSWERS[0]), ("questionnaire", MINI), ("record", RECORDS[0])):
        plain = read(kind, source)
        with_bom = read(kind, write(work, b"\xef\xbb\xbf" + source.read_bytes(), f"bom-{kind}.toml"))
        assert with_bom is not None and plain is not None
        if kind == "questionnaire":
            assert with_bom.questionnaire == plain.questionnaire  # type: ignore[attr-defined]
        else:
            assert with_bom == plain


def test_deep_conditions_are_scored_or_refused(work: Path) -> None:
    """A questionnaire that loads with a deeply nested condition can also be evaluated and linted."""
    for depth in (20, 50, 100, 200, 400, 800):
        path = write(work, _deep_condition(depth), f"deep-{depth}.toml")
        model = read("questionnaire", path)
        if model is not None:
            use("questionnaire", model, path)
            q = model.questionnaire  # type: ignore[attr-defined]
            evaluate(q, {"team": "none", "runtime_s": 5}, sensitivity=True)


# ---------------------------------------------------------------------------------------------
# Answers applied to a questionnaire: unknown ids, wrong types, out-of-range numbers


answer_ids = st.sampled_from([q.id for q in DEFAULT.questionnaire.questions]) | odd_keys


@_examples()
@given(answers=st.dictionaries(answer_ids, values, max_size=8))
def test_any_answers_are_scored_with_one_line_problems(answers: dict[str, Any]) -> None:
    evaluation = EVALUATOR.evaluate(answers)
    for problem in evaluation.result.problems:
        check_problem(problem.message)
    EVALUATOR.cost(evaluation.answers)


@_examples(0.3)
@given(answers=st.dictionaries(answer_ids, values, max_size=6))
def test_any_answers_with_sensitivity(answers: dict[str, Any]) -> None:
    evaluation = EVALUATOR.evaluate(answers, sensitivity=True)
    for problem in evaluation.result.problems:
        check_problem(problem.message)


# ---------------------------------------------------------------------------------------------
# The command line on fuzzed files


def run_main(*args: str | Path) -> tuple[int, str, str]:
    from wizard.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def check_cli(code: int, err: str, path: Path, *, ok: tuple[int, ...]) -> None:
    assert "Traceback" not in err
    if code in ok:
        return
    assert code == 2, (code, err)
    lines = err.splitlines()
    assert lines, "no message"
    for line in lines:
        assert line.startswith(f"wizard: {path}") or line.startswith(f"{path}:"), line[:300]
        assert len(line) < MAX_MESSAGE and not _CONTROL.search(line), line[:300]


COMMANDS: dict[str, tuple[str, tuple[int, ...]]] = {
    # command → the seed kind it reads, and the exit codes of a file it accepts
    "check": ("questionnaire", (0, 1)),
    "score": ("answers", (0,)),
    "show": ("record", (0,)),
    "rescore": ("record", (0, 1)),
    "export": ("record", (0,)),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@_examples(0.3)
@given(data=st.data())
def test_commands_on_mutated_files(command: str, work: Path, data: st.DataObject) -> None:
    kind, ok = COMMANDS[command]
    path = write(work, dump(data.draw(documents(kind))), f"cli-{command}.toml")
    extra = ["--questionnaire", str(QUESTIONNAIRE)] if command in ("score", "show", "rescore", "export") else []
    code, out, err = run_main(command, path, *extra)
    assert "Traceback" not in err
    check_cli(code, out if command == "check" else err, path, ok=ok)  # check lists every finding on stdout


def wizard_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "wizard", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


@pytest.mark.parametrize(("command", "case"), [
    ("check", "deep-array"), ("check", "escape-in-key"), ("score", "newline-in-answer"),
    ("show", "invalid-utf8"), ("rescore", "huge-string"),
])
def test_commands_on_fuzzed_files_exit_2_with_one_line(command: str, case: str, work: Path) -> None:
    path = write(work, HARD_CASES[case], f"proc-{command}-{case}.toml")
    proc = wizard_process(command, path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[:500])
    assert "Traceback" not in proc.stderr
    check_cli(proc.returncode, proc.stdout if command == "check" else proc.stderr, path, ok=())
    if command in ("show", "rescore"):  # check and score list each problem on a line of its own
        assert len(proc.stderr.splitlines()) == 1, proc.stderr[:1000]


def test_draft_round_trip_is_unchanged(work: Path) -> None:
    draft = Draft.model_validate(_draft_seed())
    path = save_draft(draft)
    assert load_draft(Path(draft.project)) == draft
    assert path == draft_path(Path(draft.project))


# ---------------------------------------------------------------------------------------------
# What fuzzing found, one test each


def test_a_band_without_bounds_is_described(work: Path) -> None:
    """A band with neither `min` nor `max` crashed the overlap message (TypeError)."""
    text = MINI.read_text().replace('[[stages.questions.bands]]\nmax = 5\nlabel = "a few"',
                                    '[[stages.questions.bands]]\nlabel = ""', 1)
    model = read("questionnaire", write(work, text.encode(), "band.toml"))
    assert model is None  # the unbounded band overlaps the next one: a one-line error, not a crash


def test_an_integer_of_too_many_digits_is_a_toml_error(work: Path) -> None:
    """Python refuses to read an integer of more than 4,300 digits (ValueError, not TOMLDecodeError)."""
    path = write(work, HARD_CASES["huge-integer"], "digits.toml")
    with pytest.raises(WizardError, match="invalid TOML: a number has too many digits"):
        load_answers(path)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("effects = { alpha = 2, beta = -1 }", "effects = { alpha = nan, beta = -1 }",
     "effects.alpha: must be a finite number"),
    ("effects = { alpha = 2, beta = -1 }", "effects = { alpha = 1e308, beta = -1e308 }",
     "effects.alpha: must be less than or equal to 1000000000"),
    ("weight = 2.0", "weight = inf", 'stages[id="limits"].weight: must be a finite number'),
    ("max = 5\n", "max = nan\n", "bands[0].max: must be a finite number"),
])
def test_points_must_be_finite_numbers(work: Path, old: str, new: str, message: str) -> None:
    """NaN or infinite points (or sums that overflow) made every score NaN, and `wizard check` said ok."""
    text = MINI.read_text()
    assert old in text
    with pytest.raises(WizardError, match=re.escape(message)):
        load_questionnaire(write(work, text.replace(old, new, 1).encode(), "points.toml"))


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_record_with_a_non_finite_score_is_refused(work: Path, value: str) -> None:
    """`wizard show` crashed drawing the bar of a NaN score (ValueError)."""
    text = re.sub(r"(?m)^score = .*$", f"score = {value}", RECORDS[0].read_text(), count=1)
    path = write(work, text.encode(), "nan-record.toml")
    with pytest.raises(WizardError, match=r"result\.scores\.\w+\.score: expected a finite number"):
        load_record(path)
    code, _, err = run_main("show", path)
    assert code == 2 and err.count("\n") == 1 and "expected a finite number" in err


def test_keys_and_values_in_messages_are_quoted_escaped_and_cut(work: Path) -> None:
    path = write(work, b'"a\\nb\\u001b[31m" = 1\n"' + b"k" * 5_000 + b'" = 2\n[answers]\n', "keys.toml")
    with pytest.raises(WizardError) as caught:
        load_answers(path)
    check_message(str(caught.value), path)
    assert '"a\\nb\\x1b[31m": unknown key' in str(caught.value)
    assert all(len(line) < 200 for line in caught.value.details)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("old", "new"), [
    ("memory_gib = 1\n", "memory_gib = 1e308\n"),
    ("usd_per_hour = 0.0104\n", "usd_per_hour = 1e300\n"),
    ("vcpus = 2\n", "vcpus = 1" + "0" * 400 + "\n"),
    ("hours_per_month = 730 ", "hours_per_month = 5e-324 "),
])
def test_pricing_figures_out_of_range_are_refused(work: Path, old: str, new: str) -> None:
    """A memory size of 1e308 GiB overflowed the fleet sizing (OverflowError), a month of 5e-324 hours
    made the peak concurrency infinite (ValueError): figures out of range are refused in one line."""
    text = PRICING.read_text()
    assert old in text
    path = write(work, text.replace(old, new, 1).encode(), "big-pricing.toml")
    with pytest.raises(WizardError, match=r"(ec2\.instance_types\[\d+\]\.\w+|hours_per_month): .* is out of range"):
        load_pricing(path)


def test_an_answer_too_large_for_a_float_is_a_problem_not_a_crash() -> None:
    """An integer of 400 digits is valid TOML; turning it into a float raised OverflowError."""
    for qid in ("requests_per_month", "memory_mb", "function_count"):
        evaluation = EVALUATOR.evaluate({qid: 10**400})
        [problem] = [p for p in evaluation.result.problems if p.question == qid]
        assert "too large" in problem.message or "maximum" in problem.message
        check_problem(problem.message)


def test_a_record_whose_month_has_no_hours_is_shown(work: Path) -> None:
    """`wizard show` divided by the record's `hours_per_month`; 0 raised ZeroDivisionError."""
    text = RECORDS[0].read_text()
    assert "hours_per_month = 730" in text and "break_even_requests_per_month" in text
    path = write(work, text.replace("hours_per_month = 730", "hours_per_month = 0").encode(), "no-hours.toml")
    code, out, err = run_main("show", path)
    assert code == 0, err
    assert "Break-even: " in out


def test_a_record_with_an_integer_too_large_for_a_float_is_refused(work: Path) -> None:
    """Checking a 400-digit integer for finiteness raised OverflowError."""
    text = re.sub(r"(?m)^answered = .*$", "answered = 1" + "0" * 400, RECORDS[0].read_text(), count=1)
    with pytest.raises(WizardError, match=r"result\.answered: expected a finite number"):
        load_record(write(work, text.encode(), "huge-points.toml"))


def test_a_carriage_return_before_a_newline_survives_saving(work: Path) -> None:
    """tomli-w wrote "\\r\\n" in a multi-line string as a plain line break: a title pasted from Windows
    came back without its "\\r" (found by test_engine_properties' round trip)."""
    from wizard.core.files.tomlio import dump_toml

    for text in ("0\r\n", "line one\r\nline two", "a\nb\r\nc"):
        assert tomllib.loads(dump_toml({"title": text, "context": "x\ny"})) == {"title": text, "context": "x\ny"}
    assert '"""' in dump_toml({"context": "x\ny"})  # without a carriage return, texts stay multi-line
