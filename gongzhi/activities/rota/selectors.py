"""Reads of the rota: posts, their shifts and who took them (within the privacy rule), one's
own shifts, and whether a volunteer may take one more shift (no overlap, rest rule)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events.models import Activity
from gongzhi.activities.rota import rules as rota_rules
from gongzhi.activities.rota.choices import OpenTo, PostStatus, ShiftSignUpStatus
from gongzhi.activities.rota.models import Post, Shift, ShiftSignUp
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.activities.volunteering.profiles import own_volunteer
from gongzhi.casework.access import access_case
from gongzhi.casework.selectors import masked_text
from gongzhi.cobuilding.models import Need
from gongzhi.cobuilding.rules import VIEW_BOARD
from gongzhi.core.errors import Conflict
from gongzhi.organisations.models import PartnerUnit
from gongzhi.organisations.selectors import own_member
from gongzhi.places.models import Community

DAY = datetime.timedelta(hours=24)


class ShiftOverlaps(Conflict):
    code = "shift_overlap"
    default_message = _("该班次与您已认领的班次时间重叠。")


class RestRule(Conflict):
    code = "rest_rule"
    default_message = _("认领后 24 小时内的值班时长将超过 %(hours)s 小时，请注意休息。")

    def __init__(self, hours: int):
        super().__init__(self.default_message % {"hours": hours})


def _hours(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    return Decimal((end - start).total_seconds()) / 3600


def shift_conflict(volunteer, shift: Shift, *, leaving: ShiftSignUp | None = None,
                   max_hours_in_24: int | None = None) -> Conflict | None:
    """Why `volunteer` may not take `shift` on top of their other timed shifts, or None:
    the shifts would overlap, or some 24 hours would hold more than the setting
    ACTIVITIES_MAX_HOURS_IN_24 of duty. `leaving`: a sign-up the volunteer gives up in the same
    step (a swap), left out. A shift without fixed times conflicts with nothing."""
    if not shift.is_timed:
        return None
    others = (Shift.objects.filter(signups__volunteer=volunteer, starts_at__isnull=False,
                                   starts_at__lt=shift.ends_at + DAY,
                                   ends_at__gt=shift.starts_at - DAY)
              .exclude(pk=shift.pk))
    if leaving is not None:
        others = others.exclude(signups=leaving)
    spans = [(other.starts_at, other.ends_at) for other in others]
    return spans_conflict(spans, shift, max_hours_in_24=max_hours_in_24)


def spans_conflict(spans, shift: Shift, *,
                   max_hours_in_24: int | None = None) -> Conflict | None:
    """The rule of `shift_conflict` on the (start, end) spans of the volunteer's other timed
    shifts, loaded beforehand: a list that judges many shifts loads them once for all its rows
    (duty's lists); a service asks `shift_conflict`, under lock."""
    if not shift.is_timed:
        return None
    limit = settings.ACTIVITIES_MAX_HOURS_IN_24 if max_hours_in_24 is None else max_hours_in_24
    spans = [(start, end) for start, end in spans
             if start < shift.ends_at + DAY and end > shift.starts_at - DAY]
    if any(start < shift.ends_at and shift.starts_at < end for start, end in spans):
        return ShiftOverlaps()
    spans.append((shift.starts_at, shift.ends_at))
    # the duty within a sliding 24-hour window is largest when the window starts where a
    # shift starts or ends where one ends: those windows are enough to look at
    window_starts = {start for start, _end in spans} | {end - DAY for _start, end in spans}
    for window_start in window_starts:
        window_end = window_start + DAY
        duty = sum((_hours(max(start, window_start), min(end, window_end))
                    for start, end in spans if start < window_end and window_start < end),
                   Decimal(0))
        if duty > limit:
            return RestRule(limit)
    return None


# ---- posts, shifts and sign-ups --------------------------------------------------------------

def _own_q(user) -> Q:
    return Q(volunteer__user=user) | Q(volunteer__person__user=user)


def post_list(user, *, status=None, kind=None, open_to=None, community_id=None,
              to_confirm=False, today=None):
    """Posts the actor may see, with their number of shifts, slots and sign-ups; `to_confirm`:
    those with a shift whose day has come and a sign-up still waiting for the organiser to
    confirm the service (the workbench's link)."""
    posts = (rota_rules.visible_posts(user)
             .select_related("community", "need", "unit")
             .annotate(shift_count=Count("shifts", distinct=True),
                       first_day=Min("shifts__date"), last_day=Max("shifts__date"),
                       slot_count=Subquery(
                           Shift.objects.filter(post=OuterRef("pk")).values("post")
                           .annotate(total=Sum("slots")).values("total")),
                       signup_count=Subquery(
                           ShiftSignUp.objects.filter(shift__post=OuterRef("pk"))
                           .values("shift__post").annotate(n=Count("pk")).values("n"))))
    if status:
        posts = posts.filter(status=status)
    if kind:
        posts = posts.filter(kind=kind)
    if open_to:
        posts = posts.filter(open_to=open_to)
    if community_id:
        posts = posts.filter(community_id=community_id)
    if to_confirm:
        posts = posts.filter(_to_confirm_q(user, today or timezone.localdate()))
    return posts.order_by("-last_day", "-pk")


def _to_confirm_q(user, today) -> Q:
    waiting = ShiftSignUp.objects.for_user(user, rota_rules.CONFIRM_HOURS).filter(
        status=ShiftSignUpStatus.TAKEN, shift__date__lte=today).values("shift__post_id")
    return Q(pk__in=waiting)


def posts_to_confirm_count(user, *, today) -> int:
    """How many rows post_list(to_confirm=True) has: one query."""
    return rota_rules.visible_posts(user).filter(_to_confirm_q(user, today)).count()


def open_posts(user):
    """Open posts the actor may see, soonest first."""
    return post_list(user, status=PostStatus.OPEN).order_by("first_day", "pk")


def need_posts(user, need):
    """Posts published from a need of the needs list, with their sign-up counts."""
    return post_list(user).filter(need=need)


def case_posts(case):
    """Volunteer tasks published from a resident request (Post.source_case), with the number
    of sign-ups and of confirmed ones: counts only, never who."""
    return list(Post.objects.filter(source_case=case).annotate(
        signup_count=Count("shifts__signups"),
        confirmed_count=Count("shifts__signups",
                              filter=Q(shifts__signups__status=ShiftSignUpStatus.CONFIRMED)))
        .order_by("pk"))


def post_shifts(post, *, own_volunteer_id=None):
    """The post's shifts in order, each with its number of sign-ups (`taken`) and, for a
    volunteer, their own sign-up (`own_signup`). Two queries."""
    shifts = list(post.shifts.annotate(taken=Count("signups")).order_by("date", "starts_at",
                                                                         "pk"))
    own = {}
    if own_volunteer_id is not None:
        own = {signup.shift_id: signup for signup in ShiftSignUp.objects.filter(
            shift__post=post, volunteer_id=own_volunteer_id).select_related(
            "volunteer__person")}
    for shift in shifts:
        shift.post = post
        shift.own_signup = own.get(shift.pk)
        if shift.own_signup is not None:
            shift.own_signup.shift = shift
    return shifts


def post_signups(user, post):
    """Who took the post's shifts: only for those the privacy rule lets see them by name
    (activities.view_shift_signups); an empty list for others."""
    if not user.has_perm(rota_rules.SEE_SIGNUPS, post):
        return []
    return list(ShiftSignUp.objects.for_user(user, rota_rules.VIEW_POST)
                .filter(shift__post=post)
                .select_related("volunteer__person", "volunteer__unit", "confirmed_by", "shift")
                .order_by("shift__date", "shift__starts_at", "shift_id", "created_at", "pk"))


def own_signups(user):
    """The actor's own sign-ups (as a volunteer), latest shift first."""
    if user is None or not user.is_authenticated:
        return ShiftSignUp.objects.none()
    return (ShiftSignUp.objects.filter(_own_q(user))
            .select_related("shift__post__community", "volunteer__person")
            .order_by("-shift__date", "-shift__starts_at", "-pk"))


def split_settled_shifts(shifts, *, today) -> tuple[list, list]:
    """(current, settled): a post's shifts, the settled ones being those gone by with no
    sign-up the reader sees still waiting for confirmation (`named_signups`), which a long rota
    folds away."""
    settled = [shift for shift in shifts if shift.date < today and not any(
        signup.status == ShiftSignUpStatus.TAKEN for signup in shift.named_signups)]
    return [shift for shift in shifts if shift not in settled], settled


def my_shifts(user, *, now=None, prepare=None) -> dict:
    """My shifts (phone first): upcoming ones (not yet over, or checked in and not out) and
    past ones with their confirmed hours. Two queries. `prepare`: a function the sign-ups'
    query set goes through first (the duty part annotates what its buttons ask)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    upcoming, past = [], []
    signups = own_signups(user)
    for signup in prepare(signups) if prepare else signups:
        shift = signup.shift
        over = (shift.ends_at <= now) if shift.is_timed else (shift.date < today)
        on_duty = signup.checked_in_at is not None and signup.checked_out_at is None
        (past if over and not on_duty else upcoming).append(signup)
    upcoming.sort(key=lambda s: (s.shift.date, s.shift.starts_at or now, s.pk))
    return {"upcoming": upcoming, "past": past}


def signup_list(user):
    """Sign-ups the actor may see by name: their own, and those of the posts whose sign-ups
    they see (the roll keepers on members-only posts; the organisers on the others)."""
    own = _own_q(user) if user.is_authenticated else Q(pk__in=[])
    names = Q(pk__in=ShiftSignUp.objects.for_user(user, rota_rules.VIEW_SHIFT_SIGNUPS)
              .values("pk"))
    organised = Q(pk__in=ShiftSignUp.objects.for_user(user, rota_rules.MANAGE_POST)
                  .exclude(shift__post__open_to=OpenTo.MEMBERS).values("pk"))
    return (ShiftSignUp.objects.filter(own | names | organised)
            .select_related("shift__post", "volunteer__person", "volunteer__unit")
            .order_by("-shift__date", "-pk"))


def editable_communities(user):
    return Community.objects.for_user(user, rota_rules.MANAGE_POST).order_by("name")


def post_need_choices(user, community_id=None):
    needs = Need.objects.for_user(user, VIEW_BOARD).exclude(status="done")
    if community_id:
        needs = needs.filter(community_id=community_id)
    return needs.order_by("-created_at")


def post_activity_choices(user, community_id=None):
    """Activities of the communities the actor publishes posts in, that a post may steward."""
    activities = Activity.objects.for_user(user, rota_rules.MANAGE_POST)
    if community_id:
        activities = activities.filter(community_id=community_id)
    return activities.order_by("-starts_at", "-pk")


def post_unit_choices(user, community_id=None):
    units = PartnerUnit.objects.for_user(user, rota_rules.MANAGE_POST)
    if community_id:
        units = units.filter(community_id=community_id)
    return units.order_by("community__name", "name")


def post_source_case(actor, case_id):
    """The resident request a post is published from, if the actor may see it; else None
    (a missing or foreign id is answered by the scoped lookup as not found)."""
    if not case_id or not str(case_id).isdigit():
        return None
    return access_case(actor=actor, id=int(case_id))


def case_description_for_post(case) -> str:
    return masked_text(case)


def assign_candidates(user, shift):
    """Volunteers staff may put on the shift: confirmed volunteers of the post's community
    whom it is open to, not on it yet."""
    post = shift.post
    volunteers = (Volunteer.objects.for_user(user, rota_rules.MANAGE_POST)
                  .filter(community_id=post.community_id, status=VolunteerStatus.ACTIVE)
                  .exclude(shift_signups__shift=shift)
                  .select_related("person", "unit"))
    if post.open_to == OpenTo.MEMBERS:
        volunteers = volunteers.filter(person__party_member__community_id=post.community_id)
    elif post.open_to == OpenTo.PARTNER_STAFF:
        volunteers = volunteers.filter(unit__isnull=False)
        if post.unit_id:
            volunteers = volunteers.filter(unit_id=post.unit_id)
    return volunteers.order_by("unit__name", "name", "person__name", "pk")


def posts_open_to(user):
    """Open posts the actor may serve on now: members' posts of the community whose roll they
    are on, partner staff's posts of their unit (or any unit) and volunteers' posts, of the
    community their confirmed volunteer profile is with. Soonest first."""
    volunteer = own_volunteer(user)
    member = own_member(user)
    audience = Q(pk__in=[])
    if member is not None:
        audience |= Q(open_to=OpenTo.MEMBERS, community_id=member.community_id)
    if volunteer is not None and volunteer.status == VolunteerStatus.ACTIVE:
        mine = Q(community_id=volunteer.community_id)
        audience |= mine & Q(open_to=OpenTo.VOLUNTEERS)
        if volunteer.unit_id is not None:
            audience |= mine & Q(open_to=OpenTo.PARTNER_STAFF) & (
                Q(unit__isnull=True) | Q(unit_id=volunteer.unit_id))
    return open_posts(user).filter(audience)
