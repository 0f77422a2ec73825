"""Rules for every request and response, whichever view answers them."""

import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from .cache import CACHE_ERRORS

logger = logging.getLogger("careersite.security")


def reject_nul_bytes(get_response):
    """Answer 400 to a path or query string holding a NUL byte.

    PostgreSQL cannot store or even compare strings with NUL in them, so a filter such as
    ?q=%00 (in our views or in the admin's list filters) would otherwise end in a 500.
    """

    def middleware(request):
        query = request.GET.lists()
        if "\x00" in request.path or any(
            "\x00" in value for _, values in query for value in values
        ):
            return HttpResponseBadRequest("Bad request: the address contains a NUL character.")
        return get_response(request)

    return middleware


def no_store_when_signed_in(get_response):
    """Mark every response to a signed-in user `Cache-Control: no-store` (and never cached).

    Nearly every page a signed-in user sees shows personal data: a report, an assessment, a
    caseload, an export. One rule here also covers the views not written yet, where a
    never_cache decorator would have to be remembered on each. A response that sets its own
    Cache-Control (admin and /healthz already say never cache) keeps it. Anonymous pages (home,
    the role catalog) keep their caching, and static files never get here: WhiteNoise answers
    them further up the stack.
    """

    def middleware(request):
        response = get_response(request)
        if not response.has_header("Cache-Control") and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware


class CacheOutage:
    """A 503 "try again in a minute", not a 500, when the shared cache fails in a view.

    Rendered pages fall back to the database by themselves (careersite/cache.py). What cannot
    is the login throttle: its counters live in the cache, and signing in without them would
    skip the lockout, so allauth's error comes here and the person is asked to wait. Nothing
    was written: the counters are read before any password is checked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CACHE_ERRORS):
            return None
        logger.error("cache unavailable on %s: %s", request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        add_never_cache_headers(response)
        return response
