"""The account forms careersite adds to django-allauth's."""

from django import forms


class SignupForm(forms.Form):
    """Extra signup field: the name counselors see next to the email address."""

    name = forms.CharField(max_length=150, label="Your name", help_text="Shown to your counselors.")

    def signup(self, request, user):
        user.first_name = self.cleaned_data["name"].strip()
        user.save(update_fields=["first_name"])
