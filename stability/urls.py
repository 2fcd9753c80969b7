from django.urls import path

from . import views

app_name = "stability"

urlpatterns = [
    path("", views.stability_overview, name="overview"),
    path("meten/", views.assessment_record, name="record"),
]
