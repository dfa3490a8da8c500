"""The keeper of the supplies ledger's invariant: each movement row is written together with
the change it makes to its store's stock, in one transaction, under a lock on the stock rows
it touches, and stock never goes below zero.

These functions check quantities and stock, not permissions: supplies.services (and the care
services that move goods as part of a visit) ask the rules first and call them inside their own
transaction. Stock rows are locked in one order (item pk), so two issues of several items never
wait on each other in a circle; the database's CHECK (care_stock_never_negative) is the last
guard should a caller forget the lock."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.writes import model_create
from gongzhi.care.supplies.choices import SIGN, MovementKind
from gongzhi.care.supplies.models import Item, Movement, Stock, Store
from gongzhi.core.errors import Conflict, ValidationFailed


class OutOfStock(Conflict):
    code = "out_of_stock"
    default_message = _("库存不足，未作任何更改。")


def clean_quantity(value, *, field: str = "quantity") -> int:
    """A positive whole number of units, or a clear message."""
    try:
        quantity = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(detail={field: [str(_("数量须为正整数。"))]}) from None
    if quantity <= 0 or str(value).strip() != str(quantity):
        raise ValidationFailed(detail={field: [str(_("数量须为正整数。"))]})
    if quantity > 1_000_000:
        raise ValidationFailed(detail={field: [str(_("数量过大，请核对。"))]})
    return quantity


def lock_stock(store: Store, items: list[Item]) -> dict[int, Stock]:
    """The store's stock rows of `items`, created at zero where missing, locked for update in
    item order; {item pk: Stock}. Call inside a transaction."""
    item_ids = sorted({item.pk for item in items})
    for item_id in item_ids:
        if not Stock.objects.filter(store=store, item_id=item_id).exists():
            try:
                with transaction.atomic():  # a concurrent first receipt of the item creates it
                    Stock.objects.create(community_id=store.community_id, store=store,
                                         item_id=item_id, quantity=0)
            except IntegrityError:
                pass
    rows = (Stock.objects.select_for_update().filter(store=store, item_id__in=item_ids)
            .order_by("item_id"))
    return {row.item_id: row for row in rows}


def move(*, actor, store: Store, lines: list[tuple[Item, int]], kind: str,
         moved_on: datetime.date, **fields) -> list[Movement]:
    """Write one movement per (item, positive quantity) of `kind` into `store` and change the
    stock by it; refuse the whole lot (OutOfStock, naming each short item) if any line would
    take the stock below zero. `fields` are the movement's other columns (donation, recipient,
    household, visit, activity, shift, returns, reason, note). Call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("supplies.ledger.move runs inside its caller's transaction")
    sign = SIGN[kind]
    for item, _quantity in lines:
        if item.community_id != store.community_id:
            raise ValidationFailed(detail={"item": [str(_("物资须属于本社区。"))]})
    stock = lock_stock(store, [item for item, _quantity in lines])
    wanted: dict[int, int] = {}
    for item, quantity in lines:
        wanted[item.pk] = wanted.get(item.pk, 0) + quantity
    if sign < 0:
        short = {item.pk: item for item, _quantity in lines
                 if stock[item.pk].quantity < wanted[item.pk]}
        if short:
            raise OutOfStock(detail={"items": [
                str(_("%(item)s：库存 %(stock)s，需要 %(wanted)s") % {
                    "item": item, "stock": stock[pk].quantity, "wanted": wanted[pk]})
                for pk, item in sorted(short.items())]})
    rows = []
    for item, quantity in lines:
        rows.append(model_create(actor=actor, instance=Movement(
            community_id=store.community_id, store=store, item=item, kind=kind,
            quantity=sign * quantity, moved_on=moved_on, recorded_by=actor, **fields)))
    for item_id, quantity in wanted.items():
        Stock.objects.filter(pk=stock[item_id].pk).update(quantity=F("quantity") + sign * quantity)
    return rows


def correct(*, actor, movement: Movement, quantity: int, note: str,
            moved_on: datetime.date) -> Movement:
    """Put right the quantity of `movement` (a receipt, issue, return or write-off) so that it
    and its corrections add up to `quantity` (signed as the movement's kind), by a correction
    row for the difference; refused if that takes the stock below zero. Call inside a
    transaction."""
    if movement.kind == MovementKind.CORRECTION:
        raise ValidationFailed(detail={"movement": [str(_("请更正原始记录。"))]})
    stock = lock_stock(movement.store, [movement.item])[movement.item_id]
    current = movement.quantity + sum(
        Movement.objects.filter(corrects=movement).values_list("quantity", flat=True))
    target = SIGN[movement.kind] * quantity
    difference = target - current
    if difference == 0:
        raise ValidationFailed(detail={"quantity": [str(_("更正后的数量与现有记录相同。"))]})
    if stock.quantity + difference < 0:
        raise OutOfStock(detail={"items": [
            str(_("%(item)s：库存 %(stock)s，更正需减少 %(wanted)s") % {
                "item": movement.item, "stock": stock.quantity, "wanted": -difference})]})
    row = model_create(actor=actor, instance=Movement(
        community_id=movement.community_id, store=movement.store, item=movement.item,
        kind=MovementKind.CORRECTION, quantity=difference, moved_on=moved_on,
        corrects=movement, note=note[:200], recorded_by=actor))
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + difference)
    return row
