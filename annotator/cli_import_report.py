"""What `annotator import` prints: the problems with their files and lines, then counts.

A folder of ten thousand files is summarised, not listed a line a file: a count of the files by
outcome, the items not stored as given (duplicates, refused records, notices) each named with
its file and line, and the files that held no article named, so nothing goes unsaid.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import click

from annotator.cli_metadata import echo_metadata_report
from annotator.service.importing import ImportReport

#: How the files-read line names each outcome of `ImportReport.file_outcomes`.
OUTCOMES = {
    "stored": "with articles stored",
    "joined": "with annotations joined to stored articles",
    "duplicates": "with only texts already in the project (listed above)",
    "refused": "with only refused records (listed above)",
    "nothing": "with no article in it (named above)",
}


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def files_summary(outcomes: dict[str, list[str]]) -> str:
    """One line for the files of a folder import: how many had each outcome."""
    total = sum(len(files) for files in outcomes.values())
    parts = [f"{len(files)} {OUTCOMES[outcome]}" for outcome, files in outcomes.items() if files]
    return f"{plural(total, 'file')} read: {', '.join(parts)}"


def echo_import_report(report: ImportReport, metadata: Any, project: Path | str) -> None:
    for where in report.duplicates:
        click.echo(f"{where}: skipped, the same text is already in the project")
    for problem in report.skipped:
        click.echo(f"{problem}: skipped")
    for notice in report.not_stored:
        click.echo(str(notice))
    outcomes = report.file_outcomes()
    for file in outcomes["nothing"]:
        click.echo(f"{file}: no article in it")
    if len(report.per_file) > 1:
        click.echo(files_summary(outcomes))
    echo_metadata_report(report, metadata)
    if report.new_labels:
        click.echo(f"labels added to the schema: {', '.join(report.new_labels)}")
    if report.debris:
        click.echo(
            f"suggested {plural(report.debris, 'DEBRIS span')} (accept or reject them in the GUI)"
        )
    if report.not_stored:
        click.echo(f"{plural(len(report.not_stored), 'item')} not stored as the files gave them")
    if report.skipped:
        click.echo(f"{plural(len(report.skipped), 'record')} refused and skipped (listed above)")
    links = f", {plural(report.links, 'link')}" if report.links else ""
    joined = ""
    if report.joined:
        layers = Counter(layer for _file, _id, layer in report.joined)
        each = ", ".join(f"{layer} {count}" for layer, count in sorted(layers.items()))
        joined = f", {plural(len(report.joined), 'layer')} joined to stored articles ({each})"
    click.echo(
        f"imported {plural(len(report.document_ids), 'article')}, {report.spans_said()},"
        f" {plural(report.relations, 'relation')}{links}{joined} into {project}"
    )
