from django.urls import path

from . import views as data

app_name = "account_data"
urlpatterns = [
    path("data/", data.data, name="data"),
    path("data/download/", data.download, name="download"),
]
