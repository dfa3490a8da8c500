"""Reads of care's visits: when each household is due for a visit, the households a helper
helps, the overdue list, a household's visits, open follow-ups and visit hours to confirm.

A household is due on its last visit's date (or the day it was registered, if nobody has
visited yet) plus its plan's `visit_every_days`, and overdue from the day after. One function
(`due_rows`, with an injected `today`) answers it for the pages, the API, the workbench and the
reminders job. The date sum is done in Python over one query: adding a per-row number of days
to a date is written differently by SQLite and PostgreSQL, and a community's register holds
tens of households, not thousands."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongzhi.care.register import access as register_access
from gongzhi.care.register import helpers
from gongzhi.care.register import rules as register_rules
from gongzhi.care.register.choices import HouseholdStatus
from gongzhi.care.register.models import CareHousehold
from gongzhi.care.supplies import rules as supplies_rules
from gongzhi.care.supplies.models import Item, Store
from gongzhi.care.visits import rules
from gongzhi.care.visits.choices import FollowUpStatus
from gongzhi.care.visits.models import Visit
from gongzhi.casework.models import Category as CaseCategory
from gongzhi.core.errors import ValidationFailed
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.core.text import mask_name

# a helper is reminded of a household this many days before it is due
REMIND_DAYS_AHEAD = 3

HOUSEHOLD_RELATED = ("community", "person__flat__unit__building")


def due_on(*, last_visited_on: datetime.date | None, registered_on: datetime.date,
           every_days: int) -> datetime.date:
    """The day the next visit is due: the plan's days after the last visit (or the day the
    household was registered when nobody has visited yet)."""
    return (last_visited_on or registered_on) + datetime.timedelta(days=every_days)


@dataclass
class DueRow:
    """A household with its last visit and next due date, as of `today`."""

    household: CareHousehold
    last_visited_on: datetime.date | None
    due_on: datetime.date
    today: datetime.date

    @property
    def is_overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def days_overdue(self) -> int:
        return max((self.today - self.due_on).days, 0)

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def is_due_soon(self) -> bool:
        """Due within the reminder window (today included), not yet overdue."""
        return 0 <= self.days_left <= REMIND_DAYS_AHEAD


def due_rows(households: QuerySet[CareHousehold], *, today: datetime.date) -> list[DueRow]:
    """The active households among `households`, each with its last visit (up to `today`) and
    due date, soonest due first: one query."""
    rows = (households.filter(status=HouseholdStatus.ACTIVE)
            .annotate(last_visited_on=Max("visits__visited_on",
                                          filter=Q(visits__visited_on__lte=today)))
            .select_related(*HOUSEHOLD_RELATED).order_by("pk"))
    result = [DueRow(household, household.last_visited_on,
                     due_on(last_visited_on=household.last_visited_on,
                            registered_on=household.registered_on,
                            every_days=household.visit_every_days), today)
              for household in rows]
    return sorted(result, key=lambda row: (row.due_on, row.household.pk))


def helped_households(actor) -> QuerySet[CareHousehold]:
    """The households of the actor's own active pairings (我的帮扶), staff included."""
    return register_access.visible_households(actor).filter(
        pk__in=helpers.active_pairings_of(actor).values("household_id"))


def my_households(actor, *, today: datetime.date) -> list[DueRow]:
    return due_rows(helped_households(actor), today=today)


def register_households(actor) -> QuerySet[CareHousehold]:
    """The households of the communities whose register the actor keeps (staff)."""
    return CareHousehold.objects.for_user(actor, register_rules.VIEW_HOUSEHOLD)


def overdue(actor, *, today: datetime.date) -> list[DueRow]:
    """The overdue list: households of the actor's register not visited within their plan."""
    return [row for row in due_rows(register_households(actor), today=today) if row.is_overdue]


def my_overdue(actor, *, today: datetime.date) -> list[DueRow]:
    return [row for row in my_households(actor, today=today) if row.is_overdue]


def reminders_due(*, today: datetime.date) -> list[DueRow]:
    """Every active household due within REMIND_DAYS_AHEAD days or overdue, whose helpers and
    staff have not yet been told of this due date (the reminders job)."""
    return [row for row in due_rows(CareHousehold.objects.all(), today=today)
            if row.days_left <= REMIND_DAYS_AHEAD
            and row.household.reminded_for != row.due_on]


