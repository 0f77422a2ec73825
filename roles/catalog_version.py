"""A stamp that changes whenever staff change the catalog.

Pages may keep data derived from the catalog (a role's requirements with their level
descriptors) for as long as the stamp they were built under is current. The stamp lives in
the shared cache, so every worker and machine sees an edit at once.
"""

import threading
from contextlib import contextmanager

from careersite.cache import current_stamp, renew_stamps

VERSION_KEY = "catalog:version"
_batch = threading.local()


def catalog_version():
    """The current stamp, creating one if the cache has none."""
    return current_stamp(VERSION_KEY)


def catalog_changed(**kwargs):
    """Start a new stamp (also a signal receiver for every catalog model)."""
    if not getattr(_batch, "active", False):
        renew_stamps([VERSION_KEY])


@contextmanager
def one_change():
    """Treat many writes (a catalog load) as one change: a single new stamp at the end."""
    _batch.active = True
    try:
        yield
    finally:
        _batch.active = False
    catalog_changed()
