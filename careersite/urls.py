from django.contrib import admin
from django.urls import include, path

from roles import views as role_views

from . import health

admin.site.site_header = "careersite administration"
admin.site.site_title = "careersite admin"

urlpatterns = [
    path("", role_views.home, name="home"),
    path("roles/", include("roles.urls")),
    path("accounts/", include("assessments.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("assessments/", include("assessments.urls")),
    path("counselor/", include("assessments.counselor_urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
