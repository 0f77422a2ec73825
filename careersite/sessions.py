"""Sessions kept in the database and read through Redis, when Redis is the shared cache.

Every page a signed-in person opens starts by reading their session; with Redis that read
costs a tenth of the database query it replaces (SESSION_ENGINE in settings.py; with the
database cache it would only trade one query for another, so there the plain database engine
stays). The database keeps every session: the cache holds copies.

It works as Django's cached_db engine does (under the same keys), with one difference: a cache
that fails is a miss, never an error. Django's engine lets some cache errors through (the
copy written after a miss, the one deleted at logout), and while Redis is down each would make
a page a 503.

A copy is kept for at most COPY_SECONDS. That bounds what an outage can leave behind: a copy
that a logout (or an account deletion) could not delete, or a change could not replace, while
Redis was unreachable, and that Redis would otherwise serve again when it comes back.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db, db
from django.core.cache import caches

from .cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

COPY_SECONDS = 10 * 60


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
            data = self._cache.get(self.cache_key)
        except CACHE_ERRORS as error:
            logger.warning("cache unavailable, session read from the database: %s", error)
            return self._decoded(self._get_session_from_db())
        if data is None:
            found = self._get_session_from_db()
            data = self._decoded(found)
            if found:
                self._keep_copy(data, self.get_expiry_age(expiry=found.expire_date))
        return data

    def _decoded(self, found):
        return self.decode(found.session_data) if found else {}

    def exists(self, session_key):
        try:
            if session_key and self.cache_key_prefix + session_key in self._cache:
                return True
        except CACHE_ERRORS as error:
            logger.warning("cache unavailable, session looked up in the database: %s", error)
        return super().exists(session_key)

    def save(self, must_create=False):
        super().save(must_create)
        self._keep_copy(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        super().delete(session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except CACHE_ERRORS as error:
            logger.warning(
                "cache unavailable, a deleted session's copy may last %s s: %s",
                COPY_SECONDS,
                error,
            )

    def _keep_copy(self, data, expiry_age):
        try:
            self._cache.set(self.cache_key, data, min(expiry_age, COPY_SECONDS))
        except CACHE_ERRORS as error:
            logger.warning("cache unavailable, session copy skipped: %s", error)
