"""Several analysts in the real window: another's layer read-only beside one's own, the name asked
once, Team ▸ Agreement with its heat map and the weakest articles first, each openable."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from annotator.gui.analyst_setting import SETTING, settle_analyst
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service import ProjectService
from tests.gui.helpers import select_like_a_user

TEXT_A = "Alice said the bridge will close soon, officials confirmed."
TEXT_B = "Bob denied every word of it today in Parliament."


def _records(tmp_path: Path, name: str, records: list[dict]) -> Path:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def team(tmp_path: Path) -> Iterator[ProjectService]:
    """A project where alice, bob and carol annotated two articles; opened as alice."""
    service = ProjectService.open(tmp_path / "team.annotator.db", analyst="alice")
    same = {"text": TEXT_A, "spans": [{"start": 0, "end": 5, "label": "SOURCE"}]}
    other = {"text": TEXT_B, "spans": [{"start": 0, "end": 3, "label": "SOURCE"}]}
    service.import_paths([_records(tmp_path, "a", [same, other])], detect_debris=False)
    bob_b = {"text": TEXT_B, "spans": [{"start": 4, "end": 10, "label": "CUE"}]}
    service.import_paths([_records(tmp_path, "b", [same, bob_b])], analyst="bob")
    service.import_paths([_records(tmp_path, "c", [same])], analyst="carol")
    yield service
    service.close()


@pytest.fixture
def team_window(qtbot, team: ProjectService) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    session = Session(team)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    session.signals.detach()


def test_another_analysts_layer_shows_read_only_beside_ones_own(
    qtbot,
    team_window: MainWindow,
    team: ProjectService,  # type: ignore[no-untyped-def]
) -> None:
    window = team_window
    second = team.document_ids()[1]
    window.open_document(second)
    pane = window.pane
    assert [m.label for m in pane.view.index.all()] == ["SOURCE"]  # alice's
    choice = pane.layer_choice
    assert choice.isVisible()
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "alice (yours)",
        "bob (read-only)",
    ]
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Down)  # the user picks bob's layer with the keyboard
    assert pane.layer == "bob"
    assert [m.label for m in pane.view.index.all()] == ["CUE"]
    assert "bob's layer, read-only" in html.unescape(pane.header.text())
    text = pane.view.document_model.text  # type: ignore[union-attr]
    select_like_a_user(pane.view, text, text.index("word"), text.index("word") + 4)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_1)  # CLAIM's key: refused in a read-only layer
    assert team.store.spans_of(second, layer="bob")[0].label == "CUE"
    assert len(team.store.spans_of(second, layer="bob")) == 1
    assert [s.label for s in team.spans(second)] == ["SOURCE"]
    # Back to alice's own layer in the same pane (one pane an article): editable again.
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Up)
    assert pane.layer is None
    select_like_a_user(pane.view, text, text.index("word"), text.index("word") + 4)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    assert sorted(s.label for s in team.spans(second)) == ["CLAIM", "SOURCE"]
    assert [s.label for s in team.store.spans_of(second, layer="bob")] == ["CUE"]


def test_the_name_is_asked_once_and_remembered(qtbot, qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    QSettings().remove(SETTING)
    service = ProjectService.open(tmp_path / "p.annotator.db", analyst="someone")

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog))
        edit = dialog.findChildren(QLineEdit)[0]
        edit.selectAll()
        qtbot.keyClicks(edit, "Dana")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    settle_analyst(service, given=False)
    assert service.analyst == "Dana"
    assert QSettings().value(SETTING) == "Dana"
    other = ProjectService.open(tmp_path / "p.annotator.db", analyst="someone")
    settle_analyst(other, given=False)  # not asked again
    assert other.analyst == "Dana"
    settle_analyst(other, given=True)  # --analyst wins
    QSettings().remove(SETTING)
    service.close()
    other.close()


def test_team_agreement_shows_the_pairs_and_opens_the_weakest_article(
    qtbot,
    team_window: MainWindow,
    team: ProjectService,  # type: ignore[no-untyped-def]
) -> None:
    window = team_window
    menu = next(a for a in window.menuBar().actions() if a.text() == "&Team")
    action = next(a for a in menu.menu().actions() if a.text() == "&Agreement…")
    action.trigger()
    dialog = window.agreement_dialog  # type: ignore[attr-defined]
    # computed on a worker thread: the menu returned at once, the window stayed responsive
    # (the result comes through the event loop, which has not run yet)
    assert dialog.computing and dialog.figures == {}
    assert "Computing" in dialog.summary.text()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.computing, timeout=20000)
    assert not dialog.busy.isVisible()
    assert dialog.figures["articles"] == 2
    heat = dialog.heat_map
    assert heat.analysts == ["alice", "bob", "carol"]
    # alice and carol agree on their one common article; bob disagrees on the other one.
    assert heat.value("alice", "carol") is None or heat.value("alice", "carol") >= heat.value(
        "alice", "bob"
    )
    green, red = heat.cell_color("alice", "alice"), heat.cell_color("alice", "bob")
    assert green.hueF() > red.hueF()
    picture = heat.image()
    size = min((picture.width() - 60) // 3, (picture.height() - 60) // 3)
    # The picture paints each pair's square in its colour (row alice, column bob; a corner,
    # away from the figure written in the middle).
    assert picture.pixelColor(60 + size + 3, 60 + 3).name() == red.name()
    assert picture.pixelColor(60 + 3, 60 + 3).name() == green.name()
    articles = dialog.articles
    weakest = articles.model().rows[0]
    assert weakest[0] == team.document_ids()[1]  # bob's CUE against alice's SOURCE
    # The columns say what they measure in words; the tooltip names the --json key.
    measures = dialog.measures.model()
    horizontal = Qt.Orientation.Horizontal
    assert measures.headerData(1, horizontal) == "α characters"
    assert "alpha_chars" in measures.headerData(1, horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "span_f1_exact" not in [measures.headerData(c, horizontal) for c in range(7)]
    articles.setFocus()
    articles.setCurrentIndex(articles.model().index(0, 0))
    qtbot.keyClick(articles, Qt.Key.Key_Return)
    assert window.pane.document_id == team.document_ids()[1]
    assert dialog.isVisible()  # Enter opened the article; it did not press Close
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_agreement_cancelled_leaves_the_dialog_usable(
    qtbot,
    team_window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    dialog = team_window.team_agreement()  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.computing and "Cancelled" in dialog.summary.text()
    dialog.refresh()  # asked again, it computes
    qtbot.waitUntil(lambda: not dialog.computing, timeout=20000)
    assert dialog.figures["articles"] == 2
    dialog.close()
