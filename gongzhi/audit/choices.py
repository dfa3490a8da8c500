from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    CREATE = "create", pgettext_lazy("audit event", "新增")
    UPDATE = "update", pgettext_lazy("audit event", "修改")
    DELETE = "delete", pgettext_lazy("audit event", "删除")
    READ_SENSITIVE = "read_sensitive", pgettext_lazy("audit event", "查看敏感信息")
    EXPORT = "export", pgettext_lazy("audit event", "导出")
    LOGIN = "login", pgettext_lazy("audit event", "登录")
    LOGIN_FAILED = "login_failed", pgettext_lazy("audit event", "登录失败")
    LOCKED_OUT = "locked_out", pgettext_lazy("audit event", "账号锁定")
    LOGOUT = "logout", pgettext_lazy("audit event", "退出登录")
    TOKEN_CREATED = "token_created", pgettext_lazy("audit event", "签发接口令牌")
    TOKEN_REVOKED = "token_revoked", pgettext_lazy("audit event", "吊销接口令牌")
    PASSWORD_CHANGED = "password_changed", pgettext_lazy("audit event", "修改密码")
    RETENTION = "retention", pgettext_lazy("audit event", "清理过期日志")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
