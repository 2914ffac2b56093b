"""Grouping's own TF-IDF gives scikit-learn's vectors (the ones the threshold was tuned on)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from annotator.service.story_vectors import TOKEN, _words, tfidf

TRICKY = [
    "Don’t stop: “quoted” naïve café, x y_z 3.5 a1 über-Straße ΑΘΗΝΑ\u00a0nbsp 東京 and",
    "The the THE — the; it's 2016-09-03 at 10:30, e-mail@example.com",
    "a b c",  # no word of two characters: an empty row
    "",
    "Ünïcödé\u2003spaces\u2009and\ttabs\nnew lines",
]


def _ecb_texts(cases_dir: Path) -> list[str]:
    files = sorted((cases_dir / "ecbplus" / "articles").glob("*.txt"))[:150]
    return [f.read_text(encoding="utf-8") for f in files] + TRICKY


@pytest.mark.parametrize("text", TRICKY)
def test_words_are_the_regular_expressions_tokens(text: str) -> None:
    # One-character words (let through, dropped with the stop words) apart.
    assert [w for w in _words(text) if len(w) > 1] == TOKEN.findall(text.lower())


def test_vectors_equal_scikit_learns(cases_dir: Path) -> None:
    texts = _ecb_texts(cases_dir)
    ours = tfidf(iter(texts))
    theirs = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    expected = theirs.fit_transform(texts).tocsr()
    names = list(theirs.get_feature_names_out())
    assert sorted(ours.terms) == names
    column = {name: n for n, name in enumerate(names)}
    moved = np.array([column[term] for term in ours.terms])
    got = sp.csr_matrix(
        (ours.matrix.data, moved[ours.matrix.indices], ours.matrix.indptr), shape=expected.shape
    )
    assert abs(got - expected).max() < 1e-6
    assert got.getrow(len(texts) - 3).nnz == 0  # "a b c"


def test_no_text_gives_an_empty_matrix() -> None:
    found = tfidf(iter([]))
    assert found.matrix.shape == (0, 0) and found.terms == []


def test_articles_without_words_at_the_end_are_empty_rows() -> None:
    found = tfidf(iter(["Lavrov and Kerry talk", "Kerry talks", "a", ""]))
    assert found.matrix.shape[0] == 4
    assert [found.matrix.getrow(n).nnz for n in range(4)] == [3, 2, 0, 0]
    norms = np.sqrt(found.matrix.multiply(found.matrix).sum(axis=1)).A.ravel()
    assert norms[:2] == pytest.approx([1.0, 1.0]) and list(norms[2:]) == [0.0, 0.0]
