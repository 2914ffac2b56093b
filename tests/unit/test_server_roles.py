"""A team's server project: the server itself holds each analyst to their own layer (ADR 0035).

Direct SQL as an analyst's role (what `psql` would send) cannot change another analyst's layer,
the curated layer, the articles or the label schema; the app, as that analyst, says so in one
line; `server init` refuses a database that holds something else.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from annotator.domain.errors import AnnotatorError
from annotator.service import ProjectService
from tests.conftest import SEEDS
from tests.pg_team import as_role, run, team_project


@pytest.fixture
def team(pg_cluster: Any) -> dict[str, str]:
    return team_project(pg_cluster)


@pytest.fixture
def opened(team: dict[str, str]) -> Iterator[dict[str, ProjectService]]:
    """The project open in the app as each of alice, bob and carol."""
    services = {name: ProjectService.open(team[name]) for name in ("alice", "bob", "carol")}
    yield services
    for service in services.values():
        service.close()


def first_article(service: ProjectService) -> int:
    return int(service.store.conn.execute("SELECT min(id) FROM documents").fetchone()[0])


def psql(target: str) -> psycopg.Connection[Any]:
    """A plain connection as the role the target names: no annotator in between."""
    return psycopg.connect(target, autocommit=True)


def span_row(owner: str, span_id: int) -> tuple[Any, ...]:
    with psql(owner) as conn:
        row = conn.execute(
            "SELECT label, char_start, char_end, layer FROM spans WHERE id = %s", [span_id]
        ).fetchone()
    assert row is not None
    return tuple(row)


def test_each_analyst_works_as_their_login_role_in_their_own_layer(
    opened: dict[str, ProjectService],
) -> None:
    alice, bob = opened["alice"], opened["bob"]
    document = first_article(alice)
    assert (alice.analyst, bob.analyst) == ("alice", "bob")
    mine = alice.add_span(document, 0, 5, "CLAIM")
    theirs = bob.add_span(document, 0, 5, "SOURCE")
    assert [s.id for s in alice.store.spans_of(document)] == [mine.id]
    assert [s.id for s in bob.store.spans_of(document)] == [theirs.id]
    alice.remove_span(mine.id)  # one's own span can be taken back
    assert alice.store.spans_of(document) == []


def test_psql_as_an_analyst_cannot_change_another_analysts_spans(
    team: dict[str, str], opened: dict[str, ProjectService]
) -> None:
    document = first_article(opened["bob"])
    bobs = opened["bob"].add_span(document, 0, 5, "SOURCE")
    before = span_row(team["owner"], bobs.id)
    with psql(team["alice"]) as conn:
        updated = conn.execute("UPDATE spans SET label = 'CLAIM' WHERE id = %s", [bobs.id])
        assert updated.rowcount == 0
        deleted = conn.execute("DELETE FROM spans WHERE layer = 'bob'")
        assert deleted.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO spans (document_id, char_start, char_end, label, text, layer,"
                " analyst) VALUES (%s, 0, 5, 'CLAIM', 'x', 'bob', 'alice')",
                [document],
            )
        conn.execute(  # one's own layer: allowed
            "INSERT INTO spans (document_id, char_start, char_end, label, text, layer,"
            " analyst) VALUES (%s, 0, 5, 'CLAIM', 'x', 'alice', 'alice')",
            [document],
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("UPDATE spans SET layer = 'bob' WHERE layer = 'alice'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)"
                " VALUES (%s, 'bob', 'done', 'alice', '', '')",
                [document],
            )
    assert span_row(team["owner"], bobs.id) == before
    assert [s.id for s in opened["bob"].store.spans_of(document)] == [bobs.id]


def test_psql_as_an_analyst_cannot_write_the_curated_layer_but_a_curator_can(
    team: dict[str, str], opened: dict[str, ProjectService]
) -> None:
    document = first_article(opened["carol"])
    insert = (
        "INSERT INTO spans (document_id, char_start, char_end, label, text, layer, analyst)"
        " VALUES (%s, 0, 5, 'CLAIM', 'x', 'curated', %s) RETURNING id"
    )
    with (
        psql(team["alice"]) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"),
    ):
        conn.execute(insert, [document, "alice"])
    with psql(team["carol"]) as conn:
        row = conn.execute(insert, [document, "carol"]).fetchone()
    assert row is not None
    curated = int(row[0])
    with psql(team["alice"]) as conn:
        assert conn.execute("DELETE FROM spans WHERE id = %s", [curated]).rowcount == 0
        assert conn.execute("UPDATE spans SET note = 'x' WHERE id = %s", [curated]).rowcount == 0
        assert conn.execute("SELECT count(*) FROM spans WHERE id = %s", [curated]).fetchone() == (
            1,
        )  # every layer is readable: another's shown beside one's own


def test_psql_as_an_analyst_cannot_change_articles_labels_or_the_bookkeeping(
    team: dict[str, str],
) -> None:
    refused = [
        "INSERT INTO documents (title, text, content_hash) VALUES ('t', 'x', 'h')",
        "UPDATE documents SET text = 'changed'",
        "DELETE FROM documents",
        "INSERT INTO labels (name, kind, color, position) VALUES ('X', 'span', '#000000', 99)",
        "UPDATE labels SET color = '#000000'",
        "DELETE FROM annotator_steps",
        "UPDATE annotator_roles SET role = 'alice'",
        "UPDATE project SET value = 'x'",
        "DROP TABLE spans",
        "ALTER TABLE spans DISABLE ROW LEVEL SECURITY",
    ]
    with psql(team["alice"]) as conn:
        for statement in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)  # type: ignore[call-overload]
    with psql(team["carol"]) as conn:  # a curator edits the schema and imports
        conn.execute("UPDATE labels SET description = 'checked' WHERE name = 'CLAIM'")


def test_set_role_to_the_analysts_group_gains_no_layer(team: dict[str, str]) -> None:
    with psql(team["alice"]) as conn:
        group = conn.execute("SELECT role FROM annotator_roles WHERE kind = 'analyst'").fetchone()
        assert group is not None
        conn.execute(f'SET ROLE "{group[0]}"')  # type: ignore[call-overload]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO spans (document_id, char_start, char_end, label, text, layer,"
                " analyst) SELECT min(id), 0, 5, 'CLAIM', 'x', current_user, current_user"
                " FROM documents"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SET ROLE bob")


def test_a_role_that_is_no_analyst_cannot_even_connect(
    pg_cluster: Any, team: dict[str, str]
) -> None:
    pg_cluster.execute("DROP ROLE IF EXISTS mallory")
    pg_cluster.execute("CREATE ROLE mallory LOGIN")
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psql(as_role(team["owner"], "mallory")).close()


def test_the_app_as_an_analyst_refuses_an_import_and_a_label_in_one_line(
    team: dict[str, str], tmp_path: Any
) -> None:
    status, output = run("--project", team["alice"], "import", str(SEEDS))
    assert status == 1
    assert output.startswith("annotator: error: postgresql://alice@/")
    assert "as alice you may write only your own layer (alice)" in output
    assert "Traceback" not in output
    status, output = run("--project", team["alice"], "labels", "add", "HEDGE", "--kind", "span")
    assert status == 1
    assert "imports, the label schema and patterns are a curator's" in output
    status, output = run("--project", team["carol"], "labels", "add", "HEDGE", "--kind", "span")
    assert status == 0, output
    more = tmp_path / "more.jsonl"
    more.write_text(
        '{"text": "The minister said the port would reopen.",'
        ' "spans": [{"start": 4, "end": 12, "label": "SOURCE"}]}\n'
    )
    status, output = run("--project", team["carol"], "import", str(more))  # a curator imports
    assert status == 0, output
    assert "1 span" in output  # into carol's own layer: written under the row policies


def test_an_analysts_search_brings_the_shared_index_up_to_date(
    opened: dict[str, ProjectService],
) -> None:
    from annotator.domain.search import DocumentFilter

    alice = opened["alice"]
    assert alice.store.document_count(DocumentFilter(query="said")) >= 1
    assert alice.store.catch_up_search_index() == 0  # what the owner imported is indexed now


def test_the_app_as_an_analyst_cannot_write_the_curated_layer(
    opened: dict[str, ProjectService],
) -> None:
    alice, carol = opened["alice"], opened["carol"]
    document = first_article(alice)
    with alice.store.acting_as("alice", "curated"), pytest.raises(AnnotatorError) as refused:
        alice.add_span(document, 0, 5, "CLAIM")
    assert "as alice you may write only your own layer (alice)" in str(refused.value)
    alice.add_span(document, 0, 5, "CLAIM")  # the project stays usable: one's own layer is
    with carol.store.acting_as("carol", "curated"):
        settled = carol.add_span(document, 0, 5, "CLAIM")
    assert settled.id in {s.id for s in carol.store.spans_of(document, layer="curated")}


def test_another_analyst_name_than_the_login_role_is_refused(team: dict[str, str]) -> None:
    status, output = run("--project", team["alice"], "--analyst", "bob", "labels", "list")
    assert status == 1
    assert output.startswith("annotator: error: postgresql://alice@/")
    assert "you are connected as alice" in output and "'bob' is refused" in output
    status, output = run(
        "--project", team["alice"], "labels", "list", env={"ANNOTATOR_ANALYST": "bob"}
    )
    assert status == 1 and "'bob' is refused" in output
    status, output = run("--project", team["alice"], "--analyst", "alice", "labels", "list")
    assert status == 0, output
    status, output = run("--project", team["alice"], "analysts", "rename", "original", "x")
    assert status == 1 and "renamed by its owner" in output
    service = ProjectService.open(team["alice"])
    try:
        with pytest.raises(AnnotatorError, match="you are connected as alice"):
            service.team.act_as("bob")
        assert service.team.fixed_analyst == "alice"
    finally:
        service.close()


def test_the_owner_acts_for_anyone(team: dict[str, str]) -> None:
    service = ProjectService.open(team["owner"], analyst="dora")
    try:
        assert service.analyst == "dora" and service.team.fixed_analyst is None
        service.add_span(first_article(service), 0, 5, "CLAIM")
    finally:
        service.close()


def test_server_init_refuses_a_database_holding_something_else(pg_cluster: Any) -> None:
    database = pg_cluster.new_database()
    target = pg_cluster.target(database)
    with psql(target) as conn:
        conn.execute("CREATE TABLE invoices (id INT)")
    status, output = run("--project", target, "server", "init")
    assert status == 1
    assert output.startswith(f"annotator: error: postgresql://{pg_cluster.user}@/{database}:")
    assert "not empty and is no annotator project (it holds invoices)" in output
    with psql(target) as conn:
        tables = conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
        ).fetchall()
    assert tables == [("invoices",)]


def test_server_init_sets_up_a_project_made_before_and_again_harmlessly(
    pg_cluster: Any, pg_target: str
) -> None:
    for _ in range(2):
        status, output = run("--project", pg_target, "server", "init")
        assert status == 0, output
        assert "set up its roles and policies" in output
    status, output = run("--project", pg_target, "server", "add-analyst", "alice")
    assert status == 0, output
    assert "alice: the role existed; now an analyst of this project" in output or (
        "alice: login role made" in output
    )
    service = ProjectService.open(as_role(pg_target, "alice"))
    try:
        assert service.analyst == "alice"
    finally:
        service.close()


def test_server_commands_want_a_server_project(tmp_path: Any) -> None:
    status, output = run("--project", str(tmp_path / "p.db"), "server", "init")
    assert status == 1
    assert "give --project postgresql://USER@HOST:PORT/DB or pg:SERVICE" in output
    assert not (tmp_path / "p.db").exists()


def test_a_database_owner_who_may_create_roles_but_is_no_superuser_sets_a_team_up(
    pg_cluster: Any,
) -> None:
    pg_cluster.execute("DROP ROLE IF EXISTS newsroom_admin")
    pg_cluster.execute("CREATE ROLE newsroom_admin LOGIN CREATEROLE")
    database = pg_cluster.new_database()
    pg_cluster.execute(f"ALTER DATABASE {database} OWNER TO newsroom_admin")
    admin = as_role(pg_cluster.target(database), "newsroom_admin")
    for args in (("server", "init"), ("server", "add-analyst", "ivy"), ("import", str(SEEDS))):
        status, output = run("--project", admin, *args)
        assert status == 0, output
    ivy = ProjectService.open(as_role(admin, "ivy"))
    try:
        assert ivy.analyst == "ivy"
        ivy.add_span(first_article(ivy), 0, 5, "CLAIM")
    finally:
        ivy.close()
    pg_cluster.execute("DROP ROLE IF EXISTS nobody_special")
    pg_cluster.execute("CREATE ROLE nobody_special LOGIN")
    database = pg_cluster.new_database()
    pg_cluster.execute(f"ALTER DATABASE {database} OWNER TO nobody_special")
    status, output = run(
        "--project", as_role(pg_cluster.target(database), "nobody_special"), "server", "init"
    )
    assert status == 1
    assert "`server init` needs a role that owns the database and may create roles" in output
    assert "Traceback" not in output
    with psql(pg_cluster.target(database)) as conn:  # nothing was made
        assert conn.execute("SELECT to_regclass('spans')").fetchone() == (None,)


def test_an_older_team_project_is_brought_up_to_date_by_its_owner_not_an_analyst(
    team: dict[str, str],
) -> None:
    with psql(team["owner"]) as conn:  # as if made by a version that knew fewer steps
        conn.execute(
            "DELETE FROM annotator_steps WHERE name = (SELECT max(name) FROM annotator_steps)"
        )
    status, output = run("--project", team["alice"], "labels", "list")
    assert status == 1
    assert "schema is older than this version of annotator; its owner brings it up" in output
    status, output = run("--project", team["owner"], "labels", "list")
    assert status == 0, output
    status, output = run("--project", team["alice"], "labels", "list")
    assert status == 0, output
    with psql(team["alice"]) as conn:  # the policies hold as before
        others = conn.execute("SELECT count(*) FROM spans WHERE layer <> 'alice'").fetchone()
        assert others is not None and others[0] > 0  # the owner's import's suggestions
        assert conn.execute("DELETE FROM spans WHERE layer <> 'alice'").rowcount == 0
