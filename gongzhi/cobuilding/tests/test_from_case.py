"""A resident request the community cannot solve alone becomes a co-building need."""

import pytest

from gongzhi.cobuilding import services
from gongzhi.cobuilding.models import Need
from gongzhi.core.errors import DomainError, NotFound
from gongzhi.core.tests.scope_routes import case_of_a


def test_staff_turn_a_request_into_a_need_linked_both_ways(client, world):
    case = case_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(f"/casework/{case.pk}/").content.decode()
    assert 'data-testid="convert-to-need"' in page
    response = client.post(f"/cobuilding/needs/from-case/{case.pk}/", {"category": "safety"})
    need = Need.objects.get(source_case=case)
    assert response["Location"] == f"/cobuilding/needs/{need.pk}/"
    assert (need.community_id, need.category, need.description) == (
        world.community_a.pk, "safety", "甲*民反映楼上深夜噪音")  # the reporter masked
    # the need names its request, the request lists its need
    assert f"/casework/{case.pk}/" in client.get(response["Location"]).content.decode()
    page = client.get(f"/casework/{case.pk}/").content.decode()
    assert need.title in page and 'data-testid="convert-to-need"' not in page


def test_a_request_becomes_a_need_once(world):
    case = case_of_a(world)
    services.need_create_from_case(actor=world.users["staff_a"], case=case)
    with pytest.raises(DomainError):
        services.need_create_from_case(actor=world.users["staff_a"], case=case)
    assert Need.objects.filter(source_case=case).count() == 1


def test_staff_of_another_community_cannot_convert(world):
    with pytest.raises(NotFound):
        services.need_create_from_case(actor=world.users["staff_b"], case=case_of_a(world))
    assert not Need.objects.filter(source_case__isnull=False).exists()
