"""The events operations of the JSON API, under /api/v1/activities/ (activities/api.py): the
same selectors, access functions, rules and services as the pages. A mini-program lists the
calendar, signs its user up, answers an offer and checks in with the token of the code it
scanned; staff's clients organise, sign up residents, check them in and out and confirm hours.
"""

import datetime
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.activities.events import access, rules, selectors, services
from gongzhi.activities.events.choices import ActivityKind, Audience
from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import PermissionDenied, ValidationFailed

router = Router()


def actions_field(what: str):
    return Field(..., description=(
        f"The actions the reader may take on this {what} now, as rule names (activities.…): "
        "the same rules that show the page's buttons."))


class ActivityOut(Schema):
    id: int
    community_id: int
    title: str
    kind: str
    description: str
    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    audience: str
    building_id: int | None
    grid_id: int | None
    project_id: int | None
    resource_id: int | None
    status: str
    counts_hours: bool
    offer_hours: int
    report: str
    reported_at: datetime.datetime | None


class ActivityListOut(ActivityOut):
    signed_up_count: int = 0
    offered_count: int = 0
    waiting_count: int = 0
    came_count: int = 0


class OwnSignUpOut(Schema):
    id: int
    activity_id: int
    status: str
    offer_expires_at: datetime.datetime | None
    checked_in_at: datetime.datetime | None
    checked_out_at: datetime.datetime | None
    actions: list[str] = actions_field("sign-up")


class ActivityDetailOut(ActivityListOut):
    partner_unit_ids: list[int]
    own_signup: OwnSignUpOut | None
    # why the reader may not sign themself up (the audience), or null
    not_eligible: str | None
    actions: list[str] = actions_field("activity")


class ActivitySignUpOut(Schema):
    id: int
    activity_id: int
    person_id: int
    name: str
    status: str
    offered_at: datetime.datetime | None
    offer_expires_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    checked_in_at: datetime.datetime | None
    checked_out_at: datetime.datetime | None
    actions: list[str] = actions_field("sign-up")


class PhotoOut(Schema):
    id: int
    activity_id: int
    caption: str
    content_type: str


class HoursOut(Schema):
    id: int
    volunteer_id: int
    hours: Decimal
    served_on: datetime.date


def _signup_out(actor, signup) -> dict:
    return {"id": signup.pk, "activity_id": signup.activity_id, "person_id": signup.person_id,
            "name": signup.person.name, "status": signup.status,
            "offered_at": signup.offered_at, "offer_expires_at": signup.offer_expires_at,
            "cancelled_at": signup.cancelled_at, "checked_in_at": signup.checked_in_at,
            "checked_out_at": signup.checked_out_at,
            "actions": open_actions(actor, signup, rules.SIGNUP_ACTIONS)}


def _own_out(actor, signup) -> dict | None:
    if signup is None:
        return None
    return {"id": signup.pk, "activity_id": signup.activity_id, "status": signup.status,
            "offer_expires_at": signup.offer_expires_at, "checked_in_at": signup.checked_in_at,
            "checked_out_at": signup.checked_out_at,
            "actions": open_actions(actor, signup, rules.SIGNUP_ACTIONS)}


def _detail(actor, activity) -> dict:
    counts = selectors.with_counts(selectors.visible_activities(actor)
                                   .filter(pk=activity.pk)).first()
    own = selectors.own_signup_of(actor, activity)
    not_eligible = None
    if own is None and actor.has_perm(rules.JOIN, activity):
        not_eligible = services.eligibility_refusal(activity, selectors.own_record(actor))
    return {**ActivityListOut.from_orm(counts).dict(),
            "partner_unit_ids": sorted(activity.partner_units.values_list("pk", flat=True)),
            "own_signup": _own_out(actor, own), "not_eligible": not_eligible,
            "actions": open_actions(actor, activity, rules.ACTIVITY_ACTIONS)}


@router.get("/activities", response=list[ActivityListOut], summary="活动日历（按月）")
@paginate(Pagination)
def activity_list(request, month: str | None = None, mine: bool = False):
    """One month (YYYY-MM, this month by default) of the activities the reader may see."""
    try:
        day = (datetime.datetime.strptime(month, "%Y-%m").date() if month
               else timezone.localdate().replace(day=1))
    except ValueError:
        raise ValidationFailed(detail={"month": ["YYYY-MM"]}) from None
    return selectors.calendar(request.auth, month=day, mine=mine)


@router.get("/activities/planner", response=list[ActivityListOut], summary="活动安排（工作人员）")
@paginate(Pagination)
def activity_planner(request, when: str = "upcoming", kind: str = "", status: str = ""):
    if not rules.can_manage_activities(request.auth):
        raise PermissionDenied()
    return selectors.planner(request.auth, when=when, kind=kind, status=status)


