"""Assisted labelling on the command line: `patterns`, `suggest`, `evaluate` (and `train`).

Registered on the `annotator` group by `annotator.cli`; the heavy parts (spaCy) are imported
only when a command runs, so `annotator --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from annotator.cli import Context, reported_errors
from annotator.domain.errors import AnnotatorError


@click.group("patterns")
def patterns_group() -> None:
    """The project's own rules: spaCy/Prodigy patterns JSONL ({"label": …, "pattern": …})."""


@patterns_group.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_obj
def patterns_add(state: Context, file: Path) -> None:
    """Add every pattern of a JSONL file (checked whole first: one bad line adds nothing)."""
    from annotator.service.assist.patterns import add_patterns_file

    with reported_errors():
        added = add_patterns_file(state.service().store, file)
    click.echo(f"added {added} pattern{'s' if added != 1 else ''} from {file}")


@patterns_group.command("list")
@click.pass_obj
def patterns_list(state: Context) -> None:
    """Show the stored patterns: id, label, pattern, file it came from."""
    import json

    from annotator.service.assist.patterns import list_patterns

    with reported_errors():
        patterns = list_patterns(state.service().store)
    if not patterns:
        click.echo("no patterns (add some with `annotator patterns add FILE`)")
    for pattern in patterns:
        shown = json.dumps(pattern.pattern, ensure_ascii=False)
        click.echo(f"{pattern.id}\t{pattern.label}\t{shown}\t{pattern.source}")


@patterns_group.command("remove")
@click.argument("ids", nargs=-1, type=int, required=True)
@click.pass_obj
def patterns_remove(state: Context, ids: tuple[int, ...]) -> None:
    """Remove patterns by the ids `annotator patterns list` shows."""
    from annotator.service.assist.patterns import remove_patterns

    with reported_errors():
        removed = remove_patterns(state.service().store, list(ids))
    click.echo(f"removed {removed} pattern{'s' if removed != 1 else ''}")


@click.command("suggest")
@click.argument("document_ids", nargs=-1, type=int)
@click.option("--rules", is_flag=True, help="Propose with the built-in attribution rules.")
@click.option(
    "--model",
    "model_path",
    type=click.Path(path_type=Path),
    help="Propose with a model made by `annotator train`.",
)
@click.option(
    "--no-patterns", is_flag=True, help="Leave out the project's own patterns (used by default)."
)
@click.pass_obj
def suggest_command(
    state: Context,
    document_ids: tuple[int, ...],
    rules: bool,
    model_path: Path | None,
    no_patterns: bool,
) -> None:
    """Suggest CUE, SOURCE and CLAIM spans with SAID_BY relations (every article not done, or
    the ids given); rejected suggestions are not proposed again."""
    from annotator.service.assist.proposing import proposers, suggest

    with reported_errors():
        service = state.service()
        model = _load_model(model_path) if model_path is not None else None
        chosen = proposers(service, rules=rules, patterns=not no_patterns, model=model)
        missing = service.store.missing_document_ids(list(document_ids)) if document_ids else []
        if missing:
            raise AnnotatorError(f"no article {', '.join(map(str, missing))} in the project")
        report = suggest(service, chosen, list(document_ids) or None)
    by_label = ", ".join(f"{count} {label}" for label, count in sorted(report.spans.items()))
    click.echo(
        f"suggested {sum(report.spans.values())} spans ({by_label or 'none'}) and"
        f" {report.relations} relations in {report.articles} articles"
    )
    if report.rejected_before:
        click.echo(f"not proposed again: {report.rejected_before} rejected before")
    if report.already_there:
        click.echo(f"already there: {report.already_there} spans")
    if report.not_in_schema:
        lacking = ", ".join(
            f"{count} {label}" for label, count in sorted(report.not_in_schema.items())
        )
        click.echo(
            f"not proposed: {lacking} (labels the project does not have; add them with"
            " `annotator labels add LABEL`)",
            err=True,
        )


def _load_model(path: Path) -> Any:
    from annotator.service.assist.model import load_model

    return load_model(path)


