"""Rows for the workbench's tests: requests in a given state, votes, polls, needs, agreements.

The states are set directly on the rows (the services that move them are tested in their own
apps); what is tested here is which rows each count and each list sees.
"""

import datetime

from django.utils import timezone

from gongzhi.casework import services as case_services
from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import category

NOW = timezone.make_aware(datetime.datetime(2026, 12, 7, 10, 0))
TODAY = NOW.date()


def case_in(world, building, *, status="new", due_at=None, handler=None, reporter_user=None,
            community=None):
    """A request of `building`'s community, moved to `status` with the given deadline."""
    community = community or building.community
    case = case_services.case_report(
        actor=world.users["superuser"], category=category(community), building=building,
        description="楼道灯坏了")
    Case.objects.filter(pk=case.pk).update(status=status, due_at=due_at, handler=handler,
                                           reporter_user=reporter_user)
    return Case.objects.get(pk=case.pk)


def cases_of_a(world) -> dict[str, Case]:
    """One request of community A in each queue, and the same states in community B."""
    staff, grid = world.users["staff_a"], world.users["grid_a1"]
    rows = {
        "new": case_in(world, world.building_a1, status="new"),
        "returned": case_in(world, world.building_a2, status="returned"),
        "dispatched": case_in(world, world.building_a1, status="dispatched", handler=grid,
                              due_at=NOW + datetime.timedelta(days=2)),
        "due_today": case_in(world, world.building_a2, status="accepted", handler=staff,
                             due_at=NOW + datetime.timedelta(hours=3)),
        "overdue": case_in(world, world.building_a1, status="accepted", handler=grid,
                           due_at=NOW - datetime.timedelta(hours=1)),
        "answered": case_in(world, world.building_a2, status="answered",
                            reporter_user=world.users["resident_a"]),
        "closed": case_in(world, world.building_a1, status="closed",
                          due_at=NOW - datetime.timedelta(days=3)),
    }
    for status in ("new", "dispatched"):
        case_in(world, world.building_b, status=status, due_at=NOW - datetime.timedelta(days=1))
    case_in(world, world.building_b, status="answered")  # answering clears the deadline
    return rows


def poll_of_a(world, *, closes_on=None, open_it=True):
    """A building poll of building_a2 (where resident_a lives), opened by staff_a."""
    from gongzhi.deliberation.polls import services as services_polls

    staff = world.users["staff_a"]
    poll = services_polls.poll_create(actor=staff, community=world.community_a,
                                      building=world.building_a2, title="甲楼花坛改种果树",
                                      closes_on=closes_on or TODAY + datetime.timedelta(days=2))
    return services_polls.poll_open(actor=staff, poll=poll) if open_it else poll


def need_of(world, community, *, title="甲需求", status="open"):
    from gongzhi.cobuilding import services
    from gongzhi.cobuilding.models import Need

    need = services.need_create(actor=world.users["superuser"], community=community,
                                title=title, category="health")
    Need.objects.filter(pk=need.pk).update(status=status)
    return need


def agreement_of(world, community, *, ends_on, name="甲共建单位"):
    from gongzhi.organisations import services

    root = world.users["superuser"]
    unit = services.unit_create(actor=root, community=community, name=name, kind="bank")
    return services.agreement_create(actor=root, unit=unit, title=f"{name}协议",
                                     starts_on=ends_on - datetime.timedelta(days=365),
                                     ends_on=ends_on)
