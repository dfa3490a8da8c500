"""The public portal: readable without logging in; only published articles whose time has come;
and nowhere a resident's name, phone or ID number, on any page a visitor can reach."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from gongzhi.conftest import ID_A, ID_B, ID_RESIDENT_A
from gongzhi.portal.tests.public.factories import portal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(world):
    return portal_world(world)


def test_every_level_answers_anonymous_with_breadcrumbs(client, world, portal):
    # given nobody logged in
    # when they open the home, district, street and community pages
    pages = [reverse("portal:home"),
             reverse("portal:district", args=[world.district.code]),
             reverse("portal:street", args=[world.street.code]),
             reverse("portal:community", args=[world.community_a.pk])]
    for url in pages:
        response = client.get(url)
        # then each answers 200
        assert response.status_code == 200, url
    # and the community page's breadcrumbs lead 首页 > 区 > 街道 > 社区
    html = client.get(pages[-1]).content.decode()
    crumbs = re.search(r'data-testid="breadcrumbs">(.*?)</ol>', html, re.S).group(1)
    positions = [crumbs.index(text) for text in ("首页", "甲区", "甲街", "甲社区")]
    assert positions == sorted(positions)
    assert 'aria-current="page">甲社区<' in crumbs


def test_community_page_shows_each_section(client, world, portal):
    # given community A with something in every section
    # when a visitor opens its page
    html = client.get(reverse("portal:community", args=[world.community_a.pk])).content.decode()
    # then the profile, honours, partner units (name and kind only), the published article, the
    # vote and poll in publicity with their deadline, the resolved problem, the upcoming
    # activity and the finished project with its rating are there
    for text in ("甲荣誉", "甲共建单位", "银行", "甲社区义诊进小区", "甲楼二号外墙维修",
                 "甲楼晾衣架位置", "欢迎提出异议", "楼道灯不亮", "已更换楼道灯", "甲社区义诊",
                 "甲社区活动室", "甲共建项目", "开展防骗讲座三场", "4.0"):
        assert text in html, text
    # and nothing that is not public: a draft, a scheduled or a withdrawn article, a dispute,
    # an open request, a draft activity, the liaison's name and phone, a resident's comment
    for text in ("草稿：楼道清理", "下周停水通知", "已撤回的通知", "邻里噪音纠纷", "已调解",
                 "甲住户家门口", "草稿活动", "甲联络人", "13600136004", "甲住户觉得很有用"):
        assert text not in html, text
    # and the page links its Atom feed
    feed = reverse("portal:community_feed", args=[world.community_a.pk])
    assert f'rel="alternate" type="application/atom+xml" href="{feed}"' in html


def test_only_published_and_due_articles_open(client, world, portal):
    # given a published article, and a draft, a scheduled and a withdrawn one
    # when a visitor opens each, then the published one answers 200 and the others 404
    assert client.get(reverse("portal:article",
                              args=[portal.articles.published_a.pk])).status_code == 200
    for row in (portal.articles.draft_a, portal.articles.scheduled_a, portal.withdrawn):
        assert client.get(reverse("portal:article", args=[row.pk])).status_code == 404, row.title


def test_series_and_street_pages_list_the_street_article(client, world, portal):
    # given the street's series with its profile article
    # when a visitor opens the series and the street page
    series = client.get(reverse("portal:series", args=[portal.articles.series.pk]))
    street = client.get(reverse("portal:street", args=[world.street.code])).content.decode()
    # then both list it, and the street page lists its communities and the series
    assert "走进甲社区" in series.content.decode()
    assert "走进甲社区" in street and "社区风采" in street and "乙社区" in street
    assert "草稿：楼道清理" not in street


def test_atom_feeds_list_published_articles_only(client, world, portal):
    # given the articles of community A and of the street
    # when a reader fetches the feeds
    community = client.get(reverse("portal:community_feed", args=[world.community_a.pk]))
    street = client.get(reverse("portal:street_feed", args=[world.street.code]))
    # then they are Atom, with the published articles only
    assert community["Content-Type"].startswith("application/atom+xml")
    body = community.content.decode()
    assert "<feed" in body and "甲社区义诊进小区" in body
    assert "草稿：楼道清理" not in body and "下周停水通知" not in body and "已撤回" not in body
    assert "走进甲社区" in street.content.decode()


def test_unknown_places_answer_404(client, world):
    # given codes and ids that do not exist, when a visitor opens them, then 404
    for url in (reverse("portal:district", args=["nope"]), reverse("portal:street", args=["0"]),
                reverse("portal:community", args=[999999]),
                reverse("portal:community_problems", args=[999999]),
                reverse("portal:series", args=[999999])):
        assert client.get(url).status_code == 404, url


def test_logged_in_resident_gets_a_rating_link_on_the_projects_page(client, world, portal):
    # given a resident of A (who may rate finished projects) and an anonymous visitor
    url = reverse("portal:community_projects", args=[world.community_a.pk])
    rate = reverse("cobuilding:project_evaluate", args=[portal.project.pk])
    # when each opens the projects page
    anonymous = client.get(url).content.decode()
    client.force_login(world.users["resident_a"])
    resident = client.get(url).content.decode()
    # then only the resident sees the 评价 link
    assert rate not in anonymous and rate in resident


# ---- the crawl: no personal data anywhere -------------------------------------------------

PERSONAL = ["甲居民", "甲住户", "乙居民", "甲联络人", "13800138001", "13900139002",
            "13700137003", "13600136004", ID_A[:14], ID_RESIDENT_A[:14], ID_B[:14], "resident_a",
            "甲住户觉得很有用"]


def crawl(client, start="/portal/"):
    """Every page under /portal/ reachable from the home page by links, as anonymous."""
    seen, queue, pages = set(), [start], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        body = response.content.decode()
        pages[url] = body
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"#]+)', body):
            target = urljoin(url, href.replace("&amp;", "&"))
            if urlsplit(target).netloc:
                continue
            if target.startswith("/portal/") and target not in seen:
                queue.append(target)
    return pages


def test_crawl_of_the_portal_finds_no_personal_data(client, world, portal):
    # given the world's residents (with names, phones and ID numbers), their requests,
    # ballots, objections and ratings, and community A's public sections
    # when an anonymous visitor follows every link within /portal/
    pages = crawl(client)
    # then they reached every kind of page, feeds included
    for name, args in (("community", [world.community_a.pk]),
                       ("community_problems", [world.community_a.pk]),
                       ("community_projects", [world.community_a.pk]),
                       ("community_activities", [world.community_a.pk]),
                       ("article", [portal.articles.published_a.pk]),
                       ("series", [portal.articles.series.pk]),
                       ("street", [world.street.code]),
                       ("district", [world.other_district.code]),
                       ("community_feed", [world.community_a.pk])):
        assert reverse(f"portal:{name}", args=args) in pages, name
    # and no page holds a resident's name, phone or ID number
    for url, body in pages.items():
        for text in PERSONAL:
            assert text not in body, f"{text} on {url}"
