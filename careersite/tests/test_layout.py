"""The layout every page shares: its links must survive whatever context a view passes."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/roles/",
    "/assessments/",
    "/accounts/data/",
    "/counselor/",
    "/counselor/invitations/",  # its view has a `links` list of its own
    "/counselor/cohort/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_logs_out_and_links_home(client, counselor, catalog, path):
    client.force_login(counselor)
    html = client.get(path).content.decode()
    assert re.search(r'<form method="post" action="/accounts/logout/">', html), path
    assert '<a class="navbar-brand fw-bold" href="/">' in html
    assert 'href="/counselor/">Counselor workspace</a>' in html
