"""Request checks that belong before any view."""

from django.http import HttpResponseBadRequest


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
