"""What one run measures: a database and a cache from the environment, in a warm and a cold pass.

    (nothing set)                                   SQLite, the app's default cache (the database)
    DATABASE_URL=postgres://… CACHE_URL=redis://…/N PostgreSQL with Redis database N

Every scale is seeded once and measured twice over the same data: the warm pass with that cache,
the cold pass with CACHE_URL=dummy:// (every cache off). Each configuration has its own block in
docs/performance.md, named by `Configuration.key`, so a SQLite run and a PostgreSQL run each
rewrite only their own.
"""

import os
import urllib.parse
from dataclasses import dataclass

from common import BenchError

COLD_CACHE_URL = "dummy://"
PASS_NAMES = ("warm", "cold")
CACHE_NAMES = {"db": "database cache", "redis": "Redis", "rediss": "Redis",
               "locmem": "per-process memory cache"}


@dataclass(frozen=True)
class Pass:
    """One pass over the pages: its name and the CACHE_URL the app gets ("" = the default)."""

    name: str
    cache_url: str

    @property
    def description(self):
        if self.cache_url == COLD_CACHE_URL:
            return f"CACHE_URL={COLD_CACHE_URL}: every cache off"
        if not self.cache_url:
            return "CACHE_URL unset: the app's default, the database cache"
        return f"CACHE_URL={redacted(self.cache_url)}"


@dataclass(frozen=True)
class Configuration:
    """The database and the warm pass's cache of a run, as the environment gives them."""

    database_url: str  # "" for SQLite (a scratch file per scale)
    cache_url: str  # "" for the app's default, the database cache

    @property
    def database(self):
        return "postgresql" if self.database_url else "sqlite"

    @property
    def cache_scheme(self):
        return urllib.parse.urlsplit(self.cache_url).scheme if self.cache_url else ""

    @property
    def key(self):
        """The name of this configuration's block: sqlite, postgresql-redis, …

        The app's default cache (db://) adds nothing to the name.
        """
        cache = {"db": "", "rediss": "redis"}.get(self.cache_scheme, self.cache_scheme)
        return "-".join(filter(None, (self.database, cache)))

    @property
    def title(self):
        database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[self.database]
        cache = CACHE_NAMES.get(self.cache_scheme or "db", self.cache_scheme)
        return f"{database}, {cache}"

    def passes(self, names=PASS_NAMES):
        every = {"warm": Pass("warm", self.cache_url), "cold": Pass("cold", COLD_CACHE_URL)}
        return [every[name] for name in names]

    def environment(self):
        """The variables that select this configuration, as a shell would set them."""
        pairs = (("DATABASE_URL", self.database_url), ("CACHE_URL", self.cache_url))
        return " ".join(f"{name}={redacted(value)}" for name, value in pairs if value)


def from_environment():
    """The configuration DATABASE_URL and CACHE_URL select; BenchError if the bench can't run it.

    A Redis URL must name its database (redis://host:port/N): the bench empties it before
    each scale, as it does its scratch SQL databases, so that no entry of one scale's data
    is served against the next one's.
    """
    database_url = os.environ.get("DATABASE_URL", "")
    cache_url = os.environ.get("CACHE_URL", "")
    if database_url and not database_url.startswith(("postgres://", "postgresql://")):
        raise BenchError("DATABASE_URL: the bench supports SQLite (unset) or PostgreSQL only")
    scheme = urllib.parse.urlsplit(cache_url).scheme
    if cache_url == COLD_CACHE_URL or scheme == "dummy":
        raise BenchError(f"CACHE_URL={cache_url}: the cold pass always runs with "
                         f"{COLD_CACHE_URL}; give the cache of the warm pass (or none)")
    if scheme in {"redis", "rediss"} and not redis_database(cache_url):
        raise BenchError(f"CACHE_URL={redacted(cache_url)}: name the Redis database the bench "
                         "may empty before each scale, e.g. redis://127.0.0.1:6379/1")
    return Configuration(database_url, cache_url)


def redis_database(url):
    """The database number a redis:// URL names in its path, or None."""
    number = urllib.parse.urlsplit(url).path.strip("/")
    return int(number) if number.isdigit() else None


def redacted(url):
    """A URL without its password, fit to print."""
    parts = urllib.parse.urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
