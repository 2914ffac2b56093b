"""Files we write: every reader on hard text, every bad input refused precisely, nothing stored."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from annotator.domain.errors import InputRefused
from tests.pg import table_rows

HARD = "Emoji 😊 and 𝒜stral, cafe\u0301 combining, NBSP\u00a0here, RTL שלום עליכם, end."


def dump(service) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    return table_rows(service.store)


def span_texts(service, document_id: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    text = service.document(document_id).text
    return [(s.label, text[s.start : s.end]) for s in service.spans(document_id)]


def refused(service, path: Path, **options) -> list[tuple[int | None, str]]:  # type: ignore[no-untyped-def]
    before = dump(service)
    with pytest.raises(InputRefused) as error:
        service.import_paths([path], **options)
    assert dump(service) == before
    return [(p.line, p.message) for p in error.value.problems]


# -- text and encodings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Title\r\nBody line\r\n", "Title\nBody line\n"),
        (b"Title\rBody\r", "Title\nBody\n"),
        (b"\xef\xbb\xbf" + HARD.encode(), HARD),
        (HARD.encode("utf-16"), HARD),
        (
            "Новости дня\nМинистр иностранных дел России заявил сегодня о переговорах.\n".encode(
                "cp1251"
            ),
            "Новости дня\nМинистр иностранных дел России заявил сегодня о переговорах.\n",
        ),
        (
            "Le café à Genève\nLe ministre a déclaré mercredi que les négociations avec"
            " l'opposition continueraient à Genève, malgré les critiques répétées des élus"
            " français.\n".encode("latin-1"),
            "Le café à Genève\nLe ministre a déclaré mercredi que les négociations avec"
            " l'opposition continueraient à Genève, malgré les critiques répétées des élus"
            " français.\n",
        ),
    ],
    ids=["crlf", "cr", "utf8-bom", "utf16-bom", "cp1251-no-bom", "latin1"],
)
def test_text_files_in_any_encoding(service, tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    report = service.import_paths([path])
    document = service.document(report.document_ids[0])
    assert document.text == expected
    assert document.title == expected.split("\n", 1)[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file: no text to import"),
        (b"  \r\n\n", "empty file: no text to import"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        (
            "Заголовок\nтекст".encode()[:-1],
            "truncated UTF-8: the file ends in the middle of a character",
        ),
    ],
    ids=["empty", "blank", "binary", "truncated-utf8"],
)
def test_bad_text_files_are_refused(service, tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    problems = refused(service, path)
    assert [m for _line, m in problems] == [message]


def test_unknown_format_is_named(service, tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("just words\n", encoding="utf-8")
    [(_line, message)] = refused(service, path)
    assert message.startswith("unknown format: cannot tell what .xyz holds")


# -- JSONL ---------------------------------------------------------------------------------------


def test_jsonl_offsets_on_hard_text(service, tmp_path: Path) -> None:
    start = HARD.index("𝒜stral")
    rtl = HARD.index("שלום")
    records = [
        {
            "text": HARD,
            "meta": {"source": "wire"},
            "spans": [
                {"start": start, "end": start + 6, "label": "PERSON", "text": "𝒜stral"},
                {"start": rtl, "end": rtl + 4, "label": "GPE"},
            ],
            "relations": [
                {
                    "head_span": {"start": start, "end": start + 6, "label": "PERSON"},
                    "child_span": {"start": rtl, "end": rtl + 4, "label": "GPE"},
                    "label": "LOCATED",
                }
            ],
        },
        {"text": "doccano " + HARD, "label": [[8, 13, "MEDIA"]]},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\r\n", encoding="utf-8"
    )
    report = service.import_paths([path])
    first, second = report.document_ids
    assert span_texts(service, first) == [("PERSON", "𝒜stral"), ("GPE", "שלום")]
    assert [r.label for r in service.relations(first)] == ["LOCATED"]
    assert span_texts(service, second) == [("MEDIA", "Emoji")]
    assert "LOCATED" in report.new_labels
    assert service.schema.get("LOCATED").kind == "relation"


def test_jsonl_lists_every_bad_line_and_stores_nothing(service, tmp_path: Path) -> None:
    lines = [
        '{"text": "good one"}',
        '{"text": "broken"',
        '{"title": "no text"}',
        '{"text": 42}',
        '{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "ORG"}]}',
        '{"text": "abc", "spans": [{"start": 2, "end": 2, "label": "ORG"}]}',
        '{"text": "abc", "spans": [{"start": 0, "end": 1, "label": 7}]}',
        '["not", "an", "object"]',
        '{"text": "good two"}',
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = refused(service, path)
    assert [line for line, _m in problems] == [2, 3, 4, 5, 6, 7, 8]
    messages = dict(problems)
    assert messages[2].startswith("invalid JSON")
    assert messages[3] == 'record has no "text"'
    assert messages[4] == '"text" must be a string, not int'
    assert "outside the text" in messages[5]
    assert "end ≤ start" in messages[6]
    assert messages[7] == "span 1 label must be a string, not 7"


def test_skip_invalid_stores_the_good_records(service, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "first"}\n{"text": 1}\n{"text": "second"}\n', encoding="utf-8")
    report = service.import_paths([path], skip_invalid=True)
    assert len(report.document_ids) == 2
    assert [(p.line, p.message) for p in report.skipped] == [
        (2, '"text" must be a string, not int')
    ]


def test_a_megabyte_line_imports(service, tmp_path: Path) -> None:
    text = "word " * 400_000
    path = tmp_path / "long.jsonl"
    path.write_text(
        json.dumps({"text": text, "spans": [{"start": 0, "end": 4, "label": "CUE"}]}),
        encoding="utf-8",
    )
    report = service.import_paths([path])
    assert len(service.document(report.document_ids[0]).text) == len(text)


def test_binary_jsonl_is_refused(service, tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"\x00\x01\x02garbage\xff\n")
    [(line, message)] = refused(service, path)
    assert line == 1 and message == "binary data, not text"


# -- CSV / TSV -----------------------------------------------------------------------------------


def test_csv_columns_and_metadata(service, tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    path.write_text(
        'headline,body,outlet\r\n"Big, news","Line one\r\nline two 😊",Wire\r\n', encoding="utf-8"
    )
    report = service.import_paths(
        [path], options=_options(text_column="body", title_column="headline")
    )
    document = service.document(report.document_ids[0])
    assert (document.title, document.text) == ("Big, news", "Line one\nline two 😊")
    assert document.meta == {"outlet": "Wire"}
    assert document.provenance.line == 2


def test_tsv_with_a_broken_header_is_refused(service, tmp_path: Path) -> None:
    path = tmp_path / "articles.tsv"
    path.write_text("text\t\ttitle\nbody\tx\tT\n", encoding="utf-8")
    assert refused(service, path) == [(1, "broken header: column 2 has no name")]
    path.write_text("title\tbody\nT\tsome text\n", encoding="utf-8")
    [(line, message)] = refused(service, path)
    assert line == 1 and message.startswith("no 'text' column in the header (columns: title, body)")


def test_tsv_rows_with_the_wrong_field_count_are_each_listed(service, tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text("title\ttext\nA\tgood\nB\nC\tx\ty\n", encoding="utf-8")
    assert [line for line, _m in refused(service, path)] == [3, 4]


def _options(**values: str):  # type: ignore[no-untyped-def]
    from annotator.formats.common import ReadOptions

    return ReadOptions(**values)


# -- HTML ----------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Ignored site title</title>
<link rel="stylesheet" href="http://example.com/style.css">
<script src="http://example.com/tracker.js"></script><script>document.write('x')</script>
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Minister &amp; the talks</h1>
<p>The minister said the &lt;b&gt; tag is text and the talks will continue next week in Geneva.</p>
<p>Officials quoted by the agency said the negotiations had been long and difficult for all.</p>
<img src="http://example.com/photo.jpg"><iframe src="http://example.com/frame"></iframe></article>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def test_html_main_text_without_network(
    service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura  # noqa: F401  (loaded first: its imports may define types over sockets)

    def no_network(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the HTML import tried to use the network")

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            no_network()

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    report = service.import_paths([path])
    document = service.document(report.document_ids[0])
    assert document.title == "Minister & the talks"
    assert "the <b> tag is text" in document.text
    assert "Home" not in document.text and "Copyright" not in document.text
    assert "document.write" not in document.text


# -- brat, CoNLL, WebAnno written by hand --------------------------------------------------------


def test_brat_with_crlf_and_astral_text(service, tmp_path: Path) -> None:
    raw = "Title 😊\r\nLavrov met Kerry in Geneva.\r\n"
    (tmp_path / "doc.txt").write_bytes(raw.encode())
    start = raw.index("Kerry")
    (tmp_path / "doc.ann").write_text(f"T1\tPERSON {start} {start + 5}\tKerry\n", encoding="utf-8")
    report = service.import_paths([tmp_path / "doc.ann"])
    assert span_texts(service, report.document_ids[0]) == [("PERSON", "Kerry")]


def test_brat_span_past_its_text_is_refused(service, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("short text", encoding="utf-8")
    (tmp_path / "doc.ann").write_text(
        "T1\tORG 0 5\tshort\nT2\tORG 4 99\tnothing\n", encoding="utf-8"
    )
    [(line, message)] = refused(service, tmp_path / "doc.txt")
    assert line == 2 and "outside the text" in message


def test_conll_on_hard_tokens(service, tmp_path: Path) -> None:
    path = tmp_path / "hard.conll"
    path.write_text(
        "-DOCSTART- -X- O O\n\nשלום O\n𝒜stral B-PER\ncafe\u0301 I-PER\n😊 O\n", encoding="utf-8"
    )
    report = service.import_paths([path])
    assert span_texts(service, report.document_ids[0]) == [("PER", "𝒜stral cafe\u0301")]


def test_conll_bad_tag_is_refused_with_its_line(service, tmp_path: Path) -> None:
    path = tmp_path / "bad.iob"
    path.write_text("Paris B-LOC\nis X-BAD\n", encoding="utf-8")
    assert refused(service, path) == [(2, "'X-BAD' is not an IOB tag (O, B-X, I-X, …)")]


def test_webanno_astral_offsets(service, tmp_path: Path) -> None:
    path = tmp_path / "doc.tsv"
    path.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value"
        "\n\n\n#Text=😊 𝒜stral Ltd\n1-1\t0-2\t😊\t_\t\n1-2\t3-10\t𝒜stral\tORG[1]\t\n"
        "1-3\t11-14\tLtd\tORG[1]\t\n",
        encoding="utf-8",
    )
    report = service.import_paths([path])
    assert span_texts(service, report.document_ids[0]) == [("ORG", "𝒜stral Ltd")]


# -- duplicates and provenance -------------------------------------------------------------------


def test_duplicates_are_skipped_by_file_name_unless_allowed(service, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same article\ntext", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same article\ntext", encoding="utf-8")
    report = service.import_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(report.document_ids) == 1
    assert report.duplicates == [str(tmp_path / "b.txt")]
    report = service.import_paths([tmp_path / "b.txt"], allow_duplicates=True)
    assert len(report.document_ids) == 1 and service.document_count() == 2


def test_provenance_is_recorded(service, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('\n{"text": "An article"}\n', encoding="utf-8")
    report = service.import_paths([path])
    document = service.document(report.document_ids[0])
    assert (document.provenance.path, document.provenance.line, document.provenance.format) == (
        str(path),
        2,
        "jsonl",
    )
    assert document.provenance.imported_at
    row = service.store.conn.execute(
        "SELECT content_hash FROM documents WHERE id = ?", [document.id]
    ).fetchone()
    assert row[0] == document.content_hash
