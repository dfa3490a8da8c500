"""Errors that domain functions raise; each interface maps them in one place.

HTML views turn them into a form error, a message or an error page; the API into a JSON
problem `{"code", "message", "detail"}` with the status given here.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the operation; nothing was changed."""

    status = 400
    code = "invalid"
    default_message = _("操作未能完成。")

    def __init__(self, message=None, *, code: str | None = None, detail=None):
        self.message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        self.detail = detail if detail is not None else {}
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"
    default_message = _("输入有误，请按提示修改。")


class NotFound(DomainError):
    """Missing and out-of-scope rows answer alike, so ids reveal nothing."""

    status = 404
    code = "not_found"
    default_message = _("找不到该记录，或您无权查看。")


class PermissionDenied(DomainError):
    """The actor may see the row but may not do this to it."""

    status = 403
    code = "permission_denied"
    default_message = _("您没有执行此操作的权限。")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("记录已被他人修改，请刷新后重试。")


def validation_error_detail(error) -> dict:
    """Turn a Django ValidationError into {field: [messages]}."""
    if hasattr(error, "message_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}
