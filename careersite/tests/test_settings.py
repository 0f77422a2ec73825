"""The helpers that read settings from the environment, and the release id. No database."""

import re
import shutil

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from careersite.release import release_id
from careersite.settings import cache_from_url, env_bool, mailer_from_url

FLAG = "CAREERSITE_TEST_FLAG"


# env_bool


@pytest.mark.parametrize("value", ["1", "true", "True", "TRUE", "yes", "Yes", "on", " ON "])
def test_env_bool_true_spellings(monkeypatch, value):
    monkeypatch.setenv(FLAG, value)
    assert env_bool(FLAG, False) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "FALSE", "no", "No", "off", " Off\n"])
def test_env_bool_false_spellings(monkeypatch, value):
    monkeypatch.setenv(FLAG, value)
    assert env_bool(FLAG, True) is False


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_or_empty_gives_the_default(monkeypatch, default):
    monkeypatch.delenv(FLAG, raising=False)
    assert env_bool(FLAG, default) is default
    for empty in ("", "  "):
        monkeypatch.setenv(FLAG, empty)
        assert env_bool(FLAG, default) is default


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "y", "nope", "false!"])
def test_env_bool_refuses_anything_else_naming_variable_and_value(monkeypatch, value):
    monkeypatch.setenv(FLAG, value)
    with pytest.raises(ImproperlyConfigured) as raised:
        env_bool(FLAG, True)
    assert FLAG in str(raised.value)
    assert repr(value) in str(raised.value)


# cache_from_url


@pytest.mark.parametrize(
    "url",
    ["redis://127.0.0.1:6379/0", "rediss://user:secret@cache.example.com:6380/1"],
)
def test_cache_redis_keeps_the_whole_url_and_gives_up_within_a_second(url):
    assert cache_from_url(url) == {
        "BACKEND": "careersite.redis_cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def test_cache_db_names_the_table_and_raises_the_entry_limit():
    assert cache_from_url("db://careersite_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "careersite_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }


@pytest.mark.parametrize(("url", "location"), [("locmem://", ""), ("locmem://reports", "reports")])
def test_cache_locmem(url, location):
    assert cache_from_url(url) == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": location,
    }


def test_cache_dummy_stores_nothing():
    assert cache_from_url("dummy://") == {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


@pytest.mark.parametrize(
    "url", ["memcached://127.0.0.1:11211", "127.0.0.1:6379", "", "file:///tmp/cache"]
)
def test_cache_unknown_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL.*dummy://"):
        cache_from_url(url)


def test_pages_alias_shares_the_store_and_is_prefixed_with_the_release():
    default, pages = settings.CACHES["default"], settings.CACHES["pages"]
    assert pages["KEY_PREFIX"] == settings.RELEASE
    assert "KEY_PREFIX" not in default
    assert {k: v for k, v in pages.items() if k != "KEY_PREFIX"} == default


# mailer_from_url


@pytest.mark.parametrize("scheme", ["console", "locmem", "dummy"])
def test_mailer_simple_backends(scheme):
    assert mailer_from_url(f"{scheme}://") == {
        "BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"
    }


def test_mailer_smtp_unescapes_credentials_and_defaults_to_starttls_on_587():
    mailer = mailer_from_url("smtp://mailer%40example.edu:p%40ss%3Aw%2Frd@mail.example.edu")
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example.edu",
        "port": 587,
        "username": "mailer@example.edu",
        "password": "p@ss:w/rd",
        "use_ssl": False,
        "use_tls": True,
        "timeout": 10,
    }


def test_mailer_smtp_timeout_from_the_url():
    assert mailer_from_url("smtp://relay.internal?timeout=2.5")["OPTIONS"]["timeout"] == 2.5


def test_mailer_smtp_without_tls_on_an_explicit_port():
    options = mailer_from_url("smtp://relay.internal:25?tls=0")["OPTIONS"]
    assert (options["host"], options["port"]) == ("relay.internal", 25)
    assert options["use_tls"] is False
    assert options["use_ssl"] is False
    assert (options["username"], options["password"]) == ("", "")


def test_mailer_smtps_uses_ssl_on_465():
    options = mailer_from_url("smtps://user:secret@mail.example.edu")["OPTIONS"]
    assert options["port"] == 465
    assert options["use_ssl"] is True
    assert options["use_tls"] is False
    assert (options["username"], options["password"]) == ("user", "secret")


@pytest.mark.parametrize("url", ["http://mail.example.edu", "mail.example.edu:587", ""])
def test_mailer_bad_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        mailer_from_url(url)


# release_id


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A small fake project: one app, shared templates, and folders that never count."""
    monkeypatch.delenv("RELEASE", raising=False)
    root = tmp_path / "project"
    files = {
        "app/__init__.py": "",
        "app/views.py": "def view(request): ...\n",
        "app/catalog.toml": "[role]\n",
        "app/templates/app/page.html": "<p>{{ name }}</p>\n",
        "app/tests/test_views.py": "def test(): ...\n",
        "templates/base.html": "<html>{% block body %}{% endblock %}</html>\n",
        "templates/email/subject.txt": "Hello\n",
        "docs/notes.md": "notes\n",
        "manage.py": "# not in an app folder\n",
    }
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def test_release_from_the_environment_wins(tree, monkeypatch):
    monkeypatch.setenv("RELEASE", "2024.06.1")
    assert release_id(tree) == "2024.06.1"


def test_release_is_a_short_digest_stable_for_an_unchanged_tree(tree, monkeypatch):
    monkeypatch.setenv("RELEASE", "")
    first = release_id(tree)
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    assert release_id(tree) == first
    # The same source checked out elsewhere is the same release.
    assert release_id(shutil.copytree(tree, tree.parent / "elsewhere")) == first


@pytest.mark.parametrize(
    "path", ["templates/base.html", "app/templates/app/page.html", "app/views.py"]
)
def test_release_changes_with_a_source_file(tree, path):
    before = release_id(tree)
    changed = shutil.copytree(tree, tree.parent / "changed")
    (changed / path).write_text((changed / path).read_text() + "<!-- edited -->\n")
    assert release_id(changed) != before
    assert release_id(tree) == before


def test_release_changes_when_a_source_file_is_added_or_renamed(tree):
    before = release_id(tree)
    (tree / "templates/extra.svg").write_text("<svg/>")
    added = release_id(tree)
    (tree / "templates/extra.svg").rename(tree / "templates/other.svg")
    assert len({before, added, release_id(tree)}) == 3


@pytest.mark.parametrize(
    "path",
    [
        "app/tests/test_views.py",
        "app/__pycache__/views.py",
        "templates/node_modules/widget/index.html",
        "bench/__init__.py",
        "e2e/__init__.py",
        "docs/__init__.py",
        ".venv/__init__.py",
        "staticfiles/__init__.py",
        "test-artifacts/__init__.py",
        "app/notes.md",
        "manage.py",
    ],
)
def test_release_ignores_files_that_never_shape_a_response(tree, path):
    before = release_id(tree)
    (tree / path).parent.mkdir(parents=True, exist_ok=True)
    (tree / path).write_text("# changed\n")
    assert release_id(tree) == before
