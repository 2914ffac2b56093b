"""An HTML page's own metadata: `<meta>` tags, Open Graph, JSON-LD, `<html lang>`, the canonical link.

News sites say who published a page, when, and by whom in the page head, for search engines and
social sites. Read here as data (lxml, no network, no script run); JSON-LD wins over Open Graph,
which wins over plain `<meta>` names, because that is the order of how carefully sites fill them.
"""

from __future__ import annotations

import json
from typing import Any

# <meta name|property=KEY content=…> → our field.
_META_KEYS: dict[str, str] = {
    "og:site_name": "outlet",
    "application-name": "outlet",
    "publisher": "outlet",
    "article:published_time": "published",
    "og:published_time": "published",
    "datepublished": "published",
    "pubdate": "published",
    "publish-date": "published",
    "date": "published",
    "dc.date": "published",
    "dc.date.issued": "published",
    "og:url": "url",
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
    "byl": "author",
    "og:locale": "language",
    "language": "language",
    "content-language": "language",
    "dc.language": "language",
}
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "webpage"}


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def _json_ld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for entry in data for item in _json_ld_items(entry)]
    if isinstance(data, dict):
        if "@graph" in data:
            return _json_ld_items(data["@graph"])
        return [data]
    return []


def _from_json_ld(text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    for item in _json_ld_items(data):
        kind = item.get("@type")
        kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
        if not kinds & _ARTICLE_TYPES:
            continue
        page = item.get("mainEntityOfPage")
        found = {
            "outlet": _name(item.get("publisher")),
            "published": _name(item.get("datePublished")),
            "url": _name(item.get("url"))
            or (_name(page.get("@id")) if isinstance(page, dict) else None),
            "author": _name(item.get("author")),
            "language": _name(item.get("inLanguage")),
        }
        return {k: v for k, v in found.items() if v}
    return {}


def page_metadata(markup: str) -> dict[str, str]:
    """outlet, published, url, author and language as far as the page's head says them."""
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True)
    try:
        root = lxml.html.fromstring(markup.encode("utf-8", "surrogatepass"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return {}
    found: dict[str, str] = {}
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang and lang.strip():
        found["language"] = lang.strip()
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("http-equiv") or ""
        field = _META_KEYS.get(key.strip().lower())
        content = (element.get("content") or "").strip()
        if field and content and (field not in found or key.lower().startswith("og:")):
            found[field] = content
    for link in root.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            found.setdefault("url", link.get("href", "").strip())
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            found.update(_from_json_ld(script.text))
    return found
