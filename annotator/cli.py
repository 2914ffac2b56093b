"""The `annotator` command line: a thin click layer over `ProjectService`.

Qt is imported only by the `gui` and `screenshot` commands, so `annotator export` starts fast and
runs where PySide6 is missing. Every error a user can act on is one line on stderr,
`annotator: error: FILE[:LINE]: what is wrong`, with exit status 1 and no traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import click

from annotator import paths
from annotator.cli_desktop import install_desktop_command
from annotator.cli_import_report import echo_import_report
from annotator.cli_metadata import metadata_options
from annotator.cli_open import ProjectOrCommand
from annotator.cli_stories import stories_group
from annotator.cli_story_views import graph_command, report_command
from annotator.domain.errors import AnnotatorError


def fail(message: str) -> None:
    click.echo(f"annotator: error: {message}", err=True)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn an `AnnotatorError` into one line a problem (every problem of a refused import)."""
    try:
        yield
    except sqlite3.Error as error:
        # A damaged file, a full disk, a read-only project met outside a transaction.
        from annotator.storage.opening import user_error

        context = click.get_current_context(silent=True)
        where = context.find_object(Context) if context is not None else None
        mapped = user_error(error, where.project_path) if where is not None else None
        if mapped is None:
            raise
        fail(str(mapped))
        sys.exit(1)
    except AnnotatorError as error:
        for line in str(error).splitlines():
            fail(line)
        sys.exit(1)


class Context:
    """What the group passes to its commands: where the project is, opened on first use."""

    def __init__(self, project: str | None, analyst: str | None = None) -> None:
        from annotator.storage.targets import ServerLocation, describe, is_server_target

        named = project or os.environ.get(paths.PROJECT_ENV)
        #: What opens the project: a file, or a server project's URI or `pg:SERVICE` (as given,
        #: for libpq; never shown: `project_path` says where it is without any password).
        self.target: str | Path = paths.project_path(project)
        self.project_path: Path = self.target
        if named is not None and is_server_target(named):
            self.target = named
            self.project_path = cast(Path, ServerLocation(describe(named)))
        self.explicit = project is not None
        self.analyst = analyst
        self._service: Any = None

    def service(self, *, seed_if_new: bool = False, create: bool = True) -> Any:
        """The open project; `create=False` for a command that only reads (a typo in `--project`
        must be an error, not a new empty project)."""
        from annotator.service import ProjectService

        if self._service is None:
            self._service = ProjectService.open(
                self.target, seed_if_new=seed_if_new, create=create, analyst=self.analyst
            )
        return self._service

    def close(self) -> None:
        if self._service is not None:
            self._service.close()


