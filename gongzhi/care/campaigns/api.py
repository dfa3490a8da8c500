"""Festival campaigns in the JSON API, under /api/v1/care/: the same access functions, rules
and services as the pages."""

import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.care.campaigns import access, rules, selectors, services
from gongzhi.care.campaigns.choices import CampaignKind, CampaignStatus
from gongzhi.care.register import rules as register_rules
from gongzhi.care.register import selectors as register_selectors
from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Count, Id, Pagination
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.core.scoping import has_permission_somewhere

router = Router()


class CareCampaignProgressOut(Schema):
    total: int
    visited: int
    pending: int
    percent: int


class CareCampaignGoodsOut(Schema):
    item_id: int
    item_name: str
    unit: str
    per_household: int
    stock: int = Field(..., description="What the campaign's store holds of the item now.")
    needed: int = Field(..., description="What the targets not yet visited need of it.")


class CareCampaignOut(Schema):
    id: int
    community_id: int
    name: str
    kind: CampaignKind
    status: CampaignStatus
    starts_on: datetime.date
    ends_on: datetime.date
    store_id: int | None
    note: str


class CareCampaignListOut(CareCampaignOut):
    targets: int
    visited: int

    @staticmethod
    def resolve_targets(obj):
        return obj.target_count

    @staticmethod
    def resolve_visited(obj):
        return obj.visited_count


class CareCampaignDetailOut(CareCampaignOut):
    progress: CareCampaignProgressOut
    goods: list[CareCampaignGoodsOut]
    actions: list[str] = Field(..., description=(
        "care.open_campaign, care.close_campaign, care.view_campaign_board, "
        "care.view_campaign_report: the same rules that show the page's buttons."))


class CareCampaignOpenOut(CareCampaignDetailOut):
    short: list[CareCampaignGoodsOut] = Field(..., description=(
        "The items the store holds too few of for every target (a warning: nothing is "
        "reserved)."))


class CareCampaignTargetOut(Schema):
    id: int
    campaign_id: int
    household_id: int
    household_name: str
    pairing_id: int | None
    helper_kind: str | None
    helper_name: str | None
    visited: bool
    visit_id: int | None
    visited_on: datetime.date | None
    actions: list[str] = Field(..., description=(
        "care.set_campaign_pairing, care.visit_campaign_target: the same rules that show "
        "the board's buttons."))


class CareCampaignReportGoodsOut(Schema):
    item_id: int
    name: str
    unit: str
    quantity: int


class CareCampaignReportKindOut(Schema):
    kind: str = Field(..., description="member, volunteer, unit, or staff (no pairing).")
    label: str
    visits: int


class CareCampaignReportOut(CareCampaignProgressOut):
    campaign_id: int
    community_name: str
    name: str
    goods: list[CareCampaignReportGoodsOut]
    by_helper_kind: list[CareCampaignReportKindOut]


