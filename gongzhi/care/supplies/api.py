"""The supplies ledger in the JSON API, under /api/v1/care/supplies/: the same access
functions, selectors, rules and services as the pages; each row lists the actions open to the
reader (the rules that show the page's buttons)."""

import datetime

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.care.register.access import access_household
from gongzhi.care.supplies import access, printing, rules, selectors, services
from gongzhi.care.supplies.choices import ItemKind, MovementKind, WriteOffReason
from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.places.models import Community

router = Router()

PDF = "application/pdf"


def _need_view(user) -> None:
    if not rules.can_view_supplies(user):
        raise PermissionDenied()


# ---- stores and items ----------------------------------------------------------------------

class CareStoreOut(Schema):
    id: int
    community_id: int
    name: str
    place: str
    keeper: str
    is_active: bool
    actions: list[str] = Field(..., description=(
        "care.edit_store, care.receive_donation, care.issue_supplies, "
        "care.write_off_supplies, care.deactivate_store, care.activate_store: the rules that "
        "show the page's buttons."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.STORE_ACTIONS)


class CareStoreIn(Schema):
    community_id: Id | None = Field(None, description="Needed only by one who keeps the "
                                                      "ledger of several communities.")
    name: str
    place: str = ""
    keeper: str = ""


class CareStorePatchIn(Schema):
    name: str
    place: str = ""
    keeper: str = ""


def _community_of(request, community_id) -> Community:
    communities = selectors.communities(request.auth)
    if community_id is None:
        community = communities.first()
        if community is None:
            raise PermissionDenied()
        return community
    return get_scoped(communities, pk=community_id)


@router.get("/supplies/stores", response=list[CareStoreOut], summary="物资仓库")
def store_list(request):
    _need_view(request.auth)
    return list(selectors.store_list(request.auth))


@router.post("/supplies/stores", response={201: CareStoreOut}, summary="添加仓库")
def store_create(request, payload: CareStoreIn):
    if not rules.can_manage_supplies(request.auth):
        raise PermissionDenied()
    store = services.store_create(actor=request.auth,
                                  community=_community_of(request, payload.community_id),
                                  name=payload.name, place=payload.place, keeper=payload.keeper)
    return Status(201, access.access_store(actor=request.auth, id=store.pk))


@router.get("/supplies/stores/{store_id}", response=CareStoreOut, summary="仓库详情")
def store_detail(request, store_id: Id):
    return access.access_store(actor=request.auth, id=store_id)


@router.patch("/supplies/stores/{store_id}", response=CareStoreOut, summary="编辑仓库")
def store_edit(request, store_id: Id, payload: CareStorePatchIn):
    store = access.access_store(actor=request.auth, id=store_id)
    services.store_update(actor=request.auth, store=store, name=payload.name,
                          place=payload.place, keeper=payload.keeper)
    return access.access_store(actor=request.auth, id=store_id)


@router.post("/supplies/stores/{store_id}/deactivate", response=CareStoreOut,
             summary="停用仓库")
def store_deactivate(request, store_id: Id):
    store = access.access_store(actor=request.auth, id=store_id)
    services.store_deactivate(actor=request.auth, store=store)
    return access.access_store(actor=request.auth, id=store_id)


@router.post("/supplies/stores/{store_id}/activate", response=CareStoreOut,
             summary="恢复使用仓库")
def store_activate(request, store_id: Id):
    store = access.access_store(actor=request.auth, id=store_id)
    services.store_activate(actor=request.auth, store=store)
    return access.access_store(actor=request.auth, id=store_id)


class CareStockOut(Schema):
    item_id: int
    item_name: str
    unit: str
    kind: ItemKind
    quantity: int
    is_low: bool
    is_out: bool


@router.get("/supplies/stores/{store_id}/stock", response=list[CareStockOut],
            summary="仓库库存（偏低、无库存标记）")
def store_stock(request, store_id: Id):
    store = access.access_store(actor=request.auth, id=store_id)
    return [{"item_id": row.item_id, "item_name": row.item.name, "unit": row.item.unit,
             "kind": row.item.kind, "quantity": row.quantity, "is_low": row.is_low,
             "is_out": row.is_out} for row in selectors.stock_of(store)]


class CareItemOut(Schema):
    id: int
    community_id: int
    name: str
    unit: str
    kind: ItemKind
    actions: list[str] = Field(..., description="care.edit_item")

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.ITEM_ACTIONS)


