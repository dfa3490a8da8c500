from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "gongzhi.jobs"
    label = "jobs"
    verbose_name = _("后台任务")

    def ready(self):
        # Every app keeps its background jobs in <app>/jobs.py; import them all so that the
        # registry (and so the periodic schedule) is the same in web, worker and beat processes.
        autodiscover_modules("jobs")