def display_name(household: CareHousehold, *, full: bool) -> str:
    """The name a list shows: in full to staff and the household's helpers, masked else."""
    return household.person.name if full else mask_name(household.person.name)


def address(household: CareHousehold) -> str:
    flat = household.person.flat
    if flat is None:
        return ""
    return f"{flat.unit} {flat.room_number}"


# ---- visits --------------------------------------------------------------------------------

VISIT_RELATED = ("community", "household__community", "household__person", "pairing",
                 "recorded_by", "case", "need", "hours_entry")


def visits_of(household: CareHousehold) -> QuerySet[Visit]:
    """A household's visits, newest first (the caller fetched the household through access)."""
    return household.visits.select_related(*VISIT_RELATED).order_by("-visited_on", "-pk")


def follow_ups_open(actor) -> QuerySet[Visit]:
    """Visits whose follow-up waits for the register's staff."""
    return (Visit.objects.for_user(actor, register_rules.MANAGE_HOUSEHOLD)
            .filter(follow_up_status=FollowUpStatus.OPEN)
            .select_related(*VISIT_RELATED).order_by("visited_on", "pk"))


def hours_to_confirm(actor) -> QuerySet[Visit]:
    """Visits with hours not yet in the visitor's ledger, under a helper who keeps one (the
    same condition as rules.hours_are_confirmable)."""
    return (Visit.objects.for_user(actor, rules.CONFIRM_HOURS)
            .filter(hours__isnull=False, hours_entry__isnull=True,
                    pairing__helper_kind__in=rules.HOURS_HELPER_KINDS)
            .select_related(*VISIT_RELATED).order_by("visited_on", "pk"))


def queue_counts(actor, *, today: datetime.date) -> dict[str, int]:
    """The workbench's staff counts, each with the same condition as the list it links to."""
    return {"overdue": len(overdue(actor, today=today)),
            "follow_ups": follow_ups_open(actor).count(),
            "hours": hours_to_confirm(actor).count()}


# ---- what the visit form and the follow-up forms offer ------------------------------------

def stores_for_visit(household: CareHousehold, actor) -> list[Store]:
    """The stores goods for a visit may come from: the household's community's, in use, that
    the actor issues supplies from (care.issue_supplies; a helper issues none)."""
    stores = Store.objects.filter(community_id=household.community_id, is_active=True).order_by(
        "name", "pk").select_related("community")
    return [store for store in stores if actor.has_perm(supplies_rules.ISSUE, store)]


def items_for_visit(household: CareHousehold) -> QuerySet[Item]:
    return Item.objects.filter(community_id=household.community_id).order_by("name", "pk")


def case_categories(community) -> QuerySet[CaseCategory]:
    """The request categories of the visit's community (casework's own table)."""
    return CaseCategory.objects.filter(community=community).order_by("name", "pk")


# the staff's queues of visits (the workbench links each count to its queue)
QUEUES = {"follow_ups": _("待跟进事项"), "hours": _("待确认服务时长")}


def queue(actor, name: str) -> QuerySet[Visit] | None:
    """The visits of one queue, or None for a reader who keeps no such queue."""
    if name == "follow_ups":
        if not has_permission_somewhere(actor, register_rules.MANAGE_HOUSEHOLD):
            return None
        return follow_ups_open(actor)
    if not has_permission_somewhere(actor, rules.CONFIRM_HOURS):
        return None
    return hours_to_confirm(actor)


def goods_from_ids(household: CareHousehold, store_id: int | None, lines) -> tuple:
    """The store and (item, quantity) lines an API client names by id, among those the visit
    form offers for the household; an unknown id is a field error."""
    store = None
    if store_id is not None:
        # who may give goods from it is the service's rule (visits.services._goods_store)
        store = Store.objects.filter(community_id=household.community_id,
                                     pk=store_id).first()
        if store is None:
            raise ValidationFailed(detail={"store_id": [str(_("仓库不存在或不属于本社区。"))]})
    wanted = [item_id for item_id, _quantity in lines]
    items = {item.pk: item for item in items_for_visit(household).filter(pk__in=wanted)}
    if set(wanted) - set(items):
        raise ValidationFailed(detail={"goods": [str(_("物资不存在或不属于本社区。"))]})
    return store, [(items[item_id], quantity) for item_id, quantity in lines]


def case_category(community, category_id: int):
    category = case_categories(community).filter(pk=category_id).first()
    if category is None:
        raise ValidationFailed(detail={"category_id": [str(_("请选择本社区的诉求类别。"))]})
    return category
