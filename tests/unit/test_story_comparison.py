"""The story matrix on the seeds (the Lavrov/Kerry claim as RT and Sputnik told it) and a generated story."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.domain.comparison import STATED_AS_FACT, sentence_around
from annotator.domain.metadata import ArticleMetadata, ArticleProperties
from annotator.service import ProjectService
from annotator.service.comparison import story_comparison

DOCS = Path(__file__).resolve().parents[2] / "docs"


def demo(path: Path) -> ProjectService:
    sys.path.insert(0, str(DOCS))
    try:
        from demo_project import build
    finally:
        sys.path.remove(str(DOCS))
    service = build(path)
    a, b = service.document_ids()
    for document_id, outlet in ((a, "RT"), (b, "Sputnik")):
        props = service.article_properties(document_id)
        service.set_article_properties(
            document_id, ArticleProperties(props.title, ArticleMetadata(outlet=outlet))
        )
    service.stories.create("Lavrov-Kerry", [a, b])
    return service


def test_seeds_show_the_two_outlets_different_attribution(tmp_path: Path) -> None:
    service = demo(tmp_path / "demo.db")
    story = service.stories.find("Lavrov-Kerry")
    matrix = story_comparison(service, story.id)
    assert matrix.columns == ("RT", "Sputnik")
    linked = next(r for r in matrix.claims if len(r.cells) == 2)
    (rt,) = linked.cells["RT"]
    (sputnik,) = linked.cells["Sputnik"]
    assert (rt.source, rt.chain) == ("Lavrov", ("RT website",))
    assert (sputnik.source, sputnik.chain) == ("Sergei Ryabkov", ("Sputnik",))
    assert linked.differs
    assert "said by: Lavrov\nvia: RT website" in rt.describe()
    # How each outlet names Lavrov: one entity row, told differently.
    lavrov = next(r for r in matrix.entities if "Lavrov" in r.title)
    assert {c.text for cells in lavrov.cells.values() for c in cells} == {"Lavrov", "Sergei Lavrov"}
    service.close()


def test_generated_story_omissions_fact_and_same_source(tmp_path: Path) -> None:
    service = ProjectService.open(tmp_path / "p.db")
    files = []
    for outlet in ("A", "B", "C"):
        path = tmp_path / f"{outlet}.jsonl"
        path.write_text(
            f'{{"text": "Officials said the dam broke 🙂. Smith said rain caused it.",'
            f' "meta": {{"outlet": "{outlet}"}}}}\n',
            encoding="utf-8",
        )
        files.append(path)
    ids = service.import_paths(files, allow_duplicates=True).document_ids
    text = service.document(ids[0]).text
    claims, smiths = [], []
    for document_id in ids:
        claims.append(
            service.add_span(document_id, text.index("the dam"), text.index(" 🙂"), "CLAIM")
        )
        smiths.append(
            service.add_span(document_id, text.index("Smith"), text.index("Smith") + 5, "SOURCE")
        )
    # A and B attribute the claim to Smith (joined as one entity); C states it as fact.
    service.add_relation(claims[0].id, smiths[0].id, "SAID_BY")
    service.add_relation(claims[1].id, smiths[1].id, "SAID_BY")
    service.add_link(smiths[0].id, smiths[1].id, "SAME_ENTITY")
    service.add_link(claims[0].id, claims[1].id, "SAME_CLAIM")
    story = service.stories.create("Dam", ids).after[0]
    matrix = story_comparison(service, story.id)
    together = next(r for r in matrix.claims if len(r.cells) == 2)
    assert not together.differs  # both say Smith
    assert together.omitted_by(matrix.columns) == ["C"]
    alone = next(r for r in matrix.claims if list(r.cells) == ["C"])
    assert alone.cells["C"][0].describe().endswith(STATED_AS_FACT)
    service.add_link(claims[1].id, claims[2].id, "SAME_CLAIM")
    matrix = story_comparison(service, story.id)
    (row,) = matrix.claims
    assert row.differs and row.omitted_by(matrix.columns) == []
    service.close()


def test_sentence_around_a_span() -> None:
    text = "First one. Lavrov said “talks go on.” Then more\nNew line here."
    start = text.index("talks")
    assert sentence_around(text, start, start + 5) == "Lavrov said “talks go on.”"
    assert sentence_around(text, text.index("New"), text.index("New") + 3) == "New line here."
