"""Scraped boilerplate is suggested as DEBRIS, never the article body, and left out of exports."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain.debris import find_debris
from annotator.domain.labels import DEBRIS
from annotator.service.exporting import ExportOptions

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_both_seed_tails_are_suggested_and_their_bodies_are_not(seeded) -> None:  # type: ignore[no-untyped-def]
    for document_id in seeded.document_ids():
        text = seeded.document(document_id).text
        debris = [s for s in seeded.spans(document_id) if s.label == DEBRIS]
        assert len(debris) == 1 and debris[0].suggested
        tail = text[debris[0].start : debris[0].end]
        assert debris[0].end == len(text.rstrip())
        assert tail.startswith(("You might also like", 'string(1157) "[{'))
        body = text[: debris[0].start]
        assert "Lavrov" in body


def test_share_buttons_and_mid_article_words_are_told_apart() -> None:
    text = (
        "Headline\nThe minister said you might also like to read more about it later.\n"
        "Share | Tweet | Email\nSecond paragraph of the article goes on here.\n"
    )
    found = [text[d.start : d.end] for d in find_debris(text)]
    assert found == ["Share | Tweet | Email"]


def test_share_this_with_a_colon_and_the_networks_is_share_buttons() -> None:
    text = (
        "Headline\nThe first paragraph of the article, long enough to be a body.\n\n"
        "Share this: Facebook Twitter WhatsApp\n\nThe second paragraph; please share this story.\n"
    )
    found = [text[d.start : d.end] for d in find_debris(text)]
    assert found == ["Share this: Facebook Twitter WhatsApp"]


def test_detect_debris_on_demand_adds_only_new_suggestions(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service.import_paths([SEEDS], detect_debris=False)
    assert service.detect_debris() == 2
    assert service.detect_debris() == 0


def test_accepted_debris_is_left_out_of_the_export(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document_id = seeded.document_ids()[0]
    text = seeded.document(document_id).text
    start = text.index("Lavrov")
    seeded.add_span(document_id, start, start + 6, "PERSON")
    accepted = seeded.accept_suggestions(document_id, DEBRIS)
    assert len(accepted) == 1
    out = tmp_path / "out.jsonl"
    seeded.export("prodigy", out, ExportOptions(include_untouched=True))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first = records[0]
    assert "You might also like" not in first["text"]
    assert all(s["label"] != DEBRIS for r in records for s in r["spans"])
    assert [first["text"][s["start"] : s["end"]] for s in first["spans"]] == ["Lavrov"]
    assert "string(1157)" in records[1]["text"]  # suggested, not accepted: the text stays
