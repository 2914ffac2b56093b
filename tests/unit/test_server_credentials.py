"""Passwords never leave libpq's places: not in a message, a stored setting, the project, the
user's files or a log; `sslmode` is libpq's and honoured (ADR 0035)."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from annotator.service import ProjectService
from tests.conftest import SEEDS
from tests.pg import Cluster, server_binaries
from tests.pg_team import as_role, run, team_project

SECRET = "Pa55-w0rd-never-shown"


def with_password(target: str, role: str) -> str:
    return as_role(target, f"{role}:{SECRET}")


def every_stored_value(owner: str) -> str:
    """Every row of every table of the project, as text."""
    with psycopg.connect(owner, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        return "\n".join(
            str(conn.execute(f"SELECT t::text FROM {table} t").fetchall())  # type: ignore[call-overload]
            for table in tables
        )


def every_user_file(folder: Path) -> str:
    return "\n".join(
        path.read_text(errors="replace") for path in folder.rglob("*") if path.is_file()
    )


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # psycopg's own logger and any other
    return caplog


def test_a_password_in_the_url_is_used_but_never_shown_stored_or_logged(
    pg_cluster: Any, tmp_path: Path, logged: pytest.LogCaptureFixture
) -> None:
    team = team_project(pg_cluster, seeded=False)
    owner = with_password(team["owner"], pg_cluster.user)
    said = []
    for args in (
        ("server", "add-analyst", "dan"),
        ("import", str(SEEDS)),
        ("labels", "list"),
        ("analysts", "list"),
        ("--version",),
        ("export", "--format", "doccano", "--status", "all", "-o", str(tmp_path / "out.jsonl")),
    ):
        status, output = run("--project", owner, *args)
        assert status == 0, output
        said.append(output)
    alice = with_password(team["alice"], "alice")
    for args in (("import", str(SEEDS)), ("--analyst", "bob", "labels", "list")):
        status, output = run("--project", alice, *args)
        assert status == 1 and output.startswith("annotator: error: postgresql://alice@/")
        said.append(output)
    service = ProjectService.open(alice)
    try:
        service.set_setting("layout", {"opened": True})
        said += [str(service.path), str(getattr(service.store, "location", ""))]
    finally:
        service.close()
    assert f"project {team['owner'].split('?')[0]}: schema" in said[4]  # --version
    assert all(SECRET not in text for text in said), said
    assert SECRET not in every_stored_value(team["owner"])
    assert SECRET not in every_user_file(tmp_path)
    assert SECRET not in logged.text


def test_a_refused_connection_names_the_server_and_not_the_password(
    pg_cluster: Any, pg_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = with_password(pg_target, pg_cluster.user).replace("/test_", "/missing_test_")
    status, output = run("--project", wrong, "labels", "list")
    assert status == 1
    assert output.startswith(f"annotator: error: postgresql://{pg_cluster.user}@/missing_test_")
    assert "cannot connect to the server project" in output and "does not exist" in output
    monkeypatch.setenv("PGPASSWORD", SECRET)
    for args in (("labels", "list"), ("server", "init"), ("server", "add-analyst", "erin")):
        status, output = run("--project", pg_target.replace("/test_", "/missing_test_"), *args)
        assert status == 1 and output.startswith("annotator: error: postgresql://"), output
        assert SECRET not in output


def test_a_new_analysts_password_is_sent_only_as_a_verifier(
    pg_cluster: Any, pg_target: str
) -> None:
    status, output = run("--project", pg_target, "server", "init")
    assert status == 0, output
    status, output = run(
        "--project",
        pg_target,
        "server",
        "add-analyst",
        "fay",
        "--password",
        env={"ANNOTATOR_NEW_PASSWORD": SECRET},
    )
    assert status == 0, output
    assert "password set" in output and SECRET not in output
    with psycopg.connect(pg_target, autocommit=True) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'fay'").fetchone()
    assert stored is not None and stored[0].startswith("SCRAM-SHA-256$")
    assert SECRET not in stored[0]
    assert SECRET not in (pg_cluster.folder / "server.log").read_text(errors="replace")


def test_a_new_analysts_password_can_be_typed_at_a_prompt_without_echo(pg_target: str) -> None:
    from click.testing import CliRunner

    from annotator.cli import main

    assert run("--project", pg_target, "server", "init")[0] == 0
    result = CliRunner().invoke(
        main,
        ["--project", pg_target, "server", "add-analyst", "gus", "--password"],
        input=f"{SECRET}\n{SECRET}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password for gus" in result.output and SECRET not in result.output


@pytest.fixture(scope="module")
def tcp_cluster() -> Iterator[Cluster]:
    """A server on 127.0.0.1 without SSL (libpq never uses SSL over a Unix socket)."""
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries not found")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cluster = Cluster(binaries, tcp_port=port)
    cluster.start()
    try:
        # Over TCP every role proves its password (SCRAM); the socket stays trusted for setup.
        hba = cluster.data / "pg_hba.conf"
        lines = hba.read_text().splitlines()
        hba.write_text(
            "".join(
                (re.sub(r"trust\s*$", "scram-sha-256", line) if line.startswith("host") else line)
                + "\n"
                for line in lines
            )
        )
        cluster.execute(f"ALTER ROLE {cluster.user} PASSWORD '{SECRET}'")
        cluster.execute("SELECT pg_reload_conf()")
        yield cluster
    finally:
        cluster.stop()


def test_sslmode_require_against_a_server_without_ssl_is_a_clear_refusal(
    tcp_cluster: Cluster,
) -> None:
    port, database = tcp_cluster.tcp_port, tcp_cluster.new_database()
    plain = f"postgresql://{tcp_cluster.user}:{SECRET}@127.0.0.1:{port}/{database}"
    status, output = run("--project", plain + "?sslmode=disable", "import", str(SEEDS))
    assert status == 0, output  # the same server, without SSL asked for, opens
    status, output = run("--project", plain + "?sslmode=require", "labels", "list")
    assert status == 1
    assert output.startswith(
        f"annotator: error: postgresql://{tcp_cluster.user}@127.0.0.1:{port}/{database}:"
        " cannot connect to the server project:"
    ), output
    assert "SSL" in output and SECRET not in output
    assert len(output.strip().splitlines()) == 1


def test_a_password_from_pgpassword_lets_an_analyst_in_and_a_wrong_one_is_named_not_shown(
    tcp_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tcp_cluster.new_database()
    owner = tcp_cluster.target(database)  # the socket: trusted, for setting up
    assert run("--project", owner, "server", "init")[0] == 0
    status, output = run(
        "--project",
        owner,
        "server",
        "add-analyst",
        "hal",
        "--password",
        env={"ANNOTATOR_NEW_PASSWORD": SECRET},
    )
    assert status == 0, output
    hal = f"postgresql://hal@127.0.0.1:{tcp_cluster.tcp_port}/{database}"
    monkeypatch.setenv("PGPASSWORD", SECRET)
    status, output = run("--project", hal, "analysts", "list")
    assert status == 0, output
    monkeypatch.setenv("PGPASSWORD", "not-" + SECRET)
    status, output = run("--project", hal, "analysts", "list")
    assert status == 1
    assert output.startswith(f"annotator: error: {hal}: cannot connect to the server project:")
    assert 'password authentication failed for user "hal"' in output
    assert SECRET not in output


def test_a_service_file_holds_the_password_and_only_its_name_is_shown(
    tcp_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tcp_cluster.new_database()
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[newsroom]\nhost=127.0.0.1\nport={tcp_cluster.tcp_port}\ndbname={database}\n"
        f"user={tcp_cluster.user}\npassword={SECRET}\n"
        f"[elsewhere]\nhost=127.0.0.1\nport={tcp_cluster.tcp_port}\ndbname=missing\n"
        f"user={tcp_cluster.user}\npassword={SECRET}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    status, output = run("--project", "pg:newsroom", "import", str(SEEDS))
    assert status == 0, output
    assert "into pg:newsroom" in output and SECRET not in output
    status, output = run("--project", "pg:elsewhere", "labels", "list")
    assert status == 1 and output.startswith("annotator: error: pg:elsewhere: cannot connect")
    assert SECRET not in output