class CareItemIn(Schema):
    community_id: Id | None = None
    name: str
    unit: str
    kind: ItemKind = ItemKind.OTHER


class CareItemPatchIn(Schema):
    name: str
    unit: str
    kind: ItemKind


@router.get("/supplies/items", response=list[CareItemOut], summary="物资品种")
def item_list(request):
    _need_view(request.auth)
    return list(selectors.item_list(request.auth))


@router.post("/supplies/items", response={201: CareItemOut}, summary="添加物资品种")
def item_create(request, payload: CareItemIn):
    if not rules.can_manage_supplies(request.auth):
        raise PermissionDenied()
    item = services.item_create(actor=request.auth,
                                community=_community_of(request, payload.community_id),
                                name=payload.name, unit=payload.unit, kind=payload.kind)
    return Status(201, access.access_item(actor=request.auth, id=item.pk))


@router.patch("/supplies/items/{item_id}", response=CareItemOut, summary="编辑物资品种")
def item_edit(request, item_id: Id, payload: CareItemPatchIn):
    item = access.access_item(actor=request.auth, id=item_id)
    services.item_update(actor=request.auth, item=item, name=payload.name, unit=payload.unit,
                         kind=payload.kind)
    return access.access_item(actor=request.auth, id=item_id)


# ---- donations -----------------------------------------------------------------------------

class CareLineIn(Schema):
    item_id: Id | None = Field(None, description="An item of the store's community; or give "
                                                 "new_item_name and new_item_unit.")
    new_item_name: str = ""
    new_item_unit: str = ""
    new_item_kind: ItemKind = ItemKind.OTHER
    quantity: int = Field(..., ge=1, le=1_000_000)


class CareDonationLineOut(Schema):
    item_id: int
    item_name: str
    unit: str
    quantity: int = Field(..., description="Received, with corrections added in.")


class CareDonationOut(Schema):
    id: int
    serial: str
    community_id: int
    store_id: int
    donor_unit_id: int | None
    donor: str
    received_on: datetime.date
    note: str
    recorded_by: str
    lines: list[CareDonationLineOut]


class CareDonationIn(Schema):
    store_id: Id
    donor_unit_id: Id | None = None
    donor_name: str = ""
    received_on: datetime.date
    note: str = ""
    lines: list[CareLineIn]


def _donation(donation) -> dict:
    return {"id": donation.pk, "serial": donation.serial, "community_id": donation.community_id,
            "store_id": donation.store_id, "donor_unit_id": donation.donor_unit_id,
            "donor": donation.donor_display, "received_on": donation.received_on,
            "note": donation.note, "recorded_by": donation.recorded_by.shown_name,
            "lines": [{"item_id": line.item_id, "item_name": line.item.name,
                       "unit": line.item.unit, "quantity": line.received}
                      for line in selectors.donation_lines(donation)]}


def _item_lines(request, store, lines: list[CareLineIn], *, new_items: bool = False) -> list:
    """(item, quantity) pairs; a line without item_id names a new item, which only a donation
    may bring in (an issue or a write-off takes goods that are in the store)."""
    if not new_items and any(line.item_id is None for line in lines):
        raise ValidationFailed(detail={"lines": [str(_("每一行都须选择已有的物资。"))]})
    items = {item.pk: item for item in selectors.item_list(request.auth,
                                                           community=store.community)}
    result = []
    for line in lines:
        if line.item_id is not None:
            item = items.get(line.item_id)
            if item is None:
                raise NotFound()
            result.append((item, line.quantity))
        else:
            result.append(({"name": line.new_item_name, "unit": line.new_item_unit,
                            "kind": line.new_item_kind}, line.quantity))
    return result


