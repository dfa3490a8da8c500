"""Writes of the supplies ledger: stores and items, donations received (with their receipt's
serial), issues, returns, write-offs and corrections. Each asks its named rule after locking
the row it acts on, and moves stock only through supplies.ledger, in one transaction: a refused
operation changes nothing."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events.models import Activity
from gongzhi.activities.rota.choices import PostKind
from gongzhi.activities.rota.models import Shift
from gongzhi.audit.writes import model_create, model_update
from gongzhi.care.register.models import CareHousehold
from gongzhi.care.supplies import ledger, rules
from gongzhi.care.supplies.choices import ItemKind, MovementKind, WriteOffReason
from gongzhi.care.supplies.models import Donation, Item, Movement, Store
from gongzhi.core.actions import require
from gongzhi.core.errors import ValidationFailed
from gongzhi.core.text import mask_name
from gongzhi.organisations.models import PartnerUnit
from gongzhi.places.models import Community


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


def _text(value, field: str, *, required: bool = False, limit: int = 200, message=None) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _invalid(field, message or _("此项为必填项。"))
    if len(text) > limit:
        raise _invalid(field, _("不能超过 %(limit)s 个字。") % {"limit": limit})
    return text


def _day(value, field: str, today: datetime.date) -> datetime.date:
    if value is None:
        raise _invalid(field, _("请填写日期。"))
    if value > today:
        raise _invalid(field, _("日期不能晚于今天。"))
    return value


def _lines(lines) -> list[tuple[Item, int]]:
    """(item, quantity) pairs of items chosen from the ledger (only a donation creates an item
    inline) with whole positive quantities; at least one."""
    lines = list(lines)
    if any(not isinstance(item, Item) for item, _quantity in lines):
        raise _invalid("lines", _("每一行都须选择已有的物资。"))
    cleaned = [(item, ledger.clean_quantity(quantity, field="lines")) for item, quantity in lines]
    if not cleaned:
        raise _invalid("lines", _("请至少填写一种物资及数量。"))
    return cleaned


def _locked_store(store: Store) -> Store:
    return Store.objects.select_for_update(of=("self",)).select_related("community").get(
        pk=store.pk)


def _locked_movement_and_store(movement: Movement) -> Movement:
    """The movement locked, and its store locked first (the order issues and write-offs take),
    so that the rule judges whether the store is in use as it is now."""
    store = Store.objects.select_for_update(of=("self",)).select_related("community").get(
        pk=movement.store_id)
    movement = _locked_movement(movement)
    movement.store = store
    return movement


def _saved_once(write, field: str, message):
    """`write()` in a savepoint; a row that a concurrent request saved first under the same
    unique name (the check before it could not see it) gives `message` on `field`."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        raise _invalid(field, message) from None


# ---- stores and items ----------------------------------------------------------------------

STORE_NAME_TAKEN = _("本社区已有同名仓库。")
ITEM_TAKEN = _("本社区已有该物资品种（名称与单位相同）。")


def store_create(*, actor, community: Community, name: str, place: str = "",
                 keeper: str = "") -> Store:
    require(actor, rules.CREATE_STORE, community)
    name = _text(name, "name", required=True, limit=64, message=_("请填写仓库名称。"))
    with transaction.atomic():
        if Store.objects.filter(community=community, name=name).exists():
            raise _invalid("name", STORE_NAME_TAKEN)
        store = Store(community=community, name=name, place=_text(place, "place", limit=100),
                      keeper=_text(keeper, "keeper", limit=32))
        return _saved_once(lambda: model_create(actor=actor, instance=store), "name",
                           STORE_NAME_TAKEN)


