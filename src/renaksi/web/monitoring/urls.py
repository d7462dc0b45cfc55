"""Routes of quarterly monitoring (included by ``renaksi.web.urls``). Names are the contract."""

from django.urls import path

from . import audit_views, views

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
