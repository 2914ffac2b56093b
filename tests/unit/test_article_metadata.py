"""Article metadata read from every format that carries it, under the names each format uses."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain.metadata import (
    ArticleMetadata,
    ArticleProperties,
    article_metadata,
    outlet_from_url,
)
from annotator.service import ProjectService


def test_aliases_dates_and_outlet_from_the_url() -> None:
    found = article_metadata(
        {
            "Publisher": "breitbart",
            "publication_date": "2016-03-11",
            "author": [{"@type": "Person", "name": "Jane Doe"}, "AP"],
            "lang": "en",
        }
    )
    assert found == ArticleMetadata("breitbart", "2016-03-11", None, "Jane Doe, AP", "en")
    derived = article_metadata({"url": "https://www.rt.com/news/1-lavrov/", "date": "May 2, 2013"})
    assert (derived.outlet, derived.published) == ("rt.com", "2013-05-02")
    assert article_metadata({"outlet": "None", "url": ""}).outlet is None
    assert outlet_from_url("http://joyofsox.blogspot.nl/2008/12/x.html") == "joyofsox.blogspot.nl"
    assert outlet_from_url("not a url") is None


def _rows(service: ProjectService) -> dict[str, object]:
    return {row.title: row for row in service.document_rows(limit=50)}


def test_jsonl_meta_csv_columns_and_label_studio_data(
    service: ProjectService, tmp_path: Path
) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        json.dumps(
            {
                "text": "Lavrov said 🙂 things.",
                "title": "J",
                "meta": {"url": "https://sputniknews.com/x", "author": "Ann", "language": "ru"},
            }
        )
        + "\n",
        encoding="utf-8",
    )
    csv = tmp_path / "b.csv"
    csv.write_text(
        "title,text,outlet,date,author,language\r\nC,Body\u00a0text,RT,2017-04-01,Bo,en\r\n",
        encoding="utf-8-sig",
    )
    studio = tmp_path / "c.json"
    studio.write_text(
        json.dumps(
            [
                {
                    "id": 1,
                    "data": {
                        "text": "Studio text",
                        "title": "L",
                        "outlet": "TASS",
                        "published": "2017-04-02T10:00:00Z",
                    },
                    "annotations": [],
                }
            ]
        ),
        encoding="utf-8",
    )
    service.import_paths([jsonl, csv, studio])
    rows = _rows(service)
    j, c, studio_row = rows["J"], rows["C"], rows["L"]
    assert (j.outlet, j.url, j.author, j.language) == (
        "sputniknews.com",
        "https://sputniknews.com/x",
        "Ann",
        "ru",
    )
    assert (c.outlet, c.published, c.author, c.language) == ("RT", "2017-04-01", "Bo", "en")
    assert (studio_row.outlet, studio_row.published) == ("TASS", "2017-04-02T10:00:00+00:00")


def test_html_meta_open_graph_and_json_ld(service: ProjectService, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "datePublished": "2017-04-03T08:00:00+03:00",
        "author": {"@type": "Person", "name": "Ivan Petrov"},
        "publisher": {"@type": "Organization", "name": "RT"},
    }
    page.write_text(
        '<html lang="en"><head><title>Headline</title>'
        '<meta property="og:url" content="https://www.rt.com/news/383-lavrov/">'
        '<meta name="author" content="Someone Else">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        "<body><article><h1>Headline</h1><p>Lavrov said the strike was an act of aggression"
        " against a sovereign state, in violation of international law.</p></article></body></html>",
        encoding="utf-8",
    )
    service.import_paths([page])
    row = service.document_rows()[0]
    assert (row.outlet, row.published, row.url, row.author, row.language) == (
        "RT",
        "2017-04-03T08:00:00+03:00",
        "https://www.rt.com/news/383-lavrov/",
        "Ivan Petrov",
        "en",
    )


def test_properties_are_stored_searchable_and_sortable(
    service: ProjectService, tmp_path: Path
) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"Article {name} text", encoding="utf-8")
    service.import_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    first, second = service.document_ids()
    before = service.set_article_properties(
        first,
        ArticleProperties(
            "  Kerry   meets Lavrov ", ArticleMetadata("RT", "April 1, 2017", None, "Ann", "en")
        ),
    )
    assert before.title == "Article a text"
    service.set_article_properties(
        second, ArticleProperties("Sputnik story", ArticleMetadata("Sputnik", "2017-03-30"))
    )
    props = service.article_properties(first)
    assert props.title == "Kerry meets Lavrov" and props.metadata.published == "2017-04-01"
    assert [r.id for r in service.document_rows(query="outlet:sputnik")] == [second]
    assert [r.id for r in service.document_rows(query="author:ann kerry")] == [first]
    assert [r.id for r in service.document_rows(order_by="published")] == [second, first]
    assert service.document_count(query="kerry") == 1  # the new title is in the search index
    service.set_article_properties(first, before)
    assert service.article_properties(first) == before


def test_a_project_made_before_m110_gets_its_metadata_columns_filled(tmp_path: Path) -> None:
    import sqlite3

    from sqlite_utils import Database

    from annotator.storage.migrations import migrations
    from annotator.storage.repository import ProjectStore

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before="m110_article_metadata")
    meta = {"url": "https://www.rt.com/news/1/", "byline": "Ann", "lang": "en"}
    conn.execute(
        "INSERT INTO documents (title, text, meta, content_hash, imported_at)"
        " VALUES ('Old', 'Text', ?, 'x', '2024-01-01')",
        [json.dumps(meta)],
    )
    conn.commit()
    conn.close()
    store = ProjectStore.open(path)
    try:
        row = store.document_row(1)
        assert row is not None
        assert (row.outlet, row.url, row.author, row.language) == (
            "rt.com",
            "https://www.rt.com/news/1/",
            "Ann",
            "en",
        )
    finally:
        store.close()