def store_update(*, actor, store: Store, name: str, place: str = "", keeper: str = "") -> Store:
    name = _text(name, "name", required=True, limit=64, message=_("请填写仓库名称。"))
    with transaction.atomic():
        store = _locked_store(store)
        require(actor, rules.EDIT_STORE, store)
        if Store.objects.filter(community_id=store.community_id, name=name).exclude(
                pk=store.pk).exists():
            raise _invalid("name", STORE_NAME_TAKEN)
        data = {"name": name, "place": _text(place, "place", limit=100),
                "keeper": _text(keeper, "keeper", limit=32)}
        _saved_once(lambda: model_update(actor=actor, instance=store,
                                         fields=["name", "place", "keeper"], data=data),
                    "name", STORE_NAME_TAKEN)
        return store


def _store_set_active(actor, store: Store, rule: str, active: bool) -> Store:
    with transaction.atomic():
        store = _locked_store(store)
        require(actor, rule, store)
        model_update(actor=actor, instance=store, fields=["is_active"],
                     data={"is_active": active})
        return store


def store_deactivate(*, actor, store: Store) -> Store:
    """Stop using a store (its ledger and stock stay readable; nothing moves in or out)."""
    return _store_set_active(actor, store, rules.DEACTIVATE_STORE, False)


def store_activate(*, actor, store: Store) -> Store:
    return _store_set_active(actor, store, rules.ACTIVATE_STORE, True)


def _item_fields(name, unit, kind) -> dict:
    name = _text(name, "name", required=True, limit=64, message=_("请填写物资名称。"))
    unit = _text(unit, "unit", required=True, limit=8, message=_("请填写计量单位，如箱、袋、件。"))
    if kind not in ItemKind.values:
        raise _invalid("kind", _("请选择物资类别。"))
    return {"name": name, "unit": unit, "kind": kind}


def item_create(*, actor, community: Community, name: str, unit: str,
                kind: str = ItemKind.OTHER) -> Item:
    require(actor, rules.CREATE_ITEM, community)
    fields = _item_fields(name, unit, kind)
    with transaction.atomic():
        if Item.objects.filter(community=community, name=fields["name"],
                               unit=fields["unit"]).exists():
            raise _invalid("name", ITEM_TAKEN)
        item = Item(community=community, **fields)
        return _saved_once(lambda: model_create(actor=actor, instance=item), "name", ITEM_TAKEN)


def item_update(*, actor, item: Item, name: str, unit: str, kind: str) -> Item:
    fields = _item_fields(name, unit, kind)
    with transaction.atomic():
        item = Item.objects.select_for_update(of=("self",)).select_related("community").get(
            pk=item.pk)
        require(actor, rules.EDIT_ITEM, item)
        if Item.objects.filter(community_id=item.community_id, name=fields["name"],
                               unit=fields["unit"]).exclude(pk=item.pk).exists():
            raise _invalid("name", ITEM_TAKEN)
        _saved_once(lambda: model_update(actor=actor, instance=item, fields=list(fields),
                                         data=fields), "name", ITEM_TAKEN)
        return item


def _item_of_line(actor, community: Community, item) -> Item:
    """A line's item: one chosen, or {"name", "unit", "kind"} entered on the form, which is
    found by name and unit or created (an item created inline)."""
    if isinstance(item, Item):
        if item.community_id != community.pk:
            raise _invalid("lines", _("物资须属于本社区。"))
        return item
    fields = _item_fields(item.get("name"), item.get("unit"), item.get("kind") or ItemKind.OTHER)
    existing = Item.objects.filter(community=community, name=fields["name"],
                                   unit=fields["unit"]).first()
    if existing is not None:
        return existing
    require(actor, rules.CREATE_ITEM, community)
    return model_create(actor=actor, instance=Item(community=community, **fields))


# ---- donations -----------------------------------------------------------------------------

