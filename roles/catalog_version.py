"""A stamp that changes whenever staff change the catalog.

Pages may keep data derived from the catalog (a role's requirements with their level
descriptors) for as long as the stamp they were built under is current. The stamp lives in
the shared cache, so every worker and machine sees an edit at once.
"""

import threading
import uuid
from contextlib import contextmanager

from django.core.cache import cache

VERSION_KEY = "catalog:version"
_batch = threading.local()


def catalog_version():
    """The current stamp, creating one if the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)  # if two workers race, one stamp wins
        version = cache.get(VERSION_KEY)
    return version


def catalog_changed(**kwargs):
    """Start a new stamp (also a signal receiver for every catalog model)."""
    if getattr(_batch, "active", False):
        return
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


@contextmanager
def one_change():
    """Treat many writes (a catalog load) as one change: a single new stamp at the end."""
    _batch.active = True
    try:
        yield
    finally:
        _batch.active = False
    catalog_changed()
