"""Where the SQL of the two stores differs, in one place: the rest of the store's SQL is written
once and runs on both (see docs/adr/0027-two-stores-one-protocol.md).

SQLite's SQL is the one written in the store's modules; `postgres.PgConnection` turns its `?`
placeholders, `INSERT OR IGNORE`/`OR REPLACE` and `lastrowid` into PostgreSQL's. What cannot be
translated statement by statement (full-text search, how new ids are handed out, case-insensitive
LIKE, the order rows were stored in) is a field of `Dialect`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain.search import fts_query, ts_query


@dataclass(frozen=True)
class Dialect:
    name: str
    #: A column that orders rows as they were stored (a tie-breaker).
    insertion_order: str
    #: Case-insensitive LIKE (SQLite's LIKE already is, for ASCII).
    like: str
    #: The FROM source of a search: the full-text index `f` joined to `documents d`.
    fts_source: str
    #: The condition "the index matches the parameter", and the parameter for what was typed.
    fts_condition: str
    fts_parameter: Callable[[str], str | None]
    #: Index the articles with ids in (?, ?]: the search index caught up on demand (ADR 0006).
    fts_index: str
    #: True when a bulk insert must name the ids it reserved (a server hands them out to many
    #: writers at once); SQLite's next id is one more than the largest, and faster left to it.
    explicit_ids: bool
    #: True when one statement may change several tables (PostgreSQL's data-modifying `WITH`):
    #: a server edit is then one statement, one round trip; SQLite's statements cost no round
    #: trip and it has no such `WITH`, so its edits stay a statement a table.
    one_statement_edits: bool
    #: True when "column is one of these values" (`one_of`) is sent as one array parameter (a
    #: server), not a placeholder a value (SQLite, which allows some hundreds a statement).
    values_as_array: bool = False

    @property
    def values_per_query(self) -> int:
        """How many values one `one_of` condition takes."""
        return 50_000 if self.values_as_array else 500

    def one_of(self, column: str, values: Sequence[str]) -> tuple[str, list[Any]]:
        """The condition "`column` is one of `values`" (content hashes: text without commas)
        and its parameters. A server is sent them as one text, split there: a statement of
        hundreds of placeholders was parsed anew by psycopg each time (a fifth of a server
        import's time went on looking up its hashes), and a list parameter is dumped value by
        value in Python (6 µs a hash, 0.6 s of a 100,000-article import)."""
        if self.values_as_array:
            return f"{column} = ANY(string_to_array(?, ','))", [",".join(values)]
        return f"{column} IN ({','.join('?' * len(values))})", list(values)


SQLITE = Dialect(
    name="sqlite",
    insertion_order="rowid",
    like="LIKE",
    # CROSS JOIN keeps the full-text index outermost: SQLite would otherwise start from a status
    # or label index and run the MATCH once per article.
    fts_source="documents_fts f CROSS JOIN documents d ON d.id = f.rowid",
    fts_condition="documents_fts MATCH ?",
    fts_parameter=fts_query,
    fts_index=(
        "INSERT INTO documents_fts (rowid, title, text)"
        " SELECT id, title, text FROM documents WHERE id > ? AND id <= ?"
    ),
    explicit_ids=False,
    one_statement_edits=False,
)

POSTGRES = Dialect(
    name="postgresql",
    insertion_order="ctid",
    like="ILIKE",
    fts_source="documents_fts f JOIN documents d ON d.id = f.rowid",
    fts_condition="f.words @@ to_tsquery('annotator_words', ?)",  # pg_schema.SEARCH_CONFIG
    fts_parameter=ts_query,
    fts_index=(
        "INSERT INTO documents_fts (rowid, words)"
        " SELECT id, to_tsvector('annotator_words', title || ' ' || text) FROM documents"
        " WHERE id > ? AND id <= ? ON CONFLICT (rowid) DO NOTHING"
    ),
    explicit_ids=True,
    one_statement_edits=True,
    values_as_array=True,
)
