from django.contrib import admin
from django.urls import include, path

from accounts.views import home

from .health import healthz

admin.site.site_header = "Wijkteam – functioneel beheer"
admin.site.site_title = "Wijkteam beheer"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include("cases.urls")),
    path("casussen/<int:case_pk>/stressoren/", include("stressors.urls")),
    path("casussen/<int:case_pk>/stabiliteit/", include("stability.urls")),
    path("beheer/", admin.site.urls),
]

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
