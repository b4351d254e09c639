"""When the draft is written: a choice or a switch at once; a number or text answer when it is
committed (Enter, leaving the field, changing stage), after half a second without typing, or when
the app quits or is ended by SIGHUP or SIGTERM. Never on every keystroke."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wizard.core.records.drafts import load_draft
from wizard.tui import session as session_module
from wizard.tui.app import WizardApp
from wizard.tui.screens import stages as stages_module
from wizard.tui.screens.stages import StagesScreen

from .conftest import focus_question


def drafted(qid: str) -> object:
    draft = load_draft()
    return None if draft is None else draft.answers.get(qid)


def counting_writes(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Every draft the session writes, as the answers it holds."""
    writes: list[dict[str, object]] = []
    real = session_module.save_draft

    def save(draft):  # type: ignore[no-untyped-def]
        writes.append(dict(draft.answers))
        return real(draft)

    monkeypatch.setattr(session_module, "save_draft", save)
    return writes


async def open_number_question(app: WizardApp, pilot) -> str:  # type: ignore[no-untyped-def]
    """Start a decision and show the first stage holding a number question; its id."""
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StagesScreen) and app.session is not None
    for index, stage in enumerate(app.session.stages):
        for q in stage.questions:
            if q.kind == "number" and q.when is None:
                screen.show_stage(index, focus=q.id)
                await pilot.pause()
                await focus_question(pilot, q.id)
                return q.id
    raise AssertionError("no unconditional number question")


async def test_typing_is_written_when_the_field_is_left_not_per_keystroke(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stages_module, "DRAFT_DELAY_S", 3600.0)  # only a commit writes here
    writes = counting_writes(monkeypatch)
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        qid = await open_number_question(app, pilot)
        before = len(writes)
        await pilot.press("end", *["backspace"] * 12, "1", "2")
        await pilot.pause()
        assert app.session is not None and app.session.answers[qid] == 12
        assert len(writes) == before and drafted(qid) != 12  # the keystrokes wrote nothing
        await pilot.press("tab")  # leaving the field commits it
        await pilot.pause()
        assert drafted(qid) == 12 and len(writes) == before + 1
        await focus_question(pilot, qid)
        await pilot.press("end", "backspace", "enter")  # Enter commits too
        await pilot.pause()
        assert drafted(qid) == 1


async def test_typing_is_written_once_it_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stages_module, "DRAFT_DELAY_S", 0.05)
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        qid = await open_number_question(app, pilot)
        await pilot.press("end", *["backspace"] * 12, "4", "2")
        for _ in range(200):  # the timer fires on its own, the focus still in the field
            if drafted(qid) == 42:
                break
            await asyncio.sleep(0.05)
        assert drafted(qid) == 42


async def test_quitting_writes_what_was_typed_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stages_module, "DRAFT_DELAY_S", 3600.0)
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        qid = await open_number_question(app, pilot)
        await pilot.press("end", *["backspace"] * 12, "7", "7")
        await pilot.pause()
        await app.run_action("quit")
        await pilot.pause()
        assert drafted(qid) == 77


async def test_a_choice_is_written_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stages_module, "DRAFT_DELAY_S", 3600.0)
    app = WizardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await focus_question(pilot, "workload_type")
        await pilot.press("space")
        await pilot.pause()
        assert drafted("workload_type") == ("api",)


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sighup_and_sigterm_flush_then_end_as_before(tmp_path: Path, sig: signal.Signals) -> None:
    marker = tmp_path / "flushed"
    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from wizard.tui.draft_signals import flush_before_signals
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        with flush_before_signals(lambda: Path({str(marker)!r}).write_text("done")):
            os.kill(os.getpid(), {int(sig)})
            signal.pause()
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == -sig, proc.stderr
    assert marker.read_text() == "done"


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals")
def test_an_ignored_sighup_stays_ignored() -> None:
    from wizard.tui.draft_signals import flush_before_signals

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with flush_before_signals(lambda: None):
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
