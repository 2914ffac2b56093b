"""`annotator graph`, `annotator report` and `annotator export --format claims` on the seeds' story."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.domain.metadata import ArticleMetadata, ArticleProperties

DOCS = Path(__file__).resolve().parents[2] / "docs"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo(tmp_path: Path) -> str:
    sys.path.insert(0, str(DOCS))
    try:
        from demo_project import build
    finally:
        sys.path.remove(str(DOCS))
    path = tmp_path / "demo.db"
    service = build(path)
    for document_id, outlet, day in zip(
        service.document_ids(), ("RT", "Sputnik"), ("2015-12-23", "2016-09-03"), strict=True
    ):
        title = service.article_properties(document_id).title
        service.set_article_properties(
            document_id, ArticleProperties(title, ArticleMetadata(outlet=outlet, published=day))
        )
    service.close()
    code, _out, err = run(
        "--project", str(path), "stories", "new", "Lavrov-Kerry", "--articles", "1,2"
    )
    assert code == 0, err
    return str(path)


def test_graph_files_open_in_networkx(demo: str, tmp_path: Path) -> None:
    for suffix, read in ((".graphml", nx.read_graphml), (".gexf", nx.read_gexf)):
        out = tmp_path / f"g{suffix}"
        code, stdout, err = run(
            "--project", demo, "graph", "--story", "lavrov-kerry", "-o", str(out)
        )
        assert code == 0, err
        assert "8 nodes, 7 edges" in stdout
        graph = read(out)
        labels = {data["label"]: data["kind"] for _n, data in graph.nodes(data=True)}
        assert labels["RT"] == "outlet" and labels["Sputnik"] in ("outlet", "relayer")
        assert labels["Lavrov"] == "source" and labels["Sergei Ryabkov"] == "source"
        assert labels["RT website"] == "relayer"
        kinds = {data["kind"] for _a, _b, data in graph.edges(data=True)}
        assert kinds == {"PUBLISHED", "REPORTED_BY", "SAID_BY", "SAME_CLAIM"}
    svg = tmp_path / "g.svg"
    assert run("--project", demo, "graph", "--story", "Lavrov-Kerry", "-o", str(svg))[0] == 0
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "Sergei Ryabkov" in text and "#d62828" in text
    png = tmp_path / "g.png"
    assert run("--project", demo, "graph", "--story", "Lavrov-Kerry", "-o", str(png))[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


class _Remote(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            linking = name in ("src", "href", "xlink:href", "action", "data")
            if linking and value and not value.startswith("#"):
                self.remote.append(value)
            if name == "style" and value and "url(" in value and "url(#" not in value:
                self.remote.append(value)


def test_report_is_self_contained(demo: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _stdout, err = run("--project", demo, "report", "--story", "Lavrov-Kerry", "-o", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    parser = _Remote()
    parser.feed(html)
    assert parser.remote == []
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert "@import" not in html
    assert re.findall(r"url\(([^)]*)\)", html) and all(
        target.startswith("#") for target in re.findall(r"url\(([^)]*)\)", html)
    )  # only the arrowheads defined in the page itself
    assert parser.tags.count("svg") == 2  # the graph and the timeline
    assert "said by: Lavrov\nvia: RT website" in html
    assert "said by: Sergei Ryabkov\nvia: Sputnik" in html
    assert 'class="differs"' in html


def test_claims_export_one_cluster_a_line(demo: str, tmp_path: Path) -> None:
    out = tmp_path / "claims.jsonl"
    code, _stdout, err = run("--project", demo, "export", "--format", "claims", "-o", str(out))
    assert code == 0, err
    (cluster,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert cluster["size"] == 2 and cluster["outlets"] == ["RT", "Sputnik"]
    first, second = cluster["claims"]
    assert first["outlet"] == "RT" and first["text"].startswith("The US Secretary of State")
    assert first["text"] in first["sentence"]
    assert second["outlet"] == "Sputnik" and second["published"] == "2016-09-03"


def test_bad_story_or_file_name_is_one_error_line(demo: str, tmp_path: Path) -> None:
    code, _out, err = run(
        "--project", demo, "graph", "--story", "Nope", "-o", str(tmp_path / "g.svg")
    )
    assert code == 1 and err.startswith("annotator: error: no story named 'Nope'")
    code, _out, err = run(
        "--project", demo, "graph", "--story", "Lavrov-Kerry", "-o", str(tmp_path / "g.doc")
    )
    assert code == 1
    assert err.strip() == (
        f"annotator: error: {tmp_path / 'g.doc'}: cannot tell the format from the name:"
        " use .graphml, .gexf, .svg, .png"
    )
