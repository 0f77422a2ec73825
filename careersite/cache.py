"""The one cache layer: what careersite caches, under which key, and what expires it.

Everything rendered or derived lives in the "pages" cache alias, whose KEY_PREFIX is the
release (careersite/release.py: a digest of the code and templates, or $RELEASE). A deploy
therefore never serves the previous release's output: its keys are simply never asked for
again, and the time limits below return their space. The "default" alias holds what must
outlive a deploy: the login-throttle counters and, with Redis, copies of the sessions
(careersite/sessions.py: the database keeps the sessions, a copy lasts ten minutes at most);
nothing in this module uses it. `CACHE_URL=dummy://` turns both off, and every page still
works, only slower.

Who may see something is always decided from the database before a cache is read: a cached
entry never answers "is this yours?".

What is cached, its key after the release prefix, and what makes the key change:
- A submitted result's rendered report (assessments/report.py), per kind of viewer:
  `report:<result>:<viewer>`, built from `<updated_at>:<newest result for the role>` under
  <catalog>. The result changes only when a counselor records validated levels (which bumps
  updated_at); a newer result changes the history an older one shows; the catalog gives the
  path's courses and other roles' fit. Kept 1 h; deleted with the learner's account
  (accounts/deletion.py), since it holds their evidence.
- A new assessment form's skill fieldsets (assessments/views/learner.py):
  `form-sections:<role>:<result prefilled from, or blank>:<catalog>`. Kept 1 h.
- A caseload table page (counseling/caseload.py), for the table's own links only (free-text
  searches are rendered each time):
  `caseload-page:<counselor>:<date>:<caseload>:<catalog>:<query>` (the unfiltered row count
  is not cached: CaseloadSize keeps it); a "Needs attention" page (views/attention.py)
  `attention-page:<counselor>:<date>:<caseload>:<catalog>:<query>`. The date is today's:
  what is overdue or quiet changes at midnight (counseling/triage.py). Kept 10 min.
- Cohort figures (counseling/cohort.py): `cohort:<counselor>:<caseload members>:<role>`.
  Kept 5 min, and the page says so.

The time limits only return the space of keys no longer asked for, except the cohort's.

Two stamps stand for what is too wide to put in a key row by row:
- <catalog>: `catalog_version()` in roles/catalog_version.py, renewed when any catalog row is
  saved or deleted (admin, load_catalog).
- <caseload>: `version_key(counselor)` in counseling/caseload_store.py, renewed by the
  caseload refresh whenever one of the counselor's rows changes.

Not cached at all, because they change often and are cheap: the learner's follow-up
(counselors, action items, feedback), the counselor's notes and action items, every form's
CSRF token, and anything that says who may see what.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache that is down or hung (past its socket timeout) raises: redis-py wraps socket
# errors in its own. A database cache's errors are the database's, which no page survives.
CACHE_ERRORS = (RedisError,)


# What a NeverFatal call gives back when the cache failed.
FAILED = object()


class NeverFatal:
    """A cache alias, looked up on use (so tests' settings overrides apply), whose failures
    are warnings: a failed read is a miss, a failed write is skipped. For what the database
    can always give again: the "pages" below, and the sessions' copies (careersite/sessions.py).
    While the cache fails, a change committed meanwhile reaches the pages cached before the
    outage when they expire (at most an hour)."""

    def __init__(self, alias):
        self.alias = alias

    def call(self, name, *args):
        """Run one cache method; FAILED, logged, if the cache failed."""
        try:
            return getattr(caches[self.alias], name)(*args)
        except CACHE_ERRORS as error:
            logger.warning("cache unavailable, %s skipped: %s", name, error)
            return FAILED

    def _call(self, name, fallback, *args):
        found = self.call(name, *args)
        return fallback if found is FAILED else found

    def get(self, key, default=None):
        return self._call("get", default, key, default)

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def set(self, key, value, timeout):
        self._call("set", None, key, value, timeout)

    def add(self, key, value, timeout):
        return self._call("add", False, key, value, timeout)

    def set_many(self, mapping, timeout):
        self._call("set_many", None, mapping, timeout)

    def delete_many(self, keys):
        self._call("delete_many", None, keys)

    def get_or_set(self, key, build, timeout):
        found = self.get(key)
        if found is None:
            found = build()
            self.set(key, found, timeout)
        return found


pages = NeverFatal("pages")


def get_or_build(key, build, timeout, *, stamps=(), version=""):
    """The value cached under `key` if it was built from `version` (what the caller read from
    the database) under the current `stamps` (keys of stamps), else `build()`, cached with
    them. Entry and stamps come in one cache read.
    """
    found = pages.get_many([key, *stamps])
    # Read before building: a change committed meanwhile renews a stamp, and this entry,
    # stored under the older one, is rebuilt on the next read.
    current = [version, *(found.get(stamp) or current_stamp(stamp) for stamp in stamps)]
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = build()
    pages.set(key, (current, value), timeout)
    return value


def current_stamp(key, timeout=None):
    """The stamp under `key`, made if the cache has none."""
    stamp = pages.get(key)
    if stamp is None:
        pages.add(key, uuid.uuid4().hex, timeout)  # if two workers race, one stamp wins
        stamp = pages.get(key)
    # A cache that stores nothing gives a new stamp each time: nothing derived is reused.
    return stamp or uuid.uuid4().hex


def renew_stamps(keys, timeout=None, *, at_once=True):
    """New stamps for `keys` once the current transaction commits, and at once too unless
    `at_once` is false.

    The renewal on commit is the one that counts: something derived from the rows as they
    were before the commit, and stored under a stamp taken in between, must not stay current.
    """
    keys = list(keys)
    if not keys:
        return

    def renew():
        pages.set_many({key: uuid.uuid4().hex for key in keys}, timeout)

    if at_once:
        renew()
    transaction.on_commit(renew, robust=True)
