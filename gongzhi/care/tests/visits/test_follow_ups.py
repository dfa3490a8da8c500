"""A visit's follow-up becomes a resident request or a co-building need, linked not copied,
or is marked done; by the register's staff, once."""

import pytest

from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits import services
from gongzhi.care.visits.models import Visit
from gongzhi.casework.choices import Channel
from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import category
from gongzhi.cobuilding.models import Need
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied


@pytest.fixture
def visit(world):
    care = care_of_a(world)
    return visit_of(world, care.household, follow_up="厨房水管漏水，需要维修")


@pytest.mark.django_db
def test_staff_turn_a_follow_up_into_a_walk_in_request_the_visit_links(world, visit):
    # when staff turn the follow-up into a request
    services.follow_up_to_case(actor=world.users["staff_a"], visit=visit,
                               category=category(world.community_a))
    # then casework has a walk-in request for the resident, in their building, and the visit
    # links to it; the request says nothing of the household's difficulty
    visit.refresh_from_db()
    case = Case.objects.get()
    assert (visit.case, visit.follow_up_status) == (case, "case")
    assert (case.channel, case.reporter, case.building) == (
        Channel.WALK_IN, world.person_a, world.flat_a1.building)
    assert case.description.startswith("厨房水管漏水，需要维修（入户走访时反映")
    assert "血压" not in case.description


@pytest.mark.django_db
def test_staff_turn_a_follow_up_into_a_need_that_names_no_one(world, visit):
    services.follow_up_to_need(actor=world.users["staff_a"], visit=visit, category="hardship",
                               title="独居老人厨房维修")
    visit.refresh_from_db()
    need = Need.objects.get()
    assert (visit.need, visit.follow_up_status) == (need, "need")
    assert (need.title, need.description) == ("独居老人厨房维修", "厨房水管漏水，需要维修")
    assert world.person_a.name not in need.description + need.title + need.affected


@pytest.mark.django_db
def test_a_follow_up_dealt_with_cannot_be_converted_again(world, visit):
    services.follow_up_done(actor=world.users["staff_a"], visit=visit)
    with pytest.raises(Conflict):
        services.follow_up_to_need(actor=world.users["staff_a"], visit=visit,
                                   category="hardship")
    visit.refresh_from_db()
    assert (visit.follow_up_status, visit.need, Need.objects.count()) == ("done", None, 0)


@pytest.mark.django_db
def test_the_helper_may_not_convert_and_an_outsider_learns_nothing(world, visit):
    # the helper sees the visit but may not act on it: forbidden
    with pytest.raises(PermissionDenied):
        services.follow_up_done(actor=world.users["resident_a"], visit=visit)
    # staff of another community: not found
    with pytest.raises(NotFound):
        services.follow_up_to_case(actor=world.users["staff_b"], visit=visit,
                                   category=category(world.community_a))
    assert Visit.objects.get(pk=visit.pk).follow_up_status == "open"
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_visit_without_follow_up_has_nothing_to_convert(world):
    care = care_of_a(world)
    visit = visit_of(world, care.household)
    assert visit.follow_up_status == ""
    with pytest.raises(Conflict):
        services.follow_up_done(actor=world.users["staff_a"], visit=visit)
