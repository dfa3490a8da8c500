"""The demo's portal: the street's series 社区风采 with a published profile of 永泰社区 (and of
the street's other communities), a year of 永泰社区's news and notices, one scheduled, one in
review and one draft; no demo resident's name or phone number in any of it; seeding again
adds nothing."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.core import crypto
from gongzhi.demo.accounts import seed_accounts
from gongzhi.demo.people import seed_people
from gongzhi.demo.places import seed_places
from gongzhi.demo.portal import PROFILE_TITLE, SERIES_TITLE, seed_portal
from gongzhi.people.models import Person
from gongzhi.places.models import Community
from gongzhi.portal.articles.choices import ArticleKind, ArticleStatus
from gongzhi.portal.articles.models import Article, Series
from gongzhi.portal.articles.sanitising import clean_html, plain_text
from gongzhi.portal.articles.selectors import public_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_places():
    places = seed_places()
    seed_accounts(places)
    seed_portal(places)
    return places


def test_the_street_series_has_the_published_profile_of_yongtai(demo_places):
    # given the demo portal
    street, yongtai = demo_places["street"], demo_places["yongtai"]
    # when the street's series 社区风采 is read
    series = Series.objects.get(street=street, title=SERIES_TITLE)
    profile = Article.objects.get(community=yongtai, title=PROFILE_TITLE)
    # then the profile is in it, published, public now, written and approved by the street
    assert series.community_id is None
    assert profile.series_id == series.pk
    assert profile.kind == ArticleKind.PROFILE
    assert profile.status == ArticleStatus.PUBLISHED
    assert profile in public_articles(community=yongtai)
    assert profile.author.username == "street_admin"
    assert profile.reviewer.username == "street_admin"
    # and it gives the report's figures, the honours and the partner units, as clean HTML
    text = plain_text(profile.body_html)
    for fact in ["0.2 平方公里", "4400", "900", "40 栋", "广州市幸福社区（2015 年）",
                 "社区卫生服务中心", "黄花岗公园"]:
        assert fact in text
    assert clean_html(profile.body_html) == profile.body_html
    assert "<h2>" in profile.body_html and "<ul>" in profile.body_html
    assert "\n" not in profile.body_html


def test_every_other_community_of_the_street_has_a_short_profile_in_the_series(demo_places):
    # given the street's communities in the demo
    street, yongtai = demo_places["street"], demo_places["yongtai"]
    others = Community.objects.filter(street=street).exclude(pk=yongtai.pk)
    # when the series' articles are read
    profiled = set(Article.objects.filter(series__street=street, series__title=SERIES_TITLE,
                                          status=ArticleStatus.PUBLISHED)
                   .values_list("community_id", flat=True))
    # then each community has one, 永泰社区 included
    assert profiled == {yongtai.pk, *others.values_list("pk", flat=True)}
    assert others.count() == 14


def test_no_demo_resident_name_or_phone_appears_in_any_article(demo_places):
    # given the demo residents' names and phone numbers
    seed_people(demo_places["yongtai"])
    people = Person.objects.filter(community=demo_places["yongtai"])
    names = set(people.values_list("name", flat=True))
    phones = {crypto.decrypt(value) for value in
              people.exclude(phone_encrypted="").values_list("phone_encrypted", flat=True)}
    assert len(names) > 100 and len(phones) > 100
    # when every article's title, summary and text are read
    for article in Article.objects.all():
        text = " ".join([article.title, article.summary, plain_text(article.body_html)])
        # then none of them is there
        assert not [name for name in names if name in text], article.title
        assert not [phone for phone in phones if phone in text], article.title


def test_the_back_office_has_work_and_one_notice_is_scheduled(demo_places):
    # given the demo portal of 永泰社区
    yongtai = demo_places["yongtai"]
    now = timezone.now()
    articles = Article.objects.filter(community=yongtai)
    # then one article waits for review, one is a draft, one is published for next week
    assert articles.filter(status=ArticleStatus.REVIEW).count() == 1
    assert articles.filter(status=ArticleStatus.DRAFT).count() == 1
    scheduled = articles.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=now)
    assert scheduled.count() == 1
    assert scheduled.get() not in public_articles(community=yongtai)
    # and the published news and notices spread over the past year, written by the staff
    # and approved by the secretary
    past = articles.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now).exclude(
        kind=ArticleKind.PROFILE)
    assert past.filter(kind=ArticleKind.NOTICE).count() >= 3
    assert {article.publish_at.date().replace(day=1) for article in past} >= {
        (now - datetime.timedelta(days=days)).date().replace(day=1) for days in (20, 330)}
    assert set(past.values_list("author__username", "reviewer__username")) == {
        ("yongtai_staff", "yongtai_secretary")}


def test_seeding_the_portal_again_adds_nothing(demo_places):
    # given the demo portal
    before = Article.objects.count(), Series.objects.count()
    # when it is seeded again
    seed_portal(demo_places)
    # then nothing is added
    assert (Article.objects.count(), Series.objects.count()) == before