def _campaign(campaign) -> dict:
    return {"id": campaign.pk, "community_id": campaign.community_id, "name": campaign.name,
            "kind": campaign.kind, "status": campaign.status, "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on, "store_id": campaign.store_id, "note": campaign.note}


def _goods(line) -> dict:
    return {"item_id": line.item.pk, "item_name": line.item.name, "unit": line.item.unit,
            "per_household": line.per_household, "stock": line.stock, "needed": line.needed}


def _detail(request, campaign) -> dict:
    progress = selectors.progress_counts(campaign)
    return {**_campaign(campaign), "progress": progress,
            "goods": [_goods(line) for line in
                      selectors.stock_lines(campaign, pending=progress["pending"])],
            "actions": open_actions(request.auth, campaign, rules.CAMPAIGN_ACTIONS)}


def _target(request, target) -> dict:
    visited = rules.is_visited(target)
    return {"id": target.pk, "campaign_id": target.campaign_id,
            "household_id": target.household_id, "household_name": target.household.person.name,
            "pairing_id": target.pairing_id,
            "helper_kind": (register_selectors.shown_kind(
                target.pairing, knows_membership=register_rules.may_know_membership(
                    request.auth, target.campaign.community)) if target.pairing_id else None),
            "helper_name": target.pairing.helper_name if target.pairing_id else None,
            "visited": visited, "visit_id": target.visit.pk if visited else None,
            "visited_on": target.visit.visited_on if visited else None,
            "actions": open_actions(request.auth, target, rules.TARGET_ACTIONS)}


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


# ---- campaigns -----------------------------------------------------------------------------

@router.get("/campaigns", response=list[CareCampaignListOut], summary="走访慰问活动")
@paginate(Pagination)
def campaign_list(request):
    if not rules.can_list_campaigns(request.auth):
        raise PermissionDenied()
    return selectors.campaign_list(request.auth)


class CareCampaignGoodsIn(Schema):
    item_id: Id
    quantity: Count


class CareCampaignIn(Schema):
    community_id: Id
    name: str
    kind: CampaignKind
    starts_on: datetime.date
    ends_on: datetime.date
    store_id: Id | None = None
    goods: list[CareCampaignGoodsIn] = Field([], description="What each household receives.")
    household_ids: list[Id] | None = Field(None, description=(
        "The targets; null: every active household of the community's register."))
    note: str = ""


@router.post("/campaigns", response={201: CareCampaignDetailOut}, summary="发起慰问活动（筹备中）")
def campaign_create(request, payload: CareCampaignIn):
    community = get_scoped(selectors.managed_communities(request.auth), pk=payload.community_id)
    require_who(request.auth, rules.CREATE, community)
    store = None
    if payload.store_id is not None:
        store = selectors.stores_of(community).filter(pk=payload.store_id).first()
        if store is None:
            raise _invalid("store_id", _("仓库须属于本社区。"))
    items = {item.pk: item for item in selectors.items_of(community)
             .filter(pk__in=[g.item_id for g in payload.goods])}
    if any(g.item_id not in items for g in payload.goods):
        raise _invalid("goods", _("物资须属于本社区。"))
    households = None
    if payload.household_ids is not None:
        found = {h.pk: h for h in selectors.active_households(community)
                 .filter(pk__in=payload.household_ids)}
        if set(payload.household_ids) - set(found):
            raise _invalid("household_ids", _("慰问对象须是本社区帮扶中的帮扶对象。"))
        households = [found[pk] for pk in dict.fromkeys(payload.household_ids)]
    campaign = services.campaign_create(
        actor=request.auth, community=community, name=payload.name, kind=payload.kind,
        starts_on=payload.starts_on, ends_on=payload.ends_on, store=store,
        goods=[(items[g.item_id], g.quantity) for g in payload.goods if g.quantity],
        households=households, note=payload.note)
    return Status(201, _detail(request, access.access_campaign(actor=request.auth,
                                                                id=campaign.pk)))


@router.get("/campaigns/{campaign_id}", response=CareCampaignDetailOut,
            summary="慰问活动（含进度、物资库存和可执行的操作）")
def campaign_detail(request, campaign_id: Id):
    return _detail(request, access.access_campaign(actor=request.auth, id=campaign_id))


@router.post("/campaigns/{campaign_id}/open", response=CareCampaignOpenOut,
             summary="开始走访（库存不足时提示，不预留库存）")
def campaign_open(request, campaign_id: Id):
    campaign = access.access_campaign(actor=request.auth, id=campaign_id)
    _opened, short = services.campaign_open(actor=request.auth, campaign=campaign)
    return {**_detail(request, access.access_campaign(actor=request.auth, id=campaign_id)),
            "short": [_goods(line) for line in short]}


@router.post("/campaigns/{campaign_id}/close", response=CareCampaignDetailOut,
             summary="结束慰问活动")
def campaign_close(request, campaign_id: Id):
    campaign = access.access_campaign(actor=request.auth, id=campaign_id)
    services.campaign_close(actor=request.auth, campaign=campaign)
    return _detail(request, access.access_campaign(actor=request.auth, id=campaign_id))


@router.get("/campaigns/{campaign_id}/targets", response=list[CareCampaignTargetOut],
            summary="慰问对象及走访情况（工作人员）")
def campaign_targets(request, campaign_id: Id, pending: bool = False):
    campaign = access.access_campaign(actor=request.auth, id=campaign_id)
    require_who(request.auth, rules.VIEW_BOARD, campaign)
    return [_target(request, t) for t in selectors.targets_of(campaign, pending_only=pending)]


@router.get("/campaigns/{campaign_id}/report", response=CareCampaignReportOut,
            summary="慰问活动汇总（不含个人信息）")
def campaign_report(request, campaign_id: Id):
    campaign = access.access_campaign(actor=request.auth, id=campaign_id)
    require_who(request.auth, rules.VIEW_REPORT, campaign)
    report = selectors.report(campaign)
    return {**report, "campaign_id": campaign.pk, "community_name": campaign.community.name,
            "name": campaign.name,
            "by_helper_kind": [{**row, "label": str(row["label"])}
                               for row in report["by_helper_kind"]]}


# ---- targets -------------------------------------------------------------------------------

@router.get("/campaign-visits/mine", response=list[CareCampaignTargetOut],
            summary="我的待走访慰问对象")
def my_campaign_visits(request):
    if not has_permission_somewhere(request.auth, rules.HELP_HOUSEHOLD):
        return []  # one's own pending visits: none
    return [_target(request, t) for t in selectors.my_pending_targets(request.auth)[:200]]


class CareCampaignPairingIn(Schema):
    pairing_id: Id | None = Field(..., description="One of the household's active pairings; "
                                                   "null: staff visit themselves.")


@router.post("/campaign-targets/{target_id}/pairing", response=CareCampaignTargetOut,
             summary="更改负责走访的结对")
def target_pairing(request, target_id: Id, payload: CareCampaignPairingIn):
    target = access.access_target(actor=request.auth, id=target_id)
    require_who(request.auth, rules.SET_PAIRING, target)
    pairing = None
    if payload.pairing_id is not None:
        pairings = {p.pk: p for p in selectors.pairings_by_household([target.household_id])
                    .get(target.household_id, ())}
        pairing = pairings.get(payload.pairing_id)
        if pairing is None:
            raise _invalid("pairing_id", _("请选择该帮扶对象正在进行的结对。"))
    services.target_set_pairing(actor=request.auth, target=target, pairing=pairing)
    return _target(request, access.access_target(actor=request.auth, id=target_id))


class CareCampaignVisitIn(Schema):
    visited_on: datetime.date
    found: str = Field("", description="What the visitor found; kept encrypted.")
    visitors: str = ""
    goods: list[CareCampaignGoodsIn] | None = Field(None, description=(
        "Quantities of the campaign's goods given (0: none); null or a missing item: the "
        "campaign's quantity per household."))


@router.post("/campaign-targets/{target_id}/visit", response={201: CareCampaignTargetOut},
             summary="记录慰问走访（物资同时出库）")
def target_visit(request, target_id: Id, payload: CareCampaignVisitIn):
    target = access.access_target(actor=request.auth, id=target_id)
    require_who(request.auth, rules.VISIT, target)
    services.target_visit(actor=request.auth, target=target, visited_on=payload.visited_on,
                          found=payload.found, visitors=payload.visitors,
                          goods={g.item_id: g.quantity for g in payload.goods or ()})
    return Status(201, _target(request, access.access_target(actor=request.auth,
                                                             id=target_id)))
