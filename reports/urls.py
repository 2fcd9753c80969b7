from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/", views.all_csv, name="all_csv"),
    path("csv/<slug:key>/", views.table_csv, name="table_csv"),
    path("pdf/", views.export_create, name="export_create"),
    path("pdf/<id:export_id>/", views.export_detail, name="export_detail"),
    path("pdf/<id:export_id>/download/", views.export_download, name="export_download"),
]
