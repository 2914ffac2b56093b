"""The project file's schema, as append-only sqlite-utils migration steps.

Never edit a step that has shipped: add a new one. A project records the steps applied to it in
`_sqlite_migrations` (set "annotator"); a project holding a step this version does not know was made
by a newer version and is refused rather than half understood.

Tables are meant to be read by people in any SQLite tool (Datasette too): plain names, offsets as
`char_start`/`char_end` in code points, JSON in TEXT columns, labels referenced by name.
"""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database, Migrations

from annotator.storage.steps import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)


def _run_script(db: Database, script: str) -> None:
    """Run SQL statements one by one, inside the step's transaction.

    `executescript` would COMMIT first and break the step's atomicity, so statements are split with
    `sqlite3.complete_statement`, which knows that a trigger's body holds semicolons.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {statement!r}")


@migrations()
def m001_initial(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE project (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('span', 'relation', 'link')),
            hotkey TEXT,
            color TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            attributes TEXT NOT NULL DEFAULT '[]',
            head_labels TEXT NOT NULL DEFAULT '[]',
            child_labels TEXT NOT NULL DEFAULT '[]',
            retired INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            outlet TEXT,
            published TEXT,
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
            span_count INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            source_path TEXT,
            source_line INTEGER,
            source_format TEXT,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX documents_content_hash ON documents (content_hash);
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            note TEXT NOT NULL DEFAULT '',
            suggested INTEGER NOT NULL DEFAULT 0,
            CHECK (char_start >= 0 AND char_end > char_start)
        );
        CREATE INDEX spans_document ON spans (document_id, char_start);
        CREATE INDEX spans_label ON spans (label);
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            head_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            child_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
            CHECK (head_span_id <> child_span_id)
        );
        CREATE INDEX relations_document ON relations (document_id);
        CREATE INDEX relations_head ON relations (head_span_id);
        CREATE INDEX relations_child ON relations (child_span_id);
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            span_a_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            span_b_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
            note TEXT NOT NULL DEFAULT '',
            CHECK (span_a_id <> span_b_id)
        );
        CREATE INDEX links_a ON links (span_a_id);
        CREATE INDEX links_b ON links (span_b_id);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- The corpus browser sorts and shows span counts over a million rows: keep them stored.
        CREATE TRIGGER spans_count_insert AFTER INSERT ON spans BEGIN
            UPDATE documents SET span_count = span_count + 1 WHERE id = NEW.document_id;
        END;
        CREATE TRIGGER spans_count_delete AFTER DELETE ON spans BEGIN
            UPDATE documents SET span_count = span_count - 1 WHERE id = OLD.document_id;
        END;
        INSERT INTO project (key, value) VALUES ('application', 'annotator');
        """,
    )


def known_steps() -> list[str]:
    return [step.name for step in migrations._migrations]


@migrations()
def m002_span_marks_index(db: Database) -> None:
    """A covering index: a view reads the 10,000 spans of an article without touching the rows."""
    db.execute(
        "CREATE INDEX spans_marks ON spans (document_id, char_start, char_end, id, label, suggested)"
    )


@migrations()
def m030_browser_documents_fts(db: Database) -> None:
    """Full-text search over titles and texts for the corpus browser's filter box.

    An external-content FTS5 table: the words are indexed, the texts stay only in `documents`.
    Triggers keep it in step; updates of status or span counts do not touch it. `rebuild` indexes
    the articles of a project made before this step.
    """
    _run_script(
        db,
        """
        CREATE VIRTUAL TABLE documents_fts USING fts5 (
            title, text, content = 'documents', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts (rowid, title, text) VALUES (NEW.id, NEW.title, NEW.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', OLD.id, OLD.title, OLD.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', OLD.id, OLD.title, OLD.text);
            INSERT INTO documents_fts (rowid, title, text) VALUES (NEW.id, NEW.title, NEW.text);
        END;
        INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
        -- The browser filters by status and sorts by every column, a page at a time, over a
        -- million rows: without an index each page would sort the whole project.
        CREATE INDEX documents_status ON documents (status);
        CREATE INDEX documents_title ON documents (title);
        CREATE INDEX documents_outlet ON documents (outlet);
        CREATE INDEX documents_published ON documents (published);
        CREATE INDEX documents_span_count ON documents (span_count);
        """,
    )


@migrations()
def m040_speed_bulk_span_inserts(db: Database) -> None:
    """Make storing spans in bulk cheap: `span_count` kept by the store, one index less.

    The `spans_count_*` triggers rewrote the article's row (text and all) for every span stored, and
    even a trigger that does nothing costs each insert a sub-program run: an import of 100,000 spans
    spent most of its time there. `ProjectStore` is the only writer of spans and now keeps
    `documents.span_count` itself, in the same transaction as the spans (an import writes each
    article's count with the article). `spans_document` is dropped because `spans_marks` starts
    with the same columns and serves every query it served. Counts are recomputed where they are off.
    """
    _run_script(
        db,
        """
        DROP TRIGGER spans_count_insert;
        DROP TRIGGER spans_count_delete;
        DROP INDEX spans_document;
        UPDATE documents SET span_count = (SELECT count(*) FROM spans WHERE document_id = documents.id)
        WHERE span_count != (SELECT count(*) FROM spans WHERE document_id = documents.id);
        """,
    )


@migrations()
def m050_search_index_in_bulk(db: Database) -> None:
    """Index new articles for search once per import batch, not once per row.

    The per-row trigger cost an import of 10,000 articles 2.1 s; the same rows indexed with one
    `INSERT … SELECT` after the batch cost 0.5 s. `ProjectStore.insert_documents`, the only
    writer of articles, now does that in the batch's transaction; deletes and edits of titles or
    texts keep their triggers.
    """
    db.execute("DROP TRIGGER documents_fts_insert")


@migrations()
def m060_search_index_on_demand(db: Database) -> None:
    """Index new articles for search when a search first needs them, not during the import.

    Indexing is a third of an import's time (0.5 s of 1.7 s for 10,000 articles) and most imports
    are not followed by a search at once. `search_index_state.indexed_through` is the newest
    article id in the index; a search first indexes the articles after it (ids only grow). The
    delete and update triggers touch the index only for articles already in it.
    """
    _run_script(
        db,
        """
        CREATE TABLE search_index_state (indexed_through INTEGER NOT NULL);
        INSERT INTO search_index_state (indexed_through)
            SELECT coalesce(max(id), 0) FROM documents;
        DROP TRIGGER documents_fts_delete;
        DROP TRIGGER documents_fts_update;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents
        WHEN OLD.id <= (SELECT indexed_through FROM search_index_state) BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', OLD.id, OLD.title, OLD.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents
        WHEN OLD.id <= (SELECT indexed_through FROM search_index_state) BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', OLD.id, OLD.title, OLD.text);
            INSERT INTO documents_fts (rowid, title, text) VALUES (NEW.id, NEW.title, NEW.text);
        END;
        """,
    )


#: The analyst m100 names as the author of everything stored before analysts were recorded.
ORIGINAL_ANALYST = "original"


@migrations()
def m100_analysts_and_layers(db: Database) -> None:
    """Who made each annotation and when; each analyst's annotations of an article are a layer.

    Spans, relations and links get `layer` (whose annotations they are: an analyst's name, or
    `curated`), `analyst` (who last changed them), `created_at` and `changed_at`. `layers` holds
    one row an article a layer: the layer's status (for `curated`, the curation status), who set it
    and when. Everything stored before this step belongs to the analyst `original`, with the
    article's import time as its times (see docs/adr/0013-layers-as-columns.md).
    The covering index for painting an article gains the layer, so a view reads one layer's marks.
    """
    _run_script(
        db,
        f"""
        ALTER TABLE spans ADD COLUMN layer TEXT NOT NULL DEFAULT '{ORIGINAL_ANALYST}';
        ALTER TABLE spans ADD COLUMN analyst TEXT NOT NULL DEFAULT '{ORIGINAL_ANALYST}';
        ALTER TABLE spans ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE spans ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE relations ADD COLUMN layer TEXT NOT NULL DEFAULT '{ORIGINAL_ANALYST}';
        ALTER TABLE relations ADD COLUMN analyst TEXT NOT NULL DEFAULT '{ORIGINAL_ANALYST}';
        ALTER TABLE relations ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE relations ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE links ADD COLUMN layer TEXT NOT NULL DEFAULT '{ORIGINAL_ANALYST}';
        ALTER TABLE links ADD COLUMN analyst TEXT NOT NULL DEFAULT '{ORIGINAL_ANALYST}';
        ALTER TABLE links ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE links ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
        UPDATE spans SET (created_at, changed_at) = (
            SELECT imported_at, imported_at FROM documents WHERE id = spans.document_id);
        UPDATE relations SET (created_at, changed_at) = (
            SELECT imported_at, imported_at FROM documents WHERE id = relations.document_id);
        UPDATE links SET (created_at, changed_at) = (
            SELECT d.imported_at, d.imported_at FROM spans s JOIN documents d
            ON d.id = s.document_id WHERE s.id = links.span_a_id);
        CREATE TABLE layers (
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'in_progress'
                CHECK (status IN ('new', 'in_progress', 'done')),
            analyst TEXT NOT NULL,
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            PRIMARY KEY (document_id, name)
        );
        CREATE INDEX layers_name ON layers (name, document_id);
        INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)
            SELECT id, '{ORIGINAL_ANALYST}', status, '{ORIGINAL_ANALYST}', imported_at, imported_at
            FROM documents WHERE status != 'new' OR id IN (SELECT document_id FROM spans);
        DROP INDEX spans_marks;
        CREATE INDEX spans_marks
            ON spans (document_id, layer, char_start, char_end, id, label, suggested);
        CREATE INDEX relations_layer ON relations (document_id, layer);
        """,
    )


@migrations()
def m110_article_metadata(db: Database) -> None:
    """URL, author and language as columns of `documents`, beside `outlet` and `published`.

    The corpus browser sorts and searches by them, and Article ▸ Properties edits them: as keys of
    the `meta` JSON they could be neither indexed nor told apart from the file's other fields. Rows
    already stored get them from their `meta` (by the names `annotator.domain.metadata` knows), and
    an outlet from their URL's domain where they had none.
    """
    from annotator.domain.metadata import article_metadata

    _run_script(
        db,
        """
        ALTER TABLE documents ADD COLUMN url TEXT;
        ALTER TABLE documents ADD COLUMN author TEXT;
        ALTER TABLE documents ADD COLUMN language TEXT;
        CREATE INDEX documents_url ON documents (url);
        CREATE INDEX documents_author ON documents (author);
        CREATE INDEX documents_language ON documents (language);
        """,
    )
    updates = []
    for document_id, meta_json, outlet, published in db.execute(
        "SELECT id, meta, outlet, published FROM documents"
    ).fetchall():
        try:
            meta = json.loads(meta_json)
        except ValueError:
            continue
        found = article_metadata(meta if isinstance(meta, dict) else {})
        if any((found.url, found.author, found.language)) or (not outlet and found.outlet):
            updates.append(
                (
                    outlet or found.outlet,
                    published or found.published,
                    found.url,
                    found.author,
                    found.language,
                    document_id,
                )
            )
    for row in updates:
        db.execute(
            "UPDATE documents SET outlet = ?, published = ?, url = ?, author = ?, language = ?"
            " WHERE id = ?",
            row,
        )


