"""Sessions kept in the database and read through Redis, when Redis is the shared cache.

Every page a signed-in person opens starts by reading their session; with Redis that read
costs a tenth of the database query it replaces (SESSION_ENGINE in settings.py; with the
database cache it would only trade one query for another, so there the plain database engine
stays). The database keeps every session: the cache holds copies.

It works as Django's cached_db engine does (under the same keys), except where a copy could
outlive what it copies:
- A cache that fails is a miss, never an error. Django's engine lets some cache errors through
  (the copy written after a miss, the one deleted at logout), and while Redis is down each
  would make a page a 503.
- An ended session (logout, account deletion) leaves ENDED under its key, and a copy made
  after a miss is only added where nothing is: a request that read the session just before
  the logout cannot bring it back, and one that read it before a change cannot undo it.
- A copy is kept for at most COPY_SECONDS. That bounds what an outage can leave behind: a copy
  that a logout could not end, or a change could not replace, while Redis was unreachable, and
  that Redis would otherwise serve again when it comes back.
"""

import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.backends import cached_db, db
from django.contrib.sessions.models import Session
from django.core.cache import caches

from .cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

COPY_SECONDS = 10 * 60
ENDED = "ended"  # what an ended session's key holds instead of a copy, for COPY_SECONDS


class SessionStore(db.SessionStore):
    cache_key_prefix = cached_db.KEY_PREFIX

    def __init__(self, session_key=None):
        self._cache = caches[settings.SESSION_CACHE_ALIAS]
        super().__init__(session_key)

    @property
    def cache_key(self):
        return self.cache_key_prefix + self._get_or_create_session_key()

    def load(self):
        try:
            copy = self._cache.get(self.cache_key)
        except CACHE_ERRORS as error:
            logger.warning("cache unavailable, session read from the database: %s", error)
            return self._decoded(self._get_session_from_db())
        if isinstance(copy, dict):
            return copy
        found = self._get_session_from_db()
        data = self._decoded(found)
        if found and copy is None:
            age = self.get_expiry_age(expiry=found.expire_date)
            self._cached("add", self.cache_key, data, min(age, COPY_SECONDS))
        return data

    def _decoded(self, found):
        return self.decode(found.session_data) if found else {}

    def exists(self, session_key):
        try:
            if session_key and self.cache_key_prefix + session_key in self._cache:
                return True  # a live copy, or an ended session: either way, not a free key
        except CACHE_ERRORS as error:
            logger.warning("cache unavailable, session looked up in the database: %s", error)
        return super().exists(session_key)

    def save(self, must_create=False):
        super().save(must_create)
        age = min(self.get_expiry_age(), COPY_SECONDS)
        if not self._cached("set", self.cache_key, self._session, age):
            # The copy from before this change would otherwise be served for its remaining time.
            self._cached("delete", self.cache_key)

    def delete(self, session_key=None):
        if session_key is None:
            session_key = self.session_key
        super().delete(session_key)
        if session_key is not None:
            _mark_ended(self._cache, [session_key])

    def _cached(self, operation, *args):
        """Run a cache operation; False if the cache failed (logged), else True."""
        try:
            getattr(self._cache, operation)(*args)
        except CACHE_ERRORS as error:
            logger.warning("cache unavailable, session copy skipped (%s): %s", operation, error)
            return False
        return True

    # The async side goes through the same code, so no caller can skip the copies.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)


def end_sessions(session_keys):
    """End these sessions (rows and, with this engine, copies) in one statement and one cache
    call: what ending a person's sessions on every device does."""
    Session.objects.filter(pk__in=session_keys).delete()
    if settings.SESSION_ENGINE == __name__:
        _mark_ended(caches[settings.SESSION_CACHE_ALIAS], session_keys)


def _mark_ended(cache, session_keys):
    ended = {SessionStore.cache_key_prefix + key: ENDED for key in session_keys}
    try:
        cache.set_many(ended, COPY_SECONDS)
    except CACHE_ERRORS as error:
        logger.warning(
            "cache unavailable, ended sessions' copies may last %s s: %s", COPY_SECONDS, error
        )
