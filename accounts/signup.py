"""Signup in one transaction, safe when two signups with one address cross.

allauth checks whether an address is taken, then saves. Two signups with the same address at
the same moment both pass the check; the unique index on the lower-cased address
(accounts/migrations/0001_unique_addresses.py) then refuses the second insert. That signup is
answered as any signup with a known address is: the page saying a confirmation is on its
way, and a mail to the address's owner. The account, its address row and the confirmation
mail (a queued task, careersite/mail.py) commit together or not at all.
"""

from allauth.account import forms as allauth_forms
from allauth.account import views as allauth_views
from django.db import IntegrityError, transaction
from django.utils.decorators import method_decorator


class SignupForm(allauth_forms.SignupForm):
    def try_save(self, request):
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            self.account_already_exists = True
            return super().try_save(request)


class SignupView(allauth_views.SignupView):
    form_class = SignupForm

    @method_decorator(transaction.atomic)
    def form_valid(self, form):
        return super().form_valid(form)


signup = SignupView.as_view()
