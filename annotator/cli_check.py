"""`annotator check` and `annotator recover OUT`: what the one-line error about a damaged project
file points to."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import Context, fail, reported_errors


@click.command("check")
@click.pass_obj
def check_command(state: Context) -> None:
    """Check the project for damage, exit 1 if damaged: a file by SQLite's integrity check; a
    server project by what the app keeps that the server does not (counts, spans inside their
    article, relations and links joining the right spans)."""
    from annotator.service.recovery import integrity_check, server_problems

    where = state.project_path
    if state.target != where:  # a server project
        with reported_errors():
            problems = server_problems(state.service(create=False))
        _report_problems(
            where,
            problems,
            f"{where}: {len(problems)} problems in the project's content; `annotator copy` of"
            " it into a file and back keeps them, so its owner mends them (or asks for help)"
            " first",
        )
        return
    with reported_errors():
        verdict = integrity_check(where)
    problems = [] if verdict == ["ok"] else verdict
    _report_problems(
        where,
        problems,
        f"{where}: the project file is damaged ({len(problems)} problems);"
        f" `annotator --project {where} recover NEW.db` saves what is readable",
    )


@click.command("recover")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def recover_command(state: Context, out: Path) -> None:
    """Copy what is readable of a damaged project file into a new project OUT (the damaged
    file is left as it is)."""
    from annotator.service.recovery import recover

    if state.target != state.project_path:  # a server project
        fail(
            f"{state.project_path}: recover reads what is left of a damaged project file; a"
            " server keeps its own pages sound (restore its backups, e.g. pg_dump, if it lost"
            " data): `annotator --project … check` checks a server project's content, and"
            f" `annotator copy PROJECT {out}` copies it whole into a file"
        )
        raise SystemExit(2)
    with reported_errors():
        report = recover(state.project_path, out)
    names = {"documents": "articles", "spans": "spans", "relations": "relations", "links": "links"}
    parts = [f"{report.recovered.get(table, 0)} {word}" for table, word in names.items()]
    click.echo(
        f"recovered {', '.join(parts)}, {report.recovered.get('labels', 0)} labels into {out}"
    )
    lost = sum(report.lost.values())
    if lost:
        click.echo(
            f"left out {lost} spans, relations or links whose article or spans were unreadable"
        )
    click.echo(f"check it with: annotator --project {out} check")


def _report_problems(where: object, problems: list[str], damaged: str) -> None:
    """`WHERE: ok`, or each problem on its line and then `damaged` as the error (exit 1)."""
    if not problems:
        click.echo(f"{where}: ok")
        return
    for problem in problems:
        click.echo(f"{where}: {problem}")
    fail(damaged)
    raise SystemExit(1)
