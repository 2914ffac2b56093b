"""How far analysts agree: Krippendorff's alpha over characters and tokens, span F1 between pairs.

The definitions are those of `docs/agreement.md` (and of issue 16), computed over every article
that two or more of the chosen analysts annotated (have a layer of). Alpha is the `krippendorff`
package's, on arrays built here with numpy: one row an analyst, one column a non-whitespace
character (or token) of those articles pooled, the value a label code, NaN where the analyst did
not annotate the article. Pair measures are computed a whole article at a time with numpy
broadcasting, so a thousand articles cost little beside the library's own work.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import krippendorff
import numpy as np

from annotator.domain.analysts import CURATED
from annotator.domain.text import _TOKEN as TOKEN_PATTERN
from annotator.service.large_arrays import large_arrays_reused
from annotator.storage import analysis_reads as reads
from annotator.storage.layers import layer_rows
from annotator.storage.repository import ProjectStore

NONE = "none"
BINARY = (0, 1)
_BIG = np.int32(1 << 30)
#: Every code point `str.isspace` says is white space (about thirty): what "non-whitespace" means.
_WHITESPACE = np.array([c for c in range(sys.maxunicode + 1) if chr(c).isspace()], np.uint32)


@dataclass
class AgreementData:
    """What the measures read: per article its text and each analyst's spans and relations."""

    analysts: list[str]
    labels: list[str]
    articles: list[int]
    titles: dict[int, str]
    texts: dict[int, str]
    # article -> analyst -> (starts, ends, label codes) of unique spans, numpy int arrays
    spans: dict[int, dict[str, tuple[Any, Any, Any]]]
    relations: dict[int, dict[str, set[tuple[Any, ...]]]] = field(default_factory=dict)


def load(
    store: ProjectStore, labels: Sequence[str] = (), analysts: Sequence[str] = ()
) -> AgreementData:
    """The articles two or more of the chosen analysts (default: all but `curated`) annotated,
    with those analysts' accepted spans of the chosen labels (default: all they used)."""
    present: dict[int, list[str]] = {}
    for row in layer_rows(store, list(analysts) or None):
        if row.name != CURATED or CURATED in analysts:
            present.setdefault(row.document_id, []).append(row.name)
    articles = sorted(d for d, names in present.items() if len(names) >= 2)
    chosen = sorted({name for d in articles for name in present[d]})
    raw: dict[int, dict[str, list[tuple[int, int, str]]]] = {d: {} for d in articles}
    relations: dict[int, dict[str, set[tuple[Any, ...]]]] = {d: {} for d in articles}
    texts: dict[int, str] = {}
    titles: dict[int, str] = {}
    for i in range(0, len(articles), 500):
        chunk = articles[i : i + 500]
        for document_id, title, text in reads.titles_and_texts(store, chunk):
            texts[document_id], titles[document_id] = text, title
        for document_id, layer, start, end, label in reads.accepted_span_rows(store, chunk):
            if layer in present[document_id] and layer in chosen:
                raw[document_id].setdefault(layer, []).append((start, end, label))
        for row in reads.relation_rows_with_ends(store, chunk):
            if row[1] in present[row[0]] and row[1] in chosen:
                relations[row[0]].setdefault(row[1], set()).add(row[2:])
    wanted = set(labels) or {label for d in raw.values() for s in d.values() for *_, label in s}
    label_list = sorted(wanted)
    code = {label: number for number, label in enumerate(label_list, start=1)}
    spans: dict[int, dict[str, tuple[Any, Any, Any]]] = {}
    for document_id in articles:
        spans[document_id] = {}
        for analyst in present[document_id]:
            unique = sorted(
                {
                    (s, e, code[label])
                    for s, e, label in raw[document_id].get(analyst, ())
                    if label in code
                }
            )
            array = np.array(unique, dtype=np.int64).reshape(-1, 3)
            spans[document_id][analyst] = (array[:, 0], array[:, 1], array[:, 2])
        if labels:
            relations[document_id] = {
                a: {r for r in rs if r[1] in code and r[4] in code}
                for a, rs in relations[document_id].items()
            }
    return AgreementData(chosen, label_list, articles, titles, texts, spans, relations)


