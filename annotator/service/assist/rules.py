"""The built-in attribution rules: CUE, SOURCE and CLAIM spans with SAID_BY relations, on spaCy's
blank English tokenizer (no model to download), and the user's own patterns through a `SpanRuler`.

Cues come from a `Matcher` over reporting verbs and phrases. The source and the are read
around each cue by position, the way attribution is written in news: "X said (that) Y", "Y, X
said", "Y, said X", "according to X, Y", "X told reporters Y", "quoted X as saying Y". No parser:
what the rules miss a model trained on the project's own spans can learn (`assist.training`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.domain.proposals import Proposal, ProposedRelation, ProposedSpan
from annotator.service.assist.cue_words import (
    JOINERS,
    PRONOUNS,
    ROLE_WORDS,
    SKIP_BEFORE_CUE,
    STRONG_VERBS,
    WEAK_VERBS,
)

RULES_ORIGIN = "rules:attribution@1"

_VERBS = {"strong": sorted(STRONG_VERBS), "weak": sorted(WEAK_VERBS)}
_PRONOUNS = PRONOUNS
_ROLE_WORDS = ROLE_WORDS
_JOINERS = JOINERS
_SKIP_BEFORE_CUE = SKIP_BEFORE_CUE
_QUOTES = {'"', "“", "”", "'", "‘", "’", "``", "''"}
_OPEN_QUOTES = {'"', "“", "``", "‘"}


@functools.cache
def _nlp() -> Any:
    """spaCy's blank English pipeline with a sentencizer and the cue matcher (built once)."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = Matcher(nlp.vocab)
    matcher.add(
        "CUE_STRONG",
        [
            [{"LOWER": {"IN": _VERBS["strong"]}}],
            [
                {"LOWER": {"IN": ["pointed", "points", "pointing"]}},
                {"LOWER": {"IN": ["out", "to"]}},
            ],
            [{"LOWER": {"IN": ["referring", "referred"]}}, {"LOWER": "to"}],
        ],
    )
    matcher.add("CUE_WEAK", [[{"LOWER": {"IN": _VERBS["weak"]}}]])
    matcher.add(
        "CUE_ACCORDING",
        [
            [{"LOWER": "according"}, {"LOWER": "to"}],
        ],
    )
    matcher.add(
        "CUE_QUOTED",
        [
            [
                {"LOWER": "quoted"},
                {"IS_PUNCT": False, "OP": "{1,6}"},
                {"LOWER": "as"},
                {"LOWER": {"IN": ["saying", "telling", "stating"]}},
            ]
        ],
    )
    return nlp, matcher


def tokenize(text: str) -> Any:
    nlp, _ = _nlp()
    return nlp(text)


def propose_attribution(text: str) -> Proposal:
    """CUE, SOURCE and CLAIM spans, with CLAIM SAID_BY SOURCE, for one article's text."""
    nlp, matcher = _nlp()
    doc = nlp(text)
    spans: list[ProposedSpan] = []
    relations: list[ProposedRelation] = []
    taken: list[tuple[int, int]] = []  # token ranges already used by a cue
    matches = sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    for match_id, start, end in matches:
        if any(s < end and start < e for s, e in taken):
            continue
        kind = nlp.vocab.strings[match_id]
        found = _attribution(doc, start, end, kind)
        if found is None:
            continue
        taken.append((start, end))
        cue_score, source, claim = found
        spans.append(ProposedSpan(doc[start].idx, _end(doc, end), "CUE", cue_score))
        source_at = claim_at = None
        if source is not None:
            source_at = len(spans)
            spans.append(ProposedSpan(doc[source[0]].idx, _end(doc, source[1]), "SOURCE", 0.7))
        if claim is not None:
            claim_at = len(spans)
            spans.append(ProposedSpan(doc[claim[0]].idx, _end(doc, claim[1]), "CLAIM", 0.6))
        if source_at is not None and claim_at is not None:
            relations.append(ProposedRelation(claim_at, source_at, "SAID_BY", 0.6))
    return Proposal(RULES_ORIGIN, tuple(spans), tuple(relations))


def _end(doc: Any, token_end: int) -> int:
    last = doc[token_end - 1]
    return int(last.idx + len(last.text))


def _attribution(
    doc: Any, start: int, end: int, kind: str
) -> tuple[float, tuple[int, int] | None, tuple[int, int] | None] | None:
    """(cue score, source token range, claim token range) around the cue `doc[start:end]`."""
    sent = doc[start].sent
    s_start, s_end = sent.start, sent.end
    while s_end > s_start and doc[s_end - 1].is_punct and doc[s_end - 1].text not in _QUOTES:
        s_end -= 1
    if kind == "CUE_ACCORDING":
        source = _name_after(doc, end, s_end)
        if source is None:
            return 0.9, None, _trim(doc, s_start, start)
        after = source[1]
        while after < s_end and doc[after].text in {",", ":"}:
            after += 1
        if after < s_end - 1:
            return 0.9, source, (after, s_end)
        before = _trim(doc, s_start, start)
        return 0.9, source, before
    if kind == "CUE_QUOTED":
        source = (start + 1, end - 2)  # "quoted X as saying": X, whatever its words
        claim = _trim(doc, end, s_end)
        return 0.9, source, claim
    source = _name_before(doc, start, s_start)
    inverted = False
    if source is None:
        source = _name_after(doc, end, s_end)
        inverted = source is not None
    strong = kind == "CUE_STRONG"
    if source is None:
        if not strong:
            return None
        claim = _trim(doc, end, s_end)
        return 0.6, None, claim
    if inverted or (source[0] > s_start and doc[source[0] - 1].text in {",", "”", '"'}):
        # "Y, said X." / "Y," X said.: the claim is what comes before
        before_end = source[0] if not inverted else start
        claim = _trim(doc, s_start, before_end)
        return (0.9 if strong else 0.5), source, claim
    after = end
    if after < s_end and doc[after].lower_ in {"reporters", "me", "us", "him", "her", "them"}:
        after += 1
    while after < s_end and doc[after].text in {",", ":"}:
        after += 1
    claim = _trim(doc, after, s_end)
    if claim is None and not strong:
        return None
    return (0.9 if strong else 0.5), source, claim


