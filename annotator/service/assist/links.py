"""Links proposed across articles: SAME_ENTITY between sources and entities, SAME_CLAIM between
claims, in articles about the same thing.

Articles are grouped into stories first (agglomerative clustering of their TF-IDF vectors, average
linkage, cut at cosine distance 1 - min_cosine), and publication dates count when both have one:
only spans of two articles of the same story, or of the same date window, are compared at all, which is what keeps "Smith" in a budget story from joining "Smith" in
a football one. Entities then match by head word (the last word of the name, "Reid" for "Tara
Reid") and by rapidfuzz's token-set ratio of the whole names, a description ("the actress") joins
the one name the corpus writes it next to, and the pairs found are closed transitively (A is B, B
is C: A is C); claims match by TF-IDF cosine of their words. Pronouns are never linked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from annotator.domain.model import Span
from annotator.storage import analysis_reads as reads
from annotator.storage.repository import ProjectStore
from annotator.storage.suggestions import SuggestedLink, SuggestionStore

LINKS_ORIGIN = "links:lexical@1"
ENTITY_LABELS = frozenset({"SOURCE", "PERSON", "ORG", "GPE", "MEDIA"})
CLAIM_LABELS = frozenset({"CLAIM"})
_EMPTY_HEADS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "him",
        "her",
        "them",
        "us",
        "me",
        "his",
        "hers",
        "its",
        "their",
        "our",
        "my",
        "your",
        "who",
        "whom",
        "which",
        "that",
        "this",
        "these",
        "those",
        "one",
        "ones",
        "himself",
        "herself",
        "itself",
        "themselves",
        "there",
        "here",
        "what",
        "someone",
        "anyone",
        "everyone",
        "people",
    ]
)
# A name's head comes before what locates or qualifies it: "Betty Ford Center in Rancho Mirage".
_CUT = re.compile(r",|\s(?:in|on|off|at|near|who|that|which|outside)\s")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def link_label_for(label: str) -> str | None:
    if label in ENTITY_LABELS:
        return "SAME_ENTITY"
    if label in CLAIM_LABELS:
        return "SAME_CLAIM"
    return None


def head_word(text: str) -> str | None:
    """The last word of a name, lower case, without a possessive; None for a pronoun."""
    words = _WORD.findall(_CUT.split(text, maxsplit=1)[0]) or _WORD.findall(text)
    if not words:
        return None
    head = re.sub(r"['’]s$", "", words[-1]).lower()
    return None if head in _EMPTY_HEADS else head


@dataclass(frozen=True)
class Candidate:
    """A span of another article that may be the same entity or claim, best first."""

    span: Span
    text: str
    label: str  # the link label: SAME_ENTITY or SAME_CLAIM
    score: float


def entity_score(a: str, b: str) -> float:
    """How alike two names are: 0–1, at least 0.8 when their head words are the same."""
    from rapidfuzz import fuzz

    ratio = fuzz.token_set_ratio(a.lower(), b.lower()) / 100.0
    head_a, head_b = head_word(a), head_word(b)
    if head_a is None or head_b is None:
        return 0.0
    return max(ratio, 0.8) if head_a == head_b else ratio * 0.9


class ArticleSimilarity:
    """Which article pairs may hold the same entity or claim: similar texts, or close dates."""

    def __init__(
        self, store: ProjectStore, document_ids: Sequence[int], *, min_cosine: float, days: int
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.ids = list(document_ids)
        self.row = {d: i for i, d in enumerate(self.ids)}
        texts = [store.document(d).text for d in self.ids]
        vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1)
        matrix = vectorizer.fit_transform(texts) if texts else None
        self.cosine = (matrix @ matrix.T).tocsr() if matrix is not None else None
        self.min_cosine = min_cosine
        self.story = _stories(matrix, 1.0 - min_cosine) if matrix is not None else {}
        self.days = days
        self.dates = {d: _date(store, d) for d in self.ids}

    def related(self, a: int, b: int) -> float:
        """The pair's text cosine, or 0 when they are neither alike nor close in date."""
        if self.cosine is None or a not in self.row or b not in self.row:
            return 0.0
        cosine = float(self.cosine[self.row[a], self.row[b]])
        if self.story.get(self.row[a]) == self.story.get(self.row[b]):
            return max(cosine, 1e-6)
        first, second = self.dates[a], self.dates[b]
        if self.days > 0 and first and second and abs((first - second).days) <= self.days:
            return max(cosine, self.min_cosine)
        return 0.0