def donation_serial(community: Community, year: int) -> str:
    """The receipt's serial, JZ<community>-<year>-<nnnn>, numbered per community and year
    without gaps. The caller holds the community row's lock, so two receipts never read the
    same last number; donations are never deleted (PROTECT), so the count is the last one."""
    prefix = f"JZ{community.pk}-{year}-"
    taken = Donation.objects.filter(community=community, serial__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def donation_receive(*, actor, store: Store, received_on: datetime.date, lines,
                     donor_unit: PartnerUnit | None = None, donor_name: str = "",
                     note: str = "", today: datetime.date | None = None) -> Donation:
    """Receive a donation into `store`: one receipt movement per line, the stock raised, and a
    serial for its receipt. `lines`: (Item or {"name", "unit", "kind"}, quantity)."""
    today = today or timezone.localdate()
    received_on = _day(received_on, "received_on", today)
    donor_name = _text(donor_name, "donor_name", limit=64)
    note = _text(note, "note")
    if donor_unit is None and not donor_name:
        raise _invalid("donor_name", _("请选择捐赠单位，或填写捐赠方名称。"))
    if donor_unit is not None:
        donor_name = ""
    raw = [(item, ledger.clean_quantity(quantity, field="lines")) for item, quantity in lines]
    if not raw:
        raise _invalid("lines", _("请至少填写一种物资及数量。"))
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=store.community_id)
        store = _locked_store(store)
        require(actor, rules.RECEIVE, store)
        if donor_unit is not None and donor_unit.community_id != store.community_id:
            raise _invalid("donor_unit", _("捐赠单位须为本社区的共建单位。"))
        items = [(_item_of_line(actor, community, item), quantity) for item, quantity in raw]
        donation = model_create(actor=actor, instance=Donation(
            community=community, store=store, donor_unit=donor_unit, donor_name=donor_name,
            received_on=received_on, note=note, recorded_by=actor,
            serial=donation_serial(community, received_on.year)))
        ledger.move(actor=actor, store=store, lines=items, kind=MovementKind.RECEIPT,
                    moved_on=received_on, donation=donation)
        return donation


# ---- issues, returns, write-offs, corrections ----------------------------------------------

def _purpose(store: Store, *, activity, shift, household) -> dict:
    given = [value for value in (activity, shift, household) if value is not None]
    if len(given) > 1:
        raise _invalid("purpose", _("用途只能选择一项：活动、值守班次或帮扶对象。"))
    if activity is not None and activity.community_id != store.community_id:
        raise _invalid("activity", _("活动须为本社区的活动。"))
    if shift is not None and (shift.community_id != store.community_id
                              or shift.post.kind != PostKind.CHECKPOINT):
        raise _invalid("shift", _("请选择本社区值守卡点的班次。"))
    if household is not None and household.community_id != store.community_id:
        raise _invalid("household", _("帮扶对象须属于本社区。"))
    return {"activity": activity, "shift": shift, "household": household}


def supplies_issue(*, actor, store: Store, issued_on: datetime.date, lines, recipient: str = "",
                   activity: Activity | None = None, shift: Shift | None = None,
                   household: CareHousehold | None = None, note: str = "",
                   today: datetime.date | None = None) -> list[Movement]:
    """Issue goods from `store` to a recipient, for an activity, a checkpoint shift or a
    household of the care register; refused as a whole (OutOfStock) if any line is short."""
    today = today or timezone.localdate()
    issued_on = _day(issued_on, "issued_on", today)
    lines = _lines(lines)
    recipient = _text(recipient, "recipient", limit=64)
    note = _text(note, "note")
    purpose = _purpose(store, activity=activity, shift=shift, household=household)
    if household is not None:
        # The ledger is read by street and district admins and grid workers: a household is
        # named only masked, whatever was typed.
        recipient = mask_name(household.person.name)
    if not recipient:
        raise _invalid("recipient", _("请填写领用人。"))
    with transaction.atomic():
        store = _locked_store(store)
        require(actor, rules.ISSUE, store)
        return ledger.move(actor=actor, store=store, lines=lines, kind=MovementKind.ISSUE,
                           moved_on=issued_on, recipient=recipient, note=note, **purpose)