def _is_name_word(token: Any) -> bool:
    return bool(token.text[:1].isupper() and token.is_alpha) or token.lower_ in _ROLE_WORDS


def _name_before(doc: Any, cue: int, floor: int) -> tuple[int, int] | None:
    """The speaker just left of a cue: a pronoun, or a run of names, titles and role words."""
    end = cue
    while end > floor and doc[end - 1].lower_ in _SKIP_BEFORE_CUE:
        end -= 1
    if end <= floor:
        return None
    last = doc[end - 1]
    if last.lower_ in _PRONOUNS:
        return end - 1, end
    if not _is_name_word(last):
        return None
    start = end - 1
    while start > floor:
        token = doc[start - 1]
        if _is_name_word(token) or (token.lower_ in _JOINERS and start - 1 > floor):
            start -= 1
            continue
        break
    while start < end and doc[start].lower_ in _JOINERS:
        start += 1
    if start > floor and doc[start - 1].lower_ in {"a", "an", "the"}:
        start -= 1
    return (start, end) if start < end else None


def _name_after(doc: Any, begin: int, limit: int) -> tuple[int, int] | None:
    """The speaker just right of a cue ("…, said Smith", "according to the agency")."""
    start = begin
    while start < limit and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    if start >= limit:
        return None
    if doc[start].lower_ in _PRONOUNS:
        return start, start + 1
    if not _is_name_word(doc[start]):
        return None
    end = start + 1
    while end < limit:
        token = doc[end]
        if _is_name_word(token) or (
            token.lower_ in _JOINERS and end + 1 < limit and _is_name_word(doc[end + 1])
        ):
            end += 1
            continue
        break
    if begin < start:
        start = begin
    return start, end


def _trim(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """A claim's token range without the punctuation (but the quote marks) at its edges."""
    while start < end and (
        doc[start].is_space or (doc[start].is_punct and doc[start].text not in _OPEN_QUOTES)
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space or (doc[end - 1].is_punct and doc[end - 1].text not in _QUOTES)
    ):
        end -= 1
    if end - start < 2:
        return None
    return start, end


# -- the user's own patterns ---------------------------------------------------------------------


def check_pattern(line: Any) -> tuple[str, Any]:
    """(label, pattern) of one patterns-file entry, or ValueError saying what is wrong.

    The format Prodigy and spaCy's `EntityRuler`/`SpanRuler` read: `{"label": "CUE", "pattern":
    "according to"}` (a phrase, matched exactly) or `{"label": "CUE", "pattern": [{"lower":
    "said"}]}` (one dict per token); an `id` is allowed and ignored.
    """
    if not isinstance(line, dict):
        raise ValueError("a pattern is a JSON object with label and pattern")
    label, pattern = line.get("label"), line.get("pattern")
    if not isinstance(label, str) or not label:
        raise ValueError("a pattern needs a label (a non-empty string)")
    if isinstance(pattern, str):
        if not pattern.strip():
            raise ValueError("the pattern is an empty string")
    elif isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern):
        from spacy.matcher import Matcher

        nlp, _ = _nlp()
        try:
            Matcher(nlp.vocab, validate=True).add("check", [pattern])
        except Exception as error:  # spaCy's own message says which attribute is wrong
            raise ValueError(f"spaCy refuses the token pattern: {_first_line(error)}") from None
    else:
        raise ValueError("the pattern is a string or a list of token objects")
    return label, pattern


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " ".join(lines[:3])


def propose_patterns(
    text: str, patterns: Sequence[tuple[str, Any]], origin: str, labels: Iterable[str]
) -> Proposal:
    """Spans the user's patterns match, for the labels the project has (score 1)."""
    allowed = set(labels)
    usable = [(label, pattern) for label, pattern in patterns if label in allowed]
    if not usable:
        return Proposal(origin)
    ruler = _ruler(tuple((label, _freeze(pattern)) for label, pattern in usable))
    doc = ruler(tokenize(text))
    spans = tuple(
        ProposedSpan(span.start_char, span.end_char, span.label_, 1.0)
        for span in doc.spans["ruler"]
    )
    return Proposal(origin, spans)


def _freeze(pattern: Any) -> Any:
    import json

    return json.dumps(pattern, sort_keys=True)


@functools.lru_cache(maxsize=4)
def _ruler(patterns: tuple[tuple[str, str], ...]) -> Any:
    import json

    from spacy.pipeline import SpanRuler

    nlp, _ = _nlp()
    ruler = SpanRuler(nlp, name="user_patterns", spans_key="ruler", phrase_matcher_attr="LOWER")
    ruler.add_patterns([{"label": label, "pattern": json.loads(p)} for label, p in patterns])
    return ruler
