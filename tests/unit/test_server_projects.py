"""Projects on a PostgreSQL server (a throwaway cluster, tests/pg.py): the schema made from the
same steps as a file's, opening, refusals that name the server without a password, and two
analysts at once. The rest of tests/unit runs on both stores through the `service` fixture."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.domain.errors import NotAProject
from annotator.service import ProjectService
from annotator.storage.postgres import ALL_STEPS, PostgresStore, connect
from annotator.storage.repository import ProjectStore
from annotator.storage.targets import conninfo, describe
from tests.conftest import SEEDS

#: Where the stores differ by design: their own bookkeeping of the steps applied, and the search
#: index (FTS5's virtual table and its shadow tables; a table of tsvectors on the server).
BOOKKEEPING = {"_sqlite_migrations", "annotator_steps"}


def _sqlite_columns(path: Path) -> dict[str, list[str]]:
    store = ProjectStore.open(path)
    try:
        conn = store.conn
        tables = [
            name
            for name, kind in conn.execute("SELECT name, type FROM pragma_table_list")
            if kind == "table" and not name.startswith(("sqlite_", "documents_fts"))
        ]
        return {
            t: [row[1] for row in conn.execute(f"PRAGMA table_info({t})")]
            for t in tables
            if t not in BOOKKEEPING
        }
    finally:
        store.close()


def _server_columns(target: str) -> dict[str, list[str]]:
    conn = connect(target)
    try:
        found: dict[str, list[str]] = {}
        for table, column in conn.raw.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ):
            if table not in BOOKKEEPING and table != "documents_fts":
                found.setdefault(table, []).append(column)
        return found
    finally:
        conn.close()


def test_the_server_schema_has_the_tables_and_columns_of_the_file_schema(
    pg_target: str, tmp_path: Path
) -> None:
    assert _server_columns(pg_target) == _sqlite_columns(tmp_path / "p.annotator.db")


def test_an_older_server_project_gains_what_newer_steps_add_and_keeps_its_rows(
    pg_target: str,
) -> None:
    service = ProjectService.open(pg_target)
    service.import_paths([SEEDS])
    service.close()
    conn = connect(pg_target)  # as a version before m120 and m140 left it
    conn.raw.execute("DROP TABLE assist_patterns")
    conn.raw.execute("ALTER TABLE documents DROP COLUMN language")
    conn.raw.execute("DELETE FROM annotator_steps WHERE name >= 'm120'")
    conn.close()
    service = ProjectService.open(pg_target)
    try:
        assert service.document_count() == 2
        assert service.suggestions.table.patterns() == []
        assert service.document_row(1).language is None  # type: ignore[union-attr]
    finally:
        service.close()
    conn = connect(pg_target)
    steps = [row[0] for row in conn.raw.execute("SELECT name FROM annotator_steps ORDER BY name")]
    conn.close()
    assert steps == sorted(ALL_STEPS)  # the server's own steps too


def test_a_server_project_searched_before_accents_were_folded_folds_them_once_opened(
    pg_target: str, tmp_path: Path
) -> None:
    article = tmp_path / "brazil.txt"
    article.write_text("Protests in São Paulo\n\nCrowds in São Paulo.\n")
    service = ProjectService.open(pg_target)
    service.import_paths([article])
    service.document_count(query="Paulo")  # the index caught up
    service.close()
    conn = connect(pg_target)  # as a version before m170 left it: words read by `simple`
    conn.raw.execute(
        "UPDATE documents_fts f SET words = to_tsvector('simple', d.title || ' ' || d.text)"
        " FROM documents d WHERE d.id = f.rowid"
    )
    conn.raw.execute("DROP TEXT SEARCH CONFIGURATION annotator_words")
    conn.raw.execute("DELETE FROM annotator_steps WHERE migration_set = 'annotator-server'")
    assert (
        conn.raw.execute(
            "SELECT count(*) FROM documents_fts WHERE words @@ to_tsquery('simple', 'sao')"
        ).fetchone()[0]
        == 0
    )
    conn.close()
    service = ProjectService.open(pg_target)
    try:
        assert service.document_count(query="Sao Paulo") == 1
    finally:
        service.close()


def _index_columns(target: str) -> dict[str, str]:
    conn = connect(target)
    try:
        return {
            name: definition.partition(" USING btree ")[2]
            for name, definition in conn.raw.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'documents'"
            )
        }
    finally:
        conn.close()


def test_an_older_server_project_gets_the_browsers_indexes_in_id_order_once_opened(
    pg_target: str,
) -> None:
    service = ProjectService.open(pg_target)
    service.import_paths([SEEDS])
    service.close()
    made = _index_columns(pg_target)
    # A new project has them so (SQLite's `(outlet)` ends with the rowid by itself).
    assert made["documents_outlet"] == "(outlet, id)"
    assert made["documents_status"] == "(status, id)"
    assert made["documents_title"] == "(title)"
    conn = connect(pg_target)  # as a version before m175 left it: one column each
    for column in ("outlet", "language", "status", "span_count"):
        conn.raw.execute(f"DROP INDEX documents_{column}")
        conn.raw.execute(f"CREATE INDEX documents_{column} ON documents ({column})")
    conn.raw.execute("DELETE FROM annotator_steps WHERE name LIKE 'm175%'")
    conn.close()
    service = ProjectService.open(pg_target)  # brought up to date
    try:
        assert [row.id for row in service.document_rows(0, 10, order_by="status")] == [1, 2]
    finally:
        service.close()
    assert _index_columns(pg_target) == made


def test_ids_after_an_import_a_given_larger_id_and_the_step_that_skips_the_id_trigger(
    pg_target: str, tmp_path: Path
) -> None:
    conn = connect(pg_target)  # as a version before m160 left it: the trigger runs for every row
    conn.raw.execute(
        "CREATE OR REPLACE TRIGGER documents_next_id BEFORE INSERT ON documents"
        " FOR EACH ROW EXECUTE FUNCTION documents_next_id()"
    )
    conn.raw.execute("DELETE FROM annotator_steps WHERE name >= 'm160'")
    conn.close()
    service = ProjectService.open(pg_target)  # brought up to date
    try:
        first = service.import_paths([SEEDS]).document_ids
        # A row that names an id the sequence has not handed out (a project copied in, an
        # undo) moves the sequence on, so the next import's ids come after it.
        service.store.conn.execute(
            "INSERT INTO documents (id, title, text, content_hash, imported_at)"
            " VALUES (?, 't', 'x', 'h', 'now')",
            [max(first) + 100],
        )
        more = tmp_path / "more.jsonl"
        more.write_text('{"text": "One more article."}\n')
        [later] = service.import_paths([more]).document_ids
        assert later > max(first) + 100
    finally:
        service.close()
    conn = connect(pg_target)
    [(definition,)] = conn.raw.execute(
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'documents_next_id'"
    )
    conn.close()
    assert "WHEN" in definition


def test_a_server_project_of_a_newer_version_is_refused(pg_target: str) -> None:
    conn = connect(pg_target)
    conn.raw.execute(
        "INSERT INTO annotator_steps (migration_set, name) VALUES ('annotator', 'm999_x')"
    )
    conn.close()
    with pytest.raises(NotAProject, match=r"newer version of annotator \(schema step m999_x\)"):
        ProjectService.open(pg_target)


def test_a_refused_connection_names_the_server_and_never_the_password(tmp_path: Path) -> None:
    target = f"postgresql://alice:s3cret@/news?host={tmp_path}"
    with pytest.raises(NotAProject) as refused:
        ProjectService.open(target)
    message = str(refused.value)
    assert "s3cret" not in message
    assert message.startswith("postgresql://alice@/news: cannot connect to the server project")
    result = CliRunner().invoke(main, ["--project", target, "stats"])
    assert result.exit_code == 1
    assert "s3cret" not in result.output
    assert "annotator: error: postgresql://alice@/news: cannot connect" in result.output


def test_the_connection_string_goes_to_libpq_as_given_ssl_mode_and_service_too() -> None:
    uri = "postgresql://alice@db.example:5433/news?sslmode=verify-full&sslrootcert=/etc/ca.pem"
    assert conninfo(uri) == uri
    assert describe(uri) == "postgresql://alice@db.example:5433/news"
    assert conninfo("pg:newsroom") == "service=newsroom"
    assert describe("pg:newsroom") == "pg:newsroom"


def test_a_database_without_a_project_is_not_made_one_by_a_command_that_reads(
    pg_cluster,  # type: ignore[no-untyped-def]
) -> None:
    empty = pg_cluster.target(pg_cluster.new_database())
    with pytest.raises(NotAProject, match="no annotator project in this database"):
        ProjectService.open(empty, create=False)
    made = ProjectService.open(empty)
    try:
        assert made.store.created and "CLAIM" in [label.name for label in made.schema]
    finally:
        made.close()


def test_the_command_line_imports_labels_and_exports_a_server_project(
    pg_target: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    imported = runner.invoke(main, ["--project", pg_target, "import", str(SEEDS)])
    assert imported.exit_code == 0, imported.output
    assert "into postgresql://" in imported.output and "host=" not in imported.output
    service = ProjectService.open(pg_target, analyst="alice")
    try:
        service.add_span(1, 0, 6, "SOURCE")
    finally:
        service.close()
    out = tmp_path / "out.jsonl"
    exported = runner.invoke(
        main, ["--project", pg_target, "export", "--format", "annotator", "-o", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    assert '"SOURCE"' in out.read_text(encoding="utf-8")


def test_two_analysts_on_one_server_project_see_each_other_commit(pg_target: str) -> None:
    alice = ProjectService.open(pg_target, analyst="alice")
    bob = ProjectService.open(pg_target, analyst="bob")
    try:
        (document_id,) = alice.import_paths([SEEDS / "000_7f3ecc1138e4dd58.txt"]).document_ids
        assert bob.take_in_outside_changes() is False  # the first call starts watching
        alice.add_span(document_id, 0, 6, "CLAIM")
        assert bob.take_in_outside_changes() is True
        bob.add_span(document_id, 0, 6, "SOURCE")
        assert [s.label for s in alice.spans(document_id) if not s.suggested] == ["CLAIM"]
        assert [s.label for s in bob.spans(document_id) if not s.suggested] == ["SOURCE"]
        assert bob.take_in_outside_changes() is False  # his own edit is no news to him
    finally:
        alice.close()
        bob.close()


def test_a_server_store_is_the_same_store_as_a_file(pg_target: str) -> None:
    store = PostgresStore.open(pg_target)
    try:
        public = {n for n in dir(ProjectStore) if not n.startswith("_")}
        file_only = {"db", "open"}  # sqlite-utils' view of the file; opening takes a target
        assert public - file_only <= set(dir(store))
    finally:
        store.close()


def test_sqlite_stays_the_default_and_needs_no_server(tmp_path: Path) -> None:
    service = ProjectService.open(tmp_path / "p.annotator.db")
    try:
        assert isinstance(service.store, ProjectStore)
        assert isinstance(service.store.conn, sqlite3.Connection)
    finally:
        service.close()


def test_a_role_that_may_not_create_the_unaccent_extension_is_told_what_to_run(
    pg_cluster,  # type: ignore[no-untyped-def]
) -> None:
    """`unaccent` is a trusted extension: the database's owner creates it; a role that may make
    tables but not extensions gets one line saying who runs what, and no half-made project."""
    import psycopg

    from tests.pg_team import as_role

    database = pg_cluster.new_database()
    maker = f"maker_{database}"
    admin = pg_cluster.target(database)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {maker} LOGIN")  # type: ignore[arg-type]
        conn.execute(f"GRANT CREATE ON SCHEMA public TO {maker}")  # type: ignore[arg-type]
    with pytest.raises(NotAProject, match=r"CREATE EXTENSION unaccent;.* once") as refused:
        ProjectService.open(as_role(admin, maker))
    assert "password" not in str(refused.value)
    with psycopg.connect(admin, autocommit=True) as conn:  # nothing was left half made
        assert conn.execute("SELECT to_regclass('annotator_steps')").fetchone() == (None,)
        conn.execute("CREATE EXTENSION unaccent")  # as the message says, by the owner
    made = ProjectService.open(as_role(admin, maker))  # now the role makes the project
    try:
        assert made.document_count(query="São") == 0
    finally:
        made.close()
