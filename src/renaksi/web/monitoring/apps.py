from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "renaksi.web.monitoring"
    label = "monitoring"
    verbose_name = _("Quarterly monitoring")

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from .. import audit
        from ..accounts.models import Unit
        from ..plans.models import Plan

        # The audit log outlives what it is about (History's links are SET_NULL).
        pre_delete.connect(audit.on_unit_deleted, sender=Unit, dispatch_uid="renaksi-audit-unit")
        pre_delete.connect(audit.on_plan_deleted, sender=Plan, dispatch_uid="renaksi-audit-plan")
