"""Reads of the portal's articles: what the public sees (published and due, never a draft),
and the back office's lists within the reader's scope."""

from django.db.models import Q
from django.utils import timezone

from gongzhi.portal.articles import rules
from gongzhi.portal.articles.choices import ArticleStatus
from gongzhi.portal.articles.models import Article, Series


def public_articles(*, street=None, community=None, series=None, now=None):
    """Published articles whose time has come. A street's page shows the street's own and its
    communities'; a community's page its own."""
    now = now or timezone.now()
    rows = Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now)
    if community is not None:
        rows = rows.filter(community=community)
    elif street is not None:
        rows = rows.filter(street=street)
    if series is not None:
        rows = rows.filter(series=series)
    return rows.select_related("street", "community", "series", "cover").order_by(
        "-publish_at", "-pk")


def articles_for(actor):
    """The back office's list: articles the actor writes or reviews."""
    condition = Q(pk__in=Article.objects.for_user(actor, rules.WRITE).values("pk")) | Q(
        pk__in=Article.objects.for_user(actor, rules.REVIEW).values("pk"))
    return (Article.objects.filter(condition)
            .select_related("street", "community", "series", "author", "reviewer")
            .order_by("-updated_at", "-pk"))


def series_for(actor):
    condition = Q(pk__in=Series.objects.for_user(actor, rules.WRITE).values("pk")) | Q(
        pk__in=Series.objects.for_user(actor, rules.REVIEW).values("pk"))
    return Series.objects.filter(condition).select_related("street", "community")


def public_series(*, street):
    return Series.objects.filter(street=street).order_by("title")
