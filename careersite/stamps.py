"""Stamps: random values in the shared cache that change whenever what they stand for does.

Whatever is derived from the data (a rendered page, a count) is cached with the stamp it was
built under and used only while that stamp is still current, so every worker sees a change
at once without anyone finding and deleting each derived entry.
"""

import uuid

from django.core.cache import cache
from django.db import transaction


def current_stamp(key, timeout=None):
    """The stamp under `key`, made if the cache has none."""
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, uuid.uuid4().hex, timeout)  # if two workers race, one stamp wins
        stamp = cache.get(key)
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
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout)

    if at_once:
        renew()
    transaction.on_commit(renew, robust=True)
