"""File ▸ Import in the workbench: off the GUI thread, cancellable, problems listed."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from annotator.domain.errors import InputRefused
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service.importing import ImportCancelled, ImportReport


@pytest.fixture
def window(qtbot, service):  # type: ignore[no-untyped-def]
    session = Session(service)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.importer.show_dialogs = False
    yield main
    session.signals.detach()


def run_import(qtbot, window, paths):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.importer.done, timeout=20000) as blocker:
        assert window.importer.start(paths)
    return blocker.args[0]


def test_import_runs_and_the_corpus_shows_the_articles(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tmp_path = tmp_path / "articles"  # a folder of articles only (the user data folder is beside)
    tmp_path.mkdir()
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Article {i}\nBody {i}", encoding="utf-8")
    result = run_import(qtbot, window, [tmp_path])
    assert isinstance(result, ImportReport) and len(result.document_ids) == 3
    qtbot.waitUntil(lambda: window.corpus_model.rowCount() == 3)
    window.open_document(result.document_ids[0])
    header = window.pane.header.text()
    assert "0.txt" in header and "(txt)" in header
    provenance = window.pane.header.toolTip()  # the whole provenance, on hover
    document = window.session.service.document(result.document_ids[0])
    assert f"sha256 {document.content_hash}" in provenance
    assert str(tmp_path / "0.txt") in provenance and "imported 20" in provenance


def test_cancelled_import_stores_nothing(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tmp_path = tmp_path / "articles"
    tmp_path.mkdir()
    for i in range(300):  # enough that the import is still running when Cancel is pressed
        (tmp_path / f"{i}.txt").write_text(f"Article {i}\nBody", encoding="utf-8")
    window.importer.start([tmp_path])
    window.importer.cancel()
    with qtbot.waitSignal(window.importer.done, timeout=20000) as blocker:
        pass
    assert isinstance(blocker.args[0], ImportCancelled)
    assert window.session.service.document_count() == 0


def test_refused_import_lists_every_problem(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": 1}\n{"nope": 2}\n', encoding="utf-8")
    result = run_import(qtbot, window, [path])
    assert isinstance(result, InputRefused) and len(result.problems) == 2
    assert window.session.service.document_count() == 0


def test_problems_dialog_text_can_be_copied(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from annotator.gui.importer import ProblemsDialog

    dialog = ProblemsDialog("Import refused", "2 problems", ["a.jsonl:1: x", "a.jsonl:2: y"])
    qtbot.addWidget(dialog)
    dialog.copy()
    assert QApplication.clipboard().text() == "a.jsonl:1: x\na.jsonl:2: y"


def test_accept_all_suggestions_in_the_open_article(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    service = window.session.service
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    run_import(qtbot, window, [seeds])
    document_id = service.document_ids()[0]
    window.open_document(document_id)
    assert any(s.suggested for s in service.spans(document_id))
    window.accept_suggestions_action.trigger()
    assert not any(s.suggested for s in service.spans(document_id))
    debris = [s for s in service.spans(document_id) if s.label == "DEBRIS"]
    window.session.undo_stack.undo()
    assert all(s.suggested for s in service.spans(document_id) if s.id in {d.id for d in debris})
    window.session.undo_stack.redo()
    assert not any(s.suggested for s in service.spans(document_id))


def test_the_import_uses_its_own_connection_and_the_window_learns_new_labels(
    qtbot,
    window,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    import json
    import threading

    from annotator.service import ProjectService

    seen: list[tuple[object, threading.Thread]] = []
    original = ProjectService.import_paths

    def spy(self, files, **options):  # type: ignore[no-untyped-def]
        seen.append((self, threading.current_thread()))
        return original(self, files, **options)

    monkeypatch.setattr(ProjectService, "import_paths", spy)
    path = tmp_path / "new.jsonl"
    path.write_text(
        json.dumps(
            {"text": "Lavrov spoke.", "spans": [{"start": 0, "end": 6, "label": "MINISTER"}]}
        )
        + "\n",
        encoding="utf-8",
    )
    result = run_import(qtbot, window, [path])
    assert isinstance(result, ImportReport) and result.new_labels == ["MINISTER"]
    ((used, thread),) = seen
    assert used is not window.session.service  # the GUI's connection stays free for edits
    assert thread is not threading.main_thread()
    assert "MINISTER" in window.session.service.schema
    assert [a.text() for a in window.label_bar.actions() if "MINISTER" in a.text()]
