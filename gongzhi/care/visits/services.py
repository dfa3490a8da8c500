"""Writes of care's visits. A visit is logged by a helper on their phone or by staff; goods
given from a store leave its stock in the same transaction as the visit (supplies.ledger), and
a festival campaign's visit marks its target visited in that transaction too: either all of it
is recorded or none."""

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.models import RoleAssignment
from gongzhi.accounts.roles import PERMISSIONS
from gongzhi.activities.volunteering import services as volunteering_services
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.audit.choices import Outcome
from gongzhi.audit.services import audit_sensitive_read
from gongzhi.audit.writes import model_create, model_update
from gongzhi.care.campaigns.choices import CampaignStatus
from gongzhi.care.campaigns.models import CampaignGoods, CampaignHousehold
from gongzhi.care.register import helpers
from gongzhi.care.register import rules as register_rules
from gongzhi.care.register.choices import HelperKind, PairingStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.register.profile import decrypt_found, encrypt_found
from gongzhi.care.supplies import ledger
from gongzhi.care.supplies import rules as supplies_rules
from gongzhi.care.supplies.choices import MovementKind
from gongzhi.care.supplies.models import Store
from gongzhi.care.visits import rules, selectors
from gongzhi.care.visits.choices import FollowUpStatus, VisitKind
from gongzhi.care.visits.models import Visit
from gongzhi.casework import services as case_services
from gongzhi.casework.choices import Channel
from gongzhi.cobuilding import services as cobuilding_services
from gongzhi.core.actions import require
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.text import mask_name
from gongzhi.core.uploads import stored_upload, upload_content_type
from gongzhi.notifications.choices import Kind
from gongzhi.notifications.services import notification_send


class CampaignTargetVisited(Conflict):
    code = "care_campaign_target_visited"
    default_message = _("该户已记录本次慰问走访。")


class CampaignNotOpen(Conflict):
    code = "care_campaign_not_open"
    default_message = _("该慰问活动未在进行中，不能记录走访。")


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


