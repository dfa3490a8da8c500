"""Reads of care's campaigns: the list, a campaign's board and progress, the stock its goods
need, a helper's pending visits and the summary report. Each page asks a fixed number of
queries, however many targets and visits there are."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gongzhi.care.campaigns import access, rules
from gongzhi.care.campaigns.choices import CampaignStatus
from gongzhi.care.campaigns.models import Campaign, CampaignHousehold
from gongzhi.care.register import helpers
from gongzhi.care.register.choices import HelperKind, HouseholdStatus, PairingStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.supplies.choices import MovementKind
from gongzhi.care.supplies.models import Item, Movement, Stock, Store
from gongzhi.care.visits.models import Visit
from gongzhi.places.models import Community

# a visit made by the community's staff themselves, under no pairing
_STAFF_LABEL = _("社区工作人员")

TARGET_RELATED = ("campaign__community", "campaign__store", "community", "household__person",
                  "household__community", "pairing__member__person", "pairing__volunteer__person",
                  "pairing__unit", "visit")


def campaign_list(actor) -> QuerySet[Campaign]:
    return (access.visible_campaigns(actor)
            .select_related("community", "store")
            .annotate(target_count=Count("targets", distinct=True),
                      visited_count=Count("targets", filter=Q(targets__visit__isnull=False),
                                          distinct=True))
            .order_by("-starts_on", "-pk"))


def managed_communities(actor):
    return Community.objects.for_user(actor, rules.MANAGE_CAMPAIGN).order_by("name")


def stores_of(community) -> QuerySet[Store]:
    return Store.objects.filter(community=community, is_active=True).order_by("name")


def items_of(community) -> QuerySet[Item]:
    return Item.objects.filter(community=community).order_by("kind", "name")


def active_households(community) -> QuerySet[CareHousehold]:
    return (CareHousehold.objects.filter(community=community, status=HouseholdStatus.ACTIVE)
            .select_related("person").order_by("pk"))


def first_active_pairings(households) -> dict[int, Pairing]:
    """{household pk: its first active pairing}, in one query."""
    first: dict[int, Pairing] = {}
    for pairing in (Pairing.objects.filter(household__in=households,
                                           status=PairingStatus.ACTIVE).order_by("pk")):
        first.setdefault(pairing.household_id, pairing)
    return first


def goods_of(campaign) -> list:
    return list(campaign.goods.select_related("item").order_by("pk"))


def targets_of(campaign, *, pending_only: bool = False) -> QuerySet[CampaignHousehold]:
    targets = (campaign.targets.select_related(*TARGET_RELATED).order_by("pk"))
    if pending_only:
        targets = targets.filter(visit__isnull=True)
    return targets


@dataclass
class StockLine:
    item: Item
    per_household: int
    stock: int
    needed: int  # for the targets not yet visited

    @property
    def short(self) -> int:
        return max(0, self.needed - self.stock)


def stock_lines(campaign, goods=None, *, pending: int | None = None) -> list[StockLine]:
    """Each campaign item: what its store holds now and what the targets still to be visited
    need of it (two queries)."""
    goods = goods if goods is not None else goods_of(campaign)
    if pending is None:
        pending = campaign.targets.filter(visit__isnull=True).count()
    held = {}
    if campaign.store_id is not None:
        held = dict(Stock.objects.filter(store_id=campaign.store_id,
                                         item_id__in=[g.item_id for g in goods])
                    .values_list("item_id", "quantity"))
    return [StockLine(item=g.item, per_household=g.quantity, stock=held.get(g.item_id, 0),
                      needed=g.quantity * pending) for g in goods]


def shortages(campaign) -> list[StockLine]:
    return [line for line in stock_lines(campaign) if line.short]


@dataclass
class HelperProgress:
    name: str
    kind: str
    total: int = 0
    visited: int = 0


def helper_name(pairing) -> str:
    return pairing.helper_name if pairing is not None else ""


def progress(targets) -> dict:
    """Visited / not yet, and per helper, from the loaded targets (no query)."""
    total = len(targets)
    visited = sum(1 for t in targets if _visited(t))
    per_helper: dict[tuple, HelperProgress] = {}
    for target in targets:
        key = (target.pairing.helper_kind, helper_name(target.pairing)) if target.pairing_id \
            else ("", "")
        row = per_helper.setdefault(key, HelperProgress(name=key[1], kind=key[0]))
        row.total += 1
        row.visited += 1 if _visited(target) else 0
    return {"total": total, "visited": visited, "pending": total - visited,
            "percent": round(visited * 100 / total) if total else 0,
            "per_helper": sorted(per_helper.values(), key=lambda r: (r.kind == "", r.name))}


def _visited(target) -> bool:
    try:
        return target.visit is not None
    except Visit.DoesNotExist:
        return False


def progress_counts(campaign) -> dict:
    """Visited / not yet by counting (one query): for the API and the report."""
    counts = campaign.targets.aggregate(total=Count("pk"),
                                        visited=Count("pk", filter=Q(visit__isnull=False)))
    total, visited = counts["total"], counts["visited"]
    return {"total": total, "visited": visited, "pending": total - visited,
            "percent": round(visited * 100 / total) if total else 0}


def my_pending_targets(actor) -> QuerySet[CampaignHousehold]:
    """The open campaigns' targets not yet visited among the households the actor helps."""
    return (CampaignHousehold.objects
            .filter(campaign__status=CampaignStatus.OPEN, visit__isnull=True,
                    household__status=HouseholdStatus.ACTIVE,
                    household_id__in=helpers.active_pairings_of(actor).values("household_id"))
            .select_related(*TARGET_RELATED).order_by("campaign__ends_on", "pk"))


def report(campaign) -> dict:
    """The street's summary: households targeted, visited and not; goods issued per item;
    visits by the helper's kind. No names."""
    counts = progress_counts(campaign)
    issued = (Movement.objects.filter(visit__campaign_target__campaign=campaign,
                                      kind=MovementKind.ISSUE)
              .values("item_id", "item__name", "item__unit")
              .annotate(quantity=-Sum("quantity")).order_by("item__name"))
    kinds = Counter(dict(Visit.objects.filter(campaign_target__campaign=campaign)
                         .values("pairing__helper_kind").annotate(n=Count("pk"))
                         .values_list("pairing__helper_kind", "n")))
    by_kind = [{"kind": kind, "label": label, "visits": kinds.get(kind, 0)}
               for kind, label in HelperKind.choices]
    by_kind.append({"kind": "staff", "label": _STAFF_LABEL, "visits": kinds.get(None, 0)})
    return {**counts,
            "goods": [{"item_id": row["item_id"], "name": row["item__name"],
                       "unit": row["item__unit"], "quantity": row["quantity"]}
                      for row in issued],
            "by_helper_kind": by_kind}


def pairings_by_household(household_ids) -> dict[int, list[Pairing]]:
    """{household pk: its active pairings}, in one query (the board's pairing choices)."""
    by_household: dict[int, list[Pairing]] = {}
    for pairing in (Pairing.objects.filter(household_id__in=list(household_ids),
                                           status=PairingStatus.ACTIVE)
                    .select_related("member__person", "volunteer__person", "unit")
                    .order_by("pk")):
        by_household.setdefault(pairing.household_id, []).append(pairing)
    return by_household
