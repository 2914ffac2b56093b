"""spaCy's binary training format: a `.spacy` DocBin.

`-o DIR/` writes a folder of `.spacy` shards instead, which spaCy's training reads as one corpus
(`--paths.train DIR`) and which is written in bounded memory. Every span is in `doc.spans["sc"]`
(the span categorizer's key); the spans that do not overlap, longest first as
`spacy.util.filter_spans` chooses, are also `doc.ents`. Tokens split at every span
boundary (`training_tokens`), so `Doc.char_span(start, end)` finds each exported span. spaCy is an
optional extra; only `spacy.blank` is used, never a trained pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
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


#: Articles a shard holds: a DocBin is built whole in memory, so a folder export writes one
#: `.spacy` file this many articles at a time (spaCy's training reads every file of a folder).
SHARD_SIZE = 500


def _docs(stream: ExportStream) -> Iterator[Any]:
    """The stream's articles as spaCy `Doc`s, one at a time."""
    spacy = _spacy()
    from spacy.tokens import Doc
    from spacy.util import filter_spans

    vocab = spacy.blank("en").vocab
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
        yield doc


def _docbin() -> Any:
    from spacy.tokens import DocBin

    return DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=True)


def write(stream: ExportStream, out: BinaryIO) -> None:
    """One `.spacy` file: every article in one DocBin (memory grows with the corpus)."""
    docs = _docbin()
    for doc in _docs(stream):
        docs.add(doc)
    out.write(docs.to_bytes())


def write_shards(stream: ExportStream, folder: Path, shard_size: int | None = None) -> None:
    """A folder of `.spacy` files, `shard_size` articles each: memory stays that of one shard."""
    shard_size = shard_size or SHARD_SIZE
    number = 0
    docs = _docbin()
    for doc in _docs(stream):
        docs.add(doc)
        if len(docs) >= shard_size:
            docs.to_disk(folder / f"shard-{number:05d}{EXTENSION}")
            number += 1
            docs = _docbin()
    if len(docs) or number == 0:
        docs.to_disk(folder / f"shard-{number:05d}{EXTENSION}")
