from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import add_domain_error, submit_form
from gongzhi.notifications import access, rules, selectors, services
from gongzhi.notifications.choices import EXTERNAL_CHANNELS, Channel
from gongzhi.notifications.forms import NoticeForm, PreferencesForm, ProfileForm
from gongzhi.notifications.printing import board_notice_pdf
from gongzhi.places.access import access_community


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user).select_related("event__community"),
                     20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread": selectors.unread_count(request.user),
        "can_send_notices": rules.can_send_notices(request.user),
        "can_view_notices": rules.can_view_notices(request.user),
    })


@login_required
def notification_detail(request, pk):
    notification = access.access_notification(actor=request.user, id=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return render(request, "notifications/notification_detail.html", {
        "notification": notification, "event": notification.event})


@login_required
@require_POST
def mark_all_read(request):
    count = services.notification_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("已全部标为已读。"))
    return redirect("notifications:inbox")


@require_GET
@never_cache
def unread_badge(request):
    """The navbar's inbox link, polled by HTMX; empty for anonymous visitors."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    return render(request, "notifications/nav_inbox.html",
                  {"unread": selectors.unread_count(request.user)})


@login_required
def preferences(request):
    profile = selectors.profile_of(request.user)
    modes = selectors.preference_modes(request.user)
    initial = {"email": profile.email, "mobile": profile.mobile,
               "quiet_start": profile.quiet_start, "quiet_end": profile.quiet_end}
    posted = request.method == "POST"
    profile_form = ProfileForm(data=request.POST if posted else None, initial=initial)
    modes_form = PreferencesForm(data=request.POST if posted else None, modes=modes)
    if posted and profile_form.is_valid() and modes_form.is_valid():
        try:
            services.notification_profile_update(actor=request.user,
                                                 data=profile_form.cleaned_data)
            services.notification_preferences_update(actor=request.user,
                                                     modes=modes_form.modes())
        except DomainError as error:
            add_domain_error(profile_form, error)
        else:
            messages.success(request, _("通知设置已保存。"))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "profile_form": profile_form, "modes_form": modes_form, "profile": profile,
        "channels": [Channel(channel).label for channel in EXTERNAL_CHANNELS]})


NOTICE_COLUMNS = (
    Column(gettext_lazy("时间"), lambda e: e.created_at, 18),
    Column(gettext_lazy("标题"), lambda e: e.title, 30),
    Column(gettext_lazy("紧急"), lambda e: e.kind == "urgent_notice"),
    Column(gettext_lazy("范围"), lambda e: e.community.name + (f" · {e.building.name}" if e.building
                                                        else ""), 20),
    Column(gettext_lazy("接收人数"), lambda e: e.recipient_count),
    Column(gettext_lazy("发布人"), lambda e: str(e.actor) if e.actor else "—"),
)


@login_required
def notice_list(request):
    if not rules.can_view_notices(request.user):
        raise PermissionDenied()
    notices = selectors.notice_list(request.user)
    if export := export_list(request, notices, NOTICE_COLUMNS, what="notifications.notice_list",
                             title=gettext_lazy("已发布的通知")):
        return export
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    return render(request, "notifications/notice_list.html", {
        "page": page, "communities": selectors.notice_communities(request.user)})


@login_required
def notice_create(request, community_pk):
    community = access_community(actor=request.user, id=community_pk,
                                 permission=rules.SEND_NOTICE)
    buildings = selectors.notice_buildings(request.user, community)
    form = NoticeForm(data=request.POST or None, buildings=buildings,
                      initial={"building": request.GET.get("building")})
    done = submit_form(request, form, lambda data: services.notice_publish(
        actor=request.user, community=community, **data),
        success_message=lambda event: _("通知已发布，共 %(count)s 位居民。") % {
            "count": event.recipient_count},
        success_url=lambda event: reverse("notifications:notice_detail", args=[event.pk]))
    if done:
        return done
    return render(request, "notifications/notice_form.html",
                  {"form": form, "community": community})


@login_required
def notice_detail(request, pk):
    event = access.access_notice(actor=request.user, id=pk)
    return render(request, "notifications/notice_detail.html", {
        "event": event,
        "counts": selectors.notice_delivery_counts(request.user, event),
        "can_view_deliveries": rules.can_view_deliveries(request.user),
    })


@login_required
def notice_print(request, pk):
    event = access.access_notice(actor=request.user, id=pk)
    if event.community is None:
        raise NotFound()
    response = HttpResponse(board_notice_pdf(event), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{event.pk}.pdf"'
    return response