@router.get("/activities/{activity_id}", response=ActivityDetailOut, summary="活动详情")
def activity_detail(request, activity_id: Id):
    activity = access.access_activity(actor=request.auth, id=activity_id)
    return _detail(request.auth, activity)


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=128)
    kind: ActivityKind
    place: str = Field(..., min_length=1, max_length=128)
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int = Field(..., ge=1, le=5000)
    audience: Audience = Audience.EVERYONE
    building_id: Id | None = None
    grid_id: Id | None = None
    partner_unit_ids: list[Id] = []
    project_id: Id | None = None
    resource_id: Id | None = None
    counts_hours: bool = False
    description: str = ""
    offer_hours: int = Field(24, ge=1, le=168)


class ActivityCreateIn(ActivityIn):
    community_id: Id


class ActivityPatchIn(Schema):
    """The edit form's fields; omitted = unchanged."""

    title: str | None = Field(None, min_length=1, max_length=128)
    kind: ActivityKind | None = None
    place: str | None = Field(None, min_length=1, max_length=128)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    capacity: int | None = Field(None, ge=1, le=5000)
    audience: Audience | None = None
    building_id: Id | None = None
    grid_id: Id | None = None
    partner_unit_ids: list[Id] | None = None
    project_id: Id | None = None
    resource_id: Id | None = None
    counts_hours: bool | None = None
    description: str | None = None
    offer_hours: int | None = Field(None, ge=1, le=168)


RELATIONS = {"building": selectors.buildings_of, "grid": selectors.grids_of,
             "project": selectors.projects_of, "resource": selectors.resources_of}


def _relations(given: dict, community_id: int) -> dict:
    """Ids turned into rows of the community (the form's choices), enums into values."""
    data = {}
    for name, value in given.items():
        if name.endswith("_id") and name[:-3] in RELATIONS:
            data[name[:-3]] = (None if value is None else get_scoped(
                RELATIONS[name[:-3]]([community_id]), pk=value))
        elif name == "partner_unit_ids":
            units = list(selectors.partner_units_of([community_id]).filter(pk__in=value))
            if len(units) != len(set(value)):
                raise ValidationFailed(detail={"partner_unit_ids": [
                    str(_("协办单位须是本社区的共建单位。"))]})
            data["partner_units"] = units
        else:
            data[name] = str(value) if isinstance(value, ActivityKind | Audience) else value
    return data


@router.post("/activities", response={201: ActivityOut}, summary="新建活动（草稿）")
def activity_create(request, payload: ActivityCreateIn):
    community = get_scoped(selectors.manageable_communities(request.auth),
                           pk=payload.community_id)
    given = payload.dict(exclude={"community_id"})
    return Status(201, services.activity_create(actor=request.auth, community=community,
                                                **_relations(given, community.pk)))


@router.patch("/activities/{activity_id}", response=ActivityOut, summary="修改活动")
def activity_edit(request, activity_id: Id, payload: ActivityPatchIn):
    activity = access.access_activity(actor=request.auth, id=activity_id)
    require_who(request.auth, rules.ACTIVITY_ACTION_RULES["edit"], activity)
    given = payload.dict(exclude_unset=True)
    return services.activity_edit(actor=request.auth, activity=activity,
                                  **_relations(given, activity.community_id))


def _staff_activity(request, activity_id, action):
    activity = access.access_activity(actor=request.auth, id=activity_id)
    require_who(request.auth, rules.ACTIVITY_ACTION_RULES[action], activity)
    return activity


@router.post("/activities/{activity_id}/publish", response=ActivityOut, summary="发布活动")
def activity_publish(request, activity_id: Id):
    return services.activity_publish(
        actor=request.auth, activity=_staff_activity(request, activity_id, "publish"))


@router.post("/activities/{activity_id}/close", response=ActivityOut, summary="截止报名")
def activity_close(request, activity_id: Id):
    return services.activity_close(
        actor=request.auth, activity=_staff_activity(request, activity_id, "close"))


@router.post("/activities/{activity_id}/done", response=ActivityOut, summary="标记活动结束")
def activity_done(request, activity_id: Id):
    return services.activity_complete(
        actor=request.auth, activity=_staff_activity(request, activity_id, "done"))


class CancelIn(Schema):
    reason: str = Field("", max_length=200)


@router.post("/activities/{activity_id}/cancel", response=ActivityOut,
             summary="取消活动（通知已报名者）")
def activity_cancel(request, activity_id: Id, payload: CancelIn):
    return services.activity_cancel(
        actor=request.auth, activity=_staff_activity(request, activity_id, "cancel"),
        reason=payload.reason)


class ActivityReportIn(Schema):
    report: str = Field(..., min_length=1, max_length=5000)


@router.post("/activities/{activity_id}/report", response=ActivityOut, summary="填写活动小结")
def activity_report(request, activity_id: Id, payload: ActivityReportIn):
    return services.activity_report(
        actor=request.auth, activity=_staff_activity(request, activity_id, "report"),
        report=payload.report)


@router.post("/activities/{activity_id}/rotate-code", response=ActivityOut,
             summary="换新签到码（旧码失效）")
def activity_rotate_code(request, activity_id: Id):
    return services.activity_checkin_key_rotate(
        actor=request.auth, activity=_staff_activity(request, activity_id, "rotate_code"))


