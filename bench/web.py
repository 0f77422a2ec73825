"""Talking to the servers over HTTP: fetching without redirects, logging in, checking."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import load
from common import BenchError

# HTTP --------------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(opener, url, data=None, headers=None):
    """GET (or POST data) without following redirects: (status, body, Location).

    The status is None when no answer came within load.TIMEOUT seconds (or the connection
    broke, as when gunicorn kills a worker that took longer); the body says why.
    """
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=load.TIMEOUT) as response:
            return response.status, response.read().decode(errors="replace"), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers.get("Location", "")
    except OSError as error:
        return None, f"{type(error).__name__}: {error}", ""


def log_in(base, login_path, fields, email):
    """Log in through a real login form and return the Cookie header a browser would then
    send: the session and the CSRF cookie (without the latter, every page showing a form
    would make Django create and set a new CSRF secret, which no browser causes)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    url = base + login_path
    status, body, _ = fetch(opener, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token:
        raise BenchError(f"GET {url} gave HTTP {status} without a CSRF token")
    form = {"csrfmiddlewaretoken": token.group(1), **fields}
    status, _, location = fetch(opener, url, urllib.parse.urlencode(form).encode(),
                                {"Referer": url})
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if status != 302 or not session:
        # Never retry: five failed logins lock the account.
        raise BenchError(f"login as {email} at {url} failed (HTTP {status}, no session)")
    # Not the "signed in" message cookie: a browser sends that once, to the page it lands on.
    kept = {"sessionid", "csrftoken"}
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar if cookie.name in kept)


def check_page(url, cookies, must_contain=""):
    """Why a page cannot be measured ('' if it can), and the seconds one request took."""
    opener = urllib.request.build_opener(NoRedirect)
    headers = {"Cookie": cookies} if cookies else {}
    started = time.perf_counter()
    status, body, location = fetch(opener, url, headers=headers)
    elapsed = time.perf_counter() - started
    if status is None:
        return f"no answer ({body})", elapsed
    if status != 200:
        return f"HTTP {status}" + (f" → {location}" if location else ""), elapsed
    if must_contain and must_contain not in body:
        return f"200 without {must_contain!r} in the page", elapsed
    return "", elapsed
