from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("待审核")
    PUBLISHED = "published", _("已发布")  # public from publish_at on (scheduled until then)
    WITHDRAWN = "withdrawn", _("已撤回")


class ArticleKind(models.TextChoices):
    NEWS = "news", _("新闻")
    NOTICE = "notice", _("通知公告")
    PROFILE = "profile", _("社区风采")
