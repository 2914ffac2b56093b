"""`annotator server init` and `annotator server add-analyst`: a team's project on PostgreSQL.

Both take the server project from `--project postgresql://…` (or `pg:SERVICE`, or
`$ANNOTATOR_PROJECT`) and connect as the role it names, which must own the database and may
create roles. A password never passes through here except the new analyst's own, asked for
without echo (or read from `$ANNOTATOR_NEW_PASSWORD`) and sent to the server only as libpq's
SCRAM verifier of it.
"""

from __future__ import annotations

import os

import click

from annotator.cli_common import reported_errors

NEW_PASSWORD_ENV = "ANNOTATOR_NEW_PASSWORD"


@click.group("server")
def server_group() -> None:
    """Set up a project on a PostgreSQL server for a team (roles, layers held by the server)."""


@server_group.command("init")
@click.pass_obj
def server_init(state: object) -> None:
    """Make the project's schema, roles and policies in an empty database (--project).

    Each analyst may then write only their own layer, a curator also the curated layer, however
    they connect; imports and the label schema are a curator's.
    """
    from annotator.service.server_setup import init_server_project

    with reported_errors():
        setup = init_server_project(str(state.target))  # type: ignore[attr-defined]
    made = "made the project and set up" if setup.created else "set up"
    click.echo(f"{setup.location}: {made} its roles and policies")
    click.echo(f"analysts: members of {setup.analysts}; curators: members of {setup.curators}")
    click.echo("add one with: annotator --project URL server add-analyst NAME [--curator]")


@server_group.command("add-analyst")
@click.argument("name")
@click.option(
    "--curator", is_flag=True, help="May also write the curated layer, import and edit labels."
)
@click.option(
    "--password",
    "ask_password",
    is_flag=True,
    help=f"Ask for the analyst's password (not echoed; or from ${NEW_PASSWORD_ENV}).",
)
@click.pass_obj
def server_add_analyst(state: object, name: str, curator: bool, ask_password: bool) -> None:
    """Make NAME an analyst of the project: a login role of that name, whose layer is NAME."""
    from annotator.service.server_setup import add_analyst

    password = None
    if ask_password:
        password = os.environ.get(NEW_PASSWORD_ENV) or click.prompt(
            f"Password for {name}", hide_input=True, confirmation_prompt=True
        )
    with reported_errors():
        made = add_analyst(
            str(state.target),  # type: ignore[attr-defined]
            name,
            curator=curator,
            password=password,
        )
    what = "a curator" if curator else "an analyst"
    if made:
        click.echo(f"{name}: login role made; {what} of this project")
    else:
        click.echo(f"{name}: the role existed; now {what} of this project")
    if password is None:
        click.echo(
            f"no password set by annotator: {name} sets one in psql with \\password, or the"
            " server's pg_hba.conf admits them otherwise"
        )
    else:
        click.echo("password set (sent as a SCRAM verifier; not stored by annotator)")
    click.echo(f"{name} opens the project with: annotator --project postgresql://{name}@HOST/DB")
