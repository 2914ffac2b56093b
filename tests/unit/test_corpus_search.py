"""The corpus browser's filter: full-text search, status and label, with counts and pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain.errors import AnnotatorError, UnknownLabel
from annotator.domain.search import DocumentFilter, fts_query
from annotator.service import ProjectService
from annotator.storage.migrations import migrations
from annotator.storage.repository import ProjectStore
from tests.conftest import SEEDS


def seed_ids(service: ProjectService) -> dict[str, int]:
    """The seeds' document ids by file prefix ("000", "004"), told apart by their titles."""
    rows = service.document_rows(0, 10)
    by_prefix = {}
    for row in rows:
        by_prefix["004" if row.title.startswith("If US Separates") else "000"] = row.id
    assert len(by_prefix) == 2
    return by_prefix


def found(service: ProjectService, **where: str) -> set[int]:
    return {row.id for row in service.document_rows(0, 100, **where)}


def test_a_word_in_both_seeds_finds_both(seeded: ProjectService) -> None:
    ids = seed_ids(seeded)
    assert found(seeded, query="Lavrov") == {ids["000"], ids["004"]}
    assert seeded.document_count(query="Lavrov") == 2


def test_a_word_only_in_one_seed_finds_only_that_one(seeded: ProjectService) -> None:
    ids = seed_ids(seeded)
    # 000 names Ryabkov only in its scraped "Latest news" list, so that word finds both seeds;
    # Hangzhou and Sputnik are in the text of 004 alone.
    assert found(seeded, query="Ryabkov") == {ids["000"], ids["004"]}
    assert found(seeded, query="Hangzhou") == {ids["004"]}
    assert found(seeded, query="sputnik") == {ids["004"]}
    assert seeded.document_count(query="Hangzhou") == 1


def test_every_word_must_occur_and_a_quoted_phrase_is_kept_in_order(
    seeded: ProjectService,
) -> None:
    ids = seed_ids(seeded)
    assert found(seeded, query="Lavrov Hangzhou") == {ids["004"]}
    assert found(seeded, query='"Sergei Lavrov"') == {ids["004"]}
    assert found(seeded, query='"Lavrov Sergei"') == set()


def test_a_word_ending_in_a_star_matches_as_a_prefix(seeded: ProjectService) -> None:
    assert seeded.document_count(query="Lavr") == 0
    assert seeded.document_count(query="Lavr*") == 2


