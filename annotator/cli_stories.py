"""`annotator stories …`: suggest stories from the texts, list them, and edit them.

Registered in `cli.py` with one line. A story is named by its name (any case) or its id.
"""

from __future__ import annotations

import json
from typing import Any

import click

from annotator.cli_common import articles_option, reported_errors, split_ids


@click.group("stories")
def stories_group() -> None:
    """Stories: groups of articles about one real-world event, compared across outlets."""


@stories_group.command("suggest")
@click.argument("articles", nargs=-1, type=int)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Average cosine similarity at which groups still merge (default 0.15).",
)
@click.option(
    "--window-days",
    type=click.IntRange(0),
    default=None,
    help="Articles with known dates further apart than this are never one story (default 14).",
)
@click.option("--no-window", is_flag=True, help="Ignore dates.")
@click.pass_obj
def suggest_command(
    state: Any,
    articles: tuple[int, ...],
    threshold: float | None,
    window_days: int | None,
    no_window: bool,
) -> None:
    """Suggest stories for the corpus (articles not in an accepted story) or the ARTICLES given.

    The suggestions made before are replaced; accepted stories stay as they are.
    """
    from annotator.service.story_grouping import THRESHOLD, WINDOW_DAYS

    with reported_errors():
        change = state.service(create=False).stories.suggest(
            list(articles) or None,
            threshold=THRESHOLD if threshold is None else threshold,
            window_days=None
            if no_window
            else (WINDOW_DAYS if window_days is None else window_days),
        )
    grouped = sum(len(s.document_ids) for s in change.after)
    for story in change.after:
        click.echo(f"{story.id}\t{story.name}\t{len(story.document_ids)} articles")
    click.echo(
        f"suggested {len(change.after)} stories of {grouped} articles"
        f" (replacing {len(change.before)} earlier suggestions); accept them with"
        " `annotator stories accept NAME` or in the Stories dock"
    )


@stories_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story, one a line.")
@click.pass_obj
def list_command(state: Any, as_json: bool) -> None:
    """Every story with its articles: id, title, outlet, date and the file each came from."""
    with reported_errors():
        stories = state.service(create=False).stories
        for story in stories.list():
            articles = stories.articles(story.id)
            if as_json:
                record = {
                    "id": story.id,
                    "name": story.name,
                    "suggested": story.suggested,
                    "articles": [
                        {
                            "id": a.id,
                            "title": a.title,
                            "outlet": a.outlet,
                            "published": a.published,
                            "file": a.source_path,
                        }
                        for a in articles
                    ],
                }
                click.echo(json.dumps(record, ensure_ascii=False))
                continue
            status = "suggested" if story.suggested else "accepted"
            click.echo(f"{story.id}\t{story.name}\t({status}, {len(articles)} articles)")
            for a in articles:
                click.echo(
                    f"\t#{a.id}\t{a.outlet or '-'}\t{a.published or '-'}\t{a.title}"
                    f"\t{a.source_path or ''}"
                )


def _echo(change: Any) -> None:
    click.echo(change.description)


@stories_group.command("accept")
@click.argument("stories", nargs=-1, required=True)
@click.pass_obj
def accept_command(state: Any, stories: tuple[str, ...]) -> None:
    """Accept suggested stories (by name or id)."""
    with reported_errors():
        service = state.service(create=False).stories
        _echo(service.accept([service.find(s).id for s in stories]))


@stories_group.command("new")
@click.argument("name")
@articles_option
@click.pass_obj
def new_command(state: Any, name: str, articles: tuple[str, ...]) -> None:
    """Make a story of the articles given (e.g. --articles 3,7,9)."""
    with reported_errors():
        _echo(state.service(create=False).stories.create(name, split_ids(articles)))


@stories_group.command("rename")
@click.argument("story")
@click.argument("name")
@click.pass_obj
def rename_command(state: Any, story: str, name: str) -> None:
    """Rename a story."""
    with reported_errors():
        service = state.service(create=False).stories
        _echo(service.rename(service.find(story).id, name))


@stories_group.command("merge")
@click.argument("stories", nargs=-1, required=True)
@click.option("--name", help="The merged story's name (default: the first story's).")
@click.pass_obj
def merge_command(state: Any, stories: tuple[str, ...], name: str | None) -> None:
    """Merge stories into the first one given."""
    with reported_errors():
        service = state.service(create=False).stories
        _echo(service.merge([service.find(s).id for s in stories], name))


@stories_group.command("split")
@click.argument("story")
@click.option("--name", required=True, help="The new story's name.")
@articles_option
@click.pass_obj
def split_command(state: Any, story: str, name: str, articles: tuple[str, ...]) -> None:
    """Move some of a story's articles into a new story."""
    with reported_errors():
        service = state.service(create=False).stories
        _echo(service.split(service.find(story).id, split_ids(articles), name))


@stories_group.command("add")
@click.argument("story")
@articles_option
@click.pass_obj
def add_command(state: Any, story: str, articles: tuple[str, ...]) -> None:
    """Add articles to a story."""
    with reported_errors():
        service = state.service(create=False).stories
        _echo(service.add_articles(service.find(story).id, split_ids(articles)))


@stories_group.command("remove")
@click.argument("story")
@articles_option
@click.pass_obj
def remove_command(state: Any, story: str, articles: tuple[str, ...]) -> None:
    """Remove articles from a story."""
    with reported_errors():
        service = state.service(create=False).stories
        _echo(service.remove_articles(service.find(story).id, split_ids(articles)))


@stories_group.command("delete")
@click.argument("stories", nargs=-1, required=True)
@click.pass_obj
def delete_command(state: Any, stories: tuple[str, ...]) -> None:
    """Delete stories (their articles stay in the project)."""
    with reported_errors():
        service = state.service(create=False).stories
        _echo(service.delete([service.find(s).id for s in stories]))
