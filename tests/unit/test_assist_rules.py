"""The built-in attribution rules on hand-written sentences of each cue pattern, and the user's
patterns file as Prodigy writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import AnnotatorError
from annotator.service.assist.patterns import add_patterns_file, list_patterns, remove_patterns
from annotator.service.assist.rules import propose_attribution, propose_patterns


def found(text: str) -> dict[str, list[str]]:
    """Label -> texts proposed, and the SAID_BY pairs as "claim <- source"."""
    proposal = propose_attribution(text)
    out: dict[str, list[str]] = {}
    for span in proposal.spans:
        out.setdefault(span.label, []).append(text[span.start : span.end])
    for relation in proposal.relations:
        claim, source = proposal.spans[relation.head], proposal.spans[relation.child]
        assert relation.label == "SAID_BY"
        out.setdefault("SAID_BY", []).append(
            f"{text[claim.start : claim.end]} <- {text[source.start : source.end]}"
        )
    return out


@pytest.mark.parametrize(
    ("text", "cue", "source", "claim"),
    [
        (
            "Lavrov said that the talks would resume in Geneva.",
            "said",
            "Lavrov",
            "that the talks would resume in Geneva",
        ),
        (
            "“We will not back down,” the minister told reporters.",
            "told",
            "the minister",
            "“We will not back down,”",
        ),
        (
            "The ceasefire is holding, said Maria Zakharova.",
            "said",
            "Maria Zakharova",
            "The ceasefire is holding",
        ),
        (
            "According to the Pentagon, 40 strikes hit the city.",
            "According to",
            "the Pentagon",
            "40 strikes hit the city",
        ),
        (
            "A spokesperson for the Kremlin denied the report.",
            "denied",
            "A spokesperson for the Kremlin",
            "the report",
        ),
        (
            "Reuters quoted the general as saying the front had collapsed.",
            "quoted the general as saying",
            "the general",
            "the front had collapsed",
        ),
        (
            "She insisted the vote was rigged.",
            "insisted",
            "She",
            "the vote was rigged",
        ),
    ],
)
def test_each_cue_pattern_gives_cue_source_and_claim_linked_by_said_by(
    text: str, cue: str, source: str, claim: str
) -> None:
    result = found(text)
    assert result["CUE"] == [cue]
    assert result["SOURCE"] == [source]
    assert result["CLAIM"] == [claim]
    assert result["SAID_BY"] == [f"{claim} <- {source}"]


@pytest.mark.parametrize(
    "text",
    [
        "The bridge was closed for repairs on Tuesday.",
        "Prices rose 3 percent in the United States last year.",
        "",
    ],
)
def test_sentences_without_attribution_give_nothing(text: str) -> None:
    assert propose_attribution(text).spans == ()


def test_offsets_are_code_points_with_emoji_astral_letters_and_crlf() -> None:
    text = "\ufeff🙂 𝒜lice said\r\nthat the 🚀 launch failed.\u00a0Done."
    proposal = propose_attribution(text)
    spans = {s.label: text[s.start : s.end] for s in proposal.spans}
    assert spans["CUE"] == "said"
    assert spans["CLAIM"].startswith("that the 🚀 launch failed")


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_patterns_file_as_prodigy_writes_it_is_stored_and_matches(service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    patterns = write(
        tmp_path / "patterns.jsonl",
        '{"label": "MEDIA", "pattern": [{"lower": "ria"}, {"lower": "novosti"}]}',
        "",
        '{"label": "MEDIA", "pattern": "Sputnik", "id": "sputnik"}',
        '{"label": "NOT_IN_SCHEMA", "pattern": "Kremlin"}',
    )
    assert add_patterns_file(service.store, patterns) == 3
    stored = list_patterns(service.store)
    assert [p.label for p in stored] == ["MEDIA", "MEDIA", "NOT_IN_SCHEMA"]
    text = "RIA Novosti and sputnik quoted the Kremlin."
    labels = [label.name for label in service.schema]
    proposal = propose_patterns(text, [(p.label, p.pattern) for p in stored], "patterns@3", labels)
    assert sorted(text[s.start : s.end] for s in proposal.spans) == ["RIA Novosti", "sputnik"]
    assert remove_patterns(service.store, [stored[0].id]) == 1
    assert len(list_patterns(service.store)) == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not JSON"),
        ('{"pattern": "x"}', "needs a label"),
        ('{"label": "CUE", "pattern": 3}', "string or a list"),
        ('{"label": "CUE", "pattern": [{"NOPE": "said"}]}', "spaCy refuses"),
    ],
)
def test_a_bad_patterns_line_is_named_with_file_and_line_and_nothing_is_stored(
    service,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    line: str,
    message: str,
) -> None:
    patterns = write(tmp_path / "p.jsonl", '{"label": "CUE", "pattern": "said"}', line)
    with pytest.raises(AnnotatorError) as error:
        add_patterns_file(service.store, patterns)
    assert str(error.value).startswith(f"{patterns}:2: ")
    assert message in str(error.value)
    assert list_patterns(service.store) == []
