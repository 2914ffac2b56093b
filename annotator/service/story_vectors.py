"""TF-IDF vectors of many articles, fast and in bounded memory, for grouping them into stories.

The same vectors as scikit-learn's `TfidfVectorizer(sublinear_tf=True, stop_words="english")`
(lower case, tokens of two or more word characters, English stop words out, 1 + log tf, smooth
idf, rows of unit length), computed without its per-token Python loop: each slice of articles is
tokenised by one regular expression, its tokens hashed and counted with NumPy, and only each
slice's distinct words pass through Python. At 100,000 articles that is several times faster
than scikit-learn, which spent most of `stories suggest` there (and a few seconds importing).
The texts are read once, a slice at a time, so the caller may stream them from the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

# scikit-learn's default token pattern `\b\w\w+\b` finds the same tokens: maximal runs of two or
# more word characters.
TOKEN = re.compile(r"\w\w+")
#: ASCII characters that are not word characters, to be turned into spaces (`_words`).
_ASCII_GAPS = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)
SLICE = 2048  # articles tokenised at a time

#: scikit-learn's English stop words (`sklearn.feature_extraction.text.ENGLISH_STOP_WORDS`, from the
#: Glasgow Information Retrieval Group), copied so that grouping need not import scikit-learn.
STOP_WORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst amoungst amount an and another any anyhow anyone anything
    anyway anywhere are around as at back be became because become becomes becoming been before
    beforehand behind being below beside besides between beyond bill both bottom but by call can
    cannot cant co con could couldnt cry de describe detail do done down due during each eg
    eight either eleven else elsewhere empty enough etc even ever every everyone everything
    everywhere except few fifteen fifty fill find fire first five for former formerly forty
    found four from front full further get give go had has hasnt have he hence her here
    hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
    inc indeed interest into is it its itself keep last latter latterly least less ltd made many
    may me meanwhile might mill mine more moreover most mostly move much must my myself name
    namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere
    of off often on once one only onto or other others otherwise our ours ourselves out over own
    part per perhaps please put rather re same see seem seemed seeming seems serious several she
    should show side since sincere six sixty so some somehow someone something sometime
    sometimes somewhere still such system take ten than that the their them themselves then
    thence there thereafter thereby therefore therein thereupon these they thick thin third this
    those though three through throughout thru thus to together too top toward towards twelve
    twenty two un under until up upon us very via was we well were what whatever when whence
    whenever where whereafter whereas whereby wherein whereupon wherever whether which while
    whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves
    """.split()  # noqa: SIM905 (formatted as a list it would take 318 lines)
)


@dataclass(frozen=True, slots=True)
class Vectors:
    """Each article's TF-IDF row (a SciPy CSR matrix, float32) and the word of each column."""

    matrix: Any
    terms: list[str]


