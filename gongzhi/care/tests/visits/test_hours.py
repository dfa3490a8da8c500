"""A visit's hours enter the visitor's volunteer ledger when staff confirm them, once."""

from decimal import Decimal

import pytest

from gongzhi.activities.models import HoursEntry
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits import services
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied


@pytest.mark.django_db
def test_staff_confirm_a_helpers_visit_hours_into_their_ledger_once(world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, hours="1.5")
    # when staff confirm the hours
    services.visit_hours_confirm(actor=world.users["staff_a"], visit=visit)
    # then resident_a's volunteer ledger has a 1.5 hour row named after the visit
    entry = HoursEntry.objects.get(source=f"care.visit:{visit.pk}")
    assert (entry.volunteer, entry.hours, entry.served_on) == (
        care.volunteering.resident, Decimal("1.5"), visit.visited_on)
    visit.refresh_from_db()
    assert visit.hours_entry == entry
    # and a second confirmation is refused, nothing added
    with pytest.raises(Conflict):
        services.visit_hours_confirm(actor=world.users["staff_a"], visit=visit)
    assert HoursEntry.objects.filter(source=f"care.visit:{visit.pk}").count() == 1


@pytest.mark.django_db
def test_two_confirmations_of_one_visit_from_stale_copies_record_it_once(world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, hours=2)
    # given two pages loaded before either confirmed (each holds the visit unconfirmed)
    first, second = (type(visit).objects.get(pk=visit.pk) for _i in range(2))
    services.visit_hours_confirm(actor=world.users["staff_a"], visit=first)
    # when the second arrives, then it is refused (the service locks and reads afresh)
    with pytest.raises(Conflict):
        services.visit_hours_confirm(actor=world.users["secretary_a"], visit=second)
    assert HoursEntry.objects.filter(source=f"care.visit:{visit.pk}").count() == 1


@pytest.mark.django_db
def test_a_visit_by_staff_or_a_unit_has_no_ledger_to_confirm_into(world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, actor="staff_a", hours=1)
    assert visit.pairing is None
    with pytest.raises(Conflict):
        services.visit_hours_confirm(actor=world.users["staff_a"], visit=visit)
    assert not HoursEntry.objects.filter(source__startswith="care.visit:").exists()


@pytest.mark.django_db
def test_the_helper_may_not_confirm_their_own_hours_nor_other_staff(world):
    care = care_of_a(world)
    visit = visit_of(world, care.household, hours=1)
    with pytest.raises(PermissionDenied):
        services.visit_hours_confirm(actor=world.users["resident_a"], visit=visit)
    with pytest.raises(NotFound):
        services.visit_hours_confirm(actor=world.users["staff_b"], visit=visit)
    assert not HoursEntry.objects.filter(source__startswith="care.visit:").exists()
