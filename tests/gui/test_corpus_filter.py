"""The corpus browser's filter bar driving the real corpus model, as an analyst uses them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.domain.search import DocumentFilter
from annotator.gui.corpus import PAGE, CorpusModel, CorpusView
from annotator.gui.corpus_filter import CorpusFilterBar
from annotator.gui.session import Session
from annotator.service import ProjectService


def titles(model: CorpusModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def wire(qtbot, session: Session) -> tuple[CorpusFilterBar, CorpusModel]:  # type: ignore[no-untyped-def]
    bar = CorpusFilterBar(session)
    qtbot.addWidget(bar)
    model = CorpusModel(session)
    bar.filter_changed.connect(model.set_filter)
    return bar, model


def test_typing_a_word_lists_only_the_articles_that_have_it(
    qtbot, seeded: ProjectService, session: Session
) -> None:
    bar, model = wire(qtbot, session)
    assert model.rowCount() == 2
    with qtbot.waitSignal(bar.filter_changed, timeout=2000) as changed:
        qtbot.keyClicks(bar.search, "Hangzhou")
    assert changed.args == [DocumentFilter("Hangzhou")]
    assert titles(model) == [
        "If US Separates Terrorists & Opposition in Syria, Lavrov, Kerry Could Meet at G20"
    ]
    assert model.total() == 1
    # Escape clears the box and brings every article back at once.
    qtbot.keyClick(bar.search, Qt.Key.Key_Escape)
    assert bar.search.text() == ""
    assert model.rowCount() == 2


def test_enter_searches_at_once_and_hands_over_to_the_list(
    qtbot, seeded: ProjectService, session: Session
) -> None:
    bar, model = wire(qtbot, session)
    bar.search.setText("Lavrov -Hangzhou")
    with qtbot.waitSignal(bar.accepted, timeout=500):
        qtbot.keyClick(bar.search, Qt.Key.Key_Return)
    assert len(titles(model)) == 1
    assert titles(model)[0].startswith("Russia ,US to urge")


def test_status_and_label_choosers_filter(qtbot, seeded: ProjectService, session: Session) -> None:
    bar, model = wire(qtbot, session)
    first, second = seeded.document_ids()
    seeded.add_span(second, 0, 2, "CLAIM")
    seeded.set_status(first, "done")
    bar.status.setCurrentIndex(bar.status.findData("done"))
    assert [model.document_id(r) for r in range(model.rowCount())] == [first]
    bar.status.setCurrentIndex(bar.status.findData("in_progress"))
    assert [model.document_id(r) for r in range(model.rowCount())] == [second]
    bar.status.setCurrentIndex(0)
    bar.label.setCurrentIndex(bar.label.findData("CLAIM"))
    assert [model.document_id(r) for r in range(model.rowCount())] == [second]
    bar.label.setCurrentIndex(bar.label.findData("PERSON"))
    assert model.rowCount() == 0


def test_the_label_chooser_follows_the_schema(
    qtbot, seeded: ProjectService, session: Session
) -> None:
    bar, model = wire(qtbot, session)
    second = seeded.document_ids()[1]
    seeded.add_span(second, 0, 2, "GPE")
    assert bar.label.findData("HEDGE") == -1
    seeded.add_label("HEDGE")
    assert bar.label.findData("HEDGE") > 0
    assert bar.label.findData("SAID_BY") == -1  # relation labels mark no article's spans
    bar.label.setCurrentIndex(bar.label.findData("GPE"))
    assert model.rowCount() == 1
    # The label filtered on is merged away: the filter lets go of it and every article shows.
    seeded.merge_label("GPE", "ORG")
    assert bar.label.currentData() is None
    assert model.filter == DocumentFilter()
    assert model.rowCount() == 2


def test_a_filtered_list_still_pages_lazily(
    qtbot, service: ProjectService, session: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(PAGE * 2 + 10):
        topic = "ceasefire" if i % 2 else "weather"
        (folder / f"{i:04d}.txt").write_text(f"Story {i:04d}\n\nAbout the {topic}.", "utf-8")
    service.import_paths([folder])
    model = CorpusModel(session)
    view = CorpusView(model)
    qtbot.addWidget(view)
    model.set_filter(DocumentFilter("ceasefire"))
    assert model.total() == PAGE + 5
    assert model.rowCount() == PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE + 5
    assert not model.canFetchMore()
    assert all(
        "ceasefire" in service.document(model.document_id(r)).text for r in range(model.rowCount())
    )


def test_the_browser_opens_in_import_order_and_sorts_by_a_clicked_column(
    qtbot, seeded: ProjectService, session: Session
) -> None:
    first, second = seeded.document_ids()
    seeded.add_span(first, 0, 6, "GPE")  # sorting by span count would put `second` first
    model = CorpusModel(session)
    view = CorpusView(model)
    qtbot.addWidget(view)
    assert [model.document_id(0), model.document_id(1)] == [first, second]
    view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # Spans, most first
    assert [model.document_id(0), model.document_id(1)] == [first, second]
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Title: "If US…" before "Russia…"
    assert [model.document_id(0), model.document_id(1)] == [second, first]