@click.group(
    cls=ProjectOrCommand,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--project",
    "project",
    type=click.Path(dir_okay=False),
    envvar=paths.PROJECT_ENV,
    help="Project file to use, or a project on a PostgreSQL server (postgresql://USER@HOST:PORT/DB"
    " or pg:SERVICE; passwords from PGPASSWORD or ~/.pgpass)"
    f" (default: {paths.DEFAULT_PROJECT_NAME} in the user data folder;"
    f" also ${paths.PROJECT_ENV}).",
)
@click.option(
    "--analyst",
    "analyst",
    envvar="ANNOTATOR_ANALYST",
    help="Who is working: your edits are recorded under this name, in your layer"
    " (default: the workbench's setting, else your login name; also $ANNOTATOR_ANALYST).",
)
@click.option(
    "--version",
    "show_version",
    is_flag=True,
    help="Show the version, the Python, Qt and SQLite it runs on, and the project's schema.",
)
@click.pass_context
def main(ctx: click.Context, project: str | None, analyst: str | None, show_version: bool) -> None:
    """Label claims, sources and entities in news articles, and export a training set.

    With no command, opens the workbench.
    """
    if show_version:
        from annotator.service.about import version_lines
        from annotator.storage.targets import is_server_target

        named = project or os.environ.get(paths.PROJECT_ENV)
        shown = named if is_server_target(named) else paths.project_path(project)
        for line in version_lines(shown):
            click.echo(line)
        ctx.exit(0)
    state = Context(project, analyst)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@main.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_name",
    help="Read every file in this format (default: by extension and content): txt, jsonl,"
    " labelstudio, csv, tsv, html, brat, conll, webanno, ptc, xmi.",
)
@click.option(
    "--text-column",
    default="text",
    show_default=True,
    help="CSV/TSV column holding the article's text.",
)
@click.option(
    "--title-column",
    default="title",
    show_default=True,
    help="CSV/TSV column holding the article's title.",
)
@click.option("--skip-invalid", is_flag=True, help="Store the good records and list the bad ones.")
@click.option(
    "--allow-duplicates", is_flag=True, help="Keep articles whose text is already stored."
)
@click.option("--no-debris", is_flag=True, help="Do not suggest DEBRIS spans for boilerplate.")
@metadata_options
@click.option(
    "--analyst",
    "layer_analyst",
    help="Put the files' annotations in this analyst's layer (default: the analyst a brat"
    " NAME_ANALYST.ann names, else you); an article already stored gains the layer.",
)
@click.pass_obj
def import_command(
    state: Context,
    sources: tuple[Path, ...],
    format_name: str | None,
    text_column: str,
    title_column: str,
    skip_invalid: bool,
    allow_duplicates: bool,
    no_debris: bool,
    metadata: Any,
    layer_analyst: str | None,
) -> None:
    """Import articles from files and folders (one transaction: all or nothing)."""
    from annotator.cli_progress import import_progress
    from annotator.formats.common import ReadOptions

    with reported_errors(), import_progress() as progress:
        report = state.service().import_paths(
            sources,
            format_name=format_name,
            skip_invalid=skip_invalid,
            allow_duplicates=allow_duplicates,
            detect_debris=not no_debris,
            options=ReadOptions(text_column=text_column, title_column=title_column),
            progress=progress,
            metadata=metadata,
            analyst=layer_analyst,
        )
    echo_import_report(report, metadata, state.project_path)


@main.command("detect-debris")
@click.argument("document_ids", nargs=-1, type=int)
@click.pass_obj
def detect_debris_command(state: Context, document_ids: tuple[int, ...]) -> None:
    """Suggest DEBRIS spans for scraped boilerplate (every article, or the ids given)."""
    with reported_errors():
        added = state.service(create=False).detect_debris(list(document_ids) or None)
    click.echo(f"suggested {added} DEBRIS span{'s' if added != 1 else ''}")


