"""Logging a visit: by the household's helper or staff, goods leaving stock in the same step,
all or nothing."""

import datetime

import pytest

from gongzhi.care.supplies.ledger import OutOfStock
from gongzhi.care.supplies.models import Movement, Stock, Store
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.visits import services
from gongzhi.care.visits.models import Visit
from gongzhi.core.errors import NotFound, ValidationFailed

DAY = datetime.date(2026, 3, 10)


def stock(care, item):
    return Stock.objects.get(store=care.store, item=item).quantity


@pytest.mark.django_db
def test_staff_log_a_visit_with_goods_and_stock_leaves_in_the_same_step(world):
    care = care_of_a(world)
    # when staff log a home visit giving two bags of rice from the store
    visit = services.visit_record(
        actor=world.users["staff_a"], household=care.household, visited_on=DAY,
        visitors="甲住户", found="血压平稳", store=care.store, goods=[(care.rice, 2)],
        today=DAY)
    # then the rice left stock with the visit named
    assert visit.given == "大米2袋"
    assert stock(care, care.rice) == 18
    issue = Movement.objects.get(visit=visit)
    assert (issue.kind, issue.quantity, issue.household) == ("issue", -2, care.household)


@pytest.mark.django_db
def test_a_helper_visit_is_under_their_pairing_and_gives_nothing_from_the_store(world):
    care = care_of_a(world)
    visit = services.visit_record(actor=world.users["resident_a"], household=care.household,
                                  visited_on=DAY, found="血压平稳", today=DAY)
    assert visit.pairing == care.pairing_volunteer
    with pytest.raises(ValidationFailed):
        services.visit_record(actor=world.users["resident_a"], household=care.household,
                              visited_on=DAY, store=care.store, goods=[(care.rice, 20)],
                              today=DAY)
    assert stock(care, care.rice) == 20 and Visit.objects.count() == 1


@pytest.mark.django_db
def test_a_stopped_store_gives_nothing(world):
    care = care_of_a(world)
    Store.objects.filter(pk=care.store.pk).update(is_active=False)
    with pytest.raises(services.StoreInactive):
        services.visit_record(actor=world.users["staff_a"], household=care.household,
                              visited_on=DAY, store=care.store, goods=[(care.rice, 1)],
                              today=DAY)
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_short_stock_refuses_the_whole_visit(world):
    care = care_of_a(world)
    with pytest.raises(OutOfStock):
        services.visit_record(actor=world.users["staff_a"], household=care.household,
                              visited_on=DAY, store=care.store,
                              goods=[(care.rice, 2), (care.masks, 11)], today=DAY)
    assert not Visit.objects.exists()
    assert (stock(care, care.rice), stock(care, care.masks)) == (20, 10)


@pytest.mark.django_db
def test_someone_not_paired_cannot_log_a_visit_nor_learn_the_household_exists(world):
    care = care_of_a(world)
    with pytest.raises(NotFound):
        services.visit_record(actor=world.users["resident_a"], household=care.unpaired,
                              visited_on=DAY, today=DAY)


@pytest.mark.django_db
def test_a_visit_in_the_future_is_refused(world):
    care = care_of_a(world)
    with pytest.raises(ValidationFailed):
        services.visit_record(actor=world.users["staff_a"], household=care.household,
                              visited_on=DAY + datetime.timedelta(days=1), today=DAY)
