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

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.backends import cached_db, db
from django.contrib.sessions.models import Session

from .cache import FAILED, NeverFatal

COPY_SECONDS = 10 * 60
ENDED = "ended"  # what an ended session's key holds instead of a copy, for COPY_SECONDS


class SessionStore(db.SessionStore):
    cache_key_prefix = cached_db.KEY_PREFIX

    def __init__(self, session_key=None):
        self._copies = NeverFatal(settings.SESSION_CACHE_ALIAS)
        super().__init__(session_key)

    @property
    def cache_key(self):
        return self.cache_key_prefix + self._get_or_create_session_key()

    def load(self):
        copy = self._copies.call("get", self.cache_key)
        if isinstance(copy, dict):
            return copy
        found = self._get_session_from_db()
        data = self.decode(found.session_data) if found else {}
        if found and copy is None:  # a miss: not an ended session, nor a cache that failed
            age = self.get_expiry_age(expiry=found.expire_date)
            self._copies.call("add", self.cache_key, data, min(age, COPY_SECONDS))
        return data

    def exists(self, session_key):
        key = self.cache_key_prefix + session_key if session_key else None
        if key and self._copies.call("has_key", key) is True:  # not False, nor FAILED
            return True  # a live copy, or an ended session: either way, not a free key
        return super().exists(session_key)

    def save(self, must_create=False):
        super().save(must_create)
        age = min(self.get_expiry_age(), COPY_SECONDS)
        if self._copies.call("set", self.cache_key, self._session, age) is FAILED:
            # The copy from before this change would otherwise be served for its remaining time.
            self._copies.call("delete", self.cache_key)

    def delete(self, session_key=None):
        if session_key is None:
            session_key = self.session_key
        super().delete(session_key)
        if session_key is not None:
            _mark_ended(self._copies, [session_key])

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
        _mark_ended(NeverFatal(settings.SESSION_CACHE_ALIAS), session_keys)


def _mark_ended(copies, session_keys):
    ended = {SessionStore.cache_key_prefix + key: ENDED for key in session_keys}
    copies.call("set_many", ended, COPY_SECONDS)
