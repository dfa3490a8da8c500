"""Review: a public topic (notified onwards) must not tell other residents who proposed it,
who was invited or who signed in (DOMAIN_RULES: never publish personal data)."""

import pytest
from django.urls import reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.deliberation.tests.topics.factories import meeting_of, topic_of_a
from gongzhi.deliberation.topics import services
from gongzhi.deliberation.topics.choices import TopicStatus as S

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def proposer(world):
    return user_with_role(Role.RESIDENT, world.community_a, username="proposer_a",
                          display_name="黎提议人")


@pytest.fixture
def neighbour(world):
    return user_with_role(Role.RESIDENT, world.community_a, username="neighbour_a",
                          display_name="邻居乙")


def test_other_residents_do_not_see_who_proposed_a_public_topic(client, world, proposer,
                                                                neighbour):
    from gongzhi.accounts.services import api_token_create

    topic = topic_of_a(world, status=S.NOTIFIED, proposer=proposer)
    client.force_login(neighbour)
    html = client.get(reverse("deliberation:topic_detail", args=[topic.pk])).content.decode()
    assert "甲社区小巷微改造" in html
    assert "黎提议人" not in html and "proposer_a" not in html
    token = api_token_create(user=neighbour).token
    steps = client.get(f"/api/v1/deliberation/topics/{topic.pk}/steps",
                       headers={"Authorization": f"Bearer {token}"}).json()
    assert all(step["actor_id"] != proposer.pk for step in steps)
    # staff who screen it still see who proposed it
    client.force_login(world.users["staff_a"])
    html = client.get(reverse("deliberation:topic_detail", args=[topic.pk])).content.decode()
    assert "黎提议人" in html


def test_other_residents_do_not_see_who_was_invited_or_signed_in(client, world, neighbour):
    from gongzhi.accounts.services import api_token_create

    resident = world.users["resident_a"]
    resident.display_name = "甲受邀居民"
    resident.save(update_fields=["display_name"])
    topic = topic_of_a(world, status=S.ACCEPTED)
    meeting = meeting_of(world, topic)
    services.meeting_notify(actor=world.users["staff_a"], meeting=meeting)
    services.sign_in_self(actor=resident, meeting=meeting)
    services.sign_in_record(actor=world.users["staff_a"], meeting=meeting, name="丁到场居民")
    client.force_login(neighbour)
    html = client.get(reverse("deliberation:meeting_detail", args=[meeting.pk])).content.decode()
    assert "小巷微改造议事会" in html
    for name in ("甲受邀居民", "丁到场居民"):
        assert name not in html
    token = api_token_create(user=neighbour).token
    body = client.get(f"/api/v1/deliberation/meetings/{meeting.pk}",
                      headers={"Authorization": f"Bearer {token}"}).json()
    assert "甲受邀居民" not in str(body["invitees"])
    # the invitee still sees their own sign-in button; staff see the whole sheet
    client.force_login(world.users["staff_a"])
    html = client.get(reverse("deliberation:meeting_detail", args=[meeting.pk])).content.decode()
    assert "甲受邀居民" in html and "丁到场居民" in html


def test_the_api_steps_hide_an_unpublished_outcome_from_residents(client, world, neighbour):
    from gongzhi.accounts.services import api_token_create

    topic = topic_of_a(world, status=S.DECIDED)
    token = api_token_create(user=neighbour).token
    steps = client.get(f"/api/v1/deliberation/topics/{topic.pk}/steps",
                       headers={"Authorization": f"Bearer {token}"}).json()
    assert steps and all("同意微改造" not in step["note"] for step in steps)


def test_documents_of_an_unpublished_outcome_stay_with_the_committee(client, world, neighbour):
    from gongzhi.deliberation.tests.topics.factories import pdf

    topic = topic_of_a(world, status=S.DELIBERATING)
    services.topic_record_outcome(actor=world.users["staff_a"], topic=topic,
                                  outcome="同意微改造", votes_for=7, votes_against=0,
                                  votes_abstain=0, documents=[pdf("表决记录.pdf")])
    document = topic.documents.get(name="表决记录.pdf")
    url = reverse("deliberation:topic_document", args=[document.pk])
    client.force_login(neighbour)
    html = client.get(reverse("deliberation:topic_detail", args=[topic.pk])).content.decode()
    assert "表决记录.pdf" not in html
    assert client.get(url).status_code == 404
    client.force_login(world.users["staff_a"])
    assert client.get(url).status_code == 200
    # once published, residents see it
    topic.refresh_from_db()
    services.topic_publish(actor=world.users["staff_a"], topic=topic)
    client.force_login(neighbour)
    assert client.get(url).status_code == 200
