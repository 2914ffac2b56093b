"""A team's server project for the tests: `server init` run by the owner, analysts added, each
analyst's own connection string (the test cluster trusts its socket: no passwords needed)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from click.testing import CliRunner

from annotator.cli import main
from tests.conftest import SEEDS

#: The analysts of every team project in the tests; carol is a curator.
ANALYSTS = ("alice", "bob")
CURATOR = "carol"


def as_role(target: str, role: str) -> str:
    """The same project, connecting as `role`."""
    parts = urlsplit(target)
    host = parts.netloc.split("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}@{host}"))


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """`annotator ARGS` as typed; its exit status and everything it wrote (stdout and stderr)."""
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def team_project(cluster: object, *, seeded: bool = True) -> dict[str, str]:
    """A new database set up by `server init`, with alice, bob and curator carol, and (seeded)
    the seed articles imported by the owner; the connection string of each, and `owner`'s."""
    owner = str(cluster.target(cluster.new_database()))  # type: ignore[attr-defined]
    status, output = run("--project", owner, "server", "init")
    assert status == 0, output
    for name in ANALYSTS:
        status, output = run("--project", owner, "server", "add-analyst", name)
        assert status == 0, output
    status, output = run("--project", owner, "server", "add-analyst", CURATOR, "--curator")
    assert status == 0, output
    if seeded:
        status, output = run("--project", owner, "import", str(SEEDS))
        assert status == 0, output
    targets = {name: as_role(owner, name) for name in (*ANALYSTS, CURATOR)}
    targets["owner"] = owner
    return targets
