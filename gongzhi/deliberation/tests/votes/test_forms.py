"""Opening a vote: the unit it is for is picked from the building's units, never typed."""

import pytest
from django.urls import reverse

from gongzhi.deliberation.models import Vote

pytestmark = pytest.mark.django_db


def form_data(world, **extra):
    return {"building": world.building_a1.pk, "title": "加装电梯", "elevator": "on",
            "closes_on": "2030-01-01", "cost_total": "0", "cost_scheme": "area", **extra}


def test_vote_form_lists_units_and_saves_the_chosen_one(client, world):
    # given
    client.force_login(world.users["staff_a"])
    # when
    html = client.get(reverse("deliberation:vote_create")).content.decode()
    response = client.post(reverse("deliberation:vote_create"),
                           form_data(world, unit=world.unit_a1.pk))
    # then
    assert f'data-building="{world.building_a1.pk}">甲楼一号 1单元</option>' in html
    assert response.status_code == 302
    assert Vote.objects.get().unit == world.unit_a1


def test_vote_form_refuses_a_unit_of_another_building(client, world):
    # given
    client.force_login(world.users["staff_a"])
    # when
    response = client.post(reverse("deliberation:vote_create"),
                           form_data(world, unit=world.flat_a2.unit_id))
    # then
    assert "所选单元不属于该楼栋。" in response.content.decode()
    assert Vote.objects.count() == 0
