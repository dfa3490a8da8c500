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


# Each error page shows its title in the active language and, for Chinese readers, in English
# beneath it (the promise: a clear message in Chinese and English).
ERROR_TITLES = {
    400: (_("请求无效"), "Bad request"),
    403: (_("没有权限"), "Permission denied"),
    404: (_("页面不存在"), "Page not found"),
    409: (_("记录已被修改"), "Conflict"),
    422: (_("操作未能完成"), "The operation could not be completed"),
    429: (_("请求过于频繁"), "Too many requests"),
}


def error_page(request, status: int, *, message=None, csrf: bool = False):
    title, title_en = ERROR_TITLES.get(status, ERROR_TITLES[422])
    if csrf:
        title, title_en = _("页面已过期"), "This page has expired"
    return render(request, "core/error.html", {"status": status, "title": title,
                  "title_en": title_en, "message": message, "csrf": csrf}, status=status)


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

