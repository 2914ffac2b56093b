"""Build the README's demo project from the seeds: both Lavrov/Kerry articles, their claims
attributed to their sources and relaying outlets, and linked across the two articles.

    annotator --project /tmp/demo.db screenshot --out docs/screenshot.png --select $(python docs/demo_project.py /tmp/demo.db)
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.service import ProjectService

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def build(path: Path) -> ProjectService:
    service = ProjectService.open(path)
    a, b = service.import_paths([SEEDS]).document_ids

    def span(document_id: int, phrase: str, label: str, nth: int = 0) -> int:
        text = service.document(document_id).text
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        made = service.add_span(document_id, start, start + len(phrase), label)
        assert made.id is not None
        return made.id

    claim_a = span(
        a,
        "The US Secretary of State underlined that when he contacts the Syrian opposition, he"
        " will seek the same as when we talk to the opposition",
        "CLAIM",
    )
    lavrov = span(a, "Lavrov", "SOURCE", nth=2)
    rt = span(a, "RT website", "MEDIA")
    span(a, "quoted Lavrov as saying", "CUE")
    service.add_relation(claim_a, lavrov, "SAID_BY")
    service.add_relation(lavrov, rt, "REPORTED_BY")
    claim_b = span(
        b,
        "A meeting between Russian Foreign Minister Sergei Lavrov and US State Secretary John"
        " Kerry on the sidelines of the G20 summit in China is possible",
        "CLAIM",
    )
    ryabkov = span(b, "Sergei Ryabkov", "SOURCE")
    sputnik = span(b, "Sputnik", "MEDIA")
    span(b, "told", "CUE", nth=0)
    service.add_relation(claim_b, ryabkov, "SAID_BY")
    service.add_relation(ryabkov, sputnik, "REPORTED_BY")
    service.add_link(lavrov, span(b, "Sergei Lavrov", "PERSON"), "SAME_ENTITY")
    service.add_link(claim_a, claim_b, "SAME_CLAIM")
    service.accept_suggestions(a)
    service.accept_suggestions(b)
    service.set_setting("demo_claim", claim_a)
    return service


if __name__ == "__main__":
    demo = build(Path(sys.argv[1]))
    print(demo.setting("demo_claim"))
    demo.close()