def tfidf(texts: Iterable[str]) -> Vectors:
    """The unit-length TF-IDF rows of the texts, in order (a text without words: a zero row)."""
    import numpy as np
    import scipy.sparse as sp

    # Stop words, and the one-character words `_words` lets through.
    dropped = STOP_WORDS | {chr(c) for c in range(128) if chr(c).isalnum() or chr(c) == "_"}
    stop = np.array(sorted(hash(word) for word in dropped), dtype=np.int64)
    known = np.zeros(0, dtype=np.int64)  # the hash of each word seen so far, sorted
    known_ids = np.zeros(0, dtype=np.int64)  # the column of each of them
    terms: list[str] = []
    per_article: list[Any] = []  # how many distinct words each article has
    cols: list[Any] = []
    counts: list[Any] = []
    count = 0
    batch: list[str] = []

    def flush() -> None:
        nonlocal count, known, known_ids
        tokens = [_words(text) for text in batch]
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        flat = list(chain.from_iterable(tokens))
        hashes = np.fromiter(map(hash, flat), dtype=np.int64, count=len(flat))
        article = np.repeat(np.arange(len(batch), dtype=np.int64), lengths)
        kept = ~np.isin(hashes, stop)
        hashes, article, positions = hashes[kept], article[kept], np.flatnonzero(kept)
        # The distinct words, where one of each occurs, and each token's word (`np.unique`'s
        # three answers from one sort; any occurrence of a word spells it the same).
        order = np.argsort(hashes)
        ordered = hashes[order]
        starts = np.empty(len(ordered), dtype=bool)
        starts[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
        distinct, first = ordered[starts], order[starts]
        local = np.empty(len(ordered), dtype=np.int64)
        local[order] = np.cumsum(starts) - 1
        # Columns of the words seen before, found in the sorted hashes; new words come after.
        at = np.searchsorted(known, distinct)
        seen = at < len(known)
        seen[seen] = known[at[seen]] == distinct[seen]
        ids = np.empty(len(distinct), dtype=np.int64)
        ids[seen] = known_ids[at[seen]]
        new = np.flatnonzero(~seen)
        ids[new] = np.arange(len(terms), len(terms) + len(new))
        terms.extend(flat[i] for i in positions[first[new]].tolist())
        known = np.insert(known, at[new], distinct[new])
        known_ids = np.insert(known_ids, at[new], ids[new])
        # Count each (article, word) once: the pair as one number, counted by `np.unique`.
        pairs, times = np.unique(article * len(distinct) + local, return_counts=True)
        per_article.append(np.bincount(pairs // len(distinct), minlength=len(batch)))
        cols.append(ids[pairs % len(distinct)].astype(np.int32))
        counts.append(times.astype(np.int32))
        count += len(batch)
        batch.clear()

    for text in texts:
        batch.append(text)
        if len(batch) >= SLICE:
            flush()
    if batch:
        flush()
    # Each slice's pairs are in article order: the rows of a CSR matrix as they are.
    indptr = np.zeros(count + 1, dtype=np.int64)
    if per_article:
        np.cumsum(np.concatenate(per_article), out=indptr[1:])
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int32)
    weights = np.concatenate(counts).astype(np.float32) if counts else np.zeros(0, np.float32)
    del cols[:], counts[:]
    frequency = np.bincount(col, minlength=len(terms)).astype(np.float64)
    idf = (np.log((1.0 + count) / (1.0 + frequency)) + 1.0).astype(np.float32)
    np.log(weights, out=weights)
    weights += 1.0
    weights *= idf[col]
    # Rows of unit length (an empty row stays empty).
    squares = row_sums(weights.astype(np.float64) ** 2, indptr)
    norms = np.sqrt(np.where(np.diff(indptr) > 0, squares, 1.0))
    weights /= np.repeat(norms, np.diff(indptr)).astype(np.float32)
    matrix = sp.csr_matrix((weights, col, indptr), shape=(count, len(terms)))
    matrix.sort_indices()
    return Vectors(matrix, terms)


def _words(text: str) -> list[str]:
    """`TOKEN.findall(text.lower())`, and single ASCII word characters (`tfidf` drops them with
    the stop words): twice as fast on English. ASCII punctuation becomes spaces (one table
    lookup a character) and `split` cuts there; only a piece holding a character beyond ASCII
    (an accent, a curly quote) is left to the regular expression."""
    pieces = text.lower().translate(_ASCII_GAPS).split()
    if text.isascii():
        return pieces
    words: list[str] = []
    for piece in pieces:
        if piece.isascii():
            words.append(piece)
        else:
            words.extend(TOKEN.findall(piece))
    return words


def row_sums(values: Any, indptr: Any) -> Any:
    """The sum of each CSR row's `values` (0 for an empty row), without a row index per entry."""
    import numpy as np

    sums = np.zeros(len(indptr) - 1, dtype=values.dtype)
    filled = np.flatnonzero(np.diff(indptr) > 0)
    if len(filled):
        sums[filled] = np.add.reduceat(values, indptr[filled])
    return sums
