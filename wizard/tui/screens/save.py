"""Save: title, status, deciders, context and path of the decision record; asks before replacing
a file and confirms with the path written. Dismisses with the path, or None when cancelled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from wizard.core.questionnaire.display import printable
from wizard.core.errors import WizardError
from wizard.core.files.paths import display_path, git_user_name
from wizard.core.records.model import Status, default_record_path, evaluated_record, read_if_unchanged, save_record
from wizard.core.records.review import SUGGESTED_SPAN, parse_review_by
from wizard.core.records.supersede import supersede
from wizard.tui.screens.dialogs import ConfirmDialog
from wizard.tui.session import Session


class SaveScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save"),
                Binding("f2", "suggest_review", "Review in 12 months")]

    def __init__(self, session: Session, today: dt.date | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.today = today or dt.date.today()
        self._path_edited = False

    def compose(self) -> ComposeResult:
        record = self.session.record
        # Control characters from the record (an escape sequence) are shown, and so saved, as escapes.
        title = printable(record.title) if record else ""
        deciders = printable(", ".join(record.deciders)) if record else (git_user_name() or "")
        with Vertical(classes="dialog save-dialog"):
            yield Static(Content.styled("Save the decision record", "bold"), classes="dialog-title")
            with VerticalScroll(id="save-form"):
                yield Label("Title *")
                yield Input(title, placeholder=printable(self.session.questionnaire.save_placeholder), id="title")
                with Horizontal(id="save-row"):
                    with Vertical():
                        yield Label("Status")
                        yield Select([(s.value, s.value) for s in Status if s is not Status.SUPERSEDED],
                                     value=(record.status.value if record and record.status is not Status.SUPERSEDED
                                            else Status.PROPOSED.value),
                                     allow_blank=False, id="status")
                    with Vertical():
                        yield Label("Deciders (comma-separated)")
                        yield Input(deciders, id="deciders")
                with Horizontal(classes="save-people"):
                    with Vertical():
                        yield Label("Consulted (comma-separated)")
                        yield Input(printable(", ".join(record.consulted)) if record else "", id="consulted")
                    with Vertical():
                        yield Label("Informed (comma-separated)")
                        yield Input(printable(", ".join(record.informed)) if record else "", id="informed")
                yield Label("Review by (F2: in 12 months)")
                yield Input(record.review_by.isoformat() if record and record.review_by else "",
                            placeholder="none; a date (2027-06-01) or a span (6m, 1y)", id="review_by")
                yield Label("Context: the problem and what constrains it")
                yield TextArea(printable(record.context) if record else "", id="context", soft_wrap=True)
                if self.session.record_path is not None:
                    yield Checkbox(Content("Save as a new record that supersedes the one opened"),
                                   id="supersede", tooltip=Content(printable(self.session.record_path)))
                yield Label("File")
                yield Input(display_path(self._default_path(title)), id="path")
                yield Static("", id="save-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _default_path(self, title: str) -> Path:
        old = self.session.record_path
        if old is not None and not self._superseding():
            return old
        path = default_record_path(title or "decision", self.today, self.session.out_dir)
        if old is not None and path.resolve() == old.resolve():
            # A superseding record needs a file of its own: same day and title → "-2", "-3"...
            n = 2
            while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
                n += 1
            path = candidate
        return path

    def _superseding(self) -> bool:
        found = self.query("#supersede")
        return bool(found) and found.first(Checkbox).value

    @on(Input.Changed, "#title")
    @on(Checkbox.Changed, "#supersede")
    def _update_path(self) -> None:
        if not self._path_edited:
            path = self._default_path(self.query_one("#title", Input).value.strip())
            self.query_one("#path", Input).value = display_path(path)

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        if self.query_one("#path", Input).has_focus:
            self._path_edited = True

    @on(Input.Changed, "#title, #path")
    def _clear_error(self) -> None:
        """An error is about the last attempt to save: once the title or path is edited it is stale."""
        self._error("")

    def _error(self, message: str) -> None:
        self.query_one("#save-error", Static).update(Content.styled(message, "$error"))

    def action_suggest_review(self) -> None:
        """The suggested review date, one key away (F2): a year from the record's date."""
        field = self.query_one("#review_by", Input)
        field.value = parse_review_by(SUGGESTED_SPAN, self.today).isoformat()
        field.focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self._save()

    @work(exclusive=True)
    async def _save(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self._error("A title is required.")
            self.query_one("#title", Input).focus()
            return
        path_text = self.query_one("#path", Input).value.strip()
        if not path_text:
            self._error("A file path is required.")
            return
        path = Path(path_text).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        superseding = self._superseding()
        if superseding and self.session.record_path is not None \
                and path.resolve() == self.session.record_path.resolve():
            self._error("A superseding record needs a new file: change the file name.")
            self.query_one("#path", Input).focus()
            return
        revising = self.session.record_path is not None and not superseding
        record_path = self.session.record_path
        same_file = revising and record_path is not None and path.resolve() == record_path.resolve()
        if path.exists() and not same_file:
            if not await self.app.push_screen_wait(
                ConfirmDialog(f"{path} already exists. Replace it?", "Replace", "Keep it")
            ):
                self._error("Not saved: choose another file name.")
                return
        review_text = self.query_one("#review_by", Input).value.strip()
        try:
            review_by = parse_review_by(review_text, self.today) if review_text else None
        except ValueError as exc:
            self._error(str(exc))
            self.query_one("#review_by", Input).focus()
            return
        session = self.session
        old = session.record if superseding else None
        status = Status(str(self.query_one("#status", Select).value))
        deciders = tuple(d.strip() for d in self.query_one("#deciders", Input).value.split(",") if d.strip())
        # Only the answers that count: defaults of hidden questions would add "ignored" notes.
        evaluation = session.evaluator.evaluate(session.evaluation.answers, sensitivity=True)
        keep = session.record if revising else None
        record = evaluated_record(session.evaluator,
            evaluation,
            title=title,
            status=status,
            deciders=deciders,
            context=self.query_one("#context", TextArea).text.strip(),
            date=self.today,
            suggested=session.accepted_suggestions(),
            tags=keep.tags if keep else (),
            review_by=review_by,
            consulted=_names(self.query_one("#consulted", Input).value),
            informed=_names(self.query_one("#informed", Input).value),
            supersedes=keep.supersedes if keep else (),  # a superseding record gets its link from `supersede`
        )
        try:
            if old is not None and session.record_path is not None:
                # Both files or neither, linked as `wizard supersede` links them; the old record is
                # not replaced if another program changed it meanwhile.
                record = supersede(session.record_path, path, force=True, new_record=record).record
            elif same_file and session.record is not None:
                # Over the record opened: only if no other program changed it since (no lost update).
                data, stamp = read_if_unchanged(path, session.record)
                save_record(record, path, overwrite=True, expect=stamp, original=data)
            else:
                save_record(record, path, overwrite=True)
        except WizardError as exc:
            if session.keep_draft():
                self._error(f"Not saved: {exc.message}. Your answers are kept in the draft.")
            else:
                self._error(
                    f"Not saved: {exc.message}. The draft cannot be written either ({session.draft_error}): "
                    "keep the wizard open and save again once the problem is fixed."
                )
            return
        session.saved(path, record)
        self.dismiss(path)


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())
