"""Grouping articles into suggested stories: TF-IDF cosine, average linkage, a date window.

The method (tuned on ECB+ topics 1–10, checked on 11–20; see tests/unit/test_story_grouping.py):
each article's title and text become a TF-IDF vector (English stop words out, sublinear term
frequencies; computed by `story_vectors.tfidf`, scikit-learn's vectors without its cost); two articles are as close as their cosine; clusters merge by *average linkage* while
their average similarity is at least `threshold` (0.15, i.e. a cosine distance of 0.85). Two
articles whose dates are both known and further apart than `window_days` are never in one story.

Average linkage is computed exactly without the n² matrix: a cluster whose average similarity
reaches the threshold always holds a pair that reaches it, so clusters never cross the connected
components of the graph of such pairs. Those pairs are found by multiplying the vectors pruned to
their strongest terms (rare words: short posting lists), in date order so that each slice of
articles meets only those within the window, checked with the full vectors; each component is
clustered on its own (SciPy's average linkage on the component's exact distances). See ADRs 16
and 32.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from annotator.service.story_vectors import row_sums, tfidf

THRESHOLD = 0.15  # average cosine similarity at which clusters still merge
WINDOW_DAYS = 14
TOP_TERMS = 24  # terms per article kept for finding candidate pairs
CHUNK = 2000  # articles per block of the candidate product
SMALL_COMPONENT = 300  # up to this size: every pair's similarity, one heap for all of them
COMPONENT_LIMIT = 6000  # larger components are clustered on their candidate pairs only


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What grouping reads of an article."""

    document_id: int
    text: str
    published: str | None = None


@dataclass(frozen=True, slots=True)
class SuggestedGroup:
    """Articles suggested as one story, with the words that characterise it."""

    document_ids: tuple[int, ...]
    keywords: tuple[str, ...]


def _day(published: str | None) -> int | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def group_articles(
    articles: Iterable[StoryInput],
    *,
    threshold: float = THRESHOLD,
    window_days: int | None = WINDOW_DAYS,
    progress: Callable[[str], None] | None = None,
) -> list[SuggestedGroup]:
    """Every article in exactly one group (a group of one is an article with no story yet).

    The articles are read once, in order, so they may be streamed from the project: only their
    ids and dates are kept, and their texts only as TF-IDF vectors.
    """
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    say = progress or (lambda _text: None)
    ids: list[int] = []
    day_of: list[int] = []

    def texts() -> Iterator[str]:
        for article in articles:
            ids.append(article.document_id)
            day = _day(article.published)
            day_of.append(-1 if day is None else day)
            if len(ids) % 10_000 == 0:
                say(f"read {len(ids):,} articles")
            yield article.text

    say("reading the articles")
    found = tfidf(texts())
    vectors = found.matrix
    n = len(ids)
    if n == 0:
        return []
    days = np.array(day_of, dtype=np.int64)
    dated = days >= 0
    say("finding similar pairs")
    rows, cols, sims = _similar_pairs(vectors, threshold, days, dated, window_days)
    graph = sp.coo_matrix((sims, (rows, cols)), shape=(n, n)).tocsr()
    count, component = connected_components(graph, directed=False)
    say(f"clustering {count:,} components")
    sizes = np.bincount(component)
    small = sizes[component] <= SMALL_COMPONENT
    # Small components, all at once: every pair inside each, exact, in one average-linkage run.
    labels = _average_linkage_small(vectors, component, small, days, dated, threshold, window_days)
    next_label = int(labels.max()) + 1 if n else 0
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    for members in np.split(order, bounds):
        if len(members) <= SMALL_COMPONENT:
            continue
        if len(members) <= COMPONENT_LIMIT:
            local = _average_linkage_dense(vectors[members], days[members], threshold, window_days)
        else:
            local = _average_linkage_sparse(graph[members][:, members], threshold)
        labels[members] = local + next_label
        next_label = int(labels[members].max()) + 1
    return _groups(ids, labels, vectors, found.terms)


