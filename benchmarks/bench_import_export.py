"""Foundation benchmarks: plain-text import and Prodigy export on 10,000 articles of ~3 KB.

Baselines: raw `sqlite3.executemany` of the same rows into a bare table; for the Prodigy export, a
hand-written script that SELECTs the same rows with raw sqlite3 and `json.dumps` the same tasks
(same tokens, spans and hashes: its output must equal ours byte for byte, so both do the same work).
The spaCy DocBin export is measured against raw spaCy: the same rows SELECTed, tokenised with the
same rule, made into `Doc`s with `doc.spans["sc"]` and `doc.ents`, packed in a DocBin.
Ratios are value/baseline (seconds), >1 is worse.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from annotator.domain.text import _TOKEN
from annotator.formats.prodigy import stable_hash
from annotator.service import ProjectService
from benchmarks.harness import Result, corpus

COUNT = int(os.environ.get("BENCH_COUNT", "10000"))


def run() -> list[Result]:
    texts = corpus(COUNT)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "articles"
        source.mkdir()
        for i, text in enumerate(texts):
            (source / f"{i:05d}.txt").write_text(text, encoding="utf-8")

        raw = sqlite3.connect(root / "raw.db")
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, text TEXT)")
        started = time.perf_counter()
        contents = [p.read_text(encoding="utf-8") for p in sorted(source.iterdir())]
        rows = [(text.split("\n", 1)[0], text) for text in contents]
        with raw:
            raw.executemany("INSERT INTO documents (title, text) VALUES (?, ?)", rows)
        baseline_import = time.perf_counter() - started
        raw.close()

        service = ProjectService.open(root / "project.db")
        started = time.perf_counter()
        service.import_paths([source])
        import_seconds = time.perf_counter() - started

        # Three word-aligned spans an article, as a labelled project has.
        with service.store.transaction():
            rows = service.store.db.conn.execute("SELECT id, text FROM documents").fetchall()
            for document_id, text in rows:
                for n, match in enumerate(_TOKEN.finditer(text)):
                    if n in (8, 16, 40):
                        service.add_span(document_id, match.start(), match.end(), "PERSON")
        service.close()

        started = time.perf_counter()
        raw_prodigy(root / "project.db", root / "raw.jsonl")
        baseline_export = time.perf_counter() - started

        service = ProjectService.open(root / "project.db")
        started = time.perf_counter()
        service.export("prodigy", root / "out.jsonl")
        export_seconds = time.perf_counter() - started
        if (root / "out.jsonl").read_bytes() != (root / "raw.jsonl").read_bytes():
            raise AssertionError("the raw baseline did not write the same Prodigy file")

        started = time.perf_counter()
        service.export("spacy", root / "out.spacy")
        spacy_seconds = time.perf_counter() - started
        service.close()
        started = time.perf_counter()
        raw_spacy(root / "project.db", root / "raw.spacy")
        baseline_spacy = time.perf_counter() - started

    return [
        Result(
            "import_txt_10k",
            import_seconds,
            "s",
            baseline_import,
            import_seconds / baseline_import,
            "ratio<=2",
        ),
        Result(
            "export_prodigy_10k",
            export_seconds,
            "s",
            baseline_export,
            export_seconds / baseline_export,
            "ratio<=1.43",
        ),
        Result(
            "export_spacy_10k",
            spacy_seconds,
            "s",
            baseline_spacy,
            spacy_seconds / baseline_spacy,
            "ratio<=1.43",
        ),
    ]


def raw_prodigy(database: Path, out_path: Path) -> None:
    """The same Prodigy file from raw sqlite3 rows and json.dumps, for word-aligned spans."""
    conn = sqlite3.connect(database)
    docs = conn.execute("SELECT id, text, title, meta FROM documents ORDER BY id")
    spans_by_doc: dict[int, list[tuple[int, int, str]]] = {}
    for doc_id, start, end, label in conn.execute(
        "SELECT document_id, char_start, char_end, label FROM spans"
        " ORDER BY document_id, char_start, char_end, id"
    ):
        spans_by_doc.setdefault(doc_id, []).append((start, end, label))
    with out_path.open("w", encoding="utf-8", newline="\n") as out:
        for doc_id, text, title, meta in docs:
            tokens, starts, ends = [], {}, {}
            position = 0
            for match in _TOKEN.finditer(text):
                start, end = match.span()
                if start > position:
                    tokens.append(
                        {
                            "text": text[position:start],
                            "start": position,
                            "end": start,
                            "id": len(tokens),
                            "ws": False,
                        }
                    )
                ws = end < len(text) and text[end] == " "
                starts[start], ends[end] = len(tokens), len(tokens)
                tokens.append(
                    {"text": match.group(), "start": start, "end": end, "id": len(tokens), "ws": ws}
                )
                position = end + 1 if ws else end
            if position < len(text):
                tokens.append(
                    {
                        "text": text[position:],
                        "start": position,
                        "end": len(text),
                        "id": len(tokens),
                        "ws": False,
                    }
                )
            spans = [
                {
                    "start": s,
                    "end": e,
                    "token_start": starts[s],
                    "token_end": ends[e],
                    "label": label,
                    "text": text[s:e],
                }
                for s, e, label in spans_by_doc.get(doc_id, ())
            ]
            input_hash = stable_hash({"text": text})
            record = {
                "text": text,
                "meta": {"title": title, "id": doc_id, **json.loads(meta)},
                "tokens": tokens,
                "spans": spans,
                "relations": [],
                "_input_hash": input_hash,
                "_task_hash": stable_hash({"input": input_hash, "spans": spans, "relations": []}),
                "answer": "accept",
            }
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")
    conn.close()


def raw_spacy(database: Path, out_path: Path) -> None:
    """The same DocBin from raw sqlite3 rows and spaCy, for word-aligned spans."""
    import spacy
    from spacy.tokens import Doc, DocBin
    from spacy.util import filter_spans

    vocab = spacy.blank("en").vocab
    conn = sqlite3.connect(database)
    spans_by_doc: dict[int, list[tuple[int, int, str]]] = {}
    for doc_id, start, end, label in conn.execute(
        "SELECT document_id, char_start, char_end, label FROM spans"
        " ORDER BY document_id, char_start, char_end, id"
    ):
        spans_by_doc.setdefault(doc_id, []).append((start, end, label))
    docs = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=True)
    for doc_id, text, title in conn.execute("SELECT id, text, title FROM documents ORDER BY id"):
        words, spaces, position = [], [], 0
        for match in _TOKEN.finditer(text):
            start, end = match.span()
            if start > position:
                words.append(text[position:start])
                spaces.append(False)
            ws = end < len(text) and text[end] == " "
            words.append(match.group())
            spaces.append(ws)
            position = end + 1 if ws else end
        if position < len(text):
            words.append(text[position:])
            spaces.append(False)
        doc = Doc(vocab, words=words, spaces=spaces)
        spans = [doc.char_span(s, e, label=label) for s, e, label in spans_by_doc.get(doc_id, ())]
        doc.spans["sc"] = spans
        doc.ents = filter_spans(spans)
        doc.user_data["id"] = doc_id
        doc.user_data["title"] = title
        docs.add(doc)
    out_path.write_bytes(docs.to_bytes())
    conn.close()
