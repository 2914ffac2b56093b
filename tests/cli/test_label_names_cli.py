"""Any label name the project allows survives brat and CoNLL: the files stay valid, and importing
them back gives the same names. `--label NAME` chooses a label whose name holds a comma."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from click.testing import CliRunner

from annotator.cli import main
from annotator.service import ProjectService

NAMES = ["MY LABEL", "A,B", "#tag", "x\ty", "50%", "a|b:c;d=e<f>"]
TEXT = "One two three four five six seven.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "p.db"
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert run("--project", str(project), "import", "--no-debris", str(article))[0] == 0
    for name in NAMES:
        code, _out, err = run("--project", str(project), "labels", "add", name)
        assert code == 0, err
    service = ProjectService.open(project)
    try:
        (document_id,) = service.document_ids()
        words = TEXT.split()
        for name, word in zip(NAMES, words, strict=False):
            start = TEXT.index(word)
            service.add_span(document_id, start, start + len(word), name)
        service.set_status(document_id, "done")
    finally:
        service.close()
    return project


def _labels_after_import(tmp_path: Path, path: Path, name: str) -> list[tuple[str, str]]:
    project = tmp_path / f"{name}.db"
    code, _out, err = run("--project", str(project), "import", "--no-debris", str(path))
    assert code == 0, err
    service = ProjectService.open(project)
    try:
        (document_id,) = service.document_ids()
        text = service.document(document_id).text
        return sorted((s.label, text[s.start : s.end]) for s in service.spans(document_id))
    finally:
        service.close()


EXPECTED = sorted(zip(NAMES, TEXT.split(), strict=False))


def test_brat_export_of_any_label_name_is_valid_brat_and_reads_back(tmp_path: Path) -> None:
    project = _project(tmp_path)
    folder = tmp_path / "brat"
    code, _out, err = run(
        "--project", str(project), "export", "--format", "brat", "-o", str(folder)
    )
    assert code == 0, err
    (ann,) = folder.glob("*.ann")
    for line in ann.read_text(encoding="utf-8").splitlines():
        _ident, annotation, _text = line.split("\t")
        kind, *_offsets = annotation.split(" ")
        assert len(annotation.split(" ")) == 3, line  # TYPE START END: the type is one token
        assert not set(kind) & set(",|:;=<>#") and not kind.startswith("#"), line
    conf = (folder / "annotation.conf").read_text(encoding="utf-8").split("[relations]")[0]
    entities = [line for line in conf.splitlines()[1:] if line]
    assert all(len(e.split()) == 1 and not e.startswith("#") for e in entities)
    assert {unquote(e) for e in entities} >= set(NAMES)  # each name an entity line, encoded
    assert _labels_after_import(tmp_path, folder, "brat") == EXPECTED


def test_conll_export_of_any_label_name_is_two_columns_and_reads_back(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "out.conll"
    code, _out, err = run("--project", str(project), "export", "--format", "conll", "-o", str(out))
    assert code == 0, err
    for line in out.read_text(encoding="utf-8").splitlines():
        if line:
            assert len(line.split()) == 2, line
    assert _labels_after_import(tmp_path, out, "conll") == EXPECTED


def test_export_label_names_holding_commas_with_label(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "out.conll"
    code, _out, err = run(
        "--project", str(project), "export", "--format", "conll", "-o", str(out),
        "--label", "A,B", "--label", "MY LABEL", "--labels", "50%",
    )  # fmt: skip
    assert code == 0, err
    assert _labels_after_import(tmp_path, out, "chosen") == [
        ("50%", "five"),
        ("A,B", "two"),
        ("MY LABEL", "One"),
    ]
