"""Story ▸ Compare on the seeds in the real window: the differing attribution marked, a click opens the span."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.metadata import ArticleMetadata, ArticleProperties
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.gui.story_compare import DIFFERS, OMITTED
from annotator.service import ProjectService

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def demo(qapp, tmp_path: Path) -> Iterator[ProjectService]:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(DOCS))
    try:
        from demo_project import build
    finally:
        sys.path.remove(str(DOCS))
    service = build(tmp_path / "demo.db")
    for document_id, outlet in zip(service.document_ids(), ("RT", "Sputnik"), strict=True):
        title = service.article_properties(document_id).title
        service.set_article_properties(
            document_id, ArticleProperties(title, ArticleMetadata(outlet=outlet))
        )
    yield service


def test_compare_marks_the_attribution_and_opens_the_span(qtbot, demo: ProjectService) -> None:
    session = Session(demo)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    a, b = demo.document_ids()
    demo.stories.create("Lavrov-Kerry", [a, b])
    panel = window.stories
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    compare_action = next(x for x in panel.menu.actions() if x.text() == "&Compare outlets")
    compare_action.trigger()
    (compare,) = panel.compare_windows
    qtbot.waitExposed(compare)
    model = compare.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["RT", "Sputnik"]
    row = next(
        r
        for r in range(model.rowCount())
        if model.headerData(r, Qt.Orientation.Vertical).startswith("Claim ≠")
    )
    rt, sputnik = model.index(row, 0), model.index(row, 1)
    assert "said by: Lavrov\nvia: RT website" in rt.data()
    assert "said by: Sergei Ryabkov\nvia: Sputnik" in sputnik.data()
    assert rt.data(Qt.ItemDataRole.BackgroundRole) == DIFFERS
    # A claim only one outlet tells is an omission in the other's column.
    omitted = [
        model.index(r, c)
        for r in range(model.rowCount())
        for c in range(2)
        if model.index(r, c).data(Qt.ItemDataRole.BackgroundRole) == OMITTED
    ]
    assert all(index.data() == "" for index in omitted)

    # Clicking Sputnik's cell shows that claim, chosen, in its article.
    compare.table.scrollTo(sputnik)
    rect = compare.table.visualRect(sputnik)
    qtbot.mouseClick(compare.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    pane = window.panes.pane_showing(b)
    assert pane is not None
    chosen = pane.selected_span()
    assert chosen is not None and chosen.label == "CLAIM"
    assert demo.text_of(b)[chosen.start : chosen.end].startswith("A meeting between Russian")

    # Deleting the story empties the comparison left open.
    before = model.rowCount()
    demo.stories.delete([demo.stories.list()[0].id])
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    assert before > 0
    assert compare.legend.text().startswith("Nothing to compare yet")
    compare.close()
    QApplication.processEvents()
    session.signals.detach()


def test_graph_window_and_report_from_the_menus(
    qtbot, demo: ProjectService, tmp_path: Path
) -> None:
    from annotator.gui.story_menu import export_report
    from annotator.gui.story_pictures_view import BoxItem

    session = Session(demo)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    a, b = demo.document_ids()
    demo.stories.create("Lavrov-Kerry", [a, b])
    panel = window.stories
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    graph_action = next(
        x for x in panel.menu.actions() if x.text() == "Attribution &graph and timeline"
    )
    graph_action.trigger()
    (pictures,) = panel.pictures_windows
    qtbot.waitExposed(pictures)
    view = pictures.views[0]
    boxes = [item for item in view.scene().items() if isinstance(item, BoxItem)]
    ryabkov = next(item for item in boxes if item.box.tooltip == "Sergei Ryabkov")
    assert ryabkov.box.ref is not None
    view.centerOn(ryabkov)
    point = view.mapFromScene(ryabkov.sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    pane = window.panes.pane_showing(b)
    assert pane is not None and pane.selected_span() is not None
    assert pane.selected_span().label == "SOURCE"
    # The timeline has a dot per article.
    dots = [i for i in pictures.views[1].scene().items() if isinstance(i, BoxItem)]
    assert len(dots) == 2
    file_menu = next(x.menu() for x in window.menuBar().actions() if x.text() == "&File")
    assert "Export story &report…" in [x.text() for x in file_menu.actions()]
    written = export_report(window, demo.stories.list()[0].id, tmp_path / "r.html")
    assert written is not None and "Sergei Ryabkov" in written.read_text(encoding="utf-8")
    pictures.close()
    session.signals.detach()
