"""Building projects with spans, relations and links for the export tests."""

from __future__ import annotations

from typing import Any

from annotator.domain.model import DraftDocument, Provenance


def add_article(service: Any, text: str, title: str = "t", status: str = "new") -> int:
    """Store an article exactly as given (no newline normalisation, unlike the text importer)."""
    (document_id,) = service.store.insert_documents(
        [DraftDocument(text=text, title=title, status=status, provenance=Provenance(format="test"))]
    )
    return int(document_id)


def span_of(service: Any, document_id: int, needle: str, label: str, nth: int = 0) -> Any:
    """Label the `nth` occurrence of `needle` in the article."""
    text = service.document(document_id).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return service.add_span(document_id, start, start + len(needle), label)


def project_snapshot(service: Any) -> dict[str, Any]:
    """A project's content with ids replaced by positions: what "the same project" means."""
    articles, span_keys = [], {}
    for d_index, document_id in enumerate(service.document_ids()):
        document = service.document(document_id)
        spans = service.spans(document_id)
        for s_index, span in enumerate(spans):
            span_keys[span.id] = (d_index, s_index)
        articles.append(
            {
                "text": document.text,
                "title": document.title,
                "meta": dict(document.meta),
                "status": document.status,
                "provenance": (
                    document.provenance.path,
                    document.provenance.line,
                    document.provenance.format,
                    document.provenance.imported_at,
                ),
                "spans": [
                    (s.start, s.end, s.label, dict(s.attributes), s.note, s.suggested)
                    for s in spans
                ],
                "relations": sorted(
                    (span_keys[r.head_id], span_keys[r.child_id], r.label)
                    for r in service.relations(document_id)
                ),
            }
        )
    links = sorted(
        (span_keys[link.a_id], span_keys[link.b_id], link.label, link.note)
        for link in service.store.all_links()
    )
    return {"schema": service.schema.to_json(), "articles": articles, "links": links}
