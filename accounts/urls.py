from django.urls import path

from . import signup
from . import views as data

app_name = "account_data"
urlpatterns = [
    # In front of allauth's view of the same address (careersite/urls.py includes this first).
    path("signup/", signup.signup, name="signup"),
    path("data/", data.data, name="data"),
    path("data/download/", data.download, name="download"),
]
