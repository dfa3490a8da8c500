from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongzhi.core.healthchecks import health_report
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.places import selectors as place_selectors

# The shortcuts on the home page: (permission, url name, label, hint). Shown when the user holds
# the permission somewhere; the page behind each checks the scope again.
SHORTCUTS = [
    ("casework.report_case", "casework:case_create", _("反映诉求"),
     _("楼道灯坏、屋面漏水、下水道堵塞……")),
    ("casework.view_board", "casework:case_list", _("诉求进度"),
     _("我反映的或经手的诉求与办理进度")),
    ("casework.view_board", "casework:board", _("办结公开栏"), _("公共区域问题的办理结果")),
    ("deliberation.propose_topic", "deliberation:topic_create", _("提出议题"),
     _("大家的事大家商量")),
    ("deliberation.propose_topic", "deliberation:topic_outcomes", _("议事结果公开"),
     _("协商的结果与落实情况")),
    ("cobuilding.evaluate_project", "cobuilding:community_projects", _("社区项目"),
     _("共建项目的成果，欢迎评价")),
    ("party.claim_post", "party:my_party", _("我的报到"), _("在职党员认领岗位、服务记录")),
    ("party.claim_post", "party:post_list", _("党员岗位"), _("社区发布的服务岗位")),
    ("cobuilding.partner_portal", "cobuilding:partner_home", _("本单位共建"),
     _("协议、资源、对接需求与项目")),
]


@login_required
def home(request):
    user = request.user
    communities = place_selectors.community_list(user)
    shortcuts = [{"url": url, "label": label, "hint": hint}
                 for permission, url, label, hint in SHORTCUTS
                 if has_permission_somewhere(user, permission)]
    return render(request, "core/home.html", {
        "communities": communities[:50],
        "community_count": communities.count(),
        "shortcuts": shortcuts,
        # staff are responsible for their communities; residents and partners live or work there
        "is_staff_user": has_permission_somewhere(user, "places.view_place"),
    })


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

