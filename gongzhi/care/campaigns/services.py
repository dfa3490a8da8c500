"""Writes of care's campaigns. Staff create a campaign (its goods per household and its
targets, each with the pairing that visits it), open and close it; a target's visit is logged
through visits.services.visit_record, which issues the goods from the campaign's store and marks
the target visited in one transaction. Every write asks its named rule after locking the row
and is audited (audit.writes)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.writes import model_create, model_update
from gongzhi.care.campaigns import rules, selectors
from gongzhi.care.campaigns.choices import CampaignKind, CampaignStatus
from gongzhi.care.campaigns.models import Campaign, CampaignGoods, CampaignHousehold
from gongzhi.care.register import helpers
from gongzhi.care.register.choices import HouseholdStatus, PairingStatus
from gongzhi.care.supplies import ledger
from gongzhi.care.visits import services as visit_services
from gongzhi.care.visits.choices import VisitKind
from gongzhi.care.visits.models import Visit
from gongzhi.core.actions import require
from gongzhi.core.errors import ValidationFailed


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


def _clean_goods(community, store, goods) -> list[tuple]:
    """(item, quantity) rows: items of the community, each once, whole positive numbers."""
    lines, seen = [], set()
    for item, quantity in goods or ():
        if item.community_id != community.pk:
            raise _invalid("goods", _("物资须属于本社区。"))
        if item.pk in seen:
            raise _invalid("goods", _("同一物资只能填写一行。"))
        seen.add(item.pk)
        lines.append((item, ledger.clean_quantity(quantity, field="goods")))
    if lines and store is None:
        raise _invalid("store", _("请选择发放物资的仓库。"))
    return lines


def campaign_create(*, actor, community, name: str, kind: str, starts_on: datetime.date,
                    ends_on: datetime.date, store=None, goods=(), households=None,
                    note: str = "") -> Campaign:
    """A draft campaign of `community`. `goods`: (item, quantity per household). `households`:
    the targets, by default (None) every active household of the register; each is visited
    under its first active pairing (changeable later)."""
    require(actor, rules.CREATE, community)
    name = (name or "").strip()
    if not name:
        raise _invalid("name", _("请填写活动名称。"))
    if kind not in CampaignKind.values:
        raise _invalid("kind", _("请选择慰问类型。"))
    if starts_on is None or ends_on is None:
        raise _invalid("starts_on", _("请填写开始和结束日期。"))
    if ends_on < starts_on:
        raise _invalid("ends_on", _("结束日期不能早于开始日期。"))
    if store is not None and store.community_id != community.pk:
        raise _invalid("store", _("仓库须属于本社区。"))
    goods = _clean_goods(community, store, goods)
    with transaction.atomic():
        if households is None:
            households = list(selectors.active_households(community))
        else:
            households = list(households)
            if any(h.community_id != community.pk or h.status != HouseholdStatus.ACTIVE
                   for h in households):
                raise _invalid("households", _("慰问对象须是本社区帮扶中的帮扶对象。"))
        if not households:
            raise _invalid("households", _("请选择至少一户慰问对象。"))
        campaign = model_create(actor=actor, instance=Campaign(
            community=community, name=name[:100], kind=kind, starts_on=starts_on,
            ends_on=ends_on, store=store, note=(note or "").strip(), created_by=actor))
        for item, quantity in goods:
            model_create(actor=actor, instance=CampaignGoods(campaign=campaign, item=item,
                                                             quantity=quantity))
        first = selectors.first_active_pairings(households)
        for household in households:
            model_create(actor=actor, instance=CampaignHousehold(
                community=community, campaign=campaign, household=household,
                pairing=first.get(household.pk)))
        return campaign


def _lock(campaign: Campaign) -> Campaign:
    return (Campaign.objects.select_for_update(of=("self",))
            .select_related("community", "store").get(pk=campaign.pk))


@transaction.atomic
def campaign_open(*, actor, campaign: Campaign) -> tuple[Campaign, list]:
    """Open the campaign for visits. Returns it and the items its store is short of for the
    targets (a warning: nothing is reserved, goods leave stock as each visit is logged)."""
    campaign = _lock(campaign)
    require(actor, rules.OPEN, campaign)
    model_update(actor=actor, instance=campaign, data={"status": CampaignStatus.OPEN},
                 fields=["status"])
    return campaign, selectors.shortages(campaign)


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    campaign = _lock(campaign)
    require(actor, rules.CLOSE, campaign)
    model_update(actor=actor, instance=campaign, data={"status": CampaignStatus.CLOSED},
                 fields=["status"])
    return campaign


def _lock_target(target: CampaignHousehold) -> CampaignHousehold:
    return (CampaignHousehold.objects.select_for_update(of=("self",))
            .select_related("community", "campaign__community", "campaign__store",
                            "household__community", "household__person").get(pk=target.pk))


@transaction.atomic
def target_set_pairing(*, actor, target: CampaignHousehold, pairing) -> CampaignHousehold:
    """Change who visits the target: one of its household's active pairings, or none (staff
    visit themselves)."""
    target = _lock_target(target)
    require(actor, rules.SET_PAIRING, target)
    if pairing is not None and (pairing.household_id != target.household_id
                                or pairing.status != PairingStatus.ACTIVE):
        raise _invalid("pairing", _("请选择该帮扶对象正在进行的结对。"))
    model_update(actor=actor, instance=target, data={"pairing": pairing}, fields=["pairing"])
    return target


def target_visit(*, actor, target: CampaignHousehold, visited_on: datetime.date,
                 found: str = "", goods: dict | None = None, visitors: str = "",
                 today: datetime.date | None = None) -> Visit:
    """Log the campaign's visit to a target: `goods` {item pk: quantity} of the campaign's
    goods (missing items take the campaign's quantity, zero gives none), issued from its
    store with the visit; the target is visited once, by its helper or staff."""
    today = today or timezone.localdate()
    with transaction.atomic():
        target = _lock_target(target)
        require(actor, rules.VISIT, target)
        campaign = target.campaign
        campaign_goods = selectors.goods_of(campaign)
        goods = goods or {}
        unknown = set(goods) - {g.item_id for g in campaign_goods}
        if unknown:
            raise _invalid("goods", _("只能发放本次慰问活动的物资。"))
        lines = [(g.item, goods.get(g.item_id, g.quantity)) for g in campaign_goods]
        # the visit is made under the target's pairing when the actor is its helper
        pairing = (target.pairing if target.pairing_id is not None
                   and helpers.is_helper_of(actor, target.pairing) else None)
        return visit_services.visit_record(
            actor=actor, household=target.household, visited_on=visited_on,
            kind=VisitKind.FESTIVAL, visitors=visitors, found=found, pairing=pairing,
            campaign_target=target, store=campaign.store, goods=lines, today=today)
