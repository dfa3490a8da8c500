import datetime

import pytest
from django.utils import timezone

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.portal.articles import selectors, services
from gongzhi.portal.articles.choices import ArticleStatus
from gongzhi.portal.articles.sanitising import clean_html
from gongzhi.portal.tests.factories import articles_of

pytestmark = pytest.mark.django_db


def test_sanitising_drops_scripts_event_handlers_and_javascript_links():
    # given HTML with a script, an event handler, javascript: and data: links, a foreign image
    dirty = ('<p onclick="steal()" style="color:red">你好<script>alert(1)</script>'
             '<a href="javascript:alert(1)">点我</a><a href="data:text/html,x">数据</a>'
             '<a href="https://www.gov.cn/">政府网</a><img src="/portal/images/7/" onerror="x()">'
             '<img src="https://tracker.example/pixel.gif"><iframe src="/x"></iframe></p>')
    # when it is cleaned
    clean = clean_html(dirty)
    # then only the allowed text, links and the project's own image remain
    for gone in ("script", "alert", "onclick", "style", "javascript:", "data:", "onerror",
                 "tracker.example", "iframe"):
        assert gone not in clean
    assert '<a href="https://www.gov.cn/" rel="noopener noreferrer">政府网</a>' in clean
    assert '<img src="/portal/images/7/">' in clean


def test_article_is_stored_cleaned(world):
    article = services.article_create(actor=world.users["staff_a"], place=world.community_a,
                                      title="  标题  ", body_html="<p>正文<script>x</script></p>")
    assert article.body_html == "<p>正文</p>"
    assert article.title == "标题"
    assert article.summary == "正文"
    assert article.street == world.street


def test_public_articles_are_published_and_due_only(world):
    articles = articles_of(world)
    shown = set(selectors.public_articles(community=world.community_a))
    assert shown == {articles.published_a}
    assert set(selectors.public_articles(street=world.street)) == {articles.published_a,
                                                                   articles.street_news}
    later = timezone.now() + datetime.timedelta(days=2)
    assert articles.scheduled_a in set(selectors.public_articles(community=world.community_a,
                                                                 now=later))


def test_review_cycle_and_wrong_states(world):
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    article = services.article_create(actor=staff, place=world.community_a, title="t",
                                      body_html="<p>b</p>")
    with pytest.raises(Conflict):
        services.article_publish(actor=secretary, article=article)  # not submitted yet
    services.article_submit(actor=staff, article=article)
    with pytest.raises(Conflict):
        services.article_update(actor=staff, article=article, title="x", body_html="<p>y</p>")
    services.article_return(actor=secretary, article=article, note="请补充照片")
    article.refresh_from_db()
    assert (article.status, article.review_note) == (ArticleStatus.DRAFT, "请补充照片")
    services.article_submit(actor=staff, article=article)
    services.article_publish(actor=secretary, article=article)
    services.article_withdraw(actor=secretary, article=article, note="信息有误")
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN
    assert article not in set(selectors.public_articles(community=world.community_a))


def test_who_may_write_and_review(world):
    staff_b, staff_a = world.users["staff_b"], world.users["staff_a"]
    with pytest.raises((NotFound, PermissionDenied)):
        services.article_create(actor=staff_b, place=world.community_a, title="t",
                                body_html="<p>b</p>")
    with pytest.raises((NotFound, PermissionDenied)):
        services.article_create(actor=staff_a, place=world.street, title="t",
                                body_html="<p>b</p>")
    article = services.article_create(actor=staff_a, place=world.community_a, title="t",
                                      body_html="<p>b</p>")
    services.article_submit(actor=staff_a, article=article)
    with pytest.raises(PermissionDenied):  # staff write but do not publish
        services.article_publish(actor=staff_a, article=article)
    services.article_publish(actor=world.users["street_admin"], article=article)


def test_bad_input_changes_nothing(world):
    staff = world.users["staff_a"]
    with pytest.raises(ValidationFailed) as error:
        services.article_create(actor=staff, place=world.community_a, title="",
                                body_html="<script>only</script>")
    assert "body_html" in error.value.detail or "title" in error.value.detail
    article = services.article_create(actor=staff, place=world.community_a, title="t",
                                      body_html="<p>b</p>")
    services.article_submit(actor=staff, article=article)
    with pytest.raises(ValidationFailed):
        services.article_publish(actor=world.users["secretary_a"], article=article,
                                 publish_at=timezone.now() - datetime.timedelta(days=1))
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW
