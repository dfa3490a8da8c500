"""Reporting a problem: the resident's own building and unit come preselected, and the unit is
picked from the list of the building's units (places.forms.UnitChoiceField), never typed."""

import re

import pytest
from django.urls import reverse

from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import category

pytestmark = pytest.mark.django_db


def selected(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\d+)"[^>]*selected', select)


def test_resident_finds_their_own_building_and_unit_preselected(client, world):
    # given resident_a lives in flat a2 (building a2, its unit 1)
    client.force_login(world.users["resident_a"])
    # when
    html = client.get(reverse("casework:case_create")).content.decode()
    # then
    assert selected(html, "building") == [str(world.building_a2.pk)]
    assert selected(html, "unit") == [str(world.flat_a2.unit_id)]


def test_staff_get_no_preselection_and_units_follow_their_building(client, world):
    # given
    client.force_login(world.users["staff_a"])
    # when
    html = client.get(reverse("casework:case_create")).content.decode()
    # then nothing is chosen for them, and each unit names its building
    assert selected(html, "building") == [] and selected(html, "unit") == []
    assert 'data-unit-of="id_building"' in html
    assert (f'<option value="{world.unit_a1.pk}" data-building="{world.building_a1.pk}">'
            f'甲楼一号 1单元</option>') in html


def test_a_unit_of_another_building_is_refused_and_nothing_is_saved(client, world):
    # given
    client.force_login(world.users["resident_a"])
    # when the unit of building a1 is posted with building a2
    response = client.post(reverse("casework:case_create"), {
        "category": category(world.community_a).pk, "building": world.building_a2.pk,
        "unit": world.unit_a1.pk, "description": "楼道灯坏了"})
    # then
    assert response.status_code == 200
    assert "所选单元不属于该楼栋。" in response.content.decode()
    assert Case.objects.count() == 0


def test_resident_reports_with_their_unit(client, world):
    # given
    client.force_login(world.users["resident_a"])
    # when
    response = client.post(reverse("casework:case_create"), {
        "category": category(world.community_a).pk, "building": world.building_a2.pk,
        "unit": world.flat_a2.unit_id, "description": "楼道灯坏了"})
    # then
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.building_id, case.unit_id) == (world.building_a2.pk, world.flat_a2.unit_id)
