"""A story's comparison across outlets, read from the project (see `domain/comparison.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.domain.comparison import ArticleInfo, StoryComparison, compare_story
from annotator.domain.model import Relation, Span

if TYPE_CHECKING:
    from annotator.service.project import ProjectService


def story_comparison(service: ProjectService, story_id: int) -> StoryComparison:
    """The matrix of one story: its articles' claims and linked entities, by outlet."""
    store = service.store
    articles = [
        ArticleInfo(a.id, a.title, a.outlet, a.published, service.text_of(a.id))
        for a in service.stories.articles(story_id)
    ]
    spans: list[Span] = []
    relations: list[Relation] = []
    for article in articles:
        spans.extend(store.spans_of(article.id))
        relations.extend(store.relations_of(article.id))
    links = store.links_of_documents([a.id for a in articles])
    return compare_story(articles, spans, relations, links)
