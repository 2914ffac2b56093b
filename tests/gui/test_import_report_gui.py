"""The workbench's import report names what was not stored as given, as the command line does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from annotator.gui.importer import ProblemsDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service.importing import ImportReport


def test_the_import_dialog_lists_items_not_stored_as_given(
    qtbot, service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []

    def exec_(dialog: ProblemsDialog) -> int:  # the dialog as the user would read it
        shown.append(dialog.text.toPlainText())
        return 0

    monkeypatch.setattr(ProblemsDialog, "exec", exec_)
    session = Session(service)
    window = MainWindow(session)
    qtbot.addWidget(window)
    path = tmp_path / "teach.jsonl"
    records = [
        {"text": "Paris is cold.", "spans": [{"start": 0, "end": 5, "label": "ORG"}],
         "answer": "reject"},
        {"text": "Rome is warm.", "spans": [{"start": 0, "end": 4, "label": "GPE"},
                                           {"start": 0, "end": 4, "label": "GPE"}]},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    try:
        with qtbot.waitSignal(window.importer.done, timeout=20000) as blocker:
            assert window.importer.start([path])
        assert isinstance(blocker.args[0], ImportReport)
        (text,) = shown
        assert f"{path}:1: answer reject: its 1 spans stored as suggestions" in text
        assert f"{path}:2: span 2 0-4 GPE is there twice: stored once" in text
    finally:
        session.signals.detach()
