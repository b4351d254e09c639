"""Opening, revising and overwriting records in the app; quitting; small terminals; literal text."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from wizard.core.questionnaire.catalog import default_questionnaire_path
from wizard.core.scoring.evaluator import Evaluator
from wizard.core.questionnaire.model import load_questionnaire
from wizard.core.records.model import Status, load_record, save_record
from wizard.tui.app import TooSmallScreen, WizardApp
from wizard.tui.screens.dialogs import ConfirmDialog
from wizard.tui.screens.save import SaveScreen
from wizard.tui.screens.stages import StagesScreen
from wizard.core.records.model import evaluated_record
from textual.widgets import OptionList

from .conftest import answer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "webhook-handler.toml"


def make_record(path: Path, title: str = "Webhook runtime") -> Path:
    evaluator = Evaluator.load(load_questionnaire(default_questionnaire_path()))
    answers = tomllib.loads(EXAMPLE.read_text())["answers"]
    record = evaluated_record(evaluator, evaluator.evaluate(answers, sensitivity=True), title=title,
                              date=dt.date(2026, 1, 5), deciders=("Ada",), context="Old context.")
    return save_record(record, path)


async def test_open_prefills_answers_and_saving_updates_the_record(isolated: Path) -> None:
    path = make_record(isolated / "docs" / "decisions" / "2026-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert app.session.answers["requests_per_month"] == 300000  # type: ignore[union-attr]
        assert app.screen.query_one("#input-ops_team").chosen == {"none"}  # type: ignore[attr-defined]
        await answer(pilot, "ops_team", "part-time")
        await pilot.press("ctrl+s")
        await pilot.pause()
        save = app.screen
        assert isinstance(save, SaveScreen)
        assert save.query_one("#title").value == "Webhook runtime"  # type: ignore[attr-defined]
        assert save.query_one("#path").value == "docs/decisions/2026-01-05-webhook-runtime.toml"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    record = load_record(path)
    assert record.answers["ops_team"] == "part-time"
    assert record.deciders == ("Ada",) and record.context == "Old context."
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


async def test_saving_as_a_new_record_supersedes_the_old_one(isolated: Path) -> None:
    old = make_record(isolated / "docs" / "decisions" / "2026-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=old)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        save = app.screen
        assert isinstance(save, SaveScreen)
        save.query_one("#supersede").focus()
        await pilot.press("space")
        title = save.query_one("#title")
        title.value = "Webhook runtime v2"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    new = app.saved_path
    assert new is not None and new != old and new.name.endswith("webhook-runtime-v2.toml")
    assert load_record(new).supersedes == (old.name,)
    previous = load_record(old)
    assert previous.status is Status.SUPERSEDED and previous.superseded_by == new.name


async def test_a_superseding_record_in_another_folder_links_by_relative_path(isolated: Path) -> None:
    """The app links two records as `wizard supersede` does: relative to each record's own folder."""
    old = make_record(isolated / "docs" / "decisions" / "2025" / "2025-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=old)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        save = app.screen
        assert isinstance(save, SaveScreen)
        save.query_one("#supersede").focus()
        await pilot.press("space")
        await pilot.pause()
        path_input = save.query_one("#path")
        path_input.focus()
        path_input.value = "docs/decisions/2026/2026-01-05-webhook-runtime-v2.toml"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    new = isolated / "docs" / "decisions" / "2026" / "2026-01-05-webhook-runtime-v2.toml"
    assert app.saved_path == new
    assert load_record(new).supersedes == ("../2025/2025-01-05-webhook-runtime.toml",)
    assert load_record(old).superseded_by == "../2026/2026-01-05-webhook-runtime-v2.toml"


async def test_overwrite_asks_first(isolated: Path) -> None:
    target = isolated / "docs" / "decisions" / f"{dt.date.today().isoformat()}-webhook-runtime.toml"
    make_record(target, title="Someone else's decision")
    before = target.read_bytes()
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        session = app.session
        assert session is not None
        for qid, value in tomllib.loads(EXAMPLE.read_text())["answers"].items():
            session.set_answer(qid, tuple(value) if isinstance(value, list) else value)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*"Webhook runtime")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep the existing file
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        assert "Not saved" in str(app.screen.query_one("#save-error").render())
        assert target.read_bytes() == before
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
    assert load_record(target).title == "Webhook runtime"


async def test_quit_asks_when_answers_are_unsaved() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "ops_team", "none")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_without_answers_does_not_ask() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_small_terminal_shows_a_message_and_keeps_answers() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "ops_team", "none")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert app.session.answers["ops_team"] == "none"  # type: ignore[union-attr]