def _clean_hours(hours):
    if hours in (None, ""):
        return None
    try:
        value = Decimal(str(hours)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise _invalid("hours", _("服务时长须为 0.1 至 12 小时。")) from None
    if not Decimal("0.1") <= value <= Decimal("12"):
        raise _invalid("hours", _("服务时长须为 0.1 至 12 小时。"))
    return value


PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def _checked_photo(photo) -> tuple[str, object]:
    """A random file name for the photo and what to store of it (without the camera's
    metadata: a photo of a home must not carry its GPS position), after checking its size and
    that it is an image."""
    content_type = upload_content_type(
        photo, field="photo", max_bytes=settings.CASEWORK_PHOTO_MAX_BYTES,
        too_large=_("照片不能大于 %(mb)s MB。"),
        wrong_type=_("只能上传 JPEG、PNG 或 WebP 格式的照片。"))
    return (f"{uuid.uuid4().hex}.{PHOTO_EXTENSIONS[content_type]}",
            stored_upload(photo, content_type))


def _pairing_for(actor, household, pairing):
    """The pairing the visit is made under: the one given (active, of this household), else
    the actor's own active pairing of the household, if any (none when staff visit)."""
    if pairing is not None:
        if pairing.household_id != household.pk or pairing.status != PairingStatus.ACTIVE:
            raise _invalid("pairing", _("请选择该帮扶对象正在进行的结对。"))
        return pairing
    return (helpers.active_pairings_of(actor).filter(household=household)
            .order_by("pk").first())


def visit_record(*, actor, household: CareHousehold, visited_on: datetime.date,
                 kind: str = VisitKind.HOME, visitors: str = "", found: str = "",
                 given: str = "", follow_up: str = "", hours=None, photo=None, pairing=None,
                 campaign_target: CampaignHousehold | None = None, store=None,
                 goods=(), today: datetime.date | None = None) -> Visit:
    """Log a visit to `household`. `goods`: (item, quantity) given from `store`, issued in the
    same step (refused as a whole when stock is short). `campaign_target`: the festival
    campaign's row for this household, which the visit marks visited."""
    today = today or timezone.localdate()
    if kind not in VisitKind.values:
        raise _invalid("kind", _("请选择走访方式。"))
    if visited_on is None or visited_on > today:
        raise _invalid("visited_on", _("走访日期不能晚于今天。"))
    hours = _clean_hours(hours)
    photo_name, photo_content = _checked_photo(photo) if photo else ("", None)
    goods = [(item, ledger.clean_quantity(quantity, field="goods")) for item, quantity in goods
             if quantity not in (None, "", 0, "0")]
    if goods and store is None:
        raise _invalid("store", _("请选择发放物资的仓库。"))
    with transaction.atomic():
        household = (CareHousehold.objects.select_for_update(of=("self",))
                     .select_related("community", "person").get(pk=household.pk))
        require(actor, rules.LOG_VISIT, household)
        pairing = _pairing_for(actor, household, pairing)
        if campaign_target is not None:
            campaign_target = (CampaignHousehold.objects.select_for_update(of=("self",))
                               .select_related("campaign").get(pk=campaign_target.pk))
            if campaign_target.household_id != household.pk:
                raise _invalid("campaign_target", _("慰问对象与走访的帮扶对象不一致。"))
            if campaign_target.campaign.status != CampaignStatus.OPEN:
                raise CampaignNotOpen()
            if Visit.objects.filter(campaign_target=campaign_target).exists():
                raise CampaignTargetVisited()
        if store is not None:
            store = _goods_store(actor, store, household=household,
                                 campaign_target=campaign_target, goods=goods)
        given = (given or "").strip()
        if goods and not given:
            given = "、".join(f"{item.name}{quantity}{item.unit}" for item, quantity in goods)
        follow_up = (follow_up or "").strip()
        visit = model_create(actor=actor, instance=Visit(
            community_id=household.community_id, household=household, pairing=pairing,
            kind=kind, visited_on=visited_on,
            visitors=((visitors or "").strip() or actor.shown_name)[:200],
            found_encrypted=encrypt_found(found), given=given[:200], follow_up=follow_up[:500],
            follow_up_status=FollowUpStatus.OPEN if follow_up else FollowUpStatus.NONE,
            hours=hours, campaign_target=campaign_target, recorded_by=actor))
        if photo:
            # stored under a random name, served only by the checked view (views.visit_photo)
            visit.photo.save(photo_name, photo_content, save=False)
            visit.save(update_fields=["photo"])
        if goods:
            ledger.move(actor=actor, store=store, lines=goods, kind=MovementKind.ISSUE,
                        moved_on=visited_on, household=household, visit=visit,
                        recipient=mask_name(household.person.name))
        return visit


class StoreInactive(Conflict):
    code = "care_store_inactive"
    default_message = _("该仓库已停用，不能发放物资。")


def _goods_store(actor, store, *, household, campaign_target, goods):
    """The store goods leave, locked and in use. Outside a festival campaign only those who
    issue supplies (care.issue_supplies) give goods from the store; on a campaign's visit a
    helper gives the campaign's goods, at most its quantity per household, and only those who
    issue supplies may give more."""
    store = Store.objects.select_for_update().get(pk=store.pk)
    if store.community_id != household.community_id:
        raise _invalid("store", _("仓库须属于本社区。"))
    if not store.is_active:
        raise StoreInactive()
    if not goods:
        return store
    may_issue = actor.has_perm(supplies_rules.ISSUE, store)
    if campaign_target is None:
        if not may_issue:
            raise _invalid("goods", _(
                "走访时从仓库发放物资须由社区工作人员登记；节日慰问的物资请在慰问走访中登记。"))
        return store
    allowed = dict(CampaignGoods.objects.filter(campaign_id=campaign_target.campaign_id)
                   .values_list("item_id", "quantity"))
    for item, quantity in goods:
        if item.pk not in allowed:
            raise _invalid("goods", _("只能发放本次慰问活动的物资。"))
        if quantity > allowed[item.pk] and not may_issue:
            raise _invalid("goods", _("%(item)s 每户最多 %(n)s%(unit)s。") % {
                "item": item.name, "n": allowed[item.pk], "unit": item.unit})
    return store


# ---- the audited read of what a visit found ------------------------------------------------

def visit_found_read(*, actor, visit: Visit, reason: str = "") -> str:
    """What the visitor found (health, money, housing), for those who may read the household
    in full; every such read is written to the audit trail, a refused one too."""
    try:
        require(actor, register_rules.READ_FULL, visit.household)
    except (NotFound, PermissionDenied):
        audit_sensitive_read(actor=actor, instance=visit, fields=["found"],
                             reason=reason or str(_("查看走访记录")), outcome=Outcome.FAILURE)
        raise
    audit_sensitive_read(actor=actor, instance=visit, fields=["found"],
                         reason=reason or str(_("查看走访记录")))
    return decrypt_found(visit.found_encrypted)


# ---- follow-ups ----------------------------------------------------------------------------

def _lock_visit(visit: Visit) -> Visit:
    return (Visit.objects.select_for_update(of=("self",))
            .select_related("community", "household__community", "household__person__flat",
                            "pairing").get(pk=visit.pk))


@transaction.atomic
def follow_up_to_case(*, actor, visit: Visit, category, building=None, now=None) -> Visit:
    """Staff turn a visit's follow-up into a resident request: casework registers it as a
    walk-in entered by staff on the resident's behalf (来访代录) — the resident told a visitor
    in person at home; it is not a grid worker's patrol finding (巡查), and the reply is owed
    to the resident, who is named as the reporter. The visit keeps the link."""
    visit = _lock_visit(visit)
    require(actor, rules.FOLLOW_UP_CASE, visit)
    person = visit.household.person
    building = building or (person.flat.building if person.flat_id else None)
    if building is None:
        raise _invalid("building", _("请选择问题所在的楼栋。"))
    if building.community_id != visit.community_id:
        raise _invalid("building", _("楼栋须在本社区。"))
    # the difficulty stays in care: the request says what is to be done and when it was heard
    description = str(_("%(text)s（入户走访时反映，%(date)s）") % {
        "text": visit.follow_up, "date": visit.visited_on.isoformat()})
    try:
        case = case_services.case_report(actor=actor, category=category, building=building,
                                         description=description, channel=Channel.WALK_IN,
                                         reporter=person, now=now)
    except NotFound:  # the actor may not report in that building
        raise _invalid("building", _("您不能在该楼栋登记诉求。")) from None
    model_update(actor=actor, instance=visit,
                 data={"case": case, "follow_up_status": FollowUpStatus.CASE},
                 fields=["case", "follow_up_status"])
    return visit


@transaction.atomic
def follow_up_to_need(*, actor, visit: Visit, category: str, title: str = "",
                      urgency: str = "medium") -> Visit:
    """Staff turn a follow-up the community cannot meet alone into a co-building need that a
    partner unit can take on; partner units read needs, so the need names no one (the flat's
    building at most), and the visit keeps the link."""
    visit = _lock_visit(visit)
    require(actor, rules.FOLLOW_UP_NEED, visit)
    title = (title or "").strip() or visit.follow_up[:40]
    if len(title) < 2:
        raise _invalid("title", _("请填写需求标题。"))
    person = visit.household.person
    need = cobuilding_services.need_create(
        actor=actor, community=visit.community, title=title[:128], category=category,
        description=visit.follow_up, affected=(person.flat.building.name if person.flat_id
                                               else ""),
        urgency=urgency, people_count=1)
    model_update(actor=actor, instance=visit,
                 data={"need": need, "follow_up_status": FollowUpStatus.NEED},
                 fields=["need", "follow_up_status"])
    return visit


@transaction.atomic
def follow_up_done(*, actor, visit: Visit) -> Visit:
    """Staff mark a follow-up dealt with (it needed neither a request nor a need)."""
    visit = _lock_visit(visit)
    require(actor, rules.FOLLOW_UP_DONE, visit)
    model_update(actor=actor, instance=visit, data={"follow_up_status": FollowUpStatus.DONE},
                 fields=["follow_up_status"])
    return visit


# ---- hours ---------------------------------------------------------------------------------

def _visitor_volunteer(*, actor, pairing: Pairing) -> Volunteer:
    if pairing.helper_kind == HelperKind.VOLUNTEER:
        return pairing.volunteer
    return volunteering_services.volunteer_of_member(actor=actor, person=pairing.member.person)


@transaction.atomic
def visit_hours_confirm(*, actor, visit: Visit) -> Visit:
    """Staff who confirm service hours put a visit's hours into its helper's volunteer ledger,
    once: the visit row is locked, and the ledger's unique source ("care.visit:<pk>") turns a
    second confirmation away even when two arrive at once."""
    visit = _lock_visit(visit)
    require(actor, rules.CONFIRM_VISIT_HOURS, visit)
    pairing = (Pairing.objects.select_related("member__person", "volunteer")
               .get(pk=visit.pairing_id))
    volunteer = _visitor_volunteer(actor=actor, pairing=pairing)
    entry = volunteering_services.service_hours_record(
        actor=actor, volunteer=volunteer, hours=visit.hours, served_on=visit.visited_on,
        description=str(_("结对帮扶走访")), source=f"care.visit:{visit.pk}")
    model_update(actor=actor, instance=visit, data={"hours_entry": entry},
                 fields=["hours_entry"])
    return visit


# ---- reminders -----------------------------------------------------------------------------

def _helper_logins(household: CareHousehold) -> set:
    """The logins of the household's active helpers: a member's registry record's user, a
    volunteer's own or their record's user, a partner unit's contacts."""
    User = get_user_model()
    pairings = Pairing.objects.filter(household=household, status=PairingStatus.ACTIVE)
    return set(User.objects.filter(
        Q(person__party_member__in=pairings.values("member"))
        | Q(pk__in=pairings.values("volunteer__user"))
        | Q(person__volunteer__in=pairings.values("volunteer"))
        | Q(partner_contact__unit__in=pairings.values("unit"))).distinct())


def _staff_logins(household: CareHousehold) -> set:
    """The logins of the community's staff who keep the register."""
    User = get_user_model()
    keepers = PERMISSIONS[register_rules.MANAGE_HOUSEHOLD]
    return set(User.objects.filter(
        pk__in=RoleAssignment.objects.filter(community_id=household.community_id,
                                             role__in=keepers).values("user")))


def visit_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell each household's helpers and its community's register staff that it is due for a
    visit within selectors.REMIND_DAYS_AHEAD days, or overdue; once per household and due
    date: the household is claimed by a conditional update of `reminded_for` in the
    transaction of its notice, so a second run or a second worker sends nothing. Returns how
    many households were told of."""
    today = today or timezone.localdate()
    told = 0
    for row in selectors.reminders_due(today=today):
        household = row.household
        with transaction.atomic():
            claimed = CareHousehold.objects.filter(pk=household.pk).filter(
                Q(reminded_for__isnull=True) | ~Q(reminded_for=row.due_on)).update(
                    reminded_for=row.due_on)
            if not claimed:
                continue
            recipients = _helper_logins(household) | _staff_logins(household)
            if recipients:
                title = (_("帮扶走访已逾期：%(name)s") if row.is_overdue
                         else _("帮扶走访即将到期：%(name)s"))
                notification_send(
                    actor=None, recipients=recipients, kind=Kind.CARE_VISIT_DUE, title=title,
                    body=_("按帮扶计划应于 %(due)s 前走访，请安排走访并记录。"),
                    params={"name": mask_name(household.person.name),
                            "due": row.due_on.isoformat()},
                    target=household, url=reverse("care:my_households"),
                    community=household.community)
        told += 1
    return told
