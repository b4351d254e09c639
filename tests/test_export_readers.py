"""The Markdown export as the tools that read ADRs parse it (Backstage ADR plugin, log4brains), MADR 4's
`consulted` and `informed`, and `wizard export --index`, through the real entry point."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from wizard.core.records.index import INDEX_MARKER
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import Status, save_record

from test_records_cmds import QUESTIONNAIRE, make_record, wizard

# backstage/community-plugins workspaces/adr/plugins/adr-common/src/search.ts: FRONT_MATTER_PATTERN
BACKSTAGE_FRONT_MATTER = re.compile(r"^---\r?\n((?:.*\r?\n)*?)---\r?\n?([\s\S]*)$")
BACKSTAGE_FILE_NAME = re.compile(r"^(?:.*/)?\d{4}-.+\.md$")  # madrFilePathFilter


def exported(tmp_path: Path, **fields: object) -> tuple[Path, str]:
    loaded = load_questionnaire(QUESTIONNAIRE)
    record = make_record(loaded, "steady-api", deciders=("Ada", "Grace"), consulted=("Security team",),
                         informed=("Support", "Finance"), review_by=dt.date(2027, 6, 1), tags=("billing", "api"),
                         **fields)
    path = save_record(record, tmp_path / "2026-11-26-billing-api.toml")
    out = tmp_path / "2026-11-26-billing-api.md"
    proc = wizard("export", path, "-o", out)
    assert proc.returncode == 0, proc.stderr
    return path, out.read_text(encoding="utf-8")


def test_backstage_reads_status_date_and_title(tmp_path: Path) -> None:
    _, text = exported(tmp_path)
    assert BACKSTAGE_FILE_NAME.match("docs/adr/2026-11-26-billing-api.md")
    match = BACKSTAGE_FRONT_MATTER.match(text)
    assert match is not None
    attributes = yaml.safe_load(match.group(1))  # js-yaml core schema + timestamps: dates as dates
    assert attributes["status"] == "accepted"
    assert attributes["date"] == dt.date(2026, 11, 26)
    assert attributes["decision-makers"] == "Ada, Grace"
    assert attributes["consulted"] == "Security team"
    assert attributes["informed"] == "Support, Finance"
    tokens = MarkdownIt("commonmark").parse(match.group(2))
    first_h1 = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1")
    assert tokens[first_h1 + 1].content == "Partner pricing API with steady high traffic"


def test_log4brains_reads_the_metadata_list(tmp_path: Path) -> None:
    _, text = exported(tmp_path)
    body = BACKSTAGE_FRONT_MATTER.match(text).group(2)  # type: ignore[union-attr]
    html = MarkdownIt("commonmark").render(body)
    # MarkdownBody.getHeaderMetadata: the first <ul> before the first <h2>, items "Key: value".
    head = html.split("<h2>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", head.split("<ul>", 1)[1].split("</ul>", 1)[0])
    meta = {k.strip().lower(): v.strip() for k, v in (i.split(":", 1) for i in items)}
    assert meta["status"] == "accepted" and meta["date"] == "2026-11-26"
    assert [d.strip() for d in meta["deciders"].split(",")] == ["Ada", "Grace"]
    assert re.split(r"\s*[\s,]\s*", meta["tags"]) == ["billing", "api"]
    assert meta["consulted"] == "Security team" and meta["informed"] == "Support, Finance"
    assert meta["review by"] == "2027-06-01"


def test_a_file_without_front_matter_support_still_shows_the_title(tmp_path: Path) -> None:
    _, text = exported(tmp_path, status=Status.PROPOSED)
    html = MarkdownIt("commonmark").render(text)
    assert "<h1>Partner pricing API with steady high traffic</h1>" in html
    assert "<h2>status" not in html.lower()


def test_index_lists_every_decision_and_the_supersede_chain(tmp_path: Path) -> None:
    loaded = load_questionnaire(QUESTIONNAIRE)
    folder = tmp_path / "decisions"
    folder.mkdir()
    save_record(make_record(loaded, "webhook-handler", date=dt.date(2025, 1, 1), status=Status.SUPERSEDED,
                            title="Old | runtime", review_by=dt.date(2020, 1, 1)).model_copy(
                                update={"superseded_by": "2026-01-01-new.toml"}), folder / "2025-01-01-old.toml")
    save_record(make_record(loaded, "steady-api", date=dt.date(2026, 1, 1), supersedes=("2025-01-01-old.toml",)),
                folder / "2026-01-01-new.toml")
    (folder / "notes.toml").write_text('[answers]\nx = 1\n', encoding="utf-8")
    site = tmp_path / "site"
    proc = wizard("export", folder, "--index", site)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"wrote {site / 'README.md'}: 2 decisions (1 unreadable file left out)"
    page = (site / "README.md").read_text(encoding="utf-8")
    assert page.startswith(INDEX_MARKER)
    rows = [line for line in page.splitlines() if line.startswith("| 20")]
    assert rows[0].startswith("| 2026-01-01 | [Partner pricing API")
    assert "(../decisions/2026-01-01-new.toml)" in rows[0] and "Amazon EC2 (low)" in rows[0]
    assert "Old \\| runtime" in rows[1] and "superseded by 2026-01-01-new" in rows[1]
    assert "2020-01-01 **(due)**" in rows[1]
    chain = page.split("## Superseded decisions", 1)[1]
    assert chain.index("2025-01-01-old.toml") < chain.index("2026-01-01-new.toml")
    html = MarkdownIt("commonmark").enable("table").render(page)
    assert html.count("<tr>") == 3


def test_index_never_replaces_a_readme_it_did_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    (tmp_path / "README.md").write_text("# Our project\n", encoding="utf-8")
    proc = wizard("export", folder, "--index", tmp_path)
    assert proc.returncode == 2 and "not written by wizard export --index" in proc.stderr
    assert (tmp_path / "README.md").read_text() == "# Our project\n"
    missing = wizard("export", tmp_path / "nope", "--index", tmp_path / "out")
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1
    bare = wizard("export")
    assert bare.returncode == 2 and bare.stderr.startswith("wizard export: give a RECORD")
