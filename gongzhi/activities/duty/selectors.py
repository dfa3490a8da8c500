"""Reads of duty: the coverage board, the cover and swap requests a user may see or take, the
patrol findings. Each is narrowed to what the actor may see (`for_user`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from gongzhi.activities.duty import rules
from gongzhi.activities.duty.choices import SwapKind, SwapStatus
from gongzhi.activities.duty.models import Finding, SwapRequest
from gongzhi.activities.rota.choices import PostKind
from gongzhi.activities.rota.models import Shift, ShiftSignUp
from gongzhi.activities.rota.selectors import DAY, spans_conflict
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.activities.volunteering.profiles import may_serve, own_volunteer, servable_posts
from gongzhi.core.actions import remembered, user_can_on
from gongzhi.organisations.models import Member
from gongzhi.organisations.selectors import own_member
from gongzhi.places.models import Building, Community

BOARD_DEFAULT_DAYS = 7
BOARD_MAX_DAYS = 31
# the workbench's count: empty slots of the shifts of today and the next two days
EMPTY_SOON_DAYS = 3
LIST_LIMIT = 50


# ---- the coverage board ------------------------------------------------------------------

def board_communities(actor):
    """The communities whose coverage board the actor may open."""
    return (Community.objects.for_user(actor, rules.MANAGE_POST).order_by("street_id", "pk")
            .only("pk", "name"))


def _shifts_with_counts(actor):
    return (Shift.objects.for_user(actor, rules.MANAGE_POST)
            .annotate(taken=Count("signups")))


def empty_q() -> Q:
    """A shift with a slot nobody took (on `_shifts_with_counts`): the board's `empty` filter
    and the workbench's count use this one condition."""
    return Q(taken__lt=F("slots"))


def board_shifts(actor, *, community_id: int, start: datetime.date, days: int,
                 kind: str = "", only_empty: bool = False):
    """The shifts of the community's posts from `start` for `days` days, each with how many
    took it (`taken`): one query whatever the number of posts and shifts."""
    shifts = (_shifts_with_counts(actor)
              .filter(community_id=community_id, date__gte=start,
                      date__lt=start + datetime.timedelta(days=days))
              .select_related("post"))
    if kind:
        shifts = shifts.filter(post__kind=kind)
    if only_empty:
        shifts = shifts.filter(empty_q())
    return shifts.order_by("post__title", "post_id", "starts_at", "date", "pk")


@dataclass
class BoardCell:
    shifts: list = field(default_factory=list)

    @property
    def taken(self) -> int:
        return sum(shift.taken for shift in self.shifts)

    @property
    def slots(self) -> int:
        return sum(shift.slots for shift in self.shifts)

    @property
    def empty(self) -> int:
        return sum(max(shift.slots - shift.taken, 0) for shift in self.shifts)


@dataclass
class BoardRow:
    label: str          # the shift's time ("08:00–16:00"), or "" for a task of the day
    cells: list         # one BoardCell (or None) per day


@dataclass
class BoardPost:
    post: object
    rows: list
    empty: int


def board_grid(shifts, *, start: datetime.date, days: int) -> list[BoardPost]:
    """The shifts laid out per post as days (columns) × shift times (rows)."""
    dates = [start + datetime.timedelta(days=offset) for offset in range(days)]
    posts: dict[int, tuple] = {}
    for shift in shifts:
        post, by_time = posts.setdefault(shift.post_id, (shift.post, defaultdict(dict)))
        if shift.starts_at is None:
            label = ""
        else:
            begins = timezone.localtime(shift.starts_at)
            ends = timezone.localtime(shift.ends_at)
            label = f"{begins:%H:%M}–{ends:%H:%M}"
        by_time[label].setdefault(shift.date, BoardCell()).shifts.append(shift)
    grid = []
    for post, by_time in posts.values():
        rows = [BoardRow(label, [by_time[label].get(day) for day in dates])
                for label in sorted(by_time)]
        grid.append(BoardPost(post, rows, sum(cell.empty for row in rows
                                              for cell in row.cells if cell)))
    return grid


def empty_slots_soon(actor, *, today: datetime.date) -> int:
    """The empty slots of the shifts in the actor's communities from today for
    EMPTY_SOON_DAYS days (the workbench): the board filtered with `empty=1` lists them."""
    shifts = (_shifts_with_counts(actor).filter(
        date__gte=today, date__lt=today + datetime.timedelta(days=EMPTY_SOON_DAYS))
        .filter(empty_q()))
    return sum(shift.slots - shift.taken for shift in shifts.only("pk", "slots"))


# ---- cover and swap requests -------------------------------------------------------------

