from django.urls import path

app_name = "counselor"
urlpatterns = [path("", lambda request: None, name="caseload")]