def _stories(matrix: Any, distance: float) -> dict[int, int]:
    """Articles grouped into stories: agglomerative clustering of their TF-IDF vectors, average
    linkage, cut at a cosine distance (two stories are apart when their articles are, on average,
    that far)."""
    if matrix.shape[0] < 2:
        return {0: 0}
    from sklearn.cluster import AgglomerativeClustering

    clustering = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
    )
    labels = clustering.fit_predict(matrix.toarray())
    return {row: int(label) for row, label in enumerate(labels)}


def _date(store: ProjectStore, document_id: int) -> date | None:
    value = reads.published(store, document_id)
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _spans(store: ProjectStore, labels: frozenset[str]) -> list[tuple[Span, str]]:
    rows = reads.accepted_spans_with_text(store, labels)
    return [(Span(d, s, e, lab, id=i), text) for i, d, s, e, lab, text in rows]


def propose_links(
    store: ProjectStore,
    *,
    min_score: float = 0.8,
    min_cosine: float = 0.1,
    days: int = 0,
) -> list[tuple[Span, Span, str, float]]:
    """(span, span, link label, score) for every likely pair across related articles."""
    entities = _spans(store, ENTITY_LABELS)
    claims = _spans(store, CLAIM_LABELS)
    documents = sorted({s.document_id for s, _ in entities + claims})
    articles = ArticleSimilarity(store, documents, min_cosine=min_cosine, days=days)
    found: list[tuple[Span, Span, str, float]] = []
    by_head: dict[str, list[tuple[Span, str]]] = defaultdict(list)
    for span, text in entities:
        head = head_word(text)
        if head is not None:
            by_head[head].append((span, text))
    for group in by_head.values():
        for i, (a, a_text) in enumerate(group):
            for b, b_text in group[i + 1 :]:
                if a.document_id == b.document_id:
                    continue
                if articles.related(a.document_id, b.document_id) <= 0:
                    continue
                score = entity_score(a_text, b_text)
                if score >= min_score:
                    found.append((a, b, "SAME_ENTITY", round(score, 3)))
    found += _described(store, entities, articles)
    found += _closure(found + _within_article(entities))
    found += _claim_pairs(claims, articles, min_score)
    found.sort(key=lambda item: -item[3])
    return found


MIN_SEEN = 1  # a description joins a name only after the corpus wrote them together this often
_NOT_ROLES = frozenset(
    [
        "the",
        "a",
        "an",
        "former",
        "late",
        "new",
        "said",
        "says",
        "told",
        "by",
        "of",
        "and",
        "with",
        "for",
        "to",
        "in",
        "on",
        "at",
        "from",
        "as",
        "then",
        "also",
        "when",
        "after",
        "before",
        "while",
    ]
)


def _described(
    store: ProjectStore, entities: list[tuple[Span, str]], articles: ArticleSimilarity
) -> list[tuple[Span, Span, str, float]]:
    """A description ("the actress") joined to the name it describes in a related article.

    Which name a word describes is read off the corpus itself: the lower-case words written just
    before a name ("actress Tara Reid", "Deputy Jerry Ortiz") or inside its mention. A description
    is joined to a name of a related article when that pairing was seen, and to one name only.
    """
    texts: dict[int, str] = {}
    seen: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    named: list[tuple[Span, str]] = []
    described: list[tuple[Span, str]] = []
    for span, text in entities:
        head = head_word(text)
        if head is None:
            continue
        words = _WORD.findall(text)
        if words and words[-1][:1].isupper():
            named.append((span, head))
            document = texts.get(span.document_id)
            if document is None:
                document = texts[span.document_id] = store.document(span.document_id).text
            before = _WORD.findall(document[max(0, span.start - 30) : span.start])[-2:]
            for word in before + words[:-1]:
                role = word.lower()
                if role not in _NOT_ROLES and role != head and not word[:1].isdigit():
                    seen[role][head] += 1
        elif len(words) <= 3:
            described.append((span, head))
    pairs = []
    for span, role in described:
        heads = seen.get(role)
        if not heads:
            continue
        related_heads: dict[str, list[Span]] = defaultdict(list)
        for other, head in named:
            if (
                heads.get(head, 0) >= MIN_SEEN
                and other.document_id != span.document_id
                and articles.related(span.document_id, other.document_id) > 0
            ):
                related_heads[head].append(other)
        if len(related_heads) == 1:
            [(_, others)] = related_heads.items()
            pairs += [(span, other, "SAME_ENTITY", 0.7) for other in others]
    return pairs


PERSON_LABELS = frozenset({"SOURCE", "PERSON"})
_PERSON_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "himself",
        "herself",
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "i'm",
        "i’m",
    ]
)


