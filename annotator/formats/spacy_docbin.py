"""spaCy's binary training format: a `.spacy` DocBin.

Every span is in `doc.spans["sc"]` (the span categorizer's key); the spans that do not overlap,
longest first as `spacy.util.filter_spans` chooses, are also `doc.ents`. Tokens split at every span
boundary (`training_tokens`), so `Doc.char_span(start, end)` finds each exported span. spaCy is an
optional extra; only `spacy.blank` is used, never a trained pipeline.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from annotator.domain.errors import AnnotatorError
from annotator.formats.exportkit import ExportStream, training_tokens

NAME = "spacy"
EXTENSION = ".spacy"
SPAN_KEY = "sc"


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise AnnotatorError(
            "the spacy format needs spaCy, which is not installed: pip install 'annotator[spacy]'"
        ) from None
    return spacy


def write(stream: ExportStream, out: BinaryIO) -> None:
    spacy = _spacy()
    from spacy.tokens import Doc, DocBin
    from spacy.util import filter_spans

    vocab = spacy.blank("en").vocab
    docs = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=True)
    for item in stream.items:
        text = item.document.text
        tokens = training_tokens(text, item.spans)
        doc = Doc(vocab, words=[t[2] for t in tokens], spaces=[t[3] for t in tokens])
        spans = []
        for span in item.spans:
            found = doc.char_span(span.start, span.end, label=span.label)
            if found is None:  # training_tokens splits at every span boundary
                raise AnnotatorError(
                    f"article {item.document.id}: span {span.start}-{span.end} is not on tokens"
                )
            spans.append(found)
        doc.spans[SPAN_KEY] = spans
        doc.ents = filter_spans(spans)
        doc.user_data["id"] = item.document.id
        doc.user_data["title"] = item.document.title
        docs.add(doc)
    out.write(docs.to_bytes())