def test_the_title_is_searched_too(service: ProjectService, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Zanzibar summit\n\nNothing else of note here.", encoding="utf-8")
    service.import_paths([article])
    assert service.document_count(query="zanzibar") == 1


@pytest.mark.parametrize(
    "typed", ['"', 'Lavrov"', "NEAR(", "-Lavrov", "Lavrov AND", "title:", "^", "*", "(", "OR OR"]
)
def test_search_syntax_typed_by_a_user_never_fails(seeded: ProjectService, typed: str) -> None:
    seeded.document_rows(0, 10, query=typed)
    seeded.document_count(query=typed)


def test_operator_words_are_searched_as_words(seeded: ProjectService) -> None:
    ids = seed_ids(seeded)
    # As FTS5 syntax this would be "Lavrov but not Hangzhou" (000); typed, it is three words,
    # and only 004 holds all three ("we do not have the timing").
    assert found(seeded, query="Lavrov NOT Hangzhou") == {ids["004"]}


def test_a_word_after_a_minus_must_not_occur(seeded: ProjectService) -> None:
    ids = seed_ids(seeded)
    assert found(seeded, query="Lavrov -Hangzhou") == {ids["000"]}
    assert found(seeded, query='Lavrov -"Sergei Lavrov"') == {ids["000"]}
    assert found(seeded, query="Lavrov - Hangzhou") == {ids["004"]}  # a lone "-" is no word
    assert seeded.document_count(query="-Hangzhou") == 2  # nothing wanted: no search at all


def test_fts_query_quotes_every_term() -> None:
    assert fts_query("Lavrov") == '"Lavrov"'
    assert fts_query('NEAR(a b) "x y" c*') == '"NEAR a" AND "b" AND "x y" AND "c"*'
    assert fts_query("U.S. co-operate") == '"U S" AND "co operate"'
    assert fts_query('a -b -"c d"') == '"a" NOT "b" NOT "c d"'
    assert fts_query('  " ( ') is None


def test_status_filter(seeded: ProjectService) -> None:
    ids = seed_ids(seeded)
    seeded.set_status(ids["004"], "done")
    assert found(seeded, status="done") == {ids["004"]}
    assert found(seeded, status="new") == {ids["000"]}
    assert seeded.document_count(status="in_progress") == 0


def test_an_unknown_status_is_a_clear_error(seeded: ProjectService) -> None:
    with pytest.raises(AnnotatorError, match="unknown status 'finished'"):
        seeded.document_count(status="finished")


def test_label_filter_keeps_articles_with_a_span_of_that_label(seeded: ProjectService) -> None:
    ids = seed_ids(seeded)
    seeded.add_span(ids["000"], 0, 6, "GPE")
    seeded.add_span(ids["004"], 0, 2, "CLAIM")
    seeded.add_span(ids["004"], 3, 5, "GPE")
    assert found(seeded, label="GPE") == {ids["000"], ids["004"]}
    assert found(seeded, label="CLAIM") == {ids["004"]}
    assert seeded.document_count(label="PERSON") == 0


def test_an_unknown_label_is_a_clear_error(seeded: ProjectService) -> None:
    with pytest.raises(UnknownLabel, match="'NOPE' is not in the project's schema"):
        seeded.document_rows(0, 10, label="NOPE")


def test_filters_combine(seeded: ProjectService) -> None:
    ids = seed_ids(seeded)
    seeded.add_span(ids["000"], 0, 6, "GPE")  # marks 000 in progress
    seeded.add_span(ids["004"], 3, 5, "GPE")
    seeded.set_status(ids["004"], "done")
    assert found(seeded, query="Lavrov", label="GPE", status="done") == {ids["004"]}
    assert seeded.document_count(query="Lavrov", label="GPE", status="in_progress") == 1
    assert seeded.document_count(query="Hangzhou", status="in_progress") == 0


def test_filtered_pages_are_sorted_and_paged(service: ProjectService, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(7):
        topic = "ceasefire" if i % 2 == 0 else "weather"
        (folder / f"{i}.txt").write_text(f"Title {i}\n\nA story about the {topic}.", "utf-8")
    service.import_paths([folder])
    assert service.document_count(query="ceasefire") == 4
    titles = [
        row.title
        for offset in (0, 2)
        for row in service.document_rows(
            offset, 2, order_by="title", descending=True, query="ceasefire"
        )
    ]
    assert titles == ["Title 6", "Title 4", "Title 2", "Title 0"]


def test_the_unfiltered_listing_keeps_its_old_call(seeded: ProjectService) -> None:
    assert [row.id for row in seeded.document_rows(0, 1, order_by="id", descending=True)] == [
        max(seed_ids(seeded).values())
    ]
    assert seeded.document_count() == 2


def test_a_project_made_before_search_has_its_articles_indexed_on_opening(
    project_path: Path,
) -> None:
    conn = sqlite3.connect(project_path)
    db = Database(conn)
    migrations.apply(db, stop_before="m030_browser_documents_fts")
    conn.execute(
        "INSERT INTO documents (title, text, content_hash, imported_at)"
        " VALUES ('Old', 'An article about Aleppo', 'x', '2024-01-01')"
    )
    conn.commit()
    conn.close()
    store = ProjectStore.open(project_path)
    try:
        assert store.document_count(DocumentFilter("aleppo")) == 1
    finally:
        store.close()


def test_the_seeds_folder_is_what_the_tests_search(seeded: ProjectService) -> None:
    assert sorted(p.name[:3] for p in SEEDS.glob("*.txt")) == ["000", "004"]


def test_new_articles_are_indexed_by_the_first_search_once(
    seeded: ProjectService, tmp_path: Path
) -> None:
    store = seeded.store
    (tmp_path / "new.txt").write_text(
        "Zanzibar talks\nTalks in Zanzibar resumed.", encoding="utf-8"
    )
    assert seeded.document_count(query="Hangzhou") == 1  # indexes the seeds
    seeded.import_paths([tmp_path / "new.txt"])
    newest = max(seeded.document_ids())
    state = store.conn.execute("SELECT indexed_through FROM search_index_state").fetchone()[0]
    assert state < newest  # the import left indexing to the search
    assert seeded.document_count(query="Zanzibar") == 1
    assert seeded.document_count(query="Zanzibar") == 1  # indexed once, not twice
    assert seeded.document_count(query="Lavrov") == 2
    assert store.catch_up_search_index() == 0


def test_a_project_made_before_search_on_demand_is_searched_without_duplicates(
    project_path: Path,
) -> None:
    conn = sqlite3.connect(project_path)
    db = Database(conn)
    migrations.apply(db, stop_before="m060_search_index_on_demand")
    conn.execute(
        "INSERT INTO documents (title, text, content_hash, imported_at)"
        " VALUES ('Old', 'An article about Aleppo', 'x', '2024-01-01')"
    )
    conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    conn.commit()
    conn.close()
    store = ProjectStore.open(project_path)
    try:
        assert store.document_count(DocumentFilter("aleppo")) == 1
        assert store.catch_up_search_index() == 0
    finally:
        store.close()


def test_accents_are_folded_alike_on_both_stores(service: ProjectService, tmp_path: Path) -> None:
    """ "Sao Paulo" finds "São Paulo" and the other way round, whichever store holds the
    project (a server reads words through `unaccent`, as SQLite's index drops diacritics)."""
    article = tmp_path / "brazil.txt"
    article.write_text("Protests in São Paulo\n\nCrowds filled the Praça da Sé in São Paulo.\n")
    other = tmp_path / "plain.txt"
    other.write_text("Sao Tome\n\nA report from Sao Tome, with Señor Muñoz quoted.\n")
    ids = service.import_paths([article, other]).document_ids
    brazil, plain = ids
    assert found(service, query="Sao Paulo") == {brazil}
    assert found(service, query='"praca da se"') == {brazil}
    assert found(service, query="são") == {brazil, plain}
    assert found(service, query="Munoz") == {plain}
    assert found(service, query="Mu*") == {plain}
    assert found(service, query="sao -PAULO") == {plain}