def _split_list(values: tuple[str, ...]) -> list[str]:
    """`--labels CLAIM,SOURCE` and `--labels CLAIM --labels SOURCE` alike."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@main.command("export")
@click.option(
    "--format",
    "format_name",
    required=True,
    help="Output format: prodigy, spacy, brat, doccano, labelstudio, conll, csv, links, claims,"
    " annotator.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    help="File (a folder for brat) to write; - for stdout; spacy: DIR/ writes a folder of shards.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    help="Only articles of this status: new, in_progress, done (repeat or comma-separate); all:"
    " every article. Default: the articles someone worked on (an untouched article is left out).",
)
@click.option("--labels", multiple=True, help="Only spans of these labels, e.g. CLAIM,SOURCE.")
@click.option(
    "--label",
    "label_names",
    multiple=True,
    help="Only spans of this label, its name as it is (commas too); repeat for more.",
)
@click.option("--articles", multiple=True, help="Only these article ids, e.g. --articles 3,7,9.")
@click.option("--keep-debris", is_flag=True, help="Export the text whole, DEBRIS spans included.")
@click.option(
    "--drop-overlapping", is_flag=True, help="Leave out spans overlapping debris, do not fail."
)
@click.option(
    "--suggested",
    is_flag=True,
    help="Write the suggested spans instead of the accepted ones (to score them yourself).",
)
@click.option("--analyst", "analyst", help="Export this analyst's layer.")
@click.option("--layer", "layer", help="Export this layer: an analyst's name, or curated.")
@click.pass_obj
def export_command(
    state: Context,
    format_name: str,
    output: str,
    statuses: tuple[str, ...],
    labels: tuple[str, ...],
    label_names: tuple[str, ...],
    articles: tuple[str, ...],
    keep_debris: bool,
    drop_overlapping: bool,
    suggested: bool,
    analyst: str | None,
    layer: str | None,
) -> None:
    """Export the training set (accepted DEBRIS cut out of the text unless --keep-debris)."""
    from annotator.formats.registry import writer_named
    from annotator.service.exporting import ExportOptions

    _stop_cleanly_on_sigterm()
    with reported_errors():
        writer_named(format_name)  # an unknown format is said before the project is opened
        try:
            ids = tuple(int(a) for a in _split_list(articles)) if articles else None
        except ValueError:
            raise AnnotatorError("--articles takes article ids (numbers)") from None
        chosen = tuple(_split_list(statuses))
        options = ExportOptions(
            statuses=tuple(s for s in chosen if s != "all"),
            include_untouched="all" in chosen,
            labels=(*_split_list(labels), *label_names),
            document_ids=ids,
            keep_debris=keep_debris,
            drop_overlapping=drop_overlapping,
            suggested=suggested,
        )
        service = state.service(create=False)
        options = replace(
            options, layer=service.team.export_layer(analyst, layer, format_name=format_name)
        )
        with _export_progress() as progress:
            report = service.export(format_name, output, options, progress=progress)
    for dropped in report.dropped:
        click.echo(f"annotator: left out: {dropped}", err=True)
    if report.not_accepted:
        click.echo(
            f"annotator: left out {report.not_accepted} articles answered reject or ignore in"
            " Prodigy (the prodigy format keeps the answer; mark one done to export it)",
            err=True,
        )
    if report.untouched:
        click.echo(
            f"annotator: left out {report.untouched} article{'s' if report.untouched != 1 else ''}"
            " nobody worked on (status new, no accepted span); --status all exports them",
            err=True,
        )
    where = "standard output" if output == "-" else output
    click.echo(
        f"wrote {report.documents} articles, {report.spans} spans, {report.relations} relations,"
        f" {report.links} links to {where}",
        err=output == "-",
    )


def _stop_cleanly_on_sigterm() -> None:
    """`kill PID` (SIGTERM) ends an export like Ctrl+C: its temporary file is removed at once."""
    import signal

    def stop(_signal: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


@contextmanager
def _export_progress() -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal; nothing when piped or in a script."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label="exporting", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def stats_command(state: Context, as_json: bool) -> None:
    """Count documents, spans by label, relations and links."""
    with reported_errors():
        stats = state.service(create=False).stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2, sort_keys=True))
        return
    click.echo(f"documents: {stats['documents']}")
    for status, count in stats["documents_by_status"].items():
        click.echo(f"  {status}: {count}")
    click.echo(f"spans: {stats['spans']}")
    for label, count in stats["spans_by_label"].items():
        click.echo(f"  {label}: {count}")
    for label, count in stats["suggested_spans_by_label"].items():
        click.echo(f"  {label} (suggested, not yet accepted): {count}")
    click.echo(f"relations: {stats['relations']}")
    click.echo(f"links: {stats['links']}")


@main.command("gui")
@click.argument("project_file", required=False, type=click.Path(dir_okay=False))
@click.pass_obj
def gui(state: Context, project_file: str | None = None) -> None:
    """Open the workbench (what `annotator` with no command does), on PROJECT_FILE if given.

    PROJECT_FILE is what a file manager passes when a project file is opened with annotator.
    """
    if project_file:
        # What opens (`target`), not only what is shown: a project file opened from the file
        # manager (`annotator gui %f`) opened the default project.
        state.target = state.project_path = Path(project_file)
        state.explicit = True
    with reported_errors():
        missing = missing_display()
        if missing is not None:
            raise AnnotatorError(missing)  # before the project is opened (or made)
        service = state.service(seed_if_new=not state.explicit)
    from annotator.gui.app import run

    sys.exit(run(service, analyst_given=state.analyst is not None))


def missing_display() -> str | None:
    """Why the workbench cannot show here (None: it can). On Linux without a display (an SSH
    session, a console) Qt aborts with a core dump and lines about platform plugins."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the workbench on (neither DISPLAY nor WAYLAND_DISPLAY is set):"
        " start it in a desktop session, or work with the commands (`annotator --help`)"
    )


