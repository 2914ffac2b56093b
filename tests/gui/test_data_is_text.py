"""Data is text: markup in titles, span texts, notes, label names and file names is shown as
written in every widget (an imported `<h1>` is not a heading, an `<img src=file:…>` loads nothing)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from annotator.gui.main_window import MainWindow
from annotator.gui.schema_editor import SchemaEditorDialog
from annotator.service import ProjectService

TITLE = "<h1>Big</h1><img src=file:///etc/hostname>"
SPAN = "<b>Lavrov</b>"
NOTE = "<i>check</i> <img src=file:///tmp/x.png>"
LABEL = "<u>TECHNIQUE</u>"
LINK = "<s>ECHO</s>"


def shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt draws for `text`: markup is parsed when the format says so or Qt guesses it is."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(label: QLabel) -> str:
    return shown(label.text(), label.textFormat())


def test_markup_in_the_data_is_shown_literally_everywhere(
    qtbot, service: ProjectService, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    text = f"{SPAN} said the talks <em>failed</em>. {SPAN} again."
    source = tmp_path / "<b>feed<i>.jsonl"
    records = [
        {"title": TITLE, "text": text, "spans": [{"start": 0, "end": len(SPAN), "label": LABEL}]},
        {"title": "Other", "text": f"Later {SPAN} denied it."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    report = service.import_paths([source])
    first, second = report.document_ids
    service.set_label_hotkey(LABEL, "9")
    [span] = service.spans(first)
    service.update_span(replace(span, note=NOTE))
    other = service.add_span(second, 6, 6 + len(SPAN), "SOURCE")
    service.add_label(LINK, "link")
    service.add_link(span.id, other.id, LINK)  # type: ignore[arg-type]

    window.open_document(first)
    pane = window.pane
    # the pane's header and its provenance tooltip
    # (the title line is elided to the pane's width; the tooltip holds it whole)
    assert TITLE.startswith(label_shows(pane.header.title).removesuffix("…"))
    assert TITLE in shown(pane.header.toolTip())
    assert "<b>feed<i>.jsonl" in shown(pane.header.toolTip())
    # the corpus browser's title and its tooltip
    window.corpus_model.reload()
    row = window.corpus_model.row_of(first)
    index = window.corpus_model.index(row, 0)  # type: ignore[arg-type]
    assert TITLE in str(index.data())
    assert TITLE in shown(str(index.data(Qt.ItemDataRole.ToolTipRole)))
    # the inspector: label, span text, note, links
    pane.reveal_span(span.id)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: window.inspector.span is not None)
    inspector = window.inspector
    assert SPAN in label_shows(inspector.text_label)
    assert inspector.note.toPlainText() == NOTE
    assert LABEL in inspector.label_box.currentText()
    links = inspector.links_model
    assert SPAN in str(links.index(0).data()) and LINK in str(links.index(0).data())
    assert LINK in shown(str(links.index(0).data(Qt.ItemDataRole.ToolTipRole)))
    # the links dock and its tooltips
    window.links_model.show_documents([first, second])
    cell = window.links_model.index(0, 1)
    assert SPAN in shown(str(cell.data(Qt.ItemDataRole.ToolTipRole)))
    assert LINK in shown(str(window.links_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)))
    # the label bar's button tooltip
    action = next(a for a in window.label_bar.actions() if LABEL in a.text())
    assert LABEL in shown(action.toolTip())
    # the relation prompt names labels; the schema editor's message names a label
    pane.start_relation()
    assert "Esc" in label_shows(pane.prompt) or not pane.prompt.isVisible()
    pane.cancel_mode()
    editor = SchemaEditorDialog(window.session, window)
    qtbot.addWidget(editor)
    editor.show_message(f"label {LABEL} is in use")
    assert LABEL in label_shows(editor.message)
    for label in window.findChildren(QLabel):
        if label.textFormat() != Qt.TextFormat.RichText:  # our own headings stay bold
            assert "<h1>" not in label.text() or "<h1>" in label_shows(label)


def test_the_import_report_shows_new_label_names_as_written(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from annotator.gui.importer import ProblemsDialog

    dialog = ProblemsDialog("Import", f"Labels added: {LABEL}.", [f"a.jsonl:1: {TITLE}"], window)
    qtbot.addWidget(dialog)
    [summary] = [w for w in dialog.findChildren(QLabel) if LABEL in w.text()]
    assert LABEL in label_shows(summary)
    assert TITLE in dialog.text.toPlainText()


def _drawn_as_plain_text(label: QLabel) -> bool:
    """The label draws exactly what a label of the same text with no markup and no shortcut
    draws (the text only: the dialog's background is not compared)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage, QPainter, QRegion
    from PySide6.QtWidgets import QWidget

    plain = QLabel()
    plain.setTextFormat(Qt.TextFormat.PlainText)
    plain.setText(label.text().replace("&&", "&"))
    plain.setFont(label.font())
    plain.setAlignment(label.alignment())
    plain.setWordWrap(label.wordWrap())
    plain.resize(label.size())

    def drawn(widget: QLabel) -> QImage:
        image = QImage(widget.size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        widget.render(painter, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
        painter.end()
        return image

    return drawn(plain) == drawn(label)


def test_a_new_labels_name_is_asked_about_as_written(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Add label asks "What does NAME mark?": an ampersand in the name was a shortcut (R&D
    showed as RD, the D underlined); the attributes dialog showed markup in names as markup."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    name = "R&D <u>leak</u>"
    seen: list[bool] = []

    def answer(value: str | None) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(50, lambda: answer(value))
            return
        (prompt,) = dialog.findChildren(QLabel)
        if value is None:  # the kind question: look at how the name is shown, then answer
            try:
                seen.append(_drawn_as_plain_text(prompt))
            finally:
                dialog.reject()
            return
        dialog.setTextValue(value)
        dialog.accept()
        QTimer.singleShot(50, lambda: answer(None))

    editor = SchemaEditorDialog(window.session, window)
    qtbot.addWidget(editor)
    editor.show()
    QTimer.singleShot(50, lambda: answer(name))
    editor.add_label()
    assert seen == [True]
