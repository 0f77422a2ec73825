"""Fixtures of careersite's own tests."""

import os

import pytest

from .fault_site import manage


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once for the fault suite: DEBUG off serves only the manifest's."""
    folder = tmp_path_factory.mktemp("static")
    manage({**os.environ, "DEBUG": "False", "SECRET_KEY": "x" * 50, "STATIC_ROOT": str(folder)},
           "collectstatic", "--noinput", "-v0")  # fmt: skip
    return folder
