"""The window after something goes wrong: a crashing import, a refused one, a bug in a slot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from annotator.domain.errors import InputRefused
from annotator.gui.errors import ErrorReporter
from annotator.gui.importer import ProblemsDialog
from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService
from annotator.service.importing import ImportReport
from tests.conftest import SEEDS


def run_import(qtbot, window: MainWindow, paths: list[Path], **options):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.importer.done, timeout=20000) as blocker:
        assert window.importer.start(paths, **options)
    return blocker.args[0]


def test_a_crashing_import_says_so_and_the_importer_works_again(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window.importer.show_dialogs = False
    original = ProjectService.import_paths
    calls: list[int] = []

    def crashes_once(self, files, **options):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a reader bug nobody foresaw")
        return original(self, files, **options)

    monkeypatch.setattr(ProjectService, "import_paths", crashes_once)
    messages: list[str] = []
    window.importer.message.connect(messages.append)
    # Today the worker died without its `finished` signal: no message, and every later
    # import was refused as "running" for the rest of the session.
    result = run_import(qtbot, window, [SEEDS])
    assert isinstance(result, RuntimeError)
    assert "import failed" in messages[-1] and "a reader bug nobody foresaw" in messages[-1]
    assert window.session.service.document_count() == 0
    assert not window.importer.running
    again = run_import(qtbot, window, [SEEDS])
    assert isinstance(again, ImportReport) and len(again.document_ids) == 2
    qtbot.waitUntil(lambda: window.corpus_model.total() == 2, timeout=2000)


def test_a_refused_import_offers_to_import_the_good_records(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "A good article."}\n{"nope": 2}\n{"text": "Another one."}\n')
    seen: list[str] = []
    reports: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ProblemsDialog):
            QTimer.singleShot(50, answer)
            return
        if dialog.windowTitle() == "Import":  # the second import's report: what it skipped
            reports.append(dialog.text.toPlainText())
            dialog.reject()
            return
        seen.append(dialog.text.toPlainText())
        seen.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        if dialog.action_button is None:
            dialog.reject()  # (today: no such button; the test fails below, not here)
            return
        seen.append(dialog.action_button.text())
        dialog.action_button.click()
        QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    with qtbot.waitSignals([window.importer.done, window.importer.done], timeout=20000):
        assert window.importer.start([path])
    qtbot.waitUntil(lambda: window.session.service.document_count() == 2, timeout=5000)
    problems, summary, button = seen
    assert f"{path}:2" in problems
    assert "--skip-invalid" not in summary and "Import the good records" in summary
    assert button == "Import the good records"
    assert reports and f"{path}:2" in reports[0]  # and the import's report names what it skipped
    texts = sorted(
        window.session.service.document(i).text for i in window.session.service.document_ids()
    )
    assert texts == ["A good article.", "Another one."]


def test_a_refused_import_without_the_dialog_names_the_gui_option(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.importer.show_dialogs = False
    path = tmp_path / "bad.jsonl"
    path.write_text('{"nope": 1}\n')
    messages: list[str] = []
    window.importer.message.connect(messages.append)
    assert isinstance(run_import(qtbot, window, [path]), InputRefused)
    assert "Import the good records" in messages[-1] and "--skip-invalid" not in messages[-1]


def test_the_import_file_dialog_offers_each_format(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def get_open_file_names(parent, caption="", folder="", filters=""):  # type: ignore[no-untyped-def]
        asked.append(filters)
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", get_open_file_names)
    window.import_files()
    [filters] = asked
    names = filters.split(";;")
    assert names[0].startswith("Articles and annotations (") and "*.jsonl" in names[0]
    assert any(n.startswith("UIMA CAS XMI") and "(*.xmi)" in n for n in names)
    assert any("(*.conll" in n for n in names) and names[-1] == "All files (*)"


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_shown_once_and_the_window_stays_usable(
    qtbot, seeded: ProjectService, window: MainWindow, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    reporter = ErrorReporter(window)
    reporter.install()
    try:

        def broken(_document_id: int, _new_pane: bool) -> None:
            raise ValueError("a bug in a slot")

        window.corpus_model.reload()
        window.corpus_view.open_requested.connect(broken)
        window.corpus_view.setFocus()
        window.corpus_view.select_document(seeded.document_ids()[0])
        qtbot.keyClick(window.corpus_view, Qt.Key.Key_Return)
        box = reporter.box
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert "ValueError: a bug in a slot" in box.text()
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert not box.isModal()
        assert "a bug in a slot" in capsys.readouterr().err  # the traceback, for a report
        box.close()
        # the same error again: no second box, the status bar says it
        qtbot.keyClick(window.corpus_view, Qt.Key.Key_Return)
        assert reporter.box is box and not box.isVisible()
        assert "a bug in a slot" in window.statusBar().currentMessage()
        # the window still works: the article opened, and a label key labels
        window.corpus_view.open_requested.disconnect(broken)
        pane = window.pane
        assert pane.document_id == seeded.document_ids()[0]
        text = pane.view.document_model.text  # type: ignore[union-attr]
        start = text.index("Sergey Lavrov")
        pane.view.setTextCursor(pane.view.cursor_for(start, start + 13))
        qtbot.keyClick(pane.view, Qt.Key.Key_2)
        assert [s.label for s in seeded.spans(pane.document_id) if not s.suggested] == ["SOURCE"]  # type: ignore[arg-type]
    finally:
        reporter.uninstall()
