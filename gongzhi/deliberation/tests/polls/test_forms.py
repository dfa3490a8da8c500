"""Opening a poll for one unit: the unit is picked from the building's units, never typed."""

import pytest
from django.urls import reverse

from gongzhi.deliberation.models import Poll

pytestmark = pytest.mark.django_db


def form_data(world, **extra):
    return {"community": world.community_a.pk, "building": world.building_a1.pk,
            "title": "楼道装灯", "kind": "yes_no", "closes_on": "2030-01-01", "quorum": "1/2",
            "majority": "1/2", "publicity_days": "7", **extra}


def test_poll_form_lists_units_and_saves_the_chosen_one(client, world):
    # given a staff member of community A
    client.force_login(world.users["staff_a"])

    # when they open the form and choose unit 1 of building A1
    html = client.get(reverse("deliberation:poll_create")).content.decode()
    response = client.post(reverse("deliberation:poll_create"),
                           form_data(world, unit=world.unit_a1.pk))

    # then the unit was offered from a list, and the poll is for it
    assert f'data-building="{world.building_a1.pk}">甲楼一号 1单元</option>' in html
    assert 'name="unit_number"' not in html
    assert response.status_code == 302
    assert Poll.objects.get().unit == world.unit_a1


def test_poll_form_refuses_a_unit_of_another_building(client, world):
    # given a staff member of community A
    client.force_login(world.users["staff_a"])

    # when they send a unit of building A2 with building A1
    response = client.post(reverse("deliberation:poll_create"),
                           form_data(world, unit=world.flat_a2.unit_id))

    # then the form says so and no poll exists
    assert "所选单元不属于该楼栋。" in response.content.decode()
    assert Poll.objects.count() == 0
