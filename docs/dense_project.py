"""Build the README's second screenshot: one seed article with 30 overlapping and nested spans
and 10 relations, to see that tags and arcs stay readable when an article is densely annotated.

    annotator --project /tmp/dense.db screenshot --out docs/screenshot-dense.png --all-relations --select $(python docs/dense_project.py /tmp/dense.db)
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.service import ProjectService

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

#: (phrase, which occurrence, label): nested and overlapping on purpose.
SPANS = [
    ("Russian Foreign Minister Sergey Lavrov", 0, "SOURCE"),
    ("Russian", 0, "GPE"),
    ("Sergey Lavrov", 0, "PERSON"),
    ("affirmed", 0, "CUE"),
    ("Moscow and Washington will seek to urge “the Syrian Opposition” to form a team", 0, "CLAIM"),
    ("Moscow", 0, "GPE"),
    ("Washington", 0, "GPE"),
    ("the Syrian Opposition", 0, "ORG"),
    ("Syrian", 1, "GPE"),
    ("the Syrian government", 0, "ORG"),
    ("his American counterpart John Kerry", 0, "SOURCE"),
    ("John Kerry", 0, "PERSON"),
    ("American", 0, "GPE"),
    ("RT website", 0, "MEDIA"),
    ("quoted Lavrov as saying", 0, "CUE"),
    ("Lavrov", 2, "SOURCE"),
    ("The US Secretary of State underlined that when he contacts the Syrian opposition", 0, "CLAIM"),
    ("The US Secretary of State", 0, "SOURCE"),
    ("US", 1, "GPE"),
    ("the Syrian opposition", 0, "ORG"),
    ("he will seek the same as when we talk to the opposition", 0, "CLAIM"),
    ("the continuation of the current situation", 0, "CLAIM"),
    ("He added", 0, "CUE"),
    ("An US official, who spoke on condition of anonymity", 0, "SOURCE"),
    ("told reporters", 0, "CUE"),
    ("there was no sign of any \xa0change in Moscow’s stance on Syria", 0, "CLAIM"),
    ("Moscow", 1, "GPE"),
    ("Syria", 3, "GPE"),
    ("Lavrov and Kerry’s talks on Syria were relatively brief", 0, "CLAIM"),
    ("Kerry", 2, "PERSON"),
]

#: (head index, child index, label) into SPANS.
RELATIONS = [
    (4, 0, "SAID_BY"),
    (0, 13, "REPORTED_BY"),
    (16, 15, "SAID_BY"),
    (15, 13, "REPORTED_BY"),
    (20, 15, "SAID_BY"),
    (16, 17, "SAID_BY"),
    (21, 15, "SAID_BY"),
    (25, 23, "SAID_BY"),
    (28, 23, "SAID_BY"),
    (10, 13, "REPORTED_BY"),
]


def build(path: Path) -> ProjectService:
    service = ProjectService.open(path)
    document = service.import_paths([SEEDS / "000_7f3ecc1138e4dd58.txt"]).document_ids[0]
    text = service.document(document).text
    ids = []
    for phrase, nth, label in SPANS:
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        made = service.add_span(document, start, start + len(phrase), label)
        assert made.id is not None
        ids.append(made.id)
    for head, child, label in RELATIONS:
        service.add_relation(ids[head], ids[child], label)
    service.accept_suggestions(document)
    service.set_setting("demo_claim", ids[16])
    return service


if __name__ == "__main__":
    dense = build(Path(sys.argv[1]))
    print(dense.setting("demo_claim"))
    dense.close()