@dataclass
class Arrays:
    """The reliability data: analysts × units, label codes (0 = none), NaN = not annotated."""

    chars: Any
    tokens: Any
    label_chars: dict[str, Any]
    label_tokens: dict[str, Any]
    # article -> (first column, last column) in `chars`, for the per-article figures
    char_columns: dict[int, tuple[int, int]]


def build_arrays(data: AgreementData) -> Arrays:
    """The character and token arrays of every analyst, pooled over the articles.

    Two passes: the first finds each article's non-whitespace characters and tokens (so the
    pooled arrays' widths are known), the second writes each analyst's values straight into
    their place, with no per-article arrays to join afterwards (a copy of every array).
    """
    rows = {analyst: number for number, analyst in enumerate(data.analysts)}
    n_labels = len(data.labels)
    units: list[tuple[int, Any, Any, Any]] = []  # per article: length, keep, token starts, in token
    n_chars_total = n_tokens_total = 0
    for document_id in data.articles:
        text = data.texts[document_id]
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        keep = ~np.isin(points, _WHITESPACE)
        # tokens never overlap: +1 where one starts, -1 where it ends, summed up = inside one
        flat = np.fromiter(
            (x for m in TOKEN_PATTERN.finditer(text) for x in m.span()), dtype=np.int64
        )
        token_starts = flat[0::2]
        edges = np.zeros(len(text) + 1, dtype=np.int32)
        edges[token_starts] += 1
        edges[flat[1::2]] -= 1
        in_token = np.cumsum(edges[:-1]) > 0
        units.append((len(text), keep, token_starts, in_token))
        n_chars_total += int(keep.sum())
        n_tokens_total += len(token_starts)

    def empty(width: int) -> Any:
        return np.full((len(rows), width), np.nan)

    chars, tokens = empty(n_chars_total), empty(n_tokens_total)
    label_chars = {label: empty(n_chars_total) for label in data.labels}
    label_tokens = {label: empty(n_tokens_total) for label in data.labels}
    columns: dict[int, tuple[int, int]] = {}
    char_at = token_at = 0
    for document_id, (length, keep, token_starts, in_token) in zip(
        data.articles, units, strict=True
    ):
        char_end = char_at + int(keep.sum())
        token_end = token_at + len(token_starts)
        for analyst, (starts, ends, codes) in data.spans[document_id].items():
            row = rows[analyst]
            first = np.full(length, _BIG, dtype=np.int32)
            covered = np.zeros((n_labels, length), dtype=bool)
            for start, end, label in zip(
                starts.tolist(), ends.tolist(), codes.tolist(), strict=True
            ):
                segment = first[start:end]
                np.minimum(segment, label, out=segment)
                covered[label - 1, start:end] = True
            chars[row, char_at:char_end] = np.where(first == _BIG, 0, first)[keep]
            if token_end > token_at:
                masked = np.where(in_token, first, _BIG)
                token_values = np.minimum.reduceat(masked, token_starts)
                tokens[row, token_at:token_end] = np.where(token_values == _BIG, 0, token_values)
            for number, label in enumerate(data.labels):
                label_chars[label][row, char_at:char_end] = covered[number][keep]
                if token_end > token_at:
                    label_tokens[label][row, token_at:token_end] = np.logical_or.reduceat(
                        covered[number] & in_token, token_starts
                    )
        columns[document_id] = (char_at, char_end)
        char_at, token_at = char_end, token_end
    return Arrays(chars, tokens, label_chars, label_tokens, columns)


def alpha(matrix: Any, domain: Sequence[int]) -> float | None:
    """Nominal Krippendorff's alpha of one reliability matrix whose values are among `domain`;
    None where it is undefined (fewer than two values, or no unit coded by two analysts).

    The domain is known here (the label codes), so the library is told it rather than finding it
    with a sort of every value; codes that never occur change nothing in nominal alpha.
    """
    if matrix.shape[1] == 0 or len(domain) < 2:
        return None
    # fmin/fmax pass over NaN without the copy nanmin/nanmax make: on a thousand articles these
    # checks would otherwise cost a fifth of the library's own work
    low, high = np.fmin.reduce(matrix, axis=None), np.fmax.reduce(matrix, axis=None)
    if not low < high:
        return None
    coded = np.add.reduce(~np.isnan(matrix), axis=0, dtype=np.uint16)
    if not coded.max() >= 2:
        return None
    return float(
        krippendorff.alpha(
            reliability_data=matrix, value_domain=domain, level_of_measurement="nominal"
        )
    )


