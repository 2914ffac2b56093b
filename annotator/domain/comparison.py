"""A story compared across outlets: a row per claim (or entity), a column per outlet.

Claims joined by SAME_CLAIM links are one row; an unlinked claim is a row of its own. Each cell says
how that outlet told the claim: the span's text, the source it is attributed to (SAID_BY), the
chain of relaying sources (REPORTED_BY) and the stance; an outlet without a cell left it out. A row
is marked where the outlets differ in attribution: different sources (sources joined by SAME_ENTITY
count as the same), or attributed in one and stated as fact in another. Entity rows do the same for
SAME_ENTITY groups: how each outlet names the person or organisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.domain.chains import chain_from, outgoing_edges
from annotator.domain.model import Link, Relation, Span

CLAIM = "CLAIM"
ENTITY_LABELS = ("SOURCE", "PERSON", "ORG", "GPE", "MEDIA")
SAME_CLAIM = "SAME_CLAIM"
SAME_ENTITY = "SAME_ENTITY"
STATED_AS_FACT = "stated as fact"


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the comparison needs of an article: which column it goes in, and its text."""

    id: int
    title: str
    outlet: str | None
    published: str | None
    text: str

    @property
    def column(self) -> str:
        return self.outlet or f"#{self.id} {self.title[:30]}".strip()


@dataclass(frozen=True, slots=True)
class Cell:
    """One outlet's telling of a claim (or naming of an entity)."""

    document_id: int
    span_id: int
    text: str
    source: str | None = None  # the SAID_BY source's words, None when stated as fact
    chain: tuple[str, ...] = ()  # the REPORTED_BY relayers, nearest first
    stance: str | None = None
    attribution: str | None = None  # who it is attributed to, as compared (entity-aware)

    def describe(self, kind: str = "claim") -> str:
        """The cell as plain text lines: the words, then who said and relayed them."""
        lines = [f"“{self.text}”"]
        if kind != "claim":
            return lines[0]
        lines.append(f"said by: {self.source}" if self.source is not None else STATED_AS_FACT)
        if self.chain:
            lines.append("via: " + " ← ".join(self.chain))
        if self.stance:
            lines.append(f"stance: {self.stance}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Row:
    """A claim (or entity) and how each outlet told it; `differs` marks differing attribution."""

    kind: str  # "claim" or "entity"
    title: str
    cells: Mapping[str, tuple[Cell, ...]]
    differs: bool = False

    def omitted_by(self, columns: Sequence[str]) -> list[str]:
        return [c for c in columns if c not in self.cells]


@dataclass(frozen=True, slots=True)
class StoryComparison:
    columns: tuple[str, ...]
    claims: tuple[Row, ...]
    entities: tuple[Row, ...]
    articles: tuple[ArticleInfo, ...] = field(default=())

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.claims + self.entities


class _Groups:
    """Union-find over span ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent.setdefault(x, x)
        while parent != x:
            self.parent[x] = self.parent.setdefault(parent, parent)
            x, parent = parent, self.parent[parent]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def compare_story(
    articles: Sequence[ArticleInfo],
    spans: Iterable[Span],
    relations: Iterable[Relation],
    links: Iterable[Link],
) -> StoryComparison:
    """The matrix of a story's articles from their spans, relations and links."""
    by_article = {a.id: a for a in articles}
    span_of = {s.id: s for s in spans if s.id is not None and s.document_id in by_article}
    relations_of: dict[int, list[Relation]] = {}
    for relation in relations:
        relations_of.setdefault(relation.document_id, []).append(relation)
    # Each article's relations indexed once, for the chains of all its claims.
    outgoing = {document: outgoing_edges(found) for document, found in relations_of.items()}
    claims_linked, entities_linked = _Groups(), _Groups()
    entity_linked_ids: set[int] = set()
    for link in links:
        if link.a_id not in span_of or link.b_id not in span_of:
            continue
        if link.label == SAME_CLAIM:
            claims_linked.join(link.a_id, link.b_id)
        elif link.label == SAME_ENTITY:
            entities_linked.join(link.a_id, link.b_id)
            entity_linked_ids.update((link.a_id, link.b_id))

    def words(span: Span) -> str:
        return " ".join(by_article[span.document_id].text[span.start : span.end].split())

    def cell(span: Span) -> Cell:
        assert span.id is not None
        steps = chain_from(span.id, outgoing.get(span.document_id, {}))
        ends = [span_of.get(step.span_id) for step in steps]
        source = ends[0] if ends and steps[0].relation.label == "SAID_BY" else None
        chain = tuple(words(s) for s in ends[1:] if s is not None)
        attribution = None
        if source is not None and source.id is not None:
            attribution = (
                f"entity:{entities_linked.find(source.id)}"
                if source.id in entity_linked_ids
                else words(source).casefold()
            )
        stance = span.attributes.get("stance") if span.attributes else None
        return Cell(
            span.document_id,
            span.id,
            words(span),
            words(source) if source is not None else None,
            chain,
            str(stance) if stance else None,
            attribution,
        )

    order = sorted(span_of.values(), key=lambda s: (s.document_id, s.start, s.id or 0))
    claims = _rows(
        "claim",
        [s for s in order if s.label == CLAIM and not s.suggested],
        claims_linked,
        by_article,
        cell,
    )
    entities = _rows(
        "entity",
        [s for s in order if s.label in ENTITY_LABELS and s.id in entity_linked_ids],
        entities_linked,
        by_article,
        cell,
    )
    columns = tuple(dict.fromkeys(a.column for a in sorted(articles, key=_article_order)))
    return StoryComparison(columns, claims, entities, tuple(articles))


def _article_order(article: ArticleInfo) -> tuple[bool, str, int]:
    return (article.published is None, article.published or "", article.id)


def _rows(
    kind: str,
    spans: Sequence[Span],
    groups: _Groups,
    by_article: Mapping[int, ArticleInfo],
    cell_of: Callable[[Span], Cell],
) -> tuple[Row, ...]:
    members: dict[int, list[Span]] = {}
    for span in spans:
        assert span.id is not None
        members.setdefault(groups.find(span.id), []).append(span)
    rows = []
    for group in members.values():
        cells: dict[str, list[Cell]] = {}
        for span in group:
            cells.setdefault(by_article[span.document_id].column, []).append(cell_of(span))
        told = [c for each in cells.values() for c in each]
        if kind == "claim":
            attributions = {c.attribution for c in told}
            differs = len(cells) > 1 and len(attributions) > 1
        else:
            names = {c.text.casefold() for c in told}
            differs = len(cells) > 1 and len(names) > 1
        title = max((c.text for c in told), key=len)
        rows.append(Row(kind, title, {k: tuple(v) for k, v in cells.items()}, differs))
    rows.sort(key=lambda r: -len(r.cells))
    return tuple(rows)


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*(?=\s|$)|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) holding `text[start:end]`, on one line."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    found = _SENTENCE_END.search(text, max(start, end - 1))
    stop = found.end() if found is not None else len(text)
    return " ".join(text[begin:stop].split())
