"""Commands for several analysts: `analysts`, `merge`, `agreement` and `curation`."""

from __future__ import annotations

import json
from typing import Any

import click

from annotator.cli import Context, reported_errors


@click.group("analysts")
def analysts_group() -> None:
    """List the analysts whose layers the project holds, or give a layer to another name."""


@analysts_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the layers as JSON.")
@click.pass_obj
def analysts_list(state: Context, as_json: bool) -> None:
    """Every layer: analyst (or curated), articles, of them done, accepted spans."""
    with reported_errors():
        layers = state.service(create=False).team.layers()
    if as_json:
        click.echo(
            json.dumps(
                [
                    {"layer": s.name, "articles": s.articles, "done": s.done, "spans": s.spans}
                    for s in layers
                ],
                indent=2,
            )
        )
        return
    rows = [("LAYER", "ARTICLES", "DONE", "SPANS")] + [
        (s.name, str(s.articles), str(s.done), str(s.spans)) for s in layers
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@analysts_group.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_obj
def analysts_rename(state: Context, old: str, new: str) -> None:
    """Give OLD's layers to NEW (e.g. `original`, the author of work from before analysts)."""
    with reported_errors():
        moved = state.service(create=False).team.rename(old, new)
    click.echo(f"{old}'s layers of {moved} articles are now {new}'s")


@click.command("merge")
@click.argument("other", type=click.Path(dir_okay=False))
@click.pass_obj
def merge_command(state: Context, other: str) -> None:
    """Bring in another project file's layers, with who made them and when.

    OTHER is a project file, or a bundle written by `annotator export --format annotator`.
    Articles whose text is already here gain the layers they lack; merging twice changes
    nothing the second time.
    """
    with reported_errors():
        report = state.service().team.merge(other)
    for file, document_id, layer in report.joined:
        click.echo(f"{file}: {layer}'s layer joined article {document_id}")
    for where in report.duplicates:
        click.echo(f"{where}: every layer is already here")
    click.echo(
        f"merged {len(report.document_ids)} new articles, {len(report.joined)} layers of stored"
        f" articles, {report.spans} spans, {report.relations} relations, {report.links} links"
        f" into {state.project_path}"
    )


def _number(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


@click.command("agreement")
@click.option("--json", "as_json", is_flag=True, help="Print every measure as JSON.")
@click.option("--label", "labels", multiple=True, help="Only spans of this label (repeat).")
@click.option("--analyst", "analysts", multiple=True, help="Only this analyst (repeat).")
@click.pass_obj
def agreement_command(
    state: Context, as_json: bool, labels: tuple[str, ...], analysts: tuple[str, ...]
) -> None:
    """How far analysts agree, over every article two or more of them annotated.

    Krippendorff's alpha over characters and tokens, exact / overlap / PTC span F1 and relation
    F1 between each pair; see docs/agreement.md for the definitions.
    """
    with reported_errors():
        service = state.service(create=False)
        for label in labels:
            service.schema.require(label, "span")
        known = set(service.team.analysts()) | {"curated"}
        for analyst in analysts:
            if analyst not in known:
                from annotator.domain.errors import AnnotatorError

                raise AnnotatorError(f"no analyst {analyst!r} has a layer in the project")
        result = service.team.agreement(labels=labels, analysts=analysts)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo(f"articles: {result['articles']}  analysts: {', '.join(result['analysts'])}")
    for key in (
        "alpha_chars",
        "alpha_tokens",
        "span_f1_exact",
        "span_f1_overlap",
        "ptc_f1",
        "relations_f1",
    ):
        click.echo(f"{key}: {_number(result[key])}")
    for label, values in result["per_label"].items():
        figures = "  ".join(f"{k}={_number(v)}" for k, v in values.items())
        click.echo(f"  {label}: {figures}")
    for pair in result["pairs"]:
        click.echo(
            f"  {pair['a']} ~ {pair['b']}: {pair['articles']} articles,"
            f" alpha_chars={_number(pair['alpha_chars'])},"
            f" span_f1_overlap={_number(pair['span_f1_overlap'])}"
        )
    for article in result["by_article"][:10]:
        click.echo(
            f"  article {article['id']}: chars agreement {article['chars_agreement']:.3f}"
            f"  {article['title'][:60]}"
        )


@click.command("curation")
@click.option("--json", "as_json", is_flag=True, help="Print the progress as JSON.")
@click.pass_obj
def curation_command(state: Context, as_json: bool) -> None:
    """Curation progress: the articles two or more analysts annotated, how many are curated,
    and for each its disagreements and agreed spans (Team ▸ Adjudicate settles them)."""
    with reported_errors():
        curation = state.service(create=False).team.curation
        progress = curation.progress()
        articles = []
        for row in progress.rows:
            article = curation.article(row.document_id)
            articles.append(
                {
                    "id": row.document_id,
                    "title": row.title,
                    "analysts": list(row.analysts),
                    "status": row.status or "not_started",
                    "disagreements": len(article.disagreements),
                    "agreed": len(article.found.agreed),
                    "agreed_not_curated": article.agreed_missing(),
                    "curated_spans": len(article.curated.spans),
                }
            )
    if as_json:
        summary = {"curated": progress.curated, "to_curate": progress.to_curate}
        click.echo(json.dumps({**summary, "articles": articles}, indent=2, ensure_ascii=False))
        return
    click.echo(f"curated {progress.curated} of {progress.to_curate} articles")
    rows = [("ID", "STATUS", "ANALYSTS", "DISAGREEMENTS", "AGREED", "CURATED SPANS", "TITLE")]
    rows += [
        (
            str(a["id"]),
            str(a["status"]).replace("_", " "),
            str(len(a["analysts"])),
            str(a["disagreements"]),
            str(a["agreed"]),
            str(a["curated_spans"]),
            str(a["title"])[:50],
        )
        for a in articles
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def register(main: click.Group) -> None:
    for command in (analysts_group, merge_command, agreement_command, curation_command):
        main.add_command(command)
