"""HTML articles: the main text and title, without navigation, footers, scripts or styles.

The page is data. trafilatura extracts from the string we hand it, so nothing is fetched (no image,
stylesheet or frame) and no script runs; entities are decoded (`&lt;b&gt;` is the text `<b>`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument, Provenance
from annotator.formats.common import DEFAULT_OPTIONS, ReadOptions, located, title_of
from annotator.formats.decoding import normalise_newlines, read_text
from annotator.formats.html_meta import page_metadata

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")


def extract(markup: str) -> tuple[str, str]:
    """(title, main text) of a page; the text is empty when the page holds none."""
    import trafilatura

    document = trafilatura.bare_extraction(
        markup,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        with_metadata=True,
        output_format="python",
    )
    title, text = "", ""
    if document is not None:
        title = (getattr(document, "title", None) or "").strip()
        text = getattr(document, "text", None) or ""
    if not text.strip():
        title, text = _fallback(markup, title)
    return title, normalise_newlines(text).strip()


def _fallback(markup: str, title: str) -> tuple[str, str]:
    """The visible text of a page too small for trafilatura's heuristics."""
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True)
    root = lxml.html.fromstring(markup.encode("utf-8"), parser=parser)
    for element in root.xpath("//script|//style|//nav|//footer|//header|//noscript|//template"):
        element.drop_tree()
    if not title:
        found = root.xpath("//title/text()|//h1//text()")
        title = " ".join(str(found[0]).split()) if found else ""
    body = root.find("body")
    blocks = [" ".join(t.split()) for t in (body if body is not None else root).itertext()]
    return title, "\n".join(b for b in blocks if b)


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    from lxml.etree import LxmlError  # here, not at the top: `annotator export` starts without it

    try:
        markup = read_text(path)
        title, text = extract(markup)
    except AnnotatorError as error:
        yield located(error, path)
        return
    except (ValueError, LxmlError) as error:
        # lxml refuses some pages outright ("Document is empty" for a bare XML declaration).
        yield Problem(str(path), None, f"unreadable HTML: {error}")
        return
    if not text:
        yield Problem(str(path), None, "no article text found in the page")
        return
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    yield DraftDocument(
        text=text,
        title=title or title_of(text),
        meta={"file": path.name, **page_metadata(markup)},
        provenance=Provenance(path=str(path), line=1, format=NAME),
    )