@migrations()
def m111_stories(db: Database) -> None:
    """Stories: named groups of articles about one real-world event (see CONTEXT.md).

    An article may belong to several stories (a round-up covers two events). `suggested` marks a
    story proposed by `stories suggest` that the analyst has not accepted; a new suggestion run
    replaces the suggested ones and never touches accepted stories.
    """
    _run_script(
        db,
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            suggested INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            PRIMARY KEY (story_id, document_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_articles_document ON story_articles (document_id, story_id);
        """,
    )


@migrations()
def m120_assist_suggestions(db: Database) -> None:
    """What assisted labelling keeps beside the spans: who proposed a suggested span and how sure
    it was, relations and links proposed but not yet made, the rejections remembered per article,
    and the user's own patterns.

    Suggested spans stay rows of `spans` (flag `suggested`), so they are drawn, counted and kept by
    a bundle like any span; `span_suggestions` only adds origin and score and goes with its span.
    Proposed relations and links are kept apart from `relations` and `links` until accepted, so no
    exporter or chain can mistake them for the analyst's. A rejection is a key naming the item by
    offsets and label (`span:12:20:CUE`), since the rejected span itself is deleted.
    """
    _run_script(
        db,
        """
        CREATE TABLE span_suggestions (
            span_id INTEGER PRIMARY KEY REFERENCES spans (id) ON DELETE CASCADE,
            origin TEXT NOT NULL,
            score REAL NOT NULL DEFAULT 1.0
        );
        CREATE INDEX span_suggestions_origin ON span_suggestions (origin);
        CREATE TABLE suggested_relations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            head_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            child_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
            origin TEXT NOT NULL,
            score REAL NOT NULL DEFAULT 1.0,
            CHECK (head_span_id <> child_span_id)
        );
        CREATE INDEX suggested_relations_document ON suggested_relations (document_id);
        CREATE INDEX suggested_relations_head ON suggested_relations (head_span_id);
        CREATE INDEX suggested_relations_child ON suggested_relations (child_span_id);
        CREATE TABLE suggested_links (
            id INTEGER PRIMARY KEY,
            span_a_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            span_b_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
            origin TEXT NOT NULL,
            score REAL NOT NULL DEFAULT 1.0,
            CHECK (span_a_id <> span_b_id),
            UNIQUE (span_a_id, span_b_id, label)
        );
        CREATE INDEX suggested_links_b ON suggested_links (span_b_id);
        CREATE TABLE rejected_suggestions (
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            origin TEXT NOT NULL,
            rejected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            PRIMARY KEY (document_id, key)
        );
        CREATE TABLE assist_patterns (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            pattern TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        """,
    )


@migrations()
def m130_same_claim_colour_apart_from_claim(db: Database) -> None:
    """Give the preset's SAME_CLAIM link its own colour: it shipped with CLAIM's orange, so a link
    ribbon looked like a claim span. Only a project still holding that shipped colour changes."""
    db.execute(
        "UPDATE labels SET color = '#7b2cbf'"
        " WHERE name = 'SAME_CLAIM' AND kind = 'link' AND lower(color) = '#f4a261'"
    )


@migrations()
def m140_application_id(db: Database) -> None:
    """Mark the file as an annotator project in the SQLite header (`PRAGMA application_id`).

    The header's application id (bytes 68-71) is where SQLite says a program should mark its files
    so that file managers and `file(1)` can tell them apart from other SQLite databases; the
    freedesktop MIME type of project files (resources/desktop) matches it. "ANNO" in ASCII.
    """
    db.execute("PRAGMA application_id = 1095650895")


@migrations()
def m150_span_versions(db: Database) -> None:
    """A version a span: each change of it adds one, and a change made from an older version
    (another window or analyst changed the span meanwhile) is refused, never silently written
    over (issue 14: no lost update when a team edits one project at once)."""
    db.execute("ALTER TABLE spans ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


@migrations()
def m160_server_ids_given_skip_the_id_trigger(db: Database) -> None:
    """Nothing in a project file: a file's ids are SQLite's `INTEGER PRIMARY KEY`.

    A server project hands ids out from a sequence, through a row trigger (`pg_schema.
    id_sequence_sql`); from this step on the trigger runs only for a row without an id or with
    one the sequence has not handed out, so an import's rows, given ids the sequence handed
    out, skip it (ADR 0039). The step is here so that a server project made before it is
    brought up to date on its next open (`postgres.ensure_schema`), as for any step.
    """
    del db