def _timed_spans(volunteer_ids, shifts) -> dict[int, list[tuple]]:
    """Each volunteer's timed shifts near any of `shifts`, in one query: (shift id, start,
    end) by volunteer id."""
    timed = [shift for shift in shifts if shift.is_timed]
    spans = defaultdict(list)
    if not timed or not volunteer_ids:
        return spans
    rows = (ShiftSignUp.objects.filter(
        volunteer_id__in=volunteer_ids, shift__starts_at__isnull=False,
        shift__starts_at__lt=max(shift.ends_at for shift in timed) + DAY,
        shift__ends_at__gt=min(shift.starts_at for shift in timed) - DAY)
        .values_list("volunteer_id", "shift_id", "shift__starts_at", "shift__ends_at"))
    for volunteer_id, shift_id, starts_at, ends_at in rows:
        spans[volunteer_id].append((shift_id, starts_at, ends_at))
    return spans


def conflict_among(spans, shift):
    """rota.selectors.spans_conflict on the (shift id, start, end) spans of the volunteer's
    shifts, loaded once for a whole list, the shift itself left out."""
    return spans_conflict([(start, end) for shift_id, start, end in spans
                           if shift_id != shift.pk], shift)


def _requests():
    return SwapRequest.objects.select_related(
        "signup__shift__post", "signup__volunteer__person", "target__shift__post",
        "target__volunteer__person", "taken_by__person", "community")


def _prime(rows, actor, volunteer, member=None):
    """Tell the rules asked of each row who the actor serves as (asked once for the list)."""
    for row in rows:
        remembered(row, actor, "own_volunteer", lambda: volunteer)
        remembered(row, actor, "own_member", lambda: member)
    return rows


def covers_open_to(actor, *, now=None) -> list[SwapRequest]:
    """Open cover requests of shifts still to come that the actor may take: they may serve on
    the post, it is not theirs, and taking it breaks neither the overlap nor the rest rule."""
    now = now or timezone.now()
    volunteer = own_volunteer(actor)
    if volunteer is None or volunteer.status != VolunteerStatus.ACTIVE:
        return []
    member = own_member(actor)
    rows = list(_requests().filter(
        community_id=volunteer.community_id, kind=SwapKind.COVER, status=SwapStatus.OPEN,
        signup__shift__date__gte=timezone.localdate(now))
        .exclude(signup__volunteer=volunteer)
        .exclude(signup__shift__signups__volunteer=volunteer)
        .order_by("signup__shift__date", "signup__shift__starts_at", "pk")[:LIST_LIMIT])
    spans = _timed_spans([volunteer.pk], [row.signup.shift for row in rows])[volunteer.pk]
    rows = [row for row in rows
            if may_serve(volunteer, row.signup.shift.post, member=member)
            and conflict_among(spans, row.signup.shift) is None]
    return _prime(rows, actor, volunteer, member)


def own_requests(actor) -> list[SwapRequest]:
    """The requests the actor made, newest first (a shift that changed hands keeps its
    requests with the one who asked, not with its new holder)."""
    if actor is None or not actor.is_authenticated:
        return []
    rows = list(_requests().filter(requested_by=actor).order_by("-created_at", "-pk")
                [:LIST_LIMIT])
    return _prime(rows, actor, own_volunteer(actor))


def swaps_offered_to(actor) -> list[SwapRequest]:
    """Open swaps that name one of the actor's shifts: theirs to accept or decline."""
    volunteer = own_volunteer(actor)
    if volunteer is None:
        return []
    rows = list(_requests().filter(kind=SwapKind.SWAP, status=SwapStatus.OPEN,
                                   target__volunteer=volunteer)
                .order_by("target__shift__date", "pk")[:LIST_LIMIT])
    return _prime(rows, actor, volunteer)


def open_requests_for_staff(actor) -> list[SwapRequest]:
    """Open requests in the actor's communities (staff assign covers). Who asked is shown
    (`names_visible`) only to those who see who took a post's shifts (accounts.roles:
    activities.view_shift_signups), asked once per community."""
    rows = list(_requests().filter(
        pk__in=SwapRequest.objects.for_user(actor, rules.MANAGE_POST).values("pk"),
        status=SwapStatus.OPEN).order_by("signup__shift__date", "pk")[:LIST_LIMIT])
    for row in rows:
        row.names_visible = user_can_on(actor, rules.VIEW_SHIFT_SIGNUPS, row,
                                        scope_key=("community", row.community_id))
    return rows


