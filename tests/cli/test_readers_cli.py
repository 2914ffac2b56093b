"""Readers as a user meets them on the command line: what each real file gives, what is not
stored as given (named with file and line), and rejected answers kept out of training data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main
from annotator.service import ProjectService


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def spans_of(project: Path) -> list[tuple[str, str, bool]]:
    """(label, text, suggested) of every span stored, in article and offset order."""
    service = ProjectService.open(project)
    try:
        found = []
        for document_id in service.document_ids():
            text = service.document(document_id).text
            found += [
                (s.label, text[s.start : s.end], s.suggested) for s in service.spans(document_id)
            ]
        return found
    finally:
        service.close()


# -- PTC ------------------------------------------------------------------------------------------


def test_ptc_counts_a_leading_bom_as_character_0(tmp_path: Path) -> None:
    text = "Headline\n\nThey lie, always.\n"
    start = text.index("lie")
    (tmp_path / "article1.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    # The organisers' offsets count the BOM: "lie" is at start + 1 in their file.
    (tmp_path / "article1.task2-TC.labels").write_text(f"1\tSmears\t{start + 1}\t{start + 4}\n")
    project = tmp_path / "p.db"
    code, _out, err = run("--project", str(project), "import", str(tmp_path / "article1.txt"))
    assert code == 0, err
    assert spans_of(project) == [("Smears", "lie", False)]


def test_a_ptc_si_file_named_on_the_command_line_beats_the_tc_file_beside_it(
    tmp_path: Path, cases_dir: Path
) -> None:
    ptc = cases_dir / "semeval2020_task11_ptc"
    project = tmp_path / "p.db"
    code, _out, err = run(
        "--project", str(project), "import", str(ptc / "article111111111.task1-SI.labels")
    )
    assert code == 0, err
    labels = {label for label, _text, _s in spans_of(project)}
    assert labels == {"PROPAGANDA"}
    si_lines = (ptc / "article111111111.task1-SI.labels").read_text().strip().splitlines()
    assert len(spans_of(project)) == len(si_lines)


def test_a_non_digit_ptc_offset_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "article2.txt").write_text("Some text here.\n")
    (tmp_path / "article2.task2-TC.labels").write_text("2\tDoubt\t1\t²\n")
    code, _out, err = run(
        "--project", str(tmp_path / "p.db"), "import", str(tmp_path / "article2.txt")
    )
    assert code == 1
    assert err.splitlines() == [
        f"annotator: error: {tmp_path / 'article2.task2-TC.labels'}:1: offsets must be numbers,"
        " not '1' and '²'"
    ]


def test_a_ptc_offset_with_a_control_character_is_one_error_line(tmp_path: Path) -> None:
    """Found by `make fuzz`: "\x1d" passes for a space in a regular expression, not in `int`."""
    (tmp_path / "article3.txt").write_text("Some text here.\n")
    (tmp_path / "article3.task2-TC.labels").write_text("3\tDoubt\t\x1d1\t4\n")
    code, _out, err = run(
        "--project", str(tmp_path / "p.db"), "import", str(tmp_path / "article3.txt")
    )
    assert code == 1
    assert err.splitlines() == [
        f"annotator: error: {tmp_path / 'article3.task2-TC.labels'}:1: offsets must be numbers,"
        " not '\\x1d1' and '4'"
    ]


# -- Prodigy answers ---------------------------------------------------------------------------


def _prodigy_file(tmp_path: Path) -> Path:
    records = [
        {
            "text": "Apple hires Tim.",
            "spans": [{"start": 0, "end": 5, "label": "ORG"}],
            "answer": "accept",
        },
        {
            "text": "Paris is cold.",
            "spans": [{"start": 0, "end": 5, "label": "ORG"}],
            "answer": "reject",
        },
        {
            "text": "Bob went home.",
            "spans": [{"start": 0, "end": 3, "label": "PERSON"}],
            "answer": "ignore",
        },
    ]
    path = tmp_path / "teach.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_prodigy_rejected_and_ignored_answers_are_never_exported_as_accepted(
    tmp_path: Path,
) -> None:
    project = tmp_path / "p.db"
    path = _prodigy_file(tmp_path)
    code, out, err = run("--project", str(project), "import", str(path))
    assert code == 0, err
    assert f"{path}:2: answer reject: its 1 spans stored as suggestions, not annotations" in out
    assert f"{path}:3: answer ignore: its 1 spans stored as suggestions, not annotations" in out
    assert spans_of(project) == [
        ("ORG", "Apple", False),
        ("ORG", "Paris", True),
        ("PERSON", "Bob", True),
    ]
    out_file = tmp_path / "out.jsonl"
    code, _out, err = run(
        "--project", str(project), "export", "--format", "prodigy",
        "-o", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    exported = [json.loads(line) for line in out_file.read_text().splitlines()]
    answers = {r["text"]: (r["answer"], len(r["spans"])) for r in exported}
    assert answers == {
        "Apple hires Tim.": ("accept", 1),
        "Paris is cold.": ("reject", 0),
        "Bob went home.": ("ignore", 0),
    }
    doccano = tmp_path / "out-doccano.jsonl"
    code, _out, err = run(
        "--project", str(project), "export", "--format", "doccano",
        "-o", str(doccano),
    )  # fmt: skip
    assert code == 0, err
    texts = [json.loads(line)["text"] for line in doccano.read_text().splitlines()]
    assert texts == ["Apple hires Tim."]
    assert "left out 2 articles answered reject or ignore in Prodigy" in err


# -- brat ----------------------------------------------------------------------------------------

POLNEAR_SPLIT_LINES = (
    "nyt_2016-04-18_for-news-outlets-feeling-the-squ",
    "usa-today_2016-08-09_khans-trump-stirs-ugliness-musli",
    "wash-post_2016-06-27_byline-amber-phillips",
)


def test_polnear_t_lines_whose_text_runs_over_a_line_break_import(
    tmp_path: Path, cases_dir: Path
) -> None:
    train = cases_dir / "polnear" / "train"
    folder = tmp_path / "polnear"
    folder.mkdir()
    for name in POLNEAR_SPLIT_LINES:  # the text and one analyst's .ann side by side, as brat has it
        shutil.copy(train / "text" / f"{name}.txt", folder / f"{name}.txt")
        shutil.copy(train / "attributions" / f"{name}_4e07.ann", folder / f"{name}.ann")
    project = tmp_path / "p.db"
    code, out, err = run("--project", str(project), "import", str(folder))
    assert code == 0, err
    assert "imported 3 articles" in out
    ann = (train / "attributions" / f"{POLNEAR_SPLIT_LINES[0]}_4e07.ann").read_text()
    expected = sum(len(line.split("\t")[1].split(";")) for line in ann.splitlines()
                   if line.startswith("T"))  # fmt: skip
    service = ProjectService.open(project)
    try:
        first = service.document_ids()[0]
        assert len(service.spans(first)) == expected
        text = service.document(first).text
        content = next(s for s in service.spans(first) if "part 2 of 2 of T41" in s.note)
        # The .ann's text column is cut short over its line break; the offsets say it all.
        part = text[content.start : content.end]
        assert part.startswith("It's about convincing") and part.endswith("to figure it out")
    finally:
        service.close()


def test_brat_events_sharing_a_trigger_stay_apart(tmp_path: Path, cases_dir: Path) -> None:
    project = tmp_path / "p.db"
    code, _out, err = run(
        "--project", str(project), "import",
        str(cases_dir / "brat" / "bionlp2011-GE-PMID-10438843.txt"),
    )  # fmt: skip
    assert code == 0, err
    service = ProjectService.open(project)
    try:
        (document_id,) = service.document_ids()
        spans = {s.id: s for s in service.spans(document_id)}
        by_event: dict[str, set[tuple[str, int]]] = {}
        for relation in service.relations(document_id):
            event = spans[relation.head_id].attributes.get("event")
            if event:
                child = spans[relation.child_id]
                by_event.setdefault(str(event), set()).add((relation.label, child.start))
    finally:
        service.close()
    ann = (cases_dir / "brat" / "bionlp2011-GE-PMID-10438843.ann").read_text().splitlines()
    t = {f[0]: int(f[1].split()[1]) for f in (line.split("\t") for line in ann) if f[0][0] == "T"}
    # E3 and E4 share the trigger T26: each keeps its own Theme (T11, T10) and the Cause T9.
    assert by_event["E3"] == {("Theme", t["T11"]), ("Cause", t["T9"])}
    assert by_event["E4"] == {("Theme", t["T10"]), ("Cause", t["T9"])}
    assert by_event["E1"] == {("Theme", t["T6"])} and by_event["E2"] == {("Theme", t["T8"])}


def test_brat_attributes_on_relations_are_kept_and_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Smith said no.\n", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSOURCE 0 5\tSmith\nT2\tCUE 6 10\tsaid\nR1\tSAID_BY Arg1:T2 Arg2:T1\n"
        "A1\tNegated R1\nE1\t\n".replace("E1\t\n", ""),
        encoding="utf-8",
    )
    project = tmp_path / "p.db"
    code, out, err = run("--project", str(project), "import", str(tmp_path / "a.txt"))
    assert code == 0, err
    assert f"{ann}:4: attribute A1 (Negated) of relation R1: kept in the article's meta" in out
    service = ProjectService.open(project)
    try:
        (document_id,) = service.document_ids()
        assert service.document(document_id).meta["brat_relation_attributes"] == {
            "R1": {"Negated": True}
        }
        assert [r.label for r in service.relations(document_id)] == ["SAID_BY"]
    finally:
        service.close()


# -- WebAnno TSV and XMI ------------------------------------------------------------------------

TSV_WITH_ESCAPES = (
    "#FORMAT=WebAnno TSV 3.3\n"
    "#T_SP=webanno.custom.Claim|value\n"
    "#T_RL=webanno.custom.Link|value|BT_webanno.custom.Claim\n"
    "\n\n"
    "#Text=Tab\\there a\\\\b xy\n"
    "1-1\t0-3\tTab\tA\\|B\\[1\\]\\_c\\-\\>d[1]\t_\t_\t\n"
    "1-2\t4-8\there\tA\\|B\\[1\\]\\_c\\-\\>d[1]\t_\t_\t\n"
    "1-3\t9-12\ta\\\\b\tx\\;y\\*\tR\\|1\t1-1[1_0]\t\n"
    "1-4\t13-15\txy\tend\\\\[3]|Q[4]\t_\t_\t\n"
)


def _xmi(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("\t", "&#9;")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore"'
        ' xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">\n'
        '<cas:NULL xmi:id="0"/>\n'
        '<custom:Claim xmi:id="10" sofa="1" begin="0" end="8" value="A|B[1]_c-&gt;d"/>\n'
        '<custom:Claim xmi:id="11" sofa="1" begin="9" end="12" value="x;y*"/>\n'
        '<custom:Claim xmi:id="13" sofa="1" begin="13" end="15" value="end\\"/>\n'
        '<custom:Claim xmi:id="14" sofa="1" begin="13" end="15" value="Q"/>\n'
        '<custom:Link xmi:id="12" sofa="1" begin="9" end="12" Governor="10" Dependent="11"'
        ' value="R|1"/>\n'
        f'<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" sofaString="{escaped}"/>\n'
        "</xmi:XMI>\n"
    )


def test_webanno_escapes_are_undone_and_the_xmi_of_the_same_document_agrees(
    tmp_path: Path,
) -> None:
    text = "Tab\there a\\b xy"
    (tmp_path / "doc.tsv").write_text(TSV_WITH_ESCAPES, encoding="utf-8")
    (tmp_path / "doc.xmi").write_text(_xmi(text), encoding="utf-8")
    results = []
    for name in ("doc.tsv", "doc.xmi"):
        project = tmp_path / f"{name}.db"
        code, _out, err = run("--project", str(project), "import", str(tmp_path / name))
        assert code == 0, err
        service = ProjectService.open(project)
        try:
            (document_id,) = service.document_ids()
            assert service.document(document_id).text == text
            spans = {s.id: s for s in service.spans(document_id)}
            results.append(
                (
                    sorted((s.start, s.end, s.label) for s in spans.values()),
                    [
                        (spans[r.head_id].label, r.label, spans[r.child_id].label)
                        for r in service.relations(document_id)
                    ],
                )
            )
        finally:
            service.close()
    assert results[0] == results[1]
    assert results[0][0] == [
        (0, 8, "A|B[1]_c->d"),
        (9, 12, "x;y*"),
        (13, 15, "Q"),
        (13, 15, "end\\"),
    ]
    assert results[0][1] == [("A|B[1]_c->d", "R|1", "x;y*")]


def test_webanno_control_characters_written_as_u_escapes_are_undone(tmp_path: Path) -> None:
    path = tmp_path / "bell.tsv"
    path.write_text(
        "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Claim|value\n\n\n"
        "#Text=a\\u0007b c\n1-1\t0-3\ta\\u0007b\tX\t\n1-2\t4-5\tc\t_\t\n",
        encoding="utf-8",
    )
    project = tmp_path / "p.db"
    code, _out, err = run("--project", str(project), "import", str(path))
    assert code == 0, err
    service = ProjectService.open(project)
    try:
        (document_id,) = service.document_ids()
        assert service.document(document_id).text == "a\x07b c"
        assert [(s.start, s.end) for s in service.spans(document_id)] == [(0, 3)]
    finally:
        service.close()


def test_the_real_webanno_and_xmi_pairs_give_the_same_spans_and_relations(
    tmp_path: Path, cases_dir: Path
) -> None:
    for name in (
        "testSentenceWithEmoji",
        "testSingleStackedNonTokenOverlappingRelationWithoutFeatureValue",
    ):
        found = []
        for path in (
            cases_dir / "webanno_tsv" / f"inception-tsv3-suite-{name}.tsv",
            cases_dir / "uima_xmi" / f"inception-tsv3-suite-{name}-reference.xmi",
        ):
            project = tmp_path / f"{path.name}.db"
            code, _out, err = run("--project", str(project), "import", str(path))
            assert code == 0, err
            service = ProjectService.open(project)
            try:
                (document_id,) = service.document_ids()
                spans = {s.id: s for s in service.spans(document_id)}
                found.append(
                    (
                        service.document(document_id).text,
                        sorted((s.start, s.end) for s in spans.values()),
                        [
                            ((spans[r.head_id].start, spans[r.head_id].end),
                             (spans[r.child_id].start, spans[r.child_id].end))
                            for r in service.relations(document_id)
                        ],
                    )
                )  # fmt: skip
            finally:
                service.close()
        # The suite's TSV names a custom layer where its XMI has NamedEntity: the labels differ,
        # the text, the stretches and what joins what do not.
        assert found[0] == found[1], name


# -- the import report: nothing dropped silently ------------------------------------------------


def test_the_import_report_names_every_item_not_stored_as_given(tmp_path: Path) -> None:
    jsonl = tmp_path / "a.jsonl"
    records = [
        {"text": "Alpha beta.", "spans": [{"start": 0, "end": 5, "label": "ORG"},
                                         {"start": 0, "end": 5, "label": "ORG"}]},
        {"text": "Gamma delta.", "spans": [{"start": 0, "end": 5, "label": "ORG", "id": 1}],
         "relations": [{"head_span": {"start": 0, "end": 5, "label": "ORG"},
                        "child_span": {"start": 0, "end": 5, "label": "ORG"}, "label": "SAME"}]},
        {"text": "Alpha beta."},
    ]  # fmt: skip
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    tsv = tmp_path / "b.tsv"
    tsv.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=webanno.custom.Claim|value\n"
        "#T_RL=webanno.custom.Dep|value|BT_webanno.custom.Claim\n"
        "\n\n#Text=One two .\n"
        "1-1\t0-3\tOne\tC[1]\t_\t_\t\n"
        "1-2\t4-7\ttwo\t_\tnsubj\t1-3\t\n"
        "1-3\t8-8\t.\tZ\t_\t_\t\n",
        encoding="utf-8",
    )
    studio = tmp_path / "c.json"
    studio.write_text(
        json.dumps(
            [{"id": 7, "data": {"text": "Epsilon zeta."}, "annotations": [],
              "predictions": [{"result": [{"type": "labels", "value": {
                  "start": 0, "end": 7, "text": "Epsilon", "labels": ["ORG"]}}]}]}]
        ),
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = run(
        "--project", str(tmp_path / "p.db"), "import", str(jsonl), str(tsv), str(studio)
    )
    assert code == 0, err
    lines = out.splitlines()
    assert f"{jsonl}:1: span 2 0-5 ORG is there twice: stored once" in lines
    assert f"{jsonl}:2: relation SAME from a span to itself: not stored" in lines
    assert f"{jsonl}:3: skipped, the same text is already in the project" in lines
    assert f"{tsv}:9: zero-width Z annotation at 8: not stored" in lines
    assert any(
        line.startswith(f"{tsv}:8: nsubj relation 1-3 → 1-2 joins no Claim") for line in lines
    )
    assert f"{studio}: task 1: 1 predictions (a model's): not imported" in lines
    assert "5 items not stored as the files gave them" in lines
