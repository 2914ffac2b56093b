"""The window on a project it cannot write: a read-only file, a full disk. Edits are refused with a
message, nothing stored is lost, and the window stays usable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.gui.read_only import NOTICE
from annotator.gui.session import Session
from annotator.service import ProjectService
from annotator.storage import repository
from tests.conftest import SEEDS
from tests.gui.helpers import select_like_a_user


def open_first_article(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.corpus_model.reload()
    window.corpus_view.select_document(None)
    qtbot.keyClick(window.corpus_view, Qt.Key.Key_Return)
    assert window.pane is not None and window.pane.document_id is not None


def press_claim_on(qtbot, window: MainWindow, words: str) -> None:  # type: ignore[no-untyped-def]
    pane = window.pane
    text = pane.view.document_model.text  # type: ignore[union-attr]
    start = text.index(words)
    select_like_a_user(pane.view, text, start, start + len(words))
    qtbot.keyClick(pane.view, Qt.Key.Key_1)


def test_a_read_only_project_opens_with_a_notice_and_refuses_edits_with_a_message(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "p.db"
    service = ProjectService.open(project)
    service.import_paths([SEEDS])
    service.close()
    before = project.read_bytes()
    # As a file its user cannot write (root, running the tests, writes anything).
    monkeypatch.setattr(repository, "is_read_only", lambda path: True)
    session = Session(ProjectService.open(project))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle().endswith("(read-only)")
    notices = [w for w in window.statusBar().findChildren(object) if getattr(w, "text", None)]
    assert any(w.text() == NOTICE and w.isVisible() for w in notices)

    open_first_article(qtbot, window)
    press_claim_on(qtbot, window, "Moscow and Washington")
    assert "read-only" in window.statusBar().currentMessage()
    assert [s for s in session.service.spans(window.pane.document_id) if not s.suggested] == []  # type: ignore[arg-type]
    # still usable: the next article opens and reads
    first = window.pane.document_id  # type: ignore[union-attr]
    window.corpus_view.setFocus()
    qtbot.keyClick(window.corpus_view, Qt.Key.Key_Down)
    qtbot.keyClick(window.corpus_view, Qt.Key.Key_Return)
    assert window.pane.document_id not in (None, first)  # type: ignore[union-attr]
    session.signals.detach()
    session.service.close()
    assert project.read_bytes() == before


def test_a_full_disk_refuses_the_edit_with_a_message_and_loses_nothing(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    open_first_article(qtbot, window)
    press_claim_on(qtbot, window, "Moscow and Washington")
    document_id = window.pane.document_id  # type: ignore[union-attr]
    conn = seeded.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk holds not one page more
    messages: list[str] = []
    window.session.message.connect(messages.append)
    text = seeded.document(document_id).text
    stored = 1
    for start in range(len(text) - 1):
        if text[start].isspace() or text[start + 1].isspace():
            continue
        if window.session.add_span(document_id, start, start + 1, "PERSON", snap=False) is None:
            break
        stored += 1
    else:
        pytest.fail("the disk never filled")
    assert messages and "the disk is full" in messages[-1]
    kept = [s for s in seeded.spans(document_id) if not s.suggested]
    assert len(kept) == stored  # every edit before the full disk is still there
    press_claim_on(qtbot, window, "Lavrov")
    assert "the disk is full" in window.statusBar().currentMessage()
    conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    press_claim_on(qtbot, window, "Lavrov")
    after = [s for s in seeded.spans(document_id) if not s.suggested]
    assert len(after) == stored + 1
    assert any(s.label == "CLAIM" and text[s.start : s.end] == "Lavrov" for s in after)