def _within_article(entities: list[tuple[Span, str]]) -> list[tuple[Span, Span, str, float]]:
    """A person's pronouns joined to the name they stand for in their own article: the nearest
    name written before them (else the first after). Never proposed (a link joins two articles);
    they only let the closure carry a name's links to its pronouns."""
    pairs = []
    by_document: dict[int, list[tuple[Span, str]]] = defaultdict(list)
    for span, text in entities:
        if span.label in PERSON_LABELS:
            by_document[span.document_id].append((span, text))
    for mentions in by_document.values():
        named = [span for span, text in mentions if _is_name(text)]
        if not named:
            continue
        for span, text in mentions:
            if text.strip().lower() not in _PERSON_PRONOUNS:
                continue
            before = [n for n in named if n.end <= span.start]
            pairs.append((span, before[-1] if before else named[0], "SAME_ENTITY", 0.6))
    return pairs


def _is_name(text: str) -> bool:
    words = _WORD.findall(text)
    return bool(words) and words[-1][:1].isupper() and head_word(text) is not None


def _closure(pairs: list[tuple[Span, Span, str, float]]) -> list[tuple[Span, Span, str, float]]:
    """The pairs implied by those found: if A is B and B is C, A is C (scored as the weakest
    link of the path). Each article pair of a story need not look alike for its mentions to
    join."""
    parent: dict[int, int] = {}
    spans: dict[int, Span] = {}
    weakest: dict[int, float] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _, score in pairs:
        assert a.id is not None and b.id is not None
        spans[a.id], spans[b.id] = a, b
        ra, rb = root(a.id), root(b.id)
        low = min(score, weakest.get(ra, 1.0), weakest.get(rb, 1.0))
        parent[ra] = rb
        weakest[rb] = low
    direct = {frozenset((a.id, b.id)) for a, b, _, _ in pairs}
    groups: dict[int, list[Span]] = defaultdict(list)
    for span_id, span in spans.items():
        groups[root(span_id)].append(span)
    implied = []
    for group_root, members in groups.items():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.document_id != b.document_id and frozenset((a.id, b.id)) not in direct:
                    implied.append((a, b, "SAME_ENTITY", round(weakest[group_root], 3)))
    return implied


def _claim_pairs(
    claims: list[tuple[Span, str]], articles: ArticleSimilarity, min_score: float
) -> list[tuple[Span, Span, str, float]]:
    if len(claims) < 2:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [text for _, text in claims]
    )
    cosine: Any = (matrix @ matrix.T).tocoo()
    pairs = []
    for i, j, value in zip(cosine.row, cosine.col, cosine.data, strict=True):
        if i >= j or value < min_score:
            continue
        a, b = claims[i][0], claims[j][0]
        if a.document_id != b.document_id and articles.related(a.document_id, b.document_id):
            pairs.append((a, b, "SAME_CLAIM", round(float(value), 3)))
    return pairs


def store_proposed_links(
    store: ProjectStore, proposed: list[tuple[Span, Span, str, float]], known_labels: set[str]
) -> int:
    """Store proposals not already links (either way round); returns how many are new."""
    existing = {(lk.a_id, lk.b_id) for lk in store.all_links()}
    table = SuggestionStore(store)
    added = 0
    with store.transaction():
        for a, b, label, score in proposed:
            if label not in known_labels or a.id is None or b.id is None:
                continue
            if (a.id, b.id) in existing or (b.id, a.id) in existing:
                continue
            if table.insert_link(SuggestedLink(a.id, b.id, label, LINKS_ORIGIN, score)):
                added += 1
    return added


def find_elsewhere(store: ProjectStore, span: Span, limit: int = 20) -> list[Candidate]:
    """Spans of other articles that may be the same entity or claim as `span`, best first."""
    label = link_label_for(span.label)
    if label is None:
        return []
    text = store.document(span.document_id).text[span.start : span.end]
    kinds = ENTITY_LABELS if label == "SAME_ENTITY" else CLAIM_LABELS
    others = [(s, t) for s, t in _spans(store, kinds) if s.document_id != span.document_id]
    if not others:
        return []
    if label == "SAME_ENTITY":
        scored = [(entity_score(text, t), s, t) for s, t in others]
    else:
        from sklearn.feature_extraction.text import TfidfVectorizer

        matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([text] + [t for _, t in others])
        values = (matrix[1:] @ matrix[0].T).toarray().ravel()
        scored = [(float(v), s, t) for v, (s, t) in zip(values, others, strict=True)]
    scored = [item for item in scored if item[0] > 0.3]
    scored.sort(key=lambda item: -item[0])
    return [Candidate(s, t, label, round(score, 3)) for score, s, t in scored[:limit]]
