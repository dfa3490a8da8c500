"""The Celery application, for `celery -A gongzhi worker` and `celery -A gongzhi beat`.

Configuration comes from the Django settings whose names start with CELERY_ (see
settings/base.py): Redis from REDIS_URL as the broker, late acknowledgement, one message
prefetched at a time, and a beat schedule with a single tick. What runs when is decided by
gongzhi.jobs.engine, not by Celery.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.base")

app = Celery("gongzhi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["gongzhi.jobs"])