async def test_questionnaire_text_is_shown_literally(isolated: Path) -> None:
    source = default_questionnaire_path().read_text()
    hostile = source.replace('prompt = "What kind of work is this? Pick all that apply."',
                             'prompt = "[bold red]Pick[/] \\u001b[31mall[0m __import__(\'os\')"', 1)
    assert hostile != source
    qdir = isolated / "questionnaires"
    (qdir / "pricing").mkdir(parents=True)
    (qdir / "pricing" / "aws-us-east-1.toml").write_text(
        (default_questionnaire_path().parent / "pricing" / "aws-us-east-1.toml").read_text())
    (qdir / "hostile.toml").write_text(hostile)
    app = WizardApp(questionnaire=qdir / "hostile.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        prompt = app.screen.query_one("#q-workload_type .prompt")
        text = str(prompt.render())
        assert "[bold red]Pick[/]" in text and "__import__('os')" in text


async def test_superseding_never_overwrites_the_record_it_supersedes(isolated: Path) -> None:
    # Same day and title: the default file name of the new record must differ from the old one.
    old = make_record(isolated / "docs" / "decisions" / f"{dt.date.today().isoformat()}-webhook-runtime.toml")
    app = WizardApp(open_record=old)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        save = app.screen
        save.query_one("#supersede").focus()
        await pilot.press("space")
        await pilot.pause()
        assert save.query_one("#path").value.endswith("-webhook-runtime-2.toml")  # type: ignore[attr-defined]
        path_input = save.query_one("#path")
        path_input.focus()
        path_input.value = str(old.relative_to(isolated))  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "needs a new file" in str(save.query_one("#save-error").render())
    assert load_record(old).status is not Status.SUPERSEDED


async def test_starting_new_over_a_draft_asks_first() -> None:
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "ops_team", "part-time")
    again = WizardApp()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(again.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        from wizard.core.records.drafts import load_draft

        draft = load_draft()
        assert draft is not None and draft.answers["ops_team"] == "part-time"


async def test_welcome_at_80x24_shows_the_draft_and_every_record(isolated: Path) -> None:
    decisions = isolated / "docs" / "decisions"
    make_record(decisions / "2026-01-05-webhook-runtime.toml")
    make_record(decisions / "2026-01-06-billing-api.toml", title="Billing API runtime")
    first = WizardApp()
    async with first.run_test(size=(80, 24)) as pilot:  # leaves a draft behind
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "ops_team", "part-time")
    app = WizardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#resume").region.height == 3
        records = screen.query_one("#records", OptionList)
        assert records.option_count == 2
        # The whole list is on screen: both rows, inside the box, above the footer.
        assert records.region.height >= 2 + 2  # two options and the list's border
        assert screen.query_one("#welcome").content_region.contains_region(records.region)
        assert records.max_scroll_y == 0
        second = str(records.get_option_at_index(1).prompt)
        records.focus()
        await pilot.press("down", "enter")  # the second record, chosen by what is seen
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # it would replace the draft: asked first
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen)
        assert app.session is not None and app.session.record_path is not None
        assert second.startswith(app.session.record_path.name)


async def test_a_revision_says_which_record_and_resumes_with_every_stage_visited(isolated: Path) -> None:
    path = make_record(isolated / "docs" / "decisions" / "2026-01-05-webhook-runtime.toml")
    app = WizardApp(open_record=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#title-bar").render())
        assert title.startswith("Revising docs/decisions/2026-01-05-webhook-runtime.toml")  # first: never cut off
        await answer(pilot, "ops_team", "part-time")  # a change: the revision is kept as a draft
    again = WizardApp()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "revising 2026-01-05-webhook-runtime.toml" in str(again.screen.query_one("#resume").label)
        await pilot.click("#resume")
        await pilot.pause()
        session = again.session
        assert session is not None and session.record_path == path
        assert session.visited == set(range(len(session.stages)))
        assert "Revising" in str(again.screen.query_one("#title-bar").render())


async def test_opening_a_record_or_starting_new_over_a_draft_asks_first(isolated: Path) -> None:
    from wizard.core.records.drafts import load_draft
    from wizard.tui.screens.welcome import WelcomeScreen

    path = make_record(isolated / "docs" / "decisions" / "2026-01-05-webhook-runtime.toml")
    first = WizardApp()
    async with first.run_test(size=(100, 30)) as pilot:  # an unfinished decision
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "ops_team", "part-time")
    # `wizard open RECORD`, then `wizard new`: each asks; "Go back" shows the welcome screen,
    # which offers the draft, and the draft is untouched.
    for app in (WizardApp(open_record=path), WizardApp(new=True)):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen) and app.screen.draft is not None
        draft = load_draft()
        assert draft is not None and draft.answers["ops_team"] == "part-time" and draft.record_path is None
    # Welcome screen: choosing a record asks too; "Open" opens it.
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#records", OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StagesScreen) and app.session is not None
        assert app.session.record_path == path
