"""Writes of care's visits. A visit is logged by a helper on their phone or by staff; goods
given from a store leave its stock in the same transaction as the visit (supplies.ledger), and
a festival campaign's visit marks its target visited in that transaction too: either all of it
is recorded or none."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.writes import model_create
from gongzhi.care.campaigns.choices import CampaignStatus
from gongzhi.care.campaigns.models import CampaignHousehold
from gongzhi.care.register import helpers
from gongzhi.care.register.choices import PairingStatus
from gongzhi.care.register.models import CareHousehold
from gongzhi.care.register.profile import encrypt_found
from gongzhi.care.supplies import ledger
from gongzhi.care.supplies.choices import MovementKind
from gongzhi.care.visits import rules
from gongzhi.care.visits.choices import FollowUpStatus, VisitKind
from gongzhi.care.visits.models import Visit
from gongzhi.core.actions import require
from gongzhi.core.errors import Conflict, ValidationFailed
from gongzhi.core.text import mask_name


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
        if store is not None and store.community_id != household.community_id:
            raise _invalid("store", _("仓库须属于本社区。"))
        given = (given or "").strip()
        if goods and not given:
            given = "、".join(f"{item.name}{quantity}{item.unit}" for item, quantity in goods)
        follow_up = (follow_up or "").strip()
        visit = model_create(actor=actor, instance=Visit(
            community_id=household.community_id, household=household, pairing=pairing,
            kind=kind, visited_on=visited_on,
            visitors=((visitors or "").strip() or str(actor))[:200],
            found_encrypted=encrypt_found(found), given=given[:200], follow_up=follow_up[:500],
            follow_up_status=FollowUpStatus.OPEN if follow_up else FollowUpStatus.NONE,
            photo=photo or "", hours=hours, campaign_target=campaign_target,
            recorded_by=actor))
        if goods:
            ledger.move(actor=actor, store=store, lines=goods, kind=MovementKind.ISSUE,
                        moved_on=visited_on, household=household, visit=visit,
                        recipient=mask_name(household.person.name))
        return visit
