"""Article ▸ Properties and the corpus browser's metadata columns, driven through the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from annotator.gui.article_properties import ArticlePropertiesDialog
from annotator.gui.corpus import COLUMNS
from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService


def column(field: str) -> int:
    return [f for f, _t in COLUMNS].index(field)


def test_properties_edit_is_one_undoable_edit_shown_in_the_browser(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:
    document_id = seeded.document_ids()[0]
    window.open_document(document_id)
    dialog = window.article_properties()
    assert isinstance(dialog, ArticlePropertiesDialog)
    qtbot.waitExposed(dialog)
    title = dialog.findChild(QLineEdit, "PropertyTitle")
    title.selectAll()
    qtbot.keyClicks(title, "Lavrov: Russia, US to urge opposition")
    title.insert(" 🇷🇺")  # QTest cannot type astral characters: pasted, as an analyst would
    qtbot.keyClicks(
        dialog.findChild(QLineEdit, "Property_url"), "https://www.rt.com/news/331-lavrov/"
    )
    qtbot.keyClicks(dialog.findChild(QLineEdit, "Property_published"), "2015-12-23")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "Property_author"), "RT staff")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "Property_language"), "en")
    qtbot.keyClick(dialog.findChild(QLineEdit, "Property_language"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    stored = seeded.article_properties(document_id)
    assert stored.title == "Lavrov: Russia, US to urge opposition 🇷🇺"
    assert stored.metadata.outlet == "rt.com"  # from the URL, as the placeholder says
    model = window.corpus_model
    row = model.row_of(document_id)
    assert model.index(row, column("title")).data() == stored.title
    assert model.index(row, column("outlet")).data() == "rt.com"
    assert model.index(row, column("published")).data() == "2015-12-23"

    window.undo_action.trigger()
    assert seeded.article_properties(document_id).metadata.outlet is None
    assert model.index(row, column("outlet")).data() == ""
    window.redo_action.trigger()
    assert model.index(row, column("author")).data() == "RT staff"


def test_columns_can_be_shown_and_hidden_and_stay_so(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:
    view = window.corpus_view
    header = view.horizontalHeader()
    assert header.isSectionHidden(column("author"))
    menu = view.column_menu()
    author = next(a for a in menu.actions() if a.text() == "Author")
    author.trigger()
    assert not header.isSectionHidden(column("author"))
    status = next(a for a in menu.actions() if a.text() == "Status")
    status.trigger()
    assert header.isSectionHidden(column("status"))
    assert seeded.setting("corpus_columns") == [
        "title",
        "outlet",
        "published",
        "span_count",
        "author",
    ]
    # The title column takes the width the others leave.
    assert header.sectionResizeMode(column("title")) == header.ResizeMode.Stretch
