"""How `project.annotator.db` and `exports/` here were made: with annotator at commit fbfc5a6,
before analysts and layers (issue 16). Kept to show what was run; the test never runs it.

    .venv/bin/python tests/data/pre_analysts/make.py tests/data/pre_analysts
"""

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from annotator.domain.model import DraftDocument, Provenance
from annotator.service import ProjectService

out = Path(sys.argv[1])
db = out / "project.annotator.db"
service = ProjectService.open(db)
service.import_paths([Path("seeds")])
(extra,) = service.store.insert_documents(
    [
        DraftDocument(
            text="Café 🎉 chief said: “the 𝔘nit wor\u0301ks”.\r\nNBSP\u00a0here, Bob said.",
            title="emoji",
            provenance=Provenance(format="test", imported_at="2026-01-01T00:00:00+00:00"),
        )
    ]
)
first, second = service.document_ids()[:2]


def label(document_id: int, needle: str, name: str):
    text = service.document(document_id).text
    start = text.index(needle)
    return service.add_span(document_id, start, start + len(needle), name)


lavrov = label(first, "Sergey Lavrov", "SOURCE")
cue = label(first, "affirmed", "CUE")
claim = label(first, "Moscow and Washington will seek to urge", "CLAIM")
label(first, "Moscow", "GPE")
service.update_span(replace(claim, attributes={"stance": "neutral"}, note="a note"))
service.add_relation(claim.id, lavrov.id, "SAID_BY")
other_text = service.document(second).text
word = other_text.split()[3]
other = label(second, word, "CLAIM")
service.add_link(claim.id, other.id, "SAME_CLAIM")
emoji_claim = label(extra, "𝔘nit wor\u0301ks", "CLAIM")
bob = label(extra, "Bob", "SOURCE")
service.add_relation(emoji_claim.id, bob.id, "SAID_BY")
label(extra, "NBSP\u00a0here", "CLAIM")
service.set_status(first, "done")
service.close()
exports = out / "exports"
exports.mkdir(exist_ok=True)
for name, target, *extra in [
    ("prodigy", "prodigy.jsonl"),
    ("spacy", "spacy.spacy"),
    ("brat", "brat"),
    ("doccano", "doccano.jsonl"),
    ("labelstudio", "labelstudio.json"),
    ("conll", "conll.conll", "--labels", "CLAIM,SOURCE,CUE"),
    ("csv", "csv.csv"),
    ("links", "links.jsonl"),
    ("annotator", "bundle.jsonl"),
]:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "--project",
            str(db),
            "export",
            "--format",
            name,
            "-o",
            str(exports / target),
            *extra,
        ],
        check=True,
    )