@router.get("/activities/{activity_id}/photos", response=list[PhotoOut], summary="活动照片")
def photo_list(request, activity_id: Id):
    return list(selectors.photos(access.access_activity(actor=request.auth, id=activity_id)))


@router.post("/activities/{activity_id}/photos", response={201: PhotoOut},
             summary="上传活动照片")
def photo_add(request, activity_id: Id, caption: Form[str] = "",
              photo: File[UploadedFile] = None):
    activity = _staff_activity(request, activity_id, "photo")
    if photo is None:
        raise ValidationFailed(detail={"photo": [str(_("请上传照片。"))]})
    return Status(201, services.activity_photo_add(actor=request.auth, activity=activity,
                                                   photo=photo, caption=caption))


@router.get("/photos/{photo_id}", summary="下载活动照片（按权限）", response={200: None})
def photo_download(request, photo_id: Id):
    photo = access.access_photo(actor=request.auth, id=photo_id)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"  # as the page serves it: residents' faces
    return response


@router.get("/activities/{activity_id}/signups", response=list[ActivitySignUpOut],
            summary="报名与签到名单（组织者）")
def signup_list(request, activity_id: Id):
    activity = access.access_attendance(actor=request.auth, id=activity_id)
    return [_signup_out(request.auth, s) for s in selectors.attendance_rows(activity)]


@router.post("/activities/{activity_id}/signups", response={201: ActivitySignUpOut},
             summary="本人报名（名额满则进入候补）")
def signup_join(request, activity_id: Id):
    activity = access.access_activity(actor=request.auth, id=activity_id)
    require_who(request.auth, rules.JOIN, activity)
    return Status(201, _signup_out(request.auth, services.signup_join(
        actor=request.auth, activity=activity)))


class ActivityResidentIn(Schema):
    person_id: Id


@router.post("/activities/{activity_id}/signups/resident", response={201: ActivitySignUpOut},
             summary="为居民代报名（工作人员）")
def signup_for_resident(request, activity_id: Id, payload: ActivityResidentIn):
    activity = _staff_activity(request, activity_id, "signup_for")
    person = get_scoped(selectors.residents_to_sign_up(request.auth, activity),
                        pk=payload.person_id)
    return Status(201, _signup_out(request.auth, services.signup_for_resident(
        actor=request.auth, activity=activity, person=person)))


@router.get("/my-signups", response=list[ActivitySignUpOut], summary="我的活动报名")
def my_signups(request, queue: str = ""):
    return [_signup_out(request.auth, s) for s in selectors.own_signups(
        request.auth, queue=queue if queue in ("upcoming", "offers") else "")
        .select_related("person")]


def _signup(request, signup_id):
    return access.access_signup(actor=request.auth, id=signup_id)


@router.post("/signups/{signup_id}/cancel", response=ActivitySignUpOut, summary="取消报名")
def signup_cancel(request, signup_id: Id):
    return _signup_out(request.auth, services.signup_cancel(
        actor=request.auth, signup=_signup(request, signup_id)))


@router.post("/signups/{signup_id}/accept", response=ActivitySignUpOut, summary="确认递补名额")
def offer_accept(request, signup_id: Id):
    return _signup_out(request.auth, services.offer_accept(
        actor=request.auth, signup=_signup(request, signup_id)))


@router.post("/signups/{signup_id}/decline", response=ActivitySignUpOut, summary="放弃递补名额")
def offer_decline(request, signup_id: Id):
    return _signup_out(request.auth, services.offer_decline(
        actor=request.auth, signup=_signup(request, signup_id)))


@router.post("/signups/{signup_id}/check-in", response=ActivitySignUpOut,
             summary="代为签到（工作人员）")
def signup_check_in(request, signup_id: Id):
    return _signup_out(request.auth, services.signup_check_in(
        actor=request.auth, signup=_signup(request, signup_id)))


@router.post("/signups/{signup_id}/check-out", response=ActivitySignUpOut,
             summary="签退（工作人员）")
def signup_check_out(request, signup_id: Id):
    return _signup_out(request.auth, services.signup_check_out(
        actor=request.auth, signup=_signup(request, signup_id)))


class HoursIn(Schema):
    hours: Decimal | None = Field(None, ge=0, le=24)


@router.post("/signups/{signup_id}/hours", response={201: HoursOut},
             summary="确认志愿服务时长（记入台账）")
def signup_hours_confirm(request, signup_id: Id, payload: HoursIn):
    return Status(201, services.signup_hours_confirm(
        actor=request.auth, signup=_signup(request, signup_id), hours=payload.hours))


class CheckinIn(Schema):
    token: str = Field(..., min_length=1, max_length=300)


@router.post("/checkin", response=OwnSignUpOut, summary="扫码签到（签到码中的 token）")
def checkin_by_code(request, payload: CheckinIn):
    signup = services.checkin_by_code(actor=request.auth, token=payload.token)
    return _own_out(request.auth, signup)

