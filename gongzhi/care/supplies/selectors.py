"""Reads of the supplies ledger: stores, items and stock in the reader's scope, the ledger
with its filters, the stock report of a period and a donor's statement (no personal names)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events.models import Activity
from gongzhi.activities.rota.choices import PostKind
from gongzhi.activities.rota.models import Shift
from gongzhi.care.register.access import visible_households
from gongzhi.care.register.choices import HouseholdStatus
from gongzhi.care.supplies import rules
from gongzhi.care.supplies.choices import MovementKind
from gongzhi.care.supplies.models import Donation, Item, Movement, Stock, Store
from gongzhi.core.access import get_scoped
from gongzhi.core.text import mask_name
from gongzhi.organisations.models import PartnerUnit
from gongzhi.places.models import Community

# an item at or below this many units is shown as running low (zero as out of stock)
LOW_STOCK = 5


def communities(actor, permission: str = rules.MANAGE_SUPPLIES) -> QuerySet[Community]:
    return Community.objects.for_user(actor, permission).order_by("name")


def store_list(actor, *, active_only: bool = False,
               permission: str = rules.VIEW_SUPPLIES) -> QuerySet[Store]:
    stores = Store.objects.for_user(actor, permission).select_related("community")
    if active_only:
        stores = stores.filter(is_active=True)
    return stores.annotate(item_count=Count("stock", filter=Q(stock__quantity__gt=0)))


def item_list(actor, *, community=None, permission: str = rules.VIEW_SUPPLIES) -> QuerySet[Item]:
    items = Item.objects.for_user(actor, permission).select_related("community")
    if community is not None:
        items = items.filter(community=community)
    return items


def stock_of(store: Store) -> list[Stock]:
    """Each item the store has held, with its quantity now, marked low or out."""
    rows = list(Stock.objects.filter(store=store).select_related("item")
                .order_by("item__kind", "item__name"))
    for row in rows:
        row.is_out = row.quantity == 0
        row.is_low = 0 < row.quantity <= LOW_STOCK
    return rows


def donation_list(actor, *, unit: PartnerUnit | None = None) -> QuerySet[Donation]:
    donations = (Donation.objects.for_user(actor, rules.VIEW_SUPPLIES)
                 .select_related("community", "store", "donor_unit", "recorded_by"))
    if unit is not None:
        donations = donations.filter(donor_unit=unit)
    return donations


def donation_lines(donation: Donation) -> list[Movement]:
    """A donation's receipt lines, each with its corrections added in."""
    lines = list(donation.lines.select_related("item").order_by("pk").annotate(
        corrected=Coalesce(Sum("corrections__quantity"), Value(0))))
    for line in lines:
        line.received = line.quantity + line.corrected
    return lines


def with_returnable(movements: QuerySet[Movement]) -> QuerySet[Movement]:
    """Each issue with what is left to return of it (`returnable`), in the same query."""
    def total(condition):
        return Coalesce(Subquery(
            Movement.objects.filter(condition).order_by().values("store")
            .annotate(total=Sum("quantity")).values("total")[:1],
            output_field=IntegerField()), Value(0))
    return movements.annotate(
        returnable_raw=(total(Q(corrects=OuterRef("pk")) | Q(returns=OuterRef("pk"))
                              | Q(corrects__returns=OuterRef("pk")))))


def _returnable(row) -> int:
    return -(row.quantity + row.returnable_raw) if row.kind == MovementKind.ISSUE else 0


@dataclass
class LedgerFilters:
    store: Store | None = None
    item: Item | None = None
    kind: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


