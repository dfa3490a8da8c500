from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.accounts import login_drafts
from gongzhi.workbench import selectors


def _role_places(user) -> list[dict]:
    """Each role with its place, linked to the community's page where the role has one (a
    street or district admin reaches the list of their communities instead)."""
    places = []
    for assignment in user.roles():
        if assignment.level == "community":
            url = reverse("places:community_detail", args=[assignment.community_id])
        elif assignment.level == "grid":
            url = reverse("places:community_detail", args=[assignment.grid.community_id])
        else:
            url = reverse("places:community_list")
        places.append({"role": assignment.get_role_display(), "place": assignment.place,
                       "url": url})
    return places


def home(request):
    """The page each role starts the day on: its sections, then the shortcuts. A visitor who
    has not logged in starts on the public portal instead (issue 17); a resident who signed up
    on the portal and is not yet linked to the registry has no section: their account page."""
    if not request.user.is_authenticated:
        if login_drafts.signed_in_user_id(request) is not None:
            # someone whose session ran out here: back to the login page, saying why
            return redirect_to_login(request.get_full_path())
        return redirect("portal:home")
    if not request.user.is_superuser and not request.user.roles():
        # the portal's resident account, by its relation (workbench does not import portal)
        account = getattr(request.user, "resident_account", None)
        if account is not None and account.sees_portal_only:
            messages.info(request, _("您的账号正在等待社区确认") if account.is_pending
                          else _("社区未能确认您的账号，请查看说明。"))
            return redirect("portal:my_account")
    return render(request, "workbench/home.html", {
        **selectors.workbench(request.user), "role_places": _role_places(request.user)})