def _average_linkage_small(
    vectors: Any,
    component: Any,
    small: Any,
    days: Any,
    dated: Any,
    threshold: float,
    window_days: int | None,
) -> Any:
    """Labels for the articles of small components (-1 for the others), by exact average
    linkage: every pair inside a component, with its similarity (0 across the date window),
    then one merge run over all components (they never meet: no pair joins two)."""
    import numpy as np
    import scipy.sparse as sp

    n = vectors.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    chosen = np.flatnonzero(small)
    order = chosen[np.argsort(component[chosen], kind="stable")]
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    rows, cols = [], []
    for members in np.split(order, bounds):
        if len(members) < 2:
            continue
        i, j = np.triu_indices(len(members), k=1)
        rows.append(members[i])
        cols.append(members[j])
    if rows:
        i, j = np.concatenate(rows), np.concatenate(cols)
        sims = _cosines(vectors, i, j)
        if window_days is not None:
            apart = dated[i] & dated[j] & (np.abs(days[i] - days[j]) > window_days)
            sims[apart] = 0.0
        # A component whose every pair reaches the threshold is one story whatever the merge
        # order (every average reaches it too): only the others need merging pair by pair.
        lowest = np.full(n, np.inf, dtype=np.float64)
        np.minimum.at(lowest, component[i], sims)
        mixed = lowest[component[i]] < threshold
        keep = mixed & (sims > 0)
        graph = sp.coo_matrix((sims[keep], (i[keep], j[keep])), shape=(n, n))
        merged = _average_linkage_sparse(graph, threshold)
        whole = (lowest[component] >= threshold) & small
        merged[whole] = n + component[whole]  # labels apart from the merged ones
    else:
        merged = np.arange(n)
    labels[chosen] = merged[chosen]
    return labels


def _similar_pairs(
    vectors: Any, threshold: float, days: Any, dated: Any, window_days: int | None
) -> tuple[Any, Any, Any]:
    """(i, j, cosine) for i < j with cosine ≥ threshold and dates within the window.

    Candidates come from the product of the pruned vectors, a slice of articles at a time. With
    a date window, the articles are taken in date order (the undated last), so that a slice is
    multiplied only by the articles dated within the window after it and by the undated ones: over
    a corpus of two years, a few percent of the whole product.
    """
    import numpy as np
    import scipy.sparse as sp

    n = vectors.shape[0]
    if window_days is None:
        order = np.arange(n)
        ordered_days = np.full(n, -1)
        timed = 0
    else:
        order = np.lexsort((np.arange(n), days, ~dated))  # dated by day, undated last
        ordered_days = days[order]
        timed = int(dated.sum())
    pruned = _strongest_terms(vectors, TOP_TERMS)[order]
    found_rows, found_cols, found_sims = [], [], []
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        if stop <= timed:  # dated articles: those up to the window's end, then the undated
            reach = int(
                np.searchsorted(
                    ordered_days[:timed], ordered_days[stop - 1] + window_days, side="right"
                )
            )
            ranges = [(start, reach), (timed, n)] if timed < n else [(start, reach)]
        else:
            ranges = [(start, n)]
        others = sp.vstack([pruned[a:b] for a, b in ranges], format="csr")
        column = np.concatenate([np.arange(a, b) for a, b in ranges])
        block = (pruned[start:stop] @ others.T).tocoo()
        i, j = block.row + start, column[block.col]
        keep = (j > i) & (block.data > 0)
        i, j = order[i[keep]], order[j[keep]]
        if window_days is not None:
            close = ~(dated[i] & dated[j]) | (np.abs(days[i] - days[j]) <= window_days)
            i, j = i[close], j[close]
        if len(i) == 0:
            continue
        i, j = np.minimum(i, j), np.maximum(i, j)
        exact = _cosines(vectors, i, j)
        good = exact >= threshold
        found_rows.append(i[good])
        found_cols.append(j[good])
        found_sims.append(exact[good])
    if not found_rows:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=np.float32)
    return np.concatenate(found_rows), np.concatenate(found_cols), np.concatenate(found_sims)


def _cosines(vectors: Any, i: Any, j: Any, chunk: int = 20_000) -> Any:
    """The cosine of each pair (i[k], j[k]) from the full vectors, a slice of pairs at a time
    (two sparse copies of every pair's rows at once would cost a gigabyte at 100,000 articles)."""
    import numpy as np

    out = np.empty(len(i), dtype=np.float32)
    for start in range(0, len(i), chunk):
        a, b = i[start : start + chunk], j[start : start + chunk]
        out[start : start + chunk] = np.asarray(vectors[a].multiply(vectors[b]).sum(axis=1)).ravel()
    return out


