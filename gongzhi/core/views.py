from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongzhi.core.healthchecks import health_report


@require_GET
@never_cache
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


# Each error page speaks the reader's language only: Chinese in the Chinese interface, English
# for those who chose English (a Chinese page with an English line mixed in reads as unfinished).
ERROR_TITLES = {
    400: _("请求无效"),
    403: _("没有权限"),
    404: _("页面不存在"),
    409: _("记录已被修改"),
    422: _("操作未能完成"),
    429: _("请求过于频繁"),
}


def error_page(request, status: int, *, message=None, csrf: bool = False):
    title = _("页面已过期") if csrf else ERROR_TITLES.get(status, ERROR_TITLES[422])
    return render(request, "core/error.html", {"status": status, "title": title,
                  "message": message, "csrf": csrf}, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    # No context processors and no database here: the error may be the database itself.
    template = loader.get_template("core/500.html")
    return HttpResponse(template.render({}), status=500)


def csrf_failure(request, reason=""):
    return error_page(request, 403, csrf=True)