@router.get("/supplies/donations", response=list[CareDonationOut], summary="受赠记录")
@paginate(Pagination)
def donation_list(request):
    _need_view(request.auth)
    return _Donations(selectors.donation_list(request.auth))


class _Donations:
    """A page of donations with their lines (one query for the page's lines)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, item):
        donations = list(self.queryset[item].prefetch_related("lines__item"))
        return [{**_donation_head(d), "lines": [
            {"item_id": line.item_id, "item_name": line.item.name, "unit": line.item.unit,
             "quantity": line.quantity} for line in d.lines.all()]} for d in donations]


def _donation_head(donation) -> dict:
    return {"id": donation.pk, "serial": donation.serial, "community_id": donation.community_id,
            "store_id": donation.store_id, "donor_unit_id": donation.donor_unit_id,
            "donor": donation.donor_display, "received_on": donation.received_on,
            "note": donation.note, "recorded_by": donation.recorded_by.shown_name}


@router.post("/supplies/donations", response={201: CareDonationOut},
             summary="受赠入库（生成收据编号）")
def donation_create(request, payload: CareDonationIn):
    store = access.access_store(actor=request.auth, id=payload.store_id)
    require_who(request.auth, rules.RECEIVE, store)
    unit = None
    if payload.donor_unit_id is not None:
        unit = get_scoped(selectors.partner_units(store.community), pk=payload.donor_unit_id)
    donation = services.donation_receive(
        actor=request.auth, store=store, received_on=payload.received_on,
        lines=_item_lines(request, store, payload.lines, new_items=True), donor_unit=unit,
        donor_name=payload.donor_name, note=payload.note)
    return Status(201, _donation(access.access_donation(actor=request.auth, id=donation.pk)))


@router.get("/supplies/donations/{donation_id}", response=CareDonationOut, summary="受赠记录详情")
def donation_detail(request, donation_id: Id):
    return _donation(access.access_donation(actor=request.auth, id=donation_id))


@router.get("/supplies/donations/{donation_id}/receipt", summary="捐赠收据（PDF）",
            openapi_extra={"responses": {200: {"description": "The receipt",
                                               "content": {PDF: {}}}}})
def donation_receipt(request, donation_id: Id):
    donation = access.access_donation(actor=request.auth, id=donation_id)
    response = HttpResponse(printing.receipt_pdf(donation), content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{donation.serial}.pdf"'
    return response


# ---- the ledger ----------------------------------------------------------------------------

class CareMovementOut(Schema):
    id: int
    community_id: int
    store_id: int
    item_id: int
    item_name: str
    unit: str
    kind: MovementKind
    quantity: int = Field(..., description="Signed: what the row adds to or takes from stock.")
    moved_on: datetime.date
    donation_id: int | None
    recipient: str
    activity_id: int | None
    activity_title: str | None
    shift_id: int | None
    household_id: int | None
    household_name: str | None = Field(..., description="Masked (张*).")
    visit_id: int | None
    returns_id: int | None
    corrects_id: int | None
    reason: str
    note: str
    recorded_by: str
    returnable: int = Field(..., description="For an issue: what may still be returned.")
    actions: list[str] = Field(..., description="care.return_issue, care.correct_movement")


def _movement(request, m) -> dict:
    return {"id": m.pk, "community_id": m.community_id, "store_id": m.store_id,
            "item_id": m.item_id, "item_name": m.item.name, "unit": m.item.unit,
            "kind": m.kind, "quantity": m.quantity, "moved_on": m.moved_on,
            "donation_id": m.donation_id, "recipient": m.recipient,
            "activity_id": m.activity_id,
            "activity_title": m.activity.title if m.activity_id else None,
            "shift_id": m.shift_id, "household_id": m.household_id,
            "household_name": m.household_name or None, "visit_id": m.visit_id,
            "returns_id": m.returns_id, "corrects_id": m.corrects_id, "reason": m.reason,
            "note": m.note, "recorded_by": m.recorded_by.shown_name, "returnable": m.returnable,
            "actions": open_actions(request.auth, m, rules.MOVEMENT_ACTIONS)}


class _Movements:
    def __init__(self, request, queryset):
        self.request, self.queryset = request, queryset

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, item):
        return [_movement(self.request, m) for m in selectors.ledger_page(self.queryset[item])]


@router.get("/supplies/movements", response=list[CareMovementOut],
            summary="物资出入库台账（可按仓库、物资、类型、日期筛选）")
@paginate(Pagination)
def movement_list(request, store_id: Id | None = None, item_id: Id | None = None,
                  kind: MovementKind | None = None, start: datetime.date | None = None,
                  end: datetime.date | None = None):
    _need_view(request.auth)
    filters = selectors.LedgerFilters(
        store=access.access_store(actor=request.auth, id=store_id) if store_id else None,
        item=access.access_item(actor=request.auth, id=item_id) if item_id else None,
        kind=kind or "", start=start, end=end)
    return _Movements(request, selectors.movement_list(request.auth, filters))


def _one_movement(request, movement_id) -> dict:
    [row] = selectors.ledger_page([access.access_movement(actor=request.auth, id=movement_id)])
    return _movement(request, row)


@router.get("/supplies/movements/{movement_id}", response=CareMovementOut,
            summary="台账记录详情")
def movement_detail(request, movement_id: Id):
    return _one_movement(request, movement_id)


class CareIssueIn(Schema):
    store_id: Id
    issued_on: datetime.date
    recipient: str = ""
    activity_id: Id | None = None
    shift_id: Id | None = None
    household_id: Id | None = None
    note: str = ""
    lines: list[CareLineIn] = Field(..., description="item_id and quantity per line.")


@router.post("/supplies/issues", response={201: list[CareMovementOut]},
             summary="物资发放（库存不足则整单不登记）")
def issue_create(request, payload: CareIssueIn):
    store = access.access_store(actor=request.auth, id=payload.store_id)
    require_who(request.auth, rules.ISSUE, store)
    activity = shift = household = None
    if payload.activity_id:
        activity = selectors.issue_activity(store.community, payload.activity_id)
    if payload.shift_id:
        shift = selectors.issue_shift(store.community, payload.shift_id)
    if payload.household_id:
        household = access_household(actor=request.auth, id=payload.household_id)
    rows = services.supplies_issue(
        actor=request.auth, store=store, issued_on=payload.issued_on,
        lines=_item_lines(request, store, payload.lines), recipient=payload.recipient,
        activity=activity, shift=shift, household=household, note=payload.note)
    return Status(201, [_one_movement(request, row.pk) for row in rows])


class CareWriteOffIn(Schema):
    store_id: Id
    written_off_on: datetime.date
    reason: WriteOffReason
    note: str = ""
    lines: list[CareLineIn]


@router.post("/supplies/write-offs", response={201: list[CareMovementOut]}, summary="物资报损")
def write_off_create(request, payload: CareWriteOffIn):
    store = access.access_store(actor=request.auth, id=payload.store_id)
    require_who(request.auth, rules.WRITE_OFF, store)
    rows = services.supplies_write_off(
        actor=request.auth, store=store, written_off_on=payload.written_off_on,
        lines=_item_lines(request, store, payload.lines), reason=payload.reason,
        note=payload.note)
    return Status(201, [_one_movement(request, row.pk) for row in rows])


class CareReturnIn(Schema):
    quantity: int = Field(..., ge=1, le=1_000_000)
    returned_on: datetime.date
    note: str = ""


@router.post("/supplies/movements/{movement_id}/return", response={201: CareMovementOut},
             summary="发放退回（不超过尚未退回的数量）")
def movement_return(request, movement_id: Id, payload: CareReturnIn):
    issue = access.access_movement(actor=request.auth, id=movement_id)
    row = services.issue_return(actor=request.auth, issue=issue, quantity=payload.quantity,
                                returned_on=payload.returned_on, note=payload.note)
    return Status(201, _one_movement(request, row.pk))


class CareCorrectIn(Schema):
    quantity: int = Field(..., ge=1, le=1_000_000, description="What the row should say.")
    note: str


@router.post("/supplies/movements/{movement_id}/correct", response={201: CareMovementOut},
             summary="更正台账记录（追加更正记录）")
def movement_correct(request, movement_id: Id, payload: CareCorrectIn):
    movement = access.access_movement(actor=request.auth, id=movement_id)
    row = services.movement_correct(actor=request.auth, movement=movement,
                                    quantity=payload.quantity, note=payload.note)
    return Status(201, _one_movement(request, row.pk))


# ---- the stock report and the donor's statement --------------------------------------------

class CareReportRowOut(Schema):
    store_id: int
    store_name: str
    item_id: int
    item_name: str
    unit: str
    opening: int
    received: int
    issued: int
    returned: int
    written_off: int
    corrected: int
    closing: int


@router.get("/supplies/report", response=list[CareReportRowOut],
            summary="物资收发存报表（期初、入库、发放、退回、报损、更正、期末）")
def stock_report(request, start: datetime.date, end: datetime.date):
    _need_view(request.auth)
    report = selectors.stock_report(request.auth, start=start, end=end)
    return [{"store_id": row.store.pk, "store_name": row.store.name, "item_id": row.item.pk,
             "item_name": row.item.name, "unit": row.item.unit,
             **{column: getattr(row, column) for column in selectors.COLUMNS}}
            for row in report.rows]


class CareStatementItemOut(Schema):
    item_id: int
    item_name: str
    unit: str
    given: int
    first_given_on: datetime.date
    issued_since: int = Field(..., description="Issued by the community since the unit first "
                                               "gave the item, net of returns; counts only.")


class CareStatementDonationOut(Schema):
    id: int
    serial: str
    received_on: datetime.date
    lines: list[CareDonationLineOut]


class CareStatementOut(Schema):
    unit_id: int
    unit_name: str
    items: list[CareStatementItemOut]
    donations: list[CareStatementDonationOut]
    actions: list[str] = Field(..., description="care.read_donor_statement")


@router.get("/supplies/donors/{unit_id}/statement", response=CareStatementOut,
            summary="共建单位捐赠物资使用情况（不含个人信息）")
def donor_statement(request, unit_id: Id):
    unit = access.access_statement_unit(actor=request.auth, id=unit_id)
    require_who(request.auth, rules.READ_STATEMENT, unit)
    statement = selectors.donor_statement(unit)
    return {"unit_id": unit.pk, "unit_name": unit.name,
            "items": [{"item_id": e.item.pk, "item_name": e.item.name, "unit": e.item.unit,
                       "given": e.given, "first_given_on": e.first_given_on,
                       "issued_since": e.issued_since} for e in statement.items],
            "donations": [{"id": d.pk, "serial": d.serial, "received_on": d.received_on,
                           "lines": [{"item_id": line.item_id, "item_name": line.item.name,
                                      "unit": line.item.unit, "quantity": line.received}
                                     for line in d.statement_lines]}
                          for d in statement.donations],
            "actions": open_actions(request.auth, unit, rules.UNIT_ACTIONS)}


@router.get("/supplies/donors/{unit_id}/statement.pdf", summary="共建单位捐赠物资使用情况（PDF）",
            openapi_extra={"responses": {200: {"description": "The statement",
                                               "content": {PDF: {}}}}})
def donor_statement_pdf(request, unit_id: Id):
    unit = access.access_statement_unit(actor=request.auth, id=unit_id)
    require_who(request.auth, rules.READ_STATEMENT, unit)
    response = HttpResponse(printing.statement_pdf(selectors.donor_statement(unit)),
                            content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="statement-{unit.pk}.pdf"'
    return response
