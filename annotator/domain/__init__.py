"""The domain core: documents, spans, labels, relations, links and offsets. Pure Python, no I/O."""

from annotator.domain.errors import (
    AnnotatorError,
    InputRefused,
    InvalidRelation,
    InvalidSpan,
    NotAProject,
    NotFound,
    Problem,
    UnknownLabel,
)
from annotator.domain.labels import DEBRIS, AttributeSpec, Label, LabelSchema
from annotator.domain.model import (
    Document,
    DraftDocument,
    DraftRelation,
    DraftSpan,
    Link,
    Provenance,
    Relation,
    RemovedSpan,
    Span,
    content_hash,
)

__all__ = [
    "DEBRIS",
    "AnnotatorError",
    "AttributeSpec",
    "Document",
    "DraftDocument",
    "DraftRelation",
    "DraftSpan",
    "InputRefused",
    "InvalidRelation",
    "InvalidSpan",
    "Label",
    "LabelSchema",
    "Link",
    "NotAProject",
    "NotFound",
    "Problem",
    "Provenance",
    "Relation",
    "RemovedSpan",
    "Span",
    "UnknownLabel",
    "content_hash",
]
