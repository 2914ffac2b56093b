"""The `annotator` command line: a thin click layer over `ProjectService`.

Qt is imported only by the `gui` and `screenshot` commands, so `annotator export` starts fast and
runs where PySide6 is missing. Every error a user can act on is one line on stderr,
`annotator: error: FILE[:LINE]: what is wrong`, with exit status 1 and no traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from annotator import __version__, paths
from annotator.domain.errors import AnnotatorError


def fail(message: str) -> None:
    click.echo(f"annotator: error: {message}", err=True)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn an `AnnotatorError` into one line a problem (every problem of a refused import)."""
    try:
        yield
    except AnnotatorError as error:
        for line in str(error).splitlines():
            fail(line)
        sys.exit(1)


class Context:
    """What the group passes to its commands: where the project is, opened on first use."""

    def __init__(self, project: str | None) -> None:
        self.project_path = paths.project_path(project)
        self.explicit = project is not None
        self._service: Any = None

    def service(self, *, seed_if_new: bool = False) -> Any:
        from annotator.service import ProjectService

        if self._service is None:
            self._service = ProjectService.open(self.project_path, seed_if_new=seed_if_new)
        return self._service

    def close(self) -> None:
        if self._service is not None:
            self._service.close()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "project",
    type=click.Path(dir_okay=False),
    envvar=paths.PROJECT_ENV,
    help=f"Project file to use (default: {paths.DEFAULT_PROJECT_NAME} in the user data folder;"
    f" also ${paths.PROJECT_ENV}).",
)
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def main(ctx: click.Context, project: str | None) -> None:
    """Label claims, sources and entities in news articles, and export a training set.

    With no command, opens the workbench.
    """
    state = Context(project)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@main.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "format_name", help="Read every file in this format (default: by extension)."
)
@click.option("--skip-invalid", is_flag=True, help="Store the good records and list the bad ones.")
@click.option(
    "--allow-duplicates", is_flag=True, help="Keep articles whose text is already stored."
)
@click.pass_obj
def import_command(
    state: Context,
    sources: tuple[Path, ...],
    format_name: str | None,
    skip_invalid: bool,
    allow_duplicates: bool,
) -> None:
    """Import articles from files and folders (one transaction: all or nothing)."""
    with reported_errors():
        report = state.service().import_paths(
            sources,
            format_name=format_name,
            skip_invalid=skip_invalid,
            allow_duplicates=allow_duplicates,
        )
    for file, count in report.per_file.items():
        click.echo(f"{file}: {count} article{'s' if count != 1 else ''}")
    for where in report.duplicates:
        click.echo(f"{where}: skipped, the same text is already in the project")
    for problem in report.skipped:
        click.echo(f"{problem}: skipped")
    if report.new_labels:
        click.echo(f"labels added to the schema: {', '.join(report.new_labels)}")
    click.echo(
        f"imported {len(report.document_ids)} articles, {report.spans} spans,"
        f" {report.relations} relations into {state.project_path}"
    )


@main.command("export")
@click.option("--format", "format_name", required=True, help="Output format, e.g. prodigy.")
@click.option("-o", "--output", required=True, help="File to write, or - for standard output.")
@click.pass_obj
def export_command(state: Context, format_name: str, output: str) -> None:
    """Export the training set."""
    with reported_errors():
        report = state.service().export(format_name, output)
    where = "standard output" if output == "-" else output
    click.echo(
        f"wrote {report.documents} articles, {report.spans} spans, {report.relations} relations"
        f" to {where}",
        err=output == "-",
    )


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def stats_command(state: Context, as_json: bool) -> None:
    """Count documents, spans by label, relations and links."""
    with reported_errors():
        stats = state.service().stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2, sort_keys=True))
        return
    click.echo(f"documents: {stats['documents']}")
    for status, count in stats["documents_by_status"].items():
        click.echo(f"  {status}: {count}")
    click.echo(f"spans: {stats['spans']}")
    for label, count in stats["spans_by_label"].items():
        click.echo(f"  {label}: {count}")
    click.echo(f"relations: {stats['relations']}")
    click.echo(f"links: {stats['links']}")


@main.command("gui")
@click.pass_obj
def gui(state: Context) -> None:
    """Open the workbench (what `annotator` with no command does)."""
    with reported_errors():
        service = state.service(seed_if_new=not state.explicit)
    from annotator.gui.app import run

    sys.exit(run(service))


# -- the label schema ---------------------------------------------------------------------------


@main.group("labels")
def labels_group() -> None:
    """List and change the project's labels (span, relation and link labels)."""


@labels_group.command("list")
@click.pass_obj
def labels_list(state: Context) -> None:
    """Show every label: name, kind, hotkey, colour, and how many spans/relations/links use it."""
    with reported_errors():
        service = state.service()
        uses = service.label_uses()
    rows = [
        (
            label.name + (" (retired)" if label.retired else ""),
            label.kind,
            label.hotkey or "-",
            label.color,
            str(uses[label.name].total),
        )
        for label in service.schema
    ]
    header = ("NAME", "KIND", "KEY", "COLOUR", "USES")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo("  ".join(cells).rstrip())


@labels_group.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(["span", "relation", "link"]), default="span",
              show_default=True, help="What the label marks.")
@click.option("--hotkey", help="The one key that applies it (unique among labels of its kind).")
@click.option("--color", help="Its colour as #rrggbb (default: a free one).")
@click.option("--description", default="", help="What the label means, for other analysts.")
@click.pass_obj
def labels_add(
    state: Context, name: str, kind: str, hotkey: str | None, color: str | None, description: str
) -> None:
    """Add a label to the project's schema."""
    with reported_errors():
        label = state.service().add_label(
            name, kind, hotkey=hotkey, color=color, description=description
        )
    key = f", key {label.hotkey}" if label.hotkey else ""
    click.echo(f"added {label.kind} label {label.name} ({label.color}{key})")


@labels_group.command("preset")
@click.argument("name")
@click.pass_obj
def labels_preset(state: Context, name: str) -> None:
    """Add a shipped preset's labels (news_attribution, semeval2020_task11) to the schema."""
    with reported_errors():
        service = state.service()
        keys_before = {label.name: label.hotkey for label in service.schema}
        names = service.load_schema_preset(name)
    click.echo(f"loaded preset {name}: {len(names)} labels ({', '.join(names)})")
    for label in service.schema:
        if label.name not in names and keys_before.get(label.name) and label.hotkey is None:
            click.echo(f"{label.name} gave its key {keys_before[label.name]} to the preset")
