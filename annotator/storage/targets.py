"""What `--project` names: a project file, or a project on a PostgreSQL server.

`postgresql://USER@HOST:PORT/DB` (any libpq connection URI, `postgres://` too) or `pg:SERVICE`
(a libpq service name from `pg_service.conf`) name a server project; anything else is a file.
Passwords belong in libpq's own places (`PGPASSWORD`, `~/.pgpass`, the service file): a target
is only ever shown through `describe`, which leaves any password out.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_SCHEMES = ("postgresql://", "postgres://")


def is_server_target(target: object) -> bool:
    return isinstance(target, str) and (target.startswith(_SCHEMES) or target.startswith("pg:"))


def conninfo(target: str) -> str:
    """What libpq is given: the URI as it is (`sslmode` and all), or `service=NAME`."""
    if target.startswith("pg:"):
        return f"service={target[3:]}"
    return target


def describe(target: str) -> str:
    """The target as messages and titles show it: no password, no query parameters."""
    if target.startswith("pg:"):
        return target
    try:
        parts = urlsplit(target)
        user = f"{parts.username}@" if parts.username else ""
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "postgresql://(a server)"
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


class ServerLocation(str):
    """A server project as messages show it (`describe`d), where a file's `Path` would be."""

    @property
    def name(self) -> str:
        return self.rstrip("/").rsplit("/", 1)[-1] or str(self)

    @property
    def stem(self) -> str:
        return self.name
