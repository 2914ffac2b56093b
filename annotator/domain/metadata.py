"""An article's metadata: outlet, date, URL, author and language, read from whatever a file calls them.

Every format names these differently (JSONL `meta.source`, a CSV column `publisher`, Open Graph
`og:site_name`, JSON-LD `datePublished`, a sidecar table's `publication_date`). They are found here,
once, by their many names, so that every reader only has to keep the file's own fields in `meta`
and the store fills its sortable columns from one function. The outlet is the URL's domain when the
file names no outlet: analysts compare outlets, and a URL always says which site published it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

# The names each field goes by, in the order they are preferred (compared in lower case).
ALIASES: dict[str, tuple[str, ...]] = {
    "outlet": (
        "outlet",
        "publisher",
        "source",
        "site",
        "site_name",
        "sitename",
        "og:site_name",
        "media",
        "newspaper",
    ),
    "published": (
        "published",
        "publication_date",
        "date",
        "published_at",
        "date_published",
        "datepublished",
        "article:published_time",
        "pubdate",
        "publish_date",
        "dc.date",
    ),
    "url": ("url", "link", "og:url", "canonical", "source_url", "uri"),
    "author": ("author", "authors", "byline", "article:author", "creator", "dc.creator"),
    "language": ("language", "lang", "inlanguage", "og:locale", "dc.language", "locale"),
}

#: Every name of every field: an article's `meta` naming none of them has no metadata (the
#: common case of a large import, found without looking each name up).
_ANY_ALIAS = frozenset(alias for aliases in ALIASES.values() for alias in aliases)

# Values tables use for "nothing here" (PolNeAR writes None).
_EMPTY = {"", "none", "null", "nan", "n/a", "na", "-"}


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """The metadata the corpus browser shows, sorts and searches by; None where unknown."""

    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ArticleMetadata))
_NONE = ArticleMetadata()


def _text(value: Any) -> str | None:
    """A field's value as one line of text: names of a JSON-LD person, lists joined."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Mapping):
        return _text(value.get("name") or value.get("@value"))
    if isinstance(value, list | tuple):
        parts = [t for t in (_text(v) for v in value) if t]
        return ", ".join(dict.fromkeys(parts)) or None
    text = " ".join(str(value).split())
    return None if text.lower() in _EMPTY else text


def _lowered(meta: Mapping[str, Any]) -> dict[str, Any]:
    lowered: dict[str, Any] = {}
    for key, value in meta.items():
        if isinstance(key, str):
            lowered.setdefault(key.strip().lower(), value)
    return lowered


def normalise_date(value: str) -> str:
    """An ISO date (or date and time) when the value is one in any common spelling; else as given.

    ISO strings sort in time order, which is what the browser's date column is for.
    """
    text = value.strip()
    candidate = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        for pattern in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y"):
            try:
                return datetime.strptime(text, pattern).date().isoformat()
            except ValueError:
                continue
        return text
    if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) and len(text) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


def outlet_from_url(url: str | None) -> str | None:
    """The site a URL belongs to, as analysts name outlets: `https://www.rt.com/news/…` → `rt.com`."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
            break
    return host


def article_metadata(meta: Mapping[str, Any]) -> ArticleMetadata:
    """The outlet, date, URL, author and language an article's `meta` holds, by any of their names."""
    lowered = _lowered(meta)
    if lowered.keys().isdisjoint(_ANY_ALIAS):
        return _NONE
    found: dict[str, str | None] = {}
    for name, aliases in ALIASES.items():
        value = None
        for alias in aliases:
            if alias in lowered:
                value = _text(lowered[alias])
                if value:
                    break
        found[name] = value
    if found["published"]:
        found["published"] = normalise_date(found["published"])
    if not found["outlet"]:
        found["outlet"] = outlet_from_url(found["url"])
    return ArticleMetadata(**found)


def with_metadata(meta: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """`meta` with `extra`'s non-empty values on top (a sidecar table's row joined to a file).

    A field the row gives under another alias (`publisher` for `outlet`) replaces the file's, so that
    the table the analyst chose wins over what the file said.
    """
    merged = dict(meta)
    given = {k: v for k, v in extra.items() if _text(v) is not None}
    for aliases in ALIASES.values():
        if any(key.strip().lower() in aliases for key in given):
            for key in list(merged):
                if key.strip().lower() in aliases:
                    del merged[key]
    merged.update(given)
    return merged


@dataclass(frozen=True, slots=True)
class ArticleProperties:
    """What an analyst edits in Article ▸ Properties: the title and the metadata columns."""

    title: str
    metadata: ArticleMetadata

    @classmethod
    def of_row(cls, row: Any) -> ArticleProperties:
        return cls(
            row.title,
            ArticleMetadata(**{name: getattr(row, name) for name in FIELDS}),
        )

    def checked(self) -> ArticleProperties:
        """The properties as stored: one line each, empty fields as unknown, dates in ISO form."""
        values = {name: _text(value) for name, value in self.metadata.as_dict().items()}
        if values["published"]:
            values["published"] = normalise_date(values["published"])
        if not values["outlet"]:
            values["outlet"] = outlet_from_url(values["url"])
        return ArticleProperties(" ".join(self.title.split()), ArticleMetadata(**values))