@dataclass
class PairCounts:
    """Sums over a pair's common articles, per label (index 0: every label)."""

    size: int
    articles: int = 0
    a: Any = None
    b: Any = None
    exact: Any = None
    overlap_a: Any = None
    overlap_b: Any = None
    ptc_p: Any = None
    ptc_r: Any = None
    relations_a: int = 0
    relations_b: int = 0
    relations_both: int = 0

    def __post_init__(self) -> None:
        for name in ("a", "b", "exact", "overlap_a", "overlap_b", "ptc_p", "ptc_r"):
            setattr(self, name, np.zeros(self.size + 1))


def pair_article(
    counts: PairCounts, a: tuple[Any, Any, Any], b: tuple[Any, Any, Any]
) -> tuple[float, float] | None:
    """Add one article's spans of analysts A and B to the pair's sums; returns the article's
    (exact, overlap) F1 for this pair, None when neither has a span."""
    sa, ea, ca = a
    sb, eb, cb = b
    size = counts.size + 1
    na = np.bincount(ca, minlength=size).astype(float)
    nb = np.bincount(cb, minlength=size).astype(float)
    same = (ca[:, None] == cb[None, :]) & (sa[:, None] < eb[None, :]) & (sb[None, :] < ea[:, None])
    inter = np.where(
        same, np.minimum(ea[:, None], eb[None, :]) - np.maximum(sa[:, None], sb[None, :]), 0
    )
    exact = same & (sa[:, None] == sb[None, :]) & (ea[:, None] == eb[None, :])
    exact_by = np.bincount(ca, weights=exact.sum(axis=1), minlength=size)
    over_a = np.bincount(ca, weights=same.any(axis=1), minlength=size)
    over_b = np.bincount(cb, weights=same.any(axis=0), minlength=size)
    ptc_p = np.bincount(ca, weights=(inter / (ea - sa)[:, None]).sum(axis=1), minlength=size)
    ptc_r = np.bincount(cb, weights=(inter / (eb - sb)[None, :]).sum(axis=0), minlength=size)
    for total, part in (
        (counts.a, na),
        (counts.b, nb),
        (counts.exact, exact_by),
        (counts.overlap_a, over_a),
        (counts.overlap_b, over_b),
        (counts.ptc_p, ptc_p),
        (counts.ptc_r, ptc_r),
    ):
        total += part
        total[0] += part[1:].sum()
    counts.articles += 1
    if not len(ca) and not len(cb):
        return None
    exact_f1 = 2 * float(exact_by.sum()) / (len(ca) + len(cb))
    overlap = _f1(_share(over_a.sum(), len(ca)), _share(over_b.sum(), len(cb)))
    return exact_f1, overlap


def _share(part: float, whole: float) -> float:
    return float(part) / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pair_measures(counts: PairCounts, index: int = 0) -> dict[str, float] | None:
    """Exact, overlap and PTC F1 of a pair (over every label, or one label's index); None when
    neither analyst has a span."""
    na, nb = float(counts.a[index]), float(counts.b[index])
    if na + nb == 0:
        return None
    overlap_p, overlap_r = _share(counts.overlap_a[index], na), _share(counts.overlap_b[index], nb)
    ptc_p, ptc_r = _share(counts.ptc_p[index], na), _share(counts.ptc_r[index], nb)
    return {
        "span_f1_exact": 2 * float(counts.exact[index]) / (na + nb),
        "span_precision_overlap": overlap_p,
        "span_recall_overlap": overlap_r,
        "span_f1_overlap": _f1(overlap_p, overlap_r),
        "ptc_precision": ptc_p,
        "ptc_recall": ptc_r,
        "ptc_f1": _f1(ptc_p, ptc_r),
    }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def compute_agreement(
    store: ProjectStore, labels: Sequence[str] = (), analysts: Sequence[str] = ()
) -> dict[str, Any]:
    """Every measure of `docs/agreement.md`, as the JSON `annotator agreement --json` prints."""
    data = load(store, labels, analysts)
    with large_arrays_reused():
        arrays = build_arrays(data)
        return measures(data, arrays)


