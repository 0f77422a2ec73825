from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from roles import views as role_views

from . import health

admin.site.site_header = "careersite administration"
admin.site.site_title = "careersite admin"
# One door with one lockout: admin's own login form would check passwords without allauth's
# per-account and per-IP limits, so it sends people to /accounts/login/ and back.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", role_views.home, name="home"),
    path("roles/", include("roles.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("assessments/", include("assessments.urls")),
    path("assessments/", include("counseling.learner_urls")),
    path("counselor/", include("counseling.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever a page links. Lazy: the static file's hashed name
    # is looked up in the manifest on the first request, not when the URLconf is imported.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
]
