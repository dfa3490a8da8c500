from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongzhi.core.healthchecks import health_report
from gongzhi.places import selectors as place_selectors


@login_required
def home(request):
    communities = place_selectors.community_list(request.user)
    return render(request, "core/home.html", {
        "communities": communities[:50],
        "community_count": communities.count(),
    })


@require_GET
@never_cache
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"status": 400, "title": "请求无效",
                  "title_en": "Bad request"}, status=400)


def permission_denied(request, exception=None):
    return render(request, "core/error.html", {"status": 403, "title": "没有权限",
                  "title_en": "Permission denied"}, status=403)


def page_not_found(request, exception=None):
    return render(request, "core/error.html", {"status": 404, "title": "页面不存在",
                  "title_en": "Page not found"}, status=404)


def server_error(request):
    # No context processors and no database here: the error may be the database itself.
    template = loader.get_template("core/500.html")
    return HttpResponse(template.render({}), status=500)


def csrf_failure(request, reason=""):
    return render(request, "core/error.html", {"status": 403, "title": "页面已过期",
                  "title_en": "This page has expired", "csrf": True}, status=403)