def _strongest_terms(vectors: Any, keep: int, rows_at_once: int = 10_000) -> Any:
    """The vectors with only each row's `keep` heaviest terms (the rest left out).

    Ranked a slice of rows at a time, so the sort's arrays stay small beside the vectors.
    """
    import numpy as np
    import scipy.sparse as sp

    indptr, data = vectors.indptr, vectors.data
    kept = np.zeros(len(data), dtype=bool)
    for first in range(0, vectors.shape[0], rows_at_once):
        last = min(vectors.shape[0], first + rows_at_once)
        begin, end = int(indptr[first]), int(indptr[last])
        lengths = np.diff(indptr[first : last + 1])
        rows = np.repeat(np.arange(last - first), lengths)
        # One sort by row, then weight (heaviest first): the weights lie in (0, 1], so the key
        # `row + (1 - weight) / 2` is exact in float64 and a tenth of the cost of `np.lexsort`.
        order = np.argsort(rows + (1.0 - data[begin:end].astype(np.float64)) / 2, kind="stable")
        rank = np.empty(end - begin, dtype=np.int64)
        rank[order] = np.arange(end - begin) - (indptr[first:last][rows[order]] - begin)
        kept[begin:end] = rank < keep
    counts = row_sums(kept.astype(np.int64), indptr)
    pruned_indptr = np.zeros(len(indptr), dtype=indptr.dtype)
    np.cumsum(counts, out=pruned_indptr[1:])
    return sp.csr_matrix((data[kept], vectors.indices[kept], pruned_indptr), shape=vectors.shape)


def _average_linkage_dense(
    vectors: Any, days: Any, threshold: float, window_days: int | None
) -> Any:
    """Average-linkage labels (0…) of one component, from its exact pairwise similarities."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    similarity = (vectors @ vectors.T).toarray().astype(np.float64)
    if window_days is not None:
        dated = days >= 0
        apart = np.abs(days[:, None] - days[None, :]) > window_days
        similarity[apart & dated[:, None] & dated[None, :]] = 0.0
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    # fcluster cuts where the merge distance exceeds t: merges at exactly 1 - threshold stay.
    return fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance") - 1


def _average_linkage_sparse(graph: Any, threshold: float) -> Any:
    """Average linkage over the known pairs only (pairs not found count as similarity 0).

    For components too large for a dense matrix; a heap of candidate merges, each cluster's
    summed similarities to its neighbours kept in a dict.
    """
    import heapq

    import numpy as np

    n = graph.shape[0]
    coo = graph.tocoo()
    sums: list[dict[int, float]] = [{} for _ in range(n)]
    for i, j, s in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True):
        if i != j:
            sums[i][j] = sums[i].get(j, 0.0) + s
            sums[j][i] = sums[j].get(i, 0.0) + s
    size = [1] * n
    alive = [True] * n
    parent = list(range(n))
    heap = [(-s, i, j) for i in range(n) for j, s in sums[i].items() if i < j]
    heapq.heapify(heap)
    while heap:
        negative, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]) or j not in sums[i]:
            continue
        average = sums[i][j] / (size[i] * size[j])
        if abs(average + negative) > 1e-12:
            continue  # a stale entry: the pair's average changed since
        if average < threshold:
            break
        # Merge j into i.
        alive[j] = False
        parent[j] = i
        for k, s in sums[j].items():
            if k == i:
                continue
            sums[i][k] = sums[i].get(k, 0.0) + s
            sums[k].pop(j, None)
            sums[k][i] = sums[i][k]
        sums[i].pop(j, None)
        sums[j] = {}
        size[i] += size[j]
        for k, s in sums[i].items():
            heapq.heappush(heap, (-s / (size[i] * size[k]), min(i, k), max(i, k)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    roots = [root(x) for x in range(n)]
    _, labels = np.unique(roots, return_inverse=True)
    return labels


def _groups(ids: list[int], labels: Any, vectors: Any, terms: list[str]) -> list[SuggestedGroup]:
    import numpy as np
    import scipy.sparse as sp

    _, labels = np.unique(labels, return_inverse=True)
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels.tolist()):
        members.setdefault(label, []).append(index)
    # Each group's summed term weights in one product (groups × articles) @ (articles × terms).
    membership = sp.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
        shape=(len(members), len(labels)),
    )
    weights = (membership @ vectors).tocsr()
    groups = []
    for label, indices in members.items():
        keywords: tuple[str, ...] = ()
        if len(indices) > 1:
            start, stop = weights.indptr[label], weights.indptr[label + 1]
            data, columns = weights.data[start:stop], weights.indices[start:stop]
            top = np.argsort(-data, kind="stable")[:3]
            keywords = tuple(str(terms[columns[t]]) for t in top)
        groups.append(SuggestedGroup(tuple(ids[i] for i in indices), keywords))
    groups.sort(key=lambda g: (-len(g.document_ids), g.document_ids[0]))
    return groups
