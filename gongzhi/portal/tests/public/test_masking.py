"""The public portal shows no personal data in free text: the reporter's name in a closed
request's answer, phones and ID numbers in titles, summaries, places and option labels."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.casework import services as casework_services
from gongzhi.casework.tests.factories import category
from gongzhi.cobuilding import services as cobuilding_services
from gongzhi.core.tests.scope_routes import cobuilding_of_a
from gongzhi.deliberation.topics.models import Topic

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """A page's HTML, or an API answer's JSON with its Chinese unescaped."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _closed(world, case, answer):
    staff, handler = world.users["staff_a"], world.users["grid_a1"]
    casework_services.case_dispatch(actor=staff, case=case, handler=handler)
    casework_services.case_accept(actor=handler, case=case)
    casework_services.case_answer(actor=handler, case=case, answer=answer)
    casework_services.case_follow_up(actor=staff, case=case, is_solved=True, is_satisfied=True)
    return case


def test_public_board_masks_the_reporters_name_in_the_answer(client, world):
    # given a closed request whose answer names its reporter (甲居民) and a phone
    light = category(world.community_a, name="楼道灯不亮", group="facility")
    _closed(world, casework_services.case_report(
        actor=world.users["staff_a"], category=light, building=world.building_a1,
        description="三楼楼道灯坏了", reporter=world.person_a),
        "已联系甲居民 13800138001，更换楼道灯")
    # when anyone reads the board, the community page and the API
    bodies = [_text(client.get(url)) for url in (
        reverse("portal:community_problems", args=[world.community_a.pk]),
        reverse("portal:community", args=[world.community_a.pk]),
        f"/api/v1/portal/communities/{world.community_a.pk}/problems",
        f"/api/v1/portal/communities/{world.community_a.pk}")]
    # then the answer is there, without the name or the phone
    for body in bodies:
        assert "更换楼道灯" in body
        assert "甲居民" not in body
        assert "13800138001" not in body


def test_public_project_summary_and_outcome_title_are_masked(client, world):
    # given a finished project whose summary and a published topic whose title carry phones
    cobuilding_of_a(world)
    cobuilding_services.project_publish(
        actor=world.users["staff_a"], project=world.project_a, result="讲座三场",
        summary="联系人 13800138001")
    Topic.objects.create(community=world.community_a, title="3楼噪音 电话13900139002",
                         description="x", status="published", proposer=world.users["staff_a"],
                         published_at=timezone.now(), outcome="同意")
    # when anyone reads the pages and the API
    for url in (reverse("portal:community_projects", args=[world.community_a.pk]),
                reverse("portal:community_outcomes", args=[world.community_a.pk]),
                reverse("portal:community", args=[world.community_a.pk]),
                f"/api/v1/portal/communities/{world.community_a.pk}"):
        body = _text(client.get(url))
        # then neither phone is shown
        assert "13800138001" not in body, url
        assert "13900139002" not in body, url
    # and the rows are there, masked
    assert "138****8001" in client.get(
        reverse("portal:community_projects", args=[world.community_a.pk])).content.decode()
    assert "139****9002" in client.get(
        reverse("portal:community_outcomes", args=[world.community_a.pk])).content.decode()