def _locked_movement(movement: Movement) -> Movement:
    return (Movement.objects.select_for_update(of=("self",))
            .select_related("store__community", "item", "returns", "household__person")
            .get(pk=movement.pk))


def issue_return(*, actor, issue: Movement, quantity, returned_on: datetime.date,
                 note: str = "", today: datetime.date | None = None) -> Movement:
    """Goods of an issue come back into its store: at most what was issued less what has
    come back already."""
    today = today or timezone.localdate()
    returned_on = _day(returned_on, "returned_on", today)
    quantity = ledger.clean_quantity(quantity)
    note = _text(note, "note")
    with transaction.atomic():
        issue = _locked_movement_and_store(issue)  # two returns of one issue take turns here
        require(actor, rules.RETURN, issue)
        left = rules.returnable_of(issue)
        if quantity > left:
            raise _invalid("quantity", _("退回数量不能超过尚未退回的 %(left)s。") % {"left": left})
        if returned_on < issue.moved_on:
            raise _invalid("returned_on", _("退回日期不能早于发放日期。"))
        recipient = (mask_name(issue.household.person.name) if issue.household_id
                     else issue.recipient)
        [row] = ledger.move(actor=actor, store=issue.store, lines=[(issue.item, quantity)],
                            kind=MovementKind.RETURN, moved_on=returned_on, returns=issue,
                            recipient=recipient, household=issue.household,
                            activity=issue.activity, shift=issue.shift, note=note)
        return row


def supplies_write_off(*, actor, store: Store, written_off_on: datetime.date, lines,
                       reason: str, note: str = "",
                       today: datetime.date | None = None) -> list[Movement]:
    """Write off goods (expired, damaged, lost ...): a reason, and a note for "other"."""
    today = today or timezone.localdate()
    written_off_on = _day(written_off_on, "written_off_on", today)
    lines = _lines(lines)
    if reason not in WriteOffReason.values:
        raise _invalid("reason", _("请选择报损原因。"))
    note = _text(note, "note", required=reason == WriteOffReason.OTHER,
                 message=_("原因为“其他”时请说明情况。"))
    with transaction.atomic():
        store = _locked_store(store)
        require(actor, rules.WRITE_OFF, store)
        return ledger.move(actor=actor, store=store, lines=lines, kind=MovementKind.WRITE_OFF,
                           moved_on=written_off_on, reason=reason, note=note)


def movement_correct(*, actor, movement: Movement, quantity, note: str,
                     corrected_on: datetime.date | None = None,
                     today: datetime.date | None = None) -> Movement:
    """Put right the quantity of a ledger row by a correction row (ledger.correct); the row
    itself never changes. An issue is not corrected below what came back of it, nor a return
    above what was issued."""
    today = today or timezone.localdate()
    corrected_on = _day(corrected_on or today, "corrected_on", today)
    quantity = ledger.clean_quantity(quantity)
    note = _text(note, "note", required=True, message=_("请说明更正的原因。"))
    with transaction.atomic():
        movement = _locked_movement_and_store(movement)
        require(actor, rules.CORRECT, movement)
        if movement.kind == MovementKind.ISSUE:
            issued = -(movement.quantity + sum(movement.corrections.values_list(
                "quantity", flat=True)))
            returned = issued - rules.returnable_of(movement)
            if quantity < returned:
                raise _invalid("quantity", _("已退回 %(returned)s，发放数量不能少于此数。")
                               % {"returned": returned})
        elif movement.kind == MovementKind.RETURN:
            issue = _locked_movement(movement.returns)
            current = movement.quantity + sum(movement.corrections.values_list(
                "quantity", flat=True))
            if quantity - current > rules.returnable_of(issue):
                raise _invalid("quantity", _("退回数量不能超过发放数量。"))
        return ledger.correct(actor=actor, movement=movement, quantity=quantity,
                              note=note, moved_on=corrected_on)