def movement_list(actor, filters: LedgerFilters | None = None) -> QuerySet[Movement]:
    """The ledger, newest first, filtered; each row with what it was for and who recorded it
    (the household's person for its masked name) and, for an issue, what is left to return."""
    filters = filters or LedgerFilters()
    rows = (Movement.objects.for_user(actor, rules.VIEW_SUPPLIES)
            .select_related("store__community", "item", "recorded_by", "activity",
                            "shift__post", "household__person", "visit", "donation__donor_unit",
                            "returns", "corrects"))
    if filters.store is not None:
        rows = rows.filter(store=filters.store)
    if filters.item is not None:
        rows = rows.filter(item=filters.item)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.start is not None:
        rows = rows.filter(moved_on__gte=filters.start)
    if filters.end is not None:
        rows = rows.filter(moved_on__lte=filters.end)
    return with_returnable(rows).order_by("-moved_on", "-pk")


def ledger_page(rows) -> list[Movement]:
    """A page of the ledger ready to show: `returnable` set from the annotation."""
    rows = list(rows)
    for row in rows:
        row.returnable = _returnable(row)
        # whoever reads the ledger (admins above the community too) sees a masked name
        row.household_name = mask_name(row.household.person.name) if row.household_id else ""
    return rows


def issue_choices(actor, community: Community, *, today: datetime.date) -> dict:
    """What an issue may be for: the community's activities of the last and next months, its
    checkpoint shifts of those days, the households of the care register the actor sees."""
    start, end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=30)
    return {
        "activities": list(Activity.objects.filter(
            community=community, starts_at__date__range=(start, end)).order_by("-starts_at")[:100]),
        "shifts": list(Shift.objects.filter(
            community=community, post__kind=PostKind.CHECKPOINT, date__range=(start, end))
            .select_related("post").order_by("-date", "starts_at")[:200]),
        "households": list(visible_households(actor).filter(
            community=community, status=HouseholdStatus.ACTIVE).select_related("person")
            .order_by("pk")[:500]),
    }


def issue_activity(community: Community, pk) -> Activity:
    """An activity of the community an issue is for (any date), or not found."""
    return get_scoped(Activity.objects.filter(community=community), pk=pk)


def issue_shift(community: Community, pk) -> Shift:
    """A checkpoint shift of the community an issue is for (any date), or not found."""
    return get_scoped(Shift.objects.filter(community=community, post__kind=PostKind.CHECKPOINT)
                      .select_related("post"), pk=pk)


def partner_units(community: Community) -> QuerySet[PartnerUnit]:
    return PartnerUnit.objects.filter(community=community).order_by("name")


# ---- the stock report ----------------------------------------------------------------------

COLUMNS = ("opening", "received", "issued", "returned", "written_off", "corrected", "closing")
COLUMN_LABELS = {"opening": _("期初"), "received": _("入库"), "issued": _("发放"),
                 "returned": _("退回"), "written_off": _("报损"), "corrected": _("更正"),
                 "closing": _("期末")}


@dataclass
class ReportRow:
    store: Store
    item: Item
    opening: int = 0
    received: int = 0
    issued: int = 0
    returned: int = 0
    written_off: int = 0
    corrected: int = 0
    closing: int = 0
    stock: int = 0

    @property
    def values(self) -> list[int]:
        return [getattr(self, column) for column in COLUMNS]


@dataclass
class StockReport:
    start: datetime.date
    end: datetime.date
    rows: list[ReportRow] = field(default_factory=list)


