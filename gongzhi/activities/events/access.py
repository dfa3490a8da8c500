"""Fetch one activity or sign-up by id within the actor's scope; missing and forbidden answer
alike."""

from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events import rules, selectors
from gongzhi.activities.events.models import Activity, ActivityPhoto, SignUp
from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound, PermissionDenied


def access_activity(*, actor, id, permission=rules.VIEW_ACTIVITY) -> Activity:
    """An activity the actor may see with `permission` (drafts only to its organisers)."""
    activities = (selectors.visible_activities(actor) if permission == rules.VIEW_ACTIVITY
                  else Activity.objects.for_user(actor, permission))
    return get_scoped(activities.select_related("community", "building", "grid", "project",
                                                "resource", "created_by"), pk=id)


def access_attendance(*, actor, id) -> Activity:
    """An activity whose list of who signed up and who came the actor may read. For a themed
    party day or an activity for party members the list is a list of party members (sensitive):
    only those who keep the party roll there read it (party.view_member); the other organisers
    (grid workers) see the activity and its counts, and are refused the names."""
    activity = access_activity(actor=actor, id=id, permission=rules.VIEW_ATTENDANCE)
    if not rules.can_read_attendance(actor, activity):
        raise PermissionDenied(_("主题党日和党员活动的名单只有管理党员名册的工作人员可以查看。"))
    return activity


def access_signup(*, actor, id) -> SignUp:
    """A sign-up: the actor's own, or one of an activity whose attendance they may see."""
    signups = SignUp.objects.select_related("activity", "activity__community", "person")
    signup = signups.filter(pk=id).first()
    if signup is None:
        raise NotFound()
    if signup.person.user_id == getattr(actor, "pk", None) and actor.is_authenticated:
        return signup
    if rules.may_see_attendance(actor, signup):
        return signup
    raise NotFound()


def access_photo(*, actor, id) -> ActivityPhoto:
    return get_scoped(ActivityPhoto.objects.filter(
        activity__in=selectors.visible_activities(actor).values("pk"))
        .select_related("activity"), pk=id)
