from .models import is_counselor

NAV_FLAG = "nav_is_counselor"


def user_roles(request):
    """Expose whether to show the counselor workspace link, remembered in the session.

    Only the navigation reads this copy, to spare a query on every page; every counselor
    view checks the group afresh. A user added to or removed from the group sees the link
    change at their next login.
    """

    def counselor_link():
        if not request.user.is_authenticated:
            return False
        if NAV_FLAG not in request.session:
            request.session[NAV_FLAG] = is_counselor(request.user)
        return request.session[NAV_FLAG]

    return {"is_counselor": counselor_link}