def _size(value: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in value.lower().split("x"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not WIDTHxHEIGHT, e.g. 1600x1000") from None
    return width, height


@main.command("screenshot")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--open", "open_ids", multiple=True, type=int, help="Article id to show (repeat).")
@click.option("--size", default="1600x1000", show_default=True, help="Window size WIDTHxHEIGHT.")
@click.option("--select", "select", type=int, help="Span id to choose (inspector, relations).")
@click.option("--all-relations", is_flag=True, help="Draw every relation on screen.")
@click.option("--tags/--no-tags", default=True, show_default=True, help="Label tags on spans.")
@click.pass_obj
def screenshot_command(
    state: Context,
    out: Path,
    open_ids: tuple[int, ...],
    size: str,
    select: int | None,
    all_relations: bool,
    tags: bool,
) -> None:
    """Render the workbench with these articles side by side to a PNG."""
    dimensions = _size(size)
    with reported_errors():
        service = state.service(create=False)
        for document_id in open_ids:
            service.document(document_id)  # a clear error for an id the project lacks
        from annotator.gui.screenshot import take_screenshot

        if select is not None:
            service.span(select)  # a clear error for a span the project lacks
        take_screenshot(
            service,
            out,
            open_ids,
            dimensions,
            select=select,
            all_relations=all_relations,
            tags=tags,
        )
    click.echo(f"wrote {out}")


# -- the label schema ---------------------------------------------------------------------------


@main.group("labels")
def labels_group() -> None:
    """List and change the project's labels (span, relation and link labels)."""


@labels_group.command("list")
@click.pass_obj
def labels_list(state: Context) -> None:
    """Show every label: name, kind, hotkey, colour, and how many spans/relations/links use it."""
    with reported_errors():
        service = state.service(create=False)
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
@click.option(
    "--kind",
    type=click.Choice(["span", "relation", "link"]),
    default="span",
    show_default=True,
    help="What the label marks.",
)
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
@click.option(
    "--move-hotkeys",
    is_flag=True,
    help="Let the preset take hotkeys labels already have (without it, such a preset is refused"
    " and the labels losing their keys are named).",
)
@click.pass_obj
def labels_preset(state: Context, name: str, move_hotkeys: bool) -> None:
    """Add a shipped preset's labels (news_attribution, semeval2020_task11) to the schema."""
    with reported_errors():
        service = state.service()
        moves = service.schema_edits.preset_hotkey_moves(name)
        if moves and not move_hotkeys:
            # The workbench asks before moving keys an analyst's fingers know; here the
            # question is the refusal, and the flag the answer.
            raise AnnotatorError(
                f"preset {name} would move hotkeys in use (nothing changed; add --move-hotkeys"
                " to load it and move them):\n" + "\n".join(moves)
            )
        keys_before = {label.name: label.hotkey for label in service.schema}
        names = service.load_schema_preset(name)
    click.echo(f"loaded preset {name}: {len(names)} labels ({', '.join(names)})")
    for label in service.schema:
        if label.name not in names and keys_before.get(label.name) and label.hotkey is None:
            click.echo(f"{label.name} gave its key {keys_before[label.name]} to the preset")


# Commands kept in modules of their own (imported last: they use the helpers above).
from annotator.cli_assist import COMMANDS as _ASSIST_COMMANDS  # noqa: E402
from annotator.cli_check import check_command, recover_command  # noqa: E402
from annotator.cli_copy import copy_command  # noqa: E402

main.add_command(check_command)
main.add_command(recover_command)
main.add_command(copy_command)
for _command in _ASSIST_COMMANDS:
    main.add_command(_command)

from annotator import cli_team  # noqa: E402 - registers its commands on `main`

cli_team.register(main)

main.add_command(stories_group)
main.add_command(graph_command)
main.add_command(report_command)
main.add_command(install_desktop_command)

from annotator.cli_server import server_group  # noqa: E402

main.add_command(server_group)


def gui_main() -> None:
    """`annotator-gui [PROJECT_FILE]`: the workbench, for launchers that start no console."""
    main(args=["gui", *sys.argv[1:]], prog_name="annotator-gui")
