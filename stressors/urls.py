from django.urls import path

from . import views

app_name = "stressors"

urlpatterns = [
    path("nieuw/", views.stressor_register, name="register"),
    path("<id:stressor_pk>/", views.stressor_update, name="update"),
    path("<id:stressor_pk>/status/", views.stressor_status, name="status"),
]
