"""`annotator check` and `annotator recover OUT`: what the one-line error about a damaged project
file points to."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import Context, fail, reported_errors


@click.command("check")
@click.pass_obj
def check_command(state: Context) -> None:
    """Check the project file for damage (SQLite's integrity check); exit 1 if it is damaged."""
    from annotator.service.recovery import integrity_check

    with reported_errors():
        problems = integrity_check(state.project_path)
    if problems == ["ok"]:
        click.echo(f"{state.project_path}: ok")
        return
    for problem in problems:
        click.echo(f"{state.project_path}: {problem}")
    fail(
        f"{state.project_path}: the project file is damaged ({len(problems)} problems);"
        f" `annotator --project {state.project_path} recover NEW.db` saves what is readable"
    )
    raise SystemExit(1)


@click.command("recover")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def recover_command(state: Context, out: Path) -> None:
    """Copy what is readable of a damaged project into a new project OUT (the damaged file is
    left as it is)."""
    from annotator.service.recovery import recover

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
