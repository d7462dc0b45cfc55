"""URL map. Names are the contract templates and tests use (``{% url 'plan_detail' plan.pk %}``)."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from .plans import diff_views, import_views, views

urlpatterns = [
    path("", views.home, name="home"),
    # Logging in and out, one's account, password, second factor (accounts/urls.py)
    path("accounts/", include("renaksi.web.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Browsing
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/json/", views.plan_json, name="plan_json"),
    path("plans/<int:plan_id>/diff/", diff_views.plan_diff, name="plan_diff"),
    # Penetapan: the head or the kabupaten adopts the current revision
    path("plans/<int:plan_id>/adopt/", views.plan_adopt, name="plan_adopt"),
    # Editing
    path("plans/<int:plan_id>/nodes/add/", views.node_add, name="node_add"),
    path("nodes/<int:node_id>/edit/", views.node_edit, name="node_edit"),
    path("nodes/<int:node_id>/delete/", views.node_delete, name="node_delete"),
    path("nodes/<int:node_id>/move/", views.node_move, name="node_move"),
    path("nodes/<int:node_id>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:indicator_id>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicators/<int:indicator_id>/move/", views.indicator_move, name="indicator_move"),
    # Importing a document: upload → preview (→ correct the reading) → confirm or cancel
    path("units/<int:unit_id>/import/", import_views.import_upload, name="import_upload"),
    path("imports/<uuid:session_id>/", import_views.import_preview, name="import_preview"),
    path("imports/<uuid:session_id>/status/", import_views.import_status, name="import_status"),
    path("imports/<uuid:session_id>/correct/", import_views.import_correct, name="import_correct"),
    path("imports/<uuid:session_id>/reset/", import_views.import_reset, name="import_reset"),
    path(
        "imports/<uuid:session_id>/mapping.json",
        import_views.import_mapping,
        name="import_mapping",
    ),
    path("imports/<uuid:session_id>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/<uuid:session_id>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("imports/<uuid:session_id>/diff/", diff_views.import_diff, name="import_diff"),
    # Quarterly monitoring: realisasi sheets, workflow, evidence, history, deadlines
    path("", include("renaksi.web.monitoring.urls")),
    # Reports: a plan's report as a file, the kabupaten workbook built in the background
    path("", include("renaksi.web.reportjobs.urls")),
]

__all__ = ["include", "urlpatterns"]
