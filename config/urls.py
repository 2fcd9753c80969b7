from django.contrib import admin
from django.urls import include, path, register_converter

from accounts.forms import AdminLoginForm
from accounts.views import home

from .health import healthz

admin.site.site_header = "Wijkteam – functioneel beheer"
admin.site.site_title = "Wijkteam beheer"
admin.site.login_form = AdminLoginForm


class IdConverter:
    """Database ids: digits that fit a bigint. Longer numbers are no id and match no URL
    (404), instead of overflowing the database query."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include("cases.urls")),
    path("casussen/<id:case_pk>/stressoren/", include("stressors.urls")),
    path("casussen/<id:case_pk>/stabiliteit/", include("stability.urls")),
    path("doorbraaktafel/", include("doorbraak.urls")),
    path("", include("privacy.urls")),
    path("rapportages/", include("reports.urls")),
    path("beheer/", admin.site.urls),
]

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
