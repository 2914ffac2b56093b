"""Span tagging as sequence labelling: a linear-chain CRF (CRFsuite) per label over spaCy's
blank English tokens, with the features attribution is read by.

One tagger per label when attribution nests: a claim holds the cue and source of the claim it
reports ("Trump said that Clinton *claimed* X"), so one B/I/O sequence over all labels would have
to drop the inner spans and would learn that a cue inside a claim is no cue. Each label's own
B/I/O sequence keeps them all. When the labels never share a token (PolNeAR), `joint_tags` puts
them in one sequence, whose transitions learn their order (ADR 0043).

A token's features are its word (lower case, prefix, suffixes, shape), the words and shapes
around it, whether it stands inside quotation marks, whether it is a reporting verb of the rules'
lists (`cue_words`), and how far the nearest reporting verb of its sentence is on each side: what
a parser would give Citron (BBC's CRF attribution tagger), read off positions instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from annotator.service.assist.cue_words import PRONOUNS, ROLE_WORDS, STRONG_VERBS, WEAK_VERBS

_QUOTES = frozenset({'"', "“", "”", "``", "''", "«", "»"})
_OPENING = frozenset({"“", "``", "«"})
_CLOSING = frozenset({"”", "''", "»"})
_SHAPE_UPPER = re.compile(r"[A-Z]")
_SHAPE_LOWER = re.compile(r"[a-z]")
_SHAPE_DIGIT = re.compile(r"[0-9]")
_SHAPE_REPEAT = re.compile(r"(.)\1{2,}")
_WINDOW = 40  # tokens looked at on each side for the nearest reporting verb


@functools.lru_cache(maxsize=65536)
def _shape(word: str) -> str:
    shape = _SHAPE_DIGIT.sub("d", _SHAPE_LOWER.sub("x", _SHAPE_UPPER.sub("X", word)))
    return _SHAPE_REPEAT.sub(r"\1\1", shape)


def _distance(value: int | None) -> str:
    if value is None:
        return "none"
    if value < 4:
        return str(value)
    return "4-7" if value < 8 else "8-15" if value < 16 else "far"


def token_features(doc: Any) -> list[list[str]]:
    """Every token's features, as CRFsuite's string attributes (see the module's docstring)."""
    tokens = list(doc)
    count = len(tokens)
    lower = [t.lower_ for t in tokens]
    shape = [_shape(t.text) for t in tokens]
    cue = ["S" if w in STRONG_VERBS else "W" if w in WEAK_VERBS else "-" for w in lower]
    quoted = []
    inside = False
    for token in tokens:
        text = token.text
        if "\n" in text:
            inside = False
        if text in _QUOTES:
            inside = True if text in _OPENING else False if text in _CLOSING else not inside
            quoted.append("Q")
        else:
            quoted.append("1" if inside else "0")
    sentence = [0] * count
    for number, sent in enumerate(doc.sents):
        for index in range(sent.start, sent.end):
            sentence[index] = number
    left: list[int | None] = [None] * count
    last: int | None = None
    for i in range(count):
        if last is not None and (sentence[last] != sentence[i] or i - last > _WINDOW):
            last = None
        left[i] = None if last is None else i - last
        if cue[i] != "-":
            last = i
    right: list[int | None] = [None] * count
    last = None
    for i in range(count - 1, -1, -1):
        if last is not None and (sentence[last] != sentence[i] or last - i > _WINDOW):
            last = None
        right[i] = None if last is None else last - i
        if cue[i] != "-":
            last = i
    padded = ["<s>", "<s>", "<s>", *lower, "</s>", "</s>", "</s>"]
    padded_shape = ["<s>", "<s>", *shape, "</s>", "</s>"]
    padded_cue = ["<s>", "<s>", *cue, "</s>", "</s>"]
    padded_quote = ["<s>", *quoted, "</s>"]
    features = []
    for i, token in enumerate(tokens):
        word = lower[i]
        p = i + 3
        s = i + 2
        before, after = _distance(left[i]), _distance(right[i])
        row = [
            "bias",
            "w=" + word,
            "s3=" + word[-3:],
            "s2=" + word[-2:],
            "p2=" + word[:2],
            "sh=" + shape[i],
            "q=" + quoted[i],
            "c=" + cue[i],
            "-3w=" + padded[p - 3],
            "-2w=" + padded[p - 2],
            "-1w=" + padded[p - 1],
            "+1w=" + padded[p + 1],
            "+2w=" + padded[p + 2],
            "+3w=" + padded[p + 3],
            "-2sh=" + padded_shape[s - 2],
            "-1sh=" + padded_shape[s - 1],
            "+1sh=" + padded_shape[s + 1],
            "+2sh=" + padded_shape[s + 2],
            "-2c=" + padded_cue[s - 2],
            "-1c=" + padded_cue[s - 1],
            "+1c=" + padded_cue[s + 1],
            "+2c=" + padded_cue[s + 2],
            "-1q=" + padded_quote[i],
            "+1q=" + padded_quote[i + 2],
            "-1|w=" + padded[p - 1] + "|" + word,
            "w|+1=" + word + "|" + padded[p + 1],
            "cl=" + before,
            "cr=" + after,
            "cl|cr=" + before + "|" + after,
        ]
        if token.is_title:
            row.append("title")
        if token.is_punct:
            row.append("punct")
        if word in PRONOUNS:
            row.append("pronoun")
        if word in ROLE_WORDS:
            row.append("role")
        if token.is_sent_start:
            row.append("first")
        features.append(row)
    return features


def bio_tags(doc: Any, spans: Sequence[tuple[int, int, str]], label: str) -> tuple[list[str], int]:
    """B/I/O tags of one label's spans (outermost first when they nest) and how many spans were
    left out (nested in or overlapping one kept, or covering only whitespace)."""
    tags = ["O"] * len(doc)
    dropped = 0
    last_end = -1
    for start, end, span_label in sorted(spans, key=lambda item: (item[0], -item[1])):
        if span_label != label:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        first, stop = (span.start, span.end) if span is not None else (0, 0)
        while first < stop and doc[first].is_space:
            first += 1
        while stop > first and doc[stop - 1].is_space:
            stop -= 1
        if first >= stop or first < last_end:
            dropped += 1
            continue
        tags[first] = "B"
        for index in range(first + 1, stop):
            tags[index] = "I"
        last_end = stop
    return tags, dropped


def spans_from_tags(doc: Any, tags: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """(start char, end char, first token, token end) of each B/I run (an I after O starts one)."""
    found = []
    begin: int | None = None
    for index, tag in enumerate([*tags, "O"]):
        if begin is not None and tag != "I":
            last = doc[index - 1]
            found.append((doc[begin].idx, last.idx + len(last.text), begin, index))
            begin = None
        if tag == "B" or (tag == "I" and begin is None):
            begin = index
    return found


def joint_tags(
    doc: Any, spans: Sequence[tuple[int, int, str]], labels: Sequence[str]
) -> tuple[list[str], int]:
    """One sequence for all `labels`: `B-LABEL`, `I-LABEL` or `O` per token (outermost first,
    then the earlier label of `labels`), and how many spans were left out because they share a
    token with one kept."""
    tags = ["O"] * len(doc)
    dropped = 0
    for label in labels:
        own, lost = bio_tags(doc, spans, label)
        dropped += lost
        runs = spans_from_tags(doc, own)
        for _, _, first, stop in runs:
            if any(tags[index] != "O" for index in range(first, stop)):
                dropped += 1
                continue
            tags[first] = "B-" + label
            for index in range(first + 1, stop):
                tags[index] = "I-" + label
    return tags, dropped


def label_tags(tags: Sequence[str], label: str) -> list[str]:
    """One label's B/I/O tags read off a joint sequence."""
    suffix = "-" + label
    return [tag[0] if tag.endswith(suffix) else "O" for tag in tags]
