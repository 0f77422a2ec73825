"""The two reference pages, and a login form to get a session for /me."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path


def ok(request):
    """The framework's limit: a bare view answering "ok"."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def me(request):
    """The limit for a page that knows its user: a one-line template with the user's email."""
    return render(request, "me.html")


urlpatterns = [
    path("ok", ok),
    path("me", me),
    path("login", LoginView.as_view(template_name="login.html")),
]
