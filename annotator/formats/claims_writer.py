"""Claim clusters, one JSON object a cluster: the shape claim-matching datasets use (MultiClaim).

Claims joined by SAME_CLAIM links (directly or through other claims) form one cluster. Each line
holds the cluster's id and its members: article id, title, outlet, date, the claim's text and
offsets, and the sentence around it. Beside `links` (one pair a line), this is the grouped view.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from annotator.domain.text import sentence_bounds
from annotator.formats.exportkit import ExportStream, LinkEnd

NAME = "claims"
EXTENSION = ".jsonl"
SAME_CLAIM = "SAME_CLAIM"


def _member(end: LinkEnd) -> dict[str, Any]:
    span, document = end.span, end.document
    start, stop = sentence_bounds(document.text, span.start, span.end)
    return {
        "article": document.id,
        "title": document.title,
        "outlet": document.outlet,
        "published": document.published,
        "span_id": span.id,
        "start": span.start,
        "end": span.end,
        "text": document.text[span.start : span.end],
        "sentence": " ".join(document.text[start:stop].split()),
    }


def write(stream: ExportStream, out: TextIO) -> None:
    parent: dict[int, int] = {}
    members: dict[int, dict[str, Any]] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for record in stream.links:
        if record.link.label != SAME_CLAIM:
            continue
        for end in (record.a, record.b):
            if end.span.id is not None and end.span.id not in members:
                members[end.span.id] = _member(end)
        a, b = find(record.link.a_id), find(record.link.b_id)
        if a != b:
            parent[max(a, b)] = min(a, b)
    clusters: dict[int, list[dict[str, Any]]] = {}
    for span_id in sorted(members):
        clusters.setdefault(find(span_id), []).append(members[span_id])
    for number, (root, cluster) in enumerate(sorted(clusters.items()), start=1):
        cluster.sort(key=lambda m: (m["published"] is None, m["published"] or "", m["article"]))
        line = {
            "cluster_id": number,
            "first_span_id": root,
            "size": len(cluster),
            "outlets": sorted({m["outlet"] for m in cluster if m["outlet"]}),
            "claims": cluster,
        }
        out.write(json.dumps(line, ensure_ascii=False))
        out.write("\n")
