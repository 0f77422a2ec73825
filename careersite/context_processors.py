from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse

# The layout's links, by the name the templates use: they take no arguments, so they are
# reversed once per process (and URL prefix). Nine {% url %} tags cost more than the rest
# of the layout.
LAYOUT_URLS = {
    "home": "home",
    "careers": "roles:list",
    "assessments": "assessments:list",
    "counselor": "counselor:attention",
    "admin": "admin:index",
    "data": "account_data:data",
    "logout": "account_logout",
    "login": "account_login",
    "signup": "account_signup",
}


@cache
def _layout_urls(script_prefix, urlconf):
    return {key: reverse(name, urlconf) for key, name in LAYOUT_URLS.items()}


def layout_urls(request):
    return {"layout_urls": _layout_urls(get_script_prefix(), get_urlconf())}