@click.command("evaluate")
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(path_type=Path),
    help="A gold project file, or a folder of brat files (NAME.txt + NAME.ann, or PolNeAR's"
    " text/ + attributions/).",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    help="Rename a gold label: --map Cue=CUE (repeatable); only mapped labels are scored then.",
)
@click.option(
    "--accepted", is_flag=True, help="Score the accepted spans instead of the suggested ones."
)
@click.pass_obj
def evaluate_command(
    state: Context, gold_path: Path, mapping: tuple[str, ...], accepted: bool
) -> None:
    """Exact and overlap precision, recall and F1 per label of the suggested (or accepted)
    spans against gold, on the articles both have; link pairs too when the gold has links."""
    from annotator.service.assist.evaluating import evaluate

    with reported_errors():
        label_map = {}
        for item in mapping:
            if "=" not in item:
                raise AnnotatorError(f"--map {item}: write GOLD=PROJECT, e.g. --map Cue=CUE")
            gold_label, _, ours = item.partition("=")
            label_map[gold_label.strip()] = ours.strip()
        result = evaluate(
            state.service().store,
            gold_path,
            which="accepted" if accepted else "suggested",
            label_map=label_map,
        )
    for line in result.skipped:
        click.echo(f"skipped: {line}", err=True)
    click.echo(f"articles scored: {result.articles}")
    _print_scores(result.scores)
    if result.links is not None:
        links = result.links
        click.echo(
            f"{'links':<10} {'pairs':<8} {links.proposed:>8} {links.gold:>6}"
            f" {links.precision:>6.3f} {links.recall:>6.3f} {links.f1:>6.3f}"
        )


@click.command("train")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Model folder to write (default: models/PROJECT in the user data folder).",
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    help="A span label to learn (repeatable; default CUE, SOURCE and CLAIM).",
)
@click.option(
    "--epochs",
    default=60,
    show_default=True,
    help="Passes over the training articles (the CRF's L-BFGS iterations).",
)
@click.pass_obj
def train_command(
    state: Context, output: Path | None, labels: tuple[str, ...], epochs: int
) -> None:
    """Train a span model on the project's accepted spans; every fifth article is held out and
    scored (exact and overlap precision, recall, F1 per label)."""
    from annotator import paths
    from annotator.service.assist.model import DEFAULT_LABELS, train

    with reported_errors():
        service = state.service()
        chosen = list(labels) or list(DEFAULT_LABELS)
        for label in chosen:
            service.schema.require(label, "span")
        if output is None:
            output = paths.data_dir() / "models" / state.project_path.name.split(".")[0]
        last = [-1.0]

        def progress(what: str, fraction: float) -> bool:
            if fraction - last[0] >= 0.1:
                last[0] = fraction
                click.echo(f"training: {what}, {fraction:.0%}", err=True)
            return True

        report = train(service.store, output, labels=chosen, epochs=epochs, progress=progress)
    click.echo(
        f"trained model version {report.version} on"
        f" {report.train_articles + report.held_out_articles} articles in {report.seconds:.0f} s;"
        f" scored on {report.held_out_articles} held out, by a model first learnt from the other"
        f" {report.train_articles}"
    )
    if report.joint:
        click.echo(f"one tagger for {', '.join(report.labels)}: their spans never share a token")
    if report.overlapping_dropped:
        click.echo(f"left out {report.overlapping_dropped} spans overlapping another of the labels")
    _print_scores(report.scores)
    click.echo(f"model: {report.path}")


def _print_scores(scores: Any) -> None:
    click.echo(
        f"{'LABEL':<10} {'MEASURE':<8} {'PROPOSED':>8} {'GOLD':>6} {'P':>6} {'R':>6} {'F1':>6}"
    )
    for score in scores:
        click.echo(
            f"{score.label:<10} {score.measure:<8} {score.proposed:>8} {score.gold:>6}"
            f" {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f}"
        )


@click.command("suggest-links")
@click.option(
    "--min-score", default=0.8, show_default=True, help="Propose only pairs scored at least this."
)
@click.option(
    "--min-similarity",
    default=0.1,
    show_default=True,
    help="How alike articles must be (TF-IDF cosine, average over a story) to be one story;"
    " only spans of one story (or date window) are compared.",
)
@click.option(
    "--days",
    default=0,
    show_default=True,
    help="Also compare articles published at most this many days apart (0: texts only).",
)
@click.pass_obj
def suggest_links_command(
    state: Context, min_score: float, min_similarity: float, days: int
) -> None:
    """Propose SAME_ENTITY links between sources and entities, and SAME_CLAIM links between
    claims, across the project's articles (accept them with Find elsewhere in the workbench)."""
    from annotator.service.assist.links import propose_links, store_proposed_links

    with reported_errors():
        service = state.service()
        proposed = propose_links(
            service.store, min_score=min_score, min_cosine=min_similarity, days=days
        )
        known = {label.name for label in service.schema.of_kind("link")}
        added = store_proposed_links(service.store, proposed, known)
    by_label: dict[str, int] = {}
    for _, _, label, _ in proposed:
        by_label[label] = by_label.get(label, 0) + 1
    shown = ", ".join(f"{count} {label}" for label, count in sorted(by_label.items()))
    click.echo(f"proposed {added} new links ({shown or 'none'})")


COMMANDS = (suggest_links_command, patterns_group, suggest_command, evaluate_command, train_command)