def measures(data: AgreementData, arrays: Arrays) -> dict[str, Any]:
    """The measures of loaded data and its arrays (apart, so a benchmark can time the parts)."""
    rows = {analyst: number for number, analyst in enumerate(data.analysts)}
    n_labels = len(data.labels)
    codes = list(range(n_labels + 1))  # 0: none, then the labels in alphabetical order
    pairs: dict[tuple[str, str], PairCounts] = {}
    by_article = []
    for document_id in data.articles:
        layers = data.spans[document_id]
        present = sorted(layers, key=rows.__getitem__)
        exact_f1s, overlap_f1s = [], []
        for first, second in itertools.combinations(present, 2):
            counts = pairs.setdefault((first, second), PairCounts(n_labels))
            result = pair_article(counts, layers[first], layers[second])
            if result is not None:
                exact_f1s.append(result[0])
                overlap_f1s.append(result[1])
            mine = data.relations[document_id].get(first, set())
            theirs = data.relations[document_id].get(second, set())
            counts.relations_a += len(mine)
            counts.relations_b += len(theirs)
            counts.relations_both += len(mine & theirs)
        start, end = arrays.char_columns[document_id]
        values = arrays.chars[[rows[a] for a in present], start:end]
        agreed = float((values == values[0]).all(axis=0).mean()) if end > start else 1.0
        by_article.append(
            {
                "id": document_id,
                "title": data.titles[document_id],
                "analysts": present,
                "chars_agreement": agreed,
                "span_f1_exact": _mean(exact_f1s),
                "span_f1_overlap": _mean(overlap_f1s),
            }
        )
    by_article.sort(key=lambda a: (a["chars_agreement"], a["id"]))
    pair_list: list[dict[str, Any]] = []
    for (first, second), counts in pairs.items():
        found = pair_measures(counts) or {}
        relation_total = counts.relations_a + counts.relations_b
        pair_list.append(
            {
                "a": first,
                "b": second,
                "articles": counts.articles,
                "alpha_chars": alpha(arrays.chars[[rows[first], rows[second]]], codes),
                "span_f1_exact": found.get("span_f1_exact"),
                "span_f1_overlap": found.get("span_f1_overlap"),
                "ptc_f1": found.get("ptc_f1"),
                "relations_f1": 2 * counts.relations_both / relation_total
                if relation_total
                else None,
            }
        )

    def averaged(key: str, index: int = 0) -> float | None:
        values = []
        for counts in pairs.values():
            found = pair_measures(counts, index)
            if found is not None:
                values.append(found[key])
        return _mean(values)

    per_label = {
        label: {
            "alpha_chars": alpha(arrays.label_chars[label], BINARY),
            "alpha_tokens": alpha(arrays.label_tokens[label], BINARY),
            "span_f1_exact": averaged("span_f1_exact", number),
            "span_f1_overlap": averaged("span_f1_overlap", number),
            "ptc_f1": averaged("ptc_f1", number),
        }
        for number, label in enumerate(data.labels, start=1)
    }
    return {
        "articles": len(data.articles),
        "analysts": data.analysts,
        "labels": data.labels,
        "alpha_chars": alpha(arrays.chars, codes),
        "alpha_tokens": alpha(arrays.tokens, codes),
        "span_f1_exact": averaged("span_f1_exact"),
        "span_f1_overlap": averaged("span_f1_overlap"),
        "ptc_f1": averaged("ptc_f1"),
        "relations_f1": _mean(
            [float(p["relations_f1"]) for p in pair_list if p["relations_f1"] is not None]
        ),
        "per_label": per_label,
        "pairs": pair_list,
        "by_article": by_article,
    }
