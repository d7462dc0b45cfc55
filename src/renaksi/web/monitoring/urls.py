"""Routes of quarterly monitoring (included by ``renaksi.web.urls``). Names are the contract."""

from django.urls import path

from . import audit_views, views, workbook_views

urlpatterns = [
    # A plan's realisasi for one period: entry, live capaian, the workflow
    path(
        "plans/<int:plan_id>/monitoring/<str:period>/",
        views.monitoring_sheet,
        name="monitoring_sheet",
    ),
    path(
        "plans/<int:plan_id>/monitoring/<str:period>/submit/",
        views.monitoring_submit,
        name="monitoring_submit",
    ),
    # The sheet as a workbook: downloaded, filled in offline, uploaded back through a preview
    path(
        "plans/<int:plan_id>/monitoring/<str:period>/xlsx/",
        workbook_views.sheet_download,
        name="monitoring_sheet_xlsx",
    ),
    path(
        "plans/<int:plan_id>/monitoring/<str:period>/upload/",
        workbook_views.sheet_upload,
        name="monitoring_sheet_upload",
    ),
    path(
        "monitoring/uploads/<uuid:upload_id>/",
        workbook_views.upload_preview,
        name="realisation_upload",
    ),
    path(
        "monitoring/uploads/<uuid:upload_id>/confirm/",
        workbook_views.upload_confirm,
        name="realisation_upload_confirm",
    ),
    path(
        "indicators/<int:indicator_id>/capaian/<str:period>/",
        views.monitoring_capaian,
        name="monitoring_capaian",
    ),
    path("reports/<int:report_id>/review/", views.monitoring_review, name="monitoring_review"),
    path("reports/<int:report_id>/unlock/", views.monitoring_unlock, name="monitoring_unlock"),
    # Evidence: uploaded through a realisation, served only through the gatekeeper
    path(
        "realisations/<int:realisation_id>/evidence/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<uuid:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("evidence/<uuid:evidence_id>/delete/", views.evidence_delete, name="evidence_delete"),
    # History, a unit's overview, the kabupaten's deadlines and late units
    path(
        "indicators/<int:indicator_id>/history/",
        views.indicator_history,
        name="indicator_history",
    ),
    path("units/<int:unit_id>/monitoring/", views.monitoring_overview, name="monitoring_overview"),
    path("monitoring/deadlines/", views.deadline_list, name="deadline_list"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path(
        "monitoring/deadlines/<int:deadline_id>/delete/",
        views.deadline_delete,
        name="deadline_delete",
    ),
    path("monitoring/late/", views.late_units, name="late_units"),
]
