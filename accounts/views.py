"""The learner's data rights: download everything, or delete the account."""

import json
import logging

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from careersite.sessions import end_sessions

from .deletion import forget_copies
from .personal_data import export_for

logger = logging.getLogger("careersite.security")


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password",
        help_text="Deleting cannot be undone.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not correct.")
        return password


# Wrong passwords on the deletion form, counted per user as failed logins are per account.
DELETE_FAILED = "delete_account_failed"
TOO_MANY = "Too many wrong passwords. Wait 15 minutes, then try again."


@login_required
@require_http_methods(["GET", "POST"])
def data(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        limited = not ratelimit.consume(
            request, action=DELETE_FAILED, user=request.user, dry_run=True
        )
        if limited:
            context = {"form": DeleteAccountForm(user=request.user), "refused": TOO_MANY}
            return render(request, "account/data.html", context, status=429)
        if form.is_valid():
            delete_account(request)
            messages.success(request, "Your account and everything in it have been deleted.")
            return redirect("home")
        if form.has_error("password"):
            ratelimit.consume(request, action=DELETE_FAILED, user=request.user)
            logger.warning(
                "wrong password on account deletion: user %s from %s",
                request.user.pk,
                request.META.get("REMOTE_ADDR", "?"),
            )
        return render(request, "account/data.html", {"form": form}, status=400)
    return render(request, "account/data.html", {"form": form})


@login_required
@require_GET
def download(request):
    body = json.dumps(export_for(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="careersite-data-{stamp}.json"'
    return response


@transaction.atomic
def delete_account(request):
    """Delete the user with every personal row (cascades) and end all their sessions."""
    user = request.user
    user_id = str(user.pk)
    logout(request)
    # Sessions on other devices: the session table cannot be filtered by user, so decode each
    # unexpired one. Acceptable for a rare action; a careers office has thousands, not millions.
    doomed = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == user_id
    ]
    end_sessions(doomed)  # their copies in the cache too
    forget_copies(user)
    user.delete()
    logger.info("account deleted: user id %s", user_id)
