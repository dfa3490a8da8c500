from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    RETRYING = "retrying", _("等待重试")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class Engine(models.TextChoices):
    EMBEDDED = "embedded", _("进程内")
    CELERY = "celery", _("Celery")
    EAGER = "eager", _("立即执行（测试）")