def request_list(actor):
    """Every request the actor may see through the API: those they made, those offered to
    them or that they took, the open covers of their community, and, for staff, those of
    their communities."""
    volunteer = own_volunteer(actor)
    visible = Q(requested_by=actor) | Q(pk__in=SwapRequest.objects.for_user(
        actor, rules.MANAGE_POST).values("pk"))
    if volunteer is not None:
        visible |= Q(target__volunteer=volunteer) | Q(taken_by=volunteer)
        # an open cover of a post they may serve on (as the rule's `visible` says)
        visible |= Q(kind=SwapKind.COVER, status=SwapStatus.OPEN) & servable_posts(
            volunteer, prefix="signup__shift__post__")
    return _requests().filter(visible).order_by("-created_at", "-pk")


def signup_requests(signup: ShiftSignUp):
    """The requests made for one sign-up (its page), newest first."""
    return _requests().filter(signup=signup).order_by("-created_at", "-pk")[:20]


def swap_targets(signup: ShiftSignUp, *, now=None):
    """The sign-ups of other volunteers on the same post that a swap may name: still to come
    (taken, not checked in, not begun), on another shift, with no open request of their own."""
    now = now or timezone.now()
    open_request = SwapRequest.objects.filter(signup=OuterRef("pk"), status=SwapStatus.OPEN)
    ahead = (Q(shift__starts_at__gt=now)
             | Q(shift__starts_at__isnull=True, shift__date__gt=timezone.localdate(now)))
    return (ShiftSignUp.objects.filter(ahead, shift__post_id=signup.shift.post_id,
                                       status="taken", checked_in_at__isnull=True)
            .exclude(volunteer_id=signup.volunteer_id).exclude(shift_id=signup.shift_id)
            .annotate(open_request_id=Subquery(open_request.values("pk")[:1]))
            .filter(open_request_id__isnull=True)
            .select_related("shift", "volunteer__person")
            .order_by("shift__date", "shift__starts_at", "pk")[:LIST_LIMIT])


def cover_candidates(request: SwapRequest) -> list[Volunteer]:
    """The community's confirmed volunteers who may serve on the request's post, not on its
    shift already, without an overlap or a rest-rule breach (staff assigning a cover)."""
    shift = request.signup.shift
    volunteers = list(Volunteer.objects.filter(community_id=request.community_id,
                                               status=VolunteerStatus.ACTIVE)
                      .exclude(shift_signups__shift=shift)
                      .select_related("person", "unit").order_by("pk")[:200])
    members = {}
    if shift.post.open_to == "members":
        members = {member.person_id: member for member in Member.objects.filter(
            person_id__in=[v.person_id for v in volunteers if v.person_id])}
    spans = _timed_spans([v.pk for v in volunteers], [shift])
    return [volunteer for volunteer in volunteers
            if may_serve(volunteer, shift.post, member=members.get(volunteer.person_id))
            and conflict_among(spans[volunteer.pk], shift) is None]


# ---- patrol findings ---------------------------------------------------------------------

def _findings():
    return Finding.objects.select_related("signup__shift__post", "signup__volunteer__person",
                                          "building", "case", "community", "reported_by")


def finding_list(actor, *, converted: str = ""):
    """The findings of the actor's communities (staff), and those the actor recorded."""
    visible = Q(pk__in=Finding.objects.for_user(actor, rules.MANAGE_POST).values("pk"))
    if actor is not None and actor.is_authenticated:
        visible |= Q(reported_by=actor)
    findings = _findings().filter(visible)
    if converted == "yes":
        findings = findings.filter(case__isnull=False)
    elif converted == "no":
        findings = findings.filter(case__isnull=True)
    return findings.order_by("-created_at", "-pk")


def signup_findings(signup: ShiftSignUp):
    return (Finding.objects.filter(signup=signup).select_related("building")
            .order_by("-created_at", "-pk")[:LIST_LIMIT])


def finding_buildings(community_id: int):
    """The buildings a finding may name: those of the patrol's community (names of places,
    no personal data)."""
    return Building.objects.filter(community_id=community_id).order_by("sort_key", "name")


def own_patrol_signups(actor, *, now=None):
    """The actor's patrol shifts that have begun (a finding is recorded during or after)."""
    now = now or timezone.now()
    volunteer = own_volunteer(actor)
    if volunteer is None:
        return ShiftSignUp.objects.none()
    return (ShiftSignUp.objects.filter(volunteer=volunteer, shift__post__kind=PostKind.PATROL,
                                       shift__date__lte=timezone.localdate(now))
            .select_related("shift__post", "volunteer__person")
            .order_by("-shift__date", "-pk")[:LIST_LIMIT])


def signups_with_requests(queryset):
    """Annotate each sign-up with its open request (`open_request_id`), as the rules read."""
    open_request = SwapRequest.objects.filter(signup=OuterRef("pk"), status=SwapStatus.OPEN)
    return queryset.annotate(open_request_id=Subquery(open_request.values("pk")[:1]))
