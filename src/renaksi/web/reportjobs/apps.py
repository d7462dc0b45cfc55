from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportJobsConfig(AppConfig):
    name = "renaksi.web.reportjobs"
    label = "reportjobs"
    verbose_name = _("Reports")
