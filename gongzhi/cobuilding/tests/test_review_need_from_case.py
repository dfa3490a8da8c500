"""Review: a request turned into a co-building need reaches partner units (matches on their
portal, project pages): the reporter's name and phone must be masked, as for topics and posts."""

import pytest
from django.urls import reverse

from gongzhi.casework import services as case_services
from gongzhi.casework.tests.factories import category
from gongzhi.cobuilding import services
from gongzhi.cobuilding.models import Resource
from gongzhi.cobuilding.tests.factories import partner_contact
from gongzhi.organisations.models import PartnerUnit

pytestmark = pytest.mark.django_db


def test_a_need_from_a_request_masks_the_reporter_for_the_partner_unit(client, world):
    case = case_services.case_report(
        actor=world.users["staff_a"],
        category=category(world.community_a, name="楼道灯不亮", group="facility"),
        building=world.building_a1,
        description="甲居民（电话 13800138001）反映：楼道灯坏了，需要电工",
        reporter=world.person_a)
    need = services.need_create_from_case(actor=world.users["staff_a"], case=case)
    assert "甲居民" not in need.description and "13800138001" not in need.description
    assert "楼道灯坏了" in need.description
    unit = PartnerUnit.objects.create(community=world.community_a, name="甲电力公司",
                                      kind="other")
    resource = Resource.objects.create(community=world.community_a, unit=unit,
                                       title="电工上门", kind="skills", category="other")
    services.match_propose(actor=world.users["staff_a"], need=need, resource=resource)
    client.force_login(partner_contact(world.community_a, unit, "power_contact"))
    html = client.get(reverse("cobuilding:partner_home")).content.decode()
    assert "楼道灯坏了" in html
    assert "甲居民" not in html and "13800138001" not in html