def stock_report(actor, *, start: datetime.date, end: datetime.date,
                 store: Store | None = None) -> StockReport:
    """Per store and item: the stock on the morning of `start`, what came in and went out in
    the period by kind (issued and written off as positive counts; corrections signed), and the
    stock at the end of `end`. Up to today, the closing stock is the Stock row's quantity."""
    movements = Movement.objects.for_user(actor, rules.VIEW_SUPPLIES).filter(
        moved_on__lte=end)
    if store is not None:
        movements = movements.filter(store=store)
    period = Q(moved_on__gte=start)

    def kind_sum(kind):
        return Coalesce(Sum("quantity", filter=period & Q(kind=kind)), Value(0))
    sums = (movements.values("store_id", "item_id").order_by().annotate(
        opening=Coalesce(Sum("quantity", filter=Q(moved_on__lt=start)), Value(0)),
        received=kind_sum(MovementKind.RECEIPT), issued=kind_sum(MovementKind.ISSUE),
        returned=kind_sum(MovementKind.RETURN), written_off=kind_sum(MovementKind.WRITE_OFF),
        corrected=kind_sum(MovementKind.CORRECTION)))
    stocks = {(s.store_id, s.item_id): s for s in Stock.objects.filter(
        store_id__in={row["store_id"] for row in sums}).select_related("store", "item")}
    report = StockReport(start=start, end=end)
    for row in sums:
        stock = stocks.get((row["store_id"], row["item_id"]))
        if stock is None:
            continue
        line = ReportRow(store=stock.store, item=stock.item, opening=row["opening"],
                         received=row["received"], issued=-row["issued"],
                         returned=row["returned"], written_off=-row["written_off"],
                         corrected=row["corrected"], stock=stock.quantity)
        line.closing = (line.opening + line.received - line.issued + line.returned
                        - line.written_off + line.corrected)
        report.rows.append(line)
    report.rows.sort(key=lambda r: (r.store.name, r.item.kind, r.item.name, r.item.pk))
    return report


# ---- the donor's statement -----------------------------------------------------------------

@dataclass
class StatementItem:
    item: Item
    given: int
    first_given_on: datetime.date
    issued_since: int = 0


@dataclass
class Statement:
    unit: PartnerUnit
    donations: list[Donation]
    items: list[StatementItem]


def donor_statement(unit: PartnerUnit) -> Statement:
    """What `unit` gave (its donations and their lines), and per item given how much of it the
    community has issued since the unit first gave it, net of returns: counts, no names."""
    donations = list(Donation.objects.filter(donor_unit=unit).select_related("store")
                     .order_by("received_on", "pk"))
    lines = (Movement.objects.filter(donation__donor_unit=unit, kind=MovementKind.RECEIPT)
             .select_related("item").order_by("pk")
             .annotate(corrected=Coalesce(Sum("corrections__quantity"), Value(0))))
    by_donation: dict[int, list] = {}
    items: dict[int, StatementItem] = {}
    for line in lines:
        line.received = line.quantity + line.corrected
        by_donation.setdefault(line.donation_id, []).append(line)
        entry = items.get(line.item_id)
        if entry is None:
            items[line.item_id] = StatementItem(line.item, line.received, line.moved_on)
        else:
            entry.given += line.received
            entry.first_given_on = min(entry.first_given_on, line.moved_on)
    for donation in donations:
        donation.statement_lines = by_donation.get(donation.pk, [])
    if items:
        outgoing = Q(kind=MovementKind.ISSUE) | Q(kind=MovementKind.RETURN) | Q(
            kind=MovementKind.CORRECTION, corrects__kind__in=[MovementKind.ISSUE,
                                                             MovementKind.RETURN])
        rows = (Movement.objects.filter(outgoing, community_id=unit.community_id,
                                        item_id__in=items)
                .values_list("item_id", "moved_on", "quantity"))
        for item_id, moved_on, quantity in rows:
            entry = items[item_id]
            if moved_on >= entry.first_given_on:
                entry.issued_since -= quantity
    return Statement(unit=unit, donations=donations,
                     items=sorted(items.values(), key=lambda e: (e.item.kind, e.item.name)))


def statement_units(actor) -> QuerySet[PartnerUnit]:
    """The partner units whose statements the reader may open: every donor unit of the staff's
    communities, or the contact's own unit."""
    staff = PartnerUnit.objects.for_user(actor, rules.VIEW_SUPPLIES)
    condition = Q(pk__in=staff.values("pk"))
    unit_id = rules.partner_unit_id(actor)
    if unit_id is not None:
        condition |= Q(pk__in=PartnerUnit.objects.for_user(actor, rules.DONOR_STATEMENT)
                       .filter(pk=unit_id).values("pk"))
    return PartnerUnit.objects.filter(condition).select_related("community")
