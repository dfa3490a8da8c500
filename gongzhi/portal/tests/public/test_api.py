"""The public portal's API: anonymous reads of a community's page and of published articles,
with the same rows as the pages and no personal data."""

import pytest

from gongzhi.portal.tests.public.factories import portal_world
from gongzhi.portal.tests.public.test_pages import PERSONAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(world):
    return portal_world(world)


def test_community_reads_anonymously_with_its_sections(client, world, portal):
    # given nobody logged in (no token)
    # when they read community A
    response = client.get(f"/api/v1/portal/communities/{world.community_a.pk}")
    # then they get its profile and the first rows of each public section
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "甲社区" and data["street"] == "甲街"
    assert [h["title"] for h in data["honours"]] == ["甲荣誉"]
    assert data["partner_units"] == [{"name": "甲共建单位", "kind": "bank"}]
    assert [a["title"] for a in data["news"]] == ["甲社区义诊进小区"]
    assert data["notices"] == []  # the notice is scheduled for tomorrow
    assert {p["title"] for p in data["publicity"]} == {"甲楼二号外墙维修", "甲楼晾衣架位置"}
    assert [p["answer"] for p in data["problems"]] == ["已更换楼道灯"]
    assert [a["title"] for a in data["activities"]] == ["甲社区义诊"]
    assert data["projects"][0]["rating_average"] == 4.0
    # and nothing personal anywhere in the answer
    body = response.content.decode()
    for text in PERSONAL:
        assert text not in body, text


def test_only_published_and_due_articles_read(client, world, portal):
    # given a published article and a draft, a scheduled and a withdrawn one
    published = client.get(f"/api/v1/portal/public-articles/{portal.articles.published_a.pk}")
    # then the published one reads, with its sanitised body
    assert published.status_code == 200
    assert published.json()["body_html"] == "<p>社区卫生服务中心的医生为居民量血压。</p>"
    # and the others are not found
    for row in (portal.articles.draft_a, portal.articles.scheduled_a, portal.withdrawn):
        assert client.get(f"/api/v1/portal/public-articles/{row.pk}").status_code == 404, row.title
    # and the list holds the published ones only
    listed = client.get("/api/v1/portal/public-articles",
                        {"street_code": world.street.code}).json()["items"]
    assert {row["title"] for row in listed} == {"甲社区义诊进小区", "走进甲社区"}


def test_unknown_community_is_not_found(client, world):
    assert client.get("/api/v1/portal/communities/999999").status_code == 404
    assert client.get("/api/v1/portal/communities/999999/problems").status_code == 404
