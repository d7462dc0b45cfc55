"""Routes of reports (included by ``renaksi.web.urls``). Names are the contract."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "plans/<int:plan_id>/reports/<slug:report>.<slug:fmt>/",
        views.report_download,
        name="report_download",
    ),
    path("reports/kabupaten/", views.kabupaten_workbook, name="kabupaten_workbook"),
    path("units/<int:unit_id>/report-settings/", views.report_settings, name="report_settings"),
    path(
        "reports/jobs/<int:job_id>/download/",
        views.report_job_download,
        name="report_job_download",
    ),
]
