from functools import cache

from django.urls import reverse

# The layout's links, by the name the templates use: they take no arguments, so they are
# reversed once per process. Nine {% url %} tags cost more than the rest of the layout.
LAYOUT_LINKS = {
    "home": "home",
    "careers": "roles:list",
    "assessments": "assessments:list",
    "counselor": "counselor:caseload",
    "admin": "admin:index",
    "data": "account_data:data",
    "logout": "account_logout",
    "login": "account_login",
    "signup": "account_signup",
}


@cache
def _layout_links():
    return {key: reverse(name) for key, name in LAYOUT_LINKS.items()}


def layout_links(request):
    return {"links": _layout_links()}
